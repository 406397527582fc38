"""I201's step for a column only a field the target requires is read from (tester63 F8).

Microsoft's SDS "minimum required" sample writes Student.csv without First Name and Last Name:
the run stopped (I201, exit 2) and its Next offered optional_columns, which, followed, left every
student out (D304 users.givenName is required). The step now asks for the column, or its other
name mapped, and says why optional_columns cannot do. The bundled SDS district, its Student.csv's
name columns renamed, in tmp_path."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

AS_OF = dt.date(2026, 10, 15)

ALIASED = """\
name: district-given-names
extends: sds
sources:
  students:
    aliases: {SIS ID: [ID], School SIS ID: [School DfE Number], First Name: [Given Name], Last Name: [Surname]}
"""


def test_a_missing_name_column_is_asked_for_not_declared_optional(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "sds" / "district" / "in", exports)
    students = exports / "Student.csv"
    header, rest = students.read_bytes().split(b"\n", 1)
    students.write_bytes(header.replace(b"First Name", b"Given Name").replace(b"Last Name", b"Surname") + b"\n" + rest)

    result = api.run(api.RunOptions(profile="sds", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))

    assert result.exit_status == 2
    assert [(p.code.id, p.params["column"], p.params["requires"]) for p in result.problems] == [
        ("I201", "First Name", "users.givenName"),
        ("I201", "Last Name", "users.familyName"),
    ]
    said = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert said.startswith(
        "Next: Add 'First Name' to the SIS export of Student.csv (or, if it is there under another name, map that "
        "name in the profile: sources: aliases), and rerun: users.givenName is required"
    )
    assert "optional_columns would not fix this" in said and "can declare it under optional_columns" not in said

    district = tmp_path / "district.yaml"
    district.write_text(ALIASED, encoding="utf-8")
    done = api.run(api.RunOptions(profile=str(district), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert done.exit_status == 0
    assert "D304" not in done.report.counts
