"""A mother and a father of one name on one student's row are two parents (tester38 F2).

The Mother and Father columns of one row are two people by construction. Both named Jean Martin,
with the household (Family_Ident) the tutorial recommends, they were made one user with the
mother's email and the father's phone (a V550 note, exit 0), and with `id: student-prefix` no P2
was made: Remind's texts went to the father and its emails to the mother, and the father had no
account of his own. The household rule is for one person seen on several siblings' rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from tests.parent_columns import NOW, parents, run, write_district
from transform import api

ENGINES = ("python", "columnar")
MOTHER = ("Martin, Jean", "jean.mom@mail.example.com", "(973) 555-0142")
FATHER = ("Martin, Jean", "jean.dad@mail.example.com", "(908) 555-0199")
NOBODY = ("", "", "")


def export(folder: Path, rows: list[tuple[str, tuple[str, str, str], tuple[str, str, str]]]) -> Path:
    """One row per child: (student number, mother, father), each parent (name, email, phone), all of
    Family_Ident 9001."""
    return write_district(
        folder, [(number, mother, father, "9001") for number, mother, father in rows], family="Martin"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_mother_and_a_father_of_one_name_are_two_parents_each_with_their_own_email_and_phone(
    tmp_path: Path, engine: str
) -> None:
    siblings = [("1", MOTHER, FATHER), ("2", MOTHER, FATHER)]
    result = run(export(tmp_path / "in", siblings), tmp_path / "out", engine)
    assert result.exit_status == 0 and result.report.published
    published = parents(tmp_path / "out")
    assert sorted(p[1:] for p in published) == [
        ("jean.dad@mail.example.com", "+19085550199", "1,2"),
        ("jean.mom@mail.example.com", "+19735550142", "1,2"),
    ]
    assert "V550" not in result.report.counts  # two people: no values of one to choose between
    # The mother keeps the ID her name and household give (the one a family without the father has).
    alone = run(export(tmp_path / "alone", [("1", MOTHER, NOBODY), ("2", MOTHER, NOBODY)]), tmp_path / "o2", engine)
    assert alone.exit_status == 0
    [(mother, *_)] = parents(tmp_path / "o2")
    assert {p[1] for p in published if p[0] == mother} == {"jean.mom@mail.example.com"}
    # The same rows in another order, or a night later with the map: the same IDs.
    again = export(tmp_path / "again", list(reversed(siblings)))
    assert run(again, tmp_path / "fresh", engine).exit_status == 0
    assert parents(tmp_path / "fresh") == published
    assert run(again, tmp_path / "out", engine).exit_status == 0
    assert parents(tmp_path / "out") == published


@pytest.mark.parametrize("engine", ENGINES)
def test_remind_p1_p2_ids_give_the_father_of_the_mother_s_name_his_p2(tmp_path: Path, engine: str) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "extends: powerschool\ntables:\n  users:\n    guardians:\n      guardian: {id: student-prefix}\n",
        encoding="utf-8",
    )
    siblings = [("1", MOTHER, FATHER), ("2", MOTHER, FATHER)]
    assert run(export(tmp_path / "in", siblings), tmp_path / "out", engine, str(profile)).exit_status == 0
    assert parents(tmp_path / "out") == [
        ("P11", "jean.mom@mail.example.com", "+19735550142", "1,2"),
        ("P21", "jean.dad@mail.example.com", "+19085550199", "1,2"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_siblings_listing_each_parent_once_keep_them_apart_by_the_row_that_names_both(
    tmp_path: Path, engine: str
) -> None:
    """Kid 3's row names the mother alone, kid 4's the father alone (no email or phone in common
    with anyone): the household joins each to their own group's person of kid 1's row, which
    names both, in any order of the rows."""
    mother_only = ("Martin, Jean", "", "(973) 555-0100")
    father_only = ("Martin, Jean", "", "(908) 555-0100")
    rows = [("1", MOTHER, FATHER), ("3", mother_only, NOBODY), ("4", NOBODY, father_only)]
    assert run(export(tmp_path / "in", rows), tmp_path / "out", engine).exit_status == 0
    assert sorted(p[1:] for p in parents(tmp_path / "out")) == [
        ("jean.dad@mail.example.com", "+19085550100", "1,4"),
        ("jean.mom@mail.example.com", "+19735550100", "1,3"),
    ]
    assert run(export(tmp_path / "reversed", list(reversed(rows))), tmp_path / "o2", engine).exit_status == 0
    assert parents(tmp_path / "o2") == parents(tmp_path / "out")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_parent_listed_as_the_other_group_on_a_sibling_s_row_is_still_one_person(tmp_path: Path, engine: str) -> None:
    """The household rule as before: one name, one household, in the Mother column of one child's
    row and the Father column of another's (nothing else shared), and no row naming two of them:
    one person."""
    rows = [("1", ("Lee, Sam", "", "(608) 555-0101"), NOBODY), ("2", NOBODY, ("Lee, Sam", "", "(608) 555-0102"))]
    assert run(export(tmp_path / "in", rows), tmp_path / "out", engine).exit_status == 0
    [(_, _, phone, children)] = parents(tmp_path / "out")
    assert children == "1,2" and phone == "+16085550101"


@pytest.mark.parametrize("engine", ENGINES)
def test_after_a_set_that_merged_them_the_mother_keeps_the_id_and_the_father_gets_his_own(
    tmp_path: Path, engine: str
) -> None:
    """The last published set had one user for both (as before this fix, or before the father was
    entered): the identity map names that ID under both children; tonight it stays the mother's,
    and the father gets the ID his name and points derive, as a first run of tonight's exports."""
    out = tmp_path / "out"
    assert (
        run(export(tmp_path / "night1", [("1", MOTHER, NOBODY), ("2", MOTHER, NOBODY)]), out, engine).exit_status == 0
    )
    [(merged, *_)] = parents(out)
    tonight = export(tmp_path / "night2", [("1", MOTHER, FATHER), ("2", MOTHER, FATHER)])
    assert run(tonight, out, engine).exit_status == 0
    assert run(tonight, tmp_path / "fresh", engine).exit_status == 0
    assert parents(out) == parents(tmp_path / "fresh")
    assert {p[1] for p in parents(out) if p[0] == merged} == {"jean.mom@mail.example.com"}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_father_keeps_his_id_the_night_the_mother_of_his_name_is_no_longer_listed(
    tmp_path: Path, engine: str
) -> None:
    """Both published, then the mother's columns emptied (a divorce): the father's name and points
    derive tonight the household's ID, the mother's (the first group's); the point he was last
    published with tells first, and he keeps his own ID (tester40 F1). The mother's ID is gone."""
    out = tmp_path / "out"
    both = export(tmp_path / "night1", [("1", MOTHER, FATHER), ("2", MOTHER, FATHER)])
    assert run(both, out, engine).exit_status == 0
    ids = {email: sourced_id for sourced_id, email, *_ in parents(out)}
    father_only = export(tmp_path / "night2", [("1", NOBODY, FATHER), ("2", NOBODY, FATHER)])
    options = api.RunOptions(  # one user of five removed: the removal gate's, allowed here
        in_dir=father_only, out_dir=out, engine=engine, profile="powerschool", as_of=dt.date(2026, 10, 15), now=NOW
    )
    # an ordinary night: the flag let the removal through that no term change explains (F454), exit 1
    night = api.run(dataclasses.replace(options, allow_rollover=True))
    assert night.report.published and night.exit_status == 1 and "F454" in night.report.counts
    assert [(sourced_id, email) for sourced_id, email, *_ in parents(out)] == [
        (ids["jean.dad@mail.example.com"], "jean.dad@mail.example.com")
    ]


@pytest.mark.parametrize(
    "father_tonight",
    [FATHER, (FATHER[0], FATHER[1], "(908) 555-0200")],
    ids=["father-unchanged", "father-phone-changed"],
)
@pytest.mark.parametrize("engine", ENGINES)
def test_the_father_keeps_his_id_the_night_a_mother_of_his_name_is_added(
    tmp_path: Path, engine: str, father_tonight: tuple[str, str, str]
) -> None:
    """The father alone published (his ID the household's, as his name and points derive it), then
    a mother of his name added in the first group: her name and household derive that ID tonight.
    The map's line of the person published with his given name, email and children tells it was
    his (tester40 F1): he keeps it, and she gets an ID of the household and her email, the one the
    second of two such people has. Derived first, she took his ID and he got a new one, at exit 0,
    Remind turning his account into hers."""
    out = tmp_path / "out"
    father_only = export(tmp_path / "night1", [("1", NOBODY, FATHER), ("2", NOBODY, FATHER)])
    assert run(father_only, out, engine).exit_status == 0
    [(father, *_)] = parents(out)
    both = export(tmp_path / "night2", [("1", MOTHER, father_tonight), ("2", MOTHER, father_tonight)])
    result = run(both, out, engine)
    assert result.exit_status == 0
    ids = {email: sourced_id for sourced_id, email, *_ in parents(out)}
    assert ids["jean.dad@mail.example.com"] == father
    assert ids["jean.mom@mail.example.com"] not in (father, "")
    assert not {"V546", "V547", "V604"} & set(result.report.counts)
    # The same exports the next night: each keeps the ID, told by the points of their shared key.
    assert run(both, out, engine).exit_status == 0
    assert {email: sourced_id for sourced_id, email, *_ in parents(out)} == ids
