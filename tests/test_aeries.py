"""The aeries profile's rules, asserted by name on its fixture district (the goldens pin the bytes)."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_golden import run_case


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_aeries_district(tmp_path: Path) -> None:
    out, explain = tmp_path / "out", tmp_path / "explain.csv"
    assert run_case(FIXTURES / "aeries" / "district", out, explain=explain).exit_status == 0
    users = {u["sourcedId"]: u for u in rows(out / "users.csv")}
    classes = {c["sourcedId"]: c for c in rows(out / "classes.csv")}
    # Section 1 and student number 1 exist at both schools: classes are school-qualified and
    # each schedule row finds its own school's student.
    assert classes["10-1"]["title"].startswith("TK/K") and classes["40-1"]["title"].startswith("English 10")
    enrolled = {(e["classSourcedId"], e["userSourcedId"]) for e in rows(out / "enrollments.csv")}
    assert ("10-1", "10001") in enrolled and ("40-1", "40001") in enrolled and ("10-1", "40001") not in enrolled
    # TK is grade -1: a TK student and the TK/K class (CRS.LO -1 to HI 0) are KG; a 9-12 course spans four grades.
    assert users["10001"]["grades"] == "KG" and classes["10-1"]["grades"] == "KG"
    assert classes["40-2"]["grades"] == "09,10,11,12" and classes["40-5"]["grades"] == ""  # 12 to 9: blank, D340
    # One mother, one contact record per child at two schools: one user linked to the three.
    rosa = [u for u in users.values() if u["givenName"] == "Rosa"]
    assert len(rosa) == 1 and rosa[0]["agentSourcedIds"] == "10001,10002,40002"
    names = {u["givenName"] for u in users.values() if u["role"] in ("parent", "guardian")}
    assert names == {"Rosa", "Thi", "Bao"}  # not the restrained father, the grandmother, the physician
    left_out = {(r["line"], r["code"], r["reason"]) for r in rows(explain) if r["file"] == "CON.csv"}
    assert ("3", "F423", "restrained contact (record type R)") in left_out
    assert ("4", "F409", "emergency-contact") in left_out
    assert ("8", "F423", "not a parent or guardian (record type)") in left_out
    assert "40003" not in users and "40004" not in users  # withdrawn (TG I), deleted (DEL 1)
    assert users["904"]["orgSourcedIds"] == "10,40"  # a teacher number at each school, one person
    assert "40-3" not in classes and "40-4" not in classes  # spring semester; lunch
