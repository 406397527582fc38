"""last.json damaged key by key (tester75 O1, O2): a recorded value a gate reads, present but of another
shape, was read as "nothing recorded" and turned that gate off without a word: an as_of '15/10/2026'
let a night five days earlier publish at exit 0 (X803 off), a tails entry 'x' or {} a cc.txt cut by its
last lines (X884 off), and a terms entry 'x' crashed the gate (IndexError, exit 3).

One night end to end per hole found (cheap: one first night, shared); every other damage at the unit
level: gate.read_state on each key of a real last.json with each damage says X930 naming the key, or the
key is one its readers read past (READ_PAST, with why). The sweep that ran every damage against three bad
nights end to end (a cut, a removal, an earlier as-of: none published at exit 0) costs 16 s and is kept
out of CI."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import importlib
import inspect
import json
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import blanked_keep_out, delivery_state, former_students, tails, usernames_held
from transform.pipeline.gate import RECORDED, aside_step, read_state, state_folder
from transform.report import codes
from transform.report.codes import explain
from transform.report.problem import TransformAbort
from transform.report.report import Report
from transform.report.summary import _own_step

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


def _blank_enrolled(exports: Path) -> None:
    """cc.txt's DateEnrolled blanked: a keep-out column (the enrolments not started yet), X877."""
    path = exports / "cc.txt"
    rows = [line.split(b"\t") for line in path.read_bytes().split(b"\r\n") if line]
    at = rows[0].index(b"[04]DateEnrolled")
    blanked = [rows[0], *([*r[:at], b"", *r[at + 1 :]] for r in rows[1:])]
    path.write_bytes(b"\r\n".join(b"\t".join(r) for r in blanked) + b"\r\n")


# Each bad night: how its exports are made from the first night's, and its as-of in days after FIRST.
PROBES: dict[str, tuple[Callable[[Path], None], int]] = {
    "cut": (_cut, 1),
    "removal": (_removal, 1),
    "earlier": (lambda exports: None, -5),
    "blanked": (_blank_enrolled, 1),  # X877
}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first night published."""
    base = tmp_path_factory.mktemp("damaged")
    shutil.copytree(DISTRICT, base / "night" / "in")
    assert _run(base / "night" / "in", base / "night" / "out", FIRST.date()).exit_status == api.EXIT_PUBLISHED
    return base


def _state(first: Path) -> dict[str, Any]:
    return dict(json.loads((state_folder(first / "night" / "out") / "last.json").read_text(encoding="utf-8")))


# The holes found, each with the bad night it let publish at exit 0 (or crashed): the damaged key's
# value is merged into the first night's (an object's entries replaced).
FOUND: list[tuple[str, Any, str, str]] = [
    ("as_of", "15/10/2026", "earlier", "'as_of'"),  # O1: X803 off
    ("tails", {"cc.txt": "x"}, "cut", "'cc.txt'"),  # O2: X884 off
    ("tails", {"cc.txt": {}}, "cut", "'cc.txt'"),
    ("terms", {"100-3600": "x"}, "removal", "'100-3600'"),  # IndexError in held_terms
    ("keep_out_left", {"cc": "x"}, "blanked", "'cc'"),  # reviewer150 R1: X877 off
    ("keep_out_left", {"cc": {"dateenrolled": "x"}}, "blanked", "'dateenrolled'"),
    ("keep_out_moved", {"cc": {"dateenrolled": [[1, "x"]]}}, "blanked", "'dateenrolled'"),
    # review222 R1: a row count no mover has (one row; a billion: never as many rows again, never back)
    ("keep_out_moved", {"cc": {"dateenrolled": [[1, 1]]}}, "blanked", "'dateenrolled'"),
    ("keep_out_moved", {"cc": {"dateenrolled": [[1, 10**9]]}}, "blanked", "'dateenrolled'"),
    ("keep_out_moved", {"cc": {"dateenrolled": [[2, 2], [1, 3]]}}, "blanked", "'dateenrolled'"),  # not as sorted
]


def test_a_mover_also_recorded_as_left_out_is_damage() -> None:
    """review222 R1: an ID is a mover (a row left out, one passed) or left out, never both
    (KeptOut.left_alone); both read, she counted back twice, and an impossible record stopped nothing."""
    state = {"keep_out_left": {"cc": {"dateenrolled": [5, 9]}}, "keep_out_moved": {"cc": {"dateenrolled": [[5, 2]]}}}
    assert "'keep_out_moved' gives column 'dateenrolled'" in blanked_keep_out.damage(state)
    assert blanked_keep_out.damage(state | {"keep_out_moved": {"cc": {"dateenrolled": [[7, 2]]}}}) == ""


@pytest.mark.parametrize(("key", "value", "probe", "named"), FOUND)
def test_the_damage_found_stops_its_bad_night_with_x930(
    first: Path, tmp_path: Path, key: str, value: Any, probe: str, named: str
) -> None:
    make, days = PROBES[probe]
    shutil.copytree(first / "night", tmp_path / "case", symlinks=True)
    make(tmp_path / "case" / "in")
    out = tmp_path / "case" / "out"
    record = state_folder(out) / "last.json"
    state = json.loads(record.read_text(encoding="utf-8"))
    state[key] = {**state[key], **value} if isinstance(value, dict) else value
    record.write_text(json.dumps(state), encoding="utf-8")
    result = _run(tmp_path / "case" / "in", out, (FIRST + dt.timedelta(days=days)).date())
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = result.report.examples["X930"]
    assert refused.where.file == str(record) and f"'{key}'" in refused.message and named in refused.message
    assert "put back" not in refused.message and refused.params["step"] == aside_step(
        record
    )  # one step (reviewer150 R3)


def test_x930_s_step_is_one_and_f452_then_asks_for_the_keep_out_columns() -> None:
    """reviewer150 R3: X930 said 'put back the value this tool wrote (or the whole last.json of the night
    before)' beside its 'move it aside': two fixes, one the admin cannot do. Moved aside, the next night is
    F452's (exit 1), which named no keep-out column: a blanked end date (X877) put the withdrawn back."""
    step = explain("X930")[1]
    assert "mv last.json last.json.damaged" in step and "put back" not in step and "X877, X936" in step
    assert "X877, X936" in explain("F452")[0] and "X877, X936" in codes.code("export-checks-unrecorded").template


# Keys (or "key damage") whose readers take a damaged value as "not recorded" (or keep the entries that
# read), and why no bad night publishes at exit 0 past that: the end-to-end sweep (/tmp/state60/sweep.py,
# session 60) ran each damage below against a cut, a removal and an earlier night: none published at exit 0.
# A refusal a key feeds (X877, X936, ...) is no reason: read past, the refusal is off (reviewer150 R1, R2).
READ_PAST = {
    "tails a string": "tails.check_recorded: F452, the cut checks could not run, a person looks (exit 1)",
    "files": "delivery_state: the hashes of the published files; else compared by rows_written",
    "own_conditions": "own_keep_outs: which own conditions changed, for a refusal's Next",
    "own_profile_digest": "gate.profile_changed: said in a refusal",
    "profile_digest": "gate.profile_changed: said in a refusal",
    "tool_version": "gate.made_since: said in a refusal",
    "source_system": "sis_switch.recorded: a name said in a refusal's Next; not a string, no SIS change said",
    "users_missed": "gate: the keys no people row had; the entries that read are kept",
    # checked where read (pipeline.usernames: X930, its own step), not on a night that does not read them,
    # which writes them again whole (reviewer98 R3: test_username_holders)
    "usernames_held": "pipeline.usernames: X930 where read; a night not reading it writes it again",
    "usernames_held_check": "usernames_held's check, read with it (pipeline.usernames)",
    "username_holders": "pipeline.usernames: X930 where read, with usernames_held",
}


# Keys other districts' nights write (the first night here writes none), as their fixtures' last.json
# hold them (state60b's sweep of tests/test_carry_damaged, test_exclude_schools_typo,
# test_guardian_link_lost, test_term_ended_gone, test_strict_usernames_unique, test_excluded_left).
OTHER_NIGHTS: dict[str, Any] = {
    "orphans": {"06021": "2026-10-15"},
    "next_terms_awaited": {"200": "2027-01-15"},
    "next_terms_students": {"200": 13},
    "exclude_schools": {"0100": False},
    "links_lost": [["G60010", "51235", ""]],  # read past, the next night's V557 was lost: exit 0
    "terms_moved_back": {"T1": ["Fall", "2026-08-20", "2026-12-18"]},
    "terms_named": {"Q1": ["Q1", "2026-08-20", "2026-10-30"]},
    "terms_judged_on": "2026-10-15",
    "owners_allowed": True,  # 'x' read as true: X980 waived
    "family_names_allowed": True,
    "sessions": {"2026S1": ["2026-08-20", "2026-12-18"]},
    **usernames_held.entries(""),
    "username_holders": {"jsmith": "T1"},
    former_students.KEY: {"a1": ["12", "d1", "2026-10-15"]},
    former_students.NIGHTS: ["2026-10-15"],
    "students_twice": ["0123456789abcdef"],  # V553's pairs said: read past, a copy said once went quiet
    "terms_published": [["205", "S1, school year 2027", ["C1", "C2", "C3"]]],  # read past: the spring out early
    "shifted_rows_asked": ["0123456789abcdef"],  # I277's rows asked: read past, a row asked once went quiet
    "values_asked": ["0123456789abcdef"],  # P131's values asked: read past, a value asked once went quiet
    "new_rows_seen": ["0123456789abcdef"],  # X722's people seen on a published night: checked, X930
    "source_system": "PowerSchool",  # the profile's SIS, read past: a change of SIS said (sis_switch)
}


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
        yield key, "a string", "x"


def test_each_damaged_key_is_x930_naming_it_or_read_past(first: Path, tmp_path: Path) -> None:
    state = _state(first) | OTHER_NIGHTS
    damaged = [(k, label, bad) for k, label, bad in _damages(state) if not {k, f"{k} {label}"} & READ_PAST.keys()]
    assert {key for key, _, _ in damaged} >= {"as_of", "latest_as_of", "tails", "terms", "rows_read"}
    assert not {k.split()[0] for k in READ_PAST} - state.keys(), "READ_PAST names a key last.json no longer holds"
    out = tmp_path / "out"
    state_folder(out).mkdir(parents=True)
    record = state_folder(out) / "last.json"
    wrong = []
    for key, label, bad in damaged:
        record.write_text(json.dumps(copy.deepcopy(state) | {key: bad}), encoding="utf-8")
        try:
            read_state(out)
        except TransformAbort as refused:
            (problem,) = refused.problems
            if problem.code.id == "X930" and f"'{key}'" in problem.message:
                continue
        wrong.append(f"{key} {label}")
    assert not wrong, f"read as if nothing were recorded, not X930 naming the key: {wrong}"


# The state writers: every key last.json holds is written in one of these (tests below read their source).
WRITERS = [
    ("transform.pipeline.gate", "state_record"),
    ("transform.pipeline.gate", "_terms_named"),
    ("transform.pipeline.gate", "_terms_due"),
    ("transform.api", "_state_record"),
    ("transform.api", "_record_moved_back"),
    ("transform.api", "_asked_record"),
    ("transform.pipeline.usernames_held", "entries"),
]


def _written_keys() -> set[str]:
    """The keys the WRITERS write: their dicts' keys, `record[KEY] = ...`, a comprehension over a tuple of
    keys (gate._MADE_BY), each resolved in its module."""
    keys: set[str] = set()
    for name, function in WRITERS:
        module = importlib.import_module(name)
        source = textwrap.dedent(inspect.getsource(getattr(module, function)))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Dict):
                found = [k for k in node.keys if k is not None]
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
                found = [node.slice]
            elif isinstance(node, ast.DictComp) and isinstance(node.generators[0].iter, ast.Name):
                found = [node.generators[0].iter]
            else:
                continue
            for key in found:
                value = eval(ast.unparse(key), vars(module))  # a constant, or a module's name for one
                keys |= {value} if isinstance(value, str) else set(value)
    return keys


def test_each_key_the_state_writers_write_is_checked_or_read_past_on_purpose() -> None:
    """reviewer150 R4: keep_out_left and columns were read past, their refusals (X877, X936) off; a key
    written is checked by read_state (gate.RECORDED, its reader's check) or read past for a reason."""
    written = _written_keys()
    assert {"as_of", "tails", "keep_out_left", "columns", "usernames_held_check", "tool_version"} <= written
    past = {key.split()[0] for key in READ_PAST}
    assert not written - RECORDED.keys() - past, "a key last.json holds that no check reads"
    assert not (RECORDED.keys() | past) - written, "checked or read past, but no writer writes it"
    assert not {key for key in READ_PAST if " " not in key} & RECORDED.keys(), "a key both checked and read past"


def _refused(read: Callable[[Path], object], out: Path) -> Any:
    with pytest.raises(TransformAbort) as refused:
        read(out)
    (problem,) = refused.value.problems
    assert problem.code.id == "X930"
    return problem


def test_x930_s_step_renames_the_file_it_names(tmp_path: Path) -> None:
    """reviewer156 R1, R4: X930's Next said 'mv last.json' and F452 after for a damaged delivered.json too;
    last.json's said the rerun 'exits 1 with F452', which the first night that publishes says."""
    out = tmp_path / "out"
    state_folder(out).mkdir(parents=True)
    (state_folder(out) / "delivered.json").write_text("{not json", encoding="utf-8")
    step = _own_step(_refused(delivery_state.read, out))
    assert "mv delivered.json delivered.json.damaged" in step and step.endswith("may never have reached it.")
    assert "last.json" not in step and "F452" not in step
    (state_folder(out) / "last.json").write_text('{"as_of": "15/10/2026"}', encoding="utf-8")
    step = _own_step(_refused(read_state, out))
    assert "mv last.json last.json.damaged" in step and "the first night that publishes says F452 (exit 1)" in step
    assert "and rerun. The run then" in step and "rerun., and rerun" not in step
    assert "the first night that publishes says F452 (exit 1)" in explain("X930")[1]


def test_tails_of_the_older_shape_read_as_not_recorded_not_damage(tmp_path: Path) -> None:
    """reviewer156 R2: tails written by aa460ce8..b4f0447a (hashes without positions, 'every') were
    refused as X930 every night after an upgrade: read as not kept, F452 once (the next night writes them)."""
    older = {"lines": 44, "every": 1, "sample": ["4f9d9cb8cccb06d8"], "tail": ["f851fc82436634f2"], "rows": ["3"]}
    out = tmp_path / "out"
    state_folder(out).mkdir(parents=True)
    state = {"published_at": "2026-10-15T02:00:00+00:00", "tails": {"cc.txt": older}}
    (state_folder(out) / "last.json").write_text(json.dumps(state), encoding="utf-8")
    assert read_state(out)["tails"]["cc.txt"] == older
    report = Report()
    tails.check_recorded(report, state, out=out, holds_set=True)
    (said,) = report.examples["F452"]
    assert "written by a version before it kept them" in said.message
    report = Report()
    tails.check_recorded(
        report, state | {"tails": {"cc.txt": {**older, "sample": [[0, "4f9d"]]}}}, out=out, holds_set=True
    )
    assert "F452" not in report.examples
    for bad in ({**older, "tail": []}, {**older, "every": "1"}, {**older, "tail": [1]}):
        (state_folder(out) / "last.json").write_text(json.dumps(state | {"tails": {"cc.txt": bad}}), encoding="utf-8")
        assert "'cc.txt'" in _refused(read_state, out).message


def test_published_at_not_an_iso_time_is_x930(tmp_path: Path) -> None:
    """reviewer156 R3: read past, a published_at '1 Sept 2026 02:00' turned the 90-day clock off (X909,
    X996 never said all summer, exit 0)."""
    out = tmp_path / "out"
    state_folder(out).mkdir(parents=True)
    for value in ("1 Sept 2026 02:00", "", "x"):
        (state_folder(out) / "last.json").write_text(json.dumps({"published_at": value}), encoding="utf-8")
        assert "'published_at'" in _refused(read_state, out).message
    (state_folder(out) / "last.json").write_text('{"published_at": "2026-09-01T02:00:00+00:00"}', encoding="utf-8")
    assert read_state(out)
