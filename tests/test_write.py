"""The writer: exact headers, minimal quoting, no quotes or line breaks, atomic publish."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from transform.oneroster.spec import ALL_FILES, REMIND
from transform.pipeline.rows import Draft, SourceRow
from transform.pipeline.run import _read_ids
from transform.pipeline.write import Staging
from transform.report.problem import TransformAbort
from transform.report.report import Report


def draft(table: str, **values: str) -> Draft:
    return Draft(table, values, SourceRow("students.txt", 7, [], {}))


def test_header_only_when_empty_and_exact_spec_order(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "out", lock_folder=tmp_path / "state")
    report = Report()
    with staging.table("enrollments", REMIND.columns("enrollments"), report):
        pass
    staging.publish()
    staging.release()  # the lock outlives the publish (the upload follows it)
    text = (tmp_path / "out" / "enrollments.csv").read_bytes()
    assert text == (
        b"sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,"
        b"role,primary,beginDate,endDate\r\n"
    )
    assert report.rows_written == {"enrollments.csv": 0}


def test_users_header_ends_with_preferred_language() -> None:
    assert REMIND.columns("users")[-2:] == ("password", "metadata.preferredLanguage")
    assert len(REMIND.columns("users")) == 19


def test_quoting_only_where_needed_and_unsafe_characters_repaired(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "out", lock_folder=tmp_path / "state")
    report = Report()
    with staging.table("orgs", ("sourcedId", "name"), report) as writer:
        writer.write(draft("orgs", sourcedId="1", name="Rob, Jr."))
        writer.write(draft("orgs", sourcedId="2", name='The "Best"\nSchool'))
        writer.write(draft("orgs", sourcedId="004512", name="Plain"))
    staging.publish()
    staging.release()  # the lock outlives the publish (the upload follows it)
    lines = (tmp_path / "out" / "orgs.csv").read_bytes().decode("utf-8").split("\r\n")
    assert lines == ["sourcedId,name", '1,"Rob, Jr."', "2,The Best School", "004512,Plain", ""]
    assert sorted(report.flatten("code", "line", "column")) == [("D309", 7, "name"), ("D310", 7, "name")]


def test_manifest_lists_all_thirteen_files(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "out", lock_folder=tmp_path / "state")
    for table in REMIND.files:
        with staging.table(table, REMIND.columns(table), Report()):
            pass
    staging.write_manifest(REMIND, "PowerSchool")
    staging.publish()
    staging.release()  # the lock outlives the publish (the upload follows it)
    rows = [line.split(",") for line in (tmp_path / "out" / "manifest.csv").read_text().splitlines()]
    assert rows[0] == ["propertyName", "value"]
    values = dict(rows[1:])
    assert values["manifest.version"] == "1.0" and values["oneroster.version"] == "1.1"
    assert {k for k in values if k.startswith("file.")} == {f"file.{f}" for f in ALL_FILES}
    assert {k for k, v in values.items() if v == "bulk"} == {
        "file.orgs",
        "file.users",
        "file.demographics",
        "file.classes",
        "file.enrollments",
    }
    assert values["source.systemName"] == "PowerSchool"


def test_discard_leaves_the_previous_set_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "users.csv").write_text("previous", encoding="utf-8")
    staging = Staging(out, lock_folder=tmp_path / "state")
    with staging.table("users", ("sourcedId",), Report()):
        pass
    staging.discard()
    assert (out / "users.csv").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "state"]  # no staging folder left


def test_publish_replaces_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "courses.csv").write_text("stale", encoding="utf-8")
    staging = Staging(out, lock_folder=tmp_path / "state")
    with staging.table("users", ("sourcedId",), Report()):
        pass
    staging.publish()
    staging.release()  # the lock outlives the publish (the upload follows it)
    assert sorted(p.name for p in out.iterdir()) == ["users.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "state"]  # no staging folder left


def test_refuses_to_replace_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_text("mine", encoding="utf-8")
    with pytest.raises(TransformAbort) as caught:
        Staging(tmp_path, lock_folder=tmp_path / "state")
    assert [p.code.id for p in caught.value.problems] == ["X900"]
    assert caught.value.exit_status == 2


def test_an_empty_file_can_be_left_out(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "out", lock_folder=tmp_path / "state")
    report = Report()
    with staging.table("courses", ("sourcedId",), report, keep_empty=False):
        pass
    with staging.table("orgs", ("sourcedId",), report, keep_empty=False) as writer:
        writer.write(draft("orgs", sourcedId="1"))
    staging.write_manifest(REMIND, "x")
    staging.publish()
    staging.release()  # the lock outlives the publish (the upload follows it)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["manifest.csv", "orgs.csv"]
    assert "file.courses,absent" in (tmp_path / "out" / "manifest.csv").read_text(encoding="utf-8")
    assert report.rows_written == {"orgs.csv": 1}


def test_no_cell_leaves_that_a_spreadsheet_would_run(tmp_path: Path) -> None:
    """The writer is the last line of defence: whatever a stage let through is kept behind an
    apostrophe (and reported), never emptied; signed numbers and E.164 phones stay."""
    from transform.pipeline.write import plain

    staging = Staging(tmp_path / "out", lock_folder=tmp_path / "state")
    report = Report()
    columns = ("sourcedId", "givenName", "familyName", "phone", "grades", "username")
    with staging.table("users", columns, report) as writer:
        writer.write(
            draft(
                "users",
                sourcedId="s1",
                givenName="=1+1",
                familyName="Lee\x07",
                phone="+15551234567",
                grades="-1",
                username="@ann",
            )
        )
    staging.publish()
    staging.release()  # the lock outlives the publish (the upload follows it)
    lines = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "s1,'=1+1,Lee,+15551234567,-1,'@ann"
    assert sorted((p.code.id, p.where.column) for ps in report.examples.values() for p in ps) == [
        ("D324", "givenName"),
        ("D324", "username"),
        ("D325", "familyName"),
    ]
    assert plain(("s1", "+15551234567", "-1", "Ann")) and not plain(("s1", "=1+1")) and not plain(("@x",))


def test_a_column_of_a_written_file_is_read_again_as_written(tmp_path: Path) -> None:
    """`run._read_ids` cuts a line at its first comma where the first cell is not quoted."""
    path = tmp_path / "users.csv"
    rows = [("sourcedId", "role"), ("a", "student"), ("b,c", "parent"), ('d"e', ""), ("f", "x,y")]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    assert list(_read_ids(path, "sourcedId")) == ["a", "b,c", 'd"e', "f"]
    assert list(_read_ids(path, "role")) == ["student", "parent", "", "x,y"]
    assert list(_read_ids(tmp_path / "absent.csv", "sourcedId")) == []
