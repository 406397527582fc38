"""Next year's schedule committed in late May, its cc rows written at the end of PowerSchool's
cc.txt, then uncommitted the next night (tester65 F2): the lines gone from the end were more than
the recorded last lines (TAIL_LINES), and a cut past them was refused whatever the lines named
(X884, exit 1, every night of the last week: the last published set never moves). The lines
sampled over the export, whose text last.json keeps, now judge such a cut with the last lines:
next year's rows name classes the set never held (no loss); a cut of this year's rows is refused.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.test_export_tail_cut import DISTRICT, cc_lines, run, write_cc
from transform import api
from transform.pipeline import tails

FIRST = dt.datetime(2027, 5, 20, 2, tzinfo=dt.UTC)
SECOND = FIRST + dt.timedelta(days=1)
THIRD = SECOND + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def short_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tail of 32 lines and a line sampled in about every three, as 512 lines and 1,024 samples
    are in a cc.txt of a few thousand students."""
    monkeypatch.setattr(tails, "TAIL_LINES", 32)
    monkeypatch.setattr(tails, "SAMPLES", 64)


def with_next_year(exports: Path, *, sections: bool = True) -> int:
    """2027-28 committed: terms.txt gains 3700 (YearID 37) at both schools, sections.txt a copy of
    every section in it (ID + 8000), and cc.txt a next-year row for each of this year's rows, at
    its end. Returns how many cc lines were added."""
    terms = exports / "terms.txt"
    terms.write_bytes(
        terms.read_bytes()
        + b"3700\t100\t37\t2027-2028\t27-28\t08/16/2027\t05/26/2028\t1\r\n"
        + b"3700\t200\t37\t2027-2028\t27-28\t08/16/2027\t05/26/2028\t1\r\n"
    )
    if sections:
        text = (exports / "sections.txt").read_text().splitlines()
        later = [
            f"{int(c[0]) + 8000}\t{c[1]}\t{c[2]}\t{c[3]}\t3700\t" + "\t".join(c[5:]) for c in map(str.split, text[1:])
        ]
        (exports / "sections.txt").write_text("\n".join([*text, *later]) + "\n")
    lines = cc_lines(exports)
    added = [
        b"\t".join([c[0], str(int(c[1]) + 8000).encode(), b"3700", c[3], b"08/16/2027", b"05/27/2028"])
        for c in (line.split(b"\t") for line in lines[1:])
        if int(c[1]) > 0
    ]
    write_cc(exports, [*lines, *added])
    return len(added)


def test_next_years_rows_taken_out_again_past_the_recorded_last_lines_publish(tmp_path: Path) -> None:
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    this_year = (exports / "cc.txt").read_bytes()
    added = with_next_year(exports)
    assert added > 32 * 3
    committed = run(exports, out, SECOND)
    assert committed.exit_status == api.EXIT_PUBLISHED and committed.report.published
    held = (out / "enrollments.csv").read_bytes()
    (exports / "cc.txt").write_bytes(this_year)  # uncommitted: next year's rows gone, its sections kept
    result = run(exports, out, THIRD)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "X884" not in result.report.counts
    assert (out / "enrollments.csv").read_bytes() == held  # no enrolment the set held was lost


def test_a_cut_of_this_years_rows_with_next_years_is_still_refused(tmp_path: Path) -> None:
    """The same night, cc.txt cut short besides: next year's rows gone and this year's last 60
    rows with them. The sampled lines of this year's rows name classes the set holds: X884."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    lines = cc_lines(exports)
    with_next_year(exports)
    assert run(exports, out, SECOND).exit_status == api.EXIT_PUBLISHED
    held = (out / "enrollments.csv").read_bytes()
    write_cc(exports, lines[:-60])
    result = run(exports, out, THIRD)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert "X884" in result.report.counts
    assert (out / "enrollments.csv").read_bytes() == held
