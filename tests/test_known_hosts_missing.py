"""A known_hosts file that does not exist, with no --trust-new-host-key, is found before any export
is read (X925, exit 2, naming it; tester66 O2): no host can be known, so the run published, then
failed its upload (X912, exit 1) with words steering the admin to trust a new key instead of
correcting a mistyped --known-hosts, or the cron job's HOME (/root/.ssh absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import deliver

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
UPLOAD = "sftp://district@127.0.0.1:2222/upload"  # never reached: the run stops before it


def run(tmp_path: Path, known_hosts: Path, monkeypatch: pytest.MonkeyPatch) -> api.RunResult:
    monkeypatch.setenv(deliver.PASSWORD_ENV, "secret")
    options = api.RunOptions(
        profile="powerschool",
        in_dir=SAMPLE,
        out_dir=tmp_path / "out",
        upload=UPLOAD,
        known_hosts=known_hosts,
        as_of=dt.date(2026, 10, 15),
    )
    return api.run(options)


def stopped_by(result: api.RunResult) -> str:
    assert result.exit_status == 2, [str(p) for p in result.problems]
    (problem,) = result.problems
    assert problem.code.id == "X925"
    return str(problem)


def test_a_mistyped_known_hosts_path_stops_the_run_before_any_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mistyped = tmp_path / "ssh" / "know_hosts"
    said = stopped_by(run(tmp_path, mistyped, monkeypatch))
    assert f"--known-hosts {mistyped}: it does not exist: correct the path" in said, said
    assert "--trust-new-host-key" not in said  # a key trusted into the mistyped path hides the typo
    assert not (tmp_path / "out").exists()


def test_the_default_known_hosts_missing_names_both_ways_to_make_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "root" / ".ssh" / "known_hosts"
    monkeypatch.setattr(api, "DEFAULT_KNOWN_HOSTS", default)
    monkeypatch.delenv("HOME", raising=False)
    said = stopped_by(run(tmp_path, default, monkeypatch))
    assert "the default, ~/.ssh/known_hosts; HOME is not set" in said, said
    assert f"`ssh-keyscan -p 2222 127.0.0.1 >> {default}`" in said and "--trust-new-host-key" in said, said
    assert not (tmp_path / "out").exists()
