"""A district that changes SIS mid-year (tester83): the refusals' words lead to the way that keeps
the IDs Remind knows (docs/identity.md, 'Changing SIS or ID columns'), not to --allow-rollover,
which has Remind delete and re-create everyone. Two nights of the small SDS district each, the
second's profile naming another SIS (settings.source_system, the manifest's source.systemName)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from tests import sds_small
from tests.conftest import ROOT
from transform import api
from transform.report import summary
from transform.report.codes import explain
from transform.report.report import Report

NEW_SIS = sds_small.PROFILE + "  source_system: New SIS\n"


def switched(tmp_path: Path, change: sds_small.Callable[[sds_small.Rows], None]) -> tuple[api.RunResult, Path]:
    """Night 1 as the small district, night 2 `change`d and made by a profile naming another SIS."""
    out = tmp_path / "out"
    first = sds_small.night(sds_small.write(tmp_path / "n1" / "in", sds_small.rows()), out)
    assert first.exit_status == 0 and first.report.published
    files = sds_small.rows()
    change(files)
    exports = sds_small.write(tmp_path / "n2" / "in", files)
    (exports.parent / "profile.yaml").write_text(NEW_SIS, encoding="utf-8")
    return sds_small.night(exports, out, day=1), out


def messages(result: api.RunResult, cid: str) -> list[str]:
    return [p.message for p in result.report.aborts if p.code.id == cid]


def new_student_ids(files: sds_small.Rows) -> None:
    for name, at in (("Student.csv", 0), ("StudentEnrollment.csv", 1)):
        for row in files[name][1:]:
            row[at] = str(int(row[at]) + 50000)


def test_a_sis_change_is_said_first_and_the_rollover_last(tmp_path: Path) -> None:
    """T1: the step said "Find why the IDs changed ... spreadsheet ..." and ended on --allow-rollover."""
    result, out = switched(tmp_path, new_student_ids)
    assert messages(result, "X955") and not result.report.published
    said = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: The SIS changed since the last published set"), said
    assert "Microsoft SDS CSV, tonight's New SIS" in said
    assert said.index("'Changing SIS or ID columns'") < said.index("--allow-rollover")
    assert "re-creates every user" in said[said.index("--allow-rollover") :]
    assert "spreadsheet" not in said


def new_section_and_term_ids(files: sds_small.Rows) -> None:
    for row in files["Section.csv"][1:]:
        row[0] = str(int(row[0]) + 10000)
        row[4] = "T-2017-18"  # the new SIS's term ID, the same dates
    for name in ("StudentEnrollment.csv", "TeacherRoster.csv"):
        for row in files[name][1:]:
            row[0] = str(int(row[0]) + 10000)


def test_classes_under_new_section_and_term_ids_are_said_rekeyed(tmp_path: Path) -> None:
    """T4: same school, course, section, teacher and students, new section and term IDs of the same
    dates: said only as X906 "would lose 8 of 8"; now X949, with the SIS change as its cause."""
    result, _ = switched(tmp_path, new_section_and_term_ids)
    (message,) = messages(result, "X949")
    assert "8 of the 8 classes" in message and "the SIS changed since the last published set" in message


def zero_led_school(files: sds_small.Rows) -> None:
    for lines in files.values():
        for row in lines[1:]:
            row[:] = ["010001" if cell == "10001" else cell for cell in row]


def test_a_school_number_written_otherwise_after_a_sis_change_is_mapped_back(tmp_path: Path) -> None:
    """T3: X984 said a spreadsheet had opened the last set's exports, and to rerun with --allow-rollover."""
    result, _ = switched(tmp_path, zero_led_school)
    (message,) = messages(result, "X984")
    assert "keep the old IDs with a map" in message and "{'010001': '10001'}" in message
    assert "spreadsheet" not in message


def test_the_exports_a_changed_profile_no_longer_reads_did_not_shrink() -> None:
    """T2: X906 said "cc.txt has 0 rows, 480 when the last set was made" of the old SIS's files."""
    plan = SimpleNamespace(
        sources={"students": SimpleNamespace(patterns=["students.*"]), "roster": SimpleNamespace(patterns=["roster.*"])}
    )
    state = {"rows_read": {"cc.txt": 480, "students.txt": 60, "roster.csv": 400, "students.csv": 60}}
    kept = api._read_before(plan, state, {"students.csv": 60})  # type: ignore[arg-type]
    assert kept == {"roster.csv": 400, "students.csv": 60}  # roster.csv: read by the profile, missing tonight


def test_a_first_sets_step_names_the_set_sent_before() -> None:
    """T5: a new OUT for the new SIS published its first set at exit 0, saying only "upload the files"."""

    report = Report()
    report.published = True
    report.facts.update(first_set=True)
    said = summary.next_step(api.RunResult(report, 0), out_dir=Path("out"), explain_path=None, upload=False)
    assert "--previous" in said and "sent before from another folder or SIS" in said
    report.facts.update(first_set=False)
    assert "--previous" not in summary.next_step(
        api.RunResult(report, 0), out_dir=Path("out"), explain_path=None, upload=False
    )


def test_derived_parent_ids_are_kept_in_the_docs_example_and_x955s_step() -> None:
    """T6: the example kept derived parent IDs only with `contact: null`, said in prose after it."""
    text = (ROOT / "docs" / "identity.md").read_text(encoding="utf-8")
    section = text[text.index("## Changing SIS or ID columns") :]
    example = section[section.index("```yaml") : section.index("```", section.index("```yaml") + 3)]
    assert "contact: null}}" in example
    assert "`guardian: {contact: null}`" in explain("X955")[1]
