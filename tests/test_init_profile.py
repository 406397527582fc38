"""`transform init-profile`: a folder of exports in, a description and a working starter profile out."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import FIXTURES
from transform import api

CLI = [sys.executable, "-m", "transform"]


def test_renamed_file_and_header_become_files_and_aliases(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "clever" / "district" / "in", exports)
    (exports / "students.csv").rename(exports / "Students_Export.csv")
    text = (exports / "Students_Export.csv").read_text(encoding="utf-8")
    (exports / "Students_Export.csv").write_text(text.replace("Student_id", "StudentID", 1), encoding="utf-8")

    result = api.init_profile(exports)
    assert result.ranking[0][0] == "clever"
    assert any(line.startswith("Students_Export.csv: utf-8, comma-delimited") for line in result.description)
    assert "  Grade: Kindergarten, 3, 7" in result.description
    profile = yaml.safe_load(result.profile_text)
    assert profile["extends"] == "clever"
    assert profile["sources"]["students"] == {
        "files": ["Students_Export.csv"],
        "aliases": {"Student_id": ["StudentID"]},
    }

    written = tmp_path / "district.yaml"
    written.write_text(result.profile_text, encoding="utf-8")
    assert api.check_profile(str(written))[1] == []
    run = api.run(
        api.RunOptions(profile=str(written), in_dir=exports, out_dir=tmp_path / "out", as_of=api.dt.date(2026, 10, 15))
    )
    assert run.exit_status == 0
    assert run.report.rows_written["users.csv"] == 11  # the fixture's 12 less the staff email derived there


def test_each_fixture_layout_is_recognised() -> None:
    for sis, case in [
        ("powerschool", "district"),
        ("sds", "district"),
        ("infinite-campus", "district"),
        ("illuminate", "district"),
        ("eschoolplus", "district"),
        ("synergy", "district"),
        ("skyward-sms", "district"),
        ("oneroster", "district"),
    ]:
        ranking = api.init_profile(FIXTURES / sis / case / "in").ranking
        assert ranking[0][0] == sis, (sis, ranking[:3])


def test_cli_writes_the_profile_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "d.yaml"
    args = [*CLI, "init-profile", str(FIXTURES / "sds" / "district" / "in"), "--out", str(out)]
    first = subprocess.run(args, capture_output=True, text=True, check=False)
    assert first.returncode == 0 and "Closest bundled profiles: sds" in first.stdout
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["extends"] == "sds"
    again = subprocess.run(args, capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "not replaced" in again.stderr
    missing = subprocess.run(
        [*CLI, "init-profile", str(tmp_path / "nowhere")], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
