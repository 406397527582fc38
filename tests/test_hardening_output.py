"""Hostile profiles and output situations: coded refusals, never a traceback, never half a set."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import transform
from transform import api
from transform.pipeline import write

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


def run(tmp_path: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=out, as_of=dt.date(2026, 10, 15), **options)
    )  # type: ignore[arg-type]


def test_disk_full_while_writing_publishes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert run(tmp_path, out).exit_status == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = {"n": 0}
    real_write = write.TableWriter.write

    def full_after_a_while(self: write.TableWriter, draft: object) -> None:
        calls["n"] += 1
        if calls["n"] > 40:
            raise OSError(errno.ENOSPC, "No space left on device", "users.csv")
        real_write(self, draft)  # type: ignore[arg-type]

    monkeypatch.setattr(write.TableWriter, "write", full_after_a_while)
    result = run(tmp_path, out, allow_rollover=True)
    assert result.exit_status == 1
    assert [p.code.id for p in result.problems] == ["X901"]
    assert "No space left on device" in result.problems[0].message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not list(tmp_path.glob(".out.staging-*"))


def test_output_and_input_must_not_overlap(tmp_path: Path) -> None:
    for out in (SAMPLE, SAMPLE / "out", SAMPLE.parent):
        result = api.run(api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=out, as_of=dt.date(2026, 10, 15)))
        assert result.exit_status == 2 and "overlap" in result.problems[0].message
    assert not (SAMPLE / "out").exists()


def test_output_folder_is_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    result = run(tmp_path, out)
    assert result.exit_status == 2 and [p.code.id for p in result.problems] == ["X901"]
    assert out.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(6))
            + "name: g\n",
            "alias bomb",
        ),
        ("name: " + "[" * 200 + "]" * 200 + "\n", "levels deep"),
        (
            "name: x\nsources: {a: {files: [a.txt], columns: [A]}}\ntables: {orgs: {r: {from: a, columns: {sourcedId: "
            "'{A}'}}}}\nfilters: {exclude_classes: {patterns: {slow: '(\\w+\\s?)*$'}}}\n",
            "exponential",
        ),
    ],
)
def test_hostile_profiles_are_refused_quickly(tmp_path: Path, text: str, words: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(text, encoding="utf-8")
    result = transform("check-profile", profile)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr


def test_a_slow_exclusion_pattern_on_the_command_line_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, tmp_path / "out", exclude_classes=("(a+)+b",))
    assert result.exit_status == 2 and "exponential" in result.problems[0].message


def test_redact_keeps_personal_values_out_of_every_output(tmp_path: Path) -> None:
    import csv

    messy = FIXTURES / "powerschool" / "messy"
    with (messy / "in" / "students.txt").open(encoding="utf-8", newline="") as handle:
        students = list(csv.DictReader(handle, delimiter="\t"))
    personal = {
        v
        for s in students
        for k, v in s.items()
        if k in ("First_Name", "Last_Name", "DOB", "Home_Phone", "Student_Web_ID") and v and len(v) > 3
    }
    personal |= {"Lucky", "Miller", "+44 20 7946 0958", "ann@s.messy.example.org"}
    texts = []
    for log_format in ("text", "json"):
        result = transform(
            "--profile",
            messy / "district.yaml",
            messy / "in",
            tmp_path / f"out-{log_format}",
            "--as-of",
            "2026-10-15",
            "--redact",
            "--log-format",
            log_format,
            "--report",
            tmp_path / f"{log_format}.json",
            "--explain",
            tmp_path / f"{log_format}.csv",
        )
        assert result.returncode == 1, result.stderr  # X851 (a first set without a student), no name said
        texts += [
            result.stderr,
            result.stdout,
            (tmp_path / f"{log_format}.json").read_text(encoding="utf-8"),
            (tmp_path / f"{log_format}.csv").read_text(encoding="utf-8"),
        ]
    leaked = sorted(value for value in personal for text in texts if value in text)
    assert not leaked
    assert "000117" in texts[2] and '"line": 20' in texts[2]  # IDs and lines stay


def test_an_unreadable_export_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = Path.open

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "cc.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", denied)
    result = run(tmp_path, tmp_path / "out")
    assert result.exit_status == 1  # the file's permissions, not the command or profile (exit56)
    assert str(result.problems[0]).startswith("cc.txt: I206 source-unreadable: cc.txt: cannot read: Permission denied")


def test_no_permission_to_write_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(write.tempfile, "mkdtemp", denied)
    result = run(tmp_path, tmp_path / "out")
    assert result.exit_status == 2 and [p.code.id for p in result.problems] == ["X901"]
    assert "Permission denied" in result.problems[0].message


@pytest.mark.parametrize("name", ["../powerschool", "powerschool/../../etc/passwd", "/etc/passwd", "..", ""])
def test_a_profile_name_never_leaves_the_profiles_folder(name: str) -> None:
    _, problems = api.check_profile(name)
    assert problems and problems[0].code.id in ("P100", "P101", "P103", "P110")
