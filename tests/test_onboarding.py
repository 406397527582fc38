"""A new district's first hour (issue 19.2-19.4): check-profile against the files, a column the
profile names but the file lacks, the wrong profile, the wrong folder, a misspelt profile name."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests import cli_runner
from tests.conftest import FIXTURES, ROOT
from transform import api

POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)


def transform(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("transform")
    return cli_runner.run([str(script), *map(str, args)], capture_output=True, text=True, check=False, timeout=120)


def misspelt_email_profile(folder: Path) -> Path:
    """A district profile reading the students' email from `SEML`, a column students.txt lacks."""
    bundled = yaml.safe_load((ROOT / "profiles" / "powerschool.yaml").read_text(encoding="utf-8"))
    optional = [*bundled["sources"]["students"]["optional_columns"], "SEML"]
    profile = {
        "name": "typo-district",
        "extends": "powerschool",
        "sources": {"students": {"optional_columns": optional}},
        "tables": {"users": {"students": {"columns": {"email": {"column": "SEML", "clean": ["email"]}}}}},
    }
    path = folder / "district.yaml"
    path.write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
    return path


def run(profile: str | Path, exports: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


# -- 3. a column the profile names but the file lacks ------------------------------------------


def test_a_misspelt_optional_column_is_noted_with_the_field_it_blanks(tmp_path: Path) -> None:
    profile = misspelt_email_profile(tmp_path)
    result = run(profile, POWERSCHOOL, tmp_path / "out")
    assert result.exit_status == 0  # published: an optional column may be absent
    students = result.report.rows_read["students.txt"]
    found = result.report.examples.get("I240", [])
    assert [(p.where.file, p.where.line, p.where.column) for p in found] == [("students.txt", 1, "SEML")]
    assert found[0].message == f"students: no column 'SEML' in students.txt; users.email left blank on {students} rows"
    # A column another one stands in for (teachers' email falls back to the login) is a note.
    notes = [p.message for p in result.report.examples.get("I244", [])]
    assert "teachers: no column 'TeacherLoginID' in teachers.txt; users.email read it as blank on 8 rows" in notes


def test_strict_refuses_a_set_with_a_field_left_blank_by_an_absent_column(tmp_path: Path) -> None:
    profile = misspelt_email_profile(tmp_path)
    result = run(profile, POWERSCHOOL, tmp_path / "out", strict=True)
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert [p.code.slug for p in result.problems] == ["strict-refused"]
    assert result.report.counts["I240"] == 1


def test_the_summary_names_the_absent_column(tmp_path: Path) -> None:
    profile = misspelt_email_profile(tmp_path)
    said = transform("--profile", profile, POWERSCHOOL, tmp_path / "out", "--as-of", "2026-10-15")
    assert said.returncode == 0, said.stderr
    # A notice (stderr), said on every run, --quiet or not: a misspelt column blanks a whole field.
    assert "I240" in said.stderr and "no column 'SEML' in students.txt; users.email left blank" in said.stderr
    assert "I240  column-absent" in said.stdout  # and counted in the summary


# -- 2. check-profile against the files ---------------------------------------------------------


def test_check_profile_with_exports_names_each_absent_column(tmp_path: Path) -> None:
    profile = misspelt_email_profile(tmp_path)
    said = transform("check-profile", profile, "--exports", POWERSCHOOL)
    assert said.returncode == 0, said.stderr
    assert "students.txt:1 [SEML]: I240 column-absent: students: no column 'SEML' in students.txt; " in said.stderr
    assert "users.email left blank" in said.stderr
    assert "I241 source-optional-absent: optional export 'contacts' not found" in said.stderr
    assert said.stdout.startswith(f"{profile}: ok, and the run will read {POWERSCHOOL} (")


def test_check_profile_with_exports_refuses_a_missing_required_column(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(POWERSCHOOL, exports)
    teachers = exports / "teachers.txt"
    teachers.write_text(teachers.read_text(encoding="utf-8").replace("EMAIL_ADDR", "EMAIL", 1), encoding="utf-8")
    said = transform("check-profile", "powerschool", "--exports", exports)
    assert said.returncode == 2
    assert "teachers.txt:1: I201 column-missing: teachers.txt: required column 'Email_Addr' missing" in said.stderr
    assert "ok" not in said.stdout


# -- 4. the wrong profile, the wrong folder, a misspelt name --------------------------------------


@pytest.mark.parametrize(
    ("exports", "given", "fits"),
    [(FIXTURES / "sds" / "district" / "in", "powerschool", "sds"), (POWERSCHOOL, "infinite-campus", "powerschool")],
)
def test_exports_of_another_sis_get_one_hint(exports: Path, given: str, fits: str, tmp_path: Path) -> None:
    result = run(given, exports, tmp_path / "out")
    assert result.exit_status == 2
    assert [p.code.id for p in result.problems] == ["I242"]
    assert result.problems[0].message.endswith(
        f"these look like {fits} exports ({result.problems[0].params['score']}"
        f" of its columns found): try --profile {fits}"
    )
    if given == "powerschool":  # what is missing names the file looked for (tester33 F2)
        assert result.problems[0].params["first"] == "export 'schools' (schools.txt, schools.csv)"
    checked = api.check_profile(given, exports=exports)[1]
    assert [p.code.id for p in checked] == ["I242"]


def test_missing_exports_of_the_right_sis_are_listed_as_they_are(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(POWERSCHOOL, exports)
    (exports / "cc.txt").unlink()
    result = run("powerschool", exports, tmp_path / "out")
    assert [p.code.id for p in result.problems] == ["I200"]


def test_an_output_set_given_as_exports_is_recognised(tmp_path: Path) -> None:
    published = tmp_path / "out"
    assert run("powerschool", POWERSCHOOL, published).exit_status == 0
    said = transform("--profile", "powerschool", published, tmp_path / "elsewhere")
    assert said.returncode == 2
    assert "I243 exports-are-output-set" in said.stderr and "did you swap EXPORTS and OUT?" in said.stderr


def test_a_sis_oneroster_set_is_not_taken_for_a_published_one(tmp_path: Path) -> None:
    """The six files of a OneRoster export a SIS wrote, run with an SIS profile: named as the
    OneRoster set it is (I250/I251), not as EXPORTS and OUT swapped (no state of ours beside it)."""
    said = transform("--profile", "powerschool", FIXTURES / "oneroster-1.2" / "district" / "in", tmp_path / "out")
    assert said.returncode == 2
    assert "I243" not in said.stderr and "oneroster-1.2" in said.stderr


@pytest.mark.parametrize("name", ["PowerSchool", "POWERSCHOOL", "RenWeb"])
def test_bundled_names_in_any_case(name: str) -> None:
    profile, problems = api.check_profile(name)
    assert problems == [] and profile is not None


def test_a_misspelt_profile_name_gets_did_you_mean() -> None:
    said = transform("--profile", "powershool", POWERSCHOOL, "out-never-written")
    assert said.returncode == 2
    assert "P100 profile-not-found: no profile named 'powershool' (did you mean 'powerschool'?)" in said.stderr
    assert not Path("out-never-written").exists()


def test_a_profile_path_that_does_not_exist_says_so(tmp_path: Path) -> None:
    said = transform("check-profile", tmp_path / "powerschool.yaml")
    assert said.returncode == 2
    assert f"P110 profile-file-missing: {tmp_path / 'powerschool.yaml'}: no such profile file" in said.stderr
    assert "the bundled profile 'powerschool' is named without a path" in said.stderr
