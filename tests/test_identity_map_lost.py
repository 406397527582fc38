"""The identity map lost while OUT holds the set (tester34 F4).

The map (`.<out>.transform/identities.csv`) keeps a parent's derived ID when their email, phone
or household changes. A state folder deleted, or OUT moved or restored without it, lost every
parent's map entry, and the run derived their IDs again at exit 0 with no word: each parent
whose points changed that night got a new ID, which Remind takes for a new person (386 parents
in the tester's district). OUT's users.csv names each such parent's ID and students, which is
what the map holds: the map is rebuilt from it (X921), and no ID moves.

A machine rebuilt without OUT and its state folder, the last set restored elsewhere and named
with `--previous` (tester39 F5): the map was rebuilt only from OUT, so the parents whose points
had changed were re-keyed (X958), or the night refused (X955) with --allow-rollover as the only
way out offered. The set named with --previous is the last published set: the map is rebuilt
from it as from OUT. And X955, when derived IDs moved because the map did not hold them, names
the way that keeps them.
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


def run(exports: Path, out: Path, night: int = 0, previous: Path | None = None) -> api.RunResult:
    now = NIGHT + dt.timedelta(days=night)
    return api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=now.date(), now=now, previous=previous)
    )


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


@pytest.fixture(scope="module")
def new_emails(nights: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first night's district, in which the mothers of 12 families have a new email and
    household number (their phone is the same): their IDs, derived from the name and the
    household, move unless the identity map keeps them."""
    first, _ = nights
    folder = tmp_path_factory.mktemp("emails") / "in"
    shutil.copytree(first, folder)
    path = folder / "students.txt"
    lines = path.read_text(encoding="utf-8").splitlines(True)
    header = lines[0].rstrip("\n").split("\t")
    email, family = header.index("Mother_Email"), header.index("Family_Ident")
    households = list(dict.fromkeys(line.rstrip("\n").split("\t")[family] for line in lines[1:]))[:12]
    for n, line in enumerate(lines[1:], 1):
        cells = line.rstrip("\n").split("\t")
        if cells[family] in households:
            at = households.index(cells[family])
            cells[email], cells[family] = f"new{at}@home.example.org", f"F-NEW{at}"
            lines[n] = "\t".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return folder


def mothers(out: Path) -> dict[str, str]:
    """Each parent's sourcedId by the email it is published with."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["email"]: row["sourcedId"] for row in csv.DictReader(handle) if row["role"] in ("parent", "guardian")
        }


def guardian_ids(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle) if row["role"] in ("parent", "guardian")}


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
    assert result.report.published
    # With last.json gone too, the checks it feeds could not run: said, a person looks (F452, tester74 F12).
    deleted = loss == "state folder deleted"
    assert result.exit_status == (1 if deleted else 0) and ("F452" in result.report.counts) == deleted
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


def test_the_last_set_named_with_previous_rebuilds_a_lost_map_as_out_does(
    nights: tuple[Path, Path], tmp_path: Path
) -> None:
    """The machine rebuilt: OUT and its state folder are gone, the last published set restored
    from a backup into another folder and named with --previous. The mother who moved keeps her
    ID, as she does when that set is copied back into OUT."""
    first, second = nights
    out, state, kept = tmp_path / "out", tmp_path / ".out.transform", tmp_path / "restored"
    assert run(first, out).exit_status == 0
    before = mothers(out)["mom0@home.example.org"]
    shutil.copytree(out, kept)
    shutil.rmtree(out)
    shutil.rmtree(state)
    result = run(second, out, night=1, previous=kept)
    assert result.exit_status == 0 and result.report.published
    assert mothers(out)["moved@home.example.org"] == before, "the mother keeps her ID"
    assert "X958" not in result.report.counts
    (restored,) = result.report.examples["X921"]
    assert f"{kept} (named with --previous) holds a published set" in restored.message
    assert (state / "identities.csv").read_text(encoding="utf-8").count(before) >= 1


def test_rekeyed_derived_ids_are_refused_with_the_way_that_keeps_them(
    nights: tuple[Path, Path], new_emails: Path, tmp_path: Path
) -> None:
    """A map restored from an older backup holds none of tonight's parents (it is not lost, so
    not rebuilt): 12 households' parents, their IDs derived from the name and the household, would
    get new IDs (the mothers' emails changed too; the phones did not). X955 says that the map did
    not hold them, and how to keep their IDs; done so (the map moved aside, the last set named
    with --previous), the night publishes every parent under their ID."""
    first, _ = nights
    out, state = tmp_path / "out", tmp_path / ".out.transform"
    assert run(first, out).exit_status == 0
    before = guardian_ids(out)
    kept = tmp_path / "restored"
    shutil.copytree(out, kept)
    (state / "identities.csv").write_text(
        "key,sourcedId,last_published\r\n1,G0123456789ab,2026-09-01\r\n", encoding="utf-8"
    )
    refused = run(new_emails, out, night=1)
    assert refused.exit_status == 1 and not refused.report.published
    (rekeyed,) = refused.report.examples["X955"]
    assert rekeyed.params["count"] >= 12 and rekeyed.params["kind"] == "parents"
    assert "did not hold these people" in rekeyed.message
    assert "move it aside and rerun with the last published set in OUT or named with --previous" in rekeyed.message
    (state / "identities.csv").rename(tmp_path / "identities.csv.old")
    shutil.rmtree(out)
    kept_ids = run(new_emails, out, night=1, previous=kept)
    assert kept_ids.exit_status == 0 and "X921" in kept_ids.report.counts
    assert guardian_ids(out) == before


def test_an_id_column_changed_is_still_said_as_such() -> None:
    from transform.pipeline.people_gate import _rekeyed_cause

    moved = [("GC1", "G0123456789ab", "Ann Lee"), ("G0123456789ac", "G0123456789ad", "Bo Lee")]
    assert _rekeyed_cause(moved, ("G",)) == "an ID column changed in the exports or the profile"
    assert "did not hold these people" in _rekeyed_cause(moved[1:], ("G",))
    assert _rekeyed_cause(moved[1:], ()) == "an ID column changed in the exports or the profile"


def test_ids_that_gain_their_zeros_tonight_blame_the_last_set_not_tonights_exports() -> None:
    """tester57 U5: a first set made from a copy a spreadsheet opened ('45000'), and tonight's right
    export ('0045000'): the words told the admin to export tonight's good files again. Which side
    lost the zeros decides the words; the other way round they stay as they were."""
    from transform.pipeline.people_gate import _rekeyed_cause

    gained = _rekeyed_cause([("45000", "0045000", "students")])
    assert "the last published set's with their leading zeros back ('45000' is now '0045000')" in gained
    assert "--allow-rollover" in gained and "export them again" not in gained
    lost = _rekeyed_cause([("0045000", "45000", "students")])
    assert "without their leading zeros" in lost and "export them again" in lost
