"""What a contacts export's own relationship words say of the people a guardians rule links.

A contacts export (Infinite Campus's contacts, Aeries' CON, a new SIS's) lists every person
linked to a student: mothers and fathers beside emergency contacts, doctors and pickup-only
contacts. Its profile tells them apart by a flag (guardian, custody) in `link_where`, or by the
relationship itself. Two mistakes publish the wrong people at exit 0, with every student linked
(stop 47's leftovers):

- V559: no `link_where` at all, and a role map whose default makes every relationship it does not
  list a guardian: the emergency contacts and the family doctor published as parents, able to
  message the classes. The rows' own words say it: links kept whose relationship says emergency,
  doctor or pickup (at least MIN_SAID, and SHARE of the links kept; a contact or two flagged
  guardian whose relationship the office typed "Emergency Contact" is the SIS's, not the profile's).
- V562: a custody or guardian flag read the wrong way round where every family also has an
  emergency contact: every student is still linked, to the wrong people, so X886 (students left
  with no parent) sees nothing (tester57 F15). The words say it: most links kept have no parent's or
  guardian's relationship while most the link_where left out have one (Mother, Father, Guardian,
  or a code the role map lists as a parent or guardian: Aeries' RL 10 and 11), at least MOST_ROWS
  of each. A flag read right keeps the mothers and fathers and leaves out the emergency contacts
  and the non-custodial few: the shares go the other way. Where many families also list a
  non-custodial parent, a flag read backwards keeps them with the emergency contacts, more than half
  parents: the links left out nearly all parents' (LEFT_PARENTS) and those kept GAP fewer is said too
  (newcomer49). A code table (Aeries' RL 20, 30) names no emergency contact in words: the profile
  lists its codes (`guardian: relationship_codes: {parents: [...], not_guardians: [...]}`), read as
  the words are.

Both are judged from the words of the links as read, every night (the profile is wrong as long as
it stays so). On a first set, or the first after the profile changed, the set is refused
(pipeline.new_profile_stops, X820: tester74 T3, ten neighbours published as guardians); later nights
with the profile of the last set publish as read, and the run exits 1 for a person to look (the last
set holds the same people: a refusal would take none of them out of Remind, and would hold back
the night's withdrawals). Where the relationship column
is not the one the rule's role reads, a column whose header names a relationship is read; with
none, nothing is judged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from transform.profile.compile import Plan, RulePlan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.link_relations import NOT_GUARDIAN, RelationWords, names_parent
from transform.report.problem import Where
from transform.report.report import Report

from .read import SourceFile

MIN_SAID = 3  # links kept to emergency, doctor or pickup contacts: fewer are a typo or two
SHARE = 0.05  # and at least this share of the links kept
MOST_ROWS = 20  # V562: at least this many links kept and left out, each with a word
# V562 of a flag read backwards that still keeps parents (the non-custodial ones): the links left out
# are nearly all parents' (this share), and those kept are parents' by at least GAP less.
LEFT_PARENTS = 0.9
GAP = 0.35
SHOWN = 4  # words shown in a message


def relation_at(rule: RulePlan, index: dict[str, int], report: Report) -> int | None:
    """The position, in a file of this header, of the column saying each row's relationship: the
    one the rule's role reads, else one whose header names a relationship; registered for the rule
    (Report.link_relations) the first time one is found. Not for a rule of `each` groups (a
    student's row naming a mother, a father and an emergency contact): the row's one relationship
    column, if any, is one group's, not every person's the row names."""
    if rule.groups:
        return None
    role = next((column for column in rule.columns if column.name == "role"), None)
    keys = [ref.key for ref in role.first_of if ref.alias is None] if role is not None else []
    keys += [key for key in index if "relation" in "".join(c for c in key.casefold() if c.isalpha())]
    key = next((key for key in keys if key in index), None)
    if key is None:
        return None
    report.link_relations.setdefault(rule.label, RelationWords(key))
    return index[key]


def note(plan: Plan, sources: dict[str, SourceFile], report: Report) -> None:
    """V562 or V559 of each guardians rule whose links' words say it (the module's doc)."""
    for rule in plan.rules.get("users", ()):
        words = report.link_relations.get(rule.label)
        export = sources.get(rule.source) if rule.source else None
        if rule.guardian is None or words is None or export is None:
            continue
        column = export.header[export.index[words.key]] if words.key in export.index else words.key
        listed = _listed_parents(rule)
        if rule.guardian.link_where and _read_backwards(words, listed) and not _said_x886(report, rule):
            _say_backwards(report, rule, export, column, (words, listed))
        elif said := _not_guardians(words, listed):
            _say_not_guardians(report, rule, export, column, words, said)


@dataclass(frozen=True)
class Listed:
    """A rule's own relationship codes: a parent's or guardian's (its role map's, its
    relationship_codes' parents) and a contact's who is neither (relationship_codes' not_guardians)."""

    parents: frozenset[str]
    others: frozenset[str]

    def parent(self, word: str) -> bool:
        if word in self.others:
            return False
        return word in self.parents or (names_parent(word) and not NOT_GUARDIAN.search(word))

    def other(self, word: str) -> bool:
        """A contact's who is no parent or guardian: not a word that names one too ('Emergency
        Contact/Guardian', 'Mother/Emergency Contact': reviewer148 R2, an honest first set refused)."""
        if word in self.others:
            return True
        return word not in self.parents and bool(NOT_GUARDIAN.search(word)) and not names_parent(word)


def _listed_parents(rule: RulePlan) -> Listed:
    """The relationships the rule's role map lists as a parent or guardian: a code table's (Aeries'
    RL 10 Father, 11 Mother) says what no word does. Not those its default takes. And the codes the
    profile lists itself (guardian.relationship_codes): a code table names no emergency contact."""
    assert rule.guardian is not None
    role = next((c for c in rule.columns if c.name == "role"), None)
    values = role.map.values if role is not None and role.map is not None else {}
    mapped = frozenset(key for key, value in values.items() if value in ("parent", "guardian"))
    return Listed(mapped | rule.guardian.parent_codes, rule.guardian.not_guardian_codes)


def _parents(counts: Counter[str], listed: Listed) -> int:
    """The links whose relationship names a parent or guardian (by its words, or the profile's codes)."""
    return sum(n for word, n in counts.items() if listed.parent(word))


def _read_backwards(words: RelationWords, listed: Listed) -> bool:
    """Most links kept are no parent's while most left out are; or, where the flag keeps the
    non-custodial parents too (many families with one), the links left out are parents' nearly all
    and those kept markedly less: a flag read right leaves out the emergency contacts, never
    keeps fewer parents than it leaves out."""
    kept, left = sum(words.kept.values()), sum(words.left.values())
    if kept < MOST_ROWS or left < MOST_ROWS:
        return False
    kept_share, left_share = _parents(words.kept, listed) / kept, _parents(words.left, listed) / left
    if kept_share < 0.5 < left_share:
        return True
    return left_share >= LEFT_PARENTS and left_share - kept_share >= GAP and _others(words.kept, listed) >= MIN_SAID


def _others(counts: Counter[str], listed: Listed) -> int:
    return sum(n for word, n in counts.items() if not listed.parent(word))


def _said_x886(report: Report, rule: RulePlan) -> bool:
    """X886 said the rule's link_where left most students with no parent: the same cause, told."""
    return any(p.params.get("rule") == rule.label for p in report.examples.get("X886", []))


def _not_guardians(words: RelationWords, listed: Listed) -> Counter[str]:
    said = Counter({word: n for word, n in words.kept.items() if listed.other(word)})
    count = sum(said.values())
    return said if count >= MIN_SAID and count >= SHARE * words.kept_total else Counter()


def _shown(counts: Counter[str], words: RelationWords) -> str:
    """The words, most links first, as the export writes them: "'Mother' (30), 'Father' (30)"."""
    order = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    said = ", ".join(f"{words.written.get(word, word)!r} ({n})" for word, n in order[:SHOWN])
    return said + (f" and {len(order) - SHOWN} more" if len(order) > SHOWN else "")


def _written(counts: Counter[str], words: RelationWords) -> list[str]:
    """The words as the export writes them, most links first: what a role map would list (X820's way out)."""
    order = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return [words.written.get(word, word) for word, _ in order[:SHOWN]]


def _say_backwards(
    report: Report, rule: RulePlan, export: SourceFile, column: str, judged: tuple[RelationWords, Listed]
) -> None:
    assert rule.guardian is not None
    words, listed = judged
    report.add(
        codes.code("guardian-links-reversed"),
        Where(file=export.display, line=export.header_line, column=column),
        rule=rule.label,
        conditions=", ".join(cond.name for cond in rule.guardian.link_where),
        kept=f"{sum(words.kept.values()):,}",
        kept_parents=f"{_parents(words.kept, listed):,}",
        kept_words=_shown(words.kept, words),
        left=f"{sum(words.left.values()):,}",
        left_parents=f"{_parents(words.left, listed):,}",
        left_words=_shown(words.left, words),
        file=export.display,
        column=column,
        relations=_written(Counter({w: n for w, n in words.kept.items() if not listed.parent(w)}), words),
    )


def _say_not_guardians(
    report: Report, rule: RulePlan, export: SourceFile, column: str, words: RelationWords, said: Counter[str]
) -> None:
    assert rule.guardian is not None
    first = min(words.first_kept[word] for word in said)
    role = next((c for c in rule.columns if c.name == "role"), None)
    taken = role.map if role is not None and role.map is not None and role.map.unmapped == "default" else None
    conditions = ", ".join(cond.name for cond in rule.guardian.link_where)
    how = f"its link_where ({conditions}) keeps them" if conditions else "the rule has no link_where to leave them out"
    if taken is not None:
        how += f", and its role map {taken.name!r} makes every relationship it does not list a {taken.default}"
    report.add(
        codes.code("guardian-links-not-guardians"),
        Where(file=first[0], line=first[1], column=column),
        rule=rule.label,
        count=f"{sum(said.values()):,}",
        total=f"{words.kept_total:,}",
        column=column,
        file=export.display,
        words=_shown(said, words),
        how=how,
        relations=_written(said, words),
        # X820's way out (new_profile_stops): the link_where's conditions, and the columns other than the
        # relationship they read (a custody or guardian flag already read: not to be told to read one)
        link_where=conditions,
        flags=", ".join(_flags(rule, words.key, export)),
    )


def _flags(rule: RulePlan, relation: str, export: SourceFile) -> list[str]:
    """The columns of the export the rule's link_where reads but its relationship column (`relation`), as
    the export writes them."""
    assert rule.guardian is not None
    read = [p.key for cond in rule.guardian.link_where for p in fields(cond.parts) if p.alias is None]
    keys = dict.fromkeys(key for key in read if key != relation)
    return [export.header[export.index[key]] if key in export.index else key for key in keys]
