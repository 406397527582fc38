"""Whose an export column is, of a guardian rule's `each` groups, by its name alone.

A student's row naming a father and a mother has their columns named for them: Father First
Name, Father Email; Mother First Name, Mother Email. A group's mark is its own key (father,
parent1) and the words of its name columns no other group's name columns hold (Father; the 1 of
Parent 1 First Name). A column holding one group's mark and no other's is that group's: a
group reading it for its email is reading another person's (tester67 F3, F7: the father's email
read from Mother Email). A column holding no mark, or two (Grandmother Email beside a mother
group), is nobody's in particular and is never judged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_WORD = re.compile(r"[0-9a-z]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _squash(text: str) -> str:
    return "".join(_WORD.findall(text.casefold()))


def marks(groups: Sequence[tuple[str, Sequence[str]]]) -> list[frozenset[str]]:
    """Each group's marks: (group key, the columns its names are read from, as written)."""
    words = [set().union(*(_words(column) for column in names)) for _, names in groups]
    found: list[frozenset[str]] = []
    for at, (key, _) in enumerate(groups):
        others: set[str] = set().union(*(w for n, w in enumerate(words) if n != at))
        own = words[at] - others
        found.append(frozenset({*own, _squash(key)} - {""}))
    return found


def owner(column: str, group_marks: Sequence[frozenset[str]]) -> int | None:
    """The one group whose mark the column's name holds (a word of it, or, for a key of three
    letters or more, inside it: parent1 in Parent1Email); None for no group or several."""
    words, squashed = _words(column), _squash(column)
    hits = [
        at
        for at, marked in enumerate(group_marks)
        if any(mark in words or (len(mark) >= 3 and not mark.isdigit() and mark in squashed) for mark in marked)
    ]
    return hits[0] if len(hits) == 1 else None
