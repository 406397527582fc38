"""Records and list cells in one defined order, whatever the export's order (issue 22)."""

from __future__ import annotations

import random
from pathlib import Path

from transform.pipeline import order
from transform.pipeline.rows import Draft, SourceRow


def _write(path: Path, lines: list[str]) -> None:
    path.write_bytes("".join(f"{line}\r\n" for line in lines).encode())


def test_records_sort_by_line_and_the_header_stays_first(tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    _write(path, ["sourcedId,name", "b,2", "a,1", '"c,d",3'])
    order.sort_records(path)
    assert path.read_bytes() == b'sourcedId,name\r\n"c,d",3\r\na,1\r\nb,2\r\n'


def test_a_file_larger_than_a_chunk_is_merged_from_sorted_runs(tmp_path: Path) -> None:
    records = [f"{i:05d},{'x' * (i % 7)}" for i in range(2000)]
    shuffled = records[:]
    random.Random(3).shuffle(shuffled)
    path = tmp_path / "enrollments.csv"
    _write(path, ["sourcedId,x", *shuffled])
    order.sort_records(path, chunk_bytes=500)  # dozens of runs
    assert path.read_text().splitlines() == ["sourcedId,x", *records]
    assert [p.name for p in tmp_path.iterdir()] == ["enrollments.csv"]  # no run or partial file left


def test_set_lists_are_ordered_grades_in_grade_order() -> None:
    assert order.ordered_list("200,100,300") == "100,200,300"
    assert order.ordered_list("01,KG,12,PK,Other", grades=True) == "PK,KG,01,12,Other"
    assert order.ordered_list("single") == "single"
    assert order.set_list_columns("users", ("sourcedId", "orgSourcedIds", "agentSourcedIds", "grades")) == (1, 2, 3)
    assert order.set_list_columns("classes", ("subjects", "subjectCodes", "grades")) == (2,)  # pairs kept as given


def _session(sourced_id: str, parent: str) -> Draft:
    return Draft(
        "academicSessions", {"sourcedId": sourced_id, "parentSourcedId": parent}, SourceRow("terms.txt", 1, [], {})
    )


def test_a_term_is_checked_after_its_school_year_whatever_the_export_order() -> None:
    drafts = [_session("s1", "y"), _session("s2", "y"), _session("y", ""), _session("q1", "s1")]
    refs = (("parentSourcedId", "academicSessions"),)
    ordered = [d.values["sourcedId"] for d in order.parents_first(drafts, refs, "academicSessions")]
    assert ordered == ["y", "s1", "s2", "q1"]
    cycle = [_session("a", "b"), _session("b", "a")]
    assert [d.values["sourcedId"] for d in order.parents_first(cycle, refs, "academicSessions")] == ["a", "b"]
    assert order.parents_first(drafts, (("orgSourcedId", "orgs"),), "courses") == drafts
