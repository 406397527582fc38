"""Each groups whose contact columns are each other's: the emails' own words say so (X812).

A student's row names a father and a mother, each with a name, an email and a cell. A profile
whose father group reads Mother Email and Mother Cell, and whose mother group reads the
father's, publishes every parent with the other's email and phone: no column is read twice, so
P115 and I286 see nothing, and the set is whole (tester67 F3: 782 of 791 links wrong at exit 0;
on a later night, 'users ~461' at exit 0).

Most people's email holds their given name (carlos0@, sarah.brown0@). Of a row's two people of
other given names, an email holding the other's name and not the person's own is the other's.
Counted per group and other group over the rows, emails given to the other person are read from
the other's column only when the other group's emails say it back. Two groups reading each other's
columns give each the other's emails: both groups' emails name the other on many rows, neither
names its own three times as often, and most of the rows of both naming anyone name the other:
refused, the profile is wrong. One side alone is a district's habit: a household address named for
the mother in the father's slot where most emails are initials (jsmith12@) names the mother from
the father's column while the mother's column names no one; swapping there would break a right set
(reviewer65 F2).
Where none holds a name (a family's, initials), nothing is counted; two people given one email (a
household's, read by both groups) are I286's, never counted here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from transform.profile.compile import RulePlan, _column_reads
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .mapping import GuardianCandidate

MIN_ROWS = 10  # rows of each group whose email holds the other's name: fewer are a household's habit
OWN_SHARE = 3  # and the rows of each group holding the own name are not this many times as many
_LETTERS = re.compile(r"[^a-z]")


@dataclass
class _Pair:
    own: int = 0
    other: int = 0
    first: tuple[str, int, str, str] | None = None  # file, line, email, name of the first "other" row


def _given(values: dict[str, str]) -> str:
    """The first word of the given name, letters only; too short to tell from other words: none."""
    words = values.get("givenName", "").casefold().split()
    word = _LETTERS.sub("", words[0]) if words else ""
    return word if len(word) >= 3 else ""


def _local(email: str) -> str:
    return _LETTERS.sub("", email.partition("@")[0].casefold())


class SwappedPoints:
    """The counts of one guardian rule of `each` groups, its candidates passing (`rows`)."""

    def __init__(self, rule: RulePlan) -> None:
        self.rule = rule
        self.pairs: dict[tuple[int, int], _Pair] = {}

    def rows(self, candidates: Iterable[GuardianCandidate], report: Report) -> Iterator[GuardianCandidate]:
        """The candidates, each row's groups counted (a row's candidates come together); said once
        they are all read."""
        at: tuple[str, int] | None = None
        groups: dict[int, dict[str, str]] = {}
        for candidate in candidates:
            origin = (candidate.origin.file, candidate.origin.line)
            if origin != at:
                self._count(at, groups)
                at, groups = origin, {}
            if not candidate.rejected:
                groups.setdefault(candidate.group, candidate.values)
            yield candidate
        self._count(at, groups)
        self._say(report)

    def _count(self, at: tuple[str, int] | None, groups: dict[int, dict[str, str]]) -> None:
        if at is None or len(groups) < 2:
            return
        for one, mine in groups.items():
            email, name = mine.get("email", ""), _given(mine)
            if not email or not name:
                continue
            local = _local(email)
            for two, theirs in groups.items():
                other = _given(theirs)
                if two == one or not other or name in other or other in name:
                    continue
                if theirs.get("email", "").casefold() == email.casefold():
                    continue  # one email for both: a household's (I286 judges a column read twice)
                pair = self.pairs.setdefault((one, two), _Pair())
                if name in local and other not in local:
                    pair.own += 1
                elif other in local and name not in local:
                    pair.other += 1
                    pair.first = pair.first or (at[0], at[1], email, mine.get("givenName", ""))

    def _points_other(self, one: int, two: int) -> bool:
        """The emails of `one` name `two` on many rows, and their own person not far more often.

        Not a majority of each side: a swap's own households (a mother-named address in the father's
        slot, read by the mother group) count as the mother's own, 96 of 191 rows in a real swap."""
        pair = self.pairs.get((one, two))
        return pair is not None and pair.other >= MIN_ROWS and OWN_SHARE * pair.other >= pair.own

    def _swapped(self, one: int, two: int) -> bool:
        """Each group's emails name the other, and most of both groups' rows naming anyone name the other."""
        if not (self._points_other(one, two) and self._points_other(two, one)):
            return False
        there, back = self.pairs[(one, two)], self.pairs[(two, one)]
        return there.other + back.other > there.own + back.own

    def _say(self, report: Report) -> None:
        for (one, two), pair in sorted(self.pairs.items()):
            if not self._swapped(one, two) or pair.first is None:
                continue
            file, line, email, name = pair.first
            group, other = self.rule.groups[one][0], self.rule.groups[two][0]
            report.add(
                codes.code("each-group-points-swapped"),
                Where(file, line, self._columns(one, ("email",)), table="users"),
                rule=self.rule.label,
                group=group,
                other=other,
                rows=f"{pair.other:,}",
                own=f"{pair.own:,}",
                # --redact leaves the email and the name out (problem.PERSONAL_PARAMS)
                value=email,
                person=name,
                path=f"tables.users.{self.rule.name}.each.{group}",
                columns=self._columns(one, ("email", "phone", "sms")),
                their_columns=self._columns(two, ("email", "phone", "sms")),
            )

    def _columns(self, group: int, fields: tuple[str, ...]) -> str:
        """The export columns, as written, the group reads its `fields` from."""
        columns = [c for f in fields for c in self.rule.groups[group][1] if c.name == f]
        return ", ".join(dict.fromkeys(w for c in columns for w in _column_reads(c).values()))


def counted(candidates: Iterator[GuardianCandidate], rule: RulePlan, report: Report) -> Iterator[GuardianCandidate]:
    """The candidates of a rule, counted where the rule has several groups reading emails."""
    emails = sum(any(c.name == "email" for c in columns) for _, columns in rule.groups)
    return SwappedPoints(rule).rows(candidates, report) if emails >= 2 else candidates
