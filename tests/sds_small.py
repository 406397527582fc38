"""A small SDS (classic) district written in tmp_path, for the nights of the gates that compare with
the last published set: one school, 8 classes of one year-long term, 8 teachers, 40 students in
grades 9 to 12 (10 each), each in 4 classes. Cheap: a night runs in well under a second."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from transform import api

NIGHT = dt.datetime(2018, 1, 15, 2, 0, tzinfo=dt.UTC)
CLASSES = 8
STUDENTS = 40
PROFILE = """name: small-sds
extends: sds
settings:
  email_domain: small.example.org
  district_id: D1
  district_name: Small District
"""
# Rows of each file, as lists of cells; a test changes them before they are written.
Rows = dict[str, list[list[str]]]


def rows() -> Rows:
    """The district's files, header first."""
    sections = [
        f"{11001 + n},10001,Class {n},{11001 + n},12000,SY1718,7/1/2017,6/30/2018,{11001 + n},Course {n},{101 + n},,"
        "Math,1,Active".split(",")
        for n in range(CLASSES)
    ]
    students = [
        f"{13001 + n},10001,Given{n},Family{n},user{n},,WA,,{13001 + n},,{9 + n % 4},Active,4/2/2002,2021".split(",")
        for n in range(STUDENTS)
    ]
    teachers = [
        f"{14001 + n},10001,Teacher{n},Staff{n},t{n},,WA,{101 + n},Active,,,,".split(",") for n in range(CLASSES)
    ]
    return {
        "School.csv": [
            _cells("SIS ID,Name,School Number,Grade Low,Grade High"),
            _cells("10001,Contoso High,10001,9,12"),
        ],
        "Section.csv": [
            _cells(
                "SIS ID,School SIS ID,Section Name,Section Number,Term SIS ID,Term Name,Term StartDate,Term EndDate,"
                "Course SIS ID,Course Name,Course Number,Course Description,Course Subject,Periods,Status"
            ),
            *sections,
        ],
        "Student.csv": [
            _cells(
                "SIS ID,School SIS ID,First Name,Last Name,Username,Password,State ID,Secondary Email,Student Number,"
                "Middle Name,Grade,Status,Birthdate,Graduation Year"
            ),
            *students,
        ],
        "Teacher.csv": [
            _cells(
                "SIS ID,School SIS ID,First Name,Last Name,Username,Password,State ID,Teacher Number,Status,"
                "Middle Name,Secondary Email,Title,Qualification"
            ),
            *teachers,
        ],
        "StudentEnrollment.csv": [
            ["Section SIS ID", "SIS ID"],
            *([f"{11001 + (n + k) % CLASSES}", f"{13001 + n}"] for n in range(STUDENTS) for k in range(4)),
        ],
        "TeacherRoster.csv": [
            ["Section SIS ID", "SIS ID"],
            *([f"{11001 + n}", f"{14001 + n}"] for n in range(CLASSES)),
        ],
    }


# Night 2 of a new school year, as `night`'s day: 2018-08-20, the year's term (`next_year`) running.
NEW_YEAR_DAY = 217


def next_year(files: Rows) -> None:
    """The sections of the next school year (the same IDs, term SY1819), for a night NEW_YEAR_DAY on."""
    for row in files["Section.csv"][1:]:
        row[4:8] = ["12001", "SY1819", "7/1/2018", "6/30/2019"]


def _cells(line: str) -> list[str]:
    return line.split(",")


def write(folder: Path, files: Rows) -> Path:
    """The files as CSV in `folder` (made), and the district profile beside it (profile.yaml)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in files.items():
        (folder / name).write_text("".join(",".join(cells) + "\r\n" for cells in lines), encoding="utf-8")
    (folder.parent / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    return folder


def night(exports: Path, out: Path, day: int = 0, **options: object) -> api.RunResult:
    """One night's run of the small district into `out`, `day` days after the first."""
    now = NIGHT + dt.timedelta(days=day)
    return api.run(
        api.RunOptions(
            profile=str(exports.parent / "profile.yaml"), in_dir=exports, out_dir=out, as_of=now.date(), now=now,
            **options,
        )  # type: ignore[arg-type]
    )  # fmt: skip


def two_nights(tmp_path: Path, change: Callable[[Rows], None], **options: object) -> tuple[api.RunResult, Path]:
    """The district published on night 1, then `change`d and run into the same OUT on night 2."""
    out = tmp_path / "out"
    first = night(write(tmp_path / "n1" / "in", rows()), out)
    assert first.exit_status == 0 and first.report.published, [str(p) for p in first.problems]
    files = rows()
    change(files)
    return night(write(tmp_path / "n2" / "in", files), out, day=1, **options), out
