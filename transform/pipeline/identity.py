"""Who a guardian without a SIS ID was in the last published set: their ID, kept.

Remind deletes a user whose sourcedId changes and creates a new one: a parent loses their
conversations. A derived ID (pipeline.derive) is a hash of the name and the person's most
stable point (household, else email, else phone), and points change. So the state folder
beside the output (`.<out>.transform/identities.csv`) remembers, for each guardian of the last
published set whose ID the tool derived, their ID under a key for each student they are linked
to: a hash of (normalized name, student ID). Tonight, a person with that name linked to those
students (or most of them) gets the ID they had, whatever their email, phone or household now.
Two people of one name linked to one student share a key: it holds each of their IDs, a line
each (`Remembered`), and is no proof of either (pipeline.derive: tester30 F1, where the key kept
one of them and the next night of the same exports merged the two).

What the map holds, and when:
- written after a set is published, from the set itself (`users.csv`), so it knows only what
  was published; with issue 18's delivery tracking it is to be written after delivery instead
  (`remember` is called from one place, api._after_publish, and by pipeline.publishing for a
  run killed before it: the next run writes the map from the set OUT holds);
- the published people override older entries; a key not in tonight's set is kept for
  `KEEP_DAYS` (a student away for a term, a set rolled back), then forgotten;
- never needed for a correct first run: without it, derived IDs are computed as before;
- a rollback (copying a `--keep` set back over the output) does not replace it: the IDs people
  had in the newer set stay theirs, and the rolled-back set is replaced by the next run.

Two more kinds of line, so that a person keeps their ID where the name and student alone do
not tell it (tester39):
- beside each ID of a key two people share, the points (email, phone, sms) that ID was last
  published with, as hashes (`point_hash`): `key,<ID> <hash> <hash>,date`. A person whose points
  no longer derive their ID (their email changed) is told by a point they kept (their phone),
  though the other person of their name changed theirs on an earlier night: the key alone told
  only "all but one have an ID of theirs", which held for one change, never two;
- for each person with an email, under their given name, email and students (`renamed_key`), their
  ID and the hash of their phone, if any: `<renamed key>,=<ID> <hash>,date`. A person whose family
  name changed (a married name), or it and the phone, but none of the others, is found there, and
  keeps that ID (pipeline.derive: V546, V547, tester39 F2); and of two people of one name on one
  student who both claim one ID, the one found there with it keeps it (tester40 F1: a mother of the
  father's name added, whose household gives her the ID he had). Held in memory as one 64-bit
  value (the ID's digits and 15 bits of the phone's hash), in the one table the line before this
  one had (`Remembered.renamed`).
Both are written from the published set, as the IDs are, and read only by this version: an older
one takes them for the IDs of no prefix of its rules and passes them on until they expire. The
version before held the phone in the key and the key of the name and lowest student as the value
(`renamed_key_with_phone`, lines `=<key>`, only for a person with a phone): its lines are read
too, until tonight's replace them.

Keys are hashed with BLAKE2b, not Python's `hash`, which differs between processes.

Names are compared in one form (`plain`): case, accents, spaces and punctuation ignored, so a
clerk adding the accents to `Nguyen, Thi` (`Nguyễn, Thị`) does not make a new person. Until
that form (issue tester3.3), a name's key kept its accents: a map written then holds, for an
accented name, a key `legacy_name` makes, and the derived ID hashed that name too. So a person
whose key is not in the map is looked for under the old key as well (`old_key`): a district
upgrading keeps every accented parent's ID, and the map is written with tonight's keys, the
old key of a person published tonight forgotten with it.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import hashlib
import io
import itertools
import re
import string
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from transform.cleaners.family_words import earlier_names
from transform.profile.compile import RulePlan
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where

from .compact import CompactMap

FILE = "identities.csv"
HEADER = ("key", "sourcedId", "last_published")
KEEP_DAYS = 400  # a school year and a summer
GUARDIAN_ROLES = ("parent", "guardian")
_NOT_NAME = re.compile(r"[^\w]+")
# Letters NFKD does not take apart, written with or without their stroke by the same clerk
# (Đặng/Dang, Łukasz/Lukasz, Søren/Soren).
_FOLDED = str.maketrans(
    {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ħ": "h", "Ħ": "H", "ı": "i"}
)
# Marks that are written or left out at will: Latin, Greek and Cyrillic accents, Hebrew points,
# Arabic short vowels. Other scripts' marks are letters of the name.
_OPTIONAL_MARK = re.compile("[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670]")
_DIGEST_DIGITS = 12
_DIGEST = re.compile(r"[0-9a-f]{12}")
_DIGEST_BITS = 4 * _DIGEST_DIGITS
_DIGITS = (1 << _DIGEST_BITS) - 1


# Names `plain` remembers: one person's name is asked for by the guardian book, the validator's checks,
# the identity map and V553's pass over the set (a 2,000-student district: 29,217 calls, 8,126 names),
# and recent ones again (a household's family name, a row's rules). 4,096, not 16,384: the larger cache grew
# the users stage past tests/test_streaming.py's 600 bytes per user (708): a bounded table, not one per user.
PLAIN_CACHED = 1 << 12


@functools.lru_cache(maxsize=PLAIN_CACHED)
def plain(text: str) -> str:
    """A name (or another value telling who a person is) as people are matched by it: case,
    accents, spaces and punctuation ignored ("María  Ruiz-Díaz" is "maria ruiz diaz"). The one
    form every comparison of people uses: here, pipeline.combine, pipeline.derive, pipeline.gate.
    Remembered for the last PLAIN_CACHED names (a function of the text alone)."""
    if text.isascii():  # its own NFKD form, without accents: most names, at no cost
        return _NOT_NAME.sub(" ", text.casefold()).strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDED))
    # (an invisible format character, a soft hyphen or an RLM, is no word break: "Lu\u00adcía" is "lucia")
    kept = (c for c in decomposed if not _OPTIONAL_MARK.match(c) and unicodedata.category(c) != "Cf")
    # A letter or a digit stays, and so does a mark NFKD left: a Devanagari vowel sign or virama
    # is part of the name (अमित, Amit, is not अमिता, Amita), not punctuation.
    spaced = "".join(c if c.isalnum() or unicodedata.category(c)[0] == "M" else " " for c in kept)
    return " ".join(spaced.casefold().split())


def name_key(values: dict[str, str]) -> str:
    """The name as people are matched by it (`plain`)."""
    return _name(values.get("givenName", ""), values.get("familyName", ""))


def name_parts(values: dict[str, str]) -> tuple[str, str]:
    """The given and the family name, each normalised as name_key normalises the whole name."""
    return given_and_family(values.get("givenName", ""), values.get("familyName", ""))


def given_and_family(given: str, family: str) -> tuple[str, str]:
    """`name_parts` of a given and a family name read as they are (a reader of rows as lists)."""
    return _name(given, ""), _name("", family)


def _name(given: str, family: str) -> str:
    return plain(f"{given} {family}")


# The name rule of rows of one person that write the name otherwise (case, accents, a part left
# blank): one row's whole name is published, never a given name from one row and a family name
# from another ("ANA Lopez" of `Ana Lopez` and `ANA LÓPEZ`, tester51 F11), chosen so that the
# rows' order never decides (the lowest `name_rank`). Said with the name kept (D329).
NAME_RULE = "the one with the most parts, then the fewest written in capitals only, then the lower in text order"


def name_rank(parts: tuple[str, ...]) -> tuple[int, int, tuple[str, ...]]:
    """How a row's name (its parts, in one order for every row) ranks among the forms of one
    person's name: lowest kept (NAME_RULE)."""
    return (-sum(1 for p in parts if p), sum(1 for p in parts if p.isupper() and len(p) > 1), parts)


# Given names and their familiar forms that share no beginning ("Bill" is "William"; "Sam" and
# "Samuel" need no entry: one begins the other). Each line is one name's forms, as `plain` writes them.
_FORMS = (
    "william bill billy willy liam",
    "jennifer jenny jen jenn",
    "nicholas nick nicky nico",
    "kathleen kathy kath",
    "penelope penny",
    "christina tina chrissy",
    "magdalena lena magda",
    "samuel sam sammy",
    "jessica jess jessie",
    "andrew andy drew",
    "matthew matt matty",
    "benjamin ben benny",
    "zachary zach zack",
    "nathaniel nathan nate",
    "timothy tim timmy",
    "kenneth ken kenny",
    "gregory greg",
    "jeffrey jeff",
    "douglas doug",
    "frederick fred freddy",
    "cynthia cindy",
    "pamela pam",
    "amanda mandy",
    "jacqueline jackie",
    "ann anne annie",
    "josefina pepita fina",
    "xochitl sochi",
    "joseph joe joey jose",
    "jacob jake",
    "sophia sofia sophie",
    "abigail abby abbie gail",
    "lucas luke",
    "stephen steven steve",
    "alejandro alex",
    "christopher chris kit",
    "daniel dan danny",
    "samantha sam sammy",
    "guillermo memo",
    "roberto beto",
    "eduardo lalo",
    "concepcion concha",
    "rosario charo",
    "ekaterina katya",
    "aleksandr alexander sasha",
    "dmitri dmitry dima",
    "robert bob bobby robbie rob bert",
    "richard dick rick ricky rich",
    "james jim jimmy jamie",
    "john jack johnny jon",
    "thomas tom tommy",
    "michael mike mikey mick",
    "charles charlie chuck chas",
    "edward ed eddie ted ned",
    "theodore ted teddy",
    "elizabeth liz lizzie beth betty betsy eliza lisa libby",
    "margaret maggie meg peggy marge greta",
    "katherine catherine kathryn kate katie kathy cathy kat kit",
    "patricia pat patty trish tricia",
    "rebecca becky becca",
    "susan susana sue susie suzanne",
    "deborah debra deb debbie",
    "alexander alexandra alex sasha sandy xander lexi",
    "anthony tony",
    "henry hank harry",
    "harold harry hal",
    "lawrence laurence larry",
    "gerald jerry",
    "dorothy dot dottie",
    "mary maria mari marie molly polly",
    "victoria vicky tori",
    "francis frances frank fran frankie",
    "jose pepe",
    "francisco paco pancho frank",
    "guadalupe lupe",
    "jesus chuy",
    "enrique kike",
    "ignacio nacho",
    "dolores lola",
    "mercedes meche",
)
_FORM_OF: dict[str, frozenset[int]] = {
    form: frozenset(n for n, forms in enumerate(_FORMS) if form in forms.split())
    for line in _FORMS
    for form in line.split()
}
_NONE: frozenset[int] = frozenset()
VARIANT_SIMILAR = 0.8  # difflib's ratio of two spellings: "jon" and "john" 0.86; "brian" and "ian" 0.75


# Endings that make another person's name of a name (Paul and Paula, Louis and Louise, Daniel and
# Danielle, Joseph and Josephine): a woman's form, not a form of one person's name.
_OTHER_PERSON_ENDINGS = ("a", "e", "le", "ine", "ette", "elle")


def _two_people(a: str, b: str) -> bool:
    """A name and its woman's form, or two names but for their last letter (Mario and Maria,
    Antonio and Antonia): two people, however alike they are written."""
    short, long = sorted((a, b), key=len)
    if any(long == short + ending for ending in _OTHER_PERSON_ENDINGS):
        return True
    return len(a) == len(b) > 2 and a[:-1] == b[:-1]


def given_variant(before: str, tonight: str) -> bool:
    """Whether two given names (as `plain` writes them) are one person's, written otherwise: a
    word in common ("Robert Bob" and "Bob"), an initial ("J" and "John"), familiar forms of one
    name (`_FORMS`: "Bill" and "William", "Jenny" and "Jennifer"), or a spelling near the other
    ("Jon" and "John", "Katherine" and "Catherine": difflib's ratio 0.8 and above) that is not a
    woman's form or two names but for their last letter ("Paul" and "Paula", "Mario" and "Maria").
    Two family members' names often share letters (Tom and Tina, Carlos and Carolina, Christopher
    and Christina): a new given name with new contact points is said (X939) unless it is one of
    these; a preferred name no rule knows is said too, which a person checks (tester21, tester22)."""
    if not before or not tonight or before == tonight:
        return True
    words, others = before.split(), tonight.split()
    if set(words) & set(others):
        return True
    for a in words:
        for b in others:
            if _FORM_OF.get(a, _NONE) & _FORM_OF.get(b, _NONE):
                return True
            if (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
                return True
    if len(words) == len(others) == 1 and _two_people(before, tonight):
        return False
    return difflib.SequenceMatcher(None, before, tonight).ratio() >= VARIANT_SIMILAR


def form_groups(given: str) -> frozenset[int]:
    """The lines of `_FORMS` a given name (as `plain` writes it, one word) is a form of: none for
    most names."""
    return _FORM_OF.get(given, _NONE)


def familiar_form(one: str, other: str) -> bool:
    """Whether of two given names (as `plain` writes them, one word each) one is a name of `_FORMS`
    written first (the full name) and the other a familiar form of it ("William" and "Bill",
    "Elizabeth" and "Liz"): one person's name written two ways. Never two full names or two familiar
    forms, nor two of one length ("Alexander" and "Alexandra", "Francis" and "Frances": a boy and a
    girl), nor a woman's form (`_two_people`): twins' names."""
    if one == other or len(one) == len(other) or " " in one + other or _two_people(one, other):
        return False
    return any(
        forms.split()[0] in (one, other) and {one, other} <= set(forms.split())
        for n in form_groups(one) & form_groups(other)
        for forms in (_FORMS[n],)
    )


def legacy_name(values: dict[str, str]) -> str:
    """The name as the map's keys and the derived IDs were made before `plain` ignored accents
    (case, spaces and punctuation only). Read, never written: `old_key`."""
    return _legacy(values.get("givenName", ""), values.get("familyName", ""))


def _legacy(given: str, family: str) -> str:
    return _NOT_NAME.sub(" ", f"{given} {family}".casefold()).strip()


def key(name: str, student: str) -> int:
    """The map's key for a person of this name linked to this student (nonzero, signed 64-bit)."""
    h = int.from_bytes(hashlib.blake2b(f"{name}\x00{student}".encode(), digest_size=8).digest(), "big", signed=True)
    return h or 1


def old_key(values: dict[str, str], student: str) -> int | None:
    """The key a map written before `plain` ignored accents holds this person under, where it
    differs from tonight's (an accented name, or a compatibility form such as a full-width
    letter); None where it is tonight's key (every plain ASCII name: those keys are unchanged)."""
    old, new = legacy_name(values), name_key(values)
    return None if old == new else key(old, student)


def _names(values: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Tonight's given and family names, then those the splits of earlier versions gave the same
    cell (`earlier_names`: "Fatima Berg" of "Fatima van der Berg" before stop 48, "Wei Di Chen" of
    Wei, Di, Chen in stop 48, "de Rosa" of "de la Cruz Rosa")."""
    given, family = values.get("givenName", ""), values.get("familyName", "")
    return ((given, family), *earlier_names(given, values.get("middleName", ""), family))


def former_keys(values: dict[str, str], student: str) -> list[int]:
    """The keys a map written by an earlier version holds this person under, where they differ from
    tonight's, in the order they are looked for: the name as a version before `plain` ignored
    accents made it (`legacy_name`), then each name an earlier split of a "First Last" field gave
    (`earlier_names`), as `plain` makes it and as that older version did. So the night of an
    upgrade, a parent whose ID the tool derived keeps it (tester58 F1, names49): an accented name
    that an older split gave otherwise too is found under the key both made."""
    tonight = key(name_key(values), student)
    keys: list[int] = []
    for given, family in _names(values):
        for name in (_name(given, family), _legacy(given, family)):
            if (h := key(name, student)) != tonight and h not in keys:
                keys.append(h)
    return keys


# A letter a save in an encoding without it wrote as '?' ('Nguy?n' for 'Nguyễn', D381 says so of
# the cell: cleaners.names); at most this many in one name are tried as each letter (26 ** 2 keys).
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])\?+(?=[^\W\d_])")
_LOST_AT_MOST = 2


def garbled_key(values: dict[str, str], student: str, holds: Callable[[int], bool]) -> int | None:
    """The key the map holds (`holds`) this person under, of all the forms their name takes
    through a save in an encoding without one of its letters, where exactly one is held; None
    otherwise. A name holding such a '?' ('Nguy?n', D381) is tried with each '?' as each letter
    (`plain` ignores accents: 'ễ' is 'e'); a name of letters Windows-1252 lacks ('Nguyễn'), as such
    a save writes it ('Nguy?n'). So the night an export is saved so, and the night it is right
    again, the parent keeps the ID they had (tester41 F4): Remind deletes a parent whose ID moves."""
    forms = [form for given, family in _names(values) for form in _garbled_forms(f"{given}\x00{family}")]
    found = {h for form in forms if holds(h := key(_name(*form.split("\x00")), student))}
    return found.pop() if len(found) == 1 else None


def _garbled_forms(whole: str) -> list[str]:
    """The forms of a name ('given\x00family') through a save in an encoding without one of its
    letters (`garbled_key`)."""
    forms: list[str] = []
    if "?" in whole:
        lost = [m.span() for m in _LOST_LETTER.finditer(whole)]
        if 0 < len(lost) <= _LOST_AT_MOST:
            for letters in itertools.product(string.ascii_lowercase, repeat=len(lost)):
                parts, at = [], 0
                for (start, end), letter in zip(lost, letters, strict=True):
                    parts += [whole[at:start], letter]
                    at = end
                forms.append("".join(parts) + whole[at:])
    elif not whole.isascii() and (saved := whole.encode("cp1252", "replace").decode("cp1252")) != whole:
        forms.append(saved)
    return forms


def point(value: str) -> str:
    """An email or a phone as people are matched by it: an email ignoring case, a phone by its digits
    (`+1 (608) 555-2001` is `16085552001`), as pipeline.gate compares them."""
    value = value.strip()
    return value.casefold() if "@" in value else "".join(c for c in value if c.isdigit())


def point_hash(h: int, value: str) -> int:
    """The map's form of a point (`point`) a person of key `h` was published with: 48 bits of
    BLAKE2b over the key and the point, so the map holds no address or number as written."""
    return int.from_bytes(hashlib.blake2b(f"{h}\x00{point(value)}".encode(), digest_size=6).digest(), "big")


def renamed_key(given: str, email: str, students: Iterable[str]) -> int:
    """The map's key for a person by their given name (as `plain` writes it), email and every
    student they are linked to: the same for a person whose family name changed (a married name),
    or their phone, or both. Never a name's key: its first part begins with a byte no name holds."""
    linked = ",".join(sorted({s for s in students if s}))
    return key(f"\x02{given}\x00{point(email)}", linked)


def renamed_key_with_phone(given: str, email: str, phone: str, students: Iterable[str]) -> int:
    """The key the map's renamed lines had before they held the phone beside it (`renamed_key`):
    read, never written, so that a map written by that version still keeps a married name's ID."""
    linked = ",".join(sorted({s for s in students if s}))
    return key(f"\x01{given}\x00{point(email)}\x00{point(phone)}", linked)


class Renamed(NamedTuple):
    """A person of the last published set found by their given name, email and students
    (`Remembered.renamed`): the digits of their ID, and whether their phone is the one they were
    published with (or they had none, and have none)."""

    digits: int
    same_phone: bool


_CHECK_BITS = 15  # of a renamed line's phone hash, held beside the ID's 48 bits (0: no phone)
_CHECKS = (1 << _CHECK_BITS) - 1
_NEITHER = (1 << 63) - 1  # a renamed line two people of tonight's set (or of the map) have


def _check(phone_hash: int | None) -> int:
    """The renamed line's phone as held in memory: 1..32767, 0 for no phone."""
    return 0 if phone_hash is None else phone_hash % _CHECKS + 1


def digest_of(sourced_id: str, prefixes: tuple[str, ...]) -> int | None:
    """The 12 hex digits of a derived ID (prefix + digits) as an int; None for any other ID."""
    for prefix in prefixes:
        rest = sourced_id[len(prefix) :]
        if sourced_id.startswith(prefix) and _DIGEST.fullmatch(rest):
            return int(rest, 16)
    return None


def prefixes(rules: Iterable[RulePlan]) -> tuple[str, ...]:
    """The prefixes of the guardian IDs these rules derive (a contacts rule derives one for a row
    without a contact ID); Remind's P1/P2 scheme has none: its IDs are the students'."""
    return tuple(
        sorted(
            {
                rule.guardian.prefix
                for rule in rules
                if rule.guardian is not None and rule.guardian.id_scheme != "student-prefix"
            }
        )
    )


class Remembered:
    """The map as read: key -> the digits of the ID (or IDs) it holds. A key is one name linked
    to one student, and two people of one name can be linked to one student (a father and a
    grandfather "Omar Lopez", Sr. and Jr.): the map then holds both IDs under that key, and the
    key alone tells neither from the other (`several`, few)."""

    def __init__(self) -> None:
        self._first = CompactMap()
        self._several: dict[int, tuple[int, ...]] = {}  # key -> every ID it holds, when more than one
        # Of a key holding several IDs (few): ID -> the hashes of the points it was last published with.
        self._points: dict[int, dict[int, frozenset[int]]] = {}
        # renamed_key -> the ID's digits | the phone's check (`_check`) << 48; _NEITHER where two have one.
        self._renamed = CompactMap()
        # The version before's lines (`renamed_key_with_phone`) -> the key of the name and lowest
        # student; 0 where two people have one. Empty but in the first nights after an upgrade.
        self._renamed_before = CompactMap(16)

    def __len__(self) -> int:
        return len(self._first)

    def add_hash(self, h: int, digits: int) -> None:
        had = self._first.setdefault_hash(h, digits)
        if had is not None and had != digits:
            several = self._several.get(h, (had,))
            if digits not in several:
                self._several[h] = (*several, digits)

    def get_hash(self, h: int) -> int | None:
        """The ID the key holds, the first written where it holds several."""
        return self._first.get_hash(h)

    def ids_hash(self, h: int) -> tuple[int, ...]:
        """Every ID the key holds: none, one, or, for people of one name linked to one student, several."""
        several = self._several.get(h)
        if several is not None:
            return several
        digits = self._first.get_hash(h)
        return () if digits is None else (digits,)

    def items(self) -> Iterator[tuple[int, int]]:
        """(key, the ID it holds, the first where several) of each key."""
        return self._first.items()

    def add_points(self, h: int, digits: int, hashes: Iterable[int]) -> None:
        """The points (`point_hash`) the ID `digits` of key `h` was last published with."""
        held = self._points.setdefault(h, {})
        held[digits] = held.get(digits, frozenset()) | frozenset(hashes)

    def by_points(self, h: int, points: Iterable[str]) -> tuple[int, ...]:
        """The IDs of key `h` last published with one of `points` (emails, phones): of people of
        one name linked to one student, whose points each still has."""
        held = self._points.get(h)
        if not held:
            return ()
        mine = {point_hash(h, p) for p in points if point(p)}
        return tuple(digits for digits, hashes in held.items() if hashes & mine)

    def add_renamed(self, renamed: int, digits: int, phone: int | None) -> None:
        """A renamed line: the person of `renamed_key` was published as `digits`, with a phone of
        this hash (`point_hash` under `renamed`), or none."""
        value = _check(phone) << _DIGEST_BITS | digits
        had = self._renamed.setdefault_hash(renamed, value)
        if had is not None and had != value:
            self._renamed.replace_hash(renamed, _NEITHER)  # two people: it tells neither

    def add_renamed_before(self, renamed: int, h: int) -> None:
        """A renamed line of the version before (`renamed_key_with_phone` -> `h`, a name's key)."""
        had = self._renamed_before.setdefault_hash(renamed, h)
        if had is not None and had != h:
            self._renamed_before.replace_hash(renamed, 0)

    def renamed(self, given: str, email: str, phone: str, students: Iterable[str]) -> Renamed | None:
        """The one person of the last published set remembered with this given name (as `plain`
        writes it), email and students (`renamed_key`), whatever their family name and phone
        then: their ID's digits, and whether the phone is theirs still. None for no such person,
        or two (one family email, one given name: it tells neither)."""
        if not point(email):
            return None
        students = list(students)
        line = renamed_key(given, email, students)
        value = self._renamed.get_hash(line)
        if value is not None:
            if value == _NEITHER:
                return None
            mine = _check(point_hash(line, phone) if point(phone) else None)
            return Renamed(value & _DIGITS, value >> _DIGEST_BITS == mine)
        if point(phone) and len(self._renamed_before):  # a map written before the ID was held on the line
            h = self._renamed_before.get_hash(renamed_key_with_phone(given, email, phone, students))
            ids = self.ids_hash(h) if h else ()
            if len(ids) == 1:
                return Renamed(ids[0], True)
        return None


def load(folder: Path, prefixes: tuple[str, ...]) -> Remembered:
    """key -> the derived IDs' digits, of the IDs made with one of `prefixes`; empty when there
    is no map (a first run) or the rules derive no ID (nothing to keep). A map that exists but
    cannot be read whole stops the run (X956, `_whole`)."""
    found = Remembered()
    if not prefixes:
        return found
    for row in _whole(folder / FILE):
        digest = digest_of(row[1], prefixes)
        if digest is not None:
            found.add_hash(int(row[0]), digest)
        elif row[1].startswith(_RENAMED):
            sourced_id, _, phone = row[1][1:].partition(" ")
            digest = digest_of(sourced_id, prefixes)
            if digest is not None and (not phone or _DIGEST.fullmatch(phone)):
                found.add_renamed(int(row[0]), digest, int(phone, 16) if phone else None)
            elif _KEY.fullmatch(row[1][1:]):
                found.add_renamed_before(int(row[0]), int(row[1][1:]))
        elif " " in row[1]:
            sourced_id, *hashes = row[1].split(" ")
            digest = digest_of(sourced_id, prefixes)
            if digest is not None and all(_DIGEST.fullmatch(p) for p in hashes):
                found.add_points(int(row[0]), digest, (int(p, 16) for p in hashes))
    return found


def lost(folder: Path, published: Path, prefixes: tuple[str, ...]) -> int:
    """The guardians with derived IDs of a published set (`published`: its users.csv) whose map
    is lost: no map in the state folder, or one holding no entry (a state folder deleted or not
    restored with OUT, a map emptied). 0 when the map holds entries, or the set has no such
    guardian. A damaged map is X956's (`_whole`), not lost."""
    if not prefixes or any(True for _ in _whole(folder / FILE)):
        return 0
    return len({packed for _, packed, _ in _published(published, prefixes)})


def remember(folder: Path, published: Path, prefixes: tuple[str, ...], *, today: dt.date) -> None:
    """Update the map from a published set: its guardians with derived IDs, under today's date."""
    if not prefixes:
        return
    # Tonight's keys in the order first seen, each with its first ID (prefix number << 48 |
    # digits): two arrays and a map of hashes, read in one pass, not a dict of strings.
    # A key two people of tonight's set share (one name, linked to one student) is written with
    # each of their IDs, a line each, so that neither is taken for the other (tester30 F1).
    tonight, keys, ids = CompactMap(), array("q"), array("q")
    shared: dict[int, list[int]] = {}  # a key tonight gives several IDs (few) -> its IDs after the first
    superseded = CompactMap()  # the old keys (`old_key`) of tonight's people: forgotten
    renamed, phones = array("q"), array("q")  # renamed_key (its person's ID in `tonight`), the phone's hash or -1
    tonight_ids = CompactMap()  # tonight's IDs (+1): a renamed line of an earlier night naming one is forgotten
    for person in _people(published, prefixes):
        for h, old in person.keys:
            had = tonight.setdefault_hash(h, person.packed)
            if had is None:
                keys.append(h)
                ids.append(person.packed)
            elif had != person.packed and person.packed not in (others := shared.setdefault(h, [])):
                others.append(person.packed)
            if old is not None:
                superseded.setdefault_hash(old, 1)
        tonight_ids.setdefault_hash(person.packed + 1, 1)
        if person.renamed:
            had = tonight.setdefault_hash(person.renamed, person.packed)
            if had is None:
                renamed.append(person.renamed)
                phones.append(person.phone)
            elif had != person.packed:
                tonight.replace_hash(person.renamed, 0)  # two people: written for neither
    points = _points_of(published, prefixes, tonight, shared) if shared else {}
    folder.mkdir(exist_ok=True)
    path, partial = folder / FILE, folder / f"{FILE}.partial"
    oldest = (today - dt.timedelta(days=KEEP_DAYS)).isoformat()
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(_earlier(path, tonight, superseded, tonight_ids, prefixes, oldest))
        date = today.isoformat()
        writer.writerows(
            (h, f"{prefixes[one >> _DIGEST_BITS]}{one & _DIGITS:012x}", date)
            for h, packed in zip(keys, ids, strict=True)
            for one in ((packed, *shared[h]) if h in shared else (packed,))
        )
        writer.writerows(  # beside each ID of a shared key, the points it was published with
            (h, " ".join((f"{prefixes[one >> _DIGEST_BITS]}{one & _DIGITS:012x}", *hashes)), date)
            for h, others in shared.items()
            for one in (tonight.get_hash(h), *others)
            if one is not None and (hashes := points.get((h, one)))
        )
        writer.writerows(
            (r, f"{_RENAMED}{sourced_id}" if phone < 0 else f"{_RENAMED}{sourced_id} {phone:012x}", date)
            for r, phone in zip(renamed, phones, strict=True)
            if (one := tonight.get_hash(r))
            for sourced_id in (f"{prefixes[one >> _DIGEST_BITS]}{one & _DIGITS:012x}",)
        )
    partial.replace(path)


def _earlier(
    path: Path,
    tonight: CompactMap,
    superseded: CompactMap,
    published: CompactMap,
    prefixes: tuple[str, ...],
    oldest: str,
) -> Iterator[list[str]]:
    """The map's earlier entries of people not in tonight's set, until they expire: not a key of
    tonight's, nor an old key (`old_key`) of tonight's people, nor a renamed line naming an ID of
    tonight's set (`published`), or, written by the version before, a key of tonight's: that
    person's line tonight is theirs."""
    number = {prefix: i for i, prefix in enumerate(prefixes)}
    for row in _rows(path):
        h = int(row[0])
        if tonight.get_hash(h) is not None or superseded.get_hash(h) is not None or row[2] < oldest:
            continue
        if row[1].startswith(_RENAMED):
            pointed = row[1][1:].partition(" ")[0]
            digest = digest_of(pointed, prefixes)
            if digest is not None:
                packed = number[pointed[:-_DIGEST_DIGITS]] << _DIGEST_BITS | digest
                if published.get_hash(packed + 1) is not None:
                    continue
            elif _KEY.fullmatch(pointed) and tonight.get_hash(int(pointed)) is not None:
                continue
        yield row[:3]


def _published(users: Path, prefixes: tuple[str, ...]) -> Iterator[tuple[int, int, int | None]]:
    """(key, ID, old key) for each student of each guardian with a derived ID in a written
    users.csv, the ID as its prefix's number in `prefixes` << 48 | its digits; the old key
    (`old_key`) None where it is the key."""
    for person in _people(users, prefixes):
        for h, old in person.keys:
            yield h, person.packed, old


class _Person(NamedTuple):
    """A guardian with a derived ID of a written users.csv."""

    packed: int  # the ID: its prefix's number in `prefixes` << 48 | its digits
    keys: list[tuple[int, int | None]]  # (key, old key or None) of each student, as the set lists them
    renamed: int  # renamed_key, 0 without an email
    phone: int  # the phone's hash (`point_hash` under `renamed`), -1 without one
    points: tuple[str, ...]  # email, phone, sms as written, those given


_POINTS = ("email", "phone", "sms")


def _people(users: Path, prefixes: tuple[str, ...], only: set[str] | None = None) -> Iterator[_Person]:
    """Each guardian with a derived ID in a written users.csv (of `only`, those IDs: the line of
    any other is not parsed, where the ID is its first column)."""
    try:
        handle = users.open(encoding="utf-8-sig", newline="")
    except OSError:
        return
    number = {prefix: i for i, prefix in enumerate(prefixes)}
    with handle:
        lines: Iterator[str] = handle
        first = next(lines, "")
        header = next(csv.reader([first]), [])
        at = {column: i for i, column in enumerate(header)}
        needed = ("sourcedId", "role", "givenName", "familyName", "agentSourcedIds")
        if any(column not in at for column in needed):
            return
        if only is not None and at["sourcedId"] == 0:
            lines = (line for line in lines if line.split(",", 1)[0] in only)
        width = len(header)
        at_id, at_role, at_given, at_family, at_students = (at[column] for column in needed)
        at_points = [at[column] for column in _POINTS if column in at]
        at_email, at_phone = at.get("email", -1), at.get("phone", -1)
        for row in csv.reader(lines):
            if len(row) != width or row[at_role] not in GUARDIAN_ROLES:
                continue
            sourced_id = row[at_id]
            digest = digest_of(sourced_id, prefixes)
            if digest is None or (only is not None and sourced_id not in only):
                continue
            students = list(dict.fromkeys(s for s in row[at_students].split(",") if s))
            if not students:
                continue
            name = _name(row[at_given], row[at_family])
            legacy = _legacy(row[at_given], row[at_family])
            email, phone = (row[i] if i >= 0 else "" for i in (at_email, at_phone))
            renamed = renamed_key(_name(row[at_given], ""), email, students) if point(email) else 0
            yield _Person(
                number[sourced_id[:-_DIGEST_DIGITS]] << _DIGEST_BITS | digest,
                [(key(name, s), None if legacy == name else key(legacy, s)) for s in students],
                renamed,
                point_hash(renamed, phone) if renamed and point(phone) else -1,
                tuple(row[i] for i in at_points if point(row[i])),
            )


def _points_of(
    users: Path, prefixes: tuple[str, ...], tonight: CompactMap, shared: dict[int, list[int]]
) -> dict[tuple[int, int], list[str]]:
    """(key, ID) -> the hashes (`point_hash`, as hex) of the points that ID is published with, for
    each key tonight's set gives several IDs (few): users.csv read again for their IDs alone."""
    wanted = {packed for h, others in shared.items() for packed in (tonight.get_hash(h), *others)}
    only = {f"{prefixes[p >> _DIGEST_BITS]}{p & _DIGITS:012x}" for p in wanted if p is not None}
    found: dict[tuple[int, int], list[str]] = {}
    for person in _people(users, prefixes, only):
        for h, _ in person.keys:
            if h in shared:
                hashes = dict.fromkeys(f"{point_hash(h, p):012x}" for p in person.points)
                found[(h, person.packed)] = sorted(hashes)
    return found


def _whole(path: Path) -> Iterator[list[str]]:
    """The map's entries, every line of it, or the run stops (X956, nothing published): a map
    cut off (a full disk, a copy stopped part way) or damaged, read up to the damage, would lose
    the IDs of the parents after it, and on a night one's email or phone changed, that parent
    would get a new ID, which Remind takes for a new person. The tool writes the map whole (a
    partial file renamed over it), each line ended; a missing map is a first run."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _damaged(path, exc.strerror or str(exc)) from None
    with handle:
        try:
            handle.seek(max(handle.seek(0, 2) - 1, 0))
            ended = handle.read(1) == b"\n"
            handle.seek(0)
            text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
            reader = csv.reader(text)
            header = next(reader, None)
            if header is None:
                raise _damaged(path, "it is empty")
            if header != list(HEADER):
                raise _damaged(path, f"line 1 is not the header {','.join(HEADER)}")
            for row in reader:
                if not _entry(row):
                    if not ended and next(reader, None) is None:
                        break  # the last line, cut off
                    raise _damaged(path, f"line {reader.line_num} is not an entry (key,sourcedId,date)")
                yield row
        except UnicodeDecodeError:
            raise _damaged(path, "it is not UTF-8 text") from None
        except csv.Error as exc:
            raise _damaged(path, f"line {reader.line_num}: {exc}") from None
        except OSError as exc:
            raise _damaged(path, exc.strerror or str(exc)) from None
        if not ended:
            raise _damaged(path, f"cut off: its last line, {reader.line_num}, has no line end")


def _entry(row: list[str]) -> bool:
    return (
        len(row) == 3
        and _KEY.fullmatch(row[0]) is not None
        and _KEY_MIN <= int(row[0]) <= _KEY_MAX
        and row[1] != ""
        and _DATE.fullmatch(row[2]) is not None
    )


def _damaged(path: Path, detail: str) -> TransformAbort:
    return TransformAbort(
        [Problem(codes.code("identities-damaged"), Where(file=str(path)), {"file": path, "detail": detail})]
    )


def _rows(path: Path) -> Iterator[list[str]]:
    """The map's entries, as `remember` keeps them after a publish (the run read the map whole,
    `_whole`, before): a damaged line is skipped, a damaged file read up to the damage."""
    try:
        handle = path.open(encoding="utf-8", errors="replace", newline="")
    except OSError:
        return
    with handle:
        try:
            reader = csv.reader(handle)
            if next(reader, None) != list(HEADER):
                return
            for row in reader:
                if len(row) >= 3 and _KEY.fullmatch(row[0]) and _KEY_MIN <= int(row[0]) <= _KEY_MAX:
                    yield row
        except csv.Error:
            return


_RENAMED = "="  # the sourcedId column of a renamed_key's line: "=", the ID, the phone's hash if any
_KEY = re.compile(r"-?[0-9]{1,19}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KEY_MIN, _KEY_MAX = -(1 << 63) + 1, (1 << 63) - 1
