"""The safety gate sees what a count of removals does not: a user ID now given to another
person, and a term whose dates are swapped (its classes are not "outside the term")."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)
ENGINES = ("python", "columnar")


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"as_of": dt.date(2026, 10, 15), "now": NOW}
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, **{**defaults, **options}))


def ids(result: api.RunResult) -> set[str]:
    return {p.code.id for p in result.problems}


def edited(tmp_path: Path, file: str, old: bytes, new: bytes) -> Path:
    exports = tmp_path / "exports"
    shutil.copytree(SAMPLE, exports)
    data = (exports / file).read_bytes()
    assert old in data
    (exports / file).write_bytes(data.replace(old, new, 1))
    return exports


@pytest.mark.parametrize("engine", ENGINES)
def test_a_term_ending_before_it_starts_refuses_the_first_run(tmp_path: Path, engine: str) -> None:
    # School 100's year-long term, its dates swapped: its classes are not "outside the term".
    year = b"3600\t100\t36\t2026-2027\t26-27\t"
    exports = edited(tmp_path, "terms.txt", year + b"08/17/2026\t05/28/2027", year + b"05/28/2027\t08/17/2026")
    out = tmp_path / "out"
    result = run(exports, out, engine=engine)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    swapped = result.report.examples["F425"]
    assert swapped[0].code.severity == "error" and swapped[0].where.file == "sections.txt"
    assert "ends on 2026-08-17, before it starts on 2027-05-28" in swapped[0].code.render(**swapped[0].params)
    assert ids(result) == {"X915"} and result.report.counts["F425"] == 4
