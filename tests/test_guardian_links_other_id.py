"""Contacts naming their students by another ID of theirs, which falls on other students' IDs (X817).

PowerSchool's contacts name a student by her internal ID or DCID; the profile links them by the
Student_Number. In a district numbering its students from 1 and its internal IDs from 11, most such
links still find a student, another family's child: 108 parents were published so at exit 0
(review77 F1a), and where the IDs fell on graduates' numbers, their parents were taken for
graduates' (F1b). The students rule's `other_ids` (ID, DCID) lets the links be looked up in those
columns too: found far more often only there, the set is refused.

Published as before: a district whose ID is its Student_Number (the same number twice tells
nothing), one whose internal IDs overlap the Student_Numbers while the contacts name the
Student_Number, one whose numbers coincide for a few students only, a students export of active
students only beside graduates' contacts whose numbers are this year's IDs. Links found in no
column (graduates no export lists) are said as such by X975 (review77 F4), not as another ID.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Collection
from pathlib import Path

import pytest

from transform import api

NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)
CONTACTS_HEADER = (
    "Contact ID,First Name,Last Name,Is Active,Email Address,Phone Type,phoneNumberAsEntered,Is SMS,studentNumber,"
    "Relationship Type,legalGuardian,Contact Has Custody,Is Emergency Contact"
)


def district(
    folder: Path,
    *,
    current: int = 30,
    graduates: int = 0,
    id_base: int = 10,
    by_id: bool = True,
    parents_of: int | None = None,
    graduates_listed: bool = True,
    id_links: Collection[int] | None = None,
    own_ids: Collection[int] = (),
    step: Collection[int] = (),
) -> Path:
    """`current` students at school 100 (Student_Number 1.., ID `id_base` + the number, or the
    number for those of `own_ids`, the others taking the next IDs from `id_base` + 1 no student
    holds), then `graduates` at 999999; one mother each (the first `parents_of` current students
    only), linked by the ID (`by_id`, or only the mothers of `id_links`) or the Student_Number,
    named Jones for the students of `step`; the graduates left out of students.txt unless listed."""
    students, enrolments, contacts = [], [], []
    free = (n for n in itertools.count(id_base + 1) if n not in own_ids)
    for number in range(1, current + graduates + 1):
        internal = number if number in own_ids else id_base + number if not own_ids else next(free)
        graduate = number > current
        if not graduate or graduates_listed:
            school, status = ("999999", "3") if graduate else ("100", "0")
            students.append(f"{internal}\t{number}\t{school}\tKid{number}\t{family(number)}\t4\t{status}\t3/1/2016")
        if not graduate:
            enrolments.append(f"{internal}\t501\t3600\t100\t08/17/2026\t05/29/2027")
            if parents_of is not None and number > parents_of:
                continue
        by_internal = by_id if id_links is None else number in id_links
        contacts.extend(mother(number, internal if by_internal else number, "Jones" if number in step else ""))
    header = "ID\tStudent_Number\tSchoolID\tFirst_Name\tLast_Name\tGrade_Level\tEnroll_Status\tDOB"
    return write(folder, [header, *students], enrolments, contacts)


def two_ids_district(
    folder: Path, *, current: int = 60, withdrawn: int = 20, interleave: bool = False, key: str = "Student_Number"
) -> Path:
    """review89 R1's shape: Student_Numbers from 31, ID the number - 3, DCID the number - 30 (both
    near the numbers, at two offsets); `withdrawn` students the students export of active students
    only leaves out (the first numbers, or every fourth with `interleave`), their mothers kept in the
    contacts; every mother linked by the `key` column."""
    students, enrolments, contacts = [], [], []
    for at in range(current + withdrawn):
        number = 31 + at
        ids = {"Student_Number": number, "ID": number - 3, "DCID": number - 30}
        gone = at % 4 == 0 and at // 4 < withdrawn if interleave else at < withdrawn
        if not gone:
            students.append(f"{ids['ID']}\t{ids['DCID']}\t{number}\t100\tKid{number}\t{family(number)}\t4\t0\t3/1/2016")
            enrolments.append(f"{ids['ID']}\t501\t3600\t100\t08/17/2026\t05/29/2027")
        contacts.extend(mother(number, ids[key]))
    header = "ID\tDCID\tStudent_Number\tSchoolID\tFirst_Name\tLast_Name\tGrade_Level\tEnroll_Status\tDOB"
    return write(folder, [header, *students], enrolments, contacts)


def enrolled(folder: Path) -> set[str]:
    """The Student_Numbers of students.txt."""
    lines = (folder / "in" / "students.txt").read_text(encoding="utf-8").splitlines()[1:]
    return {line.split("\t")[2] for line in lines}


def family(number: int) -> str:
    """Student `number`'s family name, her own: Smithcb for 21."""
    return "Smith" + str(number).translate(str.maketrans("0123456789", "abcdefghij"))


def mother(number: int, link: int, name: str = "") -> list[str]:
    """The contact rows of student `number`'s mother (Ann, her child's family name or `name`), her link `link`."""
    return [
        f"C{number},Ann,{name or family(number)},1,mom{number}@mail.example.com,Mobile,,1,,,,,",
        f"C{number},,,,,,608-555-{1000 + number},1,,,,,",
        f"C{number},,,,,,,,{link},Mother,1,1,0",
    ]


def write(folder: Path, students: list[str], enrolments: list[str], contacts: list[str]) -> Path:
    """A PowerSchool export folder of one school, one class (section 501) and these students."""
    files = {
        "schools.txt": ["School_Number\tName", "100\tCedar Elementary"],
        "students.txt": students,
        "teachers.txt": [
            "ID\tTeacherNumber\tSchoolID\tFirst_Name\tLast_Name\tEmail_Addr\tStatus\tStaffStatus",
            "1\tT1\t100\tAna\tLopez\talopez@d.example.org\t1\t1",
        ],
        "courses.txt": ["Course_Number\tCourse_Name", "MATH\tMath"],
        "sections.txt": [
            "ID\tSchoolID\tCourse_Number\tSection_Number\tTermID\tExpression\tTeacher",
            "501\t100\tMATH\t1\t3600\t1(A)\t1",
        ],
        "cc.txt": ["StudentID\tSectionID\tTermID\tSchoolID\tDateEnrolled\tDateLeft", *enrolments],
        "terms.txt": ["ID\tSchoolID\tName\tFirstDay\tLastDay", "3600\t100\t2026-2027\t08/17/2026\t05/28/2027"],
        "contacts.csv": [CONTACTS_HEADER, *contacts],
    }
    exports = folder / "in"
    exports.mkdir(parents=True)
    for name, lines in files.items():
        (exports / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return exports


def run(exports: Path, *, engine: str = "python", profile: str = "powerschool") -> api.RunResult:
    options = api.RunOptions(
        profile=profile,
        in_dir=exports,
        out_dir=exports.parent / "out",
        as_of=dt.date(2026, 10, 15),
        now=NOW,
        engine=engine,
    )
    return api.run(options)


def stops(result: api.RunResult) -> list[str]:
    return [p.code.id for p in result.report.aborts]


def parents(folder: Path) -> dict[str, str]:
    """The published parents' IDs and the students each is linked to."""
    with (folder / "out" / "users.csv").open(encoding="utf-8", newline="") as users:
        return {row["sourcedId"]: row["agentSourcedIds"] for row in csv.DictReader(users) if row["role"] == "parent"}


def own_children(folder: Path, count: int) -> dict[str, str]:
    """Each mother GC<n> linked to her own child, Student_Number n."""
    return {f"GC{n}": str(n) for n in range(1, count + 1)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_contacts_by_the_id_falling_on_other_students_numbers_are_refused(tmp_path: Path, engine: str) -> None:
    """review77 F1a: 30 students numbered 1..30, their IDs 11..40, every mother linked by the ID.
    20 links found a student (another family's child), 10 none: before, 20 mothers were published
    linked to strangers' children at exit 0."""
    result = run(district(tmp_path), engine=engine)
    assert result.exit_status == 1 and not result.report.published
    assert stops(result) == ["X817"]
    assert not (tmp_path / "out" / "users.csv").exists()
    stop = result.report.aborts[0]
    assert (stop.where.file, stop.where.line, stop.where.column) == ("contacts.csv", 64, "studentNumber")
    assert stop.message.startswith(
        "contacts.csv: 10 student links of its studentNumber column name no student by the Student_Number of "
        "students.txt but are the ID of a student there, 0 are only the Student_Number of one, 20 both (the "
        "Student_Number of one student and the ID of another), and 10 of 10 links found only so share a name with "
        "that student (0 by chance); line 64: '31' is the ID of students.txt:22, student '21': the export names "
        "its students by their ID"
    )
    assert "link the guardians by the ID (a join to students.txt on ID, reading its Student_Number)" in stop.message


def test_contacts_by_the_id_falling_on_graduates_numbers_are_refused(tmp_path: Path) -> None:
    """review77 F1b: 30 current students and 60 graduates at 999999 the students export lists; the
    IDs (21..110) fall on graduates' numbers too. Before, those mothers were left out as graduates'
    (F413) and the rest published with other families' children, exit 0."""
    result = run(district(tmp_path, graduates=60, id_base=20))
    assert stops(result) == ["X817"] and not result.report.published
    assert result.report.aborts[0].params["by_other"] == 20 and result.report.aborts[0].params["by_linked"] == 0


def test_a_district_whose_id_is_its_student_number_is_published(tmp_path: Path) -> None:
    """ID == Student_Number for everyone: links by either are right, nothing to tell apart."""
    result = run(district(tmp_path, id_base=0, graduates=20))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert parents(tmp_path) == own_children(tmp_path, 30)


def test_contacts_by_the_student_number_beside_overlapping_ids_are_published(tmp_path: Path) -> None:
    """The mirror of F1a: the same overlapping numbers, the contacts by the Student_Number."""
    result = run(district(tmp_path, by_id=False, graduates=60, id_base=20))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert parents(tmp_path) == own_children(tmp_path, 30)
    assert "X817" not in result.report.counts


def test_numbers_coinciding_for_a_few_students_only_are_published(tmp_path: Path) -> None:
    """Student_Numbers 1..30, IDs 26..55: five numbers are another student's ID, by chance."""
    result = run(district(tmp_path, by_id=False, id_base=25))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert parents(tmp_path) == own_children(tmp_path, 30)


def test_contacts_keyed_half_by_the_id_half_by_the_number_are_refused(tmp_path: Path) -> None:
    """reviewer89 H1: the mothers of odd numbers linked by the ID (11..70), the others by the
    Student_Number (1..60), as before and after a migration. Most links of either are one student's
    number and another's ID (both), and as many are found only so as only a number: the counts say
    nothing, and 25 mothers were published linked to strangers' children at exit 0. The names do:
    25 of the links that are both share a name with the student whose ID they are, 25 with the one
    whose number they are. A step-mother in every third family (named Jones) does not hide it."""
    exports = district(tmp_path, current=60, id_links=range(1, 61, 2), step=range(3, 61, 3))
    result = run(exports)
    assert result.exit_status == 1 and not result.report.published
    assert stops(result) == ["X817"]
    stop = result.report.aborts[0]
    assert (stop.params["by_other"], stop.params["by_linked"], stop.params["both"]) == (5, 5, 50)
    assert (stop.params["twofold_other"], stop.params["twofold_linked"]) == (17, 16)
    assert (
        "and 17 of 50 links that are both share a name with the student whose ID they are, not with the one whose "
        "Student_Number they are (0 by chance)"
    ) in stop.message
    assert "line 4: '11' is the ID of students.txt:2, student '1' (the contact's family)" in stop.message
    assert (
        "of the 50 links that are both, 16 share a name with the student whose Student_Number they are only: the "
        "export keys contacts by the Student_Number, and the 17 may be keyed by the ID (contacts entered before a "
        "migration?), their parents linked to other families' children; nothing published: if the contact of line "
        "4 is no parent of the student whose Student_Number the link is, export the contacts keyed by the "
        "Student_Number, all of them (no join can tell which column a link is of); if she is (a family whose "
        "children carry other names), export the students with their Family_Ident (one household for a family's "
        "children), or list no other_ids in a district profile (other_ids: [])"
    ) in stop.message


def test_contacts_by_the_id_where_some_ids_are_the_numbers_are_refused(tmp_path: Path) -> None:
    """dcid54b: every mother linked by the ID, the ID of every fifth student her Student_Number
    (records migrated so), the others' IDs from 4 on. Those links are found only as a number, the
    rest are both but 3: the counts said nothing, and 45 of 60 mothers were published linked to
    other families' children. The links that are both share the name of the student whose ID they
    are: refused, the fix the join on the ID."""
    result = run(district(tmp_path, current=60, id_base=3, own_ids=range(5, 61, 5)))
    assert stops(result) == ["X817"] and not result.report.published
    stop = result.report.aborts[0]
    assert (stop.params["by_other"], stop.params["by_linked"], stop.params["both"]) == (3, 12, 45)
    assert (stop.params["twofold_other"], stop.params["twofold_linked"]) == (45, 0)
    assert "the export names its students by their ID, so its parents would be linked" in stop.message
    assert "link the guardians by the ID (a join to students.txt on ID, reading its Student_Number)" in stop.message


def test_honest_step_families_beside_overlapping_ids_are_published(tmp_path: Path) -> None:
    """Contacts by the Student_Number (1..60), IDs 11..70, half the mothers named otherwise than
    their children (Jones): the links that are both share no name with the student whose ID they are
    (a step-mother's name is no other student's family's more often than by chance)."""
    result = run(district(tmp_path, current=60, by_id=False, id_base=10, step=range(1, 61, 2)))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert "X817" not in result.report.counts
    facts = result.report.facts["links_other_ids"]
    assert (facts["twofold_links"], facts["twofold_apart"], facts["twofold_other"]) == (50, 25, 0)
    assert parents(tmp_path) == own_children(tmp_path, 60)


def test_honest_blended_families_on_consecutive_numbers_are_published(tmp_path: Path) -> None:
    """Contacts by the Student_Number, each ID the number + 1; the mothers of 15 students are also
    the mothers of the next student (a half-sibling of another family name, enrolled with them).
    Her link to the half-sibling is his number and her own-named child's ID: she shares a name with
    the student of the other reading only, but she is that student's mother by her number too."""
    exports = district(tmp_path, current=30, by_id=False, id_base=1)
    contacts = exports / "contacts.csv"
    half_siblings = [f"C{n},,,,,,,,{n + 1},Mother,1,1,0" for n in range(1, 30, 2)]
    contacts.write_text(contacts.read_text(encoding="utf-8") + "\n".join(half_siblings) + "\n", encoding="utf-8")
    result = run(exports)
    assert result.exit_status == 0 and result.report.published, stops(result)
    expected = {mother: {child} for mother, child in own_children(tmp_path, 30).items()}
    expected |= {f"GC{n}": {str(n), str(n + 1)} for n in range(1, 30, 2)}
    assert {mother: set(children.split(",")) for mother, children in parents(tmp_path).items()} == expected


def blended_households(folder: Path, *, households: bool) -> Path:
    """review95 F1's shape: 40 students numbered 101.., each ID the number - 1, enrolled in pairs
    (n, n + 1) of half-siblings, each carrying the name of their own father (linked to them alone);
    the pair's mother carries the younger one's name and is two contact records, one per child (as
    PowerSchool's contact migration leaves them), all by the Student_Number. Each pair is household
    P<n> of the students export's Family_Ident (`households`, else the export has no such column)."""
    header = "ID\tStudent_Number\tSchoolID\tFirst_Name\tLast_Name\tGrade_Level\tEnroll_Status\tDOB"
    students, enrolments, contacts = [header + ("\tFamily_Ident" if households else "")], [], []
    for number in range(101, 141):
        pair = number - (number - 101) % 2
        home = f"\tP{pair}" if households else ""
        students.append(f"{number - 1}\t{number}\t100\tKid{number}\t{family(number)}\t4\t0\t3/1/2016{home}")
        enrolments.append(f"{number - 1}\t501\t3600\t100\t08/17/2026\t05/29/2027")
        for contact, (given, name) in {
            f"D{number}": ("Dan", family(number)),
            f"M{number}": ("Eve", family(pair + 1)),
        }.items():
            contacts += [
                f"{contact},{given},{name},1,{contact.lower()}@mail.example.com,Mobile,608-555-{number},1,,,,,",
                f"{contact},,,,,,,,{number},{'Father' if given == 'Dan' else 'Mother'},1,1,0",
            ]
    return write(folder, students, enrolments, contacts)


@pytest.mark.parametrize("households", [True, False], ids=["family-ident", "no-household"])
def test_honest_blended_families_recorded_once_per_child_are_published(tmp_path: Path, households: bool) -> None:
    """review95 F1: the mother's link to her elder child (his number) is her younger child's ID, and
    she shares a name with the younger one only: 20 such links, and before, X817 refused the district
    (a false refusal, no flag past it), as the exclusion of c2ff5ef looked for her own record linked
    to the younger child, and hers is another record. Both students of such a link are one family's:
    one household where the export says so, else another record of hers (the same name) is linked to
    the younger child. Those links are no evidence of a keying by the ID: published, every parent right."""
    result = run(blended_households(tmp_path, households=households))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert "X817" not in result.report.counts
    assert result.report.facts["links_other_ids"]["twofold_other"] == 0
    expected = {f"G{who}{n}": str(n) for n in range(101, 141) for who in "DM"}
    assert parents(tmp_path) == expected


def test_graduates_contacts_on_this_years_ids_beside_few_parents_are_published(tmp_path: Path) -> None:
    """A students export of active students only (40), the contacts of 80 graduates kept, whose
    numbers are this year's students' IDs, and parents for 12 of this year's students only: more
    links are an ID than a Student_Number, but most name no student at all, as graduates' do."""
    exports = district(
        tmp_path, current=40, graduates=80, id_base=40, by_id=False, parents_of=12, graduates_listed=False
    )
    result = run(exports)
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert parents(tmp_path) == own_children(tmp_path, 12)


def test_links_to_students_no_export_lists_are_said_so_by_x975(tmp_path: Path) -> None:
    """review77 F4: active students only, 200 graduates' contacts kept, no overlap of the numbers,
    parents for 3 of 40 students: X975 as before, in words that say the links name students no
    export lists, not another ID."""
    exports = district(
        tmp_path, current=40, graduates=200, id_base=5000, by_id=False, parents_of=3, graduates_listed=False
    )
    result = run(exports)
    assert stops(result) == ["X975"]
    assert (
        "the students they name are in no ID column of students.txt (Student_Number, ID): students no export "
        "lists (past students, whose contacts the export keeps?)" in result.report.aborts[0].message
    )


def test_a_district_profile_listing_no_other_ids_is_not_refused(tmp_path: Path) -> None:
    """`other_ids: []` replaces the bundled list: the district's word that its links are right."""
    exports = district(tmp_path)
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\nextends: powerschool\ntables:\n  users:\n    students:\n      other_ids: []\n",
        encoding="utf-8",
    )
    result = run(exports, profile=str(profile))
    assert "X817" not in result.report.counts


def test_a_district_replacing_the_students_columns_is_still_judged(tmp_path: Path) -> None:
    """A district profile replacing the students source's optional columns (DCID no longer
    declared) runs as before, its ID column still looked up in the header: no P106, X817."""
    exports = district(tmp_path)
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\nextends: powerschool\nsources:\n  students:\n    optional_columns: [Middle_Name, "
        "Home_Phone, Student_Web_ID, Home_Language, Mother, Father, Mother_Email, Father_Email, GuardianEmail, "
        "Mother_Home_Phone, Father_Home_Phone, Motherdayphone, Fatherdayphone, Family_Ident]\n",
        encoding="utf-8",
    )
    result = run(exports, profile=str(profile))
    assert stops(result) == ["X817"]


def joined_on_id(tmp_path: Path) -> str:
    """A district profile as X817's fix once read: the contacts joined to the students export on ID,
    each link read as the joined student's Student_Number."""
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\nextends: powerschool\ntables:\n  users:\n    contacts:\n      join:\n"
        "        student: {source: students, on: {studentNumber: ID}, required: false}\n"
        "      guardian:\n        student: {column: student.Student_Number, clean: [id]}\n",
        encoding="utf-8",
    )
    return str(profile)


def test_links_read_by_the_id_as_the_fix_says_are_published_right(tmp_path: Path) -> None:
    """X817's fix, in a district profile: join the students export on ID, read the Student_Number."""
    exports = district(tmp_path, graduates=20)
    result = run(exports, profile=joined_on_id(tmp_path))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert parents(tmp_path) == own_children(tmp_path, 30)


def test_honest_links_beside_withdrawn_students_on_two_other_id_series_are_published(tmp_path: Path) -> None:
    """review89 R1: contacts keyed by the Student_Number (right), an active-only students export,
    the mothers of 20 withdrawn students kept. Their numbers (31..50) are current students' DCIDs,
    while nearly every current student's number is another's ID or DCID too (both): 20 links only
    a DCID beside 3 only a Student_Number. Before, X817 refused it, no flag past it; the mothers
    share no name with the students whose DCIDs their links are: no links by the DCID."""
    result = run(two_ids_district(tmp_path))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert "X817" not in result.report.counts
    facts = result.report.facts["links_other_ids"]
    assert (facts["other"], facts["by_other"], facts["by_linked"]) == ("DCID", 20, 3)
    assert (facts["named_links"], facts["named_shared"]) == (20, 0)
    assert parents(tmp_path) == {f"GC{n}": n for n in sorted(enrolled(tmp_path))}


def test_honest_links_of_students_withdrawn_over_the_years_are_published(tmp_path: Path) -> None:
    """review89 R1c: the same with the withdrawn students spread through the numbering (every
    fourth), their links other students' IDs and DCIDs both."""
    result = run(two_ids_district(tmp_path, current=90, withdrawn=30, interleave=True))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert result.report.facts["links_other_ids"]["by_other"] >= 10
    assert parents(tmp_path) == {f"GC{n}": n for n in sorted(enrolled(tmp_path))}


def test_links_by_the_dcid_beside_the_id_are_refused_naming_the_dcid(tmp_path: Path) -> None:
    """review89 M1: the contacts keyed by the DCID, the students export holding ID and DCID. The
    links found only as a DCID share their students' family names: refused, the message naming the
    DCID and the Student_Number to read, not the ID."""
    result = run(two_ids_district(tmp_path, withdrawn=0, key="DCID"))
    assert stops(result) == ["X817"] and not result.report.published
    stop = result.report.aborts[0]
    assert stop.params["other"] == "DCID"
    assert "30 links found only so share a name with that student (0 by chance)" in stop.message
    assert "(a join to students.txt on DCID, reading its Student_Number)" in stop.message


def test_following_the_fix_after_a_join_names_the_student_number_to_read(tmp_path: Path) -> None:
    """review89 M1: a district joining on ID as the help once wrote, its links by the DCID: the
    second X817 names the DCID, and the Student_Number to read, not the ID the join reads."""
    exports = two_ids_district(tmp_path, withdrawn=0, key="DCID")
    result = run(exports, profile=joined_on_id(tmp_path))
    assert stops(result) == ["X817"]
    stop = result.report.aborts[0]
    assert (stop.params["linked"], stop.params["other"]) == ("ID", "DCID")
    assert "reading its Student_Number), or export the contacts keyed by the Student_Number" in stop.message


def test_skyward_guardians_naming_students_by_their_other_id_are_refused(tmp_path: Path) -> None:
    """Skyward SMS joins guardian.csv's STUDENT-ID to the students' STUDENT-ID for the OTHER-ID it
    publishes. A guardian.csv written with OTHER-IDs (1..30) where the STUDENT-IDs are 11..40 joined
    20 mothers to other families' children."""
    exports = tmp_path / "in"
    exports.mkdir()
    students = [f"{10 + n},{n},Kid{n},Family{n},2030,01/01/2014,001,A" for n in range(1, 31)]
    guardians = [f"{n},9{n},Mom{n},Family{n},mom{n}@mail.example.com,Y" for n in range(1, 31)]
    files = {
        "school.csv": ["SCHOOL-ID,SCHOOL-NAME", "001,Pine Lake Elementary"],
        "student.csv": [
            "STUDENT-ID,OTHER-ID,FIRST-NAME,LAST-NAME,GRAD-YR,BIRTHDATE,SCHOOL-ID,STUDENT-STATUS",
            *students,
        ],
        "guardian.csv": ["STUDENT-ID,NAME-ID,FIRST-NAME,LAST-NAME,INTERNET-ADDRESS,CUST-PAR", *guardians],
        "staff.csv": ["STAFF-ID,FIRST-NAME,LAST-NAME,INTERNET-ADDRESS,SCHOOL-ID,STAFF-STATUS"],
        "class.csv": ["CLASS-ID,SCHOOL-ID,COURSE-ID,COURSE-DESC,PERIOD,TERM,TERM-START,TERM-END,STAFF-ID"],
        "schedule.csv": ["STUDENT-ID,CLASS-ID,SCHOOL-ID,DROP-DATE"],
    }
    for name, lines in files.items():
        (exports / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = api.run(
        api.RunOptions(
            profile="skyward-sms",
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            now=NOW,
            users_only=True,
        )
    )
    assert "X817" in stops(result) and not result.report.published
    stop = next(p for p in result.report.aborts if p.code.id == "X817")
    assert (stop.params["link"], stop.params["linked"], stop.params["other"]) == (
        "STUDENT-ID",
        "STUDENT-ID",
        "OTHER-ID",
    )
