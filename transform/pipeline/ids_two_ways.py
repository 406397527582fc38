"""The safety gate for exports that write the IDs of a join two ways: many V608 at once.

A record naming a person or class by an ID that differs from a kept one only in leading zeros or
letter case is left out as an error (V608). One or two are a row typed otherwise. Many people so
are no stray rows: one export (or the profile) writes the IDs otherwise than the other, Gradelink's
students export writing the older student IDs with a leading zero (01003) where its roster writes
1003 (tester67 F1). Counted against every row of the roster (X915), half of them last year's or
ended rows left out anyway, 55 of 400 students lost every class and the first set was published at
exit 0. Here they are counted against the records the output file would hold without the error:
the kept ones and those written otherwise. Past SHARE percent of them, and AT_LEAST IDs, or MANY
IDs whatever the share, nothing is published (X810): a share alone let a 20,000-student district
publish 150 students in no class at exit 0 (reviewer65 F5), where no row typed otherwise makes
150 people alike but for their zeros; the step names the profile's `id` cleaner when the IDs differ in leading zeros,
which a district whose SIS writes them so can set, where re-exporting changes nothing.

Why refused and not "published, but": the set would lose those people's classes (or a parent's
children) while the cause is one setting away, and on a later night the removal gate refuses
the same export anyway (X906, X955); a first set has no such gate.
"""

from __future__ import annotations

from collections import Counter

from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import WRITTEN_KEPT, Report

AT_LEAST = 3  # a person or two written otherwise is a row typed otherwise (V608 alone)
SHARE = 1.0  # percent of the records the output file would hold without the error
MANY = 25  # IDs written otherwise that refuse whatever the share: people in no class, each a family to call
EXAMPLES = 3


def check(report: Report, *, allow_incomplete: bool) -> None:
    """X810 (or X918 with --allow-incomplete) per output file whose records V608 left out are
    many people's and more than SHARE percent of what it would hold, or MANY people's; not when an export's rows
    were refused already (X915, X961), which name V608 as their cause."""
    if report.counts.get("X915") or report.counts.get("X961"):
        return
    v608 = codes.code("reference-written-otherwise")
    rows: Counter[tuple[str, str]] = Counter()
    for (cid, file, table), count in report.left_out.places.items():
        if cid == v608.id and table:
            rows[table, file] += count
    for (table, file), lost in sorted(rows.items()):
        ids = report.written_otherwise.get((table, file), set())
        would = report.rows_written.get(f"{table}.csv", 0) + lost
        if len(ids) < AT_LEAST or (lost * 100 <= SHARE * would and len(ids) < MANY):
            continue
        first = _first(report, v608, table, file)
        if first is None:
            continue
        _say(report, first, ids=ids, lost=lost, would=would, allow_incomplete=allow_incomplete)


def _first(report: Report, v608: codes.Code, table: str, file: str) -> Problem | None:
    return next(
        (p for p in report.examples.get(v608.id, ()) if p.where.table == table and p.where.file == file),
        None,
    )


def _say(report: Report, first: Problem, *, ids: set[str], lost: int, would: int, allow_incomplete: bool) -> None:
    where, params = first.where, first.params
    table, file = where.table, where.file
    how, twin = str(params.get("how", "")), str(params.get("twin", ""))
    values = {
        "file": file,
        "count": f"{len(ids):,}" + ("+" if len(ids) >= WRITTEN_KEPT else ""),
        "rows": lost,
        "table": table,
        "would": would,
        "percent": round(lost * 100 / would, 1),
        "value": params.get("value", ""),
        "twin": twin,
        "target": params.get("target", ""),
        "how": how,
        "examples": ", ".join(repr(i) for i in sorted(ids)[:EXAMPLES]),
        "step": step(how, where.column or str(params.get("field", "")), twin, str(params.get("target", ""))),
    }
    if allow_incomplete:
        detail = f"{lost} {table} records naming {values['count']} IDs {file} writes with other {how} (V608)"
        report.add(codes.code("incomplete-allowed"), Where(file=f"{table}.csv"), detail=detail)
        return
    report.add(codes.code("ids-written-two-ways"), where, **values)


def step(how: str, column: str, twin: str, target: str = "") -> str:
    """What makes the two exports' IDs one: for leading zeros, the `id` cleaner's width and pad on
    both ID columns (the SIS writes them so: exporting again changes nothing), saying that every
    shorter ID of `target` is then published with its zeros, a new sourcedId for each (reviewer65
    F5: 1200 became 01200, on a later night a change of every such record); for letter case, the
    export."""
    if how == "leading zeros":
        width = len(twin) if twin.isdigit() else 0
        shape = f"{{id: {{width: {width}, pad: true}}}}" if width else "{id: {width: N, pad: true}}"
        shorter = f"shorter than {width} digits" if width else "shorter than N digits"
        return (
            f"if the SIS writes them so, give {column or 'the reference column'} and the sourcedId of the "
            f"records it names clean: [{shape}] in the profile (docs/profiles.md), so both are written "
            f"with their zeros (every ID of {target or 'those records'} {shorter} is then published padded, "
            "a new sourcedId for each: on a set already published, Remind takes them for new records); "
            "if a spreadsheet took the zeros off, export the file again without opening it"
        )
    return "make the two exports write the IDs alike (the SIS's or the converter's setting), then rerun"
