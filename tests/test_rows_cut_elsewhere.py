"""An export cut short at a line boundary loses the records after the cut, while tonight's other rows
still name them: X882 for people (also when the enrolment reads its person through a join, as
PowerSchool's cc reads the student by StudentID and its sections the teacher by Teacher, and for a
parent a student's agentSourcedIds names), X888 for classes (current enrolment rows naming a section
the sections export lacks). Nothing is published; --allow-incomplete publishes it, said (X883, X889).
The ordinary nights stay exit 0: a withdrawn student keeps her row, a deleted section takes its
roster rows with it, a teacher who leaves keeps her row (Status 2) or her section gets another
teacher, a parent taken off the student's list. And an enrolment's SectionID written as a
spreadsheet's float or with a leading zero, which removes the last set's enrolment: X983, exit 1
(tester52 F1, F2, F8)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tests import synthetic_nights
from tests import test_export_tail_cut as tails_cut
from tests import test_users_rows_missing as oneroster
from tests.synthetic_nights import ENGINES, district_of, first_night
from transform import api

# One xdist worker takes the module's tests: it publishes each engine's first night once.
pytestmark = pytest.mark.xdist_group("rows_cut_elsewhere")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return district_of(tmp_path_factory, 1000)  # several teachers a school (3 or 4): one may go (X942)


def run(exports: Path, out: Path, engine: str, night: int = 0, **options: object) -> api.RunResult:
    """synthetic_nights.run with --jobs 2: the enrolments made by a second process (pipeline.overlap),
    the path the 2,000-student district this module had took by default (over overlap.AHEAD_MIN_ROWS
    enrolment rows); 1,000 students cost half as much a night."""
    return synthetic_nights.run(exports, out, engine, night, jobs=2, **options)


def rows_of(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_bytes().decode("utf-8").split("\r\n")]


def write_rows(path: Path, rows: list[list[str]]) -> None:
    path.write_bytes("\r\n".join("\t".join(cells) for cells in rows).encode("utf-8"))


def cut(path: Path, lines: int) -> list[list[str]]:
    """The file's last `lines` rows gone, the cut after a whole line; the rows cut."""
    rows = rows_of(path)
    end = len(rows) - (rows[-1] == [""])  # a file ending in a line break
    write_rows(path, rows[: end - lines] + rows[end:])
    return rows[end - lines : end]


def nights(district: Path, tmp_path: Path, engine: str) -> tuple[Path, Path]:
    """The district published on its first night into tmp_path/out (made once per engine:
    synthetic_nights.first_night); tonight's exports a copy to edit."""
    out, tonight = first_night(district, tmp_path, engine), tmp_path / "tonight"
    shutil.copytree(district, tonight)
    return out, tonight


def said(result: api.RunResult, code: str) -> list[str]:
    return [str(p) for p in result.report.examples.get(code, [])]


def refused(result: api.RunResult, out: Path, published: bytes, code: str) -> str:
    assert result.exit_status == 1 and not result.report.published, dict(result.report.counts)
    assert (out / "users.csv").read_bytes() + (out / "enrollments.csv").read_bytes() == published
    (message,) = said(result, code)
    return message


def the_set(out: Path) -> bytes:
    return (out / "users.csv").read_bytes() + (out / "enrollments.csv").read_bytes()


@ENGINES
def test_a_students_export_cut_short_is_refused_though_cc_names_students_by_their_dcid(
    district: Path, tmp_path: Path, engine: str
) -> None:
    out, tonight = nights(district, tmp_path, engine)
    published = the_set(out)
    lost = cut(tonight / "students.txt", 8)
    result = run(tonight, out, engine, night=1)
    message = refused(result, out, published, "X882")
    active = [row for row in lost if row[rows_of(district / "students.txt")[0].index("Enroll_Status")] == "0"]
    assert message.startswith("cc.txt:")
    assert f"students.txt has no row for {len(active)} students that tonight's other exports still name" in message
    assert "named by cc.txt:" in message and "(D300)" in message
    assert "export students.txt again whole and rerun" in message
    allowed = run(tonight, out, engine, night=1, allow_incomplete=True)
    assert allowed.report.published and "X882" not in allowed.report.counts and allowed.report.counts["X883"] == 1


@ENGINES
def test_a_teachers_export_cut_short_is_refused_though_sections_name_teachers_by_their_id(
    district: Path, tmp_path: Path, engine: str
) -> None:
    out, tonight = nights(district, tmp_path, engine)
    published = the_set(out)
    cut(tonight / "teachers.txt", 2)
    result = run(tonight, out, engine, night=1)
    message = refused(result, out, published, "X882")
    assert message.startswith("sections.txt:") and "teachers.txt has no row for " in message
    assert "named by sections.txt:" in message


@ENGINES
def test_a_sections_export_cut_short_is_refused_while_cc_names_its_sections(
    district: Path, tmp_path: Path, engine: str
) -> None:
    out, tonight = nights(district, tmp_path, engine)
    published = the_set(out)
    lost = {row[0] for row in cut(tonight / "sections.txt", 6)}
    classes = {line.split(",")[0] for line in (out / "classes.csv").read_text(encoding="utf-8").splitlines()[1:]}
    gone = sorted(lost & classes)
    assert gone, "the cut took classes of the set"
    result = run(tonight, out, engine, night=1)
    message = refused(result, out, published, "X888")
    assert message.startswith("cc.txt:")
    assert f"sections.txt has no row for {len(gone)} class" in message and f"{gone[0]} (" in message
    assert "named by cc.txt:" in message and "(V502)" in message and "export sections.txt again whole" in message
    allowed = run(tonight, out, engine, night=1, allow_incomplete=True)
    assert allowed.report.published and "X888" not in allowed.report.counts and allowed.report.counts["X889"] == 1


@ENGINES
def test_ordinary_nights_of_leaving_are_published(district: Path, tmp_path: Path, engine: str) -> None:
    """A student withdrawn (her row kept, Enroll_Status 2), a section deleted with its cc rows, a
    teacher who left (her row kept, Status 2), a section given another teacher: exit 0."""
    out, tonight = nights(district, tmp_path, engine)
    students = rows_of(tonight / "students.txt")
    status = students[0].index("Enroll_Status")
    withdrawn = next(row for row in students[1:] if len(row) > status and row[status] == "0")
    withdrawn[status] = "2"
    write_rows(tonight / "students.txt", students)
    sections = rows_of(tonight / "sections.txt")
    teacher = sections[0].index("Teacher")
    deleted, reassigned = sections[3], sections[4]
    reassigned[teacher] = sections[5][teacher] if sections[5][teacher] != reassigned[teacher] else sections[6][teacher]
    write_rows(tonight / "sections.txt", [row for row in sections if row is not deleted])
    cc = rows_of(tonight / "cc.txt")
    section = cc[0].index("SectionID")
    write_rows(tonight / "cc.txt", [row for row in cc if len(row) <= section or row[section] != deleted[0]])
    teachers = rows_of(tonight / "teachers.txt")
    teachers[2][teachers[0].index("Status")] = "2"
    write_rows(tonight / "teachers.txt", teachers)
    result = run(tonight, out, engine, night=1)
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.report.aborts]
    assert not {"X882", "X883", "X888", "X889", "X981", "X983"} & set(result.report.counts)
    changes = result.report.facts["changes"]
    assert changes["users"]["removed"] >= 2 and changes["classes"]["removed"] >= 1


@ENGINES
@pytest.mark.parametrize("written", ["{}.0", "0{}"])
def test_a_section_id_written_as_a_float_or_with_a_zero_is_said_when_it_removes_an_enrolment(
    district: Path, tmp_path: Path, engine: str, written: str
) -> None:
    out, tonight = nights(district, tmp_path, engine)
    enrolled = {line.split(",")[0] for line in (out / "enrollments.csv").read_text(encoding="utf-8").splitlines()}
    students = {row[0]: row[1] for row in rows_of(tonight / "students.txt")[1:] if len(row) > 1}
    cc = rows_of(tonight / "cc.txt")
    section = cc[0].index("SectionID")
    line = next(
        n
        for n, row in enumerate(cc[1:], start=2)
        if len(row) > section and f"{row[section]}-{students.get(row[cc[0].index('StudentID')], '')}" in enrolled
    )
    cc[line - 1][section] = written.format(cc[line - 1][section])
    write_rows(tonight / "cc.txt", cc)
    result = run(tonight, out, engine, night=1)
    assert result.report.published and result.exit_status == 1, dict(result.report.counts)
    (message,) = said(result, "X983")
    assert message.startswith(f"cc.txt:{line}: X983") and "enrollments.csv loses 1 " in message
    assert ("V502" if written.endswith(".0") else "V608") in message
    assert "X888" not in result.report.counts


@ENGINES
def test_a_oneroster_users_export_that_lost_parents_students_still_name_is_refused(tmp_path: Path, engine: str) -> None:
    out, tonight = oneroster.nights(tmp_path, "1.1", engine)
    published = the_set(out)
    oneroster.drop_rows(tonight / "users.csv", *(f"p{s:03}" for s in range(30, 40)))
    result = oneroster.run(tonight, out, engine, night=1)
    message = refused(result, out, published, "X882")
    assert "users.csv has no row for 10 parents/guardians that tonight's other exports still name" in message
    assert "p030 (Parent30 Doe), named by users.csv:" in message and "(V575)" in message


@ENGINES
def test_a_parent_taken_off_the_students_list_is_published(tmp_path: Path, engine: str) -> None:
    out, tonight = oneroster.nights(tmp_path, "1.1", engine)
    oneroster.drop_rows(tonight / "users.csv", "p030")
    users = (tonight / "users.csv").read_text(encoding="utf-8").replace(",p030,03,", ",,03,")
    (tonight / "users.csv").write_text(users, encoding="utf-8")
    result = oneroster.run(tonight, out, engine, night=1)
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.report.aborts]
    assert result.report.facts["changes"]["users"]["removed"] == 1 and "X882" not in result.report.counts


def test_a_first_set_is_judged_against_its_students_not_all_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """18 of 150 students (12 %) cut: 6 % of the users with the parents, which passed the limit."""
    monkeypatch.setattr(oneroster, "STUDENTS", 150)
    exports = oneroster.district(tmp_path / "in", "1.1")
    oneroster.drop_rows(exports / "users.csv", *(f"s{s:03}" for s in range(132, 150)))
    result = oneroster.run(exports, tmp_path / "out", "python")
    assert result.exit_status == 1 and not result.report.published
    (message,) = said(result, "X882")
    assert "has no row for 18 " in message and "on a first set (12.0% of its students)" in message


@ENGINES
def test_a_courses_export_that_lost_a_row_its_current_sections_name_is_refused(
    district: Path, tmp_path: Path, engine: str
) -> None:
    """tester55 F4: courses.txt without the row of C11 while two current sections still name it
    and their cc rows are current: the sections joined no course and were left out (D300), and
    their classes and 72 enrolments were removed at exit 0. A course cannot be deleted while
    sections use it: the courses export lost a row (X888, naming courses.txt). In this module's
    1,000-student district C15 is such a course (a year-long and a semester-1 section, both
    current, 43 enrolments), as C11 was in the 2,000-student one."""
    out, tonight = nights(district, tmp_path, engine)
    published = the_set(out)
    courses = rows_of(tonight / "courses.txt")
    write_rows(tonight / "courses.txt", [row for row in courses if row[0] != "C15"])
    result = run(tonight, out, engine, night=1)
    message = refused(result, out, published, "X888")
    assert message.startswith("cc.txt:") and "courses.txt has no row for 2 classes of the last published set" in message
    assert "its sections.txt row joining none of courses.txt, named by cc.txt:" in message
    assert "export courses.txt again whole" in message
    allowed = run(tonight, out, engine, night=1, allow_incomplete=True)
    assert allowed.report.published and allowed.report.counts["X889"] == 1


def teacher_at_two_schools(tmp_path: Path) -> tuple[Path, Path]:
    """The district fixture, Maria Alvarez (T1001) with a teachers row at each of her two schools
    (101 at 100, 202 at 200: PowerSchool lists staff once a school), published on its first night."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(tails_cut.DISTRICT, exports)
    sections = rows_of(exports / "sections.txt")
    for row in sections:
        if row[0] in ("2005", "2008"):  # school 200 keeps owners for most of its classes (not X942)
            row[6] = "201"
    write_rows(exports / "sections.txt", sections)
    assert tails_cut.run(exports, out, tails_cut.FIRST).exit_status == api.EXIT_PUBLISHED
    return exports, out


def test_a_teachers_export_that_lost_her_row_at_one_of_two_schools_is_refused(tmp_path: Path) -> None:
    """tester55 F3: teachers.txt without row 202 (T1001 at school 200), her row 101 kept: sections
    2002 and 2009 still name Teacher 202, and were published with no teacher, her enrolments in
    them removed, at exit 0 (X882 counted whole persons only). A row lost, not a person."""
    exports, out = teacher_at_two_schools(tmp_path)
    published = the_set(out)
    write_rows(exports / "teachers.txt", [row for row in rows_of(exports / "teachers.txt") if row[0] != "202"])
    result = tails_cut.run(exports, out, tails_cut.SECOND)
    message = refused(result, out, published, "X882")
    assert message.startswith("sections.txt:9: X882") and "teachers.txt has no row for 1 person" in message
    assert "T1001 (Maria Alvarez), named by sections.txt:9 (D300)" in message
    assert "by the row a current row names (Teacher='202'), while another row of theirs keeps them" in message
    assert "remove them from 2 classes of the last published set" in message
    allowed = tails_cut.run(exports, out, tails_cut.SECOND, allow_incomplete=True)
    assert allowed.report.published and allowed.report.counts["X883"] == 1


def test_a_teacher_who_left_one_of_her_two_schools_is_published(tmp_path: Path) -> None:
    """Her row at school 200 kept with Status 2 (she left that school): the profile leaves it out."""
    exports, out = teacher_at_two_schools(tmp_path)
    teachers = rows_of(exports / "teachers.txt")
    status = next(n for n, name in enumerate(teachers[0]) if name.endswith("STATUS"))
    next(row for row in teachers if row[0] == "202")[status] = "2"
    write_rows(exports / "teachers.txt", teachers)
    result = tails_cut.run(exports, out, tails_cut.SECOND)
    assert result.report.published and "X882" not in result.report.counts, [str(p) for p in result.report.aborts]


def test_a_student_who_drops_the_class_an_orphan_schedule_row_names_is_published(tmp_path: Path) -> None:
    """Review of stop 47: cc.txt's orphan row (StudentID 9999, no students row, every night) names
    section 2001; student 917 dropping 2001 was taken for the person whose row was lost (X882,
    exit 1). A key missed when the last set was made too made none of its enrolments."""
    exports, out = tails_cut.first_night(tmp_path)
    lines = tails_cut.cc_lines(exports)
    assert any(line.startswith(b"9999\t2001\t") for line in lines)
    dropped = [line for line in lines if not line.startswith(b"917\t2001\t")]
    assert len(dropped) == len(lines) - 1
    tails_cut.write_cc(exports, dropped)
    result = tails_cut.run(exports, out, tails_cut.SECOND)
    assert result.report.published and "X882" not in result.report.counts, [str(p) for p in result.report.aborts]


def test_a_new_orphan_schedule_row_in_a_class_a_student_drops_is_published(tmp_path: Path) -> None:
    """Review of stop 47: an orphan cc row new tonight (a student pre-registered in the schedule
    before the students export lists him) in section 2001, and student 917 dropping 2001: X882
    blamed her, every night (the refusal records no key). A student has one row: a key no
    students row has is no second row of a student kept."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(tails_cut.DISTRICT, exports)
    lines = tails_cut.cc_lines(exports)
    orphan = next(line for line in lines if line.startswith(b"9999\t2001\t"))
    tails_cut.write_cc(exports, [line for line in lines if line != orphan])
    assert tails_cut.run(exports, out, tails_cut.FIRST).exit_status == api.EXIT_PUBLISHED
    tails_cut.write_cc(exports, [line for line in lines if not line.startswith(b"917\t2001\t")])
    result = tails_cut.run(exports, out, tails_cut.SECOND)
    assert result.report.published and "X882" not in result.report.counts, [str(p) for p in result.report.aborts]


def written_before_missed_keys(out: Path) -> None:
    """OUT's last.json as the version before the keys missed were recorded wrote it."""
    path = out.parent / f".{out.name}.transform" / "last.json"
    state = json.loads(path.read_text(encoding="utf-8"))
    del state["users_missed"]
    path.write_text(json.dumps(state), encoding="utf-8")


def without_her_row_at_school_200(exports: Path) -> None:
    write_rows(exports / "teachers.txt", [row for row in rows_of(exports / "teachers.txt") if row[0] != "202"])


def test_her_row_lost_on_the_first_night_after_the_upgrade_is_said_for_a_person_to_look(tmp_path: Path) -> None:
    """cut47's leftover: the check of tester55 F3 did not run when last.json did not say which keys
    were missed when the last set was made (a last.json of the version before): her row lost
    published at exit 0. It cannot be refused there (a key missed then too, an orphan row, would
    blame whoever drops its classes): published, said, exit 1. The next night knows the keys."""
    exports, out = teacher_at_two_schools(tmp_path)
    written_before_missed_keys(out)
    without_her_row_at_school_200(exports)
    result = tails_cut.run(exports, out, tails_cut.SECOND)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    assert "X882" not in result.report.counts
    (message,) = said(result, "X861")
    assert "teachers.txt has no row for 1 person" in message and "T1001 (Maria Alvarez)" in message
    assert "(last.json was written by a version of the tool that did not record them)" in message
    assert "published, but look whether teachers.txt lost their row" in message
    result = tails_cut.run(exports, out, tails_cut.SECOND + dt.timedelta(days=1))
    assert result.exit_status == api.EXIT_PUBLISHED and not {"X861", "X882"} & result.report.counts.keys()


def test_her_row_lost_against_a_previous_set_is_said_and_ordinary_nights_are_not(tmp_path: Path) -> None:
    """The same against a set --previous names (OUT's last.json says nothing of it); a teacher who
    left one of her schools (her row kept, Status 2) is no row lost, and is not said."""
    exports, out = teacher_at_two_schools(tmp_path)
    kept = tmp_path / "kept"
    shutil.copytree(out, kept)
    teachers = rows_of(exports / "teachers.txt")
    without_her_row_at_school_200(exports)
    result = tails_cut.run(exports, out, tails_cut.SECOND, previous=kept)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    (message,) = said(result, "X861")
    assert "(the last published set is the one --previous names, of which OUT's last.json says nothing)" in message
    status = next(n for n, name in enumerate(teachers[0]) if name.endswith("STATUS"))
    next(row for row in teachers if row[0] == "202")[status] = "2"
    write_rows(exports / "teachers.txt", teachers)
    shutil.rmtree(out)
    shutil.copytree(kept, out)
    result = tails_cut.run(exports, out, tails_cut.SECOND, previous=kept)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert not {"X861", "X882"} & result.report.counts.keys()


def test_her_row_lost_against_a_previous_set_is_said_once_not_every_night(tmp_path: Path) -> None:
    """A district always run with --previous naming the same kept set (cut48's leftover): her row
    lost was said (X861, exit 1) every night it stayed lost, the same row, so a person learned to
    ignore exit 1. Said once: the next nights, OUT's last.json knows the key was missed then too."""
    exports, out = teacher_at_two_schools(tmp_path)
    kept = tmp_path / "kept"
    shutil.copytree(out, kept)
    kept_teachers = tmp_path / "teachers.txt"
    shutil.copy(exports / "teachers.txt", kept_teachers)
    without_her_row_at_school_200(exports)
    first = tails_cut.run(exports, out, tails_cut.SECOND, previous=kept)
    assert first.exit_status == api.EXIT_NOT_PUBLISHED and first.report.published
    assert "T1001 (Maria Alvarez)" in said(first, "X861")[0]
    for later in (1, 2):
        night = tails_cut.run(exports, out, tails_cut.SECOND + dt.timedelta(days=later), previous=kept)
        assert night.exit_status == api.EXIT_PUBLISHED and night.report.published, dict(night.report.counts)
        assert not {"X861", "X882"} & night.report.counts.keys()
    # Her row back one night and lost again the next is a new loss: said again, that night.
    write_rows(exports / "teachers.txt", rows_of(kept_teachers))
    back = tails_cut.run(exports, out, tails_cut.SECOND + dt.timedelta(days=3), previous=kept)
    assert back.exit_status == api.EXIT_PUBLISHED and "X861" not in back.report.counts
    without_her_row_at_school_200(exports)
    again = tails_cut.run(exports, out, tails_cut.SECOND + dt.timedelta(days=4), previous=kept)
    assert again.exit_status == api.EXIT_NOT_PUBLISHED and "T1001 (Maria Alvarez)" in said(again, "X861")[0]


def test_a_classmate_of_a_student_pre_registered_in_the_schedule_who_leaves_is_published(tmp_path: Path) -> None:
    """cut48: cc.txt lists a student pre-registered in the schedule (StudentID 9998, in Cruz
    Miller's seven sections) whom the students export of active students only does not list yet,
    every night. Cruz leaves, purged from both exports: X882 tied the orphan key to him (most of
    its classes his, most of his its) and refused the set, every night until 9998 was listed. A
    key missed when the last set was made too made none of its enrolments."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(tails_cut.DISTRICT, exports)
    tails_cut.without_students(exports, b"907", b"915")  # active students only
    lines = tails_cut.cc_lines(exports)
    his = [line for line in lines if line.startswith(b"927\t")]
    at = lines.index(his[-1]) + 1
    tails_cut.write_cc(exports, [*lines[:at], *(b"9998" + line[3:] for line in his), *lines[at:]])
    assert tails_cut.run(exports, out, tails_cut.FIRST).exit_status == api.EXIT_PUBLISHED
    tails_cut.without_students(exports, b"927")
    result = tails_cut.run(exports, out, tails_cut.SECOND)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    assert b",005028," not in (out / "enrollments.csv").read_bytes()
