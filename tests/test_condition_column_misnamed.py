"""A district's own profile reads Aeries' inactive tag as `TAG` (the export says `TG`), declared in
optional_columns and in the condition that leaves withdrawn students out. `TG` is a column the profile
reads elsewhere (the teachers export's own tag, with the same condition), so it was not taken for a
look-alike of the missing `TAG`: check-profile --exports said 'ok (1 warning)' at rc 0, and the first
set published the withdrawn students at exit 0 with an I260 that named no 'TG' (tester64 A5).

A header another export's condition reads in the same family of operators (a value, a start date, an
end date: `empty` and `not_in [I, X]` of a tag alike) is a look-alike: check-profile
--exports says it as an error (X830, exit 2) and the run refuses the first set (X990). Optional
columns are for exports that honestly lack them: one lacking `TAG` with no look-alike beside it says
I260 as before, and a condition marked `optional: true` is not asked (X830's way out)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report import summary

PROFILE = """\
extends: aeries
sources:
  students:
    optional_columns: [MN, BD, SEM, HL, CL, TAG, DEL]
  teachers:
    optional_columns: [TF, TLN, EM, DEL, TG]
tables:
  users:
    students:
      where:
        active: {field: "{TAG}", op: empty, reason: inactive-student%s}
    teachers:
      where:
        active: {field: "{TG}", op: empty, reason: inactive-staff}
  demographics:
    students:
      where:
        active: {field: "{TAG}", op: empty, reason: inactive-student%s}
"""


def district(tmp_path: Path, *, optional: bool = False) -> tuple[Path, Path]:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "aeries" / "district" / "in", exports)
    profile = tmp_path / "district.yaml"
    profile.write_text(PROFILE % ((", optional: true" if optional else "",) * 2), encoding="utf-8")
    return profile, exports


def test_check_profile_says_the_look_alike_as_an_error(tmp_path: Path) -> None:
    profile, exports = district(tmp_path)
    _, problems = api.check_profile(str(profile), exports=exports, hints=True)
    (misnamed,) = [p for p in problems if p.code.id == "X830"]
    assert misnamed.code.exit_status == 2 and (misnamed.where.file, misnamed.where.column) == ("STU.csv", "TAG")
    assert "did you mean 'TG'?" in str(misnamed) and "inactive student" in str(misnamed)
    # the way out for an export that truly lacks the column: the condition marked optional
    profile, _ = district(tmp_path / "optional", optional=True)
    _, problems = api.check_profile(str(profile), exports=exports, hints=True)
    assert not [p for p in problems if p.code.id == "X830"]


def test_the_first_set_is_refused_rather_than_publish_the_withdrawn(tmp_path: Path) -> None:
    profile, exports = district(tmp_path)
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))
    assert not result.report.published and result.exit_status == 1, result.report.counts
    (renamed,) = [str(p) for p in result.report.examples["X990"]]
    assert "STU.csv has no column 'TAG' but has 'TG'" in renamed
    assert not out.exists()


def test_a_header_another_condition_reads_with_another_operator_is_a_look_alike(tmp_path: Path) -> None:
    """The teachers' condition reads TG as `not_in: [I, X]`, which means what the students' `{TAG} empty`
    does: the look-alike was looked for among headers read with the same operator only, and the first
    set published the withdrawn students at exit 0 with I260 (reviewer126 R2)."""
    profile, exports = district(tmp_path)
    text = profile.read_text(encoding="utf-8")
    teachers = 'active: {field: "{TG}", op: empty, reason: inactive-staff}'
    assert teachers in text
    profile.write_text(
        text.replace(teachers, 'active: {field: "{TG}", op: not_in, value: [I, X], reason: inactive-staff}'),
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(profile), exports=exports, hints=True)
    assert [p.params["close"] for p in problems if p.code.id == "X830"] == ["TG"]


def test_the_ways_out_x830_gives_are_true_of_the_check_and_of_the_run(tmp_path: Path) -> None:
    """X830 said 'mark the condition optional: true' of a condition a blank fails, where `optional`
    frees nothing (reviewer126 R4): it names the look-alike listed in the source's optional_columns,
    which frees the check and the run alike, and `optional: true` only where a blank passes."""
    profile, exports = district(tmp_path)
    fails = 'active: {field: "{TAG}", op: in, value: [A], reason: inactive-student, optional: true}'
    text = profile.read_text(encoding="utf-8").replace(
        'active: {field: "{TAG}", op: empty, reason: inactive-student}', fails
    )
    profile.write_text(text, encoding="utf-8")
    _, problems = api.check_profile(str(profile), exports=exports, hints=True)
    (said,) = [str(p) for p in problems if p.code.id == "X830"]
    assert "list 'TG' in the students source's optional_columns" in said and "mark the condition" not in said
    declared = text.replace("[MN, BD, SEM, HL, CL, TAG, DEL]", "[MN, BD, SEM, HL, CL, TAG, DEL, TG]")
    profile.write_text(
        declared.replace(fails, 'active: {field: "{TAG}", op: empty, reason: inactive-student}'), encoding="utf-8"
    )
    _, problems = api.check_profile(str(profile), exports=exports, hints=True)
    assert not [p for p in problems if p.code.id in ("X830", "I201")]
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))
    assert result.report.published and "X990" not in result.report.counts, result.report.counts


def test_a_start_date_another_condition_reads_is_no_look_alike_of_an_end_date(tmp_path: Path) -> None:
    """The bundled Synergy profile, an honest staff export: no LEAVE_DATE (optional for staff) but its own
    ENTER_DATE (a hire date), which the students' conditions read as a start (date_le). Any header any
    condition read was a look-alike: X830 'did you mean ENTER_DATE' at exit 2, and the first set refused
    (reviewer131 R1). An end date (date_ge) is no start date misspelt: I260 alone."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", exports)
    staff = exports / "staff.csv"
    lines = staff.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",LEAVE_DATE")
    lines = [lines[0].replace(",LEAVE_DATE", ",ENTER_DATE")] + [row + "2019-08-01" for row in lines[1:]]
    staff.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = api.check_profile("synergy", exports=exports, hints=True)
    assert not [str(p) for p in problems if p.code.id in ("X830", "X990")]
    (absent,) = [p for p in problems if p.code.id == "I260"]
    assert absent.where.column == "LEAVE_DATE" and "did you mean" not in str(absent)


def test_the_runs_next_step_gives_x830s_way_out(tmp_path: Path) -> None:
    """X990's Next line (summary._renamed_step) said 'mark the condition optional: true' of a condition
    that already said it, which a blank fails (reviewer131 R3): the step gives absent._way_out's words."""
    profile, exports = district(tmp_path)
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            'active: {field: "{TAG}", op: empty, reason: inactive-student}',
            'active: {field: "{TAG}", op: in, value: [A], reason: inactive-student, optional: true}',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))
    assert "X990" in result.report.counts and not result.report.published
    step = " ".join(summary.next_step(result, out_dir=out, explain_path=None, upload=False).split())
    assert "mark the condition" not in step and "a blank fails this one" in step, step
    assert "optional_columns: [MN, BD, SEM, HL, CL, TAG, DEL, TG]" in step, step


def test_x830s_way_out_followed_literally_keeps_the_bundled_list(tmp_path: Path) -> None:
    """Skyward's staff export written from a copy of the students' report: no optional STAFF-STATUS, a
    STUDENT-STATUS header (X830, a look-alike: the value family). Its way out said 'list STUDENT-STATUS in
    the staff source's optional_columns': a district profile's list replaces the bundled one, so followed
    literally it made MIDDLE-NAME and INTERNET-ADDRESS required (reviewer131 R2). It writes the whole list."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "skyward-sms" / "district" / "in", exports)
    staff = exports / "staff.csv"
    text = staff.read_text(encoding="utf-8")
    assert text.startswith("STAFF-ID,FIRST-NAME,LAST-NAME,INTERNET-ADDRESS,SCHOOL-ID,STAFF-STATUS\n")
    staff.write_text(text.replace("STAFF-STATUS", "STUDENT-STATUS", 1), encoding="utf-8")
    _, problems = api.check_profile("skyward-sms", exports=exports, hints=True)
    (said,) = [str(p) for p in problems if p.code.id == "X830"]
    written = said[said.index("sources: {staff:") :].split("}}")[0] + "}}"
    assert "[MIDDLE-NAME, INTERNET-ADDRESS, STAFF-STATUS, STUDENT-STATUS]" in written, said
    # the export has no MIDDLE-NAME: a list that lost the bundled one would require it
    profile = tmp_path / "district.yaml"
    profile.write_text(f"extends: skyward-sms\n{written}\n", encoding="utf-8")
    _, problems = api.check_profile(str(profile), exports=exports, hints=True)
    assert not [str(p) for p in problems if p.code.exit_status == 2 or p.code.id in ("X830", "I201", "P106")]
