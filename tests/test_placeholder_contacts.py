"""What a clerk types when a parent has no phone, no email or no name is no contact point and no
name (Remind: "at least one unique contact point (mobile phone number or email address) is
required"). A copy of the PowerSchool sample district, whose fathers have neither, in tmp_path:
fathers given only a placeholder phone or email are left out as fathers with none are (V515),
the placeholder reported on its cell; fathers named "Unknown, Unknown" are left out as one named
"N/A" is (D304); a mailto: link is its address. Both engines give the same set and report."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)
DISTRICT = FIXTURES / "powerschool" / "district" / "in"

# The Father cell of a row (every father of the fixture has neither email nor phone) -> what
# the row gets: (Father, Father_Email, Father_Home_Phone).
PHONES = {
    "Nguyen, Ethano": "000-000-0000",
    "Garcia, Zoeo": "1-000-000-0000",
    "Johnson, Oweno": "(000) 000-0000",
    "Xiong, Lilyo": "111-111-1111",
    "Patel, Jacko": "123-456-7890",
    "Kim, Norao": "999-999-9999",
}
EMAILS = {
    "Lopez, Leoo": "none@none.com",
    "Vang, Kaio": "noemail@district.org",
    "Davis, Ivyo": "na@na.com",
    "Nguyen, Finno": "no@email.com",
    "Garcia, Rubyo": "x@x.x",
}
NAMES = {
    "Johnson, Axelo": "Unknown, Unknown",
    "Xiong, Hanao": "NA, NA",
    "Patel, Omaro": "Not Listed",
    "Lopez, Yusufo": "None, None",
    "Miller, Lenao": "N/A",
}
# Two real fathers beside them: one written as a link, one with a phone.
REAL = {"Vang, Cruzo": ("", "mailto:Cruzo.Vang@Mail.Example.com", ""), "Davis, Avao": ("", "", "608-555-0142")}


def district(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    path = folder / "students.txt"
    lines = path.read_text(encoding="cp1252").split("\n")
    header = lines[0].split("\t")
    name, email, phone = (header.index(c) for c in ("Father", "Father_Email", "Father_Home_Phone"))
    edits = {
        **{father: ("", "", number) for father, number in PHONES.items()},
        **{father: ("", address, "") for father, address in EMAILS.items()},
        **{father: (placeholder, "", f"608-555-07{n:02}") for n, (father, placeholder) in enumerate(NAMES.items())},
        **REAL,
    }
    for at, line in enumerate(lines[1:], 1):
        cells = line.split("\t")
        if len(cells) == len(header) and cells[name] in edits:
            assert not cells[email] and not cells[phone]
            new = edits.pop(cells[name])
            cells[name] = new[0] or cells[name]
            cells[email], cells[phone] = new[1], new[2]
            lines[at] = "\t".join(cells)
    assert not edits, edits
    path.write_text("\n".join(lines), encoding="cp1252")
    return folder


def run(in_dir: Path, out: Path, engine: str) -> tuple[api.RunResult, Path]:
    explain = out.with_name(out.name + "-explain.csv")
    options = api.RunOptions(
        profile="powerschool", in_dir=in_dir, out_dir=out, as_of=AS_OF, engine=engine, explain=explain
    )
    return api.run(options), explain


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


Runs = dict[str, tuple[api.RunResult, Path, Path]]  # engine -> (result, out folder, explain file)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    tmp_path = tmp_path_factory.mktemp("placeholders")
    in_dir = district(tmp_path)
    found: Runs = {}
    for engine in ("python", "columnar"):
        result, explain = run(in_dir, tmp_path / engine, engine)
        found[engine] = (result, tmp_path / engine, explain)
    return found


def _reasons(explain: Path) -> dict[tuple[str, str], set[str]]:
    """(file line, table) -> the codes the explain file gives for that record."""
    found: dict[tuple[str, str], set[str]] = {}
    for row in rows(explain):
        found.setdefault((row["line"], row["table"]), set()).add(row["code"])
    return found


def test_fathers_with_only_a_placeholder_phone_or_email_are_left_out(runs: Runs) -> None:
    result, out, explain = runs["python"]
    assert result.exit_status == 0
    parents = {(r["familyName"], r["givenName"]): r for r in rows(out / "users.csv") if r["role"] == "parent"}
    fathers = {key for key in parents if key[1].endswith("o")}  # the fixture's fathers' names end in o
    # Only the two real fathers are published: the link written as its address.
    assert fathers == {("Vang", "Cruzo"), ("Davis", "Avao")}
    assert parents["Vang", "Cruzo"]["email"] == "cruzo.vang@mail.example.com"
    assert parents["Davis", "Avao"]["phone"] == "+16085550142"
    assert not any(r["phone"] == "+10000000000" or "none.com" in r["email"] for r in parents.values())
    # Each placeholder is reported on its cell; the father it leaves without a contact point is V515.
    reported = {(p.code.id, p.params.get("value")) for examples in result.report.examples.values() for p in examples}
    assert {("D306", number) for number in PHONES.values()} <= reported
    assert {("D359", address) for address in EMAILS.values() if address != "x@x.x"} <= reported
    assert ("D308", "x@x.x") in reported
    assert ("D358", "mailto:Cruzo.Vang@Mail.Example.com") in reported
    reasons = _reasons(explain)
    lines = _father_lines()
    for father in (*PHONES, *EMAILS):
        assert "V515" in reasons[lines[father], "users"], father


def test_fathers_named_by_a_placeholder_are_left_out(runs: Runs) -> None:
    """'Unknown, Unknown' is no name, as 'N/A' is: the father, though he has a phone, is left out
    as a required value missing (before, 'Unknown Unknown' was published with +16085550700)."""
    _, out, explain = runs["python"]
    published = {r["phone"] for r in rows(out / "users.csv")}
    assert not published & {f"+160855507{n:02}" for n in range(len(NAMES))}
    reasons = _reasons(explain)
    lines = _father_lines()
    for father in NAMES:
        assert "D304" in reasons[lines[father], "users"], father
    assert not any(r["givenName"] in ("Unknown", "NA", "Not", "None") for r in rows(out / "users.csv"))


def test_both_engines_give_the_same_set_report_and_explain(runs: Runs) -> None:
    (slow, slow_out, slow_explain), (fast, fast_out, fast_explain) = runs["python"], runs["columnar"]
    for name in sorted(p.name for p in slow_out.glob("*.csv")):
        assert (slow_out / name).read_bytes() == (fast_out / name).read_bytes(), name
    assert slow_explain.read_bytes() == fast_explain.read_bytes()
    assert slow.report.counts == fast.report.counts
    assert slow.exit_status == fast.exit_status


def _father_lines() -> dict[str, str]:
    """The Father cell of the fixture -> its line in students.txt."""
    lines = (DISTRICT / "students.txt").read_text(encoding="cp1252").split("\n")
    at = lines[0].split("\t").index("Father")
    return {line.split("\t")[at]: str(n) for n, line in enumerate(lines[1:], 2) if line}


CONTACTS = FIXTURES / "powerschool" / "contacts"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_contact_named_by_placeholders_in_both_name_columns_is_left_out(tmp_path: Path, engine: str) -> None:
    """A contacts export names people in two columns: a contact whose first and last names are
    both what is typed for no name (Unknown/Unknown, N/A/N/A) is left out (V589), though they
    have a phone; one real part keeps the person (a Korean family name Na, a first name
    Unknown beside a real family name)."""
    folder = tmp_path / "in"
    shutil.copytree(CONTACTS / "in", folder)
    people = [
        ("C900", "Unknown", "Unknown", "608-555-0901"),
        ("C901", "N/A", "N/A", "608-555-0902"),
        ("C902", "Kim", "Na", "608-555-0903"),
        ("C903", "Unknown", "Baker", "608-555-0904"),
    ]
    with (folder / "contacts.csv").open("a", encoding="utf-8", newline="") as handle:
        for contact, first, last, phone in people:
            handle.write(f"{contact},{first},{last},1,,Mobile,{phone},1,,,,,,\r\n")
            handle.write(f"{contact},,,,,,,,1003,2,Father,1,1,0\r\n")
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile="powerschool", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine))
    assert result.exit_status == 0
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        names = {(r["givenName"], r["familyName"]) for r in csv.DictReader(handle) if r["role"] != "student"}
    assert ("Kim", "Na") in names and ("Unknown", "Baker") in names
    assert not {("Unknown", "Unknown"), ("N/A", "N/A")} & names
    said = sorted(p.params["name"] for p in result.report.examples["V589"])
    assert said == ["N/A N/A", "Unknown Unknown"]
