"""The safety gate for students left in no class across the district (pipeline.org_gate,
X897). A schedule export cut at a line boundary mid-term loses the students whose rows came
after the cut: under the whole-file removal limit (10 %), and spread over every school, so that
no school loses half of its students' classes (X997). Those students stayed in users.csv in no
class, published at exit 0 with nothing said (tester44 F10)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from tests.synthetic_nights import first_set
from transform import api

AS_OF = dt.date(2026, 10, 15)

# One xdist worker takes the module's tests: it publishes the district's first night once.
pytestmark = pytest.mark.xdist_group("students_unenrolled_gate")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 students at 20 schools, each in up to 8 classes; cc.txt lists them student by student."""
    folder = tmp_path_factory.mktemp("district") / "in"
    write_district(folder, 1000)
    return folder


def run(exports: Path, out: Path, as_of: dt.date = AS_OF, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, **options))  # type: ignore[arg-type]


def first_night(district: Path, tmp_path: Path) -> Path:
    """tmp_path/out: the district published on AS_OF, as last night's set (made once per process
    and copied with its state folder: synthetic_nights.first_set)."""

    def publish(out: Path) -> None:
        assert run(district, out).exit_status == 0

    return first_set((district, AS_OF), district.parent, tmp_path, publish)


def schedule_of(district: Path, tmp_path: Path, keep: object) -> Path:
    """The district's exports with only the cc.txt rows `keep(row number, student ID)` keeps."""
    folder = tmp_path / "tonight"
    shutil.copytree(district, folder)
    path = folder / "cc.txt"
    header, *rows = path.read_bytes().decode("utf-8").split("\r\n")[:-1]
    kept = [row for n, row in enumerate(rows) if keep(n, int(row.split("\t")[0]))]  # type: ignore[operator]
    path.write_bytes(("\r\n".join([header, *kept]) + "\r\n").encode("utf-8"))
    return folder


def students_in_no_class(out: Path) -> int:
    with (out / "users.csv").open(encoding="utf-8", newline="") as users:
        students = {row["sourcedId"] for row in csv.DictReader(users) if row["role"] == "student"}
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as enrolments:
        enrolled = {row["userSourcedId"] for row in csv.DictReader(enrolments)}
    return len(students - enrolled)


def test_a_schedule_export_cut_under_the_limit_is_refused(district: Path, tmp_path: Path) -> None:
    """cc.txt cut after 92 % of its rows (a copy that stopped after a whole line): every student
    after the cut, at every school, would be published in no class."""
    out = first_night(district, tmp_path)
    assert students_in_no_class(out) == 0
    rows = (district / "cc.txt").read_bytes().count(b"\r\n") - 1
    cut = schedule_of(district, tmp_path, lambda n, _: n < rows * 0.92)
    result = run(cut, out)
    assert result.exit_status == 1
    assert not {"X906", "X997", "X993"} & set(result.report.counts)  # under the limits they count
    (refusal,) = result.report.examples["X897"]
    emptied, held = refusal.params["emptied"], refusal.params["previous"]
    assert 40 <= int(emptied) <= 100 and refusal.params["schools"] == 20
    assert refusal.message.startswith(
        f"{emptied} of the {held} students who were in a class in the last published set ("
    )
    assert "would be published tonight in no class" in refusal.message
    assert "schedule (enrolment) export cut short or filtered" in refusal.message
    assert students_in_no_class(out) == 0  # last night's set stays
    # a cut export is no rollover: --allow-rollover alone lets no cut through (X884, tester74 F1)
    rollover = run(cut, out, allow_rollover=True)
    assert rollover.exit_status == 1 and "X884" in rollover.report.counts and not rollover.report.published
    # --allow-incomplete publishes the cut, said (F451, exit 1); the students it leaves in no class too
    allowed = run(cut, out, allow_rollover=True, allow_incomplete=True)
    assert allowed.exit_status == 1 and allowed.report.published and "F451" in allowed.report.counts
    assert "X897" not in allowed.report.counts
    (said,) = allowed.report.examples["X898"]
    assert said.message.startswith(f"--allow-rollover: {emptied} of the {held} students")
    assert students_in_no_class(out) == int(emptied)


def test_a_few_students_in_no_class_are_an_ordinary_night(district: Path, tmp_path: Path) -> None:
    """Students whose schedules are being rebuilt, or who stay active a few days after their
    classes were dropped: under 2 % of the students who were in a class (here 15 of about 970),
    published as before."""
    out = first_night(district, tmp_path)
    result = run(schedule_of(district, tmp_path, lambda _, student: student % 60 != 1 or student > 900), out)
    assert "X897" not in result.report.counts, result.report.examples.get("X897")
    assert result.exit_status == 0
    assert students_in_no_class(out) == 15


def test_over_the_share_is_refused(district: Path, tmp_path: Path) -> None:
    """The same, 25 students (over 2 %), one or two at each school: refused."""
    out = first_night(district, tmp_path)
    result = run(schedule_of(district, tmp_path, lambda _, student: student % 40 != 1), out)
    assert result.exit_status == 1 and "X997" not in result.report.counts
    (refusal,) = result.report.examples["X897"]
    assert refusal.params["emptied"] == 25


def school_of_rows(district: Path) -> dict[int, str]:
    """Each student of cc.txt with the school of their rows (SchoolID, its fourth column)."""
    rows = (district / "cc.txt").read_bytes().decode("utf-8").split("\r\n")[1:-1]
    return {int(row.split("\t")[0]): row.split("\t")[3] for row in rows}


def test_one_school_emptied_and_others_cut_are_both_said(district: Path, tmp_path: Path) -> None:
    """cc.txt without one school's rows (X997) and, besides, 1 student in 37 of the others (over
    2 % of theirs) in no class: X997 named the school alone, and X897 was not asked of the other
    schools; with --allow-rollover only X998 was said of the school, nothing of the others
    (calendar44). Now both refuse, and --allow-rollover says both (X998, X898)."""
    out = first_night(district, tmp_path)
    school = school_of_rows(district)
    gone = sorted(set(school.values()))[0]
    tonight = schedule_of(district, tmp_path, lambda _, student: school[student] != gone and student % 37 != 1)
    result = run(tonight, out)
    assert result.exit_status == 1
    (emptied_school,) = result.report.examples["X997"]
    assert emptied_school.params["school"] == gone
    (others,) = result.report.examples["X897"]
    assert 15 <= others.params["schools"] <= 19 and 15 <= int(others.params["emptied"]) <= 30  # not the school's
    allowed = run(tonight, out, allow_rollover=True)
    assert allowed.report.published and allowed.exit_status == 1 and "F454" in allowed.report.counts  # said
    assert {"X998", "X898"} <= set(allowed.report.counts)
    assert allowed.report.examples["X898"][0].params["emptied"] == others.params["emptied"]


def test_allow_rollover_over_the_limit_says_the_students_left_in_no_class(district: Path, tmp_path: Path) -> None:
    """cc.txt cut after 60 % of its rows, over the whole-file limit: refused (X906) and
    --allow-rollover publishes it (X908). The students it leaves in no class were not said: the
    district's question was skipped over the limit (tester44 F1: 489 students in no class, exit 0,
    X908 alone). Now said beside X908 (X898), a warning: a rollover moves students to new classes."""
    out = first_night(district, tmp_path)
    rows = (district / "cc.txt").read_bytes().count(b"\r\n") - 1
    cut = schedule_of(district, tmp_path, lambda n, _: n < rows * 0.6)
    refused = run(cut, out)
    assert refused.exit_status == 1 and "X906" in refused.report.counts
    assert not {"X897", "X997"} & set(refused.report.counts)  # the file's refusal says it (X906)
    assert "X884" in run(cut, out, allow_rollover=True).report.counts  # a cut is no rollover (tester74 F1)
    allowed = run(cut, out, allow_rollover=True, allow_incomplete=True)
    assert allowed.exit_status == 1 and "F451" in allowed.report.counts and "X908" in allowed.report.counts
    said = [p.params for p in allowed.report.examples.get("X898", [])]
    said += [p.params for p in allowed.report.examples.get("X998", [])]
    assert said, allowed.report.counts
    assert students_in_no_class(out) >= int(said[0]["emptied"])
