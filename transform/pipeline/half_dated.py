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
  believed, refused (X859, exit 1; `year_over`); --allow-incomplete takes the year as over (F422),
  said every night it does (F453, exit 1: `taken_as_right`);
- no term dated has started, the first to start after the window ("nothing due until TERM starts",
  F421, exit 0 every night until then): not believed when the side the half-dated rows do give lets
  their classes run by tonight (a start on or before the window's last day, an end on or after the
  as-of date: review141 R1, the start read from a late joiner's Enrollment Start Date paused a
  running school year until her first day, the set going stale with nobody told), refused (X828,
  exit 1; `not_started`); --allow-incomplete takes the pause as right (F421, F453). A summer's night whose
  half-dated rows all start after the window stays F421, exit 0: the pause is right whatever the
  missing side, and the first set made says X843;
- a set made (`note`): published, said (X843), exit 1 on a first set or the first after the profile
  changed (summary.NEW_PROFILE_CHECKS: the set went out of two classes for 13 students, exit 0
  every night until the leaver's date passed); exit 0 on later nights of the same profile.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

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
        # Of the rows dated on one side only, by the side missing: the dates they give (the other side's
        # cells, as written), counted; and the files they are of (X828).
        self.given: dict[str, Counter[tuple[str, ...]]] = {side: Counter() for side in SIDES}
        self.files: Counter[str] = Counter()

    def add(self, draft: Draft) -> None:
        self.rows += 1
        texts = {s: draft.extra.get(f"term_{s}", "") for s in SIDES}
        start, end = (bool(texts[s].replace(MULTI_SEP, "").strip()) for s in SIDES)
        if start != end:
            side, other = ("end", "start") if start else ("start", "end")
            self.missing[side] += 1
            self.given[side][tuple(t.strip() for t in texts[other].split(MULTI_SEP) if t.strip())] += 1
            self.files[draft.origin.file] += 1

    def running_by(self, side: str, as_of: dt.date, horizon: dt.date, parse: Callable[[str], dt.date | None]) -> int:
        """Of the rows with no term `side`, those whose other side lets their class run by `as_of`: a
        start on or before `horizon` (the window's last day), or an end on or after `as_of`."""

        def runs(text: str) -> bool:
            day = parse(text)
            return day is not None and (day <= horizon if side == "end" else day >= as_of)

        return sum(n for texts, n in self.given[side].items() if any(runs(t) for t in texts))

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


def not_started(
    pause_params: dict[str, object],
    half: HalfDated,
    templates: dict[str, str],
    parse: Callable[[str], dt.date | None],
) -> Problem | None:
    """X828, where F421 ('nothing due until TERM starts') would be read from class rows most of which
    are dated on one side only, and some of those give a date that lets their class run by tonight;
    None when they are not (a summer's night: their starts all after the window)."""
    said = half.judged(templates)
    if said is None:
        return None
    as_of = dt.date.fromisoformat(str(pause_params["as_of"]))
    horizon = as_of + dt.timedelta(days=int(str(pause_params["window"])))
    running = half.running_by(str(said["side"]), as_of, horizon, parse)
    if not running:
        return None
    first, *others = [name for name, _ in half.files.most_common()]
    also = ", ".join(others[:2]) + (f" and {len(others) - 2} more" if len(others) > 2 else "")
    params = {k: pause_params[k] for k in ("as_of", "term", "start", "window")} | said | {"running": running}
    words = {"file": first, "also": f" (and of {also})" if also else ""}  # one file in the file field
    return Problem(codes.code("term-not-started-half-dated"), Where(file=first), params | words)


# The doubt's words F453 keeps on a pause night, for summary's Next (X828's step, its count).
PAUSE = ("file", "side", "template", "undated", "rows", "running")


def taken_as_right(report: Report, doubt: Problem) -> None:
    """F453 on a night --allow-incomplete took a pause not believed (X859, X828) as right: said every
    night it does, so a flag left in the nightly job is never silent (review144 R4: X828 passed every night
    at exit 0, nothing said, the set going stale); api._nothing_due makes the night exit 1 (`pause.unsure`).
    Nothing is published either way: F453 says so, and keeps the doubt's words for summary's Next (`PAUSE`)."""
    p = doubt.params
    refusal = f"{doubt.code.id}: {p.get('undated')} of the {p.get('rows')} class rows with no term {p.get('side')}"
    taken = "as nothing due (F421)" if doubt.code.id == "X828" else "as the school year over (F422)"
    words = {
        "done": f"taken {taken}: nothing published either way",
        "step": "if the school year runs, the term filter reads the wrong column",
        "keeps": "takes",
    }
    kept: dict[str, object] = {k: p.get(k, "") for k in PAUSE}
    params = {"count": 1, "s": "", "refusals": refusal, **words, "pause": doubt.code.id, **kept}
    report.add(codes.code("incomplete-let-through"), Where(), **params)


def note(report: Report, half: HalfDated, templates: dict[str, str]) -> None:
    """X843 on a night a set is made from class rows most of which are dated on one side only."""
    said = half.judged(templates)
    if said is not None:
        report.add(codes.code("terms-half-dated"), Where(), **said)
