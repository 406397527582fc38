"""X962 when the mark a run leaves around its swap (publishing.json) cannot be read: the next run
does not know whether that run published, so its message must not say it did, nor that last.json
was brought up to the published set (only the identity map is)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import gate, publishing

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


@pytest.mark.parametrize("content", [b"", b'{"format": 1, "sta', b"\xff\xfe"], ids=["empty", "cut-off", "binary"])
def test_a_mark_that_cannot_be_read_is_said_as_unknown(tmp_path: Path, content: bytes) -> None:
    out = tmp_path / "out"
    options = api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=out, as_of=dt.date(2026, 10, 15))
    assert api.run(options).exit_status == 0
    state = gate.state_folder(out)
    last = (state / "last.json").read_bytes()  # the run below writes its own after catching up
    (state / publishing.FILE).write_bytes(content)
    result = api.run(options)
    assert result.exit_status == 0
    (said,) = result.report.examples["X962"]
    message = said.message
    assert "cannot be read" in message and "not known" in message and "last.json was left as it was" in message
    assert "after publishing its set" not in message and "(last.json, identities.csv)" not in message
    assert not (state / publishing.FILE).exists()
    assert last and (state / "last.json").read_bytes()
