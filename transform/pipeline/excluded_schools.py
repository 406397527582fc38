"""A school named in settings.exclude_schools that no export lists: a typo, refused as --school's is (X940).

settings.exclude_schools keeps a school's people out of Remind (an adult-education or a confidential
program site). A district profile listing "30" for "300" published school 300, its students and
their parents, at exit 0 without a word (tester74 F18), where the same slip in settings.schools is
refused (X940, exit 2: the profile is wrong). An entry of the district's own profile files that
names no school of the schools export, and that no record names either, is now X940 too. A bundled
profile's entries are not judged: they are pseudo-schools (PowerSchool's District Office, 0; the
graduated students' 999999) that many exports do not list. An entry no school row lists but some
record names (a site kept out of the schools export, its people at it) is one the exports know.
"""

from __future__ import annotations

from transform.profile.load import LoadedProfile, bundled_folder
from transform.report.problem import Problem, TransformAbort

OPTION = "settings.exclude_schools"


def excluded_own(profile: LoadedProfile) -> frozenset[str]:
    """The entries of settings.exclude_schools the district's own profile files write and no
    bundled profile of its chain does (a district's list repeats the bundled "0" as it replaces it)."""
    bundled = bundled_folder().resolve()
    own: set[str] = set()
    given: set[str] = set()
    for pf in profile.chain:
        listed = (pf.data.get("settings") or {}).get("exclude_schools") or ()
        if not isinstance(listed, list | tuple):
            continue
        (given if pf.path.resolve().parent == bundled else own).update(str(school) for school in listed)
    return frozenset(own - given)


def refuse_not_named(problems: dict[str, Problem], named: set[str]) -> None:
    """Refuse with the X940s of the entries no school row lists (`problems`, by entry) that no
    record named either (`named`: the entries records were left out for, Validator.excluded_seen)."""
    if unknown := [problem for school, problem in sorted(problems.items()) if school not in named]:
        raise TransformAbort(unknown)
