"""A school year of nights through the `transform` command, one output folder (issue 18 item 8).

A small PowerSchool district is written afresh each night by `_export` from a `Night`; the
command runs in its own process (a fork, tests.cli_runner) with its clock at 02:30 of that night
(time_machine, as tests.fake_clock sets it), as cron would run it. Each night asserts the exit
code (docs/scheduling.md: 0 nobody must act, 1 a person must act), whether a set was published,
and the message that says why: students added, withdrawn and reordered publish; a truncated or
empty export is refused; the winter break and a semester change the terms export explains
publish with a note; an unexplained removal beside it is still refused; the summer pauses with
exit 0, warns from day 80 and, with nothing new to publish, asks for the set to be uploaded by
hand (exit 1); the new school year needs --allow-rollover once.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import time_machine

from tests import cli_runner

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ("100", "200")
# School year 2026-27: school 100's first semester ends at the winter break, school 200's after it.
YEAR_1 = {
    "year": ("3600", "2026-2027", "08/17/2026", "05/28/2027"),
    "s1": {
        "100": ("3601", "Semester 1", "08/17/2026", "12/18/2026"),
        "200": ("3601", "Semester 1", "08/17/2026", "01/22/2027"),
    },
    "s2": {
        "100": ("3602", "Semester 2", "01/05/2027", "05/28/2027"),
        "200": ("3602", "Semester 2", "01/25/2027", "05/28/2027"),
    },
}
# 2027-28 starts after Labor Day; its export holds only its own terms and sections.
YEAR_2 = {
    "year": ("3700", "2027-2028", "09/08/2027", "06/02/2028"),
    "s1": dict.fromkeys(SCHOOLS, ("3701", "Semester 1", "09/08/2027", "01/21/2028")),
    "s2": dict.fromkeys(SCHOOLS, ("3702", "Semester 2", "01/24/2028", "06/02/2028")),
}
COURSES = {"year": ("MA", "Math"), "s1": ("SC", "Science"), "s2": ("AR", "Art")}


@dataclass(frozen=True)
class Night:
    as_of: str  # YYYY-MM-DD; the clock reads 02:30 that night
    exit: int
    published: bool
    says: tuple[str, ...] = ()  # codes the run must report
    students: int = 40  # the first N of the district's students
    withdrawn: tuple[int, ...] = ()  # their Enroll_Status is 2
    shuffle: int | None = None  # a seed: rows in another order
    year: dict[str, object] = field(default_factory=lambda: YEAR_1)
    first_student: int = 0  # the new school year: the oldest have graduated, new ones came
    cut_students: bool = False  # students.txt truncated to its first 10 rows
    empty_cc: bool = False  # cc.txt a header only
    drop_math_at: str = ""  # this school's year-long Math section is gone (a removal nobody explains)
    options: tuple[str, ...] = ()
    printed: tuple[str, ...] = ()  # codes the terminal shows, refused or not


def _sections(night: Night) -> list[tuple[str, str, str, str]]:
    """(section ID, school, course, term ID) of the night's export."""
    out = []
    for school in SCHOOLS:
        for i, (kind, (course, _)) in enumerate(COURSES.items()):
            if kind == "year" and night.drop_math_at == school:
                continue
            term = night.year["year"] if kind == "year" else night.year[kind][school]  # type: ignore[index]
            out.append((f"{term[0]}{school[0]}{i}", school, course, term[0]))  # PowerSchool: numeric IDs
    return out


def _export(folder: Path, night: Night) -> None:
    folder.mkdir()
    numbers = range(night.first_student, night.first_student + night.students)
    students = [["ID", "Student_Number", "SchoolID", "First_Name", "Last_Name", "Grade_Level", "Enroll_Status", "DOB"]]
    students += [
        [
            str(n + 1),
            str(5000 + n),
            SCHOOLS[n % 2],
            f"Kid{n}",
            "Park",
            "5",
            "2" if n in night.withdrawn else "0",
            "3/4/2016",
        ]
        for n in numbers
    ]
    sections = _sections(night)
    cc = [["StudentID", "SectionID", "TermID", "SchoolID", "DateEnrolled", "DateLeft"]]
    cc += [
        [str(n + 1), section, term, school, "08/17/2026", ""]
        for n in numbers
        for section, school, _, term in sections
        if school == SCHOOLS[n % 2]
    ]
    terms = [["ID", "SchoolID", "Name", "FirstDay", "LastDay", "IsYearRec"]]
    for school in SCHOOLS:
        terms.append([*night.year["year"][:1], school, *night.year["year"][1:], "1"])  # type: ignore[index]
        for kind in ("s1", "s2"):
            term = night.year[kind][school]  # type: ignore[index]
            terms.append([term[0], school, *term[1:], "0"])
    tables = {
        "schools.txt": [["School_Number", "Name"], ["100", "North Elementary"], ["200", "South Elementary"]],
        "teachers.txt": [
            ["ID", "TeacherNumber", "SchoolID", "First_Name", "Last_Name", "Email_Addr", "Status", "StaffStatus"],
            ["1", "T1", "100", "Ann", "Lee", "ann@d.example.org", "1", "1"],
            ["2", "T2", "200", "Al", "Ray", "al@d.example.org", "1", "1"],
        ],
        "courses.txt": [["Course_Number", "Course_Name"], *([c, n] for c, n in COURSES.values())],
        "sections.txt": [
            ["ID", "SchoolID", "Course_Number", "Section_Number", "TermID", "Expression", "Teacher"],
            *([s, school, c, "1", t, "1(A)", "1" if school == "100" else "2"] for s, school, c, t in sections),
        ],
        "terms.txt": terms,
        "students.txt": students,
        "cc.txt": cc,
    }
    if night.cut_students:
        tables["students.txt"] = students[:11]
    if night.empty_cc:
        tables["cc.txt"] = cc[:1]
    rnd = random.Random(night.shuffle)
    for name, rows in tables.items():
        body = rows[1:]
        if night.shuffle is not None:
            rnd.shuffle(body)
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter="\t", lineterminator="\r\n").writerows([rows[0], *body])


def _season() -> list[Night]:
    normal = Night("2026-09-01", 0, True)
    year_2 = replace(normal, year=YEAR_2, first_student=5, students=42)
    return [
        replace(normal, students=38),
        replace(normal, as_of="2026-09-02"),  # two students added
        replace(normal, as_of="2026-09-03", withdrawn=(7,)),  # one withdrawn
        replace(normal, as_of="2026-09-04", withdrawn=(7,), shuffle=4),  # the same, rows reordered
        replace(normal, as_of="2026-09-05", exit=1, published=False, cut_students=True, says=("X907", "X906")),
        replace(normal, as_of="2026-09-06", exit=1, published=False, empty_cc=True, says=("X910",)),
        replace(normal, as_of="2026-09-07", withdrawn=(7,)),
        replace(normal, as_of="2026-10-20", withdrawn=(7,)),  # (the nights between: all like this one)
        replace(normal, as_of="2026-12-01", withdrawn=(7,)),
        # Winter break: school 100's Semester 2 starts within the window, its Semester 1 has ended.
        replace(normal, as_of="2026-12-28", withdrawn=(7,), says=("F410", "X937")),
        replace(normal, as_of="2027-01-12", withdrawn=(7,)),
        # Semester change at school 200, and on the same night a removal nobody explains.
        replace(
            normal, as_of="2027-01-26", withdrawn=(7,), drop_math_at="100", exit=1, published=False, says=("X906",)
        ),
        replace(normal, as_of="2027-01-27", withdrawn=(7,), says=("X937",)),
        replace(normal, as_of="2027-03-15", withdrawn=(7,)),
        replace(normal, as_of="2027-05-27", withdrawn=(7,)),
        # Summer: the year's terms have all ended, the next year's are not exported yet.
        replace(normal, as_of="2027-07-01", withdrawn=(7,), published=False, says=("F422",), printed=("F422",)),
        # The next year's terms are exported, but start after the window.
        replace(year_2, as_of="2027-08-05", published=False, says=("F421",), printed=("F421",)),
        # Day 81 since the last publish, nothing new: Remind needs the set again, by hand (X996).
        replace(
            year_2,
            as_of="2027-08-16",
            exit=1,
            published=False,
            says=("F421", "X909", "X996"),
            printed=("F421", "X909", "X996"),
        ),
        # The new school year: refused (the warning still printed) until --allow-rollover, once.
        replace(year_2, as_of="2027-08-20", exit=1, published=False, says=("X906", "X909"), printed=("X909",)),
        replace(year_2, as_of="2027-08-21", options=("--allow-rollover",), says=("X908", "X909")),
        replace(year_2, as_of="2027-08-22"),
    ]


def _transform(night: Night, exports: Path, out: Path, report: Path) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own (a fork of this one, tests.cli_runner: 20 interpreters
    started cost ~12 CPU-s) with its clock at 02:30 local time that night, as tests.fake_clock sets
    it: time_machine shifts the clock here, and the forked run inherits it."""
    args = [
        "--profile",
        "powerschool",
        str(exports),
        str(out),
        "--as-of",
        night.as_of,
        "--report",
        str(report),
        *night.options,
    ]
    moment = dt.datetime.fromisoformat(f"{night.as_of}T02:30:00").timestamp()  # local, as fake_clock reads it
    with time_machine.travel(moment, tick=True):
        return cli_runner.run(
            [sys.executable, "-m", "transform", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
            timeout=120,
        )


def _published(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))} if out.is_dir() else {}


def test_a_school_year_of_nights_exits_as_a_scheduler_expects(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for number, night in enumerate(_season()):
        exports, report = tmp_path / f"night{number}", tmp_path / f"report{number}.json"
        _export(exports, night)
        # Written by the SIS's export at 01:30 that night, an hour before the run (X971 reads it).
        written = dt.datetime.fromisoformat(f"{night.as_of}T01:30:00+00:00").timestamp()
        for path in exports.iterdir():
            os.utime(path, (written, written))
        before = _published(out)
        result = _transform(night, exports, out, report)
        label = f"night {number} ({night.as_of})"
        assert result.returncode == night.exit, (label, result.stderr)
        found = json.loads(report.read_text(encoding="utf-8"))
        codes = {p["code"] for p in found["problems"]}
        assert set(night.says) <= codes, (label, codes)
        assert "X909" in codes or "X909" not in night.says, label
        assert ("X909" in codes) == ("X909" in night.says), (label, "the 80-day warning")
        for code in night.printed:
            assert code in result.stderr, (label, code, result.stderr)
        after = _published(out)
        if night.published:
            assert "Published" in result.stdout and after, label  # the verdict ends the summary (stdout)
        else:
            assert after == before, f"{label}: the output changed"
    # Before the year starts, its year-long classes are rostered beside its first semester's.
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        assert sorted(row["sourcedId"] for row in csv.DictReader(handle)) == ["370010", "370020", "370111", "370121"]
    # The pause says until when, and since when nothing was published.
    summer = json.loads((tmp_path / "report15.json").read_text(encoding="utf-8"))
    [pause] = [p for p in summer["problems"] if p["code"] == "F422"]
    assert "the last published set is as of 2027-05-27;" in pause["examples"][0]["message"]
    august = json.loads((tmp_path / "report16.json").read_text(encoding="utf-8"))
    [wait] = [p for p in august["problems"] if p["code"] == "F421"]
    assert wait["examples"][0]["message"].startswith("nothing to publish until 2027-2028 starts on 2027-09-08")


def test_the_summer_pause_in_the_json_log_line(tmp_path: Path) -> None:
    """A scheduler reading the JSON line sees exit 0, nothing published, nothing stopped, and why."""
    case = ROOT / "fixtures" / "powerschool" / "rostering"
    script = Path(sys.executable).with_name("transform")
    result = cli_runner.run(
        [
            str(script),
            "--profile",
            str(case / "district.yaml"),
            str(case / "in"),
            str(tmp_path / "out"),
            "--as-of",
            "2027-07-15",
            "--log-format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    event = json.loads(result.stderr.strip().splitlines()[-1])
    assert event["exit"] == 0 and event["published"] is False and event["stopped_by"] == []
    [notice] = event["notices"]
    assert notice.startswith("F422 school-year-over: nothing to publish until the next school year's terms")
    assert not (tmp_path / "out").exists()
