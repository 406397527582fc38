"""Classes gone at a term change that only last.json's terms_published dates (heldback63, from tester85).

A profile whose classes carry no term ID (no filters.current_term, the harbor district of the tests: the
sections' own TermStart/TermEnd read by unfiltered_terms) gives the gate nothing to judge a removed class by
(gate.compare reads the last set's termSourcedIds): the SIS dropping the fall's sections on the spring's first
day was refused (X906: "no new term or school year does that") every night with OUT kept after each upload,
while OUT emptied published (X973). last.json's terms_published (held_back.TERMS_KEY) records, by school, the
classes published under each term with its dates: a removed class recorded so is of a term that ended.

It is a term change, explained as gate._term_replaced explains one (into Change.ended_then and replaced, then
gate.explain_terms_replaced, which still counts them where tonight's set leaves students in no class): the
recorded term ended before tonight, at most a break before the day the last set was made (a set made through
the break, the ended term still exported, held it since),
and a term of tonight's set at the class's school (held_back.published: tonight's classes by school and term,
with the term's dates) began after it ended, a break apart at most, by tonight, in the same school year. Only
the dates recorded then judge it: a term whose end tonight's export moves before tonight explains nothing, nor
does a school whose next term has no class tonight, nor a term still running.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from transform.cleaners.school_year import SchoolYear
from transform.pipeline.filters import SCHOOL_YEAR_GAP_DAYS

from . import set_files
from .gate import BY_THE_LAST_SET, Change

Span = tuple[str, str, dt.date, dt.date]  # school, term key, first day, last day


def recorded(pairs: object) -> dict[str, Span]:
    """held_back.TERMS_KEY's entries ([school, key, [class IDs], "start/end"]) as class ID -> its school, term
    key and dates; a pair with no key or dates is none (its classes were kept by ID, or their term not read)."""
    found: dict[str, Span] = {}
    for pair in pairs if isinstance(pairs, list) else ():
        span = _span(pair[3]) if isinstance(pair, list) and len(pair) > 3 and pair[1] else None
        if span is not None:
            for cid in pair[2]:
                found[str(cid)] = (str(pair[0]), str(pair[1]), *span)
    return found


def _span(text: object) -> tuple[dt.date, dt.date] | None:
    if not isinstance(text, str) or "/" not in text:
        return None
    try:
        start, end = (dt.date.fromisoformat(part) for part in text.split("/", 1))
    except ValueError:
        return None
    return start, end


def explain(
    changes: dict[str, Change],
    *,
    state: Mapping[str, Any],
    tonight_terms: Sequence[Sequence[Any]],
    previous: Path | None,
    nights: tuple[dt.date | None, dt.date | None],
    years: SchoolYear,
    compared: bool = True,
) -> None:
    """Note the removed classes (and their enrolments) of a term last.json recorded published that ended at a
    term change (the module's doc) as replaced: `tonight_terms` is tonight's held_back.published, `nights` the
    last set's as-of date and tonight's; `compared`: False against a --previous set (last.json records another)."""
    classes = changes.get("classes")
    made, tonight = nights
    if not compared or classes is None or previous is None or made is None or tonight is None or not classes.removed:
        return
    spans = recorded(state.get("terms_published"))
    begun = _begun(tonight_terms, tonight)
    gone: dict[str, str] = {}
    for cid in classes.removed:
        if cid in classes.ended or cid in classes.ended_then or cid in classes.moved or cid not in spans:
            continue
        school, key, _, end = spans[cid]
        if _ended_lately(end, nights=(made, tonight), years=years) and _followed(begun.get(school, ()), end):
            gone[cid] = f"{key} ended {end.isoformat()}{BY_THE_LAST_SET}"
    if not gone:
        return
    for cid, why in gone.items():
        classes.ended_then[cid] = classes.replaced[cid] = why
    enrolments = changes.get("enrollments")
    if enrolments is None or not enrolments.removed:
        return
    removed = set(enrolments.removed) - set(enrolments.ended)
    for values, key in set_files.records_of(previous / "enrollments.csv"):
        said = gone.get(values.get("classSourcedId", ""), "")
        if key in removed and said:
            enrolments.ended_then[key] = enrolments.replaced[key] = said


def _ended_lately(end: dt.date, *, nights: tuple[dt.date, dt.date], years: SchoolYear) -> bool:
    """A term that ended before tonight in tonight's school year, a break at most before the last set was
    made: a nightly job publishing through the break (the fall kept in the export to the spring's eve) made
    its last set after the fall ended (review192 R2: refused every night from the spring's first day)."""
    made, tonight = nights
    return end < tonight and (made - end).days <= SCHOOL_YEAR_GAP_DAYS and years.of(end) == years.of(tonight)


def _begun(tonight_terms: Sequence[Sequence[Any]], tonight: dt.date) -> dict[str, list[dt.date]]:
    """The first days of the terms of tonight's classes begun by tonight, by school."""
    found: dict[str, list[dt.date]] = {}
    for entry in tonight_terms:
        span = _span(entry[3]) if len(entry) > 3 and entry[1] and entry[2] else None
        if span is not None and span[0] <= tonight:
            found.setdefault(str(entry[0]), []).append(span[0])
    return found


def _followed(starts: Sequence[dt.date], end: dt.date) -> bool:
    """A term of tonight's set at the school began after `end`, a break apart at most."""
    return any(end < start and (start - end).days <= SCHOOL_YEAR_GAP_DAYS for start in starts)


def followed_whole(changes: Mapping[str, Change], previous: Path | None, staged: Path) -> bool:
    """Whether, at each school whose classes an ended term took out of the set tonight, the classes new tonight
    there (the terms that followed) number at least half of those taken out (`gate.shrunk_by_the_calendar`); a
    school with no class new tonight is left to the rules of a year or term ended with none after it (X906):
    a class export cut at one school on the term's first night loses the ended term's rows there by the
    calendar, and the next term's too, which no set published, so no removal counts them (review192 R1: the
    fall dropped and the spring cut to 1 of 3 sections at one school published at exit 0)."""
    classes = changes.get("classes")
    if classes is None or not classes.ended or previous is None:
        return True
    taken: Counter[str] = Counter()
    for values, key in set_files.records_of(previous / "classes.csv"):
        if key in classes.ended:
            taken[values.get("schoolSourcedId", "")] += 1
    new: Counter[str] = Counter()
    for values, key in set_files.records_of(staged / "classes.csv"):
        if key in classes.added_ids:
            new[values.get("schoolSourcedId", "")] += 1
    return all(2 * new[school] >= count for school, count in taken.items() if new[school])
