"""A students' condition that lets through a few leavers (P131, tester86 T1).

`Admissions Status not_in [Leaver, Applicant]` on an export holding one 'Withdrawn' pupil publishes
her as a student, with her parents, at exit 0. P118 names a whole column's worth of leaver values
kept (seen_values.note_leavers_kept: ten rows or more, most in no class); a small school withdraws
one or two at a time. So any count of a value naming students who left (WORDS) that a
students' rule's own condition written the "leave out" way (not_equals, not_in) lets through is said,
unless P118 said the condition. An honest export's 'Withdrawn' that the condition leaves out passes
no condition: nothing said. A value is asked once (published, exit 1: summary._LOOKED_AT_WHEN);
last.json records it (KEY: a hash of the export, the column and the value: review194 R5), and the nights
after it is said at exit 0, whatever the condition's words: a value added to the condition asks no other again.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import mapping
from .gate import VALUES_ASKED, asked_key, columns_of, recorded_hashes
from .read import SourceFile, iter_rows
from .seen_values import Compared, Places, literal_passes, ranked, students_own_conditions

KEY = VALUES_ASKED  # last.json: the values asked (P131), each a hash of its rule, condition and value
# A word naming students who left, whole (P118's seen_values.LEAVER is a stem, weighed at ten rows): at any
# count, 'Graduating' (a senior still here), 'Cleft' or 'Leftover' is no leaver; 'Formerly Enrolled' is.
# A hyphen parts words ('Withdrawn-Moved'): a leaver missed publishes her at exit 0, a word read
# wrongly ('Left-handed') is asked once.
WORDS = re.compile(
    r"(?<![a-z])(graduated?|grad|withdrawn?|withdrew|withdrawal|inactive|transferr?ed|transfer|left|exit(ed)?|"
    r"dropp?ed|drop.?out|deceased|expell?ed|alumn(i|us|a|ae)|former(ly)?|dismissed|no.?show)(?![a-z])",
    re.IGNORECASE,
)
# A status of a student who came, not one who left ('Transferred In', 'Moved into district').
ARRIVED = re.compile(r"(transfer|transferr?ed|moved|dropp?ed)\s*(in|into)(?![a-z])", re.IGNORECASE)


def note(
    plan: Plan,
    sources: dict[str, SourceFile],
    report: Report,
    *,
    own: Places,
    state: Path | None,
    staged: Path | None = None,
) -> None:
    """P131 for each students' rule's own `where` condition (not_equals, not_in) that lets through a value
    naming leavers on any number of rows, unless P118 said that condition tonight; `new` when last.json (in
    the `state` folder) did not record the value asked. Every value said is recorded (report.facts[KEY]). With
    the `staged` set, a value counts only the rows whose student it holds (kept_rows)."""
    said = {(p.params.get("rule"), p.params.get("condition")) for p in report.examples.get("P118", [])}
    recorded = recorded_hashes(state, KEY)
    asked: list[str] = []
    parents = any(r.guardian is not None for r in plan.rules.get("users", ()))
    for found in students_own_conditions(plan, sources, report, own=own):
        rule, cond, item, export, path = found.rule, found.cond, found.item, found.export, found.path
        column, held = found.column, found.held
        if (rule.label, f"where {cond.text}") in said:
            continue  # P118 said it: a whole column's worth
        leavers = Counter({v: n for v, n in held.items() if v.strip() and literal_passes(cond, v) and _leaver(v)})
        if leavers and staged is not None and item is not None:  # only the rows the rule keeps (review191 R3)
            leavers = kept_rows(plan, rule, item, export, leavers, staged)
        if not leavers:
            continue
        keys = [asked_key(export.source, column, v) for v in leavers]  # not the condition's words
        asked += keys
        new = [v for v, k in zip(leavers, keys, strict=True) if k not in recorded]
        report.add(
            codes.code("profile-reading-asked"),
            Where(file=own[path]),
            rule=rule.label,
            condition=f"where {cond.text}",
            place=own[path],
            file=export.display,
            leavers=ranked(leavers),
            parents=" with their parents and guardians" if parents else "",
            finding=(
                f"lets through {ranked(leavers)} of {export.display}, values that name students who left: "
                f"published as students{' with their parents and guardians' if parents else ''}"
            ),
            asked=(
                f"first seen tonight: {', '.join(repr(v) for v in new)}."
                if new
                else "asked on an earlier night: not asked again."
            ),
            fix=(
                f"If they left, add {'them' if len(leavers) > 1 else 'it'} to the condition's values ({column}) "
                f"and rerun; if they are meant to be in Remind, nothing to do: not asked again."
            ),
            new="yes" if new else "",
        )
    if asked:
        report.facts[KEY] = sorted({*report.facts.get(KEY, ()), *asked})


def kept_rows(
    plan: Plan, rule: RulePlan, item: Compared, export: SourceFile, leavers: Counter[str], staged: Path
) -> Counter[str]:
    """Of the rows holding a leaver value, those whose student the staged users.csv publishes (the rule's other
    conditions, `Admissions Status equals Current`, left the rest out: review191 R3). The ID is compared as the
    export writes it, trimmed and case folded, and as the rule makes it (its cleaners: `{id: {width: 6, pad:
    true}}` publishes 4013 as 004013, config63a's leftover); where no row's is found either way (an ID a join
    makes), every row counts, as the column's values."""
    users = staged / "users.csv"
    rows = columns_of(users, "sourcedId", "role") if users.is_file() else iter(())
    students = {sid.strip().casefold() for sid, role in rows if role == "student" and sid.strip()}
    ids = [export.index[ref.key] for c in rule.columns if c.name == "sourcedId" for ref in _refs(c)]
    values = [export.index[cell.key] for cell in item.cells if cell.key in export.index]
    if not students or not ids or not values:
        return leavers
    kept: Counter[str] = Counter()
    found = False
    quiet = Report(max_examples=0)
    for row in iter_rows(export, quiet, first_pass=False):
        value = next((row.cells[i] for i in values if i < len(row.cells) and row.cells[i].strip()), "")
        if found and value not in leavers:
            continue  # a row is read only to find whether the IDs match at all
        sid = next((row.cells[i] for i in ids if i < len(row.cells) and row.cells[i].strip()), "").strip().casefold()
        held = sid in students or any(
            made.strip().casefold() in students
            for made in mapping.row_ids(row, rule=rule, plan=plan, indexes={}, quiet=quiet)
        )
        found = found or held
        if held and value in leavers:
            kept[value] += 1
    return kept if found else leavers


def _refs(column: ColumnPlan) -> list[FieldRef]:
    return [ref for ref in (*fields(column.parts), *column.first_of) if ref.alias is None]


def _leaver(value: str) -> bool:
    return bool(WORDS.search(value)) and not ARRIVED.search(value)
