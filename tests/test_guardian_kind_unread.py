"""A contacts export typing its contacts, the type read by no condition (tester67 F4).

A Genesis-shaped StudentContacts.csv types each row GUARDIAN, EMERGENCY or NON-EMERGENCY beside a
Relationship. init-profile drafted a role map of the relationship alone; the district, whose
custodial grandmothers must be linked, mapped Grandmother as a guardian, and every emergency
grandmother was published as a guardian at exit 0, nothing said. Now the run and check-profile
--exports say the type column no condition reads (V619; a first set exits 1 for a person to look),
and init-profile drafts the link_where on it.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from tests.test_guardian_words import GUARDIANS, night
from tests.test_guardians_draft import OTHERS, STUDENTS, _write
from tests.test_mapping_mistakes import COURSES, HEADER, PROFILE, RIGHT, TEACHERS
from transform import api

AS_OF = dt.date(2026, 10, 15)
COLUMNS = ["Student ID", "Contact ID", "Contact Type", "Relationship", "First", "Last", "Email", "Phone"]
MAPS = """\
maps:
  relations:
    values: {Mother: parent, Father: parent, Grandmother: guardian}
    unmapped: drop
"""


def district(folder: Path, *, families: int = 30, seed: int = 7) -> tuple[Path, set[tuple[str, str]]]:
    """`families` students, each with a mother and father typed GUARDIAN; one family in four has a
    custodial grandmother (GUARDIAN) too; each family an EMERGENCY contact (a grandmother on two
    families in three, else a neighbour) and some a NON-EMERGENCY aunt. Returns the folder and the
    TRUTH: (student, contact ID) of every GUARDIAN-typed parent or grandmother."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True)
    rows, contacts, truth = [], [COLUMNS], set()
    for n in range(families):
        student = [f"00013{n:02d}", f"Family{n}", f"Kid{n}", "10", f"kid{n}@students.harbor.k12.us", "205", "Harbor"]
        for (teacher, name, login), (code, title) in zip(TEACHERS, COURSES, strict=True):
            rows.append([*student, code, title, teacher, name, f"{login}@harbor.k12.us"])
        people = [("GUARDIAN", "Mother", "Mom"), ("GUARDIAN", "Father", "Dad")]
        people += [("GUARDIAN", "Grandmother", "Gran")] if n % 4 == 0 else []
        people += [("EMERGENCY", "Grandmother" if n % 3 else "Neighbor", "Help")]
        people += [("NON-EMERGENCY", "Aunt", "Auntie")] if rnd.random() < 0.4 else []
        for k, (kind, relation, first) in enumerate(people):
            contact = f"C{n:02d}{k}"
            email = f"{first.lower()}{n}@example.com"
            contacts.append([student[0], contact, kind, relation, f"{first}{n}", f"Family{n}", email, ""])
            if kind == "GUARDIAN":
                truth.add((student[0], contact))
    for name, table in (("StudentSchedule.csv", [HEADER, *rows]), ("StudentContacts.csv", contacts)):
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(table)
    return folder, truth


def profile(folder: Path, link_where: str = "") -> Path:
    contacts = f"  contacts:\n    files: [StudentContacts.csv]\n    columns: [{', '.join(COLUMNS)}]\n"
    text = PROFILE.replace("  sched:\n", contacts + "  sched:\n", 1)
    for key, value in RIGHT.items():
        text = text.replace(key, value)
    text = text.replace("  classes:\n", GUARDIANS.replace("LINK_WHERE", link_where) + "  classes:\n", 1) + MAPS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "harbor.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def links(out: Path) -> set[tuple[str, str]]:
    """(student, contact ID) of each parent or guardian published, by the contact ID it keeps."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (student, user["sourcedId"])
            for user in csv.DictReader(handle)
            if user["role"] in ("parent", "guardian")
            for student in user["agentSourcedIds"].split(",")
        }


def test_emergency_grandmothers_published_by_relationship_alone_are_said(tmp_path: Path) -> None:
    exports, truth = district(tmp_path / "in")
    result = night(profile(tmp_path / "p"), exports, tmp_path / "out", AS_OF)
    assert result.report.published and result.exit_status == 1  # a person must look, the first set
    [said] = result.report.examples["V619"]
    assert said.where.file == "StudentContacts.csv" and said.where.column == "Contact Type"
    assert said.params["relation"] == "Relationship"
    assert said.params["condition"].startswith('not_emergency: {field: "{Contact Type}", op: not_in, value: [EMERGENCY')
    assert "NON-EMERGENCY" in said.params["condition"]
    published = links(tmp_path / "out")  # published as read: the 20 emergency grandmothers too
    assert len(published - {(student, f"G{contact}") for student, contact in truth}) == 20


def test_the_condition_it_writes_links_the_guardians_alone(tmp_path: Path) -> None:
    exports, truth = district(tmp_path / "in")
    first = night(profile(tmp_path / "p"), exports, tmp_path / "first", AS_OF)
    condition = first.report.examples["V619"][0].params["condition"]
    fixed = profile(tmp_path / "fixed", f"        link_where:\n          {condition}\n")
    result = night(fixed, exports, tmp_path / "out", AS_OF)
    assert result.exit_status == 0 and "V619" not in result.report.counts
    # every GUARDIAN-typed mother, father and custodial grandmother, and no other (the IDs prefixed G)
    assert links(tmp_path / "out") == {(student, f"G{contact}") for student, contact in truth}
    assert api.check_profile(str(fixed), exports=exports, hints=True)[1] == []


def test_check_profile_with_the_exports_says_it(tmp_path: Path) -> None:
    exports, _ = district(tmp_path / "in")
    problems = api.check_profile(str(profile(tmp_path / "p")), exports=exports, hints=True)[1]
    assert [p.where.column for p in problems if p.code.id == "V619"] == ["Contact Type"]


def test_init_profile_drafts_the_link_where_on_the_type_column(tmp_path: Path) -> None:
    """The first hour of a district of three students whose contacts export types its rows: the
    draft leaves the EMERGENCY and NON-EMERGENCY rows unlinked, and still maps the relationship."""
    contacts = [
        ["StudentID", "ContactID", "Contact Type", "First Name", "Last Name", "Relationship", "Email", "Phone"],
        ["S1000", "P1", "GUARDIAN", "Lan", "Nguyen", "Mother", "lan@mail.example.com", "608-555-0101"],
        ["S1000", "P2", "GUARDIAN", "Minh", "Nguyen", "Father", "minh@mail.example.com", ""],
        ["S1000", "P3", "EMERGENCY", "Pat", "Doe", "Grandmother", "", "608-555-0199"],
        ["S1001", "P4", "GUARDIAN", "Rosa", "Garcia", "Mother", "rosa@mail.example.com", ""],
        ["S1001", "P5", "GUARDIAN", "Ines", "Garcia", "Grandmother", "ines@mail.example.com", ""],
        ["S1002", "P6", "GUARDIAN", "Omar", "Khan", "Step-Father", "omar@mail.example.com", ""],
        ["S1002", "P7", "NON-EMERGENCY", "Lee", "Wong", "Neighbor", "", "608-555-0177"],
    ]
    exports = _write(tmp_path / "in", {"Students.csv": STUDENTS, **OTHERS, "StudentContacts.csv": contacts})
    text = api.init_profile(exports).profile_text
    assert (
        'not_emergency: {field: "{Contact Type}", op: not_in, value: ["EMERGENCY", "NON-EMERGENCY"], '
        "reason: emergency-contact}" in text
    )
    assert 'role: {column: "Relationship", map: guardian_roles}' in text  # the relationship still maps
