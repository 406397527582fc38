"""The same exports and --as-of give the same set on any day and in any time zone.

Partial dates (`Jan`, `2015`, `Tuesday`, `5` as a birth date, `June` as a term's last day,
`Dec` as an enrolment's end) used to be completed from the clock. Each run here is the
installed command in its own process, with the clock (tests.fake_clock) or the time zone
(TZ) changed, and the output files are compared byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
AS_OF = "2026-10-15"
PARTIAL_BIRTH_DATES = ("Jan", "2015", "Tuesday", "5")


def _set_cells(path: Path, column: str, values: dict[int, str]) -> None:
    """Replace cells of a tab-separated export by line number (1 = header), bytes kept as they are."""
    lines = path.read_bytes().split(b"\n")
    header = lines[0].rstrip(b"\r").split(b"\t")
    at = next(i for i, name in enumerate(header) if name.decode("ascii").endswith(column))
    for number, value in values.items():
        cells = lines[number - 1].split(b"\t")
        cells[at] = value.encode("ascii")
        lines[number - 1] = b"\t".join(cells)
    path.write_bytes(b"\n".join(lines))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clock") / "in"
    shutil.copytree(SAMPLE, folder)
    _set_cells(folder / "students.txt", "DOB", dict(zip(range(2, 6), PARTIAL_BIRTH_DATES, strict=True)))
    _set_cells(folder / "terms.txt", "LastDay", {6: "June"})  # school 200, Semester 1
    _set_cells(folder / "cc.txt", "DateLeft", {2: "Dec", 3: "Dec"})
    return folder


def _run(exports: Path, out: Path, *, clock: str | None = None, zone: str | None = None) -> dict[str, bytes]:
    args = [
        "--profile",
        "powerschool",
        str(exports),
        str(out),
        "--as-of",
        AS_OF,
        "--quiet",
        "--report",
        str(out.parent / f"{out.name}.json"),
    ]
    command = (
        [sys.executable, "-m", "tests.fake_clock", clock, *args]
        if clock
        else [str(Path(sys.executable).with_name("transform")), *args]
    )
    env = {**os.environ, "TZ": zone} if zone else None
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _problems(out: Path) -> dict[str, list[str]]:
    """Each code's examples as `file:line message`."""
    report = json.loads((out.parent / f"{out.name}.json").read_text(encoding="utf-8"))
    return {
        entry["code"]: [f"{e['file']}:{e['line']} {e['message']}" for e in entry["examples"]]
        for entry in report["problems"]
    }


def test_two_clocks_give_the_same_set(exports: Path, tmp_path: Path) -> None:
    early = _run(exports, tmp_path / "early", clock="2024-03-09T23:59:00")
    late = _run(exports, tmp_path / "late", clock="2031-11-27T00:01:00")
    assert early == late
    # Partial dates are not dates: birth dates blanked, the term's classes and the enrolments left out.
    problems = _problems(tmp_path / "late")
    blanked = "is not a date; cell left blank"
    assert problems["D305"][:4] == [
        f"students.txt:{line} demographics.birthDate: {value!r} {blanked}"
        for line, value in zip(range(2, 6), PARTIAL_BIRTH_DATES, strict=True)
    ]
    assert len(problems["F407"]) == 4
    assert all("'Semester 1' has unreadable dates ('08/17/2026', 'June')" in p for p in problems["F407"])
    assert problems["D313"] == [
        f"cc.txt:{line} enrollments.students: not_ended 'Dec' is not a date; row left out" for line in (2, 3)
    ]


@pytest.mark.skipif(
    not all((Path("/usr/share/zoneinfo") / z).exists() for z in ("Pacific/Kiritimati", "America/Adak")),
    reason="the system has no time zone data",
)
def test_two_time_zones_give_the_same_set(exports: Path, tmp_path: Path) -> None:
    """UTC+14 and UTC-10: at any moment the two zones are on different calendar days."""
    east = _run(exports, tmp_path / "east", zone="Pacific/Kiritimati")
    west = _run(exports, tmp_path / "west", zone="America/Adak")
    assert east == west
