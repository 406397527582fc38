"""A publish whose record was not finished: a mark in the state folder around the swap.

Swapping the staged set into OUT and recording what OUT then holds (last.json, identities.csv,
the school counts) are not one step. A run killed between them (the OOM killer, a stop
timeout, a reboot) left OUT one night ahead of the state, and nothing said so: the next night a
parent first published by the killed run, whose email, phone or household had changed, got a
new ID, which Remind takes for a new person (tester10 item 4).

So a run writes `publishing.json` in the state folder just before its swap: what last.json is
to say, the guardian ID prefixes and the date, and which folder is being swapped in (its device
and inode, and its users.csv's size and time: a rename keeps them). It removes the mark once
the state is recorded. A run that finds the mark, under the lock (`catch_up`), brings the state
up to OUT when OUT is the folder that was swapped in, and says so (X962); when OUT is another
folder, the run stopped before its swap (or the swap failed), nothing was published, and the
mark is only removed: remembering the IDs of that older set again would be harmless, but a set
rolled back by hand over OUT must not override the newer IDs the map keeps (pipeline.identity).
A run refused by the gate never writes the mark.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import gate, identity, school_counts, set_damage

FILE = "publishing.json"
FORMAT = 1


def begin(out_dir: Path, staged: Path, *, record: dict[str, Any], prefixes: tuple[str, ...], today: dt.date) -> str:
    """The mark, written whole (and to the disk) before the staged folder is swapped in; returns
    the record's text as last.json is to hold it (gate.record_text), for the state written after
    the swap."""
    folder = gate.state_folder(out_dir)
    folder.mkdir(exist_ok=True)
    state = gate.record_text(record)
    mark = {
        "format": FORMAT,
        "staged": _fingerprint(staged),
        "state": None,
        "prefixes": list(prefixes),
        "today": today.isoformat(),
    }
    partial = folder / f"{FILE}.partial"
    try:
        with partial.open("w", encoding="utf-8") as handle:
            handle.write(_marked(json.dumps(mark, indent=2, sort_keys=True), state) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(folder / FILE)
        _sync(folder)
    except OSError as exc:  # the state folder's disk (its own, maybe) is named, not OUT's
        partial.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), str(folder / FILE)) from exc
    return state


def _marked(mark: str, state: str) -> str:
    """The mark's text with the state's in place of its null: the text json.dumps(indent=2) gives
    the whole mark, byte for byte (a value one level down is the same text, each line indented two
    spaces more; no JSON string holds a line break), the record encoded once."""
    return mark.replace('\n  "state": null', '\n  "state": ' + state.rstrip("\n").replace("\n", "\n  "), 1)


def done(out_dir: Path) -> None:
    """The state records the published set: the mark is no longer needed."""
    (gate.state_folder(out_dir) / FILE).unlink(missing_ok=True)


def abandon(out_dir: Path) -> None:
    """The swap failed: the mark goes, unless OUT is the staged folder after all."""
    mark = _read(gate.state_folder(out_dir) / FILE)
    if not (isinstance(mark, dict) and _swapped(out_dir, mark)):
        done(out_dir)


def catch_up(out_dir: Path, report: Report, *, prefixes: tuple[str, ...], today: dt.date) -> None:
    """Under the lock, before the run reads the state: a mark left by a run that stopped after
    its swap brings the state up to OUT (X962); any other mark is removed. `prefixes` and
    `today` (this run's) serve for a mark that cannot be read."""
    path = gate.state_folder(out_dir) / FILE
    if not path.exists():
        return
    mark = _read(path)
    if mark is None:  # not as this tool writes it: whether the swap was made is unknown
        _remember(out_dir, None, report, prefixes=prefixes, today=today, damage=_damage(path))
    elif _swapped(out_dir, mark):
        _remember(out_dir, mark, report, prefixes=tuple(mark["prefixes"]), today=dt.date.fromisoformat(mark["today"]))
    path.unlink(missing_ok=True)


def restore_lost_map(
    out_dir: Path, report: Report, *, prefixes: tuple[str, ...], today: dt.date, previous: Path | None = None
) -> None:
    """Under the lock, before the run reads the map: the last published set has guardians with
    derived IDs, but the state folder has no identity map (deleted, or OUT moved or restored
    without it), or one holding none of them. Derived again tonight, the ID of every parent whose
    email, phone or household changed since would move, and Remind would delete and re-create
    them (tester34 F4). The IDs that set holds are those people have at Remind: the map is brought
    up to them (X921), as after a run that stopped before recording its set (X962).

    The last published set is the one the safety gate compares with: the folder named with
    `--previous` (`previous`) when it holds a set, else OUT's. A machine rebuilt without OUT and
    its state folder, the last set restored elsewhere and named with --previous, keeps every
    parent's ID as a set copied back into OUT does (tester39 F5)."""
    state = gate.state_folder(out_dir)
    for folder, shown in ((previous, f"{previous} (named with --previous)"), (out_dir, str(out_dir))):
        users = None if folder is None else folder / "users.csv"
        if users is None or not users.is_file() or set_damage.damaged(folder):  # X806, F450
            continue
        guardians = identity.lost(state, users, prefixes)
        if not guardians:
            continue
        identity.remember(state, users, prefixes, today=today)
        report.add(
            codes.code("identity-map-restored"), Where(file=str(state / identity.FILE)), guardians=guardians, out=shown
        )
        return


def _remember(
    out_dir: Path,
    mark: dict[str, Any] | None,
    report: Report,
    *,
    prefixes: tuple[str, ...],
    today: dt.date,
    damage: str = "",
) -> None:
    state = gate.state_folder(out_dir)
    if mark is not None:
        gate.write_record(out_dir, mark["state"])
        published = str(mark["state"].get("published_at") or mark["today"])
        stopped = f"after publishing its set (published {published})"
        done = "the state was brought up to the published set (last.json, identities.csv), so no parent's ID moves"
    else:  # the IDs OUT holds are those people have at Remind: kept, whatever else is unknown
        stopped = (
            f"around its swap, and the mark it leaves there ({FILE}) cannot be read ({damage}), so whether "
            "that run published its set is not known"
        )
        done = (
            "the identity map was brought up to the set OUT holds, so no parent's ID moves; last.json was "
            "left as it was (it may describe the set before OUT's: tonight's size checks compare with it), "
            "and the mark was removed"
        )
    if not set_damage.damaged(out_dir):  # F450 says it; a damaged users.csv stopped the run (reviewer82 R9)
        identity.remember(state, out_dir / "users.csv", prefixes, today=today)
    school_counts.remember(state, None)  # counts kept would be an older set's: counted from OUT
    report.add(codes.code("publish-not-recorded"), Where(file=str(state / FILE)), stopped=stopped, done=done)


def _damage(path: Path) -> str:
    """Why a mark is not one this tool wrote, in a few words."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return exc.strerror or str(exc)
    except UnicodeError:
        return "not UTF-8 text"
    if not text.strip():
        return "empty"
    try:
        json.loads(text)
    except ValueError:
        return "cut off or not JSON"
    return "not the form this version writes"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        mark = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError):
        return None
    try:
        if not (
            mark["format"] == FORMAT
            and isinstance(mark["state"], dict)
            and isinstance(mark["staged"], dict)
            and all(isinstance(p, str) for p in mark["prefixes"])
        ):
            return None
        dt.date.fromisoformat(mark["today"])
    except (KeyError, TypeError, ValueError):
        return None
    return dict(mark)


def _swapped(out_dir: Path, mark: dict[str, Any]) -> bool:
    """OUT (behind a link, the folder it points to) is the folder the mark's run swapped in."""
    try:
        return bool(_fingerprint(out_dir.resolve()) == mark["staged"])
    except OSError:
        return False


def _fingerprint(folder: Path) -> dict[str, Any]:
    found = folder.stat()
    try:
        users = (folder / "users.csv").stat()
    except FileNotFoundError:
        shown: list[int] | None = None
    else:
        shown = [users.st_size, users.st_mtime_ns]
    return {"dev": found.st_dev, "ino": found.st_ino, "users": shown}


def _sync(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def since(out_dir: Path, ran_at: str) -> tuple[bool | None, str]:
    """What OUT holds of a run begun at `ran_at` that wrote no end to its report (killed; a bug: reviewer161
    R2, R3): its set (True), not (False), unknown (None), with words saying how that is known. From the
    state folder: a mark left around a swap (this module's), else last.json's published_at equal to `ran_at`
    (a run records its start as its published_at)."""
    folder = gate.state_folder(out_dir)
    if (folder / FILE).exists():
        mark = _read(folder / FILE)
        if mark is None:
            return (
                None,
                f"a publish was under way ({folder / FILE} is left, unreadable): what {out_dir} holds is not known",
            )
        if _swapped(out_dir, mark):
            return True, (
                f"{out_dir} holds a set a run swapped in and did not record ({folder / FILE} is left): this run's; "
                "the next run records it (X962)"
            )
        return False, f"a run stopped before its swap ({folder / FILE} is left): {out_dir} holds the set it held before"
    published_at = _published_at(folder / "last.json")
    began = _moment(ran_at)
    if published_at is None or began is None:
        return None, f"what {out_dir} holds is not known (no readable record of its last publish in {folder})"
    # A run's set is recorded as published at the moment the run began (cli passes its start as
    # RunOptions.now): equal is this run's; a later moment is another run's or another clock's, not
    # "after this run began" (reviewer167 R4: last.json from a machine whose clock is ahead).
    if published_at == began:
        return True, (
            f"{out_dir}'s record says a set was published by the run begun at {published_at.isoformat()}: this run's"
        )
    return False, (
        f"{out_dir}'s record says its set was published by a run begun at {published_at.isoformat()}, not this "
        "one: this run published nothing"
    )


def _published_at(path: Path) -> dt.datetime | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError):
        return None
    return _moment(record.get("published_at")) if isinstance(record, dict) else None


def _moment(text: object) -> dt.datetime | None:
    """An ISO time with its zone (a time without one is not compared)."""
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
