"""Every class's primary teacher unmarked overnight, the teachers kept (tester67 Q2).

Illuminate's mastschd.txt came out with its Primary User column blank on every row: all 33 teacher
enrolments went primary true -> false, the same teachers in the same classes; Remind reads primary
as the class owner, so every class lost its owner, published at exit 0 with only 'enrollments ~33'.
Now refused (X831); --allow-rollover publishes it, said (X834); a few classes' owners changed publish.
The small SDS district, its teacher roster given a primary column the profile reads.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.sds_small import PROFILE, Rows, night, rows, write
from transform import api
from transform.pipeline import primary_lost, teacher_gate

READS_PRIMARY = (
    PROFILE
    + """maps:
  primary_user: {values: {y: "true"}, unmapped: default, default: "false", report: false}
sources:
  teacherroster:
    optional_columns: [Primary]
tables:
  enrollments:
    teachers:
      columns:
        primary: {column: Primary, map: primary_user, default: "false"}
"""
)


def with_primary(files: Rows) -> Rows:
    files["TeacherRoster.csv"][0].append("Primary")
    for row in files["TeacherRoster.csv"][1:]:
        row.append("Y")
    return files


def primaries(out: Path) -> dict[str, str]:
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        return {r["classSourcedId"]: r["primary"] for r in csv.DictReader(handle) if r["role"] == "teacher"}


def two_nights(tmp_path: Path, change: Callable[[Rows], None], **options: object) -> tuple[api.RunResult, Path]:
    out = tmp_path / "out"
    exports = write(tmp_path / "n1" / "in", with_primary(rows()))
    (exports.parent / "profile.yaml").write_text(READS_PRIMARY, encoding="utf-8")
    first = night(exports, out)
    assert first.exit_status == 0 and set(primaries(out).values()) == {"true"}, [str(p) for p in first.problems]
    files = with_primary(rows())
    change(files)
    exports = write(tmp_path / "n2" / "in", files)
    (exports.parent / "profile.yaml").write_text(READS_PRIMARY, encoding="utf-8")
    return night(exports, out, day=1, **options), out


def blanked(files: Rows) -> None:
    for row in files["TeacherRoster.csv"][1:]:
        row[-1] = ""


def test_primary_column_blanked_on_every_row_is_refused(tmp_path: Path) -> None:
    result, out = two_nights(tmp_path, blanked)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    refusal = next(p for p in result.problems if p.code.id == "X831")
    assert (refusal.params["count"], refusal.params["common"]) == (8, 8)
    assert str(refusal.params["classes"]).startswith("11001 (14001); 11002 (14002); 11003 (14003); and 5 more")
    assert set(primaries(out).values()) == {"true"}, "last night's set stays"


def test_allow_rollover_publishes_it_said(tmp_path: Path) -> None:
    """Published, and the night exits 1 whatever the calendar (X834 is a must-look code, as X855): the flag
    left in the nightly job never lets every class lose its owner at exit 0, a new school year's night
    included, where F454 says nothing."""
    result, out = two_nights(tmp_path, blanked, allow_rollover=True)
    assert result.report.published and set(primaries(out).values()) == {"false"}
    assert "X834" in result.report.counts and "X831" not in result.report.counts
    assert result.exit_status == api.EXIT_NOT_PUBLISHED


def test_a_few_classes_owners_unmarked_publish(tmp_path: Path) -> None:
    """Three of eight classes' teachers no longer primary: a schedule's corrections, exit 0."""

    def few(files: Rows) -> None:
        for row in files["TeacherRoster.csv"][1:4]:
            row[-1] = "N"

    result, out = two_nights(tmp_path, few)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts
    assert "X831" not in result.report.counts and list(primaries(out).values()).count("false") == 3


def test_primary_owners_are_read_in_the_teacher_gates_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """X831 judges the owner enrolments teacher_gate.moved_teachers reads: each set's enrollments.csv is
    read once for both gates (bench58: a second pass over both sets cost ~0.8 CPU s of a 50,000-student
    district's night). Judged as before: a class's owners kept, none primary tonight."""
    header = "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role,primary\n"
    for name, marked in (("last", " TRUE"), ("tonight", "false")):
        (tmp_path / name).mkdir()
        rows = [f"e{c},c{c},s1,t{c},teacher,{marked if c else marked.strip().lower()}\n" for c in range(6)]
        rows.append("s0,c0,s1,u0,student,false\n")
        (tmp_path / name / "enrollments.csv").write_text(header + "".join(rows), encoding="utf-8")
    opened: list[str] = []
    real_open = Path.open

    def counting(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(f"{self.parent.name}/{self.name}")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting)
    moved = teacher_gate.moved_teachers(tmp_path / "last", tmp_path / "tonight")
    lost = primary_lost.primary_lost(moved)
    assert sorted(opened) == ["last/enrollments.csv", "tonight/enrollments.csv"]
    assert (lost.common, sorted(lost.classes)) == (6, [f"c{c}" for c in range(6)])
    assert lost.classes["c0"] == ["t0"], "' TRUE' and 'true' are primary; the student is no owner"
