"""What the run report says about the run beyond its problems (facts), for the HTML report:
the verdict's numbers, each school's counts now and in the last set, parent reachability, and
the history kept beside the published sets."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from tests.conftest import FIXTURES, renamed_sample
from transform import api
from transform.pipeline import school_counts

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"as_of": dt.date(2026, 10, 15), "now": NOW, "school_counts": True}
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, **{**defaults, **options}))


def test_the_verdict_facts(tmp_path: Path) -> None:
    result = run(SAMPLE, tmp_path / "out")
    facts = result.report.to_dict()["facts"]
    assert facts["exit_status"] == result.exit_status == 0
    assert facts["tool_version"] == "0.1.0"
    assert facts["out"] == str((tmp_path / "out").absolute())
    assert facts["ran_at"] == "2026-10-15T02:00:00+00:00"
    assert isinstance(facts["duration_seconds"], float)
    assert facts["removal_limits"] == {"users": 10.0, "classes": 10.0, "enrollments": 10.0}
    names = {term["name"] for term in facts["terms"]}
    assert "Semester 1" in names and "Semester 2" not in names  # the terms of 2026-10-15


def test_each_school_counts_now_and_in_the_last_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run(SAMPLE, out).report.facts["schools"]
    assert [s["id"] for s in first] == ["100", "200"]
    assert all(s["previous"] is None for s in first)  # a first run: nothing to compare with
    lincoln = first[0]
    assert lincoln["name"] == "Lincoln Elementary School"
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = list(csv.DictReader(handle))
    students = [u for u in users if u["role"] == "student" and u["orgSourcedIds"] == "100"]
    assert lincoln["now"]["students"] == len(students) > 0
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        assert lincoln["now"]["enrollments"] == sum(1 for e in csv.DictReader(handle) if e["schoolSourcedId"] == "100")

    # School 200 is gone from tonight's set: it still shows, with nothing now.
    second = run(SAMPLE, out, allow_rollover=True, schools=("100",)).report.facts["schools"]
    washington = next(s for s in second if s["id"] == "200")
    assert washington["now"]["students"] == 0 and washington["previous"]["students"] == 13
    assert washington["name"] == "Washington Middle School"


def test_the_counts_of_the_published_set_are_remembered_for_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    remembered = tmp_path / ".out.transform" / "schools.json"
    assert "schools" not in run(SAMPLE, out, school_counts=False).report.facts  # only when asked
    run(SAMPLE, out)
    kept = json.loads(remembered.read_text(encoding="utf-8"))
    assert kept["100"]["counts"]["students"] == 13
    kept["100"]["counts"]["students"] = 99  # read, not counted again from the set
    remembered.write_text(json.dumps(kept), encoding="utf-8")
    lincoln = run(SAMPLE, out).report.facts["schools"][0]
    assert (lincoln["now"]["students"], lincoln["previous"]["students"]) == (13, 99)
    run(SAMPLE, out, school_counts=False)  # a set published without counts: none kept
    assert not remembered.exists()
    lincoln = run(SAMPLE, out).report.facts["schools"][0]
    assert lincoln["previous"]["students"] == 13  # counted from the set


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_a_student_is_reachable_through_a_parent_with_a_contact_point_of_their_own(tmp_path: Path) -> None:
    header = ["sourcedId", "orgSourcedIds", "role", "email", "phone", "sms", "agentSourcedIds"]
    _write(
        tmp_path / "users.csv",
        header,
        [
            ["s1", "100", "student", "", "", "", "p1"],
            ["s2", "100", "student", "", "", "", "p2"],  # p2 shares p1's phone: not reachable by it
            ["s3", "100", "student", "", "", "", ""],
            ["s4", "200", "student", "", "", "", "p1,p3"],
            ["p1", "100,200", "parent", "", "+16085550100", "", "s1,s4"],
            ["p2", "100", "parent", "", "+16085550100", "", "s2"],
            ["p3", "200", "guardian", "P3@Mail.example", "", "", "s4"],
            ["t1", "100", "teacher", "t1@d.example", "", "", ""],
        ],
    )
    _write(tmp_path / "orgs.csv", ["sourcedId", "name", "type"], [["100", "North", "school"], ["9", "D", "district"]])
    _write(tmp_path / "enrollments.csv", ["sourcedId", "schoolSourcedId"], [["e1", "100"], ["e2", "100"]])
    counts = school_counts.count_set(tmp_path)
    north, south = counts["100"].counts, counts["200"].counts
    assert counts["100"].name == "North" and "9" not in counts
    assert (north["students"], north["parents"], north["staff"], north["enrollments"]) == (3, 2, 1, 2)
    assert (north["students_reachable"], north["students_shared_contact"], north["students_no_parent"]) == (1, 1, 1)
    assert (south["students"], south["parents"], south["students_reachable"]) == (1, 2, 1)


def test_the_history_keeps_each_runs_numbers_beside_the_copies(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for day in (1, 2, 3):  # three sets (a night that changed nothing keeps no copy)
        run(renamed_sample(tmp_path, day), out, keep=2, now=dt.datetime(2026, 10, day, 2, 0, tzinfo=dt.UTC))
    state = tmp_path / ".out.transform"
    assert sorted(p.name for p in (state / "history").iterdir()) == ["20261002T020000Z", "20261003T020000Z"]
    kept = json.loads((state / "history.json").read_text(encoding="utf-8"))
    assert sorted(kept) == ["20261002T020000Z", "20261003T020000Z"]  # pruned with the copies
    assert kept["20261003T020000Z"]["rows_written"]["users.csv"] == 56
    assert kept["20261003T020000Z"]["totals"]["errors"] == 1
    assert kept["20261003T020000Z"]["published_at"] == "2026-10-03T02:00:00+00:00"


def test_schools_are_listed_in_the_order_of_their_numbers() -> None:
    """60 schools drew on the page as School 1, 10, 11, ..., 2, 20 (tester63)."""
    counts = {sid: school_counts.SchoolCounts(name=f"School {sid}") for sid in ("10", "2", "0410", "100", "1", "A7")}
    listed = [school["id"] for school in school_counts.as_facts(counts, {})]
    assert listed == ["1", "2", "10", "100", "0410", "A7"]
