"""Parents linked to the students of other families (X864).

A guardians export with its student and contact ID columns the other way round is refused when
the IDs it then reads name nobody (F440, X891). Where the two ID series overlap (an eSchoolPLUS
REG_STU_CONTACT whose STUDENT_IDs and CONTACT_IDs both count from 1000), most rows read the
other way round still find a student and a contact: each of those students got some other
family's parent, and the set was published at exit 0.

Nothing in a row tells; the names do. A parent shares a name with their child on most links (the
family name, one of two family names, or a father's given name that is his child's family name,
as patronymic names go), and on few links picked at random. So the written set's links are
judged in a sample: the share of links whose student and guardian share a name, beside the share
for the same students and the guardians of others (the chance). A share near the chance is
links read from the wrong columns or by IDs of another kind; a district where families' names
agree less than elsewhere still agrees far above the chance. A parent whose phone or email the
student's own row has too shares it as a name (the home phone). And where the names cannot tell (a
contacts export listing only the mothers, who keep their own family names: stop 48's repro, refused
on its first set), the parents of two children or more can: their first two children share a family
name (siblings) for most parents, and for pairs picked at random hardly ever; swapped IDs give a
"parent" the students her contacts' IDs name, of two families. A phone or email is a family's only
when few students have it: a school's number filled in for unknown phones, on the student's row and
the mother's, would make every link share it, swapped or not (reviewer64 R3: 372 of 403 parents
linked to another family's child, published at exit 0). And only names reach the shortcut past the
chance: a phone shared is always weighed against the chance. --allow-incomplete publishes it,
said (X918), and last.json records it: later nights whose links stay so are not refused again (a
person looked at them). A last set whose links were no better, published without the flag (by a
run before this check), is no such look: it is refused too.

Links that share a family name only by chance but the student's GIVEN name far more often than
chance are the family's, their names read the other way round (REG's FIRST_NAME and LAST_NAME
exchanged: every student 'Ames Ana'): refused as X720, which names the columns each rule reads the
names from, not as X864, which sent the admin to the ID columns (words64). When X870 found a rule of the
district's own profile reading the names the other way round, X720 leads with that rule and its place, and
its step is to correct it; a night after --allow-incomplete published such links, whose profile still reads
the names so and whose links still show it, is published at exit 1 (X721): the flag answered for the links,
not for the profile's columns (tester89 T6: exit 0, silent, from the second night).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transform.cleaners.names import NOT_A_FAMILY_WORD
from transform.oneroster.spec import AGENT_ROLES
from transform.profile.compile import Plan, RulePlan
from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import Report

from .export_columns import columns_read
from .gate import columns_of
from .named_codes import role_of
from .read import SourceFile

SAMPLE = 5000  # links judged at most: the first written
AT_LEAST = 40  # fewer links say too little
MOST_SHARE = 0.15  # a set whose links share a name (not a phone) this often or more is not judged
CHANCE_TIMES = 2  # a share up to twice the chance (plus NOISE) is a share by chance
NOISE = 0.02
# A phone or email more students of the sample have is no family's (a household's is its children's):
# a school's or an office's number, filled in where the SIS had none, or one of several families.
HOUSEHOLD_AT_MOST = 5
# A parent of two children or more in the sample: their first two share a family name (siblings)
# this often, from SIBLINGS_AT_LEAST such parents, and over the chance: the links are a family's.
# Three in four, not MOST_SHARE: swapped IDs give a "parent" (a student's ID) the students whose IDs
# are her contacts' (a mother's and a father's, entered one after the other), and students of
# consecutive IDs are often siblings (enrolled together): 121 of 307 such "parents" of tester62's
# simulated eSchoolPLUS district read swapped (39%), against 304 of 304 read right and 65 of 65
# of stop 48's mothers-only repro; a mother of children of two fathers lowers a real district's.
SIBLINGS_SHARE = 0.75
SIBLINGS_AT_LEAST = 10
ALLOWED = "family_names_allowed"  # last.json: links so published by --allow-incomplete (X918)
GUARDIAN_ROLES = AGENT_ROLES  # a student's parents, guardians and relatives
PROFILE_SWAPPED = codes.code("names-read-swapped").id  # X870: a rule of the profile reads the names so
# Words of a name that are no family's own.
_PARTICLES = NOT_A_FAMILY_WORD | {"y", "e"}  # and the Spanish "y" between two family names
# Words a placeholder name is made of ("Parent Guardian", "Mother of Ella"): no family's either.
_PARTICLES |= frozenset({"parent", "guardian", "mother", "father", "mom", "dad", "family", "household", "of"})
_PARTICLES |= frozenset({"contact", "the"})
_WORD = re.compile(r"[^\W\d_]+")


def name_words(*names: str) -> frozenset[str]:
    """The words of `names`, without case or accents, particles and initials left out."""
    words: set[str] = set()
    for name in names:
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
        words.update(w for w in _WORD.findall(plain) if len(w) > 1 and w not in _PARTICLES)
    return frozenset(words)


@dataclass(frozen=True, slots=True)
class Links:
    """Links judged: the share whose student and guardian share a name (or a phone or email), and
    the chance; and the parents of two children or more whose first two share a family name."""

    count: int
    shared: int  # a name, or a phone or email few students have
    named: int  # a name: a phone or email alone is no reason to skip the chance
    by_chance: float
    example: tuple[str, str, str, str]  # a guardian, their ID, a student of theirs, her ID
    siblings: int = 0
    siblings_shared: int = 0
    siblings_by_chance: float = 0.0
    # The links whose student's GIVEN name is a name of the guardian's, and by chance: the first and last
    # names read the other way round (words64), not the IDs; the first such link (guardian, ID, student, her
    # given and family names).
    given_shared: int = 0
    given_by_chance: float = 0.0
    given_example: tuple[str, str, str, str, str] = ("", "", "", "", "")

    @property
    def share(self) -> float:
        return self.shared / self.count if self.count else 1.0

    def random(self) -> bool:
        """Whether the links agree no more than links picked at random, and a parent's children
        are no more often siblings than students picked at random."""
        if self.count < AT_LEAST or self.named >= MOST_SHARE * self.count:
            return False
        return self.share <= CHANCE_TIMES * self.by_chance + NOISE and not self._siblings()

    def names_swapped(self) -> bool:
        """Whether the students' given names, not their family names, are their guardians' names, far
        more often than chance: a set of the family's links whose first and last names are read the
        other way round (the students', or a guardian's family name read from the student's first)."""
        if self.count < AT_LEAST or self.given_shared < MOST_SHARE * self.count:
            return False
        return self.given_shared / self.count > CHANCE_TIMES * self.given_by_chance + NOISE

    def _siblings(self) -> bool:
        """Whether the parents' children are siblings (a mothers-only contacts list of a district
        whose mothers keep their own family names: its links share no name, the children do)."""
        if self.siblings < SIBLINGS_AT_LEAST:
            return False
        share = self.siblings_shared / self.siblings
        return share >= SIBLINGS_SHARE and share > CHANCE_TIMES * self.siblings_by_chance + NOISE


# A student's name words (and her phone and email) and her family name, under each guardian she
# names: (link, ID, name, words, her given name, its words).
_Wanted = dict[str, list[tuple[int, str, str, frozenset[str], str, frozenset[str]]]]


def judge(users: Path, not_points: frozenset[str] = frozenset()) -> Links | None:
    """The links of a written users.csv, sampled (None without one, or without links); `not_points`: the
    fields (phone, email) the parents were read from the students' own column of (child_points, V630):
    a value shared with the child is then no evidence of the link."""
    if not users.is_file():
        return None
    wanted, count, common = _students_sampled(users, not_points)
    if not wanted:
        return None
    pairs: list[tuple[frozenset[str], frozenset[str]] | None] = [None] * count
    given_words: list[frozenset[str]] = [frozenset()] * count  # each link's student's given name
    families: list[frozenset[str]] = [frozenset()] * count  # each link's guardian's family name
    siblings: list[tuple[frozenset[str], frozenset[str]]] = []  # a parent's first two children's family names
    example = ("", "", "", "")
    given_example = ("", "", "", "", "")
    read = ("sourcedId", "role", "givenName", "familyName", "phone", "email")
    for sourced_id, role, given, family, phone, email in columns_of(users, *read):
        if role not in GUARDIAN_ROLES or sourced_id not in wanted:
            continue
        theirs = name_words(given, family)
        family_of = name_words(family) - name_words(given)
        if len(children := wanted[sourced_id]) > 1:
            siblings.append((name_words(children[0][2]), name_words(children[1][2])))
        theirs |= _points(*_kept(phone, email, not_points)) if theirs else frozenset()
        for at, student, student_family, words, student_given, given_of in children:
            pairs[at] = (words := words - common, theirs)
            given_words[at] = given_of
            families[at] = family_of
            if not words & theirs and not example[0]:
                example = (f"{given} {family}".strip(), sourced_id, student_family, student)
            if not words & theirs and given_of & family_of and not given_example[0]:
                given_example = (f"{given} {family}".strip(), sourced_id, student, student_given, student_family)
    kept = [n for n, pair in enumerate(pairs) if pair is not None and pair[1]]
    judged = [pair for pair in pairs if pair is not None and pair[1]]
    if not judged:
        return None
    shared = sum(1 for student, guardian in judged if student & guardian)
    named = sum(1 for student, guardian in judged if _names(student & guardian))
    half = len(judged) // 2  # the guardian of a link far down the list: another family's, as a rule
    other = sum(1 for n, (student, _) in enumerate(judged) if student & judged[(n + half) % len(judged)][1])
    # the student's given name as the guardian's FAMILY name: the names read the other way round; as the
    # guardian's given name, it is a naming custom (a child's first name holding her father's: review201 R1)
    givens = [given_words[n] for n in kept]
    theirs_family = [families[n] for n in kept]
    given_shared = sum(1 for given, fam in zip(givens, theirs_family, strict=True) if given & fam)
    given_other = sum(1 for n, given in enumerate(givens) if given & theirs_family[(n + half) % len(kept)])
    brothers = sum(1 for one, two in siblings if one & two)
    far = len(siblings) // 2
    apart = sum(1 for n, (one, _) in enumerate(siblings) if one & siblings[(n + far) % len(siblings)][1])
    by_chance = apart / len(siblings) if siblings else 0.0
    return Links(
        len(judged),
        shared,
        named,
        other / len(judged),
        example,
        len(siblings),
        brothers,
        by_chance,
        given_shared,
        given_other / len(judged),
        given_example,
    )


def _points(phone: str, email: str) -> frozenset[str]:
    """A person's phone and email as words no name has ('#' is no letter): a parent whose phone or
    email the student's own row has too is her family's, whatever their names (the home phone)."""
    return frozenset(f"#{point.casefold()}" for point in (phone, email) if point)


def _kept(phone: str, email: str, not_points: frozenset[str]) -> tuple[str, str]:
    return ("" if "phone" in not_points else phone, "" if "email" in not_points else email)


def _names(words: frozenset[str]) -> bool:
    return any(not word.startswith("#") for word in words)


def _students_sampled(users: Path, not_points: frozenset[str]) -> tuple[_Wanted, int, frozenset[str]]:
    """The first SAMPLE links of the students (written before their guardians), by guardian; and
    the phones and emails more than HOUSEHOLD_AT_MOST of those students have (no family's)."""
    wanted: _Wanted = {}
    count = 0
    carried: Counter[str] = Counter()
    read = ("sourcedId", "role", "givenName", "familyName", "agentSourcedIds", "phone", "email")
    for sourced_id, role, given, family, agents, phone, email in columns_of(users, *read):
        if count >= SAMPLE:
            break
        words = name_words(family) if role == "student" else frozenset()
        words |= _points(*_kept(phone, email, not_points)) if words else frozenset()
        # only students of the sample: the others would hold every student's phone (rows stream)
        carried.update(_points(phone, email) if words and agents.strip() else ())
        given_of = name_words(given) - name_words(family) if words else frozenset()
        for agent in filter(None, (a.strip() for a in agents.split(",") if words)):
            wanted.setdefault(agent, []).append((count, sourced_id, family, words, given, given_of))
            count += 1
    return wanted, count, frozenset(point for point, students in carried.items() if students > HOUSEHOLD_AT_MOST)


def check(plan: Plan, sources: Mapping[str, SourceFile], staged: Path, report: Report, **options: Any) -> None:
    """Refuse (X864) a written set whose parents' links share a name with their students no
    more often than links picked at random: the guardians export read the other way round, or
    by IDs of another kind. Not after another refusal, nor when a person published such links
    with --allow-incomplete before (`allowed_before`: last.json's family_names_allowed, carried
    on while the links stay so); `allow_incomplete` publishes it, said, and records that."""
    # Only a guardians export of its own links a contact to a student by IDs that may be read the
    # other way round: parents on the student's own row (PowerSchool's Mother and Father) cannot be.
    people = {r.source for r in plan.rules.get("users", ()) if r.guardian is None}
    files = [
        sources[r.source].display
        for r in plan.rules.get("users", ())
        if r.guardian and r.source in sources and r.source not in people
    ]
    if not files or report.aborts:
        return
    if options.get("allowed_before"):
        # a district whose families' names agree less: a person looked, and it stays so every night
        # (review of stop 48: the mark was lost on a night judged otherwise, and the next refused)
        report.facts[ALLOWED] = True
        _still_swapped(staged, report, options.get("not_points", frozenset()))
        return
    links = judge(staged / "users.csv", options.get("not_points", frozenset()))
    if links is None or not links.random():
        return
    share, chance = f"{100 * links.share:.0f}%", f"{100 * links.by_chance:.0f}%"
    if options.get("allow_incomplete"):
        detail = f"{share} of {links.count} parents' links share a name with their student ({chance} by chance)"
        if links.names_swapped():
            given = f"{100 * links.given_shared / links.count:.0f}%"
            detail += f", {given} the student's given name as the guardian's family name"
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        report.facts[ALLOWED] = True
        return
    if links.names_swapped():
        _names_swapped(plan, sources, report, links)
        return
    guardian, guardian_id, family, student = links.example
    report.add(
        codes.code("guardians-of-other-families"),
        Where(file=files[0]),
        links=links.count,
        share=share,
        chance=chance,
        guardian=guardian,
        guardian_id=guardian_id,
        student=student,
        family=family,
        file=files[0],
    )


def _profile_swapped(report: Report) -> Problem | None:
    """X870 said tonight of a users rule of the district's own profile reading the names the other way
    round (the profile's columns, not the data: `why` "profile"); None when none was."""
    return next((p for p in report.examples.get(PROFILE_SWAPPED, ()) if p.params.get("why") == "profile"), None)


def _profile_words(said: Problem) -> str:
    """X870's rule, what it reads and its place, as X720 and X721 lead with them (tester89 T6: the cause was
    one warning row of the table, and the refusal's words sent the admin to compare every rule's columns)."""
    p = said.params
    found = str(p.get("found", "")).replace("; ", ", and ")
    return f"the profile's {p.get('rule')}: {found} (profile {p.get('place')}, X870)"


def _still_swapped(staged: Path, report: Report, not_points: frozenset[str]) -> None:
    """X721: a later night after --allow-incomplete published links whose names X720 found the other way
    round, while the profile's own rule still reads them so (X870) and tonight's links still show it. The
    flag answered X720's question (are the links the family's?), not the profile's columns, which X870
    names as certain: every user is published 'Garcia Ana' night after night; a person must look each
    night until the rule is corrected (exit 1, published), as they were told the night the flag was given
    (tester89 T6: exit 0, silent, from the second night). Without X870 (the export's own columns
    exchanged), the person's look stands, as for X864."""
    said = _profile_swapped(report)
    if said is None:
        return
    links = judge(staged / "users.csv", not_points)
    if links is None or links.count < AT_LEAST or not links.names_swapped():
        return
    report.add(
        codes.code("names-published-swapped"),
        Where(file=said.where.file),
        profile=_profile_words(said),
        given_share=f"{100 * links.given_shared / links.count:.0f}%",
        links=links.count,
        rule=str(said.params.get("rule", "")),
        step=_profile_cause(said)["step"].split(" --allow-incomplete")[0],
    )


def _names_swapped(plan: Plan, sources: Mapping[str, SourceFile], report: Report, links: Links) -> None:
    """X720: the links' guardians' family names are the students' given names, not their family names
    (words64: X864 said the IDs were read the other way round, and the admin looked at the wrong columns).
    When X870 found a rule of the district's own profile reading the names so, X720 leads with it, and its
    step is that rule's (tester89 T6). The rules named are those that ran: a guardians rule turned off by
    `unless_source` (PowerSchool's Mother/Father when contacts.csv is there) is not (review201 R2)."""
    rules = plan.rules.get("users", ())
    people = {r.source for r in rules if r.guardian is None}
    students = next((r for r in rules if r.guardian is None and role_of(r) == "student" and r.source in sources), None)
    guardians = next((r for r in rules if r.guardian and r.source in sources and r.source not in people), None)
    guardian, guardian_id, student, given, family = links.given_example
    read = columns_read(plan, sources)
    said = [_names_read(rule, read, sources) for rule in (students, guardians) if rule is not None]
    file = sources[students.source].display if students is not None else ""
    column = read.get((students.label, "givenName"), "").split(", ")[0] if students is not None else ""
    report.add(
        codes.code("guardians-share-student-given-name"),
        Where(file=file, column=column),
        links=links.count,
        share=f"{100 * links.share:.0f}%",
        chance=f"{100 * links.by_chance:.0f}%",
        given_share=f"{100 * links.given_shared / links.count:.0f}%",
        given_chance=f"{100 * links.given_by_chance:.0f}%",
        guardian=guardian,
        guardian_id=guardian_id,
        student=student,
        given=given,
        family=family,
        columns="; ".join(said) or "the users rules' givenName and familyName",
        **_profile_cause(_profile_swapped(report)),
    )


def _names_read(rule: RulePlan, read: Mapping[tuple[str, str], str], sources: Mapping[str, SourceFile]) -> str:
    """Where a users rule reads givenName and familyName (export_columns.columns_read, as the header spells
    them): "users.students reads givenName from FIRST_NAME and familyName from LAST_NAME of REG.txt"."""
    names = [f"{name} from {read.get((rule.label, name)) or 'no column'}" for name in ("givenName", "familyName")]
    return f"{rule.label} reads {' and '.join(names)} of {sources[rule.source].display}"


def _profile_cause(said: Problem | None) -> dict[str, str]:
    """X720's `profile` (its words' lead) and `step` (summary.OWN_STEP) when X870 named the rule."""
    if said is None:
        return {}
    rule, place = said.params.get("rule"), said.params.get("place")
    return {
        "profile": f": {_profile_words(said)}, which the links confirm",
        "step": (
            f"In the profile's {rule} ({place}), read givenName from the first-name column and familyName from the "
            "last-name column (X870 names the two read the other way round), and rerun. --allow-incomplete would "
            "publish every user's names the other way round, and later nights say it (X721) until the rule is "
            "corrected."
        ),
    }
