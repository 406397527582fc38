"""Before any export is read: every path the run will write can be written.

A report, an explain file or a zip that cannot be written used to fail a run after it had
published (exit 3, exit 1 "not published", or exit 0 with a warning at the bottom): a
scheduler was told the wrong thing. Checked first, the only failures left after publishing are
the machine's own (a disk filling up meanwhile) and the delivery.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from transform.pipeline.state_place import state_folder
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where


def working_directory() -> None:
    """A shell left in a folder that was deleted: every relative path would fail later."""
    try:
        Path.cwd()
    except FileNotFoundError:
        raise TransformAbort([Problem(codes.code("cwd-missing"), Where(), {})]) from None


def output_file(option: str, path: Path, *, out: Path | None = None, exports: Path | None = None) -> None:
    """A file the run will write (--report, --explain, --zip): not a folder, and its folder
    exists and takes a new file. With `out` (a run's OUT), not inside OUT nor its state folder;
    with `exports` (its EXPORTS), not the exports' zip nor a file in their folder."""
    if out is not None:
        outside(option, path, out)
    if exports is not None:
        not_an_export(option, path, exports)
    if path.is_dir():
        raise _refused(option, f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise _refused(option, f"folder {path.parent} does not exist")
    if path.exists() and not os.access(path, os.W_OK):
        raise _refused(option, f"{path} cannot be replaced (no write permission)")
    from transform.pipeline.write import a_stream

    if a_stream(path):  # a FIFO, /dev/stdout: written in place, no new file beside it
        return
    # A link's target is replaced (write_whole): its folder must take the new file (reviewer195 R3: the
    # link's own folder was probed, the link then replaced by a file, its target keeping last night's).
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if not target.parent.is_dir():
        raise _refused(option, f"{path} is a link into folder {target.parent}, which does not exist")
    _probe(target.parent, on_failure=lambda detail: _refused(option, detail))


def distinct_files(paths: dict[str, Path | None]) -> None:
    """The files a run writes (--report, --html, --explain, --zip) are each their own: one path
    given twice made the last writer win at exit 0, a scheduler reading --report's path as JSON
    then given the HTML page (tester63 F12). Compared resolved, so a link to the same file is seen."""
    seen: dict[Path, str] = {}
    for option, path in paths.items():
        if path is None:
            continue
        where = resolved(option, path)
        if where in seen:
            raise _refused(option, f"{path} is also given to {seen[where]}; give each output its own file")
        seen[where] = option


def outside(option: str, path: Path, out: Path) -> None:
    """A file written beside the set, not in it: OUT is replaced whole by each run, and holds the
    set's files alone (any other file there stops the next run, X900; the tool's own temporary
    file stops this one); the state folder beside it (state_place.state_folder) is the tool's. Compared
    resolved, so a link to OUT, or OUT a link, is seen (tester10 item 9)."""
    where = resolved(option, path)
    folders = (
        (out, "OUT", "each run replaces whole"),
        (out.parent / f".{out.name}.transform", "OUT's state folder", "the tool keeps"),
        (state_folder(out), "OUT's state folder", "the tool keeps"),
    )
    for folder, name, why in folders:
        kept = folder.absolute().resolve()
        if where == kept or where.is_relative_to(kept):
            detail = f"{path} is inside {name} ({folder}), which {why}; write it beside OUT"
            raise _refused(option, detail)


def not_an_export(option: str, path: Path, exports: Path) -> None:
    """A file the run writes is never one it reads: the SIS's export zip, or a file in (or
    under) the exports folder, overwritten by the zip, the report or the explain file, is lost
    until the SIS exports it again, and the next night fails (tester47 F8). Compared resolved, so a
    link to either is seen."""
    where, source = resolved(option, path), exports.absolute().resolve()
    if where == source:
        what = "the EXPORTS zip" if source.is_file() else "the EXPORTS folder"
        raise _refused(option, f"{path} is {what} this run reads ({exports}); write it beside the exports")
    if source.is_dir() and where.is_relative_to(source):
        detail = f"{path} is inside the EXPORTS folder ({exports}), whose files this run reads; write it beside them"
        raise _refused(option, detail)


def output_folder(out: Path, state: Path) -> None:
    """OUT's parent (or the first folder above it that exists, where it will be made; behind a
    symlinked OUT, the folder the link points to) and the state folder beside it take new files."""
    if state.exists() and not state.is_dir():
        raise TransformAbort([Problem(codes.code("state-not-folder"), Where(file=str(state)), {"folder": state})])
    mount_point(out)
    name_fits(out)
    for target in [out, out.resolve()] if out.is_symlink() else [out]:
        existing = target.parent
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            raise _unwritable(out, f"{existing} is a file, not a folder")
        _probe(existing, on_failure=lambda detail: _unwritable(out, detail))
    if state.is_dir():
        _probe(state, on_failure=lambda detail: _unwritable(out, detail))


def mount_point(out: Path) -> None:
    """OUT (or the folder a linked OUT points to) a mount point: a container volume, a share
    mounted at the drop folder. The set is staged beside OUT and swapped in by a rename, which the
    kernel refuses for a mount point (EBUSY): every night failed with "Device or resource busy"
    after reading everything, and nothing said why (tester10 item 11). Refused before any export
    is read, saying what to do."""
    target = out.resolve() if out.is_symlink() else out
    try:
        mounted = target.is_dir() and (os.path.ismount(target) or str(target.resolve()) in _mount_points())
    except OSError:
        return
    if mounted:
        detail = (
            f"{target} is a mount point (a volume or share mounted there); the set is staged beside OUT and "
            "swapped in whole by a rename, which a mount point cannot take: give a folder inside the mount "
            f"as OUT (such as {target / 'set'}), or mount the folder above it"
        )
        raise _unwritable(out, detail)


def _mount_points() -> set[str]:
    """Linux's list of mount points (/proc/self/mountinfo, field 5, spaces written as \\040):
    `os.path.ismount` compares devices, and a bind mount of a folder of the same filesystem has
    its parent's (tester14 F6). Empty elsewhere."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return set()
    unescape = re.compile(r"\\([0-7]{3})")
    return {
        unescape.sub(lambda m: chr(int(m.group(1), 8)), fields[4])
        for line in lines
        if len(fields := line.split(" ")) > 4
    }


# The longest name the run makes beside OUT: the set put aside by the two-rename publish,
# `.<out>.previous-` and 8 random characters (pipeline.write); the state and staging folders'
# are shorter.
_LONGEST_BESIDE = len(".") + len(".previous-") + 8


def name_fits(out: Path) -> None:
    """OUT's name leaves room for the folders the run keeps beside it: a name near the file
    system's limit (255 bytes) was taken, then the state or staging folder's name was refused
    ("File name too long") after the exports were read, exit 1 (tester10 item 12)."""
    for target in [out, out.resolve()] if out.is_symlink() else [out]:
        existing = target.parent
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        try:
            limit = os.pathconf(existing, "PC_NAME_MAX")
        except (OSError, ValueError):
            limit = 255
        size = len(os.fsencode(target.name))
        if size + _LONGEST_BESIDE > limit:
            detail = (
                f"the name {target.name[:24]}... is {size} bytes, too long for the folders the run keeps beside "
                f"it (.<name>.transform, .<name>.staging-*, .<name>.previous-*: {size + _LONGEST_BESIDE} "
                f"bytes; this file system takes {limit}): give OUT a name of at most {limit - _LONGEST_BESIDE} bytes"
            )
            raise _unwritable(out, detail)


def resolved(option: str, path: Path) -> Path:
    """`path` resolved, its links followed; a loop of links refused (X902: it was a bug, exit 3)."""
    try:
        return path.absolute().resolve()
    except (RuntimeError, OSError) as exc:
        raise _refused(
            option, f"{path} cannot be followed ({exc}): give a file name that is no loop of links"
        ) from None


def _probe(folder: Path, *, on_failure: Callable[[str], TransformAbort]) -> None:
    """Make and remove one empty file: permissions, a read-only mount, ACLs, all at once."""
    try:
        handle, name = tempfile.mkstemp(prefix=".transform-probe-", dir=folder)
        os.close(handle)
        Path(name).unlink()
    except OSError as exc:
        raise on_failure(f"cannot write in {folder}: {exc.strerror or exc}") from None


def _refused(option: str, detail: str) -> TransformAbort:
    return TransformAbort([Problem(codes.code("bad-option"), Where(), {"option": option, "detail": detail})])


def _unwritable(out: Path, detail: str) -> TransformAbort:
    return TransformAbort([Problem(codes.code("output-unwritable"), Where(), {"folder": out, "detail": detail})])
