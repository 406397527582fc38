"""A semester of two marking periods ends with the calendar, whenever the last set was made (tester43 F1).

eSchoolPLUS lists a section once per marking period it meets in (SCHD_MS_MP): the bundled
district's English 10 (5002) and US History (5004) meet in marking periods 1 and 2, a fall
semester; Art I (5005) in 3 and 4. A set lists a class's running and later marking periods
only (a term that has ended lends nothing, docs/profiles.md "combine"), so the set made in
marking period 2 holds the fall classes under `20-2` alone, while the export still says
`20-1, 20-2`. The night after marking period 2 ends, that difference is the tool's own, not the
export's: the fall classes go as the calendar's (X937), not as moved to an ended term (X948,
X906), on that night and on every night of semester 2. A class the export really moved to a
marking period that had ended before the last set was made is still refused. Illuminate, whose
mastschd.txt lists a section once per term as well, is judged the same way.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from tests.test_calendar_moves import classes, codes_of
from transform import api
from transform.pipeline.filters import Ended
from transform.pipeline.gate import calendar_explains

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def night(
    exports: Path, out: Path, as_of: str, *, profile: str = "eschoolplus", engine: str = "python"
) -> api.RunResult:
    """The nightly run at 02:30 on `as_of`, the exports written an hour before (X971 reads it)."""
    now = dt.datetime.fromisoformat(f"{as_of}T02:30:00+00:00")
    for path in exports.iterdir():
        os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
    return api.run(
        api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=now.date(), now=now, engine=engine)
    )


def exports_of(tmp_path: Path, sis: str = "eschoolplus") -> Path:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / sis / "district" / "in", exports)
    return exports


def published(result: api.RunResult) -> bool:
    return result.exit_status == 0 and "X906" not in codes_of(result)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_semester_change_after_a_set_made_in_the_second_marking_period_is_the_calendars(
    tmp_path: Path, engine: str
) -> None:
    exports, out = exports_of(tmp_path), tmp_path / "out"
    assert published(night(exports, out, "2026-12-17", engine=engine))  # marking period 2
    assert classes(out)["5002"] == "20-2"  # marking period 1 ended: the set lists 2 alone
    result = night(exports, out, "2026-12-19", engine=engine)  # the day after it ends: winter break
    assert published(result), [str(p) for p in result.problems]
    assert "X937" in codes_of(result) and "X948" not in codes_of(result)
    assert set(classes(out)) == {"5001", "5005"}  # the year-long class, and semester 2's Art I
    with (tmp_path / "out-removals.csv").open(encoding="utf-8", newline="") as handle:
        ended = {row["sourcedId"]: row["term_ended"] for row in csv.DictReader(handle) if row["file"] == "classes.csv"}
    assert ended == {"5002": "Marking period 2 ended 2026-12-18", "5004": "Marking period 2 ended 2026-12-18"}


def test_every_night_of_the_school_year_publishes(tmp_path: Path) -> None:
    """A nightly job over the fall (after the one student's drop of 09-04, a removal of its own),
    the semester change and semester 2: nobody is asked to act."""
    exports, out = exports_of(tmp_path), tmp_path / "out"
    for as_of in ("2026-09-08", "2026-10-16", "2026-10-19", "2026-12-17", "2026-12-19", "2027-01-05", "2027-03-15"):
        result = night(exports, out, as_of)
        assert published(result), (as_of, [str(p) for p in result.problems])
        assert "X948" not in codes_of(result), as_of


def test_a_class_moved_to_a_marking_period_that_ended_before_the_last_set_is_refused(tmp_path: Path) -> None:
    """The year-long Kindergarten (5001), held under 10-2, 10-3, 10-4 by the set of 12-17, is
    exported the night after marking period 2 ends as a class of marking period 1 alone (a
    scheduler's mass update): no term the last set gave it ended, so it did not end."""
    exports, out = exports_of(tmp_path), tmp_path / "out"
    assert published(night(exports, out, "2026-12-17"))
    assert classes(out)["5001"] == "10-2,10-3,10-4"
    path = exports / "SCHD_MS_MP.txt"
    text = path.read_text(encoding="cp1252")
    path.write_text(
        "".join(
            line for line in text.splitlines(keepends=True) if not line.startswith(("5001^2^", "5001^3^", "5001^4^"))
        ),
        encoding="cp1252",
    )
    result = night(exports, out, "2026-12-19")
    assert result.exit_status == 1 and {"X948", "X906"} <= codes_of(result)
    (moved,) = result.report.examples["X948"]
    assert "5001" in str(moved) and "10-2, 10-3, 10-4, not 10-1" in str(moved)


def test_an_illuminate_section_of_two_quarters_ends_with_the_second(tmp_path: Path) -> None:
    """mastschd.txt lists English 12 (S-E12) in Q1 and Q2 of site 201, a row each."""
    exports, out = exports_of(tmp_path, "illuminate"), tmp_path / "out"
    terms = exports / "terms.txt"
    lines = [line for line in terms.read_text(encoding="utf-8").splitlines() if "\tFall\t" not in line]
    terms.write_text("\n".join([*lines, "201\tQ1\t08/17/2026\t10/16/2026", "201\tQ2\t10/19/2026\t12/18/2026"]) + "\n")
    sections = exports / "mastschd.txt"
    rows = []
    for line in sections.read_text(encoding="utf-8").splitlines():
        rows += (
            [line.replace("\tFall\t", "\tQ1\t"), line.replace("\tFall\t", "\tQ2\t")] if "\tFall\t" in line else [line]
        )
    sections.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert published(night(exports, out, "2026-12-17", profile="illuminate"))
    assert classes(out)["S-E12"] == "201-Q2"
    result = night(exports, out, "2026-12-19", profile="illuminate")
    assert published(result), [str(p) for p in result.problems]
    assert "X937" in codes_of(result) and "S-E12" not in classes(out)


D = dt.date.fromisoformat
# The fall semester class of the set of 2026-12-17 (as of), held under "20-2" only; tonight 12-19.
FALL = {"20-1": D("2026-10-16"), "20-2": D("2026-12-18")}


@pytest.mark.parametrize(
    ("tonight", "held", "explained"),
    [
        (FALL, "20-2", True),  # marking period 1 had ended when the set was made
        (FALL, "20-1,20-2", True),  # a set made in marking period 1
        ({"20-2": D("2026-12-18")}, "20-2", True),
        ({"20-1": D("2026-10-16")}, "20-2", False),  # moved to a period that had ended before the set
        ({"20-1": D("2026-10-16"), "10-2": D("2026-12-18")}, "20-2", False),  # to another that ended since
        # marking period 2's last day corrected to 12-16, before the set's as-of; by the dates the
        # set recorded (12-18) it ended before tonight all the same (tester36 F1)
        ({"20-1": D("2026-10-16"), "20-2": D("2026-12-16")}, "20-2", True),
    ],
)
def test_the_terms_a_set_could_not_give_a_class_are_not_asked_of_it(
    tonight: dict[str, dt.date], held: str, explained: bool
) -> None:
    end = max(tonight.values())
    ended = Ended(f"2 ended {end}", end, frozenset(tonight), tonight)
    why, why_not = calendar_explains(
        ended, held, as_of=D("2026-12-17"), ends_then={"20-2": D("2026-12-18")}, tonight=D("2026-12-19")
    )
    assert bool(why) == explained, why_not
