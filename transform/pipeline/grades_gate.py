"""The safety gate for the students' grades changed overnight to other real grades: a column swapped.

Skyward's SkyBuild template gave every student's GRAD-YR as 2027 one night (a template field
swapped): all 60 students were published as grade 12, kindergartners included, at exit 0 with no
message (tester60 N2). Every value was a valid grade: none blank (X923), none the map's default
(X836), so no gate of pipeline.columns_gate saw it; the users were only "changed".

Students do not change grade in numbers mid-year. So, for the students of a school out of its
promotion season (`Season`), more than MOST percent (or the removal limit, when higher) of those the
last set held with a grade having another grade tonight, at least AT_LEAST of them, is a broken
export: refused (X856), the export column, the count and the most common 'from -> to' pairs named;
--allow-rollover publishes it, said (X857, and F454). When most of them went one grade up, the
words say a promotion run in the SIS, not a field swapped.

A school's promotion season (reviewer119 R3: one district boundary refused a traditional school's
promotion six weeks after a year-round school's): the night begins a new school year by the
district's calendar (api's `new_year`: the last set made in another; a --previous set's date is
unknown), or it lies within RECENT days before the district's year starts (the SIS's end-of-year
promotion in June) to FIRST_WEEKS days after, or a term of the school beginning within the first
FIRST_WEEKS days of its school year started since the last set or lies within RECENT days of
tonight (the SIS promotes a week after the new sections), or one of its terms ends within RECENT
days of tonight. There, the students whose grade changed must mostly go one grade up (KG to 01,
12 to 13, Other or Graduated): else refused (R4: every student two grades up, the grades reversed,
or one grade down, or a collapse into one grade from a graduation year written over them).

Counted by columns_gate.blanked (`Blanked.moved`: per (last grade, tonight's, the school in
season), the students in both sets), read on the nights it reads: enough users changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from transform.cleaners.school_year import NORTHERN, SchoolYear
from transform.oneroster.spec import GRADES_CEDS
from transform.pipeline.filters import Term
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 10  # fewer students with another grade are corrections, whatever their share
MOST = 50  # percent of the students with a grade in both sets
PAIRS = 4  # 'from -> to' pairs named
RECENT = dt.timedelta(days=30)  # a promotion this near a school year's start or end is the new year's
FIRST_WEEKS = dt.timedelta(days=60)  # the first weeks of the district's year (a traditional school's start)
TERM_OPENS_YEAR = dt.timedelta(days=100)  # a term starting this early in its school year opens it
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


@dataclass(frozen=True)
class Season:
    """Whether tonight is a school's promotion season (the module's doc): `as_of` tonight, `made`
    the last set's as-of date (None: unknown), `new_year` api's, `terms` tonight's set's (by school)."""

    as_of: dt.date
    made: dt.date | None = None
    new_year: bool = False
    years: SchoolYear = NORTHERN
    terms: Iterable[Term] = ()
    _schools: dict[str, bool] = field(default_factory=dict, compare=False)

    def __call__(self, schools: str) -> bool:
        """Whether a student of these schools (orgSourcedIds, comma-separated) is in season tonight."""
        if self.new_year or self._district():
            return True
        if not self._schools and self.terms:
            for term in self.terms:
                self._schools[term.school] = self._schools.get(term.school, False) or self._opens(term)
        return any(self._schools.get(school.strip(), False) for school in schools.split(","))

    def _district(self) -> bool:
        """Within RECENT days before the district's school year starts to FIRST_WEEKS after."""
        first = self.years.first_day(self.years.of(self.as_of + RECENT))
        return first - RECENT <= self.as_of <= first + FIRST_WEEKS

    def _opens(self, term: Term) -> bool:
        """A term opening its school year began since the last set or near tonight, or a term ends near it."""
        if abs(self.as_of - term.end) <= RECENT and self.years.last_day(self.years.of(term.end)) - term.end <= (
            TERM_OPENS_YEAR
        ):
            return True  # the year's last term ends: the SIS's end-of-year promotion
        if term.start - self.years.first_day(self.years.of(term.start)) > TERM_OPENS_YEAR:
            return False  # a spring semester: no new year
        since = self.made is not None and self.made < term.start <= self.as_of
        return since or abs(self.as_of - term.start) <= RECENT


@dataclass(frozen=True, slots=True)
class Changed:
    """What X856 says: the students judged (`had`: in both sets with a grade last night; in season:
    those whose grade changed), those refused, and why."""

    count: int
    had: int
    pairs: tuple[tuple[str, str, int], ...]
    season: bool = False  # in their school's promotion season: not one grade up
    promotion: bool = False  # out of season: most of them one grade up (a promotion run in the SIS)


def judge(moved: Counter[tuple[str, str, bool]], default: str, *, limit: float) -> Changed | None:
    """The grades changed overnight that a broken export explains, else None (the module's doc).
    `moved`: per (last grade, tonight's, in season), the students in both sets; `default`: the
    grade map's default ('Other'), X836's when tonight's."""
    most = max(limit, MOST)
    off = Counter({(a, b): n for (a, b, season), n in moved.items() if not season})
    had = sum(n for (last, _), n in off.items() if last)
    changed = Counter({(a, b): n for (a, b), n in off.items() if a and b and a != b and b != default})
    count = sum(changed.values())
    if count >= AT_LEAST and count * 100 > most * had:
        up = sum(n for (a, b), n in changed.items() if one_up(a, b))
        return Changed(count, had, _top(changed), promotion=up * 2 > count)
    on = Counter({(a, b): n for (a, b, season), n in moved.items() if season and a and b and a != b})
    movers = sum(n for (a, b), n in on.items() if b != default or one_up(a, b))
    wrong = Counter({(a, b): n for (a, b), n in on.items() if b != default and not one_up(a, b)})
    count = sum(wrong.values())
    if count >= AT_LEAST and count * 100 > most * movers:
        return Changed(count, movers, _top(wrong), season=True)
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
    if changed.season:
        columns = (
            f"another grade than the next one up to {changed.count:,} of the {changed.had:,} students whose grade "
            f"changed ({share}%{read}: {pairs}{more})"
        )
        cause = (
            "a new school year at their school moves students one grade up (KG to 01, 12 to 13 or Other), not "
            "elsewhere: the export's grade column holds another field (a graduation year, a field swapped in the "
            "export template), or the promotion went wrong in the SIS"
        )
    else:
        columns = (
            f"another grade to {changed.count:,} of the {changed.had:,} students the last set held with a grade "
            f"({share}%{read}: {pairs}{more})"
        )
        cause = (
            "most of them one grade up: a promotion (the SIS's year-end process) run in the SIS, but tonight is "
            "in none of their schools' new school year (no term of a new year begins near tonight, nor the "
            "district's year)"
            if changed.promotion
            else "tonight begins no new school year, and students do not change grade in numbers mid-year: the "
            "export's grade column holds another field (a graduation year, a field swapped in the export template)"
        )
    params = {"columns": columns, "first": ", ".join(first)}
    where = Where(file="users.csv", column="grades")
    if allow:
        report.add(codes.code("grades-changed-allowed"), where, **params)
        return
    step = (
        "if the SIS's new school year really began (its new terms not in the export yet), rerun once with "
        "--allow-rollover (later nights compare with that set); else undo the promotion in the SIS (or wait for "
        "the new year's terms)"
        if changed.promotion
        else f"look at {source or 'the export'}: if those students really are in those grades tonight, rerun once "
        "with --allow-rollover (later nights compare with that set); else fix the grade column in the export "
        "template or the SIS (another field written there)"
    )
    report.add(codes.code("grades-changed"), where, since=since, cause=cause, step=step, **params)
