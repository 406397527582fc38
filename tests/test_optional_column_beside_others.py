"""An exclusion field on an optional column the export lacks, beside others it has (tester53 F6).

FACTS (Clever files) writes `Subject` only where the integration is set to: Clever's spec and
the facts profile call it optional. The profile's class exclusion matches its patterns (lunch,
study hall) against Name, Course_name and Subject. Without Subject, every night said I260
condition-column-absent, a warning, so `--strict` refused every night of such a district. The
exclusion still matches Name and Course_name: the column is absent by design, a note (I244).
It stays a warning (I260) where the district's own profile reads the column, and where the
condition reads it alone (Aeries TG: tests/test_condition_columns.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 1)


def district(tmp_path: Path) -> Path:
    """The FACTS fixture district, with the email its teacher 901 lacks (V506, a warning)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "facts" / "district" / "in", folder)
    teachers = folder / "teachers.csv"
    teachers.write_text(
        teachers.read_text(encoding="utf-8").replace("Mendes,,", "Mendes,pmendes@stbrigid.example.org,"),
        encoding="utf-8",
    )
    return folder


def without_subject(tmp_path: Path) -> Path:
    """That district with sections.csv written without its Subject column."""
    folder = district(tmp_path)
    sections = folder / "sections.csv"
    lines = sections.read_text(encoding="utf-8").splitlines()
    at = lines[0].split(",").index("Subject")
    sections.write_text(
        "".join(",".join(c[:at] + c[at + 1 :]) + "\n" for c in (line.split(",") for line in lines)), encoding="utf-8"
    )
    return folder


def run(profile: str, exports: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


def class_titles(out: Path) -> list[str]:
    rows = (out / "classes.csv").read_text(encoding="utf-8").splitlines()[1:]
    return sorted(row.split(",")[1] for row in rows)


def test_facts_without_subject_is_a_note_and_strict_publishes(tmp_path: Path) -> None:
    exports = without_subject(tmp_path)
    result = run("facts", exports, tmp_path / "out", strict=True)
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert "I260" not in result.report.counts
    (said,) = [p for p in result.report.examples["I244"] if p.where.column == "Subject"]
    assert said.code.severity == "info"
    assert said.message.startswith("sections: no column 'Subject' in sections.csv; ")
    assert "classes filter exclude (its patterns matched against its other fields) read it as blank" in said.message
    # The study hall is still left out: its Name and Course_name say so.
    clean = run("facts", district(tmp_path / "clean-in"), tmp_path / "clean", strict=True)
    assert clean.exit_status == 0
    assert class_titles(tmp_path / "out") == class_titles(tmp_path / "clean")
    assert not any("Study Hall" in title for title in class_titles(tmp_path / "out"))


def test_a_district_profile_reading_subject_itself_is_warned(tmp_path: Path) -> None:
    """The district's own exclusion reads Subject: its own condition, a warning (and --strict refuses)."""
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "extends: facts\n"
        "name: district\n"
        "filters:\n"
        "  exclude_classes:\n"
        '    fields: ["{Name}", "{Course_name}", "{Subject}"]\n',
        encoding="utf-8",
    )
    result = run(str(profile), without_subject(tmp_path), tmp_path / "out")
    (said,) = result.report.examples["I260"]
    assert said.where.column == "Subject" and said.code.severity == "warning"
    strict = run(str(profile), without_subject(tmp_path / "again"), tmp_path / "strict", strict=True)
    assert strict.exit_status == 1
