"""Join indexes (pipeline.lookups): what a key finds, and keys on several rows."""

from __future__ import annotations

from transform.pipeline.lookups import build_index
from transform.pipeline.rows import SourceRow
from transform.report import codes
from transform.report.report import Report

HEADER = ["Number", "Year", "Name", "Abbreviation"]


def rows(*cells: list[str]) -> list[SourceRow]:
    index = {h.lower(): i for i, h in enumerate(HEADER)}
    return [SourceRow("terms.txt", n + 2, list(c), index) for n, c in enumerate(cells)]


def test_a_one_column_key_finds_the_needed_columns() -> None:
    report = Report()
    index = build_index(
        rows([" 10 ", "2026", "Fall", "F"], ["", "2026", "Blank", "B"], ["11", "2026", "Spring", "S"]),
        source="terms",
        key=("number",),
        columns=("name",),
        report=report,
    )
    assert index.find(("10",)) == {"name": "Fall"}  # the key cell is read stripped
    assert index.find(("11",)) == {"name": "Spring"}
    assert index.find(("",)) is None and index.find(("12",)) is None  # a row without a key joins nothing
    assert index.rows == {"10": "Fall", "11": "Spring"}  # no tuples for one key and one column
    assert not report.counts


def test_a_composite_key_and_several_columns() -> None:
    index = build_index(
        rows(["10", "2026", "Fall", "F"], ["10", "2027", "Fall 27", "F7"], ["10", "", "No year", "N"]),
        source="terms",
        key=("number", "year"),
        columns=("name", "abbreviation"),
        report=Report(),
    )
    assert index.find(("10", "2027")) == {"name": "Fall 27", "abbreviation": "F7"}
    assert index.find(("10", "2026")) == {"name": "Fall", "abbreviation": "F"}
    assert index.find(("10", "")) is None  # part of the key empty: not held


def test_a_key_on_two_rows_joins_once_if_they_agree_and_not_at_all_if_not() -> None:
    report = Report()
    index = build_index(
        rows(
            ["10", "2026", "Fall", "F"],
            ["10", "2026", "Fall", "F"],  # the same again: D314, joins as one
            ["11", "2026", "Spring", "S"],
            ["11", "2026", "Summer", "S"],  # another term under that key: D327, joins nothing
        ),
        source="terms",
        key=("number",),
        columns=("name",),
        report=report,
    )
    assert index.find(("10",)) == {"name": "Fall"}
    assert index.find(("11",)) is None
    assert report.counts[codes.code("join-key-duplicate").id] == 1
    conflict = report.examples[codes.code("join-key-conflict").id][0]
    assert (conflict.where.line, conflict.params["first_line"]) == (5, 4)
    assert not index.lines  # only needed while building
