"""One enrolment per user per class (fixtures/oneroster/repeats): a OneRoster consumer holds one,
and Remind would list a student twice. Of a user's enrolments in one class under several
enrolment IDs, the one of the lowest ID is published, with primary true if any says so, the
earliest beginDate and the latest endDate; the others are left out (V580), naming the kept one and
its line. The first in line order used to be kept (tester51 F2; tests/test_repeated_enrolments.py
runs both row orders). The same with either engine, in one process or with the enrolments in a
worker (tests/test_columnar.py and tests/test_overlap.py compare the bytes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_follow import rows, run
from transform.oneroster.spec import ONEROSTER
from transform.pipeline.compact import CompactMap
from transform.pipeline.rows import Draft, place_at
from transform.pipeline.validate import Validator
from transform.report.report import Report

REPEATS = Path(__file__).resolve().parent.parent / "fixtures" / "oneroster" / "repeats" / "in"


@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("python", 2), ("columnar", 1), ("columnar", 2)])
def test_a_user_enrolled_twice_in_a_class_keeps_the_lowest_enrolment_id(tmp_path: Path, engine: str, jobs: int) -> None:
    out = tmp_path / "out"
    result = run(REPEATS, out, profile="oneroster", engine=engine, jobs=jobs)
    assert result.exit_status == 0, result.problems
    written = [(e["sourcedId"], e["classSourcedId"], e["userSourcedId"]) for e in rows(out / "enrollments.csv")]
    pairs = [(c, u) for _, c, u in written]
    assert len(pairs) == len(set(pairs))
    kept = {key for key, _, _ in written}
    assert {"e0", "e12", "e14", "e10"} <= kept
    assert not {"e1", "e3", "e5", "e16"} & kept
    # e14 (false) stands for e5 (true) too: u-t2 stays cl-sci6's primary teacher.
    assert next(e for e in rows(out / "enrollments.csv") if e["sourcedId"] == "e14")["primary"] == "true"
    repeats = sorted(
        (
            p.where.line,
            p.params["id"],
            p.params["user"],
            p.params["class_id"],
            p.params["first_id"],
            p.params["first_line"],
        )
        for p in result.report.examples["V580"]
    )
    assert repeats == [
        (3, "e1", "u-s1", "cl-read2", "e0", 2),
        (5, "e3", "u-s2", "cl-sci6", "e12", 14),
        (7, "e5", "u-t2", "cl-sci6", "e14", 16),
        (17, "e16", "u-s3", "cl-sci6", "e10", 12),
    ]
    said = next(p for p in result.report.examples["V580"] if p.params["id"] == "e3")
    assert "'e3' enrols 'u-s2' in class 'cl-sci6', as 'e12' on line 14 does" in said.message
    assert "'e12' is kept (the lowest ID)" in said.message
    # A row listed twice with the same ID is a duplicate, not a repeat.
    assert [p.params["id"] for p in result.report.examples["V500"]] == ["e2"]


def test_the_pairs_held_are_hashes_and_the_kept_ids_bytes() -> None:
    """At 8M enrolments no set of (class, user) strings: a CompactMap of hashes, and the kept
    enrolments' IDs in one bytearray (the message of a repeat names the first)."""
    validator = Validator(ONEROSTER, Report())
    validator.expect("enrollments", 4)
    for line, (key, class_id, user) in enumerate([("e1", "c1", "u1"), ("e2", "c1", "u2"), ("e3", "c1", "u1")], 2):
        draft = Draft(
            "enrollments",
            {"sourcedId": key, "classSourcedId": class_id, "userSourcedId": user},
            place_at("enrollments.csv", line),
        )
        validator._first_pair(draft)
    assert isinstance(validator._pairs, CompactMap) and len(validator._pairs) == 2
    assert bytes(validator._pair_ids) == b"e1\x00e2\x00"
    # The repeat is held, by the written enrolment's ID, until every row is read.
    assert [
        (key, line, [d.values["sourcedId"] for d in later]) for key, (line, later) in validator._repeats.items()
    ] == [("e1", 2, ["e3"])]
    written = {"e1": {"sourcedId": "e1", "classSourcedId": "c1", "userSourcedId": "u1"}}
    records, gone = validator.settle_enrolments(lambda ids: {k: v for k, v in written.items() if k in ids})
    assert [d.values["sourcedId"] for d in records] == ["e1"] and not gone
    [repeat] = validator.report.examples["V580"]
    assert (repeat.params["id"], repeat.params["first_id"], repeat.params["first_line"]) == ("e3", "e1", 2)
