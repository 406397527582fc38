"""A parent gets the home's language (metadata.preferredLanguage), not only the student.

Found by an outside tester: in every profile but aeries the parents, whom Remind's messages
about the child go to, were written with no language while their children had `es`, `vi`,
`hmn`. The columns the profiles read name the home's language: parents made from a student's
row take it (PowerSchool Mother/Father), parents from a contacts export take the contact's own
language where the export has one (eSchoolPLUS REG_CONTACT.LANGUAGE), else the linked student's
(a join to the students export). Siblings whose homes disagree: the lower is kept and reported
(GuardianBook's merge rule); a blank and a value: the value. The language never decides who is
one person. Both engines write the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

CONTACTS = FIXTURES / "powerschool" / "contacts" / "in"
ENGINES = ("python", "columnar")
LANGUAGE = "metadata.preferredLanguage"


def powerschool(
    tmp_path: Path, languages: dict[str, str], *, contacts: bool, swap: bool = False, withdrawn: tuple[str, ...] = ()
) -> Path:
    """The PowerSchool contacts sample with a Home_Language column (student number -> value);
    without contacts.csv the parents come from the Mother/Father columns. `swap`: the two Quinn
    siblings' rows in the other order; `withdrawn`: students given Enroll_Status 2."""
    folder = tmp_path / ("contacts" if contacts else "rows") / ("swapped" if swap else "in")
    shutil.copytree(CONTACTS, folder)
    if not contacts:
        (folder / "contacts.csv").unlink()
    path = folder / "students.txt"
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    header, rows = lines[0], [line for line in lines[1:] if line]
    rows = [f"{row}\t{languages.get(row.split(chr(9))[1], '')}" for row in rows]
    for number, row in enumerate(rows):
        cells = row.split("\t")
        if cells[1] in withdrawn:
            cells[6] = "2"
            rows[number] = "\t".join(cells)
    if swap:
        rows[0], rows[1] = rows[1], rows[0]
    path.write_bytes("\r\n".join([f"{header}\tHome_Language", *rows, ""]).encode("utf-8"))
    return folder


def run(folder: Path, out: Path, *, engine: str = "python", profile: str = "powerschool") -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile=profile, in_dir=folder, out_dir=out, as_of=dt.date(2026, 10, 15), engine=engine, max_examples=1000
        )
    )


def users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def parent(people: dict[str, dict[str, str]], given: str, family: str) -> dict[str, str]:
    [found] = [
        p for p in people.values() if p["role"] != "student" and (p["givenName"], p["familyName"]) == (given, family)
    ]
    return found


def language_reports(result: api.RunResult, code: str) -> list[dict[str, object]]:
    return [p.params for p in result.report.examples.get(code, []) if p.params.get("field") == LANGUAGE]


@pytest.mark.parametrize("engine", ENGINES)
def test_parents_from_student_rows_take_the_home_language(tmp_path: Path, engine: str) -> None:
    """PowerSchool's Mother/Father columns: each parent gets the Home_Language of the row,
    cleaned as the student's is (Spanish -> es, Hmong -> hmn)."""
    folder = powerschool(
        tmp_path, {"1001": "Spanish", "1002": "Spanish", "1003": "Hmong", "1004": "Hmong"}, contacts=False
    )
    result = run(folder, tmp_path / "out", engine=engine)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    people = users(tmp_path / "out")
    assert people["1001"][LANGUAGE] == "es"
    rose = parent(people, "Rose", "Quinn")
    assert (rose[LANGUAGE], rose["agentSourcedIds"]) == ("es", "1001,1002")  # siblings agreeing: no report
    assert parent(people, "Tom", "Diaz")[LANGUAGE] == "hmn"
    assert parent(people, "Lia", "Diaz")[LANGUAGE] == "hmn"
    assert parent(people, "Jo", "Moss")[LANGUAGE] == ""  # no language on her child's row
    assert not language_reports(result, "V550")


@pytest.mark.parametrize("engine", ENGINES)
def test_contacts_take_the_linked_students_home_language(tmp_path: Path, engine: str) -> None:
    """The contacts export holds no language: a contact's is the home language of the student the
    row links (a join to the students export), for a contact linked to siblings that agree too."""
    folder = powerschool(tmp_path, {"1001": "Vietnamese", "1002": "Vietnamese", "1005": "Spanish"}, contacts=True)
    result = run(folder, tmp_path / "out", engine=engine)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    people = users(tmp_path / "out")
    assert people["GC100"][LANGUAGE] == "vi"  # Rose, mother of 1001 and 1002
    assert people["GC500"][LANGUAGE] == "es"  # Jo Moss, father of 1005
    assert people["GC300"][LANGUAGE] == ""  # Lia Diaz: her children's rows give none
    assert not language_reports(result, "V551")


@pytest.mark.parametrize("contacts", [False, True], ids=["student-rows", "contacts"])
def test_siblings_who_disagree_keep_the_lower_and_say_so(tmp_path: Path, contacts: bool) -> None:
    """Two children of one mother with different home languages: she stays one person (the
    language is no part of who she is), the lower value is kept in either row order, and the
    difference is reported (V550 for rows without a SIS contact, V551 for one SIS contact)."""
    languages = {"1001": "Vietnamese", "1002": "Spanish"}
    published = []
    for swap in (False, True):
        out = tmp_path / f"out-{swap}"
        result = run(powerschool(tmp_path, languages, contacts=contacts, swap=swap), out)
        assert result.exit_status == 0, [str(p) for p in result.problems]
        people = users(out)
        rose = parent(people, "Rose", "Quinn")
        assert (rose[LANGUAGE], sorted(rose["agentSourcedIds"].split(","))) == ("es", ["1001", "1002"])
        [said] = language_reports(result, "V551" if contacts else "V550")
        assert (said["kept"], said["value"]) == ("es", "vi")
        published.append((out / "users.csv").read_bytes())
    assert published[0] == published[1]


@pytest.mark.parametrize("contacts", [False, True], ids=["student-rows", "contacts"])
def test_a_blank_on_one_sibling_gives_the_others_value(tmp_path: Path, contacts: bool) -> None:
    result = run(powerschool(tmp_path, {"1001": "", "1002": "Spanish"}, contacts=contacts), tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert parent(users(tmp_path / "out"), "Rose", "Quinn")[LANGUAGE] == "es"
    assert not language_reports(result, "V551" if contacts else "V550")


@pytest.mark.parametrize("contacts", [False, True], ids=["student-rows", "contacts"])
def test_a_withdrawn_childs_record_neither_decides_nor_is_reported(tmp_path: Path, contacts: bool) -> None:
    """Rose's son 1002 has left (Enroll_Status 2): his row's language is not hers to take (no
    difference with her enrolled daughter's to report), and an unknown language on a withdrawn
    student's row (Gus, 1007) is not reported through his parent, as it is not through him."""
    languages = {"1001": "Spanish", "1002": "Vietnamese", "1007": "MA"}
    folder = powerschool(tmp_path, languages, contacts=contacts, withdrawn=("1002",))
    result = run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert parent(users(tmp_path / "out"), "Rose", "Quinn")[LANGUAGE] == "es"
    assert not language_reports(result, "V551" if contacts else "V550")
    assert "D312" not in result.report.counts


def test_a_contacts_own_language_comes_before_the_students(tmp_path: Path) -> None:
    """eSchoolPLUS: REG_CONTACT.LANGUAGE is the contact's own; REG.LANGUAGE the student's home's,
    read only when the contact's is blank."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", folder)
    people = users(_run_ok(folder, tmp_path / "own", "eschoolplus"))
    assert (people["600101"][LANGUAGE], people["G9001"][LANGUAGE]) == ("", "es")  # SPA on the contact only
    contact = folder / "REG_CONTACT.txt"
    contact.write_bytes(contact.read_bytes().replace(b"^SPA^", b"^ENG^"))
    reg = folder / "REG.txt"
    reg.write_bytes(reg.read_bytes().replace(b"^02/11/2021^^^", b"^02/11/2021^^SPA^"))
    people = users(_run_ok(folder, tmp_path / "both", "eschoolplus"))
    assert (people["600101"][LANGUAGE], people["G9001"][LANGUAGE]) == ("es", "en")  # the contact's own
    contact.write_bytes(contact.read_bytes().replace(b"^ENG^", b"^^"))
    people = users(_run_ok(folder, tmp_path / "student", "eschoolplus"))
    assert people["G9001"][LANGUAGE] == "es"  # else the linked student's


def _run_ok(folder: Path, out: Path, profile: str) -> Path:
    result = run(folder, out, profile=profile)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    return out


def test_a_student_listed_once_per_enrolment_is_joined_without_a_warning(tmp_path: Path) -> None:
    """Infinite Campus lists a student once per enrolment (Mason, primary and secondary): the
    contacts' join to the students export says `repeats: same`, so no D314 (which --strict
    refuses), and his parent gets the home language."""
    result = run(FIXTURES / "infinite-campus" / "district" / "in", tmp_path / "out", profile="infinite-campus")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "D314" not in result.report.counts
    people = users(tmp_path / "out")
    [mason_parent] = [
        p for p in people.values() if "51235" in p["agentSourcedIds"].split(",") and p["role"] != "student"
    ]
    assert mason_parent[LANGUAGE] == "en"


def test_the_contacts_join_is_not_built_without_a_contacts_export(tmp_path: Path) -> None:
    """PowerSchool without contacts.csv: the contacts rule does not run, so its join to the
    students export reports nothing (the messy sample's repeated Student_Number stays one D314,
    from the enrolments' join)."""
    result = run(FIXTURES / "powerschool" / "messy" / "in", tmp_path / "out")
    assert [str(p.where) for p in result.report.examples["D314"]] == ["students.txt:7"]


@pytest.mark.parametrize("contacts", [False, True], ids=["student-rows", "contacts"])
def test_both_engines_write_the_same_files(tmp_path: Path, contacts: bool) -> None:
    languages = {"1001": "Vietnamese", "1002": "Spanish", "1003": "Hmong", "1005": "es-MX"}
    folder = powerschool(tmp_path, languages, contacts=contacts)
    sets = []
    for engine in ENGINES:
        result = run(folder, tmp_path / engine, engine=engine)
        assert result.exit_status == 0, [str(p) for p in result.problems]
        sets.append({p.name: p.read_bytes() for p in sorted((tmp_path / engine).iterdir()) if p.is_file()})
    assert sets[0] == sets[1]
    assert b",vi\r\n" in sets[0]["users.csv"] or b",vi\n" in sets[0]["users.csv"]


def test_a_students_unknown_language_is_reported_once_on_the_students_row(tmp_path: Path) -> None:
    """Infinite Campus: a parent's language is joined from the students export, which the students
    rule reads as its own; an unknown value is reported once, on the student's row (not again on
    each contact row joining it). A contact's own unknown language (eSchoolPLUS REG_CONTACT), read
    by no other rule, is reported on the contact's own row, where the value is (as every joined
    cell is: it was said at the link row joining it, which has no LANGUAGE, until tester33 F4)."""
    folder = tmp_path / "ic"
    shutil.copytree(FIXTURES / "infinite-campus" / "district" / "in", folder)
    students = folder / "students.csv"
    lines = students.read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("51234,") and lines[1].endswith(",English")
    lines[1] = lines[1].removesuffix("English") + "Klingonese"
    students.write_text("\n".join(lines), encoding="utf-8")
    result = run(folder, tmp_path / "ic-out", profile="infinite-campus")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert [str(p.where) for p in result.report.examples["D312"]] == ["students.csv:2 [homePrimaryLanguage]"]

    folder = tmp_path / "esp"
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", folder)
    contact = folder / "REG_CONTACT.txt"
    contact.write_bytes(contact.read_bytes().replace(b"^SPA^", b"^ZZZZ^"))
    result = run(folder, tmp_path / "esp-out", profile="eschoolplus")
    assert [str(p.where) for p in result.report.examples["D312"]] == ["REG_CONTACT.txt:2 [LANGUAGE]"]


def test_a_students_rows_that_disagree_on_the_language_leave_no_row_out_and_say_so(tmp_path: Path) -> None:
    """Mason's secondary enrolment row says Spanish, his primary English: the contacts' optional
    join takes neither (D327). D327 said "each is left out as D300: the export must give one row
    per key", though no row is left out and the profile says the export repeats keys (review35)."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "infinite-campus" / "district" / "in", exports)
    students = exports / "students.csv"
    text = students.read_text(encoding="utf-8")
    secondary = "08/20/2026,,S,English"
    assert secondary in text
    students.write_text(text.replace(secondary, "08/20/2026,,S,Spanish"), encoding="utf-8")
    result = run(exports, tmp_path / "out", profile="infinite-campus")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    [conflict] = result.report.examples["D327"]
    said = str(conflict)
    assert "left out" not in said and "one row per key" not in said
    assert "kept, without the values" in said and "repeats: same" in said
    assert "D300" not in result.report.counts
    people = users(tmp_path / "out")
    [mason_parent] = [
        p for p in people.values() if "51235" in p["agentSourcedIds"].split(",") and p["role"] != "student"
    ]
    assert mason_parent["agentSourcedIds"] == "51234,51235"
