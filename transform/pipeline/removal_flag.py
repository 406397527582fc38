"""--max-removal PCT left in the nightly job never publishes a refused night at exit 0 unexplained.

A district gives --max-removal 40 for one night (a semester's withdrawals: X906 names the option),
and the job keeps it. Every later night removing up to 40 % of users, classes or enrolments was then
published at exit 0 without a word (audit56: 40 of 205 students gone from students.txt and cc.txt
alike, not withdrawn, a broken export X906 and X953 refuse without the option).

So on a night the option changed the outcome (a gated file's removals, the ended terms' set apart,
over the limit without it: settings.max_removal, else 10), the run still publishes what the person
allowed, but exits 1 with X821 naming each such file, unless its removals are the option's purpose:
people tonight's exports list as withdrawn or inactive, the others within the limit
(pipeline.withdrawals' `needed`, the words X906 would have said).

--allow-rollover kept beside it changes nothing of that (reviewer113 R1: `--max-removal 20
--allow-rollover`, 13 % of the students gone mid-year, published at exit 0 without a code: X821 was
not judged under --allow-rollover, and F454 had nothing to say, the removals being within 20 %).
Left out are only the files F454 judged tonight (flags_left_in.judged): those over the limit
--allow-rollover published (X908), which F454 names, and a new school year's night, whose removals
are --allow-rollover's purpose and published at exit 0 without --max-removal too.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import flags_left_in, gate


def judge(
    report: Report,
    changes: Mapping[str, gate.Change],
    *,
    given: float | None,
    without: Mapping[str, float],
    withdrawn: gate.Withdrawals | None,
    removals: Path,
    previous: Path | None,
) -> None:
    """X821 for the files whose removals only --max-removal `given` published (`without`: the
    limits without it), their removals not all people listed tonight as left."""
    judged_by_rollover = flags_left_in.judged(report)
    if given is None or report.aborts or flags_left_in.EVERY_TABLE in judged_by_rollover:
        return
    let: list[str] = []
    for table in gate.GATED:
        change = changes.get(table)
        if (
            change is None
            or table in judged_by_rollover
            or not change.previous
            or change.unexplained_share * 100 <= without[table]
        ):
            continue
        judged = len(change.removed) - len(change.ended)
        errors = bool(gate.errors_left_out(report, table, judged)["errors"])
        words = withdrawn(table, change, without[table], errors, 0) if withdrawn is not None else {}
        if words.get("needed"):
            continue  # a batch of withdrawals, the option's purpose (X906's --max-removal)
        percent = round(change.unexplained_share * 100, 1)
        let.append(f"{table}.csv {judged:,} of {change.previous:,} ({percent}%, limit {without[table]:g}%)")
    if not let:
        return
    gate.write_removals(removals, dict(changes), previous, report=report)
    report.add(
        codes.code("max-removal-let-through"),
        Where(),
        option=f"--max-removal {given:g}",
        removed="; ".join(let),
        removals=removals,
    )
