"""Particles only where the cell shows them, a Spanish "y" between surnames, a cell holding a family
name only (names49; tester58 F1 after names48).

names48 joined every particle-looking word before the last one to the family name: a Vietnamese
"Le Van Thanh" typed family first got the family name "Van Thanh", "Wei Di Chen" "Di Chen", and a
cell holding only "de la Cruz" the given name "de". Di, Da, Do, Du, Le, Van and Bin are East Asian
names too: capitalised, they join the family name only in a cell with no East Asian name beside
them; in small letters in a capitalised cell ("Paolo di Stefano") they are particles."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from transform import api
from transform.cleaners import REGISTRY, family_words
from transform.cleaners.base import CleanerSettings

SETTINGS = CleanerSettings()


def parts(raw: str) -> tuple[str, str, str]:
    """(given, middle, family) as the three cleaners a profile names give them."""
    given_name, middle, family = (
        REGISTRY[n].factory(SETTINGS, {})(raw)[0] for n in ("name_given", "name_middle", "name_family")
    )
    return given_name, middle, family


def issues(raw: str) -> list[str]:
    return [slug for slug, _ in REGISTRY["name_given"].factory(SETTINGS, {})(raw)[1]]


@pytest.mark.parametrize(
    ("raw", "given_name", "middle", "family"),
    [
        # Vietnamese names, family first or last: Văn and Lê are names, not particles
        ("Le Van Thanh", "Le", "Van", "Thanh"),
        ("Nguyen Van An", "Nguyen", "Van", "An"),
        ("LE VAN THANH", "LE", "VAN", "THANH"),
        ("Hoa Le Smith", "Hoa", "Le", "Smith"),
        ("Anh Lê Dubois", "Anh", "Lê", "Dubois"),
        ("Minh Do Tran", "Minh", "Do", "Tran"),
        # Chinese syllables Di, Da
        ("Wei Di Chen", "Wei", "Di", "Chen"),
        ("Wei Da Chen", "Wei", "Da", "Chen"),
        ("Chen Da Wei", "Chen", "Da", "Wei"),
        # the same words as particles of French, Italian, Portuguese family names
        ("Marie Le Blanc", "Marie", "", "Le Blanc"),
        ("Kim Le Blanc", "Kim", "", "Le Blanc"),
        ("Leo Di Maria", "Leo", "", "Di Maria"),
        ("Paolo di Stefano", "Paolo", "", "di Stefano"),
        ("Ana Da Silva", "Ana", "", "Da Silva"),
        ("Joao da Silva", "Joao", "", "da Silva"),
        ("Jose do Carmo", "Jose", "", "do Carmo"),
        ("Ann Du Pont", "Ann", "", "Du Pont"),
        ("Rui Da Silva", "Rui", "", "Da Silva"),
        # Filipino and Italian particles names48's list lacked
        ("Maria Dela Cruz", "Maria", "", "Dela Cruz"),
        ("Jun Delos Santos", "Jun", "", "Delos Santos"),
        ("Marco Dalla Costa", "Marco", "", "Dalla Costa"),
        ("Wei di Chen", "Wei", "", "di Chen"),  # in small letters, as the clerk wrote a particle
        # a Spanish "y" (Portuguese "e") between two surnames
        ("Maria Garcia y Lopez", "Maria", "", "Garcia y Lopez"),
        ("MARIA GARCIA Y LOPEZ", "MARIA", "", "GARCIA Y LOPEZ"),
        ("Maria Elena Garcia y Lopez", "Maria", "Elena", "Garcia y Lopez"),
        ("Maria de Leon y de la Cruz", "Maria", "", "de Leon y de la Cruz"),
        ("Joao Silva e Souza", "Joao", "", "Silva e Souza"),
        ("Jose Ortega y Gasset Jr.", "Jose", "", "Ortega y Gasset Jr."),
        ("John E Smith", "John", "E", "Smith"),  # a capital E is an initial
        ("John Y Smith", "John", "Y", "Smith"),
        ("Jose y Maria", "Jose", "y", "Maria"),  # no given name would be left: read as before
        ("Garcia y Lopez, Maria", "Maria", "", "Garcia y Lopez"),
        # a 'Last, First' field typed without its comma, the family name shown by its particles
        ("de la Cruz Rosa", "Rosa", "", "de la Cruz"),
        ("van der Berg Fatima Maria", "Fatima", "Maria", "van der Berg"),
        ("De La Cruz Rosa", "Rosa", "", "De La Cruz"),
        ("St. John Mary", "Mary", "", "St. John"),
        ("de Leon y Garcia Maria", "Maria", "", "de Leon y Garcia"),
        # a capitalised particle before one word may be a given name
        ("Van Morrison", "Van", "", "Morrison"),
        ("Di Maria", "Di", "", "Maria"),
        ("Del Rio", "Del", "", "Rio"),
    ],
)
def test_a_name_s_parts_where_the_cell_shows_them(raw: str, given_name: str, middle: str, family: str) -> None:
    assert parts(raw) == (given_name, middle, family)
    assert issues(raw) == []


@pytest.mark.parametrize(
    "raw",
    [
        "de la Cruz",
        "De La Cruz",
        "DE LA CRUZ",
        "van der Berg",
        "St. John",
        "Dela Cruz",
        "Smith",
        "de Leon y Garcia",
        "Smith,",
    ],
)
def test_a_cell_of_a_family_name_only_gives_no_given_name_and_says_so(raw: str) -> None:
    """No particle for a given name ("de", stop 48), no given name at all: V571, and Remind's rule
    (givenName data required) leaves the person out."""
    assert parts(raw) == ("", "", raw.rstrip(","))
    assert issues(raw) == ["name-family-only"]


def test_a_placeholder_or_a_blank_cell_is_no_name_and_not_a_family_name() -> None:
    """A placeholder is said by D304 of the empty given name, as before; a blank cell by nothing."""
    for cell in ("Unknown, Unknown", "N/A", "", "  "):
        assert parts(cell)[0] == ""
        assert issues(cell) == []


# -- properties ------------------------------------------------------------------------------------

_EAST_ASIAN = ["Nguyen", "Tran", "Chen", "Wang", "Wei", "Thanh", "Minh", "Thi"]
_AMBIGUOUS = ["Le", "Di", "Da", "Do", "Du", "Van", "Bin"]
_OTHER = ["Maria", "Smith", "Blanc", "Rossi", "Silva", "Ann", "Pont"]


@given(st.sampled_from(_OTHER), st.sampled_from(_AMBIGUOUS), st.sampled_from(_OTHER), st.sampled_from(_EAST_ASIAN))
def test_a_capitalised_east_asian_name_is_no_particle_beside_another(a: str, word: str, b: str, asian: str) -> None:
    """Wherever an East Asian name stands in the cell (given, middle or family), a capitalised Di, Da,
    Le, Do, Du, Van or Bin before the last word is a middle name, never joined to the family name."""
    for words in ([asian, word, b], [a, asian, word, b], [a, word, asian]):
        _given, middle, family = parts(" ".join(words))
        assert family == words[-1], words
        assert middle.split()[-1:] == [word], words


@given(st.sampled_from(_OTHER), st.sampled_from(_AMBIGUOUS), st.sampled_from(["Chen", "Wang", "Wei", *_OTHER]))
def test_a_particle_in_small_letters_joins(a: str, word: str, b: str) -> None:
    """In small letters in a capitalised cell, as a clerk writes a particle, beside an East Asian
    name too; only before a Vietnamese family name nothing joins ("Minh van Nguyen")."""
    given_name, middle, family = parts(f"{a} {word.lower()} {b}")
    assert (given_name, middle, family) == (a, "", f"{word.lower()} {b}")


_surname = st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True).filter(
    lambda w: family_words.plain_word(w) not in family_words.PARTICLES | family_words.SUFFIXES
)


@given(st.lists(_surname, min_size=1, max_size=2), _surname, _surname, st.sampled_from(["y", "e"]))
def test_two_surnames_joined_by_y_stay_one_family_name(firsts: list[str], one: str, two: str, joint: str) -> None:
    given_name, middle, family = parts(" ".join([*firsts, one, joint, two]))
    assert (given_name, middle, family) == (firsts[0], " ".join(firsts[1:]), f"{one} {joint} {two}")


_word = st.one_of(
    st.sampled_from([*sorted(family_words.PARTICLES), *_EAST_ASIAN, *_AMBIGUOUS, *_OTHER, "y", "Y", "Jr.", "St."]),
    st.from_regex(r"[A-Z][a-zà-ÿ]{0,7}", fullmatch=True),
)


@given(st.lists(_word, min_size=1, max_size=6))
def test_a_cell_gives_a_given_name_or_says_it_has_none(words: list[str]) -> None:
    """No word lost, the order kept; and a cell yields a given name (its first word, or the word
    after a family name its particles show first), or V571 and the whole cell as the family name:
    never a particle for a given name."""
    cell = " ".join(words)
    if family_words.plain_word(cell) in ("na", "none", "unknown", "unk", "nil", "null", "tbd"):
        return
    given_name, middle, family = parts(cell)
    if given_name and not family_words.family_first(words):
        assert " ".join(p for p in (given_name, middle, family) if p).split() == words
        assert issues(cell) == []
    elif given_name:  # the family name first, shown by its particles: "de la Cruz Rosa"
        assert " ".join(p for p in (family, given_name, middle) if p).split() == words
        assert family_words.plain_word(words[0]) in family_words.PARTICLES and issues(cell) == []
    else:
        assert family == cell and issues(cell) == ["name-family-only"]


# -- in a run: the parent is left out, said at the cell -------------------------------------------


@pytest.mark.parametrize(
    ("profile", "fixture", "file", "cell", "written", "column"),
    [
        ("powerschool", "powerschool/district/in", "students.txt", "Garcia, Sofiaa", "de la Cruz", "Mother"),
        ("clever", "clever/district/in", "students.csv", "Mai Nguyen", "de la Cruz", "Contact_name"),
    ],
)
def test_a_parent_of_a_family_name_only_is_left_out_and_said_at_the_cell(
    tmp_path: Path, profile: str, fixture: str, file: str, cell: str, written: str, column: str
) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / fixture, exports)
    path = exports / file
    text = path.read_text(encoding="latin-1")
    assert cell in text
    path.write_text(text.replace(cell, written, 1), encoding="latin-1")
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = list(csv.DictReader(handle))
    assert not [
        u for u in users if u["givenName"] in ("de", "") or ("Cruz" in u["familyName"] and u["role"] != "student")
    ]
    [said] = result.report.examples["V571"]
    assert (said.where.file, said.where.column) == (file, column)
    assert said.params["value"] == written
    assert result.report.counts.get("D304") or result.report.counts.get("D379")
