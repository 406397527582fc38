"""What the records left out say about the exports and the output files, for the safety gate.

A run whose errors left out most of an export (a header that does not match its rows'
delimiter, a case-variant duplicate column) must not publish, on its first run too: that
needs, per export, how many of its rows an error-level problem left out, and the codes that
did it; per output file, the codes that left its records out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from transform.report.codes import Action, Code, Severity
from transform.report.problem import Where

# Warnings that a record points to one that is not there: most often a knock-on (the
# enrolments of students missing from a truncated export, which the removal limit and
# --allow-rollover already judge), so they do not count against their own export's rows.
_POINTS_ELSEWHERE = frozenset({"join-missing", "reference-missing", "follows-left-out-class"})
# The records data problems left out that are held by their IDs (LeftOut.problem_drops): past
# this many, an export is mostly broken, which the safety gate refuses on its own (X915); those
# past it are counted only, and not named (pipeline.dropped_gate).
PROBLEM_DROPS_KEPT = 20_000


def counts_against_row(code: Code) -> bool:
    """A data problem of the row itself that left a record out: the row it came from is lost.
    Info-level drops are the rostering the district asked for (withdrawn students, other terms,
    emergency contacts) and do not count; an error does, and so does a warning about the record
    itself (a teacher with no email, an ID listed twice with different data)."""
    if code.action is not Action.DROP_ROW or code.severity is Severity.INFO:
        return False
    return code.severity is Severity.ERROR or code.slug not in _POINTS_ELSEWHERE


@dataclass
class Unreached:
    """The parents and guardians left out with no email, phone or sms left once a cleaner blanked
    theirs (pipeline.mapping.contact_blanked): a placeholder the SIS writes for none (V515, on
    purpose) or a value it could not read (V573). Counted by kind and by the export's column, with
    the first few, for the first set's look at the parents it would not publish (X808)."""

    people: Counter[str] = field(default_factory=Counter)  # "placeholder" or "unread" -> people
    columns: Counter[str] = field(default_factory=Counter)  # the export's column -> people
    # The first UNREACHED_NAMED: (kind, sourcedId, where, what the columns held).
    first: list[tuple[str, str, Where, str]] = field(default_factory=list)

    def note(self, kind: str, sourced_id: str, where: Where, blanked: str) -> None:
        """One parent left out so; `blanked`: their columns, a tab, what the columns held."""
        columns, _, held = blanked.partition("\t")
        self.people[kind] += 1
        self.columns.update(columns.split(","))
        if len(self.first) < UNREACHED_NAMED:
            self.first.append((kind, sourced_id, where, held))


UNREACHED_NAMED = 3


@dataclass
class LeftOut:
    """A row is lost when a data problem left out a record made from it and no record made
    from it was written: a student whose birth date was unreadable is still in users.csv,
    without a demographics row, and is not counted. Errors and warnings are told apart: the
    safety gate holds errors to the removal limit and errors with warnings to half an export."""

    # Per export file, a bit per physical line: 125 kB for a million lines, where a set of
    # ints would take 60 MB.
    error_lines: dict[str, bytearray] = field(default_factory=dict)  # an error left a record out
    warning_lines: dict[str, bytearray] = field(default_factory=dict)  # a warning left a record out
    kept_lines: dict[str, bytearray] = field(default_factory=dict)  # a record was written
    error_codes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (file, code id), errors and warnings
    first_error: dict[tuple[str, str], Where] = field(default_factory=dict)  # (file, code id): first place
    places: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (code id, file, table), every drop
    # (code id, file, table) of the records errors left out, each its row's own (not a guardian
    # named on a student's row): the safety gate's count per output file (X961)
    own_errors: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    # The parents and guardians data problems left out (errors, and warnings about the record
    # itself), by (what, file, code id): "links", a row or column group naming one for a student
    # (its link dropped as it was read); "people", a person once the rows naming them were merged.
    # And the first place of each, and the links read (the safety gate, X969).
    guardians: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    first_guardian: dict[tuple[str, str, str], Where] = field(default_factory=dict)
    guardian_links: int = 0  # rows and column groups that linked a parent or guardian to a student
    # The links (a student each) of the parents left out as two people under one contact ID (V537), by the
    # file V537 names: one ID may stand for two people or for a whole district's (review201 R4: X865 counted
    # two rows an ID, and an ID of every parent fell back to X951's 'left out every one').
    two_people_links: Counter[str] = field(default_factory=Counter)
    codes: dict[str, Code] = field(default_factory=dict)
    # The records data problems left out (`counts_against_row`), the guardians derived from a row
    # included: (table, sourcedId, file, line, code id, name), "" for what was not known (a row
    # lost before it was mapped has none of table, ID and name). The safety gate names those the last published set held
    # (pipeline.dropped_gate, X981): Remind deletes them, though they never left the exports.
    # At most PROBLEM_DROPS_KEPT; `problem_drops_over` counts those past it.
    problem_drops: list[tuple[str, str, str, int, str, str]] = field(default_factory=list)
    problem_drops_over: int = 0
    # The cells of rows lost whole before they were mapped (I205), by (file, line): the ID they
    # hold is found among them (pipeline.dropped_gate). At most PROBLEM_DROPS_KEPT.
    lost_cells: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    # The filled-in keys (a term code) of the rows `own_problem` held, by (file, line): a key several
    # rows name is the joined export's lack (a term's row missing), judged elsewhere (X943, X944).
    own_keys: dict[tuple[str, int], str] = field(default_factory=dict)
    # The drops of `problem_drops` a condition made of a row read perhaps shifted (I257, SourceRow.suspect):
    # those of records no set held nor holds are asked for that night (pipeline.suspect_drops, I277).
    # Each with the column I257 named (where the row stops fitting) and a hash of the row (asked once).
    suspect_drops: list[tuple[str, str, str, int, str, str, str, str]] = field(default_factory=list)
    unreached: Unreached = field(default_factory=Unreached)  # parents with every contact point blanked (X808)

    def note(self, code: Code, where: Where, *, derived: bool = False, guardian: bool = False) -> None:
        """A problem was reported. `derived`: it left out a record derived from the row (a
        guardian named on a student's row), not the row's own record. `guardian`: it left out a
        parent or guardian (`Report.guardian_records`), the row's own or derived."""
        if code.action is not Action.DROP_ROW:
            return
        self.counted(code, where.file, where.table, 1)
        if counts_against_row(code):
            if len(self.problem_drops) < PROBLEM_DROPS_KEPT:
                self.problem_drops.append((where.table, where.record, where.file, where.line, code.id, where.who[1]))
            else:
                self.problem_drops_over += 1
        if guardian and counts_against_row(code):
            key = ("people" if derived else "links", where.file, code.id)
            self.guardians[key] += 1
            self.first_guardian.setdefault(key, where)
        if derived or not counts_against_row(code) or not where.file or where.line <= 0:
            return
        if code.severity is Severity.ERROR and where.table:
            self.own_errors[code.id, where.file, where.table] += 1
        self.error_codes[where.file, code.id] += 1
        self.first_error.setdefault((where.file, code.id), where)
        _set_bit(self.error_lines if code.severity is Severity.ERROR else self.warning_lines, where.file, where.line)

    def unheld_class(self, code: Code, file: str, line: int) -> None:
        """A current enrolment row names a class no row of the classes export holds (V502, or D300 on
        a join of that export): a knock-on of no other loss the gate judges, so the row counts against
        its export as a warning's (X915, past half of it: a sections export still holding the ended
        term while the enrolments hold the new one, tester59 C1). A few such rows are a section deleted
        mid-term, or a new one exported a night late."""
        if not file or line <= 0:
            return
        self.codes[code.id] = code
        self.error_codes[file, code.id] += 1
        self.first_error.setdefault((file, code.id), Where(file=file, line=line, table="enrollments"))
        _set_bit(self.warning_lines, file, line)

    def own_problem(
        self, code: Code, where: Where, clue: list[str], key: str = "", *, suspect: str = "", shape: str = ""
    ) -> None:
        """A drop `counts_against_row` leaves to the record pointed to (D300), which was the row's
        own problem (Report.own_problem): a problem's drop all the same, for the safety gate.
        `key`: the key it named, filled in (`own_keys`)."""
        if key and len(self.own_keys) < PROBLEM_DROPS_KEPT:
            self.own_keys[where.file, where.line] = key
        drop = (where.table, where.record, where.file, where.line, code.id, where.who[1])
        if len(self.problem_drops) < PROBLEM_DROPS_KEPT:
            self.problem_drops.append(drop)
        else:
            self.problem_drops_over += 1
        if suspect and len(self.suspect_drops) < PROBLEM_DROPS_KEPT:
            self.suspect_drops.append((*drop, suspect, shape))
        if any(clue):
            self.lost_whole(where.file, where.line, clue)

    def lost_whole(self, file: str, line: int, cells: list[str]) -> None:
        """A row lost before it was mapped (I205): its cells, for the ID among them. Or a row
        mapped whose record could not be told (an ID read from an empty or garbled cell): what
        finds it (the class and user an enrolment names)."""
        if len(self.lost_cells) < PROBLEM_DROPS_KEPT:
            self.lost_cells[file, line] = tuple(c.strip() for c in cells)

    def counted(self, code: Code, file: str, table: str, count: int) -> None:
        """Records left out that only their number says (a worker's past the examples): they
        are never error-level ones, whose rows must be known (pipeline.overlap)."""
        self.codes[code.id] = code
        self.places[code.id, file, table] += count

    def by_place(self, severity: Severity) -> dict[str, Counter[str]]:
        """Records left out by problems of this severity: per output table (or, for a row left
        out before it was mapped to one, per export file), how many per code."""
        found: dict[str, Counter[str]] = {}
        for (cid, file, table), count in sorted(self.places.items()):
            if self.codes[cid].severity is severity:
                found.setdefault(table or file or "(run)", Counter())[cid] += count
        return found

    def kept(self, file: str, line: int) -> None:
        """A record made from this row was written."""
        _set_bit(self.kept_lines, file, line)

    def was_kept(self, file: str, line: int) -> bool:
        """Whether a record made from this row was written."""
        bits = self.kept_lines.get(file)
        return bits is not None and line >> 3 < len(bits) and bool(bits[line >> 3] & (1 << (line & 7)))

    def unkept(self, file: str, line: int) -> None:
        """The record made from this row was taken out of its written file (an ID two people
        share, V537): the row is lost after all, as if it had never been written."""
        bits = self.kept_lines.get(file)
        if bits is not None and line >> 3 < len(bits):
            bits[line >> 3] &= ~(1 << (line & 7)) & 0xFF

    def kept_many(self, file: str, blocks: list[tuple[int, int]]) -> None:
        """`kept` for many lines at once, given as (line // 64, bit line % 64 of each) pairs."""
        if not blocks:
            return
        bits = self.kept_lines.get(file)
        if bits is None:
            bits = self.kept_lines[file] = bytearray()
        end = (max(block for block, _ in blocks) + 1) * 8
        if end > len(bits):
            bits.extend(bytes(end - len(bits)))
        for block, mask in blocks:
            at = block * 8
            bits[at : at + 8] = (int.from_bytes(bits[at : at + 8], "little") | mask).to_bytes(8, "little")

    def error_rows(self, file: str, *, warnings: bool = False) -> int:
        """How many rows of the file errors (and, with `warnings`, warnings) left out: a record
        of theirs left out, none written."""
        lost = int.from_bytes(self.error_lines.get(file, b""), "little")
        if warnings:
            lost |= int.from_bytes(self.warning_lines.get(file, b""), "little")
        return (lost & ~int.from_bytes(self.kept_lines.get(file, b""), "little")).bit_count()

    def top_error(self, file: str, *, warnings: bool = False) -> Code | None:
        """The code that left out most records of the file: of the errors, or of all data problems."""
        counts = Counter(
            {key: n for key, n in self.error_codes.items() if warnings or self.codes[key[1]].severity is Severity.ERROR}
        )
        return self._top(counts, file)

    def top_in_table(self, table: str) -> Code | None:
        in_table: Counter[tuple[str, str]] = Counter()
        for (cid, _, where), count in self.places.items():
            in_table[where, cid] += count
        return self._top(in_table, table)

    def top_error_in_table(self, table: str) -> tuple[Code, int] | None:
        """The error-level code that left out most records of `table`, with its records."""
        errors: Counter[str] = Counter()
        for (cid, _, where), n in self.places.items():
            if where == table and self.codes[cid].severity is Severity.ERROR:
                errors[cid] += n
        found = sorted((-n, cid) for cid, n in errors.items())
        return (self.codes[found[0][1]], -found[0][0]) if found else None

    def _top(self, counts: Counter[tuple[str, str]], key: str) -> Code | None:
        found = sorted(((-n, cid) for (k, cid), n in counts.items() if k == key))
        return self.codes[found[0][1]] if found else None


def _set_bit(lines: dict[str, bytearray], file: str, line: int) -> None:
    bits = lines.get(file)
    if bits is None:
        bits = lines[file] = bytearray()
    byte = line >> 3
    if byte >= len(bits):
        bits.extend(bytes(max(byte + 1 - len(bits), len(bits))))  # doubling: amortised growth
    bits[byte] |= 1 << (line & 7)
