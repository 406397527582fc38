"""last.json damaged key by key (tester75 O1, O2): a recorded value a gate reads, present but of another
shape, was read as "nothing recorded" and turned that gate off without a word: an as_of '15/10/2026'
let a night five days earlier publish at exit 0 (X803 off), a tails entry 'x' or {} a cc.txt cut by its
last lines (X884 off). Every gate that reads a recorded value uses it or says the state is damaged
(X930): damaged key by key, none of tonight's bad nights (a cut export, a removal, an earlier date)
publishes at exit 0. One first night, shared; each case copies it."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline.gate import state_folder

DISTRICT = FIXTURES / "powerschool" / "district" / "in"
FIRST = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)


def _run(exports: Path, out: Path, as_of: dt.date) -> api.RunResult:
    night = FIRST + dt.timedelta(days=1)
    written = (night - dt.timedelta(hours=1)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, now=night))


def _cut(exports: Path) -> None:
    path = exports / "cc.txt"
    lines = [line for line in path.read_bytes().split(b"\r\n") if line]
    path.write_bytes(b"\r\n".join(lines[:-12]) + b"\r\n")


def _removal(exports: Path) -> None:
    path = exports / "students.txt"
    lines = path.read_bytes().splitlines(True)
    path.write_bytes(b"".join(lines[: len(lines) // 2]))


# Each bad night: how its exports are made from the first night's, and its as-of in days after FIRST.
PROBES: dict[str, tuple[Callable[[Path], None], int]] = {
    "cut": (_cut, 1),
    "removal": (_removal, 1),
    "earlier": (lambda exports: None, -5),
}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first night published, and each bad night's exports beside it."""
    base = tmp_path_factory.mktemp("damaged")
    shutil.copytree(DISTRICT, base / "night" / "in")
    assert _run(base / "night" / "in", base / "night" / "out", FIRST.date()).exit_status == api.EXIT_PUBLISHED
    for probe, (make, _) in PROBES.items():
        shutil.copytree(DISTRICT, base / probe)
        make(base / probe)
    return base


def _damages(state: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Each key of last.json with one damage: an entry of another shape where the value holds entries
    (the first one 'x', or an object an empty list), else a value of another type."""
    for key, value in sorted(state.items()):
        if isinstance(value, dict) and value:
            entry = sorted(value)[0]
            for label, bad in (("'x'", "x"), ("of another shape", [] if isinstance(value[entry], dict) else {})):
                yield key, f"[{entry!r}] {label}", {**value, entry: bad}
        elif isinstance(value, list) and value:
            yield key, "an entry 'x'", ["x", *value[1:]]
        else:
            yield key, "a list", [value]


# The findings themselves, beside the sweep.
FOUND = [
    ("as_of", "15/10/2026", "'as_of'"),
    ("tails", {"cc.txt": "x"}, "'cc.txt'"),
    ("tails", {"cc.txt": {}}, "'cc.txt'"),
    ("tails", {"cc.txt": []}, "'cc.txt'"),
]


@pytest.mark.parametrize("probe", list(PROBES))
def test_no_damaged_key_lets_a_bad_night_publish_at_exit_0(first: Path, tmp_path: Path, probe: str) -> None:
    record = state_folder(first / "night" / "out") / "last.json"
    state = json.loads(record.read_text(encoding="utf-8"))
    days = PROBES[probe][1]
    let_through = []
    found = (
        (key, repr(value), {**state[key], **value} if isinstance(value, dict) else value) for key, value, _ in FOUND
    )
    cases = [*_damages(state), *found]
    for key, label, bad in cases:
        case = tmp_path / "case"
        shutil.rmtree(case, ignore_errors=True)
        shutil.copytree(first / "night", case, symlinks=True)
        damaged = copy.deepcopy(state) | {key: bad}
        (state_folder(case / "out") / "last.json").write_text(json.dumps(damaged), encoding="utf-8")
        result = _run(first / probe, case / "out", (FIRST + dt.timedelta(days=days)).date())
        if result.exit_status == api.EXIT_PUBLISHED or (result.report.published and not result.exit_status):
            let_through.append(f"{key} {label}")
    assert not let_through, f"{probe} night published at exit 0 past a damaged last.json: {let_through}"


@pytest.mark.parametrize(("key", "value", "named"), FOUND)
def test_the_damage_found_is_x930_naming_the_key(first: Path, tmp_path: Path, key: str, value: Any, named: str) -> None:
    shutil.copytree(first / "night", tmp_path / "case", symlinks=True)
    out = tmp_path / "case" / "out"
    record = state_folder(out) / "last.json"
    state = json.loads(record.read_text(encoding="utf-8"))
    state[key] = {**state[key], **value} if isinstance(value, dict) else value
    record.write_text(json.dumps(state), encoding="utf-8")
    result = _run(first / "earlier", out, FIRST.date() - dt.timedelta(days=5))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = result.report.examples["X930"]
    assert refused.where.file == str(record) and named in refused.message
