"""The command as a scheduler calls it: the installed console script, both command forms."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import cli_runner
from tests.conftest import FIXTURES

SCRIPT = Path(sys.executable).with_name("transform")
SAMPLE = FIXTURES / "powerschool" / "district"
EXPECTED = SAMPLE / "expected"


def transform(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The console script `transform ARGS`, forked from this test process (tests/cli_runner.py)."""
    return cli_runner.run(
        [str(SCRIPT), *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False, timeout=120
    )


def console_script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The installed console script in a new interpreter, as a scheduler starts it."""
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.parametrize("form", [[], ["run"]], ids=["default-command", "run-sub-command"])
def test_main_job_both_forms(tmp_path: Path, form: list[str]) -> None:
    out = tmp_path / "out"
    result = console_script(*form, "--profile", "powerschool", SAMPLE / "in", out, "--as-of", "2026-10-15")
    assert result.returncode == 0, result.stderr
    for expected in EXPECTED.glob("*.csv"):
        assert (out / expected.name).read_bytes() == expected.read_bytes()
    assert "Published" in result.stdout  # the summary: stdout; problems: stderr


def test_report_json_equals_the_library_report(tmp_path: Path) -> None:
    import datetime as dt
    import json

    from transform import api

    report_path = tmp_path / "report.json"
    transform(
        "--profile", "powerschool", SAMPLE / "in", tmp_path / "out", "--as-of", "2026-10-15", "--report", report_path
    )
    library = api.run(
        api.RunOptions(
            profile="powerschool", in_dir=SAMPLE / "in", out_dir=tmp_path / "out2", as_of=dt.date(2026, 10, 15)
        )
    )
    from_cli = json.loads(report_path.read_text(encoding="utf-8"))
    from_lib = json.loads(library.report.to_json())
    for facts in (from_cli["facts"], from_lib["facts"]):
        for of_this_run in ("sources", "out", "ran_at", "duration_seconds"):
            facts.pop(of_this_run)
        assert set(facts.pop("seconds")) >= {"users", "enrollments"}  # wall time of each stage
    # The step the CLI prints, kept in the report it writes (for the page and a forwarded report).
    assert "upload the files in" in from_cli["facts"].pop("next_step")
    assert from_cli == from_lib
    assert from_cli["published"] is True and from_cli["rows_written"]["users.csv"] > 0


def test_redacted_report_keeps_ids_and_lines_but_no_values(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    transform(
        "--profile",
        "powerschool",
        SAMPLE / "in",
        tmp_path / "out",
        "--as-of",
        "2026-10-15",
        "--report",
        report_path,
        "--redact",
    )
    text = report_path.read_text(encoding="utf-8")
    assert "Robert" not in text and "555-1234" not in text and "13/45/2013" not in text
    assert '"line": 19' in text


def test_missing_export_is_one_line_exit_2_and_output_untouched(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE / "in", exports)
    (exports / "cc.txt").unlink()
    out = tmp_path / "out"
    out.mkdir()
    (out / "users.csv").write_text("last week's set", encoding="utf-8")
    result = transform("--profile", "powerschool", exports, out, "--as-of", "2026-10-15")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "I200 source-missing: required export 'cc' not found" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["users.csv"]
    assert (out / "users.csv").read_text(encoding="utf-8") == "last week's set"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_missing_column_is_named(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE / "in", exports)
    courses = exports / "courses.csv"
    courses.write_text(courses.read_text(encoding="utf-8").replace("Course_Name", "CourseTitle"), encoding="utf-8")
    result = transform("--profile", "powerschool", exports, tmp_path / "out")
    assert result.returncode == 2
    assert "courses.csv:1: I201 column-missing: courses.csv: required column 'Course_Name' missing" in result.stderr
    assert not (tmp_path / "out").exists()


def test_data_that_cannot_make_a_set_exits_1_and_publishes_nothing(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE / "in", exports)
    (exports / "schools.txt").write_text("School_Number\tName\r\n", encoding="utf-8")
    result = transform("--profile", "powerschool", exports, tmp_path / "out", "--as-of", "2026-10-15")
    assert result.returncode == 1
    assert "X903 no-rows: orgs.csv would hold no rows" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.transform", "in"]  # the lock, nothing else


def test_broken_profile_exits_2_with_file_line_col(tmp_path: Path) -> None:
    bad = FIXTURES / "profiles-bad" / "unknown-keys.yaml"
    result = transform("--profile", bad, tmp_path / "nowhere", tmp_path / "out")
    assert result.returncode == 2
    assert "unknown-keys.yaml:3:1: P104 profile-unknown-key" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_profile_and_profiles_commands() -> None:
    ok = transform("check-profile", "powerschool")
    assert ok.returncode == 0 and "powerschool: ok" in ok.stdout
    listed = transform("profiles")
    assert listed.returncode == 0
    assert any(line.startswith("powerschool ") and "PowerSchool" in line for line in listed.stdout.splitlines())


def test_profiles_lists_whole_titles_and_each_alias_once() -> None:
    """A `#` in a title is not a YAML comment (eSchoolPLUS's #!# records), and profiles that
    extend oneroster do not repeat its alias."""
    import yaml

    from transform.profile import load

    listed = transform("profiles").stdout
    assert "(^ delimited, #!# records, cp1252; REG, REG_STAFF, SCHD_* tables)" in listed
    assert listed.count("(also: ims)") == 1 and "oneroster " in listed
    for path in load.bundled_folder().glob("*.yaml"):
        raw = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
        written = raw.removeprefix("title:").strip().strip('"')
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["title"] == written, path.name


def test_bad_as_of_and_regex_are_usage_errors(tmp_path: Path) -> None:
    bad_date = transform("--profile", "powerschool", SAMPLE / "in", tmp_path / "out", "--as-of", "tomorrow")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    bad_regex = transform("--profile", "powerschool", SAMPLE / "in", tmp_path / "out", "--exclude-class", "(")
    assert bad_regex.returncode == 2 and "X902" in bad_regex.stderr


def test_exclude_class_option_adds_a_pattern(tmp_path: Path) -> None:
    result = transform(
        "--profile",
        "powerschool",
        SAMPLE / "in",
        tmp_path / "out",
        "--as-of",
        "2026-10-15",
        "--exclude-class",
        "^homeroom",
    )
    assert result.returncode == 0
    classes = (tmp_path / "out" / "classes.csv").read_text(encoding="utf-8")
    assert "Homeroom" not in classes and "Math 5" in classes


def test_report_in_a_missing_folder_is_refused_before_the_run(tmp_path: Path) -> None:
    result = transform(
        "--profile", "powerschool", SAMPLE / "in", tmp_path / "out", "--report", tmp_path / "nope" / "r.json"
    )
    assert result.returncode == 2 and "--report" in result.stderr
    assert not (tmp_path / "out").exists()


def test_strict_refuses_a_run_with_warnings(tmp_path: Path) -> None:
    result = transform("--profile", "powerschool", SAMPLE / "in", tmp_path / "out", "--as-of", "2026-10-15", "--strict")
    assert result.returncode == 1
    assert "X904 strict-refused" in result.stderr
    assert not (tmp_path / "out").exists()
    # What it refused is on the screen, as on a published run (tester18 F5): the table and examples.
    table = result.stdout.split("What the run found", 1)[1].split("Examples", 1)[0]
    warned = [line.split()[0] for line in table.splitlines() if " warning " in line]
    assert warned and any(f"  {code} " in result.stdout.split("Examples", 1)[1] for code in warned)
    assert "Next: Fix in the SIS the problems the run found" in " ".join(result.stdout.split())


def test_codes_command_prints_the_docs_table() -> None:
    result = transform("codes", "--markdown")
    assert result.returncode == 0
    assert result.stdout == (FIXTURES.parent / "docs" / "codes.md").read_text(encoding="utf-8")


def test_json_log_line_for_schedulers(tmp_path: Path) -> None:
    import json

    result = transform(
        "--profile", "powerschool", SAMPLE / "in", tmp_path / "out", "--as-of", "2026-10-15", "--log-format", "json"
    )
    assert result.returncode == 0
    event = json.loads(result.stderr.strip().splitlines()[-1])
    assert event["event"] == "transform" and event["exit"] == 0 and event["published"] is True
    assert event["rows_written"]["users.csv"] == 56 and event["codes"]["F406"] == 3
    refused = transform("--profile", "powerschool", tmp_path / "nowhere", tmp_path / "out", "--log-format", "json")
    event = json.loads(refused.stderr.strip().splitlines()[-1])
    assert event["exit"] == 2 and event["published"] is False
    assert "X902 bad-option: input folder" in event["stopped_by"][0]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jobs_one_or_two_give_the_same_set(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    result = transform("--profile", "powerschool", SAMPLE / "in", out, "--as-of", "2026-10-15", "--jobs", jobs)
    assert result.returncode == 0, result.stderr
    for expected in EXPECTED.glob("*.csv"):
        assert (out / expected.name).read_bytes() == expected.read_bytes()


def test_jobs_past_two_is_a_usage_error(tmp_path: Path) -> None:
    result = transform("--profile", "powerschool", SAMPLE / "in", tmp_path / "out", "--jobs", "3")
    assert result.returncode == 2
    assert "--jobs" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_set_published_with_error_drops_says_so_before_anything_else(tmp_path: Path) -> None:
    messy = FIXTURES / "powerschool" / "messy"
    result = transform("--profile", messy / "district.yaml", messy / "in", tmp_path / "out", "--as-of", "2026-10-15")
    assert result.returncode == 1, result.stderr  # a first set without a student of two records (X851)
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Published, but") and "X851" in lines[0]  # why it exits 1, first (tester93 T4)
    first = next(line for line in lines if not line.startswith("Published, but"))
    # the four students without a birth date lose their demographics row: three whose cell holds one
    # the tool does not take (a future date; 3/4/30, which gives no student's age in either century:
    # D371; 2/30/2011) said with the value (D379), one with none; a row too long is lost whole; the student
    # number a spreadsheet made 1.2E+11 loses all its records (user, the row as read by the
    # guardians rule, demographics, four enrolments)
    assert first.startswith("Published with errors: 12 records were left out by error-level problems:"), first
    assert (
        "demographics 5 (D379 required-value-unread 3, D304 required-value-missing 1, D355 id-scientific-notation 1)"
    ) in first
    assert "enrollments 4 (D355 id-scientific-notation 4)" in first
    assert "students.txt 1 (I205 row-too-long 1)" in first
    logged = transform(
        "--profile",
        messy / "district.yaml",
        messy / "in",
        tmp_path / "again",
        "--as-of",
        "2026-10-15",
        "--log-format",
        "json",
    )
    import json

    event = json.loads(logged.stderr.strip().splitlines()[-1])
    assert event["published_with_errors"] == first


def test_a_clean_set_does_not_say_published_with_errors(tmp_path: Path) -> None:
    clean = FIXTURES / "powerschool" / "contacts"  # warnings and notes, but no error left a record out
    result = transform("--profile", "powerschool", clean / "in", tmp_path / "out", "--as-of", "2026-10-15")
    assert result.returncode == 0 and "Published with errors" not in result.stderr + result.stdout
    assert f"Published {tmp_path / 'out'}" in " ".join(result.stdout.split())


@pytest.mark.parametrize("value", ["2026-W42", "2026-W42-4", "20261015", "2026-10", "2026"])
def test_as_of_is_a_whole_calendar_date(value: str) -> None:
    """fromisoformat alone takes a week (2026-W42 is a Monday it picks): only YYYY-MM-DD is a date."""
    import typer

    from transform.cli import _as_of

    assert _as_of("2026-10-15").isoformat() == "2026-10-15"
    with pytest.raises(typer.BadParameter, match="YYYY-MM-DD"):
        _as_of(value)
