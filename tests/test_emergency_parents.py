"""Parents a district's link_where leaves out as emergency contacts (P126, tester69 F4).

A contacts export flags who lives with the student (Lives With Y/N). A profile written from an older
init-profile draft, or by hand, tested that flag as the emergency test (`reason: emergency-contact`):
every step-parent of another home was left out as an emergency contact, an F409 note beside the real
emergency grandmothers, and the set published at exit 0. Now check-profile --exports and every run say
the condition, the relationships it left out and the fix; a new profile's first set exits 1 for a
person to look, later nights exit 0. A condition leaving out only emergency relationships says nothing,
nor does a bundled profile's own guardian flag.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests.test_columnar import both_engines
from tests.test_guardian_words import AS_OF, EMERGENCY, FAMILIES, campus, new_profile, night, parents
from tests.test_mapping_mistakes import COURSES, HEADER, TEACHERS
from transform import api

HEADER_CONTACTS = ["Student ID", "Contact ID", "First", "Last", "Relationship", "Lives With", "Email", "Phone"]
OTHER_HOME = 3  # every third family has a step-parent in another home


def lives_with_district(folder: Path, *, phone_changed: bool = False) -> tuple[Path, dict[str, set[str]]]:
    """FAMILIES students of one high school, each with a mother and a father living with them, an emergency
    contact who does not (Emergency Contact, Doctor, Grandmother...), and in every third family a stepfather
    of the other home (Lives With N). And the truth: each parent's given name and the students linked."""
    folder.mkdir(parents=True)
    rows, contacts, truth = [], [HEADER_CONTACTS], {}
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
        people = [("Mom", "Mother", "Y"), ("Dad", "Father", "Y"), ("Help", EMERGENCY[n % len(EMERGENCY)], "N")]
        people += [("Step", "Stepfather", "N")] if n % OTHER_HOME == 0 else []
        phone = 4000 + n + (1000 if phone_changed and n < 3 else 0)
        for k, (first, relation, lives) in enumerate(people):
            contacts.append(
                [student[0], f"C{n:02d}{k}", f"{first}{n}", f"Family{n}", relation, lives,
                 f"{first.lower()}{n}@example.com", f"(608) 555-{phone + 100 * k:04d}"]
            )  # fmt: skip
            if first != "Help":
                truth[f"{first}{n}"] = {student[0]}
    for name, table in (("StudentSchedule.csv", [HEADER, *rows]), ("Contacts.csv", contacts)):
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(table)
    return folder, truth


def lives_with_profile(folder: Path, link_where: str, *, unmapped: str = "default") -> Path:
    """The harbor profile (test_guardian_words) reading Lives With where it read Custody."""
    path = new_profile(folder, link_where)
    text = path.read_text(encoding="utf-8").replace("Custody", "Lives With")
    path.write_text(text.replace("unmapped: default", f"unmapped: {unmapped}"), encoding="utf-8")
    return path


LIVES_WITH = (
    "        link_where:\n"
    '          parent_or_guardian: {field: "{Lives With}", op: in, value: [Y, "yes", "1", t, "true", x],\n'
    "                               reason: emergency-contact}\n"
)
NOT_EMERGENCY = (
    "        link_where:\n"
    '          not_emergency: {field: "{Relationship}", op: not_in, value: [Emergency Contact, Doctor, Neighbor,\n'
    "                          Grandmother, Aunt, Pick Up Only], reason: emergency-contact}\n"
)
STEP_PARENTS = FAMILIES // OTHER_HOME


def published(out: Path) -> dict[str, set[str]]:
    return {name: set(linked.split(",")) for name, linked in parents(out).items()}


def test_a_lives_with_flag_tested_as_the_emergency_test_is_said_before_and_on_the_first_night(tmp_path: Path) -> None:
    exports, truth = lives_with_district(tmp_path / "in")
    profile = lives_with_profile(tmp_path, LIVES_WITH)

    checked = [p for p in api.check_profile(str(profile), exports=exports, hints=True)[1] if p.code.id == "P126"]
    assert [(p.where.file, p.where.line, p.where.column, p.params["links"]) for p in checked] == [
        ("Contacts.csv", 5, "Lives With", STEP_PARENTS)  # Step0, the first family's fourth contact
    ]
    python, columnar = both_engines(tmp_path / "runs", profile=str(profile), in_dir=exports, as_of=AS_OF)
    for result in (python, columnar):
        assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published  # published, but
        (said,) = result.report.examples["P126"]
        assert said.params["links"] == STEP_PARENTS and said.params["words"] == f"'Stepfather' ({STEP_PARENTS})"
        assert "take parent_or_guardian out of link_where" in str(said)
        assert "read the role from Relationship through a map leaving out the other relationships" in str(said)
    # published as read: every step-parent missing, the emergency contacts left out
    assert published(tmp_path / "runs" / "python") == {k: v for k, v in truth.items() if not k.startswith("Step")}

    first = night(profile, exports, tmp_path / "out")
    assert first.exit_status == api.EXIT_NOT_PUBLISHED
    later = night(profile, lives_with_district(tmp_path / "in2", phone_changed=True)[0], tmp_path / "out", AS_OF)
    assert later.exit_status == api.EXIT_PUBLISHED and later.report.counts["P126"] == 1  # looked at: said, exit 0


def test_the_fix_the_message_writes_publishes_every_parent_and_no_emergency_contact(tmp_path: Path) -> None:
    """The condition taken out, the role read through the map that drops what it does not list."""
    exports, truth = lives_with_district(tmp_path / "in")
    profile = lives_with_profile(tmp_path, "", unmapped="drop")
    assert not [p for p in api.check_profile(str(profile), exports=exports, hints=True)[1] if p.code.id == "P126"]
    result = night(profile, exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert "P126" not in result.report.counts
    assert published(tmp_path / "out") == truth


def test_a_condition_leaving_out_only_emergency_relationships_is_no_word(tmp_path: Path) -> None:
    exports, truth = lives_with_district(tmp_path / "in")
    profile = lives_with_profile(tmp_path, NOT_EMERGENCY)
    assert not [p for p in api.check_profile(str(profile), exports=exports, hints=True)[1] if p.code.id == "P126"]
    result = night(profile, exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert "P126" not in result.report.counts and result.report.counts["F409"] == FAMILIES
    assert published(tmp_path / "out") == truth


def test_an_older_draft_s_constant_role_is_judged_by_the_relationship_words(tmp_path: Path) -> None:
    """The old draft wrote `role: parent` beside the Lives With condition: no map to read, the words say it."""
    exports, _ = lives_with_district(tmp_path / "in")
    profile = lives_with_profile(tmp_path, LIVES_WITH)
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("role: {column: Relationship, map: relations}", "role: parent"), "utf-8")
    result = night(profile, exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    (said,) = result.report.examples["P126"]
    assert said.params["links"] == STEP_PARENTS and said.params["column"] == "Relationship"


def test_a_few_parents_left_out_are_said_without_stopping_a_first_set(tmp_path: Path) -> None:
    """A district's own flag leaving out three fathers (custody, or a clerk's flag): said, exit 0."""
    exports, _ = lives_with_district(tmp_path / "in")
    contacts = exports / "Contacts.csv"
    text = contacts.read_text(encoding="utf-8")
    for n in (1, 2, 4):  # three fathers the flag says no of, the stepfathers all yes
        text = text.replace(f"Dad{n},Family{n},Father,Y,", f"Dad{n},Family{n},Father,N,")
    contacts.write_text(text.replace(",Stepfather,N,", ",Stepfather,Y,"), encoding="utf-8")
    result = night(lives_with_profile(tmp_path, LIVES_WITH), exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    (said,) = result.report.examples["P126"]
    assert said.params["links"] == 3 and said.params["words"] == "'Father' (3)"


def test_a_bundled_profile_s_guardian_flag_leaving_out_fathers_without_it_is_no_word(tmp_path: Path) -> None:
    """Infinite Campus's guardian flag is the SIS's word on who is a guardian: fathers it leaves out are
    those without the rights, not a profile's mistake."""
    exports = campus(tmp_path / "in")
    contacts = exports / "contacts.csv"
    text = contacts.read_text(encoding="utf-8")
    for n in range(8):
        text = text.replace(f",Dad{n},Family{n},Father,1,", f",Dad{n},Family{n},Father,0,")
    contacts.write_text(text, encoding="utf-8")
    result = night(Path("infinite-campus"), exports, tmp_path / "out", dt.date(2026, 10, 5))
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert "P126" not in result.report.counts
    assert not any(f"Dad{n}" in parents(tmp_path / "out") for n in range(8))


def test_a_household_flag_is_said_whatever_its_column_is_called(tmp_path: Path) -> None:
    """'Primary Home' says no custody and no emergency: judged by its rows, as Lives With is."""
    exports, _ = lives_with_district(tmp_path / "in")
    contacts = exports / "Contacts.csv"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("Lives With", "Primary Home", 1), "utf-8")
    profile = lives_with_profile(tmp_path, LIVES_WITH)
    profile.write_text(profile.read_text(encoding="utf-8").replace("Lives With", "Primary Home"), "utf-8")
    result = night(profile, exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    (said,) = result.report.examples["P126"]
    assert said.where.column == "Primary Home" and said.params["links"] == STEP_PARENTS


def test_a_priority_is_judged_though_its_column_says_emergency_and_an_emergency_flag_is_not(tmp_path: Path) -> None:
    """Emergency Priority in [1, 2] keeps the first two contacts and leaves out the stepfather, fourth: no
    yes/no flag, judged by its rows. An Emergency Only flag saying yes of him is the SIS's own word: no word."""
    exports, _ = lives_with_district(tmp_path / "in")
    contacts = exports / "Contacts.csv"
    rows = list(csv.reader(contacts.read_text(encoding="utf-8").splitlines()))
    priority = {"Mother": "1", "Father": "2", "Stepfather": "4"}
    table = [["Emergency Priority" if c == "Lives With" else c for c in rows[0]]]
    table += [[*row[:5], priority.get(row[4], "3"), *row[6:]] for row in rows[1:]]
    with contacts.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    by_priority = (
        "        link_where:\n"
        '          parents: {field: "{Emergency Priority}", op: in, value: ["1", "2"], reason: emergency-contact}\n'
    )
    profile = lives_with_profile(tmp_path, by_priority)
    profile.write_text(profile.read_text(encoding="utf-8").replace("Lives With", "Emergency Priority"), "utf-8")
    result = night(profile, exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert result.report.examples["P126"][0].params["links"] == STEP_PARENTS

    flagged = [["Emergency Only" if c == "Emergency Priority" else c for c in table[0]]]
    flagged += [[*row[:5], "N" if row[5] in ("1", "2") else "Y", *row[6:]] for row in table[1:]]
    with contacts.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(flagged)
    only = "        link_where:\n" + (
        '          not_emergency: {field: "{Emergency Only}", op: in, value: [N, "no", "0", f, "false"],\n'
        "                          reason: emergency-contact}\n"
    )
    profile = lives_with_profile(tmp_path / "flag", only)
    profile.write_text(profile.read_text(encoding="utf-8").replace("Lives With", "Emergency Only"), "utf-8")
    result = night(profile, exports, tmp_path / "flag-out")
    assert result.exit_status == api.EXIT_PUBLISHED and "P126" not in result.report.counts
