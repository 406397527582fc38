"""A guardian rule keyed on the person's name (`contact` built from the first and last name
columns) made two different mothers named Maria Garcia, in two families at two schools with
different emails and phones, one parent linked to both families' children, the second one gone:
only V551 (a note), exit 0 (tester7 item 3). check-profile and every run now say the contact is
a name (I267, at the profile line), and a run keeps rows of one contact ID that share no email,
phone or student and differ on both apart: two people under one ID, neither kept (F429, V537)."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

import pytest

from tests.test_cli import transform
from transform import api

AS_OF = dt.date(2026, 10, 15)
HEADER = (
    "School ID,Student ID,Student First Name,Student Last Name,Section ID,Course Name,"
    "Parent First Name,Parent Last Name,Parent Email,Parent Phone"
)
# Siblings Ava and Ben share Dana Moss; Cara (school 200, two classes) and Eve (school 100) each
# have a mother named Maria Garcia, with her own email and phone.
ROWS = (
    "200,1001,Ava,Moss,S1,Math 7,Dana,Moss,dana.moss@mail.example.com,608-555-0101",
    "200,1002,Ben,Moss,S1,Math 7,Dana,Moss,dana.moss@mail.example.com,608-555-0101",
    "200,1003,Cara,Ng,S1,Math 7,Maria,Garcia,maria.g1@mail.example.com,608-555-0401",
    "200,1003,Cara,Ng,S2,Art 7,Maria,Garcia,maria.g1@mail.example.com,608-555-0401",
    "100,2002,Eve,Park,E1,Grade 3 Homeroom,Maria,Garcia,mgarcia77@mail.example.com,608-555-0402",
)
CONTACT = '        contact: {template: "{Parent First Name} {Parent Last Name}", clean: [id]}\n'
PROFILE = """name: flat-roster
settings:
  source_system: FlatSIS
  phone_region: US
sources:
  roster:
    files: [Roster.csv]
    columns: [School ID, Student ID, Student First Name, Student Last Name, Section ID, Course Name,
              Parent First Name, Parent Last Name, Parent Email, Parent Phone]
  staff:
    files: [Staff.csv]
    columns: [School ID, Staff ID, First Name, Last Name, Email]
tables:
  orgs:
    schools:
      from: roster
      combine: {}
      columns:
        sourcedId: {column: School ID, clean: [id]}
        name: "School {School ID}"
        type: school
  users:
    students:
      from: roster
      combine: {}
      columns:
        sourcedId: {column: Student ID, clean: [id]}
        orgSourcedIds: {column: School ID, clean: [id]}
        role: student
        givenName: {column: Student First Name, clean: [name]}
        familyName: {column: Student Last Name, clean: [name]}
    staff:
      from: staff
      columns:
        sourcedId: {column: Staff ID, clean: [id]}
        orgSourcedIds: {column: School ID, clean: [id]}
        role: teacher
        givenName: {column: First Name, clean: [name]}
        familyName: {column: Last Name, clean: [name]}
        email: {column: Email, clean: [email]}
    parents:
      from: roster
      guardian:
        student: {column: Student ID, clean: [id]}
CONTACT      columns:
        role: parent
        givenName: {column: Parent First Name, clean: [name]}
        familyName: {column: Parent Last Name, clean: [name]}
        email: {column: Parent Email, clean: [email]}
        phone: {column: Parent Phone, clean: [phone]}
  classes:
    sections:
      from: roster
      combine: {}
      columns:
        sourcedId: {column: Section ID, clean: [id]}
        title: {column: Course Name, clean: [text]}
        schoolSourcedId: {column: School ID, clean: [id]}
        termSourcedIds: "Y2026"
  enrollments:
    students:
      from: roster
      columns:
        sourcedId: "{Section ID}-{Student ID}"
        classSourcedId: {column: Section ID, clean: [id]}
        schoolSourcedId: {column: School ID, clean: [id]}
        userSourcedId: {column: Student ID, clean: [id]}
        role: student
"""


def _case(tmp_path: Path, rows: tuple[str, ...] = ROWS, contact: str = CONTACT) -> tuple[Path, Path]:
    """(profile, exports folder)."""
    profile = tmp_path / "flat.yaml"
    profile.write_text(PROFILE.replace("CONTACT", contact), encoding="utf-8")
    exports = tmp_path / "in"
    exports.mkdir()
    # The schools' staff list: a profile making classes and no teacher is refused (P111).
    staff = "School ID,Staff ID,First Name,Last Name,Email\n100,T1,Ann,Cole,acole@d.example.org\n"
    (exports / "Staff.csv").write_text(staff + "200,T2,Ben,Dale,bdale@d.example.org\n", encoding="utf-8")
    (exports / "Roster.csv").write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return profile, exports


def _run(profile: Path, exports: Path, out: Path, engine: str = "python") -> api.RunResult:
    # The roster enrols no teacher: its classes would have no owner (X980), which is not what this tests.
    return api.run(
        api.RunOptions(
            profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF, engine=engine, allow_incomplete=True
        )
    )


def _parents(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {r["sourcedId"]: r for r in csv.DictReader(handle) if r["role"] == "parent"}


def test_check_profile_says_a_contact_made_of_the_name(tmp_path: Path) -> None:
    profile, exports = _case(tmp_path)
    result = transform("check-profile", profile, "--exports", exports)
    assert result.returncode == 0, result.stdout + result.stderr  # a warning: the profile can run
    said = result.stdout + result.stderr
    line = PROFILE.replace("CONTACT", CONTACT).splitlines().index(CONTACT.rstrip("\n")) + 1
    assert f"{profile}:{line}:18: I267 contact-is-name: tables.users.parents.guardian.contact" in said
    assert "Parent First Name and Parent Last Name" in said
    assert "(1 warning above)" in said


@pytest.mark.parametrize(
    "contact",
    [
        "        contact: {column: Parent Email, clean: [id]}\n",  # not the name: the profile's choice
        '        contact: {template: "{Parent Last Name}-{Student ID}", clean: [id]}\n',  # the student too
        "",  # no contact: IDs derived from name and points
    ],
    ids=["email", "name-and-student", "none"],
)
def test_a_contact_not_only_the_name_is_not_said(tmp_path: Path, contact: str) -> None:
    profile, _ = _case(tmp_path, contact=contact)
    _, problems = api.check_profile(str(profile), hints=True)
    assert [p.code.id for p in problems if p.code.id == "I267"] == []


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("reverse", [False, True], ids=["eve-last", "eve-first"])
def test_two_mothers_of_one_name_are_not_made_one_parent(tmp_path: Path, engine: str, reverse: bool) -> None:
    """Before: 'GMaria Garcia' published with the first mother's email and phone and linked to
    Cara 1003 and Eve 2002 (two families, two schools), the second mother gone, exit 0."""
    profile, exports = _case(tmp_path, ROWS[::-1] if reverse else ROWS)
    result = _run(profile, exports, tmp_path / "out", engine)
    # published, but: --allow-incomplete let the classes without a teacher (X980) through (F453)
    assert result.report.published and result.exit_status == 1 and "F453" in result.report.counts
    parents = _parents(tmp_path / "out")
    assert "GMaria Garcia" not in parents  # neither mother is published under the name
    assert not any({"1003", "2002"} <= set(p["agentSourcedIds"].split(",")) for p in parents.values())
    assert parents["GDana Moss"]["agentSourcedIds"] == "1001,1002"  # siblings' one mother: one person
    examples = result.report.examples
    [two] = examples["F429"]
    assert two.params["id"] == "Maria Garcia"
    assert {two.params["students"], two.params["first_students"]} == {"students 1003", "students 2002"}
    assert [p.where.record for p in examples["V537"]] == ["GMaria Garcia"]
    assert examples["I267"][0].params["path"] == "tables.users.parents.guardian.contact"


def test_both_engines_give_the_same_set_and_report(tmp_path: Path) -> None:
    profile, exports = _case(tmp_path)
    slow, fast = _run(profile, exports, tmp_path / "python"), _run(profile, exports, tmp_path / "columnar", "columnar")
    for name in sorted(p.name for p in (tmp_path / "python").glob("*.csv")):
        assert (tmp_path / "python" / name).read_bytes() == (tmp_path / "columnar" / name).read_bytes(), name
    assert slow.report.counts == fast.report.counts


def test_without_the_name_contact_the_two_mothers_are_two_parents(tmp_path: Path) -> None:
    """What I267 advises: no `contact`, and the same name with nothing shared is two people."""
    profile, exports = _case(tmp_path, contact="")
    result = _run(profile, exports, tmp_path / "out")
    assert "F429" not in result.report.counts and "I267" not in result.report.counts
    garcias = sorted(
        (p["email"], p["agentSourcedIds"]) for p in _parents(tmp_path / "out").values() if p["familyName"] == "Garcia"
    )
    assert garcias == [("maria.g1@mail.example.com", "1003"), ("mgarcia77@mail.example.com", "2002")]


@pytest.mark.parametrize(
    "eve_mother",
    [
        "Maria,Garcia,maria.g1@mail.example.com,608-555-0402",  # one email: one person, a phone changed
        "Maria,Garcia,mgarcia77@mail.example.com,608-555-0401",  # one phone
        "Maria,Garcia,mgarcia77@mail.example.com,",  # no phone on one side: not both differ
    ],
    ids=["same-email", "same-phone", "one-phone"],
)
def test_a_contact_whose_rows_share_a_point_or_lack_one_stays_one_person(tmp_path: Path, eve_mother: str) -> None:
    """A SIS contact ID listing two phones (or two emails) is one person as before (V551): only
    rows sharing nothing and differing on both email and phone are taken for two."""
    eve = ROWS[-1].split(",Maria,")[0] + "," + eve_mother
    profile, exports = _case(tmp_path, (*ROWS[:-1], eve))
    result = _run(profile, exports, tmp_path / "out")
    assert "F429" not in result.report.counts and "V537" not in result.report.counts
    assert _parents(tmp_path / "out")["GMaria Garcia"]["agentSourcedIds"] == "1003,2002"


BRIDGE = "100,3003,Finn,Park,E1,Grade 3 Homeroom,Maria,Garcia,maria.g1@mail.example.com,608-555-0402"


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))), ids=lambda o: "".join(map(str, o)))
def test_a_row_sharing_with_both_groups_makes_them_one_in_any_row_order(tmp_path: Path, order: tuple[int, ...]) -> None:
    """A third row with Cara's mother's email and Eve's mother's phone joins them, as for
    parents without an ID: one person, whichever row comes first (the groups are joined as rows
    join them, not decided by the first rows read)."""
    marias = (ROWS[2], ROWS[4], BRIDGE)
    profile, exports = _case(tmp_path, (*ROWS[:2], *(marias[i] for i in order)))
    result = _run(profile, exports, tmp_path / "out")
    assert "F429" not in result.report.counts
    assert _parents(tmp_path / "out")["GMaria Garcia"]["agentSourcedIds"] == "1003,2002,3003"
