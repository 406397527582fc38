"""The parents a set would leave out with their only phone or email a placeholder or unreadable (X808).

A parent whose only phone is what the SIS types for "none" ('000-000-0000', '555-555-5555',
none@none.com) is left out on purpose (V515, info), and the safety gate (X969) never counts them:
a few families with no phone are every district's. But a first set of 200 families whose every
phone was such a placeholder published no parent at exit 0, "Next: upload" (reviewer63 R5), and a
profile reading the wrong column looks the same; a phone the cleaner could not read (V573, a 7-digit
local number) counts toward X969, but as a warning, toward its half: a first set losing 30% of its
parents so published at exit 0 too. The parents Remind will not get are the ones the district most
wants to reach, and nobody had looked.

So when the parents left out with every contact point blanked are at least LOST_AT_LEAST and
either most of the parents and guardians the exports give a phone or email for, or, for values
the cleaner could not read (not on purpose), more than the removal limit of them, X808 says so: the count, the share,
the export's columns, the first of them and what fixes it. The set is published (every record in
it is right, and the parents a fixed profile or SIS adds later are additions, which the gate
lets through), but on a first set, or the first after the profile changed, the run exits 1
("Published, but", report.summary's NEW_PROFILE_CHECKS) for a person to look before the first
upload, as for I274 and X886. Later nights with the same profile say it and exit 0, and so does
a run with --allow-incomplete. A contacts export whose conditions left some rows out (emergency
contacts) and no parent at all is refused by X951, as before; its step is X808's then
(report.summary), not 'correct the rule's conditions', which kept every parent's row.

Not counted, either way: parents named with no phone or email cell filled at all (a PowerSchool
Father column with the father's name only is common, and fathers so are half the parents of the
bundled sample): only values the export gave and that did not reach Remind, against all it gave.
"""

from __future__ import annotations

from transform.pipeline.guardians_gate import LOST_AT_LEAST
from transform.pipeline.school_counts import PARENT_ROLES
from transform.profile.compile import Plan
from transform.report import codes
from transform.report.report import Report

PLACEHOLDER, UNREAD = "placeholder", "unread"
ALLOWED = "--allow-incomplete"  # X808's `why` when a person published the set on the command line
MOST = 50.0  # percent of the parents named: "most", placeholders and unread values together
# Said already, and the set refused or published on a person's word: X969 and X970.
JUDGED = (codes.code("guardians-errors-over-limit").id, codes.code("guardians-errors-allowed").id)
WITHOUT_CONTACT, CONTACT_UNREAD = codes.code("guardian-without-contact"), codes.code("guardian-contact-unread")


def check(plan: Plan, report: Report, *, limit: float, allow_incomplete: bool = False) -> None:
    """Say (X808) the parents left out with every phone and email a placeholder or unreadable,
    when they are most of the parents given one, or the unreadable ones more than `limit` percent.
    With --allow-incomplete (the step of X951 refusing a set with no parent left so) it is said,
    and a person has looked: no exit 1 (`why`)."""
    if not any(rule.guardian is not None for rule in plan.rules.get("users", ())):
        return
    if any(report.counts.get(cid) for cid in JUDGED):
        return
    unreached = report.left_out.unreached
    placeholders, unread = unreached.people[PLACEHOLDER], unreached.people[UNREAD]
    lost = placeholders + unread
    if lost < LOST_AT_LEAST:
        return
    total = _with_contact(report, placeholders)
    if lost * 100 <= MOST * total and unread * 100 <= limit * total:
        return
    where = unreached.first[0][2]
    report.add(
        codes.code("guardians-contacts-unreachable"),
        where,
        lost=lost,
        total=total,
        percent=round(lost * 100 / total, 1),
        how=_how(placeholders, unread),
        columns=", ".join(f"{column} ({count})" for column, count in unreached.columns.most_common(4)),
        examples="; ".join(f"{sid}: {held}" for _, sid, _, held in unreached.first),
        fix=_fix(placeholders, unread),
        why=ALLOWED if allow_incomplete else "",
    )


def _with_contact(report: Report, placeholders: int) -> int:
    """The parents and guardians the exports give a phone or email for: those published, those
    left out with a placeholder only, and those problems left out (X969's count, V573 among them).
    Not those named with no cell filled (a father's name alone): a district with many never
    gave them a value to lose."""
    published = sum(count for (role, _), count in report.people.items() if role in PARENT_ROLES)
    lost = sum(count for (what, _, _), count in report.left_out.guardians.items() if what == "people")
    return published + placeholders + lost


def _how(placeholders: int, unread: int) -> str:
    said = []
    if placeholders:
        said.append(f"{placeholders} whose only phone or email is a placeholder for none ({WITHOUT_CONTACT.id})")
    if unread:
        said.append(f"{unread} whose phone or email could not be read ({CONTACT_UNREAD.id})")
    return " and ".join(said)


def _fix(placeholders: int, unread: int) -> str:
    """What fixes the most of them."""
    if unread >= placeholders:
        return (
            "correct the values in the SIS, or map the column that holds the parents' phones and emails in "
            "the profile; a 7-digit local number is read with settings.phone_area_code"
        )
    return (
        "if the parents' phones or emails are in another column of the export, map that column in the "
        "profile; else enter them in the SIS: a placeholder reaches no one"
    )
