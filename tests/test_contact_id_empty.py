"""A contact-ID cell left empty under a rule that reads SIS contact IDs (tester39 F4).

Infinite Campus's contacts export names each parent by `contactPersonID`. A row whose cell was
empty got an ID derived from the name and points, with no word: the father listed with his ID on
one child's row and without it on the other's was published twice, `G60011` and a `G` + hash,
both with his email and phone (Remind gives the email to one user only), and the second would be
deleted the night the SIS filled the cell. Now such a row is taken as the SIS contact of its
name sharing its email, phone or household, said with file, line and column (V612); a row
matching no SIS contact keeps its derived ID, said the same way (V610).
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
FATHER_WITH_ID = "51234,60011,Tom,Whitfield,Father,1,2,tom@example.com,(555) 730-2020,\n"
FATHER_WITHOUT = "51235,,Tom,Whitfield,Father,1,2,tom@example.com,(555) 730-2020,\n"


def run(tmp_path: Path, contacts: str, *, engine: str = "python", name: str = "out") -> api.RunResult:
    exports = tmp_path / f"in-{name}"
    shutil.copytree(DISTRICT, exports)
    (exports / "contacts.csv").write_text(HEADER + contacts, encoding="utf-8")
    options = api.RunOptions(
        profile="infinite-campus", in_dir=exports, out_dir=tmp_path / name, as_of=dt.date(2026, 10, 5), engine=engine
    )
    return api.run(options)


def users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def guardians(out: Path) -> dict[str, dict[str, str]]:
    return {i: row for i, row in users(out).items() if row["role"] in ("parent", "guardian")}


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("order", ["with the ID first", "without the ID first"])
def test_the_father_without_his_contact_id_on_one_row_is_one_parent(tmp_path: Path, engine: str, order: str) -> None:
    father = FATHER_WITH_ID + FATHER_WITHOUT if order == "with the ID first" else FATHER_WITHOUT + FATHER_WITH_ID
    result = run(tmp_path, MOTHER + father, engine=engine)
    assert result.exit_status == 0 and result.report.published
    found = guardians(tmp_path / "out")
    assert sorted(found) == ["G60010", "G60011"], "no second Tom Whitfield under a derived ID"
    assert found["G60011"]["email"] == "tom@example.com"
    students = users(tmp_path / "out")
    assert "G60011" in students["51234"]["agentSourcedIds"].split(",")
    assert "G60011" in students["51235"]["agentSourcedIds"].split(","), "the child of the row without the ID"
    (joined,) = result.report.examples["V612"]
    line = 5 if order == "with the ID first" else 4
    assert (joined.where.file, joined.where.line, joined.where.column) == ("contacts.csv", line, "contactPersonID")
    assert joined.params["id"] == "G60011" and "email and phone" in joined.message
    assert "V509" not in result.report.counts and "V610" not in result.report.counts


def test_a_row_without_its_contact_id_matching_no_contact_is_derived_and_said(tmp_path: Path) -> None:
    result = run(tmp_path, MOTHER + FATHER_WITHOUT)
    assert result.exit_status == 0
    found = guardians(tmp_path / "out")
    (derived,) = (i for i in found if i != "G60010")
    assert derived.startswith("G") and len(derived) == 13
    (said,) = result.report.examples["V610"]
    assert (said.where.file, said.where.line, said.where.column) == ("contacts.csv", 4, "contactPersonID")
    assert said.params["id"] == derived and "Tom Whitfield" in said.message
    assert "V612" not in result.report.counts


def test_a_row_matching_two_contacts_of_its_name_joins_neither(tmp_path: Path) -> None:
    """Omar Lopez Sr. and Jr., two SIS contacts sharing the home phone: a row of that name with
    that phone and no ID could be either, and is made one with neither."""
    contacts = MOTHER + (
        "51234,60030,Omar,Lopez,Father,1,2,omar.sr@example.com,,(555) 730-4040\n"
        "51234,60031,Omar,Lopez,Father,1,3,omar.jr@example.com,,(555) 730-4040\n"
        "51235,,Omar,Lopez,Father,1,2,,,(555) 730-4040\n"
    )
    result = run(tmp_path, contacts)
    found = guardians(tmp_path / "out")
    assert {"G60030", "G60031"} <= set(found) and len(found) == 4
    assert "V612" not in result.report.counts and result.report.counts["V610"] == 1


@pytest.mark.parametrize("first", ["Omar", "Ana"])
def test_a_row_matching_a_contact_id_of_two_people_joins_no_one_whichever_is_read_first(
    tmp_path: Path, first: str
) -> None:
    """SIS contact 60040 names two people (Omar Lopez on one child's row, Ana Ruiz on the other's:
    V570, neither kept), and 60041 is an Omar Lopez of the same email. A row of Omar Lopez with
    that email and no ID could be the 60040 Omar or 60041, and joins neither (V610), whichever
    name of 60040 comes first: the contact's name was its first row's, so with Ana first the row
    matched 60041 alone and was joined to it (V612), with Omar first it was not (found by
    shuffling generated contacts exports)."""
    omar, ana = (
        "51234,60040,Omar,Lopez,Father,1,2,omar@example.com,,\n",
        "51235,60040,Ana,Ruiz,Mother,1,3,ana@example.com,,\n",
    )
    contacts = (
        MOTHER
        + (omar + ana if first == "Omar" else ana + omar)
        + (
            "51234,60041,Omar,Lopez,Father,1,3,omar@example.com,(555) 730-4040,\n"
            "51235,,Omar,Lopez,Father,1,2,omar@example.com,,\n"
        )
    )
    result = run(tmp_path, contacts)
    assert result.exit_status == 0
    found = guardians(tmp_path / "out")
    assert "G60041" in found and "G60040" not in found and len(found) == 3
    assert "V612" not in result.report.counts and result.report.counts["V610"] == 1


def test_either_engine_and_any_row_order_give_one_set(tmp_path: Path) -> None:
    runs = [
        run(tmp_path, MOTHER + FATHER_WITH_ID + FATHER_WITHOUT, engine="python", name="a"),
        run(tmp_path, FATHER_WITHOUT + MOTHER + FATHER_WITH_ID, engine="columnar", name="b"),
    ]
    assert all(r.exit_status == 0 for r in runs)
    assert (tmp_path / "a" / "users.csv").read_bytes() == (tmp_path / "b" / "users.csv").read_bytes()


def test_a_contact_column_the_export_lacks_is_not_an_empty_cell_on_every_row(tmp_path: Path) -> None:
    """Clever reads Contact_sis_id when the export has it (an optional column): with it, Lucia
    Garcia's empty cell is said (V610, an info: Clever leaves it empty for some contacts); without
    the column, every parent is derived as documented and no row is said to have an empty cell."""
    clever = FIXTURES / "clever" / "district" / "in"
    with_column, without = tmp_path / "with", tmp_path / "without"
    shutil.copytree(clever, with_column)
    shutil.copytree(clever, without)
    with (clever / "students.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("Contact_sis_id")
    with (without / "students.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(r[:at] + r[at + 1 :] for r in rows)
    said = {}
    for exports in (with_column, without):
        options = api.RunOptions(
            profile="clever", in_dir=exports, out_dir=tmp_path / f"out-{exports.name}", as_of=dt.date(2026, 10, 5)
        )
        result = api.run(options)
        assert result.report.published
        said[exports.name] = result.report.examples.get("V610", [])
    (lucia,) = said["with"]
    assert (lucia.where.file, lucia.where.line, lucia.where.column) == ("students.csv", 7, "Contact_sis_id")
    assert "Lucia Garcia" in lucia.message
    assert said["without"] == []


# --- tester51 F1: each row without the contact ID is one V612, whatever the row order -----------

JESSICA_WITH_ID = "51234,60010,Jessica,Whitfield,Mother,1,1,jess@example.com,(555) 730-1010,\n"
# Two children's rows naming her without the ID, with her email and each another cell phone.
JESSICA_WITHOUT = (
    "51235,,Jessica,Whitfield,Mother,1,1,jess@example.com,(555) 730-1011,\n"
    "51301,,Jessica,Whitfield,Mother,1,1,jess@example.com,(555) 730-1012,\n"
)


@pytest.mark.parametrize("order", ["with the ID first", "with the ID last"])
def test_each_row_without_the_contact_id_is_said_once_in_either_order(tmp_path: Path, order: str) -> None:
    """Read after her SIS contact's row, the two rows without the ID were said one by one (V612
    twice); read before it, they were first made one person and said once, naming both children,
    and their two phones were a V550 (a warning: rows without an ID that disagree) instead of two
    V551 (a SIS contact listing several phones). Now: one V612 per row, at its line with its
    child, and each phone not kept said once as the SIS contact's (V551), in either order."""
    rows = JESSICA_WITH_ID + JESSICA_WITHOUT if order == "with the ID first" else JESSICA_WITHOUT + JESSICA_WITH_ID
    result = run(tmp_path, rows)
    assert result.exit_status == 0
    found = guardians(tmp_path / "out")
    assert list(found) == ["G60010"] and found["G60010"]["phone"] == "+15557301010"
    assert found["G60010"]["agentSourcedIds"] == "51234,51235,51301"
    report = result.report
    lines = (3, 4) if order == "with the ID first" else (2, 3)
    said = sorted((p.where.file, p.where.line, p.where.column, p.params["students"]) for p in report.examples["V612"])
    assert report.counts["V612"] == 2
    assert said == [
        ("contacts.csv", lines[0], "contactPersonID", "students 51235"),
        ("contacts.csv", lines[1], "contactPersonID", "students 51301"),
    ]
    assert "V550" not in report.counts
    differ = sorted((p.params["field"], p.params["value"], p.where.line) for p in report.examples["V551"])
    phones = [(value, line) for field, value, line in differ if field == "phone"]
    assert phones == [("+15557301011", lines[0]), ("+15557301012", lines[1])]
    assert report.counts["V551"] == len(differ)


@pytest.mark.parametrize("order", ["contacts first", "rows without the ID first"])
def test_rows_without_the_id_chained_to_two_contacts_join_neither_in_either_order(tmp_path: Path, order: str) -> None:
    """Omar Lopez Sr. (60030) and Jr. (60031) of one name; two rows without an ID share Sr.'s email,
    and one of them has Jr.'s phone too: together they could be either, and join neither (one
    parent, V610). Read after the contacts, the row with only the email was joined to Sr. (V612)
    and the other was derived alone; read first, both were merged and joined neither: the set
    hung on the row order."""
    contacts = (
        "51234,60030,Omar,Lopez,Father,1,2,omar.sr@example.com,(555) 730-4040,\n"
        "51234,60031,Omar,Lopez,Father,1,3,omar.jr@example.com,(555) 730-5050,\n"
    )
    blank = (
        "51235,,Omar,Lopez,Father,1,2,omar.sr@example.com,,\n"
        "51301,,Omar,Lopez,Father,1,2,omar.sr@example.com,(555) 730-5050,\n"
    )
    result = run(tmp_path, MOTHER + (contacts + blank if order == "contacts first" else blank + contacts))
    assert result.exit_status == 0
    found = guardians(tmp_path / "out")
    (derived,) = (i for i in found if i not in ("G60010", "G60030", "G60031"))
    assert found[derived]["agentSourcedIds"] == "51235,51301"
    assert "V612" not in result.report.counts and result.report.counts["V610"] == 1
