"""A parent's ID when a clerk adds or removes the accents of their name (tester3 item 3).

Aeries CON records give parents no person ID: the tool derives one from the name and the
email, and remembers it in the state folder (pipeline.identity). Two nights into one OUT: on
one, `Nguyen, Thi`, on the other, `Nguyễn, Thị`, with the same email, phone and child. She is
one person, and Remind deletes a user whose sourcedId changes: her ID must stay. And a district
upgrading from the version whose map and IDs kept the accents must not see her ID move."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import identity

AERIES = FIXTURES / "aeries" / "district" / "in"
PLAIN, ACCENTED = "40001,1,Nguyen,Thi,", "40001,1,Nguyễn,Thị,"
EMAIL = "thi.nguyen@example.com"  # her email, the point her derived ID is made with


def night(tmp_path: Path, name: str, mother: str) -> Path:
    """The Aeries fixture's exports, Thi Nguyen's CON record (mother of student 40001) written `mother`."""
    folder = tmp_path / name
    shutil.copytree(AERIES, folder)
    con = folder / "CON.csv"
    text = con.read_text(encoding="utf-8")
    assert PLAIN in text
    con.write_text(text.replace(PLAIN, mother), encoding="utf-8")
    return folder


def run(in_dir: Path, out: Path, day: int) -> api.RunResult:
    return api.run(api.RunOptions(profile="aeries", in_dir=in_dir, out_dir=out, as_of=dt.date(2026, 10, day)))


def mother(out: Path) -> dict[str, str]:
    """Student 40001's mother, as published (the fixture's other Nguyen is Bao, a grandparent)."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = list(csv.DictReader(handle))
    (found,) = [u for u in users if u["role"] == "parent" and u["familyName"] in ("Nguyen", "Nguyễn")]
    (student,) = [u for u in users if u["sourcedId"] == "40001"]
    assert found["sourcedId"] in student["agentSourcedIds"].split(",")
    return found


@pytest.mark.parametrize(("before", "after"), [(PLAIN, ACCENTED), (ACCENTED, PLAIN)], ids=["added", "removed"])
def test_accents_added_or_removed_keep_the_parent_s_id(tmp_path: Path, before: str, after: str) -> None:
    out = tmp_path / "out"
    assert run(night(tmp_path, "n1", before), out, 15).exit_status == 0
    first = mother(out)
    assert run(night(tmp_path, "n2", after), out, 16).exit_status == 0
    second = mother(out)
    assert second["givenName"] == after.split(",")[3]  # the name as the clerk wrote it tonight
    assert second["sourcedId"] == first["sourcedId"]


def old_key(name: str, student: str) -> int:
    """A key of identities.csv as the code before accents were ignored wrote it: BLAKE2b (8
    bytes, signed) of the name casefolded, runs of non-word characters one space, and the
    student's ID, joined by a NUL."""
    h = int.from_bytes(hashlib.blake2b(f"{name}\x00{student}".encode(), digest_size=8).digest(), "big", signed=True)
    return h or 1


def test_an_upgrade_keeps_the_ids_accented_names_had(tmp_path: Path) -> None:
    """OUT and its state folder as the code before the fix left them after a night with her
    name accented: her ID derived from the name with its accents (`G` + SHA-1 of `thị nguyễn|`
    + her email), the map keyed by that name. Tonight, the same export: the same ID, and the
    map then keyed by tonight's form only (her old key forgotten, not kept for 400 days)."""
    out, exports = tmp_path / "out", night(tmp_path, "n1", ACCENTED)
    assert run(exports, out, 15).exit_status == 0
    tonight_form = mother(out)["sourcedId"]
    assert tonight_form == "G" + hashlib.sha1(f"thi nguyen|{EMAIL}".encode()).hexdigest()[:12]
    # Written back as the old code wrote it: her old ID in the published files, her old key in the map.
    old_id = "G" + hashlib.sha1(f"thị nguyễn|{EMAIL}".encode()).hexdigest()[:12]
    for path in out.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace(tonight_form, old_id), encoding="utf-8")
    state = tmp_path / ".out.transform" / "identities.csv"
    lines = state.read_text(encoding="utf-8").splitlines()
    # The other parents' keys (ASCII names, unchanged); hers and her renamed line (her given name,
    # email and child naming her ID), which that code did not write, gone.
    kept = [line for line in lines if tonight_form not in line]
    assert len(kept) == len(lines) - 2
    kept.append(f"{old_key('thị nguyễn', '40001')},{old_id},2026-10-15")
    state.write_text("\r\n".join(kept) + "\r\n", encoding="utf-8")

    result = run(exports, out, 16)
    assert result.exit_status == 0
    assert mother(out)["sourcedId"] == old_id
    assert "V550" not in result.report.counts  # nobody found to be one person again: she was found as herself
    keys = [line.split(",")[0] for line in state.read_text(encoding="utf-8").splitlines()[1:]]
    assert str(old_key("thị nguyễn", "40001")) not in keys
    assert str(old_key("thi nguyen", "40001")) in keys


@pytest.mark.parametrize(
    ("written", "again"),
    [("Đặng, Thu", "Dang, Thu"), ("Łukasz", "Lukasz"), ("Søren", "Soren"), ("Đỗ", "Do")],
)
def test_letters_with_a_stroke_are_one_name_with_or_without_it(written: str, again: str) -> None:
    """NFKD takes ặ apart (a and its accents) but not đ, ł or ø: folded too, so a clerk typing
    Dang for Đặng keeps the parent's ID (review: Đặng, Đỗ, Đinh are common Vietnamese names)."""
    assert identity.plain(written) == identity.plain(again)


def test_a_devanagari_vowel_sign_is_part_of_the_name() -> None:
    """अमित (Amit) and अमिता (Amita): the vowel sign is a letter of the name, not punctuation,
    so a couple sharing a phone are two parents, not one."""
    assert identity.plain("शर्मा, अमित") != identity.plain("शर्मा, अमिता")
    assert identity.plain("शर्मा, अमित") == identity.plain("शर्मा  अमित")
