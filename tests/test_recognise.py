"""A OneRoster set given to a profile that cannot read its version is named as such (I250, I251),
with the bundled profile that can, instead of "column 'role' missing" (issue 19.9)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

SET_1_2 = FIXTURES / "oneroster-1.2" / "district" / "in"
SET_1_1 = FIXTURES / "oneroster" / "district" / "in"  # 1.1 with 1.0 leftovers (agents, userId)
MANIFEST_1_1 = "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\nfile.users,bulk\r\n"


def _run(profile: str, exports: Path, out: Path) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))


def _copy(source: Path, tmp_path: Path, *, manifest: str | None = None, drop: tuple[str, ...] = ()) -> Path:
    exports = tmp_path / "in"
    shutil.copytree(source, exports)
    for name in drop:
        (exports / name).unlink()
    if manifest is not None:
        (exports / "manifest.csv").write_text(manifest, encoding="utf-8")
    return exports


@pytest.mark.parametrize("profile", ["oneroster", "ims", "focus"])
def test_a_1_2_set_given_to_a_1_1_profile_is_named_before_anything_is_read(tmp_path: Path, profile: str) -> None:
    result = _run(profile, SET_1_2, tmp_path / "out")
    assert result.exit_status == 2
    [problem] = result.problems
    assert problem.code.id == "I250"
    assert problem.where.file == "manifest.csv"
    assert problem.params["format"] == "OneRoster 1.2"
    assert problem.params["suggest"] == "oneroster-1.2"
    assert "use --profile oneroster-1.2" in problem.message
    assert not result.report.rows_read  # nothing read
    assert not (tmp_path / "out").exists()


def test_a_1_1_set_given_to_the_1_2_profile_is_named(tmp_path: Path) -> None:
    exports = _copy(SET_1_1, tmp_path, manifest=MANIFEST_1_1)
    result = _run("oneroster-1.2", exports, tmp_path / "out")
    assert result.exit_status == 2
    assert [(p.code.id, p.params["format"], p.params["suggest"]) for p in result.problems] == [
        ("I250", "OneRoster 1.1", "oneroster")
    ]


def test_a_1_1_manifest_runs_with_the_1_1_profile(tmp_path: Path) -> None:
    exports = _copy(SET_1_1, tmp_path, manifest=MANIFEST_1_1)
    result = _run("oneroster", exports, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]


def test_a_set_without_manifest_is_named_by_its_headers_when_columns_are_missing(tmp_path: Path) -> None:
    """No manifest (OneRoster 1.0 had none; some exporters leave it out): the header hint comes
    first, then what is missing, as before."""
    exports = _copy(SET_1_2, tmp_path, drop=("manifest.csv",))
    result = _run("oneroster", exports, tmp_path / "out")
    assert result.exit_status == 2
    assert [p.code.id for p in result.problems] == ["I251", "I201"]
    hint = result.problems[0]
    assert (hint.where.file, hint.params["format"], hint.params["suggest"]) == (
        "roles.csv",
        "OneRoster 1.2",
        "oneroster-1.2",
    )
    assert result.problems[1].params["column"] == "role"


def test_a_1_0_set_given_to_the_1_2_profile_is_named(tmp_path: Path) -> None:
    result = _run("oneroster-1.2", SET_1_1, tmp_path / "out")
    assert result.exit_status == 2
    assert [(p.code.id, p.params.get("format"), p.params.get("suggest")) for p in result.problems] == [
        ("I251", "OneRoster 1.0", "oneroster"),
        ("I200", None, None),
    ]


def test_a_1_2_set_given_to_an_sis_profile_gets_the_hint_too(tmp_path: Path) -> None:
    result = _run("powerschool", SET_1_2, tmp_path / "out")
    assert result.exit_status == 2
    hints = [p for p in result.problems if p.code.id == "I251"]
    assert [(h.params["format"], h.params["suggest"]) for h in hints] == [("OneRoster 1.2", "oneroster-1.2")]
    assert result.problems[0] is hints[0]  # said first


def test_a_manifest_version_no_profile_claims_is_left_to_the_columns(tmp_path: Path) -> None:
    exports = _copy(SET_1_2, tmp_path, manifest="propertyName,value\nmanifest.version,1.0\noneroster.version,9.9\n")
    result = _run("oneroster-1.2", exports, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]


def test_a_zipped_1_2_set_is_named_too(tmp_path: Path) -> None:
    archive = shutil.make_archive(str(tmp_path / "set"), "zip", SET_1_2)
    result = _run("oneroster", Path(archive), tmp_path / "out")
    assert [p.code.id for p in result.problems] == ["I250"]


@pytest.mark.parametrize("profile", ["oneroster", "focus"])
def test_a_1_1_set_without_classes_csv_is_told_what_is_missing(tmp_path: Path, profile: str) -> None:
    """A OneRoster 1.1 set of users and enrolments only (a public test fixture's shape): no
    classes.csv. Before, oneroster said "these look like sds-v2 exports: try --profile sds-v2",
    and sds-v2 answered "a OneRoster 1.1 set: try --profile oneroster" (tester33 F2). users.csv's
    header shows the kind of set the profile reads itself (role, orgSourcedIds): the missing file is
    said alone, and no other profile is suggested."""
    exports = _copy(SET_1_1, tmp_path, drop=("classes.csv",))
    result = _run(profile, exports, tmp_path / "out")
    assert result.exit_status == 2
    assert [(p.code.id, p.params.get("patterns")) for p in result.problems] == [("I200", "classes.csv")]
    assert "classes.csv" in result.problems[0].message

    other = _run("sds-v2", exports, tmp_path / "out")  # sds-v2 still names the set's kind
    hint = other.problems[0]
    assert (hint.code.id, hint.params["suggest"]) == ("I251", "oneroster")


MANIFEST_1_2 = MANIFEST_1_1.replace("oneroster.version,1.1", "oneroster.version,1.2")


def test_a_1_2_set_whose_manifest_says_1_1_is_read_by_the_1_2_profile_and_said(tmp_path: Path) -> None:
    """Its files (roles.csv, users.csv without role) are 1.2: the 1.2 profile reads them, with
    I230, where it answered "use --profile oneroster", which sent the admin back (tester59 M1)."""
    exports = _copy(SET_1_2, tmp_path, manifest=MANIFEST_1_1)
    result = _run("oneroster-1.2", exports, tmp_path / "out")
    assert result.exit_status == 0 and result.report.published
    (said,) = result.report.examples["I230"]
    assert said.where.file == "manifest.csv"
    assert said.params["said"] == "OneRoster 1.1" and said.params["format"] == "OneRoster 1.2"
    assert "roles.csv has userSourcedId, roleType, role" in said.message
    assert "I250" not in result.report.counts
    # the same as the set with its manifest right
    right = _run("oneroster-1.2", _copy(SET_1_2, tmp_path / "right", manifest=MANIFEST_1_2), tmp_path / "out2")
    assert right.exit_status == 0 and "I230" not in right.report.counts
    for name in ("users.csv", "classes.csv", "enrollments.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()
    # and the 1.1 profile, on its missing column, points to the 1.2 one, which reads it
    wrong = _run("oneroster", exports, tmp_path / "out3")
    assert wrong.exit_status == 2
    assert any(p.params.get("suggest") == "oneroster-1.2" for p in wrong.report.examples["I251"])


def test_a_manifest_naming_a_format_the_files_also_show_is_still_refused(tmp_path: Path) -> None:
    """A 1.1 users.csv (role, orgSourcedIds) beside a roles.csv under a 1.1 manifest: the files do
    not settle it, so the manifest decides, as before (I250)."""
    exports = _copy(SET_1_1, tmp_path, manifest=MANIFEST_1_1)
    shutil.copy(SET_1_2 / "roles.csv", exports / "roles.csv")
    result = _run("oneroster-1.2", exports, tmp_path / "out")
    assert result.exit_status == 2 and [p.code.id for p in result.problems] == ["I250"]
