"""Parents linked by another ID of their students than the one the profile links by (X817).

PowerSchool's contacts tables (StudentContactAssoc) name a student by her internal DCID, while the
students rule gives her the Student_Number. Where the two series do not overlap, links by the DCID
name nobody, and X975 refuses a set with almost no parent. Where they overlap (a district numbering
its students from 1, its DCIDs from 41), most links by the DCID name a student all the same: some
other family's child, whose Student_Number the DCID happens to be. 108 parents were published so,
each linked to a stranger's child, at exit 0 (review77 F1a); and where the DCIDs fell on graduates'
numbers, X975 took those parents for graduates' (F1b).

A students rule's `other_ids` names the columns of its export that hold another ID of the student
(PowerSchool's ID and DCID). Each link of a guardians export of its own is looked up in the column
the profile links by (the students rule's sourcedId, or the column a join reads) and in those
others, where a row gives another value than its own linked ID (a district whose DCID is the
Student_Number for everyone tells nothing). A link found in one only tells which: one found in
both is a number two series share. Links found only in another column far more often than only in
the linked one are links by that column: the set is refused, naming the export, its link column,
the other column, the counts and an example line, with the fix. Links found in neither are
students no export lists (a graduate's parent, contacts of another year): X975's words say so.

Links found in both cannot tell by their numbers, and they are most links wherever the series
overlap: contacts keyed by the DCID where a fifth of the students' DCIDs are their Student_Numbers
(dcid54b: 2 links only a DCID beside 37 only a Student_Number, 286 of 320 parents linked to
strangers' children at exit 0), or keyed half by each (reviewer89 H1: 176 so). Their contacts'
names tell (links_other_names.judge_twofold): a contact of a link by the other column shares a name
with the student whose other ID it is and not with the one whose linked ID it is; an honest
contact who shares none with her own child (a step-parent) shares one with the other student only
by chance. Found so, the set is refused, and where other twofold links share a name with their
linked students only, the message says the export mixes both keyings (no join reads it right).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from transform.pipeline.compact import IdSet
from transform.pipeline.guardian_tails import guardian_exports
from transform.pipeline.links_other_names import (
    SAMPLE,
    contact_cells,
    contact_key,
    household_cells,
    judge,
    judge_twofold,
    names_say,
    twofold_mixed,
    twofold_say,
)
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.seen_values import LINKED_IN_NO_COLUMN
from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 10  # links found only in another column: fewer may be numbers that happen to match
OTHER_TIMES = 2  # and more than twice those found only in the linked column
FACT = "links_other_ids"  # report.facts: the counts of the export judged, for X817 and X975's words


@dataclass
class _Judged:
    """One guardians export's links against one students export's columns."""

    file: str
    link: str  # the guardians export's column of the student link, as its header writes it
    students: str  # the students export
    linked: str  # the students export's column the links are meant to name, as written
    others: tuple[str, ...]  # its columns holding another ID of the student, as written
    sourced: str  # the students export's column the students rule's sourcedId reads, as written
    own: int = 0  # links found in the linked column only
    both: int = 0  # in the linked column and in another (as another student's)
    neither: int = 0
    other: dict[str, int] = field(default_factory=dict)  # column -> links found in it only
    example: dict[str, tuple[int, str]] = field(default_factory=dict)  # column -> (line, link value)
    # the first SAMPLE links found in another column only: (contact, link, the columns found in)
    sample: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    # the first SAMPLE links found in both (contact, link, line, the other columns found in)
    twofold: list[tuple[str, str, int, tuple[str, ...]]] = field(default_factory=list)

    def best(self) -> str:
        """The other column most links are found in only ("" when none)."""
        return max(self.others, key=lambda c: self.other.get(c, 0)) if self.others else ""


def _column_ref(column: ColumnPlan | None) -> FieldRef | None:
    """The first cell of the row's own export a column reads."""
    if column is None:
        return None
    parts = (*column.first_of, *column.parts)
    return next((p for p in fields(parts) if p.alias is None), None)


def _pairs(plan: Plan, sources: Mapping[str, SourceFile]) -> Iterator[tuple[RulePlan, RulePlan]]:
    """(guardian rule of an export of its own, students rule with other_ids whose IDs it links)."""
    people = [r for r in plan.rules.get("users", ()) if r.guardian is None and r.other_ids and r.source in sources]
    own = guardian_exports(plan)
    for rule in plan.rules.get("users", ()):
        if rule.guardian is None or rule.source not in own or rule.source not in sources:
            continue
        for students in people:
            yield rule, students


def _columns(rule: RulePlan, students: RulePlan, export: SourceFile) -> tuple[FieldRef, str, list[str]] | None:
    """The guardians export's link cell, the students export's column it is meant to name, and its
    other ID columns present (normalized); None when the link is not read so."""
    assert rule.guardian is not None
    link = _column_ref(rule.guardian.student)
    sourced = _column_ref(next((c for c in students.columns if c.name == "sourcedId"), None))
    if sourced is None:
        return None
    linked = sourced.key
    ref = next(iter(fields((*rule.guardian.student.first_of, *rule.guardian.student.parts))), None)
    if link is None and ref is not None and ref.alias in rule.joins:  # read through a join (Skyward SMS)
        join = rule.joins[ref.alias]
        if join.source != students.source or len(join.local) != 1 or len(join.remote) != 1:
            return None
        link, linked = join.local[0], join.remote[0]
    if link is None or linked not in export.index:
        return None
    others = [c for c in dict.fromkeys((*students.other_ids, sourced.key)) if c != linked and c in export.index]
    return (link, linked, others) if others else None


def note(report: Report, plan: Plan, sources: Mapping[str, SourceFile]) -> None:
    """While the exports can still be read: each guardians export's links counted against the
    students export's linked and other ID columns (report.facts[FACT], the export most found only
    in another column first); where the counts say links by another column, a sample of those
    judged by name (links_other_names)."""
    judged: list[tuple[_Judged, RulePlan, RulePlan]] = []
    for rule, students in _pairs(plan, sources):
        export, contacts = sources[students.source], sources[rule.source]
        found = _columns(rule, students, export)
        if found is None or found[0].key not in contacts.index:
            continue
        link, linked, others = found
        ids, series = _read_students(export, linked, others)
        written = export.header
        series = {written[export.index[c]]: values for c, values in series.items()}
        sourced = _column_ref(next((c for c in students.columns if c.name == "sourcedId"), None))
        one = _Judged(
            contacts.display,
            contacts.header[contacts.index[link.key]],
            export.display,
            written[export.index[linked]],
            tuple(written[export.index[c]] for c in others),
            written[export.index[sourced.key]] if sourced and sourced.key in export.index else "",
        )
        _count(
            one,
            contacts,
            (link.key, contact_cells(rule)),
            rule.guardian.student_separator if rule.guardian else "",
            ids,
            series,
        )
        judged.append((one, rule, students))
    if not judged:
        return
    top, rule, students = max(judged, key=lambda j: j[0].other.get(j[0].best(), 0))
    facts = _said(top, sources, plan, top.best())
    for column in sorted(top.others, key=lambda c: -top.other.get(c, 0)) if _counts_say(facts) else ():
        said = _said(top, sources, plan, column)
        if not _counts_say(said):
            break
        sample = [(key, link) for key, link, columns in top.sample if column in columns]
        names = judge(sample, sources[rule.source], rule, sources[students.source], students, column)
        said.update(names.facts() if names else {})
        if column == top.best() or names_say(said):
            facts = said  # the column whose links are its students' families' (DCID, not ID: both may hold them)
        if names_say(said):
            break
    if not (_counts_say(facts) and names_say(facts)):
        twofold, noted = _twofold(judged, sources, plan)
        facts = twofold or {**facts, **noted}
    report.facts[FACT] = facts
    if words := in_no_column(report):
        report.facts[LINKED_IN_NO_COLUMN] = words


def _twofold(
    judged: list[tuple[_Judged, RulePlan, RulePlan]], sources: Mapping[str, SourceFile], plan: Plan
) -> tuple[dict[str, object] | None, dict[str, object]]:
    """The facts of the first export whose links that fit both readings (one student's linked ID,
    another's other ID) are, by the contacts' names, the other reading's students' families' for a
    share of them (links_other_names.twofold_say): all its links by the other column (dcid54b: 20 %
    of the students' IDs their Student_Numbers, 286 of 320 parents linked to strangers' children),
    or some (reviewer89 H1: half the families keyed by the DCID, 176 parents so), which the counts
    cannot tell from honest links beside another series. None where no export's names say so; and
    the names' counts of the first column judged, for the report (a night published: how near)."""
    noted: dict[str, object] = {}
    for one, rule, students in judged:
        sides = (sources[rule.source], rule, sources[students.source], students)
        separator = rule.guardian.student_separator if rule.guardian else ""
        columns, home = (one.link, one.linked, one.others), household_cells(plan, students)
        judged_so = judge_twofold(one.twofold, sides, columns, separator, home)
        unread = [ref.column for ref in home if ref.key not in sources[students.source].index]
        for column in sorted(one.others, key=lambda c: -sum(c in found for *_, found in one.twofold)):
            readings = judged_so.get(column)
            noted = noted or ({"twofold_column": column, **readings.facts()} if readings else {})
            if readings is None or not twofold_say(readings.facts()):
                continue
            line, value = readings.example
            facts = _said(replace(one, example={**one.example, column: (line, value)}), sources, plan, column)
            facts.update(readings.facts(), named=_named(sources, plan, one.students, column, value))
            facts["household_unread"] = ", ".join(unread)  # the profile's household column the export lacks
            return facts, noted
    return None, noted


def _read_students(export: SourceFile, linked: str, others: list[str]) -> tuple[IdSet, dict[str, IdSet]]:
    """The linked column's IDs, and per other column its values that are not the row's own linked ID."""
    ids = IdSet()
    series = {c: IdSet() for c in others}
    at = export.index[linked]
    places = [(c, export.index[c]) for c in others]
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        cells = row.cells
        own = cells[at].strip() if at < len(cells) else ""
        if own:
            ids.add(own)
        for column, position in places:
            value = cells[position].strip() if position < len(cells) else ""
            if value and value != own:
                series[column].add(value)
    return ids, series


def _count(
    one: _Judged,
    contacts: SourceFile,
    cells: tuple[str, list[FieldRef]],
    separator: str,
    ids: IdSet,
    series: dict[str, IdSet],
) -> None:
    """`cells`: the link column's key and the contact ID cells (whose contact a sampled link is)."""
    at = contacts.index[cells[0]]
    for row in iter_rows(contacts, Report(max_examples=0), first_pass=False):
        cell = row.cells[at].strip() if at < len(row.cells) else ""
        for link in (s.strip() for s in cell.split(separator)) if separator else (cell,):
            if not link:
                continue
            found = [c for c, values in series.items() if link in values]
            if link in ids:
                one.both += bool(found)
                one.own += not found
                if found and len(one.twofold) < SAMPLE:
                    one.twofold.append((contact_key(row, cells[1]), link, row.line, tuple(found)))
            elif found:
                if len(one.sample) < SAMPLE:
                    one.sample.append((contact_key(row, cells[1]), link, tuple(found)))
                for column in found:
                    one.other[column] = one.other.get(column, 0) + 1
                    one.example.setdefault(column, (row.line, link))
            else:
                one.neither += 1


def _said(one: _Judged, sources: Mapping[str, SourceFile], plan: Plan, best: str) -> dict[str, object]:
    """The facts X817 and X975 read: the counts of the links found only in the `best` other
    column, and for the example link the students it names."""
    line, value = one.example.get(best, (0, ""))
    facts: dict[str, object] = {
        "file": one.file,
        "link": one.link,
        "students": one.students,
        "linked": one.linked,
        "sourced": one.sourced or one.linked,
        "others": list(one.others),
        "other": best,
        "by_other": one.other.get(best, 0),
        "by_linked": one.own,
        "both": one.both,
        "neither": one.neither,
        "line": line,
        "value": value,
    }
    if value and one.other.get(best, 0) >= AT_LEAST:
        facts["named"] = _named(sources, plan, one.students, best, value)
    return facts


def _named(sources: Mapping[str, SourceFile], plan: Plan, students: str, column: str, value: str) -> list[object]:
    """[line, sourcedId] of the students export's row whose `column` holds `value`."""
    export = next((s for s in sources.values() if s.display == students), None)
    rule = next((r for r in plan.rules.get("users", ()) if r.other_ids and export and r.source == export.source), None)
    if export is None or rule is None:
        return []
    sourced = _column_ref(next((c for c in rule.columns if c.name == "sourcedId"), None))
    at, own = export.index.get(column.strip().casefold()), export.index.get(sourced.key) if sourced else None
    if at is None or own is None:
        return []
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        if at < len(row.cells) and row.cells[at].strip() == value:
            return [row.line, row.cells[own].strip() if own < len(row.cells) else ""]
    return []


def by_other(report: Report) -> bool:
    """Whether the links name the students by another column than the profile links by: the counts
    say so and, where the contacts carry names, the links found only in that column share a name
    with the student whose ID they are far above the chance (links_other_names: review89 R1); or,
    whatever the counts, the contacts of links that fit both readings are the families of the
    students of the other reading far above the chance (all links so, or a share: a mixed keying)."""
    facts = report.facts.get(FACT)
    if not isinstance(facts, dict):
        return False
    return (_counts_say(facts) and names_say(facts)) or twofold_say(facts)


def _counts_say(facts: dict[str, object]) -> bool:
    """Whether the counts say links by another column than the profile links by: at least
    AT_LEAST links found only there, more than OTHER_TIMES as many as found only in the linked one,
    and, with those found in both, OTHER_TIMES as many as links found in no column or more. Many
    links to students no export lists (a students export of active students only, the contacts of
    every graduate kept) make numbers matching the other column by chance many too: 494 graduates'
    links were this year's students' IDs beside 162 current parents' links, each to her own child
    (a district whose IDs are its Student_Numbers shifted by as many as it has graduates), beside
    1005 links found nowhere, and were no links by the ID. A district whose contacts name its
    students by the DCID and keep graduates its students export does not list is so not told
    either: X864 (family names) is its guard there."""
    found, own = int(str(facts.get("by_other", 0))), int(str(facts.get("by_linked", 0)))
    unlisted, both = int(str(facts.get("neither", 0))), int(str(facts.get("both", 0)))
    return found >= AT_LEAST and found > OTHER_TIMES * own and unlisted * OTHER_TIMES <= found + both


def in_no_column(report: Report) -> str:
    """X975's words when the links it counts are in none of the students export's ID columns (the
    profile declares them): students no export lists; "" when not judged so."""
    facts = report.facts.get(FACT)
    if not isinstance(facts, dict) or by_other(report):
        return ""
    found = int(facts.get("by_other", 0)) + int(facts.get("both", 0))
    if int(facts.get("neither", 0)) < AT_LEAST or found * OTHER_TIMES > int(facts.get("neither", 0)):
        return ""
    columns = ", ".join([str(facts["linked"]), *map(str, facts.get("others", ()))])
    return (
        f"the students they name are in no ID column of {facts['students']} ({columns}): students no export "
        "lists (past students, whose contacts the export keeps?), or the contacts export is of another school year"
    )


def check(report: Report) -> None:
    """X817 for a guardians export whose links name the students by another of their ID columns
    (`by_other`). No flag publishes it: the set is not incomplete but wrong, each such parent
    linked to another family's child (a district whose links are right all the same lists no
    other_ids in its profile: `other_ids: []`)."""
    if not by_other(report):
        return
    facts = report.facts[FACT]
    assert isinstance(facts, dict)
    report.add(
        codes.code("guardian-links-other-id"),
        Where(file=str(facts["file"]), line=int(facts["line"] or 0), column=str(facts["link"])),
        **{**facts, **_words(facts)},
    )


def _words(facts: dict[str, object]) -> dict[str, str]:
    """X817's words: whose the example link is, what the names say, what the export does and the fix."""
    named = facts.get("named") or []
    assert isinstance(named, list)
    other, linked, students, sourced = (str(facts[k]) for k in ("other", "linked", "students", "sourced"))
    whose = (
        f"the {other} of {students}:{named[0]}, student {named[1]!r}"
        if len(named) == 2
        else f"the {other} of a student of {students}"
    )
    reading = f"the export names its students by their {other}, so its parents would be linked to other families' "
    reading += "children (or to none)"
    fix = f"link the guardians by the {other} (a join to {students} on {other}, reading its {sourced}), or export "
    fix += f"the contacts keyed by the {sourced}"
    count = int(str(facts.get("named_links", 0)))
    names = (
        f", and {facts['named_shared']} of {count} links found only so share a name with that student "
        f"({facts['named_by_chance']} by chance)"
        if count
        else ""
    )
    if twofold_say(facts) and not (_counts_say(facts) and names_say(facts)):
        whose += f" (the contact's family), and the {linked} of another student"
        names = (
            f", and {facts['twofold_other']} of {facts['twofold_links']} links that are both share a name with the "
            f"student whose {other} they are, not with the one whose {linked} they are ({facts['twofold_by_chance']} "
            "by chance)"
        )
        if twofold_mixed(facts):
            reading, fix = _mixed_words(facts)
    return {"whose": whose, "names": names, "reading": reading, "fix": fix}


def _mixed_words(facts: dict[str, object]) -> tuple[str, str]:
    """X817's reading and fix where the twofold links' contacts are also their linked students'
    families: a share keyed by the other column, or (review95 F1) a family whose children carry other
    names the tool could not see as one. The numbers are said, and the fix of each."""
    other, linked, sourced = (str(facts[k]) for k in ("other", "linked", "sourced"))
    reading = f"of the {facts['twofold_links']} links that are both, {facts['twofold_linked']} share a name with the "
    reading += f"student whose {linked} they are only: the export keys contacts by the {linked}, and the "
    reading += f"{facts['twofold_other']} may be keyed by the {other} "
    reading += "(contacts entered before a migration?), their parents linked to other families' children"
    fix = f"if the contact of line {facts['line']} is no parent of the student whose {linked} the link is, export "
    fix += f"the contacts keyed by the {sourced}, all of them (no join can tell which column a link is of); if she "
    fix += "is (a family whose children carry other names), "
    if household := str(facts.get("household_unread") or ""):
        fix += f"export the students with their {household} (one household for a family's children), or "
    return reading, fix + "list no other_ids in a district profile (other_ids: [])"
