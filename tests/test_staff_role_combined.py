"""A staff member listed once per school with a different role at each (a teacher at one school,
support staff at another) is one user with one role: a teacher anywhere stays a teacher (Remind
makes teachers the owners of their classes), otherwise the role with fewer rights, in any row
order, said with V585. Hostile copies of the PowerSchool sample district (a case a tester found
publishing a teacher as an aide, her classes without an owner)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline.combine import ROLE_KEPT

AS_OF = dt.date(2026, 10, 15)
DISTRICT = FIXTURES / "powerschool" / "district" / "in"
# Maria Alvarez (T1001) has a row at school 100 (Teachers.ID 101) and one at 200 (202).
MARIA_AT_200 = "202\t5001\tT1001\t200\tMaria\t\tAlvarez\tmalvarez@district.example.org\t1\t1"


def district(tmp_path: Path, *, status_at_100: str, status_at_200: str, reverse: bool = False) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    path = folder / "teachers.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert MARIA_AT_200 in lines
    lines = [MARIA_AT_200[:-1] + status_at_200 if line == MARIA_AT_200 else line for line in lines]
    maria_at_100 = next(i for i, line in enumerate(lines) if line.startswith("101\t"))
    lines[maria_at_100] = lines[maria_at_100][:-1] + status_at_100
    body = lines[1:][::-1] if reverse else lines[1:]
    path.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return folder


def maria(tmp_path: Path, name: str, **statuses: str) -> tuple[api.RunResult, dict[str, str]]:
    reverse = name.endswith("reversed")
    in_dir = district(tmp_path / name, reverse=reverse, **statuses)
    result = api.run(api.RunOptions(profile="powerschool", in_dir=in_dir, out_dir=tmp_path / name / "out", as_of=AS_OF))
    with (tmp_path / name / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        user = next(r for r in csv.DictReader(handle) if r["sourcedId"] == "T1001")
    return result, user


@pytest.mark.parametrize("order", ["as-exported", "reversed"])
def test_a_teacher_with_a_support_post_at_another_school_stays_a_teacher(tmp_path: Path, order: str) -> None:
    # StaffStatus 2 maps to aide: the lower role in text order, which a teacher used to become.
    result, user = maria(tmp_path, order, status_at_100="1", status_at_200="2")
    assert result.exit_status == 0
    assert user["role"] == "teacher"
    assert user["orgSourcedIds"] == "100,200"
    assert result.report.counts["V585"] == 1
    (example,) = result.report.examples["V585"]
    assert example.params["kept"] == "teacher" and example.params["value"] == "aide"


def test_the_role_kept_ranks_teachers_first_then_fewer_rights() -> None:
    assert ROLE_KEPT[:2] == ("teacher", "aide")
    assert ROLE_KEPT.index("aide") < ROLE_KEPT.index("administrator")


def test_one_role_everywhere_says_nothing(tmp_path: Path) -> None:
    result, user = maria(tmp_path, "same", status_at_100="1", status_at_200="1")
    assert user["role"] == "teacher"
    assert result.report.counts.get("V585", 0) == 0
