"""The export's own OneRoster columns a set does not carry, said once per file.

A OneRoster export's demographics.csv may hold sex, race flags and a place of birth; the bundled
profiles map none of them (data minimisation: a roster needs who is in which class, and Remind
and the strict target's consumers get birth dates only). A column left out that way used to
vanish without a word; it is now named once (V600), from the headers alone: no profile knowledge
here, only the spec's column names and the columns the profile's rules write.
"""

from __future__ import annotations

from transform.oneroster.spec import BULK_BLANK, COLUMNS
from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .read import SourceFile, header_key


def report_not_carried(plan: Plan, sources: dict[str, SourceFile], report: Report) -> None:
    """For each file the target writes: the columns of its spec that an export read for it has
    under their own name, and that no rule of the profile writes (V600, info, once per export)."""
    for table in plan.target.files:
        rules = [rule for rule in plan.rules.get(table, ()) if rule.source in sources]
        written = {column.name for rule in rules for column in rule.columns}
        spec = {header_key(column): column for column in COLUMNS[table] if column not in BULK_BLANK}
        for source in (sources[name] for name in dict.fromkeys(rule.source for rule in rules)):
            found = [spec[key] for key in map(header_key, source.header) if key in spec]
            left = [column for column in dict.fromkeys(found) if column not in written]
            if left:
                report.add(
                    codes.code("columns-not-carried"),
                    Where(file=source.display, line=source.header_line),
                    file=source.display,
                    columns=", ".join(left),
                    table=table,
                )
