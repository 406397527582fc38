"""Exports that went through a spreadsheet (Excel) or a change of encoding on the way to the
tool (tester20). Each test builds its damaged copy of a fixture district in tmp_path, the way
Excel does: a cell of digits is read as a number and saved without its leading zeros."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from tests.conftest import FIXTURES
from transform import api
from transform.oneroster.spec import REMIND
from transform.pipeline import org_gate, set_sql
from transform.pipeline.gate import Change, Night
from transform.profile import load
from transform.profile.compile import Choices, Plan, compile_plan
from transform.profile.templates import parse
from transform.report import summary
from transform.report.report import Report

ENGINES = ("python", "columnar")


def district(sis: str, tmp_path: Path, name: str = "district") -> tuple[Path, dict[str, object]]:
    """A copy of a fixture district's exports, with its case (profile, as-of)."""
    case = FIXTURES / sis / name
    folder = tmp_path / f"{sis}-in"
    shutil.copytree(case / "in", folder)
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    profile = spec["profile"]
    if (case / profile).is_file():
        shutil.copy(case / profile, tmp_path / profile)
        profile = str(tmp_path / profile)
    return folder, {"profile": profile, "as_of": dt.date.fromisoformat(str(spec["as_of"]))}


def through_excel(path: Path, columns: set[str], edit: Callable[[str], str] | None = None) -> None:
    """The file opened in Excel and saved again: in `columns`, a cell of digits loses its leading
    zeros ('0410' -> '410'), or is passed through `edit`."""
    delimiter = "\t" if path.suffix == ".txt" else ","
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
    header = rows[0]
    at = [i for i, name in enumerate(header) if name in columns]
    assert at, f"none of {columns} in {path.name}"
    for row in rows[1:]:
        for i in at:
            if i < len(row):
                row[i] = edit(row[i]) if edit else (row[i].lstrip("0") or "0") if row[i].isdigit() else row[i]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(rows)


def nightly(clean: Path, damaged: Path, tmp_path: Path, **options: object) -> list[api.RunResult]:
    """Last night's run of the clean exports, then tonight's of the damaged ones into the same OUT,
    in each engine; both engines agree on what tonight's run says and publishes."""
    results = []
    for engine in ENGINES:
        out = tmp_path / f"out-{engine}"
        run_options = {k: v for k, v in options.items() if k != "allow_rollover"}
        first = api.run(api.RunOptions(in_dir=clean, out_dir=out, engine=engine, **run_options))  # type: ignore[arg-type]
        assert first.exit_status == 0
        results.append(api.run(api.RunOptions(in_dir=damaged, out_dir=out, engine=engine, **options)))  # type: ignore[arg-type]
    python, columnar = results
    assert python.exit_status == columnar.exit_status
    assert messages(python) == messages(columnar)
    if python.report.published:
        for name in sorted(p.name for p in (tmp_path / "out-python").iterdir()):
            assert (tmp_path / "out-python" / name).read_bytes() == (tmp_path / "out-columnar" / name).read_bytes()
    return results


def once(clean: Path, damaged: Path, tmp_path: Path, **options: object) -> api.RunResult:
    """`nightly` in the python engine only: for a night's variants whose gate both engines read alike
    (one agreement check per gate is enough, and each run costs)."""
    out = tmp_path / "out-python"
    first = api.run(
        api.RunOptions(in_dir=clean, out_dir=out, **{k: v for k, v in options.items() if k != "allow_rollover"})
    )  # type: ignore[arg-type]
    assert first.exit_status == 0
    return api.run(api.RunOptions(in_dir=damaged, out_dir=out, **options))  # type: ignore[arg-type]


def messages(result: api.RunResult) -> dict[str, list[str]]:
    return {
        code: [p.message.replace("out-columnar", "out-python") for p in problems]
        for code, problems in result.report.examples.items()
    }


# --- tester20 F1: the school numbers lose their leading zeros in every file -------------------


def ic_through_excel(folder: Path) -> None:
    """Infinite Campus' exports each opened in Excel and saved: school number 0410 -> 410."""
    through_excel(folder / "schools.csv", {"number"})
    for name in ("students.csv", "sections.csv", "staff.txt"):
        through_excel(folder / name, {"schoolNumber"})


def test_schools_back_under_their_ids_without_the_zeros_are_refused(tmp_path: Path) -> None:
    clean, case = district("infinite-campus", tmp_path)
    damaged = tmp_path / "tonight"
    shutil.copytree(clean, damaged)
    ic_through_excel(damaged)
    result, _ = nightly(clean, damaged, tmp_path, **case)
    # No user or class is removed (every one is changed), but each school would be deleted and
    # created again in Remind, every user and class moved to it: nothing published.
    assert result.exit_status == 1 and not result.report.published
    (message,) = messages(result)["X984"]
    assert message.startswith(
        "2 of the 2 schools of the last published set are in tonight's set under new IDs: "
        "0410 -> 410 (Cedar Ridge Elementary); 0420 -> 420 (Cedar Ridge Middle)"
    )
    assert "the IDs lost their leading zeros: the exports went through a spreadsheet" in message
    assert "(Excel opens '0410' as the number 410 and saves it so)" in message
    assert "\n0410,,,Cedar Ridge Elementary," in (tmp_path / "out-python" / "orgs.csv").read_text(encoding="utf-8")


def test_schools_gaining_their_zeros_blame_the_last_set_not_tonights_exports(tmp_path: Path) -> None:
    """The first set was made from a copy Excel saved (school 410); tonight's exports are right (0410).
    The refusal said tonight's schools' ID column changed and to export them again as last time, the
    good files (tester57 U5): it says the last set was the spreadsheet's, and names the flag."""
    clean, case = district("infinite-campus", tmp_path)
    excel = tmp_path / "excel-copy"
    shutil.copytree(clean, excel)
    ic_through_excel(excel)
    result = once(excel, clean, tmp_path, **case)
    assert result.exit_status == 1 and not result.report.published
    (message,) = messages(result)["X984"]
    assert "410 -> 0410 (Cedar Ridge Elementary)" in message
    assert "tonight's IDs are the last published set's with their leading zeros back ('410' is now '0410')" in message
    assert "rerun once with --allow-rollover" in message
    assert "really renumbered" not in message  # no contradicting tail (reviewer123 R5)
    assert "export them again" not in message and "ID column changed" not in message


def test_schools_renumbered_for_real_are_published_with_allow_rollover(tmp_path: Path) -> None:
    clean, case = district("infinite-campus", tmp_path)
    damaged = tmp_path / "tonight"
    shutil.copytree(clean, damaged)
    # The district renumbered its schools: the same names, other numbers.
    renumber = {"0410": "7410", "0420": "7420"}.get
    through_excel(damaged / "schools.csv", {"number"}, lambda v: renumber(v) or v)
    for name in ("students.csv", "sections.csv", "staff.txt"):
        through_excel(damaged / name, {"schoolNumber"}, lambda v: renumber(v) or v)
    refused, _ = nightly(clean, damaged, tmp_path, **case)
    (message,) = messages(refused)["X984"]
    assert "0410 -> 7410 (Cedar Ridge Elementary)" in message
    assert "the schools' ID column changed in the exports or the profile" in message
    allowed, _ = nightly(clean, damaged, tmp_path / "allowed", allow_rollover=True, **case)
    assert allowed.exit_status == 1 and allowed.report.published  # no term change: published, but (F454)
    assert "X984" not in allowed.report.counts and "F454" in allowed.report.counts
    (said,) = messages(allowed)["X985"]
    assert said.startswith("2 of the 2 schools of the last published set are in tonight's set under new IDs")


def test_a_school_renamed_under_its_id_is_no_rekeyed_school(tmp_path: Path) -> None:
    clean, case = district("infinite-campus", tmp_path)
    damaged = tmp_path / "tonight"
    shutil.copytree(clean, damaged)
    through_excel(damaged / "schools.csv", {"name"}, lambda v: v.replace("Middle", "Middle School"))
    result, _ = nightly(clean, damaged, tmp_path, **case)
    assert result.exit_status == 0 and result.report.published
    assert not {"X984", "X985"} & set(result.report.counts)


def test_student_numbers_without_their_zeros_are_refused(tmp_path: Path) -> None:
    """SDS's Student Number is the users' identifier (the number staff see, Remind's student-facing
    ID), not their sourcedId: nobody is re-created, but every number changed at once, a spreadsheet's
    doing, not the SIS's. Refused, the last set's numbers kept (tester59 C5: 152 of Clever's published
    at exit 0 under V606); --allow-rollover publishes them, said."""
    clean, case = district("sds", tmp_path)
    damaged = tmp_path / "tonight"
    shutil.copytree(clean, damaged)
    through_excel(damaged / "Student.csv", {"Student Number"})
    result, _ = nightly(clean, damaged, tmp_path, **case)
    assert result.exit_status == 1 and not result.report.published
    assert "V606" not in result.report.counts
    (message,) = messages(result)["X854"]
    assert message.startswith("4 of the ")
    assert "whose identifier began with a zero have it tonight without its leading zeros (100.0%" in message
    assert "ST1: 0101 -> 101 (Maya O'Neil)" in message
    assert "(Excel opens '0101' as the number 101)" in message and "nothing published" in message
    assert "\nST1,,,true,S1,student,moneil,,Maya,O'Neil,,0101," in (tmp_path / "out-python" / "users.csv").read_text(
        encoding="utf-8"
    )
    # --redact keeps the IDs and the numbers (no personal data), and only the names go
    redacted = str(result.report.examples["X854"][0].to_dict(redact=True)["message"])
    assert "ST1: 0101 -> 101 (<redacted>)" in redacted and "Maya" not in redacted, redacted
    allowed = once(clean, damaged, tmp_path / "allowed", allow_rollover=True, **case)
    assert allowed.report.published and allowed.exit_status == 1  # published, but (X855, F454)
    assert not {"X854", "V606"} & set(allowed.report.counts) and "X855 ×1" in messages(allowed)["F454"][0]
    (said,) = messages(allowed)["X855"]
    assert said.startswith(
        "--allow-rollover: 4 of the 4 users of the last published set whose identifier began with a zero have it "
        "tonight without its leading zeros (100.0%"
    ), said


def test_student_numbers_without_their_zeros_on_a_new_years_night_are_published_but_exit_1(tmp_path: Path) -> None:
    """reviewer123 R1: --allow-rollover on the new school year's night (X906 asks for it) published
    every number without its zeros at exit 0 (V606): F454 says nothing on a new year's night, and a new
    year explains no lost zeros. X855 asks a person to look, whatever the calendar; its Next is its own."""
    clean, case = district("sds", tmp_path)
    damaged = tmp_path / "tonight"
    shutil.copytree(clean, damaged)
    through_excel(damaged / "Student.csv", {"Student Number"})
    sections = damaged / "Section.csv"
    year = sections.read_text(encoding="utf-8")
    sections.write_text(
        year.replace("T26,2026-27,8/24/2026,6/11/2027", "T27,2027-28,8/23/2027,6/9/2028"), encoding="utf-8"
    )
    out = tmp_path / "out-python"
    assert api.run(api.RunOptions(in_dir=clean, out_dir=out, **case)).exit_status == 0  # type: ignore[arg-type]
    case["as_of"] = dt.date(2027, 8, 30)
    result = api.run(api.RunOptions(in_dir=damaged, out_dir=out, allow_rollover=True, **case))  # type: ignore[arg-type]
    assert result.report.published and "X908" in result.report.counts  # the new year's removals
    assert result.exit_status == 1 and "F454" not in result.report.counts and "V606" not in result.report.counts
    (said,) = messages(result)["X855"]
    assert "ST1: 0101 -> 101 (Maya O'Neil)" in said and "rerun without --allow-rollover" in said
    step = summary.next_step(result, out_dir=tmp_path, explain_path=None, upload=False)
    assert step.startswith("Next: If the SIS really writes its numbers without the zeros now"), step


def test_a_few_student_numbers_without_their_zeros_are_published(tmp_path: Path) -> None:
    """Fewer than 3 numbers, or no more than --max-reassigned percent of the users whose identifier
    began with a zero, are published at exit 0 and said (V606): a SIS may renumber a few students.
    The share is of those users, not of every user (reviewer123 R2: 11 teachers of 1,241 users, the
    parents without identifiers among them, were 0.89% and published): 4 of the 6 users are 66.7%, of
    the 4 padded 100%, over an 80% limit."""
    clean, case = district("sds", tmp_path)
    damaged = tmp_path / "tonight"
    shutil.copytree(clean, damaged)
    through_excel(damaged / "Student.csv", {"Student Number"}, lambda v: v.lstrip("0") if v in {"0101", "0102"} else v)
    two = once(clean, damaged, tmp_path, **case)
    assert two.exit_status == 0 and two.report.published and "X854" not in two.report.counts
    (message,) = messages(two)["V606"]
    assert message.startswith("2 users of the last published set") and "ST1: 0101 -> 101 (Maya O'Neil)" in message
    everyone = tmp_path / "everyone"
    shutil.copytree(clean, everyone)
    through_excel(everyone / "Student.csv", {"Student Number"})
    over = once(clean, everyone, tmp_path / "over", max_reassigned=80, **case)
    assert over.exit_status == 1 and not over.report.published
    assert messages(over)["X854"][0].startswith("4 of the 4 users of the last published set whose identifier began")
    under = once(clean, everyone, tmp_path / "under", max_reassigned=100, **case)
    assert under.exit_status == 0 and under.report.published and "X854" not in under.report.counts
    assert messages(under)["V606"][0].startswith("4 users of the last published set")


def both(exports: Path, tmp_path: Path, **options: object) -> api.RunResult:
    """A first run (no last set) in each engine; both say and publish the same."""
    python, columnar = (
        api.run(api.RunOptions(in_dir=exports, out_dir=tmp_path / f"first-{engine}", engine=engine, **options))  # type: ignore[arg-type]
        for engine in ENGINES
    )
    assert python.exit_status == columnar.exit_status
    assert messages(python) == {
        code: [m.replace("first-columnar", "first-python") for m in said] for code, said in messages(columnar).items()
    }
    return python


# --- tester20 F6: the staff export alone through Excel ------------------------------------------


def test_every_teacher_left_out_for_schools_without_their_zeros_is_refused(tmp_path: Path) -> None:
    """staff.txt opened in Excel: its school numbers 0410, 0420 became 410, 420. Each teacher was
    left out (V502, a warning), the classes published with no owner, exit 0: X976 refused from 10
    users of a school, and the district has 3 staff."""
    exports, case = district("infinite-campus", tmp_path)
    through_excel(exports / "staff.txt", {"schoolNumber"})
    result = both(exports, tmp_path, **case)
    assert result.exit_status == 1 and not result.report.published
    said = messages(result)["X976"]
    assert len(said) == 2
    assert said[0].startswith(
        "2 users name school '410', which is not in the schools export (schools.csv) ('0410' is: the school "
        "number lost its leading zeros, the file went through a spreadsheet such as Excel; export it again"
    )
    assert "and no staff is published at all (the rows of staff.txt name schools not in the set)" in said[0]
    allowed = both(exports, tmp_path / "allowed", allow_incomplete=True, **case)
    assert allowed.exit_status == 1 and allowed.report.published and "X918" in allowed.report.counts
    assert "F453" in allowed.report.counts  # published, but said


def test_one_teacher_at_a_school_not_in_the_export_is_left_out_as_before(tmp_path: Path) -> None:
    """One staff row naming a school the schools export lacks, the other teachers published: a
    warning (V502), not a refusal (under 10 users, and staff are published)."""
    exports, case = district("infinite-campus", tmp_path)
    through_excel(exports / "staff.txt", {"schoolNumber"}, lambda v: "0999" if v == "0420" else v)
    result = both(exports, tmp_path, **case)
    assert result.exit_status == 0 and result.report.published
    assert "X976" not in result.report.counts and "V502" in result.report.counts


# --- tester20 F5: names garbled by a change of encoding on the way ----------------------------


def retyped(path: Path, old: str, new: str) -> None:
    """One name of an export as another program saved it."""
    text = path.read_bytes().decode("utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new).encode("utf-8"))


def test_names_garbled_by_an_encoding_round_trip_are_said_with_the_cell(tmp_path: Path) -> None:
    """Excel opened the UTF-8 export as ANSI and saved it as UTF-8 ('Harper' typed 'Zoë' comes back
    'ZoÃ«'), and a name saved as ANSI lost a letter ('Whitfield' -> 'Nguy?n'): published as they
    were, said only by D309 ('quotes removed from ZoÃ«': the « of the garble taken for a quote)."""
    exports, case = district("infinite-campus", tmp_path)
    retyped(exports / "students.csv", "Whitfield,Harper", "Whitfield,Zo\u00eb".encode().decode("cp1252"))
    retyped(exports / "students.csv", "Whitfield,Mason", "Nguy?n,Mason")
    result = both(exports, tmp_path, **case)
    assert result.report.published
    said = messages(result)["D381"]
    assert said == [
        "users.givenName: 'ZoÃ«' looks garbled by a change of encoding (its bytes read as UTF-8 give 'Zoë': UTF-8 "
        "text read as Windows-1252 and saved again): the file went through a program that changed its encoding; "
        "published garbled (export it again, and copy it without opening it)",
        "users.familyName: 'Nguy?n' looks garbled by a change of encoding (a '?' where a letter was: the file was "
        "saved in an encoding without that letter): the file went through a program that changed its encoding; "
        "published garbled (export it again, and copy it without opening it)",
    ]
    (garbled, lost) = result.report.examples["D381"]
    assert str(garbled.where) == "students.csv:2 [firstName]"
    assert str(lost.where) == "students.csv:3 [lastName]"


def test_names_of_every_language_are_not_said_garbled(tmp_path: Path) -> None:
    exports, case = district("infinite-campus", tmp_path)
    retyped(exports / "students.csv", "Whitfield,Harper", "Nguyễn,Zoë")
    retyped(exports / "students.csv", "Whitfield,Mason", "Müller-Peña,José")
    result = both(exports, tmp_path, **case)
    assert result.report.published and "D381" not in result.report.counts


def test_an_upper_case_name_before_a_non_breaking_space_is_not_said_garbled() -> None:
    """'CHLOÉ' then a non-breaking space (pasted from a web form) is valid UTF-8 in its Windows-1252
    bytes, for 'CHLOɠ': no name letter, so no garble (tester21 F2: 8 D381 warnings, and --strict
    refused the set). A garbled name's bytes give the letters of a name ('ZoÃ«' gives 'Zoë')."""
    from transform.cleaners.names import garbled

    for name in ("CHLOÉ\xa0", "ANDRÉ\xa0", "JOSÉ\xa0LUIS", "MUÑOZ", "São", "Łukasz"):
        assert garbled(name) == "", name
    for name, meant in (("ZoÃ«", "Zoë"), ("Nguyá»…n", "Nguyễn"), ("Ã‰mile", "Émile")):
        assert f"give {meant!r}" in garbled(name)


# --- tester20 F11, F12: dates and periods a spreadsheet wrote its own way ----------------------


def test_a_birth_date_written_as_a_spreadsheet_serial_is_said_to_be_one(tmp_path: Path) -> None:
    """Excel saved Maya's birth date 5/14/2018 as its serial, 43234: "'43234' is not a date" was all
    the report said."""
    exports, case = district("sds", tmp_path)
    retyped(exports / "Student.csv", "Active,5/14/2018", "Active,43234")
    result = both(exports, tmp_path, **case)
    (serial,) = messages(result)["D382"]
    assert serial == (
        "demographics.birthDate: '43234' is a spreadsheet's date serial number (it stands for 2018-05-14), not "
        "a written date: the file went through a spreadsheet that saved the dates as numbers; export it again "
        "and copy it without opening it in one"
    )
    assert str(result.report.examples["D382"][0].where) == "Student.csv:2 [Birthdate]"
    assert "'43234' is not a date" in messages(result)["D305"][0]  # the cell is still left blank


def test_a_block_period_a_spreadsheet_made_a_date_is_said(tmp_path: Path) -> None:
    """A block period '1-2' saved by Excel as '2-Jan': the class title 'Kindergarten - 2-Jan' was
    published with no code."""
    exports, case = district("skyward-sms", tmp_path)
    retyped(exports / "class.csv", "K-01,001,KDG,Kindergarten,AM,", "K-01,001,KDG,Kindergarten,2-Jan,")
    result = both(exports, tmp_path, **case)
    assert result.report.published
    (said,) = messages(result)["D383"]
    assert said.startswith("classes.periods: '2-Jan' looks like a period or section a spreadsheet turned into a date")
    assert str(result.report.examples["D383"][0].where) == "class.csv:2 [PERIOD]"
    clean, _ = district("skyward-sms", tmp_path / "clean")
    assert "D383" not in both(clean, tmp_path / "clean", **case).report.counts


def email_from_number(tmp_path: Path, domain: str = "kids.harbor.example.org") -> str:
    """Harbor's profile with each student's email made of the Student Number by a template, the
    identifier the SIS ID (reviewer123 R4's profile): the number feeds the email only."""
    profile = tmp_path / f"email-{domain}.yaml"
    profile.write_text(
        "name: harbor\nextends: sds\nsettings:\n  email_domain: harbor.example.org\n"
        "tables:\n  users:\n    students:\n      columns:\n"
        "        identifier: {column: SIS ID, clean: [id]}\n"
        f'        email: {{template: "{{Student Number}}@{domain}", column: null, clean: [email]}}\n',
        encoding="utf-8",
    )
    return str(profile)


def test_emails_made_of_student_numbers_without_their_zeros_are_refused(tmp_path: Path) -> None:
    """reviewer123 R4: a profile making the students' email of their number ('0101@kids...'): Excel
    strips the numbers, the identifier (the SIS ID) is unchanged, and every student's email changed
    0101@ -> 101@ at exit 0, nothing said. X854 judges the email as it judges the identifier, and
    names it; --allow-rollover publishes it, said (X855)."""
    clean, case = district("sds", tmp_path)
    case["profile"] = email_from_number(tmp_path)
    damaged = tmp_path / "tonight"
    shutil.copytree(clean, damaged)
    through_excel(damaged / "Student.csv", {"Student Number"})
    out = tmp_path / "out"
    assert api.run(api.RunOptions(in_dir=clean, out_dir=out, **case)).exit_status == 0  # type: ignore[arg-type]
    result = api.run(api.RunOptions(in_dir=damaged, out_dir=out, **case))  # type: ignore[arg-type]
    assert result.exit_status == 1 and not result.report.published
    (message,) = messages(result)["X854"]
    assert message.startswith(
        "4 of the 4 users of the last published set whose email held a number beginning with a zero have that number "
        "in it tonight without its leading zeros (100.0%"
    ), message
    assert "ST1: 0101@kids.harbor.example.org -> 101@kids.harbor.example.org (Maya O'Neil)" in message
    assert "(Excel opens '0101' as the number 101); the profile makes the email of that number" in message
    assert result.report.examples["X854"][0].where.column == "email"
    redacted = str(result.report.examples["X854"][0].to_dict(redact=True)["message"])  # an email is personal data
    assert "ST1: 0101 -> 101 in the email (<redacted>)" in redacted and "kids.harbor" not in redacted, redacted
    allowed = api.run(api.RunOptions(in_dir=damaged, out_dir=out, allow_rollover=True, **case))  # type: ignore[arg-type]
    assert allowed.report.published and allowed.exit_status == 1 and "X854" not in allowed.report.counts
    (said,) = messages(allowed)["X855"]
    # reviewer134 R4: the words read for each column ('... whose email held a number ... that email with the number')
    assert said.startswith(
        "--allow-rollover: 4 of the 4 users of the last published set whose email held a number beginning with a "
        "zero have that number in it tonight without its leading zeros (100.0%"
    ), said


def test_emails_of_students_moved_to_another_domain_or_renumbered_are_published(tmp_path: Path) -> None:
    """Not a spreadsheet's doing, published at exit 0: two students renumbered (under X854's floor of
    3: said, V606, naming the email), then every student's email at a new domain (its numbers and
    their zeros kept: no zeros lost)."""
    clean, case = district("sds", tmp_path)
    case["profile"] = email_from_number(tmp_path)
    out = tmp_path / "out"
    assert api.run(api.RunOptions(in_dir=clean, out_dir=out, **case)).exit_status == 0  # type: ignore[arg-type]
    renumbered = tmp_path / "tonight"
    shutil.copytree(clean, renumbered)
    through_excel(
        renumbered / "Student.csv", {"Student Number"}, lambda v: v.lstrip("0") if v in {"0101", "0102"} else v
    )
    two = api.run(api.RunOptions(in_dir=renumbered, out_dir=out, **case))  # type: ignore[arg-type]
    assert two.exit_status == 0 and two.report.published and "X854" not in two.report.counts
    (message,) = messages(two)["V606"]
    assert message.startswith("2 users of the last published set have tonight the email they had with the number")
    assert two.report.examples["V606"][0].where.column == "email"
    moved = api.run(
        api.RunOptions(
            in_dir=renumbered, out_dir=out, **{**case, "profile": email_from_number(tmp_path, "k.example.net")}
        )  # type: ignore[arg-type]
    )
    assert moved.exit_status == 0 and moved.report.published, messages(moved)
    assert not {"X854", "V606"} & set(moved.report.counts)


def test_emails_made_of_numbers_without_their_zeros_at_a_new_domain_are_refused(tmp_path: Path) -> None:
    """reviewer134 R1: the same night the profile moved the students' email to another domain, Excel
    stripped the numbers ('0101@kids.harbor...' -> '101@k.example.net'): published at exit 0, nothing
    said (round one asked for the rest of the value unchanged). The numbers are compared alone."""
    clean, case = district("sds", tmp_path)
    damaged = tmp_path / "tonight"
    shutil.copytree(clean, damaged)
    through_excel(damaged / "Student.csv", {"Student Number"})
    out = tmp_path / "out"
    first = api.run(api.RunOptions(in_dir=clean, out_dir=out, **{**case, "profile": email_from_number(tmp_path)}))  # type: ignore[arg-type]
    assert first.exit_status == 0
    moved = {**case, "profile": email_from_number(tmp_path, "k.example.net")}
    result = api.run(api.RunOptions(in_dir=damaged, out_dir=out, **moved))  # type: ignore[arg-type]
    assert result.exit_status == 1 and not result.report.published
    (message,) = messages(result)["X854"]
    assert "ST1: 0101@kids.harbor.example.org -> 101@k.example.net (Maya O'Neil)" in message, message


def test_numbers_inside_text_cells_changed_by_the_sis_are_not_a_spreadsheets(tmp_path: Path) -> None:
    """reviewer134 R2: Excel strips the zeros of a cell that is a whole number only. The SIS renaming
    its students' addresses 'kid0101@' -> 'kid101@' (the email read from the export as it is) and its
    teachers' numbers 'T01' -> 'T1' was refused as a spreadsheet's doing (X854, '(a template)'), the
    only way out --allow-rollover: published at exit 0, nothing said; the teachers' numbers are no
    whole number either. The numbers of the identifier, copied as they are, still are (the test above)."""
    clean, case = district("sds", tmp_path)
    tonight = tmp_path / "tonight"
    shutil.copytree(clean, tonight)
    for night, zeros in ((clean, "0"), (tonight, "")):  # the column 'Secondary Email'
        rows = list(csv.reader((night / "Student.csv").read_text(encoding="utf-8").splitlines()))
        for row in rows[1:]:
            row[5] = f"kid{zeros}{row[6].lstrip('0')}@kids.example.org"
        with (night / "Student.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
    through_excel(tonight / "Teacher.csv", {"Teacher Number"}, lambda v: "T" + v[1:].lstrip("0"))
    result = once(clean, tonight, tmp_path, **case)
    assert result.exit_status == 0 and result.report.published, messages(result)
    assert not {"X854", "V606"} & set(result.report.counts)


ZEROS_USERS = ["sourcedId", "role", "givenName", "familyName", "identifier", "email"]


def _zeros_said(
    tmp_path: Path, made: Mapping[str | tuple[str, str], org_gate.Made], people: list[tuple[str, str, str, str]]
) -> dict[str, list[str]]:
    """X854's and V606's words when users (sourcedId, role, last night's email, tonight's) change only
    their emails, read by the csv module and by DuckDB (both must agree): a few rows, no district built."""
    previous, staged = tmp_path / "previous", tmp_path / "staged"
    for folder, at in ((previous, 2), (staged, 3)):
        folder.mkdir(parents=True)
        with (folder / "users.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerows([ZEROS_USERS, *([p[0], p[1], "Ana", "Diaz", p[0], p[at]] for p in people)])
    said: list[dict[str, list[str]]] = []
    for always in (False, True):
        report = Report()
        with set_sql.reading(tmp_path, staged, always=always) if always else contextlib.nullcontext():
            zeros = org_gate.identifiers_zeros_lost(previous, staged, Change(changed=1), made)
        night = Night(report, previous, {}, tmp_path / "removals.csv", allow_rollover=False, staged=staged)
        org_gate.gate_identifiers(zeros, night, limit=1.0)
        said.append({code: [p.message for p in found] for code, found in report.examples.items()})
    assert said[0] == said[1]
    return said[0]


def _clever() -> Plan:
    return compile_plan(load.load("clever").data, target=REMIND, choices=Choices(as_of=dt.date(2026, 10, 15)))


def test_students_emails_copied_are_not_judged_by_the_teachers_fallback_template(tmp_path: Path) -> None:
    """reviewer139 R1: Clever's bundled profile copies the students' email from Student_email and makes a
    teacher's of '{Username}@{settings.email_domain}' when it has none; the SIS renamed every student's
    address without the zeros ('0001@lakeview...' -> '1@lakeview...', a text cell no spreadsheet opens as a
    number), refused X854 by the teachers' template. Each user is judged by the rules of its role: the
    students' emails are not, the same change of the teachers' emails is."""
    students = [(f"S{n}", "student", f"000{n}@lakeview.example.org", f"{n}@lakeview.example.org") for n in range(1, 6)]
    assert _zeros_said(tmp_path / "students", org_gate.made_of(_clever()), students) == {}
    teachers = [(f"T{n}", "teacher", f"000{n}@lakeview.example.org", f"{n}@lakeview.example.org") for n in range(1, 6)]
    said = _zeros_said(tmp_path / "teachers", org_gate.made_of(_clever()), teachers)
    assert list(said) == ["X854"] and said["X854"][0].startswith("5 of the 5 users"), said


def test_a_few_renumbered_among_many_of_one_template_are_published(tmp_path: Path) -> None:
    """reviewer139 R2: the email '{First_name}.{Last_name}.{Student_number}@...' of 400 students, 3
    renumbered by the SIS (under the 1% limit): their 'Smith-Jones' made a shape of its own (3 of 3,
    refused X854). The users are grouped by the template that put the number in: said (V606), published."""
    template = parse("{First_name}.{Last_name}.{Student_number}@kids.example.org")
    made = {"email": org_gate.Made(templates=tuple(org_gate._placeholders(template, {})))}
    people = [
        (
            f"S{n}",
            "student",
            f"kid.{name}.{n:06d}@kids.example.org",
            f"kid.{name}.{n if n < 3 else f'{n:06d}'}@kids.example.org",
        )
        for n, name in ((n, "smith-jones" if n < 3 else f"fam{n}") for n in range(400))
    ]
    said = _zeros_said(tmp_path, made, people)
    assert list(said) == ["V606"] and said["V606"][0].startswith("3 users"), said
