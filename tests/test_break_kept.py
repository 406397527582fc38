"""A break night keeping the ended term's classes judges an enrolment row that ended with the term as
of the term's last day, any other as tonight (compile.AsOfUntil): the day a row ends 'with the term'
is the first that fails the condition after that last day, inclusive or exclusive as the SIS writes."""

from __future__ import annotations

import datetime as dt
import operator

from transform.profile.compile import AsOfUntil

TERM_LAST_DAY, TONIGHT = dt.date(2026, 12, 18), dt.date(2026, 12, 28)


def kept(found: dt.date, order: object) -> bool:
    return AsOfUntil(0, TERM_LAST_DAY).holds(found, TONIGHT, order)  # type: ignore[arg-type]


def test_an_exclusive_end_the_day_after_the_term_is_the_terms_and_a_drop_over_the_break_is_tonights() -> None:
    """PowerSchool's DateLeft, `date_gt as_of`: the day after the last day ends with the term; the 18th
    was out on the term's last night already; the 22nd (a year-long class dropped over the break) is out."""
    assert kept(dt.date(2026, 12, 19), operator.gt)
    assert not kept(dt.date(2026, 12, 18), operator.gt)
    assert not kept(dt.date(2026, 12, 22), operator.gt)
    assert kept(dt.date(2027, 5, 28), operator.gt)  # still running


def test_an_inclusive_end_on_the_terms_last_day_is_the_terms() -> None:
    """Infinite Campus', Synergy's or OneRoster's endDate, `date_ge as_of`: the last day itself."""
    assert kept(dt.date(2026, 12, 18), operator.ge)
    assert not kept(dt.date(2026, 12, 17), operator.ge)
    assert not kept(dt.date(2026, 12, 19), operator.ge)
    assert not kept(dt.date(2026, 12, 22), operator.ge)


def test_only_a_row_failing_tonight_ended_with_the_term() -> None:
    """The rows a break night keeps for the term's sake alone (the interpreter's: kept in a kept class only,
    of a person tonight's exports list) are those that fail the condition tonight: a running row is tonight's."""
    until = AsOfUntil(0, TERM_LAST_DAY)
    assert until.ended_with_term(dt.date(2026, 12, 19), TONIGHT, operator.gt)
    assert not until.ended_with_term(dt.date(2027, 5, 28), TONIGHT, operator.gt)
    assert not until.ended_with_term(dt.date(2026, 12, 22), TONIGHT, operator.gt)
