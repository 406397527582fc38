"""A join whose key is an email address compares it without letter case (tester50 F3).

SDS's Parent and Guardian Sync links a parent to a student by Email: user.csv holds the parent,
guardianrelationship.csv one row per link. A parent who typed her address in capitals
(PARENT0@EXAMPLE.COM in user.csv, parent0@example.com in the relationship) was left out as a key
written otherwise (D386, an error), and a small set refused whole (X961), though every mail
system and Microsoft Entra read the two as one address. A join that says `ignore_case: true`
(the SDS profile's, by Email) joins the row, said as a repair (D331); a join that does not, on an
ID, stays exact (D386)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines, columnar_rows
from tests.test_sds_parents_and_upn import exports_with_parents as sds_exports_with_parents
from transform import api

DISTRICT = FIXTURES / "sds" / "district"
AS_OF = dt.date(2026, 10, 15)

USER_CSV = """\
Email,First Name,Last Name,Phone,SIS ID
pat.oneil@example.com,Pat,O'Neil,(555) 201-0001,P100
Li.Chen@EXAMPLE.com,Li,Chen,,P200
"""

GUARDIANRELATIONSHIP_CSV = """\
SIS ID,Email,Role
ST1,pat.oneil@example.com,Parent
ST2,PAT.ONeil@example.com,Parent
ST2,li.chen@example.com,Parent
"""


def read(out: Path, name: str) -> dict[str, dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def exports_with_parents(tmp_path: Path) -> Path:
    return sds_exports_with_parents(tmp_path, USER_CSV, GUARDIANRELATIONSHIP_CSV)


def test_a_parent_address_in_other_letter_case_is_the_same_parent(tmp_path: Path) -> None:
    exports = exports_with_parents(tmp_path)
    python, _ = both_engines(tmp_path / "run", profile=str(DISTRICT / "district.yaml"), in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    users = read(tmp_path / "run" / "python", "users.csv")

    # Li is published, linked to her child; Pat, named in two letter cases, is one parent of two.
    assert users["GP200"]["role"] == "parent" and users["GP200"]["agentSourcedIds"] == "ST2"
    assert users["GP100"]["agentSourcedIds"] == "ST1,ST2"
    assert set(users["ST2"]["agentSourcedIds"].split(",")) == {"GP100", "GP200"}

    # Each link joined in other letter case is said, at its own row, as a repair; none is an error.
    assert "D386" not in python.report.counts
    assert all(p.where.file != "guardianrelationship.csv" for p in python.report.examples.get("D300", []))
    said = python.report.examples["D331"]
    assert [(p.where.file, p.where.line, p.where.column) for p in said] == [
        ("guardianrelationship.csv", 3, "Email"),
        ("guardianrelationship.csv", 4, "Email"),
    ]
    assert python.report.counts["D331"] == 2
    assert "'li.chen@example.com'" in said[1].message and "'Li.Chen@EXAMPLE.com'" in said[1].message
    # The addresses are personal: --redact leaves them out.
    assert "example.com" not in said[1].said(redact=True)


def test_an_id_key_in_other_letter_case_is_still_written_otherwise(tmp_path: Path) -> None:
    """The section join of the roster files names an ID, whose case is part of it: D386 stays."""
    exports = exports_with_parents(tmp_path)
    roster = exports / "StudentEnrollment.csv"
    roster.write_text(roster.read_text(encoding="utf-8").replace("SEC3,ST3", "sec3,ST3"), encoding="utf-8")
    python, _ = both_engines(tmp_path / "run", profile=str(DISTRICT / "district.yaml"), in_dir=exports, as_of=AS_OF)
    (written,) = python.report.examples["D386"]
    assert written.where.file == "StudentEnrollment.csv" and "letter case" in written.message
    assert "D331" not in python.report.examples or all(
        p.where.file == "guardianrelationship.csv" for p in python.report.examples["D331"]
    )


# A district that keys its birth dates file by the student's address, in capitals: the
# demographics rule runs in the columnar engine, whose exact SQL join must hand such a row to the
# Python engine rather than write it with no birth date.
STUDENT_CSV = """\
SIS ID,School SIS ID,First Name,Last Name,Username,Secondary Email,Student Number,Grade,Status
ST1,S1,Maya,Oneil,moneil,maya@kids.example.org,0101,3,Active
ST2,S1,Leo,Chen,lchen,leo@kids.example.org,0102,K,Active
ST3,S2,Ana,Ruiz,aruiz,ana@kids.example.org,0201,7,Active
"""

BIRTHS_CSV = """\
Email,Born
maya@kids.example.org,5/14/2018
LEO@KIDS.EXAMPLE.ORG,9/1/2020
ana@kids.example.org,2/3/2013
"""

BIRTHS_PROFILE = """\
name: harbor-births
extends: {district}
sources:
  births:
    files: [births.csv]
    columns: [Email, Born]
tables:
  demographics:
    students:
      join:
        born: {{source: births, on: {{Secondary Email: Email}}, required: false, ignore_case: true}}
      columns:
        birthDate: {{column: born.Born, clean: [birth_date]}}
"""


def test_both_engines_join_an_address_without_case(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT / "in", exports)
    (exports / "Student.csv").write_text(STUDENT_CSV, encoding="utf-8")
    (exports / "births.csv").write_text(BIRTHS_CSV, encoding="utf-8")
    profile = tmp_path / "births.yaml"
    profile.write_text(BIRTHS_PROFILE.format(district=DISTRICT / "district.yaml"), encoding="utf-8")
    python, columnar = both_engines(tmp_path / "run", profile=str(profile), in_dir=exports, as_of=AS_OF)
    assert any(name.startswith("demographics") for name in columnar_rows(columnar)), columnar_rows(columnar)
    born = {sid: row["birthDate"] for sid, row in read(tmp_path / "run" / "columnar", "demographics.csv").items()}
    assert born == {"ST1": "2018/05/14", "ST2": "2020/09/01", "ST3": "2013/02/03"}
    (said,) = python.report.examples["D331"]
    assert (said.where.file, said.where.line, said.where.column) == ("Student.csv", 3, "Secondary Email")


def test_a_list_key_cannot_ignore_case(tmp_path: Path) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text(
        BIRTHS_PROFILE.format(district=DISTRICT / "district.yaml").replace(
            "ignore_case: true}", "ignore_case: true, split: ';'}"
        ),
        encoding="utf-8",
    )
    result = api.run(
        api.RunOptions(profile=str(profile), in_dir=DISTRICT / "in", out_dir=tmp_path / "out", as_of=AS_OF)
    )
    assert result.exit_status == 2
    assert any("ignore_case" in str(p) for p in result.problems)
