"""The aeries profile's rules, asserted by name on its fixture district (the goldens pin the bytes)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_golden import run_case
from transform import api


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


# --- issue 23: `combine` never makes one person of two under one ID ------------------------------

DIEGO = "40002,40,2,Ortega,Diego,,11,11/30/2010,diego.ortega@students.svusd.example.org,01,01,,0"


def with_student_row(tmp_path: Path, row: str, *, first: bool) -> Path:
    """The fixture district with one more STU row, before all others or after them."""
    case = tmp_path / ("first" if first else "last")
    shutil.copytree(FIXTURES / "aeries" / "district", case, ignore=shutil.ignore_patterns("expected"))
    stu = case / "in" / "STU.csv"
    header, *others = stu.read_text(encoding="utf-8").splitlines()
    stu.write_text("\n".join([header, row, *others] if first else [header, *others, row]) + "\n", encoding="utf-8")
    return case


def both_orders(tmp_path: Path, row: str) -> list[tuple[api.RunResult, Path]]:
    """The run with the extra row first and last in STU.csv: the same set either way."""
    results = []
    for first in (True, False):
        case = with_student_row(tmp_path, row, first=first)
        results.append((run_case(case, case / "out"), case / "out"))
    (_, one), (_, other) = results
    for produced in one.glob("*.csv"):
        assert produced.read_bytes() == (other / produced.name).read_bytes(), produced.name
    return results


def test_two_people_under_one_id_are_not_combined_and_neither_is_kept(tmp_path: Path) -> None:
    """Eve at school 10, grade 3, born 2018, under Diego's ID: they became one user mixing both
    (exit 0). Now neither is kept, nor anything naming the ID, in either row order."""
    eve = "40002,10,5,Ortega,Eve,,3,07/07/2018,,01,01,,0"
    for result, out in both_orders(tmp_path, eve):
        assert result.exit_status == 1  # a first set without them: X851 names the ID (reviewer121)
        assert [p.params["count"] for p in result.report.examples["X851"]] == [1]
        assert "40002" not in {u["sourcedId"] for u in rows(out / "users.csv")}
        assert "40002" not in {d["sourcedId"] for d in rows(out / "demographics.csv")}
        assert "40002" not in {e["userSourcedId"] for e in rows(out / "enrollments.csv")}
        assert "40002" not in {a for u in rows(out / "users.csv") for a in u["agentSourcedIds"].split(",")}
        two = {(p.where.file, p.params["table"], p.params["field"]) for p in result.report.examples["V570"]}
        assert two == {("STU.csv", "users", "givenName"), ("STU.csv", "demographics", "birthDate")}
        assert all(p.code.severity.value == "error" for p in result.report.examples["V570"])
        (conflict,) = result.report.examples["V537"]
        assert conflict.params["id"] == "40002" and conflict.where.file == "STU.csv"
        assert "V508" not in result.report.counts  # nothing of one kept in the other's record


def test_one_id_with_two_birth_dates_is_two_people_even_under_one_name(tmp_path: Path) -> None:
    """The users' rows agree (same name), the demographics' do not: the user goes too (V537)."""
    other_diego = DIEGO.replace("40002,40,2", "40002,10,5").replace("11/30/2010", "01/15/2012")
    for result, out in both_orders(tmp_path, other_diego):
        assert "40002" not in {u["sourcedId"] for u in rows(out / "users.csv")}
        assert "40002" not in {e["userSourcedId"] for e in rows(out / "enrollments.csv")}
        assert [p.params["field"] for p in result.report.examples["V570"]] == ["birthDate"]
        assert [p.params["id"] for p in result.report.examples["V537"]] == ["40002"]


def test_one_person_at_two_schools_is_still_combined(tmp_path: Path) -> None:
    """The same person (the name in other case, the same birth date) at a second school with
    another grade and no email: one user at both schools; a value they disagree on keeps the
    lower one (V508), and the name is one row's whole name (D329: `Diego Ortega` rather than
    `ORTEGA`, and never parts of each), whatever the order."""
    again = DIEGO.replace("40002,40,2,Ortega,Diego", "40002,10,5,ORTEGA,Diego").replace(",11,", ",12,")
    for result, out in both_orders(tmp_path, again):
        users = {u["sourcedId"]: u for u in rows(out / "users.csv")}
        assert users["40002"]["orgSourcedIds"] == "10,40"
        assert users["40002"]["givenName"] == "Diego" and users["40002"]["familyName"] == "Ortega"
        assert "40002" in {d["sourcedId"] for d in rows(out / "demographics.csv")}
        assert "V570" not in result.report.counts and "V537" not in result.report.counts
        assert {p.params["field"] for p in result.report.examples["V508"]} == {"grades"}
        [name] = result.report.examples["D329"]
        assert (name.params["kept"], name.params["value"]) == ("Diego Ortega", "Diego ORTEGA")


# --- tester32 F4: TRM's dates as Aeries names them ------------------------------------------------


def test_terms_export_with_aeries_own_date_fields_d1_d2_gives_the_same_set(tmp_path: Path) -> None:
    """Aeries's OneRoster mapping reads a term's start and end from TRM.D1 and TRM.D2; an export
    `SELECT SC, TM, TD, D1, D2 FROM TRM` was refused (I201: 'SD' missing). Read as SD and ED."""
    case = tmp_path / "d1d2"
    shutil.copytree(FIXTURES / "aeries" / "district", case, ignore=shutil.ignore_patterns("expected"))
    trm = case / "in" / "TRM.csv"
    header, rest = trm.read_text(encoding="utf-8").split("\n", 1)
    assert header == "SC,TM,TD,SD,ED"
    trm.write_text("SC,TM,TD,D1,D2\n" + rest, encoding="utf-8")
    result = run_case(case, case / "out")
    assert result.exit_status == 0
    expected = FIXTURES / "aeries" / "district" / "expected"
    for name in ("users.csv", "classes.csv", "enrollments.csv", "orgs.csv"):
        assert (case / "out" / name).read_bytes() == (expected / name).read_bytes(), name


def test_a_teacher_tagged_inactive_or_past_the_leave_date_is_left_out(tmp_path: Path) -> None:
    """tester74 T2: a teacher tagged inactive on her TCH row (TG = I) was published as a teacher every
    night; TCH.TG and STF.LeaveDate are read where the export has them (both optional: the fixture's
    export has neither, and its set is unchanged)."""
    case = tmp_path / "case"
    shutil.copytree(FIXTURES / "aeries" / "district", case, ignore=shutil.ignore_patterns("expected"))
    tch, stf = case / "in" / "TCH.csv", case / "in" / "STF.csv"
    header, *others = tch.read_text(encoding="utf-8").splitlines()
    lines = [header.replace(",DEL", ",TG,DEL"), *(r[: r.rindex(",")] + "," + r[r.rindex(",") :] for r in others)]
    lines += [
        "40,404,905,Ed,Evans,,I,0",
        "40,405,906,Gil,Fox,,,0",
        "40,406,907,Hal,Gray,,,0",
        "40,407,908,Ida,Hill,,,0",
    ]
    tch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    header, *others = stf.read_text(encoding="utf-8").splitlines()
    staff = [f"{header},LeaveDate", *(f"{r}," for r in others), "905,Evans,Ed,ee@x.example.org,0,"]
    staff += ["906,Fox,Gil,gf@x.example.org,0,06/30/2026", "907,Gray,Hal,hg@x.example.org,0,06/30/2027"]
    staff += ["908,Hill,Ida,ih@x.example.org,0,N/A"]  # no date: the working teacher kept, said (review165 R4)
    stf.write_text("\n".join(staff) + "\n", encoding="utf-8")
    out, explain = tmp_path / "out", tmp_path / "explain.csv"
    result = run_case(case, out, explain=explain)
    assert result.exit_status == 0 and result.report.counts.get("D356") == 1
    users = {u["sourcedId"] for u in rows(out / "users.csv")}
    assert {"901", "904", "907", "908"} <= users and not {"905", "906"} & users  # 907 leaves next June
    left_out = {(r["file"], r["line"], r["code"]) for r in rows(explain)}
    assert {("TCH.csv", "7", "F401"), ("TCH.csv", "8", "F401")} <= left_out
