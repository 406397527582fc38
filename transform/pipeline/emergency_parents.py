"""Parents a guardians rule's link_where leaves out as emergency contacts (P126).

A contacts export flags who lives with the student (Lives With Y/N). A profile testing that flag with
`reason: emergency-contact` (an older init-profile draft wrote it, districts write it by hand) leaves
out every parent of another household, a step-parent, a non-resident father, as an emergency contact:
an F409 note folded in with the real emergency grandparents, the set published at exit 0 (tester69 F4:
38 step-parents missing). docs/tutorial.md step 6 warns against it; nothing said it.

Whatever the flag's column is called, the rows say it: the links a condition with that reason left out
whose relationship the rule's role map makes a parent or guardian (Mother, Father, Step-Parent, a code
the map lists: MO, FA), or whose word names one where the map does not list it (pipeline.guardian_words'
words, counted per condition as the links are read, report.link_relations). A condition reading the
relationship itself that leaves out no parent's word, as an honest `not_in [EC]` does, says nothing.

Only the district's own conditions are judged: a bundled profile's guardian or custody flag (Infinite
Campus's guardian, Skyward's CUST-PAR) is the SIS's own word on who is a guardian. Nor is a condition whose
flag is named for custody or legal rights (Custody, ED_RIGHTS: the parents without them are left out as
meant) or for an emergency or pickup contact (Emergency Only), as init-profile recognises them, nor a row
whose tested value says emergency (Contact Type EMERGENCY, mapping._left_by). A flag named otherwise
(Lives With, Resides With, HH Member, whatever it is called) is judged by its rows, and the message gives
both readings. A first set (or the first after the profile changed) with many exits 1 for a person to
look once (report.summary), later nights say it at exit 0. No refusal: the set holds every parent the
profile asks for, and which reading is right only the district knows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from transform.profile.compile import ConditionPlan, Plan, RulePlan
from transform.profile.person_columns import squash
from transform.profile.skeleton_guardians import HOUSEHOLD_FLAG, OTHER_FLAG, PARENT_FLAG, YES_NO
from transform.profile.templates import fields
from transform.report import codes
from transform.report.link_relations import RelationWords
from transform.report.problem import Problem, Where
from transform.report.report import Report

from .guardian_words import Listed, listed_parents
from .mapping import GuardianCandidate
from .read import SourceFile

# A column naming relationships or types (Guardian Relationship, Contact Type) is no flag, whatever its words.
RELATION = ("relation", "type", "role", "kind")
MIN_LINKS = 3  # parents' links left out by one condition: fewer are a clerk's flag on a row or two
SHOWN = 4  # words shown in a message
NOT_A_GUARDIAN = "emergency-contact"


def problems(
    plan: Plan,
    sources: dict[str, SourceFile],
    relations: dict[str, RelationWords],
    own: dict[tuple[str, ...], str],
    said: frozenset[str] = frozenset(),
) -> list[Problem]:
    """P126 for each of the district's own (`own`: its place in the profile) link_where conditions with
    reason emergency-contact that left out MIN_LINKS links or more of parents; not for a rule whose
    link_where another code said is read the wrong way round (`said`: V562, X886 of the rule)."""
    found: list[Problem] = []
    for rule in plan.rules.get("users", ()):
        words = relations.get(rule.label)
        export = sources.get(rule.source) if rule.source else None
        if rule.guardian is None or rule.groups or words is None or export is None or rule.label in said:
            continue
        listed = listed_parents(rule)
        for cond in rule.guardian.link_where:
            place = own.get(("tables", "users", rule.name, "guardian", "link_where", cond.name))
            if place is None or cond.reason.slug != NOT_A_GUARDIAN or _says_who_is_out(cond):
                continue
            parents = Counter(
                {
                    word: n
                    for (name, word), n in words.left_by.items()
                    if name == cond.name and _parent(rule, listed, word)
                }
            )
            if sum(parents.values()) >= MIN_LINKS:
                found.append(_problem(rule, cond, export, words, (parents, place)))
    return found


def _says_who_is_out(cond: ConditionPlan) -> bool:
    """A condition whose flag columns are named for custody or legal rights (Custody, HAS_CUSTODY, CUST-PAR,
    legalGuardian, ED_RIGHTS), which leave out the parents without them as meant, or for an emergency or
    pickup contact (Emergency Only): the SIS's own word on who is out, as init-profile drafts them
    (profile.skeleton_guardians). A household's flag (Lives With) is neither, whatever it is called."""
    names = [squash(ref.column) for ref in fields(cond.parts)]
    if not names or not _flag_test(cond) or any(w in name for name in names for w in (*HOUSEHOLD_FLAG, *RELATION)):
        return False
    return all(any(w in name for w in PARENT_FLAG) for name in names) or any(
        w in name for name in names for w in OTHER_FLAG
    )


def _flag_test(cond: ConditionPlan) -> bool:
    """A test of yes/no forms (in [Y, yes, 1...], a pattern over joined flags): not of a priority or a code
    (Emergency Priority in [1, 2] keeps the first two contacts, a step-parent third is left out)."""
    if cond.op == "matches":
        return True
    values = cond.value if isinstance(cond.value, (list, tuple, set, frozenset)) else [cond.value]
    forms = {str(v).strip().casefold() for v in values}
    return cond.op in ("in", "not_in", "equals", "not_equals") and forms <= YES_NO and bool(forms - {""})


def _parent(rule: RulePlan, listed: Listed, word: str) -> bool:
    """The role map's word where it lists the relationship (Step-Parent: relative is none), else the
    relationship's own words (guardian_words.Listed: Mother, Father, Guardian, a code listed)."""
    role = next((c for c in rule.columns if c.name == "role"), None)
    if role is not None and role.map is not None and word in role.map.values:
        return role.map.values[word] in ("parent", "guardian")
    return listed.parent(word)


def _problem(
    rule: RulePlan,
    cond: ConditionPlan,
    export: SourceFile,
    words: RelationWords,
    found: tuple[Counter[str], str],
) -> Problem:
    parents, place = found
    first = min(words.first_left[(cond.name, word)] for word in parents)
    flags = list(dict.fromkeys(ref.column for ref in fields(cond.parts)))
    column = export.header[export.index[words.key]] if words.key in export.index else words.key
    order = sorted(parents.items(), key=lambda pair: (-pair[1], pair[0]))
    shown = ", ".join(f"{words.written.get(word, word)!r} ({n:,})" for word, n in order[:SHOWN])
    shown += f" and {len(order) - SHOWN} more" if len(order) > SHOWN else ""
    return Problem(
        codes.code("emergency-condition-drops-parents"),
        Where(file=first[0], line=first[1], column=flags[0] if flags else ""),
        {
            "rule": rule.label,
            "condition": cond.name,
            "text": cond.text,
            "place": place,
            "links": sum(parents.values()),
            "column": column,
            "words": shown,
            "flags": ", ".join(flags) or cond.name,
        },
    )


def judged(plan: Plan, own: dict[tuple[str, ...], str]) -> list[RulePlan]:
    """The guardians rules of a row per contact with a condition of the district's own `problems` judges."""
    return [
        rule
        for rule in plan.rules.get("users", ())
        if rule.guardian is not None
        and not rule.groups
        and rule.source
        and any(
            cond.reason.slug == NOT_A_GUARDIAN
            and ("tables", "users", rule.name, "guardian", "link_where", cond.name) in own
            and not _says_who_is_out(cond)
            for cond in rule.guardian.link_where
        )
    ]


def count(candidates: Iterable[GuardianCandidate], rule: RulePlan, relations: dict[str, RelationWords]) -> None:
    """The links of a rule's candidates counted by their relationship, as a run counts them
    (run._links_counted): check-profile --exports reads the contacts export so (`judged`)."""
    for candidate in candidates:
        words = relations.get(rule.label)
        if words is not None and (candidate.student or candidate.named):
            place = (candidate.origin.file, candidate.origin.line)
            words.count(candidate.relation, kept=bool(candidate.student), place=place, left_by=candidate.left_by)


def note(plan: Plan, sources: dict[str, SourceFile], report: Report, *, own: dict[tuple[str, ...], str]) -> None:
    """P126 of the run's links (`problems`), after V562 and X886 (guardian_words, seen_values) were said."""
    said = frozenset(str(p.params.get("rule", "")) for cid in ("V562", "X886") for p in report.examples.get(cid, []))
    for problem in problems(plan, sources, report.link_relations, own, said):
        report.add_problem(problem)
