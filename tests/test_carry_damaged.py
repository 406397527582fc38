"""last.json's carry of students published with no parent (`orphans`, counted from `as_of`:
pipeline.orphans_gate) hand-edited or damaged (reviewer81 R5): read past without a word, the carry
was lost, and nine families gone one night and nine more the next published at exit 0. A carry that
cannot be read stops the run as the record's other damage does (X930), naming last.json and the key."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.test_max_removal_left_in import assert_let_through
from tests.test_students_left_without_guardians import FIRST, contacts, first_night, night, unlinked_students
from transform import api
from transform.pipeline.gate import state_folder

EDITS: dict[str, Callable[[dict[str, Any]], object]] = {
    "a list": lambda s: s.__setitem__("orphans", list(s["orphans"])),
    "null dates": lambda s: s.__setitem__("orphans", dict.fromkeys(s["orphans"])),
    "numbers": lambda s: s.__setitem__("orphans", dict.fromkeys(s["orphans"], 20261202)),
    "date and time": lambda s: s.__setitem__("orphans", {k: f"{v}T00:00:00" for k, v in s["orphans"].items()}),
    "no as_of": lambda s: s.pop("as_of"),
    "null": lambda s: s.__setitem__("orphans", None),
}
KEYS = {"no as_of": "'as_of'"}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_damaged_carry_is_refused_naming_the_key_never_read_past(tmp_path: Path, edit: str) -> None:
    exports, out = first_night(tmp_path)
    first = night(exports, out, 1, contacts(without=tuple(range(6021, 6030))))
    assert first.exit_status == api.EXIT_PUBLISHED and "X805" not in first.report.counts
    record = state_folder(out) / "last.json"
    state = json.loads(record.read_text(encoding="utf-8"))
    assert len(state["orphans"]) == 9
    EDITS[edit](state)
    record.write_text(json.dumps(state), encoding="utf-8")
    result = night(exports, out, 2, contacts(without=tuple(range(6021, 6039))))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = result.report.examples["X930"]
    assert refused.where.file == str(record) and KEYS.get(edit, "'orphans'") in refused.message
    assert {f"0{s}" for s in range(6030, 6039)}.isdisjoint(unlinked_students(out)), "the last set stays"


def test_the_key_removed_starts_the_count_again(tmp_path: Path) -> None:
    """What X930 says to do: the nine more alone are under the floor, and publish (at exit 1, X821: their
    parents, gone from the export, are over the removal limit without the fixture's --max-removal 60)."""
    exports, out = first_night(tmp_path)
    assert night(exports, out, 1, contacts(without=tuple(range(6021, 6030)))).exit_status == api.EXIT_PUBLISHED
    record = state_folder(out) / "last.json"
    state = json.loads(record.read_text(encoding="utf-8"))
    state["orphans"] = list(state["orphans"])
    record.write_text(json.dumps(state), encoding="utf-8")
    assert night(exports, out, 2, contacts(without=tuple(range(6021, 6039)))).exit_status == api.EXIT_NOT_PUBLISHED
    del state["orphans"]
    record.write_text(json.dumps(state), encoding="utf-8")
    result = night(exports, out, 3, contacts(without=tuple(range(6021, 6039))))
    assert_let_through(result)
    assert "X930" not in result.report.counts


def test_a_night_rerun_for_an_earlier_day_carries_later_dates_and_is_no_damage(tmp_path: Path) -> None:
    """A deliberate re-run of an earlier night (--allow-earlier-as-of) keeps the carried students with
    the later day they were first published so: the next night reads them, no X930."""
    exports, out = first_night(tmp_path)
    lost = contacts(without=tuple(range(6021, 6030)))
    assert night(exports, out, 3, lost).exit_status == api.EXIT_PUBLISHED
    now = FIRST + dt.timedelta(days=3)
    earlier = api.RunOptions(
        profile="skyward-sms",
        in_dir=exports,
        out_dir=out,
        as_of=(FIRST + dt.timedelta(days=1)).date(),
        now=now,
        max_removal=60,
        allow_earlier_as_of=True,
    )
    rerun = api.run(earlier)
    assert rerun.report.published and rerun.exit_status == 1 and rerun.report.counts["X959"]  # published, but
    state = json.loads((state_folder(out) / "last.json").read_text(encoding="utf-8"))
    assert max(state["orphans"].values()) > state["as_of"]
    result = night(exports, out, 4, lost)
    assert result.exit_status == api.EXIT_PUBLISHED and "X930" not in result.report.counts
