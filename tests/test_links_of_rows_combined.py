"""A person listed once per school whose rows name different links (tester39 F3). Skyward
Qmlativ lists a student once per entity and the profile combines her rows, uniting only her
schools: when she gained a second entity row naming one of her two guardians ('NM3001' beside
'NM3001,NM3005'), combining kept "the lower in text order", guardian NM3005 was linked to no
student, left out of the set and so deleted from Remind, at exit 0 (a V508 warning).

A set of links (a user's schools and guardians, a class's terms) is united across the rows
combined: the bundled profiles say so in `combine.lists`, and the engine does it for a profile
that does not (a district's profile overriding the lists, a profile of its own)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.pipeline.combine import combine_rows
from transform.pipeline.rows import Draft, place_at
from transform.report.report import Report

GUARDIAN = (
    "NM3005,active,2026-07-01T00:00:00Z,true,ENT002,Guardian,,,Sam,King,,,sam.king@example.com,,(555) 620-2200,,,"
)


def users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def night(folder: Path, second_row: str | None) -> Path:
    """The Qmlativ district with student NM1002 naming two guardians, NM3001 and NM3005 (the
    guardians' rows name no student: the links are on the student's side only); with
    `second_row`, NM1002 is also listed at ENT001, that row naming these guardians."""
    shutil.copytree(FIXTURES / "skyward-qmlativ" / "district" / "in", folder)
    path = folder / "users.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    student = next(i for i, line in enumerate(lines) if line.startswith("NM1002,"))
    assert lines[student].endswith(",,9,")
    lines[student] = lines[student].removesuffix(",,9,") + ',"NM3001,NM3005",9,'
    parent = next(i for i, line in enumerate(lines) if line.startswith("NM3001,"))
    assert lines[parent].endswith(",NM1002,,")
    lines[parent] = lines[parent].removesuffix(",NM1002,,") + ",,,"
    lines.append(GUARDIAN)
    if second_row is not None:
        cells = lines[student].replace('"NM3001,NM3005"', "LINKS").split(",")
        cells[4] = "ENT001"
        lines.append(",".join(cells).replace("LINKS", f'"{second_row}"' if "," in second_row else second_row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("names", ["NM3001", "", "NM3005", "NM3001,NM3005"])
def test_a_students_second_school_row_naming_fewer_guardians_takes_none_away(tmp_path: Path, names: str) -> None:
    """Night 1: NM1002 at ENT002 with both guardians, published. Night 2: also listed at ENT001,
    that row naming one guardian, none, the other, or both: both guardians stay hers, nobody is
    removed (the safety gate's limit raised, as a district of a realistic size would not reach it)."""
    first, second = night(tmp_path / "n1", None), night(tmp_path / "n2", names)
    run = tmp_path / "run"
    for engine in ("python", "columnar"):
        options = api.RunOptions(
            profile="skyward-qmlativ", in_dir=first, out_dir=run / engine, as_of=dt.date(2026, 9, 10), engine=engine
        )
        assert api.run(options).exit_status == 0
    assert users(run / "python")["NM1002"]["agentSourcedIds"] == "NM3001,NM3005"
    python, _ = both_engines(
        run, profile="skyward-qmlativ", in_dir=second, as_of=dt.date(2026, 9, 11), max_removal=100.0
    )
    assert python.exit_status == 0, [str(p) for p in python.problems]
    published = users(run / "python")
    assert published["NM1002"]["orgSourcedIds"] == "ENT001,ENT002"
    assert published["NM1002"]["agentSourcedIds"] == "NM3001,NM3005"
    assert published["NM3005"]["agentSourcedIds"] == "NM1002"
    assert published["NM3001"]["agentSourcedIds"] == "NM1002"
    assert "V508" not in python.report.counts  # no disagreement: each row names some of her links
    assert "F413" not in python.report.counts  # no guardian linked to no student
    assert "V516" not in python.report.counts  # Qmlativ's entity rows name their own guardians


def test_a_district_profile_uniting_only_the_schools_still_keeps_every_guardian(tmp_path: Path) -> None:
    """A district's own profile over Qmlativ's that names only orgSourcedIds in combine.lists (as
    the bundled one did): the engine unites the links anyway, as a guardian's rows are."""
    exports = night(tmp_path / "in", "NM3001")
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: maple-valley\nextends: skyward-qmlativ\n"
        "tables:\n  users:\n    students:\n      combine: {lists: [orgSourcedIds]}\n",
        encoding="utf-8",
    )
    python, _ = both_engines(tmp_path / "run", profile=str(profile), in_dir=exports, as_of=dt.date(2026, 9, 11))
    assert python.exit_status == 0, [str(p) for p in python.problems]
    published = users(tmp_path / "run" / "python")
    assert published["NM1002"]["agentSourcedIds"] == "NM3001,NM3005"
    assert {"NM3001", "NM3005"} <= published.keys()
    assert "V508" not in python.report.counts


@pytest.mark.parametrize(
    ("as_of", "terms"), [(dt.date(2026, 10, 15), "201-Fall,201-Spring"), (dt.date(2027, 2, 20), "201-Spring")]
)
def test_an_illuminate_section_listed_in_two_terms_is_a_class_of_both(
    tmp_path: Path, as_of: dt.date, terms: str
) -> None:
    """A class's terms are links too: mastschd.txt listing section S-E12 in Fall and in Spring
    made a class of Fall alone (the lower), still published in the spring with its Fall term. In
    the fall it is a class of both terms; in the spring, the Fall row, left out by the term filter,
    lends it nothing (fixer combine: rows are combined after the filters)."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "illuminate" / "district" / "in", exports)
    path = exports / "mastschd.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    fall = next(line for line in lines if line.startswith("S-E12\t201\tFall\t"))
    path.write_text("\n".join([*lines, fall.replace("\tFall\t", "\tSpring\t", 1)]) + "\n", encoding="utf-8")
    python, _ = both_engines(tmp_path / "run", profile="illuminate", in_dir=exports, as_of=as_of)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    with (tmp_path / "run" / "python" / "classes.csv").open(encoding="utf-8", newline="") as handle:
        classes = {row["sourcedId"]: row for row in csv.DictReader(handle)}
    assert classes["S-E12"]["termSourcedIds"] == terms
    assert "V508" not in python.report.counts


def person(line: int, **values: str) -> Draft:
    return Draft("users", {"sourcedId": "S1", **values}, place_at("users.csv", line), "users.students")


def test_links_are_united_whether_or_not_the_rule_lists_them() -> None:
    report = Report()
    rows = [
        person(2, orgSourcedIds="ENT002", agentSourcedIds="G1,G2", grades="09"),
        person(3, orgSourcedIds="ENT001", agentSourcedIds="G1", grades="10"),
    ]
    (kept,) = combine_rows(rows, lists=(), report=report)
    assert (kept.values["orgSourcedIds"], kept.values["agentSourcedIds"]) == ("ENT002,ENT001", "G1,G2")
    # a grade is one value, not a link: two differ, the lower is kept and said (V508); the
    # schools and guardians, not expected to differ (not in `lists`), are united and said (V516)
    assert kept.values["grades"] == "09" and report.counts == {"V508": 1, "V516": 2}


def test_links_the_rule_lists_differ_unsaid_and_the_others_said_against_the_first_row_naming_any() -> None:
    report = Report()
    rows = [
        person(2, orgSourcedIds="ENT002", agentSourcedIds=""),
        person(3, orgSourcedIds="ENT001", agentSourcedIds="G2,G1"),
        person(4, orgSourcedIds="ENT003", agentSourcedIds="G1,G2"),  # line 3's, in another order
        person(5, orgSourcedIds="ENT004", agentSourcedIds="G3"),
    ]
    (kept,) = combine_rows(rows, lists=("orgSourcedIds",), report=report)
    assert kept.values["agentSourcedIds"] == "G2,G1,G3"
    (said,) = report.examples["V516"]
    assert (said.code.id, said.where.line, said.where.column) == ("V516", 5, "agentSourcedIds")
    assert said.params == {
        "table": "users",
        "id": "S1",
        "field": "agentSourcedIds",
        "value": "G3",
        "other": "G1,G2",
        "first_line": 3,
    }


ONEROSTER_STUDENT = "u-s3,,,true,sch-20,student,kpatel,{SIS:1003},Kiran,Patel,,1003,,,,AGENTS,TK,"  # line 4


@pytest.mark.parametrize(
    ("first", "again", "said"),
    [
        ("u-p2", "u-p2", False),  # the same row twice: merged (V500), nothing to say
        ("u-p2", "", False),  # the second row names no guardian: it lends none and takes none
        ("", "u-p2", False),  # nor the first
        ("u-p2", "u-p1", True),  # another guardian: united, and said
        ("u-p2", '"u-p1,u-p2"', True),  # one more guardian: united, and said
    ],
)
def test_a_oneroster_student_listed_again_naming_other_guardians_is_united_and_said(
    tmp_path: Path, first: str, again: str, said: bool
) -> None:
    """tester40 F4: a OneRoster users.csv listing student u-s3 again (line 13) with other
    agentSourcedIds. The oneroster profile combines a user's rows (a user listed once per school)
    and unites their guardians, but a student's guardians are not per school: where the rows name
    different ones, a note (V516) says which rows and which column, where before 5b22c82 V508 did.
    Rows naming the same guardians, or one of them none, are not said. Both engines alike."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    path = exports / "users.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[3] == ONEROSTER_STUDENT.replace("AGENTS", "")
    lines[3] = ONEROSTER_STUDENT.replace("AGENTS", first)
    lines.append(ONEROSTER_STUDENT.replace("AGENTS", again))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    python, _ = both_engines(tmp_path / "run", profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15))
    assert python.exit_status == 0, [str(p) for p in python.problems]
    published = users(tmp_path / "run" / "python")
    united = sorted({name for cell in (first, again) for name in cell.strip('"').split(",") if name})
    assert published["u-s3"]["agentSourcedIds"] == ",".join(united)
    assert "V508" not in python.report.counts
    notes = python.report.examples.get("V516", [])
    if not said:
        assert notes == []
        return
    (note,) = notes
    # the column as users.csv heads it (its 1.0 leftover agents, read as agentSourcedIds)
    assert (note.where.file, note.where.line, note.where.column) == ("users.csv", 13, "agents")
    assert note.params["other"] == "u-p2" and note.params["first_line"] == 4
    assert note.code.severity == "info"
