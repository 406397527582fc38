"""A student withdrawn today leaves an export of active students tonight, while her schedule rows
end today: the night was refused as a students export that lost rows (X882, 'export it again
whole', which changed nothing), and the next night published (tester67 F5). Rows that their
rule's date conditions keep today and leave out tomorrow end tonight: the person they alone name
is leaving, not lost. A student missing with schedule rows that run on is still refused."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

DISTRICT = FIXTURES / "powerschool" / "district" / "in"
FIRST = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
STUDENT = "900"  # Ava Nguyen, DCID of students.txt, StudentID of cc.txt


def night(exports: Path, out: Path, number: int, engine: str = "python") -> api.RunResult:
    now = FIRST + dt.timedelta(days=number)
    for path in exports.iterdir():
        os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
    options = {"profile": "powerschool", "in_dir": exports, "out_dir": out, "engine": engine}
    return api.run(api.RunOptions(as_of=now.date(), now=now, **options))  # type: ignore[arg-type]


def rewrite(export: Path, change: object) -> None:
    lines = export.read_bytes().decode("cp1252").split("\r\n")
    kept = [changed for line in lines if (changed := change(line.split("\t"))) is not None]  # type: ignore[operator]
    export.write_bytes("\r\n".join("\t".join(cells) for cells in kept).encode("cp1252"))


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(("left", "refused"), [("10/17/2026", False), ("05/29/2027", True)])
def test_a_student_whose_schedule_ends_tonight_is_a_withdrawal_not_a_lost_row(
    tmp_path: Path, left: str, refused: bool, engine: str
) -> None:
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    assert night(exports, out, 0, engine).report.published
    rewrite(exports / "students.txt", lambda cells: None if cells[0] == STUDENT else cells)
    rewrite(exports / "cc.txt", lambda cells: [*cells[:5], left] if cells[0] == STUDENT else cells)
    result = night(exports, out, 1, engine)  # 16 October: DateLeft 17 October ends the rows tonight
    users = (out / "users.csv").read_text(encoding="utf-8")
    if refused:
        assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
        assert "X882" in result.report.counts and ",Ava," in users  # the last set stays
    else:
        assert result.report.published and "X882" not in result.report.counts
        assert ",Ava," not in users and ",Lucasa," not in users  # she left, her mother with her
