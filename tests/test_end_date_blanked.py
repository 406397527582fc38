"""A keep-out column that lost its values (tester63 S2: SDS v2.1 roles.csv roleEndDate, OneRoster
1.2 endDate, emptied: the withdrawn back at exit 0; tester64 A4: a status blanked). Judged by the
people it left out last night (pipeline.blanked_keep_out): most of those still in the export back
with the cell blank, at least 3, is refused (X877); new people, and rows gone, are no evidence
(review127 R1-R4: a new year's, a new term's first export, a current-only extract). Each district
is written here, small; each test runs few nights."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from transform import api
from transform.pipeline import blanked_keep_out, gate
from transform.report import summary

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


DROPPED = ("st4", "st5", "st6", "st7")
WEEK = ("st1", "st2")  # withdrawn the night before the drop


def test_only_one_nights_drop_undone_is_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tester68 H1, review132 R1: night 1 st0 withdrawn, night 2 st1 and st2, night 3 a registrar's
    mass drop by mistake end-dates four more (published under a removal limit a real district's
    size gives), night 4 a quiet night. On night 5 a refused night leaves last.json as it was, so
    each refusal is tried on it: a lost column is no drop undone. Last, the drop undone (its four
    end dates cleared, the others kept): published at exit 1 (X848, a person confirms), naming the
    drop's night, not the quiet night's. Counted on the export's first pass by either engine."""
    out, day = tmp_path / "out", {n: AS_OF + dt.timedelta(days=n - 1) for n in range(1, 6)}
    history = [ended("st0"), ended("st0", *WEEK), ended("st0", *WEEK, *DROPPED), ended("st0", *WEEK, *DROPPED)]
    for n, ends in enumerate(history, start=1):
        night = run(sds_v2(tmp_path / f"n{n}", ends), out, "sds-v2", as_of=day[n], max_removal=100)
        assert night.exit_status == 0 and night.report.published, (n, night.report.counts)
    assert not {"st0", *WEEK, *DROPPED} & users(out)
    monkeypatch.setattr(blanked_keep_out, "iter_rows", None)  # no read of its own
    kept, cleared = ended("st0", *WEEK), dict.fromkeys(DROPPED, "")
    others = tuple(p for p in EVERYONE if p not in WEEK)  # st1's and st2's rows purged
    lost = {  # tonight's end dates, the night, those back blank, the people exported
        "several nights (the students' rows lost)": (ended("st0") | dict.fromkeys((*WEEK, *DROPPED), ""), 6, EVERYONE),
        "one left out earlier back too": (ended(*WEEK) | cleared | {"st0": ""}, 5, EVERYONE),
        "every row": (dict.fromkeys(EVERYONE, ""), 7, EVERYONE),
        "the other rows too": (dict.fromkeys(others, "") | ended("st0"), 4, others),
        "the drop over a week ago": (kept | cleared, 4, EVERYONE),
    }
    for n, (why, (ends, back, people)) in enumerate(lost.items()):
        on = day[3] + dt.timedelta(days=8) if "week" in why else day[5]
        refused = run(sds_v2(tmp_path / f"lost{n}", ends, people=people), out, "sds-v2", as_of=on, engine="python")
        assert refused.exit_status == 1 and not refused.report.published, why
        assert "X848" not in refused.report.counts and refused.report.examples["X877"][0].params["back"] == back, why
    undone = run(sds_v2(tmp_path / "n5", kept | cleared), out, "sds-v2", as_of=day[5], engine="columnar")
    assert undone.exit_status == 1 and undone.report.published and "X877" not in undone.report.counts
    (said,) = undone.report.examples["X848"]
    assert (said.where.file, said.where.column) == ("roles.csv", "roleEndDate")
    assert (said.params["back"], said.params["night"], said.params["left"]) == (4, day[3].isoformat(), 4)
    assert set(DROPPED) <= users(out) and not {"st0", *WEEK} & users(out)
    assert summary.to_check(undone.report) == [said]


def test_the_nights_first_left_out_kept_a_week(monkeypatch: pytest.MonkeyPatch) -> None:
    """last.json's keep_out_since: an ID still left out keeps the night it was first left out for
    RECENT_DAYS, then is forgotten (never recent again); one not left out last night is dated
    tonight, unless last night's IDs were a full sample (KEPT, the smallest hashes) and it is
    above them: it may have been left out then, unsampled, so its night is unknown (review132 R2:
    a district's old leavers taken for tonight's)."""
    today = dt.date(2026, 9, 10)
    before = blanked_keep_out.Since(5, {1: "2026-09-03", 2: "2026-09-02", 4: "2026-09-09"})
    dated = blanked_keep_out._dated([1, 2, 3, 4, 9], {1, 2, 4, 8}, before, today)
    assert dated == {"left_on": {"2026-09-03": [1], "2026-09-10": [3, 9], "2026-09-09": [4]}}
    monkeypatch.setattr(blanked_keep_out, "KEPT", 4)
    dated = blanked_keep_out._dated([1, 2, 3, 4, 9], {1, 2, 4, 8}, before, today)
    assert dated == {"left_on": {"2026-09-03": [1], "2026-09-10": [3], "2026-09-09": [4]}}
    assert blanked_keep_out._dated([1], None, before, today) == {"left_on": {}}  # not recorded last night


def test_a_burst_is_one_recent_nights_left_out_most_of_them_back() -> None:
    """What X848 lets through (review132 R1): those back blank (1-3) all first left out on one night
    of the last 7 days, most of that night's left-out, the column holding values on at least half
    as many rows as the others held last night; anything else is X877's to judge."""
    today, night, before = dt.date(2026, 9, 10), "2026-09-08", "2026-09-07"
    burst = blanked_keep_out._burst
    dates = {1: night, 2: night, 3: night, 4: night, 5: before, 6: "2026-09-01"}
    assert burst({1, 2, 3}, 7, blanked_keep_out.Since(10, dates), today) == (night, 4)
    assert burst({1, 2, 3}, 7, blanked_keep_out.Since(10, dates | {7: night, 8: night}), today) is None  # 3 of 6
    assert burst({1, 2, 3, 5}, 7, blanked_keep_out.Since(10, dates), today) is None  # two nights
    assert burst({1, 2, 3, 9}, 7, blanked_keep_out.Since(10, dates), today) is None  # one undated (older)
    assert burst({1, 2, 3}, 3, blanked_keep_out.Since(10, dates), today) is None  # the others' values lost
    assert burst({1, 2, 3}, 7, None, today) is None  # not recorded
    assert burst({1, 2, 3}, 7, blanked_keep_out.Since(10, dates), dt.date(2026, 9, 16)) is None  # 8 days ago


def test_people_who_re_enrolled_are_no_evidence_when_their_ended_row_goes(tmp_path: Path) -> None:
    """tester90 T2a: three students re-enrolled during the year (an ended row beside a running one,
    published through it) and one withdrew; the new year's export holds one row of each returning
    student, its end date not yet set, and none of the leaver. The ended rows left out rows, not
    people: the set is published, no X877."""
    out, profile = tmp_path / "out", "sds-v2"
    moved = ("st3", "st4", "st5")
    first = sds_v2(tmp_path / "n1", ended("st7"))
    with (first / "roles.csv").open("a", encoding="utf-8") as roles:
        roles.writelines(f"{p},s1,student,2026-08-20,2026-10-01\n" for p in moved)
    assert run(first, out, profile).exit_status == 0
    assert set(moved) <= users(out) and "st7" not in users(out)
    people = tuple(p for p in EVERYONE if p != "st7")
    second = run(sds_v2(tmp_path / "n2", dict.fromkeys(people, ""), people=people), out, profile, as_of=NEXT)
    assert "X877" not in second.report.counts
    assert second.exit_status == 0 and set(moved) <= users(out)


def _edited(roles: Path, edit: str) -> None:
    """The template edit the night the column's values are lost: a column added, the columns
    reordered (role before orgSourcedId), or roleStartDate's format changed; '' none."""
    with roles.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if edit == "column added":
        rows = [[*row, "grade" if i == 0 else "09"] for i, row in enumerate(rows)]
    elif edit == "reordered":
        rows = [[row[0], row[2], row[1], *row[3:]] for row in rows]
    elif edit == "date format":
        rows = [rows[0]] + [[*row[:3], row[3].replace("-", "/"), *row[4:]] for row in rows[1:]]
    with roles.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(
    ("night", "engine", "edit"),
    [
        ("new year", "python", ""),
        ("unchanged", "python", ""),
        ("column lost", "python", ""),
        ("column lost", "columnar", ""),
        ("column lost", "python", "column added"),
        ("column lost", "python", "reordered"),
        ("column lost", "columnar", "date format"),
    ],
)
def test_re_enrolled_people_are_recorded_by_their_rows(tmp_path: Path, night: str, engine: str, edit: str) -> None:
    """review212 R1, review217 R1: three students re-enrolled (a summer stint's row ended beside the
    year's running row) and one withdrew. The re-enrolled are recorded as moved, with how many rows
    they have: the new year's export without their ended rows (each running row's end date not yet
    set) is published; as many rows of theirs still there with every end date blank is the column
    lost, refused (X877; their ended rows still dated, published), though only one withdrawn student
    is back otherwise (counted by either engine), and so it is when the template edit that lost the
    values also added a column, reordered them or changed a date's format (each row's other cells
    changed too)."""
    out, profile = tmp_path / "out", "sds-v2"
    moved = ("st3", "st4", "st5")
    first = sds_v2(tmp_path / "n1", ended("st7"))
    with (first / "roles.csv").open("a", encoding="utf-8") as roles:
        roles.writelines(f"{p},s1,student,2026-06-01,2026-07-15\n" for p in moved)
    assert run(first, out, profile).exit_status == 0
    assert set(moved) <= users(out) and "st7" not in users(out)
    if night == "unchanged":  # their ended rows still dated, their running rows' end dates not set
        kept = sds_v2(tmp_path / "n2", ended("st7") | dict.fromkeys(moved, ""))
        with (kept / "roles.csv").open("a", encoding="utf-8") as roles:
            roles.writelines(f"{p},s1,student,2026-06-01,2026-07-15\n" for p in moved)
        second = run(kept, out, profile, as_of=NEXT)
        assert "X877" not in second.report.counts and second.exit_status == 0
        return
    if night == "new year":
        people = tuple(p for p in EVERYONE if p != "st7")
        second = run(sds_v2(tmp_path / "n2", dict.fromkeys(people, ""), people=people), out, profile, as_of=NEXT)
        assert "X877" not in second.report.counts
        assert second.exit_status == 0 and set(moved) <= users(out)
        return
    lost = sds_v2(tmp_path / "n2", dict.fromkeys(EVERYONE, ""))
    with (lost / "roles.csv").open("a", encoding="utf-8") as roles:
        roles.writelines(f"{p},s1,student,2026-06-01,\n" for p in moved)
    _edited(lost / "roles.csv", edit)
    second = run(lost, out, profile, as_of=NEXT, engine=engine)
    assert second.report.counts["X877"] == 1 and second.exit_status == 1
    assert "st7" not in users(out)
    # the re-enrolled were not left out: said apart (review222 R3: 'the people it left out', all four)
    (refused,) = second.report.examples["X877"]
    assert (
        "for 4 people: 1 it left out last night, and 3 whose ended row it left out beside a row of theirs it "
        "published (" in refused.message
    ), refused.message
    assert "4 records it left out (3 of them ended rows of people it published by another row) in the export" in (
        refused.message
    )


@pytest.mark.parametrize("night", ["new year", "column lost"])
def test_an_upgrade_from_a_record_without_the_movers_judges_those_published_as_movers(
    tmp_path: Path, night: str
) -> None:
    """review222 R2: a last.json of a version before keep_out_moved recorded the re-enrolled (an ended
    row beside a running one, published) among those the end date left out. The new year's export
    without their ended rows (each running row's end date blank) was X877, and every night after until
    --allow-incomplete (a refused night keeps the old record). An ID of that record the last set
    published is a mover of at least two rows: that night is published; the column lost (both rows
    still there, every end date blank) is still refused."""
    out, profile = tmp_path / "out", "sds-v2"
    moved = ("st3", "st4", "st5")
    first = sds_v2(tmp_path / "n1", ended("st7"))
    with (first / "roles.csv").open("a", encoding="utf-8") as roles:
        roles.writelines(f"{p},s1,student,2026-06-01,2026-07-15\n" for p in moved)
    assert run(first, out, profile).exit_status == 0
    record = gate.state_folder(out) / "last.json"
    state = json.loads(record.read_text(encoding="utf-8"))
    movers = state.pop(blanked_keep_out.MOVED)  # as the older version wrote it: every one left out
    for source, columns in movers.items():
        for column, pairs in columns.items():
            left = state[blanked_keep_out.KEY][source][column]
            left[:] = sorted({*left, *(h for h, _ in pairs)})
    assert any(pairs for columns in movers.values() for pairs in columns.values())
    record.write_text(json.dumps(state), encoding="utf-8")
    if night == "new year":
        people = tuple(p for p in EVERYONE if p != "st7")
        second = run(sds_v2(tmp_path / "n2", dict.fromkeys(people, ""), people=people), out, profile, as_of=NEXT)
        assert "X877" not in second.report.counts and second.exit_status == 0 and set(moved) <= users(out)
        return
    lost = sds_v2(tmp_path / "n2", dict.fromkeys(EVERYONE, ""))
    with (lost / "roles.csv").open("a", encoding="utf-8") as roles:
        roles.writelines(f"{p},s1,student,2026-06-01,\n" for p in moved)
    second = run(lost, out, profile, as_of=NEXT)
    assert second.report.counts["X877"] == 1 and second.exit_status == 1 and "st7" not in users(out)
