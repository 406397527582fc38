"""The one catalogue of every problem the tool reports.

Nothing else defines codes. Ids are stable and append-only: a code is never renumbered or
reused, so a scheduler can match on it. The letter says where in the run it arises:
P profile, I input files, D data cells and rows, F rostering filters, V validation of the
output set, X the run itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from transform.report.code_help import HELP

# The exit statuses of a run and of every command (docs/scheduling.md). Here, below everything,
# so that the command line says them without importing the library (transform.api re-exports them).
EXIT_PUBLISHED = 0
EXIT_NOT_PUBLISHED = 1
EXIT_USAGE = 2


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Action(StrEnum):
    ABORT = "abort"  # the run cannot produce a valid set; nothing is published
    DROP_ROW = "drop-row"  # the record is left out and counted
    REPAIR = "repair"  # the value was changed to a valid one (or blanked)
    NOTE = "note"  # nothing changed; the admin should know


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    slug: str
    severity: Severity
    action: Action
    template: str
    # For ABORT codes: the exit status. 2 = the command or the profile is wrong (nothing read); 1 = the
    # exports' data (a file unreadable, not text, two candidates; a column or export the last published
    # set's had, lost tonight: I295, I253), which no edit of the command fixes (tester74 F14).
    exit_status: int = 1
    # True for the drop reasons a profile may name in a `where` condition.
    profile_reason: bool = False
    # A parameter's value where a problem gives none: one a later version added (V500's data), so
    # that a report.json written before renders again (html_report.data.redacted).
    defaults: tuple[tuple[str, str], ...] = ()

    def render(self, **params: object) -> str:
        try:
            return self.template.format(**({**dict(self.defaults), **params} if self.defaults else params))
        except (KeyError, IndexError, ValueError):
            return f"{self.template} {params}"


# X930's fix for last.json (gate.damaged): what moving it aside loses, which F452 then says.
LAST_JSON_FIX = (
    "move it aside and rerun (the run then compares with the set OUT holds, by ID; what only this file knew of "
    "the exports, their lines, rows and keep-out columns, is not compared that night: F452 says what to check)"
)

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
ABORT, DROP, REPAIR, NOTE = Action.ABORT, Action.DROP_ROW, Action.REPAIR, Action.NOTE

CATALOGUE: tuple[Code, ...] = (
    # --- P: the profile (checked before any data is read; exit 2) ---------------------------
    Code("P100", "profile-not-found", E, ABORT, "no profile named {name!r}{hint}; bundled: {bundled}", 2),
    Code("P101", "profile-yaml-syntax", E, ABORT, "YAML syntax: {detail}", 2),
    Code(
        "P102",
        "profile-duplicate-key",
        E,
        ABORT,
        "duplicate key {key!r} (first at line {first_line}); YAML would silently keep the last",
        2,
    ),
    Code("P103", "profile-schema", E, ABORT, "{path}: {detail}", 2),
    Code("P104", "profile-unknown-key", E, ABORT, "{path}: unknown key {key!r}{hint}", 2),
    Code("P105", "profile-bad-regex", E, ABORT, "{path}: regex {pattern!r} does not compile: {detail}", 2),
    Code("P106", "profile-unknown-reference", E, ABORT, "{path}: {detail}", 2),
    Code("P107", "profile-extends-cycle", E, ABORT, "extends cycle: {chain}", 2),
    Code("P108", "profile-bad-template", E, ABORT, "{path}: template {template!r}: {detail}", 2),
    Code(
        "P109",
        "profile-district-collides",
        E,
        ABORT,
        "settings.district_id {district!r} is also the ID of school {name!r} ({file} line {line}); "
        "the school would become the district org. Give the district an ID no school has",
        2,
    ),
    # --- I: input files and their layout ------------------------------------------------------
    Code(
        "I200",
        "source-missing",
        E,
        ABORT,
        "required export {source!r} not found in {folder} (looked for {patterns})",
        2,
    ),
    Code(
        "I201",
        "column-missing",
        E,
        ABORT,
        "{file}: required column {column!r} missing from the header (found: {found}){keeps}",
        2,
    ),
    Code(
        "I202",
        "encoding-fallback",
        W,
        NOTE,
        "{file} is not valid UTF-8 (first bad byte at line {line}); read as Windows-1252",
    ),
    Code(
        "I203",
        "source-ambiguous",
        E,
        ABORT,
        "export {source!r}: several files match in {folder}: {files}{newest}; keep one",
        defaults=(("newest", ""),),  # ops64 added {newest}: a report.json written before renders again
    ),
    Code(
        "I204", "row-too-short", W, REPAIR, "row has {found} cells, header has {expected}; missing cells read as empty"
    ),
    Code(
        "I205",
        "row-too-long",
        E,
        DROP,
        "row has {found} cells, header has {expected} (an unquoted delimiter inside a value?); row left out",
    ),
    Code("I206", "source-unreadable", E, ABORT, "{file}: cannot read: {detail}"),
    Code("I207", "header-duplicate", W, NOTE, "{file}: header {column!r} appears more than once; {how}"),
    Code("I208", "source-empty", W, NOTE, "{file} has a header but no data rows"),
    Code(
        "I209",
        "quote-unbalanced",
        E,
        ABORT,
        "{file}: the quote opened at line {line}{cell} is not closed where it should be; it swallows lines "
        "{line}-{end} into one cell. Fix the quote (or export without quoting) and run again",
    ),
    Code(
        "I210",
        "invisible-removed",
        I,
        REPAIR,
        "{file}: invisible characters ({characters}) removed from a row, first in {column}: now {value!r}",
    ),
    Code("I211", "encoding-utf16", I, NOTE, "{file} is UTF-16 (a byte-order mark says so); read as such"),
    Code(
        "I213",
        "zip-unsafe",
        E,
        ABORT,
        "{file}: member {member!r} would be written outside the folder it is unpacked in; refusing the zip",
    ),
    Code(
        "I214",
        "zip-too-large",
        E,
        ABORT,
        "{file}: unpacks to {size} bytes (limit {limit}); refusing the zip (a zip bomb?)",
    ),
    Code("I215", "source-outside", I, NOTE, "{file} is a link to {target}, outside the input folder; read it"),
    Code(
        "I212",
        "header-not-first",
        W,
        NOTE,
        "{file}: the header is on line {line}; the {skipped} line(s) above it are not data and were skipped",
    ),
    # --- D: cells and rows ----------------------------------------------------------------
    Code("D300", "join-missing", W, DROP, "{rule}: no {source} row with {key}{hint}; row left out"),
    Code("D301", "row-filtered", I, DROP, "{rule}: {condition}; found {value!r}", profile_reason=True),
    Code(
        "D302",
        "value-unmapped",
        W,
        REPAIR,
        "{field}: value {value!r} is not in map {map!r}; written as {default!r} (rows with it: {rows})",
    ),
    Code("D303", "value-unmapped-dropped", I, DROP, "{field}: value {value!r} is not in map {map!r}; row left out"),
    Code(
        "D304", "required-value-missing", E, DROP, "{table}.{field} is required and came out empty{held}; row left out"
    ),
    Code("D305", "date-invalid", W, REPAIR, "{field}: {value!r} is not a date{why}; cell left blank"),
    Code(
        "D306",
        "phone-invalid",
        W,
        REPAIR,
        "{field}: {value!r} is not a possible phone number for region {region}{why}; cell left blank",
    ),
    Code(
        "D307",
        "phone-international",
        W,
        NOTE,
        "{field}: {value!r} is outside region {region}; it cannot receive Remind texts",
    ),
    Code("D308", "email-invalid", W, REPAIR, "{field}: {value!r} is not an email address; cell left blank"),
    Code("D309", "quotes-removed", I, REPAIR, "{field}: quotes removed from {value!r} (Remind rejects them)"),
    Code("D310", "line-break-removed", I, REPAIR, "{field}: line break inside {value!r} replaced by a space"),
    Code(
        "D311",
        "id-excel-damage",
        W,
        NOTE,
        "{field}: ID {value!r} looks changed by a spreadsheet ({detail}); kept as written",
    ),
    Code("D312", "language-unknown", W, REPAIR, "{field}: language {value!r} not recognised; cell left blank"),
    Code("D313", "date-invalid-dropped", W, DROP, "{rule}: {field} {value!r} is not a date; row left out"),
    Code(
        "D314",
        "join-key-duplicate",
        W,
        NOTE,
        "{source}: key {key} appears again (first at line {first_line}); joins use the first row",
    ),
    Code("D315", "birth-date-future", W, REPAIR, "{field}: birth date {value!r} is after {as_of}; cell left blank"),
    Code("D316", "birth-date-implausible", W, REPAIR, "{field}: birth date {value!r} is before 1900; cell left blank"),
    Code("D317", "value-derived", I, REPAIR, "{field}: empty; derived {value!r} from {template}"),
    Code(
        "D318",
        "grade-not-derived",
        W,
        REPAIR,
        "{field}: graduation year {value!r} gives no grade in the {school_year} school year; cell left blank",
    ),
    Code(
        "D319",
        "value-maybe-truncated",
        W,
        NOTE,
        "{field}: {value!r} is exactly {length} characters, a default field length of the export: "
        "it may be cut off; kept as written",
    ),
    # A strict OneRoster set needs what some SIS never export; the target builds it from the record.
    Code(
        "D335",
        "course-built",
        I,
        REPAIR,
        "classes: {id!r}: {course}; course {built!r} built from the class (title {title!r}, school {school!r})",
    ),
    Code(
        "D336",
        "class-term-assigned",
        I,
        REPAIR,
        "classes: {id!r} names no term in this set ({value!r}); it is given the school year {term!r}",
    ),
    Code(
        "D337",
        "school-year-built",
        I,
        REPAIR,
        "academicSessions: built the school year {id!r} ({title}, {start} to {end}) for {what}",
    ),
    Code(
        "D338",
        "school-year-corrected",
        I,
        REPAIR,
        "academicSessions: {id!r} says schoolYear {value!r}; its school year ends in {year}",
    ),
    Code(
        "D339",
        "user-ids-dropped",
        W,
        REPAIR,
        "users.userIds: {value!r} is not of OneRoster's form (Type:Id in curly braces); left out",
    ),
    Code(
        "D320",
        "id-unsafe-character",
        E,
        DROP,
        "{field}: ID {value!r} holds {reason}; an ID is never split or changed, so the row is left out",
    ),
    Code(
        "D321",
        "id-normalised",
        I,
        REPAIR,
        "{field}: ID {value!r} rewritten ({reason}); IDs equal after that are one record",
    ),
    Code("D322", "id-placeholder", W, REPAIR, "{field}: {value!r} is a placeholder, not an ID; read as empty"),
    Code(
        "D323", "id-formula", E, DROP, "{field}: ID {value!r} would be read by a spreadsheet as a formula; row left out"
    ),
    Code("D324", "formula-defused", W, REPAIR, "{field}: {value!r} would be read by a spreadsheet as a formula; {how}"),
    Code("D325", "control-removed", W, REPAIR, "{field}: control or text-direction characters removed from {value!r}"),
    Code(
        "D327",
        "join-key-conflict",
        W,
        NOTE,
        "{source}: key {key} is also on line {first_line}, with other data; no row joins on it ({effect})",
    ),
    Code("D326", "cell-formula", E, NOTE, "{file}: {field} would be read by a spreadsheet as a formula: {value!r}"),
    # --- F: rostering filters (profile reasons first) ---------------------------------------
    Code(
        "F400",
        "inactive-student",
        I,
        DROP,
        "{rule}: student not active ({condition}; found {value!r})",
        profile_reason=True,
    ),
    Code(
        "F401",
        "inactive-staff",
        I,
        DROP,
        "{rule}: staff member not active ({condition}; found {value!r})",
        profile_reason=True,
    ),
    Code(
        "F402",
        "dropped-enrollment",
        I,
        DROP,
        "{rule}: enrolment was dropped ({condition}; found {value!r})",
        profile_reason=True,
    ),
    Code(
        "F403",
        "enrollment-ended",
        I,
        DROP,
        "{rule}: enrolment ended on or before {as_of} ({condition}; found {value!r})",
        profile_reason=True,
    ),
    Code(
        "F404",
        "school-not-rostered",
        I,
        DROP,
        "{rule}: school not rostered ({condition}; found {value!r})",
        profile_reason=True,
    ),
    Code("F405", "class-outside-term", I, DROP, "class term {term!r} ({start} to {end}) does not contain {as_of}"),
    Code(
        "F406",
        "class-excluded-pattern",
        I,
        DROP,
        "class excluded: {field} {value!r} matches pattern /{pattern}/ ({name})",
    ),
    Code(
        "F407",
        "term-dates-invalid",
        W,
        DROP,
        "class term {term!r} has unreadable dates ({start!r}, {end!r}); class left out",
    ),
    Code(
        "F408",
        "role-not-rostered",
        I,
        DROP,
        "{rule}: role not rostered ({condition}; found {value!r})",
        profile_reason=True,
    ),
    Code(
        "F409",
        "emergency-contact",
        I,
        DROP,
        "{rule}: not a guardian ({condition}; found {value!r})",
        profile_reason=True,
    ),
    Code(
        "F410",
        "term-upcoming",
        I,
        NOTE,
        "school {school!r}: no shorter term contains {as_of}; adding {term!r}, which starts {start}",
    ),
    Code("F411", "term-not-selected", I, DROP, "class term {term!r} is not one of --term {selected}"),
    Code("F412", "class-empty", I, DROP, "class {id!r} has no enrolled student; left out"),
    Code(
        "F413",
        "guardian-no-student",
        I,
        DROP,
        "guardian {id!r} ({value!r}) is linked to no student in this set; not created",
    ),
    Code(
        "F414",
        "school-unused",
        I,
        DROP,
        "school {id!r} ({name}): no published user or class is at it; not written to orgs.csv",
    ),
    Code(
        "F420",
        "class-term-undated",
        W,
        NOTE,
        "class kept without the current-term check: its term {term!r} has no dates in the exports "
        "(the profile keeps such classes); if it is not this term's, leave it out of the export",
    ),
    # --- V: the output set ----------------------------------------------------------------
    Code(
        "V500",
        "duplicate-merged",
        I,
        NOTE,
        "{table}: {id!r} listed again with {data}; merged",
        defaults=(("data", "identical data"),),  # X850's round added {data}
    ),
    Code(
        "V501",
        "duplicate-conflict",
        W,
        DROP,
        "{table}: {id!r} already written from {first_at} with different data; this row left out",
    ),
    Code("V502", "reference-missing", W, DROP, "{table}.{field}: {value!r} is not in {target}; row left out"),
    Code("V503", "follows-dropped-class", I, DROP, "{table}: class {value!r} was left out, so is this enrolment"),
    Code(
        "V504", "follows-dropped-user", I, DROP, "{table}: user {value!r} was left out or never listed, so is this row"
    ),
    Code(
        "V505",
        "org-reference-pruned",
        W,
        REPAIR,
        "{table}.{field}: {value!r} is not in {target}; removed from the list",
    ),
    Code(
        "V506",
        "staff-without-email",
        W,
        DROP,
        "users: {role} {id!r} has no email (Remind requires one for staff){built}; row left out",
    ),
    Code("V507", "value-not-allowed", E, DROP, "{table}.{field}: {value!r} is not one of {allowed}; row left out"),
    Code(
        "V508",
        "combined-conflict",
        W,
        NOTE,
        "{table}: {id!r} is listed on several rows that disagree on {field}: {kept!r} (line {first_line}), "
        "the lower in text order, is kept and {value!r} is not, so that the rows' order never decides",
    ),
    Code(
        "V509",
        "email-shared",
        W,
        NOTE,
        "users: {id!r} has the email {value!r} of {first_id!r} (line {first_line}); {cost}{alone}",
    ),
    Code(
        "V510",
        "guardian-contact-shared",
        W,
        NOTE,
        "users: guardian {id!r} shares the {field} {value!r} with guardian {first_id!r} (line {first_line}); "
        "{cost}{alone}",
    ),
    Code(
        "V511",
        "too-many-guardians",
        W,
        NOTE,
        "users: student {id!r} lists {count} guardians; Remind holds records with 6 or more",
    ),
    Code(
        "V512",
        "title-disambiguated",
        I,
        REPAIR,
        "classes: {count} classes at school {school!r} share the title {value!r}; this one is {title!r}",
    ),
    Code("V513", "title-truncated", W, REPAIR, "classes: title of {length} characters cut to {limit}"),
    Code(
        "V514",
        "class-limit",
        W,
        NOTE,
        "enrollments: user {id!r} is in {count} classes{via}; Remind allows {limit} per user{note}",
    ),
    Code(
        "V515",
        "guardian-without-contact",
        I,
        DROP,
        "users: {role} {id!r} has {what}; {why}; row left out",
    ),
    Code("V520", "set-file-missing", E, NOTE, "{file} is missing; a {target} set has {expected}"),
    Code("V521", "set-file-unexpected", W, NOTE, "{file} is not part of a {target} set"),
    Code("V522", "header-mismatch", E, NOTE, "{file}: the header is {found}; expected {expected}"),
    Code("V523", "cell-unsafe", E, NOTE, "{file}: {field} holds a quote or a line break: {value!r}"),
    Code("V524", "manifest-invalid", E, NOTE, "manifest.csv: {detail}"),
    Code("V525", "birth-date-format", E, NOTE, "demographics.birthDate {value!r} is not {expected}"),
    Code("V526", "title-duplicate", E, NOTE, "classes: {count} classes at school {school!r} have the title {value!r}"),
    Code("V527", "agent-missing", E, NOTE, "users.agentSourcedIds: {value!r} is not a user in users.csv"),
    Code("V528", "set-unreadable", E, ABORT, "{file}: cannot read the set: {detail}", 2),
    Code(
        "V529",
        "value-rewritten",
        I,
        REPAIR,
        "{table}.{field}: {value!r} is not allowed in a {target} set; written as {new}",
    ),
    Code("V530", "not-referenced", I, DROP, "{table}: {id!r} is not used by any record in this set; not written"),
    Code(
        "V531",
        "reference-blanked",
        W,
        REPAIR,
        "{table}.{field}: {value!r} is not in {target}; left blank (it is optional)",
    ),
    Code(
        "V532",
        "follows-left-out-row",
        I,
        DROP,
        "{table}: {id!r} comes from the same row as a record of {source}.csv that was left out; left out with it",
    ),
    Code(
        "V533",
        "follows-left-out-class",
        W,
        DROP,
        "enrollments: {id!r} is at school {value!r}, whose row of class {class_id!r} was left out (the class "
        "kept is at {kept!r}); left out with it",
    ),
    Code(
        "V534",
        "org-not-school",
        E,
        DROP,
        "{table}.{field}: {value!r} is an org of type {type!r}, not a school; row left out",
    ),
    Code(
        "V535",
        "org-not-school-pruned",
        E,
        REPAIR,
        "{table}.{field}: {value!r} is an org of type {type!r}, not a school; removed from the list",
    ),
    Code(
        "V536",
        "value-not-allowed-pruned",
        W,
        REPAIR,
        "{table}.{field}: {value!r} is not one of {allowed}; removed from the list",
    ),
    Code(
        "V537",
        "user-id-conflict",
        W,
        DROP,
        "{table}: {id!r} is also on {first_at}, with different data: two people cannot share one ID and "
        "the tool cannot tell which one it is; the record from {first_at} is left out too, and with it "
        "every record naming {id!r} (demographics, enrolments, guardian links)",
    ),
    Code(
        "V538",
        "enrollment-school-aligned",
        W,
        REPAIR,
        "enrollments: {id!r} says school {value!r}, but its class {class_id!r} is at {school!r}; "
        "written as {school!r} (correct the enrolment's school in the SIS)",
    ),
    Code(
        "V540",
        "session-without-year",
        E,
        NOTE,
        "academicSessions: {id!r} ({type}) leads to no schoolYear session through parentSourcedId",
    ),
    Code(
        "V541",
        "school-year-wrong",
        E,
        NOTE,
        "academicSessions: {id!r} says schoolYear {value!r}; its school year ends in {year}",
    ),
    Code(
        "V542",
        "username-not-email",
        E,
        NOTE,
        "users: the username {value!r} of {id!r} holds an @ but is not a valid email address",
    ),
    Code(
        "V543",
        "user-ids-form",
        E,
        NOTE,
        "users.userIds: {value!r} of {id!r} is not of OneRoster's form (Type:Id in curly braces)",
    ),
    Code(
        "V544",
        "username-replaced",
        I,
        REPAIR,
        "users: the username {value!r} of {id!r} is not a valid email address; written as {new!r}",
    ),
    Code(
        "V550",
        "guardian-values-differ",
        W,
        NOTE,
        "users: rows naming one guardian (of students {students}) give two {field} values: {kept!r} "
        "({kept_at}) is kept, {value!r} ({value_at}) is not; of the two, {rule} is kept, so the order of "
        "the rows never decides; correct the SIS record",
        defaults=(("rule", "the lower"),),  # guardian59 added {rule}
    ),
    Code(
        "V551",
        "contact-values-differ",
        I,
        NOTE,
        "users: SIS contact {id!r} has two {field} values: {kept!r} ({kept_at}) is kept, {value!r} "
        "({value_at}) is not; Remind takes one, {rule}, so the order of the rows never decides",
    ),
    Code(
        "V560",
        "id-not-normal",
        E,
        NOTE,
        "{file}: {field} {value!r} is not an ID as written ({reason}); a consumer would take it for "
        "another ID than the one that looks the same",
    ),
    Code(
        "V561",
        "enrollment-school-differs",
        E,
        NOTE,
        "enrollments: {id!r} says school {value!r}, but its class {class_id!r} is at {school!r}",
    ),
    # --- X: the run --------------------------------------------------------------------------
    Code(
        "X900",
        "output-not-ours",
        E,
        ABORT,
        "output folder {folder} holds files this tool did not write ({files}); refusing to replace it",
        2,
    ),
    Code("X901", "output-unwritable", E, ABORT, "cannot write output to {folder}: {detail}", 2),
    Code("X902", "bad-option", E, ABORT, "{option}: {detail}", 2),
    Code("X903", "no-rows", E, ABORT, "{table}.csv would hold no rows: {detail}"),
    Code(
        "X904",
        "strict-refused",
        E,
        ABORT,
        "--strict: the run found {warnings} warnings and {errors} errors; nothing published",
    ),
    Code(
        "X905",
        "no-current-term",
        E,
        ABORT,
        "no term contains {as_of} or starts within {window} days after it; terms found{read}: {terms}",
    ),
    Code(
        "X906",
        "removal-over-limit",
        E,
        ABORT,
        "{new_year}{table}.csv would lose {removed} of {previous} records{judged} ({percent}%, limit {limit}%) against "
        "{against}{since}{ended}{patterned}{evidence}{moved}{withdrawn}; nothing published; the list is in "
        "{removals}{rollover}",
        defaults=(("patterned", ""),),  # dated60 added {patterned}: a report.json written before renders again
    ),
    Code(
        "X907",
        "export-shrunk",
        E,
        ABORT,
        "{file} has {rows} rows, {previous} last time{detail}; nothing published{override}",
    ),
    Code(
        "X908",
        "rollover-allowed",
        W,
        NOTE,
        "--allow-rollover: {table}.csv loses {removed} of {previous} records ({percent}%); published",
    ),
    Code(
        "X910",
        "export-empty",
        E,
        ABORT,
        "{file} has no data rows ({held}); nothing published (--allow-rollover publishes it anyway)",
    ),
    Code("X911", "after-publish-failed", W, NOTE, "the set is published, but {what} failed: {detail}"),
    Code("X912", "upload-failed", E, NOTE, "the set is published locally but not delivered: {detail}"),
    Code("X913", "uploaded", I, NOTE, "delivered {files} to {target}"),
    Code("X914", "output-locked", E, ABORT, "another run is writing {folder} (lock {lock}); nothing done", 2),
    Code(
        "X909",
        "upload-overdue",
        W,
        NOTE,
        "the last published set is {days} days old ({published_at}); Remind needs an upload every 90 days",
    ),
    Code(
        "X915",
        "export-errors-over-limit",
        E,
        ABORT,
        "{file}: {kind} left out {rows} of its {total} rows ({percent}%, limit {limit}%), most of them "
        "{top}, the first at this line; nothing published (--allow-incomplete publishes it anyway)",
    ),
    Code(
        "X916",
        "table-empty",
        E,
        ABORT,
        "{table}.csv would hold no rows although its exports ({files}) have {rows} rows{cause}; nothing published "
        "(--allow-incomplete publishes it anyway)",
    ),
    Code(
        "X917",
        "term-unknown",
        E,
        ABORT,
        "--term {term!r} names no term of the exports' classes (their terms: {terms}){hint}",
        2,
    ),
    Code("X918", "incomplete-allowed", W, NOTE, "--allow-incomplete: {detail}; published"),
    Code("X925", "sftp-credentials-unusable", E, ABORT, "{option} {file}: {detail}; nothing read or published", 2),
    Code(
        "X926",
        "delivery-pending",
        W,
        NOTE,
        "sets published since {since} have not reached {target}; tonight's changes count from {compared_with}",
    ),
    Code(
        "X927",
        "delivery-overdue",
        W,
        NOTE,
        "the last delivery to {target} was {days} days ago ({since}); Remind drops a district after "
        "90 days without an upload",
    ),
    Code("X928", "known-hosts-line-ignored", W, NOTE, "{file} line {line}: {detail}; the line is ignored"),
    Code(
        "F421",
        "term-not-started",
        I,
        NOTE,
        "nothing to publish until {term} starts on {start} (no term contains {as_of} or starts within "
        "{window} days after it); {last}; the output is left as it is",
    ),
    Code(
        "F422",
        "school-year-over",
        I,
        NOTE,
        "nothing to publish until the next school year's terms are in the exports: every term ended by "
        "{as_of}, the last ({term}) on {end}; {last}; the output is left as it is",
    ),
    Code(
        "X937",
        "term-change",
        I,
        NOTE,
        "{table}.csv loses {removed} of {previous} records ({percent}%); {explained} of them belong to "
        "classes {whose} ({terms}), as {said}, and {unexplained} do not "
        "({unexplained_percent}%, limit {limit}%); published; the list is in {removals}",
    ),
    Code("I235", "zip-member-unreadable", E, ABORT, "{file}: member {member!r} cannot be read: {detail}; {fix}"),
    Code(
        "I236",
        "source-not-regular",
        E,
        ABORT,
        "{file} is {kind}, not a regular file; only files are read: save the export as a file there",
    ),
    Code("I237", "source-not-text", E, ABORT, "{file} is {kind}, not a text export: {fix}"),
    Code(
        "I238",
        "encoding-utf16-guessed",
        I,
        NOTE,
        "{file} is UTF-16 ({order}) without a byte-order mark (every other byte is zero); read as such",
    ),
    Code(
        "I239",
        "source-link-loop",
        E,
        ABORT,
        "{file} is a symbolic link that loops back on itself; replace it with the export, or a link to it",
    ),
    Code(
        "X930",
        "state-damaged",
        E,
        ABORT,
        "{file} is not a record this tool wrote ({detail}); nothing published: {fix}",
        # state61: the fix fits the file (last.json's, delivered.json's) or the key's own step; a report.json
        # written before, without it, renders last.json's words, the template's until then
        defaults=(("fix", LAST_JSON_FIX),),
    ),
    Code(
        "X931",
        "out-of-memory",
        E,
        ABORT,
        "ran out of memory{detail}: give the job more memory (see docs/scheduling.md, "
        "Cores and memory) or run with --jobs 1",
    ),
    Code(
        "X932",
        "state-not-folder",
        E,
        ABORT,
        "{folder} is a file, but the tool keeps its state (the lock, the last run) in a folder of that "
        "name: move the file away",
        2,
    ),
    Code(
        "X933",
        "profile-too-large",
        E,
        ABORT,
        "{file} is {size} bytes; a profile is at most {limit} bytes (is it the right file?)",
        2,
    ),
    Code(
        "X934",
        "cwd-missing",
        E,
        ABORT,
        "the working directory no longer exists (deleted or moved since the shell entered it); "
        "cd to a folder that exists, or give absolute paths",
        2,
    ),
    Code(
        "X935",
        "output-recovered",
        W,
        NOTE,
        "{folder} was missing: a run was stopped while publishing; the last published set ({previous}) "
        "was put back before this run",
    ),
    # A drop reason in the profile's own words (`because:`): one code, the words as its reason.
    Code("F423", "profile-reason", I, DROP, "{rule}: {reason} ({condition}; found {value!r})"),
    Code(
        "D340",
        "span-invalid",
        W,
        REPAIR,
        "{field}: the span {low!r} to {high!r} {detail}; cell left blank",
    ),
    Code("X950", "usage-error", E, ABORT, "{detail} (`{command} --help` lists what it takes)", 2),
    # --- issue 19: a new district's first hour (wrong profile, wrong folder, absent columns) -----
    Code("P110", "profile-file-missing", E, ABORT, "{path}: no such profile file{hint}", 2),
    Code(
        "I240",
        "column-absent",
        W,
        NOTE,
        "{source}: no column {column!r} in {file}; {effect}",
    ),
    Code(
        "I241",
        "source-optional-absent",
        I,
        NOTE,
        "optional export {source!r} not found (looked for {patterns}); the rules reading it are skipped",
    ),
    Code(
        "I242",
        "exports-fit-other-profile",
        E,
        ABORT,
        "{missing} of the exports and columns profile {profile!r} needs are not in {folder} (first: {first}); "
        "these look like {other} exports ({score} of its columns found): try --profile {other}",
        2,
    ),
    Code(
        "I243",
        "exports-are-output-set",
        E,
        ABORT,
        "{folder} holds manifest.csv and the files of a OneRoster set: it looks like an output set of "
        "transform, not SIS exports; did you swap EXPORTS and OUT?",
        2,
    ),
    Code(
        "I244",
        "column-absent-read",
        I,
        NOTE,
        "{source}: no column {column!r} in {file}; {effect}",
    ),
    Code(
        "I250",
        "set-for-other-profile",
        E,
        ABORT,
        "{file}: this is a {format} set ({evidence}); profile {profile!r} reads {reads}: "
        "use --profile {suggest}; nothing read",
        2,
    ),
    Code(
        "I251",
        "set-looks-like",
        I,
        NOTE,
        "these exports look like a {format} set ({evidence}), which profile {profile!r} does not read: "
        "try --profile {suggest}",
        2,
    ),
    # --- merging issues 19 and 20: day-first dates read month first ------------------------------
    Code(
        "D350",
        "date-order-misread",
        E,
        ABORT,
        "{column}: {count} of its dates are possible only {written} first (the first: {example!r}) and none "
        "only {read} first, but they were read {read} first, as {decided} says: every date up to the 12th "
        "of a month was misread; nothing published ({fix})",
    ),
    Code(
        "V565",
        "reference-dangling",
        E,
        NOTE,
        "{table}.{field}: {value!r} is not in {target}; an optional reference may be empty, but one "
        "that is given must point to a record of the set (a run blanks it, V531)",
    ),
    # A relationship type the profile neither makes a guardian nor knows as another kind of
    # contact: not an emergency contact (F409), a value a person must place.
    Code(
        "F424",
        "guardian-role-unknown",
        W,
        DROP,
        "{rule}: relationship, contact type or guardian flag {value!r} is neither a guardian nor another "
        "contact the profile knows; no guardian linked: add it to the profile if it is a parent or guardian",
        profile_reason=True,
    ),
    Code(
        "V575",
        "agent-not-guardian",
        W,
        REPAIR,
        "users.agentSourcedIds: student {id!r} names {value!r}, {detail}; removed from the list",
    ),
    # --- issue 22: what a newcomer is told (a condition's absent column, a skeleton's gaps) ----
    Code(
        "I260",
        "condition-column-absent",
        W,
        NOTE,
        "{source}: no column {column!r} in {file}; {effect}{hint}",
    ),
    Code(
        "I261",
        "required-field-unfilled",
        E,
        ABORT,
        "tables.{table}.{rule}: no value for {field!r}, which every {table} record needs; the run "
        "would leave out every record this rule makes and publish nothing: name the column that "
        "holds it under the rule's columns",
        2,
    ),
    # --- issue 23: two people under one ID, and IDs a spreadsheet destroyed ---------------------
    Code(
        "D355",
        "id-scientific-notation",
        E,
        DROP,
        "{field}: ID {value!r} is in scientific notation: a spreadsheet rounded the number and its "
        "digits are lost, so it can never match the SIS; row left out",
    ),
    Code(
        "V570",
        "combined-two-people",
        E,
        NOTE,
        "{table}: the rows of {id!r} disagree on {field} ({value!r}, and {kept!r} on line {first_line}): "
        "two people cannot share one ID, so they are not combined and neither is kept (V537)",
    ),
    # --- demographics listed twice with different data: neither row, in any export order -------
    Code(
        "V576",
        "record-id-conflict",
        W,
        DROP,
        "{table}: {id!r} is also at {other} with different {fields} ({detail}): the tool cannot tell "
        "which row is right, so neither is kept (V501 left out the other)",
    ),
    Code(
        "V577",
        "demographics-not-student",
        I,
        DROP,
        "{table}: {value!r} is in users.csv but not as a student; demographics are for students only, "
        "so this row is left out",
    ),
    Code(
        "V578",
        "enrollment-role-mismatch",
        W,
        DROP,
        "{table}: user {id!r} has role {user_role!r} and cannot be enrolled as {role!r} ({rule}); row left out",
    ),
    Code(
        "V579",
        "primary-not-owner",
        W,
        REPAIR,
        "{table}: {id!r} enrols {user!r} (role {user_role!r}) as {role!r} with primary true; "
        "only a teacher or administrator owns a class, so primary is written as false",
    ),
    # --- a term whose end is before its start (not a term outside the as-of date) ----
    Code(
        "F425",
        "term-dates-swapped",
        E,
        DROP,
        "class term {term!r}{at} ends on {end}, before it starts on {start}: its dates are swapped or "
        "mistyped in the terms export; class left out",
    ),
    Code(
        "X938",
        "ids-reassigned-over-limit",
        E,
        ABORT,
        "{count} user IDs of the last published set now name another person ({percent}% of the {common} "
        "IDs in both sets, limit {limit}%): {people}; nothing published: a user's ID must stay that "
        "person's (--allow-rollover publishes it anyway)",
    ),
    Code(
        "X939",
        "ids-reassigned",
        W,
        NOTE,
        "{count} user IDs of the last published set now name another person ({percent}% of the {common} "
        "IDs in both sets): {people}; published ({why})",
    ),
    # --- a person listed at several schools with a different role at each -------------------------
    Code(
        "V585",
        "combined-role",
        W,
        REPAIR,
        "{table}: {id!r} is {value!r} on this row and {kept!r} on line {first_line}; one person has one role, "
        "so {kept!r} is kept ({why}), whatever the rows' order",
    ),
    # --- a row that starts later than the rostering window: next year's, a transfer booked ahead ----
    Code(
        "F426",
        "not-started",
        I,
        DROP,
        "{rule}: starts after {as_of} and the weeks the term filter looks ahead ({condition}; found {value!r}): "
        "a later enrolment (next school year, a transfer booked ahead), not a current one",
        profile_reason=True,
    ),
    # --- one user enrolled in one class under two enrolment IDs ---------------------------------
    Code(
        "V580",
        "enrollment-repeated",
        W,
        DROP,
        "{table}: {id!r} enrols {user!r} in class {class_id!r}, as {first_id!r} on line {first_line} does, "
        "and a user has one enrolment per class: {kept}; row left out",
    ),
    # --- `transform validate`: what a run repairs as V579, found in a set ----------------------
    Code(
        "V581",
        "primary-of-non-owner",
        E,
        NOTE,
        "{table}: {id!r} enrols {user!r} (role {user_role!r}) as {role!r} with primary true; "
        "only a teacher or administrator owns a class (a run writes it as false, V579)",
    ),
    # --- a guardian's link to a student who is not in the set (the other side of V575) ---------
    Code(
        "V582",
        "guardian-student-unknown",
        I,
        REPAIR,
        "guardian {id!r} ({value!r}) names student {student!r}, who is not a student in this set "
        "(left out, or never listed); that link is left out",
    ),
    # --- a start date that is no date: the row is kept, as if it had started --------------------
    Code(
        "D356",
        "date-invalid-kept",
        W,
        NOTE,
        "{rule}: {field} {value!r} is not a date; the row is kept as if it had started",
    ),
    Code(
        "X940",
        "school-unknown",
        E,
        ABORT,
        "{option} {school!r} names no school of the exports (their schools: {schools}){hint}",
        2,
    ),
    # --- a class with students and nobody to own it in Remind ------------------------------------
    Code(
        "V586",
        "class-no-owner",
        W,
        NOTE,
        "class {id!r} is published with students but no teacher or administrator enrolled: Remind gives "
        "it no owner, so nobody can message its families",
    ),
    # --- `transform validate`: a value of the wrong form (a date, a language code) -------------
    Code("V583", "value-form", E, NOTE, "{table}.{field}: {value!r} is not {expected}"),
    Code("V584", "status-for-mode", E, NOTE, "{table}.{field}: {value!r} in a {mode} file; {rule}"),
    Code(
        "V587",
        "agent-role",
        E,
        NOTE,
        "users.agentSourcedIds: {role} {id!r} names {value!r}, a {agent_role}; {rule}",
    ),
    Code(
        "V588",
        "dates-reversed",
        E,
        NOTE,
        "{table}: {id!r} ends ({end_field} {end}) before it begins ({start_field} {start})",
    ),
    # --- an email written as a link, or what is typed for a family without one ------------------
    Code("D358", "email-prefix-removed", I, REPAIR, "{field}: {value!r} is a mailto: link; written as {email!r}"),
    Code(
        "D359",
        "email-placeholder",
        W,
        REPAIR,
        "{field}: {value!r} is a placeholder for no address, not anyone's email; cell left blank",
    ),
    # --- a yes/no flag tested in one form (check-profile) ---------------------------------------
    Code(
        "I262",
        "flag-one-form",
        W,
        NOTE,
        "{path}: {field} {op} {value}: a yes/no flag tested in one form; the same SIS writes "
        "{missing} too, which this condition takes for {taken}: list every form (docs/profiles.md, "
        '"Yes/no flags")',
    ),
    # --- a condition or term filter that reads the data wrong (tester3 items 6 and 7) -----------
    Code(
        "I264",
        "condition-value-unseen",
        W,
        NOTE,
        "{rule} {condition}: no row of {file} holds {values} in {column} (its {rows} rows hold "
        "{seen}), so the condition {effect}; {fix}",
    ),
    Code(
        "I265",
        "rule-conditions-left-out-all",
        W,
        NOTE,
        "{rule}: its conditions left out every one of the {rows} rows of {file} ({conditions}), so "
        "it publishes no {kind}: check them against the values the export holds{held}",
    ),
    Code(
        "X951",
        "user-kind-emptied",
        E,
        ABORT,
        "users.csv would hold no {kind} although {file} has {rows} rows: the conditions of {rule} "
        "({conditions}) left out every one{held}{last}; nothing published (--allow-incomplete publishes it anyway)",
    ),
    Code(
        "X952",
        "term-dates-one-day",
        E,
        ABORT,
        "the term dates read ({start} to {end}) make every term{at} one day long ({terms}): check the "
        "profile's term start/end (filters.current_term); nothing published",
    ),
    # --- a parent named by placeholders only, in separate name columns ---------------------------
    Code(
        "V589",
        "guardian-no-name",
        W,
        DROP,
        "users: {role} {id!r} is named {name!r}, what is typed for no name; Remind would show it to "
        "teachers and the family; row left out",
    ),
    # --- a user's second row, starting within the rule's window, beside a current one -----------
    Code(
        "F427",
        "starts-ahead",
        I,
        DROP,
        "users: {id!r} starts again on {starts!r} ({condition} keeps rows that start up to {days} days "
        "ahead), while the row on line {first_line} is current: a transfer booked ahead; the current row "
        "is published until this one starts",
    ),
    Code(
        "F430",
        "enrollment-waits",
        I,
        DROP,
        "enrollments: {id!r} enrols {user!r} at school {school!r}, where the user's row starts on "
        "{starts!r} (a transfer booked ahead, F427): left out until then, with the user",
    ),
    # --- the identity map in the state folder, damaged or cut off -------------------------------
    Code(
        "X956",
        "identities-damaged",
        E,
        ABORT,
        "{file} cannot be read whole ({detail}); nothing published: the parents it no longer holds could "
        "get new IDs, which Remind takes for new people. Restore it from a backup of the state folder, or "
        "move it aside and rerun (parents whose email, phone or household changed since get new IDs: "
        "docs/identity.md)",
    ),
    # --- an export cut off while the SIS was still writing it -----------------------------------
    Code(
        "X957",
        "export-cut-off",
        E,
        ABORT,
        "{file} was cut off{at}: {detail}; nothing published: rerun the export; the SIS was still writing "
        "it (run the transform after the export, and any copy of it, has finished)",
    ),
    # --- students published with no demographics at all (Remind: birthDate data required) -------
    Code(
        "D362",
        "demographics-no-source",
        W,
        NOTE,
        "demographics.csv is written with its header only: {why}; Remind calls the file required and a "
        "student's birthDate data required ({students} students published without one)",
    ),
    # --- a delta export, and classes naming terms no export dates (tester4 items 2 and 3) --------
    Code(
        "I266",
        "file-mode-refused",
        E,
        ABORT,
        "{file}: {manifest} says {property},{mode}: a {mode} file holds only what changed since the last "
        "export, not every record, and a set made from it would remove everyone it leaves out; export "
        "every file in bulk mode (a whole snapshot) and run again; nothing read",
    ),
    Code(
        "F428",
        "inactive-guardian",
        I,
        DROP,
        "{rule}: parent or guardian not active ({condition}; found {value!r})",
        profile_reason=True,
    ),
    Code(
        "X954",
        "terms-not-found",
        E,
        ABORT,
        "{classes} classes name terms ({terms}) but no term of the exports has dates ({file} is missing "
        "or holds none), so the current-term filter cannot tell this term's classes from other terms' "
        "and years': export {file} with the other files and run again; nothing published "
        "(--allow-incomplete publishes every class)",
    ),
    # --- Remind: "The role of non-teaching staff members should be listed as "aide" in this file" ---
    Code(
        "V590",
        "aide-enrollment-role",
        W,
        REPAIR,
        "{table}: {id!r} enrols aide {user!r} as {role!r}; Remind lists non-teaching staff as 'aide' in "
        "enrollments.csv (as a teacher or administrator they would own the class), so the role is written as aide",
    ),
    Code(
        "V591",
        "aide-enrolled-as-owner",
        W,
        NOTE,
        "{table}: {id!r} enrols aide {user!r} as {role!r}; Remind makes a teacher or administrator of a "
        "class its owner and lists non-teaching staff as 'aide' in enrollments.csv (a run writes aide, V590)",
    ),
    # --- OneRoster 1.1 enrollments.primary: "MUST only be set to true for ONE teacher for a class" ---
    Code(
        "D360",
        "primary-repeated",
        W,
        REPAIR,
        "{table}: {id!r} makes {user!r} a primary teacher of class {class_id!r}, as {first!r} does; "
        "OneRoster allows one primary teacher per class, and {first!r} is the lowest enrolment ID, so "
        "primary is written as false here, in any row order",
    ),
    Code(
        "D361",
        "primary-more-than-one",
        E,
        NOTE,
        "{table}: {id!r} makes {user!r} a primary teacher of class {class_id!r}, as {first!r} already does; "
        "OneRoster allows one primary teacher per class (a run keeps it on the lowest enrolment ID, D360)",
    ),
    # --- the safety gate by kind of user (pipeline.people_gate) ------------------------------------
    Code(
        "X953",
        "kind-removal-over-limit",
        E,
        ABORT,
        "{new_year}users.csv would lose {removed} of its {previous} {whom} ({percent}%, limit {limit}%) against "
        "{against} ({people}){since}; {cause}: nothing published; the list is in {removals} "
        "(--allow-rollover publishes it anyway)",
    ),
    Code(
        "X955",
        "users-rekeyed-over-limit",
        E,
        ABORT,
        "{count} of the {previous} {kind} of the last published set are in tonight's set under new IDs "
        "({percent}%, limit {limit}%): {people}{since}; Remind would delete each and create a new user (their "
        "conversations lost): nothing published ({cause}; --allow-rollover publishes it anyway)",
    ),
    Code(
        "X958",
        "users-rekeyed",
        W,
        NOTE,
        "{count} of the {previous} {kind} of the last published set are in tonight's set under new IDs: "
        "{people}; Remind deletes each and creates a new user; not refused for it ({why})",
    ),
    Code(
        "X959",
        "as-of-before-last",
        W,
        NOTE,
        "--as-of {as_of} is before the as-of date of {whose} ({last}{since}): tonight's set, read "
        "as of an earlier day, replaces a later day's, and what "
        "the safety gate counts as removed may be that day's calendar (classes not started yet), not "
        "the exports'",
    ),
    Code(
        "D365",
        "grade-graduated",
        I,
        REPAIR,
        "{field}: graduation year {value!r} was last school year's: a graduate still listed in the "
        "{school_year} school year (until the SIS's rollover); grade left blank",
    ),
    # --- a guardian's contact ID made of the person's name (tester7 item 3) ---------------------
    Code(
        "I267",
        "contact-is-name",
        W,
        NOTE,
        "{path}: the contact ID is made of {columns} only, the person's name: two parents of one name "
        "(two Maria Garcias in two families) would be one person, linked to both families' children; "
        "name the SIS's contact ID column, or leave contact out (the tool then tells people of one name "
        "apart by email, phone and household: docs/identity.md)",
    ),
    Code(
        "F429",
        "contact-two-people",
        W,
        NOTE,
        "users: the rows of SIS contact {id!r} for {students} share no email, phone or student with its "
        "rows for {first_students} (line {first_line}) and differ on both email and phone: two people "
        "under one ID (a contact ID made of a name?), so neither is kept (V537)",
    ),
    # --- an encoding or delimiter the profile declares that the export is not written in ----------
    Code(
        "I268",
        "encoding-declared-not-used",
        W,
        NOTE,
        "{file}: the profile declares encoding {declared}, but the file is UTF-8 (line {line} holds {value}); "
        "read as UTF-8: set encoding: utf-8 (or auto) for this source in the profile",
    ),
    Code(
        "I269",
        "layout-not-as-declared",
        E,
        ABORT,
        "{file}: the profile declares {key}: {declared}, but {evidence} ({value}); nothing read: set {key}: {suggest} "
        "for this source in the profile",
        2,
    ),
    # --- one class ID, two classes: section numbers unique only within a school ---------------------
    Code(
        "V592",
        "class-id-not-unique",
        E,
        DROP,
        "{table}: {id!r} is at {field} {value!r} here and at {others}: two classes under one ID (section "
        "numbers unique only within a school?), so neither is kept, nor the enrolments in it: build the "
        "profile's class sourcedId with the school (a template of the school and section columns)",
    ),
    Code(
        "D363",
        "id-part-empty",
        E,
        DROP,
        "{field}: {empty} on this row, so the ID template {template!r} gives {value!r}, an ID cut "
        "short that every row without {part!r} gives too (two records made one); row left out",
    ),
    Code(
        "X960",
        "kind-removal-allowed",
        W,
        NOTE,
        "--allow-rollover: users.csv loses {removed} of its {previous} {whom} ({percent}%, limit {limit}%) "
        "against {against} ({people}){since}; published, the list is in {removals}",
    ),
    Code(
        "X961",
        "table-errors-over-limit",
        E,
        ABORT,
        "{table}.csv: errors left out {lost} of its records made from the {total} rows of {files} ({percent}%, "
        "limit {limit}%), most of them {top}, while those rows gave other records; nothing published "
        "(--allow-incomplete publishes it anyway)",
    ),
    Code(
        "D369",
        "student-without-demographics",
        W,
        NOTE,
        "users: student {id!r} is published without a demographics row (no row of {files} gave one); "
        "Remind asks for one per student (birthDate data required)",
    ),
    # --- a good value with what an export leaves around it (tester9 item 4) ------------------------
    Code(
        "D366",
        "email-address-extracted",
        I,
        REPAIR,
        "{field}: {value!r} is one address with {extra}; written as {email!r}",
    ),
    Code(
        "X964",
        "removals-unwritable",
        W,
        NOTE,
        "the list of what the set would remove could not be written to {file} ({detail}); what the "
        "message above says holds without it",
    ),
    # --- Remind: "School assignments are made using the users.csv file" (tester9 item 1) -------------
    Code(
        "V593",
        "enrolled-school-added",
        I,
        REPAIR,
        "users: {role} {id!r} is enrolled in class {class_id!r} at school {school!r} (enrolment {enrollment!r}"
        "{more}), which their orgSourcedIds {listed!r} do not list; Remind assigns schools from users.csv, so "
        "{school!r} is added to their orgSourcedIds{guardians}",
    ),
    # --- a run killed between its swap and its record of the set (tester10 item 4) ------------
    Code(
        "X962",
        "publish-not-recorded",
        W,
        NOTE,
        "the last run stopped {stopped}, before recording its set in the state folder; {done}",
    ),
    # --- OUT named through a link and by its real path: one state folder (tester10 item 6) --------
    Code(
        "X965",
        "state-folder-moved",
        W,
        NOTE,
        "the state folder of {out} was beside the link ({named}); it was moved beside the folder the link "
        "points to ({real}), where every run keeps it now, whether it names the link or the folder",
    ),
    Code(
        "X966",
        "state-folder-two",
        E,
        ABORT,
        "{out} has two state folders for one published folder: {named}, beside the link, and {real}, beside "
        "the folder it points to (runs named it both ways); which one records what is published is not "
        "known, so nothing was read or written: keep the one the nightly job used (its last.json is the "
        "newer) as {real}, move the other aside, and rerun",
        2,
    ),
    # --- SIGTERM (a stop, a scheduler's timeout) or Ctrl-C: a report, exit 1 (tester10 item 12) ------
    Code(
        "X967",
        "run-stopped",
        E,
        ABORT,
        "the run was stopped by {signal} before it ended; {outcome}",
    ),
    # --- a transfer whose old school's class enrolments were not ended (fix-transfer) -----------
    Code(
        "F431",
        "enrollment-at-school-left",
        I,
        DROP,
        "enrollments: {id!r} enrols {user!r} in class {class_id!r} at school {school!r}, which the user has "
        "left (the user's row there has ended; now at {current!r}): left out with that row",
    ),
    # --- a parent the export says has only landlines (tester9 item 10) --------------------------
    Code(
        "V595",
        "guardian-landline-only",
        W,
        NOTE,
        "users: {role} {id!r} has no email and no mobile: the export types each of their numbers a "
        "landline (written {value!r}); Remind needs a mobile phone or an email to create a parent's "
        "account and cannot text a landline; published as read, as the type may be wrong",
    ),
    # --- a two-digit birth year with no student's age in either century (tester9 item 12) -------
    Code(
        "D371",
        "birth-date-century",
        W,
        REPAIR,
        "{field}: birth date {value!r} has a two-digit year: read as {first} or {second}, neither gives a "
        "student's age (2 to 25) on {as_of}; cell left blank",
    ),
    # --- a value Remind takes for students only, on another user (tester9 item 13) ---------------
    Code(
        "V596",
        "value-for-students-only",
        W,
        REPAIR,
        "{field}: {role} {id!r} has {value!r}; Remind takes it for students only; {done}",
    ),
    # --- a staff member or student who is also a parent (tester9 item 15) -----------------------
    Code(
        "V597",
        "guardian-id-taken",
        W,
        DROP,
        "users: {id!r} is written as a {kept_role} (from {first_at}) and is also the ID of a {role} of "
        "{students}: Remind's users.csv gives one ID one row and one role, so the {role} record is left out "
        "and {students} loses this link; {fix}",
    ),
    Code(
        "V598",
        "course-school-year-repaired",
        W,
        REPAIR,
        "courses.schoolYearSourcedId: {value!r} is a {type} session, not a school year; written as its school "
        "year {year!r}",
    ),
    Code(
        "V599",
        "course-school-year-not-year",
        E,
        NOTE,
        "courses.schoolYearSourcedId: {value!r} is a {type} session of academicSessions.csv, not a schoolYear",
    ),
    Code(
        "D373",
        "course-rehomed",
        I,
        REPAIR,
        "courses: {id!r} belongs to org {org!r}, which is not in this set; written as exported under the school "
        "{school!r} of its class {class_id!r}",
    ),
    Code(
        "V600",
        "columns-not-carried",
        I,
        NOTE,
        "{file}: column(s) {columns} not carried to {table}.csv: the profile maps no column to them (the set "
        "holds what rostering needs)",
    ),
    # --- tester11: a profile written by YAML alone (an optional export misspelt) ----------------
    Code(
        "I270",
        "source-absent-kind-empty",
        W,
        NOTE,
        "{rule} reads optional export {source!r}, which was not found (looked for {patterns}), and no "
        "other rule made any {kind}: users.csv holds none; correct sources.{source}.files in the "
        "profile, or add the export",
    ),
    # --- tester11: a contacts export whose student IDs name no student (leading zeros lost) ------
    Code(
        "X968",
        "guardians-unlinked",
        E,
        ABORT,
        "{unlinked} parents and guardians link to no student in this set (F413) because their student IDs "
        "lack the leading zeros of the students export{hint}, and {published} were published: the "
        "contacts export names its students otherwise; nothing published (--allow-incomplete publishes it "
        "anyway)",
    ),
    Code(
        "I271",
        "id-zeros-restored",
        W,
        REPAIR,
        "{field}: ID {value!r} has fewer digits than the profile's width ({width}): written {padded!r}, its "
        "leading zeros restored (id: pad)",
    ),
    # --- a scheduled SIS export that stopped: last week's roster is not tonight's ----------------
    Code(
        "X971",
        "exports-stale",
        E,
        ABORT,
        "the newest export, {file}, was last written {written} ({days} days before this run; the "
        "profile allows {allowed}): the SIS's scheduled export looks stopped{on_break}, and its roster would be "
        "published as tonight's; nothing published",
        defaults=(("on_break", ""),),  # ops64 added {on_break}: a report.json written before renders again
    ),
    # --- tester14: OUT emptied or deleted since its set was published ----------------------------
    Code(
        "X972",
        "removal-over-limit-by-count",
        E,
        ABORT,
        "{table}.csv would hold {now} records where the set published {published_at} held {previous} "
        "({removed} fewer, {percent}%, limit {limit}%){held}, and {unread} to compare by ID; nothing published "
        "({step}; --allow-rollover publishes it anyway)",
        defaults=(("held", ""),),  # review180 R2 added {held}: a report.json written before renders again
    ),
    Code(
        "X973",
        "previous-set-missing",
        W,
        NOTE,
        "OUT no longer holds the set published {published_at} ({users} users; emptied, moved or deleted "
        "since): tonight's set is compared with {compared}",
    ),
    # --- a username read from an email column is the address the email publishes ----------------
    Code(
        "D374",
        "username-address-extracted",
        I,
        REPAIR,
        "{field}: {value!r} is one address with {extra}; the username is written as {email!r}, the address "
        "the email holds",
    ),
    # --- tester13 F6: a parentSourcedId loop among academicSessions ------------------------------
    Code(
        "V601",
        "reference-loop",
        W,
        REPAIR,
        "{table}.{field}: {id!r} names {value!r}, which leads back to it ({loop}): a loop, where no "
        "session is above the others; {written}",
    ),
    # --- a BCP 47 tag whose region is no place of its language (CH-MA: Chamorro of Morocco) ------
    Code(
        "D375",
        "language-tag-unlikely",
        W,
        REPAIR,
        "{field}: {value!r} reads as the BCP 47 tag {tag!r}, {language} of {region}, where langcodes counts "
        "no speakers of that small language: likely the SIS's own code (CH-MA for Chinese, Mandarin?), which is not "
        "guessed; cell left blank",
    ),
    # --- tester11 F8: a first profile that would publish half a set --------------------------
    Code(
        "P111",
        "profile-no-teacher",
        E,
        ABORT,
        "{path}: classes and enrolments are made, but no users rule makes a teacher or administrator "
        "({why}): every class would go out with no owner, and nobody could message its families{hint}",
        2,
    ),
    Code(
        "I272",
        "source-unread",
        W,
        NOTE,
        "{path}: source {source!r} is declared, but no rule reads it: nothing of {files} goes into the set{hint}",
    ),
    Code(
        "I273",
        "student-row-ended-kept",
        I,
        NOTE,
        "{rule}: this row of student {id!r} has ended ({condition}; found {value!r}), and the student is "
        "published from a current row (at {current}): {what}, not a student left out",
    ),
    Code(
        "I274",
        "classes-no-term-filter",
        W,
        NOTE,
        "{path}: classes are made with no filters.current_term, though source {source!r} has term dates "
        "({columns}): every term's classes go out, those of ended and later terms too{found}{hint}",
    ),
    # --- tester14 F0: a run's own temporaries published in OUT ------------------------------------
    Code(
        "X974",
        "output-temporaries-removed",
        W,
        NOTE,
        "{folder} held {files}, which a run of this tool left there (writing them failed, on a disk "
        "that filled up); not part of the set, they were removed",
    ),
    # --- tester17 F5: a swapped term beside the class's other terms -------------------------------
    Code(
        "F432",
        "term-dates-swapped-other",
        W,
        NOTE,
        "class term {term!r}{at} ends on {end}, before it starts on {start}: its dates are swapped or "
        "mistyped in the terms export; the class is judged by its other terms ({others})",
    ),
    # --- stop 35's known item: a contacts export keyed by another student ID ----------------------
    Code(
        "X975",
        "guardians-linked-elsewhere",
        E,
        ABORT,
        "{unlinked} parents and guardians link to students none of whom is in this set (F413; such as "
        "student {example!r}), and {published} were published: {cause}; nothing published "
        "(--allow-incomplete publishes it anyway)",
    ),
    # --- tester17 F10: an enrolment whose start is after its end ---------------------------------
    Code(
        "D376",
        "enrollment-dates-reversed",
        W,
        DROP,
        "{rule}: enrolment begins on {start!r} and ends on {end!r}, before it begins: its dates are "
        "swapped or mistyped in the export; {reading}; left out ({condition})",
    ),
    # --- tester17 F8: next year's terms in the terms export under this year's codes --------------
    Code(
        "I275",
        "join-key-picked",
        I,
        NOTE,
        "{source}: key {key} is on several rows with other dates ({others}); rows joining on it take "
        "this one ({dates}), {why} (the join's pick)",
    ),
    # --- tester16 F2: a school year written by both its years ------------------------------------
    Code(
        "D378",
        "year-range-read",
        I,
        REPAIR,
        "{field}: {value!r} names the school year by both its years; read as {year}, the year it ends "
        "(OneRoster writes that one)",
    ),
    Code(
        "D379",
        "required-value-unread",
        E,
        DROP,
        "{table}.{field} is required, and its cell {value!r} was left blank ({reason}); row left out",
    ),
    # --- tester18 F3: a school missing from the schools export ---------------------------------
    Code(
        "X976",
        "school-missing",
        E,
        ABORT,
        "{users} users name school {school!r}, {which}{twin}: each is left "
        "out (V502), with their classes, enrolments and parents, {what}; nothing published "
        "(--allow-incomplete publishes it anyway)",
    ),
    # --- tester18 F1: the classes exported are of ended terms only ---------------------------------
    Code(
        "X977",
        "term-without-classes",
        E,
        ABORT,
        "{none}, but {holds} {term!r}{at}, {start} to {end}, current or starting soon on "
        "{as_of}: {exported} ({cause}); nothing published",
    ),
    # --- tester18 F12: one export job stopped beside the others ----------------------------------
    Code(
        "X978",
        "export-stale-beside-fresh",
        E,
        ABORT,
        "{file}, which feeds {table}, was last written {written} ({days} days before this run; the profile "
        "allows {allowed}), while {fresh} was written {fresh_written}: its SIS export job looks stopped, and "
        "its old rows would be published as tonight's; nothing published",
    ),
    # --- tester17 F6: one term ID for two calendars' or two years' terms (strict target) --------
    Code(
        "V602",
        "session-id-split",
        I,
        REPAIR,
        "academicSessions: {id!r} is given here with other dates ({start}..{end}) than at line {first_line} "
        "({first_start}..{first_end}): two terms under one ID (two calendars of a school, or two school "
        "years); this one is written as {new!r}, and each class names the term of its own dates",
    ),
    Code(
        "V603",
        "class-term-unmatched",
        W,
        NOTE,
        "classes: {id!r} names term {term!r}, which the export gives with several dates ({dates}), and its "
        "own term dates ({own}) are none of them: it keeps {term!r}, the earliest",
    ),
    # --- tester19 F2: two people of one name the identity map would have made one ------------------
    Code(
        "V604",
        "guardian-kept-apart",
        W,
        NOTE,
        "users: {person} ({students}, household {household}) shares no email, phone or household with "
        "{person} ({kept_students}, household {kept_household}), whose ID {id!r} the last published set gave "
        "the students of both: two people of one name in two households, kept apart; this one gets an ID "
        "of their own, which Remind takes for a new parent",
    ),
    # --- tester19 F3: a derived-ID parent re-keyed by a corrected given name ----------------------
    Code(
        "X979",
        "guardians-renamed-rekeyed",
        W,
        NOTE,
        "{count} parents of the last published set are in tonight's set under a new ID made from a "
        "corrected given name (the same family name with the same email or phone): {people}; Remind deletes "
        "each and creates a new parent, whose conversations start again",
    ),
    # --- tester20: exports that went through a spreadsheet or another encoding --------------------
    Code(
        "X984",
        "schools-rekeyed-over-limit",
        E,
        ABORT,
        "{count} of the {previous} schools of the last published set are in tonight's set under new IDs: "
        "{schools}{since}; Remind would delete each school and create a new one, moving every user and class "
        "of it: nothing published ({cause})",
    ),
    Code(
        "X985",
        "schools-rekeyed",
        W,
        NOTE,
        "{count} of the {previous} schools of the last published set are in tonight's set under new IDs: "
        "{schools}; Remind deletes each school and creates a new one, moving its users and classes "
        "(published: --allow-rollover)",
    ),
    Code(
        "D381",
        "name-encoding-garbled",
        W,
        NOTE,
        "{field}: {value!r} looks garbled by a change of encoding ({detail}): the file went through a "
        "program that changed its encoding; published garbled (export it again, and copy it without opening it)",
    ),
    Code(
        "D382",
        "date-spreadsheet-serial",
        W,
        NOTE,
        "{field}: {value!r} is a spreadsheet's date serial number (it stands for {date}), not a written date: "
        "the file went through a spreadsheet that saved the dates as numbers; export it again and copy it "
        "without opening it in one",
    ),
    Code(
        "D383",
        "period-spreadsheet-date",
        W,
        NOTE,
        "{field}: {value!r} looks like a period or section a spreadsheet turned into a date (such as "
        "'1-2' saved as '2-Jan'); kept as written",
    ),
    Code(
        "V606",
        "identifiers-zeros-lost",
        W,
        NOTE,
        "{count} users of the last published set have tonight the {what} without its leading "
        "zeros: {people}; an export went through a spreadsheet (Excel opens {example!r} as the number "
        "{stripped}); published with the numbers changed (their sourcedIds are unchanged)",
    ),
    # --- tester20 F4: a row broken over two lines, or cut short ---------------------------------
    Code(
        "X982",
        "row-split",
        E,
        ABORT,
        "{file}: the row at line {line} ({record}) is broken over two lines ({line} and {next}) inside its "
        "{column} cell ({value!r}): its {first} cells and the {second} of line {next} make the header's "
        "{expected} when joined; a line break typed into the SIS record's {column} (in a name, an address) "
        "comes back in every export, as does a program that broke the line (a mail client wraps long lines "
        "at 76 characters); nothing published: correct that record's {column} in the SIS (remove the line "
        "break) and export again, or, if the file went through a mail, copy it from the SIS again as a file",
    ),
    Code(
        "I280",
        "row-cells-missing",
        E,
        DROP,
        "{rule}: the row has {found} of the header's {expected} cells: {column!r}, which {condition!r} reads, is "
        "missing, not empty (a row broken over two lines, or cut short); row left out, not as {reason}",
    ),
    # --- tester20 F3: a UTF-8 export with a row in Windows-1252 -----------------------------------
    Code(
        "I281",
        "encoding-mixed",
        W,
        REPAIR,
        "{file} is UTF-8 but for {count} line(s) in Windows-1252 (line {lines}): a row typed or pasted in a "
        "program that saves 'ANSI'; those lines were read as Windows-1252, every other line as UTF-8",
    ),
    # --- tester20 F7: a second copy of an export beside the one read ------------------------------
    Code(
        "I282",
        "source-copy-not-read",
        W,
        NOTE,
        "{file} is not read: its name is that of another copy of {read}, which is read{newer}",
    ),
    # --- tester20 F8: a name no person has -------------------------------------------------------
    Code(
        "V607",
        "name-too-long",
        E,
        DROP,
        "users.{field} holds {length} characters (no name is over {limit}; it begins {value!r}): a paste or a "
        "broken SIS record; row left out",
    ),
    # --- tester23 F1, tester25 1.3: references written otherwise than the IDs they name ----------
    Code(
        "V608",
        "reference-written-otherwise",
        E,
        DROP,
        "{table}.{field}: {value!r} names no record of {target}, but {twin!r} is one, written with other "
        "{how}: the exports write the ID two ways (a spreadsheet, a converter); row left out",
    ),
    # --- tester23 F1, tester25 1.4: a set whose classes mostly have no owner --------------------
    Code(
        "X980",
        "classes-without-owner",
        E,
        ABORT,
        "{count} of the {classes} classes published have students but no teacher or administrator enrolled "
        "(V586; such as class {example}){hint}: Remind would give them no owner, and nobody could message "
        "their families; nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- tester24 F2, F4: a term's date no setting reads -----------------------------------------
    Code(
        "F434",
        "term-date-unreadable",
        E,
        DROP,
        "class term {term} has a date no setting reads ({value!r}{at}): no day can be placed in the term; "
        "class left out",
    ),
    # --- tester25 1.5, 1.7: a profile line that reads a plausible but wrong column ---------------
    Code(
        "X987",
        "birth-dates-implausible",
        E,
        ABORT,
        "{column}: {count} of the {total} birth dates read from this column ({percent}%) make the student "
        "under 2 years old or lie after {as_of} (the first: line {line}, {example!r}, {why}){two_digit}: the "
        "column holds another date than the students' birth dates, such as an enrolment or withdrawal date; "
        "{field} reads it{at}; nothing published (map {field} to the column that holds the students' birth "
        "dates)",
    ),
    Code(
        "D384",
        "birth-date-too-young",
        W,
        NOTE,
        "{field}: birth date {value!r} makes the student {age} on {as_of}, younger than any student (2); "
        "published as read",
    ),
    Code(
        "V609",
        "student-email-guardians",
        W,
        NOTE,
        "users: student {id!r} has as their own email {value!r}, the email of their guardian {guardian!r}: the "
        "student's address is their parent's; published as read (Remind gives an email to one user only){share}",
    ),
    # --- tester25 1.2, 3.2, 3.4, 1.6: a report writer's page furniture, Excel formulas, a copied group --
    Code(
        "I279",
        "header-repeated",
        I,
        NOTE,
        "{file}: {count} line(s) repeat the header (the first on line {line}){titles}: a report writer's page "
        "headers, not data; skipped",
    ),
    Code(
        "I284",
        "footer-line",
        I,
        NOTE,
        "{file}: line {line} is a totals or footer line, not data ({value!r}); skipped",
    ),
    Code(
        "D380",
        "excel-text-formula",
        W,
        REPAIR,
        '{file}: {count} cell(s) of column {column!r} are written as an Excel text formula (="..."), the first '
        "on line {line}: {value}; each read as the text inside the quotes",
    ),
    Code(
        "P112",
        "each-group-copied",
        E,
        ABORT,
        "{path}: each group {group!r} reads no export column of its own ({columns}: group {other!r} reads them "
        "all too; a group copied and left unchanged?): every row would make the person of group {other!r} "
        "again, and never the one {group!r} is meant for",
        2,
    ),
    # --- tester23 F2: a column and its alias both in the header ---------------------------------
    Code(
        "I283",
        "header-alias-read",
        I,
        NOTE,
        "{file}: the header holds {columns}, which the profile reads as one column (aliases); {read!r} is read: {why}",
    ),
    # --- tester23 F3: a OneRoster 1.2 person no role names ---------------------------------------
    Code(
        "F433",
        "row-named-by-none",
        E,
        DROP,
        "{source} {id!r} {why} (no row of {by} names it in {column}): no {table} record is made of this row; left out",
    ),
    # --- tester23 F6: a manifest that contradicts the files beside it ----------------------------
    Code(
        "X986",
        "manifest-contradicts-files",
        E,
        ABORT,
        "{manifest} says {property},{mode}, but {file} {found}: {meaning}; nothing published: {fix}",
    ),
    # --- tester28 R2: a filter column renamed in the export ------------------------------------
    Code(
        "X990",
        "condition-column-renamed",
        E,
        ABORT,
        "{file} has no column {column!r} but has {close!r}, which looks like it under another name: "
        "{effect}; nothing published (correct the name in the export or the profile; --allow-incomplete "
        "publishes it anyway)",
    ),
    # --- tester29 F3: one school's schedule missing ---------------------------------------------
    Code(
        "X993",
        "school-classes-removed",
        E,
        ABORT,
        "school {school} ({name}) would keep {now} of the {previous} classes it had in the last published "
        "set{since}: {removed} removed, and no ended term explains them; its students and teachers would "
        "be published in no class: a schedule export missing the school is a broken export: nothing "
        "published; the list is in {removals} (--allow-rollover publishes it anyway)",
    ),
    Code(
        "X995",
        "school-classes-removed-allowed",
        W,
        NOTE,
        "--allow-rollover: school {school} ({name}) keeps {now} of the {previous} classes it had in the last "
        "published set ({removed} removed, listed in {removals}); published",
    ),
    # --- tester25 2.1, 2.2: a condition that matches no row, a map through which nothing maps -----
    Code(
        "P113",
        "condition-matches-no-row",
        W,
        NOTE,
        "{rule} {condition}: no row of {file} holds {values} in {column} (its {rows} rows hold {seen}), so "
        "the condition {effect}{also}; {fix}",
    ),
    Code(
        "P114",
        "grade-map-before-graduation-year",
        E,
        ABORT,
        "{path}: map {map!r}{inherited} reads each graduation year before grade_from_graduation_year does "
        "and {effect}, so the cleaner finds no year and no student gets a grade: write `map: null` beside "
        "`clean:`",
        2,
    ),
    Code(
        "X988",
        "map-matches-no-value",
        E,
        ABORT,
        "{column}: none of the {rows} values of this column in {file} is in map {map!r} ({seen}); {field} "
        "reads it through the map{at}, and every record would get {default}; nothing published ({fix})",
    ),
    # --- tester23 F4: a class whose current term's session the set leaves out --------------------
    Code(
        "F435",
        "class-term-left-out",
        W,
        DROP,
        "class term {term!r} ({start} to {end}) would make the class current, but its session {session!r} is "
        "left out of the set ({at}), so it is no term of the set; {others}: class left out",
    ),
    # --- tester29 F1, F2: an optional export last night's set was made with, gone tonight -------
    Code(
        "X991",
        "optional-export-lost",
        E,
        ABORT,
        "{file} is not in the exports, but the last published set was made with its {previous} rows "
        "({feeds}); nothing published: export it again (--allow-rollover publishes the set without it, "
        "when it was dropped on purpose)",
    ),
    # --- tester28 R5: a username read from an email cell the email refuses --------------------
    Code(
        "D385",
        "username-address-refused",
        I,
        REPAIR,
        "{field}: {value!r} holds an @ but is {why}: no one signs in with it; not used as the username (the "
        "next column the profile lists is read, if any)",
    ),
    # --- tester29 F4: last year's export after the new year began; Remind's 90 days by hand -----------
    Code(
        "X994",
        "school-year-passed",
        E,
        ABORT,
        "every term the exports' classes run in{read} ended by {as_of}, the last ({term}) on {end}; their school "
        "year started on {start}, and past {due}, a year and {grace} days later, no class of a later term is "
        "exported (a terms export may list the new year's terms before the sections do): the new "
        "school year has almost surely begun and the exports still hold last year's (an export job or "
        "template filtered to the old year); nothing published",
    ),
    Code(
        "X996",
        "upload-due-by-hand",
        E,
        ABORT,
        "nothing new to publish, and the set in {out} last reached Remind {days} days ago ({since}) as far as "
        "this tool knows; Remind drops a district after 90 days without an upload: upload the files in {out} "
        "again, unchanged, then record it with `transform uploaded {out}` (or add --upload to have every "
        "run send it)",
    ),
    # --- tester31 F2: most of one school's students in no class ---------------------------------
    Code(
        "X997",
        "school-students-unenrolled",
        E,
        ABORT,
        "school {school} ({name}): {emptied} of the {previous} students who were in a class in the last "
        "published set would be published tonight in no class{since}, their enrolments removed and no ended "
        "term explains them: a schedule export missing the school's rows is a broken export: nothing "
        "published; the list is in {removals} (--allow-rollover publishes it anyway)",
    ),
    Code(
        "X998",
        "school-students-unenrolled-allowed",
        W,
        NOTE,
        "--allow-rollover: school {school} ({name}): {emptied} of the {previous} students who were in a class "
        "in the last published set are published in no class (listed in {removals}); published",
    ),
    # --- fixer inputs (stop 40): students published without the birth date they had -----------
    Code(
        "X989",
        "birth-dates-lost",
        E,
        ABORT,
        "{lost} of the {previous} students who had a birth date in the last published set ({percent}%) "
        "would be published tonight without one (first: {first}){since}, over the removal limit of {limit}%: "
        "a demographics export missing rows or its birth-date column is a broken export: nothing published "
        "(--allow-rollover publishes it anyway)",
    ),
    Code(
        "X992",
        "birth-dates-lost-allowed",
        W,
        NOTE,
        "--allow-rollover: {lost} of the {previous} students who had a birth date in the last published "
        "set ({percent}%) are published without one (first: {first}); published",
    ),
    # --- tester33 F5: validate, a guardian linked from its own row only -------------------------
    Code(
        "V611",
        "guardian-linked-one-side",
        E,
        NOTE,
        "guardian {id!r} ({value!r}) names student {student!r} in its own agentSourcedIds, but the "
        "student's agentSourcedIds ({theirs}) does not name it: Remind links a guardian from the student's "
        "row, so uploaded as it is this link is lost{alone}; add {id!r} to the agentSourcedIds of {student!r} "
        "(a transform run with a OneRoster profile writes the link on the student's row too)",
    ),
    # --- tester34 F4: the identity map lost while OUT holds the set ------------------------------
    Code(
        "X921",
        "identity-map-restored",
        W,
        NOTE,
        "the state folder holds no identity map, but {out} holds a published set with {guardians} "
        "parents or guardians whose IDs the tool derived: the map was rebuilt from that set, so no "
        "parent's ID moves tonight (derived again, the ID of each whose email, phone or household "
        "changed would move, and Remind would delete and re-create them); look at why the state "
        "folder was lost (a clean-up of dot-folders, OUT moved or restored without it)",
    ),
    # --- tester32 F1: a join key that lost its leading zeros (MST.CN 300 for CRS.CN 0300) -------
    Code(
        "D386",
        "join-key-written-otherwise",
        E,
        DROP,
        "{rule}: no {source} row with {key}, but {twin} is one, written with other {how}: the exports write "
        "the key two ways (a spreadsheet, a converter); row left out",
    ),
    # --- tester35 F4, F2: a terms export that moved the terms, not the calendar ----------------
    Code(
        "X947",
        "term-moved-ahead",
        E,
        ABORT,
        "no class is due on {as_of} and the next term starts after the {window}-day window, but the last "
        "published set (as of {last}) held classes of {count} term(s) as current whose dates then still run "
        "on {as_of}, and tonight's terms export dates those term IDs after the window: {terms}; the terms "
        "export changed, not the calendar (a terms export job whose year was advanced, a calendar copied "
        "forward over the current one): not 'nothing to do'; nothing published, the last set stays",
    ),
    Code(
        "X948",
        "term-change-not-explained",
        W,
        NOTE,
        "{classes} classes of the last published set (and {enrollments} enrolments in them) are left out "
        "tonight as in a term that ended, but no term of theirs ended since that set was made (first: "
        "{example}: {why}): the export moved them to an ended term, the calendar did not end them; they "
        "count as removals against the limits (X906, X993, X997)",
    ),
    # --- tester33 F3: a guardians' link column the export writes under another name ----------------
    Code(
        "I285",
        "guardian-link-column-absent",
        E,
        ABORT,
        "{file} has no column {column!r}, by which {rule} links parents and guardians to their students, but "
        "has {other!r}, filled on {filled}, which {profiles} as {column!r}: the profile would read no link, and "
        "every parent and guardian no student names would be left out (F413); nothing published (read it "
        "with {aliases} under sources.{source} in the profile, or name the column {column!r} in the export)",
        2,
    ),
    # --- tester35 F3: the first-run error limit, by kind of user in a users export -----------
    Code(
        "X922",
        "export-kind-errors-over-limit",
        E,
        ABORT,
        "{file}: {kind} left out {rows} of its {total} rows of {whom} ({percent}%, limit {limit}%; the "
        "{column} column tells the kinds apart, and the file's {all} rows together stay under the limit), "
        "most of them {top}, the first at this line; nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- tester35 F6: a column of users.csv blanked overnight (pipeline.columns_gate) ----------
    Code(
        "X923",
        "columns-blanked",
        E,
        ABORT,
        "users.csv would lose {columns}, blank tonight where the last published set held a value (first: "
        "{first}){since}: {over}; a column dropped from "
        "the export, or no longer read by the profile, is a broken export: nothing published (--allow-rollover "
        "publishes it anyway)",
    ),
    Code(
        "X924",
        "columns-blanked-allowed",
        W,
        NOTE,
        "--allow-rollover: users.csv loses {columns}, blank tonight where the last published set held a value "
        "(first: {first}); published",
    ),
    # --- tester32 F3: one school's students or teachers missing from their export, first run too ---
    Code(
        "X941",
        "school-students-unknown",
        E,
        ABORT,
        "school {school} ({name}): {emptied} of its {classes} classes would have no student (F412: left out), "
        "their {rows} enrolment rows naming students no {source} row has ({reported}, the first: {key}; such as "
        "class {example}): a students export missing the school's rows is a broken export: nothing published "
        "(--allow-incomplete publishes it anyway)",
    ),
    Code(
        "X942",
        "school-classes-without-owner",
        E,
        ABORT,
        "school {school} ({name}): {count} of its {classes} classes with students would be published with no "
        "teacher or administrator enrolled (V586; such as class {example}){hint}, while the other schools' "
        "classes have theirs: Remind would give them no owner, and nobody could message their families; "
        "{broken}: nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- tester35 F5: classes under new IDs (pipeline.class_gate) -----------------------------------
    Code(
        "X949",
        "classes-rekeyed-over-limit",
        E,
        ABORT,
        "{count} of the {previous} classes of the last published set are in tonight's set under new IDs "
        "({share}): {classes}{since}; each at its school, in its terms, with its title or course and section, "
        "one of its teachers and most of its students: Remind would delete each class with its conversations "
        "and create a new one: nothing published ({cause}; the list is in {removals}; --allow-rollover "
        "publishes it anyway)",
    ),
    Code(
        "X919",
        "classes-rekeyed",
        W,
        NOTE,
        "{count} of the {previous} classes of the last published set are in tonight's set under new IDs: "
        "{classes}; Remind deletes each class with its conversations and creates a new one; not refused for "
        "it ({why})",
    ),
    # --- a run killed inside its record of a delivery (tester34 F2) ---------------------------
    Code(
        "X945",
        "delivery-not-recorded",
        W,
        NOTE,
        "the last run stopped while it recorded a delivery in {folder}: {done}; its record "
        "(delivered.json) was not rewritten, so a set that waited to be delivered still waits, and a run "
        "with --upload sends it again (whether it arrived is not recorded)",
    ),
    # --- tester34 F5: a state record stamped after tonight ----------------------------------------
    Code(
        "X920",
        "clock-record-ahead",
        W,
        NOTE,
        "{record} says the set last reached Remind (or was published) on {since}, after tonight ({today}): "
        "the machine's clock was wrong when it was written, or is now; Remind's 90 days cannot be counted "
        "from it, so they are taken as run out (a night with nothing new to publish sends the set again "
        "with --upload, or asks for it by hand, X996)",
    ),
    # --- tester32 F1: a terms export without the terms of a school's current classes ------------
    Code(
        "X943",
        "school-terms-unknown",
        E,
        ABORT,
        "school {school} ({name}): {missed} of the {classes} classes its students are enrolled in would be "
        "left out, no {source} row having their term (D300, the first: {key}{lost}; such as class {example}): "
        "{verdict}: nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- tester37 F3, tester38 F5: parents and guardians lost to errors, first run too ----------
    Code(
        "X969",
        "guardians-errors-over-limit",
        E,
        ABORT,
        "{kind} left out {lost} of the {total} {what} the exports name ({percent}%, limit {limit}%), most of "
        "them {top} in {file}, the first at this line; nothing published (--allow-incomplete publishes it "
        "anyway)",
    ),
    Code(
        "X970",
        "guardians-errors-allowed",
        W,
        NOTE,
        "--allow-incomplete: {kind} left out {lost} of the {total} {what} the exports name ({percent}%, "
        "limit {limit}%), most of them {top} in {file}; published without them",
    ),
    # --- tester38 F4: a contact-point column two each groups read (a group half copied) ----------
    Code(
        "P115",
        "each-group-point-copied",
        W,
        NOTE,
        "{path}: each group {group!r} reads {columns} for its {field}, as group {other!r} does for its "
        "{other_field} ({other_path}): one person's contact point read for two people of one row is most "
        "often a group copied and half changed; where the column is filled, every {group} would be "
        "published with the {other_field} of the {other} (a run that finds it so on most rows refuses, I286)",
    ),
    Code(
        "I286",
        "each-group-point-same",
        E,
        ABORT,
        "{same} of the {rows} rows naming a {group} and a {other} of other names give both the same "
        "{field} ({path} reads {columns}, as the {other}'s {other_field} does): every {group} would be "
        "published with the {other}'s {other_field}, and Remind gives an email or a number one user: the "
        "other would get their messages; nothing published (read the {group}'s own column there)",
        2,
    ),
    # --- tester39 F4: a contact-ID cell empty under a rule reading SIS contact IDs ----------------
    Code(
        "V610",
        "guardian-contact-id-empty",
        I,
        NOTE,
        "users: {id!r} ({person}, {students}) is published under an ID derived from the name and email, "
        "phone or household: the contact-ID cell of the row, which the profile reads as the SIS's ID of the "
        "person, is empty; the night the SIS fills it, the parent gets the SIS's ID, which Remind takes "
        "for a new parent",
    ),
    Code(
        "V612",
        "guardian-contact-id-empty-joined",
        W,
        NOTE,
        "users: the contact-ID cell of the row is empty, but the row names {person} ({students}) with the "
        "name and the {shared} of {id!r}, whose contact ID the SIS gives ({contact_at}): taken as that "
        "contact, one parent linked to the students of both rows, not a second user with a derived ID",
    ),
    # --- a list cell with an empty item (',' from a period expression, '09,,10') ---------------
    Code(
        "V545",
        "list-item-empty",
        W,
        REPAIR,
        "{table}.{field}: {value!r} has an empty item, which OneRoster lists may not (validate says V583 of "
        "such a set); written {new!r}",
    ),
    # --- tester39 F2: a parent without a SIS ID whose family name changed keeps their ID -------------
    Code(
        "V546",
        "guardian-renamed-kept",
        I,
        NOTE,
        "users: {person} ({students}) has a family name the identity map does not know, and the given "
        "name, email, phone and students of the parent {id!r} of the last published set: a new family "
        "name (a married name), kept as that parent's ID, so Remind renames the parent",
    ),
    # --- tester37 F2: one school's student enrolment rows missing, first run ----------------------
    Code(
        "X946",
        "school-classes-unenrolled",
        E,
        ABORT,
        "school {school} ({name}): {emptied} of its {classes} classes would be left out with no student "
        "(F412; {teachers} of them have their teachers, such as class {example}), no row of {file} naming a "
        "student in them, while the school's {students} students are published and the other schools' "
        "classes have theirs: a schedule export missing the school's student rows is a broken export: "
        "nothing published (--allow-incomplete publishes it anyway)",
    ),
    Code(
        "X963",
        "school-classes-unenrolled-allowed",
        W,
        NOTE,
        "--allow-incomplete: school {school} ({name}): {emptied} of its {classes} classes ({teachers} with "
        "their teachers) left out with no student (F412), no row of {file} naming a student in them, while "
        "the school's {students} students are published; published",
    ),
    # --- tester40 F2: a school's current term missing from the terms export ----------------------
    Code(
        "X944",
        "school-term-unknown",
        E,
        ABORT,
        "school {school} ({name}): the {missed} classes of the term {key} its students are enrolled in would "
        "all be left out, no {source} row having that term (D300{lost}; {why}; such as class {example}): a terms "
        "export missing a term of the school's current classes is a broken export: nothing published "
        "(--allow-incomplete publishes it anyway)",
    ),
    # --- tester40 F4: rows of one person naming other links, united silently ----------------------
    Code(
        "V516",
        "combined-links-united",
        I,
        NOTE,
        "{table}: {id!r} is listed on rows naming other {field}: {value!r} here, {other!r} on line "
        "{first_line}; the record has the links of every row, so that no row's list decides",
    ),
    # --- tester39 F2: a married name and a new phone on one night, the same email and children ---------
    Code(
        "V547",
        "guardian-renamed-phone-kept",
        I,
        NOTE,
        "users: {person} ({students}) has a family name the identity map does not know, and the given "
        "name, email and students of the parent {id!r} of the last published set, with another phone: a "
        "new family name (a married name) and a new phone, kept as that parent's ID, so Remind renames the "
        "parent and updates the phone",
    ),
    # --- tester43 F2: last year's sections joined to next year's terms of the same code -----------
    Code(
        "X929",
        "classes-of-last-year",
        E,
        ABORT,
        "{count} classes would be published in {year}'s terms, though every student enrolment in them began "
        "in {began_year} or earlier (first: class {example}, {at}, in the term of {start} to {end}, its "
        "students' enrolments beginning by {began}): the terms export also holds that term code's earlier "
        "row, {earlier}, and the sections and enrolments exports still hold last year's sections only, none "
        "of them next year's, joined to next year's term by its code (the SIS has not rolled over yet, or the "
        "export jobs still read last year); nothing published",
    ),
    # --- tester44 F10: an enrolment export cut under the limit, students in no class across schools --
    Code(
        "X897",
        "students-unenrolled",
        E,
        ABORT,
        "{emptied} of the {previous} students who were in a class in the last published set ({share}%, over "
        "{limit}%, at {schools} schools) would be published tonight in no class{since}, their enrolments "
        "removed and no ended term explains them: a schedule change gives a student other classes and a "
        "withdrawal removes the student, so this is a schedule (enrolment) export cut short or filtered: "
        "nothing published; the list is in {removals} (--allow-rollover publishes it anyway)",
    ),
    Code(
        "X898",
        "students-unenrolled-allowed",
        W,
        NOTE,
        "--allow-rollover: {emptied} of the {previous} students who were in a class in the last published set "
        "({share}%, at {schools} schools) are published in no class (listed in {removals}); published",
    ),
    # --- tester38 F3: an ended-enrolment date condition written the wrong way round -------------
    Code(
        "P116",
        "condition-date-reversed",
        E,
        ABORT,
        "{path}: {condition} leaves out as {reason}{replaces} the rows dated {left} the run's date and keeps those "
        "dated {side}: it is written the wrong way round ({reason} rows are dated {side}) and would publish every one "
        "of them; write `op: {fix}`{fix_from}",
        2,
    ),
    # --- tester45 F1: one school's term dates typed day first, none past the 12th ----------------
    Code(
        "D328",
        "term-longer-than-a-year",
        E,
        ABORT,
        "term {term!r} at school {school} reads {start} to {end}{written}, {days} days, longer than any "
        "school year: its dates were written {typed} first and read {read} first, as the rest of the column is "
        "({example}){more}; the term filter would pick classes by it; nothing published",
        defaults=(("typed", "day"), ("read", "month"), ("example", "01/09/2026 read as 9 January")),
    ),
    # --- tester44 F3: a condition that leaves people out, switched off by a column gone ----------
    Code(
        "X936",
        "keep-out-condition-off",
        E,
        ABORT,
        "{readers} {read} no column {column!r} in {file}{had}, so {it} left no one out by it tonight, and {count} "
        "{users} the last published set did not hold would be published ({people}): whoever {it} {exist} to "
        "leave out may be among them; nothing published (--allow-incomplete publishes it anyway)",
    ),
    Code(
        "X981",
        "dropped-record-removed",
        W,
        NOTE,
        "{what} {id} ({person}) of the last published set is removed tonight though its row is in the exports: "
        "{reason} left the row out{follows}; Remind deletes them until the record is fixed in the SIS",
    ),
    Code(
        "X983",
        "dropped-rows-unread",
        W,
        NOTE,
        "{table}.csv loses {count} of the last published set's records that nothing else explains ({examples}), "
        "and this run left out {rows} row(s) feeding it for a problem before their records could be told "
        "({reason} first), which may be theirs; Remind deletes them",
    ),
    # --- tester47 F5: a set sent again is the whole set published, unchanged --------------------
    Code(
        "X893",
        "resend-set-not-whole",
        E,
        ABORT,
        "the set in {out} is not the set published {published_at}, whole and unchanged: {detail}; nothing "
        "was sent to {target} (a part of a set, or another one, would replace the roster Remind holds)",
    ),
    # --- tester46 F4: a semester's classes all ended, none of the next term's exported ---------
    Code(
        "X895",
        "later-term-classes-missing",
        E,
        ABORT,
        "{none}, while the school year runs to {year_end}: Remind would lose them all with none of the next "
        "term's, the sections or enrolments exports still filtered to the ended term (a SIS job's semester "
        "filter); nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- tester46 F2: next year's sections, naming no school year, joined to this year's terms ---
    Code(
        "X894",
        "classes-of-two-years",
        E,
        ABORT,
        "{count} classes would be published in the term of {start} to {end} beside a class of the same "
        "school, course and title under another ID (first: class {example}, {at}, and class {twin}, "
        "{twin_at}): the terms export also holds {later}, a later school year's row of that term code, and "
        "the sections naming no school year were joined to the row the dates pick, so the sections export's "
        "sections of two school years (next year's, set up ahead) would be published as this year's "
        "classes; nothing published (no option publishes it: export one school year's sections, or the "
        "school-year column the join's pick: year reads)",
    ),
    # --- tester50 F4: a staff role value outside the profile's map, where proctors are left out on purpose ---
    Code(
        "F441",
        "staff-role-unknown",
        W,
        DROP,
        "{rule}: role {value!r} is none the profile maps to a Remind role (teacher, aide, administrator) "
        "nor one it leaves out on purpose; person left out: add the value to the profile's map (Remind "
        "lists non-teaching staff as aide)",
        profile_reason=True,
    ),
    # --- tester51 F3: one column written twice in a header, the two holding different values ---
    Code(
        "I221",
        "header-duplicate-differs",
        E,
        ABORT,
        "{file}: the header holds one column {times} times ({cells}), and on {rows} they hold different "
        "values (the first at line {line}: {one}, {other}): two versions of one column, and the run cannot tell "
        "which is right, nor read the header's order as an answer; nothing read: take one of them out of the "
        "export (or rename it)",
    ),
    # --- tester49 F5: one school's semesters typed day first, each inside one calendar year ---------
    Code(
        "D330",
        "term-read-the-other-way",
        E,
        ABORT,
        "term {term!r} at school {school} reads {start} to {end}{written}, {apart}, and read with day and month "
        "the other way round it is {swapped}, {fits}: its dates were written {typed} first and read {read} first, "
        "as the rest of the column is{more}; the term filter would pick classes by them; nothing published",
        defaults=(("typed", "day"), ("read", "month")),
    ),
    # --- tester47 F4: a zip of exports that does not fit in the temporary folder ---------------
    Code(
        "X880",
        "exports-unpack-failed",
        E,
        ABORT,
        "cannot unpack {file} into {folder} ({named}, where a zip of exports is unpacked before it is read): "
        "{detail}; nothing published",
    ),
    # --- order: a household chain joining two parents of one name a row tells apart ------------
    Code(
        "V519",
        "guardian-household-two-readings",
        W,
        NOTE,
        "users: {person} ({students}, household {household}) shares the household with two people of "
        "that name whom a row names in two columns ({rows}), and the rows join them to both: which of the "
        "two this is the export does not tell, so none of them is joined by the household; kept as a "
        "person of their own",
    ),
    # --- tester50 F1: a users export cut short at a line boundary, its people still named ----------
    Code(
        "X882",
        "users-rows-missing",
        E,
        ABORT,
        "{file} has no row for {count} {whom} that tonight's other exports still name in rows that would "
        "keep them ({examples}){last}: a person who leaves keeps a row the profile leaves out, or leaves the "
        "roles and enrolments too, so this is an export that lost rows (cut short, or filtered), not a "
        "withdrawal{stale}; nothing published: export {file} again whole and rerun (--allow-incomplete "
        "publishes it anyway)",
    ),
    Code(
        "X883",
        "users-rows-missing-allowed",
        W,
        NOTE,
        "{file} has no row for {count} {whom} that tonight's other exports still name in rows that would "
        "keep them ({examples}){last}; {published}",
    ),
    # --- tester50 F5: a guardians export with its two ID columns the other way round ----------------
    Code(
        "F440",
        "guardian-columns-swapped",
        E,
        ABORT,
        "{file}: {count} parents and guardians would be left out (linked to no student, F413, with no "
        "contact point, V515, or finding no row of an export the file is joined to, D300), more than the "
        "{published} published, because the ID read as the guardian's ({contact_column}) is a student of the "
        "set and the one read as the student's ({student_column}) is not (line {line}: guardian "
        "{guardian!r}, student {student!r}): the file's two ID columns are the other way round; nothing "
        "published: export it with each ID in its column, or read them the other way in the profile "
        "(--allow-incomplete publishes it anyway)",
    ),
    # --- tester50 F2: a file of the exports folder that the profile does not read ------------------
    Code(
        "I220",
        "files-not-read",
        I,
        NOTE,
        "{files} {are} in the exports folder, and no source of the profile reads {them}: nothing of {them} goes "
        "into the set (a file the SIS exports beside the others, such as contacts in a file the profile "
        "does not know, needs a profile that reads it)",
    ),
    # --- tester51 F5, F10: one enrolment ID on rows that differ only in primary or dates --------
    Code(
        "V548",
        "enrollment-rows-merged",
        I,
        REPAIR,
        "{table}: {id!r} comes from {rows}, differing only in {differ}: one enrolment, written with primary "
        "{primary!r}, beginDate {begin!r} and endDate {end!r} (primary true if any row says so, the earliest "
        "beginDate and the latest endDate, none if a row has none), in any row order",
    ),
    # --- tester49 F4: a number condition on a value that is no number ---------------------------
    Code(
        "D332",
        "number-invalid-dropped",
        W,
        DROP,
        "{rule}: {field} {value!r} is not a number, so the condition cannot judge it; row left out",
    ),
    # --- a zip member damaged on the way: the night's transfer, not the command (tester47 F7.9) ------
    Code(
        "X899",
        "zip-member-damaged",
        E,
        ABORT,
        "{file}: member {member!r} cannot be read: the zip is damaged ({detail}); nothing published: "
        "copy or export the zip again, it was damaged on the way",
    ),
    # --- tester51 F8: a chain of rows making the mother and the father of one name one person -----
    Code(
        "V613",
        "guardian-twins-not-joined",
        W,
        NOTE,
        "users: {person} ({students}, {at}) shares the {what} {value!r} with the {person} of {other_at} "
        "({other_students}), but joined they would make one person of the two of that name whom {row} names "
        "in two columns; two people by construction, so the {what} does not join them (an email of one's own "
        "is weighed first, then the household in a column, then emails, then phones), in "
        "any order of the rows; check whose {what} it is "
        "in the SIS",
    ),
    Code(
        "V549",
        "guardian-value-of-the-other",
        W,
        NOTE,
        "users: rows naming one guardian, {person} (of students {students}), give two {field} values: "
        "{kept!r} ({kept_at}) is kept, {value!r} ({value_at}) is not, as {row} gives it to the other "
        "{person} of the household, whom it names in another column; correct the SIS record",
    ),
    # --- tester50 F3: an email key written in other letter case (SDS parent sync) ---------------
    Code(
        "D331",
        "join-key-case-folded",
        I,
        REPAIR,
        "{rule}: no {source} row with {columns} {value!r}, but one with {kept!r}, the same in other letter "
        "case: joined to it (the profile's join compares this key without case, ignore_case, as mail systems "
        "compare an address)",
    ),
    # --- tester50 M3: the profile's enrolment ID template gives two enrolments one ID ------------
    Code(
        "I218",
        "enrollment-id-made-twice",
        I,
        REPAIR,
        "{table}: the profile's ID template gives {id!r} to enrolments of other classes or users ({rows}: IDs "
        "holding the template's separator); each is written under an ID of its own: {ids}",
    ),
    # --- tester50 M5: a student with a staff role too (a student aide) ---------------------------
    Code(
        "F438",
        "staff-role-of-student",
        I,
        DROP,
        "users: {id!r} is a student (published from {first_at}); this row's {role!r} role is left out, not the "
        "person: Remind gives a person one role, and a student stays a student (an enrolment in that role "
        "is left out with it, V578)",
    ),
    # --- tester53 F5: X929's "not rolled over yet" where the exports hold both years' sections ------
    Code(
        "X887",
        "classes-of-last-and-next-year",
        E,
        ABORT,
        "{count} classes would be published in {year}'s terms, though every student enrolment in them began "
        "in {began_year} or earlier (first: class {example}, {at}, in the term of {start} to {end}, its "
        "students' enrolments beginning by {began}), beside {new} classes of {year} (first: class "
        "{new_example}, {new_at}): the sections and enrolments exports hold both school years' sections and "
        "name neither's year ({unnamed}), so last year's were joined to next year's term by its code (the "
        "terms export also holds its earlier row, {earlier}); the SIS has rolled over, and waiting changes "
        "nothing; nothing published (no option publishes it: {fix}one school year's sections and schedules)",
    ),
    # --- tester51 F11: rows of one person writing the name otherwise: one row's whole name ---------
    Code(
        "D329",
        "name-forms-differ",
        W,
        NOTE,
        "users: {who} is written {kept!r} ({kept_at}) and {value!r} ({value_at}) on rows of one person: the "
        "whole name of one row is published, {rule}, so that the rows' order never decides; correct the SIS record",
    ),
    # --- tester52 F5 (tester49 F2): a district of semester classes only, its school year "over" in January ---
    Code(
        "X890",
        "school-year-ends-mid-year",
        E,
        ABORT,
        "every term the exports' classes run in ended by {as_of}, the last ({term}) on {end}, and none later is "
        "exported: a school year of {days} days ({start} to {end}) that ends in {month} is not over (no school "
        "year ends before April), the sections or enrolments exports are still filtered to the ended term (a "
        "SIS job's semester filter) or the next term's classes are not exported; Remind would keep the ended "
        "classes and get none of the next; nothing published",
    ),
    # --- tester52 F4: a guardians export whose rows find no row of the export they are joined to ---
    Code(
        "X891",
        "guardian-rows-unjoined",
        E,
        ABORT,
        "{rows} rows of {file} that would have made parents and guardians find no {source} row (D300; the first, "
        "line {line}: {key}), and {published} parents and guardians were published: {file} names its contacts "
        "or students by another ID than the {source} export, is of another school year, or has its ID columns "
        "the other way round; nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- leftover of fix-cal45: a district of semester classes only, the exports still of semester 1 ---
    Code(
        "X896",
        "rest-of-year-terms-missing",
        E,
        ABORT,
        "every term the exports' classes run in{read} ended by {as_of}, the last ({term}, {start} to {end}) "
        "{left} days before its school year's end on {year_end}, and no class of a later term is exported: "
        "not the summer, the rest of the year missing (the sections or enrolments exports still filtered to "
        "the ended term, a SIS job's semester filter); nothing published",
    ),
    # --- leftover of fix-cut50: an export cut at a line's end, which no other export names --------
    Code(
        "X884",
        "export-tail-cut",
        E,
        ABORT,
        "{file} ends tonight at a line that had {lines} more after it when the last set was made "
        "({published_at}), and none of those lines is in it now{gone}: the export was cut short at a line's "
        "end (a copy or SIS job that stopped), and what its last rows held would be left out; nothing "
        "published (--allow-incomplete publishes it anyway)",
    ),
    # --- tester53 F1, F2: a field mapped with no cleaner of its form ---------------------------------
    Code(
        "I222",
        "field-clean-implied",
        W,
        NOTE,
        "{path}: {field} is read with no clean: [{cleaner}], and a cell as the export writes it may not be "
        "in the target's form ({example}): the run cleans it with {cleaner} anyway; add clean: [{cleaner}] "
        "to say so",
    ),
    Code("V614", "email-not-address", E, NOTE, "users: the {field} {value!r} of {id!r} is not an email address"),
    Code(
        "V615",
        "value-against-target-rule",
        W,
        REPAIR,
        "{table}.{field}: {value!r} {rule}; cell left blank",
    ),
    # --- tester53 F3: a status condition read the wrong way round keeps a few of many rows ----------
    Code(
        "X886",
        "rule-conditions-left-out-most",
        I,
        NOTE,
        "{rule} {condition} (profile {place}): its conditions left out {left} of the {rows} rows of "
        "{file} and kept {kept}{values}; {enrolled}",
    ),
    # --- tester52 F2: a sections export cut short, its classes still named by current enrolments ---
    Code(
        "X888",
        "classes-rows-missing",
        E,
        ABORT,
        "{file} has no row for {count} {classes} of the last published set that tonight's current "
        "enrolment rows still name ({examples}); tonight's set would remove them with {enrolments}: a "
        "section deleted takes its roster rows with it, so this is an export that lost rows (cut short, "
        "or filtered); nothing published: export {file} again whole and rerun (--allow-incomplete "
        "publishes it anyway)",
    ),
    Code(
        "X889",
        "classes-rows-missing-allowed",
        W,
        NOTE,
        "{file} has no row for {count} {classes} of the last published set that tonight's current "
        "enrolment rows still name ({examples}); --allow-incomplete: published without them and {enrolments}",
    ),
    Code(
        "F443",
        "term-break",
        I,
        NOTE,
        "nothing to publish yet: every term the exports' classes run in ended by {as_of}, the last ({term}) on "
        "{end}, and no class of a later term is exported: a break between terms, or the sections or enrolments "
        "exports still filtered to the ended term; if none is exported by {due}, the run is refused ({refused}); "
        "{last}; the output is left as it is",
    ),
    # --- tester57 F1, F7: the students' email read from the teachers' column, or the other way -----
    Code(
        "V554",
        "emails-of-other-kind",
        W,
        NOTE,
        "users: {count} of the {total} {kind} with an email ({percent}%) have one a {other} has too, on "
        "{addresses} address(es) ({first_id!r}, line {first_line}, and {id!r} share {value!r}): the profile's "
        "{kind}' email most likely reads the wrong column; published as read, but Remind gives an email to one "
        "user only, so most of them cannot be created",
    ),
    # --- tester57 F9: one 'Last, First' column read whole into both names -------------------------
    Code(
        "V555",
        "names-read-whole",
        W,
        NOTE,
        "users: {count} of the {total} {kind} have {how} ({id!r}: givenName {given!r}, familyName {family!r}): "
        "the profile reads a whole-name column into the names; a 'Last, First' column is read with "
        "clean: [name_given] into givenName and clean: [name_family] into familyName; published as read",
    ),
    # --- tester57 F2: the first and the last name mapped the other way round ----------------------
    Code(
        "X870",
        "names-read-swapped",
        W,
        NOTE,
        "{rule}: {found}: every user of the rule would be shown with their names the other "
        "way round; published as read",
    ),
    # --- tester55 F5: a student's and a staff member's ID meet: two numbering series of the SIS ---
    Code(
        "V556",
        "user-id-series-overlap",
        E,
        ABORT,
        "users: {id!r} is the ID of two people, {people}: the SIS numbers students and staff in two series "
        "and the profile takes both as they are, "
        "so the two meet in one ID, which Remind would take for one person; nothing published: give the "
        "staff IDs a prefix of their own in a district profile (extends: {profile}), {fix}; on a set "
        "already published the staff then get new IDs once (Remind deletes and re-creates them), which the "
        "safety gate refuses that night until --allow-rollover",
    ),
    # --- tester55 F6: an enrolment ID the I218 repair made, kept while the last set has it ---------
    Code(
        "I225",
        "enrollment-id-kept-from-last-set",
        I,
        REPAIR,
        "{table}: the profile's ID template gives {id!r} to the enrolment of class {class_id!r} and user "
        "{user!r}, which the last published set has as {kept!r} (given when the template gave {id!r} to "
        "two enrolments, I218): written as {kept!r}, so Remind keeps the enrolment",
    ),
    # --- tester57 F5: a status condition written the "leave out" way keeps the leavers ----------
    Code(
        "P118",
        "condition-keeps-leavers",
        W,
        NOTE,
        "{rule} {condition} lets through {leavers} of {file}, {named}, and "
        "{unenrolled} of the {students} {whose} are in no class: is the condition written the "
        "wrong way round? {fix}",
        defaults=(("named", "values that name students who left"), ("whose", "students published")),
    ),
    # --- tester57 F14: a district's exclusion pattern matching inside the words of class titles ---
    Code(
        "I223",
        "class-pattern-inside-words",
        W,
        NOTE,
        "{place}: the exclusion pattern {name!r} ({pattern}) left out {count} classes whose {field} it "
        "matches inside a word: {titles}; is each one meant? {fix}",
    ),
    # --- tester56 F4: one parent's contact ID written two ways by siblings' rows ---------------
    Code(
        "V552",
        "guardian-id-written-otherwise",
        W,
        NOTE,
        "users: guardian {twin!r} ({value!r}, students {students}) has the contact ID of another guardian "
        "of the same name published written with other {how}: the exports write the contact ID two ways, "
        "and Remind creates one user of the two only; published as read, a person must look (fix the "
        "contact ID in the SIS: look for the name)",
    ),
    # --- mapping47's leftover: names swapped or read whole, said by check-profile from the profile alone ---
    Code(
        "P119",
        "names-mapped-wrong",
        W,
        NOTE,
        "{path}: {found}: every user of {rule} would be published {effect}; {fix}",
    ),
    # --- mapping47's leftover: emergency contacts and doctors published as parents (no link_where) ---
    Code(
        "V559",
        "guardian-links-not-guardians",
        W,
        NOTE,
        "{rule}: {count} of the {total} links to students it kept are of contacts whose {column} says "
        "{words}: emergency contacts, doctors and pickup-only contacts are no parents or guardians, and "
        "Remind would let them message the classes and read the class news; {how}; published as read, a "
        "person must look",
    ),
    # --- stop 47's F15 blind spot: a custody flag read backwards where every family has an emergency contact ---
    Code(
        "V562",
        "guardian-links-reversed",
        W,
        NOTE,
        "{rule}: its link_where ({conditions}) kept {kept} links to students, of which {kept_parents} name a "
        "parent or guardian in {file}'s {column} ({kept_words}), and left out {left}, of which {left_parents} "
        "do ({left_words}): is the condition read the wrong way round? Every student is still linked, to the "
        "wrong people; published as read, a person must look",
    ),
    # --- uncovered48: guardian links read the other way round that found a student and a contact ---
    Code(
        "X864",
        "guardians-of-other-families",
        E,
        ABORT,
        "{links} links of parents and guardians to their students were judged, and {share} of them share a name "
        "with their student, as few as links picked at random ({chance}; the first: {guardian} ({guardian_id}) "
        "linked to student {student}, family name {family}): {file} gives its student and contact IDs the "
        "other way round, or IDs of another kind that other people of the set have too, and each student would "
        "get another family's parents; nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- newcomer48 1: an export of the current term only, with no term filter ------------------
    Code(
        "I226",
        "classes-all-in-current-term",
        I,
        NOTE,
        "{path}: classes are made with no filters.current_term, and every class published is in a term "
        "running on {as_of} (covering it or, out of term, the first to start within the filter's window) by "
        "source {source!r}'s dates ({columns}: {terms}): published; a night whose export holds another term's "
        "classes is I274, held back where they are new (X801)",
    ),
    # --- newcomer48 3: a single-school draft whose school settings are not written yet ----------
    Code(
        "P120",
        "required-setting-unset",
        E,
        ABORT,
        "settings.{setting} is not set, and {fields} read it, a field every record needs: each record "
        "would lack it, and the run would publish nothing; write it under settings: `{setting}: ...`{what}",
        2,
    ),
    # --- tester59 F3: a teacher with a student role published as a student, her classes ownerless ---
    Code(
        "X867",
        "owner-published-as-student",
        E,
        ABORT,
        "users: {id!r} holds a {role!r} role ({at}) and a student role, and is published as a student (F438), "
        "so their {role} enrolments are left out (V578) and {count} class{es} would be published with no "
        "teacher or administrator ({classes}): nobody could message their families; nothing published "
        "(--allow-incomplete publishes it anyway)",
    ),
    # --- tester59 M1: a manifest naming another version than its files ---------------------------
    Code(
        "I230",
        "manifest-format-disagrees",
        W,
        NOTE,
        "{manifest} says a {said} set, but the files are a {format} set ({files}): the files are read, as "
        "profile {profile!r} reads {format}; have the export write its manifest for the version it writes",
    ),
    # --- contacts47's leftover: a parent keeping another child loses one link to a mistyped row --
    Code(
        "V557",
        "guardian-link-lost",
        W,
        NOTE,
        "users: parent/guardian {guardian!r} ({person}) of the last published set is no longer linked to student "
        "{student!r} tonight, though both are published: {row} {what}; Remind takes the child from the parent "
        "until the row is fixed in the SIS ({fix})",
    ),
    # --- tester59 F5: a term without dates whose school year is not the as-of date's ------------
    Code(
        "I229",
        "class-term-other-year",
        W,
        DROP,
        "class left out: its term {term!r} has no dates in the exports, and its school year ({year}) is not "
        "the as-of date's ({current}); if it is this year's, give the term its dates and school year in the "
        "terms export",
    ),
    # --- tester59 F1: one term ID on two rows of the terms export with other dates ------------
    Code(
        "X866",
        "term-id-doubled",
        E,
        ABORT,
        "{file}: the term ID {term!r} is on lines {first} and {other} with other data (D327), so the {count} classes "
        "naming it would be left out (D300; such as class {example!r}, {classes} line {at}): which row is "
        "theirs cannot be told (a term ID reused for another year, or two calendars); nothing published: "
        "{fix} (--allow-incomplete publishes the set without these classes)",
        defaults=(("fix", "give each term its own ID in the export, or export only this year's terms"),),
    ),
    # --- tester59 F4: a student's link naming a guardian written otherwise ---------------------
    Code(
        "V564",
        "agent-written-otherwise",
        E,
        REPAIR,
        "users.agentSourcedIds: student {id!r} names {value!r}, which is no parent or guardian of this set, "
        "but {twin!r} is one, written with other {how}: the exports write the guardian's ID two ways; the link "
        "is not made",
    ),
    # --- tester59 F4: a first set leaving out most parents for lack of links -----------------
    Code(
        "F446",
        "guardians-links-missing",
        E,
        ABORT,
        "{file}: {unlinked} parents and guardians would be left out, linked to no student of the set, for lack "
        "of links ({causes}; such as {example!r}), more than the {published} published: the export's links "
        "between students and guardians are missing or written otherwise; nothing published (--allow-incomplete "
        "publishes it anyway)",
    ),
    # --- cut47's leftover: an enrolments export cut at a line's end, new rows written after the cut ---
    Code(
        "X860",
        "export-cut-rows-after",
        E,
        ABORT,
        "{file}: {count} lines that came after its line {line} when the last set was made ({published_at}) "
        "are gone tonight{gone}, while the students and sections they name are still in tonight's exports "
        "and no line after it enrols those students anew; {after} other lines follow that line now, so the "
        "export does not look short: it was cut at a line's end and rows were written after the cut (a copy "
        "or SIS job that stopped and went on), and the enrolments of the lines gone would be removed; "
        "nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- cut47's leftover: X882's check of a row lost for a person kept, with last night's keys unknown ---
    Code(
        "X861",
        "users-rows-missing-unconfirmed",
        W,
        NOTE,
        "{file} has no row for {count} {whom} that tonight's other exports still name in rows that would "
        "keep them ({examples}){last}; which keys no row had when the last set was made is not known "
        "({unknown}), so a key missed then too (an orphan row of every night, nothing lost) cannot be told "
        "from a row lost tonight: published, but look whether {file} lost their row (if it did, export it "
        "again whole and rerun)",
    ),
    # --- cut48: an enrolments export that lost lines inside it, its end and line count ordinary --------
    Code(
        "X862",
        "export-lines-lost-inside",
        E,
        ABORT,
        "{file}: {count} of the lines that came between its lines {first} and {last} of tonight when the last "
        "set was made ({between} lines then) are gone{gone}, while the students and sections they name are "
        "still in tonight's exports and no line there (or after the export's old end) enrols those students "
        "anew: lines lost inside the export (a copy or SIS job that skipped a part, one school's part cut "
        "short before the next school's), and the enrolments they held would be removed; nothing published "
        "(--allow-incomplete publishes it anyway)",
    ),
    # --- tester60 F2: an enrolments condition that leaves rows out, switched off by a column gone --
    Code(
        "X872",
        "rows-keep-out-condition-off",
        E,
        ABORT,
        "{readers} {read} no column {column!r} in {file}, which the export of the last published set (as of "
        "{last_as_of}) had, so {it} left no row out by it tonight, and {count} {records} of {table}.csv the "
        "last published set did not hold would be published ({examples}): whatever {it} {exist} to leave out (a "
        "dropped schedule row, an ended enrolment) may be among them; nothing published (--allow-incomplete "
        "publishes it anyway)",
    ),
    # --- cut48b: a teacher who left, her sections not yet given another, an active-only staff export --
    Code(
        "X874",
        "staff-left-classes-unassigned",
        W,
        NOTE,
        "{file} has no row for {examples}, of the last published set, whom tonight's classes still name as "
        "their teacher: a teacher who left, whose sections the SIS has not yet given another teacher (an "
        "export of active staff only). Published without this teacher, {classes} of the last set left "
        "without them, but look: give those sections another teacher in the SIS; if this teacher has not "
        "left, {file} lost their row (export it again whole and rerun)",
    ),
    Code(
        "I291",
        "quote-swallowed-cells",
        W,
        REPAIR,
        "a quote opened in column {opened!r} closes in column {closed!r}, swallowing {swallowed} delimiters into one "
        "cell, every later column shifted; the row is read as its cells were typed (the stray quotes dropped)",
    ),
    Code(
        "I292",
        "quote-swallowed-cells-unsure",
        E,
        DROP,
        "a quoted value in column {opened!r} holds {swallowed} commas and the row is as many cells short: either a "
        "stray quote pair swallowed the cells up to {closed!r} (every later column shifted) or the export left the "
        "row's last cells out; the row cannot be read for sure and is left out",
    ),
    # --- names49: a name cell holding a family name and no given name ---------------------------
    Code(
        "V571",
        "name-family-only",
        W,
        NOTE,
        "{field}: {value!r} holds no given name (a family name only, or one name), and Remind requires one: "
        "the person is left out (D304 or D379 on the same line), not published with a word of the family name "
        "as their first name; "
        "write the first name in the SIS ('First {value}', or '{value}, First')",
    ),
    # --- newcomer49 1: several schools no file lists, named by their numbers -----------------
    Code(
        "P121",
        "school-names-are-numbers",
        W,
        NOTE,
        "tables.{rule}: each school's name is {codes}: families would see it in Remind where the name belongs; {fix}",
    ),
    # --- newcomer49 2: a drafted role map of codes, left unwritten ----------------------------
    Code(
        "P122",
        "map-drops-every-value",
        E,
        ABORT,
        "maps.{map} lists no value and leaves out each value it does not list (unmapped: drop): every row "
        "{rules} read through it would be left out; write the values it maps under its values: (the "
        "export's codes, as MO: parent, FA: parent)",
        2,
    ),
    # --- terms49: an undated term a year behind the year the export's own dated terms write -----
    Code(
        "I287",
        "class-term-last-year-by-export",
        W,
        DROP,
        "class left out: its term {term!r} has no dates in the exports, and its school year ({year}, "
        "{file} [{column}]) is not the one this export writes for the as-of date: its dated terms of "
        "{as_of} ({example}) write {current}; if it is this year's, give the term its dates in the terms export",
    ),
    # --- terms49: a break between terms of a current-term-only export with year-long classes ---
    Code(
        "I288",
        "later-term-break",
        I,
        NOTE,
        "nothing to publish yet: {none}, while the school year runs to {year_end}: a break between terms, "
        "the SIS job exporting the current term only switching on the new term's first day, or the sections "
        "or enrolments exports still filtered to the ended term; if no class of a later term is exported by "
        "{due}, the run is refused (X895, or X977 where the terms export names the next term); {last}; the output is "
        "left as it is",
    ),
    # --- reviewer61 R5, tester59 M3: V564 on a link the guardian's own row makes ----------------
    Code(
        "V568",
        "agent-written-otherwise-linked",
        W,
        NOTE,
        "users.agentSourcedIds: student {id!r} names {value!r}, but the guardian's ID is {twin!r}, written "
        "with other {how}; {twin!r}'s own row links the student, so the link is made (the set is right): the "
        "exports write the guardian's ID two ways",
    ),
    # --- reviewer61 R4: a term ID doubled whose other row is a deletion notice, or the same term ---
    Code(
        "D351",
        "term-id-doubled-settled",
        W,
        NOTE,
        "{source}: key {key} is on lines {line} and {others} with other data, and they name one term: {why}; "
        "the classes naming it take line {line}'s row (have the export give one row per term ID)",
    ),
    # --- tester59 F3: a teacher whose student role the export calls secondary --------------------
    Code(
        "V569",
        "staff-by-primary-role",
        W,
        DROP,
        "users: {id!r} holds a student role ({at}) that the export does not call primary ({condition}), and a "
        "{role!r} role it does ({primary_at}): published as a {role}, the student role left out (an enrolment "
        "as a student with it, V578)",
    ),
    # --- tester59 F6: a guardian ID the profile's prefix makes that a staff or student ID is ---------
    Code(
        "X879",
        "guardian-id-made-taken",
        E,
        ABORT,
        "users: {name} ({role} of {students}) would have the ID {id!r}, which the profile makes ({rule}: the "
        "prefix {prefix!r} before {column} {contact!r}), and a {kept_role} has it ({first_at}){more}: no record of "
        "the SIS has it twice, the prefix made them one, and one ID is one person in Remind, so the {role} would "
        "be left out and the link to {students} lost (V597); nothing published: give the guardians a prefix no "
        "staff or student ID begins with in the district profile (tables.{rule}.guardian.prefix) and publish "
        "once with --allow-rollover (every parent's ID changes); --allow-incomplete publishes the set without "
        "them",
    ),
    # --- reviewer61: a multi-entity Skyward export without X-DEFAULT-ENTITY --------------------
    Code(
        "X881",
        "rows-per-person-unread",
        E,
        ABORT,
        "{file}: {count} people are each on two of its rows under one ID and one name, with other data "
        "({people}), left out as two people sharing an ID (V537); {rule}'s condition {condition!r}, which "
        "reads one row per person, reads column {column!r}, which {file} lacks (I244): nothing published: "
        "add {column} to the export (its template or query) and rerun (--allow-incomplete publishes the set "
        "without them)",
    ),
    # --- reach49 (tester63 F2): a parent's phone or email the export gave, unread -------------------
    Code(
        "V573",
        "guardian-contact-unread",
        W,
        DROP,
        "users: {role} {id!r} has no email, phone or sms Remind can use: the export's {unread} could not be "
        "read; Remind cannot create them; row left out",
    ),
    Code(
        "D353",
        "contact-first-of-several",
        W,
        REPAIR,
        "{field}: {value!r} holds {count} {what}; Remind takes one: the first, {kept!r}, is written, not {rest}",
    ),
    # --- tester62 F4: a parent's given name corrected (a derived ID), the rest of her record kept --
    Code(
        "D387",
        "guardian-given-name-corrected-kept",
        I,
        NOTE,
        "users: parent {id!r} of the last published set, {people} ({students}): a given name the identity "
        "map does not know, with the family name, the students and the {shared} that parent was published "
        "with: a corrected given name, kept as that parent's ID, so Remind renames the parent",
    ),
    # --- tester62 F6: a required column the last published set's export had, gone tonight -------
    Code(
        "I295",
        "column-lost-from-export",
        E,
        ABORT,
        "{file}: required column {column!r} missing from the header (found: {found}), which the {source} export "
        "of the last published set (as of {had}) had: the export lost it since, not the profile{keeps}; nothing "
        "published",
    ),
    # --- where49 (tester63 F9): orgs of another type than school, said as that ----------------------
    Code(
        "D354",
        "reference-not-school",
        W,
        DROP,
        "{table}.{field}: {value!r} is an org of type {type!r} in the export, not a school: the set rosters only "
        "orgs of type school (the profile's org_types map); row left out",
    ),
    Code(
        "D357",
        "org-type-not-school",
        I,
        DROP,
        "{rule}: not a school ({condition}; found {value!r}): the set rosters only orgs of type school (the "
        "profile's org_types map)",
        profile_reason=True,
    ),
    Code(
        "X802",
        "previous-set-changed",
        W,
        NOTE,
        "OUT's {files} {verb} not what was published {published_at} (emptied or edited in place since: "
        "a job that picks the files up?): tonight's set is compared with {compared}, not with OUT's files",
    ),
    Code(
        "X803",
        "as-of-before-last-refused",
        E,
        ABORT,
        "the as-of date {as_of} is {days} days before the as-of date of {whose} ({last}{since}): the machine's "
        "clock or the job's date went back, or the job's time zone changed (the date the clock gives is the "
        "local one: TZ, the machine's zone), and tonight's set would put back what was dropped since; "
        "nothing published (set the clock, the job's TZ or its --as-of right and rerun; a deliberate re-run of "
        "an earlier night, or tonight over a set made for a later day by mistake: --as-of DAY "
        "--allow-earlier-as-of)",
    ),
    Code(
        "X804",
        "exports-after-clock",
        W,
        NOTE,
        "the newest export, {file}, was last written {written}, {days} days after this machine's clock "
        "({now}): the machine's date is behind (or the SIS server's ahead), and tonight's set is read as "
        "of {as_of}: set the clock right (NTP), or pass --as-of with the true date, and rerun",
    ),
    # --- south50: a district's own school year (the southern hemisphere's calendar year) ---------
    Code(
        "P123",
        "school-year-start-unread",
        E,
        ABORT,
        "{path}: {value!r} is no month: write the month the district's school year starts in, on or "
        "before its first day, as its name or number (January for a school year from late January or "
        "February to December), or leave it out for July to June",
        2,
    ),
    Code(
        "X807",
        "school-year-start-contradicted",
        E,
        ABORT,
        "settings.school_year_starts says the district's school year starts on 1 {month}, but the term "
        "{term!r} at school {school} runs from {start} to {end}, across that day ({before} days before it, "
        "{after} after): a school year's term does not, and every school year the run judges (a new year "
        "or a term change, the summer) would be judged by the wrong calendar; nothing published (write "
        "the month the school year starts in, or leave the setting out for July to June)",
        2,
    ),
    # --- break50: a break night whose people changed, published with the ended term's classes kept ---
    Code(
        "I245",
        "break-classes-kept",
        I,
        NOTE,
        "a break between terms at {schools}: tonight's people published with the {classes} classes of term "
        "{term!r} (ended {last}) that the last published set held kept as tonight's export writes them, "
        "with the students they had when it ended (the export holds the current term only until the new "
        "term's first day); they stay until the new term's classes are exported; if none is by {due}, the run "
        "is refused (X895, or X977 where the terms export names the next term)",
    ),
    # --- reviewer63 R5: a first set whose parents' only phones are placeholders or unreadable ------
    Code(
        "X808",
        "guardians-contacts-unreachable",
        W,
        NOTE,
        "{lost} of the {total} parents and guardians the exports give a phone or email for ({percent}%) are "
        "not published, "
        "{how}: Remind cannot reach them; read from {columns}; the first: {examples}; {fix}",
    ),
    Code(
        "I247",
        "quote-swallowed-commas-read",
        W,
        REPAIR,
        "a quote opened in column {opened!r} closes in column {closed!r}, swallowing {swallowed} commas into one "
        "cell, every later column shifted: read so, as one value, the row does not fit the file's other rows "
        "({against}); read as typed, each cell fits its column: the row is read as its cells were typed, {value} "
        "(the stray quotes dropped)",
    ),
    # --- tester67 F3: two each groups reading each other's contact columns (swapped as a pair) -------
    Code(
        "X812",
        "each-group-points-swapped",
        E,
        ABORT,
        "{rule}: on {rows} rows the {group}'s email ({value!r} for {person}) holds the given name of the "
        "{other} of the row and not the {group}'s own, on {own} the {group}'s own: {path} reads {columns}, "
        "whose emails are the {other}'s, and the {other} reads {their_columns}; every {group} would be "
        "published with the {other}'s email; nothing published (read the {group}'s own email column there: "
        "swap the two groups' email columns, and their phone columns too where a family's phones in the SIS "
        "show them swapped: the emails alone were judged)",
        2,
    ),
    Code(
        "P124",
        "each-group-point-named-other",
        W,
        NOTE,
        "{path}: each group {group!r} reads {columns} for its contact points, named for group {other!r} "
        "(whose names are read from {other_names}){swap}: every {group} would be published with the "
        "{other}'s email or phone (a run whose emails hold the {other}'s given names refuses, X812); read "
        "the {group}'s own columns there",
    ),
    # --- tester67 F4: a contacts export's column saying emergency contacts, read by no condition -----
    Code(
        "V619",
        "guardian-kind-unread",
        W,
        NOTE,
        "{rule}: {file}'s column {column} says {words} of the contacts it lists, and no condition of the "
        "rule reads it: those are no parents or guardians, and each whose {relation} the role map takes is "
        "published as one, able to message the classes; published as read, a person must look (add under the "
        "rule's guardian: link_where: {condition})",
    ),
    # --- tester66 F3: undated terms publish two terms' classes of one course side by side -------
    Code(
        "X814",
        "undated-terms-side-by-side",
        E,
        ABORT,
        "{count} {classes} ({first}) of {courses} course(s) would be published beside a class of the same course "
        "under another term, every student of each in both ({examples}): the exports give these terms no "
        "dates (F420), so the set cannot tell which term is tonight's and would hold both all term; nothing "
        "published (export the terms file with each term's dates, or fill the roster's Exit Date of the ended "
        "term's rows; --allow-incomplete publishes it anyway)",
    ),
    # --- tester67 F1: one export writes many IDs of a join with other leading zeros -----------------
    Code(
        "X810",
        "ids-written-two-ways",
        E,
        ABORT,
        "{file}: {count} IDs its {table} records name are no record of {target} but for {how} (such as "
        "{value!r}, which is {twin!r}; {examples}): {rows} of the {would} {table} records the set would hold "
        "({percent}%) left out (V608); so many are no stray row: the exports write these IDs two ways; "
        "nothing published: {step} (--allow-incomplete publishes it anyway)",
    ),
    # --- tester67 F2: sections naming some teachers by another ID column of the staff export -------
    Code(
        "X811",
        "ids-of-another-column",
        E,
        ABORT,
        "the rows of {referring} name {count} people by their {column} of {file}, which no row gives as its ID (the "
        "profile keys them on {keyed}): {examples}; the exports write these people's IDs in two series, "
        "and their records (a class's teacher) would be left out; nothing published: make {referring} "
        "name them by {keyed} as the other rows do, or read the ID the rows write (--allow-incomplete "
        "publishes it anyway)",
    ),
    # --- tester67 F2: a section naming a teacher no staff row has, said as a dropped user's follow-on --
    Code(
        "V617",
        "staff-reference-in-no-row",
        W,
        NOTE,
        "{file} names {count} staff {ids} that no row of {staff} has in any column ({examples}): a broken "
        "reference, not a staff member the run left out; those enrolments are left out (V504), and a class "
        "with no other teacher has no owner (V586)",
    ),
    # --- tester67 F2b: classes losing their only teacher on a later night, the teacher still published --
    Code(
        "V618",
        "class-owner-lost",
        W,
        NOTE,
        "{count} {classes} of the last published set lost every teacher and administrator tonight while one of "
        "them stays in the set ({examples}): the sections export names the teacher otherwise, or took her off "
        "with nobody given; Remind keeps the class with no owner, and nobody can message its families",
    ),
    # --- reviewer65 F8: a first set's classes losing their teacher to staff IDs no staff row holds --
    Code(
        "X809",
        "staff-ids-in-no-row",
        E,
        ABORT,
        "{file} names the teacher of {classes} of the {published} classes with students ({percent}%), in its "
        "{column} column, by {count} staff IDs that no row of {staff} has {held} ({examples}): so many "
        "are no stray substitute but another ID series than {staff}'s {keyed} (an Employee Number), or staff "
        "{staff} lacks; "
        "those classes would be published with no teacher or administrator, and nobody could message their "
        "families; nothing published: if {column} names these teachers by another ID, export {staff} with the "
        "column holding it (X811 then names it) or make {file} name every teacher by {keyed}; if they are staff "
        "{staff} lacks, export them too (--allow-incomplete publishes it anyway)",
    ),
    # --- facts51: a break night whose export keeps the ended term's sections without their enrolments ---
    Code(
        "I246",
        "break-classes-ended",
        I,
        NOTE,
        "a break between terms at {schools}: tonight's people published without the classes of term {term!r} "
        "(ended {last}): tonight's export still has their sections but enrols no student in them (the SIS "
        "ended their enrolments with the term, and exports the current term's sections until the new term's "
        "first day); {already}; if no class of a later term is exported by {due}, the run is refused (X895, "
        "or X977 where the terms export names the next term)",
    ),
    # --- spans51 (tester69 F1, F1b): an export with one row per enrolment span or per year --------
    Code(
        "X816",
        "rows-per-span",
        E,
        ABORT,
        "{file}: {count} IDs are each on two rows that are one person ({who}) differing in {columns} "
        "({people}): {layout}; {what}; nothing published: {fix}, and rerun (--allow-incomplete publishes the "
        "set as it is)",
    ),
    Code(
        "I252",
        "kept-from-earlier-row",
        W,
        NOTE,
        "{rule}: student {id!r} is published from this row, though her row at line {ended_line} was left out "
        "as ended and is of a later grade ({grades}); the rows differ in {columns}: one person's rows of two "
        "school years, this one the earlier: she may have been withdrawn this year, and is published with last "
        "year's grade",
    ),
    # --- contactgate51: most parents' emails or phones changed in one night (pipeline.points_gate) ---
    Code(
        "X813",
        "contact-points-changed",
        E,
        ABORT,
        "of the parents and guardians of the last published set who keep their ID and name, users.csv would "
        "give {columns} tonight (first: {people}){since}: families change their points a few at a time, "
        "more than {share}% in one night is the columns read for them changed (a profile or export template "
        "reading another column: the other parent's, the student's own, the school's number, columns "
        "shifted), and Remind would message the wrong people; nothing published, the last set stays (check "
        "the columns named in the export and the profile; {flags})",
    ),
    Code(
        "X815",
        "contact-points-changed-allowed",
        W,
        NOTE,
        "--allow-contact-change: of the parents and guardians of the last published set who keep their ID and "
        "name, users.csv gives {columns} (first: {people}), more than {share}% in one night; published{moved}",
    ),
    # --- tester69 F2: students of the last set published with no parent, their families' rows gone --------
    Code(
        "X805",
        "students-left-without-guardians",
        E,
        ABORT,
        "{count} students {whom} linked to a parent ({percent}% of the {linked} students so linked that tonight's "
        "set keeps) are published tonight with no parent or guardian at all{earlier}: {people}; {lost}, and Remind "
        "would remove their parents and the conversations with them; nothing published: {fix}",
    ),
    # --- tester69 F5, F6: a student's own school address read as a parent's --------------------
    Code(
        "V574",
        "guardian-email-of-student",
        W,
        REPAIR,
        "users: guardian {id!r} was read with the email {value!r}, the own address of student {first_id!r} "
        "(line {first_line}; {why}): {detail}{share}",
    ),
    # --- tester69 F3: a person's column group of the students export that no each group reads ---------
    Code(
        "P125",
        "contact-group-unread",
        W,
        NOTE,
        "{file}'s columns {columns} name one more person on a student's row, with an email or phone on {rows} "
        "rows ({points}), and no rule reads them, though {rule} makes parents of the row's {groups}: these "
        "people are in no set; published without them, a person must look (a parent or guardian: add this "
        "group under each: of {rule}: {group})",
    ),
    # --- tester68 F4 b: a set checked whose row lacks cells -------------------------------------
    Code(
        "V620",
        "set-row-short",
        E,
        NOTE,
        "row has {found} cells, header has {expected}: a malformed record, which a strict CSV reader refuses",
    ),
    # --- tester70 F3: a single-school profile whose export names other schools in its school column ---
    Code(
        "P127",
        "school-column-unread",
        W,
        NOTE,
        "{file}'s column [{column}] names the school of each row, and holds {values} beside {school!r} on "
        "{rows} rows, while {rules} write every record at {school!r} ({fields}): those rows' people or "
        "classes are published at the one school though the export places them at another; a person must "
        "look (several schools: read the column, as init-profile drafts it; one school rostered from a "
        "district export: a where condition keeping its rows)",
    ),
    # --- tester70 smaller: a phone's extension dropped without a word ('818.480.8627 x6018') ---------
    Code(
        "D390",
        "phone-extension-dropped",
        W,
        REPAIR,
        "{field}: {value!r} has an extension ({extension}), which a text cannot reach; written as {kept!r} "
        "without it (an office or school line, most often: it may take no texts)",
    ),
    # --- review70 / c52: several small schools missing from the set, together most of it ---------
    Code(
        "X818",
        "schools-missing-together",
        E,
        ABORT,
        "{users} students and staff name {count} schools that are not in the schools export{export}, "
        "each with fewer users than a whole school ({schools}): each is left out (V502), with their classes, "
        "enrolments and parents, {why}; nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- review75 R4: enabledUser false for (nearly) every enrolled student: no login, not left ---------
    Code(
        "F449",
        "enabled-means-no-login",
        W,
        NOTE,
        "{rule}: {column} is {values} for {failing} of the {enrolled} {people} a current enrolment names at "
        "{schools} ({share}): there it says no login, not left, so no one at {them} is left out for it "
        "(condition {condition}); one who left with no class stays published until the export marks them "
        "otherwise",
    ),
    # --- tester68 F5, reviewer71 R1/R3/R4: two users of a strict set under one username ---------------
    Code(
        "D389",
        "username-shared-given-other",
        I,
        REPAIR,
        "users: the username {value!r} of {id!r} is also that of {holder!r} ({why}), most often a family's "
        "shared email; a strict consumer keys the account on the username, so {id!r} is given {given!r}",
    ),
    Code(
        "D388",
        "username-login-shared",
        W,
        REPAIR,
        "users: the export gives {id!r} the login {value!r}, also that of {holder!r} ({why}); one login for "
        "two people signs one into the other's account, so {id!r} is given the username {given!r}",
    ),
    # --- tester71 F2: a class ID given to another class at the term change (pipeline.class_reuse) ----
    Code(
        "X822",
        "class-ids-reassigned-over-limit",
        E,
        ABORT,
        "{count} class IDs of the last published set now name another class ({percent}% of the {common} "
        "class IDs in both sets, limit {limit}%): {classes}; another term, another course and other people: "
        "Remind would turn each class, with its conversations, into the other one under its new teacher: "
        "nothing published: a class's ID must stay that class's (--allow-rollover publishes it anyway)",
    ),
    Code(
        "X823",
        "class-ids-reassigned",
        W,
        NOTE,
        "{count} class IDs of the last published set now name another class ({percent}% of the {common} "
        "class IDs in both sets): {classes}; another term, another course and other people: Remind turns "
        "each class, with its conversations, into the other one under its new teacher; published ({why})",
    ),
    Code(
        "V621",
        "username-left-shared",
        W,
        NOTE,
        "users: the username {value!r} of {id!r} is also that of {holder!r} ({why}), and neither an email of "
        "their own nor their sourcedId is free to give instead: published for both, which a strict consumer "
        "keying accounts on the username refuses or merges",
    ),
    Code(
        "F450",
        "previous-file-damaged",
        W,
        NOTE,
        "OUT's {name}, line {line}: {detail}: the file is not as this tool published it (re-saved by a "
        "spreadsheet, or cut short?), so the last published set is not read from OUT tonight: tonight's set "
        "is compared with {compared}",
    ),
    Code(
        "X806",
        "previous-named-damaged",
        E,
        ABORT,
        "{name}, line {line}, of the set --previous names: {detail}: the file is not as this tool published it "
        "(re-saved by a spreadsheet, or cut short?), and compared with it tonight's set would be judged against "
        "other rows; "
        "nothing published (name a copy of the set as it was published, such as one kept with --keep in the "
        "state folder's history, or leave --previous out to compare with OUT)",
    ),
    # --- tester71 F3: a contact's SIS ID blank on every row for one night --------------------------
    Code(
        "I255",
        "guardian-contact-id-empty-kept",
        I,
        NOTE,
        "users: the contact-ID cell of every row of {person} ({students}) is empty and no row tonight gives "
        "the ID, but the last published set has {id!r} of that name, exactly those students and the "
        "{shared}: kept as that contact's ID, not a new user under a derived ID",
    ),
    # --- tester71 F1: a parent's family name and email changed the same night (a marriage) ------------
    Code(
        "X824",
        "guardian-remarried-kept",
        W,
        NOTE,
        "users: {person} ({students}) has a name the identity map does not know; the last published set had "
        "{before} ({id!r}), the only parent of that given name of these students, of exactly these students, "
        "with the {shared} no other guardian of theirs has, and {tonight}: "
        "kept as that parent's ID (a marriage), so Remind renames {before} {person}; published, but a person "
        "must check it is the same person",
    ),
    # --- review77 F1: contacts naming their students by the DCID, which falls on other students' numbers --
    Code(
        "X817",
        "guardian-links-other-id",
        E,
        ABORT,
        "{file}: {by_other} student links of its {link} column name no student by the {linked} of {students} "
        "but are the {other} of a student there, {by_linked} are only the {linked} of one, {both} both (the "
        "{linked} of one student and the {other} of another){names}; line {line}: {value!r} is {whose}: "
        "{reading}; nothing published: {fix}",
    ),
    # --- tester74 F5: names the last set held right, garbled tonight by an encoding change (pipeline.garbled_names)
    Code(
        "V616",
        "names-garbled-kept",
        W,
        NOTE,
        "{count} users the last published set named right have their names garbled tonight by a change of "
        "encoding (D381; such as {first}, as they stay): published with the last set's names; the export went "
        "through a program that changed its encoding: export it again, and copy it without opening it",
    ),
    # --- tester74 F1: a cut export published by --allow-incomplete, said (exit 1) --------------------
    Code(
        "F451",
        "export-cut-allowed",
        W,
        NOTE,
        "{cut}; --allow-incomplete lets the cut through ({refused}): look whether {file} lost those lines, and "
        "if it did, export it again whole and rerun (a job that keeps --allow-incomplete lets every later cut "
        "through so, each said)",
    ),
    # --- tester74 F12: X930's "move it aside" left the night without the checks last.json feeds ----------
    Code(
        "F452",
        "export-checks-unrecorded",
        W,
        NOTE,
        "{state} {why}, while {out} holds a published set: tonight's exports could not be compared with those "
        "the last set was made from, so an export cut at a line's end (X884, X860, X862), shrunk under half "
        "(X907), an optional export gone (X991), a column lost (I295), or a column that leaves people out (an "
        "end date, a status) blanked or gone, its withdrawn back (X877, X936), could not be told tonight; "
        "published, compared by ID with the set {out} holds: look whether each export is whole (its line count "
        "against the night before's) and each such column still holds its values, and if one is short or "
        "blanked, export it again whole and rerun",
    ),
    # --- tester74 F19: an --exclude-class pattern that matches no class (a typo) -------------------
    Code(
        "I248",
        "class-pattern-matches-nothing",
        W,
        NOTE,
        "--exclude-class {pattern!r} matches no class of tonight's exports, of any term (searched in {fields} "
        "of {classes} classes), so it leaves nothing out; published: check its spelling (a regular expression, "
        "matched anywhere in the field, case-insensitively)",
    ),
    # --- reviewer93 R1: --allow-incomplete left in the nightly job let a refusal through at exit 0 -------
    Code(
        "F453",
        "incomplete-let-through",
        W,
        NOTE,
        "--allow-incomplete let through {count} refusal{s} tonight ({refusals}), {done}; {step} (a job that keeps "
        "--allow-incomplete {keeps} every such night so, each said, exit 1)",
        # dated60: a pause --allow-incomplete took as right says its own words (nothing is published either way);
        # state61: the words a published night says are the template's, the pause's its own three
        defaults=(
            ("done", "published: without the flag nothing would have been published"),
            ("step", "look at each, and if the exports are wrong, correct them and rerun without it"),
            ("keeps", "publishes"),
        ),
    ),
    # --- reviewer93 R2, tester74 F4: --allow-rollover left in, removals no term change explains ----------
    Code(
        "F454",
        "rollover-unexplained",
        W,
        NOTE,
        "--allow-rollover let through {refusals} tonight{calendar}: look at each, and if the exports are wrong, "
        "export them again whole and rerun without the flag (a job that keeps --allow-rollover publishes every "
        "such night so, each said)",
    ),
    # --- reviewer of cal55 (cal56 1): a term row longer than any school year, left out of a pick ------
    Code(
        "I249",
        "term-row-over-a-year",
        W,
        NOTE,
        "{source}: the row of key {key} runs {dates}, {days} days, longer than any school year: {what}",
    ),
    # --- audit56: --max-removal left in the nightly job, removals no withdrawal explains ----------------
    Code(
        "X821",
        "max-removal-let-through",
        W,
        NOTE,
        "{option} let through removals the limit without it refuses, and they are not people tonight's "
        "exports list as withdrawn or inactive: {removed}; published: look at {removals}, and if an export "
        "lost rows, export it again whole and rerun without the option (a job that keeps {option} publishes "
        "every such night so, each said)",
    ),
    # --- audit56b: --allow-earlier-as-of left in the nightly job, the machine's clock gone back ---------
    Code(
        "X827",
        "as-of-clock-before-last",
        E,
        ABORT,
        "the machine's clock says today is {as_of}, {days} days before the as-of date of {whose} "
        "({last}{since}): the clock went back, or the job's time zone changed (today is the local date: TZ, "
        "the machine's zone), and tonight's set would put back what was dropped since; "
        "--allow-earlier-as-of publishes only an earlier day the run names with --as-of; nothing published "
        "(set the clock or the job's TZ right and rerun; to replace a set made for a later day by mistake, "
        "rerun once with --as-of {as_of} --allow-earlier-as-of)",
    ),
    # --- exit56 (tester74 F14): a required export the last published set was made with, gone tonight --
    Code(
        "I253",
        "export-lost",
        E,
        ABORT,
        "required export {source!r} not found in {folder} (looked for {patterns}), but the last published set "
        "(as of {had}) was made with it, by the same profile: the export did not arrive tonight (its job "
        "failed, or the copy to this folder); nothing published: export it again",
    ),
    # --- exit56 (tester74 F18): an exclude_schools entry one slip from a school published --------------
    Code(
        "X825",
        "excluded-school-near-miss",
        W,
        NOTE,
        "settings.exclude_schools entry {entry!r} names no school of the exports {near}; {why}: if you meant "
        "to leave out {school}, correct the entry and rerun ({again}); {otherwise}",
    ),
    Code(
        "X826",
        "excluded-school-absent",
        I,
        NOTE,
        "settings.exclude_schools entry {entry!r} names no school of the exports{near}; nothing to leave out "
        "(a school closed, or not open yet?)",
    ),
    # --- exit56b (reviewer105 R4): a term's date typed across the school year's start, the profile as before
    Code(
        "X832",
        "school-year-crossed-by-term",
        E,
        ABORT,
        "the term {term!r} at school {school}{row} runs from {start} to {end}, across 1 {month} ({before} days "
        "before it, {after} after), the first day of the school year settings.school_year_starts says, with "
        "which this profile made the last published set: a date of the term typed wrong in the SIS (its year?); "
        "nothing published: correct the term's dates in the SIS and export again (if the school year really "
        "starts in another month, correct settings.school_year_starts)",
    ),
    # --- exit56b (reviewer105 R5): an export's layout not as declared, the profile that read it as before --
    Code(
        "X833",
        "layout-changed-in-export",
        E,
        ABORT,
        "{file}: the profile declares {key}: {declared}, but {evidence} ({value}); the last published set (as of "
        "{had}) read this export so, with this profile: the export changed tonight; nothing read: export it "
        "again as before (if the change is meant, set {key}: {suggest} for this source in the profile)",
    ),
    # --- tester56 T4: a terms export that ended a running term before the last set was made -------------
    Code(
        "X840",
        "term-moved-back",
        E,
        ABORT,
        "no class is due tonight, but the last published set (as of {last}) held classes of {count} term(s) as "
        "running then, and tonight's export dates them as ended before that day: {terms}; a term running on "
        "{last} cannot have ended before it: the export changed (a term end date mistyped or bulk-edited, "
        "another calendar's dates), not the calendar; not 'nothing to do'; nothing published, the last set "
        "stays (if the earlier end is the truth, --allow-rollover takes the night as the break it says)",
    ),
    # --- tester56 T6: one term ID ended at one school by its own rows, running at another --------------
    Code(
        "X841",
        "school-term-ended-elsewhere-running",
        W,
        NOTE,
        "school {school} ({name}): {classes} of its {total} classes of term {term} (ID {id}) are left out as "
        "ended ({end} on the school's rows, first: class {example}), while school {other}'s rows date the "
        "same term ID to {other_end}: {people}; one "
        "term ID with two ends (a term end date mistyped or bulk-edited on one school's rows, or two calendars "
        "under one ID): published, but look at the term's dates in the export",
    ),
    # --- tester56 T1: grades a spreadsheet turned into dates, written as the map's default (pipeline.columns_gate) ---
    Code(
        "X836",
        "values-defaulted",
        E,
        ABORT,
        "users.csv would write {columns}, where the last published set held a value the map holds (first: "
        "{first}){since}: {over}; {cause}: nothing "
        "published (--allow-rollover publishes it anyway)",
    ),
    Code(
        "X837",
        "values-defaulted-allowed",
        W,
        NOTE,
        "--allow-rollover: users.csv writes {columns}, where the last published set held a value the map holds "
        "(first: {first}); published",
    ),
    # --- tester56 T5: the teachers export's rows shifted, classes handed to other teachers (pipeline.teacher_gate) ---
    Code(
        "X838",
        "class-teachers-moved",
        E,
        ABORT,
        "{count} classes of the last published set would each have another teacher tonight ({share}), each old "
        "teacher still teaching other classes and each new one having taught others: {classes}{since}; teachers "
        "are not swapped between so many classes in one night: the rows linking teachers to classes are "
        "shifted (a teacher ID one row off in the teachers or roster export), and Remind would hand each class's "
        "families to another teacher: nothing published (--allow-rollover publishes it anyway)",
    ),
    Code(
        "X839",
        "class-teachers-moved-allowed",
        W,
        NOTE,
        "--allow-rollover: {count} classes of the last published set each have another teacher tonight "
        "({share}), their teachers moved from other classes: {classes}; published",
    ),
    # --- reviewer103 R1: a running term --term left out went from Remind at exit 0 under the limit ---------
    Code(
        "X819",
        "term-running-left-out",
        E,
        ABORT,
        "{selected} leaves out {terms}, running on {as_of}: {count} {classes} of the exports ({example}) in no "
        "term --term chose would be left out of Remind while {whose} students are in class{ended}; nothing "
        "published (add {add}, or run without --term)",
    ),
    # --- tester57 U1: a school of the last set gone from every export, however small -------------------
    Code(
        "X845",
        "school-gone",
        E,
        ABORT,
        "school {school} ({name}) of {against} would be gone from tonight's set whole{since}: its users "
        "({students} students, {staff} staff, {parents} parents), classes ({classes}) and enrolments "
        "({enrollments}) removed in the same school year: {cause}: nothing published; the list is in {removals} "
        "({way})",
    ),
    Code(
        "X846",
        "school-gone-allowed",
        W,
        NOTE,
        "--allow-rollover: school {school} ({name}) is gone from tonight's set whole: its users ({students} "
        "students, {staff} staff, {parents} parents), classes ({classes}) and enrolments ({enrollments}) "
        "removed (listed in {removals}); published",
    ),
    # --- reviewer111 R1: a --term kept after its term ended kept the ended classes in Remind at exit 0 ---
    Code(
        "X842",
        "term-named-ended",
        W,
        NOTE,
        "--term {term} names a term that ended on {end}: {effect}; take it out of the nightly job{add} (the "
        "command's terms then: {then})",
    ),
    # --- tester60 N1, N5: a course's classes of two terms current at once (pipeline.course_twice) -------
    Code(
        "X868",
        "course-terms-doubled",
        E,
        ABORT,
        "{count} classes tonight's set adds are of a course the last published set held in a class of another "
        "term that runs tonight too, and most of their students are in that class tonight (first: {classes}): "
        "those students would be in both classes of the course at once, two terms of it running together (a "
        "term's dates wrong in the export, or students scheduled in both): nothing published (--allow-rollover "
        "publishes it anyway)",
    ),
    Code(
        "X869",
        "course-terms-doubled-allowed",
        W,
        NOTE,
        "--allow-rollover: {count} classes tonight's set adds are of a course the last published set held in a "
        "class of another term running tonight too, most of their students in both (first: {classes}); "
        "published, both classes of each course in Remind",
    ),
    # --- tester60 N3: a new term's sections exported with no schedule rows, published at exit 0 ---
    Code(
        "X873",
        "term-sections-unscheduled",
        E,
        ABORT,
        "at school {school}, the classes of the term that ended on {after} held {held} students, and the "
        "sections of {term!r}, {start} to {end}, running on {as_of}, are exported, but no row of the "
        "schedule (enrolments) export enrols a student in them (F412: each left out with no student): a "
        "schedule export still filtered to the ended term, or the new term's schedules loaded after the "
        "export ran; nothing published",
    ),
    # --- tester61 Y4: a school closing or opening mid-year, published by --allow-rollover ---------------
    Code(
        "I298",
        "school-move-published",
        I,
        NOTE,
        "--allow-rollover: {table}.csv loses {removed} of {previous} records ({percent}%){moved_said}; published "
        "as a school move, which the flag is for (the nights after are judged as usual)",
    ),
    # --- tester59 C3: term date columns blank, ended classes back undated (pipeline.undated_terms) -------
    Code(
        "X871",
        "term-dates-lost",
        E,
        ABORT,
        "{count} class{s} would be kept with no term dates (F420) where the last published set's terms were dated: "
        "{said}; the export's term dates are blank or gone (a template or query changed), so ended terms' classes "
        "cannot be left out: nothing published (export the term dates again; --allow-incomplete publishes it "
        "anyway)",
    ),
    Code(
        "X863",
        "undated-terms-same-period",
        W,
        NOTE,
        "{count} class{s} kept with no term dates (first: {first}) {have} most students at the same school and "
        "period in an undated class of another term (the terms: {terms}): two terms' classes published at once, "
        "no date to tell which is tonight's; published, but export the term dates or leave the ended term's "
        "sections out",
    ),
    # --- tester60 N2: every student's grade another real grade overnight (pipeline.grades_gate) ---
    Code(
        "X856",
        "grades-changed",
        E,
        ABORT,
        "users.csv would give {columns} (first: {first}){since}: {cause}: nothing published (--allow-rollover "
        "publishes it anyway)",
    ),
    Code(
        "X857",
        "grades-changed-allowed",
        W,
        NOTE,
        "--allow-rollover: users.csv gives {columns} (first: {first}); published",
    ),
    # --- refs57 (tester59 C1): a break night whose enrolments name the new term's sections, not exported ---
    Code(
        "X892",
        "break-enrolments-unheld",
        E,
        ABORT,
        "{words}, {percent}% of its {total} rows (limit {limit}%), while the classes {held} enrol no student: "
        "no break between terms, the enrolments name the new term's classes and {unheld} is an earlier export; "
        "nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- reviewer103 R5 / reviewer111 R4: a leaver enrolled in a class starting after she leaves ---
    Code(
        "X847",
        "enrollment-after-leaving",
        I,
        DROP,
        "enrollments: {id!r} enrols student {user!r} in class {class_id!r}, judged on {days} (rostering "
        "ahead: tonight while the class runs, and the first day of each of its chosen terms to come): {why} "
        "on none of them: left out",
    ),
    # --- exclwords57 (reviewer114 R3): a school the admin added to settings.exclude_schools, published
    Code(
        "X876",
        "excluded-school-removed",
        W,
        NOTE,
        "settings.exclude_schools entry {entry!r}, added to the profile since the last published set, leaves out "
        "school {school}, which that set published: published as the profile says, removing its {students} "
        "students, {staff} staff, {parents} parents or guardians only of its students, {classes} classes and "
        "{enrollments} enrolments from Remind (not counted against the removal limits); if you meant another "
        "school, take the entry out of settings.exclude_schools and rerun: the next run restores them",
    ),
    # --- transfer57 (tester60 N4, reviewer116 R2): one person's two current rows at two schools -----
    Code(
        "I297",
        "user-at-two-schools",
        I,
        REPAIR,
        "users: {id!r} is also on line {first_line} of {file}, alike but for the school ({school!r}) and what "
        "{rule}'s conditions read: one person with two current enrolments (a transfer's overlap, a new school "
        "enrolling her before the old one ends hers), published once at both schools, with her enrolments at both",
    ),
    # --- tester62 H3: a term published ahead, its sections emptied on its first day at exit 0 ---
    Code(
        "X875",
        "term-sections-emptied",
        E,
        ABORT,
        "at school {school}, the last published set (as of {made}) held {classes} classes of {term!r}, {start} "
        "to {end}, with {held} students; on {as_of}, the term begun, {empty} of its sections are exported with no "
        "row of the schedule (enrolments) export enrolling a student in them (F412: each left out with no "
        "student; {kept} of its sections enrol one): a schedule export still filtered to the ended term, or the "
        "term's schedules loaded after the export ran; nothing published",
    ),
    # --- rollover57 (tester62 H2): --allow-rollover given on a night with nothing due, used up unsaid ---
    Code(
        "I299",
        "rollover-unused",
        I,
        NOTE,
        "--allow-rollover was given but nothing was published tonight ({pause}: nothing due), so it accepted "
        "nothing; {when}",
    ),
    # --- zeros58 (tester59 C5): every student number without its leading zeros, published at exit 0 ---
    Code(
        "X854",
        "identifiers-zeros-lost-over-limit",
        E,
        ABORT,
        "{count} of the {previous} users of the last published set whose {whose} have {that} "
        "tonight without its leading zeros ({percent}%, limit {limit}%){also}: {people}{since}; an export went "
        "through a spreadsheet "
        "(Excel opens {example!r} as the number {stripped}); {effect}, and every one would change at once: nothing "
        "published; export the files again and copy them without opening them in a spreadsheet (--allow-rollover "
        "publishes it anyway)",
    ),
    # --- stale58 (tester57 U3, tester59 N06): one nightly export a week older than its siblings ------
    Code(
        "X852",
        "export-behind-siblings",
        E,
        ABORT,
        "{file}, which feeds {table}, was last written {written}, {days} days before {fresh} ({fresh_written}), "
        "over the {lag}, though it is written every night: its SIS export job looks stopped while the others "
        "ran, and its rows are not tonight's (a new student in no class, the schedule's changes reverted); "
        "nothing published. Behind: {behind}. Run the SIS job of each export behind again; if the SIS writes "
        "one less often on purpose, {fix}",
    ),
    # --- roles58 (tester63 S2, tester64 A4): a keep-out column blank on every row, the left-out back --------
    Code(
        "X877",
        "keep-out-column-blanked",
        E,
        ABORT,
        "{column!r} of {file} is blank tonight for {back} {whom} ({examples}): "
        "{readers} {read} it to leave out {what}, and a blank cell passes, so they would be published again; of "
        "the {left} {records} it left out{moved} in the export of the last published set (as of {as_of}), {still} "
        "are in tonight's export: the export lost the column's values (a template, a query or an upgrade changed), "
        "unless the SIS cleared them on purpose: nothing published (run the export again with the column filled; "
        "--allow-incomplete publishes it once where the SIS cleared them, a drop undone after more than a week "
        "or with the column blank on every row, or the district no longer fills it)",
        defaults=(("whom", "of the people it left out last night"), ("moved", "")),
    ),
    # --- dupes58 (tester59 C2): one class ID on two rows of the same class data, each naming its teacher ---
    Code(
        "X850",
        "section-teachers-conflict",
        W,
        DROP,
        "{table}: {id!r} ({user!r} teaching {class_id!r}) left out: the class ID is on rows of the same class data "
        "naming other teachers ({rows}), where the profile says its export lists each class once, its co-teachers "
        "in its own columns (one_row_per_class); the class keeps {kept}, {why}",
    ),
    # --- dupes58 (reviewer121): people left out as two records under one ID that no published set held ---
    Code(
        "X851",
        "conflicting-people-unpublished",
        W,
        NOTE,
        "{people} not in {set}: each ID is on two rows with different data, and the tool cannot tell which is "
        "right, so neither was kept (V537): {named}; {remind}",
    ),
    # --- names58 (tester64 A3): names the last set held as two, read whole tonight (pipeline.whole_names) ---
    Code(
        "X829",
        "names-whole-kept",
        W,
        NOTE,
        "{count} of the {total} {kind} the last published set named with a given and a family name have "
        "tonight one name in both, their two run together ({first}): {column} changed its shape (the name "
        "no longer splits: such as a 'Last, First' without its comma), not the people: published with the last "
        "set's names{others}; export the names as before, or read the new shape in the profile",
    ),
    # --- names58 (tester64 A5): check-profile --exports, a condition's column misnamed beside its look-alike ---
    Code(
        "X830",
        "condition-column-misnamed",
        E,
        ABORT,
        "{file} has no column {column!r} but has {close!r}, which no rule of it reads: did you mean {close!r}? "
        "{effect}; a run refuses its first set (X990: --allow-incomplete publishes that one, and this check, "
        "which keeps no record, still says it). Correct the name in the profile (or the export); if {close!r} is "
        "another column and the export truly lacks {column!r}, {way}",
        2,
    ),
    # --- zeros58b (reviewer123 R1): X854 let through by --allow-rollover at exit 0 on a new school year's night ---
    Code(
        "X855",
        "identifiers-zeros-lost-allowed",
        W,
        NOTE,
        "--allow-rollover: {count} of the {previous} users of the last published set whose {whose} have "
        "{that} tonight without its leading zeros ({percent}%, limit {limit}%){also}{since}; "
        "published (X854 without the flag), the numbers changed and their sourcedIds not: {people}; if the SIS "
        "really writes its numbers so now, nothing more (later nights compare with this set); if not, an export "
        "went through a spreadsheet (Excel opens {example!r} as the number {stripped}): export the files again, "
        "copy them without opening them in a spreadsheet and rerun without --allow-rollover: the numbers come back",
    ),
    # --- illum58 (tester67 Q2): every class's primary owner unmarked overnight, the owners kept, at exit 0 ---
    Code(
        "X831",
        "class-primary-lost",
        E,
        ABORT,
        "{count} of the {common} classes the last published set gave a primary teacher would have none tonight, "
        "the same teachers still enrolled in them ({classes}){since}; owners are not unmarked across a district "
        "in one night: the export's primary column is blank or no longer read, and Remind would leave each "
        "class without its owner: nothing published (--allow-rollover publishes it anyway)",
    ),
    Code(
        "X834",
        "class-primary-lost-allowed",
        W,
        NOTE,
        "--allow-rollover: {count} of the {common} classes the last published set gave a primary teacher have "
        "none tonight, the same teachers still enrolled in them ({classes}); published",
    ),
    # --- blank59 (tester68 H1): a mistaken mass drop undone, its end dates cleared, is no lost column ------
    Code(
        "X848",
        "keep-out-values-cleared",
        W,
        NOTE,
        "{column!r} of {file} is blank tonight for {back} of the people it left out last night ({examples}), "
        "all first left out on {night} ({left} were left out that night), while its other rows keep their values "
        "({readers}): published with them back, as before {night}; check in the SIS that their {column!r} was "
        "cleared there (a mistaken drop undone): if it is still set, the export lost it",
    ),
    # --- tester71 N3: "the school year is over" read from a term end column blank on most rows ---------
    Code(
        "X859",
        "year-over-terms-undated",
        E,
        ABORT,
        "every term the classes' rows date ended by {as_of} (the last, {term}, on {end}), but {undated} of the "
        "{rows} class rows have a term {other} and no term {side} (filters.current_term {side}: {template}, blank "
        "on them): the term {side} may be read from the wrong column, and the classes of those rows may be of a "
        "term still running; not taken for the end of the school year (F422); nothing published "
        "(--allow-incomplete takes it as over)",
    ),
    # --- tester71 N6: parents lost after their conditions, not by them ----------------------------------
    Code(
        "X865",
        "guardians-lost-after-conditions",
        E,
        ABORT,
        "users.csv would hold no parents or guardians although {file} has {rows} rows: the conditions of "
        "{rule} ({conditions}) left out {left} of them, and the other {passed}, which passed them, were lost "
        "because {cause}; nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- consumer59 (tester70 S1): an enrolment written, its class left out afterwards: published at exit 0 ---
    Code(
        "X885",
        "enrollment-class-unwritten",
        E,
        ABORT,
        "{count} enrolment(s) in enrollments.csv name a class classes.csv does not hold ({classes}): a set "
        "Remind and any OneRoster reader reject (every enrolment's class must be in classes.csv); this tool "
        "wrote the enrolment and left its class out, a bug: nothing published (please report it with --explain)",
    ),
    # --- ps59 (tester69 P3): birth dates of a students export re-saved on a day-first PC, at exit 0 ---
    Code(
        "X878",
        "birth-dates-changed",
        E,
        ABORT,
        "{changed} of the {compared} students the last published set and tonight's both give a birth date "
        "would have another one ({percent}%; first: {people}){since}: {cause}: nothing published "
        "(--allow-rollover publishes it anyway)",
    ),
    # --- reviewer136 R2: the set made from class rows dated on one side only ----------------------------
    Code(
        "X843",
        "terms-half-dated",
        W,
        NOTE,
        "{undated} of the {rows} class rows have a term {other} and no term {side} (filters.current_term {side}: "
        "{template}, blank on them): the term {side} may be read from the wrong column, and the classes of those "
        "rows may be of a term still running; the set holds only the classes the rows dated on both sides made "
        "current",
    ),
    # --- ps59b (review137 R1): X878 let through by --allow-rollover at exit 0 on a new school year's night ---
    Code(
        "X849",
        "birth-dates-changed-allowed",
        W,
        NOTE,
        "--allow-rollover: demographics.csv gives {changed} of the {compared} students the last published set and "
        "tonight's both give a birth date another one ({percent}%){since}; published (X878 without the flag), "
        "first: {people}; {cause}",
    ),
    # --- consumer59 (tester70 S5): a first set's demographics export with its header alone ---
    Code(
        "I296",
        "first-set-without-birth-dates",
        W,
        NOTE,
        "{file} holds its header alone on a first set (no last set to compare it with): every student is "
        "published without a birth date: Remind asks for birthDate (data required)",
    ),
    # --- tester71 N7a: an ID template whose fixed text holds a list separator ('{School}|{Section}') ---
    Code(
        "P128",
        "id-template-unsafe-character",
        E,
        ABORT,
        "{path}: {template!r} puts {reason} into {into}, and no ID may hold one: {outcome}; {fix}",
        2,
    ),
    # --- tester70 S3: a userIds item holding a comma inside its braces ('{SIS:12,3}') ---------------
    Code(
        "I219",
        "user-ids-comma-inside",
        W,
        REPAIR,
        "users.userIds: {value!r} holds a comma inside its braces, and OneRoster lists userIds separated by "
        "commas with no way to escape one: no reader could tell it from two items; left out, the user's other "
        "userIds kept",
    ),
    # --- dated60 (review141 R1): "nothing due until the term starts" read from half-dated class rows ---
    Code(
        "X828",
        "term-not-started-half-dated",
        E,
        ABORT,
        "no term the classes' rows date contains {as_of} or starts within {window} days after it (the first, "
        "{term}, on {start}), but {undated} of the {rows} class rows of {file}{also} have a term {other} and no term "
        "{side} (filters.current_term {side}: {template}, blank on them), {running} of them a term {other} by "
        "which their class may run tonight: the term {side} may be read from the wrong column; not taken for "
        "nothing due until {start} (F421: the set would go stale with nobody told); nothing published "
        "(--allow-incomplete takes the pause as right)",
    ),
    # --- dated60 (review144 R2): --allow-rollover publishing removals an exclusion rule explains (F406) ---
    Code(
        "I216",
        "exclusion-removals-published",
        I,
        NOTE,
        "--allow-rollover: {table}.csv loses {removed} of {previous} records ({percent}%){patterned}; published: "
        "the rest is within the limit ({rest} of them, limit {limit}%): the classes the rule leaves out leave "
        "Remind (the nights after are judged as usual)",
    ),
    # --- null60 (tester74 T1): an SSMS "Save Results As" CSV writes NULL in every empty cell --------
    Code(
        "I227",
        "sql-null-marker-blank",
        I,
        REPAIR,
        "{file} writes SQL's {marker} marker in its empty cells ({evidence} holds it {why}): its {cells} "
        "cell(s) of exactly {marker} ({columns}) read as blank in every column",
    ),
    # --- review154 R1: an ID's unsafe text only some rows reach (a fallback, a map's value) ---------
    Code(
        "P129",
        "id-text-unsafe-some-rows",
        W,
        NOTE,
        "{path}: {template!r} puts {reason} into {into}, and no ID may hold one: {outcome}; {fix}",
    ),
    # --- tester74 T3, T4: a new profile's set the tool says is wrong, refused (pipeline.new_profile_stops) ----
    Code(
        "X820",
        "guardian-links-refused",
        E,
        ABORT,
        "{rule}: contacts whose own relationship says they are no parents or guardians are linked to students as "
        "guardians{said}, and Remind would let them message the classes; on {when} nothing is published: {step}",
    ),
    Code(
        "I228",
        "classes-other-terms-refused",
        E,
        ABORT,
        "{path}: classes of terms not running tonight would be published, the profile having no "
        "filters.current_term{found}; on {when} nothing is published: {step}",
    ),
    # --- guardian59 (tester69 P1): a parent's new email on some siblings' rows lost to the old one at exit 0 ---
    Code(
        "X858",
        "guardian-value-edited",
        W,
        NOTE,
        "users: the {field} of {guardian} (parent or guardian of students {students}) differs between the "
        "children's records: {kept!r} ({kept_at}) is published, {value!r} ({value_at}) is not: {why}; {advice}",
    ),
    # --- firstset61: a later night's new classes of a term not running held back, not the whole night refused ---
    Code(
        "X801",
        "classes-other-terms-held-back",
        W,
        NOTE,
        "{path}: {counted} at {schools} of terms not running tonight that the last published set held no "
        "class of there, the profile having no filters.current_term, {held} ({terms}){outcome}; {step}",
    ),
    Code(
        "I233",
        "classes-other-terms-still-held-back",
        I,
        NOTE,
        "{path}: {counted} at {schools} of terms not running tonight {held} again ({terms}), the profile having "
        "no filters.current_term, as on the night X801 first said it{outcome}",
    ),
    # --- tester75 O3: a run killed after its set reached the server, before delivered.json said so --------
    Code(
        "X853",
        "delivery-recorded-late",
        W,
        NOTE,
        "the last run stopped while it recorded a delivery in {folder}: the set published at {published} had "
        "reached {target} (the copy delivered/ already holds it, file for file as last.json records it), but "
        "delivered.json still said it waited; it now says that set was delivered (as of its publish)",
    ),
    # --- tester75 O4: --previous naming another district's set, refused in the words of removals ---------
    Code(
        "I231",
        "previous-set-unrelated",
        E,
        ABORT,
        "{whose} shares almost no school and no user with tonight's set: fewer than a tenth of its {schools} "
        "schools ({names}) and of its {users} users are among tonight's {now_schools} schools and {now_users} "
        "users: it is probably another "
        "district's set, or the wrong folder; the removals below follow from it; nothing published",
    ),
    # --- small61 (review154 R3): a list column split at a separator tonight's cells never hold ---------
    Code(
        "I232",
        "list-separator-other",
        W,
        NOTE,
        "{field} ({rule}): the profile splits this column's cells at {split!r}, and no cell held one tonight, "
        "but {count} held {other!r} (such as {value!r}): each was read as one value, not split{lost}; if the "
        "export lists the values with {other!r}, {fix} and rerun",
    ),
    # --- validate61 (tester79 T1, T2): faults of a set validate called valid ---
    Code(
        "V517",
        "list-reference-dangling",
        E,
        NOTE,
        "{table}.{field}: {value!r} is not in {target}; every item of the list must name a record of the set "
        "(a run removes it from the list, V505)",
    ),
    Code(
        "V518",
        "guardian-links-contradict",
        W,
        NOTE,
        "users.agentSourcedIds: {role} {id!r} names {value!r}, whose own agentSourcedIds ({theirs}) does not "
        "name {id!r}: a consumer reading the row of {value!r} does not link them (a transform run reading this set "
        "links them on both sides)",
    ),
    # --- reviewer172 R1, R2: a users rule's phone or sms read with no phone cleaner -----------------
    Code(
        "P117",
        "phone-not-cleaned",
        W,
        NOTE,
        "{path} reads {reads!r} with no phone cleaner: its cells are published as written ('6085552000.0', "
        "'call me after 5'), while Remind needs a {field} it can read as a number; add clean: [phone] "
        "(a number is then written +16085552000, and a cell holding none is blanked and said)",
    ),
    # --- null61 (reviewer168 R4): a null_marker_text name that is no column of the export ---------
    Code(
        "P130",
        "null-marker-text-unknown",
        W,
        NOTE,
        "sources.{source}.null_marker_text: {name!r} is no column of {file}, and keeps no NULL as a value; "
        "its columns, as the profile writes them: {columns}",
    ),
    # --- dupes61 (tester80 T2, T3): one student published twice under two IDs at exit 0 ---
    Code(
        "V553",
        "student-published-twice",
        W,
        NOTE,
        "users: students {first} and {id} ({people}) are very likely one student published twice: {evidence}; "
        "Remind would make two accounts of one child; published as read, a person must look (merge the two "
        "records in the SIS, or keep one export job of the student; if they are two children, nothing to do: "
        "not said again while both stay published and the state folder keeps its record)",
    ),
    # --- rows61 (tester80 T1): a row one cell short mid-row, or another template's header, read shifted at exit 0 ---
    Code(
        "I254",
        "header-other-template",
        E,
        ABORT,
        "line {line} is another export's header, not a row: {found} of its {filled} filled cells are column names "
        "of the file's header ({names}), but not the header as written (other columns, another order or other "
        "spellings: two exports of different templates in one file); the rows under it may be read in the wrong "
        "columns, and nothing is published",
    ),
    Code(
        "I257",
        "row-short-shifted",
        W,
        NOTE,
        "row has {found} cells, header has {expected}, and padded at its end its cells stop fitting their columns "
        "at {column!r} ({why}): it may be read shifted (cells left out mid-row); read padded, and a condition "
        "leaving it out is counted as a problem, not on purpose",
    ),
    # --- validate62: a phone column a spreadsheet saved as numbers ---------------------------------
    Code(
        "D391",
        "phone-spreadsheet-float",
        I,
        REPAIR,
        "{field}: {value!r} is a number a spreadsheet saved with a decimal point; read as the digits {digits!r}",
    ),
    Code(
        "V622",
        "birth-date-unlikely",
        W,
        NOTE,
        "demographics: birth date {value!r} is {why}: no one's real birth date (a run leaves such a date blank, "
        "D315, D316)",
    ),
    Code(
        "V623",
        "enrollment-school-not-users",
        E,
        NOTE,
        "enrollments: {id!r} enrols {role} {user!r} at school {school!r}, which their orgSourcedIds {listed!r} "
        "do not list: Remind assigns schools from users.csv only (a run adds the school to the user's list, V593)",
    ),
    Code(
        "V624",
        "spec-value-blank",
        E,
        NOTE,
        "{table}.{field} is blank: OneRoster 1.1 requires it (S11 sec 5), and a Remind set is a OneRoster 1.1 set "
        "(a run always writes one)",
    ),
    Code(
        "I277",
        "row-short-shifted-left-out",
        W,
        NOTE,
        "{id} ({person}) is left out by {reason}, but its row is short and may be read shifted (I257 on this "
        "line: its cells stop fitting at {column!r}, and fit with a cell put back before it): no published set "
        "holds the record, so no later night names it; if a cell was left out mid-row, it never reaches Remind",
    ),
    # --- tester86 T1: a status condition missing one leaver value lets a few leavers through; review191 R2:
    # a parents' phone read from the students' column, its header naming no one: asked once, not refused --
    Code(
        "P131",
        "profile-reading-asked",
        W,
        NOTE,
        "{rule} {condition} {finding}; {asked} {fix}",
    ),
    # --- tester86 T4: a staff-role map sending aides, assistants or substitutes to teacher ----------------
    Code(
        "P132",
        "role-map-aide-as-teacher",
        W,
        NOTE,
        "{path}: {found} mapped to teacher: Remind makes every teacher of a class a co-teacher who owns it "
        "(aides and substitutes are role aide, or left out); is it meant? If not, map them to aide",
    ),
    # --- tester86 T5: the guardians' phone or email read from the students' own column ---------------------
    Code(
        "V630",
        "guardian-points-of-students",
        E,
        ABORT,
        "users: {count} of the {total} parents and guardians with a value of {field} are given there exactly the "
        "{held} of a student they are linked to ({example}), read from {column}{why}: every parent would get the "
        "child's own {held} as their {field}; nothing published: {step}; and rerun (--allow-incomplete publishes it "
        "anyway)",
    ),
    # --- tester87 T2: a DOS end-of-file byte after an export's last line ------------------------------
    Code(
        "I234",
        "dos-end-of-file",
        I,
        NOTE,
        "{file} ends with a DOS end-of-file byte (0x1A, Ctrl-Z) on a line of its own, as old DOS and Windows "
        "programs write it: the file's end, not data; skipped",
    ),
    # --- leavers64 (review194 R3): a students' status condition on codes whose leaver values no profile declares ---
    Code(
        "P133",
        "status-values-undeclared",
        W,
        NOTE,
        "{path}: {condition} reads {column} of export {source}, a status column written in codes, and the profile "
        "declares none of its values for a student who left (sources.{source}.statuses): a code meaning left ('2' "
        "transferred out, 'G' graduated) that the condition lets through is published without a word, as a word "
        "('Withdrawn') is not; declare them: {fix}",
    ),
    # --- leavers64 (tester89 T4): a students' leaver test none of whose values its column writes -------------
    Code(
        "P134",
        "student-condition-idle",
        W,
        NOTE,
        "{rule} {condition}: no row of {file} holds {values} in {column} (its {rows} rows hold {seen}), so the "
        "condition {effect}, and this set publishes {published}{parents}: is that meant? {asked} {fix}",
    ),
    # --- words64 2: the first and last names read the other way round, which X864 blamed on the IDs --------
    Code(
        "X720",
        "guardians-share-student-given-name",
        E,
        ABORT,
        "{links} links of parents and guardians to their students were judged: {share} of them share a family "
        "name with their student, as few as by chance ({chance}), but for {given_share} the guardian's family name "
        "is the student's given name ({given_chance} by chance; the first: {guardian} ({guardian_id}) linked to "
        "student {student}, given name {given}, family name {family}): first and last names are likely read the "
        "other way round, not the IDs{profile}; check the columns ({columns}): a student's family name read as "
        "her given name, or a guardian's read from the student's first name; nothing published "
        "(--allow-incomplete publishes it anyway)",
        defaults=(("profile", ""),),
    ),
    # --- words64 4 (tester79 T7): a set's files starting with a UTF-8 byte order mark, said nowhere ---------
    Code(
        "I217",
        "set-file-bom",
        I,
        NOTE,
        "files starting with a UTF-8 byte order mark (bytes EF BB BF, as Excel's 'CSV UTF-8' saves them): "
        "{files}; this check read each header without it (the mark is no part of the first column's name); {said}",
    ),
    # --- words64 5: --report or --html naming a FIFO no process reads: said without a code ------------------
    Code(
        "I224",
        "report-fifo-unread",
        W,
        NOTE,
        "{option} {path} is a FIFO (a named pipe) that no process reads: nothing was written to it, and the command "
        "did not wait; start the program that reads it before the command (the pipe's other end), or give {option} "
        "a regular file",
    ),
    # --- words64 round 2 (tester89 T6): names published the other way round by --allow-incomplete over X720,
    # the profile's rule still reading them so: exit 0, silent, from the second night on ----------------------
    Code(
        "X721",
        "names-published-swapped",
        W,
        NOTE,
        "{profile}, and on {given_share} of the {links} parents' links the guardian's family name is the student's "
        "given name: "
        "every user of {rule} is published with first and last names the other way round, as they have been since "
        "--allow-incomplete published them over X720 (the flag answered for the links, not for the profile's "
        "columns); published",
    ),
    # --- tester89 T3: a class ID template without the section merges two sections (combine: {}) ----------
    Code(
        "V633",
        "classes-merged-codes-differ",
        W,
        NOTE,
        "{rule}: {classes} made of rows naming different {what}, the ID template {template} giving them one "
        "sourcedId ({example}){missing}: if the rows are separate sections, each such class holds the students and "
        "teachers of both; published as made",
    ),
    # --- review197 R2: a new term's schedule rows cut at one school on the term change's night ----------------
    Code(
        "X710",
        "term-schedules-thin",
        E,
        ABORT,
        "school {school} ({name}): the {sections} classes of the terms begun there since its term ended on {ended} "
        "hold {enrolled} student enrolments, under {share}% of the {expected} expected: its students there tonight had "
        "{held} in the ended term's {lost} classes gone there{scaled}{whole}{since}; a schedule export cut short at "
        "the school is a broken export: nothing published (--allow-rollover publishes it anyway)",
        defaults=(("whole", ""),),
    ),
    Code(
        "X711",
        "term-schedules-thin-allowed",
        W,
        NOTE,
        "--allow-rollover: school {school} ({name}): the {sections} classes of the terms begun there since its term "
        "ended on {ended} hold {enrolled} student enrolments, under {share}% of the {expected} expected: its "
        "students there tonight had {held} in the ended term's {lost} classes gone there{scaled}{whole}; published",
        defaults=(("whole", ""),),
    ),
    # --- tester90 T1: a people export in order of its ID cut at a line's end, only new rows taken ------------
    Code(
        "X722",
        "export-cut-new-rows",
        E,
        ABORT,
        "{file} ends tonight at line {line} ({column} {last}, its last rows in order of {column}), while tonight's "
        "other exports name in current rows {count} {people} new since the last published set whose IDs come after "
        "it and whom {file} has no row for ({examples}): {reading}; --allow-incomplete publishes tonight's set "
        "without them (a cut set, if {file} was cut); nothing published",
    ),
    # --- review209 R1, R3: X722 published by --allow-incomplete, in its own words, its people remembered ----
    Code(
        "I256",
        "export-cut-new-rows-allowed",
        I,
        NOTE,
        "{file} ends tonight at line {line} ({column} {last}) before {count} {people} new since the last published "
        "set whom tonight's other exports name ({examples}); --allow-incomplete published the set without them "
        "(X722): if {file} was cut, export it again whole and rerun; {reading}",
    ),
    # --- leavers65 (review203 R6): a students' leaver test leaving out some codes of a column written for the few -
    Code(
        "P135",
        "student-condition-codes-let-through",
        W,
        NOTE,
        "{rule} {condition} leaves out the students of {file} whose {column} holds {left}, and lets through "
        "{published}{parents}, a column blank on {blank} of its {rows} rows ({seen}) whose every value marks one of "
        "the few, as those it leaves out: is that meant? {asked} {fix}",
    ),
    # --- tail66 (review218 R3): leaves_out_preregistered under a source no people rule reads --------------------
    Code(
        "V631",
        "preregistered-source-not-people",
        E,
        ABORT,
        "{path}: no people rule reads source {source!r} (tables.users rules of people read {readers}): "
        "leaves_out_preregistered says a people export lists a person from his first day only, and does nothing "
        "here; set it under the people export that leaves them out (sources.{first}.leaves_out_preregistered), or "
        "take it out",
        2,
    ),
    # --- tester93 T1, T3: a schedule export cut at a line's end on a first set (or a new year's night) ------
    Code(
        "X727",
        "schedule-cut-students",
        E,
        ABORT,
        "{file} is in order of {column} and ends at line {line} ({column} {last}): {count} of the {after} students "
        "whose {column} comes after it are published in no class ({examples}), while {placed} of the {before} "
        "before it, at the same schools and grades, are in a class: its rows after that line were cut off (a copy "
        "or SIS job that stopped), or students not scheduled yet; export {file} again whole and rerun; nothing "
        "published (--allow-incomplete publishes it anyway, with those students in no class)",
    ),
    Code(
        "X728",
        "schedule-cut-classes",
        E,
        ABORT,
        "{file} is in order of {column} and ends at line {line} ({column} {last}): {count} of the {after} classes "
        "whose {column} comes after it, at {schools} schools, are left out with no student (F412: {examples}), "
        "while {placed} of the {before} before it, at the same schools and terms, have students: its rows after "
        "that line were cut off (a copy or SIS job that stopped), or classes not scheduled yet; export {file} "
        "again whole and rerun; nothing published (--allow-incomplete publishes it anyway)",
    ),
    # --- review212 R3, review217 R4: a current-term-only extract never moved on to the next term after a break -
    Code(
        "X716",
        "term-next-unexported",
        W,
        NOTE,
        "school {school}: no class of a term begun after {ended} is in the exports on {as_of}, {days} days after "
        "the classes of its term that ended then left them, while its year-long term {year!r} ({start} to {end}) "
        "runs on; the sections' own term dates (there is no terms export) name no later term, so the tool cannot "
        "tell when one begins: if the school's next term has begun, the SIS export job leaves it out (a term "
        "filter not moved on to it, or its sections not scheduled yet) and none of its classes reaches Remind; "
        "published without them",
    ),
)


BY_SLUG: dict[str, Code] = {code.slug: code for code in CATALOGUE}
BY_ID: dict[str, Code] = {code.id: code for code in CATALOGUE}
PROFILE_REASONS: tuple[str, ...] = tuple(c.slug for c in CATALOGUE if c.profile_reason)


def code(slug: Slug) -> Code:
    """The catalogue entry for a slug; a KeyError here is a bug in the caller."""
    return BY_SLUG[slug]


# Every slug of the catalogue as a type: `code("phone-invlaid")` is a mypy error, not a KeyError
# the first time that problem occurs. tests/test_codes.py keeps it equal to CATALOGUE and
# prints the line to add when a code is appended (add it at the end).
Slug = Literal[
    "profile-not-found",
    "profile-yaml-syntax",
    "profile-duplicate-key",
    "profile-schema",
    "profile-unknown-key",
    "profile-bad-regex",
    "profile-unknown-reference",
    "profile-extends-cycle",
    "profile-bad-template",
    "profile-district-collides",
    "source-missing",
    "column-missing",
    "encoding-fallback",
    "source-ambiguous",
    "row-too-short",
    "row-too-long",
    "source-unreadable",
    "header-duplicate",
    "source-empty",
    "quote-unbalanced",
    "invisible-removed",
    "encoding-utf16",
    "zip-unsafe",
    "zip-too-large",
    "source-outside",
    "header-not-first",
    "join-missing",
    "row-filtered",
    "value-unmapped",
    "value-unmapped-dropped",
    "required-value-missing",
    "date-invalid",
    "phone-invalid",
    "phone-international",
    "email-invalid",
    "quotes-removed",
    "line-break-removed",
    "id-excel-damage",
    "language-unknown",
    "date-invalid-dropped",
    "join-key-duplicate",
    "birth-date-future",
    "birth-date-implausible",
    "value-derived",
    "grade-not-derived",
    "value-maybe-truncated",
    "course-built",
    "class-term-assigned",
    "school-year-built",
    "school-year-corrected",
    "user-ids-dropped",
    "id-unsafe-character",
    "id-normalised",
    "id-placeholder",
    "id-formula",
    "formula-defused",
    "control-removed",
    "join-key-conflict",
    "cell-formula",
    "inactive-student",
    "inactive-staff",
    "dropped-enrollment",
    "enrollment-ended",
    "school-not-rostered",
    "class-outside-term",
    "class-excluded-pattern",
    "term-dates-invalid",
    "role-not-rostered",
    "emergency-contact",
    "term-upcoming",
    "term-not-selected",
    "class-empty",
    "guardian-no-student",
    "school-unused",
    "class-term-undated",
    "duplicate-merged",
    "duplicate-conflict",
    "reference-missing",
    "follows-dropped-class",
    "follows-dropped-user",
    "org-reference-pruned",
    "staff-without-email",
    "value-not-allowed",
    "combined-conflict",
    "email-shared",
    "guardian-contact-shared",
    "too-many-guardians",
    "title-disambiguated",
    "title-truncated",
    "class-limit",
    "guardian-without-contact",
    "set-file-missing",
    "set-file-unexpected",
    "header-mismatch",
    "cell-unsafe",
    "manifest-invalid",
    "birth-date-format",
    "title-duplicate",
    "agent-missing",
    "set-unreadable",
    "value-rewritten",
    "not-referenced",
    "reference-blanked",
    "follows-left-out-row",
    "follows-left-out-class",
    "org-not-school",
    "org-not-school-pruned",
    "value-not-allowed-pruned",
    "user-id-conflict",
    "enrollment-school-aligned",
    "session-without-year",
    "school-year-wrong",
    "username-not-email",
    "user-ids-form",
    "username-replaced",
    "guardian-values-differ",
    "contact-values-differ",
    "output-not-ours",
    "output-unwritable",
    "bad-option",
    "no-rows",
    "strict-refused",
    "no-current-term",
    "removal-over-limit",
    "export-shrunk",
    "rollover-allowed",
    "export-empty",
    "after-publish-failed",
    "upload-failed",
    "uploaded",
    "output-locked",
    "upload-overdue",
    "export-errors-over-limit",
    "table-empty",
    "term-unknown",
    "incomplete-allowed",
    "sftp-credentials-unusable",
    "delivery-pending",
    "delivery-overdue",
    "known-hosts-line-ignored",
    "term-not-started",
    "school-year-over",
    "term-change",
    "zip-member-unreadable",
    "source-not-regular",
    "source-not-text",
    "encoding-utf16-guessed",
    "source-link-loop",
    "state-damaged",
    "out-of-memory",
    "state-not-folder",
    "profile-too-large",
    "cwd-missing",
    "output-recovered",
    "id-not-normal",
    "enrollment-school-differs",
    "profile-reason",
    "span-invalid",
    "usage-error",
    "profile-file-missing",
    "column-absent",
    "source-optional-absent",
    "exports-fit-other-profile",
    "exports-are-output-set",
    "column-absent-read",
    "set-for-other-profile",
    "set-looks-like",
    "date-order-misread",
    "reference-dangling",
    "guardian-role-unknown",
    "agent-not-guardian",
    "condition-column-absent",
    "required-field-unfilled",
    "id-scientific-notation",
    "combined-two-people",
    "record-id-conflict",
    "demographics-not-student",
    "enrollment-role-mismatch",
    "primary-not-owner",
    "term-dates-swapped",
    "ids-reassigned-over-limit",
    "ids-reassigned",
    "combined-role",
    "not-started",
    "enrollment-repeated",
    "primary-of-non-owner",
    "guardian-student-unknown",
    "date-invalid-kept",
    "school-unknown",
    "class-no-owner",
    "value-form",
    "status-for-mode",
    "agent-role",
    "dates-reversed",
    "email-prefix-removed",
    "email-placeholder",
    "flag-one-form",
    "condition-value-unseen",
    "rule-conditions-left-out-all",
    "user-kind-emptied",
    "term-dates-one-day",
    "guardian-no-name",
    "starts-ahead",
    "enrollment-waits",
    "identities-damaged",
    "export-cut-off",
    "demographics-no-source",
    "file-mode-refused",
    "inactive-guardian",
    "terms-not-found",
    "aide-enrollment-role",
    "aide-enrolled-as-owner",
    "primary-repeated",
    "primary-more-than-one",
    "kind-removal-over-limit",
    "users-rekeyed-over-limit",
    "users-rekeyed",
    "as-of-before-last",
    "grade-graduated",
    "contact-is-name",
    "contact-two-people",
    "encoding-declared-not-used",
    "layout-not-as-declared",
    "class-id-not-unique",
    "id-part-empty",
    "kind-removal-allowed",
    "table-errors-over-limit",
    "student-without-demographics",
    "email-address-extracted",
    "removals-unwritable",
    "enrolled-school-added",
    "publish-not-recorded",
    "enrollment-at-school-left",
    "guardian-landline-only",
    "birth-date-century",
    "value-for-students-only",
    "guardian-id-taken",
    "state-folder-moved",
    "state-folder-two",
    "run-stopped",
    "course-school-year-repaired",
    "course-school-year-not-year",
    "course-rehomed",
    "columns-not-carried",
    "source-absent-kind-empty",
    "guardians-unlinked",
    "id-zeros-restored",
    "exports-stale",
    "removal-over-limit-by-count",
    "previous-set-missing",
    "username-address-extracted",
    "reference-loop",
    "language-tag-unlikely",
    "profile-no-teacher",
    "source-unread",
    "student-row-ended-kept",
    "classes-no-term-filter",
    "output-temporaries-removed",
    "guardians-linked-elsewhere",
    "enrollment-dates-reversed",
    "term-dates-swapped-other",
    "join-key-picked",
    "year-range-read",
    "required-value-unread",
    "school-missing",
    "term-without-classes",
    "export-stale-beside-fresh",
    "session-id-split",
    "class-term-unmatched",
    "guardian-kept-apart",
    "guardians-renamed-rekeyed",
    "schools-rekeyed-over-limit",
    "schools-rekeyed",
    "name-encoding-garbled",
    "date-spreadsheet-serial",
    "period-spreadsheet-date",
    "identifiers-zeros-lost",
    "row-split",
    "row-cells-missing",
    "encoding-mixed",
    "source-copy-not-read",
    "name-too-long",
    "reference-written-otherwise",
    "classes-without-owner",
    "term-date-unreadable",
    "birth-dates-implausible",
    "birth-date-too-young",
    "student-email-guardians",
    "header-repeated",
    "footer-line",
    "excel-text-formula",
    "each-group-copied",
    "header-alias-read",
    "row-named-by-none",
    "manifest-contradicts-files",
    "condition-column-renamed",
    "school-classes-removed",
    "school-classes-removed-allowed",
    "condition-matches-no-row",
    "grade-map-before-graduation-year",
    "map-matches-no-value",
    "class-term-left-out",
    "optional-export-lost",
    "username-address-refused",
    "school-year-passed",
    "upload-due-by-hand",
    "school-students-unenrolled",
    "school-students-unenrolled-allowed",
    "birth-dates-lost",
    "birth-dates-lost-allowed",
    "guardian-linked-one-side",
    "identity-map-restored",
    "join-key-written-otherwise",
    "term-moved-ahead",
    "term-change-not-explained",
    "guardian-link-column-absent",
    "export-kind-errors-over-limit",
    "columns-blanked",
    "columns-blanked-allowed",
    "school-students-unknown",
    "school-classes-without-owner",
    "classes-rekeyed-over-limit",
    "classes-rekeyed",
    "delivery-not-recorded",
    "clock-record-ahead",
    "school-terms-unknown",
    "guardians-errors-over-limit",
    "guardians-errors-allowed",
    "each-group-point-copied",
    "each-group-point-same",
    "guardian-contact-id-empty",
    "guardian-contact-id-empty-joined",
    "list-item-empty",
    "guardian-renamed-kept",
    "school-classes-unenrolled",
    "school-classes-unenrolled-allowed",
    "school-term-unknown",
    "combined-links-united",
    "guardian-renamed-phone-kept",
    "classes-of-last-year",
    "students-unenrolled",
    "students-unenrolled-allowed",
    "condition-date-reversed",
    "term-longer-than-a-year",
    "keep-out-condition-off",
    "dropped-record-removed",
    "dropped-rows-unread",
    "resend-set-not-whole",
    "later-term-classes-missing",
    "classes-of-two-years",
    "staff-role-unknown",
    "header-duplicate-differs",
    "term-read-the-other-way",
    "exports-unpack-failed",
    "guardian-household-two-readings",
    "users-rows-missing",
    "users-rows-missing-allowed",
    "guardian-columns-swapped",
    "files-not-read",
    "enrollment-rows-merged",
    "number-invalid-dropped",
    "zip-member-damaged",
    "guardian-twins-not-joined",
    "guardian-value-of-the-other",
    "join-key-case-folded",
    "enrollment-id-made-twice",
    "staff-role-of-student",
    "classes-of-last-and-next-year",
    "name-forms-differ",
    "school-year-ends-mid-year",
    "guardian-rows-unjoined",
    "rest-of-year-terms-missing",
    "export-tail-cut",
    "field-clean-implied",
    "email-not-address",
    "rule-conditions-left-out-most",
    "value-against-target-rule",
    "classes-rows-missing",
    "classes-rows-missing-allowed",
    "term-break",
    "emails-of-other-kind",
    "names-read-whole",
    "names-read-swapped",
    "user-id-series-overlap",
    "enrollment-id-kept-from-last-set",
    "condition-keeps-leavers",
    "class-pattern-inside-words",
    "guardian-id-written-otherwise",
    "names-mapped-wrong",
    "guardian-links-not-guardians",
    "guardian-links-reversed",
    "guardians-of-other-families",
    "classes-all-in-current-term",
    "required-setting-unset",
    "owner-published-as-student",
    "manifest-format-disagrees",
    "guardian-link-lost",
    "class-term-other-year",
    "term-id-doubled",
    "agent-written-otherwise",
    "guardians-links-missing",
    "export-cut-rows-after",
    "users-rows-missing-unconfirmed",
    "export-lines-lost-inside",
    "rows-keep-out-condition-off",
    "staff-left-classes-unassigned",
    "quote-swallowed-cells",
    "quote-swallowed-cells-unsure",
    "name-family-only",
    "school-names-are-numbers",
    "map-drops-every-value",
    "class-term-last-year-by-export",
    "later-term-break",
    "agent-written-otherwise-linked",
    "term-id-doubled-settled",
    "staff-by-primary-role",
    "guardian-id-made-taken",
    "rows-per-person-unread",
    "guardian-contact-unread",
    "contact-first-of-several",
    "guardian-given-name-corrected-kept",
    "column-lost-from-export",
    "reference-not-school",
    "org-type-not-school",
    "previous-set-changed",
    "as-of-before-last-refused",
    "exports-after-clock",
    "school-year-start-unread",
    "school-year-start-contradicted",
    "break-classes-kept",
    "guardians-contacts-unreachable",
    "quote-swallowed-commas-read",
    "each-group-points-swapped",
    "each-group-point-named-other",
    "guardian-kind-unread",
    "undated-terms-side-by-side",
    "ids-written-two-ways",
    "ids-of-another-column",
    "staff-reference-in-no-row",
    "class-owner-lost",
    "staff-ids-in-no-row",
    "break-classes-ended",
    "rows-per-span",
    "kept-from-earlier-row",
    "contact-points-changed",
    "contact-points-changed-allowed",
    "students-left-without-guardians",
    "guardian-email-of-student",
    "contact-group-unread",
    "set-row-short",
    "school-column-unread",
    "phone-extension-dropped",
    "schools-missing-together",
    "enabled-means-no-login",
    "username-shared-given-other",
    "username-login-shared",
    "class-ids-reassigned-over-limit",
    "class-ids-reassigned",
    "username-left-shared",
    "previous-file-damaged",
    "previous-named-damaged",
    "guardian-contact-id-empty-kept",
    "guardian-remarried-kept",
    "guardian-links-other-id",
    "names-garbled-kept",
    "export-cut-allowed",
    "export-checks-unrecorded",
    "class-pattern-matches-nothing",
    "incomplete-let-through",
    "rollover-unexplained",
    "term-row-over-a-year",
    "max-removal-let-through",
    "as-of-clock-before-last",
    "export-lost",
    "excluded-school-near-miss",
    "excluded-school-absent",
    "school-year-crossed-by-term",
    "layout-changed-in-export",
    "term-moved-back",
    "school-term-ended-elsewhere-running",
    "values-defaulted",
    "values-defaulted-allowed",
    "class-teachers-moved",
    "class-teachers-moved-allowed",
    "term-running-left-out",
    "school-gone",
    "school-gone-allowed",
    "term-named-ended",
    "course-terms-doubled",
    "course-terms-doubled-allowed",
    "term-sections-unscheduled",
    "school-move-published",
    "term-dates-lost",
    "undated-terms-same-period",
    "grades-changed",
    "grades-changed-allowed",
    "break-enrolments-unheld",
    "enrollment-after-leaving",
    "excluded-school-removed",
    "user-at-two-schools",
    "term-sections-emptied",
    "rollover-unused",
    "identifiers-zeros-lost-over-limit",
    "export-behind-siblings",
    "keep-out-column-blanked",
    "section-teachers-conflict",
    "conflicting-people-unpublished",
    "names-whole-kept",
    "condition-column-misnamed",
    "identifiers-zeros-lost-allowed",
    "class-primary-lost",
    "class-primary-lost-allowed",
    "keep-out-values-cleared",
    "year-over-terms-undated",
    "guardians-lost-after-conditions",
    "enrollment-class-unwritten",
    "birth-dates-changed",
    "terms-half-dated",
    "birth-dates-changed-allowed",
    "first-set-without-birth-dates",
    "id-template-unsafe-character",
    "user-ids-comma-inside",
    "term-not-started-half-dated",
    "exclusion-removals-published",
    "sql-null-marker-blank",
    "id-text-unsafe-some-rows",
    "guardian-links-refused",
    "classes-other-terms-refused",
    "guardian-value-edited",
    "classes-other-terms-held-back",
    "classes-other-terms-still-held-back",
    "delivery-recorded-late",
    "previous-set-unrelated",
    "list-separator-other",
    "list-reference-dangling",
    "guardian-links-contradict",
    "phone-not-cleaned",
    "null-marker-text-unknown",
    "student-published-twice",
    "header-other-template",
    "row-short-shifted",
    "phone-spreadsheet-float",
    "birth-date-unlikely",
    "enrollment-school-not-users",
    "spec-value-blank",
    "row-short-shifted-left-out",
    "profile-reading-asked",
    "role-map-aide-as-teacher",
    "guardian-points-of-students",
    "dos-end-of-file",
    "status-values-undeclared",
    "student-condition-idle",
    "guardians-share-student-given-name",
    "set-file-bom",
    "report-fifo-unread",
    "names-published-swapped",
    "classes-merged-codes-differ",
    "term-schedules-thin",
    "term-schedules-thin-allowed",
    "export-cut-new-rows",
    "student-condition-codes-let-through",
    "export-cut-new-rows-allowed",
    "preregistered-source-not-people",
    "schedule-cut-students",
    "schedule-cut-classes",
    "term-next-unexported",
]


def explain(code_id: str) -> tuple[str, str]:
    """What a code means and how to fix it, in plain words (report/code_help.py); ("", "") for
    an id that has no text yet."""
    return HELP.get(code_id.upper(), ("", ""))
