"""A set to compare with that shares nothing with tonight's: another district's (tester75 O4).

--previous naming another district's folder (or a job whose OUT is another district's) was refused, as
it should be, but in the words of a real removal: every school of that set "gone from tonight's set
whole" (X845), its users over the removal limits (X906, X953), and the step to check the exports. Two
sets with no school and no user in common are no night after another: I231 says that first, with its
step (name this district's set), and the removal refusals follow it.

It judges people, not only IDs (reviewer161 R1): a SIS replaced with every ID new holds the same
schools and people, found by the gate under new IDs (X984, X955) and told there how to keep their IDs.
Called "probably another district's set" with --allow-rollover in its step, Remind would have deleted
and re-created every user. So a set sharing a school's name, or one person as the gate finds people
again (name with email, name with phone, name with the ID written otherwise, name with birth date), is
no other district's: I231 is not said.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from transform.pipeline.gate import records_of
from transform.pipeline.people_gate import finding_keys
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report


def check(report: Report, *, previous: Path, staged: Path, named: bool) -> None:
    """I231 when the set in `previous` (--previous's when `named`, else OUT's or the delivered one)
    holds schools and users, none of them in tonight's set (`staged`) by ID nor by name."""
    try:
        schools_then, schools_now = _schools(previous), _schools(staged)
        if not schools_then or {s.lstrip("0") for s in schools_then} & {s.lstrip("0") for s in schools_now}:
            return  # a school of the same ID (its zeros lost: X984's)
        if set(schools_then.values()) & set(schools_now.values()) - {""}:
            return  # a school of the same name: the same district's, renumbered (X984)
        users_now = {sourced_id for _, sourced_id in records_of(staged / "users.csv")}
        users_then = 0
        for _, sourced_id in records_of(previous / "users.csv"):
            if sourced_id in users_now:
                return
            users_then += 1
        if not users_then or _people(previous) & _people(staged):
            return  # the same people under new IDs: X955's, not another district's
    except OSError:  # a set that cannot be read is said by the checks that read it
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


def _schools(folder: Path) -> dict[str, str]:
    """The set's schools: ID -> name as the gate matches names (org_gate)."""
    return {
        sourced_id: " ".join(values.get("name", "").split()).casefold()
        for values, sourced_id in records_of(folder / "orgs.csv")
        if values.get("type") == "school"
    }


def _people(folder: Path) -> set[tuple[str, ...]]:
    """What finds a person of the set again under a new ID, as people_gate does, and by name with birth date."""
    born = _birth_dates(folder / "demographics.csv")
    found: set[tuple[str, ...]] = set()
    for values, sourced_id in records_of(folder / "users.csv"):
        found.update(finding_keys(values, sourced_id, born.get(sourced_id, "")))
    return found


def _birth_dates(path: Path) -> dict[str, str]:
    return dict(_dated(path)) if path.is_file() else {}


def _dated(path: Path) -> Iterator[tuple[str, str]]:
    for values, sourced_id in records_of(path, "birthDate"):
        yield sourced_id, values["birthDate"].strip()
