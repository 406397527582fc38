"""What an admin meets first at the command line (issue 20): help that fits 80 columns,
--version, completion, `codes CODE`, and a mistyped sub-command that is not taken for EXPORTS."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

import transform
from tests import cli_runner
from tests.conftest import FIXTURES, ROOT
from transform.cli import Target, app
from transform.oneroster.spec import TARGETS

SAMPLE = FIXTURES / "powerschool" / "district"
SCRIPT = Path(sys.executable).with_name("transform")


def transform_cmd(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed command, its output piped (not a terminal), as a scheduler or `| less` sees it."""
    return cli_runner.run(
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, check=False, timeout=120
    )


def _piped_env(columns: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TERMINAL_WIDTH")}
    if columns is not None:
        env["COLUMNS"] = columns
    return env


def _commands() -> list[tuple[str, list[str]]]:
    """Every command's words and the option names it takes, read from the app itself, so that an
    option added later is checked too."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    found = [("", [o for p in group.params for o in (*p.opts, *p.secondary_opts) if o.startswith("-")])]
    for name, command in sorted(group.commands.items()):
        found.append((name, [o for p in command.params for o in (*p.opts, *p.secondary_opts) if o.startswith("-")]))
    return found


@pytest.mark.parametrize("columns", ["80", None], ids=["COLUMNS=80", "no-COLUMNS"])
@pytest.mark.parametrize(("command", "options"), _commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_help_never_cuts_an_option_name_at_80_columns(command: str, options: list[str], columns: str | None) -> None:
    words = [command, "--help"] if command else ["--help"]
    result = transform_cmd(*words, env=_piped_env(columns))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text, text  # rich's ellipsis: something was cut
    for option in options:
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text), (option, text)


def test_run_help_groups_options_and_names_what_it_takes() -> None:
    text = transform_cmd("run", "--help", env=_piped_env("80")).stdout
    assert "Usage: transform run [OPTIONS] {EXPORTS} {OUT}" in text
    panels = ["What to roster", "Reports", "Safety gate", "Delivery"]
    assert [text.index(f"─ {panel} ") for panel in panels] == sorted(text.index(f"─ {p} ") for p in panels)
    for option, metavar in [("--as-of", "DATE"), ("--exclude-class", "REGEX"), ("--report", "PATH"), ("--keep", "N")]:
        assert re.search(rf"{re.escape(option)} +{metavar}\b", text), (option, metavar)
    assert "<remind|oneroster>" in text and "<text|json>" in text
    assert "Example:" in text and "transform --profile powerschool exports/ out/" in text
    assert all(f"  {status}  " in text for status in "0123"), "the exit codes"
    assert "--debug" in text


def test_top_level_help_has_one_usage_line() -> None:
    text = transform_cmd("--help", env=_piped_env("80")).stdout
    assert text.count("Usage:") == 1
    assert "--version" in text and "--install-completion" in text and "Exit codes:" in text


def test_target_choices_are_the_library_targets() -> None:
    assert {t.value for t in Target} == set(TARGETS)


def test_version() -> None:
    result = transform_cmd("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"transform {transform.__version__} (rosterkit-transform)"
    from importlib.metadata import version

    assert version("rosterkit-transform") == transform.__version__


def test_shell_completion_completes_commands_and_choices() -> None:
    env = _piped_env(None) | {"_TRANSFORM_COMPLETE": "complete_bash", "COMP_WORDS": "transform val", "COMP_CWORD": "1"}
    assert transform_cmd(env=env).stdout.split() == ["validate"]
    env |= {"COMP_WORDS": "transform run --target ", "COMP_CWORD": "3"}
    assert transform_cmd(env=env).stdout.split() == ["remind", "oneroster"]
    # typer finds the shell among the process's parents (shellingham), whatever the argument: a
    # runner started in the background of a script that has ended has none ("Shell  not
    # supported"); with detection off, it takes the shell named
    off = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = transform_cmd("--show-completion", "bash", env=_piped_env(None) | off)
    assert shown.returncode == 0 and "_TRANSFORM_COMPLETE" in shown.stdout


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["validat", "out/"], "No such command 'validat'. Did you mean 'validate'?"),
        (["help"], "No such command 'help'."),
        (["profile"], "Did you mean 'profiles'"),
    ],
)
def test_an_unknown_sub_command_is_not_taken_for_exports(tmp_path: Path, words: list[str], said: str) -> None:
    result = transform_cmd(*words, cwd=tmp_path, env=_piped_env("200"))
    assert result.returncode == 2
    assert said in result.stderr
    assert "--profile" not in result.stderr  # not "Missing option '--profile'": the run never started
    assert list(tmp_path.iterdir()) == []


def test_a_bare_folder_name_still_runs_the_main_job(tmp_path: Path) -> None:
    """`transform in out -p powerschool`: `in` is a folder here, so it is EXPORTS, not a command."""
    result = transform_cmd("in", tmp_path / "out", "-p", "powerschool", "--as-of", "2026-10-15", cwd=SAMPLE)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "users.csv").is_file()
    missing = transform_cmd("nowhere", tmp_path / "out2", "--profile", "powerschool", cwd=tmp_path)
    assert missing.returncode == 2 and "X902 bad-option: input folder: nowhere is not a folder" in missing.stderr


def test_codes_explains_one_code() -> None:
    result = transform_cmd("codes", "D304")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "D304 required-value-missing"
    assert "  severity  error" in lines and "  action    drop-row: the record is left out and counted" in lines
    assert "  message   <table>.<field> is required and came out empty<held>; row left out" in lines
    by_slug = transform_cmd("codes", "removal-over-limit")
    assert by_slug.stdout.startswith("X906 removal-over-limit\n") and "  exit      1" in by_slug.stdout


def test_codes_explains_several_codes_as_the_console_lists_them() -> None:
    """`transform codes X882 X884` (codes the console named together) was a usage error."""
    result = transform_cmd("codes", "X882", "x884")
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.split("\n\n")
    assert [b.splitlines()[0].split()[0] for b in blocks] == ["X882", "X884"]
    wrong = transform_cmd("codes", "X882", "D3044")
    assert wrong.returncode == 2 and "no problem code 'D3044'" in wrong.stderr and wrong.stdout == ""


def test_codes_with_an_unknown_code_is_a_usage_error() -> None:
    result = transform_cmd("codes", "D3044")
    assert result.returncode == 2
    assert "X902 bad-option: CODE: no problem code 'D3044'; did you mean" in result.stderr
    assert "'D304'" in result.stderr


def test_make_demo_installs_only_the_tool(tmp_path: Path) -> None:
    """`make demo` on a fresh clone: the tool and its own dependencies, not the test and lint tools."""
    dry = subprocess.run(
        ["make", "-n", "demo", f"VENV={tmp_path / 'venv'}"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert dry.returncode == 0, dry.stderr
    installs = [line for line in dry.stdout.splitlines() if " install " in line]
    assert installs, dry.stdout
    assert not any("[dev]" in line or "[test]" in line for line in installs), installs
    assert any(line.rstrip().endswith("install --quiet -e .") for line in installs), installs
