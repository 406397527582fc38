"""The SIS drops the ended semester's sections at the semester turn (heldback63, from tester85).

A OneRoster export (focus) whose semester is a district-wide session: on the spring's first day the fall's
sections are gone from the export at both schools, the spring's are there. The gate judged each gone class
by the term of tonight's set that followed its own at its school, and tonight's set knew each session by the
school of the first class read of it: the second school's fall classes were "no term change", refused (X906)
every night with OUT kept after each upload, while OUT emptied published (X973). Both publish now (X937),
and what is no semester turn is still refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests import test_new_profile_looks as harbor
from transform import api
from transform.report import summary

COLUMNS = {
    "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
    "academicSessions.csv": "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
    "classes.csv": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
    "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
    "enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,"
    "beginDate,endDate",
    "users.csv": "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"
    "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password",
}
SESSIONS = [
    {"sourcedId": "Y", "title": "2026-2027", "type": "schoolYear", "startDate": "2026-08-10", "endDate": "2027-05-27"},
    {"sourcedId": "S1", "title": "Fall 2026", "type": "semester", "startDate": "2026-08-10", "endDate": "2026-12-18"},
    {"sourcedId": "S2", "title": "Spring 2027", "type": "semester", "startDate": "2027-01-05", "endDate": "2027-05-27"},
]
SCHOOLS = ("0481", "0482")
Rows = dict[str, list[dict[str, str]]]
NAMES = ("Ava", "Liam", "Mia", "Noah", "Zoe", "Owen")


def _rows(
    *,
    fall: bool,
    spring: bool,
    year: int = 1,
    sessions: list[dict[str, str]] = SESSIONS,
    spring_at: tuple[str, ...] = SCHOOLS,
) -> Rows:
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in COLUMNS}
    rows["orgs.csv"] = [{"sourcedId": s, "name": f"School {s}", "type": "school", "identifier": s} for s in SCHOOLS]
    rows["academicSessions.csv"] = [dict(s, schoolYear="2027") for s in sessions]
    for school in SCHOOLS:
        teacher = f"T{school}"
        rows["users.csv"].append(
            {"sourcedId": teacher, "enabledUser": "true", "orgSourcedIds": school, "role": "teacher"}
            | {"username": teacher, "givenName": "Pat", "familyName": f"Lee{school}", "email": f"{teacher}@x.org"}
        )
        classes = [("Y", f"Y{n}") for n in range(year)] + [("S1", f"{n}") for n in range(2, 5)] * fall
        classes += [("S2", f"{n}") for n in range(2, 5)] * (spring and school in spring_at)
        for term, period in classes:
            cid = f"C{school}-{term}-{period}"
            rows["classes.csv"].append(
                {"sourcedId": cid, "title": f"Class {cid}", "classCode": cid, "classType": "scheduled"}
                | {"schoolSourcedId": school, "termSourcedIds": term, "periods": period, "courseSourcedId": "K1"}
            )
            rows["enrollments.csv"].append(
                {"sourcedId": f"E{cid}-{teacher}", "classSourcedId": cid, "schoolSourcedId": school}
                | {"userSourcedId": teacher, "role": "teacher", "primary": "true"}
            )
            for n in range(len(NAMES)):
                student = f"S{school}{n}"
                rows["enrollments.csv"].append(
                    {"sourcedId": f"E{cid}-{student}", "classSourcedId": cid, "schoolSourcedId": school}
                    | {"userSourcedId": student, "role": "student", "primary": "false"}
                )
        for n, name in enumerate(NAMES):
            student = f"S{school}{n}"
            rows["users.csv"].append(
                {"sourcedId": student, "enabledUser": "true", "orgSourcedIds": school, "role": "student"}
                | {"username": student, "givenName": name, "familyName": f"Doe{school}", "grades": "05"}
            )
    return rows


def _exports(folder: Path, rows: Rows) -> Path:
    folder.mkdir(parents=True)
    for name, header in COLUMNS.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header.split(","), restval="")
            writer.writeheader()
            for row in rows[name]:
                writer.writerow({"status": "active", "dateLastModified": "2026-08-01", **row})
    return folder


def _night(tmp_path: Path, day: str, rows: Rows, *, empty: bool) -> api.RunResult:
    out = tmp_path / "out"
    if empty and out.is_dir():  # a pipeline moving OUT's files away after each upload (last.json kept)
        for path in out.glob("*.csv"):
            path.unlink()
    exports = _exports(tmp_path / day, rows)
    return api.run(api.RunOptions(profile="focus", in_dir=exports, out_dir=out, as_of=dt.date.fromisoformat(day)))


def _codes(result: api.RunResult) -> set[str]:
    return {p.code.id for p in result.problems if p.code.id[0] == "X"}


@pytest.fixture(scope="module")
def fall_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """December: the fall's and year's classes published, the spring's sections exported ahead (left out);
    built once, copied per test (`fall_copy`)."""
    folder = tmp_path_factory.mktemp("fall")
    first = _night(folder, "2026-12-01", _rows(fall=True, spring=True), empty=False)
    assert first.exit_status == 0 and first.report.published, [str(p) for p in first.problems]
    return folder


def _copied(base: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "district"
    shutil.copytree(base, folder, symlinks=True)
    return folder


@pytest.fixture
def fall_copy(fall_published: Path, tmp_path: Path) -> Path:
    return _copied(fall_published, tmp_path)


@pytest.mark.parametrize("empty", [False, True], ids=["out-kept", "out-emptied"])
def test_the_fall_dropped_on_the_springs_first_day_publishes_at_both_schools(fall_copy: Path, empty: bool) -> None:
    tmp_path = fall_copy
    result = _night(tmp_path, "2027-01-05", _rows(fall=False, spring=True), empty=empty)
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    assert "X906" not in _codes(result)
    if not empty:  # compared record by record: every fall class of both schools explained by its ended term
        classes = result.report.facts["changes"]["classes"]
        assert (classes["removed"], classes.get("term_ended")) == (6, 6)
        assert "X937" in result.report.examples


def test_a_running_terms_classes_dropped_are_still_refused(fall_copy: Path) -> None:
    """The year-long classes gone on the same night: no ended term explains them."""
    tmp_path = fall_copy
    result = _night(tmp_path, "2027-01-05", _rows(fall=False, spring=True, year=0), empty=False)
    assert result.exit_status == 1 and not result.report.published
    assert "X906" in _codes(result)


def test_the_fall_dropped_while_the_spring_is_not_exported_is_still_refused(fall_copy: Path) -> None:
    """The spring running with none of its sections: the fall's going is no semester turn."""
    tmp_path = fall_copy
    result = _night(tmp_path, "2027-01-05", _rows(fall=False, spring=False), empty=False)
    assert result.exit_status == 1 and not result.report.published


def test_the_fall_dropped_with_one_schools_spring_not_exported_is_refused_with_the_new_terms_step(
    tmp_path: Path,
) -> None:
    """Every removal counted is of the fall (ended by the last set's dates), school 0482's spring not exported:
    refused, and the step is the new term's sections, not only "Export it again whole"."""
    first = _night(tmp_path, "2026-12-01", _rows(fall=True, spring=True, year=3), empty=False)
    assert first.exit_status == 0
    result = _night(tmp_path, "2027-01-05", _rows(fall=False, spring=True, year=3, spring_at=("0481",)), empty=False)
    assert result.exit_status == 1 and not result.report.published
    assert {p.code.id for p in result.report.aborts} == {"X906"}
    step = summary.next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert "the new term's sections and schedule rows" in step and "Export it again whole" not in step, step


def test_a_fall_end_moved_before_tonight_only_tonight_explains_nothing(fall_copy: Path) -> None:
    """The fall's last day moved tonight from after tonight to before it, its classes gone: the last set's dates
    (it ran on to 2026-12-18) judge it, not tonight's edit."""
    tmp_path = fall_copy
    moved = [dict(s, endDate="2026-12-04") if s["sourcedId"] == "S1" else s for s in SESSIONS]
    moved = [dict(s, startDate="2026-12-07") if s["sourcedId"] == "S2" else s for s in moved]
    result = _night(tmp_path, "2026-12-08", _rows(fall=False, spring=True, sessions=moved), empty=False)
    assert result.exit_status == 1 and not result.report.published


@pytest.mark.parametrize("empty", [False, True], ids=["out-kept", "out-emptied"])
def test_the_fall_dropped_with_the_springs_sections_cut_at_one_school_is_refused(fall_copy: Path, empty: bool) -> None:
    """Every removal is of the fall, but school 0482's spring export holds 1 of its 3 sections: the spring's
    were exported ahead and never published, so their loss is no removal; 1 class new at 0482 for the 3 of the
    fall gone there is a cut export, refused as OUT emptied refuses it (review192 R1)."""
    tmp_path = fall_copy
    rows = _rows(fall=False, spring=True)
    gone = {f"C0482-S2-{n}" for n in (3, 4)}
    rows["classes.csv"] = [c for c in rows["classes.csv"] if c["sourcedId"] not in gone]
    rows["enrollments.csv"] = [e for e in rows["enrollments.csv"] if e["classSourcedId"] not in gone]
    result = _night(tmp_path, "2027-01-05", rows, empty=empty)
    assert result.exit_status == 1 and not result.report.published
    assert "X907" in _codes(result)


@pytest.fixture(scope="module")
def fall_only_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """December: the fall's and year's classes published, the spring's sections not exported ahead."""
    folder = tmp_path_factory.mktemp("fall-only")
    first = _night(folder, "2026-12-01", _rows(fall=True, spring=False), empty=False)
    assert first.exit_status == 0 and first.report.published, [str(p) for p in first.problems]
    return folder


@pytest.mark.parametrize("empty", [False, True], ids=["out-kept", "out-emptied"])
def test_the_spring_not_exported_ahead_then_cut_at_one_school_is_refused(
    fall_only_published: Path, tmp_path: Path, empty: bool
) -> None:
    """The fall dropped on the spring's first day, school 0482's spring export 1 of its 3 sections, never
    exported ahead: the class export does not shrink under half (no X907), and 1 class of the term begun since
    for the 3 of the fall gone there explains none of them (review197 R1: published at exit 0 with OUT kept)."""
    tmp_path = _copied(fall_only_published, tmp_path)
    rows = _rows(fall=False, spring=True)
    gone = {f"C0482-S2-{n}" for n in (3, 4)}
    rows["classes.csv"] = [c for c in rows["classes.csv"] if c["sourcedId"] not in gone]
    rows["enrollments.csv"] = [e for e in rows["enrollments.csv"] if e["classSourcedId"] not in gone]
    result = _night(tmp_path, "2027-01-05", rows, empty=empty)
    assert result.exit_status == 1 and not result.report.published, [str(p) for p in result.problems]
    if not empty:
        assert {p.code.id for p in result.report.aborts} == {"X906"}
        step = summary.next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
        assert "school 0482 (1 for 3 gone)" in step and "--allow-rollover" in step, step


def test_the_spring_not_exported_ahead_whole_publishes(fall_only_published: Path, tmp_path: Path) -> None:
    """The control: the fall dropped, every school's spring whole, never exported ahead."""
    tmp_path = _copied(fall_only_published, tmp_path)
    result = _night(tmp_path, "2027-01-05", _rows(fall=False, spring=True), empty=False)
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    classes = result.report.facts["changes"]["classes"]
    assert (classes["removed"], classes.get("term_ended")) == (6, 6)


# A profile whose classes carry no term ID (no filters.current_term: the harbor district of the tests), the
# sections' own dates read: only last.json's terms_published dates the fall's classes gone (tester85 t_harbor.py).
FALL = [(f"C{n}", f"Course {n}", "S1", "08/20/2026", "01/15/2027") for n in range(1, 6)]
SPRING = [(f"C{n + 20}", f"Spring {n}", "S2", "01/19/2027", "06/04/2027") for n in range(1, 6)]
YEAR = [(f"C{n + 40}", f"Year {n}", "YR", "08/20/2026", "06/04/2027") for n in range(1, 5)]


def _harbor_night(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    day: str,
    sections: list[tuple[str, str, str, str, str]],
    *,
    empty: bool,
) -> api.RunResult:
    out = tmp_path / "out"
    if empty and out.is_dir():
        for path in out.glob("*.csv"):
            path.unlink()
    monkeypatch.setattr(harbor, "SECTIONS", sections)
    return harbor._run(harbor._district(tmp_path / day, term=""), out, dt.date.fromisoformat(day))


def _harbor_first(folder: Path, day: str) -> Path:
    """The fall's classes published on `day`; built once per module, copied per test."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        first = _harbor_night(folder, monkeypatch, day, FALL + YEAR, empty=False)
    assert first.exit_status == 0 and first.report.published, [str(p) for p in first.problems]
    return folder


@pytest.fixture(scope="module")
def harbor_fall_last_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _harbor_first(tmp_path_factory.mktemp("harbor-last"), "2027-01-15")


@pytest.fixture(scope="module")
def harbor_fall_running(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _harbor_first(tmp_path_factory.mktemp("harbor-running"), "2027-01-08")


@pytest.mark.parametrize("empty", [False, True], ids=["out-kept", "out-emptied"])
def test_a_profile_without_term_ids_publishes_the_fall_dropped_on_the_springs_first_day(
    harbor_fall_last_day: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty: bool
) -> None:
    tmp_path = _copied(harbor_fall_last_day, tmp_path)
    result = _harbor_night(tmp_path, monkeypatch, "2027-01-19", SPRING + YEAR, empty=empty)
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    if not empty:
        classes = result.report.facts["changes"]["classes"]
        assert (classes["removed"], classes.get("term_ended")) == (5, 5)
        assert "X937" in result.report.examples


def test_a_profile_without_term_ids_losing_a_running_terms_classes_is_still_refused(
    harbor_fall_running: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fall's classes gone before its last day (by the dates last.json recorded), the spring's exported."""
    tmp_path = _copied(harbor_fall_running, tmp_path)
    result = _harbor_night(tmp_path, monkeypatch, "2027-01-12", SPRING + YEAR, empty=False)
    assert result.exit_status == 1 and not result.report.published


def test_a_profile_without_term_ids_publishing_through_the_break_publishes_the_fall_dropped(
    harbor_fall_last_day: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A nightly job: the fall (ended 01-15) still exported on 01-18, published; dropped on the spring's first
    day. The last set was made after the fall ended, a break at most: still the term change (review192 R2)."""
    tmp_path = _copied(harbor_fall_last_day, tmp_path)
    eve = _harbor_night(tmp_path, monkeypatch, "2027-01-18", FALL + YEAR, empty=False)
    assert eve.exit_status == 0 and eve.report.published, [str(p) for p in eve.problems]
    result = _harbor_night(tmp_path, monkeypatch, "2027-01-19", SPRING + YEAR, empty=False)
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    classes = result.report.facts["changes"]["classes"]
    assert (classes["removed"], classes.get("term_ended")) == (5, 5)


@pytest.mark.parametrize("empty", [False, True], ids=["out-kept", "out-emptied"])
def test_a_profile_without_term_ids_with_the_springs_sections_cut_is_refused(
    harbor_fall_last_day: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty: bool
) -> None:
    """The fall dropped on the spring's first day and 1 of the spring's 5 sections exported, never ahead, the
    year's 4 classes kept (the class export does not shrink under half): every removal is of the fall, but 1
    class of the term begun since for 5 gone is a cut export (review192 R1, review197 probe_harbor.py H11)."""
    tmp_path = _copied(harbor_fall_last_day, tmp_path)
    result = _harbor_night(tmp_path, monkeypatch, "2027-01-19", SPRING[:1] + YEAR, empty=empty)
    assert result.exit_status == 1 and not result.report.published, [str(p) for p in result.problems]
    if not empty:
        assert {p.code.id for p in result.report.aborts} == {"X906"}
