"""userIds items on the remind target are held to OneRoster's {Type:Id} form as on the strict one
(tester70 S3): split on commas and sorted with no check, '{SIS:1001},{LDAP:a,b}' was written
'b},{LDAP:a,{SIS:1001}' (an item broken in two, its halves sorted apart) and 'plain' as it was;
the strict target left each bad item out (D339). Both targets now share that check."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests.test_backslash_cells import EXPORTS
from transform import api


def test_the_remind_target_leaves_out_user_ids_items_not_of_the_form(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    exports.mkdir()
    users = EXPORTS["users"].replace("stu1,,", 'stu1,"{SIS:1001},{LDAP:a,b}",').replace("stu2,,", "stu2,plain,")
    for name, text in {**EXPORTS, "users": users}.items():
        (exports / f"{name}.csv").write_text(text, encoding="utf-8")
    options = api.RunOptions(profile="oneroster", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15))
    result = api.run(options)
    assert result.report.published and result.report.counts["D339"] == 3
    assert sorted(p.params["value"] for p in result.report.examples["D339"]) == ["b}", "plain", "{LDAP:a"]
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        written = {row["sourcedId"]: row["userIds"] for row in csv.DictReader(handle)}
    assert (written["st-1"], written["st-2"]) == ("{SIS:1001}", "")
