"""A condition or term filter that reads the data wrong does not publish quietly (tester3, items
6 and 7). The Aeries fixture district, its exports changed as districts write them:

- DEL written 1/0 where a district profile compares it with "Y", or written True/False where it
  compares it with "1": the deleted student Sam Reyes (40004) passes. A warning
  (I264) names the rule, the column, the value and the values the column holds; --strict refuses.
- the contacts' record types (CON.CD) numbered by the district (1 parent ... 4 restrained): the
  bundled profile's `not_equals R` keeps everyone, its parent-or-guardian pattern links nobody,
  and every parent would be left out: I264 for the codes, I265 for the rule, and a refusal
  (X951, exit 1) on the first run, since users.csv still holds students and staff.
- a link_where pattern that never matches: the same I265 and X951.
- a term filter reading the start date as the end date: every term one day long, refused (X952,
  exit 1) instead of "nothing due" (F421, exit 0).

A code no row holds that is of the form of those held says nothing: a district with no
restrained contact this year writes no R among its P, G and E."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

AERIES = FIXTURES / "aeries" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)
# The bundled profile's CON.CD record types, as a district numbering them writes them.
NUMBERED = {"P": "1", "G": "2", "E": "3", "R": "4", "D": "5"}


def exports(folder: Path, change: dict[str, dict[str, object]] | None = None) -> Path:
    """The Aeries fixture's exports, with columns rewritten: {file: {column: mapping or callable}}."""
    target = folder / "in"
    shutil.copytree(AERIES, target)
    for name, columns in (change or {}).items():
        path = target / name
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        header = list(rows[0])
        for row in rows:
            for column, how in columns.items():
                row[column] = how(row[column]) if callable(how) else how.get(row[column], row[column])  # type: ignore[union-attr]
        out = io.StringIO()
        writer = csv.DictWriter(out, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return target


def profile(folder: Path, text: str) -> Path:
    path = folder / "district.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(exports_dir: Path, out: Path, profile_name: str | Path = "aeries", **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile=str(profile_name), in_dir=exports_dir, out_dir=out, as_of=AS_OF, **options)  # type: ignore[arg-type]
    )


def messages(result: api.RunResult, code: str) -> list[str]:
    return [p.message for p in result.report.examples.get(code, [])]


def user_ids(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


DEL_NEVER = """\
name: district-d
extends: aeries
tables:
  users:
    students:
      where:
        kept: {field: "{DEL}", op: not_equals, value: "Y", because: deleted}
        active: {field: "{TG}", op: equals, value: "", reason: inactive-student}
"""


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_deleted_flag_compared_with_a_value_the_export_never_writes_is_a_warning(tmp_path: Path, engine: str) -> None:
    result = run(exports(tmp_path), tmp_path / "out", profile(tmp_path, DEL_NEVER), engine=engine)
    # the deleted student passed; published, and a first set of the district's own condition exits 1 (tester71 N5)
    assert result.exit_status == 1 and result.report.published and "40004" in user_ids(tmp_path / "out")
    found = result.report.examples["I264"]
    assert [(p.where.file, p.where.line, p.where.column) for p in found] == [("STU.csv", 1, "DEL")]
    assert found[0].code.severity == "warning"
    assert found[0].message == (
        "users.students where kept: {DEL} not_equals Y: no row of STU.csv holds Y in DEL (its 6 rows "
        "hold '0' (5), '1' (1)), so the condition leaves out no row: the records it exists to leave out "
        "may be published; write the value as this export writes it"
    )


def test_strict_refuses_a_condition_compared_with_a_value_never_written(tmp_path: Path) -> None:
    result = run(exports(tmp_path), tmp_path / "out", profile(tmp_path, DEL_NEVER), strict=True)
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert [p.code.slug for p in result.problems] == ["strict-refused"]
    assert result.report.counts["I264"] == 1  # among the warnings it counts


def test_check_profile_with_the_exports_names_the_condition_before_the_first_run(tmp_path: Path) -> None:
    """An admin writing a profile runs `check-profile --exports` first: the same I264 there, and
    nothing for the bundled profile on the same exports."""
    folder = exports(tmp_path)
    _, problems = api.check_profile(str(profile(tmp_path, DEL_NEVER)), exports=folder)
    unseen = [p for p in problems if p.code.id == "I264"]
    assert [(p.where.file, p.where.column, p.params["values"], p.params["rule"]) for p in unseen] == [
        ("STU.csv", "DEL", "Y", "users.students")
    ]
    assert [p for p in api.check_profile("aeries", exports=folder)[1] if p.code.id == "I264"] == []


DEL_ONE = """\
name: district-del
extends: aeries
tables:
  users:
    students:
      where:
        kept: {field: "{DEL}", op: not_equals, value: "1", because: deleted}
        active: {field: "{TG}", op: empty, reason: inactive-student}
  enrollments:
    students:
      where:
        kept: {field: "{DEL}", op: not_equals, value: "1", because: deleted}
"""


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_deleted_flag_written_true_false_compared_with_1_is_a_warning_for_each_rule(
    tmp_path: Path, engine: str
) -> None:
    """The student 40004 and the enrolment 40-5-40002 of a deleted SEC row are published; each
    rule reading DEL as 1 says so (the enrolments' rule in the engine that maps them)."""
    flags = {"0": "False", "1": "True"}
    folder = exports(tmp_path, {"STU.csv": {"DEL": flags}, "SEC.csv": {"DEL": flags}})
    result = run(folder, tmp_path / "out", profile(tmp_path, DEL_ONE), engine=engine)
    assert result.exit_status == 1 and result.report.published and "40004" in user_ids(tmp_path / "out")
    found = {(p.params["rule"], p.where.file) for p in result.report.examples["I264"]}
    assert {("users.students", "STU.csv"), ("enrollments.students", "SEC.csv")} <= found
    assert found <= {
        ("users.students", "STU.csv"),
        ("enrollments.students", "SEC.csv"),
        ("demographics.students", "STU.csv"),
    }
    students = next(p for p in result.report.examples["I264"] if p.params["rule"] == "users.students")
    assert students.params["seen"] == "'False' (5), 'True' (1)" and students.params["values"] == "1"
    enrolments = next(p for p in result.report.examples["I264"] if p.params["rule"] == "enrollments.students")
    assert enrolments.params["seen"] == "'False' (9), 'True' (1)"


def test_a_code_of_the_same_form_that_no_row_holds_says_nothing(tmp_path: Path) -> None:
    """No restrained contact this year (no R among P, G, E, D), nobody deleted (DEL all 0). The
    bundled profile's `CD not_equals R` is not said either (P113 is for a district's own
    conditions: tests/test_profile_no_ops.py)."""
    folder = exports(tmp_path, {"CON.csv": {"CD": {"R": "P"}}, "SEC.csv": {"DEL": {"1": "0"}}})
    result = run(folder, tmp_path / "out")
    assert result.exit_status == 0
    assert "I264" not in result.report.counts and "I265" not in result.report.counts
    assert "P113" not in result.report.counts


def test_record_types_the_district_numbers_refuse_a_set_without_parents(tmp_path: Path) -> None:
    folder = exports(tmp_path, {"CON.csv": {"CD": NUMBERED, "ERH": lambda _: ""}})
    result = run(folder, tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert [p.code.id for p in result.problems] == ["X951"]
    assert result.problems[0].message == (
        "users.csv would hold no parents or guardians although CON.csv has 9 rows: the conditions of "
        "users.guardians (where kept, not_restrained; link_where not_emergency, erh_known, parent_or_guardian) "
        "left out every one (CON.csv holds DEL: '0' (9); CD: '1' (5), '2' (1), '3' (1), '4' (1), '5' (1)); "
        "nothing published (--allow-incomplete publishes it anyway)"
    )
    assert messages(result, "I265") == [
        "users.guardians: its conditions left out every one of the 9 rows of CON.csv (where kept, "
        "not_restrained; link_where not_emergency, erh_known, parent_or_guardian), so it publishes no parents or "
        "guardians: check them against the values the export holds (CON.csv holds DEL: '0' (9); CD: '1' (5), "
        "'2' (1), '3' (1), '4' (1), '5' (1))"
    ]
    unseen = {(p.params["condition"], p.params["seen"]) for p in result.report.examples["I264"]}
    seen = "'1' (5), '2' (1), '3' (1), '4' (1), '5' (1)"
    assert unseen == {
        ("where not_restrained: {CD} not_equals R", seen),
        ("link_where not_emergency: {CD} not_equals E", seen),
    }


def test_allow_incomplete_publishes_the_set_without_parents_and_says_so(tmp_path: Path) -> None:
    folder = exports(tmp_path, {"CON.csv": {"CD": NUMBERED, "ERH": lambda _: ""}})
    result = run(folder, tmp_path / "out", allow_incomplete=True)
    assert result.exit_status == 1 and result.report.published and "F453" in result.report.counts
    assert messages(result, "X918") == ["--allow-incomplete: users.csv holds no parents or guardians; published"]
    assert "I265" in result.report.counts


def test_a_link_where_that_never_matches_refuses_a_set_without_parents(tmp_path: Path) -> None:
    never = profile(
        tmp_path,
        """\
name: district-i
extends: aeries
tables:
  users:
    guardians:
      guardian:
        link_where:
          parent_or_guardian:
            {field: "{CD}|{ERH}", op: matches, value: '^(Parent|Guardian)\\|', because: not a parent or guardian}
""",
    )
    result = run(exports(tmp_path), tmp_path / "out", never)
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X951"]
    assert result.report.examples["I265"][0].params["rule"] == "users.guardians"


def test_emergency_contacts_left_out_beside_parents_say_nothing(tmp_path: Path) -> None:
    """Legitimate drops by one condition among parents (the emergency contacts) keep the others."""
    result = run(exports(tmp_path), tmp_path / "out")
    assert result.exit_status == 0
    assert not {"I264", "I265", "X951"} & set(result.report.counts)
    assert result.report.counts["F409"] == 1  # the emergency contact is still left out, as info


def test_a_term_filter_reading_the_start_date_twice_is_refused(tmp_path: Path) -> None:
    wrong = profile(
        tmp_path,
        """\
name: district-f
extends: aeries
filters:
  current_term:
    start: "{term.SD}"
    end: "{term.SD}"
""",
    )
    result = run(exports(tmp_path), tmp_path / "out", wrong)
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert [p.code.id for p in result.problems] == ["X952"]
    assert result.problems[0].message == (
        "the term dates read ({term.SD} to {term.SD}) make every term one day long (Fall Semester "
        "2026-08-12; Year 2026-08-12; Spring Semester 2027-01-05): check the profile's term start/end "
        "(filters.current_term); nothing published"
    )
    assert "F421" not in result.report.counts


def test_one_school_whose_terms_last_one_day_is_its_data_not_the_profiles_reading(tmp_path: Path) -> None:
    """A Registration Day school (one term, one day) beside schools whose terms are read right:
    the profile reads the dates right, so the district is published (X952 refused it whole)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", folder)
    with (folder / "schools.txt").open("a", encoding="cp1252", newline="") as handle:
        handle.write("300\tSummer Bridge Academy\t9\t9\n")
    with (folder / "terms.txt").open("a", encoding="cp1252", newline="") as handle:
        handle.write("3900\t300\t36\tRegistration Day\tRD\t08/10/2026\t08/10/2026\t0\r\n")
    with (folder / "sections.txt").open("a", encoding="cp1252", newline="") as handle:
        handle.write("3001\t300\tMATH5\t1\t3900\tRD\t101\t9\r\n")
    result = api.run(
        api.RunOptions(profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15))
    )
    assert result.exit_status == 0 and "X952" not in result.report.counts
    assert (tmp_path / "out" / "classes.csv").exists()


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_contacts_export_whose_active_flag_is_a_word_refuses_a_set_without_parents(
    tmp_path: Path, engine: str
) -> None:
    """PowerSchool's contacts export writes a contact's name row, then phone and link rows with
    Is Active blank: written Active/Inactive, every contact is left out by the `where` while
    the phone and link rows pass it. Not every row was left out, but no parent came out: X951."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "contacts" / "in", folder)
    path = folder / "contacts.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    active = rows[0].index("Is Active")
    for row in rows[1:]:
        row[active] = {"1": "Active", "0": "Inactive"}.get(row[active], row[active])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    result = api.run(
        api.RunOptions(
            profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), engine=engine
        )
    )
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X951"]
    assert not (tmp_path / "out").exists()
    # The yes/no test of a column holding words that are no yes or no is said too.
    [unseen] = result.report.examples["I264"]
    assert "'Active'" in unseen.message and "'Inactive'" in unseen.message


def test_a_district_without_parents_published_once_is_not_refused_every_night(tmp_path: Path) -> None:
    """Every contact an emergency one: refused the first night (X951); published once with
    --allow-incomplete, the next nights hold no parents as the last set did: nothing changed,
    nobody must act again (I265 still says it)."""
    folder = exports(tmp_path, {"CON.csv": {"CD": lambda _: "E", "ERH": lambda _: "N"}})
    out = tmp_path / "out"
    first = run(folder, out)
    assert first.exit_status == 1 and [p.code.id for p in first.problems] == ["X951"]
    allowed = run(folder, out, allow_incomplete=True)
    assert allowed.exit_status == 1 and allowed.report.published and "F453" in allowed.report.counts
    later = run(folder, out)
    assert later.exit_status == 0 and later.report.published and "X951" not in later.report.counts


POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"


def staff_status_as_words(folder: Path, column: str = "TEACHERS.STATUS", words: dict[str, str] | None = None) -> Path:
    """The PowerSchool sample with TEACHERS.STATUS written Active/Inactive (a report export)
    where the profile tests it for 1: every teacher is left out by `where active`. Or another
    column written in words (STAFFSTATUS Teacher/Staff, which the role map reads as 1/2)."""
    target = folder / "in"
    shutil.copytree(POWERSCHOOL, target)
    path = target / "teachers.txt"
    lines = path.read_text(encoding="cp1252").split("\n")
    status = lines[0].split("\t").index(column)
    for number, line in enumerate(lines[1:], start=1):
        cells = line.split("\t")
        if len(cells) > status:
            cells[status] = (words or {"1": "Active", "2": "Inactive"}).get(cells[status], cells[status])
            lines[number] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="cp1252")
    return target


def test_a_staff_status_read_wrong_refuses_a_set_without_teachers(tmp_path: Path) -> None:
    """Every class published with no owner, no teacher in users.csv, exit 0 before: only I264."""
    folder = staff_status_as_words(tmp_path)
    result = api.run(api.RunOptions(profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (refused,) = result.report.examples["X951"]
    said = (refused.params["kind"], refused.params["rule"], refused.where.file)
    assert said == ("staff", "users.staff", "teachers.txt")
    assert result.report.counts["I264"] == 1 and result.report.counts["I265"] == 1
    allowed = api.run(
        api.RunOptions(
            profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF, allow_incomplete=True
        )
    )
    assert allowed.exit_status == 1 and "X918" in allowed.report.counts and "F453" in allowed.report.counts
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8") as handle:
        assert {row["role"] for row in csv.DictReader(handle)} == {"student", "parent"}


def test_a_staff_role_written_in_words_the_role_map_drops_refuses_a_set_without_teachers(tmp_path: Path) -> None:
    """Review: TEACHERS.STAFFSTATUS written Teacher/Staff where the role map reads 1/2 (unmapped:
    drop): every teacher dropped as F408 info, classes published with no owner, exit 0."""
    folder = staff_status_as_words(tmp_path, "TEACHERS.STAFFSTATUS", {"1": "Teacher", "2": "Staff"})
    result = api.run(api.RunOptions(profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (refused,) = result.report.examples["X951"]
    assert refused.params["kind"] == "staff" and "role map staff_roles" in refused.params["conditions"]


CAMPUS = FIXTURES / "infinite-campus" / "district" / "in"


def test_a_school_without_staff_of_its_own_is_not_refused(tmp_path: Path) -> None:
    """Review: --school naming a school whose staff are all at other schools (and five former
    staff left out by `where assigned`): the set has no staff, as the district's data says."""
    target = tmp_path / "in"
    shutil.copytree(CAMPUS, target)
    with (target / "schools.csv").open("a", encoding="utf-8") as schools:
        schools.write("13,0430,Cedar Virtual Academy\n")
    with (target / "staff.txt").open("a", encoding="utf-8") as staff:
        for n in range(1, 6):
            staff.write(f"80{n:02}\tS80{n:02}\t0410\tFormer\tStaff{n}\tf{n}@cedar.example.org\t1\t06/01/2026\n")
    with (target / "students.csv").open("a", encoding="utf-8") as students:
        for n in range(1, 7):
            students.write(f"5900{n},11900{n},0430,Online,Kid{n},,06,01/01/2014,,08/20/2026,,P,English\n")
    result = api.run(
        api.RunOptions(
            profile="infinite-campus",
            in_dir=target,
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 5),
            schools=("0430",),
            users_only=True,
        )
    )
    assert "X951" not in result.report.counts and result.exit_status == 0


CLEVER = FIXTURES / "clever" / "district" / "in"


def test_a_clever_staff_file_of_teachers_only_says_nothing(tmp_path: Path) -> None:
    """Review: staff.csv listing only teachers (each also in teachers.csv): the staff rule's
    not_teacher condition leaves out every row by design; the teachers are published."""
    target = tmp_path / "in"
    shutil.copytree(CLEVER, target)
    with (target / "teachers.csv").open("a", encoding="utf-8") as more:  # five rows say something
        more.write("100,T04,0004,Novak,Ana,,ana.novak@lakeview.example.org,anovak\n")
        more.write("200,T05,0005,Reyes,Carlos,,carlos.reyes@lakeview.example.org,creyes\n")
    teachers = list(csv.DictReader(io.StringIO((target / "teachers.csv").read_text(encoding="utf-8"))))
    assert len(teachers) == 5
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["School_id", "Staff_id", "Staff_email", "First_name", "Last_name", "Title"])
    for t in teachers:
        names = [t["First_name"], t["Last_name"]]
        writer.writerow([t["School_id"], t["Teacher_id"], t["Teacher_email"], *names, "Teacher"])
    (target / "staff.csv").write_text(out.getvalue(), encoding="utf-8")
    result = api.run(api.RunOptions(profile="clever", in_dir=target, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 0
    assert "I265" not in result.report.counts and "X951" not in result.report.counts


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_clever_contacts_all_typed_family_say_the_values_the_export_holds(tmp_path: Path, engine: str) -> None:
    """Clever's Contact_type written Family on every contact row (a sync's default): not_emergency
    leaves out every one, no parent is published, refused (X951). "Check them against the values the
    export holds" now lists those values, as X988 does, so the admin sees Family without opening the
    export (tester44 F13 item 5)."""
    target = tmp_path / "in"
    shutil.copytree(FIXTURES / "clever" / "district" / "in", target)
    path = target / "students.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        row["Contact_type"] = "Family" if row["Contact_type"] else ""
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    result = run(target, tmp_path / "out", "clever", engine=engine)
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X951"]
    held = (
        "(students.csv holds Contact_relationship: 'Father' (2), 'Mother' (2), '' (1), 'Grandmother' (1); "
        "Contact_type: 'Family' (5), '' (1))"
    )
    assert f"left out every one {held}; nothing published" in result.problems[0].message


def test_parents_lost_on_a_later_night_send_the_admin_to_the_export_first(tmp_path: Path) -> None:
    """tester46 F6: the last set held the parents, tonight every contact is written as an
    emergency one (an integration setting changed, not the profile). The step said "correct the
    rule's conditions in the profile (I265 says which ...)" first: done for a contacts export all
    Emergency, that would publish neighbours and aunts as parents. The export comes first now."""
    out = tmp_path / "out"
    first = run(exports(tmp_path / "night1"), out)
    assert first.exit_status == 0 and first.report.published
    tonight = exports(tmp_path / "night2", {"CON.csv": {"CD": lambda _: "E", "ERH": lambda _: "N"}})
    result = run(tonight, out)
    assert result.exit_status == 1 and "X951" in {p.code.id for p in result.problems}
    [refusal] = result.report.examples["X951"]
    assert refusal.message.endswith(
        "; the last published set held 3 of them; nothing published (--allow-incomplete publishes it anyway)"
    ), refusal.message
    step = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert step.startswith(
        "Next: The last published set held 3 parents or guardians and the profile is the same, so CON.csv changed "
        "tonight (CON.csv holds DEL: '0' (9); CD: 'E' (9)) (an integration setting, a report template): export it "
        "again as it was"
    ), step
    assert "I265 says which" not in step
