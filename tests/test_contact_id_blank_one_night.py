"""A parent's SIS contact ID blank on every row for one night keeps the ID (tester71 F3).

Infinite Campus names each parent by `contactPersonID`. A SIS edit cleared Tom Whitfield's cell on
both his rows for one night: no row gave the ID to join (V612), so he was published under an ID
derived from his name, and under 60011 again the next night. Remind deleted and re-created him
twice, with his conversations (exit 1 both nights, X958). The last published set holds him under
G60011 with his name, both children and his email: he keeps it, said (I255). Sr. and Jr. of one
name and phone stay two: the one whose cell is blank is the contact no row gives tonight, never
the one still listed under his own ID (reviewer83 R3). Kept by a phone alone, or three or more in one
night (the column blanked whole), the run asks a person to look (exit 1, reviewer88 R1, R2).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

DISTRICT = FIXTURES / "infinite-campus" / "district" / "in"
HEADER = "personID,contactPersonID,firstName,lastName,relationship,guardian,seq,email,cellPhone,homePhone\n"
MOTHER = (
    "51234,60010,Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n"
    "51235,60010,Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n"
)


def father(contact: str, *, email: str = "tom@example.com", relationship: str = "Father", seq: int = 2) -> str:
    return "".join(
        f"{student},{contact},Tom,Whitfield,{relationship},1,{seq},{email},(555) 730-2020,\n"
        for student in ("51234", "51235")
    )


def night(tmp_path: Path, day: int, contacts: str) -> api.RunResult:
    exports = tmp_path / f"in-{day}"
    shutil.copytree(DISTRICT, exports)
    (exports / "contacts.csv").write_text(HEADER + contacts, encoding="utf-8")
    options = api.RunOptions(
        profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, day)
    )
    return api.run(options)


def toms(tmp_path: Path) -> dict[str, list[str]]:
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["sourcedId"]: sorted(row["agentSourcedIds"].split(","))
            for row in csv.DictReader(handle)
            if row["givenName"] == "Tom" and row["role"] in ("parent", "guardian")
        }


def test_a_father_whose_contact_id_is_blank_one_night_keeps_it_both_nights(tmp_path: Path) -> None:
    assert night(tmp_path, 5, MOTHER + father("60011")).exit_status == 0
    blank = night(tmp_path, 6, MOTHER + father(""))
    assert blank.exit_status == 0 and blank.report.published
    assert toms(tmp_path) == {"G60011": ["51234", "51235"]}
    (kept,) = blank.report.examples["I255"]
    assert (kept.where.file, kept.where.column, kept.params["id"]) == ("contacts.csv", "contactPersonID", "G60011")
    assert kept.params["shared"] == "email"
    assert not {"V610", "X958", "X939"} & set(blank.report.counts)
    back = night(tmp_path, 7, MOTHER + father("60011"))
    assert back.exit_status == 0 and toms(tmp_path) == {"G60011": ["51234", "51235"]}
    assert not {"I255", "X958"} & set(back.report.counts)


def test_a_blank_contact_id_with_another_email_is_derived_as_before(tmp_path: Path) -> None:
    night(tmp_path, 5, MOTHER + father("60011"))
    blank = night(tmp_path, 6, MOTHER + father("", email="tom.new@example.com"))
    assert blank.exit_status == 1 and "I255" not in blank.report.counts
    (derived,) = blank.report.examples["V610"]
    assert derived.params["id"] != "G60011" and "G60011 -> " in blank.report.examples["X958"][0].message


JR, SR = "Father", "Grandfather"


@pytest.mark.parametrize("order", ["jr first", "sr first"])
def test_jr_whose_cell_is_blank_is_not_joined_into_sr_of_his_name_and_phone(tmp_path: Path, order: str) -> None:
    jr = lambda contact: father(contact, email="", relationship=JR)  # noqa: E731
    sr = father("60012", email="", relationship=SR, seq=3)
    night(tmp_path, 5, MOTHER + jr("60011") + sr)
    assert toms(tmp_path) == {"G60011": ["51234", "51235"], "G60012": ["51234", "51235"]}
    blank = night(tmp_path, 6, MOTHER + (jr("") + sr if order == "jr first" else sr + jr("")))
    # kept by the phone alone: a person looks (a grandfather who left and a father of his name who came
    # share a home phone too, reviewer88 R1)
    assert blank.exit_status == 1 and blank.report.published
    assert toms(tmp_path) == {"G60011": ["51234", "51235"], "G60012": ["51234", "51235"]}
    (kept,) = blank.report.examples["I255"]
    assert kept.params["id"] == "G60011" and kept.params["shared"] == "phone"
    assert "V612" not in blank.report.counts


@pytest.mark.parametrize("gone", ["sr", "jr"])
def test_sr_or_jr_gone_and_the_other_blank_keeps_neither_id(tmp_path: Path, gone: str) -> None:
    jr = lambda contact: father(contact, email="", relationship=JR)  # noqa: E731
    sr = lambda contact: father(contact, email="", relationship=SR, seq=3)  # noqa: E731
    night(tmp_path, 5, MOTHER + jr("60011") + sr("60012"))
    blank = night(tmp_path, 6, MOTHER + (jr("") if gone == "sr" else sr("")))
    assert blank.exit_status == 1 and "I255" not in blank.report.counts
    (derived,) = blank.report.examples["V610"]
    assert derived.params["id"] not in ("G60011", "G60012"), "two contacts fit: nobody's ID is guessed"


def test_a_contact_id_column_blanked_whole_keeps_the_ids_and_asks_a_person_to_look(tmp_path: Path) -> None:
    """Every contact's cell empty one night (a broken export): the IDs are kept, the set is right, but
    the next change on such a night would re-key a parent twice: exit 1 (reviewer88 R2)."""
    mother = lambda contact: MOTHER.replace(",60010,", f",{contact},")  # noqa: E731
    grandma = "".join(
        f"{s},{{c}},Ruth,Whitfield,Grandmother,1,3,ruth@example.com,(555) 730-3030,\n" for s in ("51234", "51235")
    )
    night(tmp_path, 5, mother("60010") + father("60011") + grandma.format(c="60013"))
    blank = night(tmp_path, 6, mother("") + father("") + grandma.format(c=""))
    assert blank.exit_status == 1 and blank.report.published
    assert blank.report.counts["I255"] == 3
    assert {e.params["id"] for e in blank.report.examples["I255"]} == {"G60010", "G60011", "G60013"}
    assert not {"V610", "X958", "X955"} & set(blank.report.counts)
