"""An ID handed to another person of the same family name (tester19 F1).

Staff and guardians have no birth date: a given name changed alone read as a corrected name, so
a staff number reused for a new hire of the same family name, a OneRoster parent record typed
over with the stepfather, and Remind's P1/P2 ID moving to the father after a custody change were
published with exit 0 and nothing said. The contact points are the second witness: the given
name and every email, phone and username changed, and the name not another form of the old one,
is another person (X939). A corrected name keeps a point, or is a spelling of the old one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_gate_reassigned_and_swapped_terms import ENGINES, run
from transform import api

POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
ONEROSTER = FIXTURES / "oneroster" / "district" / "in"


def exports(tmp_path: Path, name: str, sample: Path, file: str, *edits: tuple[bytes, bytes]) -> Path:
    folder = tmp_path / name
    shutil.copytree(sample, folder)
    data = (folder / file).read_bytes()
    for old, new in edits:
        assert data.count(old) == 1, old
        data = data.replace(old, new)
    (folder / file).write_bytes(data)
    return folder


def nights(tmp_path: Path, engine: str, first: Path, second: Path, **options: object) -> api.RunResult:
    out = tmp_path / f"out-{engine}"
    assert run(first, out, engine=engine, **options).exit_status == 0
    return run(second, out, engine=engine, **options)


def reassigned(result: api.RunResult) -> str:
    """The X939 warning's people, or '' when none was said."""
    found = result.report.examples.get("X939", [])
    return str(found[0].params["people"]) if found else ""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_staff_number_reused_for_a_new_hire_of_the_same_family_name_is_another_person(
    tmp_path: Path, engine: str
) -> None:
    """John Smith leaves; the SIS gives his staff number to Anna Smith, with her own email."""
    tonight = exports(
        tmp_path,
        "tonight",
        POWERSCHOOL,
        "teachers.txt",
        (b"T1002\t100\tJohn\tQ\tSmith\tjsmith@", b"T1002\t100\tAnna\t\tSmith\tanna.smith@"),
    )
    result = nights(tmp_path, engine, POWERSCHOOL, tonight)
    assert result.report.published and result.exit_status == 1  # "Published, but ..."
    assert reassigned(result) == "T1002: John Smith -> Anna Smith"


@pytest.mark.parametrize("engine", ENGINES)
def test_corrected_given_names_are_the_same_person(tmp_path: Path, engine: str) -> None:
    """Each given name corrected with its email changed along (the district's emails follow the
    names), or with a point kept: nothing said, exit 0."""
    first = exports(
        tmp_path,
        "first",
        POWERSCHOOL,
        "teachers.txt",
        (b"T2004\t200\tLee\t\tPark\t\t", b"T2004\t200\tBill\t\tPark\tbpark@district.example.org\t"),
    )
    second = exports(
        tmp_path,
        "second",
        first,
        "teachers.txt",
        (b"T1002\t100\tJohn\tQ\tSmith\tjsmith@", b"T1002\t100\tJon\tQ\tSmith\tjon.smith@"),  # a spelling
        (b"T1003\t100\tKaren\t\tLee\tklee@", b"T1003\t100\tKaren\t\tLee-Brown\tkbrown@"),  # married
        (b"T2003\t200\tSam\t\tGreen\tsgreen@", b"T2003\t200\tSamuel\t\tGreen\tsamuel.green@"),  # in full
        (b'T2001\t200\tRobert "Bob"\t\tBrown\trbrown@', b"T2001\t200\tBob\t\tBrown\tbob.brown@"),  # one word kept
        (b"T2004\t200\tBill\t\tPark\tbpark@", b"T2004\t200\tWilliam\t\tPark\twilliam.park@"),  # a familiar form
        (b"101\t5001\tT1001\t100\tMaria\t", "101\t5001\tT1001\t100\tMaría\t".encode("cp1252")),  # an accent
    )
    result = nights(tmp_path, engine, first, second)
    assert result.exit_status == 0 and result.report.published
    assert result.report.facts["reassigned"]["reassigned"] == 0, reassigned(result)


@pytest.mark.parametrize("engine", ENGINES)
def test_preferred_names_with_their_emails_are_never_refused(tmp_path: Path, engine: str) -> None:
    """A summer's update of preferred names, each with the email the district builds from it
    (tester21 F1). Maria -> Molly (a familiar form) is a corrected name. John -> Pedro, Karen -> Pippa
    and Robert "Bob" -> Zed are forms no rule knows: said (X939, exit 1: check them), but never
    refused, though three of the set's IDs changed name and email (X938 counts from three)."""
    tonight = exports(
        tmp_path,
        "tonight",
        POWERSCHOOL,
        "teachers.txt",
        (b"T1001\t100\tMaria\t\tAlvarez\tMAlvarez@", b"T1001\t100\tMolly\t\tAlvarez\tmolly.alvarez@"),
        (b"T1001\t200\tMaria\t\tAlvarez\tmalvarez@", b"T1001\t200\tMolly\t\tAlvarez\tmolly.alvarez@"),
        (b"T1002\t100\tJohn\tQ\tSmith\tjsmith@", b"T1002\t100\tPedro\tQ\tSmith\tpedro.smith@"),
        (b"T1003\t100\tKaren\t\tLee\tklee@", b"T1003\t100\tPippa\t\tLee\tpippa.lee@"),
        (b'T2001\t200\tRobert "Bob"\t\tBrown\trbrown@', b"T2001\t200\tZed\t\tBrown\tzed.brown@"),
    )
    result = nights(tmp_path, engine, POWERSCHOOL, tonight)
    assert result.report.published and result.exit_status == 1
    (said,) = result.report.examples["X939"]
    assert (
        said.params["people"]
        == "T1002: John Smith -> Pedro Smith; T1003: Karen Lee -> Pippa Lee; T2001: Robert Bob Brown -> Zed Brown"
    )
    assert "3 of them told only by a new given name and new contact points" in said.message


def test_forms_of_one_given_name() -> None:
    """Nicknames and spellings are one person's names (tester21 F1); names of two members of one
    family sharing letters are not (tester21 N1: Tom -> Tina; tester22 G1: Carlos -> Carolina,
    Christopher -> Christina, on a parent record typed over, were published silently)."""
    from transform.pipeline.identity import given_variant, plain

    one = ("Joseph Joe", "Sophia Sofia", "Christina Tina", "Jennifer Jenny", "Nicholas Nick", "Stephen Steve")
    one += ("Sam Samuel", "Jon John", "Katherine Catherine", "Bill William", "Guillermo Memo", "Susana Susie")
    one += ("Ann Anne", "Mari Maria", "J John", "Peter Pieter")
    two = ("John Anna", "Tom Bruno", "Marco Ahmed", "Tom Tina", "John Jane", "Mario Maria", "Paul Paula")
    two += ("Daniel Daniela", "Louis Louise", "Joseph Josephine", "Antonio Antonia", "David Dana", "Jose Josefina")
    two += ("Carlos Carolina", "Samuel Samantha", "Christopher Christina", "Brian Ian", "Daniel Danielle")
    two += ("Thanh Anh", "Minh Linh", "Nick Nicole", "Diana Ana")
    for pair in one:
        assert given_variant(*map(plain, pair.split())), pair
    for pair in two:
        assert not given_variant(*map(plain, pair.split())), pair


@pytest.mark.parametrize("engine", ENGINES)
def test_a_oneroster_parent_record_typed_over_with_another_person_is_another_person(
    tmp_path: Path, engine: str
) -> None:
    """Same sourcedId, same children: Rosa Morales's record now names Ana Morales, her email and
    phone. With the email kept (a clerk correcting the given name), it is Rosa still."""
    rosa = b"Rosa,Morales,,,rosa.morales@example.com,(555) 301-2200,"
    ana = b"Ana,Morales,,,ana.new@mail.example.com,(555) 301-7777,"
    overwritten = exports(tmp_path, "overwritten", ONEROSTER, "users.csv", (rosa, ana))
    result = nights(tmp_path, engine, ONEROSTER, overwritten, profile="oneroster")
    assert result.exit_status == 1 and reassigned(result) == "u-p1: Rosa Morales -> Ana Morales"

    corrected = b"Ana,Morales,,,rosa.morales@example.com,(555) 301-7777,"
    kept = exports(tmp_path, "kept", ONEROSTER, "users.csv", (rosa, corrected))
    again = nights(tmp_path, f"{engine}-kept", ONEROSTER, kept, profile="oneroster")
    assert again.exit_status == 0 and again.report.facts["reassigned"]["reassigned"] == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_p1_id_moving_to_the_father_after_a_custody_change_is_another_person(tmp_path: Path, engine: str) -> None:
    """Remind's P1/P2 IDs: the mother taken off Liam's record and the father moved into the Mother
    columns: P15002 now names him (his email and phone), P25002 goes."""
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\nextends: powerschool\n"
        "tables:\n  users:\n    guardians:\n      guardian: {id: student-prefix}\n",
        encoding="utf-8",
    )
    liam = b"Garcia, Sofiaa\tGarcia, Zoeo\tsofiaa.garcia@mail.example.com\t\t6085552001\t"
    with_father = (
        b"Garcia, Sofiaa\tGarcia, Zoeo\tsofiaa.garcia@mail.example.com\tzoeo@mail.example.com\t6085552001\t6085559001"
    )
    first = exports(tmp_path, "first", POWERSCHOOL, "students.txt", (liam, with_father))
    moved = exports(
        tmp_path, "moved", POWERSCHOOL, "students.txt", (liam, b"Garcia, Zoeo\t\tzoeo@mail.example.com\t\t6085559001\t")
    )
    result = nights(tmp_path, engine, first, moved, profile=str(profile))
    assert result.exit_status == 1 and result.report.published
    assert reassigned(result) == "P15002: Sofiaa Garcia -> Zoeo Garcia"
