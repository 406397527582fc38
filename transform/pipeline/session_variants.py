"""Terms that share an ID and not their dates (strict target, academicSessions).

Many SIS have no term ID of their own in the sections export, so a profile builds one from the
school and the term's name ("0410-Q1"). Two calendars of one school (a regular and an
alternative-education calendar) each have a "Q1" with its own dates, and in the summer next
year's sections are exported beside this year's under the same names. Merged under one ID, the
session kept the first row's dates and school year: next year's classes were filed under last
year's session (tester17 F6), while the term filter had judged each class by its own dates.

Each distinct pair of dates under one ID is a session of its own: the earliest keeps the ID (an
export with one calendar and one year, the usual case, changes nothing), each later one gets its
start date after the ID ("0410-Q1-2027-08-16"; start and end where two share a start). A class
names the session of its own term dates.

Which is earliest depends on which years the export holds tonight: Illuminate's terms.txt keeps
last year's terms under the same names, so this year's S1 was "301-Semester 1-2026-08-17" while
they were there and "301-Semester 1" the night they left, every class's terms rewritten at exit 0
(tester68 F2: a strict consumer deletes and recreates every term). So a term the last published
set has (its academicSessions.csv: this ID, or this ID with dates after it, and the same dates)
keeps the ID that set gave it, whatever other years come or go; only terms new tonight are named
by the rule above.

Only an ID the profile builds of several cells is split: an ID the export gives (a OneRoster
sourcedId, an SDS Term SIS ID) is the SIS's own, and two rows of it with other dates are a
conflict in the export (V501), not two terms.

A built ID is the profile's, not the SIS's, so it is also written in the characters every strict
consumer takes (research/oneroster-spec.md §2: Great Minds `[A-Za-z0-9._-]`, Moodle's plugin
`[0-9A-Za-z._/@-]`): Illuminate's "301-Semester 1" is "301-Semester-1" (tester68 F6), each run of
other characters one '-'. A term the last published set has keeps the ID it had there, spaces and
all (a changed ID is a term deleted and another created for the consumer): a district already
publishing keeps its terms' IDs, and its new terms (next semester, next year) come in the safe form."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from transform.profile import templates
from transform.profile.compile import RulePlan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import MULTI_SEP, Draft

# The columns whose disagreement makes two sessions of rows that share an ID (pipeline.combine).
DATES = ("startDate", "endDate")
# What no strict consumer's sourcedId may hold (research/oneroster-spec.md §2), a run of it one '-'.
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_id(key: str) -> str:
    """A built session ID in the characters every strict consumer takes."""
    return _UNSAFE.sub("-", key)


@dataclass(frozen=True, slots=True)
class Variant:
    start: str  # ISO, as written
    end: str
    id: str


class SessionVariants:
    """The sessions whose ID the export gives with several dates, and which is which."""

    def __init__(
        self,
        report: Report,
        parse_date: Callable[[str], dt.date | None],
        rules: Iterable[RulePlan] = (),
        last_set: Path | None = None,
        state: Path | None = None,
    ) -> None:
        self.report = report
        self.parse_date = parse_date
        self.built = frozenset(rule.label for rule in rules if built_id(rule))  # rules whose IDs split
        self.by_id: dict[str, list[Variant]] = {}  # the ID as the export makes it -> its sessions
        self.first_of: dict[str, str] = {}  # of those, the ID of the session the export's ID names alone
        # the last set's: ID -> dates; with no set to read (OUT emptied, no copy kept), as last.json recorded them
        self.then = (published_sessions(last_set) or recorded_sessions(state)) if self.built else {}
        self.exported: frozenset[str] = frozenset()  # tonight's session IDs as the export makes them

    def split(self, sessions: Iterable[Draft]) -> list[Draft]:
        """The sessions, each pair of dates under one ID a session of its own ID. Rows with a
        blank date are left as they are (their ID, as before: a duplicate or a blank reported)."""
        drafts = list(sessions)
        taken = {d.values.get("sourcedId", "") for d in drafts}
        self.exported = frozenset(taken)
        dated: dict[str, dict[tuple[str, str], list[Draft]]] = {}
        for draft in drafts:
            key, start, end = (draft.values.get(c, "") for c in ("sourcedId", *DATES))
            if key and start and end and draft.rule in self.built:
                dated.setdefault(key, {}).setdefault((start, end), []).append(draft)
        for key, pairs in dated.items():
            variants = self._named(key, sorted(pairs), taken)
            if all(v.id == key for v in variants):
                continue
            first = next((v for v in variants if v.id in (key, safe_id(key))), variants[0])
            self.first_of[key] = first.id
            for variant in variants:
                for draft in pairs[variant.start, variant.end]:
                    draft.values["sourcedId"] = variant.id
                if len(variants) > 1 and variant is not first:
                    self._said(pairs[variant.start, variant.end][0], key, variant, first, pairs)
            self.by_id[key] = variants
        for draft in drafts if self.by_id else ():
            parent = draft.values.get("parentSourcedId", "")
            if parent in self.by_id:
                draft.values["parentSourcedId"] = self._parent(draft, parent)
        return drafts

    def _parent(self, draft: Draft, parent: str) -> str:
        """The session of `parent`'s ID whose dates hold the child's, else the one the ID names alone."""
        start, end = (draft.values.get(c, "") for c in DATES)
        holding = [v.id for v in self.by_id[parent] if start and end and v.start <= start and end <= v.end]
        return holding[0] if len(holding) == 1 else self.first_of[parent]

    def _named(self, key: str, ordered: list[tuple[str, str]], taken: set[str]) -> list[Variant]:
        """Each pair of dates under `key` with its session's ID: the one the last published set gave
        those dates, else `key` (in its safe form) for the earliest while no kept ID is it, else the start
        date after it."""
        kept = self._kept(key, ordered)
        held = {found for found in kept.values() if found}
        base = safe_id(key)
        starts = [start for start, _ in ordered]
        variants = []
        for start, end in ordered:
            found = kept[start, end]
            if not found and not {key, base} & held:
                found = key if base == key else _free(base, taken | held)
            elif not found:
                found = _free(f"{base}-{start}" if starts.count(start) == 1 else f"{base}-{start}-{end}", taken | held)
            held.add(found)
            taken.add(found)
            variants.append(Variant(start, end, found))
        return variants

    def _kept(self, key: str, ordered: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The ID the last published set gave the session of `key` with each pair of dates, or "".
        A term whose last day was corrected tonight is the one of its first day, when one alone of
        the last set's and one alone of tonight's start then: its ID is kept with it."""
        form = re.compile(f"({re.escape(key)}|{re.escape(safe_id(key))})" + r"(-\d{4}-\d{2}-\d{2}){0,2}(-\d+)?")
        mine = {found: dates for found, dates in sorted(self.then.items()) if form.fullmatch(found)}
        by_dates = {dates: found for found, dates in mine.items()}
        kept = {pair: by_dates.get(pair, "") for pair in ordered}
        left = {found: dates for found, dates in mine.items() if found not in kept.values()}
        for pair in (pair for pair in ordered if not kept[pair]):
            same = [found for found, (start, _) in left.items() if start == pair[0]]
            if len(same) == 1 and [start for start, _ in ordered].count(pair[0]) == 1:
                kept[pair] = same[0]
        return kept

    def _said(
        self, shown: Draft, key: str, variant: Variant, first: Variant, pairs: dict[tuple[str, str], list[Draft]]
    ) -> None:
        self.report.add(
            codes.code("session-id-split"),
            Where(shown.origin.file, shown.origin.line, "sourcedId", shown.table, variant.id, shown.who()),
            id=key,
            start=variant.start,
            end=variant.end,
            first_start=first.start,
            first_end=first.end,
            first_line=pairs[first.start, first.end][0].origin.line,
            new=variant.id,
        )

    def aliases(self, recorded: Iterable[str] = ()) -> dict[str, str]:
        """Each session ID published other than the export makes it -> the ID as the export makes
        it, the term filter's and last.json's (the gate reads a last set's classes by it). Tonight's
        sessions tell it for the terms still exported; the last set's own IDs for the terms that have
        left the export since: a kept suffixed ID of an ended term read as its export ID, as the
        Remind target's (review68 R2: else its classes' removal was not explained, X906). A safe form
        ('301-Semester-1') cannot be read back alone: the term IDs last.json `recorded` say it."""
        tonight = {v.id: key for key, variants in self.by_id.items() for v in variants if v.id != key}
        safe = {safe_id(t): t for t in recorded if safe_id(t) != t and safe_id(t) not in self.exported}
        then = {published: safe.get(key, key) for published, key in self._aliases_then().items()}
        return {**safe, **then, **tonight}

    def _aliases_then(self) -> dict[str, str]:
        """Each last-set session ID that is an ID this rule makes with its own dates after it (and a
        -N) -> the ID without them; not one tonight's export gives as it is (its own, unsplit)."""
        found = {}
        for published, (start, end) in self.then.items():
            if not start or published in self.exported:
                continue
            own = re.fullmatch(rf"(.+)-{re.escape(start)}(?:-{re.escape(end)})?(?:-\d+)?", published)
            if own:
                found[published] = own.group(1)
        return found

    def classes(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """Each class naming a split ID names the session of its own term dates instead."""
        if not self.by_id:
            yield from drafts
            return
        for draft in drafts:
            listed = draft.values.get("termSourcedIds", "")
            terms = [t for t in listed.split(",") if t]
            if any(t in self.by_id for t in terms):
                draft.values["termSourcedIds"] = ",".join(dict.fromkeys(self._own(draft, terms)))
            yield draft

    def _own(self, draft: Draft, terms: list[str]) -> Iterator[str]:
        pairs = self._dates(draft)
        for term in terms:
            variants = self.by_id.get(term)
            if variants is None:
                yield term
                continue
            own = [v.id for v in variants if (v.start, v.end) in pairs]
            if own:
                yield from own
                continue
            yield self.first_of.get(term, term)
            if len(variants) == 1:  # the term's one session, written in its safe form: nothing to tell
                continue
            self.report.add(
                codes.code("class-term-unmatched"),
                Where(
                    draft.origin.file,
                    draft.origin.line,
                    "termSourcedIds",
                    draft.table,
                    draft.values.get("sourcedId", ""),
                    draft.who(),
                ),
                id=draft.values.get("sourcedId", ""),
                term=term,
                dates=", ".join(f"{v.start}..{v.end}" for v in variants),
                own=", ".join(f"{s}..{e}" for s, e in sorted(pairs)) or "none",
            )

    def _dates(self, draft: Draft) -> set[tuple[str, str]]:
        """The class's own term dates (the term filter's), as the sessions write them."""
        starts = draft.extra.get("term_start", "").split(MULTI_SEP)
        ends = draft.extra.get("term_end", "").split(MULTI_SEP)
        found = set()
        for start_text, end_text in zip(starts, ends, strict=False):
            start, end = self.parse_date(start_text.strip()), self.parse_date(end_text.strip())
            if start is not None and end is not None:
                found.add((start.isoformat(), end.isoformat()))
        return found


def built_id(rule: RulePlan) -> bool:
    """The rule's sourcedId is built of several cells (the school and the term's name)."""
    return any(c.name == "sourcedId" and len(list(templates.fields(c.parts))) > 1 for c in rule.columns)


def published_sessions(last_set: Path | None) -> dict[str, tuple[str, str]]:
    """The sessions of the last published set (its academicSessions.csv), by ID with their dates;
    none without one (a first set, the Remind target)."""
    path = last_set / "academicSessions.csv" if last_set is not None else None
    if path is None or not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return {
                row.get("sourcedId") or "": (row.get("startDate") or "", row.get("endDate") or "")
                for row in csv.DictReader(handle)
            }
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}


def recorded_sessions(state: Path | None) -> dict[str, tuple[str, str]]:
    """The sessions last.json (in the `state` folder) says the last set published, by ID with their
    dates: read where OUT no longer holds that set and no copy of it was kept, or an upgrade night
    renamed its terms for a strict consumer at exit 0 (reviewer71 R2). None when unreadable."""
    try:
        data = json.loads((state / "last.json").read_text(encoding="utf-8")) if state is not None else {}
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    sessions = data.get("sessions") if isinstance(data, dict) else None
    if not isinstance(sessions, dict):
        return {}
    return {
        str(key): (str(dates[0]), str(dates[1]))
        for key, dates in sessions.items()
        if isinstance(dates, list) and len(dates) == 2
    }


def _free(key: str, taken: set[str]) -> str:
    """`key`, or with -2, -3 ... after it where an export's own session has that ID."""
    found, n = key, 1
    while found in taken:
        n += 1
        found = f"{key}-{n}"
    return found
