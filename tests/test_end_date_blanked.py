"""An end-date column blank on every row tonight, filled last night (tester63 S2). SDS v2.1's
roles.csv roleEndDate (OneRoster 1.2: endDate) kept in the header and emptied: the withdrawn
student and the teacher who left came back at exit 0. Now refused (X877), naming the file, the
column, the rows it filled then and whom it would bring back (pipeline.blanked_keep_out). Each
district is written here, small."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api
from transform.pipeline import blanked_keep_out

AS_OF = dt.date(2026, 12, 5)
ENDED, RUNNING = "2026-11-30", "2027-06-10"


def sds_v2(folder: Path, ends: dict[str, str], *, people: tuple[str, ...] = ("t1", "st0", "st1", "st2")) -> Path:
    """A school of a teacher and students (`people`), each role's roleEndDate `ends[id]`, else
    RUNNING, a parent to each student."""
    folder.mkdir(parents=True, exist_ok=True)
    students = [p for p in people if p.startswith("st")]
    files = {
        "orgs.csv": ["sourcedId,name,type", "s1,Lake Elementary,school"],
        "users.csv": ["sourcedId,username,givenName,familyName,email"]
        + [f"{p},{p}@lake.org,Given{p},Ng,{p}@lake.org" for p in people]
        + [f"g{p},g{p},Par{p},Ng,g{p}@x.com" for p in students],
        "roles.csv": ["userSourcedId,orgSourcedId,role,roleEndDate"]
        + [f"{p},s1,{'teacher' if p.startswith('t') else 'student'},{ends.get(p, RUNNING)}" for p in people],
        "classes.csv": ["sourcedId,orgSourcedId,title,sessionSourcedIds", "c1,s1,Reading,FALL"],
        "academicSessions.csv": ["sourcedId,title,type,startDate,endDate", "FALL,Fall,semester,2026-08-20,2027-01-15"],
        "enrollments.csv": ["classSourcedId,userSourcedId,role"]
        + [f"c1,{p},{'teacher' if p.startswith('t') else 'student'}" for p in people],
        "relationships.csv": ["userSourcedId,relationshipUserSourcedId,relationshipRole"]
        + [f"{p},g{p},parent" for p in students],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def oneroster_12(
    folder: Path,
    ends: dict[str, str],
    *,
    status: dict[str, str] | None = None,
    people: tuple[str, ...] = ("t1", "st0", "st1", "st2"),
    table: str = "roles",
) -> Path:
    """The same school in OneRoster 1.2: the end date is roles.csv's endDate; `status[id]` the
    status of the person's row of `table` (roles or enrollments), else active."""
    folder.mkdir(parents=True, exist_ok=True)
    given = status or {}
    roles = {p: given.get(p, "active") if table == "roles" else "active" for p in people}
    enrolled = {p: given.get(p, "active") if table == "enrollments" else "active" for p in people}
    files = {
        "manifest.csv": ["propertyName,value", "oneroster.version,1.2"],
        "orgs.csv": ["sourcedId,status,name,type", "s1,active,Lake Elementary,school"],
        "academicSessions.csv": [
            "sourcedId,status,title,type,startDate,endDate,schoolYear",
            "FALL,active,Fall,semester,2026-08-20,2027-01-15,2027",
        ],
        "classes.csv": ["sourcedId,status,title,schoolSourcedId,termSourcedIds", "c1,active,Reading,s1,FALL"],
        "enrollments.csv": ["sourcedId,status,classSourcedId,schoolSourcedId,userSourcedId,role"]
        + [f"e{p},{enrolled[p]},c1,s1,{p},{'teacher' if p.startswith('t') else 'student'}" for p in people],
        "users.csv": ["sourcedId,status,enabledUser,username,givenName,familyName,email,agentSourcedIds"]
        + [f"{p},active,true,{p},Given{p},Ng,{p}@lake.org," for p in people],
        "roles.csv": ["sourcedId,status,userSourcedId,roleType,role,orgSourcedId,beginDate,endDate"]
        + [
            f"r{p},{roles[p]},{p},primary,{'teacher' if p.startswith('t') else 'student'},s1,2026-08-20,"
            + ends.get(p, RUNNING)
            for p in people
        ],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run(
    folder: Path, out: Path, profile: str, *, as_of: dt.date = AS_OF, allow: bool = False, engine: str = "auto"
) -> api.RunResult:
    options = api.RunOptions(
        profile=profile, in_dir=folder, out_dir=out, as_of=as_of, allow_incomplete=allow, engine=engine
    )
    return api.run(options)


def users(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("profile", "build", "column"), [("sds-v2", sds_v2, "roleEndDate"), ("oneroster-1.2", oneroster_12, "endDate")]
)
def test_an_end_date_column_blank_on_every_row_refuses_the_withdrawn_coming_back(
    tmp_path: Path, profile: str, build: object, column: str
) -> None:
    assert callable(build)
    out = tmp_path / "out"
    first = run(build(tmp_path / "n1", {"st2": ENDED, "t1": ENDED}), out, profile)
    assert first.exit_status == 0 and "st2" not in users(out) and "t1" not in users(out)
    blank = {p: "" for p in ("t1", "st0", "st1", "st2")}
    second = run(build(tmp_path / "n2", blank), out, profile, as_of=AS_OF + dt.timedelta(days=1))
    assert second.exit_status == 1 and not second.report.published
    (refused,) = second.report.examples["X877"]
    assert (refused.where.file, refused.where.column) == ("roles.csv", column)
    assert refused.params["before"] == "4 rows" and refused.params["count"] == 2
    assert "st2 (Givenst2 Ng, student)" in refused.params["examples"]
    assert "st2" not in users(out)  # the last set stays
    # The district stopped writing the column: published once, and the nights after are quiet.
    allowed = run(build(tmp_path / "n2", blank), out, profile, as_of=AS_OF + dt.timedelta(days=1), allow=True)
    assert allowed.report.published and "X918" in allowed.report.counts and "st2" in users(out)
    third = run(build(tmp_path / "n2", blank), out, profile, as_of=AS_OF + dt.timedelta(days=2))
    assert third.exit_status == 0 and "X877" not in third.report.counts


def test_a_blank_night_bringing_nobody_back_keeps_the_count_for_the_next(tmp_path: Path) -> None:
    """The withdrawn student's row gone from the export and the column blank: nobody comes back,
    published. The next night her row is back, still blank: refused, judged by the count the
    column was last filled on, not by the blank night's."""
    out = tmp_path / "out"
    assert run(sds_v2(tmp_path / "n1", {"st2": ENDED}), out, "sds-v2").exit_status == 0
    gone = sds_v2(tmp_path / "n2", {p: "" for p in ("t1", "st0", "st1")}, people=("t1", "st0", "st1"))
    quiet = run(gone, out, "sds-v2", as_of=AS_OF + dt.timedelta(days=1))
    assert quiet.exit_status == 0 and "X877" not in quiet.report.counts
    back = sds_v2(tmp_path / "n3", {p: "" for p in ("t1", "st0", "st1", "st2")})
    refused = run(back, out, "sds-v2", as_of=AS_OF + dt.timedelta(days=2))
    assert refused.exit_status == 1 and refused.report.examples["X877"][0].params["before"] == "4 rows"
    assert "st2" not in users(out)


NEXT = AS_OF + dt.timedelta(days=1)
EVERYONE = ("t1", "st0", "st1", "st2")


@pytest.mark.parametrize(
    ("table", "engine"), [("roles", "python"), ("enrollments", "python"), ("enrollments", "columnar")]
)
def test_a_status_column_blank_on_every_row_refuses_the_inactive_coming_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, engine: str
) -> None:
    """Not only end dates (tester64 A4: Aeries' TG, `op: empty`, blanked: the inactive students
    back): a status a blank passes (`in: [active]`, allow_empty) that left a row out last night,
    blank on every row tonight. Counted as the export is first read, by either engine: the check
    reads no export again."""
    out = tmp_path / "out"
    first = run(oneroster_12(tmp_path / "n1", {}, status={"st2": "tobedeleted"}, table=table), out, "oneroster-1.2")
    assert first.exit_status == 0
    monkeypatch.setattr(blanked_keep_out, "iter_rows", None)  # no read of its own
    blank = oneroster_12(tmp_path / "n2", {}, status=dict.fromkeys(EVERYONE, ""), table=table)
    second = run(blank, out, "oneroster-1.2", as_of=NEXT, engine=engine)
    assert second.exit_status == 1 and not second.report.published
    (refused,) = second.report.examples["X877"]
    assert (refused.where.file, refused.where.column) == (f"{table}.csv", "status")
    assert refused.params["before"] == "1 row with a value it leaves out"
    assert "rows that fail it (" in refused.params["what"]


def test_a_status_column_that_left_nobody_out_may_go_blank(tmp_path: Path) -> None:
    """A status filled `active` on every row, blank the next night (a delta file, then a bulk
    file) left nobody out: a new student tonight is published, not refused."""
    out = tmp_path / "out"
    assert run(oneroster_12(tmp_path / "n1", {}), out, "oneroster-1.2").exit_status == 0
    grown = (*EVERYONE, "st3")
    blank = oneroster_12(tmp_path / "n2", {}, status=dict.fromkeys(grown, ""), people=grown)
    second = run(blank, out, "oneroster-1.2", as_of=NEXT)
    assert second.exit_status == 0 and "X877" not in second.report.counts and "st3" in users(out)
