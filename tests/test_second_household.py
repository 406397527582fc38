"""A second household's parents in a newcomer's exports (tester69 F3, F4).

A students export naming a mother, a father and an "Alt Parent" of another household (Alt
Household ID, Alt Parent First/Last Name, Alt Parent Email, Alt Parent Cell) was drafted with
groups for the mother and father only, the Alt columns listed under `sources:` but read by no rule:
the run published without the second household's parents at exit 0, nothing said. Now the draft
writes a group for every person the headers name, a word before the person's (Alt Parent) too
(a profile reading some people of the row but not one of them: test_contact_group_unread).

A contacts export's "Lives With" flag was drafted as the test of a parent, its N rows left out as
emergency contacts (a note): the step-parents of another household went with them at exit 0. Now
the flag is no test of a parent: beside a relationship column the relationships decide (the flag
said in a comment), alone it is drafted with a warning reason (F424), never as emergency contacts.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from tests.test_guardians_draft import OTHERS, _first_hour, _parents, _run
from transform import api

STUDENT = ["StudentID", "FirstName", "LastName", "Grade", "BirthDate"]
PEOPLE = ["Mother First Name", "Mother Last Name", "Mother Email", "Mother Cell"]
PEOPLE += ["Father First Name", "Father Last Name", "Father Email", "Father Cell"]
ALT = ["Alt Household ID", "Alt Parent First Name", "Alt Parent Last Name", "Alt Parent Email", "Alt Parent Cell"]
FLAG = ["Lives With Mother"]  # a yes/no flag ending in a person's word: no person
GIVEN = ["Ana", "Ben", "Cora", "Dan", "Eva", "Finn", "Gia", "Hugo", "Ida", "Jon", "Kim", "Leo"]


Truth = dict[tuple[str, str], str]


def district(students: int, *, alt_every: int, seed: int) -> tuple[dict[str, list[list[str]]], Truth, Truth]:
    """`students` students, each with a mother, most with a father, one in `alt_every` with a
    parent of a second household (a step-parent: another family name, another email domain).
    Returns the exports and the TRUTH: every parent's (given, family) -> the student linked, and
    the second household's parents alone."""
    rnd = random.Random(seed)
    rows = [[*STUDENT, *PEOPLE, *ALT, *FLAG]]
    truth: Truth = {}
    alt: Truth = {}
    for n in range(students):
        sid, family = f"S{1000 + n}", f"Fam{n:03d}"
        row = [sid, rnd.choice(GIVEN), family, str(6 + n % 3), f"0{1 + n % 9}/1{n % 9}/2013"]
        mother = (f"Mom{n}", family)
        row += [*mother, f"mom{n}@mail.example.com", f"608-555-{n:04d}"]
        truth[mother] = sid
        if n % 5:
            father = (f"Dad{n}", family)
            row += [*father, f"dad{n}@mail.example.com" if n % 2 else "", f"608-556-{n:04d}"]
            truth[father] = sid
        else:
            row += ["", "", "", ""]
        if n % alt_every == 0:
            step = (f"Step{n}", f"Other{n:03d}")
            row += [f"H{n:03d}B", *step, f"step{n}@elsewhere.example.com", f"608-557-{n:04d}"]
            truth[step] = alt[step] = sid
        else:
            row += ["", "", "", "", ""]
        rows.append([*row, rnd.choice(["Y", "N"])])
    enrolments = [["StudentID", "ClassID"], *([r[0], "C1"] for r in rows[1:])]
    return {"Students.csv": rows, **OTHERS, "Enrollments.csv": enrolments}, truth, alt


def without_group(profile: Path, group: str) -> None:
    """The profile with one `each` group taken out, as a newcomer's older draft has it."""
    data = yaml.safe_load(profile.read_text(encoding="utf-8"))
    del data["tables"]["users"]["guardians"]["each"][group]
    profile.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_the_draft_reads_the_second_household_s_parents_and_publishes_them(tmp_path: Path) -> None:
    files, truth, alt = district(40, alt_every=4, seed=3)
    exports, profile = _first_hour(tmp_path, files)
    text = profile.read_text(encoding="utf-8")
    rule = yaml.safe_load(text)["tables"]["users"]["guardians"]
    assert list(rule["each"]) == ["mother", "father", "alt_parent"]  # the Lives With flag is no one
    assert rule["each"]["alt_parent"] == {
        "givenName": {"column": "Alt Parent First Name", "clean": ["name"]},
        "familyName": {"column": "Alt Parent Last Name", "clean": ["name"]},
        "email": {"column": "Alt Parent Email", "clean": ["email"]},
        "phone": {"column": ["Alt Parent Cell"], "clean": ["phone"]},
        "role": "parent",
    }
    assert "alt_parent:   # Alt Parent First Name: another household's parent or guardian? check" in text
    assert api.check_profile(str(profile), exports=exports, hints=True)[1] == []

    out = tmp_path / "out"
    result = _run(profile, exports, out)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "P125" not in result.report.counts
    assert _parents(out) == truth and len(alt) == 10


CONTACTS = ["Student OID", "Contact OID", "Relationship", "Lives With", "First Name", "Last Name", "Email", "Cell"]


def contacts_district(students: int) -> tuple[dict[str, list[list[str]]], Truth]:
    """Students with a mother and father living with them (Y), one in three with a step-parent of
    another household (N), one in two with an emergency grandparent (N). TRUTH: every parent and
    step-parent (given, family) -> the student linked; never a grandparent."""
    rows = [STUDENT]
    contacts = [CONTACTS]
    truth: Truth = {}
    for n in range(students):
        sid, family = f"S{1000 + n}", f"Fam{n:03d}"
        rows.append([sid, f"Kid{n}", family, "7", "03/14/2013"])
        people = [("Mother", "Y", f"Mom{n}", family), ("Father", "Y", f"Dad{n}", family)]
        people += [("Step-Parent", "N", f"Step{n}", f"Other{n:03d}")] if n % 3 == 0 else []
        people += [("Grandparent", "N", f"Gran{n}", family)] if n % 2 == 0 else []
        for k, (relation, lives, given, last) in enumerate(people):
            contacts.append([sid, f"CNT{n:03d}{k}", relation, lives, given, last, f"{given}@mail.example.com", ""])
            if relation != "Grandparent":
                truth[(given, last)] = sid
    enrolments = [["StudentID", "ClassID"], *([r[0], "C1"] for r in rows[1:])]
    return {"Students.csv": rows, "contacts.csv": contacts, **OTHERS, "Enrollments.csv": enrolments}, truth


def test_a_lives_with_flag_beside_a_relationship_is_no_test_of_a_parent(tmp_path: Path) -> None:
    files, truth = contacts_district(30)
    exports, profile = _first_hour(tmp_path, files)
    text = profile.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    rule = data["tables"]["users"]["guardians"]
    assert "link_where" not in rule["guardian"] and rule["guardian"]["contact"]["column"] == "Contact OID"
    assert "# Lives With is no test of a parent: it says who shares the student's home" in text
    assert data["maps"]["guardian_roles"]["values"] == {"Father": "parent", "Mother": "parent", "Step-Parent": "parent"}
    assert api.check_profile(str(profile), exports=exports, hints=True)[1] == []

    out = tmp_path / "out"
    result = _run(profile, exports, out)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert _parents(out) == truth  # the step-parents of another household in, the grandparents out


def test_a_lives_with_flag_alone_leaves_its_no_rows_out_as_warnings_not_emergency_contacts(tmp_path: Path) -> None:
    files, truth = contacts_district(30)
    files["contacts.csv"] = [[c for i, c in enumerate(row) if i != 2] for row in files["contacts.csv"]]
    exports, profile = _first_hour(tmp_path, files)
    rule = yaml.safe_load(profile.read_text(encoding="utf-8"))["tables"]["users"]["guardians"]
    assert rule["guardian"]["link_where"] == {
        "lives_with": {
            "field": "{Lives With}",
            "op": "in",
            "value": ["Y", "Yes", "1", "T", "True", "X"],
            "reason": "guardian-role-unknown",
        }
    }
    result = _run(profile, exports, tmp_path / "out")
    living = {k for k in truth if k[0].startswith(("Mom", "Dad"))}
    assert set(_parents(tmp_path / "out")) == living
    assert "F409" not in result.report.counts  # no emergency contact said: each N row is a warning
    assert result.report.counts["F424"] == 10 + 15  # the step-parents and the grandparents, to place


def test_a_custody_flag_is_still_the_test_of_a_parent(tmp_path: Path) -> None:
    files, truth = contacts_district(6)
    files["contacts.csv"] = [
        [*row[:3], "Custody" if n == 0 else ("N" if row[2] == "Grandparent" else "Y"), *row[4:]]
        for n, row in enumerate(files["contacts.csv"])
    ]
    exports, profile = _first_hour(tmp_path, files)
    rule = yaml.safe_load(profile.read_text(encoding="utf-8"))["tables"]["users"]["guardians"]
    assert rule["guardian"]["link_where"]["parent_or_guardian"]["field"] == "{Custody}"
    assert "# link_where: ...   # none drafted" not in profile.read_text(encoding="utf-8")
    result = _run(profile, exports, tmp_path / "out")
    assert result.exit_status == 0 and set(_parents(tmp_path / "out")) == set(truth)
