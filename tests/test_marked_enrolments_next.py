"""The step of a refusal for enrolment rows the export itself marks to leave out (X906's marked
words, pipeline.withdrawals) is one that publishes, or says why it would not (reviewer76 R1, R3):
marks leaving many students in no class are refused next by X897 once --max-removal lets them
through, and rows missing beside marked ones are an export cut short, whatever marks the others."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report import summary

AS_OF = dt.date(2026, 10, 15)
ONEROSTER = FIXTURES / "oneroster" / "district" / "in"
STUDENTS = 100  # the first half at sch-10 in Reading 2, the others at sch-20 in Science 6 and Math 6
CLASSES = {"sch-10": ("cl-read2",), "sch-20": ("cl-sci6", "cl-math6")}
MATH = "cl-math6,active,2026-08-01,Math 6 - P2,06,c-sci6,MA6-2,scheduled,Room 9,sch-20,y-2027,Math,,2\n"

Row = dict[str, str]


def school(n: int) -> str:
    return "sch-10" if n < STUDENTS // 2 else "sch-20"


def district(folder: Path, enrolment: Callable[[Row], Row | None] = lambda row: row) -> Path:
    """The OneRoster sample with STUDENTS more students, each in their school's classes; each of
    their enrolment rows passed through `enrolment` (None: the row is not in the export)."""
    shutil.copytree(ONEROSTER, folder)
    with (folder / "classes.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(MATH)
    with (folder / "users.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with (folder / "users.csv").open("a", encoding="utf-8", newline="") as handle:
        users = csv.DictWriter(handle, header, restval="")
        for n in range(STUDENTS):
            users.writerow(
                {"sourcedId": f"u-g{n}", "status": "active", "enabledUser": "TRUE", "orgSourcedIds": school(n)}
                | {"role": "student", "givenName": f"Kid{n}", "familyName": "Lane", "identifier": f"{5000 + n}"}
            )
    with (folder / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with (folder / "enrollments.csv").open("a", encoding="utf-8", newline="") as handle:
        rows = csv.DictWriter(handle, header, restval="")
        for n in range(STUDENTS):
            for class_id in CLASSES[school(n)]:
                row = {"sourcedId": f"eg{n}-{class_id}", "status": "active", "classSourcedId": class_id}
                kept = enrolment(row | {"schoolSourcedId": school(n), "userSourcedId": f"u-g{n}", "role": "student"})
                if kept is not None:
                    rows.writerow(kept)
    return folder


def run(exports: Path, out: Path, **options: object) -> tuple[api.RunResult, str]:
    result = api.run(api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]
    return result, summary.next_step(result, out_dir=out, explain_path=None, upload=False)


def enrolments_stop(result: api.RunResult) -> dict[str, object]:
    (stop,) = [p for p in result.problems if p.code.id == "X906" and p.params["table"] == "enrollments"]
    return dict(stop.params)


def published(out: Path, name: str, column: str = "sourcedId") -> set[str]:
    with (out / name).open(encoding="utf-8") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def test_marks_leaving_many_students_in_no_class_name_the_option_that_publishes(tmp_path: Path) -> None:
    """Night 2 marks every enrolment row of 12 of sch-20's students tobedeleted (they stay active):
    over the 10 % limit. The step said '--max-removal N publishes it', and with it X897 refused
    ('an export cut short or filtered'): 12 students in no class. Now X906 says so, and the step
    names --allow-rollover, which publishes exactly the marked rows' removal."""
    out = tmp_path / "out"
    first, _ = run(district(tmp_path / "n1"), out)
    assert first.exit_status == 0 and first.report.published
    leaving = {f"u-g{n}" for n in range(STUDENTS - 12, STUDENTS)}

    def marked(row: Row) -> Row:
        return row | {"status": "tobedeleted"} if row["userSourcedId"] in leaving else row

    exports = district(tmp_path / "n2", marked)
    night, step = run(exports, out)
    assert night.exit_status == api.EXIT_NOT_PUBLISHED and not night.report.published
    params = enrolments_stop(night)
    assert params["withdrawn_marked"] == 24  # their Science 6 and Math 6
    assert str(params["then_refused"]).startswith("X897: 12 of the "), params["then_refused"]
    message = next(p.message for p in night.problems if p.code.id == "X906" and p.params["table"] == "enrollments")
    assert "alone would be refused next (X897: 12 of the " in message
    assert "if that is expected, --allow-rollover publishes it" in message
    assert "rerun once with --allow-rollover" in step and "--max-removal" not in step.replace("--max-removal alone", "")
    assert "X897: 12 of the " in step and "again whole" not in step, step

    limit = int(str(params["percent"]).split(".")[0]) + 1  # what the step said before
    again, _ = run(exports, out, max_removal=float(limit))
    assert not again.report.published and "X897" in {p.code.id for p in again.problems}

    rolled, _ = run(exports, out, allow_rollover=True)
    assert rolled.exit_status == 0 and rolled.report.published
    students = {user for user in published(out, "users.csv") if user.startswith("u-g")}
    assert students == {f"u-g{n}" for n in range(STUDENTS)}  # the 12 stay, in no class
    enrolled = published(out, "enrollments.csv", "userSourcedId")
    assert not enrolled & leaving and {f"u-g{n}" for n in range(STUDENTS - 12)} <= enrolled


def test_rows_missing_beside_marked_rows_are_still_an_export_cut_short(tmp_path: Path) -> None:
    """Night 2 marks one row of 20 students tobedeleted (each keeps another class) and lacks every
    row of 3 others (a filtered export). The step said 'exporting it again changes nothing ...
    --max-removal N', which published the 3 students in no class. The marked share is the export's
    own; the missing rows are a cut, and the step is to export again whole."""
    out = tmp_path / "out"
    run(district(tmp_path / "n1"), out)
    marked_rows = {f"eg{n}-cl-math6" for n in range(STUDENTS // 2, STUDENTS // 2 + 20)}
    cut = {"u-g3", "u-g17", "u-g31"}

    def edited(row: Row) -> Row | None:
        if row["userSourcedId"] in cut:
            return None
        return row | {"status": "tobedeleted"} if row["sourcedId"] in marked_rows else row

    night, step = run(district(tmp_path / "n2", edited), out)
    assert night.exit_status == api.EXIT_NOT_PUBLISHED and not night.report.published
    params = enrolments_stop(night)
    assert params["withdrawn_marked"] == 20 and not params["needed"] and params["unclassed"] == 3
    message = next(p.message for p in night.problems if p.code.id == "X906" and p.params["table"] == "enrollments")
    assert "the other 3 are missing from it, and leave 3 students of tonight's set in no class" in message
    assert "--max-removal" not in message.replace("(--allow-rollover publishes it anyway)", "")
    assert "Export it again whole" in step and "changes nothing" not in step and "--max-removal" not in step, step
    assert "20 of them are rows the export holds and marks to leave out" in step, step
