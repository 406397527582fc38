"""A column of users.csv blanked overnight: the export lost it (tester35 F6).

students.txt's Grade_Level came out empty on every row one night (a column dropped from the
export template, its header left): every student was published without the grade they had the
night before, exit 0, not one message. Remind groups students by grade and reaches families by
email and phone. Now a column the last published set filled on most of the students' (or the
parents') records, blank tonight on more than the users' removal limit of those that had a
value, is refused (X923); --allow-rollover publishes it, said (X924).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.synthetic_nights import ENGINES, NIGHT, district_of, first_night, run
from transform import api
from transform.report.summary import next_step

# One xdist worker takes the module's tests: it publishes each engine's first night once.
pytestmark = pytest.mark.xdist_group("columns_blanked")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return district_of(tmp_path_factory)


def blanked(district: Path, folder: Path, column: str, every: int = 1, *, keep: int = 0) -> Path:
    """The district with students.txt's `column` empty on every `every`-th row (but every
    `keep`-th row, when given)."""
    exports = folder / f"{column}-{every}-{keep}"
    exports.mkdir(parents=True)
    for path in district.iterdir():
        (exports / path.name).write_bytes(path.read_bytes())
    lines = (district / "students.txt").read_text(encoding="utf-8").splitlines(True)
    at = lines[0].rstrip("\n").split("\t").index(column)
    for n in range(1, len(lines), every):
        if keep and not n % keep:
            continue
        cells = lines[n].rstrip("\n").split("\t")
        cells[at] = ""
        lines[n] = "\t".join(cells) + "\n"
    (exports / "students.txt").write_text("".join(lines), encoding="utf-8")
    return exports


def users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


@ENGINES
def test_every_students_grade_blanked_overnight_is_refused(district: Path, tmp_path: Path, engine: str) -> None:
    """Last night every student had a grade; tonight's Grade_Level is empty on every row.
    Before: published, exit 0, no message. Now refused (X923, exit 1), naming the column of
    users.csv, the export column it is read from, how many students lost it, and the first IDs;
    last night's set stays."""
    out = first_night(district, tmp_path, engine)
    before = users(out)
    students = sorted(i for i, row in before.items() if row["role"] == "student")
    assert students and all(before[i]["grades"] for i in students)
    result = run(blanked(district, tmp_path, "Grade_Level"), out, engine, night=1)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert [p.code.id for p in result.problems] == ["X923"]
    (refusal,) = result.problems
    count = len(students)
    assert refusal.params["columns"] == (
        f"the grades of {count:,} of the {count:,} students who had one (100.0%; students.txt Grade_Level)"
    )
    assert refusal.params["first"] == f"{', '.join(students[:3])} and {count - 3:,} more"
    assert (refusal.where.file, refusal.where.column) == ("users.csv", "grades")
    assert "more than the removal limit of 10.0%" in refusal.message
    assert users(out) == before, "last night's set stays"


@ENGINES
def test_the_parents_emails_blanked_overnight_are_refused(district: Path, tmp_path: Path, engine: str) -> None:
    """Mother_Email empty on every row: the mothers stay (each has a phone, and her ID is made
    from her name and household), each without the email she had. Refused, as parents."""
    out = first_night(district, tmp_path, engine)
    result = run(blanked(district, tmp_path, "Mother_Email"), out, engine, night=1)
    assert [p.code.id for p in result.problems] == ["X923"]
    (refusal,) = result.problems
    assert refusal.params["columns"].startswith("the email of ")
    assert "parents and guardians who had one" in refusal.params["columns"]
    assert refusal.params["columns"].endswith("students.txt Mother_Email)")


def test_a_few_grades_blanked_and_allow_rollover_publish(district: Path, tmp_path: Path) -> None:
    """One student in 20 without a grade tonight (5 %): published as before. Every grade blanked:
    --allow-rollover publishes it and says so (X924); the night after compares with that set."""
    out = first_night(district, tmp_path, "python")
    few = run(blanked(district, tmp_path, "Grade_Level", every=20), out, "python", night=1)
    assert few.exit_status == 0 and "X923" not in few.report.counts
    every = blanked(district, tmp_path, "Grade_Level")
    allowed = run(every, out, "python", night=2, allow_rollover=True)
    assert allowed.exit_status == 1 and allowed.report.published  # no term change: published, but (F454)
    assert allowed.report.counts["X924"] == 1 and "X923" not in allowed.report.counts
    assert "X924" in allowed.report.examples["F454"][0].message
    assert not [row for row in users(out).values() if row["role"] == "student" and row["grades"]]
    assert "X923" not in run(every, out, "python", night=3).report.counts


def test_a_column_filled_on_few_records_is_not_judged(district: Path, tmp_path: Path) -> None:
    """A third of the students had a phone last night; tonight none has: a column the last set
    filled on fewer than half of the kind's records says nothing of the export (a few phones
    removed is a few families' news), and is published as before."""
    out = tmp_path / "out"
    assert run(blanked(district, tmp_path, "Home_Phone", keep=3), out, "python").exit_status == 0
    phones = [row for row in users(out).values() if row["role"] == "student" and row["phone"]]
    assert 0 < len(phones) * 2 < len([row for row in users(out).values() if row["role"] == "student"])
    result = run(blanked(district, tmp_path, "Home_Phone"), out, "python", night=1)
    assert result.exit_status == 0 and "X923" not in result.report.counts
    assert not [row for row in users(out).values() if row["role"] == "student" and row["phone"]]


def test_a_language_column_renamed_by_an_upgrade_is_named_with_the_aliases_that_map_it(
    district: Path, tmp_path: Path
) -> None:
    """A SIS upgrade renames students.txt's Home_Language HomeLanguage: every student's and parent's
    language would be blank (X923). The message names the export column the profile reads and the header
    the export has now, and the step writes out the aliases that map it, before --allow-rollover (which
    would publish every family without a language); the district profile with those aliases publishes the
    languages kept (tester90 T4)."""
    out = first_night(district, tmp_path, "python")
    before = users(out)
    exports = tmp_path / "upgraded"
    shutil.copytree(district, exports)
    students = exports / "students.txt"
    header, rest = students.read_text(encoding="utf-8").split("\n", 1)
    students.write_text(header.replace("Home_Language", "HomeLanguage") + "\n" + rest, encoding="utf-8")
    result = run(exports, out, "python", night=1)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refusal,) = [p for p in result.problems if p.code.id == "X923"]
    assert "students.txt Home_Language, absent tonight: did you mean 'HomeLanguage'?" in refusal.message
    step = " ".join(next_step(result, out_dir=out, explain_path=None, upload=False).split())
    aliases = "sources: {students: {aliases: {Home_Language: [HomeLanguage]}}}"
    assert aliases in step and step.index(aliases) < step.index("--allow-rollover"), step
    assert "users.csv's metadata.preferredLanguage is read from it" in step
    profile = tmp_path / "district.yaml"
    profile.write_text(f"name: district\nextends: powerschool\n{aliases}\n", encoding="utf-8")
    now = NIGHT + dt.timedelta(days=1)
    mapped = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=now.date(), now=now))
    assert "X923" not in mapped.report.counts and mapped.report.published
    after = users(out)
    languages = {i: row["metadata.preferredLanguage"] for i, row in before.items() if row["metadata.preferredLanguage"]}
    assert languages and all(after[i]["metadata.preferredLanguage"] == v for i, v in languages.items())
