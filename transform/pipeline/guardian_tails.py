"""A guardians export cut short at a line's end (Skyward's guardian.csv, PowerSchool's contacts.csv).

The cut X884 refuses in an enrolments export, in the export parents are read from: its last rows
gone, every row left whole, the parents of those rows removed from Remind (their conversations with
them) and their children left without them, under the removal limits, at exit 0 (tester58 F0b,
tester60 F3). No other export names a guardian, so X882 cannot tell it.

The same record tells (`tails.tail`, last.json `tails`), of each export only guardian rules read
(`guardian_exports`): the lines after the anchor gone, three or more fewer than there were.
Not a cut, of the lines gone (parsed from their recorded text):
- a line whose student and contact are on a line tonight (a phone or email edited, a contact no
  longer custodial, the file sorted anew: changed, not gone);
- a line whose student and contact both still have other lines tonight (one link removed: a parent
  who lost custody of one child, the child's other parent kept);
- a line of a student the students export lists and the profile leaves out tonight (withdrawn),
  or no longer lists where it lists active students only (gone with her contacts);
- a line of a student neither the last published set (OUT's users.csv) nor tonight's holds: its
  rows reached no set (a student withdrawn before the last set, purged since with her contacts,
  or gone with last year's leavers at a new school year: tester90 T2c), so nothing of the set
  changes with it;
and the rest must name two students or more and two contacts or more: one parent's rows removed
(her children's links), however many, is an ordinary night.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transform.pipeline import tails
from transform.pipeline.gate import columns_of
from transform.pipeline.mapping import guardian_as_read, linked_as_read
from transform.pipeline.read import SourceFile
from transform.pipeline.rows import SourceRow
from transform.pipeline.tails_record import Recorded
from transform.profile.compile import ColumnPlan, JoinPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields
from transform.report.problem import Where
from transform.report.report import Report


def guardian_exports(plan: Plan) -> set[str]:
    """The sources only guardian rules read as their own rows (a contacts export): no other rule
    reads them, nor joins them."""
    guardians = {rule.source for rule in plan.rules.get("users", ()) if rule.guardian is not None}
    others = {
        source
        for table, rules in plan.rules.items()
        for rule in rules
        for source in (
            *((rule.source,) if table != "users" or rule.guardian is None else ()),
            *(join.source for join in rule.joins.values()),
        )
    }
    return guardians - others


@dataclass(frozen=True)
class _Keys:
    """Which cells of a guardians line name its student and its contact."""

    student: tuple[FieldRef, ...]
    contact: tuple[FieldRef, ...]
    join: JoinPlan | None  # the join to the students export its student is read through

    def of(self, row: SourceRow) -> tuple[tuple[str, ...], tuple[str, ...]]:
        student = tuple(row.get(ref.key).strip() for ref in self.student)
        contact = tuple(row.get(ref.key).strip() for ref in self.contact) if self.contact else tuple(row.cells)
        return student, contact


def _local(column: ColumnPlan) -> list[FieldRef]:
    parts = (*column.parts, *column.first_of, *column.fallback_parts)
    return fields(parts)


def _keys(rule: RulePlan) -> _Keys | None:
    guardian = rule.guardian
    if guardian is None:
        return None
    student = _local(guardian.student)
    joins = {ref.alias for ref in student if ref.alias is not None}
    join = rule.joins.get(next(iter(joins))) if len(joins) == 1 else None
    if join is not None:  # the student read through a join: the line names her by the join's key
        cells = tuple(ref for ref in join.local if ref.alias is None)
    else:
        cells = tuple(ref for ref in student if ref.alias is None)
    contact = tuple(ref for ref in _local(guardian.contact) if ref.alias is None) if guardian.contact else ()
    return _Keys(cells, contact, join) if cells else None


def _set_users(*folders: Path | None) -> set[str] | None:
    """The users' sourcedIds of the sets in `folders` (the last published set, tonight's staged);
    None when one holds no users.csv (an OUT emptied after each upload: not known)."""
    found: set[str] = set()
    for folder in folders:
        path = folder / "users.csv" if folder is not None else None
        if path is None or not path.is_file():
            return None
        found |= {key for (key,) in columns_of(path, "sourcedId")}
    return found


def check(
    report: Report,
    state: Mapping[str, Any],
    sources: Mapping[str, SourceFile],
    plan: Plan,
    *,
    staged: Path | None,
    allowed: bool = False,
    removals_accepted: bool = False,
    last_set: Path | None = None,
) -> None:
    """X884 for each guardians export cut short at a line's end since the last published set, its
    lines gone not explained (module docstring). A first night (no `tails`) says nothing. `allowed`
    (--allow-incomplete): published, said (`tails.say_cut`); `removals_accepted` (--allow-rollover): lines
    of students no export lists tonight are removals accepted, whatever the students export lists.
    `last_set`: the folder of the set last.json's lines were recorded with (OUT): a line of a student
    neither it nor tonight's staged set holds is no evidence of a cut."""
    before = state.get("tails")
    if not isinstance(before, dict):
        return
    joined = tails._Joined(sources)
    for name in sorted(guardian_exports(plan) & sources.keys()):
        source = sources[name]
        rule = next((r for r in plan.rules.get("users", ()) if r.source == name and r.guardian is not None), None)
        keys = _keys(rule) if rule is not None else None
        then = Recorded.read(before.get(source.display))
        if keys is None or then is None or len(then.tail) < 2 or len(then.rows) != len(then.tail):
            continue
        cut = _cut(source, then)
        if cut is None:
            continue
        gone, lines, past = cut
        lost = gone if past else _unexplained(report, source, keys, gone, joined, unlisted=removals_accepted)
        if lost and not past and rule is not None:
            lost = _reaching(lost, rule, plan, (keys, joined, last_set, staged))
        if not past and not _several(keys, lost):
            continue
        tails.say_cut(
            report,
            "export-tail-cut",
            Where(file=source.display),
            file=source.display,
            lines=lines,
            published_at=str(state.get("published_at") or "the last published set"),
            gone=_said(keys, lost),
            allowed=allowed,
        )


def _several(keys: _Keys, lost: list[SourceRow]) -> bool:
    """Three lines or more, of two students or more and two contacts or more: not one parent's rows
    removed, nor one student's."""
    students = {keys.of(row)[0] for row in lost}
    contacts = {keys.of(row)[1] for row in lost}
    return len(lost) >= tails.CUT_AT_LEAST and len(students) >= 2 and len(contacts) >= 2


def _cut(
    source: SourceFile, then: Recorded, *, at_least: int = tails.CUT_AT_LEAST
) -> tuple[list[SourceRow], int, bool] | None:
    """The recorded last lines gone after the anchor, as rows, how many lines fewer follow it (at
    least `at_least`), and whether the cut reaches past the recorded last lines; None when the
    export is not so cut."""
    tonight = tails._read(source.path, then, rows_from=source.header_line)
    if tonight is None or not tonight.lines:
        return None
    try:
        if then.tail[-1][1] in {tails._digest(line) for line in tails._last_lines(source.path) if line.strip()}:
            return None
    except OSError:
        return None
    anchor = next(((q, h) for q, h in reversed(then.positions()) if h in tonight.at), None)
    if anchor is None:
        return None
    q, digest = anchor
    lines = (then.lines - 1 - q) - (tonight.lines - 1 - tonight.at[digest])
    if lines < at_least:
        return None
    gone = [tails._parse(source, text) for (p, _), text in zip(then.tail, then.rows, strict=True) if p > q]
    return gone, lines, q < then.tail[0][0] - 1


def _unexplained(
    report: Report, source: SourceFile, keys: _Keys, gone: list[SourceRow], joined: tails._Joined, *, unlisted: bool
) -> list[SourceRow]:
    """The lines gone that are neither changed, nor one link removed between people still there,
    nor of a student left out or gone tonight."""
    wanted = {keys.of(row) for row in gone}
    pairs: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    students: set[tuple[str, ...]] = set()
    contacts: set[tuple[str, ...]] = set()
    with source.path.open("rb") as handle:
        for line in handle:
            if not line.strip():
                continue
            student, contact = keys.of(tails._parse(source, line.rstrip(b"\r\n").decode("utf-8", "replace")))
            students.add(student)
            contacts.add(contact)
            if (student, contact) in wanted:
                pairs.add((student, contact))
    lost = []
    for row in gone:
        student, contact = keys.of(row)
        if (student, contact) in pairs or (student in students and contact in contacts):
            continue
        if not _student_left(report, keys, student, joined, unlisted=unlisted):
            lost.append(row)
    return lost


def _reaching(
    lost: list[SourceRow],
    rule: RulePlan,
    plan: Plan,
    context: tuple[_Keys, tails._Joined, Path | None, Path | None],
) -> list[SourceRow]:
    """Of the lines gone, those that may reach the last published set or tonight's: a line whose
    student (the link as the run makes it) neither set holds, or, where the link reads a join, whose
    contact neither set holds and whose student no students row lists tonight, reached no set, and
    its loss changes none (tester90 T2c: contacts of students withdrawn before the last set, purged
    since, or gone with last year's leavers at a new school year)."""
    keys, joined, last_set, staged = context
    users = _set_users(last_set, staged)
    if users is None:
        return lost
    reaching = []
    for row in lost:
        linked = linked_as_read(row, rule, plan)
        if linked:
            if any(student in users for student in linked):
                reaching.append(row)
            continue
        contact = guardian_as_read(row, rule, plan)
        student = keys.of(row)[0]
        found = joined.lines(keys.join, student) if keys.join is not None and all(student) else None
        unlisted = found is not None and not found[1]
        if not (unlisted and contact and contact not in users):
            reaching.append(row)
    return reaching


def _student_left(
    report: Report, keys: _Keys, student: tuple[str, ...], joined: tails._Joined, *, unlisted: bool = False
) -> bool:
    """Whether the students export lists her and the profile leaves her out tonight (withdrawn), or
    no longer lists her where it leaves out nobody (an export of active students only), or at all
    with `unlisted` (a removal --allow-rollover accepted)."""
    if keys.join is None or not all(student):
        return False
    found = joined.lines(keys.join, student)
    if found is None:
        return False
    display, lines = found
    if lines:
        return not any(report.left_out.was_kept(display, n) for n in lines)
    return unlisted or tails._lists_only_kept(report, display)


def _words(parts: tuple[str, ...]) -> str:
    return " ".join(part for part in parts if part.strip())


def _said(keys: _Keys, lost: list[SourceRow]) -> str:
    """' (the last 7 of the lines gone named NAME-ID 89100 (of STUDENT-ID 5003, 5006); ...)'."""
    students = "/".join(ref.column for ref in keys.student)
    contacts = "/".join(ref.column for ref in keys.contact) or "the contact"
    named: dict[str, list[str]] = {}
    for row in lost:
        student, contact = keys.of(row)
        who = named.setdefault(_words(contact) if keys.contact else ",".join(row.cells), [])
        # A contact's own row (PowerSchool's contacts.csv) names no student: no blank item (tester65 F4).
        if (of := _words(student)) and of not in who:
            who.append(of)
    shown = [
        f"{contacts} {who}" + (f" (of {students} {', '.join(of)})" if of else "")
        for who, of in list(named.items())[: tails.EXAMPLES]
    ]
    more = len(named) - len(shown)
    return (
        f" (the last {len(lost)} of the lines gone named {'; '.join(shown)}"
        + (f"; {more} more" if more > 0 else "")
        + ")"
        if lost
        else ""
    )
