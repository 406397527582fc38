"""A new admin's first hour on a layout no profile bundles (newcomer48): a UK school MIS's
exports, semicolon-delimited, dates day first, pupils under a UPN with "Legal Forename" and
"Legal Surname", teaching groups with their own Start Date and End Date, a contacts file.

What sent the admin the wrong way, each now drafted or said:
- init-profile read the students from staff.csv (the pupils' name headers were no word it
  knew) and the classes from contacts.csv, the UPN as the class ID;
- the draft left settings.day_first out: the run refused the first set (D350) on the pupils'
  birth dates, after check-profile said "ok";
- "Work Email" was not taken for the staff's email: every teacher left out (V506);
- the groups' Start Date/End Date made no term filter, and no I274: the spring term's group
  went out in October at exit 0;
- the contacts file read by no rule: a first set with no parent at all, exit 0, "Next: upload"
  (I272 was a line of the table); now the draft reads it (newcomer49 2).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import yaml

from transform import api
from transform.report import summary

AS_OF = dt.date(2026, 10, 15)
FILES = {
    "pupils.csv": [
        ["UPN", "Legal Forename", "Legal Surname", "Year Group", "Date of Birth", "Enrolment Status"],
        ["A100000000001", "Olivia", "Smith", "Year 7", "18/05/2014", "Current"],
        ["A100000000002", "Jack", "Jones", "Year 8", "02/11/2013", "Current"],
        ["A100000000003", "Isla", "Brown", "Year 9", "27/01/2012", "Current"],
        ["A100000000004", "Leo", "Evans", "Year 9", "13/09/2012", "Left"],
    ],
    "staff.csv": [
        ["Staff Code", "Title", "First Name", "Last Name", "Work Email"],
        ["ST1", "Ms", "Freya", "Walker", "fwalker@oakfield.example.sch.uk"],
        ["ST2", "Mr", "Harry", "Roberts", "hroberts@oakfield.example.sch.uk"],
    ],
    "groups.csv": [
        ["Group Code", "Group Name", "Subject", "Main Teacher", "Start Date", "End Date"],
        ["7A/Ma", "7A Maths", "Mathematics", "ST1", "01/09/2026", "16/07/2027"],
        ["8B/En", "8B English", "English", "ST2", "01/09/2026", "16/07/2027"],
        ["8B/Dr", "8B Drama", "Drama", "ST2", "06/01/2027", "16/07/2027"],  # the spring term's
    ],
    "group_membership.csv": [
        ["UPN", "Group Code"],
        ["A100000000001", "7A/Ma"],
        ["A100000000002", "8B/En"],
        ["A100000000002", "8B/Dr"],
        ["A100000000003", "8B/En"],
    ],
    "contacts.csv": [
        ["UPN", "Contact Forename", "Contact Surname", "Relationship", "Email", "Parental Responsibility"],
        ["A100000000001", "Emma", "Smith", "Mother", "emma.smith@mail.example.co.uk", "Y"],
        ["A100000000002", "Noah", "Jones", "Father", "noah.jones@mail.example.co.uk", "Y"],
        ["A100000000003", "Ava", "Brown", "Grandparent", "ava.brown@mail.example.co.uk", "N"],
    ],
}


def _draft(tmp_path: Path) -> tuple[Path, Path]:
    exports = tmp_path / "in"
    exports.mkdir()
    for name, rows in FILES.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, delimiter=";").writerows(rows)
    text = api.init_profile(exports).profile_text
    text = text.replace(
        "  # school_id: ...   # required: the school's ID in the SIS (its number or code)", "  school_id: OAK"
    )
    text = text.replace(
        "  # school_name: ...   # required: the school's name, as families know it", "  school_name: Oakfield"
    )
    profile = tmp_path / "district.yaml"
    profile.write_text(text, encoding="utf-8")
    return exports, profile


def _run(profile: Path, exports: Path, out: Path, as_of: dt.date = AS_OF) -> api.RunResult:
    return api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=as_of))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_draft_reads_each_file_for_its_table(tmp_path: Path) -> None:
    _, profile = _draft(tmp_path)
    text = profile.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    tables = data["tables"]
    students = tables["users"]["students"]
    assert students["from"] == "pupils"  # not staff.csv
    assert students["columns"]["sourcedId"] == {"column": "UPN", "clean": ["id"]}
    assert students["columns"]["givenName"] == {"column": "Legal Forename", "clean": ["name"]}
    assert tables["users"]["staff"]["columns"]["email"] == {"column": "Work Email", "clean": ["email"]}
    classes = tables["classes"]["sections"]
    assert (classes["from"], classes["columns"]["sourcedId"]) == ("groups", {"column": "Group Code", "clean": ["id"]})
    assert tables["enrollments"]["rows"]["from"] == "group_membership"
    assert data["settings"]["day_first"] is True
    assert "day_first: true   # the dates are day/month/year (" in text
    assert data["filters"]["current_term"] == {"start": "{Start Date}", "end": "{End Date}"}


def test_the_draft_runs_and_links_the_contacts_with_parental_responsibility(tmp_path: Path) -> None:
    """The contacts file was read by no rule (a first set with no parent, I272, exit 1): the
    draft now reads it (newcomer49 2), linking the contacts its Parental Responsibility flag
    says yes of, not the grandparent."""
    exports, profile = _draft(tmp_path)
    guardians = yaml.safe_load(profile.read_text(encoding="utf-8"))["tables"]["users"]["guardians"]
    assert guardians["from"] == "contacts" and guardians["guardian"]["student"] == {"column": "UPN", "clean": ["id"]}
    assert api.check_profile(str(profile), exports=exports, hints=True)[1] == []
    out = tmp_path / "out"
    first = _run(profile, exports, out)
    assert first.report.published and first.exit_status == 0, [str(p) for p in first.problems]  # not D350
    assert {c["sourcedId"] for c in _rows(out / "classes.csv")} == {"7A/Ma", "8B/En"}  # not the spring's drama
    assert {(u["sourcedId"], u["role"]) for u in _rows(out / "users.csv") if u["role"] != "parent"} == {
        ("A100000000001", "student"),
        ("A100000000002", "student"),
        ("A100000000003", "student"),
        ("ST1", "teacher"),
        ("ST2", "teacher"),
    }
    assert {d["birthDate"] for d in _rows(out / "demographics.csv")} == {"2014/05/18", "2013/11/02", "2012/01/27"}
    parents = {(u["email"], u["agentSourcedIds"]) for u in _rows(out / "users.csv") if u["role"] == "parent"}
    assert parents == {
        ("emma.smith@mail.example.co.uk", "A100000000001"),
        ("noah.jones@mail.example.co.uk", "A100000000002"),
    }

    # The drafted rule removed: the contacts read by no rule hold the first set, as before.
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text[: text.index("    guardians:")] + text[text.index("  demographics:") :], "utf-8")
    assert [p.code.id for p in api.check_profile(str(profile), exports=exports, hints=True)[1]] == ["I272"]
    unread = _run(profile, exports, tmp_path / "unread")
    assert unread.report.published and unread.exit_status == 1
    (said,) = summary.to_check(unread.report)
    assert (said.code.id, said.params["source"], said.params["why"]) == ("I272", "contacts", "no-parents")
    second = _run(profile, exports, tmp_path / "unread", AS_OF + dt.timedelta(days=1))
    assert second.exit_status == 0 and second.report.counts["I272"] == 1  # said once; still said


def test_a_source_of_classes_dated_plainly_and_no_term_filter_is_said(tmp_path: Path) -> None:
    exports, profile = _draft(tmp_path)
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text[: text.index("  current_term:")] + text[text.index("  exclude_classes:") :], "utf-8")
    (said,) = [p for p in api.check_profile(str(profile), hints=True)[1] if p.code.id == "I274"]
    assert (said.params["source"], said.params["columns"]) == ("groups", "Start Date, End Date")
    result = _run(profile, exports, tmp_path / "out")
    assert result.exit_status == 1
    (said,) = result.report.examples["I274"]
    assert (
        "1 of the 3 classes published are of terms not running on 2026-10-15 (neither covering it nor, out "
        "of term, the first to start within 21 days): 2027-01-06 to 2027-07-16: 1" in str(said)
    )


def test_an_unread_file_of_another_kind_does_not_hold_the_first_set(tmp_path: Path) -> None:
    exports, profile = _draft(tmp_path)
    (exports / "notes.csv").write_text("UPN;Note\nA100000000001;hello\n", encoding="utf-8")
    text = profile.read_text(encoding="utf-8")
    notes = '  notes:\n    files: ["notes.csv"]\n    columns: ["UPN", "Note"]\n'
    profile.write_text(text.replace("sources:\n", "sources:\n" + notes, 1), encoding="utf-8")
    result = _run(profile, exports, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    (unread,) = result.report.examples["I272"]
    assert unread.params["source"] == "notes" and not summary.to_check(result.report)


def test_check_profile_with_the_exports_names_dates_read_the_wrong_way_round(tmp_path: Path) -> None:
    """newcomer49 3: the draft's day_first removed (or a draft from a folder whose first rows
    showed no day past the 12th): check-profile --exports said "ok", and the first run refused
    the set (D350). It now reads the date columns as a run does and names each, at its file and
    line, with the fix the run would give; written, the profile is ok."""
    exports, profile = _draft(tmp_path)
    text = profile.read_text(encoding="utf-8")
    day_first = next(line for line in text.splitlines() if line.startswith("  day_first:"))
    profile.write_text(text.replace(day_first + "\n", ""), encoding="utf-8")
    problems = api.check_profile(str(profile), exports=exports, hints=True)[1]
    misread = {(p.where.file, p.where.line, p.params["column"]) for p in problems if p.code.id == "D350"}
    assert misread == {("pupils.csv", 2, "Date of Birth"), ("groups.csv", 2, "End Date")}
    said = next(p for p in problems if p.code.id == "D350")
    assert "set settings.day_first: true in the district profile" in str(said)
    assert _run(profile, exports, tmp_path / "no").exit_status == 1  # what the run says too

    profile.write_text(text.replace(day_first, "  day_first: true"), encoding="utf-8")
    assert [p.code.id for p in api.check_profile(str(profile), exports=exports, hints=True)[1]] == []
