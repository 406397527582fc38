"""Columns the profile names that an export's header lacks.

A required column missing stops the run (I201). An optional one reads as blank on every row,
which is what optional means, but a misspelt one (`SEML` for `SEM`) then empties every
student's email with no word. So each optional column a rule reads and the file lacks is
noted once, with what it changes. A column the district's own profile reads into an output
field made from nothing else leaves that field blank on every row: a warning (I240), which
`--strict` refuses. A column a condition (`where`, a filter, a guardian's `link_where`) reads
is a warning too (I260), for a bundled profile as well: the condition then sees every row
blank, so the records it exists to leave out (withdrawn students, Aeries `TG`) are published
where a blank passes it, and every record of its rule is left out where a blank fails it
(Illuminate's `Legal Guardian`: no parent published); the message says which. Not a bundled
profile's class exclusion field that is an optional column alone, beside another field the export
has (FACTS's `{Subject}` beside `{Name}`: the patterns still search that one; tester53 F6), unless
the district's own profile reads it. Anything else is a note (I244): a bundled profile's
optional columns are optional by design (not every PowerSchool export has Middle_Name), and a
field with another column or a fallback to fill it, a join or an `each` group only reads it as
blank. Each of them names a header no rule reads that is close to the missing name ("did you
mean 'TAG'?"), first one that a bundled profile reads as that column (`aliases`: OneRoster 1.0's
`agents` for `agentSourcedIds`).
The column a guardians' rule links parents to their students by is more than a blank field: absent,
beside such a header holding values, it stops the run before any record is made (I285).
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import yaml

from transform.profile.compile import ColumnPlan, ConditionPlan, Plan, RulePlan
from transform.profile.load import LoadedProfile, bundled_column_aliases, bundled_folder
from transform.profile.templates import FieldRef, Part, TemplateError, fields, normalize_column, parse
from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import Report

from .conditions import passes
from .mapping import PERSON_FIELDS
from .read import SourceFile, iter_rows
from .term_years import TERM_YEAR

CLASS_TABLES = ("classes", "enrollments", "academicSessions", "courses")
UNREAD_SAID = 4  # the unread headers an absent column's problem names, at most
CLEARLY_CLOSE, MARGIN = 0.5, 0.2  # an unread header this like a missing column's name, this far ahead: its new name


@dataclass
class AbsentColumn:
    source: str
    file: str
    line: int  # the header's line
    column: str  # as the profile declares it
    blank: list[str] = field(default_factory=list)  # output fields it leaves blank ("users.email")
    read: list[str] = field(default_factory=list)  # others that read it ("users.username")
    conditions: list[str] = field(default_factory=list)  # conditions that read it ("users where active")
    # What a blank does to each condition made of this column alone: the reason code of the rows
    # it leaves out ("F409": a blank fails it, no record of the rule is published), "" (a blank
    # passes it: what it exists to leave out is published); a condition not here may do either.
    blank_outcome: dict[str, str] = field(default_factory=dict)
    close: str = ""  # a header no rule reads that looks like a misspelling of it ("TAG" for "TG")
    # The export's headers its source declares no column for (its new name may be one): the step of
    # a refusal whose records a required field left blank by it left out names them (report.data_cause).
    unread: list[str] = field(default_factory=list)
    # What each condition leaves out, in the profile's words (`keeps_out`): said where a blank passes
    # it, so that the warning names whom it publishes (tester44 F3: "restrained contact").
    keeps: dict[str, str] = field(default_factory=dict)
    # Conditions of a guardian rule none of whose person's columns (names, email, phone) is in its
    # export either: it makes no one, so a blank that passes them publishes nothing (tester50 F2).
    makes_none: set[str] = field(default_factory=set)
    # Class exclusion fields (`exclude_classes.fields`) that read the column, a bundled profile's
    # optional one, beside another such field the export has: the patterns are matched against
    # that one (FACTS's Subject beside Name and Course_name, which a FACTS integration may not
    # write). Absent by design: a note (I244), unless the district's own profile reads the column.
    beside: list[str] = field(default_factory=list)

    def effect(self, rows: int | None, *, would: bool = False) -> str:
        """ "users.email left blank on 21 rows", or without a count before any row is read.
        `would`: of a set not published (X990)."""
        on = f" on {rows:,} row{'s' if rows != 1 else ''}" if rows is not None else ""
        said = []
        if self.blank:
            said.append(f"{', '.join(self.blank)} left blank{on}")
        if self.read:
            said.append(f"{', '.join(self.read)} read it as blank{on if not self.blank else ''}")
        for outcome in dict.fromkeys(self.blank_outcome.get(c) for c in self.conditions):
            alike = [c for c in self.conditions if self.blank_outcome.get(c) == outcome]
            said.append(self._condition_effect(alike, would=would))
        return "; ".join(said)

    def _condition_effect(self, conditions: list[str], *, would: bool = False) -> str:
        """What the blank does to conditions that read the column (I260), alike: fails them on
        every row (none of the rule's records published: Illuminate's legal_guardian), passes
        them (what they exist to leave out is published), or, read with other cells, either."""
        one = len(conditions) == 1
        named, it, them = ", ".join(conditions), ("reads" if one else "read"), ("it" if one else "them")
        outcome = self.blank_outcome.get(conditions[0])
        shall, be = ("would", "be ") if would else ("is", "")
        if outcome:
            return (
                f"{named} {it} it: every row reads it as blank and fails {them}, so every row is left out "
                f"({outcome}): none {shall} {be}published"
            )
        exists = "the condition exists" if one else "they exist"
        if outcome == "" and all(c in self.makes_none for c in conditions):
            return (
                f"{named} {it} it: every row reads it as blank and passes {them}, but none of the columns of "
                f"the person the rule makes (names, email, phone) is in {self.file} either: no parent or guardian "
                f"{shall} {be}made from it, and none {shall} {be}published (the contacts may be in a file of their "
                "own, which the profile does not read)"
            )
        if outcome == "":
            whom = [self.keeps[c] for c in conditions if self.keeps.get(c)]
            said = f" ({', '.join(dict.fromkeys(whom))})" if whom else ""
            return (
                f"{named} {it} it: every row reads it as blank and passes {them}, so any record {exists} "
                f"to leave out{said} {shall} {be}published"
            )
        may = "might" if would else "may"
        decides = "it decides" if one else "they decide"
        return (
            f"{named} {it} it with other cells: every row reads it as blank, so {decides} on the others "
            f"alone, and the records {exists} to leave out by this column {may} be published"
        )

    def note_outcome(self, use: str, cond: ConditionPlan | None, plan: Plan, *, makes_none: bool = False) -> None:
        """What a blank does to the condition `use`, read of absent columns alone, and what it
        leaves out (`keeps`). `makes_none`: its rule makes no one (`makes_none`)."""
        if makes_none:
            self.makes_none.add(use)
        if cond is not None and use not in self.blank_outcome:
            outcome = _blank_outcome(cond, plan)
            if outcome is not None:
                self.blank_outcome[use] = outcome
            self.keeps.setdefault(use, keeps_out(cond))

    def hint(self) -> str:
        return f"; did you mean {self.close!r}?" if self.close else ""

    def problem(self, rows: int | None, *, warn: bool = True, unread: str = "") -> Problem:
        """I260 when a condition reads it (whoever's profile), I240 when it blanks a field of the
        district's own profile (`warn`), else I244. check-profile (`unread`: what to say when no
        rule reads it) warns of every absent column, which may be a misspelling. Exclusion fields
        beside others (`beside`) are conditions where the district's profile reads the column
        (`warn`) or for check-profile; else they only read it (tester53 F6)."""
        if self.beside:
            if warn or unread:
                said = replace(self, conditions=[*self.conditions, *self.beside], beside=[])
            else:
                matched = [f"{use} (its patterns matched against its other fields)" for use in self.beside]
                said = replace(self, read=[*self.read, *matched], beside=[])
            return said.problem(rows, warn=warn, unread=unread)
        slug: codes.Slug = "column-absent" if (self.blank and warn) or unread else "column-absent-read"
        params: dict[str, object] = {"source": self.source, "column": self.column, "file": self.file}
        if self.conditions:
            slug, params["effect"], params["hint"] = "condition-column-absent", self.effect(rows), self.hint()
        else:
            params["effect"] = (self.effect(rows) or unread) + self.hint()
            if self.blank and self.unread:
                params["unread"] = ", ".join(self.unread[:UNREAD_SAID])
        return Problem(codes.code(slug), Where(file=self.file, line=self.line, column=self.column), params)


def find(plan: Plan, sources: dict[str, SourceFile]) -> list[AbsentColumn]:
    """Every declared column a rule of this run reads that its export lacks, in rule order."""
    found: dict[tuple[str, str], AbsentColumn] = {}
    for table, rules in plan.rules.items():
        if table not in plan.target.files or (plan.users_only and table in CLASS_TABLES):
            continue
        for rule in rules:
            if rule.source not in sources or (rule.unless_source and rule.unless_source in sources):
                continue
            conditions = _conditions(rule)
            for use, refs, kind in _uses(rule, plan):
                for ref in refs:
                    source = rule.source if ref.alias is None else _joined(rule, ref.alias)
                    export = sources.get(source or "")
                    if export is None or not export.header or ref.key in export.index:
                        continue
                    key = (export.source, ref.key)
                    absent = found.get(key)
                    if absent is None:
                        absent = found[key] = AbsentColumn(
                            export.source, export.display, export.header_line, ref.column
                        )
                        absent.close = renamed_to(export, plan, ref.key, source)
                        absent.unread = [absent.close] if absent.close else likeliest(ref.key, _unread(export, plan))
                    listed = _listed(absent, use, kind, ref, refs, rule, plan, sources, conditions.get(use))
                    if use not in listed:
                        listed.append(use)
    return list(found.values())


def _listed(
    absent: AbsentColumn,
    use: str,
    kind: Use,
    ref: FieldRef,
    refs: list[FieldRef],
    rule: RulePlan,
    plan: Plan,
    sources: dict[str, SourceFile],
    cond: ConditionPlan | None,
) -> list[str]:
    """The list of `absent` that `use`, reading it (`ref`, among `refs`), belongs in."""
    missing_all = all(_lacks(r, rule, sources) for r in refs)
    if kind == "condition" and _matched_beside(use, ref, rule, plan, sources):
        return absent.beside
    if kind == "condition" and not _optional(cond, plan):
        if missing_all:
            export = sources[absent.source]
            absent.note_outcome(use, cond, plan, makes_none=_makes_none(rule, export))
        return absent.conditions
    return absent.blank if kind == "blank" and missing_all else absent.read


def note(plan: Plan, sources: dict[str, SourceFile], report: Report, *, own: frozenset[str]) -> None:
    """After the run: each absent column in the report, with the rows its export held. `own`:
    the columns the district's own profile files read (district_columns)."""
    for absent in find(plan, sources):
        warn = normalize_column(absent.column) in own
        report.add_problem(absent.problem(report.rows_read.get(absent.file, 0), warn=warn))


def check_renamed(
    plan: Plan,
    sources: dict[str, SourceFile],
    report: Report,
    *,
    allow_incomplete: bool,
    last_held: Mapping[str, frozenset[str]] | None = None,
) -> None:
    """The safety gate: a column a condition reads is absent, and a header no rule reads looks like
    it (`close`): the export renamed it, and the condition read blank on every row either
    publishes what it exists to leave out or leaves out every record of its rule. Refused (X990,
    exit 1); with --allow-incomplete, published and said (X918). Without a look-alike the export
    may never have had the column: I260 alone.

    `last_held`: the columns each export of the last published set held (last.json), None when
    none were recorded (a first set). A column the last set's export of that source did not have
    was never in it: nothing was renamed tonight, and an unrelated header (a household column
    holding Primary and Other) is not looked for every night (reviewer65 F4). A first set has
    no such record: it is looked for, and an export that never had the column, with such a
    header, is refused once; --allow-incomplete publishes that set, and later nights are not asked."""
    for absent in renamed(plan, sources, last_held):
        where = Where(file=absent.file, line=absent.line, column=absent.column)
        if allow_incomplete:
            readers = ", ".join(absent.conditions)
            detail = f"{readers} read no column {absent.column!r} ({absent.file} has {absent.close!r})"
            report.add(codes.code("incomplete-allowed"), where, detail=detail)
            continue
        report.add(
            codes.code("condition-column-renamed"),
            where,
            source=absent.source,  # for the step's aliases (report.summary)
            file=absent.file,
            column=absent.column,
            close=absent.close,
            effect=absent.effect(report.rows_read.get(absent.file, 0), would=True),
            way=_way_out(absent, plan),  # for the step (report.summary)
        )


def renamed(
    plan: Plan, sources: dict[str, SourceFile], last_held: Mapping[str, frozenset[str]] | None = None
) -> list[AbsentColumn]:
    """The absent columns conditions read, each beside a header that looks like it (`close`), as
    `check_renamed` judges them."""
    found = []
    for column in find(plan, sources):
        held = last_held.get(column.source) if last_held is not None else None
        if held is not None and normalize_column(column.column) not in held:
            continue  # the export of the last set lacked it too: I260 (the column never there)
        absent = replace(column, conditions=[*column.conditions, *column.beside], beside=[])  # a renamed column
        if absent.conditions and not absent.close:
            absent.close = holding_its_values(absent, plan, sources[absent.source])
        if absent.conditions and absent.close:
            found.append(absent)
    return found


def renamed_in_profile(plan: Plan, sources: dict[str, SourceFile]) -> list[Problem]:
    """check-profile --exports: each column a condition reads that the export lacks beside a header
    that looks like it, an error (X830, exit 2), as the run refuses its first set (X990): a profile
    that misspells its own column (`TAG` for Aeries' `TG`, declared optional) passed at rc 0 and its
    first set published the students the condition exists to leave out (tester64 A5)."""
    return [
        Problem(
            codes.code("condition-column-misnamed"),
            Where(file=absent.file, line=absent.line, column=absent.column),
            {
                "file": absent.file,
                "column": absent.column,
                "close": absent.close,
                "effect": absent.effect(None, would=True),
                "way": _way_out(absent, plan),
            },
        )
        for absent in renamed(plan, sources)
    ]


def _way_out(absent: AbsentColumn, plan: Plan) -> str:
    """X830's and X990's way out for a look-alike that is another column, true of the run as of this
    check (reviewer126 R4): the look-alike listed in the source's optional_columns is a column of the
    export the profile knows, never a look-alike; the list written whole, the look-alike added, for a
    list a district's profile gives replaces the one it extends (`load.merge`): the bundled columns
    left out of it would be required (P106; reviewer131 R2). `optional: true` frees only a condition a
    blank passes (`_optional`), and said of one a blank fails it did nothing. --allow-incomplete is one
    night's: later runs say I260 alone (the last set's export lacked the column too), and this check
    keeps no record."""
    source = plan.sources.get(absent.source)
    whole = [*(source.optional if source is not None else ()), absent.close]
    written = yaml.safe_dump(whole, default_flow_style=True, width=1 << 20, allow_unicode=True).strip()
    listed = (
        f"list {absent.close!r} in the {absent.source} source's optional_columns (a column of its own), the "
        f"whole list, as a list in your profile replaces the one it extends: sources: {{{absent.source}: "
        f"{{optional_columns: {written}}}}}"
    )
    if absent.conditions and all(absent.blank_outcome.get(use) == "" for use in absent.conditions):
        return f"mark the condition `optional: true`, or {listed}"
    return f"{listed}; `optional: true` frees only a condition a blank passes, and a blank fails this one"


VALUES_READ = 500  # rows of the export read to tell a header holding a condition's values
LISTING_OPS = ("in", "not_in", "equals", "not_equals")


def holding_its_values(absent: AbsentColumn, plan: Plan, export: SourceFile) -> str:
    """An unread header of the export whose cells are the values the absent column's conditions
    list, "" when none is: Clever's contacts.csv `type` renamed `kind` holds Parent/Guardian,
    Secondary and Emergency, the words not_emergency and guardian_contact compare it with
    (tester66 F1), whatever its new name. At least two of the listed values, and most of the
    header's filled cells among them, in the first VALUES_READ rows; values with a letter. Not a
    header about another column of the export: email_type holding Primary and Other is the
    email's (reviewer65 F4)."""
    listed = _listed_values(absent, plan)
    unread = {key: name for key, name in _unread(export, plan).items() if not of_another_column(name, export.header)}
    if not listed or not unread:
        return ""
    seen: dict[str, list[str]] = {key: [] for key in unread}
    for count, row in enumerate(iter_rows(export, Report(max_examples=0), first_pass=False)):
        if count >= VALUES_READ:
            break
        for key in unread:
            at = export.index[key]
            if at < len(row.cells) and row.cells[at].strip():
                seen[key].append(" ".join(row.cells[at].split()).casefold())
    for key, cells in seen.items():
        among = [cell for cell in cells if cell in listed]
        if len(set(among)) >= 2 and len(among) * 2 > len(cells):
            return unread[key]
    return ""


def _listed_values(absent: AbsentColumn, plan: Plan) -> frozenset[str]:
    """The values the conditions reading the absent column alone compare it with (casefolded)."""
    found: set[str] = set()
    for rules in plan.rules.values():
        for rule in rules:
            for use, cond in _conditions(rule).items():
                refs = _refs(cond.parts)
                if use not in absent.conditions or cond.op not in LISTING_OPS or len(refs) != 1:
                    continue
                if normalize_column(refs[0].column) != normalize_column(absent.column):
                    continue
                values = cond.value if isinstance(cond.value, list | tuple | set | frozenset) else [cond.value]
                found.update(" ".join(str(v).split()).casefold() for v in values)
    # Words only: a list of codes (0, 1, 2) is held by many a column of small numbers.
    return frozenset(value for value in found if any(c.isalpha() for c in value))


def keeps_out(cond: ConditionPlan) -> str:
    """What a condition leaves out, in the profile's words: its `because` ("restrained contact
    (record type R)"), else its reason's name ("emergency contact"); "" for the generic
    row-filtered, which says nothing the condition's name does not."""
    if cond.because:
        return cond.because
    slug = cond.reason.slug
    return "" if slug == "row-filtered" else slug.replace("-", " ")


def keepers(plan: Plan, source: str, column: str) -> dict[str, str]:
    """The conditions (`where`, a guardian's `link_where`) of the run's rules that read the column
    of the source and would let in, read blank, whom they exist to leave out (a blank passes them,
    or they read it with other cells), by the name the report gives them ("users where
    not_restrained"), with what each leaves out (`keeps_out`). Not those a blank fails (every row
    left out: X951 and the removal limit say so), nor those another rule takes the failing rows of."""
    key = normalize_column(column)
    found: dict[str, str] = {}
    for table, rules in plan.rules.items():
        if table not in plan.target.files or (plan.users_only and table in CLASS_TABLES):
            continue
        for rule in rules:
            link_where = rule.guardian.link_where if rule.guardian is not None else ()
            for cond in (*rule.where, *link_where):
                use = f"{table} where {cond.name}"
                refs = [ref for ref in _refs(cond.parts) if ref.alias != "settings"]
                here = [r for r in refs if (rule.source if r.alias is None else _joined(rule, r.alias)) == source]
                if cond.routes or use in found or key not in {r.key for r in here}:
                    continue
                alone = all(r.key == key for r in here) and len(here) == len(refs)
                if not alone or not _blank_outcome(cond, plan):
                    found[use] = keeps_out(cond)
    return found


def required_readers(plan: Plan, source: str, column: str) -> str:
    """The fields the target requires that the rules of the run read from the source's column and
    from no other ("users.givenName, users.familyName"): declared optional, the column would leave
    every row without them (D304), so I201's step asks for the column (tester63 F8: Microsoft's
    SDS minimum sample, its First Name and Last Name offered optional_columns)."""
    key = normalize_column(column)
    found: list[str] = []
    for table, rules in plan.rules.items():
        required = plan.target.required.get(table, ())
        for rule in rules if table in plan.target.files else ():
            for spec in (*rule.columns, *(c for _, group in rule.groups for c in group)):
                refs = spec.first_of or tuple(fields(spec.parts))
                read = {r.key for r in refs if (rule.source if r.alias is None else _joined(rule, r.alias)) == source}
                field = f"{table}.{spec.name}"
                alone = read == {key} and len(refs) == 1 and not spec.fallback and not spec.default
                if spec.name in required and alone and field not in found:
                    found.append(field)
    return ", ".join(found)


def said_keepers(found: dict[str, str]) -> str:
    """ "users where not_restrained (restrained contact (record type R)) and users where
    not_emergency (emergency contact)"."""
    named = [f"{use} ({what})" if what else use for use, what in found.items()]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def keep_outs_said(
    problems: list[Problem],
    plan: Plan,
    last: Mapping[str, frozenset[str]] | None,
    *,
    last_as_of: str = "",
    profile_changed: bool = False,
) -> list[Problem]:
    """The problems that stopped the run, each required column missing (I201) that a condition
    leaving people out reads said so: which conditions and what they leave out; and each the
    exports of the last published set held (`last`: their columns by source, last.json's; None
    when not recorded) said as lost from the export (`lost_since_last_set`). Aeries' CON.CD lost
    from the export: "declare it optional" read as a way out, and the restrained father it keeps
    out was published every night after (tester44 F3). report.summary makes the step of it: the
    export first, and what optional would do."""
    said = []
    for problem in problems:
        source, column = str(problem.params.get("source", "")), str(problem.params.get("column", ""))
        found = keepers(plan, source, column) if problem.code.id == "I201" and source else {}
        if not found:
            needs = required_readers(plan, source, column) if problem.code.id == "I201" and source else ""
            said.append(
                Problem(problem.code, problem.where, {**problem.params, "requires": needs}) if needs else problem
            )
            continue
        one = len(found) == 1
        readers = said_keepers(found)
        had = last is not None and normalize_column(column) in last.get(source, frozenset())
        keeps = (
            f"; {readers} {'reads' if one else 'read'} it to leave people out: without it "
            f"{'it' if one else 'they'} cannot tell whom"
        )
        params = {**problem.params, "keeps": keeps, "readers": readers, "had": last_as_of if had else ""}
        said.append(Problem(problem.code, problem.where, params))
    # The profile changed since (an alias taken out): the column is the profile's to read, I201 (reviewer63 R6).
    return said if profile_changed else lost_since_last_set(said, last, last_as_of=last_as_of)


def lost_since_last_set(
    problems: list[Problem], last: Mapping[str, frozenset[str]] | None, *, last_as_of: str
) -> list[Problem]:
    """Each required column missing (I201) that the export of the last published set had (`last`:
    their columns by source, last.json's) said as the export's (I295, exit 1), not the command's
    or profile's (I201, exit 2): the profile that read it then reads it now, and the export's
    template or query lost it (tester62 F6: Aeries' CON.CD written CD_TYPE one night, exit 2,
    "the command is wrong", sent the admin to the crontab, not the SIS export). A column the export
    never had stays I201: the profile reads one it does not hold. So a required export the last set
    was made with, not found tonight, is the export's (I253, exit 1), not I200's (exit 2): the profile
    that found it then looks for it now (tester74 F14)."""
    if last is None:
        return problems
    said = []
    for problem in problems:
        source, column = str(problem.params.get("source", "")), str(problem.params.get("column", ""))
        if problem.code.id == "I201" and normalize_column(column) in last.get(source, frozenset()):
            params = {"keeps": "", **problem.params, "had": last_as_of}
            problem = Problem(codes.code("column-lost-from-export"), problem.where, params)
        elif problem.code.id == "I200" and source in last:  # the whole export gone (exit56: tester74 F14)
            problem = Problem(codes.code("export-lost"), problem.where, {**problem.params, "had": last_as_of})
        said.append(problem)
    return said


def unread_links(plan: Plan, sources: dict[str, SourceFile]) -> list[Problem]:
    """Before any row is read: the column a guardians' rule links its people to their students by
    (`guardian.student`: OneRoster's agentSourcedIds) is not in the export, which has a column
    under another name a bundled profile reads for it (`aliases`: OneRoster 1.0's agents, which
    1.2 exporters still write), with values in it. The links are there and the profile reads none:
    every parent or guardian whose students do not name them would be left out (F413, a note the
    removal limit does not count), a district's parents gone at exit 0 (tester33 F3). The export's
    layout is not the profile's: I285, exit 2, as a missing column is (I201). A near spelling
    alone (orgSourcedIds beside agentSourcedIds) is no such evidence: I244 asks about it."""
    problems = []
    for rule in plan.rules.get("users", ()):
        if rule.guardian is None:
            continue
        link = rule.guardian.student
        refs = _refs((*link.parts, *link.first_of, *link.fallback_parts))
        if not refs or not all(_lacks(ref, rule, sources) for ref in refs):
            continue
        ref = refs[0]
        source = (rule.source if ref.alias is None else _joined(rule, ref.alias)) or ""
        export = sources[source]
        unread = _unread(export, plan)
        other = next((key for key in known_spellings(source, ref.key) if key in unread), "")
        filled = _filled_rows(export, export.index[other]) if other else 0
        if not filled:
            continue
        readers = next(
            names for spelt, names in bundled_column_aliases()[(source, ref.key)] if normalize_column(spelt) == other
        )
        named = " and ".join(repr(name) for name in readers)
        problems.append(
            Problem(
                codes.code("guardian-link-column-absent"),
                Where(file=export.display, line=export.header_line, column=unread[other]),
                {
                    "file": export.display,
                    "column": ref.column,
                    "rule": f"tables.{rule.table}.{rule.name}",
                    "other": unread[other],
                    "profiles": f"profile {named} reads" if len(readers) == 1 else f"profiles {named} read",
                    "filled": f"{filled:,} row{'s' if filled != 1 else ''}",
                    "source": source,
                    "aliases": f"aliases: {{{ref.column}: [{unread[other]}]}}",
                },
            )
        )
    return problems


def _filled_rows(export: SourceFile, position: int) -> int:
    """How many rows of the export hold a value in the column at `position` (read again)."""
    return sum(
        1
        for row in iter_rows(export, Report(max_examples=0), first_pass=False)
        if position < len(row.cells) and row.cells[position].strip()
    )


def district_columns(profile: LoadedProfile) -> frozenset[str]:
    """The columns the rules and filters of the profile's own files read (not those of bundled
    profiles it extends): every `column:` and {placeholder} under their `tables` and `filters`
    (an exclusion field of the district's own), normalized."""
    bundled = bundled_folder().resolve()
    found: set[str] = set()
    for pf in profile.chain:
        if pf.path.resolve().parent != bundled:
            _collect(pf.data.get("tables"), found)
            _collect(pf.data.get("filters"), found)
    return frozenset(found)


def district_sources(profile: LoadedProfile) -> frozenset[str]:
    """The sources the profile's own files declare or change (not only bundled profiles)."""
    bundled = bundled_folder().resolve()
    return frozenset(
        name for pf in profile.chain if pf.path.resolve().parent != bundled for name in (pf.data.get("sources") or {})
    )


def _collect(node: object, found: set[str]) -> None:
    if isinstance(node, dict):
        for value in node.values():
            _collect(value, found)
    elif isinstance(node, list):
        for item in node:
            _collect(item, found)
    elif isinstance(node, str):
        found.add(normalize_column(node))  # a `column:` name (or any other value: harmless)
        with contextlib.suppress(TemplateError):  # not a template: the checker said so already
            found.update(ref.key for ref in fields(parse(node)))


def unread_headers(export: SourceFile, plan: Plan) -> list[str]:
    """The export's headers, as written, that its source declares no column for: where a column
    the profile reads went, its new name is among them."""
    return list(_unread(export, plan).values())


def _unread(export: SourceFile, plan: Plan) -> dict[str, str]:
    """The export's headers its source declares no column for (normalized -> as written)."""
    source = plan.sources.get(export.source)
    declared = {normalize_column(c) for c in (*source.columns, *source.optional)} if source else set()
    return {key: export.header[at] for key, at in export.index.items() if key not in declared}


def _look_alikes(export: SourceFile, plan: Plan) -> dict[str, str]:
    """The unread headers a missing column may have been renamed to: not a name the profile reads
    as a column of its own in another export (an Illuminate roster.txt's Birth Date, the students
    export's birth date, is no Entry Date renamed: a roster without its optional Entry and Exit
    Date was refused as X990, uncovered48)."""
    declared = {normalize_column(c) for s in plan.sources.values() for c in (*s.columns, *s.optional)}
    return {key: header for key, header in _unread(export, plan).items() if key not in declared}


# The families of condition operators (reviewer131 R1): what a condition asks of its column. A
# header another condition reads in the same family as the absent column's conditions is a look-alike
# (`{TG} not_in [I, X]` beside a misspelt `{TAG} empty`: both the value of a tag); one read in another
# is a column of its own (Synergy's staff ENTER_DATE, a hire date the students' `date_le` reads as a
# start, beside the staff's absent LEAVE_DATE, read `date_ge` as an end).
OPERATOR_FAMILY = {
    "date_ge": "ended",
    "date_gt": "ended",
    "date_le": "started",
    "date_lt": "started",
    **dict.fromkeys(("lt", "le", "gt", "ge"), "number"),
}  # any other (empty, not_empty, in, not_in, equals, not_equals, matches, not_matches): "value"


def _families(plan: Plan) -> dict[str, set[str]]:
    """The operator families of the conditions (`where`, `link_where`) reading each column, by
    its normalized name, in whichever export."""
    found: dict[str, set[str]] = {}
    for rules in plan.rules.values():
        for rule in rules:
            for cond in _conditions(rule).values():
                for ref in _refs(cond.parts):
                    found.setdefault(ref.key, set()).add(OPERATOR_FAMILY.get(cond.op, "value"))
    return found


def _read_alike(export: SourceFile, plan: Plan, column: str) -> dict[str, str]:
    """The unread headers of the export that a condition of the profile reads (in another export)
    in a family (`OPERATOR_FAMILY`) the absent column's conditions read it in: Aeries' tag TG, read
    `{TG} empty` (or `not_in [I, X]`, the same family: reviewer126 R2) in the staff exports, beside a
    students condition `{TAG} empty` a district's profile misspelt (tester64 A5). Such a header is no
    column of another export's own that `_look_alikes` sets aside (a birth date beside an entry date):
    the profile reads it to leave rows out, as the absent column is read. Not one read in another
    family only: an end date is no start date misspelt (reviewer131 R1); `close_header` still demands
    a near spelling."""
    families = _families(plan)
    wanted = families.get(column, set())
    return {key: header for key, header in _unread(export, plan).items() if wanted & families.get(key, set())}


def renamed_to(export: SourceFile, plan: Plan, column: str, source: str | None) -> str:
    """The header of `export` its absent `column` (normalized; read as a column of `source`) looks renamed
    to (`close_header`: I244's "did you mean"), "" when none is (pipeline.columns_gate's X923 too)."""
    alike = _look_alikes(export, plan) | _read_alike(export, plan, column)
    return close_header(column, alike, known_spellings(source, column), _unread(export, plan), export.header)


def known_spellings(source: str | None, column: str) -> tuple[str, ...]:
    """The other names bundled profiles read for the column of this source (normalized, in their
    order): ("agents", "agentsourcedid") for users' agentSourcedIds."""
    known = bundled_column_aliases().get((source or "", normalize_column(column)), ())
    return tuple(normalize_column(spelt) for spelt, _ in known)


def close_header(
    missing: str,
    unread: dict[str, str],
    known: tuple[str, ...] = (),
    tails: dict[str, str] | None = None,
    headers: Sequence[str] = (),
) -> str:
    """The unread header most like a missing column's name: another name a bundled profile reads
    for it (`known`: OneRoster 1.0's agents for agentSourcedIds, before orgSourcedIds, a nearer
    spelling of another column), else a near spelling (TAG for TG) or one that starts with it
    (SEMAIL for SEM); "" when none is."""
    alias = next((unread[key] for key in known if key in unread), "")
    if alias:
        return alias
    close = difflib.get_close_matches(missing, list(unread), n=1, cutoff=0.6)
    if close:
        return unread[close[0]]
    longer = [key for key in unread if len(missing) >= 2 and key.startswith(missing)]
    if longer:
        return unread[min(longer, key=len)]
    # The column's name with a word of the file's own before it (contacts.csv's `type` written
    # `contact_type`, tester66 F1): the same column, named as the SIS names its other columns,
    # even where another export's column has that name (Clever's students.csv Contact_type is
    # the same column as contacts.csv's type). `tails`: the export's unread headers, all of them.
    # Not when that word is a column of the export (`headers`): email_type is the email's type,
    # beside an email column, not the contact's (reviewer65 F4).
    pool = unread if tails is None else tails
    ends = [
        key
        for key, header in pool.items()
        if len(missing) >= 3 and _ends_with_word(header, missing) and not of_another_column(header, headers)
    ]
    return pool[min(ends, key=len)] if ends else ""


def likeliest(missing: str, unread: dict[str, str]) -> list[str]:
    """The unread headers, the one most like the missing column's name first; only that one when it
    is clearly closest (orgSourcedIds renamed schoolSourcedId, beside dateLastModified and password)."""
    ratio = {key: difflib.SequenceMatcher(None, missing, key).ratio() for key in unread}
    ranked = sorted(unread, key=lambda key: (-ratio[key], key))
    if ranked and ratio[ranked[0]] >= CLEARLY_CLOSE and all(ratio[k] <= ratio[ranked[0]] - MARGIN for k in ranked[1:]):
        return [unread[ranked[0]]]
    return [unread[key] for key in ranked]


def of_another_column(header: str, headers: Sequence[str]) -> bool:
    """Whether the header is about another column of the export, its words after that column's
    name: email_type beside email (the email's type), not contact_type beside contact_id."""
    words = _words(header)
    return any(0 < len(other) < len(words) and words[: len(other)] == other for other in map(_words, headers))


def _ends_with_word(header: str, missing: str) -> bool:
    """Whether the header's last words are the missing name's, after a word of its own:
    `contact_type`, `Contact Type`, `ContactType` for `type`; not `subtype` nor `type`."""
    words = _words(header)
    tail = _words(missing)
    return len(words) > len(tail) > 0 and words[-len(tail) :] == tail


def _words(name: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return [w.casefold() for w in re.split(r"[^0-9A-Za-z]+", spaced) if w]


def _joined(rule: RulePlan, alias: str) -> str | None:
    join = rule.joins.get(alias)
    return join.source if join is not None else None


def _lacks(ref: FieldRef, rule: RulePlan, sources: dict[str, SourceFile]) -> bool:
    source = rule.source if ref.alias is None else _joined(rule, ref.alias)
    export = sources.get(source or "")
    return export is not None and bool(export.header) and ref.key not in export.index


Use = Literal["blank", "read", "condition"]


def _uses(rule: RulePlan, plan: Plan) -> list[tuple[str, list[FieldRef], Use]]:
    """(what reads it, the fields it reads, how: "blank" an output value made of nothing else,
    "condition" a where or filter, "read" anything else)."""
    table = rule.table
    out: list[tuple[str, list[FieldRef], Use]] = []
    columns = list(rule.columns)
    if rule.guardian is not None:
        columns += [rule.guardian.student, *([rule.guardian.contact] if rule.guardian.contact else [])]
        out.append((f"{table} guardian household", _refs(rule.guardian.household), "read"))
        for cond in rule.guardian.link_where:
            out.append((f"{table} where {cond.name}", _refs(cond.parts), "condition"))
    for column in columns:
        refs = _refs((*column.parts, *column.first_of, *column.fallback_parts))
        out.append((f"{table}.{column.name}", refs, "blank" if _only_fields(column) else "read"))
    for group, group_columns in rule.groups:  # a group with its cells empty makes no record: by design
        for column in group_columns:
            refs = _refs((*column.parts, *column.first_of, *column.fallback_parts))
            out.append((f"{table}.{column.name} (each {group})", refs, "read"))
    for cond in rule.where:
        out.append((f"{table} where {cond.name}", _refs(cond.parts), "condition"))
    for name, parts in plan.filter_templates(table).items():
        # A term's school year only judges terms written without dates: none, it judges nothing.
        kind: Use = "read" if name == TERM_YEAR else "condition"
        out.append((f"{table} filter {name.split(':')[0]}", _refs(parts), kind))
    for alias, join in rule.joins.items():
        out.append((f"{table} join {alias}", list(join.local), "read"))
    return [(use, [r for r in refs if r.alias != "settings"], kind) for use, refs, kind in out if refs]


def _matched_beside(use: str, ref: FieldRef, rule: RulePlan, plan: Plan, sources: dict[str, SourceFile]) -> bool:
    """Whether `use` is a class exclusion field that is the column alone (`{Subject}`), one the
    profile declares optional, beside another such field whose column the export has (`{Name}`):
    the exclusion's patterns are still matched against that one. Not a field with text of its
    own (Infinite Campus's `flag.hmrm={homeroomSection}`), which exists for that column."""
    if plan.exclude is None or use != f"{rule.table} filter exclude":
        return False
    source = (rule.source if ref.alias is None else _joined(rule, ref.alias)) or ""
    declared = plan.sources.get(source)
    if declared is None or ref.key not in {normalize_column(c) for c in declared.optional}:
        return False
    alone = [refs[0] for _, parts in plan.exclude.fields if len(refs := _refs(parts)) == 1 and _only_refs(parts)]
    return ref in alone and any(other != ref and not _lacks(other, rule, sources) for other in alone)


def _only_refs(parts: tuple[Part, ...]) -> bool:
    return not any(isinstance(part, str) and part.strip() for part in parts)


def _makes_none(rule: RulePlan, export: SourceFile) -> bool:
    """Whether a guardian rule reads none of the columns of a person's names, email and phone
    from its export (the rule's own cells, not a join's): it makes no one."""
    if rule.guardian is None:
        return False
    columns = [*rule.columns, *(column for _, group in rule.groups for column in group)]
    refs = [
        ref
        for column in columns
        if column.name in PERSON_FIELDS
        for ref in _refs((*column.parts, *column.first_of, *column.fallback_parts))
    ]
    return bool(refs) and all(ref.alias is None and ref.key not in export.index for ref in refs)


def _conditions(rule: RulePlan) -> dict[str, ConditionPlan]:
    """The rule's conditions by the name `_uses` gives them."""
    link_where = rule.guardian.link_where if rule.guardian is not None else ()
    return {f"{rule.table} where {cond.name}": cond for cond in (*link_where, *rule.where)}


def _optional(cond: ConditionPlan | None, plan: Plan) -> bool:
    """A condition marked `optional` whose blank passes: its absent column loses nothing (I244)."""
    return cond is not None and cond.optional and _blank_outcome(cond, plan) == ""


def _blank_outcome(cond: ConditionPlan, plan: Plan) -> str | None:
    """What a row whose fields are all blank does to the condition: "" it passes, the code of
    its reason it fails (the row is left out), None neither surely (literal text in the
    template, or another rule takes the rows failing it)."""
    if any(isinstance(part, str) and part.strip() for part in cond.parts):
        return None
    if cond.allow_empty:
        return ""
    passed = passes(cond, "", plan)
    if passed is None:  # a date operator: no date
        passed = cond.keep_invalid_date
    if passed:
        return ""
    return None if cond.routes else cond.reason.id


def _refs(parts: tuple[Part, ...]) -> list[FieldRef]:
    return fields(parts)


def _only_fields(column: ColumnPlan) -> bool:
    """The value is made of export cells only: with all of them absent it is blank."""
    literal = any(isinstance(p, str) and p.strip() for p in (*column.parts, *column.fallback_parts))
    return column.fixed is None and not column.default and not literal


def every_optional(plan: Plan, sources: dict[str, SourceFile]) -> list[Problem]:
    """check-profile --exports: every optional column the files lack, as a warning, with what it
    changes (a column no rule reads changes nothing, but it may be a misspelling too)."""
    used = {(a.source, normalize_column(a.column)): a for a in find(plan, sources)}
    problems = []
    for name, source in plan.sources.items():
        export = sources.get(name)
        if export is None or not export.header:
            continue
        for column in source.optional:
            key = normalize_column(column)
            if key in export.index:
                continue
            absent = used.get((name, key))
            if absent is None:
                absent = AbsentColumn(name, export.display, export.header_line, column)
                absent.close = close_header(key, _look_alikes(export, plan), known_spellings(name, key))
            problems.append(absent.problem(None, unread=f"no rule reads it ({plan.target.name} target)"))
    return problems


def layout_changed_since_last_set(
    problems: list[Problem], rows_read: Mapping[str, object] | None, *, last_as_of: str
) -> list[Problem]:
    """Each I269 (an export's bytes or header not as the profile declares: its encoding, delimiter,
    one column spelled twice with other values) of a file the last published set read rows of
    (`rows_read`: last.json's, by file name; None: no set, or the profile changed since) said as the
    export's (X833, exit 1), not the profile's (I269, exit 2): the declaration read it then, and the
    export changed tonight (reviewer105 R5: CON.csv turned Windows-1252 under `encoding: utf-8`), as
    I295 is for a column and I253 for an export."""
    if not rows_read:
        return problems
    read_then = {str(name).rsplit("/", 1)[-1].casefold() for name, rows in rows_read.items() if rows}
    said = []
    for problem in problems:
        name = str(problem.params.get("file", "")).replace("\\", "/").rsplit("/", 1)[-1].casefold()
        if problem.code.id == "I269" and name in read_then:
            problem = Problem(
                codes.code("layout-changed-in-export"), problem.where, {**problem.params, "had": last_as_of}
            )
        said.append(problem)
    return said
