"""A student who transferred keeps none of her old school's classes (F431).

Infinite Campus writes a transfer as two enrolment rows: the old school's ends, the new one's
starts. The roster rows of her old school's classes are seldom end-dated the day she leaves
(Infinite Campus, PowerSchool cc rows with a later DateLeft, Synergy): they read as current, so
she stayed in her old classes and V593 gave her the old school back in users.csv, her old
teachers messaging her family (exit 0). Those enrolments now follow her ended row (F431). A
student at two schools at once keeps both; one withdrawn from the district is left out with her
enrolments, as before."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

DISTRICT = FIXTURES / "infinite-campus" / "district" / "in"
HARPER = "51234,1100234,0410,Whitfield,Harper,,03,04/22/2018,,08/20/2026,,P,English"
LEAVES = "51234,1100234,0410,Whitfield,Harper,,03,04/22/2018,,08/20/2026,11/13/2026,P,English"
ARRIVES = "51234,1100234,0420,Whitfield,Harper,,03,04/22/2018,,11/16/2026,,P,English"
# Mason: his own row at 0420, a secondary enrolment at 0410 (serviceType S: a concurrent one).
# Last year's row at 0410 has ended.
MASON_LAST_YEAR = (
    "51235,1100235,0410,Whitfield,Mason,,06,01/09/2014,mwhitfield@stu.cedar.example.org,08/21/2025,06/05/2026,P,English"
)
AS_OF = dt.date(2026, 11, 18)
ENGINES = [("python", 1), ("columnar", 1), ("columnar", 2), ("python", 2)]


def district(tmp_path: Path, *students: str, harper: str = HARPER, roster: tuple[str, ...] = ()) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    path = folder / "students.csv"
    text = path.read_text(encoding="utf-8")
    assert HARPER in text
    path.write_text(text.replace(HARPER, harper).rstrip("\n") + "\n" + "".join(f"{s}\n" for s in students))
    with (folder / "roster.csv").open("a", encoding="utf-8") as handle:
        handle.write("".join(f"{r}\n" for r in roster))
    return folder


def run(folder: Path, out: Path, engine: str, jobs: int) -> tuple[api.RunResult, dict[str, dict[str, str]], list]:
    result = api.run(
        api.RunOptions(profile="infinite-campus", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine, jobs=jobs)
    )
    assert result.exit_status == 0
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {r["sourcedId"]: r for r in csv.DictReader(handle)}
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        enrolments = list(csv.DictReader(handle))
    return result, users, enrolments


def classes(enrolments: list[dict[str, str]], user: str) -> set[tuple[str, str]]:
    return {(r["classSourcedId"], r["schoolSourcedId"]) for r in enrolments if r["userSourcedId"] == user}


@pytest.mark.parametrize(("engine", "jobs"), ENGINES)
def test_a_transfers_open_roster_rows_at_the_old_school_follow_her(tmp_path: Path, engine: str, jobs: int) -> None:
    """Harper left 0410 on 11/13 and is at 0420 from 11/16; her 0410 classes' roster rows are
    open (the fixture's, no end date), her new class's began on 11/16."""
    folder = district(tmp_path, ARRIVES, harper=LEAVES, roster=("51234,90012,11/16/2026,",))
    result, users, enrolments = run(folder, tmp_path / "out", engine, jobs)
    assert users["51234"]["orgSourcedIds"] == "0420"
    assert classes(enrolments, "51234") == {("90012", "0420")}
    assert not any(p.params["id"] == "51234" for p in result.report.examples.get("V593", []))
    assert result.report.counts["F431"] == 2
    left = sorted(result.report.examples["F431"], key=lambda p: p.params["class_id"])
    assert [(p.params["user"], p.params["school"], p.params["class_id"], p.params["current"]) for p in left] == [
        ("51234", "0410", "90001", "0420"),
        ("51234", "0410", "90002", "0420"),
    ]
    assert (left[0].where.file, left[0].where.line) == ("roster.csv", 2)
    # Her classmates and teacher at 0410 are as they were; Luz is still in Homeroom 3.
    assert ("90002", "0410") in classes(enrolments, "51301")
    assert "F430" not in result.report.counts


@pytest.mark.parametrize(("engine", "jobs"), ENGINES)
def test_a_concurrent_student_keeps_both_schools(tmp_path: Path, engine: str, jobs: int) -> None:
    """Mason is at 0420 and, concurrently, at 0410 (a secondary enrolment row); last year's row
    at 0410 has ended. His class at 0410 stays, and 0410 is his (V593), as before."""
    folder = district(tmp_path, MASON_LAST_YEAR, roster=("51235,90001,08/20/2026,",))
    result, users, enrolments = run(folder, tmp_path / "out", engine, jobs)
    assert users["51235"]["orgSourcedIds"] == "0410,0420"
    assert ("90001", "0410") in classes(enrolments, "51235")
    assert any(p.params["id"] == "51235" and p.params["school"] == "0410" for p in result.report.examples["V593"])
    assert "F431" not in result.report.counts


@pytest.mark.parametrize(("engine", "jobs"), ENGINES)
def test_a_student_back_at_her_old_school_keeps_its_classes(tmp_path: Path, engine: str, jobs: int) -> None:
    """Rows at 0410 (ended), 0420 (ended) and 0410 again (current): 0410 is hers; the open roster
    row of her class at 0420 follows her ended row there."""
    left_0420 = "51234,1100234,0420,Whitfield,Harper,,03,04/22/2018,,09/01/2026,10/30/2026,P,English"
    back = "51234,1100234,0410,Whitfield,Harper,,03,04/22/2018,,11/02/2026,,P,English"
    folder = district(tmp_path, left_0420, back, harper=LEAVES.replace("11/13/2026", "08/31/2026"))
    with (folder / "roster.csv").open("a", encoding="utf-8") as handle:
        handle.write("51234,90012,09/01/2026,\n")
    result, users, enrolments = run(folder, tmp_path / "out", engine, jobs)
    assert users["51234"]["orgSourcedIds"] == "0410"
    assert classes(enrolments, "51234") == {("90001", "0410"), ("90002", "0410")}
    (left,) = result.report.examples["F431"]
    assert (left.params["school"], left.params["class_id"], left.params["current"]) == ("0420", "90012", "0410")


@pytest.mark.parametrize(("engine", "jobs"), ENGINES)
def test_a_student_withdrawn_from_the_district_is_left_out_as_before(tmp_path: Path, engine: str, jobs: int) -> None:
    """Harper's only row ended on 11/13 and she has no other: she is not published, and her open
    roster rows follow her user (V504), not F431."""
    folder = district(tmp_path, harper=LEAVES)
    result, users, enrolments = run(folder, tmp_path / "out", engine, jobs)
    assert "51234" not in users
    assert classes(enrolments, "51234") == set()
    assert "F431" not in result.report.counts
    assert result.report.counts["F400"] >= 1
    follow = [p for p in result.report.examples["V504"] if p.params["table"] == "enrollments"]
    assert [(p.params["value"], p.where.line) for p in follow] == [("51234", 2), ("51234", 3)]


def test_both_engines_write_the_same_transfer(tmp_path: Path) -> None:
    """The columnar engine writes silent enrolments in bulk: a transfer's old classes are left
    out there as in the Python engine, the files byte for byte the same."""
    folder = district(tmp_path, ARRIVES, harper=LEAVES, roster=("51234,90012,11/16/2026,",))
    written = {}
    for engine, jobs in ENGINES:
        out = tmp_path / f"out-{engine}-{jobs}"
        result, _, _ = run(folder, out, engine, jobs)
        written[engine, jobs] = (
            {name: (out / name).read_bytes() for name in ("users.csv", "enrollments.csv", "classes.csv")},
            [(p.where.file, p.where.line, p.message) for p in result.report.examples["F431"]],
        )
    assert len({repr(v) for v in written.values()}) == 1


@pytest.mark.parametrize(("engine", "jobs"), ENGINES)
def test_a_transfers_ended_row_is_said_as_a_transfer_not_a_student_left_out(
    tmp_path: Path, engine: str, jobs: int
) -> None:
    """Harper's row at 0410 ended, and she is published at 0420: her ended row is no student left
    out. It was counted as F400 inactive-student and listed in the explain file with her name
    (tester11 F9c), so the summary's count read as one more student left out. It is I273, a note
    naming the transfer, and the explain file lists no row of hers; a student withdrawn from the
    district is still F400 there."""
    folder = district(tmp_path, ARRIVES, harper=LEAVES)
    explain = tmp_path / "left-out.csv"
    result = api.run(
        api.RunOptions(
            profile="infinite-campus",
            in_dir=folder,
            out_dir=tmp_path / "out",
            as_of=AS_OF,
            engine=engine,
            jobs=jobs,
            explain=explain,
        )
    )
    assert result.exit_status == 0
    (moved,) = result.report.examples["I273"]
    assert result.report.counts["I273"] == 1
    assert moved.message == (
        "users.students: this row of student '51234' has ended (enrolled: {endDate} date_ge as_of; found "
        "'11/13/2026'), and the student is published from a current row (at 0420): a transfer from 0410, not a "
        "student left out"
    )
    assert not any(p.where.record == "51234" for p in result.report.examples.get("F400", []))
    with explain.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert not any(r["sis_number"] == "1100234" or r["sourcedId"] == "51234" for r in rows)
    assert sum(r["code"] == "F400" for r in rows) == result.report.counts.get("F400", 0)

    withdrawn = district(tmp_path / "withdrawn", harper=LEAVES)
    explain = tmp_path / "withdrawn.csv"
    options = api.RunOptions(
        profile="infinite-campus", in_dir=withdrawn, out_dir=tmp_path / "out2", as_of=AS_OF, explain=explain
    )
    result = api.run(options)
    assert "I273" not in result.report.counts
    with explain.open(encoding="utf-8", newline="") as handle:
        assert any(r["code"] == "F400" and r["sourcedId"] == "51234" for r in csv.DictReader(handle))


KOFI_AT_0410 = "7002\tS7002\t0410\tAsante\tKofi\tkasante@cedar.example.org\t1\t"


@pytest.mark.parametrize(("engine", "jobs"), ENGINES)
def test_a_teacher_whose_assignment_at_a_school_ended_is_no_owner_of_its_classes(
    tmp_path: Path, engine: str, jobs: int
) -> None:
    """Kofi's assignment at 0410 ended on 09/30; he is current at 0420. Grade 3 (90001) at 0410
    still names him: he was published as its owner, 0410 given back to him by V593 (tester24
    F1), as a transferred student kept her old classes before F431. Now the enrolment follows
    his ended row there, as hers does."""
    folder = district(tmp_path)
    staff = folder / "staff.txt"
    text = staff.read_text(encoding="utf-8")
    assert KOFI_AT_0410 + "\n" in text
    staff.write_text(text.replace(KOFI_AT_0410 + "\n", KOFI_AT_0410 + "09/30/2026\n"), encoding="utf-8")
    sections = folder / "sections.csv"
    grade3 = "90001,0410,3RD,Grade 3,1,7001,"
    sections.write_text(sections.read_text(encoding="utf-8").replace(grade3, "90001,0410,3RD,Grade 3,1,7002,"))
    result, users, enrolments = run(folder, tmp_path / "out", engine, jobs)
    assert users["7002"]["orgSourcedIds"] == "0420"
    assert ("90001", "0410") not in classes(enrolments, "7002")
    assert ("90011", "0420") in classes(enrolments, "7002")  # Q2
    [left] = [p for p in result.report.examples["F431"] if p.params["user"] == "7002"]
    assert (left.params["school"], left.params["class_id"], left.params["current"]) == ("0410", "90001", "0420")
    assert not any(p.params["id"] == "7002" for p in result.report.examples.get("V593", []))
