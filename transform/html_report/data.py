"""What the HTML report draws besides the JSON report: the runs kept by --keep, and the
published set's own validation. Both are found from the report's `facts.out`, so the page is
the same whether a run writes it (--html) or `transform report REPORT.json --html` does later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transform.oneroster.spec import TARGETS
from transform.pipeline import audit, gate
from transform.report.codes import BY_ID, Severity
from transform.report.problem import TransformAbort, redacted_params
from transform.report.report import Report

TREND_TABLES = ("users", "classes", "enrollments")


@dataclass(frozen=True, slots=True)
class Point:
    """One published run of the history: when, rows per output file, errors and warnings."""

    when: str
    rows: dict[str, int]
    problems: int | None  # None: a copy kept before its numbers were (only its files are)


@dataclass(slots=True)
class Validation:
    """`transform validate` on the set the output folder holds."""

    path: str
    valid: bool
    stopped: list[str] = field(default_factory=list)  # the set could not be read at all
    counts: list[tuple[str, str, str, str, int]] = field(default_factory=list)  # code, slug, severity, action, n
    examples: list[str] = field(default_factory=list)


def history(report: dict[str, Any]) -> list[Point]:
    """The runs kept beside the output (--keep), oldest first, and this run's own when it
    published and is not among them."""
    facts = report.get("facts", {})
    points: list[Point] = []
    folder = gate.state_folder(Path(facts["out"])) / "history" if facts.get("out") else None
    if folder is not None and folder.is_dir():
        numbers = gate.read_history(folder.with_suffix(".json"))
        for copy in sorted(p for p in folder.iterdir() if p.is_dir()):
            points.append(_point(copy, numbers.get(copy.name)))
    ran_at = str(facts.get("ran_at", ""))
    if report.get("published") and not any(p.when == ran_at for p in points):
        totals = report.get("totals", {})
        rows = {name.removesuffix(".csv"): int(n) for name, n in report.get("rows_written", {}).items()}
        points.append(Point(ran_at, rows, int(totals.get("errors", 0)) + int(totals.get("warnings", 0))))
    return points


def _point(copy: Path, numbers: object) -> Point:
    """A kept copy: its numbers as the run kept them, else its files' rows."""
    try:
        assert isinstance(numbers, dict)
        rows = {name.removesuffix(".csv"): int(n) for name, n in numbers["rows_written"].items()}
        totals = numbers["totals"]
        return Point(str(numbers["published_at"]), rows, int(totals["errors"]) + int(totals["warnings"]))
    except (AssertionError, ValueError, KeyError, TypeError, AttributeError):
        pass
    when = copy.name  # 20261015T020000Z
    when = f"{when[0:4]}-{when[4:6]}-{when[6:8]}T{when[9:11]}:{when[11:13]}:{when[13:15]}+00:00"
    return Point(when, {t: _data_rows(copy / f"{t}.csv") for t in TREND_TABLES}, None)


def _data_rows(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return max(sum(1 for line in handle if line.strip()) - 1, 0)
    except OSError:
        return 0


def validation(report: dict[str, Any], *, redact: bool) -> Validation | None:
    """`transform validate` on the output folder, in its words; None when there is none."""
    facts = report.get("facts", {})
    out = Path(facts["out"]) if facts.get("out") else None
    target = TARGETS.get(str(facts.get("target", "remind")))
    if out is None or target is None or not out.is_dir():
        return None
    checked = Report()
    try:
        audit.audit_set(out, target, checked)
    except TransformAbort as abort:
        return Validation(str(out), False, stopped=[str(p) for p in abort.problems])
    valid = not (checked.count(Severity.ERROR) or checked.dropped)
    result = Validation(str(out), valid)
    for cid in sorted(checked.counts):
        code = checked.codes_seen[cid]
        result.counts.append((cid, code.slug, str(code.severity), str(code.action), checked.counts[cid]))
        for problem in checked.examples.get(cid, [])[:3]:
            place = f"{problem.where}: " if str(problem.where) else ""
            result.examples.append(f"{cid} {place}{problem.to_dict(redact=redact)['message']}")
    return result


def redacted(report: dict[str, Any]) -> dict[str, Any]:
    """A saved report with what --redact leaves out taken out (a report written without
    --redact, drawn with it): each example's personal parameters, and its message again."""
    copy: dict[str, Any] = json.loads(json.dumps(report))
    for entry in copy.get("problems", []):
        for example in entry.get("examples", []):
            params = {k: str(v) for k, v in redacted_params(example.get("params") or {}).items()}
            example["params"] = params
            code = BY_ID.get(str(example.get("code", "")))
            example["message"] = code.render(**params) if code else ""
    return copy
