"""Schools named by their numbers (P121): an export that carries school numbers only, and no
schools file, is drafted by init-profile with each school's name read through a small map in the
profile that gives each number itself until the admin writes the name (newcomer49). The set
works, but Remind would show families `042` where the school's name belongs: check-profile says
so once, at the name's line, with the numbers; a name written for each is no word.

Said too of a name read from the very column the school's ID is (the admin who answered I261,
"which column holds the name?", with the number's column), unless the ID is read through a map
from words (the column holds names, each mapped to its code).
"""

from __future__ import annotations

from typing import Any

from transform.profile.load import LoadedProfile
from transform.report import codes
from transform.report.problem import Problem

SHOWN = 5  # numbers shown in the message


def numbers_as_names(profile: LoadedProfile) -> list[Problem]:
    tables = _mapping(profile.data.get("tables"))
    rules = _mapping(tables.get("orgs"))
    maps = _mapping(profile.data.get("maps"))
    problems = []
    for name, rule in rules.items():
        columns = rule.get("columns") if isinstance(rule, dict) else None
        if not isinstance(columns, dict):
            continue
        said = _said(columns.get("name"), columns.get("sourcedId"), maps)
        if said is not None:
            problems.append(
                Problem(
                    codes.code("school-names-are-numbers"),
                    profile.where(["tables", "orgs", name, "columns", "name"]),
                    {"rule": f"orgs.{name}", **said},
                )
            )
    return problems


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _column(spec: object) -> str | None:
    column = spec.get("column") if isinstance(spec, dict) else None
    return column.strip().casefold() if isinstance(column, str) else None


def _said(name: object, school_id: object, maps: dict[str, Any]) -> dict[str, str] | None:
    """The numbers named by themselves and the fix, or None when the names are written."""
    column = _column(name)
    if column is None or not isinstance(name, dict):
        return None
    mapped = maps.get(name["map"]) if isinstance(name.get("map"), str) else None
    if isinstance(mapped, dict):
        values = _mapping(mapped.get("values"))
        themselves = [str(k) for k, v in values.items() if str(k).strip().casefold() == str(v).strip().casefold()]
        if not themselves:
            return None
        return {
            "codes": _shown(themselves),
            "fix": f'write each school\'s name in maps.{name["map"]} ("{themselves[0]}": its name)',
        }
    if column == _column(school_id) and "map" not in name and not _names_mapped(school_id, maps):
        return {
            "codes": f"the {name['column']} column",
            "fix": "name the column that holds the school's name, or read this one through a map of the names "
            "(docs/profiles.md, 'A school with no schools export')",
        }
    return None


def _names_mapped(school_id: object, maps: dict[str, Any]) -> bool:
    """Whether the school's ID is read through a map from values of words ('Pine Ridge Middle':
    PRM): its column holds the schools' names, and a name read from it is no number (tester71 N7b)."""
    name = school_id.get("map") if isinstance(school_id, dict) else None
    mapped = maps.get(name) if isinstance(name, str) else None
    values = _mapping(mapped.get("values")) if isinstance(mapped, dict) else {}
    return any(_words(str(key)) for key in values)


def _words(key: str) -> bool:
    """Whether a map's key reads like a name ('Pine Ridge Middle', 'Lincoln'): a space or a
    lower-case letter. An all-capitals code ('PRM') is no name: families would see it (review146 R4)."""
    return " " in key.strip() or any(ch.islower() for ch in key)


def _shown(numbers: list[str]) -> str:
    shown = ", ".join(repr(n) for n in numbers[:SHOWN])
    return shown + (f" and {len(numbers) - SHOWN} more" if len(numbers) > SHOWN else "")
