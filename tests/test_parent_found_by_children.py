"""A parent found again by their children where the name or the contact ID does not find them.

tester71 F1: a PowerSchool mother (no SIS ID) whose family name and email changed the same night
(a marriage), with the same given name, phone, household and children, got a new derived ID at
exit 0 with no word, and Remind deleted her and her conversations. She keeps her ID now, said
(X824), where exactly one parent of the last set, gone tonight, fits. Two parents of one given name
and the same children stay two; a new partner of another given name stays new.

tester71 F3: a contact's SIS contact ID blank on every row for one night re-keyed him that night
and back the next. He keeps the SIS's ID the last set has for his name, children and email (I255).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.parent_columns import NOW, Parent, write_district
from tests.test_contact_id_empty import HEADER, MOTHER
from transform import api

ANA = ("Lee, Ana", "ana.lee@mail.example.com", "608-555-2000")
ANA_MARRIED = ("Whitfield, Ana", "ana.whitfield@mail.example.com", "608-555-2000")
BO = ("Lee, Bo", "bo.lee@mail.example.com", "608-555-3000")
NOBODY: Parent = ("", "", "")


def night(tmp_path: Path, name: str, rows: list[tuple[str, Parent, Parent, str]]) -> Path:
    return write_district(tmp_path / name, rows, family="Lee")


def run_powerschool(exports: Path, out: Path, engine: str) -> api.RunResult:
    """A night of the PowerSchool district; any share of users may go (the districts are tiny)."""
    options = api.RunOptions(
        in_dir=exports,
        out_dir=out,
        engine=engine,
        profile="powerschool",
        as_of=dt.date(2026, 10, 15),
        now=NOW,
        max_removal=100.0,
    )
    return api.run(options)


def parents(out: Path) -> dict[str, str]:
    """'Given Family' -> sourcedId of each published parent or guardian."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            f"{r['givenName']} {r['familyName']}": r["sourcedId"]
            for r in csv.DictReader(handle)
            if r["role"] in ("parent", "guardian")
        }


def two_nights(
    tmp_path: Path, first: list[tuple[str, Parent, Parent, str]], second: list[tuple[str, Parent, Parent, str]]
) -> tuple[dict[str, str], dict[str, str], api.RunResult]:
    out = tmp_path / "out"
    assert run_powerschool(night(tmp_path, "night1", first), out, "python").exit_status == 0
    before = parents(out)
    result = run_powerschool(night(tmp_path, "night2", second), out, "python")
    assert result.report.published
    return before, parents(out), result


@pytest.mark.parametrize("household", ["F0", ""])
@pytest.mark.parametrize("email", ["changed", "none"])
def test_a_mother_married_with_a_new_email_keeps_her_id(tmp_path: Path, household: str, email: str) -> None:
    ana, married = (
        (ANA, ANA_MARRIED) if email == "changed" else ((*ANA[:1], "", ANA[2]), (*ANA_MARRIED[:1], "", ANA[2]))
    )
    first = [("101", ana, BO, household), ("102", ana, BO, household)]
    second = [("101", married, BO, household), ("102", married, BO, household)]
    before, after, result = two_nights(tmp_path, first, second)
    assert after == {"Ana Whitfield": before["Ana Lee"], "Bo Lee": before["Bo Lee"]}
    assert result.exit_status == 0
    [said] = result.report.examples["X824"]
    assert said.params["id"] == before["Ana Lee"] and said.params["before"] == "Ana Lee"
    assert said.params["person"] == "Ana Whitfield" and said.params["students"] == "students 101, 102"
    shared = str(said.params["shared"])
    assert "phone" in shared and ("household" in shared) == bool(household)
    assert said.where.file == "students.txt"
    assert not {"X958", "X939", "V546", "V547"} & set(result.report.counts)


def test_the_rows_in_another_order_give_the_same_set(tmp_path: Path) -> None:
    first = [("101", ANA, BO, "F0"), ("102", ANA, BO, "F0")]
    second = [("102", ANA_MARRIED, BO, "F0"), ("101", ANA_MARRIED, BO, "F0")]
    before, after, _ = two_nights(tmp_path, first, second)
    assert after["Ana Whitfield"] == before["Ana Lee"]


def test_two_jordan_lee_stay_two_when_one_marries(tmp_path: Path) -> None:
    """A mother and a father both 'Jordan Lee' of one household: the mother marries (name and email);
    the father, still listed, keeps his ID, and she keeps hers."""
    mother, father = (
        ("Lee, Jordan", "jordan.m@x.example.com", "608-555-1111"),
        (
            "Lee, Jordan",
            "jordan.f@x.example.com",
            "608-555-2222",
        ),
    )
    married = ("Whitfield, Jordan", "jordan.w@x.example.com", "608-555-1111")
    first = [("101", mother, father, "F1"), ("102", mother, father, "F1")]
    out = tmp_path / "out"
    assert run_powerschool(night(tmp_path, "night1", first), out, "python").exit_status == 0
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        ids = {r["phone"][-4:]: r["sourcedId"] for r in csv.DictReader(handle) if r["role"] in ("parent", "guardian")}
    second = [("101", married, father, "F1"), ("102", married, father, "F1")]
    result = run_powerschool(night(tmp_path, "night2", second), out, "python")
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        now = {r["phone"][-4:]: r["sourcedId"] for r in csv.DictReader(handle) if r["role"] in ("parent", "guardian")}
    assert now == ids and len(set(now.values())) == 2
    assert result.report.examples["X824"][0].params["id"] == ids["1111"]


def test_a_married_name_that_fits_two_parents_of_the_last_set_keeps_neither_id(tmp_path: Path) -> None:
    """Both 'Jordan Lee' gone tonight, one 'Jordan Whitfield' with the household phone both had:
    either could be her, so she is a new parent, and nobody's ID is given to her."""
    mother = ("Lee, Jordan", "jordan.m@x.example.com", "608-555-1111")
    father = ("Lee, Jordan", "jordan.f@x.example.com", "608-555-1111")
    married = ("Whitfield, Jordan", "jordan.w@x.example.com", "608-555-1111")
    first = [("101", mother, father, "F1"), ("102", mother, father, "F1")]
    second = [("101", married, NOBODY, "F1"), ("102", married, NOBODY, "F1")]
    out = tmp_path / "out"
    assert run_powerschool(night(tmp_path, "night1", first), out, "python").exit_status == 0
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        had = {r["sourcedId"] for r in csv.DictReader(handle) if r["role"] in ("parent", "guardian")}
    assert len(had) == 2
    result = run_powerschool(night(tmp_path, "night2", second), out, "python")
    assert "X824" not in result.report.counts and result.report.published
    assert parents(out)["Jordan Whitfield"] not in had


@pytest.mark.parametrize(
    "newcomer",
    [
        ("Whitfield, Maya", "maya@mail.example.com", "608-555-2000"),  # another given name, the household phone
        ("Whitfield, Ana", "ana.w@mail.example.com", "608-555-9999"),  # the given name, nothing shared
    ],
)
def test_a_new_partner_stays_a_new_parent(tmp_path: Path, newcomer: Parent) -> None:
    first = [("101", ANA, BO, ""), ("102", ANA, BO, "")]
    second = [("101", newcomer, BO, ""), ("102", newcomer, BO, "")]
    out = tmp_path / "out"
    assert run_powerschool(night(tmp_path, "night1", first), out, "python").exit_status == 0
    before = parents(out)
    result = run_powerschool(night(tmp_path, "night2", second), out, "python")
    assert "X824" not in result.report.counts and result.report.published
    assert before["Ana Lee"] not in parents(out).values()


def test_a_mother_still_listed_keeps_her_id_beside_a_newcomer_of_her_given_name(tmp_path: Path) -> None:
    """Ana Lee still on the rows, and an Ana Whitfield with the household phone in the father's
    column: Ana Lee's ID stays hers, the newcomer is new."""
    newcomer = ("Whitfield, Ana", "ana.w@mail.example.com", "608-555-2000")
    first = [("101", ANA, BO, ""), ("102", ANA, BO, "")]
    second = [("101", ANA, newcomer, ""), ("102", ANA, newcomer, "")]
    before, after, result = two_nights(tmp_path, first, second)
    assert after["Ana Lee"] == before["Ana Lee"] and after["Ana Whitfield"] not in before.values()
    assert "X824" not in result.report.counts


def test_a_child_added_the_same_night_is_not_the_same_children(tmp_path: Path) -> None:
    first = [("101", ANA, BO, ""), ("102", ANA, BO, "")]
    second = [("101", ANA_MARRIED, BO, ""), ("102", ANA_MARRIED, BO, ""), ("103", ANA_MARRIED, BO, "")]
    _, _, result = two_nights(tmp_path, first, second)
    assert "X824" not in result.report.counts


FATHER = "51234,60011,Tom,Whitfield,Father,1,2,tom@example.com,(555) 730-2020,\n"
FATHER_2 = "51235,60011,Tom,Whitfield,Father,1,2,tom@example.com,(555) 730-2020,\n"


def test_a_contact_id_blank_on_every_row_for_one_night_is_kept(tmp_path: Path) -> None:
    """Infinite Campus's contactPersonID of the father cleared one night on both his rows, filled
    the next: G60011 all three nights, said (I255) on the night it is blank."""
    blank = FATHER.replace(",60011,", ",,") + FATHER_2.replace(",60011,", ",,")
    ids = []
    for i, contacts in enumerate((FATHER + FATHER_2, blank, FATHER + FATHER_2)):
        result = _campus(tmp_path, MOTHER + contacts, i)
        ids.append(parents(tmp_path / "out")["Tom Whitfield"])
        assert result.exit_status == 0 and "X958" not in result.report.counts
        if i == 1:
            [said] = result.report.examples["I255"]
            assert said.params["id"] == "G60011" and said.params["shared"] == "email"
            assert (said.where.file, said.where.column) == ("contacts.csv", "contactPersonID")
            assert "V610" not in result.report.counts
    assert ids == ["G60011"] * 3


def test_a_contact_id_blank_with_another_email_is_derived(tmp_path: Path) -> None:
    """The name and children of G60011 but another email: not told to be him, derived (V610)."""
    assert _campus(tmp_path, MOTHER + FATHER + FATHER_2, 0).exit_status == 0
    other = (FATHER + FATHER_2).replace(",60011,", ",,").replace("tom@", "thomas@")
    result = _campus(tmp_path, MOTHER + other, 1)
    assert "I255" not in result.report.counts and result.report.counts["V610"] == 1


def _campus(tmp_path: Path, contacts: str, i: int) -> api.RunResult:
    """One night of the Infinite Campus district with these contacts, published to tmp_path/out."""
    exports = tmp_path / f"in{i}"
    shutil.copytree(FIXTURES / "infinite-campus" / "district" / "in", exports)
    (exports / "contacts.csv").write_text(HEADER + contacts, encoding="utf-8")
    options = api.RunOptions(
        profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 5 + i)
    )
    return api.run(options)
