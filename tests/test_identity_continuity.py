"""Parents without a SIS ID keep their IDs over a school year of small changes (tester39 F1, F2).

An Infinite Campus contacts export without contactPersonID: each parent's ID is derived from the
name and the email, and the identity map in the state folder keeps it by name and child.

F1: Harper has two guardians named Aisha Mitchell, her mother and her grandmother, each with
an email and a phone of her own. The mother's email changed one night (both kept their IDs), the
grandmother's on a later one: both got new IDs (X958, Remind deleted two parents), since the map
held only the two IDs under Harper's key, and neither woman's points derived hers any more. Each
still had her phone.

F2: the mother's family name changes (Aisha Mitchell -> Aisha Garcia-Mitchell), her email, phone
and child do not: a new ID at exit 0 with no word, Remind deleting the parent and her
conversations.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests import ic_one_class as ic
from transform import api
from transform.pipeline import identity

ENGINES = ("python", "columnar")
PROFILE = "name: ic-noid\nextends: infinite-campus\ntables:\n  users:\n    guardians: {guardian: {contact: null}}\n"
FILLERS = 30  # other families, so that one parent is under the safety gate's percentages
MOTHER = ("Aisha", "Mitchell", "Mother", "aisha.m1@example.com", "(608) 555-2001")
GRANDMOTHER = ("Aisha", "Mitchell", "Grandmother", "aisha.gran@example.com", "(608) 555-3001")
Contact = tuple[str, str, str, str, str]  # given, family, relationship, email, cell phone


def export(folder: Path, *harpers: Contact) -> Path:
    """One school, one class: Harper Mitchell (51234) with the given contacts, and the fillers."""
    ic.one_class_school(folder)
    students, roster = [ic.STUDENTS], [ic.ROSTER]
    contacts = [ic.CONTACTS]
    kids = [(str(52000 + i), f"Fill{i}") for i in range(1, FILLERS + 1)]
    for number, family in [*kids, ("51234", "Mitchell")]:
        students.append(f"{number},1{number},0410,{family},Kid,,03,04/22/2018,,08/20/2026,,P,English")
        roster.append(f"{number},90001,08/20/2026,")
    for i, (number, family) in enumerate(kids, 1):
        contacts.append(f"{number},,Pat,{family},Mother,1,1,pat{i}@example.com,(608) 555-1{i:03d},")
    for seq, (given, family, relationship, email, phone) in enumerate(harpers, 1):
        contacts.append(f"51234,,{given},{family},{relationship},1,{seq},{email},{phone},")
    for name, lines in (("students", students), ("roster", roster), ("contacts", contacts)):
        (folder / f"{name}.csv").write_text("\n".join([*lines, ""]))
    return folder


def run(tmp_path: Path, night: int, engine: str, *harpers: Contact) -> api.RunResult:
    profile = tmp_path / "ic-noid.yaml"
    if not profile.exists():
        profile.write_text(PROFILE, encoding="utf-8")
    return api.run(
        api.RunOptions(
            profile=str(profile),
            in_dir=export(tmp_path / f"night{night}", *harpers),
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, night),
            engine=engine,
            now=dt.datetime(2026, 10, night, 2, 0, tzinfo=dt.UTC),
        )
    )


def harpers_parents(tmp_path: Path) -> dict[str, str]:
    """Harper's published parents: relationship role and email -> sourcedId."""
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            f"{r['givenName']} {r['familyName']} <{r['email']}>": r["sourcedId"]
            for r in csv.DictReader(handle)
            if r["role"] in ("parent", "guardian") and r["agentSourcedIds"] == "51234"
        }


def changed(contact: Contact, **values: str) -> Contact:
    given, family, relationship, email, phone = contact
    fields = {"given": given, "family": family, "relationship": relationship, "email": email, "phone": phone}
    fields.update(values)
    return (fields["given"], fields["family"], fields["relationship"], fields["email"], fields["phone"])


@pytest.mark.parametrize("engine", ENGINES)
def test_two_parents_of_one_name_whose_emails_change_on_different_nights_keep_their_ids(
    tmp_path: Path, engine: str
) -> None:
    assert run(tmp_path, 1, engine, MOTHER, GRANDMOTHER).exit_status == 0
    first = harpers_parents(tmp_path)
    mother, grandmother = (
        first["Aisha Mitchell <aisha.m1@example.com>"],
        first["Aisha Mitchell <aisha.gran@example.com>"],
    )
    assert mother != grandmother  # nothing shared: two people, as docs/identity.md says

    moved = changed(MOTHER, email="aisha.m2@example.com")
    assert run(tmp_path, 2, engine, moved, GRANDMOTHER).exit_status == 0
    assert harpers_parents(tmp_path) == {
        "Aisha Mitchell <aisha.m2@example.com>": mother,
        "Aisha Mitchell <aisha.gran@example.com>": grandmother,
    }

    # A later night, the grandmother's email: each is told by the phone she kept.
    result = run(tmp_path, 3, engine, moved, changed(GRANDMOTHER, email="aisha.gran2@example.com"))
    assert result.exit_status == 0 and "X958" not in result.report.counts
    assert harpers_parents(tmp_path) == {
        "Aisha Mitchell <aisha.m2@example.com>": mother,
        "Aisha Mitchell <aisha.gran2@example.com>": grandmother,
    }

    # And the next: the mother's phone this time, her email as last night.
    result = run(
        tmp_path,
        4,
        engine,
        changed(moved, phone="(608) 555-2002"),
        changed(GRANDMOTHER, email="aisha.gran2@example.com"),
    )
    assert result.exit_status == 0 and set(harpers_parents(tmp_path).values()) == {mother, grandmother}


@pytest.mark.parametrize("engine", ENGINES)
def test_both_points_of_one_of_them_changed_on_one_night_is_still_told_by_the_other(
    tmp_path: Path, engine: str
) -> None:
    """The mother's email and phone change together: she shares nothing with what her ID was
    published with, but the grandmother's phone still tells hers, and the mother is the one left."""
    assert run(tmp_path, 1, engine, MOTHER, GRANDMOTHER).exit_status == 0
    first = harpers_parents(tmp_path)
    assert run(tmp_path, 2, engine, MOTHER, changed(GRANDMOTHER, email="aisha.gran2@example.com")).exit_status == 0
    new_mother = changed(MOTHER, email="aisha.m9@example.com", phone="(608) 555-2999")
    result = run(tmp_path, 3, engine, new_mother, changed(GRANDMOTHER, email="aisha.gran2@example.com"))
    assert result.exit_status == 0 and set(harpers_parents(tmp_path).values()) == set(first.values())


@pytest.mark.parametrize("engine", ENGINES)
def test_a_married_name_with_the_same_email_phone_and_child_keeps_the_parent_s_id(tmp_path: Path, engine: str) -> None:
    assert run(tmp_path, 1, engine, MOTHER).exit_status == 0
    [(_, before)] = harpers_parents(tmp_path).items()
    result = run(tmp_path, 2, engine, changed(MOTHER, family="Garcia-Mitchell"))
    assert result.exit_status == 0
    assert harpers_parents(tmp_path) == {"Aisha Garcia-Mitchell <aisha.m1@example.com>": before}
    [said] = result.report.examples["V546"]
    assert said.params["id"] == before and said.params["person"] == "Aisha Garcia-Mitchell"
    # The next night, the new name is the map's: the same ID, said no more.
    again = run(tmp_path, 3, engine, changed(MOTHER, family="Garcia-Mitchell", email="aisha.gm@example.com"))
    assert again.exit_status == 0 and "V546" not in again.report.counts
    assert list(harpers_parents(tmp_path).values()) == [before]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_married_name_and_a_new_phone_on_one_night_keep_the_parent_s_id_by_the_email_and_child(
    tmp_path: Path, engine: str
) -> None:
    """The family name and the phone change on one night (a marriage, a partner's phone plan), the
    given name, the email and the child do not: the email and every child tell the person, and she
    keeps her ID, said apart from a married name alone (V547, tester39 F2)."""
    assert run(tmp_path, 1, engine, MOTHER).exit_status == 0
    [(_, before)] = harpers_parents(tmp_path).items()
    result = run(tmp_path, 2, engine, changed(MOTHER, family="Garcia", phone="(608) 555-2002"))
    assert result.exit_status == 0
    assert harpers_parents(tmp_path) == {"Aisha Garcia <aisha.m1@example.com>": before}
    [said] = result.report.examples["V547"]
    assert said.params["id"] == before and said.params["person"] == "Aisha Garcia"
    assert "V546" not in result.report.counts


@pytest.mark.parametrize("engine", ENGINES)
def test_a_married_name_of_a_parent_without_a_phone_keeps_her_id_by_the_email_and_child(
    tmp_path: Path, engine: str
) -> None:
    """No phone, then or now: the given name, the email and the child are all the record has, and
    none of them changed (V546)."""
    no_phone = changed(MOTHER, phone="")
    assert run(tmp_path, 1, engine, no_phone).exit_status == 0
    [(_, before)] = harpers_parents(tmp_path).items()
    result = run(tmp_path, 2, engine, changed(no_phone, family="Garcia-Mitchell"))
    assert result.exit_status == 0 and list(harpers_parents(tmp_path).values()) == [before]
    assert "V546" in result.report.counts and "V547" not in result.report.counts


@pytest.mark.parametrize("engine", ENGINES)
def test_two_people_of_one_given_name_and_one_family_email_are_remembered_for_neither(
    tmp_path: Path, engine: str
) -> None:
    """The mother and an aunt, both Aisha, both listed with the family's email, each with her own
    phone: the email and child tell neither. The mother's married name and new phone on one night
    make a new person, as before; not the aunt, and not a guess."""
    aunt = ("Aisha", "Garcia", "Aunt", "aisha.m1@example.com", "(608) 555-4001")
    assert run(tmp_path, 1, engine, MOTHER, aunt).exit_status == 0
    before = harpers_parents(tmp_path)
    assert len(set(before.values())) == 2
    result = run(tmp_path, 2, engine, changed(MOTHER, family="Lopez", phone="(608) 555-2002"), aunt)
    assert result.exit_status == 0
    after = harpers_parents(tmp_path)
    assert after["Aisha Garcia <aisha.m1@example.com>"] == before["Aisha Garcia <aisha.m1@example.com>"]
    assert after["Aisha Lopez <aisha.m1@example.com>"] not in before.values()
    assert "V546" not in result.report.counts and "V547" not in result.report.counts


@pytest.mark.parametrize(
    "tonight",
    [
        # the email and the phone changed too (the email alone, with her own phone kept, is a marriage:
        # kept and checked by a person, X824, tests/test_married_name.py)
        changed(MOTHER, family="Garcia", email="aisha.g@example.com", phone="(608) 555-7007"),
        changed(MOTHER, family="Garcia", given="Amira"),  # another given name: another person
    ],
    ids=["email-and-phone-changed", "given-name-changed"],
)
@pytest.mark.parametrize("engine", ENGINES)
def test_a_new_family_name_with_less_in_common_is_a_new_person_as_before(
    tmp_path: Path, engine: str, tonight: Contact
) -> None:
    assert run(tmp_path, 1, engine, MOTHER).exit_status == 0
    [(_, before)] = harpers_parents(tmp_path).items()
    result = run(tmp_path, 2, engine, tonight)
    [(_, after)] = harpers_parents(tmp_path).items()
    assert after != before and "V546" not in result.report.counts and "V547" not in result.report.counts


@pytest.mark.parametrize("engine", ENGINES)
def test_the_id_of_a_parent_still_in_the_set_is_not_given_to_one_of_another_family_name(
    tmp_path: Path, engine: str
) -> None:
    """Aisha Mitchell is still Harper's mother tonight; an Aisha Garcia added with her email and
    phone (the family's shared ones) is someone else, with an ID of her own."""
    assert run(tmp_path, 1, engine, MOTHER).exit_status == 0
    [(_, before)] = harpers_parents(tmp_path).items()
    aunt = changed(MOTHER, family="Garcia", relationship="Aunt")
    result = run(tmp_path, 2, engine, MOTHER, aunt)
    ids = harpers_parents(tmp_path)
    assert ids["Aisha Mitchell <aisha.m1@example.com>"] == before
    assert ids["Aisha Garcia <aisha.m1@example.com>"] != before and "V546" not in result.report.counts


def test_the_map_holds_the_points_of_a_shared_key_s_ids_and_a_renamed_line_per_parent_as_hashes(
    tmp_path: Path,
) -> None:
    """What the map holds for these two (docs/identity.md, "Continuity"): beside each ID of a key
    two people share, the hashes of the points it was published with; for each parent with an
    email and a phone, their given name, email, phone and students pointing to their name's key,
    one line a person (tonight's replaces the one written before). No email or phone as written;
    and no line an older version would read as an ID but those it wrote."""
    state, header = tmp_path / "state", "sourcedId,role,givenName,familyName,email,sms,phone,agentSourcedIds\r\n"

    def night(day: int, mother_email: str) -> list[list[str]]:
        users = tmp_path / f"users{day}.csv"
        users.write_text(
            header
            + f"G0000000000aa,parent,Aisha,Mitchell,{mother_email},+16085552001,+16085552001,51234\r\n"
            + "G0000000000bb,guardian,Aisha,Mitchell,aisha.gran@example.com,,+16085553001,51234\r\n"
            + '51234,student,Harper,Mitchell,,,,"G0000000000aa,G0000000000bb"\r\n',
            encoding="utf-8",
        )
        identity.remember(state, users, ("G",), today=dt.date(2026, 10, day))
        with (state / identity.FILE).open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))[1:]

    night(1, "aisha.m1@example.com")
    rows = night(2, "aisha.m2@example.com")
    text = (state / identity.FILE).read_text(encoding="utf-8")
    assert "@" not in text and "555" not in text
    ids = [r for r in rows if identity.digest_of(r[1], ("G",)) is not None]
    assert [r[1] for r in ids] == ["G0000000000aa", "G0000000000bb"]  # what an older version reads
    assert len(rows) == 2 + 2 + 2  # the IDs, their points, a renamed line each (night 1's mother's replaced)

    found = identity.load(state, ("G",))
    harper = identity.key("aisha mitchell", "51234")
    assert found.ids_hash(harper) == (0xAA, 0xBB) and len(found) == 1
    assert found.by_points(harper, ["aisha.m2@example.com"]) == (0xAA,)
    assert found.by_points(harper, ["+1 (608) 555-3001", "aisha.new@example.com"]) == (0xBB,)
    assert found.by_points(harper, ["aisha.m1@example.com"]) == ()  # night 1's email: no longer hers
    # The renamed lines name each person's own ID, though the two share Harper's key.
    assert found.renamed("aisha", "AISHA.M2@example.com", "+1 608 555 2001", ["51234"]) == (0xAA, True)
    assert found.renamed("aisha", "aisha.m2@example.com", "(608) 555-9999", ["51234"]) == (0xAA, False)
    assert found.renamed("aisha", "aisha.m2@example.com", "", ["51234"]) == (0xAA, False)
    assert found.renamed("aisha", "aisha.gran@example.com", "", ["51234"]) == (0xBB, False)
    assert found.renamed("aisha", "aisha.m2@example.com", "+16085552001", ["51234", "1"]) is None
    assert found.renamed("amira", "aisha.m2@example.com", "+16085552001", ["51234"]) is None
    assert found.renamed("aisha", "aisha.m1@example.com", "+16085552001", ["51234"]) is None  # replaced


def test_a_map_written_before_the_phone_was_held_beside_the_line_still_finds_the_married_name(
    tmp_path: Path,
) -> None:
    """The version before keyed the line by the given name, email, phone and students (`=<key>`
    alone): read as it was, it still keeps a married name's ID the first night of this version."""
    state = tmp_path / "state"
    state.mkdir()
    harper = identity.key("aisha mitchell", "51234")
    line = identity.renamed_key_with_phone("aisha", "aisha.m1@example.com", "+16085552001", ["51234"])
    (state / identity.FILE).write_text(
        f"key,sourcedId,last_published\r\n{harper},G0000000000aa,2026-10-01\r\n{line},={harper},2026-10-01\r\n",
        encoding="utf-8",
    )
    found = identity.load(state, ("G",))
    assert found.renamed("aisha", "aisha.m1@example.com", "+1 608 555 2001", ["51234"]) == (0xAA, True)
    assert found.renamed("aisha", "aisha.m1@example.com", "+16085552002", ["51234"]) is None
