"""Issue-level rostering rules, asserted by name on the fixture runs (the goldens pin the bytes)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_golden import run_case
from transform import api

PS = FIXTURES / "powerschool"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run(tmp_path: Path, case: str) -> tuple[int, dict[str, list[dict[str, str]]], list[dict[str, str]]]:
    out, explain = tmp_path / "out", tmp_path / "explain.csv"
    result = run_case(PS / case, out, explain=explain)
    tables = {p.stem: rows(p) for p in out.glob("*.csv")} if out.exists() else {}
    return result.exit_status, tables, rows(explain)


def by_id(table: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["sourcedId"]: row for row in table}


def test_siblings_share_one_guardian_and_emergency_contacts_are_not_users(tmp_path: Path) -> None:
    status, tables, _ = run(tmp_path, "rostering")
    assert status == 0
    users = by_id(tables["users"])
    guardians = {u["givenName"] + " " + u["familyName"]: u for u in users.values() if u["role"] == "parent"}
    rose = guardians["Rose Quinn"]
    assert rose["agentSourcedIds"] == "1001,1002" and rose["orgSourcedIds"] == "100,200"
    assert users["1001"]["agentSourcedIds"] == users["1002"]["agentSourcedIds"] == rose["sourcedId"]
    assert guardians["Lia Diaz"]["agentSourcedIds"] == "1003,1004"  # matched on a reformatted phone
    assert "Sam Quinn" not in guardians  # only an emergency phone
    assert "Ivy Lamb" not in guardians  # her only child is withdrawn
    assert not any(
        u["agentSourcedIds"] and u["role"] == "parent" and not u["email"] and not u["phone"] for u in users.values()
    )


def test_guardian_ids_are_stable_when_a_sibling_leaves(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    _, before, _ = run(tmp_path / "a", "rostering")
    exports = tmp_path / "in"
    exports.mkdir()
    for source in (PS / "rostering" / "in").iterdir():
        text = source.read_bytes()
        if source.name == "students.txt":  # the older Quinn sibling leaves
            text = b"\r\n".join(line for line in text.split(b"\r\n") if not line.startswith(b"2\t1002"))
        (exports / source.name).write_bytes(text)
    case = tmp_path / "case"
    case.mkdir()
    (case / "case.yaml").write_text(
        f'profile: {PS / "rostering" / "district.yaml"}\nin: {exports}\nas_of: "2026-10-15"\n', encoding="utf-8"
    )
    result = run_case(case, tmp_path / "out2")
    assert result.exit_status == 0
    after = by_id(rows(tmp_path / "out2" / "users.csv"))
    rose_before = next(u for u in before["users"] if u["givenName"] == "Rose")
    rose_after = next(u for u in after.values() if u["givenName"] == "Rose")
    assert rose_after["sourcedId"] == rose_before["sourcedId"]
    assert rose_after["agentSourcedIds"] == "1001" and rose_after["orgSourcedIds"] == "100"


def test_one_teacher_two_schools_and_co_teachers(tmp_path: Path) -> None:
    _, tables, _ = run(tmp_path, "rostering")
    assert by_id(tables["users"])["T1"]["orgSourcedIds"] == "100,200"
    math = {
        e["userSourcedId"]: (e["role"], e["primary"])
        for e in tables["enrollments"]
        if e["classSourcedId"] == "101" and e["role"] != "student"
    }
    assert math == {"T1": ("teacher", "true"), "T3": ("teacher", "false"), "T4": ("aide", "false")}


def test_opted_in_homeroom_exclusion_keeps_the_listed_course(tmp_path: Path) -> None:
    _, tables, explain = run(tmp_path, "rostering")
    titles = {c["title"] for c in tables["classes"]}
    assert "Homeroom - HR" in titles
    assert not any("Advisory" in t or "Lunch" in t or "Homeroom Middle" in t for t in titles)
    reasons = {(e["sourcedId"], e["reason"]) for e in explain if e["table"] == "classes"}
    assert {("204", "class-excluded-pattern"), ("205", "class-excluded-pattern")} <= reasons


def test_winter_break_adds_the_upcoming_semester(tmp_path: Path) -> None:
    status, tables, _ = run(tmp_path, "rostering-winter-break")
    assert status == 0
    terms = {(c["schoolSourcedId"], c["termSourcedIds"]) for c in tables["classes"]}
    assert ("200", "200-3602") in terms and ("200", "200-3601") not in terms
    assert ("100", "100-3602") in terms and ("200", "200-3600") in terms


def test_summer_with_no_upcoming_term_publishes_nothing_and_nobody_must_act(tmp_path: Path) -> None:
    """Every term ended in May, the next year's are not exported yet: the expected pause (exit 0)."""
    out = tmp_path / "out"
    result = run_case(PS / "rostering-summer", out)
    assert result.exit_status == 0 and not result.problems and not result.report.published
    [pause] = result.report.examples["F422"]
    assert "the last (Semester 2) on 2027-05-28" in pause.message and "no set published yet" in pause.message
    assert not out.exists()


def _as_of(case: Path, day: str, tmp_path: Path) -> Path:
    """The summer case at another as-of date."""
    copy = tmp_path / "case"
    copy.mkdir(parents=True)
    text = (case / "case.yaml").read_text(encoding="utf-8").replace("2027-07-15", day)
    (copy / "case.yaml").write_text(
        text.replace("../rostering/", str(case.parent / "rostering") + "/"), encoding="utf-8"
    )
    return copy


def test_an_export_whose_terms_ended_long_ago_is_stale_and_refused(tmp_path: Path) -> None:
    result = run_case(_as_of(PS / "rostering-summer", "2027-12-01", tmp_path), tmp_path / "out")
    assert result.exit_status == 1
    assert [p.code.id for p in result.problems] == ["X905"]
    assert "Semester 2 2027-01-19 to 2027-05-28" in result.problems[0].message
    # the export to look at, by its file (tester44 F13 item 4)
    assert (
        result.problems[0].where.file == "terms.txt"
        and "terms found (read from terms.txt): " in result.problems[0].message
    )
    assert not (tmp_path / "out").exists()


def test_last_years_export_after_the_new_year_began_is_refused_not_a_summer(tmp_path: Path) -> None:
    """The exports still hold 2026-27 (a template filtered to last year) when 2027-28 has begun:
    every night said "nothing to publish" (F422, exit 0) until day 120, six weeks into the year
    (tester29 F4). The year started on 2026-08-17: to 2027-08-31, a year and two weeks later, a
    district whose first day moves by a week or two is still waiting (exit 0); from 2027-09-01
    it is refused (X994, exit 1), naming the year's start."""
    summer = PS / "rostering-summer"
    waiting = run_case(_as_of(summer, "2027-08-31", tmp_path / "a"), tmp_path / "out")
    assert waiting.exit_status == 0 and not waiting.problems and waiting.report.counts["F422"]
    begun = run_case(_as_of(summer, "2027-09-01", tmp_path / "b"), tmp_path / "out")
    assert begun.exit_status == 1 and not begun.report.published
    [stop] = begun.problems
    assert stop.code.id == "X994" and "F422" not in begun.report.counts
    assert "their school year started on 2026-08-17, and past 2027-08-31" in stop.message
    assert stop.where.file == "terms.txt" and "classes run in (read from terms.txt) ended by" in stop.message
    assert not (tmp_path / "out").exists()


def test_before_the_first_term_nothing_is_due_until_it_starts(tmp_path: Path) -> None:
    result = run_case(_as_of(PS / "rostering-summer", "2026-07-01", tmp_path), tmp_path / "out")
    assert result.exit_status == 0 and not result.report.published
    [pause] = result.report.examples["F421"]
    assert pause.message.startswith("nothing to publish until 2026-2027 starts on 2026-08-17")


def test_users_only_keeps_schools_on_users_and_writes_class_headers(tmp_path: Path) -> None:
    status, tables, _ = run(tmp_path, "rostering-users-only")
    assert status == 0
    assert tables["classes"] == [] and tables["enrollments"] == []
    assert (tmp_path / "out" / "classes.csv").read_text(encoding="utf-8").startswith("sourcedId,status,")
    assert by_id(tables["users"])["1002"]["orgSourcedIds"] == "200"


def test_only_rostered_schools(tmp_path: Path) -> None:
    _, tables, explain = run(tmp_path, "rostering-one-school")
    assert [o["sourcedId"] for o in tables["orgs"]] == ["100"]
    assert {u["orgSourcedIds"] for u in tables["users"]} == {"100"}
    assert {(e["file"], e["sourcedId"], e["reason"]) for e in explain if e["table"] == "orgs"} == {
        ("schools.txt", "200", "school-not-rostered")
    }


def test_explain_lists_every_kind_of_drop_of_the_sample_district(tmp_path: Path) -> None:
    _, _, explain = run(tmp_path, "district")
    dropped = {(e["table"], e["sourcedId"], e["reason"]) for e in explain}
    assert ("classes", "1005", "class-excluded-pattern") in dropped  # Lunch
    assert ("classes", "2004", "class-excluded-pattern") in dropped  # Study Hall
    assert ("enrollments", "'-2003-5017", "dropped-enrollment") in dropped  # shown, never run by a spreadsheet
    assert ("users", "5008", "inactive-student") in dropped
    assert all(e["file"] and e["code"] and e["detail"] for e in explain)


def test_classes_kept_without_term_dates_are_each_warned_about(tmp_path: Path) -> None:
    """A OneRoster export with no academicSessions rows, published anyway (--allow-incomplete:
    without it, classes naming terms no export dates are refused, X954,
    tests/test_oneroster_manifest_and_terms.py): the classes are kept, since it cannot tell which
    are this term's, and it says so for each one instead of publishing quietly."""
    import datetime as dt
    import shutil

    from transform import api

    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    sessions = exports / "academicSessions.csv"
    sessions.write_text(sessions.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = api.run(
        api.RunOptions(
            profile="oneroster",
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            allow_incomplete=True,
        )
    )
    assert result.report.published and result.exit_status == 1  # published, but said (F453)
    assert "X918" in result.report.counts and "F453" in result.report.counts
    kept = rows(tmp_path / "out" / "classes.csv")
    assert kept and result.report.counts["F420"] >= len(kept)
    warned = {p.where.record for p in result.report.examples["F420"]}
    assert {c["sourcedId"] for c in kept} <= warned


def _pinned(out: Path, as_of: str, now: str) -> api.RunResult:
    """The rostering district run with --as-of given and the clock at another day."""
    case = PS / "rostering"
    clock = dt.datetime.fromisoformat(now).astimezone()
    exports = out.parent / f"in-{now.replace(':', '')}"
    if not exports.exists():
        shutil.copytree(case / "in", exports)
    for path in exports.iterdir():  # the SIS exported them an hour before (X971 reads the times)
        os.utime(path, (clock.timestamp() - 3600, clock.timestamp() - 3600))
    return api.run(
        api.RunOptions(
            profile=str(case / "district.yaml"),
            in_dir=exports,
            out_dir=out,
            as_of=dt.date.fromisoformat(as_of),
            now=clock,
        )
    )


def test_the_summer_pause_names_the_last_sets_as_of_date_not_the_clocks_alone(tmp_path: Path) -> None:
    """F422 said 'last published set 2026-12-03', the clock's day, beside 'every term ended by
    2027-07-15', the as-of date (tester10 12): it names the set by its as-of date, and the clock's
    day only where it is another."""
    out = tmp_path / "out"
    assert _pinned(out, "2027-05-20", "2026-12-03T02:30").exit_status == 0
    [pause] = _pinned(out, "2027-07-15", "2026-12-04T02:30").report.examples["F422"]
    assert "every term ended by 2027-07-15" in pause.message
    assert "; the last published set is as of 2027-05-20 (published on 2026-12-03 by the clock);" in pause.message
    assert _pinned(out, "2027-05-21", "2027-05-21T02:30").exit_status == 0  # a nightly run: one day
    [pause] = _pinned(out, "2027-07-15", "2027-07-15T02:30").report.examples["F422"]
    assert "; the last published set is as of 2027-05-21; the output" in pause.message


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_user_only_at_an_excluded_school_the_schools_export_lacks_is_left_out_on_purpose(
    tmp_path: Path, engine: str
) -> None:
    """Ana Lopez (T1) is inactive at school 100 and active only at 0, PowerSchool's District
    Office (settings.exclude_schools), which schools.txt does not list; Cai Wu (T3) is active at
    100 and at 0. Before, Ana was left out as "'0' is not in orgs.csv" (V502, a warning, and a
    V505), and Cai's 0 was pruned with a V505 warning (tester27 3.1). The profile leaves out a
    user only at an excluded school on purpose: Ana is F404 school-not-rostered (info), saying
    settings.exclude_schools; Cai keeps 100 without a word. Neither outcome changes."""
    case = tmp_path / "case"
    shutil.copytree(PS / "rostering", case, ignore=shutil.ignore_patterns("expected"))
    teachers = case / "in" / "teachers.txt"
    text = teachers.read_text(encoding="utf-8")
    assert "1\tT1\t100\t" in text and "11\tT1\t200\t" in text
    text = text.replace("\t1\t1\n", "\t2\t1\n", 1).replace("11\tT1\t200\t", "11\tT1\t0\t")
    teachers.write_text(text + "13\tT3\t0\tCai\tWu\tcwu@cedar.example.org\t1\t1\n", encoding="utf-8")
    explain = tmp_path / "explain.csv"
    result = run_case(case, tmp_path / "out", explain=explain, engine=engine)
    assert result.exit_status == 0
    users = by_id(rows(tmp_path / "out" / "users.csv"))
    assert "T1" not in users
    assert users["T3"]["orgSourcedIds"] == "100"
    assert not {"V502", "V505"} & set(result.report.counts)
    [excluded] = result.report.examples["F404"]
    assert (excluded.where.file, excluded.where.line, excluded.where.record) == ("teachers.txt", 3, "T1")
    assert excluded.message == ("users: school not rostered (orgSourcedIds is in settings.exclude_schools; found '0')")
    follows = [e for e in rows(explain) if e["code"] == "V504" and e["sis_number"] == "T1"]
    assert follows and all(e["caused_by"].startswith(("F401", "F404")) for e in follows)


def test_a_school_year_session_of_the_administrative_year_does_not_start_the_school_year() -> None:
    """A school-year session of 1 July to 30 June (the district's administrative year) is not its
    first day of school: from mid-July every summer night was refused as X994 (tester31 F1). The
    semesters say when school started; a year session alone says nothing (X905 at day 120)."""
    from transform.pipeline.filters import Term, _refuse_year_passed
    from transform.report.problem import TransformAbort

    year = Term("100", "2026-2027", dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    first = Term("100", "Semester 1", dt.date(2026, 8, 24), dt.date(2027, 1, 15))
    second = Term("100", "Semester 2", dt.date(2027, 1, 19), dt.date(2027, 6, 11))
    for as_of in (dt.date(2027, 7, 16), dt.date(2027, 9, 7)):
        _refuse_year_passed({year, first, second}, year, as_of)  # not refused: school starts 24 August
        _refuse_year_passed({year}, year, as_of)
    with pytest.raises(TransformAbort) as refused:
        _refuse_year_passed({year, first, second}, year, dt.date(2027, 9, 8))
    assert refused.value.problems[0].code.id == "X994"
