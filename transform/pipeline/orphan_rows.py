"""What became of the guardians rows of the students X805 refuses for: gone, there, or written otherwise.

X805 said "every row of their families is missing from the guardians export ... export it again
whole" when the rows were there (reviewer69 R3): contacts with no email or phone, re-coded
Emergency, or naming the student's ID written otherwise, where exporting again changes nothing.
Night-wide counts (V515, F409, V582) do not tell: an ordinary night has emergency contacts left out
too. So, on a night refused for them only, the guardians export is read once more and each student's
rows looked for by the cell the profile links them by: as the linked students' rows write their IDs
(`there`: rows the run left out or could not link), only once case, punctuation and leading zeros
are set aside (`otherwise`: the ID written another way), or not at all (`missing`).

Whether the cell is read as the students' IDs is learnt from the linked students (SAMPLE of them):
when most of theirs are not found either (a contact row naming the student through a join, a built
ID), nothing is said of the rows and the message stays as before (None); a student cell read
through a join to the students export is its key there, the sourcedId as a rule. Held: the students looked
for and their first line; the file is read as text, a line at a time.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from transform.pipeline.guardian_tails import _keys, guardian_exports
from transform.pipeline.read import SourceFile
from transform.profile.compile import Plan, RulePlan

SAMPLE = 200  # linked students whose rows tell how the export writes the IDs
KNOWN = 0.8  # of them found as written (or set aside alike): the cell is read as their IDs
_NOT_ALNUM = re.compile(r"[\W_]+")


def _loose(value: str) -> str:
    """An ID with case, punctuation and leading zeros set aside."""
    return _NOT_ALNUM.sub("", value).casefold().lstrip("0")


@dataclass(slots=True)
class Rows:
    """The orphans' rows in the guardians export(s): by student, the first (file, line, as written)."""

    names: str  # the exports read, as the admin sees them
    there: dict[str, tuple[str, int]] = field(default_factory=dict)
    otherwise: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def find(plan: Plan, sources: Mapping[str, SourceFile], orphans: Iterable[str], linked: Iterable[str]) -> Rows | None:
    """The rows naming each of `orphans` in the guardians exports the profile reads, judged by how
    the rows of `linked` (students linked tonight) write theirs; None when that cannot be told."""
    cells = _cells(plan, sources)
    if cells is None:
        return None
    wanted, sample = list(orphans), set(list(linked)[:SAMPLE])
    looked_for = {*wanted, *sample}
    loose = {_loose(s): s for s in looked_for}
    exact: dict[str, tuple[str, int]] = {}
    alike: dict[str, tuple[str, int, str]] = {}
    try:
        for file, line, value in cells:
            if value in looked_for:
                exact.setdefault(value, (file, line))
            elif (key := _loose(value)) in loose:
                alike.setdefault(loose[key], (file, line, value))
    except (OSError, LookupError, csv.Error):  # read whole once already tonight: the words stay as before
        return None
    as_written = sum(s in exact for s in sample)
    if not sample or as_written + sum(s in alike for s in sample) < KNOWN * len(sample):
        return None
    names = ", ".join(sorted({sources[r.source].display for r in _rules(plan, sources)}))
    rows = Rows(names)
    loose_is_usual = as_written < KNOWN * len(sample)  # the export writes them otherwise by design
    for student in wanted:
        if student in exact:
            rows.there[student] = exact[student]
        elif student in alike and loose_is_usual:
            rows.there[student] = alike[student][:2]
        elif student in alike:
            rows.otherwise[student] = alike[student]
        else:
            rows.missing.append(student)
    return rows


def _rules(plan: Plan, sources: Mapping[str, SourceFile]) -> list[RulePlan]:
    contacts = guardian_exports(plan)
    return [
        rule
        for rule in plan.rules.get("users", ())
        if rule.guardian is not None and rule.source in sources and rule.source in contacts
    ]


def _cells(plan: Plan, sources: Mapping[str, SourceFile]) -> Iterator[tuple[str, int, str]] | None:
    """(file, line, student as written) of each row of the guardians exports, by the cell naming the
    student (through a join: the join's cell); None when that is several cells or the file is not plain
    CSV."""
    read: list[tuple[SourceFile, int, str]] = []
    for rule in _rules(plan, sources):
        keys = _keys(rule)
        source = sources[rule.source]
        if keys is None or len(keys.student) != 1 or source.terminator:
            return None
        position = source.index.get(keys.student[0].key)
        if position is None:
            return None
        read.append((source, position, rule.guardian.student_separator if rule.guardian else ""))
    return _read(read) if read else None


def _read(read: list[tuple[SourceFile, int, str]]) -> Iterator[tuple[str, int, str]]:
    for source, position, separator in read:
        with source.path.open(encoding=source.encoding or "utf-8", errors="replace", newline="") as handle:
            reader = csv.reader(handle, delimiter=source.delimiter or ",")
            for row in reader:
                if reader.line_num <= source.header_line or position >= len(row):
                    continue
                for value in row[position].split(separator) if separator else (row[position],):
                    if value.strip():
                        yield source.display, reader.line_num, value.strip()
