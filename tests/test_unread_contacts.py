"""A parent whose phone or email the export gave but the cleaner could not read (tester63 F2).

An older SIS kept the mothers' phones as 7-digit local numbers (555-1234): the phone cleaner
blanked each (D306, a warning), then the mother, with no phone left, was dropped as a parent
"with no email, phone or sms" (V515, info: left out on purpose), which the parents' safety gate
(X969) never counted: the first set went out with a quarter of the parents, exit 0, "Next: upload".
Now such a parent is V573 (a warning naming the value and why it was unread), counted as a parent
lost: a first set losing most of them is refused (X969) naming why, and its step is the fix:
settings.phone_area_code reads a local number in the district's area code.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.report import summary

AS_OF = dt.date(2026, 10, 15)
POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
STUDENTS = 28  # rows of the sample's students.txt, each with a mother
PUBLISHED = 26  # the mothers of the sample's students who are published (two are not enrolled)


def district(folder: Path, phone: dict[int, str], email: dict[int, str] | None = None) -> Path:
    """The PowerSchool sample, each mother with no email and the phone `phone` gives her row (by
    position, 0 first; the others keep theirs). The sample's fathers have no phone or email."""
    shutil.copytree(POWERSCHOOL, folder)
    path = folder / "students.txt"
    lines = path.read_bytes().decode("latin-1").split("\r\n")
    header = lines[0].split("\t")
    address, home = header.index("Mother_Email"), header.index("Mother_Home_Phone")
    rows = [line.split("\t") for line in lines[1:] if line]
    for n, row in enumerate(rows):
        row[address] = (email or {}).get(n, "")
        row[home] = phone.get(n, row[home])
    path.write_bytes("".join("\t".join(r) + "\r\n" for r in [header, *rows]).encode("latin-1"))
    return folder


def mothers(out: Path) -> dict[str, str]:
    """Each published parent's phone, by the student they are linked to."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["agentSourcedIds"]: row["phone"] for row in csv.DictReader(handle) if row["role"] == "parent"}


LOCAL = {n: f"555-{2000 + n:04d}" for n in range(STUDENTS)}


def test_a_first_set_losing_most_mothers_to_local_numbers_is_refused_saying_why(tmp_path: Path) -> None:
    """Before: 28 D306, 28 V515 (info), no parent published, exit 0. Now each mother is a V573
    naming her phone, X969 refuses the set, and the Next names settings.phone_area_code."""
    exports = district(tmp_path / "in", LOCAL)
    python, _ = both_engines(tmp_path / "run", profile="powerschool", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == api.EXIT_NOT_PUBLISHED
    assert python.report.counts["V573"] == STUDENTS
    assert python.report.counts["V515"] == STUDENTS  # the sample's fathers, named with no phone or email
    first = python.report.examples["V573"][0]
    assert "the export's phone '555-2000' (D306 phone-invalid) could not be read" in first.message
    assert "settings.phone_area_code" in python.report.examples["D306"][0].message
    (refusal,) = python.report.examples["X969"]
    assert (refusal.params["lost"], refusal.params["total"], refusal.params["top_id"]) == (STUDENTS, STUDENTS, "V573")
    assert "their phone or email in the export could not be read" in refusal.message
    step = summary.next_step(python, out_dir=tmp_path / "run" / "python", explain_path=None, upload=False)
    assert "settings.phone_area_code" in step and "V573 guardian-contact-unread" in step
    assert not (tmp_path / "run" / "python").exists()


def test_the_area_code_the_step_names_publishes_every_mother(tmp_path: Path) -> None:
    exports = district(tmp_path / "in", LOCAL)
    profile = tmp_path / "district.yaml"
    profile.write_text('extends: powerschool\nsettings:\n  phone_area_code: "608"\n', encoding="utf-8")
    python, _ = both_engines(tmp_path / "run", profile=str(profile), in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    assert not {"D306", "V573", "X969"} & set(python.report.counts)
    published = mothers(tmp_path / "run" / "python")
    assert len(published) == PUBLISHED
    assert set(published.values()) <= {f"+1608555{2000 + n:04d}" for n in range(STUDENTS)}


def test_a_few_unread_phones_publish_and_say_each_mother(tmp_path: Path) -> None:
    """Two mothers of 28 unreadable (a letter O for a zero, no area code): under the limit, the set
    is published; each is said as V573 (a warning), not V515."""
    exports = district(tmp_path / "in", {0: "608-555-2O13", 1: "555-2010"})
    python, _ = both_engines(tmp_path / "run", profile="powerschool", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    assert python.report.counts["V573"] == 2 and "X969" not in python.report.counts
    said = sorted(p.params["unread"] for p in python.report.examples["V573"])
    assert said == ["phone '555-2010' (D306 phone-invalid)", "phone '608-555-2O13' (D306 phone-invalid)"]
    assert len(mothers(tmp_path / "run" / "python")) == PUBLISHED - 2


def test_a_placeholder_phone_is_still_left_out_on_purpose(tmp_path: Path) -> None:
    """555-555-5555, 123-456-7890 and a local 000-0000 are the SIS saying "no phone": V515 (info),
    never counted (000-0000 was unread, V573, where 000-000-0000 was none: reviewer63 R5)."""
    forms = ("555-555-5555", "123-456-7890", "000-0000")
    placeholders = {n: forms[n % 3] for n in range(STUDENTS)}
    exports = district(tmp_path / "in", placeholders)
    result = api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.report.counts["V515"] == 2 * STUDENTS  # the mothers and the sample's fathers
    assert not {"V573", "X969"} & set(result.report.counts)


def test_two_numbers_or_two_addresses_in_a_cell_publish_the_first_said(tmp_path: Path) -> None:
    """tester63 F2: "608-555-2006 or 608-555-2016", "6085552005/6085552015", "mom@x.org; dad@x.org"
    and "mom@x.org." were blanked and each mother left out; Remind takes one phone and one email a
    person: the first is published, the others said (D353, a warning)."""
    phones = {0: "608-555-2006 or 608-555-2016", 1: "6085552005/6085552015", 2: "", 3: ""}
    emails = {2: "mom2@example.com; dad2@example.com", 3: "mom3@example.com."}
    exports = district(tmp_path / "in", phones, emails)
    python, _ = both_engines(tmp_path / "run", profile="powerschool", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    assert "V573" not in python.report.counts and python.report.counts["D353"] == 3
    said = sorted(p.message for p in python.report.examples["D353"])
    assert said[0] == (
        "users.email: 'mom2@example.com; dad2@example.com' holds 2 addresses; Remind takes one: the first, "
        "'mom2@example.com', is written, not 'dad2@example.com'"
    )
    with (tmp_path / "run" / "python" / "users.csv").open(encoding="utf-8", newline="") as handle:
        parents = {(row["phone"], row["email"]) for row in csv.DictReader(handle) if row["role"] == "parent"}
    assert {("+16085552006", ""), ("+16085552005", ""), ("", "mom2@example.com"), ("", "mom3@example.com")} <= parents


def test_a_huge_unread_cell_is_named_cut(tmp_path: Path) -> None:
    """A long cell is named by its first 40 characters, not copied whole into the message."""
    exports = district(tmp_path / "in", {0: "ask the office " * 200, 1: "6" * 2_000_000})
    result = api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    said = sorted(p.params["unread"] for p in result.report.examples["V573"])
    assert (
        said
        == [
            f"phone {'6' * 40 + '…'!r} (D306 phone-invalid)",  # one digit repeated, but no 10-digit placeholder
            f"phone {('ask the office ' * 3)[:40] + '…'!r} (D306 phone-invalid)",
        ]
    )


def test_a_phone_no_profile_cleaner_reads_is_said_p117_once_and_published_as_before(tmp_path: Path) -> None:
    """reviewer172 R1, R2: a profile mapping the mothers' phone without clean: [phone] publishes its
    cells as written; the run counts a present cell as a contact (as before reviewer166 R2: judging
    it otherwise left every such mother out at info level, counted by nothing) and says the profile
    mistake once, P117, naming the column and the fix. With --target oneroster (as here) a parent with
    no contact point at all (the sample's fathers) is left out too, V515, in words not Remind's."""
    exports = district(tmp_path / "in", {0: "call me after 5", 1: "608-555-2001"})
    text = (FIXTURES.parent / "profiles" / "powerschool.yaml").read_text(encoding="utf-8")
    cleaned = "phone: {column: [Motherdayphone, Mother_Home_Phone], clean: [phone]}"
    assert cleaned in text
    profile = tmp_path / "district.yaml"
    profile.write_text(text.replace(cleaned, "phone: {column: [Motherdayphone, Mother_Home_Phone]}"), encoding="utf-8")
    out = tmp_path / "out"
    options = api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF, target="oneroster")
    result = api.run(options)
    (said,) = result.report.examples["P117"]
    assert said.params["path"] == "tables.users.guardians.each.mother.phone", said.params
    assert "Motherdayphone, Mother_Home_Phone" in said.message and "add clean: [phone]" in said.message
    fathers = result.report.examples["V515"]
    assert fathers and not [p for p in fathers if "holds no number" in p.message or "Remind" in p.message]
    phones = set(mothers(out).values())
    assert "call me after 5" in phones and "608-555-2001" in phones
