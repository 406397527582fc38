"""Classes a district's ID template made of rows naming different class codes (V633, tester89 T3).

Genesis gives a section one row per subsection (a meeting pattern), so its classes rule says `combine: {}`.
A class ID template that leaves out the section number (`{schoolCode}-{schoolYear}-{courseCode}`) then made
English 9's sections 1 and 2 one class of both their students and teachers, published at exit 0: the rows'
different classCode and periods were V508 warnings among a subsection's honest ones (a title naming its period).

A class's code is its own identity (ENG101-1, ENG101-2), not a free-text field: rows of one ID naming two are
very likely two sections merged. Said for a classes rule whose sourcedId the district's own profile writes (a
bundled profile's template is the tool's considered choice), naming the template and the columns the class code
reads that it does not. Not refused every night: one class honestly listed under two codes (a cross-listed course
taught as one class, under a shared meeting ID) is a district's choice; a new profile's set (a first set, or the
first after the profile changed) is published, but exit 1, for a person to look (summary.NEW_PROFILE_CHECKS, as
X870); the nights after say it at exit 0. A published set's class IDs changing under a fixed template are the
gate's (X949).
"""

from __future__ import annotations

from collections.abc import Mapping

from transform.pipeline.mapping import records_as_read
from transform.pipeline.read import SourceFile, iter_rows
from transform.profile.compile import CLASS_TABLE, ColumnPlan, Plan, RulePlan
from transform.profile.load import LoadedProfile, bundled_folder
from transform.profile.templates import FieldRef, fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

SHOWN = 3  # classes named in the example
_ID = frozenset({"sourcedId"})


def note(profile: LoadedProfile, plan: Plan, report: Report, sources: Mapping[str, SourceFile] | None = None) -> None:
    """V633 for each classes rule of the district's own ID template that merged rows of different codes, or of
    different values of a column the enrolments' own IDs read and the class ID does not (review202 R5)."""
    by_rule: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for (label, class_id), found in sorted(report.codes_merged.items()):
        by_rule.setdefault(label, []).append((class_id, found))
    bundled = bundled_folder().resolve()
    own = [pf.data for pf in profile.chain if pf.path.resolve().parent != bundled]
    for rule in plan.rules.get(CLASS_TABLE, ()):
        merged = by_rule.get(rule.label)
        path = ["tables", CLASS_TABLE, rule.name, "columns", "sourcedId"]
        sourced = _column(rule, "sourcedId")
        if sourced is None or not any(_writes(data, path) for data in own):
            continue
        split = _split_columns(plan, rule, sourced, dict(sources or {}))
        what = "class codes"
        if not merged and split and not _code_tells_apart(rule, sourced):
            merged = _merged_by(plan, rule, sources[rule.source], [key for key, _ in split]) if sources else []
            what = f"{' and '.join(column for _, column in split)} values"
        if not merged:
            continue
        examples = [f"{cid!r}: " + " and ".join(f"{code!r} ({at})" for code, at in by.items()) for cid, by in merged]
        more = f" and {len(merged) - SHOWN} more" if len(merged) > SHOWN else ""
        report.add(
            codes.code("classes-merged-codes-differ"),
            Where(file=profile.where(path).file),
            rule=f"tables.{CLASS_TABLE}.{rule.name}",
            classes="1 class is" if len(merged) == 1 else f"{len(merged):,} classes are each",
            template=repr(_template(sourced)),
            example="; ".join(examples[:SHOWN]) + more,
            what=what,
            missing=_missing(rule, sourced) or _missing_split([column for _, column in split]),
        )


def _split_columns(
    plan: Plan, rule: RulePlan, sourced: ColumnPlan, sources: dict[str, SourceFile]
) -> list[tuple[str, str]]:
    """The columns of the classes' export (normalized) an enrolments rule's own sourcedId reads beside a
    classSourcedId read as the class ID is, that neither the class ID, nor its classSourcedId and userSourcedId
    read (`{courseCode}-{courseSection}-T{teacherID}` beside `{courseCode}`: courseSection tells two sections
    apart), each with its name as written; [] for a rule that merges no rows (without combine:, one ID of two rows
    is refused anyway)."""
    export = sources.get(rule.source)
    if rule.combine_lists is None or export is None:
        return []
    ids = {ref.key for ref in _reads(sourced) if ref.alias is None}
    found: dict[str, str] = {}
    for enrolments in plan.rules.get("enrollments", ()):
        own, joined, user = (_column(enrolments, n) for n in ("sourcedId", "classSourcedId", "userSourcedId"))
        if own is None or joined is None or {ref.key for ref in _reads(joined) if ref.alias is None} != ids:
            continue
        told = ids | ({ref.key for ref in _reads(user)} if user is not None else set())
        for ref in _reads(own):
            if ref.alias is None and ref.key not in told:
                found.setdefault(ref.key, ref.column)
    return [(key, column) for key, column in found.items() if key in export.index]


def _code_tells_apart(rule: RulePlan, sourced: ColumnPlan) -> bool:
    """Whether the rule's classCode reads a column beyond the course's (its courseSourcedId's, else the class
    ID's): a section's own code, which agreeing over a class's rows says they are one section (Genesis's
    `{courseCode}-{courseSection}` over subsections 1 and 2: review205 R7); absent, or the course's, it tells
    nothing and the enrolments' own IDs are read."""
    code = _column(rule, "classCode")
    if code is None:
        return False
    course = _column(rule, "courseSourcedId")
    known = {ref.key for ref in _reads(course if course is not None else sourced)}
    return any(ref.key not in known for ref in _reads(code))


def _merged_by(plan: Plan, rule: RulePlan, export: SourceFile, split: list[str]) -> list[tuple[str, dict[str, str]]]:
    """The classes of the rule whose admitted rows differ in the `split` columns, each with its values and the
    place of each's first row."""
    seen: dict[str, dict[str, str]] = {}
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        admitted, records = records_as_read(row, rule, plan, _ID)
        value = "-".join(row.get(key).strip() for key in split)
        for record in records if admitted else ():
            seen.setdefault(record.get("sourcedId", ""), {}).setdefault(value, f"{export.display}:{row.line}")
    return [(cid, by) for cid, by in sorted(seen.items()) if cid and len(by) > 1]


def _missing_split(split: list[str]) -> str:
    if not split:
        return ""
    return f"; the enrolments' sourcedId reads {', '.join(split)}, which the ID template does not"


def _column(rule: RulePlan, name: str) -> ColumnPlan | None:
    return next((c for c in rule.columns if c.name == name), None)


def _template(column: ColumnPlan) -> str:
    """The sourcedId as the profile writes it: its template, or its column(s)."""
    if column.parts:
        return "".join(part if isinstance(part, str) else f"{{{part}}}" for part in column.parts)
    return ", ".join(str(ref) for ref in column.first_of)


def _reads(column: ColumnPlan) -> list[FieldRef]:
    return [*fields(column.parts), *column.first_of]


def _missing(rule: RulePlan, sourced: ColumnPlan) -> str:
    """'; classCode reads courseSection, which the ID template does not': what tells the rows apart."""
    code = _column(rule, "classCode")
    if code is None:
        return ""
    keys = {ref.key for ref in _reads(sourced)}
    missing = list(dict.fromkeys(str(ref) for ref in _reads(code) if ref.key not in keys))
    if not missing:
        return ""
    return f"; classCode reads {', '.join(missing)}, which the ID template does not"


def _writes(data: object, path: list[str]) -> bool:
    """Whether a profile file's own data writes the column at `path`."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True
