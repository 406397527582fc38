"""I274 read against the exports' term dates (newcomer48): a profile with no filters.current_term
whose sources date the terms was held for a person on its first set whatever the export held, so
an export of the current term only (every section's term current, or a terms export whose every
term covers the run's date) got exit 1 once, until `current_term: {enabled: false}`.

After the tables, each I274 is judged by the dates it names:
- the classes' own term columns (TermBeg, TermEnd): the rows of the classes published, by term;
- a terms export no classes rule reads as its rows: the classes published, each under the one term
  its row names by the columns the classes' export shares with the terms export (SystemSchoolID,
  TermName: tester74 T4); where no class is so matched, the terms export's rows.
When every one covers the as-of date, nothing of another term went out: I226 (info) instead.
Otherwise I274 stays, naming how many classes (or terms) are of other terms, and which. A source
whose dates could not be matched to a published class is said as before. Counted by the classes
published, I274 says how many are of other terms (other_classes), which refuses a new profile's set
(pipeline.new_profile_stops, I228); a later night holds back those of a term the last set held no class
of (pipeline.held_back, X801)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from transform.pipeline.filters import Term, running_by_default
from transform.pipeline.mapping import records_as_read
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.rows import SourceRow
from transform.profile.compile import CLASS_TABLE, DEFAULT_WINDOW_DAYS, ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, normalize_column
from transform.report import codes
from transform.report.problem import Problem
from transform.report.report import Report

NAME_WORDS = ("term", "session", "semester", "markingperiod", "period", "name", "code", "abbr")
SHOWN = 5  # terms listed in a message
_ID = frozenset({"sourcedId"})


@dataclass(frozen=True, slots=True, order=True)
class _Term:
    start_text: str
    end_text: str
    name: str

    def covers(self, plan: Plan) -> bool:
        start, end = plan.parse_date(self.start_text), plan.parse_date(self.end_text)
        return start is not None and end is not None and start <= plan.as_of <= end

    def dates(self, plan: Plan) -> tuple[str, str]:
        """Its first and last day (ISO), "" where not read (pipeline.held_back)."""
        start, end = plan.parse_date(self.start_text), plan.parse_date(self.end_text)
        return (start.isoformat() if start else "", end.isoformat() if end else "")

    def said(self, plan: Plan) -> str:
        start, end = plan.parse_date(self.start_text), plan.parse_date(self.end_text)
        dates = (
            f"{start.isoformat()} to {end.isoformat()}"
            if start and end
            else f"{self.start_text!r} to {self.end_text!r}, dates not read"
        )
        return f"{self.name} ({dates})" if self.name else dates

    def named(self, plan: Plan) -> str:
        """Its name and school year ('S1, school year 2027'): last.json's key of a term published (held_back,
        review177 R2: a date corrected in the SIS kept it one term); "" with no name or first day read."""
        start = plan.parse_date(self.start_text)
        return f"{self.name}, school year {plan.school_years.of(start)}" if self.name and start else ""


def _keys(terms: set[_Term], plan: Plan) -> dict[str, str]:
    """Each term as said -> its stable key: its name and school year, or as said where it has none, or where
    another term tonight has the same (two terms so named are not taken for one: review177 R2)."""
    named = Counter(term.named(plan) for term in terms)
    return {
        term.said(plan): term.named(plan) if term.named(plan) and named[term.named(plan)] == 1 else term.said(plan)
        for term in terms
    }


def _span(dates: tuple[str, str]) -> str:
    """A term's first and last day as last.json records them with its key: "start/end", "" where not read."""
    return "/".join(dates) if all(dates) else ""


def judge(plan: Plan, sources: dict[str, SourceFile], report: Report, *, staged: Path) -> None:
    """Each I274 of the run, judged by the term dates it names (the module's doc)."""
    said = [p for p in report.examples.get("I274", []) if not _not_terms(p, plan, sources)]
    if not said and not report.examples.get("I274"):
        return
    titled = titled_classes(staged / f"{CLASS_TABLE}.csv")
    judged = [(problem, *_counted(problem, plan, sources, set(titled))) for problem in said]
    report.withdraw(codes.code("classes-no-term-filter"))
    terms = {term for _, _, of_class in judged for term in of_class.values()}
    report.term_keys.update(keys := _keys(terms, plan))
    report.key_dates.update({keys[term.said(plan)]: _span(term.dates(plan)) for term in terms})
    for problem, counted, of_class in judged:
        if not counted:  # nothing matched: as the profile alone says
            report.add_problem(problem)
            continue
        report.class_terms.update(
            {cid: (str(problem.params.get("source")), term.said(plan)) for cid, term in of_class.items()}
        )
        other, classes_other = _not_running(counted, of_class, plan, {cid: pair[1] for cid, pair in titled.items()})
        if not other:
            report.add(
                codes.code("classes-all-in-current-term"),
                problem.where,
                path=problem.params.get("path", ""),
                source=problem.params.get("source", ""),
                columns=problem.params.get("columns", ""),
                as_of=plan.as_of.isoformat(),
                terms=_listed(counted, plan),
            )
            continue
        name = str(problem.params.get("source"))
        what = "classes published are of terms" if of_class else f"rows of {sources[name].display} are terms"
        found = found_words(
            sum(other.values()), sum(counted.values()), what, plan.as_of.isoformat(), _listed(other, plan)
        )
        # the classes published of other terms: a new profile's set, or one adding them, refused (I228); with the
        # classes counted, for held_back to count again what is published once it has held some back
        classes: dict[str, object] = (
            {"other_classes": sum(other.values()), "counted_classes": sum(counted.values())} if of_class else {}
        )
        if _reads_classes(plan, name):  # I228's ready line: the classes' own term columns (reviewer148 R4)
            start, end = str(problem.params.get("columns", "")).split(", ")
            classes["ready"] = f'current_term: {{start: "{{{start}}}", end: "{{{end}}}"}}'
        report.classes_other_terms.update({cid: of_class[cid].said(plan) for cid in classes_other})
        report.other_term_dates.update({term.said(plan): term.dates(plan) for term in other})
        report.add(problem.code, problem.where, **{**problem.params, "found": found, **classes})


# A term's span: weeks to a school year (a marking period to a full year); a person's employment is years long.
TERM_DAYS = (7, 400)
DATED_SHARE = 0.8  # of a terms export's rows with both dates read, those spanning a term


def _not_terms(problem: Problem, plan: Plan, sources: dict[str, SourceFile]) -> bool:
    """Whether the source I274 took for the terms only because a classes rule joins it (coverage: by_use "join")
    holds rows whose dates are no terms' (review202 R6: a staff export's employment startDate/endDate, one span
    per person, years long or open, refused an honest district's first set I228): terms are rows with dates read,
    most dated rows spanning weeks to a year, and no users rule reading or joining it (a people export)."""
    export = sources.get(str(problem.params.get("source", "")))
    columns = [normalize_column(c) for c in str(problem.params.get("columns", "")).split(", ")]
    if problem.params.get("by_use") != "join" or export is None or len(columns) != 2:
        return False
    if not all(c in export.index for c in columns):
        return False
    if _people(plan, str(problem.params.get("source", ""))):
        return True
    spans = Counter[tuple[dt.date, dt.date]]()
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        start, end = (plan.parse_date(row.get(c).strip()) for c in columns)
        if start is not None and end is not None:
            spans[(start, end)] += 1
    # undated rows (next year's, preloaded blank) are no evidence against terms (review205 R2b)
    dated = sum(spans.values())
    termed = sum(n for (start, end), n in spans.items() if TERM_DAYS[0] <= (end - start).days <= TERM_DAYS[1])
    return not dated or termed < DATED_SHARE * dated


def _people(plan: Plan, source: str) -> bool:
    """Whether a users rule reads `source` as its rows or joins it (a staff export): a people export, its dates
    a person's, whatever their number (review205 R2a: a terms export of 30 per-school calendars was judged one
    by its many spans and dropped, 4 classes of another term published at exit 0)."""
    return any(
        rule.source == source or any(join.source == source for join in rule.joins.values())
        for rule in plan.rules.get("users", ())
    )


# What "running" means (filters.running_by_default): the filter's rule at its defaults.
NOT_RUNNING = f"neither covering it nor, out of term, the first to start within {DEFAULT_WINDOW_DAYS} days"


def _not_running(
    counted: dict[_Term, int], of_class: dict[str, _Term], plan: Plan, school_of: dict[str, str]
) -> tuple[dict[_Term, int], set[str]]:
    """The terms not running tonight with their count, and the classes of them. Where the classes are
    counted, judged at each class's school, as the filter judges each school's calendar (reviewer155 R1: a
    school whose spring begins Jan 7 made the spring of one beginning Jan 11 not running over the break)."""
    if not of_class:
        running = {term for _, term in _running({("", term) for term in counted}, plan)}
        return {term: n for term, n in counted.items() if term not in running}, set()
    placed = {cid: (school_of.get(cid, ""), term) for cid, term in of_class.items()}
    running_at = _running(set(placed.values()), plan)
    classes = {cid for cid, place in placed.items() if place not in running_at}
    return dict(Counter(of_class[cid] for cid in classes)), classes


def _running(placed: set[tuple[str, _Term]], plan: Plan) -> set[tuple[str, _Term]]:
    """The terms, each at a school, filters.current_term would roster tonight at its defaults
    (filters.running_by_default: a fall term starting 10 days after an August first set is running);
    those covering the as-of date where the filter would refuse the dates themselves. A term whose dates
    are not read is none."""
    dated: dict[tuple[str, _Term], Term] = {}
    for school, term in placed:
        start, end = plan.parse_date(term.start_text), plan.parse_date(term.end_text)
        if start is not None and end is not None:
            dated[(school, term)] = Term(school, term.name, start, end)
    chosen = running_by_default(set(dated.values()), plan.as_of, plan.school_years)
    if chosen is None:
        return {place for place in dated if place[1].covers(plan)}
    return {place for place, read in dated.items() if read in chosen}


def _reads_classes(plan: Plan, source: str) -> bool:
    return any(rule.source == source for rule in plan.rules.get(CLASS_TABLE, ()))


def _counted(
    problem: Problem, plan: Plan, sources: dict[str, SourceFile], published: set[str]
) -> tuple[dict[_Term, int], dict[str, _Term]]:
    """The terms of the source I274 names, with how many classes published each holds (the classes'
    own columns, or a terms export matched to the classes' rows by the columns they share) or, where
    no class could be matched, how many of its rows (a terms export) each holds; {} when not read.
    With the term of each class published, where the counts are the classes ({} where they are rows)."""
    name = str(problem.params.get("source", ""))
    export = sources.get(name)
    columns = [normalize_column(c) for c in str(problem.params.get("columns", "")).split(", ")]
    if export is None or len(columns) != 2 or not all(c in export.index for c in columns):
        return {}, {}
    start, end = columns
    term_name = _name_column(export, columns, classes=_reads_classes(plan, name))
    if not _reads_classes(plan, name):
        counted: dict[_Term, int] = {}
        rows: list[tuple[_Term, SourceRow]] = []
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            term = _Term(row.get(start).strip(), row.get(end).strip(), row.get(term_name).strip())
            counted[term] = counted.get(term, 0) + 1
            rows.append((term, row))
        keys = _keys_of_rules(plan, sources, export, name, columns)
        matched = _classes_matched(plan, sources, keys, rows, published) if keys else {}
        return (dict(Counter(matched.values())), matched) if matched else (counted, {})
    # A class counted once, under the dates most of its rows give it: a row's other dates (a student's
    # own, blank on most rows) made one class two terms (reviewer136 R3: 4 of 4 said where 2 were published).
    classes: dict[str, Counter[_Term]] = {}
    for rule in (r for r in plan.rules.get(CLASS_TABLE, ()) if r.source == name):
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            admitted, records = records_as_read(row, rule, plan, _ID)
            ids = {record.get("sourcedId", "") for record in records} & published if admitted else set()
            term = _Term(row.get(start).strip(), row.get(end).strip(), row.get(term_name).strip())
            for class_id in ids:
                classes.setdefault(class_id, Counter())[term] += 1
    of_class = {class_id: terms.most_common(1)[0][0] for class_id, terms in classes.items()}
    return dict(Counter(of_class.values())), of_class


def _class_sources(plan: Plan, sources: dict[str, SourceFile]) -> list[str]:
    return [r.source for r in plan.rules.get(CLASS_TABLE, ()) if r.source in sources]


def _shared_columns(plan: Plan, sources: dict[str, SourceFile], terms: SourceFile, dates: list[str]) -> list[str]:
    """The columns of the terms export every classes rule's source has too, but its dates (SystemSchoolID,
    TermName: tester74 T4): the key a join of the classes on the terms would read; [] when none."""
    names = _class_sources(plan, sources)
    if not names:
        return []
    return [c for c in terms.index if c not in dates and all(c in sources[n].index for n in names)]


def _keys_of_rules(
    plan: Plan, sources: dict[str, SourceFile], terms: SourceFile, name: str, dates: list[str]
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Per classes rule (by label), the columns of its row and of the terms export that name a class's term:
    its own join of the terms source (schoolCode, schoolYear, semester: cycleCode; tester89 T1: the columns
    both have by name, schoolCode and schoolYear, named every term of the year, no class was counted and the
    first set published at exit 1), else the columns the two exports share (`_shared_columns`)."""
    shared = _shared_columns(plan, sources, terms, dates)
    keys: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for rule in (r for r in plan.rules.get(CLASS_TABLE, ()) if r.source in sources):
        join = next((j for j in rule.joins.values() if j.source == name and not j.split), None)
        if join is not None and all(ref.alias is None for ref in join.local):
            keys[rule.label] = (tuple(ref.key for ref in join.local), join.remote)
            continue
        pairs = dict.fromkeys((c, c) for c in shared) | dict.fromkeys(_same_places(plan, rule, name))
        pairs = {(a, b): None for a, b in pairs if a in sources[rule.source].index and b in terms.index}
        if pairs:
            keys[rule.label] = (tuple(a for a, _ in pairs), tuple(b for _, b in pairs))
    return keys


def _same_places(plan: Plan, rule: RulePlan, terms: str) -> list[tuple[str, str]]:
    """The (class row's, terms export's) columns the classes rule's termSourcedIds and an academicSessions rule's
    sourcedId of the terms export read in the same place of one template ('{A}-{B}-{semester}' beside
    '{A}-{B}-{cycleCode}'), normalized; [] when no two have the same text between their fields."""
    mine = _shape(next((c for c in rule.columns if c.name == "termSourcedIds"), None))
    for sessions in plan.rules.get("academicSessions", ()):
        theirs = _shape(next((c for c in sessions.columns if c.name == "sourcedId"), None))
        if sessions.source == terms and mine is not None and theirs is not None and mine[0] == theirs[0]:
            return [(a.key, b.key) for a, b in zip(mine[1], theirs[1], strict=True) if not (a.alias or b.alias)]
    return []


def _shape(column: ColumnPlan | None) -> tuple[tuple[str, ...], tuple[FieldRef, ...]] | None:
    if column is None or column.first_of or not column.parts:
        return None
    if not all(isinstance(p, str | FieldRef) for p in column.parts):
        return None
    literal = tuple(p if isinstance(p, str) else "\0" for p in column.parts)
    return literal, tuple(p for p in column.parts if isinstance(p, FieldRef))


def _classes_matched(
    plan: Plan,
    sources: dict[str, SourceFile],
    keys: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    rows: list[tuple[_Term, SourceRow]],
    published: set[str],
) -> dict[str, _Term]:
    """The classes published, each with the one term of the terms export their row's key columns
    name (`keys`; a class whose columns name none, or two, is not counted): the classes of a term not
    running are those published, not a terms export's rows (the whole year's, honestly)."""
    classes: dict[str, _Term] = {}
    for rule in (r for r in plan.rules.get(CLASS_TABLE, ()) if r.label in keys):
        local, remote = keys[rule.label]
        by_key: dict[tuple[str, ...], set[_Term]] = {}
        for term, term_row in rows:
            by_key.setdefault(tuple(term_row.get(c).strip() for c in remote), set()).add(term)
        for row in iter_rows(sources[rule.source], Report(max_examples=0), first_pass=False):
            terms = by_key.get(tuple(row.get(c).strip() for c in local), set())
            admitted, records = records_as_read(row, rule, plan, _ID) if len(terms) == 1 else (False, [])
            for class_id in {record.get("sourcedId", "") for record in records} & published if admitted else ():
                classes.setdefault(class_id, next(iter(terms)))
    return classes


def _name_column(export: SourceFile, dates: list[str], *, classes: bool) -> str:
    """The column naming a term (Term, TermName, TERM-CODE): one named for a term, not a date;
    in a terms export, a name or code column too. "" when none."""
    words = NAME_WORDS[:4] if classes else NAME_WORDS
    found = ""
    for header in export.header:
        key = normalize_column(header)
        squashed = "".join(ch for ch in key.casefold() if ch.isalnum())
        if key not in dates and any(w in squashed for w in words) and "date" not in squashed:
            if not any(w in squashed for w in PLACE_WORDS):
                return key
            found = found or key
    return found  # a school's code names no term (tester89 T1: '050 (2026-11-16 to ...)'), unless nothing else


PLACE_WORDS = ("school", "building", "site", "year")


def found_words(other: int, counted: int, what: str, as_of: str, listed: str) -> str:
    """I274's `found`: how many of the classes (or rows) counted are of terms not running, and which."""
    return f"; {other:,} of the {counted:,} {what} not running on {as_of} ({NOT_RUNNING}): {listed}"


def listed(shown: list[tuple[str, int]]) -> str:
    """Terms as said, each with its count, in the order given: the first few, and how many more."""
    words = ", ".join(f"{term}: {n:,}" for term, n in shown[:SHOWN])
    return words + (f" and {len(shown) - SHOWN} more" if len(shown) > SHOWN else "")


def _listed(terms: dict[_Term, int], plan: Plan) -> str:
    shown = sorted(terms.items(), key=lambda item: (_start(item[0], plan), item[0]))
    return listed([(term.said(plan), n) for term, n in shown])


def _start(term: _Term, plan: Plan) -> dt.date:
    return plan.parse_date(term.start_text) or dt.date.min


def published_classes(path: Path) -> set[str]:
    """The sourcedIds of a classes.csv (none when the file is not there)."""
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row.get("sourcedId", "") for row in _rows(handle)}


def titled_classes(path: Path) -> dict[str, tuple[str, str]]:
    """The title and school of each class of a classes.csv, by sourcedId (none when the file is not there)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {r.get("sourcedId", ""): (r.get("title", ""), r.get("schoolSourcedId", "")) for r in _rows(handle)}


def _rows(handle: Iterable[str]) -> Iterable[dict[str, str]]:
    return csv.DictReader(handle)
