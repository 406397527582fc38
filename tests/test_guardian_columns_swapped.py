"""A guardians export with its two ID columns the other way round (an SDS v2.1 relationships.csv
written guardian first) names students of the set as the guardians, linked to people who are no
students: every parent would be left out at info level (F413, or V515 for a student without an
email), a set without parents at exit 0 on a first night. Refused, naming the file, the columns
and a row (F440); --allow-incomplete publishes it, said (X918). A row or two typed so beside
many right ones are F413 each, as before (tester50 F5)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from transform import api

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sds-v2" / "district" / "in"
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def exports(tmp_path: Path, swap_rows: int | None = None) -> Path:
    """The SDS v2.1 district with relationships.csv's two ID columns swapped on its first
    `swap_rows` rows (all when None)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURE, folder)
    path = folder / "relationships.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    swapped = [
        ",".join([r.split(",")[1], r.split(",")[0], r.split(",")[2]]) if swap_rows is None or n < swap_rows else r
        for n, r in enumerate(rows)
    ]
    path.write_text("\n".join([header, *swapped]) + "\n", encoding="utf-8")
    return folder


def run(folder: Path, out: Path, engine: str, **options: object) -> api.RunResult:
    values = {"profile": "sds-v2", "in_dir": folder, "out_dir": out, "engine": engine, **options}
    return api.run(api.RunOptions(as_of=dt.date(2026, 10, 15), **values))  # type: ignore[arg-type]


def said(result: api.RunResult, code: str) -> list[str]:
    return [str(p) for p in result.report.examples.get(code, [])]


@ENGINES
def test_relationships_with_swapped_id_columns_are_refused(tmp_path: Path, engine: str) -> None:
    result = run(exports(tmp_path), tmp_path / "out", engine)
    assert result.exit_status == 1 and not result.report.published
    (message,) = said(result, "F440")
    assert message.startswith("relationships.csv:2: F440 guardian-columns-swapped: relationships.csv: 3 parents")
    assert "guardian's (relationshipUserSourcedId) is a student of the set" in message
    assert "the student's (userSourcedId) is not (line 2: guardian 'st1', student 'g1')" in message
    allowed = run(exports(tmp_path / "again"), tmp_path / "out2", engine, allow_incomplete=True)
    assert allowed.report.published and "F440" not in allowed.report.counts
    assert any("relationships.csv are students of the set (F440)" in m for m in said(allowed, "X918"))


@ENGINES
def test_one_row_written_the_other_way_round_is_said_as_before(tmp_path: Path, engine: str) -> None:
    result = run(exports(tmp_path, swap_rows=1), tmp_path / "out", engine)
    assert result.exit_status == 0 and result.report.published and "F440" not in result.report.counts
