"""An encoding or a delimiter the profile declares that the export is not written in (tester7
items 4, 9 and 10). The Aeries fixture district, its contacts export (CON.csv) written as the
district's SIS writes it, and a district profile declaring the contacts' encoding or delimiter:

- declared cp1252, the export UTF-8: Thi Nguyen's CON record reads `Nguyễn, Thị`. Read as
  Windows-1252 she was published as `Nguyá…n, Thá‹` (`Nguyá»…n`, the quote cleaner cutting the
  `»`), with an ID derived from that name, exit 0. A file that is valid UTF-8 and holds accented
  characters is almost never Windows-1252: it is read as UTF-8, said by a warning (I268) that
  names the file, the declared encoding and a name as either encoding reads it.
- declared utf-8, the export Windows-1252: stopped (exit 2) as before, now with the byte, the
  line and the encoding to declare (I269), not "make the file readable by the account".
- declared `;` on a comma-separated export (or the reverse): one I269 saying the header is one
  cell and the file is comma-delimited, not an I201 for each column quoting the whole header."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

AERIES = FIXTURES / "aeries" / "district" / "in"
PLAIN, ACCENTED = "40001,1,Nguyen,Thi,", "40001,1,Nguyễn,Thị,"  # CON.csv line 7
LATIN = "40001,1,Peña,Thi,"  # a name Windows-1252 can write


def exports(tmp_path: Path, mother: str = PLAIN, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """The Aeries fixture's exports, Thi Nguyen's CON record (line 7) written `mother`, CON.csv
    saved in `encoding` with `delimiter` between its cells."""
    folder = tmp_path / "in"
    shutil.copytree(AERIES, folder)
    con = folder / "CON.csv"
    text = con.read_text(encoding="utf-8")
    assert PLAIN in text
    rows = list(csv.reader(text.replace(PLAIN, mother).splitlines()))
    con.write_bytes("".join(delimiter.join(row) + "\r\n" for row in rows).encode(encoding))
    return folder


def profile(tmp_path: Path, **contacts: str) -> Path:
    """A district profile extending the bundled aeries, declaring the contacts export's layout."""
    declared = ", ".join(f"{key}: {value!r}" for key, value in contacts.items())
    path = tmp_path / "district.yaml"
    path.write_text(f"extends: aeries\nsources:\n  contacts: {{{declared}}}\n", encoding="utf-8")
    return path


def run(in_dir: Path, out: Path, district: Path | str = "aeries", engine: str = "auto") -> api.RunResult:
    return api.run(
        api.RunOptions(profile=str(district), in_dir=in_dir, out_dir=out, as_of=dt.date(2026, 10, 15), engine=engine)
    )


def mother(out: Path) -> dict[str, str]:
    """Student 40001's mother Thi, as published."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        (found,) = [u for u in csv.DictReader(handle) if u["role"] == "parent" and u["givenName"].startswith("Th")]
    return found


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_utf8_export_declared_cp1252_is_read_as_utf8(tmp_path: Path, engine: str) -> None:
    in_dir = exports(tmp_path, ACCENTED)
    assert run(in_dir, tmp_path / "auto").exit_status == 0  # the bundled profile detects UTF-8

    result = run(in_dir, tmp_path / "out", profile(tmp_path, encoding="cp1252"), engine)

    assert result.exit_status == 0
    published = mother(tmp_path / "out")
    assert (published["givenName"], published["familyName"]) == ("Thị", "Nguyễn")
    assert published["sourcedId"] == mother(tmp_path / "auto")["sourcedId"]  # her ID made from her name
    (warning,) = result.report.examples["I268"]
    assert (warning.where.file, warning.where.line) == ("CON.csv", 7)
    assert warning.code.severity == "warning"
    assert (
        "declares encoding cp1252, but the file is UTF-8 (line 7 holds 'Nguyễn', which cp1252 reads as 'Nguyá»…n')"
        in str(warning)
    )
    assert "Nguy" not in str(warning.to_dict(redact=True)["message"])
    assert (tmp_path / "out" / "users.csv").read_bytes() == (tmp_path / "auto" / "users.csv").read_bytes()


def test_a_utf8_export_with_a_byte_order_mark_declared_cp1252_is_read_as_utf8(tmp_path: Path) -> None:
    """Only the BOM is not ASCII: read as cp1252, the first column's name was 'ï»¿PID' (I201)."""
    in_dir = exports(tmp_path, encoding="utf-8-sig")

    result = run(in_dir, tmp_path / "out", profile(tmp_path, encoding="cp1252"))

    assert result.exit_status == 0, result.problems
    assert [str(p) for p in result.report.examples["I268"]] == [
        "CON.csv:1: I268 encoding-declared-not-used: CON.csv: the profile declares encoding cp1252, but the file is "
        "UTF-8 (line 1 holds 'PID', which cp1252 reads as 'ï»¿PID'); read as UTF-8: set encoding: utf-8 (or auto) "
        "for this source in the profile"
    ]


def test_a_cp1252_export_declared_cp1252_is_read_as_declared_and_said_nothing_of(tmp_path: Path) -> None:
    in_dir = exports(tmp_path, LATIN, encoding="cp1252")

    result = run(in_dir, tmp_path / "out", profile(tmp_path, encoding="cp1252"))

    assert result.exit_status == 0
    assert mother(tmp_path / "out")["familyName"] == "Peña"
    assert not {"I202", "I268"} & set(result.report.counts)


def test_an_export_mixing_utf8_and_cp1252_declared_cp1252_is_read_as_declared(tmp_path: Path) -> None:
    """One byte that is not UTF-8 is enough: the file is not UTF-8, and cp1252 reads all of it."""
    in_dir = exports(tmp_path, LATIN, encoding="cp1252")
    con = in_dir / "CON.csv"
    con.write_bytes(con.read_bytes() + "40002,9,Nguyễn,Thi,11,P,Y,Y,Y,,,,02,0\r\n".encode())

    result = run(in_dir, tmp_path / "out", profile(tmp_path, encoding="cp1252"))

    assert result.exit_status == 0
    assert mother(tmp_path / "out")["familyName"] == "Peña"
    assert "I268" not in result.report.counts


def test_a_cp1252_export_declared_utf8_stops_naming_the_byte_and_the_encoding(tmp_path: Path) -> None:
    in_dir = exports(tmp_path, LATIN, encoding="cp1252")

    result = run(in_dir, tmp_path / "out", profile(tmp_path, encoding="utf-8"))

    assert result.exit_status == 2
    assert not (tmp_path / "out" / "users.csv").exists()
    assert [str(p) for p in result.problems] == [
        "CON.csv:7: I269 layout-not-as-declared: CON.csv: the profile declares encoding: utf-8, but byte 0xF1 on "
        "line 7 is not UTF-8 (as Windows-1252 the cell reads 'Peña'); nothing read: set encoding: cp1252 (or auto, "
        "which detects it) for this source in the profile"
    ]
    assert "Peña" not in str(result.problems[0].to_dict(redact=True)["message"])
    fix = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert "readable by the account" not in fix and "encoding or delimiter in the profile" in fix


def test_a_utf16_export_declared_utf8_stops_suggesting_auto(tmp_path: Path) -> None:
    """The profile's encodings do not name UTF-16, and Windows-1252 would not read it: auto does (I211)."""
    in_dir = exports(tmp_path, encoding="utf-16")

    result = run(in_dir, tmp_path / "out", profile(tmp_path, encoding="utf-8"))

    assert result.exit_status == 2
    assert [str(p) for p in result.problems] == [
        "CON.csv:1: I269 layout-not-as-declared: CON.csv: the profile declares encoding: utf-8, but the file is UTF-16 "
        "(byte 0xFF on line 1 is not UTF-8); nothing read: set encoding: auto (which detects UTF-16) for this source "
        "in the profile"
    ]
    assert run(in_dir, tmp_path / "auto").exit_status == 0


@pytest.mark.parametrize(
    ("written", "declared", "named"),
    [(",", ";", "comma"), (";", ",", "semicolon"), ("\t", ",", "tab")],
    ids=["comma-declared-semicolon", "semicolon-declared-comma", "tab-declared-comma"],
)
def test_a_wrong_delimiter_is_said_once(tmp_path: Path, written: str, declared: str, named: str) -> None:
    in_dir = exports(tmp_path, delimiter=written)

    result = run(in_dir, tmp_path / "out", profile(tmp_path, delimiter=declared))

    assert result.exit_status == 2
    (problem,) = result.problems
    assert (problem.code.id, problem.where.file, problem.where.line) == ("I269", "CON.csv", 1)
    header = written.join(["PID", "SQ", "LN", "FN", "RL", "CD", "ERH", "PC", "LW", "EM", "TL", "CP", "CL", "DEL"])
    assert (
        f"split at {declared!r} the header on line 1 is one cell, split at {written!r} 14 columns holding the 5 the "
        f"profile requires: the file is {named}-delimited (its header: {header!r})"
    ) in str(problem)
    suggest = '"\\t"' if written == "\t" else repr(written)
    assert f"set delimiter: {suggest} (or auto, which detects it) for this source" in str(problem)


def test_check_profile_with_the_exports_says_what_a_run_would(tmp_path: Path) -> None:
    in_dir = exports(tmp_path, ACCENTED)

    _, problems = api.check_profile(str(profile(tmp_path, encoding="cp1252")), exports=in_dir)

    (warning,) = [p for p in problems if p.code.id == "I268"]
    assert (warning.where.file, warning.where.line) == ("CON.csv", 7)
