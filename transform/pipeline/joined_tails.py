"""An export read through a join, or a people export X882 excuses, cut short at a line's end.

tails and guardian_tails judge the exports only enrolment or guardian rules read, X882 and X888
the people and sections tonight's surviving rows still name. Between them fell an export whose
lost records are named only by rows the same missing join drops, or by another rule's rows
(tester62 F1-F3, F5): eSchoolPLUS's REG_CONTACT.txt (contact persons, joined by the links) cut by
5 % removed 34 parents at exit 0 with D300 only; SCHD_MS.txt (sections, joined by the section
marking periods and the schedules) removed 3 classes and 62 enrolments; REG_STAFF_BLDGS.txt (the
staff rule's own rows, their people still in the joined REG_STAFF.txt) removed 2 teachers and left
11 classes with no teacher; Aeries' STF.csv (joined by TCH.csv, not required) left 2 teachers with
no email, published at exit 1 after Remind had deleted them.

The same record tells the cut (last.json `tails`, `tails.tail`): the recorded last lines after the
anchor gone, two or more fewer than there were (`guardian_tails._cut`, CUT_AT_LEAST below). What tells a cut from
records really deleted is whether tonight's other rows still name what the lines gone held:
- a line of a joined export whose key no line of it has tonight while a row of a rule joining it,
  which that rule's conditions let in, names that key (a contact's links still there, a section's
  marking periods and schedules, a staff member's sections in TCH): lost. A contact removed with
  her links, a section deleted with its rows, is named by nobody: a deletion the removal limits
  weigh;
- a line of a users rule's own export whose person tonight's set lacks while current enrolment
  rows name her (Report.named_absent, before X882 excuses a person another export lists): lost.
  A teacher who left with her sections given to another is named by nobody.
Refused (X884) when the lost lines are of two records or more: one staff member who left with her
sections not yet reassigned is X874's, one contact's rows are one person's.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from transform.pipeline import guardian_tails, tails
from transform.pipeline.gate import columns_of
from transform.pipeline.mapping import records_as_read
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.rows import SourceRow
from transform.pipeline.tails_record import Recorded
from transform.profile.compile import JoinPlan, Plan, RulePlan
from transform.report.problem import Where
from transform.report.report import Report

_ID = frozenset({"sourcedId"})
# Lines fewer from the end than tails asks (CUT_AT_LEAST): what tells here is the lines gone still
# named by tonight's rows, which rows deleted in the SIS are not; two teachers of a 29-line STF.csv
# cut were two lines (tester62 F2, F5).
CUT_AT_LEAST = 2


def _own_users(plan: Plan) -> set[str]:
    """The exports users rules read as their own rows (not a guardians export)."""
    return {rule.source for rule in plan.rules.get("users", ()) if rule.guardian is None}


def _joins_into(plan: Plan, name: str) -> list[tuple[RulePlan, JoinPlan]]:
    """The joins of every rule into export `name` whose key is all the joining row's own cells."""
    return [
        (rule, join)
        for rules in plan.rules.values()
        for rule in rules
        for join in rule.joins.values()
        if join.source == name and join.local and all(ref.alias is None for ref in join.local) and not join.split
    ]


def judged_exports(plan: Plan) -> set[str]:
    """The exports this module judges: those read through a join that no users rule reads as its
    own rows (contacts, sections, a staff persons file), and the users rules' own exports; not
    those tails and guardian_tails judge already."""
    joined = {join.source for rules in plan.rules.values() for rule in rules for join in rule.joins.values()}
    joined = {name for name in joined if _joins_into(plan, name)}  # a key the joining row holds itself
    own = _own_users(plan)
    return ((joined - own) | own) - tails.enrolment_exports(plan) - guardian_tails.guardian_exports(plan)


def check(
    report: Report,
    state: Mapping[str, Any],
    sources: Mapping[str, SourceFile],
    plan: Plan,
    *,
    staged: Path | None,
    allowed: bool = False,
) -> None:
    """X884 for each judged export cut short at a line's end since the last published set whose
    lines gone held records tonight's other rows still name (module docstring). `allowed`
    (--allow-incomplete): published, said (`tails.say_cut`)."""
    before = state.get("tails")
    if not isinstance(before, dict) or staged is None:
        return
    own = _own_users(plan)
    for name in sorted(judged_exports(plan) & sources.keys()):
        source = sources[name]
        then = Recorded.read(before.get(source.display))
        if then is None or len(then.tail) < 2 or len(then.rows) != len(then.tail):
            continue
        cut = guardian_tails._cut(source, then, at_least=CUT_AT_LEAST)
        if cut is None:
            continue
        gone, lines, _ = cut
        if name in own:
            lost = _people_lost(plan, name, gone, report, staged)
        else:
            lost = _keys_lost(plan, sources, source, gone)
        if len(lost) < 2:
            continue
        tails.say_cut(
            report,
            "export-tail-cut",
            Where(file=source.display),
            file=source.display,
            lines=lines,
            published_at=str(state.get("published_at") or "the last published set"),
            gone=_said(lost),
            allowed=allowed,
        )


def _keys_lost(plan: Plan, sources: Mapping[str, SourceFile], source: SourceFile, gone: list[SourceRow]) -> list[str]:
    """The keys of the lines gone that no line of the export has tonight while a row of a rule
    joining it names them, each as 'COLUMN value (named by FILE)'."""
    lost: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for rule, join in _joins_into(plan, source.source):
        wanted = {_key(row, join.remote, join.ignore_case) for row in gone}
        wanted.discard(None)
        if not wanted:
            continue
        wanted -= _keys_in(source, join.remote, join.ignore_case, wanted)
        joining = sources.get(rule.source)
        if not wanted or joining is None:
            continue
        local = tuple(ref.key for ref in join.local)
        named = _keys_in(joining, local, join.ignore_case, wanted, admitted=(rule, plan))
        for key in sorted(k for k in named if k is not None):
            files = lost.setdefault((join.remote, key), [])
            if joining.display not in files:
                files.append(joining.display)
    header = {column: source.header[i] for column, i in source.index.items() if i < len(source.header)}
    return [
        f"{'/'.join(header.get(c, c) for c in cols)} {' '.join(key)} (named by {', '.join(files)})"
        for (cols, key), files in lost.items()
    ]


def _key(row: SourceRow, columns: tuple[str, ...], folded: bool) -> tuple[str, ...] | None:
    key = tuple(row.get(column).strip() for column in columns)
    if not all(key):
        return None
    return tuple(part.casefold() for part in key) if folded else key


def _keys_in(
    source: SourceFile,
    columns: tuple[str, ...],
    folded: bool,
    wanted: set[tuple[str, ...] | None],
    *,
    admitted: tuple[RulePlan, Plan] | None = None,
) -> set[tuple[str, ...] | None]:
    """Those of `wanted` a row of the export has in `columns` tonight (read once, rows streamed);
    with `admitted`, only a row that rule's conditions let in names one (a schedule row dropped
    before tonight names no section: one deleted may leave it)."""
    found: set[tuple[str, ...] | None] = set()
    for row in iter_rows(source, Report(max_examples=0), first_pass=False):
        if (key := _key(row, columns, folded)) not in wanted or key in found:
            continue
        if admitted is None or records_as_read(row, admitted[0], admitted[1], _ID)[0]:
            found.add(key)
    return found


def _people_lost(plan: Plan, name: str, gone: list[SourceRow], report: Report, staged: Path) -> list[str]:
    """The people of the lines gone tonight's set lacks while current enrolment rows name them."""
    if not report.named_absent:
        return []
    tonight = {key for (key,) in columns_of(staged / "users.csv", "sourcedId")}
    lost: dict[str, None] = {}
    for rule in (r for r in plan.rules.get("users", ()) if r.source == name and r.guardian is None):
        for row in gone:
            for record in records_as_read(row, rule, plan, _ID)[1]:
                user = record.get("sourcedId", "")
                if user and user in report.named_absent and user not in tonight:
                    lost.setdefault(f"{user} (named by current enrolment rows)", None)
    return list(lost)


def _said(lost: list[str]) -> str:
    shown = "; ".join(lost[: tails.EXAMPLES])
    more = len(lost) - tails.EXAMPLES
    return f" (the lines gone held {shown}" + (f"; {len(lost) - tails.EXAMPLES} more" if more > 0 else "") + ")"
