"""An export cut short at a line's end, told by its lines against the last published set's.

A copy that stops, or a SIS job killed while it writes, can cut a file exactly at the end of a
line: every row left is whole, so nothing in the file says it is short. A cut in the middle of a
row is found by its cells (a short last row); one at a line's end is not. Where another export
still names the people the cut took (roles, enrolments naming a user the users export lacks), X882
says it; an enrolments export (PowerSchool's cc.txt) is named by no other: the enrolments of its
last lines were removed at exit 0, under the removal limits (tester50's question, fix-cut50).

What tells: the last published set records, of each export (last.json `tails`), its line count,
the hashes of SAMPLES lines spread over the file, whatever its length, and of its last
TAIL_LINES lines, with the text of those last lines. Tonight, the last recorded line still found
anywhere in the export is the anchor: every recorded line after it is gone. When the export now
has, after the anchor, CUT_AT_LEAST or more lines fewer than it had then, it stopped where it once
went on: cut (X884, exit 1; --allow-incomplete publishes it, said: F451, exit 1), however many lines the cut
took (a tail of 32 lines only saw cuts of 3 to 31: tester55 F7). Said of the exports only
enrolment rules read (`enrolment_exports`). An export whose new rows come after the old ones still
holds its last line; one re-sorted holds the recorded lines elsewhere; one whose last rows changed
(a date filled in) has as many lines after the anchor as it had: none is said. One cut whose new
rows were written after the cut has as many too: told by the recorded last lines gone (X860,
`_check_written_after`), those not changed in place nor of a student whose schedule was made anew.
Lines lost inside the export, its last line still there, are told by the text of the sampled lines
too (X862, `_check_inside`): a run of recorded lines gone from between two still there.

Not a cut (tester55 F2): the lines gone from the end were all of people tonight's exports still
list while the profile leaves them out (a withdrawn student whose dropped schedule rows the cc
export no longer lists: the rows of a file sorted by student, the newest last), or of sections
no longer exported (a section deleted with its rows). Told by the text of the recorded last lines
gone (a line whose user and class are on a line after the anchor tonight was changed, not gone):
the rows its user join names in the people export are all left out tonight (LeftOut.kept_lines), or
its class join names no sections row. A cut past the recorded last lines is told by those and by
the lines sampled over the export after the anchor (`_sampled_after`, tester65 F2).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from transform.pipeline.compact import hex_hash
from transform.pipeline.furniture import dos_end
from transform.pipeline.gate import columns_of, state_folder
from transform.pipeline.mapping import _user_joins, records_as_read
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.rows import SourceRow
from transform.pipeline.school_classes import users_listed
from transform.pipeline.tails_record import Recorded, unrecorded
from transform.profile.compile import SCHOOL_YEAR_PART, JoinPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

# The last lines of each export recorded, with their text: enough to tell whom the lines gone named
# when a batch of withdrawn students' rows leave the end of a file sorted by student (the newest,
# the no-shows of September, last: 32 lines held four students' rows, review of stop 47).
TAIL_LINES = 512
SAMPLES = 1024  # about so many lines sampled over the whole export
# Fewer lines gone from the end may be the last row or two deleted in the SIS (a schedule row
# dropped on the day it was entered, which PowerSchool deletes): not said.
CUT_AT_LEAST = 3
_TEXT_CHARS = 1000  # of a recorded last line's text, at most
_TAIL_BYTES = 1 << 16  # read from the end of a file for a quick look at its last lines
_CHUNK = 1 << 20  # read at a time where a whole export is read through
EXAMPLES = 3
CutSlug = Literal[
    "export-tail-cut",
    "export-cut-rows-after",
    "export-lines-lost-inside",
    "schedule-cut-students",
    "schedule-cut-classes",
]
# How each refusal of a cut (X884, X860, X862; schedule_cut's X727, X728) ends; F451 says the same cut
# published instead.
REFUSED = "; nothing published (--allow-incomplete publishes it anyway)"


def say_cut(report: Report, slug: CutSlug, where: Where, *, allowed: bool, **params: object) -> None:
    """A cut found: refused, or with --allow-incomplete (`allowed`) published and said as F451, which
    makes the run exit 1 ("Published, but"): a person must look on every night the flag publishes a
    cut, so that the flag left in a nightly job never hides a later cut (tester74 F1). --allow-rollover
    never excuses a cut: no new term or school year cuts a file short."""
    refused = codes.code(slug)
    if not allowed:
        report.add(refused, where, **params)
        return
    cut = refused.render(**params).removesuffix(REFUSED)
    report.add(codes.code("export-cut-allowed"), where, cut=cut, refused=refused.id, file=params["file"])


def check_recorded(report: Report, state: Mapping[str, Any], *, out: Path, holds_set: bool) -> None:
    """F452 on a night OUT holds a published set (`holds_set`) while its state records nothing of
    the exports' lines: last.json moved aside after X930, or deleted, or written before it kept them.
    The cut checks, and the others only last.json feeds, could not run: "move it aside and rerun"
    published a cut cc.txt at exit 0 (tester74 F12); a person looks (exit 1), once."""
    if not holds_set or not unrecorded(state.get("tails")):
        return
    state_file = state_folder(out) / "last.json"
    why = (
        "records nothing of the exports' lines (written by a version before it kept them)"
        if state.get("published_at")
        else "is not there (moved aside, or deleted)"
    )
    report.add(codes.code("export-checks-unrecorded"), Where(file=str(state_file)), state=state_file, why=why, out=out)


def _digest(line: bytes) -> str:
    return hex_hash(line)


def _last_lines(path: Path) -> list[bytes]:
    """The file's last non-blank lines, as far as its last _TAIL_BYTES hold whole ones."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - _TAIL_BYTES))
        data = handle.read()
    lines = [line.rstrip(b"\r") for line in data.split(b"\n")]
    return lines[1:] if size > _TAIL_BYTES else lines  # the first may be a part of a line


def tail(path: Path) -> dict[str, Any] | None:
    """What last.json keeps of the export (`Recorded`); None when it cannot be read. Read in
    _CHUNK pieces, never whole (a 36 MB cc.txt of 100,000 students held twice over: +68 MB peak):
    the line count and the sampled lines (the first whole ones after SAMPLES offsets spread over
    the bytes) on the way through, then the last lines from the end."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            handle.seek(0)
            count, starts, written = _scan(handle, size)
            if not written:
                return None
            last = _last(handle, size, count)
            if last and last[-1][0] == count - 1 and dos_end(last[-1][1], last=True):
                count, last = count - 1, last[:-1]  # a DOS end-of-file line: the file's end, not a line of it
            sample = [
                (line, text) for line, start in starts if line < count and (text := _line_at(handle, start)).strip()
            ]
    except OSError:
        return None
    return {
        "lines": count,
        "sample": [[p, _digest(text)] for p, text in sample],
        "sample_rows": [text.decode("utf-8", "replace")[:_TEXT_CHARS] for _, text in sample],
        "tail": [[p, _digest(text)] for p, text in last],
        "rows": [text.decode("utf-8", "replace")[:_TEXT_CHARS] for _, text in last],
    }


def _scan(handle: BinaryIO, size: int) -> tuple[int, list[tuple[int, int]], bool]:
    """The file's physical line count, the line number and byte start of each sampled line (the
    first line starting after each SAMPLES-th part of the bytes, once each), and whether any byte
    is not blank."""
    step = max(1, size // SAMPLES)
    offsets = iter(range(step, size, step))
    wanted = next(offsets, None)
    starts: list[tuple[int, int]] = []
    newlines, at, written, last = 0, 0, False, b""
    while chunk := handle.read(_CHUNK):
        written = written or bool(chunk.strip())
        counted = 0  # the line ends of the chunk before this are in `newlines`
        while wanted is not None:  # the first line end at or after wanted - 1, within this chunk
            found = chunk.find(b"\n", max(0, wanted - 1 - at))
            if found < 0:
                break
            newlines += chunk.count(b"\n", counted, found + 1)
            counted = found + 1
            start = at + found + 1
            if not starts or start > starts[-1][1]:
                starts.append((newlines, start))
            while wanted is not None and wanted - 1 <= at + found:
                wanted = next(offsets, None)
        newlines += chunk.count(b"\n", counted)
        at += len(chunk)
        last = chunk[-1:]
    starts = [(line, start) for line, start in starts if start < size]
    return newlines + (0 if last in (b"\n", b"") else 1), starts, written


def _line_at(handle: BinaryIO, start: int) -> bytes:
    """The line that starts at byte `start`, without its end."""
    handle.seek(start)
    text = handle.readline()
    return (text[:-1] if text.endswith(b"\n") else text).rstrip(b"\r")


def _last(handle: BinaryIO, size: int, count: int) -> list[tuple[int, bytes]]:
    """The file's last TAIL_LINES non-blank lines with their positions, read from the end: as many
    _TAIL_BYTES as hold them whole (or the whole file)."""
    want = _TAIL_BYTES
    while True:
        begin = max(0, size - want)
        handle.seek(begin)
        data = handle.read()
        last: list[tuple[int, bytes]] = []
        end = len(data) - 1 if data.endswith(b"\n") else len(data)
        position = count - 1
        while len(last) < TAIL_LINES and end > 0:
            start = data.rfind(b"\n", 0, end) + 1
            if start == 0 and begin > 0:  # this line may begin before the bytes read
                break
            text = data[start:end].rstrip(b"\r")
            if text.strip():
                last.append((position, text))
            position -= 1
            end = start - 1
        if begin == 0 or len(last) == TAIL_LINES:
            last.reverse()
            return last
        want *= 4


def enrolment_exports(plan: Plan) -> set[str]:
    """The sources only enrolment rules read (PowerSchool's cc.txt, Campus's roster.csv): no other
    export names their records. A people export cut short is X882's, where the enrolments or roles
    name the people it lacks; its last rows deleted (people who left, listed last) are removals
    the gate weighs."""
    enrolments = {rule.source for rule in plan.rules.get("enrollments", ())}
    others = {
        source
        for table, rules in plan.rules.items()
        if table != "enrollments"
        for rule in rules
        for source in (rule.source, *(join.source for join in rule.joins.values()))
    }
    return enrolments - others


def record(sources: Iterable[SourceFile], plan: Plan, also: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
    """For last.json: what each export `check` looks at (`enrolment_exports`) has as lines, by its
    name as the report says it, and the sources `also` names (the guardians exports
    guardian_tails looks at: cut, they removed parents at exit 0, tester58 F0b)."""
    wanted = enrolment_exports(plan) | set(also)
    return {source.display: found for source in sources if source.source in wanted and (found := tail(source.path))}


@dataclass
class _Tonight:
    lines: int  # non-blank lines
    at: dict[str, int]  # a recorded hash -> its last position tonight


def _read(path: Path, then: Recorded, *, rows_from: int) -> _Tonight | None:
    """Tonight's export: its line count and where the recorded rows are in it (physical lines;
    from `rows_from`, the first after the header: the header is in every night's file, and kept
    alone it told a file whose every row was rewritten for one cut after it, tester66 F4's X860
    for a FACTS integration switched to other student IDs).
    Read every night (X862): where the text of every recorded line was kept whole, a line is
    hashed only when its bytes are one of them (800,000 lines: 1.2 s hashed, a fraction of it so)."""
    wanted = {h for _, h in then.positions()}
    texts = then.texts()
    # The text as kept, where it is the line's bytes (not cut to _TEXT_CHARS, nor decoded with a
    # replacement): its own hash; else every line is hashed (an older last.json, a long line).
    known = {h: data for p, h in then.positions() if p in texts and _digest(data := texts[p].encode("utf-8")) == h}
    every = known.keys() < wanted
    lines = set(known.values())
    at: dict[str, int] = {}
    count, text = 0, b""
    try:
        with path.open("rb") as handle:
            for count, line in enumerate(handle, start=1):
                text = line.rstrip(b"\r\n")
                if (
                    count > rows_from
                    and (every or text in lines)
                    and text.strip()
                    and (digest := _digest(text)) in wanted
                ):
                    at[digest] = count - 1
    except OSError:
        return None
    return _Tonight(count - dos_end(text, last=True), at)  # a DOS end-of-file line is not one (I234)


def check(
    report: Report,
    state: Mapping[str, Any],
    sources: Mapping[str, SourceFile],
    plan: Plan,
    *,
    staged: Path | None,
    allowed: bool = False,
    removals_accepted: bool = False,
) -> None:
    """X884 for each export that ends, tonight, CUT_AT_LEAST or more lines short of where it went
    on when the last published set was made, after the last recorded line still in it, none of
    those after that line in it tonight, unless the lines gone were all of people the profile
    leaves out tonight or of sections no longer exported (`_explained`). A first night (no `tails`
    recorded) says nothing. `allowed` (--allow-incomplete): each cut published, said (`say_cut`).
    `removals_accepted` (--allow-rollover): lines gone of people no export lists tonight are the
    removals the person accepted (as X862 takes them always), whatever the people export lists; lines
    of people who stay are a cut still (tester74 F1)."""
    before = state.get("tails")
    if not isinstance(before, dict):
        return
    joined = _Joined(sources)
    for name in sorted(enrolment_exports(plan) & sources.keys()):
        source = sources[name]
        then = Recorded.read(before.get(source.display))
        if then is None or len(then.tail) < 2:
            continue
        recorded = then.positions()
        tonight = _read(source.path, then, rows_from=source.header_line)
        if tonight is None or not tonight.lines:
            continue
        _check_inside(report, plan, source, then, tonight, joined, staged, allowed=allowed)
        try:  # the file still holds its last line then near its end (unchanged, or rows added): no cut
            if then.tail[-1][1] in {_digest(line) for line in _last_lines(source.path) if line.strip()}:
                continue
        except OSError:
            continue
        anchor = next(((q, h) for q, h in reversed(recorded) if h in tonight.at), None)
        if anchor is None:
            continue  # no recorded row is in it: rewritten, not cut
        q, digest = anchor
        after = tonight.lines - 1 - tonight.at[digest]
        lost = (then.lines - 1 - q) - after
        # The recorded last lines gone, as text (those after the anchor), and tonight's after it.
        rows = list(zip(then.tail, then.rows, strict=False)) if len(then.rows) == len(then.tail) else []
        gone = [row for (p, _), row in rows if p > q]
        if lost < CUT_AT_LEAST:
            _check_written_after(
                report,
                state,
                plan,
                source,
                (gone, tonight.at[digest], after),
                joined,
                staged,
                allowed=allowed,
                unlisted=removals_accepted,
            )
            continue
        past_text = not gone or q < then.tail[0][0] - 1  # the cut reaches past the recorded last lines
        if past_text and gone and (sampled := _sampled_after(then, q)) is not None:
            gone, past_text = sampled + gone, False  # judged by the lines sampled before the last ones
        vanished, rescheduled = _vanished(source, gone, tonight.at[digest], plan)
        if not past_text:
            # Lines whose student has a line after the anchor tonight: her block rewritten (a
            # schedule made anew, a withdrawal's future rows kept), not cut (tester58 F2, F2b).
            rules = _rules(plan, source)
            vanished = [row for row in vanished if _user_identity(row, rules) not in rescheduled]
            if len(vanished) < CUT_AT_LEAST or _explained(
                report, plan, source, vanished, joined, staged, unlisted=removals_accepted
            ):
                continue
        say_cut(
            report,
            "export-tail-cut",
            Where(file=source.display),
            file=source.display,
            lines=lost,
            published_at=str(state.get("published_at") or "the last published set"),
            gone=_said(source, vanished, plan, lost=lost),
            allowed=allowed,
        )


def _sampled_after(then: Recorded, q: int) -> list[str] | None:
    """The text of the lines sampled over the export (whose text was kept) between the anchor `q`
    and the recorded last lines: a cut longer than TAIL_LINES is judged by them and by the last
    lines, each a line of every file's SAMPLES-th part. Next year's schedule appended at the end and
    taken out again (PowerSchool's cc.txt in May: 1,700 lines at 600 students) names classes the
    set never held; a cut of this year's rows names this year's (tester65 F2). None where the
    sampled lines' text was not kept (a last.json before cut48)."""
    if len(then.sample_rows) != len(then.sample):
        return None
    start = then.tail[0][0]
    return [text for (p, _), text in zip(then.sample, then.sample_rows, strict=True) if q < p < start]


def _check_written_after(
    report: Report,
    state: Mapping[str, Any],
    plan: Plan,
    source: SourceFile,
    cut: tuple[list[str], int, int],
    joined: _Joined,
    staged: Path | None,
    *,
    allowed: bool,
    unlisted: bool,
) -> None:
    """X860 for an export whose recorded last lines after the anchor are gone, CUT_AT_LEAST or
    more, while as many new lines or more follow the anchor tonight: cut at a line's end, then
    rows written after the cut (a copy or a SIS job that stopped and went on, one school's part
    of a file cut short before the next school's), so that it holds as many lines as it did or
    more (cut47's leftover). Not said of a line changed (its student and section on a line after
    the anchor), of a student whose schedule was made anew (her student on a line after the
    anchor tonight), nor, as for X884, of lines that name people left out tonight or sections no
    longer exported (`_explained`). `cut`: the recorded last lines gone, the anchor's line tonight and
    how many lines follow it."""
    gone, anchor, after = cut
    vanished, rescheduled = _vanished(source, gone, anchor, plan)
    rules = _rules(plan, source)
    lost = [row for row in vanished if _user_identity(row, rules) not in rescheduled]
    if len(lost) < CUT_AT_LEAST or _explained(report, plan, source, lost, joined, staged, unlisted=unlisted):
        return
    say_cut(
        report,
        "export-cut-rows-after",
        Where(file=source.display, line=anchor + 1),
        file=source.display,
        count=len(lost),
        line=anchor + 1,
        after=after,
        published_at=str(state.get("published_at") or "the last published set"),
        gone=_said(source, lost, plan, lost=len(lost)),
        allowed=allowed,
    )


def _parse(source: SourceFile, text: str, line: int = 0) -> SourceRow:
    cells = next(csv.reader([text], delimiter=source.delimiter or ",", quotechar='"'), [])
    cells += [""] * (len(source.header) - len(cells))
    return SourceRow(source.display, line, cells, source.index)


def _rules(plan: Plan, source: SourceFile) -> list[RulePlan]:
    return [rule for rule in plan.rules.get("enrollments", ()) if rule.source == source.source]


def _identity(row: SourceRow, rules: list[RulePlan]) -> tuple[str, ...]:
    """What a line is of: the cells its rules' joins read (a student, a section), else all of them."""
    refs = [ref.key for rule in rules for join in rule.joins.values() for ref in join.local if ref.alias is None]
    return tuple(row.get(key) for key in refs) if refs else tuple(row.cells)


def _check_inside(
    report: Report,
    plan: Plan,
    source: SourceFile,
    then: Recorded,
    tonight: _Tonight,
    joined: _Joined,
    staged: Path | None,
    *,
    allowed: bool,
) -> None:
    """X862 for a run of CUT_AT_LEAST or more recorded lines gone from between two recorded lines
    still in the export, whose text was kept (cut48): lines lost inside the export (one school's
    part of a file cut short before the next school's), which neither its end nor its line count
    shows when new rows follow. Of the lines gone, those changed (their student and section on a
    line anywhere tonight: a date filled in, the file sorted anew) or whose student has a line
    tonight between the two (her schedule made anew, a class dropped beside others kept) or after
    the last recorded line kept (new rows written last) are no loss; the rest, of two students or
    more (one student's classes all dropped is a schedule), not all explained as X884's are
    (`_explained`), refuse the set."""
    texts = then.texts()
    recorded = [(p, h) for p, h in then.positions() if p in texts]
    kept = [n for n, (_, h) in enumerate(recorded) if h in tonight.at]
    runs = [(a, b) for a, b in itertools.pairwise(kept) if b - a > CUT_AT_LEAST]
    runs = [(a, b) for a, b in runs if tonight.at[recorded[a][1]] < tonight.at[recorded[b][1]]]
    if not runs:
        return
    rules = _rules(plan, source)
    last = max(tonight.at[recorded[n][1]] for n in kept)
    regions = [(tonight.at[recorded[a][1]], tonight.at[recorded[b][1]]) for a, b in runs]
    gone = {(a, b): [_parse(source, texts[p]) for p, _ in recorded[a + 1 : b]] for a, b in runs}
    users, found = _seen(source, rules, [*regions, (last, tonight.lines)], gone)
    for (a, b), (start, end) in zip(runs, regions, strict=True):
        near = users[(start, end)] | users[(last, tonight.lines)]
        lost = [r for r in gone[a, b] if _identity(r, rules) not in found and _user_identity(r, rules) not in near]
        if len(lost) < CUT_AT_LEAST or len({_user_identity(r, rules) for r in lost}) < 2:
            continue
        if _explained(report, plan, source, lost, joined, staged, unlisted=True):
            continue
        say_cut(
            report,
            "export-lines-lost-inside",
            Where(file=source.display, line=start + 1),
            file=source.display,
            count=len(lost),
            first=start + 1,
            last=end + 1,
            between=recorded[b][0] - recorded[a][0] - 1,
            gone=_said(source, lost, plan, lost=len(lost)),
            allowed=allowed,
        )
        return


def _seen(
    source: SourceFile,
    rules: list[RulePlan],
    regions: list[tuple[int, int]],
    gone: Mapping[tuple[int, int], list[SourceRow]],
) -> tuple[dict[tuple[int, int], set[tuple[str, ...]]], set[tuple[str, ...]]]:
    """Whom the lines of each region of tonight's export enrol (first and last physical line both
    counted, `_user_identity`), and which of the lines `gone` are of (`_identity`) a line anywhere
    tonight is of too."""
    wanted = {_identity(row, rules) for rows in gone.values() for row in rows}
    users: dict[tuple[int, int], set[tuple[str, ...]]] = {region: set() for region in regions}
    found: set[tuple[str, ...]] = set()
    with source.path.open("rb") as handle:
        for position, line in enumerate(handle):
            if not line.strip():
                continue
            row = _parse(source, line.rstrip(b"\r\n").decode("utf-8", "replace"))
            if (identity := _identity(row, rules)) in wanted:
                found.add(identity)
            for region in regions:
                if region[0] <= position <= region[1]:
                    users[region].add(_user_identity(row, rules))
    return users, found


def _user_identity(row: SourceRow, rules: list[RulePlan]) -> tuple[str, ...]:
    """Whom a line enrols: the cells its rules' user joins read (PowerSchool's StudentID), or the
    cells their userSourcedId is read from (a Clever enrollments.csv's student_id), else all."""
    refs = [ref.key for rule in rules for ref in _user_refs(rule)]
    return tuple(row.get(key) for key in refs) if refs else tuple(row.cells)


def _user_refs(rule: RulePlan) -> list[FieldRef]:
    joined = [ref for alias in sorted(_user_joins(rule)) for ref in rule.joins[alias].local if ref.alias is None]
    if joined:
        return joined
    columns = [*rule.columns, *(column for _, group in rule.groups for column in group)]
    return [
        part
        for column in columns
        if column.name == "userSourcedId"
        for part in fields((*column.parts, *column.first_of, *column.fallback_parts))
        if part.alias is None
    ]


def _vanished(
    source: SourceFile, gone: list[str], anchor: int, plan: Plan
) -> tuple[list[SourceRow], set[tuple[str, ...]]]:
    """The recorded last lines gone, as rows, less those whose student and section a line after
    the anchor tonight still has (a line changed, not gone); and whom the lines after the anchor
    tonight enrol (`_user_identity`)."""
    rows = [_parse(source, text) for text in gone]
    rules = _rules(plan, source)
    if not rows:
        return rows, set()
    kept: set[tuple[str, ...]] = set()
    users: set[tuple[str, ...]] = set()
    with source.path.open("rb") as handle:
        for position, line in enumerate(handle):
            if position > anchor and line.strip():
                row = _parse(source, line.rstrip(b"\r\n").decode("utf-8", "replace"))
                kept.add(_identity(row, rules))
                users.add(_user_identity(row, rules))
    return [row for row in rows if _identity(row, rules) not in kept], users


def _explained(
    report: Report,
    plan: Plan,
    source: SourceFile,
    vanished: list[SourceRow],
    joined: _Joined,
    staged: Path | None,
    *,
    unlisted: bool = False,
) -> bool:
    """Whether every line gone names people whose rows tonight's exports hold and the profile
    leaves out (no record written from them: a withdrawn student), by its rule's user join, or by
    the user ID it gives (listed by the users exports, not in tonight's set); or a section no row
    of tonight's sections export has (deleted), by a class join, or a class not in tonight's set.
    `unlisted`: or people no export lists tonight, whatever it lists (X862: a person removed
    tonight, whom the removal limits weigh; lines lost inside are of people still there)."""
    rules = _rules(plan, source)
    if not vanished or not rules or staged is None:
        return False
    classes = {rule.source for rule in plan.rules.get("classes", ())}
    direct = [
        records_as_read(row, rule, plan, frozenset({"userSourcedId", "classSourcedId"}))[1]
        for row in vanished
        for rule in rules
    ]
    named = {user for records in direct for record in records if (user := record.get("userSourcedId", ""))}
    set_users = {key for (key,) in columns_of(staged / "users.csv", "sourcedId")} if named else set()
    set_classes = {key for (key,) in columns_of(staged / "classes.csv", "sourcedId")}
    listed = users_listed(plan, dict(joined.sources), named - set_users) if named - set_users else set()
    left = (named - set_users) if unlisted else (named - set_users) & (listed or set())
    for number, row in enumerate(vanished):
        said = direct[number * len(rules) : (number + 1) * len(rules)]
        if any(
            record.get("userSourcedId", "") in left
            or ("classSourcedId" in record and record["classSourcedId"] not in set_classes)
            for records in said
            for record in records
        ):
            continue
        if not any(_row_explained(report, rule, row, classes, joined, unlisted=unlisted) for rule in rules):
            return False
    return True


def _row_explained(
    report: Report, rule: RulePlan, row: SourceRow, classes: set[str], joined: _Joined, *, unlisted: bool = False
) -> bool:
    users = _user_joins(rule)
    for alias, join in rule.joins.items():
        key = tuple(row.get(ref.key).strip() for ref in join.local if ref.alias is None)
        if len(key) != len(join.local) or not all(key):
            continue
        found = joined.lines(join, key)
        if found is None:
            continue
        display, lines = found
        if alias in users and lines and not any(report.left_out.was_kept(display, n) for n in lines):
            return True  # a person the export lists and the profile leaves out (withdrawn)
        if alias in users and not lines and (unlisted or _lists_only_kept(report, display)):
            # a person an export of active students only no longer lists (it leaves out nobody
            # tonight: the withdrawn student's row goes with his schedule rows): a person removed
            # tonight, whom the removal limits weigh (X906, X897), not rows a cut took. An export
            # that lists people the profile leaves out (withdrawn ones) lists a withdrawal: one
            # gone from it with the enrolment rows is both files cut (review of stop 47).
            return True
        if join.source in classes and not lines:
            return True  # a section no longer exported (deleted with its rows)
    return False


def _lists_only_kept(report: Report, display: str) -> bool:
    """Whether every row the people export has tonight made a record: an export of active people
    only, which leaves out nobody."""
    read = report.rows_read.get(display, 0)
    bits = report.left_out.kept_lines.get(display)
    return bool(read) and bits is not None and int.from_bytes(bits, "little").bit_count() >= read


class _Joined:
    """The lines of tonight's joined exports by the key a join reads, each export read once, the
    key matched as the join matches it (`_as_joined`): a custom join that ignores case, splits a
    list or picks by school year found a row the exact key misses, and the student so missed was
    taken for one gone from an active-only export (cut47's leftover)."""

    def __init__(self, sources: Mapping[str, SourceFile]) -> None:
        self.sources = sources
        self.held: dict[tuple[str, tuple[str, ...], bool], dict[tuple[str, ...], list[int]]] = {}

    def lines(self, join: JoinPlan, key: tuple[str, ...]) -> tuple[str, list[int]] | None:
        export = self.sources.get(join.source)
        if export is None:
            return None
        remote, keys = _as_joined(join, key)
        held = self.held.get((join.source, remote, join.ignore_case))
        if held is None:
            held = self.held[join.source, remote, join.ignore_case] = {}
            for row in iter_rows(export, Report(max_examples=0), first_pass=False):
                cells = tuple(row.get(column).strip() for column in remote)
                held.setdefault(_folded(cells) if join.ignore_case else cells, []).append(row.line)
        found = {line for part in keys for line in held.get(part, [])}
        return export.display, sorted(found)


def _as_joined(join: JoinPlan, key: tuple[str, ...]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The joined export's columns to match and the keys to look for, as the join matches: the
    school year a `pick: {year}` adds left out (a row of any year is the person's), each item of
    a `split` list, letters folded for `ignore_case`."""
    remote = join.remote
    if remote and remote[-1] == SCHOOL_YEAR_PART:
        remote, key = remote[:-1], key[:-1]
    keys: list[tuple[str, ...]] = [key]
    if join.split and key:
        keys = [(item.strip(),) for item in key[0].split(join.split) if item.strip()]
    return remote, [_folded(part) for part in keys] if join.ignore_case else keys


def _folded(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.casefold() for part in key)


def _said(source: SourceFile, vanished: list[SourceRow], plan: Plan, *, lost: int) -> str:
    """'; the last of them named StudentID 927 (7 lines: "927	2004	..."), ...' for the message."""
    if not vanished:
        return ""
    refs: list[FieldRef] = []
    for rule in _rules(plan, source):
        refs += [ref for ref in _user_refs(rule) if ref not in refs]
    counts: dict[str, int] = {}
    for row in vanished:
        name = ", ".join(f"{ref.column} {row.get(ref.key)}" for ref in refs) or f"'{source.delimiter.join(row.cells)}'"
        counts[name] = counts.get(name, 0) + 1
    shown = [f"{name} ({n} line{'s' if n != 1 else ''})" for name, n in list(counts.items())[:EXAMPLES]]
    more = len(counts) - EXAMPLES
    return (
        f" (the last {len(vanished)} of the lines gone named {'; '.join(shown)}"
        + (f"; {more} more" if more > 0 else "")
        + ")"
    )
