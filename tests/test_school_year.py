"""A school year of nightly runs, as a district runs the tool: one output folder, its state
beside it, the exports edited night by night as the SIS would write them, `--as-of` stepping
from late August to the next August (docs/scheduling.md).

Every night holds what a district relies on:

- the exit code says whether a person must act (0: published, or nothing due; 1: refused, and
  only on the night a person must decide), and the published set passes `transform validate`;
- every person keeps one ID across the year (students, staff, parents: a sibling added, an
  email changed, accents added move nobody), and no ID ever names two people;
- only the current term's classes are published; a withdrawn student is gone the next night;
  a transfer moves the student's school on its first day and never drops her;
- the summer publishes nothing and leaves the last set and its state as they were;
- the report says nothing above info that a person would not need to act on: each night lists
  the codes above info it may hold, and why a person must act on each.

Each SIS has a table of nights (date, the change in the SIS, what must hold), one test running
them in order; a failure names the night. A fault found and not fixed has its own test, xfail.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.codes import Severity

# --- the exports, edited as the SIS would -------------------------------------------------------


class Exports:
    """A copy of a fixture's exports, edited in place night after night."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _header(self, name: str) -> tuple[str, list[str]]:
        first = (self.folder / name).read_text(encoding="utf-8-sig").splitlines()[0]
        delimiter = "\t" if "\t" in first else ","
        return delimiter, first.split(delimiter)

    def _delimiter(self, name: str) -> str:
        return self._header(name)[0]

    def rows(self, name: str) -> list[dict[str, str]]:
        with (self.folder / name).open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle, delimiter=self._delimiter(name)))

    def write(self, name: str, rows: list[dict[str, str]]) -> None:
        delimiter, header = self._header(name)
        with (self.folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, delimiter=delimiter, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)

    def add(self, name: str, *rows: dict[str, str]) -> None:
        self.write(name, self.rows(name) + list(rows))

    def change(self, name: str, where: dict[str, str], **values: str) -> None:
        """Set `values` on every row matching `where`; at least one must."""
        rows = self.rows(name)
        hits = [r for r in rows if all(r[k] == v for k, v in where.items())]
        assert hits, (name, where)
        for row in hits:
            row.update(values)
        self.write(name, rows)


# --- a night and what it published ----------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """What OUT holds after a night, read back."""

    users: dict[str, dict[str, str]]
    classes: dict[str, dict[str, str]]
    enrollments: dict[str, dict[str, str]]
    files: dict[str, bytes]
    state: dict[str, bytes]


@dataclass(frozen=True)
class Night:
    date: str
    change: str
    edit: Callable[[Exports], None] | None = None
    exit: int = 0
    published: bool = True
    # Codes above info the report may hold tonight, each one a person must act on.
    acts: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()  # termSourcedIds every published class is in
    holds: Callable[[Seen], None] | None = None
    people: str = ""  # users who join (+ID) and leave (-ID) the set tonight; nobody else does
    rollover: bool = False  # the person who read last night's refusal runs it with --allow-rollover
    why: str = ""  # why exit 1 is right

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.date)


@dataclass
class Seen:
    night: Night
    result: api.RunResult
    valid: api.RunResult
    now: Published
    before: Published | None  # what OUT held the night before
    ids: dict[str, str] = field(default_factory=dict)  # person -> the ID they had so far

    def user(self, sourced_id: str) -> dict[str, str]:
        if sourced_id not in self.now.users:
            pytest.fail(f"{self.night.date}: {sourced_id} is not published")
        return self.now.users[sourced_id]


def _read(out: Path) -> Published:
    def table(name: str) -> dict[str, dict[str, str]]:
        with (out / name).open(encoding="utf-8", newline="") as handle:
            return {r["sourcedId"]: r for r in csv.DictReader(handle)}

    state = out.parent / f".{out.name}.transform"
    return Published(
        users=table("users.csv"),
        classes=table("classes.csv"),
        enrollments=table("enrollments.csv"),
        files={p.name: p.read_bytes() for p in sorted(out.iterdir())},
        state={p.name: p.read_bytes() for p in sorted(state.iterdir()) if p.is_file() and p.name != "lock"},
    )


def person(user: dict[str, str]) -> str:
    """Who a user is, as the district knows them: staff and students by their SIS number,
    parents by their name (accents, case and spaces ignored, as a clerk may change them)."""
    if user["role"] in ("student", "teacher", "aide", "administrator"):
        return f"{user['role'] if user['role'] == 'student' else 'staff'} {user['identifier']}"
    name = unicodedata.normalize("NFKD", f"{user['givenName']} {user['familyName']}")
    return "parent " + "".join(c for c in name if not unicodedata.combining(c)).casefold()


class Year:
    """A district's nights, run in order into one OUT as far as a test needs them; each night
    seen once per process."""

    def __init__(self, fixture: Path, profile: str, nights: list[Night], tmp: Path) -> None:
        self.profile, self.nights, self.out = profile, nights, tmp / "out"
        self.exports = Exports(tmp / "in")
        shutil.copytree(fixture, self.exports.folder)
        self.seen: list[Seen] = []
        self.ids: dict[str, str] = {}

    def until(self, index: int) -> list[Seen]:
        """The nights up to `index`, run now if not yet."""
        for night in self.nights[len(self.seen) : index + 1]:
            if night.edit is not None:
                night.edit(self.exports)
            # The SIS's nightly export wrote the files an hour before the run (X971 reads their times).
            written = dt.datetime.combine(night.as_of, dt.time(1, 30), tzinfo=dt.UTC).timestamp()
            for path in self.exports.folder.iterdir():
                os.utime(path, (written, written))
            result = api.run(
                api.RunOptions(
                    profile=self.profile,
                    in_dir=self.exports.folder,
                    out_dir=self.out,
                    as_of=night.as_of,
                    now=dt.datetime.combine(night.as_of, dt.time(2, 30), tzinfo=dt.UTC),
                    allow_rollover=night.rollover,
                )
            )
            now = _read(self.out)
            for user in now.users.values():
                self.ids.setdefault(person(user), user["sourcedId"])
            before = self.seen[-1].now if self.seen else None
            self.seen.append(Seen(night, result, api.validate_set(self.out), now, before, dict(self.ids)))
        return self.seen[: index + 1]


# --- what every night holds -------------------------------------------------------------------------


def holds_every_night(seen: Seen, history: list[Seen], *, standing: frozenset[str]) -> None:
    """`standing`: codes above info of the district's own data, a person's to fix, that every
    night publishing its classes holds."""
    night, result, report = seen.night, seen.result, seen.result.report
    stopped = [f"{p.code.id} {p.params}" for p in result.problems]
    assert result.exit_status == night.exit, (night.date, stopped)
    assert report.published == night.published, night.date
    assert seen.valid.exit_status == 0, [f"{c} {n}" for c, n in seen.valid.report.counts.items()]

    if night.exit:
        assert night.why, "say why a person must act tonight"
        assert {p.code.id for p in result.problems} == night.acts, night.date
    above_info = {c for c, code in report.codes_seen.items() if code.severity is not Severity.INFO}
    acts = night.acts | (standing if night.published else frozenset())
    assert above_info <= acts, f"{night.date}: {sorted(above_info - acts)} is no one's to act on"

    # Every person keeps one ID, and no ID names two people, across every night so far.
    for user in seen.now.users.values():
        who = person(user)
        assert seen.ids[who] == user["sourcedId"], f"{night.date}: {who} {seen.ids[who]} -> {user['sourcedId']}"
    named: dict[str, set[str]] = {}
    for earlier in history:
        for user in earlier.now.users.values():
            named.setdefault(user["sourcedId"], set()).add(person(user))
    shared = {i: who for i, who in named.items() if len(who) > 1}
    assert not shared, f"{night.date}: IDs naming two people: {shared}"

    if night.published and seen.before is not None:  # nobody joins or leaves but those the night names
        said = night.people.split()
        assert set(seen.now.users) - set(seen.before.users) == {p[1:] for p in said if p.startswith("+")}
        assert set(seen.before.users) - set(seen.now.users) == {p[1:] for p in said if p.startswith("-")}
    if night.published:
        terms = {t for c in seen.now.classes.values() for t in c["termSourcedIds"].split(",")}
        assert terms == night.terms, night.date
        for enrollment in seen.now.enrollments.values():
            assert enrollment["classSourcedId"] in seen.now.classes, enrollment
            assert enrollment["userSourcedId"] in seen.now.users, enrollment
    else:  # nothing due: the set and the state beside it stay as they were
        assert seen.before is not None
        assert seen.now.files == seen.before.files, night.date
        assert seen.now.state == seen.before.state, night.date

    if night.holds is not None:
        night.holds(seen)


def notice(code: str) -> Callable[[Seen], None]:
    """Nothing due: the notice saying why is in the report (docs/scheduling.md, "The calendar")."""

    def holds(seen: Seen) -> None:
        assert seen.result.report.counts[code] == 1, seen.night.date

    return holds


def unchanged(seen: Seen) -> None:
    """Nothing in the SIS changed: the same set, byte for byte."""
    assert seen.before is not None
    assert seen.now.files == seen.before.files, seen.night.date


def unchanged_users(seen: Seen) -> None:
    """Nobody joined or left, nobody's school or grade changed."""
    assert seen.before is not None
    assert seen.now.files["users.csv"] == seen.before.files["users.csv"], seen.night.date


_YEARS: dict[str, Year] = {}


def _the_year(name: str, tmp_path_factory: pytest.TempPathFactory) -> Year:
    if name not in _YEARS:
        fixture, profile, nights, _ = YEARS[name]
        _YEARS[name] = Year(fixture, profile, nights, tmp_path_factory.mktemp(name))
    return _YEARS[name]


def _every_night(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    year, standing = _the_year(name, tmp_path_factory), YEARS[name][3]
    for index, night in enumerate(year.nights):
        history = year.until(index)
        try:
            holds_every_night(history[-1], history, standing=standing)
        except AssertionError as failed:
            raise AssertionError(f"night {index} {night.date} ({night.change}): {failed}") from None


# --- Infinite Campus ------------------------------------------------------------------------------
# Cedar Ridge: the fixture's two schools, with forty more students so that a family's change
# is the small part of the district it is (the gate refuses a removal of more than 10%).

CAMPUS = FIXTURES / "infinite-campus" / "district" / "in"
YEAR, Q1, Q2, Q3, Q4 = "25-26 Year", "Q1", "Q2", "Q3", "Q4"  # the fixture's names, for 2026-27
NEXT_YEAR, NEXT_START = "27-28 Year", "08/19/2027"

CAMPUS_STUDENT = ["personID", "studentNumber", "schoolNumber", "lastName", "firstName", "middleName", "grade",
                  "birthdate", "email", "startDate", "endDate", "serviceType", "homePrimaryLanguage"]  # fmt: skip


def campus_student(pid: str, school: str, last: str, first: str, grade: str, **more: str) -> dict[str, str]:
    row = dict.fromkeys(CAMPUS_STUDENT, "")
    row.update(personID=pid, studentNumber=f"11{pid}", schoolNumber=school, lastName=last, firstName=first)
    row.update(
        grade=grade, birthdate="05/05/2016", startDate="08/20/2026", serviceType="P", homePrimaryLanguage="English"
    )
    row.update(more)
    return row


def roster(pid: str, section: str, start: str = "08/20/2026", end: str = "") -> dict[str, str]:
    return {"personID": pid, "sectionID": section, "startDate": start, "endDate": end}


def section(
    sid: str, school: str, course: str, name: str, teacher: str, term: str, start: str, end: str
) -> dict[str, str]:
    return {
        "sectionID": sid, "schoolNumber": school, "courseNumber": course, "courseName": name, "sectionNumber": "1",
        "teacherPersonID": teacher, "teacher2PersonID": "", "termName": term, "termStartDate": start,
        "termEndDate": end, "periodName": "3", "homeroomSection": "0",
    }  # fmt: skip


def contact(pid: str, cid: str, first: str, last: str, email: str = "", cell: str = "") -> dict[str, str]:
    return {
        "personID": pid, "contactPersonID": cid, "firstName": first, "lastName": last, "relationship": "Father",
        "guardian": "1", "seq": "1", "email": email, "cellPhone": cell, "homePhone": "",
    }  # fmt: skip


def campus_august(sis: Exports) -> None:
    """The exports as they stand in August: Yusuf has not withdrawn yet (he does in October),
    forty more students fill the grades, and José Peña is 52001's father (typed without accents)."""
    sis.change("students.csv", {"personID": "51300"}, endDate="")
    sis.change("roster.csv", {"personID": "51300"}, endDate="")
    for n in range(1, 26):
        sis.add("students.csv", campus_student(f"520{n:02}", "0410", "Elm", f"Kid{n}", "03"))
        sis.add("roster.csv", roster(f"520{n:02}", "90001"), roster(f"520{n:02}", "90002"))
    for n in range(1, 16):
        sis.add("students.csv", campus_student(f"521{n:02}", "0420", "Oak", f"Kid{n}", "07"))
        sis.add("roster.csv", roster(f"521{n:02}", "90010"), roster(f"521{n:02}", "90011", "10/26/2026"))
        sis.add("roster.csv", roster(f"521{n:02}", "90012"))
    sis.add("contacts.csv", contact("52001", "60040", "Jose", "Pena", "jpena@example.com"))


def campus_september(sis: Exports) -> None:
    """A new family (Noor Haddad, her mother Dana) and Harper's little sister Lily: one more
    child for Jessica Whitfield, whose ID is her contact's."""
    sis.add(
        "students.csv",
        campus_student("51240", "0410", "Haddad", "Noor", "03", startDate="09/14/2026"),
        campus_student("51236", "0410", "Whitfield", "Lily", "KG", startDate="09/14/2026"),
    )
    sis.add("roster.csv", roster("51240", "90001", "09/14/2026"), roster("51236", "90002", "09/14/2026"))
    sis.add(
        "contacts.csv",
        contact("51240", "60030", "Dana", "Haddad", "dana.h@example.com", "(555) 730-4040"),
        {**contact("51236", "60010", "Jessica", "Whitfield", "jess.whitfield@example.com", "(555) 730-1010"),
         "relationship": "Mother"},
    )  # fmt: skip


def campus_october(sis: Exports) -> None:
    """Yusuf withdraws (his last day was Friday), Jessica Whitfield's email changes, and the
    clerk types José Peña's accents."""
    sis.change("students.csv", {"personID": "51300"}, endDate="10/09/2026")
    sis.change("roster.csv", {"personID": "51300"}, endDate="10/09/2026")
    sis.change("contacts.csv", {"contactPersonID": "60010"}, email="jessica.whitfield@mail.example.net")
    sis.change("contacts.csv", {"contactPersonID": "60040"}, firstName="José", lastName="Peña")


def campus_transfer_booked(sis: Exports) -> None:
    """Harper moves to the middle school on Monday 16 November: her row at 0410 ends on the
    13th, a second row at 0420 starts on the 16th, with her new classes (Campus books it ahead)."""
    sis.change("students.csv", {"personID": "51234"}, endDate="11/13/2026")
    sis.add("students.csv", campus_student("51234", "0420", "Whitfield", "Harper", "03", startDate="11/16/2026",
                                           studentNumber="1100234", birthdate="04/22/2018"))  # fmt: skip
    sis.change("roster.csv", {"personID": "51234"}, endDate="11/13/2026")
    sis.add("roster.csv", roster("51234", "90012", "11/16/2026"))


def campus_teacher_replaced(sis: Exports) -> None:
    """Greta Holm leaves at the end of November; Maya Ruiz takes her two classes."""
    sis.change("staff.txt", {"personID": "7001"}, endDate="11/30/2026")
    maya = {"personID": "7005", "staffNumber": "S7005", "schoolNumber": "0410", "lastName": "Ruiz",
            "firstName": "Maya", "email": "mruiz@cedar.example.org", "teacher": "1", "endDate": ""}  # fmt: skip
    sis.add("staff.txt", maya)
    sis.change("sections.csv", {"teacherPersonID": "7001"}, teacherPersonID="7005")


def campus_semester_two(sis: Exports) -> None:
    """The second semester's sections (Q3 from 19 January, Q4 from 29 March) and their rosters."""
    sis.add(
        "sections.csv",
        section("90020", "0420", "SCI7", "Science 7", "7002", Q3, "01/19/2027", "03/26/2027"),
        section("90030", "0420", "SCI7", "Science 7", "7002", Q4, "03/29/2027", "06/03/2027"),
    )
    for pid in ["51235", "51234"] + [f"521{n:02}" for n in range(1, 16)]:
        sis.add("roster.csv", roster(pid, "90020", "01/19/2027"), roster(pid, "90030", "03/29/2027"))


def campus_spring(sis: Exports) -> None:
    """Next year's enrolments are scheduled: beside this year's row, one for 2027-28 one grade
    up, from 19 August (Campus writes them months ahead)."""
    grade = {"KG": "01", "03": "04", "07": "08", "08": "09"}
    students = sis.rows("students.csv")
    current = [r for r in students if r["serviceType"] == "P" and not r["endDate"]]
    sis.add("students.csv", *({**r, "grade": grade[r["grade"]], "startDate": NEXT_START} for r in current))


def campus_year_closed(sis: Exports) -> None:
    """The last day: this year's enrolments are ended on it."""
    students = sis.rows("students.csv")
    for row in students:
        if row["startDate"] != NEXT_START:
            row["endDate"] = row["endDate"] or "06/03/2027"
    sis.write("students.csv", students)


def campus_next_sections(sis: Exports) -> None:
    """2027-28's sections and their rosters."""
    sis.add(
        "sections.csv",
        section("91001", "0410", "4TH", "Grade 4", "7005", NEXT_YEAR, NEXT_START, "06/02/2028"),
        section("91010", "0420", "SCI8", "Science 8", "7002", NEXT_YEAR, NEXT_START, "06/02/2028"),
    )
    for row in sis.rows("students.csv"):
        if row["startDate"] == NEXT_START:
            sis.add(
                "roster.csv", roster(row["personID"], "91001" if row["schoolNumber"] == "0410" else "91010", NEXT_START)
            )


def harper(school: str, *, only_there: bool = False) -> Callable[[Seen], None]:
    """Harper is published every night, at her school, with classes there (with only_there: there
    only: from the transfer's first day, her classes at the old one ended on the 13th), and
    Jessica Whitfield her parent."""

    def holds(seen: Seen) -> None:
        assert seen.user("51234")["orgSourcedIds"] == school, seen.night.date
        schools = {e["schoolSourcedId"] for e in seen.now.enrollments.values() if e["userSourcedId"] == "51234"}
        assert school in schools and (not only_there or schools == {school})
        assert "51234" in seen.user("G60010")["agentSourcedIds"].split(",")

    return holds


def campus_september_holds(seen: Seen) -> None:
    assert seen.user("G60010")["agentSourcedIds"] == "51234,51235,51236"
    assert seen.user("G60030")["agentSourcedIds"] == "51240"


def campus_october_holds(seen: Seen) -> None:
    assert "51300" not in seen.now.users and not any(
        e["userSourcedId"] == "51300" for e in seen.now.enrollments.values()
    )
    assert seen.user("G60010")["email"] == "jessica.whitfield@mail.example.net"
    assert (seen.user("G60040")["givenName"], seen.user("G60040")["familyName"]) == ("José", "Peña")


def campus_teacher_holds(seen: Seen) -> None:
    assert "7001" not in seen.now.users
    assert seen.now.enrollments["90001-7005"]["role"] == "teacher"
    assert "90001-7001" not in seen.now.enrollments and set(seen.before.classes) == set(seen.now.classes)  # type: ignore[union-attr]


def campus_next_year_holds(seen: Seen) -> None:
    assert set(seen.now.classes) == {"91001", "91010"}
    assert seen.user("51236")["grades"] == "01" and seen.user("51234")["grades"] == "04"


# The year-long classes, and Science 7's quarter at the middle school.
IN_Q1, IN_Q2, IN_Q3, IN_Q4 = (frozenset({f"0410-{YEAR}", f"0420-{YEAR}", f"0420-{q}"}) for q in (Q1, Q2, Q3, Q4))
NEXT_TERMS = frozenset({f"0410-{NEXT_YEAR}", f"0420-{NEXT_YEAR}"})
ROLLOVER = "a new school year removes every class of the last: a person confirms it once (--allow-rollover)"
CAMPUS_NIGHTS = [
    Night("2026-08-10", "late August, ten days before the first day: the year is rostered ahead", campus_august,
          terms=IN_Q1),
    Night("2026-08-20", "the first day of school", terms=IN_Q1, holds=unchanged),
    Night("2026-09-14", "a new student, and a sister for Harper and Mason", campus_september,
          people="+51236 +51240 +G60030", terms=IN_Q1, holds=campus_september_holds),
    Night("2026-10-12", "Yusuf withdrew; Jessica's email changed; José Peña's accents typed", campus_october,
          people="-51300", terms=IN_Q1, holds=campus_october_holds),
    Night("2026-10-26", "Q2 starts: Science 7 Q1 ends, Q2's section begins", terms=IN_Q2),
    Night("2026-11-06", "Harper's transfer to the middle school is booked for the 16th", campus_transfer_booked,
          terms=IN_Q2, holds=harper("0410")),
    Night("2026-11-14", "the weekend between the transfer's halves: her row at 0410 has ended", terms=IN_Q2,
          holds=harper("0420")),
    Night("2026-11-16", "the transfer's first day", terms=IN_Q2, holds=harper("0420", only_there=True)),
    Night("2026-12-01", "Greta Holm replaced by Maya Ruiz", campus_teacher_replaced, people="-7001 +7005",
          terms=IN_Q2, holds=campus_teacher_holds),
    Night("2026-12-28", "the winter break", terms=IN_Q2, holds=unchanged),
    Night("2027-01-19", "the first day of semester 2: new sections", campus_semester_two, terms=IN_Q3),
    Night("2027-03-08", "a night in March: nothing changed", terms=IN_Q3, holds=unchanged),
    Night("2027-04-12", "spring: Q4; next year's enrolments scheduled beside this year's", campus_spring,
          terms=IN_Q4, holds=unchanged_users),
    Night("2027-06-03", "the last day of school: this year's enrolments end today", campus_year_closed,
          terms=IN_Q4, holds=unchanged),
    Night("2027-07-15", "summer: nothing due", published=False, holds=notice("F422")),
    Night("2027-07-20", "2027-28's sections in the exports, a month ahead", campus_next_sections, published=False,
          holds=notice("F421")),
    Night("2027-08-09", "next August, ten days before the first day", exit=1, published=False,
          acts=frozenset({"X906"}), why=ROLLOVER),
    Night("2027-08-09", "the same night, run again with --allow-rollover", rollover=True, acts=frozenset({"X908"}),
          terms=NEXT_TERMS, holds=campus_next_year_holds),
    Night("2027-08-10", "the next night, the job as scheduled (no flag)", terms=NEXT_TERMS, holds=unchanged),
]  # fmt: skip

# Lena Brandt (7003), flagged non-teaching (an aide), is the lead teacher of Advisory 7: she is
# enrolled as an aide (V590), and the class has no owner in Remind (V579, V586) every night it is
# published, until a person fixes the flag.
CAMPUS_STANDING = frozenset({"V579", "V586", "V590"})
YEARS = {"campus": (CAMPUS, "infinite-campus", CAMPUS_NIGHTS, CAMPUS_STANDING)}


def test_a_year_of_infinite_campus(tmp_path_factory: pytest.TempPathFactory) -> None:
    _every_night("campus", tmp_path_factory)


# --- PowerSchool, guardians from the contacts export ------------------------------------------------
# Cedar Elementary (100) and Birch Middle (200), forty more students; Noemi Lefevre is a
# contact without a Contact ID, so her ID is derived (name and email) and kept by the state.

POWERSCHOOL = FIXTURES / "powerschool" / "contacts" / "in"
PS_STUDENT = ["ID", "Student_Number", "SchoolID", "First_Name", "Last_Name", "Grade_Level", "Enroll_Status", "DOB"]
PS_CONTACT = [
    "Contact ID", "First Name", "Last Name", "Is Active", "Email Address", "Phone Type", "phoneNumberAsEntered",
    "Is SMS", "studentNumber", "Contact Priority Order", "Relationship Type",
    "STUDENTCONTACTDETAILCOREFIELDS.legalGuardian", "Contact Has Custody", "Is Emergency Contact",
]  # fmt: skip
NOEMI = {"Email Address": "noemi@mail.example.com", "phoneNumberAsEntered": "608-555-0808"}


def ps_student(sid: str, number: str, school: str, first: str, last: str, grade: str) -> dict[str, str]:
    return dict(zip(PS_STUDENT, [sid, number, school, first, last, grade, "0", "1/1/2016"], strict=True))


def cc(
    sid: str, section: str, term: str, school: str, start: str = "08/17/2026", end: str = "05/29/2027"
) -> dict[str, str]:
    return {"StudentID": sid, "SectionID": section, "TermID": term, "SchoolID": school, "DateEnrolled": start,
            "DateLeft": end}  # fmt: skip


def ps_contact(
    cid: str, first: str, last: str, student: str, relationship: str = "Mother", **more: str
) -> dict[str, str]:
    """A contact on one row: names, email, a mobile phone and the link to one student."""
    row = dict.fromkeys(PS_CONTACT, "")
    row.update({"Contact ID": cid, "First Name": first, "Last Name": last, "Is Active": "1", "Phone Type": "Mobile",
                "Is SMS": "1", "studentNumber": student, "Contact Priority Order": "1",
                "Relationship Type": relationship, "STUDENTCONTACTDETAILCOREFIELDS.legalGuardian": "1",
                "Contact Has Custody": "1", "Is Emergency Contact": "0", **more})  # fmt: skip
    return row


ELEMENTARY = [("101", "3600"), ("102", "3601"), ("103", "3602"), ("104", "3600")]
MIDDLE = [("201", "3600"), ("202", "3601"), ("203", "3602"), ("204", "3600")]


def ps_august(sis: Exports) -> None:
    """Forty more students, and Remy Lefevre, whose mother Noemi has no Contact ID."""
    for n in range(1, 41):
        school, sections = ("100", ELEMENTARY) if n <= 25 else ("200", MIDDLE)
        sis.add("students.txt", ps_student(str(100 + n), str(3000 + n), school, f"Kid{n}", "Elm", "3"))
        sis.add("cc.txt", *(cc(str(100 + n), s, t, school) for s, t in sections))
    sis.add("students.txt", ps_student("10", "1010", "100", "Remy", "Lefevre", "3"))
    sis.add("cc.txt", *(cc("10", s, t, "100") for s, t in ELEMENTARY))
    sis.add("contacts.csv", ps_contact("", "Noemi", "Lefevre", "1010", **NOEMI))


def ps_september(sis: Exports) -> None:
    """Iris Nye joins Birch Middle with her father Omar; Remy's brother Lou too, Noemi's rows
    for him typed as for Remy."""
    sis.add("students.txt", ps_student("12", "1012", "200", "Iris", "Nye", "7"),
            ps_student("11", "1011", "200", "Lou", "Lefevre", "6"))  # fmt: skip
    for sid in ("11", "12"):
        sis.add("cc.txt", *(cc(sid, s, t, "200", start="09/14/2026") for s, t in MIDDLE))
    omar = ps_contact("C600", "Omar", "Nye", "1012", "Father", **{"Email Address": "omar@mail.example.com"})
    sis.add("contacts.csv", omar, ps_contact("", "Noemi", "Lefevre", "1011", **NOEMI))


def ps_october(sis: Exports) -> None:
    """Eve Moss withdraws (Enroll_Status 2, her classes left on Friday); Noemi's email changes."""
    sis.change("students.txt", {"Student_Number": "1005"}, Enroll_Status="2")
    sis.change("cc.txt", {"StudentID": "5"}, DateLeft="10/09/2026")
    sis.change("contacts.csv", {"Last Name": "Lefevre"}, **{"Email Address": "noemi.lefevre@mail.example.org"})


def ps_accents(sis: Exports) -> None:
    """The clerk types the accents: Noémi Lefèvre (no Contact ID), Lía Díaz (C300)."""
    sis.change("contacts.csv", {"Last Name": "Lefevre"}, **{"First Name": "Noémi", "Last Name": "Lefèvre"})
    sis.change(
        "contacts.csv", {"Contact ID": "C300", "First Name": "Lia"}, **{"First Name": "Lía", "Last Name": "Díaz"}
    )


def ps_transfer_booked(sis: Exports) -> None:
    """Cam Diaz moves to Birch Middle on Monday 16 November. PowerSchool books only the exit: his
    classes at Cedar end then (DateLeft, the day after the last day); he is enrolled at Birch,
    and scheduled there, on the day (a student is moved to another school once inactive at his own)."""
    sis.change("cc.txt", {"StudentID": "3"}, DateLeft="11/16/2026")


def ps_transfer_day(sis: Exports) -> None:
    sis.change("students.txt", {"Student_Number": "1003"}, SchoolID="200")
    sis.add("cc.txt", *(cc("3", s, t, "200", start="11/16/2026") for s, t in MIDDLE))


def ps_teacher_replaced(sis: Exports) -> None:
    """Ben Ortiz leaves; Mia Chen takes his English sections."""
    sis.change("teachers.txt", {"ID": "2"}, Status="2")
    sis.add("teachers.txt", {"ID": "5", "TeacherNumber": "T6", "SchoolID": "100", "First_Name": "Mia",
                             "Last_Name": "Chen", "Email_Addr": "mchen@cedar.example.org", "Status": "1",
                             "StaffStatus": "1"})  # fmt: skip
    sis.change("sections.txt", {"Teacher": "2"}, Teacher="5")


def ps_semester_two(sis: Exports) -> None:
    """New second-semester sections: Science at both schools, for every student still there."""
    sis.add("sections.txt", {"ID": "108", "SchoolID": "100", "Course_Number": "SCI", "Section_Number": "1",
                             "TermID": "3602", "Expression": "4(A)", "Teacher": "5"},
            {"ID": "208", "SchoolID": "200", "Course_Number": "SCI", "Section_Number": "1", "TermID": "3602",
             "Expression": "4(A)", "Teacher": "12"})  # fmt: skip
    sis.add("courses.csv", {"Course_Number": "SCI", "Course_Name": "Science"})
    for row in sis.rows("students.txt"):
        if row["Enroll_Status"] == "0":
            school = row["SchoolID"]
            sis.add("cc.txt", cc(row["ID"], "108" if school == "100" else "208", "3602", school, start="01/11/2027"))


def ps_next_year(sis: Exports) -> None:
    """August: 2027-28's terms and sections, the students one grade up, their new schedules."""
    for school in ("100", "200"):
        sis.add("terms.txt", {"ID": "3700", "SchoolID": school, "Name": "2027-2028", "Abbreviation": "27-28",
                              "FirstDay": "08/16/2027", "LastDay": "05/26/2028"})  # fmt: skip
        sis.add("sections.txt", {"ID": f"{school[0]}71", "SchoolID": school, "Course_Number": "MATH",
                                 "Section_Number": "1", "TermID": "3700", "Expression": "1(A)",
                                 "Teacher": "1" if school == "100" else "12"})  # fmt: skip
    students = sis.rows("students.txt")
    for row in students:
        row["Grade_Level"] = str(int(row["Grade_Level"]) + 1)
        if row["Enroll_Status"] == "0":
            school = row["SchoolID"]
            sis.add("cc.txt", cc(row["ID"], f"{school[0]}71", "3700", school, "08/16/2027", "05/26/2028"))
    sis.write("students.txt", students)


def ps_march(sis: Exports) -> None:
    """Remy, the child Noemi Lefevre's ID was first made with, leaves the district."""
    sis.change("students.txt", {"Student_Number": "1010"}, Enroll_Status="2")
    sis.change("cc.txt", {"StudentID": "10"}, DateLeft="03/05/2027")


def ps_march_holds(seen: Seen) -> None:
    assert "1010" not in seen.now.users and noemi(seen)["agentSourcedIds"] == "1011"


def cam(school: str, *, only_there: bool = False) -> Callable[[Seen], None]:
    """Cam is published every night, at his school, with classes there (with only_there: there
    only), and Lía Díaz his guardian."""

    def holds(seen: Seen) -> None:
        assert seen.user("1003")["orgSourcedIds"] == school
        schools = {e["schoolSourcedId"] for e in seen.now.enrollments.values() if e["userSourcedId"] == "1003"}
        assert school in schools and (not only_there or schools == {school})
        assert seen.user("GC300")["agentSourcedIds"] == "1003,1004"

    return holds


def noemi(seen: Seen) -> dict[str, str]:
    (row,) = [u for u in seen.now.users.values() if person(u) == "parent noemi lefevre"]
    return row


def ps_september_holds(seen: Seen) -> None:
    assert noemi(seen)["agentSourcedIds"] == "1010,1011"
    assert seen.user("GC600")["agentSourcedIds"] == "1012"


def ps_october_holds(seen: Seen) -> None:
    assert "1005" not in seen.now.users and "GC500" not in seen.now.users  # Jo Moss had Eve only
    assert noemi(seen)["email"] == "noemi.lefevre@mail.example.org"


def ps_accents_holds(seen: Seen) -> None:
    assert (noemi(seen)["givenName"], noemi(seen)["familyName"]) == ("Noémi", "Lefèvre")
    assert seen.user("GC300")["givenName"] == "Lía"


def ps_teacher_holds(seen: Seen) -> None:
    assert "T2" not in seen.now.users
    assert seen.now.enrollments["102-TT6"]["role"] == "teacher"
    assert set(seen.before.classes) == set(seen.now.classes)  # type: ignore[union-attr]


def ps_next_year_holds(seen: Seen) -> None:
    assert set(seen.now.classes) == {"171", "271"}
    assert seen.user("1011")["grades"] == "07"


PS_YEAR = {"100-3600", "200-3600"}
PS_NEXT = frozenset({"100-3700", "200-3700"})
S1 = frozenset(PS_YEAR | {"100-3601", "200-3601"})
S2 = frozenset(PS_YEAR | {"100-3602", "200-3602"})
PS_NIGHTS = [
    Night("2026-08-05", "before the first day (17 August): the year is rostered ahead", ps_august, terms=S1),
    Night("2026-08-17", "the first day of school", terms=S1, holds=unchanged),
    Night("2026-09-14", "a new student and her father; a brother for Remy Lefevre", ps_september,
          people="+1011 +1012 +GC600", terms=S1, holds=ps_september_holds),
    Night("2026-10-12", "Eve Moss withdrew; Noemi Lefevre's email changed", ps_october, people="-1005 -GC500",
          terms=S1, holds=ps_october_holds),
    Night("2026-10-19", "accents typed on two parents' names", ps_accents, terms=S1, holds=ps_accents_holds),
    Night("2026-11-06", "Cam Diaz's transfer to Birch Middle is booked for the 16th", ps_transfer_booked, terms=S1,
          holds=cam("100", only_there=True)),
    Night("2026-11-16", "the transfer's first day", ps_transfer_day, terms=S1, holds=cam("200", only_there=True)),
    Night("2026-12-01", "Ben Ortiz replaced by Mia Chen", ps_teacher_replaced, people="-T2 +T6", terms=S1,
          holds=ps_teacher_holds),
    Night("2026-12-28", "the winter break", terms=S1, holds=unchanged),
    Night("2027-01-11", "Cedar's semester 2 starts, with new sections; Birch's semester 1 goes on to the 15th",
          ps_semester_two, terms=frozenset(PS_YEAR | {"100-3602", "200-3601"})),
    Night("2027-01-19", "Birch's semester 2 starts", terms=S2),
    Night("2027-03-08", "Remy Lefevre leaves: Noemi keeps her ID through Lou", ps_march, people="-1010", terms=S2,
          holds=ps_march_holds),
    Night("2027-04-12", "spring", terms=S2, holds=unchanged),
    Night("2027-05-28", "the last day of school", terms=S2, holds=unchanged),
    Night("2027-07-15", "summer: nothing due", published=False, holds=notice("F422")),
    Night("2027-07-20", "the SIS rolled over: 2027-28's terms, sections and grades, a month ahead", ps_next_year,
          published=False, holds=notice("F421")),
    Night("2027-08-09", "next August, a week before the first day", exit=1, published=False,
          acts=frozenset({"X906"}), why=ROLLOVER),
    Night("2027-08-09", "the same night, run again with --allow-rollover", rollover=True, acts=frozenset({"X908"}),
          terms=PS_NEXT, holds=ps_next_year_holds),
    Night("2027-08-10", "the next night, the job as scheduled (no flag)", terms=PS_NEXT, holds=unchanged),
]  # fmt: skip

YEARS["powerschool"] = (POWERSCHOOL, "powerschool", PS_NIGHTS, frozenset())


def test_a_year_of_powerschool_with_contacts(tmp_path_factory: pytest.TempPathFactory) -> None:
    _every_night("powerschool", tmp_path_factory)


# --- faults found, not fixed here ---------------------------------------------------------------------


def _night(name: str, date: str, tmp_path_factory: pytest.TempPathFactory) -> Seen:
    """That night's run (and the nights before it, once per process)."""
    year = _the_year(name, tmp_path_factory)
    (index,) = [i for i, night in enumerate(year.nights) if night.date == date and not night.rollover]
    return year.until(index)[-1]


def test_a_transfer_booked_ahead_enrols_the_student_at_the_new_school_on_its_day(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    seen = _night("campus", "2026-11-06", tmp_path_factory)
    assert seen.user("51234")["orgSourcedIds"] == "0410"
    assert {e["schoolSourcedId"] for e in seen.now.enrollments.values() if e["userSourcedId"] == "51234"} == {"0410"}
