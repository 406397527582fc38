"""Two parents of one name linked to one student stay two, night after night (tester30 F1).

A FACTS/Clever set without the optional Contact_sis_id column gives parents no person ID: each
one's ID is derived from the name and the email (else the phone), and the identity map in the
state folder remembers it under (name, student). Ava Lopez has two Parent/Guardian contacts named
Omar Lopez, her father and her grandfather (Jr. and Sr.), sharing no email or phone: two people,
as a first run publishes them. Both are under one key of the map; it kept one of their IDs, and
the second night of the very same exports gave both rows that ID and merged them: the father
deleted in Remind, the grandfather published with the father's phone, at exit 0.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api

ENGINES = ("python", "columnar")
AS_OF = dt.date(2027, 2, 15)
STUDENTS = (
    "School_id,Student_id,Student_number,First_name,Middle_name,Last_name,Grade,Dob,Student_email,"
    "Contact_type,Contact_relationship,Contact_name,Contact_phone,Contact_email"
)
FATHER = ("Father", "Omar Lopez", "479-518-8746", "omar.lopez@mail.example.com")
GRANDFATHER = ("Guardian", "Omar Lopez", "715-858-9268", "omar.lopez.sr@mail.example.com")
# Two parents named Tariq Lindqvist, each linked to both siblings (tester28's FACTS seed 3).
TARIQ_FATHER = ("Father", "Tariq Lindqvist", "505-662-9193", "tariq.lindqvist@mail.example.com")
TARIQ_MOTHER = ("Mother", "Tariq Lindqvist", "612-351-8186", "")
KIDS = {
    "576931": ("Ava", "Lopez", "KG"),
    "576932": ("Ben", "Kim", "01"),
    "705003": ("Omar", "Lindqvist", "06"),
    "705004": ("Iris", "Lindqvist", "07"),
}
OTHERS = {"576932": [("Mother", "Mina Kim", "608-555-0102", "mina.kim@mail.example.com")]}


def export(folder: Path, contacts: dict[str, list[tuple[str, str, str, str]]]) -> Path:
    """A one-school FACTS/Clever export without Contact_sis_id: every kid in one class, each with
    the given contacts (relationship, name, phone, email)."""
    folder.mkdir()
    (folder / "schools.csv").write_text("School_id,School_name,School_number\n100,Rossi Elementary,100\n")
    (folder / "teachers.csv").write_text(
        "School_id,Teacher_id,Teacher_number,First_name,Last_name,Teacher_email\n"
        "100,749,749,Kai,Dubois,kai.dubois@district.example.org\n"
    )
    (folder / "sections.csv").write_text(
        "School_id,Section_id,Teacher_id,Name,Course_name,Course_number,Period,Subject,Term_name,Term_start,Term_end\n"
        "100,4543,749,Reading 1,Reading,READ1,1,English/language arts,Year,08/17/2026,06/04/2027\n"
    )
    rows = [STUDENTS]
    for number, (first, last, grade) in KIDS.items():
        for relationship, name, phone, email in {**OTHERS, **contacts}.get(number, []):
            rows.append(
                f"100,{number},{number},{first},,{last},{grade},3/4/2015,,Parent/Guardian,{relationship},"
                f"{name},{phone},{email}"
            )
    (folder / "students.csv").write_text("\n".join([*rows, ""]))
    enrolments = ["School_id,Section_id,Student_id", *(f"100,4543,{number}" for number in KIDS)]
    (folder / "enrollments.csv").write_text("\n".join([*enrolments, ""]))
    return folder


def run(exports: Path, out: Path, engine: str) -> api.RunResult:
    return api.run(api.RunOptions(profile="facts", in_dir=exports, out_dir=out, as_of=AS_OF, engine=engine))


def published(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.csv"))}


def guardians(out: Path) -> list[tuple[str, str, str, str, str]]:
    """(sourcedId, name, email, phone, children) of each published parent or guardian."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(
            (r["sourcedId"], f"{r['givenName']} {r['familyName']}", r["email"], r["phone"], r["agentSourcedIds"])
            for r in csv.DictReader(handle)
            if r["role"] in ("parent", "guardian")
        )


FAMILIES = {
    "father and grandfather of one child": {"576931": [FATHER, GRANDFATHER]},
    "two parents of one name, of two siblings": {
        "705003": [TARIQ_FATHER, TARIQ_MOTHER],
        "705004": [TARIQ_FATHER, TARIQ_MOTHER],
    },
}


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("engine", ENGINES)
def test_the_same_exports_three_nights_in_a_row_give_the_first_night_s_set(
    tmp_path: Path, engine: str, family: str
) -> None:
    exports, out = export(tmp_path / "exports", FAMILIES[family]), tmp_path / "out"
    first = run(exports, out, engine)
    assert first.exit_status == 0
    night1 = published(out)
    namesakes = [g for g in guardians(out) if g[1] in ("Omar Lopez", "Tariq Lindqvist")]
    assert len(namesakes) == 2  # as docs/identity.md says: the same name, nothing shared, two people
    for _ in range(2):
        again = run(exports, out, engine)
        assert again.exit_status == 0
        assert published(out) == night1
        assert "V550" not in again.report.counts  # no two people's values merged into one


@pytest.mark.parametrize("engine", ENGINES)
def test_the_father_whose_email_and_phone_changed_keeps_his_id_beside_the_grandfather_of_his_name(
    tmp_path: Path, engine: str
) -> None:
    """The drift the map is for, where its key is shared: the grandfather's email still derives his
    ID, so the father is the one left of the two Omar Lopez Ava had, and keeps his."""
    out = tmp_path / "out"
    assert run(export(tmp_path / "night1", {"576931": [FATHER, GRANDFATHER]}), out, engine).exit_status == 0
    by_email = {g[2]: g for g in guardians(out)}
    father, grandfather = by_email[FATHER[3]], by_email[GRANDFATHER[3]]
    moved = ("Father", "Omar Lopez", "479-555-0199", "omar.lopez.jr@mail.example.com")
    tonight = export(tmp_path / "night2", {"576931": [moved, GRANDFATHER]})
    for _ in range(2):
        result = run(tonight, out, engine)
        assert result.exit_status == 0
        assert [g for g in guardians(out) if g[1] == "Omar Lopez"] == sorted(
            [(father[0], "Omar Lopez", "omar.lopez.jr@mail.example.com", "+14795550199", "576931"), grandfather]
        )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_grandfather_of_the_father_s_name_added_tonight_is_a_parent_of_his_own(tmp_path: Path, engine: str) -> None:
    """Only the father was in the last set, so Ava's key holds his ID alone, and the grandfather's
    row claimed it too: merged, one user with the lower of their emails and phones. Two rows of one
    name on one child's record sharing nothing are two people on a first run; so they are here."""
    out = tmp_path / "out"
    assert run(export(tmp_path / "night1", {"576931": [FATHER]}), out, engine).exit_status == 0
    [father] = [g for g in guardians(out) if g[1] == "Omar Lopez"]
    tonight = export(tmp_path / "night2", {"576931": [FATHER, GRANDFATHER]})
    result = run(tonight, out, engine)
    assert result.exit_status == 0 and "V550" not in result.report.counts
    assert run(tonight, tmp_path / "fresh", engine).exit_status == 0
    assert guardians(out) == guardians(tmp_path / "fresh")
    assert father in guardians(out) and len(guardians(out)) == 3
