"""A later night's new classes of a term not running, held back instead of the night refused (firstset61).

A profile with no filters.current_term publishes every class its export holds; where the classes' dates
show a term not running tonight (unfiltered_terms, I274), a new profile's set is refused (I228), as
nothing of the night is lost by waiting. On a later night (a last published set compared with, the
profile unchanged) the SIS adding next semester's sections (December) refused the whole night (I228):
the night's withdrawals, new students and teacher changes waited weeks for the term to start or the
admin to write the filter, and a refusal was all anyone saw.

So on such a night the classes of a term not running that the last set held no class of at their school
(by ID, or of a (school, term) last.json says it published) are taken out of tonight's staged set with their
enrolments (and the courses built from them alone: --target oneroster), before the safety gate counts it: they are
not due yet, and come when their term runs (filters.current_term at its defaults, judged at each class's school).
Nothing of the last set is held back: its classes, and new sections of a term it holds at their school, are
published as before (I274). The students stay, as the term filter leaves a student enrolled in next
semester's classes only: published in no class until they are.

Said as a question the first night a term is held back at a school (X801, exit 1: the filter line to
write, or `current_term: {enabled: false}` if every class is meant); later nights holding back no other
(school, term) say how many and until when (I233, exit 0), as a pause is said; asked again each night a term's
first day has come and it is still held, its dates look wrong (end before start, a start more than a year on), are
not read, or have ended (review169: `_fate` decides the words and the ask), or
a school holding classes back publishes no class of a term running tonight, outside a break (review162 R1).
last.json keeps the (school, term) pairs held back (KEY), and the IDs of the classes published by school and the key of
their term (its name and school year: a date corrected in the SIS is the same term, review177 R2) where it was judged
published there, running or not held back (TERMS_KEY; not a term published on a night nobody judged it, review177 R1).
A class published before stays published by its ID, but makes not its new term published (review177 R3: one section
moved into the spring published every spring class). The last set's
terms are read from it, so a class of the last set re-keyed is one of a term it published at the school (review159 R1:
a quarter's dropped 'PE' and the spring's new 'PE' were taken for one class, and every spring class went out in
December), and an OUT emptied after each upload still holds back (R4). I274 is taken back where every class it counted
is held back.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, Protocol

from transform.profile.compile import CLASS_TABLE
from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import Report

from . import complete, new_profile_stops, set_files, unfiltered_terms

KEY = "held_back"  # last.json: [[school, term as said, until (its first day, or "")], ...] held back that night
# last.json: [[school, term key, [class IDs], "start/end"], ...] the classes published, by school and the key of their
# term (unfiltered_terms: its name and school year) where hold-back judged it published there, else "" (review177
# R1-R3), with the term's dates ("" none): a key is tonight's term only by a class or dates shared (review180 R1)
TERMS_KEY = "terms_published"
SPAN = re.compile(r"(\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2})?")  # TERMS_KEY's dates: "start/end", or "" (none read)
SHOWN = 5  # terms listed in a message
PUBLISHED = "; the rest of tonight's set is published"
REFUSED = "; nothing of tonight's set is published (it is refused: see why)"


class _Staged(Protocol):
    path: Path

    def drop_rows(self, name: str, sourced_ids: set[str], report: Report) -> dict[str, dict[str, str]]: ...


def hold_back(
    report: Report, staging: _Staged, *, previous: Path | None, state: Mapping[str, Any], as_of: str
) -> set[str]:
    """Take tonight's new classes of terms not running (the module's doc) and their enrolments out of the
    staged set, and say it (X801 or I233); or refuse the night (I228) where that would leave a school of the
    last set with no class. The last set is OUT's (`previous`), and last.json's TERMS_KEY: with OUT emptied
    after each upload (review159 R4) that alone. Returns the staged files rewritten (none when nothing is
    held back)."""
    other = report.classes_other_terms
    tonight = unfiltered_terms.titled_classes(staging.path / f"{CLASS_TABLE}.csv")
    last = unfiltered_terms.titled_classes(previous / f"{CLASS_TABLE}.csv") if previous is not None else {}
    recorded = published_before(state)
    keys = {cid: report.term_keys.get(term, term) for cid, term in other.items()}
    school = {cid: tonight.get(cid, ("", ""))[1] for cid in keys}  # each such class's school tonight
    spans = (recorded_spans(state), report.key_dates)
    report.terms_judged = published_terms(keys, school, last, tonight, recorded, spans, as_of=as_of)
    held = new_classes(keys, school, last, recorded, report.terms_judged)
    report.kept_by_id = {cid for cid in set(keys) - held if (school[cid], keys[cid]) not in report.terms_judged}
    if not held:
        return set()
    said = next(iter(report.examples.get("I274", ())), None)
    names = _school_names(staging.path / "orgs.csv")
    if emptied := _emptied(last or _counts(recorded), tonight, held):
        _refuse_emptied(report, said, emptied, names, words=_listed(report, Counter(other[c] for c in held), as_of))
        return set()
    taken = staging.drop_rows(CLASS_TABLE, held, report)
    enrolments = _enrolments_of(staging.path / "enrollments.csv", held)
    staging.drop_rows("enrollments", enrolments, report)
    courses = _built_courses(taken, tonight, held)
    staging.drop_rows(complete.COURSES, courses, report)
    places = sorted({(tonight[cid][1], other[cid]) for cid in held})
    asked = _asked(state)
    # the first day each pair waits for, kept once it has come (asked again each night it is still held back)
    until = {place: asked.get(place) or _first_day_ahead(report, place[1], as_of) for place in places}
    passed = {term for school, term in places if _passed(asked.get((school, term)), as_of)}
    idle = _idle(report, places, tonight, held, as_of)
    # each term's fate says whether a person must act (review169 R1 R2: an ended or undated term, asked each night)
    must = any(_fate(*_dates(report, term), as_of, passed=term in passed)[1] for _, term in places)
    ask = not set(places) <= set(asked) or bool(idle) or must
    code = codes.code("classes-other-terms-held-back") if ask else codes.code("classes-other-terms-still-held-back")
    params = {
        "path": said.params.get("path", "") if said else "",
        "classes": f"{len(held):,}",
        "enrollments": f"{len(enrolments):,}",
        "counted": _counted(len(held), "class", "classes"),
        "held": ("is held back with its " if len(held) == 1 else "are held back with their ")
        + _counted(len(enrolments), "enrolment", "enrolments"),
        "schools": _schools({school for school, _ in places}, names),
        "terms": _listed(report, Counter(other[cid] for cid in held), as_of, passed)
        + _by_id_words(report, keys, held, school)
        + _idle_words(idle, names),
        "outcome": PUBLISHED,
    }
    report.add(code, said.where if said else Where(), **params, step=new_profile_stops.terms_step(said))
    report.facts[KEY] = [[school, term, until[school, term]] for school, term in places]
    _i274_taken_back(report, held, code.id, as_of)
    return {f"{CLASS_TABLE}.csv", "enrollments.csv"} | ({f"{complete.COURSES}.csv"} if courses else set())


def refused(report: Report) -> None:
    """Tonight's set refused after X801 or I233 was said: they say nothing of it is published (R5)."""
    for slug in ("classes-other-terms-held-back", "classes-other-terms-still-held-back"):
        code = codes.code(slug)
        examples = list(report.examples.get(code.id, ()))
        if examples:
            report.withdraw(code)
            for said in examples:
                report.add(code, said.where, **{**said.params, "outcome": REFUSED})


def held_words(report: Report) -> str:
    """X906's words on the classes held back tonight (not in the set it counts): '' when none."""
    for cid in ("X801", "I233"):
        for said in report.examples.get(cid, ()):
            n = said.params.get("classes", "")
            if n == "1":
                return f"; the 1 class of a term not running held back tonight with its enrolments ({cid}) is not in it"
            return (
                f"; the {n} classes of terms not running held back tonight with their enrolments ({cid}) are not in it"
            )
    return ""


def published_terms(
    keys: Mapping[str, str],
    school: Mapping[str, str],
    last: Mapping[str, tuple[str, str]],
    tonight: Mapping[str, tuple[str, str]],
    recorded: Mapping[tuple[str, str], set[str]] | None,
    spans: tuple[Mapping[tuple[str, str], str], Mapping[str, str]] = ({}, {}),
    *,
    as_of: str,
) -> set[tuple[str, str]]:
    """The (school, term key) pairs of the classes of terms not running (`keys`: class ID -> its term's key)
    the last set published: those last.json records (review159 R1 R4). A class the last set held by ID does
    not make its term tonight published (review177 R3: one section moved into the spring published every spring
    class), but on the night last.json records none (written before it did) its term is taken as published, as
    is a re-keyed class's: one of the last set gone tonight, of the same title and school (reviewer155 R3: a
    district upgrading with both semesters' classes published). `school`: each class's school tonight; `spans`:
    the dates last.json records with each pair, and tonight's of each key (still_published, as of `as_of`)."""
    if recorded is not None:
        return still_published(recorded, keys, school, *spans, as_of=as_of)
    gone = {pair for cid, pair in last.items() if cid not in tonight}
    return {(school[cid], key) for cid, key in keys.items() if cid in last or tonight.get(cid, ("", "")) in gone}


def still_published(
    recorded: Mapping[tuple[str, str], set[str]],
    keys: Mapping[str, str],
    school: Mapping[str, str],
    was: Mapping[tuple[str, str], str],
    now: Mapping[str, str],
    *,
    as_of: str,
) -> set[tuple[str, str]]:
    """The (school, term key) pairs last.json records published that are still so tonight: a class recorded under
    one still of it at the school, or the dates recorded with it (`was`) overlapping tonight's term of that key
    (`now`), both begun or both ahead on `as_of` (_same_term). A key is a name and school year (review177 R2: a
    date corrected is the same term); review180 R1: programme A's 'Semester 1' (Aug-Jan) dropped and programme B's
    (Mar-Jun) posted took A's key, and went out at exit 0, recorded published for ever."""
    there: dict[tuple[str, str], set[str]] = {}
    for cid, key in keys.items():
        there.setdefault((school[cid], key), set()).add(cid)
    return {
        pair
        for pair, cids in recorded.items()
        if pair[1] and (cids & there.get(pair, set()) or _same_term(was.get(pair, ""), now.get(pair[1], ""), as_of))
    }


def _same_term(was: str, now: str, as_of: str) -> bool:
    """Two terms' "start/end" spans share a day, and both have begun or both are ahead on `as_of` ("" not read:
    not known to). review185 R1: programme A's 'Semester 1' (Aug 20-Jan 15) dropped on Dec 1 and B's (Jan 8-Jun 4)
    posted share a week: one begun, one ahead, they are two terms (a date corrected in the SIS is taken to leave
    its start on the side of tonight it was)."""
    if not was or not now:
        return False
    (start, end), (now_start, now_end) = was.split("/", 1), now.split("/", 1)
    return start <= now_end and now_start <= end and (start <= as_of) == (now_start <= as_of)


def new_classes(
    keys: Mapping[str, str],
    school: Mapping[str, str],
    last: Mapping[str, tuple[str, str]],
    recorded: Mapping[tuple[str, str], set[str]] | None,
    published: set[tuple[str, str]],
) -> set[str]:
    """The classes of terms not running (`keys`) the last set (`last`: ID -> title, school; `recorded`: last.json's
    IDs, OUT emptied) published no class of by ID, of a term it did not publish at their school (`published`).
    A new section of a term the last set holds at its school is not new; one of a term another school's classes
    were published under is (a term running there, not here)."""
    ids = set(last).union(*(recorded or {}).values())
    return {cid for cid, key in keys.items() if cid not in ids and (school[cid], key) not in published}


def _by_id_words(report: Report, keys: Mapping[str, str], held: set[str], school: Mapping[str, str]) -> str:
    """X801's words on the classes of a term held back that stay published by their ID (review177 R3: a class of
    the last set moved into the spring, the other spring classes held back)."""
    published = report.terms_judged or set()
    places = {(school[cid], keys[cid]) for cid in held}
    kept = [cid for cid, key in keys.items() if cid not in held and (school[cid], key) in places - published]
    if not kept:
        return ""
    shown = ", ".join(sorted(kept)[:SHOWN]) + (f" and {len(kept) - SHOWN} more" if len(kept) > SHOWN else "")
    return (
        f"; {_counted(len(kept), 'class', 'classes')} of such a term the last set published ({shown}, now of it) "
        f"{'stays' if len(kept) == 1 else 'stay'} published by {'its' if len(kept) == 1 else 'their'} ID, "
        "which publishes not the term's other classes"
    )


def _built_courses(
    taken: Mapping[str, Mapping[str, str]], tonight: Mapping[str, tuple[str, str]], held: set[str]
) -> set[str]:
    """The courses (--target oneroster) built from the classes held back (D335: the export gave none) that no
    class published tonight is built so from: not written, as the term filter leaving the classes out would not
    build them. A course of the export's own stays, as it would (a course with no class is valid OneRoster)."""
    kept = {complete.course_id(school, title) for cid, (title, school) in tonight.items() if cid not in held}
    built = {
        values.get("courseSourcedId", "")
        for values in taken.values()
        if values.get("courseSourcedId")
        == complete.course_id(values.get("schoolSourcedId", ""), values.get("title", ""))
    }
    return built - kept


def _emptied(
    last: Mapping[str, tuple[str, str]] | Counter[str], tonight: Mapping[str, tuple[str, str]], held: set[str]
) -> dict[str, int]:
    """The schools the last set held classes at whose every class tonight would be held back (firstset61 R3:
    a SIS switched to the spring's sections, typed with last year's dates, left its 30 students in no class),
    with the last set's count of classes there (`last`: its classes, or their count by school as recorded)."""
    before = last if isinstance(last, Counter) else Counter(school for _, school in last.values())
    kept = {school for cid, (_, school) in tonight.items() if cid not in held}
    holding = {tonight[cid][1] for cid in held if cid in tonight}
    return {school: n for school, n in before.items() if school in holding and school not in kept}


def _refuse_emptied(
    report: Report, said: Problem | None, emptied: Mapping[str, int], names: Mapping[str, str], *, words: str
) -> None:
    """I228 where holding back would leave a school of the last set with no class: the dates may be wrong."""
    last = ", ".join(f"{n:,} at {_schools({school}, names)}" for school, n in sorted(emptied.items()))
    when = (
        f"a later night where holding them back ({words}) would leave {_schools(set(emptied), names)} with no "
        f"class, though the last published set held {last}: the term dates may be wrong, or the export holds no "
        "class of a term running tonight,"
    )
    step = "correct the term dates in the SIS if they are wrong; else " + new_profile_stops.terms_step(said)
    params = said.params if said is not None else {}
    report.add(
        codes.code("classes-other-terms-refused"),
        said.where if said is not None else Where(),
        path=params.get("path", ""),
        found=params.get("found", ""),
        when=when,
        step=step,
    )


def published(report: Report, staged: Path) -> list[list[Any]]:
    """last.json's TERMS_KEY: the IDs of the classes of the staged set by school and the key of their term, where
    that term is running tonight or hold-back judged it published there (`report.terms_judged`; on a night it did
    not judge, one last.json recorded: review177 R1), else "" where hold-back kept them by ID or their term was not
    read; a class of a term not running published on a night nobody judged is kept by its ID (not_judged: tester84
    D3, an upgrade with OUT emptied); [] when no class's term was read."""
    if not report.class_terms:
        return []
    judged = report.terms_judged or set()
    other = report.classes_other_terms
    ids: dict[tuple[str, str], list[str]] = {}
    for cid, (_, school) in unfiltered_terms.titled_classes(staged / f"{CLASS_TABLE}.csv").items():
        said = report.class_terms.get(cid, ("", ""))[1]
        key = report.term_keys.get(said, said)
        if said and (cid not in other or (school, key) in judged):
            ids.setdefault((school, key), []).append(cid)
        elif not said or cid in report.kept_by_id:
            ids.setdefault((school, ""), []).append(cid)
    dates = report.key_dates
    return [[school, key, sorted(cids), dates.get(key, "")] for (school, key), cids in sorted(ids.items())]


def published_before(state: Mapping[str, Any]) -> dict[tuple[str, str], set[str]] | None:
    """last.json's TERMS_KEY read: (school, term key or "") -> the IDs of the classes published; None when it
    records none (or not so)."""
    pairs = state.get(TERMS_KEY)
    if not isinstance(pairs, list) or published_damage(state):
        return None
    return {(str(p[0]), str(p[1])): {str(cid) for cid in p[2]} for p in pairs}


def recorded_spans(state: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """last.json's TERMS_KEY read: (school, term key) -> the term's "start/end" recorded with it ("" none)."""
    if published_before(state) is None:
        return {}
    return {(str(p[0]), str(p[1])): str(p[3]) if len(p) > 3 else "" for p in state[TERMS_KEY]}


def not_judged(report: Report, state: Mapping[str, Any], staged: Path, *, as_of: str) -> None:
    """On a night hold-back does not run: the terms last.json records published that are still so
    (recorded_terms), and the classes of other terms published kept by their ID alone (published records them
    under ""): tester84 D3, an upgrade with OUT emptied published a term not running it could not judge and
    recorded it nowhere, so the next night held back (X801) the classes Remind had held. Their term is not made
    published (review177 R1 R3): another new class of it is still held back."""
    report.terms_judged = recorded_terms(report, state, staged, as_of=as_of)
    keys = {cid: report.term_keys.get(term, term) for cid, term in report.classes_other_terms.items()}
    tonight = unfiltered_terms.titled_classes(staged / f"{CLASS_TABLE}.csv")
    report.kept_by_id = {
        cid for cid, key in keys.items() if (tonight.get(cid, ("", ""))[1], key) not in report.terms_judged
    }


def recorded_terms(report: Report, state: Mapping[str, Any], staged: Path, *, as_of: str) -> set[tuple[str, str]]:
    """On a night hold-back does not run: the (school, term key) pairs last.json records published that are
    still so tonight (still_published; none where it records none)."""
    recorded = published_before(state)
    if recorded is None:
        return set()
    keys = {cid: report.term_keys.get(term, term) for cid, term in report.classes_other_terms.items()}
    tonight = unfiltered_terms.titled_classes(staged / f"{CLASS_TABLE}.csv")
    school = {cid: tonight.get(cid, ("", ""))[1] for cid in keys}
    return still_published(recorded, keys, school, recorded_spans(state), report.key_dates, as_of=as_of)


def _counts(recorded: Mapping[tuple[str, str], set[str]] | None) -> Counter[str]:
    """The classes the last set published by school, as last.json records them."""
    counts: Counter[str] = Counter()
    for (school, _), cids in (recorded or {}).items():
        counts[school] += len(cids)
    return counts


def published_damage(state: Mapping[str, Any]) -> str:
    """Why last.json's TERMS_KEY cannot be read; '' when it can or is not there (gate.RECORDED)."""
    pairs = state.get(TERMS_KEY)
    if pairs is None:
        return ""
    if isinstance(pairs, list) and all(
        isinstance(p, list)
        and len(p) in (3, 4)
        and isinstance(p[0], str)
        and isinstance(p[1], str)
        and isinstance(p[2], list)
        and all(isinstance(cid, str) for cid in p[2])
        and all(isinstance(span, str) and SPAN.fullmatch(span) for span in p[3:])
        for p in pairs
    ):
        return ""
    return f"'{TERMS_KEY}' is not a list of [school, term, [class IDs], 'YYYY-MM-DD/YYYY-MM-DD' or ''] entries"


def _asked(state: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """last.json's (school, term) pairs held back, each with the first day it was held back until ('' none)."""
    pairs = state.get(KEY, ())
    return {(p[0], p[1]): (p[2] if len(p) > 2 else "") for p in pairs if isinstance(p, list) and len(p) >= 2}


def _passed(until: str | None, as_of: str) -> bool:
    """The first day a pair was held back until has come, and it is still held back: asked again (R2)."""
    return bool(until) and str(until) <= as_of


def _far(start: str, after: str) -> bool:
    """A term starting more than a year after `after` (ISO; R1: a year mistyped, 2028 for 2027)."""
    return bool(start) and bool(after) and start > f"{int(after[:4]) + 1}{after[4:]}"


def _idle(
    report: Report,
    places: Collection[tuple[str, str]],
    tonight: Mapping[str, tuple[str, str]],
    held: set[str],
    as_of: str,
) -> set[str]:
    """The schools holding classes back that publish no class of a term running tonight (review162 R1: a spring
    typed with last year's dates, held as ended, or a year late, left only the ended fall's classes published from
    the spring's first day, at exit 0): asked each night. Not a break, where every term held there is still ahead,
    the soonest starting within a year of the last day of the terms the school publishes; nor a school publishing
    no class at all (new, opening in January: firstset61d) whose held terms start within a year of tonight."""
    other = report.classes_other_terms
    published = [(school, cid) for cid, (_, school) in tonight.items() if cid not in held]
    running = {school for school, cid in published if cid not in other}
    last_day: dict[str, str] = {}
    for school, cid in published:
        last_day[school] = max(last_day.get(school, ""), _dates(report, other.get(cid, ""))[1])
    idle = set()
    for school in {school for school, _ in places} - running:
        starts = [_dates(report, term)[0] for place, term in places if place == school]
        since = last_day.get(school, as_of)  # a school publishing nothing: tonight
        ahead = all(start > as_of for start in starts) and bool(since)
        if not ahead or _far(min(starts), since):
            idle.add(school)
    return idle


def _idle_words(idle: set[str], names: Mapping[str, str]) -> str:
    if not idle:
        return ""
    return (
        f"; {_schools(idle, names)} publishes no class of a term running tonight: the term dates may be wrong, or "
        "the export holds no class of the term running there (asked each night until it does)"
    )


def _dates(report: Report, term: str) -> tuple[str, str]:
    return report.other_term_dates.get(term, ("", ""))


def _first_day_ahead(report: Report, term: str, as_of: str) -> str:
    start = _dates(report, term)[0]
    return start if start > as_of else ""


def _counted(n: int, one: str, many: str) -> str:
    """'1 class', '2 classes': a count with its noun (firstset61d: the templates said '1 classes')."""
    return f"{n:,} {one if n == 1 else many}"


def _enrolments_of(path: Path, classes: set[str]) -> set[str]:
    """The sourcedIds of the enrolments of `classes` in a written enrollments.csv."""
    return {sourced_id for values, sourced_id in set_files.records_of(path) if values.get("classSourcedId") in classes}


def _school_names(path: Path) -> dict[str, str]:
    """The name of each org of a written orgs.csv, by sourcedId (none when the file is not there)."""
    return {sourced_id: values.get("name", "") for values, sourced_id in set_files.records_of(path)}


def _schools(schools: set[str], names: Mapping[str, str]) -> str:
    said = [f"school {s} ({names[s]})" if names.get(s) else f"school {s}" for s in sorted(schools)[:SHOWN]]
    return ", ".join(said) + (f" and {len(schools) - SHOWN} more" if len(schools) > SHOWN else "")


def _listed(report: Report, terms: Counter[str], as_of: str, passed: Collection[str] = ()) -> str:
    """Each term held back with its classes, and what becomes of them."""
    shown = sorted(terms.items(), key=lambda item: (_dates(report, item[0])[0], item[0]))
    listed = "; ".join(
        f"{term}: {n:,}, {_fate(*_dates(report, term), as_of, passed=term in passed)[0]}" for term, n in shown[:SHOWN]
    )
    return listed + (f"; and {len(shown) - SHOWN} more" if len(shown) > SHOWN else "")


def _fate(start: str, end: str, as_of: str, *, passed: bool) -> tuple[str, bool]:
    """Until when a term's classes are held back, and whether a person must act (X801 each night, not I233): one
    decision, so the words and the ask cannot drift (review169). Waiting for its first day within a year is the one
    quiet fate (until that day has come); dates not read, an end before the start, a start more than a year on, and
    an ended term (a spring typed a year early looks just so) are asked each night."""
    if not start or not end:
        return "its dates not read: held back until the profile says which classes are meant (asked each night)", True
    before = f"held back until {start}, which has come, and still not running: " if passed else ""
    if end < start:
        words = "its end is before its start: the dates look wrong (mistyped or swapped in the SIS)"
        return f"{before}{words}; held back until they are corrected", True
    if _far(start, as_of):
        return f"held back until {start}, more than a year away: the dates look wrong (a year mistyped?)", True
    if start > as_of:
        return f"held back until {start}, then published", passed
    return f"{before}ended on {end}: left out, as the term filter would (asked each night: a year mistyped?)", True


def _i274_taken_back(report: Report, held: set[str], said_by: str, as_of: str) -> None:
    """I274 says the classes of other terms published: taken back where every one is held back, else
    counted again without those held back (review169 R4: '4 of the 4 classes published' where 2 were), with how
    many are held back (a class of a term the last set held is published as before). Each I274 counts its own
    source's classes (two sections exports: '5 of the 0 classes published', the other's counted in it)."""
    other = report.classes_other_terms
    code = codes.code("classes-no-term-filter")
    examples = list(report.examples.get(code.id, ()))
    report.withdraw(code)
    for said in examples:
        if not (said.params.get("other_classes") and said.params.get("counted_classes")):
            if not set(other) <= held:  # counting no class (a terms export's rows): as before
                report.add(said.code, said.where, **said.params)
            continue
        own = {cid for cid in other if report.class_terms.get(cid, ("", ""))[0] == said.params.get("source")}
        if own and own <= held:
            continue
        report.add(said.code, said.where, **_recounted(report, said, own & held, own - held, said_by, as_of))


def _recounted(
    report: Report, said: Problem, held: set[str], left: set[str], said_by: str, as_of: str
) -> dict[str, object]:
    """An I274's words counting the classes of its source published: those of other terms `left`, `held` back."""
    params = dict(said.params)
    if not held:
        return params
    terms = Counter(report.classes_other_terms[cid] for cid in left)
    shown = sorted(terms.items(), key=lambda item: (_dates(report, item[0])[0], item[0]))
    counted = int(str(said.params["counted_classes"])) - len(held)
    words = unfiltered_terms.found_words(
        terms.total(), counted, "classes published are of terms", as_of, unfiltered_terms.listed(shown)
    )
    params["found"] = f"{words} (besides the {_counted(len(held), 'class', 'classes')} held back tonight: {said_by})"
    params["other_classes"] = terms.total()
    return params


def damage(state: Mapping[str, Any]) -> str:
    """Why last.json's KEY cannot be read; '' when it can or is not there (gate.RECORDED)."""
    pairs = state.get(KEY)
    if pairs is None:
        return ""
    if isinstance(pairs, list) and all(
        isinstance(pair, list) and len(pair) in (2, 3) and all(isinstance(p, str) for p in pair) for pair in pairs
    ):
        return ""
    return f"'{KEY}' is not a list of [school, term, until] entries"
