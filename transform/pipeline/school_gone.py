"""The safety gate for a school gone from tonight's set whole (tester57 U1).

A per-school export job that fails leaves one school out of every export: its orgs row, its
students, staff and parents, its classes and enrolments. The whole-file limits count the district
(X906: one school of several is under its share), the people gate counts a kind at a school only
from 10 students or parents or 3 staff (X953: fewer leaving is a family moving), and the class gates
judge the schools tonight's set keeps (X993, X997): a school of 6 students and a teacher was
published gone at exit 0, and Remind deleted it.

A school is gone whole when the last published set held students at it, every one of them is
removed tonight (none found again under a new ID: that is X955's), and every class it held is
removed too. Its staff and parents are not counted: a teacher or a parent shared with another
school stays in the set with that school, and one such person kept a vanished school 'not gone'
(reviewer110 R1); a school whose students left but whose class stays is the people gate's, and so
is one of 10 students or more some of whose people stay (X953 names its students). No
floor: a school is not a family, and a program site of two students gone with its teacher and
its classes is as likely a failed job as a closing; a closing costs one refusal and one
--allow-rollover. Not judged at a new school year (the rollover's, as before), nor for a school
whose every class of the last set left with a term that ended (the calendar explains it: a
summer program site). Refused as X845, naming the school and what it held; --allow-rollover
publishes it, said (X846), and on a night no calendar explains F454 says the flag let it through.

The refusal says why the school went, as far as tonight tells (`why`): the run itself left it out
(--school or settings.schools not naming it, settings.exclude_schools naming it: F404, reviewer110
R3), or every student of it is still in tonight's exports, left out on purpose as withdrawn or
inactive (as X953 asks it, pipeline.withdrawals: reviewer110 R2), or else a broken export. The
first two are no broken export, and the words say so and name the way; each is still refused: a
whole school deleted from Remind at once mid-year is a person's to confirm, once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from transform.pipeline.gate import Night, against, columns_of, records_of, write_removals
from transform.pipeline.people_gate import LOST_AT_LEAST, Kinds
from transform.report import codes
from transform.report.problem import Where

# Which of some user IDs tonight's exports still list, left out on purpose (None: not known):
# withdrawals.left_on_purpose_only over school_classes.users_listed, X953's.
Listed = Callable[[set[str]], "set[str] | None"]


class Gone(NamedTuple):
    """A school of the last published set gone whole tonight, with what it held there (the staff
    and parents: those of it removed tonight, not those kept with another school)."""

    school: str
    name: str
    students: int
    staff: int
    parents: int
    classes: int
    enrollments: int


class Rostered(NamedTuple):
    """Which schools tonight's run rosters: settings.exclude_schools (`excluded`), and the schools
    --school or settings.schools names (`named`, from `named_from`; empty: every school)."""

    excluded: frozenset[str] = frozenset()
    named: frozenset[str] = frozenset()
    named_from: str = "--school"

    def left_out(self, school: str) -> str:
        """What of the run leaves `school` out on purpose (F404), or ""."""
        if school in self.excluded:
            return "settings.exclude_schools"
        if self.named and school not in self.named:
            return self.named_from
        return ""


KINDS = ("students", "staff", "parents")


def gone_whole(kinds: Kinds) -> list[str]:
    """The schools at which the last published set held students and tonight's set keeps none
    (each removed, none found under a new ID). Their classes are judged by `schools_gone`. A
    school of as many students as X953 counts at a school (10), some staff or parent of which
    stays, is the people gate's: its students' export cut, or left out by tonight's errors, which
    X953's words say (a teacher kept with a school of fewer is X845's: reviewer110 R1)."""
    return sorted(
        school
        for (kind, school), held in kinds.at_school.items()
        if kind == "students"
        and held
        and kinds.removed_at_school[(kind, school)] == held
        and (held < LOST_AT_LEAST[kind] or _everyone(kinds, school))
    )


def _everyone(kinds: Kinds, school: str) -> bool:
    return all(kinds.removed_at_school[(kind, school)] == kinds.at_school[(kind, school)] for kind in KINDS)


def schools_gone(kinds: Kinds, previous: Path, *, removed: set[str], ended: set[str], new_year: bool) -> list[Gone]:
    """X845's schools (the module's doc): those of `gone_whole` whose every class of the last set
    tonight's set removes (`removed`: classes.csv's removed IDs); none at a new school year
    (`new_year`), nor one whose every class the calendar explains (`ended`: the classes removed
    with a term that ended). The last set's orgs, classes and enrolments are read only when a
    school's students are all gone."""
    found = [] if new_year else gone_whole(kinds)
    if not found:
        return []
    wanted = set(found)
    classes: dict[str, set[str]] = {school: set() for school in found}
    if (previous / "classes.csv").is_file():
        for sourced_id, school in columns_of(previous / "classes.csv", "sourcedId", "schoolSourcedId"):
            if school in wanted:
                classes[school].add(sourced_id)
    found = [s for s in found if classes[s] <= removed and not (classes[s] and classes[s] <= ended)]
    if not found:
        return []
    enrollments = dict.fromkeys(found, 0)
    if (previous / "enrollments.csv").is_file():
        for (school,) in columns_of(previous / "enrollments.csv", "schoolSourcedId"):
            if school in enrollments:
                enrollments[school] += 1
    names = {}
    if (previous / "orgs.csv").is_file():
        names = {sourced_id: values.get("name", "") for values, sourced_id in records_of(previous / "orgs.csv")}
    return [
        Gone(
            school,
            names.get(school, ""),
            students=kinds.at_school[("students", school)],
            staff=kinds.removed_at_school[("staff", school)],
            parents=kinds.removed_at_school[("parents", school)],
            classes=len(classes[school]),
            enrollments=enrollments[school],
        )
        for school in found
    ]


BROKEN = "a school missing from every export (a per-school export job that failed) is a broken export, however small"


def why(found: Gone, kinds: Kinds, rostered: Rostered, listed: Listed | None) -> dict[str, str]:
    """X845's `cause` and `way` for a school gone, and its `step` (the Next line) when the cause is
    no broken export: the run left the school out on purpose (F404), or tonight's exports list every
    student of it as left on purpose (withdrawn or inactive, as X953 asks it)."""
    school = found.school
    by = rostered.left_out(school)
    if by:
        return _left_out_by_run(school, by)
    students = {i for i, schools, _ in kinds.lost.get("students", ()) if school in schools.split(",")}
    still = (listed(students) or set()) & students if listed is not None and students else set()
    if students and still == students:
        return {
            "cause": f"all {len(students)} of its students are listed in tonight's exports and left out on purpose "
            "(withdrawn or inactive: the report says why each), not missing from them: the whole school "
            "withdrawn at once in the school year, no broken export, but Remind would delete the school and "
            "everyone at it",
            "way": "if the school really closed or left, --allow-rollover publishes it once; if not, correct their "
            "status in the SIS",
            "step": f"Check in the SIS that school {school} ({found.name}) really closed or left: every student of "
            "it is marked withdrawn or inactive tonight. If so, rerun once with --allow-rollover, which publishes "
            "it (Remind deletes the school and everyone at it); if not, correct their status in the SIS and export "
            "again",
        }
    cause = BROKEN
    if still:
        some = f"{len(still)} of its {len(students)} students"
        cause = f"{some} are listed in tonight's exports as withdrawn or inactive, the others not: {cause}"
    return {"cause": cause, "way": "if the school really closed, --allow-rollover publishes it", "step": ""}


def _left_out_by_run(school: str, by: str) -> dict[str, str]:
    """X845's words for a school this run leaves out on purpose (F404 school-not-rostered)."""
    if by == "settings.exclude_schools":
        how, keep = "the profile's settings.exclude_schools names it", "take it out of settings.exclude_schools"
    elif by == "settings.schools":
        how, keep = "the profile's settings.schools does not name it", "add it to settings.schools"
    else:
        how, keep = f"{by} does not name it", f"keep {by} {school} in the command"
    return {
        "cause": f"this run leaves the school out on purpose: {how} (F404 school-not-rostered), so it is no broken "
        "export, but Remind would delete the school and everyone at it",
        "way": f"if it is no longer to be in Remind, --allow-rollover publishes it once; if it is, {keep}",
        "step": f"If school {school} is no longer to be in Remind, rerun once with --allow-rollover, which publishes "
        f"it (Remind deletes the school and everyone at it); if it is, {keep}",
    }


def gate_schools_gone(
    gone: list[Gone],
    night: Night,
    *,
    kinds: Kinds | None = None,
    rostered: Rostered | None = None,
    listed: Listed | None = None,
) -> None:
    """Refuse a set from which a school is gone whole (X845), saying why (`why`); with
    --allow-rollover publish it, said (X846). The removals file lists every record removed."""
    if not gone:
        return
    report = night.report
    write_removals(night.removals, night.changes, night.previous, report=report)
    for found in gone:
        params = {**found._asdict(), "removals": night.removals}
        where = Where(file="orgs.csv")
        if night.allow_rollover:
            report.add(codes.code("school-gone-allowed"), where, **params)
            continue
        words = why(found, kinds or Kinds(), rostered or Rostered(), listed)
        report.add(codes.code("school-gone"), where, against=against(report), since=night.since, **params, **words)
