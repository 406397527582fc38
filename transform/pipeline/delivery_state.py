"""What reached the SFTP server, remembered apart from what was published.

A night whose upload fails still publishes locally; if the state only knew "published", the
next night would report "+0 -0" against a set Remind never received and the 90-day clock
would run from a publish nobody saw. So the state folder also holds `delivered.json` (when the
last delivery succeeded, and since when published sets have waited) and `delivered/`, hard
links to the files of the last set that arrived, to count tonight's changes from.

A set in OUT that is not the one last delivered waits, whoever published it: a person who
reran an --upload job by hand without --upload (or copied a kept set back over OUT) left a set
no night sent, and a night with nothing due said "nothing to do" while Remind held the older
set until day 80 (tester34 F1). `read` compares OUT with `delivered/` and says the set waits.

`delivered/` is replaced by a swap (one step where the system can exchange two folders, else
the old copy renamed aside first); a run killed in it leaves `delivered.new` (and `delivered.old`)
beside the record, which the next run, under the lock, puts right (`catch_up`, X945) instead of
refusing a state the tool made itself (X930, tester34 F2).
"""

from __future__ import annotations

import datetime as dt
import filecmp
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from transform.pipeline import set_damage, swap
from transform.pipeline.excluded_schools import RECORD as EXCLUDED
from transform.pipeline.gate import OVERDUE_DAYS, aside_step, damaged, days_since, read_record, state_folder
from transform.pipeline.write import write_whole
from transform.report import codes
from transform.report.problem import TransformAbort, Where
from transform.report.report import Report

RECORD = "delivered.json"
# X930's fix for this record: moved aside, the next run compares with OUT, which may never have reached the server.
_FIX = (
    "look at what the server holds, then move it aside and rerun (the run then compares tonight's set with the "
    "one OUT holds, which may never have reached the server; no F452: this file knows nothing of the exports)"
)
# X930's step for it: its own file renamed, not last.json, and no F452 after (reviewer156 R1).
_THEN = (
    "Before renaming it, look at what the server holds: the run then compares tonight's set with the one OUT "
    "holds, which may never have reached it."
)
COPY = "delivered"
# record_delivered builds the new copy here, and (where two folders cannot be exchanged in one
# step) renames the old one aside here, before the swap.
FRESH, ASIDE = f"{COPY}.new", f"{COPY}.old"


def read(out_dir: Path) -> dict[str, Any]:
    """The delivery record; {} before the first upload. One that exists but cannot be read (cut
    off by a full disk, a copy stopped part way), or that says a set waits while the copy of the
    last delivered one is gone, stops the run as a damaged last.json does (X930): read as "never
    delivered", tonight's changes would count from the set in OUT, which the server never
    received, and the safety gate would let through what the server would lose (tester10 3)."""
    path = state_folder(out_dir) / RECORD
    try:
        data = read_record(path)
    except TransformAbort as abort:
        for problem in abort.problems:
            problem.params["fix"] = _FIX
            problem.params["step"] = aside_step(path, _THEN)
        raise
    folder = state_folder(out_dir)
    copy = folder / COPY
    # a set that arrived, its record not written (its copy in place, or left between the renames): catch_up writes it
    data = _arrival(out_dir, data, copy=copy if copy.is_dir() else folder / FRESH) or data
    # A run killed while it swapped delivered/ leaves its new copy beside it: the next run's
    # catch_up, under the lock, puts it in place; not damage.
    if data.get("pending_since") and data.get("delivered_at") and not copy.is_dir() and not _swap_left(folder):
        gone = f"it says a set waits to be delivered, but {copy}, the copy of the last one delivered, is gone"
        raise damaged(path, gone, aside_step(path, _THEN), fix=_FIX)
    if data.get("delivered_at") and not data.get("pending_since") and copy.is_dir() and _out_waits(out_dir, copy):
        data["pending_since"] = _published_since(out_dir, data)
    return data


def _out_waits(out_dir: Path, copy: Path) -> bool:
    """Whether OUT holds a set that is not the one last delivered: published without --upload
    (a job rerun by hand), or copied over OUT. The copy holds hard links to the files delivered
    (a publish swaps whole folders, so a file of OUT is never changed in place): the same files,
    or the same bytes where links could not be made. A run without a set in OUT, or one that
    cannot read it, has nothing to send from it."""
    try:
        if not (out_dir / "users.csv").is_file():
            return False
        names = sorted(p.name for p in out_dir.glob("*.csv"))
        if names != sorted(p.name for p in copy.glob("*.csv")):
            return True
        return not all(_same(out_dir / name, copy / name) for name in names)
    except OSError:
        return False


def _part_of_delivered(out_dir: Path) -> bool:
    """Whether OUT holds fewer files than the set last delivered, each one of its files as delivered."""
    copy = state_folder(out_dir) / COPY
    try:
        names = {p.name for p in out_dir.glob("*.csv")}
        delivered = {p.name for p in copy.glob("*.csv")}
        return names < delivered and all(_same(out_dir / name, copy / name) for name in names)
    except OSError:
        return False


def _same(first: Path, second: Path) -> bool:
    return first.samefile(second) or filecmp.cmp(first, second, shallow=False)


def _published_since(out_dir: Path, record: dict[str, Any]) -> str:
    """Since when OUT's undelivered set waits: its publish (last.json), when later than the last
    delivery; else (a set copied over OUT by hand) the last delivery."""
    delivered = str(record["delivered_at"])
    try:
        published = read_record(state_folder(out_dir) / "last.json").get("published_at")
        later = isinstance(published, str) and dt.datetime.fromisoformat(published) > dt.datetime.fromisoformat(
            delivered
        )
    except (TransformAbort, ValueError, TypeError):
        return delivered
    return str(published) if later else delivered


def _swap_left(folder: Path) -> bool:
    """What a record_delivered killed inside its swap leaves: the new copy, or the old one aside."""
    return (folder / FRESH).is_dir() or (folder / ASIDE).is_dir()


def catch_up(out_dir: Path, report: Report) -> None:
    """Under the lock, before the delivery record is read for the run: the copy of the last set
    delivered, left half swapped by a run killed in record_delivered, is put in place. No
    `delivered/` beside the new copy means the kill came between its two renames (or, before
    this version, between removing the old copy and renaming the new one): the new copy is
    whole (it was built before), and it is the set whose upload had ended. The record was not
    rewritten, so a set that waited still waits, and the next run with --upload sends it again:
    whether it arrived is not recorded (X945), unless the copy proves it. A `delivered/` beside a
    leftover (or the new copy left between the renames: the same proof, reviewer161 R4) that already
    holds the set the record calls waiting is that upload's, which had arrived: recorded so, and said
    (X853, `_arrival`). Any other leftover (a copy being built, the old one after the swap) is removed."""
    folder = state_folder(out_dir)
    copy, fresh, aside = folder / COPY, folder / FRESH, folder / ASIDE
    if not _swap_left(folder):
        return
    put: str | None = None
    arrived: dict[str, Any] | None = None
    if not copy.is_dir():
        record = read_record(folder / RECORD) if (folder / RECORD).is_file() else {}
        if fresh.is_dir() and (aside.is_dir() or record.get("delivered_at")):
            # the same proof as after the swap (reviewer161 R4): the new copy is made only once the upload
            # has ended, so one matching last.json's set, which the record calls waiting, had arrived (X853)
            arrived = _arrival(out_dir, record, copy=fresh)
            fresh.rename(copy)
            put = f"the copy of the set it had sent ({fresh.name}) was put in place as {copy.name}"
        elif aside.is_dir():
            aside.rename(copy)
            put = f"the copy of the set delivered before ({aside.name}) was put back as {copy.name}"
    else:
        arrived = _arrival(out_dir, _record_readable(folder / RECORD))
    if arrived:
        _write(out_dir, arrived)
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(aside, ignore_errors=True)
    where = Where(file=str(folder / RECORD))
    if put is not None and not arrived:
        report.add(codes.code("delivery-not-recorded"), where, folder=folder, done=put)
    elif arrived:
        target, published = arrived["target"], arrived["delivered_at"]
        report.add(codes.code("delivery-recorded-late"), where, folder=folder, target=target, published=published)


def _record_readable(path: Path) -> dict[str, Any]:
    """The delivery record, {} when there is none or it is damaged (`read` says that, X930, with its words)."""
    try:
        return read_record(path) if path.is_file() else {}
    except TransformAbort:
        return {}


def _arrival(out_dir: Path, record: dict[str, Any], *, copy: Path | None = None) -> dict[str, Any] | None:
    """After a kill inside record_delivered's swap, or between it and the record (its leftover beside
    `delivered/`): when `delivered/` already holds the set `record` calls waiting, file for file as
    last.json records the set published, that set arrived (record_delivered runs only once its upload
    has ended): the record record_delivered would have written, delivered as of the set's publish (the
    upload ended after it). `read` takes it so before catch_up writes it (X853): read as it was, the
    next night said X926, "sets published since ... have not reached" the server, of a set that had
    (tester75 O3). None when nothing is left of a swap, nothing waits, the copy is another set, or
    last.json cannot be read."""
    folder = state_folder(out_dir)
    copy = copy or folder / COPY  # `copy`: the new copy left between the two renames (its name not given yet)
    if not record.get("pending_since") or not copy.is_dir() or not _swap_left(folder):
        return None
    try:
        last = read_record(folder / "last.json")
    except TransformAbort:
        return None
    files = last.get("files")
    if not isinstance(files, dict) or not files:
        return None
    try:
        if fingerprints(copy) != {str(name): str(digest) for name, digest in files.items()}:
            return None
        when = dt.datetime.fromisoformat(str(last.get("published_at"))).isoformat(timespec="seconds")
    except (OSError, ValueError):
        return None
    return _delivered(target=str(record.get("target") or "the server"), stamp=when, last=last)


def mark_pending(out_dir: Path, *, target: str, now: dt.datetime) -> None:
    """Before a set that is to be uploaded replaces OUT: until its upload is recorded, it waits.
    A run killed between the swap and the end of its upload (a reboot, the scheduler's timeout)
    then leaves the next night comparing with the delivered set, not with OUT (tester10 1)."""
    record_failed(out_dir, target=target, now=now)


def last_delivered_set(out_dir: Path, record: dict[str, Any]) -> Path | None:
    """The files Remind holds, when a published set has not reached it since."""
    copy = state_folder(out_dir) / COPY
    return copy if record.get("pending_since") and record.get("delivered_at") and copy.is_dir() else None


def check(
    record: dict[str, Any], report: Report, *, now: dt.datetime, tonight: str = "", out_dir: Path | None = None
) -> None:
    """Say that sets wait to be delivered, and warn from day 80 after the last delivery. `tonight`:
    the address tonight's --upload sends to; one other than the failed upload's is said beside it
    (tester47 F7.6: X926 named an address the job no longer used, without a word). Not when
    OUT (`out_dir`) holds only files of the set last delivered, some of them gone (a pick-up job
    moved them): no set was published since (tester49 F9); its changes still count from the copy
    delivered (`read`), and a set sent again is refused as not whole (X893)."""
    pending, delivered = record.get("pending_since"), record.get("delivered_at")
    target = record.get("target", "the server")
    if tonight and target != tonight:
        target = f"{target} (the address of the upload that failed; tonight's --upload is {tonight})"
    if pending and not (out_dir is not None and delivered and _part_of_delivered(out_dir)):
        compared = f"the last delivery, {delivered}" if delivered else "the last published set (none was delivered)"
        report.add(codes.code("delivery-pending"), Where(), since=pending, target=target, compared_with=compared)
    since = delivered or pending
    days = days_since(since, now)
    if days is not None and days > OVERDUE_DAYS:
        report.add(codes.code("delivery-overdue"), Where(), target=target, days=days, since=since)


def record_delivered(out_dir: Path, *, target: str, now: dt.datetime) -> None:
    """The published set arrived: remember when, and keep its files (hard links, no copy)."""
    folder = state_folder(out_dir)
    fresh, copy, aside = folder / FRESH, folder / COPY, folder / ASIDE
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(aside, ignore_errors=True)
    fresh.mkdir(parents=True)
    for path in sorted(out_dir.glob("*.csv")):
        _link(path, fresh / path.name)
    # The old copy is never removed before the new one has its name (tester34 F2: a kill between
    # the two left no copy, and every later night refused the state, X930). Exchanged in one
    # step where the system can (the old copy is then under the new one's name); else renamed
    # aside first: a run killed between the two renames leaves both, for catch_up.
    if copy.is_dir():
        if swap.exchange(fresh, copy):
            aside = fresh
        else:
            copy.rename(aside)
            fresh.rename(copy)
    else:
        fresh.rename(copy)
    try:
        last = read_record(state_folder(out_dir) / "last.json")
    except TransformAbort:
        last = {}
    _write(out_dir, _delivered(target=target, stamp=_stamp(now), last=last))
    shutil.rmtree(aside, ignore_errors=True)


def _delivered(*, target: str, stamp: str, last: dict[str, Any]) -> dict[str, Any]:
    """The record of the set OUT holds (`last`: last.json), delivered at `stamp`. The as-of date of the
    set delivered (OUT's, which last.json records): a paused night names it (F422). Its own
    settings.exclude_schools entries too: a night that compares with this set (one published since did
    not arrive) judges an entry new against it, not against OUT's (excl58b, pipeline.excluded_left)."""
    as_of, entries = last.get("as_of"), last.get(EXCLUDED)
    return {
        "delivered_at": stamp,
        "target": target,
        **({"as_of": as_of} if isinstance(as_of, str) else {}),
        **({EXCLUDED: entries} if isinstance(entries, dict) else {}),
    }


def record_failed(out_dir: Path, *, target: str, now: dt.datetime) -> None:
    """Tonight's set did not arrive: the oldest waiting publish is kept, for the clock."""
    record = read(out_dir)
    record["pending_since"] = record.get("pending_since") or _stamp(now)
    record["target"] = target
    _write(out_dir, record)


def _link(source: Path, target: Path) -> None:
    """A published file is never changed in place (a publish swaps whole folders): a hard link
    holds last night's bytes for free; a copy where links are not possible."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def fingerprints(folder: Path) -> dict[str, str]:
    """The SHA-256 of each file of the set in `folder`, by name: what last.json records of a set
    published (`files`), for a set sent again to be checked against (`not_whole`)."""
    return {path.name: _sha256(path) for path in sorted(folder.glob("*.csv"))}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def not_whole(out_dir: Path) -> str:
    """Why the set OUT holds is not one to send again ('' when it is): a set sent on a night that
    publishes none (one waiting, or Remind's 90 days) must be a whole set this tool published, byte
    for byte: the last one, as last.json records it (its files' hashes; the rows of each file for
    a set recorded before the hashes were), or one kept with --keep and copied back over OUT
    (history/). A job that picks the files up by moving them, or a folder emptied or edited since,
    leaves a part or another set, which Remind would take for the roster (tester47 F5)."""
    try:
        state = read_record(state_folder(out_dir) / "last.json")
    except TransformAbort:
        state = {}
    if not out_dir.is_dir():
        return f"{out_dir} is gone (moved or deleted since)"
    try:
        held = {path.name: path for path in out_dir.glob("*.csv") if path.is_file()}
        recorded = state.get("files")
        if isinstance(recorded, dict) and recorded:
            why = _differs(held, {str(k): str(v) for k, v in recorded.items()}, _sha256)
        else:  # a set recorded before last.json held the hashes: its files and rows
            rows = state.get("rows_written")
            rows = rows if isinstance(rows, dict) else {}
            expected = {"manifest.csv": "", **{str(k): str(v) for k, v in rows.items()}}
            why = _differs(held, expected, lambda path: "" if path.name == "manifest.csv" else str(_rows(path)))
        if not why:
            return ""
        history = state_folder(out_dir) / "history"
        for kept in sorted(history.iterdir(), reverse=True) if history.is_dir() else ():
            copy = {path.name: path for path in kept.glob("*.csv")}
            if copy and sorted(copy) == sorted(held) and all(_same(held[n], copy[n]) for n in held):
                return ""
    except OSError as exc:
        return f"it cannot be read: {exc.strerror or exc}"
    return why


def changed_in_place(out_dir: Path, state: dict[str, Any]) -> list[str]:
    """The files of the set last.json recorded that OUT no longer holds whole: missing, or with
    other than the rows published ([] when last.json records none). A file emptied or cut in place
    is no set to compare with (tester64 F1). A file whose bytes changed while its rows are all there
    (line ends converted, a BOM added, rows sorted by a pick-up job) still is: taken for changed, it
    turned off every check reading the last set's rows, and 24 IDs given to other people published
    at exit 0 (reviewer63 R1). Its SHA-256 is read first: equal, it is the file published. A file
    damaged (`set_damage`: a NUL byte, its last row cut) is not: read, it stopped the run with a
    traceback (reviewer82 R9). One only re-saved as cp1252, its rows all there, is the set published in
    another encoding, read so (`set_damage.read_past`): taken for changed, the gate compared the counts
    alone and a third of the students under new IDs was published at exit 0 (reviewer87 R0)."""
    recorded_hashes, recorded_rows = state.get("files"), state.get("rows_written")
    hashes: dict[str, Any] = recorded_hashes if isinstance(recorded_hashes, dict) else {}
    rows: dict[str, Any] = recorded_rows if isinstance(recorded_rows, dict) else {}
    names = sorted({str(k) for k in (*hashes, *rows)} - {"manifest.csv"})
    changed = []
    for name in names:
        path = out_dir / name
        try:
            if not path.is_file():
                changed.append(name)
            elif name in hashes and _sha256(path) == str(hashes[name]):
                continue
            elif (name in rows and _rows(path) != rows[name]) or set_damage.beyond_encoding(path):
                changed.append(name)
        except OSError:
            changed.append(name)
    return changed


def _differs(held: dict[str, Path], expected: dict[str, str], measure: Any) -> str:
    """What differs between the files OUT holds and those recorded (name -> hash or rows)."""
    missing = sorted(set(expected) - set(held))
    extra = sorted(set(held) - set(expected))
    changed = sorted(name for name in set(expected) & set(held) if measure(held[name]) != expected[name])
    said = []
    if missing:
        said.append(f"{_names(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    if changed:
        said.append(f"{_names(changed)} {'differs' if len(changed) == 1 else 'differ'} from what was published")
    if extra:
        said.append(f"{_names(extra)} {'is' if len(extra) == 1 else 'are'} no file of it")
    return "; ".join(said)


def _names(names: list[str]) -> str:
    return ", ".join(names)


def _rows(path: Path) -> int:
    """The records of a published file: its lines after the header (a cell never holds a line break)."""
    with path.open("rb") as stream:
        return max(sum(1 for _ in stream) - 1, 0)


def _write(out_dir: Path, record: dict[str, Any]) -> None:
    folder = state_folder(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    write_whole(folder / RECORD, json.dumps(record, indent=2, sort_keys=True) + "\n")


def _stamp(now: dt.datetime) -> str:
    return now.isoformat(timespec="seconds")
