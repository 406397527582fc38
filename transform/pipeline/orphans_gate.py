"""The safety gate for students left with no parent at all: a guardians export missing whole families.

A contacts export that lacks every row of some students (a filtered or partly failed SIS job: rows
gone from the middle of the file, which X884's cut at a line's end cannot tell), or student rows
whose parent columns came blank, removes those students' parents and leaves the students
published with no parent. The removals are under the limits (20 students of 400 lost 21 parents:
4.6 % of the parents, 2.4 % of the users) and the set was published at exit 0 (tester69 F2). Real
families do not lose every guardian of many children in one night: a custody change takes one
parent (the other stays), a family re-keyed keeps its links under the new ID, and a senior who
graduates leaves with her parents (she is no longer published, so not counted here).

So the students of the last published set who had a parent or guardian linked, published again
tonight with none, are counted. At least AT_LEAST of them and SHARE or more of the last set's
linked students still published (a family or two of a small school is a night's news, not an
export's loss), or MANY whatever the share (a large district's filtered export of one school),
and the night is refused (X805, exit 1, the last set kept), naming the export parents are read
from, how many and the first few. --allow-incomplete publishes it anyway (said, X918), as it does
an export cut short (X884): the option a person gives for rows they know are gone. Not said after
--allow-rollover (a new school year's links are the new year's), nor when the night is refused
already for the guardians it lost (X884, X953, F446, X936, X810 say where they went). When the
run left guardians rows out or unlinked (V515, F409, V582), the message says so beside "missing",
and the step is to look at the rows, not only to export the file again.

A loss under the floor each night is counted on (review69 R5: a contacts export losing 9 more
families each night left 36 of 394 students with no parent in four nights, each exit 0). The
students a night published with no parent whom a set linked to one are kept in the state
(last.json's orphans, each with the as-of date since which it has none) and counted again the next
nights while they are published with none, for WINDOW_DAYS before tonight; once a night has been
refused (by any code: orphans-refused.json in the state folder, gone when a set is published),
before the last published set's as-of: X805's refusal stands, night after night, until a person
acts (--allow-incomplete, or the families back), never by the clock (review75 R1), while nights
that did not run at all age them as nights do (reviewer81 R1). A night with no set to compare with
(OUT emptied) carries them on (R3). Tonight's and theirs together are judged by the floor and the
share only, never by MANY, which is one night's news: a 5,000-student district's 4 a night (custody
changes, contact clean-up), 32 in a week, is 0.6 % of its students and publishes (review75 R2), while
9 a night of 394 refuse on the second night. A night --allow-incomplete publishes over X805, or
--allow-rollover, keeps none: the count starts again.

Held: the last set's linked students as 64-bit hashes (compact.IdSet), and tonight's students who
have no link, by ID (a few on an ordinary night); the state's orphans, under the floor or the share
(1 % of the linked students at most). Each users.csv is read once, columns only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transform.pipeline import flags_left_in, write
from transform.pipeline.compact import IdSet
from transform.pipeline.gate import Change, columns_of
from transform.pipeline.guardian_tails import guardian_exports
from transform.pipeline.read import SourceFile
from transform.pipeline.school_counts import PARENT_ROLES
from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 10  # as people_gate.LOST_AT_LEAST's students and parents: fewer is a night's news
SHARE = 1.0  # percent of the last set's students with a guardian, still published tonight
MANY = 25  # as X810's: that many students left without a parent in ONE night is no family's news, whatever the share
# days before the last published set's as-of the students it published with no parent are counted on:
# a failing export losing a few more families each night is refused within days, while a district's
# real losses, a few a week, stay under the floor or the share
WINDOW_DAYS = 7
EXAMPLES = 5
# The night refused already for the guardians it lost, by a code that says where they went.
SAID_BY = ("X884", "X953", "F446", "X936", "X810")
COLUMNS = ("sourcedId", "role", "agentSourcedIds", "givenName", "familyName")


def _links(row: tuple[str, ...]) -> list[str]:
    return [s.strip() for s in row[2].split(",") if s.strip()]


def _linked(users: Path) -> IdSet:
    """The students of a written users.csv linked to a parent or guardian, by either side's links."""
    linked = IdSet()
    for row in columns_of(users, *COLUMNS):
        if row[1] in PARENT_ROLES:
            for student in _links(row):
                linked.add(student)
        elif row[1] == "student" and row[2]:
            linked.add(row[0])
    return linked


@dataclass(slots=True)
class Orphans:
    """Tonight's students with no parent or guardian: `new`, those the last set linked (ID and name);
    `earlier`, those the state carries, published so on earlier nights (ID, name, the date since);
    `kept`, how many of the students either counts from are published tonight."""

    new: list[tuple[str, str]] = field(default_factory=list)
    earlier: list[tuple[str, str, str]] = field(default_factory=list)
    kept: int = 0

    def count(self) -> int:
        return len(self.new) + len(self.earlier)

    def share(self) -> float:
        return 100.0 * self.count() / self.kept if self.kept else 0.0

    def refused(self) -> bool:
        """MANY judges tonight's new losses alone; with the carried ones, the floor and the share."""
        return len(self.new) >= MANY or (self.count() >= AT_LEAST and self.share() >= SHARE)


def _orphans(then: IdSet, staged: Path, earlier: Mapping[str, str]) -> Orphans:
    """Tonight's students linked in the last set, or carried in the state (`earlier`), and linked to
    nobody tonight; how many of either tonight publishes."""
    tonight = IdSet()
    unlinked: list[tuple[str, str]] = []
    found = Orphans()
    for row in columns_of(staged / "users.csv", *COLUMNS):
        if row[1] in PARENT_ROLES:
            for student in _links(row):
                tonight.add(student)
        elif row[1] == "student" and (row[0] in then or row[0] in earlier):
            found.kept += 1
            if row[2]:
                tonight.add(row[0])
            else:
                unlinked.append((row[0], " ".join(n for n in row[3:5] if n)))
    for sid, name in unlinked:
        if sid in tonight:
            continue
        if sid in earlier and sid not in then:
            found.earlier.append((sid, name, earlier[sid]))
        else:
            found.new.append((sid, name))
    return found


def _day(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


REFUSED = "orphans-refused.json"  # in the state folder: the first night refused since the last publish


def carried(state: Mapping[str, Any], *, tonight: dt.date, state_folder: Path | None = None) -> dict[str, str]:
    """The state's orphans (student -> the date since) of the WINDOW_DAYS before tonight; or, once a
    night has been refused since the set the state records (`note_refused`), before that set's as-of:
    a refusal stands, night after night, until a person acts, and never ages out by the clock (review75
    R1). Any refused night, not X805's alone: a week refused by X906 while families went on missing
    aged the first nine out, and the eighteen were published at exit 0 (reviewer85 C1). Nights that
    did not run at all (a holiday fortnight) age them as nights do: measured from the last published
    set, nine families lost on 12 January and one on the 27th were refused together after two weeks
    without runs (reviewer81 R1)."""
    held, last = state.get("orphans"), _day(state.get("as_of"))
    if not isinstance(held, dict) or last is None:
        return {}
    refused = _refused_on(state_folder) if state_folder is not None else None
    anchor = last if refused is not None and refused >= last else max(last, tonight)
    start = anchor - dt.timedelta(days=WINDOW_DAYS)
    return {str(sid): str(since) for sid, since in held.items() if (day := _day(since)) and start <= day <= anchor}


def _refused_on(folder: Path) -> dt.date | None:
    try:
        data = json.loads((folder / REFUSED).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return _day(data.get("as_of")) if isinstance(data, dict) else None


def note_refused(folder: Path, as_of: dt.date) -> None:
    """A refused night: the carried students stop ageing until a set is published (`carried`). The
    first such night is kept: later ones change nothing. Written only while the state carries
    students: a refused night leaves the state as it was (test_school_year) unless there is a count
    to hold. A state folder it cannot write to leaves the refusal as it is (the carry then ages by
    the clock)."""
    if folder.is_dir() and _refused_on(folder) is None and _carries(folder):
        with contextlib.suppress(OSError):
            write.write_whole(folder / REFUSED, json.dumps({"as_of": as_of.isoformat()}) + "\n")


def _carries(folder: Path) -> bool:
    try:
        state = json.loads((folder / "last.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(state, dict) and bool(state.get("orphans"))


def forget_refused(folder: Path) -> None:
    """A set published: the count goes on from it. A marker left (it cannot be removed) is older than
    the set last.json records, and `carried` reads past it: the set published is not said unpublished
    for it (reviewer85 C2: X901, 'nothing published', every night)."""
    with contextlib.suppress(OSError):
        (folder / REFUSED).unlink(missing_ok=True)


def _keep(report: Report, found: Orphans, as_of: dt.date) -> None:
    """Tonight's published with no parent, for the state: the new since tonight, the carried since theirs."""
    start = as_of - dt.timedelta(days=WINDOW_DAYS)
    report.orphans.update({sid: as_of.isoformat() for sid, _ in found.new})
    report.orphans.update({sid: since for sid, _, since in found.earlier if since >= start.isoformat()})


# The codes a guardians row is left out or unlinked by though the export holds it (reviewer69 R3):
# no usable contact point, a relationship the profile leaves out, a student ID no export lists.
LEFT_OUT = (
    ("V515", "contacts with no usable email, phone or sms"),
    ("F409", "rows of a relationship the profile leaves out"),
    ("V582", "rows naming a student no export lists"),
)
EXPORT_AGAIN = "export it again whole"
ACCEPT = "--allow-incomplete publishes it anyway, if these families really have no guardian now"
FAILED = "(a filtered or partly failed export)"


def _lost(plan: Plan, sources: Mapping[str, SourceFile], report: Report, *, carried: bool) -> tuple[str, str]:
    """What the message says their families' rows became, naming the export parents are read from,
    and the step for it: rows the run left out or could not link tonight are said by their codes,
    since re-exporting a file that holds them changes nothing. `carried`: some have been so since
    earlier nights, not tonight alone (reviewer81 R6)."""
    # the exports read tonight: an optional contacts export the profile names and the district lacks is none
    rules = [rule for rule in plan.rules.get("users", ()) if rule.guardian is not None and rule.source in sources]
    contacts = guardian_exports(plan)
    names = ", ".join(sorted({sources[r.source].display for r in rules}))
    if not rules:
        return f"their parents are missing from the exports {FAILED}", EXPORT_AGAIN
    if not all(r.source in contacts for r in rules):
        when = "" if carried else " tonight"
        return f"the parent columns of their rows in {names} are blank or missing{when} {FAILED}", EXPORT_AGAIN
    found = [f"{cid}: {report.counts[cid]} {what}" for cid, what in LEFT_OUT if report.counts.get(cid)]
    if not found:
        return f"every row of their families is missing from the guardians export {names} {FAILED}", EXPORT_AGAIN
    return (
        f"their families' rows are missing from the guardians export {names} {FAILED}, or there but left out or not "
        f"linked tonight ({'; '.join(found)})",
        f"find their rows in {names}: correct them in the SIS (or the profile's rule) if they are there, "
        f"{EXPORT_AGAIN} if they are gone",
    )


def check(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    previous: Path,
    staged: Path,
    users: Change | None,
    *,
    allow_incomplete: bool,
    allow_rollover: bool,
    as_of: dt.date,
    earlier: Mapping[str, str] | None = None,
) -> None:
    """X805 when the students the last set linked to a parent and tonight's publishes linked to none
    are MANY, or with those the state carries (`earlier`: `carried`) at least AT_LEAST and SHARE % of
    those still published (the module's doc). Under it, they are kept for the state (Report.orphans)."""
    if allow_rollover:  # a new school year's links are the new year's: the count starts again
        _note_under_rollover(report, previous, staged, users)
        return
    if users is None or not (users.changed or users.removed):
        # no user changed: they are published as they were
        _keep(report, Orphans(earlier=[(sid, "", since) for sid, since in (earlier or {}).items()]), as_of)
        return
    if any(report.counts.get(code) for code in SAID_BY):
        return
    if not (previous / "users.csv").is_file() or not (staged / "users.csv").is_file():
        return
    found = _orphans(_linked(previous / "users.csv"), staged, earlier or {})
    if not found.refused():
        _keep(report, found, as_of)
        return
    _refuse(report, plan, sources, found, as_of, allow_incomplete=allow_incomplete)


def _note_under_rollover(report: Report, previous: Path, staged: Path, users: Change | None) -> None:
    """The students of the last set tonight publishes with no parent, MANY or more, noted for F454
    (flags_left_in): --allow-rollover skips X805, which a night no term change explains needs."""
    if users is None or not (users.changed or users.removed) or any(report.counts.get(code) for code in SAID_BY):
        return
    if not (previous / "users.csv").is_file() or not (staged / "users.csv").is_file():
        return
    found = _orphans(_linked(previous / "users.csv"), staged, {})
    if found.refused():
        lost = f"X805 ({found.count()} students the last set linked to a parent published with none)"
        flags_left_in.note(report, lost)


def carry_on(report: Report, staged: Path, earlier: Mapping[str, str], *, as_of: dt.date) -> None:
    """With no set to compare with (OUT emptied, X973), the students carried are carried on while
    tonight's set publishes them with no parent: forgotten, nine more the next night were published
    with the nine at exit 0 (reviewer81 R3)."""
    if earlier and (staged / "users.csv").is_file():
        _keep(report, _orphans(IdSet(), staged, earlier), as_of)


def _held(found: Orphans, as_of: dt.date) -> tuple[str, str]:
    """The words for the students published with no parent on earlier nights, and the step for them:
    the SIS has held them so for days, which an export again whole does not change (review75 R5)."""
    if not found.earlier:
        return "", ""
    since = min(since for _, _, since in found.earlier)
    days = (as_of - (_day(since) or as_of)).days
    plural = "" if days == 1 else "s"
    held = (
        f"; {len(found.earlier)} of them were published so on earlier nights (since {since}, and the SIS still "
        f"has them with no parent {days} day{plural} later), each night's loss too few to refuse alone: a loss "
        "that grows night by night, or real changes"
    )
    step = (
        "if these families really changed in the SIS, rerun with --allow-incomplete to accept it (the count "
        "starts again); if not, "
    )
    return held, step


def _refuse(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    found: Orphans,
    as_of: dt.date,
    *,
    allow_incomplete: bool,
) -> None:
    lost, fix = _lost(plan, sources, report, carried=bool(found.earlier))
    held, step = _held(found, as_of)
    everyone = found.new + [(sid, name) for sid, name, _ in found.earlier]
    shown = everyone[:EXAMPLES]
    more = f" and {len(everyone) - len(shown)} more" if len(everyone) > len(shown) else ""
    people = "; ".join(f"{sid} ({name or 'no name'})" for sid, name in shown) + more
    whom = "a published set" if found.earlier else "the last published set"
    if allow_incomplete:
        detail = f"{found.count()} students {whom} linked to a parent published with none{held} ({lost})"
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        return
    report.add(
        codes.code("students-left-without-guardians"),
        Where(table="users"),
        count=found.count(),
        whom=whom,
        linked=found.kept,
        percent=f"{found.share():.1f}",
        earlier=held,
        lost=lost,
        fix=step + fix + ("" if step else f" ({ACCEPT})"),  # the step names --allow-incomplete: said once
        people=people,
        people_redacted="; ".join(f"{sid} (<redacted>)" for sid, _ in shown) + more,
    )
