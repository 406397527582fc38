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


def _previous(folder: Path, out: Path, previous: Path) -> api.RunResult:
    options = api.RunOptions(
        in_dir=folder,
        out_dir=out,
        engine="python",
        profile="powerschool",
        as_of=dt.date(2026, 10, 15),
        now=NOW,
        previous=previous,
    )
    return api.run(options)


def test_a_new_email_on_two_of_three_rows_is_published_and_stays(tmp_path: Path) -> None:
    """One engine: both share the guardian book (pipeline.derive), where the rule is. The nights of one
    district shared by the asserts of review142 (R1, R2, R4: each a night or two on the same sets)."""
    out, engine = tmp_path / "out", "python"
    assert run(_night(tmp_path / "n1", [_mia()] * 3), out, engine).exit_status == 0
    backup = shutil.copytree(out, tmp_path / "backup")  # the n1 set, copied by hand: no state folder beside it
    edited = [_mia(NEW), _mia(NEW), _mia()]
    n2 = _night(tmp_path / "n2", edited)
    result = run(n2, out, engine)
    assert _mother(out)[0] == NEW  # main: the old address, the lower one
    assert result.exit_status == 1 and "V550" not in result.report.examples
    [said] = result.report.examples["X858"]
    assert (said.where.file, said.where.line, said.where.column) == ("students.txt", 4, "Mother_Email")  # kid 3's row
    assert f"{NEW!r} (students.txt:2)" in str(said) and f"{OLD!r}" in str(said)
    # R3: the clerk is told the parent, which children's records give which value, and what to type
    assert "email of Mia Park" in str(said) and "the record of student 3 still give" in str(said)
    assert "enter it on the record of student 3 too" in str(said)
    # R4: a record whose published hash is not the set's value is of another set: unknown
    fact = edited_values.recorded(json.loads((gate.state_folder(out) / "last.json").read_text(encoding="utf-8")))
    assert fact is not None
    [(mia, _)] = fact.items()
    assert edited_values.pasts(out / "users.csv", {mia}, ["email"], fact)[mia]["email"].known
    swapped = {mia: {"email": [edited_values.value_hash(OLD), edited_values.value_hash(NEW)]}}
    unknown = edited_values.pasts(out / "users.csv", {mia}, ["email"], swapped)[mia]["email"]
    assert unknown.known is None and unknown.stale  # not the set's record: tonight's others not 'given before'
    # R1: a fresh OUT with --previous naming this one reads the state beside it: the edit stays, exit 0
    fresh = _previous(n2, tmp_path / "fresh", out)
    assert _mother(tmp_path / "fresh")[0] == NEW and fresh.exit_status == 0 and "X858" not in fresh.report.examples
    # The same exports the next night, the rows in another order: the same value, at exit 0 (no flip back).
    again = run(_night(tmp_path / "n3", edited, reverse=True), out, engine)
    assert _mother(out)[0] == NEW and again.exit_status == 0 and "X858" not in again.report.examples
    [differ] = again.report.examples["V550"]
    assert "the one the last set published" in str(differ) and differ.where.column == "Mother_Email"
    # R2: kid 1's row now gives C, no row the published NEW: the published value changes: X858, exit 1
    c = "zmia@new.example.com"
    moved = run(_night(tmp_path / "n4", [_mia(c), _mia(), _mia()]), out, engine)
    assert _mother(out)[0] == c and moved.exit_status == 1  # main: OLD, the lower
    [said] = moved.report.examples["X858"]
    assert f"replaces {NEW!r}, which the last set published and no child's record gives now" in str(said)
    # R1: OUT restored from the n1 backup named with --previous: its past unknown: the backup's OLD (the
    # lower too) kept at exit 0, and only it recorded: the next night takes NEW as the edit (X858).
    shutil.rmtree(out)
    restored = _previous(n2, out, backup)
    assert _mother(out)[0] == OLD and restored.exit_status == 0
    after = run(n2, out, engine)
    assert _mother(out)[0] == NEW and after.exit_status == 1 and "X858" in after.report.examples


def test_the_last_sets_value_kept_with_its_past_unknown_is_said() -> None:
    """R1: a past unknown (a set restored or named with --previous, no state beside it): the last set's
    value kept while a row gives it; where it is not the lower (the rule before: main's value), X858 says
    so at exit 1, and the other value is not remembered as given before."""
    old, new = "\x00zmia@home.example.com", "\x00mia.new@mail.example.com"
    past = edited_values.Past("zmia@home.example.com", None, frozenset({"1", "2", "3"}))
    choice = edited_values.choose({old: {"3"}, new: {"1", "2"}}, new, past, lambda v: v[1:])
    assert choice.value == old and choice.unsure
    words = edited_values.said(old[1:], new[1:], "email", choice, {old[1:]: {"3"}, new[1:]: {"1", "2"}})
    assert words is not None and "the next night publishes it" in words["why"]
    lower = edited_values.choose({old: {"3"}, new: {"1", "2"}}, new, past._replace(last=new[1:]), lambda v: v[1:])
    assert lower.value == new and not lower.unsure  # the lower, as main: nothing said


def test_a_new_phone_on_one_row_is_published(tmp_path: Path) -> None:
    """An edit typed on one child's record only (the lower number is the old one): published, named."""
    out = tmp_path / "out"
    assert run(_night(tmp_path / "n1", [_mia()] * 3), out, "python").exit_status == 0
    result = run(_night(tmp_path / "n2", [_mia(), _mia(phone="(608) 555-0199"), _mia()]), out, "python")
    assert _mother(out)[1] == "+16085550199" and result.exit_status == 1
    [said] = result.report.examples["X858"]
    assert said.where.column == "Mother_Home_Phone"


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
    several = tmp_path / "several"  # R5 below, from the same first night
    shutil.copytree(out, several)
    shutil.copytree(gate.state_folder(out), gate.state_folder(several))
    result = run(_kids(tmp_path / "n2", [B, B, A]), out, "python")  # child 3 new, with the old address
    assert _mother(out)[0] == B and result.exit_status == 0 and "X858" not in result.report.examples
    assert run(_kids(tmp_path / "n3", [B, B, B]), out, "python").exit_status == 0  # the office fixed child 3
    result = run(_kids(tmp_path / "n4", [B, A, B]), out, "python")  # child 2's row back to the old address
    assert _mother(out)[0] == B and result.exit_status == 0 and "X858" not in result.report.examples
    # R5: two old rows give C, a new sibling's row A, none the published B: no value is clearly the new one:
    # said (X858's words for it, exit 1), never A called 'the new one'.
    result = run(_kids(tmp_path / "s2", [C, C, A]), several, "python")
    assert _mother(several)[0] == C and result.exit_status == 1
    [said] = result.report.examples["X858"]
    assert "none is clearly the parent's new one" in str(said) and said.where.line == 4
    assert "V550" not in result.report.examples


def test_a_first_set_no_record_and_another_sets_record(tmp_path: Path) -> None:
    """A first set: no last set to tell the edit by: the lower value, as before, at exit 0. R2: a last.json
    of a version before (no guardian_values) is no 'the rows agreed': the value published is kept while a
    row gives it (round one published the other as the edit, X858). R3: --previous names a set that is not
    OUT's own: that set's own record (beside it) is read, not OUT's (round one took B as the edit by OUT's
    record): the value it published kept while a row gives it."""
    other, old = tmp_path / "other", tmp_path / "old"
    result = run(_kids(tmp_path / "p1", [B, B, A]), other, "python")
    assert _mother(other)[0] == A and result.exit_status == 0 and "X858" not in result.report.examples
    [differ] = result.report.examples["V550"]
    assert "of the two, the lower is kept" in str(differ)
    shutil.copytree(other, old)
    shutil.copytree(gate.state_folder(other), gate.state_folder(old))
    last = gate.state_folder(old) / "last.json"
    record = json.loads(last.read_text(encoding="utf-8"))
    del record["guardian_values"]
    last.write_text(json.dumps(record), encoding="utf-8")
    p2 = _kids(tmp_path / "p2", [A, B, B])
    result = run(p2, old, "python")
    assert _mother(old)[0] == A and result.exit_status == 0 and "X858" not in result.report.examples
    # the upgrade night's set is last night's: what its rows gave is recorded, so the next night takes no
    # value of them for an edit (review142's s2: B, on two rows, published with X858 by round three's first cut)
    result = run(p2, old, "python")
    assert _mother(old)[0] == A and result.exit_status == 0 and "X858" not in result.report.examples
    out = tmp_path / "out"
    assert run(_kids(tmp_path / "n1", [A, A, A]), out, "python").exit_status == 0
    result = _previous(_kids(tmp_path / "n2", [B, B, A]), out, other)
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
