"""A userIds item holding a comma inside its braces ('{SIS:12,3}', tester70 S3).

OneRoster 1.1 writes a user's userIds as one cell of {Type:Id} items separated by commas, with no
way to escape a comma inside one. Every step split the cell at each comma, so '{SIS:12,3}' became
'{SIS:12' and '3}' (said as two items not of the form, D339: words about IDs it never held). Now
the cell is read as its writer meant it, split at the commas between items only, and such an item,
which no writer can put in a cell for any reader to read back whole, is left out and said (I219) by
both targets alike; the user and its other userIds are published."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.cleaners.ids import guard_user_ids, user_ids_items

DISTRICT = FIXTURES / "oneroster" / "district"


def test_user_ids_items_split_only_between_items() -> None:
    assert user_ids_items("{SIS:12,3},{LDAP:jdoe}") == ["{SIS:12,3}", "{LDAP:jdoe}"]
    assert user_ids_items(" {SIS:1001} , ,{LTI:15}") == ["{SIS:1001}", "{LTI:15}"]
    assert user_ids_items("plain,a},{b") == ["plain", "a}", "{b"]  # unbalanced: a closing brace alone
    # review146 R2: a brace left open tells no item's end: every comma splits, the whole item kept
    assert user_ids_items("{SIS:12,{LDAP:jmorales}") == ["{SIS:12", "{LDAP:jmorales}"]
    assert guard_user_ids("{SIS:12,{LDAP:jmorales}") == ("{SIS:12,{LDAP:jmorales}", ())
    assert user_ids_items("{SIS:{12,3}},{LDAP:x}") == ["{SIS:{12", "3}}", "{LDAP:x}"]
    assert guard_user_ids("{SIS:1001},{LDAP:jdoe}") == ("{SIS:1001},{LDAP:jdoe}", ())  # as it was
    assert guard_user_ids("{SIS:12,3},{LDAP:jdoe}") == (
        "{LDAP:jdoe}",
        (("user-ids-comma-inside", {"value": "{SIS:12,3}"}),),
    )


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_an_item_with_a_comma_inside_its_braces_is_left_out_and_said_never_split(tmp_path: Path, target: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT / "in", exports)
    users = exports / "users.csv"
    with users.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("userId")
    (row,) = [r for r in rows if r[0] == "u-s1"]
    row[at] = "{SIS:12,3},{LDAP:jmorales}"
    with users.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), target=target)
    )
    assert result.report.published
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        (published,) = [r for r in csv.DictReader(handle) if r["sourcedId"] == "u-s1"]
    assert published["userIds"] == "{LDAP:jmorales}"
    assert result.report.counts.get("I219") == 1 and "D339" not in result.report.counts
    (said,) = result.report.examples["I219"]
    assert "'{SIS:12,3}' holds a comma inside its braces" in said.message
