"""Parents of one name joined by households across the Mother and Father columns, whatever the
order of the students' rows (found by the shuffling property test, seed 2414…886).

The rule: rows of one name sharing an email, phone or household are one person, and so is
everyone such rows chain together; a household shared across two columns joins too, except two
people a row names in two columns (a mother and a father both named Tom Diaz). The book used to
file a person found by phone under their lowest household in the row's own column, so that a
later row of that column and household was joined at once, without the check a row naming two
of the name gets: kid 3's mother Tom Diaz was the father of kid 1's household in one order of the
rows, no one in the others, and users.csv differed.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from tests.parent_columns import Parent, run, write_district

ENGINES = ("python", "columnar")
PHONE = "(608) 555-0101"
NOBODY: Parent = ("", "", "")


def export(folder: Path, rows: list[tuple[str, Parent, Parent, str]], extra: str = "") -> Path:
    """One row per child: (student number, mother, father, household), in the order given."""
    return write_district(folder, rows, family="Diaz", extra=extra)


def parents(out: Path) -> list[tuple[str, str, str]]:
    """(sourcedId, phone, children) of each published parent or guardian."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(
            (r["sourcedId"], r["phone"], r["agentSourcedIds"])
            for r in csv.DictReader(handle)
            if r["role"] in ("parent", "guardian")
        )


# Kid 1: father Tom Diaz of household F1, with a phone. Kid 2: a Tom Diaz with that phone in the
# Mother column (the same person: household F2), beside a father Tom Diaz with nothing (another
# person: the row names two). Kid 3: mother Tom Diaz of household F1, nothing else.
TOM = [
    ("1", NOBODY, ("Diaz, Tom", "", PHONE), "F1"),
    ("2", ("Diaz, Tom", "", PHONE), ("Diaz, Tom", "", ""), "F2"),
    ("3", ("Diaz, Tom", "", ""), NOBODY, "F1"),
]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_parent_of_two_households_is_the_third_child_s_parent_in_any_order_of_the_rows(
    tmp_path: Path, engine: str
) -> None:
    """Kid 3's Tom Diaz shares household F1 with the Tom Diaz of kids 1 and 2 (one phone), and no
    row tells them apart: one parent of all three, in every order of the rows. The father on kid
    2's row, whom that row tells apart from the Tom Diaz of its Mother column, stays another
    person (no email or phone: no user)."""
    published = []
    for n, order in enumerate(itertools.permutations(TOM)):
        result = run(export(tmp_path / f"in{n}", list(order)), tmp_path / f"out{n}", engine)
        assert result.exit_status == 0 and "V519" not in result.report.counts
        published.append(parents(tmp_path / f"out{n}"))
    [(_, phone, children)] = published[0]
    assert (phone, children) == ("+16085550101", "1,2,3")
    assert all(p == published[0] for p in published)


# A district's third column, Guardian, read as a third group of parents.
GUARDIAN_GROUP = (
    "extends: powerschool\n"
    "sources:\n"
    "  students:\n"
    "    optional_columns: [Middle_Name, Home_Phone, Student_Web_ID, Home_Language, Mother, Father,\n"
    "                       Mother_Email, Father_Email, GuardianEmail, Mother_Home_Phone,\n"
    "                       Father_Home_Phone, Motherdayphone, Fatherdayphone, Emerg_Contact_1,\n"
    "                       Emerg_Contact_2, Emerg_Contact_3, Emerg_Phone_1, Emerg_Phone_2, Emerg_Phone_3,\n"
    "                       Family_Ident, Guardian, Guardian_Phone]\n"
    "tables:\n"
    "  users:\n"
    "    guardians:\n"
    "      each:\n"
    "        guardian:\n"
    "          givenName: {column: Guardian, clean: [name_given]}\n"
    "          familyName: {column: Guardian, clean: [name_family]}\n"
    "          phone: {column: Guardian_Phone, clean: [phone]}\n"
    "          role: {value: guardian, map: guardian_roles}\n"
)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_guardian_of_the_household_s_name_who_could_be_either_parent_is_said_and_kept_apart(
    tmp_path: Path, engine: str
) -> None:
    """Kid 1's row names a mother and a father both Jean Martin of household H (two people); kid
    2's row names a Jean Martin of H in the Guardian column, whom the household joins to both.
    Which one is theirs the export does not tell: no one is joined (V519, naming the row of the
    two), the guardian is kept as their own person with their own ID, in any order of the rows."""
    profile = tmp_path / "district.yaml"
    profile.write_text(GUARDIAN_GROUP, encoding="utf-8")
    mother = ("Martin, Jean", "jean.mom@mail.example.com", "(973) 555-0142")
    father = ("Martin, Jean", "jean.dad@mail.example.com", "(908) 555-0199")
    rows = [("1", mother, father, "H"), ("2", NOBODY, NOBODY, "H")]
    guardian = {"1": "\t\t", "2": "\tMartin, Jean\t(608) 555-0177"}  # by student number
    published = []
    for n, order in enumerate(([0, 1], [1, 0])):
        folder = export(tmp_path / f"in{n}", [rows[i] for i in order], "\tGuardian\tGuardian_Phone")
        students = (folder / "students.txt").read_text(encoding="utf-8").split("\n")
        students[1:3] = [line + guardian[line.split("\t")[0]] for line in students[1:3]]
        (folder / "students.txt").write_text("\n".join(students), encoding="utf-8")
        result = run(folder, tmp_path / f"out{n}", engine, str(profile))
        assert result.exit_status == 0
        [said] = result.report.examples["V519"]
        line = 2 + order.index(0)  # kid 1's row, which names the mother and the father
        assert said.params["rows"] == f"both named at students.txt:{line}"
        assert said.params["students"] == "students 2" and said.params["household"] == "H"
        assert said.where.line == 2 + order.index(1)
        published.append(parents(tmp_path / f"out{n}"))
    assert sorted((phone, children) for _, phone, children in published[0]) == [
        ("+16085550177", "2"),
        ("+19085550199", "1"),
        ("+19735550142", "1"),
    ]
    assert published[1] == published[0] and len({sourced_id for sourced_id, *_ in published[0]}) == 3
