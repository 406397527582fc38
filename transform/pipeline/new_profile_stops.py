"""A new profile's set the tool itself says is wrong, refused (tester74 T3, T4).

On a first set (nothing published in OUT before) or the first after the profile changed, two
warnings a person was left to read the night after are refused instead, since the set they let
through would put the wrong people or classes in Remind, and nothing of the night is lost by
waiting for the profile to be fixed:

- X820 (after V559, V562): a guardians rule linking contacts whose own relationship says they are
  no parent or guardian (emergency contacts, neighbours, doctors) or whose link_where is read the
  wrong way round: they would message the classes. Way out where they are meant: the rule's role
  map listing their relationship as a guardian's (values: {Neighbor: guardian}), which V559 and
  V562 then read as a guardian's.
- I228 (after I274 judged by the classes published): classes of terms not running on the as-of
  date (as filters.current_term at its defaults judges it: a fall term starting within 21 days of
  an August night is running), published because the profile has no filters.current_term. Way out
  where every class is meant: `current_term: {enabled: false}` (I274 is then not said).

Later nights with the profile of the last published set publish X820's people and exit 1 (V559,
V562): the last set holds the same people (a refusal takes none out of Remind), and refusing would
hold back the night's withdrawals. A later night's classes of a term not running that the last published
set held no class of (the SIS adding next semester's sections in December: reviewer148 R3) were refused
too (I228), which held back the whole night for weeks: they are held back alone now, the rest published
(pipeline.held_back, X801, I233). Those of a term the last set held (a term that ended since, one more
section of a term already published, classes re-keyed: reviewer155 R3) are I274, published as before.
"""

from __future__ import annotations

from transform.report import codes
from transform.report.problem import Problem
from transform.report.report import Report

GUARDIAN_CODES = ("V559", "V562")
FALLBACK = "fix the guardians rule V559 or V562 names (rerun with --report to see it)"


def check(report: Report) -> None:
    """X820 and I228 of a first set, or of the first after the profile changed (the module's doc)."""
    facts = report.facts
    if facts.get("first_set"):
        when = "a first set"
    elif facts.get("profile_changed"):
        when = "the first set since the profile changed"
    else:  # a later night's new classes of other terms are held back (pipeline.held_back)
        return
    rules: set[str] = set()
    for cid in GUARDIAN_CODES:
        for said in report.examples.get(cid, []):
            rule = str(said.params.get("rule", ""))
            if rule not in rules:
                rules.add(rule)
                _refuse_guardians(report, said, when)
    if not rules and any(report.counts.get(cid) for cid in GUARDIAN_CODES):  # examples not kept
        report.add(
            codes.code("guardian-links-refused"),
            rule="a guardians rule",
            said=" (V559, V562)",
            when=when,
            step=FALLBACK,
        )
    _refuse_terms(report, when)


def _refuse_terms(report: Report, when: str) -> None:
    for said in report.examples.get("I274", []):
        if said.params.get("other_classes"):
            report.add(
                codes.code("classes-other-terms-refused"),
                said.where,
                path=said.params.get("path", ""),
                found=said.params.get("found", ""),
                when=when,
                step=terms_step(said),
            )


def _refuse_guardians(report: Report, said: Problem, when: str) -> None:
    relations = said.params.get("relations")
    words = [str(w) for w in relations] if isinstance(relations, list | tuple) else []
    listed = ", ".join(f"{w!r}: guardian" for w in words)
    column = said.params.get("column", "")
    flags = str(said.params.get("flags", ""))
    if said.code.id == "V562":
        fix = f"read its link_where ({said.params.get('conditions', '')}) the other way round"
    elif flags:  # a flag already read (reviewer148 R2: told to read the flag it read)
        fix = (
            f"its link_where ({said.params.get('link_where', '')}) reads {flags} and still keeps them: see what "
            f"{flags} says on their rows, and leave them out by it or by their {column}"
        )
    elif said.params.get("link_where"):
        fix = f"its link_where keeps them: make it read the export's own emergency or guardian flag (not {column})"
    else:
        fix = f"give it a link_where that leaves them out by the export's own emergency or guardian flag (or {column})"
    meant = f" in its role map (values: {{{listed}}})" if listed else " in its role map"
    step = (
        f"fix {said.params.get('rule', 'the guardians rule')} in the profile: {fix}; only if these contacts "
        f"are meant to message the classes, list their relationship as a guardian's{meant}"
    )
    report.add(
        codes.code("guardian-links-refused"),
        said.where,
        rule=said.params.get("rule", ""),
        said=f" ({said.code.id} above)",
        when=when,
        step=step,
    )


def terms_step(said: Problem | None) -> str:
    """What a person writes for I274's classes of other terms (I228, X801): the filter, or every class meant."""
    params = said.params if said is not None else {}
    hint = str(params.get("hint", "")).lstrip("; ")
    ready = str(params.get("ready", ""))  # the classes' own term columns (unfiltered_terms)
    own = f"add the term filter on the classes' own term columns: filters: {{{ready}}}" if ready else ""
    add = hint or own or "add filters.current_term (the term's start and end date columns)"
    # the filter first: the classes counted say the export holds other terms'; the way out of an export of the
    # current term only (review202 R6) second, as it publishes every class (review205 R6)
    return f"{add}; only if the export holds the current term's classes only, write `current_term: {{enabled: false}}`"
