"""A stray quote pair in a comma file whose every row ends with a trailing delimiter (Aeries writes
one empty cell past the header's on each row, the header with it or without): the pair merges two
cells, and the row is then just the header's cells, or short of them by one fewer than the commas
swallowed. It is read both ways as in a file of whole rows (I247), or left out (I292); never read
with every later column shifted (stop 50's open end: DEL '' and TG '0' moved, a student made
inactive at exit 0)."""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.stray_quote_districts import LAYOUTS, Layout, judge_strays, line_of, records, stray_quoted
from tests.test_cli import transform
from tests.test_read import plan, rows_of

SEEDS = range(6)


def _read(
    folder: Path, layout: Layout, lines: list[str], tail: str, *, header_too: bool = False
) -> tuple[dict[int, list[str]], list[tuple[object, ...]]]:
    """The rows read from the file whose every line (the header's too when `header_too`) ends with
    `tail`, and the problems said."""
    header = ",".join(layout.header) + (tail if header_too else "")
    text = header + "\n" + "".join(line + tail + "\n" for line in lines)
    (folder / layout.file).write_text(text, encoding="utf-8")
    name = layout.file.rsplit(".", 1)[0]
    source = plan(name=name, columns=(layout.header[0],), patterns=(layout.file,))
    cells, numbers, report = rows_of(folder, source)
    read = {n: c[: len(layout.header)] for n, c in zip(numbers, cells, strict=True)}
    return read, report.flatten("code", "line", "column", "message")


def test_an_aeries_stray_quote_over_two_names_in_a_file_of_trailing_commas_is_read_as_typed(tmp_path: Path) -> None:
    """`"Lee,Eli"` in an STU.csv of 60 students whose every row ends with a comma: the row has the
    header's 13 cells, and was read with MN 'Eli'... DEL '' and TG '0' one column left, silently."""
    layout = LAYOUTS["aeries"]
    students = records(layout, 3, 60)
    lines = [line_of(s) for s in students]
    lines[5] = stray_quoted(students[5], 3, 4)
    rows, said = _read(tmp_path, layout, lines, ",")
    assert rows == {n + 2: s for n, s in enumerate(students)}
    assert rows[7][layout.header.index("DEL")] == "0"
    [(code, line, column, message)] = said
    assert (code, line, column) == ("I247", 7, "LN")
    assert "closes in column 'FN'" in str(message)


def _strays(layout: Layout, where: str, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    width, name = len(layout.header), layout.header.index(layout.name)
    if where == "last":
        return width - 1 - rng.randint(1, 3), width - 1
    first = {"first": 0, "name": name}[where]
    return first, first + rng.randint(1, 3)


@pytest.mark.parametrize("header_too", [False, True])
@pytest.mark.parametrize("tail", [",", ",,"])
@pytest.mark.parametrize("where", ["first", "name", "last"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_stray_quote_pair_beside_a_trailing_delimiter_is_read_as_typed_or_left_out(
    tmp_path: Path, layout: str, where: str, tail: str, header_too: bool
) -> None:
    """Over seeds, in the first column, a name, closing in the last named column; rows of other
    cells rightly holding commas beside ('Lee, Sofia', 'd-1,sch-10'): the row is the SIS's record
    or left out (I292), every other row as written."""
    shape = LAYOUTS[layout]
    judge_strays(
        tmp_path,
        shape,
        SEEDS,
        lambda seed: _strays(shape, where, seed),
        lambda folder, lines: _read(folder, shape, lines, tail, header_too=header_too),
    )


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_rows_of_trailing_delimiters_without_stray_quotes_read_as_written(tmp_path: Path, layout: str) -> None:
    """Values rightly quoted for their commas ('Lee, Sofia', 'd-1,sch-10'), and rows written
    without their trailing delimiter (just the header's cells), one holding such a value and one
    not: every row as written, nothing said."""
    shape = LAYOUTS[layout]
    people = records(shape, 11, 80)
    name = shape.header.index(shape.name)
    people[9][name] += ", Jr."
    held = [any("," in cell for cell in p) for p in people]
    bare = {9, *([held.index(False, 5)] if False in held[5:] else [])}
    lines = [line_of(p) for p in people]
    body = "".join(line + ("" if n in bare else ",") + "\n" for n, line in enumerate(lines))
    text = ",".join(shape.header) + "\n" + body
    (tmp_path / shape.file).write_text(text, encoding="utf-8")
    source = plan(name=shape.file.rsplit(".", 1)[0], columns=(shape.header[0],), patterns=(shape.file,))
    cells, numbers, report = rows_of(tmp_path, source)
    assert dict(zip(numbers, cells, strict=True)) == {n + 2: p for n, p in enumerate(people)}
    assert report.flatten("code") == []


def _aeries_student(rng: random.Random, n: int) -> list[str]:
    """A student of the fixture's school 40, born in 2010."""
    number, born = str(50000 + n), f"0{rng.randint(1, 9)}/1{rng.randint(0, 9)}/2010"
    last, first, grade = rng.choice(("Ito", "Holt", "Reyes")), rng.choice(("Amir", "Rosa")), str(rng.randint(9, 12))
    email = f"s{number}@students.svusd.example.org"
    return [number, "40", str(100 + n), last, first, "", grade, born, email, "02", "02", "", "0"]


def _users(out: Path) -> dict[str, list[str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: [row["givenName"], row["familyName"]] for row in csv.DictReader(handle)}


def test_an_aeries_student_typed_with_a_stray_quote_in_a_trailing_comma_export_stays_published(tmp_path: Path) -> None:
    """The fixture district's STU.csv written with a comma ending every row: the night after a
    clean one, a stray pair over the student's names is read as typed (I247) at exit 0, the set
    unchanged; before, her names were read shifted, her DEL read from TG."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(FIXTURES / "aeries" / "district" / "in", exports)
    students = exports / "STU.csv"
    header, *rows = students.read_text(encoding="utf-8").splitlines()
    rng = random.Random(5)
    added = [_aeries_student(rng, n) for n in range(30)]
    lines = [*rows, *(line_of(s) for s in added)]
    students.write_text(header + "\r\n" + "".join(line + ",\r\n" for line in lines), encoding="utf-8")
    first = transform("--profile", "aeries", exports, out, "--as-of", "2026-10-15")
    assert first.returncode == 0, first.stderr
    published = _users(out)
    assert published["50007"] == [added[7][4], added[7][3]]
    typed = stray_quoted(added[7], 3, 4)
    students.write_text(students.read_text(encoding="utf-8").replace(line_of(added[7]) + ",", typed + ","))
    report = tmp_path / "r.json"
    second = transform("--profile", "aeries", exports, out, "--as-of", "2026-10-16", "--report", report)
    assert second.returncode == 0, second.stderr
    assert _users(out) == published
    problems = {p["code"]: p["examples"] for p in json.loads(report.read_text(encoding="utf-8"))["problems"]}
    assert "I292" not in problems and "X981" not in problems
    assert [(e["line"], e["column"]) for e in problems["I247"]] == [(len(rows) + 2 + 7, "LN")]


def test_a_stray_quote_pair_in_a_tab_file_of_trailing_tabs_is_read_as_typed(tmp_path: Path) -> None:
    """No name holds a tab: the pair swallowed the cells between (I291), as in a file without the
    trailing tab; before, the row of the header's 13 cells was read shifted, nothing said."""
    layout = LAYOUTS["aeries"]
    students = records(layout, 4, 60)
    lines = ["\t".join(s) + "\t" for s in students]
    lines[9] = "\t".join([*students[9][:3], f'"{students[9][3]}\t{students[9][4]}"', *students[9][5:]]) + "\t"
    (tmp_path / "STU.txt").write_text("\t".join(layout.header) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    cells, numbers, report = rows_of(tmp_path, plan(name="STU", columns=("ID",), patterns=("STU.txt",)))
    assert dict(zip(numbers, cells, strict=True)) == {n + 2: s for n, s in enumerate(students)}
    assert report.flatten("code", "line", "column") == [("I291", 11, "LN")]
