"""The last published set's files damaged after publishing (reviewer82 R9): OUT's users.csv opened
and saved again by a spreadsheet as cp1252 stopped every later night with a traceback (exit 3), in
the identity map's rebuild, the usernames kept and the gate alike. A damaged file of OUT is not the
set published (F450 names it and its line; the gate compares with the kept copy or the recorded
counts, X802), but one only re-saved as cp1252, its rows all there, is: the gate reads it so and
compares by ID (reviewer87 R0: the counts alone let a third of the students under new IDs through at
exit 0); a damaged set named with --previous is refused (X806)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.test_gate import NOW, SAMPLE, fewer_students, run
from transform.pipeline import set_damage
from transform.pipeline.gate import state_folder


def as_cp1252(path: Path) -> None:
    """What a spreadsheet does to the file when saved in the machine's encoding ('José Peña')."""
    text = path.read_bytes().decode("utf-8")
    assert "José" in text
    path.write_bytes(text.encode("cp1252"))


def josé_line(path: Path) -> int:
    return next(n for n, line in enumerate(path.read_bytes().split(b"\n"), 1) if b"Jos\xe9" in line)


def test_an_ordinary_night_after_users_csv_was_saved_as_cp1252_publishes_and_names_the_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    published = (out / "users.csv").read_bytes()
    as_cp1252(out / "users.csv")
    line = josé_line(out / "users.csv")
    result = run(SAMPLE, out, now=NOW + dt.timedelta(days=1))
    assert result.exit_status == 0 and result.report.published
    (said,) = result.report.examples["F450"]
    assert said.where.file == str(out / "users.csv") and said.where.line == line
    assert "not UTF-8 (byte 0xe9" in str(said) and "its files read as cp1252" in str(said)
    assert "X802" not in result.report.counts  # the rows all there: the set published, in another encoding
    assert (out / "users.csv").read_bytes() == published  # the set written whole again
    assert not list(tmp_path.glob(".out.staging-*"))  # the cp1252 reading removed with the run


def with_nul(path: Path) -> None:
    """A byte no spreadsheet's encoding explains: the file is not the set published."""
    data = path.read_bytes()
    path.write_bytes(data.replace(b"\n", b"\n\0", 1))


def test_a_night_losing_a_third_of_its_students_is_still_refused_against_the_recorded_counts(tmp_path: Path) -> None:
    """Taken for no set at all, the damaged file would let any night through: the counts refuse."""
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    with_nul(out / "users.csv")
    result = run(fewer_students(tmp_path), out)
    assert result.exit_status == 1 and not result.report.published
    assert {p.where.file for p in result.problems if p.code.id == "X972"} >= {"users.csv"}
    assert "F450" in result.report.counts
    # OUT holds the set, one file of it damaged: the step puts that file back (reviewer87 R4)
    (refused,) = [p for p in result.problems if p.code.id == "X972" and p.where.file == "users.csv"]
    assert "OUT's users.csv is not as published" in str(refused) and "no longer holds" not in str(refused)
    assert "put users.csv back in OUT as published" in str(refused)


def test_a_set_only_re_saved_as_cp1252_is_compared_by_id(tmp_path: Path) -> None:
    """The counts cannot see students published under new IDs; the IDs of a cp1252 file are whole."""
    control, out = tmp_path / "control", tmp_path / "out"
    for folder in (control, out):
        assert run(SAMPLE, folder).exit_status == 0
    as_cp1252(out / "users.csv")
    fewer = fewer_students(tmp_path)
    expected, result = run(fewer, control), run(fewer, out)
    assert result.exit_status == expected.exit_status == 1 and not result.report.published
    removed = [p.params["removed"] for p in result.report.examples["X906"]]
    assert removed == [p.params["removed"] for p in expected.report.examples["X906"]]
    assert "X972" not in result.report.counts and "its files read as cp1252" in str(result.report.examples["F450"][0])


def test_with_a_kept_copy_the_gate_compares_by_id_with_it(tmp_path: Path) -> None:
    control, out = tmp_path / "control", tmp_path / "out"
    for folder in (control, out):
        assert run(SAMPLE, folder, keep=2).exit_status == 0
    with_nul(out / "users.csv")
    fewer = fewer_students(tmp_path)
    expected = run(fewer, control)
    result = run(fewer, out)
    assert result.exit_status == expected.exit_status == 1
    removed = [p.params["removed"] for p in result.report.examples["X906"]]
    assert removed == [p.params["removed"] for p in expected.report.examples["X906"]]
    assert "the copy kept in the state folder" in str(result.report.examples["F450"][0])


def test_a_kept_copy_damaged_too_is_none(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out, keep=2).exit_status == 0
    with_nul(out / "users.csv")
    (copy,) = (p for p in (state_folder(out) / "history").iterdir() if p.is_dir())
    with_nul(copy / "users.csv")
    result = run(fewer_students(tmp_path), out, keep=2)
    assert result.exit_status == 1 and "X972" in result.report.counts
    assert "the counts last.json recorded" in str(result.report.examples["F450"][0])


def test_a_nul_byte_or_a_last_row_cut_in_enrollments_is_damage_a_bom_is_not(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    kept = tmp_path / "published"
    shutil.copytree(out, kept)
    enrollments = (out / "enrollments.csv").read_bytes()
    damaged = {
        "a NUL byte": enrollments.replace(b"\r\n", b"\r\n\0", 1),
        "cut short: its last line has no line end and fewer cells than the header": enrollments[
            : enrollments.rstrip(b"\r\n").rfind(b",")
        ],
        "cut short inside a character": enrollments + "é".encode()[:1],
    }
    for n, (detail, data) in enumerate(damaged.items(), 1):
        (out / "enrollments.csv").write_bytes(data)
        result = run(SAMPLE, out, now=NOW + dt.timedelta(days=n))
        assert result.exit_status == 0, detail
        (said,) = result.report.examples["F450"]
        assert said.params["detail"] == detail and said.params["name"] == "enrollments.csv"
        assert (out / "enrollments.csv").read_bytes() == enrollments
    # a BOM, or a whole last row an editor left without its line end (reviewer87 R2): the rows whole
    (out / "users.csv").write_bytes(b"\xef\xbb\xbf" + (out / "users.csv").read_bytes())
    (out / "orgs.csv").write_bytes((out / "orgs.csv").read_bytes().rstrip(b"\r\n"))
    result = run(SAMPLE, out, now=NOW + dt.timedelta(days=9))
    assert result.exit_status == 0 and "F450" not in result.report.counts and "X802" not in result.report.counts


def test_a_damaged_set_named_with_previous_is_refused(tmp_path: Path) -> None:
    out, previous = tmp_path / "out", tmp_path / "previous"
    assert run(SAMPLE, out).exit_status == 0
    shutil.copytree(out, previous)
    as_cp1252(previous / "users.csv")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run(SAMPLE, out, previous=previous, now=NOW + dt.timedelta(days=1))
    assert result.exit_status == 1 and not result.report.published
    (refused,) = result.report.examples["X806"]
    assert refused.where.file == str(previous / "users.csv") and refused.where.line == josé_line(previous / "users.csv")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_the_first_damaged_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    path.write_bytes(b"sourcedId,givenName\r\n1,Ana\r\n2,Jos\xe9\r\n")
    detail = "not UTF-8 (byte 0xe9: saved in another encoding?)"
    assert set_damage.first_damage(path) == set_damage.Damage(path, 3, detail)
    path.write_bytes("\ufeffsourcedId,givenName\r\n1,Zoë\r\n".encode())
    assert set_damage.first_damage(path) is None
    path.write_bytes(b"")
    assert set_damage.first_damage(path) is None


def zoea(out: Path) -> str:
    """The sourcedId of the first family's mother."""
    with (out / "users.csv").open(encoding="utf-8-sig", newline="") as handle:
        return next(row["sourcedId"] for row in csv.DictReader(handle) if row["givenName"] == "Zoea")


def test_a_bom_added_to_users_csv_still_rebuilds_a_lost_map_from_it(tmp_path: Path) -> None:
    """Read as UTF-8 with the BOM, the header's first column was '\\ufeffsourcedId': no parent was
    found in the set, the map was not rebuilt (X921), and a mother whose email and phone changed got
    a new ID."""
    out, moved = tmp_path / "out", tmp_path / "moved"
    assert run(SAMPLE, out).exit_status == 0
    before = zoea(out)
    shutil.copytree(SAMPLE, moved)
    students = (moved / "students.txt").read_bytes()
    (moved / "students.txt").write_bytes(
        students.replace(b"zoea.kim@mail.example.com", b"zoea@new.example.org").replace(b"6085552005", b"6085559999")
    )
    (state_folder(out) / "identities.csv").unlink()
    (out / "users.csv").write_bytes(b"\xef\xbb\xbf" + (out / "users.csv").read_bytes())
    result = run(moved, out, now=NOW + dt.timedelta(days=1))
    assert result.exit_status == 0 and "X921" in result.report.counts and "F450" not in result.report.counts
    assert zoea(out) == before, "the mother keeps her ID"
