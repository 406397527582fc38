"""The August rollover of a Clever-shaped district (term dates on the sections rows, no terms export;
rollover57, tester62 H2). The SIS rolled over in July and the job was given --allow-rollover that
night: nothing was due (F421) and the flag was used up unsaid (now I299, naming the night it is
for). From the first night the new year's set is due, X906 refused every night calling it a school
move ("the other 44 are not of the move"), never a new school year: it now says the new year first,
and its step names --allow-rollover first."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

CLEVER = FIXTURES / "clever" / "district"
NEW_YEAR = "a new school year (2027-28) replaces the last set's (2026-27): rerun once with --allow-rollover"


def run(out: Path, as_of: str, exports: Path, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile=str(CLEVER / "district.yaml"),
            in_dir=exports,
            out_dir=out,
            as_of=dt.date.fromisoformat(as_of),
            **options,  # type: ignore[arg-type]
        )
    )


def _next(result: api.RunResult, out: Path) -> str:
    return " ".join(next_step(result, out_dir=out, explain_path=None, upload=False).split())


def _edit(path: Path, edit: object) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(line) for line in lines), encoding="utf-8")  # type: ignore[operator]


def rolled_over(tmp_path: Path) -> Path:
    """The SIS rolled to 2027-28: every section a new ID in the new year's term; student S1002 moved
    from school 100 to 200 with her grade, enrolled there (a school move beside the new year)."""
    exports = tmp_path / "rolled"
    shutil.copytree(CLEVER / "in", exports)
    year = "2027-2028,08/23/2027,06/09/2028"
    _edit(
        exports / "sections.csv",
        lambda line: re.sub(r"^(\d+,SEC-[^,]+),(.*),[^,]*,[^,]*,[^,]*$", rf"\1-28,\2,{year}", line.rstrip("\n")) + "\n",
    )
    _edit(exports / "enrollments.csv", lambda line: re.sub(r"^(\d+,SEC-[^,]+),", r"\1-28,", line))
    _edit(exports / "enrollments.csv", lambda line: line.replace("100,SEC-3M-28,S1002", "200,SEC-7S-28,S1002"))
    _edit(exports / "students.csv", lambda line: re.sub(r"^100,S1002,", "200,S1002,", line))
    return exports


def test_the_new_years_first_night_says_a_new_school_year_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(out, "2027-06-01", CLEVER / "in").exit_status == 0
    exports = rolled_over(tmp_path)
    refused = run(out, "2027-08-02", exports)
    assert refused.exit_status == 1 and not refused.report.published
    stops = [p for p in refused.report.aborts if p.code.id == "X906"]
    assert stops and all(p.message.startswith(NEW_YEAR) for p in stops), [p.message for p in stops]
    assert not any("moved between schools" in p.message for p in stops)
    assert _next(refused, out).startswith("Next: A new school year (2027-28)")
    published = run(out, "2027-08-02", exports, allow_rollover=True)
    assert published.exit_status == 0 and published.report.published
    assert "I298" not in published.report.counts  # the new year, not a school move


def test_the_flag_given_before_the_new_year_is_due_is_said_with_its_night(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(out, "2027-06-01", CLEVER / "in").exit_status == 0
    exports = rolled_over(tmp_path)
    early = run(out, "2027-07-15", exports, allow_rollover=True)
    assert early.exit_status == 0 and not early.report.published
    assert "F421" in early.report.counts
    (unused,) = early.report.examples["I299"]
    assert "first due on 2027-08-02" in unused.message
    assert "--allow-rollover accepted nothing" in _next(early, out)
    assert "I299" not in run(out, "2027-07-15", exports).report.counts  # without the flag: nothing to say


def test_the_new_year_is_said_when_an_export_lists_fewer_people_than_in_june(tmp_path: Path) -> None:
    """An export of the year's withdrawn students and graduates is shorter in August than in June (more than
    SHRUNK_BY): the night is still said a new school year with --allow-rollover, the shrink named as a thing
    to check, not dropped as a broken export's sign (tester90 T2b)."""
    june = tmp_path / "june"
    shutil.copytree(CLEVER / "in", june)
    with (june / "students.csv").open("a", encoding="utf-8") as students:
        students.write("200,S2009,2009,Reyes,,Ana,8,04/02/2012,English,,,,,,,\n")  # graduates in June
    with (june / "enrollments.csv").open("a", encoding="utf-8") as enrollments:
        enrollments.write("200,SEC-HR,S2009\n")
    out = tmp_path / "out"
    assert run(out, "2027-06-01", june).exit_status == 0
    exports = rolled_over(tmp_path)
    refused = run(out, "2027-08-02", exports)
    assert refused.exit_status == 1 and not refused.report.published
    stops = [p for p in refused.report.aborts if p.code.id == "X906"]
    assert stops and all(p.message.startswith(NEW_YEAR) for p in stops), [p.message for p in stops]
    assert "students.csv has 6 rows, 7 when the last set was made" in stops[0].message
    step = _next(refused, out)
    assert step.startswith("Next: A new school year (2027-28)"), step
    assert "last year's leavers and graduates (students.csv has 6 rows, 7 when the last set was made" in step
    published = run(out, "2027-08-02", exports, allow_rollover=True)
    assert published.exit_status == 0 and published.report.published
