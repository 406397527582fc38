"""The types that pass between stages: source rows, drafts of records, their packed places,
and the join indexes. Stages and the machinery that speeds them up (compact, spool, fastpath,
overlap) both import from here, never from each other's modules for a type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from transform.cleaners.ids import INVISIBLE as ID_INVISIBLE
from transform.report.problem import Who

# A join on a list cell that matches several rows reads each column's values joined by this;
# the term filter splits on it, and output columns show ", " instead (pipeline.mapping).
MULTI_SEP = "\x1f"
# Characters an export may hold that no one sees (a NUL, a byte-order mark, zero-width spaces,
# the soft hyphen a word processor or an HTML report writes, LRM/RLM and the other direction
# marks): taken out of its cells and headers (pipeline.read), and ignored where a header is
# compared. The ones `cleaners.ids.INVISIBLE` takes out of IDs (one list), and NUL: a name holding one
# is the name without it, as the person and Remind see it ("Lu\u00adcía" is "Lucía"; tester41 F1).
# MULTI_SEP too: read from an export, it was taken for the tool's own list separator (a name
# "Har\x1fper" published as "Har, per", a term's dates split in two: tester42 F1).
INVISIBLE_CHARS = "\x00" + ID_INVISIBLE + MULTI_SEP
INVISIBLE = str.maketrans("", "", INVISIBLE_CHARS)
# The most leading zeros a spreadsheet is taken to have stripped off a number ID (576776 for
# 00576776): how far a link or reference naming nothing is padded to find the ID it means
# (lookups.padded_twin for V608 and V502; derive for X968).
ZEROS_TRIED = 8


@dataclass(slots=True)
class SourceRow:
    file: str  # file name as the admin sees it
    line: int  # physical line where the record starts (1-based)
    cells: list[str]
    index: dict[str, int]  # normalized column -> cell position, shared by the whole file
    # A row shorter than the header (padded with empty cells, I204): how many cells it had. The
    # cells from here on are missing, not empty (`missing`); -1: the row had them all.
    present: int = -1
    # A short row whose cells, padded at its end, do not fit their columns (I257): may be read
    # shifted, so a condition leaving it out is a problem's drop, not on purpose (pipeline.short_rows).
    suspect: bool = False
    # A suspect row's: the column it stops fitting at where it fits every column once blanks are put back
    # before it ("" where not): a cell left out there, most likely (short_rows.refit, asked only of a row a
    # condition leaves out); one a condition leaves out of a first set is asked for (I277).
    refit: Callable[[], str] | None = None

    def get(self, key: str) -> str:
        position = self.index.get(key)
        return self.cells[position] if position is not None else ""

    def missing(self, key: str) -> bool:
        """Whether the column's cell was missing from a short row (not written empty)."""
        if self.present < 0:
            return False
        position = self.index.get(key)
        return position is not None and position >= self.present

    def place(self) -> SourceRow:
        """Where the row was, without its cells: what a record held until the end keeps."""
        return place_at(self.file, self.line)


def place_at(file: str, line: int) -> SourceRow:
    """A place in an export, without cells (a record read back from a spool, a report's place)."""
    return SourceRow(file, line, [], _NO_INDEX)


_NO_INDEX: dict[str, int] = {}


UNREAD = "unread:"  # a draft's extra: a value a cleaner could not read, by output column (mapping)
CONTACT_POINTS = ("email", "phone", "sms")  # a guardian with none of them is no user (V515)
# A guardian draft's extra: the contact points of the person a cleaner could not read (V573).
UNREAD_CONTACT = "unread-contact"
# And every contact point a cleaner blanked of such a person, placeholders too, as the export's
# columns, a tab, and what they held (mapping.contact_blanked): what X808 counts.
BLANKED_CONTACT = "blanked-contact"
# A guardian draft's extra: the `each` group (its position) of the row the person stands at, whose
# own columns a problem of theirs names (export_columns.guardians_of), not every group's.
GROUP = "each group"
# A guardian draft's extra: the emails other rows of the person gave beside the one kept (V550),
# tab-separated: one of them is published where the one kept is a student's own address (V574).
OTHER_EMAILS = "other emails"
# A guardian draft's extra, where its email was read on another row than the one the person stands
# at (rows disagreeing, V550): the file, line and `each` group, tab-separated. V574 names that cell,
# the one to fix in the SIS, not the row holding the parent's own address (reviewer69 R7).
EMAIL_AT = "email at"
# A draft's extra, by output column, in a rule that combines rows: how far down the column's
# choices (`column: [A, B, C]`, then `fallback:`) its value was found: 1 for B, 2 for C ...
FELL_BACK = "fell back:"
# A draft's extra, set by the term filter on a row of a class rule that combines its rows: a
# row of a later term of its class's school year (a year-long section's next marking periods),
# which lends the class its term and nothing else (filters.select_terms, combine.combine_rows).
COMING = "coming term"
# A draft's extra, set by mapping: its row named the school year of a `pick: {year}` join's row
# (eSchoolPLUS SCHD_MS.SCHOOL_YEAR), so that row is of its own year, whatever its enrolments'
# first days say (last_year: next year's schedule entered in spring is no last year's class).
OWN_YEAR = "own school year"


@dataclass(slots=True)
class Draft:
    """One output record on its way to a file, with the row it came from."""

    table: str
    values: dict[str, str]
    origin: SourceRow
    rule: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # values filters read (term dates ...)

    def who(self) -> Who:
        return who_of(self.table, self.values.get)


def who_of(table: str, value: Callable[[str], str | None]) -> Who:
    """School, name and SIS number of a record, from its output values: what a person looks
    for in the SIS when the record was left out. The SIS number is a user's `identifier` (the
    student or staff number) or the record's own ID; an enrolment's is its user's ID."""
    if table == "orgs":
        school = value("sourcedId") or ""
    else:
        school = value("schoolSourcedId") or (value("orgSourcedIds") or "").split(",")[0]
    name = value("title") or value("name") or " ".join(v for v in (value("givenName"), value("familyName")) if v)
    number = value("identifier") or value("userSourcedId") or value("sourcedId") or ""
    return school.strip(), name.strip(), number.strip()


class Places:
    """Where records were read, each packed into one int (line << 16 | file number): what a
    stage keeps of the records it no longer holds (a SourceRow each would be ~130 bytes)."""

    FILE_BITS = 16  # the low bits: the file's number among the files seen; the line is above them

    def __init__(self) -> None:
        self.files: list[str] = []

    def pack(self, row: SourceRow) -> int:
        if row.file not in self.files:
            self.files.append(row.file)
        return row.line << self.FILE_BITS | self.files.index(row.file)

    def file_of(self, packed: int) -> str:
        return self.files[packed & ((1 << self.FILE_BITS) - 1)]

    def line_of(self, packed: int) -> int:
        return packed >> self.FILE_BITS

    def place(self, packed: int) -> SourceRow:
        return place_at(self.file_of(packed), self.line_of(packed))


@dataclass(slots=True)
class Index:
    """key -> the needed columns' values. A one-column key is held as the string itself and
    one needed column as its value alone: no tuples, which at a million students is 200 MB."""

    source: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    rows: dict[Any, Any] = field(default_factory=dict)
    lines: dict[Any, int] = field(default_factory=dict)  # while building: key -> its row's line
    # After building: hash(key) -> the line of the row it joins (a compact.CompactMap, 16 bytes a
    # slot), and the file: where a value read through the join is (lookups.place_of), for a
    # problem with it to name that row rather than the row joining it (tester33 F4).
    at: Any = None
    file: str = ""
    # The keys with their leading zeros taken off and their letter case folded, built on the
    # first join that misses (to find a key written otherwise: lookups.written_twin); None until then.
    loose: dict[Any, Any] | None = None
    # The keys with their letter case folded, each with the key as held (None for a key held in
    # two letter cases), built on the first miss of a join that ignores case (lookups.case_twin).
    folded: dict[tuple[str, ...], tuple[str, ...] | None] | None = None
    # The keys on rows that differ (D327), which join nothing: key -> the first row's line and
    # that of the first row that differs from it.
    # The keys' heads and tails at their separators ('2026-' and '-S1' of '2026-S1'), gathered on the
    # first missed key holding another key after a prefix or before a suffix (lookups.affixed_twin).
    affix_forms: tuple[set[str], set[str]] | None = None
    conflicts: dict[Any, tuple[int, int]] = field(default_factory=dict)
    # The needed values of each such key's rows, the first row's and each that differs from it:
    # whether one of them is a current term (doubled_terms, X866).
    conflict_values: dict[Any, list[Any]] = field(default_factory=dict)
    # The dates (start and end cells, stripped) of rows a `pick` took over a row of the key of an
    # earlier school year, each with the key's parts, that row ("terms.csv line 2 (2026-08-13
    # to 2027-05-27)") and its first day: next year's term, which last year's sections must not
    # join (X929, last_year).
    later_picks: dict[tuple[str, str], list[tuple[tuple[str, ...], str, dt.date]]] = field(default_factory=dict)
    # The same of rows a `pick` took over a row of the key of a LATER school year (this year's
    # marking period 4 over next year's, in May): next year's sections naming no year join it too,
    # and are published as this year's beside their twins (X894, next_year).
    earlier_picks: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    # The cells of the file's rows lost whole before they were read (I205: more cells than the
    # header), each with the first such row's line: a key that joins nothing because its row was
    # lost is said so, not as a row the export lacks (tester48 F6).
    lost: dict[str, int] = field(default_factory=dict)

    @property
    def single_key(self) -> bool:
        return len(self.key) == 1

    @property
    def single_column(self) -> bool:
        return len(self.columns) == 1

    def find(self, key: tuple[str, ...]) -> dict[str, str] | None:
        found = self.rows.get(key[0] if self.single_key else key)
        if found is None:
            return None
        return {self.columns[0]: found} if self.single_column else dict(zip(self.columns, found, strict=True))


# The join indexes of a run, by (source, key columns).
Indexes = dict[tuple[str, tuple[str, ...]], Index]
