"""What a set holds per school, and which students a parent Remind can reach.

The run report carries these numbers for this run's set and for the last published one
(`facts.schools`, when the run is asked for them: --html), so a school missing from tonight's
export shows as a school whose students went from 800 to 0, and the HTML report can draw them
without the sets. The counts of the published set are kept in the state folder, so the next
run reads them instead of that set.

A student is reachable when one of their parents or guardians in the set holds a contact point
(email, phone or sms) that no parent before them in the file holds: Remind gives a contact
point to one user only, so the second parent of a shared home phone cannot be reached by it.
A phone outside the run's region (+44 for a US district) is no contact point: Remind cannot
text it (D307), so a family whose only parent has one is not reachable (tester9 item 18).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from transform.oneroster.spec import AGENT_ROLES, STAFF_ROLES
from transform.pipeline.compact import CompactMap, IdSet
from transform.pipeline.write import write_whole

PARENT_ROLES = AGENT_ROLES
STAFF = STAFF_ROLES | {"proctor"}
CONTACT_COLUMNS = ("email", "phone", "sms")

# The numbers kept per school, in the order a reader sees them.
COUNTED = (
    "students",
    "staff",
    "parents",
    "classes",
    "enrollments",
    "students_reachable",  # a parent in the set with a contact point of their own
    "students_shared_contact",  # parents in the set, every contact point of theirs held by an earlier parent
    "students_no_parent",  # no parent or guardian in the set
)


@dataclass(slots=True)
class SchoolCounts:
    name: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))


def count_set(folder: Path | None, *, calling_code: str = "") -> dict[str, SchoolCounts]:
    """School ID -> its counts, for the set in `folder` ({} for no folder or an empty one).
    Streams the files: only school IDs and two sets of 64-bit hashes of student IDs are held.
    `calling_code` (+1): a phone not starting with it cannot be texted; "" takes every phone."""
    schools: dict[str, SchoolCounts] = {}
    if folder is None or not folder.is_dir():
        return schools

    def at(school: str) -> dict[str, int]:
        return schools.setdefault(school, SchoolCounts()).counts

    for sourced_id, kind, name in _columns(folder / "orgs.csv", "sourcedId", "type", "name"):
        if kind == "school":
            schools.setdefault(sourced_id, SchoolCounts()).name = name
    for table in ("classes", "enrollments"):
        for school, count in _tally(folder / f"{table}.csv", "schoolSourcedId").items():
            at(school)[table] += count
    reached, shared_only = _reached_students(folder / "users.csv", calling_code)
    for sourced_id, role, orgs in _columns(folder / "users.csv", "sourcedId", "role", "orgSourcedIds"):
        kind = (
            "students" if role == "student" else "parents" if role in PARENT_ROLES else "staff" if role in STAFF else ""
        )
        if not kind:
            continue
        for school in _items(orgs):
            counts = at(school)
            counts[kind] += 1
            if kind == "students":
                reach = (
                    "students_reachable"
                    if sourced_id in reached
                    else "students_shared_contact"
                    if sourced_id in shared_only
                    else "students_no_parent"
                )
                counts[reach] += 1
    return schools


def students_by_school(folder: Path | None) -> Counter[str]:
    """How many students of the set in `folder` each school has (a student of two schools counts
    at each); empty for no folder or no users file."""
    found: Counter[str] = Counter()
    if folder is None:
        return found
    for role, orgs in _columns(folder / "users.csv", "role", "orgSourcedIds"):
        if role == "student":
            found.update(_items(orgs))
    return found


def _reached_students(users: Path, calling_code: str = "") -> tuple[IdSet, IdSet]:
    """The students a parent can reach, and those whose parents' contact points all belong to
    an earlier parent or are phones Remind cannot text (outside the region: `calling_code`)."""
    first_holder = CompactMap()
    reached, shared_only = IdSet(), IdSet()
    for role, students, *contacts in _columns(users, "role", "agentSourcedIds", *CONTACT_COLUMNS):
        if role not in PARENT_ROLES:
            continue
        values = [
            v.strip().casefold()
            for v in contacts
            if v.strip() and ("@" in v or not calling_code or v.strip().startswith(calling_code))
        ]
        own = [first_holder.setdefault(v, 1) is None for v in values]  # every value is claimed
        into = reached if any(own) else shared_only
        for student in _items(students):
            into.add(student)
    return reached, shared_only


def _items(cell: str) -> Iterator[str]:
    return (item.strip() for item in cell.split(",") if item.strip())


def _tally(path: Path, column: str) -> Counter[str]:
    """How many rows of a written file hold each value of `column` (counted in C: millions of
    enrolments)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError:
        return Counter()
    with handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if column not in header:
            return Counter()
        return Counter(map(itemgetter(header.index(column)), reader))


def _columns(path: Path, *names: str) -> Iterator[tuple[str, ...]]:
    """The named columns of each row of a written file ("" for a column it lacks); nothing for
    a file that is not there."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError:
        return
    with handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        at = [header.index(n) if n in header else -1 for n in names]
        for row in reader:
            yield tuple(row[i] if 0 <= i < len(row) else "" for i in at)


def as_facts(now: dict[str, SchoolCounts], previous: dict[str, SchoolCounts]) -> list[dict[str, object]]:
    """The report's `facts.schools`: every school of either set, by ID, with its counts now and
    in the last published set (null on a first run). School 2 before school 10 (tester63: 60 schools
    in text order on the page)."""
    facts: list[dict[str, object]] = []
    for school in sorted(set(now) | set(previous), key=in_number_order):
        mine, before = now.get(school), previous.get(school)
        facts.append(
            {
                "id": school,
                "name": (mine.name if mine and mine.name else before.name if before else ""),
                "now": mine.counts if mine else dict.fromkeys(COUNTED, 0),
                "previous": before.counts if before else (dict.fromkeys(COUNTED, 0) if previous else None),
            }
        )
    return facts


REMEMBERED = "schools.json"  # in the state folder: the counts of the set the output holds


def remember(state: Path, schools: object) -> None:
    """After a publish: keep the counts of the set just published, so that the next run compares
    with them without reading that set again; a set published without counts leaves none (the
    ones kept would describe an older set)."""
    path = state / REMEMBERED
    if not isinstance(schools, list):
        path.unlink(missing_ok=True)
        return
    kept = {s["id"]: {"name": s["name"], "counts": s["now"]} for s in schools if any(s["now"].values())}
    write_whole(path, json.dumps(kept, indent=1, sort_keys=True) + "\n")


def previous_counts(previous: Path | None, state: Path | None, *, calling_code: str = "") -> dict[str, SchoolCounts]:
    """The counts of the last set: remembered in the state folder (`state`, given when that set
    is the one the output holds), else counted from its files."""
    if state is not None:
        try:
            data = json.loads((state / REMEMBERED).read_text(encoding="utf-8"))
            return {
                str(school): SchoolCounts(str(entry["name"]), {k: int(entry["counts"].get(k, 0)) for k in COUNTED})
                for school, entry in data.items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # none kept (the set was published without counts), or damaged: count the set
    return count_set(previous, calling_code=calling_code)


def in_number_order(school_id: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key reading the digits of an ID as numbers: '2' before '10', '0410' after '100'."""
    parts = (part for part in re.split(r"(\d+)", school_id) if part)
    return tuple((0, int(part), part) if part.isdigit() else (1, 0, part) for part in parts)
