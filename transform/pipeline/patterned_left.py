"""A removal refusal's classes left out tonight by the profile's own exclusion patterns (F406).

After an upgrade whose bundled profile added a pattern (or a district profile that added one), the
classes it matches leave the set: the removals gate refuses the night (X906), and its words said
'classes.csv would lose 3 of 40 records' as of classes gone from the export, not that the tool's own
rule left them out (illum59 R4). X906 counts them apart (`words`): how many of the removals it judges
are of classes tonight's exports still hold that a pattern left out, with the pattern and the first
classes, and how many are not; report.summary's step says how to confirm it (--explain lists them
with F406) and the two ways out (the rule is right: --allow-rollover once; it is not: the keep list
or the pattern switched off).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from transform.report.report import Report

NONE: dict[str, object] = {
    **{"patterned": "", "patterned_count": 0, "patterned_names": "", "patterned_classes": 0},
    "patterned_fix": "",
}
SHOWN = 3  # the classes named in the words


def words(
    report: Report,
    table: str,
    judged: Collection[str],
    enrolments: Callable[[], Iterable[tuple[str, ...]]],
) -> dict[str, object]:
    """X906's words on the records of `table` it judges (`judged`, their IDs) that are of classes an
    exclusion pattern left out tonight; `enrolments`: the last published set's enrollments.csv's
    (sourcedId, classSourcedId), read only for a refusal of enrolments. NONE when there are none."""
    left = report.excluded_by_pattern
    if not left or table not in ("classes", "enrollments") or not judged:
        return dict(NONE)
    if table == "classes":
        of = {key: key for key in judged if key in left}
    else:
        wanted = set(judged)
        of = {key: cls for key, cls, *_ in enrolments() if key in wanted and cls in left}
    if not of:
        return dict(NONE)
    classes = sorted(set(of.values()))
    return {
        "patterned": _said(table, len(of), len(judged), classes, left),
        "patterned_count": len(of),
        "patterned_names": ", ".join(sorted({left[c][0] for c in classes})),
        "patterned_classes": len(classes),
        "patterned_fix": fixes(classes, left),
    }


Left = Mapping[str, tuple[str, str, str, str]]  # Report.excluded_by_pattern


def _said(table: str, count: int, judged: int, classes: list[str], left: Left) -> str:
    kinds = sorted({left[c][:2] + left[c][3:] for c in classes})
    rules = " and ".join(_rule(*kind) for kind in kinds[:SHOWN]) + _more(len(kinds))
    shown = "; ".join(f"{c} {left[c][2]!r}" for c in classes[:SHOWN]) + _more(len(classes), "; ")
    noun = "class" if table == "classes" else "enrolment"
    what = f"{noun}{'' if count == 1 else 'es' if noun == 'class' else 's'}"
    if table == "enrollments":
        what += f" in {len(classes)} {'class' if len(classes) == 1 else 'classes'}"
    article = "an" if noun == "enrolment" else "a"
    if count == judged:
        share = f"it is {article}" if count == 1 else f"all {count:,} are"
    else:
        share = f"1 of them is {article}" if count == 1 else f"{count:,} of them are"
    rest = "" if count == judged else f"; the other {judged - count:,} {'is' if judged - count == 1 else 'are'} not"
    return (
        f"; {share} {what} tonight's exports still hold, which {rules} {'leaves' if len(kinds) == 1 else 'leave'} "
        f"out tonight (F406: {shown}), not gone from the exports{rest}"
    )


def _more(count: int, sep: str = " and ") -> str:
    return f"{sep}{count - SHOWN} more" if count > SHOWN else ""


def _rule(name: str, pattern: str, place: str) -> str:
    """Which rule left the classes out, as where it is switched on says it (ExcludePlan.places; a flag's
    "flag " and its template): not every one is a pattern of the profile's (review144 R1)."""
    if place.startswith("flag "):
        return f"the profile's exclusion flag {name!r} (filters.exclude_classes.flags: {place[5:]} set on the class)"
    if place == "--exclude-class":
        return f"the command line's --exclude-class /{pattern}/"
    if place == "--exclude":
        return f"the exclusion pattern {name!r} (/{pattern}/) the command line's --exclude {name} switches on"
    if place == "use":
        return f"the exclusion pattern {name!r} (/{pattern}/) the profile switches on (filters.exclude_classes.use)"
    return f"the profile's exclusion pattern {name!r} (/{pattern}/)"


def _fix(name: str, pattern: str, place: str) -> str:
    """How to stop the rule leaving the classes out where it is switched on (review144 R1: the profile's
    `patterns: {NAME: null}` switches off none but a pattern of filters.exclude_classes.patterns)."""
    if place.startswith("flag "):
        return f"{place[5:]} is set on the class in the SIS (flag {name}): clear it there"
    if place == "--exclude-class":
        return f"drop --exclude-class '{pattern}' from the command"
    if place == "--exclude":
        return f"drop --exclude {name} from the command"
    if place == "use":
        return f"take {name} out of filters.exclude_classes.use"
    return f"switch {name} off in the district profile (filters.exclude_classes: patterns: {{{name}: null}})"


def fixes(classes: Collection[str], left: Left) -> str:
    """Each rule's own way to stop leaving `classes` out, the first SHOWN and how many more."""
    kinds = sorted({left[c][:2] + left[c][3:] for c in classes if c in left})
    return "; ".join(_fix(*kind) for kind in kinds[:SHOWN]) + _more(len(kinds), "; ")
