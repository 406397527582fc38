"""The words of the run's summary, as plain lines: the examples, the changes, the verdict with
the users by role (and school) and the next step. render.py prints them (stdout), last of all,
so that the verdict is on the last screen whatever came before."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from transform.report.codes import BY_ID, Action, Severity, explain
from transform.report.data_cause import data_cause_step
from transform.report.problem import Problem
from transform.report.report import ENROLLED_LEFT_OUT, enrolled_apart, enrolled_cause, enrolled_most

if TYPE_CHECKING:
    from transform.api import RunResult
    from transform.report.report import Report

EXAMPLE_LINES = 5  # one example per code, errors first: a few lines, never a screenful
FEW_SCHOOLS = 5  # up to this many schools, the verdict counts users per school too
ROLE_GROUPS = {
    "student": "student",
    "parent": "parent/guardian",
    "guardian": "parent/guardian",
    "relative": "parent/guardian",
    "teacher": "staff",
    "aide": "staff",
    "administrator": "staff",
    "proctor": "staff",
}
_PLURALS = {"student": "students", "parent/guardian": "parents/guardians", "staff": "staff"}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def clip(text: str, width: int) -> str:
    """One line of at most `width` characters, cut between words with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut.rstrip(" ,;:") + "…"


def example_lines(report: Report, *, redact: bool, width: int, skip: frozenset[str] = frozenset()) -> list[str]:
    """The first example of the codes that matter most (errors, then warnings, then the
    rest; larger counts first), one clean line each."""
    chosen = sorted(
        (cid for cid in report.counts if report.examples.get(cid) and cid not in skip),
        key=lambda cid: (_SEVERITY_ORDER[report.codes_seen[cid].severity], -report.counts[cid], cid),
    )
    return [_example(report.examples[cid][0], redact=redact, width=width) for cid in chosen[:EXAMPLE_LINES]]


def _example(problem: Problem, *, redact: bool, width: int) -> str:
    message = str(problem.to_dict(redact=redact)["message"])
    place = f"{problem.where}: " if str(problem.where) else ""
    return "  " + clip(f"{problem.code.id} {place}{message}", width - 2)


def explain_pointer(explain: Path | None) -> str:
    if explain is not None:
        return f"Every record left out, with its school, name and SIS number: {explain}"
    return "Every record left out, and why: rerun with --explain PATH (a CSV)."


def changes_line(report: Report) -> str:
    """What changed against the last published set; "" on a first set or when nothing was published."""
    changes: Mapping[str, Mapping[str, int]] = report.facts.get("changes") or {}
    if not report.published or report.facts.get("first_set", True) or not changes:
        return ""
    if report.facts.get("compared_with") == "recorded counts":  # no set to compare by ID (X973)
        return ""
    parts = [
        f"{table} +{c['added']:,} -{c['removed']:,} ~{c['changed']:,}"
        for table, c in changes.items()
        if c["added"] or c["removed"] or c["changed"]
    ]
    if not parts:
        return "No changes since the last published set."
    return "Changes since the last published set (+added -removed ~changed): " + ", ".join(parts) + "."


def role_counts(by_role: Mapping[str, int]) -> str:
    """ "26 students, 26 parents/guardians, 4 staff"."""
    groups: dict[str, int] = {}
    for role, count in by_role.items():
        group = ROLE_GROUPS.get(role, role)
        groups[group] = groups.get(group, 0) + count
    order = [*_PLURALS, *sorted(set(groups) - set(_PLURALS))]
    return ", ".join(f"{groups[g]:,} {_PLURALS.get(g, g) if groups[g] != 1 else g}" for g in order if groups.get(g))


def verdict_lines(result: RunResult, *, out_dir: Path) -> list[str]:
    """The verdict: published (first set or not) with the users by role, or why not."""
    report = result.report
    if report.published:
        return _published(report, out_dir)
    stopped = f"{stopped_by(result.problems)}, above" if result.problems else "nothing is due yet"
    if not result.problems and (taken := _pause_taken(report)):  # exit 1: the flag let a refusal through
        stopped = (
            f"nothing is due only because --allow-incomplete let {taken.params.get('pause')}'s refusal through "
            "(F453), nothing published either way; exit 1"
        )
    kept = (
        f"{out_dir} keeps the last published set"
        if (out_dir / "users.csv").is_file()
        else f"nothing was written to {out_dir}"
    )
    return [f"Nothing published ({stopped}): {kept}."]


def _pause_taken(report: Report) -> Problem | None:
    """F453 of a pause not believed (X828, X859) that --allow-incomplete took as right (half_dated.taken_as_right)."""
    return next((p for p in report.examples.get("F453", []) if p.params.get("pause")), None)


def _pause_taken_step(taken: Problem) -> str:
    """The Next of a pause --allow-incomplete took as right: the doubt's own step, with its count, and the flag
    out of the job (review151 R3: it said 'look at each refusal ... if the set is right', no set being made)."""
    p = taken.params
    rows = f"{p.get('undated')} of the {p.get('rows')} class rows of {p.get('file')} have no term {p.get('side')}"
    if p.get("pause") == "X828":
        why = f"{rows}, {p.get('running')} of them dated so that their class may run tonight"
    else:
        why = rows
    return (
        f"--allow-incomplete took {p.get('pause')}'s refusal as right ({why}: filters.current_term {p.get('side')} "
        f"reads {p.get('template')}, blank on them). Point filters.current_term's start and end at the columns "
        "holding the terms' (or courses') own dates and rerun. Take --allow-incomplete out of the scheduled job: "
        "left in, it takes every such night as nothing due, the set in Remind going stale."
    )


def stopped_by(problems: Sequence[Problem]) -> str:
    """The codes that stopped a run, as the verdict says them: the one the Next line's step fixes
    first, with its slug, then the others ("X976 school-missing and X906, X953")."""
    first = ordered_stops(list(problems))[0]
    others = sorted({p.code.id for p in problems} - {first.code.id})
    return f"{first.code.id} {first.code.slug}" + (f" and {', '.join(others)}" if others else "")


def _count(n: int, one: str, many: str) -> str:
    """ "1 class", "2 classes", "1,204 users"."""
    return f"{n:,} {one if n == 1 else many}"


def few(names: Sequence[str], shown: int = 3) -> str:
    """The first `shown` of `names`, and how many more: a district of twenty schools in one line."""
    if len(names) <= shown + 1:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def _published(report: Report, out_dir: Path) -> list[str]:
    written = report.rows_written
    users: dict[str, Any] = report.facts.get("users") or {}
    first = " (first set)" if report.facts.get("first_set", False) else ""
    people = role_counts(users.get("by_role", {}))
    schools = users.get("by_school", [])
    lines = [
        f"Published {out_dir}{first}: {_count(written.get('users.csv', 0), 'user', 'users')}"
        + (f" ({people})" if people else "")
        + f", {_count(written.get('classes.csv', 0), 'class', 'classes')}"
        + f", {_count(written.get('enrollments.csv', 0), 'enrolment', 'enrolments')}"
        + (f" at {len(schools)} schools." if len(schools) != 1 else " at 1 school.")
    ]
    if 1 < len(schools) <= FEW_SCHOOLS:
        for school in schools:
            counts = role_counts(school["by_role"]) or "no users"
            lines.append(f"  {school['school']} {school['name']}: {counts}")
    return lines


# What a published run leaves for a person to look at (exit 1, "Published, but ..."), in the order
# said: user IDs that name another person (X939), people (X958) or classes (X919) under new IDs,
# class IDs that name another class (X823),
# students' emails that are their guardians' (V609) or the other kind's (V554), a condition of a
# new profile that matches no row (P113), names read whole or swapped on a new profile (V555,
# X870), a new profile's users rule whose conditions left out nearly all the rows tonight's
# classes enrol (X886), classes of a new profile with no term filter though the exports date the
# terms (I274: next semester's classes published in October, tester57 F3), a status condition of
# a new profile that keeps the leavers its students in no class are (P118), a new profile's
# exclusion pattern matching inside the words of several class titles (I223), one guardian under
# two IDs written otherwise (V552), a guardians rule linking emergency contacts or doctors by their
# own relationship words (V559), or its link_where read the wrong way round (V562), every night; a new
# profile's contacts export no rule reads, and no parent made (I272 "no-parents", newcomer48); most
# parents of a new profile left out with their only phone or email a placeholder or unreadable (X808); a
# parent's link lost to a mistyped row (V557), or to the guardian's ID written otherwise on the
# student's row (V564, said once; not after --allow-incomplete); a people export's row X882 would
# refuse as lost while last night's missed keys are not known (X861); exports written after this
# machine's clock (X804); an each group reading contact columns named for another (P124), and a
# contacts export's column saying emergency contacts that no condition reads (V619), on a new profile; a value
# no grade map has, written as its default on many rows of a new profile's set (D302: a grade left out of the map); a
# person of a student's row no rule reads, reachable on several rows of a new profile's exports (P125); names
# garbled by a change of encoding, or read whole by an export's change of shape, published as the last set had them
# (V616, X829).
# A parent kept under the SIS contact ID their blank cells no longer give (I255) by a shared phone alone (a grandfather
# who left and a father of his name who came share one), or three or more in one night (a column blanked whole).
# A row of a terms export a join picks among by dates, typed longer than any school year (I249, cal56).
# A school the last set published, removed tonight by an own settings.exclude_schools entry added since (X876): the
# profile's word, published, but a whole school's people leave Remind and an entry naming the wrong real school reads
# as well as the right one (excl58); said once, the night of the removal.
# The students' grades --allow-rollover published as other grades (X857): on a new school year's night, where
# F454 says nothing, the flag was given for the year's removals, not for every student in one grade (tester60 N2).
# A class ID listed again with the same class data and other teachers (X850): published with one row's
# (the last set's, else one naming every other's, else the lowest IDs), the others' left out.
# Students or staff left out as two records of one ID (V537) that no published set held (X851; X981 when it did).
# Classes --allow-rollover published without their primary owner (X834), as X855: no term change or new school
# year unmarks a class's owner, and F454 says nothing on a new year's night.
# The users' identifiers --allow-rollover published without their leading zeros (X855): a new school year
# explains no lost zeros, and F454 says nothing on its night (reviewer123 R1).
# A user (or a parent through their children) in more classes than Remind's 100 a user (V514, tester70 S2):
# Remind says "There is a limit of 100 classes per user account" and not which it keeps; the tool cannot tell
# which of a user's classes matter, so it publishes them all and a person looks (not for --target oneroster).
# Birth dates --allow-rollover published changed (X849) or lost (X992): a new school year explains neither, and
# F454 says nothing on its night (review137 R1: a day-first spreadsheet's swapped dates at exit 0).
# A first set whose demographics export holds its header alone (I296, tester70 S5): every student published
# without a birth date, which Remind asks for (data required); said once, on the remind target only (the
# nights after compare with this set; X910 refuses an empty one after a set with rows).
# People a keep-out column left out, back blank all at once, all first left out on one recent night (X848): a
# mistaken drop undone in the SIS, or that night's values lost from the export alone; a person tells (review132 R1).
# Removals of classes an exclusion rule leaves out tonight, which --allow-rollover published (I216): whatever
# their number, a person confirms them (review151 R1: a bulk 'No Remind' on 8 of 10 classes at exit 0, the flag
# left in the nightly job).
# A parent's value typed anew on most of the children's rows, published in place of the last set's value that
# every row gave (X858, tester69 P1): the night it changes; later nights say V550 at exit 0.
# A later night's new classes of a term not running, with no term filter, held back (X801, firstset61): the night
# they are first; later nights holding back no other term say I233 at exit 0.
# A null_marker_text name that is no column of its export (P130): the way out does nothing.
# Two student records that are very likely one student (V553, tester80 T2, T3): same name and birth date and a
# guardian, identifier, username or email in common, or IDs written two ways sharing one; said once (last.json records
# the pairs said, student_twice).
# A short row perhaps read shifted (I257) that a condition left out, of a record no published set holds (I277,
# rows62): a first set's, a new person's; nothing names it on a later night.
# The run's Report and a saved report (the HTML page) are judged by `_checked` alike.
TO_CHECK = (
    "X981",
    "X983",
    "I277",
    "X939",
    "X958",
    "X824",
    "I255",
    "X919",
    "X823",
    "V609",
    "V574",
    "V554",
    "V555",
    "X870",
    "P113",
    "I264",
    "D302",
    "X886",
    "I274",
    "P118",
    "I223",
    "V552",
    "V559",
    "V562",
    "I272",
    "X808",
    "V557",
    "X861",
    "F451",
    "F452",
    "F453",
    "X857",
    "X855",
    "X834",
    "X849",
    "X992",
    "F454",
    "X874",
    "V564",
    "X804",
    "P124",
    "V619",
    "V618",
    "P125",
    "P127",
    "V616",
    "X829",
    "X815",
    "I249",
    "X821",
    "X959",
    "X825",
    "X876",
    "X841",
    "X842",
    "X863",
    "X850",
    "X851",
    "V514",
    "X843",
    "I296",
    "X848",
    "X716",
    "I216",
    "I256",
    "X858",
    "X801",
    "I232",
    "P130",
    "V553",
    "P117",
    "P131",
    "P134",
    "X721",
    "P132",
    "V633",
    "P135",
)
# Said once for a new profile (a first set, or the first after the profile changed), exit 1; later
# nights with the same profile say them and exit 0 (the person has looked).
# A grade no map entry has, written as the map's default on this many rows of a new profile's set or more (tester67
# F10: a grade map written up to Sixth sent every 7th and 8th grader to 'Other', one warning at exit 0).
UNMAPPED_ROWS_CHECKED = 10
# A person of a student's row no rule reads (P125), with an email or phone on this many rows or more of a new
# profile's exports (tester69 F3: a second household's parents on 58 rows, published nowhere at exit 0).
UNREAD_GROUP_ROWS_CHECKED = 5
# Parents kept under their SIS contact IDs, their cells blank (I255), from which number a person looks at every one:
# a contact-ID column blanked whole (a broken connector: the set is right, the next change would not be).
CONTACT_IDS_KEPT_CHECKED = 3
# P117: a phone mapped without clean: [phone] publishes its cells as written ('call me after 5' as a
# mother's only contact point, which Remind cannot use): a person fixes the profile (validate62).
NEW_PROFILE_CHECKS = (
    *("P113", "V555", "X870", "I274", "P118", "I223", "X808", "P124", "V619", "P127", "X843", "P117"),
    # P132: a staff-role map sending aides or substitutes to teacher (tester89 T5: a para published as the
    # owner of Biology at exit 0); said on a new profile's set only, so asked once
    "P132",
    # V633: a district's class ID template giving rows of different class codes one ID (tester89 T3: two sections
    # of English 9 published as one class at exit 0)
    "V633",
)
# As NEW_PROFILE_CHECKS, for the examples the test keeps: I272 only for a contacts export unread while no
# rule makes parents; I264 only for a condition of the district's own (tester71 N5); X886 only when the rows
# left out are the ones tonight's set needs.
NEW_PROFILE_SOME: dict[str, Callable[[Mapping[str, object]], bool]] = {
    "I272": lambda p: p.get("why") == "no-parents",
    "I264": lambda p: bool(p.get("own")),
    "X886": lambda p: p.get("why") == "enrolled",
}
T = TypeVar("T")
MOST_REMOVAL = 100  # --max-removal's most (the CLI refuses more, exit 2)
ACCEPTED = "--allow-rollover"  # an X939/X958/X919's `why` when a person accepted them on the command line


# Codes a person looks at when their params say so.
_LOOKED_AT_WHEN: dict[str, Callable[[Mapping[str, object]], bool]] = {
    # points moved between parents, published by --allow-contact-change (review97 R1)
    "X815": lambda params: bool(params.get("moved")),
    # past Remind's 100 classes a user: which classes Remind keeps is not the tool's to pick (tester70 S2)
    "V514": lambda params: params.get("target", "remind") == "remind",
    # a list column's cells glued: only when a glued value met a map's default, drop or blank, or is an ID
    # naming nothing; an honest 'English Language Arts; Reading' among subjects is said, exit 0 (review165 R1)
    "I232": lambda params: bool(params.get("harm")),
    # a leaver value a students' condition lets through, first seen tonight: asked once (tester86 T1)
    "P131": lambda params: bool(params.get("new")),
    # a students' leaver test none of whose values its column writes, a value first seen tonight (tester89 T4)
    "P134": lambda params: bool(params.get("new")),
    # a students' leaver test leaving out some codes of a column written for the few, letting others through
    "P135": lambda params: bool(params.get("new")),
}
# Asked once (`new`), and on a first set or the first after the profile changed when they took back I264 of the
# district's own condition they name (its `unseen`: one message for one condition, tester91 T1)
_UNSEEN_FOLDED = ("P131", "P134")


def _checked(
    cid: str, examples: Sequence[T], facts: Mapping[str, Any], params: Callable[[T], Mapping[str, object]]
) -> list[T]:
    """The examples of `cid` a person must look at.

    X939, X958, X919 under the limit: user IDs that now name another person, people or classes of
    the last set under new IDs, published without anyone having accepted them (--allow-rollover
    accepts those over the limit). A swapped ID shows one family another's child; Remind deletes a
    re-keyed user or class and creates a new one, losing the conversations (a change of letter case
    or leading zeros is never a real renumbering, tester30 F4).
    V514 on the remind target only (the strict consumer has no limit of 100 classes).
    V609 over half: most students with an email have a guardian's as their own (the profile's
    student email reads a parent's column; every student would sign in as their parent): the first
    example, which says the share.
    P113 on a first set, or on the first set after the profile was changed: a condition of the
    district's own that matches no row while its column holds other values (the withdrawn students
    it exists to leave out are published, tester38 F6); later nights with the same profile publish
    at exit 0 and still say it, since a value absent this year is as often right as wrong
    (`optional: true` says so once and for all). I274 (no term filter: `current_term: {enabled:
    false}` says every class is meant), P118 (a status condition keeping leavers) and I223 (an
    exclusion pattern inside the words of class titles) alike (NEW_PROFILE_CHECKS)."""
    if cid == "I255":  # a home phone alone, or a column's worth: a person looks (reviewer88 R1, R2)
        return (
            list(examples)
            if len(examples) >= CONTACT_IDS_KEPT_CHECKED
            else [e for e in examples if params(e).get("shared") != "email"]
        )
    if cid == "V609":
        return list(examples[:1]) if facts.get("student_emails_of_guardians") else []
    if cid == "V574":  # as V609: parents read with students' own addresses, a column's worth
        return list(examples[:1]) if facts.get("guardian_emails_of_students") else []
    if cid in _LOOKED_AT_WHEN:  # and P131's, P134's I264 or P113 taken back, as `_UNSEEN_FOLDED` says
        unseen = cid in _UNSEEN_FOLDED and bool(facts.get("first_set") or facts.get("profile_changed"))
        return [e for e in examples if _LOOKED_AT_WHEN[cid](params(e)) or (unseen and params(e).get("unseen"))]
    if cid == "V564":  # links lost to an ID written two ways: one export's habit, said once
        return [] if facts.get("agent_links_lost_accepted") else list(examples[:1])
    if cid == "X808":  # as P113, unless a person published it with --allow-incomplete
        new = facts.get("first_set") or facts.get("profile_changed")
        return [e for e in examples if params(e).get("why") != "--allow-incomplete"] if new else []
    if cid == "D302":  # as P113, for a grade the map's default stood in for on a whole grade's worth of rows
        # and where no last set was there to compare by ID (X836 judges the grades against it, tester56 T1)
        new = facts.get("first_set") or facts.get("profile_changed") or facts.get("uncompared")
        return [e for e in examples if _grade_guessed_often(params(e))] if new else []
    if cid == "P125":  # as P113, for a person no rule reads reachable on several rows
        new = facts.get("first_set") or facts.get("profile_changed")
        # not a bundled profile's groups: it leaves the export's other person columns unread on purpose
        many = [e for e in examples if _number(params(e).get("rows")) >= UNREAD_GROUP_ROWS_CHECKED]
        return [e for e in many if not params(e).get("bundled")] if new else []
    if cid in NEW_PROFILE_CHECKS:
        return list(examples) if facts.get("first_set") or facts.get("profile_changed") else []
    if cid == "I264" and not (facts.get("first_set") or facts.get("profile_changed")):
        # a school of the set named with an own guard's word, new to it tonight: asked once (review158 R1)
        return [e for e in examples if params(e).get("own") and params(e).get("new_school")]
    if cid in NEW_PROFILE_SOME:  # as P113, for the examples its test keeps
        new = facts.get("first_set") or facts.get("profile_changed")
        return [e for e in examples if NEW_PROFILE_SOME[cid](params(e))] if new else []
    # I249 'alone': a row over a year alone under its key is kept in the join (a program's, on purpose)
    return [e for e in examples if params(e).get("why") not in (ACCEPTED, "alone")]


def _number(value: object) -> int:
    return value if isinstance(value, int) else 0


def _grade_guessed_often(params: Mapping[str, object]) -> bool:
    """A grade (not a role: a staff title's default, aide, is most often the answer, review66 F2) written as the
    map's default on UNMAPPED_ROWS_CHECKED rows or more."""
    rows = params.get("rows")
    return str(params.get("field", "")).endswith(".grades") and isinstance(rows, int) and rows >= UNMAPPED_ROWS_CHECKED


def _params(problem: Problem) -> Mapping[str, object]:
    return problem.params


def reassigned_to_check(report: Report) -> list[Problem]:
    """X939 a person must look at (`_checked`)."""
    return _checked("X939", report.examples.get("X939", []), report.facts, _params)


def rekeyed_to_check(report: Report) -> list[Problem]:
    """X958 a person must look at (`_checked`)."""
    return _checked("X958", report.examples.get("X958", []), report.facts, _params)


def classes_rekeyed_to_check(report: Report) -> list[Problem]:
    """X919 a person must look at (`_checked`)."""
    return _checked("X919", report.examples.get("X919", []), report.facts, _params)


def classes_reassigned_to_check(report: Report) -> list[Problem]:
    """X823 a person must look at (`_checked`)."""
    return _checked("X823", report.examples.get("X823", []), report.facts, _params)


def guardian_emails_to_check(report: Report) -> list[Problem]:
    """V609, V574 and V554 a person must look at (`_checked`)."""
    return [
        p
        for cid in ("V609", "V574", "V554")
        for p in _checked(cid, report.examples.get(cid, []), report.facts, _params)
    ]


def guardian_twins_to_check(report: Report) -> list[Problem]:
    """V552: one parent published twice under one contact ID written two ways (tester56 F4); V559
    and V562: emergency contacts linked as parents and guardians (pipeline.guardian_words)."""
    return [
        p
        for cid in ("V552", "V559", "V562")
        for p in _checked(cid, report.examples.get(cid, []), report.facts, _params)
    ]


def students_twice_to_check(report: Report) -> list[Problem]:
    """V553: one student published twice under two IDs (pipeline.student_twice)."""
    return _checked("V553", report.examples.get("V553", []), report.facts, _params)


def names_kept_to_check(report: Report) -> list[Problem]:
    """V616: names garbled tonight by a change of encoding, X829: read whole by a change of the export's
    shape, published as the last set had them."""
    return [p for cid in ("V616", "X829") for p in _checked(cid, report.examples.get(cid, []), report.facts, _params)]


def links_lost_to_check(report: Report) -> list[Problem]:
    """V557: a parent's link to a child of the last set lost tonight to a row that looks like it;
    V564: a student's link to a guardian lost to the guardian's ID written two ways (once)."""
    return [p for cid in ("V557", "V564") for p in _checked(cid, report.examples.get(cid, []), report.facts, _params)]


def parents_unreached_to_check(report: Report) -> list[Problem]:
    """X808 of a new profile: most parents left out with a placeholder or unreadable phone or email."""
    return _checked("X808", report.examples.get("X808", []), report.facts, _params)


def rows_lost_to_check(report: Report) -> list[Problem]:
    """X861: a row X882 would refuse as lost, said instead where last night's missed keys are not known;
    F451: an export cut short, published by --allow-incomplete (else X884, X860, X862); F452: the checks
    that compare the exports with the last set's could not run (OUT's last.json gone); F453, F454: what a
    flag left in the nightly job let through (pipeline.flags_left_in); I216: removals of classes an exclusion
    rule leaves out, which --allow-rollover published whatever their number (review151 R1); I256: people new
    since the last set after the last row of their export in order of its ID, published without by
    --allow-incomplete (X722);
    X874: a teacher who left, her sections not yet given another (or her row lost); X804: exports
    written after this machine's clock (its date behind); V618: a class of the last set left with no owner
    while its teacher stays published (her sections given another ID)."""
    return [
        p
        for cid in ("X861", "F451", "F452", "F453", "F454", "I216", "I256", "X874", "X804", "V618")
        for p in _checked(cid, report.examples.get(cid, []), report.facts, _params)
    ]


def points_moved_to_check(report: Report) -> list[Problem]:
    """X815 whose points moved between parents: the flag published a correction or a block of rows read one row
    off, which only a person tells apart (tester74 F10, review97 R1)."""
    return _checked("X815", report.examples.get("X815", []), report.facts, _params)


def terms_split_to_check(report: Report) -> list[Problem]:
    """X841: a first set leaving a school's people in no class, its term ended by its own rows only
    while another school's rows of the same term ID run on (tester56 T6)."""
    return _checked("X841", report.examples.get("X841", []), report.facts, _params)


def terms_ended_to_check(report: Report) -> list[Problem]:
    """X842: a --term naming a term that ended, kept in the nightly job (reviewer111 R1)."""
    return _checked("X842", report.examples.get("X842", []), report.facts, _params)


# Codes a person looks at whenever they are said (`_checked` keeps every example): a run whose examples
# were not kept (api.run's max_examples=0) is told by their counts (reviewer100 R6).
CHECKED_WHEN_SAID = ("F451", "F453", "F454", "X821", "X959", "X825", "X876", "X829", "I296", "I216", "I256")


def birth_dates_to_check(report: Report) -> list[Problem]:
    """I296: a first set for Remind whose demographics export held its header alone, every student
    published without the birth date Remind asks for (tester70 S5)."""
    return _checked("I296", report.examples.get("I296", []), report.facts, _params)


def excluded_near_miss_to_check(report: Report) -> list[Problem]:
    """X825: an own settings.exclude_schools entry one slip from a school published, new tonight; the
    school may be the one meant to be left out (pipeline.excluded_schools, reviewer105 R1)."""
    return _checked("X825", report.examples.get("X825", []), report.facts, _params)


def excluded_removed_to_check(report: Report) -> list[Problem]:
    """X876: a school the last set published, removed tonight by an own settings.exclude_schools entry added
    since: the right school or the wrong one, a person says (pipeline.excluded_left)."""
    return _checked("X876", report.examples.get("X876", []), report.facts, _params)


def counted_to_check(report: Report) -> bool:
    """Whether a code of CHECKED_WHEN_SAID was said tonight with none of its examples kept."""
    return any(report.counts.get(cid) and not report.examples.get(cid) for cid in CHECKED_WHEN_SAID)


CONDITIONS_CHECKED = (
    "P113",
    "I264",
    "V555",
    "X870",
    "X886",
    "I274",
    "P118",
    "I223",
    "I272",
    "P124",
    "V619",
    "D302",
    "P125",
    "X843",
    "P134",
    "X721",
    "P132",
    "V633",
    "P135",
)


def conditions_to_check(report: Report) -> list[Problem]:
    """P113, I264, V555, X870, X886, I274, P118, I223, I272, P124, V619, D302, P125, X843, P134, X721, P132,
    V633 and P135 a person
    must look at (`_checked`)."""
    return [p for cid in CONDITIONS_CHECKED for p in _checked(cid, report.examples.get(cid, []), report.facts, _params)]


def dropped_to_check(report: Report) -> list[Problem]:
    """X981 and X983: records of the last set removed tonight because this run left their rows out
    for a data problem (or may have): Remind deletes people who never left the SIS, so a person
    must fix the rows, and the run exits 1 (tester44 F9); I277: a row perhaps read shifted left out,
    of a record no published set holds (a first set's), which nothing names on a later night."""
    return report.examples.get("X981", []) + report.examples.get("X983", []) + report.examples.get("I277", [])


def to_check(report: Report) -> list[Problem]:
    """What a published run leaves for a person to look at (TO_CHECK, in its order): records of the
    last set removed because a data problem left their rows out (X981, X983), user IDs that name
    another person (X939), people (X958) or classes (X919) under new IDs, students' emails that are
    their guardians' (V609), a condition of a new profile that matches no row (P113)."""
    return [p for cid in TO_CHECK for p in _checked(cid, report.examples.get(cid, []), report.facts, _params)]


def saved_to_check(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """`to_check` of a saved report (`Report.to_dict()`): the examples, as dicts, a person must look
    at; none when the set was not published (a refused run says what stopped it instead)."""
    if not report.get("published"):
        return []
    facts = report.get("facts") or {}
    examples = {str(p.get("code")): list(p.get("examples") or []) for p in report.get("problems") or []}
    return [e for cid in TO_CHECK for e in _checked(cid, examples.get(cid, []), facts, lambda e: e.get("params") or {})]


# Stops whose fix comes first: a condition's column renamed in the export explains the records its
# condition left out and the tables they emptied (X916, X951, X906, X953: tester44 F13, whose step
# was V504's "change what leaves them out"); schools, people or classes under new IDs explain the
# removals beside them (a SIS move); IDs that now name other people are no new term, and
# --allow-rollover would publish them (tester18 F2: a shifted Student_Number column, refused X938,
# was told X906's step). So is a people export that lost rows the other exports still name (X882):
# its step (export it again whole) publishes, the gate's --allow-rollover does not (tester63 F7).
# An export with no data rows at all (X910: a 0-byte students.txt an SFTP pull is still writing)
# is the plain cause of the people it lacks (X882), and said first (tester66 O4). A set to compare with
# that shares almost no school and no user with tonight's (I231: another district's) explains every removal.
FIRST_FIXES = ("I231", "X990", "X984", "X955", "X949", "X938", "X822", "X910", "X882")
# And last: "if the removals are right (a new term), rerun with --allow-rollover", when any other
# stop says what broke (an export shrunk, a kind of user gone).
LAST_FIX = "X906"


# The records a refusal's next step may publish without: "only if they are meant to be missing".
LAST_RESORT = "Only if they are meant to be missing: --allow-incomplete publishes the set without them."
# Records no one means to leave out: an enrolment naming its student by an ID the students export
# writes with other zeros or letter case (V608) names a student of the set; --allow-incomplete would
# publish her without her classes (tester28 R6). So does a section joining its course by a number
# the courses export writes with its zeros (D386): the class is there (tester32 F1).
NEVER_MEANT = frozenset({"reference-written-otherwise", "join-key-written-otherwise"})


# V506's step where the catalogue's ("or set settings.email_domain to build one") would do nothing:
# no email template of the profile reads the setting, or it is set and the login it reads is blank
# too (pipeline.run.email_built; tester46 F5: the same refusal and the same step again).
STAFF_EMAIL_STEPS = {
    "": "Add the staff members' emails to the staff export in the SIS (this profile builds none from "
    "settings.email_domain: no email template of its users rules reads it)",
    "login": "Add the staff members' emails, or the logins the profile builds them from with "
    "settings.email_domain, to the staff export in the SIS",
}


# What a --users-only night's removal refusals say (pipeline.gate's `since`): the class exports are
# whole, and not read (tester45 F4: "cc.txt has 0 rows ... export it again whole"); its step below.
USERS_ONLY_SINCE = (
    "; this run is --users-only: it publishes no class and no enrolment, so every one of the last set's "
    "would be removed from Remind"
)


def next_step(result: RunResult, *, out_dir: Path, explain_path: Path | None, upload: bool) -> str:
    """What a person does now, in one sentence."""
    report = result.report
    stopped = list(result.problems) or list(report.aborts)
    stopped.sort(key=_fix_order)
    if stopped:
        return f"Next: {_stopped_step(stopped, report)}".replace("<out>", str(out_dir))  # the catalogue's placeholder
    for cid in ("X911", "X912"):  # published, but a file or the upload failed
        if report.counts.get(cid):
            # a school the set removes is Remind's loss when the set arrives: said beside the network (excl58b)
            removed = _checked("X876", report.examples.get("X876", []), report.facts, _params)
            also = f" Then: {_excluded_removed_step(removed, sent=False)}" if removed else ""
            return f"Next: {explain(cid)[1]}{also}".replace("<out>", str(out_dir))
    for cid in TO_CHECK:
        if checked := _checked(cid, report.examples.get(cid, []), report.facts, _params):  # published, but look
            return f"Next: {_check_step(cid, checked)}".replace("<out>", str(out_dir))
    if not report.published:
        return _nothing_published_step(report, out_dir)
    steps = []
    errors = sum(n for cid, n in report.counts.items() if _left_out_by_error(report, cid))
    if errors:
        what = "the record an error left out" if errors == 1 else f"the {errors:,} records errors left out"
        where = str(explain_path) if explain_path is not None else "rerun with --explain PATH to list them"
        steps.append(f"check {what} ({where})")
    if report.counts.get("X913"):
        steps.append("nothing else: the set was delivered")
    elif not upload:
        consumer = "Remind" if report.facts.get("target", "remind") == "remind" else "your OneRoster consumer"
        steps.append(f"upload the files in {out_dir} to {consumer} (or add --upload to deliver them)")
    before = _first_set_before(report) if not upload and not report.counts.get("X913") else ""
    return "Next: " + "; then ".join(steps) + "." + before


def _first_set_before(report: Report) -> str:
    """A first set's words for a district sent to Remind before from another folder or SIS: this run
    compared with nothing, and uploaded to the same account its new IDs replace everyone (tester83 T5:
    a new job for the new SIS, a new OUT, exit 0)."""
    if not report.facts.get("first_set"):
        return ""
    return (
        " First set: if the district was sent before from another folder or SIS, rerun with --previous naming that set."
    )


# Stops a change of SIS explains: people, schools or classes under new IDs. The step says the SIS change
# first, the way that keeps the IDs, and --allow-rollover last as the way that has Remind re-create
# everyone (tester83 T1: it led with spreadsheets and ended on the flag). A removal refusal (X906, X953)
# without one of them keeps its own step, the change said before it (reviewer183 R2).
REKEY_STOPS = frozenset({"X955", "X984", "X949"})
SIS_STOPS = REKEY_STOPS | {"X906", "X953"}


def _sis_changed(report: Report, *, if_sis: bool = True) -> str:
    """The sentence of a night whose profile names another SIS than the last published set's
    (facts "sis_changed", pipeline.sis_switch); "" when the same or either names none."""
    return sis_changed_words(report.facts.get("sis_changed"), if_sis=if_sis)


# The old IDs kept across a change of SIS (the step of X955 and X984 says it whole).
KEEP_OLD_IDS = (
    "Remind knows everyone by the old IDs: keep them with a district profile that reads them from the new exports, "
    "as docs/identity.md, 'Changing SIS or ID columns', shows"
)


def sis_changed_words(changed: object, *, if_sis: bool = True) -> str:
    """facts "sis_changed" said: another source system, or (its "kind" "format") another export format,
    said as only that: the names name a format, not the SIS behind it (reviewer189 R4: 'the same source's
    two export formats, not another SIS' was said of OneRoster 1.1 -> 1.2, from any SIS); `if_sis`, with
    what keeps the old IDs if the SIS changed too."""
    if not isinstance(changed, Mapping):
        return ""
    moved = f"({changed.get('before')} -> {changed.get('now')})"
    if changed.get("kind") != "format":
        return f"The profile's source system changed since the last published set {moved}"
    said = f"The export format changed since the last published set {moved}"
    return f"{said}; if the SIS behind the export changed too, {KEEP_OLD_IDS}" if if_sis else said


def _sis_changed_step(stopped: list[Problem], report: Report) -> str:
    """The step of a refused night after a change of source system; "" when it is the same, or no
    stop is one the change explains (any stop: X923 sorts before X949, reviewer186 R3)."""
    ids = {p.code.id for p in stopped}
    # The format's change said alone: the re-keying stops' own words say what keeps the old IDs, and a night
    # stopped without them (X906, X953) kept its IDs (reviewer195 R4: it was told how to keep old IDs).
    if not ids & SIS_STOPS or not (changed := _sis_changed(report, if_sis=False)):
        return ""
    if not ids & REKEY_STOPS:  # a removal alone: its own step (an export cut short is one still)
        step = f"{_fix_first(stopped[0], report)}{_then(stopped, report)}"
        return f"{changed}. {step}"
    if not ids & {"X955", "X984"}:  # the people kept their IDs (identity.md followed): classes alone (R4)
        return (
            f"{changed}: the people keep their IDs; the classes, under other section IDs tonight, are re-created "
            f"once: rerun with --allow-rollover on an announced day.{_others_first(stopped, report)}"
        )
    return (
        f"{changed}, and tonight's exports give other IDs; Remind knows everyone by the old "
        "ones. Keep them: write a district profile that extends tonight's and reads the old IDs from the new "
        "exports (the student and staff numbers; a map back to the old school numbers; parents' IDs made as "
        "before: guardian: {contact: null} when the last set's were G + 12 hex digits), as docs/identity.md, "
        "'Changing SIS or ID columns', shows, and rerun; the "
        "messages above name each ID that changed. Only if Remind is to start over: --allow-rollover publishes "
        "the new IDs, and Remind deletes and re-creates every user, school and class whose ID changed (their "
        f"conversations lost).{_others_first(stopped, report)}"
    )


def _others_first(stopped: list[Problem], report: Report) -> str:
    """The fix of a stop no change of SIS explains, which --allow-rollover would publish past (the
    students' grades a new profile no longer reads, X923), said before the flag; "" when none."""
    other = next((p for p in stopped if p.code.id not in SIS_STOPS), None)
    if other is None:
        return ""
    step = _fix_first(other, report)
    return f" Before that, {other.code.id} {other.code.slug} stopped the run too: {step[:1].lower()}{step[1:]}"


def _stopped_step(stopped: list[Problem], report: Report) -> str:
    """The step of a refused night, its stops in fix order: a SIS change first (T1), a changed
    condition or guard before a removal refusal's own step."""
    if switched := _sis_changed_step(stopped, report):
        return switched
    step = f"{_fix_first(stopped[0], report)}{_then(stopped, report)}"
    if stopped[0].code.id in REMOVALS and (condition := _changed_condition_step(report)):
        return f"{condition} Only if it is right: {step[:1].lower()}{step[1:]}"
    if stopped[0].code.id in REMOVALS and (guard := _changed_guard_step(report)):
        return f"{guard} If not: {step[:1].lower()}{step[1:]}"
    return step


# Removal refusals whose step (--max-removal, --allow-rollover, the SIS) would publish what a changed
# profile's own condition left out (tester71 N1: its Next blamed the SIS, a flag away from the wrong set).
REMOVALS = ("X906", "X953", "X845")


def _changed_condition_step(report: Report) -> str:
    """The step naming, first, a condition the profile change changed (facts "changed_conditions": its
    text not in the last set's record) that a check says left out or let through the rows tonight's set
    needs (X886 why "enrolled", P113, I264 and P118 as `_checked` keeps them; P134 and P131 that took either
    back); "" when the profile did not
    change, the last set recorded no conditions, or none of those changed (review135 R4: an unrelated
    edit named a Grade condition unchanged for weeks)."""
    changed = report.facts.get("changed_conditions")
    if not report.facts.get("profile_changed") or not changed:
        return ""
    said = [
        p
        for cid in ("X886", "P113", "I264", "P118", "P134", "P131")
        for p in _checked(cid, report.examples.get(cid, []), report.facts, _params)
        if f"{p.params.get('rule')} {p.params.get('condition')}" in changed
    ]
    if not said:
        return ""
    first, place = said[0].params, said[0].params.get("place") or said[0].params.get("own") or said[0].where.file
    what = (
        f"left out {first.get('left')} of the {first.get('rows')} rows of {first.get('file')}{first.get('values')}"
        if said[0].code.id == "X886"
        else f"is {said[0].code.id}'s ({said[0].code.slug})"
    )
    return (
        f"The profile was changed since the last published set, and its condition {first.get('rule')} "
        f"{first.get('condition')} (profile {place}) {what}: correct it in the profile (the column it reads, "
        "the way round) and rerun."
    )


def _changed_guard_step(report: Report) -> str:
    """A removal refused the night after a guard of the district's own changed (facts "changed_guards",
    own_keep_outs.note_changed_guards: a not_in or not_equals): a code added to it as I264 asked removes
    that school's people, as the profile now says (review158 R4: the step blamed the students' status in
    the SIS); said only when it left out people the last set published, with how many of those removed
    (review164 R2: a guard leaving out nobody led a cut-short export's refusal); "" otherwise."""
    guards = report.facts.get("changed_guards") if report.facts.get("profile_changed") else None
    for text, (left, removed) in (guards or {}).items():
        if left == 0:
            continue
        share = f" (it left out {left} of the {removed} removed)" if left is not None else ""
        return (
            f"The profile was changed since the last published set, and its condition {text} with it{share}: if "
            "the people removed are the ones it now leaves out as meant (a code added to the guard), rerun once "
            "with --allow-rollover, which publishes the set without them."
        )
    return ""


def _check_step(cid: str, checked: Sequence[Problem]) -> str:
    """The catalogue's step for a published set a person must look at; for X825, with the entry, where
    it is written and the school meant, in X825's own words (reviewer105: the school to leave out, by name)."""
    first = checked[0]
    if cid == "X842":  # every --term to take out, by name (reviewer111 R1)
        named = " ".join(f"--term {p.params.get('term')}" for p in checked)
        add = "".join(dict.fromkeys(str(p.params.get("add") or "") for p in checked))
        return (
            f"take {named} out of the nightly job{add} (the command's terms then: {first.params.get('then')}); "
            "tonight's run needs nothing else."
        )
    if cid == "F454" and set(str(first.params.get("codes", "")).split()) <= GRADES_ACCEPTED.keys():
        return _grades_accepted_step(str(first.params.get("codes", "")).split())
    if cid == "X876":
        return _excluded_removed_step(checked)
    if cid == "I216":
        return _exclusion_published_step(checked)
    if cid == "F453" and first.params.get("pause"):
        return _pause_taken_step(first)
    if cid == "I264" and "new_school" in first.params:  # a school of the set named with the guard's word
        return _named_school_step(first)
    if cid in ("X886", "P118") and (first.params.get("place") or cid == "P118"):  # the condition, by its place
        place = first.params.get("place") or first.where.file
        step = explain(cid)[1]
        named = f"{first.params.get('rule')} {first.params.get('condition')} (profile {place})"
        return f"check {named}: {step[:1].lower()}{step[1:]}"
    if cid == "X721" and first.params.get("step"):  # the rule X870 names, by its place (tester89 T6)
        step = str(first.params["step"])
        return f"{step[:1].lower()}{step[1:]}"
    # a leaver value, a parents' column (review191 R2), a leaver test its column's values miss: its own step
    if cid in ("P131", "P134", "P135") and first.params.get("fix"):
        return str(first.params.get("fix"))
    if cid != "X825":
        return explain(cid)[1]
    # The words X825 says (excluded_schools._near_miss): the school meant, what the rerun does to it
    # ('left out' on a first set, 'removed' otherwise) and when there is nothing to do (reviewer114 R2)
    entry, school, again = first.params.get("entry"), first.params.get("school"), str(first.params.get("again"))
    # the corrected entry is new since the last set: its school's removal is published, said once (X876, exit 1)
    removal = " (published, and X876 names the school removed, once)"
    return (
        f"if you meant to leave out {school}, correct the settings.exclude_schools entry {entry!r} "
        f"({first.where.file}) and rerun: {again}{removal if 'removed' in again else ''}; "
        f"{first.params.get('otherwise')}."
    )


def _named_school_step(first: Problem) -> str:
    """I264's step where a school of the set is named with an own guard's word (review158 R3, R4): a
    question, both ways out, and what following the first does the next night (the removal refused)."""
    named = f"{first.params.get('rule')} {first.params.get('condition')} (profile {first.params.get('own')})"
    schools = first.params.get("schools") or "the school the I264 message names"
    return (
        f"check {schools}: for a school that is one {named} exists to leave out, add its "
        "code to the condition's values; the next night then removes that school's people from the set, "
        "and refuses the removal (X906, X845) since their rows are still in the export: rerun that night "
        "with --allow-rollover. If none is, nothing to do: not asked again unless the profile changes."
    )


def _excluded_removed_step(checked: Sequence[Problem], *, sent: bool = True) -> str:
    """X876's step: each school removed by ID and name, and the entry to take out if it is not the one meant.
    `sent`: the set reached Remind (else it removes them when the next run delivers it, and says so again)."""
    schools = " and ".join(str(p.params.get("school")) for p in checked)
    entries = ", ".join(f"{p.params.get('entry')!r} ({p.where.file})" for p in checked)
    several = len(checked) > 1  # two schools at once: each entry, their people (reviewer122 R3)
    removed = (
        ("removed", " tonight", " (the next nights publish at exit 0)")
        if sent
        else ("removes", " when the next run delivers the set (and says so once more)", "")
    )
    return (
        f"settings.exclude_schools {removed[0]} {schools} from Remind{removed[1]}: if that is the "
        f"school{'s' if several else ''} meant, nothing{removed[2]}; if not, take the "
        f"entr{'ies' if several else 'y'} {entries} out of settings.exclude_schools and rerun: the next run "
        f"restores {'their' if several else 'its'} people, classes and enrolments."
    )


# F454's step when all the flag let through is the students' grades: written as the map's default (X837), or
# other grades (X857); the catalogue's is the removals' (export again whole), which has no removal to speak of.
GRADES_ACCEPTED = {"X837": "written as the grade map's default", "X857": "as other grades"}


def _grades_accepted_step(cids: Sequence[str]) -> str:
    said = " and ".join(GRADES_ACCEPTED[cid] for cid in GRADES_ACCEPTED if cid in cids)
    return (
        f"--allow-rollover published the students' grades {said} ({', '.join(sorted(cids))} above), and nothing "
        "else: if those grades are right, nothing more tonight (later nights compare with this set); if not, fix "
        "the grade column in the SIS or its export and rerun without --allow-rollover: the set gets the real "
        "grades back. Take --allow-rollover out of a scheduled job."
    )


# Stops whose cause no other stop's step fixes, said as a second step: classes with no teacher
# (X980) and terms with no dates (X954) are two exports' faults, not one's knock-on. Most other
# stops follow from the first (a renamed column's records left out, X915/X916/X951; an export cut
# short's removals, X906/X953), whose step fixes them too.
INDEPENDENT = frozenset({"X980", "X954"})


def _then(stopped: list[Problem], report: Report) -> str:
    """The step of a second stop of another kind, which the first's does not fix: a night that
    follows only the first step is refused again by it (tester63 F7: OAT's sample, X954's terms
    added, then refused for X980, which the first night had found already)."""
    first = stopped[0].code.id
    if first in FIRST_FIXES or any(p.params.get("shrunk") for p in stopped):  # one cause explains all
        return ""
    other = next((p for p in stopped if p.code.id != first and p.code.id in INDEPENDENT), None)
    if other is None:
        return ""
    step = _fix_first(other, report)
    return f" Then {other.code.id} {other.code.slug}, which stopped the run too: {step[:1].lower()}{step[1:]}"


def ordered_stops(stopped: list[Problem]) -> list[Problem]:
    """The stops of a run, the one whose step fixes first (`_fix_order`)."""
    return sorted(stopped, key=_fix_order)


def _nothing_published_step(report: Report, out_dir: Path) -> str:
    """A night with nothing due (the summer), or one whose refusal was said above."""
    if report.counts.get("X913"):  # nothing new, and the set OUT holds was sent (again)
        # X926: it had waited (an upload that failed, a set published without --upload)
        how = "delivered; it had not reached the server" if report.counts.get("X926") else "delivered again"
        return (
            f"Next: nothing to do; nothing new to publish, and the set in {out_dir} was {how}: "
            "Remind's 90-day clock starts over."
        )
    overdue = next((p for cid in ("X927", "X909") for p in report.examples.get(cid, ())), None)
    if overdue is not None:  # nothing due from the exports, but Remind's clock runs (summer)
        days = overdue.params.get("days", "")
        # Without --upload a night with nothing due past day 80 stops (X996); this one sent
        # nothing (no set in OUT to send, or a run with --upload whose send did not count).
        return (
            f"Next: nothing new to publish, but the last upload is {days} days old and Remind drops a "
            f"district after 90 days without one: upload the files in {out_dir} again, unchanged, to keep it."
        )
    behind = _as_of_behind_clock(report)
    if behind:
        return behind
    brk = next(iter(report.examples.get("F443", ()) or report.examples.get("I288", ())), None)
    if brk is not None:  # a break between terms, or an export still filtered to the ended term
        return (
            "Next: nothing to do over a break; if the next term has started, export its sections and "
            f"enrolments (the SIS job's term filter): from {brk.params.get('due', '')} the run is refused without them."
        )
    unused = next(iter(report.examples.get("I299", ())), None)
    if unused is not None:  # --allow-rollover given tonight, used up on nothing (rollover57)
        return f"Next: nothing to do tonight; --allow-rollover accepted nothing: {unused.params.get('when', '')}."
    return "Next: nothing to do; the last published set stays until there is something to publish."


def _as_of_behind_clock(report: Report) -> str:
    """The term a run waits for (F421) has started by the clock: the as-of date is in the past
    (a typo of the year, a date left in a scheduled job), and "nothing to do" would be said
    every night while the term runs (tester18)."""
    waiting = next(iter(report.examples.get("F421", ())), None)
    if waiting is None:
        return ""
    try:
        today = dt.datetime.fromisoformat(str(report.facts.get("ran_at", ""))).date()
        start = dt.date.fromisoformat(str(waiting.params.get("start", "")))
        as_of = dt.date.fromisoformat(str(waiting.params.get("as_of", "")))
    except ValueError:
        return ""
    if not as_of < start <= today:
        return ""
    return (
        f"Next: check --as-of: {as_of} is {(today - as_of).days} days before today ({today}), and "
        f"{waiting.params.get('term', 'the term')} started on {start}. Without --as-of the run is for today."
    )


def _fix_order(stop: Problem) -> int:
    return fix_rank(stop.code.id, stop.params)


def fix_rank(cid: str, params: Mapping[str, object]) -> int:
    """Where a stop of code `cid` (with its `params`) ranks among a run's stops: the one whose step
    fixes the others first (the page's verdict and the console list them so, tester69 F8)."""
    if cid == "X903" and params.get("top_id") == "D357":
        return -1  # no org is a school: every class and person left out follows from it (tester63 F9)
    if cid in FIRST_FIXES:
        return FIRST_FIXES.index(cid)
    if cid == "I200" and params.get("step"):  # an export missing whose file is there by another name
        return len(FIRST_FIXES)
    if cid in ("X976", "X818"):
        # A school missing from the set leaves out its users, their classes and parents: the
        # tables and kinds emptied (X916, X951) and the parents linked to no student (X975)
        # follow from it, whose steps sent the admin to the conditions (tester69 F8); so do
        # several small ones together (X818).
        return len(FIRST_FIXES)
    others = len(FIRST_FIXES) + 1
    if cid in ("X906", "X953") and params.get("shrunk"):
        # An export that shrank since the last set explains the owners it lost: a cut enrolment
        # file whose teacher rows came last lost every owner (X980), and X980's step (an ID column
        # renumbered) sent the admin to the profile (tester46 F7). After the other stops (an
        # export under half of last time's, X907, says more), before X980.
        return others + 1
    if cid == "X980":
        return others + 2
    return others + 3 * (cid == LAST_FIX)


def _staff_email_fix(report: Report) -> str:
    """V506's fix where staff without an email stopped the run: by how their emails were built."""
    if report.email_login_absent:  # the login the template reads is not exported
        return (
            "Add the staff members' emails to the staff export in the SIS, or the login column the profile "
            f"builds them from with settings.email_domain ({report.email_login_absent})"
        )
    return STAFF_EMAIL_STEPS.get(report.email_built, "")


def _null_name_fix(report: Report) -> str:
    """D304's fix where a required name's cell held SQL's NULL marker, read blank (I227): a person
    named NULL is possible, and the query can write the missing name empty (reviewer147 R2)."""
    held = [p for p in report.examples.get("D304", []) if p.params.get("held")]
    if not held:
        return ""
    where = held[0].where
    column = report.null_said.get((where.file, where.column or ""), where.column)  # 'LN' of 'STU.LN'
    return (
        f"Fill the name in the SIS at the line named: {len(held)} of the rows named held NULL in a name's cell "
        f"({where.file}:{where.line} [{where.column}] the first), read as SQL's empty marker (I227), and a "
        f"person named NULL is possible (then name {column} in null_marker_text on the export in the profile's "
        "sources); "
        "where the name is truly missing, select ISNULL(column, '') in the query"
    )


def _resend_step(stop: Problem) -> str:
    """X893's fix naming what OUT lacks or holds changed (its `detail`: 'demographics.csv is
    missing'), so that the step on the screen says which file to put back (tester49 F9)."""
    fix = explain("X893")[1]
    said = "Put the set back in OUT as it was published"
    detail = str(stop.params["detail"])
    if not fix.startswith(said):
        return fix
    return f"Put the set back in {stop.params.get('out') or 'OUT'} as it was published ({detail}){fix[len(said) :]}"


# Stops whose message carries its own step, worked out from the exports (`step`): the catalogue's
# fix names each way out, the message the one that fits (X810: the id cleaner's width, the column).
# X976: the users name their schools by another column of the schools export (tester69 F8).
# I200: a missing export's file in the folder by another name (tester56 T7).
# I206: an export written without its header row, the option to switch back on (pipeline.headless, tester69 P4);
# I201 where the header may be one (one row, or too few numbers to tell: the option or the columns, review137 R5).
# X943: a term the terms export lists for the whole district, which a join naming the school misses.
# X930: a damaged record of usernames in last.json, whose key alone is removed (reviewer98 R3).
# X818: the schools to add, or the program sites to list in settings.exclude_schools (review90 R4).
# X819: the --term to add (a term running tonight left out), or the one to take out.
# X845: a school the run leaves out on purpose, or whose every student is withdrawn (reviewer110 R2, R3).
# X836, X856: the students' grades, one value written over most of them or other grades mid-year (tester60 N2).
# X866: the join on the terms export leaving out the column that tells two calendars' rows apart (tester74 T6).
# X820, I228: a new profile's guardians rule or missing term filter, the rule and the way out (tester74 T3, T4).
# X923: a watched column read from an export column renamed tonight, the aliases that map it (tester90 T4).
# X971: exports not rewritten since shortly after a term ended, a break: the setting for one (tester90 T6).
OWN_STEP = frozenset(
    {
        "I200",
        "I201",
        "I206",
        "X810",
        "X976",
        "X943",
        "X930",
        "X818",
        "X819",
        "X845",
        "X836",
        "X856",
        "X865",
        "X720",  # words64 round 2: the rule X870 names, when it did (tester89 T6)
        "X820",
        "I228",
        "X866",
        "D328",  # words64: the term's dates to type, in the order the column is read (day or month first)
        "D330",
        "X923",
        "X971",
    }
)


def _own_step(stop: Problem) -> str:
    step = str(stop.params.get("step") or "") if stop.code.id in OWN_STEP else ""
    if step.endswith("."):  # a whole step, its rerun said (gate.aside_step)
        return step
    return f"{step[:1].upper()}{step[1:]}, and rerun." if step else ""


def _new_rows_cut_step(stop: Problem) -> str:
    """X722's step, naming the export and where it ends (tester90 T1), and pre-registration's way (review209 R1)."""
    p = stop.params
    if stop.code.id != "X722" or not p.get("file"):
        return ""
    if not p.get("unstarted", 1):  # each has an enrolment started: the key would excuse none (review218 R2)
        return (
            f"Export {p['file']} again whole and rerun: it ends at {p.get('column')} {p.get('last')}, before "
            f"{p.get('count')} people new since the last set whom tonight's other exports enrol from a day on or "
            "before tonight, which an export of active people lists too. --allow-incomplete publishes tonight's set "
            "without them, a cut set."
        )
    return (
        f"Look whether {p['file']} lost its last rows: it ends at {p.get('column')} {p.get('last')}, before "
        f"{p.get('count')} people new since the last set whom tonight's other exports name. If it did, export it "
        "again whole and rerun. If it lists people from their first day only (pre-registered students scheduled "
        f"with no start date), say so once in the profile and rerun: `sources: {{{p.get('source')}: "
        "{leaves_out_preregistered: true}}`. --allow-incomplete publishes tonight's set without them, a cut set "
        "if the file was cut."
    )


def _unheld_shape_step(stop: Problem, report: Report) -> str:
    """X915's step for enrolments naming classes the classes export does not hold (tester89 T8), when the IDs'
    shape points at the profile (a part more or less than the classes rule builds) or at a spreadsheet (zeros
    lost), or when the profile is new to this set (a first set, or changed since the last): the profile's two
    templates first, before exporting again, which mends neither."""
    p = stop.params
    if stop.code.id != "X915" or not p.get("unheld"):
        return ""
    shape, example, templates, file = p.get("shape"), p.get("example"), p.get("templates"), p.get("file")
    if shape == "template":
        return (
            f"Correct the profile: {templates} build the class IDs otherwise ({example}): give both the same "
            "parts in one order (the enrolments the part they lack, or the one they have more), and rerun; the "
            "exports are not at fault, and exporting them again mends nothing."
        )
    if shape == "zeros":
        return (
            f"Export {file} again from the SIS and copy it without opening it in a spreadsheet such as Excel, and "
            f"rerun: its class IDs lost their leading zeros ({example}); {p.get('unheld')} is not at fault."
        )
    new = report.facts.get("first_set") or report.facts.get("profile_changed")
    if not new or not templates or report.unheld_people.get(str(file)):
        return ""  # the enrolments name the set's people as classes: the data's own cause leads (tester56 T3)
    shown = p.get("unheld")
    return (
        f"The profile is new to this set: check first that {templates} build one class ID for one class (the "
        f"same columns, in one order), and rerun. If they do, export {shown} again, from the same SIS job run as "
        f"the enrolments (the term they name): the enrolments name classes {shown} does not hold, and published "
        f"without them their students would lose those classes. {LAST_RESORT}"
    )


def _export_step(stop: Problem, report: Report) -> str:
    """The fix of a terms export of two rows for one term (X977 with D327), of a changes-only
    export (X907 with its delta), or of an export that lost a column (X872), where the code's
    own fix would send the admin elsewhere or cannot name the column and its file."""
    if stop.code.id == "X872" and stop.params.get("source"):
        return _rows_keep_out_step(stop)
    if stop.code.id == "X915" and (people := str(stop.params.get("people") or "")):  # columns swapped (tester56 T3)
        return (
            f"{people}, and rerun: the enrolments name "
            f"people where their classes go; {stop.params['unheld']} and the profile are not at fault."
        )
    if stop.code.id in ("X915", "X892") and stop.params.get(
        "unheld"
    ):  # enrolments naming classes not exported (tester59 C1)
        shown = stop.params["unheld"]
        return (
            f"Export {shown} again, from the same SIS job run as the enrolments (the term they name), and rerun: "
            f"the enrolments name classes {shown} does not hold, and published without them their students would "
            f"lose those classes. {LAST_RESORT}"
        )
    if stop.code.id == "X977" and "D327" in str(stop.params.get("exported", "")):
        return (
            "Export the terms again with one row per term (the two rows D327 names differ), and rerun: the "
            "classes of that term could not join it; the sections export is not at fault."
        )
    if stop.code.id == "X977" and ", " in str(stop.params.get("schools", "")):  # several schools (tester74 F9)
        p = stop.params
        return (
            f"Export the sections and enrolments of {p['term']} at schools {few(str(p['schools']).split(', '))} "
            "(check the SIS export job's term or year filter), and rerun: schools lacking the new term's classes "
            "all at once is an export's filter, not their dropped electives. --allow-incomplete would publish "
            f"them all without it tonight, and accept school {p['school']}'s alone for the nights after."
        )
    if stop.code.id == "X982" and stop.params.get("column"):  # a line break typed in the SIS (tester63 F14)
        p = stop.params
        return (
            f"In the SIS, remove the line break in {p['column']} of the record {p['file']} line {p['line']} "
            f"names ({p['record']}), then export again and rerun; if the file went through a mail, copy it "
            "from the SIS again as a file."
        )
    if stop.code.id == "X882" and stop.params.get("file"):
        file = stop.params["file"]
        if join := stop.params.get("join"):  # the profile's join reads another key (tester89 T8)
            return (
                f"Correct the profile's join: {join}; join on the column that holds the person's ID in both "
                f"exports, and rerun. Exporting {file} again mends nothing: it holds them."
            )
        if behind := stop.params.get("behind"):  # written before the people export: a copy of an earlier night's
            return (
                f"Export {behind} again from the SIS and rerun: written before {file}, it is an earlier night's "
                f"copy naming people who left since ({file} is right). If it is tonight's, {file} lost rows: "
                "export that again whole."
            )
        export = (
            f"Export {file} again whole from the SIS and rerun: it lacks {stop.params.get('count')} "
            f"{stop.params.get('whom')} that tonight's other exports still name (cut short or filtered); "
            "if they really left, --allow-incomplete lets them go."
        )
        if report.facts.get("first_set") or report.facts.get("profile_changed"):  # the profile first (tester89 T8)
            return (
                f"The profile is new to this set: check first that the rule reading {file} reads the person's ID "
                "from the column the other exports name them by (its sourcedId, and the key of any join to "
                f"{file}), and rerun. If it does: {export[:1].lower()}{export[1:]}"
            )
        return export
    if stop.code.id == "X907" and stop.params.get("delta"):
        return (
            f"{stop.params.get('file')} holds under a hundredth of last time's rows, as a changes-only (delta) "
            "export does: export a full (bulk) set from the SIS (or the hub that sends it), and rerun; do not "
            "accept the drop with --allow-rollover, which would remove everyone the file leaves out."
        )
    return ""


def _column_step(stop: Problem) -> str | None:
    """A missing column's step: the conditions leaving people out that read it (I201, I295), or the
    required field read from it alone (I201; I295's own step puts it back in the export)."""
    if stop.code.id in ("I201", "I295") and stop.params.get("readers"):
        return _keep_out_column_step(stop)
    if stop.code.id == "I201" and stop.params.get("requires"):
        return _required_column_step(stop)
    return None


# Stops of records left out, classes emptied or tables left empty that a users rule's own
# condition explains, when X886 found it left out the rows tonight's classes enrol (why "enrolled"): the
# condition first, with its place and the values it kept (tester89 T9: a students' status condition read
# the wrong way round was refused X916 with F412's 'change what leaves them out', X886 an info row).
CONDITION_LED = frozenset({"X916", "X915", "X903", "X980"})


def _condition_cause_step(stop: Problem, report: Report) -> str:
    """The step of a CONDITION_LED stop naming the condition X886 (why "enrolled") found, whatever the night;
    "" when none."""
    said = [
        p
        for p in report.examples.get("X886", [])
        if p.params.get("why") == "enrolled" and str(p.params.get("rule", "")).startswith("users.")
    ]
    if stop.code.id not in CONDITION_LED or not said:
        return ""
    p = said[0].params
    place = p.get("place") or said[0].where.file
    return (
        f"Check {p.get('rule')} {p.get('condition')} (profile {place}): it left out {p.get('left')} of the "
        f"{p.get('rows')} rows of {p.get('file')} and kept {p.get('kept')}{p.get('values') or ''}, and with them "
        "the rows tonight's classes enrol (X886): is it read the wrong way round, or from the wrong column? "
        "Correct it in the profile and rerun; the records and tables the refusal names were left out after it."
    )


def _fix_first(stop: Problem, report: Report) -> str:
    """The fix of what stopped the run. When records left out stopped it (X915, X916), that is
    the fix of the code that left out most of them (V506 staff-without-email: an email domain),
    not --allow-incomplete, which would publish the set without them: only a last resort."""
    if stop.code.id in ("X906", "X953") and (step := _refused_removal_step(stop, report)):
        return step
    if stop.code.id == "X907" and not stop.params.get("delta") and (thin := _thin_step(report)):
        return f"{stop.params.get('file')} holds under half of last time's rows. {thin}"
    # data_cause_step: a knock-on filter's records (F412, F414) left out for the data's fault (tester57 U4)
    if step := (
        _condition_cause_step(stop, report)
        or _unreached_step(stop, report)
        or _own_step(stop)
        or _new_rows_cut_step(stop)
        or _unheld_shape_step(stop, report)
        or _export_step(stop, report)
        or _cause_step(stop, report)
        or data_cause_step(stop, report)
    ):
        return step
    if stop.code.id == "X893" and stop.params.get("detail"):
        return _resend_step(stop)
    if stop.code.id == "X951" and stop.params.get("last_count") and not report.facts.get("profile_changed"):
        return _kind_emptied_step(stop)
    if stop.code.id == "X980" and (
        stop.params.get("cause") or stop.params.get("had_owners") or stop.params.get("condition")
    ):
        return _owners_step(stop)
    if stop.code.id == "X990" and stop.params.get("source"):
        return _renamed_step(stop)
    if (column_step := _column_step(stop)) is not None:
        return column_step
    if stop.code.id in ("X929", "X887"):
        return _school_year_step(stop)
    top = str(stop.params.get("top_id") or "")
    if top and explain(top)[1].startswith("Nothing to do"):
        # Left out on purpose by a filter or an option (F411: a class of a term --term does not
        # name): what left them out is what to look at, not the records.
        slug = BY_ID[top].slug if top in BY_ID else ""
        meaning = explain(top)[0].rstrip(".")
        return (
            f"{top} {slug} left out most of the records ({meaning[:1].lower()}{meaning[1:]}): if that is not "
            f"meant, change what leaves them out (the profile, --term, --school) and rerun.{_ended_terms(report)} "
            f"{LAST_RESORT}"
        )
    if top and explain(top)[1]:
        slug = BY_ID[top].slug if top in BY_ID else ""
        last = "" if slug in NEVER_MEANT else " " + LAST_RESORT
        fix = _staff_email_fix(report) if top == "V506" else _null_name_fix(report) if top == "D304" else ""
        fix = _RUN_AGAIN.sub("", fix or explain(top)[1])
        return f"{fix} ({top} {slug} left out most of the records), and rerun.{last}"
    return explain(stop.code.id)[1] or "fix what the message above says, and rerun."


# A fix's own last words asking to run again: the step ends in its own ', and rerun' (review173 R2:
# '...export again and run again (I257 ...), and rerun').
_RUN_AGAIN = re.compile(r"(?:[,.]?\s*(?:and|then)?\s*(?:run again|rerun))?\.?\s*$", re.IGNORECASE)


def _ended_terms(report: Report) -> str:
    """The --term options naming terms that ended (X842), to take out: what most often left a set's
    records out when the job's --term list outlived its terms (reviewer111 R2)."""
    said = report.examples.get("X842", [])
    if not said:
        return ""
    named = ", ".join(f"--term {p.params.get('term')} (ended on {p.params.get('end')})" for p in said)
    verb, it = ("names a term", "it") if len(said) == 1 else ("name terms", "them")
    return f" {named} {verb} that ended: take {it} out of the job."


def _unreached_step(stop: Problem, report: Report) -> str:
    """X951 of the parents, every one left out with only a placeholder or unreadable phone or email
    (X808 said beside it): its fix, not the conditions' (a contacts export whose every phone was
    '000-000-0000' was sent to 'correct the rule's conditions', which kept every parent's row)."""
    said = report.examples.get("X808")
    if stop.code.id != "X951" or not said or "parent" not in str(stop.params.get("kind", "")):
        return ""
    lost = said[0].params.get("lost")
    return (
        f"{lost} parents were left out with only a placeholder or unreadable phone or email (X808 "
        "guardians-contacts-unreachable, its columns and values above), not by the conditions: map the column "
        "that holds the parents' phones and emails in the profile, set settings.phone_area_code for 7-digit "
        "numbers, or enter them in the SIS, and rerun; if the SIS truly has none, --allow-incomplete publishes "
        "the set without parents."
    )


# The codes that leave out people of other names under one ID: among parents and guardians lost
# (X969) most often every family's people under a column of the student's or the family's read as
# the contact's own ID (tester57 F6: contact read from STUDENT-ID), not IDs the SIS gave twice.
ONE_ID_TWO_PEOPLE = frozenset({"V501", "V537", "V570"})


def _guardians_lost_step(stop: Problem) -> str:
    """X969's own step: the fix of the code that lost most of the parents, said of the parents (not
    "most of the records"), with the explain file that lists each; for people of other names under
    one ID, the guardians rule's contact ID column first (V537's "give each person their own ID in
    the SIS" sent a person to the SIS for a profile's mistake)."""
    top = str(stop.params.get("top_id") or "")
    slug = BY_ID[top].slug if top in BY_ID else ""
    listed = "--explain PATH lists each parent left out, with its row"
    if top in ONE_ID_TWO_PEOPLE:
        read = str(stop.params.get("contact") or "the guardians rule's guardian: contact")
        return (
            f"Check the column the profile reads each parent's or guardian's ID from ({read}): {top} {slug} "
            "left out most of them as people of other names under one ID, "
            "which a column of the student or the family (a student ID) read as the contact's own ID gives. "
            f"Read the contacts export's own ID of each person ({listed}) and rerun; if the IDs are the SIS's "
            f"own, give each person their own ID in the SIS. {LAST_RESORT}"
        )
    fix = (explain(top)[1] if top else "") or "Fix the problem the message names"
    said = f"{top} {slug} left out most of the parents and guardians; {listed}"
    return f"{fix.rstrip('.')} ({said}), and rerun. {LAST_RESORT}"


def _named_other_step(stop: Problem, report: Report) -> str:
    """X969's step where the profile's each groups read each other's contact columns (P124): the
    father group given the mother's phone and no name was left out for its blank name (D304), and
    "fill the value in the SIS at the line named" sent the admin to a row with no father at all
    (tester69 F11). The fix is the profile's: each group reads its own columns."""
    named = report.examples.get("P124", [])
    if not named:
        return ""
    top = str(stop.params.get("top_id") or "")
    slug = BY_ID[top].slug if top in BY_ID else ""
    said = "; ".join(
        f"{p.params.get('path')} reads {p.params.get('columns')}, named for group {p.params.get('other')!r}"
        + (f" ({p.where.file})" if p.where.file else "")  # the profile's file:line:column
        for p in named[:3]
    )
    return (
        f"Read each group's own columns in the profile, and rerun: {said} (P124). A group given another's "
        f"email or phone is a person of someone else's contact point and, where its own row is blank, no name: "
        f"{top} {slug} left most of the parents and guardians out so. Nothing in the SIS needs filling."
    )


def _no_school_step(report: Report) -> str:
    """X903's step when no org of the export is of type school (D357 left out every one): the
    type map, written with the types found (tester63 F9: Moodle's one department)."""
    found = sorted({str(p.params.get("value", "")) for p in report.examples.get("D357", []) if p.params.get("value")})
    types = ", ".join(repr(t) for t in found) or "another type"
    mapped = next((t for t in found if t.casefold() != "district"), "department")  # a district holds schools
    return (
        "The set rosters only orgs of type school (the profile's org_types map), and the orgs export has none "
        f"(its orgs are of type {types}; "
        "D357). If one of them is a school of yours, map its type to school in a district profile extending the "
        f"bundled one (maps: {{org_types: {{values: {{{mapped}: school}}}}}}), and rerun."
    )


def _cause_step(stop: Problem, report: Report) -> str:
    """The step of a stop whose cause the run found beyond its code: X942's teachers left out for
    no email (V506, tester57 F8), X916's join whose every key is on several rows (F11), X969's parents
    lost (`_guardians_lost_step`); else ""."""
    if stop.code.id == "X969":  # parents lost: said of the parents, not 'most of the records'
        return _named_other_step(stop, report) or _guardians_lost_step(stop)
    if stop.code.id == "X903" and stop.params.get("top_id") == "D357":
        return _no_school_step(report)
    if stop.code.id == "X903" and report.orgs_keyed_otherwise:  # the orgs keyed on another column (tester89 T8)
        return (
            f"Correct the profile: {report.orgs_keyed_otherwise} (or read the others' schools through a join to "
            "the schools export), and rerun; the exports are not at fault, and no record is missing from them."
        )
    if stop.code.id == "X942" and stop.params.get("cause_id") == "V506":  # teachers left out for no email
        fix = _staff_email_fix(report) or explain("V506")[1]
        return (
            "Check the email: of the staff rule (a column empty for the school's teachers, or another person's "
            f"column); else {fix[:1].lower()}{fix[1:].rstrip('.')}; and rerun."
        )
    if stop.params.get("top_id") == "D300" and (step := _affixed_step(report)):
        return step
    narrow = report.facts.get("joins_too_narrow") or {}  # pipeline.lookups.NARROW_JOINS
    if stop.params.get("top_id") == "D300" and narrow:  # every key of a joined export on several rows
        source, said = next(iter(sorted(narrow.items())))
        return (
            f"If a {said['key']} of {source} is unique only together with another column (the school year or "
            "the term name), add that column to the join's on (on: {School Year: School Year, Term: Term}; "
            'docs/tutorial.md, "Two-column joins"): nothing in the SIS needs correcting. If the export lists '
            "another year's rows under the same keys, export one school year, or give the join pick: "
            "(the rows' dates). Then rerun."
        )
    return ""


def _affixed_step(report: Report) -> str:
    """D300's step where most of its keys hold a joined export's ID with more before or after it
    (pipeline.lookups.affixed_twin: '100-3600' for the sessions' '3600', tester70 F5): "add the
    missing record in the SIS" sent the admin to a SIS that misses nothing."""
    affixed: dict[str, dict[str, Any]] = report.facts.get("join_keys_affixed") or {}
    if not affixed:
        return ""
    source, said = max(affixed.items(), key=lambda item: int(item[1]["count"]))
    if said["count"] * 2 < report.counts.get("D300", 0):
        return ""
    column, key, twin, affix = (said[name] for name in ("column", "key", "twin", "affix"))
    file = said.get("file") or source
    return (
        f"Nothing is missing in the SIS: {column} writes the IDs of {file} with {affix!r} added ({key!r} for "
        f"{twin!r}, which {file} holds; D300 join-missing, {said['count']:,} rows). Have the export write "
        f"{column} as {file} writes its IDs (the SIS query or report template that builds it, without the "
        f"{affix!r}), and rerun."
    )


def _school_year_step(stop: Problem) -> str:
    """Last year's classes joined to next year's terms (pipeline.last_year): the exports hold both
    school years' sections (X887), whose fix names the school-year column the profile's pick reads,
    or last year's only (X929), whose fix is the new year's exports (tester53 F5: "wait for the
    rollover" every night, where the SIS had rolled over and the column was not exported)."""
    column = str(stop.params.get("year_column") or "")
    if stop.code.id == "X887":
        fix = str(stop.params.get("fix") or "export ")
        return f"{fix[:1].upper()}{fix[1:]}one school year's sections and schedules (the new year's), and rerun."
    step = (
        "The exports hold last year's sections only: export the new school year's sections and enrolments "
        "(after the SIS's year rollover, or with the export jobs set to the new school year), and rerun"
    )
    if column:
        step += (
            f"; export {column} with them, the school-year column the profile's pick: year reads to tell two "
            "years' sections apart"
        )
    return step + "."


def _kind_emptied_step(stop: Problem) -> str:
    """X951 on a night whose last set held the kind, the profile unchanged since: the export
    changed, so it comes first; the conditions only if the SIS now writes the values on purpose
    (tester46 F6: "correct the rule's conditions" first, which for FACTS contacts all Emergency
    meant publishing neighbours as parents)."""
    params = stop.params
    count, kind, file = int(str(params.get("last_count") or 0)), params.get("kind", ""), params.get("file", "")
    held = str(params.get("held") or "").strip()
    return (
        f"The last published set held {count:,} {kind} and the profile is the same, so {file} changed "
        f"tonight{' ' + held if held else ''} (an integration setting, a report template): export it again as "
        "it was, and rerun. Only if the SIS now writes these values on purpose, correct the rule's conditions "
        f"({params.get('conditions', '')}) in the profile; --allow-incomplete would publish the set without "
        f"the {kind}."
    )


def _limit_needed(report: Report) -> int:
    """The --max-removal that publishes a night whose removal refusals (X906, X953) are all people
    the exports list as withdrawn or inactive (X953's `needed`) and what leaves with them (X906's
    percent): 0 when one of them is of anything else, or of a school (no option's limit)."""
    needed = 0
    if any(stop.params.get("excluded") for stop in report.aborts):  # a whole school: its own limit (X953, X845)
        return 0
    for stop in report.aborts:
        if stop.code.id == "X953":
            if not stop.params.get("needed"):
                return 0
            needed = max(needed, int(str(stop.params["needed"])))
        elif stop.code.id == "X906":
            # A file whose removals the withdrawals do not bring within the limit (pipeline.withdrawals)
            # is no batch of withdrawals: no option publishes only them.
            if "needed" in stop.params and not stop.params.get("needed"):
                return -1
            needed = max(needed, math.floor(float(str(stop.params.get("percent") or 0))) + 1)
        elif stop.code.id not in ("X953", "X906"):
            return 0
    return min(needed, MOST_REMOVAL)  # every record of a file removed: 100 %, the option's most (reviewer76 R1b)


def _patterned_stops(report: Report) -> list[Problem]:
    return [s for s in report.aborts if s.code.id == "X906" and s.params.get("patterned_count")]


def _refused_removal_step(stop: Problem, report: Report) -> str:
    """The step of a removal refusal (X906, X953); X906's removals of classes an exclusion pattern left
    out tonight (F406) said apart after another step."""
    step = _moved_terms_step(stop, report) or _patterned_step(report) or _removal_step(stop, report)
    if stop.code.id == "X906" and (apart := _patterned_apart(report)):
        step = f"{step or explain('X906')[1]} {apart}"
    return step


def _patterned_step(report: Report) -> str:
    """X906's step when every removal every refusal counts is of a class the profile's exclusion patterns
    left out tonight (F406, pipeline.patterned_left: illum59 R4): how to confirm it is the tool's own rule,
    and the two ways out. "" otherwise."""
    said = _patterned_stops(report)
    if not said or len(said) != len(report.aborts):
        return ""
    if any(s.params.get("patterned_count") != s.params.get("removed") for s in said):
        return ""
    classes = max(int(str(s.params.get("patterned_classes") or 0)) for s in said)
    names, fixes = _rules_said(said)
    one = classes == 1
    them, its, are = ("it", "its", "is") if one else ("them", "their", "are")
    return (
        f"The {'class' if one else f'{classes} classes'} removed (with {its} enrolments) {are} still in tonight's "
        f"exports: an exclusion rule ({names}, filters.exclude_classes or the command line) leaves {them} out "
        "tonight (F406): one the profile (or this version's bundled profile) or the command added since the last "
        f"set, or a class changed in the SIS to match it. To confirm, rerun with --explain PATH: {its} rows say "
        f"F406 and the rule. If {them} should leave Remind, rerun once with --allow-rollover (it publishes "
        f"{them} as left out, I216, exit 1 that night: a person confirms; the nights after compare with that "
        f"set); if not, name {them} in "
        f"filters.exclude_classes.keep (its field's value of {them} under values:), or stop the rule where it is "
        f"switched on ({fixes}), and rerun."
    )


def _patterned_apart(report: Report) -> str:
    """A sentence after another step, when some of X906's removals are of classes an exclusion pattern
    left out tonight (F406) beside others: said apart, so that they are not read as gone from the export."""
    said = _patterned_stops(report)
    if not said or _patterned_step(report):
        return ""
    names, fixes = _rules_said(said)
    return (
        f"Of the removals, those X906 says the exclusion rule ({names}) leaves out tonight (F406) are still in "
        "the exports: --explain PATH lists them; if they should stay, name them in filters.exclude_classes.keep"
        f", or stop the rule where it is switched on ({fixes})."
    )


def _rules_said(said: Sequence[Problem]) -> tuple[str, str]:
    """The exclusion rules X906 or I216 name (`said`), and each one's way to stop it (patterned_left)."""
    names = ", ".join(sorted({n for s in said for n in str(s.params.get("patterned_names") or "").split(", ") if n}))
    fixes = "; ".join(dict.fromkeys(f for s in said if (f := str(s.params.get("patterned_fix") or ""))))
    return names, fixes


def _exclusion_published_step(checked: Sequence[Problem]) -> str:
    """I216's step: --allow-rollover published the removal of classes an exclusion rule leaves out
    tonight, of any number (review151 R1: 8 of 10 classes flagged No Remind at once, exit 0, the flag
    left in the nightly job): which classes, how to confirm they are meant, how to undo it."""
    classes = max(int(str(p.params.get("patterned_classes") or 0)) for p in checked)
    shown = next((str(p.params.get("patterned_shown")) for p in checked if p.params.get("table") == "classes"), "")
    shown = shown or str(checked[0].params.get("patterned_shown") or "")
    names, fixes = _rules_said(checked)
    one = classes == 1
    them = "it" if one else "them"
    return (
        f"--allow-rollover removed {'1 class' if one else f'{classes:,} classes'} from Remind that an exclusion "
        f"rule ({names}) leaves out tonight ({shown}): confirm {'it is' if one else 'they are'} meant to leave "
        f"Remind (rerun with --explain PATH: {'its' if one else 'their'} rows say F406 and the rule). If not, "
        f"name {them} in "
        f"filters.exclude_classes.keep or stop the rule where it is switched on ({fixes}) and rerun without "
        "--allow-rollover: the next set brings them back. Take --allow-rollover out of a scheduled job."
    )


def _moved_terms_step(stop: Problem, report: Report) -> str:
    """X906's step when every removal it counts of classes or enrolments is of a class left out as in a
    term that ended before the last published set held it as current (X948): the term's dates changed
    between that set and tonight. Either tonight's export or the last set's was wrong (tester60 N5: a set
    published with S1's end moved to June, the correct exports after it refused every night with no way
    out named): the option that publishes tonight's, or the SIS. "" otherwise."""
    moved = report.examples.get("X948", [])
    table, params = str(stop.params.get("table") or ""), stop.params
    if stop.code.id != "X906" or table not in ("classes", "enrollments") or not moved:
        return ""
    said = moved[0].params
    count, removed = int(str(said.get(table) or 0)), int(str(params.get("removed") or 0))
    if not removed or count < removed:
        return ""
    stops = [s for s in report.aborts if s.code.id == "X906"]
    option = "--allow-rollover"
    if len(stops) == len(report.aborts):
        needed = max(math.floor(float(str(s.params.get("percent") or 0))) + 1 for s in stops)
        option += f" (or --max-removal {min(needed, MOST_REMOVAL)})"
    what = {"classes": ("class", "classes"), "enrollments": ("enrolment", "enrolments")}[table][removed != 1]
    held = str(said.get("classes"))
    of = f"{held} class" if held == "1" else f"{held} classes"
    return (
        f"The {removed} {what} removed {'is' if removed == 1 else 'are'} of {of} whose term's dates changed since the "
        f"last published set (X948: {said.get('example')}: {said.get('why')}): tonight's export dates their "
        "term as ended before that set was made, which held them as current. If tonight's dates are right (the "
        "last set was made from an export with wrong term dates: an ended term's end moved past its day, "
        f"sections given the calendar's dates), rerun once with {option}; if the last set's dates were right, "
        "correct the term dates in the SIS, export again and rerun."
    )


def _removal_step(stop: Problem, report: Report) -> str:
    """The step of a removal refusal (X906, X953) from what the gate found (pipeline.gate._evidence):
    removals most of which tonight's own errors left out are that error's to fix (the people are in
    the export); an export that shrank since the last set, or students left in no class, is an
    export cut short or filtered, which no new year or term explains: neither is offered
    --allow-rollover (tester44 F1, F12). "" when the gate found none of it (the catalogue's step)."""
    params = stop.params
    if USERS_ONLY_SINCE in str(params.get("since") or ""):
        return (
            "Run without --users-only to publish the classes and enrolments with the users; to replace the "
            "last set with the users alone (Remind would delete its classes), rerun with --allow-rollover."
        )
    if params.get("new_year") and not params.get("error_code"):  # a new school year's night (pipeline.new_year)
        return _new_year_step(stop)
    if (enrolled := report.facts.get(ENROLLED_LEFT_OUT)) and enrolled_most(enrolled, _people_removed(report)):
        return _enrolled_step(enrolled)  # an export still of the ended term (tester63 S1)
    step = _usual_removal_step(stop, report)
    if enrolled:  # a few of them beside other removals (review127 R6): the step, and they named apart
        said = enrolled_apart(enrolled)
        return f"{step or explain(stop.code.id)[1]} {said[:1].upper()}{said[1:]}."
    return step


def _people_removed(report: Report) -> int:
    """The users the removal refusals remove (X953's, or users.csv's X906): 0 when none says."""
    found = [
        int(digits)
        for stop in report.aborts
        if stop.code.id == "X953" or (stop.code.id == "X906" and stop.params.get("table") == "users")
        if (digits := "".join(c for c in str(stop.params.get("removed") or "") if c.isdigit()))
    ]
    return max(found, default=0)


def _usual_removal_step(stop: Problem, report: Report) -> str:
    params = stop.params
    removals = params.get("removals", "<out>-removals.csv")
    if stop.code.id == "X906" and params.get("moved_publishes") and (step := _moved_step(report)):
        return step
    if stop.code.id == "X906" and params.get("needed"):
        return _withdrawals_step(report)
    if stop.code.id == "X953" and params.get("withdrawn"):
        needed = _limit_needed(report)
        # how they leave (people_gate._cause): withdrawn or inactive, or with a school settings.exclude_schools
        # leaves out (`excluded`, excl58), whose own limit --allow-rollover alone passes (reviewer122 R2)
        left_as = params.get("left_as")
        how = f"on purpose ({left_as})" if params.get("excluded") else f"as {left_as}"
        leave = f"The {params.get('removed')} {params.get('whom')} removed leave {how} in tonight's exports"
        if needed < 0:
            return (
                f"{leave}, but the removals of another file (X906) are not all theirs: look at "
                f"{removals}, its rows with term_ended blank, for those first."
            )
        if params.get("excluded"):
            return f"{leave} (listed in {removals}): {SCHOOL_LEFT_STEP}"
        option = f"--max-removal {needed}" if needed else "--allow-rollover"
        return (
            f"{leave} (listed in {removals}): if so many leaving at once is expected (a semester's end), rerun once "
            f"with {option}; if not, correct their status in the SIS, and rerun."
        )
    error = str(params.get("error_code") or "")
    if error:
        fix = explain(error)[1].rstrip(".") or "fix what it says"
        return (
            f"{str(params.get('errors'))[:1].upper()}{str(params.get('errors'))[1:]}, and --allow-rollover "
            "would remove them from Remind. "
            f"{fix[:1].upper()}{fix[1:]} ({error}), and rerun."
        )
    if (turned := _ended_then_step(stop, report)) is not None:
        return turned
    shrunk, unclassed = str(params.get("shrunk") or ""), int(str(params.get("unclassed") or 0))
    if not (shrunk or unclassed):
        return ""
    counted = (
        f"the {params.get('removed')} rows with term_ended blank (or said by the last published set) are the "
        "removals that stopped it "
        f"(the {params.get('ended_count')} others are of terms that ended)"
        if params.get("ended_count")
        else "its rows are the removals that stopped it"
    )
    signs = [shrunk] if shrunk else []
    if unclassed:
        signs.append(f"{unclassed:,} students stay in the set with no class at all")
    # Rows of an ended term are gone too: the export shrank partly by the calendar, not by that alone.
    why = (
        "the term that ended explains only the rows listed with term_ended filled; the others no new term or "
        "school year explains, an export cut short or filtered does"
        if params.get("ended_count")
        else "no new term or school year does that, an export cut short or filtered does"
    )
    return (
        f"Look at {removals}: {counted}. {'; '.join(signs)}: {why}. Export it again whole (check the SIS job's "
        "filter and that the copy finished), and rerun."
    )


def _ended_then_step(stop: Problem, report: Report) -> str | None:
    """X906's step when every removal it counts, of classes and enrolments, is of a class whose terms had all
    ended by the last published set's dates (the list's term_ended "..., by the last published set"): the SIS
    dropped an ended term's sections, and tonight's set holds no class of a term that followed it at their
    school, or leaves their students in no class. "Export it again whole" was the only advice (heldback63):
    the new term's sections and schedules are what to look for. None when any counted removal is of
    anything else (a running term's, a person's): that refusal's own step."""
    stops = [stop, *(s for s in report.aborts if s.code.id in ("X906", "X953") and s is not stop)]
    if any(
        s.code.id != "X906"
        or str(s.params.get("table")) not in ("classes", "enrollments")
        or not int(str(s.params.get("ended_then_count") or 0))
        or int(str(s.params.get("ended_then_count") or 0)) != int(str(s.params.get("removed") or -1))
        for s in stops
    ):
        return None
    if thin := _thin_step(report):
        return (
            f"Look at {stop.params.get('removals')}: every removal that stopped it is of a class whose term had ended "
            f"by the last published set's dates (term_ended says which). {thin}"
        )
    return (
        f"Look at {stop.params.get('removals')}: every removal that stopped it is of a class whose term had ended "
        "by the last published set's dates (term_ended says which), gone from tonight's exports as a SIS job "
        "drops an ended term's sections, but the term that follows it is not in tonight's set at their school "
        "(or its classes leave their students in no class). Check that tonight's exports hold the new term's "
        "sections and schedule rows at those schools (the SIS job's term filter, the new term's schedule "
        "built), export them and rerun; if a school has no later term (its year over, a programme ended), "
        "rerun once with --allow-rollover."
    )


def _thin_step(report: Report) -> str:
    """The step where an ended term's classes gone at a school are not explained because the term that followed
    has under half as many classes there tonight (published_ended.thin_followers, review197), or none judged
    begun and classes of terms no lookup knows (review206 R3: not "too few classes"); "" when none."""
    thin = report.facts.get("thin_followers")
    if not isinstance(thin, dict) or not thin:
        return ""
    unknown = {school: counts for school, counts in thin.items() if _unjudged(counts)}
    few = {school: counts for school, counts in thin.items() if school not in unknown}
    said = []
    if few:
        said.append(
            f"Tonight's set holds too few classes of the term that followed the ended one at {_schools(few)}. Check "
            "that tonight's exports hold all the new term's sections there (an export cut short, a school's job "
            "that failed), export them and rerun; if the new term truly has that few sections, rerun once with "
            "--allow-rollover, which publishes it."
        )
    if unknown:
        said.append(
            f"At {_schools(unknown)} no class of tonight's set is of a term begun since the ended one, and new "
            "classes there name terms tonight's terms export does not hold (or none), so whether its next term has "
            "begun is not known. Check that tonight's terms (sessions) export holds those classes' terms with their "
            "dates and that the new term's sections are exported, and rerun; if the school is between terms, rerun "
            "once with --allow-rollover, which publishes it."
        )
    return " ".join(said)


def _unjudged(counts: object) -> bool:
    """thin_followers' numbers of a school taken back for classes of terms no lookup judges (their third)."""
    return isinstance(counts, list) and len(counts) > 2 and bool(counts[2])


def _schools(thin: dict[str, Any]) -> str:
    """published_ended.thin_followers' schools in words: "school 0482 (1 for 3 gone)", "school 0482 (0 for 3 gone,
    1 of a term not known)"."""
    said = []
    for school, counts in sorted(thin.items())[:3]:
        new, lost = counts[0], counts[1]
        unknown = f", {counts[2]} of terms not known" if _unjudged(counts) else ""
        said.append(f"school {school} ({new} for {lost} gone{unknown})")
    more = f" and {len(thin) - 3} more" if len(thin) > 3 else ""
    return ", ".join(said) + more


def _new_year_step(stop: Problem) -> str:
    """A removal refusal on a new school year's first night (pipeline.new_year, rollover57): every class
    removed is of the last set's school year, tonight's terms all of a later one: --allow-rollover first."""
    words = str(stop.params.get("new_year")).removesuffix("; ")
    shrunk = str(stop.params.get("shrunk") or "")
    check = (
        f" Before the flag, check that the rows gone are last year's leavers and graduates ({shrunk}): if an "
        "export was cut short or filtered, export it again whole first."
        if shrunk
        else ""
    )
    return (
        f"{words[:1].upper()}{words[1:]}: it publishes the new year's set, and the nights after need no flag "
        f"(the classes and people it removes are listed in {stop.params.get('removals')}). If the SIS has not "
        "finished its rollover (a school's classes or students of the new year not exported yet), finish it "
        f"and export again first.{check}"
    )


def _moved_step(report: Report) -> str:
    """X906's step when its removals are a school move --allow-rollover publishes (pipeline.school_moves,
    tester61 Y4), every refusal of the night being one: "" when another refusal is of anything else."""
    if any(not (stop.code.id == "X906" and stop.params.get("moved_publishes")) for stop in report.aborts):
        return ""
    said = min(report.aborts, key=lambda s: WITHDRAWALS_SAID_BY.index(str(s.params.get("table")))).params
    moved = str(said.get("moved_said") or "").removeprefix("; ")
    return (
        f"The removals are a school move: {moved} (the list is in {said.get('removals')}). If the school did close "
        "or open, rerun once with --allow-rollover: it publishes the move (I298), and the nights after need no "
        "flag; if those students did not move, correct their school in the SIS, and rerun."
    )


# The file whose X906 says the withdrawals in the step, when several do: the people's enrolments first.
WITHDRAWALS_SAID_BY = ("enrollments", "users", "classes")


# The step of a removal refusal whose people leave with a whole school settings.exclude_schools leaves out
# and the run does not set apart (pipeline.excluded_left: a bundled profile's entry, a set --previous names):
# the flag that publishes it, as X845 says for a school the run leaves out (reviewer122 R2: --max-removal was
# named, and the rerun refused by the school's own X953).
SCHOOL_LEFT_STEP = (
    "if that school is no longer to be in Remind, rerun once with --allow-rollover, which publishes it (Remind "
    "deletes the school and everyone at it; no --max-removal passes a whole school's own limit); if it is, take it "
    "out of the profile's settings.exclude_schools (and correct in the SIS any other status wrong), and rerun."
)


def _enrolled_step(enrolled: dict[str, Any]) -> str:
    """The removal refusals' step when people the users export leaves out as withdrawn or inactive
    are enrolled tonight in classes the set keeps (pipeline.withdrawals._enrolled_tonight): no
    --max-removal, which would delete them."""
    said = enrolled_cause(enrolled)
    return (
        f"{said[:1].upper()}{said[1:]}. Export it again for the current term and rerun; --allow-rollover or "
        "--max-removal would publish it anyway, deleting them from Remind."
    )


def _withdrawals_step(report: Report) -> str:
    """X906's step when most of its removals are people tonight's exports list as withdrawn or
    inactive and the others are within the limit (pipeline.withdrawals: the seniors' last day,
    tester60 F4): no broken export to look for; the --max-removal that publishes the night (every
    removal refusal of it), or the SIS, where a status is wrong."""
    said = [s for s in report.aborts if s.code.id == "X906" and s.params.get("needed")]
    params = min(said, key=lambda s: WITHDRAWALS_SAID_BY.index(str(s.params.get("table")))).params
    needed = _limit_needed(report)
    if needed < 0:
        return (
            f"Look at {params.get('removals')}: {params.get('withdrawn_count')} of the {params.get('removed')} "
            f"{params.get('table')} removed are of people tonight's exports list as withdrawn or inactive, but "
            "another file's removals are not all theirs: look at those first (rows with term_ended blank)."
        )
    option = f"--max-removal {needed}" if needed else "--allow-rollover"
    table, count, people = params.get("table"), params.get("withdrawn_count"), params.get("withdrawn_people")
    of = "All" if str(count) == str(params.get("removed")) else f"{count} of the"
    whom = params.get("withdrawn_whom")
    left_as = params.get("left_as")
    listed = (
        f"left out on purpose ({left_as})" if params.get("excluded") else f"listed in tonight's exports as {left_as}"
    )
    if params.get("withdrawn_marked") and table in ("enrollments", "classes") and not params.get("excluded"):
        return _marked_step(params, of, option)
    whose = {
        "enrollments": f"{of} {params.get('removed')} enrolments removed are those of {people} {whom} {listed}"
        + (", or of the classes they leave with no student" if params.get("withdrawn_of_classes") else ""),
        "classes": f"{of} {params.get('removed')} classes removed are left with no student, their {people} {whom} "
        f"being {listed}",
    }.get(str(table), f"{of} {params.get('removed')} users removed are {people} {whom} {listed} (or their parents)")
    if params.get("excluded"):
        return f"{whose} (the report and {params.get('removals')} say who), not a broken export: {SCHOOL_LEFT_STEP}"
    return (
        f"{whose} (the report and {params.get('removals')} say who), not a broken export: if so many leaving at "
        f"once is expected (seniors' last day, a semester's end), rerun once with {option}; if not, correct their "
        "status in the SIS, and rerun."
    )


def _marked_step(params: Mapping[str, object], of: str, option: str) -> str:
    """`_withdrawals_step` where the removals are (or include) enrolment rows tonight's export still
    holds and marks to leave out (status tobedeleted or inactive, an end date past): exporting again
    writes the same marks (tester70 F1); the option, or the rows' marks in the SIS."""
    people, whom = params.get("withdrawn_people"), params.get("withdrawn_whom")
    withdrawn = f" or of {people} {whom} listed as withdrawn or inactive," if people else ""
    what = "enrolments" if params.get("table") == "enrollments" else "classes (their student enrolments)"
    classes = ", or of the classes those leave with no student" if params.get("withdrawn_of_classes") else ""
    return (
        f"{of} {params.get('removed')} {what} removed are{withdrawn} rows tonight's export still holds and marks "
        f"to leave out ({params.get('marked_why')}){classes}: the export drops them, and exporting it again changes "
        f"nothing (the report and {params.get('removals')} say which). If so many ending at once is expected (a "
        f"semester's end, a schedule change), rerun once with {option}; if not, correct the rows' status or end date "
        "in the SIS, and rerun."
    )


def _required_column_step(stop: Problem) -> str:
    """The step of I201 for a column the only cell of a field the target requires is read from
    (absent.required_readers): the export, never optional_columns, which would leave out every
    record for the field left empty (D304; tester63 F8)."""
    column, file, fields = (str(stop.params.get(key, "")) for key in ("column", "file", "requires"))
    return (
        f"Add {column!r} to the SIS export of {file} (or, if it is there under another name, map that name in "
        f"the profile: sources: aliases), and rerun: {fields} {'are' if ', ' in fields else 'is'} required and "
        f"read from {column!r} alone. Declaring it under optional_columns would not fix this: every record "
        "would come out without it and be left out (D304)."
    )


def _keep_out_column_step(stop: Problem) -> str:
    """The step of I201 for a column a condition leaving people out reads (pipeline.absent.keep_outs_said):
    the export first. optional_columns, the catalogue's third way for a column the SIS never wrote,
    publishes whoever the conditions leave out (Aeries' restrained father, tester44 F3): said as
    that, and not offered at all when the last published set's export had the column."""
    params = stop.params
    column, file, readers, had = (str(params.get(key, "")) for key in ("column", "file", "readers", "had"))
    optional = (
        f"Declaring it under optional_columns would not fix this: {readers} would read it blank on every row, "
        "and whoever they exist to leave out by it might be published"
    )
    if had:
        return (
            f"Put {column!r} back in the SIS export of {file} (its template or query lost it: the export of the "
            f"last published set, as of {had}, had it; if it is there under another name, map that name in the "
            f"profile: sources: aliases), and rerun. {optional}."
        )
    return (
        f"Fix the SIS export first: add {column!r} to {file} (or, if it is there under another name, map that "
        f"name in the profile: sources: aliases), and rerun. {optional}; only an export that truly never names "
        f"such people may declare it so (docs/profiles.md)."
    )


def _rows_keep_out_step(stop: Problem) -> str:
    """The step of X872 (pipeline.keep_out_rows): the column a condition leaving enrolments out
    reads left the export since the last published set. Put back, or its new name mapped with the
    source's aliases, written out: the one header no rule reads as that name, else a placeholder
    after the few such headers (tester60 F2)."""
    params = stop.params
    column, source, file, unread = (str(params.get(key, "")) for key in ("column", "source", "file", "unread"))
    one = unread.count("', '") == 0 and unread.startswith("'")
    name = unread.strip("'") if one else "NEW NAME"
    new = f" (the headers of {file} no rule reads: {unread})" if unread and not one else ""
    writes = (
        f"writes it as {unread} (the one header of {file} no rule reads)"
        if one
        else f"writes it under another name{new}"
    )
    return (
        f"Put {column!r} back in the SIS export of {file} (the export of the last published set, as of "
        f"{params.get('last_as_of')}, had it), or, if the SIS now {writes}, map that name in your district "
        f"profile: sources: {{{source}: {{aliases: {{{column}: [{name}]}}}}}} (docs/profiles.md), and rerun."
    )


def _renamed_step(stop: Problem) -> str:
    """The step of X990 (pipeline.absent.check_renamed): the export's header renamed a column a
    condition reads. Either fix brings the column back to the condition: the export's old name,
    or the new name mapped in the profile (the source's aliases), written out (tester44 F13); and, for
    a look-alike that is another column, absent._way_out's words (`way`), as X830's (reviewer131 R3)."""
    params = stop.params
    column, close, source, file = (str(params.get(key, "")) for key in ("column", "close", "source", "file"))
    way = str(params.get("way") or f"list {close!r} in the {source} source's optional_columns")
    return (
        f"Give the column its name {column!r} again in the SIS's export of {file}, or, if the SIS now "
        f"names it {close!r}, map it in your district profile: sources: {{{source}: {{aliases: "
        f"{{{column}: [{close}]}}}}}} (docs/profiles.md), and rerun. If {close!r} is another column and "
        f"the export truly lacks {column!r}, {way}."
    )


def _owners_step(stop: Problem) -> str:
    """The step of X980 from what the gate found (pipeline.seen_values.check_owners): the code that
    left out the teachers' enrolments, at its first place, is what to fix; when the last published
    set had its owners, an export changed tonight, and --allow-incomplete (which would publish
    every class without owner, and nothing after it would say so) is not offered (tester44 F6)."""
    if condition := str(stop.params.get("condition") or ""):  # the staff rule's own condition or join (tester89)
        if "'s join " in condition:
            return f"Correct the profile's join: {condition}; join on the column that holds the staff ID, and rerun."
        return (
            f"Check the condition: {condition}: is it read the wrong way round, or from the wrong column? Correct "
            "it in the profile and rerun."
        )
    cause = str(stop.params.get("cause") or "")
    look = (
        f"Look at {cause} (the explain file lists each row it left out): the teachers' enrolments "
        "were left out by it, most often a staff ID the enrolments or sections export writes otherwise "
        "than the staff export"
        if cause
        else "Look at the teachers' enrolments in the explain file"
    )
    if stop.params.get("had_owners"):
        return (
            f"{look}. The last published set had a teacher in most of its classes: an export changed tonight "
            "(an ID column renumbered, a connector's template); export it again as before, or point the "
            "profile at the column that holds the IDs both exports share, and rerun."
        )
    return (
        f"{look}; point the staff rule's sourcedId and the enrolments' teacher column at the same ID, and "
        "rerun. If the classes really have no teacher yet, run with --allow-incomplete."
    )


def _left_out_by_error(report: Report, cid: str) -> bool:
    code = report.codes_seen[cid]
    return code.severity is Severity.ERROR and code.action is Action.DROP_ROW
