"""The calendar explains what the terms did, not what the export did to the terms (tester35 F2, F4).

A small PowerSchool district of three schools is published one night and run again the next,
its exports edited as a broken export job would edit them:

- a class ends when a term the last published set gave it ends after that set was made: the
  semester and quarter changes publish with a note (X937). A class moved tonight to a term that
  had already ended (a scheduler's mass update, a term mapping gone wrong), or whose own term's
  end was moved before the last set's as-of date, did not end: its removal counts (X948, and the
  limits: X906, X993);
- a night with nothing due because every term the last set held as current is dated a year
  later tonight is refused (X947), not "nothing to do until next August" (F421); the summer,
  with next year's terms exported under the same IDs, stays exit 0; and the mirror: every running
  term dated tonight as ended before the last set was made is refused (X840), not a break (F443).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from transform import api

SCHOOLS = {"100": "Tiny Academy", "200": "Oak Elementary", "300": "Pine Middle"}
# ID: (name, first day, last day), at every school
TERMS = {
    "3600": ("2026-2027", "08/17/2026", "05/28/2027"),
    "3601": ("Semester 1", "08/17/2026", "01/08/2027"),
    "3602": ("Semester 2", "01/11/2027", "05/28/2027"),
    "3603": ("Quarter 1", "08/17/2026", "10/09/2026"),
    "3604": ("Quarter 2", "10/12/2026", "01/08/2027"),
}
# Per school: sets of four year-long classes and two of Semester 1, and students (each in every
# class of the school). Tiny Academy holds under a tenth of the classes and enrolments.
SIZES = {"100": (1, 10), "200": (6, 20), "300": (6, 20)}


@dataclass
class District:
    """The exports of one night: every school's sections by term (section ID -> term ID), which
    the edits below change as an export job would."""

    terms: dict[str, tuple[str, str, str]] = field(default_factory=lambda: dict(TERMS))
    sections: dict[str, tuple[str, str]] = field(default_factory=dict)  # ID -> (school, term ID)

    @classmethod
    def usual(cls, *, quarters: int = 0) -> District:
        """Classes as SIZES says; `quarters` of Quarter 1 (and as many of Quarter 2) at school 300."""
        district = cls()
        for school, (sets, _) in SIZES.items():
            for n, term in enumerate((["3600"] * 4 + ["3601"] * 2) * sets):
                district.sections[f"{school}{n:02d}"] = (school, term)
        for n in range(quarters):
            district.sections[f"39{n:02d}"] = ("300", "3603")
            district.sections[f"38{n:02d}"] = ("300", "3604")
        return district

    def write(self, folder: Path) -> Path:
        folder.mkdir()
        students = [
            [str(n), str(5000 + n), school, f"Kid{n}", "Park", "5", "0", "3/4/2016"]
            for s, (school, (_, count)) in enumerate(SIZES.items())
            for n in range(100 * s + 1, 100 * s + count + 1)
        ]
        tables = {
            "schools.txt": [["School_Number", "Name"], *([k, v] for k, v in SCHOOLS.items())],
            "terms.txt": [
                ["ID", "SchoolID", "Name", "Abbreviation", "FirstDay", "LastDay"],
                *(
                    [term, school, name, name[0] + name[-1], start, end]
                    for school in SCHOOLS
                    for term, (name, start, end) in self.terms.items()
                ),
            ],
            "teachers.txt": [
                ["ID", "TeacherNumber", "SchoolID", "First_Name", "Last_Name", "Email_Addr", "Status", "StaffStatus"],
                *(
                    [str(s + 1), f"T{s}", school, "Ann", f"Lee{s}", f"t{s}@d.example.org", "1", "1"]
                    for s, school in enumerate(SCHOOLS)
                ),
            ],
            "courses.txt": [["Course_Number", "Course_Name"], *([f"C{n:02d}", f"Course {n}"] for n in range(60))],
            "sections.txt": [
                ["ID", "SchoolID", "Course_Number", "Section_Number", "TermID", "Expression", "Teacher"],
                *(
                    [section, school, f"C{section[-2:]}", "1", term, "1(A)", str(list(SCHOOLS).index(school) + 1)]
                    for section, (school, term) in self.sections.items()
                ),
            ],
            "students.txt": [
                ["ID", "Student_Number", "SchoolID", "First_Name", "Last_Name", "Grade_Level", "Enroll_Status", "DOB"],
                *students,
            ],
            "cc.txt": [
                ["StudentID", "SectionID", "TermID", "SchoolID", "DateEnrolled", "DateLeft"],
                *(
                    [student[0], section, term, school, "08/17/2026", ""]
                    for student in students
                    for section, (school, term) in self.sections.items()
                    if school == student[2]
                ),
            ],
        }
        for name, rows in tables.items():
            with (folder / name).open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, delimiter="\t", lineterminator="\r\n").writerows(rows)
        return folder

    def move(self, school: str, *, to: str, only: str = "") -> None:
        """The school's sections (of term `only`) now say term `to`: a mass update."""
        for section, (at, term) in self.sections.items():
            if at == school and (not only or term == only):
                self.sections[section] = (at, to)


def night(
    district: District, folder: Path, out: Path, as_of: str, *, engine: str = "python", allow_rollover: bool = False
) -> api.RunResult:
    """The nightly run at 02:30 on `as_of`, the exports written an hour before (X971 reads it)."""
    now = dt.datetime.fromisoformat(f"{as_of}T02:30:00+00:00")
    exports = district.write(folder)
    for path in exports.iterdir():
        os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
    return api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=exports,
            out_dir=out,
            as_of=now.date(),
            now=now,
            engine=engine,
            allow_rollover=allow_rollover,
        )
    )


def classes(out: Path) -> dict[str, str]:
    """Published classes: sourcedId -> termSourcedIds."""
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["termSourcedIds"] for row in csv.DictReader(handle)}


def codes_of(result: api.RunResult) -> set[str]:
    return {code for code, n in result.report.counts.items() if n}


def published(result: api.RunResult) -> bool:
    return bool(result.report.published)


# --- F2: a removal the calendar explains, and one it does not ------------------------------------


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_small_schools_classes_moved_to_a_quarter_that_ended_before_the_last_set_are_refused(
    tmp_path: Path, engine: str
) -> None:
    """Tiny Academy's six classes were published as current under the year term and Semester 1
    on 10-14; on 10-15 the sections export puts them all in Quarter 1, which ended on 10-09.
    They did not end: the school's schedule would be deleted (under the whole-file limit) and its
    students published in no class. Was: exit 0, no code."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2026-10-14", engine=engine).exit_status == 0
    before = classes(out)
    assert before["10000"] == "100-3600"

    district.move("100", to="3603")
    result = night(district, tmp_path / "n2", out, "2026-10-15", engine=engine)

    assert result.exit_status == 1 and not published(result)
    assert {"X948", "X993"} <= codes_of(result)
    assert "X937" not in codes_of(result)
    [moved] = result.report.examples["X948"]
    assert moved.params["classes"] == 6 and moved.params["enrollments"] == 6 * (10 + 1)  # and the teacher
    assert "Quarter 1 ended 2026-10-09, but the last published set had it in 100-3600, not 100-3603" in moved.message
    assert classes(out) == before  # the last set stays
    removals = (tmp_path / "out-removals.csv").read_text(encoding="utf-8")
    assert "classes.csv,10000,," in removals  # no term explains it


def test_a_large_share_moved_to_an_ended_quarter_counts_against_the_limit(tmp_path: Path) -> None:
    """Two schools' year-long classes moved to Quarter 1 (ended before the last set): X937 said
    'explained by the calendar' and published; they count, and the whole-file limit refuses."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2026-10-14").exit_status == 0
    district.move("200", to="3603", only="3600")
    district.move("300", to="3603", only="3600")
    result = night(district, tmp_path / "n2", out, "2026-10-15")
    assert result.exit_status == 1 and not published(result)
    assert {"X906", "X948"} <= codes_of(result)
    assert "X937" not in codes_of(result)


def test_a_class_moved_to_another_term_that_ended_since_the_last_set_did_not_end(tmp_path: Path) -> None:
    """The last set (10-05) held Tiny Academy's classes under the year term and Semester 1;
    Quarter 1 ended since (10-09), but it was never theirs: the term ID tells."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2026-10-05").exit_status == 0
    district.move("100", to="3603")
    result = night(district, tmp_path / "n2", out, "2026-10-15")
    assert result.exit_status == 1 and {"X948", "X993"} <= codes_of(result)


def test_a_year_term_whose_last_day_moved_before_the_last_set_did_not_end(tmp_path: Path) -> None:
    """The year term's last day typed as 10/09/2026 (it was 05/28/2027 when the last set was made
    on 10-14): every year-long class 'ended' before that set held it as current. Its term ID is
    the class's own; its date tells."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2026-10-14").exit_status == 0
    district.terms["3600"] = ("2026-2027", "08/17/2026", "10/09/2026")
    result = night(district, tmp_path / "n2", out, "2026-10-15")
    assert result.exit_status == 1 and {"X906", "X948"} <= codes_of(result)
    [moved] = result.report.examples["X948"]
    assert "before the last published set (as of 2026-10-14) held it as current" in moved.message


def test_the_semester_and_quarter_changes_are_still_the_calendars(tmp_path: Path) -> None:
    """Quarter 1 ends on 10-09: its classes go (an eighth of the classes: over the limit) and are
    explained (X937, exit 0); so are Semester 1's on 01-11. Neither says X948."""
    out = tmp_path / "out"
    district = District.usual(quarters=12)
    assert night(district, tmp_path / "n1", out, "2026-10-05").exit_status == 0
    assert "3900" in classes(out)

    quarter = night(district, tmp_path / "n2", out, "2026-10-12")
    assert quarter.exit_status == 0 and published(quarter)
    assert "X937" in codes_of(quarter) and "X948" not in codes_of(quarter)
    assert "3900" not in classes(out) and "3800" in classes(out)

    # January's sections export holds Semester 2's classes (without them, X977: tester44 F7).
    for school in SCHOOLS:
        district.sections[f"{school}59"] = (school, "3602")
    semester = night(district, tmp_path / "n3", out, "2027-01-11")
    assert semester.exit_status == 0 and published(semester)
    assert "X937" in codes_of(semester) and "X948" not in codes_of(semester)
    assert set(classes(out).values()) == {f"{school}-{term}" for school in SCHOOLS for term in ("3600", "3602")}


def test_a_semester_whose_last_day_was_corrected_earlier_is_still_the_calendars(tmp_path: Path) -> None:
    """tester36 F1: the last set was made on 01-07, while Semester 1 ran to 01-08; that night's
    export corrects its last day to 01-06. By either date Semester 1 has ended on 01-11: its
    classes go at a semester change (X937, exit 0), not a move (X948) past the limit (X906). The
    year term typed to end in October (above) still refuses: by the last set's dates it runs."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2027-01-07").exit_status == 0
    district.terms["3601"] = ("Semester 1", "08/17/2026", "01/06/2027")
    result = night(district, tmp_path / "n2", out, "2027-01-11")
    assert result.exit_status == 0 and published(result)
    assert "X937" in codes_of(result) and not {"X948", "X906"} & codes_of(result)


# --- F4: every term dated a year later --------------------------------------------------------------


def later(dates: tuple[str, str, str], years: int = 1) -> tuple[str, str, str]:
    name, start, end = dates
    return name, *(f"{d[:6]}{int(d[6:]) + years}" for d in (start, end))  # type: ignore[return-value]


def test_every_term_dated_a_year_later_the_night_after_a_publish_is_refused(tmp_path: Path) -> None:
    """The terms export's year parameter advanced: the same term IDs and names, every date a year
    later. Was: exit 0, 'nothing to publish until 2026-2027 starts on 2027-08-17', every night."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2026-10-14").exit_status == 0
    before = classes(out)
    district.terms = {term: later(dates) for term, dates in TERMS.items()}

    for number, as_of in enumerate(("2026-10-15", "2026-10-16")):
        result = night(district, tmp_path / f"n{number + 2}", out, as_of)
        assert result.exit_status == 1 and not published(result), as_of
        assert "X947" in codes_of(result) and "F421" not in codes_of(result), as_of
        [refused] = result.report.examples["X947"]
        assert "the last published set (as of 2026-10-14)" in refused.message
        assert "2026-2027 (100-3600): 2026-08-17 to 2027-05-28 then, 2027-08-17 to 2028-05-28 now" in refused.message
    assert classes(out) == before


def test_next_years_terms_under_the_same_ids_in_the_summer_are_nothing_to_do(tmp_path: Path) -> None:
    """A SIS whose term IDs are the same every year (Infinite Campus: school and term name) rolls
    over right after the last day: the last set (05-27) held the year and Semester 2, which by
    their dates then ended on 05-28; tonight the same IDs are next year's. The summer: F421, exit 0."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2027-05-27").exit_status == 0
    district.terms = {term: later(dates) for term, dates in TERMS.items()}
    result = night(district, tmp_path / "n2", out, "2027-06-03")
    assert result.exit_status == 0 and not published(result)
    assert "F421" in codes_of(result) and "X947" not in codes_of(result)


# --- The removals list at the August rollover: last year's classes are in no export tonight ------


def next_year(district: District) -> District:
    """The district rolled over: next year's terms under new IDs, its sections under new IDs."""
    new = District(terms={f"37{term[2:]}": later(dates) for term, dates in TERMS.items()})
    new.sections = {f"7{section}": (school, f"37{term[2:]}") for section, (school, term) in district.sections.items()}
    return new


def removals_of(path: Path) -> dict[tuple[str, str], str]:
    """The removals list: (file, sourcedId) -> term_ended."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {(row["file"], row["sourcedId"]): row["term_ended"] for row in csv.DictReader(handle)}


def test_last_years_classes_at_the_rollover_are_listed_with_the_term_the_last_set_ended_them_in(
    tmp_path: Path,
) -> None:
    """Was: every term_ended blank on the rollover night, though each class's term ended: last
    year's sections are not in tonight's exports, so no term of theirs is read tonight. The last
    published set recorded its terms' dates: the year ended on 2027-05-28, before tonight."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2027-05-27").exit_status == 0
    held = classes(out)
    assert {terms.split("-")[1] for terms in held.values()} == {"3600"}  # Semester 1 ended in January
    result = night(next_year(district), tmp_path / "n2", out, "2027-08-16")
    assert result.exit_status == 1 and "X906" in codes_of(result)  # a new school year: --allow-rollover
    listed = removals_of(tmp_path / "out-removals.csv")
    said = "2026-2027 ended 2027-05-28, by the last published set"
    assert {listed["classes.csv", class_id] for class_id in held} == {said}
    enrolled = {why for (file, _), why in listed.items() if file == "enrollments.csv"}
    assert enrolled == {said}
    assert {why for (file, _), why in listed.items() if file == "users.csv"} <= {""}  # no class: no term


def test_a_class_cut_from_the_export_while_its_term_runs_keeps_term_ended_blank(tmp_path: Path) -> None:
    """The last set's term of a class gone tonight has not ended: nothing to say of it."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2026-10-14").exit_status == 0
    for section in [s for s, (school, _) in district.sections.items() if school == "300"]:
        del district.sections[section]
    result = night(district, tmp_path / "n2", out, "2026-10-15")
    assert result.exit_status == 1
    listed = removals_of(tmp_path / "out-removals.csv")
    assert [why for (file, _), why in listed.items() if file == "classes.csv"] == [""] * 36


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_class_removed_because_its_terms_row_was_lost_names_that_row(tmp_path: Path, engine: str) -> None:
    """Quarter 1's row of Pine Middle has a tab typed in its name tonight: the row is left out
    (I205), and the school's one quarter-1 class with it (D300), under every limit: published,
    but said (X981). Was: the class's row and D300 alone, sending the admin to a section that is
    right; now the term's row that was lost."""
    out = tmp_path / "out"
    district = District.usual(quarters=1)
    assert night(district, tmp_path / "n1", out, "2026-10-06", engine=engine).exit_status == 0
    assert "3900" in classes(out)

    class Broken(District):
        def write(self, folder: Path) -> Path:
            exports = super().write(folder)
            terms = (exports / "terms.txt").read_text(encoding="utf-8")
            (exports / "terms.txt").write_text(terms.replace("3603\t300\tQuarter 1\t", "3603\t300\tQuarter\t1\t"))
            return exports

    broken = Broken(terms=district.terms, sections=district.sections)
    result = night(broken, tmp_path / "n2", out, "2026-10-07", engine=engine)
    assert published(result) and result.exit_status == 1 and "3900" not in classes(out)
    (said,) = result.report.examples["X981"]
    assert (said.where.file, said.where.line) == ("terms.txt", 15)
    assert said.message.startswith("class 3900 (Course 0 - 1(A)")
    assert said.message.endswith(
        "is in the exports: I205 row-too-long in the row of its term (TermID='3603', SchoolID='300') left the row "
        "out, and with it 21 enrolments; Remind deletes them until the record is fixed in the SIS"
    )


# --- tester56 T4: every running term dated as ended before the last set was made -------------------


def test_running_terms_dated_as_ended_before_the_last_set_are_refused_not_a_break(tmp_path: Path) -> None:
    """The last set (10-14) held the year term (to 05-28) and Semester 1 (to 01-08) as running; on
    10-15 the terms export ends both on 10-09, before that set was made. Was: nothing due, exit 0,
    every night of the 'break' silent (tester56 T4). A term running on 10-14 did not end on 10-09:
    refused (X840), naming the term, both ends and the terms export's row; the last set stays."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2026-10-14").exit_status == 0
    before = classes(out)
    for term in ("3600", "3601"):
        name, start, _ = TERMS[term]
        district.terms[term] = (name, start, "10/09/2026")
    result = night(district, tmp_path / "n2", out, "2026-10-15")
    assert result.exit_status == 1 and not published(result)
    assert "X840" in codes_of(result)
    [refused] = result.report.examples["X840"]
    assert "the last published set (as of 2026-10-14)" in refused.message
    assert "2026-2027 (100-3600): ended 2026-10-09 tonight (terms.txt line 2), 2027-05-28 in the last set" in (
        refused.message
    )
    assert classes(out) == before

    # If the earlier end is the truth, --allow-rollover takes the night as the break it says.
    now = dt.datetime.fromisoformat("2026-10-15T02:30:00+00:00")
    allowed = api.run(
        api.RunOptions(
            profile="powerschool", in_dir=tmp_path / "n2", out_dir=out, as_of=now.date(), now=now, allow_rollover=True
        )
    )
    assert "X840" not in codes_of(allowed) and not published(allowed)


def test_a_term_end_corrected_to_a_day_after_the_last_set_is_no_refusal(tmp_path: Path) -> None:
    """An honest correction: the year term and Semester 1 corrected to end on 10-20 (still to come
    on 10-15): their classes are current tonight, published at exit 0, no X840."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2026-10-14").exit_status == 0
    for term in ("3600", "3601"):
        name, start, _ = TERMS[term]
        district.terms[term] = (name, start, "10/20/2026")
    result = night(district, tmp_path / "n2", out, "2026-10-15")
    assert result.exit_status == 0 and published(result) and "X840" not in codes_of(result)


def test_an_earlier_end_accepted_once_is_not_refused_on_the_nights_of_the_break_after_it(tmp_path: Path) -> None:
    """Semester 1 and the year term corrected to end on 10-09, after the set of 10-14 held them running
    (the SIS had them wrong): X840 on 10-15; the person accepts it with --allow-rollover. Was: every
    later night of the break refused X840 again (exit 1) until the next term was exported, or the flag
    left in the job (reviewer110 R4). The end accepted is kept in last.json: 10-16 is a plain break
    (exit 0); 10-17's export with yet another end (10-02) is judged again: X840. A damaged record of
    the acceptance stops the run (X930)."""
    out = tmp_path / "out"
    district = District.usual()
    assert night(district, tmp_path / "n1", out, "2026-10-14").exit_status == 0
    before = classes(out)

    def ended(day: str) -> None:
        for term in ("3600", "3601"):
            name, start, _ = TERMS[term]
            district.terms[term] = (name, start, day)

    ended("10/09/2026")
    assert "X840" in codes_of(night(district, tmp_path / "n2", out, "2026-10-15"))
    allowed = night(district, tmp_path / "n3", out, "2026-10-15", allow_rollover=True)
    assert allowed.exit_status == 0 and not published(allowed) and "X840" not in codes_of(allowed)

    later = night(district, tmp_path / "n4", out, "2026-10-16")
    assert later.exit_status == 0 and not published(later) and "X840" not in codes_of(later)
    assert "F443" in codes_of(later)

    ended("10/02/2026")
    again = night(district, tmp_path / "n5", out, "2026-10-17")
    assert again.exit_status == 1 and "X840" in codes_of(again)
    [refused] = again.report.examples["X840"]
    assert "ended 2026-10-02 tonight" in refused.message
    assert classes(out) == before

    state = out.parent / f".{out.name}.transform" / "last.json"
    record = json.loads(state.read_text(encoding="utf-8"))
    assert record["terms_moved_back"]["100-3601"][2] == "2026-10-09"
    record["terms_moved_back"]["100-3601"] = "10/09/2026"
    state.write_text(json.dumps(record), encoding="utf-8")
    ended("10/09/2026")
    damaged = night(district, tmp_path / "n6", out, "2026-10-18")
    assert damaged.exit_status == 1 and "X930" in codes_of(damaged)
