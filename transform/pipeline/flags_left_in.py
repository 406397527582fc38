"""A flag left in the nightly job never turns a night that would have been refused into exit 0.

--allow-incomplete and --allow-rollover are a person's word for one night: publish what the gate
refused. Districts leave them in the scheduled job (the usual way: the night they were needed
worked, so the command line stayed), and every later night's refusal of the kind was then
published at exit 0, said only as a warning (reviewer93 R1: an enrolments end-date column renamed,
X918, the ended enrolments kept in Remind; R2 and tester74 F4: students.txt and cc.txt cut at the
same students, a school's whole schedule gone mid-term, under --allow-rollover).

So each night the flag changed what was published, the run exits 1 ("Published, but"), with one
line naming what it let through:
- F453: every refusal --allow-incomplete let through (X918, X889, X963, X970, and X883 where the
  flag published it); a cut export is F451's already. A pause not believed (X859, X828) the flag took
  as right is F453 too, said by half_dated.taken_as_right on the night nothing is due.
- F454: what --allow-rollover let through (removals over the limit, X908 and its kinds; values
  written as a map's default, X837; classes handed to other teachers, X839; exports emptied, shrunk
  or gone and students left with no parent, which the flag skips: `note`), unless
  tonight's calendar explains it (`calendar_explains`): the flag's purpose is a new term or school
  year, whose removals it publishes at exit 0, as before.

A term change is one school's (schools run on their own calendars: Semester 1 ends at one school on
the 8th, at another on the 15th), and explains only that school's ended classes and enrolments,
which the gates set apart before they count (gate.Change.ended): what they say over their limits on
a term-change night is what no ended term explains, so the term change cannot explain it again
(reviewer108 R1). X908, X995, X998, X898, X711 are F454 on such a night; people removed (X960) are
explained by a new school year at each of their schools only (`SchoolCalendar`; students do not
leave at a semester's end); classes handed to other teachers (X839) by a term change of each class's
own only (a new term keeping its class IDs: a term of its last set's ended by tonight, or, its term
IDs differing, one of tonight's began since; with the same term IDs, none running tonight); a
year-long class at a school whose semester ended, one listed under both semesters, one listed under
a running term or a term renamed, or any class at a school whose term runs on, is a teachers export
shifted: reviewer112 R1, reviewer114 R1, reviewer117 R1 and R2); an
export the flag skipped (X910, X907, X991, X805) only where it is a class export the calendar
explains (`noted_class_export`: gate.by_the_calendar); birth dates lost or changed, columns
blanked, schools under new IDs, values written as a map's default, a school gone whole, a course's
classes of two terms at once (X992, X849, X924, X985, X837, X846, X869) by no term change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from transform.cleaners.school_year import SchoolYear
from transform.report import codes
from transform.report.report import Report

from .filters import Term

# Said only where --allow-incomplete published what would have been refused: X918 (incomplete-allowed),
# X889 (classes-rows-missing-allowed), X963 (school-classes-unenrolled-allowed), X970 (guardians-errors-allowed).
INCOMPLETE = ("X918", "X889", "X963", "X970")
# X883 (users-rows-missing-allowed) is said without the flag too (rows missing under the limit): only its
# examples the flag published.
USERS_ROWS_ALLOWED = "X883"
# report.facts: how many X883 --allow-incomplete published (`rows_let_through`)
ROWS_LET_THROUGH = "users_rows_let_through"
# Said only where --allow-rollover published what would have been refused: X908 (rollover-allowed), X960
# (kind-removal-allowed), X995, X998 (a school's classes removed, its students in none), X898, X992, X924
# (students in no class, birth dates lost, columns blanked), X985 (schools under new IDs), X837 (values written
# as the map's default), X839 (classes' teachers moved between them), X846 (a school gone), X869 (a course's
# classes of two terms at once, pipeline.course_twice), X857 (grades changed), X855 (users' numbers without their
# leading zeros in their identifier, email, username or userIds, org_gate.gate_identifiers), X849 (birth
# dates changed, demographics_gate), X711 (a new term's schedule rows too few at a school, published_ended).
ROLLOVER = (
    *("X908", "X960", "X995", "X998", "X898", "X992", "X924", "X985", "X837", "X839", "X846", "X869", "X857"),
    *("X855", "X849", "X711"),
)
ROLLOVER_WORDS = "--allow-rollover: "
# report.facts: the refusals --allow-rollover skips before they are judged (gate.check_inputs, orphans_gate)
SKIPPED = "rollover_skipped"
# report.facts: the tables whose removals --allow-rollover published over the limit once those of a
# class whose own term ended (gate.Change.ended: that school's calendar) are set apart (`unexplained`)
UNEXPLAINED = "rollover_unexplained"
# report.facts: the tables whose removals --allow-rollover published over the limit (X908, `allowed`)
ALLOWED = "rollover_allowed"
# report.facts: the tables whose removals F454 judged tonight (`judge`): named in its line, or explained
# by a new school year (EVERY_TABLE); --max-removal's X821 leaves them out (pipeline.removal_flag)
JUDGED_TABLES = "rollover_judged"
EVERY_TABLE = "*"
# report.facts: the refusals of SKIPPED that are a class export's (sections, schedules), which an
# ended term's rows explain when every class and enrolment the set loses tonight is that term's
CLASS_EXPORT = "rollover_skipped_class_export"
# report.facts: whether the calendar explains tonight's class exports shrunk or emptied (gate.by_the_calendar)
CLASS_EXPORT_EXPLAINED = "rollover_class_export_explained"
# report.facts: each saying of the kinds said school by school (X960, X995, X998, X898): [code, the
# schools it concerns, its words, whether it removes people] (`said_at`)
AT_SCHOOLS = "rollover_at_schools"
SCHOOL_KINDS = ("X960", "X995", "X998", "X898", "X711")
# Why a term change at the school does not explain a kind said school by school that removes no one, where the
# words are not those of a removal over the limit (X711: the new term's own enrolments too few, published_ended)
NOT_EXPLAINED = {"X711": "a term change enrols the new term's students as the ended term's were"}
# Said school by school (`said_at`) of what a class's own term change explains: X839, classes handed to
# other teachers, which a class whose own term changed tonight keeping its class ID may be (reviewer109);
# a class whose term runs on (at a school whose term runs on, or a year-long class at a school whose semester
# ended), a teachers export shifted (reviewer112 R1, reviewer114 R1, reviewer117): judged class by class
# (`terms`, SchoolCalendar.own_term_changed)
TERM_CHANGE_KINDS = ("X839",)
# Said by --allow-rollover of what no term change explains, a new school year only (the district's);
# X995, X998, X898 too, which count only the classes and students no ended term explains (org_gate);
# X837 (grades written as the default): a term change takes no student's grade; X846 (a school gone
# whole: one whose every class ended is not said at all); X869 (a course's classes of two terms current at
# once: a term ending or beginning makes one class of the course current, never two); X857 (grades changed);
# X855 (users' numbers without their leading zeros: a spreadsheet's, or a SIS that stopped padding them)
# X849 (birth dates changed: a day-first spreadsheet's, or corrections in the SIS)
NO_TERM_EXPLAINS = ("X992", "X924", "X985", "X837", "X846", "X869", "X857", "X855", "X849")
# The codes judged on a term-change night by what they say (the others by the facts they leave)
JUDGED = (*SCHOOL_KINDS, *TERM_CHANGE_KINDS, *NO_TERM_EXPLAINS)
EVERY_SCHOOL = "*"  # a term of no school of its own (a district's): its change is every school's
SHOWN = 3  # schools named in F454's line
# `calendar_explains` where a new school year begins tonight, or no set came before: every removal
NEW_YEAR = None
DETAILS = 2  # X918's details named in F453's line; the others are counted


def note(report: Report, refusal: str, *, class_export: bool = False) -> None:
    """A refusal --allow-rollover skipped tonight (`refusal`: its code and what it would have said in
    a few words), for F454 to name when the calendar does not explain the night. `class_export`: the
    export is read by the rules of classes and enrolments alone (sections, schedules), which a term
    change shrinks by the ended term's rows (`noted_class_export`)."""
    report.facts.setdefault(SKIPPED, []).append(refusal)
    if class_export:
        report.facts.setdefault(CLASS_EXPORT, []).append(refusal)


def said_at(
    report: Report,
    cid: str,
    schools: Iterable[str],
    words: str,
    *,
    people: bool = False,
    terms: Iterable[tuple[Collection[str], Collection[str]]] | None = None,
) -> None:
    """A code of SCHOOL_KINDS or TERM_CHANGE_KINDS --allow-rollover said tonight, of `schools` (IDs;
    none known: the district's), in a few words; `people`: it removes people (X960), whom a term
    change never explains, a new school year at each of their schools does. `terms`
    (TERM_CHANGE_KINDS): each class said, its term IDs in the last set and tonight, judged class by
    class (`own_term_changed`). None: no class's terms known, nothing explained."""
    at = sorted({school for school in schools if school})
    both = None if terms is None else [[sorted(then), sorted(now)] for then, now in terms]
    report.facts.setdefault(AT_SCHOOLS, []).append([cid, at, words, people, both])


def rows_let_through(report: Report) -> None:
    """One X883 --allow-incomplete published (users missing from their export, kept out): counted,
    not read from the examples a run may not keep (api.run's max_examples=0, reviewer100 R6)."""
    report.facts[ROWS_LET_THROUGH] = int(report.facts.get(ROWS_LET_THROUGH, 0)) + 1


def allowed(report: Report, table: str) -> None:
    """`table`'s removals over the limit (the given --max-removal's, else the profile's) the flag published (X908)."""
    report.facts.setdefault(ALLOWED, []).append(table)


def judged(report: Report) -> frozenset[str]:
    """The tables whose removals F454 judged tonight (`judge`): EVERY_TABLE on a new school year's night."""
    return frozenset(str(table) for table in report.facts.get(JUDGED_TABLES, []))


def unexplained(report: Report, table: str) -> None:
    """`table`'s removals the flag published are over the limit with the ended terms' records set
    apart: the gate would have refused them, and only a new school year explains them."""
    report.facts.setdefault(UNEXPLAINED, []).append(table)


def calendar_explains(
    *,
    tonight: dt.date,
    last_as_of: dt.date | None,
    ends_then: Mapping[str, dt.date],
    current: Mapping[str, Term],
    years: SchoolYear,
    dated: bool = True,
) -> str | None:
    """What tonight's calendar explains of a rollover. NEW_YEAR (everything): no last set to compare
    with, or another school year than the last set's. '': a term of the last set (`ends_then`:
    last.json's current terms' last days) ended by tonight, or a term of tonight's set (`current`)
    begun since the last set was made; that explains the ended terms' classes and enrolments at
    their own schools only (the gate's, `unexplained`), never people gone. Else the words F454 says
    it with. A last set without dates of its own here (`dated` False: the set --previous names) is
    judged by nothing: the calendar explains none of it."""
    if not dated:
        return "the set --previous names records no dates this run can judge tonight's calendar by"
    if last_as_of is None or years.of(tonight) != years.of(last_as_of):
        return NEW_YEAR
    if any(end < tonight for end in ends_then.values()):
        return ""
    if any(last_as_of < term.start <= tonight for term in current.values()):
        return ""
    terms = f"none of the last set's {len(ends_then)} terms has ended" if ends_then else "the last set recorded no term"
    return (
        f"{terms} and no term of tonight's set has begun since the last set was made (as of {last_as_of}), "
        f"in the same school year"
    )


@dataclass(frozen=True, slots=True)
class SchoolCalendar:
    """What tonight's calendar explains school by school, on a night `calendar_explains` found a
    term change: `changed`, the schools a term of which ended or began since the last set was made
    (EVERY_SCHOOL for a term of no school of its own), named in F454's words; `new_year`, those of
    them whose year-long term did (a year-round school's new year inside the district's), which
    explains its people removed; `ended`, the last set's terms ended by tonight, `began`, tonight's
    terms begun since the last set was made, `running`, tonight's current terms (each as the export
    and the published set name them), by which a class handed to other teachers (X839) is judged
    (`own_term_changed`)."""

    changed: frozenset[str] = frozenset()
    new_year: frozenset[str] = frozenset()
    ended: frozenset[str] = frozenset()
    began: frozenset[str] = frozenset()
    running: frozenset[str] = frozenset()

    def ended_any(self, terms: Iterable[str]) -> bool:
        """Whether a term of a class's of the last set (`terms`) ended by tonight."""
        return any(term in self.ended for term in terms)

    def own_term_changed(self, then: Collection[str], now: Collection[str]) -> bool:
        """Whether a class's own term changed tonight (`then`, `now`: its term IDs in the last set and
        tonight's), which explains its new teachers (a new term keeping its class ID). Its term IDs
        differing: only where a term of its last set's ended by tonight or one of tonight's began
        since (a term renamed, or a year-long class listed under a running semester, is none:
        reviewer117 R1). The same both nights: only where one ended and none runs tonight (a year-long
        class listed under both semesters runs on in the second: reviewer117 R2)."""
        if set(then) != set(now):
            return self.ended_any(then) or any(term in self.began for term in now)
        return self.ended_any(then) and not any(term in self.running for term in now)

    def new_year_at(self, school: str) -> bool:
        return school in self.new_year or EVERY_SCHOOL in self.new_year

    def changed_at(self, school: str) -> bool:
        return school in self.changed or EVERY_SCHOOL in self.changed


def school_calendar(
    *,
    tonight: dt.date,
    last_as_of: dt.date | None,
    terms_then: Mapping[str, tuple[dt.date, dt.date]],
    current: Mapping[str, Term],
    schools_of: Mapping[str, Collection[str]],
    year_long_days: int,
    held_as: Mapping[str, str] | None = None,
) -> SchoolCalendar:
    """The schools tonight's calendar explains a change at: each of whose terms of the last set
    (`terms_then`: last.json's current terms, ID -> first and last days; `schools_of`: term ID ->
    the schools of the last set's classes of it) ended by tonight, or each of whose terms of
    tonight's set (`current`) began since the last set was made; a year-long one's (at least
    `year_long_days`) is a new school year there. The terms of the last set ended by tonight, by
    their IDs and those the published set gives them (`held_as`: published ID -> the export's); so
    tonight's terms begun since the last set was made, and tonight's current terms."""
    changed: set[str] = set()
    new_year: set[str] = set()
    ended = _as_published({key for key, (_, end) in terms_then.items() if end < tonight}, held_as)
    began = {key for key, term in current.items() if last_as_of is not None and last_as_of < term.start <= tonight}

    def mark(schools: Iterable[str], start: dt.date, end: dt.date) -> None:
        at = set(schools) or {EVERY_SCHOOL}
        changed.update(at)
        if (end - start).days >= year_long_days:
            new_year.update(at)

    for key, (start, end) in terms_then.items():
        if end < tonight:
            mark(schools_of.get(key, ()), start, end)
    for key, term in current.items():
        if last_as_of is not None and last_as_of < term.start <= tonight:
            mark([term.school] if term.school else schools_of.get(key, ()), term.start, term.end)
    return SchoolCalendar(
        frozenset(changed),
        frozenset(new_year),
        ended,
        _as_published(began, held_as),
        _as_published(set(current), held_as),
    )


def _as_published(keys: set[str], held_as: Mapping[str, str] | None) -> frozenset[str]:
    """Terms by the export's IDs (`keys`) and those the published set gives them (`held_as`)."""
    return frozenset(keys | {published for published, key in (held_as or {}).items() if key in keys})


def judge(
    report: Report,
    *,
    allow_incomplete: bool,
    allow_rollover: bool,
    calendar: str | None,
    schools: Callable[[], SchoolCalendar] = SchoolCalendar,
) -> None:
    """F453 and F454 for what each flag let through tonight (the module's doc); `calendar`: what
    `calendar_explains` says of the night; `schools`: on a term-change night (`calendar` ''), what
    it explains school by school (`school_calendar`, asked only then)."""
    if allow_incomplete and (let := _incomplete(report)):
        count = sum(n for _, n in let)
        refusals = "; ".join(words for words, _ in let)
        report.add(codes.code("incomplete-let-through"), count=count, s="" if count == 1 else "s", refusals=refusals)
    if not allow_rollover:
        return
    # What F454 judges of the removals: all of them on a new year's night (explained), every X908 on a
    # night no term changed, the ended terms' records set apart on a term change's (`_term_change_unexplained`)
    tables = [EVERY_TABLE] if calendar is NEW_YEAR else report.facts.get(ALLOWED if calendar else UNEXPLAINED, [])
    report.facts[JUDGED_TABLES] = sorted(set(tables))
    if calendar is NEW_YEAR:
        return
    if calendar and (removed := _rollover(report)):
        words = f", and the calendar explains none of it: {calendar}; {_no_rollover(removed)}"
        report.add(
            codes.code("rollover-unexplained"), refusals="; ".join(removed), calendar=words, codes=_codes(removed)
        )
    elif not calendar and _said_tonight(report):
        # A term change at some school explains its ended term's classes and enrolments, not these.
        at = schools()
        if removed := _term_change_unexplained(report, at):
            words = _explained(report, at, removed)
            report.add(
                codes.code("rollover-unexplained"), refusals="; ".join(removed), calendar=words, codes=_codes(removed)
            )


def _codes(let: Iterable[str]) -> str:
    """The codes F454 names, each its words' first (summary: its step when they are the grades alone)."""
    return " ".join(sorted({str(item).split(" ", 1)[0] for item in let}))


def _incomplete(report: Report) -> list[tuple[str, int]]:
    let: list[tuple[str, int]] = []
    for cid in INCOMPLETE:
        if count := report.counts.get(cid, 0):
            details = [str(p.params.get("detail", "")) for p in report.examples.get(cid, [])[:DETAILS]]
            said = ": " + ", ".join(d for d in details if d) if any(details) else ""
            more = f" and {count - DETAILS} more" if said and count > DETAILS else ""
            let.append((f"{cid} ×{count}{said}{more}", count))
    if flagged := int(report.facts.get(ROWS_LET_THROUGH, 0)):
        let.append((f"{USERS_ROWS_ALLOWED} ×{flagged}", flagged))
    return let


def _rollover(report: Report) -> list[str]:
    """Each code the flag said tonight, its count and its first example's words (the flag's own
    prefix and "published" left out: the line says both)."""
    let: list[str] = []
    for cid in ROLLOVER:
        if count := report.counts.get(cid, 0):
            first = report.examples.get(cid, [])
            said = first[0].message.removeprefix(ROLLOVER_WORDS).split("; published")[0] if first else ""
            let.append(f"{cid} ×{count}" + (f" ({said})" if said else ""))
    return let + [str(refusal) for refusal in report.facts.get(SKIPPED, [])]


def _said_tonight(report: Report) -> bool:
    """Whether the flag let anything through tonight that a term change may not explain."""
    return bool(
        report.facts.get(UNEXPLAINED) or report.facts.get(SKIPPED) or any(report.counts.get(cid, 0) for cid in JUDGED)
    )


# F454's words on a term-change night for what the flag let through that is no removal (reviewer112 R4)
NOT_REMOVALS = {
    "X837": "a value written as a map's default",
    "X839": "a class handed to another teacher whose own term runs on",
    "X846": "a school gone whole",
    "X869": "a course's classes of two terms at once",
    "X857": "students' grades changed to other grades",
    "X855": "a user's number (in the identifier, email, username or userIds) without its leading zeros",
    "X849": "students' birth dates changed to other dates",
    "X711": "a new term's schedule rows too few at a school",
}
# F454's words on a night with no term change for what the flag let through that has words of its own (review137
# R3: birth dates changed were said as removals, defaults and teachers); the others are REMOVALS_WORDS'.
OWN_WORDS = {"X849": "birth dates changed in numbers"}
REMOVALS_WORDS = "records removed, values written as a map's default or classes handed to other teachers"


def _no_rollover(let: Iterable[str]) -> str:
    """What F454 says the flag let through is on a night with no new term or school year (`let`: each
    its code first)."""
    said = {str(item).split(" ", 1)[0] for item in let}
    kinds = [words for cid, words in OWN_WORDS.items() if cid in said]
    if said - OWN_WORDS.keys():
        kinds.insert(0, REMOVALS_WORDS)
    return (
        f"{' or '.join(kinds)} on a night with no new term or school year are a broken export or a change in the SIS, "
        "not a rollover"
    )


def _explained(report: Report, at: SchoolCalendar, let: Iterable[str]) -> str:
    """F454's words on a term-change night: what the calendar explained (the ended terms' classes
    and enrolments, published and set apart before anything above was counted) and what it did not
    (`let`: what `_term_change_unexplained` found, each its code first). No class or enrolment of an ended
    term removed: the term change explains none of it, said so, not "explains the ended terms' classes
    (0 classes removed)" after "which the calendar does not explain" (tester90 T3)."""
    changes = report.facts.get("changes") or {}
    ended = [
        f"{count:,} {one if count == 1 else many}"
        for table, one, many in (("classes", "class", "classes"), ("enrollments", "enrolment", "enrolments"))
        if (count := int((changes.get(table) or {}).get("term_ended", 0)))
    ]
    beyond = f"{_beyond(let)} is a broken export or a change in the SIS, not a term change"
    if not ended:
        return (
            f", which the calendar does not explain: a term changed tonight{_where(at.changed)}, but no class or "
            f"enrolment removed tonight is of a term that ended, so it explains none of these; {beyond}"
        )
    return (
        f", beyond what the calendar explains: a term changed tonight{_where(at.changed)}, which explains the "
        f"ended terms' classes and enrolments ({' and '.join(ended)} removed, published and not counted in "
        f"these) and nothing more; {beyond}"
    )


def _beyond(let: Iterable[str]) -> str:
    """What the flag let through beyond the calendar, in words: removals, and those of NOT_REMOVALS."""
    said = {str(item).split(" ", 1)[0] for item in let}
    kinds = [words for cid, words in NOT_REMOVALS.items() if cid in said]
    if said - NOT_REMOVALS.keys():
        kinds.insert(0, "a removal beyond an ended term's")
    return " or ".join(kinds) or "a removal beyond an ended term's"


def _where(schools: Collection[str]) -> str:
    if not schools:
        return ""
    if EVERY_SCHOOL in schools:
        return " at every school"
    named = sorted(schools)
    more = f" and {len(named) - SHOWN} more" if len(named) > SHOWN else ""
    return f" at school{'s' if len(named) > 1 else ''} {', '.join(named[:SHOWN])}{more}"


def _term_change_unexplained(report: Report, at: SchoolCalendar) -> list[str]:
    """On a term-change night, what the flag let through that the calendar of the schools it
    concerns does not explain (the module's doc)."""
    removed = [f"X908 ({table}.csv over the limit without the ended terms' records)" for table in _unexplained(report)]
    judged: dict[str, int] = {}
    for cid, schools, words, people, *terms in report.facts.get(AT_SCHOOLS, []):
        judged[cid] = judged.get(cid, 0) + 1
        if why := _at_schools(cid, schools, people, at, terms[0] if terms else None):
            removed.append(f"{cid} ({words}; {why})")
    # Said where no school was recorded with it (judged by nothing), and those no term change explains
    for cid in JUDGED:
        if (count := report.counts.get(cid, 0) - judged.get(cid, 0)) > 0:
            removed.append(f"{cid} ×{count}")
    explained = noted_class_export(report)
    class_exports = set(report.facts.get(CLASS_EXPORT, []))
    removed += [str(r) for r in report.facts.get(SKIPPED, []) if not (explained and r in class_exports)]
    return removed


def _at_schools(
    cid: str,
    schools: Collection[str],
    people: bool,
    at: SchoolCalendar,
    terms: Iterable[Sequence[Collection[str]]] | None,
) -> str:
    """Why the calendar of `schools` does not explain one saying of `cid` ('': it does)."""
    if cid in TERM_CHANGE_KINDS:
        return _own_terms(schools, at, terms)
    if not people:
        return NOT_EXPLAINED.get(cid, "over the limit without the ended terms' records")
    if not schools or not all(at.new_year_at(school) for school in schools):
        return "a term change removes no one"
    return ""


def _own_terms(schools: Collection[str], at: SchoolCalendar, terms: Iterable[Sequence[Collection[str]]] | None) -> str:
    """Why the classes of one X839 saying are not each its own term change ('': they are): a class
    whose term neither ended nor began tonight (`terms`: each class's term IDs in the last set and
    tonight; SchoolCalendar.own_term_changed) runs on, whatever changed at its school (reviewer114 R1:
    year-long classes on a semester's night; reviewer117 R1, R2: their term IDs changed with no term
    change, or listed under both semesters)."""
    if terms is None:
        return "no class's terms recorded to judge it by"
    running = [(then, now) for then, now in terms if not at.own_term_changed(then, now)]
    if not running:
        return ""
    if schools and not any(at.changed_at(school) for school in schools):
        return "no term changed there tonight"
    count, same = len(running), sum(set(then) == set(now) for then, now in running)
    if same == count:
        return f"{count} of them {'is' if count == 1 else 'are'} in the same term both nights, which runs on"
    return f"{count} of them {'is' if count == 1 else 'are'} in a term that neither ended nor began tonight" + (
        f" ({count - same} under other term IDs)" if same else " (under other term IDs)"
    )


def _unexplained(report: Report) -> list[str]:
    return [str(table) for table in report.facts.get(UNEXPLAINED, [])]


def noted_class_export(report: Report) -> bool:
    """Whether a class export the flag let through emptied or shrunk (X910, X907) is explained by
    the calendar: the verdict gate.by_the_calendar gave tonight, the one the gate refuses X907 by
    without the flag (every class and enrolment the set loses an ended term's, or of people the
    exports list as left)."""
    return bool(report.facts.get(CLASS_EXPORT_EXPLAINED))
