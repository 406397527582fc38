"""Find each export in the input folder and stream its rows as text.

Encoding: UTF-8 with or without BOM, else Windows-1252 (reported). Delimiter: sniffed from
the header line among tab, comma, pipe and semicolon unless the profile says. Headers match
case-insensitively after stripping SIS decorations: [01]Student_Number,
[students]student_number, STUDENTS.STUDENT_NUMBER.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from transform.profile.compile import SourcePlan
from transform.profile.templates import normalize_column
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

from .rows import SourceRow

_DECORATION = re.compile(r"^(?:\[[^\]]*\]|[A-Za-z][A-Za-z0-9_]*\.(?=[A-Za-z_]))")
DELIMITERS = ("\t", ",", "|", ";")
PROGRESS_EVERY = 50_000
_SCAN_CHUNK = 1 << 20
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    """cp1252 leaves five bytes undefined; read them as Latin-1 rather than lose them."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start:error.end]
    return bad.decode("latin-1"), error.end


codecs.register_error("transform-latin1", _latin1_fallback)


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


def find_sources(folder: Path, plans: dict[str, SourcePlan], report: Report) -> dict[str, SourceFile]:
    """Open every export's header and check its columns; abort listing everything missing."""
    if not folder.is_dir():
        raise TransformAbort([Problem(codes.code("bad-option"), Where(),
                                      {"option": "input folder", "detail": f"{folder} is not a folder"})])
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    found: dict[str, SourceFile] = {}
    problems: list[Problem] = []
    for plan in plans.values():
        matches = [n for n in names if any(fnmatch.fnmatch(n.lower(), pat.lower()) for pat in plan.patterns)]
        if len(matches) > 1:
            problems.append(Problem(codes.code("source-ambiguous"), Where(),
                                    {"source": plan.name, "folder": folder, "files": ", ".join(matches)}))
        elif not matches:
            if plan.required:
                problems.append(Problem(codes.code("source-missing"), Where(),
                                        {"source": plan.name, "folder": folder,
                                         "patterns": ", ".join(plan.patterns)}))
        else:
            try:
                found[plan.name] = _open_header(folder / matches[0], plan, report, problems)
            except OSError as exc:
                problems.append(Problem(codes.code("source-unreadable"), Where(file=matches[0]),
                                        {"file": matches[0], "detail": exc.strerror or str(exc)}))
    if problems:
        raise TransformAbort(problems)
    return found


def _open_header(path: Path, plan: SourcePlan, report: Report, problems: list[Problem]) -> SourceFile:
    display = path.name
    encoding = plan.encoding if plan.encoding != "auto" else _detect_encoding(path, display, report)
    with _open_text(path, encoding) as handle:
        first = handle.readline()
    delimiter = plan.delimiter if plan.delimiter != "auto" else _sniff(first)
    header = tuple(next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter), []))
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        key = header_key(name)
        key = plan.aliases.get(key, key)
        if key in index:
            report.add(codes.code("header-duplicate"), Where(file=display, line=1, column=name),
                       file=display, column=name)
            continue
        index[key] = position
    for column in plan.columns:
        if normalize_column(column) not in index:
            problems.append(Problem(codes.code("column-missing"), Where(file=display, line=1),
                                    {"file": display, "column": column,
                                     "found": ", ".join(header) or "nothing"}))
    return SourceFile(plan.name, path, display, encoding, delimiter, header, index)


def _open_text(path: Path, encoding: str) -> TextIO:
    errors = "transform-latin1" if encoding == "cp1252" else "strict"
    return path.open(encoding="utf-8-sig" if encoding == "utf-8" else encoding, errors=errors, newline="")


def _detect_encoding(path: Path, display: str, report: Report) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(_SCAN_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                report.add(codes.code("encoding-fallback"), Where(file=display, line=line),
                           file=display, line=line)
                return "cp1252"
            line += chunk.count(b"\n")
    return "utf-8"


def _sniff(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def iter_rows(source: SourceFile, report: Report, *, first_pass: bool = True) -> Iterator[SourceRow]:
    """Every data record with the physical line it starts on; blank lines are skipped.

    A file read again (for a second output) reports its row problems only on the first pass.
    """
    progress = report.on_progress
    if not first_pass:
        report = Report(max_examples=0)
    width = len(source.header)
    with _open_text(source.path, source.encoding) as handle:
        reader = csv.reader(handle, delimiter=source.delimiter)
        next(reader, None)
        start = reader.line_num + 1
        rows = 0
        try:
            for cells in reader:
                line, start = start, reader.line_num + 1
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                rows += 1
                report.rows_read[source.display] += 1
                if progress is not None and not rows % PROGRESS_EVERY:
                    progress(source.display, rows)
                if len(cells) != width:
                    fitted = _fit(cells, width, source.display, line, report)
                    if fitted is None:
                        continue
                    cells = fitted
                yield SourceRow(source.display, line, cells, source.index)
        except csv.Error as exc:
            raise TransformAbort([Problem(codes.code("source-unreadable"),
                                          Where(file=source.display, line=reader.line_num),
                                          {"file": source.display, "detail": str(exc)})]) from None
        if rows == 0:
            report.add(codes.code("source-empty"), Where(file=source.display), file=source.display)


def _fit(cells: list[str], width: int, file: str, line: int, report: Report) -> list[str] | None:
    where = Where(file=file, line=line)
    if len(cells) > width:
        if not any(c.strip() for c in cells[width:]):
            return cells[:width]  # trailing empty cells from a trailing delimiter
        report.add(codes.code("row-too-long"), where, found=len(cells), expected=width)
        return None
    report.add(codes.code("row-too-short"), where, found=len(cells), expected=width)
    return cells + [""] * (width - len(cells))
