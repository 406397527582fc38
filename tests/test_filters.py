"""The class filters on drafts: the current term (select_terms) and the excluded classes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from transform.oneroster.spec import REMIND
from transform.pipeline.filters import Ended, NothingDue, drop_excluded_classes, select_terms
from transform.pipeline.rows import MULTI_SEP, Draft, place_at
from transform.profile.compile import Choices, Plan, compile_plan
from transform.report import codes
from transform.report.problem import TransformAbort
from transform.report.report import Report

AS_OF = dt.date(2026, 10, 15)
FALL = ("2026-08-20", "2026-12-18", "Fall")
SPRING = ("2027-01-05", "2027-05-28", "Spring")
SUMMER = ("2026-06-01", "2026-07-31", "Summer")
YEAR = ("2026-08-20", "2027-05-28", "Year")


FILTERS = {
    "current_term": {"start": "{term.Start}", "end": "{term.End}", "name": "{term.Name}"},
    "exclude_classes": {
        "fields": ["{out.title}"],
        "patterns": {"lunch": r"\blunch\b"},
        "flags": {"skip": "{Skip}"},
        "keep": {"field": "{Keep}", "values": ["yes"]},
    },
}


def make_plan(*, as_of: dt.date = AS_OF, terms: tuple[str, ...] = (), filters: dict[str, Any] | None = None) -> Plan:
    data = {
        "name": "t",
        "settings": {"date_formats": ["%Y-%m-%d"]},
        "sources": {"sections": {"files": ["s.txt"], "columns": ["ID"]}},
        "tables": {},
        "filters": FILTERS if filters is None else filters,
    }
    return compile_plan(data, target=REMIND, choices=Choices(as_of=as_of, terms=terms))


def klass(sourced_id: str, *terms: tuple[str, str, str], school: str = "100", **extra: str) -> Draft:
    """A class draft in `terms` (several: its term join matched a list of them)."""
    dated = {
        "term_start": MULTI_SEP.join(t[0] for t in terms),
        "term_end": MULTI_SEP.join(t[1] for t in terms),
        "term_name": MULTI_SEP.join(t[2] for t in terms),
    }
    values = {"sourcedId": sourced_id, "schoolSourcedId": school, "title": extra.pop("title", sourced_id)}
    if "termSourcedIds" in extra:
        values["termSourcedIds"] = extra.pop("termSourcedIds")
    return Draft("classes", values, place_at("sections.txt", len(sourced_id)), "classes.r", {**dated, **extra})


def kept_by_terms(plan: Plan, drafts: list[Draft], tmp_path: Path, **options: Any) -> tuple[list[str], Report]:
    report = Report()
    kept = select_terms(drafts, plan=plan, report=report, folder=tmp_path, **options)
    return [d.values["sourcedId"] for d in kept], report


def count(report: Report, slug: codes.Slug) -> int:
    return report.counts[codes.code(slug).id]


def test_the_current_term_is_kept_and_the_others_reported(tmp_path: Path) -> None:
    ended: dict[str, Ended] = {}
    kept, report = kept_by_terms(
        make_plan(),
        [klass("C1", FALL), klass("C2", SPRING), klass("C3", YEAR), klass("C4", SUMMER)],
        tmp_path,
        ended=ended,
    )
    assert kept == ["C1", "C3"]  # in the export's order, after waiting in the spool
    assert count(report, "class-outside-term") == 2
    # The summer term ended in the school year before the as-of date's: not noted as ended. The
    # spring term has not started: noted as ahead, which only a last set that rostered it ahead
    # by --term explains (gate.calendar_explains, tester52 F6).
    assert {key for key, e in ended.items() if not e.ahead} == set()
    assert set(ended) == {"C2"} and ended["C2"].why.startswith("Spring starts 2027-01-05")


def test_a_class_ended_earlier_this_school_year_is_noted(tmp_path: Path) -> None:
    ended: dict[str, Ended] = {}
    kept, _ = kept_by_terms(
        make_plan(as_of=dt.date(2027, 2, 1)),
        [klass("C1", FALL, termSourcedIds="100-F"), klass("C2", SPRING, termSourcedIds="100-S")],
        tmp_path,
        ended=ended,
    )
    assert kept == ["C2"]
    fall_end = dt.date(2026, 12, 18)
    # with the day each term ended, which the safety gate reads (gate.calendar_explains, tester43 F1)
    assert ended == {"C1": Ended("Fall ended 2026-12-18", fall_end, frozenset({"100-F"}), {"100-F": fall_end})}


def test_a_class_in_several_terms_is_kept_when_one_is_current(tmp_path: Path) -> None:
    kept, _ = kept_by_terms(make_plan(), [klass("C1", SPRING, FALL), klass("C2", SPRING)], tmp_path)
    assert kept == ["C1"]


def test_on_a_break_the_terms_starting_first_within_the_window_are_current(tmp_path: Path) -> None:
    plan = make_plan(as_of=dt.date(2026, 12, 28))  # Fall ended, Spring starts in 8 days
    kept, report = kept_by_terms(plan, [klass("C1", FALL), klass("C2", SPRING)], tmp_path)
    assert kept == ["C2"]
    assert count(report, "term-upcoming") == 1


def test_each_school_has_its_own_current_term(tmp_path: Path) -> None:
    late_fall = ("2026-10-20", "2027-01-20", "Fall")  # school 200 starts later: upcoming there
    kept, _ = kept_by_terms(
        make_plan(), [klass("A", FALL), klass("B", late_fall, school="200"), klass("C", SPRING)], tmp_path
    )
    assert kept == ["A", "B"]


def test_a_class_without_term_dates_is_left_out(tmp_path: Path) -> None:
    kept, report = kept_by_terms(make_plan(), [klass("C1", FALL), klass("C2", ("", "", "X"))], tmp_path)
    assert kept == ["C1"]
    assert count(report, "term-dates-invalid") == 1


def test_a_class_whose_term_date_is_unreadable_is_left_out_as_an_error(tmp_path: Path) -> None:
    """A date no setting reads (a typo in the terms export: 05/32/2027) is the export's error,
    which takes every class of the term along: counted against the export (X915), where a
    warning let a first run lose most of its enrolments at exit 0 (tester24 F2)."""
    kept, report = kept_by_terms(
        make_plan(), [klass("C1", FALL), klass("C2", ("2026-08-17", "2027-05-32", "X"))], tmp_path
    )
    assert kept == ["C1"]
    assert count(report, "term-dates-invalid") == 0
    [said] = report.examples["F434"]
    assert said.params["value"] == "2027-05-32"
    assert report.left_out.error_rows(said.where.file) == 1


def test_a_term_whose_dates_are_spreadsheet_serials_is_unreadable_not_unset(tmp_path: Path) -> None:
    """A terms export saved from a spreadsheet with its date cells as numbers (46392, 46541: the
    spring semester's 2027-01-05 to 2027-06-03) has dates, in a form no setting reads: F434, an
    error counted against the export, naming the day the serial stands for. As F407 ('no dates
    yet', a warning) the spring classes left the set at exit 0 (tester43 F4)."""
    kept, report = kept_by_terms(make_plan(), [klass("C1", FALL), klass("C2", ("46392", "46541", "Spring"))], tmp_path)
    assert kept == ["C1"]
    assert count(report, "term-dates-invalid") == 0
    [said] = report.examples["F434"]
    assert said.params["value"] == "46392"
    assert "a spreadsheet's date serial, for 2027-01-05 (D382)" in said.message
    assert report.left_out.error_rows(said.where.file) == 1


def test_a_typo_in_a_term_that_starts_after_the_as_of_date_is_no_error_tonight(tmp_path: Path) -> None:
    """A summer term of 06/14/2027 to 08/32/2027 in October: its classes are not current whatever
    the typo; F407 (a warning), not an error refusing tonight's set (tester27 2)."""
    kept, report = kept_by_terms(
        make_plan(), [klass("C1", FALL), klass("C2", ("2027-06-14", "2027-08-32", "Summer"))], tmp_path
    )
    assert kept == ["C1"]
    assert count(report, "term-dates-invalid") == 1 and "F434" not in report.counts


@pytest.mark.parametrize(
    "placeholder",
    ["TBD", "NULL", "N/A", "-", "0/0/0", "0000-00-00", "00/00/0000", "June", "June 2027", "2027", "Q1"],
)
def test_a_term_date_not_set_yet_is_no_typo(tmp_path: Path, placeholder: str) -> None:
    """A summer term planned with its dates 'TBD' (or a SIS's zero date) has no dates yet, as a
    blank cell has: F407, a warning, not an error refusing the district (tester26 2.2)."""
    kept, report = kept_by_terms(
        make_plan(), [klass("C1", FALL), klass("C2", (placeholder, placeholder, "Summer"))], tmp_path
    )
    assert kept == ["C1"]
    assert count(report, "term-dates-invalid") == 1 and "F434" not in report.counts


def test_no_term_current_or_upcoming_is_nothing_due(tmp_path: Path) -> None:
    with pytest.raises(NothingDue) as due:
        kept_by_terms(make_plan(as_of=dt.date(2027, 6, 20)), [klass("C1", SPRING)], tmp_path)
    assert due.value.code_slug == "school-year-over"


def test_terms_named_on_the_command_line_replace_the_dates(tmp_path: Path) -> None:
    december = dt.date(2026, 12, 20)  # Fall ended on the 18th
    drafts = [klass("C1", FALL), klass("C2", SPRING)]
    kept, report = kept_by_terms(make_plan(terms=("spring",), as_of=december), drafts, tmp_path)
    assert kept == ["C2"]
    assert count(report, "term-not-selected") == 1
    with pytest.raises(TransformAbort):  # a typo is not an empty roster
        kept_by_terms(make_plan(terms=("Sprng",)), [klass("C1", SPRING)], tmp_path)


def test_a_running_term_left_out_by_term_is_refused(tmp_path: Path) -> None:
    """reviewer103 R1: a class of a term running tonight that --term leaves out, however few, and on
    a first set, refuses the run (X819); so does `--term spring` on 15 October, months before
    Spring starts (R4), and three days before the winter break (reviewer107 R1: no term is left out
    for ending soon). Named beside the next term, the running term's classes are kept."""
    for as_of in (AS_OF, dt.date(2026, 10, 1), dt.date(2026, 12, 15)):
        with pytest.raises(TransformAbort) as refused:
            kept_by_terms(make_plan(terms=("spring",), as_of=as_of), [klass("C1", FALL), klass("C2", SPRING)], tmp_path)
        [said] = refused.value.problems
        assert said.code.id == "X819" and "leaves out 'Fall', 2026-08-20 to 2026-12-18" in said.message
        assert "1 class of the exports (C1) in no term --term chose" in said.message
        assert "while its students are in class" in said.message and said.params["add"] == "--term Fall"
    plan = make_plan(terms=("spring", "fall"), as_of=dt.date(2026, 12, 15))  # the step followed
    kept, _ = kept_by_terms(plan, [klass("C1", FALL), klass("C2", SPRING)], tmp_path)
    assert kept == ["C1", "C2"]


def test_a_running_class_that_would_not_reach_remind_is_no_refusal(tmp_path: Path) -> None:
    """reviewer107 R2: X819 counts only the classes a night without --term publishes: a lunch the
    class exclusions drop, a class of a school not rostered and one no student is enrolled in tonight
    (`enrolled`, F412) are left out anyway."""
    plan = make_plan(terms=("spring",))
    lunch, empty = klass("L1", FALL, title="Lunch", **{"exclude:0": "Lunch"}), klass("E1", FALL)
    kept, _ = kept_by_terms(plan, [lunch, empty, klass("C2", SPRING)], tmp_path, enrolled=lambda ids: ids & {"L1"})
    assert kept == ["C2"]
    with pytest.raises(TransformAbort) as refused:  # the class with a student still refuses
        kept_by_terms(plan, [lunch, empty, klass("C2", SPRING)], tmp_path, enrolled=lambda ids: ids & {"E1", "L1"})
    assert "1 class of the exports (E1)" in refused.value.problems[0].message
    other = dataclasses.replace(plan, schools=frozenset({"100"}))
    kept, _ = kept_by_terms(other, [klass("C1", FALL, school="200"), klass("C2", SPRING)], tmp_path)
    assert kept == ["C2"]


def test_term_picks_a_term_at_the_schools_whose_classes_it_names(tmp_path: Path) -> None:
    """reviewer103 R3: `--term S2` names school 100's Spring (abbreviated S2); school 200
    abbreviates its Spring SEM2, which it does not choose: that Spring's start does not make school
    200's Winter class (ended before it, not running tonight) a term change --term asked for (X937);
    picked by name alone, it did ("Winter ends 2026-12-20, before Spring, chosen by --term")."""
    winter = ("2026-11-01", "2026-12-20", "Winter")
    drafts = [
        klass("C2", SPRING, term_abbreviation="S2"),
        klass("W1", winter, school="200", term_abbreviation="W"),
        klass("D2", SPRING, school="200", term_abbreviation="SEM2"),
    ]
    ended: dict[str, Ended] = {}
    kept, _ = kept_by_terms(make_plan(terms=("s2",)), drafts, tmp_path, ended=ended)
    assert kept == ["C2"] and ended == {}
    ended.clear()  # at school 100, its own Spring explains it
    drafts[1] = klass("W1", winter, term_abbreviation="W")
    kept_by_terms(make_plan(terms=("s2",)), drafts, tmp_path, ended=ended)
    assert ended["W1"].why == "Winter ends 2026-12-20, before Spring, chosen by --term, starts on 2027-01-05"


def test_a_term_named_on_the_command_line_is_this_school_years(tmp_path: Path) -> None:
    """After the rollover the terms export holds every year's "Fall": --term Fall took all of
    them (tester17 F3), and with enrolments undated, every year's classes were published."""
    last, upcoming = ("2025-08-21", "2025-12-19", "Fall"), ("2027-08-19", "2027-12-17", "Fall")
    drafts = [klass("OLD", last), klass("NOW", FALL), klass("NEXT", upcoming), klass("C2", SPRING)]
    kept, report = kept_by_terms(make_plan(terms=("fall",)), drafts, tmp_path)
    assert kept == ["NOW"]
    years = [p.message for p in report.examples["F411"] if p.where.record in ("OLD", "NEXT")]
    assert len(years) == 2 and all("(2026-08-20 to 2026-12-18)" in m for m in years)
    # In the summer, the next one.
    kept, _ = kept_by_terms(make_plan(terms=("fall",), as_of=dt.date(2027, 6, 20)), drafts, tmp_path)
    assert kept == ["NEXT"]


def excluded(plan: Plan, drafts: list[Draft]) -> tuple[list[str], Report]:
    report = Report()
    return [d.values["sourcedId"] for d in drop_excluded_classes(drafts, plan=plan, report=report)], report


def test_classes_matching_a_pattern_or_flagged_are_dropped_unless_kept() -> None:
    plan = make_plan()
    drafts = [
        klass("C1", FALL, title="Math 7", **{"exclude:0": "Math 7"}),
        klass("C2", FALL, title="LUNCH B", **{"exclude:0": "LUNCH B"}),
        klass("C3", FALL, title="Art", **{"exclude:0": "Art", "flag:skip": "Y"}),
        klass("C4", FALL, title="Lunch duty", **{"exclude:0": "Lunch duty", "keep": " Yes "}),
        klass("C5", FALL, **{"exclude:0": "x" * 1000 + " lunch"}),  # patterns see 1000 characters
    ]
    kept, report = excluded(plan, drafts)
    assert kept == ["C1", "C4", "C5"]
    assert count(report, "class-excluded-pattern") == 2


def test_without_exclusions_every_class_passes() -> None:
    plan = make_plan(filters={})
    assert plan.exclude is None and plan.current_term is None
    kept, report = excluded(plan, [klass("C1", FALL, **{"exclude:0": "lunch"})])
    assert kept == ["C1"] and not report.counts
