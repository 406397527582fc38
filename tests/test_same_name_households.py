"""Two guardians of one name in two households are two people, night after night (tester19 F2).

PowerSchool's Mother/Father columns give no person ID: a parent's ID is derived, and the identity
map keeps it when the points drift (a phone changed on one child's record first), re-uniting the
rows that share nothing tonight under the ID they had. It also re-united a *different* person of
the same name (a grandmother given custody of one child: another Family_Ident, email and phone)
with the mother: one user with the mother's phone and the grandmother's email, parent of all
three children, exit 0, where a first run kept them apart.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.parent_columns import FIXED, STUDENTS
from transform import api

NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)
ENGINES = ("python", "columnar")
KIDS = (("1", "Kenji"), ("2", "Leo"), ("3", "Tariq"))
TOM = ("Nguyen, Tom", "", "(608) 555-2000", "3000")


def export(folder: Path, mothers: dict[str, tuple[str, str, str, str]], *, reverse: bool = False) -> Path:
    """The three Nguyen children, each with a mother (name, email, phone, Family_Ident), Tom by default."""
    folder.mkdir()
    for name, text in FIXED.items():
        (folder / name).write_text(text, encoding="utf-8")
    rows = []
    for number, first in KIDS:
        name, email, phone, household = mothers.get(number, TOM)
        rows.append(
            f"{number}\t{number}\t100\t{first}\tNguyen\t3\t0\t1/2/2017\t{name}\t\t{email}\t\t{phone}\t\t{household}"
        )
    if reverse:
        rows.reverse()
    (folder / "students.txt").write_text("\n".join([STUDENTS, *rows, ""]), encoding="utf-8")
    cc = ["StudentID\tSectionID\tTermID\tSchoolID\tDateEnrolled\tDateLeft"]
    cc += [f"{number}\t10\t3600\t100\t08/17/2026\t" for number, _ in KIDS]
    (folder / "cc.txt").write_text("\n".join([*cc, ""]), encoding="utf-8")
    return folder


def run(exports: Path, out: Path, engine: str, **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"profile": "powerschool", "as_of": dt.date(2026, 10, 15), "now": NOW}
    return api.run(api.RunOptions(in_dir=exports, out_dir=out, engine=engine, **{**defaults, **options}))  # type: ignore[arg-type]


def guardians(out: Path) -> list[tuple[str, str, str, str]]:
    """(sourcedId, email, phone, children) of each published guardian."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(
            (r["sourcedId"], r["email"], r["phone"], r["agentSourcedIds"])
            for r in csv.DictReader(handle)
            if r["role"] in ("parent", "guardian")
        )


GRANDMA = ("Nguyen, Tom", "grandma@mail.example.com", "(608) 555-9999", "9999")


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("engine", ENGINES)
def test_a_person_of_the_same_name_in_another_household_is_not_the_mother_again(
    tmp_path: Path, engine: str, reverse: bool
) -> None:
    out = tmp_path / "out"
    assert run(export(tmp_path / "night1", {}), out, engine).exit_status == 0
    [(mother, *_)] = guardians(out)
    tonight = export(tmp_path / "night2", {"3": GRANDMA}, reverse=reverse)
    result = run(tonight, out, engine)
    assert result.exit_status == 0 and result.report.published
    # As a first run of the same exports gives: the mother keeps her ID and Kenji and Leo; the
    # grandmother is a parent of her own, of Tariq, with her own email and phone.
    assert run(tonight, tmp_path / "fresh", engine).exit_status == 0
    assert guardians(out) == guardians(tmp_path / "fresh")
    assert {g[0] == mother: g[1:] for g in guardians(out)} == {
        True: ("", "+16085552000", "1,2"),
        False: ("grandma@mail.example.com", "+16085559999", "3"),
    }
    [apart] = result.report.examples["V604"]
    assert apart.params["id"] == mother and apart.params["household"] == "9999"
    assert apart.params["students"] == "students 3" and apart.params["kept_students"] == "students 1, 2"
    name = str(apart.params["person"])
    assert name in apart.message and name not in str(apart.to_dict(redact=True))  # --redact blanks the name
    assert "V550" not in result.report.counts  # nothing merged, so no two values to choose from


@pytest.mark.parametrize("engine", ENGINES)
def test_the_mother_whose_phone_changed_on_one_child_s_record_is_still_one_person(tmp_path: Path, engine: str) -> None:
    """The drift the map is for: Tariq's record gives her a new phone and no Family_Ident (a third of
    PowerSchool families have none), so nothing links it to Kenji's and Leo's tonight; she had one
    ID, and keeps it, one user (V550 names the two phones)."""
    out = tmp_path / "out"
    assert run(export(tmp_path / "night1", {}), out, engine).exit_status == 0
    [(mother, *_)] = guardians(out)
    result = run(export(tmp_path / "night2", {"3": ("Nguyen, Tom", "", "(608) 555-2555", "")}), out, engine)
    assert result.exit_status == 0
    assert guardians(out) == [(mother, "", "+16085552000", "1,2,3")]
    assert "V604" not in result.report.counts and result.report.counts["V550"] == 1
