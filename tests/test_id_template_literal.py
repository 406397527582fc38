"""check-profile says what the run will say of an ID template (tester71 N7).

(a) An ID column built from a template whose own text holds a list separator
('{School}|{Section}') passed check-profile ("ok"), and at run time every row was left out as
D320 id-unsafe-character and the run refused (X915). Now the same test the run makes of each ID
(cleaners.ids.unsafe_in) is made of the template's fixed text: P128, exit 2, before reading.
(b) P121 said "each school's name is its number" of a name read from the column whose values the
school's ID is mapped from by words ('Pine Ridge Middle': PRM): that column holds names.
(c) F406's example printed the profile's template: "class excluded: {out.title} 'Lunch A'"."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from tests import cli_runner
from transform import api
from transform.cleaners.ids import guard_id
from transform.oneroster.spec import ONEROSTER, REMIND, Target
from transform.pipeline.filters import drop_excluded_classes
from transform.pipeline.rows import Draft, place_at
from transform.profile.compile import Choices, compile_plan
from transform.report.report import Report


def _check_profile(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("transform")
    return cli_runner.run([str(script), "check-profile", *map(str, args)], capture_output=True, text=True, timeout=60)


def _slugs(profile: Path) -> list[tuple[str, str]]:
    return [(p.code.id, str(p.params.get("path", ""))) for p in api.check_profile(str(profile), hints=True)[1]]


def _profile(tmp_path: Path, classes: str, enrollments: str = "{sourcedId}") -> Path:
    path = tmp_path / "district.yaml"
    path.write_text(
        "extends: oneroster\n"
        "tables:\n"
        "  classes:\n"
        "    classes:\n"
        "      columns:\n"
        f"        sourcedId: {classes}\n"
        "  enrollments:\n"
        "    enrollments:\n"
        "      columns:\n"
        f"        classSourcedId: {{column: null, template: '{enrollments}', fallback: ['{{classSourcedId}};x']}}\n",
        encoding="utf-8",
    )
    return path


def test_an_id_template_joining_its_parts_with_a_bar_is_refused_as_the_run_would_refuse_every_id(
    tmp_path: Path,
) -> None:
    profile = _profile(tmp_path, '"{schoolSourcedId}|{sourcedId}"', "{schoolSourcedId}|{classSourcedId}")
    found = [(code, path) for code, path in _slugs(profile) if code in ("P128", "P129")]
    assert found == [
        ("P128", "tables.classes.classes.columns.sourcedId"),
        ("P128", "tables.enrollments.enrollments.columns.classSourcedId.template"),
        ("P129", "tables.enrollments.enrollments.columns.classSourcedId.fallback.0"),
    ]
    # the run's own verdict on an ID so built: the same character, the same words
    assert guard_id("100|7003")[1][0][1]["reason"] == "a vertical bar (a list separator)"
    (problem,) = [p for p in api.check_profile(str(profile))[1] if p.code.id == "P128"][:1]
    assert "a vertical bar (a list separator)" in problem.message


def test_an_id_template_joining_with_a_dash_or_a_list_column_joining_with_commas_is_no_word(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '"{schoolSourcedId}-{sourcedId}"', "{schoolSourcedId}:{classSourcedId}")
    # the fallback's ';' is still said (P129: only the rows falling back to it): a class ID is one value
    assert [c for c, _ in _slugs(profile) if c in ("P128", "P129")] == ["P129"]
    listed = tmp_path / "listed.yaml"
    listed.write_text(
        "extends: oneroster\n"
        "tables:\n"
        "  users:\n"
        "    users:\n"
        "      columns:\n"
        "        orgSourcedIds: {template: '{orgSourcedIds},100', clean: [id_list]}\n",
        encoding="utf-8",
    )
    assert "P128" not in [c for c, _ in _slugs(listed)]


def test_a_school_id_mapped_from_names_makes_the_name_column_no_number(tmp_path: Path) -> None:
    def profile(keys: str) -> Path:
        path = tmp_path / "schools.yaml"
        path.write_text(
            "extends: oneroster\n"
            f"maps:\n  schools:\n    values: {keys}\n    unmapped: drop\n"
            "tables:\n"
            "  orgs:\n"
            "    schools:\n"
            "      columns:\n"
            "        sourcedId: {column: name, map: schools, clean: null}\n"
            "        name: {column: name, clean: [text]}\n",
            encoding="utf-8",
        )
        return path

    assert "P121" not in [c for c, _ in _slugs(profile("{Pine Ridge Middle: PRM, Cedar Elementary: CED}"))]
    assert "P121" in [c for c, _ in _slugs(profile("{'042': PRM, '043': CED}"))]
    assert "P121" not in [c for c, _ in _slugs(profile("{Lincoln: LIN}"))]
    # review146 R4: letter codes are no names: families would see 'PRM' where the name belongs
    assert "P121" in [c for c, _ in _slugs(profile("{PRM: '042', CED: '043'}"))]


def test_p121_names_each_key_families_would_see_as_the_profile_writes_it(tmp_path: Path) -> None:
    """review154 R5: with mixed keys the words named no key ('its number (the name column)'), and a
    map of names beside one code ('CED') was not said at all; a name map's '42': '043' was missed."""

    def said(maps: str, name: str = "{column: name, clean: [text]}") -> str:
        path = tmp_path / "schools.yaml"
        path.write_text(
            f"extends: oneroster\nmaps:\n{maps}"
            "tables:\n  orgs:\n    schools:\n      columns:\n"
            f"        sourcedId: {{column: name, map: schools, clean: null}}\n        name: {name}\n",
            encoding="utf-8",
        )
        return " ".join(p.message for p in api.check_profile(str(path), hints=True)[1] if p.code.id == "P121")

    mixed = said("  schools:\n    values: {'Pine Ridge Middle': '042', CED: '043'}\n    unmapped: drop\n")
    assert "'CED' (ID '043')" in mixed and "Pine Ridge" not in mixed
    assert '{values: {"CED": its name}, unmapped: keep}' in mixed
    zeros = said("  schools:\n    values: {'042': PRM, '43': CED}\n    unmapped: drop\n")
    assert "'042' (ID 'PRM'), '43' (ID 'CED')" in zeros
    names = said(
        "  schools:\n    values: {'042': '042', '43': '043'}\n"
        "  school_names:\n    values: {'042': '042', '43': '043', prm: PRM, '044': Maple}\n",
        "{column: name, map: school_names}",
    )
    assert "'042', '43' written '043', 'prm'" in names and '("042": its name, "43": its name)' in names


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("{out.title}", "title"),
        ("{course.Course_Name}", "course's Course_Name"),
        # review146 R5: a template with text of its own is named: 'Lunch A' is not the column's value
        ("lunch={out.title}", "title written as 'lunch={out.title}':"),
    ],
)
def test_a_class_left_out_by_a_pattern_names_the_field_not_the_template(field: str, said: str) -> None:
    data = {
        "name": "t",
        "settings": {"date_formats": ["%Y-%m-%d"]},
        "sources": {"sections": {"files": ["s.txt"], "columns": ["ID"]}},
        "tables": {},
        "filters": {"exclude_classes": {"fields": [field], "patterns": {"lunch": r"\blunch\b"}}},
    }
    plan = compile_plan(data, target=REMIND, choices=Choices(as_of=dt.date(2026, 10, 15)))
    values = {"sourcedId": "C1", "title": "Lunch A"}
    draft = Draft("classes", values, place_at("s.txt", 2), "classes.r", {"exclude:0": "Lunch A"})
    report = Report()
    assert list(drop_excluded_classes([draft], plan=plan, report=report)) == []
    (example,) = report.examples["F406"]
    assert example.message.startswith(f"class excluded: {said} 'Lunch A' matches pattern")


def test_an_id_template_read_through_a_map_is_judged_by_the_map_values_and_a_fallback_by_its_rows(
    tmp_path: Path,
) -> None:
    """review146 R1: '{sourcedId}|1' read through a map whose keys hold the bar and values do not
    publishes no bar (base: ok, rc 0); the map's values are what the IDs are. A fallback is no
    ID of every row: only of those that fall back to it."""

    def mapped(values: str) -> Path:
        path = tmp_path / "mapped.yaml"
        path.write_text(
            "extends: oneroster\n"
            f"maps:\n  classids:\n    values: {values}\n    unmapped: keep\n"
            "tables:\n  classes:\n    classes:\n      columns:\n"
            "        sourcedId: {column: null, template: '{sourcedId}|1', map: classids}\n",
            encoding="utf-8",
        )
        return path

    assert [p for p in _slugs(mapped("{'cl-read2|1': R2, 'cl-sci6|1': S6}")) if p[0] in ("P128", "P129")] == []
    said = [p for p in api.check_profile(str(mapped("{'cl-read2|1': 'R|2'}")), hints=True)[1] if p.code.id == "P129"]
    assert [p.params["path"] for p in said] == ["maps.classids.values.cl-read2|1"]
    assert "every sourcedId mapped to it" in said[0].message
    profile = _profile(tmp_path, "{sourcedId}")
    fallback = [p for p in api.check_profile(str(profile), hints=True)[1] if p.code.id in ("P128", "P129")]
    assert [(p.code.id, p.params["path"]) for p in fallback] == [
        ("P129", "tables.enrollments.enrollments.columns.classSourcedId.fallback.0")
    ]
    assert "every row that falls back to it" in fallback[0].message
    assert "run refused" not in fallback[0].message
    # review154 R1: a fallback no row reaches tonight refuses nothing: every row has its own class ID
    profile = _profile(tmp_path, "{sourcedId}", "{classSourcedId}")
    fixture = Path(__file__).parent.parent / "fixtures" / "oneroster" / "district"
    options = api.RunOptions(
        profile=str(profile), in_dir=fixture / "in", out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
    )
    result = api.run(options)
    assert result.report.published and "P128" not in result.report.examples


def test_a_map_value_one_target_reads_is_said_for_that_target_and_one_every_target_replaces_not_at_all(
    tmp_path: Path,
) -> None:
    """review154 R2: P129 said of a map's `targets.oneroster` value as of every run's IDs (a remind
    run writes the map's own value), and of a map's own value every target replaces (no run writes it)."""
    path = tmp_path / "targets.yaml"
    path.write_text(
        "extends: oneroster\n"
        "maps:\n  classids:\n"
        "    values: {cl-read2: 'R|2', cl-sci6: 'S|6', cl-art6: 'A|6'}\n"
        "    targets:\n"
        "      oneroster: {values: {CL-READ2: R2, cl-art6: 'A;6'}}\n"
        "      remind: {values: {cl-read2: R2-rm}}\n"
        "    unmapped: keep\n"
        "tables:\n  classes:\n    classes:\n      columns:\n"
        "        sourcedId: {column: sourcedId, map: classids}\n",
        encoding="utf-8",
    )

    def said(target: Target) -> dict[str, object]:
        return {
            str(p.params["path"]).removeprefix("maps.classids."): p.params["into"]
            for p in api.check_profile(str(path), target=target, hints=True)[1]
            if p.code.id == "P129"
        }

    # each target's check-profile (and run) says the values its own runs write, and only those
    assert said(REMIND) == {
        "values.cl-sci6": "every sourcedId mapped to it",
        "values.cl-art6": "every sourcedId mapped to it by a run with --target remind",
    }
    assert said(ONEROSTER) == {
        "values.cl-sci6": "every sourcedId mapped to it",
        "targets.oneroster.values.cl-art6": "every sourcedId mapped to it by a run with --target oneroster",
    }


def test_an_id_template_of_a_file_only_the_oneroster_target_writes_is_checked_for_that_target_only(
    tmp_path: Path,
) -> None:
    """house62: check-profile had no --target and judged every target's templates: a courses
    sourcedId '{schoolNumber}|{courseNumber}' (courses.csv is written by --target oneroster only) was
    P128 to a remind-only admin, and refused the remind run (exit 2) that writes no course."""
    path = tmp_path / "courses.yaml"
    path.write_text(
        "extends: infinite-campus\n"
        "tables:\n  courses:\n    offered:\n      columns:\n"
        "        sourcedId: {template: '{schoolNumber}|{courseNumber}'}\n",
        encoding="utf-8",
    )
    # the command once, for its option (review178 R4: a second command run for the default cost a process)
    strict = _check_profile(path, "--target", "oneroster")
    assert strict.returncode == 2 and "P128" in strict.stderr and "tables.courses.offered" in strict.stderr
    # the default (remind: the run's, as check-profile's) in process: no error, the course's template unsaid
    loaded, problems = api.check_profile(str(path), hints=True)
    assert loaded is not None and not [p for p in problems if p.code.severity == "error"], [str(p) for p in problems]
    assert "P128" not in {p.code.id for p in problems}
