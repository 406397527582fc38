"""The safety gate for classes whose owners all stop being primary overnight (X831, X834: tester67 Q2).

Illuminate's mastschd.txt came out with its Primary User column blank on every row (the column
there, filled the night before): each of the 33 teacher enrolments went from primary true to false,
the same teachers in the same classes. Nothing was removed and no ID changed, so every other gate
held: published at exit 0, 'enrollments ~33' the only word. Remind reads `primary` as the class
owner: every class lost its owner. Like a users.csv column blanked across the district (X923),
owners are not taken off most of a district's classes in one night: it is a column emptied in the
export, or no longer read.

A class counts when the last published set gave it a primary owner (a teacher or administrator
enrolment with primary true) and tonight's set still has one of those owners enrolled in it as an
owner, none of its owners primary. A class gone, a class without owner tonight (owners_lost, V618),
an owner who left the class or a new teacher made primary never count. Refused when at least
AT_LEAST classes count and more than half of the classes that had a primary owner and still have
one of those owners; a few classes' owners changed honestly publish. --allow-rollover publishes
it, said (X834). Reads only the owner enrolments of both sets, in teacher_gate's pass (moved_teachers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transform.pipeline.gate import EXPORT_REFUSED, Night
from transform.pipeline.teacher_gate import Moved
from transform.report import codes
from transform.report.problem import Where

AT_LEAST = 5  # fewer classes losing their primary owner in one night are a schedule's corrections
EXAMPLES = 3


@dataclass(slots=True)
class Lost:
    """The classes judged (`common`: a primary owner last night, one of them still an owner tonight)
    and those of them with no primary owner tonight (`classes`: class -> its owners kept)."""

    common: int = 0
    classes: dict[str, list[str]] = field(default_factory=dict)


def primary_lost(moved: Moved) -> Lost:
    """The classes of both sets whose primary owners stay, none of them primary tonight (module doc),
    from the owner enrolments teacher_gate.moved_teachers read of both sets (one pass over each)."""
    lost = Lost()
    if moved.now is None or moved.primary_before is None or moved.primary_now is None:
        return lost  # a set without enrollments.csv
    for class_id, owners in moved.primary_before.items():
        kept = owners & moved.now.get(class_id, set())
        if not kept:
            continue
        lost.common += 1
        if not moved.primary_now.get(class_id):
            lost.classes[class_id] = sorted(kept)
    return lost


def gate_primary_lost(lost: Lost, night: Night) -> None:
    """Refuse (X831) a set most of whose classes lose their primary owner, the owners kept; with
    --allow-rollover, say it (X834)."""
    report, allow_rollover, since = night.report, night.allow_rollover, night.since
    count = len(lost.classes)
    if count < AT_LEAST or count * 2 <= lost.common or any(c in report.counts for c in EXPORT_REFUSED):
        return
    shown = sorted(lost.classes)[:EXAMPLES]
    more = count - len(shown)
    params = {
        "count": count,
        "common": lost.common,
        "classes": "; ".join(f"{c} ({', '.join(lost.classes[c])})" for c in shown)
        + (f"; and {more} more" if more else ""),
    }
    where = Where(file="enrollments.csv", column="primary")
    if allow_rollover:
        report.add(codes.code("class-primary-lost-allowed"), where, **params)
    else:
        report.add(codes.code("class-primary-lost"), where, since=since, **params)
