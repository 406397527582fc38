"""A class whose term's session the set leaves out (tester17 F9, strict target). Science 6 runs
in s1-2027 and s2-2027; with s1-2027 `tobedeleted` the sessions file leaves it out (D301), yet the
term filter read its dates and kept the class in October, written with s2-2027 alone: a spring
class published as current. A class is now judged by the sessions the set holds; the Remind
target, which writes no sessions, judges it as before."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api


def classes(out: Path) -> dict[str, str]:
    with (out / "classes.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["sourcedId"]: row["termSourcedIds"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_class_is_judged_by_the_sessions_the_set_holds(tmp_path: Path, engine: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    sessions = exports / "academicSessions.csv"
    text = sessions.read_text(encoding="utf-8")
    assert "s1-2027,active," in text
    sessions.write_text(text.replace("s1-2027,active,", "s1-2027,tobedeleted,"), encoding="utf-8")

    def run(target: str) -> api.RunResult:
        return api.run(
            api.RunOptions(
                profile="oneroster",
                in_dir=exports,
                out_dir=tmp_path / target,
                as_of=dt.date(2026, 10, 15),
                target=target,
                engine=engine,
            )
        )

    strict = run("oneroster")
    assert strict.exit_status == 0
    assert "cl-sci6" not in classes(tmp_path / "oneroster")  # a spring class (s2-2027) in October
    assert "cl-read2" in classes(tmp_path / "oneroster")
    remind = run("remind")
    assert remind.exit_status == 0 and "cl-sci6" in classes(tmp_path / "remind")
