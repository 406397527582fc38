"""The removed enrolments of a refusal (X906) whose rows tonight's export still holds and marks to
leave out itself: a OneRoster row with status tobedeleted or inactive, an endDate past (the profile's
conditions, F402 dropped-enrollment, F403 enrollment-ended). Such a night was told "an export cut
short or filtered ... export it again whole", and the same file came again (tester70 F1): the export
drops them on purpose, as it lists a withdrawn student (pipeline.withdrawals), and --max-removal is
the way through when so many ending at once is expected.

Read on a night already over the limit only, for the removed IDs: each row's ID as the enrolment
rules make it (mapping.row_ids), and what of the row its rule's conditions leave it out for
(mapping.left_out_by)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from transform.pipeline.mapping import left_out_by, reads_join, row_ids
from transform.pipeline.read import SourceFile, iter_rows
from transform.profile.compile import Plan
from transform.report.report import Report

# Which of some removed enrolment IDs a row of tonight's exports holds and leaves out by its own
# marks, and for what ("status 'tobedeleted'").
Marked = Callable[[set[str]], dict[str, str]]


def enrolments_marked(plan: Plan, sources: Mapping[str, SourceFile], wanted: set[str]) -> dict[str, str]:
    """Those of `wanted` some row of the enrolment rules' exports gives as its ID while its rule's
    conditions leave the row out, each with what of the row does ("status 'tobedeleted'"). A rule
    whose ID reads a join (not known without the joins' indexes) tells nothing: none is taken for
    marked on a guess."""
    marked: dict[str, str] = {}
    quiet = Report(max_examples=0)
    for rule in plan.rules.get("enrollments", ()):
        export = sources.get(rule.source)
        names = [c.name for c in rule.columns]
        if export is None or not rule.where or "sourcedId" not in names:
            continue
        if any(reads_join(c) for c in rule.columns[: names.index("sourcedId") + 1]):
            continue
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            ids = [i for i in row_ids(row, rule=rule, plan=plan, indexes={}, quiet=quiet) if i in wanted]
            why = left_out_by(row, rule=rule, plan=plan) if ids else ""
            marked.update(dict.fromkeys(ids, why) if why else {})
            if len(marked) == len(wanted):
                return marked
    return marked


def marks_said(why: Mapping[str, str], shown: int = 2) -> str:
    """ "1 marked status 'tobedeleted'; 2 marked endDate '2026-11-30'": the commonest first."""
    counts = Counter(why.values()).most_common()
    said = "; ".join(f"{n:,} marked {reason}" for reason, n in counts[:shown])
    more = sum(n for _, n in counts[shown:])
    return said + (f"; {more:,} marked otherwise" if more else "")
