"""Python source the run writes for itself (pipeline.fastpath, pipeline.conditions), run so
that a debugger can show it."""

from __future__ import annotations

import linecache
import zlib
from typing import Any


def run_source(source: str, kind: str, label: str, names: dict[str, Any]) -> dict[str, Any]:
    """Run generated `source` with `names` as its globals and give back that namespace.

    The source is registered with `linecache` under a file name of its own, as attrs does for
    the methods it writes "for debuggers like PDB": a traceback, pdb or coverage inside a
    generated function shows its lines. The checksum in the name tells apart two sources of
    one rule (a rule compiles once per export file, for that file's columns) and keeps the
    cache from growing when a long-lived process compiles the same rule again."""
    filename = f"<{kind} {label} {zlib.crc32(source.encode()):08x}>"
    # mtime None: linecache.checkcache keeps the entry, there being no file to compare it with.
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    namespace = dict(names)
    exec(compile(source, filename, "exec"), namespace)
    return namespace
