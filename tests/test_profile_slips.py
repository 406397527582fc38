"""Profiles written by YAML alone for an SIS nobody bundled (tester11: Tyler SIS, Veracross):
the ways of writing a profile that published a wrong set with exit 0, crashed, or were refused
with advice pointing at the SIS rather than at the profile line. Each test starts from the
tutorial's finished profile (docs/tutorial.md) and its exports (fixtures/tutorial/school/in),
changes the one line or file the finding is about, and runs both engines where the rows matter."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FIXTURES, ROOT
from tests.doc_profiles import marked_profile
from tests.test_cli import transform
from tests.test_columnar import both_engines
from transform import api

TUTORIAL = ROOT / "docs" / "tutorial.md"
EXPORTS = FIXTURES / "tutorial" / "school" / "in"
AS_OF = dt.date(2026, 10, 15)


def district(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, Path]:
    """The tutorial's profile with each (old, new) text replaced once, and a copy of its exports."""
    text = marked_profile(TUTORIAL)
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    tmp_path.mkdir(parents=True, exist_ok=True)
    profile = tmp_path / "district.yaml"
    profile.write_text(text, encoding="utf-8")
    exports = tmp_path / "in"
    shutil.copytree(EXPORTS, exports)
    return profile, exports


def edit_export(exports: Path, name: str, change: Callable[[str], str]) -> None:
    path = exports / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def run_both(tmp_path: Path, profile: Path, exports: Path, **options: object) -> api.RunResult:
    """A first run in each engine; they must agree byte for byte. The python engine's result."""
    return both_engines(tmp_path, profile=str(profile), in_dir=exports, as_of=AS_OF, **options)[0]


def codes(result: api.RunResult) -> dict[str, int]:
    """The codes a run reported, with their counts."""
    return {p["code"]: p["count"] for p in result.report.to_dict()["problems"]}


def rows(out: Path, name: str) -> list[str]:
    return (out / name).read_text(encoding="utf-8").splitlines()[1:]


# F1: an `each:` group written with templates only. The tutorial's teacher enrolments, with the
# users' IDs as the short template form a district writes when it overrides a bundled group.
TEMPLATE_GROUPS = (
    (
        "userSourcedId: {column: Teacher ID, clean: [id]}",
        'userSourcedId: "{Teacher ID}"',
    ),
    (
        "userSourcedId: {column: Co-Teacher ID, clean: [id]}",
        'userSourcedId: {template: "{Co-Teacher ID}"}',
    ),
)


def test_an_each_group_of_templates_makes_its_records_and_none_for_an_empty_cell(tmp_path: Path) -> None:
    """A group is empty when the cells of its own are, whether a `column:` or a template reads
    them: every section's lead teacher is enrolled, the co-teacher of 4103 and 4108 too, and a
    section with no co-teacher makes no second record (nor a report of one)."""
    profile, exports = district(tmp_path, *TEMPLATE_GROUPS)
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 0
    teachers = [line.split(",")[0] for line in rows(tmp_path / "python", "enrollments.csv") if "-T" in line]
    reference, _ = district(tmp_path / "as-written")
    written = run_both(tmp_path / "as-written", reference, exports)
    assert written.exit_status == 0
    assert (tmp_path / "python" / "enrollments.csv").read_bytes() == (
        tmp_path / "as-written" / "python" / "enrollments.csv"
    ).read_bytes()
    assert {"4101-TF101", "4103-TF102", "4103-TF104", "4108-TF104"} <= set(teachers)  # F104: an aide
    assert not any(t.endswith("-T") for t in teachers)
    assert codes(result) == codes(written)


def test_a_users_rule_each_group_of_templates_makes_the_user(tmp_path: Path) -> None:
    """A staff rule whose `each:` group builds the user's ID by a template alone."""
    profile, exports = district(
        tmp_path,
        (
            "    guardians:\n      from: contacts\n",
            "    co_teachers:\n      from: sections\n      where:\n"
            '        co_taught: {field: "{Co-Teacher ID}", op: not_equals, value: "", routes: true}\n'
            "      columns: {orgSourcedIds: {setting: school_id}, role: aide}\n"
            '      each: {co: {sourcedId: "{Co-Teacher ID}X", username: "{Co-Teacher ID}x",'
            ' email: "{Co-Teacher ID}@co.example.org", givenName: Co, familyName: "{Co-Teacher ID}"}}\n'
            "    guardians:\n      from: contacts\n",
        ),
    )
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 0
    assert any(line.startswith("F104X,") for line in rows(tmp_path / "python", "users.csv"))


# F2: a date format the profile names is the order N/N/YYYY dates are read in.
EXPECTED = FIXTURES / "tutorial" / "school" / "expected"
_MONTH_FIRST = re.compile(r"\b(\d\d)/(\d\d)/(\d{4})\b")


def day_first(text: str) -> str:
    """The file's dates written DD/MM/YYYY, as a UK or international SIS writes them."""
    return _MONTH_FIRST.sub(r"\2/\1/\3", text)


def published_as_the_tutorial(out: Path, *names: str) -> None:
    for name in names or tuple(p.name for p in EXPECTED.glob("*.csv")):
        assert (out / name).read_bytes() == (EXPECTED / name).read_bytes(), name


def test_a_columns_date_formats_read_a_day_first_column_in_a_month_first_export(tmp_path: Path) -> None:
    """Students.csv writes birthdates DD/MM/YYYY, the rest of the export MM/DD/YYYY: the column's
    own `formats` reads 05/08/2011 as 5 August, as it reads 14/03/2011 (where the run refused, D350,
    saying to set settings.day_first: a switch that would misread every other column)."""
    profile, exports = district(
        tmp_path,
        (
            "birthDate: {column: Birthdate, clean: [birth_date]}",
            'birthDate: {column: Birthdate, clean: [{birth_date: {formats: ["%d/%m/%Y"]}}]}',
        ),
    )
    edit_export(exports, "Students.csv", day_first)
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 0, [p.message for p in result.problems]
    published_as_the_tutorial(tmp_path / "python")
    assert "D350" not in codes(result)


def test_a_columns_date_formats_win_where_every_day_is_up_to_the_12th(tmp_path: Path) -> None:
    """The same with only the birthdates whose day is up to the 12th: nothing in the column shows
    its order, and the format the profile names is the only word on it."""
    profile, exports = district(
        tmp_path,
        (
            "birthDate: {column: Birthdate, clean: [birth_date]}",
            'birthDate: {column: Birthdate, clean: [{birth_date: {formats: ["%d/%m/%Y"]}}]}',
        ),
    )
    students = (exports / "Students.csv").read_text(encoding="utf-8").splitlines()
    ambiguous = [line for line in students[1:] if (m := _MONTH_FIRST.search(line)) and int(m[2]) <= 12]
    assert len(ambiguous) >= 3
    (exports / "Students.csv").write_text("\n".join([students[0], *map(day_first, ambiguous)]) + "\n", encoding="utf-8")
    result = run_both(tmp_path, profile, exports, allow_incomplete=True)
    births = {line.split(",")[0]: line.split(",")[3] for line in rows(tmp_path / "python", "demographics.csv")}
    expected = {line.split(",")[0]: line.split(",")[3] for line in rows(EXPECTED, "demographics.csv")}
    assert births == {student: expected[student] for student in births}, result.exit_status
    assert {"10002", "10005", "10009", "10011"} <= set(births)  # 2 September, 8 July, 3 October, 1 December


def test_settings_date_formats_day_first_read_a_day_first_export(tmp_path: Path) -> None:
    """The tutorial followed by a UK school: every file written DD/MM/YYYY and
    `date_formats: ["%d/%m/%Y"]` (no day_first) publishes the tutorial's set."""
    profile, exports = district(tmp_path, ('date_formats: ["%m/%d/%Y"]', 'date_formats: ["%d/%m/%Y"]'))
    for name in ("Students.csv", "Rosters.csv", "Terms.csv"):
        edit_export(exports, name, day_first)
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 0, [p.message for p in result.problems]
    published_as_the_tutorial(tmp_path / "python")


def test_a_written_day_first_decides_over_the_formats_of_the_profile_extended(tmp_path: Path) -> None:
    """A district's `day_first: true` over a bundled `%m/%d/%Y` (sds: "a UK export with day-first
    dates needs settings.day_first: true"), and a column's own day_first over the settings."""
    profile, exports = district(
        tmp_path, ('date_formats: ["%m/%d/%Y"]', 'date_formats: ["%m/%d/%Y"]\n  day_first: true')
    )
    for name in ("Students.csv", "Rosters.csv", "Terms.csv"):
        edit_export(exports, name, day_first)
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 0, [p.message for p in result.problems]
    published_as_the_tutorial(tmp_path / "python")

    profile, exports = district(
        tmp_path / "column",
        (
            "birthDate: {column: Birthdate, clean: [birth_date]}",
            "birthDate: {column: Birthdate, clean: [{birth_date: {day_first: true}}]}",
        ),
    )
    edit_export(exports, "Students.csv", day_first)
    result = run_both(tmp_path / "column", profile, exports)
    assert result.exit_status == 0, [p.message for p in result.problems]
    published_as_the_tutorial(tmp_path / "column" / "python")


# F3: an optional export whose file name the profile misspells.
def test_a_misspelt_optional_contacts_export_is_said_on_the_run(tmp_path: Path) -> None:
    """`files: [Contact.csv]` for Contacts.csv (required: false): the set goes out without parents,
    and the run says why (I241, and I270 on every run: the guardians' rule was the only one to make
    them); --strict refuses it. With the name right, neither is said."""
    profile, exports = district(tmp_path, ("files: [Contacts.csv]", "files: [Contact.csv]"))
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 0
    found = codes(result)
    assert found["I241"] == 1 and found["I270"] == 1
    (warning,) = result.report.examples["I270"]
    assert warning.code.severity.value == "warning"
    assert "'contacts'" in warning.message and "Contact.csv" in warning.message and "parents" in warning.message
    said = transform("--profile", profile, exports, tmp_path / "cli", "--as-of", AS_OF.isoformat())
    assert said.returncode == 0 and "I270" in said.stdout + said.stderr
    strict = transform("--profile", profile, exports, tmp_path / "strict", "--as-of", AS_OF.isoformat(), "--strict")
    assert strict.returncode != 0

    right, exports = district(tmp_path / "right")
    assert not {"I241", "I270"} & set(codes(run_both(tmp_path / "right", right, exports)))


# F4: a contacts export whose student IDs lost their leading zeros.
_STUDENT_ID = re.compile(r"\b(100\d\d)\b")


def test_contacts_naming_students_without_their_leading_zeros_are_refused(tmp_path: Path) -> None:
    """The students and rosters exports write 0010001, the contacts export (saved in a
    spreadsheet) 10001: every parent links to no student. Not "nothing to do" (F413 alone): the
    set is refused (X968), with the leading-zeros hint; --allow-incomplete publishes it, said."""
    profile, exports = district(tmp_path)
    for name in ("Students.csv", "Rosters.csv"):
        edit_export(exports, name, lambda text: _STUDENT_ID.sub(r"00\1", text))
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 1
    (refusal,) = result.report.examples["X968"]
    assert "'10001' is student '0010001' but for leading zeros" in refusal.message
    assert not (tmp_path / "python").exists() or not (tmp_path / "python" / "users.csv").exists()
    allowed = run_both(tmp_path / "allowed", profile, exports, allow_incomplete=True)
    assert allowed.exit_status == 1 and "X918" in codes(allowed) and "X968" not in codes(allowed)
    assert "F453" in codes(allowed)  # published, but said

    right, exports = district(tmp_path / "right")
    assert "X968" not in codes(run_both(tmp_path / "right", right, exports))


def test_contacts_left_out_on_purpose_do_not_refuse_the_set(tmp_path: Path) -> None:
    """Emergency contacts, and the mothers of 18 withdrawn students (a PowerSchool export keeps
    every graduate's contacts), link to no student on purpose (F409, F413). X968 counted every
    F413, and refused the school every night (review35b); only parents whose links name a
    student but for leading zeros count."""
    profile, exports = district(tmp_path)
    withdrawn = [f"{20000 + n},Left{n},Kid{n},,7,,01/02/2013,Withdrawn,English" for n in range(18)]
    edit_export(exports, "Students.csv", lambda text: text.rstrip("\n") + "\n" + "\n".join(withdrawn) + "\n")
    mothers = [f"{20000 + n},C9{n:02d},MO,Mom{n},Left{n},mom{n}@example.com,555-410-{1000 + n}" for n in range(18)]
    emergency = [f"1000{n},C8{n:02d},EC,Help{n},Near{n},,555-420-{1000 + n}" for n in range(1, 8)]
    edit_export(exports, "Contacts.csv", lambda text: text.rstrip("\n") + "\n" + "\n".join(mothers + emergency) + "\n")
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert codes(result)["F413"] >= 18 and "X968" not in codes(result)


def test_contacts_naming_students_by_another_id_are_refused(tmp_path: Path) -> None:
    """The contacts export names each student by the SIS's internal number (1001 for student
    10001), which no student of the students export has: every parent is left out as F413
    (info), and the set went out with none, exit 0 (stop 35's known item). Refused (X975) with an
    example; --allow-incomplete publishes it, said."""
    profile, exports = district(tmp_path)
    more = [f"100{n},C6{n},MO,Mom{n},Kid{n},mom{n}@example.com,555-430-10{n}" for n in (13, 14, 15)]
    edit_export(exports, "Contacts.csv", lambda text: text.rstrip("\n") + "\n" + "\n".join(more) + "\n")
    edit_export(exports, "Contacts.csv", lambda text: re.sub(r"(?m)^100(\d\d),", r"7\1,", text))
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 1 and not result.report.published, [str(p) for p in result.problems]
    (refusal,) = result.report.examples["X975"]
    assert refusal.params["published"] == 0 and refusal.params["unlinked"] >= 10
    assert "such as student '701'" in refusal.message and "X968" not in codes(result)
    allowed = run_both(tmp_path / "allowed", profile, exports, allow_incomplete=True)
    assert allowed.exit_status == 1 and "X918" in codes(allowed) and "X975" not in codes(allowed)
    assert "F453" in codes(allowed)  # published, but said


def test_a_district_wide_contacts_export_beside_one_schools_students_is_published(tmp_path: Path) -> None:
    """The contacts of 120 students of other schools (the SIS exports contacts district-wide),
    ten times the parents published: they link to no student of the set (F413), but this
    school's parents are published, so the contacts do name the students as the students export
    does (no X975)."""
    profile, exports = district(tmp_path)
    others = [f"3{n:04d},C7{n:03d},MO,Mom{n},Other{n},other{n}@example.com,555-440-{1000 + n}" for n in range(120)]
    edit_export(exports, "Contacts.csv", lambda text: text.rstrip("\n") + "\n" + "\n".join(others) + "\n")
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert codes(result)["F413"] >= 120 and "X975" not in codes(result)


def test_the_id_cleaners_pad_option_restores_the_contacts_leading_zeros(tmp_path: Path) -> None:
    """The same exports, the profile's guardian link read `{id: {width: 7, pad: true}}`: 10001 is
    0010001 again (I271, a repair), and every parent is published as the tutorial publishes them."""
    profile, exports = district(
        tmp_path,
        (
            "student: {column: Student ID, clean: [id]}",
            "student: {column: Student ID, clean: [{id: {width: 7, pad: true}}]}",
        ),
    )
    for name in ("Students.csv", "Rosters.csv"):
        edit_export(exports, name, lambda text: _STUDENT_ID.sub(r"00\1", text))
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 0 and "X968" not in codes(result)
    assert codes(result)["I271"] >= 10
    parents = [line for line in rows(tmp_path / "python", "users.csv") if ",parent," in line or ",guardian," in line]
    expected = [line for line in rows(EXPECTED, "users.csv") if ",parent," in line or ",guardian," in line]
    assert len(parents) == len(expected) and all(",0010" in line for line in parents)


# F5: map keys YAML reads as numbers.
def test_unquoted_number_keys_of_a_map_are_refused_with_their_line(tmp_path: Path) -> None:
    """`1: "01"` (the slip tutorial step 4 warns about) crashed every run (exit 3) past a
    check-profile "ok": both now refuse it (exit 2), naming the line and what to write."""
    profile, exports = district(tmp_path, ('"1": "01", "2": "02", "3": "03"', '1: "01", 2: "02", 3: "03"'))
    check = transform("check-profile", profile)
    assert check.returncode == 2, check.stdout + check.stderr
    line = next(n for n, text in enumerate(profile.read_text(encoding="utf-8").splitlines(), 1) if '1: "01"' in text)
    assert f"district.yaml:{line}:" in check.stdout + check.stderr
    assert "key 1 is a number to YAML" in check.stdout + check.stderr and '"1"' in check.stdout + check.stderr
    run = transform("--profile", profile, exports, tmp_path / "out", "--as-of", AS_OF.isoformat())
    assert run.returncode == 2 and "Traceback" not in run.stderr and "key 1 is a number" in run.stdout + run.stderr


def test_an_empty_map_key_is_said_to_be_empty_not_a_number(tmp_path: Path) -> None:
    """`~: teacher` in a map: P103 said "key None is a number to YAML" (review35b)."""
    profile, _ = district(tmp_path, ('"1": "01", "2": "02", "3": "03"', '"1": "01", ~: "02", "3": "03"'))
    check = transform("check-profile", profile)
    said = check.stdout + check.stderr
    assert check.returncode == 2 and "a key is empty (or ~, null) to YAML, not text" in said
    assert "None" not in said and "is a number" not in said


def test_an_inline_map_is_refused_at_its_line_by_check_profile_and_the_run(tmp_path: Path) -> None:
    """`map: {values: {...}}` where a map's name is due: check-profile crashed in its hints (exit 3, an
    unhashable dict) and the run said "{...} is not of type 'string'" (tester69 F7). Both refuse it (exit 2)
    at the `map:` line, saying a map is named under maps:."""
    inline = "map: {values: {Teacher: teacher, Aide: aide}, unmapped: default, default: teacher}"
    profile, exports = district(
        tmp_path, ("role: {column: Role, map: staff_roles}", f"role: {{column: Role, {inline}}}")
    )
    line = next(n for n, text in enumerate(profile.read_text(encoding="utf-8").splitlines(), 1) if inline in text)
    check = transform("check-profile", profile)
    said = check.stdout + check.stderr
    assert check.returncode == 2 and "Traceback" not in said and "internal error" not in said, said
    assert f"district.yaml:{line}:" in said and "map: names a map under maps:" in said
    run = transform("--profile", profile, exports, tmp_path / "out", "--as-of", AS_OF.isoformat())
    assert run.returncode == 2 and "map: names a map under maps:" in run.stdout + run.stderr


# F6: a fixed value, or a map's value, that no target takes.
def test_a_fixed_value_no_target_takes_is_refused_at_its_line(tmp_path: Path) -> None:
    """`type: School`, `role: Student`, a staff-roles map giving `Teacher`: check-profile and the
    run refuse them before reading (exit 2), each at its profile line, instead of a run that left
    every record out and said to correct the SIS."""
    profile, exports = district(
        tmp_path,
        ("        type: school\n", "        type: School\n"),
        ("        role: student\n        username:", "        role: Student\n        username:"),
        ("Teaching Assistant: aide,", "Teaching Assistant: Aide,"),
    )
    lines = profile.read_text(encoding="utf-8").splitlines()

    def line_of(text: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if text in line)

    check = transform("check-profile", profile)
    said = check.stdout + check.stderr
    assert check.returncode == 2, said
    assert f"district.yaml:{line_of('type: School')}:" in said and "'School' is not one of" in said
    assert f"district.yaml:{line_of('role: Student')}:" in said and "'Student' is not one of" in said
    assert f"district.yaml:{line_of('Teaching Assistant: Aide')}:" in said and "'Aide' is not one of" in said
    run = transform("--profile", profile, exports, tmp_path / "out", "--as-of", AS_OF.isoformat())
    assert run.returncode == 2 and "'School' is not one of" in run.stdout + run.stderr
    assert not (tmp_path / "out").exists()


def test_a_profile_making_no_orgs_is_refused(tmp_path: Path) -> None:
    """No `tables.orgs`: every user, class and enrolment names a school no rule makes."""
    profile, _ = district(
        tmp_path,
        (
            "  orgs:\n    school:\n      once: true           # the school has no file of its own: one record "
            "from the settings\n      columns:\n        sourcedId: {setting: school_id}\n"
            "        name: {setting: school_name}\n        type: school\n",
            "",
        ),
    )
    check = transform("check-profile", profile)
    assert check.returncode == 2 and "no rule makes orgs.csv" in check.stdout + check.stderr


# F7: the strict target builds the course of a class naming none, as the docs say.
def test_the_strict_target_builds_the_course_of_classes_whose_rule_names_none(tmp_path: Path) -> None:
    """A classes rule without courseSourcedId (Veracross's classes query has no course column):
    --target oneroster published nothing (I261, exit 2) though the README says the course is
    built. It publishes, each class with a course built from its title and school (D335)."""
    profile, exports = district(tmp_path, ("        courseSourcedId: {column: Course Code, clean: [id]}\n", ""))
    result = run_both(tmp_path, profile, exports, target="oneroster")
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert "I261" not in codes(result) and codes(result)["D335"] >= 1
    with (tmp_path / "python" / "classes.csv").open(encoding="utf-8", newline="") as handle:
        named = [row["courseSourcedId"] for row in csv.DictReader(handle)]
    built = {line.split(",")[0] for line in rows(tmp_path / "python", "courses.csv")}
    assert named and all(course.startswith("C") for course in named) and set(named) <= built


# F9: messages that name no line.
def test_a_misspelt_extends_is_said_at_its_line_with_the_file_meant(tmp_path: Path) -> None:
    """`extends: profil.yaml` (a typo of profile.yaml beside it): P110 at the `extends:` line,
    with "did you mean 'profile.yaml'?"."""
    base, _ = district(tmp_path / "base")
    base.rename(base.with_name("profile.yaml"))
    district_file = tmp_path / "base" / "district.yaml"
    district_file.write_text("name: ridge\nextends: profil.yaml\nsettings: {school_id: SCA}\n", encoding="utf-8")
    check = transform("check-profile", district_file)
    said = check.stdout + check.stderr
    assert check.returncode == 2, said
    assert "district.yaml:2:" in said and "P110" in said and "did you mean 'profile.yaml'?" in said


def test_yaml_slips_are_said_in_the_profiles_words(tmp_path: Path) -> None:
    """`allow_empty: true` one indent too far left, and a flag list with unquoted 0 and false:
    what to write, not the JSON Schema's text."""
    profile, _ = district(
        tmp_path,
        (
            '        active: {field: "{Active}", op: not_in, value: ["0", n, "no", f, "false"], '
            "reason: inactive-staff}\n",
            '        active: {field: "{Active}", op: not_in, value: [0, n, "no", f, false],'
            " reason: inactive-staff}\n        allow_empty: true\n",
        ),
    )
    check = transform("check-profile", profile)
    said = check.stdout + check.stderr
    assert check.returncode == 2, said
    assert "allow_empty is a key of a condition, not a condition: indent it under the condition" in said
    assert 'quote them as the export writes them ("0", "false")' in said
    assert "should not be valid" not in said and "is not of type" not in said


def test_a_student_on_two_differing_rows_is_not_said_to_have_none(tmp_path: Path) -> None:
    """Two Students.csv rows for 10001 that differ (D327): the rosters' rows joining it are left
    out (D300) saying the rows differ, not only that there is "no students row"."""
    profile, exports = district(
        tmp_path,
        (
            "      from: rosters\n",
            "      from: rosters\n      join:\n        student: {source: students, on: {Student ID: Student ID}}\n",
        ),
        ('sourcedId: "{Section ID}-{Student ID}"', 'sourcedId: "{Section ID}-{Student ID}-{student.Last Name}"'),
    )
    twin = "10001,Alvarez-Ruiz,Sofia,,9,,03/14/2011,Enrolled,Spanish\n"
    edit_export(exports, "Students.csv", lambda text: text + twin)
    result = run_both(tmp_path, profile, exports, allow_incomplete=True)
    assert "D327" in codes(result)
    misses = [p.message for p in result.report.examples["D300"] if "10001" in p.message]
    # Both rows named (the twin is the export's last line), and no "no row" alone (tester11 F9a).
    last = len((exports / "Students.csv").read_text(encoding="utf-8").splitlines())
    said = f"no students row with Student ID='10001' joins: students rows with it differ (lines 2 and {last}, D327)"
    assert misses and all(said in message for message in misses)
