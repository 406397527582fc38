"""A parent's new value typed on most of her children's rows is published (tester69 P1, review149).

PowerSchool keeps Mother_Email on each child's row. The office typed a mother's new email on two of
her three children's records; the rows merged into one guardian disagreed and the lower value, the
old address, was published, at exit 0 with a V550 warning, night after night. Now, when every row of
the parent gave the value the last set published and tonight most of the same children's rows give
one new value (no blank row, no child new tonight), the new value is published: X858 the night it
replaces the published one (exit 1), V550 the nights after, whatever the order of the rows. Any
other night is the book's own choice (the lower), exactly as before (pipeline.edited_values).
Five runs in all: the nights of one district are shared by the asserts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

from tests.parent_columns import NOW, Parent, parents, run, write_district
from transform import api
from transform.pipeline import edited_values, gate

AS_OF = dt.date(2026, 10, 15)

OLD, NEW = "mia@home.example.com", "new.mia@mail.example.com"  # the old one is the lower
A, Z = "ann@home.example.com", "zann@new.example.com"
K, N = "kim@home.example.com", "zkim@new.example.com"
E, F = "eve@home.example.com", "zeve@new.example.com"
FAMILIES = {"Mia": ("Leo", "H1"), "Ann": ("Tom", "H2"), "Kim": ("Joe", "H3"), "Eve": ("Max", "H4")}


def _night(folder: Path, rows: list[tuple[str, str, str]], *, reverse: bool = False) -> Path:
    """One row per child: (number, mother's given name, her email), the father and household hers."""
    made = []
    for number, mother, email in rows:
        father, household = FAMILIES[mother]
        leo: Parent = (f"Park, {father}", f"{father.lower()}@home.example.com", "(608) 555-0200")
        made.append((number, (f"Park, {mother}", email, "(608) 555-0100"), leo, household))
    return write_district(folder, reversed(made) if reverse else made, family="Park")


def _emails(out: Path) -> tuple[str, ...]:
    """Mia's, Ann's, Kim's and Eve's emails as published."""
    found = {p[1].split("@")[0][-3:]: p[1] for p in parents(out)}
    return found["mia"], found["ann"], found["kim"], found["eve"]


def test_an_edit_on_most_rows_is_published_and_a_blank_or_new_row_changes_nothing(tmp_path: Path) -> None:
    """Mia: NEW on two of her three children's rows after every row gave OLD: NEW published (main: OLD),
    X858 naming child 3's row, then V550 at exit 0 in any row order. Ann (review149 R1): tonight child 4's
    row gives no email, 5's Z, 7's A: A stays (one row of three gives Z), the blank row before and after
    the others, on both engines (who gave what recorded row by row, a blank row telling that nothing can
    be told; round four credited child 4's blank row with the value of the row after it). Kim: 8's and
    9's rows give N, 10's, new tonight, the old K: K stays (no telling the edit). Eve: 12's row was blank
    last night: the past is not complete: E stays (the lower) though 12's and 13's rows give F."""
    out = tmp_path / "out"
    kim = [("8", "Kim", K), ("9", "Kim", K)]
    eve = [("12", "Eve", ""), ("13", "Eve", E), ("14", "Eve", E)]
    n1 = [(str(n), "Mia", OLD) for n in (1, 2, 3)] + [("4", "Ann", A), ("5", "Ann", A), ("7", "Ann", A)] + kim + eve
    assert run(_night(tmp_path / "n1", n1), out, "python").exit_status == 0
    columnar, copy = tmp_path / "columnar", tmp_path / "copy"
    for folder in (columnar, copy):
        shutil.copytree(out, folder)
    shutil.copytree(gate.state_folder(out), gate.state_folder(columnar))  # copy: no record beside it
    tonight = [("1", "Mia", NEW), ("2", "Mia", NEW), ("3", "Mia", OLD), ("4", "Ann", ""), ("5", "Ann", Z)]
    tonight += [("7", "Ann", A), ("8", "Kim", N), ("9", "Kim", N), ("10", "Kim", K)]
    tonight += [("12", "Eve", F), ("13", "Eve", F), ("14", "Eve", E)]
    n2 = _night(tmp_path / "n2", tonight)
    result = run(n2, out, "python")
    assert _emails(out) == (NEW, A, K, E)
    assert result.exit_status == 1
    [said] = result.report.examples["X858"]
    assert (said.where.file, said.where.line, said.where.column) == ("students.txt", 4, "Mother_Email")  # child 3
    assert "email of Mia Park" in str(said) and "the records of students 1, 2" in str(said)
    assert "the record of student 3 still give" in str(said)
    # The same exports, the rows the other way round (Ann's blank row last), on the other engine
    flipped = _night(tmp_path / "n2r", tonight, reverse=True)
    result = run(flipped, columnar, "columnar")
    assert _emails(columnar) == (NEW, A, K, E)
    # The next night, the same rows in the other order: the same values at exit 0 (no flip back)
    result = run(flipped, out, "python")
    assert _emails(out) == (NEW, A, K, E)
    assert result.exit_status == 0 and "X858" not in result.report.examples
    assert any("the new one most of the children's records give" in str(p) for p in result.report.examples["V550"])
    # R3: a fresh OUT, the last set a plain copy (no record beside it) named with --previous: the past is
    # unknown: the book's own choice (OLD, the lower) at exit 0, nothing said but V550, as main
    options = api.RunOptions(
        in_dir=n2, out_dir=tmp_path / "fresh", engine="python", profile="powerschool", as_of=AS_OF, now=NOW
    )
    result = api.run(dataclasses.replace(options, previous=copy))
    assert _emails(tmp_path / "fresh") == (OLD, A, K, E) and result.exit_status == 0
    assert "X858" not in result.report.examples


def _past(agreed: str, students: str, last: str | None = None) -> edited_values.Past:
    base = edited_values.Baseline(edited_values.value_hash(agreed), frozenset(students))
    return edited_values.Past(last or agreed, base)


def _choose(givers: dict[str, str], current: str, past: edited_values.Past, blank: bool = False) -> str:
    by = {value: set(students) for value, students in givers.items()}
    return edited_values.choose(by, current, past, blank, {v: v for v in by}).value


def test_the_rule_publishes_an_edit_only_on_a_known_complete_past_and_a_majority() -> None:
    """Each shape without a run (`choose` is the whole decision): the book's own choice ('a', the lower)
    unless (a) a baseline and (b) more than half of its children's rows give one new value."""
    base = _past("z", "123")
    assert _choose({"a": "12", "z": "3"}, "a", base) == "a"  # the edit is the lower: as main
    assert _choose({"y": "12", "a": "3"}, "a", _past("a", "123")) == "y"  # two of three: the edit
    assert _choose({"y": "1", "a": "23"}, "a", _past("a", "123")) == "a"  # one of three: no majority
    assert _choose({"y": "12", "a": "3"}, "a", _past("a", "1234")) == "a"  # two of four: no majority
    assert _choose({"y": "12", "a": "34"}, "a", _past("a", "123")) == "a"  # child 4 new tonight
    assert _choose({"y": "12", "a": "3"}, "a", _past("a", "123"), blank=True) == "a"  # a blank row
    assert _choose({"y": "12", "a": "3"}, "a", edited_values.Past("a", None)) == "a"  # the past unknown
    assert _choose({"y": "12", "a": "13"}, "a", _past("a", "123")) == "a"  # child 1's rows differ: counts for none
    # R2: a value given once and taken back is an edit again when most rows give it on a complete past
    assert _choose({"y": "12", "a": "3"}, "a", _past("a", "123", last="a")) == "y"
    # A phone of a worse kind (a landline beside the book's mobile) never wins: `marked` holds the kind's only
    by = {"5550199": {"1", "2"}, "5550101": {"3"}}
    choice = edited_values.choose(by, "\x015550101", _past("5550101", "123"), False, {"5550101": "\x015550101"})
    assert choice.value == "\x015550101" and choice.rule == edited_values.LOWER


def test_the_record_carries_the_baseline_only_while_it_can_judge() -> None:
    """The next night's record: the baseline kept while the same children's rows disagree; forgotten
    (the past unknown) once a row is blank or a child new; a record of another set: unknown."""
    base, by = _past("a", "123"), {"y": {"1", "2"}, "a": {"3"}}
    entry = edited_values.carried("y", base, False, by)
    assert entry["agreed"] == edited_values.value_hash("a") and entry["students"] == ["1", "2", "3"]
    assert "agreed" not in edited_values.carried("y", base, True, by)
    assert "agreed" not in edited_values.carried("y", base, False, {**by, "a": {"3", "4"}})
    kids = frozenset("123")
    assert edited_values._past("y", kids, entry, True).baseline == base.baseline
    assert edited_values._past("a", kids, entry, True).baseline is None  # published 'y' per the record: not this set
    assert edited_values._past("a", kids, None, True).baseline == base.baseline  # the rows agreed
    assert edited_values._past("a", kids, None, False).baseline is None  # no record of the set


def test_a_record_beside_the_folder_previous_names_is_not_trusted(tmp_path: Path) -> None:
    """review157 R1: a staging pipeline (--out STAGING --previous LIVE, then STAGING copied over LIVE)
    leaves LIVE's record of an older night beside a newer set: trusted, it published a value main would
    not at exit 0, or flipped a parent's email every night. Only OUT's own record is the last set's."""
    live, staging = tmp_path / "live", tmp_path / "staging"
    live.mkdir()
    gate.state_folder(live).mkdir()
    record = {edited_values.FACT: {"g1": {"email": {"published": "h", "agreed": "h", "students": ["s1"]}}}}
    (gate.state_folder(live) / "last.json").write_text(json.dumps(record), encoding="utf-8")
    options = api.RunOptions(profile="powerschool", in_dir=tmp_path, out_dir=staging, as_of=NOW, previous=live)
    assert api._values_before(options, {}) is None
    own = api.RunOptions(profile="powerschool", in_dir=tmp_path, out_dir=live, as_of=NOW)
    assert api._values_before(own, record) == edited_values.recorded(record)
