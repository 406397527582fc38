"""Check a loaded profile: JSON Schema, then sense checks. Every error at once, located."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from transform.cleaners import REGISTRY, entry_name
from transform.cleaners.dates import format_lacks
from transform.cleaners.ids import unsafe_in
from transform.cleaners.school_year import read_month
from transform.oneroster.spec import LIST_COLUMNS, ONEROSTER, REMIND, TARGETS, is_id_column
from transform.profile import checked, point_owners, templates
from transform.profile.compile import as_of_days, owned_by, read_before
from transform.profile.load import LoadedProfile, PathPart, merge
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where

if TYPE_CHECKING:
    import jsonschema

GRADUATION_YEAR = "grade_from_graduation_year"  # the cleaner a map must not run before (P114)
DATE_OPS = frozenset({"date_lt", "date_le", "date_gt", "date_ge"})
NUMBER_OPS = frozenset({"lt", "le", "gt", "ge"})
REGEX_OPS = frozenset({"matches", "not_matches"})
# The drop reasons that say on which side of the run's date a left-out row's date lies (P116).
ENDED_REASONS = frozenset({"enrollment-ended", "dropped-enrollment"})
STARTED_REASONS = frozenset({"not-started"})


@cache
def schema_text() -> str:
    return resources.files("transform.profile").joinpath("schema.json").read_text("utf-8")


@cache
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text())
    return data


def check(profile: LoadedProfile, targets: tuple[str, ...] = tuple(TARGETS)) -> list[Problem]:
    """The profile's problems; what a column writes is judged for the runs of `targets` only (a
    template only --target oneroster writes is not a remind run's: check-profile --target)."""
    problems = list(_schema_problems(profile))
    problems += _key_problems(profile, profile.data, [])
    problems += _sense_problems(profile, targets, schema_failed=bool(problems))
    if not problems:  # values and tables, once the profile reads as a profile
        problems += _vocabulary_problems(profile)
        problems += list(_unless_enrolled_misplaced(profile, profile.data, []))
    unique = {str(p): p for p in problems}  # a filter checked against several rules says it once
    return sorted(unique.values(), key=_position)


# The checks made in this process (a scheduler's loop, the test suite's thousands of runs), by each
# file's path, name and text, the targets and the folder remembering clean schema checks: the check
# reads nothing else, and was a tenth of a small district's run each time.
_CHECKED: OrderedDict[tuple[object, ...], tuple[Problem, ...]] = OrderedDict()
_CHECKED_AT_MOST = 64  # the most recently used


def once(profile: LoadedProfile, targets: tuple[str, ...] = tuple(TARGETS)) -> list[Problem]:
    """`check`'s problems, found once per process for the same profile files: a file edited since
    (another text) is checked again. Each caller gets problems of its own (a report may change a
    problem's params)."""
    if any(not pf.text for pf in profile.chain):  # a profile not read from its files: checked each time
        return check(profile, targets)
    files = tuple((str(pf.path.resolve()), pf.display, pf.text) for pf in profile.chain)
    key = (files, targets, str(checked.folder()))
    if (found := _CHECKED.get(key)) is None:
        found = _CHECKED[key] = tuple(check(profile, targets))
        if len(_CHECKED) > _CHECKED_AT_MOST:
            _CHECKED.popitem(last=False)
    _CHECKED.move_to_end(key)
    return [replace(p, params=dict(p.params)) for p in found]


def _sense_problems(profile: LoadedProfile, targets: tuple[str, ...], *, schema_failed: bool) -> list[Problem]:
    """`_Sense`'s problems, said beside the schema's (every error at once). Its checks read values of
    the types the schema gives them: a profile the schema refused may hold a map or a list where a
    name belongs (`map: {values: ...}`, `op: [in]`), and a check that then fails is no bug of the
    tool (exit 3) but the schema's error, said already (tester57 F13's inline map)."""
    try:
        return _Sense(profile, targets).problems()
    except (TypeError, AttributeError, KeyError, IndexError, ValueError):
        if schema_failed:
            return []
        raise


def _key_problems(profile: LoadedProfile, node: object, path: list[PathPart]) -> list[Problem]:
    """A key YAML read as a number, a yes/no or a date (`1: "01"`, `07: "07"`, `yes: Y`): every key
    of a profile is text, and `07` read as the number 7 never matches the export's `07`."""
    found: list[Problem] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(node, dict) and not isinstance(key, str):
            if key is None:  # `~:` or `null:`, or a key left empty
                detail = 'a key is empty (or ~, null) to YAML, not text: write it as the export does, quoted ("")'
            else:
                kind = "a yes/no" if isinstance(key, bool) else "a date" if isinstance(key, dt.date) else "a number"
                detail = (
                    f'key {key!r} is {kind} to YAML, not text: quote such keys as the export writes them ("1", "07")'
                )
            where = profile.where([*path, key], key=True)
            found.append(
                Problem(
                    codes.code("profile-schema"),
                    where,
                    {"path": dotted([*path, "~" if key is None else str(key)]), "detail": detail},
                )
            )
        found += _key_problems(
            profile, value, [*path, key if isinstance(key, int) and isinstance(node, list) else str(key)]
        )
    return found


# The values a column of a fixed vocabulary takes in one target or the other (a value the run's
# target cannot take is its validator's to report: `relative` is OneRoster's only). Grades are
# a map's to choose, and a list.
VOCABULARY: dict[tuple[str, str], frozenset[str]] = {
    key: frozenset(ONEROSTER.allowed.get(key, ())) | frozenset(REMIND.allowed.get(key, ()))
    for key in {*ONEROSTER.allowed, *REMIND.allowed}
    if key[1] != "grades"
}


def _vocabulary_problems(profile: LoadedProfile) -> list[Problem]:
    """A fixed value (`type: School`, `role: Student`, `primary: "Y"`), or a map's value feeding
    such a column, that no target takes: every record the rule makes would be left out (V507)
    and the run refused with advice about the SIS; or no orgs at all. Refused here, at the
    profile's line (tester11 F6). A guardian rule's role is its own to read (mother, father:
    pipeline.derive)."""
    tables = profile.data.get("tables")
    found: list[Problem] = []
    if isinstance(tables, dict) and not tables.get("orgs") and any(tables.get(t) for t in ("users", "classes")):
        detail = "no rule makes orgs.csv, which every user, class and enrolment names: add tables.orgs"
        found.append(_problem(profile, ["tables"], detail))
    for table, rules in tables.items() if isinstance(tables, dict) else ():
        for rule_name, rule in rules.items() if isinstance(rules, dict) else ():
            if not isinstance(rule, dict) or "guardian" in rule:
                continue
            each = rule.get("each")
            groups: dict[str, Any] = each if isinstance(each, dict) else {}
            at: list[PathPart] = ["tables", table, rule_name]
            specs = [([*at, "columns"], rule.get("columns")), *(([*at, "each", g], c) for g, c in groups.items())]
            for path, columns in specs:
                for column, spec in columns.items() if isinstance(columns, dict) else ():
                    if (table, column) in VOCABULARY:
                        found += _vocabulary_of(profile, table, [*path, column], spec)
    return found


def _unless_enrolled_misplaced(profile: LoadedProfile, node: object, path: list[PathPart]) -> Iterator[Problem]:
    """`unless_enrolled` anywhere but a students' or staff rule's where: an enrolment names a
    student or a staff member, never a guardian, a class or another enrolment, so the condition
    would leave out every row failing it."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _unless_enrolled_misplaced(profile, item, [*path, i])
        return
    if not isinstance(node, dict):
        return
    if node.get("unless_enrolled") is True and not _users_where(profile, path):
        detail = "unless_enrolled is read only in a students' or staff rule's where (tables.users.RULE.where)"
        yield _problem(profile, [*path, "unless_enrolled"], detail)
    if "unless_roles" in node and node.get("unless_enrolled") is not True:
        yield _problem(profile, [*path, "unless_roles"], "unless_roles is read only beside unless_enrolled: true")
    for key, value in node.items():
        yield from _unless_enrolled_misplaced(profile, value, [*path, str(key)])


def _users_where(profile: LoadedProfile, path: list[PathPart]) -> bool:
    if len(path) != 5 or path[:2] != ["tables", "users"] or path[3] != "where":
        return False
    rule = profile.data["tables"]["users"].get(path[2])
    return isinstance(rule, dict) and "guardian" not in rule


def _vocabulary_of(profile: LoadedProfile, table: str, path: list[PathPart], spec: object) -> list[Problem]:
    column = str(path[-1])
    allowed = VOCABULARY[(table, column)]
    shown = f"one of {', '.join(sorted(allowed))}, the values {table}.{column} takes"
    found = []
    literal = spec.get("value") if isinstance(spec, dict) else spec
    if isinstance(literal, str) and "{" not in literal and literal not in allowed:
        where = [*path, "value"] if isinstance(spec, dict) else path
        found.append(_problem(profile, where, f"{literal!r} is not {shown}"))
    maps = profile.data.get("maps")
    name = spec.get("map") if isinstance(spec, dict) else None
    mapping = maps.get(name) if isinstance(maps, dict) and isinstance(name, str) else None
    values = mapping.get("values") if isinstance(mapping, dict) else None
    for key, value in values.items() if isinstance(values, dict) else ():
        if str(value) and str(value) not in allowed:
            detail = f"{str(value)!r} is not {shown} ({dotted(path)} reads map {name!r})"
            found.append(_problem(profile, ["maps", str(name), "values", key], detail))
    return found


def _problem(profile: LoadedProfile, path: list[PathPart], detail: str) -> Problem:
    return Problem(codes.code("profile-schema"), profile.where(path), {"path": dotted(path), "detail": detail})


def _position(problem: Problem) -> tuple[str, int, int]:
    if problem.where.line:  # the YAML's own errors, each part in its field
        return problem.where.file, problem.where.line, problem.where.char
    file, _, rest = problem.where.file.partition(":")
    line, _, col = rest.partition(":")
    return file, int(line or 0), int(col or 0)


def dotted(path: list[PathPart]) -> str:
    return ".".join(str(p) for p in path) or "(top)"


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _schema_problems(profile: LoadedProfile) -> Iterator[Problem]:
    key = checked.fingerprint(profile.data, schema_text())
    if checked.passed_before(key):
        return
    import jsonschema  # here, when a profile is checked: its import is a tenth of a second

    validator = jsonschema.Draft202012Validator(schema())
    clean = True
    for error in validator.iter_errors(profile.data):
        clean = False
        yield from _translate(profile, error)
    if clean:
        checked.remember(key)


def _translate(profile: LoadedProfile, error: jsonschema.ValidationError) -> Iterator[Problem]:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        subschema = error.schema if isinstance(error.schema, dict) else {}
        allowed = set(subschema.get("properties", {}))
        for key in sorted(set(error.instance) - allowed, key=str):
            where = profile.where([*path, key], key=True)
            yield Problem(
                codes.code("profile-unknown-key"),
                where,
                {"path": dotted(path), "key": key, "hint": did_you_mean(str(key), allowed)},
            )
        return
    if isinstance(error.instance, dict) and isinstance(error.instance.get("map"), dict):
        # tester69 F7: an inline map read as "{...} is not of type 'string'", the column's other form
        detail = "map: names a map under maps: (`maps: {NAME: {values: {...}}}`, then `map: NAME`), not a map itself"
        yield Problem(
            codes.code("profile-schema"), profile.where([*path, "map"]), {"path": dotted(path), "detail": detail}
        )
        return
    if error.validator in ("anyOf", "oneOf") and error.context:
        # Report the branch that got furthest instead of "is not valid under any of ...".
        from jsonschema.exceptions import best_match

        best = best_match(error.context)
        if best is not None and best is not error:
            yield from _translate(profile, best)
            return
    detail = error.message
    if len(path) >= 2 and path[-2] in ("where", "link_where") and path[-1] in CONDITION_KEYS:
        detail = (
            f"{path[-1]} is a key of a condition, not a condition: indent it under the condition it "
            f"belongs to (`NAME: {{field: ..., op: ..., {path[-1]}: ...}}`)"
        )
    elif error.validator == "type" and (unquoted := _not_text(error.instance)):
        written = _as_written(profile, path, error.instance)
        read = [_read_as(v, text) for v, text in zip(unquoted, written, strict=True)]
        detail = (
            f"{', '.join(read)} {'is' if len(unquoted) == 1 else 'are'} not text to YAML: quote "
            f"{'it' if len(unquoted) == 1 else 'them'} as the export writes {'it' if len(unquoted) == 1 else 'them'} "
            f"({', '.join(repr(text) for text in written)})"
        ).replace("'", '"')
    if error.validator == "not" and isinstance(error.instance, dict) and "op" in error.instance:
        detail = f"op {error.instance['op']!r} takes no value"  # the only `not` in the schema
    if error.validator == "propertyNames":
        detail = f"{error.instance!r}: names use letters, digits, _ and -"
    if error.validator == "required" and len(path) == 3 and path[0] == "tables":
        detail += _not_overridden(profile, str(path[1]), str(path[2]))
    yield Problem(codes.code("profile-schema"), profile.where(path), {"path": dotted(path), "detail": detail})


def _not_overridden(profile: LoadedProfile, table: str, rule: str) -> str:
    """For a rule of a profile that extends another, which no profile it extends has: it is a
    new rule, not an override of one (tester38 F7: `student` written for `students`)."""
    inherited: set[str] = set()
    for pf in profile.chain[1:]:
        tables = pf.data.get("tables")
        rules = tables.get(table) if isinstance(tables, dict) else None
        inherited |= {str(name) for name in rules} if isinstance(rules, dict) else set()
    if not inherited or rule in inherited:
        return ""
    return (
        f" (a new rule: the profile this one extends has no rule {rule!r} in tables.{table}, only "
        f"{', '.join(sorted(inherited))}{did_you_mean(rule, inherited)})"
    )


CONDITION_KEYS = frozenset({"field", "op", "value", "reason", "allow_empty", "routes", "because"})


def _not_text(instance: object) -> list[object]:
    """The numbers and true/false of a value (or a list of values) YAML read from unquoted text."""
    items = instance if isinstance(instance, list) else [instance]
    return [v for v in items if isinstance(v, (bool, int, float)) and not isinstance(v, str)]


def _as_written(profile: LoadedProfile, path: list[PathPart], instance: object) -> list[str]:
    """Each value `_not_text` finds in `instance`, as the profile wrote it at its own place (its
    node's text): 0410 for the 264 YAML read as an octal number (`schools: [0410]`: quoting "264"
    was advised, tester86 T6); matched by position, not by value (`schools: [0410, 264]` said the
    genuine 264 as 0410: reviewer190 R4). As YAML read it where the node does not say."""
    node = profile.node(path)
    items = instance if isinstance(instance, list) else [instance]
    nodes: list[object] = [node]
    if isinstance(instance, list):
        nodes = list(node.value) if isinstance(node, yaml.SequenceNode) else []
    if len(nodes) != len(items):
        nodes = [None] * len(items)
    return [
        n.value if isinstance(n, yaml.ScalarNode) and n.value.strip() else _yaml(v)
        for v, n in zip(items, nodes, strict=True)
        if isinstance(v, (bool, int, float))
    ]


def _read_as(value: object, text: str) -> str:
    """A value as written, and what YAML made of it where that differs (0410, the octal number 264)."""
    if text == _yaml(value):
        return text
    octal = type(value) is int and re.fullmatch(r"[-+]?0o?[0-7]+", text)
    return f"{text} ({'the octal number' if octal else 'read as'} {_yaml(value)})"


def _yaml(value: object) -> str:
    """A value as the profile wrote it: false, not False."""
    return str(value).lower() if isinstance(value, bool) else str(value)


# A text an ID column writes (P128): where, the text, whether a template, and (into, outcome) words.
_Fixed = tuple[list[PathPart], object, bool, tuple[str, str]]


class _Sense:
    """References, regexes and templates: what a schema cannot see."""

    def __init__(self, profile: LoadedProfile, targets: tuple[str, ...] = tuple(TARGETS)) -> None:
        self.profile = profile
        self.targets = targets  # the runs whose output is judged (P128, P129)
        self.data = profile.data
        self.out: list[Problem] = []
        sources = self.data.get("sources")
        self.sources: dict[str, Any] = sources if isinstance(sources, dict) else {}
        maps = self.data.get("maps")
        self.maps: dict[str, Any] = maps if isinstance(maps, dict) else {}
        self.settings_known = set(schema()["$defs"]["settings"]["properties"])

    def problems(self) -> list[Problem]:
        for name, spec in self.sources.items():
            if isinstance(spec, dict) and isinstance(spec.get("statuses"), dict):
                self._statuses(["sources", name, "statuses"], name, spec["statuses"])
        for name, mapping in self.maps.items():
            if isinstance(mapping, dict):
                self._drop_reason(["maps", name], mapping)
                if "because" in mapping and mapping.get("unmapped") != "drop":
                    self._add("profile-schema", ["maps", name, "because"], detail="because: only with unmapped: drop")
        tables = self.data.get("tables")
        if isinstance(tables, dict):
            for table, rules in tables.items():
                for rule_name, rule in (rules or {}).items() if isinstance(rules, dict) else ():
                    if isinstance(rule, dict):
                        self._rule(table, ["tables", table, rule_name], rule)
        self._filters(tables if isinstance(tables, dict) else {})
        self._preregistered(tables if isinstance(tables, dict) else {})
        settings = self.data.get("settings")
        if isinstance(settings, dict):
            self._date_formats(["settings", "date_formats"], settings.get("date_formats"))
            self._school_year_starts(settings)
        return self.out

    # -- helpers ------------------------------------------------------------------------------
    def _add(self, slug: codes.Slug, path: list[PathPart], **params: object) -> None:
        params.setdefault("path", dotted(path))
        self.out.append(Problem(codes.code(slug), self.profile.where(path), params))

    def _columns_of(self, source: str) -> set[str]:
        spec = self.sources.get(source)
        if not isinstance(spec, dict):
            return set()
        names = list(spec.get("columns") or []) + list(spec.get("optional_columns") or [])
        return {templates.normalize_column(str(n)) for n in names}

    def _statuses(self, path: list[PathPart], source: str, statuses: dict[Any, Any]) -> None:
        """`sources.NAME.statuses`: each a column the export declares (or an alias of one), no value both left
        and active (a typo'd column judges nothing, and the district believes its leavers are watched)."""
        spec = self.sources[source]
        aliases = {
            templates.normalize_column(str(o)) for others in (spec.get("aliases") or {}).values() for o in others
        }
        known = self._columns_of(source)
        listed = [str(c) for c in (*(spec.get("columns") or ()), *(spec.get("optional_columns") or ()))]
        for column, values in statuses.items():
            # a bundled profile's declaration of a column the district's own columns left out judges nothing: an
            # upgrade is not the district's error to mend in a file it cannot edit (review203 R4)
            unknown = templates.normalize_column(str(column)) not in known | aliases
            if unknown and not self.profile.inherited([*path, column]):
                self._add(
                    "profile-unknown-reference",
                    [*path, column],
                    detail=f"source {source!r} declares no column {column!r}{did_you_mean(str(column), set(listed))}",
                )
            if not isinstance(values, dict):
                continue
            left = {str(v).strip().casefold() for v in values.get("left") or () if isinstance(v, str)}
            both = [str(v) for v in values.get("active") or () if str(v).strip().casefold() in left]
            if both:
                self._add(
                    "profile-schema",
                    [*path, column, "active"],
                    detail=f"{', '.join(repr(v) for v in both)} both left and active: a value is one or the other",
                )

    def _source_ref(self, path: list[PathPart], name: object) -> bool:
        if isinstance(name, str) and name in self.sources:
            return True
        if name is None and path[-1] == "from":
            return False  # a rule without `from`: said once, by the schema (P103)
        self._add(
            "profile-unknown-reference",
            path,
            detail=f"no source named {name!r}{did_you_mean(str(name), set(self.sources))}",
        )
        return False

    def _preregistered(self, tables: dict[str, Any]) -> None:
        """`sources.NAME.leaves_out_preregistered` under a source no people rule reads from (a users rule not a
        guardians' nor `once`): X722 reads it of a people export only, and there it did nothing, said nowhere
        (review218 R3: set under the enrolments export, the district took its pre-registered students for excused)."""
        users = tables.get("users")
        rules = [r for r in users.values() if isinstance(r, dict)] if isinstance(users, dict) else []
        people = [r.get("from") for r in rules if "guardian" not in r and r.get("once") is not True]
        readers = list(dict.fromkeys(name for name in people if isinstance(name, str) and name in self.sources))
        for name, spec in self.sources.items():
            if isinstance(spec, dict) and spec.get("leaves_out_preregistered") is True and name not in readers:
                self._add(
                    "preregistered-source-not-people",
                    ["sources", name, "leaves_out_preregistered"],
                    source=name,
                    readers=", ".join(readers) or "none",
                    first=readers[0] if readers else "NAME",
                )

    def _drop_reason(self, path: list[PathPart], spec: dict[str, Any]) -> None:
        """`reason:` names a catalogue slug, `because:` gives the profile's own words: one or the other."""
        if "reason" in spec and "because" in spec:
            self._add(
                "profile-schema",
                [*path, "because"],
                detail="give reason (a report code slug) or because (your own words), not both",
            )
        elif "reason" in spec:
            self._reason([*path, "reason"], spec["reason"])

    def _reason(self, path: list[PathPart], reason: object) -> None:
        if reason not in codes.PROFILE_REASONS:
            self._add(
                "profile-unknown-reference",
                path,
                detail=f"no drop reason {reason!r} (one of {', '.join(codes.PROFILE_REASONS)}; "
                "or give your own words with because:)"
                f"{did_you_mean(str(reason), set(codes.PROFILE_REASONS))}",
            )

    def _field(
        self,
        path: list[PathPart],
        ref: templates.FieldRef,
        scope: dict[str | None, str],
        out_columns: set[str] | None = None,
    ) -> None:
        if ref.alias == templates.SETTINGS_ALIAS and ref.alias not in scope:
            if ref.column not in self.settings_known:
                self._add(
                    "profile-unknown-reference",
                    path,
                    detail=f"{ref}: no setting {ref.column!r}{did_you_mean(ref.column, self.settings_known)}",
                )
            return
        if ref.alias == templates.OUT_ALIAS and out_columns is not None:
            if ref.column not in out_columns:
                self._add(
                    "profile-unknown-reference",
                    path,
                    detail=f"no output column {ref.column!r}{did_you_mean(ref.column, out_columns)}",
                )
            return
        if ref.alias is None and None not in scope:
            self._add(
                "profile-unknown-reference",
                path,
                detail=f"{ref}: a once rule reads no export; use value:, setting: or {{settings.NAME}}",
            )
            return
        if ref.alias not in scope:
            aliases = {a for a in scope if a}
            self._add(
                "profile-unknown-reference",
                path,
                detail=f"{ref}: no join named {ref.alias!r}{did_you_mean(str(ref.alias), aliases)}",
            )
            return
        source = scope[ref.alias]
        known = self._columns_of(source)
        if ref.key not in known:
            spec = self.sources.get(source) or {}
            listed = [*spec.get("columns", []), *spec.get("optional_columns", [])]
            hint = did_you_mean(ref.column, set(listed))
            if not hint and ref.alias is None:
                # The column is a joined source's: "{Start Date}" for "{term.Start Date}" (tester57 F12c).
                joined = [
                    f"{{{alias}.{ref.column}}}"
                    for alias, other in scope.items()
                    if alias is not None and ref.key in self._columns_of(other)
                ]
                hint = (
                    f"; did you mean {joined[0]!r} (the column of join {joined[0][1:].split('.')[0]!r})?"
                    if joined
                    else ""
                )
            self._add(
                "profile-unknown-reference",
                path,
                detail=f"{ref}: source {source!r} declares no column {ref.column!r}{hint}",
            )

    def _template(
        self, path: list[PathPart], text: object, scope: dict[str | None, str], out_columns: set[str] | None = None
    ) -> None:
        if not isinstance(text, str):
            return
        try:
            parts = templates.parse(text)
        except templates.TemplateError as exc:
            self._add("profile-bad-template", path, template=text, detail=str(exc))
            return
        for ref in templates.fields(parts):
            self._field(path, ref, scope, out_columns)

    # -- rules --------------------------------------------------------------------------------
    def _rule(self, table: str, path: list[PathPart], rule: dict[str, Any]) -> None:
        if rule.get("once") is True:
            self._once(table, path, rule)
            return
        source = rule.get("from")
        if not self._source_ref([*path, "from"], source):
            return
        scope: dict[str | None, str] = {None: str(source)}
        for alias, join in (rule.get("join") or {}).items():
            self._join([*path, "join", alias], join, scope)
            if isinstance(join, dict) and join.get("source") in self.sources:
                scope[alias] = join["source"]
        for name, cond in (rule.get("where") or {}).items():
            if isinstance(cond, dict):
                self._condition([*path, "where", name], cond, scope)
        if isinstance(rule.get("primary_role"), dict):
            self._condition([*path, "primary_role"], rule["primary_role"], scope)
        for column, spec in (rule.get("columns") or {}).items():
            self._column(table, [*path, "columns", column], spec, scope)
        if "unless_source" in rule:
            self._source_ref([*path, "unless_source"], rule["unless_source"])
        self._identity(table, path, rule, scope)
        self._groups_copied(path, rule)

    def _groups_copied(self, path: list[PathPart], rule: dict[str, Any]) -> None:
        """P112 for an each group whose own columns (those it reads that the rule's columns and
        its guardian keys do not) are all read by an earlier group too: parent2 copied from
        parent1 and left unchanged. Its records repeat the other group's person, merged into one
        (the same name, email and phone), and the person it is meant for is lost without a word
        (tester25 1.6). A group reading only some of another's columns (parent2's email from
        Parent 1 Email) may be a household's shared email: not said here. A middle name is no part
        that tells a person: a group whose own column is read only by it (the bundled father's
        middleName, kept when a district's copy overrides the rest) is still the other's copy."""
        groups = [(name, _group_reads(_without_middle(specs))) for name, specs in items_of(rule.get("each"))]
        shared: dict[str, str] = {}
        guardian = rule.get("guardian")
        keys = [guardian.get(k) for k in ("student", "contact", "household")] if isinstance(guardian, dict) else []
        for spec in [*(spec for _, spec in items_of(rule.get("columns"))), *keys]:
            shared |= named_reads(spec) or {}
        for at, (name, reads) in enumerate(groups):
            own = {key: shown for key, shown in (reads or {}).items() if key not in shared}
            for other, theirs in groups[:at]:
                if own and theirs is not None and own.keys() <= theirs.keys():
                    at_group = [*path, "each", name]
                    params: dict[str, object] = {"path": dotted(at_group), "group": name, "other": other}
                    params["columns"] = ", ".join(sorted(own.values()))
                    problem = Problem(codes.code("each-group-copied"), self.profile.where(at_group, key=True), params)
                    self.out.append(problem)  # at the group's name, the line an admin copied
                    break

    def _once(self, table: str, path: list[PathPart], rule: dict[str, Any]) -> None:
        """A rule of fixed values makes one record and reads no export: nothing to join, filter,
        repeat or merge, and its columns read only settings."""
        for key in ("from", "join", "where", "each", "guardian", "combine", "unless_source"):
            if key in rule:
                self._add("profile-schema", [*path, key], detail=f"a once rule reads no export: it takes no {key}")
        for column, spec in (rule.get("columns") or {}).items():
            self._column(table, [*path, "columns", column], spec, {})
        if "sourcedId" not in (rule.get("columns") or {}):
            self._add(
                "profile-schema",
                [*path, "columns"] if "columns" in rule else path,
                detail="'sourcedId' is a required column",
            )

    def _identity(self, table: str, path: list[PathPart], rule: dict[str, Any], scope: dict[str | None, str]) -> None:
        """A rule names its records' sourcedId, unless it is a guardian rule (which derives it)."""
        guardian = rule.get("guardian")
        groups = rule.get("each") or {}
        for group, columns in groups.items():
            for column, spec in (columns or {}).items() if isinstance(columns, dict) else ():
                self._column(table, [*path, "each", group, column], spec, scope)
        if isinstance(guardian, dict):
            self._guardian([*path, "guardian"], guardian, scope)
            self._student_prefix([*path, "guardian"], guardian, groups)
            # A guardian's ID is the SIS contact ID (`guardian.contact`) or derived from who the
            # person is: a sourcedId column would be ignored, its IDs never written.
            where = [*path, "columns"] if "sourcedId" in (rule.get("columns") or {}) else None
            for group, columns in groups.items():
                if where is None and isinstance(columns, dict) and "sourcedId" in columns:
                    where = [*path, "each", group]
            if where is not None:
                self._add(
                    "profile-schema",
                    [*where, "sourcedId"],
                    detail="a guardian rule takes no sourcedId: the guardian's ID is the SIS contact ID "
                    "(guardian.contact) or derived from the person (docs/identity.md)",
                )
        elif "sourcedId" not in (rule.get("columns") or {}) and not (
            groups and all(isinstance(g, dict) and "sourcedId" in g for g in groups.values())
        ):
            self._add(
                "profile-schema",
                [*path, "columns"] if "columns" in rule else path,
                detail="'sourcedId' is a required column, in columns or in every each group "
                "(only a guardian rule derives it)",
            )
        for column in (rule.get("combine") or {}).get("lists") or []:
            if (table, column) not in LIST_COLUMNS:
                self._add(
                    "profile-schema", [*path, "combine", "lists"], detail=f"{table}.{column} is not a list column"
                )

    def _guardian(self, path: list[PathPart], guardian: dict[str, Any], scope: dict[str | None, str]) -> None:
        for key in ("student", "contact"):
            if key in guardian:
                self._column("users", [*path, key], guardian[key], scope)
        self._template([*path, "household"], guardian.get("household"), scope)
        for name, cond in (guardian.get("link_where") or {}).items():
            if isinstance(cond, dict):
                self._condition([*path, "link_where", name], cond, scope)
        for key in ("phone_mobile", "phone_landline"):
            self._when([*path, key], guardian.get(key), scope)
        if guardian.get("id") == "contact" and "contact" not in guardian:
            self._add("profile-schema", [*path, "id"], detail="id: contact needs a contact column")

    def _student_prefix(self, path: list[PathPart], guardian: dict[str, Any], groups: object) -> None:
        """Remind's P1/P2 + student ID numbers the groups of one row (each: mother P1, father
        P2). A rule of one person per row has none: every person linked to a student would be
        P1<student>, all but one left out as a duplicate ID (which one by row order) and the
        student left with fewer agents, or none. A SIS contact ID is the stable ID there."""
        if guardian.get("id") != "student-prefix" or groups:
            return
        if "contact" in guardian:
            kind, use = "a SIS contact ID", "keep the SIS's IDs (id: contact, the default with contact)"
        else:
            kind, use = "one person per row", "use id: derived (the default)"
        self._add(
            "profile-schema",
            [*path, "id"],
            detail=f"id: student-prefix numbers the each: groups of a row (P1 the first, P2 the second); "
            f"this rule has none ({kind}), so every contact of a student would be P1 and all but one "
            f"left out: {use}",
        )

    def _join(self, path: list[PathPart], join: object, scope: dict[str | None, str]) -> None:
        if not isinstance(join, dict) or not self._source_ref([*path, "source"], join.get("source")):
            return
        remote: dict[str | None, str] = {None: join["source"]}
        for local, other in (join.get("on") or {}).items():
            self._field([*path, "on", local], templates.parse_field(str(local)), scope)
            self._field([*path, "on", local], templates.parse_field(str(other)), remote)
        if "split" in join and len(join.get("on") or {}) != 1:
            self._add("profile-schema", [*path, "split"], detail="split: a list key joins on exactly one column")
        pick = join.get("pick")
        if isinstance(pick, dict):
            for part in ("start", "end"):
                if isinstance(pick.get(part), str):
                    self._field([*path, "pick", part], templates.parse_field(pick[part]), remote)
            if isinstance(pick.get("year"), str):
                self._field([*path, "pick", "year"], templates.parse_field(pick["year"]), scope)
            if "split" in join:
                self._add("profile-schema", [*path, "pick"], detail="pick: a list key (split) cannot pick by dates")
        if join.get("ignore_case") and ("split" in join or isinstance(pick, dict)):
            self._add(
                "profile-schema",
                [*path, "ignore_case"],
                detail="ignore_case: a key compared without case is one value (an email address): no split or pick",
            )

    def _condition(self, path: list[PathPart], cond: dict[str, Any], scope: dict[str | None, str]) -> None:
        self._template([*path, "field"], cond.get("field"), scope)
        self._drop_reason(path, cond)
        op, value = cond.get("op"), cond.get("value")
        if op in REGEX_OPS and isinstance(value, str):
            self._regex([*path, "value"], value)
        elif op in DATE_OPS and isinstance(value, str) and as_of_days(value) is None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                self._add(
                    "profile-schema",
                    [*path, "value"],
                    detail=f"{value!r}: a date op takes as_of, as_of+N, as_of-N (days), as_of+window "
                    "(the term window) or a date YYYY-MM-DD",
                )
        elif op in NUMBER_OPS and not _is_number(value):
            self._add("profile-schema", [*path, "value"], detail=f"{value!r}: {op} compares numbers")
        if "day_first" in cond and op not in DATE_OPS:
            self._add("profile-schema", [*path, "day_first"], detail=f"day_first: a date op's (date_*), not {op}'s")
        self._date_reversed(path, cond)

    def _date_reversed(self, path: list[PathPart], cond: dict[str, Any]) -> None:
        """P116: a date condition against the run's date whose reason says which side of it the rows
        it leaves out lie on, and whose op leaves out the other side. An ended enrolment's end (or
        drop) date is in the past: `{dateDropped} date_lt as_of` with reason enrollment-ended keeps
        every dropped enrolment and leaves out only those dropping later (tester38 F3: 109 dropped
        enrolments published, no word). A row not started yet has its start in the future. The
        inactive-* reasons are not judged: their column may be an exit date or an entry date. A
        condition whose reason says no side (its own words, `because:`, or the default) that replaces
        one of the profile it extends on the same field is judged by that one's reason (tester49 F6:
        a district's `current` written the wrong way round with `because:` published every dropped
        enrolment)."""
        op, value, reason = cond.get("op"), cond.get("value"), cond.get("reason")
        if op not in DATE_OPS or not isinstance(value, str) or as_of_days(value) is None:
            return
        replaced = self._extended_condition(path)
        if "because" in cond or reason not in ENDED_REASONS | STARTED_REASONS:
            if (
                replaced.get("field") != cond.get("field")
                or "because" in replaced
                or replaced.get("reason") not in ENDED_REASONS | STARTED_REASONS
            ):
                return
            judged, replaces = (
                replaced["reason"],
                " (the reason of the condition it replaces in the profile it extends)",
            )
        else:
            judged, replaces = reason, ""
        passes_before = op in ("date_lt", "date_le")
        if judged in ENDED_REASONS and passes_before:
            side, fix = "in the past", {"date_lt": "date_ge", "date_le": "date_gt"}[op]
        elif judged in STARTED_REASONS and not passes_before:
            side, fix = "in the future", {"date_gt": "date_le", "date_ge": "date_lt"}[op]
        else:
            return
        # The condition it replaces, on the same column the right way round, says the op the
        # column is read with: PowerSchool's DateLeft is the day after the last, read `date_gt`,
        # where turning `date_lt` round gives `date_ge`, a day off (tester49 F6).
        fix_from = ""
        if replaced.get("field") == cond.get("field") and replaced.get("op") in DATE_OPS:
            right = ("date_gt", "date_ge") if judged in ENDED_REASONS else ("date_lt", "date_le")
            if replaced["op"] in right and replaced["op"] != fix:
                fix = replaced["op"]
                fix_from = (
                    " (as the condition it replaces in the profile it extends reads the column: "
                    f"`{replaced.get('field')} {replaced['op']} {replaced.get('value')}`)"
                )
        self._add(
            "condition-date-reversed",
            [*path, "op"],
            condition=f"{cond.get('field')} {op} {value}",
            reason=judged,
            replaces=replaces,
            side=side,
            left={"date_lt": "on or after", "date_le": "after", "date_gt": "on or before", "date_ge": "before"}[op],
            fix=fix,
            fix_from=fix_from,
        )

    def _extended_condition(self, path: list[PathPart]) -> dict[str, Any]:
        """The condition at `path` in the profile this one extends (merged down its chain), {} if
        none."""
        chain = self.profile.chain[1:]
        if not chain:
            return {}
        found: Any = {}
        for pf in reversed(chain):
            found = merge(found, pf.data)
        for part in path:
            if not isinstance(found, dict) or part not in found:
                return {}
            found = found[part]
        return found if isinstance(found, dict) else {}

    def _inherited(self, path: list[PathPart], given: list[str]) -> str:
        """For keys of one column spec written in two files of an `extends` chain: which came from
        the profile extended, and how to remove it (a district's `template:` merged with the
        bundled `column:` it meant to replace, tester15 F3)."""
        own = self.profile.where(path).file.rsplit(":", 2)[0]
        inherited = [k for k in given if self.profile.where([*path, k], key=True).file.rsplit(":", 2)[0] != own]
        if not inherited or len(inherited) == len(given):
            return ""
        keys = ", ".join(f"{k}: null" for k in inherited)
        where = self.profile.where([*path, inherited[0]], key=True).file
        return (
            f"; {' and '.join(inherited)} comes from {where}, the profile this one extends (mappings merge by key): "
            f"write {keys} beside yours to remove it"
        )

    def _fallback(self, path: list[PathPart], fallback: object, scope: dict[str | None, str]) -> None:
        """A fallback template, or a list of them tried in order."""
        if not isinstance(fallback, list):
            self._template(path, fallback, scope)
            return
        for i, text in enumerate(fallback):
            self._template([*path, i], text, scope)

    def _column(self, table: str, path: list[PathPart], spec: object, scope: dict[str | None, str]) -> None:
        self._id_literals(table, path, spec)
        if isinstance(spec, str):
            self._template(path, spec, scope)
            return
        if not isinstance(spec, dict):
            return
        given = [k for k in ("column", "template", "value", "setting", "span") if k in spec]
        if len(given) != 1:
            self._add(
                "profile-schema",
                path,
                detail=f"give exactly one of column, template, value, setting, span (found {given or 'none'})"
                + self._inherited(path, given),
            )
        column = spec.get("column")
        for name in [column] if isinstance(column, str) else column or []:
            self._field([*path, "column"], templates.parse_field(str(name)), scope)
        for i, end in enumerate(spec.get("span") or []):
            self._field([*path, "span", i], templates.parse_field(str(end)), scope)
        if "steps" in spec and "span" not in spec:
            self._add("profile-schema", [*path, "steps"], detail="steps: only with span")
        if "span" in spec and "split" in spec:
            self._add("profile-schema", [*path, "split"], detail="a span is already a list: it takes no split")
        elif "split" in spec and isinstance(path[-1], str) and (table, path[-1]) not in LIST_COLUMNS:
            # A cell listing several sections ("S1;S2;S3") split into one enrolment's class ID:
            # every such record was left out as an ID holding a list separator (D320), exit 0.
            self._add(
                "profile-schema",
                [*path, "split"],
                detail=f"{table}.{path[-1]} holds one value, not a list: split would put several in it "
                "(a cell listing several classes needs one export row per class)",
            )
        self._template([*path, "template"], spec.get("template"), scope)
        setting = spec.get("setting")
        if setting is not None and setting not in self.settings_known:
            self._add(
                "profile-unknown-reference",
                [*path, "setting"],
                detail=f"no setting {setting!r}{did_you_mean(str(setting), self.settings_known)}",
            )
        if "map" in spec and spec["map"] not in self.maps:
            self._add(
                "profile-unknown-reference",
                [*path, "map"],
                detail=f"no map named {spec['map']!r}{did_you_mean(str(spec['map']), set(self.maps))}",
            )
        self._fallback([*path, "fallback"], spec.get("fallback"), scope)
        self._allow_empty(path, spec)
        self._when([*path, "when"], spec.get("when"), scope)
        for i, entry in enumerate(spec.get("clean") or []):
            self._cleaner([*path, "clean", i], entry)
        self._map_before_year(path, spec)

    def _id_literals(self, table: str, path: list[PathPart], spec: object) -> None:
        """P128: an ID column whose template's fixed text (or fixed value) holds what no ID may
        ('{School}|{Section}'): every ID it builds would be refused at run time, each row left out
        as D320 and the run refused (tester71 N7a). The run's own test (`unsafe_in`); a list
        column may join its IDs with any list separator (its split or id_list reads it). A column
        read through a map publishes the map's values, not its template's text: those are tested
        (review146 R1); a fallback (never mapped) only for the rows that fall back to it. Those, and a
        map's values, reach only some rows: P129, a warning (the run's D320 counts the rows)."""
        column = path[-1]
        if not isinstance(column, str) or not is_id_column(column):
            return
        if not any(table in TARGETS[t].files for t in self.targets):
            return  # a table no run judged writes (Remind's runs write no courses nor sessions)
        separators = ",;|" if (table, column) in LIST_COLUMNS else ""
        every = (f"every {column} it builds", "each row would be left out (D320 id-unsafe-character), the run refused")
        such = "each such row would be left out (D320 id-unsafe-character)"
        texts: list[_Fixed] = [(path, spec, True, every)]
        if isinstance(spec, dict):
            fallback = spec.get("fallback")
            listed = fallback if isinstance(fallback, list) else [fallback]
            at: list[PathPart] = [*path, "fallback"]
            texts = self._mapped_values(spec.get("map"), column, such) or [
                ([*path, "template"], spec.get("template"), True, every),
                ([*path, "value"], spec.get("value"), False, every),
            ]
            fell = (f"the {column} of every row that falls back to it", such)
            texts += [([*at, i] if listed is fallback else at, t, True, fell) for i, t in enumerate(listed)]
        for where, text, template, (into, outcome) in texts:
            literal = _fixed_text(text, template)
            reason = unsafe_in("".join(c for c in literal if c not in separators)) if literal else None
            if reason is not None and not any(p.params.get("path") == dotted(where) for p in self.out):
                fix = "join the parts with '-', '_' or ':'" if template else "write it with '-', '_' or ':' instead"
                params = {"template": text, "reason": reason, "into": into, "outcome": outcome, "fix": fix}
                # Text every row writes stops the run; a fallback's or a map's only the rows that reach it
                # (D320 each, counted): said, not refused (review154 R1: a fallback no row reaches).
                if outcome is every[1]:
                    self._add("id-template-unsafe-character", where, **params)
                else:
                    self._add("id-text-unsafe-some-rows", where, **params)

    def _mapped_values(self, name: object, column: str, outcome: str) -> list[_Fixed]:
        """The values an ID column's map writes in its place (its values, its targets' values,
        its default), each a fixed value, with where it is; [] for no map."""
        mapping = self.maps.get(name) if isinstance(name, str) else None
        if not isinstance(name, str) or not isinstance(mapping, dict):
            return []
        targets = mapping.get("targets")
        overrides = {t: _target_keys(own) for t, own in (targets.items() if isinstance(targets, dict) else ())}

        def into(reached: list[str]) -> tuple[str, str]:
            # A target's own value is read by that target's runs only (review154 R2: a value for
            # --target oneroster said as if a remind run wrote it).
            only = "" if len(reached) == len(TARGETS) else f" by a run with --target {' or '.join(reached)}"
            return (f"every {column} mapped to it{only}", outcome)

        found: list[_Fixed] = []
        if mapping.get("unmapped") == "default":
            found.append((["maps", name, "default"], mapping.get("default"), False, into(list(TARGETS))))
        values = mapping.get("values")
        for key, value in values.items() if isinstance(values, dict) else ():
            reached = [t for t in TARGETS if str(key).strip().casefold() not in overrides.get(t, set())]
            if set(reached) & set(self.targets):  # a value every target judged replaces is written by no run
                found.append((["maps", name, "values", key], value, False, into(reached)))
        for target, own in targets.items() if isinstance(targets, dict) else ():
            given = own.get("values") if isinstance(own, dict) and target in self.targets else {}
            for key, value in given.items() if isinstance(given, dict) else ():
                found.append((["maps", name, "targets", target, "values", key], value, False, into([str(target)])))
        return found

    def _map_before_year(self, path: list[PathPart], spec: dict[str, Any]) -> None:
        """P114: a column that both maps its cell and reads it as a graduation year. The map runs
        first: a grades map turns 2033 into its default (Other) or a blank, and
        grade_from_graduation_year finds no year on any row (a profile extending one whose grade
        column maps its cell, with `column:` and `clean:` changed and the inherited `map:` left in
        place: every grade blank, tester25 2.2). A map that keeps what it does not map
        (`unmapped: keep`) passes the years through, and is not said."""
        name = spec.get("map")
        cleaners = spec.get("clean")
        named = (
            [entry_name(e) if isinstance(e, str | dict) and e else "" for e in cleaners or ()]
            if isinstance(cleaners, list)
            else []
        )
        at = named.index(GRADUATION_YEAR) if GRADUATION_YEAR in named else None
        mapping = self.maps.get(name) if isinstance(name, str) else None
        if at is None or not isinstance(mapping, dict) or mapping.get("unmapped", "default") == "keep":
            return
        unmapped = str(mapping.get("unmapped", "default"))
        effect = {"blank": "blanks it", "drop": "leaves the row out"}.get(
            unmapped, f"writes {str(mapping.get('default', ''))!r} for it"
        )
        own = self.profile.where([*path, "clean"], key=True).file.rsplit(":", 2)[0]
        map_at = self.profile.where([*path, "map"], key=True).file
        inherited = f" (from {map_at}, the profile this one extends)" if map_at.rsplit(":", 2)[0] != own else ""
        self._add(
            "grade-map-before-graduation-year",
            [*path, "clean", at],
            map=name,
            inherited=inherited,
            effect=effect,
        )

    def _allow_empty(self, path: list[PathPart], spec: dict[str, Any]) -> None:
        """`allow_empty` names placeholders of the column's own template (pipeline.mapping: an ID
        template's empty part leaves the row out, D363, unless named here)."""
        allowed = spec.get("allow_empty")
        if not isinstance(allowed, list):
            return
        try:
            parts = templates.parse(str(spec["template"])) if isinstance(spec.get("template"), str) else ()
        except templates.TemplateError:
            return  # said under template
        named = [*templates.fields(parts), *(p for p in parts if isinstance(p, templates.FirstOf))]  # A, B, A|B
        placeholders = {templates.normalize_placeholder(str(ref)): str(ref) for ref in named}
        for i, name in enumerate(allowed):
            if templates.normalize_placeholder(str(name)) not in placeholders:
                known = set(placeholders.values())
                self._add(
                    "profile-unknown-reference",
                    [*path, "allow_empty", i],
                    detail=f"{name!r} is no placeholder of the column's template"
                    + (did_you_mean(str(name), known) if known else " (allow_empty goes with template)"),
                )

    def _when(self, path: list[PathPart], when: object, scope: dict[str | None, str]) -> None:
        if not isinstance(when, dict):
            return
        self._condition(path, when, scope)
        if when.get("op") in DATE_OPS:
            self._add("profile-schema", [*path, "op"], detail=f"{path[-1]}: text and number tests only, no date op")

    def _cleaner(self, path: list[PathPart], entry: object) -> None:
        if not isinstance(entry, str | dict) or not entry:
            return
        name = entry_name(entry)
        if name not in REGISTRY:
            hint = did_you_mean(str(name), set(REGISTRY)) or f" (have: {', '.join(sorted(REGISTRY))})"
            self._add("profile-unknown-reference", path, detail=f"no cleaner named {name!r}{hint}")
            return
        if isinstance(entry, dict) and isinstance(entry[name], dict):
            self._date_formats([*path, name, "formats"], entry[name].get("formats"))
        if isinstance(entry, dict):
            options_schema = {"type": "object", "additionalProperties": False, "properties": REGISTRY[name].options}
            import jsonschema

            validator = jsonschema.Draft202012Validator(options_schema)
            for error in validator.iter_errors(entry[name] or {}):
                option_path = [*path, name, *error.absolute_path]
                for problem in _translate(self.profile, error):
                    detail = problem.params.get("detail", "")
                    key = problem.params.get("key")
                    text = f"cleaner {name!r} takes no option {key!r}" if key else str(detail)
                    if key:
                        text += did_you_mean(str(key), set(REGISTRY[name].options))
                    self._add("profile-schema", option_path if not key else [*option_path, str(key)], detail=text)

    def _date_formats(self, path: list[PathPart], formats: object) -> None:
        for i, fmt in enumerate(formats if isinstance(formats, list) else ()):
            if isinstance(fmt, str) and (lacks := format_lacks(fmt)):
                self._add(
                    "profile-schema",
                    [*path, i],
                    detail=f"date format {fmt!r} reads no {' or '.join(lacks)}: a date needs all three",
                )

    def _school_year_starts(self, settings: dict[str, Any]) -> None:
        value = settings.get("school_year_starts")
        if isinstance(value, str | int) and not isinstance(value, bool) and read_month(value) is None:
            self._add("school-year-start-unread", ["settings", "school_year_starts"], value=value)

    def _regex(self, path: list[PathPart], pattern: str) -> None:
        if (problem := regex_problem(pattern)) is not None:
            self._add("profile-bad-regex", path, pattern=pattern, detail=problem)

    # -- filters ------------------------------------------------------------------------------
    def _filters(self, tables: dict[str, Any]) -> None:
        filters = self.data.get("filters")
        if not isinstance(filters, dict):
            return
        class_rules = tables.get("classes")
        if not isinstance(class_rules, dict):
            class_rules = {}
        scopes = [self._scope(rule) for rule in class_rules.values() if isinstance(rule, dict)]
        out_columns = set(schema()["$defs"]["classes_columns"]["properties"])
        term = filters.get("current_term")
        if isinstance(term, dict):
            for key in ("start", "end", "name", "abbreviation", "school_year"):
                for scope in scopes:
                    self._template(["filters", "current_term", key], term.get(key), scope)
        exclude = filters.get("exclude_classes")
        if isinstance(exclude, dict):
            self._exclusions(exclude, scopes, out_columns)

    def _exclusions(self, exclude: dict[str, Any], scopes: list[dict[str | None, str]], out_columns: set[str]) -> None:
        path: list[PathPart] = ["filters", "exclude_classes"]
        templates_at: list[tuple[list[PathPart], object]] = [
            ([*path, "fields", i], field) for i, field in enumerate(exclude.get("fields") or [])
        ]
        templates_at += [([*path, "flags", name], t) for name, t in (exclude.get("flags") or {}).items()]
        keep = exclude.get("keep")
        if isinstance(keep, dict):
            templates_at.append(([*path, "keep", "field"], keep.get("field")))
        for where, text in templates_at:
            for scope in scopes:
                self._template(where, text, scope, out_columns)
        for group in ("patterns", "available"):
            for name, pattern in (exclude.get(group) or {}).items():
                if isinstance(pattern, str):
                    self._regex([*path, group, name], pattern)
        available = set(exclude.get("available") or {})
        for i, name in enumerate(exclude.get("use") or []):
            if name not in available:
                hint = did_you_mean(str(name), available)
                self._add(
                    "profile-unknown-reference",
                    [*path, "use", i],
                    detail=f"no pattern {name!r} in exclude_classes.available{hint}",
                )

    def _scope(self, rule: dict[str, Any]) -> dict[str | None, str]:
        scope: dict[str | None, str] = {None: str(rule.get("from"))}
        for alias, join in (rule.get("join") or {}).items():
            if isinstance(join, dict):
                scope[alias] = str(join.get("source"))
        return scope


def _is_number(value: object) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return True


# A repeated group that itself repeats, e.g. (a+)+ or (\w+\s?)*: exponential on some inputs.
_INNER_GROUP_REPEATED = re.compile(r"\(((?:[^()\\]|\\.)*)\)(?:[+*]|\{\d*,\d*\})")
_ESCAPED = re.compile(r"\\.")
_REPEATS = re.compile(r"[+*]|\{\d*,\d*\}")


def regex_problem(pattern: str) -> str | None:
    """Why a pattern cannot be used, or None: it must compile and must not nest repetition."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    for group in _INNER_GROUP_REPEATED.finditer(pattern):
        if _REPEATS.search(_ESCAPED.sub("e", group[1])):
            return "a repeated group that repeats again can take exponential time on some values; rewrite it"
    return None


def re_error(pattern: str, *, option: str = "--exclude-class") -> None:
    """Abort with a usage problem when a pattern given on the command line cannot be used."""
    if (problem := regex_problem(pattern)) is not None:
        raise TransformAbort(
            [Problem(codes.code("bad-option"), Where(), {"option": option, "detail": f"{pattern!r}: {problem}"})]
        )


# Yes/no flags (docs/profiles.md, "Yes/no flags"): the forms SIS exports write, the letter forms
# that make a condition's value a flag (1 and 0 alone are as often codes: a status of 1), and
# the forms a condition must name for each meaning (x, a ticked box, is a yes some name).
_YES_FORMS = ("1", "y", "yes", "t", "true")
_NO_FORMS = ("0", "n", "no", "f", "false")
_FLAG_LETTERS = frozenset({"y", "n", "yes", "no", "true", "false"})
_FLAG_OPS = frozenset({"equals", "not_equals", "in", "not_in"})


def flag_forms(profile: LoadedProfile) -> list[Problem]:
    """Each condition that tests a yes/no flag in some of its forms only (`not_equals N`, `in
    [y, yes, 1]`): the forms it leaves out are taken for the other meaning (a contact whose flag
    reads No passes `not_equals N`). Warnings for check-profile; a run does not say them, since
    a column tested against Y may hold a code (a term type), not a flag."""
    found: list[Problem] = []
    tables = profile.data.get("tables")
    for table, rules in tables.items() if isinstance(tables, dict) else ():
        for name, rule in rules.items() if isinstance(rules, dict) else ():
            if not isinstance(rule, dict):
                continue
            path: list[PathPart] = ["tables", table, name]
            guardian = rule.get("guardian")
            links = guardian.get("link_where") if isinstance(guardian, dict) else None
            conditions = [([*path, "where", key], cond) for key, cond in items_of(rule.get("where"))]
            conditions += [([*path, "guardian", "link_where", key], cond) for key, cond in items_of(links)]
            if isinstance(guardian, dict):
                kinds = [key for key in ("phone_mobile", "phone_landline") if key in guardian]
                conditions += [([*path, "guardian", key], guardian[key]) for key in kinds]
            columns = [([*path, "columns", key], spec) for key, spec in items_of(rule.get("columns"))]
            for group, specs in items_of(rule.get("each")):
                columns += [([*path, "each", group, key], spec) for key, spec in items_of(specs)]
            conditions += [
                ([*at, "when"], spec["when"]) for at, spec in columns if isinstance(spec, dict) and "when" in spec
            ]
            for at, cond in conditions:
                problem = _one_form(profile, at, cond)
                if problem is not None:
                    found.append(problem)
    return found


def items_of(mapping: object) -> list[tuple[str, Any]]:
    return list(mapping.items()) if isinstance(mapping, dict) else []


def _one_form(profile: LoadedProfile, path: list[PathPart], cond: object) -> Problem | None:
    if not isinstance(cond, dict) or cond.get("op") not in _FLAG_OPS:
        return None
    value = cond.get("value")
    written = value if isinstance(value, list) else [value]
    forms = {str(v).strip().casefold() for v in written if v is not None}
    if not forms & _FLAG_LETTERS or not forms <= {*_YES_FORMS, *_NO_FORMS, "x"}:
        return None
    said_yes, said_no = bool(forms & {*_YES_FORMS, "x"}), bool(forms & set(_NO_FORMS))
    if said_yes == said_no:  # both meanings (in [Y, N]: any flag at all), or neither
        return None
    wanted = _YES_FORMS if said_yes else _NO_FORMS
    missing = [form for form in wanted if form not in forms]
    if not missing:
        return None
    shown = "[" + ", ".join(str(v) for v in written) + "]" if isinstance(value, list) else str(value)
    return Problem(
        codes.code("flag-one-form"),
        profile.where([*path, "value"]),
        {
            "path": dotted(path),
            "field": cond.get("field", ""),
            "op": cond["op"],
            "value": shown,
            "missing": ", ".join(form.capitalize() if len(form) > 1 else form.upper() for form in missing),
            "taken": "a no" if said_yes else "a yes",
        },
    )


NAME_FIELDS = ("givenName", "familyName", "middleName")  # what says a guardian's name


def name_contacts(profile: LoadedProfile) -> list[Problem]:
    """Each guardian rule whose `contact` (the SIS contact ID: rows with one are one person) is
    built only from columns its name fields read: two parents of one name, in two families,
    would be one person linked to both families' children (I267). For check-profile and every
    run (tester7 item 3)."""
    found: list[Problem] = []
    tables = profile.data.get("tables")
    rules = tables.get("users") if isinstance(tables, dict) else None
    for name, rule in rules.items() if isinstance(rules, dict) else ():
        guardian = rule.get("guardian") if isinstance(rule, dict) else None
        if not isinstance(guardian, dict) or guardian.get("contact") is None:
            continue
        contact = _reads(guardian["contact"])
        shown = _reads(guardian["contact"], key=False)
        specs = [spec for key, spec in items_of(rule.get("columns")) if key in NAME_FIELDS]
        for _, group in items_of(rule.get("each")):
            specs += [spec for key, spec in items_of(group) if key in NAME_FIELDS]
        named: set[str] = set()
        for spec in specs:
            named |= _reads(spec) or set()
        if contact and contact <= named:
            path: list[PathPart] = ["tables", "users", name, "guardian", "contact"]
            columns = " and ".join(sorted(shown or ()))
            found.append(
                Problem(codes.code("contact-is-name"), profile.where(path), {"path": dotted(path), "columns": columns})
            )
    return found


def _guardian_rules(profile: LoadedProfile) -> Iterator[tuple[str, dict[str, Any]]]:
    """The profile's users rules that make guardians (a `guardian:` mapping), by name."""
    tables = profile.data.get("tables")
    rules = tables.get("users") if isinstance(tables, dict) else None
    for name, rule in rules.items() if isinstance(rules, dict) else ():
        if isinstance(rule, dict) and isinstance(rule.get("guardian"), dict):
            yield name, rule


def points_copied(profile: LoadedProfile) -> list[Problem]:
    """Each contact point (email, phone, sms) of a guardian rule's `each` group that reads a column
    an earlier group reads for one: the father's email reading Mother Email, a group copied and
    half changed (tester38 F4: every father published with the mother's email). A warning (P115):
    a column the SIS fills for the household may be meant; a run that finds both people of most
    rows given one value refuses (I286). A group all of whose own columns another reads is P112's.
    For check-profile and every run."""
    found: list[Problem] = []
    for name, rule in _guardian_rules(profile):
        groups = items_of(rule.get("each"))
        reads = [
            {key: _point_reads(spec) for key, spec in items_of(specs) if key in POINT_FIELDS} for _, specs in groups
        ]
        whole = [_group_reads(_without_middle(specs)) for _, specs in groups]
        marked = _marks(groups)
        for at in range(len(groups)):
            own = set(whole[at] or ())
            if own and any(w is not None and own <= w.keys() for w in whole[:at]):
                continue  # the whole group is copied: P112
            for field, mine in reads[at].items():
                hit = read_before(reads, at, mine)
                if hit is None:
                    continue
                other, other_field, theirs = hit
                shared = sorted(mine[k] for k in mine.keys() & theirs.keys())
                one, two = (at, field), (other, other_field)
                if owned_by(shared, marked) == at:  # the earlier group reads the later one's column
                    one, two = two, one
                path: list[PathPart] = ["tables", "users", name, "each", groups[one[0]][0], one[1]]
                params: dict[str, object] = {
                    "path": dotted(path),
                    "group": groups[one[0]][0],
                    "field": one[1],
                    "other": groups[two[0]][0],
                    "other_field": two[1],
                    "other_path": dotted(["tables", "users", name, "each", groups[two[0]][0], two[1]]),
                    "columns": ", ".join(shared),
                }
                found.append(Problem(codes.code("each-group-point-copied"), profile.where(path, key=True), params))
    return found


def _marks(groups: list[tuple[str, Any]]) -> list[frozenset[str]]:
    """Each `each` group's marks (profile.point_owners), from its key and its names' columns."""
    names = [_name_columns(specs) for _, specs in groups]
    return point_owners.marks([(group, columns) for (group, _), columns in zip(groups, names, strict=True)])


def _name_columns(specs: object) -> list[str]:
    return [written for key, spec in items_of(specs) if key in NAME_FIELDS for written in _point_reads(spec).values()]


def points_named_other(profile: LoadedProfile) -> list[Problem]:
    """Each `each` group of a guardian rule reading a contact point from a column named for another
    group, no other group reading it (P115 says those): the father's email and cell read from Mother
    Email and Mother Cell while his names are read from Father First Name (tester67 F3: the two
    groups' columns swapped as a pair, every parent published with the other's email at exit 0).
    A warning (P124): a run whose emails hold the other's given names refuses (X812). For
    check-profile and every run."""
    found: list[Problem] = []
    for name, rule in _guardian_rules(profile):
        groups = items_of(rule.get("each"))
        marked = _marks(groups)
        reads = [_points_written(specs) for _, specs in groups]
        for at, (group, _) in enumerate(groups):
            foreign = _foreign(at, reads, marked)
            for other, columns in foreign.items():
                theirs = [written for _, written in _foreign(other, reads, marked).get(at, [])]
                path: list[PathPart] = ["tables", "users", name, "each", group, columns[0][0]]
                swap = (
                    f", while group {groups[other][0]!r} reads {', '.join(theirs)}, named for {group!r}: the two "
                    "groups' columns are swapped"
                    if theirs
                    else ""
                )
                params: dict[str, object] = {
                    "path": dotted(path),
                    "group": group,
                    "other": groups[other][0],
                    "columns": ", ".join(written for _, written in columns),
                    "other_names": ", ".join(dict.fromkeys(_name_columns(groups[other][1]))),
                    "swap": swap,
                }
                found.append(Problem(codes.code("each-group-point-named-other"), profile.where(path, key=True), params))
    return found


def _points_written(specs: object) -> list[tuple[str, str, str]]:
    """(field, column as compared, column as written) of each contact point an each group reads."""
    return [
        (field, key, written)
        for field, spec in items_of(specs)
        if field in POINT_FIELDS
        for key, written in _point_reads(spec).items()
    ]


def _foreign(
    at: int, reads: list[list[tuple[str, str, str]]], marked: list[frozenset[str]]
) -> dict[int, list[tuple[str, str]]]:
    """The contact columns group `at` reads that are named for another group and read by no other
    (those are P115's), by the group they are named for: (field, column as written)."""
    elsewhere = {key for n, points in enumerate(reads) if n != at for _, key, _ in points}
    found: dict[int, list[tuple[str, str]]] = {}
    for field, key, written in reads[at]:
        named = point_owners.owner(written, marked)
        if named is not None and named != at and key not in elsewhere:
            found.setdefault(named, []).append((field, written))
    return found


POINT_FIELDS = ("email", "phone", "sms")  # a guardian's contact points


def _point_reads(spec: object) -> dict[str, str]:
    """The export columns a contact point reads (by column, template or fallback)."""
    return _group_reads({"point": spec}) or {}


def _reads(spec: object, *, key: bool = True) -> set[str] | None:
    """The export columns a column spec reads (as compared, `join.column` casefolded; with
    `key=False` as written); None when it cannot be told (a template that does not parse)."""
    named = named_reads(spec)
    if named is None:
        return None
    return set(named) if key else set(named.values())


def named_reads(spec: object) -> dict[str, str] | None:
    """`_reads`: each column as compared, and as written."""
    if isinstance(spec, dict):
        if "template" in spec:
            spec = spec["template"]
        elif "column" in spec:
            columns = spec["column"] if isinstance(spec["column"], list) else [spec["column"]]
            try:
                refs = [templates.parse_field(str(c)) for c in columns]
            except templates.TemplateError:
                return None
            return {_ref(ref, key=True): _ref(ref, key=False) for ref in refs}
        else:
            return {}  # value, setting
    if not isinstance(spec, str):
        return {}
    try:
        found = templates.fields(templates.parse(spec))
    except templates.TemplateError:
        return None
    return {_ref(ref, key=True): _ref(ref, key=False) for ref in found if ref.alias != templates.SETTINGS_ALIAS}


def _without_middle(specs: object) -> object:
    return {k: v for k, v in specs.items() if k != "middleName"} if isinstance(specs, dict) else specs


def _group_reads(specs: object) -> dict[str, str] | None:
    """The export columns an each group reads (by column, template or fallback), as compared and
    as written; None when it cannot be told."""
    found: dict[str, str] = {}
    for _, spec in items_of(specs):
        fallback = spec.get("fallback") if isinstance(spec, dict) else None
        for part in [spec, *(fallback if isinstance(fallback, list) else [fallback] if fallback else [])]:
            named = named_reads(part)
            if named is None:
                return None
            found |= named
    return found


def _ref(ref: templates.FieldRef, *, key: bool) -> str:
    if not key:
        return str(ref)
    return f"{ref.alias.casefold()}.{ref.key}" if ref.alias else ref.key


def _target_keys(own: object) -> set[str]:
    """The keys a map's `targets` entry gives its own values for, as compile reads them."""
    given = own.get("values") if isinstance(own, dict) else None
    return {str(k).strip().casefold() for k in given} if isinstance(given, dict) else set()


def _fixed_text(text: object, template: bool) -> str:
    """The fixed text of a template (its placeholders left out), or a fixed value whole; "" for
    none or a template that cannot be read (P108 says so)."""
    if not isinstance(text, str):
        return ""
    if not template:
        return text
    try:
        return "".join(part for part in templates.parse(text) if isinstance(part, str))
    except templates.TemplateError:
        return ""
