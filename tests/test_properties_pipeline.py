"""The whole pipeline on generated districts: a coded result every time, valid when published,
the same bytes every time."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transform import api

# Cells as exports really hold them: names with quotes and commas, stray spaces, accents,
# tabs and line breaks (quoted), empty cells, junk numbers.
TEXT = st.text(alphabet=st.sampled_from([*"aAzZ éñ'\",;-.0159\t\n", "“", "”", "\u200b"]), max_size=12)
GRADE = st.sampled_from(["-2", "-1", "0", "1", "5", "09", "12", "99", "K", "", "x"])
STATUS = st.sampled_from(["0", "0", "0", "2", "-1", "", "zero"])
DATE = st.one_of(st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)).map(lambda d: f"{d.month}/{d.day}/{d.year}"), TEXT)
PHONE = st.one_of(st.from_regex(r"\(6[0-9]{2}\) 555-[0-9]{4}", fullmatch=True), TEXT)


def quoted(value: str, delimiter: str) -> str:
    if any(ch in value for ch in f'"{delimiter}\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_exports(files: dict[str, str], root: Path) -> Path:
    """The generated files as an exports folder under `root`."""
    exports = root / "in"
    exports.mkdir()
    for name, text in files.items():
        (exports / name).write_text(text, encoding="utf-8", newline="")
    return exports


def table(rows: list[list[str]], delimiter: str) -> str:
    return "".join(delimiter.join(quoted(c, delimiter) for c in row) + "\r\n" for row in rows)


@st.composite
def district(draw: st.DrawFn) -> dict[str, str]:
    d = draw(st.sampled_from(["\t", ","]))
    students = draw(st.lists(st.tuples(TEXT, TEXT, GRADE, STATUS, DATE, PHONE, TEXT), min_size=1, max_size=8))
    student_rows = [
        [
            "ID",
            "Student_Number",
            "SchoolID",
            "First_Name",
            "Last_Name",
            "Grade_Level",
            "Enroll_Status",
            "DOB",
            "Home_Phone",
            "Mother",
            "Mother_Email",
        ]
    ]
    for i, (first, last, grade, status, dob, phone, mother) in enumerate(students):
        number = draw(st.sampled_from([str(1000 + i), str(1000 + i), f"00{i}", "1.2E+11", str(1000 + i - 1)]))
        student_rows.append(
            [
                str(i),
                number,
                draw(st.sampled_from(["100", "200", "999"])),
                first,
                last,
                grade,
                status,
                dob,
                phone,
                mother,
                draw(st.sampled_from(["", "m@x.org", "bad@", mother])),
            ]
        )
    sections = [
        ["ID", "SchoolID", "Course_Number", "Section_Number", "TermID", "Expression", "Teacher"],
        ["10", "100", "C1", "1", "3600", "1(A)", "1"],
        ["11", "100", "C2", "1", "3601", "2(A)", "1"],
        ["20", "200", "C1", "1", "3600", draw(TEXT), draw(st.sampled_from(["2", "9"]))],
    ]
    cc = [["StudentID", "SectionID", "TermID", "SchoolID", "DateEnrolled", "DateLeft"]]
    for i in range(len(students)):
        for section in draw(st.lists(st.sampled_from(["10", "11", "20", "-10", "77"]), max_size=3)):
            cc.append([str(i), section, "3600", "100", "08/17/2026", draw(st.sampled_from(["", "05/29/2027", "x"]))])
    return {
        "schools.txt": table([["School_Number", "Name"], ["100", draw(TEXT) or "A"], ["200", "B"]], d),
        "students.txt": table(student_rows, d),
        "teachers.txt": table(
            [
                ["ID", "TeacherNumber", "SchoolID", "First_Name", "Last_Name", "Email_Addr", "Status", "StaffStatus"],
                ["1", "T1", "100", draw(TEXT), "Lee", "t@x.org", "1", "1"],
                [
                    "2",
                    "T2",
                    "200",
                    "Al",
                    draw(TEXT),
                    draw(st.sampled_from(["", "a@x.org"])),
                    "1",
                    draw(st.sampled_from(["1", "2", "3"])),
                ],
            ],
            d,
        ),
        "courses.txt": table([["Course_Number", "Course_Name"], ["C1", draw(TEXT)], ["C2", "Lunch"]], d),
        "sections.txt": table(sections, d),
        "cc.txt": table(cc, d),
        "terms.txt": table(
            [
                ["ID", "SchoolID", "Name", "FirstDay", "LastDay", "IsYearRec"],
                ["3600", "100", "Year", "08/17/2026", "05/28/2027", "1"],
                ["3601", "100", "S1", "08/17/2026", draw(st.sampled_from(["01/08/2027", "x"])), "0"],
                ["3600", "200", "Year", "08/17/2026", "05/28/2027", "1"],
            ],
            d,
        ),
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(district(), st.sampled_from(["remind", "oneroster"]))
def test_any_district_gives_a_coded_result_a_valid_set_and_the_same_bytes(files: dict[str, str], target: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        exports = write_exports(files, root)
        outputs, results = [], []
        for attempt in ("columnar", "python"):  # the engines give the same bytes and report
            result = api.run(
                api.RunOptions(
                    profile="powerschool",
                    in_dir=exports,
                    out_dir=root / attempt,
                    as_of=dt.date(2026, 10, 15),
                    target=target,
                    engine=attempt,
                )
            )
            assert result.exit_status in (0, 1, 2)
            results.append(result)
            if result.exit_status:
                assert result.problems and not (root / attempt).exists()
                continue
            assert api.validate_set(root / attempt, target=target).exit_status == 0
            outputs.append({p.name: p.read_bytes() for p in (root / attempt).iterdir()})
        assert results[0].exit_status == results[1].exit_status
        assert [p.message for p in results[0].problems] == [p.message for p in results[1].problems]
        assert results[0].report.flatten("code", "file", "line", "column") == results[1].report.flatten(
            "code", "file", "line", "column"
        )
        assert len(outputs) in (0, 2) and (not outputs or outputs[0] == outputs[1])
