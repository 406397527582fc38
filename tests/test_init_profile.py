"""`transform init-profile`: a folder of exports in, a description and a working starter profile out."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from tests import cli_runner
from tests.conftest import FIXTURES
from transform import api
from transform.report.codes import Severity

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
    first = cli_runner.run(args, capture_output=True, text=True, check=False)
    assert first.returncode == 0 and "Closest bundled profiles: sds" in first.stdout
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["extends"] == "sds"
    again = cli_runner.run(args, capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "not replaced" in again.stderr
    missing = cli_runner.run(
        [*CLI, "init-profile", str(tmp_path / "nowhere")], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


# Cases the bundled profile cannot run alone: their district file says what no export shows.
NEEDS_DISTRICT_SETTINGS = {"sds/district-uk": "day-first dates (settings.day_first)"}


def _run_with_bundled_profile(exports: Path) -> bool:
    """A case of a SIS with a bundled profile (not the tutorial's SIS, which has none)."""
    case = str(exports.parent.relative_to(FIXTURES))
    bundled = FIXTURES.parent / "profiles" / f"{exports.parent.parent.name}.yaml"
    return bundled.exists() and case not in NEEDS_DISTRICT_SETTINGS


FIXTURE_EXPORTS = sorted(p for p in FIXTURES.glob("*/*/in") if _run_with_bundled_profile(p))
# FACTS writes Clever's own files (its Clever integration): nothing in them tells the two apart,
# so the draft extends clever and names facts as fitting as well; the sets differ only in the
# manifest's source system. Skyward Qmlativ's OneRoster export lists a user once per school,
# which the oneroster profile now combines too: its sample's files fit oneroster as well, and
# the general profile comes first.
SAME_LAYOUT = {"facts": "clever", "skyward-qmlativ": "oneroster"}
TIED = {"facts"}  # the draft names it as fitting as well (the same share of columns found)


def _run(profile: str, exports: Path, out: Path, as_of: str, max_removal: float | None = None) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile=profile,
            in_dir=exports,
            out_dir=out,
            as_of=api.dt.date.fromisoformat(as_of),
            max_removal=max_removal,
        )
    )


@pytest.mark.parametrize("exports", FIXTURE_EXPORTS, ids=[str(p.parent.relative_to(FIXTURES)) for p in FIXTURE_EXPORTS])
def test_the_draft_of_every_fixture_runs_as_its_bundled_profile(exports: Path, tmp_path: Path) -> None:
    sis = exports.parent.parent.name
    case = yaml.safe_load((exports.parent / "case.yaml").read_text(encoding="utf-8"))
    as_of, max_removal = case["as_of"], (case.get("options") or {}).get("max_removal")
    result = api.init_profile(exports)
    draft = tmp_path / "draft.yaml"
    draft.write_text(result.profile_text, encoding="utf-8")
    assert result.extends == SAME_LAYOUT.get(sis, sis)
    checked = api.check_profile(str(draft), exports=exports)[1]
    assert [p for p in checked if p.code.severity is Severity.ERROR] == []

    drafted = _run(str(draft), exports, tmp_path / "drafted", as_of, max_removal)
    bundled = _run(sis, exports, tmp_path / "bundled", as_of, max_removal)
    # A first set without a person whose ID is on two rows with other data exits 1 (X851: powerschool/messy).
    expected = 1 if "X851" in bundled.report.counts else 0
    assert drafted.exit_status == bundled.exit_status == expected
    produced = sorted(p.name for p in (tmp_path / "bundled").iterdir())
    assert sorted(p.name for p in (tmp_path / "drafted").iterdir()) == produced
    for name in produced:
        if sis in SAME_LAYOUT and name == "manifest.csv":
            assert sis not in TIED or f"These files fit {sis} as well" in result.profile_text
            continue
        assert (tmp_path / "drafted" / name).read_bytes() == (tmp_path / "bundled" / name).read_bytes(), name


def test_an_absent_optional_export_is_not_wired_to_another_file() -> None:
    """PowerSchool's contacts and sectionteacher exports are optional: a district without them
    got `contacts: files: [cc.txt]`, and the run stopped on cc.txt's missing columns."""
    result = api.init_profile(FIXTURES / "powerschool" / "district" / "in")
    profile = yaml.safe_load(result.profile_text)
    assert profile == {"name": "my-district", "extends": "powerschool"}
    assert "# contacts: no such export here (optional; its rules are skipped)" in result.profile_text


def test_a_source_is_not_wired_to_a_file_lacking_its_required_columns(tmp_path: Path) -> None:
    """A file the profile's name patterns find is still not wired when it lacks the columns."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    (exports / "contacts.csv").write_text("Family,Phone\nLopez,555-0100\n", encoding="utf-8")
    ranked = api.profile_init.rank_profiles(api.profile_init.inspect_folder(exports), ["powerschool"])
    contacts = next(m for m in ranked[0].sources if m.source == "contacts")
    assert contacts.file is None


BLACKBAUD_SHAPED = {  # a single-school SIS with no bundled profile: Blackbaud-like list exports
    "Student Roster.csv": "User ID,Host ID,First Name,Last Name,Grade Level,E-Mail,Birth Date\n"
    "4411,S-1001,Grace,Kim,6,gkim@students.example.org,2014-03-02\n"
    "4412,S-1002,Luca,Rossi,7,lrossi@students.example.org,2013-07-19\n",
    "Faculty.csv": "User ID,First Name,Last Name,E-Mail,Department\n7001,Helen,Park,hpark@example.org,Math\n",
    "Class Sections.csv": "Section ID,Course Title,Course Code,Section,Faculty User ID,Term\n"
    "301,Math 6,MATH6,1,7001,2026-2027\n",
    "Class Enrollments.csv": "Section ID,Student User ID\n301,4411\n301,4412\n",
    "Terms.csv": "Term,Start Date,End Date\n2026-2027,2026-08-26,2027-06-04\n",
}


def test_unknown_exports_get_a_skeleton_whose_unfilled_fields_check_profile_names(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    exports.mkdir()
    for name, text in BLACKBAUD_SHAPED.items():
        (exports / name).write_text(text, encoding="utf-8")
    result = api.init_profile(exports)
    assert result.extends is None
    assert result.verdict.startswith("No bundled profile fits these files (closest: ")
    skeleton = tmp_path / "skeleton.yaml"
    skeleton.write_text(result.profile_text, encoding="utf-8")
    # Every column it names is there; what check-profile still says is what to fill in: no file
    # lists the schools, so the one school's ID and name are settings every rule reads (newcomer48:
    # the draft asked for a school column no file has, and read the orgs from the enrolments).
    problems = api.check_profile(str(skeleton), exports=exports)[1]
    assert [(p.code.id, p.params["setting"]) for p in problems] == [("P120", "school_id"), ("P120", "school_name")]
    assert problems[0].params["fields"] == (
        "tables.orgs.school.sourcedId, tables.users.students.orgSourcedIds, tables.users.staff.orgSourcedIds, "
        "tables.classes.sections.schoolSourcedId, tables.enrollments.rows.schoolSourcedId, "
        "tables.enrollments.teachers.schoolSourcedId"
    )

    profile = yaml.safe_load(result.profile_text)
    assert "extends" not in profile
    by_file = {spec["files"][0]: spec["columns"] for spec in profile["sources"].values()}
    assert by_file == {name: text.splitlines()[0].split(",") for name, text in BLACKBAUD_SHAPED.items()}
    assert '      - "Course Title"                 # Math 6' in result.profile_text  # sample values
    assert set(profile["tables"]) == {"orgs", "users", "demographics", "classes", "enrollments"}
    users = profile["tables"]["users"]["students"]
    assert users["from"] == "student_roster"
    assert users["columns"]["givenName"] == {"column": "First Name", "clean": ["name"]}
    assert users["columns"]["orgSourcedIds"] == {"setting": "school_id"}
    assert profile["tables"]["orgs"] == {
        "school": {
            "once": True,
            "columns": {"sourcedId": {"setting": "school_id"}, "name": {"setting": "school_name"}, "type": "school"},
        }
    }

    # Not filled in yet: the run refuses before reading, naming the fields, rather than write a wrong set.
    run = _run(str(skeleton), exports, tmp_path / "out", "2026-10-15")
    assert run.exit_status == 2 and not (tmp_path / "out").exists()
    assert {p.code.id for p in run.problems} == {"P120"}

    # Filled in as the messages say, the draft runs: the one school, every user and class at it.
    # Terms.csv (no rule reads it) lists one term, covering the run's date: I226, not held (I274).
    text = skeleton.read_text(encoding="utf-8")
    text = text.replace(
        "  # school_id: ...   # required: the school's ID in the SIS (its number or code)\n", "  school_id: SH1\n"
    )
    text = text.replace(
        "  # school_name: ...   # required: the school's name, as families know it\n", "  school_name: Shore Day\n"
    )
    skeleton.write_text(text, encoding="utf-8")
    assert api.check_profile(str(skeleton), exports=exports)[1] == []
    run = _run(str(skeleton), exports, tmp_path / "out", "2026-10-15")
    assert run.exit_status == 0, [str(p) for p in run.problems]
    assert "I226" in run.report.counts and "I274" not in run.report.counts
    with (tmp_path / "out" / "orgs.csv").open(encoding="utf-8", newline="") as handle:
        assert [(o["sourcedId"], o["name"], o["type"]) for o in csv.DictReader(handle)] == [
            ("SH1", "Shore Day", "school")
        ]
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {u["sourcedId"]: (u["role"], u["orgSourcedIds"]) for u in csv.DictReader(handle)}
    assert users == {"4411": ("student", "SH1"), "4412": ("student", "SH1"), "7001": ("teacher", "SH1")}
