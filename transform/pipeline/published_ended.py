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

An ended term's classes gone at a school (either way: gate._term_replaced's or this module's) stay counted where
tonight's set holds fewer classes of the terms begun since there than half of those lost (`thin_followers`,
review197 R1: a spring export cut at one school on its first night published at exit 0).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from transform.cleaners.school_year import SchoolYear
from transform.pipeline.filters import SCHOOL_YEAR_GAP_DAYS

from . import gate, set_files
from .filters import Term
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


THIN_KEY = "thin_followers"  # report.facts: school -> [classes of the terms begun since, ended ones lost]
ENDED_ON = re.compile(r" ended (\d{4}-\d{2}-\d{2})" + re.escape(BY_THE_LAST_SET) + "$")


def thin_followers(
    changes: Mapping[str, Change],
    previous: Path | None,
    staged: Path,
    *,
    tonight: dt.date | None,
    current: Mapping[str, Term],
    tonight_terms: Sequence[Sequence[Any]] = (),
    held_as: Mapping[str, str] | None = None,
) -> dict[str, tuple[int, int]]:
    """Take back the calendar's explanation (Change.replaced: gate._term_replaced, `explain`) of an ended
    term's classes gone at a school where tonight's set holds fewer classes of the terms begun since than half
    of those it lost: a class export cut at one school on the term's first night (review197 R1: the fall
    dropped, 0482's spring cut to 1 of 3 sections, published at exit 0 with OUT kept). Counted are the staged
    classes at the school with a term of tonight's (`current`, or hold-back's `tonight_terms`) begun after the
    earliest of the lost terms ended, by `tonight`, whether or not the last set held them already (a spring
    published ahead counts). A school with no such class is left as it was (its next term not begun, or a year
    over: gate.ended_gone); `held_as`: a session ID the strict target publishes -> the export's, by which
    `current` names it (gate.compare's). Returns, by school taken back, (classes of the terms begun since,
    classes lost)."""
    classes = changes.get("classes")
    if classes is None or not classes.replaced or previous is None or tonight is None:
        return {}
    lost: dict[str, list[str]] = {}
    ends: dict[str, dt.date] = {}
    for values, cid in set_files.records_of(previous / "classes.csv"):
        said = ENDED_ON.search(classes.replaced.get(cid, ""))
        if said is not None:
            school, end = values.get("schoolSourcedId", ""), dt.date.fromisoformat(said.group(1))
            lost.setdefault(school, []).append(cid)
            ends[school] = min(end, ends.get(school, end))
    named = {**current, **{ours: current[theirs] for ours, theirs in (held_as or {}).items() if theirs in current}}
    begun = _begun_since(staged, ends, tonight=tonight, current=named, tonight_terms=tonight_terms)
    thin = {s: (len(begun.get(s, ())), len(ids)) for s, ids in lost.items() if 0 < 2 * len(begun.get(s, ())) < len(ids)}
    taken = {cid for school in thin for cid in lost[school]}
    if taken:
        _take_back(changes, taken, previous)
    return thin


def note_thin(facts: dict[str, Any], thin: Mapping[str, tuple[int, int]]) -> None:
    """`thin_followers`' schools in the report's facts (THIN_KEY), for the refusal's step (report.summary)."""
    if thin:
        facts[THIN_KEY] = {school: list(counts) for school, counts in sorted(thin.items())}


def _begun_since(
    staged: Path,
    ends: Mapping[str, dt.date],
    *,
    tonight: dt.date,
    current: Mapping[str, Term],
    tonight_terms: Sequence[Sequence[Any]],
) -> dict[str, set[str]]:
    """By school of `ends`, the IDs of the staged classes of a term begun after the school's end, by `tonight`."""
    found: dict[str, set[str]] = {}
    for values, cid in set_files.records_of(staged / "classes.csv"):
        school = values.get("schoolSourcedId", "")
        terms = (current.get(t) for t in gate.term_ids(values.get("termSourcedIds", "")))
        if school in ends and any(t is not None and ends[school] < t.start <= tonight for t in terms):
            found.setdefault(school, set()).add(cid)
    for entry in tonight_terms:
        span = _span(entry[3]) if len(entry) > 3 else None
        school = str(entry[0])
        if span is not None and school in ends and ends[school] < span[0] <= tonight:
            found.setdefault(school, set()).update(str(cid) for cid in entry[2])
    return found


def _take_back(changes: Mapping[str, Change], taken: set[str], previous: Path) -> None:
    """The classes `taken` (and their enrolments) out of Change.replaced: counted as removals again."""
    classes = changes["classes"]
    for cid in taken:
        classes.replaced.pop(cid, None)
    enrolments = changes.get("enrollments")
    if enrolments is None or not enrolments.replaced:
        return
    for values, key in set_files.records_of(previous / "enrollments.csv"):
        if values.get("classSourcedId", "") in taken:
            enrolments.replaced.pop(key, None)
