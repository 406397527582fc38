"""The run report as one self-contained HTML page, for the people a run's result is forwarded to.

Drawn only from the JSON report (`Report.to_dict()`), the runs kept beside the output and the
published set's own validation (report.html_data), so `transform report REPORT.json --html` draws
the same page later. No script, no external resource (a Content-Security-Policy says so to the
browser), inline SVG charts with the same numbers in a real table beside them, and colour never
the only signal: every state is also a word. Every number a reader may check carries a
`data-fact` attribute naming where it comes from (the browser tests compare them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from transform.html_report import data as html_data
from transform.html_report.data import Point, Validation
from transform.pipeline import publishing
from transform.pipeline.write import write_whole
from transform.report import codes as catalogue
from transform.report.render import ALWAYS_SAID
from transform.report.report import EXAMPLES_KEPT, PAGE_MARK, RUNNING
from transform.report.summary import fix_rank, saved_to_check

GATED = ("users", "classes", "enrollments")
SCHOOL_COLUMNS = ("students", "staff", "parents", "classes", "enrollments")
# Records left out only because another was: folded under what they follow.
FOLLOWS = {
    "follows-dropped-class": "classes",
    "follows-left-out-row": "classes",
    "follows-left-out-class": "classes",
    "follows-dropped-user": "users",
}
PARENT_SLUGS = (
    "guardian-without-contact",
    "emergency-contact",
    "guardian-no-student",
    "guardian-contact-shared",
    "phone-international",  # a parent's number Remind cannot text (a student's or staff's too)
)
TOP_RECORDS = 5
STOPPED_AFTER_PUBLISHING = ("after-publish-failed", "upload-failed")
NOTHING_DUE = ("F421", "F422", "F443", "I288")
# What the console notes on every published night though no person need act (I245: a break night kept the
# ended term's classes, and until when): said under the verdict too, where it was in the table of codes alone.
NOTED_WHEN_PUBLISHED = tuple(c for c in ALWAYS_SAID if c not in NOTHING_DUE and catalogue.BY_ID[c].severity == "info")


def write(path: Path, report: dict[str, Any], *, redact: bool) -> None:
    """Write the page for `report` to `path` (replaced whole: a reader never sees half a page)."""
    if redact:
        report = html_data.redacted(report)
    text = page(
        report,
        history=html_data.history(report),
        validation=html_data.validation(report, redact=redact),
        redact=redact,
    )
    write_whole(path, text)


def page(report: dict[str, Any], *, history: list[Point], validation: Validation | None, redact: bool) -> str:
    facts = report.get("facts", {})
    title = f"Roster run {facts.get('as_of', '')}: {_verdict_word(report)}"
    sections = [
        _verdict(report),
        _schools(report),
        _reachability(report),
        _left_out(report, redact=redact),
        _warnings(report, redact=redact),
        _history(history, report),
        _validation(validation, published=bool(report.get("published"))),
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{PAGE_MARK}\n<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(title)}</h1>\n"
        + ('<p class="note">Redacted: names, phones, emails and birth dates are left out.</p>\n' if redact else "")
        + "\n".join(sections)
        + "\n</main>\n</body>\n</html>\n"
    )


# --- 1. The verdict ------------------------------------------------------------------------------


def _verdict_word(report: dict[str, Any]) -> str:
    exit_status = report.get("facts", {}).get("exit_status")
    if report.get("status") == RUNNING:  # written as the run began: its published false is not known (reviewer161 R2)
        return "did not finish"
    if report.get("published"):
        return "published" if exit_status in (0, None) else "published, but a person must act"
    if exit_status == 0:
        return "nothing to publish yet"
    return "not published"


def _verdict(report: dict[str, Any]) -> str:
    facts = report.get("facts", {})
    published = bool(report.get("published"))
    word = _verdict_word(report)
    mark, kind = ("✔", "ok") if published and facts.get("exit_status", 0) == 0 else ("✖", "bad")
    if published and kind == "bad":  # published, but a person must act: not drawn as a refusal (tester63 F10)
        mark, kind = ("▲", "wait")
    if not published and facts.get("exit_status") == 0:
        mark, kind = ("●", "wait")
    # Each with its place when it has a line (tester63 F5: a profile's YAML error named none).
    # The stops as the Next step ranks them: the cause before what follows from it (tester69 F8).
    stops = [
        e
        for p in report.get("problems", [])
        if p["action"] == "abort" or (published and p["slug"] in STOPPED_AFTER_PUBLISHING)
        for e in p.get("examples", [])[:3]
    ]
    stops.sort(key=lambda e: fix_rank(e["code"], e.get("params") or {}))
    # Each with its code, as the console says it: the page is the one forwarded, and `transform codes
    # X976` needs the code (tester74 F11).
    reasons = [_stop_said(e) for e in stops]
    # "Published, but a person must act": what to look at, with its code and the records it lists
    # (tester48 F1: the page said "Check the IDs listed" and listed none).
    reasons += [_said(e) for e in saved_to_check(report)]
    if published:
        reasons += _messages(report, NOTED_WHEN_PUBLISHED)
    if not published and facts.get("exit_status") == 0:
        reasons = _messages(report, NOTHING_DUE)
    errors = _published_with_errors(report) if published else ""
    terms = _terms(facts)
    rows = [
        ("Exit code", _fact(facts.get("exit_status", ""), "facts.exit_status")),
        ("Profile", escape(str(facts.get("profile", "")))),
        ("Target", escape(str(facts.get("target", "")))),
        ("As of", escape(str(facts.get("as_of", "")))),
        ("Terms rostered", escape(terms) or "—"),
        ("Run at", escape(str(facts.get("ran_at", "")))),
        ("Duration", _fact(_seconds(facts.get("duration_seconds")), "facts.duration_seconds")),
        ("Tool version", escape(str(facts.get("tool_version", "")))),
    ]
    parts = [
        '<section id="verdict" aria-labelledby="verdict-h">',
        '<h2 id="verdict-h">Verdict</h2>',
        f'<p class="verdict {kind}" data-fact="published" data-value="{_published_value(report)}">'
        f'<span aria-hidden="true">{mark}</span> {escape(word.capitalize())}</p>',
    ]
    if not published and facts.get("out"):
        parts.append(f'<p class="kept" data-fact="out_kept">{escape(_out_kept(facts, report.get("status")))}</p>')
    if reasons:
        parts.append('<ul class="reasons">' + "".join(f"<li>{_words(r)}</li>" for r in reasons) + "</ul>")
    if stops and not published:
        stopped = escape(str(facts.get("stopped_by") or _stopped_by(report)))
        parts.append(f'<p class="stopped" data-fact="stopped_by">Nothing published ({stopped}, above).</p>')
    if errors:
        parts.append(f'<p class="warn"><strong>Published with errors:</strong> {escape(errors)}</p>')
    if facts.get("next_step"):
        parts.append(
            f'<p class="next" data-fact="next_step"><strong>Next:</strong> {_words(str(facts["next_step"]))}</p>'
        )
    parts.append("<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>")
    parts.append(_gate(facts))
    parts.append("</section>")
    return "\n".join(parts)


def _published_value(report: dict[str, Any]) -> str:
    """The page's published fact: not known in a report written as the run began (reviewer161 R2)."""
    return "unknown" if report.get("status") == RUNNING else str(bool(report.get("published"))).lower()


def _stop_said(example: dict[str, Any]) -> str:
    """A stop as the console says it: `file:line [column]: CODE slug: message`."""
    said = f"{example.get('code', '')} {example.get('slug', '')}: {example['message']}"
    return f"{_located(example)}: {said}" if _located(example) else said


def _stopped_by(report: dict[str, Any]) -> str:
    """The console's "Nothing published (X976 school-missing and X906, X953, above)" codes, from a
    report whose facts do not hold them (one the CLI did not write: api.run's own)."""
    stops = [p for p in report.get("problems", []) if p["action"] == "abort"]
    ranked = sorted(stops, key=lambda p: fix_rank(p["code"], (p.get("examples") or [{}])[0].get("params") or {}))
    others = sorted({p["code"] for p in ranked[1:]} - {ranked[0]["code"]})
    return f"{ranked[0]['code']} {ranked[0]['slug']}" + (f" and {', '.join(others)}" if others else "")


def _messages(report: dict[str, Any], code_ids: tuple[str, ...]) -> list[str]:
    return [e["message"] for p in report.get("problems", []) if p["code"] in code_ids for e in p["examples"]]


def _terms(facts: dict[str, Any]) -> str:
    """The terms rostered; a name two entries share (two schools' Semester 1 of other dates) with
    the schools of each."""
    terms = facts.get("terms", [])
    names = Counter(str(t["name"]) for t in terms)
    school_names = {str(s["id"]): str(s.get("name") or s["id"]) for s in facts.get("schools") or []}
    said = []
    for term in terms:
        text = str(term["name"])
        if "start" in term:
            text += f" ({term['start']} to {term['end']}"
            if names[str(term["name"])] > 1 and term.get("schools"):
                text += "; " + ", ".join(school_names.get(str(s), str(s)) for s in term["schools"])
            text += ")"
        said.append(text)
    return ", ".join(said)


def _out_kept(facts: dict[str, Any], status: object = None) -> str:
    """What a night that published nothing left in OUT: the console says it; a reader of the
    forwarded page needs it as much (tester63 F10). A run that wrote no end to its report (status
    running, or failed: a bug) cannot tell: OUT's state folder says what it holds now (reviewer161 R2)."""
    out = str(facts["out"])
    if status not in (None, "finished"):
        return out_now(facts, status)
    if facts.get("first_set") is True:
        return f"{out} holds no published set yet: nothing is there to upload."
    if facts.get("first_set") is False:
        return (
            f"{out} still holds the last published set, unchanged: what {_consumer(facts)} was last given "
            "stays as it was."
        )
    return f"Nothing in {out} was changed by this run: any set it held before stays as it was."


def out_now(facts: dict[str, Any], status: object) -> str:
    """A report written before the run's end (running) or by a bug (failed): what OUT holds, as its state
    folder tells now (pipeline.publishing.since), the report's own `published` not being known."""
    _, held = publishing.since(Path(str(facts["out"])), str(facts.get("ran_at", "")))
    said = (
        "This run did not finish (its report says it began and has not ended)"
        if status == RUNNING
        else ("This run stopped on a bug before its end")
    )
    return f"{said}: what it published is not known from this report; {held}."


def _said(example: dict[str, Any]) -> str:
    """An example as the terminal says it: `file:line [column]: CODE slug: message`."""
    place = str(example.get("file") or "")
    if example.get("line"):
        place = f"{place}:{example['line']}"
    if example.get("column"):
        place = f"{place} [{example['column']}]" if place else f"[{example['column']}]"
    said = f"{example.get('code', '')} {example.get('slug', '')}: {example.get('message', '')}"
    return f"{place}: {said}" if place else said


def _published_with_errors(report: dict[str, Any]) -> str:
    """As the terminal says it: records lost to error-level problems, per output file."""
    severity = {p["code"]: p["severity"] for p in report.get("problems", [])}
    places: dict[str, int] = {}
    for entry in report.get("left_out", []):
        if severity.get(entry["code"]) == "error":
            place = entry["table"] or entry["file"] or "(run)"
            places[place] = places.get(place, 0) + int(entry["count"])
    if not places:
        return ""
    total = sum(places.values())
    noun = "record was" if total == 1 else "records were"
    listed = "; ".join(f"{place} {n}" for place, n in sorted(places.items(), key=lambda i: (-i[1], i[0])))
    return f"{total} {noun} left out by error-level problems: {listed}."


def _gate(facts: dict[str, Any]) -> str:
    changes, limits = facts.get("changes") or {}, facts.get("removal_limits") or {}
    if not changes:
        return "<p>The safety gate did not run: the run stopped before a set was made.</p>"
    rows = []
    for table in GATED:
        change = changes.get(table)
        if change is None:
            continue
        previous, removed = int(change["previous"]), int(change["removed"])
        # Removals an ended term explains do not count against the limit (X937): the share judged
        # is of the others (tester44 F1: a term's own classes were marked "over the limit").
        ended = int(change.get("term_ended", 0))
        share = (removed - ended) * 100 / previous if previous else 0.0
        limit = float(limits.get(table, 10.0))
        within = share <= limit
        status = "within the limit" if within else "over the limit"
        if ended:
            status += f" ({ended:,} of the removals are of ended terms and not counted)"
        # The verdict second: on a phone the columns past the screen's edge are the ones unseen.
        rows.append(
            f'<tr><th scope="row">{table}</th>'
            f'<td class="gate {"ok" if within else "bad"}">{"✔" if within else "✖"} {status}</td>'
            f"<td>{_fact(previous, f'facts.changes.{table}.previous')}</td>"
            f"<td>{_fact(change['now'], f'facts.changes.{table}.now')}</td>"
            f"<td>{_fact(change['added'], f'facts.changes.{table}.added')}</td>"
            f"<td>{_fact(removed, f'facts.changes.{table}.removed')}</td>"
            f"<td>{share:.1f} %</td><td>{limit:g} %</td></tr>"
        )
    first = all(int(c["previous"]) == 0 for c in changes.values())
    caption = "Safety gate: removals against the last published set" + (
        " (first set: nothing to compare)" if first else ""
    )
    return _table(caption, ("file", "gate", "before", "now", "added", "removed", "removed %", "limit"), rows)


# --- 2. Per school -------------------------------------------------------------------------------


def _schools(report: dict[str, Any]) -> str:
    schools = report.get("facts", {}).get("schools")
    head = '<section id="schools" aria-labelledby="schools-h">\n<h2 id="schools-h">Per school</h2>'
    if not schools:
        return f"{head}\n<p>{_no_counts(report)}</p>\n</section>"
    rows = []
    for school in schools:
        now, before, sid = school["now"], school["previous"], school["id"]
        cells = "".join(
            f"<td>{_fact(now[c], f'schools.{sid}.now.{c}')}{_change(now[c], before, c)}</td>" for c in SCHOOL_COLUMNS
        )
        gone = " gone" if before and not now["students"] and before.get("students") else ""
        flag = ' <strong class="bad">no students now</strong>' if gone else ""
        rows.append(f'<tr class="{gone.strip()}"><th scope="row">{_school_name(school)}{flag}</th>{cells}</tr>')
    first = all(s["previous"] is None for s in schools)
    caption = "Records per school" + (
        " (first set: no change to show)" if first else ", with the change since the last published set"
    )
    table = _table(caption, ("school", *SCHOOL_COLUMNS), rows)
    chart = _bars(
        "Students per school, now and in the last published set",
        [(_plain_name(s), s["now"]["students"], (s["previous"] or {}).get("students")) for s in schools],
    )
    return f"{head}\n{chart}\n{table}\n</section>"


def _no_counts(report: dict[str, Any]) -> str:
    if "schools" in report.get("facts", {}) or not report.get("facts", {}).get("changes"):
        return "No set was made, so there is nothing to count per school."
    return "Not counted: a run counts per school when it writes the page itself (--html)."


def _school_name(school: dict[str, Any]) -> str:
    return f'{escape(school["name"] or "(no name)")} <span class="id">{escape(school["id"])}</span>'


def _plain_name(school: dict[str, Any]) -> str:
    return f"{school['name'] or school['id']}"


def _change(now: int, before: dict[str, int] | None, column: str) -> str:
    if before is None:
        return ""
    delta = now - int(before.get(column, 0))
    if not delta:
        return ' <span class="delta">±0</span>'
    sign, kind = ("+", "up") if delta > 0 else ("−", "down")
    return f' <span class="delta {kind}">{sign}{abs(delta):,}</span>'


def _bars(title: str, items: list[tuple[str, int, int | None]]) -> str:
    """A horizontal bar per item: now as a filled bar, before as an outline; both also as text."""
    if not items:
        return ""
    top = max(max(now, before or 0) for _, now, before in items) or 1
    label_w, bar_w, row_h = 190, 300, 30
    height = row_h * len(items) + 24
    parts = [
        f'<figure><svg role="img" aria-labelledby="bars-t" viewBox="0 0 {label_w + bar_w + 110} {height}" '
        f'preserveAspectRatio="xMinYMin meet"><title id="bars-t">{escape(title)}</title>',
        _legend((("now", "now"), ("before", "last published set"))),
    ]
    for i, (name, now, before) in enumerate(items):
        y = 24 + i * row_h
        shown = name if len(name) <= 26 else name[:25] + "…"
        parts.append(f'<text x="0" y="{y + 15}" class="label">{escape(shown)}</text>')
        width = now * bar_w / top
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="12" class="now"/>')
        if before is not None:
            old = before * bar_w / top
            parts.append(f'<rect x="{label_w}" y="{y + 17}" width="{old:.1f}" height="7" class="before"/>')
        text = f"{now:,}" + (f" (was {before:,})" if before is not None and before != now else "")
        parts.append(f'<text x="{label_w + max(width, 0) + 6}" y="{y + 14}" class="value">{escape(text)}</text>')
    parts.append(f"</svg><figcaption>{escape(title)}</figcaption></figure>")
    return "".join(parts)


# --- 3. Parent reachability ------------------------------------------------------------------------


def _consumer(facts: dict[str, Any]) -> str:
    """Who the set is for: a --target oneroster page spoke of Remind (tester63 F10)."""
    return "Remind" if str(facts.get("target") or "remind") == "remind" else "the receiving system"


def _reachability(report: dict[str, Any]) -> str:
    schools = report.get("facts", {}).get("schools")
    who = _consumer(report.get("facts", {}))
    head = (
        f'<section id="reach" aria-labelledby="reach-h">\n<h2 id="reach-h">Parents {escape(who)} can reach</h2>\n'
        "<p>A student is reachable when a parent or guardian in the set has an email or a phone of their own "
        f"({escape(who)} gives each contact point to one person) that can be texted (not an international "
        "number).</p>"
    )
    if not schools:
        return f"{head}\n<p>{_no_counts(report)}</p>\n</section>"
    rows, segments = [], []
    for school in schools:
        now, sid = school["now"], school["id"]
        students = now["students"]
        if not students:
            continue
        reach, shared, none = now["students_reachable"], now["students_shared_contact"], now["students_no_parent"]
        rows.append(
            f'<tr><th scope="row">{_school_name(school)}</th>'
            f"<td>{_fact(students, f'schools.{sid}.now.students')}</td>"
            f"<td>{_fact(reach, f'schools.{sid}.now.students_reachable')} ({_percent(reach, students)})</td>"
            f"<td>{_fact(shared, f'schools.{sid}.now.students_shared_contact')}</td>"
            f"<td>{_fact(none, f'schools.{sid}.now.students_no_parent')}</td></tr>"
        )
        segments.append((_plain_name(school), reach, shared, none))
    table = _table(
        f"Students with a parent {who} can reach, per school",
        (
            "school",
            "students",
            "reachable",
            "parents share a contact or have an international phone only",
            "no parent in the set",
        ),
        rows,
    )
    return f"{head}\n{_stacked(segments)}\n{table}\n{_parents_left_out(report)}\n</section>"


def _stacked(items: list[tuple[str, int, int, int]]) -> str:
    """Per school one bar of 100 %: reachable, shared contact, no parent (patterns and words too)."""
    if not items:
        return ""
    label_w, bar_w, row_h = 190, 300, 24
    height = row_h * len(items) + 24
    parts = [
        f'<figure><svg role="img" aria-labelledby="reach-t" viewBox="0 0 {label_w + bar_w + 70} {height}" '
        f'preserveAspectRatio="xMinYMin meet"><title id="reach-t">Share of students a parent can reach</title>'
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="shared"/><line x1="0" y1="0" x2="0" y2="6" class="hatch"/></pattern></defs>',
        _legend((("now", "reachable"), ("hatched", "shared or international contact"), ("before", "no parent"))),
    ]
    for i, (name, reach, shared, none) in enumerate(items):
        y, total = 24 + i * row_h, reach + shared + none or 1
        shown = name if len(name) <= 26 else name[:25] + "…"
        parts.append(f'<text x="0" y="{y + 14}" class="label">{escape(shown)}</text>')
        x = float(label_w)
        for count, kind in ((reach, "now"), (shared, "hatched"), (none, "before")):
            width = count * bar_w / total
            fill = ' fill="url(#hatch)"' if kind == "hatched" else ""
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="14" class="{kind}"{fill}/>')
            x += width
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 14}" class="value">{_percent(reach, total)}</text>')
    parts.append("</svg><figcaption>Share of students a parent can reach, per school</figcaption></figure>")
    return "".join(parts)


def _parents_left_out(report: dict[str, Any]) -> str:
    found = [p for p in report.get("problems", []) if p["slug"] in PARENT_SLUGS or p["slug"].startswith("guardian-")]
    if not found:
        return "<p>No parent or guardian record was left out or flagged.</p>"
    items = "".join(
        f"<li>{_fact(p['count'], 'problems.' + p['code'] + '.count')} × {escape(_plain(p))} "
        f'<span class="code">{escape(p["code"])} {escape(p["slug"])}</span></li>'
        for p in found
    )
    return f"<h3>Why parents are missing or cannot be reached</h3>\n<ul>{items}</ul>"


# --- 4. Left out and why -------------------------------------------------------------------------


def _left_out(report: dict[str, Any], *, redact: bool) -> str:
    head = '<section id="left-out" aria-labelledby="left-out-h">\n<h2 id="left-out-h">Left out and why</h2>'
    problems = {p["code"]: p for p in report.get("problems", [])}
    causes: dict[str, dict[str, int]] = {}  # table -> code -> count
    follows: dict[str, dict[tuple[str, str], int]] = {}  # followed table -> (code, own table) -> count
    for entry in report.get("left_out", []):
        slug = problems.get(entry["code"], {}).get("slug", "")
        table = entry["table"] or entry["file"] or "(run)"
        if slug in FOLLOWS:
            key = (entry["code"], table)
            follows.setdefault(FOLLOWS[slug], {})[key] = follows.get(FOLLOWS[slug], {}).get(key, 0) + entry["count"]
        else:
            causes.setdefault(table, {})[entry["code"]] = causes.get(table, {}).get(entry["code"], 0) + entry["count"]
    if not causes and not follows:
        return f"{head}\n<p>Nothing was left out.</p>\n</section>"
    order = sorted(set(causes) | set(follows), key=lambda t: (-sum(causes.get(t, {}).values()), t))
    blocks = [head, "<p>Each cause, with the records that were left out only because it was folded under it.</p>"]
    for table in order:
        own = causes.get(table, {})
        total = sum(own.values())
        knock = follows.get(table, {})
        counted = _fact(total, f"left_out.{table}")
        blocks.append(f'<article class="cause"><h3>{escape(table)}: {counted} left out</h3>')
        if knock:
            folded = ", ".join(
                f"{_fact(n, f'follows.{table}.{cid}.{where}')} {escape(where)} ({escape(cid)})"
                for (cid, where), n in sorted(knock.items())
            )
            blocks.append(f'<p class="follow">→ and, following them: {folded}</p>')
        for cid, count in sorted(own.items(), key=lambda i: (-i[1], i[0])):
            blocks.append(
                _cause(problems.get(cid, {"code": cid, "slug": "", "examples": []}), count, table, redact=redact)
            )
        blocks.append("</article>")
    blocks.append("</section>")
    return "\n".join(blocks)


# A code's examples in the report are its first few, whatever their table (V502: users first).
_NOT_LISTED = '<p class="follow">The report lists none of these records; rerun with --explain PATH for every one.</p>'


def _records(
    examples: list[dict[str, Any]], count: int, place: Callable[[dict[str, Any]], str], head: str, *, redact: bool
) -> tuple[list[str], str]:
    """A code's first TOP_RECORDS example records as table rows, and the table holding them."""
    rows = [
        f'<tr><td class="id">{escape(place(e))}</td><td>{escape(e.get("record", "") or "—")}</td>'
        f'<td class="text">{escape(e.get("message", ""))}</td></tr>'
        for e in examples[:TOP_RECORDS]
    ]
    shown = len(rows)
    caption = f"First {shown} of {count:,} records" if shown < count else "The records"
    return rows, _table(caption, (head, "SIS number / ID", "what happened" + (" (redacted)" if redact else "")), rows)


def _cause(problem: dict[str, Any], count: int, table: str, *, redact: bool) -> str:
    """One code's records left out of `table`: its examples of that table only (a code such as
    V502 leaves out users and classes alike; tester18 F10)."""
    cid = problem["code"]
    meaning, fix = _help(cid)
    examples = [e for e in problem.get("examples", []) if (e.get("table") or e.get("file") or "(run)") == table]
    rows, records = _records(examples, count, _place, "file:line", redact=redact)
    counted = _fact(count, f"left_out.code.{cid}")
    return (
        f'<div class="reason"><p><strong>{counted} × {escape(meaning or _plain(problem))}'
        f'</strong> <span class="code">{escape(cid)} {escape(problem.get("slug", ""))}</span></p>'
        + (f'<p class="fix"><strong>Fix:</strong> {_words(fix)}</p>' if fix else "")
        + (records if rows else _NOT_LISTED)
        + "</div>"
    )


def _place(example: dict[str, Any]) -> str:
    """`file:line`, and `:char` for a profile's (the JSON's `char`)."""
    if not example.get("line"):
        return str(example.get("file", ""))
    char = f":{example['char']}" if example.get("char") else ""
    return f"{example.get('file', '')}:{example['line']}{char}"


def _plain(problem: dict[str, Any]) -> str:
    meaning, _ = _help(problem["code"])
    return meaning or problem.get("slug", "").replace("-", " ")


def _help(code_id: str) -> tuple[str, str]:
    """Plain words and the fix for a code, where the catalogue has them (`codes.explain`)."""
    explain: Callable[[str], tuple[str, str]] | None = getattr(catalogue, "explain", None)
    if explain is None:
        return "", ""
    try:
        meaning, fix = explain(code_id)
    except KeyError:
        return "", ""
    return str(meaning), str(fix)


# --- 5. Warnings: what was changed or blanked, nothing left out ------------------------------------

# What a warning or error did to a record it did not leave out (tester63 F3: the page showed only
# the records left out, so a class published with no owner or a blanked phone was on the console
# and in the JSON alone, and a --strict refusal's page listed none of what it refused for).
KEPT_ACTIONS = ("repair", "note")


def _warnings(report: dict[str, Any], *, redact: bool) -> str:
    head = (
        '<section id="warnings" aria-labelledby="warnings-h">\n'
        '<h2 id="warnings-h">Warnings: changed or blanked, nothing left out</h2>'
    )
    found = [
        p
        for p in report.get("problems", [])
        if p.get("severity") in ("error", "warning") and p.get("action") in KEPT_ACTIONS
    ]
    found.sort(key=lambda p: (p.get("severity") != "error", -int(p.get("count", 0)), p["code"]))
    if not found:
        none = "No warning: no record was changed, blanked or flagged for a person to look at."
        return f"{head}\n<p>{none}</p>\n</section>"
    blocks = [
        head,
        "<p>Each code the run found in records it kept: a value changed or blanked, or a record published "
        f"as it is but for a person to look at. The first {TOP_RECORDS} records of each are shown; the JSON "
        f"report (--report) keeps the first {EXAMPLES_KEPT} of each code, and the count of all.</p>",
    ]
    blocks += [_warning(p, redact=redact) for p in found]
    blocks.append("</section>")
    return "\n".join(blocks)


def _warning(problem: dict[str, Any], *, redact: bool) -> str:
    cid, count = problem["code"], int(problem.get("count", 0))
    meaning, fix = _help(cid)
    rows, records = _records(problem.get("examples", []), count, _located, "file:line [column]", redact=redact)
    counted = _fact(count, f"warnings.{cid}")
    return (
        f'<article class="cause" id="warning-{escape(cid)}"><h3>{counted} × {escape(meaning or _plain(problem))} '
        f'<span class="code">{escape(cid)} {escape(problem.get("slug", ""))} ({escape(problem.get("severity", ""))})'
        "</span></h3>"
        + (f'<p class="fix"><strong>What to do:</strong> {_words(fix)}</p>' if fix else "")
        + (records if rows else "")
        + "</article>"
    )


def _located(example: dict[str, Any]) -> str:
    """`file:line [column]`, as the console says it."""
    place = _place(example)
    column = str(example.get("column") or "")
    return f"{place} [{column}]" if column and place else f"[{column}]" if column else place


# --- 6. History ----------------------------------------------------------------------------------


def _history(points: list[Point], report: dict[str, Any]) -> str:
    head = '<section id="history" aria-labelledby="history-h">\n<h2 id="history-h">History</h2>'
    if len(points) < 2:
        return (
            f"{head}\n<p>{_history_known(points, report)}</p>\n"
            + (_history_table(points) if points else "")
            + "\n</section>"
        )
    series = [("users", [p.rows.get("users", 0) for p in points])]
    series += [(t, [p.rows.get(t, 0) for p in points]) for t in ("classes", "enrollments")]
    if all(p.problems is not None for p in points):
        series.append(("errors and warnings", [p.problems or 0 for p in points]))
    charts = "".join(_spark(name, values) for name, values in series)
    return f'{head}\n<div class="sparks">{charts}</div>\n{_history_table(points)}\n</section>'


def _history_known(points: list[Point], report: dict[str, Any]) -> str:
    """What the page knows of earlier runs when fewer than two sets are kept: a first set is the
    first; any other night only knows the last set, which the state holds (it said "One published
    run so far" on every night without --keep, tester48 F4)."""
    keep = "keep the last N sets beside the output with <code>--keep N</code> to see a trend"
    first = report.get("facts", {}).get("first_set")
    if report.get("published") and first is True:
        return f"The first published set; {keep}."
    kept = "No published set is kept" if not points else "Only one published set is kept (below)"
    return (
        f"{kept}: without <code>--keep</code>, the state beside the output holds the last published set alone, "
        f"so earlier runs are not counted here; {keep}."
    )


def _history_table(points: list[Point]) -> str:
    rows = [
        f'<tr><th scope="row">{escape(_day(p.when))}</th>'
        + "".join(f"<td>{_fact(p.rows.get(t, 0), f'history.{i}.{t}')}</td>" for t in html_data.TREND_TABLES)
        + f"<td>{'—' if p.problems is None else _fact(p.problems, f'history.{i}.problems')}</td></tr>"
        for i, p in enumerate(points)
    ]
    return _table("Published runs kept", ("published", "users", "classes", "enrollments", "errors and warnings"), rows)


def _day(when: str) -> str:
    try:
        return dt.datetime.fromisoformat(when).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return when


def _spark(name: str, values: list[int]) -> str:
    width, height, pad = 220, 60, 6
    low, high = min(values), max(values)
    span = high - low or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = " ".join(
        f"{pad + i * step:.1f},{height - pad - (v - low) * (height - 2 * pad) / span:.1f}" for i, v in enumerate(values)
    )
    first, last = values[0], values[-1]
    trend = "up" if last > first else "down" if last < first else "level"
    return (
        f'<figure class="spark"><svg role="img" viewBox="0 0 {width} {height}" aria-label="{escape(name)}: '
        f'{first:,} to {last:,}"><polyline points="{points}" class="line"/></svg>'
        f"<figcaption>{escape(name)}: {first:,} → {last:,} ({trend})</figcaption></figure>"
    )


# --- 7. Validation -------------------------------------------------------------------------------


def _validation(result: Validation | None, *, published: bool) -> str:
    head = '<section id="validation" aria-labelledby="validation-h">\n<h2 id="validation-h">Validation</h2>'
    if result is None:
        return f"{head}\n<p>The output folder holds no set to validate.</p>\n</section>"
    word, kind = ("valid", "ok") if result.valid else ("not valid", "bad")
    mark = "✔" if result.valid else "✖"
    which = "" if published else " (the last published set: this run published nothing)"
    parts = [
        head,
        f"<p>The set the output folder holds{which}, checked as <code>transform validate</code> checks it:</p>",
        f'<p class="verdict {kind}" data-fact="validation.valid" data-value="{str(result.valid).lower()}">'
        f'<span aria-hidden="true">{mark}</span> <code>{escape(result.path)}</code>: {word}</p>',
    ]
    parts += [f"<p>{escape(line)}</p>" for line in result.stopped]
    if result.counts:
        rows = [
            f'<tr><th scope="row">{escape(c)}</th><td>{escape(s)}</td><td>{escape(sev)}</td><td>{escape(a)}</td>'
            f"<td>{_fact(n, f'validation.{c}')}</td></tr>"
            for c, s, sev, a, n in result.counts
        ]
        parts.append(_table("What the run found", ("code", "slug", "severity", "action", "count"), rows))
        parts.append("<p>First examples:</p><ul>" + "".join(f"<li>{escape(e)}</li>" for e in result.examples) + "</ul>")
    parts.append("</section>")
    return "\n".join(parts)


# --- helpers -------------------------------------------------------------------------------------


def _legend(items: Iterable[tuple[str, str]]) -> str:
    """Swatches with their words, on the chart's first line."""
    parts, x = [], 0
    for kind, words in items:
        fill = ' fill="url(#hatch)"' if kind == "hatched" else ""
        parts.append(f'<rect x="{x}" y="3" width="14" height="12" class="{kind}"{fill}/>')
        parts.append(f'<text x="{x + 19}" y="14" class="legend">{escape(words)}</text>')
        x += 19 + 7 * len(words) + 18
    return "".join(parts)


def _words(text: str) -> str:
    """A message or step escaped, its `quoted commands` as code: the page showed the backticks."""
    return re.sub(r"`([^`\n]+)`", r"<code>\1</code>", escape(text))


def _fact(value: object, key: str) -> str:
    shown = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    return f'<span data-fact="{escape(key)}">{escape(shown)}</span>'


def _seconds(value: object) -> str:
    return f"{value:.1f} s" if isinstance(value, int | float) else ""


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.0f} %" if whole else "—"


def _table(caption: str, headers: Iterable[str], rows: list[str]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    return (
        # Focusable, so a keyboard can scroll a wide table sideways (tester63 F10).
        f'<div class="scroll" tabindex="0" role="region" aria-label="{escape(caption)}">'
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


CSS = """
:root{--ink:#1b1f24;--muted:#57606a;--ok:#1a7f37;--bad:#b42318;--wait:#9a6700;--bar:#2f5da8;--line:#d0d7de}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
main{max-width:62rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0 1rem}
h2{font-size:1.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1rem;margin:1rem 0 .4rem}
.verdict{font-size:1.25rem;font-weight:700;padding:.5rem .8rem;border-left:6px solid;margin:.5rem 0}
.ok{color:var(--ok)} .bad{color:var(--bad)} .wait{color:var(--wait)} .warn{color:var(--wait)}
.verdict.ok{border-color:var(--ok);background:#eaf6ee} .verdict.bad{border-color:var(--bad);background:#fdeceb}
.verdict.wait{border-color:var(--wait);background:#fff6e0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.8rem 0}
dt{color:var(--muted)} dd{margin:0}
.scroll{overflow-x:auto;margin:.6rem 0}
table{border-collapse:collapse;min-width:100%;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:right;vertical-align:top;white-space:nowrap}
th[scope=row]{text-align:left;white-space:normal;min-width:9rem}
td.text{text-align:left;white-space:normal;min-width:16rem}
td.id{text-align:left} td.gate{text-align:left;white-space:normal;min-width:8rem}
thead th{text-align:right;color:var(--muted);font-weight:600;white-space:normal}
thead th:first-child{text-align:left}
.id,.code,.delta{color:var(--muted);font-size:.85em}
.delta.down{color:var(--bad)} .delta.up{color:var(--ok)}
tr.gone th,tr.gone td{background:#fdeceb}
figure{margin:.6rem 0} figcaption{color:var(--muted);font-size:.85em}
svg{width:100%;height:auto;max-width:40rem;display:block}
svg text{font:13px system-ui,sans-serif;fill:var(--ink)} svg .legend{fill:var(--muted)}
rect.now{fill:var(--bar)} rect.before{fill:none;stroke:var(--ink);stroke-width:1}
rect.shared{fill:#f4c97a} line.hatch{stroke:#9a6700;stroke-width:2} rect.hatched{stroke:#9a6700}
.sparks{display:flex;flex-wrap:wrap;gap:1rem} .spark{width:14rem}
polyline.line{fill:none;stroke:var(--bar);stroke-width:2}
.cause{border-left:3px solid var(--line);padding-left:.8rem;margin:1rem 0}
.follow{color:var(--muted)} .fix{margin:.2rem 0}
.note{color:var(--muted)}
th[scope=row],td.text,dd,h3,.reasons,.kept,.stopped{overflow-wrap:anywhere}
.scroll:focus{outline:2px solid var(--bar);outline-offset:2px}
@media (max-width:600px){body{font-size:14px} main{padding:.6rem} th,td{padding:.25rem .35rem;white-space:normal}
 td.id{white-space:nowrap} th[scope=row]{min-width:7rem} td.text{min-width:10rem}
 caption{max-width:calc(100vw - 1.5rem)}}
@media print{main{max-width:none} .scroll{overflow:visible} h2{break-after:avoid} table,figure{break-inside:avoid}
 table{min-width:0;width:100%} th,td{white-space:normal} td.text{min-width:0}}
"""
