"""Clever's contacts.csv with its `type` column renamed (tester66 F1). Dan Berg is the guardian
(Parent/Guardian) of Ava and, without custody of Liam, only his Secondary contact. With `type`
gone every row read it blank: the keep-out conditions passed them all, and Liam was added to
Dan's agentSourcedIds at exit 0. Every user was in the last set, so the gate that looked only at
new users (X936) said nothing: only the new link was new. Now the new link is refused (X936), and
a header that is plainly the column under a longer name (`contact_type`), or that holds the
values its conditions list (`kind`: Parent/Guardian, Secondary), is X990 as a misspelling is."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api

FILES = {
    "schools.csv": "School_id,School_name,School_number\n101,Alder Elementary,101\n",
    "students.csv": (
        "School_id,Student_id,Student_number,First_name,Last_name,Grade\n"
        "101,1001,1001,Ava,Berg,3\n101,1002,1002,Liam,Berg,4\n101,1003,1003,Mia,Chen,2\n"
    ),
    "teachers.csv": "School_id,Teacher_id,Teacher_number,First_name,Last_name,Teacher_email\n"
    "101,900,900,Joan,Ford,joan.ford@staff.example.org\n",
    "sections.csv": (
        "School_id,Section_id,Teacher_id,Name,Term_name,Term_start,Term_end\n"
        "101,7001,900,Grade 3,Year,08/17/2026,06/04/2027\n101,7002,900,Grade 4,Year,08/17/2026,06/04/2027\n"
        "101,7003,900,Grade 2,Year,08/17/2026,06/04/2027\n"
    ),
    "enrollments.csv": "School_id,Section_id,Student_id\n101,7001,1001\n101,7002,1002\n101,7003,1003\n",
}
CONTACTS = [
    "contact_id,student_id,first_name,last_name,type,relationship,phone,email",
    "5001,1001,Kate,Berg,Parent/Guardian,Mother,608-555-0101,kate@mail.example.com",
    "5001,1002,Kate,Berg,Parent/Guardian,Mother,608-555-0101,kate@mail.example.com",
    "5002,1001,Dan,Berg,Parent/Guardian,Father,608-555-0102,dan@mail.example.com",
    "5002,1002,Dan,Berg,Secondary,Father,608-555-0102,dan@mail.example.com",
    "5003,1003,Sue,Chen,Parent/Guardian,Mother,608-555-0103,sue@mail.example.com",
]


def district(folder: Path, contacts: list[str], header: str = "type") -> Path:
    """The district with contacts.csv's `type` header renamed `header` ("": the column dropped)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = [contacts[0].replace(",type,", f",{header},"), *contacts[1:]]
    if not header:
        lines = [",".join(c for i, c in enumerate(line.split(",")) if i != 4) for line in contacts]
    (folder / "contacts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run(folder: Path, out: Path, as_of: str) -> api.RunResult:
    return api.run(api.RunOptions(profile="clever", in_dir=folder, out_dir=out, as_of=dt.date.fromisoformat(as_of)))


def agents(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8") as handle:
        return {u["sourcedId"]: u["agentSourcedIds"] for u in csv.DictReader(handle) if u["role"] == "parent"}


def test_with_the_type_column_the_father_without_custody_is_the_guardian_of_one_child(tmp_path: Path) -> None:
    result = run(district(tmp_path / "in", CONTACTS), tmp_path / "out", "2026-11-10")
    assert result.exit_status == 0
    assert agents(tmp_path / "out")["G5002"] == "1001"


@pytest.mark.parametrize("renamed", ["", "kind", "contact_kind"])
def test_type_gone_refuses_the_new_link_of_a_known_parent(tmp_path: Path, renamed: str) -> None:
    """Dropped (no header holds the types: X936 alone) or renamed unlike it (X990 beside it)."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "in", CONTACTS), out, "2026-11-10").exit_status == 0
    result = run(district(tmp_path / "in", CONTACTS, renamed), out, "2026-11-11")
    assert result.exit_status == 1
    assert [p.code.id for p in result.problems] == (["X990", "X936"] if renamed else ["X936"])
    stop = result.problems[-1]
    assert "1 guardian link the last published set did not hold" in stop.message
    assert "G5002 (Dan Berg, parent, now linked to 1002)" in stop.message
    assert agents(out)["G5002"] == "1001"  # the last set stands


@pytest.mark.parametrize("renamed", ["contact_type", "Contact Type", "ContactType"])
def test_type_under_a_longer_name_is_a_renamed_column(tmp_path: Path, renamed: str) -> None:
    """Refused on a first set too: X990 needs no last set."""
    result = run(district(tmp_path / "in", CONTACTS, renamed), tmp_path / "out", "2026-11-10")
    assert result.exit_status == 1 and "X990" in result.report.counts
    assert not (tmp_path / "out" / "users.csv").exists()
    stop = next(p for p in result.problems if p.code.id == "X990")
    assert f"has {renamed!r}" in stop.message


def test_nothing_new_tonight_without_the_column_publishes(tmp_path: Path) -> None:
    """The column gone, and no user nor link new: the set is the last one; no false refusal."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "in", CONTACTS), out, "2026-11-10").exit_status == 0
    same = [line for line in CONTACTS if ",Secondary," not in line]
    assert run(district(tmp_path / "in", same), out, "2026-11-11").exit_status == 0
    result = run(district(tmp_path / "in", same, ""), out, "2026-11-12")
    assert result.exit_status == 0 and "X936" not in result.report.counts and "I260" in result.report.counts


def test_a_new_child_of_a_known_parent_with_the_column_there_publishes(tmp_path: Path) -> None:
    """An ordinary night: Sue's second child enrols, her link is new, the type column is there."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "in", CONTACTS), out, "2026-11-10").exit_status == 0
    folder = district(tmp_path / "in", [*CONTACTS, "5003,1002,Sue,Chen,Parent/Guardian,Mother,608-555-0103,"])
    result = run(folder, out, "2026-11-11")
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert agents(out)["G5003"] == "1002,1003"


@pytest.mark.parametrize("renamed", ["kind", "contact_kind"])
def test_type_renamed_unlike_it_is_told_by_its_values_on_a_first_set(tmp_path: Path, renamed: str) -> None:
    """No last set to tell a new link: the header holding Parent/Guardian, Secondary and
    Emergency, the values the keep-out conditions list, is the column renamed (X990)."""
    result = run(district(tmp_path / "in", CONTACTS, renamed), tmp_path / "out", "2026-11-10")
    assert result.exit_status == 1 and "X990" in result.report.counts
    stop = next(p for p in result.problems if p.code.id == "X990")
    assert f"has {renamed!r}" in stop.message
    assert not (tmp_path / "out" / "users.csv").exists()


def test_a_contacts_export_that_never_had_the_type_column_publishes_a_first_set(tmp_path: Path) -> None:
    """No header holds the types: the export never had them. The contacts are judged by their
    relationship (the blank-type conditions), I260 says the column is gone; no refusal."""
    result = run(district(tmp_path / "in", CONTACTS, ""), tmp_path / "out", "2026-11-10")
    assert result.exit_status == 0 and "X990" not in result.report.counts and "I260" in result.report.counts


def test_a_sibling_enrolling_where_contacts_never_had_the_type_column_publishes(tmp_path: Path) -> None:
    """Reviewer65 F7: the column was in no export of the last set, so nothing left tonight; Sue's
    second child enrolling (a new link of a known parent) is an ordinary night, not X936."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "in", CONTACTS, ""), out, "2026-11-10").exit_status == 0
    sibling = [*CONTACTS, "5003,1002,Sue,Chen,Parent/Guardian,Mother,608-555-0103,"]
    result = run(district(tmp_path / "in", sibling, ""), out, "2026-11-11")
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert "X936" not in result.report.counts and "I260" in result.report.counts
    assert agents(out)["G5003"] == "1002,1003"


def test_a_new_parent_where_contacts_never_had_the_type_column_is_still_refused(tmp_path: Path) -> None:
    """A user the last set did not hold is judged as before: nothing tells whether the keep-out
    condition would have left her out."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "in", CONTACTS, ""), out, "2026-11-10").exit_status == 0
    newcomer = [*CONTACTS, "5009,1003,Ray,Chen,Secondary,Father,608-555-0109,"]
    result = run(district(tmp_path / "in", newcomer, ""), out, "2026-11-11")
    assert result.exit_status == 1 and "X936" in result.report.counts


def with_column(contacts: list[str], header: str, values: list[str]) -> list[str]:
    """The contacts with a column `header` added, holding `values` row by row."""
    return [f"{contacts[0]},{header}", *(f"{line},{value}" for line, value in zip(contacts[1:], values, strict=True))]


def test_the_type_of_the_email_is_not_the_contact_type_never_there(tmp_path: Path) -> None:
    """Reviewer65 F4: email_type (Primary, Other) beside email is the email's type, by its name
    and by its values; the export never had `type`: I260, published."""
    contacts = with_column(CONTACTS, "email_type", ["Primary", "Other", "Primary", "Primary", "Other"])
    result = run(district(tmp_path / "in", contacts, ""), tmp_path / "out", "2026-11-10")
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert "X990" not in result.report.counts and "I260" in result.report.counts


def test_a_column_the_last_set_never_had_is_not_looked_for_under_another_name(tmp_path: Path) -> None:
    """Reviewer65 F4: a household column holding Primary and Other, in an export that never had
    `type`. A first set cannot tell it from the column renamed and is refused (X990) until a
    person publishes it (--allow-incomplete); the last set's export had no `type`, so later
    nights do not look for it and publish."""
    contacts = with_column(CONTACTS, "household", ["Primary", "Other", "Primary", "Primary", "Other"])
    folder, out = district(tmp_path / "in", contacts, ""), tmp_path / "out"
    assert run(folder, out, "2026-11-10").exit_status == 1
    options = api.RunOptions(
        profile="clever", in_dir=folder, out_dir=out, as_of=dt.date(2026, 11, 10), allow_incomplete=True
    )
    allowed = api.run(options)  # published, but the flag's refusal said (F453)
    assert allowed.report.published and allowed.exit_status == 1 and "F453" in allowed.report.counts
    result = run(folder, out, "2026-11-11")
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert "X990" not in result.report.counts and "I260" in result.report.counts


def test_type_renamed_after_a_set_that_had_it_is_still_told_by_its_values(tmp_path: Path) -> None:
    """The last set's export had `type`: tonight's `kind` holding its values is the column renamed."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "in", CONTACTS), out, "2026-11-10").exit_status == 0
    same = [line for line in CONTACTS if ",Secondary," not in line]
    assert run(district(tmp_path / "in", same), out, "2026-11-11").exit_status == 0
    result = run(district(tmp_path / "in", CONTACTS, "kind"), out, "2026-11-12")
    assert result.exit_status == 1 and "X990" in result.report.counts
