"""An enrolments export's end-date column renamed by the SIS to a name unlike it (tester60 F2).

Skyward's schedule export writes DROP-DATE, OneRoster's enrollments endDate, PowerSchool's cc
DateLeft: the condition that leaves out the dropped schedule rows reads it, declared optional.
Renamed `WITHDRAWN ON`, every row read it blank and passed it, and every dropped row was
published as a current enrolment at exit 0 with one I260. Now: the last published set's export
had the column and tonight's set holds enrolments the last one did not, so the night is refused
(X872, exit 1), naming the condition, the column, the file, the night it was last there and the
records; the last set stays. An export that never had the column is not refused (I260 each
night), and a look-alike name stays X990."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

# profile, fixture, enrolments file, its end-date column as written, the night the set was
# published, the enrolment of a dropped schedule row the condition leaves out that night
# (enrollments.csv's sourcedId), and that row when the fixture has none of its own (each
# fixture's other ended row is a re-enrolment in the same class, which makes no record).
CASES = {
    "skyward-sms": ("skyward-sms/district", "schedule.csv", "DROP-DATE", "2026-12-01", "002-BIO-3-026004", ""),
    "oneroster": (
        "oneroster/district",
        "enrollments.csv",
        "endDate",
        "2026-10-15",
        "e12",
        "e12,active,2026-08-01,cl-read2,sch-10,u-s2,student,false,2026-08-24,2026-09-30\n",
    ),
    "powerschool": (
        "powerschool/district",
        "cc.txt",
        "[04]DateLeft",
        "2026-10-15",
        "2002-5018",
        "917\t2002\t3600\t200\t08/17/2026\t09/15/2026\n",
    ),
}


def exports(tmp_path: Path, profile: str, name: str = "in") -> Path:
    """A fixture district's exports, with the dropped schedule row of CASES."""
    fixture, file, *_, extra = CASES[profile]
    folder = tmp_path / name
    shutil.copytree(FIXTURES / fixture / "in", folder)
    with (folder / file).open("a", encoding="utf-8") as handle:
        handle.write(extra)
    return folder


def rename_header(folder: Path, file: str, old: str, new: str) -> None:
    """One header cell of one export renamed, every row as it was."""
    path = folder / file
    head, rest = path.read_text(encoding="utf-8").split("\n", 1)
    delimiter = "\t" if "\t" in head else ","
    cells = head.split(delimiter)
    cells[cells.index(old)] = new
    path.write_text(delimiter.join(cells) + "\n" + rest, encoding="utf-8")


def night(profile: str, folder: Path, out: Path, as_of: str, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile=profile, in_dir=folder, out_dir=out, as_of=dt.date.fromisoformat(as_of), **options)  # type: ignore[arg-type]
    )


def enrolment_ids(out: Path) -> set[str]:
    with (out / "enrollments.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def next_day(as_of: str) -> str:
    return (dt.date.fromisoformat(as_of) + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("profile", sorted(CASES))
def test_an_end_date_column_renamed_far_is_refused_and_the_last_set_stays(tmp_path: Path, profile: str) -> None:
    _, file, column, as_of, mark, _ = CASES[profile]
    out = tmp_path / "out"
    first = night(profile, exports(tmp_path, profile, "one"), out, as_of)
    assert first.exit_status == 0 and first.report.published
    before = enrolment_ids(out)
    assert mark not in before  # the condition left the dropped row out

    renamed = exports(tmp_path, profile, "two")
    rename_header(renamed, file, column, "WITHDRAWN ON")
    result = night(profile, renamed, out, next_day(as_of))

    assert result.exit_status == 1 and not result.report.published
    assert [p.code.id for p in result.problems] == ["X872"]
    (stop,) = result.problems
    assert (stop.where.file, stop.where.line, stop.where.column) == (file, 1, column.removeprefix("[04]"))
    assert f"no column {column.removeprefix('[04]')!r} in {file}, which the export of the last published set " in (
        stop.message
    )
    assert f"(as of {as_of}) had" in stop.message and "of enrollments.csv the last published set did not hold" in (
        stop.message
    )
    assert f"{mark} (student " in stop.message
    assert enrolment_ids(out) == before  # last night's set stays
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith(f"Next: Put {column.removeprefix('[04]')!r} back in the SIS export of {file}")
    assert "'WITHDRAWN ON'" in said and "aliases: {" in said
    if profile == "skyward-sms":  # one header no rule reads: the alias is written out whole
        assert said.endswith(
            "if the SIS now writes it as 'WITHDRAWN ON' (the one header of schedule.csv no rule reads), map that "
            "name in your district profile: sources: {schedules: {aliases: {DROP-DATE: [WITHDRAWN ON]}}} "
            "(docs/profiles.md), and rerun."
        )


@pytest.mark.parametrize("profile", sorted(CASES))
def test_the_new_name_mapped_with_an_alias_publishes_without_the_dropped_row(tmp_path: Path, profile: str) -> None:
    """The step's second way: the district profile maps the new name; the condition reads it again."""
    _, file, column, as_of, mark, _ = CASES[profile]
    out = tmp_path / "out"
    assert night(profile, exports(tmp_path, profile, "one"), out, as_of).exit_status == 0
    renamed = exports(tmp_path, profile, "two")
    rename_header(renamed, file, column, "WITHDRAWN ON")
    source = {"skyward-sms": "schedules", "oneroster": "enrollments", "powerschool": "cc"}[profile]
    district = tmp_path / "district.yaml"
    district.write_text(
        f"extends: {profile}\nsources:\n  {source}:\n    aliases: {{{column.removeprefix('[04]')}: [WITHDRAWN ON]}}\n",
        encoding="utf-8",
    )
    result = night(str(district), renamed, out, next_day(as_of))
    assert result.exit_status in (0, 1) and result.report.published
    assert "X872" not in result.report.counts and "I260" not in result.report.counts
    assert mark not in enrolment_ids(out)


def test_allow_incomplete_publishes_the_night_once_and_says_so(tmp_path: Path) -> None:
    _, file, column, as_of, mark, _ = CASES["skyward-sms"]
    out = tmp_path / "out"
    assert night("skyward-sms", exports(tmp_path, "skyward-sms", "one"), out, as_of).exit_status == 0
    renamed = exports(tmp_path, "skyward-sms", "two")
    rename_header(renamed, file, column, "WITHDRAWN ON")
    result = night("skyward-sms", renamed, out, next_day(as_of), allow_incomplete=True)
    assert result.report.published and "X918" in result.report.counts and "X872" not in result.report.counts
    assert mark in enrolment_ids(out)


def test_a_renamed_column_with_nothing_new_tonight_publishes_the_same_set(tmp_path: Path) -> None:
    """The column gone but no dropped row in the export and no new enrolment: the set is the last
    one, nothing the condition would leave out is in it; published (I260 says the column)."""
    _, file, column, as_of, _, _ = CASES["skyward-sms"]
    out = tmp_path / "out"
    assert night("skyward-sms", exports(tmp_path, "skyward-sms", "one"), out, as_of).exit_status == 0
    before = enrolment_ids(out)
    tonight = exports(tmp_path, "skyward-sms", "two")
    path = tonight / file
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.endswith("/2026")) + "\n", encoding="utf-8")
    rename_header(tonight, file, column, "WITHDRAWN ON")
    result = night("skyward-sms", tonight, out, next_day(as_of))
    assert result.exit_status == 0 and "X872" not in result.report.counts and "I260" in result.report.counts
    assert enrolment_ids(out) == before


def active_only(folder: Path, *, newcomer: bool) -> Path:
    """The OneRoster enrolments as an export of active enrolments writes them: no endDate column
    (the ended row gone with it) on any night; `newcomer`: a student enrolled in a class tonight."""
    path = folder / "enrollments.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [row for row in rows if not row["endDate"]]
    if newcomer:
        kept.append({**kept[0], "sourcedId": "e-new", "userSourcedId": "u-s2", "beginDate": "2026-10-16"})
    fields = [name for name in rows[0] if name != "endDate"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(kept)
    return folder


def test_an_export_that_never_had_the_column_publishes_each_night(tmp_path: Path) -> None:
    """An export of active enrolments only, without endDate every night: nobody to leave out by it,
    and the last set's export lacked it too: I260 each night, new enrolments published at exit 0."""
    _, _, _, as_of, _, _ = CASES["oneroster"]
    out = tmp_path / "out"
    first = night("oneroster", active_only(exports(tmp_path, "oneroster", "one"), newcomer=False), out, as_of)
    assert first.exit_status == 0 and "I260" in first.report.counts
    result = night("oneroster", active_only(exports(tmp_path, "oneroster", "two"), newcomer=True), out, next_day(as_of))
    assert result.exit_status == 0 and "X872" not in result.report.counts and "I260" in result.report.counts
    assert "e-new" in enrolment_ids(out)


def test_a_look_alike_name_stays_x990_alone(tmp_path: Path) -> None:
    _, file, column, as_of, _, _ = CASES["skyward-sms"]
    out = tmp_path / "out"
    assert night("skyward-sms", exports(tmp_path, "skyward-sms", "one"), out, as_of).exit_status == 0
    renamed = exports(tmp_path, "skyward-sms", "two")
    rename_header(renamed, file, column, "DROP_DT")
    result = night("skyward-sms", renamed, out, next_day(as_of))
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X990"]


@pytest.mark.parametrize("profile", sorted(CASES))
def test_refused_while_the_column_is_gone_and_published_the_night_it_is_back(tmp_path: Path, profile: str) -> None:
    """Three nights, state carried: the set of night 1; nights 2 and 3 without the column both
    refused against it (the last set's export had it); night 4 with the column back publishes at
    exit 0, the dropped row left out, with no flag."""
    _, file, column, as_of, mark, _ = CASES[profile]
    out = tmp_path / "out"
    assert night(profile, exports(tmp_path, profile, "one"), out, as_of).exit_status == 0
    renamed = exports(tmp_path, profile, "two")
    rename_header(renamed, file, column, "WITHDRAWN ON")
    day = as_of
    for _ in range(2):
        day = next_day(day)
        result = night(profile, renamed, out, day)
        assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X872"]
        assert f"(as of {as_of}) had" in result.problems[0].message
    back = night(profile, exports(tmp_path, profile, "three"), out, next_day(day))
    assert back.exit_status == 0 and back.report.published and "X872" not in back.report.counts
    assert mark not in enrolment_ids(out)


def test_a_new_teacher_tonight_is_not_what_the_students_condition_leaves_out(tmp_path: Path) -> None:
    """review127 R7: Skyward writes the students' role as a plain `role: student` (a template of no
    placeholder, not `fixed`). Read from `fixed` alone, the rules' roles were "any", and a co-teacher
    added tonight (a teachers' rule's new enrolment, no condition of its own reading DROP-DATE)
    refused the night by the students' not_dropped condition: X872, exit 1, nothing published."""
    _, file, column, as_of, _, _ = CASES["skyward-sms"]
    out = tmp_path / "out"
    assert night("skyward-sms", exports(tmp_path, "skyward-sms", "one"), out, as_of).exit_status == 0
    tonight = exports(tmp_path, "skyward-sms", "two")
    schedule = tonight / file
    lines = schedule.read_text(encoding="utf-8").splitlines()
    schedule.write_text("\n".join(line for line in lines if not line.endswith("/2026")) + "\n", encoding="utf-8")
    rename_header(tonight, file, column, "WITHDRAWN ON")
    classes = tonight / "class.csv"
    text = classes.read_text(encoding="utf-8")
    added = text.replace(
        "ENG12-2,002,ENG12,English 12,1,T2,11/30/2026,03/05/2027,902,\n",
        "ENG12-2,002,ENG12,English 12,1,T2,11/30/2026,03/05/2027,902,903\n",
    )
    assert added != text
    classes.write_text(added, encoding="utf-8")
    result = night("skyward-sms", tonight, out, next_day(as_of))
    assert "X872" not in result.report.counts and "I260" in result.report.counts
    assert result.exit_status == 0 and result.report.published
    assert "002-ENG12-2-T903" in enrolment_ids(out)
