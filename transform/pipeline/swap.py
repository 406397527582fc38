"""Swap two folders in one step, where the OS can.

Publishing replaces OUT by the staged set. Two renames (OUT aside, staging in) leave a moment
with no OUT: a run killed there left nothing, and the next run, with nothing to compare with,
published an export that had lost 28 % of its students. Linux's renameat2(RENAME_EXCHANGE)
swaps the two names atomically. Where it is missing (another OS, a file system without it) the
two renames are used, and `recover` at the next run's start puts the set left aside back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 1 << 1
# Errors that mean "this system or file system cannot exchange": fall back to two renames.
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM}


def _load_renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):  # not Linux, or a C library older than glibc 2.28
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap the two paths atomically; False when the system cannot (nothing was changed)."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def previous_folders(out: Path) -> list[Path]:
    """Sets left aside by the two-rename publish of `out`, newest first."""
    found = [p for p in out.parent.glob(f".{out.name}.previous-*") if p.is_dir()]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def recover(out: Path) -> Path | None:
    """At a run's start, under the lock: a run killed between the two renames left no OUT and
    last night's set aside; put it back (and say which). Leftovers beside an OUT are removed."""
    left = previous_folders(out)
    restored = None
    if left and not out.exists() and not out.is_symlink():
        restored = left.pop(0)
        restored.rename(out)
    for stale in left:
        shutil.rmtree(stale, ignore_errors=True)
    return restored
