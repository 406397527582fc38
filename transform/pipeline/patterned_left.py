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

from transform.report.report import ExcludedBy, Report

NONE: dict[str, object] = {
    **{"patterned": "", "patterned_count": 0, "patterned_names": "", "patterned_classes": 0},
    **{"patterned_fix": "", "patterned_shown": ""},
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
        "patterned_names": ", ".join(sorted({left[c].name for c in classes})),
        "patterned_classes": len(classes),
        "patterned_fix": fixes(classes, left),
        "patterned_shown": _shown(classes, left),
    }


Left = Mapping[str, ExcludedBy]  # Report.excluded_by_pattern
Rule = tuple[str, str, tuple[str, ...], str]  # ExcludedBy.rule


def _shown(classes: list[str], left: Left) -> str:
    """The first classes, by ID and as shown (a flag's by its title), and how many more."""
    return "; ".join(f"{c} {left[c].shown!r}" for c in classes[:SHOWN]) + _more(len(classes), "; ")


def _said(table: str, count: int, judged: int, classes: list[str], left: Left) -> str:
    kinds = sorted({left[c].rule for c in classes})
    rules = " and ".join(_rule(*kind) for kind in kinds[:SHOWN]) + _more(len(kinds))
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
        f"out tonight (F406: {_shown(classes, left)}), not gone from the exports{rest}"
    )


def _more(count: int, sep: str = " and ") -> str:
    return f"{sep}{count - SHOWN} more" if count > SHOWN else ""


# Each place a pattern is switched on, as the words name it and how to stop it there (review144 R1: the
# profile's `patterns: {NAME: null}` switches off none but a pattern of filters.exclude_classes.patterns).
PLACES = {
    "patterns": (
        "the profile's filters.exclude_classes.patterns",
        "switch {name} off in the district profile (filters.exclude_classes: patterns: {{{name}: null}})",
    ),
    "use": ("the profile's filters.exclude_classes.use", "take {name} out of filters.exclude_classes.use"),
    "--exclude": ("the command line's --exclude {name}", "drop --exclude {name} from the command"),
    "--exclude-class": ("the command line's --exclude-class", "drop --exclude-class '{pattern}' from the command"),
}


def _rule(name: str, pattern: str, places: tuple[str, ...], column: str) -> str:
    """Which rule left the classes out, as where it is switched on says it (ExcludedBy): not every one is
    a pattern of the profile's (review144 R1); a name switched on in two places is named in both (R2)."""
    if "flag" in places:
        return f"the profile's exclusion flag {name!r} (filters.exclude_classes.flags: {column} set on the class)"
    if places == ("--exclude-class",):
        return f"the command line's --exclude-class /{pattern}/"
    where = " and ".join(PLACES[place][0].format(name=name) for place in places if place in PLACES)
    return f"the exclusion pattern {name!r} (/{pattern}/) switched on by {where}"


def _fix(name: str, pattern: str, places: tuple[str, ...], column: str) -> str:
    """How to stop the rule leaving the classes out, in each place it is switched on."""
    if "flag" in places:
        return f"{column} is set on the class in the SIS (flag {name}): clear it there"
    return " and ".join(PLACES[place][1].format(name=name, pattern=pattern) for place in places if place in PLACES)


def fixes(classes: Collection[str], left: Left) -> str:
    """Each rule's own way to stop leaving `classes` out, the first SHOWN and how many more."""
    kinds: list[Rule] = sorted({left[c].rule for c in classes if c in left})
    return "; ".join(_fix(*kind) for kind in kinds[:SHOWN]) + _more(len(kinds), "; ")
