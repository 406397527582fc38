"""Classes whose terms have a break in them, whose terms are partly undated, and schools whose
terms are all year-long (tester17 F1, F2, F4): the classes published are the running ones.

A OneRoster set at two schools. School A has a year, two semesters and four quarters, with a
fall break between Quarter 1 and Quarter 2 and a spring break between Quarter 3 and Quarter 4;
its classes name their terms in the shapes SIS write them (a year-long class as its four
quarters, a first-semester class as its two quarters). School B names quarters only."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests.test_columnar import both_engines
from transform import api
from transform.pipeline import filters
from transform.profile.compile import DEFAULT_WINDOW_DAYS, DEFAULT_YEAR_LONG_DAYS, TermFilterPlan
from transform.report.report import Report

SESSIONS = [
    ("y27", "2026-2027", "schoolYear", "2026-08-17", "2027-05-28", "", "2027"),
    ("s1", "Semester 1", "semester", "2026-08-17", "2026-12-18", "y27", "2027"),
    ("s2", "Semester 2", "semester", "2027-01-05", "2027-05-28", "y27", "2027"),
    ("q1", "Quarter 1", "gradingPeriod", "2026-08-17", "2026-10-16", "s1", "2027"),
    ("q2", "Quarter 2", "gradingPeriod", "2026-10-26", "2026-12-18", "s1", "2027"),
    ("q3", "Quarter 3", "gradingPeriod", "2027-01-05", "2027-03-12", "s2", "2027"),
    ("q4", "Quarter 4", "gradingPeriod", "2027-03-22", "2027-05-28", "s2", "2027"),
]
CLASSES = [
    ("A-Y", "sch-A", "y27"),
    ("A-S1", "sch-A", "s1"),
    ("A-Q1Q2", "sch-A", "q1,q2"),
    ("A-Q1-4", "sch-A", "q1,q2,q3,q4"),
    ("A-S1S2", "sch-A", "s1,s2"),
    ("A-Q2", "sch-A", "q2"),
    ("B-Q1-4", "sch-B", "q1,q2,q3,q4"),
    ("B-Q1", "sch-B", "q1"),
    ("B-Q2", "sch-B", "q2"),
]


def _write(folder: Path, name: str, header: list[str], rows: list[tuple[str, ...]]) -> None:
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def district(folder: Path, sessions: list[tuple[str, ...]] = SESSIONS) -> Path:
    """The set: one student and the school's teacher in each class."""
    folder.mkdir(parents=True)
    made = "2026-08-01"
    header = ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate"]
    _write(folder, "academicSessions.csv", [*header, "parentSourcedId", "schoolYear"],
           [(s[0], "active", made, *s[1:]) for s in sessions])  # fmt: skip
    _write(folder, "orgs.csv", ["sourcedId", "status", "dateLastModified", "name", "type", "identifier"],
           [(f"sch-{s}", "active", made, f"School {s}", "school", s) for s in "AB"])  # fmt: skip
    _write(
        folder,
        "classes.csv",
        ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType",
         "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"],
        [(c, "active", made, c, "10", "crs", c, "scheduled", "", s, t, "", "", "1") for c, s, t in CLASSES],
    )  # fmt: skip
    users = [("t-A", "teacher", "sch-A"), ("t-B", "teacher", "sch-B")]
    users += [(f"stu-{c}", "student", s) for c, s, _ in CLASSES]
    _write(
        folder,
        "users.csv",
        ["sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username", "userIds",
         "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades",
         "password"],
        [(u, "active", made, "true", o, r, u, "", "Given", u, "", u, f"{u}@d.example.org", "", "", "",
          "10" if r == "student" else "", "") for u, r, o in users],
    )  # fmt: skip
    enrolments = [(f"e-{c}", c, s, f"stu-{c}", "student", "false") for c, s, _ in CLASSES]
    enrolments += [(f"et-{c}", c, s, f"t-{s[-1]}", "teacher", "true") for c, s, _ in CLASSES]
    _write(
        folder,
        "enrollments.csv",
        ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role",
         "primary", "beginDate", "endDate"],
        [(e[0], "active", made, *e[1:], "", "") for e in enrolments],
    )  # fmt: skip
    _write(folder, "demographics.csv", ["sourcedId", "status", "dateLastModified", "birthDate", "sex"],
           [(u, "active", made, "2010-01-01", "") for u, r, _ in users if r == "student"])  # fmt: skip
    return folder


def classes(result: api.RunResult, out: Path, exit_status: int = 0) -> list[str]:
    assert result.exit_status == exit_status, [str(p) for p in result.problems]
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(row["sourcedId"] for row in csv.DictReader(handle))


def published(tmp_path: Path, exports: Path, as_of: str) -> list[str]:
    python, _ = both_engines(tmp_path / as_of, profile="oneroster", in_dir=exports, as_of=dt.date.fromisoformat(as_of))
    return classes(python, tmp_path / as_of / "python")


def test_a_class_whose_own_terms_have_a_break_in_them_runs_through_it(tmp_path: Path) -> None:
    """On the fall break, a year-long class written as its four quarters and a first-semester
    class written as two were left out (F405): the school's first semester contains the date,
    so Quarter 2 was not added as upcoming. Quarter-only classes still wait for their quarter."""
    exports = district(tmp_path / "in")
    before = ["A-Q1-4", "A-Q1Q2", "A-S1", "A-S1S2", "A-Y", "B-Q1", "B-Q1-4"]
    assert published(tmp_path, exports, "2026-10-15") == before
    on_fall_break = ["A-Q1-4", "A-Q1Q2", "A-S1", "A-S1S2", "A-Y", "B-Q1-4", "B-Q2"]
    assert published(tmp_path, exports, "2026-10-17") == on_fall_break
    on_spring_break = ["A-Q1-4", "A-S1S2", "A-Y", "B-Q1-4"]
    assert published(tmp_path, exports, "2027-03-13") == on_spring_break


def test_a_class_one_of_whose_terms_has_no_dates_is_undated_not_outside_its_terms(tmp_path: Path) -> None:
    """Semester 1 without dates: the year-long class of Semester 1 and 2 was judged by Semester 2
    alone and left out as info (F405). It is undated, as the class of Semester 1 alone is: the
    OneRoster profile keeps such classes, and says so (F420)."""
    sessions = [(*s[:3], "", "", *s[5:]) if s[0] == "s1" else s for s in SESSIONS]
    exports = district(tmp_path / "in", sessions)
    python, _ = both_engines(tmp_path / "run", profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15))
    assert "A-S1S2" in classes(python, tmp_path / "run" / "python")
    undated = [p.message for p in python.report.examples["F420"]]
    assert any("'Semester 1'" in m for m in undated) and python.report.counts["F420"] == 2
    assert all(p.where.line != 6 for p in python.report.examples.get("F405", []))  # classes.csv line 6: A-S1S2


def test_a_class_whose_term_joins_no_row_is_undated_not_outside_its_terms(tmp_path: Path) -> None:
    """Quarter 1 listed twice with other dates (a broken export: D327, and its join gives
    nothing): the classes of Quarter 1 and later quarters were judged by those alone. B-Q1, of
    Quarter 1 alone, is a class of tonight lost with it: the set is refused (X866, tester59 F1),
    in both engines; --allow-incomplete publishes the others, judged by their other quarters."""
    sessions = [*SESSIONS, ("q1", "Quarter 1", "gradingPeriod", "2026-09-01", "2026-10-30", "s1", "2027")]
    exports = district(tmp_path / "in", sessions)
    as_of = dt.date(2026, 10, 15)
    refused, _ = both_engines(tmp_path / "refused", profile="oneroster", in_dir=exports, as_of=as_of)
    assert refused.exit_status == 1 and refused.report.counts["X866"] == 1
    python, _ = both_engines(
        tmp_path / "allowed", profile="oneroster", in_dir=exports, as_of=as_of, allow_incomplete=True
    )
    # published, but: the class lost with Quarter 1 the flag let through is said (F453, exit 1)
    found = classes(python, tmp_path / "allowed" / "python", exit_status=1)
    assert {"A-Q1Q2", "A-Q1-4", "B-Q1-4"} <= set(found) and "B-Q1" not in found
    assert python.report.counts["F453"] == 1


def _term(name: str, start: str, end: str) -> filters.Term:
    return filters.Term("100", name, dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_next_years_year_long_term_waits_while_this_years_runs() -> None:
    """A school of year-long terms only (a year-round elementary, or year terms dated July to
    June): next year's term, starting within the window, was added while this year's still
    ran, and both years' classes were published for three weeks."""
    rule = TermFilterPlan((), (), (), (), DEFAULT_WINDOW_DAYS, DEFAULT_YEAR_LONG_DAYS, frozenset())
    this_year, next_year = (
        _term("2026-2027", "2026-07-06", "2027-06-18"),
        _term("2027-2028", "2027-07-06", "2028-06-16"),
    )
    assert filters._current({this_year, next_year}, rule, dt.date(2027, 6, 15), Report()) == {this_year}
    assert filters._current({this_year, next_year}, rule, dt.date(2027, 6, 20), Report()) == {next_year}
    # Between semesters, the next semester is added beside the running year, as before.
    s1, s2 = _term("S1", "2026-08-17", "2026-12-18"), _term("S2", "2027-01-05", "2027-05-28")
    year = _term("2026-2027", "2026-08-17", "2027-05-28")
    assert filters._current({year, s1, s2}, rule, dt.date(2026, 12, 21), Report()) == {year, s2}


def test_a_swapped_term_beside_others_leaves_the_class_to_them(tmp_path: Path) -> None:
    """Quarter 3's dates swapped (a typo in next spring's quarter): the year-long classes written
    as their four quarters, current through Quarter 1, were left out as an error (F425). They
    are kept, the typo said (F432). A class current by none of its other terms is still left out
    as an error (F425: test_gate_reassigned_and_swapped_terms)."""
    sessions = [(*s[:3], s[4], s[3], *s[5:]) if s[0] == "q3" else s for s in SESSIONS]
    exports = district(tmp_path / "in", sessions)
    python, _ = both_engines(tmp_path / "run", profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15))
    assert {"A-Q1-4", "B-Q1-4"} <= set(classes(python, tmp_path / "run" / "python"))
    said = python.report.examples["F432"]
    assert python.report.counts["F432"] == 2 and "'Quarter 3'" in said[0].message
    assert "judged by its other terms (Quarter 1, Quarter 2, Quarter 4)" in said[0].message
    assert "F425" not in python.report.counts


def test_a_sections_export_of_an_ended_term_only_is_refused_not_nothing_due(tmp_path: Path) -> None:
    """The sections export still filtered to Semester 1 in March: no class is current, and the
    run said the school year was over (F422), exit 0, while terms.txt holds Semester 2 and the
    year, both running (tester18 F1). Refused (X977), naming Semester 2's row."""
    import shutil

    from tests.conftest import FIXTURES

    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    lines = (exports / "sections.txt").read_bytes().split(b"\r\n")
    first_semester = [line for line in lines[1:] if line.split(b"\t")[4:5] == [b"3601"]]
    (exports / "sections.txt").write_bytes(b"\r\n".join([lines[0], *first_semester, b""]))
    result = api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2027, 3, 1))
    )
    assert result.exit_status == 1 and not result.report.published, [str(p) for p in result.problems]
    (refused,) = result.problems
    assert refused.code.id == "X977" and refused.params["term"] == "Semester 2"
    assert refused.params["at"] == " (terms.txt line 4)"
    # In the summer, with the year over, it is nothing due as before.
    summer = api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2027, 6, 20))
    )
    assert "X977" not in {p.code.id for p in summer.problems}
