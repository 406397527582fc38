"""A new profile with no filters.current_term, judged by the exports' term dates (newcomer48, stop
47's left-open item): I274 held every first set for a person (exit 1) whatever the export held, so
a district whose SIS exports the current term's sections only got exit 1 once, until it wrote
`current_term: {enabled: false}`.

- Every class published in a term covering the run's date (the sections' own TermStart/TermEnd):
  nothing of another term went out, published at exit 0, said as I226.
- A class of next semester published: I274 stays, exit 1, naming how many classes and which term.
- A terms export every term of which covers the run's date (one term): I226; one listing the next
  semester too (its classes may be published): I274, naming the terms."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from tests import test_new_profile_looks as harbor
from transform import api
from transform.pipeline import held_back, new_profile_stops
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

S1 = ("S1", "08/20/2026", "01/15/2027")
S2 = ("S2", "01/19/2027", "06/04/2027")


def _district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *terms: tuple[str, str, str]) -> Path:
    """Harbor High's four sections of the first semester (and study hall), and a fifth, Geometry,
    of the terms given after the first."""
    sections = [(key, title, *terms[0]) for key, title, *_ in harbor.SECTIONS[:4]]
    sections += [("C5", "Geometry", *term) for term in terms[1:]]
    monkeypatch.setattr(harbor, "SECTIONS", sections)
    return harbor._district(tmp_path, term="")


def _titles(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["title"] for row in csv.DictReader(handle)}


def test_an_export_of_the_current_term_only_publishes_a_first_set_at_exit_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _district(tmp_path, monkeypatch, S1, S1)
    result = harbor._run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert _titles(tmp_path / "out") == {"English 9", "Spanish I", "Algebra I", "Geometry"}
    assert "I274" not in result.report.counts
    (said,) = result.report.examples["I226"]
    assert said.params["as_of"] == "2026-10-15"
    assert said.params["terms"] == "S1 (2026-08-20 to 2027-01-15): 4"


def test_a_class_of_next_semester_published_is_named_and_held_for_a_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _district(tmp_path, monkeypatch, S1, S2)
    result = harbor._run(folder, tmp_path / "out")
    assert not result.report.published and result.exit_status == 1  # a first set: refused (I228)
    assert [p.code.id for p in result.problems] == ["I228"]
    assert "I226" not in result.report.counts
    (said,) = result.report.examples["I274"]
    assert str(said).endswith(
        "those of ended and later terms too; 1 of the 4 classes published are of terms not running "
        "on 2026-10-15 (neither covering it nor, out of term, the first to start within 21 days): "
        "S2 (2027-01-19 to 2027-06-04): 1"
    )


def test_a_class_of_an_ended_term_is_named_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summer = ("Summer", "06/15/2026", "07/31/2026")
    folder = _district(tmp_path, monkeypatch, S1, summer)
    result = harbor._run(folder, tmp_path / "out")
    assert result.exit_status == 1
    (said,) = result.report.examples["I274"]
    assert "Summer (2026-06-15 to 2026-07-31): 1" in str(said)


def test_the_study_hall_left_out_is_no_class_of_another_term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The study hall's row is of the spring, and the district's pattern leaves it out: not published.
    folder = _district(tmp_path, monkeypatch, S1)
    text = (folder / "ex" / "Sections.csv").read_text(encoding="utf-8")
    (folder / "ex" / "Sections.csv").write_text(
        text.replace("C4,205,SH Period 3,T1,S1,08/20/2026,01/15/2027", "C4,205,SH Period 3,T1,S2,01/19/2027,06/04/2027")
    )
    result = harbor._run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert result.report.examples["I226"][0].params["terms"] == "S1 (2026-08-20 to 2027-01-15): 3"


TERMS_SOURCE = "  terms: {files: [Terms.csv], columns: [TermCode, FirstDay, LastDay]}\n"


def _with_terms_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *terms: tuple[str, str, str]) -> Path:
    """Sections without dates of their own, and a terms export listing `terms` (no rule reads it)."""
    folder = _district(tmp_path, monkeypatch, S1)
    profile = folder / "harbor.yaml"
    text = profile.read_text(encoding="utf-8").replace(", Term, TermStart, TermEnd]", ", Term]")
    profile.write_text(text.replace("tables:\n", TERMS_SOURCE + "tables:\n", 1), encoding="utf-8")
    rows = [["TermCode", "FirstDay", "LastDay"], *terms]
    with (folder / "ex" / "Terms.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return folder


def test_a_terms_export_of_one_current_term_publishes_at_exit_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _with_terms_export(tmp_path, monkeypatch, S1)
    _, problems = api.check_profile(str(folder / "harbor.yaml"), hints=True)
    assert [p.params["source"] for p in problems if p.code.id == "I274"] == ["terms"]
    result = harbor._run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert result.report.examples["I226"][0].params["terms"] == "S1 (2026-08-20 to 2027-01-15): 1"


def test_a_terms_export_listing_next_semester_too_is_held_for_a_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _with_terms_export(tmp_path, monkeypatch, S1, S2)
    result = harbor._run(folder, tmp_path / "out")
    assert result.report.published and result.exit_status == 1
    (said,) = result.report.examples["I274"]
    assert (
        "; 1 of the 2 rows of Terms.csv are terms not running on 2026-10-15 (neither covering it nor, out "
        "of term, the first to start within 21 days): S2 (2027-01-19 to 2027-06-04): 1" in str(said)
    )


def test_a_date_no_setting_reads_is_no_current_term(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _district(tmp_path, monkeypatch, S1, ("S1", "08/20/2026", "TBD"))
    result = harbor._run(folder, tmp_path / "out", dt.date(2026, 10, 15))
    assert result.exit_status == 1
    (said,) = result.report.examples["I274"]
    assert "S1 ('08/20/2026' to 'TBD', dates not read): 1" in str(said)


def test_the_join_the_message_gives_keeps_the_current_term_s_classes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A terms export sharing the sections' Term column: I274 gives the join and the filter to write
    # ("through a join" left a new admin to find how: newcomer48). Written as said, the run keeps
    # the fall's classes only.
    folder = _district(tmp_path, monkeypatch, S1, S2)
    profile = folder / "harbor.yaml"
    text = profile.read_text(encoding="utf-8").replace(", Term, TermStart, TermEnd]", ", Term]")
    terms = "  terms: {files: [Terms.csv], columns: [Term, FirstDay, LastDay]}\n"
    profile.write_text(text.replace("tables:\n", terms + "tables:\n", 1), encoding="utf-8")
    with (folder / "ex" / "Terms.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Term", "FirstDay", "LastDay"], S1, S2])
    (said,) = [p for p in api.check_profile(str(profile), hints=True)[1] if p.code.id == "I274"]
    join = "join: {term: {source: terms, on: {Term: Term}}}"
    term = 'current_term: {start: "{term.FirstDay}", end: "{term.LastDay}"}'
    assert said.params["hint"] == (
        f"; to keep the current term's, join tables.classes.sections to it ({join}) and write filters: {{{term}}}"
    )
    text = profile.read_text(encoding="utf-8")
    text = text.replace("      from: sections\n", f"      from: sections\n      {join}\n", 1)
    profile.write_text(text.replace("filters:\n", f"filters:\n  {term}\n", 1), encoding="utf-8")
    assert not [p for p in api.check_profile(str(profile), hints=True)[1] if p.code.id == "I274"]
    result = harbor._run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert _titles(tmp_path / "out") == {"English 9", "Spanish I", "Algebra I"}


def _with_shared_terms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *sections: tuple[str, str, str]) -> Path:
    """Sections without dates of their own, and a terms export of the whole year (S1, S2) sharing their
    Term column, which no rule reads (tester74 T4)."""
    folder = _district(tmp_path, monkeypatch, *sections)
    profile = folder / "harbor.yaml"
    text = profile.read_text(encoding="utf-8").replace(", Term, TermStart, TermEnd]", ", Term]")
    terms = "  terms: {files: [Terms.csv], columns: [Term, FirstDay, LastDay]}\n"
    profile.write_text(text.replace("tables:\n", terms + "tables:\n", 1), encoding="utf-8")
    with (folder / "ex" / "Terms.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Term", "FirstDay", "LastDay"], S1, S2])
    return folder


def test_a_whole_year_s_terms_export_beside_the_current_term_s_classes_publishes_at_exit_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The classes published are counted by the term their Term names, not the terms export's rows:
    every one of S1, so no class of another term went out (it was I274, exit 1, for S2's row)."""
    result = harbor._run(_with_shared_terms(tmp_path, monkeypatch, S1), tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "I274" not in result.report.counts
    assert result.report.examples["I226"][0].params["terms"] == "S1 (2026-08-20 to 2027-01-15): 3"


def test_next_semester_s_class_joined_to_a_terms_export_refuses_a_first_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spring class published in October, its dates in the terms export only (tester74 T4: published,
    exit 1): a first set is refused, I228 naming the class count and the join to write."""
    result = harbor._run(_with_shared_terms(tmp_path, monkeypatch, S1, S2), tmp_path / "out")
    assert not result.report.published and result.exit_status == 1
    (stop,) = result.problems
    assert stop.code.id == "I228"
    assert "1 of the 4 classes published are of terms not running on 2026-10-15" in str(stop)
    assert "join tables.classes.sections to it" in str(stop.params["step"])


def _two_calendars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, column: str, cells: tuple[str, str]) -> str:
    """Two schools' calendars both naming S1 in Terms.csv, told apart by `column`; the join reads Term
    alone: the X866 the run says."""
    folder = _district(tmp_path, monkeypatch, S1)
    profile = folder / "harbor.yaml"
    text = profile.read_text(encoding="utf-8").replace(", Term, TermStart, TermEnd]", ", Term]")
    terms = f"  terms: {{files: [Terms.csv], columns: [Term, {column}, FirstDay, LastDay]}}\n"
    text = text.replace("tables:\n", terms + "tables:\n", 1)
    text = text.replace(
        "      from: sections\n", "      from: sections\n      join: {term: {source: terms, on: {Term: Term}}}\n"
    )
    profile.write_text(
        text.replace("filters:\n", 'filters:\n  current_term: {start: "{term.FirstDay}", end: "{term.LastDay}"}\n', 1),
        "utf-8",
    )
    with (folder / "ex" / "Terms.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [
                ["Term", column, "FirstDay", "LastDay"],
                ["S1", cells[0], *S1[1:]],
                ["S1", cells[1], "08/24/2026", "01/22/2027"],
            ]
        )
    result = harbor._run(folder, tmp_path / "out")
    (stop,) = [p for p in result.problems if p.code.id == "X866"]
    return str(stop)


def test_a_term_join_leaving_out_the_school_column_is_named_by_x866(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two schools' calendars both name S1, and the join reads Term alone: refused (X866), and the words
    blamed the export ('give each term its own ID'); they name the join's missing Bldg now (tester74 T6)."""
    stop = _two_calendars(tmp_path, monkeypatch, "Bldg", ("205", "310"))
    assert "the join on Terms.csv reads Term alone and leaves out Bldg, which tells these rows apart" in str(stop)
    assert "(on: {Bldg: Bldg, Term: Term}" in str(stop)
    assert "give each term its own ID" not in str(stop)


def test_x866_names_the_column_the_sections_export_writes_otherwise_or_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tester74 T6: the column telling the calendars apart named otherwise in Sections.csv (Building, Bldg),
    or not in it at all (Calendar): the words blamed the export's term IDs; they name the file and column."""
    renamed = _two_calendars(tmp_path / "a", monkeypatch, "Building", ("205", "310"))
    assert "leaves out Building, which tells these rows apart and which Sections.csv has too (written Bldg" in renamed
    assert "(on: {Bldg: Building, Term: Term}" in renamed
    missing = _two_calendars(tmp_path / "b", monkeypatch, "Calendar", ("North", "South"))
    assert (
        "its rows differ by Calendar, which Sections.csv has no column for: add Calendar to the Sections.csv "
        in missing
    )
    assert (
        "then to sources.sections.columns and the join's on in the profile (on: {Calendar: Calendar, Term: Term})"
        in (missing)
    )


# reviewer148's terms: a fall and a spring semester around a winter break, and the year they make
FALL = ("S1", "08/20/2026", "12/18/2026")
SPRING = ("S2", "01/05/2027", "06/04/2027")
YEAR = ("YR", "08/20/2026", "06/04/2027")


def _sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *terms: tuple[str, str, str], term: str = "") -> Path:
    """Harbor High's four sections (the study hall left out) in terms[0], and one more class in each other term."""
    sections = [(key, title, *terms[0]) for key, title, *_ in harbor.SECTIONS[:4]]
    sections += [(f"C{5 + n}", f"Elective {n}", *other) for n, other in enumerate(terms[1:])]
    monkeypatch.setattr(harbor, "SECTIONS", sections)
    return harbor._district(tmp_path, term=term)


@pytest.mark.parametrize(
    ("terms", "as_of"),
    [((FALL,), dt.date(2026, 8, 10)), ((SPRING,), dt.date(2026, 12, 28))],
    ids=["august-before-the-fall", "winter-break-before-the-spring"],
)
def test_a_term_starting_within_the_window_is_running_as_the_filter_judges_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terms: tuple[tuple[str, str, str], ...], as_of: dt.date
) -> None:
    """A district onboarding in August exports the fall's sections, ten days before they start: the
    term filter rosters them (within its 21 days), and I228 refused them as 'not running' (reviewer148
    R1): the most common first night refused. Likewise the spring's sections over the winter break."""
    result = harbor._run(_sections(tmp_path, monkeypatch, *terms), tmp_path / "out", as_of)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "I226" in result.report.counts and "I274" not in result.report.counts


def test_the_winter_break_still_refuses_the_ended_semester_s_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Year-long classes with one of each semester over the winter break: the spring's is running (it
    starts within the window, as the filter keeps it), the fall's has ended: refused, naming it alone."""
    folder = _sections(tmp_path, monkeypatch, YEAR, FALL, SPRING)
    result = harbor._run(folder, tmp_path / "out", dt.date(2026, 12, 28))
    (stop,) = result.problems
    assert stop.code.id == "I228" and not result.report.published
    assert "1 of the 5 classes published are of terms not running on 2026-12-28" in str(stop)
    assert str(stop).split("days): ")[1].startswith("S1 (2026-08-20 to 2026-12-18): 1;")


def test_the_step_writes_the_filter_line_for_the_classes_own_term_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """I228's step named 'the term's start and end date columns' where it had found them (reviewer148 R4):
    it writes the line, and the line written as given keeps the fall's classes."""
    folder = _district(tmp_path, monkeypatch, S1, S2)
    (stop,) = harbor._run(folder, tmp_path / "out").problems
    line = 'current_term: {start: "{TermStart}", end: "{TermEnd}"}'
    assert f"filters: {{{line}}}" in str(stop.params["step"])
    profile = folder / "harbor.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("filters:\n", f"filters:\n  {line}\n"), "utf-8")
    result = harbor._run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert _titles(tmp_path / "out") == {"English 9", "Spanish I", "Algebra I"}


def test_the_first_set_after_the_profile_changed_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A set published with the term filter; the admin takes it out: the first set since is refused
    (I228's `profile_changed` way, reviewer148 R5), the last set kept."""
    folder = _sections(tmp_path, monkeypatch, S1, S2, term=harbor.TERM)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    profile = folder / "harbor.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(harbor.TERM, ""), "utf-8")
    result = harbor._run(folder, tmp_path / "out", dt.date(2026, 10, 16))
    (stop,) = result.problems
    assert (stop.code.id, stop.params["when"]) == ("I228", "the first set since the profile changed")
    assert "Elective 0" not in _titles(tmp_path / "out")


def _withdraw(folder: Path, student: str) -> None:
    path = folder / "ex" / "Students.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [[*row[:5], "Withdrawn"] if row[0] == student else row for row in csv.reader(handle)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _users(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_next_semester_s_sections_added_on_a_later_night_are_held_back_the_rest_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first set of the fall's classes only (I226, exit 0); in December the SIS adds the spring's sections.
    They were refused with the whole night (I228): a student withdrawn on Dec 1 stayed in Remind until the
    spring began or the admin wrote the filter (firstset61). Now the spring's classes and their enrolments are
    held back and the rest is published: said once (X801, exit 1), then each night (I233, exit 0); the night the
    spring runs they are published."""
    folder = _sections(tmp_path, monkeypatch, S1)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    later = _sections(tmp_path / "later", monkeypatch, S1, S2, S2)
    _withdraw(later, "50001")
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1))
    assert result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    (said,) = result.report.examples["X801"]
    assert (said.params["classes"], said.params["enrollments"]) == ("2", "60")  # 29 students and the teacher each
    assert "S2 (2027-01-19 to 2027-06-04): 2, held back until 2027-01-19" in str(said)
    assert 'filters: {current_term: {start: "{TermStart}", end: "{TermEnd}"}}' in str(said)
    assert "I274" not in result.report.counts and "I228" not in result.report.counts
    assert _titles(tmp_path / "out") == {"English 9", "Spanish I", "Algebra I"}
    assert "50001" not in _users(tmp_path / "out")  # the withdrawal published tonight
    assert result.report.rows_written["classes.csv"] == 3 and result.report.rows_written["enrollments.csv"] == 90
    again = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 2))
    assert again.report.published and again.exit_status == 0, [str(p) for p in again.problems]
    assert "X801" not in again.report.counts and again.report.examples["I233"][0].params["classes"] == "2"
    running = harbor._run(later, tmp_path / "out", dt.date(2027, 1, 19))
    assert running.report.published and running.exit_status == 0, [str(p) for p in running.problems]
    assert {"Elective 0", "Elective 1"} <= _titles(tmp_path / "out") and "I233" not in running.report.counts


def test_i274_counts_the_classes_published_not_those_held_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """review169 R4: over the winter break (the fall ended Dec 18) with the spring's section held back, I274 said
    '4 of the 4 classes published are of terms not running ... (1 of them held back tonight)' where 3 were
    published: it counts what is published, the held-back class said beside."""
    assert harbor._run(_sections(tmp_path, monkeypatch, FALL), tmp_path / "out").exit_status == 0
    later = _sections(tmp_path / "later", monkeypatch, FALL, S2)
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 19))
    assert result.report.published and result.report.counts.get("X801") == 1, [str(p) for p in result.problems]
    (said,) = result.report.examples["I274"]
    assert "; 3 of the 3 classes published are of terms not running on 2026-12-19 (" in str(said)
    assert str(said).endswith("S1 (2026-08-20 to 2026-12-18): 3 (besides the 1 class held back tonight: X801)")


def _bay(folder: Path, *sections: tuple[str, str, str, str]) -> Path:
    """Bay Academy (school 310) added to a Harbor district folder: its teacher, five students each in every section."""
    added = {
        "Buildings.csv": [["310", "Bay Academy"]],
        "Staff.csv": [["T2", "Cole", "Ann", "acole@harbor.example.org", "310"]],
        "Sections.csv": [[key, "310", title, "T2", *term] for key, title, *term in sections],
        "Students.csv": [[str(60001 + n), f"Bay{n}", f"Kid{n}", "2011-03-14", "310", "Enrolled"] for n in range(5)],
        "Schedule.csv": [[str(60001 + n), key, "310"] for n in range(5) for key, *_ in sections],
    }
    for name, rows in added.items():
        with (folder / "ex" / name).open("a", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def test_each_school_s_spring_is_judged_by_its_own_calendar_on_a_later_night(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reviewer155 R1 on a later night: both schools over the winter break add their spring sections, Bay
    Academy's starting Jan 7, Harbor High's Jan 11: each running at its school, published, none held back."""
    bay_fall = ("S1", "08/10/2026", "12/22/2026")
    folder = _bay(_sections(tmp_path, monkeypatch, FALL), ("B1", "BA Art", *bay_fall))
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    spring = ("S2", "01/11/2027", "06/04/2027")
    later = _sections(tmp_path / "later", monkeypatch, FALL, spring, spring)
    _bay(later, ("B1", "BA Art", *bay_fall), ("B2", "BA History", "S2", "01/07/2027", "05/28/2027"))
    result = harbor._run(later, tmp_path / "out", dt.date(2027, 1, 5))
    assert result.report.published and result.exit_status == 0, [str(p) for p in result.problems]
    assert "X801" not in result.report.counts and {"Elective 0", "BA History"} <= _titles(tmp_path / "out")


def test_a_term_held_at_one_school_is_new_at_another(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A set published before I228 holding Bay Academy's spring classes; Harbor High adds its spring sections, of
    the same dates, in October: judged by the term alone they were 'of a term the last set held' and published;
    at Harbor High the term is new, held back as any school's."""
    with monkeypatch.context() as before:  # the tool before I228
        before.setattr(new_profile_stops, "check", lambda *_, **__: None)
        folder = _bay(_sections(tmp_path, monkeypatch, S1), ("B1", "BA Art", *S1), ("B2", "BA History", *S2))
        assert harbor._run(folder, tmp_path / "out").report.published
    later = _sections(tmp_path / "later", monkeypatch, S1, S2, S2)
    _bay(later, ("B1", "BA Art", *S1), ("B2", "BA History", *S2))
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 10, 16))
    assert result.report.published and result.report.examples["X801"][0].params["classes"] == "2"
    assert "Elective 0" not in _titles(tmp_path / "out") and "BA History" in _titles(tmp_path / "out")


def test_a_held_term_whose_first_day_has_come_is_asked_again_not_held_for_good(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """firstset61 R2: a spring held back on Dec 1 until Jan 19 (a short term, Jan 19-25), the nights between skipped:
    on Jan 26 it is still held back, ended. It was I233 at exit 0 ('ended: held back for good' beside 'published
    when their term runs'); the day it waited for has come: asked again (X801, exit 1), said as left out."""
    year = ("Y", "08/20/2026", "06/04/2027")  # the school's classes running all year: asked for the term alone
    folder = _sections(tmp_path, monkeypatch, year)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    later = _sections(tmp_path / "later", monkeypatch, year, ("S2", "01/19/2027", "01/25/2027"))
    assert harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1)).report.counts.get("X801") == 1
    result = harbor._run(later, tmp_path / "out", dt.date(2027, 1, 26))
    assert result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    assert "I233" not in result.report.counts
    (said,) = result.report.examples["X801"]
    assert "held back until 2027-01-19, which has come, and still not running: ended on 2027-01-25: left out" in str(
        said
    )
    assert "school 205" in str(said) and "published when" not in str(said)
    # review162 R2: the day waited for is kept once it has passed (last.json), so the next night asks again too
    again = harbor._run(later, tmp_path / "out", dt.date(2027, 1, 27))
    assert (
        again.exit_status == 1
        and "I233" not in again.report.counts
        and "which has come" in str(again.report.examples["X801"][0])
    )


@pytest.mark.parametrize(
    ("held", "fate"),
    [
        (("S2", "01/19/2026", "06/04/2026"), "S2 (2026-01-19 to 2026-06-04): 1, ended on 2026-06-04: left out"),
        (("S9", "", ""), "its dates not read: held back until the profile says which classes are meant"),
    ],
    ids=["a-spring-typed-a-year-early", "dates-not-read"],
)
def test_a_held_term_ended_or_undated_is_asked_every_night(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: tuple[str, str, str], fate: str
) -> None:
    """review169 R1 R2: at a school whose year-long classes run, a spring typed a year early (ended) or a section
    whose term dates were not read was asked once (X801), then I233 at exit 0 for good: its classes never went out
    and nobody was asked again. The term's fate decides the ask: asked (X801, exit 1) every night."""
    year = ("Y", "08/20/2026", "06/04/2027")
    folder = _sections(tmp_path, monkeypatch, year)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    later = _sections(tmp_path / "later", monkeypatch, year, held)
    assert harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1)).report.counts.get("X801") == 1
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 2))
    assert result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    assert "I233" not in result.report.counts and fate in str(result.report.examples["X801"][0])


def test_a_held_term_ending_before_it_starts_is_asked_every_night(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """firstset61 R2: the spring's end typed with last year's year (Jan 19, 2027 to Jun 4, 2026) can never run: said
    as dates that look wrong, at exit 1 each night (it was I233 at exit 0 from the second night, for good)."""
    folder = _sections(tmp_path, monkeypatch, S1)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    later = _sections(tmp_path / "later", monkeypatch, S1, ("S2", "01/19/2027", "06/04/2026"))
    assert harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1)).exit_status == 1
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 2))
    assert result.report.published and result.exit_status == 1 and "I233" not in result.report.counts
    assert "its end is before its start: the dates look wrong" in str(result.report.examples["X801"][0])


def test_a_school_publishing_no_running_class_while_holding_one_back_is_asked_every_night(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review162 R1: the spring's sections added Dec 1 typed with last year's dates (ended: left out, X801, then
    I233). From Jan 19, the spring's real first day, the school published only the ended fall's classes, at exit 0
    each night (I233). Asked (X801, exit 1) every night the school publishes no class of a term running tonight."""
    folder = _sections(tmp_path, monkeypatch, S1)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    later = _sections(tmp_path / "later", monkeypatch, S1, ("S2", "01/19/2026", "06/04/2026"))
    assert harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1)).report.counts.get("X801") == 1
    result = harbor._run(later, tmp_path / "out", dt.date(2027, 1, 19))
    assert result.report.published and result.exit_status == 1 and "I233" not in result.report.counts
    (said,) = result.report.examples["X801"]
    assert "school 205 (Harbor High School) publishes no class of a term running tonight" in str(said)


def test_a_held_term_a_year_late_is_asked_every_night_a_long_break_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review162 R1: a spring of Jan 25 held over a break from Dec 18 (the school publishing the ended fall only)
    stays I233 at exit 0; a term typed a year late (2028) was held until then at exit 0 through the real spring:
    asked each night it starts more than a year on."""
    folder = _sections(tmp_path, monkeypatch, FALL)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    spring = ("S2", "01/25/2027", "06/04/2027")
    later = _sections(tmp_path / "later", monkeypatch, FALL, spring)
    assert harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1)).report.counts.get("X801") == 1
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 21))
    assert result.report.published and result.exit_status == 0, [str(p) for p in result.problems]
    assert result.report.counts.get("I233") == 1
    late = _sections(tmp_path / "late", monkeypatch, FALL, spring, ("S3", "01/25/2028", "06/04/2028"))
    assert harbor._run(late, tmp_path / "out", dt.date(2026, 12, 22)).report.counts.get("X801") == 1
    result = harbor._run(late, tmp_path / "out", dt.date(2026, 12, 23))
    assert result.report.published and result.exit_status == 1 and "I233" not in result.report.counts
    assert "S3 (2028-01-25 to 2028-06-04): 1, held back until 2028-01-25, more than a year away" in str(
        result.report.examples["X801"][0]
    )


@pytest.mark.parametrize(
    "published",
    [("S1", "08/20/2025", "12/18/2025"), ("S1", "", "")],
    ids=["its-last-term-over-a-year-before-the-held-one", "its-published-terms-undated"],
)
def test_a_school_publishing_no_running_class_is_no_break_past_a_year_or_undated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, published: tuple[str, str, str]
) -> None:
    """review169 R3: a school publishing only its last set's classes of a term not running, and holding a spring of
    Jan 19 back, is on a break only where that spring starts within a year of the last day of what it publishes:
    not after a fall that ended in 2025 (`_far` in `_idle`), nor after terms whose dates were not read (the
    `bool(since)` guard). Asked each night (X801, exit 1), not I233."""
    with monkeypatch.context() as before:  # a last set of terms not running tonight (the tool before I228)
        before.setattr(new_profile_stops, "check", lambda *_, **__: None)
        folder = _sections(tmp_path, monkeypatch, published)
        assert harbor._run(folder, tmp_path / "out", dt.date(2025, 10, 15)).report.published
    later = _sections(tmp_path / "later", monkeypatch, published, S2)
    assert harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1)).report.counts.get("X801") == 1
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 2))
    assert result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    assert "publishes no class of a term running tonight" in str(result.report.examples["X801"][0])


def test_a_school_new_to_the_set_opening_next_term_is_asked_once_then_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """firstset61d: Bay Academy, new to the set and opening in January, its spring sections exported Dec 1: it
    publishes no class and has no earlier term to call the wait a break, so R1 asked X801 (exit 1) every night
    until the term ran. As a break: asked once, then I233 at exit 0."""
    folder = _sections(tmp_path, monkeypatch, S1)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    later = _bay(_sections(tmp_path / "later", monkeypatch, S1), ("B1", "BA Art", *S2))
    assert harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1)).report.counts.get("X801") == 1
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 2))
    assert result.report.published and result.exit_status == 0, [str(p) for p in result.problems]
    (said,) = result.report.examples["I233"]
    assert "still-held-back: tables.classes: 1 class at school 310 (Bay Academy) of terms" in str(said)
    assert "is held back with its 6 enrolments again (S2 (2027-01-19 to 2027-06-04): 1, held back until" in str(said)


def test_holding_back_never_leaves_a_school_of_the_last_set_with_no_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """firstset61 R3: a SIS switched on Jan 19 to the spring's sections, typed with last year's dates (ended): every
    class of the school read as held back; --allow-rollover (X906's step) published it with no class, then I233 at
    exit 0 every night, 30 students in no class. Refused (I228): the dates look wrong; the flag does not pass it."""
    folder = _sections(tmp_path, monkeypatch, S1)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    spring = ("S2", "01/19/2026", "06/04/2026")
    monkeypatch.setattr(harbor, "SECTIONS", [(f"C2{n}", f"Spring {n}", *spring) for n in range(3)])
    later = harbor._district(tmp_path / "later", term="")
    plain = harbor._run(later, tmp_path / "out", dt.date(2027, 1, 19))  # R4: X906 offers no flag that cannot pass
    assert "I228" in plain.report.counts and "X906" in plain.report.counts
    assert "publishes it anyway" not in str(plain.report.examples["X906"][0])
    result = api.run(
        api.RunOptions(
            profile=str(later / "harbor.yaml"),
            in_dir=later / "ex",
            out_dir=tmp_path / "out",
            as_of=dt.date(2027, 1, 19),
            allow_rollover=True,
        )
    )
    assert not result.report.published and result.exit_status == 1
    (stop,) = result.report.examples["I228"]
    assert "would leave school 205 (Harbor High School) with no class" in str(stop)
    assert "may be wrong, or the export holds no class of a term running tonight" in str(stop)
    assert "X801" not in result.report.counts and "I233" not in result.report.counts


def test_a_night_refused_after_holding_classes_back_says_nothing_of_it_is_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review162 R3: the api's wiring of held_back.refused and held_words, end to end. Dec 1 the spring's sections
    are added and the schedule export is cut short (the fall's enrolments of all but five students gone): refused
    (X906). X801 says nothing of tonight's set is published, and X906 that the classes held back are not in it."""
    folder = _sections(tmp_path, monkeypatch, S1)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    later = _sections(tmp_path / "later", monkeypatch, S1, S2)
    path = later / "ex" / "Schedule.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [row for row in rows if row[1] == "C5" or row[0] in {"StuNum", *[str(50001 + n) for n in range(5)]}]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(kept)
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1))
    assert not result.report.published and result.exit_status == 1
    (x801,) = result.report.examples["X801"]
    assert "nothing of tonight's set is published" in str(x801) and held_back.PUBLISHED not in str(x801)
    (x906,) = result.report.examples["X906"]
    assert "the 1 class of a term not running held back tonight with its enrolments (X801) is not in it" in str(x906)


def test_a_refused_night_s_held_back_classes_do_not_say_the_rest_is_published() -> None:
    """firstset61 R5: X801 said 'the rest of tonight's set is published' on a night the gate then refused."""
    report = Report()
    said = {"path": "p", "classes": "2", "enrollments": "60", "schools": "school 205", "terms": "S2", "step": "s"}
    said |= {"counted": "2 classes", "held": "are held back with their 60 enrolments"}
    report.add(codes.code("classes-other-terms-held-back"), Where(), **said, outcome=held_back.PUBLISHED)
    held_back.refused(report)
    (x801,) = report.examples["X801"]
    assert "the rest of tonight's set is published" not in str(x801)
    assert "nothing of tonight's set is published" in str(x801)


def test_a_damaged_record_of_the_terms_held_back_is_not_read_past() -> None:
    assert held_back.damage({}) == "" and held_back.damage({"held_back": [["205", "S2 (2027-01-19 to ...)"]]}) == ""
    assert held_back.damage({"held_back": "S2"}) and held_back.damage({"held_back": [["205"]]})


@pytest.mark.parametrize("rekeyed", [False, True], ids=["one-more-section", "re-keyed"])
def test_classes_of_a_term_the_last_set_held_are_not_refused_as_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rekeyed: bool
) -> None:
    """A set published before I228 (both semesters' classes, I274): in October one more spring section, or the
    spring's sections given new IDs, was refused as 'new' by its class ID (reviewer155 R3, r_upgrade.py). Of
    a term the last set held classes of, they are not refused. That set's spring was published on a night
    nobody judged it (no hold-back): it is not recorded a term published (review177 R1), so its new sections
    are held back and asked (X801), the classes of the last set published by their IDs."""
    with monkeypatch.context() as before:  # the tool before I228
        before.setattr(new_profile_stops, "check", lambda *_, **__: None)
        assert harbor._run(_sections(tmp_path, monkeypatch, S1, S2, S2), tmp_path / "out").report.published
    later = _sections(tmp_path / "later", monkeypatch, S1, S2, S2, S2)
    if rekeyed:
        sections = [(f"R{key}" if key in ("C5", "C6") else key, *rest) for key, *rest in harbor.SECTIONS]
        monkeypatch.setattr(harbor, "SECTIONS", sections[:-1])
        later = harbor._district(tmp_path / "rekeyed", term="")
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 10, 16))
    assert "I228" not in result.report.counts and "X801" in result.report.counts, [str(p) for p in result.problems]
    # re-keyed: 2 of 5 classes removed, the removal gate's to judge (X906), not I228's
    assert result.report.published != rekeyed and rekeyed == ("X906" in result.report.counts)


def test_each_school_s_spring_is_judged_by_its_own_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two schools over the winter break, an export of their spring sections only: Bay Academy's spring
    starting Jan 7 made Harbor High's, starting Jan 11, 'not running' (the district judged as one school),
    and the first set was refused (reviewer155 R1, r_schools2.py); the filter judges each school apart."""
    spring = ("S2", "01/11/2027", "06/04/2027")
    folder = _sections(tmp_path, monkeypatch, spring)
    exports = folder / "ex"
    added = {
        "Buildings.csv": [["310", "Bay Academy"]],
        "Staff.csv": [["T2", "Cole", "Ann", "acole@harbor.example.org", "310"]],
        "Sections.csv": [["B1", "310", "BA Art", "T2", "S2", "01/07/2027", "05/28/2027"]],
        "Students.csv": [[str(60001 + n), f"Bay{n}", f"Kid{n}", "2011-03-14", "310", "Enrolled"] for n in range(5)],
        "Schedule.csv": [[str(60001 + n), "B1", "310"] for n in range(5)],
    }
    for name, rows in added.items():
        with (exports / name).open("a", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    result = harbor._run(folder, tmp_path / "out", dt.date(2027, 1, 5))
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "I226" in result.report.counts and "BA Art" in _titles(tmp_path / "out")


CYCLES = [["SchoolCode", "CycleCode", "StartDate", "EndDate"], ["205", *S1], ["205", *S2]]


def _cycles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, join: bool) -> Path:
    """Sections without dates of their own (Geometry of S2), the terms in an export named for nothing that says
    term (Genesis's AttendanceCycles.csv as `cycles`), its columns named otherwise than the sections' (SchoolCode,
    CycleCode for Bldg, Term). The classes rule joins it (`join`), or else the academicSessions rule reads it,
    the classes' termSourcedIds written as its sourcedId is."""
    folder = _district(tmp_path, monkeypatch, S1, S2)
    profile = folder / "harbor.yaml"
    text = profile.read_text(encoding="utf-8").replace(", Term, TermStart, TermEnd]", ", Term]")
    cycles = "  cycles: {files: [Cycles.csv], columns: [SchoolCode, CycleCode, StartDate, EndDate]}\n"
    text = text.replace("tables:\n", cycles + "tables:\n", 1)
    classes = "      from: sections\n"
    if join:
        classes += "      join: {term: {source: cycles, on: {Bldg: SchoolCode, Term: CycleCode}}}\n"
    classes += "      columns:\n        termSourcedIds: '{Bldg}-{Term}'\n"
    text = text.replace("      from: sections\n      columns:\n", classes, 1)
    sessions = (
        "  academicSessions:\n    terms:\n      from: cycles\n      columns:\n"
        "        sourcedId: '{SchoolCode}-{CycleCode}'\n"
        "        title: {column: CycleCode}\n        type: semester\n"
        "        startDate: {column: StartDate, clean: [date]}\n"
        "        endDate: {column: EndDate, clean: [date]}\n        schoolYear: '2027'\n"
    )
    profile.write_text(text if join else text.replace("filters:\n", f"{sessions}filters:\n", 1), encoding="utf-8")
    with (folder / "ex" / "Cycles.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(CYCLES)
    return folder


@pytest.mark.parametrize("join", [True, False], ids=["joined-by-the-classes", "read-by-academic-sessions"])
def test_a_terms_export_named_for_nothing_is_known_by_what_the_profile_does_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, join: bool
) -> None:
    """tester89 T1: no filters.current_term, the terms export named `cycles`: I274 knew a terms export by its name
    alone, and the spring's class was published in October at exit 0, said nowhere. Now the source the classes
    rule joins, or the academicSessions rules read, is the terms: said, and a first set is refused (I228), its
    classes counted through the join, or the key the templates share. The step carries the whole key (Term:
    CycleCode beside Bldg: SchoolCode; the columns shared by name alone led to X866); written as said, the fall only."""
    folder = _cycles(tmp_path, monkeypatch, join=join)
    profile = folder / "harbor.yaml"
    (said,) = [p for p in api.check_profile(str(profile), hints=True)[1] if p.code.id == "I274"]
    assert said.params["source"] == "cycles" and said.params["columns"] == "StartDate, EndDate"
    term = 'current_term: {start: "{term.StartDate}", end: "{term.EndDate}"}'
    joined = "join: {term: {source: cycles, on: {Bldg: SchoolCode, Term: CycleCode}}}"
    if join:
        assert said.params["hint"] == (
            f"; to keep the current term's, write filters: {{{term}}} (tables.classes.sections joins it as term)"
        )
    else:
        assert said.params["hint"] == (
            f"; to keep the current term's, join tables.classes.sections to it ({joined}) and write filters: {{{term}}}"
        )
    result = _run_target(folder, tmp_path / "out", join)
    assert not result.report.published and [p.code.id for p in result.problems] == ["I228"]
    assert "1 of the 4 classes published are of terms not running on 2026-10-15" in str(result.problems[0])
    assert "S2 (2027-01-19 to 2027-06-04): 1" in str(result.problems[0])  # the term's code, not the school's
    text = profile.read_text(encoding="utf-8")
    if not join:
        text = text.replace("      from: sections\n", f"      from: sections\n      {joined}\n", 1)
    profile.write_text(text.replace("filters:\n", f"filters:\n  {term}\n", 1), encoding="utf-8")
    result = _run_target(folder, tmp_path / "out2", join)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert _titles(tmp_path / "out2") == {"English 9", "Spanish I", "Algebra I"}


def _run_target(folder: Path, out: Path, remind: bool) -> api.RunResult:
    """The Remind set; or the strict one, which makes the academicSessions (and so reads the terms)."""
    options = api.RunOptions(profile=str(folder / "harbor.yaml"), in_dir=folder / "ex", out_dir=out, as_of=harbor.AS_OF)
    return api.run(options if remind else replace(options, target="oneroster"))


def test_a_staff_export_the_classes_join_is_no_terms_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A source joined by the classes rule is the terms only with a start and an end date: the staff's First and
    Last name are no term's (every profile joining its teachers would have been told to filter by them)."""
    folder = _district(tmp_path, monkeypatch, S1)
    profile = folder / "harbor.yaml"
    text = profile.read_text(encoding="utf-8").replace(", Term, TermStart, TermEnd]", ", Term]")
    text = text.replace("[EmpID, LName, FName, Email, Bldg]", "[EmpID, LastName, FirstName, Email, Bldg]")
    text = text.replace(
        "      from: sections\n",
        "      from: sections\n      join: {teacher: {source: staff, on: {TchrEmpID: EmpID}}}\n",
        1,
    )
    text = text.replace("column: LName", "column: LastName").replace("column: FName", "column: FirstName")
    profile.write_text(text, encoding="utf-8")
    assert not [p for p in api.check_profile(str(profile), hints=True)[1] if p.code.id == "I274"]


@pytest.mark.parametrize(
    "ended", ["", "06/30/2029", "06/04/2027"], ids=["still-employed", "employment-years-long", "a-spring-contract"]
)
def test_a_staff_export_s_employment_dates_are_no_terms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ended: str
) -> None:
    """review202 R6: the classes rule joins the staff export, whose startDate and endDate are the teacher's
    employment. Taken for the terms by its column names, an honest export of the current term only was refused
    (I228, "filter by {teacher.startDate}"). Its rows are judged by their values: a person's span, open or years
    long, is no term, and the first set publishes at exit 0. A spring contract spans a term: the export is a
    people export as a users rule reads it (review205 R8a), whatever its dates."""
    folder = _district(tmp_path, monkeypatch, S1, S1)
    profile = folder / "harbor.yaml"
    text = profile.read_text(encoding="utf-8").replace(", Term, TermStart, TermEnd]", ", Term]")
    text = text.replace("[EmpID, LName, FName, Email, Bldg]", "[EmpID, LName, FName, Email, Bldg, startDate, endDate]")
    join = "      join: {teacher: {source: staff, on: {TchrEmpID: EmpID}}}\n"
    profile.write_text(text.replace("      from: sections\n", f"      from: sections\n{join}", 1), encoding="utf-8")
    staff = folder / "ex" / "Staff.csv"
    rows = list(csv.reader(staff.read_text(encoding="utf-8").splitlines()))
    began = "01/19/2027" if ended == "06/04/2027" else "08/25/2015"  # a spring contract: a term's span, a person's
    rows = [[*rows[0], "startDate", "endDate"], *[[*row, began, ended] for row in rows[1:]]]
    with staff.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    result = harbor._run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert not {"I274", "I228"} & set(result.report.counts)
    assert _titles(tmp_path / "out") == {"English 9", "Spanish I", "Algebra I", "Geometry"}
    # nor does check-profile advise filtering by the teacher's dates (review205 R5: followed, refused every night)
    assert not [p for p in api.check_profile(str(profile), hints=True)[1] if p.code.id == "I274"]


def test_a_joined_terms_export_s_dates_named_otherwise_are_its_terms_still(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review202 R4: the joined terms export's dates named cycleStart/cycleEnd (not date, day or beg) made it no
    terms export: the spring's class published in October at exit 0, said nowhere. Its rows' spans are terms'."""
    folder = _cycles(tmp_path, monkeypatch, join=True)
    for path in (folder / "harbor.yaml", folder / "ex" / "Cycles.csv"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("StartDate", "CycleStart").replace("EndDate", "CycleEnd"), encoding="utf-8")
    result = _run_target(folder, tmp_path / "out", True)
    assert not result.report.published and [p.code.id for p in result.problems] == ["I228"]
    assert "1 of the 4 classes published are of terms not running on 2026-10-15" in str(result.problems[0])
    step = "; only if the export holds the current term's classes only, write `current_term: {enabled: false}`"
    assert str(result.problems[0]).index("current_term: {start:") < str(result.problems[0]).index(step)
    # the filter first, the way out of an export of the current term only second (review205 R6)


@pytest.mark.parametrize("more", ["calendars", "undated"], ids=["a-calendar-per-school-and-year", "next-year-undated"])
def test_a_long_joined_terms_export_is_its_terms_still(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, more: str
) -> None:
    """review205 R2: a joined terms export of 30 rows (a calendar per school and year, each its own span) was taken
    for a people export by its spans per row, and one of 15 rows with 4 of next year's undated fell under the
    dated share: no I274, the spring's class published in October at exit 0. A people export is one a users
    rule reads; undated rows are no evidence against terms."""
    folder = _cycles(tmp_path, monkeypatch, join=True)
    rows = list(CYCLES)
    if more == "calendars":
        for school in range(300, 315):  # other schools, each its own days, this year and last
            for year in (2025, 2026):
                rows.append([str(school), "S1", f"08/{school - 290:02d}/{year}", f"01/{school - 290:02d}/{year + 1}"])
    else:
        rows += [["205", "S1-next", "", ""], ["205", "S2-next", "", ""]]
    with (folder / "ex" / "Cycles.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    result = _run_target(folder, tmp_path / "out", True)
    assert not result.report.published and [p.code.id for p in result.problems] == ["I228"], result.report.counts
