"""A contacts export's own relationship words against the people a guardians rule links (stop 47's
leftovers of tester57's mapping mistakes).

A new admin's guardians rule with no `link_where` at all, whose role map's default makes every
relationship it does not list a guardian, published the emergency contacts and the family doctor
as parents at exit 0: V559, exit 1 every night it holds. A custody flag read the wrong way round
where every family also has an emergency contact left every student linked, to the emergency
contacts, so X886 (students with no parent left) saw nothing (F15): V562, exit 1 every night. A
district whose contacts export holds only guardians, or whose flag is read right, is no word.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from tests.test_mapping_mistakes import COURSES, HEADER, PROFILE, RIGHT, TEACHERS
from transform import api

AS_OF = dt.date(2026, 10, 15)
FAMILIES = 30
# One emergency contact a family, by the words SIS exports write (Infinite Campus, Aeries, a new SIS).
EMERGENCY = ["Emergency Contact", "Doctor", "Neighbor", "Grandmother", "Aunt", "Pick Up Only"]

# --- a new SIS with no bundled profile: the one-file schedule of test_mapping_mistakes, and a
# contacts file of a row per student and contact ---
CONTACTS = """\
  contacts:
    files: [Contacts.csv]
    columns: [Student ID, Contact ID, First, Last, Relationship, Custody, Email, Phone]
"""
GUARDIANS = """\
    guardians:
      from: contacts
      guardian:
        student: {column: Student ID, clean: [id]}
        contact: {column: Contact ID, clean: [id]}
LINK_WHERE      columns:
        givenName: {column: First, clean: [name]}
        familyName: {column: Last, clean: [name]}
        email: {column: Email, clean: [email]}
        phone: {column: Phone, clean: [phone]}
        role: {column: Relationship, map: relations}
"""
MAPS = """\
maps:
  relations:
    values: {mother: parent, father: parent, stepmother: parent, stepfather: parent, guardian: guardian}
    unmapped: default
    default: guardian
"""
NO_LINK_WHERE = ""
CONDITION = (
    '        link_where:\n          custodial: {field: "{Custody}", op: in, value: VALUES, reason: emergency-contact}\n'
)
CUSTODIAL = CONDITION.replace("VALUES", '[Y, "yes", "1", t, "true", x]')
REVERSED = CONDITION.replace("VALUES", '[N, "no", "0", f, "false"]')  # the custody flag read backwards


def new_sis(folder: Path, *, emergency: bool = True, phone_changed: bool = False) -> Path:
    """FAMILIES students of one high school, each in three classes, with a custodial mother and
    father and (`emergency`) one non-custodial emergency contact of their own in Contacts.csv."""
    folder.mkdir(parents=True)
    rows, contacts = [], [["Student ID", "Contact ID", "First", "Last", "Relationship", "Custody", "Email", "Phone"]]
    for n in range(FAMILIES):
        student = [
            f"00013{n:02d}",
            f"Family{n}",
            f"Kid{n}",
            "10",
            f"kid{n}@students.harbor.k12.us",
            "205",
            "Harbor High",
        ]
        for (teacher, name, login), (code, title) in zip(TEACHERS, COURSES, strict=True):
            rows.append([*student, code, title, teacher, name, f"{login}@harbor.k12.us"])
        phone = 4000 + n + (1000 if phone_changed and n < 3 else 0)  # three families' new numbers: a night's news
        people = [("Mom", "Mother", "Y"), ("Dad", "Father", "Y")]
        people += [("Help", EMERGENCY[n % len(EMERGENCY)], "N")] if emergency else []
        for k, (first, relation, custody) in enumerate(people):
            contacts.append(
                [student[0], f"C{n:02d}{k}", f"{first}{n}", f"Family{n}", relation, custody,
                 f"{first.lower()}{n}@example.com", f"(608) 555-{phone + 100 * k:04d}"]
            )  # fmt: skip
    for name, table in (("StudentSchedule.csv", [HEADER, *rows]), ("Contacts.csv", contacts)):
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(table)
    return folder


def new_profile(folder: Path, link_where: str) -> Path:
    text = PROFILE.replace(
        "    columns: [Student ID, Last Name",
        CONTACTS + "  sched:\n    files: [StudentSchedule.csv]\n    columns: [Student ID, Last Name",
        1,
    )
    text = text.replace("  sched:\n    files: [StudentSchedule.csv]\n", "", 1)
    for key, value in RIGHT.items():
        text = text.replace(key, value)
    text = text.replace("  classes:\n", GUARDIANS.replace("LINK_WHERE", link_where) + "  classes:\n", 1) + MAPS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "harbor.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def night(profile: Path, exports: Path, out: Path, as_of: dt.date = AS_OF) -> api.RunResult:
    return api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=as_of))


def parents(out: Path) -> dict[str, str]:
    """Each parent or guardian published, by given name: the students linked."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            u["givenName"]: u["agentSourcedIds"] for u in csv.DictReader(handle) if u["role"] in ("parent", "guardian")
        }


def test_the_right_profile_links_the_mothers_and_fathers_with_no_word(tmp_path: Path) -> None:
    exports = new_sis(tmp_path / "in")
    python, _ = both_engines(
        tmp_path / "runs", profile=str(new_profile(tmp_path, CUSTODIAL)), in_dir=exports, as_of=AS_OF
    )
    assert python.exit_status == api.EXIT_PUBLISHED, [str(p) for p in python.problems]
    assert not {"V559", "V562", "X886"} & set(python.report.counts)
    assert sorted(parents(tmp_path / "runs" / "python")) == sorted(
        f"{who}{n}" for n in range(FAMILIES) for who in ("Mom", "Dad")
    )


def test_contacts_of_guardians_only_with_no_link_where_are_no_word(tmp_path: Path) -> None:
    """A district whose contacts export lists the guardians only needs no link_where: no false alarm."""
    exports = new_sis(tmp_path / "in", emergency=False)
    result = night(new_profile(tmp_path, NO_LINK_WHERE), exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert not {"V559", "V562"} & set(result.report.counts)
    assert len(parents(tmp_path / "out")) == 2 * FAMILIES


def test_no_link_where_linking_emergency_contacts_and_doctors_refuses_a_first_set(tmp_path: Path) -> None:
    """Before: the neighbour, the doctor and the pickup contact of every family published as
    guardians, each linked to the child, at exit 0 with no word; then at exit 1, published (tester74
    T3). A first set is refused now (X820), its step the rule and the way out."""
    exports = new_sis(tmp_path / "in")
    profile = new_profile(tmp_path, NO_LINK_WHERE)
    first = night(profile, exports, tmp_path / "out")
    assert first.exit_status == api.EXIT_NOT_PUBLISHED and not first.report.published
    assert not (tmp_path / "out" / "users.csv").exists()
    (said,) = first.report.examples["V559"]
    assert (said.where.file, said.where.line) == ("Contacts.csv", 4)  # Help0, the first family's Emergency Contact
    assert said.params["rule"] == "users.guardians" and said.params["total"] == f"{3 * FAMILIES}"
    assert said.params["count"] == "20"  # Emergency Contact, Doctor, Neighbor, Pick Up Only: 5 families each
    assert "'Doctor' (5), 'Emergency Contact' (5), 'Neighbor' (5), 'Pick Up Only' (5)" in said.params["words"]
    assert said.params["how"] == (
        "the rule has no link_where to leave them out, and its role map 'relations' makes every relationship "
        "it does not list a guardian"
    )
    (stop,) = first.problems
    assert stop.code.id == "X820" and stop.params["when"] == "a first set"
    assert "give it a link_where" in str(stop.params["step"])
    listed = "'Doctor': guardian, 'Emergency Contact': guardian, 'Neighbor': guardian, 'Pick Up Only': guardian"
    assert f"in its role map (values: {{{listed}}})" in str(stop.params["step"])
    fixed = night(new_profile(tmp_path / "fixed", CUSTODIAL), exports, tmp_path / "fixed-out")
    assert fixed.exit_status == api.EXIT_PUBLISHED and "V559" not in fixed.report.counts


def test_emergency_contacts_listed_as_guardians_by_the_role_map_are_the_district_s_word(tmp_path: Path) -> None:
    """X820's way out where the contacts are meant: the role map lists their relationships as a guardian's."""
    exports = new_sis(tmp_path / "in")
    profile = new_profile(tmp_path, NO_LINK_WHERE)
    meant = (
        "guardian: guardian, doctor: guardian, emergency contact: guardian, neighbor: guardian, pick up only: guardian}"
    )
    profile.write_text(profile.read_text(encoding="utf-8").replace("guardian: guardian}", meant), "utf-8")
    result = night(profile, exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert "Help1" in parents(tmp_path / "out")


def test_emergency_contacts_linked_on_a_later_night_are_published_and_said(tmp_path: Path) -> None:
    """A set already published with this profile: the night's emergency contacts are said (V559, exit 1),
    not refused (new_profile_stops' doc)."""
    profile = new_profile(tmp_path, NO_LINK_WHERE)
    assert night(profile, new_sis(tmp_path / "in", emergency=False), tmp_path / "out").exit_status == api.EXIT_PUBLISHED
    later = night(profile, new_sis(tmp_path / "in2"), tmp_path / "out", AS_OF + dt.timedelta(1))
    assert later.exit_status == api.EXIT_NOT_PUBLISHED and later.report.published  # every night
    assert later.report.counts["V559"] == 1 and "X820" not in later.report.counts


def _relations(exports: Path, **written: str) -> None:
    """Contacts.csv's Relationship (and Custody: `custody`) rewritten, by the relationship new_sis writes."""
    custody = written.pop("custody", "")
    with (exports / "Contacts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        row[5] = custody or row[5]
        row[4] = written.get(row[4], row[4])
    with (exports / "Contacts.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_a_relationship_naming_a_guardian_too_is_no_emergency_contact(tmp_path: Path) -> None:
    """The custodial fathers written 'Emergency Contact/Guardian', the custody flag read right: V559 read
    the emergency word over the guardian one, and X820 refused an honest first set (reviewer148 R2)."""
    exports = new_sis(tmp_path / "in", emergency=False)
    _relations(exports, Father="Emergency Contact/Guardian")
    result = night(new_profile(tmp_path, CUSTODIAL), exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert len(parents(tmp_path / "out")) == 2 * FAMILIES


def test_a_link_where_already_reading_the_flag_is_not_told_to_read_one(tmp_path: Path) -> None:
    """The office flagged the emergency contacts custodial too: the link_where reads Custody and keeps
    them. X820's step told it to read the export's own flag, which it does (reviewer148 R2)."""
    exports = new_sis(tmp_path / "in")
    _relations(exports, custody="Y")
    result = night(new_profile(tmp_path, CUSTODIAL), exports, tmp_path / "out")
    (stop,) = result.problems
    assert stop.code.id == "X820" and not result.report.published
    step = str(stop.params["step"])
    assert "its link_where (custodial) reads Custody and still keeps them: see what Custody says" in step
    assert "make it read" not in step


def test_a_role_map_dropping_the_emergency_words_is_no_word(tmp_path: Path) -> None:
    """No link_where, but a role map that drops what it does not list: the emergency contacts are
    left out by the map, and nothing kept says otherwise."""
    exports = new_sis(tmp_path / "in")
    profile = new_profile(tmp_path, NO_LINK_WHERE)
    profile.write_text(profile.read_text(encoding="utf-8").replace("unmapped: default", "unmapped: drop"), "utf-8")
    result = night(profile, exports, tmp_path / "out")
    assert "V559" not in result.report.counts
    assert "Help1" not in parents(tmp_path / "out")


def test_a_value_not_in_the_role_map_is_said_only_for_the_links_kept(tmp_path: Path) -> None:
    """The custody flag leaves each family's emergency contact out (F409); their relationship words
    (Grandmother, Doctor, ...) were said every night as D302 'written as guardian' though nothing was
    written (tester69 F9), and on a first set they now make the run exit 1. Only the fathers, kept and
    written as the map's default, are said."""
    exports = new_sis(tmp_path / "in")
    profile = new_profile(tmp_path, CUSTODIAL)
    profile.write_text(profile.read_text(encoding="utf-8").replace("father: parent, ", "", 1), "utf-8")
    python, _ = both_engines(tmp_path / "runs", profile=str(profile), in_dir=exports, as_of=AS_OF)
    assert {p.params["value"] for p in python.report.examples["D302"]} == {"Father"}
    assert python.report.counts["D302"] == FAMILIES and python.report.counts["F409"] == FAMILIES


def test_a_custody_flag_read_backwards_where_every_family_has_an_emergency_contact(tmp_path: Path) -> None:
    """F15's blind spot: every student linked (to the emergency contacts), so X886 said nothing; the
    mothers and fathers were left out as emergency contacts, at exit 0. Said every night now."""
    exports = new_sis(tmp_path / "in")
    profile = new_profile(tmp_path, REVERSED)
    python, _ = both_engines(tmp_path / "runs", profile=str(profile), in_dir=exports, as_of=AS_OF)
    assert python.exit_status == api.EXIT_NOT_PUBLISHED and not python.report.published  # a first set: X820
    assert [p.code.id for p in python.problems] == ["X820"]
    assert "read its link_where (custodial) the other way round" in str(python.problems[0].params["step"])
    assert "X886" not in python.report.counts and "V559" not in python.report.counts  # the one cause, said once
    (said,) = python.report.examples["V562"]
    assert str(said).startswith(
        "Contacts.csv:1 [Relationship]: V562 guardian-links-reversed: users.guardians: its link_where (custodial) "
        f"kept {FAMILIES} links to students, of which 0 name a parent or guardian in Contacts.csv's Relationship"
    )
    assert f"and left out {2 * FAMILIES}, of which {2 * FAMILIES} do ('Father' (30), 'Mother' (30))" in str(said)
    assert "'Father' (30), 'Mother' (30)" in said.params["left_words"]


# --- Infinite Campus: contacts.csv, the bundled profile's guardian flag, and a district's ---
IC = FIXTURES / "infinite-campus" / "district"


def campus(folder: Path) -> Path:
    """Cedar Ridge with FAMILIES more third-graders, each with a mother and a father flagged
    guardian and an emergency contact of their own not flagged."""
    shutil.copytree(IC / "in", folder)
    students, roster, contacts = (folder / name for name in ("students.csv", "roster.csv", "contacts.csv"))
    kids = [
        f"{52000 + n},{1200000 + n},0410,Family{n},Kid{n},,03,04/22/2018,,08/20/2026,,P,English\n"
        for n in range(FAMILIES)
    ]
    lines = [f"{52000 + n},{section},08/20/2026,\n" for n in range(FAMILIES) for section in (90001, 90002)]
    people = [
        f"{52000 + n},{62000 + 3 * n + k},{first}{n},Family{n},{relation},{flag},{k + 1},"
        f"{first.lower()}{n}@example.com,(555) 731-{n:02d}{k:02d},\n"
        for n in range(FAMILIES)
        for k, (first, relation, flag) in enumerate(
            [("Mom", "Mother", "1"), ("Dad", "Father", "1"), ("Help", EMERGENCY[n % len(EMERGENCY)], "0")]
        )
    ]
    for path, added in ((students, kids), (roster, lines), (contacts, people)):
        path.write_text(path.read_text(encoding="utf-8") + "".join(added), encoding="utf-8")
    return folder


def test_infinite_campus_bundled_profile_is_no_word(tmp_path: Path) -> None:
    result = night(Path("infinite-campus"), campus(tmp_path / "in"), tmp_path / "out", dt.date(2026, 10, 5))
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert not {"V559", "V562"} & set(result.report.counts)


def test_infinite_campus_guardian_flag_read_backwards_is_said(tmp_path: Path) -> None:
    district = tmp_path / "district.yaml"
    district.write_text(
        "extends: infinite-campus\ntables:\n  users:\n    guardians:\n      guardian:\n        link_where:\n"
        '          guardian: {field: "{guardian}", op: in, value: ["0", n, "no", f, "false"],\n'
        "                     reason: emergency-contact}\n",
        encoding="utf-8",
    )
    result = night(district, campus(tmp_path / "in"), tmp_path / "out", dt.date(2026, 10, 5))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published  # a first set: X820
    assert "X820" in result.report.counts
    (said,) = result.report.examples["V562"]
    assert said.params["rule"] == "users.guardians" and said.params["column"] == "relationship"


# --- Aeries: CON.csv's relationship is a code (RL 10 Father, 11 Mother): the role map lists them ---
AERIES = FIXTURES / "aeries" / "district"


def aeries(folder: Path) -> Path:
    """Sierra Vista with FAMILIES more second-graders at school 10 (section 2), each with a mother
    and a father (record type P, living with the student) and a grandmother for emergencies only
    (record type E, RL 20, not living with the student)."""
    shutil.copytree(AERIES / "in", folder)
    kids = [f"{11000 + n},10,{100 + n},Family{n},Kid{n},,2,05/05/2019,,00,00,,0\n" for n in range(FAMILIES)]
    sections = [f"10,{100 + n},2,0\n" for n in range(FAMILIES)]
    people = [
        f"{11000 + n},{k + 1},Family{n},{first}{n},{code},{kind},{rights},Y,{lives},{first.lower()}{n}@example.com,"
        f"(559) 556-{n:02d}{k:02d},,00,0\n"
        for n in range(FAMILIES)
        for k, (first, code, kind, rights, lives) in enumerate(
            [("Mom", "11", "P", "Y", "Y"), ("Dad", "10", "P", "Y", "Y"), ("Nana", "20", "E", "N", "N")]
        )
    ]
    for name, added in (("STU.csv", kids), ("SEC.csv", sections), ("CON.csv", people)):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + "".join(added), encoding="utf-8")
    return folder


def test_aeries_bundled_profile_is_no_word(tmp_path: Path) -> None:
    result = night(Path("aeries"), aeries(tmp_path / "in"), tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert not {"V559", "V562"} & set(result.report.counts)


def test_aeries_lives_with_flag_read_backwards_is_said_by_the_role_maps_codes(tmp_path: Path) -> None:
    """A district that links by 'lives with' (LW) instead of the record type, written the wrong way
    round: the grandmothers linked to every child, the parents left out; the codes 10 and 11 are
    the role map's parents, 20 is not."""
    district = tmp_path / "district.yaml"
    district.write_text(
        "extends: aeries\ntables:\n  users:\n    guardians:\n      guardian:\n        link_where:\n"
        "          not_emergency: null\n          erh_known: null\n          parent_or_guardian: null\n"
        '          lives_with: {field: "{LW}", op: in, value: [N, "no", "0", f, "false"], reason: emergency-contact}\n',
        encoding="utf-8",
    )
    result = night(district, aeries(tmp_path / "in"), tmp_path / "out")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published  # a first set: X820
    assert "X820" in result.report.counts
    assert "X886" not in result.report.counts
    (said,) = result.report.examples["V562"]
    assert said.params["column"] == "RL" and said.params["kept_parents"] == "1"  # the fixture's Bao Nguyen, 14
    assert (said.params["kept"], said.params["left"], said.params["left_parents"]) == ("33", "65", "65")
    assert said.params["left_words"] == "'11' (35), '10' (30)"


def test_a_relationship_negating_a_guardian_is_an_emergency_contact(tmp_path: Path) -> None:
    """'Emergency Contact (Not Guardian)', 'Non-Parent Emergency Contact': the guardian word negated named a
    guardian, and 30 emergency contacts were published at exit 0 with no word (reviewer155 R2)."""
    exports = new_sis(tmp_path / "in")
    _relations(
        exports,
        **{
            "Emergency Contact": "Emergency Contact (Not Guardian)",
            "Doctor": "Emergency Contact - Not a Parent",
            "Neighbor": "Non-Parent Emergency Contact",
            "Pick Up Only": "Emergency Only/Not Guardian",
        },
    )
    first = night(new_profile(tmp_path, NO_LINK_WHERE), exports, tmp_path / "out")
    assert first.exit_status == api.EXIT_NOT_PUBLISHED and not first.report.published
    (said,) = first.report.examples["V559"]
    assert said.params["count"] == "20"  # each of the four words, 5 families each
