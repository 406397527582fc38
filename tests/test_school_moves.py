"""A school closing mid-year (tester61 Y4): school 200's students and staff move to school 100 over a
weekend, enrolled there in new classes; every class of 200 is gone. X906 says the move (not a new
school year, not withdrawals) and names --allow-rollover, which publishes it at exit 0 (I298, not
F454); the night after needs no flag. A school's schedule merely missing (no student enrolled
elsewhere) is no move: --allow-rollover left in the job is still F454, exit 1."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

DISTRICT = FIXTURES / "powerschool" / "district" / "in"  # schools 100 and 200


def run(out: Path, as_of: str, exports: Path, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date.fromisoformat(as_of), **options
        )
    )


def _edit(exports: Path, name: str, edit: object) -> None:
    path = exports / name
    lines = path.read_text(encoding="cp1252").splitlines(keepends=True)
    path.write_text("".join(edit(line) for line in lines), encoding="cp1252")  # type: ignore[operator]


def closed(tmp_path: Path) -> Path:
    """School 200 closed: its students and teachers at 100, its sections 2001-2009 at 100 as 3001-3009."""
    exports = tmp_path / "closed"
    shutil.copytree(DISTRICT, exports)
    _edit(exports, "students.txt", lambda line: re.sub(r"^(\d+\t\d+\t)200\t", r"\g<1>100\t", line))
    _edit(exports, "teachers.txt", lambda line: re.sub(r"^((?:[^\t]*\t){3})200\t", r"\g<1>100\t", line))
    _edit(exports, "sections.txt", lambda line: re.sub(r"^2(\d{3})\t200\t", r"3\g<1>\t100\t", line))
    _edit(exports, "cc.txt", lambda line: re.sub(r"^(\d+\t)2(\d{3})\t(\d+)\t200\t", r"\g<1>3\g<2>\t\g<3>\t100\t", line))
    return exports


def schedule_missing(tmp_path: Path) -> Path:
    """School 200's sections and schedule rows gone, its students still at 200 (a failed job)."""
    exports = tmp_path / "missing"
    shutil.copytree(DISTRICT, exports)
    _edit(exports, "sections.txt", lambda line: "" if re.match(r"^2\d{3}\t200\t", line) else line)
    _edit(exports, "cc.txt", lambda line: "" if re.match(r"^\d+\t2\d{3}\t", line) else line)
    return exports


def test_a_school_closing_is_said_and_one_rerun_with_the_flag_publishes_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(out, "2026-10-15", DISTRICT).exit_status == 0
    exports = closed(tmp_path)
    refused = run(out, "2026-10-16", exports)
    assert refused.exit_status == 1 and not refused.report.published
    said = {p.params["table"]: p for p in refused.report.aborts if p.code.id == "X906"}
    assert said, sorted(refused.report.counts)
    for stop in said.values():
        assert "students enrolled tonight at school 100" in stop.message
        assert "school 200 has no class left tonight: a school closing" in stop.message
        assert "--allow-rollover publishes" in stop.message and "--max-removal" not in stop.message
    step = " ".join(next_step(refused, out_dir=out, explain_path=None, upload=False).split())
    assert "a school move" in step and "rerun once with --allow-rollover" in step
    rerun = run(out, "2026-10-16", exports, allow_rollover=True)
    assert rerun.report.published and rerun.exit_status == 0, sorted(rerun.report.counts)
    assert "I298" in rerun.report.counts and not {"F454", "X908"} & set(rerun.report.counts)
    assert "a school closing" in rerun.report.examples["I298"][0].message
    after = run(out, "2026-10-17", exports)
    assert after.exit_status == 0 and not {"X906", "I298"} & set(after.report.counts)


def test_a_schedule_merely_missing_is_no_school_move(tmp_path: Path) -> None:
    """The flag left in the job: 200's classes gone, its students in no class anywhere: F454, exit 1."""
    out = tmp_path / "out"
    assert run(out, "2026-10-15", DISTRICT).exit_status == 0
    missing = run(out, "2026-10-16", schedule_missing(tmp_path), allow_rollover=True)
    assert missing.exit_status == 1 and "I298" not in missing.report.counts
    assert "F454" in missing.report.counts


def garbled(tmp_path: Path) -> Path:
    """School 200's sections and schedule rows exported under school 100 with new section IDs (a garbled
    school column), while students.txt and teachers.txt still list everyone at 200."""
    exports = tmp_path / "garbled"
    shutil.copytree(DISTRICT, exports)
    _edit(exports, "sections.txt", lambda line: re.sub(r"^2(\d{3})\t200\t", r"3\g<1>\t100\t", line))
    _edit(exports, "cc.txt", lambda line: re.sub(r"^(\d+\t)2(\d{3})\t(\d+)\t200\t", r"\g<1>3\g<2>\t\g<3>\t100\t", line))
    return exports


def test_classes_moved_while_the_students_own_school_did_not_is_no_school_move(tmp_path: Path) -> None:
    """reviewer118 R1: the flag left in the job, 200's classes come out at 100 while the students export
    still gives 200: tonight's own set says no one moved (users.csv '100,200'): F454, exit 1, no I298."""
    out = tmp_path / "out"
    assert run(out, "2026-10-15", DISTRICT).exit_status == 0
    night = run(out, "2026-10-16", garbled(tmp_path), allow_rollover=True)
    assert night.exit_status == 1 and "I298" not in night.report.counts, sorted(night.report.counts)
    assert {"F454", "X908"} <= set(night.report.counts)
    refused = run(tmp_path / "out2", "2026-10-15", DISTRICT)
    assert refused.exit_status == 0
    refused = run(tmp_path / "out2", "2026-10-16", garbled(tmp_path / "again"))
    assert refused.exit_status == 1 and not refused.report.published
    for stop in refused.report.aborts:
        assert not stop.params.get("moved_publishes") and "school move" not in stop.message, stop.message


def test_the_flag_judges_a_move_as_the_refusal_does(tmp_path: Path) -> None:
    """reviewer118 R1: a closing, and a student of 100 left in no class (cc.txt lost her rows): without the
    flag X906 says no move (students in no class: an export cut short); --allow-rollover left in the job
    must judge the same evidence alike: X908 and F454 at exit 1, not I298 at exit 0."""
    out = tmp_path / "out"
    assert run(out, "2026-10-15", DISTRICT).exit_status == 0
    exports = closed(tmp_path)
    _edit(exports, "cc.txt", lambda line: "" if line.startswith("900\t") else line)
    refused = run(out, "2026-10-16", exports)
    assert refused.exit_status == 1 and not refused.report.published
    assert not any(stop.params.get("moved_publishes") for stop in refused.report.aborts)
    night = run(out, "2026-10-16", exports, allow_rollover=True)
    assert night.exit_status == 1 and "I298" not in night.report.counts, sorted(night.report.counts)
    assert {"F454", "X908"} <= set(night.report.counts)


def opened(tmp_path: Path) -> Path:
    """School 300 opens: 200's 7th graders move to it (students.txt), their cc rows at 200 gone and three
    new sections each at 300: cc.txt has fewer rows than the last set's."""
    exports = tmp_path / "opened"
    shutil.copytree(DISTRICT, exports)
    moved: list[str] = []

    def student(line: str) -> str:
        cells = line.split("\t")
        if len(cells) > 6 and cells[2] == "200" and cells[6] == "7":
            moved.append(cells[0])
            cells[2] = "300"
        return "\t".join(cells)

    _edit(exports, "students.txt", student)
    _edit(
        exports, "schools.txt", lambda line: line + ("300\tJefferson Middle\t6\t8\r\n" if line[:4] == "200\t" else "")
    )
    _edit(exports, "cc.txt", lambda line: "" if line.split("\t")[0] in moved and line.split("\t")[3] == "200" else line)
    with (exports / "sections.txt").open("a", encoding="cp1252") as sections:
        sections.writelines(
            f"400{i}\t300\t{c}\t1\t3600\t{i}(A)\t201\t7\r\n" for i, c in enumerate(["M7", "E7", "HR"], 1)
        )
    with (exports / "cc.txt").open("a", encoding="cp1252") as cc:
        cc.writelines(f"{s}\t400{i}\t3600\t300\t10/19/2026\t05/29/2027\r\n" for s in moved for i in (1, 2, 3))
    with (exports / "terms.txt").open("a", encoding="cp1252") as terms:
        terms.write("3600\t300\t36\t2026-2027\t26-27\t08/17/2026\t05/28/2027\t1\r\n")
    assert moved
    return exports


def test_a_school_opening_whose_export_shrank_is_said_as_the_move(tmp_path: Path) -> None:
    """reviewer118 R6: students moved to school 300 with fewer sections each, cc.txt shrank: X906 and Next
    say the move and --allow-rollover, not 'an export cut short, export it again whole' (which never
    clears it); the rerun with the flag publishes it (I298, exit 0), the night after needs none."""
    out = tmp_path / "out"
    assert run(out, "2026-10-15", DISTRICT).exit_status == 0
    exports = opened(tmp_path)
    refused = run(out, "2026-10-19", exports)
    assert refused.exit_status == 1 and not refused.report.published
    stop = next(p for p in refused.report.aborts if p.code.id == "X906")
    assert stop.params.get("moved_publishes") and "a school opening" in stop.message, stop.message
    assert "cc.txt has" in stop.message and not stop.params.get("shrunk")
    step = " ".join(next_step(refused, out_dir=out, explain_path=None, upload=False).split())
    assert "rerun once with --allow-rollover" in step and "again whole" not in step, step
    rerun = run(out, "2026-10-19", exports, allow_rollover=True)
    assert rerun.exit_status == 0 and "I298" in rerun.report.counts and "F454" not in rerun.report.counts
    assert run(out, "2026-10-20", exports).exit_status == 0
