"""What a OneRoster export's manifest and terms say before any class is published: a delta
export (manifest.csv file.users,delta: only the changes since the last export) is refused
before anything is read, and classes naming terms when no term has dates (academicSessions.csv
missing) are refused rather than every class of every term published. Copies of the sample
districts in tmp_path (cases the fourth tester found: or11-delta, or11-nosessions)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)
ONEROSTER = FIXTURES / "oneroster" / "district" / "in"
ONEROSTER_12 = FIXTURES / "oneroster-1.2" / "district" / "in"
MANIFEST_11 = """propertyName,value
manifest.version,1.0
oneroster.version,1.1
file.academicSessions,{mode}
file.categories,absent
file.classes,{mode}
file.courses,{mode}
file.demographics,{mode}
file.enrollments,{mode}
file.lineItems,absent
file.orgs,{mode}
file.users,{mode}
source.systemName,Example SIS
"""


def copied(tmp_path: Path, source: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(source, folder)
    return folder


def run(folder: Path, out: Path, profile: str, *, allow_incomplete: bool = False) -> api.RunResult:
    options = api.RunOptions(
        profile=profile, in_dir=folder, out_dir=out, as_of=AS_OF, allow_incomplete=allow_incomplete
    )
    return api.run(options)


def class_ids(out: Path) -> list[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(row["sourcedId"] for row in csv.DictReader(handle))


@pytest.mark.parametrize("profile", ["oneroster", "focus", "progressbook", "skyward-qmlativ"])
def test_a_11_delta_export_is_refused_naming_each_file(tmp_path: Path, profile: str) -> None:
    """The sample district with a manifest saying every file is delta. Before, it was published
    as a whole set (exit 0), telling Remind that the district is what the night's changes
    hold. Now: refused before anything is read, one I266 per delta file the profile reads
    (lineItems is absent, categories not read), exit 1 (the SIS's export setting, not the
    command or the profile: exit56); nothing written."""
    folder = copied(tmp_path, ONEROSTER)
    (folder / "manifest.csv").write_text(MANIFEST_11.format(mode="delta"), encoding="utf-8")
    out = tmp_path / "out"
    result = run(folder, out, profile)
    assert result.exit_status == 1
    refused = sorted(p.params["file"] for p in result.problems if p.code.id == "I266")
    assert refused == [
        "academicSessions.csv",
        "classes.csv",
        "courses.csv",
        "demographics.csv",
        "enrollments.csv",
        "orgs.csv",
        "users.csv",
    ]
    users = next(p for p in result.problems if p.params["file"] == "users.csv")
    assert (users.where.file, users.where.line) == ("manifest.csv", 12)
    assert "export every file in bulk mode" in users.message
    assert not out.exists()


def test_a_12_delta_export_is_refused(tmp_path: Path) -> None:
    """The 1.2 sample with only users.csv in delta mode (Delta is any case): refused, exit 1."""
    folder = copied(tmp_path, ONEROSTER_12)
    manifest = folder / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("file.users,bulk", "file.users,Delta"))
    result = run(folder, tmp_path / "out", "oneroster-1.2")
    assert result.exit_status == 1
    assert [(p.code.id, p.params["file"]) for p in result.problems] == [("I266", "users.csv")]


def test_a_bulk_manifest_is_published(tmp_path: Path) -> None:
    """The same manifest in bulk mode changes nothing."""
    folder = copied(tmp_path, ONEROSTER)
    (folder / "manifest.csv").write_text(MANIFEST_11.format(mode="bulk"), encoding="utf-8")
    result = run(folder, tmp_path / "out", "oneroster")
    assert result.exit_status == 0
    assert "I266" not in result.report.counts


@pytest.mark.parametrize("profile", ["oneroster", "oneroster-1.2"])
def test_a_file_the_manifest_lists_as_exported_that_is_missing_is_refused(tmp_path: Path, profile: str) -> None:
    """The manifest says file.demographics,bulk, but demographics.csv did not arrive. Before, the
    set was published without birth dates (D362, a warning for sets that have no demographics
    at all), exit 0 (tester23 F6). Now: refused before anything is read, naming the manifest's
    line and the file (X986, exit 1); nothing written."""
    folder = copied(tmp_path, ONEROSTER if profile == "oneroster" else ONEROSTER_12)
    if profile == "oneroster":
        (folder / "manifest.csv").write_text(MANIFEST_11.format(mode="bulk"), encoding="utf-8")
    (folder / "demographics.csv").unlink()
    out = tmp_path / "out"
    result = run(folder, out, profile)
    assert result.exit_status == 1
    [refused] = result.problems
    assert refused.code.id == "X986"
    line = 8 if profile == "oneroster" else 10
    assert (refused.where.file, refused.where.line) == ("manifest.csv", line)
    assert refused.message == (
        "manifest.csv says file.demographics,bulk, but demographics.csv is not in the exports: the export wrote "
        "it with the others, so it was lost on the way (or the job stopped before it); nothing published: "
        "export the whole package again and copy it complete"
    )
    assert not out.exists()


def test_a_file_the_manifest_lists_as_absent_that_is_there_is_refused(tmp_path: Path) -> None:
    """The manifest says file.enrollments,absent, but an enrollments.csv left from an earlier
    export is in the folder. Before, it was read and its enrolments published with no note. Now:
    refused (X986, exit 1), saying to remove the stale file."""
    folder = copied(tmp_path, ONEROSTER)
    manifest = MANIFEST_11.format(mode="bulk").replace("file.enrollments,bulk", "file.enrollments,Absent")
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    result = run(folder, tmp_path / "out", "oneroster")
    assert result.exit_status == 1
    [refused] = result.problems
    assert (refused.code.id, refused.where.line) == ("X986", 9)
    assert "file.enrollments,Absent, but enrollments.csv is in the exports" in refused.message
    assert "remove the stale enrollments.csv from the exports" in refused.message


def test_files_the_manifest_lists_as_absent_and_the_profile_does_not_read_are_not_looked_for(tmp_path: Path) -> None:
    """categories and lineItems are absent in the manifest and not there: nothing to say; nor
    of a resources.csv the manifest calls absent beside them, which no rule reads."""
    folder = copied(tmp_path, ONEROSTER)
    (folder / "manifest.csv").write_text(MANIFEST_11.format(mode="bulk") + "file.resources,absent\n", encoding="utf-8")
    (folder / "resources.csv").write_text("sourcedId,title\nres-1,Atlas\n", encoding="utf-8")
    result = run(folder, tmp_path / "out", "oneroster")
    assert result.exit_status == 0
    assert "X986" not in result.report.counts


@pytest.mark.parametrize(
    ("mode", "courses_there"),
    [("bulk", False), ("absent", True)],
    ids=["listed-but-not-copied", "absent-but-left-over"],
)
def test_a_contradiction_about_a_file_the_target_does_not_read_is_not_refused(
    tmp_path: Path, mode: str, courses_there: bool
) -> None:
    """Tester26 2.3: Remind is sent no courses, so the Remind target reads no courses.csv. A
    district that copies the files Remind asks for beside its SIS's manifest (file.courses,bulk)
    was refused X986, as was a stale courses.csv the manifest calls absent. Neither can change the
    set: published as without the manifest. The strict target, which writes courses.csv, still
    refuses both."""
    folder = copied(tmp_path, ONEROSTER)
    manifest = MANIFEST_11.format(mode="bulk").replace("file.courses,bulk", f"file.courses,{mode}")
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    if not courses_there:
        (folder / "courses.csv").unlink()
    result = run(folder, tmp_path / "remind", "oneroster")
    assert result.exit_status == 0
    assert "X986" not in result.report.counts
    strict = api.run(
        api.RunOptions(profile="oneroster", in_dir=folder, out_dir=tmp_path / "strict", as_of=AS_OF, target="oneroster")
    )
    assert strict.exit_status == 1
    [refused] = strict.problems
    assert (refused.code.id, refused.where.line, refused.params["file"]) == ("X986", 7, "courses.csv")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_file_said_absent_that_holds_its_header_alone_is_as_absent(tmp_path: Path, engine: str) -> None:
    """Tester26 2.3: file.demographics,absent beside a demographics.csv holding the header line
    alone was refused X986 ("left over from another export"). A header holds no other day's data:
    published with I208 (the file is empty), as before X986. A stale file with a row is refused."""
    folder = copied(tmp_path, ONEROSTER)
    manifest = MANIFEST_11.format(mode="bulk").replace("file.demographics,bulk", "file.demographics,absent")
    (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    demographics = folder / "demographics.csv"
    header, row = demographics.read_text(encoding="utf-8-sig").splitlines()[:2]
    demographics.write_text(f"\ufeff{header}\r\n,,,\r\n\r\n", encoding="utf-8")  # a spreadsheet's padding too
    options = api.RunOptions(profile="oneroster", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF, engine=engine)
    result = api.run(options)
    assert result.exit_status == 0
    assert "X986" not in result.report.counts and result.report.counts["I208"] == 1
    demographics.write_text(f"{header}\r\n{row}\r\n", encoding="utf-8")
    stale = api.run(dataclasses.replace(options, out_dir=tmp_path / "stale"))
    assert (stale.exit_status, [p.code.id for p in stale.problems]) == (1, ["X986"])


def without_sessions(tmp_path: Path) -> Path:
    """The sample without academicSessions.csv, last year's class still active with a student."""
    folder = copied(tmp_path, ONEROSTER)
    (folder / "academicSessions.csv").unlink()
    classes = folder / "classes.csv"
    classes.write_text(classes.read_text(encoding="utf-8-sig").replace("cl-old,tobedeleted,", "cl-old,active,"))
    with (folder / "enrollments.csv").open("a", encoding="utf-8") as handle:
        handle.write("e30,active,2026-08-01,cl-old,sch-10,u-s1,student,false,,\n")
    return folder


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_classes_naming_terms_without_academic_sessions_are_refused(tmp_path: Path, engine: str) -> None:
    """Before, every class was published (last year's cl-old, next semester's cl-art6) with only
    F420 warnings, exit 0. Now the run is refused (X954, exit 1), naming the terms the classes
    name and the export that should date them; nothing is written."""
    out = tmp_path / "out"
    options = api.RunOptions(
        profile="oneroster", in_dir=without_sessions(tmp_path), out_dir=out, as_of=AS_OF, engine=engine
    )
    result = api.run(options)
    assert result.exit_status == 1
    refusal = next(p for p in result.problems if p.code.id == "X954")
    assert refusal.params["file"] == "academicSessions.csv"
    assert refusal.params["terms"] == "s1-2027, s2-2027, y-2026, y-2027"
    assert not out.exists()


def test_allow_incomplete_publishes_every_class_and_says_so(tmp_path: Path) -> None:
    """The admin who wants every class of the exports says so: published, with X918."""
    out = tmp_path / "out"
    result = run(without_sessions(tmp_path), out, "oneroster", allow_incomplete=True)
    assert result.report.published and result.exit_status == 1 and "F453" in result.report.counts  # said
    assert "X918" in result.report.counts and "X954" not in result.report.counts
    assert "cl-old" in class_ids(out)


def test_classes_naming_no_term_are_still_kept_without_sessions(tmp_path: Path) -> None:
    """An export whose classes name no term at all has nothing to check them against: kept,
    each warned about (F420), as before."""
    folder = without_sessions(tmp_path)
    classes = folder / "classes.csv"
    rows = list(csv.reader(classes.read_text(encoding="utf-8-sig").splitlines()))
    column = rows[0].index("termSourcedIds")
    for row in rows[1:]:
        row[column] = ""
    with classes.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    out = tmp_path / "out"
    result = run(folder, out, "oneroster")
    assert result.exit_status == 0
    assert "X954" not in result.report.counts and result.report.counts["F420"] >= 4


SDS_V2 = FIXTURES / "sds-v2" / "district" / "in"


def test_sds_v2_classes_naming_sessions_without_academic_sessions_are_refused(tmp_path: Path) -> None:
    """The same hole in SDS v2.1 (its classes name sessionSourcedIds): every class of every
    session was published with F420 warnings; now X954, and --allow-incomplete publishes."""
    folder = copied(tmp_path, SDS_V2)
    (folder / "academicSessions.csv").unlink()
    refused = api.run(api.RunOptions(profile="sds-v2", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert refused.exit_status == 1 and [p.code.id for p in refused.problems] == ["X954"]
    assert not (tmp_path / "out").exists()
    allowed = api.run(
        api.RunOptions(profile="sds-v2", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF, allow_incomplete=True)
    )
    assert allowed.report.published and "X918" in allowed.report.counts
    assert allowed.exit_status == 1 and "F453" in allowed.report.counts  # published, but said
