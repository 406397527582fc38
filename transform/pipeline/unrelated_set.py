"""A set to compare with that shares nothing with tonight's: another district's (tester75 O4).

--previous naming another district's folder (or a job whose OUT is another district's) was refused, as
it should be, but in the words of a real removal: every school of that set "gone from tonight's set
whole" (X845), its users over the removal limits (X906, X953), and the step to check the exports. Two
sets with no school and no user in common are no night after another: I231 says that first, with its
step (name this district's set), and the removal refusals follow it.

It judges people, not only IDs (reviewer161 R1): a SIS replaced with every ID new holds the same
schools and people, found by the gate under new IDs (X984, X955) and told there how to keep their IDs.
Called "probably another district's set" with --allow-rollover in its step, Remind would have deleted
and re-created every user. So a set of which a tenth of the schools (by ID or name) or a tenth of the
people (by ID, or as the gate finds people again: name with email, name with phone, name with the ID
written otherwise, name with birth date) are found tonight is no other district's: I231 is not said.
One shared 'Lincoln Elementary School' or one shared person is not that tenth (reviewer167 R1). In a
set of fewer than ten schools, one school is a tenth: a school found by its ID alone (another name: school
1 of two one-school districts) does not decide there, the people do (state62).
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
    holds schools and users of which fewer than a tenth each are found in tonight's set (`staged`):
    schools by ID (its zeros lost: X984's) or name, people by ID or as the gate finds them again. A
    share, not one match (reviewer167 R1): one 'Lincoln Elementary School', or one person of a name and
    birth date, in another district's set silenced it; an honest migration finds most of them."""
    try:
        schools_then, schools_now = _schools(previous), _schools(staged)
        ids_now = {s.lstrip("0") for s in schools_now}
        names_now = set(schools_now.values()) - {""}
        # Under ten schools one shared ID is already a tenth, and districts number theirs alike (1, 2, 100):
        # there a school found by its ID alone, under another name, does not decide; the people do (state62).
        by_id = len(schools_then) >= ID_DECIDES_FROM
        found = sum(1 for i, name in schools_then.items() if (by_id and i.lstrip("0") in ids_now) or name in names_now)
        if not schools_then or not _few(found, len(schools_then)):
            return  # the same district's, perhaps renumbered (X984)
        users_now = {sourced_id for _, sourced_id in records_of(staged / "users.csv")}
        people_now = _people(staged)
        users_then = found = 0
        for keys, sourced_id in _each_person(previous):
            users_then += 1
            found += sourced_id in users_now or not keys.isdisjoint(people_now)
        if not users_then or not _few(found, users_then):
            return  # the same people, some under new IDs: X955's, not another district's
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


# The schools a set must hold for one found by its ID alone to count as found (`check`).
ID_DECIDES_FROM = 10


def _schools(folder: Path) -> dict[str, str]:
    """The set's schools: ID -> name as the gate matches names (org_gate)."""
    return {
        sourced_id: " ".join(values.get("name", "").split()).casefold()
        for values, sourced_id in records_of(folder / "orgs.csv")
        if values.get("type") == "school"
    }


def _few(found: int, of: int) -> bool:
    """Fewer than a tenth found again."""
    return found * 10 < of


def _people(folder: Path) -> set[tuple[str, ...]]:
    """What finds a person of the set again under a new ID, as people_gate does, and by name with birth date."""
    return {key for keys, _ in _each_person(folder) for key in keys}


def _each_person(folder: Path) -> Iterator[tuple[set[tuple[str, ...]], str]]:
    """Each user of the set: the keys finding them again, and their ID."""
    born = _birth_dates(folder / "demographics.csv")
    for values, sourced_id in records_of(folder / "users.csv"):
        yield set(finding_keys(values, sourced_id, born.get(sourced_id, ""))), sourced_id


def _birth_dates(path: Path) -> dict[str, str]:
    return dict(_dated(path)) if path.is_file() else {}


def _dated(path: Path) -> Iterator[tuple[str, str]]:
    for values, sourced_id in records_of(path, "birthDate"):
        yield sourced_id, values["birthDate"].strip()
