"""Parents' contact columns read wrong, past the flags and advice meant for something else.

tester74 F10: a district moved every family to a new email domain; X813 refused it and said to rerun once with
--allow-contact-change, and the nightly job kept the flag. A later night's report template read Mother_Email one
row off: every mother given the next family's address, published at exit 0 under the flag (X815). A new domain
or phone system gives each family a point nobody held; points another parent held last night moved between
parents, which the flag does not excuse (X813 whatever the flag).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import cli_runner
from tests.synthetic_nights import NIGHT, district_of, first_night, run
from transform import api
from transform.report import summary

pytestmark = pytest.mark.xdist_group("contact_slips")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return district_of(tmp_path_factory, students=120)


def exports_with(district: Path, folder: Path, name: str, edit: Callable[[list[dict[str, str]]], None]) -> Path:
    """The district's exports with `edit` applied to students.txt's rows (as dicts, in order)."""
    exports = folder / name
    exports.mkdir(parents=True)
    for path in district.iterdir():
        (exports / path.name).write_bytes(path.read_bytes())
    header, *lines = (district / "students.txt").read_text(encoding="utf-8").splitlines()
    columns = header.split("\t")
    rows = [dict(zip(columns, line.split("\t"), strict=True)) for line in lines]
    edit(rows)
    text = "".join("\t".join(row[c] for c in columns) + "\r\n" for row in rows)
    (exports / "students.txt").write_text(header + "\r\n" + text, encoding="utf-8")
    return exports


def new_domain(rows: list[dict[str, str]]) -> None:
    for row in rows:
        row["Mother_Email"] = row["Mother_Email"].replace("@home.", "@newmail.")


def one_row_off(column: str) -> Callable[[list[dict[str, str]]], None]:
    """A report template reading `column` one row off: each row given the next row's value."""

    def edit(rows: list[dict[str, str]]) -> None:
        values = [row[column] for row in rows]
        for row, value in zip(rows, values[1:] + values[:1], strict=True):
            row[column] = value

    return edit


def parents(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle) if row["role"] in ("parent", "guardian")}


def test_a_shift_after_a_domain_change_exits_1_with_the_flag_left_in(district: Path, tmp_path: Path) -> None:
    """Night 1 a real domain change published with the flag (X815, exit 0); night 2 the same exports, the flag
    left in: nothing to say, exit 0. Night 3 Mother_Email read one row off, the flag still in: published, but the
    run exits 1 (X815 to check), saying how many points another parent held last night: the flag left in never
    hides a block of rows read one row off at exit 0."""
    out = first_night(district, tmp_path, "python")
    moved = exports_with(district, tmp_path, "domain", new_domain)
    changed = run(moved, out, "python", night=1, allow_contact_change=True)
    assert changed.exit_status == 0 and changed.report.counts.get("X815") == 1
    assert not summary.to_check(changed.report)
    again = run(moved, out, "python", night=2, allow_contact_change=True)
    assert again.exit_status == 0 and not {"X813", "X815"} & set(again.report.counts)

    def shifted(rows: list[dict[str, str]]) -> None:
        new_domain(rows)
        one_row_off("Mother_Email")(rows)

    result = run(exports_with(district, tmp_path, "shift", shifted), out, "python", night=3, allow_contact_change=True)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    (said,) = summary.to_check(result.report)
    assert said.code.id == "X815" and "of those emails one another parent held last night" in said.params["moved"]
    assert "look at the parents named in the SIS" in said.message


def test_mothers_phones_one_row_off_are_refused_without_the_flag(district: Path, tmp_path: Path) -> None:
    """Motherdayphone read one row off: each mother would be called at the next family's number. Refused (X813)
    naming the phones moved and what the flag would do; the last set stays."""
    out = first_night(district, tmp_path, "python")
    before = parents(out)
    exports = exports_with(district, tmp_path, "phones", one_row_off("Motherdayphone"))
    result = run(exports, out, "python", night=1)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and [p.code.id for p in result.problems] == ["X813"]
    assert "the phone points moved between parents" in result.problems[0].message
    assert "--allow-contact-change publishes them, the run exiting 1" in result.problems[0].message
    assert parents(out) == before, "the last set stays"


def test_a_wrong_first_set_is_put_right_with_the_flag_at_exit_1(district: Path, tmp_path: Path) -> None:
    """review97 R1: the first set published every mother with the next family's email (nothing to compare with).
    Night 2 the template is fixed: most mothers get back the address another mother held last night. Refused
    without the flag (X813); with it, published (each mother with her own address), exit 1 that night; the next
    night, the flag left in, nothing moves: exit 0."""
    wrong = exports_with(district, tmp_path, "wrong", one_row_off("Mother_Email"))
    out = tmp_path / "out"
    assert first_set(wrong, out).exit_status == 0
    refused = run(district, out, "python", night=1)
    assert refused.exit_status == api.EXIT_NOT_PUBLISHED and "X813" in refused.report.counts
    fixed = run(district, out, "python", night=1, allow_contact_change=True)
    assert fixed.report.published and fixed.exit_status == api.EXIT_NOT_PUBLISHED
    assert [p.code.id for p in summary.to_check(fixed.report)] == ["X815"]
    own = {row["Mother_Email"].casefold() for row in rows_of(district)}
    mothers = [row["email"] for row in parents(out).values() if row["givenName"].startswith("Mom")]
    assert mothers and all(email.casefold() in own for email in mothers)
    assert run(district, out, "python", night=2, allow_contact_change=True).exit_status == 0


def rows_of(district: Path) -> list[dict[str, str]]:
    header, *lines = (district / "students.txt").read_text(encoding="utf-8").splitlines()
    return [dict(zip(header.split("\t"), line.split("\t"), strict=True)) for line in lines]


def test_a_new_phone_system_publishes_with_the_flag(district: Path, tmp_path: Path) -> None:
    """Every mother's number renumbered to an exchange nobody had (608-555 to 608-557): the district's own
    change. Published with the flag (X815, exit 0), each mother with her new number."""
    out = first_night(district, tmp_path, "python")

    def renumbered(rows: list[dict[str, str]]) -> None:
        for row in rows:
            row["Motherdayphone"] = row["Motherdayphone"].replace("608-555-", "608-557-")

    result = run(exports_with(district, tmp_path, "renumbered", renumbered), out, "python", night=1)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X813" in result.report.counts
    assert "--allow-contact-change publishes it anyway" in result.problems[0].message
    exports = exports_with(district, tmp_path, "again", renumbered)
    allowed = run(exports, out, "python", night=1, allow_contact_change=True)
    assert allowed.exit_status == 0 and allowed.report.counts.get("X815") == 1
    phones = [row["phone"] for row in parents(out).values() if row["givenName"].startswith("Mom")]
    assert phones and all("557" in phone for phone in phones)


# tester74 F15: a template writing Student_Web_ID's value in Mother_Email. Every mother holds her child's school
# account, an address of the students' domain under the district's (the staff's d.example.org). V609 said the
# students' email column read a parent's, and its advice (leave the students' email unmapped) published every mother
# with her child's address at exit 0. It is the parents' column: V574 at Mother_Email, published, exit 1, with the
# students' email mapped or not.

NO_STUDENT_EMAIL = """\
extends: powerschool
name: district-no-student-email
tables:
  users:
    students:
      columns:
        email: null
"""


def students_own_in_mother_email(rows: list[dict[str, str]]) -> None:
    for row in rows:
        row["Mother_Email"] = row["Student_Web_ID"]


def first_set(exports: Path, out: Path, profile: str = "powerschool") -> api.RunResult:
    options = api.RunOptions(
        profile=profile, in_dir=exports, out_dir=out, engine="python", as_of=NIGHT.date(), now=NIGHT
    )
    return api.run(options)


def said_of_the_parents_column(result: api.RunResult) -> None:
    """Published, exit 1, V574 leading at Mother_Email; V609 is not what a person is sent to."""
    assert result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED
    assert "student_emails_of_guardians" not in result.report.facts
    assert result.report.facts["guardian_emails_of_students"]["count"] >= 50
    first = result.report.examples["V574"][0]
    assert (first.where.file, first.where.column) == ("students.txt", "Mother_Email")
    assert "the parents' column (students.txt Mother_Email) holds the students' own addresses" in first.message
    assert [p.code.id for p in summary.to_check(result.report)][:1] == ["V574"]


def test_mothers_given_the_students_own_addresses_are_said_of_the_mothers_column(
    district: Path, tmp_path: Path
) -> None:
    exports = exports_with(district, tmp_path, "own", students_own_in_mother_email)
    said_of_the_parents_column(first_set(exports, tmp_path / "out"))


def test_with_the_students_email_unmapped_the_mothers_are_still_said(district: Path, tmp_path: Path) -> None:
    """V609's advice followed: the students' email unmapped. Their logins (Student_Web_ID) still say the domain is
    the students': published, exit 1, V574 at Mother_Email (not exit 0, every mother with her child's address)."""
    profile = tmp_path / "district.yaml"
    profile.write_text(NO_STUDENT_EMAIL, encoding="utf-8")
    exports = exports_with(district, tmp_path, "own", students_own_in_mother_email)
    result = first_set(exports, tmp_path / "out", str(profile))
    said_of_the_parents_column(result)
    assert not any(row["email"] for row in students(tmp_path / "out"))


def test_students_on_a_domain_not_the_staffs_are_said_once_their_email_is_unmapped(
    district: Path, tmp_path: Path
) -> None:
    """review97 R4: the students' accounts on a domain unrelated to the staff's (kids.example.net beside
    d.example.org), every mother given her child's. Mapped, the students' email equals the mothers' as a family's
    address written as the student's would (V609, exit 1). V609's advice followed, the students' email unmapped:
    the mothers' addresses are the students' logins, which no family address is: V574 at Mother_Email, exit 1
    (it published every mother with her child's address at exit 0)."""

    def elsewhere(rows: list[dict[str, str]]) -> None:
        for row in rows:
            row["Student_Web_ID"] = row["Student_Web_ID"].replace("@students.d.example.org", "@kids.example.net")
        students_own_in_mother_email(rows)

    profile = tmp_path / "district.yaml"
    profile.write_text(NO_STUDENT_EMAIL, encoding="utf-8")
    exports = exports_with(district, tmp_path, "own", elsewhere)
    said_of_the_parents_column(first_set(exports, tmp_path / "out", str(profile)))


def test_staff_who_are_parents_publish_with_their_district_address(district: Path, tmp_path: Path) -> None:
    """Eight mothers who teach in the district, their Mother_Email a staff address: parents with an address of the
    district's own, a few of many. Published at exit 0, nothing said of the parents' column."""

    def staff_mothers(rows: list[dict[str, str]]) -> None:
        for row in rows[:8]:
            row["Mother_Email"] = f"teacher.{row['ID']}@d.example.org"

    result = first_set(exports_with(district, tmp_path, "staff", staff_mothers), tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED and "V574" not in result.report.counts
    assert "guardian_emails_of_students" not in result.report.facts


def test_parents_own_school_accounts_on_the_one_domain_publish(district: Path, tmp_path: Path) -> None:
    """review97 R5: a school on one domain (students, staff and parents' portal accounts all @d.example.org), each
    mother with an account of her own (mom7.parent@d.example.org), none a student's. Parents on the district's
    domain are no evidence: published at exit 0, nothing said of the parents' column (it said V574 every night)."""

    def one_domain(rows: list[dict[str, str]]) -> None:
        for row in rows:
            row["Student_Web_ID"] = row["Student_Web_ID"].replace("@students.d.", "@d.")
            if row["Mother_Email"]:
                row["Mother_Email"] = row["Mother_Email"].split("@")[0] + ".parent@d.example.org"

    result = first_set(exports_with(district, tmp_path, "portal", one_domain), tmp_path / "out")
    assert result.exit_status == api.EXIT_PUBLISHED and "V574" not in result.report.counts
    mothers = [row["email"] for row in parents(tmp_path / "out").values() if row["givenName"].startswith("Mom")]
    assert mothers and all(email.endswith(".parent@d.example.org") for email in mothers)


def test_the_students_own_addresses_in_mother_email_exit_1_with_the_flag(district: Path, tmp_path: Path) -> None:
    """A later night, --allow-contact-change left in: every mother given an address a student held last night as
    their own. No new domain does that: refused without the flag (X813, the last set stays); with it, published
    but exit 1, saying the points were students' own."""
    out = first_night(district, tmp_path, "python")
    before = parents(out)
    exports = exports_with(district, tmp_path, "own", students_own_in_mother_email)
    refused = run(exports, out, "python", night=1)
    assert refused.exit_status == api.EXIT_NOT_PUBLISHED and not refused.report.published
    assert "of them a student's own last night" in refused.report.examples["X813"][0].params["columns"]
    assert parents(out) == before, "the last set stays"
    result = run(exports, out, "python", night=1, allow_contact_change=True)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    assert "of those emails a student's own last night" in result.report.examples["X815"][0].params["moved"]


def students(out: Path) -> list[dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["role"] == "student"]


@pytest.mark.parametrize("named", ["missing", "empty"])
def test_previous_naming_no_set_is_a_command_written_wrong(district: Path, tmp_path: Path, named: str) -> None:
    """review97 R2: --previous naming a folder that does not exist (a typo) or holds no users.csv (an emptied --keep
    folder) published a "first set" at exit 0, every safety check skipped. Exit 2, nothing published, the words
    saying how to start afresh."""
    previous = tmp_path / named
    if named == "empty":
        previous.mkdir()
    out = tmp_path / "out"
    command = [sys.executable, "-m", "transform", "--profile", "powerschool", district, out, "--previous", previous]
    done = cli_runner.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 2, done.stderr
    assert "--previous" in done.stderr and "start afresh" in " ".join(done.stderr.split())
    assert not out.exists()


def test_the_parents_said_name_the_student_whose_address_it_is(district: Path, tmp_path: Path) -> None:
    """reviewer97 R3: Mother_Email one row off, each mother given the next row's student's school account (the
    first mother holds her second child's, 0200001's). V574 named the mother's first child (0200000); it names
    the student holding the address, at that student's line."""

    def next_rows_account(rows: list[dict[str, str]]) -> None:
        accounts = [row["Student_Web_ID"] for row in rows]
        for row, account in zip(rows, accounts[1:] + accounts[:1], strict=True):
            row["Mother_Email"] = account

    profile = tmp_path / "district.yaml"
    profile.write_text(NO_STUDENT_EMAIL, encoding="utf-8")
    exports = exports_with(district, tmp_path, "off", next_rows_account)
    result = first_set(exports, tmp_path / "out", str(profile))
    first = result.report.examples["V574"][0]
    [holder] = [row["sourcedId"] for row in students(tmp_path / "out") if row["username"] == first.params["value"]]
    mother = parents(tmp_path / "out")[first.params["id"]]
    assert holder != mother["agentSourcedIds"].split(",")[0]
    assert (first.params["first_id"], first.params["first_line"]) == (holder, 3)


def test_the_students_own_column_mapped_and_equal_to_the_mothers_is_not_blamed(district: Path, tmp_path: Path) -> None:
    """reviewer97 R2: the students' accounts (kids.example.net, not the staff's domain) in Student_Web_ID, which the
    students' email reads, and in Mother_Email too. V609 said "the profile's student email reads a parent's column"
    and sent the admin to unmap it: the next night refused (X923, every student's email lost), or, allowed,
    published the mothers with the children's addresses. Its words name both columns and which is wrong when."""

    def elsewhere(rows: list[dict[str, str]]) -> None:
        for row in rows:
            row["Student_Web_ID"] = row["Student_Web_ID"].replace("@students.d.example.org", "@kids.example.net")
        students_own_in_mother_email(rows)

    result = first_set(exports_with(district, tmp_path, "own", elsewhere), tmp_path / "out")
    assert result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED
    [first] = summary.to_check(result.report)[:1]
    assert first.code.id == "V609" and "reads a parent's column" not in first.message
    assert (
        "the students' email column (Student_Web_ID) and the parents' (Mother_Email) hold the same addresses: "
        "if they are the students' school accounts, Mother_Email is wrong" in first.message
    )
    assert "keep the students' email mapped" in first.message
