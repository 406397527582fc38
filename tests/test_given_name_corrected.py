"""A parent's given name corrected by a clerk, on a profile whose guardian IDs the tool derives
(Aeries' CON records name no person ID): the parent keeps the ID the last published set had, said
(D387), where the family name, every child and the email or phone stayed (tester62 F4: "Jude" ->
"Judea", a new ID at exit 0 and no word, so Remind deleted the parent and her conversations).
Another person typed over the record stays a new parent; so does the ID of a parent of the old
name who is still listed (pipeline.given_corrected)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.parent_columns import run as run_powerschool
from tests.parent_columns import write_district
from transform import api

AERIES = FIXTURES / "aeries" / "district" / "in"
ROSA = (("10001", "1"), ("10002", "1"), ("40002", "1"))  # one mother, a CON record for each child
THI = (("40001", "1"),)


def aeries(folder: Path, records: tuple[tuple[str, str], ...], **cells: str) -> Path:
    """The Aeries fixture with the CON records (PID, SQ) of `records` given these cells (FN, TL, EM)."""
    shutil.copytree(AERIES, folder)
    con = folder / "CON.csv"
    with con.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if (row["PID"], row["SQ"]) in records:
            row.update(cells)
    with con.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"profile": "aeries", "as_of": dt.date(2026, 10, 15)}
    return api.run(api.RunOptions(in_dir=exports, out_dir=out, **{**defaults, **options}))  # type: ignore[arg-type]


def parents(out: Path) -> dict[str, tuple[str, str, str, str]]:
    """givenName -> (sourcedId, email, phone, agentSourcedIds) of each published parent or guardian."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["givenName"]: (r["sourcedId"], r["email"], r["phone"], r["agentSourcedIds"])
            for r in csv.DictReader(handle)
            if r["role"] in ("parent", "guardian")
        }


def test_a_typo_fixed_in_a_mother_s_given_name_keeps_her_id_two_nights(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(aeries(tmp_path / "night1", ROSA, FN="Rossa"), out).exit_status == 0
    rossa = parents(out)["Rossa"]
    result = run(aeries(tmp_path / "night2", ROSA, FN="Rosa"), out)
    assert result.exit_status == 0 and result.report.published
    published = parents(out)
    assert "Rossa" not in published and published["Rosa"] == rossa  # her ID, email, phone, three children
    [said] = result.report.examples["D387"]
    assert said.params["people"] == "Rossa Ortega -> Rosa Ortega" and said.params["id"] == rossa[0]
    assert said.params["shared"] == "email and phone" and said.params["students"] == "students 10001, 10002, 40002"
    assert (said.where.file, said.where.line, said.where.column) == ("CON.csv", 2, "givenName")
    assert said.code.severity == "info"
    assert not {"X955", "X979", "X939", "X953"} & set(result.report.counts)
    # The night after, the same exports: the map knows Rosa now, and nothing is said.
    again = run(aeries(tmp_path / "night3", ROSA, FN="Rosa"), out)
    assert again.exit_status == 0 and "D387" not in again.report.counts
    assert parents(out)["Rosa"] == rossa


def test_a_woman_s_form_of_the_name_with_every_email_and_phone_kept_is_a_correction(tmp_path: Path) -> None:
    """'Jude' and 'Judea' are two people's names to the safety gate (Paul and Paula); with the
    family name, the child, the email and the phone all the parent's, a typo fixed."""
    out = tmp_path / "out"
    assert run(aeries(tmp_path / "night1", THI, FN="Jude"), out).exit_status == 0
    jude = parents(out)["Jude"]
    result = run(aeries(tmp_path / "night2", THI, FN="Judea"), out)
    assert result.exit_status == 0 and parents(out)["Judea"] == jude
    [said] = result.report.examples["D387"]
    assert said.params["people"] == "Jude Nguyen -> Judea Nguyen"


def test_a_woman_s_form_with_a_new_phone_is_a_new_person(tmp_path: Path) -> None:
    """A new partner typed over the parent's record keeps the family's email and brings a phone of
    her own: a new parent, as before, with no word of a correction."""
    out = tmp_path / "out"
    assert run(aeries(tmp_path / "night1", THI, FN="Jude"), out).exit_status == 0
    jude = parents(out)["Jude"]
    result = run(aeries(tmp_path / "night2", THI, FN="Judea", TL="(559) 555-0888"), out, max_removal=50.0)
    assert result.exit_status == 0 and "D387" not in result.report.counts
    assert parents(out)["Judea"][0] != jude[0]


def test_a_name_alike_with_the_household_phone_and_an_email_of_her_own_is_a_new_person(tmp_path: Path) -> None:
    """Given the father's ID, a new partner typed over his record with the household phone and an
    email of her own read his account's conversations (reviewer63 R2): only the same emails and
    phones keep an ID under another given name (then the same inbox had them)."""
    out = tmp_path / "out"
    assert run(aeries(tmp_path / "night1", ROSA, FN="Rossa"), out).exit_status == 0
    rossa = parents(out)["Rossa"]
    result = run(aeries(tmp_path / "night2", ROSA, FN="Rosa", EM="rosa.own@example.org"), out, max_removal=50.0)
    assert "D387" not in result.report.counts
    assert parents(out)["Rosa"][0] != rossa[0]


def test_another_given_name_typed_over_the_mother_s_records_is_a_new_person(tmp_path: Path) -> None:
    """A stepfather typed over the mother's records with the family's email and phone."""
    out = tmp_path / "out"
    assert run(aeries(tmp_path / "night1", ROSA), out).exit_status == 0
    rosa = parents(out)["Rosa"]
    result = run(aeries(tmp_path / "night2", ROSA, FN="Bruno"), out, max_removal=50.0)
    assert result.exit_status == 0 and "D387" not in result.report.counts
    assert parents(out)["Bruno"][0] != rosa[0]


TOM = ("Nguyen, Tom", "", "(608) 555-2000")
THOM = ("Nguyen, Thom", "", "(608) 555-2000")
NOBODY = ("", "", "")


def test_the_old_name_still_listed_keeps_the_id_it_derives(tmp_path: Path) -> None:
    """PowerSchool's Mother column: Tom corrected to Thom on two children's rows, while a third
    child, new tonight, lists Tom of the same household and phone. Tom's name and household derive
    the ID the parent had, so it stays his, and Thom is a new parent: one ID given to both left both
    out (V537)."""
    out = tmp_path / "out"
    night1 = [("1", TOM, NOBODY, "3000"), ("2", TOM, NOBODY, "3000")]
    assert run_powerschool(write_district(tmp_path / "night1", night1, family="Nguyen"), out, "python").exit_status == 0
    tom = parents(out)["Tom"]
    night2 = [("1", THOM, NOBODY, "3000"), ("2", THOM, NOBODY, "3000"), ("3", TOM, NOBODY, "3000")]
    result = run_powerschool(write_district(tmp_path / "night2", night2, family="Nguyen"), out, "python")
    assert result.report.published and "V537" not in result.report.counts and "D387" not in result.report.counts
    # Tom's ID no longer linked to children 1 and 2, who are: the links gate's word (V557, exit 1)
    assert result.exit_status == 1 and result.report.counts["V557"] == 2
    published = parents(out)
    assert published["Tom"][0] == tom[0] and published["Tom"][3] == "3"
    assert published["Thom"][0] != tom[0] and published["Thom"][3] == "1,2"


def test_an_accented_family_name_is_found_as_the_map_matches_names(tmp_path: Path) -> None:
    """The last set's line 'Rossa Ortéga' holds no 'ortega' as written: looked at all the same."""
    out = tmp_path / "out"
    assert run(aeries(tmp_path / "night1", ROSA, FN="Rossa", LN="Ortéga"), out).exit_status == 0
    rossa = parents(out)["Rossa"]
    result = run(aeries(tmp_path / "night2", ROSA, FN="Rosa", LN="Ortega"), out)
    assert result.exit_status == 0 and parents(out)["Rosa"][0] == rossa[0]
    [said] = result.report.examples["D387"]
    assert said.params["people"] == "Rossa Ortéga -> Rosa Ortega"
