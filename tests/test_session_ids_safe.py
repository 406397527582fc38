"""A session ID the profile builds is written in the characters every strict consumer takes
(tester68 F6): Illuminate's "{Site ID}-{Term Name}" made "201-Fall Semester", and the vendors
quoted in research/oneroster-spec.md §2 take `[A-Za-z0-9._-]` (Great Minds) or `[0-9A-Za-z._/@-]`
(Moodle's plugin). A first set writes "201-Fall-Semester"; a district whose last set published
"201-Fall Semester" keeps it (a changed ID is a term deleted and another created for the
consumer); and at the semester change the gate reads the safe ID of a term that has left the
export as the term it recorded (X937, exit 0), not as a class moved (X948, X906)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from tests.test_calendar_moves import codes_of
from tests.test_session_ids_stable import SPRING, THIS_YEAR, column, ended_fall_left_the_export, exports_of, night
from tests.test_session_ids_stable import terms_of as terms_of_names
from transform import api
from transform.pipeline import gate


def named_with_spaces(exports: Path) -> None:
    """The export's term names as a district writes them: 'Fall Semester', 'Spring Semester'."""
    for path in exports.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\tFall\t", "\tFall Semester\t").replace("\tSpring\t", "\tSpring Semester\t"))


def terms_of(exports: Path, *years: tuple[str, ...]) -> None:
    terms_of_names(exports, *years)
    named_with_spaces(exports)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_first_set_writes_its_built_session_ids_without_spaces(tmp_path: Path, engine: str) -> None:
    exports, out = exports_of(tmp_path), tmp_path / "out"
    named_with_spaces(exports)
    result = night(exports, out, "2026-10-20", target="oneroster", engine=engine)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    sessions = column(out, "academicSessions", "title")
    assert sessions["201-Fall-Semester"] == "Fall Semester"  # the title is the term's name as written
    assert not [key for key in sessions if " " in key]
    assert column(out, "classes", "termSourcedIds")["S-E12"] == "201-Fall-Semester"
    assert api.validate_set(out, target="oneroster").exit_status == 0


def test_a_district_that_published_a_spaced_session_id_keeps_it(tmp_path: Path) -> None:
    """The set published before the change: "201-Fall Semester". The next night keeps it on the
    session and the class; the new term that comes (Spring Semester) is written in the safe form."""
    exports, out = exports_of(tmp_path), tmp_path / "out"
    terms_of(exports, THIS_YEAR)
    assert night(exports, out, "2026-10-20", target="oneroster").exit_status == 0
    for name in ("academicSessions.csv", "classes.csv"):  # as the code before this change wrote them
        path = out / name
        path.write_text(path.read_text(encoding="utf-8").replace("201-Fall-Semester", "201-Fall Semester"), newline="")
    terms_of(exports, THIS_YEAR, SPRING)
    result = night(exports, out, "2026-10-21", target="oneroster")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert column(out, "classes", "termSourcedIds")["S-E12"] == "201-Fall Semester"
    assert "201-Fall Semester" in column(out, "academicSessions", "title")


@pytest.mark.parametrize("spaced", [False, True], ids=["safe", "kept-spaced"])
def test_the_semester_change_goes_as_the_calendars_whichever_form_was_published(tmp_path: Path, spaced: bool) -> None:
    """Fall Semester ends 12-18 and leaves terms.txt: its class goes as the calendar's (X937, exit
    0) whether the last set named it "201-Fall-Semester" (no row of tonight's export makes that ID:
    last.json's recorded term says it) or "201-Fall Semester", as the Remind target's does."""
    exports, out = exports_of(tmp_path), tmp_path / "out"
    terms_of(exports, THIS_YEAR, SPRING)
    assert night(exports, out, "2026-12-14", target="oneroster").exit_status == 0
    if spaced:
        for name in ("academicSessions.csv", "classes.csv"):
            path = out / name
            text = path.read_text(encoding="utf-8").replace("-Fall-Semester", "-Fall Semester")
            path.write_text(text, newline="")
    fall = "201-Fall Semester" if spaced else "201-Fall-Semester"
    assert column(out, "classes", "termSourcedIds")["S-E12"] == fall
    ended_fall_left_the_export(exports)
    named_with_spaces(exports)
    result = night(exports, out, "2027-01-07", target="oneroster")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "X906" not in codes_of(result) and "X948" not in codes_of(result)
    assert "X937" in codes_of(result)
    terms = column(out, "classes", "termSourcedIds")
    assert "S-E12" not in terms and terms["S-E12S"] == "201-Spring-Semester"


def spaced_as_published(*folders: Path) -> None:
    """The set as the code before the safe IDs wrote it: "201-Fall Semester" on the session and class."""
    for folder in folders:
        for name in ("academicSessions.csv", "classes.csv"):
            path = folder / name
            text = path.read_text(encoding="utf-8").replace("201-Fall-Semester", "201-Fall Semester")
            path.write_text(text, newline="")


def moved_away(out: Path) -> None:
    """A pick-up job moved the published files out of OUT (docs/scheduling.md, X973)."""
    for path in out.glob("*.csv"):
        path.unlink()


def test_the_published_session_id_is_read_from_the_kept_copy_when_out_was_emptied(tmp_path: Path) -> None:
    """With --keep, the copy kept of the last set holds "201-Fall Semester": on a night OUT is empty
    the session keeps that ID. Read from OUT, it was renamed "201-Fall-Semester" with every class
    naming it, a term deleted and another made for the consumer at exit 0 (reviewer71 R2)."""
    exports, out = exports_of(tmp_path), tmp_path / "out"
    terms_of(exports, THIS_YEAR)
    now = dt.datetime.fromisoformat("2026-10-20T02:30:00+00:00")
    options = api.RunOptions(
        profile="illuminate", in_dir=exports, out_dir=out, as_of=now.date(), now=now, target="oneroster", keep=2
    )
    assert api.run(options).exit_status == 0
    (copy,) = (p.parent for p in gate.state_folder(out).glob("history/*/users.csv"))
    spaced_as_published(copy)
    moved_away(out)
    later = now + dt.timedelta(days=1)
    result = api.run(dataclasses.replace(options, now=later, as_of=later.date()))
    assert result.report.published, [str(p) for p in result.problems]
    assert column(out, "classes", "termSourcedIds")["S-E12"] == "201-Fall Semester"
    assert "201-Fall Semester" in column(out, "academicSessions", "title")


def test_the_published_session_ids_are_recorded_for_a_night_with_no_set_to_read(tmp_path: Path) -> None:
    """last.json records the session IDs published; with OUT emptied and no copy kept, the next night
    keeps them as recorded."""
    exports, out = exports_of(tmp_path), tmp_path / "out"
    terms_of(exports, THIS_YEAR)
    assert night(exports, out, "2026-10-20", target="oneroster").exit_status == 0
    last = gate.state_folder(out) / "last.json"
    record = json.loads(last.read_text(encoding="utf-8"))
    fall = [column(out, "academicSessions", d)["201-Fall-Semester"] for d in ("startDate", "endDate")]
    assert record["sessions"]["201-Fall-Semester"] == fall
    record["sessions"]["201-Fall Semester"] = record["sessions"].pop("201-Fall-Semester")  # as published before
    last.write_text(json.dumps(record), encoding="utf-8")
    moved_away(out)
    result = night(exports, out, "2026-10-21", target="oneroster")
    assert result.report.published, [str(p) for p in result.problems]
    assert column(out, "classes", "termSourcedIds")["S-E12"] == "201-Fall Semester"
