"""A required export missing: whose fault, and so which exit (tester74 F14). One the last published
set was made with, by the same profile, is the export's: its job failed or its copy did not arrive,
exit 1 (I253), like a column lost from it (I295). On a first set, or after the profile changed, the
profile's source pattern may be what is wrong: I200, exit 2, as before."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

DISTRICT = FIXTURES / "powerschool" / "district" / "in"


def run(profile: str | Path, exports: Path, out: Path, as_of: str) -> api.RunResult:
    options = api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date.fromisoformat(as_of))
    return api.run(options)


def without_teachers(tmp_path: Path) -> Path:
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT, exports)
    (exports / "teachers.txt").unlink()
    return exports


def test_an_export_the_last_set_was_made_with_gone_tonight_is_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("powerschool", DISTRICT, out, "2026-10-15").exit_status == 0
    published = sorted(p.read_bytes() for p in out.glob("*.csv"))
    result = run("powerschool", without_teachers(tmp_path), out, "2026-10-16")
    assert result.exit_status == 1 and not result.report.published
    (stop,) = result.problems
    assert stop.code.id == "I253" and stop.params["source"] == "teachers"
    assert "the last published set (as of 2026-10-15) was made with it" in stop.message
    assert sorted(p.read_bytes() for p in out.glob("*.csv")) == published


def test_an_export_missing_on_a_first_set_or_a_changed_profile_is_still_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    exports = without_teachers(tmp_path)
    first = run("powerschool", exports, out, "2026-10-15")
    assert first.exit_status == 2 and [p.code.id for p in first.problems] == ["I200"]
    assert run("powerschool", DISTRICT, out, "2026-10-15").exit_status == 0
    district = tmp_path / "district.yaml"
    district.write_text('extends: powerschool\nsettings:\n  district_name: "Changed"\n', encoding="utf-8")
    changed = run(district, exports, out, "2026-10-16")
    assert changed.exit_status == 2 and [p.code.id for p in changed.problems] == ["I200"]
