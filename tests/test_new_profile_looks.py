"""A new admin's profile for an SIS with no bundled profile (tester57), three mistakes that
published a wrong set at exit 0 with "Next: upload":

- no filters.current_term, though the sections carry their term's dates: next semester's classes
  went out in October, said only as an I274 line in the table (F3);
- a status condition written the "leave out" way, `Status not_equals Withdrawn`, on an export of
  every student ever: the graduates published as students in no class (F5, now P118);
- the district's own study-hall pattern `SH|STDY` also matched inside "English" and "Spanish",
  whose classes were dropped under F406 beside the lunch rows its one example showed (F14, now I223).

Each is now said as "Published, but ..." and the run exits 1 on a first set, and on the first set
after the profile changed; the next night with the same profile exits 0 and still says it. A
profile that means to keep every class says `current_term: {enabled: false}`."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.test_columnar import both_engines
from tests.test_condition_keeps_few import PROFILE as STATUS_PROFILE
from tests.test_html_report import transform
from transform import api
from transform.pipeline import gate
from transform.profile import load

AS_OF = dt.date(2026, 10, 15)
# test_condition_keeps_few's tables, its students' condition one the tests write (STATUS)
TABLES = STATUS_PROFILE[STATUS_PROFILE.index("tables:") :].replace(
    'enrolled: {field: "{InactiveInd}", op: in, value: [KEPT], reason: inactive-student}',
    'enrolled: {field: "{Status}", STATUS, reason: inactive-student}',
)

PROFILE = (
    """\
name: harbor-sis
settings: {source_system: "Harbor SIS"}
sources:
  buildings: {files: [Buildings.csv], columns: [BldgCode, BldgName]}
  students: {files: [Students.csv], columns: [StuNum, LName, FName, DOB, Bldg, Status]}
  staff: {files: [Staff.csv], columns: [EmpID, LName, FName, Email, Bldg]}
  sections: {files: [Sections.csv], columns: [SectKey, Bldg, CrsTitle, TchrEmpID, Term, TermStart, TermEnd]}
  schedule: {files: [Schedule.csv], columns: [StuNum, SectKey, Bldg]}
"""
    + TABLES
    + """\
filters:
TERM  exclude_classes:
    patterns:
      study_hall: 'PATTERN'
"""
)
TERM = '  current_term: {start: "{TermStart}", end: "{TermEnd}", name: "{Term}"}\n'
KEEP_ENROLLED = "op: equals, value: Enrolled"
WHOLE_WORDS = "(?<![a-z])(SH|STDY)(?![a-z])"
SECTIONS = [
    # the fall semester, the spring one (not started on 2026-10-15), and the study hall
    ("C1", "English 9", "S1", "08/20/2026", "01/15/2027"),
    ("C2", "Spanish I", "S1", "08/20/2026", "01/15/2027"),
    ("C3", "Algebra I", "S1", "08/20/2026", "01/15/2027"),
    ("C4", "SH Period 3", "S1", "08/20/2026", "01/15/2027"),
    ("C5", "Geometry", "S2", "01/19/2027", "06/04/2027"),
]


def _district(
    tmp_path: Path,
    *,
    status: str = KEEP_ENROLLED,
    term: str = TERM,
    pattern: str = WHOLE_WORDS,
    graduates: int = 0,
) -> Path:
    """30 enrolled students, each in every section, and `graduates` past students (Graduated, no
    schedule row), as an export of every student ever holds them; two withdrawn students."""
    folder = tmp_path / "district"
    exports = folder / "ex"
    exports.mkdir(parents=True, exist_ok=True)
    students = [["StuNum", "LName", "FName", "DOB", "Bldg", "Status"]]
    schedule = [["StuNum", "SectKey", "Bldg"]]
    for number in range(30 + graduates + 2):
        student = str(50001 + number)
        state = "Enrolled" if number < 30 else "Graduated" if number < 30 + graduates else "Withdrawn"
        students.append([student, f"Family{number}", f"Kid{number}", "2011-03-14", "205", state])
        if state == "Enrolled":
            schedule += [[student, key, "205"] for key, *_ in SECTIONS]
    files = {
        "Buildings.csv": [["BldgCode", "BldgName"], ["205", "Harbor High School"]],
        "Students.csv": students,
        "Staff.csv": [
            ["EmpID", "LName", "FName", "Email", "Bldg"],
            ["T1", "Baker", "Susan", "sbaker@harbor.example.org", "205"],
        ],
        "Sections.csv": [
            ["SectKey", "Bldg", "CrsTitle", "TchrEmpID", "Term", "TermStart", "TermEnd"],
            *[[key, "205", title, "T1", name, start, end] for key, title, name, start, end in SECTIONS],
        ],
        "Schedule.csv": schedule,
    }
    for name, rows in files.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    text = PROFILE.replace("STATUS", status).replace("TERM", term).replace("PATTERN", pattern)
    (folder / "harbor.yaml").write_text(text, encoding="utf-8")
    return folder


def _run(folder: Path, out: Path, as_of: dt.date = AS_OF) -> api.RunResult:
    return api.run(api.RunOptions(profile=str(folder / "harbor.yaml"), in_dir=folder / "ex", out_dir=out, as_of=as_of))


def _titles(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["title"] for row in csv.DictReader(handle)}


def test_the_right_profile_publishes_at_exit_0(tmp_path: Path) -> None:
    folder = _district(tmp_path, graduates=12)
    result = _run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert _titles(tmp_path / "out") == {"English 9", "Spanish I", "Algebra I"}
    assert not {"I274", "P118", "I223"} & set(result.report.counts)


def test_no_term_filter_refuses_a_first_set_of_next_semester_s_classes(tmp_path: Path) -> None:
    """The spring class in October was published at exit 1 (I274); a first set is refused now (I228,
    tester74 T4), its way out where every class is meant `current_term: {enabled: false}`."""
    folder = _district(tmp_path, term="")
    first = _run(folder, tmp_path / "out")
    assert not first.report.published and first.exit_status == 1
    assert not (tmp_path / "out" / "classes.csv").exists()  # not the spring class, in October
    (said,) = first.report.examples["I274"]
    assert said.params["columns"] == "TermStart, TermEnd"
    (stop,) = first.problems
    assert stop.code.id == "I228" and "current_term: {enabled: false}" in str(stop.params["step"])
    meant = _district(tmp_path / "meant", term="  current_term: {enabled: false}\n")
    assert _run(meant, tmp_path / "meant-out").exit_status == 0
    assert "Geometry" in _titles(tmp_path / "meant-out")


def test_a_profile_that_keeps_every_class_on_purpose_says_so(tmp_path: Path) -> None:
    folder = _district(tmp_path, term="  current_term: {enabled: false}\n")
    assert api.check_profile(str(folder / "harbor.yaml"))[1] == []
    result = _run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "Geometry" in _titles(tmp_path / "out")
    assert "I274" not in result.report.counts


def test_a_status_condition_the_wrong_way_round_publishing_the_graduates_stops_for_a_person(tmp_path: Path) -> None:
    folder = _district(tmp_path, status="op: not_equals, value: Withdrawn", graduates=12)
    first = _run(folder, tmp_path / "out")
    assert first.report.published
    assert first.exit_status == 1
    (said,) = first.report.examples["P118"]
    assert said.where.file == f"{folder / 'harbor.yaml'}:16:19"
    assert (said.params["leavers"], said.params["unenrolled"], said.params["students"]) == (
        "'Graduated' (12)",
        "12",
        "42",
    )
    assert "Status `op: in` [Enrolled]" in str(said)
    second = _run(folder, tmp_path / "out", AS_OF + dt.timedelta(days=1))
    assert (second.exit_status, second.report.counts["P118"]) == (0, 1)


def test_a_not_equals_condition_with_no_leaver_kept_is_not_said(tmp_path: Path) -> None:
    folder = _district(tmp_path, status="op: not_equals, value: Withdrawn")
    result = _run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "P118" not in result.report.counts


def test_a_pattern_matching_inside_the_words_of_class_titles_lists_them(tmp_path: Path) -> None:
    folder = _district(tmp_path, pattern="SH|STDY")
    first = _run(folder, tmp_path / "out")
    assert first.report.published
    assert _titles(tmp_path / "out") == {"Algebra I"}
    assert first.exit_status == 1
    (said,) = first.report.examples["I223"]
    assert said.params["titles"] == "'English 9' (1), 'Spanish I' (1)"  # not 'SH Period 3', meant
    assert said.params["place"] == "filters.exclude_classes.patterns.study_hall"
    second = _run(folder, tmp_path / "out", AS_OF + dt.timedelta(days=1))
    assert (second.exit_status, second.report.counts["I223"]) == (0, 1)


def test_one_title_matched_inside_a_word_is_not_said(tmp_path: Path) -> None:
    folder = _district(tmp_path, pattern="(?<![a-z])SH(?![a-z])|glish")  # English left out: one title
    result = _run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "I223" not in result.report.counts


def test_the_engines_agree(tmp_path: Path) -> None:
    folder = _district(tmp_path, term="", status="op: not_equals, value: Withdrawn", graduates=12, pattern="SH|STDY")
    python, _ = both_engines(tmp_path / "runs", profile=str(folder / "harbor.yaml"), in_dir=folder / "ex", as_of=AS_OF)
    assert python.exit_status == 1
    assert {"I274", "P118", "I223"} <= set(python.report.counts)


def test_an_upgrade_changing_the_bundled_profile_is_not_the_districts_profile_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tester58 F7: a district profile extending a bundled one, its I223 looked at (exit 1 on the
    first set, 0 after); an upgrade whose bundled profile changed made the next night "the profile
    was changed" and exit 1 again, after every upgrade. Now only the district's own file counts."""
    folder = _district(tmp_path, pattern="SH|STDY")
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    base = (folder / "harbor.yaml").read_text(encoding="utf-8").replace("name: harbor-sis", "name: harbor-base")
    (bundled / "harbor-base.yaml").write_text(base, encoding="utf-8")
    (folder / "harbor.yaml").write_text("name: harbor\nextends: harbor-base\n", encoding="utf-8")
    monkeypatch.setattr(load, "bundled_folder", lambda: bundled)
    out = tmp_path / "out"
    nights = iter(AS_OF + dt.timedelta(days=n) for n in range(5))
    assert [_run(folder, out, next(nights)).exit_status for _ in range(2)] == [1, 0]
    (bundled / "harbor-base.yaml").write_text(base.replace('source_system: "Harbor SIS"', 'source_system: "Harbor"'))
    upgraded = _run(folder, out, next(nights))
    assert (upgraded.exit_status, upgraded.report.counts["I223"]) == (0, 1)
    assert not upgraded.report.facts["profile_changed"]
    (folder / "harbor.yaml").write_text("name: harbor\nextends: harbor-base\nsettings: {district_id: H}\n")
    edited = _run(folder, out, next(nights))
    assert edited.exit_status == 1 and edited.report.facts["profile_changed"]


def test_a_last_set_made_before_the_own_digest_was_kept_compares_the_whole_profile() -> None:
    facts = {"profile_digest": "b", "own_profile_digest": "x"}
    assert gate.profile_changed({"profile_digest": "a"}, facts)
    assert not gate.profile_changed({"profile_digest": "b"}, facts)
    assert not gate.profile_changed({"profile_digest": "a", "own_profile_digest": "x"}, facts)
    assert gate.profile_changed({"profile_digest": "b", "own_profile_digest": "y"}, facts)
    assert not gate.profile_changed({}, facts)


def test_a_command_line_pattern_matching_inside_the_words_of_titles_is_said_on_its_first_night(
    tmp_path: Path,
) -> None:
    """tester58 F0: `--exclude-class ish` (meant for a "Finish Line" period) also left out English 9
    and Spanish I at exit 0, not judged: I223 read only the profile's patterns. The command line's
    are the district's too: said, exit 1 the first night it is given, exit 0 after."""
    folder = _district(tmp_path)
    out = tmp_path / "out"

    def night(days: int, *patterns: str) -> api.RunResult:
        return api.run(
            api.RunOptions(
                profile=str(folder / "harbor.yaml"),
                in_dir=folder / "ex",
                out_dir=out,
                as_of=AS_OF + dt.timedelta(days=days),
                exclude_classes=patterns,
            )
        )

    first = night(0, "ish")
    (said,) = first.report.examples["I223"]
    assert first.exit_status == 1 and first.report.published
    assert said.params["titles"] == "'English 9' (1), 'Spanish I' (1)"
    assert str(said).startswith("the command line: I223 class-pattern-inside-words: --exclude-class: the exclusion")
    assert (night(1, "ish").exit_status, _titles(out)) == (0, {"Algebra I"})
    again = night(2, "ish", "Period")  # a pattern added is the district's rules changed: looked at once more
    assert again.exit_status == 1 and again.report.facts["profile_changed"] and "I223" in again.report.counts
    reordered = night(3, "Period", "ish")  # the same patterns in another order: no rule changed (review)
    assert reordered.exit_status == 0 and not reordered.report.facts["profile_changed"]


def _with_grades(folder: Path, tenth_graders: int) -> None:
    """Students.csv with a Grade column in words, the profile's map knowing Ninth only (tester67 F10: a map
    written up to Sixth, the tutorial's `unmapped: default`, `default: Other`)."""
    students = folder / "ex" / "Students.csv"
    with students.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    rows = [[*row, "Tenth" if number < tenth_graders else "Ninth"] for number, row in enumerate(rows)]
    with students.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*header, "Grade"], *rows])
    profile = (folder / "harbor.yaml").read_text(encoding="utf-8")
    profile = profile.replace("Bldg, Status]", "Bldg, Status, Grade]").replace(
        "        familyName: {column: LName, clean: [name]}\n",
        "        familyName: {column: LName, clean: [name]}\n        grades: {column: Grade, map: grades}\n",
        1,  # the students rule's
    )
    profile += "maps:\n  grades: {values: {Ninth: '09'}, unmapped: default, default: Other}\n"
    (folder / "harbor.yaml").write_text(profile, encoding="utf-8")


def test_a_grade_map_missing_a_whole_grade_stops_a_first_set_for_a_person(tmp_path: Path) -> None:
    """Every 10th grader published as 'Other' on a new profile's set, one D302 line at exit 0 (tester67 F10):
    published, but a person must look (exit 1) where the map's default stood in on 10 rows or more; the next
    night with the same profile says it and exits 0."""
    folder = _district(tmp_path)
    _with_grades(folder, tenth_graders=12)
    first = _run(folder, tmp_path / "out")
    assert first.report.published and first.exit_status == 1
    (said,) = first.report.examples["D302"]
    assert (said.params["value"], said.params["rows"], said.params["default"]) == ("Tenth", 12, "Other")
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        assert sum(row["grades"] == "Other" for row in csv.DictReader(handle)) == 12
    second = _run(folder, tmp_path / "out", AS_OF + dt.timedelta(days=1))
    assert (second.exit_status, second.report.counts["D302"]) == (0, 12)
    console = transform("--profile", folder / "harbor.yaml", folder / "ex", tmp_path / "new", "--as-of", AS_OF)
    assert console.returncode == 1
    assert "Published, but Students.csv:2 [Grade]: D302 value-unmapped: users.grades: value 'Tenth'" in console.stderr


def test_a_few_rows_outside_the_grade_map_are_a_warning_at_exit_0(tmp_path: Path) -> None:
    folder = _district(tmp_path)
    _with_grades(folder, tenth_graders=3)
    result = _run(folder, tmp_path / "out")
    assert result.exit_status == 0 and result.report.counts["D302"] == 3, [str(p) for p in result.problems]
