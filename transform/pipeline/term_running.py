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
    chosen: Mapping[str, list[dt.date]],
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
    naming a term that ended is said, to take out (reviewer103 R2). `chosen`: the last days of the
    terms chosen, by the --term name (casefolded) that chose them (`chosen_ends`). `ahead`: the
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


def say_ended_named(
    report: Report, rule: TermFilterPlan, as_of: dt.date, chosen: Mapping[str, list[dt.date]], *, due: bool = True
) -> None:
    """X842 (a warning a person looks at: published, but exit 1) of each --term whose chosen terms all
    ended before the as-of date: a --term kept in the nightly job after its term, whose classes the
    term filter leaves out as ended (the term change, X937) instead of keeping them in Remind
    (reviewer111 R1). `due`: False on a night with nothing due (F422), nothing left out."""
    stale = _ended_named(chosen, rule, as_of)
    if not stale:
        return
    folded = {name.strip().casefold() for name in stale}
    rest = [n for n in rule.named if n.strip().casefold() not in folded]
    then = " ".join(f"--term {shlex.quote(n)}" for n in rest) or "none: run without --term"
    effect = (
        "its classes are left out as the term's end (X937), as on a night without it"
        if due
        else "nothing is due tonight, but the job still names it"
    )
    for typed, end in stale.items():
        report.add(codes.code("term-named-ended"), Where(), term=shlex.quote(typed), end=end, effect=effect, then=then)


def _said(
    held: Mapping[str, tuple[dt.date, dt.date, set[str]]],
    rule: TermFilterPlan,
    as_of: dt.date,
    chosen: Mapping[str, list[dt.date]],
    ahead: list[str],
) -> dict[str, object]:
    classes = sorted(set().union(*(ids for _, _, ids in held.values())))
    terms = "; ".join(
        f"{name!r}, {start.isoformat()} to {end.isoformat()}" for name, (start, end, _) in sorted(held.items())
    )
    stale = _ended_named(chosen, rule, as_of)
    given = [n for n in rule.named if n.strip().casefold() not in {s.casefold() for s in stale}]
    add = " ".join(f"--term {shlex.quote(name)}" for name in sorted(held))
    command = " ".join(f"--term {shlex.quote(name)}" for name in [*given, *sorted(held), *ahead])
    also = " ".join(f"--term {shlex.quote(name)}" for name in ahead)
    also = f" (and {also}, starting with the term chosen ahead)" if ahead else ""
    out = "".join(f"take out --term {shlex.quote(name)} (it ended on {day}), " for name, day in stale.items())
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
