"""tester9 item 18: Remind cannot text an international number ("International phone numbers
are not able to receive text messages"), so a student whose only parent has one is not counted
reachable in the HTML report, and D307 is among the reasons parents cannot be reached."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from transform import api
from transform.pipeline import school_counts


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])


def test_an_international_phone_reaches_no_one(tmp_path: Path) -> None:
    header = ["sourcedId", "orgSourcedIds", "role", "email", "phone", "sms", "agentSourcedIds"]
    _write(
        tmp_path / "users.csv",
        header,
        [
            ["s1", "100", "student", "", "", "", "p1"],
            ["s2", "100", "student", "", "", "", "p2"],
            ["p1", "100", "parent", "", "+442079460958", "", "s1"],  # London: cannot be texted
            ["p2", "100", "parent", "", "+16085550100", "", "s2"],
        ],
    )
    _write(tmp_path / "orgs.csv", ["sourcedId", "name", "type"], [["100", "North", "school"]])
    north = school_counts.count_set(tmp_path, calling_code="+1")["100"].counts
    assert (north["students_reachable"], north["students_shared_contact"], north["students_no_parent"]) == (1, 1, 0)
    every = school_counts.count_set(tmp_path)["100"].counts  # no region given: every phone counts
    assert every["students_reachable"] == 2


FILES = {
    "academicSessions.csv": "sourcedId,title,type,startDate,endDate,schoolYear\n"
    "y27,2026-2027,schoolYear,2026-08-24,2027-06-11,2027\n",
    "classes.csv": "sourcedId,title,schoolSourcedId,termSourcedIds\nc1,Math 5,sch-10,y27\n",
    "demographics.csv": "sourcedId,birthDate\ns1,2015-03-04\ns2,2015-04-05\n",
    "enrollments.csv": "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role,primary\n"
    "e1,c1,sch-10,s1,student,false\ne2,c1,sch-10,s2,student,false\ne4,c1,sch-10,t1,teacher,true\n",
    "orgs.csv": "sourcedId,name,type,identifier\nsch-10,Ten Elementary,school,10\n",
    "users.csv": "sourcedId,orgSourcedIds,role,givenName,familyName,email,phone,agentSourcedIds,grades\n"
    "s1,sch-10,student,Sam,One,,,g1,05\ns2,sch-10,student,Sue,Two,,,g2,05\n"
    "t1,sch-10,teacher,Tia,Tea,t1@d.example.org,,,\n"
    "g1,sch-10,parent,Ann,One,,+44 20 7946 0958,,\ng2,sch-10,parent,Bob,Two,,608-555-0100,,\n",
}


def test_the_run_counts_by_the_profiles_phone_region(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    options = api.RunOptions(
        profile="oneroster", in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), school_counts=True
    )
    result = api.run(options)
    assert "D307" in result.report.counts
    (school,) = [s for s in result.report.facts["schools"] if s["id"] == "sch-10"]
    assert (school["now"]["students_reachable"], school["now"]["students_shared_contact"]) == (1, 1)
