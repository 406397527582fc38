"""D350's advice for dates that only a `where:` condition or the term filter reads (tester45 F3).

PowerSchool's cc.txt written day first by a SIS job under another locale, its terms and birth
dates month first. No column of the set is read from cc DateEnrolled/DateLeft: the enrolment
rule's `not_ended` and `started` conditions read them, and conditions took settings.day_first
only. D350 told the admin to give the column `clean: [{date: {day_first: true}}]`, which a
condition has no place for; setting settings.day_first instead, with the terms' and birth dates'
columns month first, was refused again for the terms (filters.current_term reads them with the
settings), with the same advice: no profile ran.

Now a date condition and filters.current_term take their own `day_first:`, D350 names that key
for a column read by them, and following the advice word for word publishes the set the same
exports written month first publish. Both engines.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES
from tests.test_columnar import same
from transform import api

DISTRICT = FIXTURES / "powerschool" / "district" / "in"
NIGHT = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)


def cc_day_first(folder: Path) -> Path:
    """The district with every cc.txt DateEnrolled and DateLeft written day first (05/29/2027 as
    29/05/2027); the other exports as they are."""
    exports = folder / "in"
    shutil.copytree(DISTRICT, exports)
    cc = exports / "cc.txt"
    lines = cc.read_bytes().split(b"\r\n")
    header = lines[0].split(b"\t")
    dates = [i for i, name in enumerate(header) if name.endswith((b"DateEnrolled", b"DateLeft"))]
    for number, line in enumerate(lines[1:], start=1):
        cells = line.split(b"\t")
        for i in dates:
            if i < len(cells) and cells[i].count(b"/") == 2:
                month, day, year = cells[i].split(b"/")
                cells[i] = b"/".join((day, month, year))
        lines[number] = b"\t".join(cells)
    cc.write_bytes(b"\r\n".join(lines))
    return exports


def profile(folder: Path, text: str) -> Path:
    path = folder / "district.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(exports: Path, out: Path, profile: str | Path = "powerschool", **options: Any) -> api.RunResult:
    written = (NIGHT - dt.timedelta(hours=1)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))
    return api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=NIGHT.date(), now=NIGHT, **options)
    )


def both_engines(exports: Path, folder: Path, profile: str | Path) -> api.RunResult:
    folder.mkdir(parents=True, exist_ok=True)
    runs = [
        run(exports, folder / engine, profile, engine=engine, explain=folder / f"{engine}.csv")
        for engine in ("python", "columnar")
    ]
    same(runs[0], runs[1], folder, ("python", "columnar"))
    return runs[0]


def fixes(result: api.RunResult) -> dict[str, str]:
    """Each D350's column and the change it advises."""
    return {str(p.params["column"]): str(p.params["fix"]) for p in result.problems if p.code.id == "D350"}


def published_as_month_first(tmp_path: Path, out: Path) -> None:
    """The files are those the untouched exports (cc.txt month first) publish with the bundled profile."""
    exports = tmp_path / "month-first"
    shutil.copytree(DISTRICT, exports)
    assert run(exports, tmp_path / "reference").exit_status == api.EXIT_PUBLISHED
    for name in ("orgs", "users", "demographics", "classes", "enrollments"):
        assert (out / f"{name}.csv").read_bytes() == (tmp_path / "reference" / f"{name}.csv").read_bytes(), name


CC_ONLY_BY_CONDITIONS = """\
name: district
extends: powerschool
tables:
  enrollments:
    students:
      where:
        not_ended: {day_first: true}
        started: {day_first: true}
"""


def test_a_column_only_conditions_read_is_told_their_day_first(tmp_path: Path) -> None:
    exports = cc_day_first(tmp_path)
    refused = both_engines(exports, tmp_path / "refused", "powerschool")
    assert refused.exit_status == api.EXIT_NOT_PUBLISHED
    misread = "; settings.day_first would misread students.txt DOB, written month first"
    assert fixes(refused) == {
        "[04]DateLeft": "give this column its own order in the profile, day_first: true on "
        "tables.enrollments.students.where.not_ended" + misread,
        "[04]DateEnrolled": "give this column its own order in the profile, day_first: true on "
        "tables.enrollments.students.where.started" + misread,
    }
    # Done as said (the conditions merge by key into the bundled profile's):
    district = profile(tmp_path, CC_ONLY_BY_CONDITIONS)
    result = both_engines(exports, tmp_path / "followed", district)
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    assert "D350" not in result.report.counts
    published_as_month_first(tmp_path, tmp_path / "followed" / "python")


SETTINGS_DAY_FIRST = """\
name: district
extends: powerschool
settings:
  day_first: true
tables:
  demographics:
    students:
      columns:
        birthDate: {column: DOB, clean: [{birth_date: {day_first: false}}]}
  academicSessions:
    years:
      columns:
        startDate: {column: FirstDay, clean: [{date: {day_first: false}}]}
        endDate: {column: LastDay, clean: [{date: {day_first: false}}]}
        schoolYear: {column: LastDay, clean: [{year: {day_first: false}}]}
    terms:
      columns:
        startDate: {column: FirstDay, clean: [{date: {day_first: false}}]}
        endDate: {column: LastDay, clean: [{date: {day_first: false}}]}
        schoolYear: {column: FirstDay, clean: [{school_year: {day_first: false}}]}
"""


def test_settings_day_first_with_the_terms_month_first_reads_the_term_filter_as_its_columns(tmp_path: Path) -> None:
    """The other way: settings.day_first for cc.txt, every column of the terms and the birth dates
    month first. The terms are also read by filters.current_term, which without a day_first of its
    own reads them as the profile reads its columns (they agree: month first); it was refused
    (D350) until the filter was given `day_first: false` too. With it, the same set."""
    exports = cc_day_first(tmp_path)
    result = both_engines(exports, tmp_path / "columns", profile(tmp_path, SETTINGS_DAY_FIRST))
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    assert "D350" not in result.report.counts
    columns = sorted((tmp_path / "columns" / "python").glob("*.csv"))
    district = profile(tmp_path, SETTINGS_DAY_FIRST + "filters:\n  current_term:\n    day_first: false\n")
    result = both_engines(exports, tmp_path / "followed", district)
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    published_as_month_first(tmp_path, tmp_path / "followed" / "python")
    for written in columns:
        assert written.read_bytes() == (tmp_path / "followed" / "python" / written.name).read_bytes(), written.name


def test_a_conditions_own_day_first_that_misreads_is_named(tmp_path: Path) -> None:
    """A condition's own day_first is what decided, and what to change, when it is the wrong one."""
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT, exports)  # cc.txt month first
    district = profile(tmp_path, CC_ONLY_BY_CONDITIONS)
    refused = run(exports, tmp_path / "out", district)
    assert refused.exit_status == api.EXIT_NOT_PUBLISHED
    assert fixes(refused) == {
        "[04]DateLeft": "set tables.enrollments.students.where.not_ended.day_first: false in the profile",
        "[04]DateEnrolled": "set tables.enrollments.students.where.started.day_first: false in the profile",
    }


def test_day_first_on_a_condition_that_compares_no_dates_is_a_profile_error(tmp_path: Path) -> None:
    district = profile(
        tmp_path,
        "name: district\nextends: powerschool\ntables:\n  users:\n    students:\n      where:\n"
        "        active: {day_first: true}\n",
    )
    _, problems = api.check_profile(str(district))
    assert [(p.code.id, p.params.get("detail")) for p in problems] == [
        ("P103", "day_first: a date op's (date_*), not equals's")
    ]
