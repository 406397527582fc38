"""Guardian identity: who is one person, and the IDs they get."""

from __future__ import annotations

from transform.pipeline.derive import GuardianBook
from transform.pipeline.mapping import GuardianCandidate
from transform.pipeline.rows import SourceRow
from transform.profile.compile import ColumnPlan, GuardianPlan
from transform.report.report import Report


def plan(scheme: str, prefix: str) -> GuardianPlan:
    return GuardianPlan(ColumnPlan("student"), None, (), scheme, prefix, ())


def candidate(student: str, group: int = 0, household: str = "", **values: str) -> GuardianCandidate:
    base = {"givenName": "Rose", "familyName": "Quinn", "role": "parent"}
    return GuardianCandidate({**base, **values}, student, "", household, group, SourceRow("s.txt", 2, [], {}))


def ids(book: GuardianBook) -> list[tuple[str, list[str]]]:
    book.resolve(usable=lambda draft: True)
    resolved = book.resolved()
    book.close()
    return resolved


def test_remind_p1_p2_scheme() -> None:
    book = GuardianBook(Report())
    book.add([candidate("1002", email="r@x.org"), candidate("1002", 1, givenName="Sam", phone="+16085550000"),
              candidate("1001", email="R@X.org")], plan("student-prefix", "P"))
    assert ids(book) == [("P11001", ["1002", "1001"]), ("P21002", ["1002"])]


def test_derived_ids_prefer_household_then_email_then_phone() -> None:
    by_email, by_phone, by_household = GuardianBook(Report()), GuardianBook(Report()), GuardianBook(Report())
    by_email.add([candidate("1", email="r@x.org", phone="+16085550000")], plan("derived", "G"))
    by_phone.add([candidate("1", phone="+16085550000")], plan("derived", "G"))
    by_household.add([candidate("1", household="F7", email="r@x.org")], plan("derived", "G"))
    first = ids(by_email)[0][0]
    again = GuardianBook(Report())
    again.add([candidate("2", email="r@x.org", phone="+16085559999")], plan("derived", "G"))
    assert ids(again)[0][0] == first  # another child, a new phone: the same person
    assert len({first, ids(by_phone)[0][0], ids(by_household)[0][0]}) == 3


def test_same_name_alone_is_not_the_same_person() -> None:
    book = GuardianBook(Report())
    book.add([candidate("1", email="a@x.org"), candidate("2", email="b@x.org")], plan("derived", "G"))
    assert len(ids(book)) == 2
