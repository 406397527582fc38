"""A term running tonight that --term leaves out: refused (X819), whatever its share of the set.

--term chooses the terms to roster. A class of a term that runs on the as-of date, left out by the
terms chosen, would be removed from Remind (or left out of a first set) while its students are in
class. The term filter notes each such class as it leaves it out (`note_running`, called by
pipeline.filters), and refuses the run once every class is read (`refuse_running_left_out`),
counting only the classes that would reach Remind without --term: not dropped by the class
exclusions (the filter does not note those), and with a student the users keep enrolled tonight
(`Enrolled`; an empty class is left out anyway, F412: reviewer107 R2; so is one whose only
students are withdrawn or inactive, their enrolments left out with them: reviewer111 R3). No
running term is left out for ending soon: the next term is rostered ahead beside the running one
(`--term S1 --term S2 --term 26-27`), the running term's removal left to the night after it ends
(reviewer107 R1)."""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from transform.profile.compile import TermFilterPlan
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

if TYPE_CHECKING:
    from .filters import Term

# The classes, of those given, that a student enrolment kept tonight names (pipeline.enrolled_now).
Enrolled = Callable[[set[str]], set[str]]

EXAMPLES = 3  # classes named in the message


def note_running(report: Report, class_id: str, running: Iterable[Term], unnamed: str) -> None:
    """The class's terms running tonight (`report.terms_not_chosen`, by name; `unnamed`, the
    abbreviation or term IDs, for a term without one)."""
    for term in running:
        noted = report.terms_not_chosen.setdefault(term.name or unnamed, [term.start, term.end, set()])
        noted[0], noted[1] = min(noted[0], term.start), max(noted[1], term.end)
        noted[2].add(class_id)


def refuse_running_left_out(
    report: Report,
    rule: TermFilterPlan,
    as_of: dt.date,
    kept: Collection[str],
    chosen: Named,
    enrolled: Enrolled | None = None,
    ahead: Iterable[str] = (),
) -> None:
    """Refuse (X819, exit 1, nothing published) a set that --term made without a term running
    tonight, for the classes noted (`note_running`) none of whose rows is kept (`kept`, class IDs)
    and that a student the users keep is enrolled in tonight (`enrolled`; None: every one counts).

    A term running on the as-of date is never left out of Remind by --term, whatever the share of
    the set it is and on a first set too: its students are in class today. Refused, not published
    with exit 1: once published, Remind has already removed the running classes (reviewer103 R1: a
    few classes of a running Trimester 2, under the removal limit, went at exit 0 with an info
    F411). --allow-rollover does not publish it: the --term to add, or no --term, does. A --term
    naming a term that ended is said, to take out (reviewer103 R2), the terms that follow it added
    (`Named.follow`). `chosen`: what --term chose (`chosen_named`). `ahead`: the
    names of terms not chosen that start with a chosen term not started (Quarter 3 with Semester 2),
    added to the command the Next gives, so that they are rostered ahead too (reviewer111 R5)."""
    if not rule.selected:
        return
    left = set().union(*(ids for _, _, ids in report.terms_not_chosen.values())) - set(kept)
    if left and enrolled is not None:
        left = enrolled(left)
    held = {name: (start, end, set(ids) & left) for name, (start, end, ids) in report.terms_not_chosen.items()}
    held = {name: noted for name, noted in held.items() if noted[2]}
    report.terms_not_chosen = held  # type: ignore[assignment]
    if held:
        said = _said(held, rule, as_of, chosen, [n for n in ahead if n not in held])
        raise TransformAbort([Problem(codes.code("term-running-left-out"), Where(), said)])


def say_ended_named(report: Report, rule: TermFilterPlan, as_of: dt.date, chosen: Named, *, due: bool = True) -> None:
    """X842 (a warning a person looks at: published, but exit 1) of each --term whose chosen terms all
    ended before the as-of date: a --term kept in the nightly job after its term, whose classes the
    term filter leaves out as ended (the term change, X937) instead of keeping them in Remind
    (reviewer111 R1). The command's terms then replace it with the terms that follow it at its schools
    (`Named.follow`), rostered ahead as it was: without them, the next term was left out until its
    first day, refused then (X819; tester61 Y1, Trimester 3; the Q4 after Q3). With none to add and
    every term left running, no --term: the date rosters the next term ahead by itself. `due`: False
    on a night with nothing due (F422), nothing left out."""
    stale = _ended_named(chosen.ends, rule, as_of)
    if not stale:
        return
    then = _then(rule, stale, chosen)
    effect = (
        "its classes are left out as the term's end (X937), as on a night without it"
        if due
        else "nothing is due tonight, but the job still names it"
    )
    for typed, end in stale.items():
        follow = chosen.follow.get(typed.strip().casefold(), [])
        add = " ".join(f"--term {shlex.quote(name)}" for name in dict.fromkeys(name for name, _ in follow))
        starts = ", ".join(sorted({day.isoformat() for _, day in follow}))
        add = f" and add {add} (the term that follows it, from {starts}: rostered ahead)" if add else ""
        report.add(
            codes.code("term-named-ended"), Where(), term=shlex.quote(typed), end=end, effect=effect, add=add, then=then
        )


@dataclass(frozen=True, slots=True)
class Named:
    """What --term chose tonight, for the Next of X819 and X842 (`chosen_named`)."""

    # The last days of the terms chosen, by the --term name (casefolded) that chose them.
    ends: Mapping[str, list[dt.date]]
    # Of each --term name (casefolded) whose chosen terms all ended, the terms that follow them at their
    # schools (name as said, first day) that no --term chose.
    follow: Mapping[str, list[tuple[str, dt.date]]] = field(default_factory=dict)
    # Every term a --term chose whose terms have not all ended runs tonight.
    running: bool = False


def chosen_named(
    terms: Collection[Term],
    chosen: Collection[Term],
    picked: Mapping[tuple[str, str], set[str]],
    rule: TermFilterPlan,
    as_of: dt.date,
) -> Named:
    """What --term chose (`picked`: by school and term name, casefolded, the --term names that pick it):
    `Named`. A term follows an ended one at its school when it is the first of the classes' terms
    (`terms`) there to start after that one's end, of its school year, not ended tonight: the next
    term, with those starting on its day (Trimester 3 after Trimester 2; Semester 2 after Semester 1,
    and the Quarter 3 starting with it), as a night without --term rosters it."""
    ends = chosen_ends(chosen, picked)
    stale = {name.strip().casefold() for name in _ended_named(ends, rule, as_of)}
    follow: dict[str, list[tuple[str, dt.date]]] = {}
    for term in sorted(chosen, key=lambda t: (t.school, t.start, t.label)):
        for name in sorted(picked.get((term.school, term.label), set()) & stale):
            found = follow.setdefault(name, [])
            found += [(t.called, t.start) for t in _next(terms, term, rule, as_of) if t not in chosen]
    live = [t for t in chosen if picked.get((t.school, t.label), set()) - stale]
    return Named(
        ends,
        {name: list(dict.fromkeys(found)) for name, found in follow.items()},
        all(t.contains(as_of) for t in live),
    )


def _next(terms: Collection[Term], ended: Term, rule: TermFilterPlan, as_of: dt.date) -> list[Term]:
    """The terms that follow `ended` at its school (`chosen_named`)."""
    year = rule.years.of(ended.start)
    later = [
        t
        for t in terms
        if t.school == ended.school
        and t.label
        and t.start > ended.end
        and t.end >= as_of
        and rule.years.of(t.start) == year
    ]
    first = min((t.start for t in later), default=None)
    return sorted((t for t in later if t.start == first), key=lambda t: t.label)


def _then(rule: TermFilterPlan, stale: Mapping[str, str], chosen: Named, held: Iterable[str] = ()) -> str:
    """The command's terms once every --term in `stale` is replaced by the terms that follow it, and
    `held` (X819's terms to add) added; none, when nothing is added and the terms left all run tonight:
    the date rosters the next term ahead by itself."""
    folded = {name.strip().casefold() for name in stale}
    rest = [n for n in rule.named if n.strip().casefold() not in folded]
    added = [*held, *(name for typed in stale for name, _ in chosen.follow.get(typed.strip().casefold(), []))]
    names = list(dict.fromkeys([*rest, *added]))
    if not added and (not rest or chosen.running):
        return "none: run without --term (the date rosters the next term ahead by itself)"
    return " ".join(f"--term {shlex.quote(n)}" for n in names)


def _said(
    held: Mapping[str, tuple[dt.date, dt.date, set[str]]],
    rule: TermFilterPlan,
    as_of: dt.date,
    chosen: Named,
    ahead: list[str],
) -> dict[str, object]:
    classes = sorted(set().union(*(ids for _, _, ids in held.values())))
    terms = "; ".join(
        f"{name!r}, {start.isoformat()} to {end.isoformat()}" for name, (start, end, _) in sorted(held.items())
    )
    stale = _ended_named(chosen.ends, rule, as_of)
    add = " ".join(f"--term {shlex.quote(name)}" for name in sorted(held))
    command = _then(rule, stale, chosen, [*sorted(held), *ahead])
    also = " ".join(f"--term {shlex.quote(name)}" for name in ahead)
    also = f" (and {also}, starting with the term chosen ahead)" if ahead else ""
    out = "".join(
        f"take out --term {shlex.quote(name)} (it ended on {day}{_followed(chosen, name, [*held, *ahead])}), "
        for name, day in stale.items()
    )
    shown = ", ".join(classes[:EXAMPLES])
    return {
        "selected": " ".join(f"--term {shlex.quote(n)}" for n in rule.named),
        "as_of": as_of.isoformat(),
        "terms": terms,
        "count": len(classes),
        "classes": "class" if len(classes) == 1 else "classes",
        "example": f"such as {shown}, ..." if len(classes) > EXAMPLES else shown,
        "whose": "its" if len(classes) == 1 else "their",
        "ended": "".join(f"; --term {shlex.quote(n)} names a term that ended on {d}" for n, d in stale.items()),
        "add": add,
        "step": f"{out}add {add}{also} (the command's terms then: {command}), or take --term out",
    }


def _followed(chosen: Named, typed: str, added: Collection[str]) -> str:
    """'; --term Q4 follows it', of a --term whose terms ended (`Named.follow`), but those `added` anyway; or ''."""
    follow = dict.fromkeys(name for name, _ in chosen.follow.get(typed.strip().casefold(), []) if name not in added)
    names = " ".join(f"--term {shlex.quote(name)}" for name in follow)
    return f"; {names} follows it" if names else ""


def chosen_ends(chosen: Iterable[Term], picked: Mapping[tuple[str, str], set[str]]) -> dict[str, list[dt.date]]:
    """The last days of the terms chosen, by the --term name (casefolded) that chose them
    (`picked`: by school and term name, casefolded, the --term names that pick it)."""
    found: dict[str, list[dt.date]] = {}
    for term in chosen:
        for key in picked.get((term.school, term.label), ()):
            found.setdefault(key, []).append(term.end)
    return found


def _ended_named(chosen: Mapping[str, list[dt.date]], rule: TermFilterPlan, as_of: dt.date) -> dict[str, str]:
    """The --term names (as typed) whose chosen terms all ended before the as-of date, with their
    last day: a --term kept in the nightly job after its term (reviewer103 R2)."""
    found: dict[str, str] = {}
    for typed in rule.named:
        ends = chosen.get(typed.strip().casefold(), [])
        if ends and max(ends) < as_of:
            found[typed] = max(ends).isoformat()
    return found
