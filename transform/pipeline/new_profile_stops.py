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
hold back the night's withdrawals. Not so a later night's classes of a term not running that the
last published set held no class of (the SIS adding next semester's sections in December: reviewer148
R3, published at exit 0): they are new tonight, so a refusal keeps them out of Remind: I228 too.
Those of a term the last set held (a term that ended since, one more section of a term already
published, classes re-keyed: reviewer155 R3) are I274, published as before.
"""

from __future__ import annotations

from pathlib import Path

from transform.profile.compile import CLASS_TABLE
from transform.report import codes
from transform.report.problem import Problem
from transform.report.report import Report

from . import unfiltered_terms

GUARDIAN_CODES = ("V559", "V562")
FALLBACK = "fix the guardians rule V559 or V562 names (rerun with --report to see it)"


def check(report: Report, *, previous: Path | None = None, staged: Path | None = None) -> None:
    """X820 and I228 of a first set, or of the first after the profile changed; I228 of a later night
    adding classes of a term not running to the last published set (`previous`) (the module's doc)."""
    facts = report.facts
    if facts.get("first_set"):
        when = "a first set"
    elif facts.get("profile_changed"):
        when = "the first set since the profile changed"
    else:
        _refuse_new_classes(report, previous, staged)
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
                step=_terms_step(said),
            )


def _refuse_new_classes(report: Report, previous: Path | None, staged: Path | None) -> None:
    """I228 of a later night: classes of a term not running (report.classes_other_terms) of a term the
    last published set (`previous`) held no class of. None when no last set is held to compare with."""
    if previous is None or not report.classes_other_terms:
        return
    new = _of_new_terms(report.classes_other_terms, previous / f"{CLASS_TABLE}.csv", staged)
    if new:
        _refuse_terms(report, f"a set that adds {len(new):,} of them to the last published one,")


def _of_new_terms(other: dict[str, str], last_path: Path, staged: Path | None) -> set[str]:
    """The classes of `other` (class ID -> term) whose term the last set held no class of: a class it held
    by ID, or re-keyed (a class of the last set gone tonight, of the same title and school). A new section
    of a term the last set holds is not new (reviewer155 R3: a district upgrading with both semesters'
    classes published, refused for one more spring section)."""
    last = unfiltered_terms.titled_classes(last_path)
    tonight = unfiltered_terms.titled_classes(staged / f"{CLASS_TABLE}.csv") if staged is not None else {}
    gone = {pair for cid, pair in last.items() if cid not in tonight}
    held = {term for cid, term in other.items() if cid in last or tonight.get(cid, ("", "")) in gone}
    return {cid for cid, term in other.items() if term not in held}


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


def _terms_step(said: Problem) -> str:
    hint = str(said.params.get("hint", "")).lstrip("; ")
    ready = str(said.params.get("ready", ""))  # the classes' own term columns (unfiltered_terms)
    own = f"add the term filter on the classes' own term columns: filters: {{{ready}}}" if ready else ""
    add = hint or own or "add filters.current_term (the term's start and end date columns)"
    return f"{add}; only if every class of the export is meant tonight, write `current_term: {{enabled: false}}`"
