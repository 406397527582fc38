"""A parentSourcedId loop among academicSessions (tester13 F6): s1-2027 under s2-2027 under
s1-2027 was said as V531 "'s2-2027' is not in academicSessions.csv; left blank", though s2-2027
is published and s1-2027's cell was then set to the school year. Each reference of the loop is
now said as a loop (V601), naming it and what was written; the strict target hangs both
semesters under their school year. Both engines, the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform.pipeline.complete import break_loops
from transform.pipeline.rows import Draft, SourceRow

ONEROSTER = FIXTURES / "oneroster" / "district" / "in"


def _sessions(tmp_path: Path, parents: dict[str, str]) -> Path:
    exports = tmp_path / "in"
    shutil.copytree(ONEROSTER, exports)
    path = exports / "academicSessions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["parentSourcedId"] = parents.get(row["sourcedId"], row["parentSourcedId"])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return exports


def _published_parents(out: Path) -> dict[str, str]:
    with (out / "academicSessions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["parentSourcedId"] for row in csv.DictReader(handle)}


def test_a_parent_loop_is_said_as_a_loop_with_what_was_written(tmp_path: Path) -> None:
    exports = _sessions(tmp_path, {"s1-2027": "s2-2027", "s2-2027": "s1-2027"})
    python, _ = both_engines(
        tmp_path, profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15), target="oneroster"
    )
    assert python.exit_status == 0
    parents = _published_parents(tmp_path / "python")
    assert parents["s1-2027"] == parents["s2-2027"] == "y-2027"
    assert "V531" not in python.report.counts
    said = {(p.where.line, p.params["id"], p.params["value"]) for p in python.report.examples["V601"]}
    assert said == {(3, "s1-2027", "s2-2027"), (4, "s2-2027", "s1-2027")}
    message = python.report.examples["V601"][0].message
    assert "(s1-2027 -> s2-2027 -> s1-2027)" in message
    assert message.endswith("written 'y-2027', the school year it is in")
    assert "not in academicSessions.csv" not in message


def test_a_session_under_itself_is_a_loop_too(tmp_path: Path) -> None:
    exports = _sessions(tmp_path, {"s2-2027": "s2-2027"})
    python, _ = both_engines(
        tmp_path, profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15), target="oneroster"
    )
    (said,) = python.report.examples["V601"]
    assert "(s2-2027 -> s2-2027)" in said.message
    assert _published_parents(tmp_path / "python")["s2-2027"] == "y-2027"
    assert "V531" not in python.report.counts


def _draft(own: str, parent: str) -> Draft:
    row = SourceRow("academicSessions.csv", 2, [], {})
    return Draft("academicSessions", {"sourcedId": own, "parentSourcedId": parent}, row)


@pytest.mark.parametrize(
    ("parents", "looped"),
    [
        ({"a": "b", "b": "c", "c": "a", "d": "a", "y": ""}, {"a", "b", "c"}),  # d is under the loop, not in it
        ({"a": "y", "b": "a", "y": ""}, set()),
        ({"a": "gone"}, set()),  # no such session: V531, as before
        ({"b": "a", "a": "b", "c": "c"}, {"a", "b", "c"}),
    ],
)
def test_only_the_sessions_of_a_loop_are_cut(parents: dict[str, str], looped: set[str]) -> None:
    drafts = [_draft(own, parent) for own, parent in parents.items()]
    loops = break_loops(drafts)
    assert {loop.draft.values["sourcedId"] for loop in loops} == looped
    for draft in drafts:
        own = draft.values["sourcedId"]
        assert draft.values["parentSourcedId"] == ("" if own in looped else parents[own])
