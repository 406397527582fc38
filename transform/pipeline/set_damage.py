"""A published set's files as this tool wrote them, or damaged since: every reader of the last set
(the gate, the identity map's rebuild, the usernames and sessions it kept) reads its files as UTF-8,
so a users.csv re-saved by a spreadsheet as cp1252 stopped every later night with a traceback
(reviewer82 R9). A file is damaged when it is not UTF-8, holds a NUL byte (this tool writes none),
or was cut short (its last line has no line end and fewer cells than the header: every line this tool
writes ends with one; a whole last row an editor left without one is no damage). A BOM is no damage:
the readers skip it."""

from __future__ import annotations

import codecs
import csv
import functools
from pathlib import Path
from typing import NamedTuple

from transform.oneroster.spec import ALL_FILES
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

_BOM = codecs.BOM_UTF8
_CHUNK = 1 << 20


class Damage(NamedTuple):
    """The first damaged line of a set's file."""

    file: Path
    line: int  # 1-based
    detail: str


def first_damage(path: Path) -> Damage | None:
    """The first damage of a set's file (None when whole, or not there: a missing file is the
    gate's). Read once per version of the file (its size and time)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _first_damage(path, stat.st_size, stat.st_mtime_ns)  # the size and time: the cache's key


def damaged(folder: Path | None) -> list[Damage]:
    """The damaged files of a set's folder (the manifest and the OneRoster files; another file
    left beside them is no part of the set), in name order."""
    if folder is None or not folder.is_dir():
        return []
    names = sorted(f"{name}.csv" for name in ("manifest", *ALL_FILES))
    return [found for name in names if (found := first_damage(folder / name)) is not None]


def refuse_named(previous: Path | None) -> None:
    """The set --previous names, damaged: refused before anything reads it (X806). No other set
    stands in for one named: OUT's may be another."""
    if found := damaged(previous):
        first = found[0]
        where = Where(file=str(first.file), line=first.line)
        fields = {"name": first.file.name, "line": first.line, "detail": first.detail}
        raise TransformAbort([Problem(codes.code("previous-named-damaged"), where, fields)])


def read_past(out: Path, previous: Path | None, report: Report) -> Path | None:
    """The set the gate compares with, OUT's damaged files said (F450): OUT itself is none then.
    `previous`: what the gate chose (`gate.stand_in`): a kept copy, OUT, or None (the counts)."""
    found = damaged(out)
    if not found:
        return previous
    if previous is not None and previous != out:
        compared = f"the copy kept in the state folder ({previous.name})"
    elif report.facts.get("compared_with") == "recorded counts":
        compared = "the counts last.json recorded"
    else:
        compared = "no set (last.json records none): every record is new"
    for damage in found:
        where = Where(file=str(damage.file), line=damage.line)
        fields = {"name": damage.file.name, "line": damage.line, "detail": damage.detail}
        report.add(codes.code("previous-file-damaged"), where, **fields, compared=compared)
    return None if previous == out else previous


@functools.lru_cache(maxsize=64)
def _first_damage(path: Path, size: int, mtime_ns: int) -> Damage | None:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line, last = 1, b""
    try:
        with path.open("rb") as stream:
            first = True
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                if first and chunk.startswith(_BOM):
                    chunk = chunk[len(_BOM) :]
                first = False
                found = _in_chunk(path, chunk, line, decoder)
                if found is not None:
                    return found
                line += chunk.count(b"\n")
                last = chunk[-1:] or last
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return Damage(path, line, "cut short inside a character")
    except OSError as exc:
        return Damage(path, line, f"cannot be read ({exc.strerror or exc})")
    if last and last not in (b"\n", b"\r") and _last_row_short(path):
        return Damage(path, line, "cut short: its last line has no line end and fewer cells than the header")
    return None


def _last_row_short(path: Path) -> bool:
    """Whether the last line, with no line end, holds fewer cells than the header: a file cut inside
    a row. A whole last row whose line end a text editor dropped is no damage (reviewer87 R2: --previous
    refused such a copy, X806, where S54 read it)."""
    try:
        with path.open("rb") as stream:
            header = stream.readline()
            stream.seek(max(0, path.stat().st_size - _CHUNK))
            tail = stream.read()
    except OSError:
        return True
    last = tail.rsplit(b"\n", 1)[-1].rsplit(b"\r", 1)[-1]
    return _cells(last) < _cells(header.removeprefix(_BOM).rstrip(b"\r\n"))


def _cells(raw: bytes) -> int:
    return len(next(csv.reader([raw.decode("utf-8", "replace")]), []))


def _in_chunk(path: Path, chunk: bytes, line: int, decoder: codecs.IncrementalDecoder) -> Damage | None:
    nul = chunk.find(b"\0")
    if nul >= 0:
        return Damage(path, line + chunk.count(b"\n", 0, nul), "a NUL byte")
    try:
        decoder.decode(chunk)
    except UnicodeDecodeError as exc:
        at = line + chunk.count(b"\n", 0, exc.start)
        return Damage(path, at, f"not UTF-8 (byte 0x{exc.object[exc.start]:02x}: saved in another encoding?)")
    return None
