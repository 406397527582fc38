"""A from-scratch profile for exports no bundled profile fits (`transform init-profile`).

One source per file, with its real columns and sample values as comments, and one rule per
output table listing the OneRoster fields it needs. A field is filled in only where a header
plainly names it (`First_Name` for givenName) or whose values are the IDs of another file
(a school column holding the school list's codes); the others stay as commented lines to fill in.
Files are matched to tables by what they hold, not by their order or names alone: the students
are the file with person names and a grade (or birth date), the classes a file with a title or
class ID and no person names, the enrolments a file whose columns hold those classes' and
students' IDs, the schools a file whose codes the students' school column holds. Until its
required fields are filled in, check-profile names each one (I261) and a run publishes nothing.

Filled in with only those, the draft must not publish a wrong set (tester53 F4): each field is
read with its cleaner (a birth date with birth_date), the rows that are not current are left out
by drafted `where` conditions (status codes E/W, flags such as InactiveInd, dates such as
WithdrawDt and DropDt), the classes by the current term of their own term dates and by the
lunch and study-hall patterns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from transform.oneroster.spec import REMIND
from transform.pipeline.read import header_key as read_key
from transform.profile import skeleton_guardians
from transform.profile.init import Candidate, ExportFile, shown_samples

# What a header that plainly names a OneRoster field looks like, squashed (lower case, letters
# and digits only), best first. Common English column names, not any one SIS's layout.
SCHOOL_ID = (
    "schoolsourcedid",
    "orgsourcedids",
    "schoolid",
    "schoolsisid",
    "schoolcode",
    "schoolnumber",
    "schoolno",
    "sc",
    "school",
    "building",
)
PERSON_ID = (
    "usersourcedid",
    "studentid",
    "studentuserid",
    "studentsisid",
    "studentnumber",
    "stuid",
    "upn",
    "pupilid",
    "pupilnumber",
    "permid",
    "personid",
    "userid",
    "sisid",
    "id",
)
SECTION_ID = (
    "classsourcedid",
    "sectionid",
    "sectionsisid",
    "classid",
    "groupid",
    "groupcode",
    "sectionnumber",
    "section",
    "sectionno",
)
GRADE = ("grade", "gradelevel", "gr", "yeargroup", "yearlevel", "year")
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "orgs": {
        "sourcedId": ("sourcedid", *SCHOOL_ID, "sisid", "id", "code", "number"),
        "name": ("schoolname", "sitename", "name", "nm", "title"),
        "identifier": ("schoolnumber", "statecode", "stateid"),
    },
    "users": {
        "sourcedId": ("sourcedid", *PERSON_ID),
        "orgSourcedIds": SCHOOL_ID,
        "username": ("username", "login", "loginid", "networkid"),
        "givenName": ("firstname", "givenname", "forename", "legalforename", "legalfirstname", "first", "fname", "fn"),
        "familyName": ("lastname", "familyname", "surname", "legalsurname", "legallastname", "last", "lname", "ln"),
        "email": ("email", "studentemail", "emailaddress", "mail", "email1", "workemail", "schoolemail"),
    },
    "demographics": {
        "sourcedId": PERSON_ID,
        "birthDate": ("birthdate", "dateofbirth", "dob", "birthday", "bd"),
    },
    "classes": {
        "sourcedId": ("sourcedid", *SECTION_ID),
        "title": ("coursename", "coursetitle", "title", "sectionname", "classname", "groupname", "name"),
        "schoolSourcedId": SCHOOL_ID,
        "classCode": ("sectionnumber", "coursenumber", "coursecode", "classcode"),
    },
    "enrollments": {
        "classSourcedId": SECTION_ID,
        "userSourcedId": PERSON_ID,
        "schoolSourcedId": SCHOOL_ID,
    },
}
STAFF_ID = (
    "staffsourcedid",
    "staffid",
    "staffno",
    "staffnumber",
    "teacherid",
    "teachernumber",
    "employeeid",
    "employeenumber",
    "facultyid",
    *PERSON_ID,
)
FIXED = {("orgs", "type"): "school", ("users", "role"): "student", ("enrollments", "role"): "student"}
# A file of people that is no students' file: the staff when its name says so, never contacts.
STAFF_WORDS = ("staff", "teacher", "faculty", "employee", "instructor", "personnel", "educator")
CONTACT_WORDS = ("contact", "parent", "guardian", "carer", "relationship", "household", "famil", "emergency")
# A status column's values: those that say a student or an enrolment is current, and those that
# say it is not (a `where` is drafted only when the column holds both kinds).
CURRENT_STATUS = frozenset({"active", "enrolled", "enroled", "current", "registered", "attending"})
OTHER_STATUS = frozenset(
    {
        "inactive",
        "withdrawn",
        "future",
        "pending",
        "left",
        "graduated",
        "transferred",
        "dropped",
        "applicant",
        "preregistered",
        "preenrolled",
        "expelled",
        "deceased",
    }
)
# The cleaner each drafted field is read with, as the bundled profiles read it: an ID as written,
# a name, an email, a birth date in the target's form (a column read raw is published raw, or,
# for the fields of spec.FORM_CLEANERS, cleaned anyway and said, I222).
CLEAN = {
    "sourcedId": "id",
    "orgSourcedIds": "id",
    "schoolSourcedId": "id",
    "classSourcedId": "id",
    "userSourcedId": "id",
    "identifier": "id",
    "username": "username",
    "givenName": "name",
    "familyName": "name",
    "email": "email",
    "phone": "phone",
    "sms": "phone",
    "birthDate": "birth_date",
    "title": "text",
    "name": "text",
    "classCode": "text",
}
# Single-letter status codes (eSchoolPLUS, Skyward and Tyler write E/W, A/I): current, and not.
CURRENT_CODES = frozenset({"a", "e"})
OTHER_CODES = frozenset({"w", "i", "g", "p", "d", "t", "x"})
# A yes/no flag column whose name says the row is not current (InactiveInd, WithdrawnFlag,
# Deleted), or that it is (ActiveFlag); and every form of yes (I262 asks for them all).
NOT_CURRENT_WORDS = ("inactive", "withdr", "delet", "drop", "exclud", "noshow", "left", "exit", "graduat")
CURRENT_WORDS = ("active", "enrolled", "current")
YES_FORMS = ("Y", "Yes", "1", "T", "True", "X")
NO_FORMS = frozenset({"n", "no", "0", "f", "false", ""})
# A date column whose date ends the row (WithdrawDt, DropDt, EndDate, ExitDate, LeaveDate).
END_DATE_WORDS = ("withdr", "drop", "exit", "leave", "left", "end", "inactive")
DATE_WORDS = ("date", "dt", "day")
# The common patterns of classes nobody messages, as the bundled profiles write them.
EXCLUDED_CLASSES = {
    "lunch": r"(?<![a-z])lunch(?![a-z])",
    "study_hall": r"(?<![a-z])stu?dy[\s._/-]*(hall|hl)(?![a-z])",
}
# A class file's own term dates (Skyward, Clever, FACTS, Tyler put them on each section).
TERM_WORDS = ("term", "session", "semester", "sem", "period", "mp")
TERM_START_WORDS = ("start", "begin", "beg", "first")
TERM_END_WORDS = ("end", "finish", "last", "stop")
# What Remind requires of each table the skeleton writes: the run's own rules, not a copy.
REQUIRED = {table: REMIND.required[table] for table in ("orgs", "users", "demographics", "classes", "enrollments")}
# Words of a column that is no part of a class's key, though both the classes' and the enrolments' files have it.
NOT_KEYS = ("name", "title", "desc", "date", "room", "period", "teacher", "staff", "student", "max", "count", "seats")
FILE_WORDS = {
    "orgs": ("school", "org", "site", "building", "loc"),
    "users": ("student", "stu", "user", "person", "pupil"),
    "demographics": ("demog", "student", "stu", "user", "person"),
    "classes": ("section", "class", "mst", "sec", "course", "crs", "group"),
    "enrollments": ("enrol", "roster", "sse", "ssc", "seat", "schedule", "cc", "member"),
}
RULES = {"orgs": "schools", "users": "students", "demographics": "students", "classes": "sections"}
# The fields whose values are another table's IDs: found by the values when no header names them.
REFERS = {
    ("users", "orgSourcedIds"): "orgs",
    ("classes", "schoolSourcedId"): "orgs",
    ("enrollments", "classSourcedId"): "classes",
    ("enrollments", "userSourcedId"): "users",
    ("enrollments", "schoolSourcedId"): "orgs",
}


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def source_names(files: list[ExportFile]) -> dict[str, str]:
    """File name -> a source name made from it (stem, lower case, unique)."""
    names: dict[str, str] = {}
    for export in files:
        base = re.sub(r"[^0-9a-z]+", "_", Path(export.name).stem.casefold()).strip("_") or "export"
        name, n = base, 2
        while name in names.values():
            name, n = f"{base}_{n}", n + 1
        names[export.name] = name
    return names


def _columns(export: ExportFile) -> list[str]:
    """The header's columns, each once (a repeated one is read from its first place)."""
    seen: set[str] = set()
    out = []
    for column in export.header:
        key = column.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(column.strip())
    return out


def _guess(export: ExportFile, hints: tuple[str, ...]) -> str | None:
    by_squash = {squash(c): c for c in reversed(_columns(export))}
    return next((by_squash[h] for h in hints if h in by_squash), None)


def _named(export: ExportFile, table: str) -> bool:
    return any(word in squash(export.name) for word in FILE_WORDS[table])


TERM_FILE_WORDS = ("term", "session", "semester", "gradingperiod", "markingperiod", "calendar")


def _named_terms(export: ExportFile) -> bool:
    return any(word in squash(export.name) for word in TERM_FILE_WORDS)


def _has(export: ExportFile, hints: tuple[str, ...]) -> bool:
    return _guess(export, hints) is not None


def _person(export: ExportFile) -> bool:
    """A file of people: a given and a family name."""
    return _has(export, FIELDS["users"]["givenName"]) and _has(export, FIELDS["users"]["familyName"])


def _id_column(export: ExportFile, table: str) -> str | None:
    """A table's ID column in its file: one a header names, else the first column; never one
    holding a single value on every row (a section number `1` within each course: tester57 F13)."""
    named = _guess(export, FIELDS[table]["sourcedId"])
    if named is not None and table == "classes" and _one_value(export, named, of=export):
        return None
    return named or next(iter(_columns(export)), None)


def _one_value(export: ExportFile, column: str, *, of: ExportFile) -> bool:
    """A column whose rows all hold one value, while the classes' file (`of`) has several
    titles: several classes under one ID."""
    key = read_key(column)
    title = _guess(of, FIELDS["classes"]["title"])
    titles = _values(of, title) if title else set()
    return len(export.values.get(key, ())) == 1 and key in export.repeats and len(titles) > 1


def _values(export: ExportFile, column: str) -> set[str]:
    key = next((k for k, header in export.keys.items() if header.strip() == column), "")
    return export.values.get(key, set())


def _codes(export: ExportFile, column: str) -> set[str]:
    """The non-blank values of a column, casefolded."""
    return {v for v in _values(export, column) if v.strip()}


def _refers(export: ExportFile, ids: set[str], *, skip: tuple[str | None, ...] = ()) -> str | None:
    """The first column of `export` whose values are all among `ids` (another file's IDs)."""
    for column in _columns(export):
        values = _values(export, column)
        if column not in skip and values and ids and values <= ids:
            return column
    return None


class Tables:
    """Which file each output table reads, chosen by the files' columns and values."""

    def __init__(self, files: list[ExportFile]) -> None:
        self.files = files
        people = [f for f in files if _person(f)]
        # The staff's and the contacts' files hold names too, and neither a grade nor a birth date
        # (a pupils file whose names no header word here knew lost to staff.csv: newcomer48).
        pupils = [f for f in people if not any(w in squash(f.name) for w in (*STAFF_WORDS, *CONTACT_WORDS))]
        self.students = self._best(
            pupils or people or files,
            lambda f: 4 * _has(f, GRADE) + 2 * _has(f, FIELDS["demographics"]["birthDate"]) + _named(f, "users"),
        )
        others = [f for f in files if not _person(f) and f is not self.students] or files
        self.classes = self._best(
            others,
            lambda f: 2 * _has(f, FIELDS["classes"]["title"]) + 2 * _has(f, SECTION_ID) + 2 * _named(f, "classes"),
        )
        class_ids = _values(self.classes, _id_column(self.classes, "classes") or "")
        student_ids = _values(self.students, _id_column(self.students, "users") or "")
        self.enrollments = self._best(
            [f for f in others if f is not self.classes] or others,
            lambda f: (
                4 * (_refers(f, class_ids) is not None)
                + 4 * (_refers(f, student_ids) is not None)
                + 2 * _has(f, SECTION_ID)
                + 2 * _named(f, "enrollments")
            ),
        )
        chosen = (self.students, self.classes, self.enrollments)
        # The students' own IDs are no school's codes: a file whose first column names students
        # (the enrolments) was taken for the school list of a single-school SIS (newcomer48).
        student_id = _id_column(self.students, "users")
        school_values = [_values(self.students, c) for c in _columns(self.students) if c != student_id]

        def school_list(f: ExportFile) -> float:
            return (
                4 * self._holds_codes_of(f, school_values)
                + 2 * _has(f, FIELDS["orgs"]["name"])
                + 2 * _named(f, "orgs")
                - len(f.header) / 10  # a school list has few columns
                - 8 * (_named_terms(f) and not _named(f, "orgs"))  # its school year is no school (tester57 F13)
            )

        unchosen = [f for f in others if all(f is not c for c in chosen)]
        self.orgs = self._best(unchosen or others, school_list)
        # A file named for the staff is theirs with one name column too ("Staff Name": "Whitaker, Joan").
        named_people = [
            f for f in files if f not in people and any(w in squash(h) for h in f.header for w in ("name",))
        ]
        staff = [
            f
            for f in [*people, *named_people]
            if f is not self.students
            and any(w in squash(f.name) for w in STAFF_WORDS)
            and not any(w in squash(f.name) for w in CONTACT_WORDS)
        ]
        self.staff: ExportFile | None = staff[0] if staff else None
        # The classes' ID is the column the enrolments name them by: a header both files share
        # (Veracross's "Class PK") when the one a header names (its "Class ID") is not.
        self.class_id = _id_column(self.classes, "classes")
        if _refers(self.enrollments, class_ids) is None and self.enrollments is not self.classes:
            shared = [
                c
                for c in _columns(self.enrollments)
                if c in _columns(self.classes)
                and read_key(c) not in self.classes.repeats
                and _values(self.enrollments, c)
                and _values(self.enrollments, c) <= _values(self.classes, c)
            ]
            if shared:
                self.class_id = shared[0]
        # No header names the classes' ID and the column taken repeats on their rows (Genesis's CourseSections:
        # schoolYear, '2026-27' on every row, tester89 T10): the columns both files name a class by, together.
        self.class_template = self._class_template()
        # A single-school SIS may export no school list: then no column is taken for a school's
        # ID because its values are those of whatever file the schools' rule was left with.
        self.orgs_found = bool(unchosen) and school_list(self.orgs) > 1
        # With none, one school when no column named for a school holds two (a single-school SIS):
        # its ID and name are settings, and every rule points to it (docs/tutorial.md).
        self.school_column = _guess(self.students, SCHOOL_ID)
        codes = {v for v in _values(self.students, self.school_column) if v.strip()} if self.school_column else set()
        # Every export's school column, not the students' alone: staff.csv naming a second school
        # made a single-school draft that published its staff at the first (tester70 F3).
        named = [(f, column, _codes(f, column)) for f in files if (column := _guess(f, SCHOOL_ID))]
        self.single_school = not self.orgs_found and len(set().union(codes, *(n for _, _, n in named))) <= 1
        written = self.students.samples.get(self.school_column or "", [])
        self.school_code = next((v for v in written if v.casefold() in codes), "") if self.single_school else ""
        # Several schools no file lists: their codes are those of the export naming the most (the
        # students', unless staff.csv names a school no student row does).
        self.school_file = self.students
        if not self.orgs_found and not self.single_school:
            widest = max(named, key=lambda at: (len(at[2]), at[0] is self.students), default=None)
            if widest is not None and len(widest[2]) > len(codes):
                self.school_file, self.school_column = widest[0], widest[1]
            self.orgs = self.school_file

    def _class_template(self) -> str | None:
        """The classes' ID as a template of the columns the classes' and the enrolments' files share that
        look like a class's key (no name, title, date, room or period), in the classes' header order, when no
        header names the ID, the column taken for it repeats on the classes' rows, and together they are
        unique on every row read; else None (a column the run names a class by, as before)."""
        classes, column = self.classes, self.class_id
        if _guess(classes, FIELDS["classes"]["sourcedId"]) is not None or self.enrollments is classes:
            return None
        if column is None or read_key(column) not in classes.repeats:
            return None
        named = {read_key(c) for c in _columns(self.enrollments)}
        shared = [c for c in _columns(classes) if read_key(c) in named and not any(w in squash(c) for w in NOT_KEYS)]
        if len(shared) < 2:
            return None
        at = [classes.header.index(c) if c in classes.header else -1 for c in shared]
        keys = [tuple(row[i] if 0 <= i < len(row) else "" for i in at) for row in classes.rows]
        if not keys or len(set(keys)) < len(keys):
            return None
        return "-".join("{%s}" % c for c in shared)  # noqa: UP031 (braces are the template's)

    @staticmethod
    def _best(files: list[ExportFile], score: Callable[[ExportFile], float]) -> ExportFile:
        return max(files, key=score)  # max keeps the first of equals: files are sorted by name

    def ids(self, export: ExportFile, table: str) -> set[str]:
        column = self.class_id if table == "classes" and export is self.classes else _id_column(export, table)
        return _values(export, column) if column else set()

    @staticmethod
    def _holds_codes_of(export: ExportFile, columns: list[set[str]]) -> bool:
        """Its ID column holds every value of one of the students' columns (their school)."""
        column = _id_column(export, "orgs")
        ids = _values(export, column) if column else set()
        return any(values and ids and values <= ids for values in columns)

    def file(self, table: str) -> ExportFile:
        return {"orgs": self.orgs, "users": self.students, "demographics": self.students}.get(table) or (
            self.classes if table == "classes" else self.enrollments
        )

    def referring(self, table: str, field: str, export: ExportFile, taken: dict[str, str | None]) -> str | None:
        """A column of `export` whose values are the IDs of the table `field` refers to."""
        target = REFERS.get((table, field))
        if target is None or (target == "orgs" and not self.orgs_found):
            return None
        ids = self.ids(self.file(target), target)
        return _refers(export, ids, skip=tuple(taken.values()))


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def skeleton_profile(files: list[ExportFile], folder: Path, closest: Candidate | None) -> str:
    names = source_names(files)
    lines = [
        f"# Skeleton profile for the exports in {folder}, written by `transform init-profile`.",
        _why(closest),
        "# Fill in each rule below: a line starting with '# <field>:' is a OneRoster field no",
        "# header plainly named (required ones say so); fields filled in are guesses to check.",
        "# docs/profiles.md explains every key. Then: transform check-profile THIS_FILE --exports " + str(folder),
        "name: my-district",
        'title: "My SIS (draft from init-profile)"',
        "settings:",
        '  source_system: "My SIS"',
    ]
    tables = Tables(files)
    lines += _school_settings(tables) + _day_first(files)
    lines.append("sources:")
    for export in files:
        lines += [f"  {names[export.name]}:", f"    files: [{_q(export.name)}]", "    columns:"]
        for column in _columns(export):
            samples = shown_samples(export.samples.get(column, []))
            # As the reader keys the header, a table's prefix dropped ("TABLE.legalGuardian"):
            # a rule's reference to it with the dot would name a join.
            declared = skeleton_guardians.unprefixed(column)
            lines.append(f"      - {_q(declared):<30} # {samples}".rstrip())
    lines.append("tables:")
    parents, roles = _guardians(tables, names)
    for table in FIELDS:
        lines += _rule(table, tables, names)
        lines += parents if table == "users" else []
    lines += _filters(tables.classes, plain=tables.classes is not tables.enrollments)
    maps = [*_school_names(tables), *roles]
    lines += ["maps:", *maps] if maps else []
    return "\n".join(lines) + "\n"


def _guardians(tables: Tables, names: dict[str, str]) -> tuple[list[str], list[str]]:
    """The parents' rule, from a contacts export when the folder has one, else from the students'
    own contact columns; and the map of relationships it reads (skeleton_guardians)."""
    student_id = _id_column(tables.students, "users")
    taken = [tables.students, tables.classes, tables.enrollments, *([tables.staff] if tables.staff else [])]
    ids = _values(tables.students, student_id) if student_id else set()
    contacts = skeleton_guardians.contacts_file(tables.files, taken, ids)
    if contacts is not None:
        export, student = contacts
        return skeleton_guardians.from_contacts(export, names[export.name], student)
    return skeleton_guardians.from_students(tables.students, names[tables.students.name], student_id), []


SCHOOL_NAMES = "school_names"


def said_once(files: list[ExportFile]) -> str:
    """What init-profile says of the draft beside its verdict: schools named by their numbers."""
    tables = Tables(files)
    codes = school_codes(tables)
    if not codes:
        return ""
    who = "the students name" if tables.school_file is tables.students else f"{tables.school_file.name} names"
    return (
        f" No file lists the schools: each of the {len(codes)} {who} is named by its number until "
        f"you write its name under maps.{SCHOOL_NAMES}."
    )


def _named_by_map(column: str) -> str:
    return (
        f"        name: {{column: {_q(column)}, map: {SCHOOL_NAMES}, clean: [text]}}"
        f"   # each school's name: maps.{SCHOOL_NAMES} below"
    )


def school_codes(tables: Tables) -> list[str]:
    """The codes of the schools the students name (or the export naming more), when no file lists
    the schools (several of them): as the export writes them where a sample shows it."""
    if tables.orgs_found or tables.single_school or not tables.school_column:
        return []
    written = {v.casefold(): v for v in tables.school_file.samples.get(tables.school_column, [])}
    codes = {v.strip() for v in _values(tables.school_file, tables.school_column) if v.strip()}
    return [written.get(code, code) for code in sorted(codes)]


def _school_names(tables: Tables) -> list[str]:
    """Several schools no file lists (their numbers on the students' rows only): each one's name,
    a line to write in the profile. Until written, the number is the name (a run works: I261 asked
    for a name column no export has), and check-profile says so (P121)."""
    codes = school_codes(tables)
    if not codes:
        return []
    return [
        f"  {SCHOOL_NAMES}:   # no file lists the schools: each number's name, as families know it",
        "    values:   # until you write it, a school's name is its number (check-profile says so)",
        *(f"      {_q(code)}: {_q(code)}   # write the school's name" for code in codes),
        "    unmapped: keep   # a school not listed here is named by its number, and said (D302)",
    ]


# The one school of a single-school SIS, named where OneRoster wants the school.
ONE_SCHOOL = "{setting: school_id}"


def _school_settings(tables: Tables) -> list[str]:
    """A single-school SIS's school, as settings (no file lists the schools): its ID, the one
    value of the students' school column when they have one, else for the admin to write (P120
    names it until then), and its name."""
    if not tables.single_school:
        return []
    lines = ["  # No file lists the schools: a single-school SIS. Its ID and name, as the SIS writes them:"]
    if tables.school_code:
        column = f"{tables.students.name}'s {tables.school_column}"
        lines.append(f"  school_id: {_q(tables.school_code)}   # the one value of {column}: check it")
    else:
        lines.append("  # school_id: ...   # required: the school's ID in the SIS (its number or code)")
    return [*lines, "  # school_name: ...   # required: the school's name, as families know it"]


_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")


def _day_first(files: list[ExportFile]) -> list[str]:
    """settings.day_first when the exports' dates show it: a date possible only day first
    (18/05/2011) and none only month first. Unsaid, the run reads N/N/YYYY month first and
    refuses the first set (D350: a UK export's birth dates, newcomer48)."""
    day = month = None
    for export in files:
        for key, values in export.values.items():
            for value in sorted(values):
                found = _NUMERIC_DATE.match(value)
                if found is None:
                    continue
                first, second = int(found.group(1)), int(found.group(2))
                where = f"{export.name}'s {export.keys.get(key, key)}: {value.strip()}"
                day = day or (where if first > 12 >= second else None)
                month = month or (where if second > 12 >= first else None)
    if day is None or month is not None:
        return []
    return [f"  day_first: true   # the dates are day/month/year ({day}): check it"]


def _once_school() -> list[str]:
    """The orgs rule of a single-school SIS: one record from the settings (docs/tutorial.md)."""
    return [
        "  orgs:",
        "    school:",
        "      once: true   # no file lists the schools: one record from the settings",
        '      # (docs/tutorial.md, "A single-school SIS")',
        "      columns:",
        "        sourcedId: {setting: school_id}",
        "        name: {setting: school_name}",
        "        type: school",
    ]


def _filters(classes: ExportFile, *, plain: bool) -> list[str]:
    """The classes' filters: the current term, from the class file's own start and end date
    columns when it has them (a terms export joined is for the admin to write: I274 says it), and
    the classes nobody messages (lunch, study hall) by their written title."""
    lines = ["filters:"]
    term = _term_columns(classes, plain=plain)
    if term is not None:
        start, end, name = term
        lines += [
            "  current_term:   # drafted from the class file's own term dates: check them",
            f"    start: {_q('{' + start + '}')}",
            f"    end: {_q('{' + end + '}')}",
        ]
        lines += [f"    name: {_q('{' + name + '}')}"] if name else []
    lines += [
        "  exclude_classes:   # classes nobody messages, by their title: add your own (docs/profiles.md)",
        "    patterns:",
    ]
    lines += [f"      {name}: {_q(pattern)}" for name, pattern in EXCLUDED_CLASSES.items()]
    return lines


def _term_columns(export: ExportFile, *, plain: bool = False) -> tuple[str, str, str | None] | None:
    """A class file's term start and end date columns (TermBeg, TermEnd; TERM-START), and its term
    name column (TermCd), or None."""
    columns = _columns(export)

    def dated(column: str) -> bool:
        values = _values(export, column)
        return bool(values) and all(any(c.isdigit() for c in v) for v in values)

    def termish(column: str, words: tuple[str, ...]) -> bool:
        name = squash(column)
        return any(w in name for w in TERM_WORDS) and any(w in name for w in words) and dated(column)

    start = next((c for c in columns if termish(c, TERM_START_WORDS)), None)
    end = next((c for c in columns if c != start and termish(c, TERM_END_WORDS)), None)
    if (start is None or end is None) and plain:
        # A file of classes only dates them plainly (Start Date, End Date: a teaching group's).
        dates = [c for c in columns if "date" in squash(c) and dated(c)]
        start = next((c for c in dates if any(w in squash(c) for w in TERM_START_WORDS)), None)
        end = next((c for c in dates if c != start and any(w in squash(c) for w in TERM_END_WORDS)), None)
    if start is None or end is None:
        return None
    names = [c for c in columns if c not in (start, end) and any(w in squash(c) for w in TERM_WORDS)]
    return start, end, next(iter(names), None)


def _why(closest: Candidate | None) -> str:
    if closest is None:
        return "# No bundled profile fits these files."
    absent = [m.source for m in closest.sources if m.required and m.file is None]
    detail = f"; no file holds the columns of its {', '.join(absent)} export{'s' if len(absent) > 1 else ''}"
    return (
        f"# No bundled profile fits these files (closest: {closest.profile}, {closest.score:.0%} of its "
        f"columns found{detail if absent else ''})."
    )


def _guessed(table: str, tables: Tables, export: ExportFile) -> tuple[dict[str, str | None], bool]:
    """The column (or template) guessed for each field of `table`'s rule, and whether its ID is
    only the first column."""
    guessed: dict[str, str | None] = {field: _guess(export, hints) for field, hints in FIELDS[table].items()}
    guessed.update(_school_fields(tables, table))
    if table == "classes":
        guessed["sourcedId"] = tables.class_template or tables.class_id
    template = tables.class_template if table == "enrollments" else None
    if template and all(read_key(c) in {read_key(h) for h in _columns(export)} for c in _template_columns(template)):
        guessed["classSourcedId"] = template  # the class as its file names it (tester89 T10)
    for field in FIELDS[table]:
        if guessed[field] is None:
            guessed[field] = tables.referring(table, field, export, guessed)
    # A class ID is never a column holding one value on every row (a section number within its
    # course): left for the admin to fill in, which check-profile asks (I261).
    unguessed = {"classes": "sourcedId", "enrollments": "classSourcedId"}.get(table)
    if unguessed and (column := guessed.get(unguessed)) is not None and _one_value(export, column, of=tables.classes):
        guessed[unguessed] = None
    if table == "enrollments":
        # One enrolment per class and person: never one column, which names the class (or the
        # student) on every row of it, and would make every enrolment but one a duplicate.
        pair = [_braced(guessed["classSourcedId"]), _braced(guessed["userSourcedId"])]
        guessed["sourcedId"] = "-".join(pair) if all(pair) else None  # type: ignore[arg-type]
    if guessed.get("sourcedId") is None and _columns(export) and table not in ("enrollments", "classes"):
        guessed["sourcedId"] = _columns(export)[0]  # a rule needs one: most often the first column
        return guessed, True
    return guessed, False


def _template_columns(template: str) -> list[str]:
    return re.findall(r"\{([^{}]+)\}", template)


def _braced(column: str | None) -> str | None:
    """A column as a template's part ('{Section ID}'); a template as it is."""
    if column is None:
        return None
    return column if "{" in column else "{%s}" % column  # noqa: UP031 (braces are YAML's)


def _rule(table: str, tables: Tables, names: dict[str, str]) -> list[str]:
    if table == "orgs" and tables.single_school:
        return _once_school()
    export = tables.file(table)
    guessed, first = _guessed(table, tables, export)
    source = f"      from: {names[export.name]}"
    if table == "orgs" and not tables.orgs_found:  # no school list: the students name several schools
        source += f"   # no file lists the schools {tables.school_file.name}'s {tables.school_column} names: export it?"
    lines = [f"  {table}:", f"    {RULES.get(table, 'rows')}:", source]
    if table == "enrollments" and guessed["schoolSourcedId"] is None:
        join = _class_school(tables, names, guessed["classSourcedId"])
        if join is not None:
            lines.append(join[0])
            guessed["schoolSourcedId"] = join[1]
    if table in ("users", "enrollments"):
        lines += _status_where(export, "inactive-student" if table == "users" else "enrollment-ended")
    lines.append("      columns:")
    fields = dict.fromkeys([*REQUIRED[table], *FIELDS[table]])
    for field in fields:
        if table == "orgs" and field == "name" and not tables.orgs_found and tables.school_column:
            lines.append(_named_by_map(tables.school_column))
            continue
        lines.append(_field_line(table, field, guessed.get(field), first=first and field == "sourcedId"))
    if table == "users":
        grade = _guess(export, GRADE)
        column = _q(grade) if grade else "..."
        lines.append(
            f"        # grades: {{column: {column}, map: grades}}   # optional: PK, KG, 01-12 or Other; needs a map"
        )
        lines += _staff_rule(tables, names)
    if table == "enrollments":
        lines += _teacher_rule(tables, names)
    return lines


def _class_school(tables: Tables, names: dict[str, str], class_column: str | None) -> tuple[str, str] | None:
    """An enrolments file naming no school: the join to its class's row and the school column
    read there (`class.School Code`), when the classes' file has one; else None."""
    classes = tables.classes
    school = _guess(classes, SCHOOL_ID) or tables.referring("classes", "schoolSourcedId", classes, {})
    if class_column is None or tables.class_id is None or school is None or classes is tables.enrollments:
        return None
    if "{" in class_column:  # a template of the enrolments' own columns: no join on it
        return None
    on = f"{{{_q(class_column)}: {_q(tables.class_id)}}}"
    join = (
        f"      join:   # the school is the class's: its row in {classes.name}\n"
        f"        class: {{source: {names[classes.name]}, on: {on}}}"
    )
    return join, f"class.{school}"


def _school_fields(tables: Tables, table: str) -> dict[str, str]:
    """A single-school SIS's school fields of `table`: the one school, whatever column a header
    names for it (its one value is the setting's)."""
    if not tables.single_school:
        return {}
    return {f: ONE_SCHOOL for f in ("orgSourcedIds", "schoolSourcedId") if f in FIELDS[table]}


def _field_line(table: str, field: str, column: str | None, *, first: bool = False) -> str:
    required = "required" if field in REQUIRED[table] else "optional"
    clean = f", clean: [{CLEAN[field]}]" if field in CLEAN else ""
    if (table, field) in FIXED:
        return f"        {field}: {FIXED[table, field]}"
    if column == ONE_SCHOOL:
        return f"        {field}: {ONE_SCHOOL}   # the one school (settings.school_id)"
    if column is None:
        if table == "enrollments" and field == "sourcedId":
            return f'        # {field}: "{{CLASS}}-{{PERSON}}"   # {required}: the class and person columns, joined'
        return f"        # {field}: {{column: ...{clean}}}   # {required}: which column holds it?"
    if "{" in column:
        return f"        {field}: {_q(column)}   # guessed: check it"
    why = "only a guess (the first column): which column is the ID?" if first else "guessed: check it"
    return f"        {field}: {{column: {_q(column)}{clean}}}   # {why}"


def _status_where(export: ExportFile, reason: str) -> list[str]:
    """The `where` conditions that leave out the rows that are not current, drafted from the
    export's columns: the first set would otherwise publish withdrawn and future students, and
    dropped enrolments. A status column holding a value that says current (Active, Enrolled; the
    codes A, E) and one that says otherwise (Withdrawn, Future; W, I) keeps the current ones; a
    yes/no flag named for a row that is not current (InactiveInd, Deleted) keeps its no rows, one
    named for a current row (ActiveFlag) its yes rows; a date that ends the row (WithdrawDt,
    DropDt, EndDate) keeps the rows with none or one not yet past. Each says `check it`."""
    conditions: list[str] = []
    for column in _columns(export):
        drafted = _status_condition(export, column, reason, first=not conditions)
        if drafted:
            conditions.append(drafted)
    if not conditions:
        return []
    return ["      where:   # drafted from the columns' names and values: check each", *conditions]


def _spelt(value: str) -> str:
    """A value seen only casefolded, as an export most likely writes it: E, Withdrawn."""
    return value.upper() if len(value) == 1 else value.capitalize()


def _status_condition(export: ExportFile, column: str, reason: str, *, first: bool) -> str | None:
    name, field = squash(column), _q("{" + column + "}")
    values = {v.strip() for v in _values(export, column)}
    folded = {v.casefold() for v in values}
    written = {v.casefold(): v for v in export.samples.get(column, [])}
    label = "current" if first else name
    if "status" in name:
        current = sorted(v for v in folded if squash(v) in CURRENT_STATUS or v in CURRENT_CODES)
        others = sorted(v for v in folded if squash(v) in OTHER_STATUS or v in OTHER_CODES)
        if not current or not others:
            return None
        kept = ", ".join(_q(written.get(v, _spelt(v))) for v in current)
        left = ", ".join(written.get(v, _spelt(v)) for v in others)
        return (
            f"        {label}: {{field: {field}, op: in, value: [{kept}], reason: {reason}}}"
            f"   # leaves out {left}: check which are current"
        )
    flag = folded and folded <= NO_FORMS | {f.casefold() for f in YES_FORMS} and folded - NO_FORMS
    if flag and any(word in name for word in NOT_CURRENT_WORDS):
        forms = ", ".join(_q(f) for f in YES_FORMS)
        return (
            f"        {label}: {{field: {field}, op: not_in, value: [{forms}], reason: {reason}}}"
            "   # a yes leaves the row out: check it"
        )
    if flag and any(word in name for word in CURRENT_WORDS):
        forms = ", ".join(_q(f) for f in YES_FORMS)
        return (
            f"        {label}: {{field: {field}, op: in, value: [{forms}], reason: {reason}}}"
            "   # a no leaves the row out: check it"
        )
    dated = any(word in name for word in DATE_WORDS) and all(any(c.isdigit() for c in v) for v in values if v)
    if dated and any(word in name for word in END_DATE_WORDS):
        return (
            f"        {label}: {{field: {field}, op: date_ge, value: as_of, allow_empty: true, reason: {reason}}}"
            "   # a date past leaves the row out: check it"
        )
    return None


def _staff_rule(tables: Tables, names: dict[str, str]) -> list[str]:
    """The staff, when a file of people names itself so: teachers own the classes in Remind."""
    export = tables.staff
    if export is None:
        return []
    guessed = {field: _guess(export, hints) for field, hints in FIELDS["users"].items()}
    guessed["sourcedId"] = _guess(export, STAFF_ID)
    guessed.update(_school_fields(tables, "users"))
    if guessed["orgSourcedIds"] is None:
        guessed["orgSourcedIds"] = tables.referring("users", "orgSourcedIds", export, guessed)
    first = guessed["sourcedId"] is None
    if first:
        guessed["sourcedId"] = _columns(export)[0]
    lines = [
        "    staff:",
        f"      from: {names[export.name]}",
        *_status_where(export, "inactive-staff"),
        "      columns:",
    ]
    for field in dict.fromkeys([*REQUIRED["users"], *FIELDS["users"]]):
        if field == "role":
            lines.append("        role: teacher   # or a map of the staff's roles: teacher, administrator, aide")
        else:
            lines.append(_field_line("users", field, guessed.get(field), first=first and field == "sourcedId"))
    return lines


def _teacher_rule(tables: Tables, names: dict[str, str]) -> list[str]:
    """Each class's teacher, when a column of the classes' file holds the staff's IDs."""
    if tables.staff is None:
        return []
    staff_id = _guess(tables.staff, STAFF_ID) or _columns(tables.staff)[0]
    export = tables.classes
    # A column named for the staff's ID whose values are not all the staff's (sections naming a
    # teacher staff.csv lacks) is still the teacher's: the run names the rows it cannot place
    # (V617), where a draft without teachers left every class without one (tester70 F3).
    named = _guess(export, STAFF_ID[: -len(PERSON_ID)])
    teacher = _refers(export, _values(tables.staff, staff_id), skip=(tables.class_id,)) or named
    if teacher is None or tables.class_id is None or teacher == tables.class_id:
        return []
    school = (
        ONE_SCHOOL
        if tables.single_school
        else _guess(export, SCHOOL_ID) or tables.referring("classes", "schoolSourcedId", export, {})
    )
    own = f"{_braced(tables.class_template or tables.class_id)}-{{{teacher}}}"
    class_id = (
        f"        classSourcedId: {_q(tables.class_template)}   # guessed: check it"
        if tables.class_template
        else f"        classSourcedId: {{column: {_q(tables.class_id)}, clean: [id]}}   # guessed: check it"
    )
    return [
        "    teachers:",
        f"      from: {names[export.name]}",
        "      columns:",
        f"        sourcedId: {_q(own)}   # guessed: check it",
        class_id,
        f"        userSourcedId: {{column: {_q(teacher)}, clean: [id]}}   # guessed: check it",
        _field_line("enrollments", "schoolSourcedId", school),
        "        role: teacher",
    ]
