"""A OneRoster export (ProgressBook) that names a semester class by its two quarters ("Q1-27,Q2-27")
and lists only current classes (tester65 F1): when the semester ends, its classes leave the export
with their enrolments. last.json recorded only the terms current in the last set (Q2-27, Y27), not
Q1-27, which ended in October, so no class of "Q1-27,Q2-27" was ever explained by the dates that
set recorded: X906 every night of the winter break until --allow-rollover. Now the last set
records every term its classes name (terms_named), and a class gone with the last of its terms is
a term change; one gone while its quarter runs is still a cut.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

SESSIONS = (
    "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"
    "Y27,active,2026-08-01,2026-2027,schoolYear,2026-08-19,2027-05-28,,2027\n"
    "Q1-27,active,2026-08-01,Quarter 1,gradingPeriod,2026-08-19,2026-10-23,Y27,2027\n"
    "Q2-27,active,2026-08-01,Quarter 2,gradingPeriod,2026-10-26,2027-01-15,Y27,2027\n"
    "Q3-27,active,2026-08-01,Quarter 3,gradingPeriod,2027-01-19,2027-03-26,Y27,2027\n"
    "Q4-27,active,2026-08-01,Quarter 4,gradingPeriod,2027-03-29,2027-05-28,Y27,2027\n"
)
CLASS_HEADER = (
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
    "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
)
STUDENTS = [f"ST{100 + n}" for n in range(8)]
FALL = ["FALL-A", "FALL-B", "FALL-C"]
SPRING = ["SPR-A", "SPR-B", "SPR-C"]


def district(folder: Path, semester: str) -> Path:
    """Eight students, each in a year-long homeroom and one semester class; the export lists the
    homeroom and the classes of `semester` ("fall": "Q1-27,Q2-27", "spring": "Q3-27,Q4-27") only."""
    folder.mkdir(parents=True)
    source = FIXTURES / "progressbook" / "district" / "in"
    (folder / "orgs.csv").write_text((source / "orgs.csv").read_text())
    (folder / "academicSessions.csv").write_text(SESSIONS)
    users = ["sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"]
    users[0] += "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
    users.append("TE10,active,2026-08-01,true,012345,teacher,kmiller,,Kate,Miller,,10,kmiller@example.org,,,,,")
    names = ["Owen", "Lily", "Eva", "Noah", "Mia", "Liam", "Zoe", "Ava"]
    for n, student in enumerate(STUDENTS):
        users.append(f"{student},active,2026-08-01,true,012345,student,{student},,{names[n]},Baker,,{n},,,,,KG,")
    (folder / "users.csv").write_text("\n".join(users) + "\n")
    classes = ["HR,active,2026-08-01,Homeroom,KG,HR,HR-1,homeroom,Rm 1,012345,Y27,,,1"]
    own, terms = (FALL, "Q1-27,Q2-27") if semester == "fall" else (SPRING, "Q3-27,Q4-27")
    classes += [f'{c},active,2026-08-01,Class {c},KG,{c},{c}-1,scheduled,Rm 2,012345,"{terms}",,,2' for c in own]
    (folder / "classes.csv").write_text(CLASS_HEADER + "\n".join(classes) + "\n")
    rows = ["sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,"]
    rows[0] += "beginDate,endDate"
    for class_id in ["HR", *own]:
        rows.append(f"E-{class_id}-T,active,2026-08-01,{class_id},012345,TE10,teacher,true,,")
    for n, student in enumerate(STUDENTS):
        rows.append(f"E-HR-{student},active,2026-08-01,HR,012345,{student},student,false,,")
        rows.append(f"E-{own[n % 3]}-{student},active,2026-08-01,{own[n % 3]},012345,{student},student,false,,")
    (folder / "enrollments.csv").write_text("\n".join(rows) + "\n")
    return folder


def run(exports: Path, out: Path, night: dt.date) -> api.RunResult:
    return api.run(api.RunOptions(profile="progressbook", in_dir=exports, out_dir=out, as_of=night))


def class_ids(out: Path) -> set[str]:
    return {line.split(",", 1)[0] for line in (out / "classes.csv").read_text().splitlines()[1:]}


def test_the_semester_classes_gone_with_their_second_quarter_are_a_term_change(tmp_path: Path) -> None:
    """The last night of Q2 publishes the fall classes and records Q1-27's dates too (terms_named);
    the first night of Q3, the export of the homeroom and spring classes only publishes at exit 0,
    the fall classes gone (was: X906, 75%, every night until --allow-rollover)."""
    out = tmp_path / "out"
    last = run(district(tmp_path / "fall", "fall"), out, dt.date(2027, 1, 15))
    assert last.exit_status == api.EXIT_PUBLISHED and class_ids(out) == {"HR", *FALL}
    state = json.loads(next(tmp_path.glob(".out.transform/last.json")).read_text())
    assert state["terms_named"]["Q1-27"] == ["Quarter 1", "2026-08-19", "2026-10-23", "012345"]  # with its school
    result = run(district(tmp_path / "spring", "spring"), out, dt.date(2027, 1, 19))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "X906" not in result.report.counts
    assert class_ids(out) == {"HR", *SPRING}


def test_the_semester_classes_gone_while_their_quarter_runs_are_still_refused(tmp_path: Path) -> None:
    """The same fall classes gone from the export on 14 January, Q2 running to the 15th: an
    export that lost them, not a term change. Refused (X906), the last set kept."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "fall", "fall"), out, dt.date(2027, 1, 13)).exit_status == api.EXIT_PUBLISHED
    cut = district(tmp_path / "cut", "fall")
    (cut / "classes.csv").write_text("".join((cut / "classes.csv").read_text().splitlines(keepends=True)[:2]))
    result = run(cut, out, dt.date(2027, 1, 14))
    assert result.exit_status == 1 and not result.report.published and "X906" in result.report.counts
    assert class_ids(out) == {"HR", *FALL}
