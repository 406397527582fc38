"""A settings.exclude_schools entry that names no school of the exports (tester74 F18).

settings.exclude_schools keeps a school's people out of Remind (an adult-education or a confidential
program site). A district profile listing "30" for "300" kept no one out: school 300, its students
and their parents, was published at exit 0 without a word. Refusing every such entry every night
(stop 54, X940, exit 2) was reverted: an honest list names schools tonight's exports do not hold (a
school closed mid-year, a summer site, a school listed ahead of its opening), and it stopped every
night. So:

- an entry of the district's own profile files that no school row lists and no record names is said
  every night (X826, a warning; published, exit 0), with the school it is one slip from, if any;
- it refuses (X825, exit 1, nothing published) only when the profile is new or changed since the last
  published set (judged in api: the first set, or gate.profile_changed, as the gate's made_since
  knows it) and the entry is a near miss of a school the set publishes (one character other, one
  more or fewer, two side by side swapped, leading zeros, case). A refused run publishes nothing,
  so the next night is still the first set after the change: it refuses until the entry is fixed.

A bundled profile's entries are not judged: they are pseudo-schools (PowerSchool's District Office,
0; the graduated students' 999999) that many exports do not list.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path

from transform.pipeline import gate
from transform.profile.compile import Plan
from transform.profile.load import LoadedProfile, bundled_folder
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

KEY = "exclude_schools"


def excluded_own(profile: LoadedProfile) -> dict[str, str]:
    """The entries of settings.exclude_schools the district's own profile files write and no
    bundled profile of its chain does, each with where it is written (file:line:col)."""
    bundled = bundled_folder().resolve()
    given: set[str] = set()
    for pf in profile.chain:
        if pf.path.resolve().parent == bundled:
            given.update(str(school) for school in _listed(pf.data))
    listed = _listed(profile.data)
    return {
        str(school): profile.where(["settings", KEY, i]).file
        for i, school in enumerate(listed)
        if str(school) not in given
    }


def _listed(data: Mapping[str, object]) -> list[object]:
    settings = data.get("settings")
    listed = settings.get(KEY) if isinstance(settings, Mapping) else None
    return list(listed) if isinstance(listed, list | tuple) else []


def one_slip(entry: str, school: str) -> bool:
    """Whether `entry` is `school` written with one slip: case, leading zeros, one character other
    (of two or more), one more or one fewer (of three or more), or two side by side swapped."""
    if entry == school or not entry or not school:
        return False
    if entry.casefold() == school.casefold() or (entry.lstrip("0") or "0") == (school.lstrip("0") or "0"):
        return True
    if len(entry) == len(school) >= 2:
        differ = [i for i, (a, b) in enumerate(zip(entry, school, strict=True)) if a != b]
        if len(differ) == 1:
            return True
        return (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and entry[differ[0]] == school[differ[1]]
            and (entry[differ[1]] == school[differ[0]])
        )
    short, long = sorted((entry, school), key=len)
    if len(long) - len(short) != 1 or len(long) < 3:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def near_school(entry: str, published: Mapping[str, str]) -> str | None:
    """The first school published (by ID) that `entry` is one slip from."""
    return next((school for school in sorted(published) if one_slip(entry, school)), None)


def judge(
    own: Mapping[str, str],
    unlisted: Collection[str],
    named: Collection[str],
    published: Mapping[str, str],
    *,
    judged: str,
    report: Report,
) -> None:
    """Each own entry (`own`: entry -> where) no school row lists (`unlisted`) and no record names
    (`named`: Validator.excluded_seen): X825 (refused) for a near miss of a school `published`
    (ID -> name) on a night the profile is judged (`judged`: "the first set" or "the first set since
    the profile changed"; "" on other nights), else X826 (said)."""
    refused = []
    for entry in sorted(unlisted):
        if entry not in own or entry in named:
            continue
        near = near_school(entry, published)
        where = Where(file=own[entry])
        if near is not None and judged:
            params: dict[str, object] = {"entry": entry, "near": near, "name": published[near] or near, "when": judged}
            refused.append(Problem(codes.code("excluded-school-near-miss"), where, params))
            continue
        said = f", and is one slip from school {near!r} ({published[near] or near}), which is published" if near else ""
        report.add(codes.code("excluded-school-absent"), where, entry=entry, near=said)
    if refused:
        raise TransformAbort(refused)


def planned(plan: Plan, profile: LoadedProfile, out_dir: Path, facts: Mapping[str, object]) -> Plan:
    """The plan with the district's own entries and the night they are judged on: the first set
    (no set published in `out_dir`), or the first since the profile changed (its digests in
    `facts` against last.json's); a last.json that cannot be read judges none (X930 says it)."""
    own = excluded_own(profile)
    if not own:
        return plan
    try:
        state = gate.read_state(out_dir)
    except TransformAbort:
        return replace(plan, excluded_own=own)
    if not state.get("published_at"):
        judged = "the first set"
    elif gate.profile_changed(state, facts):
        judged = "the first set since the profile changed"
    else:
        judged = ""
    return replace(plan, excluded_own=own, excluded_judged=judged)
