"""Exports delivered as a zip, night after night: the zip is unpacked into a temporary folder
that must live until the safety gate and publishing have read what they need of the exports."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

SAMPLE = FIXTURES / "oneroster" / "district" / "in"
NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)


def test_a_zip_publishes_on_the_second_night_too(tmp_path: Path) -> None:
    """Night 2 of a zip district was refused X901 'cannot write output to
    /tmp/transform-in-XXXX/academicSessions.csv': the gate read tonight's terms export after the unpacked
    folder was deleted, and the district was told to fix its disk (review124)."""
    archive = tmp_path / "exports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(SAMPLE.iterdir()):
            zipped.write(path, path.name)
    out = tmp_path / "out"
    for night in (NOW, NOW + dt.timedelta(days=1)):
        options = api.RunOptions(profile="oneroster", in_dir=archive, out_dir=out, as_of=night.date(), now=night)
        result = api.run(options)
        assert [p.code.id for p in result.problems] == [] and result.exit_status == 0, night


def test_check_profile_reads_a_zips_export_again_while_it_is_unpacked(tmp_path: Path) -> None:
    """check-profile --exports of a zip whose users.csv has its links under a name another bundled
    profile reads (I285) read the export again after the unpacked folder was deleted: exit 3, a
    traceback's FileNotFoundError, where the folder gave I285 (review124's grep for late readers)."""
    archive = tmp_path / "exports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(SAMPLE.iterdir()):
            zipped.write(path, path.name)
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "extends: oneroster\nsources:\n  users:\n    aliases: {agentSourcedIds: [agentSourcedId]}\n", encoding="utf-8"
    )
    _, problems = api.check_profile(str(profile), exports=archive)
    assert "I285" in {p.code.id for p in problems}
