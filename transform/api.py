"""The library's front door: run(options) -> RunResult. The CLI only calls this."""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import functools
import os
import tempfile
import time
from collections.abc import Callable, Collection, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transform.cleaners.school_year import SchoolYear
from transform.oneroster.spec import TARGETS, Target
from transform.pipeline import (
    absent,
    agent_links,
    audit,
    birth_dates,
    blanked_keep_out,
    break_kept,
    child_points,
    class_gate,
    class_reuse,
    columns_gate,
    course_twice,
    date_order,
    delivery_state,
    demographics_gate,
    demoted_owners,
    doubled_terms,
    dropped_gate,
    edited_values,
    ended_gone,
    excluded_left,
    excluded_schools,
    family_names,
    filters,
    flags_left_in,
    freshness,
    gate,
    grades_gate,
    guardian_kinds,
    guardian_tails,
    guardian_words,
    guardians_gate,
    half_dated,
    held_back,
    identity,
    ids_two_ways,
    joined_tails,
    keep_out,
    keep_out_rows,
    kind_rows,
    leaver_values,
    links_gate,
    links_other_ids,
    list_separators,
    lookups,
    made_ids_taken,
    map_values,
    marked_enrolments,
    merged_classes,
    missing_rows,
    new_profile_stops,
    new_tail,
    new_year,
    no_birth_dates,
    org_gate,
    orphans_gate,
    other_id_column,
    own_keep_outs,
    owners_lost,
    people_gate,
    points_gate,
    preflight,
    primary_lost,
    published_ended,
    publishing,
    read,
    recognise,
    removal_flag,
    rows_unread,
    schedule_cut,
    school_classes,
    school_counts,
    school_gone,
    school_moves,
    school_other_column,
    school_setting,
    seen_values,
    session_variants,
    set_damage,
    set_sql,
    sis_switch,
    span_rows,
    sql_nulls,
    stopping,
    student_twice,
    suspect_drops,
    tails,
    teacher_gate,
    term_moved_back,
    term_split_schools,
    term_unscheduled,
    undated_side_by_side,
    undated_terms,
    unfiltered_terms,
    unheld_classes,
    unlisted_staff,
    unreached,
    unread_groups,
    unrelated_set,
    usernames_held,
    withdrawals,
)
from transform.pipeline import run as run_stage
from transform.pipeline.compact import IdSet
from transform.pipeline.ended_gone import TermsTonight
from transform.pipeline.filters import TERMS_NOT_FOUND, Ended, HeldTerms, NothingDue, Term, TermsExported
from transform.pipeline.mapping import map_rows
from transform.pipeline.rows import Indexes
from transform.pipeline.write import ExplainLog, Staging, naming, write_zip
from transform.profile import (
    aide_roles,
    check,
    coverage,
    empty_maps,
    load,
    name_order,
    phone_cleaned,
    school_names,
    skeleton,
    suggest,
    unfilled,
)
from transform.profile import init as profile_init
from transform.profile.compile import DEFAULT_YEAR_LONG_DAYS, Choices, Plan, RulePlan, compile_plan
from transform.profile.templates import fields
from transform.report import codes
from transform.report import summary as words
from transform.report.codes import Severity
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

if TYPE_CHECKING:  # delivery (paramiko, sockets, known hosts) is imported by a run with --upload
    from transform.pipeline import deliver, known_hosts

EXIT_PUBLISHED = codes.EXIT_PUBLISHED
EXIT_NOT_PUBLISHED = codes.EXIT_NOT_PUBLISHED
EXIT_USAGE = codes.EXIT_USAGE


def expand_user(path: Path) -> Path:
    """`~` expanded, or the path as written where the account has no home (a container run
    with --user N and no HOME): every command failed at import with exit 3."""
    try:
        return path.expanduser()
    except RuntimeError:
        return path


DEFAULT_KNOWN_HOSTS = expand_user(Path("~/.ssh/known_hosts"))


@dataclass(frozen=True, slots=True)
class RunOptions:
    profile: str
    in_dir: Path
    out_dir: Path
    as_of: dt.date
    target: str = "remind"
    exclude_classes: tuple[str, ...] = ()  # extra class-exclusion patterns
    exclude_named: tuple[str, ...] = ()  # opt-in exclusion patterns of the profile, by name
    terms: tuple[str, ...] = ()  # roster these terms (name or abbreviation) instead of by date
    schools: tuple[str, ...] = ()  # roster only these schools
    users_only: bool = False  # classes.csv and enrollments.csv with headers only
    explain: Path | None = None  # CSV of every record left out, with its reason
    redact: bool = False  # keep personal values out of the explain file
    previous: Path | None = None  # the last published set (default: what out_dir holds now)
    max_removal: float | None = None  # percent; default settings.max_removal, else 10
    max_reassigned: float | None = None  # percent of user IDs naming another person; default settings, else 1
    allow_rollover: bool = False  # a term change: accept a large removal on purpose
    allow_incomplete: bool = False  # publish though errors left out much of an export or emptied a file
    allow_earlier_as_of: bool = False  # publish a set as of a day before the last published set's
    # publish parents' emails or phones changed past points_gate's shares (X813): a district's own change,
    # which --allow-rollover, given for a new year's classes, does not accept (review68 R4)
    allow_contact_change: bool = False
    as_of_by_clock: bool = False  # as_of is the machine's today (no --as-of): exports dated after it say so
    zip_path: Path | None = None  # also write the published set as one zip
    keep: int = 0  # keep this many published sets in the state folder, for a rollback
    now: dt.datetime | None = None  # the clock (tests pin it); default: now, UTC
    upload: str | None = None  # sftp://user@host[:port]/path
    sftp_password_file: Path | None = None
    sftp_key: Path | None = None
    known_hosts: Path = DEFAULT_KNOWN_HOSTS
    trust_new_host_key: bool = False
    upload_attempts: int = 3
    upload_backoff: float = 2.0
    # seconds any one network step may take: deliver.DEFAULT_TIMEOUT (tests/test_startup.py checks)
    sftp_timeout: float = 30.0
    on_progress: Callable[[str, int], None] | None = None  # (file, rows read), for a live display
    on_stage: Callable[[str, int | None, frozenset[str]], None] | None = None  # (stage, rows expected, files)
    max_examples: int = 20
    strict: bool = False  # any warning or error refuses to publish
    jobs: int | None = None  # processes: 1, or 2 (enrolments beside users); default: 2 for large exports
    # auto (columnar from columnar.AUTO_MIN_ROWS enrolment rows), columnar (DuckDB for the bulk
    # of the rows) or python (the reference); each gives the same set
    engine: str = "auto"
    # Count each school's records now and in the last set, and the students a parent can reach
    # (facts.schools, for the HTML report): a read of the staged set, about 5 % of a run.
    school_counts: bool = False
    # Set by `run` itself: the night made again with the ended term's classes kept over a break
    # (pipeline.break_kept), after its first pass found the break and people changed.
    kept_over_break: break_kept.Kept | None = None


@dataclass(slots=True)
class RunResult:
    report: Report
    exit_status: int
    problems: list[Problem] = field(default_factory=list)  # what stopped the run, if anything


def validate_set(path: Path, *, target: str = "remind", max_examples: int = 20, strict: bool = False) -> RunResult:
    """Check an existing set (folder or zip); exit 0 when it is valid, 1 when it is not.
    `strict`: a warning makes it not valid too (what `transform --strict` refuses to publish:
    a user over Remind's 100 classes, a shared email)."""
    report = Report(max_examples=max_examples)
    report.facts.update(target=target, set=str(path))
    try:
        audit.audit_set(path, _target(target), report, strict=strict)
    except TransformAbort as abort:
        for problem in abort.problems:
            report.add_problem(problem)
        return RunResult(report, abort.exit_status, abort.problems)
    # A warning a run gives for what it repairs (a title over 255 characters, cut) names a broken
    # rule in a set, which validate repairs not (audit.invalid).
    return RunResult(report, EXIT_NOT_PUBLISHED if audit.invalid(report, strict=strict) else EXIT_PUBLISHED)


def _calling_code(region: str) -> str:
    """+1 for US: the prefix of the numbers Remind can text in the run's phone region."""
    import phonenumbers

    code = phonenumbers.country_code_for_region(region.upper())
    return f"+{code}" if code else ""


def _target(name: str) -> Target:
    target = TARGETS.get(name)
    if target is None:
        raise TransformAbort(
            [
                Problem(
                    codes.code("bad-option"), Where(), {"option": "--target", "detail": f"one of {', '.join(TARGETS)}"}
                )
            ]
        )
    return target


def check_profile(
    ref: str,
    *,
    exports: Path | None = None,
    target: Target = TARGETS["remind"],
    hints: bool = False,
    users_only: bool = False,
) -> tuple[load.LoadedProfile | None, list[Problem]]:
    """Load and check a profile; the problems are every error found, in file order, then each
    field a rule leaves without a value although the target needs it in every record. With
    `exports`, also what only the exports show: each export found and each column the profile
    names present (a required one missing is an error, an optional one a warning, an optional
    export absent a note), and a district_id that is a school's ID. With `hints` (the
    check-profile command), also these warnings, first: a yes/no flag tested in one of its forms
    (I262, which a run does not give), a guardian's contact ID made of the name (I267), a contact
    point two each groups read (P115), the first and last names mapped the other way round or read
    whole into both (P119; a run says X870 and V555)."""
    profile, problems, some_rows = _loaded(ref, target)
    if profile is None:
        return None, problems
    # The hints read the profile as the schema shapes it: after a value of the wrong form (P103: an inline
    # map where a map's name is due, tester69 F7) they are not given, so that none trips over it.
    shaped = not any(p.code.slug == "profile-schema" for p in problems)
    hinted = (
        [
            *check.flag_forms(profile),
            *check.name_contacts(profile),
            *check.points_copied(profile),
            *check.points_named_other(profile),
            *name_order.names_mapped_wrong(profile),
            *coverage.gaps(profile),
            *school_names.numbers_as_names(profile),
            *empty_maps.drops_every_value(profile),
            *phone_cleaned.uncleaned(profile),
            *aide_roles.aides_as_teachers(profile),
        ]
        if hints and shaped
        else []
    )
    hinted = (some_rows if hints else []) + hinted
    if problems:
        return profile, problems + hinted
    plan = _compiled(profile, target=target, choices=Choices(as_of=dt.datetime.now(dt.UTC).date()))
    problems = _unworkable(profile, plan, users_only=users_only)  # "ok" means the run can work
    if hints:  # a status condition on codes whose leaver values no profile file declares (P133)
        hinted += leaver_values.undeclared(profile, plan)
    if exports is not None:
        try:
            problems += _check_with_exports(profile, exports)
        except TransformAbort as abort:
            problems += abort.problems
    return profile, hinted + problems


def _loaded(ref: str, target: Target) -> tuple[load.LoadedProfile | None, list[Problem], list[Problem]]:
    """check_profile's first part, which a run shares: the profile loaded and checked (None and the
    load's problems when it does not load); the problems that stop it before it is compiled, and apart
    the P129s, which only check-profile says."""
    try:
        profile = load.load(ref)
    except TransformAbort as abort:
        return None, abort.problems, []
    problems = check.once(profile, (target.name,))  # a column only another target writes is not this run's
    # An ID's unsafe text only some rows reach (P129: a fallback, a map's value) is check-profile's word:
    # the run leaves out the rows that reach it (D320, counted) and publishes the rest (review154 R1).
    some_rows = [p for p in problems if p.code.slug == "id-text-unsafe-some-rows"]
    return profile, [p for p in problems if p not in some_rows], some_rows


def _unworkable(profile: load.LoadedProfile, plan: Plan, *, users_only: bool) -> list[Problem]:
    """check_profile's last part: what the compiled plan cannot fill (unfilled reads the plan's
    rules and target, which no date or other choice of the run changes), and classes without owners."""
    problems = unfilled.unfilled(profile, plan)
    if not users_only:  # a --users-only run publishes no class to need an owner
        problems += coverage.no_teacher(profile)  # and that its classes have owners
    return problems


def chain_names(profile: load.LoadedProfile) -> tuple[str, ...]:
    """The profile's name and those of the profiles it extends, child first."""
    names = (str(pf.data.get("name") or pf.path.stem) for pf in profile.chain)
    return tuple(dict.fromkeys([*names, *(pf.path.stem for pf in profile.chain)]))


def _check_with_exports(profile: load.LoadedProfile, exports: Path) -> list[Problem]:
    """Find the exports and map the schools as a run would: the columns the files lack, the
    district ID checked against the schools, the conditions that compare a column with a
    value of another form than those it holds (I264: a flag written 1/0 tested for "Y"), and a
    birth-date column most of whose dates give no student's age today (X987)."""
    plan = _compiled(profile, target=TARGETS["remind"], choices=Choices(as_of=dt.datetime.now(dt.UTC).date()))
    report = Report(max_examples=0)
    with read.unpacked(exports) as in_dir:
        sources = _find_sources(in_dir, plan, report, chain=chain_names(profile), shown=exports)
        unused = [p for name, s in sources.items() for p in read.declared_encoding_unused(s, plan.sources[name])]
        inputs = run_stage.Inputs(sources, report, plan)  # counts the values conditions compare with
        joins = {join.index_key for rule in plan.rules.get("orgs", ()) for join in rule.joins.values()}
        indexes: Indexes = {
            key: lookups.build_index(
                inputs.rows(key[0]),
                source=key[0],
                key=key[1],
                columns=plan.join_needs[key],
                report=report,
                repeats=key in plan.join_repeats,
                optional=key in plan.join_optional,
                pick=plan.join_picks.get(key),
                as_of=plan.as_of,
                parse_date=plan.pick_parse_date(*key),
            )
            for key in joins
        }
        drafts = [
            draft
            for rule in plan.rules.get("orgs", ())
            if rule.source in sources or rule.once
            for draft in map_rows(
                inputs.rule_rows(rule), rule=rule, plan=plan, indexes=indexes, extras={}, report=report
            )
        ]
        # The exports whose values conditions compare, those holding birth dates (X987: a profile
        # line reading an enrolment date as the birth date) and any date read in an order its values
        # rule out (D350: a UK export with no day_first, refused by the first run after "ok"), read
        # as a run reads them.
        for source in [
            *inputs.watched,
            *birth_dates.columns(plan),
            *plan.date_columns,
            *unread_groups.guardian_sources(plan),
        ]:
            if source in sources and not inputs.was_read(source):
                for _ in inputs.rows(source):
                    pass
        own = seen_values.district_conditions(profile, plan)
        unseen = seen_values.problems(plan, sources, report.column_values, own=own)
        unseen += date_order.misread(plan, sources, report.date_forms)
        unseen += birth_dates.refused(plan, sources, report.date_forms)
        unseen += map_values.refused(plan, sources, report.column_values)
        unseen += guardian_kinds.unread(plan, sources, report.column_values)
        unseen += unread_groups.unread(plan, sources, report.column_values)
        unseen += school_setting.unread(plan, sources, report.column_values)
        # Inside the `with`: unread_links reads a zip's unpacked export again.
        run_stage.district_collides(plan, drafts)
        return [
            *(
                Problem(
                    codes.code("source-optional-absent"),
                    Where(),
                    {"source": name, "patterns": ", ".join(source.patterns)},
                )
                for name, source in plan.sources.items()
                if name not in sources
            ),
            *absent.renamed_in_profile(plan, sources),  # the run refuses its first set (X990)
            *absent.every_optional(plan, sources),
            *absent.unread_links(plan, sources),
            *read.null_names_unknown(plan.sources, sources),
            *unused,
            *unseen,
        ]


def _compiled(profile: load.LoadedProfile, *, target: Target, choices: Choices) -> Plan:
    plan = compile_plan(profile.data, target=target, choices=choices)
    # Where the profile writes each column the exports may prove wrong as a whole (X987, X988).
    plan.columns_at.update(
        ((birth.rule, birth.column), profile.where(["tables", *birth.rule.split(".", 1), "columns", birth.column]).file)
        for sources in birth_dates.columns(plan).values()
        for birth in sources.values()
    )
    plan.columns_at.update(
        ((mapped.rule, mapped.column), profile.where(mapped.path).file)
        for sources in map_values.columns(plan).values()
        for mapped in sources.values()
    )
    # Where each guardians rule lists its `each` groups: a bundled profile's list leaves an export's other
    # person columns unread on purpose (PowerSchool's Guardian, GuardianEmail), a district's own may not (P125).
    plan.columns_at.update(
        ((rule.label, "each"), profile.where(["tables", rule.table, rule.name, "each"]).file)
        for rule in plan.rules.get("users", ())
        if rule.groups
    )
    # Where each list column (and list join) is written: I232 says how to change its split (review165 R2).
    plan.columns_at.update(
        ((rule.label, name), profile.where(["tables", rule.table, rule.name, *path]).file)
        for rules in plan.rules.values()
        for rule in rules
        for name, path in (
            *((c.name, ("columns", c.name)) for c in rule.columns if c.split),
            *((f"join {a}", ("join", a)) for a, j in rule.joins.items() if j.split),
        )
    )
    plan.key_readers.update(list_separators.key_readers(plan, profile.data))
    if (plan.settings.get("district_id") or "") == "":
        return plan
    return dataclasses.replace(plan, district_at=profile.where(["settings", "district_id"]).file)


@dataclass(frozen=True)
class InitResult:
    description: list[str]  # each file: encoding, delimiter, columns with sample values
    ranking: list[tuple[str, float]]  # bundled profiles, best first, with the share of columns found
    profile_text: str  # the starter profile (YAML)
    extends: str | None = None  # the bundled profile the draft extends; None: a from-scratch skeleton
    verdict: str = ""  # one line: which profile fits, or why none does


def init_profile(in_dir: Path) -> InitResult:
    """Look at a folder of exports and draft a profile extending the closest bundled one, or a
    skeleton when none fits (profile.init.FIT_THRESHOLD)."""
    if not in_dir.is_dir():
        raise TransformAbort(
            [
                Problem(
                    codes.code("bad-option"), Where(), {"option": "input folder", "detail": f"{in_dir} is not a folder"}
                )
            ]
        )
    skipped: list[str] = []
    files = profile_init.inspect_folder(in_dir, skipped)
    if not files:
        raise TransformAbort(
            [
                Problem(
                    codes.code("bad-option"),
                    Where(),
                    {"option": "input folder", "detail": f"{in_dir} holds no .csv or .txt file"},
                )
            ]
        )
    if skipped:  # said first: the admin sees why a file of the folder is not drafted
        describe_skipped = [f"{name}: skipped, not a table (a text of prose, no header and rows)" for name in skipped]
    else:
        describe_skipped = []
    ranked = profile_init.rank_profiles(files)
    ranking = [(c.profile, c.score) for c in ranked]
    best = ranked[0] if ranked else None
    if best is not None and best.fits:
        verdict = f"These look like {best.profile} exports ({best.score:.0%} of its columns found)."
        return InitResult(
            [*describe_skipped, *profile_init.describe(files)],
            ranking,
            profile_init.starter_profile(best, in_dir, ranked),
            best.profile,
            verdict,
        )
    text = skeleton.skeleton_profile(files, in_dir, best)
    alike = "".join(f" {said}; its other exports are not in the folder." for said in profile_init.looks_like(files))
    verdict = (
        text.splitlines()[1].lstrip("# ")
        + alike
        + " Wrote a skeleton to fill in: one source per file, one rule per table."
        + skeleton.said_once(files)
    )
    return InitResult([*describe_skipped, *profile_init.describe(files)], ranking, text, None, verdict)


def run(options: RunOptions) -> RunResult:
    started = time.monotonic()
    report = _new_report(options)
    explain: list[ExplainLog] = []
    try:
        with stopping.stoppable():  # SIGTERM stops the run as Ctrl-C does: a report, exit 1
            try:
                result = _run(options, report, explain)
            except break_kept.KeepOverBreak as again:  # a break night whose people changed: made again
                if explain:
                    explain.pop().abandon()
                options, report = dataclasses.replace(options, kept_over_break=again.kept), _new_report(options)
                result = _run(options, report, explain)
    except BaseException:
        if explain:  # no .partial is left in the user's folder
            explain[0].abandon()
        raise
    if explain and (failure := explain[0].finish()):
        # Written last, after publishing: a disk that filled up meanwhile. Said first, exit 1.
        if report.published:
            what = f"writing {options.explain}"
            report.add(codes.code("after-publish-failed"), Where(), what=what, detail=failure)
        else:
            where = Where(file=str(options.explain))
            report.add_problem(
                Problem(codes.code("output-unwritable"), where, {"folder": options.explain, "detail": failure})
            )
        result.exit_status = max(result.exit_status, EXIT_NOT_PUBLISHED)
    report.facts.update(exit_status=result.exit_status, duration_seconds=round(time.monotonic() - started, 3))
    return result


def _new_report(options: RunOptions) -> Report:
    report = Report(max_examples=options.max_examples, on_progress=options.on_progress, on_stage=options.on_stage)
    report.facts.update(
        profile=options.profile,
        target=options.target,
        as_of=options.as_of.isoformat(),
        tool_version=_tool_version(),
        out=str(options.out_dir.absolute()),  # where the set and its state folder are (transform report)
    )
    return report


def _check_terms_found(
    report: Report, *, allow_incomplete: bool, previous: Path | None, staged: Path, as_of: dt.date
) -> None:
    """Classes name terms but no term has dates (filters.select_terms): every class of every
    term would be published as current. Refused (X954, exit 1), or published and said (X918).
    And a school whose exports still hold an ended semester's classes and none of the next
    (X977 at one school, X895): refused, or with --allow-incomplete published and said (X918).
    A school of X895 whose year runs on only at another school is one whose students are still
    its tonight, at least half of those the last published set (`previous`) gave it: a school
    closed at the term change has none (`_still_open`)."""
    if report.later_classes_missing:
        still_open = _still_open(report.later_classes_missing, previous, staged)
        paused = filters.later_classes_paused(report.later_classes_missing, still_open, as_of)
        if paused is not None and not allow_incomplete:  # over a break: nothing due yet, unless refused else
            report.later_term_break = paused
            report.later_term_paused = [
                f for f in report.later_classes_missing if not f.elsewhere or f.school in still_open
            ]
            report.later_term_refused = filters.later_classes_refused(report.later_classes_missing, still_open, as_of)
        elif (refused := filters.later_classes_refused(report.later_classes_missing, still_open, as_of)) is not None:
            report.next_term_unexported.append(refused)
    for problem in report.next_term_unexported:  # X977 at a school (filters._next_term_without_classes), X895
        if allow_incomplete:  # a school that really has no class of the new term
            detail = f"{problem.params['none']}: published without any{_accepted(report, problem)}"
            report.add(codes.code("incomplete-allowed"), problem.where, detail=detail)
        else:
            report.add_problem(problem)
    unfound = report.facts.pop(TERMS_NOT_FOUND, None)
    if not unfound:
        return
    where = Where(file=str(unfound["file"]))
    if allow_incomplete:
        detail = (
            f"{unfound['classes']} classes kept without the current-term check (no term dates in {unfound['file']})"
        )
        report.add(codes.code("incomplete-allowed"), where, detail=detail)
        return
    report.add(codes.code("terms-not-found"), where, **unfound)


def _accepted(report: Report, problem: Problem) -> str:
    """X977's school, with its term, accepted as one whose new term has no class of its own: recorded
    (last.json's terms_due), so later nights do not refuse it while that term runs; and the other
    schools X977 found, which the flag published so tonight only (tester74 F9)."""
    school = problem.params.get("school")
    if problem.code.id != "X977" or not school:
        return ""
    report.terms_due = [dataclasses.replace(d, accepted=d.accepted or d.school == school) for d in report.terms_due]
    others = [s for s in str(problem.params.get("schools", "")).split(", ") if s and s != school]
    said = (
        f"; school {school} is recorded as having no class of {problem.params['term']}: later nights do not "
        f"refuse it while that term runs"
    )
    if others:
        said += (
            f"; not so schools {words.few(others)}, published without it tonight only: later nights refuse them "
            "again until their classes of it are exported"
        )
    return said


def _still_open(found: list[filters.LaterClassesMissing], previous: Path | None, staged: Path) -> set[str]:
    """Of the schools `found` whose year runs on only at another school, those whose students are
    still theirs in tonight's set: at least one, and at least half of those the last published
    set gave them."""
    schools = {f.school for f in found if f.elsewhere}
    if not schools:
        return set()
    tonight = school_counts.students_by_school(staged)
    then = school_counts.students_by_school(previous)
    return {school for school in schools if tonight[school] and tonight[school] * 2 >= then[school]}


def _tool_version() -> str:
    import transform  # here: the package loads this module on first use (transform/__init__.py)

    return str(transform.__version__)


def _profile_place(profile: load.LoadedProfile, path: tuple[str, ...]) -> str:
    """The file:line:col of a profile path (of the child-most file that has it)."""
    return profile.where(path).file


def _note_rows_named(
    plan: Plan, sources: dict[str, read.SourceFile], report: Report, profile: load.LoadedProfile, staged: Path
) -> None:
    """People named whose rows are lost (missing_rows.prepare; a join of the profile reading another key than
    their ID); classes named that no classes row holds, their IDs built otherwise by the profile or their zeros
    lost; and, no school kept (X903), the orgs keyed on another column than the exports name them by (T8)."""
    place = functools.partial(_profile_place, profile)  # a profile path's file:line:col
    missing_rows.prepare(report, plan, sources, staged=staged, place=place)
    unheld_classes.note_shape(plan, sources, report, place)
    if any(p.code.id == "X903" for p in report.aborts):
        report.orgs_keyed_otherwise = school_other_column.orgs_said(plan, sources, report, place)


def _run(options: RunOptions, report: Report, explain: list[ExplainLog]) -> RunResult:
    staging: Staging | None = None
    delivery: Delivery | None = None
    now = options.now or dt.datetime.now(dt.UTC)
    report.facts["ran_at"] = now.isoformat(timespec="seconds")
    try:
        stopping.stopped_early()  # a SIGTERM while the command line was starting up
        _preflight(options)
        gate.settle_state_folder(options.out_dir, report)  # one state folder however OUT is named
        clock = _check_clock(options, report, now=now)  # every run, refused or not, warns from day 80
        if options.explain is not None:
            explain.append(_explain_log(options.explain, redact=options.redact))
            report.on_drop = explain[0]
            report.on_retract = explain[0].retract
        delivery = _delivery(options)
        plan, profile = _plan(options)
        report.facts["profile_digest"] = load.digest(profile)
        report.facts["own_profile_digest"] = load.own_digest(profile, also=sorted(options.exclude_classes))
        plan = dataclasses.replace(plan, excluded_own=excluded_schools.excluded_own(profile))  # X825, X826
        with contextlib.suppress(TransformAbort):  # known before the tables (X807/X832); damaged: X930 at the gate
            report.facts["profile_changed"] = gate.profile_changed(gate.read_state(options.out_dir), report.facts)
        # A guardian's contact ID made of the name, a contact point two each groups read; a source
        # no rule reads, no guardian rule or no term filter where the exports have contacts or terms.
        named_other = check.points_named_other(profile)  # P124: a group reading another's columns
        for problem in [
            *check.name_contacts(profile),
            *check.points_copied(profile),
            *named_other,
            *coverage.gaps(profile),
            *phone_cleaned.uncleaned(profile),  # P117: a phone published as written
            *_aides_as_teachers(profile, options, report),  # P132: aides mapped to teacher, said once
        ]:
            report.add_problem(problem)
        _check_folders(options.in_dir, options.out_dir)
        with read.unpacked(options.in_dir, plan.sources) as in_dir:
            recognise.check_manifest(in_dir, plan, report)
            recognise.check_file_modes(in_dir, plan)
            recognise.check_files_listed(in_dir, plan, report)
            sources = _find_sources(
                in_dir, plan, report, chain=chain_names(profile), shown=options.in_dir, out=options.out_dir
            )
            if unread := absent.unread_links(plan, sources):  # the parents' links under another name
                raise TransformAbort(unread)
            plan = no_birth_dates.set_aside(plan, sources, report)  # no birth date at all: D362, not X916
            report.facts["sources"] = {
                name: {"file": s.display, "encoding": s.encoding, "delimiter": s.delimiter}
                for name, s in sources.items()
            }
            set_damage.refuse_named(options.previous)  # before any reader of the last set (X806)
            staging = _staging(
                options.out_dir,
                report,
                prefixes=identity.prefixes(plan.rules.get("users", ())),
                now=now,
                previous=options.previous,
            )
            then = gate.read_state(options.out_dir)
            report.keep_out_then = blanked_keep_out.last_left_out(then, _users_of(options.out_dir))  # X877
            report.guardian_values_then = _values_before(options, then)  # edited_values: what rows gave
            calendar = run_stage.produce(
                plan,
                sources,
                staging,
                report,
                jobs=options.jobs,
                engine=options.engine,
                state=gate.state_folder(options.out_dir),
                last_terms=_held_terms(options),
                last_set=_last_set(options),
                holders=_usernames_held(options),
            )
            absent.note(plan, sources, report, own=absent.district_columns(profile))  # a misspelt column?
            own = seen_values.district_conditions(profile, plan)  # a condition comparing with values never written?
            seen_values.note(plan, sources, report, own=own, staged=staging.path, previous=_last_set(options))
            seen_values.note_all_left_out(plan, sources, report)  # a rule that kept none of its rows?
            wheres = seen_values.district_wheres(profile, plan)  # or kept a few, reading a flag backwards?
            named = own_keep_outs.own_conditions(plan, {**own, **wheres})  # which changed since the last set?
            own_keep_outs.note_changed_conditions(named, then, report)
            own_keep_outs.note_changed_guards(plan, sources, report, staged=staging.path, previous=_last_set(options))
            own_keep_outs.note_most_left_out(plan, sources, report, own=wheres, staged=staging.path)
            seen_values.note_names_swapped(profile, plan, report)  # first and last names the other way round?
            merged_classes.note(profile, plan, report, sources)  # two sections made one class by the ID template?
            guardian_words.note(plan, sources, report)  # emergency contacts linked as guardians?
            seen_values.note_leavers_kept(plan, sources, report, own=wheres, staged=staging.path)  # leavers kept?
            state_place = gate.state_folder(options.out_dir)  # and a few leavers, at any count (P131)
            leaver_values.note(plan, sources, report, own=wheres, state=state_place, staged=staging.path)
            own_keep_outs.note_dates_keep_all(plan, sources, report, own=wheres, staged=staging.path)  # an end date?
            own_patterns = seen_values.district_patterns(profile)  # a pattern inside the words of titles?
            for i, _ in enumerate(options.exclude_classes):  # the command line's are the district's too
                own_patterns[f"--exclude-class {i + 1}"] = "the command line"
            filters.note_patterns_inside_words(plan, report, own=own_patterns)
            filters.note_patterns_matching_nothing(plan, report)  # an --exclude-class typo?
            unfiltered_terms.judge(plan, sources, report, staged=staging.path)  # no term filter: other terms?
            _note_rows_named(plan, sources, report, profile, staging.path)  # people named, their rows lost?
            other_id_column.note(report, plan, sources)  # or written by another column of their rows?
            links_other_ids.note(report, plan, sources)  # parents' links by another ID of the students?
            seen_values.note_sources_absent(plan, sources, report, own=absent.district_sources(profile))
            # After the tables: a summer night with nothing due (F422) exits 0 however old the files.
            feeding = freshness.feeding(plan)
            freshness.check(
                sources,
                plan.settings,
                exports=options.in_dir,
                as_of=plan.as_of,
                now=now,
                feeding=feeding,
                report=report if options.as_of_by_clock else None,
                term_ends=_term_ends(calendar),
            )
            freshness.check_siblings(
                sources,
                freshness.nightly(plan),
                as_of=plan.as_of,
                now=now,
                feeding=feeding,
                settings=plan.settings,
                profile=_profile_named(profile),
            )
            # Inside the `with`: the gate reads the exports again (the terms export, the tails) and a
            # zip's unpacked folder lives until it is done (X901 on a zip's every night after the first).
            report.stage("write")  # the safety gate, publishing and delivery
            return _gate_and_publish(
                options, plan, sources, staging, report, calendar=calendar, delivery=delivery, now=now
            )
    except NothingDue as pause:  # the summer break: the last set stays
        return _nothing_due(pause, options, delivery, report, clock=clock, now=now, locked=staging is not None)
    except TransformAbort as abort:
        abort.problems[:] = _layout_changed(abort.problems, options.out_dir, report)  # I269 -> X833
        for problem in abort.problems:
            report.add_problem(problem)
        return _refused(options, delivery, report, abort, locked=staging is not None, now=now)
    except KeyboardInterrupt as stop:  # Ctrl-C or SIGTERM (pipeline.stopping): said, exit 1
        problem = _stopped(stop, options, report)
        report.add_problem(problem)
        return RunResult(report, EXIT_NOT_PUBLISHED, [problem])
    except (OSError, MemoryError) as exc:  # the machine, not the data: nothing is published
        problem = _machine_problem(exc, options, report, staged=staging is not None)
        report.add_problem(problem)
        return RunResult(report, EXIT_NOT_PUBLISHED, [problem])
    finally:
        if staging is not None:
            if not report.published:
                staging.discard()
            staging.release()


def _profile_named(profile: load.LoadedProfile) -> freshness.Profile:
    """The profile the run reads as X852 names it: a bundled one by its name (a district writes
    its own extending it), the district's own by its file."""
    own = profile.chain[0]
    bundled = own.path.resolve().parent == load.bundled_folder().resolve()
    return freshness.Profile(own.path.stem if bundled else own.display, bundled)


def _layout_changed(problems: list[Problem], out: Path, report: Report) -> list[Problem]:
    """I269 of an export the last published set read, the profile unchanged since (report.facts'
    profile_changed, read with last.json before the tables): the export's (X833, exit 1)."""
    if not any(p.code.id == "I269" for p in problems) or report.facts.get("profile_changed") is not False:
        return problems
    try:
        state = gate.read_state(out)
    except TransformAbort:
        return problems
    if not state.get("published_at"):
        return problems
    as_of = str(state.get("as_of") or str(state["published_at"])[:10])
    return absent.layout_changed_since_last_set(problems, state.get("rows_read"), last_as_of=as_of)


def _nulls_read(out: Path | None) -> frozenset[str]:
    """The exports whose NULL the last set published into `out` read as SQL's marker (I227,
    last.json's `sql_nulls`); none when last.json is not there or cannot be read (the gate says so, X930)."""
    if out is None:
        return frozenset()
    try:
        return sql_nulls.remembered(gate.read_state(out))
    except TransformAbort:
        return frozenset()


def _find_sources(
    in_dir: Path, plan: Plan, report: Report, *, chain: tuple[str, ...], shown: Path, out: Path | None = None
) -> dict[str, read.SourceFile]:
    """The exports, opened. Stopped on a missing export or column, one hint first: the folder is
    a set this tool wrote (EXPORTS and OUT swapped), or a kind of set another bundled profile
    reads (a OneRoster version, named by its manifest or headers), or the files hold another
    bundled profile's columns (the wrong --profile), unless the manifest or headers show the kind
    of set this profile reads: then what is missing is said alone. `chain`: the profile and those it extends;
    `shown`: EXPORTS as the command named it (a zip, not the folder it was unpacked into). A
    missing column a condition that leaves people out reads says so, and whether the exports of
    the last published set in `out` had it (absent.keep_outs_said: tester44 F3)."""
    try:
        return read.find_sources(
            in_dir,
            plan.sources,
            report,
            shown=shown,
            read_too=recognise.files_read(plan),
            nulls=sql_nulls.Known(_nulls_read(out), sql_nulls.names_read(plan)),
        )
    except TransformAbort as abort:
        last = gate.last_columns(out) if out is not None else None
        changed = last is not None and out is not None and gate.profile_changed(gate.read_state(out), report.facts)
        abort.problems[:] = absent.keep_outs_said(
            abort.problems,
            plan,
            last.held if last else None,
            last_as_of=last.as_of if last else "",
            profile_changed=changed,
        )
        abort.problems[:] = suggest.files_like(in_dir, abort.problems, plan.sources)  # an export's other name?
        layout = [p for p in abort.problems if p.code.slug in LAYOUT_MISSING]
        if not layout:
            raise
        others = [p for p in abort.problems if p not in layout]
        # Only a folder with this tool's state beside it was published here: a OneRoster set a
        # SIS wrote holds the same six files, and is named by its format below.
        swapped = suggest.output_set(in_dir, shown=shown) if gate.state_folder(in_dir).is_dir() else None
        if swapped is not None:
            raise TransformAbort([swapped, *others]) from None
        named = recognise.hints(in_dir, plan)
        if named:
            raise TransformAbort([*named, *abort.problems]) from None
        if recognise.own_format(in_dir, plan) is not None:  # the profile's own kind of set, a file short
            raise
        fits = suggest.other_profile(in_dir, layout, chain=chain, shown=shown)
        if fits is not None:
            raise TransformAbort([fits, *others]) from None
        raise


LAYOUT_MISSING = frozenset({"source-missing", "column-missing", "column-lost-from-export", "export-lost"})


def _preflight(options: RunOptions) -> None:
    """Every path the run will write, checked before any export is read (pipeline.preflight)."""
    preflight.working_directory()
    for option, path in (("--explain", options.explain), ("--zip", options.zip_path)):
        if path is not None:
            preflight.output_file(option, path, out=options.out_dir, exports=options.in_dir)
    preflight.output_folder(options.out_dir, gate.state_folder(options.out_dir))


def _staging(
    out: Path, report: Report, *, prefixes: tuple[str, ...], now: dt.datetime, previous: Path | None
) -> Staging:
    staging = Staging(out, lock_folder=gate.state_folder(out))
    if staging.recovered is not None:
        report.add(codes.code("output-recovered"), Where(), folder=out, previous=staging.recovered.name)
    if staging.left_in_out:
        files = ", ".join(staging.left_in_out[:5]) + (" ..." if len(staging.left_in_out) > 5 else "")
        report.add(codes.code("output-temporaries-removed"), Where(), folder=out, files=files)
    try:  # under the lock, before the state is read: a run that stopped after its swap (X962),
        publishing.catch_up(out, report, prefixes=prefixes, today=now.date())
        # or whose identity map is lost: rebuilt from the last set (--previous, else OUT's: X921),
        publishing.restore_lost_map(out, report, prefixes=prefixes, today=now.date(), previous=previous)
        delivery_state.catch_up(out, report)  # or inside its record of a delivery (X945)
    except BaseException:
        staging.discard()
        raise
    return staging


def _stopped(stop: KeyboardInterrupt, options: RunOptions, report: Report) -> Problem:
    """X967: the run was stopped by a signal; what OUT (and the server) hold now."""
    if not report.published:
        outcome = "nothing was published: OUT is as it was"
    elif options.upload is not None and not report.counts.get(codes.code("uploaded").id):
        outcome = (
            "tonight's set was published in OUT but not delivered: the next run sends it, "
            "counting its changes from the last delivery"
        )
    else:
        outcome = "tonight's set was published in OUT; what was left to record is caught up by the next run"
    return Problem(codes.code("run-stopped"), Where(), {"signal": stopping.signal_name(stop), "outcome": outcome})


def _machine_problem(exc: OSError | MemoryError, options: RunOptions, report: Report, *, staged: bool) -> Problem:
    """Disk full, permissions, a vanished file; or a memory limit too small for this district
    (the memory the failed step held is free again once the exception is caught)."""
    if isinstance(exc, MemoryError):
        detail = f" after reading {sum(report.rows_read.values()):,} rows" if staged else " before any export was read"
        detail += "; nothing published"
        return Problem(codes.code("out-of-memory"), Where(), {"detail": detail})
    return Problem(
        codes.code("output-unwritable"),
        Where(file=exc.filename or ""),
        {"folder": _failed_path(exc, options.out_dir), "detail": exc.strerror or str(exc)},
    )


def _failed_path(exc: OSError, out: Path) -> Path | str:
    """What X901 names: OUT for its set, staged beside it (or unnamed); any other file by its
    own name (the explain file's, the state folder's disk may be the full one), not its partial's;
    the system's temporary folder as such (records held there until a stage's end: tester52 F7)."""
    if not exc.filename:
        return out
    path = Path(os.fsdecode(exc.filename)).absolute()
    if path == Path(tempfile.gettempdir()).absolute():
        named = "TMPDIR" if os.environ.get("TMPDIR") else "the system's temporary folder, as TMPDIR is not set"
        return f"{path} ({named}, where the run keeps records it checks at a stage's end)"
    for folder in {out.absolute(), out.resolve()}:
        staging = f".{folder.name}.staging-"
        if path.is_relative_to(folder) or any(part.startswith(staging) for part in path.parts):
            return out
    name = path.name
    if name.endswith(".partial"):
        name = name.removesuffix(".partial")
        name = name[1:] if name.startswith(".") else name
    return path.with_name(name)


def _people_changed(report: Report) -> bool:
    """Whether tonight's people differ from the last published set's, or records were added or changed
    among its classes and enrolments (their removals are the ended term's): a break night (I288) keeps
    the last set whole, and a parent's custody lost or a student withdrawn over the break waited until
    the new term at exit 0 (reviewer62 R1); such a night is X895's, as before I288."""
    changes = report.facts.get("changes") or {}
    every, grown = ("added", "removed", "changed"), ("added", "changed")  # classes' removals: the ended term's
    kinds: dict[str, tuple[str, ...]] = {"users": every, "demographics": every, "classes": grown, "enrollments": grown}
    return any((changes.get(table) or {}).get(kind) for table, said in kinds.items() for kind in said)


def _changed(report: Report) -> bool:
    """Whether tonight's set differs from the last published set in any record."""
    changes = report.facts.get("changes") or {}
    return any(done.get(kind) for done in changes.values() for kind in ("added", "removed", "changed"))


def _break_unheld(options: RunOptions, plan: Plan, sources: dict[str, read.SourceFile], report: Report) -> bool:
    """A break night whose ended classes enrol no student (I246's fact) and whose enrolments name many
    classes the sections export lacks (tester59 C1): X892. Whether it was refused."""
    unheld_classes.check_break(
        report,
        classes=_fed_tables(plan, sources, report).get("classes", []),
        limit=gate.export_limit(plan.settings.get("max_removal"), options.max_removal),
        allow_incomplete=options.allow_incomplete,
    )
    return bool(report.aborts)


def _kept_emptied(options: RunOptions, calendar: run_stage.Calendar) -> str:
    """The ended term whose classes tonight keeps over a break (break_kept), in words, when none of them
    enrols a student (I246's fact); else ""."""
    kept = options.kept_over_break
    if kept is None or not kept.ids or len(calendar.kept_emptied & kept.ended.keys()) < len(kept.ids):
        return ""
    return f"{kept.term!r} (ended {kept.last.isoformat()})"


def _break_night(
    options: RunOptions,
    plan: Plan,
    sources: dict[str, read.SourceFile],
    report: Report,
    calendar: run_stage.Calendar,
) -> break_kept.Kept | None:
    """A break between terms (I288): nothing due if nothing changed since the last set; else made again
    with the ended term's classes kept (break_kept.KeepOverBreak), or published as made when an earlier
    break night removed them all (break_kept.removed_earlier, I246), or refused when none of them is
    left to keep (X895, saying what changed). The night made so is said (I245; I246 when every class
    kept had no student left, break_kept.emptied), or, a break of semester classes only (F443) whose
    people did not change, said as F443 again. Returns the break a set published tonight is judged by
    (last.json's terms_judged_on), if any. Said as I246 (the ended classes enrol no student), the
    night's enrolments naming many classes the sections export lacks are refused instead (X892)."""
    if report.later_term_break is not None:
        if report.later_term_refused is None:
            raise report.later_term_break  # a break between terms (I288): the last set stays, exit 0
        changed = _people_changed(report)
        found = break_kept.classes_to_keep(report.later_term_paused, calendar.ended, _last_set(options))
        if found is not None:  # published with the ended classes kept; unchanged, only if none has a student
            raise break_kept.KeepOverBreak(
                dataclasses.replace(found, held=report.later_term_break, quiet_kept=not changed)
            )
        if not changed:
            raise report.later_term_break
        gone = break_kept.removed_earlier(report.later_term_paused, calendar.ended, _last_set(options))
        if gone is not None:  # their sections without students, removed on an earlier break night
            if _break_unheld(options, plan, sources, report):
                return None  # the new term's enrolments beside the ended term's sections (X892)
            report.add(codes.code("break-classes-ended"), Where(), **break_kept.said(gone), already=ALREADY)
            return gone
        report.add_problem(_changes_said(report.later_term_refused, report))  # no class of the last set to keep
    if (kept := options.kept_over_break) is not None and _kept_night(options, plan, sources, report, calendar, kept):
        return None  # the new term's enrolments beside the ended term's sections (X892)
    return options.kept_over_break


def _kept_night(
    options: RunOptions,
    plan: Plan,
    sources: dict[str, read.SourceFile],
    report: Report,
    calendar: run_stage.Calendar,
    kept: break_kept.Kept,
) -> bool:
    """`_break_night`'s night made again keeping the ended term's classes (`kept`): I288 or F443 again
    if nothing changed, else said (I245; I246 when none of them has a student left), or refused (X892:
    returned True)."""
    if kept.quiet is not None and not _people_changed(report):
        raise kept.quiet  # a break of semester classes only, nothing changed: F443 as before
    if kept.held is not None and not _changed(report):
        raise kept.held  # the set kept is the last set: the break (I288), nothing due, exit 0
    removed = sorted(calendar.kept_emptied & kept.ended.keys())
    ended = bool(kept.ids) and len(removed) == len(kept.ids)  # none of them with a student: the term's end
    if kept.quiet_kept and kept.held is not None and not ended:
        raise kept.held  # nobody changed and the export still enrols students in them: I288
    if ended and _break_unheld(options, plan, sources, report):
        return True  # the new term's enrolments beside the ended term's sections (X892)
    if ended:
        count = f"the {len(removed)} the last published set held are removed, as the term's end (X937)"
        report.add(codes.code("break-classes-ended"), Where(), **break_kept.said(kept, removed), already=count)
    else:
        report.add(codes.code("break-classes-kept"), Where(), **break_kept.said(kept, removed))
    return False


ALREADY = "the last published set holds none of them already"


def _check_course_twice(
    options: RunOptions,
    report: Report,
    *,
    previous: Path | None,
    staged: Path,
    current: Mapping[str, Term],
) -> None:
    """Classes added tonight of a course the last set held in another term still kept, both running tonight,
    most of the added class's students in the held one (pipeline.course_twice, X868); not against a set
    --previous names."""
    if options.previous is not None:
        return
    found = course_twice.found(previous, staged, current, options.as_of)
    course_twice.gate(found, report, allow_rollover=options.allow_rollover)


def _term_ends(calendar: run_stage.Calendar) -> dict[str, dt.date]:
    """The last days of tonight's classes' terms and of those the term filter left out as ended, by the
    term's name ("Semester 1"; an ended class's as its `why` names it): X971 tells a break by them."""
    ends = {ended.why.rsplit(" ended ", 1)[0]: ended.end for ended in calendar.ended.values()}
    for key, term in calendar.named.items():
        name = term.name or key
        ends[name] = max(term.end, ends.get(name, term.end))
    return ends


def _held_terms(options: RunOptions) -> HeldTerms | None:
    """The terms the last published set was made with (gate.held_terms); --allow-rollover accepts a term
    of it dated tonight as ended before it was made (pipeline.term_moved_back, X840)."""
    held = gate.held_terms(options.out_dir)
    if held is None or not options.allow_rollover:
        return held
    return dataclasses.replace(held, moved_back_allowed=True)


def _terms_carried(options: RunOptions, judged: break_kept.Kept | None) -> dict[str, Term]:
    """The ended term of a break whose classes tonight's set no longer holds (break_kept.removed_earlier,
    emptied), as last.json recorded it: kept there, so that the night the break is due, with still no
    class of a later term exported, is refused (X895) as it is after a break night keeping them."""
    held = gate.held_terms(options.out_dir) if judged is not None and judged.term_ids else None
    if held is None or judged is None:
        return {}
    return {key: term for key, term in held.terms.items() if key in judged.term_ids}


def _named_carried(options: RunOptions, terms: Mapping[str, Term]) -> dict[str, Term]:
    """The later terms the last set's classes named (last.json's terms_named) not yet ended on the
    as-of date, and not among tonight's `terms`: kept in tonight's record. A year-long class exported
    without its next marking periods on a break night (SCHD_MS_MP without MP3, MP4) named them no
    more, and on MP3's first day nothing was due at exit 0 (reviewer128 R1): the first day is refused
    by the carried dates (filters._terms_run_on, X977)."""
    held = gate.held_terms(options.out_dir) if options.as_of is not None else None
    if held is None or options.as_of is None:
        return {}
    return {key: term for key, term in held.named.items() if key not in terms and term.end >= options.as_of}


def _usernames_held(options: RunOptions) -> Path | None:
    """The set whose users keep their usernames tonight (pipeline.usernames): the copy the server was
    last sent while a later set waits, else the last published set (`_last_set`). A damaged record is
    said by the gate."""
    if options.previous is None:
        with contextlib.suppress(TransformAbort):
            if delivered := delivery_state.last_delivered_set(options.out_dir, delivery_state.read(options.out_dir)):
                return delivered
    return _last_set(options)


def _orphans_carried(options: RunOptions, state: dict[str, Any]) -> dict[str, str]:
    """The students OUT's last sets published with no parent, counted on tonight (orphans_gate); none
    against a set --previous names."""
    if options.previous is not None:
        return {}
    return orphans_gate.carried(state, tonight=options.as_of, state_folder=gate.state_folder(options.out_dir))


def _last_set(options: RunOptions) -> Path | None:
    """The last published set's folder: --previous, else OUT, else (OUT emptied or moved by a pick-up
    job) the copy of it kept with --keep. The IDs a set keeps (its sessions' published IDs, break_kept's
    classes) are read there: read from an emptied OUT, an upgrade night renamed 18 classes' terms for a
    strict consumer at exit 0 (reviewer71 R2). OUT's set damaged since (`set_damage`, said by the gate:
    F450) is none: read, it stopped the run with a traceback (reviewer82 R9)."""
    if options.previous is not None:
        return options.previous
    whole = not set_damage.damaged(options.out_dir)
    if whole and (options.out_dir / "users.csv").is_file():
        return options.out_dir
    copy = None
    with contextlib.suppress(TransformAbort):  # a damaged record is said by the gate
        state = gate.read_state(options.out_dir) if options.out_dir.is_dir() else {}
        copy = gate.kept_copy(options.out_dir, state.get("published_at")) if state.get("published_at") else None
    return copy or (options.out_dir if whole and options.out_dir.is_dir() else None)


def _values_before(options: RunOptions, state: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]] | None:
    """The record of the last set's parents whose rows disagreed or were blank (edited_values.FACT):
    OUT's own (`state`, read once by the run, written with the set it describes). When --previous
    names another folder, None: unknown, the guardian book's own choice exactly as before the rule.
    Nothing ties a record beside that folder to the set in it (review157 R1: a staging pipeline
    copying STAGING over LIVE leaves LIVE's record of an older night beside a newer set; the record
    trusted there published a value main would not at exit 0, or flipped a parent's email nightly),
    and sets recur byte for byte, so no hash can tell which night a record is of."""
    previous = options.previous
    if previous is None or previous.resolve() == options.out_dir.resolve():
        return edited_values.recorded(state)
    return None


def _changes_said(refused: Problem, report: Report) -> Problem:
    """X895 on a break night whose people changed but none of whose ended classes the last set held is
    in tonight's export (break_kept keeps none): the changes that made it no I288 night, by count."""
    changes = report.facts.get("changes") or {}
    kinds = ("added", "removed", "changed")
    said = [
        f"{table}: " + ", ".join(f"{count} {kind}" for kind in kinds if (count := done.get(kind)))
        for table, done in changes.items()
        if table in ("users", "demographics", "classes", "enrollments") and any(done.get(kind) for kind in kinds)
    ]
    none = f"{refused.params['none']}; and tonight's set changed since the last ({'; '.join(said)})"
    return dataclasses.replace(refused, params={**refused.params, "none": none})


def _gate_and_publish(
    options: RunOptions,
    plan: Plan,
    sources: dict[str, read.SourceFile],
    staging: Staging,
    report: Report,
    *,
    calendar: run_stage.Calendar,
    delivery: Delivery | None,
    now: dt.datetime,
) -> RunResult:
    """The staged set through the safety gate; published (and delivered) unless refused."""
    seconds, begun = report.facts.setdefault("seconds", {}), time.perf_counter()
    listed_before = gate.removals_written_at(options.out_dir)
    quiet = options.kept_over_break.quiet if options.kept_over_break is not None else None
    if quiet is not None and not report.rows_written.get("classes.csv"):
        raise quiet  # a break of semester classes only, none of the last set's in tonight's export: F443 as before
    if options.kept_over_break is not None:  # the kept classes left with no student: ended with the term
        calendar.ended.update(break_kept.emptied(options.kept_over_break, calendar.kept_emptied))
    if not report.aborts:
        with set_sql.reading(staging.path, staging.path):
            _safety_gate(
                options,
                plan,
                sources,
                staging,
                report,
                ended=calendar.ended,
                current=calendar.current,
                sessions=calendar.sessions,
                guardian_groups=calendar.guardian_groups,
                exported=calendar.exported,
                excluded=calendar.excluded,
                ended_empty=_kept_emptied(options, calendar)
                or unheld_classes.ended_unnamed(report, calendar.ended, calendar.current),
                emptied=calendar.emptied,
                empty_at=calendar.empty_at,
                spanning=calendar.spanning,
            )
        seconds["safety gate"] = round(time.perf_counter() - begun, 3)
    if options.strict and not report.aborts:
        _strict_gate(report)
    judged = _break_night(options, plan, sources, report, calendar) if not report.aborts else None
    if report.aborts:
        held_back.refused(report)  # X801, I233 said before the refusal: nothing published
        # Tonight's set is refused; the one OUT holds, published on an earlier night whose upload
        # failed, is still the one to send (review36: it waited until a night was published).
        _send_waiting(options, delivery, report, now=now)
        if options.previous is None and options.as_of is not None:  # X805's carry stops ageing (orphans_gate)
            orphans_gate.note_refused(gate.state_folder(options.out_dir), options.as_of)
        return RunResult(report, max(p.code.exit_status for p in report.aborts), list(report.aborts))
    if delivery is not None:  # waits until its upload is recorded, whatever stops the run first
        _remember(delivery_state.mark_pending, options, report, target=str(delivery[0]), now=now)
    prefixes = identity.prefixes(plan.rules.get("users", ()))
    # Marked before the swap, unmarked once the state records the set: a run killed between the
    # two leaves the mark, and the next one brings the state up to OUT (pipeline.publishing).
    record = _state_record(options, plan, sources, staging, report, calendar=calendar, judged=judged, now=now)
    written = publishing.begin(options.out_dir, staging.path, record=record, prefixes=prefixes, today=now.date())
    try:
        staging.publish()
    except BaseException:
        publishing.abandon(options.out_dir)
        raise
    report.published = True
    gate.forget_stale_removals(options.out_dir, listed_before)
    orphans_gate.forget_refused(gate.state_folder(options.out_dir))
    begun = time.perf_counter()
    _after_publish(options, report, now=now, identity_prefixes=prefixes, record=record, record_text=written)
    seconds["after publishing"] = round(time.perf_counter() - begun, 3)
    # Still under the lock (released by the caller): a second run cannot publish or upload
    # until this delivery has ended, so the server never holds a mix of two nights.
    if delivery is not None and not _deliver(options, delivery, report, now=now):
        return RunResult(report, EXIT_NOT_PUBLISHED)
    # Published, but a file the run was asked for (the zip, the state) was not written, or user
    # IDs now name another person under the limit (X939), or people are under new IDs under the
    # limit (X958), or classes are (X919), or most students' emails are a guardian's (V609): a
    # person must look.
    failed_after = report.counts.get(codes.code("after-publish-failed").id)
    checked = words.to_check(report) or words.counted_to_check(report)
    return RunResult(report, EXIT_NOT_PUBLISHED if failed_after or checked else EXIT_PUBLISHED)


def _state_record(
    options: RunOptions,
    plan: Plan,
    sources: dict[str, read.SourceFile],
    staging: Staging,
    report: Report,
    *,
    calendar: run_stage.Calendar,
    judged: break_kept.Kept | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """What last.json says of the staged set, once published (gate.state_record and what it keeps of
    the set's files and the exports)."""
    columns = {name: source.index.keys() for name, source in sources.items()}  # a column lost, later (I201)
    terms = {**_terms_carried(options, judged), **calendar.current}
    named = {**_named_carried(options, terms), **calendar.named}
    record = gate.state_record(report, now=now, as_of=options.as_of, terms=terms, columns=columns, named=named)
    if judged is not None:  # its classes' terms judged as of their last day (break_kept)
        record["terms_judged_on"] = judged.last.isoformat()
    # Each file's hash: a set sent again on a later night is sent only whole and unchanged (tester47 F5).
    record["files"] = delivery_state.fingerprints(staging.path)
    if system := sis_switch.named(plan.settings):  # the SIS the profile names: a change said (sis_switch)
        record[sis_switch.KEY] = system
    if sessions := session_variants.published_sessions(staging.path):  # the IDs kept with OUT moved (reviewer71 R2)
        record["sessions"] = {key: list(dates) for key, dates in sorted(sessions.items())}
    # an export cut at a line's end, later (X884): enrolments and guardians exports
    also = guardian_tails.guardian_exports(plan) | joined_tails.judged_exports(plan)
    record["tails"] = tails.record(sources.values(), plan, also)
    if nulls := _nulls_kept(options, sources):  # read so again (I227)
        record[sql_nulls.KEY] = nulls
    if held_places := report.facts.get(held_back.KEY):  # the terms held back tonight: asked once (X801), then I233
        record[held_back.KEY] = held_places
    if terms_published := held_back.published(report, staging.path):  # held_back's last set with OUT emptied
        record[held_back.TERMS_KEY] = terms_published
    if (conditions := report.facts.get(own_keep_outs.CONDITIONS_KEY)) is not None:  # changed, later (X886's Next)
        record[own_keep_outs.CONDITIONS_KEY] = conditions
    if report.keep_out_left:  # the people a keep-out column left out, back blank later (X877)
        record[blanked_keep_out.KEY] = report.keep_out_left
        record[blanked_keep_out.MOVED] = report.keep_out_moved
        record[blanked_keep_out.SINCE] = report.keep_out_since
    _asked_record(report, record, gate.state_folder(options.out_dir))
    if plan.target.unique_usernames and (held := report.usernames_held):
        record.update(usernames_held.entries(held))  # each user's username kept with OUT emptied (reviewer87 R1)
    return record


def _asked_record(report: Report, record: dict[str, Any], state: Path) -> None:
    """What last.json keeps of the things asked once: not asked again while unchanged. P131's are kept
    with those asked before (a value absent one night and back, a count dipping under a threshold, is not
    asked again: review194 R4); a hash a value, they are few, and a hash has no date to age it out by."""
    if pairs := report.facts.get(student_twice.KEY):  # V553's pairs said: not said again (student_twice)
        record[student_twice.KEY] = pairs
    if values := {*report.facts.get(leaver_values.KEY, ()), *gate.recorded_hashes(state, leaver_values.KEY)}:
        record[leaver_values.KEY] = sorted(values)  # P131's values asked, tonight's and before: not asked again
    if rows := report.facts.get(suspect_drops.KEY):  # I277's rows asked: not asked again while unchanged
        record[suspect_drops.KEY] = rows
    if seen := report.facts.get(gate.NEW_ROWS_SEEN):  # named and absent on a published night: not X722's (new_tail)
        record[gate.NEW_ROWS_SEEN] = seen


def _aides_as_teachers(profile: load.LoadedProfile, options: RunOptions, report: Report) -> list[Problem]:
    """P132 on a first set (no last.json) or the first after the profile changed: a warning, said once."""
    with contextlib.suppress(TransformAbort):  # damaged: X930 at the gate
        state = gate.read_state(options.out_dir)
        if state.get("profile_digest") and not report.facts.get("profile_changed"):
            return []
    return aide_roles.aides_as_teachers(profile)


def _nulls_kept(options: RunOptions, sources: dict[str, read.SourceFile]) -> list[str]:
    """The exports last.json's `sql_nulls` names for the next night: those read tonight with SQL's
    NULL marker, and those the last published set named that are read still (reviewer160 R3: a
    night without a NULL forgot it, and a lone NULL the night after was published as text)."""
    last = _nulls_read(options.out_dir)
    return sorted(name for name, source in sources.items() if source.blank or name in last)


def _nothing_due(
    pause: NothingDue,
    options: RunOptions,
    delivery: Delivery | None,
    report: Report,
    *,
    clock: tuple[int, str] | None,
    now: dt.datetime,
    locked: bool,
) -> RunResult:
    """F421/F422 naming the last set delivered, and the night paused (`_paused`). A set sent
    tonight is the last delivered: said so, not the one read before the send (tester47 F7.6).
    A break between terms of semester classes only (F443) is made again first, the ended classes
    kept (break_kept): published if people changed, else F443 again. A pause not believed (X859:
    the school year over by class rows dated on one side only) is refused, unless --allow-incomplete."""
    if pause.unsure is not None and not options.allow_incomplete:
        report.add_problem(pause.unsure)
        return _refused(options, delivery, report, TransformAbort([pause.unsure]), locked=locked, now=now)
    if options.kept_over_break is None and (keep := break_kept.of_pause(pause, _last_set(options))) is not None:
        raise break_kept.KeepOverBreak(keep) from None
    said = pause.problem(_last_sent(options))
    report.add_problem(said)
    if pause.unsure is not None:  # --allow-incomplete took it as right: said (F453), exit 1, every night
        half_dated.taken_as_right(report, pause.unsure)
    if options.allow_rollover:  # the flag accepted nothing tonight: said, with the night it is for (I299)
        report.add_problem(new_year.unused(pause))
    try:
        _record_moved_back(options, report)
    except OSError as exc:  # the acceptance not kept: the next night says X840 again
        problem = _machine_problem(exc, options, report, staged=True)
        report.add_problem(problem)
        return RunResult(report, EXIT_NOT_PUBLISHED, [problem])
    paused = _paused(options, delivery, report, clock=clock, now=now)
    # a --term kept in the job into the summer, or a pause --allow-incomplete took as right: a person corrects it
    if words.terms_ended_to_check(report) or pause.unsure is not None:
        paused.exit_status = max(paused.exit_status, EXIT_NOT_PUBLISHED)
    if report.counts.get(codes.code("uploaded").id):
        for kept in report.examples.get(said.code.id, []):
            kept.params["last"] = _last_sent(options)
    return paused


def _record_moved_back(options: RunOptions, report: Report) -> None:
    """The ends of the last set's terms --allow-rollover accepted tonight as ended before that set was
    made (term_moved_back.ACCEPTED), kept in OUT's last.json with those accepted before: the nights of
    the break after it are not refused for them again (reviewer110 R4). Nothing else of it changes."""
    accepted = report.facts.get(term_moved_back.ACCEPTED)
    if not accepted:
        return
    path = gate.state_folder(options.out_dir) / "last.json"  # whose terms held_terms read tonight
    try:
        state = gate.read_record(path)
    except TransformAbort:  # damaged since held_terms read it: the next night stops on it (X930)
        return
    if not state.get("published_at"):
        return
    state[term_moved_back.ACCEPTED] = {**state.get(term_moved_back.ACCEPTED, {}), **accepted}
    with naming(path):
        gate.write_record(options.out_dir, state)


def _paused(
    options: RunOptions,
    delivery: Delivery | None,
    report: Report,
    *,
    clock: tuple[int, str] | None,
    now: dt.datetime,
) -> RunResult:
    """A night with nothing due (F421, F422): nobody must act (exit 0), but for Remind's 90 days.
    A set waiting to be delivered is sent; from day 80 (tester29 F4), with --upload the set OUT
    holds goes up again, as a person would by hand, and without it a person must (X996, exit 1)."""
    sent = _send_waiting(options, delivery, report, now=now)
    if sent is None and clock is not None and clock[0] > gate.OVERDUE_DAYS:
        if delivery is None:
            problem = _upload_due_by_hand(options.out_dir, clock)
            report.add_problem(problem)
            return RunResult(report, EXIT_NOT_PUBLISHED, [problem])
        sent = _send_again(options, delivery, report, now=now, waiting=False)
    # A set OUT no longer holds whole is not sent (X893): said as a refusal is, first and in full,
    # and the verdict names it, not "nothing is due yet" (tester49 F9).
    return RunResult(report, EXIT_NOT_PUBLISHED if sent is False else EXIT_PUBLISHED, _not_sent(report, sent))


def _refused(
    options: RunOptions,
    delivery: Delivery | None,
    report: Report,
    abort: TransformAbort,
    *,
    locked: bool,
    now: dt.datetime,
) -> RunResult:
    """A run refused: the set OUT holds, waiting since its upload failed, is sent (under the lock,
    `locked`); one OUT no longer holds whole (X893) is said with the refusal."""
    due = locked and abort.exit_status == EXIT_NOT_PUBLISHED
    sent = _send_waiting(options, delivery, report, now=now) if due else None
    return RunResult(report, abort.exit_status, [*abort.problems, *_not_sent(report, sent)])


def _not_sent(report: Report, sent: bool | None) -> list[Problem]:
    """X893, when a set was to be sent again (`sent` False) and OUT no longer held it whole."""
    return [p for p in report.aborts if p.code.slug == "resend-set-not-whole"] if sent is False else []


def _send_waiting(options: RunOptions, delivery: Delivery | None, report: Report, *, now: dt.datetime) -> bool | None:
    """The set OUT holds, published and never delivered (its upload failed, its run was
    stopped, or it was published without --upload: a job rerun by hand, tester34 F1), sent on a
    night that publishes none, as the next run always does (tester10 2).
    None when nothing waits; else whether it was delivered. Under the run's lock."""
    if delivery is None or not delivery_state.read(options.out_dir).get("pending_since"):
        return None
    return _send_again(options, delivery, report, now=now, waiting=True)


def _send_again(
    options: RunOptions, delivery: Delivery, report: Report, *, now: dt.datetime, waiting: bool
) -> bool | None:
    """The set OUT holds, sent once more: one never delivered (`waiting`), or, on a night with
    nothing new to publish, one delivered long ago, before Remind's 90 days run out (X927: what
    a person would do by hand; a failed send leaves the record as it was: no set waits, and the
    next night, still past day 80, sends again). None when no set was published; False, said
    (X893), when OUT no longer holds the set published, whole and unchanged. Under the lock."""
    state = gate.read_state(options.out_dir)
    if not state.get("published_at") and not (options.out_dir / "users.csv").is_file():
        return None
    if why := delivery_state.not_whole(options.out_dir):
        report.add(
            codes.code("resend-set-not-whole"),
            Where(),
            out=options.out_dir,
            published_at=state.get("published_at") or "last",
            detail=why,
            target=delivery[0],
        )
        return False
    if options.zip_path is not None:
        # From OUT, whatever is at the path: a zip not written the night OUT's set was published,
        # or one of an older set (its run killed after the swap, before its zip: tester34 F6; a
        # set published by hand without --zip: F1).
        try:
            write_zip(options.out_dir, options.zip_path)
        except OSError:  # nothing sent: a stale zip is never delivered as OUT's set
            with contextlib.suppress(OSError):
                options.zip_path.unlink(missing_ok=True)
    return _deliver(options, delivery, report, now=now, record_failure=waiting)


def _upload_due_by_hand(out: Path, clock: tuple[int, str]) -> Problem:
    """X996: nothing new to publish, no --upload, and the set last reached Remind (published, or
    recorded as uploaded by hand) over 80 days ago: a person must upload it before day 90."""
    days, since = clock
    return Problem(codes.code("upload-due-by-hand"), Where(), {"out": out, "days": days, "since": _local_day(since)})


def record_uploaded(out: Path, *, now: dt.datetime | None = None) -> str:
    """`transform uploaded OUT`: a person uploaded the set OUT holds by hand; the 90-day clock
    (X909, X927, X996) counts from now, as after a delivery by --upload (delivered.json, whose
    copy of the set delivered is OUT's). Refused (exit 2) where OUT holds no set this tool
    published; X914 while a run holds OUT. Returns the moment recorded."""
    now = now or dt.datetime.now(dt.UTC)
    state = gate.read_state(out)
    if not state.get("published_at") or not (out / "users.csv").is_file():
        detail = f"{out} holds no set this tool published (no {gate.state_folder(out) / 'last.json'}); nothing recorded"
        raise TransformAbort([Problem(codes.code("bad-option"), Where(), {"option": "OUT", "detail": detail})])
    from transform.pipeline.write import hold_lock

    lock = hold_lock(gate.state_folder(out), out)
    try:
        delivery_state.record_delivered(out, target=BY_HAND, now=now)
    finally:
        lock.close()
    return now.isoformat(timespec="seconds")


BY_HAND = "Remind (uploaded by hand)"


def _explain_log(path: Path, *, redact: bool) -> ExplainLog:
    try:
        return ExplainLog(path, redact=redact)
    except OSError as exc:
        raise TransformAbort(
            [
                Problem(
                    codes.code("bad-option"),
                    Where(),
                    {"option": "--explain", "detail": f"{path}: {exc.strerror or exc}"},
                )
            ]
        ) from None


def _check_clock(options: RunOptions, report: Report, *, now: dt.datetime) -> tuple[int, str] | None:
    """Remind drops a district after 90 days without an upload: warn from day 80, counted from
    the last delivery with --upload, else from the last published set or, when later, the last
    upload recorded by hand (`transform uploaded`). The days and the moment counted from; None
    before any."""
    if options.upload:
        sent = delivery_state.read(options.out_dir)
    else:  # only an upload recorded by hand counts; a record this run does not deliver by is not its to refuse
        try:
            sent = delivery_state.read(options.out_dir)
        except TransformAbort:
            sent = {}
    if options.upload and sent:
        from transform.pipeline import deliver

        try:
            tonight = str(deliver.parse_target(options.upload))
        except deliver.DeliveryError:  # refused before any export is read (_delivery)
            tonight = ""
        delivery_state.check(sent, report, now=now, tonight=tonight, out_dir=options.out_dir)
        since = sent.get("delivered_at") or sent.get("pending_since")
        days = gate.days_since(since, now)
        return None if days is None else _not_ahead(days, str(since), "delivered.json", report, now=now)
    state = gate.read_state(options.out_dir)
    published, by_hand = state.get("published_at"), sent.get("delivered_at") if not options.upload else None
    published_days, by_hand_days = gate.days_since(published, now), gate.days_since(by_hand, now)
    if by_hand_days is not None and by_hand_days >= 0 and published_days is not None and published_days < 0:
        published_days = None  # a publish stamped ahead of the clock: the hand upload recorded since counts
    if by_hand_days is not None and (published_days is None or by_hand_days < published_days):
        delivery_state.check({"delivered_at": by_hand, "target": sent.get("target", BY_HAND)}, report, now=now)
        return _not_ahead(by_hand_days, str(by_hand), "delivered.json", report, now=now)
    gate.check_overdue(state, report, now=now)
    return None if published_days is None else _not_ahead(published_days, str(published), "last.json", report, now=now)


def _not_ahead(days: int, since: str, record: str, report: Report, *, now: dt.datetime) -> tuple[int, str]:
    """(days, since) of the moment the 90 days are counted from; one recorded after tonight (the
    machine's clock ran fast when it was written: a VM restored from a snapshot, an NTP server gone
    wrong) is said (X920) and counted as past day 80: read as 'in the future', it kept Remind's
    90 days from ever running out until the real date passed it (tester34 F5), so a nothing-due
    night sends the set again with --upload (which records the right date), or asks a person to."""
    if days >= 0:
        return days, since
    report.add(
        codes.code("clock-record-ahead"),
        Where(file=record),
        record=record,
        since=since,
        today=now.astimezone().date().isoformat(),
    )
    return gate.OVERDUE_DAYS + 1, since


def _last_sent(options: RunOptions) -> str:
    """The set the server holds (with --upload), else the one OUT holds, for a paused run: named
    by its as-of date, as tonight's is; the day it was sent or published only where it is
    another (a run with --as-of pinned, tester10), never a clock date beside an as-of date
    unsaid. A record written before the as-of date was kept: the day alone, as the day."""
    if options.upload:
        record, what, done, none = delivery_state.read(options.out_dir), "the last set delivered", "sent", "delivered"
        when = record.get("delivered_at")
    else:
        record, what, done, none = gate.read_state(options.out_dir), "the last published set", "published", "published"
        when = record.get("published_at")
    if not isinstance(when, str) or not when:
        return f"no set {none} yet"
    day = _local_day(when)
    as_of = record.get("as_of")
    if not isinstance(as_of, str) or not as_of:
        return f"{what} was {done} on {day}"
    return f"{what} is as of {as_of}" + ("" if day == as_of else f" ({done} on {day} by the clock)")


def _local_day(stamp: str) -> str:
    """The day of a recorded moment where the run is (its night), else as written."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().date().isoformat()
    except (ValueError, TypeError, OverflowError):
        return stamp[:10]


def _hold_back(
    report: Report, staging: Staging, *, previous: Path | None, state: Mapping[str, Any], as_of: dt.date
) -> None:
    """A later night's new classes of terms not running taken out of the staged set (held_back, X801, I233).
    The gate's reader needs no forgetting: it keeps a file's header and exactness only, which dropping whole
    lines leaves as they were, and nothing reads these files through it before (review159 R6)."""
    held_back.hold_back(report, staging, previous=previous, state=state, as_of=as_of.isoformat())


def _first_set_facts(report: Report, *, held: bool, recorded: bool) -> None:
    """first_set: no last set held nor recorded; uncompared (said only then): counts recorded, no set
    to compare by ID (OUT emptied), which gets the checks a first set gets (D302, tester56 T1)."""
    report.facts["first_set"] = not held and not recorded
    if recorded and not held:
        report.facts["uncompared"] = True


def _read_before(plan: Plan, state: Mapping[str, Any], tonight: Collection[str]) -> dict[str, int]:
    """The rows each export held when the last set was made (last.json), of the exports tonight's
    profile reads: one a changed profile no longer reads (another SIS's cc.txt), or whose export it
    reads tonight from another file (schools.csv for PowerSchool's schools.txt), did not shrink
    (tester83 T2: X906 said "cc.txt has 0 rows, 480 when the last set was made"). `tonight`: the
    files read tonight. An export read from one file tonight, from others then (students.txt, now
    students.csv), is compared with their total (reviewer183: it was not compared at all)."""
    before = state.get("rows_read") or {}
    kept: dict[str, int] = {}
    moved: collections.Counter[str] = collections.Counter()  # a source's one file tonight: its files' rows then
    for file, rows in before.items():
        if file in tonight:  # read tonight from the same file
            kept[file] = rows
            continue
        for source in (s for s in plan.sources.values() if read.matches_source(file, s)):
            now = [f for f in tonight if read.matches_source(f, source)]
            if not now:  # an export tonight's profile reads, missing tonight
                kept[file] = rows
            elif len(now) == 1 and now[0] not in before:  # read tonight from another file
                moved[now[0]] += int(rows)
    return kept | dict(moved)


def _term_dates(
    record: Mapping[str, Any], current: Mapping[str, Term], *, switched: bool, every: bool = False
) -> tuple[class_gate.Dates, class_gate.Dates]:
    """The terms' dates by term ID: the compared set's, as its last.json `record` kept them, and
    tonight's, that class_gate.dated_terms lets find a class whose term ID changed with it, its
    dates the same (tester83 T4), on a night the profile's source system changed (`switched`)."""
    terms = record.get("terms")
    then = {
        str(key): (str(value[1]), str(value[2]))
        for key, value in (terms.items() if isinstance(terms, Mapping) else ())
        if isinstance(value, list) and len(value) == 3
    }
    tonight = {key: (term.start.isoformat(), term.end.isoformat()) for key, term in current.items()}
    return (then, tonight) if every else class_gate.dated_terms(switched, then, tonight)


def _compared_record(
    state: Mapping[str, Any], named: Path | None, *, previous: Path | None, out: Path
) -> Mapping[str, Any]:
    """The last.json of the set the gate compares with: the state folder's of the set --previous
    names (reviewer186 R3: its terms' dates were not read), OUT's for OUT's set; {} for another
    (the last delivered set, a stand-in), whose record OUT's is not."""
    if named is not None:
        return sis_switch.record_of(named)
    return state if previous == out else {}


def _sources_read(plan: Plan) -> set[str]:
    """The sources a run reads for its target: those of the rules of the tables it writes (and their joins). The
    Remind target writes no academicSessions or courses: an export only their rules read is never read, and was
    refused every night as empty (X910, review205); its sessions are read still for a term filter naming the
    classes' term IDs (Run.sessions_left_out)."""
    tables = set(plan.target.files)
    if plan.current_term is not None and plan.current_term.term_ids:
        tables.add("academicSessions")
    return {
        name
        for table, rules in plan.rules.items()
        if table in tables and not (plan.users_only and table in run_stage.CLASS_TABLES)
        for rule in rules
        for name in (rule.source, *(j.source for j in rule.joins.values()))
    }


def _safety_gate(
    options: RunOptions,
    plan: Plan,
    sources: dict[str, read.SourceFile],
    staging: Staging,
    report: Report,
    *,
    ended: dict[str, Ended],
    current: Mapping[str, Term],
    sessions: Mapping[str, str] | None = None,
    guardian_groups: Mapping[int, IdSet] | None = None,
    exported: TermsExported | None = None,
    excluded: Sequence[excluded_schools.Unmatched] = (),
    ended_empty: str = "",
    emptied: Mapping[tuple[str, str], int] | None = None,
    empty_at: Mapping[str, tuple[str, str]] | None = None,
    spanning: Collection[str] = (),
) -> None:
    out = options.out_dir
    owners_read: tuple[dict[str, set[str]], Container[str]] | None = None  # teacher_gate's, for owners_lost
    state = gate.read_state(out)
    gate.check_as_of(
        state,
        report,
        as_of=options.as_of,
        today=(options.now or dt.datetime.now(dt.UTC)).astimezone().date(),
        allowed=options.allow_earlier_as_of,
        by_clock=options.as_of_by_clock,
    )
    since = gate.made_since(state, report.facts)
    if options.users_only:  # not an export cut short: the run reads none of the class exports
        since += words.USERS_ONLY_SINCE
    # A condition of the district's own that matches no row is theirs to look at (P113) when the
    # profile is new to this set: a first set, or one changed since the last was published.
    report.facts["profile_changed"] = gate.profile_changed(state, report.facts)
    sent = delivery_state.read(out) if options.upload else {}
    in_use = _sources_read(plan)
    required = [s.display for name, s in sources.items() if plan.sources[name].required and name in in_use]
    lost = gate.lost_exports(
        state,
        {name: s for name, s in plan.sources.items() if name in in_use and name not in sources and not s.required},
        present={s.display for s in sources.values()},
    )
    shrunk = gate.check_inputs(
        report,
        state,
        required=required,
        optional=[s.display for name, s in sources.items() if not plan.sources[name].required and name in in_use],
        lost=[dataclasses.replace(gone, feeds=_feeds(plan, sources, name)) for name, gone in lost.items()],
        allow_rollover=options.allow_rollover,
        no_bytes=frozenset(s.display for s in sources.values() if not s.header),
        class_only=_class_exports(plan, sources) if options.previous is None else (),
    )
    if not state.get("rows_read"):  # a first set: no last set's birth dates to hold it to (tester70 S5)
        _no_birth_dates(report, plan, sources)
    # An export cut short is no new term or school year: --allow-rollover left in a nightly job published
    # a cut cc.txt or contacts.csv at exit 0, unsaid (tester74 F1). --allow-incomplete, which the refusals
    # name, publishes it said, exit 1 (F451), each night it does.
    # Under --allow-rollover the lines of people gone from every export are the removals it accepts.
    tails.check(
        report,
        state,
        sources,
        plan,
        staged=staging.path,
        allowed=options.allow_incomplete,
        removals_accepted=options.allow_rollover,
    )
    guardian_tails.check(
        report,
        state,
        sources,
        plan,
        staged=staging.path,
        allowed=options.allow_incomplete,
        removals_accepted=options.allow_rollover,
        last_set=out if out.is_dir() else None,
    )
    joined_tails.check(report, state, sources, plan, staged=staging.path, allowed=options.allow_incomplete)
    people = unheld_classes.people_exports(plan, sources)  # whose IDs a class column may hold instead
    unheld_classes.settle(report, staging.path, ended_empty=ended_empty, people=people)  # classes not held
    judged = gate.check_complete(
        report,
        required=required,
        fed=_fed_tables(plan, sources, report),
        limit=gate.export_limit(plan.settings.get("max_removal"), options.max_removal),
        allow_incomplete=options.allow_incomplete,
    )
    ids_two_ways.check(report, allow_incomplete=options.allow_incomplete)  # many IDs written otherwise (X810)
    judged |= kind_rows.check_kinds_complete(
        plan,
        {name: s for name, s in sources.items() if s.display in required},
        report,
        limit=gate.export_limit(plan.settings.get("max_removal"), options.max_removal),
        allow_incomplete=options.allow_incomplete,
    )
    delivered = delivery_state.last_delivered_set(out, sent) if options.previous is None else None
    previous = options.previous or delivered or (out if out.is_dir() else None)
    if delivered is not None:  # the gate's refusals say which set they compare with (gate.against)
        report.facts["compared_with"] = "delivered set"
    if options.previous is None:  # OUT emptied, deleted or edited since its set was published: a kept copy
        was_out = previous == out
        changed = delivery_state.changed_in_place(out, state) if was_out else []
        previous = gate.stand_in(out, previous, state, report, changed=changed)
        previous = set_damage.read_past(out, previous, report, scratch=staging.scratch) if was_out else previous
    held = previous is not None and (previous / "users.csv").is_file()  # a set to compare by ID
    compared = _compared_record(state, options.previous, previous=previous, out=out)
    sis_switch.note(  # another source system's (T1)
        report, before=sis_switch.recorded(compared, previous) if held else "", now=sis_switch.named(plan.settings)
    )
    if held and previous is not None and not options.allow_rollover:  # another district's: I231, said first
        unrelated_set.check(report, previous=previous, staged=staging.path, named=options.previous is not None)
    recorded = held_back.published_before(state) is not None  # held_back's last set with OUT emptied (R4)
    if (held or recorded) and not report.facts["profile_changed"]:  # before the gate counts the set
        _hold_back(report, staging, previous=previous if held else None, state=state, as_of=plan.as_of)
    else:  # not judged tonight: the terms last.json records published stay so, and those running (review177 R1)
        held_back.not_judged(report, state, staging.path, as_of=plan.as_of.isoformat())  # kept by ID (tester84 D3)
    # OUT's own set, its exports' lines unrecorded: the cut checks could not run (not against --previous's)
    tails.check_recorded(report, state, out=out, holds_set=options.previous is None and held)
    # People named by another series (X811); not a person the last set published by that ID (X882's)
    other_id_column.check(report, allow_incomplete=options.allow_incomplete, previous=previous if held else None)
    judged |= seen_values.check_kinds(
        plan, sources, report, allow_incomplete=options.allow_incomplete, previous=previous
    )
    guardians_gate.check(
        plan,
        report,
        limit=gate.export_limit(plan.settings.get("max_removal"), options.max_removal),
        allow_incomplete=options.allow_incomplete,
        previous=previous,
        judged=judged,
    )
    links_other_ids.check(report)  # parents linked by another ID of the students (X817), before X975
    seen_values.check_guardians_linked(plan, report, allow_incomplete=options.allow_incomplete, previous=previous)
    unreached.check(
        plan,
        report,
        limit=gate.export_limit(plan.settings.get("max_removal"), options.max_removal),
        allow_incomplete=options.allow_incomplete,
    )
    # the parents given their child's own phone or email by the profile (V630): no evidence of a link after
    asked = frozenset(v for v in state.get(child_points.KEY) or () if isinstance(v, str))  # P131's, asked once
    childs = child_points.check(
        plan, staging.path, report, allow_incomplete=options.allow_incomplete, asked=asked, sources=sources
    )
    family_names.check(  # links read the other way round that found someone (X864)
        plan,
        sources,
        staging.path,
        report,
        allow_incomplete=options.allow_incomplete,
        allowed_before=bool(state.get(family_names.ALLOWED)),
        not_points=childs,
    )
    agent_links.check(report, previous=previous, allow_incomplete=options.allow_incomplete)
    seen_values.check_schools_missing(report, allow_incomplete=options.allow_incomplete, plan=plan, sources=sources)
    demoted_owners.check(report, allow_incomplete=options.allow_incomplete)
    made_ids_taken.check(report, allow_incomplete=options.allow_incomplete)
    rows_unread.check(report, allow_incomplete=options.allow_incomplete)
    span_rows.check(report, allow_incomplete=options.allow_incomplete)
    seen_values.check_owners(
        report,
        allow_incomplete=options.allow_incomplete,
        previous=previous,
        allowed_before=bool(state.get("owners_allowed")),
    )
    doubled_terms.check(report, allow_incomplete=options.allow_incomplete, sources=sources, plan=plan)
    list_separators.check(report, plan)
    school_classes.check(
        report,
        staged=staging.path,
        previous=previous,
        allow_incomplete=options.allow_incomplete,
        whole_set=not seen_values.owners_mostly_missing(report),
        plan=plan,
        sources=sources,
    )
    # One term ID ended at a school by its own rows, running at another: its people in no class (X841).
    term_split_schools.check(
        report, staged=staging.path, previous=previous, ended=ended, current=current, sessions=sessions
    )
    # A course's classes of two terms running at once, most of the added one's students in the held one (X868)
    _check_course_twice(options, report, previous=previous if held else None, staged=staging.path, current=current)
    _check_terms_found(
        report,
        allow_incomplete=options.allow_incomplete,
        previous=previous,
        staged=staging.path,
        as_of=options.as_of,
    )
    last = gate.last_columns(out) if previous == out else None  # the columns its exports held, recorded
    absent.check_renamed(
        plan, sources, report, allow_incomplete=options.allow_incomplete, last_held=last.held if last else None
    )
    had = frozenset((name, key) for name, keys in (last.held if last else {}).items() for key in keys)
    keep_out.check(
        plan,
        sources,
        report,
        staged=staging.path,
        previous=previous if held else None,
        had=had,
        last_as_of=last.as_of if last else "",
        allow_incomplete=options.allow_incomplete,
    )
    keep_out_rows.check(
        plan,
        sources,
        report,
        staged=staging.path,
        previous=previous if held else None,
        had=had,
        last_as_of=last.as_of if last else "",
        allow_incomplete=options.allow_incomplete,
    )
    # The people a keep-out column left out last night, most of them back with the cell blank (X877)
    report.keep_out_left = blanked_keep_out.check(
        plan,
        sources,
        report,
        state=state if previous == out else {},
        allow_incomplete=options.allow_incomplete,
        published=_users_of(out),
    )
    undated_side_by_side.check(report, staged=staging.path, allow_incomplete=options.allow_incomplete)
    # Classes kept undated where the last set's terms were dated (X871); two undated terms at one period (X863)
    undated_terms.check_lost(
        report,
        previous=previous if held and options.previous is None else None,
        staged=staging.path,
        dated_then=_dated_recorded(sent if delivered else state),
        allow_incomplete=options.allow_incomplete,
    )
    undated_terms.check_periods(report, staged=staging.path)
    recorded = options.previous is None and bool(gate.recorded_set(state).get("users.csv"))
    _first_set_facts(report, held=held, recorded=recorded)
    # A schedule export cut at a line's end with no last set's lines to tell it by: a first set, or a new year's
    # night, whose export no last set recorded (--allow-rollover accepts a new year's removals, not a cut file)
    if report.facts["first_set"] or options.allow_rollover:
        schedule_cut.check(
            report,
            plan,
            sources,
            staged=staging.path,
            empty_at=empty_at or {},
            allow_incomplete=options.allow_incomplete,
            previous=previous if held and not report.facts["first_set"] else None,
        )
    # A new profile's guardians no parents or classes of other terms (X820, I228); a later night's new such classes
    new_profile_stops.check(report)
    # An own settings.exclude_schools entry one slip from a school published, new tonight (X825)
    excluded_schools.judge(excluded, report, staged=staging.path, state=state, previous=previous if held else None)
    # A first set's classes (a later night's new ones) losing their teacher to many staff IDs no staff row holds (X809)
    unlisted_staff.check(
        report,
        plan,
        sources,
        first_set=bool(report.facts["first_set"]),
        allow_incomplete=options.allow_incomplete,
        previous=previous if held else None,
    )
    # The as-of date of the set compared with, where known: the calendar explains only the
    # classes whose terms ended since it was made (gate.calendar_explains).
    made_as_of = None if options.previous is not None else _as_of_recorded(sent if delivered else state)
    tonight_terms = (
        _terms_tonight(
            exported,
            (previous, staging.path),
            (made_as_of, options.as_of),
            sent if delivered else state,
            (plan.school_years, current),
        )
        if options.previous is None
        else None
    )
    changes = gate.compare(
        previous,
        staging.path,
        dict(report.rows_written),
        ended=ended,
        as_of=made_as_of,
        ends_then=_term_ends_recorded(sent if delivered else state) if options.previous is None else None,
        tonight=options.as_of,
        names_then=_term_names_recorded(sent if delivered else state) if options.previous is None else None,
        starts_then=_term_starts_recorded(sent if delivered else state) if options.previous is None else None,
        named_then=_terms_named_recorded(sent if delivered else state) if options.previous is None else None,
        current=current,
        year_long_days=plan.current_term.year_long_days if plan.current_term else DEFAULT_YEAR_LONG_DAYS,
        years=plan.school_years,
        held_as=sessions,
        terms_tonight=tonight_terms,
    )
    # Classes with no term ID, gone at a term change only last.json's terms_published dates (heldback63)
    published_now = held_back.published(report, staging.path)
    published_ended.explain(
        changes,
        state=sent if delivered else state,
        tonight_terms=published_now,
        previous=previous,
        nights=(made_as_of, options.as_of),
        years=plan.school_years,
        compared=options.previous is None,
    )
    # A new term's schedule not exported: its school waits as on a break night (tester60 N3).
    tonight_terms = term_unscheduled.awaiting(
        tonight_terms,
        ended=ended or {},
        explained=changes["classes"].ended if "classes" in changes else {},
        sets=(previous, staging.path),
        nights=(made_as_of, options.as_of),
        current=current,
        years=plan.school_years,
        emptied=emptied or {},
        spanning=spanning,
    )
    holes_at = _next_terms_awaited(
        report,
        tonight_terms,
        state,
        plan,
        sets=(previous, staging.path),
        spanning=spanning,
        allow_incomplete=options.allow_incomplete,
    )
    # A term the last set held ahead, its sections emptied on its first days (tester62 H3: X875).
    _terms_emptied(
        report,
        (previous, staging.path),
        (made_as_of, options.as_of),
        (current, emptied or {}),
        holes_at,
        allow_incomplete=options.allow_incomplete,
    )
    gate.note_moved(changes, report)
    users_listed = functools.partial(school_classes.users_listed, plan, sources)
    limits = gate.removal_limits(plan.settings.get("max_removal"), options.max_removal)
    # An ended term's classes gone where the terms begun since have under half as many (review197 R1)
    published_ended.note_thin(
        report.facts,
        published_ended.thin_followers(
            changes,
            previous,
            staging.path,
            tonight=options.as_of,
            current=current,
            tonight_terms=published_now,
            held_as=sessions or {},
        ),
    )
    # An ended term's classes gone where the terms begun since enrol under 3/4 as many (review197 R2): said below
    schedules_thin = published_ended.thin_schedules(
        changes,
        None if options.users_only else previous,
        staging.path,
        tonight=options.as_of,
        current=current,
        tonight_terms=published_now,
        held_as=sessions or {},
        empty_at=empty_at or {},
    )
    published_ended.note_schedules(report.facts, schedules_thin)
    gate.explain_terms_replaced(changes, previous=previous, staged=staging.path, limit=limits["users"])
    # A school an own settings.exclude_schools entry added since the last set leaves out: the admin's (X876)
    counted = excluded_left.set_apart(
        changes,
        report,
        previous=previous if held else None,
        excluded=plan.excluded_schools,
        own=plan.excluded_own,
        # the record of the set compared with: the delivered one's when a set published since did not arrive
        # (excl58b: judged new against OUT's, an entry that set already held was refused); a delivery
        # recorded without the entries is judged as a profile changed since
        state=sent if delivered else state,
        changed=delivered is not None or bool(report.facts.get("profile_changed")),
        compared=options.previous is None,  # last.json's record is OUT's set, not one --previous names
    )
    gate.shrunk_by_the_calendar(
        shrunk,
        counted,
        report,
        withdrawals.set_apart(
            counted,
            previous if held else None,
            withdrawals.left_on_purpose_only(users_listed, report, previous if held else None),
            functools.partial(marked_enrolments.enrolments_marked, plan, sources),
        ),
    )
    report.facts["removal_limits"] = limits
    if options.school_counts:
        remembered = gate.state_folder(out) if previous == out else None
        code = _calling_code(str(plan.settings.get("phone_region") or "US"))
        report.facts["schools"] = school_counts.as_facts(
            school_counts.count_set(staging.path, calling_code=code),
            school_counts.previous_counts(previous, remembered, calling_code=code),
        )
    # A new school year's first night: its refusals say so first (rollover57, tester62 H2)
    year_words = new_year.judge(
        counted.get("classes"),
        starts_then=_term_starts_recorded(sent if delivered else state) if options.previous is None else {},
        current=current,
        years=plan.school_years,
    )
    listed = gate.gate(
        counted,
        report,
        limits=limits,
        allow_rollover=options.allow_rollover,
        removals=out.parent / f"{out.name}-removals.csv",
        previous=previous,
        since=since,
        staged=None if options.users_only else staging.path,
        read_before=_read_before(plan, state, report.rows_read) if previous == out and not options.users_only else None,
        withdrawn=(
            withdrawn := withdrawals.judge(
                counted,
                previous if held else None,
                withdrawals.left_on_purpose_only(users_listed, report, previous if held else None),
                functools.partial(marked_enrolments.enrolments_marked, plan, sources),
                links_missing=agent_links.unlinked(report) > 0,
                purpose=excluded_left.purpose(report),
                school=excluded_left.whole(report),
            )
        ),
        moved=school_moves.judge(counted, previous if held else None, None if options.users_only else staging.path),
        new_year=year_words,
    )
    if recorded and not held:
        gate.gate_by_count(counted, state, report, limits=limits, allow_rollover=options.allow_rollover)
        # the students published with no parent, carried on (reviewer81 R3)
        orphans_gate.carry_on(report, staging.path, _orphans_carried(options, state), as_of=options.as_of)
    if previous is not None and held:
        # what every gate comparing tonight's set with the last one is given, beside its own findings
        night = gate.Night(
            report,
            previous,
            counted,
            removals=out.parent / f"{out.name}-removals.csv",
            allow_rollover=options.allow_rollover,
            staged=staging.path,
            since=since,
            listed=listed,
            new_year=year_words,
        )
        if (previous / "orgs.csv").is_file():
            org_gate.gate_schools(
                org_gate.rekeyed_schools(previous, staging.path, counted["orgs"]),
                night,
                previous=counted["orgs"].previous,
            )
        org_gate.gate_schools_emptied(night, limits=limits)
        published_ended.gate_schedules(night, schedules_thin)
        demographics_gate.gate_birth_dates(
            night,
            demographics=counted["demographics"],
            limit=limits["users"],
        )
        demographics_gate.gate_birth_dates_changed(night, demographics=counted["demographics"])
        read_from = columns_gate.read_from(plan, sources)
        # a new school year begins tonight: the last set was made in another (a --previous set's: unknown, none)
        year_begun = made_as_of is not None and plan.school_years.of(options.as_of) != plan.school_years.of(made_as_of)
        columns_gate.gate_blanked_columns(
            night,
            users=changes["users"],
            limit=limits["users"],
            read_from=read_from,
            groups=guardian_groups,
            defaults=columns_gate.defaults(plan, sources, report.column_values, report.unmapped_ids),
            season=grades_gate.Season(options.as_of, made_as_of, year_begun, plan.school_years, current.values()),
            renamed=columns_gate.renamed(plan, sources),
        )
        points_gate.gate_points_changed(
            night,
            users=changes["users"],
            allowed=options.allow_contact_change,
            read_from=read_from,
        )
        org_gate.gate_identifiers(
            org_gate.identifiers_zeros_lost(previous, staging.path, changes["users"], made=org_gate.made_of(plan)),
            night,
            limit=gate.reassigned_limit(plan.settings.get("max_reassigned"), options.max_reassigned),
        )
        kinds = people_gate.count_kinds(previous, staging.path, counted["users"])
        classes_moved = class_gate.rekeyed_classes(
            previous,
            staging.path,
            counted["classes"],
            _term_dates(compared, current, switched=sis_switch.FACT in report.facts),
            reused=_term_dates(compared, current, switched=False, every=True),
        )
        gone = school_gone.schools_gone(
            kinds,
            previous,
            removed=set(counted["classes"].removed),
            ended=set(counted["classes"].ended),
            new_year=year_begun,
        )
        school_gone.gate_schools_gone(
            gone,
            night,
            kinds=kinds,
            rostered=school_gone.Rostered(plan.excluded_schools, plan.schools, plan.schools_from),
            listed=withdrawals.left_on_purpose_only(users_listed, report, previous if held else None),
        )
        moved_limit = gate.reassigned_limit(plan.settings.get("max_reassigned"), options.max_reassigned)
        class_gate.gate_classes(classes_moved, night, limit=moved_limit, users_rekeyed=kinds.rekeyed())
        class_reuse.gate_reused(
            class_reuse.reused_classes(previous, staging.path, changes.get("classes")),
            night,
            limit=moved_limit,
        )
        moved = teacher_gate.moved_teachers(previous, staging.path)
        owners_read = moved.owners()
        teacher_gate.gate_moved_teachers(moved, night)
        # Most classes' primary teachers unmarked, the teachers kept (X831: a blanked primary column).
        primary_lost.gate_primary_lost(primary_lost.primary_lost(moved), night)
        people_gate.gate_kinds(
            kinds,
            night,
            limit=limits["users"],
            moved_limit=moved_limit,
            classes_rekeyed=classes_moved.rekeyed(),
            derived=identity.prefixes(plan.rules.get("users", ())),
            listed=withdrawals.left_on_purpose_only(users_listed, report, previous if held else None),
            gone=[found.school for found in gone],
        )
        gate.gate_reassigned(
            gate.reassigned(previous, staging.path, changes["users"]),
            night,
            limit=gate.reassigned_limit(plan.settings.get("max_reassigned"), options.max_reassigned),
        )
        # Records of the last set removed only because a data problem left their rows out tonight
        # (X981, X983): published, but a person must fix them (tester44 F9).
        dropped_gate.check(
            report,
            previous,
            changes,
            fed=_tables_fed(plan, sources, report),
            rekeyed={"users": kinds.rekeyed(), "classes": classes_moved.rekeyed()},
            prefixes=_guardian_prefixes(plan, sources),
        )
        # A parent's link to a child both still published, lost tonight to a mistyped row (V557).
        links_gate.check(
            report,
            previous,
            staging.path,
            changes.get("users"),
            carried=gate.links_lost_recorded(state) if options.previous is None else (),
        )
        # Students published again with no parent at all: their families' rows gone (X805, tester69 F2).
        orphans_gate.check(
            report,
            plan,
            sources,
            previous,
            staging.path,
            changes.get("users"),
            allow_incomplete=options.allow_incomplete,
            allow_rollover=options.allow_rollover,
            as_of=options.as_of,
            earlier=_orphans_carried(options, state),  # none against a set --previous names
        )
    # Classes that lost their only teacher while she stays published (V618): said once, so against
    # OUT's own last set, not one --previous names every night (the same loss every night); not
    # after --allow-incomplete, which accepted classes without owner (X980, X942: said, X918).
    owners_lost.check(
        report,
        previous=previous,
        held=held,
        staged=staging.path,
        users_only=options.users_only,
        named_by_option=options.previous is not None or options.allow_incomplete,
        read=owners_read,
    )
    # A suspect short row (I257) a condition left out, of a record no set publishes (I277): nothing else names it.
    suspect_drops.check(
        report,
        previous if previous is not None and held else None,
        staging.path,
        state=gate.state_folder(options.out_dir),
    )
    # People tonight's other exports still name whose own export has no row (X882, tester50 F1).
    missing_rows.check(
        report,
        plan,
        sources,
        previous=previous if previous is not None and held else None,
        staged=staging.path,
        changes=changes,
        rekeyed=kinds.rekeyed() if previous is not None and held else {},
        classes_rekeyed=classes_moved.rekeyed() if previous is not None and held else (),
        limit=limits["users"],
        allow_incomplete=options.allow_incomplete,
        first_set=bool(report.facts["first_set"]),
        # OUT's last.json says it of the set OUT holds, of its kept copy, and nearly of the last one
        # delivered; not of a set --previous names
        missed_before=gate.missed_recorded(state) if options.previous is None else None,
        missed_unknown=(
            "the last published set is the one --previous names, of which OUT's last.json says nothing"
            if options.previous is not None
            else "last.json was written by a version of the tool that did not record them"
        ),
        # Against a set --previous names, the keys OUT's last run missed too were said then (X861, once)
        missed_said=(gate.missed_recorded(state) or frozenset()) if options.previous is not None else frozenset(),
    )
    # People new since the last set, named tonight, after the last row of an export in order of their IDs (X722).
    new_tail.check(
        report,
        plan,
        sources,
        previous=previous if previous is not None and held else None,
        seen=gate.recorded_hashes(gate.state_folder(options.out_dir), gate.NEW_ROWS_SEEN),
        allow_incomplete=options.allow_incomplete,
    )
    _flags_left_in(
        options,
        plan,
        report,
        state,
        current,
        last_classes=previous / "classes.csv" if previous and held else None,
        held_as=sessions or {},
    )
    # --max-removal left in the nightly job: removals no withdrawal explains, published at exit 1 (X821).
    removal_flag.judge(
        report,
        counted,
        given=options.max_removal,
        without=gate.removal_limits(plan.settings.get("max_removal"), None),
        withdrawn=withdrawn,
        removals=out.parent / f"{out.name}-removals.csv",
        previous=previous,
    )


def _flags_left_in(
    options: RunOptions,
    plan: Plan,
    report: Report,
    state: dict[str, Any],
    current: Mapping[str, Term],
    *,
    last_classes: Path | None = None,
    held_as: Mapping[str, str] | None = None,
) -> None:
    """F453, F454: what a flag left in the nightly job let through tonight (pipeline.flags_left_in). The
    calendar is judged against OUT's last set; a set --previous names has no dates of its own here,
    so nothing of it is explained (reviewer100 R3). On a term-change night, school by school: the
    schools of each term of the last set by its classes (`last_classes`, its classes.csv; `held_as`: a
    strict target's published session IDs -> the export's, by which last.json names terms)."""
    if report.aborts or not (options.allow_incomplete or options.allow_rollover):
        return
    own = options.previous is None
    calendar = flags_left_in.calendar_explains(
        tonight=options.as_of,
        last_as_of=_as_of_recorded(state) if own else None,
        ends_then=_term_ends_recorded(state) if own else {},
        current=current,
        years=plan.school_years,
        dated=own,
    )
    starts = _term_starts_recorded(state) if own else {}
    ends = _term_ends_recorded(state) if own else {}
    schools = functools.partial(
        flags_left_in.school_calendar,
        tonight=options.as_of,
        last_as_of=_as_of_recorded(state) if own else None,
        terms_then={key: (starts.get(key, end), end) for key, end in ends.items()},
        current=current,
        schools_of=_schools_of_terms(last_classes, held_as or {}) if own else {},
        year_long_days=plan.current_term.year_long_days if plan.current_term else DEFAULT_YEAR_LONG_DAYS,
        held_as=held_as,
    )
    flags_left_in.judge(
        report,
        allow_incomplete=options.allow_incomplete,
        allow_rollover=options.allow_rollover,
        calendar=calendar,
        schools=schools,
    )


def _schools_of_terms(classes: Path | None, held_as: Mapping[str, str]) -> dict[str, set[str]]:
    """Term ID -> the schools of a set's classes of it (its classes.csv), as the export names the
    term (`held_as`: a strict target's published session ID, "301-Semester 1-2026-08-17" -> the
    export's, gate.compare's)."""
    schools: dict[str, set[str]] = {}
    if classes is None or not classes.is_file():
        return schools
    for school, terms in gate.columns_of(classes, "schoolSourcedId", "termSourcedIds"):
        for term in gate.term_ids(terms):
            schools.setdefault(held_as.get(term, term), set()).add(school)
    return schools


def _terms_recorded(record: dict[str, Any], *, named: bool = False) -> dict[Any, Any]:
    """The terms a state record gives its set's classes as current (last.json's terms), or with
    `named` the others its classes name (terms_named: an ended quarter of a semester class)."""
    terms = record.get("terms_named" if named else "terms")
    return terms if isinstance(terms, dict) else {}


def _no_birth_dates(report: Report, plan: Plan, sources: Mapping[str, read.SourceFile]) -> None:
    """A first set whose demographics export, optional and read by a demographics rule (a OneRoster
    or SDS v2 demographics.csv), holds its header alone: published, every student without a birth
    date, with no last set to hold it to (X910 on the nights after one with rows). Many OneRoster
    exports ship it so (the OAT sample), so it is no refusal; for a target that asks for birthDate
    (Remind: data required) a person looks once (I296, exit 1; tester70 S5); a strict consumer,
    whose demographics are optional, is told nothing more than I208. One not in the exports (D362),
    or whose manifest says it was not exported (recognise.SAID_ABSENT), is said as before."""
    if "birthDate" not in plan.target.required.get("demographics", ()):
        return
    said_absent = report.facts.get(recognise.SAID_ABSENT, ())
    read_by = {
        name
        for rule in plan.rules.get("demographics", ())
        for name in (rule.source, *(j.source for j in rule.joins.values()))
    }
    for name, source in sources.items():
        if name not in read_by or plan.sources[name].required or name in said_absent:
            continue
        if not report.rows_read.get(source.display, 0):
            report.add(codes.code("first-set-without-birth-dates"), Where(file=source.display), file=source.display)


def _class_exports(plan: Plan, sources: Mapping[str, read.SourceFile]) -> frozenset[str]:
    """The exports (as named tonight) read by the rules of classes, enrolments, terms and courses
    alone: a sections or schedule export, which shrinks when a SIS job exporting the current term
    only drops an ended term's rows (gate.shrunk_by_the_calendar)."""
    read_by: dict[str, set[bool]] = {}
    for table, rules in plan.rules.items():
        for rule in rules:
            for name in (rule.source, *(j.source for j in rule.joins.values())):
                read_by.setdefault(name, set()).add(table in run_stage.CLASS_TABLES)
    return frozenset(s.display for name, s in sources.items() if read_by.get(name) == {True})


def _terms_tonight(
    exported: TermsExported | None,
    sets: tuple[Path | None, Path],
    nights: tuple[dt.date | None, dt.date | None],
    record: dict[str, Any],
    calendars: tuple[SchoolYear, Mapping[str, Term]],
) -> TermsTonight | None:
    """Tonight's terms export beside the dates the last set recorded (pipeline.ended_gone), each
    row with the school of tonight's set it names, and each class of the last set with its school;
    None without a terms export or dates. `sets`: the last set's folder and tonight's staged one;
    `nights`: the last set's as-of date and tonight's; `calendars`: the district's school year and
    tonight's set's terms by ID."""
    (previous, staged), (made, tonight), (years, current) = sets, nights, calendars
    if made is None or tonight is None:
        return None
    schools = {school for (school,) in gate.columns_of(staged / "orgs.csv", "sourcedId") if school}
    rows = [term for term, _ in exported(schools)] if exported is not None else []
    # No terms export: the classes' own rows date their terms (Infinite Campus's sections), and an
    # ended term's row leaves with its sections; tonight's classes' terms are the rows, an ended
    # term dated as the last set recorded it (TermsTonight.from_classes, tester90 T3).
    from_classes = not rows
    if from_classes:
        rows = sorted((t for t in current.values() if t.school), key=lambda t: (t.school, t.start, t.end, t.name))
    if not rows:
        return None
    held = (
        list(gate.columns_of(previous / "classes.csv", "sourcedId", "schoolSourcedId", "termSourcedIds"))
        if previous is not None
        else []
    )
    terms_at: dict[str, set[str]] = {}
    for _, school, held_terms in held:
        terms_at.setdefault(school, set()).update(t.strip() for t in held_terms.split(",") if t.strip())
    return TermsTonight(
        rows,
        tonight,
        made,
        names=_term_names_recorded(record),
        starts={**_term_starts_recorded(record, named=True), **_term_starts_recorded(record)},
        ends={**_term_ends_recorded(record, named=True), **_term_ends_recorded(record)},
        years=years,
        schools={class_id: school for class_id, school, _ in held},
        terms_at={school: frozenset(terms) for school, terms in terms_at.items()},
        current=current,
        from_classes=from_classes,
    )


def _users_of(folder: Path) -> Callable[[], Iterator[str]]:
    """The sourcedIds of a set's users.csv, read when called (none where the set holds none)."""

    def read() -> Iterator[str]:
        path = folder / "users.csv"
        if path.is_file():
            yield from (key for (key,) in gate.columns_of(path, "sourcedId"))

    return read


def _next_terms_awaited(
    report: Report,
    tonight: TermsTonight | None,
    state: dict[str, Any],
    plan: Plan,
    *,
    sets: tuple[Path | None, Path],
    allow_incomplete: bool,
    spanning: Collection[str] = (),
) -> set[str]:
    """A school whose ended term's classes went on a break night (ended_gone) waits for its next
    term's classes: the wait is kept in last.json (report.facts), and a later term of the school
    running tonight with none of its classes in the set, or with under half the students the ended
    term's held (`sets`: the last set's folder and tonight's staged one), is refused (X977), or
    with --allow-incomplete published and said (X918): a job that never exports the next term.
    The schools so judged tonight. `spanning`: the classes running since an ended term (run.Calendar),
    whose students are not the next term's (a year-long class of marking periods, tester64 A1)."""
    previous, staged = sets
    carried = state.get(ended_gone.AWAITED)
    carried = carried if isinstance(carried, dict) else {}
    counts = state.get(ended_gone.AWAITED_STUDENTS)
    held: dict[str, int] = dict(counts) if isinstance(counts, dict) else {}
    if tonight is None:
        if carried:
            report.facts[ended_gone.AWAITED] = carried
            report.facts[ended_gone.AWAITED_STUDENTS] = held
        return set()
    held.update(_students_gone(tonight.gone_classes, previous))
    days = plan.current_term.year_long_days if plan.current_term else DEFAULT_YEAR_LONG_DAYS
    arrived = _terms_enrolled(staged, spanning) if carried or tonight.gone_at else {}
    inferred: set[str] = set()
    keep, holes = ended_gone.awaited(
        tonight, carried, year_long_days=days, arrived=arrived, held=held, inferred=inferred
    )
    known = gate.terms_known(state) if holes else []  # a term the export leaves unnamed: its name then (esp58b)
    for hole in holes:
        slug = ended_gone.hole_code(hole)
        if slug == "term-next-unexported":  # no row dates the later term: said, published (X716)
            params = ended_gone.undated_words(hole, tonight.tonight, known)
        elif slug == "term-sections-unscheduled":
            params = ended_gone.unscheduled_words(hole, tonight.tonight, known)
        else:  # where the term was read: the terms export, or tonight's classes' own dates (reviewer118 R5)
            params = ended_gone.hole_words(hole, tonight.tonight, from_classes=tonight.from_classes, known=known)
        problem = Problem(codes.code(slug), Where(), dict(params))
        if allow_incomplete:  # a school with no class of its new term, said once: the wait ends
            detail = problem.params.get("none") or problem.message.removesuffix("; published without them")
            report.add(codes.code("incomplete-allowed"), problem.where, detail=f"{detail}: published")
            keep.pop(hole.school, None)
        else:
            report.add_problem(problem)
    if keep:
        report.facts[ended_gone.AWAITED] = keep
        # An undated wait (X716) keeps no count: a later term arriving in part ends it, as before it was
        # awaited (review226 R4: a district whose S1-only course holds every 9th grader is not refused).
        counted = [school for school in keep if school in held and school not in inferred]
        report.facts[ended_gone.AWAITED_STUDENTS] = {school: held[school] for school in counted}
    return {hole.school for hole in holes}


def _terms_emptied(
    report: Report,
    sets: tuple[Path | None, Path],
    nights: tuple[dt.date | None, dt.date | None],
    terms: tuple[Mapping[str, Term], Mapping[tuple[str, str], int]],
    judged: Collection[str],
    *,
    allow_incomplete: bool,
) -> None:
    """A term the last published set held with its students before it began, running tonight with
    its sections exported and (nearly) none enrolling a student: refused (X875), or with
    --allow-incomplete published and said (X918). Not at a school whose next term `judged` said.
    `terms`: tonight's terms by ID, and the classes F412 left out by (school, term ID)."""
    current, emptied = terms
    if not emptied:
        return
    previous, staged = sets
    sections = term_unscheduled.Sections.read(staged, emptied, current)
    for said in term_unscheduled.emptied_ahead(previous, sections, made=nights[0], tonight=nights[1], staged=staged):
        if said["school"] in judged:
            continue
        problem = Problem(codes.code("term-sections-emptied"), Where(), said)
        if allow_incomplete:
            report.add(codes.code("incomplete-allowed"), problem.where, detail=f"{problem.message}: published")
        else:
            report.add_problem(problem)


def _students_gone(gone: Mapping[str, set[str]], previous: Path | None) -> dict[str, int]:
    """Per school, how many students of the last set (`previous`) the classes `gone` held."""
    if not gone or previous is None:
        return {}
    school_of = {class_id: school for school, classes in gone.items() for class_id in classes}
    found: dict[str, set[str]] = {}
    for class_id, user, role in gate.columns_of(
        previous / "enrollments.csv", "classSourcedId", "userSourcedId", "role"
    ):
        if class_id in school_of and role == "student":
            found.setdefault(school_of[class_id], set()).add(user)
    return {school: len(users) for school, users in found.items()}


def _terms_enrolled(staged: Path, spanning: Collection[str] = ()) -> dict[tuple[str, str], frozenset[str]]:
    """The users enrolled in the classes of each (school, term ID) of tonight's staged set but those
    `spanning` an ended term: a new term's sections exported without their schedule rows, or none of
    them, end no wait (reviewer99 R3), nor do some of them (cal55's reviewer R2), nor a year-long
    class listed under the new term's marking periods (tester64 A1)."""
    users: dict[str, set[str]] = {}
    for class_id, user, role in gate.columns_of(staged / "enrollments.csv", "classSourcedId", "userSourcedId", "role"):
        if role == "student":
            users.setdefault(class_id, set()).add(user)
    found: dict[tuple[str, str], set[str]] = {}
    for class_id, school, terms in gate.columns_of(
        staged / "classes.csv", "sourcedId", "schoolSourcedId", "termSourcedIds"
    ):
        for term in (t.strip() for t in terms.split(",")):
            if term and class_id in users and class_id not in spanning:
                found.setdefault((school, term), set()).update(users[class_id])
    return {key: frozenset(value) for key, value in found.items()}


def _term_ends_recorded(record: dict[str, Any], *, named: bool = False) -> dict[str, dt.date]:
    """The last day of each term a state record gives its set's classes (`_terms_recorded`)."""
    ends: dict[str, dt.date] = {}
    terms = _terms_recorded(record, named=named)
    for key, value in terms.items():
        with contextlib.suppress(TypeError, ValueError):
            ends[str(key)] = dt.date.fromisoformat(value[2])
    return ends


def _term_starts_recorded(record: dict[str, Any], *, named: bool = False) -> dict[str, dt.date]:
    """The first day of each term a state record gives its set's classes (`_terms_recorded`)."""
    starts: dict[str, dt.date] = {}
    terms = _terms_recorded(record, named=named)
    for key, value in terms.items():
        with contextlib.suppress(TypeError, ValueError, IndexError):
            starts[str(key)] = dt.date.fromisoformat(value[1])
    return starts


def _dated_recorded(record: dict[str, Any]) -> frozenset[str]:
    """The term IDs a state record gives its set's classes with dates, current or not (`_terms_recorded`)."""
    return frozenset(_term_ends_recorded(record)) | frozenset(_term_ends_recorded(record, named=True))


def _term_names_recorded(record: dict[str, Any]) -> dict[str, str]:
    """The name of each term a state record gives its set's classes, current or not."""
    terms = {**_terms_recorded(record, named=True), **_terms_recorded(record)}
    return {str(key): str(value[0]) for key, value in terms.items() if isinstance(value, list) and value and value[0]}


def _terms_named_recorded(record: dict[str, Any]) -> dict[str, tuple[dt.date, dt.date]]:
    """The first and last day of each term a state record's classes name besides their current
    ones (last.json's terms_named): a semester class's quarter that had ended (tester65 F1)."""
    starts, ends = _term_starts_recorded(record, named=True), _term_ends_recorded(record, named=True)
    return {key: (starts[key], end) for key, end in ends.items() if key in starts}


def _as_of_recorded(record: dict[str, Any]) -> dt.date | None:
    """The as-of date a state record (last.json, delivered.json) gives its set's terms, if any: a set
    that kept the ended term's classes over a break judged them as of that term's last day
    (`terms_judged_on`, pipeline.break_kept), so that the new term's first night explains their
    removal as the term change it is (gate.calendar_explains, X937)."""
    value = record.get("terms_judged_on") or record.get("as_of")
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _feeds(plan: Plan, sources: dict[str, read.SourceFile], name: str) -> str:
    """What an export (absent tonight) feeds, and what takes its place without it, for X991:
    'it feeds enrollments.csv; without it, enrollments.csv is made from sections.txt instead'."""
    tables = [
        table
        for table, rules in plan.rules.items()
        if not (plan.users_only and table in run_stage.CLASS_TABLES)
        and any(name in (rule.source, *(j.source for j in rule.joins.values())) for rule in rules)
    ]
    said = [f"it feeds {', '.join(f'{table}.csv' for table in tables)}"]
    for table in tables:
        instead = sorted(
            {
                sources[rule.source].display
                for rule in plan.rules[table]
                if rule.unless_source == name and rule.source in sources
            }
        )
        others = [
            rule
            for rule in plan.rules[table]
            if rule.source in sources and not (rule.unless_source and rule.unless_source in sources)
        ]
        if instead:
            said.append(f"without it, {table}.csv is made from {' and '.join(instead)} instead")
        elif not others:
            said.append(f"without it, {table}.csv would hold no records")
    return "; ".join(said)


def _fed_tables(plan: Plan, sources: dict[str, read.SourceFile], report: Report) -> dict[str, list[str]]:
    """Each output file that this run's exports with rows feed, with those exports."""
    fed: dict[str, list[str]] = {}
    for table in plan.target.files:
        if (plan.users_only and table in run_stage.CLASS_TABLES) or table in plan.target.referenced_only:
            continue  # terms and courses are empty when no class refers to them: the classes tell
        files = {
            sources[rule.source].display
            for rule in plan.rules.get(table, ())
            if rule.source in sources and not (rule.unless_source and rule.unless_source in sources)
        }
        if with_rows := sorted(f for f in files if report.rows_read.get(f, 0)):
            fed[table] = with_rows
    return fed


def _tables_fed(plan: Plan, sources: dict[str, read.SourceFile], report: Report) -> dict[str, list[str]]:
    """The tables each export with rows feeds (`_fed_tables` turned around), a contacts export a
    guardians rule joins feeding users (tester64 A6)."""
    fed: dict[str, list[str]] = {}
    for table, files in _fed_tables(plan, sources, report).items():
        for file in files:
            fed.setdefault(file, []).append(table)
    for file in _contact_files(plan, sources):
        if "users" not in fed.setdefault(file, []):
            fed[file].append("users")
    return fed


def _contact_files(plan: Plan, sources: dict[str, read.SourceFile]) -> list[str]:
    """The exports a guardians rule joins (a contacts export beside the links): a row of them lost
    tonight leaves its parent out as a row of the rule's own source does."""
    return sorted(
        {
            sources[join.source].display
            for rule in plan.rules.get("users", ())
            if rule.guardian is not None
            for join in rule.joins.values()
            if join.source in sources
        }
    )


def _guardian_prefixes(plan: Plan, sources: dict[str, read.SourceFile]) -> dict[str, tuple[str, ...]]:
    """The prefixes of the guardian IDs made of a contact ID (identity.prefixes), by the exports whose
    cells give that contact ID (`_contact_id_sources`): a lost row of another export feeding users
    (the students') holds no contact ID (reviewer126 R5), nor does a students export the guardians rule
    joins by the student's ID (eSchoolPlus's REG.txt, Synergy's students.csv: reviewer131 R4)."""
    by_file: dict[str, set[str]] = {}
    for rule in plan.rules.get("users", ()):
        made = identity.prefixes([rule])
        for source in _contact_id_sources(rule) if made else ():
            if source in sources:
                by_file.setdefault(sources[source].display, set()).update(made)
    return {file: tuple(sorted(made)) for file, made in by_file.items()}


def _contact_id_sources(rule: RulePlan) -> set[str]:
    """The sources of a guardians rule's cells that are its contact ID: the rule's own, any its
    `guardian.contact` reads through a join, and those it joins by that ID (eSchoolPlus's contacts on
    CONTACT_ID); not one joined by another key (the students, by the student's ID)."""
    found = {rule.source}
    contact = rule.guardian.contact if rule.guardian is not None else None
    if contact is None:
        return found
    refs = {(ref.alias, ref.key) for ref in fields((*contact.parts, *contact.first_of, *contact.fallback_parts))}
    for alias, join in rule.joins.items():
        if any(ref[0] == alias for ref in refs) or any((key.alias, key.key) in refs for key in join.local):
            found.add(join.source)
    return found


def _after_publish(
    options: RunOptions,
    report: Report,
    *,
    now: dt.datetime,
    identity_prefixes: tuple[str, ...] = (),
    record: dict[str, object],
    record_text: str = "",
) -> None:
    """Remember what was published; the zip and the history copy come from the published set.
    The publishing mark (written before the swap) goes once the state records the set: until
    then, a run killed here leaves it for the next run (X962)."""
    state = gate.state_folder(options.out_dir)
    try:
        with naming(state / "last.json"):
            gate.write_record(options.out_dir, record, text=record_text)  # last.json, as the mark holds it
        # The IDs of the guardians published, for the next run. Issue 18 (delivery tracking):
        # "the last delivered set" is to replace "the last published" here, and only here.
        with naming(state / identity.FILE):
            identity.remember(state, options.out_dir / "users.csv", identity_prefixes, today=now.date())
        with naming(state / school_counts.REMEMBERED):
            school_counts.remember(state, report.facts.get("schools"))
        publishing.done(options.out_dir)
        gate.keep_history(options.out_dir, keep=options.keep, now=now, report=report)
    except OSError as exc:
        what = f"keeping its record ({exc.filename})" if exc.filename else "keeping its record"
        report.add(codes.code("after-publish-failed"), Where(), what=what, detail=exc.strerror or str(exc))
    if options.zip_path is not None:
        try:
            # Last night's zip never stays for tonight's upload to send in its place.
            options.zip_path.unlink(missing_ok=True)
            write_zip(options.out_dir, options.zip_path)
        except OSError as exc:
            what = f"writing the zip {options.zip_path}"
            report.add(codes.code("after-publish-failed"), Where(), what=what, detail=exc.strerror or str(exc))


Delivery = tuple["deliver.SftpTarget", "deliver.Credentials", "known_hosts.KnownHosts"]


def _delivery(options: RunOptions) -> Delivery | None:
    """The upload's address, credentials and known hosts, checked before anything is read:
    a file that cannot be used is the command's fault, found at once, not after publishing."""
    if options.upload is None:
        return None
    from transform.pipeline import deliver, known_hosts

    try:
        delivery = (
            deliver.parse_target(options.upload),
            deliver.credentials(password_file=options.sftp_password_file, key_file=options.sftp_key),
            known_hosts.load(options.known_hosts),
        )
    except OSError as exc:  # known_hosts exists but cannot be read
        raise TransformAbort(
            [
                Problem(
                    codes.code("sftp-credentials-unusable"),
                    Where(file=str(options.known_hosts)),
                    {
                        "option": "--known-hosts",
                        "file": options.known_hosts,
                        "detail": f"cannot read it: {exc.strerror or exc}",
                    },
                )
            ]
        ) from None
    except deliver.CredentialsError as exc:
        option = (
            "--sftp-password-file"
            if exc.file == options.sftp_password_file
            else "--sftp-key"
            if exc.file == options.sftp_key
            else deliver.KEY_ENV
        )
        raise TransformAbort(
            [
                Problem(
                    codes.code("sftp-credentials-unusable"),
                    Where(file=str(exc.file)),
                    {"option": option, "file": exc.file, "detail": str(exc)},
                )
            ]
        ) from None
    except deliver.DeliveryError as exc:
        raise TransformAbort(
            [Problem(codes.code("bad-option"), Where(), {"option": "--upload", "detail": str(exc)})]
        ) from None
    target, _, hosts = delivery
    default = options.known_hosts == DEFAULT_KNOWN_HOSTS
    if not options.trust_new_host_key and (
        why := known_hosts.missing(options.known_hosts, target.host, target.port, default=default)
    ):
        raise TransformAbort(
            [
                Problem(
                    codes.code("sftp-credentials-unusable"),
                    Where(file=str(options.known_hosts)),
                    {"option": "--known-hosts", "file": options.known_hosts, "detail": why},
                )
            ]
        )
    # A host the file does not hold yet: --trust-new-host-key will write it (tester47 F3). Off port
    # 22 a line for the bare host name may hold the server's key, which ssh(1) accepts (tester47 F6).
    held = hosts.key_types(target.host, target.port) or (target.port != 22 and hosts.key_types(target.host, 22))
    new_host = options.trust_new_host_key and not held
    if new_host and (why := known_hosts.unwritable(options.known_hosts)):
        detail = f"--trust-new-host-key would add {target.host}'s key to it, and it cannot be written: {why}"
        raise TransformAbort(
            [
                Problem(
                    codes.code("sftp-credentials-unusable"),
                    Where(file=str(options.known_hosts)),
                    {"option": "--known-hosts", "file": options.known_hosts, "detail": detail},
                )
            ]
        )
    return delivery


def _deliver(
    options: RunOptions, delivery: Delivery, report: Report, *, now: dt.datetime, record_failure: bool = True
) -> bool:
    """Upload the published set and remember whether it arrived (pipeline.delivery_state); a
    failure is remembered (the set waits) unless `record_failure` is False."""
    from transform.pipeline import deliver

    target, creds, hosts = delivery
    files = [options.zip_path] if options.zip_path else sorted(options.out_dir.glob("*.csv"))
    if missing := [str(path) for path in files if not path.is_file()]:  # a zip not written: nothing to retry
        report.add(codes.code("upload-failed"), Where(), detail=f"{', '.join(missing)} was not written; nothing sent")
        if record_failure:
            _remember(delivery_state.record_failed, options, report, target=str(target), now=now)
        return False
    for line, why in hosts.ignored:
        report.add(
            codes.code("known-hosts-line-ignored"),
            Where(file=str(hosts.path), line=line),
            file=hosts.path,
            line=line,
            detail=why,
        )
    try:
        deliver.upload(
            files,
            target,
            creds,
            known_hosts=hosts,
            trust_new_host_key=options.trust_new_host_key,
            attempts=options.upload_attempts,
            backoff=options.upload_backoff,
            timeout=options.sftp_timeout,
        )
    except deliver.DeliveryError as exc:
        report.add(codes.code("upload-failed"), Where(), detail=str(exc))
        if record_failure:
            _remember(delivery_state.record_failed, options, report, target=str(target), now=now)
        return False
    report.add(codes.code("uploaded"), Where(), files=", ".join(p.name for p in files), target=target)
    _remember(delivery_state.record_delivered, options, report, target=str(target), now=now)
    # The last delivery is tonight's: X927 (over 80 days since the last), said before the send,
    # is no longer true, and a night that sent the set again said it beside X913 (tester49 F9).
    report.withdraw(codes.code("delivery-overdue"))
    return True


def _remember(
    record: Callable[..., None], options: RunOptions, report: Report, *, target: str, now: dt.datetime
) -> None:
    try:
        record(options.out_dir, target=target, now=now)
    except OSError as exc:  # named: 'Not a directory' alone left the admin to free disk space (tester47 F7.11)
        said = exc.strerror or str(exc)
        detail = f"{os.fsdecode(exc.filename)}: {said}" if exc.filename else said
        report.add(codes.code("after-publish-failed"), Where(), what="recording the delivery", detail=detail)


def _check_folders(in_dir: Path, out_dir: Path) -> None:
    """Replacing the output must never touch the exports, nor the exports hold the output."""
    inside, outside = in_dir.resolve(), out_dir.resolve()
    if outside == inside or outside.is_relative_to(inside) or inside.is_relative_to(outside):
        detail = f"{out_dir} and {in_dir} overlap; give an output folder outside the exports"
        raise TransformAbort([Problem(codes.code("bad-option"), Where(), {"option": "OUT", "detail": detail})])


def _strict_gate(report: Report) -> None:
    warnings, errors = report.count(Severity.WARNING), report.count(Severity.ERROR)
    if warnings or errors:
        report.add(codes.code("strict-refused"), Where(), warnings=warnings, errors=errors)


def _plan(options: RunOptions) -> tuple[Plan, load.LoadedProfile]:
    """The profile checked as check_profile checks it, and compiled once, for the run's choices (it was
    compiled twice, with today's date for the check and then with --as-of: startup63). The check's
    unfilled fields and ownerless classes are judged on the run's plan: they read its rules and
    target, which no choice changes. When the choices stop the run (a bad --exclude or
    --exclude-class, or a compile that fails on them), the profile's own problems still come first,
    judged on a plan of today's date as check_profile judges them."""
    target = _target(options.target)
    profile, problems, _ = _loaded(options.profile, target)
    if problems or profile is None:
        raise TransformAbort(problems)
    try:
        _check_exclude_options(options, profile)
        choices = Choices(
            as_of=options.as_of,
            exclude_classes=options.exclude_classes,
            exclude_named=options.exclude_named,
            terms=options.terms,
            schools=options.schools,
            users_only=options.users_only,
        )
        plan = _compiled(profile, target=target, choices=choices)
    except TransformAbort:
        today = _compiled(profile, target=target, choices=Choices(as_of=dt.datetime.now(dt.UTC).date()))
        if problems := _unworkable(profile, today, users_only=options.users_only):
            raise TransformAbort(problems) from None
        raise
    if problems := _unworkable(profile, plan, users_only=options.users_only):
        raise TransformAbort(problems)
    if options.kept_over_break is not None:  # the ended term's classes kept over a break (break_kept)
        plan = break_kept.planned(plan, options.kept_over_break)
    return plan, profile


def _check_exclude_options(options: RunOptions, profile: load.LoadedProfile) -> None:
    """--exclude-class patterns that compile, --exclude names the profile offers; else abort."""
    for pattern in options.exclude_classes:
        check.re_error(pattern)  # raises TransformAbort for a pattern that does not compile
    available = set(((profile.data.get("filters") or {}).get("exclude_classes") or {}).get("available") or {})
    unknown = sorted(set(options.exclude_named) - available)
    if unknown:
        detail = f"{', '.join(unknown)} not in the profile's exclude_classes.available ({', '.join(sorted(available))})"
        raise TransformAbort([Problem(codes.code("bad-option"), Where(), {"option": "--exclude", "detail": detail})])
