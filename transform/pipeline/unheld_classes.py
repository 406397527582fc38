"""Enrolment rows naming classes no row of the classes export holds, in the safety gate's words.

A current enrolment row naming a class that no sections row has is left out (V502; D300 when
the row reads the sections export through a join). A few such rows are a district's own ways: a
section deleted mid-term whose roster rows the SIS has not dropped yet, a new section exported a
night late. Most of an export's rows so are a classes export that is not tonight's: a Clever job
whose sections.csv still holds the term that ended while enrollments.csv already holds the new
term's (tester59 C1: 336 of 384 rows left out, 6 classes published, 84 students in no class, at
exit 0, and the night taken for a break between terms, I246, I288). Those rows count against their
export as a warning's (LeftOut.unheld_class): past half of it the run is refused (X915), and this
module gives the refusal its cause: how many classes the rows name, and, when the classes export's
own rows are of a term that ended before tonight, that it still holds the ended term.
"""

from __future__ import annotations

from collections.abc import Sequence

from transform.report import codes
from transform.report.report import Report

UNHELD = ("reference-missing", "join-missing")  # V502, D300: the codes Report.names_class counts
_IDS = frozenset({codes.code("reference-missing").id, codes.code("join-missing").id})


def is_unheld(slug: str) -> bool:
    """Whether records left out under `slug` may be rows naming a class no classes row holds."""
    return slug in UNHELD


def said(report: Report, file: str, classes: Sequence[str], *, cause: bool = True) -> str:
    """What tonight's rows of `file` that name classes no row of `classes` (the classes exports)
    holds say, in words, with their likely `cause`; "" when none of its rows does."""
    rows = sum(report.left_out.error_codes.get((file, cid), 0) for cid in _IDS)
    named = [c for c, places in report.named_classes.items() if any(p[0] == file and p[2] in _IDS for p in places)]
    if not rows or not named:
        return ""
    shown = " or ".join(classes) or "the classes export"
    noun = "class" if len(named) == 1 else "classes"
    text = f"{file} names {len(named)} {noun} that {shown} does not hold ({rows} of its rows, {named[0]!r} the first)"
    if not cause:
        return text
    if terms := ended_terms(report, classes):
        return (
            f"{text}: {shown} still holds the ended term {terms}, while the enrolments name another term's "
            f"classes; export {shown} again"
        )
    return f"{text}: is {shown} an earlier export than the enrolments, or cut short? Export it again"


def ended_terms(report: Report, classes: Sequence[str]) -> str:
    """The terms that ended before tonight whose classes the classes export's rows were left out as
    (F405, its first examples), in words ("'Fall 2026' (ended 2026-12-18)"); "" when none."""
    ended: dict[str, str] = {}
    for problem in report.examples.get(codes.code("class-outside-term").id, []):
        params = problem.params
        if classes and problem.where.file not in classes:
            continue
        if str(params.get("end", "")) < str(params.get("as_of", "")):
            ended.setdefault(str(params.get("term", "")), str(params.get("end", "")))
    return " and ".join(f"{term!r} (ended {end})" for term, end in sorted(ended.items(), key=lambda t: t[1]))


def check_break(report: Report, *, classes: Sequence[str], limit: float, allow_incomplete: bool) -> None:
    """On a night that would pass for a break between terms (I288, or I246: the ended term's classes
    still exported, enrolling no student), an enrolments export more than `limit` percent of whose
    rows name classes `classes` does not hold is refused (X892; said, X918, with --allow-incomplete):
    under half of its rows, X915 let it through (year-long classes holding most rows), and the SIS did
    not end the term's enrolments, it moved them to classes the sections export lacks."""
    rows: dict[str, int] = {}
    for (file, cid), count in report.left_out.error_codes.items():
        if cid in _IDS:
            rows[file] = rows.get(file, 0) + count
    for file, count in sorted(rows.items()):
        total = report.rows_read.get(file, 0)
        words = said(report, file, classes)
        if not total or count * 100 <= limit * total or not words:
            continue
        first = min(
            (
                report.left_out.first_error[key]
                for key in ((file, cid) for cid in _IDS)
                if key in report.left_out.first_error
            ),
            key=lambda where: where.line,
        )
        if allow_incomplete:
            report.add(codes.code("incomplete-allowed"), first, detail=f"{words}; published")
            continue
        shown = " or ".join(classes) or "the classes export"
        terms = ended_terms(report, classes)
        report.add(
            codes.code("break-enrolments-unheld"),
            first,
            words=said(report, file, classes, cause=False),
            percent=round(count * 100 / total, 1),
            total=total,
            limit=limit,
            held=f"of the ended term {terms} that {shown} still holds" if terms else f"that {shown} holds",
            unheld=shown,
        )
