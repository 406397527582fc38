"""A district that changes SIS mid-year (tester83): the refusals' words lead to the way that keeps
the IDs Remind knows (docs/identity.md, 'Changing SIS or ID columns'), not to --allow-rollover,
which has Remind delete and re-create everyone. Two nights of the small SDS district each, the
second's profile naming another SIS (settings.source_system, the manifest's source.systemName)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import sds_small
from tests.conftest import ROOT
from transform import api
from transform.pipeline import sis_switch
from transform.report import codes, summary
from transform.report.codes import explain
from transform.report.problem import Problem, Where
from transform.report.report import Report

NEW_SIS = sds_small.PROFILE + "  source_system: New SIS\n"


def switched(tmp_path: Path, change: sds_small.Callable[[sds_small.Rows], None]) -> tuple[api.RunResult, Path]:
    """Night 1 as the small district, night 2 `change`d and made by a profile naming another SIS."""
    out = tmp_path / "out"
    first = sds_small.night(sds_small.write(tmp_path / "n1" / "in", sds_small.rows()), out)
    assert first.exit_status == 0 and first.report.published
    files = sds_small.rows()
    change(files)
    exports = sds_small.write(tmp_path / "n2" / "in", files)
    (exports.parent / "profile.yaml").write_text(NEW_SIS, encoding="utf-8")
    return sds_small.night(exports, out, day=1), out


def messages(result: api.RunResult, cid: str) -> list[str]:
    return [p.message for p in result.report.aborts if p.code.id == cid]


def new_student_ids(files: sds_small.Rows) -> None:
    for name, at in (("Student.csv", 0), ("StudentEnrollment.csv", 1)):
        for row in files[name][1:]:
            row[at] = str(int(row[at]) + 50000)


def test_a_sis_change_is_said_first_and_the_rollover_last(tmp_path: Path) -> None:
    """T1: the step said "Find why the IDs changed ... spreadsheet ..." and ended on --allow-rollover."""
    result, out = switched(tmp_path, new_student_ids)
    assert messages(result, "X955") and not result.report.published
    said = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: The profile's source system changed since the last published set"), said
    assert "(Microsoft SDS CSV -> New SIS)" in said
    assert said.index("'Changing SIS or ID columns'") < said.index("--allow-rollover")
    assert "re-creates every user" in said[said.index("--allow-rollover") :]
    assert "spreadsheet" not in said


def new_section_and_term_ids(files: sds_small.Rows) -> None:
    for row in files["Section.csv"][1:]:
        row[0] = str(int(row[0]) + 10000)
        row[4] = "T-2017-18"  # the new SIS's term ID, the same dates
    for name in ("StudentEnrollment.csv", "TeacherRoster.csv"):
        for row in files[name][1:]:
            row[0] = str(int(row[0]) + 10000)


def test_classes_under_new_section_and_term_ids_are_said_rekeyed(tmp_path: Path) -> None:
    """T4: same school, course, section, teacher and students, new section and term IDs of the same
    dates: said only as X906 "would lose 8 of 8"; now X949, with the SIS change as its cause."""
    result, _ = switched(tmp_path, new_section_and_term_ids)
    (message,) = messages(result, "X949")
    assert "8 of the 8 classes" in message and "source system changed since the last published set" in message
    said = summary.next_step(result, out_dir=Path("out"), explain_path=None, upload=False)
    # R4 (reviewer183): the people kept their IDs; "write a district profile" was said still
    assert "the people keep their IDs; the classes, under other section IDs tonight, are re-created once" in said, said
    assert "write a district profile" not in said and "re-creates every user" not in said


def rekeyed_and_grades_blanked(files: sds_small.Rows) -> None:
    new_section_and_term_ids(files)
    for row in files["Student.csv"][1:]:
        row[10] = ""  # the new profile reads no grade column: every student's grade lost


def test_a_stop_no_sis_change_explains_is_said_before_the_rollover(tmp_path: Path) -> None:
    """The step of classes alone after a change of SIS named only --allow-rollover, which would also
    publish the grades tonight's profile lost (X923)."""
    result, out = switched(tmp_path, rekeyed_and_grades_blanked)
    assert messages(result, "X949") and messages(result, "X923")
    said = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "the people keep their IDs" in said and "Before that, X923 columns-blanked stopped the run too" in said


def new_titles_and_periods(files: sds_small.Rows) -> None:
    new_section_and_term_ids(files)
    for row in files["Section.csv"][1:]:
        row[2], row[13] = f"Algebra {row[2]}", f"{row[13]}(A)"  # the new SIS's titles and periods written its way


def test_classes_with_new_titles_and_periods_are_found_by_course_and_section(tmp_path: Path) -> None:
    """R3 (reviewer183): the period-ignoring 'course' signature had no test: a class re-keyed with its
    term, its title and periods written otherwise, is found by its course and section code alone."""
    result, _ = switched(tmp_path, new_titles_and_periods)
    (message,) = messages(result, "X949")
    assert "8 of the 8 classes" in message


def semesters(files: sds_small.Rows) -> None:
    for row in files["Section.csv"][1:4]:  # S1 sections, their term dated with the year (as SDS writes it)
        row[4:6] = ["S1", "Semester 1"]


def turnover(files: sds_small.Rows) -> None:
    """Night 2: the S1 sections ended, their S2 sections (new IDs, term S2 of the same dates) begin."""
    semesters(files)
    for row in files["Section.csv"][1:4]:
        row[0] = row[3] = str(int(row[0]) + 500)
        row[4:6] = ["S2", "Semester 2"]
    for name in ("StudentEnrollment.csv", "TeacherRoster.csv"):
        for row in files[name][1:]:
            row[0] = str(int(row[0]) + 500) if row[0] in ("11001", "11002", "11003") else row[0]


def test_an_ordinary_semester_turnover_is_not_refused_as_rekeyed(tmp_path: Path) -> None:
    """R1 (reviewer183): the S1 and S2 terms dated with the year, each S2 section was S1's under a new
    ID by its term's dates, and the turnover refused (X949). Dates match only after a SIS or profile change."""
    out = tmp_path / "out"
    first = sds_small.rows()
    semesters(first)
    assert sds_small.night(sds_small.write(tmp_path / "n1" / "in", first), out).exit_status == 0
    files = sds_small.rows()
    turnover(files)
    result = sds_small.night(sds_small.write(tmp_path / "n2" / "in", files), out, day=1, max_removal=50)
    assert result.report.published and not messages(result, "X949"), [str(p) for p in result.report.aborts]
    assert set(result.report.counts) & {"X949", "X906"} == set()  # X821: the limit the test lowered, said


def cut_enrolments(files: sds_small.Rows) -> None:
    gone = {"11001", "11002", "11003", "11004"}
    for name in ("Section.csv", "StudentEnrollment.csv", "TeacherRoster.csv"):
        files[name] = [row for row in files[name] if row[0] not in gone]


def test_a_removal_alone_keeps_its_own_step_after_the_sis_change(tmp_path: Path) -> None:
    """R2 (reviewer183): X906 alone (an export cut short) was given the re-keying step."""
    result, out = switched(tmp_path, cut_enrolments)
    said = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: The profile's source system changed since the last published set"), said
    assert "Export it again whole" in said and "write a district profile" not in said


def test_a_renamed_profile_naming_no_sis_is_no_sis_change(tmp_path: Path) -> None:
    """R2 (reviewer183): the manifest's source.systemName falls back to the profile's name: a home-made
    profile renamed was said to be a change of SIS."""
    own = sds_small.PROFILE.replace("name: small-sds", "name: springfield") + '  source_system: ""\n'
    out = tmp_path / "out"
    night1 = sds_small.write(tmp_path / "n1" / "in", sds_small.rows())
    (night1.parent / "profile.yaml").write_text(own, encoding="utf-8")
    assert sds_small.night(night1, out).exit_status == 0
    files = sds_small.rows()
    cut_enrolments(files)
    night2 = sds_small.write(tmp_path / "n2" / "in", files)
    (night2.parent / "profile.yaml").write_text(own.replace("springfield", "springfield-v2"), encoding="utf-8")
    result = sds_small.night(night2, out, day=1)
    assert messages(result, "X906") and "sis_changed" not in result.report.facts


def zero_led_school(files: sds_small.Rows) -> None:
    for lines in files.values():
        for row in lines[1:]:
            row[:] = ["010001" if cell == "10001" else cell for cell in row]


def test_a_school_number_written_otherwise_after_a_sis_change_is_mapped_back(tmp_path: Path) -> None:
    """T3: X984 said a spreadsheet had opened the last set's exports, and to rerun with --allow-rollover."""
    result, _ = switched(tmp_path, zero_led_school)
    (message,) = messages(result, "X984")
    assert "keep the old IDs with a map" in message and "{'010001': '10001'}" in message
    assert "spreadsheet" not in message


def test_the_exports_a_changed_profile_no_longer_reads_did_not_shrink() -> None:
    """T2: X906 said "cc.txt has 0 rows, 480 when the last set was made" of the old SIS's files."""
    plan = SimpleNamespace(
        sources={"students": SimpleNamespace(patterns=["students.*"]), "roster": SimpleNamespace(patterns=["roster.*"])}
    )
    state = {"rows_read": {"cc.txt": 480, "students.txt": 60, "roster.csv": 400, "students.csv": 60}}
    kept = api._read_before(plan, state, {"students.csv": 60})  # type: ignore[arg-type]
    assert kept == {"roster.csv": 400, "students.csv": 60}  # roster.csv: read by the profile, missing tonight
    # students.txt then, students.csv tonight: compared with what students.txt held (reviewer183)
    renamed = api._read_before(plan, {"rows_read": {"students.txt": 60, "cc.txt": 480}}, {"students.csv": 5})  # type: ignore[arg-type]
    assert renamed == {"students.csv": 60}


def test_a_first_sets_step_names_the_set_sent_before() -> None:
    """T5: a new OUT for the new SIS published its first set at exit 0, saying only "upload the files"."""

    report = Report()
    report.published = True
    report.facts.update(first_set=True)
    said = summary.next_step(api.RunResult(report, 0), out_dir=Path("out"), explain_path=None, upload=False)
    assert "--previous" in said and "sent before from another folder or SIS" in said
    report.facts.update(first_set=False)
    assert "--previous" not in summary.next_step(
        api.RunResult(report, 0), out_dir=Path("out"), explain_path=None, upload=False
    )


def test_derived_parent_ids_are_kept_in_the_docs_example_and_x955s_step() -> None:
    """T6: the example kept derived parent IDs only with `contact: null`, said in prose after it."""
    text = (ROOT / "docs" / "identity.md").read_text(encoding="utf-8")
    section = text[text.index("## Changing SIS or ID columns") :]
    example = section[section.index("```yaml") : section.index("```", section.index("```yaml") + 3)]
    assert "contact: null}}" in example
    assert "`guardian: {contact: null}`" in explain("X955")[1]


def turnover_night(tmp_path: Path, profile: str, monkeypatch: pytest.MonkeyPatch) -> api.RunResult:
    """The S1 -> S2 turnover (`turnover`) on night 2 of a district of 40 classes (3 of them S1's: within
    the removal limit, exit 0), made by `profile`; the other classes' year term SY1718 kept."""
    monkeypatch.setattr(sds_small, "CLASSES", 40)
    out = tmp_path / "out"
    first = sds_small.rows()
    semesters(first)
    assert sds_small.night(sds_small.write(tmp_path / "n1" / "in", first), out).exit_status == 0
    files = sds_small.rows()
    turnover(files)
    exports = sds_small.write(tmp_path / "n2" / "in", files)
    (exports.parent / "profile.yaml").write_text(profile, encoding="utf-8")
    return sds_small.night(exports, out, day=1)


def test_a_turnover_on_a_night_the_profile_was_edited_is_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R1 (reviewer186): any edit of the profile (its email domain) turned the date matching on, and
    the turnover was refused X949 'the class ID column changed'. Only a change of source system does."""
    edited = sds_small.PROFILE.replace("small.example.org", "mail.small.example.org")
    result = turnover_night(tmp_path, edited, monkeypatch)
    assert result.report.facts["profile_changed"] and "sis_changed" not in result.report.facts
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.report.aborts]


def test_a_turnover_on_another_format_of_the_same_terms_is_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 (reviewer186): sds -> sds-v2's source system, one vendor's two formats keeping the term IDs:
    the turnover was refused X949 'the new SIS gives them its own section IDs'. Dates match only when
    no term ID of the last set is among tonight's (every term re-keyed)."""
    result = turnover_night(tmp_path, sds_small.PROFILE + '  source_system: "Microsoft SDS v2.1 CSV"\n', monkeypatch)
    changed = {"before": "Microsoft SDS CSV", "now": "Microsoft SDS v2.1 CSV", "kind": "format"}
    assert result.report.facts["sis_changed"] == changed
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.report.aborts]


def test_the_set_previous_names_gives_its_term_dates_and_source_system(tmp_path: Path) -> None:
    """R3 (reviewer186): a new OUT for the new SIS with --previous naming the old set, as the first
    set's step advises: the old terms' dates were read only from OUT's state, and the re-keyed classes
    were said as X906 'would lose 8 of 8'."""
    old = tmp_path / "out"
    assert sds_small.night(sds_small.write(tmp_path / "n1" / "in", sds_small.rows()), old).exit_status == 0
    files = sds_small.rows()
    new_section_and_term_ids(files)
    exports = sds_small.write(tmp_path / "n2" / "in", files)
    (exports.parent / "profile.yaml").write_text(NEW_SIS, encoding="utf-8")
    result = sds_small.night(exports, tmp_path / "out-new", day=1, previous=old)
    assert result.report.facts["sis_changed"] == {"before": "Microsoft SDS CSV", "now": "New SIS"}
    (message,) = messages(result, "X949")
    assert "8 of the 8 classes" in message


def test_the_source_system_step_looks_at_every_stop() -> None:
    """R3 (reviewer186): X923 sorts before X906, and the step looked at the first stop only: the
    change of source system went unsaid (repro_switch.sh docsprev)."""
    report = Report()
    report.facts["sis_changed"] = {"before": "PowerSchool", "now": "Infinite Campus"}
    stops = [Problem(codes.BY_ID[cid], Where(), {}) for cid in ("X906", "X923")]
    said = summary.next_step(api.RunResult(report, 1, stops), out_dir=Path("out"), explain_path=None, upload=False)
    assert said.startswith("Next: The profile's source system changed since the last published set"), said
    assert "(PowerSchool -> Infinite Campus). Look at the export column the message names" in said


def test_a_set_published_before_the_source_system_was_kept_is_known_by_a_shipped_name(tmp_path: Path) -> None:
    """R4 (reviewer186): the first night after an upgrade, no source_system kept: the set's manifest
    systemName is the SIS only when a shipped profile names it (else it may be the profile's name)."""
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("propertyName,value\nsource.systemName,PowerSchool\n", encoding="utf-8")
    assert sis_switch.recorded({}, tmp_path) == "PowerSchool"
    assert sis_switch.recorded({"source_system": "Infinite Campus"}, tmp_path) == "Infinite Campus"
    manifest.write_text("propertyName,value\nsource.systemName,springfield\n", encoding="utf-8")
    assert sis_switch.recorded({}, tmp_path) == ""


def test_a_hand_edited_source_system_is_said_on_one_line_without_controls() -> None:
    """R5 (reviewer186): last.json's source_system reached the terminal with its newline and ESC."""
    kept = sis_switch.recorded({"source_system": "Power\x1b[2J\nSchool"}, None)
    assert kept.isprintable() and "Power" in kept and "School" in kept
    report = Report()
    sis_switch.note(report, before=kept, now=sis_switch.named({"source_system": "Infinite\rCampus\x07"}))
    assert all(text.isprintable() for text in report.facts["sis_changed"].values())


def test_terms_re_keyed_on_a_night_only_the_profile_was_edited_are_not_matched_by_dates(tmp_path: Path) -> None:
    """R1 (reviewer186): the dates matched classes on any profile edit's night (`profile_changed`);
    they match only after a change of source system. Every term re-keyed (the turnover test above keeps
    its year term, and would pass with the edit's clause back): the classes are X906's removals."""
    out = tmp_path / "out"
    assert sds_small.night(sds_small.write(tmp_path / "n1" / "in", sds_small.rows()), out).exit_status == 0
    files = sds_small.rows()
    new_section_and_term_ids(files)
    exports = sds_small.write(tmp_path / "n2" / "in", files)
    edited = sds_small.PROFILE.replace("small.example.org", "mail.small.example.org")
    (exports.parent / "profile.yaml").write_text(edited, encoding="utf-8")
    result = sds_small.night(exports, out, day=1)
    assert result.report.facts["profile_changed"] and "sis_changed" not in result.report.facts
    assert messages(result, "X906") and not messages(result, "X949")


@pytest.mark.parametrize(
    ("before", "now"),
    [
        ("PowerSchool", "PowerSchool SIS"),
        ("Power-School", "powerschool"),
        ("Aeries SIS", "Aeries"),
        ("FACTS SIS", "Facts"),
    ],
)
def test_a_source_system_written_otherwise_is_no_change_of_sis(before: str, now: str) -> None:
    """state63: a district fixing its own profile's source_system ('PowerSchool' -> 'PowerSchool SIS') was told
    the profile's source system changed, the step leading to the way a new SIS keeps the IDs."""
    report = Report()
    sis_switch.note(report, before=before, now=now)
    assert "sis_changed" not in report.facts and sis_switch.said(report) == ""


@pytest.mark.parametrize(
    ("before", "now"), [("Microsoft SDS CSV", "Microsoft SDS v2.1 CSV"), ("OneRoster 1.1 CSV", "OneRoster 1.2 CSV")]
)
def test_another_format_of_one_source_is_said_as_a_format_not_another_sis(before: str, now: str) -> None:
    """state63: sds -> sds-v2 (a newer export format) was said as a change of source system; reviewer189 R4:
    then as 'the same source's two export formats, not another SIS', which the names (a format's) never tell."""
    report = Report()
    sis_switch.note(report, before=before, now=now)
    said = sis_switch.said(report)
    assert said.startswith(f"the export format changed since the last published set ({before} -> {now}); "), said
    assert "if the SIS behind the export changed too, Remind knows everyone by the old IDs" in said
    assert "docs/identity.md" in said and "not another SIS" not in said and "same source" not in said
    # The re-keying step says the old IDs' way itself; a night stopped by a removal alone kept its IDs (reviewer195
    # R4: X906 alone was told how to keep the old IDs): the format's change said alone in both.
    for stop, ways in (("X955", 1), ("X906", 0), ("X953", 0)):
        stops = [Problem(codes.BY_ID[stop], Where(), {})]
        result = api.RunResult(report, 1, stops)
        step = summary.next_step(result, out_dir=Path("out"), explain_path=None, upload=False)
        assert step.startswith(
            f"Next: The export format changed since the last published set ({before} -> {now}). "
        ) or (
            stop == "X955"
            and step.startswith(f"Next: The export format changed since the last published set ({before} -> {now}), ")
        ), step
        assert step.count("docs/identity.md") == ways and "if the SIS behind the export changed too" not in step, step


@pytest.mark.parametrize(
    ("before", "now"), [("Skyward SMS 2.0", "Skyward Qmlativ"), ("PowerSchool", "Infinite Campus")]
)
def test_another_sis_is_still_said_as_a_change_of_source_system(before: str, now: str) -> None:
    report = Report()
    sis_switch.note(report, before=before, now=now)
    assert report.facts["sis_changed"] == {"before": before, "now": now}
    assert sis_switch.said(report).startswith("the profile's source system changed since the last published set")
