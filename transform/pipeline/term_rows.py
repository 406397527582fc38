"""A term ID on two rows of the terms export that still name one term: settled, not refused.

X866 refuses a term ID on two rows with other data when one of them is a term of tonight: which
row a class naming it means cannot be told. Two cases can be told (reviewer61 R4): the other row
is no row of the set (a OneRoster session `tobedeleted`, a delta's or a 1.1 bulk file's deletion
notice of last year's S1, which the sessions rule leaves out), or the rows are dated alike (the
same term under another title). Then the classes take the row of the set, said (D351, naming
the lines), and the set is published. Rows of the set with other dates are still two terms (X866).
"""

from __future__ import annotations

from collections.abc import Callable

from transform.profile import templates
from transform.profile.compile import CLASS_TABLE, Plan, RulePlan

from . import lookups, mapping
from .rows import SourceRow

SESSIONS_TABLE = "academicSessions"


def one_terms(plan: Plan) -> dict[tuple[str, tuple[str, ...]], lookups.OneTerm]:
    """For each join index the term filter reads a class's term dates through (a join with no
    `pick`, which tells a key's rows apart by their dates itself), how its rows are settled."""
    rule = plan.current_term
    if rule is None:
        return {}
    start, end = templates.lone(rule.start), templates.lone(rule.end)  # `{term.Start|term.Begins}` too
    aliases = {ref.alias for ref in (*start, *end)}
    if not (start and end and len(aliases) == 1) or None in aliases:
        return {}
    alias = start[0].alias or ""
    found: dict[tuple[str, tuple[str, ...]], lookups.OneTerm] = {}
    for class_rule in plan.rules.get(CLASS_TABLE, ()):
        join = class_rule.joins.get(alias)
        if join is None or join.pick is not None or join.index_key in found:
            continue
        sessions = [
            r for r in plan.rules.get(SESSIONS_TABLE, ()) if r.source == join.source and not r.once and not r.groups
        ]
        keys = tuple(ref.key for ref in start), tuple(ref.key for ref in end)
        found[join.index_key] = lookups.OneTerm(_left_out(sessions, plan), *keys, plan.parse_term_date)
    return found


def _left_out(rules: list[RulePlan], plan: Plan) -> Callable[[SourceRow], str]:
    """Why a terms row is no row of the set: every sessions rule reading its export leaves it out
    (the first one's condition, "status 'tobedeleted'"); "" when one keeps it, or none reads it."""

    def left_out(row: SourceRow) -> str:
        whys = [mapping.left_out_by(row, rule=rule, plan=plan) for rule in rules]
        return whys[0] if whys and all(whys) else ""

    return left_out
