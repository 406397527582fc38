"""A broken profile: every error at once, each as file:line:col, and nothing read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from transform import api
from transform.profile import check, load

BAD = FIXTURES / "profiles-bad"
CASES = sorted(BAD.glob("*.expected.txt"))


@pytest.mark.parametrize("expected", CASES, ids=[c.name.removesuffix(".expected.txt") for c in CASES])
def test_bad_profile_reports_every_error_located(expected: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    profile = str((BAD / expected.name.replace(".expected.txt", ".yaml")).relative_to(ROOT))
    _, problems = api.check_profile(profile)
    assert [str(p) for p in problems] == expected.read_text(encoding="utf-8").splitlines()


def test_every_bundled_profile_is_clean() -> None:
    names = load.bundled_names()
    assert "powerschool" in names
    for name in names:
        _, problems = api.check_profile(name)
        assert problems == [], name


def test_broken_profile_stops_before_reading_any_data(tmp_path: Path) -> None:
    options = api.RunOptions(
        profile=str(BAD / "unknown-keys.yaml"),
        in_dir=tmp_path / "no-such-folder",
        out_dir=tmp_path / "out",
        as_of=dt.date(2026, 10, 15),
    )
    result = api.run(options)
    assert result.exit_status == api.EXIT_USAGE
    assert {p.code.id for p in result.problems} == {"P104"}
    assert result.report.rows_read == {}
    assert not (tmp_path / "out").exists()


def test_district_profile_extends_and_overrides(tmp_path: Path) -> None:
    district = tmp_path / "district.yaml"
    district.write_text(
        "name: springfield\n"
        "extends: powerschool\n"
        "settings: {source_system: Springfield}\n"
        "maps:\n  staff_roles:\n    values: {'4': administrator}\n"
        "filters:\n  exclude_classes:\n    patterns:\n      lunch: null\n      homeroom: 'homeroom'\n",
        encoding="utf-8",
    )
    loaded, problems = api.check_profile(str(district))
    assert problems == []
    assert loaded is not None
    data = loaded.data
    assert data["name"] == "springfield"
    assert data["settings"]["source_system"] == "Springfield"
    assert data["settings"]["phone_region"] == "US"  # inherited
    assert data["maps"]["staff_roles"]["values"] == {"1": "teacher", "2": "aide", "4": "administrator"}
    assert set(data["filters"]["exclude_classes"]["patterns"]) == {"study_hall", "homeroom"}


def test_error_in_an_inherited_key_points_at_the_file_that_wrote_it(tmp_path: Path) -> None:
    district = tmp_path / "district.yaml"
    district.write_text("name: x\nextends: powerschool\nsettings:\n  phone_region: usa\n", encoding="utf-8")
    _, problems = api.check_profile(str(district))
    assert len(problems) == 1
    assert problems[0].where.file.endswith("district.yaml:4:17")


def test_yaml_12_booleans_keep_on_and_no_as_text(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("on: x\ncountry: NO\nflag: true\n", encoding="utf-8")
    loaded = load._parse(profile, display="p.yaml")
    assert loaded.data == {"on": "x", "country": "NO", "flag": True}


def test_unknown_bundled_name_lists_the_bundled_ones() -> None:
    _, problems = api.check_profile("powerscool")
    assert [p.code.id for p in problems] == ["P100"]
    assert "powerschool" in problems[0].message


def test_schema_columns_match_the_target_spec() -> None:
    from transform.oneroster.spec import BULK_BLANK, COLUMNS, REMIND

    defs = check.schema()["$defs"]
    for table, columns in COLUMNS.items():
        rule_columns = defs[f"rule_{table}"]["properties"]["columns"]
        if "$ref" in rule_columns:
            rule_columns = defs[rule_columns["$ref"].rsplit("/", 1)[1]]
        allowed = list(rule_columns["properties"])
        expected = [c for c in columns if c not in BULK_BLANK] + list(REMIND.extra_columns.get(table, ()))
        assert allowed == expected, table


def test_a_date_format_must_read_a_whole_date(tmp_path: Path) -> None:
    """strptime fills a part the format does not read (1900, January, the 1st): a made-up date."""
    district = tmp_path / "district.yaml"
    district.write_text(
        "name: x\nextends: powerschool\n"
        "settings:\n  date_formats: ['%m/%d/%Y', '%b %Y', '%m/%d']\n"
        "tables:\n  demographics:\n    students:\n      columns:\n"
        "        birthDate: {column: DOB, clean: [{birth_date: {formats: ['%j/%Y', '%Y']}}]}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(district))
    assert [f"{p.where.file.rsplit('/', 1)[-1]}: {p.code.id} {p.message}" for p in problems] == [
        "district.yaml:4:30: P103 settings.date_formats.1: date format '%b %Y' reads no day: a date needs all three",
        "district.yaml:4:39: P103 settings.date_formats.2: date format '%m/%d' reads no year: a date needs all three",
        "district.yaml:9:75: P103 tables.demographics.students.columns.birthDate.clean.0.birth_date.formats.1: "
        "date format '%Y' reads no month or day: a date needs all three",
    ]


def test_a_split_into_a_column_of_one_value_is_refused(tmp_path: Path) -> None:
    """A cell listing several sections ("S1;S2;S3") split into an enrolment's class ID: every
    such enrolment was left out as an ID holding a list separator (D320), and the set published
    with exit 0 (tester7 item 7). Only a list column (grades, periods, orgSourcedIds ...) takes a
    split; the bundled profiles split grades only."""
    district = tmp_path / "district.yaml"
    district.write_text(
        "name: x\nextends: powerschool\n"
        "tables:\n  enrollments:\n    students:\n      columns:\n"
        "        classSourcedId: {column: SectionID, split: ';'}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(district))
    assert [f"{p.where.file.rsplit('/', 1)[-1]}: {p.code.id} {p.message}" for p in problems] == [
        "district.yaml:7:52: P103 tables.enrollments.students.columns.classSourcedId.split: enrollments.classSourcedId "
        "holds one value, not a list: split would put several in it (a cell listing several classes needs one "
        "export row per class)",
    ]


def test_a_guardian_rule_takes_no_sourced_id(tmp_path: Path) -> None:
    """A guardian's ID is its SIS contact ID or derived from the person: a sourcedId written in a
    guardian rule's each group was ignored and check-profile said ok (tester7 item 11)."""
    district = tmp_path / "district.yaml"
    district.write_text(
        "name: x\nextends: powerschool\n"
        "tables:\n  users:\n    guardians:\n      columns:\n"
        '        sourcedId: "M{Mother}"\n',
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(district))
    assert [f"{p.code.id} {p.message}" for p in problems] == [
        "P103 tables.users.guardians.columns.sourcedId: a guardian rule takes no sourcedId: the guardian's ID is "
        "the SIS contact ID (guardian.contact) or derived from the person (docs/identity.md)",
    ]


def test_a_spec_merged_with_the_one_it_replaces_says_where_the_other_key_came_from(tmp_path: Path) -> None:
    """A district profile writing `template:` where the bundled one has `column:` gets both by
    the merge: the error names the file the other key came from, and `column: null` (tester15 F3)."""
    spec = '{template: "S{Student_Number}", clean: [id]}'
    profile = tmp_path / "district.yaml"
    profile.write_text(
        f"extends: powerschool\ntables:\n  users:\n    students:\n      columns:\n        sourcedId: {spec}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(profile))
    (problem,) = problems
    assert str(problem).startswith(f"{profile}:6:20: P103")
    assert "column comes from profiles/powerschool.yaml:" in str(problem)
    assert "write column: null beside yours to remove it" in str(problem)
    profile.write_text(profile.read_text(encoding="utf-8").replace("clean:", "column: null, clean:"), encoding="utf-8")
    assert api.check_profile(str(profile))[1] == []


def test_an_override_of_a_rule_the_extended_profile_lacks_names_the_rule_meant(tmp_path: Path) -> None:
    """`student` written for `students` in a district's override: one problem, at the rule, saying
    it is a new rule and which the extended profile has (tester38 F7: it said "no source named None")."""
    district = tmp_path / "district.yaml"
    district.write_text(
        "name: x\nextends: powerschool\ntables:\n  users:\n    student:\n"
        "      columns:\n        email: {column: Student_Web_ID}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(district))
    assert [p.code.id for p in problems] == ["P103"]
    said = str(problems[0])
    assert "district.yaml:6:7: P103" in said  # the rule's first line
    assert "a new rule: the profile this one extends has no rule 'student' in tables.users" in said
    assert "did you mean 'students'?" in said


@pytest.mark.parametrize(
    "path",
    [
        ("tables", "users", "students", "columns", "grades", "map"),  # an inline map (tester57 F13)
        ("tables", "users", "students", "where", "active", "op"),
        ("tables", "enrollments", "students", "where", "not_ended", "reason"),
        ("tables", "users", "contacts", "join", "student", "source"),
        ("tables", "users", "staff", "combine", "lists", 0),
        ("sources", "schools", "columns", 0),
    ],
)
@pytest.mark.parametrize("bad", [{"values": {"9": "09"}}, ["in", "equals"]], ids=["map", "list"])
def test_a_value_of_the_wrong_type_is_a_schema_error_not_a_crash(
    path: tuple[str | int, ...], bad: object, tmp_path: Path
) -> None:
    """A map or a list where the schema takes a name: the schema's error (exit 2), every value
    located, never "internal error: TypeError: unhashable type" (exit 3)."""
    import yaml

    data = yaml.load((ROOT / "profiles" / "powerschool.yaml").read_text(encoding="utf-8"), Loader=load.ProfileLoader)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = bad
    profile = tmp_path / "district.yaml"
    profile.write_text(yaml.safe_dump(data), encoding="utf-8")
    _, problems = api.check_profile(str(profile))
    said = [str(p) for p in problems]
    assert said and all(p.code.slug == "profile-schema" for p in problems), said
    assert any(".".join(str(k) for k in path[:-1]) in line for line in said), said  # at the value or its spec


def test_an_unquoted_zero_led_id_is_quoted_as_the_profile_wrote_it(tmp_path: Path) -> None:
    """`schools: [0410]`: YAML reads 0410 as the octal number 264, and P103 advised quoting "264",
    a school no export names (tester86 T6). Said as written: 0410, and the octal number it became."""
    path = tmp_path / "district.yaml"
    path.write_text("extends: powerschool\nsettings:\n  schools: [0410, 12]\n", encoding="utf-8")
    _, problems = api.check_profile(str(path))
    said = [p.message for p in problems if p.code.id == "P103"]
    assert said == [
        "settings.schools.0: 0410 (the octal number 264) is not text to YAML: quote it as the export writes it "
        '("0410")',
        'settings.schools.1: 12 is not text to YAML: quote it as the export writes it ("12")',
    ]


def test_each_unquoted_number_is_said_as_written_at_its_own_place(tmp_path: Path) -> None:
    """`schools: [0410, 264]`: the genuine 264 was said as "0410 (the octal number 264)" and quoted
    "0410", the octal text matched by value, not by place (reviewer190 R4)."""
    path = tmp_path / "district.yaml"
    path.write_text("extends: powerschool\nsettings:\n  schools: [0410, 264]\n", encoding="utf-8")
    _, problems = api.check_profile(str(path))
    assert [p.message for p in problems if p.code.id == "P103"] == [
        "settings.schools.0: 0410 (the octal number 264) is not text to YAML: quote it as the export writes it "
        '("0410")',
        'settings.schools.1: 264 is not text to YAML: quote it as the export writes it ("264")',
    ]


def test_leaves_out_preregistered_under_a_source_no_people_rule_reads(tmp_path: Path) -> None:
    """review218 R3: the key set under the enrolments export (roster) did nothing, and check-profile said ok: the
    district took its pre-registered students for excused while X722 refused them. Now said where it is, with the
    people exports to set it under (exit 2, nothing read); under students it is as before."""
    district = tmp_path / "district.yaml"
    district.write_text(
        "name: x\nextends: infinite-campus\nsources:\n  roster:\n    leaves_out_preregistered: true\n"
        "  students:\n    leaves_out_preregistered: true\n  contacts:\n    leaves_out_preregistered: false\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(district))
    assert [f"{p.code.id} {p.message}" for p in problems] == [
        "V631 sources.roster.leaves_out_preregistered: no people rule reads source 'roster' (tables.users rules "
        "of people read students, staff): leaves_out_preregistered says a people export lists a person from his "
        "first day only, and does nothing here; set it under the people export that leaves them out "
        "(sources.students.leaves_out_preregistered), or take it out",
    ]
    assert str(problems[0]).startswith(f"{district}:5:")  # the roster's key, located
    run = api.run(
        api.RunOptions(
            profile=str(district),
            in_dir=tmp_path / "no-such-folder",
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
        )
    )
    assert run.exit_status == 2 and "V631" in run.report.counts


def test_a_people_rule_reading_a_list_of_sources_is_told_its_source_by_name(tmp_path: Path) -> None:
    """review225 R5: `from: [students]` (a list) under a users rule made V631's reading of the rules fail
    before the schema's own words, and P106's "did you mean 'students'?" was lost."""
    district = tmp_path / "district.yaml"
    district.write_text("name: x\nextends: infinite-campus\ntables:\n  users:\n    students:\n      from: [students]\n")
    _, problems = api.check_profile(str(district))
    said = [f"{p.code.id} {p.message}" for p in problems]
    assert any(s.startswith("P106 ") and "did you mean 'students'?" in s for s in said), said
