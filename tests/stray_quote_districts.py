"""Comma exports of several SIS layouts, made from a seed, with a stray quote pair typed into rows
on purpose (a quote at a value's start, its pair at a later value's end) or a value rightly holding
commas on a row the export left short: the truth is the cells as the SIS holds them."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

LASTS = ("Ito", "Holt", "Nguyen", "Garcia", "Okafor", "Smith", "Lee", "Patel", "Kowalski", "Reyes", "Cohen")
FIRSTS = ("Amir", "Rosa", "Linh", "Ava", "Chidi", "Sofia", "Eli", "Mei", "Noah", "Zara", "Omar", "Ines")
LANGUAGES = ("English", "Spanish", "Vietnamese", "Igbo")


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(2008, 2021)}"


def _aeries(rng: random.Random, n: int) -> list[str]:
    number = 198000 + n
    middle = rng.choice(FIRSTS) if rng.random() < 0.2 else ""
    return [
        str(number),
        rng.choice(("301", "302", "303")),
        str(n),
        rng.choice(LASTS),
        rng.choice(FIRSTS),
        middle,
        str(rng.randint(0, 12)),
        _date(rng),
        f"s{number}@stu.example.org",
        "00",
        "00",
        "",
        "0",
    ]


def _clever(rng: random.Random, n: int) -> list[str]:
    last, parent = rng.choice(LASTS), rng.choice(FIRSTS)
    parented = rng.random() < 0.8
    return [
        rng.choice(("100", "200")),
        f"S{1000 + n}",
        str(1000 + n),
        last,
        "",
        rng.choice(FIRSTS),
        rng.choice(("Kindergarten", "1", "2", "3", "4", "5", "6", "7", "8")),
        _date(rng),
        rng.choice(LANGUAGES),
        f"s{1000 + n}@kids.example.org" if rng.random() < 0.5 else "",
        rng.choice(("Mother", "Father")) if parented else "",
        "Parent/Guardian" if parented else "",
        f"{last}, {parent}" if parented else "",  # a name rightly holding a comma
        f"(555) 201-{rng.randint(1000, 9999)}" if parented else "",
        f"{parent.lower()}.{last.lower()}@example.com" if parented else "",
        f"C{500 + n}" if parented else "",
    ]


def _oneroster(rng: random.Random, n: int) -> list[str]:
    first, last = rng.choice(FIRSTS), rng.choice(LASTS)
    return [
        f"u-s{n}",
        "active",
        "2026-08-01",
        "TRUE",
        rng.choice(("sch-10", "sch-20", "d-1,sch-10")),  # a list rightly holding a comma
        "student",
        f"{first.lower()}{n}",
        f"{{SIS:{1000 + n}}}",
        first,
        last,
        "",
        str(1000 + n),
        f"{first.lower()}.{last.lower()}{n}@students.example.org",
        "",
        "",
        rng.choice(("", f"u-p{n}", f"u-p{n},u-q{n}")),
        f"{rng.randint(1, 12):02d}",
        "",
    ]


def _powerschool(rng: random.Random, n: int) -> list[str]:
    last = rng.choice(LASTS)
    mother, father = rng.choice(FIRSTS), rng.choice(FIRSTS)
    return [
        str(900 + n),
        f"{5000 + n:06d}",
        rng.choice(("100", "200")),
        rng.choice(FIRSTS),
        "",
        last,
        str(rng.randint(-1, 12)),
        "0",
        _date(rng),
        f"(608) 555-{rng.randint(1000, 9999)}",
        f"s{n}@students.example.org",
        rng.choice(LANGUAGES),
        f"{last}, {mother}",
        f"{last}, {father}" if rng.random() < 0.7 else "",
        f"{mother.lower()}.{last.lower()}@mail.example.com" if rng.random() < 0.6 else "",
        "",
        f"608555{rng.randint(1000, 9999)}",
        "",
        f"Grandma {last}" if rng.random() < 0.5 else "",
        f"608-555-{rng.randint(1000, 9999)}" if rng.random() < 0.5 else "",
    ]


@dataclass(frozen=True)
class Layout:
    file: str
    header: tuple[str, ...]
    row: Callable[[random.Random, int], list[str]]
    name: str  # a column of names, where a stray quote is often typed


LAYOUTS = {
    "aeries": Layout(
        "STU.csv", ("ID", "SC", "SN", "LN", "FN", "MN", "GR", "BD", "SEM", "HL", "CL", "TG", "DEL"), _aeries, "LN"
    ),
    "clever": Layout(
        "students.csv",
        (
            "School_id",
            "Student_id",
            "Student_number",
            "Last_name",
            "Middle_name",
            "First_name",
            "Grade",
            "DOB",
            "Home_language",
            "Student_email",
            "Contact_relationship",
            "Contact_type",
            "Contact_name",
            "Contact_phone",
            "Contact_email",
            "Contact_sis_id",
        ),
        _clever,
        "Last_name",
    ),
    "oneroster": Layout(
        "users.csv",
        (
            "sourcedId",
            "status",
            "dateLastModified",
            "enabledUser",
            "orgSourcedIds",
            "role",
            "username",
            "userId",
            "givenName",
            "familyName",
            "middleName",
            "identifier",
            "email",
            "sms",
            "phone",
            "agents",
            "grades",
            "password",
        ),
        _oneroster,
        "givenName",
    ),
    "powerschool": Layout(
        "students.csv",
        (
            "ID",
            "Student_Number",
            "SchoolID",
            "First_Name",
            "Middle_Name",
            "Last_Name",
            "Grade_Level",
            "Enroll_Status",
            "DOB",
            "Home_Phone",
            "Student_Web_ID",
            "Home_Language",
            "Mother",
            "Father",
            "Mother_Email",
            "Father_Email",
            "Mother_Home_Phone",
            "Father_Home_Phone",
            "Emerg_Contact_1",
            "Emerg_Phone_1",
        ),
        _powerschool,
        "First_Name",
    ),
}


def records(layout: Layout, seed: int, count: int) -> list[list[str]]:
    rng = random.Random(seed)
    return [layout.row(rng, n) for n in range(1, count + 1)]


def line_of(cells: list[str]) -> str:
    """The cells as a comma export writes them (a value holding a comma or a quote quoted)."""
    return ",".join(_written(cell) for cell in cells)


def _written(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell


def stray_quoted(cells: list[str], first: int, last: int) -> str:
    """The row with a quote typed at cell `first`'s start and its pair at cell `last`'s end."""
    typed = '"' + ",".join(cells[first : last + 1]) + '"'
    return ",".join([*map(_written, cells[:first]), typed, *map(_written, cells[last + 1 :])])


def can_stray(cells: list[str], first: int, last: int) -> bool:
    """Whether a stray pair can be typed so: both ends hold a value, and no cell between holds a
    comma or a quote (the swallowed cell would then hold more commas than cells it swallowed)."""
    inside = cells[first : last + 1]
    return bool(cells[first]) and bool(cells[last]) and not any("," in c or '"' in c for c in inside)


Read = Callable[[Path, list[str]], tuple[dict[int, list[str]], list[tuple[object, ...]]]]


def judge_strays(
    tmp_path: Path, shape: Layout, seeds: Iterable[int], strays: Callable[[int], tuple[int, int]], read: Read
) -> None:
    """Over `seeds`, one row of 50 given a stray quote pair over the columns `strays(seed)` names, the
    file read by `read(folder, lines)` into rows by line and the codes said: that row is the SIS's
    record read as typed (I247) or left out (I292) at its first column, every other row as written."""
    typed = tried = 0
    for seed in seeds:
        folder = tmp_path / str(seed)
        folder.mkdir()
        people = records(shape, seed, 50)
        at = random.Random(seed).randrange(len(people))
        first, last = strays(seed)
        if not can_stray(people[at], first, last):
            continue  # (OneRoster's last column, password, is empty: no quote closes there)
        tried += 1
        lines = [line_of(p) for p in people]
        lines[at] = stray_quoted(people[at], first, last)
        rows, said = read(folder, lines)
        assert {n: r for n, r in rows.items() if n != at + 2} == {n + 2: p for n, p in enumerate(people) if n != at}
        codes = [(code, line, column) for code, line, column, _ in said]
        if at + 2 in rows:
            assert rows[at + 2] == people[at]
            assert codes == [("I247", at + 2, shape.header[first])]
            typed += 1
        else:
            assert codes == [("I292", at + 2, shape.header[first])]
    assert typed or not tried, "no stray quote pair was read as typed"
