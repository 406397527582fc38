"""Issue 18 items 1, 5 and 9 through the command: what is not a bug never exits 3, what cannot
be read as an export is named with its code (exit 1 or 2), and nothing hangs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import transform

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
AS_OF = ("--as-of", "2026-10-15")


def _exports(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE, folder)
    return folder


def _run(exports: Path, out: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    return transform("--profile", "powerschool", exports, out, *AS_OF, *extra)


def _stopped_by(result: subprocess.CompletedProcess[str], code: str, exit_status: int) -> None:
    assert result.returncode == exit_status, result.stderr
    assert "internal error" not in result.stderr
    assert re.search(rf"(^|\s){code} ", result.stderr), result.stderr


def _zip_of(folder: Path, target: Path, *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(target, "w", compression=compression) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, arcname=path.name)
    return target


# --- item 1: exit 3 only for a bug ---------------------------------------------------------


def test_a_zip_member_with_a_bad_crc_is_named(tmp_path: Path) -> None:
    """Damaged on the way, not a wrong command: exit 1, as a zip cut off is (tester47 F7.9)."""
    archive = _zip_of(SAMPLE, tmp_path / "exports.zip", compression=zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    at = data.find(b"Student_Number")  # stored: the member's bytes are as they were
    data[at] = ord("s") ^ 0x20 ^ ord("S") if data[at] == ord("S") else ord("S")
    archive.write_bytes(bytes(data))
    result = _run(archive, tmp_path / "out")
    _stopped_by(result, "X899", 1)
    assert "students.txt" in result.stderr and "damaged on the way" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_deflated_member_whose_bytes_were_damaged_is_exit_1(tmp_path: Path) -> None:
    archive = _zip_of(SAMPLE, tmp_path / "exports.zip")
    data = bytearray(archive.read_bytes())
    first = data.find(b"PK\x03\x04")
    name_length, extra_length = (int.from_bytes(data[first + at : first + at + 2], "little") for at in (26, 28))
    body = first + 30 + name_length + extra_length  # the first member's compressed bytes
    for at in range(body + 8, body + 24):
        data[at] ^= 0xFF
    archive.write_bytes(bytes(data))
    result = _run(archive, tmp_path / "out")
    _stopped_by(result, "X899", 1)
    assert "I235" not in result.stderr and "without a password" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_encrypted_zip_member_is_named(tmp_path: Path) -> None:
    archive = _zip_of(SAMPLE, tmp_path / "exports.zip", compression=zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    # The "encrypted" flag in every local and central header: what a password-protected zip says.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset] |= 0x1
            start += 4
    archive.write_bytes(bytes(data))
    result = _run(archive, tmp_path / "out")
    _stopped_by(result, "I235", 1)
    assert "encrypted" in result.stderr and "without a password" in result.stderr


def test_an_unsupported_compression_method_is_named(tmp_path: Path) -> None:
    archive = _zip_of(SAMPLE, tmp_path / "exports.zip", compression=zipfile.ZIP_STORED)
    data = bytearray(archive.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset : start + offset + 2] = (99).to_bytes(2, "little")  # AES, say
            start += 4
    archive.write_bytes(bytes(data))
    result = _run(archive, tmp_path / "out")
    _stopped_by(result, "I235", 1)
    assert "compress" in result.stderr


def test_a_symlink_loop_among_the_exports_is_named(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    (exports / "students.txt").unlink()
    (exports / "students.txt").symlink_to("students.txt")
    result = _run(exports, tmp_path / "out")
    _stopped_by(result, "I239", 1)
    assert "students.txt" in result.stderr


@pytest.mark.parametrize(
    ("as_of", "code", "exit_status"),
    [
        ("9999-12-31", "X905", 1),  # every term ended long before: a stale export, a person must look
        ("0001-01-01", "F421", 0),  # every term is still to come: nothing is due yet
    ],
)
def test_an_as_of_at_the_end_of_the_calendar_is_no_bug(tmp_path: Path, as_of: str, code: str, exit_status: int) -> None:
    result = transform("--profile", "powerschool", SAMPLE, tmp_path / "out", "--as-of", as_of)
    _stopped_by(result, code, exit_status)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "content",
    ["[1, 2]", '{"rows_read": "many"}', '{"published_at": 5}', "{not json", '{"rows_read": {"students.txt": "10"}}'],
)
def test_a_damaged_state_file_is_named(tmp_path: Path, content: str) -> None:
    out = tmp_path / "out"
    assert _run(SAMPLE, out).returncode == 0
    state = tmp_path / ".out.transform" / "last.json"
    state.write_text(content, encoding="utf-8")
    before = (out / "users.csv").read_bytes()
    result = _run(SAMPLE, out)
    _stopped_by(result, "X930", 1)
    assert "last.json" in result.stderr and "move it aside" in result.stderr
    assert (out / "users.csv").read_bytes() == before


def test_a_damaged_delivery_record_is_no_bug(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(SAMPLE, out).returncode == 0
    state = tmp_path / ".out.transform"
    (state / "delivered.json").write_text('{"delivered_at": 5, "pending_since": [1]}', encoding="utf-8")
    result = _run(SAMPLE, out)
    assert result.returncode == 0, result.stderr


def _mother(out: Path) -> str:
    return next(line for line in (out / "users.csv").read_text(encoding="utf-8").splitlines() if ",Lucasa," in line)


@pytest.mark.parametrize("damage", ["cut", "garbage"])
def test_a_damaged_identity_map_stops_the_night_before_a_parent_s_id_moves(tmp_path: Path, damage: str) -> None:
    """The map keeps the ID of a parent without a SIS ID when her email changes. Cut off (the
    copy stopped part way) or overwritten, it is refused as last.json is (X956, exit 1): the
    night her email changes, the set in OUT keeps her ID; the map restored, she keeps it."""
    out = tmp_path / "out"
    assert _run(SAMPLE, out).returncode == 0
    before = _mother(out).split(",")[0]
    exports = _exports(tmp_path)
    students = exports / "students.txt"
    students.write_bytes(students.read_bytes().replace(b"lucasa.nguyen@mail.", b"lucasa.n@newmail."))
    state = tmp_path / ".out.transform" / "identities.csv"
    whole = state.read_bytes()
    state.write_bytes(whole[:300] if damage == "cut" else b"garbage\x00\xff,,,\n")
    result = _run(exports, out)
    _stopped_by(result, "X956", 1)
    assert "identities.csv" in result.stderr and "move it aside" in result.stderr
    assert _mother(out).split(",")[0] == before
    state.write_bytes(whole)  # restored from a backup: she keeps her ID
    assert _run(exports, out).returncode == 0
    assert _mother(out).split(",")[0] == before and "lucasa.n@newmail." in _mother(out)


def test_running_out_of_memory_is_coded_and_publishes_nothing(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    lines = (exports / "students.txt").read_bytes().split(b"\r\n")
    cells = lines[1].split(b"\t")
    cells[3] = b"x" * (80 * 2**20)  # one 80 MB name: more than the job's 300 MB allow
    (exports / "students.txt").write_bytes(b"\r\n".join([lines[0], b"\t".join(cells), *lines[2:]]))
    out = tmp_path / "out"
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (300 * 2**20, 300 * 2**20))\n"
        "from transform.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "--profile", "powerschool", str(exports), str(out), *AS_OF],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    _stopped_by(result, "X931", 1)
    assert "more memory" in result.stderr
    assert not out.exists()


# --- item 5: only regular files are read; an oversized profile refused at once ----------


def test_a_fifo_named_like_an_export_is_refused_not_waited_on(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    (exports / "students.txt").unlink()
    os.mkfifo(exports / "students.txt")
    result = _run(exports, tmp_path / "out")  # the helper's timeout fails a hang
    _stopped_by(result, "I236", 1)
    assert "named pipe" in result.stderr


def test_dev_zero_named_like_an_export_is_refused(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    (exports / "students.txt").unlink()
    (exports / "students.txt").symlink_to("/dev/zero")
    result = _run(exports, tmp_path / "out")
    _stopped_by(result, "I236", 1)
    assert "a device" in result.stderr


def test_a_huge_profile_is_refused_at_once(tmp_path: Path) -> None:
    profile = tmp_path / "district.yaml"
    with profile.open("w", encoding="utf-8") as handle:
        handle.write("extends: powerschool\n")
        handle.write("# padding\n" * 300_000)  # 3 MB
    result = transform("--profile", profile, SAMPLE, tmp_path / "out", *AS_OF)
    _stopped_by(result, "X933", 2)
    assert "district.yaml" in result.stderr


# --- item 9: smaller ones ------------------------------------------------------------------


def test_a_zero_byte_required_export_is_export_empty(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    (exports / "students.txt").write_bytes(b"")
    result = _run(exports, tmp_path / "out")
    _stopped_by(result, "X910", 1)
    assert "0 bytes" in result.stderr and "I201" not in result.stderr


def test_utf16_without_a_bom_is_read_as_utf16(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    text = (SAMPLE / "students.txt").read_bytes().decode("cp1252")
    (exports / "students.txt").write_bytes(text.encode("utf-16-le"))
    report = tmp_path / "report.json"
    result = _run(exports, tmp_path / "out", "--report", report)
    assert result.returncode == 0, result.stderr
    reference = tmp_path / "reference"
    _run(SAMPLE, reference)
    assert (tmp_path / "out" / "users.csv").read_bytes() == (reference / "users.csv").read_bytes()
    counts = {p["code"] for p in json.loads(report.read_text(encoding="utf-8"))["problems"]}
    assert "I238" in counts and "I210" not in counts  # no NULs "removed" from every cell


@pytest.mark.parametrize(
    ("start", "says"),
    [
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"PK\x03\x04\x14\x00", "save it as CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel workbook (.xls)"),
        (b"%PDF-1.7\n", "PDF"),
    ],
)
def test_a_binary_file_saved_as_txt_is_recognised(tmp_path: Path, start: bytes, says: str) -> None:
    exports = _exports(tmp_path)
    (exports / "students.txt").write_bytes(start + bytes(range(256)) * 4)
    result = _run(exports, tmp_path / "out")
    _stopped_by(result, "I237", 1)
    assert says in result.stderr and "I201" not in result.stderr


# --- tester4 item 7: an export cut off while the SIS was still writing it --------------------


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(
    ("profile", "fixture", "file", "cut", "line", "why"),
    [
        # u-p1's agentSourcedIds cut inside "u-s1,u-s2": Eli lost his parent, u-p2's row was gone
        ("oneroster", "oneroster", "users.csv", lambda t: t[: t.index('"u-s1,u-s2"') + 5], 10, "inside a quoted value"),
        ("powerschool", "powerschool", "students.txt", lambda t: t[:-40], 29, "has 17 of 20 cells and no line end"),
    ],
    ids=["oneroster-open-quote", "powerschool-short-row"],
)
def test_an_export_cut_off_mid_write_is_refused_not_published_as_a_repair(
    tmp_path: Path,
    engine: str,
    profile: str,
    fixture: str,
    file: str,
    cut: Callable[[str], str],
    line: int,
    why: str,
) -> None:
    """tester4 case truncated (in-d, in-e): the file has no line end after a row short of
    cells, or a quoted value open at its end. Was: I204 row-too-short repaired, exit 0, a parent
    link and the rows after the cut lost. Now X957, exit 1, nothing written; the same file ended
    at a whole row, without its last line break, is published as the fixture is."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / fixture / "district" / "in", exports)
    path = exports / file
    whole = path.read_bytes()
    text = whole.decode("utf-8", errors="surrogateescape")
    path.write_bytes(cut(text).encode("utf-8", errors="surrogateescape"))
    result = transform("--profile", profile, exports, tmp_path / "out", *AS_OF, "--engine", engine)
    _stopped_by(result, "X957", 1)
    assert f"{file}:{line}: X957" in result.stderr and why in result.stderr
    assert "rerun the export; the SIS was still writing it" in result.stderr
    assert not (tmp_path / "out").exists()
    path.write_bytes(whole.rstrip(b"\r\n"))
    result = transform("--profile", profile, exports, tmp_path / "out", *AS_OF, "--engine", engine)
    assert result.returncode == 0, result.stderr
    assert "X957" not in result.stderr
    expected = FIXTURES / fixture / "district" / "expected" / "users.csv"
    assert (tmp_path / "out" / "users.csv").read_bytes() == expected.read_bytes()
