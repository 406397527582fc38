"""Guardians from a separate contacts file whose rows are not what the profile expects (tester56):
a contact with a blank type (F1), a link naming a kept student with other leading zeros or letter
case (F2), one contact ID written two ways by siblings' rows (F4), a guardian flag of no known
form (F3). Each is said with a code; none is published as a guardian quietly, nor dropped as an
emergency contact."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api

IC = FIXTURES / "infinite-campus" / "district"
CLEVER = FIXTURES / "clever" / "district"
IC_CONTACTS = "personID,contactPersonID,firstName,lastName,relationship,guardian,seq,email,cellPhone,homePhone\n"


def _exports(tmp_path: Path, fixture: Path, files: dict[str, str]) -> Path:
    exports = tmp_path / "in"
    shutil.copytree(fixture / "in", exports, dirs_exist_ok=True)
    for name, text in files.items():
        (exports / name).write_text(text, encoding="utf-8")
    return exports


def _users(out: Path) -> list[str]:
    return (out / "users.csv").read_text(encoding="utf-8").splitlines()


def _ic(tmp_path: Path, contacts: str, out: str = "out", **options: object) -> api.RunResult:
    exports = _exports(tmp_path, IC, {"contacts.csv": IC_CONTACTS + contacts})
    return api.run(
        api.RunOptions(
            profile="infinite-campus",
            in_dir=exports,
            out_dir=tmp_path / out,
            as_of=dt.date(2026, 10, 5),
            **options,  # type: ignore[arg-type]
        )
    )


CLEVER_CONTACTS = """student_id,contact_id,first_name,last_name,type,relationship,phone,phone_type,email
S1001,C501,Mai,Nguyen,Parent/Guardian,Mother,(555) 201-3344,cell,mai.nguyen@example.com
S1001,C502,Thu,Tran,,Emergency Contact,555-201-9999,home,thu.tran@example.com
S2003,C700,Lucia,Garcia,Parent/Guardian,Mother,555 201 7788,cell,
S2003,C701,Pedro,Ruiz,,Doctor,555 201 0000,work,dr.ruiz@example.com
S2002,C702,Ngozi,Okafor,,Emergencia,555 201 1111,cell,
S2002,C703,Ada,Okafor,,Grandparent,555 201 2222,cell,ada@example.com
S1002,C610,Daniel,Smith,,Father,5552014455,cell,dan.smith@example.com
S1002,C611,Marta,Smith,,Madre,5552014466,cell,marta.smith@example.com
"""


def test_clever_contact_with_a_blank_type_is_judged_by_its_relationship(tmp_path: Path) -> None:
    """F1: a blank type made a guardian of an emergency contact and the family doctor. Now the
    relationship decides: a father is a parent, an emergency contact or a doctor is none (F409), a
    relationship the profile cannot place is a warning naming it (F424). Both engines agree."""
    exports = _exports(tmp_path, CLEVER, {"contacts.csv": CLEVER_CONTACTS})
    python, _ = both_engines(
        tmp_path / "runs", profile=str(CLEVER / "district.yaml"), in_dir=exports, as_of=dt.date(2026, 10, 15)
    )
    assert python.exit_status == api.EXIT_PUBLISHED
    users = _users(tmp_path / "runs" / "python")
    guardians = sorted(line.split(",")[0] for line in users if ",parent," in line or ",guardian," in line)
    assert guardians == ["GC501", "GC610", "GC611", "GC700"]  # Madre: a mother (contacts47's leftover)
    emergency = sorted(p.params["value"] for p in python.report.examples["F409"])
    assert emergency == ["|Doctor", "|Emergencia", "|Emergency Contact"]
    unknown = python.report.examples["F424"]
    assert [(p.where.file, p.where.line, p.params["value"]) for p in unknown] == [("contacts.csv", 7, "|Grandparent")]


def test_a_link_naming_a_kept_student_with_other_zeros_is_v608_not_a_note(tmp_path: Path) -> None:
    """F2: Rosa Castillo's row names student 051301, the students export 51301: her only child's
    link was dropped with an info note (F413) and she vanished at exit 0. Now it is V608, an error
    counted as a guardian lost."""
    first = _ic(
        tmp_path,
        "051301,60020,Rosa,Castillo,Mother,1,1,,,555 730 3030\n"
        "51234,60010,Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n"
        "051235,60010,Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n",
    )
    assert "F413" not in first.report.counts and "V582" not in first.report.counts
    found = sorted((p.params["value"], p.params["twin"], p.params["how"]) for p in first.report.examples["V608"])
    assert found == [("051235", "51235", "leading zeros"), ("051301", "51301", "leading zeros")]
    assert first.report.counts["V608"] == 2


def test_a_published_parent_removed_for_a_link_written_otherwise_is_x981(tmp_path: Path) -> None:
    """F2 on a later night: the parent of the last set whom the link written otherwise leaves with
    no student is removed for a data problem: published, but exit 1 (X981), never exit 0."""
    both = "51234,60010,Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n"
    night1 = _ic(tmp_path, both + "51301,60020,Rosa,Castillo,Mother,1,1,,,555 730 3030\n")
    assert night1.exit_status == api.EXIT_PUBLISHED
    night2 = _ic(tmp_path, both + "051301,60020,Rosa,Castillo,Mother,1,1,,,555 730 3030\n", allow_rollover=True)
    assert night2.exit_status == api.EXIT_NOT_PUBLISHED
    assert "G60020" in str(night2.report.examples["X981"][0])


@pytest.mark.parametrize(("mason", "harper"), [("060010", "60010"), ("60010", "060010")])
def test_one_contact_id_written_two_ways_is_said_and_exits_1(tmp_path: Path, mason: str, harper: str) -> None:
    """F4: siblings' rows write Jessica Whitfield's contact ID 60010 and 060010; she was published
    twice, the second copy one Remind does not create, at exit 0. Now V552 names both, exit 1,
    whichever row comes first."""
    result = _ic(
        tmp_path,
        f"51234,{harper},Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n"
        f"51235,{mason},Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n",
    )
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert result.report.published
    (said,) = result.report.examples["V552"]
    assert said.params["twin"] in {"G60010", "G060010"} and "jessica whitfield" in said.message
    assert said.params["how"] == "leading zeros"


def test_two_contacts_whose_ids_differ_by_zeros_but_not_by_name_are_two_people(tmp_path: Path) -> None:
    """V552 needs the same name: contact IDs 60010 and 060010 of two people are not said."""
    result = _ic(
        tmp_path,
        "51234,60010,Jessica,Whitfield,Mother,1,1,jess.whitfield@example.com,(555) 730-1010,\n"
        "51235,060010,Ana,Lopez,Mother,1,1,ana@example.com,(555) 730-4040,\n",
    )
    assert result.exit_status == api.EXIT_PUBLISHED
    assert "V552" not in result.report.counts


@pytest.mark.parametrize("flag", ["-1", "Sí", "checked"])
def test_a_guardian_flag_of_no_known_form_is_a_warning_not_an_emergency_contact(tmp_path: Path, flag: str) -> None:
    """F3: IC's guardian flag -1 (Access writes true so), Sí or checked dropped the parent as an
    emergency contact (F409, a note). Still not published, but said as F424 naming the value."""
    result = _ic(
        tmp_path,
        f"51301,60020,Rosa,Castillo,Mother,{flag},1,,,555 730 3030\n"
        "51234,60011,Tom,Whitfield,Father,0,3,,(555) 730-2020,\n",
    )
    assert [p.params["value"] for p in result.report.examples["F424"]] == [flag]
    assert [p.params["value"] for p in result.report.examples["F409"]] == ["0"]


def test_a_link_to_a_withdrawn_student_named_exactly_is_no_v608_beside_a_twin(tmp_path: Path) -> None:
    """A student 051301 the export lists and the run leaves out (withdrawn) is named exactly by
    her parent's row: no ID written two ways, though 51301 is kept (the follow-on note, V582)."""
    students = (IC / "in" / "students.csv").read_text(encoding="utf-8")
    withdrawn = "051301,1100999,0410,Castillo,Ana,,02,01/02/2019,,08/20/2026,09/18/2026,P,Spanish\n"
    exports = _exports(
        tmp_path,
        IC,
        {
            "students.csv": students + withdrawn,
            "contacts.csv": IC_CONTACTS + "051301,60020,Rosa,Castillo,Mother,1,1,,,555 730 3030\n"
            "51301,60020,Rosa,Castillo,Mother,1,1,,,555 730 3030\n",
        },
    )
    result = api.run(
        api.RunOptions(profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 5))
    )
    assert "V608" not in result.report.counts
    assert [p.params["student"] for p in result.report.examples["V582"]] == ["051301"]


MAI_TWO_ROWS = """student_id,contact_id,first_name,last_name,type,relationship,phone,phone_type,email
S1001,C501,Mai,Nguyen,Parent/Guardian,Mother,(555) 201-3344,cell,mai.nguyen@example.com
s1002,C501,Mai,Nguyen,Parent/Guardian,Mother,(555) 201-3344,cell,mai.nguyen@example.com
"""


def test_v608_of_a_guardian_link_names_the_row_whose_link_is_written_otherwise(tmp_path: Path) -> None:
    """Mai Nguyen's second row writes S1002 as s1002: V608 pointed at her first row (S1001's, the
    row of her lowest student, which is right), not the row to fix (contacts47's leftover). It
    names line 3 now."""
    exports = _exports(tmp_path, CLEVER, {"contacts.csv": MAI_TWO_ROWS})
    result = api.run(
        api.RunOptions(
            profile=str(CLEVER / "district.yaml"), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
        )
    )
    (said,) = result.report.examples["V608"]
    assert (said.where.file, said.where.line, said.params["value"]) == ("contacts.csv", 3, "s1002")
