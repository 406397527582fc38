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
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from transform.oneroster.spec import ALL_FILES
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

_BOM = codecs.BOM_UTF8
_CHUNK = 1 << 20
_NOT_UTF8 = "not UTF-8"


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


def beyond_encoding(path: Path) -> bool:
    """Whether a set's file is damaged otherwise than by its encoding (a NUL byte, a row cut short):
    one only re-saved as cp1252 still holds the set published (`read_past` reads it so)."""
    found = first_damage(path)
    return found is not None and not found.detail.startswith(_NOT_UTF8)


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


def read_past(out: Path, previous: Path | None, report: Report, scratch: Callable[[], Path]) -> Path | None:
    """The set the gate compares with, OUT's damaged files said (F450): OUT itself is none then.
    `previous`: what the gate chose (`gate.stand_in`): a kept copy, OUT, or None (the counts). With
    no kept copy, a set whose files are only in another encoding (a spreadsheet's cp1252 re-save:
    no NUL byte, no row cut) is read as cp1252 into a `scratch()` folder and compared by ID there: the counts
    alone let a third of the students published under new IDs through at exit 0 (reviewer87 R0)."""
    found = damaged(out)
    if not found:
        return previous
    repaired = _reencoded(out, found, scratch) if previous == out else None
    if repaired is not None:
        compared = "OUT's set, its files read as cp1252 (a spreadsheet's encoding)"
        previous = repaired
    elif previous is not None and previous != out:
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


def _reencoded(out: Path, found: list[Damage], scratch: Callable[[], Path]) -> Path | None:
    """OUT's set written as UTF-8 into a `scratch()` folder, the files `found` damaged read as cp1252;
    None when any damage is other than the encoding (a NUL byte, a row cut short), or a file does not
    read as cp1252 either."""
    if any(not damage.detail.startswith(_NOT_UTF8) for damage in found):
        return None
    recoded = {damage.file.name for damage in found}
    try:
        folder = scratch()
        for name in sorted(f"{name}.csv" for name in ("manifest", *ALL_FILES)):
            if not (out / name).is_file():
                continue
            data = (out / name).read_bytes()
            if b"\0" in data:
                return None
            text = data.decode("cp1252") if name in recoded else data.decode("utf-8-sig")
            (folder / name).write_text(text, encoding="utf-8", newline="")
            if name in recoded and not text.endswith(("\n", "\r")) and _last_row_short(folder / name):
                return None
    except (OSError, UnicodeDecodeError):
        return None
    return folder


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
        return Damage(path, at, f"{_NOT_UTF8} (byte 0x{exc.object[exc.start]:02x}: saved in another encoding?)")
    return None
