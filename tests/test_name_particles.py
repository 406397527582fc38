"""A family name's particles in a "First Last" name field (tester58 F1).

Clever's `Contact_name` and PowerSchool's Mother and Father columns typed "First Last" (no comma)
are split by `name_given` / `name_family`: "Fatima van der Berg" was published givenName Fatima,
familyName Berg, "van der" taken for middle names, which neither profile maps, so dropped; her
child is "van der Berg". The particles now stay with the family name. And a parent whose ID the
tool derived from that name keeps it the night of the upgrade: the identity map of the last set
holds her as "Fatima Berg", and she is looked for under that key too (pipeline.identity)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from transform import api
from transform.cleaners import REGISTRY, family_words, names
from transform.cleaners.base import CleanerSettings

SETTINGS = CleanerSettings()


def parts(raw: str) -> tuple[str, str, str]:
    """(family, given, middle) as the three cleaners a profile names give them."""
    family, given_name, middle = (
        REGISTRY[n].factory(SETTINGS, {})(raw)[0] for n in ("name_family", "name_given", "name_middle")
    )
    return family, given_name, middle


@pytest.mark.parametrize(
    ("raw", "family", "given", "middle"),
    [
        ("Fatima van der Berg", "van der Berg", "Fatima", ""),
        ("Rosa de la Cruz", "de la Cruz", "Rosa", ""),
        ("Mary St. John", "St. John", "Mary", ""),
        ("Mary Saint James", "Saint James", "Mary", ""),
        ("Ludwig von Trapp", "von Trapp", "Ludwig", ""),
        ("Piet ten Boom", "ten Boom", "Piet", ""),
        ("Leo Di Maria", "Di Maria", "Leo", ""),
        ("João dos Santos", "dos Santos", "João", ""),
        ("Ali bin Hassan", "bin Hassan", "Ali", ""),
        ("Ahmed al Farsi", "al Farsi", "Ahmed", ""),
        ("Tim Mac Donald", "Mac Donald", "Tim", ""),
        ("Tim O' Brien", "O' Brien", "Tim", ""),
        ("Kevin O'Neil", "O'Neil", "Kevin", ""),
        ("Ana D'Angelo", "D'Angelo", "Ana", ""),
        ("Luis García-López", "García-López", "Luis", ""),
        # a middle name keeps its place, before the particles
        ("Rosa Maria van der Berg", "van der Berg", "Rosa", "Maria"),
        ("Ann Marie de la Cruz Jr.", "de la Cruz Jr.", "Ann", "Marie"),
        ("Daniel van Dyk, Jr.", "van Dyk, Jr.", "Daniel", ""),
        # the first word is the given name, whatever it looks like
        ("Van Morrison", "Morrison", "Van", ""),
        ("Dana Van", "Van", "Dana", ""),
        # Văn before a Vietnamese family name is a middle name
        ("Minh Van Nguyen", "Nguyen", "Minh", "Van"),
        ("Thi Van Le", "Le", "Thi", "Van"),
        # "Last, First" is read as before
        ("van der Berg, Fatima", "van der Berg", "Fatima", ""),
        ("Berg, Fatima van der", "Berg", "Fatima", "van der"),
        ("Mary Ann Smith", "Smith", "Mary", "Ann"),
    ],
)
def test_a_family_name_keeps_its_particles(raw: str, family: str, given: str, middle: str) -> None:
    assert parts(raw) == (family, given, middle)


# Words of names: letters with an apostrophe, a hyphen or a final period, the particles among them.
_word = st.one_of(
    st.sampled_from([*sorted(family_words.PARTICLES), "Van", "De", "St.", "Nguyen", "Jr.", "III", "V", "Smith", "Ann"]),
    st.sampled_from(["Le", "Di", "Da", "Do", "y", "Y", "e", "Chen", "Wei", "Thi", "Lê", "Thanh", "Garcia"]),
    st.from_regex(r"[A-Z][a-zà-ÿ]{0,7}([-'][A-Za-z][a-z]{0,5})?\.?", fullmatch=True),
)
_cell = st.lists(_word, min_size=2, max_size=6).filter(lambda words: not names.is_placeholder_name(" ".join(words)))


@given(_cell)
@example(["Fatima", "van", "der", "Berg"])
@example(["Ann", "de", "la", "Cruz", "Jr."])
def test_no_word_of_a_first_last_cell_is_lost_and_the_order_is_kept(words: list[str]) -> None:
    """The first word is the given name; or the cell holds a family name only (V571: 'de la Cruz'), or
    starts with one, its particles shown ('de la Cruz Rosa': a 'Last, First' typed without its comma)."""
    family, given_name, middle = parts(" ".join(words))
    if given_name == "" or not family_words.family_first(words):
        assert given_name in ("", words[0])
        assert " ".join(p for p in (given_name, middle, family) if p).split() == words
    else:
        assert " ".join(p for p in (family, given_name, middle) if p).split() == words
        assert family.split()[0].casefold().rstrip(".") in family_words.PARTICLES


@given(_cell)
def test_the_split_of_a_split_name_is_the_same(words: list[str]) -> None:
    """Written again as "First Middle Last", or as "Last, First Middle", the same three parts (but
    for a given or middle name that is a suffix, "Jr. Abu": "Abu, Jr." is Abu Jr.). A cell read family
    first ("de la Cruz Rosa Maria") is a "Last, First Middle" without its comma: written with it, the
    same parts (moved after the given name, its middle names may be particles the family name takes)."""
    family, given_name, middle = parts(" ".join(words))
    if given_name and family_words.family_first(words):
        assert parts(f"{family}, {given_name} {middle}") == (family, given_name, middle)
        return
    assert parts(" ".join(p for p in (given_name, middle, family) if p)) == (family, given_name, middle)
    if "," not in family and not any(family_words.is_suffix(w) for w in f"{given_name} {middle}".split()):
        assert parts(f"{family}, {given_name} {middle}") == (family, given_name, middle)


@given(_cell)
def test_the_family_name_the_splits_before_gave_are_found_again(words: list[str]) -> None:
    """`earlier_names` gives the name each earlier split gave (stop 47: the last word, with a suffix
    after it; stop 48: with every particle-looking word before it; the first word the given name,
    "de" of "de la Cruz Rosa"): the keys the identity maps of those versions hold."""
    family, given_name, middle = parts(" ".join(words))
    if not given_name:  # a family name only: left out now (V571), nobody's ID to keep
        return
    for split in family_words.EARLIER_SPLITS:
        first, before = split(words)
        earlier = (first[0], before)
        assert earlier == (given_name, family) or earlier in family_words.earlier_names(given_name, middle, family)


# -- the night of the upgrade: a parent's derived ID is kept -----------------------------------


def _users(out: Path) -> Iterator[dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _parents(out: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(givenName, familyName) -> (sourcedId, the students it is the agent of), for every parent."""
    users = list(_users(out))
    children: dict[str, list[str]] = {}
    for user in users:
        for agent in filter(None, user["agentSourcedIds"].split(",")):
            if user["role"] == "student":
                children.setdefault(agent, []).append(user["sourcedId"])
    return {
        (u["givenName"], u["familyName"]): (u["sourcedId"], ",".join(sorted(children.get(u["sourcedId"], []))))
        for u in users
        if u["role"] in ("parent", "guardian")
    }


def _exports(tmp_path: Path, fixture: str, file: str, swaps: dict[str, str], drop: str = "") -> Path:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / fixture, folder)
    path = folder / file
    text = path.read_text(encoding="latin-1")  # bytes kept as they are (a cp1252 export)
    for before, after in swaps.items():
        assert before in text
        text = text.replace(before, after)
    if drop:  # a column emptied: the contact IDs Clever leaves out, so the IDs are derived
        lines = text.splitlines()
        at = lines[0].split(",").index(drop)
        text = (
            "\n".join(
                ",".join("" if i == at and n else c for i, c in enumerate(line.split(",")))
                for n, line in enumerate(lines)
            )
            + "\n"
        )
    path.write_text(text, encoding="latin-1")
    return folder


def _two_nights(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, profile: str, exports: Path) -> tuple:
    out = tmp_path / "out"
    options = {"profile": profile, "in_dir": exports, "out_dir": out}
    with monkeypatch.context() as old:
        old.setattr(names, "_first_last", family_words.EARLIER_SPLITS[0])  # stop 47
        names._parts.cache_clear()
        first = api.run(api.RunOptions(**options, as_of=dt.date(2026, 10, 15)))
    names._parts.cache_clear()
    night1 = _parents(out)
    second = api.run(api.RunOptions(**options, as_of=dt.date(2026, 10, 16)))
    return first, night1, second, _parents(out)


UPGRADES = {
    "powerschool": (
        "powerschool/district/in",
        "students.txt",
        {
            "Nguyen, Lucasa": "Fatima van der Berg",
            # a mother without an email (her ID derived from her phone): no V546 to find her by
            "Garcia, Sofiaa\tGarcia, Zoeo\tsofiaa.garcia@mail.example.com": "Sofia de la Cruz\tGarcia, Zoeo\t",
        },
        "",
        {("Fatima", "Berg"): ("Fatima", "van der Berg"), ("Sofia", "Cruz"): ("Sofia", "de la Cruz")},
    ),
    "clever": (
        "clever/district/in",
        "students.csv",
        {"Mai Nguyen": "Mai de la Rosa"},
        "Contact_sis_id",
        {("Mai", "Rosa"): ("Mai", "de la Rosa")},
    ),
}


@pytest.mark.parametrize("profile", sorted(UPGRADES))
def test_the_night_of_the_upgrade_keeps_every_parent_s_id(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, profile: str
) -> None:
    """Night 1 with the split before (the parent published "Fatima Berg", under an ID derived from
    that name, the map keyed by it), night 2 with tonight's: every parent of night 1 is published
    under the same ID with the same children, the ones with particles under their whole family
    name, at exit 0; nobody re-keyed, no ID given to another."""
    fixture, file, swaps, drop, renamed = UPGRADES[profile]
    first, night1, second, night2 = _two_nights(
        monkeypatch, tmp_path, profile, _exports(tmp_path, fixture, file, swaps, drop)
    )
    assert first.exit_status == 0
    assert second.exit_status == 0, second.report.counts
    assert set(renamed) <= set(night1)
    assert {renamed.get(name, name): who for name, who in night1.items()} == night2
    assert all(night1[name][0].startswith("G") for name in renamed)  # derived IDs, the ones at risk
    for code in ("X955", "X958", "X939", "X938", "X979", "V546", "V547"):
        assert code not in second.report.counts


@pytest.mark.parametrize(
    ("profile", "fixture", "file", "cell", "written"),
    [
        ("clever", "clever/district/in", "students.csv", "Mai Nguyen", "Mai Anh de la Rosa"),
        ("powerschool", "powerschool/district/in", "students.txt", "Nguyen, Lucasa", "Rosa Maria van der Berg"),
    ],
)
def test_a_parent_s_first_last_name_is_published_whole(
    tmp_path: Path, profile: str, fixture: str, file: str, cell: str, written: str
) -> None:
    """Every word of the cell in the set: the given name, the middle name (the bundled profiles map
    it for parents) and the family name with its particles."""
    out = tmp_path / "out"
    exports = _exports(tmp_path, fixture, file, {cell: written})
    result = api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))
    assert result.exit_status == 0
    given_name, middle, family = written.split(None, 2)
    [parent] = [u for u in _users(out) if u["givenName"] == given_name and u["role"] in ("parent", "guardian")]
    assert (parent["middleName"], parent["familyName"]) == (middle, family)
