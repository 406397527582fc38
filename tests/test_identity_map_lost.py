"""The identity map lost while OUT holds the set (tester34 F4).

The map (`.<out>.transform/identities.csv`) keeps a parent's derived ID when their email, phone
or household changes. A state folder deleted, or OUT moved or restored without it, lost every
parent's map entry, and the run derived their IDs again at exit 0 with no word: each parent
whose points changed that night got a new ID, which Remind takes for a new person (386 parents
in the tester's district). OUT's users.csv names each such parent's ID and students, which is
what the map holds: the map is rebuilt from it (X921), and no ID moves.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from transform import api

NIGHT = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)


def run(exports: Path, out: Path, night: int = 0) -> api.RunResult:
    now = NIGHT + dt.timedelta(days=night)
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=now.date(), now=now))


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A district, and its next night in which the first family's mother has a new email, phone
    and household number (moved house)."""
    folder = tmp_path_factory.mktemp("district")
    first, second = folder / "in", folder / "in2"
    write_district(first, 300)
    shutil.copytree(first, second)
    path = second / "students.txt"
    lines = path.read_text(encoding="utf-8").splitlines(True)
    header = lines[0].rstrip("\n").split("\t")
    email, phone, family = (header.index(c) for c in ("Mother_Email", "Motherdayphone", "Family_Ident"))
    moved = lines[1].rstrip("\n").split("\t")[family]
    for n, line in enumerate(lines[1:], 1):
        cells = line.rstrip("\n").split("\t")
        if cells[family] == moved:
            cells[email], cells[phone], cells[family] = "moved@home.example.org", "608-555-7777", "F-MOVED"
            lines[n] = "\t".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return first, second


def mothers(out: Path) -> dict[str, str]:
    """Each parent's sourcedId by the email it is published with."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["email"]: row["sourcedId"] for row in csv.DictReader(handle) if row["role"] in ("parent", "guardian")
        }


@pytest.mark.parametrize("loss", ["state folder deleted", "map deleted", "map header only"])
def test_a_lost_map_is_rebuilt_from_the_published_set_and_no_parent_moves(
    nights: tuple[Path, Path], tmp_path: Path, loss: str
) -> None:
    first, second = nights
    out, state = tmp_path / "out", tmp_path / ".out.transform"
    assert run(first, out).exit_status == 0
    before = mothers(out)["mom0@home.example.org"]
    if loss == "state folder deleted":
        shutil.rmtree(state)
    elif loss == "map deleted":
        (state / "identities.csv").unlink()
    else:
        (state / "identities.csv").write_text("key,sourcedId,last_published\r\n", encoding="utf-8")
    result = run(second, out, night=1)
    assert result.exit_status == 0 and result.report.published
    assert mothers(out)["moved@home.example.org"] == before, "the mother keeps her ID"
    (restored,) = result.report.examples["X921"]
    assert restored.params["guardians"] > 100 and "rebuilt from that set" in restored.message


def test_a_map_kept_is_not_rebuilt_and_a_first_run_has_nothing_to_rebuild(
    nights: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = nights
    out = tmp_path / "out"
    assert "X921" not in run(first, out).report.counts
    kept = run(second, out, night=1)
    assert "X921" not in kept.report.counts and kept.exit_status == 0
