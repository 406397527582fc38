"""The columnar engine (pipeline.columnar) changes nothing but the time: every fixture district,
a synthetic one with the benchmark's traps and hostile variants give byte-identical files,
explain file and report with `--engine columnar` and `--engine python` (the reference)."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.case_runs import EACH_CASE, CaseRuns
from tests.conftest import FIXTURES
from transform import api
from transform.cleaners.ids import PLAIN_IDS_SCREEN, SCIENTIFIC, SUSPECT_IDS, guard_id
from transform.pipeline import columnar, read


def same(one: api.RunResult, two: api.RunResult, tmp_path: Path, names: tuple[str, str] = ("one", "two")) -> None:
    """The two runs' report, exit status, explain file and published files are the same."""
    same_at(one, two, *(tmp_path / n for n in names))


def same_at(one: api.RunResult, two: api.RunResult, a: Path, b: Path) -> None:
    """`same`, of runs published into the folders a and b (their explain files a.csv and b.csv)."""
    first, second = copy.deepcopy(one.report.to_dict()), copy.deepcopy(two.report.to_dict())
    for report in (first, second):
        for of_this_run in ("seconds", "worker", "columnar", "out", "ran_at", "duration_seconds"):
            report["facts"].pop(of_this_run, None)
    assert first == second
    assert one.exit_status == two.exit_status
    if a.with_suffix(".csv").exists():
        assert a.with_suffix(".csv").read_bytes() == b.with_suffix(".csv").read_bytes()
    written = sorted(p.name for p in a.iterdir()) if a.exists() else []
    assert written == (sorted(p.name for p in b.iterdir()) if b.exists() else [])
    for name in written:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def both_engines(tmp_path: Path, **options: Any) -> tuple[api.RunResult, api.RunResult]:
    """One run in each engine, into tmp_path/python and tmp_path/columnar (with explain files);
    they must agree byte for byte (`same`). The python run first."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    python, columnar = (
        api.run(api.RunOptions(out_dir=tmp_path / engine, explain=tmp_path / f"{engine}.csv", engine=engine, **options))
        for engine in ("python", "columnar")
    )
    same(python, columnar, tmp_path, ("python", "columnar"))
    return python, columnar


def columnar_rows(result: api.RunResult) -> dict[str, Any]:
    found: dict[str, Any] = result.report.facts.get("columnar", {})
    return found


TAKEN: dict[str, int] = {}


@pytest.mark.parametrize("case", EACH_CASE)
def test_every_fixture_district_the_same_with_both_engines(case: Path, case_runs: CaseRuns) -> None:
    # The Python engine's run in one process, the reference of the next test too: at a fixture
    # district `--jobs` unset starts no worker (overlap.AHEAD_MIN_ROWS), so it is that run.
    one, one_out, _ = case_runs.run(case.parent, engine="python", jobs=1)
    two, two_out, _ = case_runs.run(case.parent, engine="columnar")
    same_at(one, two, one_out, two_out)
    assert "columnar" not in one.report.facts
    TAKEN[f"{case.parent.parent.name}/{case.parent.name}"] = sum(
        rule.get("silent", 0) for rule in columnar_rows(two).values()
    )


@pytest.mark.parametrize("case", EACH_CASE)
def test_every_fixture_district_the_same_with_the_engine_in_a_second_process(case: Path, case_runs: CaseRuns) -> None:
    """`--jobs 2`: the columnar engine loads, maps and checks the enrolments in the worker
    (pipeline.overlap) while this process makes the users."""
    one, one_out, _ = case_runs.run(case.parent, engine="python", jobs=1)
    two, two_out, _ = case_runs.run(case.parent, engine="columnar", jobs=2)
    same_at(one, two, one_out, two_out)
    assert "worker" not in two.report.facts  # the worker did its part: no fall-back hid a difference
    taken = [label for label, rule in columnar_rows(two).items() if "silent" in rule]
    if any(label.startswith("enrollments.") for label in taken):  # the engine took an enrolment rule: in the worker
        assert "enrollments (worker: map and check)" in two.report.facts["seconds"]
    # The demographics, made once the users are known, in this process.
    assert all(label.split(".")[0] in ("enrollments", "demographics") for label in taken)


# --- districts nobody wrote by hand -----------------------------------------------------------

AS_OF = dt.date(2026, 10, 15)
DISTRICT = Path(__file__).resolve().parent.parent / "fixtures" / "powerschool" / "district" / "in"


def both(in_dir: Path, tmp_path: Path, **options: Any) -> tuple[api.RunResult, api.RunResult]:
    """The district through the Python engine and the columnar one: the same in every byte."""
    runs = []
    profile = options.pop("profile", "powerschool")
    explained = options.pop("explained", True)
    for engine in ("python", "columnar"):
        runs.append(
            api.run(
                api.RunOptions(
                    profile=profile,
                    in_dir=in_dir,
                    out_dir=tmp_path / engine,
                    as_of=AS_OF,
                    explain=tmp_path / f"{engine}.csv" if explained else None,
                    engine=engine,
                    **options,
                )
            )
        )
    same(runs[0], runs[1], tmp_path, ("python", "columnar"))
    return runs[0], runs[1]


def taken(result: api.RunResult, label: str = "enrollments.students") -> dict[str, Any]:
    found: dict[str, Any] = columnar_rows(result).get(label, {})
    return found


def edited(tmp_path: Path, name: str, change: Callable[[str], str], *, encoding: str = "cp1252") -> Path:
    """The sample district with one export changed (as text, written in `encoding`)."""
    folder = tmp_path / "in"
    if not folder.exists():
        shutil.copytree(DISTRICT, folder)
    path = folder / name
    path.write_bytes(change(path.read_bytes().decode("cp1252")).encode(encoding))
    return folder


def test_a_synthetic_district_with_the_benchmarks_traps(tmp_path: Path) -> None:
    from benchmarks.synthetic import write_district

    write_district(tmp_path / "in", 1500)
    _, two = both(tmp_path / "in", tmp_path, max_examples=10_000)
    assert taken(two)["silent"] > 5_000 and taken(two)["python"] > 1_000  # both ways were taken


class FirstNight(NamedTuple):
    """The synthetic district of 800 students run by both engines (`both`) with at most two examples
    a code: its exports, the folder both published into and the Python engine's result, and the
    follow-ons past the examples counted in one query (`Report.count_past_examples`) in this
    process, with each count."""

    exports: Path
    folder: Path
    python: api.RunResult
    bulk: list[tuple[str, int]]


_FIRST_NIGHTS: dict[tuple[int, bool], FirstNight] = {}


@pytest.fixture(scope="module")
def first_night(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int, bool], FirstNight]:
    """One such night per jobs and explain file, made once per test process and shared by the two
    tests of its parameters (one xdist group each): test_follow_ons reads its result, the test of
    the last set's records then edits its exports and runs the next night into its folders."""

    def made(jobs: int, explained: bool) -> FirstNight:
        if (jobs, explained) not in _FIRST_NIGHTS:
            from benchmarks.synthetic import write_district
            from transform.report.report import Report

            bulk: list[tuple[str, int]] = []
            real = Report.count_past_examples

            def counting(self: Report, code: Any, *args: Any) -> None:
                bulk.append((code.id, args[-1]))
                real(self, code, *args)

            folder = tmp_path_factory.mktemp(f"first-night-{jobs}-{explained}")
            write_district(folder / "in", 800)
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(Report, "count_past_examples", counting)
                python, _ = both(folder / "in", folder, max_examples=2, jobs=jobs, explained=explained)
            _FIRST_NIGHTS[jobs, explained] = FirstNight(folder / "in", folder, python, bulk)
        return _FIRST_NIGHTS[jobs, explained]

    return made


# jobs, explained: each pair's first night is shared by two tests, in one xdist group.
FIRST_NIGHTS = [
    pytest.param(jobs, explained, id=f"{how}-{where}", marks=pytest.mark.xdist_group(f"columnar-night-{how}-{where}"))
    for explained, how in ((True, "explained"), (False, "counted"))
    for jobs, where in ((1, "one process"), (2, "worker"))
]


@pytest.mark.parametrize(("jobs", "explained"), FIRST_NIGHTS)
def test_follow_ons_past_the_examples_are_only_counted(
    first_night: Callable[[int, bool], FirstNight], jobs: int, explained: bool
) -> None:
    """Without an explain file, the follow-ons past a code's examples are counted in one query
    (`Report.count_past_examples`), in the worker too; with one, each is reported."""
    night = first_night(jobs, explained)
    one, bulk = night.python, night.bulk
    assert one.report.counts["V503"] > 2  # past the examples kept
    if jobs == 1:  # (the worker's count is made in its own process)
        assert bool(bulk) is not explained
        assert all(0 < count <= one.report.counts[code] - 2 for code, count in bulk)


def test_an_id_the_interpreter_makes_that_a_silent_row_has(tmp_path: Path) -> None:
    """A row the engine leaves to the Python engine (a SectionID ending in a no-break space,
    which the ID cleaner trims) makes the ID of a row the engine would keep silently: the first
    of the two in line order is kept, in both engines."""
    first = "900\t1001\u00a0\t3600\t100\t08/17/2026\t05/29/2027\r\n"
    change = lambda text: text.replace("\r\n", "\r\n" + first, 1) + first  # noqa: E731
    folder = edited(tmp_path, "cc.txt", change, encoding="utf-8")
    one, two = both(folder, tmp_path)
    assert one.report.counts["V500"] + one.report.counts["V501"] >= 1  # one row of the two is the duplicate
    assert taken(two)["silent"] > 0


@pytest.mark.parametrize("left", ["05/29/2027", "12/18/2026"], ids=["same record", "other dates"])
def test_a_row_repeated_further_down_the_export(tmp_path: Path, left: str) -> None:
    """Two plain rows that make one sourcedId: neither is silent (the validator decides which
    is kept and what is said of the other), whatever their distance in the export."""
    again = f"900\t1002\t3600\t100\t08/17/2026\t{left}\r\n"
    folder = edited(tmp_path, "cc.txt", lambda text: text + again, encoding="utf-8")
    one, two = both(folder, tmp_path)
    assert one.report.counts["V500"] + one.report.counts["V501"] >= 1
    assert taken(two)["silent"] > 0


def test_a_staff_enrolment_with_the_id_of_a_silent_one(tmp_path: Path) -> None:
    """A student numbered TT1001 in section 1001 has the enrolment ID of the section's teacher
    (1001-TT1001): the student's, made first, is kept and the teacher's is the duplicate."""

    def student(text: str) -> str:
        line = text.splitlines()[1].split("\t")
        line[0], line[1] = "9990", "TT1001"
        return text + "\t".join(line) + "\r\n"

    edited(tmp_path, "students.txt", student)
    folder = edited(tmp_path, "cc.txt", lambda text: text + "9990\t1001\t3600\t100\t08/17/2026\t05/29/2027\r\n")
    one, two = both(folder, tmp_path)
    assert any("1001-TT1001" in str(p.to_dict()) for ps in one.report.examples.values() for p in ps)
    assert taken(two)["silent"] > 0


# A quoted cell, a blank line, a row too long and a stray delimiter at a row's end are declined:
# test_the_reason_an_export_is_left_to_the_reader_is_its_own runs those very exports through both
# engines, and the reason it finds is said only of a declined export.
@pytest.mark.parametrize(
    ("change", "declined"),
    [
        (lambda t: t.replace("\t1002\t", '\t10"02\t', 1), False),  # a quote inside a cell: read as written
        (lambda t: t.replace("\t1002\t", '\t1002"\t', 1), False),  # ... at its end too
        (lambda t: t.replace("\r\n", "\r", 2), True),  # a lone carriage return
        (lambda t: t.replace("\r\n", "\n"), False),  # LF only
        (lambda t: t.rstrip("\r\n"), False),  # no line break at the end
        (lambda t: t.replace("\t1002\t", "\t1002\u00e9\t", 1), False),  # a non-ASCII cell: that row the Python way
        (lambda t: t.replace("\t1002\t", "\t1002\u200b\t", 1), True),  # an invisible character (reported)
    ],
    ids=["quote-inside", "quote-at-end", "lone-cr", "lf", "no-final-break", "non-ascii", "invisible"],
)
def test_an_export_the_reader_must_see_to(tmp_path: Path, change: Callable[[str], str], declined: bool) -> None:
    folder = edited(tmp_path, "cc.txt", change, encoding="utf-8")
    _, two = both(folder, tmp_path)
    assert ("declined" in taken(two)) is declined


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda t: t.replace("\t3600\t100\t", "\t3600\t100\t\t", 1), "has rows of more or fewer cells than its header"),
        (
            lambda t: t.replace("\t3600\t100\t08/17/2026", "\t3600\t100", 1),
            "has rows of more or fewer cells than its header",
        ),
        # a stray delimiter at a row's end: DuckDB's strict mode read it, the reader says I205 (tester42 F2)
        (
            lambda t: t.replace("05/29/2027\r\n", "05/29/2027\t\r\n", 2),
            "has rows of more or fewer cells than its header",
        ),
        (lambda t: t.replace("\r\n", "\r\n\r\n", 3), "has blank lines or rows split otherwise"),
        (lambda t: t.replace("\t1002\t", '\t"1002"\t', 1), "needs the reader's care (quotes, invisible characters"),
        (lambda t: t.replace("\t1002\t", '\t="1002"\t', 1), "needs the reader's care (quotes, invisible characters"),
        (lambda t: t + t.split("\r\n")[0].lower() + "\r\n" + t.split("\r\n")[1] + "\r\n", "may have page headers"),
        (lambda t: t + "Grand Total\t\t\t\t\t173\r\n", "may have page headers or a totals line"),
        # another template's header, the same columns in another order, above rows in its order (I254)
        (lambda t: t + "\t".join(t.split("\r\n")[0].split("\t")[::-1]) + "\r\n", "may have page headers"),
    ],
    ids=[
        "row-too-long",
        "row-too-short",
        "trailing-delimiter",
        "blank-line",
        "quote",
        "excel-formula",
        "page-header",
        "totals-line",
        "other-header",
    ],
)
def test_the_reason_an_export_is_left_to_the_reader_is_its_own(
    tmp_path: Path, change: Callable[[str], str], why: str
) -> None:
    """A ragged row was declined as 'quotes, invisible characters, blank lines, encoding':
    none of which the export had. The report's facts say what it has."""
    folder = edited(tmp_path, "cc.txt", change, encoding="utf-8")
    _, two = both(folder, tmp_path)
    assert taken(two)["declined"].startswith(f"cc.txt {why}")


# --- the SQL of the engine against the Python it stands for -----------------------------------

ID_TEXT = st.one_of(
    st.text(alphabet="Aaez09_.:/-+eE ,nulNUL#", min_size=0, max_size=12),
    st.from_regex(r"[0-9](\.[0-9]{1,3})?[eE]\+?[0-9]{1,3}", fullmatch=True),  # a spreadsheet's numbers
)


@settings(max_examples=400, deadline=None)
@given(ID_TEXT)
@example("1.23457E11")
@example("1E11")
@example("none")
def test_an_id_the_sql_screen_passes_is_plain_for_every_python_screen(value: str) -> None:
    """`PLAIN_ID_SQL` (and not a null word) is narrower than what the fast path's and the
    validator's screens pass, and guard_id keeps such an ID as it is. A screen taught a new
    form (an ID in scientific notation without a plus) fails here until the SQL follows."""
    if (
        re.fullmatch(columnar.PLAIN_ID_SQL, value) is None
        or value.lower() in columnar.NULL_WORDS
        or SCIENTIFIC.fullmatch(value) is not None
    ):
        return
    assert PLAIN_IDS_SCREEN.search(value) is None
    assert SUSPECT_IDS.search(value) is None
    assert guard_id(value) == (value, ())


@settings(max_examples=60, deadline=None)
@given(st.lists(ID_TEXT, min_size=1, max_size=4))
def test_duckdb_reads_the_id_screen_as_python_does(values: list[str]) -> None:
    import duckdb

    columns = [f"c{i}" for i in range(len(values))]
    query = f"SELECT {columnar._plain_ids(columns)} FROM (SELECT {', '.join(f'? AS {c}' for c in columns)})"
    (found,) = duckdb.connect().execute(query, values).fetchall()[0]
    expected = all(
        re.fullmatch(columnar.PLAIN_ID_SQL, v) is not None
        and v.lower() not in columnar.NULL_WORDS
        and SCIENTIFIC.fullmatch(v) is None
        for v in values
    )
    assert bool(found) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("h\na\tb\nc\td\n", 2),
        ("h\r\na\tb\r\nc\td", 2),
        ('h\na\t"b"\n', None),
        ("h\na\rb\n", None),
        ("h\na\u200bb\n", None),
        ("h\na\u00adb\n", None),  # a soft hyphen: the reader takes it out (tester41 F1)
        ("h\ne\u0301\tb\n", None),  # NFD: the reader writes it in NFC (tester41 F5)
        ("h\n\u00e9\tb\n", 1),
        ('"h"\na\tb\n', 1),  # quotes in the header are the reader's, already read
        ("h\na\tb\t\nc\td\n", None),  # a row of three cells, its last empty: the reader's I205
        ("h\na\tb\nc\td\t", None),  # ... the last row too
    ],
)
def test_data_lines(tmp_path: Path, text: str, expected: int | None) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(text.encode("utf-8"))
    source = read.SourceFile("x", path, "x.txt", "utf-8", "\t", ("a", "b"), {"a": 0, "b": 1})
    assert columnar.data_lines(source) == expected


# --- found by an outside review: inputs where the engines once parted ------------------------


def test_a_quoted_title_over_two_lines_above_the_header(tmp_path: Path) -> None:
    """The reader skips the title as one record of two lines; DuckDB skips lines: declined."""
    folder = edited(tmp_path, "cc.txt", lambda text: '"Enrollments\r\nFall 2026"\r\n' + text)
    _, two = both(folder, tmp_path)
    assert "declined" in taken(two)


TWO_RULES = """\
name: two-rules
extends: powerschool
sources:
  cc2:
    files: [cc2.txt]
    columns: [StudentID, SectionID, TermID, SchoolID]
    optional_columns: [DateEnrolled, DateLeft]
tables:
  enrollments:
    summer:
      from: cc2
      join:
        student: {source: students, on: {StudentID: ID}}
      columns:
        sourcedId: "{SectionID}-{student.Student_Number}"
        classSourcedId: {column: SectionID, clean: [id]}
        schoolSourcedId: {column: SchoolID, clean: [id]}
        userSourcedId: {column: student.Student_Number, clean: [id]}
        role: student
        primary: "false"
"""


def test_a_second_rule_of_students_enrolments_meets_the_silent_ids(tmp_path: Path) -> None:
    """A district profile with a second rule of students' enrolments: its records with the IDs
    of silent ones are the duplicates, as in the Python engine."""
    folder = edited(tmp_path, "cc.txt", lambda text: text)
    lines = (folder / "cc.txt").read_text(encoding="cp1252").splitlines(keepends=True)
    (folder / "cc2.txt").write_text("".join(lines[:3]), encoding="cp1252")
    profile = tmp_path / "two-rules.yaml"
    profile.write_text(TWO_RULES, encoding="utf-8")
    one, two = both(folder, tmp_path, profile=str(profile))
    assert one.report.counts["V500"] >= 2
    assert taken(two)["silent"] > 0


def test_an_apostrophe_in_the_output_folders_path(tmp_path: Path) -> None:
    """The silent rows' file lives beside OUT: its path is a bound value, not SQL text."""
    folder = tmp_path / "St Mary's"
    folder.mkdir()
    _, two = both(DISTRICT, folder)
    assert two.exit_status == 0 and taken(two)["silent"] > 0


def test_an_enrolment_at_another_school_is_named_at_its_export_row_by_either_engine(tmp_path: Path) -> None:
    """V538 names the cc.txt row whose SchoolID differs from its section's, the row to correct,
    in both engines (it named the record's line in the published enrollments.csv: tester48 F3)."""
    folder = edited(
        tmp_path, "cc.txt", lambda text: text.replace("900\t1002\t3600\t100\t", "900\t1002\t3600\t200\t", 1)
    )
    rows = (folder / "cc.txt").read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(rows, start=1) if row.startswith("900\t1002\t3600\t200\t"))
    one, two = both(folder, tmp_path)
    for result in (one, two):
        (found,) = result.report.examples["V538"]
        assert (found.where.file, found.where.line, found.params["value"]) == ("cc.txt", line, "200")


def test_the_engine_in_a_second_process_with_a_synthetic_district(tmp_path: Path) -> None:
    from benchmarks.synthetic import write_district

    write_district(tmp_path / "in", 1500)
    _, two = both(tmp_path / "in", tmp_path, max_examples=2, jobs=2)
    assert two.report.facts["seconds"]["enrollments (worker)"] > 0  # the worker did the enrolments
    assert taken(two)["silent"] > 5_000 and taken(two)["python"] > 1_000
    assert two.report.counts["V503"] > 2 and len(two.report.examples["V503"]) == 2  # counted in the worker


def test_a_worker_that_dies_leaves_the_engine_to_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed before it could close its database (no `done`): the main process runs the engine
    itself, and the worker's database folder is not published with the set."""
    import os

    from benchmarks.synthetic import write_district

    main, real = os.getpid(), columnar.stream_rule

    def dying(*args: Any, **kwargs: Any) -> columnar.Outcome:
        if os.getpid() != main:
            os._exit(9)
        return real(*args, **kwargs)

    monkeypatch.setattr(columnar, "stream_rule", dying)
    write_district(tmp_path / "in", 300)
    _, two = both(tmp_path / "in", tmp_path, jobs=2)
    assert "worker failed" in two.report.facts["worker"]
    assert taken(two)["silent"] > 0  # the main process took the engine's way
    assert not list((tmp_path / "columnar").glob(".*"))


def test_the_rows_for_python_come_a_window_of_lines_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows far smaller than the export (some with no row for Python) keep line order."""
    from benchmarks.synthetic import write_district

    monkeypatch.setattr(columnar, "_WINDOW", 7)
    write_district(tmp_path / "in", 300)
    _, two = both(tmp_path / "in", tmp_path)
    assert taken(two)["python"] > 100 and taken(two)["silent"] > 100


def test_the_demographics_taken_by_the_engine_say_what_the_python_engines_say(tmp_path: Path) -> None:
    """The demographics stream through the engine once the users are known: a student listed
    again with another birth date (neither record kept), one listed again the same, a withdrawn
    student's row (no kept user), a birth date that is no date, one in a form the engine leaves
    to the cleaners, and a student whose ID is the conflicting one's, in both engines alike."""

    def students(text: str) -> str:
        lines = text.splitlines()
        header, rows = lines[0], [line.split("\t") for line in lines[1:]]
        extra = []
        again = list(rows[3])
        again[8] = "3/3/2018"  # another birth date for the same student number
        extra.append(again)
        extra.append(list(rows[4]))  # listed twice, the same
        withdrawn = list(rows[5])
        withdrawn[0], withdrawn[1], withdrawn[7] = "9901", "88001", "2"
        extra.append(withdrawn)
        nodate = list(rows[6])
        nodate[0], nodate[1], nodate[8] = "9902", "88002", "31/31/2019"
        extra.append(nodate)
        spelled = list(rows[7])
        spelled[0], spelled[1], spelled[8] = "9903", "88003", "March 4, 2016"
        extra.append(spelled)
        return "\r\n".join([header, *("\t".join(r) for r in rows + extra)]) + "\r\n"

    folder = edited(tmp_path, "students.txt", students, encoding="utf-8")
    for jobs in (1, 2):
        (tmp_path / str(jobs)).mkdir()
        one, two = both(folder, tmp_path / str(jobs), jobs=jobs)
        demographics = taken(two, "demographics.students")
        assert demographics["silent"] > 0 and demographics["python"] >= 5, demographics
        said = {c for c, ps in one.report.examples.items() for p in ps if p.where.table == "demographics"}
        assert {"V500", "V501", "V504", "D379"} <= said  # repeated, repeated otherwise, no user, no date


def test_a_demographics_row_of_a_teacher_is_said_the_same_by_both_engines(tmp_path: Path) -> None:
    """A OneRoster demographics.csv with a row for a teacher, who is published: the Python engine
    says V577 (not a student), the columnar one said V504 ('left out or never listed', tester9
    item 17): its references knew no user who is not a student."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", folder)
    with (folder / "demographics.csv").open("a", encoding="utf-8") as handle:
        handle.write("u-t2,active,2026-08-01,1980-01-01,male\n")
    one, two = both(folder, tmp_path, profile="oneroster")
    same(one, two, tmp_path, ("python", "columnar"))
    (said,) = [p for p in two.report.examples["V577"] if p.where.record == "u-t2"]
    assert said.message.startswith("demographics: 'u-t2' is in users.csv but not as a student")


def test_an_exports_folder_whose_name_duckdb_reads_as_a_pattern(tmp_path: Path) -> None:
    """DuckDB's read_csv takes its path as a pattern: 'exports[1]/cc.txt' read a sibling
    'exports1/cc.txt' of as many rows, and the columnar engine published another night's
    enrolments with exit 0 (tester8 1). Such a path is the reader's: both engines read the file."""
    exports = tmp_path / "exports[1]"
    shutil.copytree(DISTRICT, exports)
    decoy = tmp_path / "exports1"
    shutil.copytree(DISTRICT, decoy)
    cc = (decoy / "cc.txt").read_bytes().decode("cp1252").split("\r\n")
    header, rows = cc[0], [row for row in cc[1:] if row]
    shifted = ["\t".join([cells[0], "9" + cells[1], *cells[2:]]) for cells in (row.split("\t") for row in rows)]
    (decoy / "cc.txt").write_bytes(("\r\n".join([header, *shifted]) + "\r\n").encode("cp1252"))
    one, two = both(exports, tmp_path)
    same(one, two, tmp_path, ("python", "columnar"))
    assert "has a path DuckDB would read as a pattern" in str(two.report.facts.get("columnar", {}))


@pytest.mark.parametrize(("jobs", "explained"), FIRST_NIGHTS)
def test_records_of_the_last_set_a_problem_left_out_are_named_alike(
    first_night: Callable[[int, bool], FirstNight], jobs: int, explained: bool
) -> None:
    """A night after the first whose problems leave out records of the last set (X981: a student's
    row lost whole, found by the ID among its cells; an enrolment's dates reversed) and a row of
    the enrolments lost whole, whose record no cell tells (X983): the same in both engines, with
    the enrolments in the worker (its rows lost whole go over to this process) and with the
    follow-ons past the examples only counted."""
    night = first_night(jobs, explained)  # the last set, in each folder (the only test to go on from it)
    exports, tmp_path = night.exports, night.folder

    def cells(name: str) -> tuple[list[str], list[list[str]]]:
        lines = (exports / name).read_bytes().decode("utf-8").split("\r\n")
        return lines[0].split("\t"), [line.split("\t") for line in lines[1:]]

    header, students = cells("students.txt")
    line = next(n for n, row in enumerate(students, start=2) if row[header.index("Enroll_Status")] == "0")
    students[line - 2][header.index("Last_Name")] += "\tJr"
    cc_header, cc = cells("cc.txt")
    cc[10][cc_header.index("DateEnrolled")], cc[10][cc_header.index("DateLeft")] = "05/29/2027", "08/17/2026"
    cc[20][cc_header.index("SectionID")] += "\tX"
    for name, head, rows in (("students.txt", header, students), ("cc.txt", cc_header, cc)):
        (exports / name).write_bytes("\r\n".join("\t".join(r) for r in [head, *rows]).encode("utf-8"))
    python, _ = both(exports, tmp_path, max_examples=2, jobs=jobs, explained=explained)
    assert python.report.published and python.exit_status == 1
    named = [str(p) for p in python.report.examples["X981"]]
    assert any(m.startswith(f"students.txt:{line}: X981 dropped-record-removed: student ") for m in named), named
    assert any(m.startswith("cc.txt:12: X981 dropped-record-removed: enrolment ") for m in named), named
    assert [p.where.line for p in python.report.examples["X983"]] == [22]


def test_a_small_exports_checks_are_made_once_and_a_large_ones_stay_a_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checked rows, which about ten queries read, are a table for an export held in memory
    (computed once) and a view over the staged rows for one paged to a file (no second copy of
    millions of rows): the same files either way."""
    from benchmarks.synthetic import write_district

    made: list[str] = []
    real = columnar._referenced

    def noting(engine: columnar.Engine, *args: Any) -> str:
        table = real(engine, *args)
        ((kind,),) = engine.con.execute(
            "SELECT 'table' FROM duckdb_tables() WHERE table_name = ? "
            "UNION ALL SELECT 'view' FROM duckdb_views() WHERE view_name = ?",
            [table, table],
        ).fetchall()
        made.append(kind)
        return table

    monkeypatch.setattr(columnar, "_referenced", noting)
    write_district(tmp_path / "in", 300)
    (tmp_path / "held").mkdir()
    (tmp_path / "paged").mkdir()
    _, held = both(tmp_path / "in", tmp_path / "held", jobs=1)  # noted in this process
    assert made == ["table", "table"] and taken(held)["silent"] > 100  # demographics, enrolments
    made.clear()
    monkeypatch.setattr(columnar, "IN_MEMORY_MAX_BYTES", 0)
    _, paged = both(tmp_path / "in", tmp_path / "paged", jobs=1)
    assert made == ["view", "view"]
    same(held, paged, tmp_path, ("held/columnar", "paged/columnar"))


@pytest.mark.parametrize(
    ("header", "row", "other"),
    [
        (["ID", "#!#", "Name"], ["1", "x", "Ann"], False),  # eSchoolPLUS's '#!#': names nothing (R4)
        (["ID", "#!#", "Name"], ["id", "", "NAME"], True),
        (["ID", "Имя", "Name"], ["1", "Аня", "Ann"], True),  # named in other letters: the reader tells
    ],
    ids=["no-letters-skipped", "other-header-found", "other-letters-to-the-reader"],
)
def test_a_header_name_of_no_letter_keeps_the_fast_path(
    tmp_path: Path, header: list[str], row: list[str], other: bool
) -> None:
    """review173 R4: a name without an ASCII letter or digit handed the file to the reader."""
    from types import SimpleNamespace

    from transform.pipeline.columnar import Engine

    engine = Engine(tmp_path, in_memory=True, threads=1)
    try:
        engine.con.execute("CREATE TABLE t (c0 VARCHAR, c1 VARCHAR, c2 VARCHAR)")
        engine.con.execute("INSERT INTO t VALUES (?, ?, ?)", row)
        assert engine._other_header("t", SimpleNamespace(header=header)) is other  # type: ignore[arg-type]
    finally:
        engine.close()
