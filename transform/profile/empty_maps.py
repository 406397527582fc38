"""A map that lists no value and drops each value it does not list (P122): every row a rule reads
through it is left out. init-profile drafts one for a contacts export whose relationships are
codes, not words (MO, FA, EC: newcomer49), for the district to write; left so, the run refuses a
set with no parent (X951) after check-profile said "ok". check-profile names it at the map, with
the rules reading it.
"""

from __future__ import annotations

from typing import Any

from transform.profile.load import LoadedProfile
from transform.report import codes
from transform.report.problem import Problem


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def drops_every_value(profile: LoadedProfile) -> list[Problem]:
    maps = _mapping(profile.data.get("maps"))
    empty = {
        name
        for name, spec in maps.items()
        if isinstance(spec, dict) and spec.get("unmapped") == "drop" and not _mapping(spec.get("values"))
    }
    readers: dict[str, list[str]] = {}
    for table, rules in _mapping(profile.data.get("tables")).items():
        for rule, spec in _mapping(rules).items():
            columns = dict(_mapping(_mapping(spec).get("columns")))
            for group in _mapping(_mapping(spec).get("each")).values():
                columns.update(_mapping(group))
            for column in columns.values():
                name = column.get("map") if isinstance(column, dict) else None
                if isinstance(name, str) and name in empty and f"{table}.{rule}" not in readers.get(name, []):
                    readers.setdefault(name, []).append(f"{table}.{rule}")
    return [
        Problem(
            codes.code("map-drops-every-value"),
            profile.where(["maps", name, "values"]),
            {"map": name, "rules": ", ".join(rules)},
        )
        for name, rules in readers.items()
    ]
