"""Class rows dated on one side only: the term filter's start or end read from the wrong column.

A class row's term has both dates or neither. A SIS that leaves a section's term undated blanks
both (SDS's optional Term StartDate and EndDate, a one-file roster whose fall rows carry no dates):
`undated:` says what becomes of such a class, and nothing here counts it. A row with a start and no
end (or an end and no start) is another thing: on most class rows, it is the sign of one side read
from a column blank on most rows (tester71 N3: the end from a student's Enrollment End Date, filled
only on a leaver's rows). The few rows it dates are no term's, and the classes of the others may be
of a term still running.

One count (`HalfDated`, every class row the term filter reads), judged on both paths:
- every term dated has ended ("the school year is over", F422, exit 0 every night after): not
  believed, refused (X859, exit 1; `year_over`); --allow-incomplete takes the year as over (F422);
- a set made (`note`): published, said (X843), exit 1 on a first set or the first after the profile
  changed (summary.NEW_PROFILE_CHECKS: the set went out of two classes for 13 students, exit 0
  every night until the leaver's date passed); exit 0 on later nights of the same profile.
"""

from __future__ import annotations

from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import Report

from .rows import MULTI_SEP, Draft

SIDES = ("start", "end")


class HalfDated:
    """The class rows read, and of them those with a term start and no end ("end"), or an end and no
    start ("start")."""

    def __init__(self) -> None:
        self.rows = 0
        self.missing: dict[str, int] = dict.fromkeys(SIDES, 0)

    def add(self, draft: Draft) -> None:
        self.rows += 1
        start, end = (bool(draft.extra.get(f"term_{s}", "").replace(MULTI_SEP, "").strip()) for s in SIDES)
        if start != end:
            self.missing["end" if start else "start"] += 1

    def judged(self, templates: dict[str, str]) -> dict[str, object] | None:
        """The words X859 and X843 share, when most class rows are dated on one side only; else None.
        `templates`: filters.current_term's start and end as the profile writes them."""
        side = max(SIDES, key=lambda s: self.missing[s])
        if self.missing[side] * 2 <= self.rows:
            return None
        other = "start" if side == "end" else "end"
        return {"undated": self.missing[side], "rows": self.rows, "side": side, "other": other} | {
            "template": templates[side]
        }


def year_over(pause_params: dict[str, object], half: HalfDated, templates: dict[str, str]) -> Problem | None:
    """X859, where F422 ('the school year is over') would be read from class rows most of which are
    dated on one side only; None when they are not."""
    said = half.judged(templates)
    if said is None:
        return None
    params = {k: pause_params[k] for k in ("as_of", "term", "end")} | said
    return Problem(codes.code("year-over-terms-undated"), Where(), params)


def note(report: Report, half: HalfDated, templates: dict[str, str]) -> None:
    """X843 on a night a set is made from class rows most of which are dated on one side only."""
    said = half.judged(templates)
    if said is not None:
        report.add(codes.code("terms-half-dated"), Where(), **said)
