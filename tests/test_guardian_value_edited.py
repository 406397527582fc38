"""A parent's new value typed on some of her children's rows is published (tester69 P1).

PowerSchool keeps Mother_Email on each child's row. The office typed a mother's new email on two of
her three children's records; the rows merged into one guardian disagreed and the lower value, the
old address, was published, at exit 0 with a V550 warning, night after night. Now a value no row
gave when the last set was published is the edit and is published; the night it replaces the
published value while a row still gives the old one, X858 names that row (exit 1); the next nights,
the same exports publish the same value (V550, exit 0), whatever the order of the rows.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from tests.parent_columns import NOW, Parent, parents, run, write_district
from tests.test_parent_language import CONTACTS, powerschool, users
from tests.test_parent_language import run as language_run
from transform import api
from transform.pipeline import edited_values, gate

OLD, NEW = "mia@home.example.com", "new.mia@mail.example.com"  # the old one is the lower


def _night(folder: Path, mothers: list[Parent], *, reverse: bool = False) -> Path:
    """Three children of one mother (one row each, her values as `mothers` gives them) and father."""
    rows = [
        (str(n), mother, ("Park, Leo", "leo@home.example.com", "(608) 555-0200"), "H1")
        for n, mother in enumerate(mothers, start=1)
    ]
    return write_district(folder, reversed(rows) if reverse else rows, family="Park")


def _mother(out: Path) -> tuple[str, str]:
    [(_, email, phone, _)] = [p for p in parents(out) if p[1] != "leo@home.example.com"]
    return email, phone


def _mia(email: str = OLD, phone: str = "(608) 555-0100") -> Parent:
    return ("Park, Mia", email, phone)


def test_a_new_email_on_two_of_three_rows_is_published_and_stays(tmp_path: Path) -> None:
    """One engine: both share the guardian book (pipeline.derive), where the rule is; three nights."""
    out, engine = tmp_path / "out", "python"
    assert run(_night(tmp_path / "n1", [_mia()] * 3), out, engine).exit_status == 0
    edited = [_mia(NEW), _mia(NEW), _mia()]
    result = run(_night(tmp_path / "n2", edited), out, engine)
    assert _mother(out)[0] == NEW  # main: the old address, the lower one
    assert result.exit_status == 1 and "V550" not in result.report.examples
    [said] = result.report.examples["X858"]
    assert (said.where.file, said.where.line, said.where.column) == ("students.txt", 4, "Mother_Email")  # kid 3's row
    assert f"{NEW!r} (students.txt:2)" in str(said) and f"{OLD!r}" in str(said)
    # The same exports the next night, the rows in another order: the same value, at exit 0 (no flip back).
    again = run(_night(tmp_path / "n3", edited, reverse=True), out, engine)
    assert _mother(out)[0] == NEW and again.exit_status == 0 and "X858" not in again.report.examples
    [differ] = again.report.examples["V550"]
    assert "the one the last set published" in str(differ) and differ.where.column == "Mother_Email"


def test_a_new_phone_on_one_row_is_published(tmp_path: Path) -> None:
    """An edit typed on one child's record only (the lower number is the old one): published, named."""
    out = tmp_path / "out"
    assert run(_night(tmp_path / "n1", [_mia()] * 3), out, "python").exit_status == 0
    result = run(_night(tmp_path / "n2", [_mia(), _mia(phone="(608) 555-0199"), _mia()]), out, "python")
    assert _mother(out)[1] == "+16085550199" and result.exit_status == 1
    [said] = result.report.examples["X858"]
    assert said.where.column == "Mother_Home_Phone"


def test_a_first_set_keeps_the_lower_value(tmp_path: Path) -> None:
    """No last set to tell the edit by: the lower value, as before, at exit 0."""
    out = tmp_path / "out"
    result = run(_night(tmp_path / "n1", [_mia(NEW), _mia(NEW), _mia()]), out, "python")
    assert _mother(out)[0] == OLD and result.exit_status == 0 and "X858" not in result.report.examples
    [differ] = result.report.examples["V550"]
    assert "of the two, the lower is kept" in str(differ)


# --- review138: the rule's reach and its past ---------------------------------------------------------------
A, B, C = "mia@home.example.com", "new.mia@mail.example.com", "zmia@new.example.com"  # A < B < C


def _kids(folder: Path, emails: list[str]) -> Path:
    """Children 1, 2, ... of Mia Park, each row giving her the email at its place."""
    return _night(folder, [_mia(email) for email in emails])


def test_a_new_sibling_with_an_old_email_is_no_edit_nor_is_a_value_given_before(tmp_path: Path) -> None:
    """R4: a sibling new tonight whose row gives a value no old row gives is no edit (an outdated form:
    round one published it with X858); what the rows gave before stays remembered while the rows agree,
    so a row giving it again later is no edit either."""
    out = tmp_path / "out"
    assert run(_kids(tmp_path / "n1", [B, B]), out, "python").exit_status == 0
    result = run(_kids(tmp_path / "n2", [B, B, A]), out, "python")  # child 3 new, with the old address
    assert _mother(out)[0] == B and result.exit_status == 0 and "X858" not in result.report.examples
    assert run(_kids(tmp_path / "n3", [B, B, B]), out, "python").exit_status == 0  # the office fixed child 3
    result = run(_kids(tmp_path / "n4", [B, A, B]), out, "python")  # child 2's row back to the old address
    assert _mother(out)[0] == B and result.exit_status == 0 and "X858" not in result.report.examples


def test_several_new_values_are_said_at_exit_1(tmp_path: Path) -> None:
    """R5: two old rows give C, a new sibling's row A, none the published B: no value is clearly the new
    one: said (X858's words for it, exit 1), never A called 'the new one'."""
    out = tmp_path / "out"
    assert run(_kids(tmp_path / "n1", [B, B]), out, "python").exit_status == 0
    result = run(_kids(tmp_path / "n2", [C, C, A]), out, "python")
    assert _mother(out)[0] == C and result.exit_status == 1
    [said] = result.report.examples["X858"]
    assert "none is clearly the parent's new one" in str(said) and said.where.line == 4
    assert "V550" not in result.report.examples


def test_no_record_of_the_values_keeps_the_published_one(tmp_path: Path) -> None:
    """R2: a last.json of a version before (no guardian_values) is no 'the rows agreed': the value
    published is kept while a row gives it (round one published the other as the edit, X858)."""
    out = tmp_path / "out"
    assert run(_kids(tmp_path / "n1", [A, B, B]), out, "python").exit_status == 0  # the lower, A
    last = gate.state_folder(out) / "last.json"
    record = json.loads(last.read_text(encoding="utf-8"))
    del record["guardian_values"]
    last.write_text(json.dumps(record), encoding="utf-8")
    result = run(_kids(tmp_path / "n2", [A, B, B]), out, "python")
    assert _mother(out)[0] == A and result.exit_status == 0 and "X858" not in result.report.examples


def test_the_state_is_not_read_against_another_set(tmp_path: Path) -> None:
    """R3: --previous names a set that is not OUT's own: OUT's record is not of it (unknown): the value
    that set published is kept while a row gives it (round one took B as the edit by OUT's record)."""
    other, out = tmp_path / "other", tmp_path / "out"
    assert run(_kids(tmp_path / "p1", [B, B, A]), other, "python").exit_status == 0  # the lower, A
    assert run(_kids(tmp_path / "n1", [A, A, A]), out, "python").exit_status == 0
    options = api.RunOptions(
        in_dir=_kids(tmp_path / "n2", [B, B, A]),
        out_dir=out,
        engine="python",
        profile="powerschool",
        as_of=dt.date(2026, 10, 15),
        now=NOW,
        previous=other,
    )
    result = api.run(options)
    assert _mother(out)[0] == A and "X858" not in result.report.examples


def test_a_contacts_other_phone_is_no_edit_nor_a_column_other_than_a_point(tmp_path: Path) -> None:
    """R1: a SIS contact's Work number added to her Mobile (two phone rows of one contact) is a list of
    numbers, the mobile kept (V551, exit 0; round one published the Work number, X858). R7: a home
    language that changed on one child's row keeps the old rule (the lower), no X858."""
    folder = tmp_path / "n1"
    shutil.copytree(CONTACTS, folder)
    added = (CONTACTS / "contacts.csv").read_text(encoding="utf-8-sig").splitlines()
    (folder / "contacts.csv").write_text("\n".join(r for r in added if not r.startswith("C100,,,,,Work")) + "\n")
    out = tmp_path / "out"
    assert run(folder, out, "python").exit_status == 0
    result = run(CONTACTS, out, "python")
    rose = [r for r in parents(out) if r[0] == "GC100"]
    assert rose[0][2] == "+16085550101" and "X858" not in result.report.examples and "V551" in result.report.examples
    mobiles = tmp_path / "n3"  # her second number a Mobile too, on a row naming a child: still her list
    shutil.copytree(CONTACTS, mobiles)
    work = "C100,,,,,Work,608-555-0102,,,,,,,"
    assert work in added
    mobile = "C100,,,,,Mobile,608-555-0102,,1001,1,Mother,1,1,1"
    (mobiles / "contacts.csv").write_text("\n".join(mobile if r == work else r for r in added) + "\n")
    result = run(mobiles, out, "python")
    rose = [r for r in parents(out) if r[0] == "GC100"]
    assert rose[0][2] == "+16085550101" and "X858" not in result.report.examples and "V551" in result.report.examples
    rows = tmp_path / "rows"
    assert (
        language_run(powerschool(rows, {"1001": "Spanish", "1002": "Spanish"}, contacts=False), rows / "o").exit_status
        == 0
    )
    result = language_run(
        powerschool(rows / "2", {"1001": "Vietnamese", "1002": "Spanish"}, contacts=False), rows / "o"
    )
    assert "X858" not in result.report.examples and result.exit_status == 0
    [rose] = [r for r in users(rows / "o").values() if r["givenName"] == "Rose" and r["role"] != "student"]
    assert rose["metadata.preferredLanguage"] == "es"


def test_a_phone_of_a_worse_kind_never_wins() -> None:
    """R1: of a mobile (the book's choice) and a landline no row gave before, the mobile stays."""
    mobile, landline = "\x01+16085550101", "\x03+16085550199"
    past = edited_values.Past("+16085550101", frozenset({edited_values.value_hash("+16085550101")}), frozenset("1"))
    choice = edited_values.choose({mobile: {"1"}, landline: {"1"}}, mobile, past, lambda v: v[1:])
    assert choice.value == mobile and not choice.replaced
