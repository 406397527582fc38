"""A users rule's phone or sms read with no phone cleaner (P117).

The phone cleaner writes a number Remind can read (+16085552000) or blanks the cell and says why;
a column without it publishes its cells as written: '6085552000.0' (a spreadsheet's float), 'call
me after 5', and the run counts such a cell as a parent's contact (reviewer172 R1, R2). Said by
check-profile and once by every run, a warning. The bundled profiles clean every phone.
"""

from __future__ import annotations

from typing import Any

from transform.cleaners import entry_name
from transform.profile.load import LoadedProfile, PathPart
from transform.report import codes
from transform.report.problem import Problem

PHONE_FIELDS = ("phone", "sms")


def uncleaned(profile: LoadedProfile) -> list[Problem]:
    """P117 for each phone or sms of a users rule (its columns, each `each` group's) read from the
    export with no `phone` among its cleaners; a fixed value (`value:`, `setting:`) is not read."""
    tables = profile.data.get("tables")
    rules = tables.get("users") if isinstance(tables, dict) else None
    found = []
    for name, rule in rules.items() if isinstance(rules, dict) else ():
        if not isinstance(rule, dict):
            continue
        for path, spec in _points(name, rule):
            if _reads_export(spec) and not _cleaned(spec):
                where = profile.where(path)
                params: dict[str, object] = {
                    "path": ".".join(map(str, path)),
                    "field": path[-1],
                    "reads": _read_text(spec),
                }
                found.append(Problem(codes.code("phone-not-cleaned"), where, params))
    return found


def _points(name: str, rule: dict[str, Any]) -> list[tuple[list[PathPart], object]]:
    """(path, spec) of each phone or sms the rule writes."""
    groups: list[tuple[list[PathPart], object]] = [(["tables", "users", name, "columns"], rule.get("columns"))]
    each = rule.get("each")
    for group, specs in each.items() if isinstance(each, dict) else ():
        groups.append((["tables", "users", name, "each", group], specs))
    return [
        ([*at, field], specs[field])
        for at, specs in groups
        if isinstance(specs, dict)
        for field in PHONE_FIELDS
        if specs.get(field) is not None
    ]


def _reads_export(spec: object) -> bool:
    """A template or column spec; not a fixed value (`value:`, `setting:`)."""
    if isinstance(spec, dict):
        return not ({"value", "setting"} & set(spec))
    return isinstance(spec, str)


def _cleaned(spec: object) -> bool:
    clean = spec.get("clean") if isinstance(spec, dict) else None
    entries = [clean] if isinstance(clean, str | dict) else clean if isinstance(clean, list) else []
    return any(isinstance(e, str | dict) and e and entry_name(e) == "phone" for e in entries)


def _read_text(spec: object) -> str:
    """What the spec reads, as written: its column(s) or template."""
    if isinstance(spec, dict):
        read = spec.get("column", spec.get("template", ""))
        return ", ".join(map(str, read)) if isinstance(read, list) else str(read)
    return str(spec)
