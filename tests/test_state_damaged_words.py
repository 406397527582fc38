"""X930's words fit the file it names (state61): last.json's fix (moved aside, F452's checks) was said of
delivered.json too, and beside a key's own step; a check two last.json keys share ran twice a read; F453's
catalogue row read '{done}' alone."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from transform.pipeline import delivery_state, gate
from transform.report import codes
from transform.report.problem import TransformAbort


def _refusal(out: Path, name: str, text: str) -> str:
    state = gate.state_folder(out)
    state.mkdir(parents=True)
    (state / name).write_text(text, encoding="utf-8")
    with pytest.raises(TransformAbort) as refused:
        delivery_state.read(out) if name == delivery_state.RECORD else gate.read_state(out)
    [problem] = refused.value.problems
    assert problem.code.id == "X930"
    return problem.message


def test_a_damaged_delivered_json_is_told_its_own_fix(tmp_path: Path) -> None:
    said = _refusal(tmp_path / "out", delivery_state.RECORD, '{"delivered_at": ')
    assert "look at what the server holds, then move it aside" in said
    assert "F452 says what to check" not in said and "what only this file knew of the exports" not in said


def test_a_damaged_last_json_keeps_its_words(tmp_path: Path) -> None:
    said = _refusal(tmp_path / "out", "last.json", "[]")
    assert "move it aside and rerun" in said and "F452 says what to check" in said


def test_a_key_with_its_own_step_is_not_told_to_move_the_file_aside(tmp_path: Path) -> None:
    said = _refusal(tmp_path / "out", "last.json", '{"student_addresses_nights": "x"}')
    assert "put back the value this tool wrote" in said and "F452 says what to check" not in said


def test_keys_sharing_one_check_run_it_once() -> None:
    calls: list[Mapping[str, Any]] = []

    def check(data: Mapping[str, Any]) -> str:
        calls.append(data)
        return ""

    shared = gate.Recorded(check)
    assert gate.recorded_damage({}, {"one": shared, "two": gate.Recorded(check)}) is None
    assert len(calls) == 1


def test_f453_s_template_says_its_words() -> None:
    code = codes.code("incomplete-let-through")
    published = code.render(count=1, s="", refusals="X918")
    assert "published: without the flag nothing would have been published; look at each" in published
    assert "publishes every such night so, each said, exit 1)" in published
    paused = code.render(
        count=1,
        s="",
        refusals="X828",
        done="taken as nothing due (F421): nothing published either way",
        step="if the school year runs, the term filter reads the wrong column",
        keeps="takes",
    )
    assert "takes every such night so" in paused and "without the flag" not in paused
    assert "a job that keeps --allow-incomplete" in code.template  # the catalogue's row says words, not '{done}'
