"""The identity map in the state folder: what it keeps, for how long, and a damaged one (issue 22)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from transform.pipeline import identity
from transform.report.problem import TransformAbort

HEADER = "sourcedId,role,givenName,familyName,agentSourcedIds\r\n"


def _users(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(f"{row}\r\n" for row in rows), encoding="utf-8")
    return path


def test_guardians_with_derived_ids_are_remembered_by_name_and_student(tmp_path: Path) -> None:
    users = _users(
        tmp_path / "users.csv",
        'G0123456789ab,parent,Rose,Quinn,"1001,1002"',
        "GC100,parent,Ned,Bell,1001",
        "1001,student,Ava,Quinn,G0123456789ab",
        "P11001,guardian,Sam,Diaz,1003",
    )
    state = tmp_path / "state"
    identity.remember(state, users, ("G",), today=dt.date(2026, 10, 1))
    found = identity.load(state, ("G",))
    rose = identity.name_key({"givenName": "Rose", "familyName": "Quinn"})
    assert found.get_hash(identity.key(rose, "1001")) == found.get_hash(identity.key(rose, "1002")) == 0x0123456789AB
    assert len(found) == 2  # SIS contact IDs and Remind's P1/P2 IDs are never remembered: they never change
    assert identity.load(state, ("X",)).get_hash(identity.key(rose, "1001")) is None  # another prefix: not ours


def test_a_person_not_in_tonight_s_set_is_kept_until_the_entry_expires(tmp_path: Path) -> None:
    state = tmp_path / "state"
    rose = identity.key(identity.name_key({"givenName": "Rose", "familyName": "Quinn"}), "1001")
    identity.remember(
        state, _users(tmp_path / "a.csv", "G0123456789ab,parent,Rose,Quinn,1001"), ("G",), today=dt.date(2026, 10, 1)
    )
    empty = _users(tmp_path / "b.csv")
    identity.remember(state, empty, ("G",), today=dt.date(2027, 6, 1))
    assert identity.load(state, ("G",)).get_hash(rose) == 0x0123456789AB
    identity.remember(state, empty, ("G",), today=dt.date(2027, 11, 15))  # over 400 days
    assert identity.load(state, ("G",)).get_hash(rose) is None


WHOLE = b"key,sourcedId,last_published\r\n12,G0123456789ab,2026-10-01\r\n-7,G00000000000f,2026-10-02\r\n"


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (WHOLE[:-1], "cut off: its last line, 3, has no line end"),  # the copy stopped before its last byte
        (WHOLE[:-12], "cut off: its last line, 3, has no line end"),  # ... inside the date
        (WHOLE[:40], "cut off: its last line, 2, has no line end"),  # ... inside the first entry
        (b"", "it is empty"),
        (WHOLE[:20], "line 1 is not the header"),
        (b"garbage\x00\xff,,,\n", "not UTF-8"),
        (WHOLE + b"99999999999999999999,G0123456789ab,2026-10-01\r\n", "line 4 is not an entry"),
        (WHOLE.replace(b"2026-10-02", b"yesterday"), "line 3 is not an entry"),
        (WHOLE + b"x,y\r\n" + WHOLE, "line 4 is not an entry"),
    ],
)
def test_a_map_that_cannot_be_read_whole_stops_the_run(tmp_path: Path, content: bytes, detail: str) -> None:
    """Read up to the damage, the map would lose the IDs of the parents after it: the run stops
    (X956) naming the file; the rules' prefixes do not matter."""
    (tmp_path / identity.FILE).write_bytes(content)
    with pytest.raises(TransformAbort) as stopped:
        identity.load(tmp_path, ("G",))
    (problem,) = stopped.value.problems
    assert problem.code.id == "X956" and stopped.value.exit_status == 1
    assert detail in str(problem) and str(tmp_path / identity.FILE) in str(problem)


def test_a_map_read_whole_or_none_at_all_is_no_stop(tmp_path: Path) -> None:
    (tmp_path / identity.FILE).write_bytes(WHOLE)
    assert dict(identity.load(tmp_path, ("G",)).items()) == {12: 0x0123456789AB, -7: 0xF}
    assert dict(identity.load(tmp_path, ("GX",)).items()) == {}
    (tmp_path / identity.FILE).write_bytes(WHOLE.replace(b"\r\n", b"\n"))  # saved by an editor
    assert len(identity.load(tmp_path, ("G",))) == 2
    (tmp_path / identity.FILE).write_bytes(WHOLE[:30])  # the header alone: no parent derived yet
    assert len(identity.load(tmp_path, ("G",))) == 0
    assert len(identity.load(tmp_path / "none", ("G",))) == 0  # a first run
    (tmp_path / identity.FILE).write_bytes(b"garbage")
    assert len(identity.load(tmp_path, ())) == 0  # rules that derive no ID do not read it


def test_the_map_s_bytes_keep_old_entries_first_then_tonight_s_keys_in_first_seen_order(
    tmp_path: Path,
) -> None:
    """Pinned bytes: entries of people not in tonight's set first, then tonight's keys in the order
    first seen, whatever the prefix; a key two people share (a second Rose Quinn linked to 1003)
    with each of their IDs, its first row's first (tester30 F1: the map kept one of them, and the
    next night both rows took it and were merged)."""
    state = tmp_path / "state"
    first = _users(tmp_path / "a.csv", "G0123456789ab,parent,Rose,Quinn,1001", "GX00000000000f,guardian,Al,Ng,1009")
    identity.remember(state, first, ("G", "GX"), today=dt.date(2026, 1, 5))
    tonight = _users(
        tmp_path / "b.csv",
        'GXabcdef012345,guardian,Ned,Bell,"1002,,1001"',
        'G0123456789ab,parent,Rose,Quinn,"1003,1001"',
        "Gfedcba987654,parent,rose,QUINN,1003",
        "1001,student,Ava,Quinn,GXabcdef012345",
        "G0000000000,parent,Short,Id,1004",
    )
    identity.remember(state, tonight, ("G", "GX"), today=dt.date(2027, 2, 1))
    assert (state / identity.FILE).read_bytes() == (
        b"key,sourcedId,last_published\r\n"
        b"-2910846024943160048,GX00000000000f,2026-01-05\r\n"
        b"-8121181071847736758,GXabcdef012345,2027-02-01\r\n"
        b"-943260690589866541,GXabcdef012345,2027-02-01\r\n"
        b"-8188199419285216103,G0123456789ab,2027-02-01\r\n"
        b"-8188199419285216103,Gfedcba987654,2027-02-01\r\n"
        b"-1527127058482148931,G0123456789ab,2027-02-01\r\n"
    )
    found = identity.load(state, ("G", "GX"))
    rose_1003 = identity.key(identity.name_key({"givenName": "Rose", "familyName": "Quinn"}), "1003")
    assert found.ids_hash(rose_1003) == (0x0123456789AB, 0xFEDCBA987654)  # neither taken for the other
    assert found.ids_hash(identity.key("ned bell", "1002")) == (0xABCDEF012345,) and len(found) == 5


def test_one_form_of_a_name_for_every_comparison_of_people() -> None:
    """Case, accents, spaces and punctuation ignored, by one function: guardians matched and
    their IDs derived (name_key), rows combined (pipeline.combine), the reassigned gate
    (name_parts). A map written before accents were ignored has other keys for accented names
    only (`old_key`): a name without accents has the key it had."""
    from transform.pipeline import combine

    assert identity.plain("Nguyễn,  THỊ") == identity.plain("nguyen thi") == "nguyen thi"
    assert identity.plain("María Ruiz-Díaz") == identity.plain("MARIA RUIZ DIAZ") == "maria ruiz diaz"
    assert combine.plain is identity.plain
    thi = {"givenName": "Thị", "familyName": "Nguyễn"}
    assert identity.name_key(thi) == "thi nguyen" and identity.name_parts(thi) == ("thi", "nguyen")
    assert identity.old_key(thi, "40001") == identity.key("thị nguyễn", "40001")
    assert identity.old_key({"givenName": "Rose", "familyName": "O'Quinn-Bell"}, "1001") is None
