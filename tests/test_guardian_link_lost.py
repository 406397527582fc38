"""A parent who keeps another child and loses one child's link to one mistyped row (contacts47's
leftover): the child was published with no parent at exit 0, the parent kept the other child, and
nobody was told (V608 alone, or a parent new tonight under a mistyped contact ID). Now the gate
compares tonight's links with the last published set's: a link lost between two users both still
published, whose row tonight's exports still hold in a form that looks like it, is V557, published
with exit 1, naming the parent, the student and the row. A row removed, or made an emergency
contact, is an ordinary custody change: exit 0. And V608 names the row whose link is written
otherwise, not the guardian's first row."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

IC = FIXTURES / "infinite-campus" / "district"
PS = FIXTURES / "powerschool" / "district"
IC_CONTACTS = "personID,contactPersonID,firstName,lastName,relationship,guardian,seq,email,cellPhone,homePhone\n"
# Jessica Whitfield, mother of Harper (51234) and Mason (51235); Rosa Castillo, mother of 51301.
HARPER = "51234,60010,Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n"
MASON = "51235,60010,Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n"
ROSA = "51301,60020,Rosa,Castillo,Mother,1,1,,,555 730 3030\n"


def _night(tmp_path: Path, fixture: Path, profile: str, files: dict[str, str], day: int) -> api.RunResult:
    """One night: the fixture's exports with `files` written over them, into one OUT (its state carried)."""
    exports = tmp_path / f"in{day}"
    shutil.copytree(fixture / "in", exports)
    for name, text in files.items():
        (exports / name).write_text(text, encoding="utf-8")
    return api.run(
        api.RunOptions(profile=profile, in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, day))
    )


def _ic(tmp_path: Path, contacts: str, day: int) -> api.RunResult:
    return _night(tmp_path, IC, "infinite-campus", {"contacts.csv": IC_CONTACTS + contacts}, day)


def _links(out: Path) -> dict[str, str]:
    """Each published parent's students, by ID."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["sourcedId"]: r["agentSourcedIds"] for r in csv.DictReader(handle) if r["role"] in ("parent", "guardian")
        }


def _said(result: api.RunResult) -> list[tuple[str, str, str, int]]:
    return [
        (p.params["guardian"], p.params["student"], p.where.file, p.where.line)
        for p in result.report.examples.get("V557", [])
    ]


def test_a_child_link_lost_to_a_student_id_written_otherwise_is_v557_and_exit_1(tmp_path: Path) -> None:
    """Mason's row writes his ID 051235 tonight: Jessica keeps Harper, Mason is published with no
    parent. V608 alone exited 0; now V557 names Jessica, Mason and that row, exit 1."""
    assert _ic(tmp_path, HARPER + MASON + ROSA, 5).exit_status == api.EXIT_PUBLISHED
    night2 = _ic(tmp_path, HARPER + "0" + MASON + ROSA, 6)
    assert night2.report.published and night2.exit_status == api.EXIT_NOT_PUBLISHED
    assert _said(night2) == [("G60010", "51235", "contacts.csv", 3)]
    assert "'051235'" in night2.report.examples["V557"][0].message
    assert _links(tmp_path / "out")["G60010"] == "51234"  # published without the link, as read


def test_a_mistyped_contact_id_making_a_parent_new_tonight_is_v557(tmp_path: Path) -> None:
    """Mason's row gives Jessica the contact ID 60019 tonight: a parent new tonight of her name
    and phone takes Mason (V509/V510 warnings only, exit 0 before). V557 names the row."""
    _ic(tmp_path, HARPER + MASON + ROSA, 5)
    night2 = _ic(tmp_path, HARPER + MASON.replace("60010", "60019") + ROSA, 6)
    assert night2.exit_status == api.EXIT_NOT_PUBLISHED
    assert _said(night2) == [("G60010", "51235", "contacts.csv", 3)]
    assert "'G60019'" in night2.report.examples["V557"][0].message


def test_a_row_pointing_at_another_familys_student_is_v557(tmp_path: Path) -> None:
    """Mason's row names Rosa's son 51301 tonight: Jessica is linked to him and loses Mason, at
    exit 0 before. V557 names Mason's lost link and the row that links 51301 instead."""
    _ic(tmp_path, HARPER + MASON + ROSA, 5)
    night2 = _ic(tmp_path, HARPER + MASON.replace("51235", "51301", 1) + ROSA, 6)
    assert night2.exit_status == api.EXIT_NOT_PUBLISHED
    assert _said(night2) == [("G60010", "51235", "contacts.csv", 3)]
    assert "'51301' instead" in night2.report.examples["V557"][0].message


def test_ordinary_custody_changes_are_no_v557(tmp_path: Path) -> None:
    """Mason's row removed one night, and made an emergency contact (guardian 0) the next: the
    link goes, and nothing is to be done."""
    _ic(tmp_path, HARPER + MASON + ROSA, 5)
    removed = _ic(tmp_path, HARPER + ROSA, 6)
    assert removed.exit_status == api.EXIT_PUBLISHED and "V557" not in removed.report.counts
    _ic(tmp_path, HARPER + MASON + ROSA, 7)
    emergency = _ic(tmp_path, HARPER + MASON.replace("Mother,1", "Emergency,0") + ROSA, 8)
    assert emergency.exit_status == api.EXIT_PUBLISHED and "V557" not in emergency.report.counts
    assert _links(tmp_path / "out")["G60010"] == "51234"


def test_said_every_night_while_the_row_stays_mistyped_and_not_once_fixed_or_removed(tmp_path: Path) -> None:
    """The state carries the link said (last.json's links_lost): night 3, the row still written
    051235, compares with night 2's set, which no longer holds the link, and says V557 again
    (exit 1); night 4, fixed, links Mason again (exit 0); mistyped again on night 5, and the row
    removed on night 6 (a custody change after all): nothing more to say."""
    _ic(tmp_path, HARPER + MASON + ROSA, 5)
    assert _ic(tmp_path, HARPER + "0" + MASON + ROSA, 6).exit_status == api.EXIT_NOT_PUBLISHED
    night3 = _ic(tmp_path, HARPER + "0" + MASON + ROSA, 7)
    assert night3.exit_status == api.EXIT_NOT_PUBLISHED
    assert _said(night3) == [("G60010", "51235", "contacts.csv", 3)]
    night4 = _ic(tmp_path, HARPER + MASON + ROSA, 8)
    assert night4.exit_status == api.EXIT_PUBLISHED and "V557" not in night4.report.counts
    assert _links(tmp_path / "out")["G60010"] == "51234,51235"
    assert _ic(tmp_path, HARPER + "0" + MASON + ROSA, 9).exit_status == api.EXIT_NOT_PUBLISHED
    night6 = _ic(tmp_path, HARPER + ROSA, 10)
    assert night6.exit_status == api.EXIT_PUBLISHED and "V557" not in night6.report.counts


def test_a_link_to_another_familys_student_is_said_again_the_next_night(tmp_path: Path) -> None:
    """Jessica's row for Mason names Rosa's son 51301 on nights 2 and 3: the last set of night 3
    holds Jessica linked to 51301, which is no new link then; the state says which row it was.
    The night it is fixed, her link to 51301 is lost in turn: no V557 for the row corrected."""
    _ic(tmp_path, HARPER + MASON + ROSA, 5)
    wrong = HARPER + MASON.replace("51235", "51301", 1) + ROSA
    assert _ic(tmp_path, wrong, 6).exit_status == api.EXIT_NOT_PUBLISHED
    night3 = _ic(tmp_path, wrong, 7)
    assert night3.exit_status == api.EXIT_NOT_PUBLISHED
    assert _said(night3) == [("G60010", "51235", "contacts.csv", 3)]
    assert "'51301' instead" in night3.report.examples["V557"][0].message
    # Fixed on night 4: the wrong link to 51301 goes as Mason's comes back, which is no lost link.
    night4 = _ic(tmp_path, HARPER + MASON + ROSA, 8)
    assert night4.exit_status == api.EXIT_PUBLISHED and "V557" not in night4.report.counts
    assert _links(tmp_path / "out")["G60010"] == "51234,51235"


def _ps_students(mother: str) -> str:
    """PowerSchool's students.txt with Liam (5002) a sibling of Ava (5001): the same parents on
    both rows, his mother's name given as `mother`."""
    lines = (PS / "in" / "students.txt").read_text(encoding="cp1252").split("\n")
    header = lines[0].split("\t")
    ava = lines[1].split("\t")
    parents = ("Mother", "Father", "Mother_Email", "Father_Email", "Mother_Home_Phone", "Father_Home_Phone")
    for n, line in enumerate(lines):
        cells = line.split("\t")
        if cells[0] == "901":
            for column in parents:
                cells[header.index(column)] = ava[header.index(column)]
            cells[header.index("Mother")] = mother
            lines[n] = "\t".join(cells)
    return "\n".join(lines)


def test_powerschool_a_mothers_name_mistyped_on_one_siblings_row_is_v557(tmp_path: Path) -> None:
    """Contact columns on the student row: Liam's row misspells his mother Lucasa as Lucsa tonight.
    A parent new tonight of her email and phone takes Liam; V557 names her, Liam and his row."""
    assert _night(tmp_path, PS, "powerschool", {"students.txt": _ps_students("Nguyen, Lucasa")}, 5).exit_status == 0
    before = [g for g, students in _links(tmp_path / "out").items() if students == "005001,5002"]
    assert len(before) == 1  # the mother (the father has no email or phone: V515)
    night2 = _night(tmp_path, PS, "powerschool", {"students.txt": _ps_students("Nguyen, Lucsa")}, 6)
    assert night2.exit_status == api.EXIT_NOT_PUBLISHED
    ((guardian, student, file, line),) = _said(night2)
    assert guardian in before and (student, file, line) == ("5002", "students.txt", 3)


def test_powerschool_a_mother_taken_off_one_siblings_row_is_no_v557(tmp_path: Path) -> None:
    _night(tmp_path, PS, "powerschool", {"students.txt": _ps_students("Nguyen, Lucasa")}, 5)
    night2 = _night(tmp_path, PS, "powerschool", {"students.txt": _ps_students("")}, 6)
    assert "V557" not in night2.report.counts


AERIES = FIXTURES / "aeries" / "district"


def _aeries(tmp_path: Path, old: str, new: str, day: int) -> api.RunResult:
    """Aeries' CON.csv (no contact IDs: a parent is her name with an email or phone), with Rosa
    Ortega's row for Lucia (10002, CON.csv line 5) as `old` written `new`."""
    contacts = (AERIES / "in" / "CON.csv").read_text(encoding="utf-8")
    assert old in contacts
    return _night(tmp_path, AERIES, "aeries", {"CON.csv": contacts.replace(old, new)}, day)


ROSA_FOR_LUCIA = "10002,1,Ortega,Rosa,11,P,Y"


def test_aeries_a_row_naming_a_student_no_export_lists_is_v557_at_that_row(tmp_path: Path) -> None:
    """Lucia's row names 10003 tonight, whom no export lists: Rosa kept her other children and lost
    Lucia at exit 0 (V582, an info note at Rosa's first row). V557 now, and both at line 5."""
    _aeries(tmp_path, ROSA_FOR_LUCIA, ROSA_FOR_LUCIA, 5)
    night2 = _aeries(tmp_path, ROSA_FOR_LUCIA, ROSA_FOR_LUCIA.replace("10002", "10003"), 6)
    assert night2.exit_status == api.EXIT_NOT_PUBLISHED
    ((_, student, file, line),) = _said(night2)
    assert (student, file, line) == ("10002", "CON.csv", 5)
    assert "'10003' instead, whom no export lists" in night2.report.examples["V557"][0].message
    assert [(p.where.line, p.params["student"]) for p in night2.report.examples["V582"]] == [(5, "10003")]


def test_aeries_a_mothers_name_mistyped_on_one_childs_row_is_v557(tmp_path: Path) -> None:
    """Rossa for Rosa on Lucia's row: a parent new tonight of Rosa's email and phone takes Lucia."""
    _aeries(tmp_path, ROSA_FOR_LUCIA, ROSA_FOR_LUCIA, 5)
    night2 = _aeries(tmp_path, ROSA_FOR_LUCIA, ROSA_FOR_LUCIA.replace("Rosa", "Rossa"), 6)
    assert night2.exit_status == api.EXIT_NOT_PUBLISHED
    assert [(s, f, n) for _, s, f, n in _said(night2)] == [("10002", "CON.csv", 5)]


def test_aeries_a_mother_made_an_emergency_contact_for_one_child_is_no_v557(tmp_path: Path) -> None:
    _aeries(tmp_path, ROSA_FOR_LUCIA, ROSA_FOR_LUCIA, 5)
    night2 = _aeries(tmp_path, ROSA_FOR_LUCIA, "10002,1,Ortega,Rosa,20,E,N", 6)
    assert night2.exit_status == api.EXIT_PUBLISHED and "V557" not in night2.report.counts
