"""tester63 S1: spring's first night, roles.csv still the fall export (roleEndDate of the fall)
while enrollments.csv puts the students in current spring classes. Refused (right), but X953 and
X906 called them 'left out on purpose (withdrawn or inactive)' and offered --max-removal, which
deletes every student of the school. People left out as inactive whom tonight's enrolments name
are no withdrawal (pipeline.withdrawals._enrolled_tonight): the words say the export still holds
the ended term, and offer no flag."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from transform import api
from transform.report import summary


def build(folder: Path, *, spring: bool, n: int = 12) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    st = [f"st{i}" for i in range(n)]
    people = ["t1", *st]
    hs = [f"hs{i}" for i in range(n)]
    cls = "c2" if spring else "c1"
    files = {
        "orgs.csv": ["sourcedId,name,type", "s1,Lake Middle,school", "s2,Lake High,school"],
        "users.csv": ["sourcedId,username,givenName,familyName,email"]
        + [f"{p},{p}@lake.org,Given{p},Ng,{p}@lake.org" for p in [*people, "t2", *hs]],
        "roles.csv": ["userSourcedId,orgSourcedId,role,roleEndDate"]
        + ["t1,s1,teacher,2027-06-10"]
        + [f"{p},s1,student,2027-01-15" for p in st]
        + ["t2,s2,teacher,2027-06-10"]
        + [f"{p},s2,student,2027-06-10" for p in hs],
        "classes.csv": [
            "sourcedId,orgSourcedId,title,sessionSourcedIds",
            "c1,s1,Reading 1,FALL",
            "c2,s1,Reading 2,SPRING",
            "h1,s2,Algebra,YEAR",
        ],
        "academicSessions.csv": [
            "sourcedId,title,type,startDate,endDate",
            "FALL,Fall,semester,2026-08-20,2027-01-15",
            "SPRING,Spring,semester,2027-01-18,2027-06-10",
            "YEAR,Year,schoolYear,2026-08-20,2027-06-10",
        ],
        "enrollments.csv": ["classSourcedId,userSourcedId,role"]
        + [f"{cls},{p},{'teacher' if p == 't1' else 'student'}" for p in people]
        + ["h1,t2,teacher"]
        + [f"h1,{p},student" for p in hs],
        "relationships.csv": ["userSourcedId,relationshipUserSourcedId,relationshipRole"],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_students_left_out_as_inactive_yet_enrolled_tonight_are_no_withdrawal(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fall = api.RunOptions(
        profile="sds-v2", in_dir=build(tmp_path / "n1", spring=False), out_dir=out, as_of=dt.date(2027, 1, 14)
    )
    assert api.run(fall).exit_status == 0
    spring = api.RunOptions(
        profile="sds-v2", in_dir=build(tmp_path / "n2", spring=True), out_dir=out, as_of=dt.date(2027, 1, 19)
    )
    night = api.run(spring)
    assert night.exit_status == 1 and not night.report.published
    (x953,) = night.report.examples["X953"]
    assert "still holds the term that ended" in str(x953.params["cause"]) and "--max-removal" not in str(
        x953.params["cause"]
    )
    assert all(not p.params.get("needed") for p in night.report.aborts if p.code.id == "X906")
    step = summary.next_step(night, out_dir=out, explain_path=None, upload=False)
    assert "Export it again" in step and "--max-removal" in step and "deleting them" in step
    assert "rerun once with --max-removal" not in step


def seniors(folder: Path, *, spring: bool) -> Path:
    """Lake High at a semester's end: 10 of 12 seniors leave (roleEndDate the fall's last day), 2
    of them still scheduled in a spring class (review127 R6)."""
    folder.mkdir(parents=True, exist_ok=True)
    hs = [f"hs{i}" for i in range(12)]
    roles = ["t2,s2,teacher,2027-06-10"] + [
        f"{p},s2,student,{'2027-01-15' if i < 10 else '2027-06-10'}" for i, p in enumerate(hs)
    ]
    enrolled = hs[8:] if spring else hs
    files = {
        "orgs.csv": ["sourcedId,name,type", "s2,Lake High,school"],
        "users.csv": ["sourcedId,username,givenName,familyName,email"]
        + [f"{p},{p}@lake.org,Given{p},Ng,{p}@lake.org" for p in ["t2", *hs]],
        "roles.csv": ["userSourcedId,orgSourcedId,role,roleEndDate", *roles],
        "classes.csv": [
            "sourcedId,orgSourcedId,title,sessionSourcedIds",
            "hf,s2,Civics,FALL",
            "hsp,s2,Economics,SPRING",
        ],
        "academicSessions.csv": [
            "sourcedId,title,type,startDate,endDate",
            "FALL,Fall,semester,2026-08-20,2027-01-15",
            "SPRING,Spring,semester,2027-01-18,2027-06-10",
        ],
        "enrollments.csv": ["classSourcedId,userSourcedId,role", f"{'hsp' if spring else 'hf'},t2,teacher"]
        + [f"{'hsp' if spring else 'hf'},{p},student" for p in enrolled],
        "relationships.csv": ["userSourcedId,relationshipUserSourcedId,relationshipRole"],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_few_enrolled_beside_the_withdrawn_are_named_apart(tmp_path: Path) -> None:
    """review127 R6: 2 of the 10 seniors removed still scheduled in spring: the withdrawals' step
    (--max-removal), with those 2 named apart, not 'export it again'."""
    out = tmp_path / "out"
    fall = api.RunOptions(
        profile="sds-v2", in_dir=seniors(tmp_path / "n1", spring=False), out_dir=out, as_of=dt.date(2027, 1, 14)
    )
    assert api.run(fall).exit_status == 0
    spring = api.RunOptions(
        profile="sds-v2", in_dir=seniors(tmp_path / "n2", spring=True), out_dir=out, as_of=dt.date(2027, 1, 19)
    )
    night = api.run(spring)
    assert night.exit_status == 1 and not night.report.published
    step = summary.next_step(night, out_dir=out, explain_path=None, upload=False)
    assert "Export it again for the current term" not in step
    assert "Apart from those, 2 (hs8, hs9)" in step
