"""Generated districts with hostile IDs: every ID the published set holds is a whole cleaned
cell of the exports, or an ID the profile documents as built from such cells; and the set is
the same bytes whatever the day and the time zone the tool runs in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_properties_pipeline import table, write_exports
from transform import api

# What an ID cell of a real export can hold: good IDs, leading zeros, two IDs in one cell,
# spreadsheet formulas, invisible characters, one name in two Unicode forms, placeholders,
# quotes and line breaks.
ID = st.sampled_from(
    [
        "1000",
        "1001",
        "1002",
        "001003",
        "000001,000002",
        "100,200",
        "=cmd|' /C calc'!A0",
        "@SUM(A1)",
        "+1000",
        "-1000",
        "10\u200b01",
        "1001\u00ad",
        "\ufeff1002",
        "\u200e1000",
        "1000\u2060",
        "Jos\u00e9",
        "Jose\u0301",
        "NULL",
        "null",
        "N/A",
        "#N/A",
        "none",
        "-",
        'a"b',
        "a\nb",
        " 1004 ",
        "1.2E+11",
    ]
)
SCHOOL = st.sampled_from(["100", "100", "200", "100,200", "=1+1", "1\u200b00", "NULL", "-"])
NAME = st.sampled_from(["Ann", "Lee", '=HYPERLINK("x")', "Bo\x1b[31m", "\u202eevil", "O'Neil", "Zoë"])

# The IDs powerschool.yaml builds from cells: terms and courses "{SchoolID}-{...}", enrolments
# "{SectionID}-{Student_Number}" and "{SectionID}-T{TeacherNumber}"; guardians G + 12 hex.
JOINERS = ("-", "-T")
GUARDIAN = re.compile(r"G[0-9a-f]{12}")
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
PLACEHOLDERS = {"null", "n/a", "#n/a", "none", "-"}

# The columns of either target that hold an ID, or a comma-separated list of IDs.
ID_COLUMNS = {
    "sourcedId",
    "parentSourcedId",
    "schoolSourcedId",
    "classSourcedId",
    "userSourcedId",
    "courseSourcedId",
    "orgSourcedId",
    "schoolYearSourcedId",
}
ID_LISTS = {"orgSourcedIds", "agentSourcedIds", "termSourcedIds"}


@st.composite
def district(draw: st.DrawFn) -> dict[str, str]:
    d = draw(st.sampled_from(["\t", ","]))
    count = draw(st.integers(1, 6))
    students = [
        [
            "ID",
            "Student_Number",
            "SchoolID",
            "First_Name",
            "Last_Name",
            "Grade_Level",
            "Enroll_Status",
            "DOB",
            "Mother",
            "Mother_Email",
        ]
    ]
    for i in range(count):
        students.append(
            [
                str(i),
                draw(ID),
                draw(SCHOOL),
                draw(NAME),
                "Lee",
                "5",
                "0",
                "1/2/2015",
                draw(st.sampled_from(["", "Mia Lee", "Mia Lee"])),
                f"m{i}@x.org",
            ]
        )
    teachers = [
        ["ID", "TeacherNumber", "SchoolID", "First_Name", "Last_Name", "Email_Addr", "Status", "StaffStatus"],
        ["1", draw(ID), "100", draw(NAME), "Tam", "t@x.org", "1", "1"],
        ["2", draw(ID), "200", "Al", "Ng", "a@x.org", "1", "1"],
    ]
    sections = [
        ["ID", "SchoolID", "Course_Number", "Section_Number", "TermID", "Expression", "Teacher"],
        [draw(ID), "100", "C1", "1", "3600", "1(A)", "1"],
        ["11", draw(SCHOOL), "C1", "2", "3600", "2(A)", "2"],
    ]
    cc = [["StudentID", "SectionID", "TermID", "SchoolID", "DateEnrolled", "DateLeft"]]
    for i in range(count):
        for section in draw(st.lists(st.sampled_from([sections[1][0], "11"]), max_size=2, unique=True)):
            cc.append([str(i), section, "3600", "100", "08/17/2026", ""])
    return {
        "schools.txt": table([["School_Number", "Name"], ["100", "A"], ["200", draw(NAME)]], d),
        "students.txt": table(students, d),
        "teachers.txt": table(teachers, d),
        "courses.txt": table([["Course_Number", "Course_Name"], ["C1", draw(NAME)]], d),
        "sections.txt": table(sections, d),
        "cc.txt": table(cc, d),
        "terms.txt": table(
            [
                ["ID", "SchoolID", "Name", "FirstDay", "LastDay", "IsYearRec"],
                ["3600", "100", "Year", "08/17/2026", "05/28/2027", "1"],
                ["3600", "200", "Year", "08/17/2026", "05/28/2027", "1"],
            ],
            d,
        ),
    }


def cleaned_cells(files: dict[str, str]) -> set[str]:
    cells = set()
    for text in files.values():
        delimiter = "\t" if "\t" in text.split("\r\n", 1)[0] else ","
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            cells.update(unicodedata.normalize("NFC", INVISIBLE.sub("", cell)).strip() for cell in row)
    return cells - {""}


def published_ids(out: Path) -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for column, value in row.items():
                    if column in ID_COLUMNS and value:
                        found.append((path.name, column, value))
                    elif column in ID_LISTS and value:
                        found.extend((path.name, column, member) for member in value.split(","))
    return found


def made_of_cells(value: str, cells: set[str]) -> bool:
    if value in cells or GUARDIAN.fullmatch(value):
        return True
    return any(
        value.startswith(cell + joiner) and value[len(cell + joiner) :] in cells for cell in cells for joiner in JOINERS
    )


def run(exports: Path, out: Path, target: str, clock: dt.datetime) -> api.RunResult:
    with time_machine.travel(clock, tick=False):
        return api.run(
            api.RunOptions(
                profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), target=target
            )
        )


CLOCKS = (
    dt.datetime(2026, 12, 2, 23, 30, tzinfo=ZoneInfo("Pacific/Kiritimati")),
    dt.datetime(2031, 2, 28, 0, 15, tzinfo=ZoneInfo("America/Adak")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(district(), st.sampled_from(["remind", "oneroster"]))
def test_published_ids_are_whole_cleaned_cells_and_the_clock_changes_nothing(
    files: dict[str, str], target: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        exports = write_exports(files, root)
        results = [run(exports, root / f"out{i}", target, clock) for i, clock in enumerate(CLOCKS)]
        assert results[0].exit_status == results[1].exit_status
        assert results[0].exit_status in (0, 1), [str(p) for p in results[0].problems]
        if results[0].exit_status:
            assert results[0].problems and not (root / "out0").exists()
            return
        first, second = ({p.name: p.read_bytes() for p in (root / f"out{i}").iterdir()} for i in range(2))
        assert first == second
        cells = cleaned_cells(files)
        for file, column, value in published_ids(root / "out0"):
            where = f"{file} {column} {value!r}"
            assert value == unicodedata.normalize("NFC", value) and not INVISIBLE.search(value), where
            assert value.lower() not in PLACEHOLDERS, where
            assert not re.search(r"[,\"\r\n]", value), where
            assert not (value[0] in "=@" or (value[0] in "+-" and not value[1:2].isdigit())), where
            assert made_of_cells(value, cells), where
