"""A contact type or relationship a bundled profile does not know is reported for a person to
place (F424, a warning), never taken for an emergency contact (F409, a note nobody reads)
(tester7 item 5). The tutorial's own profile: tests/test_tutorial.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

FACTS = FIXTURES / "facts" / "district"


def _facts_with(tmp_path: Path, contact_type: dict[str, str]) -> Path:
    """The facts fixture with some contacts' Contact_type changed, by Contact_name."""
    exports = tmp_path / "in"
    exports.mkdir()
    for export in (FACTS / "in").iterdir():
        (exports / export.name).write_bytes(export.read_bytes())
    text = (FACTS / "in" / "students.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or ()), lineterminator="\n")
    writer.writeheader()
    for row in reader:
        row["Contact_type"] = contact_type.get(row["Contact_name"], row["Contact_type"])
        writer.writerow(row)
    (exports / "students.csv").write_text(out.getvalue(), encoding="utf-8")
    return exports


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_facts_a_contact_type_it_does_not_know_is_a_warning(tmp_path: Path, engine: str) -> None:
    """FACTS's Clever files write Parent/Guardian, Emergency or Pickup; a district whose FACTS
    writes `Legal Guardian` for a guardian had them dropped as an emergency contact (F409, exit 0).
    Now that is F424 naming the value; Emergency and Pickup stay F409."""
    exports = _facts_with(tmp_path, {"Brian O'Malley": "Legal Guardian"})
    result = api.run(
        api.RunOptions(
            profile=str(FACTS / "district.yaml"),
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=dt.date(2027, 2, 1),
            engine=engine,
        )
    )
    assert result.exit_status == api.EXIT_PUBLISHED
    assert [p.params["value"] for p in result.report.examples["F424"]] == ["Legal Guardian"]
    assert sorted(p.params["value"] for p in result.report.examples["F409"]) == ["Emergency", "Pickup"]
