"""Parents given their own child's phone by the profile (tester86 T5, V630).

A guardians rule whose phone or sms reads the pupil's own mobile gave every parent the child's
number, published at exit 0 (V510, V551 alone), and X864 even counted the shared number as evidence
that the links were right. Now most parents holding exactly a linked child's value, read from the
students' own column (or one whose header names the student), is refused, naming the column; a
family's home phone, on the child's row and the mother's, is honest, and so is one family sharing.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.parent_columns import NOW, run, write_district
from transform import api
from transform.oneroster.spec import REMIND
from transform.pipeline import child_points, child_reads, family_names
from transform.profile import load
from transform.profile.compile import Choices, compile_plan
from transform.profile.templates import FieldRef
from transform.report import summary

KIDS = 12
# powerschool.yaml's students' optional columns (a list extended is replaced), and Cell after them
DECLARED = "Middle_Name, Home_Phone, Student_Web_ID, Home_Language, Mother, Father, Mother_Email, Father_Email, "
DECLARED += "GuardianEmail, Mother_Home_Phone, Father_Home_Phone, Motherdayphone, Fatherdayphone, Emerg_Contact_1, "
DECLARED += "Emerg_Contact_2, Emerg_Contact_3, Emerg_Phone_1, Emerg_Phone_2, Emerg_Phone_3, Family_Ident, DCID"


def _district(
    folder: Path, *, cell_is_mothers: int = 0, kids: int = KIDS, header: str = "Home_Phone", blank: int = 0
) -> Path:
    """Twelve children, each with a mobile of their own (Cell) and a family home phone (Home_Phone,
    also the mother's Mother_Home_Phone); fathers with an email and no phone. The first
    `cell_is_mothers` mothers' own cells hold their child's Cell; the first `blank` mothers have none."""
    rows = []
    for n in range(1, kids + 1):
        home, cell = f"(608) 555-01{n:02}", f"(608) 555-03{n:02}"
        mother = "" if n <= blank else cell if n <= cell_is_mothers else home
        rows.append((str(n), (f"Park{n}, Mia", "", mother), (f"Park{n}, Leo", f"dad{n}@mail.example.com", ""), str(n)))
        rows[-1] = (*rows[-1][:3], f"{n}\t{home}\t{cell}")
    return write_district(folder, rows, family="Park", extra=f"\t{header}\tCell")


def _profile(tmp_path: Path, students: str, mother: str, declared: str = DECLARED, field: str = "phone") -> str:
    profile = tmp_path / "district.yaml"
    profile.write_text(
        f"extends: powerschool\nsources:\n  students:\n    optional_columns: [{declared}, Cell]\n"
        "tables:\n  users:\n"
        f"    students:\n      columns:\n        {field}: {{column: {students}, clean: [phone]}}\n"
        f"    guardians:\n      each:\n        mother:\n          {field}: {{column: {mother}, clean: [phone]}}\n",
        encoding="utf-8",
    )
    return str(profile)


def test_mothers_read_from_the_students_mobile_column_are_refused_naming_it(tmp_path: Path) -> None:
    profile = _profile(tmp_path, "Cell", "Cell")
    result = run(_district(tmp_path / "in"), tmp_path / "out", "python", profile)
    assert result.exit_status == 1 and not result.report.published
    (said,) = result.report.examples["V630"]
    assert (said.params["count"], said.params["total"], said.params["column"]) == (KIDS, KIDS, "'Cell'")
    assert "the column the students' own is read from" in str(said)
    assert not (tmp_path / "out" / "users.csv").exists()


def test_a_family_home_phone_on_the_child_and_the_mother_is_published(tmp_path: Path) -> None:
    """Every mother's Mother_Home_Phone is her child's Home_Phone (the household's): honest, exit 0;
    and so with the mothers read from the students' Home_Phone itself (a household's column)."""
    result = run(_district(tmp_path / "in"), tmp_path / "out", "python")
    assert result.exit_status == 0 and result.report.published and "V630" not in result.report.counts
    profile = _profile(tmp_path, "Home_Phone", "[Motherdayphone, Home_Phone]")
    result = run(tmp_path / "in", tmp_path / "out2", "python", profile)
    assert result.report.published and "V630" not in result.report.counts


def test_one_family_sharing_the_childs_mobile_is_published(tmp_path: Path) -> None:
    """The mothers' own column read: one mother's cell is her daughter's, the others' their own."""
    profile = _profile(tmp_path, "Cell", "Mother_Home_Phone")
    result = run(_district(tmp_path / "in", cell_is_mothers=1), tmp_path / "out", "python", profile)
    assert result.exit_status == 0 and result.report.published and "V630" not in result.report.counts


def _users(path: Path, families: int, child_phone: int) -> Path:
    """Students S<n> (family name Fam<n>) each linked to a parent G<n> of another family's name; the first
    `child_phone` parents hold their child's own phone, the others one of their own."""
    words = [f"Fam{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(families)]
    rows = ["sourcedId,role,givenName,familyName,agentSourcedIds,phone,sms,email"]
    for n in range(families):
        kid = f"+1608555{n:04d}"
        rows.append(f"S{n},student,Kid,{words[n]},G{n},{kid},{kid},")
    for n in range(families):
        theirs = f"+1608555{n:04d}" if n < child_phone else f"+1608777{n:04d}"
        rows.append(f"G{n},parent,Mia,{words[(n + 7) % families]},S{n},{theirs},{theirs},")
    (path / "users.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path / "users.csv"


def test_the_judge_counts_most_parents_not_one_family(tmp_path: Path) -> None:
    found = child_points.judge(_users(tmp_path, 12, 12), "sms")
    assert found is not None and (found.count, found.total) == (12, 12)
    assert child_points.judge(_users(tmp_path, 12, 1), "sms") is None
    assert child_points.judge(_users(tmp_path, 6, 6), "sms") is None  # too few to tell a column


def test_a_childs_phone_the_parents_were_given_is_no_evidence_of_their_links(tmp_path: Path) -> None:
    """Links whose names agree no more than chance (read the other way round), each parent given the
    linked child's phone: the shared phone made X864 judge them a family's; read as the child's, not."""
    users = _users(tmp_path, 48, 48)
    shared = family_names.judge(users)
    assert shared is not None and not shared.random()
    kept_out = family_names.judge(users, frozenset({"phone"}))
    assert kept_out is not None and kept_out.random()


def test_a_header_naming_the_student_is_a_students_column() -> None:
    assert child_reads.STUDENT_NAMED.search("Pupil Mobile") and child_reads.STUDENT_NAMED.search("Student Cell")
    assert not child_reads.STUDENT_NAMED.search("Mother Mobile")


def test_every_mother_of_a_small_school_given_her_childs_cell_is_refused(tmp_path: Path) -> None:
    """8 families (under AT_LEAST), every mother read from the child's own Cell: a header naming one person's
    mobile, read on the student's row, all of at least 3: refused (published at exit 0 before, review191 R4)."""
    result = run(_district(tmp_path / "in", kids=8), tmp_path / "out", "python", _profile(tmp_path, "Cell", "Cell"))
    assert result.exit_status == 1 and not result.report.published
    assert result.report.examples["V630"][0].params["count"] == 8


def _night(exports: Path, out: Path, profile: str, days: int) -> api.RunResult:
    as_of, now = dt.date(2026, 10, 15) + dt.timedelta(days=days), NOW + dt.timedelta(days=days)
    return api.run(api.RunOptions(in_dir=exports, out_dir=out, engine="python", profile=profile, as_of=as_of, now=now))


def test_a_family_phone_column_named_for_no_one_is_asked_once_not_refused(tmp_path: Path) -> None:
    """'Contact Phone' read by the students and by the mothers' fallback: the family's phone, or the child's.
    Refused every night before (review191 R2); now asked once (P131: published, exit 1), quiet the next night."""
    declared = DECLARED.replace("Home_Phone, Student", "Contact Phone, Home_Phone, Student")
    profile = _profile(tmp_path, "'Contact Phone'", "[Motherdayphone, 'Contact Phone']", declared)
    exports = _district(tmp_path / "in", header="Contact Phone")
    first = _night(exports, tmp_path / "out", profile, 0)
    assert first.exit_status == 1 and first.report.published and "V630" not in first.report.counts
    (asked,) = first.report.examples["P131"]
    assert asked.params["new"] == "yes" and "'Contact Phone'" in str(asked)
    assert "holds the family's phone (the household's), nothing to do" in str(asked)
    step = summary.next_step(first, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert step.startswith("Next: If 'Contact Phone' holds the family's phone (the household's), nothing to do")
    second = _night(exports, tmp_path / "out", profile, 1)
    assert second.exit_status == 0 and second.report.examples["P131"][0].params["new"] == ""


def test_parents_on_their_own_rows_hold_their_own_phone(tmp_path: Path) -> None:
    """The shipped oneroster profile: parents are rows of their own (linked by agentSourcedIds), each student's
    phone the family's, as the parent's. The same-named column of other rows is the parent's own: published
    (refused 12 of 12 before, review191 R1)."""
    folder = tmp_path / "in"
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "oneroster" / "district" / "in", folder)
    with (folder / "users.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    rows = [r for r in rows if r[5].casefold() not in ("student", "parent", "guardian")]
    enrolments = [e for e in (folder / "enrollments.csv").read_text(encoding="utf-8").splitlines() if ",u-s" not in e]
    for n in range(KIDS):
        kid = dict.fromkeys(header, "") | {"sourcedId": f"u-s{n}", "orgSourcedIds": "sch-20", "role": "student"}
        kid |= {"username": f"kid{n}", "givenName": f"Kid{n}", "familyName": f"Park{n}", "grades": "06"}
        kid |= {"phone": f"(555) 301-{2200 + n:04d}", "identifier": str(2000 + n)}
        mum = dict.fromkeys(header, "") | {"sourcedId": f"u-p{n}", "orgSourcedIds": "sch-20", "role": "parent"}
        mum |= {"givenName": f"Mum{n}", "familyName": f"Park{n}", "agents": f"u-s{n}", "phone": kid["phone"]}
        rows += [[kid[c] for c in header], [mum[c] for c in header]]
        enrolments.append(f"es{n},active,2026-08-01,cl-sci6,sch-20,u-s{n},student,false,2026-08-24,")
    with (folder / "users.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    (folder / "enrollments.csv").write_text("\n".join([*enrolments, ""]), encoding="utf-8")
    result = run(folder, tmp_path / "out", "python", "oneroster")
    assert result.report.published and "V630" not in result.report.counts and "P131" not in result.report.counts
    assert result.exit_status == 0, result.report.counts


def test_mothers_given_the_childs_cell_as_a_fallback_are_refused_whatever_the_count(tmp_path: Path) -> None:
    """`sms: [Mother_Home_Phone, Cell]`: the 4 of 12 mothers without a phone of their own are given their child's
    Cell (one person's mobile, read as the students' own): the profile is the proof, refused (published at exit
    0 before: 4 is under 10 and not every mother, review194 R2), the example naming the mother and the student."""
    profile = _profile(tmp_path, "Cell", "[Mother_Home_Phone, Cell]", field="sms")
    result = run(_district(tmp_path / "in", blank=4), tmp_path / "out", "python", profile)
    assert result.exit_status == 1 and not result.report.published
    (said,) = result.report.examples["V630"]
    assert (said.params["count"], said.params["total"]) == (4, KIDS)
    assert "'Mia Park" in said.params["example"] and "a parent of student " in said.params["example"]
    # the step takes Cell out of the parents' chain, not the students' sms (review198 R3)
    assert said.params["step"].startswith("take 'Cell' out of the parents' sms column list"), said.params["step"]


def test_a_mothers_own_phone_equal_to_her_childs_cell_is_not_taken_from_it(tmp_path: Path) -> None:
    """The same fallback, every mother with her own Mother_Home_Phone, one of them her child's Cell: her
    value came from her own column, not the child's: published (counted by the column used, not the value)."""
    profile = _profile(tmp_path, "Cell", "[Mother_Home_Phone, Cell]", field="sms")
    result = run(_district(tmp_path / "in", cell_is_mothers=1), tmp_path / "out", "python", profile)
    assert result.report.published and "V630" not in result.report.counts, result.report.counts


def test_every_mother_of_a_three_family_school_given_the_childs_cell_is_refused(tmp_path: Path) -> None:
    result = run(_district(tmp_path / "in", kids=3), tmp_path / "out", "python", _profile(tmp_path, "Cell", "Cell"))
    assert result.exit_status == 1 and result.report.examples["V630"][0].params["count"] == 3


def test_one_mother_given_her_eldests_cell_is_asked_once_not_refused_every_night(tmp_path: Path) -> None:
    """`phone: [Mother_Home_Phone, Cell]`, one mother of 12 with no phone of her own: given her child's Cell (the
    eldest's own may be hers: one family). Refused every night before (review198 R4); now asked once (P131,
    published, exit 1), quiet the next night."""
    profile = _profile(tmp_path, "Cell", "[Mother_Home_Phone, Cell]")
    exports = _district(tmp_path / "in", blank=1)
    first = _night(exports, tmp_path / "out", profile, 0)
    assert first.exit_status == 1 and first.report.published and "V630" not in first.report.counts
    (asked,) = first.report.examples["P131"]
    assert asked.params["new"] == "yes" and "take 'Cell' out of the parents' phone column list" in str(asked)
    second = _night(exports, tmp_path / "out", profile, 1)
    assert second.exit_status == 0 and second.report.examples["P131"][0].params["new"] == ""


def test_a_withdrawn_pupils_row_counts_no_mother_taking_the_childs_cell(tmp_path: Path) -> None:
    """Pupil 1, withdrawn (not published), has no mother's phone: the export re-read counted his row as taken
    from Cell, no published student matched, the judge took the IDs for 'written otherwise' and counted mother
    2, whose own phone is her child's Cell (one family): refused every night (review198 R2). Now published."""
    exports = _district(tmp_path / "in", blank=1, cell_is_mothers=2)
    lines = (exports / "students.txt").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split("\t")
    cells[6] = "2"  # Enroll_Status: withdrawn
    lines[1] = "\t".join(cells)
    (exports / "students.txt").write_text("\n".join([*lines, ""]), encoding="utf-8")
    profile = _profile(tmp_path, "Cell", "[Mother_Home_Phone, Cell]")
    result = run(exports, tmp_path / "out", "python", profile)
    assert result.report.published and not {"V630", "P131"} & set(result.report.counts), result.report.counts


def test_prefixed_student_ids_count_every_mother_holding_the_childs_cell(tmp_path: Path) -> None:
    """Students written 'S{Student_Number}': the export's cell (1) is no published ID (S1), so the column used
    cannot be matched: every mother holding her child's Cell counts (4 of 12 blank mothers: refused). With the
    fallback broken no row matched and the set was published (review198 R5)."""
    sid = '{template: "S{Student_Number}", column: null, clean: [id]}'
    profile = Path(_profile(tmp_path, "Cell", "[Mother_Home_Phone, Cell]", field="sms"))
    text = profile.read_text(encoding="utf-8").replace(
        "      columns:\n", f"      columns:\n        sourcedId: {sid}\n", 1
    )
    text = text.replace("      each:", f"      guardian:\n        student: {sid}\n      each:")
    profile.write_text(text, encoding="utf-8")
    result = run(_district(tmp_path / "in", blank=4), tmp_path / "out", "python", str(profile))
    assert not result.report.published and result.report.examples["V630"][0].params["count"] == 4


def test_a_phone_column_named_for_no_one_read_as_sms_is_asked_not_refused(tmp_path: Path) -> None:
    """'Phone' read as the students' sms and the mothers' sms fallback: asked once like a phone (P131), not
    refused every night with no way out (review194 R6)."""
    declared = DECLARED.replace("Home_Phone, Student", "Phone, Home_Phone, Student")
    profile = _profile(tmp_path, "Phone", "[Motherdayphone, Phone]", declared, field="sms")
    result = run(_district(tmp_path / "in", header="Phone"), tmp_path / "out", "python", profile)
    assert result.report.published and result.exit_status == 1 and "V630" not in result.report.counts
    assert "If 'Phone' holds the family's sms" in str(result.report.examples["P131"][0])


@pytest.mark.parametrize("on", ["", "SSID"])
def test_parents_read_through_a_join_to_the_students_row_are_judged(tmp_path: Path, on: str) -> None:
    """Aeries: contacts joined to the students' export on the student ID (`student.Cell`): the student's own
    row. The alias was dropped and Cell looked up in the contacts export: 3 of 3 parents given their child's
    Cell published at exit 0 (review194 R1); joined on the state ID both exports carry (SSID), never checked,
    published at exit 0 (review198 R1)."""
    folder = tmp_path / "in"
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "aeries" / "district" / "in", folder)
    lines = (folder / "STU.csv").read_text(encoding="utf-8").splitlines()
    ssid = {line.split(",")[0]: f"9{n:05d}" for n, line in enumerate(lines[1:])}
    cells = [f"{line},(608) 555-{1000 + n:04d},9{n:05d}" for n, line in enumerate(lines[1:])]
    (folder / "STU.csv").write_text("\n".join([lines[0] + ",Cell,SSID", *cells, ""]), encoding="utf-8")
    con = (folder / "CON.csv").read_text(encoding="utf-8").splitlines()
    con = [con[0] + ",SSID", *(f"{line},{ssid.get(line.split(',')[0], '')}" for line in con[1:])]
    (folder / "CON.csv").write_text("\n".join([*con, ""]), encoding="utf-8")
    join = "      join:\n        kid: {source: students, on: {SSID: SSID}, required: false}\n" if on else ""
    alias = "kid" if on else "student"
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "extends: aeries\nsources:\n  students:\n    optional_columns: [MN, BD, SEM, HL, CL, TG, DEL, Cell, SSID]\n"
        "  contacts:\n    optional_columns: [RL, ERH, PC, LW, EM, TL, CP, CL, DEL, SSID]\n"
        "tables:\n  users:\n    students:\n      columns:\n        sms: {column: Cell, clean: [phone]}\n"
        f"    guardians:\n{join}      columns:\n        sms: {{column: {alias}.Cell, clean: [phone]}}\n",
        encoding="utf-8",
    )
    result = run(folder, tmp_path / "out", "python", str(profile))
    assert result.exit_status == 1 and not result.report.published, result.report.counts
    (said,) = result.report.examples["V630"]
    assert said.params["column"] in ("'student.Cell'", "'kid.Cell'") and said.params["count"] == said.params["total"]


def test_a_run_counts_no_childs_phone_given_to_the_parents_as_a_familys(tmp_path: Path) -> None:
    """Aeries contacts of other families' names linked to 48 students (links read the other way round), each
    parent's phone read from the student's 'Phone' (asked, P131): the shared phone made X864 judge the links
    a family's, published; api passes child_points' fields to family_names (not_points): refused (review194 R7)."""
    folder = tmp_path / "in"
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "aeries" / "district" / "in", folder)
    stu = (folder / "STU.csv").read_text(encoding="utf-8").splitlines()
    stu = [stu[0] + ",Phone", *(f"{line}," for line in stu[1:])]
    con = (folder / "CON.csv").read_text(encoding="utf-8").splitlines()
    words = [f"Fam{chr(97 + n)}" for n in range(16)]
    for n in range(48):
        other = (n * n * 5 + 3 + (n % 16 == (n * n * 5 + 3) % 16)) % 16  # another family's, at random
        stu.append(f"{50001 + n},40,{100 + n},{words[n % 16]},Kid,,9,02/08/2012,,01,01,,0,(608) 555-{2000 + n:04d}")
        con.append(f"{50001 + n},1,{words[other]},Mia,11,P,Y,Y,Y,,,,01,0")
    (folder / "STU.csv").write_text("\n".join([*stu, ""]), encoding="utf-8")
    (folder / "CON.csv").write_text("\n".join([*con, ""]), encoding="utf-8")
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "extends: aeries\nsources:\n  students:\n    optional_columns: [MN, BD, SEM, HL, CL, TG, DEL, Phone]\n"
        "tables:\n  users:\n    students:\n      columns:\n        phone: {column: Phone, clean: [phone]}\n"
        "    guardians:\n      columns:\n        phone: {column: student.Phone, clean: [phone]}\n",
        encoding="utf-8",
    )
    result = run(folder, tmp_path / "out", "python", str(profile))
    assert "P131" in result.report.counts and "X864" in result.report.counts, result.report.counts
    assert not result.report.published


def _campus(folder: Path, column: str, *, families: int = 6) -> Path:
    """The Infinite Campus district with `families` more students at 0410, each with a mother and a father of
    their own cells, and every student's own cell in the students' `column` (as Genesis's studentCellPhone)."""
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "infinite-campus" / "district" / "in", folder)
    students = (folder / "students.csv").read_text(encoding="utf-8").splitlines()
    kids = [f"{line},(608) 555-{4100 + n:04d}" for n, line in enumerate(students[1:])]
    contacts = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    roster = (folder / "roster.csv").read_text(encoding="utf-8").splitlines()
    for n in range(families):
        person = 52000 + n
        row = f"{person},{1200000 + n},0410,Fam{n},Kid{n},,03,04/22/2018,,08/20/2026,,P,English"
        kids.append(f"{row},(608) 555-42{n:02d}")
        contacts.append(f"{person},{62000 + 2 * n},Mum{n},Fam{n},Mother,1,1,,(608) 555-70{n:02d},")
        contacts.append(f"{person},{62001 + 2 * n},Dad{n},Fam{n},Father,1,2,,(608) 555-71{n:02d},")
        roster.append(f"{person},90001,08/20/2026,")
    (folder / "students.csv").write_text("\n".join([f"{students[0]},{column}", *kids, ""]), encoding="utf-8")
    (folder / "contacts.csv").write_text("\n".join([*contacts, ""]), encoding="utf-8")
    (folder / "roster.csv").write_text("\n".join([*roster, ""]), encoding="utf-8")
    return folder


def _campus_profile(tmp_path: Path, column: str, reads: str, field: str = "sms") -> str:
    """infinite-campus, the students' `column` declared (no students' rule reads it), the parents' `field`
    read from `reads`."""
    profile = tmp_path / "district.yaml"
    declared = "middleName, birthdate, email, startDate, endDate, serviceType, homePrimaryLanguage"
    profile.write_text(
        f"extends: infinite-campus\nsources:\n  students:\n    optional_columns: [{declared}, {column}]\n"
        f"tables:\n  users:\n    guardians:\n      columns:\n        {field}: {{column: {reads}, clean: [phone]}}\n",
        encoding="utf-8",
    )
    return str(profile)


@pytest.mark.parametrize(("column", "field"), [("studentCellPhone", "sms"), ("studentCellPhone", "phone")])
def test_parents_given_the_students_own_cell_through_the_students_join_are_refused(
    tmp_path: Path, column: str, field: str
) -> None:
    """Genesis (tester89 T2): the contacts joined to the students' export, every parent's sms read from the
    student's own cell (`student.studentCellPhone`), which no students' rule publishes: the camel-case header
    was one word to the patterns, and the students' value compared was users.csv's (none), so every parent was
    published with the child's cell at exit 0. Now the student's row's cell is the child's value: refused."""
    profile = _campus_profile(tmp_path, column, f"student.{column}", field)
    result = run(_campus(tmp_path / "in", column), tmp_path / "out", "python", profile)
    assert result.exit_status == 1 and not result.report.published, result.report.counts
    (said,) = result.report.examples["V630"]
    assert said.params["column"] == f"'student.{column}'" and said.params["field"] == field
    assert int(said.params["count"]) == int(said.params["total"]) >= 12
    assert "stop reading the students'" not in said.params["step"]  # no students' rule reads it
    assert not (tmp_path / "out" / "users.csv").exists()


def test_a_cell_of_the_students_row_named_for_no_one_else_is_the_childs(tmp_path: Path) -> None:
    """`student.CellPhone` (one person's mobile, on the student's own row reached by the join), read by no
    students' rule: the child's, refused; `student.MotherCellPhone` there is the mother's, and the guardian's
    phone listed for the student (`student.StudentGuardianPhone`) the guardian's: published."""
    profile = _campus_profile(tmp_path, "CellPhone", "student.CellPhone")
    result = run(_campus(tmp_path / "in", "CellPhone"), tmp_path / "out", "python", profile)
    assert not result.report.published and "V630" in result.report.counts, result.report.counts
    for n, column in enumerate(["MotherCellPhone", "StudentGuardianPhone", "Mothers_Cell"]):
        profile = _campus_profile(tmp_path, column, f"student.{column}")
        result = run(_campus(tmp_path / f"in{n}", column), tmp_path / f"out{n}", "python", profile)
        assert result.report.published and not {"V630", "P131"} & set(result.report.counts), (
            column,
            result.report.counts,
        )


def test_header_words_are_split_at_a_change_of_case() -> None:
    assert child_reads.words("studentCellPhone") == "student Cell Phone"
    assert child_reads.STUDENT_NAMED.search(child_reads.words("studentCellPhone"))
    assert child_reads.PERSONAL.search(child_reads.words("StudentCell"))
    assert child_reads.OTHER_NAMED.search(child_reads.words("Contact1Cell"))
    assert child_reads.HOUSEHOLD_NAMED.search(child_reads.words("homePhone"))


def test_a_join_keyed_on_the_contacts_own_id_reaches_the_parents_row_not_the_students(tmp_path: Path) -> None:
    """One people export holding students and contacts, the links joined to it by the contact's ID: the
    joined CellPhone is the parent's own (a young child listed with the mother's cell is no mapping). Split
    into words ('Cell Phone') it would have been strong evidence, each family sharing a cell refused."""
    (tmp_path / "own.yaml").write_text(
        "name: own\nsources:\n  people: {files: [people.csv], columns: [personID, CellPhone]}\n"
        "  links: {files: [links.csv], columns: [studentID, contactID]}\n"
        "tables:\n  users:\n    students:\n      from: people\n      columns:\n"
        "        sourcedId: {column: personID, clean: [id]}\n        role: student\n"
        "        sms: {column: CellPhone, clean: [phone]}\n"
        "    guardians:\n      from: links\n      join:\n        contact: {source: people, on: {contactID: personID}}\n"
        "      guardian:\n        student: {column: studentID, clean: [id]}\n"
        "        contact: {column: contactID, clean: [id]}\n"
        "      columns:\n        sms: {column: contact.CellPhone, clean: [phone]}\n",
        encoding="utf-8",
    )
    data = load.load(str(tmp_path / "own.yaml")).data
    plan = compile_plan(data, target=REMIND, choices=Choices(as_of=dt.date(2026, 10, 15)))
    assert child_reads.student_columns(plan, "sms").columns == []
    rule = next(r for r in plan.rules["users"] if r.guardian is not None)
    rule = replace(rule, joins={"contact": replace(rule.joins["contact"], local=(FieldRef(None, "studentID"),))})
    plan = replace(plan, rules={**plan.rules, "users": (plan.rules["users"][0], rule)})
    assert child_reads.student_columns(plan, "sms").named  # keyed on the student: the child's own cell


def test_a_fallback_to_the_students_row_counts_only_the_parents_who_take_it(tmp_path: Path) -> None:
    """review202 R7: young children's rows hold the mother's cell; the parents' sms `[cellPhone,
    student.studentCellPhone]` gives the row's cell only to a parent with none of their own (one father). Every
    mother whose own cell equals the child's row was counted: V630 "7 of the 12 ...", refused every night. Only
    the parents who take the value through the fallback count: one family, asked once (P131), published."""
    folder = _campus(tmp_path / "in", "studentCellPhone")
    students = (folder / "students.csv").read_text(encoding="utf-8")
    for n in range(6):  # each family's child's row holds the mother's cell
        students = students.replace(f"(608) 555-42{n:02d}", f"(608) 555-70{n:02d}")
    (folder / "students.csv").write_text(students, encoding="utf-8")
    contacts = (folder / "contacts.csv").read_text(encoding="utf-8")
    contacts = contacts.replace(",(608) 555-7100,", ",,").replace("Mother,1,1,,,555", "Mother,1,1,,(608) 555-6000,555")
    (folder / "contacts.csv").write_text(contacts, encoding="utf-8")  # Dad0 alone has no cell of his own
    profile = _campus_profile(tmp_path, "studentCellPhone", "[cellPhone, student.studentCellPhone]")
    result = run(folder, tmp_path / "out", "python", profile)
    assert "V630" not in result.report.counts and "P131" in result.report.counts, result.report.counts
    assert result.report.published


def test_the_parents_taking_the_childs_cell_are_capped_by_the_rows_leaving_their_own_blank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review205 R8b: where the parents taking the value cannot be told by student (`taken_from` None: IDs the
    export writes otherwise, a prefix), every parent holding the child's cell is counted, the mothers whose own
    cell equals the young child's row too; no more can have taken it than the rows leaving their own columns
    before it blank (`takers`: one father): asked once (P131), not refused every night."""
    monkeypatch.setattr(child_reads, "taken_from", lambda *_args: None)
    folder = _campus(tmp_path / "in", "studentCellPhone")
    students = (folder / "students.csv").read_text(encoding="utf-8")
    for n in range(6):  # each family's child's row holds the mother's cell
        students = students.replace(f"(608) 555-42{n:02d}", f"(608) 555-70{n:02d}")
    (folder / "students.csv").write_text(students, encoding="utf-8")
    contacts = (folder / "contacts.csv").read_text(encoding="utf-8")
    contacts = contacts.replace(",(608) 555-7100,", ",,").replace("Mother,1,1,,,555", "Mother,1,1,,(608) 555-6000,555")
    (folder / "contacts.csv").write_text(contacts, encoding="utf-8")  # Dad0 alone has no cell of his own
    profile = _campus_profile(tmp_path, "studentCellPhone", "[cellPhone, student.studentCellPhone]")
    result = run(folder, tmp_path / "out", "python", profile)
    assert "V630" not in result.report.counts and "P131" in result.report.counts, result.report.counts
    assert result.report.published


def test_a_contact_id_built_from_the_student_id_does_not_make_the_students_join_the_parents_row(
    tmp_path: Path,
) -> None:
    """review202 R1: the contact ID template holding the student ID ('{personID}-{seq}'), the join to the
    students keyed on personID was taken for one keyed on the contact's own ID (the parent's row): every parent
    published with the child's own cell at exit 0. A join keyed on the student link's keys reaches the
    student's row: refused."""
    profile = Path(_campus_profile(tmp_path, "studentCellPhone", "student.studentCellPhone"))
    text = profile.read_text(encoding="utf-8").replace(
        "    guardians:\n", '    guardians:\n      guardian: {contact: {column: null, template: "{personID}-{seq}"}}\n'
    )
    profile.write_text(text, encoding="utf-8")
    result = run(_campus(tmp_path / "in", "studentCellPhone"), tmp_path / "out", "python", str(profile))
    assert not result.report.published and "V630" in result.report.counts, result.report.counts


@pytest.mark.parametrize(
    "reads",
    [
        '{column: cellPhone, fallback: "{student.studentCellPhone}", clean: [phone]}',
        "{column: [cellPhone, student.studentCellPhone], clean: [phone]}",
    ],
    ids=["fallback", "list"],
)
def test_a_fallback_to_the_students_own_cell_is_judged_as_a_list_entry(tmp_path: Path, reads: str) -> None:
    """review202 R3: `fallback: "{student.studentCellPhone}"` was never read by V630 (parts and lists only): the
    fathers without their own cell published with the child's at exit 0, where the same as a list was refused."""
    folder = _campus(tmp_path / "in", "studentCellPhone")
    contacts = (folder / "contacts.csv").read_text(encoding="utf-8")
    for n in range(6):  # no father has a cell of his own
        contacts = contacts.replace(f",(608) 555-71{n:02d},", ",,")
    (folder / "contacts.csv").write_text(contacts, encoding="utf-8")
    profile = Path(_campus_profile(tmp_path, "studentCellPhone", "x"))
    profile.write_text(profile.read_text(encoding="utf-8").replace("sms: {column: x, clean: [phone]}", f"sms: {reads}"))
    result = run(folder, tmp_path / "out", "python", str(profile))
    assert not result.report.published and "V630" in result.report.counts, result.report.counts
    (said,) = result.report.examples["V630"]
    assert said.params["column"] == "'student.studentCellPhone'" and int(said.params["count"]) == 7  # and Rosa Castillo


@pytest.mark.parametrize("empty", ["N/A", "000-000-0000"])
def test_fathers_whose_cell_the_phone_cleaner_blanks_take_the_childs_through_the_fallback(
    tmp_path: Path, empty: str
) -> None:
    """review205 R1: the fathers' cellPhone 'N/A' or '000-000-0000' (blanked by the phone cleaner), the parents'
    sms `[cellPhone, student.studentCellPhone]` gives them the child's cell; the raw cell was judged not blank,
    so no parent counted as taking it: published at exit 0. Judged as the column cleans it: refused."""
    folder = _campus(tmp_path / "in", "studentCellPhone")
    contacts = (folder / "contacts.csv").read_text(encoding="utf-8")
    for n in range(6):
        contacts = contacts.replace(f",(608) 555-71{n:02d},", f",{empty},")
    (folder / "contacts.csv").write_text(contacts, encoding="utf-8")
    profile = _campus_profile(tmp_path, "studentCellPhone", "[cellPhone, student.studentCellPhone]")
    result = run(folder, tmp_path / "out", "python", profile)
    assert not result.report.published and "V630" in result.report.counts, result.report.counts


def test_the_students_own_cell_joined_from_a_second_students_export_is_refused(tmp_path: Path) -> None:
    """review202 R2: the child's cell in a second export no students' rule reads (demographics, keyed on the
    student's ID), joined by the guardians on the student link: users.csv publishes no student sms to compare,
    so every parent went out with the child's cell at exit 0. Its row is the linked student's: refused."""
    folder = _campus(tmp_path / "in", "unused")
    kids = [line.split(",") for line in (folder / "students.csv").read_text(encoding="utf-8").splitlines()[1:]]
    (folder / "demo.csv").write_text(
        "\n".join(["personID,studentCellPhone", *[f"{k[0]},{k[-1]}" for k in kids], ""]), encoding="utf-8"
    )
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "extends: infinite-campus\nsources:\n  demo: {files: [demo.csv], columns: [personID, studentCellPhone]}\n"
        "tables:\n  users:\n    guardians:\n      join:\n        demo: {source: demo, on: {personID: personID}}\n"
        "      columns:\n        sms: {column: demo.studentCellPhone, clean: [phone]}\n",
        encoding="utf-8",
    )
    result = run(folder, tmp_path / "out", "python", str(profile))
    assert not result.report.published and "V630" in result.report.counts, result.report.counts


PREFIXED = (
    '      guardian:\n        student: "S{personID}"\n'
    '    students:\n      columns:\n        sourcedId: "S{personID}"\n'
    '  demographics:\n    students:\n      columns:\n        sourcedId: "S{personID}"\n'
    '  enrollments:\n    students:\n      columns:\n        sourcedId: "{sectionID}-S{personID}"\n'
    '        userSourcedId: "S{personID}"\n'
)


def _demographics(folder: Path, column: str, *, prefixed: bool = False, split: bool = False) -> str:
    """The campus district's students' own cells in a second export no students' rule reads (Genesis's
    StudentDemographics.csv), its `column` joined by the guardians on the student link alone as their sms;
    `prefixed`: the students' IDs written 'S{personID}', the guardians' link too (review198 R2's shape);
    `split`: the contacts' student cell a list ('52000;'), the link and the join reading it so."""
    kids = [line.split(",") for line in (folder / "students.csv").read_text(encoding="utf-8").splitlines()[1:]]
    if split:
        lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
        listed = [lines[0], *[line.replace(",", ";,", 1) for line in lines[1:]]]
        (folder / "contacts.csv").write_text("\n".join([*listed, ""]), encoding="utf-8")
    (folder / "demo.csv").write_text(
        "\n".join([f"personID,gender,{column}", *[f"{k[0]},M,{k[-1]}" for k in kids], ""]), encoding="utf-8"
    )
    profile = folder.parent / f"{column}.yaml"
    profile.write_text(
        f"extends: infinite-campus\nsources:\n  demo: {{files: [demo.csv], columns: [personID, gender, {column}]}}\n"
        "tables:\n  users:\n    guardians:\n      join:\n        demo: {source: demo, on: {personID: personID}"
        + (', split: ";"' if split else "")
        + "}\n"
        f"      columns:\n        sms: {{column: demo.{column}, clean: [phone]}}\n"
        + (PREFIXED if prefixed else "")
        + ('      guardian:\n        student_separator: ";"\n' if split else ""),
        encoding="utf-8",
    )
    return str(profile)


@pytest.mark.parametrize("shape", ["bare", "prefixed", "split"])
@pytest.mark.parametrize(
    "column",
    [
        *("Cell_Phone", "CellPhone", "Mobile", "Text_Number", "SMS", "Cellphone", "CELLPHONE", "Mobilephone"),
        *("Celular", "STUDCELL", "LEARNERCELL", "TELCELULAR", "SELFCELL", "TEXTMESSAGE"),
    ],
)
def test_a_cell_of_a_second_export_joined_on_the_student_link_is_the_childs(
    tmp_path: Path, column: str, shape: str
) -> None:
    """review205 R3: the second students' export's column a bare 'Cell_Phone' (no word naming the student): its
    row, reached on the student link alone, is the student's, yet the join was judged no student's row and the
    values read only for a header naming the student: 47 of 101 parents published with the child's cell, exit 0.
    review208: still so when the students' IDs and the link are written 'S{personID}' (the values were keyed
    only by a bare link), for a header naming no one ('Text_Number', 'SMS': words were still needed), and for a
    join reading the link as a list of students (R5: its rows were judged no student's). review220 R2: a device
    written inside one word ('Cellphone', 'Mobilephone', 'Celular': words() does not split them) published.
    review228 R2: after a short form of the student's word or a learner's ('STUDCELL', 'LEARNERCELL'), or a
    telephone's ('TELCELULAR'), it was asked once and then published (main refused)."""
    folder = _campus(tmp_path / "in", "unused")
    profile = _demographics(folder, column, prefixed=shape == "prefixed", split=shape == "split")
    result = run(folder, tmp_path / "out", "python", profile)
    assert not result.report.published and "V630" in result.report.counts, result.report.counts
    (said,) = result.report.examples["V630"]
    assert said.params["column"] == f"'demo.{column}'" and int(said.params["count"]) >= 12


@pytest.mark.parametrize(("key", "childs"), [("studentNumber", True), ("SSID", True), ("familyKey", False)])
def test_a_second_export_joined_on_another_id_of_the_student_is_the_students_row(
    tmp_path: Path, key: str, childs: bool
) -> None:
    """review216 R3: StudentDemographics keyed on another ID of the student (the one the students' rule publishes
    as identifier, the state's 'SSID'), which the contacts export carries too, joined on it: its row was judged no
    student's (the key not the link's), 47 of 101 parents published with the child's cell at exit 0; refused
    now. A key of the family's ('familyKey') reaches no student's row: not judged, published."""
    folder = _campus(tmp_path / "in", "unused")
    kids = [line.split(",") for line in (folder / "students.csv").read_text(encoding="utf-8").splitlines()[1:]]
    number = {k[0]: k[1] for k in kids}
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    keyed = [f"{lines[0]},{key}", *[f"{x},{number.get(x.split(',')[0], '')}" for x in lines[1:]]]
    (folder / "contacts.csv").write_text("\n".join([*keyed, ""]), encoding="utf-8")
    demo = "\n".join([f"{key},gender,Cell_Phone", *{f"{k[1]},M,{k[-1]}": 0 for k in kids}, ""])
    (folder / "demo.csv").write_text(demo, encoding="utf-8")
    profile = tmp_path / "district.yaml"
    declared = "email, cellPhone, homePhone, workPhone, relationship, guardian, seq"
    profile.write_text(
        f"extends: infinite-campus\nsources:\n  contacts:\n    optional_columns: [{declared}, {key}]\n"
        f"  demo: {{files: [demo.csv], columns: [{key}, gender, Cell_Phone]}}\n"
        "tables:\n  users:\n"
        f"    guardians:\n      join:\n        demo: {{source: demo, on: {{{key}: {key}}}}}\n"
        "      columns:\n        sms: {column: demo.Cell_Phone, clean: [phone]}\n",
        encoding="utf-8",
    )
    result = run(folder, tmp_path / "out", "python", str(profile))
    assert ("V630" in result.report.counts) is childs, result.report.counts
    assert result.report.published is not childs, result.report.counts


@pytest.mark.parametrize(
    "column",
    [
        "Mothers_Cell",
        "Guardian1Cell",
        "PG1_Cell",
        "Parent2Mobile",
        "Home_Phone",
        "Emergency_Phone",
        "Phone",
        "Primary_Phone",
        "Email",
        "PARENTCELL",
        "GUARDIANMOBILE",
        "homephone",
    ],
)
@pytest.mark.parametrize("shape", ["bare", "prefixed", "split"])
def test_a_column_of_the_student_link_export_naming_another_person_is_theirs(
    tmp_path: Path, column: str, shape: str
) -> None:
    """The honest twin: on that same row, a column naming another person (plural, numbered: the mother's, the
    first guardian's) or the household is not the child's, nor a bare 'Phone', 'Primary_Phone' or 'Email' (the
    household's phone, a parent's address, read as the fathers' fallback: review216 R1, refused every night), nor
    one written as one word ('PARENTCELL': review223 R2, refused every night): published, no V630 (the
    children's and the parents' numbers here are one only because the test writes the same cells)."""
    folder = _campus(tmp_path / "in", "unused")
    profile = _demographics(folder, column, prefixed=shape == "prefixed", split=shape == "split")
    result = run(folder, tmp_path / "out", "python", profile)
    assert result.report.published and not {"V630", "P131"} & set(result.report.counts), result.report.counts


@pytest.mark.parametrize("column", ["Personal_Phone", "Own_Number", "Privat", "Context_Phone", "Textalert"])
def test_a_column_of_the_student_link_export_naming_no_one_is_asked(tmp_path: Path, column: str) -> None:
    """review220 R2: on the student link's row, a header naming no one, no family line and no device the words
    know ('Personal_Phone') said nothing, 47 of 101 parents published with the child's cell at exit 0 (round two
    refused): nothing tells whose it is; asked once (P131), published. review223 R2: 'text' found inside a word
    ('Context_Phone', 'Textalert': the number the family's alerts are texted to) was a device, refused every
    night (V630) though the household's phone may be there: asked too."""
    folder = _campus(tmp_path / "in", "unused")
    result = run(folder, tmp_path / "out", "python", _demographics(folder, column))
    assert result.report.published and "P131" in result.report.counts, result.report.counts
    assert "V630" not in result.report.counts, result.report.counts


def test_a_device_word_inside_one_word_is_the_childs_only_at_its_start() -> None:
    """review220 R2 / review223 R2: on a row reached by the student link alone, a device written inside one word
    is the child's at the word's start or after the student ('CELLPHONE', 'STUDENTCELL', 'TEXTNUMBER'); after
    another person or the household it is theirs, not asked ('PARENTCELL', 'homephone'); found anywhere else
    ('Context', 'Textalert') it tells nothing: asked; at a word's end ('SELFCELL', 'XYZCELL') it is the child's."""
    said = child_reads.words
    for column in (
        "Cellphone",
        "CELLPHONE",
        "Smartphone",
        "Celular",
        "STUDENTCELL",
        "MYCELL",
        "TEXTNUMBER",
        "SMSALERT",
        *("STUDCELL", "STDCELL", "STDNTCELL", "STUDMOBILE", "LEARNERCELL", "LEARNERSCELL", "CHILDSCELL", "KIDSCELL"),
        *("TELCELULAR", "TELMOVIL"),
        *("SELFCELL", "PRIVATECELL", "TEXTCELL", "TEXTMESSAGE", "TEXTMSG", "TELEFONOCELULAR", "NUMEROCELULAR"),
        "XYZCELL",
    ):
        assert child_reads.linked_own(said(column)), column
    for column in ("PARENTCELL", "GUARDIANMOBILE", "homephone", "HOMEPHONE", "WorkCellphone", "FAMILYMOBILE"):
        assert not child_reads.linked_own(said(column)) and not child_reads.linked_unsure(said(column)), column
    for column in ("Context_Phone", "Textalert", "Telefono"):
        assert not child_reads.linked_own(said(column)) and child_reads.linked_unsure(said(column)), column


def test_header_words_name_other_people_in_plurals_and_numbers() -> None:
    for column in ("Mothers_Cell", "Fathers Mobile", "Guardian1Phone", "PG1_Cell", "P2Cell", "Contact2Cell", "EC1"):
        assert child_reads.OTHER_NAMED.search(child_reads.words(column)), column
    for column in ("Cell_Phone", "studentCellPhone", "Cell2", "Phone1", "Student_Cell"):
        assert not child_reads.OTHER_NAMED.search(child_reads.words(column)), column
    assert child_reads.words("Contact1Cell") == "Contact 1 Cell"


def _on_contacts(folder: Path, column: str, *, fathers: str = "", mothers: bool = False, blanked: int = 6) -> str:
    """The campus district whose contacts' rows each carry their student's own cell in `column` (Genesis's
    StudentContacts.csv studentCellPhone), the six fathers' own cells `fathers` ('' blank, 'N/A'; None: kept);
    `mothers`: each young child's cell there is the mother's own (only Dad0 lacks one of his own, Rosa Castillo
    has one; Tom Whitfield, no guardian, has none); `blanked`: how many fathers' cells `fathers` replaces (the
    first ones). The parents' sms read `[cellPhone, <column>]`."""
    kids = [line.split(",") for line in (folder / "students.csv").read_text(encoding="utf-8").splitlines()[1:]]
    cells = {k[0]: k[-1] for k in kids}
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    rows = [f"{lines[0]},{column}"]
    for line in lines[1:]:
        cell = cells.get(line.split(",")[0], "")
        for n in range(blanked):
            if mothers:
                cell = cell.replace(f"(608) 555-42{n:02d}", f"(608) 555-70{n:02d}")
                line = line.replace(",(608) 555-7100,", ",,").replace(",(555) 730-2020,", ",,")
                line = line.replace(",,,555 730 3030", ",,(555) 730-3031,555 730 3030")
            elif fathers is not None:
                line = line.replace(f",(608) 555-71{n:02d},", f",{fathers},")
        rows.append(f"{line},{cell}")
    (folder / "contacts.csv").write_text("\n".join([*rows, ""]), encoding="utf-8")
    profile = folder.parent / f"{column}.yaml"
    declared = "email, cellPhone, homePhone, workPhone, relationship, guardian, seq"
    profile.write_text(
        f"extends: infinite-campus\nsources:\n  contacts:\n    optional_columns: [{declared}, {column}]\n"
        "tables:\n  users:\n    guardians:\n      columns:\n"
        f"        sms: {{column: [cellPhone, {column}], clean: [phone]}}\n",
        encoding="utf-8",
    )
    return str(profile)


@pytest.mark.parametrize("fathers", ["", "N/A"])
@pytest.mark.parametrize("column", ["studentCellPhone", "Student_Cell"])
def test_the_childs_cell_on_the_contacts_own_row_given_to_the_fathers_is_refused(
    tmp_path: Path, column: str, fathers: str
) -> None:
    """review205 R4: the child's cell copied onto each contact's row (StudentContacts.csv studentCellPhone), the
    parents' sms `[cellPhone, studentCellPhone]`: the fathers without a cell (blank, or 'N/A' the phone cleaner
    blanks) got the child's. The students' rule publishing no sms, V630 had nothing to compare: exit 0. The
    column naming the student is the child's value on that row: the six fathers and Rosa Castillo, refused."""
    folder = _campus(tmp_path / "in", "unused")
    result = run(folder, tmp_path / "out", "python", _on_contacts(folder, column, fathers=fathers))
    assert not result.report.published and "V630" in result.report.counts, result.report.counts
    (said,) = result.report.examples["V630"]
    assert said.params["column"] == f"'{column}'" and int(said.params["count"]) == 7
    assert "out of the parents' sms column list" in said.params["step"]
    # the child's cell is a phone, given to the parents as their sms (it said "the sms of a student")
    assert "exactly the phone number of a student" in said.message, said.message
    assert "the child's own phone number as their sms" in said.message, said.message


@pytest.mark.parametrize("told", ["by student and by row", "by student alone", "by row alone"])
def test_the_contacts_rows_childs_cell_counts_only_the_parents_who_take_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: str
) -> None:
    """The honest twin: the fathers keep their own cells but Dad0; only he and Rosa Castillo (no cell of her
    own) take the child's through the list: asked once (P131), published. Told by the students whose parents
    took it (`taken_from`) or by the rows taking it (`takers`: the 'Self' row, Luz's, and Tom Whitfield's, no
    guardian, give no parent)."""
    if told == "by student alone":
        monkeypatch.setattr(child_reads, "takers", lambda *_args: None)
    if told == "by row alone":
        monkeypatch.setattr(child_reads, "taken_from", lambda *_args: None)
    folder = _campus(tmp_path / "in", "unused")
    result = run(folder, tmp_path / "out", "python", _on_contacts(folder, "studentCellPhone", blanked=1))
    assert "V630" not in result.report.counts and "P131" in result.report.counts, result.report.counts
    assert result.report.published


def test_a_contacts_row_value_the_mother_holds_as_her_own_is_no_childs(tmp_path: Path) -> None:
    """Each young child's 'studentCellPhone' on the contacts' rows is the mother's own cell (her cellPhone holds
    it too) and not the student's on the students' export: nothing says it is the child's (a family's one
    number), and Dad0 given it is honest: published, nothing asked."""
    folder = _campus(tmp_path / "in", "unused")
    result = run(folder, tmp_path / "out", "python", _on_contacts(folder, "studentCellPhone", mothers=True))
    assert result.report.published and not {"V630", "P131"} & set(result.report.counts), result.report.counts


@pytest.mark.parametrize("column", ["StudentGuardianPhone", "Student_Home_Phone", "StudentMotherCell"])
def test_a_contacts_row_column_naming_the_student_and_someone_else_is_theirs(tmp_path: Path, column: str) -> None:
    """The guardian's number listed for the student ('Student Guardian Phone'), the household's, the mother's:
    read as the parents' sms fallback, no child's value: published, no V630 or P131."""
    folder = _campus(tmp_path / "in", "unused")
    result = run(folder, tmp_path / "out", "python", _on_contacts(folder, column, fathers=""))
    assert result.report.published and not {"V630", "P131"} & set(result.report.counts), result.report.counts


def _own_cell_as(folder: Path, column: str, *, shared: bool = False) -> str:
    """The campus district whose contacts' own cells are (also) headed `column` ('Stu_Guard_Cell': the
    student's guardian's cell), read as the parents' phone and sms; `shared`: each new family's father holds
    the mother's cell (one number for both)."""
    text = (folder / "contacts.csv").read_text(encoding="utf-8")
    for n in range(6 if shared else 0):
        text = text.replace(f",(608) 555-71{n:02d},", f",(608) 555-70{n:02d},")
    (folder / "contacts.csv").write_text(text, encoding="utf-8")
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    rows = [f"{lines[0]},{column}", *[f"{line},{line.split(',')[8]}" for line in lines[1:]]]
    (folder / "contacts.csv").write_text("\n".join([*rows, ""]), encoding="utf-8")
    profile = folder.parent / f"{column}.yaml"
    declared = "email, cellPhone, homePhone, workPhone, relationship, guardian, seq"
    profile.write_text(
        f"extends: infinite-campus\nsources:\n  contacts:\n    optional_columns: [{declared}, {column}]\n"
        "tables:\n  users:\n    guardians:\n      columns:\n"
        f"        sms: {{column: {column}, clean: [phone]}}\n"
        f"        phone: {{column: [{column}, homePhone], clean: [phone]}}\n",
        encoding="utf-8",
    )
    return str(profile)


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("column", ["Stu_Guard_Cell", "Student_Rel_Cell"])
def test_a_contacts_own_cell_headed_for_the_student_is_the_contacts(tmp_path: Path, column: str, shared: bool) -> None:
    """review208 R3: the guardian's own cell headed 'Stu_Guard_Cell' was the child's by its header alone, the
    child's value then each contact's own: every parent matched herself, refused every night (main published).
    Nothing else says it is the child's (no student's row holds it; it differs between a student's contacts,
    or is the same on both parents' rows only as one number both hold, their other cells alike too):
    published, nothing asked."""
    folder = _campus(tmp_path / "in", "unused")
    result = run(folder, tmp_path / "out", "python", _own_cell_as(folder, column, shared=shared))
    assert result.report.published and not {"V630", "P131"} & set(result.report.counts), result.report.counts


def test_the_childs_cell_on_every_contacts_row_is_the_childs_without_the_students_export(tmp_path: Path) -> None:
    """The twin: the students' export holds no cell; the contacts' 'studentCellPhone' is one value on every
    contact row of a student whose contacts' own cells differ: the child's, the six fathers and Rosa Castillo
    given it through the list, refused."""
    folder = _campus(tmp_path / "in", "unused")
    profile = _on_contacts(folder, "studentCellPhone")
    students = (folder / "students.csv").read_text(encoding="utf-8").splitlines()
    blank = [students[0], *[line.rsplit(",", 1)[0] + "," for line in students[1:]]]
    (folder / "students.csv").write_text("\n".join([*blank, ""]), encoding="utf-8")
    result = run(folder, tmp_path / "out", "python", profile)
    assert not result.report.published and "V630" in result.report.counts, result.report.counts
    (said,) = result.report.examples["V630"]
    assert int(said.params["count"]) == 7


def test_the_refusal_says_where_a_contacts_row_childs_value_was_seen(tmp_path: Path) -> None:
    """review208 R4: the parents' sms read from the contacts' 'studentCellPhone' alone: the step named 'of the
    student's row' for a column of the contact's own row, and 'the sms of a student' when users.csv publishes
    none for any student: it says the column is the student's value on each contact's row, seen on the export."""
    folder = _campus(tmp_path / "in", "unused")
    profile = Path(_on_contacts(folder, "studentCellPhone"))
    profile.write_text(profile.read_text(encoding="utf-8").replace("[cellPhone, studentCellPhone]", "studentCellPhone"))
    result = run(folder, tmp_path / "out", "python", str(profile))
    assert not result.report.published and "V630" in result.report.counts, result.report.counts
    (said,) = result.report.examples["V630"]
    assert "'studentCellPhone', the student's value on each contact's row" in said.params["step"], said.params
    assert "of the student's row" not in said.params["step"]
    assert "users.csv publishes no such sms for the student" in said.params["example"], said.params


def test_the_refusal_of_a_published_childs_cell_names_no_export(tmp_path: Path) -> None:
    """The twin: the students' rule publishes the cell as the students' sms: the parents hold what users.csv
    writes, and the example says nothing of an export."""
    folder = _campus(tmp_path / "in", "studentCellPhone")
    profile = Path(_campus_profile(tmp_path, "studentCellPhone", "student.studentCellPhone"))
    profile.write_text(
        profile.read_text(encoding="utf-8")
        + "    students:\n      columns:\n        sms: {column: studentCellPhone, clean: [phone]}\n"
    )
    result = run(folder, tmp_path / "out", "python", str(profile))
    assert not result.report.published and "V630" in result.report.counts, result.report.counts
    (said,) = result.report.examples["V630"]
    assert "users.csv" not in said.params["example"], said.params


def test_the_contacts_export_joined_to_itself_on_the_student_link_is_no_students_row(tmp_path: Path) -> None:
    """review208 R5: the guardians' own export joined to itself on the student link (`kin`, one contact a
    student here) reaches a contact's row, not the student's, though no students' rule reads it: the mothers'
    own cells read through it are theirs: published, nothing asked."""
    folder = _campus(tmp_path / "in", "unused")
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if ",Dad" not in line and ",Tom," not in line]
    (folder / "contacts.csv").write_text("\n".join([*kept, ""]), encoding="utf-8")
    profile = tmp_path / "kin.yaml"
    profile.write_text(
        "extends: infinite-campus\ntables:\n  users:\n    guardians:\n      join:\n"
        "        kin: {source: contacts, on: {personID: personID}, required: false, repeats: same}\n"
        "      columns:\n        sms: {column: kin.cellPhone, clean: [phone]}\n",
        encoding="utf-8",
    )
    result = run(folder, tmp_path / "out", "python", str(profile))
    assert result.report.published and not {"V630", "P131"} & set(result.report.counts), result.report.counts
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert "Mum0,Fam0,,,,+16085557000," in users, users  # her sms: her own cell, read through the join


def test_the_childs_cell_on_a_lone_contact_row_is_told_by_the_students_export(tmp_path: Path) -> None:
    """The twin of the Stu_Guard_Cell case: each new family lists the father alone, his row carrying the
    child's 'studentCellPhone' and no cell of his own: one row, nothing to compare on the contacts, but the
    students' export holds that cell on the child's row: the child's, the six fathers refused (with Rosa)."""
    folder = _campus(tmp_path / "in", "unused")
    profile = _on_contacts(folder, "studentCellPhone")
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    (folder / "contacts.csv").write_text("\n".join([*[x for x in lines if ",Mum" not in x], ""]), encoding="utf-8")
    result = run(folder, tmp_path / "out", "python", profile)
    assert not result.report.published and "V630" in result.report.counts, result.report.counts
    (said,) = result.report.examples["V630"]
    assert int(said.params["count"]) == 7


def test_siblings_sharing_one_phone_on_a_lone_fathers_rows_is_told_by_the_students_export(tmp_path: Path) -> None:
    """The doubt of the lone rows' rule (one value on the contact's row of each of her children is her own): two
    siblings sharing one phone, their 'studentCellPhone' on each of the father's lone rows, his own cell blank.
    The students' export gives both children that cell: the children's, refused (V630), not read as his."""
    folder = _campus(tmp_path / "in", "studentCellPhone")
    students = (folder / "students.csv").read_text(encoding="utf-8").splitlines()
    roster = (folder / "roster.csv").read_text(encoding="utf-8").splitlines()
    contacts = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    for n in range(6):
        students.append(f"{53000 + n},{1300000 + n},0410,Fam{n},Sib{n},,03,04/22/2018,,08/20/2026,,P,English,")
        students[-1] += f"(608) 555-42{n:02d}"  # the phone the two share
        contacts.append(f"{53000 + n},{62001 + 2 * n},Dad{n},Fam{n},Father,1,2,,(608) 555-71{n:02d},")
        roster.append(f"{53000 + n},90001,08/20/2026,")
    for name, lines in (("students", students), ("roster", roster), ("contacts", contacts)):
        (folder / f"{name}.csv").write_text("\n".join([*lines, ""]), encoding="utf-8")
    profile = _on_contacts(folder, "studentCellPhone")
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    kept = [x for x in lines if ",Mum" not in x and not x.startswith("51301,")]
    (folder / "contacts.csv").write_text("\n".join([*kept, ""]), encoding="utf-8")
    result = run(folder, tmp_path / "out", "python", profile)
    assert not result.report.published and "V630" in result.report.counts, result.report.counts
    (said,) = result.report.examples["V630"]
    assert int(said.params["count"]) == 6


def _students_without_cells(folder: Path) -> None:
    students = (folder / "students.csv").read_text(encoding="utf-8").splitlines()
    blank = [students[0], *[line.rsplit(",", 1)[0] + "," for line in students[1:]]]
    (folder / "students.csv").write_text("\n".join([*blank, ""]), encoding="utf-8")


def _students_cells(folder: Path, value: str) -> None:
    """The students' last column (`_campus`'s) holding `value` on every row."""
    students = (folder / "students.csv").read_text(encoding="utf-8").splitlines()
    lines = [students[0], *[f"{line.rsplit(',', 1)[0]},{value}" for line in students[1:]]]
    (folder / "students.csv").write_text("\n".join([*lines, ""]), encoding="utf-8")


@pytest.mark.parametrize(
    ("column", "value"),
    [("unused", ""), ("studentCellPhone", ""), ("Phone", "(608) 555-8800"), ("Primary_Phone", "(608) 555-8800")],
)
def test_the_childs_cell_on_a_lone_contact_row_beside_a_home_phone_is_asked(
    tmp_path: Path, column: str, value: str
) -> None:
    """review216 R2: each new family lists the father alone, his row carrying the child's 'studentCellPhone'
    beside his own home phone, and the students' export holds no cell: 7 fathers were published with the
    child's cell at exit 0, nothing asked. A home line is the household's, no cell of his own (review220 R1:
    the same shape is an honest mother's own 'Stu_Guard_Cell' beside her home phone): nothing tells whose it
    is; asked once (P131), not published silently. review223 R1: so too when the students' export has a
    'studentCellPhone' column left blank, or a household 'Phone' / 'Primary_Phone' (the home line): it was
    taken to give each child a cell of their own, other than the father's row's, and published at exit 0 (the
    Castillos' rows, asked for alone, left out)."""
    folder = _campus(tmp_path / "in", column)
    profile = _on_contacts(folder, "studentCellPhone")
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    lines = [x for x in lines if ",Mum" not in x and not x.startswith("51301,")]
    kept = [x.replace(",Father,1,2,,,,", ",Father,1,2,,,(608) 555-8800,") for x in lines]
    (folder / "contacts.csv").write_text("\n".join([*kept, ""]), encoding="utf-8")
    _students_cells(folder, value)
    result = run(folder, tmp_path / "out", "python", profile)
    assert result.report.published and "P131" in result.report.counts, result.report.counts
    assert "V630" not in result.report.counts, result.report.counts
    # review220 R3: for a column named for the student the likely reading comes first, "nothing to do" last
    (asked,) = result.report.examples["P131"]
    fix = asked.params["fix"]
    assert fix.startswith("A column named for the student") and "the parents would get the child's" in fix, fix
    assert fix.index("and rerun") < fix.index("nothing to do"), fix


def _lone_mothers(folder: Path, *, siblings: bool = False) -> str:
    """The campus district whose new families list the mother alone, her own cell headed 'Stu_Guard_Cell'
    (the student's guardian's cell, as review220's L1), her row's cellPhone blank, a home phone and an email of
    her own beside it; `siblings`: each new family has a second child, the mother's row (the same contact, the
    same cell) on each child's."""
    if siblings:
        students = (folder / "students.csv").read_text(encoding="utf-8").splitlines()
        roster = (folder / "roster.csv").read_text(encoding="utf-8").splitlines()
        contacts = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
        for n in range(6):
            person = 53000 + n
            students.append(f"{person},{1300000 + n},0410,Fam{n},Sib{n},,03,04/22/2018,,08/20/2026,,P,English,")
            contacts.append(f"{person},{62000 + 2 * n},Mum{n},Fam{n},Mother,1,1,,(608) 555-70{n:02d},")
            roster.append(f"{person},90001,08/20/2026,")
        for name, lines in (("students", students), ("roster", roster), ("contacts", contacts)):
            (folder / f"{name}.csv").write_text("\n".join([*lines, ""]), encoding="utf-8")
    profile = _own_cell_as(folder, "Stu_Guard_Cell")
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]]
    for line in lines[1:]:
        if ",Dad" in line:
            continue
        for n in range(6):
            mine = f",Mother,1,1,,(608) 555-70{n:02d},,"
            line = line.replace(mine, f",Mother,1,1,mum{n}@mail.example,,(608) 555-60{n:02d},")
        kept.append(line)
    (folder / "contacts.csv").write_text("\n".join([*kept, ""]), encoding="utf-8")
    return profile


@pytest.mark.parametrize("none", [False, True])
def test_a_lone_mothers_own_cell_headed_for_the_student_is_hers_where_the_child_has_another(
    tmp_path: Path, none: bool
) -> None:
    """review220 R1: one contact row per student, the mother's own 'Stu_Guard_Cell' beside her email and home
    phone: a lone row's value none of her cells holds was the child's, 6 mothers refused every night (V630),
    though the students' export gives each child another cell. The students' export tells: hers, published.
    `none`: her child's cell is blank there, the column holding the other students' (review220's L1): the
    child has none, hers too (asked once when a blank column was taken to tell nothing, review223 R1)."""
    folder = _campus(tmp_path / "in", "studentCellPhone")
    if none:
        text = (folder / "students.csv").read_text(encoding="utf-8")
        for n in range(6):
            text = text.replace(f",(608) 555-42{n:02d}\n", ",\n")
        (folder / "students.csv").write_text(text, encoding="utf-8")
    profile = _lone_mothers(folder)
    result = run(folder, tmp_path / "out", "python", profile)
    assert result.report.published and not {"V630", "P131"} & set(result.report.counts), result.report.counts


@pytest.mark.parametrize("siblings", [False, True])
@pytest.mark.parametrize(
    ("column", "value"),
    [("unused", ""), ("studentCellPhone", ""), ("Phone", "home"), ("Phone", "hers"), ("Primary_Phone", "hers")],
)
def test_a_lone_mothers_own_cell_is_not_refused_without_the_students_cells(
    tmp_path: Path, siblings: bool, column: str, value: str
) -> None:
    """review220 R1, the students' export holding no cell: an email and a home line are no cell of her own that
    differs (asked once, P131, published); the same cell on her row of each of her children is her own number
    (published, nothing asked). review223 R1: a 'studentCellPhone' column left blank, or a household 'Phone'
    holding the home line, gives the child no cell (asked as without); a 'Phone' holding her own cell (the
    family's one number) does not make it the child's (it refused her every night)."""
    folder = _campus(tmp_path / "in", column)
    profile = _lone_mothers(folder, siblings=siblings)
    _students_without_cells(folder)
    if value:  # the household's line of each new family (the second child's too): her home phone, or her own cell
        lines = (folder / "students.csv").read_text(encoding="utf-8").splitlines()
        families = {str(person + n): n for person in (52000, 53000) for n in range(6)}
        for at, line in enumerate(lines[1:], 1):
            n = families.get(line.split(",")[0])
            if n is not None:
                lines[at] = line + (f"(608) 555-60{n:02d}" if value == "home" else f"(608) 555-70{n:02d}")
        (folder / "students.csv").write_text("\n".join([*lines, ""]), encoding="utf-8")
    result = run(folder, tmp_path / "out", "python", profile)
    assert result.report.published and "V630" not in result.report.counts, result.report.counts
    assert ("P131" in result.report.counts) is not siblings, result.report.counts


@pytest.mark.parametrize("column", ["Home_Phone", "Mother_Cell", "homephone"])
def test_a_lone_mothers_own_cell_a_students_household_column_holds_is_asked(tmp_path: Path, column: str) -> None:
    """review223 R1's honest twin: the students' export names the household's line (or the mother's cell), and
    it holds her lone row's own cell: not refused (V630 every night on 'homephone' on main). review228 R3: the
    header is all that says whose it is (the child's own cell under 'Student_Home_Cell' or 'Emergency_Phone'
    was published at exit 0): asked once (P131), published, as main asked."""
    folder = _campus(tmp_path / "in", column)
    profile = _lone_mothers(folder)
    text = (folder / "students.csv").read_text(encoding="utf-8")
    for n in range(6):
        text = text.replace(f"(608) 555-42{n:02d}", f"(608) 555-70{n:02d}")
    (folder / "students.csv").write_text(text, encoding="utf-8")
    result = run(folder, tmp_path / "out", "python", profile)
    assert result.report.published and "P131" in result.report.counts, result.report.counts
    assert "V630" not in result.report.counts, result.report.counts


def _lone_fathers(tmp_path: Path, column: str, cell: Callable[[int, str], str] | None = None) -> tuple[Path, str]:
    """Each new family lists the father alone, his row carrying the child's 'studentCellPhone' (contacts) and no
    cell of his own (Rosa Castillo's rows left out); the students' last `column` holds `cell(n, line)` on each
    student's row (None: each child's own cell, kept)."""
    folder = _campus(tmp_path / "in", column)
    profile = _on_contacts(folder, "studentCellPhone")
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    kept = [x for x in lines if ",Mum" not in x and not x.startswith("51301,")]
    (folder / "contacts.csv").write_text("\n".join([*kept, ""]), encoding="utf-8")
    if cell is not None:
        students = (folder / "students.csv").read_text(encoding="utf-8").splitlines()
        rows = [f"{x.rsplit(',', 1)[0]},{cell(n, x)}" for n, x in enumerate(students[1:])]
        (folder / "students.csv").write_text("\n".join([students[0], *rows, ""]), encoding="utf-8")
    return folder, profile


def _one_cell(value: str) -> Callable[[int, str], str]:
    return lambda n, line: value if n == 0 else ""


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("studentCellPhone", _one_cell("000-000-0000")),  # a placeholder the phone cleaner blanks
        ("studentCellPhone", _one_cell("0")),
        ("studentCellPhone", _one_cell("(608) 555-9911")),  # one teen's real cell; the new children's blank
        ("SMS_Opt_In", lambda n, line: str(n % 2)),
        ("Mobile_Device_ID", lambda n, line: str(40000 + n)),
    ],
)
def test_a_students_device_column_without_the_childs_cell_does_not_make_the_fathers_row_his(
    tmp_path: Path, column: str, cell: Callable[[int, str], str]
) -> None:
    """review228 R1: a device column of the students' export counted as holding cells on any digit on any row
    ('000-000-0000', an opt-in's 0/1, an asset tag); each child blank there then 'had none', and each lone
    father's row carrying the child's cell was read as his own: 6 fathers published with the child's cell at
    exit 0. A column holds cells only where one cleans to a phone; and the contacts' own copy ('studentCellPhone'
    on both) blank on the child's row, the exports disagree: asked (P131), never published silently."""
    folder, profile = _lone_fathers(tmp_path, column, cell)
    result = run(folder, tmp_path / "out", "python", profile)
    assert result.report.published and "P131" in result.report.counts, result.report.counts
    assert "V630" not in result.report.counts, result.report.counts
    (said,) = result.report.examples["P131"]
    assert "6 of the 7 parents" in said.params["finding"], said.params["finding"]


@pytest.mark.parametrize("column", ["Student_Contact_Phone", "Student_Home_Cell", "Emergency_Phone"])
def test_the_childs_cell_in_a_students_column_naming_another_is_asked(tmp_path: Path, column: str) -> None:
    """review228 R3: the child's own cell on the students' export under a header naming a contact or the home
    ('Student_Home_Cell') said it was not the child's, and the 6 lone fathers' rows carrying it were published
    at exit 0 (main asked): such a header only keeps the refusal away, the row is asked (P131)."""
    folder, profile = _lone_fathers(tmp_path, column)
    result = run(folder, tmp_path / "out", "python", profile)
    assert result.report.published and "P131" in result.report.counts, result.report.counts
    assert "V630" not in result.report.counts, result.report.counts
    (said,) = result.report.examples["P131"]
    assert "6 of the 7 parents" in said.params["finding"], said.params["finding"]


def test_the_childs_cell_left_blank_on_one_contact_row_is_asked(tmp_path: Path) -> None:
    """review216 R2: the mothers' copy of 'studentCellPhone' blank, the fathers' carrying it, the students'
    export holding no cell: nothing says whose it is; asked once (P131, published), not published silently."""
    folder = _campus(tmp_path / "in", "unused")
    profile = _on_contacts(folder, "studentCellPhone")
    lines = (folder / "contacts.csv").read_text(encoding="utf-8").splitlines()
    blanked = [lines[0], *[x.rsplit(",", 1)[0] + "," if ",Mum" in x else x for x in lines[1:]]]
    (folder / "contacts.csv").write_text("\n".join([*blanked, ""]), encoding="utf-8")
    _students_without_cells(folder)
    result = run(folder, tmp_path / "out", "python", profile)
    assert result.report.published and "P131" in result.report.counts, result.report.counts
    assert "V630" not in result.report.counts, result.report.counts
