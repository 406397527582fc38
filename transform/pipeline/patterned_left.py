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

NONE: dict[str, object] = {"patterned": "", "patterned_count": 0, "patterned_names": "", "patterned_classes": 0}
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
    }


def _said(table: str, count: int, judged: int, classes: list[str], left: Mapping[str, tuple[str, str, str]]) -> str:
    kinds = sorted({(left[c][0], left[c][1]) for c in classes})
    patterns = " and ".join(f"{name!r} (/{pattern}/)" for name, pattern in kinds[:SHOWN])
    shown = "; ".join(f"{c} {left[c][2]!r}" for c in classes[:SHOWN]) + (
        f"; {len(classes) - SHOWN} more" if len(classes) > SHOWN else ""
    )
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
        f"; {share} {what} tonight's exports still hold, which the profile's exclusion "
        f"{'pattern' if len(kinds) == 1 else 'patterns'} {patterns} {'leaves' if len(kinds) == 1 else 'leave'} "
        f"out tonight (F406: {shown}), not gone from the exports{rest}"
    )
