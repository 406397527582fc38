"""A set to compare with that shares nothing with tonight's: another district's (tester75 O4).

--previous naming another district's folder (or a job whose OUT is another district's) was refused, as
it should be, but in the words of a real removal: every school of that set "gone from tonight's set
whole" (X845), its users over the removal limits (X906, X953), and the step to check the exports. Two
sets with no school and no user in common are no night after another: I231 says that first, with its
step (name this district's set), and the removal refusals follow it. --allow-rollover (a SIS replaced,
every ID new, on purpose) lets it through, as it does the removals.
"""

from __future__ import annotations

from pathlib import Path

from transform.pipeline.gate import records_of
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report


def check(report: Report, *, previous: Path, staged: Path, named: bool) -> None:
    """I231 when the set in `previous` (--previous's when `named`, else OUT's or the delivered one)
    holds schools and users, none of them in tonight's set (`staged`)."""
    try:
        schools_then, schools_now = _schools(previous), _schools(staged)
        if not schools_then or schools_then & schools_now:
            return
        users_now = {sourced_id for _, sourced_id in records_of(staged / "users.csv")}
        users_then = 0
        for _, sourced_id in records_of(previous / "users.csv"):
            if sourced_id in users_now:
                return
            users_then += 1
    except OSError:  # a set that cannot be read is said by the checks that read it
        return
    if not users_then:
        return
    whose = f"the set --previous names ({previous})" if named else f"the set compared with ({previous})"
    report.add(
        codes.code("previous-set-unrelated"),
        Where(file="users.csv"),
        whose=whose,
        schools=len(schools_then),
        users=users_then,
        names=", ".join(sorted(schools_then)[:3]) + (" ..." if len(schools_then) > 3 else ""),
        now_schools=len(schools_now),
        now_users=len(users_now),
    )


def _schools(folder: Path) -> set[str]:
    return {sourced_id for values, sourced_id in records_of(folder / "orgs.csv") if values.get("type") == "school"}
