"""A students' condition that lets through a few leavers (P131, tester86 T1).

`Admissions Status not_in [Leaver, Applicant]` on an export holding one 'Withdrawn' pupil publishes
her as a student, with her parents, at exit 0. P118 names a whole column's worth of leaver values
kept (seen_values.note_leavers_kept: ten rows or more, most in no class); a small school withdraws
one or two at a time. So any count of a value naming students who left (WORDS) that a
students' rule's own condition written the "leave out" way (not_equals, not_in) lets through is said,
unless P118 said the condition. An honest export's 'Withdrawn' that the condition leaves out passes
no condition: nothing said. A value is asked once (published, exit 1: summary._LOOKED_AT_WHEN);
last.json records it (KEY: a hash of the rule, the condition and the value), and the nights after it
is said at exit 0. A condition changed asks again.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .compact import hex_hash
from .gate import LEAVERS_ASKED, recorded_hashes
from .read import SourceFile
from .seen_values import KINDS, PASS_ALL_OPS, Places, _kind, compared, held_values, literal_passes, ranked

KEY = LEAVERS_ASKED  # last.json: the leaver values asked, each a hash of its rule, condition and value
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


def value_key(rule: str, condition: str, value: str) -> str:
    return hex_hash("\x00".join((rule, condition, value.strip().casefold())).encode("utf-8", "surrogatepass"))


def note(plan: Plan, sources: dict[str, SourceFile], report: Report, *, own: Places, state: Path | None) -> None:
    """P131 for each students' rule's own `where` condition (not_equals, not_in) that lets through a value
    naming leavers on any number of rows, unless P118 said that condition tonight; `new` when last.json (in
    the `state` folder) did not record the value asked. Every value said is recorded (report.facts[KEY])."""
    literal = {item.path: item for item in compared(plan) if item.kind == "where"}
    said = {(p.params.get("rule"), p.params.get("condition")) for p in report.examples.get("P118", [])}
    recorded = recorded_hashes(state, KEY)
    asked: list[str] = []
    parents = any(r.guardian is not None for r in plan.rules.get("users", ()))
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source) if rule.source else None
        if export is None or rule.guardian is not None or _kind(rule) != KINDS["student"]:
            continue
        for cond in rule.where:
            path = ("tables", "users", rule.name, "where", cond.name)
            item = literal.get(path)
            read = held_values(item, {export.source: export}, report.column_values) if item is not None else None
            if path not in own or read is None or cond.op not in PASS_ALL_OPS:
                continue
            if (rule.label, f"where {cond.text}") in said:
                continue  # P118 said it: a whole column's worth
            _, column, held = read
            if not held:
                continue
            leavers = Counter({v: n for v, n in held.items() if v.strip() and literal_passes(cond, v) and _leaver(v)})
            if not leavers:
                continue
            keys = [value_key(rule.label, cond.text, v) for v in leavers]
            asked += keys
            new = [v for v, k in zip(leavers, keys, strict=True) if k not in recorded]
            report.add(
                codes.code("condition-keeps-leaver-values"),
                Where(file=own[path]),
                rule=rule.label,
                condition=f"where {cond.text}",
                place=own[path],
                file=export.display,
                leavers=ranked(leavers),
                parents=" with their parents and guardians" if parents else "",
                asked=(
                    f"first seen tonight: {', '.join(repr(v) for v in new)}."
                    if new
                    else "asked on an earlier night: not asked again."
                ),
                fix=f"If they left, add {'them' if len(leavers) > 1 else 'it'} to the condition's values ({column}).",
                new="yes" if new else "",
            )
    if asked:
        report.facts[KEY] = sorted(set(asked))


def _leaver(value: str) -> bool:
    return bool(WORDS.search(value)) and not ARRIVED.search(value)
