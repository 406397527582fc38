"""A row read perhaps shifted (I257) that a condition left out, of a record no set publishes: asked for
that night (I277).

A short row whose cells stop fitting their columns is read padded and marked suspect
(pipeline.short_rows): a cell left out mid-row reads the birth date as the status, and an active
student is left out as 'inactive' (F400). A record the last published set held is then removed and
named (X981, pipeline.dropped_gate). But a record no set held (a first set: there is none; a student
new tonight) is removed from nothing: nothing names it, the run exited 0, and no later night asks
either (the record is never in a last set), so the student never reaches Remind (rows61 left open:
a first set whose suspect row a condition left out published at exit 0). Said here, a warning in
summary.TO_CHECK (exit 1): a person opens the row. A record still in tonight's set (another row
makes it) has lost nothing.
"""

from __future__ import annotations

from pathlib import Path

from transform.pipeline.gate import SHIFTED_ASKED, columns_of, recorded_hashes
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

KEY = SHIFTED_ASKED  # last.json: the rows asked, each a hash of its cells (mapping._left_out)


def check(report: Report, previous: Path | None, staged: Path, *, state: Path | None = None) -> None:
    """I277 for each suspect row a condition left out whose record neither the last published set
    (`previous`, None: there is none, or it is not held) nor tonight's (`staged`) holds, unless last.json
    (in the `state` folder) recorded the same row asked (KEY): said once while it stays unchanged, as V553
    is (the row as the SIS holds it: nothing to do). Every row asked tonight is recorded (report.facts)."""
    drops = report.left_out.suspect_drops
    if not drops:
        return
    held: dict[str, set[str]] = {}
    asked: list[str] = []
    recorded = recorded_hashes(state, KEY)
    for table, record, file, line, cid, name, column, shape in sorted(drops, key=lambda d: (d[2], d[3])):
        if record and table:
            if table not in held:
                held[table] = _ids(previous, table) | _ids(staged, table)
            if record in held[table]:
                continue  # X981 names it when tonight's set removes it; still published otherwise
        asked.append(shape)
        if shape in recorded:
            continue  # asked on an earlier night, the row unchanged since
        code = codes.BY_ID.get(cid)
        report.add(
            codes.code("row-short-shifted-left-out"),
            Where(file=file, line=line, column=column, table=table, record=record),
            id=record or "(no ID read)",
            column=column,
            person=name or "no name",
            reason=f"{cid} {code.slug}" if code else cid,
        )
    if asked:
        report.facts[KEY] = sorted(set(asked))


def _ids(folder: Path | None, table: str) -> set[str]:
    path = folder / f"{table}.csv" if folder is not None else None
    if path is None or not path.is_file():
        return set()
    return {key for (key,) in columns_of(path, "sourcedId")}
