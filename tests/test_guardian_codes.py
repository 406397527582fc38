"""A guardians rule judged by the SIS's own relationship codes, and a custody flag read backwards
that still keeps parents (newcomer49 4, mapping48's leftovers).

- V562 said a flag read the wrong way round only when most links it kept were no parent's: where
  many families also list a non-custodial parent (a mother and a father flagged N beside the
  custodial pair), the flag read backwards keeps them with the emergency contacts, more than half
  parents, and the custodial parents of every child were left out at exit 0. Now the links left
  out being parents' nearly all, and those kept parents' markedly less, is said too.
- V559 and V562 read relationship words only (Mother, Emergency Contact): a SIS writing codes
  (Aeries' RL 10, 11, 20, a new SIS's M/F/E) published its emergency contacts as guardians with no
  word. A profile now gives its code list, in YAML: `guardian: relationship_codes: {parents: [...],
  not_guardians: [...]}`.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests.test_guardian_words import (
    CUSTODIAL,
    FAMILIES,
    MAPS,
    NO_LINK_WHERE,
    REVERSED,
    aeries,
    new_profile,
    new_sis,
    night,
    parents,
)
from transform import api

NON_CUSTODIAL = 20  # families that also list a mother and a father with no custody


def with_non_custodial(exports: Path) -> Path:
    """Contacts.csv with a non-custodial mother and father for NON_CUSTODIAL families."""
    path = exports / "Contacts.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for n in range(NON_CUSTODIAL):
        for k, (first, relation) in enumerate((("Exmom", "Mother"), ("Exdad", "Father"))):
            rows.append(
                [f"00013{n:02d}", f"X{n:02d}{k}", f"{first}{n}", f"Other{n}", relation, "N",
                 f"{first.lower()}{n}@example.com", f"(608) 555-{7000 + 10 * n + k:04d}"]
            )  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return exports


def test_a_custody_flag_read_backwards_that_keeps_the_non_custodial_parents_is_said(tmp_path: Path) -> None:
    exports = with_non_custodial(new_sis(tmp_path / "in"))
    result = night(new_profile(tmp_path, REVERSED), exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published  # a first set: X820
    assert [p.code.id for p in result.problems] == ["X820"]
    (said,) = result.report.examples["V562"]
    kept_links, kept_parents = FAMILIES + 2 * NON_CUSTODIAL, 2 * NON_CUSTODIAL
    assert (said.params["kept"], said.params["kept_parents"]) == (f"{kept_links}", f"{kept_parents}")
    assert (said.params["left"], said.params["left_parents"]) == (f"{2 * FAMILIES}", f"{2 * FAMILIES}")


def test_the_custody_flag_read_right_with_non_custodial_parents_is_no_word(tmp_path: Path) -> None:
    exports = with_non_custodial(new_sis(tmp_path / "in"))
    result = night(new_profile(tmp_path, CUSTODIAL), exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert not {"V559", "V562"} & set(result.report.counts)
    assert sorted(parents(tmp_path / "out")) == sorted(f"{who}{n}" for n in range(FAMILIES) for who in ("Mom", "Dad"))


CODES = {"Mother": "M", "Father": "F"}  # every other relationship (the emergency contacts) is E


def coded(exports: Path) -> Path:
    """Contacts.csv's relationship written as a code: M, F, and E for each emergency contact."""
    path = exports / "Contacts.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        row[4] = CODES.get(row[4], "E")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return exports


WORDS = "values: {mother: parent, father: parent, stepmother: parent, stepfather: parent, guardian: guardian}"
CODE_MAP = MAPS.replace(WORDS, 'values: {"M": parent, "F": parent}')
CODE_LIST = "        relationship_codes: {parents: [M, F], not_guardians: [E]}\n"


def _coded_profile(folder: Path, link_where: str) -> Path:
    path = new_profile(folder, link_where)
    path.write_text(path.read_text(encoding="utf-8").replace(MAPS, CODE_MAP), encoding="utf-8")
    return path


def test_emergency_contacts_of_a_code_the_profile_lists_are_said(tmp_path: Path) -> None:
    exports = coded(new_sis(tmp_path / "in"))
    unsaid = night(_coded_profile(tmp_path / "words", NO_LINK_WHERE), exports, tmp_path / "unsaid")
    assert "Help0" in parents(tmp_path / "unsaid") and "V559" not in unsaid.report.counts  # what codes hid

    listed = _coded_profile(tmp_path / "codes", CODE_LIST)
    assert api.check_profile(str(listed), hints=True)[1] == []
    result = night(listed, exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published  # a first set: X820
    assert [p.code.id for p in result.problems] == ["X820"]
    (said,) = result.report.examples["V559"]
    assert (said.params["count"], said.params["total"]) == (f"{FAMILIES}", f"{3 * FAMILIES}")
    assert said.params["words"] == f"'E' ({FAMILIES})"

    fixed = night(_coded_profile(tmp_path / "fixed", CODE_LIST + CUSTODIAL), exports, tmp_path / "fixed-out")
    assert fixed.exit_status == api.EXIT_PUBLISHED and not {"V559", "V562"} & set(fixed.report.counts)


def test_a_flag_read_backwards_over_codes_the_profile_lists_is_said(tmp_path: Path) -> None:
    exports = coded(new_sis(tmp_path / "in"))
    result = night(_coded_profile(tmp_path, CODE_LIST + REVERSED), exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    (said,) = result.report.examples["V562"]
    assert said.params["left_words"] == f"'F' ({FAMILIES}), 'M' ({FAMILIES})"


def test_aeries_emergency_code_listed_by_a_district_is_said(tmp_path: Path) -> None:
    """Aeries' record type checks dropped: the grandmothers (RL 20) published as guardians by the
    role map's default; a district listing 20 as no guardian is told."""
    district = tmp_path / "district.yaml"
    district.write_text(
        "extends: aeries\ntables:\n  users:\n    guardians:\n      guardian:\n"
        '        relationship_codes: {not_guardians: ["20"]}\n        link_where:\n'
        "          not_emergency: null\n          erh_known: null\n          parent_or_guardian: null\n",
        encoding="utf-8",
    )
    result = night(district, aeries(tmp_path / "in"), tmp_path / "out", dt.date(2026, 10, 15))
    (said,) = result.report.examples["V559"]
    assert said.params["column"] == "RL" and said.params["words"] == f"'20' ({FAMILIES + 1})"  # one the fixture's
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
