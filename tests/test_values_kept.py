"""Good values the cleaners blanked, losing people with exit 0 (tester9 items 4, 7, 8), end to end:
the bundled PowerSchool district with the damaged cells, on both engines.

- item 4: a teacher's email with a separator after it or a display name was blanked (D308) and
  the teacher left out as having no email (V506), her classes published without owner (V586);
- item 7: BCP 47 tags (es-MX, zh-Hant, en_US) were blanked as unknown languages (D312);
- item 8: a mother whose only contact was a phone with a note after it ("(cell)") was left out
  (D306, then V515)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

POWERSCHOOL = FIXTURES / "powerschool" / "district"
ENGINES = ["python", "columnar"]


def with_cells(tmp_path: Path, file: str, key: str, cells: dict[str, dict[str, str]]) -> Path:
    """The PowerSchool district's exports with the cells of some rows (by the key column) as given;
    a column is named by the end of its header (EMAIL_ADDR for TEACHERS.EMAIL_ADDR)."""
    folder = tmp_path / "in"
    shutil.copytree(POWERSCHOOL / "in", folder)
    path = folder / file
    lines = path.read_text(encoding="cp1252").split("\n")
    header = [name.split(".")[-1].casefold() for name in lines[0].split("\t")]
    key_at = header.index(key.casefold())
    seen = set()
    for number, line in enumerate(lines[1:], start=1):
        row = line.split("\t")
        if len(row) > key_at and row[key_at] in cells:
            for column, value in cells[row[key_at]].items():
                row[header.index(column.casefold())] = value
            lines[number] = "\t".join(row)
            seen.add(row[key_at])
    assert seen == set(cells)
    path.write_text("\n".join(lines), encoding="cp1252")
    return folder


def run(tmp_path: Path, folder: Path, engine: str) -> tuple[api.RunResult, dict[str, dict[str, str]]]:
    result = api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=folder,
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            engine=engine,
        )
    )
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {row["sourcedId"]: row for row in csv.DictReader(handle)}
    return result, users


def values(result: api.RunResult, code: str) -> list[object]:
    return [problem.params.get("value") for problem in result.report.examples.get(code, [])]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_teacher_whose_email_has_a_separator_or_a_display_name_is_published(tmp_path: Path, engine: str) -> None:
    """Before: T1002, T1003 and T2001 left out (V506 "has no email"), their classes without owner."""
    written = {
        "T1002": "jsmith@district.example.org;",
        "T1003": "klee@district.example.org,",
        "T2001": "Robert Brown <rbrown@district.example.org>",
    }
    folder = with_cells(
        tmp_path, "teachers.txt", "TEACHERNUMBER", {sid: {"EMAIL_ADDR": email} for sid, email in written.items()}
    )
    result, users = run(tmp_path, folder, engine)
    assert {sid: users[sid]["email"] for sid in written} == {
        "T1002": "jsmith@district.example.org",
        "T1003": "klee@district.example.org",
        "T2001": "rbrown@district.example.org",
    }
    assert sorted(map(str, values(result, "D366"))) == sorted(written.values())
    assert not set(written.values()) & set(values(result, "D308"))
    assert not any(problem.params.get("id") in written for problem in result.report.examples.get("V506", []))
    # the fixture's own classes without owner (its teacher with no email at all), no more
    assert result.report.counts["V586"] == 3


@pytest.mark.parametrize("engine", ENGINES)
def test_a_parent_whose_only_contact_is_a_phone_with_a_note_is_published(tmp_path: Path, engine: str) -> None:
    """Before: each of these mothers, with no email, was left out (D306, V515)."""
    written = {
        "005001": "608 555 2000 (cell)",
        "5002": "(608) 555-2001 home",
        "5003": "608-555-2002 mom cell",
        "5004": "608 555 2003 (mom)",
    }
    folder = with_cells(
        tmp_path,
        "students.txt",
        "Student_Number",
        {sid: {"Mother_Home_Phone": phone, "Mother_Email": ""} for sid, phone in written.items()},
    )
    result, users = run(tmp_path, folder, engine)
    phones = {}
    for sid in written:
        agents = [users[agent] for agent in users[sid]["agentSourcedIds"].split(",") if agent in users]
        phones[sid] = sorted(agent["phone"] for agent in agents if agent["phone"])
    assert phones == {
        "005001": ["+16085552000"],
        "5002": ["+16085552001"],
        "5003": ["+16085552002"],
        "5004": ["+16085552003"],
    }
    assert not set(written.values()) & set(values(result, "D306"))


LANGUAGES = {
    "005001": ("es-MX", "es-MX"),
    "5002": ("en-US", "en-US"),
    "5003": ("zh-CN", "zh-CN"),
    "5004": ("pt-BR", "pt-BR"),
    "5005": ("fr-CA", "fr-CA"),
    "5006": ("zh-Hant", "zh-Hant"),
    "5007": ("en_US", "en-US"),
    "5009": ("iw", "he"),
    "005010": ("xx-YY", ""),
}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_bcp_47_tag_is_published_as_the_student_s_language(tmp_path: Path, engine: str) -> None:
    """Before: every tag was blank, with D312 (language-unknown); xx-YY is no tag and still is."""
    folder = with_cells(
        tmp_path,
        "students.txt",
        "Student_Number",
        {sid: {"Home_Language": written} for sid, (written, _) in LANGUAGES.items()},
    )
    result, users = run(tmp_path, folder, engine)
    assert {sid: users[sid]["metadata.preferredLanguage"] for sid in LANGUAGES} == {
        sid: code for sid, (_, code) in LANGUAGES.items()
    }
    assert values(result, "D312") == ["xx-YY"]
