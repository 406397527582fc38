"""The run itself: every export streamed through the profile's rules into the staged set.

`api.run` (the library's front door) checks the options, finds the exports and stages the
output folder; `produce` then makes each table in the target's order (orgs, users, classes,
enrolments, ...), validates every record and writes the files. The safety gate, publishing and
delivery happen back in `api`, once the whole set is known.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import functools
import itertools
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Collection, Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transform.oneroster.spec import APART_FIELDS, GUARDIAN_ROLES, IDENTITY_FIELDS
from transform.pipeline import (
    birth_dates,
    blanked_keep_out,
    columnar,
    date_order,
    demoted_owners,
    enrolled_now,
    enrolment_schools,
    excluded_schools,
    export_columns,
    former_students,
    garbled_names,
    guardian_kinds,
    id_series,
    identity,
    last_year,
    leavers,
    lookups,
    map_values,
    mapping,
    next_year,
    no_birth_dates,
    no_login,
    order,
    overlap,
    read,
    rows_unread,
    school_classes,
    school_setting,
    seen_values,
    set_sql,
    span_rows,
    student_twice,
    swapped_points,
    term_rows,
    unnamed,
    unread_groups,
    user_schools,
    usernames,
    usernames_held,
    whole_names,
    year_over,
)
from transform.pipeline.ahead import HeldBack, looking_ahead
from transform.pipeline.combine import combine_rows
from transform.pipeline.compact import CompactMap, IdSet, id_hash
from transform.pipeline.complete import BUILT, Completer, break_loops, parents_first, report_loops
from transform.pipeline.conditions import dates_read
from transform.pipeline.derive import GuardianBook
from transform.pipeline.filters import (
    CLASS_TERMS_LEFT_OUT,
    Ended,
    HeldTerms,
    NothingDue,
    Term,
    TermsExported,
    chosen_first_days,
    drop_excluded_classes,
    screened,
    select_terms,
    without_sessions_left_out,
)
from transform.pipeline.mapping import (
    GuardianCandidate,
    interpret_row,
    map_guardians,
    map_rows,
    row_ids,
    values_as_read,
)
from transform.pipeline.not_carried import report_not_carried
from transform.pipeline.primary_roles import PrimaryRoles
from transform.pipeline.rows import CONTACT_POINTS, UNREAD_CONTACT, Draft, Index, Indexes, Places, SourceRow
from transform.pipeline.section_teachers import SectionTeachers, teachers_read
from transform.pipeline.session_variants import DATES as SESSION_DATES
from transform.pipeline.session_variants import SessionVariants, built_id
from transform.pipeline.spool import HeldDrafts
from transform.pipeline.staged_sql import StagedSql
from transform.pipeline.two_schools import conditions_read
from transform.pipeline.validate import OWNERS, LeftOutRows, OnFirstLook, Validator, unique_titles
from transform.pipeline.write import Staging, TableWriter
from transform.profile import templates
from transform.profile.compile import CLASS_TABLE, DEFAULT_WINDOW_DAYS, AsOf, EnrolledUsers, Plan, RulePlan
from transform.profile.templates import SETTINGS_ALIAS, FieldRef, fields
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Event, Report

# Tables that may not be empty: without schools or users there is nothing to roster.
MUST_HAVE_ROWS = ("orgs", "users")
# Left empty (header row only) by --users-only, Remind's "not ready to roster classes".
CLASS_TABLES = (CLASS_TABLE, "enrollments", "academicSessions", "courses")
# Small tables validated in flow order (later files point to them) but written at the end,
# when it is known which of their records are used.
HELD_TABLES = (CLASS_TABLE, "academicSessions", "courses")
# The streamed tables whose one rule the columnar engine may take, once the users are known.
STREAMED_BY_ENGINE = tuple(t for t in columnar.TABLES if t != "enrollments")


def _links_counted(
    candidates: Iterable[GuardianCandidate], report: Report, rule: RulePlan
) -> Iterator[GuardianCandidate]:
    """The candidates, each linking a parent or guardian to a student counted as a link read
    (LeftOut.guardian_links: what the links lost are held against, pipeline.guardians_gate); and
    the students the rule's rows name and still link after its link_where (Report.link_students)."""
    named, linked = report.link_students.setdefault(rule.label, (IdSet(), IdSet()))
    separator = rule.guardian.student_separator if rule.guardian is not None else ""
    relations = report.link_relations  # what the relationship column says of each link, once found
    origin = None
    for candidate in candidates:
        words = relations.get(rule.label)
        if words is not None and (candidate.student or candidate.named):
            place = (candidate.origin.file, candidate.origin.line)
            words.count(candidate.relation, kept=bool(candidate.student), place=place)
        if candidate.student:
            report.left_out.guardian_links += 1
            named.add(candidate.student)
            linked.add(candidate.student)
        elif candidate.named:
            if candidate.origin is not origin:  # a row of several groups is one row dropped
                report.links_dropped[rule.label] += 1
            origin = candidate.origin
            cells = candidate.named.split(separator) if separator else [candidate.named]
            for student in cells:
                if student.strip():
                    named.add(student.strip())
        yield candidate


def district_collides(plan: Plan, orgs: list[Draft]) -> None:
    """A district_id that is also a school's ID would turn that school into the district org
    (and every class and user at it would point to a district): refused, as a profile error."""
    district = str(plan.settings.get("district_id") or "")
    for draft in orgs:
        if district and draft.values.get("sourcedId") == district and draft.values.get("type") == "school":
            raise TransformAbort(
                [
                    Problem(
                        codes.code("profile-district-collides"),
                        Where(file=plan.district_at),
                        {
                            "district": district,
                            "name": draft.values.get("name", ""),
                            "file": draft.origin.file,
                            "line": draft.origin.line,
                        },
                    )
                ]
            )


# The term filter's refusals about the dates of the terms read (`_terms_named`).
_TERM_DATED = ("no-current-term", "school-year-passed", "rest-of-year-terms-missing")


class Inputs:
    """Streams each export; row problems are reported, and the order of the dates of the plan's
    date columns counted (pipeline.date_order), on the first pass only."""

    def __init__(self, sources: dict[str, read.SourceFile], report: Report, plan: Plan | None = None) -> None:
        self.sources = sources
        self.report = report
        self.plan = plan
        self._read: set[str] = set()
        self.watched = seen_values.watched(plan) if plan is not None else {}  # code columns counted
        self.keep_outs = blanked_keep_out.tallies(plan, sources, report.keep_out_then)  # X877

    def was_read(self, source: str) -> bool:
        return source in self._read

    def mark_read(self, sources: Iterable[str]) -> None:
        """Sources read before (a worker process skips the stages that read them first)."""
        self._read.update(sources)

    def rows(self, source: str) -> Iterator[SourceRow]:
        found = self.sources.get(source)
        if found is None:
            return iter(())
        first = source not in self._read
        self._read.add(source)
        rows = read.iter_rows(found, self.report, first_pass=first)
        if first and source in self.watched:
            rows = seen_values.counted(rows, found, self.watched[source], self.report.column_values)
        if first and (unread := unread_groups.watched(self.plan, found)):  # a person no rule reads (P125)
            rows = unread_groups.counted(rows, found, unread, self.report.column_values)
        if first and source in self.keep_outs:
            rows = blanked_keep_out.counted(rows, self.keep_outs[source], self.report.column_values)
        if first and self.plan is not None and source in self.plan.date_columns:
            rows = birth_dates.count_rows(rows, found, self.plan, self.report.date_forms)
            return date_order.counted(rows, found, self.plan, self.report.date_forms)
        return rows

    def rule_rows(self, rule: RulePlan) -> Iterator[SourceRow]:
        """The rows a rule reads: its export's, or for a `once` rule one empty row, placed at the
        rule in the profile (what a report about its record names)."""
        if rule.once:
            return iter([SourceRow(f"profile tables.{rule.label}", 0, [], {})])
        return self.rows(rule.source)


class _Unmade:
    """The sourcedIds of the rows of a rule's export that make no record (a where leaves them
    out, a value is dropped), added to `ids`: what the export lists, beside the records made.
    The rows and the records pass through (`rows` before `map_rows`, `drafts` after it): a row
    is done when the next is asked for, and only a row no record came of is mapped again."""

    def __init__(self, rule: RulePlan, plan: Plan, indexes: Indexes, ids: IdSet) -> None:
        self.rule, self.plan, self.indexes, self.ids = rule, plan, indexes, ids
        self._quiet = Report()  # the row's own mapping reported what is wrong with it
        self._row: SourceRow | None = None
        self._made = False

    def rows(self, rows: Iterable[SourceRow]) -> Iterator[SourceRow]:
        for row in rows:
            self._done()
            self._row, self._made = row, False
            yield row
        self._done()

    def drafts(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        for draft in drafts:
            self._made = True
            yield draft

    def _done(self) -> None:
        row = self._row
        if row is not None and not self._made:
            for sourced_id in row_ids(row, rule=self.rule, plan=self.plan, indexes=self.indexes, quiet=self._quiet):
                self.ids.add(sourced_id)
        self._row = None


def produce(
    plan: Plan,
    sources: dict[str, read.SourceFile],
    staging: Staging,
    report: Report,
    *,
    jobs: int | None = None,
    engine: str = "python",
    state: Path | None = None,
    last_terms: HeldTerms | None = None,
    last_set: Path | None = None,
    holders: Path | None = None,
) -> Calendar:
    """Write the set into staging; return what the term filter found for the safety gate and the
    next night (`Calendar`). `last_terms`: the terms the last published set was made with (X947);
    `last_set`: its folder, None without one (X894 finds next year's classes beside its classes);
    `holders`: the set whose usernames stay their users' (pipeline.usernames; default `last_set`).

    Dates read in the order their column rules out (pipeline.date_order) refuse the set, and
    overrule a stop they may have caused: no current term, or nothing due yet (exit 0)."""
    report.email_built = email_built(plan)
    report.email_login_absent = email_login_absent(plan, sources) if report.email_built == "login" else ""
    try:
        calendar = _produce(
            plan,
            sources,
            staging,
            report,
            jobs=jobs,
            engine=engine,
            state=state,
            last_terms=last_terms,
            last_set=last_set,
            holders=holders or last_set,
        )
    except (NothingDue, TransformAbort) as stopped:
        forms = report.date_forms
        wrong = date_order.misread(plan, sources, forms)
        if isinstance(stopped, TransformAbort):  # said beside another stop; nothing due is no set
            wrong += birth_dates.refused(plan, sources, forms)
            wrong += map_values.refused(plan, sources, report.column_values)
        if wrong:
            raise TransformAbort([*wrong, *getattr(stopped, "problems", [])]) from None
        raise
    except Exception as failed:  # the columnar engine's own IO errors: the machine's (X901), not a bug
        if (machine := columnar.machine_error(failed)) is None:
            raise
        raise machine from failed
    for problem in date_order.misread(plan, sources, report.date_forms):
        report.add_problem(problem)
    # A birth-date column most of whose dates give no student's age is another date (X987).
    for problem in birth_dates.refused(plan, sources, report.date_forms):
        report.add_problem(problem)
    # A mapped column none of whose values the map holds is another column (X988).
    for problem in map_values.refused(plan, sources, report.column_values):
        report.add_problem(problem)
    # A contacts export's column typing emergency contacts that no condition reads (V619).
    for problem in guardian_kinds.unread(plan, sources, report.column_values):
        report.add_problem(problem)
    # A person of a student's row (Alt Parent Email) no guardians rule's each group reads (P125).
    for problem in unread_groups.unread(plan, sources, report.column_values):
        report.add_problem(problem)
    # A school column holding other schools beside the one every record is written at (P127), and a
    # null_marker_text name that is no column of its export: the way out does nothing (P130).
    for problem in [
        *school_setting.unread(plan, sources, report.column_values),
        *read.null_names_unknown(plan.sources, sources),
    ]:
        report.add_problem(problem)
    return calendar


def _users_rewritten(
    folder: Path,
    validator: Validator,
    report: Report,
    *,
    holders: Path | None,
    last_set: Path | None,
    recorded: Callable[[], usernames_held.Held],
) -> bool:
    """users.csv as written, changed where the set makes it: a strict set's usernames one user's each
    (D389), the holder not chosen by tonight's row order; names the last set held right, garbled tonight
    by an encoding change (V616) or read whole by a change of the export's shape (X829), as they were.
    True when it was rewritten."""
    unique = usernames.make_unique(folder, validator.usernames, report, last=holders, recorded=recorded)
    if validator.usernames is not None and (folder / "users.csv").is_file():
        report.usernames_held = usernames_held.record(folder / "users.csv", validator.usernames.is_login)
    garbled = garbled_names.keep_last_names(folder, report, last=last_set)
    # names read whole by a change of the export's shape, as they were (X829, tester64 A3)
    return whole_names.keep_last_names(folder, report, last=last_set) or garbled or unique


def _former_students(state: Path | None, plan: Plan) -> former_students.Carried:
    """The former students' addresses last.json carries (pipeline.former_students). A damaged key never
    reaches here: api reads last.json (gate.read_state, whose RECORDED checks the key) under the lock
    before the tables are made, and refuses it (X930, the key's own step); one changed by hand since
    carries nothing."""
    path = state / "last.json" if state is not None else None
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
    except (OSError, UnicodeDecodeError, ValueError):
        data = {}
    data = data if isinstance(data, dict) and not former_students.damage(data) else {}
    return former_students.Carried(data, plan.as_of)


def email_built(plan: Plan) -> str:
    """Whether the users rules' email column builds an address from settings.email_domain (a
    fallback such as `{Username}@{settings.email_domain}`), for V506's step: setting the domain
    does nothing where no template reads it, and the admin who did it was given the same step
    again (tester46 F5)."""
    for rule in plan.rules.get("users", ()):
        for column in rule.columns:
            if column.name != "email" or rule.guardian is not None:
                continue
            parts = [*column.parts, *column.first_of, *(p for fallback in column.fallback for p in fallback)]
            if any(
                isinstance(ref, FieldRef) and ref.alias == SETTINGS_ALIAS and ref.key == "email_domain" for ref in parts
            ):
                return "login" if str(plan.settings.get("email_domain") or "").strip() else "setting"
    return ""


def email_login_absent(plan: Plan, sources: dict[str, read.SourceFile]) -> str:
    """Where a users rule's email template builds an address from settings.email_domain, which is
    set, and the login the template reads is a column the export lacks: "<column>, which <file>
    lacks" (V506 says it at each staff member left out: the domain set, as V506's step says, still
    builds none; tester49 minor: PowerSchool's teachers.txt without TeacherLoginID); else ""."""
    for rule in plan.rules.get("users", ()):
        for column in rule.columns:
            if column.name != "email" or rule.guardian is not None:
                continue
            for parts in (column.parts, column.first_of, *column.fallback):
                refs = fields(parts)
                if not any(ref.alias == SETTINGS_ALIAS and ref.key == "email_domain" for ref in refs):
                    continue
                for ref in refs:
                    if ref.alias == SETTINGS_ALIAS:
                        continue
                    name = rule.source if ref.alias is None else rule.joins[ref.alias].source
                    found = sources.get(name)
                    if found is not None and ref.key not in found.index:
                        return f"{ref.column}, which {found.display} lacks"
    return ""


@dataclass(frozen=True, slots=True)
class Calendar:
    """What the term filter (filters.select_terms) found that the run hands on: the classes left
    out because their terms ended this school year (class ID -> `Ended`: the safety gate's X937),
    and the terms the set's classes are rostered for, by term ID with their dates (`current`:
    recorded in last.json, for the next night's X947), and every term those classes name (`named`:
    last.json's terms_named, the dates the next night's gate judges a class gone by)."""

    ended: dict[str, Ended] = field(default_factory=dict)
    current: dict[str, Term] = field(default_factory=dict)
    named: dict[str, Term] = field(default_factory=dict)
    # Of the ended term's classes a break night kept (Plan.kept_over_break), those left with no
    # student: the export enrols nobody in them any more (pipeline.break_kept.emptied).
    kept_emptied: frozenset[str] = frozenset()
    # Session IDs the set publishes other than the export makes them (V602) -> the term filter's ID,
    # by which last.json records terms: the gate reads the last set's classes' terms by it.
    sessions: dict[str, str] = field(default_factory=dict)
    # The parents of each `each` group but the first (GuardianBook.group_ids): X923 judges a
    # group's column over the group's records (the mothers' email), not over every parent's.
    guardian_groups: dict[int, IdSet] = field(default_factory=dict)
    # Every dated row of the terms export, read on demand (Run.terms_exported): the safety gate
    # judges a class gone from tonight's exports by its term's row (pipeline.ended_gone).
    exported: TermsExported | None = field(default=None, compare=False)
    # The district's own settings.exclude_schools entries that matched no school tonight: the gate
    # judges them against the last published set (excluded_schools.judge: X825, X826).
    excluded: tuple[excluded_schools.Unmatched, ...] = ()
    # The classes the term filter kept that F412 left out with no student, counted by (school, term
    # ID): a new term's sections exported without their schedule rows (pipeline.term_unscheduled).
    emptied: dict[tuple[str, str], int] = field(default_factory=dict)
    # The same classes each by ID: (its school, its termSourcedIds): a new term's section exported with no
    # student on the term change's night counts among its sections (published_ended.thin_schedules).
    empty_at: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The classes a term or row of which ended before tonight this school year (filters.select_terms):
    # a year-long class running on is none of a new term's classes (pipeline.term_unscheduled).
    spanning: Collection[str] = frozenset()


def _produce(
    plan: Plan,
    sources: dict[str, read.SourceFile],
    staging: Staging,
    report: Report,
    *,
    jobs: int | None,
    engine: str,
    state: Path | None,
    last_terms: HeldTerms | None = None,
    last_set: Path | None = None,
    holders: Path | None = None,
) -> Calendar:
    started = time.perf_counter()
    _stage(
        report,
        "read",
        plan,
        sources,
        [*(source for source, _ in plan.join_needs), *_stage_sources(plan, "read", sources)],
    )
    inputs = Inputs(sources, report, plan)
    unnamed_years = _years_unnamed(plan, sources)
    one_terms = term_rows.one_terms(plan)
    indexes: Indexes = {
        (source, key): lookups.build_index(
            inputs.rows(source),
            source=source,
            key=key,
            columns=columns,
            report=report,
            repeats=(source, key) in plan.join_repeats,
            optional=(source, key) in plan.join_optional,
            pick=plan.join_picks.get((source, key)),
            as_of=plan.as_of,
            parse_date=plan.pick_parse_date(source, key),
            years_unnamed=(source, key) in unnamed_years,
            one_term=one_terms.get((source, key)),
        )
        for (source, key), columns in plan.join_needs.items()
        if (source, key) in _joins_run(plan, sources)
    }
    validator = Validator(plan.target, report)
    validator.read_from = export_columns.columns_read(plan, sources)
    validator.given = export_columns.columns_given(plan)
    validator.ids_put_together = mapping.enrolment_ids_put_together(plan)
    validator.profile_name = plan.name
    validator.last_set = last_set
    validator.carried = _former_students(state, plan)
    validator.series_fix = id_series.fix_for(plan, sources)
    validator.ends_tonight = leavers.Tonight(plan)
    validator.read_through = mapping.read_through_record(plan)
    validator.guardian_ids = _guardian_ids(plan)
    validator.section_teachers = SectionTeachers(plan)  # a class row's teacher IDs, cleaned as its enrolments'
    validator.indexes = indexes
    # settings.exclude_schools is left out on purpose whether or not the schools export lists it
    # (PowerSchool's District Office, 0, often is not): a user only there is F404, not "not in
    # orgs.csv" (V502, a warning), and a list naming it loses it without a word (tester27 3.1).
    validator.excluded_schools = plan.excluded_schools
    validator.unrostered.update(plan.excluded_schools)
    validator.rostered = plan.schools
    run = Run(
        plan, inputs, indexes, validator, staging, report, state=state, engine=engine, jobs=jobs, last_terms=last_terms
    )
    plan.enrolled.reads(run.enrolled_users, run.schools_without_login)
    held = run.held_tables
    seconds = report.facts.setdefault("seconds", {})
    seconds["indexes"] = round(time.perf_counter() - started, 3)
    try:
        _tables(run, held, jobs=jobs)
        excluded = excluded_schools.unmatched(  # judged at the gate (X825, X826)
            plan.excluded_own, run.exclusions_unlisted, validator.excluded_seen, report
        )
        report.stage("checks")
        run.validator.finish(
            lambda: _read_back(staging.path / "enrollments.csv", "userSourcedId", "classSourcedId"),
            lambda: _read_back(staging.path / "users.csv", "sourcedId", "agentSourcedIds", role="student"),
        )
        if run.later_year is not None:  # last year's classes joined to next year's terms (X929)
            last_year.check(
                staging.path / "enrollments.csv",
                run.later_year,
                report,
                parse_date=plan.parse_term_date,
                origin=run.class_origin,
                window_days=plan.current_term.window_days if plan.current_term is not None else DEFAULT_WINDOW_DAYS,
                last_set=last_set,
                last_as_of=run.last_terms.as_of if run.last_terms is not None else None,
                year_column=run.pick_year_column(),
                years=plan.school_years,
            )
        if run.held_classes is not None:
            held[CLASS_TABLE] = list(run.held_classes.drafts())
    finally:
        run.stop_worker()
        run.close_columnar()
        if run.held_classes is not None:
            run.held_classes.close()
    report.stage("write")
    schools: dict[str, str] | None = None
    for table, drafts in run.referenced(held).items():
        run.write(table, unique_titles(drafts, report, validator.place) if table == CLASS_TABLE else drafts)
        if table == "orgs":
            schools = {
                d.values["sourcedId"]: d.values.get("name", "") for d in drafts if d.values.get("type") == "school"
            }
    if run.twins is not None:  # next year's sections joined to this year's terms (X894)
        next_year.check(
            staging.path / "classes.csv",
            run.twins,
            report,
            origin=run.class_origin,
            last=last_set,
            enrollments=staging.path / "enrollments.csv",
            parse_date=plan.parse_term_date,
        )
    begun = time.perf_counter()
    # At a large set DuckDB sorts the large files and reads them again (pipeline.staged_sql).
    with set_sql.reading(staging.path, staging.path) as reader:
        sql = StagedSql(reader, staging.path) if reader is not None else None
        in_order(staging.path, plan.target.files, report, sql)
        # A user enrolled at a school their row does not list gets it (V593): the files as published
        # (sorted: a problem names the user's line), whatever engine wrote the enrolments.
        rows_give = validator.two_schools.kept(validator.dropped_users)  # one person's rows at two schools (I297)
        if user_schools.add_enrolled_schools(staging.path, report, sql, rows_give) and sql is not None:
            sql.forget(staging.path / "users.csv")
        # OUT emptied, no copy kept: the holders last.json recorded (reviewer82 R2, reviewer87 R1)
        rewritten = _users_rewritten(
            staging.path,
            validator,
            report,
            holders=holders,
            last_set=last_set,
            recorded=lambda: usernames.recorded_holders(state),
        )
        if rewritten and sql is not None:
            sql.forget(staging.path / "users.csv")
        if schools is not None:
            report.facts["users"] = census(report.people, schools)
        _no_birth_dates(run)
        _students_without_demographics(run, sql)
        student_twice.check(staging.path, report, state=state)  # one student under two IDs (V553)
    seconds["files sorted and read again"] = round(time.perf_counter() - begun, 3)
    report_not_carried(plan, run.inputs.sources, report)
    staging.write_manifest(plan.target, str(plan.settings.get("source_system") or plan.name))
    # Files in the target's order in the report, whenever each was written (orgs go last).
    position = {f"{table}.csv": i for i, table in enumerate(plan.target.files)}
    report.rows_written = dict(
        sorted(report.rows_written.items(), key=lambda item: position.get(item[0], len(position)))
    )
    run.classes_lost()
    for table in MUST_HAVE_ROWS:
        if report.rows_written.get(f"{table}.csv", 0) == 0:
            # No org kept: the code that left them out is the step (every org of another type
            # than school, D357: Moodle's sample of one department; tester63 F9).
            top = report.left_out.top_in_table(table) if table == "orgs" else None
            report.add(
                codes.code("no-rows"),
                Where(file=f"{table}.csv"),
                table=table,
                detail="every input row was left out or none was found (see the report)",
                **({"top_id": top.id} if top is not None else {}),
            )
    recorded = run.last_terms.terms if run.last_terms is not None else {}
    sessions = run.session_variants.aliases(recorded) if run.session_variants is not None else {}
    empty = _left_empty(run, held.get(CLASS_TABLE, ()))
    return Calendar(
        run.ended_classes,
        run.current_terms,
        run.named_terms,
        frozenset(run.kept_emptied | (empty & run.plan.kept_over_break)),
        sessions=sessions,
        exported=run.terms_exported,
        guardian_groups=run.guardian_groups,
        excluded=excluded,
        emptied=_by_school_and_term(held.get(CLASS_TABLE, ()), empty),
        empty_at=_where_and_when(held.get(CLASS_TABLE, ()), empty),
        spanning=run.spanning_classes,  # the term filter's own set, not copied (200k classes by spring)
    )


def _left_empty(run: Run, drafts: Iterable[Draft]) -> set[str]:
    """The classes F412 left out with no student: this process's (`Run.empty_classes`), and, where a second
    process made the enrolments and left them out there (--jobs 2, overlap: its Run's set stays in it), the held
    classes `drafts` no longer kept, as `Run.referenced` leaves them out (review207 R1: Calendar.emptied and
    empty_at were empty with --jobs 2, and a new term's sections exported with no student went uncounted)."""
    kept = run.validator.kept.get(CLASS_TABLE) if run.plan.drop_empty_classes else None
    if not isinstance(kept, set):
        return set(run.empty_classes)
    return run.empty_classes | {cid for draft in drafts if (cid := draft.values.get("sourcedId", "")) not in kept}


def _by_school_and_term(drafts: Iterable[Draft], empty: Container[str]) -> dict[tuple[str, str], int]:
    """How many of the classes `drafts` left out with no student (`empty`) each (school, term ID) has."""
    found: Counter[tuple[str, str]] = Counter()
    for draft in drafts:
        if draft.values.get("sourcedId", "") in empty:
            school = draft.values.get("schoolSourcedId", "")
            found.update(
                (school, term.strip()) for term in draft.values.get("termSourcedIds", "").split(",") if term.strip()
            )
    return dict(found)


def _where_and_when(drafts: Iterable[Draft], empty: Container[str]) -> dict[str, tuple[str, str]]:
    """Of the classes `drafts` left out with no student (`empty`): class ID -> (its school, its termSourcedIds)."""
    return {
        cid: (draft.values.get("schoolSourcedId", ""), draft.values.get("termSourcedIds", ""))
        for draft in drafts
        if (cid := draft.values.get("sourcedId", "")) in empty
    }


def in_order(folder: Path, tables: Iterable[str], report: Report, sql: StagedSql | None) -> None:
    """Each enrolment at its class's school (V538), and each file's records in order: the same
    records give the same bytes, whatever their export order. With `sql`, DuckDB sorts a large
    enrollments.csv (the others, written nearly in order, timsort sorts faster: staged_sql) and
    asks whether an enrolment is at another school than its class in classes.csv as written;
    enrolment_schools reads and rewrites enrollments.csv only where one is. The same bytes,
    problems and lines. First, an enrolment whose class classes.csv lacks refuses the set (X885)."""
    files = [folder / f"{table}.csv" for table in tables]
    enrollments = folder / "enrollments.csv"
    if sql is None:
        enrolment_schools.unwritten(folder, report)
        enrolment_schools.align(folder, report)
        for path in files:
            if path.exists():
                order.sort_records(path)
        return
    sorted_here = enrollments.exists() and sql.sort(enrollments)
    enrolment_schools.unwritten(folder, report, sql.classes_unwritten())
    if sql.misaligned() is not False and enrolment_schools.align(folder, report):
        sorted_here = False  # written again: sorted below, as it was after the alignment
    for path in files:
        if path.exists() and not (path == enrollments and sorted_here):
            order.sort_records(path)
            sql.forget(path)


def census(people: Counter[tuple[str, str]], schools: dict[str, str]) -> dict[str, Any]:
    """The users written, by role, and by school and role (a user at two schools counts at
    both), with the schools' names: what the summary says instead of "users.csv 56"."""
    by_role: Counter[str] = Counter()
    by_school: dict[str, Counter[str]] = {school: Counter() for school in sorted(schools)}
    for (role, orgs), count in people.items():
        by_role[role] += count
        for school in {s for s in orgs.split(",") if s}:
            by_school.setdefault(school, Counter())[role] += count
    return {
        "by_role": {role: n for role, n in sorted(by_role.items()) if n},
        "by_school": [
            {"school": school, "name": schools.get(school, ""), "by_role": {r: n for r, n in sorted(c.items()) if n}}
            for school, c in by_school.items()
        ],
    }


# The stage of the run (report.progress.STAGES) each output file is made in.
STAGE_OF = {
    "orgs": "read",
    "academicSessions": "read",
    "courses": "read",
    "users": "users",
    "demographics": "users",
    CLASS_TABLE: "classes",
    "enrollments": "enrolments",
}


def _years_unnamed(plan: Plan, sources: dict[str, read.SourceFile]) -> set[tuple[str, tuple[str, ...]]]:
    """The indexes of `pick: {year}` joins no row can name a year of: every rule joining one reads
    the year from an export without its column (a Synergy sections.csv without SCHOOL_YEAR). Each
    row joins the row the dates pick, which is said (I275), as without `year`."""
    named: set[tuple[str, tuple[str, ...]]] = set()
    for rules in plan.rules.values():
        for rule in rules:
            for join in rule.joins.values():
                if join.pick is None or not join.pick.by_year:
                    continue
                year = join.local[-1]
                owner = rule.joins.get(year.alias) if year.alias is not None else None
                export = sources.get(owner.source if owner is not None else rule.source)
                if export is None or year.key in export.index:
                    named.add(join.index_key)
    return {key for key, pick in plan.join_picks.items() if pick.by_year and key not in named}


def _joins_run(plan: Plan, found: Container[str]) -> set[tuple[str, tuple[str, ...]]]:
    """The join indexes of the rules that run on these exports: a rule whose source is absent,
    or that `unless_source` skips (PowerSchool's contacts rule without a contacts export), reads
    none, and building one would report the keys its source repeats for nothing."""
    return {
        join.index_key
        for rules in plan.rules.values()
        for rule in rules
        if rule.source in found and not (rule.unless_source and rule.unless_source in found)
        for join in rule.joins.values()
    }


def _stage_sources(plan: Plan, stage: str, found: Container[str]) -> list[str]:
    """The exports the stage's rules read, once per rule (a file two rules read is read twice)."""
    return [
        rule.source
        for table in plan.target.files
        if STAGE_OF.get(table) == stage and not (plan.users_only and table in CLASS_TABLES)
        for rule in plan.rules.get(table, ())
        if not (rule.unless_source and rule.unless_source in found)
    ]


def _guardian_ids(plan: Plan) -> dict[str, tuple[str, str]]:
    """prefix -> (rule label, contact column) of each guardians rule whose IDs are a prefix before
    the SIS contact ID (V597: a staff ID that the prefix made collide)."""
    made: dict[str, tuple[str, str]] = {}
    for rule in plan.rules.get("users", ()):
        guardian = rule.guardian
        if guardian is None or guardian.id_scheme != "contact" or not guardian.prefix or guardian.contact is None:
            continue
        refs = guardian.contact.first_of or guardian.contact.parts
        column = next((str(ref) for ref in fields(refs)), "the contact ID")
        made.setdefault(guardian.prefix, (rule.label, column))
    return made


def _no_birth_dates(run: Run) -> None:
    """Remind calls demographics.csv required and a student's birthDate data required; the
    remind target writes it always (DESIGN.md §2), header-only when the exports hold no
    demographics. Students published while the profile's demographics come from no export
    (an optional demographics.csv not exported, or no demographics rule at all) is said once
    (D362), not as a missing birth date per student."""
    plan = run.plan
    if not plan.target.always_written or "demographics" not in plan.target.files:
        return
    students = sum(n for (role, _), n in run.report.people.items() if role == "student")
    rules = [rule for rule in plan.rules.get("demographics", ()) if rule.guardian is None]
    if not students or any(rule.source in run.inputs.sources for rule in rules):
        return
    files = sorted({pattern for rule in rules for pattern in plan.sources[rule.source].patterns})
    run.report.add(
        codes.code("demographics-no-source"),
        Where(file="demographics.csv", table="demographics"),
        students=students,
        why=run.report.facts.get(no_birth_dates.WHY)
        or (f"the exports hold no {' or '.join(files)}" if files else "the profile makes no demographics"),
    )


def _students_without_demographics(run: Run, sql: StagedSql | None = None) -> None:
    """A published student for whom the demographics export has no row at all: Remind asks for
    a demographics row per student ("Must correspond to a student", birthDate data required). A
    row left out for a reason was reported as such (D304 for a missing birth date); one never
    made is said here (D369, once per student), where nothing else would: a demographics export
    cut to a few students published the rest without a word (tester9 item 6)."""
    plan = run.plan
    if not plan.target.always_written or "demographics" not in plan.target.files:
        return
    rules = [rule for rule in plan.rules.get("demographics", ()) if rule.guardian is None]
    if not any(rule.source in run.inputs.sources for rule in rules):
        return  # no demographics export at all: D362, once
    named = run.validator.demographics_named
    found = run.inputs.sources
    files = " or ".join(sorted({found[rule.source].display for rule in rules if rule.source in found}))
    students = sql.students_without("demographics.csv") if sql is not None else None
    for line, student in students if students is not None else _without_demographics(run.staging.path):
        if student not in named:
            run.report.add(
                codes.code("student-without-demographics"),
                Where(file="users.csv", line=line, table="demographics", record=student),
                id=student,
                files=files,
            )


def _without_demographics(folder: Path) -> Iterator[tuple[int, str]]:
    """(line in users.csv, sourcedId) of each student whose ID demographics.csv does not hold."""
    written = IdSet()
    for sourced_id in _read_ids(folder / "demographics.csv", "sourcedId"):
        written.add(sourced_id)
    # A written file's row is one line (no cell holds a line break): the line in users.csv.
    for line, (student, role) in enumerate(_read_back(folder / "users.csv", "sourcedId", "role"), 2):
        if role == "student" and student not in written:
            yield line, student


def _stage(report: Report, stage: str, plan: Plan, sources: dict[str, read.SourceFile], reads: list[str]) -> None:
    """Say that a stage begins, with the rows its reads are expected to hold."""
    if report.on_stage is None:
        return
    found = [sources[name] for name in reads if name in sources]
    report.stage(stage, sum(read.estimate_rows(s) for s in found), frozenset(s.display for s in found))


def _tables(run: Run, held: dict[str, list[Draft]], *, jobs: int | None) -> None:
    seconds = run.report.facts["seconds"]
    run.reach_for_users()  # before the users, and before the columnar engine or a second process start
    for table in run.plan.target.files:
        begun = time.perf_counter()
        stage = STAGE_OF.get(table, "read")
        _stage(run.report, stage, run.plan, run.inputs.sources, _stage_sources(run.plan, stage, run.inputs.sources))
        if table == "users" and run.columnar_enrolments():
            # In a second process where the Python engine would start one, else beside the users;
            # the demographics here, beside the users.
            if jobs == 1 or not run.start_worker(always=jobs == 2, columnar_engine=True):
                run.start_columnar(background=jobs != 1, tables=columnar.TABLES)
            else:
                run.start_columnar(
                    background=True, tables=STREAMED_BY_ENGINE, memory_limit=columnar.WORKER_MEMORY_LIMIT
                )
        elif table == "users" and jobs != 1:
            run.start_worker(always=jobs == 2)
        run.report_unnamed(table)
        if table == "orgs":
            held[table] = run.orgs()
        elif table == "users":
            run.users()
            run.users_known()
        elif table == "enrollments":
            run.enrollments()
        elif table == CLASS_TABLE:
            run.classes()
        elif table == "academicSessions":
            run.session_variants = SessionVariants(
                run.report,
                run.plan.parse_term_date,
                run.rules(table),
                last_set=run.validator.last_set,
                state=run.state,
            )
            sessions = parents_first(run.session_variants.split(run.mapped(table)))
            loops = break_loops(sessions)
            held[table] = list(run.validator.validate(sessions, table=table))
            if run.plan.target.builds_missing:
                run.completer = Completer(
                    run.validator, run.report, as_of=run.plan.as_of, held=held, years=run.plan.school_years
                )
                run.completer.link_sessions()
            report_loops(loops, run.report)
        elif table in HELD_TABLES:
            held[table] = run.held_records(table)
        else:
            run.stream(table)
        run.validator.table_done(table)
        seconds[table] = round(time.perf_counter() - begun, 3)


SCHOOLS_LISTED = 30  # the schools an unknown --school message lists; "and N more" after them


def _size(path: Path) -> int:
    """An export's bytes; one that cannot be read now is told where it is read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _judged_after_classes(rule: RulePlan, plan: Plan) -> bool:
    """Whether the columnar engine prepares the rule only once the classes are kept: an enrolment
    rule with an `as_of` condition, on a run whose --term may move that date (compile.TermReach)."""
    return (
        plan.current_term is not None
        and bool(plan.current_term.selected)
        and rule.table == "enrollments"
        and any(isinstance(cond.value, AsOf) for cond in rule.where)
    )


def refuse_unknown_schools(plan: Plan, orgs: list[Draft]) -> None:
    """A --school (or settings.schools) naming no school of the exports is a typo (exit 2), not
    a roster with nobody in it: every record would be left out as not rostered and the run
    stop on empty files, sending a person to the data for a mistake in the command. Each
    unknown value is named with the schools found and the one it looks like (by ID, number or
    name)."""
    schools = {
        draft.values.get("sourcedId", ""): draft.values
        for draft in orgs
        if draft.values.get("type") != "district" and draft.values.get("sourcedId")
    }
    unknown = sorted(school for school in plan.schools if school not in schools)
    if not unknown:
        return
    known: dict[str, str] = {}  # ID, number or name, casefolded -> the school's ID
    for school, values in sorted(schools.items()):
        for said in (school, values.get("identifier", ""), values.get("name", "")):
            if said.strip():
                known.setdefault(said.strip().casefold(), school)
    listed = [f"{school} {schools[school].get('name', '')}".strip() for school in sorted(schools)]
    more = len(listed) - SCHOOLS_LISTED
    shown = ", ".join(listed[:SCHOOLS_LISTED]) + (f" and {more} more" if more > 0 else "")
    problems = []
    for typed in unknown:
        key = typed.strip().casefold()
        close = [key] if key in known else difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        problems.append(
            Problem(
                codes.code("school-unknown"),
                Where(),
                {
                    "option": plan.schools_from,
                    "school": typed,
                    "schools": shown or "none",
                    "hint": f"; did you mean {known[close[0]]!r}?" if close else "",
                },
            )
        )
    raise TransformAbort(problems)


def _staff_enrolment(draft: Draft) -> bool:
    return draft.values.get("role") != "student"


def _read_back(path: Path, first: str, second: str, *, role: str = "") -> Iterator[tuple[str, str]]:
    """Two columns of a written file, read again (of the rows with this role, when given)."""
    if not path.exists():
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        at, then = header.index(first), header.index(second)
        role_at = header.index("role") if role else -1
        for row in reader:
            if role_at < 0 or row[role_at] == role:
                yield row[at], row[then]


def _read_ids(path: Path, column: str) -> Iterator[str]:
    """One column of a file this run wrote, read again. A row is one line (no cell holds a line
    break): when the column is the first, a line whose first cell is not quoted is cut at its
    first comma rather than parsed whole (users.csv has 19 columns, of which this reads one)."""
    if not path.exists():
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        at = next(csv.reader([next(handle, "")]), []).index(column)
        for line in handle:
            if at or line.startswith('"'):
                yield next(csv.reader([line]))[at]
            else:
                end = line.find(",")
                yield line[:end] if end >= 0 else line.rstrip("\r\n")


@dataclass
class Run:
    """One run's tables, in flow order; each step reads what the earlier ones kept."""

    plan: Plan
    inputs: Inputs
    indexes: Indexes
    validator: Validator
    staging: Staging
    report: Report
    # Where each kept class was read, for the empty-class report, by hash of its sourcedId.
    class_origins: CompactMap = field(default_factory=CompactMap)
    class_places: Places = field(default_factory=Places)
    worker: overlap.Worker | None = None
    held_classes: HeldDrafts | None = None  # the kept classes, written at the end (when empty ones are known)
    released: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # indexes only the worker holds
    # Classes that passed the rostering filters, and of those the ones the target's rules kept.
    classes_checked: int = 0
    classes_kept: int = 0
    # Classes left out because their term ended earlier this school year (filters.select_terms).
    ended_classes: dict[str, Ended] = field(default_factory=dict)
    # Classes kept over a break (Plan.kept_over_break) left with no student (`_drop_empty_classes`).
    kept_emptied: set[str] = field(default_factory=set)
    empty_classes: set[str] = field(default_factory=set)  # every class left out with no student (F412)
    # The rows of the terms export (by place, "terms.txt line 4") no class could join, their key
    # on two rows with other data (D327): what X977 names as its cause (`_term_unread`).
    unjoined_terms: dict[str, str] = field(default_factory=dict)
    # The terms the kept classes are rostered for, by term ID (filters.select_terms), and the
    # last published set's, with their dates then (X947).
    current_terms: dict[str, Term] = field(default_factory=dict)
    named_terms: dict[str, Term] = field(default_factory=dict)  # every term of the kept classes
    spanning_classes: set[str] = field(default_factory=set)  # with a term ended this year (Calendar.spanning)
    last_terms: HeldTerms | None = None
    # Kept classes joined to next year's term over last year's row of its code (X929, last_year).
    later_year: last_year.LaterYearClasses | None = None
    # Kept classes joined to this year's term over next year's row of its code (X894, next_year).
    twins: next_year.TwinClasses | None = None
    # Small tables validated in flow order, written at the end (HELD_TABLES), and what builds into them.
    held_tables: dict[str, list[Draft]] = field(default_factory=dict)
    completer: Completer | None = None
    session_variants: SessionVariants | None = None
    state: Path | None = None  # the state folder beside the output: the identity map (pipeline.identity)
    # Records of rules made before their table's turn (`people_of_one_id`), by rule label, with
    # the problems found making them (reported in the table's turn, as if made then).
    made_early: dict[str, tuple[list[Draft], list[Event]]] = field(default_factory=dict)
    # The people a users rule's `primary_role` says are staff first (V569), found on its first use.
    primary_roles: PrimaryRoles | None = None
    guardian_groups: dict[int, IdSet] = field(default_factory=dict)  # Calendar.guardian_groups
    # The district's own settings.exclude_schools entries no school row lists, for
    # pipeline.excluded_schools once every record is read (X825, X826).
    exclusions_unlisted: frozenset[str] = frozenset()
    engine: str = "python"  # columnar: the students' enrolments in DuckDB (pipeline.columnar); auto
    jobs: int | None = None  # processes (--jobs): what `auto` weighs
    duckdb_engine: columnar.Engine | None = None  # its connection, once opened
    prepared: dict[str, columnar.Prepared | columnar.Outcome] = field(default_factory=dict)  # by rule label
    preparing: threading.Thread | None = None  # preparing them beside the users stage
    prepare_failed: list[BaseException] = field(default_factory=list)
    # Rules prepared only once the classes are kept: their `as_of` conditions wait for the terms
    # --term chooses (compile.TermReach), by rule label.
    deferred: dict[str, Callable[[], columnar.Prepared | columnar.Outcome]] = field(default_factory=dict)

    def _rule_rows(self, rule: RulePlan) -> Iterable[SourceRow]:
        """The rule's rows; a users rule saying which role is primary without those of the people
        the export says are staff first (primary_roles, V569)."""
        rows = self.inputs.rule_rows(rule)
        if rule.table != "users" or rule.primary_role is None:
            return rows
        if self.primary_roles is None:
            self.primary_roles = PrimaryRoles(self.plan, self.inputs.rows, self.indexes)
        return self.primary_roles.rows(rule, rows, self.report)

    def _expected(self, table: str, *, guardians: bool = False) -> int:
        """About how many records the table's rules make, from their exports' sizes."""
        return sum(
            read.estimate_rows(self.inputs.sources[rule.source]) * max(1, len(rule.groups))
            for rule in self.rules(table, guardians=guardians)
            if rule.source in self.inputs.sources
        )

    def rules(self, table: str, *, guardians: bool = False) -> list[RulePlan]:
        """The table's rules that apply to this run's exports."""
        if self.plan.users_only and table in CLASS_TABLES:
            return []
        return [
            rule
            for rule in self.plan.rules.get(table, ())
            if (rule.guardian is not None) == guardians
            and not (rule.unless_source and rule.unless_source in self.inputs.sources)
        ]

    def mapped(self, table: str, *, in_export: IdSet | None = None, combine: bool = True) -> Iterator[Draft]:
        """The table's records; `in_export`: where to add the sourcedId of every row of its
        exports that makes no record (left out by a where, a value dropped: `_Unmade`);
        `combine`: False for a row's record each, where a rule combines them (`combined`)."""
        for rule in self.rules(table):
            early = self.made_early.pop(rule.label, None)
            if early is None:
                yield from self._mapped(rule, in_export, combine=combine)
                continue
            drafts, found = early
            for event in found:
                self.report.replay(event)
            yield from drafts

    def _mapped(self, rule: RulePlan, in_export: IdSet | None = None, *, combine: bool = True) -> Iterator[Draft]:
        rows = self._rule_rows(rule)
        if rule.table == "users" and self.plan.reach.days:  # rostering ahead: classes judged on their days (X847)
            rows = self.validator.left.judged.watch(rows, rule, self.plan, self.indexes)
        # A user's row starting ahead (a transfer booked) is read after the current ones; a rule
        # that combines rows merges them whatever their order (a student at both schools).
        ahead = rule.table == "users" and rule.combine_lists is None and looking_ahead(rule)
        held = HeldBack(rule, self.plan, self.staging.path) if ahead else None
        if held is not None:
            self.validator.keep_names()  # a row that waits must be the current one's person (F427)
            rows = held.rows(rows)
        unmade = None if in_export is None else _Unmade(rule, self.plan, self.indexes, in_export)
        stream = map_rows(
            rows if unmade is None else unmade.rows(rows),
            rule=rule,
            plan=self.plan,
            indexes=self.indexes,
            extras={
                **self.plan.filter_templates(rule.table),
                **dates_read(rule),
                **conditions_read(rule, self.plan),
                **teachers_read(rule, self.plan),
            },
            report=self.report,
            follows=self.validator.follow_on if self.validator.follows_target(rule.table) else None,
            ended=self.validator.left.row_left_out if rule.table == "users" else None,
        )
        if held is not None:
            stream = held.drafts(stream)
        if unmade is not None:
            stream = unmade.drafts(stream)
        if rule.combine_lists is None or not combine:
            return stream
        return self._combine(rule, stream)

    def _combine(self, rule: RulePlan, drafts: Iterable[Draft]) -> Iterator[Draft]:
        assert rule.combine_lists is not None
        rows = self.validator.left_out_rows
        return combine_rows(
            drafts,
            lists=rule.combine_lists,
            report=self.report,
            identity=IDENTITY_FIELDS.get(rule.table, ()),
            two_people=self.validator.two_people,
            apart=APART_FIELDS.get(rule.table, ()),
            left_out=self._left_out_early(rule.table),
            separate=SESSION_DATES if rule.table == "academicSessions" and built_id(rule) else (),
            merged=(lambda draft: rows.kept(draft.origin)) if rows is not None and rows.table == rule.table else None,
        )

    def combined(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """The classes of the rules that combine their rows, combined after the filters (run
        rule by rule, as `mapped` gives them): a row a filter left out feeds no class (tester38
        F1). The other rules' records pass as they are."""
        rules = {rule.label: rule for rule in self.rules(CLASS_TABLE)}
        for label, group in itertools.groupby(drafts, key=lambda draft: draft.rule):
            rule = rules.get(label)
            if rule is None or rule.combine_lists is None:
                yield from group
            else:
                yield from self._combine(rule, group)

    def _left_out_early(self, table: str) -> Callable[[Draft], None] | None:
        """Where `combine_rows` tells of a class left out as it combines (V592): its rows' other
        records, and the references to its ID, follow it (LeftOutRows)."""
        rows = self.validator.left_out_rows
        return rows.lost if rows is not None and rows.table == table else None

    def people_of_one_id(self) -> None:
        """Before the users are decided: the demographics that combine rows, made now, so that
        rows of one ID with two birth dates (two people, V570) leave the user out with the users'
        own conflicts (V537), before the enrolments and guardians learn who is kept. Combining
        holds a rule's records in memory anyway; they are written in their table's turn."""
        for table in (t for t in IDENTITY_FIELDS if t != "users" and t in self.plan.target.files):
            for rule in self.rules(table):
                if rule.combine_lists is None:
                    continue
                found: list[Event] = []
                recorder, self.report.recorder = self.report.recorder, found.append
                try:
                    self.made_early[rule.label] = (list(self._mapped(rule)), found)
                finally:
                    self.report.recorder = recorder

    def held_records(self, table: str) -> list[Draft]:
        """A small table's records, validated (each after the record of its own table it points
        to); a course's school year is a school year session (Completer.courses)."""
        drafts = order.parents_first(list(self.mapped(table)), self.plan.target.references.get(table, ()), table)
        if table == "courses" and self.completer is not None:
            drafts = list(self.completer.courses(drafts))
        return list(self.validator.validate(drafts, table=table))

    def write(self, table: str, drafts: Iterable[Draft]) -> None:
        with self.staging.table(
            table, self.plan.target.columns(table), self.report, keep_empty=self.plan.target.always_written
        ) as writer:
            for draft in drafts:
                writer.write(draft)

    def referenced(self, held: dict[str, list[Draft]]) -> dict[str, list[Draft]]:
        """Held tables, less the records the target ships only when used (terms, courses)."""
        kept = self.validator.kept
        # Held records dropped since they were validated (empty classes) are no longer kept.
        out = {
            table: [d for d in drafts if table not in kept or d.values["sourcedId"] in kept[table]]
            for table, drafts in held.items()
        }
        unused: dict[str, list[Draft]] = {}
        for table, pointers in self.plan.target.referenced_only.items():  # each reads the ones before it
            if table not in out:
                continue
            used = self._used(out, table, pointers)
            unused[table] = [d for d in out[table] if d.values["sourcedId"] not in used]
            out[table] = [d for d in out[table] if d.values["sourcedId"] in used]
        for table in (t for t in self.plan.target.files if t in unused):  # said in the files' order
            for draft in unused[table]:
                if draft.rule != BUILT:  # built for a class left out later
                    where = Where(
                        draft.origin.file,
                        draft.origin.line,
                        table=table,
                        record=draft.values["sourcedId"],
                        who=draft.who(),
                    )
                    self.report.add(codes.code("not-referenced"), where, table=table, id=draft.values["sourcedId"])
        if "orgs" in out:
            out["orgs"] = self._published_orgs(out)
        return {table: out[table] for table in self.plan.target.files if table in out}

    def _published_orgs(self, out: dict[str, list[Draft]]) -> list[Draft]:
        """The orgs a published user, class, course or enrolment points to, their parents, and the
        district org of the settings: Remind wants only the schools to roster. Each school left
        out is noted by name (a District Office, a Graduated Students school)."""
        orgs = out["orgs"]
        district = str(self.plan.settings.get("district_id") or "")
        used = {district} | {v for ids in self.validator.orgs_of_users for v in ids.split(",")}
        used.update(d.values.get("schoolSourcedId", "") for d in out.get(CLASS_TABLE, ()))
        used.update(d.values.get("orgSourcedId", "") for d in out.get("courses", ()))
        if any(d.values["sourcedId"] not in used for d in orgs):  # read the enrolments again only then
            used.update(
                school
                for school, _ in _read_back(self.staging.path / "enrollments.csv", "schoolSourcedId", "schoolSourcedId")
            )
        parents = {d.values["sourcedId"]: d.values.get("parentSourcedId", "") for d in orgs}
        for org in list(used):  # a used school's district (its parent), and that one's parent
            while parents.get(org) and parents[org] not in used:
                org = parents[org]
                used.add(org)
        for draft in (d for d in orgs if d.values["sourcedId"] not in used):
            org_id = draft.values["sourcedId"]
            where = Where(draft.origin.file, draft.origin.line, table="orgs", record=org_id, who=draft.who())
            if draft.values.get("type") == "school":
                self.report.add(codes.code("school-unused"), where, id=org_id, name=draft.values.get("name", ""))
            else:
                self.report.add(codes.code("not-referenced"), where, table="orgs", id=org_id)
        return [d for d in orgs if d.values["sourcedId"] in used]

    @staticmethod
    def _used(out: dict[str, list[Draft]], table: str, pointers: tuple[tuple[str, str], ...]) -> set[str]:
        used: set[str] = set()
        while True:  # a term's parent (the school year) is used when the term is
            before = len(used)
            for source, column in pointers:
                rows = [d for d in out.get(source, []) if source != table or d.values["sourcedId"] in used]
                used.update(v for d in rows for v in d.values.get(column, "").split(",") if v)
            if len(used) == before:
                return used

    def stream(self, table: str) -> None:
        """The table's records through `validate` to its file: by the columnar engine where it
        prepared the table's one rule, else by the Python engine."""
        rules = self.rules(table)
        prepared = self._prepared(rules[0]) if len(rules) == 1 and table in STREAMED_BY_ENGINE else None
        columns = self.plan.target.columns(table)
        with self.staging.table(table, columns, self.report, keep_empty=self.plan.target.always_written) as writer:

            def python_drafts(drafts: Iterable[Draft]) -> None:
                for draft in self.validator.validate(drafts, table=table):
                    writer.write(draft)

            if not (
                isinstance(prepared, columnar.Prepared) and self._streamed_by_engine(prepared, python_drafts, writer)
            ):
                if isinstance(prepared, columnar.Outcome):
                    self.report.facts.setdefault("columnar", {})[rules[0].label] = {"declined": prepared.declined}
                python_drafts(self.mapped(table))
        if (
            prepared is not None
            and not self.deferred
            and not any(
                isinstance(p, columnar.Prepared) and p.rule.table == "enrollments" for p in self.prepared.values()
            )
        ):
            self.close_columnar()  # the engine held only the streamed tables (the worker has the enrolments)

    def _engine_stream(self, prepared: columnar.Prepared, sinks: columnar.Sinks) -> columnar.Outcome:
        """`columnar.stream_rule` of a rule `start_columnar` prepared, into `sinks`."""
        assert self.duckdb_engine is not None
        rule = prepared.rule
        return columnar.stream_rule(
            self.duckdb_engine,
            prepared,
            plan=self.plan,
            indexes=self.indexes,
            validator=self.validator,
            report=self.report,
            first_pass=not self.inputs.was_read(rule.source),
            columns=self.plan.target.columns(rule.table),
            sinks=sinks,
        )

    def _streamed_by_engine(
        self, prepared: columnar.Prepared, python_drafts: Callable[[Iterable[Draft]], None], writer: TableWriter
    ) -> bool:
        """Stream the rule by the columnar engine; False when it declined (nothing was done)."""
        rule, begun = prepared.rule, time.perf_counter()
        outcome = self._engine_stream(prepared, columnar.Sinks(python_drafts, writer.append_lines, set()))
        engines = self.report.facts.setdefault("columnar", {})
        if outcome.declined:
            engines[rule.label] = {"declined": outcome.declined}
            return False
        self.inputs.mark_read([rule.source])
        engines[rule.label] = {"silent": outcome.silent, "python": outcome.python}
        seconds = self.report.facts.setdefault("seconds", {})
        seconds[f"{rule.table} ({rule.label}, columnar)"] = round(time.perf_counter() - begun, 3)
        return True

    def reach_for_users(self) -> None:
        """Before the users: the first days of the terms --term chooses (compile.TermReach), read
        from the classes' rows without a word (the classes stage says what is wrong with them).
        A student entering with the chosen semester, a teacher starting with it, is judged as of
        its first day, as their enrolments are: judged on the as-of date, they were left out of
        the set made for that term (F426) and their enrolments with them. The classes stage sets
        the reach again from the classes it keeps (the same terms, but for a class the term
        filter refuses for its dates). Only on a run whose --term may move the date of a users'
        condition."""
        term = self.plan.current_term
        if term is None or not term.selected or not self._users_judged_on_as_of():
            return
        drafts = self._quiet_class_drafts(Report(max_examples=0))
        self.plan.reach.set(chosen_first_days(drafts, self.plan), self.plan.as_of)
        self.validator.left.judged.plan = self.plan  # before a worker starts: its own plan (X847)

    def _users_judged_on_as_of(self) -> bool:
        """Whether a rule read before the classes has a condition on the as-of date."""
        return any(
            isinstance(cond.value, AsOf)
            for table, rules in self.plan.rules.items()
            if table not in (CLASS_TABLE, "enrollments")
            for rule in rules
            for cond in rule.where
        )

    def _quiet_rows(self, rule: RulePlan) -> Iterator[SourceRow]:
        """A rule's rows read once more, without a word (their problems are said when the rule is read)."""
        found = self.inputs.sources.get(rule.source)
        if rule.once or found is None:
            return self.inputs.rule_rows(rule) if rule.once else iter(())
        return read.iter_rows(found, Report(max_examples=0), first_pass=False)

    def users(self) -> None:
        """Guardians first (students name them), then students and staff, then the guardians
        of the students that were kept."""
        rules = self.rules("users", guardians=True)
        identities = identity.load(self.state, identity.prefixes(rules)) if self.state and rules else None
        with GuardianBook(
            self.report,
            folder=self.staging.path,
            candidates=self._expected("users", guardians=True),
            identities=identities,
            last_set=self.validator.last_set,
            values_before=self.report.guardian_values_then,
        ) as book:
            book.column_of = self.validator.guardian_column
            # Each parent a problem leaves out is counted as one lost (X969), read or merged.
            with self.report.guardian_records():
                for rule in rules:
                    assert rule.guardian is not None
                    candidates = map_guardians(
                        self.inputs.rows(rule.source),
                        rule=rule,
                        plan=self.plan,
                        indexes=self.indexes,
                        report=self.report,
                    )
                    candidates = swapped_points.counted(candidates, rule, self.report)  # X812
                    book.add(_links_counted(candidates, self.report, rule), rule.guardian)
            # A profile mapping the students' own agentSourcedIds reads links from that side too
            # (OneRoster lets either side write them): a guardian whose row names no student may
            # be named by one.
            named = any(c.name == "agentSourcedIds" for rule in self.rules("users") for c in rule.columns)

            def usable(draft: Draft) -> bool:
                # A person with no email, phone or sms is no user anyway (V515, later): one an error
                # leaves out first (a role mapped wrong) is no parent lost (X969). One whose phone or
                # email the export gave but a cleaner could not read is (V573, tester63 F2).
                reachable = any(draft.values.get(column) for column in CONTACT_POINTS) or UNREAD_CONTACT in draft.extra
                with self.report.guardian_records(counted=reachable):
                    return self.validator.check_values(draft, skip=("orgSourcedIds",))

            with self.report.derived_records():  # a guardian left out does not leave its student's row out
                book.resolve(usable=usable, students_name_guardians=named)
            self.guardian_groups = book.group_ids
            self.validator.addresses.guardians_known(book.email_domains, book.with_email)  # V574
            self.people_of_one_id()
            self.validator.expect("users", self._expected("users") + len(book), guardians=len(book))
            people = book.note_schools(self.validator.validate(book.link_students(self.mapped("users")), table="users"))

            conflicting: set[str] = set()

            def records() -> Iterator[Draft]:
                yield from people
                # An ID two rows gave different data: neither person is kept, and before the
                # enrolments learn the kept IDs and the guardians are linked to their children.
                conflicting.update(self.validator.leave_out_conflicts())
                book.forget_students(conflicting)
                self.validator.settle_waiting(book.schools_of)  # a transfer's enrolments wait (F430)
                self.validator.settle_left(book.schools_of_hash)  # and follow a school she left (F431)
                if self.worker is not None:  # all but the guardians decided: enrolments may go on
                    overlap.hand_over(self.worker, self.validator, pending=book.ids() if len(book) else None)
                with self.report.derived_records(), self.report.guardian_records():
                    yield from self.validator.validate(
                        book.guardians(
                            left_out=self.validator.user_left_out,
                            of_left_out=self.validator.left.named_by_left_out.__contains__,
                        ),
                        table="users",
                    )

            self.write("users", records())
            self.report.guardian_values = book.values_seen  # the state keeps them (edited_values)
            self.report.guardian_link_rows = book.link_rows  # the rows of a link lost tonight (V557)
            # The first rows were written; V537 names the person of each, once taken out.
            self.validator.say_conflicts(self.staging.drop_rows("users", conflicting, self.report))
            if self.validator.one_person_rows:  # one person's rows, a column that tells them apart absent (X881)
                rows_unread.note(self.plan, self.inputs.sources, self.validator.one_person_rows, self.report)
                span_rows.note(self.plan, self.inputs.sources, self.validator.one_person_lines, self.report)  # X816
            if self.validator.ended_beside_kept:  # kept from last year's row, this year's ended (I252)
                span_rows.note_earlier(
                    self.plan, self.inputs.sources, self.indexes, self.validator.ended_beside_kept, self.report
                )
            # A guardian whose ID a kept student or staff member has is left out (V501): the
            # students linked to it must not name that person instead.
            self.staging.remove_from_lists(
                "users", "agentSourcedIds", self.validator.guardians_of_taken_ids(), role="student"
            )
        self.validator.users_done(lambda: _read_ids(self.staging.path / "users.csv", "sourcedId"))

    def orgs(self) -> list[Draft]:
        """The orgs, validated now (later files point to them) and written at the end, when it
        is known which schools a published record points to."""
        drafts = list(self.mapped("orgs"))
        district_collides(self.plan, drafts)
        refuse_unknown_schools(self.plan, drafts)
        listed = {draft.values.get("sourcedId", "") for draft in drafts}
        self.exclusions_unlisted = frozenset(self.plan.excluded_own) - listed
        district = str(self.plan.settings.get("district_id") or "")
        if district:
            for draft in drafts:
                draft.values.setdefault("parentSourcedId", district)
                draft.values["parentSourcedId"] = draft.values["parentSourcedId"] or district
            name = str(self.plan.settings.get("district_name") or district)
            origin = SourceRow("settings", 0, [], {})
            drafts.insert(0, Draft("orgs", {"sourcedId": district, "name": name, "type": "district"}, origin))
        # A parent org after its schools in the export is known when their parentSourcedId is checked.
        drafts = order.parents_first(drafts, self.plan.target.references.get("orgs", ()), "orgs")
        kept = list(self.validator.validate(self._rostered(drafts), table="orgs"))
        kept_ids = {d.values.get("sourcedId", "") for d in kept}
        self.validator.dropped_orgs = OnFirstLook(lambda: self._orgs_not_schools(kept_ids))
        self.validator.staff_enrolled_at = self._staff_enrolled_at
        return kept

    def enrolled_users(self) -> EnrolledUsers:
        """Who the enrolment rows name tonight, as current, upcoming or over (Plan.enrolled), read
        aside and without a word: the enrolments' own pass reports the rows."""
        classes = self.classes_current()
        rules = self.rules("enrollments")
        indexes = self.indexes_for(rules)
        return enrolled_now.enrolled_users(rules, self.inputs.sources, classes, plan=self.plan, indexes=indexes)

    def _classes_with_students(self, among: set[str]) -> set[str]:
        """The classes of `among` a student kept tonight (in the users made) is enrolled in tonight
        (enrolled_now), read aside."""
        rules = self.rules("enrollments")
        # The worker making the enrolments holds the indexes only they read (`_release_indexes`).
        return enrolled_now.classes_with_students(
            rules,
            self.inputs.sources,
            among,
            plan=self.plan,
            indexes=self.indexes_for(rules),
            students=self.validator.kept["students"],
        )

    def schools_without_login(self, label: str) -> frozenset[str]:
        """The schools where the users rule's `unless_enrolled` condition says no login (no_login),
        its rows read once more without a word; said once (F449)."""
        rule = next((r for r in self.rules("users") if r.label == label), None)
        if rule is None:
            return frozenset()
        rows, indexes = self._quiet_rows(rule), self.indexes_for([rule])
        return no_login.schools_without_login(rule, rows, plan=self.plan, indexes=indexes, report=self.report)

    def _quiet_class_drafts(self, quiet: Report) -> Iterator[Draft]:
        """The classes' drafts made from their exports, reported only to `quiet` (their own pass
        says what it finds)."""
        rules = self.rules(CLASS_TABLE)
        indexes = self.indexes_for(rules)
        return (
            draft
            for rule in rules
            for draft in map_rows(
                self._quiet_rows(rule),
                rule=rule,
                plan=self.plan,
                indexes=indexes,
                extras=self.plan.filter_templates(CLASS_TABLE),
                report=quiet,
            )
        )

    def classes_current(self) -> enrolled_now.ClassesTonight | None:
        """The classes as the term filter and the class exclusions judge them tonight (an ended
        term's, last year's, lunch are not kept), made again from their exports without a word,
        before the classes' own pass; None when the term filter stops the run (that pass says
        why). The reach --term sets is left as the users found it."""
        quiet = Report(max_examples=0)
        later: set[str] = set()
        made = self._quiet_class_drafts(quiet)
        reach = self.plan.reach
        before = (reach.first, reach.last, reach.terms, reach.days, reach.classes)
        try:
            drafts = select_terms(
                enrolled_now.note_later(without_sessions_left_out(made, self.sessions_left_out()), self.plan, later),
                plan=self.plan,
                report=quiet,
                folder=self.staging.path,
                held=self.last_terms,
                combined={rule.label for rule in self.rules(CLASS_TABLE) if rule.combine_lists is not None},
            )
            current: set[str] = set()
            kept = drop_excluded_classes(enrolled_now.noted(drafts, current), plan=self.plan, report=quiet)
            kept_ids = frozenset(draft.values.get("sourcedId", "").strip() for draft in kept)
            return enrolled_now.ClassesTonight(kept_ids, frozenset(current), frozenset(later))
        except (NothingDue, TransformAbort):
            return None
        finally:
            reach.first, reach.last, reach.terms, reach.days, reach.classes = before

    def _staff_enrolled_at(self) -> dict[str, dict[str, tuple[str, str, int]]]:
        """The schools of each user's enrolments in a staff role (teacher, aide, administrator),
        as the enrolment exports give them: school -> the first class and enrolment ID there, and
        how many. Read once, when a staff member names no school but orgs that are none (a
        OneRoster 1.2 teacher whose only role is at the district): the validator places them at
        their classes' schools (V593). Nothing is reported: the enrolments' own pass says it."""
        found: dict[str, dict[str, tuple[str, str, int]]] = {}
        quiet = Report(max_examples=0)
        rules = [rule for rule in self.rules("enrollments") if not rule.once and rule.source in self.inputs.sources]
        indexes = self.indexes_for(rules)  # in the users stage: a worker may hold the enrolments' own
        for rule in rules:
            # Read aside (not Inputs.rows): the enrolments' own pass reports the rows' problems.
            rows = read.iter_rows(self.inputs.sources[rule.source], quiet, first_pass=False)
            drafts = map_rows(rows, rule=rule, plan=self.plan, indexes=indexes, extras={}, report=quiet)
            for draft in drafts:
                values = draft.values
                user, school = values.get("userSourcedId", "").strip(), values.get("schoolSourcedId", "").strip()
                if not user or not school or values.get("role", "") in ("", "student", *GUARDIAN_ROLES):
                    continue
                at = found.setdefault(user, {})
                first = at.get(school)
                class_id, enrolment = values.get("classSourcedId", ""), values.get("sourcedId", "")
                at[school] = (first[0], first[1], first[2] + 1) if first else (class_id, enrolment, 1)
        return found

    def _orgs_not_schools(self, kept: set[str]) -> dict[str, str]:
        """The orgs of the exports the run left out that are no school (the district, a
        department), by ID, with their type as written: a user or class naming one is told it is
        no school, not that the ID is missing from orgs.csv (tester9 item 16)."""
        found: dict[str, str] = {}
        rules = [r for r in self.rules("orgs") if not r.once and {"sourcedId", "type"} <= {c.name for c in r.columns}]
        indexes = self.indexes_for(rules)  # read on first look: in the users stage, or in a worker
        for rule in rules:
            for row in self.inputs.rows(rule.source):
                values = values_as_read(row, rule, self.plan, indexes, ("sourcedId", "type"))
                if values is None:
                    continue
                org, kind = values.get("sourcedId", ""), values.get("type", "").strip()
                if org and org not in kept and kind and kind.casefold() != "school":
                    found.setdefault(org, kind)
        return found

    def _rostered(self, drafts: list[Draft]) -> Iterator[Draft]:
        for draft in drafts:
            school = draft.values.get("sourcedId", "")
            if draft.values.get("type") == "district":
                yield draft
            elif school in self.plan.excluded_schools:
                self._not_rostered(draft, f"{draft.values.get('name', '')!r} is in settings.exclude_schools")
            elif self.plan.schools and school not in self.plan.schools:
                self._not_rostered(
                    draft, f"{draft.values.get('name', '')!r} is not a rostered school (--school, settings.schools)"
                )
            else:
                yield draft

    def _not_rostered(self, draft: Draft, condition: str) -> None:
        school = draft.values.get("sourcedId", "")
        self.validator.unrostered.add(school)
        self.report.add(
            codes.code("school-not-rostered"),
            Where(draft.origin.file, draft.origin.line, table="orgs", record=school, who=draft.who()),
            rule="orgs",
            condition=condition,
            value=school,
        )

    def classes(self, *, held: bool = True) -> None:
        """Classes of the current terms, less the excluded ones. `held`: they wait in a file
        (at the largest district, 130k classes and 100 MB) until written at the end."""
        # A OneRoster export of the current classes only is empty after the year's last day: the summer.
        feeding = {rule.source for table in (CLASS_TABLE, "enrollments") for rule in self.rules(table)}
        exports = [self.inputs.sources[name] for name in sorted(feeding) if name in self.inputs.sources]
        year_over.pause_if_over(self.plan, exports, held=self.last_terms, exported=self.terms_exported)
        # A later record made from a row of these exports (a section's teacher) follows its row.
        rows = self.validator.left_out_rows = LeftOutRows(CLASS_TABLE)
        # Each row of a rule that combines them is judged by the filters, then the rows kept are
        # combined (`combined`): a row left out (last year's, an ended term's) feeds no class.
        made = rows.made(self.mapped(CLASS_TABLE, in_export=rows.in_export, combine=False))
        made = without_sessions_left_out(made, self.sessions_left_out())  # in both targets
        drafts = select_terms(
            screened(made, plan=self.plan, report=self.report),  # for I248, every term's classes
            plan=self.plan,
            report=self.report,
            folder=self.staging.path,
            ended=self.ended_classes,
            term_places=self.term_places(),
            terms_exported=self.terms_exported,
            current=self.current_terms,
            held=self.last_terms,
            named_terms=self.named_terms,
            spanning=self.spanning_classes,
            combined={rule.label for rule in self.rules(CLASS_TABLE) if rule.combine_lists is not None},
            enrolled=self._classes_with_students,
        )
        drafts = self._terms_named(drafts)
        if held:
            self.held_classes = HeldDrafts(self.staging.path)
        kept = self._checked(self.combined(drop_excluded_classes(drafts, plan=self.plan, report=self.report)))
        if self.session_variants is not None:
            kept = self.session_variants.classes(kept)
        if self.completer is not None:
            kept = self.completer.classes(kept)
        later_year = self.later_year = last_year.LaterYearClasses(self.indexes)
        twins = self.twins = next_year.TwinClasses(self.indexes)
        for draft in self.validator.validate(kept, table=CLASS_TABLE):
            self.classes_kept += 1
            later_year.note(draft)
            twins.note(draft)
            self.class_origins.setdefault(draft.values["sourcedId"], self.class_places.pack(draft.origin))
            rows.kept(draft.origin)
            if self.held_classes is not None:
                draft.extra = {}  # what the filters read (term dates, exclude patterns)
                self.held_classes.put(draft)
        # A class listed on rows naming other teachers where its rule says one row per class: whose kept.
        self.validator.section_teachers.settle(self.validator.last_set)

    def _terms_named(self, drafts: Iterator[Draft]) -> Iterator[Draft]:
        """The term filter's classes; its refusals for the terms' dates (X905, X994) said at the
        export the dates are read from (tester44 F13 item 4: they named no file)."""
        try:
            yield from drafts
            self.report.next_term_unexported[:] = [self._term_unread(p) for p in self.report.next_term_unexported]
        except TransformAbort as abort:
            abort.problems[:] = [self._term_unread(p) for p in abort.problems]
            files = self._terms_files()
            if not files or not any(p.code.slug in _TERM_DATED for p in abort.problems):
                raise
            raise TransformAbort(
                [
                    Problem(p.code, Where(file=files[0]), {**p.params, "read": f" (read from {', '.join(files)})"})
                    if p.code.slug in _TERM_DATED
                    else p
                    for p in abort.problems
                ]
            ) from None

    def _term_unread(self, problem: Problem) -> Problem:
        """X977 naming a term whose row of the terms export no class could join, its key on two
        rows with other data (D327): the classes of that term were left out for it, not exported
        for an earlier term (the terms could not be read: the cause to say)."""
        place = self.unjoined_terms.get(str(problem.params.get("at", "")).strip(" ()"))
        if problem.code.slug == "term-without-classes" and problem.params.get("cause") == CLASS_TERMS_LEFT_OUT:
            cause = f"{self._class_terms_files()} without the new terms' rows, while the terms export runs them"
            return Problem(problem.code, problem.where, {**problem.params, "cause": cause})
        if problem.code.slug != "term-without-classes" or place is None:
            return problem
        term = problem.params.get("term")
        exported = (
            f"no class could be given {term!r}: the terms export lists its key on two rows with other data "
            f"(D327, {place}), so no class joins it, and its classes are left out (D300)"
        )
        cause = "the terms could not be read, not an export filtered to an earlier term: keep one row per term"
        return Problem(problem.code, problem.where, {**problem.params, "exported": exported, "cause": cause})

    def _class_terms_files(self) -> str:
        """The exports whose rows give the classes their term IDs (termSourcedIds read from the classes
        rule's own rows where any part is: eSchoolPLUS's SCHD_MS_MP), for X977's cause (reviewer128 R4)."""
        found: dict[str, None] = {}
        for rule in self.rules(CLASS_TABLE):
            for column in (c for c in rule.columns if c.name == "termSourcedIds"):
                refs = fields((*column.parts, *column.first_of))
                for ref in [r for r in refs if r.alias is None] or refs:
                    source = rule.source if ref.alias is None else getattr(rule.joins.get(ref.alias), "source", "")
                    if source in self.inputs.sources:
                        found[self.inputs.sources[source].display] = None
        return " and ".join(found) or "the sections export"

    def _terms_files(self) -> list[str]:
        """The exports the term filter reads the classes' term start dates from: the joined
        terms export (terms.txt), or the classes' own (sections.csv)."""
        term_filter = self.plan.current_term
        if term_filter is None:
            return []
        found: dict[str, None] = {}
        for rule in self.rules(CLASS_TABLE):
            for part in fields(term_filter.start):
                source = rule.source if part.alias is None else getattr(rule.joins.get(part.alias), "source", "")
                if source in self.inputs.sources:
                    found[self.inputs.sources[source].display] = None
        return list(found)

    def sessions_left_out(self) -> dict[str, str]:
        """The sessions the profile's academicSessions rules leave out (a OneRoster session
        `tobedeleted` or inactive), by ID, each with the row that lists it ("academicSessions.csv
        line 3"): IDs the sessions export lists and no rule makes a record of. Found the same way
        in both targets (the Remind target writes no sessions, and its classes are judged by the
        same ones); an ID the export does not list is no session left out (a broken reference,
        D300). Only for a term filter that reads the classes' term IDs (`term_ids`)."""
        term_filter = self.plan.current_term
        if term_filter is None or not term_filter.term_ids:
            return {}
        quiet = Report(max_examples=0)  # the sessions' own problems are the sessions table's
        listed: dict[str, str] = {}
        made: set[str] = set()
        rules = [rule for rule in self.rules("academicSessions") if not rule.once and not rule.groups]
        indexes = self.indexes_for(rules)
        for rule in rules:
            for row in self.inputs.rows(rule.source):
                drafts = list(interpret_row(row, rule=rule, plan=self.plan, indexes=indexes, extras={}, report=quiet))
                made.update(d.values.get("sourcedId", "") for d in drafts)
                if not drafts:
                    for sourced_id in row_ids(row, rule=rule, plan=self.plan, indexes=indexes, quiet=quiet):
                        listed.setdefault(sourced_id, f"{row.file} line {row.line}")
        return {sourced_id: at for sourced_id, at in listed.items() if sourced_id not in made}

    def term_places(self) -> Callable[[Draft, tuple[str, str]], str]:
        """Where a class's swapped or unreadable term is in the export its term dates are joined
        from: each row of it whose dates are written as the class read them (`written`) and end
        before they start, or one of which no setting reads ("terms.txt line 4", "terms.txt
        line 2 [LastDay]"; "" when the dates are the class row's own, or made of several cells).
        The export is read again, once, on the first such term (rare)."""
        dates = self._term_dates()
        swapped: dict[str, dict[tuple[str, str], list[str]]] = {}  # source -> written dates -> lines

        def place(draft: Draft, written: tuple[str, str]) -> str:
            rule = next((r for r in self.rules(CLASS_TABLE) if r.label == draft.rule), None)
            if rule is None or dates is None or not all(r.alias in rule.joins for side in dates for r in side):
                return ""
            start, end = dates
            source = rule.joins[start[0].alias or ""].source
            if source not in swapped and source in self.inputs.sources:
                found = swapped[source] = {}
                for row in read.iter_rows(self.inputs.sources[source], self.report, first_pass=False):
                    cells = _written(row, start), _written(row, end)
                    begins, ends = self.plan.parse_term_date(cells[0]), self.plan.parse_term_date(cells[1])
                    unread = (begins is None and cells[0].strip()) or (ends is None and cells[1].strip())
                    if unread or (begins is not None and ends is not None and ends < begins):
                        found.setdefault(cells, []).append(str(row.line))
            lines = swapped.get(source, {}).get(written, [])
            if not lines:
                return ""
            export, parse = self.inputs.sources[source], self.plan.parse_term_date
            sides = (side for side, cell in zip(dates, written, strict=True) if cell.strip() and not parse(cell))
            key = next((ref.key for side in sides for ref in side if ref.key in export.index), "")
            at = export.index.get(key)
            column = f" [{export.header[at]}]" if at is not None and at < len(export.header) else ""
            return f"{export.display} line{'s' if len(lines) > 1 else ''} {', '.join(lines)}{column}"

        return place

    def _term_dates(self) -> tuple[tuple[FieldRef, ...], tuple[FieldRef, ...]] | None:
        """The term filter's start and end when each is one column of a joined export
        (`{term.FirstDay}`, `{term.LastDay}`; of a `{term.A|term.B}`, its alternatives, the first
        not blank the date): where the classes' term dates are read; else None."""
        term_filter = self.plan.current_term
        if term_filter is None:
            return None
        start, end = templates.lone(term_filter.start), templates.lone(term_filter.end)
        if not (start and end) or any(len({r.alias for r in side}) != 1 or not side[0].alias for side in (start, end)):
            return None
        return start, end

    def terms_exported(self, schools: set[str]) -> list[tuple[Term, str]]:
        """Every dated row of the export the classes' term dates are joined from (when the term
        filter reads them through a join, as term_places does), with its place, and as its school
        the first of `schools` one of its cells holds: a term no class names is seen there
        (filters._refuse_terms_without_classes)."""
        term_filter, dates = self.plan.current_term, self._term_dates()
        if term_filter is None or dates is None:
            return []
        start, end = dates
        alias = start[0].alias or ""
        names = templates.lone(term_filter.name)
        names = names if all(r.alias == alias for r in names) else ()
        rule = next((r for r in self.rules(CLASS_TABLE) if alias in r.joins), None)
        source = rule.joins[alias].source if rule is not None else ""
        if source not in self.inputs.sources:
            return []
        found = []
        index = self.indexes.get(rule.joins[alias].index_key) if rule is not None else None
        keyed = rule.joins[alias].remote if rule is not None else ()
        unjoined = {
            line: f"key {'+'.join((key,) if isinstance(key, str) else key)}, lines {lines[0]} and {lines[1]}"
            for key, lines in (index.conflicts.items() if index is not None else ())
            for line in lines
        }
        for row in read.iter_rows(self.inputs.sources[source], Report(), first_pass=False):
            begins, ends = (
                self.plan.parse_term_date(_written(row, start)),
                self.plan.parse_term_date(_written(row, end)),
            )
            if begins is not None and ends is not None and begins <= ends:
                name = _written(row, names)
                place = f"{self.inputs.sources[source].display} line {row.line}"
                if row.line in unjoined:
                    self.unjoined_terms[place] = f"{self.inputs.sources[source].display}: {unjoined[row.line]}"
                school = next((cell.strip() for cell in row.cells if cell.strip() in schools), "")
                key = "+".join(row.get(column).strip() for column in keyed)
                found.append((Term(school, name, begins, ends, key=key), place))
        return found

    def _checked(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        for draft in drafts:
            self.classes_checked += 1
            yield draft

    def classes_lost(self) -> None:
        """Every class of the current terms rejected by the target's rules (a reference, a
        required value): the enrolments went with them, and the set would roster nobody. Not a
        choice (terms, exclusions, --users-only), so a person must look: nothing is published."""
        if self.classes_checked and not self.classes_kept:
            # The rows, not the classes: a class is on a row per student in a wide export; and
            # the code that left out most, with its fix as the next step (tester57 F4: V501).
            left = self.report.left_out
            found = left.top_error_in_table(CLASS_TABLE)
            top = found[0] if found is not None else left.top_in_table(CLASS_TABLE)
            most = f" (most as {top.id} {top.slug})" if top is not None else ""
            self.report.add(
                codes.code("no-rows"),
                Where(file=f"{CLASS_TABLE}.csv"),
                table=CLASS_TABLE,
                detail=f"all {self.classes_checked} class rows of the current terms were left out by "
                f"the {self.plan.target.name} target's rules{most}, and their enrolments with "
                "them (see the report)",
                top_id=top.id if top is not None else "",
            )

    def start_worker(self, *, always: bool, columnar_engine: bool = False) -> bool:
        """Enrolments mapped by a second process while this one builds users (pipeline.overlap),
        by the columnar engine if `columnar_engine`; False when none was started."""
        files = self.plan.target.files
        if (
            "enrollments" not in files
            or not self.rules("enrollments")
            or (not always and (self._expected("enrollments") < overlap.AHEAD_MIN_ROWS or (os.cpu_count() or 1) < 2))
        ):
            return False
        before = files[files.index("users") : files.index("enrollments")]

        def prepare() -> None:
            self.inputs.mark_read(
                rule.source
                for table in before
                for guardians in (False, True)
                for rule in self.rules(table, guardians=guardians)
            )
            if CLASS_TABLE in before:  # the kept classes' IDs: the main process writes the classes
                self.classes(held=False)

        job = self._enrollment_job(prepare=prepare, mapped=self.indexes.clear)
        if columnar_engine:
            # One DuckDB thread: the other core makes the users.
            job = dataclasses.replace(
                job,
                columnar=lambda: self.start_columnar(
                    background=False, threads=1, memory_limit=columnar.WORKER_MEMORY_LIMIT
                ),
                stage=lambda _: self._enrollments(None),
                done=self.close_columnar,
            )
        self.worker = overlap.start(job, validator=self.validator, report=self.report, folder=self.staging.path)
        if self.worker is None:
            return False
        self._release_indexes(only_for="enrollments")
        return True

    def _enrollment_job(self, *, prepare: Callable[[], object], mapped: Callable[[], object]) -> overlap.Job:
        return overlap.Job(
            "enrollments",
            "users",
            self.plan.target.columns("enrollments"),
            prepare,
            lambda: self.mapped("enrollments"),
            _staff_enrolment,
            self._enrollments,
            changes=(CLASS_TABLE,),
            let_go=self.staging.release,
            mapped=mapped,
        )

    def _release_indexes(self, *, only_for: str) -> None:
        """Let go of the join indexes only `only_for` reads, once the worker holds them (the
        students index is the largest table held while users are built)."""
        # A users condition kept by a current enrolment (unless_enrolled) reads the enrolments here too.
        enrolled = any(cond.unless_enrolled for rule in self.plan.rules.get("users", ()) for cond in rule.where)
        needed = {
            join.index_key
            for table, rules in self.plan.rules.items()
            if table != only_for or (enrolled and table == "enrollments")
            for rule in rules
            for join in rule.joins.values()
        }
        for key in [k for k in self.indexes if k not in needed]:
            del self.indexes[key]
            self.released.append(key)

    def _rebuild_indexes(self) -> None:
        """The released indexes again, for when the worker failed (their problems were reported)."""
        for source, key in self.released:
            self.indexes[source, key] = self._index(source, key)
        self.released.clear()

    def report_unnamed(self, table: str) -> None:
        """A row of a joined export that no row of the table's exports names (join.unnamed, F433),
        said as the table's stage begins: by the enrolments', a worker may hold their own indexes."""
        rules = [*self.rules(table), *self.rules(table, guardians=True)]
        if any(join.unnamed for rule in rules for join in rule.joins.values()):
            unnamed.report_unnamed(self.plan, rules, self.inputs.sources, self.indexes_for(rules), self.report)

    def indexes_for(self, rules: Iterable[RulePlan]) -> Indexes:
        """The join indexes `rules` read, for a read aside of them outside their own stage (a
        lazy read: the users stage asking where a teacher's enrolments are, a worker asking which
        orgs are no school): those this process holds, and, built again for this read alone (not
        kept), those it let go of: with a worker the main process holds no index only the
        enrolments read (`_release_indexes`), and the worker none once its records are mapped
        (`start_worker`). Without them such a read failed on the first join (KeyError: --jobs 2
        on an SDS teacher whose only role is at the district)."""
        built = _joins_run(self.plan, self.inputs.sources)
        missing = sorted(
            {
                join.index_key
                for rule in rules
                for join in rule.joins.values()
                if join.index_key in built and join.index_key not in self.indexes
            }
        )
        if not missing:
            return self.indexes
        return {**self.indexes, **{(source, key): self._index(source, key) for source, key in missing}}

    def _index(self, source: str, key: tuple[str, ...]) -> Index:
        return lookups.build_index(
            self.inputs.rows(source),
            source=source,
            key=key,
            columns=self.plan.join_needs[source, key],
            report=Report(max_examples=0),
            repeats=(source, key) in self.plan.join_repeats,
            optional=(source, key) in self.plan.join_optional,
            pick=self.plan.join_picks.get((source, key)),
            as_of=self.plan.as_of,
            parse_date=self.plan.pick_parse_date(source, key),
            one_term=term_rows.one_terms(self.plan).get((source, key)),
        )

    def users_known(self) -> None:
        if self.worker is not None:
            overlap.hand_over(self.worker, self.validator)

    def stop_worker(self) -> None:
        """A worker still running when the run ends early (an abort) is stopped."""
        if self.worker is not None:
            overlap.stop(self.worker)
            self.worker = None

    def enrollments(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None and overlap.finish(worker, validator=self.validator, report=self.report):
            return
        self._rebuild_indexes()
        if self.columnar_enrolments():
            if worker is not None and worker.job.columnar is not None:  # the worker failed: here, now
                columnar.remove_left_behind(self.staging.path)
                self.start_columnar(background=False)
            self._enrollments(None)
            return
        if self._expected("enrollments") >= overlap.TWO_STEPS_MIN_ROWS:
            # In two steps, as a worker would: the join indexes are let go of before the
            # duplicate-ID map is made (at a million students, 200 MB and 230 MB).
            job = self._enrollment_job(
                prepare=lambda: None, mapped=lambda: self._release_indexes(only_for="enrollments")
            )
            overlap.run_here(job, validator=self.validator, report=self.report, folder=self.staging.path)
            return

        self._enrollments(lambda sinks: self._stream_students(self.mapped("enrollments"), sinks))

    def _enrollments(self, students: Callable[[overlap.Sinks], None] | None) -> None:
        """Students' enrolments stream; staff ones (few) wait until empty classes are known.
        `students` None: the columnar engine takes the rules it can (`_columnar_students`)."""
        self.validator.expect("enrollments", self._expected("enrollments"), pairs=students is not None)
        columns = self.plan.target.columns("enrollments")
        with (
            self.staging.table(
                "enrollments", columns, self.report, keep_empty=self.plan.target.always_written
            ) as writer,
            HeldDrafts(self.staging.path) as held,
        ):
            with_students: set[str] = set()
            class_at = columns.index("classSourcedId")
            held_ids: list[str] = []

            def kept_row(row: tuple[str, ...]) -> None:
                writer.write_plain(row)
                with_students.add(row[class_at])

            def kept(draft: Draft) -> None:
                writer.write(draft)
                with_students.add(draft.values["classSourcedId"])

            def hold(draft: Draft) -> None:
                held_ids.append(draft.values.get("sourcedId", ""))
                held.put(draft)

            sinks = overlap.Sinks(kept_row, kept, hold)
            if students is None:
                self._columnar_students(sinks, writer.append_lines, with_students)
            else:
                students(sinks)
            # An enrolment two rows named: one (V548, V580) or neither (V576), before the classes
            # left with no student are known.
            self._settle_enrolments(writer, with_students)
            school_classes.note_students_unknown(
                self.report, self.validator.listed(CLASS_TABLE), with_students, self.validator.class_schools()
            )
            school_classes.note_terms_unknown(
                self.report,
                self.validator.listed(CLASS_TABLE),
                with_students,
                self.validator.class_schools(),
                unrostered=self.validator.unrostered,
                dated={rule.label for rule in self.rules("enrollments") if rule.span is not None},
                as_of=self.plan.as_of,
                window_days=self.plan.current_term.window_days if self.plan.current_term is not None else 0,
            )
            if self.plan.drop_empty_classes:
                self._drop_empty_classes(with_students)
            if self.duckdb_engine is not None:
                columnar.register_collisions(self.duckdb_engine, self.validator, held_ids)
            owners: list[tuple[str, str]] = []
            for staff in self.validator.validate(held.drafts(), table="enrollments"):
                writer.write(staff)
                if self.validator.user_role(staff.values.get("userSourcedId", "")) in OWNERS:
                    owners.append((staff.values.get("sourcedId", ""), staff.values["classSourcedId"]))
            gone = self._settle_enrolments(writer, with_students, owners)
            self._without_owner(with_students, {class_id for key, class_id in owners if key not in gone})

    def _settle_enrolments(
        self, writer: TableWriter, with_students: set[str], owners: list[tuple[str, str]] | None = None
    ) -> set[str]:
        """Settle the enrolments a later row named again (`Validator.settle_enrolments`): their
        records are taken out of the rows written and the one each stands for written again;
        then one primary teacher per class (`Validator.settle_primaries`). Out of
        `with_students` go the classes left with no student enrolment; to `owners` (ID, class)
        the records written again that own their class. Into it, before the empty classes are
        known (`owners` None), go the classes of the student records written again: a row of an
        ID taken was never written, and its class, given no other student, was left out as
        empty under its own enrolment (tester70 S1). Returns the IDs gone."""
        taken: dict[str, dict[str, str]] = {}

        def take_out(ids: set[str]) -> dict[str, dict[str, str]]:
            found = writer.take_out(ids)
            taken.update(found)
            return found

        records, gone = self.validator.settle_enrolments(take_out)
        for draft in records:
            writer.write(draft)
            if owners is None and draft.values.get("role") == "student":  # before empty classes go
                with_students.add(draft.values["classSourcedId"])
            if owners is not None and self.validator.user_role(draft.values.get("userSourcedId", "")) in OWNERS:
                owners.append((draft.values.get("sourcedId", ""), draft.values["classSourcedId"]))
        for draft in self.validator.settle_primaries(writer.take_out):
            writer.write(draft)
        classes = {
            values.get("classSourcedId", "")
            for key, values in taken.items()
            if key in gone and values.get("role") == "student"
        } - {d.values.get("classSourcedId", "") for d in records if d.values.get("role") == "student"}
        if classes & with_students:
            written = _read_back(writer.path, "classSourcedId", "role", role="student")
            still = {c for c, _ in written if c in classes}
            with_students -= classes - still
        return gone

    def columnar_enrolments(self) -> bool:
        """Whether the columnar engine takes an enrolment rule (then no worker is started)."""
        if self.engine == "auto" and not columnar.worth_it(self._expected("enrollments"), self.jobs):
            return False
        return self.engine in ("auto", "columnar") and any(
            columnar.supported(rule, self.plan) and rule.source in self.inputs.sources
            for rule in self.rules("enrollments")
        )

    def close_columnar(self) -> None:
        if self.duckdb_engine is not None:
            if self.preparing is not None:  # the run stopped early: the queries need not finish
                self.duckdb_engine.con.interrupt()
                self.preparing.join()
                self.preparing = None
            self.duckdb_engine.close()
            self.duckdb_engine = None

    def start_columnar(
        self,
        *,
        background: bool,
        threads: int | None = None,
        memory_limit: str = columnar.MEMORY_LIMIT,
        tables: tuple[str, ...] = ("enrollments",),
    ) -> None:
        """Load and map the rules of `tables` the columnar engine takes: in a thread while the
        users are made (DuckDB works beside the Python engine, on the other core), or now
        (`threads`: DuckDB's, every core's when None)."""
        rules = [
            (rule, self.inputs.sources[rule.source])
            for table in tables
            for rule in self.rules(table)
            if rule.source in self.inputs.sources
            and columnar.supported(rule, self.plan)
            and (table not in STREAMED_BY_ENGINE or len(self.rules(table)) == 1)
        ]
        if not rules:
            return
        exported = sum(_size(source.path) for source in {source.source: source for _, source in rules}.values())
        engine = self.duckdb_engine = columnar.Engine(
            self.staging.path,
            threads=1 if background else threads,
            memory_limit=memory_limit,
            in_memory=exported < columnar.IN_MEMORY_MAX_BYTES,
        )
        # What `prepare` reads of the views: the target's rules.
        views = {table: self.validator.silent_view(table) for table in tables}

        def prepare(rule: RulePlan, source: read.SourceFile) -> columnar.Prepared | columnar.Outcome:
            return columnar.prepare(
                engine,
                rule,
                plan=self.plan,
                indexes=self.indexes,
                view=views[rule.table],
                source=source,
                columns=self.plan.target.columns(rule.table),
            )

        for rule, source in rules:
            if _judged_after_classes(rule, self.plan):
                self.deferred[rule.label] = functools.partial(prepare, rule, source)
        rules = [(rule, source) for rule, source in rules if rule.label not in self.deferred]

        def work() -> None:
            try:
                for rule, source in rules:
                    self.prepared[rule.label] = prepare(rule, source)
            except BaseException as failed:
                self.prepare_failed.append(failed)

        if background:
            self.preparing = threading.Thread(target=work, name="columnar-prepare", daemon=True)
            self.preparing.start()
        else:
            work()

    def _prepared(self, rule: RulePlan) -> columnar.Prepared | columnar.Outcome | None:
        """The rule as `start_columnar` prepared it (None: the Python engine's)."""
        if self.preparing is not None:
            self.preparing.join()
            self.preparing = None
            if self.duckdb_engine is not None:
                self.duckdb_engine.use_every_core()
        if self.prepare_failed:
            raise self.prepare_failed[0]
        if (later := self.deferred.pop(rule.label, None)) is not None:
            self.prepared[rule.label] = later()  # the classes are kept: --term's terms are known
        return self.prepared.get(rule.label)

    def _columnar_students(
        self, sinks: overlap.Sinks, write_lines: Callable[[Path, int], None], with_students: set[str]
    ) -> None:
        """The enrolment rules in order: the columnar engine's where it can, else the Python
        engine's, each rule's records through the same validator."""
        seconds = self.report.facts.setdefault("seconds", {})
        for rule in self.rules("enrollments"):
            begun = time.perf_counter()

            def python_drafts(drafts: Iterable[Draft]) -> None:
                self._stream_students(drafts, sinks)

            outcome = self._prepared(rule)
            if isinstance(outcome, columnar.Prepared):
                outcome = self._engine_stream(outcome, columnar.Sinks(python_drafts, write_lines, with_students))
            engines = self.report.facts.setdefault("columnar", {})
            if outcome is None or outcome.declined:
                engines[rule.label] = {"declined": outcome.declined if outcome else "not supported yet"}
                self._stream_students(self._meeting_silent(self._mapped(rule)), sinks)
            else:
                self.inputs.mark_read([rule.source])
                engines[rule.label] = {"silent": outcome.silent, "python": outcome.python}
                seconds[f"enrollments ({rule.label}, columnar)"] = round(time.perf_counter() - begun, 3)

    def _meeting_silent(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """A later rule's students' records check their IDs against the silent records too."""
        for draft in drafts:
            if self.duckdb_engine is not None and not _staff_enrolment(draft):
                columnar.register_every_silent(self.duckdb_engine, self.validator)
            yield draft

    def _stream_students(self, drafts: Iterable[Draft], sinks: overlap.Sinks) -> None:
        def students_only(drafts: Iterable[Draft]) -> Iterator[Draft]:
            for draft in drafts:
                if _staff_enrolment(draft):
                    sinks.held(draft)
                else:
                    yield draft

        for draft in self.validator.validate(students_only(drafts), table="enrollments"):
            sinks.kept(draft)

    def _without_owner(self, with_students: set[str], owned: set[str]) -> None:
        """Classes published with students and no teacher or administrator enrolled: Remind
        gives such a class no owner, so nobody can message its families (the teacher was left
        out, has left, or is not in the export). Said per class, a warning (most of them: X980;
        most of one school's: X942)."""
        published = self.validator.listed(CLASS_TABLE) & with_students
        without = published - owned
        self.report.classes_without_owner, self.report.classes_with_students = set(without), len(published)
        demoted_owners.note(self.report, self.validator.demoted, self.validator.demoted_classes, without)
        school_classes.note_without_owner(
            self.report, published, without, self.validator.class_schools(), self._class_place
        )
        for class_id in sorted(without):
            origin = self.class_places.place(self.class_origins.get_hash(id_hash(class_id)) or 0)
            where = Where(origin.file, origin.line, table=CLASS_TABLE, record=class_id, who=("", "", class_id))
            self.report.add(codes.code("class-no-owner"), where, id=class_id)

    def _class_place(self, class_id: str) -> tuple[str, int]:
        """The export file and line a kept class was read from."""
        origin = self.class_places.place(self.class_origins.get_hash(id_hash(class_id)) or 0)
        return origin.file, origin.line

    def pick_year_column(self) -> last_year.YearColumn | None:
        """The school-year column a classes join's `pick: {year}` reads (Illuminate's AcademicYear,
        eSchoolPLUS's section.SCHOOL_YEAR), with the export it is read from; None when no such
        join reads one (X887 names it, tester53 F5)."""
        for rule in self.rules(CLASS_TABLE):
            for join in rule.joins.values():
                if join.pick is None or not join.pick.by_year:
                    continue
                year = join.local[-1]  # the pick's year: the last part of this row's key
                owner = rule.joins.get(year.alias) if year.alias else None
                source = owner.source if owner is not None else rule.source
                found = self.inputs.sources.get(source)
                if found is None:
                    return last_year.YearColumn(year.column, source, present=False)
                return last_year.YearColumn(year.column, found.display, present=year.key in found.index)
        return None

    def class_origin(self, class_id: str) -> str:
        """Where a kept class was read ("sections.csv line 3"), or ""."""
        packed = self.class_origins.get_hash(id_hash(class_id))
        if packed is None:
            return ""
        origin = self.class_places.place(packed)
        return f"{origin.file} line {origin.line}"

    def _drop_empty_classes(self, with_students: set[str]) -> None:
        classes = self.validator.listed(CLASS_TABLE)
        for class_id in sorted(classes - with_students):
            origin = self.class_places.place(self.class_origins.get_hash(id_hash(class_id)) or 0)
            where = Where(origin.file, origin.line, table=CLASS_TABLE, record=class_id, who=("", "", class_id))
            self.report.add(codes.code("class-empty"), where, id=class_id)
            self.empty_classes.add(class_id)
            if class_id in self.plan.kept_over_break:
                self.kept_emptied.add(class_id)
        classes &= with_students


def _written(row: SourceRow, refs: tuple[FieldRef, ...]) -> str:
    """A lone placeholder's cell on the row: of a `{A|B}`, the first not blank ("" of none)."""
    return templates.first_cell(row.get(ref.key) for ref in refs)
