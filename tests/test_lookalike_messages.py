"""A message that pairs the last set's value with tonight's names the characters that differ when
the two look alike (tester41 F6): "T02 -> Т02" with a Cyrillic Т read as two equal strings, and the
admin could not act on "correct it back in the SIS", where the same text shows."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_gate_reassigned_and_swapped_terms import SAMPLE, row, run, students
from transform import api
from transform.report.lookalike import difference

CLEVER = FIXTURES / "clever" / "district"


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("T02", "Т02", "written with 'Т' U+0422 CYRILLIC CAPITAL LETTER TE where the last set had 'T'"),
        ("Lucía", "Lu\xadcía", "written with an invisible '\\xad' U+00AD SOFT HYPHEN the last set did not have"),
        ("Lu\u200bcía", "Lucía", "written without the '\\u200b' U+200B ZERO WIDTH SPACE the last set had"),
        ("S10", "S１０", "written with '１' U+FF11 FULLWIDTH DIGIT ONE where the last set had '1', with '０' U+FF10"),
        ("Whitfield", "Whitﬁeld", "written with 'ﬁ' U+FB01 LATIN SMALL LIGATURE FI where the last set had 'fi'"),
        ("25-26 Year", "25-26\xa0Year", "written with '\\xa0' U+00A0 NO-BREAK SPACE where the last set had ' '"),
        ("Οsei", "Osei", "written with 'O' U+004F LATIN CAPITAL LETTER O where the last set had 'Ο' U+039F GREEK"),
        # What the eye tells apart is not spelt out: another letter, an accent, the case.
        ("Peter", "Pieter", ""),
        ("Lucía", "Lucia", ""),
        ("HARPER", "Harper", ""),
        ("T02", "T02", ""),
    ],
)
def test_the_characters_two_look_alike_values_differ_by_are_named(old: str, new: str, said: str) -> None:
    assert difference(old, new).startswith(said) and bool(said) == bool(difference(old, new))


def test_a_teacher_id_typed_with_a_cyrillic_letter_is_named_in_x958(tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = {"profile": str(CLEVER / "district.yaml"), "as_of": dt.date(2026, 10, 15)}
    assert api.run(api.RunOptions(in_dir=CLEVER / "in", out_dir=out, **options)).exit_status == 0  # type: ignore[arg-type]
    tonight = tmp_path / "tonight"
    shutil.copytree(CLEVER / "in", tonight)
    for name in ("teachers.csv", "sections.csv"):
        path = tonight / name
        path.write_text(path.read_text(encoding="utf-8").replace(",T02,", ",Т02,"), encoding="utf-8")
    result = api.run(api.RunOptions(in_dir=tonight, out_dir=out, **options))  # type: ignore[arg-type]
    (message,) = [p.message for p in result.report.examples["X958"]]
    assert (
        "T02 -> Т02 (Kwame Osei: same email; written with 'Т' U+0422 CYRILLIC CAPITAL LETTER TE "
        "where the last set had 'T')" in message
    )


def test_names_that_look_the_same_are_told_apart_in_x939(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0

    def cyrillic_a(cells: list[list[bytes]]) -> None:  # a keyboard left on Russian: Liаm Gаrcia
        liam = row(cells, b"5002")
        liam[3], liam[5] = "Liаm".encode(), "Gаrcia".encode()

    result = run(students(tmp_path, cyrillic_a), out)
    (message,) = [p.message for p in result.report.examples["X939"]]
    assert (
        "5002: Liam Garcia -> Liаm Gаrcia [written with 'а' U+0430 CYRILLIC SMALL LETTER A where the last set "
        "had 'a']" in message
    )
