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

Only an ID the profile builds of several cells is split: an ID the export gives (a OneRoster
sourcedId, an SDS Term SIS ID) is the SIS's own, and two rows of it with other dates are a
conflict in the export (V501), not two terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from transform.profile import templates
from transform.profile.compile import RulePlan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import MULTI_SEP, Draft

# The columns whose disagreement makes two sessions of rows that share an ID (pipeline.combine).
DATES = ("startDate", "endDate")


@dataclass(frozen=True, slots=True)
class Variant:
    start: str  # ISO, as written
    end: str
    id: str


class SessionVariants:
    """The sessions whose ID the export gives with several dates, and which is which."""

    def __init__(
        self, report: Report, parse_date: Callable[[str], dt.date | None], rules: Iterable[RulePlan] = ()
    ) -> None:
        self.report = report
        self.parse_date = parse_date
        self.built = frozenset(rule.label for rule in rules if built_id(rule))  # rules whose IDs split
        self.by_id: dict[str, list[Variant]] = {}  # the ID as the export makes it -> its sessions

    def split(self, sessions: Iterable[Draft]) -> list[Draft]:
        """The sessions, each pair of dates under one ID a session of its own ID. Rows with a
        blank date are left as they are (their ID, as before: a duplicate or a blank reported)."""
        drafts = list(sessions)
        taken = {d.values.get("sourcedId", "") for d in drafts}
        dated: dict[str, dict[tuple[str, str], list[Draft]]] = {}
        for draft in drafts:
            key, start, end = (draft.values.get(c, "") for c in ("sourcedId", *DATES))
            if key and start and end and draft.rule in self.built:
                dated.setdefault(key, {}).setdefault((start, end), []).append(draft)
        for key, pairs in dated.items():
            if len(pairs) < 2:
                continue
            ordered = sorted(pairs)
            starts = [start for start, _ in ordered]
            first = pairs[ordered[0]][0]
            variants = [Variant(*ordered[0], key)]
            for start, end in ordered[1:]:
                new = f"{key}-{start}" if starts.count(start) == 1 else f"{key}-{start}-{end}"
                new = _free(new, taken)
                taken.add(new)
                variants.append(Variant(start, end, new))
                for draft in pairs[start, end]:
                    draft.values["sourcedId"] = new
                shown = pairs[start, end][0]
                self.report.add(
                    codes.code("session-id-split"),
                    Where(shown.origin.file, shown.origin.line, "sourcedId", shown.table, new, shown.who()),
                    id=key,
                    start=start,
                    end=end,
                    first_start=variants[0].start,
                    first_end=variants[0].end,
                    first_line=first.origin.line,
                    new=new,
                )
            self.by_id[key] = variants
        return drafts

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
            yield term
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


def _free(key: str, taken: set[str]) -> str:
    """`key`, or with -2, -3 ... after it where an export's own session has that ID."""
    found, n = key, 1
    while found in taken:
        n += 1
        found = f"{key}-{n}"
    return found
