"""Profiles written by YAML alone for an SIS nobody bundled (tester11: Tyler SIS, Veracross):
the ways of writing a profile that published a wrong set with exit 0, crashed, or were refused
with advice pointing at the SIS rather than at the profile line. Each test starts from the
tutorial's finished profile (docs/tutorial.md) and its exports (fixtures/tutorial/school/in),
changes the one line or file the finding is about, and runs both engines where the rows matter."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FIXTURES, ROOT
from tests.doc_profiles import marked_profile
from tests.test_columnar import same
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
    runs = [
        api.run(
            api.RunOptions(
                profile=str(profile),
                in_dir=exports,
                out_dir=tmp_path / engine,
                as_of=AS_OF,
                explain=tmp_path / f"{engine}.csv",
                engine=engine,
                **options,  # type: ignore[arg-type]
            )
        )
        for engine in ("python", "columnar")
    ]
    same(runs[0], runs[1], tmp_path, ("python", "columnar"))
    return runs[0]


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
