"""Students of the last set published again with no parent at all (tester69 F2).

A contacts export lacking every row of some families, gone from the middle of the file (a filtered
or partly failed SIS job: no cut at a line's end for X884 to tell), removed their parents, under
the removal limits, and published their children with no parent at exit 0. Now past 10 such
students (and 1 % of those the set keeps linked) the night is refused (X805), naming the export and
the first students; a few families unlinked, seniors leaving with their parents, and the same
night with --allow-incomplete publish.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_max_removal_left_in import assert_let_through
from transform import api

DISTRICT = FIXTURES / "skyward-sms" / "district" / "in"
POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)
FIRST = dt.datetime(2026, 12, 1, 2, tzinfo=dt.UTC)
HEADER = "STUDENT-ID,NAME-ID,FIRST-NAME,LAST-NAME,INTERNET-ADDRESS,PRIMARY-PHONE,CUST-PAR,RELATION"
FAMILIES = range(6001, 6061)  # sixty high-school students, each with a mother and a father


def contacts(*, without: tuple[int, ...] = (), unreachable: tuple[int, ...] = ()) -> list[str]:
    """The fixture's rows, then the sixty families in student order, but those of `without`; those of
    `unreachable` with no email or phone."""
    rows = (DISTRICT / "guardian.csv").read_text(encoding="utf-8").splitlines()[1:]
    for student in FAMILIES:
        if student in without:
            continue
        mother, father, phone = f"m{student}@example.com", f"f{student}@example.com", f"715-555-{student}"
        if student in unreachable:
            mother, father, phone = "", "", ""
        rows.append(f"{student},{student + 80000},Ann{student},Lee,{mother},{phone},Y,Mother")
        rows.append(f"{student},{student + 90000},Bo{student},Lee,{father},,Y,Father")
    return rows


def night(
    exports: Path,
    out: Path,
    number: int,
    rows: list[str],
    *,
    withdrawn: tuple[int, ...] = (),
    allow_incomplete: bool = False,
    students_cut: bool = False,
) -> api.RunResult:
    (exports / "guardian.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    students = (DISTRICT / "student.csv").read_text(encoding="utf-8").splitlines()
    schedule = (DISTRICT / "schedule.csv").read_text(encoding="utf-8").splitlines()
    for student in FAMILIES:
        status = "I" if student in withdrawn else "A"
        students.append(f"{student},0{student},Kid{student},,Lee,2027,01/01/2009,,002,{status},1,002")
        schedule.append(f"{student},ENG12-2,002,")
    if students_cut:  # the students export cut to half its rows: refused by the gate, not by X805
        students = students[: len(students) // 2]
    (exports / "student.csv").write_text("\n".join(students) + "\n", encoding="utf-8")
    (exports / "schedule.csv").write_text("\n".join(schedule) + "\n", encoding="utf-8")
    now = FIRST + dt.timedelta(days=number)
    for path in exports.iterdir():
        os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
    options = {"profile": "skyward-sms", "in_dir": exports, "out_dir": out, "as_of": now.date(), "now": now}
    return api.run(api.RunOptions(**options, max_removal=60, allow_incomplete=allow_incomplete))  # type: ignore[arg-type]


def unlinked_students(out: Path) -> set[str]:
    """The students of the published set linked to no parent (agentSourcedIds blank)."""
    with (out / "users.csv").open(newline="", encoding="utf-8") as users:
        return {
            row["sourcedId"] for row in csv.DictReader(users) if row["role"] == "student" and not row["agentSourcedIds"]
        }


def first_night(tmp_path: Path) -> tuple[Path, Path]:
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    result = night(exports, out, 0, contacts())
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    return exports, out


def test_families_gone_from_the_middle_of_the_contacts_export_are_refused(tmp_path: Path) -> None:
    exports, out = first_night(tmp_path)
    before = unlinked_students(out)
    gone = tuple(range(6021, 6033))  # twelve families, rows from the middle of the file
    result = night(exports, out, 1, contacts(without=gone))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X805"]
    assert refused.message.startswith("12 students the last published set linked to a parent (")
    assert refused.message.count("--allow-incomplete") == 1
    assert "06021 (Kid6021 Lee); 06022 (Kid6022 Lee)" in refused.message and "and 7 more" in refused.message
    assert "missing from the guardians export guardian.csv (a filtered or partly failed export)" in refused.message
    assert "export it again whole" in refused.message
    assert "--allow-incomplete publishes it anyway" in refused.message
    assert unlinked_students(out) == before  # the last set stays, every family linked
    again = night(exports, out, 2, contacts())  # the whole export the next night
    assert again.exit_status == api.EXIT_PUBLISHED and "X805" not in again.report.counts


def test_families_whose_rows_are_there_but_unreachable_are_refused_naming_what_left_them_out(tmp_path: Path) -> None:
    """Twelve families' rows are in the export with no email or phone (reviewer69 R3): refused, but
    the message says the rows may be there, left out by V515, and to correct them in the SIS."""
    exports, out = first_night(tmp_path)
    result = night(exports, out, 1, contacts(unreachable=tuple(range(6021, 6033))))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X805"]
    assert f"or there but left out or not linked tonight (V515: {result.report.counts['V515']} contacts" in (
        refused.message
    )
    assert "find their rows in guardian.csv: correct them in the SIS" in refused.message
    assert "every row of their families is missing" not in refused.message


def test_the_same_night_with_allow_incomplete_publishes_it_said(tmp_path: Path) -> None:
    exports, out = first_night(tmp_path)
    result = night(exports, out, 1, contacts(without=tuple(range(6021, 6033))), allow_incomplete=True)
    assert result.report.published and "X805" not in result.report.counts
    assert any(
        "12 students the last published set linked to a parent published with none" in p.message
        for p in result.report.examples["X918"]
    )
    assert {f"0{s}" for s in range(6021, 6033)} <= unlinked_students(out)


def test_a_few_families_unlinked_publish(tmp_path: Path) -> None:
    """Nine students' families gone (custody, a family's contacts removed in the SIS): under ten."""
    exports, out = first_night(tmp_path)
    result = night(exports, out, 1, contacts(without=tuple(range(6021, 6030))))
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    assert "X805" not in result.report.counts
    assert {f"0{s}" for s in range(6021, 6030)} <= unlinked_students(out)


def test_students_leaving_with_their_parents_publish(tmp_path: Path) -> None:
    """Twelve seniors withdrawn: their contacts' rows leave the export with them."""
    exports, out = first_night(tmp_path)
    leaving = tuple(range(6021, 6033))
    result = night(exports, out, 1, contacts(without=leaving), withdrawn=leaving)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    assert "X805" not in result.report.counts


def test_student_rows_whose_parent_columns_came_blank_are_refused_in_both_engines(tmp_path: Path) -> None:
    """PowerSchool's students.txt names each student's parents on her own row: twelve of its 28 rows
    tonight with the Mother and Father columns blank (a partly failed export; one of them is a student
    the set leaves out) is the same loss: eleven students, their 11 parents removed, under a removal
    limit made wide."""
    exports = tmp_path / "in"
    shutil.copytree(POWERSCHOOL, exports)
    path = exports / "students.txt"
    lines = path.read_bytes().split(b"\r\n")
    header, rows = lines[0].split(b"\t"), [line.split(b"\t") for line in lines[1:] if line]
    parent_columns = [at for at, name in enumerate(header) if name.startswith((b"Mother", b"Father"))]
    for engine in ("python", "columnar"):
        out = tmp_path / engine
        path.write_bytes(b"".join(b"\t".join(r) + b"\r\n" for r in [header, *rows]))
        options = api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=AS_OF, engine=engine)
        first = api.run(options)
        assert first.report.published and not unlinked_students(out), engine
        blanked = [[b"" if at in parent_columns else cell for at, cell in enumerate(row)] for row in rows[8:20]]
        path.write_bytes(b"".join(b"\t".join(r) + b"\r\n" for r in [header, *rows[:8], *blanked, *rows[20:]]))
        later = dt.datetime(2026, 10, 16, 2, tzinfo=dt.UTC)
        options = api.RunOptions(
            profile="powerschool",
            in_dir=exports,
            out_dir=out,
            as_of=later.date(),
            now=later,
            engine=engine,
            max_removal=60,  # a small sample: over the removal limits (X953) it would be refused for that
        )
        result = api.run(options)
        assert result.exit_status == api.EXIT_NOT_PUBLISHED, engine
        (refused,) = [p for p in result.problems if p.code.id == "X805"]
        assert refused.message.startswith(
            "11 students the last published set linked to a parent (42.3% of the 26 students so"
        ), engine
        assert "the parent columns of their rows in students.txt are blank or missing tonight" in refused.message
        assert not unlinked_students(out), engine  # the last set stays


def test_a_contacts_export_losing_nine_more_families_each_night_is_refused_once_they_add_up(tmp_path: Path) -> None:
    """Each night the contacts export misses every row of nine more students (reviewer69 R5): nine a night is
    under the floor of ten, and each night was compared with the last set only, so 36 students were left with
    no parent in four nights, each exit 0. The first nine publish and are kept in the state; the next night's
    nine more make eighteen, refused (X805), saying the nine were published so since the first night and
    that --allow-incomplete accepts real changes; the last set stays, and the whole export publishes."""
    exports, out = first_night(tmp_path)
    first = night(exports, out, 1, contacts(without=tuple(range(6021, 6030))))
    assert first.exit_status == api.EXIT_PUBLISHED and "X805" not in first.report.counts
    result = night(exports, out, 2, contacts(without=tuple(range(6021, 6039))))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X805"]
    assert refused.message.startswith("18 students a published set linked to a parent (")
    assert "; 9 of them were published so on earlier nights (since 2026-12-02, and the SIS still has them with no " in (
        refused.message
    )
    assert "if these families really changed in the SIS, rerun with --allow-incomplete to accept it" in refused.message
    assert refused.message.count("--allow-incomplete") == 1, "said once (reviewer81 R6)"
    assert {f"0{s}" for s in range(6030, 6039)}.isdisjoint(unlinked_students(out)), "the last set stays"
    whole = night(exports, out, 3, contacts())  # the export whole again: every family back
    assert whole.exit_status == api.EXIT_PUBLISHED and "X805" not in whole.report.counts
    assert not {f"0{s}" for s in FAMILIES} & unlinked_students(out)


def test_a_refusal_of_families_lost_over_two_nights_stands_until_a_person_acts(tmp_path: Path) -> None:
    """Six families' rows gone, published; six more the next night, refused (twelve, six carried); then
    the export stays so and nobody answers, past the week the carried six are counted for (reviewer75 R1:
    the refused nights aged them out by the clock, and the fourth refused night published them at exit 0).
    A refused night writes no state: every night is refused until --allow-incomplete publishes it, after
    which the same export publishes (the count starts again)."""
    exports, out = first_night(tmp_path)
    assert night(exports, out, 1, contacts(without=tuple(range(6021, 6027)))).exit_status == api.EXIT_PUBLISHED
    broken = contacts(without=tuple(range(6021, 6033)))
    for number in range(2, 13):
        result = night(exports, out, number, broken)
        assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published, number
        (refused,) = [p for p in result.problems if p.code.id == "X805"]
        assert refused.message.startswith("12 students a published set linked to a parent ("), number
        later = f"{number - 1} day{'s' if number > 2 else ''} later"
        assert f"(since 2026-12-02, and the SIS still has them with no parent {later})" in refused.message, number
        assert {f"0{s}" for s in range(6027, 6033)}.isdisjoint(unlinked_students(out)), number
    accepted = night(exports, out, 13, broken, allow_incomplete=True)
    assert accepted.report.published and any("12 students" in p.message for p in accepted.report.examples["X918"])
    assert {f"0{s}" for s in range(6021, 6033)} <= unlinked_students(out)
    after = night(exports, out, 14, broken)
    assert after.exit_status == api.EXIT_PUBLISHED and "X805" not in after.report.counts


def test_families_lost_a_few_at_a_time_over_weeks_publish(tmp_path: Path) -> None:
    """Nine families' rows gone, then nine more nine days later (custody changes, families who left the
    SIS's contacts a few at a time), the nights between published: the first nine, since 2026-12-02, are
    past the week before the last set (2026-12-10), so each night is under the floor and published (the
    last at exit 1, X821: its nine families' parents, gone from the export, not listed as withdrawn, are
    over the removal limit without `night`'s --max-removal 60)."""
    exports, out = first_night(tmp_path)
    assert night(exports, out, 1, contacts(without=tuple(range(6021, 6030)))).exit_status == api.EXIT_PUBLISHED
    for number in range(2, 10):  # nothing new: published, the nine carried
        assert night(exports, out, number, contacts(without=tuple(range(6021, 6030)))).report.published, number
    later = night(exports, out, 10, contacts(without=tuple(range(6021, 6039))))
    assert_let_through(later)
    assert "X805" not in later.report.counts
    assert {f"0{s}" for s in range(6021, 6039)} <= unlinked_students(out)


def test_families_lost_before_two_weeks_without_runs_are_not_counted_with_the_next_nights(tmp_path: Path) -> None:
    """Nine families' rows gone on the first night, published; then no run for two weeks (a holiday), and
    one more family gone on the night the runs start again: the nine were published so over a week before
    tonight, and nights that did not run age them as nights do. Measured from the last published set, the
    ten were refused together, the message saying the SIS had held them so for 15 days (reviewer81 R1)."""
    exports, out = first_night(tmp_path)
    assert night(exports, out, 1, contacts(without=tuple(range(6021, 6030)))).exit_status == api.EXIT_PUBLISHED
    later = night(exports, out, 16, contacts(without=tuple(range(6021, 6031))))
    assert later.exit_status == api.EXIT_PUBLISHED and "X805" not in later.report.counts


def test_families_lost_over_a_week_refused_for_another_cause_are_still_counted(tmp_path: Path) -> None:
    """Nine families gone, published; then a week of nights refused for another cause (the students
    export cut) while nine more families go; the eighteen are refused once the export is whole again. The
    week's refusals had aged the first nine out, and the eighteen were published at exit 0 (reviewer85 C1)."""
    exports, out = first_night(tmp_path)
    assert night(exports, out, 1, contacts(without=tuple(range(6021, 6030)))).exit_status == api.EXIT_PUBLISHED
    for number in range(2, 10):
        cut = night(exports, out, number, contacts(without=tuple(range(6021, 6039))), students_cut=True)
        assert not cut.report.published, number
    result = night(exports, out, 10, contacts(without=tuple(range(6021, 6039))))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X805" in result.report.counts


def test_families_carried_are_not_forgotten_on_a_night_out_was_emptied(tmp_path: Path) -> None:
    """Nine families gone, published; a pick-up job empties OUT (X973: no set to compare by ID), and the
    night publishes; nine more the next night: the eighteen are refused. The emptied night had forgotten
    the nine, and the eighteen were published at exit 0 (reviewer81 R3)."""
    exports, out = first_night(tmp_path)
    assert night(exports, out, 1, contacts(without=tuple(range(6021, 6030)))).exit_status == api.EXIT_PUBLISHED
    for path in out.glob("*.csv"):
        path.unlink()
    emptied = night(exports, out, 2, contacts(without=tuple(range(6021, 6030))))
    assert emptied.report.published and "X973" in emptied.report.counts
    result = night(exports, out, 3, contacts(without=tuple(range(6021, 6039))))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert "X805" in result.report.counts


ONEROSTER_USERS = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
)


def oneroster_district(folder: Path, students: int, lost: int, as_of: dt.date) -> None:
    """A OneRoster bulk district of one school, a class of 25 students per teacher and one parent per
    student, whose first `lost` students' parents are gone from the SIS (the parent's row with them)."""
    folder.mkdir(exist_ok=True)
    users, classes = [ONEROSTER_USERS], ["sourcedId,status,dateLastModified,title,schoolSourcedId,termSourcedIds"]
    enrollments = ["sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role"]
    for c in range(students // 25):
        users.append(f"T{c},,,true,SCH1,teacher,t{c},,Tg{c},Tf{c},,,t{c}@x.org,,,,,")
        classes.append(f"C{c},,,Class {c},SCH1,YR")
        enrollments.append(f"eT{c},,,C{c},SCH1,T{c},teacher")
    for n in range(students):
        users.append(f"S{n:05d},,,true,SCH1,student,s{n},,Sg{n},Sf{n},,,s{n}@x.org,,,,09,")
        enrollments.append(f"eS{n},,,C{n // 25},SCH1,S{n:05d},student")
        if n >= lost:
            users.append(f"P{n:05d},,,true,SCH1,guardian,p{n},,Pg{n},Pf{n},,,p{n}@x.org,,,S{n:05d},,")
    files = {
        "manifest.csv": ["propertyName,value", "manifest.version,1.0", "oneroster.version,1.1"],
        "orgs.csv": ["sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId", "SCH1,,,One,school,,"],
        "academicSessions.csv": [
            "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
            "YR,,,2026-2027,schoolYear,2026-08-27,2027-06-17,,2027",
        ],
        "users.csv": users,
        "classes.csv": classes,
        "enrollments.csv": enrollments,
    }
    stamp = dt.datetime.combine(as_of, dt.time(1), tzinfo=dt.UTC).timestamp()
    for name, lines in files.items():
        (folder / name).write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
        os.utime(folder / name, (stamp, stamp))


def test_a_large_districts_week_of_lost_families_is_judged_by_its_share(tmp_path: Path) -> None:
    """2,800 students, each with one parent. Families lost over three nights (custody changes, adult
    students' parents removed, contact clean-up: 12, 12 and 3) make 27 students with no parent, past the 25
    that refuse ONE night's loss whatever the share, but 0.96 % of the linked students: published each night
    (reviewer75 R2: 25 carried over the week refused a 5,000-student district's 4 a night weekly). Thirteen
    more the next night make 40 (1.4 %): refused, saying 27 of them were published so on earlier nights."""
    exports, out = tmp_path / "in", tmp_path / "out"
    for number, lost in enumerate((0, 12, 24, 27, 40)):
        as_of = dt.date(2027, 1, 11) + dt.timedelta(days=number)
        oneroster_district(exports, 2800, lost, as_of)
        now = dt.datetime.combine(as_of, dt.time(2), tzinfo=dt.UTC)
        result = api.run(api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=as_of, now=now))
        if lost < 40:
            assert result.exit_status == api.EXIT_PUBLISHED, (number, [str(p) for p in result.report.aborts])
            assert len(unlinked_students(out)) == lost
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and len(unlinked_students(out)) == 27
    (refused,) = [p for p in result.problems if p.code.id == "X805"]
    assert refused.message.startswith(
        "40 students a published set linked to a parent (1.4% of the 2800 students so linked"
    )
    assert "; 27 of them were published so on earlier nights (since 2027-01-12," in refused.message
    assert "are blank or missing (a filtered" in refused.message, "not 'tonight': 27 have been so for days"
    assert refused.message.count("--allow-incomplete") == 1
