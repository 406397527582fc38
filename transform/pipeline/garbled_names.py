"""Names the last published set held right, garbled tonight by a change of encoding: kept as they were (V616).

The students export was saved once as Windows-1252 on its way (Excel's 'CSV' save, a copy tool):
'Nguyễn' came out 'Nguy?n', 'Zoë' as 'ZoÃ«'. D381 said each name looks garbled and told a person to
export the file again, yet the run exited 0 and renamed the users in Remind, though the last set
had them right (tester74 F5). No SIS renames a person to the garbling of her own name, so a user of
both sets whose given, family or middle name tonight is exactly last night's garbled that way keeps
last night's: the set published is right, and the night says so and exits 1 ('published, but': a
person exports the file again, or Remind keeps the old names while the SIS changes them). Read only
on a night D381 was said or tonight's users.csv holds an 'Ã'; the last set's non-ASCII names are held,
a few of the users.
"""

from __future__ import annotations

import csv
import os
import unicodedata
from pathlib import Path

from transform.cleaners.text import clean_text
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import set_files
from .write import CsvRows

NAMES = ("givenName", "familyName", "middleName")
# 'Ã', the first letter of most UTF-8 accents read as Windows-1252 ('GarcÃa', 'ZoÃ«'): a night with no
# D381 (such names have no '?' nor a replacement character) is read for them too
_MISREAD = "Ã".encode()
EXAMPLES = 3


def keep_last_names(folder: Path, report: Report, *, last: Path | None) -> bool:
    """users.csv with last night's names where tonight's are their garbling (V616); True when it
    was rewritten. `last`: the last published set's folder (None: a first set, nothing to keep)."""
    users = folder / "users.csv"
    if last is None or not (last / "users.csv").is_file() or not users.is_file():
        return False
    if not report.counts.get("D381") and _MISREAD not in users.read_bytes():
        return False
    held = _non_ascii_names(last / "users.csv")
    if not held:
        return False
    kept: dict[str, dict[str, str]] = {}
    with users.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            before = held.get(row.get("sourcedId", ""))
            if before is None:
                continue
            restored = {n: before[n] for n in NAMES if n in row and _garbling(before.get(n, ""), row[n])}
            if restored:
                kept[row["sourcedId"]] = restored
    if not kept:
        return False
    rewrite_names(users, kept)
    first = sorted(kept)[:EXAMPLES]
    said = ", ".join(f"{i} {' '.join(kept[i].values())!r}" for i in first)
    more = f" and {len(kept) - len(first):,} more" if len(kept) > len(first) else ""
    column = next(iter(kept[first[0]]))
    report.add(
        codes.code("names-garbled-kept"), Where(file="users.csv", column=column), count=len(kept), first=said + more
    )
    return True


def _garbling(right: str, tonight: str) -> bool:
    """Whether `tonight` is `right` saved in Windows-1252 ('?' for a letter it lacks) or UTF-8 read as it,
    as written or as a name is cleaned."""
    if not right or right == tonight or right.isascii():
        return False
    lost = right.encode("cp1252", errors="replace").decode("cp1252")
    misread = right.encode("utf-8").decode("cp1252", errors="replace")
    # as cleaned: the '«' of a misread 'ë' ('Ã«') is taken for a quote and dropped (D309), the soft
    # hyphen of a misread 'í' ('Ã\xad') as an invisible character (reviewer91 R1: 'GarcÃa')
    forms = {lost, misread, clean_text(lost)[0], clean_text(misread)[0]}
    return tonight in forms | {_visible(form) for form in forms}


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _non_ascii_names(path: Path) -> dict[str, dict[str, str]]:
    """The names of the users of a set with a letter outside ASCII, by sourcedId."""
    found: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = {n: row[n] for n in NAMES if row.get(n) and not row[n].isascii()}
            if names:
                found[row.get("sourcedId", "")] = names
    return found


def rewrite_names(users: Path, kept: dict[str, dict[str, str]]) -> None:
    """users.csv with the names `kept`, its other lines as written."""
    partial = users.with_name(f".{users.name}.partial")
    with users.open(encoding="utf-8", newline="") as source, partial.open("w", encoding="utf-8", newline="") as out:
        header_line = next(source, "")
        out.write(header_line)
        header = next(csv.reader([header_line]))
        at_id = header.index("sourcedId")
        writer = CsvRows(out)
        for text in source:
            cells = set_files.cells(text)
            names = kept.get(cells[at_id]) if len(cells) == len(header) else None
            if names is None:
                out.write(text)
                continue
            for name, value in names.items():
                cells[header.index(name)] = value
            writer.writerow(cells)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(users)
