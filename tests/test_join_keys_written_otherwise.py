"""A join key written otherwise (tester32 F1). Aeries's MST.csv saved through a spreadsheet
writes the course numbers 0TKK and 0300 as TKK and 300; CRS.csv keeps them. The join stayed
exact and each section was left out as D300, a warning whose message even said "'0300' differs
only by leading zeros": the first run published Manzanita Elementary with no class, exit 0. A
miss whose key a row of the joined export has but for leading zeros or letter case is an export
damaged, as V608 says of a reference: an error (D386) that counts against its export's rows,
refused past the removal limit (X915) and said row by row under it. Either engine."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AERIES_IN = FIXTURES / "aeries" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)
ENGINES = ["python", "columnar"]


def exports(tmp_path: Path, **edits: tuple[str, str]) -> Path:
    """The Aeries fixture district with a line of a file replaced: FILE=(old line, new line)."""
    folder = tmp_path / "in"
    shutil.copytree(AERIES_IN, folder)
    for name, (old, new) in edits.items():
        path = folder / f"{name}.csv"
        text = path.read_text(encoding="utf-8")
        assert f"\n{old}\n" in text, (name, old)
        path.write_text(text.replace(f"\n{old}\n", f"\n{new}\n"), encoding="utf-8")
    return folder


def run(folder: Path, out: Path, engine: str, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="aeries", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine, **options)  # type: ignore[arg-type]
    )


def class_ids(out: Path) -> set[str]:
    return {line.split(",", 1)[0] for line in (out / "classes.csv").read_text(encoding="utf-8").splitlines()[1:]}


# MST.csv lines 2 and 3: Manzanita Elementary's two sections, their course numbers as a
# spreadsheet saves them (CRS.csv keeps 0TKK and 0300).
ZEROS_LOST = {"MST": ("10,1,0TKK,101,,Y,1,K-1,0", "10,1,TKK,101,,Y,1,K-1,0")}
BOTH_LOST = {
    "MST": ("10,1,0TKK,101,,Y,1,K-1,0\n10,2,0300,102,,Y,1,R3,0", "10,1,TKK,101,,Y,1,K-1,0\n10,2,300,102,,Y,1,R3,0")
}


@pytest.mark.parametrize("engine", ENGINES)
def test_course_numbers_that_lost_their_zeros_are_refused_on_a_first_run(tmp_path: Path, engine: str) -> None:
    result = run(exports(tmp_path, **BOTH_LOST), tmp_path / "out", engine)
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert "D300" not in result.report.counts
    misses = result.report.examples["D386"]
    assert [(p.where.file, p.where.line, p.where.column) for p in misses] == [("MST.csv", n, "CN") for n in (2, 3)]
    assert misses[1].code.severity == "error"
    assert misses[1].message == (
        "classes.sections: no courses row with CN='300', but CN='0300' is one, written with other leading zeros: "
        "the exports write the key two ways (a spreadsheet, a converter); row left out"
    )
    (refusal,) = result.problems
    assert refusal.code.id == "X915" and (refusal.where.file, refusal.where.line) == ("MST.csv", 2)
    assert "errors left out 2 of its 7 rows" in refusal.message
    assert "D386 join-key-written-otherwise (CN='TKK' is CN='0TKK' of courses but for leading zeros)" in refusal.message


@pytest.mark.parametrize("engine", ENGINES)
def test_under_the_removal_limit_each_section_is_said_as_an_error(tmp_path: Path, engine: str) -> None:
    """One section of seven, with a limit of 20 %: published, the TK/K class left out and said
    (an error, so "Published with errors"), the other school's classes there."""
    out = tmp_path / "out"
    result = run(exports(tmp_path, **ZEROS_LOST), out, engine, max_removal=20.0)
    assert result.exit_status == 0
    assert class_ids(out) == {"10-2", "40-1", "40-2", "40-5"}
    (miss,) = result.report.examples["D386"]
    assert (miss.where.file, miss.where.line, miss.where.column, miss.where.record) == ("MST.csv", 2, "CN", "10-1")
    assert result.report.left_out.error_rows("MST.csv") == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_a_term_code_in_other_letter_case_is_an_error_naming_the_column_that_differs(
    tmp_path: Path, engine: str
) -> None:
    """MST.SM 'y' for TRM's 'Y': the term join reads SC and SM; only SM differs."""
    result = run(
        exports(tmp_path, MST=("10,2,0300,102,,Y,1,R3,0", "10,2,0300,102,,y,1,R3,0")),
        tmp_path / "out",
        engine,
        max_removal=20.0,
    )
    (miss,) = result.report.examples["D386"]
    assert (miss.where.line, miss.where.column) == (3, "SM")
    assert "no terms row with SC='10', SM='y', but SC='10', SM='Y' is one, written with other letter case" in (
        miss.message
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_key_naming_no_row_stays_a_warning_that_names_its_columns(tmp_path: Path, engine: str) -> None:
    """A course number CRS does not have in any writing, and a term code TRM lacks (quarters the
    terms export does not list): D300 warnings, as before, now naming the columns the join reads."""
    out = tmp_path / "out"
    folder = exports(
        tmp_path,
        MST=("10,1,0TKK,101,,Y,1,K-1,0\n10,2,0300,102,,Y,1,R3,0", "10,1,7777,101,,Y,1,K-1,0\n10,2,0300,102,,Q1,1,R3,0"),
    )
    result = run(folder, out, engine, max_removal=50.0)
    assert result.exit_status == 0 and "D386" not in result.report.counts
    misses = result.report.examples["D300"]
    assert [(p.where.line, p.where.column) for p in misses] == [(2, "CN"), (3, "SC, SM")]
    assert str(misses[0].where) == "MST.csv:2 [CN]"
