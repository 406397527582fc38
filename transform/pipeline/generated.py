"""Python source the run writes for itself (pipeline.fastpath, pipeline.conditions), run so
that a debugger can show it."""

from __future__ import annotations

import functools
import linecache
import zlib
from types import CodeType
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
    exec(_compiled(source, filename), namespace)
    return namespace


@functools.lru_cache(maxsize=1024)
def _compiled(source: str, filename: str) -> CodeType:
    """The code of one source, compiled once per process: the same rules compile to the same
    source each run (the sample district's 16 sources, ~20 kB, cost ~5 of its ~85 CPU-ms in a
    process that runs it again: the API in a long-lived process, the test suite's in-process runs)."""
    return compile(source, filename, "exec")
