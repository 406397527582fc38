"""The safety gate for the students' grades changed overnight to other real grades: a column swapped.

Skyward's SkyBuild template gave every student's GRAD-YR as 2027 one night (a template field
swapped): all 60 students were published as grade 12, kindergartners included, at exit 0 with no
message (tester60 N2). Every value was a valid grade: none blank (X923), none the map's default
(X836), so no gate of pipeline.columns_gate saw it; the users were only "changed".

Students do not change grade in numbers mid-year. So, on a night that begins no new school year
(the last set was made in the same school year: api's `new_year`; a set named by --previous, whose
dates the run does not read, begins none), more than MOST percent (or the removal limit, when
higher) of the students the last set held with a grade having another grade tonight, at least
AT_LEAST of them, is a broken export: refused (X856), the export column, the count and the most
common 'from -> to' pairs named; --allow-rollover publishes it, said (X857, and F454).

On a new school year's night every student one grade up is the promotion (seniors to 13, Other or
Graduated, a new kindergarten intake: new IDs, not judged). It is refused only when the grades
collapse: more than MOST percent of the students in both sets share one grade tonight, and most of
those who came into it tonight came from a grade it is not one up from (every student 12; the
students who stayed in it prove nothing: a district of one grade not yet promoted).

Counted by columns_gate.blanked (`Blanked.moved`: per (last grade, tonight's), the students in
both sets), read on the nights it reads: enough users changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from transform.oneroster.spec import GRADES_CEDS
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 10  # fewer students with another grade are corrections, whatever their share
MOST = 50  # percent of the students with a grade in both sets
PAIRS = 4  # 'from -> to' pairs named
# The grades in order (IT to 13), and what follows the last one taught (a senior's next year)
_ORDER = GRADES_CEDS[: GRADES_CEDS.index("13") + 1]
_AFTER_12 = frozenset({"13", "other", "ug", "graduated", "grad", "gr", "alumni"})
# The grades a year may skip (a district with no TK, PR, IT)
_OPTIONAL = frozenset({"IT", "PR", "TK"})


def one_up(last: str, now: str) -> bool:
    """Whether `now` is the grade after `last` (PK to TK or KG, 05 to 06, 12 to 13, Other or Graduated)."""
    last, now = _grade(last), _grade(now)
    if last == "12":
        return now.casefold() in _AFTER_12
    if last not in _ORDER or now not in _ORDER:
        return False
    between = _ORDER[_ORDER.index(last) + 1 : _ORDER.index(now)] if _ORDER.index(now) > _ORDER.index(last) else None
    return between is not None and all(grade in _OPTIONAL for grade in between)


def _grade(value: str) -> str:
    """A grade as the order names it: '6' is '06', 'k' 'KG'."""
    value = value.strip()
    if value.isdigit():
        return f"{int(value):02d}"
    return {"K": "KG"}.get(value.upper(), value.upper() if value.upper() in _ORDER else value)


@dataclass(frozen=True, slots=True)
class Changed:
    """What X856 says: the students in both sets with a grade last night (`had`), those judged, and why."""

    count: int
    had: int
    pairs: tuple[tuple[str, str, int], ...]
    collapsed: str = ""  # the grade most share tonight, on a new school year's night
    sharing: int = 0  # the students in both sets of that grade tonight


def judge(moved: Counter[tuple[str, str]], default: str, *, new_year: bool, limit: float) -> Changed | None:
    """The grades changed overnight that a broken export explains, else None (the module's doc).
    `moved`: per (last grade, tonight's), the students in both sets; `default`: the grade map's
    default ('Other'), X836's when tonight's."""
    had = sum(n for (last, _), n in moved.items() if last)
    most = max(limit, MOST)
    if not new_year:
        changed = Counter({(a, b): n for (a, b), n in moved.items() if a and b and a != b and b != default})
        count = sum(changed.values())
        if count >= AT_LEAST and count * 100 > most * had:
            return Changed(count, had, _top(changed))
        return None
    tonight: Counter[str] = Counter()
    for (last, now), n in moved.items():
        if last and now and now != default:
            tonight[now] += n
    if not tonight:
        return None
    grade, sharing = tonight.most_common(1)[0]
    came = {(a, b): n for (a, b), n in moved.items() if a and b == grade and a != b}  # into it tonight
    into = Counter({(a, b): n for (a, b), n in came.items() if not one_up(a, grade)})
    count = sum(into.values())
    # most of those who came into it did not come from the grade below (those who stayed prove nothing)
    if sharing >= AT_LEAST and sharing * 100 > most * had and count * 2 > sum(came.values()):
        return Changed(count, had, _top(into), grade, sharing)
    return None


def _top(pairs: Counter[tuple[str, str]]) -> tuple[tuple[str, str, int], ...]:
    return tuple((a, b, n) for (a, b), n in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:PAIRS])


def say(
    changed: Changed,
    report: Report,
    *,
    source: str,
    first: list[str],
    allow: bool,
    since: str,
) -> None:
    """X856 (X857 with --allow-rollover) for the grades changed."""
    pairs = ", ".join(f"{a} -> {b} ({n:,})" for a, b, n in changed.pairs)
    shown = sum(n for _, _, n in changed.pairs)
    more = f" and {changed.count - shown:,} more" if changed.count > shown else ""
    read = f"; {source}" if source else ""
    share = round(changed.count * 100 / changed.had, 1)
    if changed.collapsed:
        shared = round(changed.sharing * 100 / changed.had, 1)
        columns = (
            f"the grade {changed.collapsed!r} to {changed.sharing:,} of the {changed.had:,} students the last set "
            f"held with a grade ({shared}%{read}), {changed.count:,} of them from a grade it does not follow "
            f"({share}%: {pairs}{more})"
        )
        cause = (
            "a new school year moves every student one grade up, not most of them into one grade: the export's "
            "grade column holds one value written over the real ones (a field swapped in the export template)"
        )
    else:
        columns = (
            f"another grade to {changed.count:,} of the {changed.had:,} students the last set held with a grade "
            f"({share}%{read}: {pairs}{more})"
        )
        cause = (
            "tonight begins no new school year, and students do not change grade in numbers mid-year: the "
            "export's grade column holds another field (a graduation year, a field swapped in the export template)"
        )
    params = {"columns": columns, "first": ", ".join(first)}
    where = Where(file="users.csv", column="grades")
    if allow:
        report.add(codes.code("grades-changed-allowed"), where, **params)
        return
    step = (
        f"look at {source or 'the export'}: if those students really are in those grades tonight, rerun once "
        "with --allow-rollover (later nights compare with that set); else fix the grade column in the export "
        "template or the SIS (another field written there)"
    )
    report.add(codes.code("grades-changed"), where, since=since, cause=cause, step=step, **params)
