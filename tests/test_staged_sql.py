"""DuckDB's passes over the written set (pipeline.staged_sql) change nothing but the time: the
files sorted, an enrolment given its class's school (V538), a user the schools of their
enrolments (V593), the students without a demographics row (D369) come out as the Python passes
make them, byte for byte, problem for problem, line for line: on every fixture district, on
written sets with every hostile cell a set can hold, and on generated ones."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.case_runs import EACH_CASE, CaseRuns, run_case
from tests.conftest import FIXTURES
from tests.test_columnar import same, same_at
from tests.test_enrolled_elsewhere import AT_ANOTHER_SCHOOL
from transform import api
from transform.pipeline import order, run, set_sql, staged_sql, user_schools
from transform.report.report import Report

TABLES = ("orgs", "users", "demographics", "classes", "enrollments")


@pytest.fixture
def by_duckdb(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file large enough for DuckDB's sort, where `_finish` asks DuckDB at all."""
    monkeypatch.setattr(staged_sql, "SORT_WORTH_BYTES", 0)


def _finish(folder: Path, *, duckdb: bool) -> tuple[dict[str, Any], list[tuple[int, str]], dict[str, bytes]]:
    """The passes as the run makes them on a written set: the report, the students without
    demographics (line, ID) and the files after."""
    report = Report()
    with set_sql.reading(folder, folder, always=duckdb) as reader:
        sql = staged_sql.StagedSql(reader, folder) if reader is not None else None
        assert (sql is not None) == duckdb
        run.in_order(folder, TABLES, report, sql)
        if user_schools.add_enrolled_schools(folder, report, sql) and sql is not None:
            sql.forget(folder / "users.csv")
        found = sql.students_without("demographics.csv") if sql is not None else None
        without = list(found if found is not None else run._without_demographics(folder))
    assert not list(folder.glob(".*")), "a partial file or DuckDB's scratch folder left behind"
    said = report.to_dict()
    said["people"] = sorted((role, orgs, n) for (role, orgs), n in report.people.items() if n)
    return said, without, {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _both(folder: Path, tmp_path: Path) -> tuple[dict[str, Any], list[tuple[int, str]], dict[str, bytes]]:
    """The folder's passes by Python and by DuckDB, on a copy each: the same."""
    python, duckdb = tmp_path / "python", tmp_path / "duckdb"
    for copied in (python, duckdb):
        shutil.rmtree(copied, ignore_errors=True)
        shutil.copytree(folder, copied)
    by_python = _finish(python, duckdb=False)
    assert _finish(duckdb, duckdb=True) == by_python
    return by_python


def _write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    """As pipeline.write writes a file: the csv module's quoting, CR LF, records in any order."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


USERS = ["sourcedId", "orgSourcedIds", "role", "givenName", "familyName", "identifier", "agentSourcedIds"]
ENROLMENTS = ["sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"]
CLASSES = ["sourcedId", "title", "schoolSourcedId"]
DEMOGRAPHICS = ["sourcedId", "birthDate"]


def _hostile(folder: Path) -> Path:
    """A written set with what a cell can hold: commas and quotes (quoted cells, which sort by
    their quote), accents and letters outside the BMP (UTF-8's order is the code points'), a tab
    and a control byte DuckDB could split on, an ID that begins another (`a` and `a\t`, `a,`),
    IDs twice (a class's too); an enrolment at another school than its class (V538), users enrolled at a school
    their row lacks (V593, a guardian's children), students with no demographics row (D369), an
    enrolment in a class classes.csv lacks (X885: the run refuses such a set, tester70 S1)."""
    users = [
        ["s\u00e9", "100", "student", "Zo\u00eb", "O'Brien", "1", "g1,g2"],
        ["s", "100", "student", "Ann, Jr", 'Say "Hi"', "2", "g1"],
        ["s\t2", "200", "student", "\U0001f600", "x", "3", ""],
        ['"q"', "100,200", "teacher", "T", "\u20ac", "4", ""],
        ["s,1", "100", "student", "\x01A", "B", "5", "g2"],
        ["g1", "100", "parent", "P", "One", "", ""],
        ["g2", "100,300", "guardian", "P", "Two", "", ""],
        ["t", "", "teacher", "No", "School", "6", ""],
        ["s", "100", "student", "Ann", "Again", "2", ""],
    ]
    enrolments = [
        ["e2", "c1", "100", "s\u00e9", "student"],
        ["e1", "c2", "200", "s\u00e9", "student"],  # V593: s\u00e9 at 200, and her guardians
        ["e1", "c2", "200", "s\u00e9", "student"],  # the same record twice
        ["e\u00e9", "c,2", "100", "s,1", "student"],  # V538: c,2 is at 300
        ["e3", "c2", "200", "s\u00e9", "student"],
        ["e", "c1", "100", '"q"', "teacher"],
        ["e\t", "c1", "100", "t", "teacher"],  # t's row lists no school: V593
        ["e,", "c9", "", "s", "student"],  # no school: nothing to add
        ["e4", "c1", "100", "unknown", "student"],
    ]
    # c,2 twice: its last row as written (300) is its school, not the last sorted (100).
    classes = [["c1", "One", "100"], ["c2", "Two, Too", "200"], ["c,2", "Again", "100"], ["c,2", '"Three"', "300"]]
    demographics = [["s\u00e9", "2015/01/01"], ["s,1", ""], ["s", "2014/02/02"]]
    _write(folder, "users", USERS, users)
    _write(folder, "enrollments", ENROLMENTS, enrolments)
    _write(folder, "classes", CLASSES, classes)
    _write(folder, "demographics", DEMOGRAPHICS, demographics)
    _write(folder, "orgs", ["sourcedId", "name"], [["300", "C"], ["100", "A"], ["200", "B, the second"]])
    return folder


def test_a_hostile_set_is_finished_by_duckdb_as_by_python(tmp_path: Path, by_duckdb: None) -> None:
    said, without, files = _both(_hostile(tmp_path / "in"), tmp_path)
    assert {problem["code"] for problem in said["problems"]} == {"V538", "V593", "X885"}
    (unwritten,) = [problem for problem in said["problems"] if problem["code"] == "X885"]
    assert unwritten["examples"][0]["params"] == {"count": "1", "classes": "'c9' (1)"}
    assert without == [(6, "s\t2")]  # its line in the sorted users.csv: a tab sorts before a comma
    assert files["enrollments.csv"].splitlines()[1:3] == [b'"e,",c9,,s,student', b"e\t,c1,100,t,teacher"]


def test_a_set_duckdb_cannot_read_line_by_line_is_left_to_python(tmp_path: Path, by_duckdb: None) -> None:
    """A blank line, a line ending in LF alone, a CR inside a quoted cell: a set a person edited
    (the run never writes one), sorted by order.sort_records. A quoted cell over two lines is two
    lines to both sorts, and a record DuckDB does not read as the csv module does: the
    questions of that file go to Python."""
    folder = _hostile(tmp_path / "in")
    for name, damage in (
        ("orgs.csv", lambda text: text.replace(b"\r\n100,", b"\r\n\r\n100,")),
        ("enrollments.csv", lambda text: text.replace(b"\r\ne3,", b"\ne3,")),
        ("classes.csv", lambda text: text.replace(b"Two, Too", b"Two\r Too")),
        ("demographics.csv", lambda text: text.replace(b"2014/02/02", b'"2014\r\n02"')),
    ):
        path = folder / name
        path.write_bytes(damage(path.read_bytes()))
        assert (staged_sql._plain_lines(path) is None) == (name != "demographics.csv")
    _both(folder, tmp_path)
    with set_sql.SetReader(tmp_path) as reader:
        assert not reader.table("t", tmp_path / "duckdb" / "demographics.csv", ("sourcedId",))


def test_every_delimiter_duckdb_could_split_on_held_by_a_cell(tmp_path: Path, by_duckdb: None) -> None:
    folder = _hostile(tmp_path / "in")
    _write(folder, "orgs", ["sourcedId", "name"], [[byte.decode(), "x"] for byte in staged_sql._DELIMITERS])
    assert staged_sql._plain_lines(folder / "orgs.csv") is None
    _both(folder, tmp_path)


# Cells as a written set holds them: commas, quotes, a tab, a control byte, accents, emoji, empty.
CELL = st.text(alphabet=st.sampled_from(list('ab ,"\t\x01\u00e9\U0001f600Z09-')), max_size=5)
ID = st.sampled_from(["a", "a\t", "a,", "ab", "A", "\u00e9", '"a"', "1", "01", "a b"])
SCHOOL = st.sampled_from(["100", "200", "1,00", ""])


@st.composite
def written_sets(draw: st.DrawFn, folder: Path) -> Path:
    """A set as the run writes it, in any record order: IDs that begin one another, twice or not."""
    users = [
        [
            draw(ID),
            draw(st.sampled_from(["100", "200", "100,200", "", "1,00"])),
            draw(st.sampled_from(["student", "teacher", "parent", "guardian", "aide", ""])),
            draw(CELL),
            draw(CELL),
            draw(CELL),
            ",".join(draw(st.lists(ID, max_size=2))),
        ]
        for _ in range(draw(st.integers(0, 8)))
    ]
    classes = [[draw(ID), draw(CELL), draw(SCHOOL)] for _ in range(draw(st.integers(0, 4)))]
    enrolments = [
        [draw(ID) + draw(CELL), draw(ID), draw(SCHOOL), draw(ID), draw(st.sampled_from(["student", "teacher"]))]
        for _ in range(draw(st.integers(0, 12)))
    ]
    demographics = [[draw(ID), draw(CELL)] for _ in range(draw(st.integers(0, 6)))]
    _write(folder, "users", USERS, users)
    _write(folder, "enrollments", ENROLMENTS, enrolments)
    _write(folder, "classes", CLASSES, classes)
    _write(folder, "demographics", DEMOGRAPHICS, demographics)
    return folder


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_sets_are_finished_by_duckdb_as_by_python(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staged_sql, "SORT_WORTH_BYTES", 0)
    folder = tmp_path_factory.mktemp("set")
    data.draw(written_sets(folder / "in"))
    _both(folder / "in", folder)


@pytest.fixture(scope="module")
def sorting_reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[set_sql.SetReader]:
    """One DuckDB connection for every example of the sort's test: a sort is one query that leaves
    nothing on the connection, and opening and closing one was three quarters of an example's CPU."""
    with set_sql.SetReader(tmp_path_factory.mktemp("sorts")) as reader:
        yield reader


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(lines=["a", "a\t", "a\x01", "a,", "\u00e9", "\U0001f600", "\uffff", '"a"', "a", "A", " a"])
@given(
    lines=st.lists(
        st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"), min_size=1), max_size=30
    )
)
def test_duckdb_sorts_lines_by_their_bytes_as_order_does(
    lines: list[str],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    sorting_reader: set_sql.SetReader,
) -> None:
    monkeypatch.setattr(staged_sql, "SORT_WORTH_BYTES", 0)
    folder = tmp_path_factory.mktemp("lines")
    python, duckdb = folder / "python.csv", folder / "duckdb.csv"
    for path in (python, duckdb):
        path.write_bytes("".join(f"{line}\r\n" for line in ["header", *lines]).encode("utf-8"))
    order.sort_records(python)
    sorted_here = staged_sql.StagedSql(sorting_reader, folder).sort(duckdb)
    assert duckdb.read_bytes() == python.read_bytes()
    delimiters = {byte.decode() for byte in staged_sql._DELIMITERS}
    assert sorted_here == (not delimiters <= set("".join(lines)))


@pytest.mark.parametrize("case", EACH_CASE)
def test_every_fixture_district_the_same_finished_by_duckdb(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case_runs: CaseRuns
) -> None:
    # The Python engine's shared run in one process (test_columnar's and test_overlap's reference too).
    one, one_out, _ = case_runs.run(case.parent, engine="python", jobs=1)  # before the patches
    monkeypatch.setattr(set_sql, "WORTH_BYTES", 0)
    monkeypatch.setattr(staged_sql, "SORT_WORTH_BYTES", 0)
    two_out, scratch = tmp_path / "two", case_runs.scratch(case.parent)
    two = run_case(case.parent, two_out, explain=tmp_path / "two.csv", jobs=1, engine="python", scratch=scratch)
    same_at(one, two, one_out, two_out)


def _powerschool(exports: Path) -> str:
    """Student 900 in two sections of school 200 (V593), and a cc row at school 200 of a
    section at school 100 (V538)."""
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    cc = exports / "cc.txt"
    text = cc.read_bytes().decode("cp1252").replace("900\t1002\t3600\t100\t", "900\t1002\t3600\t200\t", 1)
    cc.write_bytes((text + "".join(f"{row}\r\n" for row in AT_ANOTHER_SCHOOL)).encode("cp1252"))
    return "powerschool"


def _oneroster(exports: Path) -> str:
    """u-s2's demographics row gone (D369)."""
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    path = exports / "demographics.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("u-s2,")), encoding="utf-8")
    return "oneroster"


@pytest.mark.parametrize(("district", "said"), [(_powerschool, {"V538", "V593"}), (_oneroster, {"D369"})])
def test_a_district_with_the_problems_these_passes_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, district: Callable[[Path], str], said: set[str]
) -> None:
    profile = district(tmp_path / "in")
    runs = []
    for worth in (set_sql.WORTH_BYTES, 0):
        monkeypatch.setattr(set_sql, "WORTH_BYTES", worth)
        monkeypatch.setattr(staged_sql, "SORT_WORTH_BYTES", worth)
        options = api.RunOptions(
            profile=profile,
            in_dir=tmp_path / "in",
            out_dir=tmp_path / f"out{worth}",
            explain=tmp_path / f"out{worth}.csv",
            as_of=dt.date(2026, 10, 15),
        )
        runs.append(api.run(options))
    assert said <= set(runs[1].report.counts)
    same(runs[0], runs[1], tmp_path, (f"out{set_sql.WORTH_BYTES}", "out0"))
