"""A required column missing from an export: whose fault, and so which exit (docs/scheduling.md).
One the export of the last published set had is the export's: its template or query lost it, the
data must be fixed, exit 1 (I295). One the export never had is the profile's (or the command's),
exit 2 (I201). Aeries' CON.CD written CD_TYPE one night was exit 2, "the command is wrong", though
the message itself said the last set's export had it (tester62 F6): a scheduler alerting "job
broken" on 2 sent the admin to the crontab instead of the SIS export."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from tests import cli_runner
from tests.parent_columns import run as run_powerschool
from tests.parent_columns import write_district
from tests.test_no_contact_columns import OPTIONAL_CD, copy_with_header, run
from transform.report.summary import next_step

MOTHER = ("Nguyen, Tom", "", "(608) 555-2000")
NOBODY = ("", "", "")


def set_of(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.csv"))}


def test_a_column_the_last_set_s_export_had_is_the_export_s_fault_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        run(
            "aeries", copy_with_header(tmp_path / "one", "aeries/district", "STU.csv", "LN", "LN"), out, "2026-10-15"
        ).exit_status
        == 0
    )
    published = set_of(out)
    result = run(
        "aeries", copy_with_header(tmp_path / "two", "aeries/district", "STU.csv", "LN", "LAST_NAME"), out, "2026-10-16"
    )
    assert result.exit_status == 1 and not result.report.published and set_of(out) == published
    (stop,) = result.problems
    assert (stop.code.id, stop.where.file, stop.where.line, stop.params["column"]) == ("I295", "STU.csv", 1, "LN")
    assert "which the students export of the last published set (as of 2026-10-15) had" in stop.message
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Put the column back in the SIS export"), said
    # The night the export has it again publishes, no --force needed.
    assert (
        run(
            "aeries", copy_with_header(tmp_path / "three", "aeries/district", "STU.csv", "LN", "LN"), out, "2026-10-17"
        ).exit_status
        == 0
    )


def test_a_column_the_export_never_had_is_the_profile_s_exit_2(tmp_path: Path) -> None:
    """Night 1 published with the district's profile declaring CD optional (its export has no CD);
    night 2 runs the bundled profile, which requires it: the export is as it was, the profile reads
    a column it never held. I201, exit 2, though a last set exists."""
    out = tmp_path / "out"
    district = tmp_path / "district.yaml"
    district.write_text(OPTIONAL_CD, encoding="utf-8")
    assert (
        run(
            district, copy_with_header(tmp_path / "one", "aeries/district", "CON.csv", "CD", ""), out, "2026-10-15"
        ).exit_status
        == 0
    )
    result = run(
        "aeries", copy_with_header(tmp_path / "two", "aeries/district", "CON.csv", "CD", ""), out, "2026-10-16"
    )
    assert result.exit_status == 2 and not result.report.published
    (stop,) = result.problems
    assert (stop.code.id, stop.params["column"]) == ("I201", "CD")
    assert "last published set" not in stop.message


def test_powerschool_students_export_that_lost_a_name_column_is_exit_1(tmp_path: Path) -> None:
    """Another profile: PowerSchool's students.txt without Last_Name tonight, a night after it had it."""
    out = tmp_path / "out"
    rows = [("1", MOTHER, NOBODY, "3000"), ("2", MOTHER, NOBODY, "3000")]
    assert run_powerschool(write_district(tmp_path / "one", rows, family="Nguyen"), out, "python").exit_status == 0
    two = write_district(tmp_path / "two", rows, family="Nguyen")
    students = two / "students.txt"
    students.write_text(
        students.read_text(encoding="utf-8").replace("\tLast_Name\t", "\tSurname\t", 1), encoding="utf-8"
    )
    result = run_powerschool(two, out, "python")
    assert result.exit_status == 1 and [(p.code.id, p.params["column"]) for p in result.problems] == [
        ("I295", "Last_Name")
    ]


def test_the_command_line_exits_1_and_names_the_export(tmp_path: Path) -> None:
    """What a scheduler sees: exit 1 and the I295 line, for Aeries' CON.CD written CD_TYPE."""
    out = tmp_path / "out"
    assert (
        run(
            "aeries", copy_with_header(tmp_path / "one", "aeries/district", "CON.csv", "CD", "CD"), out, "2026-10-15"
        ).exit_status
        == 0
    )
    renamed = copy_with_header(tmp_path / "two", "aeries/district", "CON.csv", "CD", "CD_TYPE")
    script = Path(sys.executable).with_name("transform")
    said = cli_runner.run(
        [str(script), "run", "-p", "aeries", str(renamed), str(out), "--as-of", dt.date(2026, 10, 16).isoformat()],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert said.returncode == 1, said.stderr
    assert "I295" in said.stderr and "CON.csv: required column 'CD' missing" in said.stderr


def test_a_column_an_alias_taken_out_of_the_profile_no_longer_reads_is_the_profile_s_exit_2(tmp_path: Path) -> None:
    """The export the same both nights, CON.csv's CD written CD_TYPE; night 1 the district's profile
    reads it by an alias, night 2 the alias is gone: the profile changed, not the export, and I295
    said 'the export lost it since, not the profile' at exit 1 (reviewer63 R6). I201, exit 2."""
    exports = copy_with_header(tmp_path / "in", "aeries/district", "CON.csv", "CD", "CD_TYPE")
    aliased, plain = tmp_path / "district.yaml", tmp_path / "plain.yaml"
    aliased.write_text("extends: aeries\nsources:\n  contacts:\n    aliases: {CD: [CD_TYPE]}\n", encoding="utf-8")
    plain.write_text("extends: aeries\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(aliased, exports, out, "2026-10-15").exit_status == 0
    result = run(plain, exports, out, "2026-10-16")
    assert result.exit_status == 2 and [p.code.id for p in result.problems] == ["I201"]
