"""Day first or month first: do a column's dates say the order the profile reads them in?

03/04/2026 is 3 April in a UK export and 4 March in a US one; nothing in the value says which.
The column says it as a whole: a 13/04/2026 (possible only day first) and no 04/13/2026 (only
month first) and it is written day first. Read month first, every date of it up to the 12th was
read wrong, the term dates the classes were picked by as much as the birth dates, and the rest
were no dates at all. Values are cleaned row by row, so each date column is counted as it is read
(`counted`, into report.date_forms), and before anything is published a column read in the other
order than its values say refuses the run (`misread`): the set would be wrong with exit 0.
A column with both kinds of values says nothing (a typo, a column of mixed sources): its
impossible dates are reported one by one as they were.
"""

from __future__ import annotations

from collections.abc import Iterator

from transform.cleaners.dates import DateOrder, make_parser, order_read, order_written
from transform.pipeline.read import SourceFile
from transform.pipeline.rows import SourceRow
from transform.profile.compile import COLUMN_READER, DateReading, Plan
from transform.report import codes
from transform.report.date_forms import DateForms
from transform.report.problem import Problem, Where

_REMEMBERED = 50_000  # distinct values of all the file's date columns whose order is kept


def counted(rows: Iterator[SourceRow], source: SourceFile, plan: Plan, forms: DateForms) -> Iterator[SourceRow]:
    """The rows, each date column's values counted by the order they allow on the way."""
    keys = plan.date_columns.get(source.source, {})
    watched = [(source.index[key], source.header[source.index[key]]) for key in keys if key in source.index]
    if not watched:
        yield from rows
        return
    # A column holds few distinct dates (the days of a school year, the birthdays of a cohort):
    # each is matched once, up to a bound that keeps a column of unique values from filling memory.
    known: dict[str, DateOrder | None] = {}
    for row in rows:
        for position, column in watched:
            value = row.cells[position]
            if value in known:
                order = known[value]
            else:
                order = order_written(value)
                if len(known) < _REMEMBERED:
                    known[value] = order
            if order is not None:
                forms.note(row.file, column, order, row.line, value)
        yield row


def misread(plan: Plan, sources: dict[str, SourceFile], forms: DateForms) -> list[Problem]:
    """A refusal for every date column read in the order its values rule out."""
    problems = []
    # The columns whose values show one order only: where another shows the other, one setting for
    # every column cannot read both (tester44 F4: settings.day_first sent the admin round in a loop).
    shown = {
        key: ("day" if found.day_only else "month")
        for key, found in forms.columns.items()
        if bool(found.day_only) != bool(found.month_only)
    }
    for source in sources.values():
        for key, readings in plan.date_columns.get(source.source, {}).items():
            if key not in source.index:
                continue
            column = source.header[source.index[key]]
            found = forms.columns.get((source.display, column))
            if found is None or (found.day_only and found.month_only):
                continue
            written: DateOrder = "day" if found.day_only else "month"
            place = found.day_example if written == "day" else found.month_example
            if place is None:
                continue
            wrong = [r for r in readings if _order(r, plan, place[1]) not in (written, None)]
            if wrong:
                # The column's own reading first: settings.day_first does not overrule it.
                reading = min(wrong, key=lambda r: (r.decided_in == "settings", r.decided))
                count = found.day_only + found.month_only
                other = next(
                    (f"{file} {name}" for (file, name), order in sorted(shown.items()) if order != written), ""
                )
                readers = plan.date_readers.get(source.source, {}).get(key, frozenset())
                by = tuple(sorted({r.cleaner for r in wrong if r.cleaner}))  # the column's date cleaners
                problems.append(_refusal(source.display, column, written, count, place, reading, other, (readers, by)))
    return problems


def _order(reading: DateReading, plan: Plan, example: str) -> DateOrder | None:
    parser = make_parser(
        reading.formats, day_first=reading.day_first, pivot_year=plan.as_of.year, by_formats=reading.by_formats
    )
    return order_read(parser, example)


# A format of each order, for the advice to a column whose own formats decide.
_FORMAT_OF = {"day": "%d/%m/%Y", "month": "%m/%d/%Y"}


def _cleaners_advice(cleaners: tuple[str, ...], setting: str) -> str:
    """clean: [{birth_date: {day_first: true}}] on each column read from it; with several date cleaners
    (a terms export's FirstDay read by `date` and `school_year`), each its own."""
    said = [f"[{{{name}: {{day_first: {setting}}}}}]" for name in cleaners]
    if len(said) == 1:
        return f"clean: {said[0]} on each column read from it"
    return f"each column read from it its date cleaner's own, clean: {' or '.join(said)} as the column's cleaner is"


def _refusal(
    file: str,
    column: str,
    written: DateOrder,
    count: int,
    place: tuple[int, str],
    reading: DateReading,
    other: str = "",
    read_by: tuple[frozenset[tuple[str, str]], tuple[str, ...]] = (frozenset(), ()),
) -> Problem:
    """D350, naming what decided the order it was read in (the column's formats, its day_first,
    settings.day_first or settings.date_formats, a condition's or the term filter's day_first) and
    the change that reads it right: the column's own day_first where `other` (a column of the
    exports whose values show the other order) would be misread by the setting; on a column only
    conditions or the term filter read, which have no `clean:`, their own `day_first:` key
    (`readers`, compile.date_readers: tester45 F3). `read_by`: those readers, and the date cleaners of
    the column's that misread it (`birth_date` for a birth date: `{date: {day_first: true}}` beside the
    birth_date cleaner the column's form adds changed nothing, tester56 T2), named in the advice."""
    readers, cleaners = read_by
    line, example = place
    read = "month" if written == "day" else "day"
    setting = "true" if written == "day" else "false"
    if reading.decided_in == "column formats":
        fix = f"put a {written}-first format ({_FORMAT_OF[written]!r}) first in this column's formats in the profile"
    elif reading.decided_in == "column day_first":
        fix = f"set this column's day_first: {setting} in the profile"
    elif reading.decided_in == "own day_first":
        fix = f"set {reading.decided.split(':')[0]}: {setting} in the profile"
    elif other:
        # A column's cleaners take clean: options; a condition or the term filter, its own day_first.
        keys = sorted(label for kind, label in readers if kind != COLUMN_READER)
        own = [
            *([_cleaners_advice(cleaners or ("date",), setting)] if len(keys) < len(readers) or not readers else []),
            *([f"day_first: {setting} on {', '.join(keys)}"] if keys else []),
        ]
        fix = (
            f"give this column its own order in the profile, {' and '.join(own)}; settings.day_first would misread "
            f"{other}, written {read} first"
        )
    else:
        fix = f"set settings.day_first: {setting} in the district profile"
    return Problem(
        codes.code("date-order-misread"),
        Where(file=file, line=line, column=column),
        {
            "column": column,
            "count": count,
            "written": written,
            "read": read,
            "example": example,
            "setting": setting,
            "decided": reading.decided or "the profile",
            "fix": fix,
        },
    )
