"""A class whose term's session the set leaves out (a OneRoster academicSessions.csv row with
status tobedeleted: the record is to be deleted). One rule in both targets and both engines: a
session left out is no term of the set; its dates do not make a class current, and no
termSourcedIds names it. A class with another term is judged by that one; a class the session
left out would have made current is left out with a warning (F435), counted by the safety gate.

Was (tester23 F4): in October, with the fall semester S1 tobedeleted, the Remind target kept
Algebra (S1) and Biology (S1, S2) by S1's dates and wrote "S1,S2"; the strict target left
Biology out as a spring class at info level (F405) and kept Algebra under the school year
(D336). Before that (tester17 F9) the strict target wrote Biology in October naming S2 alone."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.codes import BY_ID, Severity

SESSIONS = """sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
Y27,,,2026-27,schoolYear,2026-08-24,2027-06-11,,2027
S1,tobedeleted,2026-09-01,Fall 2026,semester,2026-08-24,2027-01-15,Y27,2027
S2,,,Spring 2027,semester,2027-01-19,2027-06-11,Y27,2027
"""
ORGS = """sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
S100,,,Lakeview High,school,100,
"""
CLASSES = """sourcedId,title,grades,classCode,schoolSourcedId,termSourcedIds,periods
K1,Algebra I - P1,10,ALG1-1,S100,S1,1
K2,Biology - P2,10,BIO-2,S100,"S1,S2",2
K3,English 10 - P3,10,ENG-3,S100,Y27,3
K4,History 10 - P4,10,HIS-4,S100,Y27,4
K5,Spanish 1 - P5,10,SPA-5,S100,"S2,Y27",5
"""
USERS = """sourcedId,enabledUser,orgSourcedIds,role,username,givenName,familyName,identifier,email,grades
T1,true,S100,teacher,tsmith,Tom,Smith,T1,tom.smith@lakeview.example.org,
ST1,true,S100,student,aadams,Amy,Adams,1001,,10
"""
DEMOGRAPHICS = """sourcedId,status,dateLastModified,birthDate
ST1,,,2010-03-04
"""


def exports(tmp_path: Path) -> Path:
    """Lakeview High: five classes, each taught by T1 with Amy in it; S1 (fall) tobedeleted."""
    folder = tmp_path / "in"
    folder.mkdir()
    enrolments = ["sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary"]
    for n in range(1, 6):
        enrolments += [f"E{n}T,,,K{n},S100,T1,teacher,true", f"E{n}S,,,K{n},S100,ST1,student,false"]
    files = {
        "academicSessions.csv": SESSIONS,
        "orgs.csv": ORGS,
        "classes.csv": CLASSES,
        "users.csv": USERS,
        "demographics.csv": DEMOGRAPHICS,
        "enrollments.csv": "\n".join(enrolments) + "\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(folder: Path, out: Path, *, target: str, engine: str, as_of: dt.date) -> api.RunResult:
    options = api.RunOptions(profile="oneroster", in_dir=folder, out_dir=out, as_of=as_of, target=target, engine=engine)
    return api.run(options)


def terms(out: Path) -> dict[str, str]:
    """Each published class and the terms it names."""
    with (out / "classes.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["sourcedId"]: row["termSourcedIds"] for row in csv.DictReader(handle)}


def enrolled(out: Path) -> set[str]:
    with (out / "enrollments.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["classSourcedId"] for row in csv.DictReader(handle)}


def left_out(result: api.RunResult, code: str) -> set[str]:
    return {e.where.record for e in result.report.examples.get(code, [])}


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_in_october_the_classes_of_the_deleted_fall_semester_are_left_out_with_a_warning(
    tmp_path: Path, target: str, engine: str
) -> None:
    result = run(exports(tmp_path), tmp_path / "out", target=target, engine=engine, as_of=dt.date(2026, 10, 15))

    assert result.exit_status == 0
    # Algebra (S1 alone) is no longer kept under the school year (D336), and Biology (S1, S2)
    # is no spring class dropped at info level (F405): both are warned about.
    assert terms(tmp_path / "out") == {"K3": "Y27", "K4": "Y27", "K5": "S2,Y27"}
    assert enrolled(tmp_path / "out") == {"K3", "K4", "K5"}
    assert left_out(result, "F435") == {"K1", "K2"}
    assert BY_ID["F435"].severity is Severity.WARNING
    assert result.report.counts["F405"] == 0 and result.report.counts["D336"] == 0


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_in_spring_a_class_keeps_only_its_live_term(tmp_path: Path, target: str, engine: str) -> None:
    result = run(exports(tmp_path), tmp_path / "out", target=target, engine=engine, as_of=dt.date(2027, 2, 15))

    assert result.exit_status == 0
    # Biology runs in S2 and names S2 alone (never the deleted S1); Algebra's only term ended:
    # outside its term, as any fall class is in spring.
    assert terms(tmp_path / "out") == {"K2": "S2", "K3": "Y27", "K4": "Y27", "K5": "S2,Y27"}
    assert left_out(result, "F405") == {"K1"}
    assert result.report.counts["F435"] == 0
    if target == "oneroster":
        with (tmp_path / "out" / "academicSessions.csv").open(encoding="utf-8-sig", newline="") as handle:
            assert {row["sourcedId"] for row in csv.DictReader(handle)} == {"Y27", "S2"}


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_deleted_semester_most_classes_are_in_is_refused(tmp_path: Path, target: str) -> None:
    """The safety gate sees the classes a deleted session takes along: with most of the
    export's classes in the fall semester, nothing is published (X915), in either target."""
    folder = exports(tmp_path)
    classes = folder / "classes.csv"
    classes.write_text(classes.read_text(encoding="utf-8").replace(",Y27,", ",S1,"), encoding="utf-8")

    result = run(folder, tmp_path / "out", target=target, engine="python", as_of=dt.date(2026, 10, 15))

    assert result.exit_status == 1
    assert [p.code.id for p in result.problems] == ["X915"]
    assert result.report.counts["F435"] == 4  # K1 to K4; Spanish (S2, Y27) runs


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_sample_district_judges_science_by_its_live_semester(tmp_path: Path, engine: str) -> None:
    """The sample district with s1-2027 tobedeleted: Science 6 (s1-2027, s2-2027) is current in
    October only by the deleted semester's dates: left out with a warning in both targets,
    which otherwise publish the same classes (tester17 F9's case)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", folder)
    sessions = folder / "academicSessions.csv"
    text = sessions.read_text(encoding="utf-8")
    assert "s1-2027,active," in text
    sessions.write_text(text.replace("s1-2027,active,", "s1-2027,tobedeleted,"), encoding="utf-8")

    found = {}
    for target in ("remind", "oneroster"):
        result = run(folder, tmp_path / target, target=target, engine=engine, as_of=dt.date(2026, 10, 15))
        assert result.exit_status == 0
        assert left_out(result, "F435") == {"cl-sci6"}
        found[target] = terms(tmp_path / target)
    assert found["remind"] == found["oneroster"] == {"cl-read2": "y-2027"}


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_with_every_current_term_deleted_it_is_no_summer_break(tmp_path: Path, target: str) -> None:
    """Every class runs in the deleted fall semester or waits for spring: no live term is current
    in October. Not "nothing due until spring" (exit 0, unsaid), nor a sections export filtered to
    an ended term (X977): each class is left out with its warning, and the gate refuses."""
    folder = exports(tmp_path)
    classes = folder / "classes.csv"
    classes.write_text(classes.read_text(encoding="utf-8").replace(",Y27,", ",S1,").replace("S2,Y27", "S2"))

    result = run(folder, tmp_path / "out", target=target, engine="python", as_of=dt.date(2026, 10, 15))

    assert result.exit_status == 1
    assert {p.code.id for p in result.problems} >= {"X915"}
    assert "F421" not in result.report.counts and "X977" not in result.report.counts
    assert result.report.counts["F435"] == 4 and result.report.counts["F405"] == 1  # Spanish: spring
