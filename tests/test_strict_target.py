"""The strict OneRoster target (issue 17, items 9 and 10): the same classes and enrolments as
the Remind set of one export, built school years, terms and courses where a SIS has none,
class grades in the students' vocabulary, and a validator that catches what is fixed."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_validate_command import edit, target_of
from transform import api
from transform.oneroster.spec import GRADES_REMIND
from transform.pipeline.complete import ends_in

STRICT = sorted(p for p in FIXTURES.glob("*/*-oneroster/case.yaml"))
CASES = sorted(p for p in FIXTURES.glob("*/*/case.yaml") if not p.parent.name.endswith("-oneroster"))


def rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def explained(expected: Path, code: str) -> set[str]:
    """The sourcedIds the run's explain file leaves out with this code."""
    return {row["sourcedId"] for row in rows(expected / "explain.txt") if row["code"] == code}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.parent.name}" for c in CASES])
def test_every_case_has_a_strict_twin(case: Path) -> None:
    twin = case.parent.with_name(f"{case.parent.name}-oneroster") / "case.yaml"
    assert twin.exists(), f"add {twin.relative_to(FIXTURES)} (options: {{target: oneroster}})"
    assert target_of(twin.parent / "expected") == "oneroster"


@pytest.mark.parametrize("case", STRICT, ids=[f"{c.parent.parent.name}/{c.parent.name}" for c in STRICT])
def test_strict_and_remind_sets_hold_the_same_classes_and_enrolments(case: Path) -> None:
    """DESIGN §2: an aide is enrolled as a teacher in the strict set, and staff without email
    are left out of Remind's (V506), with their enrolments; parents are enrolled in neither."""
    strict = case.parent / "expected"
    remind = case.parent.with_name(case.parent.name.removesuffix("-oneroster")) / "expected"
    classes = {r["sourcedId"] for r in rows(strict / "classes.csv")}
    assert classes == {r["sourcedId"] for r in rows(remind / "classes.csv")}
    no_email = explained(remind, "V506")
    as_strict = {"aide": "teacher"}
    remind_enrolled = {
        (r["classSourcedId"], r["userSourcedId"], as_strict.get(r["role"], r["role"]))
        for r in rows(remind / "enrollments.csv")
    }
    strict_enrolled = {(r["classSourcedId"], r["userSourcedId"], r["role"]) for r in rows(strict / "enrollments.csv")}
    assert strict_enrolled - {e for e in strict_enrolled if e[1] in no_email} == remind_enrolled
    strict_users = {r["sourcedId"]: r for r in rows(strict / "users.csv")}
    assert no_email <= set(strict_users), "staff without email are kept in the strict set"
    for user in no_email:  # the export's username, else the sourcedId
        assert strict_users[user]["username"]


@pytest.mark.parametrize("case", STRICT, ids=[f"{c.parent.parent.name}/{c.parent.name}" for c in STRICT])
def test_every_strict_session_hangs_under_a_school_year_of_the_year_it_ends(case: Path) -> None:
    sessions = {r["sourcedId"]: r for r in rows(case.parent / "expected" / "academicSessions.csv")}
    for session in sessions.values():
        root = session
        while root["parentSourcedId"]:
            root = sessions[root["parentSourcedId"]]
        assert root["type"] == "schoolYear", session
        assert session["schoolYear"] == str(ends_in(root)), session


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.parent.name}" for c in CASES])
def test_class_grades_are_in_the_students_vocabulary(case: Path) -> None:
    """ProgressBook's PS is PK for the student and for the class (it stayed PS in classes.csv)."""
    for row in rows(case.parent / "expected" / "classes.csv"):
        assert all(g in GRADES_REMIND for g in row["grades"].split(",") if g), row


# --- a small OneRoster export, for what the fixtures do not show ---------------------------

HEADERS = {
    "orgs.csv": "sourcedId,name,type",
    "users.csv": "sourcedId,role,givenName,familyName,orgSourcedIds,username,userIds,email",
    "classes.csv": "sourcedId,title,schoolSourcedId,grades,courseSourcedId,termSourcedIds",
    "enrollments.csv": "sourcedId,classSourcedId,userSourcedId,role",
    "academicSessions.csv": "sourcedId,title,type,startDate,endDate,parentSourcedId,schoolYear",
}
EXPORT = {
    "orgs.csv": ["s1,Lakeview Elementary,school"],
    "users.csv": [
        'u1,student,Ana,Diaz,s1,u1,"{SIS:1},LOCAL-1",',
        "t1,teacher,Ben,Ray,s1,ben@pin,,ben@pin",
        "t2,teacher,Cy,Ng,s1,cng,,",
    ],
    "classes.csv": ['c1,Reading 2,s1,"2,PS, kg",,fall', "c2,Math 2,s1,02,m2,"],
    "enrollments.csv": ["e1,c1,u1,student", "e2,c1,t1,teacher", "e3,c2,u1,student", "e4,c2,t2,teacher"],
    "academicSessions.csv": ["fall,Fall 2026,semester,2026-08-20,2026-12-18,,2026"],
}


def strict_run(tmp_path: Path, export: dict[str, list[str]] = EXPORT) -> tuple[api.RunResult, Path]:
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir(parents=True)
    for name, lines in export.items():
        (exports / name).write_text("\n".join([HEADERS[name], *lines]) + "\n", encoding="utf-8")
    result = api.run(
        api.RunOptions(
            profile="oneroster",
            in_dir=exports,
            out_dir=out,
            as_of=dt.date(2026, 10, 15),
            target="oneroster",
            max_examples=1000,
        )
    )
    return result, out


def codes_of(result: api.RunResult) -> list[str]:
    return [code for (code,) in result.report.flatten("code")]


def test_what_the_export_lacks_is_built_and_the_set_is_valid(tmp_path: Path) -> None:
    result, out = strict_run(tmp_path)
    assert result.exit_status == 0, codes_of(result)
    sessions = {r["sourcedId"]: r for r in rows(out / "academicSessions.csv")}
    assert sessions["schoolyear-2027"] == {
        "sourcedId": "schoolyear-2027",
        "status": "",
        "dateLastModified": "",
        "title": "2026-2027",
        "type": "schoolYear",
        "startDate": "2026-08-20",
        "endDate": "2026-12-18",
        "parentSourcedId": "",
        "schoolYear": "2027",
    }
    assert (sessions["fall"]["parentSourcedId"], sessions["fall"]["schoolYear"]) == ("schoolyear-2027", "2027")
    classes = {r["sourcedId"]: r for r in rows(out / "classes.csv")}
    # the grades map, item by item, as students'; the strict target keeps a CEDS grade (PS) as exported
    assert classes["c1"]["grades"] == "KG,02,PS"
    assert classes["c2"]["termSourcedIds"] == "schoolyear-2027"  # no term: the school year
    courses = {r["sourcedId"]: r for r in rows(out / "courses.csv")}
    assert courses["m2"]["title"] == "Math 2" and courses["m2"]["orgSourcedId"] == "s1"
    built = classes["c1"]["courseSourcedId"]
    assert built.startswith("C") and courses[built]["title"] == "Reading 2"
    users = {r["sourcedId"]: r for r in rows(out / "users.csv")}
    assert users["t1"]["username"] == "t1" and users["t1"]["email"] == ""  # not the invalid ben@pin
    assert users["u1"]["userIds"] == "{SIS:1}"
    assert "t2" in users  # no email: kept in the strict set
    # (ben@pin: the username cleaner refuses it, D385, before V544 would have replaced it)
    for code in ("D335", "D336", "D337", "D338", "D339", "D385"):
        assert code in codes_of(result), code
    assert api.validate_set(out, target="oneroster").exit_status == 0


def test_a_built_course_id_is_the_same_run_after_run(tmp_path: Path) -> None:
    _, first = strict_run(tmp_path / "a")
    _, second = strict_run(tmp_path / "b")
    assert (first / "courses.csv").read_bytes() == (second / "courses.csv").read_bytes()


def test_the_remind_set_of_the_same_export_keeps_the_classes_and_drops_staff_without_email(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    strict_run(tmp_path)  # writes the export
    options = api.RunOptions(
        profile="oneroster", in_dir=exports, out_dir=tmp_path / "remind", as_of=dt.date(2026, 10, 15), max_examples=1000
    )
    # Two of its three users are teachers Remind cannot take (no valid email): more than half of
    # users.csv left out by warnings is refused (X915), unless the admin says it is expected.
    assert [p.code.id for p in api.run(options).problems] == ["X915"]
    result = api.run(replace(options, allow_incomplete=True))
    assert result.exit_status == 1 and "X918" in codes_of(result) and "F453" in codes_of(result)  # said
    assert {r["sourcedId"] for r in rows(tmp_path / "remind" / "classes.csv")} == {"c1", "c2"}
    assert "V506" in codes_of(result)
    assert {r["sourcedId"]: r["grades"] for r in rows(tmp_path / "remind" / "classes.csv")}["c1"] == "KG,02,Other"


# --- the strict validator catches each of them -----------------------------------------------

SET = FIXTURES / "progressbook" / "district-oneroster" / "expected"
BROKEN = {
    "term without a parent": ("academicSessions.csv", "2026-10-23,Y27,2027", "2026-10-23,,2027", "V540"),
    "fall term of 2026-27 says 2026": ("academicSessions.csv", "2027-01-15,Y27,2027", "2027-01-15,Y27,2026", "V541"),
    "class pointing to an absent course": ("classes.csv", "KG,KREAD,", "KG,NOPE,", "V502"),
    "userIds not {Type:Id}": ("users.csv", "ST100,,Owen", "ST100,SIS-100,Owen", "V543"),
    "an invalid email as username": ("users.csv", "teacher,dnoor,", "teacher,dnoor@pin,", "V542"),
}


@pytest.mark.parametrize("broken", BROKEN.values(), ids=list(BROKEN))
def test_the_strict_validator_catches(broken: tuple[str, str, str, str], tmp_path: Path) -> None:
    name, old, new, code = broken
    shutil.copytree(SET, tmp_path / "set", ignore=shutil.ignore_patterns("*.txt"))
    assert api.validate_set(tmp_path / "set", target="oneroster").exit_status == 0
    edit(tmp_path / "set" / name, old, new)
    result = api.validate_set(tmp_path / "set", target="oneroster")
    assert result.exit_status == 1
    assert code in codes_of(result)


def test_a_placeholder_address_as_a_username_is_of_an_emails_form(tmp_path: Path) -> None:
    """noemail@district.org is no one's contact point (a run blanks it as an email, D359), but it
    is no malformed address: the strict validator does not call the username invalid (V542)."""
    shutil.copytree(SET, tmp_path / "set", ignore=shutil.ignore_patterns("*.txt"))
    edit(tmp_path / "set" / "users.csv", "teacher,dnoor,", "teacher,noemail@district.org,")
    result = api.validate_set(tmp_path / "set", target="oneroster")
    assert "V542" not in codes_of(result)
    assert result.exit_status == 0


@pytest.mark.parametrize(
    ("day", "year"),
    [
        ("2026-08-20", "2027"),  # a fall term of 2026-27
        ("2027-01-05", "2027"),  # its spring term
        ("2027-06-30", "2027"),
        ("2027-07-01", "2028"),  # the next school year starts in July
        ("08/17/2026", "2027"),
        ("", ""),
    ],
)
def test_the_school_year_cleaner_names_the_year_a_school_year_ends(day: str, year: str) -> None:
    from transform import cleaners
    from transform.cleaners.base import CleanerSettings

    ((_, clean),) = cleaners.build(["school_year"], CleanerSettings(as_of=dt.date(2026, 10, 15)))
    assert clean(day) == (year, ())


@pytest.mark.parametrize(("target", "manifest", "written"), [("remind", "bulk", True), ("oneroster", "absent", False)])
def test_an_export_without_demographics(tmp_path: Path, target: str, manifest: str, written: bool) -> None:
    """tester4 case or11-nodemo: a OneRoster export without its optional demographics.csv.
    Remind's set holds all six files, header rows always (DESIGN.md §2), so demographics.csv is
    its header and `bulk`; Remind calls the file required and birthDate data required, so the
    run says once that the students go without one (D362, a warning; exit 0). The strict target
    writes no file with no rows: `absent` in the manifest, and no D362."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    (exports / "demographics.csv").unlink()
    result = api.run(
        api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), target=target)
    )
    assert result.exit_status == 0
    assert f"file.demographics,{manifest}" in (out / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert (out / "demographics.csv").exists() is written
    if written:
        header = (FIXTURES / "oneroster" / "district" / "expected" / "demographics.csv").read_bytes().split(b"\n")[0]
        assert (out / "demographics.csv").read_bytes() == header + b"\n"
    assert result.report.counts.get("D362", 0) == (1 if written else 0)
