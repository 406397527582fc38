"""Who held a username, kept in last.json for the nights OUT is emptied (reviewer87 R1, R3).

Lena Diaz's father Ivan is the only user with the family email on the first night; Nina has her
own. A pick-up job then takes the files every night, no copy kept (X973). The second night Rosa,
a grandmother added with the family email, whose ID A0 sorts first, shares it: the holder was read
from nothing, and Ivan's login went to Rosa at exit 0, since last.json recorded only usernames
already shared. It now records every username a user who is not a student holds, as hashes, and
a record hand-edited or damaged stops the run (X930) as a damaged carry of orphans does."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.test_strict_usernames_unique import BLAKE, IVAN, NINA, ROSA, TEACHER, _district, _lena, _night, _usernames
from transform import api
from transform.pipeline import usernames_held
from transform.pipeline.gate import state_folder
from transform.report import summary

NINA_OWN = NINA.replace("Ivan.Diaz@mail.example.com", "nina.diaz@mail.example.com")
FIRST = [TEACHER, _lena("G1,G2"), BLAKE, IVAN, NINA_OWN]
SECOND = [ROSA, TEACHER, _lena("G2,A0,G1"), BLAKE, IVAN, NINA_OWN]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first night's set in OUT, its last.json beside it, and the second night's exports."""
    folder = tmp_path_factory.mktemp("holders")
    assert _night(_district(folder / "in1", FIRST), folder / "out", 1).exit_status == api.EXIT_PUBLISHED
    _district(folder / "in2", SECOND)
    return folder


def _copy(published: Path, tmp_path: Path, *, emptied: bool) -> Path:
    out = tmp_path / "out"
    shutil.copytree(published / "out", out)
    shutil.copytree(state_folder(published / "out"), state_folder(out))
    for path in out.glob("*.csv") if emptied else ():
        path.unlink()
    return out


def _state(out: Path) -> dict[str, Any]:
    return dict(json.loads((state_folder(out) / "last.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("emptied", [False, True], ids=["out-intact", "out-emptied"])
def test_the_father_keeps_his_login_the_night_a_grandmother_first_shares_it(
    published: Path, tmp_path: Path, emptied: bool
) -> None:
    out = _copy(published, tmp_path, emptied=emptied)
    result = _night(published / "in2", out, 2)
    assert result.exit_status == api.EXIT_PUBLISHED and ("X973" in result.report.counts) == emptied
    names = _usernames(out)
    assert (names["G1"], names["A0"], names["G2"]) == ("ivan.diaz@mail.example.com", "A0", "nina.diaz@mail.example.com")
    (said,) = result.report.examples["D389"]
    assert (said.params["id"], said.params["holder"], said.params["why"]) == (
        "A0",
        "G1",
        "theirs in the last published set",
    )


def test_the_record_holds_hashes_of_non_students_only(published: Path) -> None:
    """Ivan's, Nina's and the teacher's usernames, 8 characters each; Lena's and Blake's (students) are
    not there, nor any username or ID in the clear. The Remind target, whose usernames are not made one
    user's each, records none."""
    state = _state(published / "out")
    held = state["usernames_held"]
    assert len(held) == 3 * 8 and "username_holders" not in state
    assert not any(word in held for word in ("ivan", "G1", "jlee", "bjones"))
    _night(published / "in1", published / "remind", 1, target="remind")
    assert "usernames_held" not in _state(published / "remind")


EDITS: dict[str, Callable[[dict[str, Any]], object]] = {
    "holders a list": lambda s: s.__setitem__("username_holders", ["ivan.diaz@mail.example.com", "G1"]),
    "holders a string": lambda s: s.__setitem__("username_holders", "G1"),
    "holder a number": lambda s: s.__setitem__("username_holders", {"ivan.diaz@mail.example.com": 5}),
    "holder null": lambda s: s.__setitem__("username_holders", {"ivan.diaz@mail.example.com": None}),
    "held a list": lambda s: s.__setitem__("usernames_held", [s["usernames_held"]]),
    "held not base64": lambda s: s.__setitem__("usernames_held", "ivan.diaz@mail.example.com"),
    "held cut short": lambda s: s.__setitem__("usernames_held", s["usernames_held"][:-4]),
    "held cut by a whole user": lambda s: s.__setitem__("usernames_held", s["usernames_held"][:-8]),
    "held check edited": lambda s: s.__setitem__("usernames_held_check", "0:0"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_damaged_record_of_holders_is_refused_never_read_past(published: Path, tmp_path: Path, edit: str) -> None:
    out = _copy(published, tmp_path, emptied=True)
    record = state_folder(out) / "last.json"
    state = _state(out)
    EDITS[edit](state)
    record.write_text(json.dumps(state), encoding="utf-8")
    result = _night(published / "in2", out, 2)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = result.report.examples["X930"]
    key = "'username_holders'" if edit.startswith("holder") else "'usernames_held'"
    assert refused.where.file == str(record) and key in refused.message
    assert not list(out.glob("*.csv")), "nothing published"
    # the key's own step, not "move it aside", which drops the orphans and tails with it (reviewer98 R3)
    step = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert step.startswith(f"Next: Remove {key} from {record} (or put back the value") and "aside" not in step


@pytest.mark.parametrize("night", ["out-intact", "remind-out-emptied"])
def test_a_damaged_record_of_holders_never_read_tonight_is_written_again_whole(
    published: Path, tmp_path: Path, night: str
) -> None:
    """OUT intact, the holders are read from its users.csv; the Remind target makes no username one
    user's: the record is not read, and tonight's set writes it again (reviewer98 R3: refused before)."""
    out = _copy(published, tmp_path, emptied=night.endswith("emptied"))
    state = _state(out)
    state["usernames_held"] = state["usernames_held"][:-4]
    (state_folder(out) / "last.json").write_text(json.dumps(state), encoding="utf-8")
    result = _night(published / "in2", out, 2, target="remind" if night.startswith("remind") else "oneroster")
    assert result.exit_status == api.EXIT_PUBLISHED and "X930" not in result.report.counts
    if night == "out-intact":
        assert _usernames(out)["G1"] == "ivan.diaz@mail.example.com"
        assert len(_state(out)["usernames_held"]) == 3 * 8, "Ivan's, Nina's, the teacher's (Rosa's is her ID)"


def test_the_holders_of_all_shared_usernames_are_found_in_one_walk_of_the_record() -> None:
    """A district of 20,000 parents, 6,000 sharing a family email: one walk of the record answers every
    shared username (a search of the whole record a sharer took 75 s a night at 100,000, reviewer98 R2).
    Only whole hashes are matched, and the holder named by `username_holders` (an upgrade) is kept."""
    parents = [f"P{n:05d}" for n in range(20_000)]
    record = b"".join(usernames_held._digest(f"fam{n // 2}@home.example.com", key) for n, key in enumerate(parents))
    groups = {f"fam{n}@home.example.com": {parents[2 * n], "N" + parents[2 * n]} for n in range(3_000)}
    found = usernames_held.Held(record).holders(groups)
    assert found == {f"fam{n}@home.example.com": {parents[2 * n]} for n in range(3_000)}
    shifted = usernames_held.Held(b"\0\0\0" + record[:-3], {"fam0@home.example.com": "NP00000"})
    assert shifted.holders(groups) == {folded: frozenset({"NP00000"} & keys) for folded, keys in groups.items()}


def test_a_student_whose_username_is_her_email_keeps_it_the_night_a_parent_first_shares_it(tmp_path: Path) -> None:
    """Lena's export gives her no login, so her username is her email. The second night, OUT emptied,
    Rosa (A0, sorting before s1) is added with that email: the record held only parents' and staff's
    usernames (a student's taken for her SIS login), and Rosa took Lena's at exit 0 (reviewer98 R1).
    Blake's is his export login, which the rule keeps his: it is not recorded."""
    lena = _lena("G1").replace(",,,,", ",lena.diaz@home.example.com,,,", 1)
    rosa = ROSA.replace("ivan.diaz@mail.example.com", "lena.diaz@home.example.com")
    out = tmp_path / "out"
    assert _night(_district(tmp_path / "in1", [TEACHER, lena, BLAKE, IVAN]), out, 1).exit_status == 0
    assert len(_state(out)["usernames_held"]) == 3 * 8, "Ivan's, the teacher's and Lena's"
    for path in out.glob("*.csv"):
        path.unlink()
    result = _night(_district(tmp_path / "in2", [rosa, TEACHER, lena.replace('"G1"', '"G1,A0"'), BLAKE, IVAN]), out, 2)
    assert result.exit_status == api.EXIT_PUBLISHED and "X973" in result.report.counts
    assert (_usernames(out)["s1"], _usernames(out)["A0"]) == ("lena.diaz@home.example.com", "A0")
