"""Names garbled by a change of encoding, which the last published set held right (tester74 F5).

Night 1's students.txt was UTF-8 and the Nguyễn children were published so. Night 2 the same export
came saved as Windows-1252 (Excel's 'CSV' save): 'Nguy?n'. D381 said the names look garbled and
told a person to export the file again, yet the run exited 0 and renamed the children in Remind.
Now a user of both sets whose name tonight is exactly last night's garbled keeps last night's
name, said (V616) and 'published, but' (exit 1): the set is right, and a person exports again.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests.parent_columns import NOW, write_district
from transform import api

CHILDREN = 12


def district(folder: Path, *, family: str = "Nguyễn", encoding: str = "utf-8", renamed: str = "") -> Path:
    """CHILDREN children of the `family`, their students.txt saved in `encoding` (a letter it lacks
    written '?'); `renamed`: the last child's family name in the SIS tonight, where given."""
    rows = [(f"{100 + n}", (f"Lee{n}, Ann", "", f"60855510{n:02d}"), ("", "", ""), f"H{n}") for n in range(CHILDREN)]
    exports = write_district(folder, rows, family=family)
    students = exports / "students.txt"
    text = students.read_text(encoding="utf-8")
    if renamed:
        *head, last = text.rstrip("\n").split("\n")
        text = "\n".join([*head, last.replace(f"\t{family}\t", f"\t{renamed}\t")]) + "\n"
    students.write_bytes(text.encode(encoding, errors="replace"))
    return exports


def run(exports: Path, out: Path, night: int) -> api.RunResult:
    now = NOW + dt.timedelta(days=night)
    return api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=now.date(), now=now)  # type: ignore[arg-type]
    )


def families(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {r["sourcedId"]: r["familyName"] for r in csv.DictReader(handle) if r["role"] == "student"}


def test_names_saved_in_windows_1252_keep_the_last_sets_spelling_and_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1"), out, 0).exit_status == 0
    assert set(families(out).values()) == {"Nguyễn"}
    night = run(district(tmp_path / "n2", encoding="cp1252"), out, 1)
    assert "D381" in night.report.counts
    assert night.report.published and night.exit_status == api.EXIT_NOT_PUBLISHED  # published, but
    assert night.report.counts["V616"] == 1
    (said,) = night.report.examples["V616"]
    assert said.params["count"] == CHILDREN and said.params["first"].startswith("100 'Nguyễn', 101 'Nguyễn'")
    assert set(families(out).values()) == {"Nguyễn"}, "not renamed 'Nguy?n' in Remind"
    again = run(district(tmp_path / "n3"), out, 2)
    assert again.exit_status == 0 and "V616" not in again.report.counts
    assert set(families(out).values()) == {"Nguyễn"}


def test_utf8_read_as_windows_1252_and_saved_again_keeps_the_names_too(tmp_path: Path) -> None:
    """'Zoë' saved back as UTF-8 after a Windows-1252 reading: 'ZoÃ«'."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1", family="Zoë"), out, 0).exit_status == 0
    night = run(district(tmp_path / "n2", family="Zoë".encode().decode("cp1252")), out, 1)
    assert night.report.counts.get("V616") == 1 and night.exit_status == api.EXIT_NOT_PUBLISHED
    assert set(families(out).values()) == {"Zoë"}


def test_a_real_rename_is_published_beside_them(tmp_path: Path) -> None:
    """The last child renamed in the SIS the same night ('Tran'): no garbling of her old name, published."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1"), out, 0).exit_status == 0
    night = run(district(tmp_path / "n2", encoding="cp1252", renamed="Tran"), out, 1)
    assert night.report.examples["V616"][0].params["count"] == CHILDREN - 1
    assert families(out)[f"{100 + CHILDREN - 1}"] == "Tran"
    assert sorted(families(out).values()).count("Nguyễn") == CHILDREN - 1


def test_an_ordinary_night_with_accented_names_says_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1"), out, 0).exit_status == 0
    night = run(district(tmp_path / "n2"), out, 1)
    assert night.exit_status == 0 and "V616" not in night.report.counts and "D381" not in night.report.counts


def test_a_misread_accent_whose_second_byte_is_invisible_keeps_the_names_with_no_d381(tmp_path: Path) -> None:
    """'García' read as Windows-1252 and saved back as UTF-8 is 'GarcÃ' and a soft hyphen, which the
    name cleaner drops: no '?', no replacement character, so no D381, and the comparison with the
    hyphen kept missed it: 'GarcÃa' published at exit 0 (reviewer91 R1)."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1", family="García"), out, 0).exit_status == 0
    night = run(district(tmp_path / "n2", family="García".encode().decode("cp1252")), out, 1)
    assert night.report.counts.get("V616") == 1 and night.exit_status == api.EXIT_NOT_PUBLISHED
    assert set(families(out).values()) == {"García"}
