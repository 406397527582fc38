"""A term the last published set held as running, dated tonight as ended before that set was made.

The mirror of X947 (a term moved ahead, filters._refuse_terms_moved). On a night with nothing due
(a break between terms F443, the summer F422, a later term F421, I288), the last published set may
have held classes of a term ID as current, its end then still to come on the day that set was made,
while tonight's export dates that very ID as ended before that day (tester56 T4: every section's
term end written 1/10/2018 in a sections export, the set as of 2018-01-15 holding the term until
2018-06-30). No calendar does that: the set of the 15th was read with the term running. Said as a
break it would be silent (exit 0) every night until the break is due, no change reaching Remind.
Refused (X840), naming the term, its end then and now and where tonight's end is written.

Not refused: a term whose end a correction moved to a day still after the last set's (an honest fix
of a wrong end date: its classes are current or ended since, as the calendar says), a term whose
end is the one the last set had (a term that really ended: the ordinary break), and a term that by
its end then has ended by tonight too (a semester's last day corrected a day earlier, ended by either
date: tester36 F1's correction, on a night with nothing due). A term the
last set kept over a break (break_kept) is judged as of the day that set judged it on.
--allow-rollover skips the refusal, for the rare export whose earlier end is the truth (a term the
SIS had dated wrong when the last set was made): the night is then the break it says, and last.json
keeps the end so accepted (ACCEPTED: on a night with nothing due, the only state it writes), so that
the nights of the break after it, the same end exported, are not refused again (reviewer110 R4: they
were, every night until the next term was exported, or --allow-rollover was left in the job). A term
exported with another end than the one accepted is judged again as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

if TYPE_CHECKING:
    from .filters import HeldTerms, Term, TermsExported

# last.json: term ID -> [name, start, end] tonight's export gave a term of the last set that
# --allow-rollover accepted as ended before that set was made (X840 not said while it stays so).
ACCEPTED = "terms_moved_back"


def refuse(
    held: HeldTerms,
    tonight: Mapping[str, Term],
    places: Mapping[str, str],
    exported: TermsExported | None,
    as_of: dt.date,
    report: Report,
) -> None:
    """Raise X840 when a term of the last set, by its dates then still running on `as_of`, ends tonight
    before the day that set was judged on, unless that end is the one accepted before (held.accepted).
    With --allow-rollover, the terms so are kept in report.facts[ACCEPTED] instead, for last.json.
    `tonight`: the classes' terms by ID; `places`: the first class row naming each ID with them
    ("Section.csv line 2"); `exported`: the joined terms export's dated rows with theirs, when read."""
    day = _held_day(held)
    if day is None:
        return
    moved = sorted(
        (now.end, term_id, then, now)
        for term_id, then in held.terms.items()
        if then.end >= as_of
        and (now := tonight.get(term_id)) is not None
        and now.end < day
        and held.accepted.get(term_id) != now.end
    )
    if not moved:
        return
    if held.moved_back_allowed:
        report.facts[ACCEPTED] = {
            term_id: [now.name or then.name, now.start.isoformat(), now.end.isoformat()]
            for _, term_id, then, now in moved
        }
        return
    shown = "; ".join(
        f"{then.name or term_id} ({term_id}): ended {now.end.isoformat()} tonight "
        f"({_place(term_id, now, places, exported)}), {then.end.isoformat()} in the last set"
        for _, term_id, then, now in moved[:3]
    ) + (f"; and {len(moved) - 3} more" if len(moved) > 3 else "")
    raise TransformAbort(
        [
            Problem(
                codes.code("term-moved-back"),
                Where(),
                {"count": len(moved), "last": day.isoformat(), "terms": shown},
            )
        ]
    )


def _held_day(held: HeldTerms) -> dt.date | None:
    """The day the last set judged its classes' terms on (a break night's: the ended term's last day)."""
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(held.judged or held.as_of)
    return None


def _place(term_id: str, now: Term, places: Mapping[str, str], exported: TermsExported | None) -> str:
    """The terms export's row of tonight's dates when they are joined from one, else the first class row
    naming the term ID with them."""
    if exported is not None:
        for term, place in exported({now.school} - {""}):
            if (term.start, term.end) == (now.start, now.end) and term.school in (now.school, ""):
                return place
    return places.get(term_id, "") or "the classes' rows"


def accepted_damage(state: Mapping[str, Any]) -> str:
    """Why last.json's terms accepted as ended early (ACCEPTED) cannot be read; '' when they can, or
    are not there. Read past, a damaged acceptance would either refuse every night again or, worse,
    let another end through: it stops the run (X930) as the other carried keys do."""
    if ACCEPTED not in state:
        return ""
    held = state[ACCEPTED]
    if not isinstance(held, dict):
        return f"{ACCEPTED!r} is a JSON {type(held).__name__}, not a table of terms and dates"
    for term_id, value in held.items():
        if not (
            isinstance(value, list)
            and len(value) == 3
            and all(isinstance(cell, str) for cell in value)
            and all(_iso(cell) for cell in value[1:])
        ):
            return f"{ACCEPTED!r} gives term {term_id!r} {json.dumps(value)[:120]}, not a name and two dates"
    return ""


def accepted_ends(state: Mapping[str, Any]) -> dict[str, dt.date]:
    """The end accepted of each term ID (ACCEPTED, checked by `accepted_damage`)."""
    held = state.get(ACCEPTED)
    if accepted_damage(state) or not isinstance(held, dict):
        return {}
    return {str(term_id): dt.date.fromisoformat(value[2]) for term_id, value in held.items()}


def _iso(text: str) -> bool:
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
