"""Guardian identity: who is one person, and the IDs they get."""

from __future__ import annotations

from transform.pipeline.derive import GuardianBook
from transform.pipeline.mapping import GuardianCandidate
from transform.pipeline.rows import SourceRow
from transform.profile.compile import ColumnPlan, GuardianPlan
from transform.report.report import Report


def plan(scheme: str, prefix: str) -> GuardianPlan:
    return GuardianPlan(ColumnPlan("student"), None, (), scheme, prefix, ())


def candidate(student: str, group: int = 0, household: str = "", line: int = 2, **values: str) -> GuardianCandidate:
    """One group of the students file's row at `line` (the candidates of one row: one line)."""
    base = {"givenName": "Rose", "familyName": "Quinn", "role": "parent"}
    return GuardianCandidate({**base, **values}, student, "", household, group, SourceRow("s.txt", line, [], {}))


def ids(book: GuardianBook) -> list[tuple[str, list[str]]]:
    book.resolve(usable=lambda draft: True)
    resolved = book.resolved()
    book.close()
    return resolved


def test_remind_p1_p2_scheme() -> None:
    book = GuardianBook(Report())
    book.add(
        [
            candidate("1002", email="r@x.org"),
            candidate("1002", 1, givenName="Sam", phone="+16085550000"),
            candidate("1001", email="R@X.org"),
        ],
        plan("student-prefix", "P"),
    )
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


def resolved_people(book: GuardianBook) -> list[tuple[str, dict[str, str], list[str]]]:
    """(sourcedId, values, students) of each person, in ID order."""
    book.resolve(usable=lambda draft: True)
    people = sorted(
        (sourced_id, book._values_dict(values), sorted(_split(students)))
        for sourced_id, values, students, *_ in book._resolved()
    )
    book.close()
    return people


def _split(joined: str) -> list[str]:
    return joined.split("\x00") if joined else []


def test_disagreeing_rows_are_reported_and_the_lower_value_kept_in_any_order() -> None:
    """Issue 22: a parent on two siblings' records with two emails (and two phones) is one
    person; the kept values do not depend on which row came first, and the difference is reported."""
    rows = [
        candidate("1001", email="rose@old.org", phone="+16085550101", household="F1"),
        candidate("1002", email="rose@new.org", phone="+16085550199", household="F1"),
    ]
    results = []
    for ordered in (rows, rows[::-1]):
        report = Report()
        book = GuardianBook(report)
        book.add(ordered, plan("derived", "G"))
        results.append(resolved_people(book))
        differ = report.examples["V550"]
        assert sorted((p.params["field"], p.params["kept"], p.params["value"]) for p in differ) == [
            ("email", "rose@new.org", "rose@old.org"),
            ("phone", "+16085550101", "+16085550199"),
        ]
        assert all(p.params["kept_at"] and p.params["value_at"] and p.where.file == "s.txt" for p in differ)
    assert results[0] == results[1]
    [(_, values, students)] = results[0]
    assert (values["email"], values["phone"], students) == ("rose@new.org", "+16085550101", ["1001", "1002"])


def test_people_are_one_when_any_row_joins_them_whatever_the_order() -> None:
    """A row with one record's email and another's phone makes them one person in every order
    (before, the first order kept two people)."""
    import itertools

    rows = [
        candidate("1", email="r@x.org"),
        candidate("2", phone="+16085550000"),
        candidate("3", email="r@x.org", phone="+16085550000"),
    ]
    seen = []
    for ordered in itertools.permutations(rows):
        book = GuardianBook(Report())
        book.add(ordered, plan("derived", "G"))
        people = resolved_people(book)
        assert len(people) == 1 and people[0][2] == ["1", "2", "3"]
        seen.append(people)
    assert all(people == seen[0] for people in seen)


def test_a_household_a_merged_row_brought_still_joins_later_rows_whatever_the_order() -> None:
    """Found by the shuffling property test: one person kept the lowest household only, so a
    later row sharing the other household (and nothing else) became a second person in some
    orders. Rows: (phone A, F1), (phone A, F2), (phone B, F2) are one person in every order
    (three rows: two groups of one row are two people, test_two_groups_of_one_row_...)."""
    import itertools

    rows = [
        candidate("1", 0, "F1", line=2, phone="+16085550102"),
        candidate("2", 0, "F2", line=3, phone="+16085550102"),
        candidate("2", 1, "F2", line=4, phone="+16085550101"),
    ]
    seen = []
    for ordered in itertools.permutations(rows):
        book = GuardianBook(Report())
        book.add(ordered, plan("derived", "G"))
        people = resolved_people(book)
        assert len(people) == 1, people
        seen.append(people)
    assert all(people == seen[0] for people in seen)


def test_a_sis_contact_with_two_phones_is_a_note_not_a_warning() -> None:
    report = Report()
    book = GuardianBook(report)
    contact = [
        GuardianCandidate(
            {"givenName": "Rose", "familyName": "Quinn", "phone": phone},
            "1001",
            "C1",
            "",
            0,
            SourceRow("contacts.csv", line, [], {}),
        )
        for line, phone in ((3, "+2"), (2, "+1"))
    ]
    book.add(contact, plan("contact", "G"))
    [(sourced_id, values, _)] = resolved_people(book)
    assert (sourced_id, values["phone"]) == ("GC1", "+1")
    [note] = report.examples["V551"]
    assert (note.params["id"], note.params["kept_at"], note.params["value_at"]) == (
        "C1",
        "contacts.csv:2",
        "contacts.csv:3",
    )
    assert "V550" not in report.examples
