"""The safety gate by kind of user (pipeline.people_gate). The whole-file limit counts users.csv
as one: a school's teachers missing from the staff export, or every teacher under a new ID, were
a few percent of the users and published with exit 0. Remind deletes a user who leaves the set
and takes a new sourcedId for a new user (docs/identity.md)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from tests.synthetic_nights import first_set
from transform import api
from transform.pipeline.people_gate import Kinds
from transform.report.summary import next_step

AS_OF = dt.date(2026, 10, 15)


# One xdist worker takes the module's tests: it publishes the district's first set once.
pytestmark = pytest.mark.xdist_group("people_gate")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,500 students at 20 schools, 100 teachers (5 a school: teachers.txt's ID t, TeacherNumber
    T<t>, school 100 + t % 20)."""
    folder = tmp_path_factory.mktemp("district") / "in"
    write_district(folder, 1500)
    return folder


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


def first_night(district: Path, tmp_path: Path) -> Path:
    """tmp_path/out: the district's set published (made once in this process, and copied)."""

    def publish(out: Path) -> None:
        assert run(district, out).exit_status == 0

    return first_set((district, "people_gate"), district.parent, tmp_path, publish)


def tonight(district: Path, tmp_path: Path, edit: object) -> Path:
    """The district's exports with teachers.txt's rows passed through `edit` (None: left out)."""
    folder = tmp_path / "tonight"
    shutil.copytree(district, folder)
    path = folder / "teachers.txt"
    header, *rows = path.read_bytes().decode("utf-8").split("\r\n")[:-1]
    kept = [new for row in rows if (new := edit(row.split("\t"))) is not None]  # type: ignore[operator]
    path.write_bytes(("\r\n".join([header, *("\t".join(r) for r in kept)]) + "\r\n").encode("utf-8"))
    return folder


def codes_of(result: api.RunResult) -> dict[str, list[str]]:
    return {code: [p.message for p in problems] for code, problems in result.report.examples.items()}


def test_a_school_whose_teachers_are_missing_is_refused(district: Path, tmp_path: Path) -> None:
    out = first_night(district, tmp_path)
    # School 107's five teachers are not in tonight's staff export: 5 of 100 staff (under the
    # whole-file limit, and 5 of ~3,800 users), all of one school's.
    gone = tonight(district, tmp_path, lambda row: None if row[2] == "107" else row)
    result = run(gone, out)
    assert result.exit_status == 1
    (message,) = codes_of(result)["X953"]
    assert "would lose 5 of its 5 staff at school 107 (100.0%, limit 50.0%)" in message
    # --redact keeps the IDs, which find each teacher in the removals list and the SIS, and only
    # the names go (the whole list was blanked)
    (refusal,) = result.report.examples["X953"]
    people = str(refusal.params["people"])
    ids = re.findall(r"(\w+) \(", people)
    redacted = str(refusal.to_dict(redact=True)["message"])
    assert len(ids) == 3 and "; ".join(f"{i} (<redacted>)" for i in ids) + "; 2 more" in redacted, redacted
    assert not any(name in redacted for name in re.findall(r"\(([^)]+)\)", people))
    assert "X906" not in result.report.counts  # the whole file shrinks too little to notice
    assert (tmp_path / "out-removals.csv").read_text(encoding="utf-8").count("teacher") >= 5
    # The school's classes would have no teacher: Remind gives them no owner (X942, as X980 for
    # the whole set), which --allow-rollover does not answer; --allow-incomplete does.
    (owners,) = codes_of(result)["X942"]
    assert owners.startswith("school 107 (School 7): ") and "with no teacher or administrator" in owners
    (tmp_path / "out-removals.csv").unlink()
    # X882 too: sections still name the teachers the staff export has no row for (tester52 F2).
    assert [p.code.id for p in run(gone, out, allow_rollover=True).report.aborts] == ["X942", "X882"]
    (tmp_path / "out-removals.csv").unlink()
    allowed = run(gone, out, allow_rollover=True, allow_incomplete=True)
    assert allowed.report.published and "X953" not in allowed.report.counts
    assert allowed.exit_status == 1 and "F453" in allowed.report.counts  # the flags' refusals said
    # Published, but said: the admin sees whom Remind deletes, and where the list is.
    (said,) = codes_of(allowed)["X960"]
    assert said.startswith("--allow-rollover: users.csv loses 5 of its 5 staff at school 107 (100.0%")
    assert (tmp_path / "out-removals.csv").read_text(encoding="utf-8").count("teacher") >= 5


def test_every_teacher_under_a_new_id_is_refused(district: Path, tmp_path: Path) -> None:
    out = first_night(district, tmp_path)
    # The connector now sends another number as TeacherNumber: the same people, new IDs.
    rekeyed = tonight(district, tmp_path, lambda row: [row[0], f"N{row[1]}", *row[2:]])
    result = run(rekeyed, out)
    assert result.exit_status == 1
    (message,) = codes_of(result)["X955"]
    assert message.startswith("100 of the 100 staff of the last published set are in tonight's set under new IDs")
    assert "T0 -> NT0 (" in message
    assert "X953" not in result.report.counts  # not lost: under new IDs
    # The removals file pairs each old ID with the new one, as X955's message does its first few.
    with (tmp_path / "out-removals.csv").open(encoding="utf-8", newline="") as handle:
        listed = {
            row["sourcedId"]: row["new_sourcedId"] for row in csv.DictReader(handle) if row["file"] == "users.csv"
        }
    assert len(listed) == 100 and listed["T0"] == "NT0" and listed["T42"] == "NT42"
    allowed = run(rekeyed, out, allow_rollover=True)
    assert allowed.exit_status == 0
    assert codes_of(allowed)["X958"][0].endswith("not refused for it (--allow-rollover)")


def test_the_removals_file_of_a_rollover_pairs_each_old_id_with_the_new(district: Path, tmp_path: Path) -> None:
    """Every Student_Number changed (padded, renumbered): refused (X906, X955), the removals file
    pairing each old ID with the new; the rerun with --allow-rollover the message asks for wrote the
    file again with every new_sourcedId blank, the whole-file gate's list without the pairs (tester19 F5)."""
    out = first_night(district, tmp_path)
    folder = tmp_path / "renumbered"
    shutil.copytree(district, folder)
    path = folder / "students.txt"
    header, *rows = path.read_bytes().decode("utf-8").split("\r\n")[:-1]
    renumbered = [[cells[0], f"S{cells[1]}", *cells[2:]] for cells in (row.split("\t") for row in rows)]
    path.write_bytes(("\r\n".join([header, *("\t".join(r) for r in renumbered)]) + "\r\n").encode("utf-8"))

    def pairs() -> dict[str, str]:
        with (tmp_path / "out-removals.csv").open(encoding="utf-8", newline="") as handle:
            return {r["sourcedId"]: r["new_sourcedId"] for r in csv.DictReader(handle) if r["file"] == "users.csv"}

    refused = run(folder, out)
    assert refused.exit_status == 1 and {"X906", "X955"} <= set(refused.report.counts)
    listed = pairs()
    old = renumbered[0][1][1:]
    assert listed[old] == f"S{old}" and sum(1 for new in listed.values() if new) > 1400
    allowed = run(folder, out, allow_rollover=True)
    assert allowed.report.published and {"X908", "X958"} <= set(allowed.report.counts)
    assert allowed.exit_status == 1 and "F454" in allowed.report.counts  # no term change: published, but
    assert pairs() == listed


def test_two_teachers_under_new_ids_are_published_and_listed(district: Path, tmp_path: Path) -> None:
    out = first_night(district, tmp_path)
    rekeyed = tonight(district, tmp_path, lambda row: [row[0], f"N{row[1]}", *row[2:]] if row[0] in ("1", "2") else row)
    result = run(rekeyed, out)
    # Published, but nobody accepted it: Remind re-creates both teachers (tester30 F4).
    assert result.exit_status == 1 and result.report.published
    (message,) = codes_of(result)["X958"]
    assert message.startswith("2 of the 100 staff of the last published set are in tonight's set under new IDs: ")
    assert "T1 -> NT1 (" in message and "T2 -> NT2 (" in message
    assert "under the limit: refused only from 3 IDs and above 1.0%" in message
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Check the people listed: if the SIS merged or renumbered their records")


def test_a_few_teachers_leaving_is_ordinary(district: Path, tmp_path: Path) -> None:
    out = first_night(district, tmp_path)
    # PowerSchool keeps a teacher who left, Status 2 (a row gone while sections name her: X882)
    left = tonight(district, tmp_path, lambda row: [*row[:6], "2", *row[7:]] if row[0] in ("3", "4") else row)
    result = run(left, out)
    assert result.exit_status == 0
    assert not {"X953", "X955", "X958"} & set(result.report.counts)


def test_a_name_alone_is_not_the_same_person(tmp_path: Path) -> None:
    """Students without emails or phones: three withdrawn and three new ones of the same names
    (the review's withdrawn Ava Smith and a new one) are not people under new IDs; with an email
    in common they are."""
    from transform.pipeline.gate import Change, IdSet
    from transform.pipeline.people_gate import count_kinds

    header = "sourcedId,orgSourcedIds,role,givenName,familyName,email\r\n"
    (tmp_path / "last").mkdir()
    (tmp_path / "tonight").mkdir()
    people = [("Ava", "Smith"), ("Ben", "Ng"), ("Cy", "Park")]
    for email in ("", "@x.example.org"):
        last = "".join(
            f"S{i},100,student,{g},{f},{g.lower() + email if email else ''}\r\n" for i, (g, f) in enumerate(people)
        )
        now = "".join(
            f"N{i},100,student,{g},{f},{g.lower() + email if email else ''}\r\n" for i, (g, f) in enumerate(people)
        )
        (tmp_path / "last" / "users.csv").write_text(header + last, encoding="utf-8", newline="")
        (tmp_path / "tonight" / "users.csv").write_text(header + now, encoding="utf-8", newline="")
        added = IdSet()
        for i in range(3):
            added.add(f"N{i}")
        change = Change(previous=3, now=3, added=3, removed=["S0", "S1", "S2"], added_ids=added)
        kinds = count_kinds(tmp_path / "last", tmp_path / "tonight", change)
        assert len(kinds.moved.get("students", [])) == (3 if email else 0)
        assert kinds.removed["students"] == (0 if email else 3)


def test_a_person_is_found_again_by_email_or_by_phone_alone(tmp_path: Path) -> None:
    """A SIS move: last night's SIS exported the students' phones, tonight's does not (or the
    other way round), and the IDs changed. The same role, name and email is the same person
    whatever the phone says (tester15 F1: every student was taken for a removal, X953 "a broken
    export"); so is the same role, name and phone when the email went."""
    from transform.pipeline.gate import Change, IdSet
    from transform.pipeline.people_gate import count_kinds

    header = "sourcedId,orgSourcedIds,role,givenName,familyName,email,phone\r\n"
    (tmp_path / "last").mkdir()
    (tmp_path / "tonight").mkdir()
    last = (
        "S0,100,student,Ava,Smith,ava@x.org,6085550100\r\n"  # the phone goes tonight
        "S1,100,student,Ben,Ng,,6085550101\r\n"  # a phone only, kept
        "P2,100,parent,Cy,Park,cy@x.org,6085550102\r\n"  # the email goes, the phone stays
        "S3,100,student,Dee,Roe,dee@x.org,\r\n"  # another email tonight, no phone: not her
    )
    now = (
        "N0,100,student,Ava,Smith,ava@x.org,\r\n"
        "N1,100,student,Ben,Ng,,6085550101\r\n"
        "Q2,100,parent,Cy,Park,,6085550102\r\n"
        "N3,100,student,Dee,Roe,d.roe@x.org,\r\n"
    )
    (tmp_path / "last" / "users.csv").write_text(header + last, encoding="utf-8", newline="")
    (tmp_path / "tonight" / "users.csv").write_text(header + now, encoding="utf-8", newline="")
    added = IdSet()
    for sourced_id in ("N0", "N1", "Q2", "N3"):
        added.add(sourced_id)
    change = Change(previous=4, now=4, added=4, removed=["P2", "S0", "S1", "S3"], added_ids=added)
    kinds = count_kinds(tmp_path / "last", tmp_path / "tonight", change)
    assert sorted((old, new) for moved in kinds.moved.values() for old, new, _ in moved) == [
        ("P2", "Q2"),
        ("S0", "N0"),
        ("S1", "N1"),
    ]
    assert kinds.removed["students"] == 1  # Dee Roe: a name alone is not a person


def test_a_family_leaving_a_small_school_is_ordinary(tmp_path: Path) -> None:
    """Three children of one family (and their parents) withdrawing from a school of five: more
    than half of its students, but a family, not a broken export (students and parents need 10)."""
    from transform.pipeline.gate import Change, Night
    from transform.pipeline.people_gate import Kinds, gate_kinds
    from transform.report.report import Report

    kinds = Kinds()
    kinds.previous.update({"students": 400, "parents": 600, "staff": 30})
    kinds.at_school.update({("students", "900"): 5, ("parents", "900"): 8})
    kinds.removed.update({"students": 3, "parents": 2})
    kinds.removed_at_school.update({("students", "900"): 3, ("parents", "900"): 2})
    report = Report()
    night = Night(
        report,
        tmp_path,
        {"users": Change()},
        removals=tmp_path / "removals.csv",
        allow_rollover=False,
        staged=tmp_path / "tonight",
    )
    gate_kinds(kinds, night, limit=10.0, moved_limit=1.0)
    assert not report.counts


def test_a_refusal_after_an_upgrade_or_a_profile_edit_says_so(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A set that changes much the night after an upgrade, or an edit of the profile, may be the
    rule's doing, not the export's: the refusal says what changed since the last set (tester6 9:
    an upgrade's rule change was refused as a broken export, with nothing saying the tool changed)."""
    from transform import api as api_module

    out = first_night(district, tmp_path)
    gone = tonight(district, tmp_path, lambda row: None if row[2] == "107" else row)
    assert "since it was published" not in codes_of(run(gone, out))["X953"][0]  # nothing changed but the export
    monkeypatch.setattr(api_module, "_tool_version", lambda: "9.9.9")
    (message,) = codes_of(run(gone, out))["X953"]
    assert "; since it was published, the tool was upgraded (0.1.0 -> 9.9.9): a changed rule may" in message
    edited = tmp_path / "edited.yaml"
    edited.write_text("extends: powerschool\nsettings:\n  district_name: Edited\n", encoding="utf-8")
    result = api.run(api.RunOptions(profile=str(edited), in_dir=gone, out_dir=out, as_of=AS_OF))
    (message,) = codes_of(result)["X953"]
    assert "the tool was upgraded (0.1.0 -> 9.9.9) and the profile was changed" in message


def test_a_removals_list_that_cannot_be_written_leaves_the_refusal_its_reason(district: Path, tmp_path: Path) -> None:
    """<out>-removals.csv a folder (or a read-only place): the run said only 'X901 cannot write
    output to out', hiding the teachers lost (tester10 8). The refusal stands, and X964 says it."""
    out = first_night(district, tmp_path)
    (tmp_path / "out-removals.csv").mkdir()
    gone = tonight(district, tmp_path, lambda row: None if row[2] == "107" else row)
    result = run(gone, out)
    assert result.exit_status == 1
    # X942: the school's classes without owner; X882: sections still name the teachers (tester52 F2)
    assert [p.code.id for p in result.problems] == ["X942", "X953", "X882"]
    (said,) = codes_of(result)["X964"]
    assert "out-removals.csv" in said and "what the message above says holds without it" in said


def test_students_whose_ids_lost_their_leading_zeros_are_found_by_their_ids(district: Path, tmp_path: Path) -> None:
    """Elementary students with no email or phone, whose Student_Number went through a spreadsheet
    ('0200001' -> '200001'): a name alone is no person, but the ID without its zeros says it is
    she. Refused as people under new IDs, with the spreadsheet as the cause (tester30 F3), not as
    a removal whose fix would be --allow-rollover."""

    def students(edit: object) -> Path:
        folder = tmp_path / f"students-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(district, folder)
        path = folder / "students.txt"
        header, *rows = path.read_bytes().decode("utf-8").split("\r\n")[:-1]
        at = header.split("\t").index("Student_Web_ID")
        edited = []
        for row in rows:
            cells = row.split("\t")
            cells[at] = ""  # no email
            edited.append("\t".join(edit(cells)))  # type: ignore[operator]
        path.write_bytes(("\r\n".join([header, *edited]) + "\r\n").encode("utf-8"))
        return folder

    out = tmp_path / "out"
    assert run(students(lambda cells: cells), out).exit_status == 0
    result = run(students(lambda cells: [cells[0], cells[1].lstrip("0"), *cells[2:]]), out)
    assert result.exit_status == 1
    (message,) = codes_of(result)["X955"]
    assert "0200001 -> 200001 (" in message
    assert "the IDs are the old ones without their leading zeros ('0200000' is now" in message
    assert "copy them without opening them in a spreadsheet" in message
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Find why the IDs changed. When the new IDs are the old ones without their leading")


def _two_sets(tmp_path: Path, last: str, now: str, born_last: str, born_now: str) -> Kinds:
    """count_kinds over a last and a tonight folder, each users.csv and demographics.csv given
    (sourcedId,role,givenName,familyName,identifier,agentSourcedIds; sourcedId,birthDate)."""
    from transform.pipeline.gate import Change, IdSet
    from transform.pipeline.people_gate import count_kinds

    header = "sourcedId,orgSourcedIds,role,givenName,familyName,identifier,email,agentSourcedIds\r\n"
    demographics = "sourcedId,birthDate\r\n"
    ids: list[set[str]] = []
    for name, users, born in (("last", last, born_last), ("tonight", now, born_now)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "users.csv").write_text(header + users, encoding="utf-8", newline="")
        (tmp_path / name / "demographics.csv").write_text(demographics + born, encoding="utf-8", newline="")
        ids.append({line.split(",")[0] for line in users.splitlines()})
    added = IdSet()
    for sourced_id in sorted(ids[1] - ids[0]):
        added.add(sourced_id)
    removed = sorted(ids[0] - ids[1])
    change = Change(previous=len(ids[0]), now=len(ids[1]), added=len(added), removed=removed, added_ids=added)
    return count_kinds(tmp_path / "last", tmp_path / "tonight", change)


def test_a_student_without_email_or_phone_is_found_again_by_birth_date_identifier_or_parents(tmp_path: Path) -> None:
    """Elementary students have no email or phone: under new IDs (a connector's prefix,
    '026001' -> 'E026001') nothing found them again, and a few were published at exit 0,
    Remind deleting each and making a new one (tester78 T1). The same name with the same birth
    date, identifier (the student number the SIS kept) or parents is the same student; twins
    (one birth date, one parent, two given names) each find only themselves; a name with another
    birth date and nothing else in common is no one."""
    last = (
        "S0,100,student,Ava,Smith,,,\r\n"  # the birth date alone
        "S1,100,student,Ben,Ng,1001,,\r\n"  # the identifier alone
        "S2,100,student,Cy,Park,,,G1\r\n"  # the parent alone
        "S3,100,student,Dee,Roe,,,G2\r\n"  # twins: one birth date, one parent
        "S4,100,student,Eli,Roe,,,G2\r\n"
        "S5,100,student,Fay,Lu,,,\r\n"  # a withdrawn Fay Lu, a new one born another day
        "S6,100,student,Ivy,Kim,,,G3\r\n"  # withdrawn; her twin brother Ian new tonight
        "P1,100,parent,Gil,Park,,g@x.org,S2\r\n"
    )
    now = (
        "EN3,100,student,Dee,Roe,,,G2\r\n"
        "EN4,100,student,Eli,Roe,,,G2\r\n"
        "EN0,100,student,Ava,Smith,,,\r\n"
        "EN1,100,student,Ben,Ng,1001,,\r\n"
        "EN2,100,student,Cy,Park,,,G1\r\n"
        "EN5,100,student,Fay,Lu,,,\r\n"
        "EN6,100,student,Ian,Kim,,,G3\r\n"
        "P1,100,parent,Gil,Park,,g@x.org,EN2\r\n"
    )
    born_last = "S0,2015-01-02\r\nS3,2016-05-05\r\nS4,2016-05-05\r\nS5,2015-03-03\r\nS6,2016-07-07\r\n"
    born_now = "EN0,2015-01-02\r\nEN3,2016-05-05\r\nEN4,2016-05-05\r\nEN5,2016-04-04\r\nEN6,2016-07-07\r\n"
    kinds = _two_sets(tmp_path, last, now, born_last, born_now)
    assert sorted((old, new) for old, new, _ in kinds.moved["students"]) == [
        ("S0", "EN0"),
        ("S1", "EN1"),
        ("S2", "EN2"),
        ("S3", "EN3"),
        ("S4", "EN4"),
    ]
    assert kinds.removed["students"] == 2  # Fay Lu and Ivy Kim


def test_two_students_of_one_name_and_birth_date_are_each_found_once(tmp_path: Path) -> None:
    """Two students of one name and birth date (rare), both under new IDs: each added one takes
    one removed one (the one with the same parent first), neither is lost nor found twice."""
    last = "S0,100,student,Ana,Diaz,,,G0\r\nS1,100,student,Ana,Diaz,,,G1\r\n"
    now = "N1,100,student,Ana,Diaz,,,G1\r\nN0,100,student,Ana,Diaz,,,G0\r\n"
    born = "{0}0,2015-01-02\r\n{0}1,2015-01-02\r\n"
    kinds = _two_sets(tmp_path, last, now, born.format("S"), born.format("N"))
    assert sorted((old, new) for old, new, _ in kinds.moved["students"]) == [("S0", "N0"), ("S1", "N1")]
    assert not kinds.removed


def test_every_student_without_email_under_a_new_id_is_refused_as_re_keyed_not_lost(tmp_path: Path) -> None:
    """Every student of a school with no email or phone given a new ID ('S-3301' -> 'S-03301'):
    refused only as a removal (X953 'would lose 12 of 12 students'), never saying they are the same
    students under new IDs (tester78 T2). Found by name and birth date, it is X955 with the pairs."""
    from transform.pipeline.gate import Change, Night
    from transform.pipeline.people_gate import gate_kinds
    from transform.report.report import Report

    names = [(f"Kid{i}", "Ames") for i in range(12)]
    last = "".join(f"S-33{i:02d},100,student,{g},{f},,,\r\n" for i, (g, f) in enumerate(names))
    now = "".join(f"S-033{i:02d},100,student,{g},{f},,,\r\n" for i, (g, f) in enumerate(names))
    born = "".join(f"{{0}}{i:02d},2015-02-{i + 1:02d}\r\n" for i in range(12))
    kinds = _two_sets(tmp_path, last, now, born.format("S-33"), born.format("S-033"))
    report = Report()
    night = Night(
        report,
        tmp_path / "last",
        {"users": Change()},
        removals=tmp_path / "removals.csv",
        allow_rollover=False,
        staged=tmp_path / "tonight",
    )
    gate_kinds(kinds, night, limit=10.0, moved_limit=1.0)
    assert "X953" not in report.counts
    (refusal,) = report.examples["X955"]
    assert refusal.message.startswith("12 of the 12 students of the last published set are in tonight's set under new")
    assert "S-3300 -> S-03300 (Kid0 Ames: same birth date)" in refusal.message


def test_an_identifier_or_birth_date_many_students_hold_proves_no_one(tmp_path: Path) -> None:
    """An identifier column holding '03' on every row, and a placeholder birth date (1900-01-01),
    made a withdrawn student and another new one of the same name the same student: 3 such
    refused an honest night as re-keyed (X955, review163 R1). A value more students hold than one
    proves no one (a birth date: than chance gives); the re-keyed student with her own proof is
    still found, and said by what."""
    pairs = [("Ava", "Lee"), ("Bo", "Ito"), ("Cy", "Moe")]
    last = "".join(f"S{i},100,student,{g},{f},03,,\r\n" for i, (g, f) in enumerate(pairs))
    last += "".join(f"K{i},100,student,Kid{i},Ames,03,,\r\n" for i in range(4)) + "R0,100,student,Dee,Roe,77,,\r\n"
    now = "".join(f"N{i},100,student,{g},{f},03,,\r\n" for i, (g, f) in enumerate(pairs))
    now += "".join(f"K{i},100,student,Kid{i},Ames,03,,\r\n" for i in range(4)) + "E0,100,student,Dee,Roe,77,,\r\n"
    born_last = "".join(f"S{i},1900-01-01\r\n" for i in range(3)) + "".join(f"K{i},1900-01-01\r\n" for i in range(4))
    born_now = "".join(f"N{i},1900-01-01\r\n" for i in range(3)) + "".join(f"K{i},1900-01-01\r\n" for i in range(4))
    kinds = _two_sets(tmp_path, last, now, born_last, born_now)
    assert kinds.moved["students"] == [("R0", "E0", "Dee Roe: same identifier")]
    assert kinds.removed["students"] == 3


def test_demographics_are_read_only_for_a_student_found_by_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A night that removes and adds students read both demographics.csv whole for the birth
    dates (review163 R4: 100k students, 200 removed), when every removed student was found by her
    parents, or had no one of her name added: the files are read only for a removed and an added
    student of one name that nothing else finds."""
    from transform.pipeline import people_gate

    read: list[str] = []
    columns_of = people_gate.columns_of

    def spied(path: Path, *names: str) -> Iterator[tuple[str, ...]]:
        read.append(path.parent.name)
        return columns_of(path, *names)

    monkeypatch.setattr(people_gate, "columns_of", spied)
    last = "S0,100,student,Ava,Lee,,,G0\r\nS1,100,student,Bo,Ito,,,\r\n"
    now = "N0,100,student,Ava,Lee,,,G0\r\nN1,100,student,Cy,Moe,,,\r\n"
    kinds = _two_sets(tmp_path, last, now, "S1,2015-01-02\r\n", "N1,2015-01-02\r\n")
    assert read == []
    assert kinds.moved["students"] == [("S0", "N0", "Ava Lee: same parents")]
    (tmp_path / "b").mkdir()
    kinds = _two_sets(tmp_path / "b", last, now.replace("Cy,Moe", "Bo,Ito"), "S1,2015-01-02\r\n", "N1,2015-01-02\r\n")
    assert sorted(read) == ["last", "tonight"]
    assert kinds.moved["students"] == [("S0", "N0", "Ava Lee: same parents"), ("S1", "N1", "Bo Ito: same birth date")]
