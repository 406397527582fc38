"""A staff-role map sending aides, assistants or substitutes to teacher (P132, tester86 T4).

Remind makes every teacher of a class a co-teacher who owns it: a map entry `Aide: teacher` (or
Teaching Assistant, Cover Supervisor, Para, Substitute) publishes each aide as an owner of the
classes they help in, at exit 0 (V590 sees an aide enrolled as a teacher, not a map that makes one).
It can be a district's choice, so it is a warning: check-profile says it at the map entry's line, and
a run once (a first set, or the first after the profile changed).
"""

from __future__ import annotations

import re

from transform.profile.load import LoadedProfile, bundled_folder
from transform.report import codes
from transform.report.problem import Problem

# A staff title naming someone who helps in a class or stands in for its teacher.
AIDE_WORDS = re.compile(
    r"(?<![a-z])(aides?|assistants?|paras?|paraprofessionals?|paraeducators?|substitutes?|subs?|cover|supply|"
    r"tas|ta|lsas?|hltas?|learning support|instructional support)(?![a-z])",
    re.IGNORECASE,
)


def aides_as_teachers(profile: LoadedProfile) -> list[Problem]:
    """P132 for each map entry whose key names an aide, assistant, para or substitute and whose value is
    teacher, at the entry's line; of the district's own profile files only (a bundled profile's entry, SDS's
    `substitute: teacher`, is the tool's considered choice)."""
    bundled = bundled_folder().resolve()
    own = [pf.data for pf in profile.chain if pf.path.resolve().parent != bundled]
    maps = profile.data.get("maps")
    found: list[Problem] = []
    for name, spec in maps.items() if isinstance(maps, dict) else ():
        values = spec.get("values") if isinstance(spec, dict) else None
        for key, value in values.items() if isinstance(values, dict) else ():
            if not (isinstance(value, str) and value.strip().casefold() == "teacher"):
                continue
            if not AIDE_WORDS.search(str(key)):
                continue
            path = ["maps", str(name), "values", str(key)]
            if not any(_writes(data, name, key) for data in own):
                continue
            params: dict[str, object] = {"path": ".".join(path[:-1]), "found": f"{key!r}"}
            found.append(Problem(codes.code("role-map-aide-as-teacher"), profile.where(path), params))
    return found


def _writes(data: object, name: object, key: object) -> bool:
    """Whether a profile file's own data writes the map entry (not one only a profile it extends has)."""
    maps = data.get("maps") if isinstance(data, dict) else None
    spec = maps.get(name) if isinstance(maps, dict) else None
    values = spec.get("values") if isinstance(spec, dict) else None
    return isinstance(values, dict) and key in values
