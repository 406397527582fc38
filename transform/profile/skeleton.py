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
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from transform.oneroster.spec import REMIND
from transform.profile.init import Candidate, ExportFile

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
        "givenName": ("firstname", "givenname", "forename", "first", "fname", "fn"),
        "familyName": ("lastname", "familyname", "surname", "last", "lname", "ln"),
        "email": ("email", "studentemail", "emailaddress", "mail"),
    },
    "demographics": {
        "sourcedId": PERSON_ID,
        "birthDate": ("birthdate", "dateofbirth", "dob", "birthday", "bd"),
    },
    "classes": {
        "sourcedId": ("sourcedid", *SECTION_ID),
        "title": ("coursename", "coursetitle", "title", "sectionname", "classname", "name"),
        "schoolSourcedId": SCHOOL_ID,
        "classCode": ("sectionnumber", "coursenumber", "coursecode", "classcode"),
    },
    "enrollments": {
        "classSourcedId": SECTION_ID,
        "userSourcedId": PERSON_ID,
        "schoolSourcedId": SCHOOL_ID,
    },
}
FIXED = {("orgs", "type"): "school", ("users", "role"): "student", ("enrollments", "role"): "student"}
# What Remind requires of each table the skeleton writes: the run's own rules, not a copy.
REQUIRED = {table: REMIND.required[table] for table in ("orgs", "users", "demographics", "classes", "enrollments")}
FILE_WORDS = {
    "orgs": ("school", "org", "site", "building", "loc"),
    "users": ("student", "stu", "user", "person", "pupil"),
    "demographics": ("demog", "student", "stu", "user", "person"),
    "classes": ("section", "class", "mst", "sec", "course", "crs"),
    "enrollments": ("enrol", "roster", "sse", "ssc", "seat", "schedule", "cc"),
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


def _has(export: ExportFile, hints: tuple[str, ...]) -> bool:
    return _guess(export, hints) is not None


def _person(export: ExportFile) -> bool:
    """A file of people: a given and a family name."""
    return _has(export, FIELDS["users"]["givenName"]) and _has(export, FIELDS["users"]["familyName"])


def _id_column(export: ExportFile, table: str) -> str | None:
    """A table's ID column in its file: one a header names, else the first column."""
    named = _guess(export, FIELDS[table]["sourcedId"])
    return named or next(iter(_columns(export)), None)


def _values(export: ExportFile, column: str) -> set[str]:
    key = next((k for k, header in export.keys.items() if header.strip() == column), "")
    return export.values.get(key, set())


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
        self.students = self._best(
            people or files,
            lambda f: 4 * _has(f, GRADE) + 2 * _has(f, FIELDS["demographics"]["birthDate"]) + _named(f, "users"),
        )
        others = [f for f in files if not _person(f) and f is not self.students] or files
        self.classes = self._best(
            others,
            lambda f: 2 * _has(f, FIELDS["classes"]["title"]) + 2 * _has(f, SECTION_ID) + 2 * _named(f, "classes"),
        )
        class_ids, student_ids = self.ids(self.classes, "classes"), self.ids(self.students, "users")
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
        school_values = [_values(self.students, c) for c in _columns(self.students)]

        def school_list(f: ExportFile) -> float:
            return (
                4 * self._holds_codes_of(f, school_values)
                + 2 * _has(f, FIELDS["orgs"]["name"])
                + 2 * _named(f, "orgs")
                - len(f.header) / 10  # a school list has few columns
            )

        self.orgs = self._best([f for f in others if all(f is not c for c in chosen)] or others, school_list)
        # A single-school SIS may export no school list: then no column is taken for a school's
        # ID because its values are those of whatever file the schools' rule was left with.
        self.orgs_found = school_list(self.orgs) > 1

    @staticmethod
    def _best(files: list[ExportFile], score: Callable[[ExportFile], float]) -> ExportFile:
        return max(files, key=score)  # max keeps the first of equals: files are sorted by name

    @staticmethod
    def ids(export: ExportFile, table: str) -> set[str]:
        column = _id_column(export, table)
        return _values(export, column) if column else set()

    @staticmethod
    def _holds_codes_of(export: ExportFile, columns: list[set[str]]) -> bool:
        """Its ID column holds every value of one of the students' columns (their school)."""
        ids = Tables.ids(export, "orgs")
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
        "sources:",
    ]
    for export in files:
        lines += [f"  {names[export.name]}:", f"    files: [{_q(export.name)}]", "    columns:"]
        for column in _columns(export):
            samples = ", ".join(export.samples.get(column, [])) or "(empty)"
            lines.append(f"      - {_q(column):<30} # {samples}".rstrip())
    lines.append("tables:")
    tables = Tables(files)
    for table in FIELDS:
        lines += _rule(table, tables, names)
    return "\n".join(lines) + "\n"


def _why(closest: Candidate | None) -> str:
    if closest is None:
        return "# No bundled profile fits these files."
    absent = [m.source for m in closest.sources if m.required and m.file is None]
    detail = f"; no file holds the columns of its {', '.join(absent)} export{'s' if len(absent) > 1 else ''}"
    return (
        f"# No bundled profile fits these files (closest: {closest.profile}, {closest.score:.0%} of its "
        f"columns found{detail if absent else ''})."
    )


def _rule(table: str, tables: Tables, names: dict[str, str]) -> list[str]:
    export = tables.file(table)
    guessed = {field: _guess(export, hints) for field, hints in FIELDS[table].items()}
    for field in FIELDS[table]:
        if guessed[field] is None:
            guessed[field] = tables.referring(table, field, export, guessed)
    if table == "enrollments":
        pair = guessed["classSourcedId"], guessed["userSourcedId"]
        guessed["sourcedId"] = "{%s}-{%s}" % pair if all(pair) else None  # noqa: UP031 (braces are YAML's)
    first = False
    if guessed.get("sourcedId") is None and _columns(export):  # a rule needs one: most often the first column
        guessed["sourcedId"], first = _columns(export)[0], True
    lines = [f"  {table}:", f"    {RULES.get(table, 'rows')}:", f"      from: {names[export.name]}", "      columns:"]
    fields = dict.fromkeys([*REQUIRED[table], *FIELDS[table]])
    for field in fields:
        required = "required" if field in REQUIRED[table] else "optional"
        if (table, field) in FIXED:
            lines.append(f"        {field}: {FIXED[table, field]}")
        elif (column := guessed.get(field)) is None:
            lines.append(f"        # {field}: {{column: ...}}   # {required}: which column holds it?")
        elif "{" in column:
            lines.append(f"        {field}: {_q(column)}   # guessed: check it")
        else:
            why = "only a guess (the first column): which column is the ID?" if first else "guessed: check it"
            lines.append(f"        {field}: {{column: {_q(column)}}}   # {why}")
            first = False
    if table == "users":
        grade = _guess(export, GRADE)
        column = _q(grade) if grade else "..."
        lines.append(
            f"        # grades: {{column: {column}, map: grades}}   # optional: PK, KG, 01-12 or Other; needs a map"
        )
    return lines
