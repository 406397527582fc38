"""A condition that keeps out people who must not contact a student cannot run blind (tester32
F2). Aeries' CON export with its record type `CD` written `RecordType`: `not_restrained` (CD not
R) read every row blank and passed it, and the restrained father, holding ed rights, was
published as a parent at exit 0 with one I260 warning. Remind asks to exclude "any individuals
prohibited from contacting students". The bundled profiles now require the column such a
condition reads (Aeries CON.CD, Synergy CONTACT_ALLOWED): an export without it stops the run
(I201, exit 2, naming the column and the header). A district whose export truly lacks it
declares it optional in its own profile (docs/profiles.md)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step


def copy_with_header(tmp_path: Path, case: str, name: str, old: str, new: str) -> Path:
    """A fixture district's exports with one header cell of one file renamed (`new` "" drops the
    column: its header cell and every row's cell)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / case / "in", folder)
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines[0].split(",").index(old)
    if new:
        cells = lines[0].split(",")
        cells[at] = new
        lines[0] = ",".join(cells)
    else:
        lines = [",".join(c for i, c in enumerate(line.split(",")) if i != at) for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run(profile: str | Path, folder: Path, out: Path, as_of: str) -> api.RunResult:
    options = api.RunOptions(profile=str(profile), in_dir=folder, out_dir=out, as_of=dt.date.fromisoformat(as_of))
    return api.run(options)


def restrained_father_with_ed_rights(folder: Path) -> None:
    """Carlos Ortega, record type R, holding ed rights (ERH Y), as tester32's repro has him."""
    con = folder / "CON.csv"
    text = con.read_text(encoding="utf-8")
    old = "10001,2,Ortega,Carlos,10,R,N,"
    assert old in text
    con.write_text(text.replace(old, "10001,2,Ortega,Carlos,10,R,Y,"), encoding="utf-8")


def test_aeries_contacts_without_their_record_type_column_are_refused(tmp_path: Path) -> None:
    folder = copy_with_header(tmp_path, "aeries/district", "CON.csv", "CD", "RecordType")
    restrained_father_with_ed_rights(folder)
    result = run("aeries", folder, tmp_path / "out", "2026-10-15")
    assert result.exit_status == 2 and not (tmp_path / "out").exists()
    (stop,) = result.problems
    assert (stop.code.id, stop.where.file, stop.where.line) == ("I201", "CON.csv", 1)
    assert stop.message == (
        "CON.csv: required column 'CD' missing from the header "
        "(found: PID, SQ, LN, FN, RL, RecordType, ERH, PC, LW, EM, TL, CP, CL, DEL); users where not_restrained "
        "(restrained contact (record type R)), users where not_emergency (emergency contact), users where "
        "erh_known (guardian role unknown) and users where parent_or_guardian (not a parent or guardian "
        "(record type)) read it to leave people out: without it they cannot tell whom"
    )


def test_aeries_contacts_with_the_column_leave_the_restrained_father_out(tmp_path: Path) -> None:
    folder = copy_with_header(tmp_path, "aeries/district", "CON.csv", "CD", "CD")
    restrained_father_with_ed_rights(folder)
    out = tmp_path / "out"
    assert run("aeries", folder, out, "2026-10-15").exit_status == 0
    assert "Carlos" not in (out / "users.csv").read_text(encoding="utf-8")


def test_synergy_contacts_without_contact_allowed_are_refused(tmp_path: Path) -> None:
    """Rita Chavez's CONTACT_ALLOWED is N: without the column she would be published."""
    folder = copy_with_header(tmp_path, "synergy/district", "contacts.csv", "CONTACT_ALLOWED", "")
    result = run("synergy", folder, tmp_path / "out", "2026-09-14")
    assert result.exit_status == 2 and not (tmp_path / "out").exists()
    (stop,) = result.problems
    assert stop.code.id == "I201" and stop.where.file == "contacts.csv"
    assert "required column 'CONTACT_ALLOWED' missing" in stop.message


def test_a_district_whose_export_has_no_record_types_marks_the_column_optional(tmp_path: Path) -> None:
    """The override docs/profiles.md shows: the source's columns declared again, CD optional. The
    run publishes, and says on every run that the conditions read no column (I260)."""
    folder = copy_with_header(tmp_path, "aeries/district", "CON.csv", "CD", "")
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\n"
        "extends: aeries\n"
        "sources:\n"
        "  contacts:\n"
        "    columns: [PID, SQ, LN, FN]\n"
        "    optional_columns: [RL, CD, ERH, PC, LW, EM, TL, CP, CL, DEL]\n",
        encoding="utf-8",
    )
    result = run(profile, folder, tmp_path / "out", "2026-10-15")
    assert result.exit_status == 0
    (absent,) = result.report.examples["I260"]
    assert (absent.where.file, absent.where.column) == ("CON.csv", "CD")


def test_a_record_type_column_the_last_set_had_is_named_as_lost_and_optional_is_not_the_way(tmp_path: Path) -> None:
    """Night 1 leaves the restrained father out; night 2 CON.csv's template lost CD. The export
    changed, not the command: I295, exit 1 (tester62 F6: I201's exit 2 sent the admin to the
    crontab). It says which conditions read CD and what they leave out, and that the export of the
    last published set had it; the step is to put it back, and says what declaring it optional
    would publish (tester44 F3)."""
    first = copy_with_header(tmp_path / "one", "aeries/district", "CON.csv", "CD", "CD")
    restrained_father_with_ed_rights(first)
    out = tmp_path / "out"
    assert run("aeries", first, out, "2026-10-15").exit_status == 0
    result = run("aeries", without_record_types(tmp_path / "two"), out, "2026-10-16")
    assert result.exit_status == 1 and not result.report.published
    (stop,) = result.problems
    assert (stop.code.id, stop.where.file, stop.where.line) == ("I295", "CON.csv", 1)
    assert stop.message == (
        "CON.csv: required column 'CD' missing from the header (found: PID, SQ, LN, FN, RL, ERH, PC, LW, EM, TL, "
        "CP, CL, DEL), which the contacts export of the last published set (as of 2026-10-15) had: the export "
        "lost it since, not the profile; users where not_restrained (restrained contact (record type R)), users "
        "where not_emergency (emergency contact), users where erh_known (guardian role unknown) and users where "
        "parent_or_guardian (not a parent or guardian (record type)) read it to leave people out: without it "
        "they cannot tell whom; nothing published"
    )
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith(
        "Next: Put 'CD' back in the SIS export of CON.csv (its template or query lost it: the export of the last "
        "published set, as of 2026-10-15, had it;"
    )
    assert "Declaring it under optional_columns would not fix this: users where not_restrained" in said


def without_record_types(folder: Path) -> Path:
    """The Aeries district with the restrained father holding ed rights, its CON.csv without CD."""
    exports = copy_with_header(folder, "aeries/district", "CON.csv", "CD", "CD")
    restrained_father_with_ed_rights(exports)
    con = exports / "CON.csv"
    lines = con.read_text(encoding="utf-8").splitlines()
    at = lines[0].split(",").index("CD")
    con.write_text("\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != at) for line in lines) + "\n")
    return exports


def test_a_column_no_keep_out_condition_reads_keeps_the_plain_step(tmp_path: Path) -> None:
    """FN, a name, leaves no one out: I201 says no keep-out condition's step. A contact's first
    name is the one cell of users.givenName, which Remind requires: the step asks for it, never
    optional_columns, which would leave every contact out (D304; tester63 F8)."""
    folder = copy_with_header(tmp_path, "aeries/district", "CON.csv", "FN", "")
    result = run("aeries", folder, tmp_path / "out", "2026-10-15")
    (stop,) = result.problems
    assert stop.code.id == "I201" and stop.message.endswith("CP, CL, DEL)")
    said = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert said.startswith("Next: Add 'FN' to the SIS export of CON.csv") and "users.givenName is required" in said
    assert "keep" not in stop.params["keeps"]


OPTIONAL_CD = (
    "name: district\n"
    "extends: aeries\n"
    "sources:\n"
    "  contacts:\n"
    "    columns: [PID, SQ, LN, FN]\n"
    "    optional_columns: [RL, CD, ERH, PC, LW, EM, TL, CP, CL, DEL]\n"
)


def run_with(profile: str | Path, folder: Path, out: Path, as_of: str, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile=str(profile), in_dir=folder, out_dir=out, as_of=dt.date.fromisoformat(as_of), **options)  # type: ignore[arg-type]
    )


def user_names(out: Path) -> str:
    return (out / "users.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_cd_declared_optional_after_a_night_that_had_it_refuses_the_restrained_father(
    tmp_path: Path, engine: str
) -> None:
    """Night 1 leaves Carlos out (CD R). Night 2 CON.csv lost CD and the admin declared it optional,
    as I201's third way offered: not_restrained and not_emergency pass every row, and Carlos, whom
    the last set did not hold, would be published. Refused (X936, exit 1), naming the conditions,
    the column, that the last set's export had it, and him; the last set stays (tester44 F3 b)."""
    out = tmp_path / "out"
    first = copy_with_header(tmp_path / "one", "aeries/district", "CON.csv", "CD", "CD")
    restrained_father_with_ed_rights(first)
    assert run_with("aeries", first, out, "2026-10-15", engine=engine).exit_status == 0
    assert "Carlos" not in user_names(out)
    district = tmp_path / "district.yaml"
    district.write_text(OPTIONAL_CD, encoding="utf-8")
    result = run_with(district, without_record_types(tmp_path / "two"), out, "2026-10-16", engine=engine)
    assert result.exit_status == 1 and not result.report.published
    assert [p.code.id for p in result.problems] == ["X936"]
    (stop,) = result.problems
    assert (stop.where.file, stop.where.column) == ("CON.csv", "CD")
    assert stop.message.startswith(
        "users where not_emergency (emergency contact) and users where not_restrained (restrained contact "
        "(record type R)) read no column 'CD' in CON.csv (the export of the last published set, as of "
        "2026-10-15, had it), so they left no one out by it tonight, and 1 user the last published set did "
        "not hold would be published ("
    )
    assert "(Carlos Ortega, parent)" in stop.message
    assert "Carlos" not in user_names(out)
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Put the column back in the SIS export")


def test_allow_incomplete_publishes_the_newcomers_once_and_later_nights_say_only_new_ones(tmp_path: Path) -> None:
    """Checked in the SIS and published with --allow-incomplete (X918): Carlos is then in the last
    set, so the same exports the next night publish at exit 0 (I260 still warns); a night is
    refused again only for users new again."""
    out = tmp_path / "out"
    first = copy_with_header(tmp_path / "one", "aeries/district", "CON.csv", "CD", "CD")
    restrained_father_with_ed_rights(first)
    assert run_with("aeries", first, out, "2026-10-15").exit_status == 0
    district = tmp_path / "district.yaml"
    district.write_text(OPTIONAL_CD, encoding="utf-8")
    night = without_record_types(tmp_path / "two")
    allowed = run_with(district, night, out, "2026-10-16", allow_incomplete=True)
    assert allowed.report.published and "X918" in allowed.report.counts and "Carlos" in user_names(out)
    assert allowed.exit_status == 1 and "F453" in allowed.report.counts  # published, but said
    later = run_with(district, night, out, "2026-10-17")
    assert later.exit_status == 0 and "X936" not in later.report.counts and "I260" in later.report.counts


def test_a_condition_marked_optional_is_not_checked(tmp_path: Path) -> None:
    """A district whose SIS has no restrained contacts says so once: the conditions `optional: true`
    (I244, a note), and a later night publishes newcomers at exit 0."""
    out = tmp_path / "out"
    first = copy_with_header(tmp_path / "one", "aeries/district", "CON.csv", "CD", "CD")
    restrained_father_with_ed_rights(first)
    assert run_with("aeries", first, out, "2026-10-15").exit_status == 0
    district = tmp_path / "district.yaml"
    district.write_text(
        OPTIONAL_CD + "tables:\n  users:\n    guardians:\n      where:\n        not_restrained: {optional: true}\n"
        "      guardian:\n        link_where:\n          not_emergency: {optional: true}\n",
        encoding="utf-8",
    )
    result = run_with(district, without_record_types(tmp_path / "two"), out, "2026-10-16")
    assert result.exit_status == 0 and "X936" not in result.report.counts


def test_a_first_set_without_the_column_warns_naming_whom_the_conditions_leave_out(tmp_path: Path) -> None:
    """No last set to tell who is new: published, I260 naming what the conditions leave out."""
    district = tmp_path / "district.yaml"
    district.write_text(OPTIONAL_CD, encoding="utf-8")
    result = run_with(district, without_record_types(tmp_path / "in"), tmp_path / "out", "2026-10-15")
    assert result.exit_status == 0 and "X936" not in result.report.counts
    (warning,) = result.report.examples["I260"]
    assert "so any record they exist to leave out (emergency contact, restrained contact (record type R)) is " in (
        warning.message
    )


def active_only_students(tmp_path: Path, *, end_dates: bool, newcomer: bool) -> Path:
    """The Infinite Campus fixture's students as an ad hoc query of active enrolments writes them:
    the withdrawn student's row gone and (`end_dates` False) no endDate column, which the bundled
    profile declares optional; `newcomer`: a student enrolled tonight."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "infinite-campus" / "district" / "in", folder)
    path = folder / "students.csv"
    header, *rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    at = header.index("endDate")
    rows = [row for row in rows if not row[at]]
    if newcomer:
        newkid = "59999,1199999,0410,Newkid,Pat,,03,04/22/2018,,10/16/2026,,P,English"
        rows.append(newkid.split(","))
    if not end_dates:
        header, rows = header[:at] + header[at + 1 :], [row[:at] + row[at + 1 :] for row in rows]
    path.write_text("".join(",".join(row) + "\n" for row in [header, *rows]), encoding="utf-8")
    return folder


def test_an_export_of_active_students_without_end_dates_publishes_each_new_student(tmp_path: Path) -> None:
    """endDate absent every night (an export of the active only): the condition that leaves out the
    withdrawn was refused (X936) every night a student enrolled, until a flag became the habit
    (tester49 F3). It leaves out only the withdrawn, and the column never left: I260 each night."""
    out = tmp_path / "out"
    assert (
        run(
            "infinite-campus",
            active_only_students(tmp_path / "one", end_dates=False, newcomer=False),
            out,
            "2026-10-15",
        ).exit_status
        == 0
    )
    night = active_only_students(tmp_path / "two", end_dates=False, newcomer=True)
    result = run("infinite-campus", night, out, "2026-10-16")
    assert result.exit_status == 0 and "X936" not in result.report.counts and "I260" in result.report.counts
    assert "Newkid" in user_names(out)


def test_an_end_date_column_that_left_the_students_export_is_still_refused(tmp_path: Path) -> None:
    """The same condition, its column in the last set's export and gone tonight: the export
    changed, and tonight's newcomers may be the withdrawn it no longer tells (X936, as before)."""
    out = tmp_path / "out"
    assert (
        run(
            "infinite-campus", active_only_students(tmp_path / "one", end_dates=True, newcomer=False), out, "2026-10-15"
        ).exit_status
        == 0
    )
    result = run(
        "infinite-campus", active_only_students(tmp_path / "two", end_dates=False, newcomer=True), out, "2026-10-16"
    )
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X936"]
    assert "(the export of the last published set, as of 2026-10-15, had it)" in result.problems[0].message


def one_entity_students(tmp_path: Path, *, newcomer: bool) -> Path:
    """The Skyward fixture's students as a one-entity district exports them: no X-DEFAULT-ENTITY
    column (declared optional), each student's row in their one entity; `newcomer`: a student
    enrolled tonight."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "skyward-sms" / "district" / "in", folder)
    path = folder / "student.csv"
    header, *rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    flag, student = header.index("X-DEFAULT-ENTITY"), header.index("OTHER-ID")
    rows = [row for row in rows if row[flag] != "0"]  # a second entity's rows: not in a one-entity district
    if newcomer:
        rows.append(["5999", "026999", "Newkid", "", "Pat", "2030", "04/22/2016", "", "001", "A", "1", "001"])
    assert len({row[student] for row in rows}) == len(rows)
    rows = [row[:flag] + row[flag + 1 :] for row in rows]
    header = header[:flag] + header[flag + 1 :]
    path.write_text("".join(",".join(row) + "\n" for row in [header, *rows]), encoding="utf-8")
    return folder


def test_a_one_entity_skyward_export_without_the_default_entity_flag_publishes_each_new_student(
    tmp_path: Path,
) -> None:
    """tester58 F3: X-DEFAULT-ENTITY only picks a student's row of their default entity; a one-entity
    district's export leaves it out. It was refused (X936) every night a student enrolled, as if
    the condition left people out; it leaves out rows of a person published once (a student with
    two entity rows and no column is a duplicate ID, which the run says)."""
    out = tmp_path / "out"
    first = run("skyward-sms", one_entity_students(tmp_path / "one", newcomer=False), out, "2026-12-01")
    assert first.exit_status == 0, first.report.counts
    result = run("skyward-sms", one_entity_students(tmp_path / "two", newcomer=True), out, "2026-12-02")
    assert result.exit_status == 0 and "X936" not in result.report.counts, result.report.counts
    assert "Newkid" in user_names(out)
