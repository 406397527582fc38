"""What a profile leaves out of the set as a whole (tester11 F8): a first profile, drafted by
init-profile and filled in where check-profile asked, read every line right and still published
half a set with exit 0: no staff, no parents, every term's classes. Said from the profile alone,
before any export is read:

- classes and enrolments, but no users rule that can make a teacher or an administrator: every
  class would go out with no owner (P111, refused);
- a source the district's own files declare and no rule reads (I272), with the table it looks
  like (a contacts export read by no rule says, too, when no rule makes parents at all);
- classes with no `filters.current_term`, while a source looks like a terms export with start and
  end dates, or the classes' own source has term start and end columns (TermBeg, TERM-START: most
  SIS put the term's dates on each section) (I274);
- an output column whose form a cleaner writes (a birth date, an email) mapped with no such
  cleaner: the run cleans it so anyway (profile.compile), and says so (I222).

What a source "looks like" is read from its name and file patterns (and, for terms, its
columns), in common English words, not any one SIS's layout.
"""

from __future__ import annotations

import re
from typing import Any

from transform.oneroster.spec import AGENT_ROLES, CLASS_OWNER_ROLES, FORM_CLEANERS
from transform.profile import templates
from transform.profile.load import LoadedProfile, PathPart, bundled_folder
from transform.report import codes
from transform.report.problem import Problem

OWNER_ROLES = CLASS_OWNER_ROLES
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "staff": ("staff", "teacher", "faculty", "employee", "instructor", "personnel", "educator"),
    "contacts": ("contact", "parent", "guardian", "carer", "relationship", "household", "family", "families"),
    "terms": ("term", "session", "semester", "gradingperiod", "markingperiod", "calendar"),
}
START_WORDS = ("start", "begin", "first")
END_WORDS = ("end", "finish", "stop", "last")
# A classes source's own term dates (Skyward's TERM-START, Clever's Term_start, Tyler's TermBeg):
# a column named for a term and for its start or end.
TERM_WORDS = ("term", "session", "semester", "markingperiod")
TERM_START_WORDS = (*START_WORDS, "beg")


def _squash(text: object) -> str:
    return re.sub(r"[^0-9a-z]", "", str(text).casefold())


def _items(mapping: object) -> list[tuple[str, Any]]:
    return list(mapping.items()) if isinstance(mapping, dict) else []


def _rules(data: dict[str, Any], table: str) -> list[tuple[str, dict[str, Any]]]:
    tables = data.get("tables")
    rules = tables.get(table) if isinstance(tables, dict) else None
    return [(name, rule) for name, rule in _items(rules) if isinstance(rule, dict)]


def _specs(rule: dict[str, Any], column: str) -> list[object]:
    """What a rule writes into `column`: its columns' spec and each group's."""
    found = [spec for key, spec in _items(rule.get("columns")) if key == column]
    for _, group in _items(rule.get("each")):
        found += [spec for key, spec in _items(group) if key == column]
    return found


def _may_give(data: dict[str, Any], spec: object, wanted: frozenset[str]) -> bool:
    """Whether a column spec can write one of `wanted`: a fixed value is read, a map's values;
    a column or template not mapped, a setting, or a map that keeps unmapped values, may."""
    literal = spec.get("value") if isinstance(spec, dict) else spec
    if isinstance(literal, str) and not (isinstance(spec, str) and "{" in spec):
        return literal.strip().casefold() in wanted
    if not isinstance(spec, dict):
        return isinstance(spec, str)  # a template
    maps = data.get("maps")
    mapping = maps.get(spec.get("map")) if isinstance(maps, dict) and isinstance(spec.get("map"), str) else None
    if not isinstance(mapping, dict):
        return True  # a column, a template or a setting, unmapped
    if mapping.get("unmapped", "keep") == "keep":
        return True
    outputs = [v for _, v in _items(mapping.get("values"))]
    outputs.append(mapping.get("default"))
    for _, target in _items(mapping.get("targets")):
        outputs += [v for _, v in _items(target.get("values") if isinstance(target, dict) else None)]
    return any(str(v).strip().casefold() in wanted for v in outputs if v is not None)


def _kind(data: dict[str, Any], name: str) -> str | None:
    spec = data["sources"][name]
    files = spec.get("files") if isinstance(spec, dict) else None
    words = _squash(name) + " " + " ".join(_squash(f) for f in (files if isinstance(files, list) else []))
    return next((kind for kind, found in KIND_WORDS.items() if any(w in words for w in found)), None)


def _dates(data: dict[str, Any], name: str) -> list[str]:
    """A source's start and end date columns, as declared; [] when it has not both."""
    spec = data["sources"][name]
    columns = [str(c) for key in ("columns", "optional_columns") for c in _listed(spec.get(key))]
    start = next((c for c in columns if any(w in _squash(c) for w in START_WORDS)), None)
    end = next((c for c in columns if c != start and any(w in _squash(c) for w in END_WORDS)), None)
    return [start, end] if start and end else []


def _term_dates(data: dict[str, Any], name: str) -> list[str]:
    """A classes source's own term start and end date columns (TermBeg, TermEnd), as declared;
    [] when it has not both. A source of classes only (no enrolments rule reads it: its dates
    are no student's) may date them plainly: Start Date and End Date (newcomer48: a UK MIS's
    teaching groups, a spring group published in October with no word)."""
    spec = data["sources"][name]
    columns = [str(c) for key in ("columns", "optional_columns") for c in _listed(spec.get(key))]
    termed = [c for c in columns if any(w in _squash(c) for w in TERM_WORDS)]
    if not _pair(termed) and not _enrols_students(data, name):
        termed = [c for c in columns if "date" in _squash(c)]
    return _pair(termed) or _class_row_dates(data, name, columns)


def _class_row_dates(data: dict[str, Any], name: str, columns: list[str]) -> list[str]:
    """The start and end date columns of a class row that gives the class its term itself (a
    classes rule from `name` whose termSourcedIds reads the row, not a join): its date columns
    named as the class's own columns are (Course Start Date beside Course Name, Course_Term) or for a
    class (Class Start Date, Course End, CrsBegDt; a fixed termSourcedIds too), not a student's
    (Enrollment End Date, Course Enrollment Start Date). A flat roster of one row per student per class (Educate) with
    no term filter published the spring's classes beside the fall's at exit 0 (tester71 N2)."""
    words: set[str] = set()
    for _, rule in _rules(data, "classes"):
        if str(rule.get("from")) != name:
            continue
        aliases = {str(alias) for alias, _ in _items(rule.get("join"))}
        specs = _specs(rule, "termSourcedIds")
        termed = [f for s in specs for f in _fields(s)]
        if specs and not any(f.split(".", 1)[0] in aliases for f in termed):  # the row's, or a fixed term
            words |= CLASS_WORDS | {w for s in _items(rule.get("columns")) for f in _fields(s[1]) for w in _words(f)}
    dated = [c for c in columns if set(_words(c)) & (words - PLAIN_WORDS) and not set(_words(c)) & PERSON_WORDS]
    return _pair(dated)


# Words a class's columns share with any other's (School Name, Student ID): no sign of the class's own.
PLAIN_WORDS = frozenset({"id", "name", "code", "number", "no", "date", "school", "student", "local"})
# Words naming a class's own columns whatever the rule reads (Class Start Date, CrsBegDt, Section Start).
CLASS_WORDS = frozenset({"class", "section", "sect", "course", "crs", "period", "term"})
# Words of a person's own dates on the row (Course Enrollment Start Date, Entry Date), or of a time of day
# (Period Start Time): no class's term.
PERSON_WORDS = frozenset(
    {
        "student",
        "enrollment",
        "enrolment",
        "enroll",
        "enrol",
        "entry",
        "exit",
        "withdraw",
        "withdrawal",
        "leave",
        "time",
    }
)


def _fields(spec: object) -> list[str]:
    """The export columns a column spec reads: a template's fields, a column's (or its list's)."""
    if isinstance(spec, str):
        try:
            return [str(ref) for ref in templates.fields(templates.parse(spec))]
        except templates.TemplateError:
            return []  # a template check-profile refuses on its own (P-codes)
    if not isinstance(spec, dict):
        return []
    column = spec.get("column")
    found = [str(c) for c in (column if isinstance(column, list) else [column]) if c is not None]
    return found + (_fields(spec["template"]) if isinstance(spec.get("template"), str) else [])


def _words(text: str) -> list[str]:
    """A column name's words, casefolded (Course_Term: course, term; TermBeg: term, beg)."""
    return [w.casefold() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", text)]


def _enrols_students(data: dict[str, Any], name: str) -> bool:
    """Whether an enrolments rule reads students from `name` (a flat roster): one that may give
    another role than the class's owners (its teachers' rule, `role: teacher`, does not)."""
    return any(
        str(rule.get("from")) == name and any(_may_give(data, s, frozenset({"student"})) for s in _specs(rule, "role"))
        for _, rule in _rules(data, "enrollments")
    )


def _pair(columns: list[str]) -> list[str]:
    """The first start and end columns of `columns`; [] without both."""
    start = next((c for c in columns if any(w in _squash(c) for w in TERM_START_WORDS)), None)
    end = next((c for c in columns if c != start and any(w in _squash(c) for w in END_WORDS)), None)
    return [start, end] if start and end else []


def _own_sources(profile: LoadedProfile) -> set[str]:
    """The sources the district's own files declare or change: a bundled profile's source that a
    district's rules no longer read (its parents' rule removed with null) is its choice."""
    bundled = bundled_folder().resolve()
    own: set[str] = set()
    for pf in profile.chain:
        sources = pf.data.get("sources")
        if pf.path.resolve().parent != bundled and isinstance(sources, dict):
            own |= {str(name) for name in sources}
    return own


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _read_sources(data: dict[str, Any]) -> set[str]:
    read: set[str] = set()
    for _, rules in _items(data.get("tables")):
        for _, rule in _items(rules):
            if not isinstance(rule, dict):
                continue
            read |= {str(rule[key]) for key in ("from", "unless_source") if key in rule}
            read |= {str(j.get("source")) for _, j in _items(rule.get("join")) if isinstance(j, dict)}
    return read


def _sources(data: dict[str, Any]) -> list[str]:
    return [name for name, spec in _items(data.get("sources")) if isinstance(spec, dict)]


def _teacher_columns(data: dict[str, Any]) -> tuple[str, str] | None:
    """The first source declaring columns named for the staff (Teacher ID, Teacher Email), and those."""
    for name, spec in _items(data.get("sources")):
        if not isinstance(spec, dict):
            continue
        columns = [*(spec.get("columns") or []), *(spec.get("optional_columns") or [])]
        found = [str(c) for c in columns if any(w in _squash(c) for w in KIND_WORDS["staff"])]
        if found:
            return str(name), ", ".join(found)
    return None


def no_teacher(profile: LoadedProfile) -> list[Problem]:
    """P111: classes and enrolments made, and no users rule can make their owners."""
    data = profile.data
    if not _rules(data, "classes") or not _rules(data, "enrollments"):
        return []
    users = [(name, rule) for name, rule in _rules(data, "users") if "guardian" not in rule]
    for _, rule in users:
        specs = _specs(rule, "role")
        if not specs or any(_may_give(data, spec, OWNER_ROLES) for spec in specs):
            return []
    roles = sorted({str(s.get("value") if isinstance(s, dict) else s) for _, r in users for s in _specs(r, "role")})
    why = f"the users rules give role {', '.join(roles)}" if roles else "no users rule but guardians"
    staff = [name for name in _sources(data) if _kind(data, name) == "staff"]
    if staff:
        hint = (
            f"; source {staff[0]!r} looks like the staff export: add a users rule from: {staff[0]} with "
            "role: teacher (or a map of its roles), and enrolments giving each class its teacher"
        )
    elif wide := _teacher_columns(data):
        # One file with a row per student per class: its teacher columns are the staff (tester57 F12b).
        name, columns = wide
        hint = (
            f"; no source looks like a staff export, but source {name!r} has teacher columns ({columns}): add a "
            f"users rule from: {name} reading them, with role: teacher and combine: {{}}, and enrolments giving "
            'each class its teacher (docs/profiles.md, "One file with a row per student per class")'
        )
    else:
        hint = "; add a users rule for the staff export with role: teacher (or a map of its roles)"
    path: list[PathPart] = ["tables", "users"] if _rules(data, "users") else ["tables", "classes"]
    return [
        Problem(
            codes.code("profile-no-teacher"), profile.where(path, key=True), {**_at(path), "why": why, "hint": hint}
        )
    ]


def _at(path: list[PathPart]) -> dict[str, object]:
    return {"path": ".".join(str(p) for p in path)}


def gaps(profile: LoadedProfile) -> list[Problem]:
    """I272, I274 and I222: warnings for check-profile and every run."""
    data = profile.data
    found: list[Problem] = []
    read = _read_sources(data)
    own = _own_sources(profile)
    students = any(
        any(_may_give(data, s, frozenset({"student"})) for s in _specs(rule, "role"))
        for _, rule in _rules(data, "users")
        if "guardian" not in rule
    )
    guardians = any(
        "guardian" in rule or any(_may_give(data, s, AGENT_ROLES) for s in _specs(rule, "role"))
        for _, rule in _rules(data, "users")
    )
    filters = data.get("filters")
    term_filter = isinstance(filters, dict) and filters.get("current_term") is not None
    classes = bool(_rules(data, "classes"))
    read_by_classes = {str(rule.get("from")) for _, rule in _rules(data, "classes")}
    for name in _sources(data):
        kind = _kind(data, name)
        path: list[PathPart] = ["sources", name]
        by_join = ""
        if kind != "terms" and name not in read_by_classes and (used := _used_as_terms(data, name)):
            kind = "terms"  # named for nothing, used as the terms (Genesis's AttendanceCycles as `cycles`)
            by_join = "join" if used == "join" else ""
        dates = _dates(data, name) if kind == "terms" else _term_dates(data, name) if name in read_by_classes else []
        if classes and not term_filter and dates:
            found.append(
                _warn(
                    profile,
                    "classes-no-term-filter",
                    ["tables", "classes"],
                    source=name,
                    columns=", ".join(dates),
                    found="",
                    hint=_term_join(data, name, dates) if kind == "terms" else "",
                    **({"by_use": by_join} if by_join else {}),
                )
            )
        elif name not in read and name in own:
            spec = data["sources"][name]
            files = spec.get("files") if isinstance(spec.get("files"), list) else [name]
            found.append(
                _warn(
                    profile,
                    "source-unread",
                    path,
                    source=name,
                    files=", ".join(map(str, files)),
                    hint=_hint(kind, name, parents=guardians or not students),
                    # a first set without parents though the exports hold them: a person looks
                    why="no-parents" if kind == "contacts" and students and not guardians else "",
                )
            )
    return found + _forms_unclean(profile)


# What a cell read raw looks like, for I222's message, by the cleaner of its form.
_EXAMPLES = {
    "birth_date": "a birth date 20160219 or 14.03.2015",
    "email": "an email 't1 at d.example.org'",
    "language": "a language 'English'",
    "date": "a date 08/17/2026",
}


def _forms_unclean(profile: LoadedProfile) -> list[Problem]:
    """I222: a column of spec.FORM_CLEANERS read with none of the cleaners that write its form."""
    found: list[Problem] = []
    for table, rules in _items(profile.data.get("tables")):
        for name, rule in _items(rules):
            if not isinstance(rule, dict):
                continue
            groups = [(["columns"], rule.get("columns"))]
            groups += [(["each", group], specs) for group, specs in _items(rule.get("each"))]
            for at, specs in groups:
                for column, spec in _items(specs):
                    cleaners = FORM_CLEANERS.get((str(table), str(column)))
                    read = isinstance(spec, str) and "{" in spec  # a template
                    read = read or (isinstance(spec, dict) and any(k in spec for k in ("column", "template")))
                    if not cleaners or not read:
                        continue
                    entries = _listed(spec.get("clean")) if isinstance(spec, dict) else []
                    named = {next(iter(e)) if isinstance(e, dict) else str(e) for e in entries}
                    if named & set(cleaners):
                        continue
                    path: list[PathPart] = ["tables", table, name, *at, column]
                    found.append(
                        _warn(
                            profile,
                            "field-clean-implied",
                            path,
                            field=f"{table}.{column}",
                            cleaner=cleaners[0],
                            example=_EXAMPLES.get(cleaners[0], ""),
                        )
                    )
    return found


def _used_as_terms(data: dict[str, Any], name: str) -> str:
    """How the profile itself uses `name` as its terms, whatever the source is called (tester89 T1: Genesis's
    AttendanceCycles.csv as `cycles`, no I274, every semester's classes published): "sessions" where
    academicSessions rules read it (from:, or a join); "join" where a classes rule joins it and it has a start
    and an end column (cycleStart, StartDt, Start: review202 R4), not a staff export's First and Last Name;
    "" otherwise. Joined, it is the terms only if its rows' dates look like terms (unfiltered_terms.judge:
    a staff export's employment startDate/endDate are no term's, review202 R6)."""
    for _, rule in _rules(data, "academicSessions"):
        if str(rule.get("from")) == name or name in _joined_sources(rule):
            return "sessions"
    dates = _dates(data, name)
    dated = len(dates) == 2 and not any("name" in _squash(c) for c in dates)
    # a source a users rule reads or joins is a people export, its dates a person's (review205 R5)
    people = any(str(rule.get("from")) == name or name in _joined_sources(rule) for _, rule in _rules(data, "users"))
    joined = any(name in _joined_sources(rule) for _, rule in _rules(data, "classes"))
    return "join" if dated and joined and not people else ""


def _joined_sources(rule: dict[str, Any]) -> dict[str, str]:
    """The sources a rule joins, each with its (first) alias."""
    joined: dict[str, str] = {}
    for alias, join in _items(rule.get("join")):
        if isinstance(join, dict) and join.get("source") is not None:
            joined.setdefault(str(join["source"]), str(alias))
    return joined


def _term_join(data: dict[str, Any], terms: str, dates: list[str]) -> str:
    """I274's example for a terms export: the join of the classes rule on the columns its source
    shares with the terms export (TermID, SchoolNum), and the filter on the joined dates; "" when
    they share none (newcomer48: "through a join" left the admin to find how). A classes rule that
    joins it already is named with its alias: the filter alone is missing. The key carries too the
    columns the classes' termSourcedIds and the terms' sourcedId template put in the same place
    (`{schoolCode}-{schoolYear}-{semester}` and `{schoolCode}-{schoolYear}-{cycleCode}`: semester is
    cycleCode), without which one school year's terms are one key (X866: tester89 T1)."""
    for rule_name, rule in _rules(data, "classes"):
        alias = _joined_sources(rule).get(terms)
        if alias is not None:
            term = f'current_term: {{start: "{{{alias}.{dates[0]}}}", end: "{{{alias}.{dates[1]}}}"}}'
            rule_path = f"tables.classes.{rule_name}"
            return f"; to keep the current term's, write filters: {{{term}}} ({rule_path} joins it as {alias})"
    declared = {_squash(c): str(c) for c in _declared(data, terms) if str(c) not in dates}
    for rule_name, rule in _rules(data, "classes"):
        source = str(rule.get("from"))
        on = {str(c): declared[_squash(c)] for c in _declared(data, source) if _squash(c) in declared}
        for mine, theirs in _same_places(data, rule, terms):
            if mine not in on and theirs not in on.values():
                on[mine] = theirs
        if on:
            keys = ", ".join(f"{c}: {t}" for c, t in on.items())
            join = f"join: {{term: {{source: {terms}, on: {{{keys}}}}}}}"
            term = f'current_term: {{start: "{{term.{dates[0]}}}", end: "{{term.{dates[1]}}}"}}'
            rule_path = f"tables.classes.{rule_name}"
            return f"; to keep the current term's, join {rule_path} to it ({join}) and write filters: {{{term}}}"
    return ""


def _same_places(data: dict[str, Any], rule: dict[str, Any], terms: str) -> list[tuple[str, str]]:
    """The (class row's column, terms export's column) pairs the classes rule's termSourcedIds template and an
    academicSessions rule's sourcedId template of `terms` read in the same place of one shape ('{A}-{B}-{C}'
    beside '{A}-{B}-{D}': (C, D)); [] when no two templates have the same literal text between their fields."""
    mine = _shape(_specs(rule, "termSourcedIds"))
    if mine is None:
        return []
    for _, sessions in _rules(data, "academicSessions"):
        theirs = _shape(_specs(sessions, "sourcedId")) if str(sessions.get("from")) == terms else None
        if theirs is not None and theirs[0] == mine[0]:
            return [(a, b) for a, b in zip(mine[1], theirs[1], strict=True) if "." not in a and "." not in b]
    return []


def _shape(specs: list[object]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A lone template's literal text between its fields, and its fields; None for anything else."""
    spec = specs[0] if len(specs) == 1 else None
    text = spec.get("template") if isinstance(spec, dict) and spec.get("column") is None else spec
    if not isinstance(text, str) or "{" not in text:
        return None
    try:
        parts = templates.parse(text)
    except templates.TemplateError:
        return None
    if not all(isinstance(p, str | templates.FieldRef) for p in parts):
        return None
    literal = tuple(p if isinstance(p, str) else "\0" for p in parts)
    return literal, tuple(str(p) for p in parts if isinstance(p, templates.FieldRef))


def _declared(data: dict[str, Any], name: str) -> list[object]:
    spec = data["sources"].get(name)
    return (
        [c for key in ("columns", "optional_columns") for c in _listed(spec.get(key))] if isinstance(spec, dict) else []
    )


def _hint(kind: str | None, name: str, *, parents: bool) -> str:
    if kind == "staff":
        return f"; it looks like the staff export: did you mean a users rule from: {name} with role: teacher?"
    if kind == "contacts":
        said = "; it looks like" if parents else "; no rule makes parents, and it looks like"
        return f"{said} the contacts export: did you mean a users rule from: {name} with guardian:?"
    if kind == "terms":
        return f"; it looks like the terms export: did you mean filters.current_term, reading {name} through a join?"
    return f"; read it in a rule (from: {name}, or a join) or remove it from sources"


def _warn(profile: LoadedProfile, slug: codes.Slug, path: list[PathPart], **params: object) -> Problem:
    return Problem(codes.code(slug), profile.where(path, key=True), {**_at(path), **params})
