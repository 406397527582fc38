"""A settings.exclude_schools entry that names no school of the exports (tester74 F18, reviewer105).

settings.exclude_schools keeps a school's people out of Remind (an adult-education or a confidential
program site). A district profile listing "20" for "200" kept no one out: school 200, its students
and their parents, was published at exit 0 without a word. Refusing every such entry every night
(stop 54, X940, exit 2) was reverted: an honest list names schools tonight's exports do not hold (a
school closed mid-year, a summer site, a school listed ahead of its opening), and it stopped every
night. Refusing a near miss on a new or changed profile (X825 as first written) refused the honest
summer site one slip from a school, and its only way out published the site at exit 0 later. So the
set is always published, and of an entry of the district's own profile files that no school row
lists and no record names (`unmatched`, while the tables are made), `judge` says, at the gate:

- X825 (published, but a person looks: exit 1) when it is one slip from a school published tonight
  (one character other, one more or fewer, two side by side swapped, leading zeros, case) and the
  pair is new: the entry is new since the last published set (a first set: all are; last.json's
  exclude_schools records the last set's entries, and whether each matched a school), or the school
  is new to the set (the last set did not publish it), or the entry matched a school in the last set
  and matches none tonight (the SIS writes 200 as 0200: the school it kept out is published);
- X825 too, one slip or not, when the entry matched a school in the last set and none tonight and a
  school new to the set is published (the site renumbered 7001 -> 8500, reviewer113 R2): the words
  name the schools new to the set first. A last.json with no record (a version before it, R5) says
  so, once, of a near miss;
- X826 (said, exit 0) otherwise: an old entry beside an old published school is the closed school
  whose number is next to an open one's, looked at the night it was new.

Not judged on a changed profile: an edit elsewhere in it (or of --exclude-class) says nothing of
this entry. A bundled profile's entries are not judged: they are pseudo-schools (PowerSchool's
District Office, 0; the graduated students' 999999) that many exports do not list.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transform.profile.load import LoadedProfile, bundled_folder
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

KEY = "exclude_schools"
RECORD = "exclude_schools"  # last.json and report.facts: the own entries of the set, entry -> matched a school


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


@dataclass(frozen=True, slots=True)
class Unmatched:
    """An own entry no school row lists and no record names, and where it is written."""

    entry: str
    where: str


def unmatched(
    own: Mapping[str, str], unlisted: Collection[str], named: Collection[str], report: Report
) -> tuple[Unmatched, ...]:
    """Of the own entries (`own`: entry -> where), those no school row lists (`unlisted`) and no
    record names (`named`: Validator.excluded_seen). Every own entry, and whether it matched, goes
    to report.facts[RECORD], which last.json keeps for the next night's `judge`."""
    found = tuple(Unmatched(entry, own[entry]) for entry in sorted(own) if entry in unlisted and entry not in named)
    if own:
        missed = {u.entry for u in found}
        report.facts[RECORD] = {entry: entry not in missed for entry in sorted(own)}
    return found


def judge(
    found: Collection[Unmatched],
    report: Report,
    *,
    staged: Path,
    state: Mapping[str, Any],
    previous: Path | None,
) -> None:
    """X825 or X826 for each entry `unmatched` found (module docstring), near a school of the set
    `staged` (its orgs.csv: a school left out, or with no one to publish, is no near miss). `state`:
    last.json (its RECORD: the last set's own entries); `previous`: the last published set's folder,
    whose orgs.csv says the schools it published (None: no set to compare with). A first set
    (report.facts["first_set"]) judges every entry new."""
    if not found:
        return
    first = bool(report.facts.get("first_set", True))
    recorded = state.get(RECORD) if not first else None
    last = recorded if isinstance(recorded, dict) else None
    schools = None if first or previous is None else _schools_of(previous / "orgs.csv")
    published = _schools_of(staged / "orgs.csv") or {}
    since = Since(first, last, schools, bool(report.facts.get("profile_changed")))
    for miss in found:
        where = Where(file=miss.where)
        near = near_school(miss.entry, published) or ""
        renumbered = since.new_schools(published) if since.matched(miss.entry) else []
        why = _why_new(miss.entry, near or next(iter(renumbered), ""), since=since)
        if why:
            report.add(
                codes.code("excluded-school-near-miss"),
                where,
                **_near_miss(miss.entry, near, renumbered, since, why, published),
            )
            continue
        said = (
            f", and is one slip from school {near!r} ({published[near] or near}), published as before" if near else ""
        )
        report.add(codes.code("excluded-school-absent"), where, entry=miss.entry, near=said)


@dataclass(frozen=True, slots=True)
class Since:
    """What the last published set tells of the entries: `first` (no last set), `last` (its RECORD,
    None when last.json has none: a set of a profile with no own entry, or of a version before the
    record), `schools` (the schools it published, None: not known), `profile_changed`."""

    first: bool
    last: Mapping[str, object] | None
    schools: Mapping[str, str] | None
    profile_changed: bool

    def matched(self, entry: str) -> bool:
        """Whether the entry matched a school in the last published set (and, asked, none tonight)."""
        return not self.first and self.last is not None and self.last.get(entry) is True

    def new_schools(self, published: Mapping[str, str]) -> list[str]:
        """The schools published tonight that the last set did not publish ([]: none, or not known)."""
        return [] if self.schools is None else sorted(set(published) - set(self.schools))


def _near_miss(
    entry: str, near: str, renumbered: list[str], since: Since, why: str, published: Mapping[str, str]
) -> dict[str, str]:
    """X825's words: the school(s) named first are those new to the set when the entry matched a
    school in the last set and none tonight (a site renumbered: reviewer113 R2, R4), else the school
    the entry is one slip from."""
    named = renumbered[:3] or [near]
    listed = ", ".join(f"{school!r} ({published[school] or school})" for school in named)
    more = f" and {len(renumbered) - 3} more" if len(renumbered) > 3 else ""
    if renumbered:
        plural = len(renumbered) > 1
        said = (
            f"and school{'s' if plural else ''} {listed}{more}, new to the set tonight, "
            f"{'are' if plural else 'is'} published with {'their' if plural else 'its'} people"
        )
        school = f"school {named[0]!r}" if not plural else "one of those schools"
    else:
        said = f"and is one slip from school {listed}, which is published with its people"
        school = f"school {near!r}"
    if since.matched(entry):
        again = "the school is removed again"
    elif since.schools is None or named[0] not in since.schools:
        again = "the school is left out"
    else:
        again = "the school is removed from the set"
    otherwise = (
        "if the school the entry kept out closed and that one is another, nothing to do"
        if renumbered
        else "if the entry names a school not exported yet, nothing to do"
    )
    return {"entry": entry, "near": said, "why": why, "school": school, "again": again, "otherwise": otherwise}


def _why_new(entry: str, near: str, *, since: Since) -> str:
    """Why a near miss is a person's to look at tonight, in words; '' when it is not (no school to
    name, or an old entry beside a school the last set published)."""
    if not near:
        return ""
    if since.first:
        return "this is the first set"
    if since.last is None:  # last.json records no entry: a profile that had none, or an older version's set
        if since.profile_changed:
            return "the entry is new since the last published set, or that set's record predates this version"
        return "the last published set's record of the entries predates this version"
    if entry not in since.last:
        return "the entry is new since the last published set"
    if since.last[entry] is True:
        return "the entry matched a school in the last published set and none tonight"
    if since.schools is None or near not in since.schools:
        return "that school is new to the set tonight"
    return ""


def _schools_of(orgs: Path) -> dict[str, str] | None:
    """The schools (not the district) a published orgs.csv lists, ID -> name; None when it cannot be read."""
    try:
        with orgs.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeError, csv.Error):
        return None
    return {row.get("sourcedId") or "": row.get("name") or "" for row in rows if row.get("type") != "district"}


def record_damage(data: Mapping[str, Any]) -> str:
    """Why last.json's RECORD cannot be read; '' when it can, or is not there (a set of a profile with
    no own entry, or published before it was recorded: every entry is new). Read past, a hand-edited
    record would make a new typo old, said at exit 0 (gate.read_state: X930)."""
    if RECORD not in data:
        return ""
    held = data[RECORD]
    if not isinstance(held, dict) or not all(isinstance(v, bool) for v in held.values()):
        return f"{RECORD!r} is not a table of settings.exclude_schools entries and true or false"
    return ""
