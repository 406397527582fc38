"""Guardians from data nobody here wrote: contact flags spelt another way, one contact ID given to
two different people, a guardian ID that is a student's. Hostile copies of the PowerSchool and
OneRoster sample districts, in tmp_path (cases a read-only tester found publishing wrong sets)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)
CONTACTS = FIXTURES / "powerschool" / "contacts"
FLAGS = ("Is Active", "Is SMS", "STUDENTCONTACTDETAILCOREFIELDS.legalGuardian", "Contact Has Custody")


def run(in_dir: Path, out: Path, profile: str = "powerschool") -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=in_dir, out_dir=out, as_of=AS_OF))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def edited_contacts(tmp_path: Path, edit: dict[str, str]) -> Path:
    """The contacts fixture's exports with every flag cell rewritten through `edit`."""
    folder = tmp_path / "in"
    shutil.copytree(CONTACTS / "in", folder)
    path = folder / "contacts.csv"
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for column in FLAGS:
        at = table[0].index(column)
        for row in table[1:]:
            row[at] = edit.get(row[at], row[at])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    return folder


@pytest.mark.parametrize(
    "spelling",
    [{"1": "TRUE", "0": "FALSE"}, {"1": "Y", "0": "N"}, {"1": "Yes", "0": "No"}, {"1": "true", "0": "false"}],
    ids=["TRUE-FALSE", "Y-N", "Yes-No", "true-false"],
)
def test_contact_flags_spelt_as_words_give_the_same_guardians(tmp_path: Path, spelling: dict[str, str]) -> None:
    """A report export writes TRUE/FALSE where the data export writes 1/0: the same parents are
    linked (before, none was: 'TRUETRUE' did not match '1'), the inactive ones still left out."""
    result = run(edited_contacts(tmp_path, spelling), tmp_path / "out")
    assert result.exit_status == 0
    expected = rows(CONTACTS / "expected" / "users.csv")
    assert rows(tmp_path / "out" / "users.csv") == expected
    assert any(r["role"] in ("guardian", "parent", "relative") for r in expected)
