"""What the relationship column of a guardians rule's rows says, counted as the links are read
(pipeline.guardian_words: V559, V562)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# A relationship column holding more distinct words than this (free text) stops adding new ones;
# those already counted go on, and every link is still counted in the totals.
MAX_WORDS = 200

# Relationships of people who are no parent or guardian: emergency-only, medical, pickup-only
# contacts (general vocabulary, the words SIS exports use: Emergency Contact, Emergencia, Doctor,
# Physician, Pick Up Only, Babysitter, Daycare, Neighbor).
NOT_GUARDIAN = re.compile(
    r"emergen|doctor|physician|dentist|pediatrician|m[eé]dico|pick\s*-?\s*up|babysit|sitter|day\s*care|neighbou?r",
    re.IGNORECASE,
)
# Relationships of a parent or guardian: Mother, Father, Step-Father, Parent, Guardian, Legal
# Guardian, Foster Parent, Mom, Dad, Madre, Padre, Tutor (a word of its own: not Grandmother).
PARENT = re.compile(
    r"\b(step[\s-]?)?(mother|father|parent|mom|dad|mum|madre|padre|madrastra|padrastro)s?\b|\bguardian|\btutora?\b",
    re.IGNORECASE,
)
# A parent or guardian word negated: 'Emergency Contact (Not Guardian)', 'Not a Parent', 'Non-Parent
# Emergency Contact' name no parent (reviewer155 R2: 30 emergency contacts published as guardians).
NEGATED_PARENT = re.compile(r"\bno[nt][\s-]+(?:(?:an?|the|legal)\s+)*(?:" + PARENT.pattern + ")", re.IGNORECASE)


def names_parent(word: str) -> bool:
    """The relationship names a parent or guardian, and not as one it is not ('Not Guardian')."""
    return bool(PARENT.search(NEGATED_PARENT.sub(" ", word)))


@dataclass
class RelationWords:
    """Of one guardians rule: the links to students it kept and those its link_where left out, by
    the row's relationship word (stripped, case folded), and the first row kept of each word."""

    key: str  # the column, as the export's header keys it
    kept: Counter[str] = field(default_factory=Counter)
    left: Counter[str] = field(default_factory=Counter)
    kept_total: int = 0
    left_total: int = 0
    first_kept: dict[str, tuple[str, int]] = field(default_factory=dict)  # word -> (file, line)
    written: dict[str, str] = field(default_factory=dict)  # word -> as its first row writes it

    def count(self, text: str, *, kept: bool, place: tuple[str, int]) -> None:
        written = " ".join(text.split())
        word = written.casefold()
        counts = self.kept if kept else self.left
        if kept:
            self.kept_total += 1
        else:
            self.left_total += 1
        if word and (word in counts or len(counts) < MAX_WORDS):
            counts[word] += 1
            self.written.setdefault(word, written)
            if kept:
                self.first_kept.setdefault(word, place)
