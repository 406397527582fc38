"""A batch of withdrawals over the removal limit (tester58 F5): at a semester's end more
students than the limit leave at once, each still in the students export with an inactive
status (left out on purpose, F400). The refusal by the limit stays (X953), but its words said
"an export missing one kind of user ... is a broken export" and its Next step looked for a
broken export: now they say the students are listed as withdrawn or inactive, and which
--max-removal publishes the night if that is expected. Students gone from the export itself
are still called a broken export."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

EXTRA = 40
LEAVING = 12  # of 46 students: over the 10% limit, and at least X953's 10


def district(folder: Path, *, leaving: str = "") -> Path:
    """The Skyward sample district with EXTRA more students at school 002; the first LEAVING of
    them withdrawn (`leaving="inactive"`: STUDENT-STATUS I) or gone from student.csv ("gone")."""
    exports = folder / f"in-{leaving or 'all'}"
    shutil.copytree(FIXTURES / "skyward-sms" / "district" / "in", exports)
    rows = []
    for n in range(EXTRA):
        status = "I" if leaving == "inactive" and n < LEAVING else "A"
        if leaving == "gone" and n < LEAVING:
            continue
        rows.append(f"{6000 + n},027{n:03d},Pupil{n},,Number{n},2030,01/01/2012,,002,{status},1,002\n")
    with (exports / "student.csv").open("a", encoding="utf-8") as handle:
        handle.writelines(rows)
    return exports


def run(exports: Path, out: Path) -> api.RunResult:
    return api.run(api.RunOptions(profile="skyward-sms", in_dir=exports, out_dir=out, as_of=dt.date(2026, 12, 18)))


def test_withdrawals_listed_inactive_are_said_as_such(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path), out).exit_status == api.EXIT_PUBLISHED
    result = run(district(tmp_path, leaving="inactive"), out)
    assert result.exit_status == 1 and not result.report.published
    (students,) = [p for p in result.problems if p.code.id == "X953" and p.params["whom"] == "students"]
    assert f"all {LEAVING} are listed in tonight's exports and left out on purpose" in students.message
    assert "broken export" not in students.message
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith(f"Next: The {LEAVING} students removed leave as withdrawn or inactive"), said
    assert "--max-removal 27" in said  # 12 of 46 students: 26.1%
    # The option the step names publishes the night.
    again = api.run(
        api.RunOptions(
            profile="skyward-sms",
            in_dir=district(tmp_path / "again", leaving="inactive"),
            out_dir=out,
            as_of=dt.date(2026, 12, 18),
            max_removal=27,
        )
    )
    assert again.exit_status == api.EXIT_PUBLISHED and again.report.published
    published = {line.split(",")[0] for line in (out / "users.csv").read_text().splitlines()}
    assert "027000" not in published and f"027{LEAVING:03d}" in published  # sourcedId: OTHER-ID


def test_students_gone_from_the_export_are_still_a_broken_export(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path), out).exit_status == api.EXIT_PUBLISHED
    result = run(district(tmp_path, leaving="gone"), out)
    assert result.exit_status == 1 and not result.report.published
    (students,) = [p for p in result.problems if p.code.id == "X953" and p.params["whom"] == "students"]
    assert "is a broken export" in students.message and "left out on purpose" not in students.message
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "leave as withdrawn" not in said and not re.search(r"--max-removal \d", said), said
