"""An optional export the last set was made with, lost, emptied or cut tonight (tester29 F1, F2).

PowerSchool's sectionteacher.txt (co-teachers and aides; when present it replaces
Sections.Teacher) and a OneRoster demographics.csv (the birth dates) are optional: a district may
never export them. But a district whose SIS wrote one last night did not stop having co-teachers
or birth dates tonight. Missing, empty or with under half of last night's rows, each published
with exit 0 (every aide's enrolment, 40 of 90 classes' teachers, 583 birth dates removed), because
the export checks looked at the required exports alone. Now each is refused as a required one
is (X991, X910, X907); one absent every night, or on a first run, stays as it was. A
demographics.csv with its header alone on a first set is published and said once (I296, tester70 S5).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

ROSTERING = FIXTURES / "powerschool" / "rostering"  # with sectionteacher.txt (16 rows)
ONEROSTER = FIXTURES / "oneroster" / "district" / "in"  # with demographics.csv (3 rows)
NIGHT = dt.date(2026, 10, 15)
MANIFEST = (
    "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.academicSessions,bulk\n"
    "file.classes,bulk\nfile.courses,bulk\nfile.demographics,bulk\nfile.enrollments,bulk\nfile.orgs,bulk\n"
    "file.users,bulk\n"
)

ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def run(profile: str | Path, exports: Path, out: Path, engine: str, **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"as_of": NIGHT, "now": dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)}
    return api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, engine=engine, **{**defaults, **options})
    )


def powerschool(tmp_path: Path, name: str, sectionteacher: int | None) -> Path:
    """The rostering district's exports, with the first `sectionteacher` rows of sectionteacher.txt
    (None: the file missing)."""
    exports = tmp_path / name
    shutil.copytree(ROSTERING / "in", exports)
    path = exports / "sectionteacher.txt"
    if sectionteacher is None:
        path.unlink()
    else:
        path.write_text("".join(path.read_text(encoding="utf-8").splitlines(True)[: sectionteacher + 1]), "utf-8")
    return exports


def oneroster(tmp_path: Path, name: str, demographics: int | None, *, manifest: bool = True) -> Path:
    """The OneRoster district with a manifest saying file.demographics,bulk and the first
    `demographics` rows of demographics.csv (-1: 0 bytes; None: the file missing)."""
    exports = tmp_path / name
    shutil.copytree(ONEROSTER, exports)
    if manifest:
        (exports / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    path = exports / "demographics.csv"
    if demographics is None:
        path.unlink()
    elif demographics < 0:
        path.write_bytes(b"")
    else:
        path.write_text("".join(path.read_text(encoding="utf-8-sig").splitlines(True)[: demographics + 1]), "utf-8")
    return exports


def published(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir()}


def stopped_by(result: api.RunResult) -> list[str]:
    assert result.exit_status == 1 and not result.report.published
    return [p.code.id for p in result.problems]


@ENGINES
def test_sectionteacher_missing_tonight_is_refused_naming_what_it_feeds(tmp_path: Path, engine: str) -> None:
    """Every co-teacher and aide enrolment would go, and the lead teachers would come from
    Sections.Teacher instead: refused, last night's set kept. Dropped on purpose, --allow-rollover
    publishes once, and the nights after compare with that set: quiet."""
    out, profile = tmp_path / "out", ROSTERING / "district.yaml"
    assert run(profile, ROSTERING / "in", out, engine).exit_status == 0
    before = published(out)
    missing = powerschool(tmp_path, "missing", None)
    result = run(profile, missing, out, engine)
    assert stopped_by(result) == ["X991"]
    (lost,) = result.problems
    assert lost.params["file"] == "sectionteacher.txt" and lost.params["previous"] == 16
    assert lost.params["feeds"] == (
        "it feeds enrollments.csv; without it, enrollments.csv is made from sections.txt instead"
    )
    assert "export it again" in lost.message and "--allow-rollover" in lost.message
    assert published(out) == before

    allowed = run(profile, missing, out, engine, allow_rollover=True)  # once, said (F454), exit 1
    assert allowed.report.published and allowed.exit_status == 1
    assert "X991 (sectionteacher.txt not in the exports" in allowed.report.examples["F454"][0].message
    later = run(profile, missing, out, engine, now=dt.datetime(2026, 10, 16, 2, tzinfo=dt.UTC))
    assert later.exit_status == 0 and "X991" not in later.report.counts


@ENGINES
def test_sectionteacher_with_under_half_of_last_nights_rows_is_refused(tmp_path: Path, engine: str) -> None:
    out, profile = tmp_path / "out", ROSTERING / "district.yaml"
    assert run(profile, ROSTERING / "in", out, engine).exit_status == 0
    result = run(profile, powerschool(tmp_path, "cut", 7), out, engine)
    (shrunk,) = [p for p in result.problems if p.code.id == "X907"]
    assert "X907" in stopped_by(result)
    assert (shrunk.params["file"], shrunk.params["rows"], shrunk.params["previous"]) == ("sectionteacher.txt", 7, 16)
    header_only = run(profile, powerschool(tmp_path, "header", 0), out, engine)
    assert "X910" in stopped_by(header_only)
    # Nine of sixteen rows is over half: the removal gate judges what it removes.
    assert "X907" not in run(profile, powerschool(tmp_path, "most", 9), out, engine).report.counts


@ENGINES
@pytest.mark.parametrize(
    ("demographics", "code", "held"),
    [
        (0, "X910", "a header only; 3 rows last time"),
        (-1, "X910", "not even a header: 0 bytes, or a byte order mark only; 3 rows last time"),
        (1, "X907", None),
    ],
    ids=["header-only", "0-bytes", "a-third"],
)
def test_demographics_emptied_or_cut_tonight_is_refused(
    tmp_path: Path, engine: str, demographics: int, code: str, held: str | None
) -> None:
    """The manifest says file.demographics,bulk; night 2's demographics.csv is header-only, 0
    bytes, or a third of night 1's: every (or two thirds of the) birth dates would be removed."""
    out = tmp_path / "out"
    assert run("oneroster", oneroster(tmp_path, "night1", 3), out, engine).exit_status == 0
    before = published(out)
    result = run("oneroster", oneroster(tmp_path, "night2", demographics), out, engine)
    assert stopped_by(result) == [code]
    assert result.problems[0].params["file"] == "demographics.csv"
    if held is not None:
        assert result.problems[0].params["held"] == held
    assert published(out) == before


@ENGINES
def test_demographics_missing_tonight_is_refused_with_or_without_a_manifest(tmp_path: Path, engine: str) -> None:
    """With the manifest saying bulk the package contradicts itself (X986, before anything is
    read); without a manifest, the last run's rows tell (X991)."""
    out = tmp_path / "out"
    assert run("oneroster", oneroster(tmp_path, "night1", 3, manifest=False), out, engine).exit_status == 0
    result = run("oneroster", oneroster(tmp_path, "gone", None, manifest=False), out, engine)
    assert stopped_by(result) == ["X991"]
    assert result.problems[0].params["feeds"] == (
        "it feeds demographics.csv; without it, demographics.csv would hold no records"
    )
    listed = run("oneroster", oneroster(tmp_path, "listed", None), out, engine)
    assert stopped_by(listed) == ["X986"]


@ENGINES
def test_an_optional_export_absent_from_the_start_stays_quiet(tmp_path: Path, engine: str) -> None:
    """A district that never exports demographics (D362) publishes on its first run and every night
    after, as before; so does PowerSchool without sectionteacher.txt."""
    out = tmp_path / "out-absent"
    exports = oneroster(tmp_path, "absent", None, manifest=False)
    first = run("oneroster", exports, out, engine)
    assert first.exit_status == 0 and first.report.published and first.report.counts["D362"] == 1
    again = run("oneroster", exports, out, engine, now=dt.datetime(2026, 10, 16, 2, tzinfo=dt.UTC))
    assert again.exit_status == 0 and again.report.published
    out, profile = tmp_path / "out-ps", ROSTERING / "district.yaml"
    without = powerschool(tmp_path, "never", None)
    assert run(profile, without, out, engine).exit_status == 0
    assert run(profile, without, out, engine, now=dt.datetime(2026, 10, 16, 2, tzinfo=dt.UTC)).exit_status == 0


def test_demographics_with_a_header_only_on_a_first_set_is_published_and_said_once(tmp_path: Path) -> None:
    """A first set (no last set to compare with) whose demographics.csv holds its header alone published
    every student without a birth date at exit 0, unsaid (tester70 S5). Many OneRoster exports ship it
    so (the OAT sample): no refusal; published, and said once (I296, exit 1) for Remind, which asks
    for birthDate; the next night, compared with a set made without birth dates, is quiet (exit 0).
    The strict target (demographics optional): exit 0. (Said not exported by the manifest, exit 0 too:
    test_oneroster_manifest_and_terms' file said absent.)"""
    out = tmp_path / "out"
    engine = "python"  # the export gate reads no table: one engine is enough
    exports = oneroster(tmp_path, "empty", 0, manifest=False)
    first = run("oneroster", exports, out, engine)
    assert first.report.published and first.exit_status == 1 and not first.problems
    (said,) = first.report.examples["I296"]
    assert said.params["file"] == "demographics.csv" and "without a birth date" in said.message
    assert (out / "users.csv").is_file() and "X910" not in first.report.counts
    again = run("oneroster", exports, out, engine, now=dt.datetime(2026, 10, 16, 2, tzinfo=dt.UTC))
    assert again.exit_status == 0 and again.report.published and "I296" not in again.report.counts
    strict = run("oneroster", exports, tmp_path / "out-strict", engine, target="oneroster")
    assert strict.exit_status == 0 and strict.report.published and "I296" not in strict.report.counts


@ENGINES
def test_a_summer_night_without_sectionteacher_is_still_nothing_due(tmp_path: Path, engine: str) -> None:
    """Every term ended: nothing is published and no export is judged (F422, exit 0)."""
    out, profile = tmp_path / "out", ROSTERING / "district.yaml"
    assert run(profile, ROSTERING / "in", out, engine).exit_status == 0
    summer = run(profile, powerschool(tmp_path, "summer", None), out, engine, as_of=dt.date(2027, 6, 15))
    assert summer.exit_status == 0 and "F422" in summer.report.counts and "X991" not in summer.report.counts


def _campus_terms(tmp_path: Path, terms: int) -> tuple[Path, Path]:
    """The Infinite Campus district whose sessions come from a terms export of their own (terms.csv, the first
    `terms` of its rows), read by the academicSessions rule alone; the classes read their terms' dates from
    the sections as before."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "infinite-campus" / "district" / "in", exports)
    rows = [line.split(",") for line in (exports / "sections.csv").read_text(encoding="utf-8").splitlines()[1:]]
    listed = sorted({(r[1], r[7], r[8], r[9]) for r in rows})
    (exports / "terms.csv").write_text(
        "\n".join(["schoolNumber,termName,termStartDate,termEndDate", *map(",".join, listed[:terms]), ""]), "utf-8"
    )
    profile = tmp_path / "campus.yaml"
    profile.write_text(
        "extends: infinite-campus\nsources:\n  terms:\n    files: [terms.csv]\n"
        "    columns: [schoolNumber, termName, termStartDate, termEndDate]\n"
        "tables:\n  academicSessions:\n    terms:\n      from: terms\n      combine: null\n",
        encoding="utf-8",
    )
    return profile, exports


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_an_export_only_the_sessions_read_is_no_empty_export_on_the_remind_target(tmp_path: Path, target: str) -> None:
    """review205: the Remind target writes no academicSessions.csv, so an export only the academicSessions rules
    read is never read there: its rows counted 0, refused every night as having no data rows (X910), with no
    way out but --allow-rollover. Now the exports checked are those the target reads: published on both."""
    profile, exports = _campus_terms(tmp_path, terms=99)
    result = run(profile, exports, tmp_path / "out", "python", target=target)
    assert result.report.published and "X910" not in result.report.counts, stopped_by(result)


def test_an_empty_sessions_export_is_still_refused_where_the_target_reads_it(tmp_path: Path) -> None:
    """The twin: on the OneRoster target the sessions are written from it: a header alone is refused (X910)."""
    profile, exports = _campus_terms(tmp_path, terms=0)
    result = run(profile, exports, tmp_path / "out", "python", target="oneroster")
    assert not result.report.published and "X910" in result.report.counts, stopped_by(result)


def _sessions_apart(tmp_path: Path, rows: int) -> tuple[Path, Path]:
    """The OneRoster district whose sessions the academicSessions rule reads from an export of their own
    (terms.csv: the first `rows` of academicSessions.csv), the classes' term join reading academicSessions.csv
    as before: only the term filter naming the classes' term IDs (`term_ids`) reads terms.csv on Remind."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    lines = (exports / "academicSessions.csv").read_text(encoding="utf-8").splitlines()
    (exports / "terms.csv").write_text("\n".join([*lines[: rows + 1], ""]), encoding="utf-8")
    profile = tmp_path / "apart.yaml"
    profile.write_text(
        "extends: oneroster\nsources:\n  terms:\n    files: [terms.csv]\n"
        "    columns: [sourcedId, startDate, endDate]\n"
        "    optional_columns: [status, title, type, parentSourcedId, schoolYear]\n"
        "tables:\n  academicSessions:\n    sessions:\n      from: terms\n",
        encoding="utf-8",
    )
    return profile, exports


def test_a_sessions_export_the_term_filter_reads_is_checked_on_the_remind_target(tmp_path: Path) -> None:
    """review208 R5: on Remind an export only the academicSessions rules read is still read when the term filter
    names the classes' term IDs (the sessions it leaves out come off the classes): a header alone is refused
    (X910) there too, not read as no session left out."""
    profile, exports = _sessions_apart(tmp_path, rows=0)
    result = run(profile, exports, tmp_path / "out", "python", target="remind")
    assert not result.report.published and "X910" in result.report.counts, stopped_by(result)


def test_a_sessions_export_the_term_filter_reads_with_rows_publishes_on_the_remind_target(tmp_path: Path) -> None:
    """The twin: the same export with its rows: published."""
    profile, exports = _sessions_apart(tmp_path, rows=99)
    result = run(profile, exports, tmp_path / "out", "python", target="remind")
    assert result.report.published and "X910" not in result.report.counts, result.report.counts
