"""The safety gate between a staged set and the published one.

Tonight's export can be broken (half the students missing) and nobody is watching: the new
set is compared with the last published one, file by file, and a set that would remove more
than the limit is refused. What was published, when, and from how many input rows is kept in
a state folder beside the output (`.<out>.transform/`), never inside it: the output holds the
upload set alone.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import errno
import filecmp
import functools
import json
import shutil
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transform.cleaners.school_year import NORTHERN, SchoolYear
from transform.pipeline import (
    blanked_keep_out,
    edited_values,
    flags_left_in,
    former_students,
    held_back,
    identity,
    patterned_left,
    set_damage,
    set_files,
    set_sql,
    unheld_classes,
    write,
)
from transform.pipeline.compact import CompactMap, IdSet, hex_hash, id_hash, short_hash
from transform.pipeline.ended_gone import AWAITED, AWAITED_STUDENTS, TermsTonight, awaited_damage
from transform.pipeline.excluded_schools import RECORD as EXCLUDED
from transform.pipeline.excluded_schools import record_damage as excluded_damage
from transform.pipeline.filters import SCHOOL_YEAR_GAP_DAYS, Ended, HeldTerms, Term, TermDue
from transform.pipeline.lookups import NARROW_JOINS
from transform.pipeline.read import matches_source
from transform.pipeline.rows import who_of
from transform.pipeline.set_files import records_of as records_of  # the gate checks import it from here
from transform.pipeline.sql_nulls import KEY as SQL_NULLS
from transform.pipeline.sql_nulls import sql_nulls_damage
from transform.pipeline.state_place import named_state_folder as named_state_folder
from transform.pipeline.state_place import state_folder as state_folder
from transform.pipeline.tails_record import damage as tails_damage
from transform.pipeline.term_moved_back import ACCEPTED, accepted_damage, accepted_ends
from transform.profile.compile import CLASS_TABLE, DEFAULT_YEAR_LONG_DAYS, SourcePlan
from transform.profile.templates import normalize_column
from transform.report import codes
from transform.report.codes import Code, Severity
from transform.report.lookalike import pair
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

GATED = ("users", "classes", "enrollments")  # files whose shrinking refuses a publish
COMPARED = ("orgs", "users", "demographics", "classes", "enrollments")
SHRUNK_BELOW = 0.5  # an export with under half of last run's rows is refused
# An export with fewer than one row in this many of last run's is no cut or filtered export but
# the size of a changes-only (delta) one, labelled bulk or not: its step is a full export, not
# accepting the drop (tester44 F13 item 6: a OneRoster users.csv of 30 rows for 4,757).
DELTA_TIMES = 100
OVERDUE_DAYS = 80  # Remind drops a district after 90 days without an upload
# An export refused already as lost, empty, shrunk or cut (X991, X910, X907, X957): the values
# it took from tonight's set (birth dates, a column) are its fault, said once by those codes.
EXPORT_REFUSED = ("X991", "X910", "X907", "X957")


@dataclass(slots=True)
class Change:
    previous: int = 0
    now: int = 0
    added: int = 0
    removed: list[str] = field(default_factory=list)
    changed: int = 0
    # Removed records the calendar explains: sourcedId -> "TERM ended DATE" of their class.
    ended: dict[str, str] = field(default_factory=dict)
    # Removed records whose class is left out tonight as in a term that ended, which does not
    # explain it (`calendar_explains`): sourcedId -> why not (X948). They count as removals.
    moved: dict[str, str] = field(default_factory=dict)
    # Removed records of a class tonight's exports no longer hold (last year's, at the August
    # rollover), each of whose terms had ended by tonight by the dates the last published set
    # recorded (last.json): sourcedId -> "TERM ended DATE, by the last published set". Said in the
    # removals list only (`_write_removals`): they count as removals, as a new school year does.
    ended_then: dict[str, str] = field(default_factory=dict)
    # Of `ended_then`, those whose class's terms ended since the last set was made while tonight's
    # set holds classes of the term that followed them in the school year (`_term_replaced`): the
    # term change of a SIS job exporting the current term only. The calendar explains them (into
    # `ended`) unless tonight's set leaves students in no class (`explain_terms_replaced`).
    replaced: dict[str, str] = field(default_factory=dict)
    # Of the classes of `replaced` (classes.csv's only), those gone because their term ended by
    # tonight's terms export too, at a school whose next term has not begun tonight
    # (ended_gone.TermsTonight.between_terms): their students are in no class by the calendar.
    between: set[str] = field(default_factory=set)
    # Of the removed classes of `ended` (but those rostered ahead) and of `ended_then` (classes.csv's only): the
    # last day of the term their words say ended ("TERM ended DATE"), as data (published_ended.thin_followers).
    ended_on: dict[str, dt.date] = field(default_factory=dict)
    # The records added, of users.csv (pipeline.people_gate) and classes.csv (pipeline.class_gate) only.
    added_ids: IdSet = field(default_factory=IdSet)
    # Removed records of a school an own settings.exclude_schools entry added since the last set
    # leaves out (pipeline.excluded_left, X876): out of `removed` and `previous`, so that no gate
    # counts them; the admin's decision, published.
    excluded: list[str] = field(default_factory=list)

    @property
    def removed_share(self) -> float:
        return len(self.removed) / self.previous if self.previous else 0.0

    @property
    def unexplained(self) -> int:
        """The removals no ended term explains."""
        return len(self.removed) - len(self.ended)

    @property
    def unexplained_share(self) -> float:
        return (len(self.removed) - len(self.ended)) / self.previous if self.previous else 0.0

    def as_dict(self) -> dict[str, int]:
        return {
            "previous": self.previous + len(self.excluded),
            "now": self.now,
            "added": self.added,
            "removed": len(self.removed) + len(self.excluded),
            "changed": self.changed,
            # the removals an ended term explains, which the limit does not count (the HTML page's gate)
            **({"term_ended": len(self.ended)} if self.ended else {}),
            # those of a school the profile left out tonight (X876), which no limit counts
            **({"school_excluded": len(self.excluded)} if self.excluded else {}),
        }


@dataclass(frozen=True, slots=True)
class Night:
    """What the gates that compare tonight's set with the last one published (held: api._safety_gate)
    are given beside their own findings and limits: the last set, tonight's changes to it, where the
    removals are listed, --allow-rollover, tonight's staged set, what changed since the last set
    (`made_since`), and whether the whole-file gate listed the removals tonight (`listed`)."""

    report: Report
    previous: Path
    changes: dict[str, Change]
    removals: Path
    allow_rollover: bool
    staged: Path
    since: str = ""
    listed: bool = False
    # A new school year's night (pipeline.new_year): the words a removal refusal says first, else "".
    new_year: str = ""


def settle_state_folder(out_dir: Path, report: Report) -> None:
    """A state folder kept beside a link to OUT (as this tool kept it before) is moved beside the
    folder the link points to, and said (X965, a warning). When both exist, each with its own
    record of the same published folder, which one tells the truth is not known: refused (X966),
    nothing read or written."""
    old, new = named_state_folder(out_dir), state_folder(out_dir)
    if old == new or not (old.is_dir() and not old.is_symlink()):
        return
    with contextlib.suppress(OSError):
        if new.exists() and old.samefile(new):  # a link above OUT: one folder under two names
            return
    if new.exists() or new.is_symlink():
        if not old.exists():  # another run moved it meanwhile
            return
        raise TransformAbort(
            [Problem(codes.code("state-folder-two"), Where(), {"out": out_dir, "named": old, "real": new})]
        )
    try:
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            old.rename(new)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            partial = new.with_name(f"{new.name}.partial")  # another file system: copied, then renamed
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(old, partial, symlinks=True)
            partial.rename(new)
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise TransformAbort(
            [
                Problem(
                    codes.code("output-unwritable"),
                    Where(file=str(old)),
                    {"folder": out_dir, "detail": f"moving {old} to {new}: {exc.strerror or exc}"},
                )
            ]
        ) from None
    report.add(codes.code("state-folder-moved"), Where(), out=out_dir, named=old, real=new)


def read_state(out_dir: Path) -> dict[str, Any]:
    """The record of the last publish; {} before the first. One that exists but is not what
    this tool writes (hand-edited, another tool's, damaged) stops the run: the export-size
    checks would silently lose their reference. Each key is checked by the one check of its shape
    its reader keeps (RECORDED): a key read past turned the gate that reads it off, the wrong set
    at exit 0 (tester75 O1, O2; reviewer150 R1, R2)."""
    path = state_folder(out_dir) / "last.json"
    data = read_record(path)
    if damage := recorded_damage(data, RECORDED):
        raise damaged(path, damage[1], damage[0].step(data, path) if damage[0].step else "")
    return data


@dataclass(frozen=True, slots=True)
class Recorded:
    """The check of a last.json key's shape ('' when it reads, or is not there), and the key's own
    step where moving last.json aside is not it (`step`: the state and its path)."""

    damage: Callable[[Mapping[str, Any]], str]
    step: Callable[[Mapping[str, Any], Path], str] | None = None


def recorded_damage(data: Mapping[str, Any], keys: Mapping[str, Recorded]) -> tuple[Recorded, str] | None:
    """The first of `keys` whose check says `data` does not read: the check and why. Keys sharing one check
    (a record of two keys: AWAITED and AWAITED_STUDENTS, blanked_keep_out's, former_students') run it once."""
    for check in dict.fromkeys(keys.values()):
        if detail := check.damage(data):
            return check, detail
    return None


def _counts_damage(key: str) -> Callable[[Mapping[str, Any]], str]:
    def damage(data: Mapping[str, Any]) -> str:
        counts = data.get(key, {})
        if isinstance(counts, dict) and all(type(n) is int for n in counts.values()):
            return ""
        return f"{key!r} is not a table of row counts"

    return damage


def _flag_damage(key: str) -> Callable[[Mapping[str, Any]], str]:
    """A flag last.json writes only as true: any other value ('x' read as true waived a refusal)."""

    def damage(data: Mapping[str, Any]) -> str:
        return "" if data.get(key, True) is True else f"{key!r} is {data[key]!r}, not true"

    return damage


def _text_damage(key: str, what: str, *, day: bool = False) -> Callable[[Mapping[str, Any]], str]:
    def damage(data: Mapping[str, Any]) -> str:
        value = data.get(key, "")
        if isinstance(value, str) and (not day or key not in data or _iso_day(value)):
            return ""
        return f"{key!r} is {value!r}, not {what}"

    return damage


def _published_damage(data: Mapping[str, Any]) -> str:
    """published_at as this tool writes it, an ISO time: one that is not read turned the 90-day clock
    off (check_overdue: X909, X996 never said, reviewer156 R3)."""
    if "published_at" not in data:
        return ""
    value = data["published_at"]
    if isinstance(value, str) and days_since(value, dt.datetime.now(dt.UTC)) is not None:
        return ""
    return f"'published_at' is {value!r}, not a date and time (2026-10-15T02:00:00+00:00)"


def columns_damage(data: Mapping[str, Any]) -> str:
    """Why last.json's columns (`last_columns`) cannot be read; '' when they can, or are not there (a set
    published before they were recorded: judged by tonight's header alone, as then). Read past ('x',
    an export's 'x'), a keep-out column gone tonight was not known to have been there and X936 was
    off: the withdrawn back at exit 0 (reviewer150 R2)."""
    held = data.get("columns", {})
    if not isinstance(held, dict):
        return f"'columns' is a JSON {type(held).__name__}, not a table of exports and their columns"
    for name, keys in held.items():
        if not (isinstance(keys, list) and all(isinstance(key, str) for key in keys)):
            return f"'columns' gives export {name!r} {json.dumps(keys)[:80]}, not a list of columns"
    return ""


def sessions_damage(data: Mapping[str, Any]) -> str:
    """Why last.json's sessions (session_variants.recorded_sessions) cannot be read; '' when they can."""
    held = data.get("sessions", {})
    if not isinstance(held, dict):
        return f"'sessions' is a JSON {type(held).__name__}, not a table of sessions and dates"
    for key, dates in held.items():
        if not (isinstance(dates, list) and len(dates) == 2 and all(isinstance(d, str) for d in dates)):
            return f"'sessions' gives session {key!r} {json.dumps(dates)[:80]}, not two dates"
    return ""


def _carry_damage(data: Mapping[str, Any]) -> str:
    """Why the students published with no parent that last.json carries (`orphans`, counted from its
    `as_of`: pipeline.orphans_gate) cannot be read; '' when they can. Read past, the carry was lost
    without a word, and a loss refused once it had grown over nights published at exit 0 (reviewer81
    R5): a hand-edited or damaged carry stops the run as the record's counts do."""
    if "orphans" not in data:
        return ""
    held, as_of = data["orphans"], data.get("as_of")
    if not isinstance(held, dict):
        return f"'orphans' is a JSON {type(held).__name__}, not a table of students and dates"
    if held and not (isinstance(as_of, str) and _iso_day(as_of)):
        return f"'as_of' is {as_of!r}, not a date, and 'orphans' is counted from it"
    for student, since in held.items():
        # not compared with as_of: a night re-run for an earlier day (--allow-earlier-as-of) carries later dates
        if not (isinstance(since, str) and _iso_day(since)):
            return f"'orphans' gives student {student!r} {since!r}, not a date"
    return ""


def _latest_damage(data: Mapping[str, Any]) -> str:
    """Why last.json's latest_as_of (`check_as_of`) cannot be read; '' when it can, or is not there (a set
    published by a version that did not record it: judged by the last set's as-of alone, as then)."""
    value = data.get(LATEST_AS_OF)
    if LATEST_AS_OF not in data or (isinstance(value, str) and _iso_day(value)):
        return ""
    return f"'{LATEST_AS_OF}' is {value!r}, not a date"


def _as_of_damage(data: Mapping[str, Any]) -> str:
    """Why last.json's as_of (the last set's day: `check_as_of` and the gates counting from it) cannot be
    read; '' when it can, or is not there. Read past, a date of another form ('15/10/2026') turned X803 off
    although latest_as_of was intact: a night five days earlier published at exit 0 (tester75 O1)."""
    value = data.get("as_of")
    if "as_of" not in data or (isinstance(value, str) and _iso_day(value)):
        return ""
    return f"'as_of' is {value!r}, not a date"


def _iso_day(text: str) -> bool:
    """Whether `text` is a date as this tool writes it (2026-10-15)."""
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def read_record(path: Path) -> dict[str, Any]:
    """A JSON object of the state folder; {} when there is none. One that cannot be read, or is
    not an object, is damaged (X930)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeError) as exc:
        raise damaged(path, getattr(exc, "strerror", None) or str(exc)) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise damaged(path, f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise damaged(path, f"a JSON {type(data).__name__}, not an object")
    return data


def damaged(path: Path, detail: str, step: str = "", *, fix: str = "") -> TransformAbort:
    """The refusal of a state file that exists but is not what this tool writes (X930): `detail` says
    what does not read, never how to mend it; the step is moving the file named aside (`aside_step`),
    or a key's `step` where that is not it (usernames_held). The message's fix fits them: `fix` (the
    file's own words: delivered.json's), a key's own step (not said twice where `detail` holds it), else
    last.json's (its aside loses what F452 says), else moving the file aside (state61: last.json's words,
    F452's checks, were said of every file and beside a key's own step)."""
    if not fix:
        fix = step if step else codes.LAST_JSON_FIX if path.name == "last.json" else "move it aside and rerun"
    said = "do as said before it (its own step), not move the file aside" if fix in detail else fix
    params = {"file": path, "detail": detail, "step": step or aside_step(path), "fix": said}
    return TransformAbort([Problem(codes.code("state-damaged"), Where(file=str(path)), params)])


# What moving last.json aside leaves to a person: F452's checks, on the first night that publishes.
LAST_ASIDE_THEN = (
    "The run then compares with the set OUT holds, by ID, and the first night that publishes says F452 "
    "(exit 1): before that set is uploaded, check what only last.json could: that each export is whole (its "
    "line count against the night before's), and that no column that leaves people out (an end date, a "
    "status) came blank or went from its export (X877, X936), which puts the people it left out back in the set."
)


def aside_step(path: Path, then: str = LAST_ASIDE_THEN) -> str:
    """X930's step for the state file `path` names (last.json, delivered.json: reviewer156 R1), a whole
    sentence: rename that file aside in its folder, the others left as they are, and rerun; `then`, what
    the next run does without it (last.json's: F452's checks)."""
    name = path.name
    return (
        f"Rename {name} in {path.parent} (mv {name} {name}.damaged), leaving the state folder's other files "
        f"(identities.csv, lock) as they are, and rerun. {then}"
    )


# last.json: the latest as-of day a set was published for into OUT (`check_as_of`, reviewer113 R3)
LATEST_AS_OF = "latest_as_of"


# What made a set, kept with it: a set that changes much after an upgrade or a profile edit may be
# the rule's doing, not the export's (`made_since`).
_MADE_BY = ("tool_version", "profile_digest", "own_profile_digest")


# What a removal refusal compares with (X906, X953, X960): the last published set, or, after an
# upload that failed, the last set delivered, which the server holds (tester47 F7.13: "against the
# last published set" of a comparison with the delivered one, twice as far away).
AGAINST_PUBLISHED = "the last published set"
AGAINST_DELIVERED = "the last set delivered (the server's: the sets published since did not reach it)"


def against(report: Report) -> str:
    return AGAINST_DELIVERED if report.facts.get("compared_with") == "delivered set" else AGAINST_PUBLISHED


def profile_changed(state: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    """Whether the district's profile changed since the last published set: its own files (an
    upgrade changing a bundled profile it extends is the tool upgraded); a last.json written before
    the own digest was kept tells only the whole profile's."""
    for key in ("own_profile_digest", "profile_digest"):
        before, now = state.get(key), facts.get(key)
        if isinstance(before, str) and before and now:
            return bool(before != now)
    return False


def made_since(state: dict[str, Any], facts: dict[str, Any]) -> str:
    """What changed in the making of the set since the last published one, for the gate's
    refusals to say: '' when nothing did, or the last set's state does not tell."""
    changed = []
    before, now = state.get("tool_version"), facts.get("tool_version")
    if isinstance(before, str) and before and now and before != now:
        went = "downgraded" if _version(before) > _version(str(now)) else "upgraded"
        changed.append(f"the tool was {went} ({before} -> {now})")
    if profile_changed(state, facts):
        changed.append("the profile was changed")
    if not changed:
        return ""
    return f"; since it was published, {' and '.join(changed)}: a changed rule may explain the difference"


def _version(text: str) -> tuple[int, ...]:
    """A version's numbers ('1.10.2' after '1.9.0'); what is not a number counts as 0."""
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("+")[0].split("."))


def write_state(out_dir: Path, report: Report, *, now: dt.datetime, as_of: dt.date | None = None) -> None:
    write_record(out_dir, state_record(report, now=now, as_of=as_of))


def state_record(
    report: Report,
    *,
    now: dt.datetime,
    as_of: dt.date | None = None,
    terms: Mapping[str, Term] | None = None,
    columns: Mapping[str, Iterable[str]] | None = None,
    named: Mapping[str, Term] | None = None,
) -> dict[str, Any]:
    """What last.json says of a set published now: known before the swap (pipeline.publishing
    keeps it beside the swap, for a run killed before it is written). `terms`: the terms its
    classes are rostered for, by term ID, with their dates (`held_terms` reads them back).
    `named`: every term its classes name; those not in `terms` (a quarter that ended before, of a
    semester class named by its two quarters) are terms_named, which only the gate reads: a class
    is gone with its terms when the last of them has ended (`compare`'s ends_then, tester65 F1).
    `columns`: the columns each export held, by source, as the profile reads them (`last_columns`
    reads them back: a column a keep-out condition reads, missing tonight, was there, tester44 F3)."""
    return {
        **({"as_of": as_of.isoformat()} if as_of is not None else {}),
        # The latest day a set was published for into OUT: a set --allow-earlier-as-of published for an
        # earlier day does not lower it (`check_as_of`)
        **({LATEST_AS_OF: report.facts[LATEST_AS_OF]} if report.facts.get(LATEST_AS_OF) else {}),
        **{key: report.facts[key] for key in _MADE_BY if report.facts.get(key)},
        "published_at": now.isoformat(timespec="seconds"),
        "rows_read": dict(report.rows_read),
        "rows_written": dict(report.rows_written),
        # Classes mostly without owner published only by --allow-incomplete (X918): the next night's
        # X980 is not waived for a last set so (pipeline.seen_values.check_owners, tester44 F6).
        **({"owners_allowed": True} if report.facts.get("owners_allowed") else {}),
        # Per school, the last day of a term whose classes went between two terms: its next term's
        # classes are awaited on the nights after (ended_gone.awaited, reviewer92 R1).
        **({AWAITED: report.facts[AWAITED]} if report.facts.get(AWAITED) else {}),
        # ... and how many students those classes held there: the next term arrives with at least half.
        **({AWAITED_STUDENTS: report.facts[AWAITED_STUDENTS]} if report.facts.get(AWAITED_STUDENTS) else {}),
        # The district's own settings.exclude_schools entries, and whether each matched a school: the
        # next night's X825 judges an entry new, or one that matched then (pipeline.excluded_schools).
        **({EXCLUDED: report.facts[EXCLUDED]} if report.facts.get(EXCLUDED) else {}),
        # Parents' links that share no more names with their students than by chance, published by
        # --allow-incomplete (X918): later nights so are not refused again (pipeline.family_names).
        **({"family_names_allowed": True} if report.facts.get("family_names_allowed") else {}),
        **(
            {"terms": {key: [t.name, t.start.isoformat(), t.end.isoformat()] for key, t in sorted(terms.items())}}
            if terms
            else {}
        ),
        **_terms_named(named or {}, terms or {}),
        **_terms_due(report.terms_due),
        **({"columns": {name: sorted(keys) for name, keys in sorted(columns.items())}} if columns else {}),
        # Keys current rows named that no people row had (report.users_missed: an orphan schedule
        # row): the next night's X882 is not told by them, they made none of this set's enrolments
        # (pipeline.missing_rows, review of stop 47).
        "users_missed": sorted([s, k] for s, k in report.users_missed),
        # A parent's links to a child said lost to a mistyped row (V557): said again the next night
        # while the row stays so (pipeline.links_gate); a few, as their IDs.
        **({"links_lost": sorted(list(link) for link in report.links_lost)} if report.links_lost else {}),
        # Parents whose rows disagreed or were blank (hashes, the baseline carried): the next night tells
        # an edit by them. Always written (an empty record too): a last.json without it is of a version
        # before, which tells nothing of the rows (edited_values.recorded: unknown, review138 R2).
        "guardian_values": dict(sorted(report.guardian_values.items())),
        # Students published with no parent whom a set linked to one, with the as-of date since
        # (pipeline.orphans_gate): counted again the next nights, a loss under the floor each night.
        **({"orphans": dict(sorted(report.orphans.items()))} if report.orphans else {}),
        # The shared usernames the last set's holder kept (pipeline.usernames): kept again with OUT emptied.
        **({"username_holders": dict(sorted(report.username_holders.items()))} if report.username_holders else {}),
        # Former students' addresses parents were read with (pipeline.former_students, reviewer106 R1): V574 the
        # nights after the student left the set, as the night they did.
        **({"student_addresses": report.student_addresses} if report.student_addresses else {}),
        # ... and the as-of dates of the published sets their window counts over: a summer, when nothing is
        # published, does not age them (tester61 Y2b).
        **(
            {"student_addresses_nights": report.student_address_nights}
            if report.student_addresses and report.student_address_nights
            else {}
        ),
    }


def _terms_named(named: Mapping[str, Term], current: Mapping[str, Term]) -> dict[str, Any]:
    """terms_named: name, first and last day, and the school where the term has one (`_held_named`)."""
    others = {key: t for key, t in named.items() if key not in current}
    if not others:
        return {}
    return {
        TERMS_NAMED: {
            key: [t.name, t.start.isoformat(), t.end.isoformat(), *([t.school] if t.school else [])]
            for key, t in sorted(others.items())
        }
    }


# last.json: the terms a set's classes name besides their current ones (`state_record`'s `named`).
TERMS_NAMED = "terms_named"


def named_damage(state: Mapping[str, Any]) -> str:
    """Why last.json's terms_named cannot be read; '' when they can, or are not there. Read past, a
    damaged entry was dropped without a word, and a marking period the set's classes named, its
    sections later exported without it, was a break at exit 0 (reviewer128 R5): X930, as the other
    carried keys."""
    held = state.get(TERMS_NAMED, {})
    if not isinstance(held, dict):
        return f"{TERMS_NAMED!r} is a JSON {type(held).__name__}, not a table of terms"
    for term_id, value in held.items():
        if not _term_reads(value, (3, 4)):
            return f"{TERMS_NAMED!r} gives term {term_id!r} {json.dumps(value)[:120]}, not a name and two dates"
    return ""


def terms_damage(state: Mapping[str, Any]) -> str:
    """Why last.json's terms (its set's classes' terms, `held_terms`) cannot be read; '' when they can,
    or are not there. A damaged entry crashed the gate (IndexError, exit 3) or was dropped without a
    word, its classes' term judged unknown (tester75's sweep, state60): X930, as terms_named."""
    held = state.get("terms", {})
    if not isinstance(held, dict):
        return f"'terms' is a JSON {type(held).__name__}, not a table of terms"
    for term_id, value in held.items():
        if not _term_reads(value, (3,)):
            return f"'terms' gives term {term_id!r} {json.dumps(value)[:120]}, not a name and two dates"
    return ""


def _term_reads(value: object, sizes: tuple[int, ...]) -> bool:
    """A term as last.json writes it: [name, start, end(, school)], the dates ISO days."""
    return (
        isinstance(value, list)
        and len(value) in sizes
        and all(isinstance(cell, str) for cell in value)
        and all(_day_or_none(cell) for cell in value[1:3])
    )


def _day_or_none(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _terms_due(found: Iterable[TermDue]) -> dict[str, Any]:
    """The schools X977 found on a night published with --allow-incomplete, and on each night after
    while it still finds them (filters.TermDue): the accepted one, and the others' ended term."""

    def said(term: Term) -> list[str]:
        return [term.name, term.start.isoformat(), term.end.isoformat(), *([term.key] if term.key else [])]

    due = [[d.school, said(d.ended), said(d.term), d.accepted] for d in found]
    return {"terms_due": due} if due else {}


def _due_recorded(recorded: Any) -> tuple[TermDue, ...]:
    """`_terms_due`, read back: a last.json without them (an earlier version's) carries none; one
    that does not read stops the night at the gate (`_terms_due_damage`, X930), so none is read here."""
    if _terms_due_damage({"terms_due": recorded} if recorded is not None else {}):
        return ()
    due = []
    for school, ended, term, accepted in recorded or ():
        made = [
            Term(school, n, dt.date.fromisoformat(a), dt.date.fromisoformat(b), key=k[0] if k else "")
            for n, a, b, *k in (ended, term)
        ]
        due.append(TermDue(school, made[0], made[1], accepted))
    return tuple(due)


def _terms_due_damage(data: Mapping[str, Any]) -> str:
    """Why last.json's terms_due (`_terms_due`) cannot be read; '' when it can, or is not there (a set
    published by a version that did not record it). Read past, the schools it carries were forgotten
    without a word and published without their new term at exit 0 (reviewer96 R4)."""
    if "terms_due" not in data:
        return ""
    recorded = data["terms_due"]
    if not isinstance(recorded, list):
        return f"'terms_due' is a JSON {type(recorded).__name__}, not a list of schools and terms"
    for entry in recorded:
        if not _due_entry_reads(entry):
            return f"'terms_due' holds {json.dumps(entry)[:120]}, not a school, two terms and true or false"
    return ""


def _due_entry_reads(entry: Any) -> bool:
    """One entry of terms_due as `_terms_due` writes it: [school, [name, start, end(, key)] twice, accepted]."""
    if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[0], str) and isinstance(entry[3], bool)):
        return False
    return all(
        isinstance(term, list)
        and len(term) in (3, 4)
        and all(isinstance(cell, str) for cell in term)
        and _iso_day(term[1])
        and _iso_day(term[2])
        for term in entry[1:3]
    )


def links_lost_damage(state: Mapping[str, Any]) -> str:
    """Why `state_record`'s links_lost cannot be read; '' when they can, or are not there. Read past (a
    string, an entry 'x' or of two IDs), the links V557 said were dropped, and the next night, the row
    still mistyped, published the parent without the child at exit 0 and no V557 (state60b's sweep)."""
    held = state.get("links_lost", [])
    if not isinstance(held, list):
        return f"'links_lost' is a JSON {type(held).__name__}, not a list of links"
    for link in held:
        if not (isinstance(link, list) and len(link) == 3 and all(isinstance(i, str) for i in link) and all(link[:2])):
            said = json.dumps(link)[:120]
            return f"'links_lost' gives {said}, not a parent, a student and the ID given instead"
    return ""


def links_lost_recorded(state: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """`state_record`'s links_lost, read back (none from a last.json without them)."""
    held = state.get("links_lost")
    return [
        (str(link[0]), str(link[1]), str(link[2]))
        for link in (held if isinstance(held, list) else [])
        if isinstance(link, list) and len(link) == 3
    ]


def missed_recorded(state: Mapping[str, Any]) -> frozenset[tuple[str, str]] | None:
    """`state_record`'s users_missed, read back; None from a last.json written before it was
    recorded (which keys were missed then is not known)."""
    held = state.get("users_missed")
    if not isinstance(held, list):
        return None
    return frozenset((str(p[0]), str(p[1])) for p in held if isinstance(p, list) and len(p) == 2)


# The pairs of students V553 said (pipeline.student_twice), each a hash of the two IDs: not said again.
STUDENTS_TWICE = "students_twice"
# The short rows I277 asked for (pipeline.suspect_drops), each a hash of its cells: the same row
# unchanged is not asked again.
SHIFTED_ASKED = "shifted_rows_asked"
# The leaver values P131 asked about (pipeline.leaver_values), each a hash of its rule, condition and value.
VALUES_ASKED = "values_asked"  # P131's values asked once (a leaver value, a parents' column)
# The people new_tail found named tonight and absent after the end of their export in order of its ID, on a
# night the set was published (pre-registered students, or a cut --allow-incomplete published): a hash each,
# not counted for X722 again.
NEW_ROWS_SEEN = "new_rows_seen"


def asked_key(source: str, column: str, value: str) -> str:
    """A value asked once (VALUES_ASKED): its export, column and value, not the condition's words nor the
    rule's name (following one ask's step, a value added to the condition, asks no other again: review194 R5)."""
    parts = (source, normalize_column(column), value.strip().casefold())
    return hex_hash("\x00".join(parts).encode("utf-8", "surrogatepass"))


def _hashes_damage(key: str, what: str) -> Callable[[Mapping[str, Any]], str]:
    """Why a key holding a list of 16-hex-digit hashes (one per `what`) cannot be read; '' when it can, or is
    not there. Read past (a string, an entry of another shape), every one recorded was said again, and an entry
    hand-added kept one quiet: `students_twice` (V553's pairs), `shifted_rows_asked` (I277's rows)."""

    def damage(state: Mapping[str, Any]) -> str:
        held = state.get(key, [])
        if not isinstance(held, list):
            return f"'{key}' is a JSON {type(held).__name__}, not a list of {what}s"
        for entry in held:
            if not (isinstance(entry, str) and len(entry) == 16 and all(c in "0123456789abcdef" for c in entry)):
                return f"'{key}' gives {json.dumps(entry)[:60]}, not a {what}'s 16 hex digits"
        return ""

    return damage


def recorded_hashes(state: Path | None, key: str) -> frozenset[str]:
    """The hashes last.json's `key` recorded (none without one, or from a version before it). A damaged
    record is read as none: the gate refuses the night (X930, RECORDED)."""
    try:
        data = json.loads((state / "last.json").read_text(encoding="utf-8")) if state is not None else {}
    except (OSError, UnicodeDecodeError, ValueError):
        return frozenset()
    held = data.get(key) if isinstance(data, dict) else None
    return frozenset(entry for entry in held if isinstance(entry, str)) if isinstance(held, list) else frozenset()


shifted_asked_damage = _hashes_damage(SHIFTED_ASKED, "row")
students_twice_damage = _hashes_damage(STUDENTS_TWICE, "pair")
values_asked_damage = _hashes_damage(VALUES_ASKED, "value")
new_rows_seen_damage = _hashes_damage(NEW_ROWS_SEEN, "person")


def new_rows_seen_step(state: Mapping[str, Any], path: Path) -> str:
    """X930's step for a damaged new_rows_seen (review213 R5): moving last.json aside, and what it brings back."""
    return (
        f"{codes.LAST_JSON_FIX}; the people --allow-incomplete published without (I256) are then counted again: "
        "X722 may refuse the next night once, and another --allow-incomplete run (or the source's "
        "leaves_out_preregistered: true, for an export of active people only) publishes it"
    )


# last.json's keys, each with the one check of its shape, its reader's (`read_state` runs them all):
# tests/test_state_damaged_keys lists the keys the state writers write, and fails on one neither
# here nor read past on purpose (its READ_PAST, with why).
_TERMS_KEYS: dict[str, Recorded] = {
    ACCEPTED: Recorded(accepted_damage),
    TERMS_NAMED: Recorded(named_damage),
    "terms": Recorded(terms_damage),
}
RECORDED: dict[str, Recorded] = {
    "rows_read": Recorded(_counts_damage("rows_read")),
    "rows_written": Recorded(_counts_damage("rows_written")),
    "published_at": Recorded(_published_damage),
    "orphans": Recorded(_carry_damage),
    "terms_due": Recorded(_terms_due_damage),
    AWAITED: Recorded(awaited_damage),
    AWAITED_STUDENTS: Recorded(awaited_damage),
    EXCLUDED: Recorded(excluded_damage),
    LATEST_AS_OF: Recorded(_latest_damage),
    "as_of": Recorded(_as_of_damage),
    "tails": Recorded(tails_damage),
    **_TERMS_KEYS,
    "terms_judged_on": Recorded(_text_damage("terms_judged_on", "a date", day=True)),
    "links_lost": Recorded(links_lost_damage),
    "owners_allowed": Recorded(_flag_damage("owners_allowed")),
    "family_names_allowed": Recorded(_flag_damage("family_names_allowed")),
    "columns": Recorded(columns_damage),
    "sessions": Recorded(sessions_damage),
    blanked_keep_out.KEY: Recorded(blanked_keep_out.damage),
    blanked_keep_out.MOVED: Recorded(blanked_keep_out.damage),
    blanked_keep_out.SINCE: Recorded(blanked_keep_out.damage),
    # its own step, a backup: moved aside, a parent read with a former student's address is published with it
    former_students.KEY: Recorded(former_students.damage, former_students.step),
    former_students.NIGHTS: Recorded(former_students.damage, former_students.step),
    SQL_NULLS: Recorded(sql_nulls_damage),
    edited_values.FACT: Recorded(edited_values.damage),
    held_back.KEY: Recorded(held_back.damage),
    held_back.TERMS_KEY: Recorded(held_back.published_damage),
    STUDENTS_TWICE: Recorded(students_twice_damage),
    SHIFTED_ASKED: Recorded(shifted_asked_damage),
    VALUES_ASKED: Recorded(values_asked_damage),
    NEW_ROWS_SEEN: Recorded(new_rows_seen_damage, new_rows_seen_step),
}


def last_columns(out_dir: Path) -> LastColumns | None:
    """The columns each export of the last published set held, by source (normalized, aliases
    resolved: `state_record`), and its as-of date; None when last.json recorded none (a set
    published before they were recorded, a first run) or cannot be read (the gate says so: X930)."""
    try:
        state = read_record(state_folder(out_dir) / "last.json")
    except TransformAbort:
        return None
    recorded = state.get("columns")
    if not state.get("published_at") or not isinstance(recorded, dict) or columns_damage(state):
        return None  # damaged: the night stopped at the gate first (read_state: X930)
    held = {str(name): frozenset(str(key) for key in keys) for name, keys in recorded.items()}
    return LastColumns(str(state.get("as_of") or str(state["published_at"])[:10]), held)


@dataclass(frozen=True, slots=True)
class LastColumns:
    """What `last_columns` read: the last set's as-of date and its exports' columns by source."""

    as_of: str
    held: Mapping[str, frozenset[str]]

    def had(self, source: str, key: str) -> bool:
        return key in self.held.get(source, frozenset())


def held_terms(out_dir: Path) -> HeldTerms | None:
    """The terms the last published set was made with, as last.json recorded them (`state_record`),
    and its as-of date; None when it recorded none (a set published before they were recorded, a
    first run) or cannot be read (the safety gate says so: X930). Read before the tables are made:
    a night with nothing due refuses terms the export moved (filters._refuse_terms_moved). The ends
    --allow-rollover accepted on a night with nothing due (term_moved_back.ACCEPTED) are read here,
    the safety gate not run on such nights: damaged, they stop the run (X930)."""
    path = state_folder(out_dir) / "last.json"
    try:
        state = read_record(path)
    except TransformAbort:
        return None
    if damage := recorded_damage(state, _TERMS_KEYS):  # read_state's checks of these keys (RECORDED)
        raise damaged(path, damage[1])
    as_of, recorded = state.get("as_of"), state.get("terms")
    judged = state.get("terms_judged_on")  # a set keeping an ended term's classes over a break (break_kept)
    if not state.get("published_at") or not isinstance(as_of, str) or not isinstance(recorded, dict):
        return None
    terms: dict[str, Term] = {}
    for key, value in recorded.items():
        with contextlib.suppress(TypeError, ValueError):
            name, start, end = value
            terms[str(key)] = Term("", str(name), dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    due = _due_recorded(state.get("terms_due"))
    accepted = accepted_ends(state)
    named = _held_named(state.get(TERMS_NAMED))
    judged = judged if isinstance(judged, str) else ""
    return HeldTerms(as_of, terms, judged, due, accepted=accepted, named=named) if terms else None


def terms_known(state: Mapping[str, Any]) -> list[Term]:
    """Every term a state record (last.json) names with its dates: its set's current terms and,
    undamaged, its terms_named: what a term the terms export leaves unnamed was called then
    (filters.held_name; X873, esp58b)."""
    known: list[Term] = []
    recorded = state.get("terms")
    for value in recorded.values() if isinstance(recorded, dict) else ():
        with contextlib.suppress(TypeError, ValueError):
            name, start, end = value
            known.append(Term("", str(name), dt.date.fromisoformat(start), dt.date.fromisoformat(end)))
    return known + ([] if named_damage(state) else list(_held_named(state.get(TERMS_NAMED)).values()))


def _held_named(recorded: object) -> dict[str, Term]:
    """last.json's terms_named (`named_damage` checked them), by term ID: a school's later terms its
    classes named (a year-long section's next marking periods), with the school where it was known."""
    found: dict[str, Term] = {}
    for key, value in recorded.items() if isinstance(recorded, dict) else ():
        name, start, end, *school = value
        found[str(key)] = Term("".join(school), name, dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    return found


def record_text(state: dict[str, Any]) -> str:
    """last.json's text of a state record."""
    return json.dumps(state, indent=2, sort_keys=True) + "\n"


def write_record(out_dir: Path, state: dict[str, Any], *, text: str = "") -> None:
    """last.json written whole; `text`, when given, is the record's `record_text` made already (the
    publishing mark holds it: a record of a thousand rows' tails, about 1 MB at 2,000 students, is
    encoded once by json's Python encoder, not twice)."""
    folder = state_folder(out_dir)
    folder.mkdir(exist_ok=True)
    write.write_whole(folder / "last.json", text or record_text(state))


@dataclass(frozen=True, slots=True)
class Lost:
    """An optional export the last published set was made with that is not in tonight's exports."""

    file: str  # its name in the last run's exports
    previous: int  # the rows the last run read of it
    feeds: str  # what it feeds, and what takes its place without it (said in X991)


def lost_exports(state: dict[str, Any], optional: Mapping[str, SourcePlan], present: set[str]) -> dict[str, Lost]:
    """The optional exports (`optional`, by source name: those the run reads for its
    target and did not find tonight) of which the last published set read rows, by source name:
    a district whose SIS wrote sectionteacher.txt last night did not stop having co-teachers
    tonight. An export never present, or present with no rows, stays quiet. `present`: the files
    read tonight (a name another export has tonight is not this one's). `feeds` is left blank."""
    previous = state.get("rows_read", {})
    lost: dict[str, Lost] = {}
    for name, source in optional.items():
        for file, rows in sorted(previous.items()):
            if rows and file not in present and matches_source(file, source):
                lost.setdefault(name, Lost(file, int(rows), ""))
    return lost


def check_inputs(
    report: Report,
    state: dict[str, Any],
    *,
    required: Sequence[str],
    allow_rollover: bool,
    no_bytes: frozenset[str] = frozenset(),
    optional: Sequence[str] = (),
    lost: Sequence[Lost] = (),
    class_only: Collection[str] = (),
) -> list[Problem]:
    """An export with no rows, or far fewer than last time, is a broken export until told otherwise.
    `required` exports are refused empty even on the first run; the `optional` ones the run read
    (a OneRoster demographics.csv, PowerSchool's sectionteacher.txt) are held to the last run's
    rows: empty or under half of them, or `lost` (not in tonight's exports at all), each is refused
    as a required one would be (tester29 F1, F2). One absent or empty every night stays quiet.
    `no_bytes`: the exports that hold nothing, not even a header (0 bytes, or a byte order mark only).
    `class_only`: the exports only classes and enrolments are made of (sections, schedules): one
    under half of last time's rows is returned, not said, for `shrunk_by_the_calendar` to judge
    once the classes are compared (a SIS job exporting the current term only, at a school's last
    day: tester73 F1b).
    --allow-rollover publishes them (a new year's exports may be empty or gone): each is noted for
    F454, said where tonight's calendar explains no rollover (flags_left_in)."""
    pending: list[Problem] = []
    previous = state.get("rows_read", {})
    for file in [*required, *optional]:
        rows, before = report.rows_read.get(file, 0), int(previous.get(file, 0))
        if allow_rollover:
            _note_skipped(report, file, rows, before, required=file in required, class_export=file in class_only)
        elif rows == 0 and (before or file in required):
            held = "not even a header: 0 bytes, or a byte order mark only" if file in no_bytes else "a header only"
            if before:
                held += f"; {before} rows last time"
            report.add(codes.code("export-empty"), Where(file=file), file=file, held=held)
        elif rows and before and rows < before * SHRUNK_BELOW:
            delta = rows * DELTA_TIMES < before
            shrunk = Problem(
                codes.code("export-shrunk"),
                Where(file=file),
                {
                    "file": file,
                    "rows": rows,
                    "previous": before,
                    "detail": (
                        " (under a hundredth: the size of a changes-only, delta, export, not of a full, bulk, one; "
                        "a drop like this is no change to accept)"
                        if delta
                        else " (under half)"
                    ),
                    # A delta export is never to be accepted: the flag would remove everyone it leaves
                    # out (the step says so; -q and JSON logs show this line alone: tester50 M1).
                    "override": "" if delta else " (--allow-rollover publishes it anyway)",
                    "delta": "yes" if delta else "",
                },
            )
            if file in class_only and not delta:
                pending.append(shrunk)
            else:
                report.add_problem(shrunk)
    for gone in lost:
        if allow_rollover:
            flags_left_in.note(report, f"X991 ({gone.file} not in the exports, {gone.previous} rows last time)")
            continue
        report.add(
            codes.code("optional-export-lost"),
            Where(file=gone.file),
            file=gone.file,
            previous=gone.previous,
            feeds=gone.feeds,
        )
    return pending


def shrunk_by_the_calendar(
    pending: Sequence[Problem],
    changes: Mapping[str, Change],
    report: Report,
    set_apart: Callable[[], Mapping[str, int]] = dict,
) -> None:
    """The class exports `check_inputs` found under half of last time's rows (X907), said unless
    the calendar explains them (`by_the_calendar`); under --allow-rollover, which skips them,
    the verdict is kept for F454 (flags_left_in.CLASS_EXPORT_EXPLAINED)."""
    if not pending and not report.facts.get(flags_left_in.CLASS_EXPORT):
        return
    explained = by_the_calendar(changes, set_apart)
    report.facts[flags_left_in.CLASS_EXPORT_EXPLAINED] = explained
    if explained:
        return
    for problem in pending:
        report.add_problem(problem)


def by_the_calendar(changes: Mapping[str, Change], set_apart: Callable[[], Mapping[str, int]]) -> bool:
    """Whether tonight's calendar explains a class export shrunk (X907) or emptied (X910): the set
    loses classes of terms that ended (`Change.ended`), and every other class and enrolment it loses
    is set apart as left on purpose (`set_apart`, asked only then: table -> the removals of people
    tonight's exports list as withdrawn or inactive, or rows they mark to leave out,
    pipeline.withdrawals): a student withdrawn on the term-change night is no running term's rows
    lost (reviewer108 R2)."""
    classes, enrollments = changes.get("classes"), changes.get("enrollments")
    if classes is None or enrollments is None or not classes.ended:
        return False
    rest = {"classes": classes.unexplained, "enrollments": enrollments.unexplained}
    if not any(rest.values()):
        return True
    left = set_apart()
    return all(count <= left.get(table, 0) for table, count in rest.items())


def _note_skipped(report: Report, file: str, rows: int, before: int, *, required: bool, class_export: bool) -> None:
    """X910 and X907 of `check_inputs`, noted for F454 under --allow-rollover in a few words
    (`class_export`: one of `check_inputs`'s class_only, which an ended term's rows may explain)."""
    if rows == 0 and (before or required):
        said = f"X910 ({file} has no data rows" + (f", {before} last time)" if before else ")")
        flags_left_in.note(report, said, class_export=class_export)
    elif rows and before and rows < before * SHRUNK_BELOW:
        flags_left_in.note(report, f"X907 ({file} has {rows} rows, {before} last time)", class_export=class_export)


def compare(
    previous_dir: Path | None,
    staged: Path,
    written: dict[str, int] | None = None,
    ended: Mapping[str, Ended] | None = None,
    *,
    as_of: dt.date | None = None,
    ends_then: Mapping[str, dt.date] | None = None,
    tonight: dt.date | None = None,
    names_then: Mapping[str, str] | None = None,
    starts_then: Mapping[str, dt.date] | None = None,
    current: Mapping[str, Term] | None = None,
    year_long_days: int = DEFAULT_YEAR_LONG_DAYS,
    years: SchoolYear = NORTHERN,
    named_then: Mapping[str, tuple[dt.date, dt.date]] | None = None,
    held_as: Mapping[str, str] | None = None,
    terms_tonight: TermsTonight | None = None,
) -> dict[str, Change]:
    """Records added, removed and changed per file. Only the last set's records are held, as
    64-bit hashes of ID and row (pipeline.compact); the new set streams past them. At a large
    district DuckDB reads the files it reads exactly instead, with the same answers
    (pipeline.set_sql: the gate runs inside `set_sql.reading`). A file with
    no previous version is not read again: all its `written` records are new. `ended`: the
    classes left out tonight because their terms ended this school year; a removed class whose
    removal the calendar explains (`calendar_explains`, against the last set's termSourcedIds and
    its as-of date, `as_of`), and its enrolments, are noted as explained (Change.ended); the
    others as moved (Change.moved). A removed class tonight's exports do not hold at all, whose
    terms the last set recorded (`ends_then`, `names_then`: last.json's) as ended by `tonight`,
    and its enrolments, are noted for the removals list (Change.ended_then), still counted.
    `starts_then`: the first day of each term the last set recorded (a class whose term has not
    started, which that set rostered ahead by --term, `calendar_explains`). `current`: tonight's
    set's terms, by term ID: of the classes noted for the removals list, those a term of it
    followed in the school year are noted as replaced too (Change.replaced, `_term_replaced`), a
    term of `year_long_days` or more (the profile's `year_long_days`) judged year-long, and without
    one, the district's school year (`years`: settings.school_year_starts) tells one year from two.
    `named_then`: the first and last days of the other terms the last set's classes named (an
    ended quarter of a semester class named by two: last.json's terms_named), which the two
    judges of a class tonight's exports do not hold read too: the class is gone with the last of
    its terms (tester65 F1). A class still exported is judged by the last set's current terms.
    `held_as`: the session IDs the strict target publishes other than the export makes them (V602's
    "301-Semester 1-2026-08-17") -> the export's ("301-Semester 1"), by which the term filter and
    last.json name terms: a last set's class is judged by the same terms as tonight's (tester68 F1).
    `terms_tonight`: tonight's terms export; a class noted for the removals list whose terms it
    dates as the last set did, ended since that set was made, is noted as replaced too: a SIS job
    exporting the current term only, on the nights between two terms (ended_gone, tester73 F1)."""
    changes: dict[str, Change] = {}
    sql = set_sql.active()
    explained: dict[str, str] = {}  # class ID -> why, of the removed classes the calendar explains
    moved: dict[str, str] = {}  # class ID -> why not, of the removed classes left out as ended
    recorded: dict[
        str, str
    ] = {}  # class ID -> why, of the removed classes whose terms had ended by the last set's dates
    replaced: set[str] = set()  # of those, the classes a term of tonight's set followed (`_term_replaced`)
    between: set[str] = set()  # of those, the classes gone between two terms of their school (Change.between)
    held_at = terms_by_school(staged / f"{CLASS_TABLE}.csv") if current else {}
    for table in COMPARED:
        old_path = previous_dir / f"{table}.csv" if previous_dir else None
        if written is not None and (old_path is None or not old_path.is_file()):
            count = written.get(f"{table}.csv", 0)
            changes[table] = Change(previous=0, now=count, added=count)
            continue
        # Sized for as many records as tonight's: a map grown key by key moves every key again.
        expected = (written or {}).get(f"{table}.csv", 0)
        if written is not None and old_path is not None and _same_bytes(old_path, staged / f"{table}.csv"):
            changes[table] = Change(previous=expected, now=expected)  # most files, most nights
            continue
        explains = functools.partial(
            calendar_explains, as_of=as_of, ends_then=ends_then, tonight=tonight, starts_then=starts_then
        )
        ends_all = {**{key: end for key, (_, end) in (named_then or {}).items()}, **(ends_then or {})}
        starts_all = {**{key: start for key, (start, _) in (named_then or {}).items()}, **(starts_then or {})}
        by_then = functools.partial(_ended_by_then, ends_then=ends_all, names=names_then or {}, tonight=tonight)
        followed = functools.partial(
            _term_replaced,
            ends_then=ends_all,
            starts_then=starts_all,
            as_of=as_of,
            current=current or {},
            held_at=held_at,
            year_long_days=year_long_days,
            school_years=years,
        )
        calendar = Calendar(
            ended or {},
            explains,
            explained,
            moved,
            by_then,
            recorded,
            followed,
            replaced,
            held_as or {},
            terms_tonight,
            between,
        )
        also = "termSourcedIds" if table == "classes" else ""
        diff = (
            sql.diff(
                old_path,
                staged / f"{table}.csv",
                class_column=ENDED_BY.get(table, ""),
                also=also,
                added_ids=table in ("users", "classes"),
            )
            if sql is not None and old_path is not None
            else None
        )
        if diff is not None:
            change = Change(previous=diff.previous, now=diff.now, added=diff.added, changed=diff.changed)
            for key in diff.added_ids:
                change.added_ids.add(key)
            _removed(change, diff.removed, calendar=calendar, table=table)
            changes[table] = change
            continue
        old = _fingerprints(old_path, expected) if old_path else CompactMap()
        change = Change(previous=len(old))
        added = change.added_ids if table in ("users", "classes") and len(old) else None
        for row, position in set_files.records(staged / f"{table}.csv"):
            h, digest = id_hash(row[position]), hash(tuple(row)) & _DIGEST
            change.now += 1
            seen = old.pop_hash(h)
            if seen is None:
                change.added += 1
                if added is not None:
                    added.add(row[position])
            elif seen != digest:
                change.changed += 1
        if len(old) and old_path:  # still in the map: not in the new set
            gone = (
                (key, class_id, terms)
                for key, h, class_id, terms in _keys(old_path, ENDED_BY.get(table, ""), also)
                if old.get_hash(h) is not None
            )
            _removed(change, gone, calendar=calendar, table=table)
        changes[table] = change
    if "classes" in changes:
        changes["classes"].between = between
    return changes


@dataclass(frozen=True, slots=True)
class Calendar:
    """What `_removed` judges a removed class by: the classes left out as ended tonight, the judge
    of each (`calendar_explains`, given the last set's dates), the verdicts on the classes
    (filled by classes.csv, read by enrollments.csv: `explained`, `moved`), and for a class
    tonight's exports do not hold, the judge by the last set's recorded dates (`_ended_by_then`)
    and its verdicts (`recorded`); of those, whether a term of tonight's set followed them in the
    school year (`_term_replaced`) and the classes it did (`replaced`)."""

    ended: Mapping[str, Ended]
    explains: Callable[[Ended, str], tuple[str, str]]
    explained: dict[str, str]
    moved: dict[str, str]
    by_then: Callable[[str], tuple[str, dt.date | None]]
    recorded: dict[str, str]
    followed: Callable[..., bool]
    replaced: set[str]
    held_as: Mapping[str, str] = field(default_factory=dict)  # a published session ID -> the export's
    tonight: TermsTonight | None = None  # tonight's terms export (a class gone when its term ended)
    between: set[str] = field(default_factory=set)  # the classes gone between two terms (Change.between)
    ends: dict[str, dt.date] = field(default_factory=dict)  # of `explained` and `recorded`: the day it ended


def _removed(change: Change, gone: Iterable[tuple[str, str, str]], *, calendar: Calendar, table: str) -> None:
    """The records of the last set not in the new set, `gone` (sourcedId, class, the class's
    terms) in the last set's order, into `change.removed`; each of a removed class the calendar
    explains (`calendar_explains`) into `change.ended`, of one it does not into `change.moved`;
    of a class tonight's exports do not hold whose terms had all ended by the last set's dates,
    into `change.ended_then` (the removals list's term_ended, `_ended_by_then`), and into
    `change.replaced` too when a term of tonight's set followed them (`_term_replaced`); the day each removed
    class's term ended, where one of those says it, into `change.ended_on`."""
    for key, class_id, published in gone:
        change.removed.append(key)
        if table == "classes":
            _judge_class(calendar, class_id, _as_exported(published, calendar.held_as))
        if class_id in calendar.explained:
            change.ended[key] = calendar.explained[class_id]
        elif class_id in calendar.moved:
            change.moved[key] = calendar.moved[class_id]
        elif class_id in calendar.recorded:
            change.ended_then[key] = calendar.recorded[class_id]
            if class_id in calendar.replaced:
                change.replaced[key] = calendar.recorded[class_id]
        if table == "classes" and class_id in calendar.ends:
            change.ended_on[key] = calendar.ends[class_id]
    change.removed.sort()


def _judge_class(calendar: Calendar, class_id: str, terms: str) -> None:
    """A removed class of the last set (its `terms` there, as the export names them) into the calendar's verdicts
    (`_removed`): left out tonight as ended, explained or moved (`calendar_explains`); gone from tonight's exports,
    its terms ended by the last set's dates (`_ended_by_then`), recorded and judged (`_judge_gone`). The day its
    term ended where either says it (a class rostered ahead, not started, has none): `Calendar.ends`."""
    if class_id in calendar.ended:
        ended = calendar.ended[class_id]
        why, why_not = calendar.explains(ended, terms)
        if why or why_not:  # a class not started, not rostered ahead: a removal, no more
            (calendar.explained if why else calendar.moved)[class_id] = why or why_not
        if why and not ended.ahead:
            calendar.ends[class_id] = ended.end
        return
    why, end = calendar.by_then(terms)
    if why and end is not None:
        calendar.recorded[class_id], calendar.ends[class_id] = why, end
        _judge_gone(calendar, class_id, terms)


def _judge_gone(calendar: Calendar, class_id: str, terms: str) -> None:
    """A class tonight's exports no longer hold, whose terms ended by the last set's dates: replaced
    when a term of tonight's set followed them (`_term_replaced`), or when tonight's terms export
    dates them as that set did, ended since it was made, and no later term of its school has begun
    tonight (ended_gone: between two terms). From the next term's first day only a term of
    tonight's set that followed them explains it: a next term whose sections are not exported is
    no term change."""
    tonight = calendar.tonight
    school = tonight.schools.get(class_id, "") if tonight is not None else ""
    rows = tonight.ended(terms, school) if tonight is not None else ()
    between = bool(rows) and tonight is not None and tonight.between_terms(rows) and tonight.hole_at(school) is None
    if calendar.followed(terms, school=school) or between:
        calendar.replaced.add(class_id)
    if between and tonight is not None:
        calendar.between.add(class_id)
        last = max(row.end for row in rows)
        tonight.gone_at[school] = max(last, tonight.gone_at.get(school, last))
        tonight.gone_classes.setdefault(school, set()).add(class_id)


def _as_exported(terms: str, held_as: Mapping[str, str]) -> str:
    """A last set's termSourcedIds with each session ID as the export makes it (`compare`'s held_as)."""
    if not held_as or not terms:
        return terms
    return ",".join(dict.fromkeys(held_as.get(t.strip(), t.strip()) for t in terms.split(",")))


def term_ids(listed: str) -> tuple[str, ...]:
    """The session IDs of a written class's termSourcedIds ("s1-2027,s2-2027"), each once, blanks left out."""
    return tuple(dict.fromkeys(t for t in (part.strip() for part in listed.split(",")) if t))


BY_THE_LAST_SET = ", by the last published set"  # a removed class's term_ended read from last.json


def _ended_by_then(
    held: str, *, ends_then: Mapping[str, dt.date], names: Mapping[str, str], tonight: dt.date | None
) -> tuple[str, dt.date | None]:
    """("TERM ended DATE, by the last published set", DATE) when every term the last set gave a class
    (`held`, its termSourcedIds there) is one whose end it recorded (`ends_then`, with its name:
    `names`), and each had ended before `tonight` (TERM the last to end); else ("", None). The class is
    not in tonight's exports (last year's, at the August rollover), so only that set can tell."""
    terms = [t.strip() for t in held.split(",") if t.strip()]
    if not terms or tonight is None or not all(t in ends_then and ends_then[t] < tonight for t in terms):
        return "", None
    last = max(terms, key=lambda t: (ends_then[t], t))
    return f"{names.get(last) or last} ended {ends_then[last].isoformat()}{BY_THE_LAST_SET}", ends_then[last]


def _term_replaced(
    held: str,
    *,
    ends_then: Mapping[str, dt.date],
    starts_then: Mapping[str, dt.date],
    as_of: dt.date | None,
    current: Mapping[str, Term],
    year_long_days: int = DEFAULT_YEAR_LONG_DAYS,
    school_years: SchoolYear = NORTHERN,
    school: str = "",
    held_at: Mapping[str, Collection[str]] | None = None,
) -> bool:
    """Whether a class tonight's exports no longer hold, every term of which (`held`, its
    termSourcedIds in the last published set) had ended by the dates that set recorded, went at a
    term change inside one school year: the last of its terms ended on or after that set's as-of
    date (the set held it while it ran), and a semester or quarter of tonight's set (`current`)
    starts after that day, a break apart at most (SCHOOL_YEAR_GAP_DAYS), in the same school year
    (a year-long term of tonight's set at its school holds the class's first day; without one,
    the same school year by the district's calendar, `school_years`: July to June unless its profile says
    another month, settings.school_year_starts). The dates alone cannot tell a southern July
    semester change from a northern year-round school's new year (reviewer62 R2): the profile
    can. A SIS job exporting the current term only drops the ended term's
    sections on the new term's first day (tester58 F4). Last year's classes at the August rollover
    (a summer apart, another year) are none: a new school year needs --allow-rollover once.
    `school`: the class's, where known: only a term of its own school (or of none) followed it,
    not another school's of the same dates (reviewer92 R2). `held_at`: the term IDs of tonight's
    classes by school (`terms_by_school`): `current` gives each term ID the school of the first
    class read of it, so a district-wide term (a OneRoster academicSession) is of one school
    there; it is the school's too where tonight's classes at the school hold it (heldback63:
    the fall's classes of the other school were refused every night of the spring)."""
    terms = [t.strip() for t in held.split(",") if t.strip()]
    if as_of is None or not terms or not all(t in ends_then for t in terms):
        return False
    end = max(ends_then[t] for t in terms)
    first = min((starts_then[t] for t in terms if t in starts_then), default=end)
    if end < as_of:
        return False
    there = _terms_at(current, held_at or {}, school)
    for term in there:
        if (term.end - term.start).days >= year_long_days or not end < term.start:
            continue
        if (term.start - end).days > SCHOOL_YEAR_GAP_DAYS:
            continue
        years = [
            y
            for y in there
            if y.school == term.school and (y.end - y.start).days >= year_long_days and y.contains(term.start)
        ]
        if any(y.start <= first for y in years) or (not years and school_years.of(end) == school_years.of(term.start)):
            return True
    return False


def _terms_at(current: Mapping[str, Term], held_at: Mapping[str, Collection[str]], school: str) -> list[Term]:
    """The terms of tonight's set (`current`) a class of `school` is judged by: those of the school or
    of none, and those tonight's classes at the school hold (`held_at`), as the school's; every one
    where the school is not known."""
    if not school:
        return list(current.values())
    own = held_at.get(school, ())
    return [
        term if not term.school or term.school == school else dataclasses.replace(term, school=school)
        for key, term in current.items()
        if not term.school or term.school == school or key in own
    ]


def terms_by_school(classes: Path) -> dict[str, set[str]]:
    """The term IDs (termSourcedIds) of a written classes.csv's classes, by their school."""
    found: dict[str, set[str]] = {}
    if not classes.is_file():
        return found
    for school, listed in columns_of(classes, "schoolSourcedId", "termSourcedIds"):
        found.setdefault(school, set()).update(term_ids(listed))
    return found


def calendar_explains(
    ended: Ended,
    held: str,
    *,
    as_of: dt.date | None,
    ends_then: Mapping[str, dt.date] | None = None,
    tonight: dt.date | None = None,
    starts_then: Mapping[str, dt.date] | None = None,
) -> tuple[str, str]:
    """Whether the calendar explains the removal of a class the last published set held under
    the term IDs `held` (its termSourcedIds there), as of `as_of`, and tonight left out because
    its terms ended (`ended`): ("TERM ended DATE", "") when it does, else ("", why not).

    Both must hold, where the last set tells: the terms the class ended in are terms the last
    set gave it, and the last of them ended on or after the last set's as-of date. A semester or
    quarter change passes both: the last set held the class under S1 (or Q1) while it ran, and
    S1 has ended since. A class the last set held under the year term, moved tonight to a quarter
    that ended before that set was made (a scheduler's mass update, a term mapping gone wrong),
    passes neither; one whose own term's end moved to before the last set's as-of (a typo in the
    year term's last day) fails the second; one moved to another term that ended since fails the
    first (tester35 F2). A last set without term IDs for the class, or without an as-of date
    (`--previous DIR`, a set recorded before as-of dates were), skips that check.
    A term whose last day was corrected to a day before the last set's as-of (S1 to end on 01-06,
    not 01-08, the set made on 01-07) still explains it when the dates the last set recorded
    for it (`ends_then`, last.json) say it ended before tonight (`tonight`): by the last set's
    own calendar it ends now either way (tester36 F1).
    A set lists a class's running and later terms only (a term that has ended lends the class
    nothing, docs/profiles.md "combine"): a fall semester class of two marking periods made in
    the second is held under MP2 alone, and the export's MP1, MP2 tonight is the same class. So
    of its terms tonight, those that had ended before the last set's as-of date are not asked
    of that set; at least one term the set gave it must be among them (tester43 F1)."""
    terms_then = {t.strip() for t in held.split(",") if t.strip()}
    if ended.ahead:
        return (ended.why, "") if _rostered_ahead(ended, terms_then, as_of, starts_then, tonight) else ("", "")
    if terms_then and ended.terms and not _held_then(ended, terms_then, as_of):
        now = ", ".join(sorted(ended.terms))
        return "", f"{ended.why}, but the last published set had it in {', '.join(sorted(terms_then))}, not {now}"
    judged = ended.terms & terms_then or ended.terms
    if as_of is not None and ended.end < as_of and not _ended_then(judged, ends_then, tonight):
        return "", f"{ended.why}, before the last published set (as of {as_of.isoformat()}) held it as current"
    return ended.why, ""


def _rostered_ahead(
    ended: Ended,
    terms_then: set[str],
    as_of: dt.date | None,
    starts_then: Mapping[str, dt.date] | None,
    tonight: dt.date | None,
) -> bool:
    """Whether a class left out tonight as not started (`Ended.ahead`) is one the last published set rostered ahead of
    its terms' start (`--term S1 --term S2 --term 26-27` in December, docs/scheduling.md): that set gave it these
    terms, and by the dates it recorded (`starts_then`) each started after that set's as-of date (`as_of`) and still
    starts after tonight. The nightly job without --term, on the break after it, leaves the class out until its term
    comes within the window: no removal to refuse (tester52 F6: X906 every night of the break). A class the last set
    held while its term ran (a terms export moved ahead since: X947) is none."""
    if not terms_then or as_of is None or tonight is None or not starts_then or not ended.terms & terms_then:
        return False
    return all(t in starts_then and starts_then[t] > as_of and starts_then[t] > tonight for t in ended.terms)


def _held_then(ended: Ended, terms_then: set[str], as_of: dt.date | None) -> bool:
    """Whether the class's terms tonight are those the last published set gave it (`terms_then`),
    but for terms that had ended before that set's as-of date (`as_of`), which it could not give:
    and at least one of them is one it gave."""
    if not ended.terms & terms_then:
        return False
    unheld = ended.terms - terms_then
    if not unheld:
        return True
    return as_of is not None and all(t in ended.ends and ended.ends[t] < as_of for t in unheld)


def _ended_then(terms: frozenset[str], ends_then: Mapping[str, dt.date] | None, tonight: dt.date | None) -> bool:
    """Whether every one of `terms` had, by the dates the last published set recorded, ended
    before `tonight`."""
    if not terms or not ends_then or tonight is None:
        return False
    return all(term in ends_then and ends_then[term] < tonight for term in terms)


def note_moved(changes: dict[str, Change], report: Report) -> None:
    """Removed classes left out tonight as of a term that ended, which the calendar does not
    explain (`calendar_explains`): said (X948, a warning) beside whatever the limits decide, so
    that 'outside its term' (F405) and 'no ended term explains them' (X993) do not read as a
    contradiction. They count as removals (X906, X993, X997)."""
    classes, enrollments = changes.get("classes"), changes.get("enrollments")
    if classes is None or not classes.moved:
        return
    key = min(classes.moved)
    report.add(
        codes.code("term-change-not-explained"),
        Where(file="classes.csv", record=key),
        classes=len(classes.moved),
        enrollments=len(enrollments.moved) if enrollments is not None else 0,
        example=key,
        why=classes.moved[key],
    )


def gate(
    changes: dict[str, Change],
    report: Report,
    *,
    limits: dict[str, float],
    allow_rollover: bool,
    removals: Path,
    previous: Path | None = None,
    since: str = "",
    staged: Path | None = None,
    read_before: Mapping[str, int] | None = None,
    withdrawn: Withdrawals | None = None,
    moved: MovedWords | None = None,
    new_year: str = "",
) -> bool:
    """Refuse (or, with --allow-rollover, note) a removal above the limit; list what would go.
    Whether the list (`removals`) was written: the people gate writes it again with the users
    found under new IDs (pipeline.people_gate.gate_kinds).
    `since`: what changed in the making of the set (`made_since`), said in a refusal.
    A term change inside the school year (removed classes, and their enrolments, whose term
    the terms export says has ended) is no reason to refuse: only the removals the calendar
    does not explain count against the limit, and the rest is published with a note (X937).
    A refusal (X906) counts those it judged, the removals an ended term explains apart (`_judged`),
    and says what tells a broken export from a new school year (`_evidence`): the records
    tonight's own errors left out, the exports that shrank since the last set (`read_before`,
    last.json's rows_read), the students of tonight's set (`staged`) left in no class
    (tester44 F1, F12). `withdrawn` (pipeline.withdrawals, by the file, its change, its limit and
    whether tonight's errors explain the removals): the words on those removals that are people
    tonight's exports list as withdrawn or inactive, and the --max-removal that publishes them
    (tester60 F4). `moved` (pipeline.school_moves, by the file, its change, its limit and how many of
    its removals are people listed as left): the words on those removals that are a school move (a
    school closing, students enrolled tonight at another school or a new one), and whether
    --allow-rollover publishes the night as one: then said so (I298), not X908 (tester61 Y4).
    `new_year` (pipeline.new_year): on a new school year's night, the words X906 says first, unless what
    tells a broken export says otherwise (`_new_year_said`); the school-move words are not said then
    (rollover57: 44 of 45 classes "not of the move")."""
    if new_year:
        moved = None
    over = [t for t in GATED if changes[t].previous and changes[t].removed_share * 100 > limits[t]]
    report.facts["changes"] = {t: c.as_dict() for t, c in changes.items()}
    if not over:
        return False
    write_removals(removals, changes, previous, report=report)
    said = _withdrawals_said(changes, over, report, withdrawn, limits=limits, allow_rollover=allow_rollover)
    for table in over:
        change = changes[table]
        params = {
            "table": table,
            "removed": len(change.removed),
            "previous": change.previous,
            "percent": round(change.removed_share * 100, 1),
        }
        unexplained = change.unexplained_share * 100 > limits[table]
        judged = len(change.removed) - len(change.ended)
        if allow_rollover and unexplained:
            # The refusal's evidence and its move, judged alike with the flag (reviewer118 R1).
            found = _evidence(report, table, judged, previous=previous, staged=staged, read_before=read_before)
            move = _moved_words(table, change, limits[table], moved, found, {})
            if move.get("moved_publishes"):
                report.add(codes.code("school-move-published"), Where(file=f"{table}.csv"), **params, **move)
                continue
            if left_out := _left_out_publishes(report, table, change, previous, limits[table]):
                report.add(codes.code("exclusion-removals-published"), Where(file=f"{table}.csv"), **params, **left_out)
                continue
        if allow_rollover:
            report.add(codes.code("rollover-allowed"), Where(file=f"{table}.csv"), **params)
            flags_left_in.allowed(report, table)
            if unexplained:
                flags_left_in.unexplained(report, table)
        elif unexplained:
            found = _evidence(report, table, judged, previous=previous, staged=staged, read_before=read_before)
            # Running terms --term left out are refused before (X819), not offered --allow-rollover.
            year, found = _new_year_said(new_year, found)
            rollover = "" if year else _rollover_words(report)
            left = said.get(table) or {"withdrawn": "", "withdrawn_count": 0, "needed": 0}
            # An export cut short: no batch of withdrawals. Students left in no class by enrolment rows
            # the export holds and marks to leave out (tobedeleted, ended) are no sign of one (tester70 F1).
            if found["shrunk"] or (found["unclassed"] and not left.get("withdrawn_marked")):
                left = {"withdrawn": "", "withdrawn_count": 0, "needed": 0}
            move = _moved_words(table, change, limits[table], moved, found, left)
            if move.get("moved_publishes"):
                left, rollover = {"withdrawn": "", "withdrawn_count": 0, "needed": 0}, ""
                found = _shrunk_by_the_move(found, move, judged)
            report.add(
                codes.code("removal-over-limit"),
                Where(file=f"{table}.csv"),
                limit=limits[table],
                removals=removals,
                rollover=rollover,
                since=since,
                against=against(report),
                new_year=year,
                **{**params, "removed": judged, "percent": round(change.unexplained_share * 100, 1)},
                **_judged(change),
                **_patterned(report, table, change, previous),
                **found,
                **left,
                **move,
            )
        else:
            terms = sorted(set(change.ended.values()))
            report.add(
                codes.code("term-change"),
                Where(file=f"{table}.csv"),
                limit=limits[table],
                removals=removals,
                explained=len(change.ended),
                unexplained=len(change.removed) - len(change.ended),
                unexplained_percent=round(change.unexplained_share * 100, 1),
                terms="; ".join(terms[:3]) + (f"; {len(terms) - 3} more" if len(terms) > 3 else ""),
                whose=_whose(terms),
                said=_said_by(terms),
                **params,
            )
    return True


def _left_out_publishes(
    report: Report, table: str, change: Change, previous: Path | None, limit: float
) -> dict[str, object] | None:
    """I216's words where --allow-rollover publishes removals over the limit that are, all but a number within
    it, of classes an exclusion rule left out tonight (F406): the flag used for what X906's step offers it for,
    so no X908 nor F454 (review144 R2: the rerun published at exit 1 saying 'a broken export'). None else."""
    said = _patterned(report, table, change, previous)
    count = int(str(said["patterned_count"]))
    rest = len(change.removed) - len(change.ended) - count
    if not count or not change.previous or rest / change.previous * 100 > limit:
        return None
    return {**said, "rest": rest, "limit": limit}


def _patterned(report: Report, table: str, change: Change, previous: Path | None) -> dict[str, object]:
    """X906's words on its removals of classes an exclusion pattern left out tonight (F406: illum59 R4)."""
    path = previous / "enrollments.csv" if previous is not None else None
    judged = [key for key in change.removed if key not in change.ended]

    def enrolments() -> Iterator[tuple[str, ...]]:
        if path is not None and path.is_file():
            yield from columns_of(path, "sourcedId", "classSourcedId")

    return patterned_left.words(report, table, judged, enrolments)


def _rollover_words(report: Report) -> str:
    """X906's offer of --allow-rollover; not as a way through when I228 refuses the night too (review162 R4)."""
    if "I228" in report.counts:
        return " (--allow-rollover would not publish it: I228 refuses the night too, and the flag does not pass it)"
    return f" (--allow-rollover publishes it anyway{held_back.held_words(report)})"


def _new_year_said(new_year: str, found: dict[str, object]) -> tuple[str, dict[str, object]]:
    """X906's first words on a new school year's night (pipeline.new_year): "" when tonight's own errors
    left the records out or students are left in no class (`_evidence`): those are a broken export's
    signs, and the step does not offer --allow-rollover for them (tester44 F1, F12). An export that
    shrank keeps the words: from June to August an export listing the year's withdrawn students and
    graduates always does (tester90 T2b); it is said as a thing to check (`_shrunk_at_new_year`). With
    `found`, the evidence as said then."""
    if not new_year or found.get("errors") or found.get("unclassed"):
        return "", found
    return f"{new_year}; ", _shrunk_at_new_year(found) if found.get("shrunk") else found


def _shrunk_at_new_year(found: dict[str, object]) -> dict[str, object]:
    """X906's evidence on a new school year's night when an export shrank: the export and its counts, said
    as a thing to check (last year's leavers gone, or an export cut short), not as a broken export."""
    shrunk = f"{found['shrunk']} (check that the rows gone are last year's leavers and graduates)"
    return {**found, "evidence": str(found["evidence"]).replace(f"; {found['shrunk']}", f"; {shrunk}")}


# pipeline.school_moves' words for one file: (file, its change, its limit, how many of its removals
# are people listed as left on purpose).
MovedWords = Callable[[str, Change, float, int], dict[str, object]]


def _moved_words(
    table: str,
    change: Change,
    limit: float,
    moved: MovedWords | None,
    found: Mapping[str, object],
    left: Mapping[str, object],
) -> dict[str, object]:
    """X906's and I298's words on the removals of a school move (pipeline.school_moves), the one
    judgement of the refusal and of --allow-rollover (reviewer118 R1): none where tonight's own errors
    or students left in no class say the export is broken. An export that shrank is no veto: the move
    (students whose own school changed, enrolled tonight at the new one) and the removals within the
    limit are every removal (reviewer118 R6: a school opening takes its students' rows at the old one)."""
    if moved is None or found.get("errors") or found.get("unclassed"):
        return {"moved": "", "moved_count": 0, "moved_publishes": False}
    return moved(table, change, limit, int(str(left.get("withdrawn_count") or 0)))


def _shrunk_by_the_move(found: dict[str, object], move: dict[str, object], judged: int) -> dict[str, object]:
    """X906's evidence when a school move explains its removals (`judged`, those counted): an export
    that shrank is said with the move, not as an export cut short (report.summary's step)."""
    if not found.get("shrunk"):
        return found
    whose = (
        "every removal being the move's" if move.get("moved_count") == judged else "the other removals within the limit"
    )
    move["moved"] = f"{move['moved']}; {found['shrunk']}, {whose}"
    evidence = str(found["evidence"]).replace(f"; {found['shrunk']}", "")
    return {**found, "shrunk": "", "evidence": evidence}


# pipeline.withdrawals' words for one file: (file, its change, its limit, whether tonight's errors
# explain its removals, the --max-removal the night's other files need).
Withdrawals = Callable[[str, Change, float, bool, int], dict[str, object]]


def _withdrawals_said(
    changes: dict[str, Change],
    over: list[str],
    report: Report,
    withdrawn: Withdrawals | None,
    *,
    limits: dict[str, float],
    allow_rollover: bool,
) -> dict[str, dict[str, object]]:
    """X906's words, by file refused, on its removals that are people tonight's exports list as
    withdrawn or inactive (pipeline.withdrawals), each naming the one --max-removal that lets every
    such file through (the option is the night's, tester60 F4)."""
    refused = [t for t in over if changes[t].unexplained_share * 100 > limits[t]]
    if withdrawn is None or allow_rollover or not refused:
        return {}
    said: dict[str, dict[str, object]] = {}
    for table in refused:
        judged = len(changes[table].removed) - len(changes[table].ended)
        errors = bool(errors_left_out(report, table, judged)["errors"])
        said[table] = withdrawn(table, changes[table], limits[table], errors, 0)
    needed = [int(str(words["needed"])) for words in said.values()]
    night = max(needed) if all(needed) else -1
    if any(needed) and len(set(needed)) > 1:
        for table in refused:
            judged = len(changes[table].removed) - len(changes[table].ended)
            errors = bool(errors_left_out(report, table, judged)["errors"])
            said[table] = withdrawn(table, changes[table], limits[table], errors, night)
    return said


def _whose(terms: list[str]) -> str:
    """X937's words for the classes the calendar explains (`terms`: why each went): of a term that
    ended, of one --term did not choose (`filters._before_the_chosen`), or of one the last set
    rostered ahead by --term that has not started (`_rostered_ahead`)."""
    said = []
    if any("chosen by --term" not in why and "rostered ahead" not in why for why in terms):
        said.append("whose term ended")
    if any("chosen by --term" in why for why in terms):
        said.append("of a term --term did not choose")
    if any("rostered ahead" in why for why in terms):
        said.append("of a term not started that the last set rostered ahead")
    return " or ".join(said)


def _said_by(terms: list[str]) -> str:
    """Who says X937's terms ended: the terms export (tonight's calendar), or, for classes
    tonight's exports no longer hold (`_term_replaced`), the dates the last published set recorded."""
    if all(why.endswith(BY_THE_LAST_SET) for why in terms):
        return "the dates the last published set recorded say"
    if any(why.endswith(BY_THE_LAST_SET) for why in terms):
        return "the terms export and the dates the last published set recorded say"
    return "the terms export says"


def _judged(change: Change) -> dict[str, object]:
    """The words that tell X906's count (the removals no ended term explains) from the removals
    the calendar explains (a semester's classes and enrolments, let through as on any term change).
    `ended_then_count`: of the removals counted, those of classes whose terms had all ended by the last
    set's dates that no following term explains (a semester's sections dropped, the next term's not in
    tonight's set at their school): their step is the new term's export, not the whole one (heldback63)."""
    then = sum(1 for key in change.removed if key in change.ended_then and key not in change.ended)
    said_then = {"ended_then_count": then} if then else {}
    if not change.ended:
        return {"judged": "", "ended": "", "ended_count": 0, **said_then}
    terms = sorted(set(change.ended.values()))
    named = "; ".join(terms[:3]) + (f"; {len(terms) - 3} more" if len(terms) > 3 else "")
    return {
        "judged": " that no ended term explains (term_ended blank, or said by the last published set, in the list)",
        "ended": f"; {len(change.ended):,} more are of terms that ended ({named}), which is no reason to refuse",
        "ended_count": len(change.ended),
        **said_then,
    }


# An export counts as shrunk (X906's evidence) when it lost more than this share of the rows it had
# when the last set was made.
SHRUNK_BY = 0.05


def _evidence(
    report: Report,
    table: str,
    judged: int,
    *,
    previous: Path | None,
    staged: Path | None,
    read_before: Mapping[str, int] | None,
) -> dict[str, object]:
    """What tells the removals of a refusal (X906) from a new school year, for its message and its
    next step (report.summary): the records tonight's own errors left out of the file (most of the
    removals: the people are in the export, `errors_left_out`), the exports with fewer rows than
    when the last set was made, and the students of tonight's set who had a class in the last set
    and are in none tonight (no new year or term does that: a student who leaves is removed, one
    who stays gets other classes)."""
    found = errors_left_out(report, table, judged)
    shrunk = [
        (file, now, before)
        for file, before in (read_before or {}).items()
        if before and (now := report.rows_read.get(file, 0)) < before * (1 - SHRUNK_BY)
    ]
    shrunk.sort(key=lambda item: item[1] / item[2])
    found["shrunk"] = "; ".join(
        f"{file} has {now:,} rows, {before:,} when the last set was made" for file, now, before in shrunk[:2]
    )
    unclassed = _unclassed(previous, staged) if table in ("enrollments", "classes") else 0
    found["unclassed"] = unclassed
    said = [f"; {found['errors']}" if found["errors"] else ""]
    if unclassed:
        said.append(f"; {unclassed:,} students of tonight's set would be in no class (each had one in the last set)")
    if found["shrunk"]:
        said.append(f"; {found['shrunk']}")
    found["evidence"] = "".join(said)
    return found


def errors_left_out(report: Report, table: str, removed: int) -> dict[str, object]:
    """When tonight's own errors left out at least half as many records of `table` as the
    `removed` of a refusal (X906, X953), the code that left out most of them, its first place and
    its words: the people are in the export, and the fix is that code's, not the export's nor
    --allow-rollover (tester44 F12). Empty words otherwise."""
    left_out = report.left_out
    counts: Counter[str] = Counter()
    firsts: dict[str, Where] = {}
    for (file, cid), n in sorted(left_out.error_codes.items()):
        where = left_out.first_error.get((file, cid))
        # A row left out before it was mapped (I205: the cells cannot be told apart) has no table yet.
        if left_out.codes[cid].severity is Severity.ERROR and where is not None and where.table in (table, ""):
            counts[cid] += n
            firsts.setdefault(cid, where)
    total = sum(counts.values())
    if not removed or total * 2 < removed:
        return {"errors": "", "error_code": ""}
    top, count = counts.most_common(1)[0]
    code, first = left_out.codes[top], firsts[top]
    at = f", {first.file}:{first.line} first" if first.line else ""
    return {
        "errors": f"{total:,} rows of tonight's exports for {table}.csv were left out by errors ({count:,} by "
        f"{top} {code.slug}{at}): the records are in the exports",
        "error_code": top,
    }


def _unclassed(previous: Path | None, staged: Path | None) -> int:
    """The students of tonight's set (`staged`) enrolled in a class of the last set (`previous`)
    and in no class tonight."""
    if previous is None or staged is None:
        return 0
    files = [folder / name for folder in (previous, staged) for name in ("enrollments.csv", "users.csv")]
    if not all(path.is_file() for path in files):
        return 0
    before = {
        user for user, role in columns_of(previous / "enrollments.csv", "userSourcedId", "role") if role == "student"
    }
    now = {user for (user,) in columns_of(staged / "enrollments.csv", "userSourcedId")}
    students = {user for user, role in columns_of(staged / "users.csv", "sourcedId", "role") if role == "student"}
    return len((students & before) - now)


# A school most of whose students of the last set's classes (more than this share, and at least
# SCHOOL_CLASSLESS_AT_LEAST of them) would be in no class tonight lost its classes, as X953 judges
# a kind of user at one school.
SCHOOL_CLASSLESS_SHARE = 0.5
SCHOOL_CLASSLESS_AT_LEAST = 3


def explain_terms_replaced(changes: dict[str, Change], *, previous: Path | None, staged: Path, limit: float) -> None:
    """The removals of classes tonight's exports no longer hold, whose terms ended since the last
    set was made while tonight's set holds the next term's (`Change.replaced`: a SIS job that
    exports the current term only, on the new term's first night, tester58 F4), and their
    enrolments: explained by the calendar (into `Change.ended`, said by X937 over the limit) as
    a term change inside the school year is, unless tonight's set leaves students who had a class
    in no class: more than the users' removal limit (`limit`, a percentage) of them, or most of
    them at one school. Then the new term's classes or enrolments are not all there (an export
    cut short, a school's job that failed): they count, and X906 says how many are left in none.
    A student all of whose classes ended with their school's term, before its next term began
    (`Change.between`: a weekend between trimesters, a school's year over while others run), is
    in no class by the calendar and not counted (tester73 F1b)."""
    classes = changes.get("classes")
    if classes is None or not classes.replaced:
        return
    left, had, schools = _left_in_no_class(previous, staged, classes.between)
    at_school = any(n >= SCHOOL_CLASSLESS_AT_LEAST and n > of * SCHOOL_CLASSLESS_SHARE for n, of in schools.values())
    if left * 100 > limit * had or at_school:
        return
    for table in ("classes", "enrollments"):
        change = changes.get(table)
        if change is not None:
            change.ended.update(change.replaced)


def _left_in_no_class(
    previous: Path | None, staged: Path, between: Collection[str] = ()
) -> tuple[int, int, dict[str, tuple[int, int]]]:
    """Of the students of tonight's set (`staged`) enrolled in a class of the last set
    (`previous`) other than one gone between two terms (`between`): how many are in no class
    tonight, how many they are, and both by school."""
    files = [folder / name for folder in (previous, staged) if folder for name in ("enrollments.csv", "users.csv")]
    if previous is None or len(files) < 4 or not all(path.is_file() for path in files):
        return 0, 0, {}
    before = IdSet()
    for user, role, class_id in columns_of(previous / "enrollments.csv", "userSourcedId", "role", "classSourcedId"):
        if role == "student" and class_id not in between:
            before.add(user)
    now = IdSet()
    for (user,) in columns_of(staged / "enrollments.csv", "userSourcedId"):
        now.add(user)
    counts: dict[str, list[int]] = {}
    left = had = 0
    for user, role, orgs in columns_of(staged / "users.csv", "sourcedId", "role", "orgSourcedIds"):
        if role != "student" or user not in before:
            continue
        gone = user not in now
        had, left = had + 1, left + gone
        for school in {org.strip() for org in orgs.split(",") if org.strip()}:
            count = counts.setdefault(school, [0, 0])
            count[0] += gone
            count[1] += 1
    return left, had, {school: (n, of) for school, (n, of) in counts.items()}


def kept_copy(out_dir: Path, published_at: object) -> Path | None:
    """The copy kept in the state folder (--keep) of the set last.json recorded (history.json
    says when each copy was published), if any: an older copy is not that set, and compared
    with it a normal night would be refused for what changed since (review36 F4). A copy damaged
    since (`set_damage`) is none: the recorded counts stand in."""
    history = state_folder(out_dir) / "history"
    numbers = read_history(history.with_suffix(".json"))
    for name, entry in sorted(numbers.items(), reverse=True):
        copy = history / name
        if isinstance(entry, dict) and entry.get("published_at") == published_at and (copy / "users.csv").is_file():
            return None if set_damage.damaged(copy) else copy
    return None


def recorded_set(state: dict[str, Any]) -> dict[str, int]:
    """Rows per file of the set last.json says was published ({} when none was)."""
    written = state.get("rows_written") if state.get("published_at") else None
    if not isinstance(written, dict):
        return {}
    return {str(k): v for k, v in written.items() if isinstance(v, int) and not isinstance(v, bool)}


def stand_in(
    out_dir: Path, previous: Path | None, state: dict[str, Any], report: Report, *, changed: Sequence[str] = ()
) -> Path | None:
    """The set to compare with when OUT no longer holds the one last.json recorded (emptied,
    moved or deleted by someone else since, X973; or its `changed` files emptied or edited in
    place, X802: compared with a users.csv cut to its header, a night losing half its parents
    looked like one adding them): that set's copy kept with --keep; else None, and
    `gate_by_count` compares tonight's counts with the recorded ones."""
    held = previous is not None and (previous / "users.csv").is_file()
    if (held and not changed) or not recorded_set(state).get("users.csv"):
        return previous
    copy = kept_copy(out_dir, state.get("published_at"))
    report.facts["compared_with"] = "kept copy" if copy else "recorded counts"
    compared = f"the copy kept in the state folder ({copy.name})" if copy else "the counts last.json recorded"
    published_at = str(state.get("published_at", ""))[:10]
    if held:
        report.add(
            codes.code("previous-set-changed"),
            Where(file=str(out_dir / changed[0])),
            files=", ".join(changed),
            verb="is" if len(changed) == 1 else "are",
            published_at=published_at,
            compared=compared,
        )
        return copy
    report.add(
        codes.code("previous-set-missing"),
        Where(file=str(out_dir)),
        published_at=published_at,
        users=recorded_set(state)["users.csv"],
        compared=compared,
    )
    return copy


def gate_by_count(
    changes: dict[str, Change], state: dict[str, Any], report: Report, *, limits: dict[str, float], allow_rollover: bool
) -> None:
    """With no set to compare by ID (`stand_in` found none), tonight's rows per file against the
    counts of the set last.json recorded: a file that shrank past its limit refuses the set
    (X972), as X906 would have with the set in OUT."""
    recorded = recorded_set(state)
    for table in GATED:
        before, now = recorded.get(f"{table}.csv", 0), changes[table].now
        if not before or (before - now) * 100 <= limits[table] * before:
            continue
        params = {
            "table": table,
            "removed": before - now,
            "previous": before,
            "percent": round((before - now) * 100 / before, 1),
        }
        if allow_rollover:
            report.add(codes.code("rollover-allowed"), Where(file=f"{table}.csv"), **params)
            flags_left_in.allowed(report, table)
            flags_left_in.unexplained(report, table)  # no set to tell the ended terms' records by
            continue
        report.add(
            codes.code("removal-over-limit-by-count"),
            Where(file=f"{table}.csv"),
            limit=limits[table],
            now=now,
            published_at=str(state.get("published_at", ""))[:10],
            **_left_out_words(report, _not_compared(report)),
            **params,
        )


def _left_out_words(report: Report, said: dict[str, str]) -> dict[str, str]:
    """X972's words on tonight's classes not in the set it counts, as X906's (review180 R2): those held back (X801,
    I233), or left out by a term filter the profile changed tonight (F405); and the way out that works when they
    make the fewer (OUT emptied after each upload: no set to put back), publishing tonight's set once."""
    held = held_back.held_words(report)
    filtered = report.counts.get(codes.code("class-outside-term").id, 0) if report.facts.get("profile_changed") else 0
    if filtered and not held:
        classes = "class" if filtered == 1 else "classes"
        held = f"; the profile changed tonight: its term filter left {filtered:,} {classes} out (F405)"
    if not held:
        return said
    step = (
        "if they make the fewer, tonight's set is as meant: publish it once with --allow-rollover, and later nights "
        f"compare with it; else {said['step']}"
    )
    return {**said, "held": held, "step": step}


def _not_compared(report: Report) -> dict[str, str]:
    """Why X972 cannot compare by ID, and the step that lets it: on a night OUT holds the set but a
    file was re-saved or edited (F450, X802), "put the set back in OUT" was no step (reviewer87 R4)."""
    files = {str(p.params["name"]) for p in report.examples.get(codes.code("previous-file-damaged").id, [])}
    for changed in report.examples.get(codes.code("previous-set-changed").id, []):
        files.update(str(changed.params["files"]).split(", "))
    if not files:
        return {"unread": "OUT no longer holds that set", "step": "put the set back in OUT or name it with --previous"}
    named = ", ".join(sorted(files))
    return {
        "unread": f"OUT's {named} {'is' if len(files) == 1 else 'are'} not as published (said above)",
        "step": f"put {named} back in OUT as published (from a backup, or the server it was uploaded to), "
        "or name the set with --previous",
    }


def days_since(stamp: object, now: dt.datetime) -> int | None:
    """Whole calendar days from a recorded moment to now, counted in this machine's time zone
    as an administrator counts them: a set published on 27 May is 81 days old on 16 August
    whatever the hour either run started (a timedelta's days would say 80 when tonight's run
    started a second earlier in the night). None for a stamp that is not a zoned ISO moment."""
    if not isinstance(stamp, str):
        return None
    try:
        when = dt.datetime.fromisoformat(stamp)
        return (now.astimezone().date() - when.astimezone().date()).days
    except (ValueError, TypeError, OverflowError):  # hand-edited, or without a time zone
        return None


def check_as_of(
    state: dict[str, Any],
    report: Report,
    *,
    as_of: dt.date,
    today: dt.date,
    allowed: bool = False,
    by_clock: bool = False,
) -> None:
    """A run whose --as-of is before the last published set's: the machine's clock or the job's
    date gone back, whose set would put back the enrolments dropped since (tester64 F2), is
    refused (X803) every night the date stays behind (last.json keeps the later one); a missed
    night run again on purpose after later ones (--allow-earlier-as-of) publishes, said (X959,
    published, but: exit 1): its set replaces a later day's, and the removals the gate counts may
    be the calendar's. The flag publishes only a day the run names (--as-of): a date `by_clock`
    (no --as-of) before the last set's is the clock gone back, refused even with it (X827, audit56b:
    the flag left in a nightly job published a clock gone back at exit 0).

    The day judged by is the latest ever published for (last.json's latest_as_of), up to `today` (a
    day not come yet is a set made for a later day by mistake, which a night run for today replaces),
    not the last set's alone: a job fixing an old --as-of with the flag left in was said once, then
    published Semester 1 over Semester 2 at exit 0 every night, the last set's as-of being its own
    (reviewer113 R3). Each night the flag publishes such a day is X959 again."""
    last = state.get("as_of")
    before = dt.date.fromisoformat(last) if isinstance(last, str) and _iso_day(last) else None  # else X930
    latest = _latest_published(state, before)
    report.facts[LATEST_AS_OF] = max(as_of, latest or as_of).isoformat()
    if before is not None and as_of < before:
        judged, whose, since = before, LAST_SET, ""
    elif latest is not None and as_of < min(latest, today):
        judged, whose = min(latest, today), "the latest set published into OUT"
        since = f"; the last one, for {before}, was published by --allow-earlier-as-of"
    else:
        return
    report.add(
        codes.code(_as_of_behind(allowed=allowed, by_clock=by_clock)),
        Where(),
        as_of=as_of.isoformat(),
        last=judged.isoformat(),
        whose=whose,
        since=since,
        published_at=state.get("published_at", ""),
        days=(judged - as_of).days,
    )


LAST_SET = "the last published set"


def _latest_published(state: Mapping[str, Any], before: dt.date | None) -> dt.date | None:
    """The latest as-of day a set was published for into OUT (read past damage: `_latest_damage`
    stopped the run before), the last set's where last.json does not record it."""
    recorded = state.get(LATEST_AS_OF)
    latest = dt.date.fromisoformat(recorded) if isinstance(recorded, str) and _iso_day(recorded) else None
    return max(latest, before) if latest and before else latest or before


def _as_of_behind(*, allowed: bool, by_clock: bool) -> codes.Slug:
    if not allowed:
        return "as-of-before-last-refused"
    return "as-of-clock-before-last" if by_clock else "as-of-before-last"


def check_overdue(state: dict[str, Any], report: Report, *, now: dt.datetime) -> None:
    published = state.get("published_at")
    if not published:
        return
    days = days_since(published, now)
    if days is not None and days > OVERDUE_DAYS:
        report.add(codes.code("upload-overdue"), Where(), days=days, published_at=published)


def _same_bytes(old: Path, new: Path) -> bool:
    """Whether two written files hold the same bytes: the same records, none added, removed or
    changed, found without reading either as CSV."""
    try:
        if old.stat().st_size != new.stat().st_size:
            return False
        with old.open("rb") as before, new.open("rb") as tonight:
            while chunk := before.read(_CHUNK):
                if chunk != tonight.read(_CHUNK):
                    return False
            return tonight.read(1) == b""
    except OSError:
        return False


_CHUNK = 1 << 20


def _fingerprints(path: Path, expected: int = 0) -> CompactMap:
    """hash(sourcedId) -> a hash of the whole row; an absent file is an empty map."""
    found = CompactMap(expected)
    for h, digest in _rows(path):
        found.setdefault_hash(h, digest)
    return found


def _rows(path: Path) -> Iterator[tuple[int, int]]:
    """(hash of the sourcedId, hash of the row) of each record of a written file."""
    for row, position in set_files.records(path):
        yield id_hash(row[position]), hash(tuple(row)) & _DIGEST


# The column naming a record's class, in the files whose records a class's term explains.
ENDED_BY = {"classes": "sourcedId", "enrollments": "classSourcedId"}


def _keys(path: Path, class_column: str = "", also: str = "") -> Iterator[tuple[str, int, str, str]]:
    """(sourcedId, its hash, the record's class or "", its `also` column or "") of each record
    of a written file."""
    header: list[str] = []
    at = other = -2  # the columns' positions, known once the header is read
    for row, position in set_files.records(path, header):
        if at == -2:
            at = header.index(class_column) if class_column in header else -1
            other = header.index(also) if also in header else -1
        yield (
            row[position],
            id_hash(row[position]),
            row[at] if 0 <= at < len(row) else "",
            row[other] if 0 <= other < len(row) else "",
        )


_DIGEST = (1 << 62) - 1  # payloads of a CompactMap are non-negative


def removals_path(out: Path) -> Path:
    return out.parent / f"{out.name}-removals.csv"


def removals_written_at(out: Path) -> tuple[int, int] | None:
    """Which removals list is beside OUT (its file, written whole by a rename, and when), None
    when there is none."""
    try:
        found = removals_path(out).stat()
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns


def forget_stale_removals(out: Path, written_at: tuple[int, int] | None) -> None:
    """A night that publishes removes the list an earlier, refused night wrote ("what would go"):
    read next morning beside the new set, it looked like tonight's (tester63 F10). A list this run
    wrote (--allow-rollover, a limit raised past it) is kept."""
    if written_at is not None and removals_written_at(out) == written_at:
        with contextlib.suppress(OSError):
            removals_path(out).unlink()


def write_removals(
    path: Path,
    changes: dict[str, Change],
    previous: Path | None = None,
    rekeyed: Mapping[str, Mapping[str, str]] | None = None,
    *,
    report: Report,
) -> None:
    """Every record the new set would remove, with what a person needs to recognise it: its
    role, name and school, read from the last published set (`previous`), and for a user or a
    class found again under another ID tonight (pipeline.people_gate, pipeline.class_gate), that
    ID (`rekeyed`: table -> old -> new). A
    list that cannot be written is said (X964), beside the refusal it belongs to, not instead
    of it (tester10 8: 'cannot write output to out' hid a 14.5% removal)."""
    try:
        _write_removals(path, changes, previous, rekeyed)
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.with_name(f".{path.name}.partial").unlink(missing_ok=True)
        where = Where(file=str(path))
        report.add_once(
            ("removals", str(path)),
            codes.code("removals-unwritable"),
            where,
            file=path,
            detail=exc.strerror or str(exc),
        )


def _write_removals(
    path: Path, changes: dict[str, Change], previous: Path | None, rekeyed: Mapping[str, Mapping[str, str]] | None
) -> None:
    details = _removed_details(previous, changes) if previous is not None else {}
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(("file", "sourcedId", "term_ended", "role", "name", "school", "new_sourcedId"))
        for table, change in changes.items():
            known = details.get(table, {})
            moved = (rekeyed or {}).get(table, {})
            writer.writerows(
                (
                    f"{table}.csv",
                    key,
                    change.ended.get(key, "") or change.ended_then.get(key, ""),
                    *known.get(key, ("", "", "")),
                    moved.get(key, ""),
                )
                for key in change.removed
            )
    partial.replace(path)


def _removed_details(previous: Path, changes: dict[str, Change]) -> dict[str, dict[str, tuple[str, str, str]]]:
    """(role, name, school) of each removed record, per table; an enrolment is named by its
    user (read from the last set's users.csv). Runs only when a set is refused or noted."""
    found: dict[str, dict[str, tuple[str, str, str]]] = {}
    enrolled: dict[str, str] = {}  # removed enrolment -> its user
    for table, change in changes.items():
        removed = set(change.removed)
        if not removed:
            continue
        header: list[str] = []
        kept = found[table] = {}
        for row, position in set_files.records(previous / f"{table}.csv", header):
            if row[position] in removed:
                values = dict(zip(header, row, strict=False))
                name = who_of(table, values.get)[1] if table != "enrollments" else ""
                school = values.get("schoolSourcedId") or values.get("orgSourcedIds", "")
                kept[row[position]] = (values.get("role", ""), name, school)
                if table == "enrollments":
                    enrolled[row[position]] = values.get("userSourcedId", "")
    if enrolled:
        wanted, header = set(enrolled.values()), []
        names = {
            row[position]: who_of("users", dict(zip(header, row, strict=False)).get)[1]
            for row, position in set_files.records(previous / "users.csv", header)
            if row[position] in wanted
        }
        enrolments = found["enrollments"]
        for key, user in enrolled.items():
            role, _, school = enrolments[key]
            enrolments[key] = (role, names.get(user, ""), school)
    return found


def removal_limits(setting: object, override: float | None) -> dict[str, float]:
    """Percent per gated file: --max-removal, else settings.max_removal (one number or per file), else 10."""
    if override is not None:
        return dict.fromkeys(GATED, override)
    if isinstance(setting, dict):
        return {t: float(setting.get(t, DEFAULT_LIMIT)) for t in GATED}
    return dict.fromkeys(GATED, float(setting) if isinstance(setting, int | float) else DEFAULT_LIMIT)


DEFAULT_LIMIT = 10.0
# Errors and warnings together may leave out at most this percent of a required export's rows
# (or the removal limit, when higher): a warning alone is one record's problem (a teacher with
# no email), but half an export lost to them is the export's (no email domain set for staff).
WARNINGS_LIMIT = 50.0


def keep_history(out_dir: Path, *, keep: int, now: dt.datetime, report: Report | None = None) -> None:
    """Copy the published set into the state folder; keep the newest `keep` copies. Each kept
    copy's numbers (rows per file, problem totals: the trend the HTML report draws) are in
    `history.json` beside the copies' folder, by copy name: a copy holds the set alone, as it
    goes back over the output whole. A set the newest copy holds byte for byte is not copied
    again: that copy's numbers become tonight's (its published_at the latest publication)."""
    if keep <= 0:
        return
    history = state_folder(out_dir) / "history"
    copies = sorted(p for p in history.iterdir() if p.is_dir()) if history.is_dir() else []
    if copies and _same_set(out_dir, copies[-1]):
        # A night with no change: a copy of it would push out the set before the last real change,
        # the one a rollback needs (tester51 F7: 14 quiet nights emptied --keep 14 of every other
        # set). The newest copy is tonight's set: its numbers say so (when, for `kept_copy`).
        target = copies[-1]
    else:
        target = _copy_name(history, now)
        shutil.copytree(out_dir, target)
    for old in sorted(p for p in history.iterdir() if p.is_dir())[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    numbers = history.with_suffix(".json")
    kept = read_history(numbers)
    if report is not None:
        kept[target.name] = {
            "published_at": now.isoformat(timespec="seconds"),
            "rows_written": dict(report.rows_written),
            "totals": report.to_dict()["totals"],
        }
    kept = {name: entry for name, entry in kept.items() if (history / name).is_dir()}
    write.write_whole(numbers, json.dumps(kept, indent=2, sort_keys=True) + "\n")


def _same_set(out_dir: Path, copy: Path) -> bool:
    """Whether a kept copy holds the published set's files, byte for byte, and no others."""
    names = sorted(p.name for p in out_dir.iterdir() if p.is_file())
    if names != sorted(p.name for p in copy.iterdir() if p.is_file()):
        return False
    return all(filecmp.cmp(out_dir / name, copy / name, shallow=False) for name in names)


def _copy_name(history: Path, now: dt.datetime) -> Path:
    """A folder of its own for this run's copy, named by when it was published; a second run
    in the same second gets `.02` after it (and so on), which sorts after the first: a shared
    folder would hold one copy for two runs and lose the first one's numbers. The number follows
    the highest one of that second still kept, not the first free one: with more runs in a second
    than --keep, the first name is freed while `.02` is kept, and a copy taking it back sorted
    as the oldest (the newest set removed at once, a rollback compared with an older one: CI)."""
    first = history / now.strftime("%Y%m%dT%H%M%SZ")
    taken = [1 if p.name == first.name else _same_second(p.name, first.name) for p in history.glob(f"{first.name}*")]
    n = max(taken, default=0)
    return first if n == 0 else first.with_name(f"{first.name}.{n + 1:02d}")


def _same_second(name: str, first: str) -> int:
    """The number after a copy name of the same second (`first.07`: 7), 0 for any other name."""
    number = name[len(first) + 1 :]
    return int(number) if name.startswith(first + ".") and number.isdigit() else 0


def read_history(path: Path) -> dict[str, Any]:
    """The numbers of the kept copies ({} when none were kept, or the file is damaged: they are
    a picture of the past, never a reason to stop a run)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def check_complete(
    report: Report, *, required: list[str], fed: dict[str, list[str]], limit: float, allow_incomplete: bool
) -> frozenset[str]:
    """Refuse, on the first run as on any other, a set that errors emptied: a required export
    with more than `limit` percent of its rows left out by error-level problems, or an output
    file that comes out empty although exports with rows feed it. With --allow-incomplete,
    publish and say so. `fed`: output files (those that hold only what others refer to left
    out) and the exports with rows that feed them. Returned: the exports whose rows were
    refused (X915, or X918 for them)."""
    left_out = report.left_out
    lost_rows = False  # an export's rows were (X915, or X918 with --allow-incomplete): said once
    judged: set[str] = set()
    for file in required:
        total = report.rows_read.get(file, 0)
        for warnings, file_limit in ((False, limit), (True, max(limit, WARNINGS_LIMIT))):
            rows, top = left_out.error_rows(file, warnings=warnings), left_out.top_error(file, warnings=warnings)
            if total and top is not None and rows * 100 > file_limit * total:
                _refuse_lost_rows(
                    report,
                    file,
                    rows,
                    total,
                    top,
                    limit=file_limit,
                    warnings=warnings,
                    allow_incomplete=allow_incomplete,
                    classes=fed.get(CLASS_TABLE, []),
                )
                lost_rows = True
                judged.add(file)
                break
    if not lost_rows:
        _check_tables(report, limit=limit, allow_incomplete=allow_incomplete)
    if "X910" in report.counts:
        return frozenset(judged)  # an empty export refused (X910) empties what it feeds: said once
    # An empty export accepted with --allow-rollover (a new year's schedule not built yet) feeds
    # nothing: what the others feed is still checked (tester18 F6: a header-only students export
    # published 0 classes and 0 enrolments, exit 0).
    for table, files in fed.items():
        if report.rows_written.get(f"{table}.csv", 0):
            continue
        where = Where(file=f"{table}.csv")
        cause, top = _cause(report, table)
        if allow_incomplete:
            # What emptied it, said where it is published (tester45 F2: 0 classes at exit 0, quietly)
            said = f" ({cause.removeprefix('; ')})" if cause else ""
            report.add(codes.code("incomplete-allowed"), where, detail=f"{table}.csv is empty{said}")
            continue
        report.add(
            codes.code("table-empty"),
            where,
            table=table,
            files=" and ".join(files),
            rows=sum(report.rows_read.get(f, 0) for f in files),
            cause=cause,
            top_id=top.id if top else "",  # its fix is the next step (report.summary.next_step)
        )
    return frozenset(judged)


def named(report: Report, top: Code, file: str = "") -> str:
    """A code that left out most records, as a refusal names it; one of IDs written otherwise
    (V608) with its first example's two IDs (of `file`, when given), the cause in the exports' own
    terms: "'576776' is '00576776' of users.csv but for leading zeros" (tester28 R6: a refusal
    that said the code alone read like any records left out, and was taken for a filter's)."""
    text = f"{top.id} {top.slug}"
    if top.slug == "guardian-contact-unread" and (unread := report.examples.get(top.id)):
        # Why: the export had their phone or email, unread (tester63 F2: "has no email" read as on purpose).
        return f"{text} (their phone or email in the export could not be read; the first: {unread[0].params['unread']})"
    if top.slug == "join-missing" and (conflicts := report.examples.get(codes.code("join-key-conflict").id)):
        # A key on two rows of the joined export with other data joins no row (D327): the cause to
        # fix is those rows, not a row missing (tester43 F5: next year's term rows beside this year's).
        conflict = conflicts[0]
        at = f"{conflict.where.file}:{conflict.where.line}" if conflict.where.line else conflict.where.file
        narrow = (report.facts.get(NARROW_JOINS) or {}).get(conflict.params.get("source"))
        # Every key on several rows: the join's `on` may be too narrow (tester57 F11: terms joined
        # on Term alone), or the export lists another year's rows under the same keys (tester43 F5).
        differ = f", that differ in {narrow['apart']}" if narrow and narrow["apart"] else ""
        every = (
            f"; every {narrow['key']} of {conflict.params.get('source')} is on several rows{differ}: the join's "
            "on is too narrow, or the export lists another year's rows under the same keys"
            if narrow
            else ""
        )
        return (
            f"{text}, after {codes.code('join-key-conflict').id} join-key-conflict (a key on two rows of "
            f"{conflict.params.get('source')} with other data, {conflict.params.get('key')} the first, at {at})"
            f"{every}"
        )
    if top.slug not in ("reference-written-otherwise", "join-key-written-otherwise"):
        return text
    examples = report.examples.get(top.id, [])
    first = report.left_out.first_error.get((file, top.id)) if file else None
    said = next(
        (p for p in examples if first is not None and (p.where.file, p.where.line) == (first.file, first.line)),
        next((p for p in examples if not file or p.where.file == file), None),
    )
    if said is None:
        return text
    params, how = said.params, said.params.get("how")
    if top.slug == "join-key-written-otherwise":  # D386: "CN='300' is CN='0300' of courses but for ..."
        return f"{text} ({params.get('key')} is {params.get('twin')} of {params.get('source')} but for {how})"
    twin = f"{params.get('value')!r} is {params.get('twin')!r} of {params.get('target')} but for {how}"
    return f"{text} ({twin})"


def _cause(report: Report, table: str) -> tuple[str, Code | None]:
    """What left out most records of an output file that would be empty, in words, and the code
    whose fix is the next step: when its classes were left empty (F412) because their students'
    enrolments were left out, what left out most of those."""
    top = report.left_out.top_in_table(table)
    if top is None:
        return "", None
    emptied = _classes_emptied(report, table)
    if emptied and (classes := report.left_out.top_in_table(CLASS_TABLE)) and classes.slug != "class-empty":
        # The filters left out other classes (another term's, F411/F405), as meant: the classes
        # they kept are the set, and it is what emptied those that left none (tester45 F2: --term
        # S2 before its window was refused as F411, when every S2 enrolment had not started, F426).
        behind = _emptied_by(report, emptied=True)
        text = f"; every class the filters kept ({emptied}) was left out as F412 class-empty"
        if behind is None:
            return text, codes.code("class-empty")
        return f"{text}, their students' enrolments as {named(report, behind)}", behind
    error = report.left_out.top_error_in_table(table)
    if error is not None and top.severity is not Severity.ERROR:
        # An error beside a filter that left out more records (the lunch rows, F406) is the cause
        # to fix: two classes under one ID held every other row (V592, tester57 F4).
        code, records = error
        share = sum(n for (cid, _, where), n in report.left_out.places.items() if cid == top.id and where == table)
        return (
            f"; {records:,} of its records were left out as {named(report, code)}, an error (and {share:,} as "
            f"{top.id} {top.slug}, as the profile means)",
            code,
        )
    cause = f"; most of its records were left out as {named(report, top)}"
    behind = _emptied_by(report, top)
    if behind is None:
        return cause, top
    if top.slug == "class-empty":
        return f"{cause}, their students' enrolments as {named(report, behind)}", behind
    return f"{cause}, of classes left empty (F412) as their students' were left out as {named(report, behind)}", behind


def _classes_emptied(report: Report, table: str) -> int:
    """The classes left out as empty (F412) when an empty classes or enrolments file is the
    filters' classes all left empty; 0 otherwise."""
    if table not in (CLASS_TABLE, "enrollments"):
        return 0
    empty = codes.code("class-empty").id
    return sum(n for (cid, _, where), n in report.left_out.places.items() if cid == empty and where == CLASS_TABLE)


def _emptied_by(report: Report, top: Code | None = None, *, emptied: bool = False) -> Code | None:
    """When an output file is empty because its classes had no student left (F412; or its
    enrolments followed such classes, V503), and what left out most of the other enrolments is
    an error (a schedule export whose student IDs lost their zeros, V608): that error, the cause
    to fix; else None (students withdrawn, V504: F412 is the cause told). `emptied`: the classes
    the filters kept were all left empty; what left out their enrolments is named whatever its
    severity (not started, F426), unless it only follows a user left out (V504)."""
    left_out = report.left_out
    if not emptied:
        assert top is not None
        classes = left_out.top_in_table("classes") if top.slug == "follows-dropped-class" else top
        if classes is None or classes.slug != "class-empty":
            return None
    enrolments: Counter[str] = Counter()
    for (cid, _, table), count in left_out.places.items():
        if table == "enrollments" and left_out.codes[cid].slug != "follows-dropped-class":
            enrolments[cid] += count  # the enrolments of the empty classes follow them: no cause
    if not enrolments:
        return None
    (cid, _), *_ = sorted(enrolments.items(), key=lambda item: (-item[1], item[0]))
    behind = left_out.codes[cid]
    if behind.severity is codes.Severity.ERROR or (emptied and behind.slug != "follows-dropped-user"):
        return behind
    return None


# A record that only adds to another: a student whose birth date is unreadable is in users.csv
# without it (D304, reported per student), the rostering whole.
_DETAILS = frozenset({"demographics"})


def _check_tables(report: Report, *, limit: float, allow_incomplete: bool) -> None:
    """Refuse a set one of whose output files errors cut by more than `limit` percent, where the
    exports' rows are not lost: a row of a flat export (a student and a class on one line) makes a
    user, a class and an enrolment, and an error leaving out the class and the enrolment leaves
    the row's user written, so X915 does not count the row. Counted per output file: the records
    errors left out of it against the rows of the exports they were made from (X961)."""
    lost: Counter[str] = Counter()
    files: dict[str, set[str]] = {}
    top: dict[str, Counter[str]] = {}
    for (cid, file, table), count in report.left_out.own_errors.items():
        if table not in _DETAILS:
            lost[table] += count
            files.setdefault(table, set()).add(file)
            top.setdefault(table, Counter())[cid] += count
    for table, count in sorted(lost.items()):
        total = sum(report.rows_read.get(file, 0) for file in files[table])
        if not total or count * 100 <= limit * total:
            continue
        (cid, _), *_ = sorted(top[table].items(), key=lambda item: (-item[1], item[0]))
        code = report.left_out.codes[cid]
        percent = round(min(count, total) * 100 / total, 1)
        shown = " and ".join(sorted(files[table]))
        if allow_incomplete:
            detail = f"errors left out {count} records of {table}.csv made from the {total} rows of {shown}"
            report.add(codes.code("incomplete-allowed"), Where(file=f"{table}.csv"), detail=detail)
            continue
        report.add(
            codes.code("table-errors-over-limit"),
            Where(file=f"{table}.csv", table=table),
            table=table,
            lost=count,
            total=total,
            files=shown,
            percent=percent,
            limit=limit,
            top=named(report, code),
            top_id=code.id,  # its fix is the next step (report.summary.next_step)
        )


def _refuse_lost_rows(
    report: Report,
    file: str,
    rows: int,
    total: int,
    top: Code,
    *,
    limit: float,
    warnings: bool,
    allow_incomplete: bool,
    classes: list[str],
) -> None:
    where = report.left_out.first_error[file, top.id]
    kind = "errors and warnings" if warnings else "errors"
    # Rows naming classes the classes export does not hold: said with their cause (tester59 C1).
    unheld = unheld_classes.said(report, file, classes) if unheld_classes.is_unheld(top.slug) else ""
    if allow_incomplete:
        detail = f"{kind} left out {rows} of the {total} rows of {file}" + (f" ({unheld})" if unheld else "")
        report.add(codes.code("incomplete-allowed"), where, detail=detail)
        return
    report.add(
        codes.code("export-errors-over-limit"),
        where,
        file=file,
        kind=kind,
        rows=rows,
        total=total,
        percent=round(rows * 100 / total, 1),
        limit=limit,
        top=f"{top.id} {top.slug} ({unheld})" if unheld else named(report, top, file),
        top_id=top.id,  # its fix is the next step (report.summary.next_step)
        unheld=" or ".join(classes) if unheld else "",
        # its class column holding people's IDs (tester56 T3)
        people=unheld_classes.people_named(report, file, subject=f"{file}'s") if unheld else "",
        # the IDs' shape against the classes' and the profile's two templates (tester89 T8)
        **(unheld_classes.shape_params(report, file) if unheld else {}),
    )


def export_limit(setting: object, override: float | None) -> float:
    """Percent of an export's rows errors may leave out: --max-removal, else settings.max_removal
    (one number, or the smallest of the per-file ones), else 10."""
    if override is not None:
        return override
    if isinstance(setting, dict):
        return min(removal_limits(setting, None).values())
    return float(setting) if isinstance(setting, int | float) else DEFAULT_LIMIT


# --- user IDs given to other people -----------------------------------------------------------
# A user ID is "a unique and constant identifier for each user": an ID of the last published set
# that now names someone else (both names differ, or one name and the birth date: the rule of
# docs/identity.md, V570; without a birth date, the given name and every contact point) moves one
# person's messages, classes and parents to another person. Remind cannot tell; a shifted
# Student_Number column does it to a whole school in one night.
DEFAULT_REASSIGNED_LIMIT = 1.0  # percent of the user IDs in both sets
REASSIGNED_AT_LEAST = 3  # fewer are refused never: a correction of one or two records happens
REASSIGNED_EXAMPLES = 3
_PART = (1 << 20) - 1  # each of given name, family name and birth date as a 20-bit hash; 0 = blank
_NAMES = (1 << 40) - 1  # the given and the family name of a person word


@dataclass(slots=True)
class Reassigned:
    common: int = 0  # user IDs in both the last published set and tonight's
    ids: list[str] = field(default_factory=list)  # those that now name another person, sorted
    # Of `ids`, those told by the given name and the contact points alone (no birth date, the
    # family name kept): said, never refused (a preferred name not listed as a form of the name
    # comes with its own email, tester21 F1).
    given_only: set[str] = field(default_factory=set)

    @property
    def percent(self) -> float:
        return len(self.ids) * 100 / self.common if self.common else 0.0


def reassigned(previous_dir: Path | None, staged: Path, users: Change | None = None) -> Reassigned:
    """The user IDs of the last published set whose person changed tonight. Held: one 64-bit
    word per previous user (hashes of the given name, the family name and the birth date, as
    written), and the IDs found; the new set streams past them. Names written as they were are
    the same names: only the IDs whose names were written otherwise are compared in the form
    people are matched by (`identity.plain`), their names read again from the last set, and the
    new set's demographics only for the IDs whose one name changed. `users`: compare's count of
    users.csv, whose records, none changed, name the people they named (a birth date is looked
    at only beside a changed name)."""
    found = Reassigned()
    old_users = previous_dir / "users.csv" if previous_dir else None
    if old_users is None or not old_users.is_file():
        return found
    if users is not None and not users.changed:
        found.common = users.now - users.added
        return found
    old = _people_of(old_users)
    written: dict[str, int] = {}  # ID -> tonight's names as people are matched, where not as written
    for sourced_id, given, family in _names_in(staged / "users.csv"):
        person = old.get_hash(id_hash(sourced_id))
        if person is None:
            continue
        found.common += 1
        if person & _NAMES != _as_written(given, family):
            written[sourced_id] = _person(given, family)
    one_name: dict[str, int] = {}  # ID -> the birth date it had, when only one name changed
    names: dict[str, tuple[int, int]] = {}  # ID -> its names before and tonight, when one changed
    both: list[str] = []  # IDs whose two names changed
    for sourced_id, before, tonight in _written_otherwise(old_users, written):
        changed = _names_changed(before, tonight)
        if changed == 2:
            both.append(sourced_id)
        elif changed == 1:
            names[sourced_id] = (before, tonight)
            born = (old.get_hash(id_hash(sourced_id)) or 0) >> 40
            if born:
                one_name[sourced_id] = born
    found.ids += _words_otherwise(old_users, staged / "users.csv", set(both))
    swapped = _exchanged(names)
    found.ids += swapped
    found.ids += _born_otherwise(staged, {k: v for k, v in one_name.items() if k not in swapped})
    given_only = {  # no birth date to tell: the contact points do (tester19 F1)
        sourced_id
        for sourced_id, (before, tonight) in names.items()
        if sourced_id not in swapped and sourced_id not in one_name and before >> 20 == tonight >> 20
    }
    found.given_only = set(_reached_otherwise(old_users, staged / "users.csv", given_only))
    found.ids += sorted(found.given_only)
    found.ids.sort()
    return found


# What else says who a user is, beside the names: a person keeps their email, phone or username
# through a corrected given name more often than not; an ID given to another person of the same
# family name (a staff number reused for a new hire, a parent record typed over with the
# stepfather, P1/P2 after a custody change) comes with the other person's.
_POINTS = ("email", "phone", "username")


def _points_of(values: dict[str, str], sourced_id: str) -> dict[str, frozenset[str]]:
    """A user's contact points as compared: the email and the username by case, the phones
    (phone and sms, either) by their digits; a username that is the user's own ID says nothing."""
    email = values.get("email", "").strip().casefold()
    phones = {"".join(c for c in values.get(column, "") if c.isdigit()) for column in ("phone", "sms")}
    username = values.get("username", "").strip().casefold()
    return {
        "email": frozenset({email} - {""}),
        "phone": frozenset(phones - {""}),
        "username": frozenset({username} - {"", sourced_id.casefold()}),
    }


def _reached_otherwise(old_users: Path, new_users: Path, wanted: set[str]) -> list[str]:
    """The IDs of `wanted` (only the given name changed, no birth date to compare) that name
    another person: every contact point both sets hold for the ID changed (at least one), and
    the given name is not another form of the one it had (`given_variant`). A corrected name
    keeps an email, a phone or a username, or is a spelling of the name ("Jon" -> "John",
    "Bill" -> "William"); an ID with no contact point on either side is taken for corrected, as
    before. Both sets are read again for these few IDs alone."""
    if not wanted:
        return []
    before = {
        sourced_id: (identity.name_parts(values)[0], _points_of(values, sourced_id))
        for values, sourced_id in records_of(old_users)
        if sourced_id in wanted
    }
    found: list[str] = []
    for values, sourced_id in records_of(new_users):
        if sourced_id not in before:
            continue
        given, points = before.pop(sourced_id)
        tonight = _points_of(values, sourced_id)
        compared = [(points[p], tonight[p]) for p in _POINTS if points[p] and tonight[p]]
        changed = bool(compared) and all(not (a & b) for a, b in compared)
        if changed and not identity.given_variant(given, identity.name_parts(values)[0]):
            found.append(sourced_id)
    return found


def _born_otherwise(staged: Path, one_name: dict[str, int]) -> list[str]:
    """The IDs of `one_name` (ID -> the birth date it had) born on another day tonight."""
    found: list[str] = []
    for values, sourced_id in records_of(staged / "demographics.csv", "birthDate") if one_name else ():
        born = one_name.get(sourced_id)
        now = _part(values.get("birthDate", ""))
        if born is not None and now and now != born:
            found.append(sourced_id)
    return found


def _written_otherwise(old_users: Path, written: dict[str, int]) -> Iterator[tuple[str, int, int]]:
    """(ID, its names before, tonight's) in the matching form, for the IDs whose names tonight
    are not written as they were (`written`: ID -> tonight's names)."""
    for sourced_id, given, family in _names_in(old_users) if written else ():
        tonight = written.get(sourced_id)
        if tonight is not None:
            yield sourced_id, _person(given, family), tonight


def _people_of(users: Path) -> CompactMap:
    """A set's users as words: their names as written, and a student's birth date from
    demographics.csv."""
    old = CompactMap()
    for sourced_id, given, family in _names_in(users):
        old.setdefault_hash(id_hash(sourced_id), _as_written(given, family))
    for values, sourced_id in records_of(users.with_name("demographics.csv"), "birthDate"):
        h = id_hash(sourced_id)
        person = old.get_hash(h)
        if person is not None:
            old.replace_hash(h, person | _part(values.get("birthDate", "")) << 40)
    return old


def _names_in(users: Path) -> Iterator[tuple[str, str, str]]:
    """(sourcedId, givenName, familyName) of each user of a written users.csv."""
    fast = set_sql.columns(users, ("sourcedId", "givenName", "familyName"))
    if fast is not None:
        yield from ((sourced_id, given, family) for sourced_id, given, family in fast)
        return
    header: list[str] = []
    given_at = family_at = -1
    for row, position in set_files.records(users, header):
        if given_at < 0:
            given_at, family_at = (header.index(c) if c in header else len(header) for c in ("givenName", "familyName"))
        width = len(row)
        yield row[position], row[given_at] if given_at < width else "", row[family_at] if family_at < width else ""


def _name_words(values: dict[str, str]) -> tuple[frozenset[str], frozenset[str]]:
    """The words of a person's two names, and of their whole name (with the middle names), as people
    are matched by them (`identity.plain`)."""
    two = f"{identity.plain(values.get('givenName', ''))} {identity.plain(values.get('familyName', ''))}"
    return frozenset(two.split()), frozenset(f"{two} {identity.plain(values.get('middleName', ''))}".split())


def _words_otherwise(old_users: Path, new_users: Path, wanted: set[str]) -> list[str]:
    """The IDs of `wanted` (both names changed) that name another person: the words of their
    names changed too. Both names read tonight from the words they had is a profile's name mapping
    changed, not a person: one 'Okafor, Sofia' column read whole into both names one night and
    with name_given and name_family the next (tester57 F10: refused as 40 IDs given to other
    people, whose step, "fix the ID column", did not apply); so are the words of the whole name
    moved between its parts by a new version's split of a name field ("de la Cruz Rosa": given
    "de", middle "la Cruz", family "Rosa" in stop 48, Rosa de la Cruz now, names49). Both sets are
    read again for these IDs."""
    if not wanted:
        return []
    before = {sourced_id: _name_words(values) for values, sourced_id in records_of(old_users) if sourced_id in wanted}
    return sorted(
        sourced_id
        for values, sourced_id in records_of(new_users)
        if sourced_id in before and all(a != b for a, b in zip(_name_words(values), before[sourced_id], strict=True))
    )


def _exchanged(names: dict[str, tuple[int, int]]) -> list[str]:
    """IDs that exchanged their people: tonight A names whom B named, and B whom A named. One
    name differs (twins share the family name and the birth date, a couple the family name),
    which alone reads as a corrected name; an exchange is no correction (tester15 F5: twins'
    numbers swapped by the SIS, a couple moved between the Mother and Father columns)."""
    before: dict[int, list[str]] = {}
    for sourced_id, (was, _) in names.items():
        before.setdefault(was, []).append(sourced_id)
    found = {
        sourced_id
        for sourced_id, (was, now) in names.items()
        for other in before.get(now, ())
        if other != sourced_id and names[other][1] == was
    }
    return sorted(found)


def columns_of(path: Path, *names: str) -> Iterator[tuple[str, ...]]:
    """The named columns of each record of a written file ("" for a column it lacks): without
    a dict per row, for a gate that reads every enrolment of the largest district."""
    fast = set_sql.columns(path, names)
    if fast is not None:
        yield from fast
        return
    yield from set_files.columns(path, *names)


def _part(text: str) -> int:
    return (short_hash(text) & _PART) or 1 if text else 0


def _person(given: str, family: str) -> int:
    """The two names as people are matched by them (`identity.plain`)."""
    plain_given, plain_family = identity.name_parts({"givenName": given, "familyName": family})
    return _part(plain_given) | _part(plain_family) << 20


def _as_written(given: str, family: str) -> int:
    return _part(given) | _part(family) << 20


def _names_changed(before: int, now: int) -> int:
    """How many of the two names differ (a blank one never does; given and family swapped do not)."""
    old_given, old_family, new_given, new_family = before & _PART, before >> 20 & _PART, now & _PART, now >> 20 & _PART
    if (new_given, new_family) == (old_family, old_given):
        return 0
    return sum(1 for a, b in ((old_given, new_given), (old_family, new_family)) if a and b and a != b)


def reassigned_limit(setting: object, override: float | None) -> float:
    """Percent of the user IDs in both sets that may name another person: --max-reassigned, else
    settings.max_reassigned, else 1."""
    if override is not None:
        return override
    return float(setting) if isinstance(setting, int | float) else DEFAULT_REASSIGNED_LIMIT


def gate_reassigned(found: Reassigned, night: Night, *, limit: float) -> None:
    """Refuse a set in which more than `limit` percent (and at least 3) of the user IDs both sets
    hold name another person (X938); with --allow-rollover, or under the limit, publish and list
    them (X939). The examples' names are read again, for them alone."""
    previous, staged, report, allow_rollover = night.previous, night.staged, night.report, night.allow_rollover
    report.facts["reassigned"] = {"common": found.common, "reassigned": len(found.ids), "limit": limit}
    if not found.ids:
        return
    shown = found.ids[:REASSIGNED_EXAMPLES]
    before, now = _names_of(previous / "users.csv", shown), _names_of(staged / "users.csv", shown)
    more = f"; {len(found.ids) - len(shown)} more" if len(found.ids) > len(shown) else ""
    params = {
        "count": len(found.ids),
        "common": found.common,
        "percent": round(found.percent, 1),
        "limit": limit,
        "people": "; ".join(f"{i}: {pair(before.get(i, '?'), now.get(i, '?'))}" for i in shown) + more,
        # --redact keeps the IDs, which a person checks, and leaves the names out (tester48 F1)
        "people_redacted": "; ".join(f"{i}: <redacted>" for i in shown) + more,
    }
    report.reassigned_ids.update(found.ids)
    refusable = len(found.ids) - len(found.given_only)
    over = refusable >= REASSIGNED_AT_LEAST and refusable * 100 > limit * found.common
    where = Where(file="users.csv")
    if over and not allow_rollover:
        report.add(codes.code("ids-reassigned-over-limit"), where, **params)
        return
    if over:
        why = "--allow-rollover"
    elif len(found.ids) >= REASSIGNED_AT_LEAST and found.percent > limit:
        why = (
            f"{len(found.given_only)} of them told only by a new given name and new contact points, which a "
            "preferred name brings too: never refused, check them"
        )
    else:
        why = f"under the limit: refused only from {REASSIGNED_AT_LEAST} IDs and above {limit}%"
    report.add(codes.code("ids-reassigned"), where, why=why, **params)


def _names_of(path: Path, wanted: list[str]) -> dict[str, str]:
    keep = set(wanted)
    return {
        sourced_id: " ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n)
        for values, sourced_id in records_of(path)
        if sourced_id in keep
    }
