"""Is a birth-date column one? A profile line that reads another date column as the birth date
(an enrolment, entry or withdrawal date) makes every student a baby: each date is a good date,
and row by row nothing is wrong. The column says it as a whole: most of its dates give no
student's age on the as-of date (tester25 1.5).

Each column a `birth_date` cleaner reads is counted as its export is read (the first pass, by
`count_rows` in the Python engine and `count_values` over the distinct values in the columnar
one, into report.date_forms.ages): its dates that give a student's age, and those that give
none: under 2 years old (D384), after the as-of date (D315). Texts that are no date (D305) and
blanks are not counted: they are no birth date of any column. Nor is a two-digit year neither
century of which gives an age of 2 to 25: its century is a guess, not evidence against the
column (an adult-education export writes 10/28/66 for a man of 60); each is blanked and said
(D371), and counted apart only to be named in X987's message. Before anything is published, a
column of at least MIN_DATES counted dates more than half of which give no student's age
refuses the run (X987), naming the column, the profile line that reads it and the first such
date. Fewer are each said by their own code, row by row. No upper age is held against a column:
an adult-education student written with a four-digit year may be of any age (tester26 2.4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from transform.cleaners.base import Cleaner
from transform.pipeline.read import SourceFile
from transform.pipeline.rows import SourceRow
from transform.profile import templates
from transform.profile.compile import Plan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.date_forms import ColumnAges, DateForms
from transform.report.problem import Problem, Where

# At least this many dates in a column before its share is judged: a school of 27 with two
# withdrawal dates says nothing of the column (each date is still said, D384).
MIN_DATES = 10
_REMEMBERED = 50_000  # distinct values of a column whose verdict is kept (pipeline.date_order's bound)
_CLEANER = "birth_date"


@dataclass(frozen=True, slots=True)
class BirthColumn:
    """A column of an export a rule reads as birth dates: the output field it fills, the rule's
    label and column (where the profile writes it: Plan.columns_at) and the cleaners it passes."""

    field: str  # demographics.birthDate
    rule: str  # demographics.students
    column: str  # birthDate
    cleaners: tuple[tuple[str, Cleaner], ...]


def columns(plan: Plan) -> dict[str, dict[str, BirthColumn]]:
    """source -> normalized export column -> the first rule column reading it as birth dates. A
    column read whole (`column: DOB`, or each of `column: [DOB, Birthdate]`); a template joining
    several cells (`{Year}-{Month}-{Day}`) is no one column's dates and is not counted."""
    found: dict[str, dict[str, BirthColumn]] = {}
    for table, rules in plan.rules.items():
        for rule in rules:
            for column in [*rule.columns, *(c for _, group in rule.groups for c in group)]:
                if not any(name == _CLEANER for name, _ in column.cleaners):
                    continue
                refs = column.first_of or templates.lone(column.parts)
                for ref in fields(refs):
                    if ref.alias is not None and ref.alias not in rule.joins:
                        continue
                    source = rule.source if ref.alias is None else rule.joins[ref.alias].source
                    if source:
                        birth = BirthColumn(f"{table}.{column.name}", rule.label, column.name, column.cleaners)
                        found.setdefault(source, {}).setdefault(ref.key, birth)
    return found


# What a date says of its column: a student's age, none (why), or a two-digit year in doubt.
_STUDENT, _NONE, _TWO_DIGIT = "student", "none", "two-digit"


class _Verdicts:
    """A column's values judged once each: (what it says, why not a student's age) or None for
    no date."""

    def __init__(self, birth: BirthColumn) -> None:
        self.cleaners = birth.cleaners
        self.known: dict[str, tuple[str, str] | None] = {}

    def __call__(self, value: str) -> tuple[str, str] | None:
        if value in self.known:
            return self.known[value]
        verdict = _verdict(self.cleaners, value)
        if len(self.known) < _REMEMBERED:
            self.known[value] = verdict
        return verdict


def _verdict(cleaners: tuple[tuple[str, Cleaner], ...], value: str) -> tuple[str, str] | None:
    """Whether the value, cleaned as the rule cleans it, gives a student's age (_STUDENT), none
    (_NONE, with why: '1 year old') or is a two-digit year giving a student's age in neither
    century (_TWO_DIGIT, D371's); None when it is no date at all (or a blank)."""
    said: dict[str, dict[str, object]] = {}
    for _, clean in cleaners:
        value, issues = clean(value)
        said.update(issues)
    if "birth-date-century" in said:
        return _TWO_DIGIT, ""
    if "birth-date-too-young" in said:
        return _NONE, str(said["birth-date-too-young"]["age"])
    if "birth-date-future" in said:
        return _NONE, f"after {said['birth-date-future']['as_of']}"
    return (_STUDENT, "") if value else None


def _watched(plan: Plan, source: SourceFile) -> list[tuple[int, str, _Verdicts]]:
    """(position, column as the header writes it, its verdicts) of the file's birth-date columns."""
    wanted = columns(plan).get(source.source, {})
    return [
        (source.index[key], source.header[source.index[key]], _Verdicts(birth))
        for key, birth in wanted.items()
        if key in source.index
    ]


def count_rows(rows: Iterator[SourceRow], source: SourceFile, plan: Plan, forms: DateForms) -> Iterator[SourceRow]:
    """The rows, each birth-date column's dates counted on the way (the Python engine's read)."""
    watched = _watched(plan, source)
    if not watched:
        yield from rows
        return
    tallies = [(position, _tally(forms, source.display, column), verdicts) for position, column, verdicts in watched]
    for row in rows:
        for position, ages, verdicts in tallies:
            if position < len(row.cells):
                _note(ages, verdicts, row.line, row.cells[position], 1)
        yield row


def count_values(
    source: SourceFile, plan: Plan, forms: DateForms, values: Callable[[int], Iterable[tuple[str | None, int, int]]]
) -> None:
    """`count_rows` for an export the columnar engine loaded: `values(position)` gives each
    distinct value of a column with how many rows hold it and its first line, in line order."""
    for position, column, verdicts in _watched(plan, source):
        ages = _tally(forms, source.display, column)
        for value, count, line in values(position):
            if value is not None:
                _note(ages, verdicts, line, value, count)


def _tally(forms: DateForms, file: str, column: str) -> ColumnAges:
    ages = forms.ages.get((file, column))
    if ages is None:
        ages = forms.ages[file, column] = ColumnAges()
    return ages


def _note(ages: ColumnAges, verdicts: _Verdicts, line: int, value: str, count: int) -> None:
    verdict = verdicts(value)
    if verdict is None:
        return
    kind, why = verdict
    if kind == _STUDENT:
        ages.student += count
        return
    if kind == _TWO_DIGIT:
        ages.two_digit += count
        return
    ages.none += count
    if ages.example is None or line < ages.example[0]:
        ages.example = (line, value, why)


def _two_digit(count: int) -> str:
    """X987's word on the two-digit years left aside, when the column holds some."""
    if not count:
        return ""
    return (
        f"; {count} more are two-digit years giving no student's age in either century, not counted "
        "here (each blanked, D371)"
    )


def refused(plan: Plan, sources: dict[str, SourceFile], forms: DateForms) -> list[Problem]:
    """X987 for every birth-date column most of whose dates (of at least MIN_DATES) give no
    student's age on the as-of date."""
    problems = []
    every = columns(plan)
    for source in sources.values():
        for key, birth in every.get(source.source, {}).items():
            if key not in source.index:
                continue
            column = source.header[source.index[key]]
            ages = forms.ages.get((source.display, column))
            if ages is None or ages.example is None:
                continue
            total = ages.student + ages.none
            if total < MIN_DATES or ages.none * 2 <= total:
                continue
            line, example, why = ages.example
            at = plan.columns_at.get((birth.rule, birth.column), "")
            problems.append(
                Problem(
                    codes.code("birth-dates-implausible"),
                    Where(file=source.display, line=line, column=column),
                    {
                        "column": column,
                        "count": ages.none,
                        "total": total,
                        "percent": round(ages.none * 100 / total),
                        "as_of": plan.as_of.isoformat(),
                        "line": line,
                        "example": example,
                        "why": why,
                        "field": birth.field,
                        "at": f" ({at})" if at else "",
                        "two_digit": _two_digit(ages.two_digit),
                    },
                )
            )
    return problems
