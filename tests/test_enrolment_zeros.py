"""An enrolment export whose student IDs lost their leading zeros (576776 for 00576776: opened
and saved in a spreadsheet), for one school's rows or for all of them (tester28 R1, R6).

The enrolments name students the students export has, but for the zeros: each is an error of the
export (V608, counted against it by X915), not a follow-on of a student left out on purpose (V504,
info), which published a set with that school's classes all gone at exit 0. The refusal names the
zeros, with the two IDs, and the next step is to export again without a spreadsheet: not --term,
--school or --allow-incomplete, which would publish the set without those classes."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from transform import api
from transform.pipeline.lookups import padded_twin
from transform.report.summary import next_step

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ENGINES = ["python", "columnar"]


class District:
    """A bundled fixture district whose students export writes the students' IDs with two
    leading zeros (00970001234), as do all its other exports but the enrolment export's rows
    that `lost` picks (970001234 there)."""

    def __init__(
        self, name: str, *, profile: str, as_of: str, ids: dict[str, str], enrolments: tuple[str, str], school: str
    ) -> None:
        self.name, self.profile, self.as_of = name, profile, dt.date.fromisoformat(as_of)
        self.ids = ids  # export file -> its student ID column
        self.enrolments, self.school = enrolments, school  # (file, school column), one school's code

    def exports(self, folder: Path, lost: Callable[[dict[str, str]], bool]) -> Path:
        shutil.copytree(FIXTURES / self.name / "in", folder)
        for file, column in self.ids.items():
            path = folder / file
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
            header = list(rows[0])
            for row in rows:
                if row[column] and not (file == self.enrolments[0] and lost(row)):
                    row[column] = "00" + row[column]
            with path.open("w", encoding="utf-8", newline="") as handle:
                out = csv.DictWriter(handle, header, lineterminator="\n")
                out.writeheader()
                out.writerows(rows)
        return folder

    def profile_path(self) -> str:
        own = FIXTURES / self.name / "district.yaml"
        return str(own) if own.is_file() else self.profile

    def run(self, exports: Path, out: Path, engine: str, **options: object) -> api.RunResult:
        return api.run(
            api.RunOptions(  # type: ignore[arg-type]
                profile=self.profile_path(), in_dir=exports, out_dir=out, as_of=self.as_of, engine=engine, **options
            )
        )


SYNERGY = District(
    "synergy/district",
    profile="synergy",
    as_of="2026-09-14",
    ids={"students.csv": "SIS_NUMBER", "contacts.csv": "SIS_NUMBER", "classes.csv": "SIS_NUMBER"},
    enrolments=("classes.csv", "SCHOOL_CODE"),
    school="405",
)
FACTS = District(
    "facts/district",
    profile="facts",
    as_of="2027-02-01",
    ids={"students.csv": "Student_id", "enrollments.csv": "Student_id"},
    enrolments=("enrollments.csv", "School_id"),
    school="1",
)
# (district, the student ID of one school's enrolment rows, as the students export writes it)
DISTRICTS = [pytest.param(SYNERGY, "970001234", id="synergy"), pytest.param(FACTS, "40211", id="facts")]


def written(out: Path) -> bool:
    return out.exists() and any(out.iterdir())


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("district", "student"), DISTRICTS)
def test_one_schools_enrolments_without_the_zeros_are_refused(
    tmp_path: Path, district: District, student: str, engine: str
) -> None:
    """Synergy: school 405's schedule rows lost the zeros (405's classes would all be gone);
    FACTS: one student's rows. Errors of the enrolment export, past the removal limit: refused."""
    school_column = district.enrolments[1]
    if district is FACTS:
        exports = district.exports(tmp_path / "in", lambda row: row["Student_id"] == student)
    else:
        exports = district.exports(tmp_path / "in", lambda row: row[school_column] == district.school)
    good = district.run(district.exports(tmp_path / "good", lambda row: False), tmp_path / "good-out", engine)
    assert good.exit_status == 0, good.problems
    out = tmp_path / "out"
    result = district.run(exports, out, engine)
    assert result.exit_status == 1
    assert not written(out)
    lost = {(p.params["value"], p.params["twin"], p.params["how"]) for p in result.report.examples["V608"]}
    assert (student, "00" + student, "leading zeros") in lost
    assert all(value == twin[2:] for value, twin, _ in lost)
    assert not [p for p in result.report.examples.get("V504", []) if p.params.get("value") == student]
    [refused] = result.report.examples["X915"]
    assert refused.where.file == district.enrolments[0]
    assert (
        f"most of them V608 reference-written-otherwise ({student!r} is {'00' + student!r} of users.csv but for "
        "leading zeros)"
    ) in refused.message


@pytest.mark.parametrize("engine", ENGINES)
def test_a_withdrawn_student_named_without_the_zeros_still_follows_her(tmp_path: Path, engine: str) -> None:
    """Ben Ortiz (970001301) left on 2026-09-01: his enrolment, without the zeros, names no kept
    student, so it is left out as a follow-on (V504, info) and not counted as an error. Below the
    limit, the kept students' rows that lost them are published as errors (V608), not dropped
    silently: counted and named."""
    exports = SYNERGY.exports(tmp_path / "in", lambda row: row["SIS_NUMBER"] == "970001302")
    with (exports / "classes.csv").open("a", encoding="utf-8") as handle:
        handle.write("970001301,520,2001,2026-08-13 00:00:00,,N\n")
    result = SYNERGY.run(exports, tmp_path / "out", engine, max_removal=50.0)
    assert result.exit_status == 0, result.problems
    [slip] = result.report.examples["V608"]
    assert (slip.params["value"], slip.params["twin"]) == ("970001302", "00970001302")
    assert "970001301" in {p.params.get("value") for p in result.report.examples["V504"]}
    assert result.report.counts["V608"] == 1


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("district", "student"), DISTRICTS)
def test_every_enrolment_without_the_zeros_is_refused_for_the_zeros(
    tmp_path: Path, district: District, student: str, engine: str
) -> None:
    """Every enrolment row lost the zeros: the classes would all be empty (F412), but what the
    refusal names is the zeros, and the next step is a new export, not --term or --school."""
    exports = district.exports(tmp_path / "in", lambda row: True)
    out = tmp_path / "out"
    result = district.run(exports, out, engine)
    assert result.exit_status == 1
    assert not written(out)
    zeros = f"({student!r} is {'00' + student!r} of users.csv but for leading zeros)"
    empty = {p.where.file: p.message for p in result.report.examples["X916"]}
    assert (
        "most of its records were left out as F412 class-empty, their students' enrolments as V608 "
        in (empty["classes.csv"])
    )
    assert zeros in empty["classes.csv"] and zeros in empty["enrollments.csv"]
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Re-export the file without opening it in a spreadsheet")
    assert "--term" not in said and "--school" not in said and "--allow-incomplete" not in said


def test_a_number_id_is_found_with_as_many_zeros_as_a_spreadsheet_takes_off() -> None:
    """An eight-digit student number 00576776 read as 576776: the ID it means is found (six
    digits were the widest tried); each part of a composite ID is still padded to six digits."""
    known = {"00576776", "0000000042", "0058-0000001", "S-00012345"}.__contains__
    assert padded_twin("576776", known) == "00576776"
    assert padded_twin("42", known) == "0000000042"
    assert padded_twin("S-12345", known) == "S-00012345"
    assert padded_twin("58-1", known) is None  # two runs: each to six digits
    assert padded_twin("576777", known) is None
