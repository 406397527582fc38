"""Schools named by their numbers (P121): an export that carries school numbers only, and no
schools file, is drafted by init-profile with each school's name read through a small map in the
profile that gives each number itself until the admin writes the name (newcomer49). The set
works, but Remind would show families `042` where the school's name belongs: check-profile says
so once, at the name's line, with the numbers; a name written for each is no word.

Said too of a name read from the very column the school's ID is (the admin who answered I261,
"which column holds the name?", with the number's column), unless the ID is read through a map
from words (the column holds names, each mapped to its code): of such a map, the keys that are no
words (numbers, all-capital codes) are said, each as the profile writes it.
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
    """What families would see as the names, by the exact keys, and the fix; None when the names
    are written (review154 R5: the words name each key, as the profile or the export writes it)."""
    column = _column(name)
    if column is None or not isinstance(name, dict):
        return None
    mapped = maps.get(name["map"]) if isinstance(name.get("map"), str) else None
    if isinstance(mapped, dict):
        values = _mapping(mapped.get("values"))
        # a value the key itself ('042': '042', 'prm': PRM) or a number ('42': '042')
        numbers = [(str(k), str(v)) for k, v in values.items() if _same(k, v) or str(v).strip().isdigit()]
        if not numbers:
            return None
        keys = ", ".join(f'"{k}": its name' for k, _ in numbers[:2])
        return {
            "codes": "its number or code: "
            + _shown([repr(k) if _same(k, v) else f"{k!r} written {v!r}" for k, v in numbers]),
            "fix": f"write each school's name in maps.{name['map']} ({keys})",
        }
    if column != _column(school_id) or "map" in name:
        return None
    codes = _codes_mapped(school_id, maps)
    if codes is None:
        return {
            "codes": f"its number, read from the {name['column']} column the school's ID is",
            "fix": "name the column that holds the school's name, or read this one through a map of the names "
            "(docs/profiles.md, 'A school with no schools export')",
        }
    if not codes:
        return None
    named = ", ".join(f'"{k}": its name' for k, _ in codes[:2])
    by = str(_mapping(school_id).get("map"))
    keep = ", unmapped: keep" if len(codes) < len(_mapping(_mapping(maps.get(by)).get("values"))) else ""
    return {
        "codes": f"the code in the {name['column']} column its ID is mapped from by maps.{by}: "
        + _shown([f"{k!r} (ID {v!r})" for k, v in codes]),
        "fix": f"read the name through a map of the names (name: {{column: {name['column']}, map: school_names}}, "
        f"maps.school_names: {{values: {{{named}}}{keep}}}), or name the column that holds it",
    }


def _same(key: object, value: object) -> bool:
    return str(key).strip().casefold() == str(value).strip().casefold()


def _codes_mapped(school_id: object, maps: dict[str, Any]) -> list[tuple[str, str]] | None:
    """The keys, and the IDs they map to, of the map the school's ID is read through that read as
    no name (numbers, all-capital codes: families would see 'PRM'; review146 R4), each as the
    profile writes it; None when the ID is read through no map. A key of words ('Pine Ridge
    Middle', 'Lincoln') is its own name (tester71 N7b), and only the others are said."""
    name = school_id.get("map") if isinstance(school_id, dict) else None
    mapped = maps.get(name) if isinstance(name, str) else None
    if not isinstance(mapped, dict):
        return None
    return [(str(k), str(v)) for k, v in _mapping(mapped.get("values")).items() if not _words(str(k))]


def _words(key: str) -> bool:
    """Whether a map's key reads like a name ('Pine Ridge Middle', 'Lincoln'): a space or a
    lower-case letter. An all-capitals code ('PRM') is no name: families would see it (review146 R4)."""
    return " " in key.strip() or any(ch.islower() for ch in key)


def _shown(numbers: list[str]) -> str:
    shown = ", ".join(numbers[:SHOWN])
    return shown + (f" and {len(numbers) - SHOWN} more" if len(numbers) > SHOWN else "")
