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
from pathlib import Path

import pytest

from tests import test_new_profile_looks as harbor
from transform import api
from transform.pipeline import new_profile_stops

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


def test_next_semester_s_sections_added_on_a_later_night_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first set of the fall's classes only (I226, exit 0); in December the SIS adds the spring's
    sections: published at exit 0 with I274 as info (reviewer148 R3). They are new tonight, so a
    refusal keeps them out of Remind: refused as a first set's are (I228)."""
    folder = _sections(tmp_path, monkeypatch, S1)
    assert harbor._run(folder, tmp_path / "out").exit_status == 0
    later = _sections(tmp_path / "later", monkeypatch, S1, S2, S2)
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1))
    (stop,) = result.problems
    assert stop.code.id == "I228" and not result.report.published
    assert stop.params["when"] == "a set that adds 2 of them to the last published one,"
    assert _titles(tmp_path / "out") == {"English 9", "Spanish I", "Algebra I"}


@pytest.mark.parametrize("rekeyed", [False, True], ids=["one-more-section", "re-keyed"])
def test_classes_of_a_term_the_last_set_held_are_not_refused_as_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rekeyed: bool
) -> None:
    """A set published before I228 (both semesters' classes, I274): in October one more spring section, or the
    spring's sections given new IDs, was refused as 'new' by its class ID (reviewer155 R3, r_upgrade.py). Of
    a term the last set held classes of, they are not: published, I274 said as before."""
    with monkeypatch.context() as before:  # the tool before I228
        before.setattr(new_profile_stops, "check", lambda *_, **__: None)
        assert harbor._run(_sections(tmp_path, monkeypatch, S1, S2, S2), tmp_path / "out").report.published
    later = _sections(tmp_path / "later", monkeypatch, S1, S2, S2, S2)
    if rekeyed:
        sections = [(f"R{key}" if key in ("C5", "C6") else key, *rest) for key, *rest in harbor.SECTIONS]
        monkeypatch.setattr(harbor, "SECTIONS", sections[:-1])
        later = harbor._district(tmp_path / "rekeyed", term="")
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 10, 16))
    assert "I228" not in result.report.counts and "I274" in result.report.counts, [str(p) for p in result.problems]
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
