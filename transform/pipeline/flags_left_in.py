"""A flag left in the nightly job never turns a night that would have been refused into exit 0.

--allow-incomplete and --allow-rollover are a person's word for one night: publish what the gate
refused. Districts leave them in the scheduled job (the usual way: the night they were needed
worked, so the command line stayed), and every later night's refusal of the kind was then
published at exit 0, said only as a warning (reviewer93 R1: an enrolments end-date column renamed,
X918, the ended enrolments kept in Remind; R2 and tester74 F4: students.txt and cc.txt cut at the
same students, a school's whole schedule gone mid-term, under --allow-rollover).

So each night the flag changed what was published, the run exits 1 ("Published, but"), with one
line naming what it let through:
- F453: every refusal --allow-incomplete let through (X918, X889, X963, X970, and X883 where the
  flag published it); a cut export is F451's already.
- F454: what --allow-rollover let through (removals over the limit, X908 and its kinds; exports
  emptied, shrunk or gone and students left with no parent, which the flag skips: `note`), unless
  tonight's calendar explains it (`calendar_explains`): the flag's purpose is a new term or school
  year, whose removals it publishes at exit 0, as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from transform.cleaners.school_year import SchoolYear
from transform.report import codes
from transform.report.report import Report

from .filters import Term

# Said only where --allow-incomplete published what would have been refused: X918 (incomplete-allowed),
# X889 (classes-rows-missing-allowed), X963 (school-classes-unenrolled-allowed), X970 (guardians-errors-allowed).
INCOMPLETE = ("X918", "X889", "X963", "X970")
# X883 (users-rows-missing-allowed) is said without the flag too (rows missing under the limit): only its
# examples the flag published.
USERS_ROWS_ALLOWED = "X883"
# report.facts: how many X883 --allow-incomplete published (`rows_let_through`)
ROWS_LET_THROUGH = "users_rows_let_through"
# Said only where --allow-rollover published what would have been refused: X908 (rollover-allowed), X960
# (kind-removal-allowed), X995, X998 (a school's classes removed, its students in none), X898, X992, X924
# (students in no class, birth dates lost, columns blanked), X985 (schools under new IDs), X846 (a school gone).
ROLLOVER = ("X908", "X960", "X995", "X998", "X898", "X992", "X924", "X985", "X846")
# X846 (a school gone whole, pipeline.school_gone): a term change elsewhere does not explain it either
SCHOOL_GONE = "X846"
ROLLOVER_WORDS = "--allow-rollover: "
# report.facts: the refusals --allow-rollover skips before they are judged (gate.check_inputs, orphans_gate)
SKIPPED = "rollover_skipped"
# report.facts: the tables whose removals --allow-rollover published over the limit once those of a
# class whose own term ended (gate.Change.ended: that school's calendar) are set apart (`unexplained`)
UNEXPLAINED = "rollover_unexplained"
# `calendar_explains` where a new school year begins tonight, or no set came before: every removal
NEW_YEAR = None
DETAILS = 2  # X918's details named in F453's line; the others are counted


def note(report: Report, refusal: str) -> None:
    """A refusal --allow-rollover skipped tonight (`refusal`: its code and what it would have said in
    a few words), for F454 to name when the calendar does not explain the night."""
    report.facts.setdefault(SKIPPED, []).append(refusal)


def rows_let_through(report: Report) -> None:
    """One X883 --allow-incomplete published (users missing from their export, kept out): counted,
    not read from the examples a run may not keep (api.run's max_examples=0, reviewer100 R6)."""
    report.facts[ROWS_LET_THROUGH] = int(report.facts.get(ROWS_LET_THROUGH, 0)) + 1


def unexplained(report: Report, table: str) -> None:
    """`table`'s removals the flag published are over the limit with the ended terms' records set
    apart: the gate would have refused them, and only a new school year explains them."""
    report.facts.setdefault(UNEXPLAINED, []).append(table)


def calendar_explains(
    *,
    tonight: dt.date,
    last_as_of: dt.date | None,
    ends_then: Mapping[str, dt.date],
    current: Mapping[str, Term],
    years: SchoolYear,
    dated: bool = True,
) -> str | None:
    """What tonight's calendar explains of a rollover. NEW_YEAR (everything): no last set to compare
    with, or another school year than the last set's. '': a term of the last set (`ends_then`:
    last.json's current terms' last days) ended by tonight, or a term of tonight's set (`current`)
    begun since the last set was made; that explains the ended terms' classes and enrolments at
    their own schools only (the gate's, `unexplained`), never people gone. Else the words F454 says
    it with. A last set without dates of its own here (`dated` False: the set --previous names) is
    judged by nothing: the calendar explains none of it."""
    if not dated:
        return "the set --previous names records no dates this run can judge tonight's calendar by"
    if last_as_of is None or years.of(tonight) != years.of(last_as_of):
        return NEW_YEAR
    if any(end < tonight for end in ends_then.values()):
        return ""
    if any(last_as_of < term.start <= tonight for term in current.values()):
        return ""
    terms = f"none of the last set's {len(ends_then)} terms has ended" if ends_then else "the last set recorded no term"
    return (
        f"{terms} and no term of tonight's set has begun since the last set was made (as of {last_as_of}), "
        f"in the same school year"
    )


def judge(report: Report, *, allow_incomplete: bool, allow_rollover: bool, calendar: str | None) -> None:
    """F453 and F454 for what each flag let through tonight (the module's doc); `calendar`: what
    `calendar_explains` says of the night."""
    if allow_incomplete and (let := _incomplete(report)):
        count = sum(n for _, n in let)
        refusals = "; ".join(words for words, _ in let)
        report.add(codes.code("incomplete-let-through"), count=count, s="" if count == 1 else "s", refusals=refusals)
    if not allow_rollover or calendar is NEW_YEAR:
        return
    if calendar and (removed := _rollover(report)):
        report.add(codes.code("rollover-unexplained"), refusals="; ".join(removed), calendar=calendar)
    elif not calendar and ((tables := report.facts.get(UNEXPLAINED)) or report.counts.get(SCHOOL_GONE)):
        # A term change at some school explains its ended term's classes and enrolments, not these,
        # nor a school gone whole (X846: one whose every class ended is not said at all).
        words = "a term changed tonight, but it explains only the ended term's classes and enrolments at its school"
        removed = [f"X908 ({table}.csv over the limit without the ended terms' records)" for table in tables or ()]
        removed += [entry for entry in _rollover(report) if entry.startswith(SCHOOL_GONE)]
        report.add(codes.code("rollover-unexplained"), refusals="; ".join(removed), calendar=words)


def _incomplete(report: Report) -> list[tuple[str, int]]:
    let: list[tuple[str, int]] = []
    for cid in INCOMPLETE:
        if count := report.counts.get(cid, 0):
            details = [str(p.params.get("detail", "")) for p in report.examples.get(cid, [])[:DETAILS]]
            said = ": " + ", ".join(d for d in details if d) if any(details) else ""
            more = f" and {count - DETAILS} more" if said and count > DETAILS else ""
            let.append((f"{cid} ×{count}{said}{more}", count))
    if flagged := int(report.facts.get(ROWS_LET_THROUGH, 0)):
        let.append((f"{USERS_ROWS_ALLOWED} ×{flagged}", flagged))
    return let


def _rollover(report: Report) -> list[str]:
    """Each code the flag said tonight, its count and its first example's words (the flag's own
    prefix and "published" left out: the line says both)."""
    let: list[str] = []
    for cid in ROLLOVER:
        if count := report.counts.get(cid, 0):
            first = report.examples.get(cid, [])
            said = first[0].message.removeprefix(ROLLOVER_WORDS).split("; published")[0] if first else ""
            let.append(f"{cid} ×{count}" + (f" ({said})" if said else ""))
    return let + [str(refusal) for refusal in report.facts.get(SKIPPED, [])]
