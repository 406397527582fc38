"""A keep-out column that lost its values (tester63 S2: SDS v2.1 roles.csv roleEndDate, OneRoster
1.2 endDate, emptied: the withdrawn back at exit 0; tester64 A4: a status blanked). Judged by the
people it left out last night (pipeline.blanked_keep_out): most of those still in the export back
with the cell blank, at least 3, is refused (X877); new people, and rows gone, are no evidence
(review127 R1-R4: a new year's, a new term's first export, a current-only extract). Each district
is written here, small; each test runs few nights."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api
from transform.pipeline import blanked_keep_out

AS_OF = dt.date(2026, 12, 5)
NEXT = AS_OF + dt.timedelta(days=1)
ENDED, RUNNING = "2026-11-30", "2027-06-10"
EVERYONE = ("t1", "t2", *(f"st{i}" for i in range(8)))
LEFT = ("t2", "st6", "st7")  # withdrawn last night


def sds_v2(folder: Path, ends: dict[str, str], *, people: tuple[str, ...] = ()) -> Path:
    """A school of a teacher and students (`people`), each role's roleEndDate `ends[id]`, else
    RUNNING, a parent to each student."""
    folder.mkdir(parents=True, exist_ok=True)
    people = people or EVERYONE
    students = [p for p in people if p.startswith("st")]
    files = {
        "orgs.csv": ["sourcedId,name,type", "s1,Lake Elementary,school"],
        "users.csv": ["sourcedId,username,givenName,familyName,email"]
        + [f"{p},{p}@lake.org,Given{p},Ng,{p}@lake.org" for p in people]
        + [f"g{p},g{p},Par{p},Ng,g{p}@x.com" for p in students],
        "roles.csv": ["userSourcedId,orgSourcedId,role,roleStartDate,roleEndDate"]
        + [f"{p},s1,{'teacher' if p.startswith('t') else 'student'},2026-08-20,{ends.get(p, RUNNING)}" for p in people],
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
    people: tuple[str, ...] = (),
    table: str = "roles",
) -> Path:
    """The same school in OneRoster 1.2: the end date is roles.csv's endDate; `status[id]` the
    status of the person's row of `table` (roles or enrollments), else active."""
    folder.mkdir(parents=True, exist_ok=True)
    people = people or EVERYONE
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
    folder: Path,
    out: Path,
    profile: str,
    *,
    as_of: dt.date = AS_OF,
    allow: bool = False,
    engine: str = "auto",
    max_removal: float | None = None,
) -> api.RunResult:
    options = api.RunOptions(
        profile=profile,
        in_dir=folder,
        out_dir=out,
        as_of=as_of,
        allow_incomplete=allow,
        engine=engine,
        max_removal=max_removal,
    )
    return api.run(options)


def users(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def ended(*who: str) -> dict[str, str]:
    return dict.fromkeys(who, ENDED)


def test_most_of_those_an_end_date_left_out_back_blank_is_refused(tmp_path: Path) -> None:
    """tester63 S2 and review127 R5: the end dates lost, all but one (st0's, kept): 3 of the 4 left
    out back blank. --allow-incomplete publishes it once; the next night is quiet. (OneRoster 1.2's
    roles.csv is the status tests' export.)"""
    out, profile = tmp_path / "out", "sds-v2"
    assert run(sds_v2(tmp_path / "n1", ended(*LEFT, "st0")), out, profile).exit_status == 0
    assert not set(LEFT) & users(out)
    lost = sds_v2(tmp_path / "n2", {"st0": ENDED} | dict.fromkeys([p for p in EVERYONE if p != "st0"], ""))
    second = run(lost, out, profile, as_of=NEXT)
    assert second.exit_status == 1 and not second.report.published
    (refused,) = second.report.examples["X877"]
    assert (refused.where.file, refused.where.column) == ("roles.csv", "roleEndDate")
    assert (refused.params["left"], refused.params["still"], refused.params["back"]) == ("4", "4", 3)
    assert refused.params["examples"] == "t2, st6, st7"
    assert not set(LEFT) & users(out)  # the last set stays
    allowed = run(lost, out, profile, as_of=NEXT, allow=True)
    assert allowed.report.published and "X918" in allowed.report.counts and set(LEFT) <= users(out)
    third = run(lost, out, profile, as_of=NEXT + dt.timedelta(days=1))
    assert third.exit_status == 0 and "X877" not in third.report.counts


@pytest.mark.parametrize("kind", ["end date", "status"])
def test_new_people_and_rows_gone_are_no_evidence(tmp_path: Path, kind: str) -> None:
    """review127 R1-R4: last night's withdrawn rows gone from tonight's export (a new year's or a
    new term's first export, a current-only extract, Aeries' inactive row purged), the column
    blank on every row, new students: published, and the night after too (R3: it stuck)."""
    out = tmp_path / "out"
    if kind == "end date":
        first = sds_v2(tmp_path / "n1", ended(*LEFT))
        night = lambda n, people: sds_v2(tmp_path / n, dict.fromkeys(people, ""), people=people)  # noqa: E731
    else:
        first = oneroster_12(tmp_path / "n1", {}, status=dict.fromkeys(LEFT, "tobedeleted"))
        night = lambda n, people: oneroster_12(tmp_path / n, {}, status=dict.fromkeys(people, ""), people=people)  # noqa: E731
    profile = "sds-v2" if kind == "end date" else "oneroster-1.2"
    assert run(first, out, profile).exit_status == 0
    stayed = tuple(p for p in EVERYONE if p not in LEFT)
    second = run(night("n2", (*stayed, "st8", "st9")), out, profile, as_of=NEXT)
    assert second.exit_status == 0 and "X877" not in second.report.counts and "st8" in users(out)
    third = run(night("n3", (*stayed, "st8", "st9", "st10")), out, profile, as_of=NEXT + dt.timedelta(days=7))
    assert third.exit_status == 0 and "st10" in users(out)


def test_two_back_blank_is_a_re_enrolment(tmp_path: Path) -> None:
    """Two of those left out back with the end date blank (withdrawals reversed): published."""
    out = tmp_path / "out"
    assert run(sds_v2(tmp_path / "n1", ended("st6", "st7")), out, "sds-v2").exit_status == 0
    second = run(sds_v2(tmp_path / "n2", dict.fromkeys(EVERYONE, "")), out, "sds-v2", as_of=NEXT)
    assert second.exit_status == 0 and "X877" not in second.report.counts and {"st6", "st7"} <= users(out)


@pytest.mark.parametrize(
    ("table", "engine"), [("roles", "python"), ("enrollments", "python"), ("enrollments", "columnar")]
)
def test_a_status_column_blank_on_every_row_refuses_the_inactive_coming_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, engine: str
) -> None:
    """Not only end dates (tester64 A4: Aeries' TG, `op: empty`, blanked: the inactive students
    back): a status a blank passes (`in: [active]`, allow_empty). Counted as the export is first
    read, by either engine (tonight's: last night's IDs were kept by the Python engine's): the
    check reads no export again."""
    out = tmp_path / "out"
    gone = dict.fromkeys(LEFT, "tobedeleted")
    assert run(oneroster_12(tmp_path / "n1", {}, status=gone, table=table), out, "oneroster-1.2").exit_status == 0
    monkeypatch.setattr(blanked_keep_out, "iter_rows", None)  # no read of its own
    blank = oneroster_12(tmp_path / "n2", {}, status=dict.fromkeys(EVERYONE, ""), table=table)
    second = run(blank, out, "oneroster-1.2", as_of=NEXT, engine=engine)
    assert second.exit_status == 1 and not second.report.published
    (refused,) = second.report.examples["X877"]
    assert (refused.where.file, refused.where.column) == (f"{table}.csv", "status")
    assert refused.params["back"] == 3 and "rows that fail it (" in refused.params["what"]


def test_a_status_column_that_left_nobody_out_may_go_blank(tmp_path: Path) -> None:
    """A status filled `active` on every row, blank the next night (a delta file, then a bulk
    file) left nobody out: a new student tonight is published, not refused."""
    out = tmp_path / "out"
    assert run(oneroster_12(tmp_path / "n1", {}), out, "oneroster-1.2").exit_status == 0
    grown = (*EVERYONE, "st8")
    blank = oneroster_12(tmp_path / "n2", {}, status=dict.fromkeys(grown, ""), people=grown)
    second = run(blank, out, "oneroster-1.2", as_of=NEXT)
    assert second.exit_status == 0 and "X877" not in second.report.counts and "st8" in users(out)


DROPPED = ("st5", "st6", "st7")


def dropped_by_mistake(tmp_path: Path, out: Path, *, only: bool = False) -> None:
    """Night 1: st0 withdrawn; night 2: a registrar's mass drop by mistake end-dates three more
    (published: under the removal limit a real district's size gives). `only`: nobody withdrawn
    before, no running end dates: the drop's end dates are the column's only values."""
    base = dict.fromkeys(EVERYONE, "") if only else ended("st0")
    assert run(sds_v2(tmp_path / "n1", base), out, "sds-v2").exit_status == 0
    drop = sds_v2(tmp_path / "n2", base | ended(*DROPPED))
    assert run(drop, out, "sds-v2", as_of=NEXT, max_removal=60).exit_status == 0
    assert not set(DROPPED) & users(out)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_mistaken_drop_undone_is_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    """tester68 H1: the night after, the mistake undone (the three end dates cleared, st0's and
    the others' running end dates kept): not a column lost. Published at exit 0, X848 naming them.
    The rows holding a value counted on the export's first pass by either engine."""
    out = tmp_path / "out"
    dropped_by_mistake(tmp_path, out)
    monkeypatch.setattr(blanked_keep_out, "iter_rows", None)  # no read of its own
    undone = run(
        sds_v2(tmp_path / "n3", ended("st0") | dict.fromkeys(DROPPED, "")),
        out,
        "sds-v2",
        as_of=NEXT + dt.timedelta(days=1),
        engine=engine,
    )
    assert undone.exit_status == 0 and "X877" not in undone.report.counts, undone.report.counts
    (said,) = undone.report.examples["X848"]
    assert (said.where.file, said.where.column, said.params["back"], said.params["cleared"]) == (
        "roles.csv",
        "roleEndDate",
        3,
        3,
    )
    assert set(DROPPED) <= users(out) and "st0" not in users(out)


@pytest.mark.parametrize("lost", ["every row", "the other rows too", "left out long ago"])
def test_a_column_lost_after_a_drop_is_still_refused(tmp_path: Path, lost: str) -> None:
    """What X848 lets through is no lost column: blank on every row (the drop's end dates the
    column's only values: a lost column cannot be told from the drop undone, refused), or on all
    but st0's (the others' values lost), or the drop 9 days before and last.json that old (a
    school's rows blanked: those left out long ago back)."""
    out = tmp_path / "out"
    dropped_by_mistake(tmp_path, out, only=lost == "every row")
    ends = {
        "every row": dict.fromkeys(EVERYONE, ""),
        "the other rows too": {"st0": ENDED} | dict.fromkeys([p for p in EVERYONE if p != "st0"], ""),
        "left out long ago": ended("st0") | dict.fromkeys(DROPPED, ""),
    }[lost]
    later = NEXT + dt.timedelta(days=9 if lost == "left out long ago" else 1)
    refused = run(sds_v2(tmp_path / "n3", ends), out, "sds-v2", as_of=later)
    assert refused.exit_status == 1 and not refused.report.published and "X848" not in refused.report.counts
    assert refused.report.examples["X877"][0].params["back"] == 3
