"""Classes gone at a term change that only last.json's terms_published dates (heldback63, from tester85).

A profile whose classes carry no term ID (no filters.current_term, the harbor district of the tests: the
sections' own TermStart/TermEnd read by unfiltered_terms) gives the gate nothing to judge a removed class by
(gate.compare reads the last set's termSourcedIds): the SIS dropping the fall's sections on the spring's first
day was refused (X906: "no new term or school year does that") every night with OUT kept after each upload,
while OUT emptied published (X973). last.json's terms_published (held_back.TERMS_KEY) records, by school, the
classes published under each term with its dates: a removed class recorded so is of a term that ended.

It is a term change, explained as gate._term_replaced explains one (into Change.ended_then and replaced, then
gate.explain_terms_replaced, which still counts them where tonight's set leaves students in no class): the
recorded term ended before tonight, at most a break before the day the last set was made (a set made through
the break, the ended term still exported, held it since),
and a term of tonight's set at the class's school (held_back.published: tonight's classes by school and term,
with the term's dates) began after it ended, a break apart at most, by tonight, in the same school year. Only
the dates recorded then judge it: a term whose end tonight's export moves before tonight explains nothing, nor
does a school whose next term has no class tonight, nor a term still running.

An ended term's classes gone at a school (either way: gate._term_replaced's or this module's) stay counted where
tonight's set holds fewer classes of the terms begun since there than half of those lost (`thin_followers`,
review197 R1: a spring export cut at one school on its first night published at exit 0).

On such a night (and where the term filter left the ended term's classes out, Change.ended) the new term's
enrolments are all new and the ended term's explained: nothing compares them. A school whose new term's classes
hold under three quarters of the student enrolments its ended term's classes held is refused (`thin_schedules`,
`gate_schedules`: X710, --allow-rollover X711; review197 R2: the spring's sections all there, half of their
schedule rows cut, published at exit 0). The day each lost class's term ended is the Change's data
(Change.ended_on), not read back out of its words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transform.cleaners.school_year import SchoolYear
from transform.pipeline.filters import SCHOOL_YEAR_GAP_DAYS
from transform.report import codes
from transform.report.problem import Where

from . import flags_left_in, gate, set_files
from .filters import Term
from .gate import BY_THE_LAST_SET, Change

Span = tuple[str, str, dt.date, dt.date]  # school, term key, first day, last day


def recorded(pairs: object) -> dict[str, Span]:
    """held_back.TERMS_KEY's entries ([school, key, [class IDs], "start/end"]) as class ID -> its school, term
    key and dates; a pair with no key or dates is none (its classes were kept by ID, or their term not read)."""
    found: dict[str, Span] = {}
    for pair in pairs if isinstance(pairs, list) else ():
        span = _span(pair[3]) if isinstance(pair, list) and len(pair) > 3 and pair[1] else None
        if span is not None:
            for cid in pair[2]:
                found[str(cid)] = (str(pair[0]), str(pair[1]), *span)
    return found


def _span(text: object) -> tuple[dt.date, dt.date] | None:
    if not isinstance(text, str) or "/" not in text:
        return None
    try:
        start, end = (dt.date.fromisoformat(part) for part in text.split("/", 1))
    except ValueError:
        return None
    return start, end


def explain(
    changes: dict[str, Change],
    *,
    state: Mapping[str, Any],
    tonight_terms: Sequence[Sequence[Any]],
    previous: Path | None,
    nights: tuple[dt.date | None, dt.date | None],
    years: SchoolYear,
    compared: bool = True,
) -> None:
    """Note the removed classes (and their enrolments) of a term last.json recorded published that ended at a
    term change (the module's doc) as replaced: `tonight_terms` is tonight's held_back.published, `nights` the
    last set's as-of date and tonight's; `compared`: False against a --previous set (last.json records another)."""
    classes = changes.get("classes")
    made, tonight = nights
    if not compared or classes is None or previous is None or made is None or tonight is None or not classes.removed:
        return
    spans = recorded(state.get("terms_published"))
    begun = _begun(tonight_terms, tonight)
    gone: dict[str, str] = {}
    for cid in classes.removed:
        if cid in classes.ended or cid in classes.ended_then or cid in classes.moved or cid not in spans:
            continue
        school, key, _, end = spans[cid]
        if _ended_lately(end, nights=(made, tonight), years=years) and _followed(begun.get(school, ()), end):
            gone[cid] = f"{key} ended {end.isoformat()}{BY_THE_LAST_SET}"
            classes.ended_on[cid] = end
    if not gone:
        return
    for cid, why in gone.items():
        classes.ended_then[cid] = classes.replaced[cid] = why
    enrolments = changes.get("enrollments")
    if enrolments is None or not enrolments.removed:
        return
    removed = set(enrolments.removed) - set(enrolments.ended)
    for values, key in set_files.records_of(previous / "enrollments.csv"):
        said = gone.get(values.get("classSourcedId", ""), "")
        if key in removed and said:
            enrolments.ended_then[key] = enrolments.replaced[key] = said


def _ended_lately(end: dt.date, *, nights: tuple[dt.date, dt.date], years: SchoolYear) -> bool:
    """A term that ended before tonight in tonight's school year, a break at most before the last set was
    made: a nightly job publishing through the break (the fall kept in the export to the spring's eve) made
    its last set after the fall ended (review192 R2: refused every night from the spring's first day)."""
    made, tonight = nights
    return end < tonight and (made - end).days <= SCHOOL_YEAR_GAP_DAYS and years.of(end) == years.of(tonight)


def _begun(tonight_terms: Sequence[Sequence[Any]], tonight: dt.date) -> dict[str, list[dt.date]]:
    """The first days of the terms of tonight's classes begun by tonight, by school."""
    found: dict[str, list[dt.date]] = {}
    for entry in tonight_terms:
        span = _span(entry[3]) if len(entry) > 3 and entry[1] and entry[2] else None
        if span is not None and span[0] <= tonight:
            found.setdefault(str(entry[0]), []).append(span[0])
    return found


def _followed(starts: Sequence[dt.date], end: dt.date) -> bool:
    """A term of tonight's set at the school began after `end`, a break apart at most."""
    return any(end < start and (start - end).days <= SCHOOL_YEAR_GAP_DAYS for start in starts)


THIN_KEY = "thin_followers"  # report.facts: school -> [classes of the terms begun since, ended ones lost]
SCHEDULES_KEY = "thin_schedules"  # report.facts: school -> `Schedules`' numbers, in its fields' order


@dataclass(frozen=True, slots=True)
class Thin:
    """When a school's new term's schedule rows are too few (`thin_schedules`, X710), and why, in one place.

    `share` and `noise`: the classes of the terms begun since hold fewer student enrolments than `share` of what
    the ended term's classes gone there held (`Schedules.expected`) and fewer by `noise` times its square root or
    more. An honest term change enrols a school's students in the new term about as the ended one did, give or
    take what their own choices move: about the square root of the enrolments. The synthetic district
    (benchmarks.synthetic: each student's sections drawn at random from the school's, whatever their term, far
    noisier than a school's timetable) over 20 seeds: at 1,000 students no school under the share with
    semesters, 5 with trimesters, at most 2.4 roots short; at 200 and 300 students (10 and 15 a school) 14 to 59
    under it, one 3.01 roots short (trimesters, 200). So a cut of half a school's rows is refused from 36
    enrolments expected, of a third from 81: a school of 4 sections of 20.

    `under`: that many so few are a cut, not a lighter load, only where the cut shows in the students' own loads
    (review206 R2, review207 R2): of the students at the school tonight the ended term's classes held, this share
    or more keep under half of the ended term's classes they had there (`_cut`), two or more lost, or the only
    class they had there. One class lost beside classes running on there (year-long) is a student's choice
    (review207 R3: a school of year-long classes whose students take a semester's Health in the fall and some a
    semester's PE in the spring); but the classes running on hide no cut of the term's (review214: counted in the
    load, a school of 3 sections and a year-long class whose export kept one schedule row a student, 45 of 135, or
    every other row of a file sorted by student, 68, or a random third cut left each student at half or more of
    4: published at exit 0). An honest lighter load lowers every student's alike: 3 of 3 to 2, 8 to 6 or even 4,
    none under half. A cut of the export's rows at random leaves a student of P classes of the term Binomial(P,
    1-f) of them: under half of 8 with a half cut 36 %, a third 9.5 %, 30 % 5.8 % (of 6: 34 %, 10.7 %, 7.0 %; of 3
    a third 26 %, of 2 11 %); a file cut short or a job stopped part-way takes whole students, all under half. At
    5 % a cut of a third of the rows is refused at 2 to 8 periods, where the 10 % of students in no class
    (heldback65) let a half cut at 8 periods through ((1/2)^8: 0.4 % in none); an honest school's students whose
    load halves at the turn (a senior on a half day) are few, and the aggregate must be short too. A cut leaving
    every student exactly half (every other row of a file sorted by student, each with an even number of the
    term's classes) is an honest 8 to 4 by the loads: where the students share a timetable it empties whole
    sections, which tell it. Or, where the students are in fewer sections than the ended term had
    (`Schedules.sections` - `emptied` < `lost`), a section of the new term exported with no student (F412): whole
    sections' rows gone (review206 R1). An empty section beside as many filled as the ended term had is one nobody
    chose (review207 R4), no evidence: a lighter load with it publishes."""

    share: float = 0.75
    noise: float = 3.0
    under: float = 0.05


THIN = Thin()


@dataclass(frozen=True, slots=True)
class Begun:
    """By school: the staged classes of a term begun since the school's ended term ended, by tonight (`classes`);
    and those no term lookup judges (`unjudged`: a term ID tonight's terms do not hold, or none, and no date of
    hold-back's), which may be of a begun term: a school with such classes and none judged begun is not known
    to be between terms (review200 R1)."""

    classes: dict[str, set[str]]
    unjudged: dict[str, set[str]]
    exported: dict[str, set[str]] = field(default_factory=dict)  # every staged class there


@dataclass(frozen=True, slots=True)
class Schedules:
    """At one school, the schedule rows of a term change (`thin_schedules`)."""

    enrolled: int  # student enrolments tonight in the classes of the terms begun since
    expected: int  # `held`, scaled by `sections` / `lost` where the new term has fewer sections
    sections: int  # the classes of those terms in tonight's exports (those with no student too, F412)
    lost: int  # the ended term's classes gone there
    held: int  # their student enrolments in the last set, of the students at that school tonight
    ended: dt.date  # the day the (first) ended term ended there
    emptied: int = 0  # of `sections`, those exported with no student (F412) where fewer than `lost` are filled
    students: int = 0  # the students at the school tonight the ended term's classes there held
    under: int = 0  # of those, the ones whose load there the turn cut (`_cut`)


def thin_followers(
    changes: Mapping[str, Change],
    previous: Path | None,
    staged: Path,
    *,
    tonight: dt.date | None,
    current: Mapping[str, Term],
    tonight_terms: Sequence[Sequence[Any]] = (),
    held_as: Mapping[str, str] | None = None,
) -> dict[str, tuple[int, int, int]]:
    """Take back the calendar's explanation (Change.replaced: gate._term_replaced, `explain`) of an ended
    term's classes gone at a school where tonight's set holds fewer classes of the terms begun since than half
    of those it lost: a class export cut at one school on the term's first night (review197 R1: the fall
    dropped, 0482's spring cut to 1 of 3 sections, published at exit 0 with OUT kept). Counted are the staged
    classes at the school with a term of tonight's (`current`, or hold-back's `tonight_terms`) begun after the
    earliest of the lost terms ended (Change.ended_on), by `tonight`, whether or not the last set held them
    already (a spring published ahead counts). A school with no such class is left as it was (its next term
    not begun, or a year over: gate.ended_gone), unless a class there is of a term no lookup judges
    (`Begun.unjudged`): then it is taken back too, not known to be between terms (review200 R1). `held_as`: a
    session ID the strict target publishes -> the export's, by which `current` names it (gate.compare's).
    Returns, by school taken back, (classes of the terms begun since, classes lost, classes of terms no lookup
    judges where those are what took it back, else 0)."""
    classes = changes.get("classes")
    if classes is None or not classes.replaced or previous is None or tonight is None:
        return {}
    last = _last_classes(previous)
    lost, ends = _lost(last, {cid: classes.ended_on[cid] for cid in classes.replaced})
    named = _named(current, held_as)
    begun = _begun_since(staged, ends, tonight=tonight, current=named, tonight_terms=tonight_terms, last=last)
    thin: dict[str, tuple[int, int, int]] = {}
    for school, ids in lost.items():
        now, unjudged = len(begun.classes.get(school, ())), len(begun.unjudged.get(school, ()))
        if 2 * now < len(ids) and (now or unjudged):
            thin[school] = (now, len(ids), 0 if now else unjudged)
    taken = {cid for school in thin for cid in lost[school]}
    if taken:
        _take_back(changes, taken, previous)
    return thin


def note_thin(facts: dict[str, Any], thin: Mapping[str, tuple[int, int, int]]) -> None:
    """`thin_followers`' schools in the report's facts (THIN_KEY), for the refusal's step (report.summary)."""
    if thin:
        facts[THIN_KEY] = {school: list(counts) for school, counts in sorted(thin.items())}


def thin_schedules(
    changes: Mapping[str, Change],
    previous: Path | None,
    staged: Path,
    *,
    tonight: dt.date | None,
    current: Mapping[str, Term],
    tonight_terms: Sequence[Sequence[Any]] = (),
    held_as: Mapping[str, str] | None = None,
    empty_at: Mapping[str, tuple[str, str]] | None = None,
) -> dict[str, Schedules]:
    """The schools where the calendar explains an ended term's classes gone tonight (Change.ended: the term
    filter's, Change.replaced: gone from the exports) while the classes of the terms begun since hold too few
    student enrolments for what those held (`Thin`; review197 R2: one school's spring sections all exported,
    half of their schedule rows cut, published at exit 0: the fall's enrolments explained, the spring's all new,
    nothing compared them). What they held is counted of the students at that school tonight (those who left,
    or moved to another school at the turn, go with them: review206 R2), and where the new term has fewer
    sections in tonight's exports it is scaled to them at the ended term's mean: fewer, fuller sections are a
    term's own. A section exported with no student (F412 leaves it out: `empty_at`, class ID -> its school and
    terms) counts among them: a cut taking whole sections' rows lowers no bar (review206 R1). Too few is a cut only
    where it shows in the students' own loads there (under half of the ended term's classes kept), or in whole
    sections' rows gone (`Thin.under`): a lighter load is a term's own. A school with no class of a term begun since
    is `thin_followers`' (or between terms). The other arguments are `thin_followers`'."""
    classes = changes.get("classes")
    if classes is None or previous is None or tonight is None:
        return {}
    explained = {cid: end for cid, end in classes.ended_on.items() if cid in classes.ended or cid in classes.replaced}
    if not explained:
        return {}
    last = _last_classes(previous)
    lost, ends = _lost(last, explained)
    named = _named(current, held_as)
    started = _begun_since(staged, ends, tonight=tonight, current=named, tonight_terms=tonight_terms, last=last)
    begun = started.classes
    if not begun:
        return {}
    emptied = _emptied_since(empty_at or {}, ends, last, tonight=tonight, current=named)
    running = _running(last, lost, begun, started.exported)
    held = _loads(
        previous / "enrollments.csv", {cid: s for s, ids in lost.items() for cid in ids}, {}, _schools_of(staged)
    )
    enrolled = _loads(staged / "enrollments.csv", {cid: s for s, ids in begun.items() for cid in ids}, running)
    found: dict[str, Schedules] = {}
    for school, ids in sorted(lost.items()):
        if not begun.get(school):
            continue
        students = held.students.get(school, set())
        had, has = held.own.get(school, Counter()), enrolled.own.get(school, Counter())
        now = enrolled.of.get(school, Counter())  # with the classes running on
        cut = sum(1 for user in students if _cut((had[user], has[user]), now[user] - has[user]))
        judged = _judged(
            (held.rows[school], len(ids)),
            (enrolled.rows[school], len(begun[school]), emptied.get(school, 0)),
            (len(students), cut),
        )
        if judged is not None:
            found[school] = dataclasses.replace(judged, ended=ends[school])
    return found


def _cut(term: tuple[int, int], running: int) -> bool:
    """A student's load at a school cut, not lightened (`Thin.under`): of the ended term's classes they had there
    (`term`: those and the new term's they have), they keep under half, two or more lost, or the one they had lost
    with no class running on for them there tonight (`running`: year-long ones; a student whose year-long rows went
    too has none). A single class lost beside the classes running on is a choice (a semester's Health not followed
    by PE: review207 R3); those classes hide no cut of the term's (review214: 3 sections and a year-long class, each
    student's rows of 2 sections gone, kept 2 of 4, published)."""
    had, has = term
    return 2 * has < had and (had - has >= 2 or not running)


def _judged(then: tuple[int, int], now: tuple[int, int, int], students: tuple[int, int]) -> Schedules | None:
    """One school's `Schedules` where too few (`Thin`), else None: `then` the ended term's student enrolments of the
    students at the school tonight and its classes gone; `now` tonight's in the new term's classes, those classes
    written and those exported with no student; `students` the students the ended term's classes held and those of
    them whose load there the turn cut (`_cut`). Its `ended` is left for the caller."""
    held, lost = then
    rows, written, empty = now
    sections = written + empty
    expected = held * min(sections, lost) // lost
    if not (rows < expected * THIN.share and expected - rows >= THIN.noise * math.sqrt(expected)):
        return None
    counted, under = students
    whole = empty if written < lost else 0  # an empty section beside as many filled as before: nobody chose it
    if not whole and not (under and under >= THIN.under * counted):
        return None  # no student's load halved, no section's rows gone whole: a lighter load
    return Schedules(rows, expected, sections, lost, held, dt.date.min, whole, counted, under)


def note_schedules(facts: dict[str, Any], found: Mapping[str, Schedules]) -> None:
    """`thin_schedules`' schools in the report's facts (SCHEDULES_KEY)."""
    if found:
        facts[SCHEDULES_KEY] = {
            school: [s.enrolled, s.expected, s.sections, s.lost, s.held, s.ended.isoformat()]
            for school, s in sorted(found.items())
        }


def gate_schedules(night: gate.Night, found: Mapping[str, Schedules]) -> None:
    """X710 for each school of `thin_schedules`, nothing published; under --allow-rollover X711, published, and
    said for F454 (flags_left_in: no term change explains it, the flag left in the nightly job would publish
    the next turn's cut export at exit 0)."""
    if not found:
        return
    report = night.report
    names = {key: name for key, name in gate.columns_of(night.staged / "orgs.csv", "sourcedId", "name")}
    for school, said in sorted(found.items()):
        params: dict[str, object] = {
            "school": school,
            "name": names.get(school, ""),
            "sections": said.sections,
            "ended": said.ended.isoformat(),
            "enrolled": said.enrolled,
            "share": round(THIN.share * 100),
            "expected": said.expected,
            "lost": said.lost,
            "held": said.held,
            "scaled": f" ({said.expected} for its {said.sections} at their mean)" if said.sections < said.lost else "",
            "whole": _whole(said),
        }
        if night.allow_rollover:
            report.add(codes.code("term-schedules-thin-allowed"), Where(file="enrollments.csv"), **params)
            words = f"school {school}: {said.enrolled} enrolments in the new term's classes, {said.expected} expected"
            flags_left_in.said_at(report, "X711", [school], words)
        else:
            report.add(codes.code("term-schedules-thin"), Where(file="enrollments.csv"), since=night.since, **params)


def _whole(said: Schedules) -> str:
    """What tells the cut from a lighter load (`Thin.under`), in words."""
    parts = []
    if said.under:
        parts.append(
            f"{said.under} of those {said.students} students keep under half of the ended term's classes they had "
            "there (two or more lost, or their only class there)"
        )
    if said.emptied:
        parts.append(f"{said.emptied} of its classes exported with no student (F412)")
    return "; " + " and ".join(parts) if parts else ""


def _named(current: Mapping[str, Term], held_as: Mapping[str, str] | None) -> dict[str, Term]:
    """Tonight's terms by the export's IDs (`current`) and by those the strict target publishes (`held_as`)."""
    return {**current, **{ours: current[theirs] for ours, theirs in (held_as or {}).items() if theirs in current}}


def _last_classes(previous: Path) -> dict[str, tuple[str, str]]:
    """The last set's classes: class ID -> (its school, its termSourcedIds)."""
    return {
        cid: (school, terms)
        for cid, school, terms in gate.columns_of(
            previous / "classes.csv", "sourcedId", "schoolSourcedId", "termSourcedIds"
        )
    }


def _lost(
    last: Mapping[str, tuple[str, str]], ended_on: Mapping[str, dt.date]
) -> tuple[dict[str, list[str]], dict[str, dt.date]]:
    """The last set's classes (`last`) of `ended_on` (class ID -> the day its term ended) by school, and by school
    the earliest of those days."""
    lost: dict[str, list[str]] = {}
    ends: dict[str, dt.date] = {}
    for cid, end in ended_on.items():
        if cid in last:
            school = last[cid][0]
            lost.setdefault(school, []).append(cid)
            ends[school] = min(end, ends.get(school, end))
    return lost, ends


def _schools_of(staged: Path) -> dict[str, frozenset[str]]:
    """Tonight's students: user ID -> the schools of their orgSourcedIds."""
    return {
        user: frozenset(gate.term_ids(orgs))
        for user, role, orgs in gate.columns_of(staged / "users.csv", "sourcedId", "role", "orgSourcedIds")
        if role == "student"
    }


@dataclass(slots=True)
class Loads:
    """By school: the student enrolments in the term's own classes (`rows`) and the students they are of
    (`students`); each student's classes there, with those running on (`of`)."""

    rows: Counter[str] = field(default_factory=Counter)
    students: dict[str, set[str]] = field(default_factory=dict)
    of: dict[str, Counter[str]] = field(default_factory=dict)
    own: dict[str, Counter[str]] = field(default_factory=dict)  # each student's classes of the term's own there


def _loads(
    enrollments: Path,
    own: Mapping[str, str],
    running: Mapping[str, str],
    at: Mapping[str, Collection[str]] | None = None,
) -> Loads:
    """By school, the student enrolments of a written enrollments.csv in the classes of `own` (class ID -> its
    school: the ended term's, or the new term's) and of `running` (the classes running on there); where `at` is
    given (student -> the schools they are at), of the students at that school only."""
    found = Loads()
    for class_id, user, role in gate.columns_of(enrollments, "classSourcedId", "userSourcedId", "role"):
        school = own.get(class_id) or running.get(class_id)
        if school is None or role != "student" or (at is not None and school not in at.get(user, ())):
            continue
        if class_id in own:
            found.rows[school] += 1
            found.students.setdefault(school, set()).add(user)
            found.own.setdefault(school, Counter())[user] += 1
        found.of.setdefault(school, Counter())[user] += 1
    return found


def _running(
    last: Mapping[str, tuple[str, str]],
    lost: Mapping[str, list[str]],
    begun: Mapping[str, set[str]],
    exported: Mapping[str, set[str]],
) -> dict[str, str]:
    """The classes running on at the schools of `lost` (class ID -> its school): held by the last set there and in
    tonight's set (`exported`), neither of the ended term (`lost`) nor of a term begun since (`begun`): a year-long
    class, beside which one class of the term lost is a student's choice (`_cut`, review207 R3)."""
    gone = {cid for ids in lost.values() for cid in ids}
    return {
        cid: school
        for school in lost
        for cid in exported.get(school, ())
        if cid in last and last[cid][0] == school and cid not in gone and cid not in begun.get(school, ())
    }


def _emptied_since(
    empty_at: Mapping[str, tuple[str, str]],
    ends: Mapping[str, dt.date],
    last: Mapping[str, tuple[str, str]],
    *,
    tonight: dt.date,
    current: Mapping[str, Term],
) -> Counter[str]:
    """By school of `ends`, the classes exported tonight with no student (F412: `empty_at`) that the last set did
    not hold, of a term begun since the school's term ended, by `tonight`, or of none any lookup knows (the hold-back
    districts' sections carry no term ID): a new term's sections on the term change's night."""
    found: Counter[str] = Counter()
    for cid, (school, listed) in empty_at.items():
        if school not in ends or cid in last:
            continue
        terms = _terms(listed, current)
        if all(t is None for t in terms) or _begun_between(terms, ends[school], tonight):
            found[school] += 1
    return found


def _terms(listed: str, current: Mapping[str, Term]) -> list[Term | None]:
    """A class's termSourcedIds (`listed`), each as tonight's terms date it (None: one they do not hold)."""
    return [current.get(t) for t in gate.term_ids(listed)]


def _begun_between(terms: Sequence[Term | None], end: dt.date, tonight: dt.date) -> bool:
    """One of a class's `terms` began after `end` (the school's ended term's last day), by `tonight`: a new term's
    class on the term change's night (`_begun_since`, `_emptied_since`)."""
    return any(t is not None and end < t.start <= tonight for t in terms)


def _begun_since(
    staged: Path,
    ends: Mapping[str, dt.date],
    *,
    tonight: dt.date,
    current: Mapping[str, Term],
    tonight_terms: Sequence[Sequence[Any]],
    last: Mapping[str, tuple[str, str]],
) -> Begun:
    """By school of `ends`, the IDs of the staged classes of a term begun after the school's end, by `tonight`,
    and of those no lookup judges (`Begun`): every term ID of theirs one tonight's terms do not hold (or none),
    no date of hold-back's, and not held by the last set (`last`) with the same terms (review206 R3: a homeroom
    with no term, or 'Y,ZZ', published all year, took every break night's school as not between terms)."""
    found: dict[str, set[str]] = {}
    dated: set[str] = set()
    for entry in tonight_terms:
        span = _span(entry[3]) if len(entry) > 3 else None
        school = str(entry[0])
        if span is None:
            continue
        dated.update(str(cid) for cid in entry[2])
        if school in ends and ends[school] < span[0] <= tonight:
            found.setdefault(school, set()).update(str(cid) for cid in entry[2])
    unjudged: dict[str, set[str]] = {}
    exported: dict[str, set[str]] = {}
    for cid, school, listed in gate.columns_of(
        staged / "classes.csv", "sourcedId", "schoolSourcedId", "termSourcedIds"
    ):
        if school in ends:
            exported.setdefault(school, set()).add(cid)
        if school not in ends or cid in found.get(school, ()):
            continue
        terms = _terms(listed, current)
        if _begun_between(terms, ends[school], tonight):
            found.setdefault(school, set()).add(cid)
        elif all(t is None for t in terms) and cid not in dated and not _held_so(last.get(cid), listed):
            unjudged.setdefault(school, set()).add(cid)
    return Begun(found, unjudged, exported)


def _held_so(held: tuple[str, str] | None, listed: str) -> bool:
    """The last set held the class (`held`: its school and terms there) with the terms it lists tonight."""
    return held is not None and set(gate.term_ids(held[1])) == set(gate.term_ids(listed))


def _take_back(changes: Mapping[str, Change], taken: set[str], previous: Path) -> None:
    """The classes `taken` (and their enrolments) out of Change.replaced: counted as removals again."""
    classes = changes["classes"]
    for cid in taken:
        classes.replaced.pop(cid, None)
    enrolments = changes.get("enrollments")
    if enrolments is None or not enrolments.replaced:
        return
    for values, key in set_files.records_of(previous / "enrollments.csv"):
        if values.get("classSourcedId", "") in taken:
            enrolments.replaced.pop(key, None)
