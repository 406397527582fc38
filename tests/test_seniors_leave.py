"""The seniors' last day (tester60 F4): two weeks before the others', every senior is withdrawn at
once. Few students leave (under X953's limit), but each had more classes than the others, and a
tenth of the enrolments go: X906 refuses, as the district's limit says. Its words spoke of errors,
an export that shrank and a new school year, and nothing of the students the export lists as left,
so an admin went looking for a broken export. Now the message and its Next line say how many of the
enrolments removed are those of students tonight's exports list as withdrawn or inactive, and the
--max-removal that publishes the night when that is expected; the refusal stays. Enrolments removed
for other reasons, over the limit on their own, get no such option; students gone from the export
itself are not said to be withdrawn."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

TONIGHT = dt.date(2026, 12, 18)
OTHERS = 60  # students of one class each
SENIORS = 6  # of four classes each: 24 of 97 enrolments, 6 of about 80 users
CLASSES = ("ENG12-2", "BIO-3", "ART-5", "HIS-6")  # Art and History: the seniors' own


def district(
    folder: Path, *, seniors: str = "A", others_dropped: int = 0, count: int = SENIORS, blank_names: bool = False
) -> Path:
    """The Skyward sample district with OTHERS more students at the high school in English 12 and
    SENIORS more in four classes each, their STUDENT-STATUS `seniors` ("gone": not in student.csv,
    their schedule rows still there); the first `others_dropped` of the others moved from English
    12 to Biology (a schedule change: the students stay, in another class)."""
    exports = folder / f"in-{seniors}-{others_dropped}-{count}-{blank_names}"
    shutil.copytree(FIXTURES / "skyward-sms" / "district" / "in", exports)
    with (exports / "class.csv").open("a", encoding="utf-8") as handle:
        handle.write("ART-5,002,ART,Art,5,T2,11/30/2026,03/05/2027,902,\n")
        handle.write("HIS-6,002,HIS,History,6,T2,11/30/2026,03/05/2027,903,\n")
    students, schedule = [], []
    for n in range(OTHERS + count):
        senior = n >= OTHERS
        status = seniors if senior else "A"
        if status != "gone":
            grad = 2027 if senior else 2029
            given = "" if senior and blank_names else f"Pupil{n}"  # a given name blanked: D304, an error
            students.append(f"{6000 + n},027{n:03d},{given},,Number{n},{grad},01/01/2010,,002,{status},1,002\n")
        if senior:
            schedule.extend(f"{6000 + n},{c},002,\n" for c in CLASSES)
        else:
            schedule.append(f"{6000 + n},{'BIO-3' if n < others_dropped else 'ENG12-2'},002,\n")
    with (exports / "student.csv").open("a", encoding="utf-8") as handle:
        handle.writelines(students)
    with (exports / "schedule.csv").open("a", encoding="utf-8") as handle:
        handle.writelines(schedule)
    return exports


def run(exports: Path, out: Path, max_removal: float | None = None) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="skyward-sms", in_dir=exports, out_dir=out, as_of=TONIGHT, max_removal=max_removal)
    )


def refusal(result: api.RunResult, table: str) -> str:
    (x906,) = [p for p in result.problems if p.code.id == "X906" and p.params["table"] == table]
    return x906.message


def test_seniors_withdrawn_at_once_are_said_with_the_option_that_publishes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path), out).exit_status == api.EXIT_PUBLISHED
    result = run(district(tmp_path, seniors="I"), out)
    assert result.exit_status == 1 and not result.report.published
    assert "X953" not in result.report.counts  # 6 students: under the kind's limit
    message = refusal(result, "enrollments")
    assert message.startswith("enrollments.csv would lose 26 of 97 records (26.8%")
    assert "26 of them are the enrolments of 6 students listed in tonight's exports and left out on purpose" in (
        message
    )
    assert "2 teachers' enrolments of the classes they leave with no student" in message  # Art's, History's
    # Art and History go with them (2 of 6 classes): the one option is the night's, for both files.
    assert "--max-removal 34 publishes it" in message
    classes = refusal(result, "classes")
    assert "2 of them are classes whose every student (6) is listed in tonight's exports" in classes
    assert "--max-removal 34 publishes it" in classes
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith(
        "Next: All 26 enrolments removed are those of 6 students listed in tonight's exports as withdrawn or inactive"
        ", or of the classes they leave with no student"
    ), said
    assert "rerun once with --max-removal 34" in said and "export it again whole" not in said
    # The option the step names publishes the night, without the seniors and their classes.
    again = run(district(tmp_path / "again", seniors="I"), out, max_removal=34)
    assert again.exit_status == api.EXIT_PUBLISHED and again.report.published
    enrolled = {line.split(",")[5] for line in (out / "enrollments.csv").read_text().splitlines()[1:]}
    assert "027000" in enrolled and not {f"027{n:03d}" for n in range(OTHERS, OTHERS + SENIORS)} & enrolled


def test_other_removals_over_the_limit_on_their_own_get_no_option(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path), out).exit_status == api.EXIT_PUBLISHED
    result = run(district(tmp_path, seniors="I", others_dropped=20), out)  # 20 more of 94: over 10% alone
    assert result.exit_status == 1 and not result.report.published
    message = refusal(result, "enrollments")
    assert "26 of them are the enrolments of 6 students listed in tonight's exports" in message
    assert "the other 20 are not theirs" in message and "--max-removal" not in message
    classes = refusal(result, "classes")
    assert "another file's removals are not all theirs" in classes and "--max-removal" not in classes
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert not re.search(r"--max-removal \d", said), said


def test_students_gone_from_the_export_are_not_said_withdrawn(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path), out).exit_status == api.EXIT_PUBLISHED
    result = run(district(tmp_path, seniors="gone"), out)
    assert result.exit_status == 1 and not result.report.published
    message = refusal(result, "enrollments")
    assert "left out on purpose" not in message and "--max-removal" not in message
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "withdrawn or inactive" not in said and not re.search(r"--max-removal \d", said), said


def test_students_an_error_left_out_are_not_said_withdrawn(tmp_path: Path) -> None:
    """Active seniors whose given name was blanked (D304) are listed in tonight's export, but not as
    left: the --max-removal once named for them published the set without them (reviewer62 R3)."""
    out = tmp_path / "out"
    assert run(district(tmp_path), out).exit_status == api.EXIT_PUBLISHED
    result = run(district(tmp_path, blank_names=True), out)
    assert result.exit_status == 1 and not result.report.published
    assert "D304" in result.report.counts
    message = refusal(result, "enrollments")
    assert "left out on purpose" not in message and "--max-removal" not in message, message
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "listed in tonight's exports as withdrawn" not in said and not re.search(r"--max-removal \d", said), said


def test_seniors_over_the_students_limit_too_are_told_one_option_for_the_night(tmp_path: Path) -> None:
    """12 seniors of 72 students: X953 refuses the students too. Its words named the share of the
    students alone (--max-removal 16), which would not publish the night (the enrolments need 42);
    now every refusal of the night names the one option that does."""
    out = tmp_path / "out"
    assert run(district(tmp_path, count=12), out).exit_status == api.EXIT_PUBLISHED
    result = run(district(tmp_path, seniors="I", count=12), out)
    assert result.exit_status == 1 and not result.report.published
    (students,) = [p for p in result.problems if p.code.id == "X953"]
    assert "all 12 are listed in tonight's exports" in students.message
    assert "--max-removal 42 publishes it" in students.message and "--max-removal 42" in refusal(result, "enrollments")
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "rerun once with --max-removal 42" in said, said
    again = run(district(tmp_path / "again", seniors="I", count=12), out, max_removal=42)
    assert again.exit_status == api.EXIT_PUBLISHED and again.report.published
    # The same night with 20 other schedule changes over the limit on their own: no option.
    assert run(district(tmp_path / "o1", count=12), tmp_path / "out2").exit_status == api.EXIT_PUBLISHED
    mixed = run(district(tmp_path / "o2", seniors="I", count=12, others_dropped=20), tmp_path / "out2")
    (students,) = [p for p in mixed.problems if p.code.id == "X953"]
    assert "another file's removals (X906) are not all theirs" in students.message
    assert "--max-removal" not in students.message
    said = next_step(mixed, out_dir=tmp_path / "out2", explain_path=None, upload=False)
    assert not re.search(r"--max-removal \d", said), said
