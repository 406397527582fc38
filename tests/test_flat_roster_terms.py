"""A one-file roster (a row per student per class, the class's term dates on each row: Educate's
Roster csv) and its term filter (tester71 N2, N3).

- No filters.current_term: the spring's classes went out beside the fall's at exit 0, with no
  I274, which looked for term dates in a terms export or in columns named for a term only. The
  classes rule gives its class a term from the row (termSourcedIds: "{Course_Term}"), so the row's
  dates named as the class's own columns are (Course Start Date) are its term's: I274, exit 1.
- The term's end read from a column blank on most rows (a student's Enrollment End Date): every
  term read ended days ago, and F422 said "the school year is over" at exit 0 in August, every
  night after. Most class rows had no term dates: not believed (X859), exit 1, naming the column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from transform import api
from transform.pipeline import half_dated
from transform.report import summary

HEADER = (
    "Student ID,First,Last,Grade,School Name,Course Name,Course ID,Course_Term,Course Start Date,"
    "Course End Date,Teacher ID,Teacher First,Teacher Last,Teacher Email,Enrollment End Date"
)
TERMS = {"Fall 2026": ("2026-08-12", "2026-12-18"), "Spring 2027": ("2027-01-06", "2027-05-28")}
COURSES = (("Math 6", "M6", "Fall 2026"), ("Science 6", "SC6", "Fall 2026"), ("Math 6", "M6", "Spring 2027"))

PROFILE = """\
name: flat-roster
settings: {source_system: Flat, date_formats: ["%Y-%m-%d"], district_id: D1, district_name: Flat ISD}
sources:
  roster:
    files: [Roster.csv]
    columns: [Student ID, First, Last, Grade, School Name, Course Name, Course ID, Course_Term,
              Course Start Date, Course End Date, Teacher ID, Teacher First, Teacher Last, Teacher Email,
              Enrollment End Date]
tables:
  orgs:
    schools:
      from: roster
      combine: {}
      columns: {sourcedId: "PRM", name: {column: School Name, clean: [text]}, type: school,
                parentSourcedId: {setting: district_id}}
  users:
    students:
      from: roster
      combine: {}
      columns: {sourcedId: {column: Student ID, clean: [id]}, orgSourcedIds: "PRM", role: student,
                username: {column: Student ID, clean: [username]}, givenName: "{First}", familyName: "{Last}",
                grades: "06"}
    staff:
      from: roster
      combine: {}
      columns: {sourcedId: {column: Teacher ID, clean: [id]}, orgSourcedIds: "PRM", role: teacher,
                username: {column: Teacher Email, clean: [username]}, givenName: "{Teacher First}",
                familyName: "{Teacher Last}", email: {column: Teacher Email, clean: [email]}}
  classes:
    sections:
      from: roster
      combine: {}
      columns: {sourcedId: "{Course ID}-{Course_Term}", title: "{Course Name} ({Course_Term})",
                courseSourcedId: "{Course ID}", classCode: "{Course ID}", schoolSourcedId: "PRM",
                termSourcedIds: "{Course_Term}"}
  enrollments:
    students:
      from: roster
      columns: {sourcedId: "{Course ID}-{Course_Term}-{Student ID}", classSourcedId: "{Course ID}-{Course_Term}",
                schoolSourcedId: "PRM", userSourcedId: {column: Student ID, clean: [id]}, role: student}
    teachers:
      from: roster
      combine: {}
      columns: {sourcedId: "{Course ID}-{Course_Term}-T{Teacher ID}", classSourcedId: "{Course ID}-{Course_Term}",
                schoolSourcedId: "PRM", userSourcedId: {column: Teacher ID, clean: [id]}, role: teacher,
                primary: "true"}
"""


def _district(tmp_path: Path, term_filter: str) -> Path:
    """Eight students in every class, one of whom left on 2026-08-21 (her rows' Enrollment End
    Date, blank on every other row)."""
    exports = tmp_path / "ex"
    exports.mkdir()
    rows = [HEADER]
    for number in range(8):
        left = "2026-08-21" if number == 0 else ""
        for title, course, term in COURSES:
            start, end = TERMS[term]
            rows.append(
                f"{4400 + number},Kid{number},Family{number},6,Pine Ridge Middle,{title},{course},{term},{start},"
                f"{end},T{course},Teach,{course},t.{course.lower()}@flat.example.org,{left}"
            )
    (exports / "Roster.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "flat.yaml").write_text(PROFILE + term_filter, encoding="utf-8")
    return tmp_path


def _run(folder: Path, as_of: dt.date, *, allow_incomplete: bool = False) -> api.RunResult:
    options = api.RunOptions(
        profile=str(folder / "flat.yaml"),
        in_dir=folder / "ex",
        out_dir=folder / "out",
        as_of=as_of,
        allow_incomplete=allow_incomplete,
    )
    return api.run(options)


def test_no_term_filter_over_a_class_row_s_own_term_dates_is_i274_and_exit_1(tmp_path: Path) -> None:
    result = _run(_district(tmp_path, ""), dt.date(2026, 8, 24))
    assert not result.report.published and result.exit_status == 1  # a first set: refused (I228)
    assert [p.code.id for p in result.problems] == ["I228"]
    (said,) = result.report.examples["I274"]
    assert said.params["columns"] == "Course Start Date, Course End Date"
    assert "Spring 2027 (2027-01-06 to 2027-05-28): 1" in str(said)


def test_the_term_filter_on_the_row_s_dates_publishes_the_current_term_at_exit_0(tmp_path: Path) -> None:
    dates = 'filters: {current_term: {start: "{Course Start Date}", end: "{Course End Date}", name: "{Course_Term}"}}\n'
    result = _run(_district(tmp_path, dates), dt.date(2026, 8, 24))
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "I274" not in result.report.counts


def _filter(end: str) -> str:
    return f'filters: {{current_term: {{start: "{{Course Start Date}}", end: "{{{end}}}", name: "{{Course_Term}}"}}}}\n'


def test_a_term_end_read_from_a_column_blank_on_most_rows_is_no_school_year_over(tmp_path: Path) -> None:
    result = _run(_district(tmp_path, _filter("Enrollment End Date")), dt.date(2026, 8, 24))
    assert not result.report.published and result.exit_status == 1
    assert "F422" not in result.report.counts
    (said,) = result.report.examples["X859"]
    assert (said.params["template"], said.params["undated"], said.params["rows"]) == ("{Enrollment End Date}", 21, 24)


def test_the_school_year_really_over_is_still_nothing_due_at_exit_0(tmp_path: Path) -> None:
    result = _run(_district(tmp_path, _filter("Course End Date")), dt.date(2027, 6, 10))
    assert result.exit_status == 0 and "F422" in result.report.counts
    assert "X859" not in result.report.counts


def test_a_term_undated_on_both_sides_is_no_wrong_column_the_year_over_is_nothing_due(tmp_path: Path) -> None:
    """reviewer136 R1: an honest export whose fall rows carry no dates at all (SDS's optional Term
    StartDate/EndDate) was refused every summer night (X859); rows blank on both sides are undated,
    not half-dated."""
    folder = _district(tmp_path, _filter("Course End Date"))
    roster = folder / "ex" / "Roster.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    lines = [line.replace("2026-08-12,2026-12-18", ",") for line in lines]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(folder, dt.date(2027, 6, 10))
    assert result.exit_status == 0 and "F422" in result.report.counts, [str(p) for p in result.problems]
    assert "X859" not in result.report.counts


def test_allow_incomplete_takes_a_year_over_x859_doubts_as_over(tmp_path: Path) -> None:
    folder = _district(tmp_path, _filter("Enrollment End Date"))
    result = _run(folder, dt.date(2026, 8, 24), allow_incomplete=True)
    assert "F422" in result.report.counts and "X859" not in result.report.counts, [str(p) for p in result.problems]
    assert result.exit_status == 1 and "X859: 21 of the 24" in str(result.report.examples["F453"][0])


def test_a_set_made_from_half_dated_class_rows_is_x843_exit_1_on_a_new_profile_then_0(tmp_path: Path) -> None:
    """reviewer136 R2: the leaver's rows (end 2026-08-21) made their classes current, the others were
    left out undated: a set of a few classes, published at exit 0 every night until that date."""
    folder = _district(tmp_path, _filter("Enrollment End Date"))
    first = _run(folder, dt.date(2026, 8, 19))
    assert first.report.published and first.exit_status == 1, [str(p) for p in first.problems]
    (said,) = first.report.examples["X843"]
    assert (said.params["side"], said.params["undated"], said.params["rows"]) == ("end", 21, 24)
    again = _run(folder, dt.date(2026, 8, 20))
    assert again.exit_status == 0 and "X843" in again.report.counts, [str(p) for p in again.problems]


def test_i274_counts_a_class_once_whatever_dates_its_rows_give(tmp_path: Path) -> None:
    """reviewer136 R3: a class was counted once per distinct date pair of its rows (4 of 4 said where
    2 were published); one row of the spring class with its end blank made it two."""
    folder = _district(tmp_path, "")
    roster = folder / "ex" / "Roster.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("2027-01-06,2027-05-28", "2027-01-06,")
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(folder, dt.date(2026, 8, 24))
    (said,) = result.report.examples["I274"]
    assert "1 of the 3 classes published" in str(said), str(said)


def _renamed(tmp_path: Path, start: str, end: str) -> Path:
    """The district with no term filter, its Course Start Date and Course End Date renamed."""
    folder = _district(tmp_path, "")
    for path in (folder / "ex" / "Roster.csv", folder / "flat.yaml"):
        text = path.read_text(encoding="utf-8").replace("Course Start Date", start).replace("Course End Date", end)
        path.write_text(text, encoding="utf-8")
    return folder


def test_per_student_course_enrollment_dates_are_no_class_term_dates(tmp_path: Path) -> None:
    """reviewer136 R3: 'Course Enrollment Start Date' (a student's) was taken for the class's term (I274, exit 1)."""
    folder = _renamed(tmp_path, "Course Enrollment Start Date", "Course Enrollment End Date")
    result = _run(folder, dt.date(2026, 8, 24))
    assert "I274" not in result.report.counts


def test_class_term_dates_named_without_date_or_abbreviated_are_i274(tmp_path: Path) -> None:
    """reviewer136 R4: 'Class Start Date', 'Course Start'/'Course End', 'CrsBegDt' went unseen (exit 0)."""
    for n, (start, end) in enumerate(
        (("Class Start Date", "Class End Date"), ("Course Start", "Course End"), ("CrsBegDt", "CrsEndDt"))
    ):
        (tmp_path / str(n)).mkdir()
        result = _run(_renamed(tmp_path / str(n), start, end), dt.date(2026, 8, 24))
        assert result.exit_status == 1 and "I274" in result.report.counts, (start, [str(p) for p in result.problems])


def test_a_fixed_term_id_beside_the_class_row_s_dates_is_i274(tmp_path: Path) -> None:
    """reviewer136 R4: termSourcedIds a fixed value: the row's Course Start/End Date went unseen."""
    folder = _district(tmp_path, "")
    profile = folder / "flat.yaml"
    text = profile.read_text(encoding="utf-8").replace('termSourcedIds: "{Course_Term}"', 'termSourcedIds: "FY2027"')
    profile.write_text(text, encoding="utf-8")
    result = _run(folder, dt.date(2026, 8, 24))
    assert result.exit_status == 1 and "I274" in result.report.counts, [str(p) for p in result.problems]


def test_a_class_date_spec_of_alternatives_reads_each_column() -> None:
    """coverage reads a spec's columns through the template parser: `{A|B}` is two columns, `{{` a brace."""
    from transform.profile import coverage

    assert coverage._fields("{Course Start|term.Begins} {{x}}") == ["Course Start", "term.Begins"]
    assert coverage._fields({"column": ["A", "B"], "template": "{C}"}) == ["A", "B", "C"]


def _joiner_district(tmp_path: Path, start: str, end: str = "Course End Date") -> Path:
    """The district of `_district` with an Enrollment Start Date column, filled on one student's rows only
    (she joins on 2026-10-05), and the term filter's start read from `start`, its end from `end`."""
    folder = _district(tmp_path, _filter(end).replace("{Course Start Date}", "{" + start + "}"))
    roster = folder / "ex" / "Roster.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",Enrollment Start Date"] + [
        line + (",2026-10-05" if line.startswith("4400,") else ",") for line in lines[1:]
    ]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    profile = folder / "flat.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("Enrollment End Date]", "Enrollment End Date, Enrollment Start Date]"), "utf-8")
    return folder


def test_a_term_start_read_from_a_column_blank_on_most_rows_is_no_nothing_due_inside_the_year(
    tmp_path: Path,
) -> None:
    """review141 R1: the start read from a late joiner's Enrollment Start Date: the only terms dated start
    on her first day, and F421 paused the running school year at exit 0 until then, nobody told."""
    result = _run(_joiner_district(tmp_path, "Enrollment Start Date"), dt.date(2026, 8, 14))
    assert not result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    assert "F421" not in result.report.counts
    (said,) = result.report.examples["X828"]
    assert (said.params["file"], said.params["template"], said.params["side"]) == (
        "Roster.csv",
        "{Enrollment Start Date}",
        "start",
    )
    assert (said.params["undated"], said.params["rows"], said.params["running"]) == (21, 24, 21)
    assert said.params["start"] == "2026-10-05" and "--allow-incomplete" in str(said)
    assert said.where.file == "Roster.csv" and said.params["also"] == ""


def test_x828_names_one_file_in_its_file_field_and_the_others_in_its_words() -> None:
    """review144 R4: Where(file="A.csv, B.csv, C.csv") named three files as one."""
    half = half_dated.HalfDated()
    for name, count in (("A.csv", 5), ("B.csv", 4), ("C.csv", 3), ("D.csv", 2), ("E.csv", 1)):
        half.files[name] = count
        half.missing["start"] += count
        half.given["start"][("2026-12-18",)] += count
    half.rows = 16
    pause = {"as_of": "2026-08-14", "term": "T", "start": "2026-10-05", "window": 21}
    said = half_dated.not_started(pause, half, {"start": "{S}", "end": "{E}"}, dt.date.fromisoformat)
    assert said is not None and said.where.file == "A.csv"
    assert "class rows of A.csv (and of B.csv, C.csv and 2 more) have a term end" in str(said), str(said)


def test_allow_incomplete_takes_an_x828_pause_as_right(tmp_path: Path) -> None:
    folder = _joiner_district(tmp_path, "Enrollment Start Date")
    result = _run(folder, dt.date(2026, 8, 14), allow_incomplete=True)
    assert "F421" in result.report.counts and "X828" not in result.report.counts, [str(p) for p in result.problems]
    # review144 R4: the flag left in the nightly job, said every night (F453) and exit 1, never silent
    assert result.exit_status == 1 and not result.report.published
    (said,) = result.report.examples["F453"]
    assert "X828: 21 of the 24 class rows with no term start), taken as nothing due" in str(said), str(said)
    # review151 R3: on a pause night nothing is published either way; the verdict says why exit 1, Next is X828's
    assert " published:" not in str(said) and "publishes" not in str(said), str(said)
    (verdict,) = summary.verdict_lines(result, out_dir=folder / "out")
    assert "only because --allow-incomplete let X828's refusal through" in verdict and "exit 1" in verdict, verdict
    step = summary.next_step(result, out_dir=folder / "out", explain_path=None, upload=False)
    assert "21 of them dated so that their class may run tonight" in step, step
    assert "Point filters.current_term's start and end" in step and "Take --allow-incomplete out" in step, step


def test_a_summer_night_before_the_first_term_is_still_nothing_due_at_exit_0(tmp_path: Path) -> None:
    result = _run(_joiner_district(tmp_path, "Course Start Date"), dt.date(2026, 7, 1))
    assert result.exit_status == 0 and "F421" in result.report.counts, [str(p) for p in result.problems]
    assert "X828" not in result.report.counts


def test_half_dated_rows_that_all_start_after_the_window_leave_a_summer_pause_at_exit_0(tmp_path: Path) -> None:
    """The end read from the leaver's column, on a July night: the rows give their starts (2026-08-12 and
    2027-01-06), all after the window, so nothing is due whatever their end: F421, not X828 (X843 says the
    rows when the first set is made)."""
    result = _run(_district(tmp_path, _filter("Enrollment End Date")), dt.date(2026, 7, 1))
    assert result.exit_status == 0 and "F421" in result.report.counts, [str(p) for p in result.problems]
    assert "X828" not in result.report.counts


def _rewrite(folder: Path, change: dict[str, str], extra: str = "") -> None:
    """The roster's Enrollment End Date blanked, then set on the rows starting with a key of `change`;
    `extra`: a row added."""
    roster = folder / "ex" / "Roster.csv"
    head, *rows = roster.read_text(encoding="utf-8").splitlines()
    rows = [row.rsplit(",", 1)[0] + "," for row in rows]
    rows = [row + next((v for k, v in change.items() if row.startswith(k)), "") for row in rows]
    roster.write_text("\n".join([head, *rows, *([extra] if extra else [])]) + "\n", encoding="utf-8")


def test_half_dated_rows_starting_inside_the_window_are_running_by_tonight(tmp_path: Path) -> None:
    """review144 R3 (mutant B of HalfDated.running_by: a start judged against the as-of date, not the
    window's last day): the end read from a column given on one spring row only, on 1 August: the
    fall's rows start on 12 August, inside the 21 days' window, so the fall runs by then: X828, not
    'nothing due until Spring 2027' (F421) at exit 0."""
    folder = _district(tmp_path, _filter("Enrollment End Date"))
    _rewrite(folder, {"4400,Kid0,Family0,6,Pine Ridge Middle,Math 6,M6,Spring 2027,": "2027-05-28"})
    result = _run(folder, dt.date(2026, 8, 1))
    assert result.exit_status == 1 and "F421" not in result.report.counts, [str(p) for p in result.problems]
    (said,) = result.report.examples["X828"]
    assert (said.params["side"], said.params["undated"], said.params["running"]) == ("end", 23, 16)


def test_the_summer_after_the_year_whose_given_ends_are_past_is_nothing_due_at_exit_0(tmp_path: Path) -> None:
    """review144 R3 (mutant C: a row with no start counted running whatever its end): the start read from
    a column given on next year's one row only (Enrollment End Date, misread as the start); on 1 July 2027
    every other row's end is past, so none runs tonight: F421 (nothing due until Fall 2027) at exit 0."""
    folder = _district(tmp_path, _filter("Course End Date").replace("{Course Start Date}", "{Enrollment End Date}"))
    next_year = (
        "4400,Kid0,Family0,7,Pine Ridge Middle,Math 7,M7,Fall 2027,2027-08-16,2027-12-17,TM7,Teach,M7,"
        "t.m7@flat.example.org,2027-08-16"
    )
    _rewrite(folder, {}, next_year)
    result = _run(folder, dt.date(2027, 7, 1))
    assert result.exit_status == 0 and "F421" in result.report.counts, [str(p) for p in result.problems]
    assert "X828" not in result.report.counts
