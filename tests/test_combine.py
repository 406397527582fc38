"""Combining rules (pipeline.combine): one record per sourcedId from rows that list a person
once per school."""

from __future__ import annotations

from transform.pipeline.combine import combine_rows
from transform.pipeline.rows import COMING, MULTI_SEP, Draft, place_at
from transform.report import codes
from transform.report.report import Report


def staff(line: int, **values: str) -> Draft:
    return Draft("users", dict(values), place_at("staff.txt", line), "users.staff")


def combined(drafts: list[Draft]) -> tuple[list[dict[str, str]], Report]:
    report = Report()
    out = combine_rows(drafts, lists=("orgSourcedIds",), report=report)
    return [d.values for d in out], report


def test_rows_of_one_id_become_one_record() -> None:
    values, report = combined(
        [
            staff(2, sourcedId="T1", orgSourcedIds="100", email=""),
            staff(3, sourcedId="T2", orgSourcedIds="100", email="b@x.org"),
            staff(4, sourcedId="T1", orgSourcedIds="200,100", email="a@x.org"),
        ]
    )
    assert values == [
        {"sourcedId": "T1", "orgSourcedIds": "100,200", "email": "a@x.org"},  # lists united, blanks filled
        {"sourcedId": "T2", "orgSourcedIds": "100", "email": "b@x.org"},
    ]
    assert not report.counts


def test_disagreeing_rows_keep_the_lower_value_whatever_their_order() -> None:
    rows = [staff(2, sourcedId="T1", phone="555-2"), staff(3, sourcedId="T1", phone="555-1")]
    forward, report = combined(rows)
    backward, _ = combined([staff(3, sourcedId="T1", phone="555-1"), staff(2, sourcedId="T1", phone="555-2")])
    assert forward == backward == [{"sourcedId": "T1", "phone": "555-1"}]
    (problem,) = report.examples[codes.code("combined-conflict").id]
    assert problem.params["kept"] == "555-1" and problem.params["value"] == "555-2"


def test_rows_without_an_id_are_never_merged() -> None:
    values, _ = combined([staff(2, sourcedId="", givenName="A"), staff(3, sourcedId="", givenName="B")])
    assert [v["givenName"] for v in values] == ["A", "B"]


def test_a_class_from_rows_of_several_terms_is_in_all_of_them() -> None:
    def section(line: int, start: str, end: str) -> Draft:
        extra = {"term_start": start, "term_end": end, "term_name": f"Q{line}", "term_abbreviation": ""}
        return Draft("classes", {"sourcedId": "C1"}, place_at("cc.txt", line), "classes.r", extra)

    (only,) = combine_rows(
        [section(1, "2026-08-20", "2026-10-30"), section(2, "2026-11-02", "2027-01-20"), section(3, "", "")],
        lists=(),
        report=Report(),
    )
    assert only.extra["term_start"].split(MULTI_SEP) == ["2026-08-20", "2026-11-02"]
    assert only.extra["term_name"] == f"Q1{MULTI_SEP}Q2"  # a row without term dates adds no term


def test_a_class_repeated_on_rows_of_one_term_is_in_it_once() -> None:
    """A flat export (a row per student per class) repeats the class's term on every row: the
    class is in it once, and F405 names it once, not "S2, S2, S2 ..." (tester7 item 12)."""
    extra = {"term_start": "2027-01-05", "term_end": "2027-05-28", "term_name": "S2", "term_abbreviation": ""}
    rows = [
        Draft("classes", {"sourcedId": "C1"}, place_at("roster.csv", line), "classes.r", dict(extra))
        for line in (2, 3, 4)
    ]
    (only,) = combine_rows(rows, lists=(), report=Report())
    assert only.extra["term_name"] == "S2" and only.extra["term_start"] == "2027-01-05"


# --- issue 23: rows that disagree on who the person is are two people, never combined ------------

NAMES = ("givenName", "familyName")


def people(drafts: list[Draft]) -> tuple[list[dict[str, str]], Report, list[tuple[str, int, int]]]:
    report, told = Report(), []
    out = combine_rows(
        drafts,
        lists=("orgSourcedIds",),
        report=report,
        identity=NAMES,
        two_people=lambda key, where, first, *_: told.append((key, where.line, first)),
    )
    return [d.values for d in out], report, told


def test_rows_of_two_people_under_one_id_stay_apart_in_either_order() -> None:
    eve = staff(2, sourcedId="S1", orgSourcedIds="10", givenName="Eve", familyName="Kim", grades="03")
    dee = staff(3, sourcedId="S1", orgSourcedIds="40", givenName="Dee", familyName="Kim", grades="12")
    for ordered in ([eve, dee], [dee, eve]):
        first, second = (dict(d.values) for d in ordered)
        values, report, told = people([staff(d.origin.line, **d.values) for d in ordered])
        assert values == [first, second]  # each as its own rows said: nothing of one in the other
        (problem,) = report.examples["V570"]
        assert problem.params["field"] == "givenName" and problem.where.line == ordered[1].origin.line
        assert {problem.params["value"], problem.params["kept"]} == {"Eve", "Dee"}
        assert told == [("S1", ordered[1].origin.line, ordered[0].origin.line)]
        assert "V508" not in report.counts


def test_each_person_under_a_shared_id_gets_their_own_rows_combined() -> None:
    values, report, told = people(
        [
            staff(2, sourcedId="S1", orgSourcedIds="10", givenName="Eve", familyName="Kim"),
            staff(3, sourcedId="S1", orgSourcedIds="40", givenName="Dee", familyName="Kim"),
            staff(4, sourcedId="S1", orgSourcedIds="20", givenName="EVE", familyName=""),
        ]
    )
    # Eve Kim's whole name, not "EVE" from the row without a family name (tester51 F11)
    assert [(v["givenName"], v["familyName"], v["orgSourcedIds"]) for v in values] == [
        ("Eve", "Kim", "10,20"),
        ("Dee", "Kim", "40"),
    ]
    assert report.counts["V570"] == 1 and len(told) == 1


def test_a_name_written_otherwise_is_the_same_person() -> None:
    """Case, spacing and accents differ between two schools' systems; a blank is no difference."""
    values, report, told = people(
        [
            staff(2, sourcedId="S1", orgSourcedIds="10", givenName="María José", familyName="Peña"),
            staff(3, sourcedId="S1", orgSourcedIds="40", givenName="MARIA  JOSE", familyName=""),
        ]
    )
    assert len(values) == 1 and values[0]["orgSourcedIds"] == "10,40"
    assert not told and "V570" not in report.counts
    assert (values[0]["givenName"], values[0]["familyName"]) == ("María José", "Peña")  # the fuller row's name
    assert report.counts["D329"] == 1 and "V508" not in report.counts


def test_the_combined_conflict_message_says_the_lower_value_is_kept() -> None:
    _, report = combined([staff(2, sourcedId="T1", phone="555-2"), staff(3, sourcedId="T1", phone="555-1")])
    (problem,) = report.examples["V508"]
    assert "'555-1' (line 3), the lower in text order, is kept and '555-2' is not" in problem.message
    assert "lower value" in codes.explain("V508")[0] and "first" not in codes.explain("V508")[0]


def test_a_row_of_a_later_term_lends_its_class_the_term_alone() -> None:
    """A year-long section's row of a later marking period (marked COMING by the term filter)
    names its term on the class, and nothing else: not its title, nor its teacher's enrolment
    (`merged` is told only of the rows merged whole). tester38 F1."""

    def section(line: int, term: str, title: str, *, coming: bool = False) -> Draft:
        month = term[-1]
        extra = {"term_start": f"2026-0{month}-01", "term_end": f"2026-0{month}-28", "term_name": term}
        if coming:
            extra[COMING] = "1"
        values = {"sourcedId": "C1", "title": title, "termSourcedIds": term}
        return Draft("classes", values, place_at("mps.txt", line), "classes.r", extra)

    told: list[int] = []
    report = Report()
    (only,) = combine_rows(
        [section(2, "MP2", "Art (Lind)", coming=True), section(1, "MP1", "Art (Cole)"), section(3, "MP1", "Art")],
        lists=("termSourcedIds",),
        report=report,
        merged=lambda draft: told.append(draft.origin.line),
    )
    assert only.values == {"sourcedId": "C1", "title": "Art", "termSourcedIds": "MP1,MP2"}
    assert only.extra["term_name"] == f"MP1{MULTI_SEP}MP2"
    assert told == [3]
    assert [p.params["value"] for p in report.examples[codes.code("combined-conflict").id]] == ["Art (Cole)"]


# --- tester51 F11: a name is one row's whole name, in any row order ------------------------------


def test_a_name_is_one_row_s_whole_name_in_either_order() -> None:
    """A teacher written `Ana Lopez` at one school and `ANA LÓPEZ` at another was published as
    "ANA Lopez" (the lower given name of one row, the lower family name of the other): a name
    no row holds. One row's whole name is kept (the one not in capitals), in either order, and
    the other form is said once (D329) with both rows."""
    ana = staff(2, sourcedId="T1", orgSourcedIds="100", givenName="Ana", familyName="Lopez")
    caps = staff(3, sourcedId="T1", orgSourcedIds="200", givenName="ANA", familyName="LÓPEZ")
    for ordered in ([ana, caps], [caps, ana]):
        values, report, told = people([staff(d.origin.line, **d.values) for d in ordered])
        [record] = values
        assert (record["givenName"], record["familyName"]) == ("Ana", "Lopez")
        assert not told and "V508" not in report.counts
        [said] = report.examples["D329"]
        assert (said.params["kept"], said.params["value"]) == ("Ana Lopez", "ANA LÓPEZ")
        assert (said.params["kept_at"], said.params["value_at"]) == ("staff.txt:2", "staff.txt:3")
