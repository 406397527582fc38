"""A later night's new classes of a term not running, held back instead of the night refused (firstset61).

A profile with no filters.current_term publishes every class its export holds; where the classes' dates
show a term not running tonight (unfiltered_terms, I274), a new profile's set is refused (I228), as
nothing of the night is lost by waiting. On a later night (a last published set compared with, the
profile unchanged) the SIS adding next semester's sections (December) refused the whole night (I228):
the night's withdrawals, new students and teacher changes waited weeks for the term to start or the
admin to write the filter, and a refusal was all anyone saw.

So on such a night the classes of a term not running that the last set held no class of at their school
(by ID, or re-keyed: a class of the last set gone tonight, of the same title and school) are taken out of
tonight's staged set with their enrolments, before the safety gate counts it: they are not due yet, and
come when their term runs (filters.current_term at its defaults, judged at each class's school). Nothing
of the last set is held back: its classes, and new sections of a term it holds at their school, are
published as before (I274). The students stay, as the term filter leaves a student enrolled in next
semester's classes only: published in no class until they are.

Said as a question the first night a term is held back at a school (X801, exit 1: the filter line to
write, or `current_term: {enabled: false}` if every class is meant); later nights holding back no other
(school, term) say how many and until when (I233, exit 0), as a pause is said. last.json keeps the
(school, term) pairs held back (KEY); I274 is taken back where every class it counted is held back.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from transform.profile.compile import CLASS_TABLE
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import new_profile_stops, unfiltered_terms

KEY = "held_back"  # last.json: [[school, term as said], ...] held back on the night it was published
SHOWN = 5  # terms listed in a message
_NOT_READ = "0001-01-01"  # unfiltered_terms' first day of a term whose dates are not read


class _Staged(Protocol):
    path: Path

    def drop_rows(self, name: str, sourced_ids: set[str], report: Report) -> dict[str, dict[str, str]]: ...


def hold_back(report: Report, staging: _Staged, *, previous: Path, state: Mapping[str, Any], as_of: str) -> set[str]:
    """Take tonight's new classes of terms not running (the module's doc) and their enrolments out of the
    staged set, and say it (X801 or I233). Returns the staged files rewritten ({} when none held back)."""
    other = report.classes_other_terms
    if not other:
        return set()
    tonight = unfiltered_terms.titled_classes(staging.path / f"{CLASS_TABLE}.csv")
    held = new_classes(other, unfiltered_terms.titled_classes(previous / f"{CLASS_TABLE}.csv"), tonight)
    if not held:
        return set()
    staging.drop_rows(CLASS_TABLE, held, report)
    enrolments = _enrolments_of(staging.path / "enrollments.csv", held)
    staging.drop_rows("enrollments", enrolments, report)
    places = sorted({(tonight[cid][1], other[cid]) for cid in held})
    asked = {tuple(pair) for pair in state.get(KEY, ()) if isinstance(pair, list)}
    said = next(iter(report.examples.get("I274", ())), None)
    again = set(places) <= asked  # every term held back tonight was said before (X801): I233
    code = codes.code("classes-other-terms-still-held-back") if again else codes.code("classes-other-terms-held-back")
    params = {
        "path": said.params.get("path", "") if said else "",
        "classes": f"{len(held):,}",
        "enrollments": f"{len(enrolments):,}",
        "terms": _listed(Counter(other[cid] for cid in held), report.other_term_starts, as_of),
    }
    step = new_profile_stops.terms_step(said) if said else new_profile_stops.terms_step(None)
    report.add(code, said.where if said else Where(), **params, step=step)
    report.facts[KEY] = [list(place) for place in places]
    _i274_taken_back(report, held)
    return {f"{CLASS_TABLE}.csv", "enrollments.csv"}


def new_classes(
    other: Mapping[str, str], last: Mapping[str, tuple[str, str]], tonight: Mapping[str, tuple[str, str]]
) -> set[str]:
    """The classes of `other` (class ID -> term) whose term the last set (`last`: ID -> title, school) held
    no class of at their school: a class it held by ID, or re-keyed (a class of the last set gone tonight,
    of the same title and school). A new section of a term the last set holds at its school is not new
    (reviewer155 R3: a district upgrading with both semesters' classes published); one of a term another
    school's classes were published under is (a term running there, not here)."""
    gone = {pair for cid, pair in last.items() if cid not in tonight}
    school = {cid: tonight.get(cid, ("", ""))[1] for cid in other}
    held = {(school[cid], term) for cid, term in other.items() if cid in last or tonight.get(cid, ("", "")) in gone}
    return {cid for cid, term in other.items() if (school[cid], term) not in held}


def _enrolments_of(path: Path, classes: set[str]) -> set[str]:
    """The sourcedIds of the enrolments of `classes` in a written enrollments.csv."""
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle) if row.get("classSourcedId") in classes}


def _listed(terms: Counter[str], starts: Mapping[str, str], as_of: str) -> str:
    """Each term held back with its classes, and until when: its first day, or ended (for good)."""
    shown = sorted(terms.items(), key=lambda item: (starts.get(item[0], ""), item[0]))
    listed = "; ".join(f"{term}: {n:,}, {_until(starts.get(term, ''), as_of)}" for term, n in shown[:SHOWN])
    return listed + (f"; and {len(shown) - SHOWN} more" if len(shown) > SHOWN else "")


def _until(start: str, as_of: str) -> str:
    if not start or start == _NOT_READ:
        return "its dates not read: held back until the profile says which classes are meant"
    if start > as_of:
        return f"held back until {start}"
    return "ended: held back for good"


def _i274_taken_back(report: Report, held: set[str]) -> None:
    """I274 says the classes of other terms published: taken back where every one is held back, else
    said with how many of them are (a class of a term the last set held is published as before)."""
    other = set(report.classes_other_terms)
    code = codes.code("classes-no-term-filter")
    examples = list(report.examples.get(code.id, ()))
    report.withdraw(code)
    if other <= held:
        return
    for said in examples:
        found = str(said.params.get("found", ""))
        if said.params.get("other_classes"):
            found += f" ({len(held & other):,} of them held back tonight: X801)"
        report.add(said.code, said.where, **{**said.params, "found": found})


def damage(state: Mapping[str, Any]) -> str:
    """Why last.json's KEY cannot be read; '' when it can or is not there (gate.RECORDED)."""
    pairs = state.get(KEY)
    if pairs is None:
        return ""
    if isinstance(pairs, list) and all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair) for pair in pairs
    ):
        return ""
    return f"'{KEY}' is not a list of [school, term] pairs"
