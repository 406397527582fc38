"""Find each export in the input folder and stream its rows as text.

Encoding: UTF-8 with or without BOM, else Windows-1252 (reported). Delimiter: sniffed from
the header line among tab, comma, pipe and semicolon unless the profile says. What the profile
says is checked against the file: an encoding its bytes contradict (I268, I269), a delimiter
that leaves the header one cell (I269). Headers match
case-insensitively after stripping SIS decorations: [01]Student_Number,
[students]student_number, STUDENTS.STUDENT_NUMBER.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import difflib
import errno
import fnmatch
import functools
import itertools
import os
import re
import stat
import sys
import tempfile
import time
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TextIO

from transform.profile.compile import SourcePlan
from transform.profile.templates import normalize_column
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

from . import headless, sql_nulls
from .furniture import SHAPE, TEXT_FORMULA, TEXT_FORMULA_BYTES, Furniture, Unwrapped
from .quote_readings import ColumnKinds, told_apart, typed_cells, typed_row, written_fits, written_row
from .rows import INVISIBLE, INVISIBLE_CHARS, MULTI_SEP, SourceRow
from .short_rows import SAMPLE, OtherHeader, refit, shifted

_DECORATION = re.compile(r"^(?:\[[^\]]*\]|[A-Za-z][A-Za-z0-9_]*\.(?=[A-Za-z_]))")
DELIMITERS = ("\t", ",", "|", ";", "^")
PROGRESS_EVERY = 10_000
_SCAN_CHUNK = 1 << 20
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    """cp1252 leaves five bytes undefined; read them as Latin-1 rather than lose them."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("latin-1"), error.end


codecs.register_error("transform-latin1", _latin1_fallback)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 in a UTF-8 file with a few Windows-1252 lines: read as cp1252."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", "transform-latin1"), error.end


codecs.register_error("transform-cp1252", _cp1252_fallback)

# A UTF-8 file with lines in Windows-1252 (a row retyped in a program saving 'ANSI'): each line
# is read in its own encoding (I281), never the whole file as cp1252 (every UTF-8 name garbled).
MIXED = "utf-8+cp1252"


MAX_UNPACKED_BYTES = 8 * 2**30  # far beyond the largest district's exports


@contextmanager
def unpacked(
    path: Path, plans: dict[str, SourcePlan] | None = None, *, limit: int = MAX_UNPACKED_BYTES
) -> Iterator[Path]:
    """A folder of exports, or a zip of them unpacked into a temporary folder (files only,
    flattened; nothing outside it; bounded in size). Two members that could be one export
    (`2026/students.txt`, `old/students.txt`) are refused: flattened, the last would win."""
    if path.is_dir() or path.suffix.lower() != ".zip":
        yield path
        return
    if (not_a_file := _not_a_file(path)) is not None:
        raise TransformAbort([not_a_file])
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        if path.is_file() and path.stat().st_size == 0:  # the export job or the copy died at once
            detail = "it is empty (0 bytes): nothing was written into it"
            raise TransformAbort(
                [
                    Problem(
                        codes.code("export-cut-off"),
                        Where(file=path.name),
                        {"file": path.name, "at": "", "detail": detail},
                    )
                ]
            ) from None
        if _zip_cut_off(path):
            raise TransformAbort(
                [
                    Problem(
                        codes.code("export-cut-off"),
                        Where(file=path.name),
                        {
                            "file": path.name,
                            "at": "",
                            "detail": "it begins as a zip, but the end every zip has (the list of its files) is "
                            "missing, so it is incomplete",
                        },
                    )
                ]
            ) from None
        raise TransformAbort(
            [
                Problem(
                    codes.code("source-unreadable"),
                    Where(file=path.name),
                    {"file": path.name, "detail": unreadable(exc)},
                )
            ]
        ) from None
    with archive, tempfile.TemporaryDirectory(prefix="transform-in-") as folder:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for member in members:
            name = member.filename.replace("\\", "/")
            if name.startswith("/") or ".." in name.split("/") or ":" in name.split("/")[0]:
                raise TransformAbort(
                    [
                        Problem(
                            codes.code("zip-unsafe"),
                            Where(file=path.name),
                            {"file": path.name, "member": member.filename},
                        )
                    ]
                )
        if plans:
            _refuse_ambiguous(path.name, [m.filename.replace("\\", "/") for m in members], plans)
        size = sum(m.file_size for m in members)
        if size > limit:
            raise TransformAbort(
                [
                    Problem(
                        codes.code("zip-too-large"),
                        Where(file=path.name),
                        {"file": path.name, "size": size, "limit": limit},
                    )
                ]
            )
        _extract(archive, members, Path(folder), path.name, written=path.stat().st_mtime)
        yield Path(folder)


def _extract(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], folder: Path, zip_name: str, *, written: float
) -> None:
    """Each member into the folder, flattened, no more than it says it holds, with the time the
    zip keeps for it; a member the zip keeps no time for (1980) takes the zip's own (`written`):
    the zip was written after its members, not tonight when it is unpacked (review129 R1)."""
    for member in members:
        target = folder / Path(member.filename.replace("\\", "/")).name
        try:
            with archive.open(member) as source, target.open("wb") as sink:
                _copy_bounded(source, sink, limit=member.file_size, name=zip_name)
        except (RuntimeError, NotImplementedError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise _member_unreadable(zip_name, member, exc) from None
        except OSError as exc:  # writing into the temporary folder; reading the zip failed above
            raise _unpack_failed(zip_name, exc) from None
        kept = _member_written(member)
        os.utime(target, (written, written) if kept is None else (kept, kept))


UNIX_TIME = 0x5455  # the zip extra field holding a member's modification time in UTC (Info-ZIP's "UT")
NO_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: written by tools that keep none


def _member_written(member: zipfile.ZipInfo) -> float | None:
    """When the SIS wrote the member, as a timestamp: its UTC time where the zip keeps one (the
    "UT" extra field), else its date_time, the local time of the machine that zipped it, read
    as this machine's local time (hours off between time zones: freshness compares the members
    with each other by days, X852, X978). None where the zip keeps no time: the unpacked file
    takes the zip's own (_extract)."""
    extra = member.extra
    while len(extra) >= 4:
        kind, size = int.from_bytes(extra[:2], "little"), int.from_bytes(extra[2:4], "little")
        if kind == UNIX_TIME and size >= 5 and extra[4] & 1:
            return float(int.from_bytes(extra[5:9], "little"))
        extra = extra[4 + size :]
    if member.date_time <= NO_TIME:
        return None
    try:
        return time.mktime((*member.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return None


def _unpack_failed(zip_name: str, exc: OSError) -> TransformAbort:
    """A zip that cannot be unpacked into the temporary folder (its disk full, say), said as that,
    naming TMPDIR: it was said as X901 'cannot write output to OUT: No space left on device', and
    the admin freed space on OUT's disk, where there was plenty (tester47 F4)."""
    folder = tempfile.gettempdir()
    named = "TMPDIR" if os.environ.get("TMPDIR") else "the system's temporary folder, as TMPDIR is not set"
    return TransformAbort(
        [
            Problem(
                codes.code("exports-unpack-failed"),
                Where(file=zip_name),
                {"file": zip_name, "folder": folder, "named": named, "detail": exc.strerror or str(exc)},
            )
        ]
    )


def _zip_cut_off(path: Path) -> bool:
    """A zip cut off while it was written or copied: it begins as a zip does (a file's local
    header), but does not end with a whole end-of-central-directory record (22 bytes and its
    comment, within the last 64 KiB), which every zip ends with."""
    try:
        with path.open("rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return False
            size = handle.seek(0, 2)
            handle.seek(max(size - (1 << 16) - 22, 0))
            tail = handle.read()
    except OSError:
        return False
    at = tail.rfind(b"PK\x05\x06")
    return at < 0 or at + 22 > len(tail) or at + 22 + int.from_bytes(tail[at + 20 : at + 22], "little") > len(tail)


def _member_unreadable(zip_name: str, member: zipfile.ZipInfo, exc: Exception) -> TransformAbort:
    """An encrypted member or one compressed in a way Python cannot unpack (the zip as made is the
    problem: exit 2), or one whose bytes fail their CRC or do not decompress (damaged on the way)."""
    if member.flag_bits & 0x1:
        detail, fix = "it is encrypted (password-protected)", "make the zip again without a password"
    elif isinstance(exc, NotImplementedError) or "compression" in str(exc).lower():
        detail = f"it is compressed with a method this tool cannot unpack ({exc})"
        fix = "make the zip again with ordinary (deflate) compression, or give the files unzipped"
    else:
        # Damaged on the way (tester47 F7.9): tonight's file, not the command, so exit 1 as a cut-off zip is.
        return TransformAbort(
            [
                Problem(
                    codes.code("zip-member-damaged"),
                    Where(file=zip_name),
                    {"file": zip_name, "member": member.filename, "detail": str(exc)},
                )
            ]
        )
    return TransformAbort(
        [
            Problem(
                codes.code("zip-member-unreadable"),
                Where(file=zip_name),
                {"file": zip_name, "member": member.filename, "detail": detail, "fix": fix},
            )
        ]
    )


def _refuse_ambiguous(zip_name: str, members: list[str], plans: dict[str, SourcePlan]) -> None:
    problems = []
    for plan in plans.values():
        matches = [m for m in members if matches_source(m.rsplit("/", 1)[-1], plan)]
        if len(matches) > 1:
            problems.append(
                Problem(
                    codes.code("source-ambiguous"),
                    Where(file=zip_name),
                    {"source": plan.name, "folder": zip_name, "files": ", ".join(matches)},
                )
            )
    if problems:
        raise TransformAbort(problems)


def _ambiguous_files(folder: Path, matches: list[str]) -> dict[str, str]:
    """I203's files, each with when it was last written, and which is newer: an upgrade that writes
    roster.csv beside last month's roster.txt leaves the old file; none is read until one is kept
    (tester90 T8)."""
    written: dict[str, float] = {}
    for name in matches:
        with contextlib.suppress(OSError):
            written[name] = (folder / name).stat().st_mtime

    def said(name: str) -> str:
        if name not in written:
            return name
        when = dt.datetime.fromtimestamp(written[name], dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        return f"{name} (last written {when})"

    files = ", ".join(said(name) for name in matches)
    if len(written) < len(matches) or len(set(written.values())) < len(written):
        return {"files": files, "newest": "; none of them is read (the run reads one file per export)"}
    newest = max(written, key=lambda name: written[name])
    return {
        "files": files,
        "newest": f"; {newest} is the newest, most likely the SIS's export tonight; none of them is read (the run "
        "reads one file per export) until the others are moved out",
    }


def _zips_held(names: list[str], shown: Path | None = None) -> str:
    """What a missing export's message adds when the folder holds zips: the export may be in one
    (students.zip beside the other files; tester20). Of a zip inside the EXPORTS zip, there is no
    folder to unzip it in (tester47 F7.7: "unzip it there" named a folder that is a zip)."""
    zips = [n for n in names if n.lower().endswith(".zip")]
    if not zips:
        return ""
    if shown is not None and shown.suffix.lower() == ".zip" and shown.is_file():
        inner = ", ".join(zips[:3])
        return f"; {shown.name} holds {inner}, a zip inside the zip, which is not read: zip the exports once"
    return f"; the folder holds {', '.join(zips[:3])}: unzip it there, or give the zip as EXPORTS"


# A second copy of a file, as a browser or Windows names it: "students (1).csv", "Copy of
# students.csv", "students - Copy.csv".
_COPY_NAME = re.compile(r"^(?:copy of\s+)?(.+?)(?:\s*\(\d+\)|\s+-\s+copy(?:\s*\(\d+\))?)?(\.[^.]*)$", re.I)


def copies_not_read(names: list[str], read: dict[str, Path], report: Report) -> None:
    """I282 for each file of the folder that no export reads and whose name is that of one read,
    as a second download or a copy names it: the run reads the other, and the admin may think
    this one (often the newer) was published (tester20 F7)."""
    by_name = {path.name.casefold(): path for path in read.values()}
    for name in names:
        if name.casefold() in by_name:
            continue
        found = _COPY_NAME.match(name)
        original = by_name.get(f"{found.group(1)}{found.group(2)}".casefold()) if found else None
        if original is None:
            continue
        copy = original.with_name(name)
        try:
            newer = copy.stat().st_mtime > original.stat().st_mtime
        except OSError:
            continue
        report.add(
            codes.code("source-copy-not-read"),
            Where(file=name),
            file=name,
            read=original.name,
            newer=" (this copy is newer)" if newer else "",
        )


def matches_source(name: str, plan: SourcePlan) -> bool:
    """A file name is one of the export's patterns (case-insensitive)."""
    return any(fnmatch.fnmatch(name.lower(), pattern.lower()) for pattern in plan.patterns)


def _copy_bounded(source: IO[bytes], sink: IO[bytes], *, limit: int, name: str) -> None:
    """Copy no more than the member says it holds (a lying header is a bomb too)."""
    written = 0
    while chunk := source.read(_SCAN_CHUNK):
        written += len(chunk)
        if written > limit:
            raise TransformAbort(
                [
                    Problem(
                        codes.code("zip-too-large"), Where(file=name), {"file": name, "size": written, "limit": limit}
                    )
                ]
            )
        sink.write(chunk)


def header_key(name: str) -> str:
    text = name.strip().lstrip("\ufeff").strip()
    return normalize_column(_DECORATION.sub("", text, count=1))


@dataclass(frozen=True, slots=True)
class SourceFile:
    source: str
    path: Path
    display: str
    encoding: str
    delimiter: str
    header: tuple[str, ...]
    index: dict[str, int]
    header_line: int = 1  # a title line or two above the header are skipped
    terminator: str = ""  # every record ends with it; cells are not quoted
    # The file may hold invisible characters, or text not in Unicode NFC (a macOS tool's "Mun\u0303oz"
    # for "Muñoz"): rows are checked for them.
    invisible: bool = True
    formulas: bool = True  # the file may hold Excel text formulas (="1001"): rows are checked for them
    # A column the header holds under two spellings (a column and its alias), the one read empty
    # on some rows where another holds a value: (position read, the others' positions in order),
    # each row's empty cell taken from the first of them that holds one (`_settle_rivals`)
    fills: tuple[tuple[int, tuple[int, ...]], ...] = ()
    ids: tuple[str, ...] = ()  # the columns (normalized) the profile makes a record's sourcedId of
    # SQL's NULL marker the file writes in its empty cells (SSMS "Save Results As"), read as blank
    # in every column (pipeline.sql_nulls, I227); "" where the file holds none
    blank: str = ""
    # the columns (positions) that alone fill a required name: a row whose cell there is the
    # marker is noted (Report.null_names), for D304 to say so
    names: tuple[int, ...] = ()
    # the columns (positions) whose NULL is a value (the profile's null_marker_text): kept as written
    text: tuple[int, ...] = ()


MAX_RECORD_LINES = 20  # a record spanning more physical lines is an unclosed quote
HEADER_SEARCH_LINES = 10
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")


def find_sources(
    folder: Path,
    plans: dict[str, SourcePlan],
    report: Report,
    *,
    shown: Path | None = None,
    read_too: frozenset[str] = frozenset(),
    nulls: sql_nulls.Known = sql_nulls.KNOWN_NONE,
) -> dict[str, SourceFile]:
    """Open every export's header and check its columns; abort listing everything missing.
    `shown`: the folder or zip as the command named it (a zip is read from a temporary folder).
    `read_too`: the names (lower case) of files the profile reads otherwise (a manifest).
    `nulls`: what is known of SQL's NULL marker before the exports are read (pipeline.sql_nulls)."""
    if not folder.is_dir():
        raise TransformAbort(
            [
                Problem(
                    codes.code("bad-option"), Where(), {"option": "input folder", "detail": f"{folder} is not a folder"}
                )
            ]
        )
    names = sorted(p.name for p in folder.iterdir())
    found: dict[str, SourceFile] = {}
    problems: list[Problem] = []
    base = folder.resolve()
    for plan in plans.values():
        matches = [n for n in names if matches_source(n, plan)]
        if len(matches) > 1:
            problems.append(
                Problem(
                    codes.code("source-ambiguous"),
                    Where(),
                    {"source": plan.name, "folder": shown or folder, **_ambiguous_files(folder, matches)},
                )
            )
        elif not matches:
            if plan.required:
                looked = ", ".join(plan.patterns) + _zips_held(names, shown)
                problems.append(
                    Problem(
                        codes.code("source-missing"),
                        Where(),
                        {"source": plan.name, "folder": shown or folder, "patterns": looked},
                    )
                )
        else:
            path = folder / matches[0]
            if (not_a_file := _not_a_file(path)) is not None:
                problems.append(not_a_file)
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(base):
                report.add(codes.code("source-outside"), Where(file=matches[0]), file=matches[0], target=path.resolve())
            try:
                found[plan.name] = opened = _open_header(path, plan, report, problems, nulls)
                headed = {key: opened.header[at] for key, at in opened.index.items() if at < len(opened.header)}
                report.header_names[opened.display] = headed
                if (cut := _cut_in_last_cell(found[plan.name])) is not None:
                    problems.append(cut)
            except OSError as exc:
                problems.append(
                    Problem(
                        codes.code("source-unreadable"),
                        Where(file=matches[0]),
                        {"file": matches[0], "detail": unreadable(exc)},
                    )
                )
            except UnicodeError as exc:
                problems.append(
                    Problem(
                        codes.code("source-unreadable"),
                        Where(file=matches[0]),
                        {"file": matches[0], "detail": f"not readable as {plan.encoding}: {exc}"},
                    )
                )
    if problems:
        raise TransformAbort(problems)
    copies_not_read(names, {source: file.path for source, file in found.items()}, report)
    _files_not_read(folder, [n for n in names if n.casefold() not in read_too], plans, report)
    return found


def _copy_of_source(name: str, plans: dict[str, SourcePlan]) -> bool:
    """A name that is a copy's of an export's ("students (1).csv"): I282's, when the export is read."""
    found = _COPY_NAME.match(name)
    original = f"{found.group(1)}{found.group(2)}" if found else name
    return original != name and any(matches_source(original, plan) for plan in plans.values())


UNREAD_KINDS = (".csv", ".txt", ".tsv")  # a file of these in the exports folder is an export


def _files_not_read(folder: Path, names: list[str], plans: dict[str, SourcePlan], report: Report) -> None:
    """I220: the export files of the folder that no source of the profile names (a Clever export's
    contacts.csv beside students.csv, where the profile reads the contacts from the students'
    columns: every parent missing, tester50 F2). A copy of a file read is I282's to say."""
    unread = [
        name
        for name in names
        if name.lower().endswith(UNREAD_KINDS)
        and not name.startswith(".")
        and not any(matches_source(name, plan) for plan in plans.values())
        and not _copy_of_source(name, plans)
        and (folder / name).is_file()
    ]
    if unread:
        one = len(unread) == 1
        report.add(
            codes.code("files-not-read"),
            Where(file=unread[0]),
            files=", ".join(unread),
            them="it" if one else "them",
            are="is" if one else "are",
        )


def file_kind(path: Path) -> str:
    """ "" for a regular file (after links); else what it is. A FIFO, a device (/dev/zero saved
    as students.txt) or a socket is never opened: reading one can wait, or run, forever."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a link loop"
        return ""  # the open that follows names the error
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"


def _not_a_file(path: Path) -> Problem | None:
    kind, where = file_kind(path), Where(file=path.name)
    if kind == "a folder":
        return Problem(
            codes.code("source-unreadable"), where, {"file": path.name, "detail": "it is a folder, not a file"}
        )
    if kind == "a link loop":
        return Problem(codes.code("source-link-loop"), where, {"file": path.name})
    return Problem(codes.code("source-not-regular"), where, {"file": path.name, "kind": kind}) if kind else None


# The first bytes of files a person saves as .txt or .csv by mistake: never read as a header.
_MAGIC = (
    (b"\x1f\x8b", "a gzip archive", "unpack it (gunzip) and give the file inside"),
    (
        b"PK\x03\x04",
        "a zip archive or an Excel workbook (.xlsx)",
        "if it is an Excel workbook, save it as CSV (File > Save As > CSV UTF-8); if a zip, give the zip itself",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel workbook (.xls)", "save it as CSV (File > Save As > CSV UTF-8)"),
    (b"%PDF", "a PDF document", "export the data from the SIS as CSV or text, not as a printed report"),
)


def _not_text(path: Path, display: str) -> Problem | None:
    with path.open("rb") as handle:
        start = handle.read(8)
    for magic, kind, fix in _MAGIC:
        if start.startswith(magic):
            return Problem(
                codes.code("source-not-text"), Where(file=display), {"file": display, "kind": kind, "fix": fix}
            )
    return None


# A file of at most this many bytes is read whole to see whether it holds anything at all.
_NOTHING_BYTES = 4096
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _holds_nothing(path: Path) -> bool:
    """0 bytes, or only a byte order mark and line ends: a Windows SIS job that wrote its BOM
    and died is an empty export (X910), not a header missing its columns (I201)."""
    if path.stat().st_size > _NOTHING_BYTES:
        return False
    data = path.read_bytes()
    for bom in _BOMS:
        data = data.removeprefix(bom)
    return not data.replace(b"\x00", b"").strip()


def _open_header(
    path: Path, plan: SourcePlan, report: Report, problems: list[Problem], known: sql_nulls.Known = sql_nulls.KNOWN_NONE
) -> SourceFile:
    display = path.name
    if (wrong := _not_text(path, display)) is not None:
        problems.append(wrong)
        return _nothing(plan, path)
    if _holds_nothing(path):  # no header either: the safety gate's "export empty" (X910)
        return _nothing(plan, path)
    try:
        encoding, invisible, formulas, nulls = scan_bytes(path, display, report, plan.encoding)
    except TransformAbort as declared:  # not in the encoding the profile declares
        problems.extend(declared.problems)
        return _nothing(plan, path)
    with _open_text(path, encoding) as handle:
        lines = [handle.readline() for _ in range(HEADER_SEARCH_LINES)]
    wanted = {normalize_column(c) for c in plan.columns}
    number, line = 1, lines[0]
    for i, candidate in enumerate(lines):  # an export may carry a title line above its header
        delimiter = plan.delimiter if plan.delimiter != "auto" else _sniff(candidate)
        if candidate and wanted <= set(_index(_split(candidate, delimiter, plan.record_terminator), plan)):
            number, line = i + 1, candidate
            break
    delimiter = plan.delimiter if plan.delimiter != "auto" else _sniff(line)
    header = _split(line, delimiter, plan.record_terminator)
    if number > 1:
        report.add(
            codes.code("header-not-first"),
            Where(file=display, line=number),
            file=display,
            line=number,
            skipped=number - 1,
        )
    index = _index(header, plan)
    if not _names_none(index, plan):  # else its cells may be data (I206): a repeated one is no column (review137 R6)
        index = _index(header, plan, report=report, display=display, line=number)
    if (unended := _terminator_absent(lines, plan, display, number)) is not None:
        problems.append(unended)  # else the whole file is read as one record: "no rows", no cause said
        return _nothing(plan, path)
    source = SourceFile(
        plan.name,
        path,
        display,
        encoding,
        delimiter,
        header,
        index,
        number,
        plan.record_terminator,
        invisible,
        formulas,
        ids=plan.id_columns,
    )
    if (once := _said_once(lines, number, header, index, plan, display)) is not None:
        problems.append(once)  # once, rather than each column missing from a header of one cell or a data row
        return source
    problems.extend(_columns_missing(lines, number, header, index, plan, display))
    if nulls:
        source = _null_marker(source, report, known, plan)
    rivals = _rivals(header, plan)
    if not rivals or any(p.where.file == display for p in problems):
        return source
    return _settle_rivals(source, plan, rivals, report, problems)


def _null_marker(source: SourceFile, report: Report, nulls: sql_nulls.Known, plan: SourcePlan) -> SourceFile:
    """The file read with SQL's NULL marker as blank, said once (I227), where its cells show the
    word is the marker, or the last published set read it so (pipeline.sql_nulls); in a column
    that alone fills a required name too, its rows noted for D304's words. The columns the
    profile's null_marker_text names (matched as header cells are: `column_key`) hold NULL as a
    value: kept, and no evidence."""
    text = {column_key(name, plan) for name in plan.null_text}
    kept = tuple(sorted(at for key, at in source.index.items() if key in text and at < len(source.header)))
    keys = nulls.names.get(source.source, frozenset())
    names = tuple(sorted(at for key, at in source.index.items() if key in keys and at < len(source.header)))
    remembered = source.source in nulls.remembered
    marked = sql_nulls.judged(source.header, _rows_of(source), remembered=remembered, text=kept)
    if marked is None:
        return source
    report.add(
        codes.code("sql-null-marker-blank"),
        Where(file=source.display, column=marked.evidence),
        file=source.display,
        marker=sql_nulls.MARKER,
        cells=marked.cells,
        columns=sql_nulls.columns_said(marked),
        evidence=marked.evidence,
        why=marked.why,
    )
    names = tuple(at for at in names if at not in kept)
    for at in names:  # D304 names the column as null_marker_text should write it ('LN' of 'STU.LN')
        report.null_said[source.display, source.header[at]] = column_written(source.header[at], plan)
    return dataclasses.replace(source, blank=sql_nulls.MARKER, names=names, text=kept)


def column_key(name: str, plan: SourcePlan) -> str:
    """The column (normalized, aliases resolved) a name is, as a header cell of the source is keyed."""
    return _key_and_rank(name, plan)[0]


def column_written(cell: str, plan: SourcePlan) -> str:
    """A header cell as a profile writes its column: header_prefix, a 'STU.' or '[..]' decoration
    and a byte-order mark taken off, its case kept."""
    text = plan.header_prefix.sub("", cell.strip(), count=1) if plan.header_prefix else cell
    text = text.strip().lstrip("\ufeff").strip()
    return _DECORATION.sub("", text, count=1).strip() or cell.strip()


def null_names_unknown(plans: dict[str, SourcePlan], sources: dict[str, SourceFile]) -> list[Problem]:
    """P130: a name of a source's null_marker_text that is no column of its export's header
    (reviewer168 R4: matched another way than the header, the way out did nothing, D304 again)."""
    problems = []
    for name, source in sources.items():
        plan = plans.get(name)
        if plan is None or not any(cell.strip() for cell in source.header):
            continue  # an empty export says so itself (X910)
        for column in plan.null_text:
            if column_key(column, plan) in source.index:
                continue
            has = [column_written(cell, plan) for cell in source.header if cell.strip()]
            shown = ", ".join(has[:24]) + (f" and {len(has) - 24} more" if len(has) > 24 else "")
            problems.append(
                Problem(
                    codes.code("null-marker-text-unknown"),
                    Where(file=source.display, line=source.header_line),
                    {"source": name, "name": column, "file": source.display, "columns": shown or "none"},
                )
            )
    return problems


def _said_once(
    lines: list[str], number: int, header: Sequence[str], index: dict[str, int], plan: SourcePlan, display: str
) -> Problem | None:
    """What makes every column the profile reads missing at once: another delimiter than the declared
    one (I269), or no header row at all (I206)."""
    wanted = {normalize_column(c) for c in plan.columns}
    if plan.delimiter != "auto" and not wanted <= set(index) and (other := _delimited_by(lines, plan, display)):
        return other
    return _header_is_data(lines, number, header, index, plan, display)


def _header_is_data(
    lines: list[str], number: int, header: Sequence[str], index: dict[str, int], plan: SourcePlan, display: str
) -> Problem | None:
    """The export written without its header row (pipeline.headless): no required column in the
    header, whose cells look like the rows under it."""
    rows = _rows_under(lines, number, plan)
    if not _names_none(index, plan) or not headless.looks_like_data(header, rows):
        return None
    alone = headless.alone(rows)
    if alone and _names_nearly(header, plan):  # 'Section' for SectionID: a header, I201 says the name
        return None
    return headless.no_header(display, number, header, plan.columns, plan.name, alone=alone)


def _names_nearly(header: Sequence[str], plan: SourcePlan) -> bool:
    """Whether a cell of the header is a did-you-mean of a column the profile reads (review146 R3:
    the one line of an export, 'Section, 08/17/2026, ...', is a header naming it otherwise)."""
    found = {header_key(cell): cell for cell in header if cell.strip()}
    return any(did_you_mean(header_key(column), found) for column in plan.columns)


def _columns_missing(
    lines: list[str], number: int, header: Sequence[str], index: dict[str, int], plan: SourcePlan, display: str
) -> list[Problem]:
    """I201 for each column the profile reads that the header lacks, the possibility of a data row
    beside it where the header may be one (`_maybe_headless`)."""
    maybe = _maybe_headless(lines, number, header, index, plan, display)
    missing = []
    for column in plan.columns:
        if normalize_column(column) not in index:
            hint = did_you_mean(header_key(column), {header_key(h): h for h in header})
            found = (", ".join(header) or "nothing") + hint + maybe.get("found", "")
            # keeps: what the conditions reading it leave out (absent.keep_outs_said)
            params: dict[str, object] = {
                "file": display,
                "column": column,
                "found": found,
                "keeps": "",
                "source": plan.name,
            }
            if maybe:  # the header's cells may be data, a parent's name (review137 R5, R6)
                params |= {"found_redacted": maybe["found_redacted"], "step": maybe["step"]}
            missing.append(Problem(codes.code("column-missing"), Where(file=display, line=number), params))
    return missing


def _maybe_headless(
    lines: list[str], number: int, header: Sequence[str], index: dict[str, int], plan: SourcePlan, display: str
) -> dict[str, str]:
    """I201's words where the header may be a data row (pipeline.headless.maybe_no_header)."""
    if not _names_none(index, plan):
        return {}
    return headless.maybe_no_header(header, _rows_under(lines, number, plan), display, number, plan.name)


def _names_none(index: dict[str, int], plan: SourcePlan) -> bool:
    """Whether a header names none of the columns the profile reads (the run stops on it)."""
    return bool(plan.columns) and not any(normalize_column(c) in index for c in plan.columns)


def _rows_under(lines: list[str], number: int, plan: SourcePlan) -> list[tuple[str, ...]]:
    delimiter = plan.delimiter if plan.delimiter != "auto" else _sniff(lines[number - 1])
    return [_split(line, delimiter, plan.record_terminator) for line in lines[number:] if line.strip()]


def _terminator_absent(lines: list[str], plan: SourcePlan, display: str, number: int) -> Problem | None:
    """The profile declares a record terminator (eSchoolPLUS '#!#') that no line of the header
    and the rows after it holds, while several lines do: a download definition without it, whose
    file would be read as one record ("no rows", the cause only in the JSON report): said on
    screen (I206), nothing read from the file."""
    terminator = plan.record_terminator
    held = [line for line in lines[number - 1 :] if line.strip()]
    if not terminator or len(held) < 2 or any(terminator in line for line in held):
        return None
    detail = (
        f"the profile declares record_terminator {terminator!r}, the marker ending every record, but none of "
        f"the {len(held)} lines from the header on holds it: the whole file would be one record. Export it "
        f"with the marker (the download definition's record terminator {terminator!r})"
    )
    return Problem(
        codes.code("source-unreadable"), Where(file=display, line=number), {"file": display, "detail": detail}
    )


_DELIMITER_NAMES = {"\t": "tab", ",": "comma", "|": "pipe", ";": "semicolon", "^": "caret"}


def _delimited_by(lines: list[str], plan: SourcePlan, display: str) -> Problem | None:
    """The header lines split by another delimiter than the declared one: if one of them then
    holds more of the profile's columns than split as declared, the declared delimiter is wrong
    (I269, said once, rather than an I201 for every column of a header read as one cell)."""
    wanted = {normalize_column(c) for c in plan.columns}
    best: tuple[int, int, str, str] | None = None  # (columns held, line, the line, delimiter)
    for number, line in enumerate(lines, start=1):
        other = _sniff(line)
        if not line.strip() or other == plan.delimiter:
            continue
        held = len(wanted & set(_index(_split(line, other, plan.record_terminator), plan)))
        as_declared = len(wanted & set(_index(_split(line, plan.delimiter, plan.record_terminator), plan)))
        if held > as_declared and (best is None or held > best[0]):
            best = (held, number, line, other)
    if best is None:
        return None
    held, number, line, other = best
    cells = len(_split(line, plan.delimiter, plan.record_terminator))
    text = line.rstrip("\r\n")
    of = "the" if held == len(wanted) else f"{held} of the"
    evidence = (
        f"split at {plan.delimiter!r} the header on line {number} is {'one cell' if cells == 1 else f'{cells} cells'}, "
        f"split at {other!r} {len(_split(line, other, plan.record_terminator))} columns holding {of} {len(wanted)} "
        f"the profile requires: the file is {_DELIMITER_NAMES.get(other, repr(other))}-delimited"
    )
    return Problem(
        codes.code("layout-not-as-declared"),
        Where(file=display, line=number),
        {
            "file": display,
            "key": "delimiter",
            "declared": _yaml_delimiter(plan.delimiter),
            "evidence": evidence,
            "value": f"its header: {text if len(text) <= 60 else text[:60] + '…'!r}",
            "suggest": f"{_yaml_delimiter(other)} (or auto, which detects it)",
        },
    )


def _yaml_delimiter(delimiter: str) -> str:
    """A delimiter as a profile writes it."""
    return '"\\t"' if delimiter == "\t" else f"'{delimiter}'"


def _nothing(plan: SourcePlan, path: Path) -> SourceFile:
    """A file with no bytes: no header, no rows."""
    return SourceFile(plan.name, path, path.name, "utf-8", ",", (), {}, 1, plan.record_terminator, False, False)


def _split(line: str, delimiter: str, terminator: str = "") -> tuple[str, ...]:
    text = line.rstrip("\r\n").translate(INVISIBLE)
    if terminator:
        return tuple(_unterminated(text, delimiter, terminator).split(delimiter))
    return tuple(next(csv.reader([text], delimiter=delimiter), []))


def _unterminated(text: str, delimiter: str, terminator: str) -> str:
    """A record without its end marker and the delimiter before it."""
    text = text.rstrip()
    if text.endswith(terminator):
        text = text[: -len(terminator)]
        if text.endswith(delimiter):
            text = text[: -len(delimiter)]
    return text


def _index(
    header: tuple[str, ...], plan: SourcePlan, *, report: Report | None = None, display: str = "", line: int = 1
) -> dict[str, int]:
    """Each column's position. A column and another spelling the profile gives it (`aliases`:
    OneRoster 1.0's agents for 1.1's agentSourcedIds) both in the header: the column's own name
    is read, else the first of its aliases in the profile's order (`_settle_rivals` may take
    another, by what the rows hold). A header cell of one spelling twice: the first, and for a
    column the profile reads `_settle_rivals` judges the two by what the rows hold; one the profile
    does not read is said here (I207)."""
    index: dict[str, int] = {}
    ranks: dict[str, int] = {}
    for position, name in enumerate(header):
        key, rank = _key_and_rank(name, plan)
        if key in index:
            # Excel's empty trailing columns (',,,,' on every line, the header's too) are padding,
            # not a column named twice: no profile reads a column without a name (tester20 F10).
            if rank == ranks[key] and report is not None and name.strip() and key not in _read_columns(plan):
                report.add(
                    codes.code("header-duplicate"),
                    Where(file=display, line=line, column=name),
                    file=display,
                    column=name,
                    how="the profile reads no column of that name",
                )
            if rank < ranks[key]:
                index[key], ranks[key] = position, rank
            continue
        index[key], ranks[key] = position, rank
    return index


def _key_and_rank(name: str, plan: SourcePlan) -> tuple[str, int]:
    """The column a header cell is (aliases resolved), and its spelling's rank: 0 for the
    column's own name, 1 on for its aliases in the order the profile lists them."""
    spelt = header_key(plan.header_prefix.sub("", name.strip(), count=1) if plan.header_prefix else name)
    key = plan.aliases.get(spelt, spelt)
    if key == spelt:
        return key, 0
    return key, 1 + [other for other, column in plan.aliases.items() if column == key].index(spelt)


@dataclass(frozen=True, slots=True)
class _Rival:
    position: int
    name: str  # the header cell as written


def _read_columns(plan: SourcePlan) -> frozenset[str]:
    """The columns (normalized) the profile reads from the source."""
    return frozenset(normalize_column(c) for c in (*plan.columns, *plan.optional))


def _rivals(header: tuple[str, ...], plan: SourcePlan) -> dict[str, list[_Rival]]:
    """The columns the header holds under more than one of the spellings the profile gives them
    (a column and its alias), each spelling's first cell, the column's own name first; and a
    column the profile reads whose one spelling is in the header twice (PowerSchool's
    `STUDENTS.Grade_Level` beside `[39]Grade_Level`): each cell, in header order. Which one the
    rows settle (`_settle_rivals`), never the header's order (tester51 F3: the column order
    decided every student's grade)."""
    read = _read_columns(plan)
    found: dict[str, dict[tuple[int, int], _Rival]] = {}
    for position, name in enumerate(header):
        if not name.strip():
            continue
        key, rank = _key_and_rank(name, plan)
        spellings = found.setdefault(key, {})
        again = sum(1 for r, _ in spellings if r == rank)
        if again and key not in read:
            continue
        spellings[rank, again] = _Rival(position, name.strip())
    return {key: [by_rank[r] for r in sorted(by_rank)] for key, by_rank in found.items() if len(by_rank) > 1}


def _settle_rivals(
    source: SourceFile, plan: SourcePlan, rivals: dict[str, list[_Rival]], report: Report, problems: list[Problem]
) -> SourceFile:
    """Which of a column's spellings in the header is read (tester23 F2: an exporter upgraded
    from OneRoster 1.0 wrote its users.csv with an empty agents column before the filled 1.1
    agentSourcedIds, and the first was read: every parent lost, exit 0). The column's own name
    is read, or the first alias in the profile's order when every spelling before it is empty on
    every row; a row where it is empty takes the value of the first other spelling that holds one
    (tester26: agentSourcedIds empty on one row beside agents 'u-s3' is no second version of the
    column, and the run read nothing); said once (I283). Two spellings holding different values on
    one row are two versions of one column that the run cannot choose between: the set would lose
    that data, so nothing is read (I269, exit 2)."""
    seen = _RivalValues()
    try:
        for row in iter_rows(source, Report(max_examples=0), first_pass=False):
            for key, columns in rivals.items():
                seen.add(key, row.line, [row.cells[c.position].strip() for c in columns])
    except TransformAbort:  # a file cut off or broken: the read proper says so
        return source
    filled, gaps, gap_at = seen.filled, seen.gaps, seen.gap_at
    index = dict(source.index)
    fills: list[tuple[int, tuple[int, ...]]] = []
    for key, columns in rivals.items():
        read = next((i for i in range(len(columns)) if filled.get((key, i))), 0)
        if seen.differ.get(key):
            problems.append(_rivals_differ(source, plan, columns, read, seen.differ[key], seen.differ_at[key], key))
            continue
        index[key] = columns[read].position
        others = [j for j in range(len(columns)) if j != read]
        empty = [columns[j].name for j in others if not filled.get((key, j))]
        held_names = [columns[j].name for j in others if filled.get((key, j))]
        why = [f"{_names(empty)} {'is' if len(empty) == 1 else 'are'} empty on every row"] if empty else []
        if held_names:
            verb = "holds" if len(held_names) == 1 else "hold"
            why.append(f"{_names(held_names)} {verb} the same values where filled")
        if gaps.get((key, read)) and held_names:
            line, by, value = gap_at[key, read]
            rows = gaps[key, read]
            fills.append((columns[read].position, tuple(columns[j].position for j in others)))
            why.append(
                f"on {rows} row{'s' if rows != 1 else ''} where {columns[read].name!r} is empty, the value of "
                f"{_names(held_names)} is read (the first at line {line}: {columns[by].name!r} {value!r})"
            )
        if _one_spelling(columns, plan):
            report.add(
                codes.code("header-duplicate"),
                Where(file=source.display, line=source.header_line, column=columns[read].name),
                file=source.display,
                column=columns[read].name,
                how=_read_as_one(columns, read, gaps.get((key, read), 0), held=bool(held_names)),
            )
            continue
        report.add(
            codes.code("header-alias-read"),
            Where(file=source.display, line=source.header_line, column=columns[read].name),
            file=source.display,
            columns=_names([c.name for c in columns]),
            read=columns[read].name,
            why=", and ".join(why) if why else "no row holds a value in any of them",
        )
    return dataclasses.replace(source, index=index, fills=tuple(fills))


def _one_spelling(columns: list[_Rival], plan: SourcePlan) -> bool:
    """Whether the rivals are one spelling of the column written more than once (not an alias)."""
    return len({_key_and_rank(c.name, plan) for c in columns}) == 1


def _read_as_one(columns: list[_Rival], read: int, gaps: int, *, held: bool) -> str:
    """I207's words for one column written more than once, its cells agreeing."""
    if not held:
        empty = [c.position + 1 for j, c in enumerate(columns) if j != read]
        return f"cell {columns[read].position + 1} is read (cell {', '.join(map(str, empty))} is empty on every row)"
    said = (
        f"cells {', '.join(str(c.position + 1) for c in columns)} hold the same values where filled: read as one column"
    )
    if gaps:
        rows = f"{gaps} row{'s' if gaps != 1 else ''}"
        said += f" (on {rows} cell {columns[read].position + 1} is empty and the other's value is read)"
    return said


@dataclass
class _RivalValues:
    """What a column's spellings hold, row by row (`_settle_rivals`)."""

    filled: dict[tuple[str, int], bool] = field(default_factory=dict)  # (column, spelling): a value on a row
    # (column, spelling) -> rows where the spelling is empty and another holds a value; the first
    # of them: its line, the first spelling holding one, and its value
    gaps: dict[tuple[str, int], int] = field(default_factory=dict)
    gap_at: dict[tuple[str, int], tuple[int, int, str]] = field(default_factory=dict)
    # column -> rows where two spellings hold different values; the first (line, i, j, i's, j's)
    differ: dict[str, int] = field(default_factory=dict)
    differ_at: dict[str, tuple[int, int, int, str, str]] = field(default_factory=dict)

    def add(self, key: str, line: int, values: list[str]) -> None:
        held = [(i, value) for i, value in enumerate(values) if value]
        for i, _ in held:
            self.filled[key, i] = True
        if held and len(held) < len(values):
            for i, value in enumerate(values):
                if not value:
                    self.gaps[key, i] = self.gaps.get((key, i), 0) + 1
                    self.gap_at.setdefault((key, i), (line, *held[0]))
        pair = next(((a, b) for n, a in enumerate(held) for b in held[n + 1 :] if not _same(a[1], b[1])), None)
        if pair is not None:
            (i, one), (j, other) = pair
            self.differ[key] = self.differ.get(key, 0) + 1
            self.differ_at.setdefault(key, (line, i, j, one, other))


def _rivals_differ(
    source: SourceFile,
    plan: SourcePlan,
    columns: list[_Rival],
    read: int,
    rows: int,
    first: tuple[int, int, int, str, str],
    key: str,
) -> Problem:
    """I269 for a column whose spellings in the header hold different values on a row."""
    line, i, j, one, other = first
    own, alias = columns[i].name, columns[j].name
    if _one_spelling(columns, plan):
        # No profile can name one of two cells of one spelling: the export must lose one.
        return Problem(
            codes.code("header-duplicate-differs"),
            Where(file=source.display, line=source.header_line, column=own),
            {
                "file": source.display,
                "column": own,
                "times": len(columns),
                "cells": ", ".join(f"{c.name!r} cell {c.position + 1}" for c in columns),
                "rows": f"{rows} row{'s' if rows != 1 else ''}",
                "line": line,
                "one": f"cell {columns[i].position + 1} {one!r}",
                "other": f"cell {columns[j].position + 1} {other!r}",
            },
        )
    canonical = next((c for c in (*plan.columns, *plan.optional) if normalize_column(c) == key), key)
    alone = "null" if header_key(columns[0].name) == key else f"[{columns[read].name}]"
    kept = columns[0].name if alone == "null" else columns[read].name
    return Problem(
        codes.code("layout-not-as-declared"),
        Where(file=source.display, line=source.header_line, column=columns[read].name),
        {
            "file": source.display,
            "key": "aliases",
            "declared": f"{_names([c.name for c in columns])} as one column",
            "evidence": (
                f"the header holds {'both' if len(columns) == 2 else 'them all'}, and on {rows} "
                f"row{'s' if rows != 1 else ''} {own!r} and {alias!r} hold different values: two versions of one "
                "column, and the run cannot tell which is right"
            ),
            "value": f"line {line}: {own!r} {one!r}, {alias!r} {other!r}",
            "suggest": (
                f"{{{canonical}: {alone}}} in a district profile to read {kept!r}"
                " alone (or take the out-of-date column out of the export)"
            ),
        },
    )


_ITEMS = re.compile(r"\s*[,;]\s*")


def _same(one: str, other: str) -> bool:
    """Two cells saying the same: equal, or the same items of a list in another order (a 1.0
    agents 'p2,p1' beside agentSourcedIds 'p1, p2')."""
    return one == other or sorted(_ITEMS.split(one)) == sorted(_ITEMS.split(other))


def _visible_nfc(cells: list[str], joined: str, source: SourceFile, line: int, report: Report) -> list[str]:
    """A row's cells without invisible characters (said, I210, with the first cell holding one)
    and in Unicode NFC, silently: "Mun\u0303oz" is "Muñoz" as every screen and Remind show it,
    and IDs, names and emails written either way are the same bytes (tester41 F1, F5)."""
    if _INVISIBLE.search(joined):
        at = next(i for i, cell in enumerate(cells) if _INVISIBLE.search(cell))
        found = sorted({f"U+{ord(c):04X}" for c in _INVISIBLE.findall(cells[at])})
        column = source.header[at] if at < len(source.header) else ""
        cells = [c.translate(INVISIBLE) for c in cells]
        report.add(
            codes.code("invisible-removed"),
            Where(file=source.display, line=line, column=column),
            file=source.display,
            column=column,
            characters=", ".join(found),
            value=cells[at],
        )
        joined = "".join(cells)
    if not joined.isascii() and not unicodedata.is_normalized("NFC", joined):
        cells = [unicodedata.normalize("NFC", c) if not c.isascii() else c for c in cells]
    return cells


def _names(names: list[str]) -> str:
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def did_you_mean(key: str, found: dict[str, str]) -> str:
    close = difflib.get_close_matches(key, list(found), n=1, cutoff=0.75)
    return f"; did you mean {found[close[0]]!r}?" if close else ""


def _open_text(path: Path, encoding: str) -> TextIO:
    if encoding == MIXED:
        return path.open(encoding="utf-8-sig", errors="transform-cp1252", newline="")
    errors = "transform-latin1" if encoding == "cp1252" else "strict"
    return path.open(encoding="utf-8-sig" if encoding == "utf-8" else encoding, errors=errors, newline="")


_INVISIBLE_UTF8 = tuple(c.encode() for c in INVISIBLE_CHARS)
_INVISIBLE_ASCII = tuple(p for p in _INVISIBLE_UTF8 if len(p) == 1)
_INVISIBLE_SEARCH = re.compile(b"|".join(re.escape(p) for p in _INVISIBLE_UTF8))


def invisible_in(data: bytes) -> bool:
    """Whether UTF-8 bytes hold one of INVISIBLE_CHARS. An ASCII chunk (nearly all) can hold only
    the one-byte ones: one C pass, then a search for those few; since the list grew to the soft
    hyphen and the direction marks, a test of each character's bytes in turn was 0.16 s -> 0.53 s
    a 36 MB export (26 passes over it)."""
    if data.isascii():
        return any(p in data for p in _INVISIBLE_ASCII)
    return _INVISIBLE_SEARCH.search(data) is not None


def scan_bytes(path: Path, display: str, report: Report, encoding: str = "auto") -> tuple[str, bool, bool, bool]:
    """One pass over a file's bytes: its encoding (UTF-16 or UTF-8 by BOM or validity, else
    Windows-1252, reported) unless the profile gave one, and whether its content may hold an
    invisible character or text not in Unicode NFC (`unicodedata.is_normalized`, in C), and an
    Excel text formula (`="1001"`), so that clean files (nearly all) skip the per-row checks, and
    SQL's NULL marker (looked at by pipeline.sql_nulls only in a file holding a cell of exactly it). In a
    Windows-1252 file the soft hyphen is one byte (0xAD); its other characters are all NFC.

    A declared encoding is checked against the bytes too. Declared utf-8, a byte that is not
    UTF-8 stops the run (I269, nothing read). Declared cp1252, a file that is valid UTF-8 with
    non-ASCII characters is read as UTF-8 (I268): Windows-1252 text is almost never valid UTF-8
    as well, and read as cp1252 its names would be garbled ('Zoë' as 'ZoÃ«')."""
    if encoding == "auto" and (utf16 := _utf16(path, display, report)):
        return utf16, True, True, sql_nulls.in_utf16(path, utf16)
    decoder: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("utf-8")()
    found = "utf-8" if encoding == "auto" else encoding
    invisible, formulas, nulls, line, tail, text = False, False, False, 1, b"", ""
    wide: tuple[int, str] | None = None  # declared cp1252: the first UTF-8 evidence (line, cell)
    with path.open("rb") as handle:
        lead = handle.read(3)  # a BOM at the start is the encoding's, not content
        if lead != codecs.BOM_UTF8:
            lead = b""
            handle.seek(0)
        while True:
            chunk = handle.read(_SCAN_CHUNK)
            read = _not_utf8_at(decoder, chunk) if decoder is not None else ""
            invisible = invisible or _not_nfc(text, read)
            text = read if isinstance(read, str) else text
            if isinstance(read, UnicodeDecodeError):
                bad = read
                line += chunk[: bad.start].count(b"\n")
                if encoding == "utf-8":
                    raise TransformAbort([_not_utf8(path, display, line, bad)])
                found, decoder, wide = "cp1252", None, None
                if encoding == "auto" and (mixed := _lines_not_utf8(path)):
                    _report_mixed(report, display, mixed)
                    found, invisible = MIXED, True  # (its UTF-8 lines are not checked for NFC here)
                elif encoding == "auto":
                    report.add(codes.code("encoding-fallback"), Where(file=display, line=line), file=display, line=line)
            elif decoder is not None and encoding == "cp1252" and wide is None:
                wide = _utf8_evidence(lead + chunk, line)  # a BOM alone is evidence: cp1252 reads it 'ï»¿'
            lead = b""
            window = tail + chunk
            if not invisible:  # the UTF-8 forms: in a cp1252 file a hit only means rows are checked
                invisible = invisible_in(window) or (decoder is None and b"\xad" in window)
            formulas = formulas or TEXT_FORMULA_BYTES in window
            nulls = nulls or sql_nulls.in_bytes(window)
            tail = window[-sql_nulls.TAIL :]
            if not chunk and wide is not None:  # declared cp1252, and valid UTF-8 to the end
                where = Where(file=display, line=wide[0])
                report.add(
                    codes.code("encoding-declared-not-used"),
                    where,
                    file=display,
                    declared=encoding,
                    line=wide[0],
                    value=wide[1],
                )
                return "utf-8", invisible, formulas, nulls
            if not chunk or (invisible and formulas and nulls and decoder is None):
                return found, invisible, formulas, nulls
            line += chunk.count(b"\n")


_LINES_NAMED = 5


def _lines_not_utf8(path: Path) -> list[int]:
    """The lines of a file that are not UTF-8, when another line is UTF-8 writing a letter of a
    name (`_utf8_witness`: a UTF-8 export with rows in Windows-1252); [] otherwise: the whole
    file is cp1252. A cp1252 line is valid UTF-8 by chance now and then (an upper-case accented
    letter before a non-breaking space or a dash: 'JOSÉ\xa0' reads 'JOSɠ'): no witness."""
    bad: list[int] = []
    utf8 = 0
    with path.open("rb") as handle:
        for number, text in enumerate(handle, start=1):
            if text.isascii():
                continue
            try:
                decoded = text.decode("utf-8")
            except UnicodeDecodeError:
                bad.append(number)
            else:
                utf8 += any(_utf8_witness(c) for c in decoded)
    return bad if utf8 else []


# What a cp1252 line read as UTF-8 by chance is made of: an upper-case accented letter (bytes
# C4-DF: Ä, É, Ñ, Ö ...) before a non-breaking space, an en dash or a right quote ('JOSÉ\xa0',
# 'HEIKKILÄ\xa0', 'JOSÉ–LUIS').
_CHANCE_AFTER = frozenset({0xA0, 0x92, 0x96})


def _utf8_witness(char: str) -> bool:
    """A character that UTF-8 text holds and a cp1252 line read as UTF-8 by chance gives hardly
    ever (tester21 F0, N2; tester22 E1, E2): a letter of Latin-1 or Latin Extended-A (é, ł),
    of Romanian (ș) or Vietnamese (ễ), a combining accent, Greek or modern Cyrillic, or any
    character of three bytes and more (’, CJK, Hangul); never one whose two bytes are an
    upper-case cp1252 letter and a non-breaking space, dash or quote. One such line makes the file
    UTF-8 but for its other lines."""
    point = ord(char)
    if 0x80 <= point < 0x800:
        lead, follow = char.encode("utf-8")
        if 0xC4 <= lead <= 0xDF and follow in _CHANCE_AFTER:
            return False
    return (
        (0xC0 <= point <= 0x17F and char not in "×÷")
        or 0x218 <= point <= 0x21B
        or 0x300 <= point <= 0x36F
        or 0x370 <= point <= 0x3FF
        or 0x400 <= point <= 0x45F
        or point >= 0x800
    )


def _report_mixed(report: Report, display: str, lines: list[int]) -> None:
    named = ", ".join(map(str, lines[:_LINES_NAMED])) + (
        f" and {len(lines) - _LINES_NAMED} more" if len(lines) > _LINES_NAMED else ""
    )
    report.add(
        codes.code("encoding-mixed"),
        Where(file=display, line=lines[0]),
        file=display,
        count=len(lines),
        lines=named,
    )


def _not_utf8_at(decoder: codecs.IncrementalDecoder, chunk: bytes) -> UnicodeDecodeError | str:
    """The next chunk of a file (b"" at its end) decoded: its text if valid UTF-8 so far."""
    try:
        return decoder.decode(chunk, final=not chunk)  # the last call catches a sequence cut off at the end
    except UnicodeDecodeError as exc:
        return exc


_STRADDLE = 32  # characters of a chunk's text checked again with the next: a letter and its accents


def _not_nfc(before: str, read: str | UnicodeDecodeError) -> bool:
    """Whether a chunk's text (after the text of the chunk before) is not in Unicode NFC."""
    return (
        isinstance(read, str)
        and not read.isascii()
        and not unicodedata.is_normalized("NFC", before[-_STRADDLE:] + read)
    )


def _utf16_bom(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _utf16(path: Path, display: str, report: Report) -> str:
    """ "utf-16" by its byte-order mark (I211), "utf-16-le" or "utf-16-be" without one (I238),
    else "" (and nothing reported)."""
    if _utf16_bom(path):
        report.add(codes.code("encoding-utf16"), Where(file=display), file=display)
        return "utf-16"
    if guessed := _utf16_without_bom(path):
        report.add(
            codes.code("encoding-utf16-guessed"),
            Where(file=display),
            file=display,
            order="little-endian" if guessed == "utf-16-le" else "big-endian",
        )
    return guessed


def _utf8_evidence(chunk: bytes, line: int) -> tuple[int, str] | None:
    """The first non-ASCII character (or byte-order mark) of a chunk of valid UTF-8 that begins on
    `line`: its line, and its cell as UTF-8 and as cp1252 read it."""
    if (high := _NON_ASCII.search(chunk)) is None:
        return None
    at = line + chunk[: high.start()].count(b"\n")
    cell = _cell_at(chunk, high.start())
    utf8, garbled = cell.decode("utf-8", "replace").lstrip("\ufeff"), cell.decode("cp1252", "transform-latin1")
    return at, f"{utf8!r}, which cp1252 reads as {garbled!r}"


def declared_encoding_unused(source: SourceFile, plan: SourcePlan) -> list[Problem]:
    """The I268 warning, if any, of a file the profile declares cp1252 and that was read as
    UTF-8 (check-profile --exports, whose report keeps no examples)."""
    if plan.encoding != "cp1252" or source.encoding != "utf-8":
        return []
    probe = Report()
    scan_bytes(source.path, source.display, probe, plan.encoding)
    return probe.examples.get(codes.code("encoding-declared-not-used").id, [])


_NON_ASCII = re.compile(b"[\x80-\xff]")
_CELL_ENDS = frozenset(b'\t,|;^"\r\n')
_CELL_AROUND = 40  # bytes either side of a character quoted from a cell


def _cell_at(data: bytes, at: int) -> bytes:
    """The cell around data[at], as far as a delimiter, a quote or a line break (at most
    _CELL_AROUND bytes either side)."""
    start, end = at, at
    while start > 0 and data[start - 1] not in _CELL_ENDS and at - start < _CELL_AROUND:
        start -= 1
    while end < len(data) and data[end] not in _CELL_ENDS and end - at < _CELL_AROUND:
        end += 1
    return data[start:end]


def _not_utf8(path: Path, display: str, line: int, exc: UnicodeDecodeError) -> Problem:
    """A file declared utf-8 holding a byte that is not: its line, and the cell as Windows-1252
    reads it (the encoding that the SIS most likely wrote), unless the file is UTF-16."""
    byte = f"byte 0x{exc.object[exc.start]:02X} on line {line}"
    if _utf16_bom(path) or _utf16_without_bom(path):  # the encoding's list has no utf-16: auto reads it
        evidence, value, suggest = "the file is UTF-16", f"{byte} is not UTF-8", "auto (which detects UTF-16)"
    else:
        cell = _cell_at(exc.object, exc.start).decode("cp1252", "transform-latin1")
        evidence, value = f"{byte} is not UTF-8", f"as Windows-1252 the cell reads {cell!r}"
        suggest = "cp1252 (or auto, which detects it)"
    return Problem(
        codes.code("layout-not-as-declared"),
        Where(file=display, line=line),
        {
            "file": display,
            "key": "encoding",
            "declared": "utf-8",
            "evidence": evidence,
            "value": value,  # personal (a cell): --redact blanks it
            "suggest": suggest,
        },
    )


def _utf16_without_bom(path: Path) -> str:
    """UTF-16 saved without a byte-order mark: a header of ASCII names has a zero in every other
    byte (odd positions: little-endian). Text in UTF-8 or cp1252 never holds zero bytes."""
    with path.open("rb") as handle:
        start = handle.read(4096)
    pairs = len(start) // 2
    if pairs < 2:
        return ""
    even_zero = sum(1 for i in range(0, pairs * 2, 2) if start[i] == 0)
    odd_zero = sum(1 for i in range(1, pairs * 2, 2) if start[i] == 0)
    if odd_zero >= 0.9 * pairs and even_zero == 0:
        return "utf-16-le"
    if even_zero >= 0.9 * pairs and odd_zero == 0:
        return "utf-16-be"
    return ""


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a file whose first line this is, as every export is read (`auto`)."""
    return _sniff(header_line)


def _sniff(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def estimate_rows(source: SourceFile) -> int:
    """About how many records a file holds, from its size and its first lines' length."""
    size = source.path.stat().st_size
    with source.path.open("rb") as handle:
        start = handle.read(1 << 16)
    lines = start.count(b"\n")
    return size * max(lines, 1) // max(len(start), 1) if lines else 1


def iter_rows(source: SourceFile, report: Report, *, first_pass: bool = True) -> Iterator[SourceRow]:
    """Every data record with the physical line it starts on; blank lines are skipped, and so
    are a report writer's page furniture (pipeline.furniture): the header repeated on each page with
    the title lines above it (I279), a totals line at the end (I284). Excel text formulas
    (`="1001"`) are read as the text inside (D380).

    A file read again (for a second output) reports its row problems only on the first pass.
    """
    progress = report.on_progress
    noted = report.null_names  # (a second pass too: its rows make the records D304 names)
    if not first_pass:
        report = Report(max_examples=0)
    width = len(source.header)
    wrapped = Unwrapped(source)
    padding = _Padding(source)
    # every row ends with a trailing delimiter: a row of just the header's cells is short of them
    trails = padding.trailing()
    other_header = OtherHeader(source.header)
    with _open_text(source.path, source.encoding) as handle:
        reader = _Records(handle, source)
        furniture = Furniture(source, titles_at_most=HEADER_SEARCH_LINES - 1)
        rows = short = 0
        before: tuple[int, int, list[str]] | None = None  # the record read last: its lines, its cells
        refits: Callable[[], str] | None  # a suspect row's short_rows.refit (SourceRow.refit)
        try:
            for line, end, cells, last in furniture.data(reader):
                if end > line and not source.terminator:
                    _check_quotes(cells, line, end, source)
                # after the quotes: a quote left open that swallowed rows is I209, not a cut
                if last:
                    _refuse_cut_off(source, line, cells, short)
                if source.invisible and (
                    not (joined := "".join(cells)).isascii() or "\x00" in joined or MULTI_SEP in joined
                ):
                    cells = _visible_nfc(cells, joined, source, line, report)
                rows += 1
                report.rows_read[source.display] += 1
                if progress is not None and not rows % PROGRESS_EVERY:
                    progress(source.display, rows)
                _refuse_split(source, before, line, cells)  # (a line skipped between: not next to it)
                if other_header.written(cells):  # (most rows: no cell written as a column name)
                    _refuse_other_header(source, other_header, line, cells)
                before, present, refits = (line, end, cells), -1, None
                if len(cells) != width or trails:
                    short += len(cells) < width
                    fitted = _fit(cells, width, padding, source, line, report)
                    if fitted is None:
                        continue
                    cells, present = fitted
                    refits = _refits(padding, before[2], width, line, present)
                cells = _as_text(cells, source, wrapped, line, noted)
                filled = _filled(cells, source.fills)
                yield SourceRow(source.display, line, filled, source.index, present, refits is not None, refits)
        except (csv.Error, UnicodeError) as exc:
            raise TransformAbort(
                [
                    Problem(
                        codes.code("source-unreadable"),
                        Where(file=source.display, line=reader.line),
                        {"file": source.display, "detail": str(exc)},
                    )
                ]
            ) from None
        furniture.said(report)
        wrapped.said(report)
        if rows == 0:
            report.add(codes.code("source-empty"), Where(file=source.display), file=source.display)


def _as_text(
    cells: list[str], source: SourceFile, wrapped: Unwrapped, line: int, noted: dict[tuple[str, int], tuple[str, ...]]
) -> list[str]:
    """A row's cells as the text they hold: an Excel text formula unwrapped (D380), SQL's NULL
    marker blank in a file that writes it for a blank (I227), the row noted in `noted` where a
    required name's cell held it (D304 says so)."""
    if source.formulas and TEXT_FORMULA in "".join(cells):
        cells = wrapped.unwrap(cells, line)
    if not source.blank:
        return cells
    if source.names and (held := sql_nulls.names_held(cells, source.names, source.header)):
        noted[source.display, line] = held
    return sql_nulls.blanked(cells, source.text)


def _filled(cells: list[str], fills: tuple[tuple[int, tuple[int, ...]], ...]) -> list[str]:
    """The row with a column read empty taken from the first other spelling holding a value."""
    for read, others in fills:
        if not cells[read].strip():
            value = next((cells[o] for o in others if cells[o].strip()), None)
            if value is not None:
                cells = [*cells[:read], value, *cells[read + 1 :]]
    return cells


def _refuse_other_header(source: SourceFile, other: OtherHeader, line: int, cells: list[str]) -> None:
    """Refuse the export at a line that is another export's header (pipeline.short_rows, I254)."""
    if named := other.named(cells):
        filled = sum(1 for cell in cells if cell.strip())
        raise TransformAbort(
            [
                Problem(
                    codes.code("header-other-template"),
                    Where(file=source.display, line=line),
                    {"file": source.display, "line": line, "names": ", ".join(named[:6])}
                    | {"found": len(named), "filled": filled},
                )
            ]
        )


def _refuse_cut_off(source: SourceFile, line: int, cells: list[str], short_before: int) -> None:
    """X957 for the file's last record when it shows the file was cut off (`_cut_off`)."""
    if cut := _cut_off(source, cells, short_before):
        raise TransformAbort(
            [
                Problem(
                    codes.code("export-cut-off"),
                    Where(file=source.display, line=line),
                    {"file": source.display, "at": f" at line {line}", "detail": cut},
                )
            ]
        )


def _refuse_split(source: SourceFile, before: tuple[int, int, list[str]] | None, line: int, cells: list[str]) -> None:
    """X982 for a row broken over the record before (None: none) and this one (`_split_row`)."""
    width = len(source.header)
    if before is not None and (split := _split_row(before, line, cells, width)) is not None:
        raise TransformAbort([_split_problem(source, split, line, (before[2], cells), width)])


def _split_row(before: tuple[int, int, list[str]], line: int, cells: list[str], width: int) -> tuple[int, int] | None:
    """A row broken over two lines (a mail client wrapping long lines at 76 characters, a line
    end typed or cut into it): the line before this short one has as many cells as, joined to
    it at the break (its last cell and this one's first are one cell), make the header's; and
    this line does not begin as rows do (its first cell is not of the shape of the one before's
    first: an ID). An exporter leaving out trailing empty cells writes short rows that begin
    with their ID. (The line before's record's first line, its cells) when it is; else None."""
    start, end, first = before
    if len(cells) >= width or end + 1 != line or len(first) + len(cells) - 1 != width:
        return None
    if first[0].strip().translate(SHAPE) == cells[0].strip().translate(SHAPE):
        return None
    return start, len(first)


def _split_problem(
    source: SourceFile, split: tuple[int, int], line: int, parts: tuple[list[str], list[str]], width: int
) -> Problem:
    """X982, naming the record by its first cells and the cell the break is in, with the two halves
    (tester63 F14: a line break typed in a First_Name in the SIS comes back with each export, so
    "copy the export again" could not fix it, and no student was named)."""
    earlier, cells = split
    first, second = parts
    column = source.header[cells - 1] if cells - 1 < len(source.header) else ""
    named = min(2, len(first), len(source.header))  # the record's first cells: its ID most often
    record = ", ".join(f"{source.header[n]} {first[n].strip()!r}" for n in range(named))
    value = f"{first[-1]}\n{second[0]}"
    return Problem(
        codes.code("row-split"),
        Where(file=source.display, line=earlier, column=column),
        {
            "file": source.display,
            "line": earlier,
            "next": line,
            "first": cells,
            "second": len(second),
            "expected": width,
            "record": record,
            "column": column,
            "value": value if len(value) <= 40 else value[:40] + "…",
        },
    )


class _Records:
    """(first line, last line, cells) of every record after the header; `line` is how far it read;
    `last` is True while the file's last record is handed out (with a record terminator: the
    last record only when it has none, a record cut off)."""

    def __init__(self, handle: TextIO, source: SourceFile) -> None:
        self.handle, self.source, self.line, self.last = handle, source, 0, False

    def __iter__(self) -> Iterator[tuple[int, int, list[str]]]:
        if self.source.terminator:
            yield from self._terminated()
            return
        reader = csv.reader(self.handle, delimiter=self.source.delimiter)
        for _ in range(self.source.header_line):
            next(reader, None)
        start, held = reader.line_num + 1, None
        for cells in reader:  # one record held back, to know the last
            self.line = start
            record = (start, reader.line_num, cells)
            start = reader.line_num + 1
            if held is not None:
                yield held
            held = record
        if held is not None:
            self.last = True
            yield held

    def _terminated(self) -> Iterator[tuple[int, int, list[str]]]:
        """Records end at the marker, wherever the line breaks are; nothing is quoted."""
        source, pending, first = self.source, list[str](), 0
        for number, text in enumerate(self.handle, start=1):
            self.line = number
            if number <= source.header_line or (not pending and not text.strip()):
                continue
            if not pending:
                first = number
            pending.append(text)
            if text.rstrip().endswith(source.terminator):
                record = "".join(pending).rstrip("\r\n")
                pending = []
                yield first, number, _unterminated(record, source.delimiter, source.terminator).split(source.delimiter)
        if pending and "".join(pending).strip():
            self.last = True
            yield first, self.line, "".join(pending).rstrip("\r\n").split(source.delimiter)


def _cut_off(source: SourceFile, cells: list[str], short_before: int) -> str:
    """How the file's last record shows the file was cut off while the SIS was still writing it,
    or "" for a whole record: a quoted value still open at the end of the file, or no line end
    (no record terminator) after it and fewer cells than the header (unless earlier rows were
    short too: an exporter that leaves out trailing empty cells). A whole last row without a
    final line break is common and read as it is."""
    if source.terminator:  # the record terminator is missing (`last` is only set then); nothing is quoted
        ended = False
    elif _open_quote(source, cells[-1]):
        return "its last row ends inside a quoted value"
    else:
        ended = _tail(source, 1).endswith(("\n", "\r"))
    if not ended and len(cells) < len(source.header) and not short_before:
        return f"its last row has {len(cells)} of {len(source.header)} cells and no line end"
    return ""


_TAIL_BYTES = 1 << 16  # the end of a file read for the rows before its last
_SHAPES_AT_MOST = 4  # a column of so few shapes has one (dates: 9/9/9999 to 99/99/9999)


# A date's shape as `SHAPE` writes it (digits 9): 9/9/9999, 99-99-99, 9999-99-99, a time after it.
_DATE_SHAPE = re.compile(r"(9{1,2}[/.-]9{1,2}[/.-]9{2,4}|9999-99-99)(\b|$)")


def _cut_in_last_cell(source: SourceFile) -> Problem | None:
    """X957 for a file cut off inside its last cell: the cut left every cell there, so the last
    row is not short, but its last cell is. Told by the file's end alone, before any row is read
    (either engine): no line end after the last line, though every line before has one; the
    rows before write the last column in a few shapes, each a date's (digits 9: 9/9/9999 or
    99/99/9999), and the last cell, with a digit, is of none of them but begins one
    ('3/3/20', a copy of '3/3/2013' cut two bytes short, read as 2020). None otherwise."""
    if source.terminator or not source.header or source.encoding.startswith("utf-16"):
        return None
    with source.path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(size - _TAIL_BYTES, 0))
        data = handle.read()
    if not data or data.endswith((b"\n", b"\r")):
        return None
    lines = _decoded(data, source.encoding).splitlines()[1:]
    records = list(csv.reader(lines, delimiter=source.delimiter))
    width = len(source.header)
    if len(records) < 3 or len(records[-1]) != width:  # a short last row: `_cut_off`
        return None
    last = records[-1][-1].strip()
    if not last:
        return _cut_after_delimiter(source, data, records)
    shapes = {r[-1].strip().translate(SHAPE) for r in records[1:-1] if len(r) == width and r[-1].strip()}
    shape = last.translate(SHAPE)
    if not shapes or len(shapes) > _SHAPES_AT_MOST or "9" not in shape or shape in shapes:
        return None
    if not all(_DATE_SHAPE.match(s) for s in shapes):
        # Dates only: a number is whole at any length (a grade 9 after 10s, a credit 1 after 0.5s),
        # and a ZIP code of 5 digits after ZIP+4s is one (tester21 F4).
        return None
    whole = sorted(s for s in shapes if s.startswith(shape))
    if not whole:
        return None
    column = source.header[-1]
    detail = (
        f"its last line has no line end, and its last cell ({column}) is written {shape} where the rows "
        f"before write {' or '.join(sorted(shapes))}: the copy stopped inside it (read as it is, a date "
        "cut to its year's first digits is another year)"
    )
    return Problem(
        codes.code("export-cut-off"),
        Where(file=source.display),
        {"file": source.display, "at": " inside its last cell", "detail": detail},
    )


def _cut_after_delimiter(source: SourceFile, data: bytes, records: list[list[str]]) -> Problem | None:
    """X957 for a file cut right after its last row's last delimiter: the row has every cell, the
    last one empty, and no line end follows, where every row before (of the file's end) writes
    that column. Read as it is, the cut row is a whole record with a blank last cell (a cc row
    with no DateLeft is a current enrolment) and the rows after the cut are lost at exit 0
    (tester44 F11: one cut in about forty of a six-column tab file ends there)."""
    if not _decoded(data[-4:], source.encoding).endswith(source.delimiter):
        return None
    width = len(source.header)
    before = [r[-1].strip() for r in records[1:-1] if len(r) == width]
    if len(before) < 3 or not all(before):
        return None
    column = source.header[-1]
    detail = (
        f"its last line has no line end and ends with a delimiter: its last cell ({column}) is empty where "
        f"the {len(before)} rows before it write one: the copy stopped after the delimiter"
    )
    return Problem(
        codes.code("export-cut-off"),
        Where(file=source.display),
        {"file": source.display, "at": " after its last row's last delimiter", "detail": detail},
    )


def _open_quote(source: SourceFile, last_cell: str) -> bool:
    """The file ends inside a quoted value: the reader (not strict) gives the value read so far
    as the last cell, so the file ends with a quote, the cell as written (quotes doubled), after a
    delimiter or a line break."""
    written = '"' + last_cell.replace('"', '""')
    tail = _tail(source, len(written) + 1)
    if not tail.endswith(written):
        return False
    before = tail[: -len(written)][-1:]
    return before in ("", source.delimiter, "\n", "\r")


def _tail(source: SourceFile, chars: int) -> str:
    """About the last `chars` characters of the file (a character cut at the start replaced)."""
    encoding = source.encoding
    with source.path.open("rb") as handle:
        size = handle.seek(0, 2)
        if encoding == "utf-16":  # its byte order is in its BOM
            handle.seek(0)
            encoding = "utf-16-be" if handle.read(2) == codecs.BOM_UTF16_BE else "utf-16-le"
        wanted = min(size, 4 * chars + 4)
        handle.seek(size - wanted)
        data = handle.read()
    if encoding == "utf-8":
        encoding = "utf-8-sig" if wanted == size else "utf-8"
    return _decoded(data, encoding)


def _decoded(data: bytes, encoding: str) -> str:
    """Bytes of a file as it is read (a character cut at the start of `data` replaced)."""
    if encoding == MIXED:
        return codecs.decode(data, "utf-8", errors="transform-cp1252")
    return codecs.decode(data, encoding, errors="replace")


def _check_quotes(cells: list[str], line: int, end: int, source: SourceFile) -> None:
    """A record over many lines, or a cell holding lines that look like whole rows (as many
    delimiters as a row has), is an unclosed quote that swallowed rows: stop rather than lose
    them."""
    row_like = max(1, len(source.header) - 1)
    swallowed = any(
        later.count(source.delimiter) >= row_like for cell in cells if "\n" in cell for later in cell.split("\n")[1:]
    )
    if swallowed or end - line + 1 > MAX_RECORD_LINES:
        at, named, record = _quoted_cell(cells, source, row_like)
        column = source.header[at] if 0 <= at < len(source.header) else ""
        said = (f" in column {column!r}" if column else "") + (f" of the record {named} {record!r}" if record else "")
        raise TransformAbort(
            [
                Problem(
                    codes.code("quote-unbalanced"),
                    Where(file=source.display, line=line, column=column, record=record),
                    {"file": source.display, "line": line, "end": end, "cell": said},
                )
            ]
        )


def _quoted_cell(cells: list[str], source: SourceFile, row_like: int) -> tuple[int, str, str]:
    """Where the quote left open is (the cell whose later lines look like whole rows, else the
    first holding a line break: -1 for none), and the record's ID column and ID as the record's
    first line writes them ("" unknown): the cells before that one, then the rest of that line
    split as a row (tester44 F13: "fix the stray quote at the line named" left the admin to count
    delimiters to the cell)."""
    broken = [i for i, cell in enumerate(cells) if "\n" in cell]
    if not broken:
        return -1, "", ""
    at = next(
        (i for i in broken if any(later.count(source.delimiter) >= row_like for later in cells[i].split("\n")[1:])),
        broken[0],
    )
    first_line = [*cells[:at], *cells[at].split("\n", 1)[0].split(source.delimiter)]
    for key in source.ids:
        position = source.index.get(key, len(first_line))
        if position < min(len(first_line), len(source.header)) and first_line[position].strip():
            return at, source.header[position], first_line[position].strip()
    return at, "", ""


def _fit(
    cells: list[str], width: int, padding: _Padding, source: SourceFile, line: int, report: Report
) -> tuple[list[str], int] | None:
    """The row of the header's cells and how many it had (-1: all, read whole), or None: left out.
    A row is short of the file's whole rows: the header's cells, or as many as most rows have where
    each ends with a trailing delimiter (a stray quote pair's row then has just the header's)."""
    file = source.display
    where = Where(file=file, line=line)
    if len(cells) > width and (any(c.strip() for c in cells[width:]) or not padding.allows(len(cells))):
        report.lost_whole(file, line, cells)
        report.add(codes.code("row-too-long"), where, found=len(cells), expected=width)
        return None
    whole = padding.trailing() or width
    if len(cells) >= whole:
        return cells[:width], len(cells)  # trailing empty cells from a trailing delimiter
    explaining, alone = _quote_swallowing(cells, whole, source.delimiter)
    if explaining and (alone or source.delimiter == ","):
        return _quote_swallowed(cells, explaining, alone, padding, source, line, report)
    if len(cells) >= width:  # short of a trailing delimiter only: the header's cells all there
        return cells[:width], -1 if len(cells) == width else len(cells)
    if stop := shifted(padding.kinds(SAMPLE), cells, width, line):  # a cell left out mid-row? padded, suspect
        column, why = stop
        padding.suspects.add(line)
        report.add(
            codes.code("row-short-shifted"),
            Where(file=file, line=line, column=column),
            found=len(cells),
            expected=width,
            column=column,
            why=why,
        )
        return cells + [""] * (width - len(cells)), len(cells)  # (I257 says it is padded: no I204 too)
    return _padded(cells, width, where, report)


def _refits(padding: _Padding, cells: list[str], width: int, line: int, present: int) -> Callable[[], str] | None:
    """A suspect short row's (I257) short_rows.refit, asked only if a condition leaves the row out
    (SourceRow.refit); None for any other row."""
    if not (0 <= present < width and line in padding.suspects):
        return None
    return functools.partial(refit, padding.kinds(SAMPLE), cells, width, line)


def _padded(cells: list[str], width: int, where: Where, report: Report) -> tuple[list[str], int]:
    report.add(codes.code("row-too-short"), where, found=len(cells), expected=width)
    return cells + [""] * (width - len(cells)), len(cells)


def _quote_swallowing(cells: list[str], width: int, delimiter: str) -> tuple[list[int], bool]:
    """The cells of a short row holding exactly the delimiters the row lacks, and whether such a
    cell is the row's only one holding the delimiter: a quote typed at a value's start, its pair
    typed later on the line (`"Bo` ... `3/3/2014"`), read as one quoted cell swallowing the cells
    between, every later column shifted left (tester63 F1: the shifted status read 'not active', a
    real student removed at exit 0). A comma file's other cells may rightly hold commas (a parent
    'Nguyen, Mai', a list of orgs): the row's stray pair then hides among them."""
    missing = width - len(cells)
    holding = [i for i, cell in enumerate(cells) if delimiter in cell and "\n" not in cell]
    explaining = [i for i in holding if cells[i].count(delimiter) == missing]
    return explaining, len(holding) == 1


def _quote_swallowed(
    cells: list[str],
    explaining: list[int],
    alone: bool,
    padding: _Padding,
    source: SourceFile,
    line: int,
    report: Report,
) -> tuple[list[str], int] | None:
    """A value holding the delimiter is no value in a file whose delimiter no name holds (tab,
    pipe, caret, semicolon): the quotes swallowed cells, and the row is read as typed (I291). In a
    comma file a quoted value may hold a comma ("Smith, Jr."), and a row short of its last cells is
    an exporter's way (Excel): where the file's rows are whole, the row is read as typed only when
    the file's own columns take that reading and not the other (I247, pipeline.quote_readings);
    else, a row whose one comma-holding cell explains it, or whose padded reading the columns do
    not take, cannot be read for sure and is left out (I292); a row whose padded reading they take,
    among other cells rightly holding commas, is padded as before (I204), as where the file's rows
    are often short. Where every row ends with a trailing delimiter (`_Padding.trailing`), a row of
    just the header's cells is short of them: a stray pair swallowed the trailing cell's comma, or
    the row lacks its trailing delimiter; read as written while its later cells fit their columns,
    else left out (I292): nothing is padded there to explain a misfit."""
    width, at = len(source.header), explaining[0]
    typed = typed_row(cells, at, source.delimiter, width)
    if source.delimiter != "," and typed is not None:
        where, said = _swallowed(cells, at, source, line)
        report.add(codes.code("quote-swallowed-cells"), where, **said)
        return typed, -1
    if source.delimiter == "," and not padding.usual_is(padding.trailing() or width):
        return _padded(cells, width, Where(file=source.display, line=line), report)
    kinds = padding.kinds()
    told = told_apart(kinds, cells, explaining, source.delimiter)
    if told is not None:
        where, said = _swallowed(cells, told.at, source, line)
        read_as = ", ".join(f"{source.header[told.at + i]} {part!r}" for i, part in enumerate(told.parts))
        report.add(codes.code("quote-swallowed-commas-read"), where, **said, value=read_as, against=told.against)
        return told.cells, -1
    if len(cells) >= width and written_fits(kinds, cells, explaining, source.delimiter):
        return cells[:width], -1  # a value rightly holding commas on a row without its trailing delimiter
    if (
        alone
        or len(cells) >= width  # (nothing padded: its last cells are its own, and misfit)
        or len(kinds.misfits(written_row(cells, width), explaining[-1] + 1)) >= _SHIFTED_AT_LEAST
    ):
        # the cell named: the one whose commas, split, misfit the fewest columns
        at = min(explaining, key=lambda i: len(kinds.misfits(typed_cells(cells, i, source.delimiter)[:width], i)))
        report.lost_whole(source.display, line, typed_cells(cells, at, source.delimiter)[:width])
        where, said = _swallowed(cells, at, source, line)
        report.add(codes.code("quote-swallowed-cells-unsure"), where, **said)
        return None
    return _padded(cells, width, Where(file=source.display, line=line), report)


# Columns after the comma-holding cells a short row's padded reading must misfit for the row to be
# left out rather than padded (I204) where other cells rightly hold commas: a value the file's
# other rows never write is a rare name or grade, and a true row may hold two (generated 45-row
# Clever files: an honest row left out at 2); shifted cells misfit column after column.
_SHIFTED_AT_LEAST = 3


def _swallowed(cells: list[str], at: int, source: SourceFile, line: int) -> tuple[Where, dict[str, object]]:
    """Where the quote opened, and the columns it opened and closed in, and how many delimiters
    it swallowed."""
    swallowed = cells[at].count(source.delimiter)
    # (a quote closing in a trailing delimiter's cell past the header: the last column named)
    opened, closed = source.header[at], source.header[min(at + swallowed, len(source.header) - 1)]
    return Where(file=source.display, line=line, column=opened), {
        "opened": opened,
        "closed": closed,
        "swallowed": swallowed,
    }


class _Padding:
    """Whether a row's empty cells past the header's are padding: a trailing delimiter the
    exporter writes on its rows (every row one empty cell longer than a header written without
    it, Excel's ',,,' on every line). A row longer than most of the file's rows is a value
    holding the delimiter, its cells shifted right, however empty the cells it pushed past the
    last (tester28 R5: eSchoolPLUS writes `^` unescaped, so `Novak^Sr` put the birth date in
    the email column and the last two, empty, past the header): I205, as any row too long.
    Where no one length is most rows' (more than half), padding of any length is read as such.
    The file is counted once, and only when a row has such cells."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.usual: int | None = None
        self.counted = False
        self.column_kinds: ColumnKinds | None = None
        self.sampled: ColumnKinds | None = None
        self.trails: int | None = None
        self.suspects: set[int] = set()  # the lines of short rows padded though they do not fit (I257)

    def allows(self, cells: int) -> bool:
        self._count()
        return self.usual is None or cells <= self.usual

    def usual_is(self, cells: int) -> bool:
        """Whether most of the file's rows have `cells` cells."""
        self._count()
        return self.usual == cells

    def trailing(self) -> int:
        """The cells of the file's rows where most end with a trailing delimiter past the header's
        cells (Aeries: one more on every row, the header written without it), else 0. A first
        look at the file's opening rows (`_opens_wider`) spares the count for any other file."""
        if self.trails is None:
            self.trails = 0
            if _opens_wider(self.source):
                self._count()
                if self.usual is not None and self.usual > len(self.source.header):
                    self.trails = self.usual
        return self.trails

    def _count(self) -> None:
        if not self.counted:
            self.usual, self.counted = _usual_width(self.source), True

    def kinds(self, sample: int = 0) -> ColumnKinds:
        """What the file's whole rows hold in each column (read once, only when a row asks), or its
        first `sample` whole rows (pipeline.short_rows: no whole extra pass for Excel's short rows)."""
        if sample:
            if self.sampled is None:
                self.sampled = _column_kinds(self.source, self.trailing(), sample)
            return self.sampled
        if self.column_kinds is None:
            self.column_kinds = _column_kinds(self.source, self.trailing())
        return self.column_kinds


# The column kinds of the files read lately: a file is read again for each output and check
# (first_pass=False), and reading its kinds is a pass over every cell (about 8 s for 200,000 rows).
_KINDS: dict[tuple[object, ...], ColumnKinds] = {}
_KINDS_HELD = 8


def _column_kinds(source: SourceFile, whole: int, sample: int = 0) -> ColumnKinds:
    status = source.path.stat()
    key: tuple[object, ...] = (str(source.path), status.st_size, status.st_mtime_ns, source.encoding)
    key += (source.delimiter, source.header, sample)
    if key not in _KINDS:
        if len(_KINDS) >= _KINDS_HELD:
            _KINDS.clear()
        with closing(_rows_of(source)) as rows:
            _KINDS[key] = ColumnKinds(source.header, rows, whole, sample)
    return _KINDS[key]


def _usual_width(source: SourceFile) -> int | None:
    """How many cells most of the file's rows have (more than half of them), page furniture
    aside; None when no number of cells is most rows', or the file cannot be read through (the
    read itself says why)."""
    widths: Counter[int] = Counter()
    try:
        with _open_text(source.path, source.encoding) as handle:
            furniture = Furniture(source, titles_at_most=HEADER_SEARCH_LINES - 1)
            for _line, _end, cells, _last in furniture.data(_Records(handle, source)):
                widths[len(cells)] += 1
    except (csv.Error, UnicodeError):
        return None
    if not widths:
        return None
    width, rows = widths.most_common(1)[0]
    return width if 2 * rows > widths.total() else None


_OPENING_ROWS = 64  # rows looked at for a trailing delimiter on every row


def _opens_wider(source: SourceFile) -> bool:
    """Whether most of the file's opening rows have empty cells past the header's: a trailing
    delimiter the exporter writes on every row (read before the rows, so that a row of just the
    header's cells, a stray quote pair's, is looked at wherever it is)."""
    if source.terminator:
        return False
    width, wider, rows = len(source.header), 0, 0
    for cells in itertools.islice(_rows_of(source), _OPENING_ROWS):
        rows += 1
        wider += len(cells) > width and not any(cell.strip() for cell in cells[width:])
    return 2 * wider > rows


def _rows_of(source: SourceFile) -> Generator[list[str], None, None]:
    """The cells of the file's rows as read, page furniture aside; none past where the file cannot
    be read through (the read itself says why)."""
    try:
        with _open_text(source.path, source.encoding) as handle:
            furniture = Furniture(source, titles_at_most=HEADER_SEARCH_LINES - 1)
            for _line, _end, cells, _last in furniture.data(_Records(handle, source)):
                yield cells
    except (csv.Error, UnicodeError):
        return


def unreadable(exc: Exception) -> str:
    """Why an export cannot be read, with the fix where it is the operator's: a permission (the
    SIS's export job writing files only its own account may read) names the account to give it."""
    said = getattr(exc, "strerror", None) or str(exc)
    if not isinstance(exc, PermissionError):
        return said
    try:
        import pwd  # POSIX only

        account = pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, AttributeError):
        account = "the account the job runs as"
    return (
        f"{said}: make it readable by {account}, the account this job runs as (the SIS export job's "
        "umask, or chmod/chgrp of the export folder's files), and rerun"
    )
