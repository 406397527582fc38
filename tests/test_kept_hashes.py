"""The hashes the state folder keeps from one night to the next, pinned: a few known inputs and the
values the tool has always written for them. last.json and the identity map written by one version
are read by the next, so a hash that changes its bytes, size, sign or encoding (a refactor onto a
shared helper, say) makes every kept value a stranger: lines of an export read as cut, usernames
and former students' emails forgotten, people given new keys. Each shape stays its own (hex text,
raw bytes, a signed or unsigned int, 6 or 8 bytes); these values must never change."""

from __future__ import annotations

import pytest

from transform.pipeline import compact, former_students, identity, tails, usernames_held


def test_an_export_lines_digest_is_as_last_json_keeps_it() -> None:
    assert tails._digest(b"1001\t3601\tC12\r\n") == "ee03b282c993ed01"
    assert tails._digest(b"") == "e4a6a0577479b2b4"
    assert tails._digest("Peña,José\n".encode()) == "586818284c08a013"


def test_a_held_usernames_record_and_its_check_are_as_kept() -> None:
    assert usernames_held._digest("fam1@home.example.com", "GC500") == b"'\xb5[\xe6\xa2\t"
    assert usernames_held._digest("josé.peña@x.org", "") == b"\x89\x05\xd1\xcf\xf1\x9b"
    assert usernames_held._check("AAAB") == "4:12581316c32c5ca2"
    assert usernames_held._check("") == "0:e4a6a0577479b2b4"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Mia.Chen@Home.Example.com", "0e2ccfac730f45ab"),
        ("mia.chen@home.example.com", "0e2ccfac730f45ab"),  # casefolded first
        ("ÅSA\udcff", "81f71d58de25cf60"),  # a lone surrogate is replaced, not raised
    ],
)
def test_a_former_students_email_digest_is_as_kept(text: str, kept: str) -> None:
    assert former_students.digest(text) == kept


def test_a_former_students_name_digest_is_as_kept() -> None:
    assert former_students.name_digest(" Kid12 ", "Park") == "e554b59f1a3f732a"


def test_the_identity_maps_keys_and_points_are_as_kept() -> None:
    assert identity.key("ana costa", "1001") == 8128034751660809296  # signed, two's complement
    assert identity.key("zoë peña", "S-7") == 8899377989827829586
    assert identity.point_hash(8128034751660809296, "+1 (608) 555-2001") == 66684641147148  # 48 bits
    assert identity.point_hash(-5, " Mia@Home.example.COM ") == 119661296037453


def test_a_stable_hash_is_as_last_json_keeps_it() -> None:
    """blanked_keep_out's kept IDs: unsigned 64 bits less 2**63, not the two's complement identity.key takes."""
    assert compact.stable_hash("1001") == -4481296769666404339
    assert compact.stable_hash("José\udcff") == -5088860224772112470
