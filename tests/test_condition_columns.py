"""A column a condition reads that the export lacks (issue 22.1): Aeries writes the status tag
as `TAG` where the profile reads `TG`. The `where active` condition then sees every student
blank and keeps the withdrawn ones: a warning (I260) for a bundled profile too, said on every
run, refused by --strict, named by check-profile --exports with the header that looks like it.
A header that looks like the missing column is the column renamed (tester28 R2): refused (X990)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from tests import cli_runner
from tests.conftest import FIXTURES
from transform import api
from transform.pipeline.absent import close_header
from transform.report.summary import next_step

AERIES = FIXTURES / "aeries" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)


def transform(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("transform")
    return cli_runner.run([str(script), *map(str, args)], capture_output=True, text=True, check=False, timeout=120)


def renamed_headers(folder: Path, tag: str = "TAG") -> Path:
    """The Aeries fixture with STU's TG written TAG (or `tag`) and SEM written SEMAIL (a withdrawn
    student, Jiwoo Park, has TAG = I)."""
    exports = folder / "in"
    shutil.copytree(AERIES, exports)
    stu = exports / "STU.csv"
    header, rest = stu.read_text(encoding="utf-8").split("\n", 1)
    assert header == "ID,SC,SN,LN,FN,MN,GR,BD,SEM,HL,CL,TG,DEL"
    stu.write_text(f"ID,SC,SN,LN,FN,MN,GR,BD,SEMAIL,HL,CL,{tag},DEL\n" + rest, encoding="utf-8")
    return exports


def published_ids(out: Path) -> set[str]:
    return {line.split(",", 1)[0] for line in (out / "users.csv").read_text(encoding="utf-8").splitlines()[1:]}


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="aeries", in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


def test_an_absent_condition_column_of_a_bundled_profile_is_a_warning(tmp_path: Path) -> None:
    result = run(renamed_headers(tmp_path), tmp_path / "out")
    found = result.report.examples.get("I260", [])
    assert [(p.where.file, p.where.line, p.where.column) for p in found] == [("STU.csv", 1, "TG")]
    assert found[0].code.severity == "warning"
    message = found[0].message
    assert message.startswith("students: no column 'TG' in STU.csv; users where active")
    # `op: empty`: a blank passes, so a withdrawn student (TG set) is published.
    assert message == (
        "students: no column 'TG' in STU.csv; users where active, demographics where active read it: every "
        "row reads it as blank and passes them, so any record they exist to leave out (inactive student) is "
        "published; did you mean 'TAG'?"
    )
    # The misspelt email column of a bundled profile stays a note, but names the look-alike too.
    notes = [p.message for p in result.report.examples.get("I244", []) if p.where.column == "SEM"]
    assert notes and notes[0].endswith("did you mean 'SEMAIL'?")


def test_a_filter_column_renamed_in_the_export_is_refused(tmp_path: Path) -> None:
    """TAG for TG: every withdrawn student and her parents would be published; the tool sees the
    look-alike header, so the export changed, and a person must act (tester28 R2)."""
    result = run(renamed_headers(tmp_path), tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert [p.code.id for p in result.problems] == ["X990"]
    refusal = result.problems[0]
    assert (refusal.where.file, refusal.where.line, refusal.where.column) == ("STU.csv", 1, "TG")
    assert refusal.message.startswith(
        "STU.csv has no column 'TG' but has 'TAG', which looks like it under another name: users where active, "
        "demographics where active read it: every row reads it as blank and passes them, so any record they "
        "exist to leave out (inactive student) would be published; nothing published"
    )


def test_allow_incomplete_publishes_a_renamed_filter_column_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(renamed_headers(tmp_path), out, allow_incomplete=True)
    assert result.report.published and result.exit_status == 1 and "F453" in result.report.counts  # said
    assert [p.where.column for p in result.report.examples["X918"]] == ["TG"]
    assert "I260" in result.report.examples and "X990" not in result.report.examples
    clean = run(AERIES, tmp_path / "clean")
    assert published_ids(out) > published_ids(tmp_path / "clean"), "the withdrawn student is published"
    assert clean.exit_status == 0


def test_a_filter_column_the_export_never_had_is_a_warning(tmp_path: Path) -> None:
    """No header looks like TG: an export without the column, which I260 says on every run."""
    result = run(renamed_headers(tmp_path, tag="Notes"), tmp_path / "out")
    assert result.exit_status == 0
    assert [p.where.column for p in result.report.examples["I260"]] == ["TG"]
    assert not result.report.examples["I260"][0].message.endswith("?")
    assert "X990" not in result.report.examples


def test_strict_refuses_a_run_whose_filter_column_is_absent(tmp_path: Path) -> None:
    result = run(renamed_headers(tmp_path, tag="Notes"), tmp_path / "out", strict=True)
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert [p.code.slug for p in result.problems] == ["strict-refused"]


def test_the_absent_condition_column_is_said_on_every_run(tmp_path: Path) -> None:
    exports = renamed_headers(tmp_path)
    said = transform("run", "-p", "aeries", exports, tmp_path / "out", "--as-of", "2026-10-15", "--quiet")
    assert "STU.csv:1 [TG]: I260 condition-column-absent" in said.stderr, said.stderr
    assert "did you mean 'TAG'?" in said.stderr


def test_check_profile_with_exports_names_the_condition_column(tmp_path: Path) -> None:
    said = transform("check-profile", "aeries", "--exports", renamed_headers(tmp_path))
    assert "STU.csv:1 [TG]: I260 condition-column-absent: students: no column 'TG'" in said.stderr
    assert "did you mean 'TAG'?" in said.stderr
    assert "STU.csv:1 [SEM]: I240 column-absent" in said.stderr and "did you mean 'SEMAIL'?" in said.stderr


def test_a_close_header_is_a_near_spelling_or_starts_with_the_name() -> None:
    unread = {"tag": "TAG", "semail": "SEMAIL", "lf": "LF"}
    assert close_header("tg", unread) == "TAG"
    assert close_header("sem", unread) == "SEMAIL"
    assert close_header("birthdate", unread) == ""
    assert close_header("tg", {}) == ""


def test_a_renamed_column_of_a_two_column_condition_says_the_other_column_still_decides(tmp_path: Path) -> None:
    """PowerSchool's custody condition reads `{Contact Has Custody}|{legalGuardian}`. Renamed, the
    first column is lost (refused), but the condition is not blind: it reads legalGuardian alone,
    which the message says, rather than "every row reads it as blank" and nothing more (tester31 F3)."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "contacts" / "in", exports)
    contacts = exports / "contacts.csv"
    header, rest = contacts.read_text(encoding="utf-8").split("\n", 1)
    assert ",Contact Has Custody," in f",{header},"
    contacts.write_text(header.replace("Contact Has Custody", "Has Custody") + "\n" + rest, encoding="utf-8")
    result = api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    refusal = next(p for p in result.problems if p.code.id == "X990")
    assert refusal.where.column == "Contact Has Custody"
    assert "with other cells: every row reads it as blank, so it decides on the others alone" in refusal.message
    assert "to leave out by this column might be published; nothing published" in refusal.message


OPTIONAL_STATUS = """\
name: district-m
extends: powerschool
sources:
  students:
    columns: [ID, Student_Number, SchoolID, First_Name, Last_Name, Grade_Level, DOB]
    optional_columns: [Enroll_Status, Middle_Name, Home_Phone, Student_Web_ID, Home_Language, Mother, Father,
                       Mother_Email, Father_Email, GuardianEmail, Mother_Home_Phone, Father_Home_Phone,
                       Motherdayphone, Fatherdayphone, Emerg_Contact_1, Emerg_Contact_2, Emerg_Contact_3,
                       Emerg_Phone_1, Emerg_Phone_2, Emerg_Phone_3, Family_Ident]
"""


def test_the_step_of_a_renamed_status_column_is_its_alias_not_what_the_blank_emptied(tmp_path: Path) -> None:
    """PowerSchool's students.txt writes Enroll_Status as EnrollStatus, the profile declaring it
    optional as I201 offers: every student fails `where active` (a blank is no 0), the tables
    empty (X916, X951) and X990 says why. The step is X990's, with the alias written out, not the
    emptied tables' "change what leaves them out ... --allow-incomplete" (tester44 F13); doing it
    publishes the students."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    students = exports / "students.txt"
    header, rest = students.read_bytes().split(b"\n", 1)
    students.write_bytes(header.replace(b"Enroll_Status", b"EnrollStatus") + b"\n" + rest)
    district = tmp_path / "district.yaml"
    district.write_text(OPTIONAL_STATUS, encoding="utf-8")
    options = api.RunOptions(profile=str(district), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF)
    result = api.run(options)
    assert result.exit_status == 1
    assert {"X916", "X951", "X990"} <= {p.code.id for p in result.problems}
    said = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert said.startswith(
        "Next: Give the column its name 'Enroll_Status' again in the SIS's export of students.txt, or, if the "
        "SIS now names it 'EnrollStatus', map it in your district profile: sources: {students: {aliases: "
        "{Enroll_Status: [EnrollStatus]}}}"
    )
    assert "--allow-incomplete" not in said
    district.write_text(OPTIONAL_STATUS + "    aliases: {Enroll_Status: [EnrollStatus]}\n", encoding="utf-8")
    assert api.run(options).exit_status == 0


def test_a_header_the_profile_reads_in_another_export_is_no_look_alike(tmp_path: Path) -> None:
    """Illuminate's roster.txt without its optional Entry Date and Exit Date (uncovered48): its
    Birth Date, which the profile reads from the students export, looked like 'Entry Date' renamed,
    and the set was refused (X990). Only the absent columns are said (I260), as for any export
    that never had them."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "illuminate" / "district" / "in", exports)
    roster = exports / "roster.txt"
    rows = [line.split("\t") for line in roster.read_text(encoding="utf-8").splitlines()]
    assert [rows[0][5], *rows[0][10:12]] == ["06 Birth Date", "11 Entry Date", "12 Exit Date"]
    roster.write_text("".join("\t".join(cells[:10] + cells[12:]) + "\r\n" for cells in rows), encoding="utf-8")
    result = api.run(api.RunOptions(profile="illuminate", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert "X990" not in result.report.counts and result.exit_status == 0, [p.message for p in result.problems]
    said = {p.params["column"]: p.message for p in result.report.examples["I260"]}
    assert set(said) == {"Entry Date", "Exit Date"}
    assert all("did you mean" not in message for message in said.values())
