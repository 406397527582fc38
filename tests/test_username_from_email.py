"""A username a bundled profile reads from the email column is the address the email cleaner
publishes from the cell, not the cell as written: 'Jane Doe <jane@x.org>', 'jane@x.org;' and
' Jane@X.org ' give the username jane@x.org, as they give the email; the display name or the
separator left out is said of the username too (D374). A cell that is no address (a login name,
none@none.com) is the username as before; an empty one falls to the next column. Both engines,
the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform.profile.load import bundled_folder

POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
# teachers.txt: line 3 (T1002), 4 (T1003), 5 (T2001), 7 (T2002) and 8 (T2003) get these emails.
EMAILS = {
    "jsmith@district.example.org": "John Smith <JSmith@District.example.org>",
    "klee@district.example.org": "klee@district.example.org;",
    "rbrown@district.example.org": " RBrown@District.example.org ",
    "dwhite@district.example.org": "none@none.com",
    "sgreen@district.example.org": "",
}


def _users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_username_from_an_email_cell_is_the_address_the_email_publishes(tmp_path: Path, target: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(POWERSCHOOL, exports)
    teachers = exports / "teachers.txt"
    text = teachers.read_text(encoding="utf-8")
    for old, new in EMAILS.items():
        text = text.replace(f"\t{old}\t", f"\t{new}\t")
    teachers.write_text(text, encoding="utf-8", newline="")
    python, _ = both_engines(
        tmp_path, profile="powerschool", in_dir=exports, as_of=dt.date(2026, 10, 15), target=target
    )
    users = _users(tmp_path / "python")
    assert (users["T1002"]["username"], users["T1002"]["email"]) == ("jsmith@district.example.org",) * 2
    assert (users["T1003"]["username"], users["T1003"]["email"]) == ("klee@district.example.org",) * 2
    assert (users["T2001"]["username"], users["T2001"]["email"]) == ("rbrown@district.example.org",) * 2
    said = {(p.where.line, p.params["field"], p.params["email"]) for p in python.report.examples["D374"]}
    assert said == {
        (3, "users.username", "jsmith@district.example.org"),
        (4, "users.username", "klee@district.example.org"),
    }
    assert {p.where.line for p in python.report.examples["D366"]} == {3, 4}  # the email's own repair
    if "T2003" in users:  # no email: the next column, as before (T2003 may be left out for it)
        assert users["T2003"]["username"] == "T2003"


def test_a_placeholder_email_gives_the_username_the_next_column(tmp_path: Path) -> None:
    """none@none.com is no one's email (blanked, D359), nor anyone's sign-in name: many users
    would share it. The username reads the profile's next column, the teacher number (D385;
    tester28 R5: it was the placeholder as written)."""
    exports = tmp_path / "in"
    shutil.copytree(POWERSCHOOL, exports)
    teachers = exports / "teachers.txt"
    text = teachers.read_text(encoding="utf-8").replace("\tjsmith@district.example.org\t", "\tnone@none.com\t")
    teachers.write_text(text, encoding="utf-8", newline="")
    both_engines(tmp_path, profile="powerschool", in_dir=exports, as_of=dt.date(2026, 10, 15), target="oneroster")
    users = _users(tmp_path / "python")
    assert users["T1002"]["username"] == "T1002"
    assert users["T1002"]["email"] == ""


def _email_columns(rule: dict[str, object]) -> set[str]:
    columns: dict[str, object] = rule.get("columns") or {}  # type: ignore[assignment]
    found: set[str] = set()
    for spec in columns.values():
        if isinstance(spec, dict) and "email" in (spec.get("clean") or []):
            named = spec.get("column")
            found.update([named] if isinstance(named, str) else named or [])
            fallback = spec.get("fallback") or []
            for template in [fallback] if isinstance(fallback, str) else fallback:
                whole = re.fullmatch(r"\{([^}]+)\}", str(template))  # sds-v2, sds: the username
                found.update([whole.group(1)] if whole else [])  # not "{Username}@{settings.email_domain}"
    return found


@pytest.mark.parametrize("path", sorted(bundled_folder().glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_username_read_from_an_email_column_is_cleaned_as_one(path: Path) -> None:
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    for label, rule in ((profile.get("tables") or {}).get("users") or {}).items():
        username = (rule.get("columns") or {}).get("username")
        if not isinstance(username, dict):
            continue
        named = username.get("column")
        columns = {named} if isinstance(named, str) else set(named or [])
        if columns & _email_columns(rule):
            assert username.get("clean") == ["username"], f"{path.stem} users.{label}"
