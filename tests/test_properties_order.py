"""Order never matters (issue 22): the same records in any row order, any column order, any
file naming and delimiter give byte-identical sets, guardians included (siblings listing one
parent with different emails and phones, households, parents found alike through one row)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from tests.doc_profiles import case_profile
from tests.test_properties_pipeline import table
from transform import api

Table = list[list[str]]
PARENTS = ["Rose Quinn", "Tom Diaz", "Lia Diaz", "Ned Bell", ""]
EMAILS = ["", "rose@x.org", "rose@y.org", "tom@x.org", "TOM@x.org", "bad@"]
PHONES = ["", "(608) 555-0101", "(608) 555-0102", "608.555.0303", "x"]
HOUSEHOLDS = ["", "", "F1", "F2"]
GRADES = ["K", "1", "5", "12", "-1", "99"]


# The students export's header, in the order PowerSchool writes it (test_properties_order_examples too).
STUDENTS_HEADER = (
    "ID",
    "Student_Number",
    "SchoolID",
    "First_Name",
    "Last_Name",
    "Grade_Level",
    "Enroll_Status",
    "DOB",
    "Home_Language",
    "Mother",
    "Mother_Email",
    "Motherdayphone",
    "Father",
    "Fatherdayphone",
    "Family_Ident",
)


@st.composite
def export(draw: st.DrawFn) -> dict[str, Table]:
    """A PowerSchool export whose IDs are unique (a repeated ID keeps the first row read: that
    is reported as a duplicate and documented), with siblings sharing parents."""
    count = draw(st.integers(1, 8))
    students: Table = [list(STUDENTS_HEADER)]
    for i in range(count):
        students.append(
            [
                str(i),
                str(1000 + i),
                draw(st.sampled_from(["100", "200"])),
                f"Kid{i}",
                "Quinn",
                draw(st.sampled_from(GRADES)),
                draw(st.sampled_from(["0", "0", "2"])),
                "3/4/2015",
                draw(st.sampled_from(["", "English", "es", "Spanish"])),
                draw(st.sampled_from(PARENTS)),
                draw(st.sampled_from(EMAILS)),
                draw(st.sampled_from(PHONES)),
                draw(st.sampled_from(PARENTS)),
                draw(st.sampled_from(PHONES)),
                draw(st.sampled_from(HOUSEHOLDS)),
            ]
        )
    teachers: Table = [
        ["ID", "TeacherNumber", "SchoolID", "First_Name", "Last_Name", "Email_Addr", "Status", "StaffStatus"],
        ["1", "T1", "100", "Ann", "Lee", "t1@x.org", "1", "1"],
        ["2", "T1", "200", "Ann", "Lee", "t1@x.org", "1", "1"],  # one teacher at two schools
        ["3", "T2", "200", "Al", "Ray", "t2@x.org", "1", "1"],
    ]
    sections: Table = [
        ["ID", "SchoolID", "Course_Number", "Section_Number", "TermID", "Expression", "Teacher"],
        ["10", "100", "C1", "1", "3600", "1(A)", "1"],
        ["11", "100", "C2", "1", "3601", "2(A)", "1"],
        ["20", "200", "C1", "1", "3600", "3(A)", "3"],
    ]
    cc: Table = [["StudentID", "SectionID", "TermID", "SchoolID", "DateEnrolled", "DateLeft"]]
    for i in range(count):
        for section in draw(st.sets(st.sampled_from(["10", "11", "20", "77"]), max_size=3)):
            cc.append([str(i), section, "3600", "100", "08/17/2026", ""])
    return {
        "schools": [["School_Number", "Name"], ["100", "North"], ["200", "South"]],
        "students": students,
        "teachers": teachers,
        "courses": [["Course_Number", "Course_Name"], ["C1", "Math"], ["C2", "Art"]],
        "sections": sections,
        "cc": cc,
        "terms": [
            ["ID", "SchoolID", "Name", "FirstDay", "LastDay", "IsYearRec"],
            ["3600", "100", "Year", "08/17/2026", "05/28/2027", "1"],
            ["3601", "100", "S1", "08/17/2026", "01/08/2027", "0"],
            ["3600", "200", "Year", "08/17/2026", "05/28/2027", "1"],
        ],
    }


def _write(folder: Path, tables: dict[str, Table], rnd: random.Random | None) -> None:
    """The export as files; with `rnd`, every file's rows and columns shuffled, its name's case,
    extension and delimiter changed, and the files written in another order."""
    folder.mkdir()
    names = list(tables)
    if rnd is not None:
        rnd.shuffle(names)
    for name in names:
        header, *rows = tables[name]
        columns = list(range(len(header)))
        file_name, delimiter = f"{name}.txt", "\t"
        if rnd is not None:
            rnd.shuffle(rows)
            rnd.shuffle(columns)
            file_name = rnd.choice([name, name.upper(), name.capitalize()]) + rnd.choice([".txt", ".csv"])
            delimiter = rnd.choice(["\t", ","])
        text = table([[row[c] for c in columns] for row in [header, *rows]], delimiter)
        (folder / file_name).write_text(text, encoding="utf-8", newline="")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    export(),
    st.sampled_from(["remind", "oneroster"]),
    st.sampled_from(["derived", "student-prefix"]),
    st.randoms(use_true_random=False),
)
def test_shuffled_exports_give_byte_identical_sets(
    tables: dict[str, Table], target: str, scheme: str, rnd: random.Random
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        profile = root / "district.yaml"
        profile.write_text(
            f"name: district\nextends: powerschool\n"
            f"tables:\n  users:\n    guardians:\n      guardian: {{id: {scheme}}}\n",
            encoding="utf-8",
        )
        sets = []
        for attempt, shuffle in (("a", None), ("b", rnd), ("c", rnd)):
            _write(root / f"in-{attempt}", tables, shuffle)
            result = api.run(
                api.RunOptions(
                    profile=str(profile),
                    in_dir=root / f"in-{attempt}",
                    out_dir=root / attempt,
                    as_of=dt.date(2026, 10, 15),
                    target=target,
                )
            )
            assert result.exit_status in (0, 1)
            sets.append(
                {p.name: p.read_bytes() for p in (root / attempt).iterdir()}
                if result.exit_status == 0
                else result.exit_status
            )
        assert sets[1] == sets[0]
        assert sets[2] == sets[0]


# Every bundled profile's district, its exports' rows shuffled (each file's header kept): the
# exports of other SIS (contacts from their own file: Infinite Campus, Synergy, Aeries, Clever,
# OneRoster, SDS ...) are not generated above. Known to depend on the order of the rows, said
# with both rows: a user enrolled twice in one class keeps the first enrolment (V580,
# fixtures/oneroster/repeats), and of a class's teachers all marked primary the first stays
# primary in a strict OneRoster set (D360: the SDS roster, which marks every teacher).
DISTRICTS = sorted(p.parent for p in FIXTURES.glob("*/district/case.yaml"))


def _rewritten(source: Path, folder: Path, rnd: random.Random | None) -> Path:
    """The export's files as the csv module writes them, each one's rows shuffled with `rnd`."""
    shutil.copytree(source, folder)
    for path in sorted(folder.iterdir()):
        raw = path.read_bytes()
        try:
            text, encoding = raw.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252"), "cp1252"  # a Windows export, written back as it came
        first = text.split("\n", 1)[0]
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        header, *rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        if rnd is not None:
            rnd.shuffle(rows)
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
        path.write_bytes(raw[: len(raw) - len(raw.lstrip(b"\xef\xbb\xbf"))] + out.getvalue().encode(encoding))
    return folder


@pytest.mark.parametrize("case", DISTRICTS, ids=[c.parent.name for c in DISTRICTS])
def test_each_profile_s_district_shuffled_gives_the_same_set(case: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    sets = []
    for name, rnd in (("a", None), ("b", random.Random(case.parent.name))):
        exports = _rewritten((case / spec.get("in", "in")).resolve(), tmp_path / f"in-{name}", rnd)
        result = api.run(
            api.RunOptions(
                profile=case_profile(case, spec["profile"], tmp_path),
                in_dir=exports,
                out_dir=tmp_path / name,
                as_of=dt.date.fromisoformat(spec["as_of"]),
            )
        )
        out = tmp_path / name
        sets.append((result.exit_status, {p.name: p.read_bytes() for p in out.iterdir()} if out.exists() else {}))
    assert sets[1] == sets[0]
