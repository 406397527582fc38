"""A from-scratch profile for exports no bundled profile fits (`transform init-profile`).

One source per file, with its real columns and sample values as comments, and one rule per
output table listing the OneRoster fields it needs. A field is filled in only where a header
plainly names it (`First_Name` for givenName); the others stay as commented lines to fill in.
The skeleton passes check-profile; until its required fields are filled in, a run leaves the
rows out, naming each missing field (D304), and publishes nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

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
SECTION_ID = ("classsourcedid", "sectionid", "sectionsisid", "classid", "sectionnumber", "section", "sectionno")
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "orgs": {
        "sourcedId": ("sourcedid", *SCHOOL_ID, "sisid", "id", "code", "number"),
        "name": ("schoolname", "name", "nm", "title"),
        "identifier": ("schoolnumber", "statecode", "stateid"),
    },
    "users": {
        "sourcedId": ("sourcedid", *PERSON_ID),
        "orgSourcedIds": SCHOOL_ID,
        "username": ("username", "login", "loginid", "networkid"),
        "givenName": ("firstname", "givenname", "first", "fname", "fn"),
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
REQUIRED = {
    "orgs": ("sourcedId", "name", "type"),
    "users": ("sourcedId", "orgSourcedIds", "role", "givenName", "familyName"),
    "demographics": ("sourcedId", "birthDate"),
    "classes": ("sourcedId", "title", "schoolSourcedId"),
    "enrollments": ("sourcedId", "classSourcedId", "userSourcedId", "schoolSourcedId", "role"),
}
FILE_WORDS = {
    "orgs": ("school", "org", "site", "building", "loc"),
    "users": ("student", "stu", "user", "person", "pupil"),
    "demographics": ("demog", "student", "stu", "user", "person"),
    "classes": ("section", "class", "mst", "sec", "course", "crs"),
    "enrollments": ("enrol", "roster", "sse", "ssc", "seat", "schedule", "cc"),
}
RULES = {"orgs": "schools", "users": "students", "demographics": "students", "classes": "sections"}


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


def _source_for(table: str, files: list[ExportFile]) -> ExportFile:
    """The file a table's rule most likely reads: named like it, holding the most of its fields."""

    def score(export: ExportFile) -> int:
        named = any(word in squash(export.name) for word in FILE_WORDS[table])
        return 3 * named + sum(_guess(export, hints) is not None for hints in FIELDS[table].values())

    return max(files, key=score)  # max keeps the first of equals: files are sorted by name


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
    for table in FIELDS:
        lines += _rule(table, files, names)
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


def _rule(table: str, files: list[ExportFile], names: dict[str, str]) -> list[str]:
    export = _source_for(table, files)
    guessed = {field: _guess(export, hints) for field, hints in FIELDS[table].items()}
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
        grade = _guess(export, ("grade", "gradelevel", "gr"))
        column = _q(grade) if grade else "..."
        lines.append(
            f"        # grades: {{column: {column}, map: grades}}   # optional: PK, KG, 01-12 or Other; needs a map"
        )
    return lines
