"""What each problem code means and what to do about it, in plain words (`transform codes`).

Kept apart from the catalogue (report/codes.py) so that adding a code there and its text here
do not touch the same lines. Every catalogue code has an entry (tests/test_codes.py checks it):
(what it means, how to fix it). The fix is a step a person takes; "nothing to do" is an answer.
"""

from __future__ import annotations

HELP: dict[str, tuple[str, str]] = {
    # --- P: the profile ---------------------------------------------------------------------
    "P100": (
        "--profile names neither a bundled profile nor a file that exists.",
        "Run `transform profiles` for the bundled names, or give the path to your profile file.",
    ),
    "P101": (
        "The profile is not valid YAML (a bad indent, an unclosed quote or bracket).",
        "Correct the line and column the message names; `transform check-profile FILE` checks it again.",
    ),
    "P102": (
        "A key appears twice in the same mapping of the profile; YAML would keep only the last one.",
        "Remove one of the two, or merge them into one.",
    ),
    "P103": (
        "A profile value has the wrong type or form (a list where a mapping is expected, say).",
        "Correct the value at the place named; docs/profiles.md describes every key.",
    ),
    "P104": (
        "The profile has a key the tool does not know, usually a typo.",
        "Use the key the 'did you mean' suggests, or remove it (docs/profiles.md lists every key).",
    ),
    "P105": (
        "A regular expression in the profile does not compile.",
        "Correct the pattern; in YAML, put it in single quotes so backslashes stay as written.",
    ),
    "P106": (
        "The profile refers to something that is not defined: a source, a join alias, a map.",
        "Define it, or correct the name the message quotes.",
    ),
    "P107": (
        "Profiles extend each other in a loop, so none of them can be loaded.",
        "Break the loop: one of the profiles in the chain must not extend the other.",
    ),
    "P108": (
        "A column template in the profile cannot be read (an unclosed brace, an unknown field).",
        "Correct the template, e.g. '{Course_Name} - {Section_Number}'.",
    ),
    "P109": (
        "settings.district_id is also a school's ID: that school would turn into the district.",
        "Give the district an ID no school has (or leave district_id out).",
    ),
    # --- I: input files -------------------------------------------------------------------------
    "I200": (
        "An export the profile requires is not in the input folder under any name it looks for.",
        "Export that table from the SIS into the folder, or point the profile's source pattern at its file name.",
    ),
    "I201": (
        "An export lacks a column the profile reads. Some are required because a rule that keeps people "
        "out reads them: Aeries' CON.CD (record type R, a restrained contact) and Synergy's "
        "CONTACT_ALLOWED; without them a contact who must not reach a student would be published. Where the "
        "header names none of the columns the profile reads and holds values shaped as IDs or dates (an export "
        "of one row, or with too few numbers to compare with the rows under it), the message says it may be a "
        "data row: the export written with its column headers switched off (I206 says it for sure where the "
        "rows show it).",
        "Add the column to the SIS export, or map the column it has in the profile (sources: aliases). If "
        "the SIS truly does not export it (or the query already leaves those people out), a district "
        "profile extending the bundled one can declare it under optional_columns (docs/profiles.md); "
        "each run then says what the rules reading it do without it (I260). For a column a condition "
        "reads to leave people out, the message names the conditions and what they leave out. When the "
        "export of the last published set had the column, the run says I295 instead (exit 1): its template "
        "lost it, and only putting it back is right. Declared optional, such a condition leaves no one out "
        "by it, and a later night that would publish someone the last set did not hold is refused (X936).",
    ),
    "I202": (
        "An export is not valid UTF-8, so it was read as Windows-1252 (accented names may differ).",
        "Export as UTF-8 if the SIS can; check a few names with accents in users.csv.",
    ),
    "I203": (
        "Several files in the input could be the same export, and the tool will not guess which.",
        "Keep one of the files the message names (in a folder it says when each was last written and which is "
        "the newest, most likely the SIS's current export); move the others out of the folder or zip.",
    ),
    "I204": (
        "A row has fewer cells than the header; the missing cells were read as empty.",
        "Usually harmless (trailing empty cells); if values are missing, check the row in the SIS export.",
    ),
    "I205": (
        "A row has more cells than the header, most often a delimiter inside an unquoted value; the row is left "
        "out. Empty cells past the header are read as a trailing delimiter only where the file's rows carry as many: "
        "a row longer than most of the file's rows is a value holding the delimiter, its cells shifted, however "
        "empty the cells it pushed past the header.",
        "Remove the delimiter from the value in the SIS (a comma or tab in a name), or export with quoting.",
    ),
    "I206": (
        "An export cannot be read (permissions, a disk error). A permission is most often the SIS's "
        "export job writing its files readable by its own account only (its umask). Said too, once, of an "
        "export written without its header row (its first line a data row shaped as the rows under it, "
        "naming none of the columns the profile reads: a scheduled export's column headers switched off), "
        "rather than a missing column per column the profile reads.",
        "Make the file readable by the account that runs the tool (the message names it): the export "
        "job's umask, or chmod/chgrp of the files; then rerun. Every night stays refused until then. For "
        "an export with no header row, switch its column headers back on (the Next line names the option) "
        "and export it again.",
    ),
    "I207": (
        "A column name appears twice in an export's header. For a column the profile reads, the rows "
        "decide, never the header's order: the cells holding the same value on every row (or one of them "
        "empty) are read as one column, said here; holding different values on a row, they are two "
        "versions of one column and nothing is read (I221). A column the profile does not read "
        "is only said.",
        "Remove or rename the duplicate column in the export definition.",
    ),
    "I208": (
        "An export has its header but no data rows.",
        "Check that the SIS export ran for the right year and schools.",
    ),
    "I209": (
        "A quote opened in a cell is not closed where it should be, so it would swallow many lines.",
        "Fix the stray quote in the SIS record the message names (its ID, where the profile reads one from "
        "the file, and the column holding the quote; the line in the export), or export without quoting.",
    ),
    "I210": (
        "Invisible characters (NUL, byte-order mark, zero-width, soft hyphen, LRM/RLM and other direction "
        "marks, the unit separator U+001F) were removed from a row: a name or an ID holding one is the same "
        "as without it.",
        "Nothing to do; if it recurs, look for the character in the SIS record.",
    ),
    "I211": ("The export is UTF-16 (its byte-order mark says so) and was read as such.", "Nothing to do."),
    "I212": (
        "The export's header is not on its first line; the lines above it were skipped.",
        "Nothing to do if those lines are a title; otherwise export without them.",
    ),
    "I213": (
        "A zip member's path would land outside the folder it is unpacked in; the zip is refused.",
        "Build the zip again from the export files alone.",
    ),
    "I214": (
        "The zip unpacks to far more than an export would (a zip bomb?); it is refused.",
        "Check where the zip came from; zip the exports again.",
    ),
    "I215": (
        "An export is a link to a file outside the input folder; it was read.",
        "Nothing to do if that is intended.",
    ),
    "I235": (
        "A zip member cannot be read: it is encrypted, or compressed in a way this tool cannot unpack "
        "(a damaged member is X899).",
        "Make the zip again without a password and with ordinary (deflate) compression, or give the files unzipped.",
    ),
    "I236": (
        "An export is a folder, a pipe or a device, not a regular file.",
        "Save the export as a file in the input folder.",
    ),
    "I237": (
        "An export is not a text file (a gzip, an Excel workbook, a PDF saved as .txt).",
        "Export the table as CSV or tab-separated text from the SIS.",
    ),
    "I238": ("The export is UTF-16 without a byte-order mark; read as such.", "Nothing to do."),
    "I239": (
        "An export is a symbolic link that loops back on itself.",
        "Replace the link with the export file, or a link to it.",
    ),
    # --- D: data cells and rows ---------------------------------------------------------------
    "D300": (
        "A row points to a row of another export that is not there (an enrolment's student, a "
        "section's course); the row is left out. A key that the other export writes with other "
        "leading zeros or letter case is D386, an error. Most of one school's classes with students "
        "left out because the terms export lacks their term is refused (X943). Where the row named "
        "is in the export but was lost whole before it was read (I205: more cells than the header), the "
        "message names that row, and the explain file's caused_by says I205 and its line. Where the key "
        "holds an ID of the other export with more before or after it ('100-3600' for the term '3600': "
        "a query writing the school before the term ID), the message names that ID: nothing is missing.",
        "Check that both exports cover the same schools and year; add the missing record in the SIS "
        "(or, where I205 is named, fix that row's stray delimiter: this row follows it back; where the "
        "message names the other export's ID inside the key, have the export write the column as the "
        "other export writes its IDs).",
    ),
    "D301": (
        "A row failed a condition of the profile's rule (`where:`); it is left out, as the profile asks.",
        "Nothing to do unless the row should be rostered; then change the condition in the profile.",
    ),
    "D302": (
        "A value is not in the profile's map (a grade, a role); the map's default was written. On a new "
        "profile's first set (and the first after the profile changed, or with no last set in OUT to compare "
        "with) a grade written so on 10 rows or more "
        "(a whole grade left out of the map) is 'Published, but ...', exit 1, for a person to look; later "
        "nights with the same profile say it and exit 0.",
        "Add the value to the map in your profile, or correct it in the SIS.",
    ),
    "D303": (
        "A value is not in the profile's map and the map has no default; the row is left out.",
        "Add the value to the map in your profile, or correct it in the SIS.",
    ),
    "D304": (
        "A value the target requires (a name, an email for staff, a birth date) came out empty; "
        "the record is left out. A parent field holding no name ('Unknown, Unknown', 'Not Listed', "
        "'N/A') gives no first name. A name whose cell held NULL in a file writing SQL's empty marker "
        "(I227) was read blank: the message says so (a person named NULL is possible: name its column in "
        "null_marker_text on that export in the profile's sources, null_marker_text: [LN]; that column's NULL is "
        "then kept, the others' still read blank; the message and the Next say so where it happened).",
        "Fill the value in the SIS at the line named, or map another column to it in the profile.",
    ),
    "D305": (
        "A date cannot be read; the cell was left blank. A word written for no value (NULL, N/A, none, -, in "
        "a file that does not write SQL's NULL marker, I227) is said to be a placeholder.",
        "Correct the date in the SIS record, or leave the field empty.",
    ),
    "D306": (
        "A phone number is not a possible number for the district's region; the cell was left blank. "
        "A North American number's area code and exchange start 2-9, and one digit repeated "
        "(000-000-0000, 999-999-9999) is what is typed for a family without a phone: neither reaches anyone. "
        "A word written for no value (NULL, N/A, none, -, in a file that does not write SQL's NULL marker, "
        "I227) is said to be a placeholder; it counts as one where a parent's only contact point it was (X808).",
        "Correct the number in the SIS (with its area code), or set settings.phone_region.",
    ),
    "D307": (
        "A phone number is outside the district's region; Remind cannot text it.",
        "Nothing to do, or give the family a local number in the SIS.",
    ),
    "D308": ("An email is not a valid address; the cell was left blank.", "Correct the email in the SIS record."),
    "D309": ("Quotes were removed from a value (Remind rejects them).", "Nothing to do; or remove them in the SIS."),
    "D310": (
        "A line break inside a value was replaced by a space.",
        "Nothing to do; or remove the line break in the SIS.",
    ),
    "D311": (
        "An ID looks changed by a spreadsheet (leading zeros lost, a trailing .0); kept as written.",
        "Export straight from the SIS, not through a spreadsheet, and compare the ID with the SIS.",
    ),
    "D312": (
        "A language is not surely recognised; the cell was left blank rather than guessed.",
        "Write the language's name or ISO code in the SIS (a short form such as Hmo counts only when it "
        "starts one common language's name), or add it to the profile's language map.",
    ),
    "D313": (
        "A date a rule's condition compares cannot be read; the row is left out.",
        "Correct the date in the SIS record.",
    ),
    "D314": (
        "A key an export is joined on appears again with the same data; the first row is used.",
        "Nothing to do.",
    ),
    "D315": ("A birth date is after the as-of date; it was left blank.", "Correct the birth date in the SIS."),
    "D316": ("A birth date is before 1900; it was left blank.", "Correct the birth date in the SIS."),
    "D317": ("An empty value was derived from other columns, as the profile says.", "Nothing to do."),
    "D318": (
        "A graduation year gives no grade in this school year; the grade was left blank.",
        "Correct the graduation year in the SIS, or check --as-of.",
    ),
    "D319": (
        "A value is exactly as long as a common export field limit, so it may have been cut off.",
        "Compare the value with the SIS; widen the field in the export definition if it was cut.",
    ),
    "D320": (
        "An ID holds a list separator, quote, line break or control character; an ID is never split "
        "or changed, so the row is left out.",
        "Correct the ID in the SIS record. When the profile builds the ID from other values (a term's "
        'ID from its school and name, "{School_id}-{Term_name}"), correct the value it is built from '
        "(the term's name) in the SIS, or build the ID from another column in the profile.",
    ),
    "D321": (
        "An ID was rewritten (invisible characters removed, full-width letters and digits made ASCII, "
        "a run of spaces or a non-breaking space inside made one space, Unicode normalised) so look-alikes "
        "are one ID.",
        "Nothing to do; or clean the ID in the SIS.",
    ),
    "D322": ("A placeholder (NULL, N/A, -) stood where an ID belongs; read as empty.", "Fill the ID in the SIS."),
    "D323": (
        "An ID would be run by a spreadsheet as a formula; the row is left out.",
        "Correct the ID in the SIS (it starts with =, +, - or @).",
    ),
    "D324": (
        "A value would be run by a spreadsheet as a formula; the trigger characters were removed.",
        "Nothing to do; or correct the value in the SIS.",
    ),
    "D325": ("Control or text-direction characters were removed from a value.", "Nothing to do."),
    "D326": (
        "A cell of the set checked would be run by a spreadsheet as a formula.",
        "Make the set with `transform`, which defuses such cells, or correct the value at its source.",
    ),
    "D327": (
        "A join key is on two rows with different data; no row joins on it. Where the join is required, "
        "or drops a dangling row (dangling: drop, as the OneRoster and SDS joins on a class's terms), "
        "each row joining on it is left out as D300 (a term of tonight so: X866 refuses the set); where "
        "it is optional (required: false, as the "
        "joins reading a parent's language from the students export), the rows are kept without the "
        "values it would give. Taking the first row would make the export's order decide.",
        "Make the export give one row per key (correct the duplicate in the SIS); where it lists a key "
        "on several rows by design (repeats: same, a student once per enrolment), make those rows "
        "agree on the columns joined.",
    ),
    "D335": (
        "A class's course is not in the set, so a course was built from the class (strict target).",
        "Nothing to do; or include the courses export.",
    ),
    "D336": (
        "A class names no term in the set; it was given the current school year (strict target).",
        "Nothing to do; or include the class's term in the terms export.",
    ),
    "D337": ("A school-year session was built for terms that name none (strict target).", "Nothing to do."),
    "D338": ("A session's schoolYear was corrected to the year its school year ends.", "Nothing to do."),
    "D339": ("A userIds item is not of OneRoster's {Type:Id} form; it was left out.", "Nothing to do."),
    # --- F: rostering filters -------------------------------------------------------------------
    "F400": ("A student is not active in the SIS; not rostered.", "Nothing to do, unless the student is active."),
    "F401": ("A staff member is not active in the SIS; not rostered.", "Nothing to do, unless they are active."),
    "F402": ("An enrolment was dropped in the SIS; not rostered.", "Nothing to do."),
    "F403": (
        "An enrolment is over on the as-of date: its end date is before it, or on it where the SIS writes "
        "the first day not enrolled (PowerSchool's DateLeft); not rostered.",
        "Nothing to do.",
    ),
    "F404": (
        "A row is at a school the profile does not roster: one not in settings.schools or --school, or "
        "one in settings.exclude_schools (PowerSchool's District Office, 0), whether or not the schools "
        "export lists it. A user only at such schools is left out, with their enrolments (V504); a user "
        "at another school too keeps that one.",
        "Nothing to do, or add the school to settings.schools / --school, or take it out of settings.exclude_schools.",
    ),
    "F405": (
        "A class's term does not contain the as-of date; the class and its enrolments are left out.",
        "Nothing to do; to roster another term, use --as-of DATE or --term NAME.",
    ),
    "F406": (
        "A class matches an exclusion pattern (lunch, study hall, ...); left out with its enrolments.",
        "Nothing to do; change filters.exclude_classes in the profile to keep such classes.",
    ),
    "F407": (
        "A class's term has unreadable dates; the class is left out.",
        "Correct the term's dates in the SIS terms export.",
    ),
    "F408": (
        "A staff member's role is not one the profile rosters.",
        "Nothing to do, or add the role to the profile's staff_roles map.",
    ),
    "F409": (
        "A contact is not a guardian (an emergency or pickup contact, a relative: OneRoster's role or SDS's "
        "relationshipRole relative); not created, and "
        "taken off any student's agentSourcedIds naming them.",
        "Nothing to do.",
    ),
    "F410": ("No shorter term contains the as-of date, so the upcoming term was added.", "Nothing to do."),
    "F411": ("A class's term is not one of those --term names; left out.", "Nothing to do."),
    "F412": ("A class has no enrolled student; left out.", "Nothing to do, unless students should be in it."),
    "F413": ("A guardian is linked to no student in this set; not created.", "Nothing to do."),
    "F414": ("A school has no published user or class; not written to orgs.csv.", "Nothing to do."),
    "F420": (
        "A class was kept without the current-term check: its term has no dates in the exports.",
        "Add the terms export (or the term's dates), or leave other terms' classes out of the export.",
    ),
    "F421": (
        "No term contains the as-of date yet (summer): nothing is published and the last set stays.",
        "Nothing to do; the run publishes again once the term starts.",
    ),
    "F422": (
        "Every term in the exports has ended: nothing is published until next year's terms are exported. "
        "A year and two weeks after the exports' school year started, with still no later term, the run is "
        "refused instead (X994): the new year has begun. An export of the current classes only (its classes "
        "and enrolments a header only from the day after the last day) says the same once every term of the last "
        "published set and of the terms export has ended and none has begun; while a term runs it is refused (X910).",
        "Export the new school year's terms, sections and enrolments from the SIS.",
    ),
    # --- V: the output set ----------------------------------------------------------------------
    "V500": (
        "A record is listed again with identical data; merged into one. A class listed again with another teacher "
        "(an export listing a co-taught class once per teacher) keeps both teachers, the later one as a "
        "co-teacher; where the profile says its export lists each class once (one_row_per_class), the class "
        "keeps one row's teachers, which the message names, and the others' teacher enrolments are left out, "
        "each said (X850).",
        "Nothing to do.",
    ),
    "V501": (
        "A sourcedId was already written from another row with different data; this row is left out.",
        "Give each record its own ID in the SIS, or remove the duplicate row.",
    ),
    "V502": (
        "A record points to a record that is not in the set (an enrolment: a class the classes export never "
        "listed); it is left out.",
        "Add the missing record to the export, or correct the reference in the SIS.",
    ),
    "V503": (
        "An enrolment's class, listed in the classes export, was left out (another term, an exclusion, an "
        "error), so the enrolment goes too (a class the export never listed: V502). An enrolment whose "
        "own dates also leave it out (semester 2's, dated January) is counted here, with its class, "
        "not as starting later (F426).",
        "Nothing to do for the enrolment; see the class's own line (caused_by in the explain file).",
    ),
    "V504": (
        "A record's user was left out or never listed, so the record goes too.",
        "Nothing to do for this record; see the user's own line (caused_by in the explain file).",
    ),
    "V505": ("A school ID in a list is not in the set; removed from the list.", "Check the school ID in the SIS."),
    "V506": (
        "A staff member has no email; Remind requires one for staff, so they are left out.",
        "Add the email in the SIS, or set settings.email_domain to build one (only where the profile's email "
        "column has a fallback template reading it, such as `{TeacherLoginID}@{settings.email_domain}`, and the "
        "export has the column the template reads: the message names one it lacks).",
    ),
    "V507": (
        "A value is not one the target allows; the record is left out.",
        "Correct the value in the SIS, or map it in the profile.",
    ),
    "V508": (
        "Rows combined into one record disagree on a value; the lower value (in text order) is kept, "
        "whatever the rows' order. Rows of one class ID, course and section number that differ only in the "
        "period (one section meeting twice; its title made of the period) are one class: the record lowest "
        "in text order is kept, with the teachers of every row. A school, course or session (term) listed "
        "on two rows of one ID with different data keeps the record lowest in text order too, field by field "
        "in the file's column order (kept from neither, a school would take its people with it).",
        "Make the rows agree in the SIS.",
    ),
    "V509": (
        "Two users have the same email; Remind gives an email to one user only. Said of a guardian "
        "whose every email, phone and sms another user had first, the message adds that Remind "
        "cannot create them (it needs one unique contact point per parent). Under --target oneroster both "
        "are published with it: a strict consumer keys accounts on the sourcedId (the usernames are made "
        "one user's each, D389), and only one that keys them on the email takes the two for one person. "
        "A staff member and a parent or guardian of one name are said to be likely one person in two roles "
        "(a teacher who is also a parent): Remind makes an account of each record, and a parent's needs a "
        "contact point of its own; the message says whether the parent or guardian record has one (a phone).",
        "Give each person their own email in the SIS. One person in two roles: keep the email on the staff "
        "record, and give the parent or guardian record a personal email or mobile phone if it has none.",
    ),
    "V510": (
        "Two guardians share a phone or email; Remind needs a unique contact point. The message adds "
        "when this guardian has none of their own, so Remind cannot create them. Under --target oneroster "
        "both are published with it, and only a consumer that keys parents on it takes the two for one.",
        "Check the guardians' contact details in the SIS.",
    ),
    "V511": (
        "A student lists 6 or more guardians; Remind holds such records.",
        "Check the student's contacts in the SIS.",
    ),
    "V512": ("Classes at one school shared a title; this one was given a distinct title.", "Nothing to do."),
    "V513": ("A class title was cut to Remind's limit.", "Shorten the course or section name in the SIS if needed."),
    "V514": (
        "A user (or a parent, through their children's classes) is in more classes than Remind's 100 a user "
        "account. The set is published with all of them, but Remind does not take them all and says not which "
        "it keeps, so with --target remind the run exits 1: a person looks.",
        "Check the user's schedule in the SIS: leave out the sections nobody messages (lunch, study hall, "
        "attendance copies) with the profile's filters.exclude_classes, or take the user out of the sections "
        "they do not teach or take; with --target oneroster (no such limit) nothing is needed.",
    ),
    "V515": (
        "A guardian has no email, phone or sms (a run: after the profile's cleaners; a set given to "
        "`transform validate` with the Remind target: or only a phone or sms that is no number, 'call me after "
        "5', read as the phone cleaner reads one); Remind cannot create them, so they are left out (a run "
        "leaves them out with --target oneroster too).",
        "Add a phone or email for the guardian in the SIS.",
    ),
    "V520": ("A file the target's set must have is missing.", "Make the set with `transform`, or add the file."),
    "V521": ("A file is not part of the target's set.", "Remove it from the set."),
    "V522": ("A file's header is not the one the target expects.", "Write the columns in the spec's order."),
    "V523": ("A cell holds a quote or a line break.", "Remove it from the value."),
    "V524": ("manifest.csv is not valid.", "Make the set with `transform`, or correct the manifest."),
    "V525": ("A birth date is not in the target's format.", "Write it as the target asks (YYYY/MM/DD for Remind)."),
    "V526": ("Classes at one school share a title.", "Give each class its own title."),
    "V527": ("A user's agentSourcedIds names a user not in users.csv.", "Add the user, or remove the link."),
    "V528": ("The set cannot be read.", "Check the path and the file permissions."),
    "V529": ("A value not allowed in the target's set was rewritten.", "Nothing to do."),
    "V530": ("A record no other record uses was not written.", "Nothing to do."),
    "V531": ("An optional reference points to nothing in the set; it was left blank.", "Nothing to do."),
    "V532": (
        "A record made from the same export row as a class that was left out goes with it.",
        "Nothing to do for this record; see why the class was left out.",
    ),
    "V533": (
        "An enrolment is at a school whose row of its class was left out; it goes with it.",
        "Give the class one ID per school in the SIS.",
    ),
    "V534": (
        "A record points to an org that is not a school; Remind ingests only schools.",
        "Point it to a school in the SIS, or list that org in settings.exclude_schools.",
    ),
    "V535": ("An org in a list is not a school; removed from the list.", "Nothing to do."),
    "V536": ("A value in a list is not allowed; removed from the list.", "Nothing to do."),
    "V537": (
        "Two rows give one user ID with different data; neither is kept, nor what names the ID. A student "
        "of a students export and a staff member of another name of a staff export under one ID are V556: "
        "nothing is published.",
        "Give each person their own ID in the SIS (or make the two rows agree).",
    ),
    "V538": (
        "An enrolment's school differs from its class's; the class's school was written.",
        "Correct the enrolment's school in the SIS.",
    ),
    "V540": ("A session leads to no schoolYear session.", "Add the school year, or its parentSourcedId."),
    "V541": ("A session's schoolYear is not the year its school year ends.", "Correct schoolYear."),
    "V542": ("A username holds an @ but is not a valid email.", "Correct the username."),
    "V543": ("A userIds item is not of the {Type:Id} form.", "Write it as {Type:Id}."),
    "V544": ("A username that is not a valid email was replaced.", "Nothing to do."),
    "V550": (
        "Rows naming one guardian give two values; the lower one is kept so row order never decides. One "
        "exception (an email, phone or sms of a parent read from the children's rows): when every row gave the "
        "value the last set published and now most of the same children's rows give one new value (no row blank, "
        "no child new), the new one is kept (X858 the night it changes).",
        "Correct the guardian's record in the SIS so that the rows agree.",
    ),
    "V551": (
        "An SIS contact has two values; the lower one is kept (of two phones, the one the export "
        "types a mobile, when the profile says which rows hold one: guardian.phone_mobile).",
        "Make the contact's rows agree in the SIS.",
    ),
    "V560": (
        "An ID in the set is not written as the ID it looks like (space at an end, invisible character, "
        "full-width letters or digits, two spaces in a row or a non-breaking space inside).",
        "Make the set with `transform`, which rewrites such IDs, or clean the ID at its source.",
    ),
    "V561": ("An enrolment's school differs from its class's school.", "Correct the enrolment's school."),
    # --- X: the run itself ------------------------------------------------------------------------
    "X900": (
        "The output folder holds files this tool did not write; it will not replace them.",
        "Give an output folder of its own, or move the other files away.",
    ),
    "X901": (
        "The output cannot be written. Found before any export is read (exit 2, nothing read): OUT's "
        "folder or its state folder takes no file (permissions, a read-only disk), OUT is a mount "
        "point (the set is swapped in beside it), or OUT's name is too long for the folders kept "
        "beside it. Found while the set was staged or swapped (exit 1): the disk filled up or failed "
        "meanwhile; nothing was published and last night's set stays.",
        "Fix the folder's permissions or free space; for a mount point, give a folder inside the "
        "mount as OUT; for a long name, a shorter one. Then rerun.",
    ),
    "X902": ("An option or path given to the command is wrong.", "Correct the option as the message says."),
    "X903": (
        "An output file would hold no rows (no schools, no users, or every class failed); nothing published. "
        "When the schools the exports name are values of another column of the schools export than the one "
        "the orgs' sourcedId reads, the step names that column and the orgs rule's place in the profile.",
        "Read the report for why the records were left out, fix that, and rerun.",
    ),
    "X904": (
        "--strict: the run found warnings or errors; nothing published.",
        "Fix in the SIS the problems the run found (each code with its first records: on the console above the "
        "verdict, in --report, and on the --html page under 'Left out and why' and 'Warnings'), or run without "
        "--strict to publish with them.",
    ),
    "X905": (
        "No term contains the as-of date and none starts soon: the export looks stale.",
        "Export the current terms from the SIS, or check --as-of.",
    ),
    "X906": (
        "The set would remove more records than the limit against the last published set; nothing published. "
        "Only the removals no ended term explains count (the list's rows with term_ended blank, or said "
        "'by the last published set': a class no longer exported, last year's at the August rollover): the "
        "classes of a term that ended, and their enrolments, are said apart and published as on any term "
        "change (X937). "
        "The message says what tells a broken export from a new school year: the rows tonight's own errors left "
        "out, an export with fewer rows than when the last set was made, students who would be in no class; "
        "and how many of the removals are of people tonight's exports still list, left out on purpose as "
        "withdrawn or inactive (their enrolments, the classes they leave with no student): a batch of "
        "withdrawals (the seniors' last day, a semester's end), no broken export; and how many are a school "
        "move: classes and enrolments of students enrolled tonight in a class of another school, their own "
        "school in users.csv moved with them (a school closing, whose every class is gone; a school opening, "
        "new tonight), not missing from the exports; and how many are of classes tonight's exports still hold "
        "that the profile's own exclusion patterns left out tonight (F406: a pattern an upgrade's bundled "
        "profile or the district added, or a title changed to match one), with the pattern, counted apart from "
        "those gone from the exports.",
        "Look at <out>-removals.csv, its rows with term_ended blank (or said by the last published set: a "
        "school year's classes ended, no longer exported). When the message names errors that left the "
        "records out, fix those (the records are in the exports); when it names an export that shrank or students "
        "in no class, export it again whole and rerun. When it says the removals are of people listed as "
        "withdrawn or inactive and that is expected, rerun once with the --max-removal it names. Only if those "
        "records are really gone (a new school year, a school closed), rerun with --allow-rollover. When it says "
        "the removals are a school move that --allow-rollover publishes (an export that shrank with it is said "
        "with the move: the rows its students left), and the school did close or open (its students moved), "
        "rerun once with --allow-rollover: it publishes the move (I298) and the nights after "
        "run without it as usual. When it says the classes are left out by an exclusion pattern (F406), rerun "
        "with --explain PATH to confirm (their rows say F406 and the pattern): if they should leave Remind, "
        "rerun once with --allow-rollover; if not, name them in filters.exclude_classes.keep (or switch the "
        "pattern off in the district profile) and rerun.",
    ),
    "X907": (
        "An export has under half of last run's rows; nothing published. An optional export the run "
        "reads (sectionteacher.txt, a OneRoster demographics.csv) is held to last run's rows as a "
        "required one is. Under a hundredth of last run's rows is the size of a changes-only (delta) export, "
        "whatever its manifest says: the message says so, and the next step is a full (bulk) export, never "
        "--allow-rollover. A sections or schedule export that shrank because a SIS job exporting the current "
        "term only dropped an ended term's rows is not refused when every class and enrolment the set loses is "
        "of a term that ended (X937).",
        "Check the SIS export; if the drop is right, rerun with --allow-rollover.",
    ),
    "X908": (
        "--allow-rollover: a large removal was published on purpose. The students it left in no class, "
        "when over 2 % (or over half at a school), are said beside it (X898, X998). On a night no term change "
        "or new school year explains (the flag left in a nightly job), F454 says it too, exit 1.",
        "Nothing to do, unless X898 or X998 says students were left in no class: then the schedule export "
        "was cut or filtered; export it whole and rerun.",
    ),
    "X909": (
        "The last published set is old (and no upload of it by hand was recorded since, `transform uploaded`); "
        "Remind drops a district after 90 days without an upload. A run that publishes nothing new from day "
        "80 on (the summer) stops with X996, exit 1: a person must upload.",
        "If the nightly run fails, get it publishing again. In the summer, when the exports hold nothing new "
        "to publish, upload the files in the output folder again by hand before day 90 and record it with "
        "`transform uploaded OUT`, or add --upload: a run with it sends the set again itself.",
    ),
    "X910": (
        "An export has no data rows; nothing published. A required export is refused empty even on the "
        "first run; an optional one (sectionteacher.txt, a OneRoster demographics.csv) when the last "
        "published set was made with its rows (one empty every night stays quiet). A demographics.csv with "
        "its header alone on a first set is published (I296).",
        "Check the SIS export job, and rerun once it writes rows. Only an export that is empty for a "
        "reason (between school years, before the new year's schedule is built) is for --allow-rollover, "
        "which still refuses a set whose classes or enrolments the other exports feed and that comes "
        "out empty (X916); a students or staff export is never right to be empty.",
    ),
    "X911": (
        "The set is published, but something asked for after it (zip, report, state) failed.",
        "Free disk space, or fix the path the message names (a file where the run keeps a folder, "
        "a folder it cannot write), and rerun.",
    ),
    "X912": (
        "The set is published locally but the upload failed; the next run sends it again.",
        "Check the network and the SFTP account; the message says what failed.",
    ),
    "X913": ("The set was delivered.", "Nothing to do."),
    "X914": ("Another run is writing the same output.", "Wait for it to finish; do not schedule runs that overlap."),
    "X915": (
        "Errors left out too many of an export's rows; nothing published. When they are enrolment rows naming "
        "classes the classes export does not hold, and most of those IDs are the classes' with a part more or "
        "less (the profile's two templates build them otherwise) or with their leading zeros lost (a "
        "spreadsheet), the message and the step say so, the templates with their places; on a new profile "
        "(a first set, or changed since the last), the step asks to compare the two templates before exporting "
        "again.",
        "Fix the problem the message names at its first line (its code's fix: `transform codes ID`), "
        "and rerun; --allow-incomplete publishes the set without those rows, only a last resort.",
    ),
    "X916": (
        "An output file would be empty although its exports have rows; nothing published.",
        "Fix the cause the message names (its code's fix: `transform codes ID`), and rerun; "
        "--allow-incomplete publishes the set with the file empty, only a last resort.",
    ),
    "X917": ("--term names no term of the exports' classes.", "Use one of the terms the message lists."),
    "X936": (
        "A condition of a users rule that exists to leave people out (a restrained contact's record type, a "
        "contact not allowed, a withdrawn student's status) reads a column the export lacks, declared "
        "optional, so it read every row blank and left no one out (I260), and tonight's set holds users the "
        "last published set did not, or, for a condition deciding which children a contact is the guardian of, "
        "a known parent linked to a child the last set did not link him to (a father without custody of one "
        "child): whoever the condition exists to leave out may be among them. Refused "
        "rather than published with a warning: with --upload the set would reach Remind in the same run, "
        "and a message to a person a court keeps from a child cannot be called back. On a first set there "
        "is no last set to tell who is new: I260 warns, naming the conditions and what they leave out. A "
        "condition that leaves out only the withdrawn (a student's or staff member's end date or status) is "
        "refused only when its column left the export since the last published set: an export of the active "
        "only has no such column any night, and nobody it would leave out (I260 each night).",
        "Put the column back in the SIS export (its template or query; the message says when the last "
        "published set's export had it), and rerun. If the SIS truly has no such people, mark the condition "
        "`optional: true` in your district profile (tables: users: RULE: where: NAME: {optional: true}). "
        "Checked the users the message names in the SIS and none is to be left out: --allow-incomplete "
        "publishes tonight's set (they are then in the last set; a later night is refused only for users "
        "new again).",
    ),
    "X918": (
        "--allow-incomplete: an incomplete set was published on purpose; F453 names what the flag let "
        "through, and the run exits 1 (a flag left in a nightly job never publishes a refusal unsaid).",
        "Nothing to do if the flag was meant for tonight; else correct the exports and rerun without it.",
    ),
    "X925": (
        "An SFTP key, password file or known_hosts cannot be used.",
        "Correct the file or its permissions as the message says.",
    ),
    "X926": (
        "Sets published since a date have not reached the server.",
        "Check the upload; the next successful run sends the latest set.",
    ),
    "X927": (
        "The last delivery is old; Remind drops a district after 90 days without an upload. With --upload, a "
        "night with nothing new to publish (the summer) sends the set the output folder holds again (X913, "
        "exit 0; X912, exit 1, if it fails); a night that publishes sends its own.",
        "If uploads fail (X912), get the upload working again; otherwise nothing.",
    ),
    "X928": ("A known_hosts line cannot be read and is ignored.", "Correct or remove the line."),
    "X930": (
        "The state file beside the output is not one this tool wrote; nothing published.",
        "Rename the file the message names, in its folder (mv last.json last.json.damaged), and rerun; leave "
        "the state folder's other files (identities.csv, lock) as they are. The run then compares with the set "
        "OUT holds, by ID, and the first night that publishes says F452 (exit 1): before that set is uploaded, "
        "check what only last.json could: that each export is whole (its line count against the night "
        "before's), and that no column that leaves people out (an end date, a status) came blank or went from "
        "its export (X877, X936), which puts the people it left out back in the set. The message says the fix "
        "of the file it names: delivered.json's is the same rename once you have looked at what the server "
        "holds (the run then compares with OUT, which may never have reached it; no F452); a key of last.json "
        "with a step of its own (the usernames held, the former students' addresses) says that step.",
    ),
    "X931": (
        "The run ran out of memory; the message says what OUT holds.",
        "Give the job more memory, or run with --jobs 1.",
    ),
    "X932": (
        "A file has the name of the tool's state folder.",
        "Move the file away.",
    ),
    "X933": ("The profile file is too large to be a profile.", "Check that --profile names the right file."),
    "X934": ("The working directory no longer exists.", "cd to a folder that exists, or give absolute paths."),
    "X935": (
        "A run was stopped while publishing; the last published set was put back first.",
        "Nothing to do.",
    ),
    "X937": (
        "A term ended: classes of that term and their enrolments were removed, as the terms export "
        "explains; published. So are the classes of a term --term did not choose that ended, or that has not "
        "started and ends before the chosen one starts (a term running tonight that --term leaves out is "
        "refused: X819), and, the next night without --term, the "
        "classes of a term not started that the last set rostered ahead (docs/scheduling.md, 'The calendar'). "
        "So are, on a new term's first night, the classes tonight's exports no longer hold (a SIS job that "
        "exports the current term only) whose terms had ended by the dates the last published set recorded, "
        "when tonight's set holds the classes of the term that followed them in the school year; and, on the "
        "nights between two terms (a weekend between semesters or trimesters, a winter break, a school's year "
        "over while others run), those whose terms tonight's terms export dates as the last set did, ended "
        "since it was made, while no later term of their school has begun: their students left in no class "
        "until then are in no "
        "class by the calendar, not by a cut export (X997, X897 do not count them).",
        "Nothing to do; <out>-removals.csv lists what went.",
    ),
    # --- added with issue 19 (a new district's first hour) and issue 20 (the command line) ---
    "F423": (
        "A row was left out for a reason the profile names in its own words (`because:`).",
        "Nothing to do if the reason is right; otherwise correct the record in the SIS or the "
        "condition in your profile.",
    ),
    "D340": (
        "A range of values (a class's grade span, low to high) could not be listed: an end is "
        "missing, unknown, backwards or too far from the other; the cell is left blank.",
        "Correct the low or high value of the record in the SIS (a course's grade span, say).",
    ),
    "X950": (
        "The command line is wrong (an unknown option or sub-command, a bad value); nothing was read.",
        "Correct the command; `transform COMMAND --help` lists what each takes.",
    ),
    "P110": (
        "--profile names a file path that does not exist.",
        "Check the path (relative paths are read from the current folder), or give a bundled "
        "profile's name (`transform profiles`).",
    ),
    "I240": (
        "A column your profile reads is not in the export, so a field it fills is blank on every row.",
        "Correct the column's name in your profile (a misspelling?) or add the column to the "
        "export; `transform check-profile PROFILE --exports DIR` checks every column.",
    ),
    "I241": (
        "An optional export the profile can read was not found; the rules that read it are skipped.",
        "Nothing to do unless you meant to give that export: then put it in the exports folder.",
    ),
    "I242": (
        "The exports lack files or columns the profile needs, and look like the exports of "
        "another bundled profile's SIS; nothing was read.",
        "Run with the --profile the message suggests (or check that the folder is the right one).",
    ),
    "I243": (
        "The exports folder holds a OneRoster set this tool wrote, not SIS exports: EXPORTS and "
        "OUT were probably given the wrong way round; nothing was read.",
        "Give the SIS exports folder first and the output folder second.",
    ),
    "I244": (
        "An optional column the profile can read is not in the export; the fields it would feed "
        "are filled from other columns or left blank, and a class exclusion field reading it is "
        "searched as blank, the exclusion's patterns matched against its other fields.",
        "Nothing to do unless your SIS has that data: then add the column to the export.",
    ),
    "I250": (
        "The set's manifest.csv says it is a kind of export (a OneRoster version) this profile "
        "does not read, but another bundled profile does; nothing was read.",
        "Run with the --profile the message names.",
    ),
    "I251": (
        "The exports' headers look like a kind of set (a OneRoster version) this profile does not read.",
        "Run with the --profile the message suggests.",
    ),
    "D350": (
        "A date column's values show it is written in the other order than the profile reads it "
        "(13/04/2026 day first, read month first, or the reverse), so its other dates were read "
        "with day and month swapped, term dates included; nothing was published. The message names "
        "what gave the order: the column's own formats (the first that reads 01/02/2026) or day_first "
        "option, a date condition's or filters.current_term's own day_first, settings.day_first, or "
        "settings.date_formats.",
        "Change what the message names: settings.day_first in the district profile (true for "
        "day/month/year exports, false for month/day/year), which decides over settings.date_formats; "
        "or, where the column's own formats or day_first decided, those (settings.day_first does not "
        "overrule them). Where another export is written the other way round, give this column its own "
        "order as the message says: the day_first of the date cleaner the column is read with, which the "
        "message names (clean: [{birth_date: {day_first: ...}}] for a birth date, whose form's cleaner a "
        "`date` before it does not change; clean: [{date: {day_first: ...}}] for a term's dates), and for a "
        "column only conditions or the term filter read (PowerSchool's cc DateEnrolled), `day_first:` on the "
        "where-condition or on filters.current_term it names. Then run again.",
    ),
    "V565": (
        "A set given to validate has an optional reference (orgs.parentSourcedId, "
        "academicSessions.parentSourcedId) naming a record that is not in the set; a consumer "
        "such as Remind may refuse the whole set.",
        "Add the record it names to the set, or leave the reference empty (a run of this tool "
        "blanks it and reports V531).",
    ),
    "F424": (
        "A contact's relationship to the student (e.g. relationshipRole), its contact type (a blank "
        "Clever Contact_type is judged by the relationship), or its guardian flag (-1, Sí, checked: no "
        "yes or no form) is a value the profile neither makes a guardian nor knows as another kind of "
        "contact; no guardian is linked for it.",
        "If it is a parent or guardian, add the value to the profile's guardian list (a district "
        "profile that extends the bundled one); otherwise to its list of other contacts.",
    ),
    "V575": (
        "A student's agentSourcedIds names a person who is not published as their guardian (not a "
        "parent, guardian or relative, left out, or not listed); the ID is taken off the student.",
        "Look at that person's own row (its code in the report says why it was left out), or fix "
        "the student's agentSourcedIds in the SIS.",
    ),
    "I260": (
        "A column a condition reads (a `where` or a filter, such as the status that marks a student "
        "withdrawn) is not in the export, so the condition sees it blank on every row. Where a blank "
        "passes the condition, the records it exists to leave out are published; where a blank fails "
        "it (Illuminate's Legal Guardian must be a yes), every row is left out and none of its records "
        "is published (no parents); the message says which. Not said of a bundled profile's optional "
        "column that a class exclusion field reads alone beside another field the export has (FACTS's "
        "Subject beside Name): the patterns still search that one, a note (I244), unless your own "
        "profile reads the column.",
        "Correct the column's name in the export or in your profile (the message says which header "
        "looks like it); `transform check-profile PROFILE --exports DIR` checks every column. "
        "--strict refuses such a run.",
    ),
    "I261": (
        "A rule of the profile gives no value to a field the output needs in every record (a "
        "skeleton from init-profile leaves such fields as comments), so the run would leave out "
        "every record the rule makes and publish nothing.",
        "Fill in the field under the rule's columns with the export column that holds it, "
        "`FIELD: {column: NAME}`; docs/profiles.md explains the keys.",
    ),
    "D355": (
        "An ID is in scientific notation (1.23457E+11, or 1.23457E11 without the plus): a spreadsheet "
        "opened the export and rounded the number, so the real ID is lost and two people may now share "
        "it; the row is left out, and every record naming that ID with it.",
        "Export again straight from the SIS, or format the ID column as text before saving the file.",
    ),
    "V570": (
        "Rows a profile combines into one record name one ID but a different person (another name or "
        "birth date): they are not combined, and neither person is kept, nor what names the ID.",
        "Give each person their own ID in the SIS (or correct the name or birth date on the wrong row).",
    ),
    "V576": (
        "Two rows of one ID in the demographics say different things about the person (another birth "
        "date, say). Keeping the first would publish another set for another export order, and the tool "
        "cannot tell which row is right: neither record is kept (the user stays, without demographics). "
        "The same for two classes under one ID at one school of another course or section number (two sections), "
        "or whose titles differ in more than the period (two sections, or one with a wrong title: the tool "
        "cannot tell): kept, the first row's class would have been published with both rows' students and the "
        "first row's title and teacher; neither is kept, nor the enrolments in it (V503). Rows of one section "
        "that differ only in a period (and a title made of it), a room or a term are one class (V508). And for "
        "two enrolments under one ID with another class, user or role (a schedule change exported with the "
        "old class, or two enrolments given one ID): neither is kept, where the first row's used to be.",
        "Correct the wrong row in the SIS (or remove the row listed twice; give each section and each "
        "enrolment its own ID) and export again.",
    ),
    "V577": (
        "A demographics row belongs to a user who is published, but as a teacher, administrator, aide or "
        "guardian: Remind reads demographics.csv for students only (birth dates of student accounts), "
        "so the row is left out. The user is published without it.",
        "Nothing to do: the export lists demographics for staff too, which the target does not take.",
    ),
    "V578": (
        "An enrolment's role does not fit its user's role in users.csv: a student enrolled as a teacher "
        "(Remind would make them a class owner), a teacher, aide or administrator enrolled as a student, "
        "or a parent, guardian or relative enrolled at all (they follow their children into classes, "
        "Remind; OneRoster enrols administrators, proctors, students and teachers). A student enrolment "
        "needs a student; a teacher, administrator, proctor or aide enrolment needs a teacher, aide, "
        "administrator or proctor (an aide may be enrolled as a teacher: the OneRoster target writes an "
        "aide's enrolment so). The row is left out.",
        "Correct the enrolment's role or its userSourcedId in the SIS (or the user's role, if that is "
        "the wrong one), or map the role column right in the profile, and run again.",
    ),
    "V579": (
        "An enrolment with primary true of a user who is not a teacher or administrator (a student, an "
        "aide, a proctor): primary marks the class owner (Remind: only teachers and administrators "
        "become class owners; OneRoster: primary applies to teachers). It is written as false.",
        "Set primary to false (or leave it empty) on enrolments of students, aides and proctors in the SIS export.",
    ),
    "F425": (
        "A term in the terms (or sessions) export ends before it starts: its start and end dates are "
        "swapped or one is mistyped. No date is inside such a term, so its classes cannot be placed in "
        "the calendar; they are left out as an error (not as classes outside the current term), and the "
        "export-errors limit (X915) refuses a run that loses many of them. Each class is listed at its "
        "own row; the message names the term's row of the terms export too (when the dates are joined "
        "from one), which is the row to correct.",
        "Correct the term's start and end dates in the SIS (the terms export's row the message names) "
        "and export again.",
    ),
    "X938": (
        "User IDs that the last published set gave to one person now name another: both names differ, "
        "or one name and the birth date (the rule of V570), or, for a user without a birth date (staff, "
        "guardians), a given name that is no other form of the old one with every email, phone and "
        "username changed too (a staff number reused for a new hire of the same family name). Remind "
        "keeps a user's messages, classes and "
        "parents by ID, so they would move to someone else; a shifted or re-used ID column (Student_Number "
        "one row off) does it to a whole school in one night. More than settings.max_reassigned percent "
        "(default 1; --max-reassigned) of the IDs in both sets, and at least 3, refuse the run.",
        "Look at the examples in the last published set and tonight's exports: fix the ID column in the "
        "SIS export (or the profile's mapping) and rerun. If the IDs were re-issued on purpose, run once "
        "with --allow-rollover.",
    ),
    "X939": (
        "Some user IDs of the last published set now name another person (both names differ, or one "
        "name and the birth date, or without a birth date a given name that is no other form of the old "
        "one with every email, phone and username changed: a staff number reused for a new hire, a parent "
        "record typed over with another person's, a P1 ID passing to the father), fewer than the limit, "
        "or accepted with --allow-rollover. The set is "
        "published. Under the limit nobody has accepted them yet, and an ID given to another person shows "
        'one family another\'s child: the run exits 1 ("Published, but ..."), for a person to look; '
        "accepted with --allow-rollover, it exits 0.",
        "Check the IDs listed: a name corrected in the SIS is fine; an ID given to another person is not, "
        "and must be fixed in the SIS. Two names that look the same are followed by the characters that "
        "differ (a Cyrillic 'а' where the last set had 'a'): correct them back in the SIS record.",
    ),
    "F426": (
        "A student's, staff member's or enrolment's row starts more than the term window "
        "(filters.current_term.window_days, 21 days unless the profile says otherwise: `as_of+window` in "
        "the condition) after the as-of date: next school year's row, or a transfer entered ahead. It is "
        "rostered when it starts; the current row is published meanwhile. An enrolment of a term --term "
        "chooses that starts later is judged from that term's first day instead (the message names it).",
        "Nothing to do.",
    ),
    "V585": (
        "A staff member's rows (one per school) give different roles. Remind holds one role per user: "
        "a teacher at one school stays a teacher (Remind makes teachers the owners of their classes; an "
        "aide owns none); otherwise the role with fewer rights is kept (aide before administrator), so "
        "that no one gets rights over a school by a row at another.",
        "If the person should have the other role everywhere, correct the role in the SIS (or map it in "
        "the profile's staff role map).",
    ),
    "D356": (
        "A row's start date is not a date. A start date only holds back rows that start later (F426), "
        "so the row is kept as if it had started.",
        "Correct the date in the SIS.",
    ),
    "V580": (
        "Two enrolment rows (two enrolment IDs) enrol the same user in the same class. A OneRoster "
        "consumer holds one enrolment per user per class: Remind would list the student in the class "
        "twice. One is published, under the lowest of the enrolment IDs (in text order, whatever the rows' "
        "order), with primary true if any of them says so, the earliest beginDate and the latest endDate "
        "(none, open, if any has none); the others are left out. A set checked by `transform validate` "
        "is reported as it is.",
        "Remove the repeated enrolment in the SIS (a section listed twice, or a re-enrolment that left "
        "the old one in place) and export again.",
    ),
    "V581": (
        "A set's enrolment (checked by `transform validate`) has primary true for a user who is not a "
        "teacher or administrator (a student, an aide, a proctor): primary marks the class owner "
        "(Remind: only teachers and administrators become class owners; OneRoster: primary applies to "
        "teachers). A run writes it as false (V579); the set as given is not valid.",
        "Write primary as false (or empty) on enrolments of students, aides and proctors, or make the "
        "set again with `transform`, which does.",
    ),
    "V582": (
        "A guardian's row (or contact row) names a student ID that is not a student published in this "
        "set: the student was left out (inactive, withdrawn, another school; see that student's row) "
        "or is not in the students export at all. The guardian is published with the students they "
        "have here; this link is left out (a guardian with no student left is not created, F413).",
        "When the student should be rostered, add or correct the student in the SIS (or the ID in the "
        "guardian's row) and export again; a link to a student who has left needs nothing.",
    ),
    "X940": (
        "A school chosen with --school (or settings.schools) is not a school of the exports: a typo, "
        "a school number given for its ID, or exports of another district. Nothing is read further "
        "or published.",
        "Use one of the school IDs the message lists (orgs sourcedIds, as orgs.csv writes them).",
    ),
    "V586": (
        "A class is published with students but no teacher or administrator enrolled in it: its "
        "teacher was left out (inactive, no email, another problem the report lists), has left, or the "
        "export names none. Remind makes the teachers and administrators enrolled in a class its "
        "owners; a class without one is there, but nobody can message its families.",
        "Assign the class's teacher in the SIS, or look up why the teacher was left out (their own "
        "row in the report or the explain file).",
    ),
    "V583": (
        "A set's value (checked by `transform validate`) is not of the form its column needs: a date "
        "that is not YYYY-MM-DD or no day of the calendar (2026-13-01, 2021-02-30), a dateLastModified "
        "that is no ISO 8601 date and time. A consumer refuses the file or reads another day.",
        "Write the value in the form the message names, or make the set again with `transform`, "
        "which writes each date so.",
    ),
    "V584": (
        "A set's status or dateLastModified (checked by `transform validate`) does not fit the file's "
        "mode in manifest.csv: a bulk file (a whole snapshot) leaves status blank (a bulk record is "
        "there, so it is active), and a strict OneRoster set's bulk file leaves dateLastModified blank too "
        "(the spec's bulk rule; Remind reads neither column, so a Remind set may carry a date); a delta file "
        "(changes only) gives each record a status, active or tobedeleted, and a dateLastModified.",
        "Leave status (and, for `--target oneroster`, dateLastModified) blank in a bulk file (Remind takes "
        "bulk sets), or, for a delta file, fill in both columns; `transform` writes bulk sets with them blank.",
    ),
    "V587": (
        "A set's agentSourcedIds (checked by `transform validate`) links people who cannot be each "
        "other's agents: a student's agents are their parents and guardians (Remind: 'Add the "
        "guardian's sourcedId to the student's agentSourcedIds'), a parent's or guardian's are their "
        "students. A student naming a teacher or another student would make them a guardian.",
        "Name only the student's parents or guardians (and, on their rows, their students); make the "
        "set again with `transform`, which links guardians so.",
    ),
    "V588": (
        "A record ends before it begins: an enrolment's endDate before its beginDate, or a term's or "
        "school year's endDate before its startDate. The dates are swapped or mistyped.",
        "Correct the dates in the SIS and make the set again.",
    ),
    "D358": (
        "An email is written as a link (mailto:ann@example.org), as a copy from a web page or an email "
        "program gives it; the address alone was written.",
        "Nothing to do; or remove the mailto: in the SIS.",
    ),
    "D359": (
        "An email is what is typed for a family without one (none@none.com, noemail@..., no@email.com, "
        "na@na.com), or a word written for no value (NULL, N/A, none, -: in a file that does not write "
        "SQL's NULL marker, I227): no one reads it, so it is no contact point; the cell was left blank. A parent with "
        "no other email or phone is left out (V515).",
        "Enter the family's real email in the SIS, or leave the field empty.",
    ),
    "I262": (
        "A condition of the profile tests a yes/no flag (custody, contact allowed, deleted, active) "
        "in one form, `Y` or `N` say, while SIS exports write the same flag 1/0, Yes/No, True/False or "
        "T/F, depending on the export: a contact whose flag reads No would pass `not_equals N` and be "
        "published, and a custody flag written True would fail `equals Y` and lose every guardian. "
        "check-profile says it; a run does not (the column may hold a code, not a flag).",
        'Name every form: `op: in, value: ["1", y, "yes", t, "true", x]` for a yes, '
        '`["0", n, "no", f, "false"]` for a no (docs/profiles.md, "Yes/no flags"), testing the '
        "form that lets the row through.",
    ),
    "I264": (
        "A condition (a `where`, a guardian's `link_where` or a column's `when`) compares a flag or code "
        "column with a value no row of the export holds, while the column holds a few values of "
        "another form: deleted rows written 1/0 read as Y, a record-type table the district numbers. "
        "A `not_equals` then leaves out nothing (deleted students are published) and an `equals` "
        "leaves out every row. The set is published. For a condition of the district's own profile (not "
        "one marked `optional: true`), on a first set and on the first set after the profile was changed, "
        'the run exits 1 ("Published, but ..."), as for P113: a status condition put on a date column '
        "published the withdrawn students at exit 0. Later nights with the same profile exit 0 and "
        "still say it. A guard (not_in, not_equals) leaving out values the export does not hold "
        "(`not_in [PK, TK]` on a 6-12 export) leaves out nothing that is there: said, exit 0, unless what it "
        "exists to leave out is there in another form: a yes/no flag spelt otherwise (Y against 1/0), a "
        "column of dates only (a status word can never leave out what the dates mark), a status column of a "
        "few codes (2 to 12 values, one of them on most rows as an active code is) all numbers or all words, "
        "none of the guard's values of their form (`Status not_in [I, W]` on a Status of 0 and 2, or "
        "PowerSchool's -2 to 4, published the withdrawn students): a `where` or `link_where` column its rule "
        "publishes nothing from; ten homerooms spread evenly are no status column. A "
        "column the rule publishes (`{Grade} not_in [GR]` on grades 9-12, `{School} not_in [SUMMER]` on "
        "numbered schools) and grade words on grade numbers (`not_in [PK, TK]` on a 9-12 export) stay "
        "exit 0, unless a school of the set itself (orgs.csv) has the guard's word as a word of its name "
        "and people of the guarded rule at it (`{Bldg} not_in [SUMMER]` where 900 Summer School's students "
        "were published), however the rule reads the school (a join, a template, a map) and however many "
        "schools there are: then it asks, exit 1, on a first set, the first after the profile changed and "
        "the first night the school has people of the rule (the summer school in June), as a question: the "
        "name may be a real school's ('Summer Creek High School').",
        "Write the value as the export does (the message lists the values it holds, with counts) in "
        "the district's profile; `transform check-profile PROFILE --exports DIR` shows the columns. When "
        "a guard of your own is right and the export simply holds none of what it leaves out, give the "
        "condition `optional: true`: the run then exits 0, as for P113; a later night with the same "
        "profile does not stop for it either way. --strict refuses such a run.",
    ),
    "I265": (
        "A rule that makes students, staff, parents and guardians or enrolments left out every row of its "
        "export by its own conditions (`where`, `link_where`): a condition that reads the wrong column "
        "or compares with a value the export never holds.",
        "Compare the conditions the message names with the values of the export (the explain file "
        "lists every row left out and why) and correct the profile. --strict refuses such a run.",
    ),
    "X951": (
        "Every student, every staff member, or every parent and guardian, the exports name was left out "
        "by the conditions "
        "of the rule that makes them, so the set would publish none of them: on a first run nothing "
        "would stop it, later the removal limit would. Where the last published set held them and the "
        "profile is the same, the export changed (an integration setting, a report template), and the "
        "step says so first.",
        "Correct the rule's conditions in the profile (the message names them, and the values the "
        "column holds; the explain file lists every row); if the export truly holds none to publish, "
        "rerun with --allow-incomplete.",
    ),
    "X952": (
        "Every term of a school reads as one day long (its start and end date are the same): the "
        "current-term filter reads one date column twice, or the wrong one, so no class is in its "
        "term and the run would publish nothing, as if nothing were due.",
        "Correct filters.current_term start and end in the profile (the start date column and the end "
        "date column of the terms export); the message names what was read.",
    ),
    "V589": (
        "A parent's or guardian's given and family names are both what is typed for no name "
        "(Unknown, N/A, None, Not Listed): Remind would list a parent called 'Unknown Unknown' to "
        "teachers and the family. The record is left out, as a 'Last, First' field holding no name is.",
        "Enter the parent's name in the SIS (or remove the contact if there is no such person).",
    ),
    "F427": (
        "A user has a current row and a second row that starts within the days the profile rostered "
        "ahead (a transfer to another school booked for next week). The current row is published; the "
        "new one replaces it on the day it starts. Before, the two rows were taken for two people "
        "sharing one ID, and the user was left out until the transfer started.",
        "Nothing to do.",
    ),
    "F430": (
        "An enrolment at the school a student transfers to, while the student's row there waits for "
        "its first day (F427): the set would enrol her in the new school's classes while her school "
        "is still the old one, so the class's teacher and its parents would see her early. It is "
        "published with the student's new row, on the day the transfer starts.",
        "Nothing to do.",
    ),
    "X956": (
        "The identity map beside the output (.<out>.transform/identities.csv, the IDs derived for "
        "parents without a SIS ID) exists but cannot be read whole: cut off (a full disk, a copy "
        "stopped part way) or not a file this tool wrote. Read as far as it goes, the parents it no "
        "longer holds would get new IDs on a night their email or phone changed, and Remind would "
        "delete them with their conversations; nothing is published.",
        "Restore the file from a backup of the state folder and rerun; or move it aside and rerun, "
        "accepting that parents whose email, phone or household changed since the map was written "
        "get new IDs (docs/identity.md).",
    ),
    "X957": (
        "An export ends in the middle of a row: its last row has no line end and fewer cells than "
        "the header, or ends inside a quoted value, or has every cell but no line end and a last cell "
        "cut short of the shape the rows before give its column (05/29/20 where they write 05/29/2027: "
        "read as it is, another year); or a zip of exports is incomplete (it begins as a "
        "zip, but the end every zip has is missing). The file was read while the SIS was still "
        "writing it (or a copy stopped part way): the rows after the cut are missing, and the cut "
        "row's values are partial. Nothing is published.",
        "Rerun the export and wait for it to finish before the transform runs (schedule the transform "
        "later, or have the export write to another name and rename it when done). A last row that is "
        "whole but has no line break is read as it is.",
    ),
    "D362": (
        "Students were published, but the exports hold no demographics (the profile's demographics "
        "file, such as OneRoster's optional demographics.csv, was not exported, the profile maps "
        "none, or the export that holds them has no birth-date column or leaves it blank on every "
        "row, as SDS's optional Birthdate and Clever's optional DOB may be), so demographics.csv is "
        "written with its header only. Remind's article calls "
        "demographics.csv required and birthDate data required: it helps create the student "
        "accounts. Said once for the set, not per student.",
        "Add the demographics file (with each student's birth date) to the SIS export, or map the "
        "birth date in the profile's demographics rule from an export that holds it.",
    ),
    "I266": (
        "The export's manifest says a file the profile reads was exported in a mode it cannot read: a "
        "OneRoster delta file (file.users,delta) holds only what changed since the last export, so a "
        "set made from it would tell Remind that everyone it leaves out is gone. Nothing was read; exit "
        "1, not 2: it is the SIS export's settings that must change, not the command or the profile.",
        "Set the SIS's or hub's OneRoster export to bulk mode (a whole snapshot every night) and run "
        "again. The profile's settings.file_modes lists the modes refused.",
    ),
    "F428": (
        "A parent's or guardian's row (a OneRoster 1.2 parent role) is not active: to be deleted, or "
        "ended before the as-of date; not rostered. A student naming them loses the link (V575), "
        "unless another row of theirs is current.",
        "Nothing to do, unless they are the student's parent now: then correct the role in the SIS.",
    ),
    "X954": (
        "The classes name their terms (OneRoster termSourcedIds), but no term of the exports has "
        "dates: the terms export (academicSessions.csv) is missing or holds none. The current-term "
        "filter cannot work, so every class of every term and year (last year's, next semester's) "
        "would be published as current, their students and parents with them.",
        "Add the terms export (the message names it) to the exports and run again. If every class "
        "in the exports is truly wanted, rerun with --allow-incomplete (X918 says it was published).",
    ),
    "V590": (
        "A member of non-teaching staff (an aide in users.csv) is enrolled in a class as a teacher or "
        "administrator. Remind: \"The role of non-teaching staff members should be listed as 'aide'\" in "
        "enrollments.csv, and any teacher or administrator of a class becomes its owner. The enrolment is "
        "written with role aide: she is in the class and owns nothing.",
        "Nothing, if she is non-teaching staff. If she teaches the class, give her a teaching role in the "
        "SIS (or the profile's role map) and she is published as its teacher.",
    ),
    "V591": (
        "In a set being checked: a non-teaching staff member (aide in users.csv) is enrolled as a teacher "
        "or administrator, which makes Remind an owner of the class of her. A run writes the role as aide "
        "(V590).",
        "Write the enrolment's role as aide, or give the user a teaching role if she teaches the class.",
    ),
    "D360": (
        'OneRoster 1.1 (the strict target): primary "MUST only be set to true for ONE teacher for a '
        'class". The SIS marks more than one teacher of the class as its lead (co-teachers, a '
        "replacement entered while the teacher she replaces is still listed): the enrolment of the "
        "lowest sourcedId (in text order, whatever the rows' order) keeps primary true, the others are "
        "written as false.",
        "If the wrong teacher is primary, mark one lead teacher for the section in the SIS (or end the "
        "replaced teacher's assignment).",
    ),
    "D361": (
        "In a set being checked (strict target): more than one enrolment of a class has primary true; "
        "OneRoster 1.1 allows one. A run keeps it on the enrolment of the lowest sourcedId and writes the "
        "others as false (D360).",
        "Keep primary true on the class's one lead teacher.",
    ),
    "X953": (
        "Tonight's set would remove many people of one kind (students, staff, parents) against the last "
        "published set: more than the removal limit of that kind across the district, or more than half "
        "of a kind at one school (at least 3 staff, or 10 students or parents). The whole users.csv may "
        "shrink little (a school's teachers are a few percent of the users), but Remind deletes each one, "
        "and their classes lose "
        "their owners. It is usually a broken export: a staff export cut to some schools, a connector "
        "filter, a contacts export missing. When every one of them is still in tonight's exports, left out on "
        "purpose as withdrawn or inactive (or is a parent of such students only), the message says so instead: "
        "a batch of withdrawals (a semester's end), no broken export.",
        "Look at the removals file: if the export is broken, fix it and rerun. When the message says tonight's "
        "errors left the rows out, the people are in the export: fix what that code says. When it says they are "
        "withdrawn or inactive and that is expected, rerun once with the --max-removal it names (or "
        "--allow-rollover). If the people really left (a school closed, the new school year), rerun with "
        "--allow-rollover.",
    ),
    "X955": (
        "Many people of one kind (at least 3, and more than --max-reassigned percent of that kind) left "
        "the set under their old IDs and came back under new ones, with the same role and name and the same "
        "email or phone (a student: or the same birth date, identifier or parents; a student or a teacher: "
        "or the same schools and classes, or most of them with an enrolment ID kept (in an export that keeps "
        "them) or all but one of three or more, the name one person's at each school), or their old ID without its "
        "leading zeros or in other letter case: "
        "the ID column changed (a connector sending the staff number instead of the teacher ID, a "
        "contact-ID column no longer exported, a move to another SIS). Remind takes a new sourcedId "
        "for a new user: each would be deleted and created again, losing their conversations.",
        "Find why the IDs changed. When the new IDs are the old ones without their leading zeros (the "
        "message says so), the exports went through a spreadsheet: export them again and copy them without "
        "opening them in a spreadsheet; if the SIS itself now writes them so (an upgrade), keep every ID with "
        "a district profile (extends: yours) whose id cleaner puts the zeros back, clean: [{id: {width: N, "
        "pad: true}}] with N the digits of the last set's IDs, on every column the IDs are read from (the "
        "message names them; enrolment IDs a template builds from the number change once: over the removal "
        "limit, --allow-rollover). "
        "When they are in other letter case, no spreadsheet did it and no profile cleaner changes an ID's "
        "case: have the SIS or connector write them as before; --allow-rollover publishes the new IDs and "
        "Remind deletes and re-creates each of those users (their conversations lost). When tonight's IDs "
        "are the old ones with their leading zeros back (the message says so), the last published set was made "
        "from a copy "
        "a spreadsheet opened and tonight's exports are right: rerun once with --allow-rollover (Remind "
        "re-creates those users once). Otherwise restore the export's ID "
        "column, or map the profile's sourcedId to the column that holds the old IDs (docs/identity.md, "
        "'Changing SIS or ID columns'). When the old and the new IDs are both IDs the tool derived "
        "(parents without a SIS ID, G + 12 hex digits: the message says so), no ID column changed: "
        "the identity map in the state folder, which keeps such an ID when the email, phone or "
        "household changes, did not hold them (lost with no last set to rebuild it from, or older "
        "than the last set, restored from a backup). Restore the state folder's identities.csv "
        "saved with the last published set; with none, move identities.csv aside and rerun with the "
        "last published set in OUT or named with --previous: the map is rebuilt from it (X921) and "
        "every ID is kept. When the old parents' IDs were derived (G + 12 hex digits) and tonight's are the "
        "SIS's contact IDs (a new SIS, or a profile now reading a contact-ID column), keep the derived ones: "
        "`guardian: {contact: null}` in the district profile's guardians rule (docs/identity.md, 'Changing SIS "
        "or ID columns'). If the new IDs are meant, rerun with --allow-rollover: Remind "
        "re-creates these users once. A pair found by the classes alone or by one kept enrolment ID (the "
        "message says so) may be two people of one name, a leaver and a newcomer in her classes: check the "
        "pairs in the SIS (all are in the removals file); if each is two people or meant, rerun once with "
        "--allow-rollover (the set is the same either way: the leaver deleted, the newcomer created).",
    ),
    "X958": (
        "A few people (under the X955 limit, or with --allow-rollover) left the set under their old IDs "
        "and came back under new ones with the same role, name, email or phone (a student: or birth date, "
        "identifier or parents; a student or a teacher: or schools and classes, or most of them with an "
        "enrolment ID kept or all but one of three or more); they were published under the "
        "new IDs, and Remind re-creates them (deleting each old user with their conversations). Under the "
        'limit nobody accepted it, so the run exits 1 ("Published, but ...") for a person to look, as for '
        "IDs that now name another person (X939); with --allow-rollover it is said and the run exits 0. "
        "A pair found by the classes alone says so: a leaver and a newcomer of one name in most of the same "
        "classes may be two people; so does one found by one kept enrolment ID (an export numbering its rows "
        "whose changes all come after hers hands a leaver's number to a newcomer of her name). An enrolment ID "
        "counts only in an export that keeps them night to "
        "night (not one numbering its rows); where they are made of the user's ID ('{section}-{user}'), a "
        "re-key changes them all, and a student of two classes, one of which changed that night, is not found.",
        "Check the people listed: if the SIS merged or renumbered their records on purpose, or a pair found by "
        "the classes or by one kept enrolment ID is two people of one name, nothing to do (the next run exits "
        "0). An ID that "
        "changed only in letter case or leading zeros was changed by a "
        "spreadsheet or the connector, never by a renumbering: when tonight's ID lost the zeros, export as "
        "before, without a spreadsheet; when it has them back, the last set was made from a copy a spreadsheet "
        "opened and tonight's is right: nothing to do. "
        "Parents whose old and new IDs the tool derived (G + 12 hex digits) were not held by the state "
        "folder's identity map: X955's help says why and how to keep such IDs on the nights after. An old "
        "and a new ID that look the same are followed by the characters that differ ('Т' U+0422 CYRILLIC "
        "CAPITAL LETTER TE where the last set had 'T'; an invisible soft hyphen): a letter of another "
        "keyboard or a paste, to correct back in the SIS record, where both read the same.",
    ),
    "X959": (
        "The run's --as-of date is earlier than the one the last published set was made for, published "
        "on purpose with --allow-earlier-as-of (a missed night run again after later nights; without "
        "it the night is refused, X803). Its set replaces the "
        "later one (semester 1's classes back over semester 2's), and a refusal of removals (X906) "
        "may be the earlier day's calendar rather than a broken export. The flag is a person's word for "
        "one night: left in a job whose --as-of is fixed it would publish an old day over later ones, so "
        'the run exits 1 ("Published, but") every night it publishes a day before the latest one a set was '
        "published for (last.json's latest_as_of, up to today), not only the first: the last set's own as-of "
        "is then the earlier day.",
        "If the later set is the right one, nothing to publish: the next nightly run brings it back. "
        "Run a missed night only when no later night was published; fix a job whose --as-of is fixed, "
        "and take --allow-earlier-as-of out of a scheduled job.",
    ),
    "D365": (
        "A student's graduation year is the school year that just ended: last year's senior, still "
        "listed (active) until the SIS rolls the year over. No grade fits the new school year; it is "
        "left blank.",
        "Nothing to do: the SIS's rollover takes the graduates out of the exports.",
    ),
    "I267": (
        "A guardian rule's `contact` (the SIS contact ID: rows with one are one person) is built only "
        "from the columns its givenName and familyName read, a name: two different parents of one name, "
        "in two families, would be one parent linked to both families' children, the second one's "
        "email and phone lost. check-profile and every run say it; a run also keeps such a contact's "
        "rows apart when they share no email, phone or student (F429).",
        "Name the column holding the SIS's ID of the contact (Contact ID, ParentID); if the export has "
        "none, remove `contact:`: the tool then makes one person of the rows with the same name and a "
        "shared email, phone or household, and derives a stable ID (docs/identity.md).",
    ),
    "F429": (
        "The rows of one SIS contact ID fall into groups that share no email, phone or linked student, "
        "and differ on both email and phone: by docs/identity.md's own rule for parents without an ID "
        "(the same name with nothing shared is two people), these are two people under one ID, as when "
        "the contact ID is made of a name (I267). Merged, one would be published with the other's "
        "children; neither is kept (V537).",
        "If the contact ID is a name, name the SIS's contact ID column or remove `contact:` (I267). If it "
        "is a real ID, correct the contact in the SIS: one contact ID per person.",
    ),
    "I268": (
        "The profile declares encoding cp1252 for an export whose bytes are valid UTF-8 and hold accented "
        "characters, which Windows-1252 would garble ('Zoë' as 'ZoÃ«'), names and the IDs made from them "
        "alike. A Windows-1252 file is almost never valid UTF-8 as well, so it was read as UTF-8.",
        "Set the source's encoding to utf-8 (or auto) in the profile: the file is written in UTF-8.",
    ),
    "I269": (
        "The profile declares an encoding or a delimiter for the export that the file is not written in: "
        "a byte that is not UTF-8 in a file declared utf-8, or a header that the declared delimiter leaves "
        "one cell. Or it declares two header names one column (aliases: OneRoster 1.0's agents for 1.1's "
        "agentSourcedIds), and the header holds both with different values on a row (not one empty beside a "
        "value: that is read, I283): two versions of one "
        "column, and reading either would lose what the other holds. Nothing was read. Exit 2 on a first "
        "set or after the profile changed; an export the same profile's last published set read is X833 "
        "(exit 1, the export changed).",
        "Set the source's encoding or delimiter in the profile to the value the message suggests, or to "
        "auto so that the tool detects it, and rerun. For two versions of a column: take the one that is "
        "out of date out of the export, or say in a district profile which one to read (the message "
        "suggests how).",
    ),
    "V592": (
        "Rows a profile combines into one class give one class ID at two schools: two classes under one "
        "ID (most often section numbers that are unique only within a school). Merged, the class would be "
        "at one school with the students and teachers of both; neither is kept, nor the enrolments in it.",
        "Make the class ID unique in the profile: build the class sourcedId, and the enrolments' "
        'classSourcedId, with the school (e.g. "{School ID}-{Section ID}"; docs/tutorial.md, "Several '
        'schools, and IDs unique only within a school"), or give each class its own ID in the SIS.',
    ),
    "D363": (
        'An ID the profile builds from several parts (a template such as "{School ID}-{Section Number}") '
        'has an empty part on this row: the ID is cut short ("100-"), and every row with that part '
        "empty would give the same one, making two classes (or people) one. The row is left out, and "
        "what names its ID with it.",
        "Fill in the empty value in the SIS, or build the ID from another column that is always filled. "
        "If the part may be empty, list it in the column's allow_empty "
        '(`{template: "...", allow_empty: [Section Number]}`; a part of alternatives as the template writes '
        'it: `allow_empty: ["Alt A|Alt B"]`).',
    ),
    "X960": (
        "The run was given --allow-rollover and users.csv loses many people of one kind (X953 would have "
        "refused it): across the district, or more than half of a kind at one school. It was published; "
        "Remind deletes each one.",
        "Check the removals file: if these people really left (a school closed, the new school year), "
        "nothing to do. If not, fix the export and rerun without --allow-rollover.",
    ),
    "X961": (
        "Error-level problems left out records of one output file from more than the limit "
        "(--max-removal, 10% unless set) of the rows of the exports they come from, although those rows "
        "were not lost, because each also gave records that were written: a flat export whose rows hold "
        "a student and a class (the students written, the classes and enrolments left out), a section "
        "row with its teachers. "
        "X915 counts lost rows, so it does not see this; published, the file would be missing those "
        "records with exit 0.",
        "Fix the first problem named (its code's help says how), usually a profile column that builds "
        "the class or enrolment ID; rerun. If the records are meant to be left out, rerun with "
        "--allow-incomplete.",
    ),
    "D369": (
        "A student is in users.csv, but no row of the demographics export names them, so demographics.csv "
        "has no row for them. Remind's article calls demographics.csv required, a row per student, with "
        "the birth date data required. A row that was there and left out is reported under its own code "
        "(a missing birth date is D304); this is a student the export does not list at all: an export "
        "cut to some schools or grades, or a student added to the SIS after the demographics export ran.",
        "Check the demographics export (its filter, its schedule) lists every student, and rerun. The "
        "student is published either way.",
    ),
    "D366": (
        "An email cell holds one address with what a list field or an email program leaves around it: "
        "a separator after it (ann@example.org; or ann@example.org,) or a display name and angle "
        "brackets (Ann Lee <ann@example.org>); the address alone was written. A cell holding two "
        "addresses is not read (D308).",
        "Nothing to do; or write the address alone in the SIS.",
    ),
    "X964": (
        "A run refused for removals (X906, X953, X955) or published them with --allow-rollover writes "
        "the list of what would go to <out>-removals.csv; that file could not be written (a folder of "
        "that name, a read-only folder, a full disk). The refusal itself stands.",
        "Act on the refusal as its own code says; make the removals path writable to get the list.",
    ),
    "V593": (
        "A student or staff member is enrolled in a class at a school their users.csv row does not list "
        "(a secondary or concurrent enrolment, a class taken at another school, staff helping in another "
        "school's class). Remind assigns schools from users.csv, so the class would hold someone its school "
        "does not have: the school was added to the user's orgSourcedIds, and a student's parents and "
        "guardians were given it too (they follow their children into classes). A staff member whose "
        "orgs are none a school (a OneRoster 1.2 teacher whose only role is at the district: an itinerant "
        "music or special-education teacher) is published at the schools of her enrolments in a staff "
        "role, so that her classes keep their teacher; without such an enrolment she is left out (V502).",
        "Nothing, if the user does attend that school's class (the set is right as published). If the "
        "enrolment is a mistake, remove it in the SIS; if the profile reads only each user's primary "
        "school on purpose, the user's other schools now come from their enrolments.",
    ),
    "X962": (
        "The run before this one swapped its set into OUT and then stopped (killed by the system, "
        "a stop timeout, a reboot, a disk that filled) before it recorded that set in the state folder "
        "(last.json, identities.csv). This run recorded it first, from OUT, then ran as usual: the "
        "parents that run published keep their IDs. When the mark that run leaves around its swap "
        "(publishing.json) cannot be read (a disk that filled, a copy cut short), whether it swapped "
        "is not known: only the identity map is brought up to OUT (harmless either way), last.json is "
        "left as it was, and the message says so.",
        "Nothing to do for the set. Find why the last run stopped (the job's log, the system's: an "
        "out-of-memory kill, a stop timeout shorter than the run) so the next one is not cut short.",
    ),
    "F431": (
        "A student transferred: her enrolment row at one school ended (the profile left it out as no "
        "longer current) and she has a current row at another. Her class enrolments at the school she "
        "left have no end date (the SIS seldom ends the old school's schedule rows the day she leaves: "
        "Infinite Campus roster rows, PowerSchool cc rows, Synergy), so they read as current. They "
        "follow the ended row and are left out, and she is published at her new school only; otherwise "
        "she stayed in her old classes, her old school came back in users.csv (V593), and her old "
        "teachers kept messaging her family. A student with a current row at each of two schools keeps "
        "both; one with no current row anywhere is left out with her enrolments (V503/V504). The same "
        "for staff: a teacher whose row at one school is inactive or ended (PowerSchool Status 2, an "
        "Infinite Campus assignment's endDate) and who is current at another is no longer the owner of "
        "the first school's classes (V586 names a class left without one).",
        "Nothing to do for the set. End the old school's schedule rows in the SIS when a student "
        "leaves, and assign the classes of a teacher who left to her successor; if she does still "
        "attend or teach a class there, give her a current row at that school (a concurrent or "
        "secondary enrolment, an active staff row the profile reads).",
    ),
    "V595": (
        "A parent or guardian has no email and no sms number, and the export types every phone number "
        "of theirs a landline (the profile's guardian.phone_landline: a Home or Work phone row of a "
        "contacts export). Remind creates a parent's account from a mobile phone or an email and cannot "
        "text a landline, so Remind may not create this parent or reach them. The parent is published "
        "as read: a number typed Home is often the family's mobile, and leaving the parent out would "
        "lose the link to the student for good.",
        "In the SIS, give the parent an email, or type their mobile number as a mobile (and mark it for SMS).",
    ),
    "D371": (
        "A birth date is written with a two-digit year (1/1/26, 5/5/69), which does not say its "
        "century. Read in the century that makes the student 2 to 25 years old on the as-of date it "
        "is kept; here neither century does (a baby, or a grown man in second grade), so the date is "
        "a misread or a typing error and the cell was left blank rather than published as a guess.",
        "Correct the birth date in the SIS, and export it with a four-digit year (MM/DD/YYYY).",
    ),
    "V596": (
        "A user who is not a student (a teacher, an aide, a parent) has a value in a column Remind "
        'takes for students only: users.grades ("For students only"). A run leaves the cell blank; '
        "validate reports it in a set that holds it.",
        "Nothing for a run's set. In a profile, map grades on the students rule only; in a set made "
        "elsewhere, leave grades blank for every user who is not a student.",
    ),
    "V597": (
        "One person is both a staff member (or a student) and a parent or guardian under one ID: in "
        "SDS v2.1 and OneRoster 1.2 a person is one users.csv row with several roles, e.g. a teacher "
        "who is the parent of a student. Remind's users.csv (OneRoster 1.1) gives a user one role, and "
        "two rows cannot share an ID, so the staff (or student) record is kept and the parent record "
        "is left out: the students named lose this parent link, and Remind will not send the person "
        "messages about those children.",
        "To keep the link, give the person a separate parent contact in the SIS (a parent ID of their "
        "own, with a personal email); or accept that the staff account is their only Remind account. "
        "Where the profile makes the parent's ID (a prefix before the SIS contact ID, Clever's G + "
        "Contact_sis_id) and a staff ID happens to be that text, the message says so: two people, no SIS "
        "fix needed; give the guardians rule another prefix in the district profile "
        "(tables.users.guardians.guardian.prefix), and publish that night's renamed parents with "
        "--allow-rollover once.",
    ),
    "X965": (
        "OUT is a symbolic link, and its state folder (last.json, identities.csv, the lock) was kept "
        "beside the link, as earlier versions kept it. The state folder is now kept beside the folder "
        "the link points to, so a run naming the link and one naming the folder share one record and "
        "one lock; this run moved it there.",
        "Nothing to do. A backup of the state folder now finds it beside the published folder.",
    ),
    "X966": (
        "OUT was named through a symbolic link by some runs and by the folder it points to by others, "
        "with an earlier version that kept a state folder beside each name: one published folder has "
        "two records (two identity maps, two last.json). Using either could move a parent's ID or "
        "compare tonight's set with the wrong one, so the run stopped before reading anything.",
        "Keep the state folder of the run that publishes every night (its last.json has the later "
        "published_at): if it is the one beside the link, move the other aside and move it to the "
        "name the message gives (beside the real folder); else move the one beside the link aside. "
        "Then rerun.",
    ),
    "X967": (
        "The run received SIGTERM (systemctl stop, a scheduler's or a container's time limit, a "
        "shutdown) or SIGINT (Ctrl-C) and stopped. Nothing is ever published half-way: before its "
        "swap, OUT keeps the last set as it was; after it, OUT holds tonight's set, and what the run "
        "had left to record (the state, the delivery) is caught up by the next run. The message says "
        "which.",
        "Find who stopped it: a time limit shorter than the run (raise it), a shutdown during the "
        "nightly job (move the job). Then let the next run go, or run it again now.",
    ),
    "V598": (
        "A course's schoolYearSourcedId names a session of the export that is a term or a semester, not a "
        "school year. OneRoster 1.1 wants a schoolYear session there: the run wrote the school year that "
        "session hangs under instead, so the reference resolves to the right kind of record.",
        "Nothing, if the school year written is the course's. Otherwise correct the course's school year "
        "in the SIS so that it names the school year session itself.",
    ),
    "V599": (
        "A course's schoolYearSourcedId names a session of the set that is not of type schoolYear (a term, "
        "a semester). OneRoster 1.1 makes it a reference to a school year; a strict consumer rejects the "
        "course or the set. A run writes the session's school year instead (V598).",
        "Point the course to the school year session (the one its term or semester hangs under), or leave "
        "the cell blank: the field is optional.",
    ),
    "D373": (
        "A course of the export belongs to an org that is not in the set: a district-wide course whose "
        "district the profile does not write, or another school's course taught here with --school. A class "
        "of the set names it, so the course is written with the export's own title, code, grades and "
        "subjects, under the school of the first class that names it (OneRoster needs the course's org in "
        "the set), rather than left out and rebuilt from the class.",
        "Nothing, if the course may be shown under that school. A district profile can keep district orgs "
        "(maps.org_types) to publish the course under its district.",
    ),
    "V600": (
        "The export has OneRoster columns of its own (demographics' sex, race flags and place of birth, "
        "users' password) that no rule of the profile writes, so the set leaves them empty. This is "
        "deliberate in the bundled profiles: a roster needs who is in which class, and the set carries "
        "birth dates only (data minimisation). Said once per file, so it is not a silent loss.",
        "Nothing. A consumer that needs a column and may receive it can have a district profile map it "
        "(extends the bundled one and adds the column, e.g. sex: {column: sex}).",
    ),
    "I270": (
        "An export the profile marks optional (`required: false`) was not found, and the rule that reads "
        "it was the only one making a kind of user (the parents and guardians of a contacts export): the "
        "set was published without any of them. A misspelt or date-stamped file name does this.",
        "Correct the file name in the profile (`sources.NAME.files`, a glob such as `DWContacts*.csv` "
        "takes a date-stamped name) or put the export in the folder. If the district has no such "
        "export, remove the rule from the district profile (`RULE: null`) so the run stops saying it.",
    ),
    "X968": (
        "Most parents and guardians link to no student of the set, because the contacts export writes the "
        "students' IDs without the leading zeros the students export gives them (101 for 000101: a "
        "spreadsheet took them off). Only such parents count: emergency contacts, doctors and the "
        "parents of withdrawn or graduated students link to no student on purpose (F409, F413, info). "
        "Nothing was published, so no parent is deleted.",
        "Compare the student ID column of the contacts export with the students export: re-export the "
        "contacts without opening them in a spreadsheet, or read the ID the students export uses. If the "
        "set is right as it is (a program with few enrolled students this term), run with "
        "--allow-incomplete.",
    ),
    "D376": (
        "An enrolment row's start date (the profile's started: condition) is after its end date "
        "(not_ended:): the two were typed the wrong way round, or one of them is a typo. Read the other "
        "way round, a student whose class runs on the as-of date is probably in it, but the tool does not "
        "guess which date is wrong: the row is left out, as an ended or a later enrolment would be.",
        "Correct the dates of the enrolment in the SIS; the next run rosters it.",
    ),
    "F432": (
        "One of a class's terms (it names several: a year-long class written as its semesters or "
        "quarters) ends before it starts in the terms export. No date is inside that term, so it is "
        "left aside, and the class is current or not by its other terms: a typo in next spring's "
        "quarter does not remove today's year-long class. A class whose every term is swapped is left "
        "out as an error (F425).",
        "Correct the term's dates in the SIS (the message names its row).",
    ),
    "V602": (
        "Some SIS export no ID for a term, so the profile builds one from the school and the term's "
        "name (0410-Q1). Two calendars of one school (a regular and an alternative-education "
        "calendar) each have a Q1 with its own dates, and in the summer next year's sections come "
        "beside this year's under the same names. Each pair of dates is a term of its own in "
        "academicSessions.csv: the earliest keeps the ID, each later one gets its start date after "
        "it, and a class names the term of its own dates, so no class is filed under another "
        "calendar's or year's term. A term the last published set has (same dates) keeps the ID that "
        "set gave it, whatever other years' rows come into the export or leave it. Only the strict "
        "target (--target oneroster) writes terms.",
        "Nothing to do. A term's ID changes only with the last set lost (a new OUT, the state folder "
        "gone); to have IDs that never depend on it, build the term's ID in the profile from a "
        "column that tells the terms apart (its start date or school year).",
    ),
    "V603": (
        "A class names a term whose ID the export gives with several dates (see V602), and the class's "
        "own term dates (those the term filter read) match none of them, so which term it is cannot be "
        "told: it keeps the ID as the export makes it, the earliest of those terms.",
        "Make the class's term dates in the SIS those of one of its school's terms, or build the "
        "term's ID in the profile from a column that tells the terms apart.",
    ),
    "V604": (
        "A guardian without a SIS ID, of the same name as the one whose ID the last published set gave "
        "their students, shares nothing with that person tonight and has another household ID (both "
        "rows give one, and they differ): two people of one name (a grandmother given custody of one "
        "child), not one whose email or phone changed on one child's record first. The identity map "
        "would have made them one user, with one's phone and the other's email, parent of both "
        "families' children; they are kept apart, as a first run keeps them. The person whose household "
        "or points still make the ID (else most of whose students had it) keeps it; the other gets an "
        "ID of their own, which Remind takes for a new parent of their students.",
        "Nothing, when they are two people. If they are one person whose household ID the SIS changed on "
        "one child's record only, give every record of the family the same household ID.",
    ),
    "X979": (
        "A parent without a SIS ID has an ID the tool derives from the name and a stable point (household, "
        'email or phone). A given name corrected in the SIS ("Peter" -> "Pieter") makes another ID: '
        "the identity map keeps an ID by name and child, and a name spelled otherwise is a new person "
        "(docs/identity.md, Limits). The last published set's parent is gone and one of the same family "
        "name, with the same email or phone and a given name that is another form of theirs, is added: "
        "said, so that the admin knows Remind will delete the parent and create a new one.",
        "Nothing, when the name was corrected: the parent is invited again once. If the name was changed "
        "by mistake, correct it back in the SIS before the set is uploaded.",
    ),
    "I282": (
        "A file of the exports folder has the name a browser or Windows gives a second copy of an export "
        "the run reads (students (1).csv, Copy of students.csv, students - Copy.csv). The run reads the "
        "export's own name only; if the copy holds tonight's data (a second download), it was not published.",
        "Keep one file per export in the folder: if the copy is the right one, give it the export's name "
        "(replacing the other); otherwise delete it.",
    ),
    "V607": (
        "A person's given, family or middle name holds more than 255 characters. No rule limits a name, "
        "but no person's is that long: the cell holds a paste (a note, a whole row) or a SIS record broken "
        "by an import. The user is left out, with what names them (enrolments, guardian links).",
        "Correct the name in the SIS (the message shows how the cell begins), and run again.",
    ),
    "V608": (
        "A record names a user or class by an ID that no record of the set has, but one record's ID differs "
        "from it only in letter case (a GUID upper-case in one file, lower-case in the other) or in leading "
        "zeros (001001 for 1001: a spreadsheet took them off). Remind's IDs are case-sensitive and exact, so "
        "the record is left out; but it is not a follow-on of a person or class left out on purpose: the "
        "exports write their IDs two ways. As an error it counts against its export (X915: past the removal "
        "limit, nothing is published), and the refusal names the first example's two IDs ('576776' is "
        "'00576776' of users.csv but for leading zeros), also when it emptied the classes (X916, F412). A "
        "number ID is matched with up to eight zeros more; a person left out on purpose (a withdrawn "
        "student) and named without her zeros is still a follow-on (V504). At least 3 IDs so, more than 1% "
        "of an output file's records, are the exports' way, not a stray row: refused (X810).",
        "Re-export the file without opening it in a spreadsheet, or make the exports write the ID the same "
        "way (the converter's or SIS connector's setting); compare the example's two IDs. When the SIS "
        "itself writes one export with the zeros (01003 in the students export, 1003 in the roster), put "
        "them back on both sides in the profile: clean: [{id: {width: N, pad: true}}] on the reference "
        "column and on the sourcedId it names, N the width of the longer ID (docs/profiles.md).",
    ),
    "X980": (
        "More than half of the classes the set would publish (at least 3 of them with students) have no "
        "teacher or administrator enrolled. Remind makes the staff enrolled in a class its owners: published, those "
        "classes would have no owner, and nobody could message their families. A class or two without a "
        "teacher is said per class (V586); most of them is the export's or the profile's: the teachers' "
        "enrolments name staff IDs the staff export writes otherwise (V608), the staff ID is mapped to "
        "another column (a row number), or the export has no teachers' enrolments. Not refused when most "
        "classes of the last published set had no owner either (teachers still being assigned at the start "
        "of a year: nothing got worse), unless that set lost the owners of the set before it and was "
        "published only by --allow-incomplete (one night's flag does not make the loss quiet for good). "
        "The message names the code that left out the teachers' enrolments, and says when the last set "
        "had its owners (an export changed tonight). When a staff rule's own condition of the district's profile "
        "left out most of its rows (3 or more) and with them the teachers of most of those classes, or a staff "
        "rule's join found no row for the staff while its export holds their IDs in a column, the message "
        "names that condition or join first, with its place in the profile, and the step is to correct it.",
        "Look at the teachers' enrolments in the explain file (V504, V608): point the staff rule's sourcedId "
        "and the enrolments' teacher column at the same ID. If the classes really have no teacher yet, run "
        "with --allow-incomplete.",
    ),
    "F434": (
        "A class's term has a start or end date written in a form no setting reads (05/32/2027, a typo "
        "in a hand-kept terms export). No day can be placed in such a term, so its classes are left out; "
        "as an error, they count against their export (X915: past the removal limit, nothing is "
        "published), since one typo in the terms export takes every class of that term along. Each class "
        "is listed at its own row; the message names the term's row and column of the terms export too "
        "(when the dates are joined from one), which is the cell to correct. A spreadsheet's date serial "
        "(46392, a terms export saved from a spreadsheet with its date cells as numbers) is such a date, "
        "and the message says the day it stands for (D382). A term with no dates yet "
        "(blank, TBD, NULL, 0/0/0, 0000-00-00), a partial date (June 2027, 2027), or a typo in a term "
        "whose other date places it wholly after or before the as-of date is F407.",
        "Correct the date in the SIS's terms (the row and column the message names) and export again; a "
        "date in a form the SIS writes on purpose needs the profile's date formats (settings.date_formats); "
        "a spreadsheet's serial: export the terms again and copy the file without opening it in a spreadsheet.",
    ),
    "X852": (
        "An export the SIS writes every night (the enrolments, the students: the exports the enrollments "
        "rules read and those students are written from, or a source the profile marks `nightly: true`) "
        "was last written more than settings.max_export_lag_days (5 days unless set) before the newest "
        "export of people or enrolments (a staff or contacts export too). Exports of one job finish within "
        "minutes of each other; jobs of one per table, run on weekdays at other hours, leave a table up to "
        "4.25 days behind after a four-day weekend, which passes; a week behind is an export job that "
        "stopped while the others ran, so its old rows would be published beside tonight's: a new student "
        "in no class, a schedule change reverted. Every nightly export that far behind is named with its "
        "source. A table one night behind is published, a day's changes late, and its job's next run brings "
        "them. Judged by the files' modification times, whatever the clock, also with --as-of when the "
        "newest file was written within 2 days of that date or within the lag of this machine's clock. Files "
        "a copy gave one new time (cp or sftp get without -p) are never refused; unzipping keeps each file's "
        "time, and so does the run unpacking a zip. The schools, terms and courses exports are not judged. "
        "Nothing was published; the last set stays.",
        "Look at that export's scheduled job in the SIS (its log, its account, the folder it writes to), run "
        "it again and rerun the transform. If the SIS writes that export less often on purpose (a weekly "
        "export), say `nightly: false` under its source in the district profile: with a bundled profile, "
        "write one that extends it (`extends: powerschool`, then `sources: {cc: {nightly: false}}`) and run "
        "with --profile naming that file; if the jobs run days apart on purpose, raise "
        "settings.max_export_lag_days there (0 turns the check off).",
    ),
    "X978": (
        "An export of people or enrolments (students, staff, contacts, enrolments) was last written longer "
        "ago than the profile allows (settings.max_export_age_days, 8 days unless set), while another "
        "export was written lately: a SIS schedules one export job per table, and this one has most likely "
        "stopped; its old rows would keep withdrawn students and miss new ones. Checked only when the run "
        "is for today, by the files' modification times; the schools, terms and courses exports, often "
        "written by hand once a year, are not. Nothing was published; last night's set stays.",
        "Look at that export's scheduled job in the SIS (its log, its account, the folder it writes to) "
        "and run it again. If it is written less often on purpose, set settings.max_export_age_days to a "
        "few days more than its interval (0 turns the check off).",
    ),
    "X977": (
        "No class of the exports is in a current or upcoming term, which would be the summer's "
        "'nothing to publish' (F421, F422, exit 0); but the terms export holds a semester or quarter "
        "that contains the as-of date, or starts within the window, and no class names it. The classes "
        "exported are of ended terms only: a sections or enrolments export still filtered to the first "
        "semester, so that Remind would keep last term's classes with nobody told. Also said of one school "
        "whose year-long classes keep it current: the semester or quarter whose classes the last published "
        "set held has ended, its classes are still exported, and the school's next one, started and "
        "holding the as-of date, has no class (every semester class would be removed and none of the "
        "next term's come). And of one school whose ended term's classes went from the exports on a "
        "night between two terms (a SIS job exporting the current term only: X937) when its next term "
        "runs with none of its classes, on every night until they come, though that night removes "
        "nothing; where no terms export dates the terms (Skyward SMS, Clever: each section's row dates its "
        "own), the next term is read from the sections' own term dates, and the message says so. Nothing was "
        "published.",
        "Export the sections and enrolments of the term the message names (check the SIS export job's "
        "term or year filter), and rerun. If the as-of date is wrong, give the right one with --as-of. "
        "Said of one school whose classes of the new term really are none (its electives dropped), or, "
        "where the message says its new term's classes hold under half the students the ended term's held, "
        "whose new term really holds fewer students (fewer electives, not a section left out): "
        "--allow-incomplete publishes it once, said (X918), and ends that school's wait: later nights are "
        "not refused for it while the term runs, but still are for any other school or a later term. Said of "
        "several schools, the export is at fault, not their electives: --allow-incomplete would publish them all "
        "without the new term for that night, and the next night refuses them again. When the "
        "message says the term's row could not be joined (D327: the terms export lists its key twice, with "
        "other data), the terms export is at fault: export it with one row per term.",
    ),
    "X976": (
        "Users name a school that is not in the schools export, so each was left out (V502, a warning "
        "each), and with them their classes and enrolments: at least 10 users (a whole school missing "
        "from the set), or fewer when a kind of user whose export has rows (the teachers of the staff "
        "export) came out with none published. A school's row missing from the schools (orgs) export "
        "does this, or an export opened in a spreadsheet that saved the school numbers without their "
        "leading zeros ('0410' as 410: the message names the school that is in the export); a school "
        "left out on purpose is the profile's schools setting, which is said otherwise (F-codes, info). "
        "When the schools export holds the value in another column than the one the orgs' sourcedId "
        "reads (students naming their school by a School OID, the orgs keyed on School ID), the message "
        "names that column: the users name their schools by another ID of the same export. Several smaller "
        "schools missing together are X818's. Nothing was published.",
        "When the message names another column of the schools export, read the users' school through a "
        "join to the schools export on that column and take the school's own ID (the Next step names "
        "the join), and rerun. "
        "When the message names the school the number is but for its leading zeros, export the file "
        "again and copy it without opening it in a spreadsheet. Otherwise add the school to the schools "
        "export (or its ID as the users write it), and rerun. To roster without that school on purpose, "
        "list the schools to roster in the profile's settings.schools; --allow-incomplete publishes the "
        "set as it is.",
    ),
    "X975": (
        "Almost every parent and guardian of the contacts export links to a student who is not in this "
        "set: ten times as many as were published, and fewer than one student in ten has a parent "
        "published. Parents of withdrawn or graduated students the students export lists (PowerSchool's "
        "999999) link to no student of the set on purpose (F413, info) and are not counted: the links "
        "counted name students no export lists, as when the contacts export writes another "
        "ID of its students than the students export does (PowerSchool's internal DCID or ID for the "
        "Student_Number, a state ID for the local one), or it is an export of another school year. "
        "Published, the set would have almost no parent. Nothing was published, so no parent is deleted.",
        "Open the contacts export and the students export side by side: the student ID the contacts "
        "name (the example in the message) must be the one the students export gives as the student's "
        "ID. Point the profile's guardian `student:` link at the column that holds it, or export the "
        "contacts with that ID. If the IDs the contacts export gives as the guardians' are the students' "
        "own, its two ID columns are the other way round: F440 says so, naming them. If the set is right as "
        "it is (contacts of past students no longer in the students export far outnumber this year's), run "
        "with --allow-incomplete.",
    ),
    "I271": (
        "An all-digit ID was shorter than the width the profile gives it (`{id: {width: 6, pad: true}}`): "
        "a spreadsheet took its leading zeros off (101 for 000101), and they were put back so that it "
        "names the same student as the other exports.",
        "Nothing for this set. If a spreadsheet took them off, export the file straight from the SIS, not "
        "through a spreadsheet, so its IDs need no repair; if the SIS itself writes the IDs without their "
        "zeros (after an upgrade), this is the profile's cleaner keeping every ID, as meant: nothing to do.",
    ),
    "X971": (
        "Every export file was last written longer ago than the profile allows (settings."
        "max_export_age_days, 8 days unless set: a weekly export passes), on a run for today: the SIS "
        "job that writes them has most likely stopped, and the set would keep withdrawn students and miss "
        "new ones without a word. Checked only when the run is for today (no --as-of, or today's date), by the files' "
        "modification times (a zip's own). Nothing was published; last night's set stays.",
        "Look at the SIS's scheduled export (its log, the account it runs as, the folder it writes to) "
        "and run it again. If the SIS exports less often on purpose, set settings.max_export_age_days "
        "in the profile to a few days more than its interval (0 turns the check off). When a term ended shortly "
        "before the files stopped being written, the message says it may be a break the SIS exports nothing over: "
        "then raise the setting above the break's length for it (docs/scheduling.md), and set it back after.",
    ),
    "X972": (
        "The state folder says a set was published, but OUT no longer holds it (another job, a person or "
        "a clean-up emptied, moved or deleted it), or a file of it is not as published (re-saved by a "
        "spreadsheet, edited or cut short: F450 or X802 beside it), and no copy was kept (--keep): the "
        "safety gate cannot list who would go, so it compares tonight's rows with the counts last.json "
        "recorded. This file shrank past the limit, as a broken export does. Nothing was published.",
        "Put the last published set back in OUT, or only the files the message names where OUT still holds "
        "the rest (from a backup, or the server it was uploaded to), or name it with --previous DIR, and run "
        "again: the gate then lists each removal. If the drop is real, run with --allow-rollover. Keep "
        "copies with --keep N so the next such night compares by ID.",
    ),
    "X802": (
        "A file of OUT is not the one this tool published last (last.json records each file's SHA-256): "
        "something emptied or edited it in place since, as a pick-up job that truncates what it sent "
        "does. Compared with such a file, a night that loses many people would look like one that adds "
        "them, so tonight's set was compared with the copy kept with --keep, or with none kept, with the "
        "counts last.json recorded (a file that shrank past its limit refuses the set, X972).",
        "Find out what changed OUT's files: a job that picks them up should copy them, not empty or edit "
        "them. Nothing else to do: the next published set is written whole and recorded again.",
    ),
    "X803": (
        "Tonight's as-of date (the machine's today, or --as-of) is before the date of the last published "
        "set: the clock went back, the job's time zone changed (a date the clock gives is the local one, "
        "TZ), or a job's date was fixed by mistake. Read as of that earlier day, the "
        "set would put back the enrolments and people dropped since, so nothing was published; every "
        "night stays refused while the date is behind, since last.json keeps the later one.",
        "Set the machine's clock (or the job's --as-of) right and rerun. When both are right and the last "
        "set was the one made for a later day (a trial run with a future --as-of into this OUT), rerun "
        "tonight once with --as-of TODAY --allow-earlier-as-of (the flag publishes only a day --as-of names, "
        "X827): tonight's set replaces it, and later nights run as before. "
        "To publish an earlier night on purpose over a later one, the same flag (said, X959).",
    ),
    "X804": (
        "On a run for today the newest export was written more than a day after this machine's clock: the "
        "machine's date is behind, or the SIS server's clock is ahead. Terms and enrolments are judged "
        "as of the machine's date, so the set may hold classes and enrolments of another day.",
        "Set the machine's clock right (NTP), or the SIS server's; until then pass --as-of with the true "
        "date. The set was published: rerun once the clock is right.",
    ),
    "X973": (
        "The state folder says a set was published, but OUT no longer holds it (emptied, moved or deleted "
        "since). Tonight's set was compared with the newest copy kept with --keep, or, with none kept, "
        "with the counts last.json recorded (a file that shrank past its limit refuses the set, X972).",
        "Find out what emptied OUT: a job that moves the files away (a drop folder) should copy them "
        "instead, since OUT is what the next night compares with.",
    ),
    "D374": (
        "A username read from an email column (the profile's `clean: [username]`) held one address with "
        "what a list field, an email program or a web page leaves around it: a display name and angle "
        "brackets (Ann Lee <ann@example.org>), a separator after it (ann@example.org;) or mailto:. The "
        "username is the address alone, lower-case, the same the email column publishes (D366, D358), so "
        "that the user signs in with the address Remind writes to. A cell that is no address (a login "
        "name, none@none.com) is kept as text.",
        "Nothing to do; or write the address alone in the SIS.",
    ),
    "V601": (
        "The academicSessions export's parentSourcedId makes a loop: a session under another that is "
        "(by way of others, or at once) under it (Semester 1 under Semester 2, Semester 2 under "
        "Semester 1), or a session under itself. No session of a loop can be above the others, so "
        "each reference of it was left blank; the strict target (--target oneroster) then hangs the "
        "sessions under the school year their dates are in, which the message names.",
        "Correct the parent of the sessions in the SIS (a semester's parent is its school year).",
    ),
    "D375": (
        "A language cell is a BCP 47 tag of a small language (under 100,000 speakers) and a country "
        "where langcodes' CLDR data counts none of them, and which is not the district's own country "
        "(settings.phone_region): CH-MA reads as Chamorro of Morocco, CH-CA as Chamorro of Canada. "
        "A larger language keeps its tag wherever its region (ku-IQ, ar-FR: CLDR lists only a "
        "country's main languages). "
        "Such a cell is more likely the SIS's own code (CH-MA for Chinese, Mandarin), so it is not "
        "read as either; the cell was left blank, as an unknown language is (D312).",
        "Map the SIS's codes to languages (a `map:` on the column, CH-MA: zh), or write ISO 639 codes "
        "(zh, cmn) or BCP 47 tags of the language's country (zh-TW) in the SIS.",
    ),
    "P111": (
        "The profile makes classes and enrolments, but none of its users rules can make a teacher or "
        "an administrator (no staff rule, and no rule whose role is teacher or administrator, or a map "
        "giving one). Remind makes a class's enrolled teachers and administrators its owners: every "
        "class would go out with students and no owner. Refused before any export is read.",
        "Add a users rule for the staff export (from: the staff source, role: teacher or a map of its "
        "roles, orgSourcedIds, names and email), and an enrollments rule giving each class its teacher "
        "(role: teacher). A draft from init-profile has neither: the message names the source that "
        "looks like the staff export, or, in a one-file export with a row per student per class, the "
        "source whose teacher columns make the staff rule (from: that source, combine: {}).",
    ),
    "I272": (
        "A source the district's own profile declares is read by no rule (no from:, join or unless_source "
        "names it; a bundled profile's source whose rules the district removed with null is not said): "
        "the export is looked for, but nothing of it reaches the set. A first profile that lists every "
        "file of the folder says so for the staff or contacts export it has no rule for yet, and the "
        "set goes out without staff or parents. check-profile and every run say it. A contacts export "
        "read by no rule while no rule makes parents holds the first set for a person: on a first set, "
        'and the first after the profile changed, the run exits 1 ("Published, but ..."); later nights '
        "with the same profile exit 0 and still say it.",
        "Add the rule the export is for (the message names the table it looks like: a users rule with "
        "role teacher for staff, a guardian rule for contacts, filters.current_term for terms), or "
        "remove the source from the profile.",
    ),
    "I273": (
        "A student's row that a condition of the students' rule left out as no longer current (its "
        "reason inactive-student: an exit date passed) belongs to a student published from another, "
        "current row: a transfer (the old school's row ended, the new one's is current) or an earlier "
        "enrolment of hers. The student is in users.csv; the row is counted here, not as a student left "
        "out (F400), and the explain file does not list it. Her enrolments at a school she left follow "
        "the ended row (F431).",
        "Nothing: this is how a transfer reads. Check the current row's school if the student should not have moved.",
    ),
    "I274": (
        "The profile makes classes with no filters.current_term, though it declares a terms or sessions "
        "export with start and end dates (named so, or used so whatever its name: read by an academicSessions "
        "rule, or joined by a classes rule and holding a start and an end date, as Genesis's AttendanceCycles), "
        "or the classes' own source has a term's start and end columns "
        "(TermBeg and TermEnd, TERM-START and TERM-END: Skyward, Clever, FACTS and Tyler put the term's "
        "dates on each section): every class of the export goes out, those of ended and later terms (the "
        "second semester in the first) too: Remind would message next semester's classes in October. "
        "check-profile and every run say it. A run reads the term dates: when every class published is in "
        "a term covering the run's date (an export of the current term only), it is I226 instead; else "
        "the message names how many classes are of other terms, and which terms. The set is published; "
        "where the classes published of other terms are counted, a first set and the first set after the profile "
        "was changed are refused (I228), and a later night holds back the classes of a term the last published set "
        "held no class of at their school (X801, I233), publishing the rest; where only a terms export's rows "
        "are counted, the first set (or the first after a change) "
        'exits 1 ("Published, but ..."): a person must add the filter, or say that every class is meant. '
        "Later nights whose classes of other terms are of terms the last set held (a term that ended since, one more "
        "section of a term already published, classes given new IDs) "
        "publish at exit 0 and still say it. A term is running as filters.current_term at its defaults "
        "judges it at each class's school: covering the run's date or, when no semester or quarter does "
        "(August, a winter break), the first to start within 21 days.",
        "Add filters.current_term (start and end: the term's date columns, read from the classes' own "
        "row or through a join of the classes rule on the terms source), as the bundled profiles and "
        "docs/tutorial.md do. If the export holds only the current term's sections and every class is "
        "meant, write `current_term: {enabled: false}`.",
    ),
    "I275": (
        "The source lists a key on several rows whose dates differ, and the join says pick: a terms "
        "export that already holds next year's terms under this year's codes (S1, YR), as a SIS set up "
        "for scheduling exports them. Rows joining on the key take the row whose dates contain the "
        "as-of date, else the ended row of the as-of date's school year (until 1 July: a school whose "
        "year ended keeps its ended term), else the next to start, else the last to end; the others are "
        "not joined by it.",
        "Nothing to do when the row taken is the term of the classes' own school year. If the sections "
        "export also holds another year's sections under the same term codes, they are matched to the "
        "same term: export one school year's sections, or give the join pick: year (a column of the "
        "section naming its school year).",
    ),
    "D378": (
        "A school year is written by both its years (2026-2027, 2026-27, 2026/27), as many SISs title "
        "it, where OneRoster writes the year it ends (2027). It was read as that year.",
        "Nothing to do; or write the ending year in the export.",
    ),
    "D379": (
        "A value the target requires was in the export, but its cleaner left it blank: a date or year "
        "in a form no setting reads (2026-2028 for a school year, 2/30/2013), a birth date in the "
        "future. The record is left out (where it held nothing, the code is D304). The warning on the "
        "same line (the code named) says why.",
        "Correct the value in the SIS (a school year as the year it ends: 2027; a term's last day typed "
        "before its first day, V615), or give the column the format it is written in (formats: in the "
        "profile).",
    ),
    "X974": (
        "OUT held temporary files of this tool (.silent-*, .duckdb-*, a .partial or .kept file): an "
        "earlier run, on a disk that filled up, failed while writing them and swapped them in with its "
        "set. They are not part of the set and were removed under the lock before this run; the set "
        "itself was complete. Runs of this version never publish a staging folder that still holds one.",
        "Nothing to do for the files. Give OUT's disk more room: the columnar engine needs several "
        "times the set's size free beside OUT while it works.",
    ),
    "X984": (
        "Schools of the last published set came back tonight under other IDs: the same name under a new "
        "ID, or the old ID without its leading zeros (Excel opens a school number '0410' as the number 410 "
        "and saves it so, in every file it touches). No user or class is removed, so the removal limits do "
        "not see it, but Remind would delete each school and create a new one, and move every user and "
        "class of it there.",
        "When the new IDs are the old ones without their leading zeros, export the files again and copy "
        "them without opening them in a spreadsheet (or import them as text). When tonight's IDs are the old "
        "ones with their leading zeros back (the message says so), the last published set was made from a copy "
        "a spreadsheet opened and tonight's exports are right: rerun once with --allow-rollover (Remind "
        "re-creates the schools once). When the ID column changed "
        "in the exports or the profile, restore it. When the schools were really renumbered, rerun with "
        "--allow-rollover: Remind re-creates the schools once.",
    ),
    "X985": (
        "With --allow-rollover, schools of the last published set were published under new IDs (the same "
        "name, or the old ID without its leading zeros): Remind re-creates them and moves their users and "
        "classes.",
        "Nothing, if the schools were renumbered on purpose. Otherwise publish again from exports with "
        "the old IDs (see X984).",
    ),
    "D381": (
        "A name holds the signature of text whose encoding was changed on the way: UTF-8 read as "
        "Windows-1252 and saved again ('Zo\u00c3\u00ab' for 'Zo\u00eb', 'Nguy\u00e1\u00bb\u2026n' for "
        "'Nguy\u1ec5n'), or a letter the saved encoding has no room for written as '?' ('Nguy?n'). "
        "Excel's 'CSV' save of a file it opened as ANSI, or a mail or copy tool, does this. The name is "
        "published as written, garbled, unless the last published set held it right: then the user keeps "
        "last night's name and the night exits 1 (V616).",
        "Export the file again from the SIS and copy it without opening it in a spreadsheet (or save it as "
        "'CSV UTF-8'); if the SIS itself holds the garbled name, correct it there.",
    ),
    "D382": (
        "A date column holds a number such as 44197: a spreadsheet's date serial (days since 1899-12-30; "
        "44197 is 2021-01-01). The file was opened in a spreadsheet and saved with its date cells "
        "formatted as numbers. The value is not read as a date (its own code says what happened to it).",
        "Export the file again and copy it without opening it in a spreadsheet, or format the date "
        "columns as dates before saving.",
    ),
    "D383": (
        "A period or section column holds a value like '2-Jan' or 'Jan-02': a spreadsheet read a period "
        "such as '1-2' (or '2-1') as a date and saved it as one. Class titles built from it show the date.",
        "Export the file again and copy it without opening it in a spreadsheet (or import that column as text).",
    ),
    "V606": (
        "A few users (under X854's limit) whose sourcedId is unchanged since the last "
        "published set have an identifier (the SIS's own number, a student number shown to staff) that is last "
        "night's without its leading zeros: '0101' is now '101' (or an email, username or userIds the profile "
        "makes of that number, as the message names: '0101@kids...' is now '101@kids...'). A spreadsheet (Excel) "
        "opened the export and "
        "saved the numbers as numbers. Remind matches users by sourcedId, so nobody is re-created, but the "
        "numbers staff see changed. More than the limit are refused (X854).",
        "Export the file again and copy it without opening it in a spreadsheet (or import its columns as "
        "text), and run again: the numbers come back.",
    ),
    "X982": (
        "A row of an export is broken over two lines: the line has fewer cells than the header, and "
        "with the line before it (its last cell and this line's first made one again) it has exactly "
        "the header's. The file went through a program that broke long lines (a mail client wraps the "
        "lines of a body at 76 characters) or a line end was typed or cut into a row. Read as two rows, "
        "the first would lose the cells after the break (an active student read as inactive, an email "
        "lost) and the second would be read as a record of its own. Nothing is published.",
        "Open the record the message names in the SIS and remove the line break from the cell it names (a "
        "name or an address typed with Enter in it), then export again and rerun: joining the lines in the "
        "file lasts one night, the SIS sends the break again. If the file went through a mail (a wrap at 76 "
        "characters), copy the export from the SIS again and give the file itself to the transform (as an "
        "attachment or a download, never pasted into a mail body).",
    ),
    "I280": (
        "A row with fewer than half the header's cells (I204: its missing cells read as empty) was "
        "left out by a condition reading one of the cells it does not have: a missing cell is not an "
        "empty one, so the row is not left out on purpose (inactive, ended) but as an error: it was "
        "most likely cut short. A row with half its cells or more is taken for one whose writer left "
        "out trailing empty cells (Excel does), its missing cells blank.",
        "Look at the row in the export (the line named): if it is broken or cut, export the file "
        "again; if the SIS wrote it short, fill in the value in the SIS.",
    ),
    "I281": (
        "An export is UTF-8, but a few of its lines are not: their bytes are Windows-1252 ('ANSI'), "
        "most likely a row typed or pasted in a Windows program that saves so, or a row from another "
        "export. Each line was read in its own encoding: the names on the UTF-8 lines as they are "
        "(Nguyễn), those on the lines named as Windows-1252 (Zoë). Reading the whole file as "
        "Windows-1252 would have garbled every UTF-8 name (Nguyá»…n).",
        "Check the names on the lines named in the published set. Have the SIS export the file "
        "again rather than adding rows to it by hand, or save the rows added as UTF-8.",
    ),
    "X987": (
        "Most of the birth dates read from one export column give no student's age on the as-of date: "
        "under 2 years old, or after the as-of date. Counted over the column's dates (every row of the "
        "export, blanks and texts that are no date left aside), once it holds at least 10: more than half "
        "such dates is no birth-date column but another date the profile line reads by mistake (an "
        "enrolment, entry or withdrawal date: every student would be published as a baby, and Remind "
        "reads the birth date for its age-based consent). Nothing is published. Fewer than that are each "
        "said (D384, D315). No upper age is held against a column: adult-education students are of any "
        "age. A two-digit year neither century of which gives an age of 2 to 25 (10/28/66: a man of 60, "
        "or not born) is not counted, whatever the column: its century is a guess, and each such date is "
        "blanked and said on its own (D371); the message says how many the column holds.",
        "Map the birth date to the column that holds the students' birth dates (the message names the "
        "profile line and the column it reads: `birthDate: {column: Date of Birth, clean: [birth_date]}`), "
        "check it with `transform check-profile PROFILE --exports EXPORTS`, and run again.",
    ),
    "D384": (
        "A student's birth date makes them 0 or 1 year old on the as-of date: younger than any student, "
        "pre-kindergarten begins at 2 (the youngest age D371 allows). It is published as read, since "
        "unlike a two-digit year (D371) the date itself is not in doubt and may be true (an infant in an "
        "early-intervention programme); most often it is a typing error, or the day the student was "
        "enrolled typed into the birth date. When most of a column's birth dates are such, the run "
        "refuses instead (X987: the profile reads the wrong column).",
        "Check the birth date in the SIS and correct it if it is wrong.",
    ),
    "V609": (
        "A student's own email is the email of one of their own guardians (a parent linked to them in "
        "the set): the student signs in as their parent, and Remind gives an email to one user only "
        "(V509 says the parent's side). The student is published as read. When more than half of the "
        "students with an email (at least 10 of them) have a guardian's, the profile's student email "
        "most likely reads a parent's column: the set is published, but the run exits 1 "
        '("Published, but ...") for a person to look, as for IDs that name another person (X939).',
        "When more than half of the students are named (the run exits 1): map the students' email (and "
        "username) in the profile to the column that holds the students' own addresses, or leave it "
        "unmapped where the export has none, and run again. When the message names the students' own "
        "email column and the parents' holding the same addresses, look at the addresses: the students' "
        "school accounts (the school's domain) in the parents' column are the parents' column read wrong: "
        "put the export template's parents' column back and keep the students' email mapped (unmapped, "
        "every student loses their email and the parents keep the children's); the families' addresses "
        "in the students' column are that column's. For a few students: give each an email of their own "
        "in the SIS, or none.",
    ),
    "I279": (
        "An export repeats its header line among its rows: a report writer prints it at the top of each "
        "page, often under a title line (the school, the report's name, a page number). A line whose "
        "cells are the header's (case, spacing and quotes aside) is never data, and the lines directly "
        "above it that cannot be a row are its page's title: the first cell filled, at most half the "
        "cells, and not one filled cell that fits its column (each holds a kind of character, a digit, "
        "a letter, a space or a sign, that the column held in none of the rows before: the school's "
        "name in a column of student numbers, 'Page 2' in the grade column). All are skipped, and none "
        "counts as a row left out; the note gives the header lines and the title lines apart, each "
        "with the first one's line. A sparse row stays a row: its ID fits its column whatever its "
        "length (999 then 1000), as a surname does among surnames. Read as data, the header would be "
        "a student named 'First Name Last Name'.",
        "Nothing to do. To have a plain file, export it from the SIS as data (CSV) rather than as a "
        "printed report, or without page headers.",
    ),
    "I284": (
        "The last line or lines of an export are a totals or footer line, not a record: a word of "
        "counting and a count ('Total: 30', 'Total,8', 'Total Records: 108'), with the other cells empty "
        "or its first cell unlike the IDs above. Skipped: read as data, it would be a teacher named "
        "'Total', or a line broken off the row before. A row of a person named Total (more than a count "
        "beside the name, or other rows after it) stays data.",
        "Nothing to do. If the line named is a real record, export the file without a footer line after "
        "it, or move the record up.",
    ),
    "D380": (
        'Cells of an export are written as Excel text formulas, ="1001": the way a spreadsheet, or an '
        "export made for Excel to open, keeps a value as text (leading zeros). The SIS record holds the "
        "text inside the quotes, and each such cell (the whole cell) is read as that text: 1001. Had it "
        "been read as written, the ID would match no other file and the row would be left out.",
        "Nothing to do if the IDs are right. To have plain cells, export the file straight from the "
        "SIS rather than through Excel (or choose plain CSV in the export's format).",
    ),
    "P112": (
        "Two each: groups of one rule read the same export columns (apart from those the rule's own "
        "columns read for every group): most often the second group was copied from the first (parent2 "
        "from parent1) and its column names not changed. Every row would make the same person twice, "
        "merged into one, and the person the second group is meant for (every second parent) would be "
        "lost without a word. Refused before any export is read.",
        "Change the group's columns to its own (Parent 2 First Name for parent2), or remove the group. "
        "The message names both groups and the columns they share.",
    ),
    "I283": (
        "An export's header holds a column under two of the names the profile gives it (its own and an "
        "alias, such as OneRoster 1.1's agentSourcedIds and 1.0's agents, which an exporter upgraded from "
        "1.0 may both write). One is read: the column's own name, or the alias when the column is empty "
        "on every row; on a row where the one read is empty, the other's value is read (an empty cell "
        "says nothing against a value), and the message says on how many rows. Where both hold a value "
        "it is the same one. Had the two held different values on a row, nothing would have been read "
        "(I269).",
        "Nothing to do; to be rid of the note, take the column that is out of date out of the export.",
    ),
    "F433": (
        "A row of an export that makes records only through another export's rows is named by none of "
        "them, so no record is made of it: a OneRoster 1.2 users.csv person that no roles.csv row names "
        "has no role (1.2 keeps every role in roles.csv), and is not published, nor their enrolments "
        "(V504) or guardian links. The export is incomplete: an exporter that wrote roles for students "
        "only leaves every teacher out. As an error it counts against users.csv (X915: past the removal "
        "limit, nothing is published, on a first run too); a few people without a role are left out and the "
        "set is published.",
        "Give the person their role in the SIS (or the exporter's settings, when it leaves out the roles "
        "of staff or of parents), export again and rerun. A person who should not be rostered should not "
        "be in users.csv either.",
    ),
    "X986": (
        "The export's manifest contradicts the files beside it: it lists a file the run reads as "
        "exported (file.demographics,bulk), and the file is not there (lost on the way, or the export "
        "job stopped before writing it), or it says the file was not exported (file.enrollments,absent), "
        "and a file of that name holding rows is there, left over from an earlier export. Either way the "
        "package is not the one the SIS wrote together, and a set made from it would be wrong (no birth "
        "dates, or another day's enrolments), so nothing is published. Only the files the run reads for "
        "its target count (Remind is sent no courses, so courses.csv is not looked for), and a file "
        "holding its header alone is as absent as the manifest says.",
        "Export the whole package again and copy it complete. For a file the manifest says is absent, "
        "remove the stale file from the exports folder (or have the export include it and say bulk).",
    ),
    "X990": (
        "A column a condition reads (a `where` or a filter: the status or leave date that marks a "
        "withdrawn student, a dropped enrolment's date) is not in the export, but a header no rule reads "
        "looks like it (LEAVE_DATE_X for LEAVE_DATE, TAG for TG): the export's header was renamed. Every "
        "row would read the condition's column as blank, so the records it exists to leave out would be "
        "published (withdrawn students and their parents, dropped enrolments), or, where a blank fails "
        "it, every record of its rule would be left out. I260 says the same of a column with no look-alike "
        "header as a warning: an export that never had the column. Nothing was published; last night's "
        "set stays.",
        "Give the column its name again in the SIS's export, or map the name it has now in your profile "
        "(sources: NAME: aliases: {COLUMN: [LOOK-ALIKE]}: the run's Next line writes it out; `transform "
        "check-profile PROFILE --exports DIR` checks every column). This comes before the tables the "
        "blank emptied or the removals it made (X916, X951, X906), which follow from it. If the look-alike is "
        "another column and the export truly lacks this one, list the look-alike in that source's "
        "optional_columns (a column of the export the profile knows; the whole list, as the Next line writes "
        "it: a list in your profile replaces the one it extends), or, for a condition a blank passes, "
        "mark it `optional: true`; or rerun with --allow-incomplete to publish once (later runs are not "
        "asked; check-profile --exports still says X830).",
    ),
    "X993": (
        "A school that tonight's set keeps (its orgs row and, most often, its students) would hold under "
        "half of the classes it held in the last published set, and the classes it loses are not explained "
        "by a term that ended (a semester change removes one term's classes and adds the next one's, so the "
        "count holds). The whole-file limit counts the district: one school of ten losing its schedule "
        "loses a tenth of the classes, under it, and the school's students and teachers would be "
        "published in no class. It is usually a broken export: a schedule (enrolments or sections) "
        "export cut to some schools, a connector filter. Nothing was published; last night's set stays.",
        "Look at the removals file and at the schedule export: if the school's rows are missing, fix the "
        "export and rerun. If the school's classes really ended (the school closed its schedule, moved to "
        "another system, or the profile leaves its classes out on purpose now), rerun with --allow-rollover.",
    ),
    "X994": (
        "Every term of the exports has ended and none later is exported, but the exports' school year "
        "started over a year and two weeks ago: the new school year has almost surely begun while the "
        "exports still hold the old one (an export job or template filtered to last year's year, a job "
        "writing an old copy). Not a summer (F422, exit 0): without this, every night until 120 days "
        "after the last term (X905) would say nothing is due, weeks into the new year. The two weeks let "
        "a district whose first day moves by a week or two from year to year wait for its new terms. "
        "Nothing was published; last night's set stays.",
        "Export the new school year's terms, sections and enrolments (check the SIS export job's year or "
        "term filter), and rerun: once the new year's terms are in the exports, the run publishes them, or "
        "waits for them to start (F421).",
    ),
    "X996": (
        "A night with nothing new to publish (the summer: F421, F422) without --upload, and the set in the "
        "output folder last reached Remind, as far as the tool knows (its publish, or an upload recorded by "
        "hand), over 80 days ago. Remind drops a district after 90 days without an upload, and a run without "
        "--upload cannot send it: a person must, so the run exits 1 (from day 80, ten days ahead).",
        "Upload the files in the output folder to Remind again, unchanged, then run `transform uploaded OUT`: "
        "it records the upload, and the nights stop alerting until day 80 after it. Or add --upload (SFTP) to "
        "the nightly job: a night with nothing new then sends the set again itself.",
    ),
    "X995": (
        "With --allow-rollover, a school kept in the set was published with under half of the classes it "
        "had in the last published set (X993 would have refused it): Remind deletes those classes.",
        "Nothing, if the school's classes really ended. Otherwise publish again from a complete schedule export.",
    ),
    "P113": (
        "A condition of the district's own profile (a `where`, a guardian's `link_where` or a column's "
        "`when`, testing equals, not_equals, in or not_in) compares a column with values no row of the "
        "export holds, while the column holds at least two other values, written as the condition writes "
        "its own (a value of another form is I264): `Status not_equals Inactive` on an export whose "
        "Status holds Enrolled, Withdrawn and Pre-Enrolled leaves out no row, and the withdrawn students "
        "are published. Said once per condition, on every run and by `transform check-profile --exports`, "
        "with the values the column holds and their counts. Not said when one of its values is held (a "
        "list of which some value matches), when the column holds a single value (an export of active "
        "students only), when a rule repeating the condition finds its value in its own export, nor for "
        "the conditions of a bundled profile (no restrained contact this year) or one marked "
        "`optional: true`. The set is published. On a first set, and on the first set after the profile "
        'was changed, the run exits 1 ("Published, but ..."): a person must look at a condition that '
        "is new. Later nights with the same profile exit 0 and still say it: a value absent this year is "
        "as often right as wrong, and a condition that leaves out every row is refused by other checks "
        "(X951, X916).",
        "Compare the condition with the values listed and write the one the export writes for the rows to "
        "leave out (`value: Withdrawn`, or `op: in` with the values to keep). When the value is right and "
        "the export simply holds none of it now, give the condition `optional: true`. --strict refuses "
        "such a run.",
    ),
    "P114": (
        "A column of the profile both maps its cell (`map:`) and reads it as a graduation year "
        "(`clean: [grade_from_graduation_year]`). The map runs first and writes its default (Other) or a "
        "blank for each year, so the cleaner finds no year and every student's grade is lost. It happens "
        "when a profile that `extends:` another changes the grade column's `column:` and `clean:` and "
        "leaves the inherited `map: grades` in place: mappings merge by key. Found without reading any "
        "export; nothing is read or written (exit 2). A map that keeps what it does not hold "
        "(`unmapped: keep`) passes the years through and is not said.",
        "Write `map: null` in the column beside `clean:` (`grades: {column: Grad_Year, map: null, clean: "
        "[grade_from_graduation_year]}`); the message names the line, and the profile the map comes from.",
    ),
    "X988": (
        "Not one of the values of a column a rule reads through a map (at least 10 cells that are not "
        "blank) is in the map, so every record would get the map's default (Other) or a blank: the profile "
        "line reads the wrong column, such as grades read from a graduation-year column (every student "
        "Other). Nothing is published. A column of which only a few values fail stays published, each "
        "value said (D302). Only maps that write a default or a blank for what they do not hold, and "
        "report it, are judged: not `unmapped: keep`, `drop` or `report: false`.",
        "Read the field from the column whose values the map lists (the message names the profile line and "
        "the column's first values), or clean this one into them: a graduation year takes `map: null` and "
        "`clean: [grade_from_graduation_year]`. Values that are right for the district go into the map in "
        "its profile (`maps: {grades: {values: {AE: Other}}}`).",
    ),
    "F435": (
        "A class names a term whose session the set leaves out (in OneRoster, an academicSessions.csv "
        "row with status tobedeleted or inactive: the record is to be deleted), and that term would have "
        "made the class current (it contains the as-of date, starts within the window, or --term names "
        "it). A session left out is no term of the set: its dates do not make a class current, in either "
        "target, and no termSourcedIds names it. The class is judged by its other terms; when none is "
        "current (or it names no other), it is left out with its enrolments. A warning, counted by the "
        "safety gate as other warnings that leave rows out: a semester whose session was deleted by "
        "mistake takes its classes along.",
        "If the session was deleted on purpose, delete or move its classes in the SIS too (the class "
        "then names a live term, or is no longer exported). If not, restore the session (status active "
        "or blank), export again and rerun.",
    ),
    "X991": (
        "An optional export that the last published set was made with is not in tonight's exports "
        "(PowerSchool's sectionteacher.txt, whose co-teachers and aides replace Sections.Teacher; a "
        "OneRoster demographics.csv, the birth dates). The SIS that wrote it last night did not stop "
        "having co-teachers or birth dates tonight: the file was lost on the way, or the export job "
        "stopped before it, and a set made without it would remove every record it fed. The message "
        "names the file, the rows the last run read of it, what it feeds and what takes its place. An "
        "optional export never exported, or exported with no rows, stays quiet; so does one on a first "
        "run (D362 says a demographics file is missing). Nothing was published; last night's set stays.",
        "Export it again and rerun. When it was dropped on purpose (the district no longer exports it), "
        "rerun once with --allow-rollover: the next runs compare with that set, which was made without it.",
    ),
    "D385": (
        "A username read from a cell holding an @ that the email cleaner refuses: no address (jdoe@pin, "
        "two addresses in one cell) or no one's (none@none.com, noemail@district.org). It is not used as "
        "the username: many students would share a placeholder, and the strict target never uses an "
        "address the run found invalid (V544). A column list (`column: [STUDENT_EMAIL, STUDENT_ID]`) "
        "reads its next column, as it does for an empty cell; the email column says the cell's own "
        "problem (D308, D359). A cell without an @ (a login name) is a username as written.",
        "Nothing to do; or correct the email in the SIS.",
    ),
    "X997": (
        "At a school of tonight's set, more than half of the students who were in a class in the last "
        "published set (and at least 10) would be published in no class: their enrolments were removed, "
        "and no term that ended explains it. The school's classes may all stay (each keeps a few students), "
        "so X993 does not see it, and one school of many is under the whole-file limit. It is usually a "
        "broken schedule export: the school's enrolment rows cut, a connector filter. Nothing was "
        "published; last night's set stays.",
        "Look at the removals file and the schedule export: if the school's rows are missing, fix the "
        "export and rerun. If the students really left their classes (a schedule rebuilt from scratch), "
        "rerun with --allow-rollover.",
    ),
    "X998": (
        "With --allow-rollover, most of one school's students who were in a class were published in no "
        "class (X997 would have refused it).",
        "Nothing, if their schedules really ended. Otherwise publish again from a complete schedule export.",
    ),
    "X989": (
        "More students than the removal limit allows (10 % unless settings.max_removal says otherwise) "
        "had a birth date in the last published set and would be published tonight without one: their "
        "demographics records are gone or their birthDate is blank, while they stay in users.csv. A birth "
        "date is not taken back in a real SIS: it is usually a demographics export cut short, one school's "
        "rows missing from it, or its birth-date column renamed or emptied. Remind reads birth dates to "
        "create student accounts. Nothing was published; last night's set stays.",
        "Look at the demographics (or students) export: if rows or the birth-date column are missing, fix "
        "the export and rerun. If the birth dates were really removed in the SIS, rerun with "
        "--allow-rollover.",
    ),
    "X992": (
        "With --allow-rollover, students who had a birth date in the last published set were published "
        "without one (X989 would have refused it). The flag is given for a new term or school year, which takes "
        "no birth date away: the run exits 1 ('Published, but') on any night it publishes them, a new school "
        "year's too.",
        "Nothing, if the birth dates were really removed in the SIS. Otherwise publish again from a "
        "complete demographics export.",
    ),
    "V611": (
        "`transform validate` with the Remind target: a parent or guardian whose own agentSourcedIds "
        "names a student of the set whose own agentSourcedIds does not name them, one message a link. "
        "OneRoster lets either side write the link, but Remind reads it on the student's row ('Add the "
        "guardian's sourcedId to the student's agentSourcedIds'): uploaded as it is, the link is lost (and "
        "a guardian no student's row names is connected to no student). A transform run reading this set "
        "with a OneRoster profile writes every link on the students' rows too.",
        "Add the guardian's ID to the student's agentSourcedIds (in the SIS, or the set), or upload the set "
        "a transform run makes from it.",
    ),
    "X921": (
        "The state folder beside OUT (.<out>.transform) had no identity map, or an empty one, while "
        "the last published set (the folder named with --previous, else OUT) was a set this tool "
        "published with parents whose IDs it derived. The map is what keeps such a parent's ID when "
        "their email, phone or household changes; without it those parents would get new IDs, which "
        "Remind takes for new people. The map was rebuilt from that set, and the run went on: a "
        "machine rebuilt without OUT and its state folder keeps every parent's ID whether the last "
        "set is copied back into OUT or named with --previous.",
        "Nothing for tonight. Find out why the state folder was lost (a clean-up job removing "
        "dot-folders, OUT moved to another server or restored from a backup without its state "
        "folder) and keep it with OUT from now on.",
    ),
    "D386": (
        "A row joins another export by a key (a section's course number, its term code) that no row of "
        "that export has, but one row's key differs from it only in leading zeros or letter case (MST.CN "
        "300 where CRS.CN is 0300: a spreadsheet took the zeros off). Joins are exact, so the row is left "
        "out, and whatever follows from it (the class's enrolments); but it is no row naming a record "
        "that is not there (D300): the exports write the key two ways. As an error it counts against its "
        "export (X915: past the removal limit, nothing is published, the first run included), and the "
        "refusal names the first example's two keys.",
        "Re-export the file without opening it in a spreadsheet, or make the exports write the key the "
        "same way (the SIS query's or converter's setting); compare the example's two keys.",
    ),
    "X947": (
        "No class is due tonight, which would be 'nothing to publish until the next term starts' (F421, "
        "exit 0); but the last published set held classes of these term IDs as current, and by the dates "
        "they had then they still run today, while tonight's terms export dates the very same term IDs "
        "after the window (a year later, say). A term that was running does not move into the future: "
        "the terms export changed (an export job whose year parameter was advanced, a calendar copied "
        "forward over the current one), and every night would say 'nothing to do' while Remind stops "
        "following the roster. Nothing was published; last night's set stays.",
        "Compare the terms export with the dates the message gives for then and now, fix the export (its "
        "year or calendar filter) and rerun. If the dates are really right, the message stops by itself "
        "once the terms' old dates have passed.",
    ),
    "X948": (
        "Classes of the last published set are left out tonight as in a term that ended, but the calendar "
        "does not explain it: the term they are in tonight is not one the last set gave them (its "
        "termSourcedIds; a term that had already ended when that set was made, which a set does not list, "
        "is not asked of it when another term of theirs is one it gave), or it ended before the last set "
        "was made, while that set held them as current. "
        "A class does not move to a term that has already ended: the export changed (a scheduler's mass "
        "update, a term mapping gone wrong in the export job). These removals count against the limits "
        "like any other (X906, and school by school X993, X997), instead of passing as a term change (X937).",
        "Look at the classes' term in the sections export (the removals file lists them): if it is wrong, "
        "fix the export and rerun. If the classes really ended, rerun with --allow-rollover when the run "
        "was refused; a few published with this warning are gone from Remind until exported again.",
    ),
    "I285": (
        "The column the profile links parents and guardians to their students by (OneRoster's "
        "agentSourcedIds) is not in the export, but a column another bundled profile reads as it is, "
        "with values in it (OneRoster 1.0's agents, which some 1.2 exporters still write). The profile "
        "would read no link, so every parent and guardian whom no student names would be left out (F413, "
        "a note the removal limit does not count): a district's parents gone at exit 0. Nothing was published.",
        "Read the column under its other name: in a district profile, `aliases: {agentSourcedIds: "
        "[agents]}` under the source (`transform check-profile PROFILE --exports DIR` checks it), or have "
        "the export name the column as the profile does.",
    ),
    "X922": (
        "Errors left out more than the removal limit of one kind of user's rows (students, staff, or "
        "parents and guardians) of an export that holds several kinds, told apart by its role column "
        "(a OneRoster users.csv), while the export's rows together stayed under the limit (X915 counts "
        "them so): the students' orgSourcedIds blank on a quarter of their rows are a tenth of a file "
        "whose parents and staff have no such error. With errors and warnings together, more than half of "
        "a kind's rows. Checked on the first run as on any other; nothing published.",
        "Fix the problem the message names at its first line (its code's fix: `transform codes ID`), "
        "and rerun; --allow-incomplete publishes the set without those rows, only a last resort.",
    ),
    "X923": (
        "A column of users.csv that the last published set filled on most of the students' (or of the "
        "parents' and guardians', or of one parent's columns: the mothers' email where the fathers have "
        "none) records would be blank tonight on more of the same records than the removal limit allows "
        "(10 % of those that had a value, unless settings.max_removal says otherwise; "
        "at least 10), or, whatever its share of the column, a grade the last set gave 10 students or more "
        "would be blank on 90 % of them or more (one grade of a K-12 district): "
        "the students' grades, email, phone, sms or preferred language, the parents' email, "
        "phone, sms or preferred language. Values are not taken back across a district in one night: it is "
        "usually a column dropped from the export template or renamed (its header left, its cells empty), "
        "or a profile that no longer reads it. Remind groups students by grade and reaches families by "
        "email and phone. Nothing was published; last night's set stays.",
        "Look at the export column the message names: if it is empty or missing, fix the export (or the "
        "profile's column) and rerun. If the values were really removed in the SIS, rerun with "
        "--allow-rollover.",
    ),
    "X924": (
        "With --allow-rollover, a column of users.csv was published blank on records that had a value in the "
        "last published set (X923 would have refused it).",
        "Nothing, if the values were really removed in the SIS. Otherwise publish again from a complete export.",
    ),
    "X941": (
        "At one school, most of the classes the set would publish (at least 3) would have no student left, "
        "because their enrolment rows name students the students export does not have at all (D300: no row, "
        "not a withdrawn or filtered student, whom the export has and the run leaves out on purpose; V504 "
        "where the profile reads the student's ID straight from the enrolment export, as OneRoster, Clever "
        "and SDS do: then the exports are read again, and a class counts when most of its rows name an ID "
        "no row of the users exports gives, so a school whose students are inactive, withdrawn or to be "
        "deleted, listed and left out on purpose, is not refused for it). The "
        "school's sections and schedule rows were exported, its students were not: a students export cut "
        "short or filtered by school (a per-school query that ran for the other schools only). Published, "
        "the school would lose every class and every student in them, with nothing to compare with on a "
        "first run. A few such rows per school are normal (an export that leaves withdrawn students out); "
        "a school's classes emptied by them are not (every school's classes emptied is the whole export's: "
        "X910, X915, X916). Said on a night without a last published set to compare with, the first; on a "
        "later night the gate's comparison says it (X993, X997, X906; --allow-rollover publishes it). "
        "Nothing was published.",
        "Look at the students export: if the school's rows are missing, fix the export and rerun. If the "
        "school's students really are not to be rostered, leave the school out (--school, "
        "settings.schools or settings.exclude_schools); to publish the set as it is, rerun with "
        "--allow-incomplete.",
    ),
    "X942": (
        "At one school, more than half of the classes with students (at least 3) would be published with no "
        "teacher or administrator enrolled, while the other schools' classes have theirs (most classes of "
        "the whole set without one is X980). Remind makes the staff enrolled in a class its owners: those "
        "classes would have no owner, and nobody could message their families. It is usually the staff or "
        "teachers export missing the school's rows (a per-school query that ran for the other schools only: "
        "the sections name teachers the export does not have, D300), or the school's teacher enrolments "
        "missing from the schedule export; or, when no section names an unknown teacher, the school's "
        "teachers left out for no email (V506: the staff rule's email reads a column empty for them, such "
        "as the students' email column), which the message then names. Not refused when most of the "
        "school's classes in the last "
        "published set had no owner either (teachers still being assigned: nothing got worse). Nothing was "
        "published.",
        "Look at the staff or teachers export and the school's sections (the D300 rows in the explain file): "
        "if the school's teachers are missing, fix the export and rerun. If the classes really have no "
        "teacher yet, rerun with --allow-incomplete.",
    ),
    "X949": (
        "Many classes (at least 3, and more than --max-reassigned percent of the classes, or most of one "
        "school's) left the set under their old IDs and came back under new ones: at the same school, in "
        "the same terms, with the same title (or course, section code and periods), taught by one of the "
        "same teachers to mostly the same students. The class ID column changed (a connector sending "
        "another ID column, a move to another SIS) or the sections were deleted and imported again in the "
        "SIS. No class is lost, so the removal limits do not see it, but Remind takes a new class ID for a "
        "new class: each would be deleted with its conversations and created again. Classes whose term "
        "ended and next term's classes (a semester change) are never taken for it. Nothing was published; "
        "last night's set stays.",
        "Look at the removals file (new_sourcedId pairs each old class ID with the new one) and find why "
        "the IDs changed: restore the export's class ID column, or map the profile's class sourcedId to "
        "the column that holds the old IDs. When the new IDs are the old ones without their leading zeros "
        "or in other letter case, the exports went through a spreadsheet: export them again and copy them "
        "without opening them in a spreadsheet. When tonight's IDs are the old ones with their leading "
        "zeros back (the message says so), the last published set was made from a copy a spreadsheet opened "
        "and tonight's are right. If the new IDs are meant, rerun with --allow-rollover: Remind re-creates "
        "these classes once.",
    ),
    "X919": (
        "A few classes (under the X949 limit, or with --allow-rollover) left the set under their old IDs "
        "and came back under new ones, at the same school, in the same terms, with the same title or "
        "section, teacher and students; they were published under the new IDs, and Remind re-creates them "
        "(deleting each old class with its conversations). Under the limit nobody accepted it, so the run "
        'exits 1 ("Published, but ...") for a person to look, as for people under new IDs (X958); with '
        "--allow-rollover it is said and the run exits 0.",
        "Check the classes listed: if the sections were re-created in the SIS on purpose, nothing to do "
        "(the next run exits 0). If a class ID column changed by mistake, restore it before the set is "
        "uploaded: once Remind has the new IDs, going back re-creates the classes once more.",
    ),
    "X945": (
        "The run before this one stopped (killed by the system, a stop timeout, a reboot) while it "
        "replaced the state folder's copy of the set last delivered (delivered/) with the set it had "
        "just uploaded, before it wrote delivered.json. This run put the copy in place instead of "
        "refusing the state. The record still says what it said before the upload, so a set that "
        "waited to be delivered still waits: the next run with --upload sends the set OUT holds "
        "again, counting its changes from the set that upload sent. When the copy is the set last.json "
        "records and the record says it waited, the copy proves it arrived (the copy is made only once an "
        "upload has ended): that is said X853 instead, and the set is not sent again.",
        "Nothing to do for the set. Find why the last run stopped (the job's log, the system's: an "
        "out-of-memory kill, a stop timeout shorter than the run) so the next one is not cut short.",
    ),
    "X920": (
        "The state folder records the last delivery (delivered.json) or the last published set "
        "(last.json) at a moment after tonight: the machine's clock ran fast when it was written (a "
        "virtual machine restored from a snapshot, a time server gone wrong), or runs slow now. Counted "
        "from it, Remind's 90 days would never run out until the real date passed it; they are taken "
        "as run out instead.",
        "Check the machine's clock. With --upload the next night with nothing new sends the set again "
        "and records the right date; without it, upload the files in OUT by hand and run `transform "
        "uploaded OUT`.",
    ),
    "X943": (
        "At one school, more than half of the classes its students are enrolled in (at least 3) would be "
        "left out because the terms export has no row of their term (D300 on the join the term filter's "
        "dates read: an Aeries MST row whose SC and TM no TRM row has, a PowerSchool section whose "
        "SchoolID and TermID no terms row has): an elementary school on quarters whose terms export lacks "
        "them. Published, the school would lose those classes and every enrolment in them, with nothing to "
        "compare with on a first run. Counted are the classes a student's enrolment row that its own rule "
        "lets in names (dated current, not deleted): a section of a past year whose term is rightly no "
        "longer exported has none, and stays a warning (D300), however many there are. On a later night "
        "only the classes the last published set did not hold count (the classes of a term that starts "
        "tonight); those it held are the removal gate's (X906, X993, X997; --allow-rollover). Nothing was "
        "published. A term the export lists under another school's code, no school of the set (a "
        "district-wide S1 under School Code 0), is named with its row: the join's on is too wide for it.",
        "When the message names a row of the term under another school's code (School Code 0, a term of "
        "the whole district), the export is whole: the join's on names the school and misses it; make "
        "the join find that row as the Next step says. "
        "Look at the terms export: if the school's terms (or the term named) are missing, fix the export's "
        "query (a date filter, a per-school query that skipped the school) and rerun. If the school is not "
        "to be rostered, leave it out (--school, settings.schools or settings.exclude_schools); to publish "
        "the set as it is, without those classes, rerun with --allow-incomplete.",
    ),
    "X969": (
        "Errors (or errors and warnings together) left out more of the parents and guardians the "
        "exports name, or of their links to students, than the safety gate allows: more than the "
        "removal limit to errors, or more than half to errors and warnings. A link is counted where it "
        "was dropped as it was read (a relationships or contacts row whose role the profile does not "
        "know, F424; a row naming a student of the set whose contact the joined export lacks, D300: an "
        "eSchoolPLUS REG_CONTACT missing contacts), against the links read; a person where they were left "
        "out once the rows naming them were merged (a role mapped through the wrong map, V507), against "
        "the people published. "
        "The export limits count rows, and a student's row whose father was lost still made the "
        "student: published, the set would reach Remind without those families. Said on the first "
        "night, and on a later one whose last published set held no more parents and guardians than "
        "tonight's (else the comparison with it judges the loss, X953). Emergency contacts, restrained "
        "or non-custodial ones, parents without a phone or email, the contacts of students the set does "
        "not hold (a Skyward guardian.csv row whose student the students export lacks) and students with "
        "no parent columns filled are left out on purpose and never count; fewer than 10 lost never "
        "refuse. Where nearly every row finds no joined row, X891 says so instead.",
        "Fix the problem the message names (its code's fix: `transform codes ID`; the explain file lists "
        "every parent left out, with its row), and rerun. Where it is people of other names under one ID "
        "(V537, V570, V501), check first the column the guardians rule reads each person's contact ID "
        "from: a column of the student or the family (a student ID) read as it makes each family one ID. "
        "--allow-incomplete publishes the set without them, only a last resort.",
    ),
    "X970": (
        "--allow-incomplete: the set was published although errors left out more of the parents and "
        "guardians than the safety gate allows (X969).",
        "Fix the problem the message names, so that the parents reach Remind on the next run.",
    ),
    "P115": (
        "Two each: groups of one guardian rule (mother and father, parent1 and parent2) read one export "
        "column for a contact point (email, phone, sms): most often the second group was copied from the "
        "first and one column name not changed (the father's email reading Mother Email). Each row's two "
        "people would be published with one email or number: Remind gives it one user, and the other gets "
        "their messages. A warning, before any export is read: a column the SIS fills for the household "
        "may be meant (a family email read as the second choice); a run refuses where most rows give both "
        "people one value (I286).",
        "Read the group's own column (Father Email for the father). If the column really is the household's, "
        "read it for one group only, or as the other group's last choice (column: [Father Email, Family "
        "Email]).",
    ),
    "I286": (
        "On most rows naming two people of other names in two each: groups, a contact point (email, phone, "
        "sms) that one group reads from a column the other group reads too (P115) gives both people the "
        "same value: the profile's group reads the other person's column. Published, every such person "
        "would have the other's email or number, and Remind, which gives one email or number one user, "
        "would give one of them the other's messages. Nothing is published (exit 2: the profile is wrong).",
        "Change the group's column in the profile to the person's own (the message names the profile key "
        "and the column), then rerun.",
    ),
    "V610": (
        "The guardian rule reads each parent's ID from a contact-ID column (Infinite Campus "
        "contactPersonID, a contacts export's person ID), but this row's cell is empty, and no SIS "
        "contact of the same name shares its email, phone or household (else V612). The person is "
        "published under an ID derived from the name and email, phone or household, as a parent the "
        "SIS gives no ID is. The night the SIS fills the cell, the parent's ID becomes the SIS's, and "
        "Remind deletes the parent and creates a new one (X958 says so then).",
        "Fill in the contact ID for this person in the SIS (a contact record created by hand or an "
        "import that left the person's ID out), and check why the export left it empty.",
    ),
    "V612": (
        "The guardian rule reads each parent's ID from a contact-ID column, but this row's cell is "
        "empty; the row names a person with the name of a SIS contact of the export and shares an "
        "email, phone or household with them (a sibling's record listing the same father without his "
        "ID). It is taken as that contact: one parent with the SIS's ID, linked to the students of both "
        "rows. Kept apart, the same person would be published twice (Remind gives the email to one user "
        "only) and the second user deleted the night the SIS fills the cell. A row matching two SIS "
        "contacts, or one of another household, is not joined (V610).",
        "Fill in the contact ID on this row in the SIS; nothing changes in the set when you do.",
    ),
    "V545": (
        "A column OneRoster defines as a list of values separated by commas (grades, periods, subjects, "
        "subject codes) came out of the exports with an empty item: a leading, trailing or doubled comma "
        "(a PowerSchool period expression written ',', a grade list '09,,10'). A strict OneRoster "
        "consumer refuses such a list, and `transform validate` says V583 of it. The run drops the empty "
        "items and writes the rest ('' when nothing is left).",
        "Nothing to do for this set; correct the cell in the SIS if the list should have held a value there.",
    ),
    "V546": (
        "A parent without a SIS ID has an ID the tool derives from the name and a stable point, and the "
        "identity map keeps it by name and child. Tonight a parent's name is not in the map with any of "
        "their students, but one parent of the last published set had the same given name, the same "
        "email, the same phone (or no phone, then and now) and the same students: only the family name "
        "changed (a married name, a hyphenated name). That parent keeps their ID (docs/identity.md), and "
        "Remind updates the name instead of deleting the parent and creating a new one. A new phone as "
        "well is V547.",
        "Nothing, when the family name changed. If another person was typed over that parent's record "
        "in the SIS (keeping the email, phone and children), give the new person their own email or "
        "phone there.",
    ),
    "X946": (
        "At one school whose students are published, most of the classes the set would publish (at least 3 "
        "of them with their teachers enrolled) would be left out with no student (F412), because no row of "
        "the enrolment export names a student in them at all, kept or left out (not one ended, inactive or "
        "naming a student left out on purpose), while the other schools' classes have theirs. The school's "
        "sections, teachers and students were exported, its student enrolments were not: a schedule export "
        "cut short or filtered by school (a per-school query that ran for the other schools only). "
        "Published, the school's students and teachers would be in Remind with none of its classes, with "
        "nothing to compare with on a first run. A class or two without students is the class's own note "
        "(F412), and a school at which fewer than half the classes are empty keeps most of its classes; "
        "every school's classes empty is the whole export's (X910, X915). Said on a night without a last "
        "published set to compare with, the first; on a later night the gate's comparison says it (X997, "
        "X993; --allow-rollover publishes it). Nothing was published.",
        "Look at the enrolment (schedule) export: if the school's student rows are missing, fix the export "
        "and rerun. If the school really has no students scheduled yet, rerun with --allow-incomplete (its "
        "classes are left out until they have students), or leave the school out (--school, "
        "settings.schools or settings.exclude_schools).",
    ),
    "X963": (
        "With --allow-incomplete, a set was published in which one school's classes were left out with no "
        "student, no row of the enrolment export naming a student in them, while the school's students are "
        "published (X946 would have refused it).",
        "Nothing, if the school's students really are not scheduled yet. Otherwise publish again from a "
        "complete enrolment export.",
    ),
    "X944": (
        "At one school, every class of one term that its students are enrolled in tonight (at least 3) would "
        "be left out because the terms export has no row of that term (D300 on the join the term filter's "
        "dates read: an Aeries MST row whose SC and SM no TRM row has): the school's Fall semester missing "
        "from the terms export, while its year-long classes keep most of its classes (else X943). A term "
        "counts as tonight's when the enrolment rows naming its classes carry dates that the profile's "
        "conditions found current; where they carry none (Aeries SEC), when the terms export's rows of the "
        "same term code at the other schools all run tonight or start within the window (a quarter 2 "
        "missing at one school), and where no other school lists the code, when no term of the school's "
        "classes shorter than the year runs tonight or starts within the window (the school's Fall row is "
        "missing, its Spring row is there and starts in January). So next semester's classes, whose term "
        "is missing while this semester's runs (or, dated so at the other schools, at a school of "
        "year-long classes only), and last year's sections, which no current enrolment names, stay "
        "warnings (D300). Said on any night, the first or a later one: the removal gate's limits are shares "
        "of the whole set, under which one school's semester stays. A term the export has on two rows "
        "that differ (one ID reused for another year's dates) is not missing: X866 says it instead, "
        "whatever the count. Nothing was published.",
        "Look at the terms export: add the school's missing term (fix the query: a date filter, a per-school "
        "query that skipped the school's term) and rerun. If the term's classes really are not to be "
        "rostered, rerun with --allow-incomplete to publish the set without them.",
    ),
    "V516": (
        "Rows of one record combined (combine) name different links in a column the profile's "
        "combine.lists does not expect to differ (a OneRoster user listed twice with other guardians in "
        "agentSourcedIds): the record has the links of every row, whatever the rows' order. Rows naming "
        "the same links, or one of them none, are not said.",
        "Check the person's rows in the SIS: one of them may name a wrong guardian or school. If your export "
        "lists a person's links over several rows (one row per school, each with its own), name the column "
        "in the rule's combine.lists.",
    ),
    "V547": (
        "A parent without a SIS ID has an ID the tool derives from the name and a stable point, and the "
        "identity map keeps it by name and child. Tonight a parent's name is not in the map with any of "
        "their students, but one parent of the last published set had the same given name, the same "
        "email and the same students, and another phone: the family name and the phone changed on one "
        "night (a marriage, a move to a partner's phone plan). The email and every child tell the person "
        "(docs/identity.md), so that parent keeps their ID, and Remind updates the name and phone instead "
        "of deleting the parent and creating a new one. Two people of one given name sharing one email "
        "(a family address) are remembered for neither, and an ID someone of the old name still has "
        "tonight is never given.",
        "Nothing, when the parent married or changed their name. If another person was typed over that "
        "parent's record in the SIS (keeping the given name, email and children), give the new person "
        "their own email there.",
    ),
    "X929": (
        "The terms export already holds next year's terms under this year's codes (YR, S1: set up in "
        "spring for scheduling), and a join's pick took next year's row for a class's term code (from "
        "1 July, and within the window before the first day), but every student enrolment of the class "
        "began in an earlier school year, the first within the window (21 days) of that code's earlier "
        "row's first day: the class ran in that term, and the sections and enrolments exports still hold "
        "last year's classes and rosters, which would be published as the new year's, and none of the classes "
        "joined so is next year's (where some are, the exports hold both years' sections: X887). Not a rollover's "
        "removals: no option publishes them. Not said of a class whose row names its own school year "
        "(pick: year, eSchoolPLUS SCHOOL_YEAR), which joins its year's row, nor of one whose students were "
        "all added months into that earlier term (next year's schedule entered in spring, dated the day "
        "its rows were added), nor of one the last published set, made last school year, did not hold: "
        "its ID is none of last year's classes, so the SIS has rolled over (a year-2 section of a two-year "
        "course keeps its students' first-year enrolment dates). Nothing was published; the last set stays.",
        "The exports hold last year's sections only: export the new school year's sections and enrolments "
        "(after the SIS's year rollover, or with the sections and enrolment export jobs set to the new "
        "school year), and rerun. Export the school-year column the profile's pick: year reads with them "
        "(Illuminate AcademicYear, eSchoolPLUS SCHOOL_YEAR): where the exports then hold both years' "
        "sections, each joins its own year's term (else X887).",
    ),
    "X897": (
        "Across the district, more than 2 % of the students who were in a class in the last published set "
        "(and at least 10) would be published in no class: they stay in the set, their enrolments were "
        "removed, and no term that ended explains it. A schedule change gives a student other classes and a "
        "withdrawal removes the student from the set, so an ordinary night leaves a handful; a schedule "
        "export cut short (a copy or SIS job stopped after a whole line) loses every student whose rows came "
        "after the cut, spread over many schools: under the whole-file removal limit and under half of any "
        "one school (X997). Beside X997, the students of the schools it does not name are counted. Nothing "
        "was published; last night's set stays.",
        "Look at the removals file and the schedule (enrolment) export: compare its row count with last "
        "night's; if rows are missing, export it again and rerun. If the students really left every class "
        "(a schedule rebuilt from scratch), rerun with --allow-rollover.",
    ),
    "X898": (
        "With --allow-rollover, more than 2 % of the students who were in a class were published in no class "
        "(X897 would have refused it; said beside X908 too, when the removal accepted was over the whole-file "
        "limit: a new year's rollover moves students to new classes, a cut export leaves them in none).",
        "Nothing, if their schedules really ended. Otherwise publish again from a complete schedule export.",
    ),
    "P116": (
        "A date condition of the profile compares a column with the run's date (as_of) and names a drop "
        "reason that says on which side of it the rows it leaves out lie: an ended or dropped enrolment "
        "(enrollment-ended, dropped-enrollment) has its date in the past, a row not started yet "
        "(not-started) in the future. The condition's op leaves out the other side: `{dateDropped} "
        "date_lt as_of` with reason enrollment-ended keeps every enrolment dropped before today and leaves "
        "out only those dropping later, so the dropped students would stay in their classes in Remind. A "
        "condition giving its reason in the profile's own words (because:) or none is judged by the reason "
        "of the condition of the same name and field it replaces in the profile it extends. Found "
        "without reading any export; nothing is read or written (exit 2).",
        "Turn the comparison round as the message says (`op: date_ge` keeps the rows whose end date is today "
        "or later, and those with none when `allow_empty: true`; where the condition replaces one of the "
        "profile it extends on the same column, the message gives that one's op, as the column is read: "
        "PowerSchool's DateLeft is the day after the last day, `date_gt`). If the column really is a start date, the "
        "reason is not-started (and `op: date_le`, `value: as_of+window`).",
    ),
    "D328": (
        "A term of the classes lasts more than 400 days, longer than any school year, and read with day and "
        "month the other way round it lasts a school year: one school's dates were typed day first "
        "(01/09/2026 for 1 September) and, none of them past the 12th, read month first as the rest of the "
        "column is: a semester of 23 months. The term filter picks each night's classes by these dates, so nothing is "
        "published (exit 1). In a district read day first, a school that typed month first is the same "
        "misreading the other way round; the message says which.",
        "Correct the term's dates in the SIS, typed in the order the column is read, as the other schools "
        "type them (the step names the dates to type); or, when the whole column is written the other way, "
        "set the term dates' day_first in the profile; then rerun.",
    ),
    "X981": (
        "A person, a class or an enrolment of the last published set is not in tonight's set, though its row "
        "is in the exports: a data problem of the row (an error, or a warning about the record itself, such as "
        "a teacher without an email, V506) left it out. A row lost whole (I205) is found by the ID among its "
        "cells. The set is published (the rest of the night's changes are right), and Remind deletes the record "
        "with what follows it (a student's parents and enrolments; a teacher's enrolments, her classes left "
        "without an owner) "
        'until the row is fixed: the run exits 1 ("Published, but ...") for a person to act. Said once: the '
        "night after, the record is no longer in the last set. A student withdrawn or a class of another term "
        "(left out on purpose, info) is never named.",
        "Fix each record named in the SIS as its code says (transform codes CODE; the file and line show the "
        "row); the next night's set brings it back. If the record really left the SIS, nothing to do.",
    ),
    "X983": (
        "A row of an export was left out by a data problem before its record could be told (a row lost whole "
        "whose ID is made of several values, such as an enrolment's section and student; an ID that came out "
        "empty or garbled), and tonight's set removes records the row points to that nothing else explains: "
        "an enrolment of its section or student, a user of its name (not of a removed student or class, not "
        "found again under a new ID). The row may be one of them. Published; the run exits 1 "
        '("Published, but ...") for a person to look.',
        "Look at the row named (and --explain's list): fix it in the SIS, and the next night's set brings its "
        "record back. If the records listed really left, nothing to do.",
    ),
    "X893": (
        "A night that publishes nothing new with --upload (the summer past day 80 of Remind's 90, or a set "
        "waiting since an upload failed, on a night with nothing due or one the safety gate refused) sends "
        "the set in OUT again. It sends it only when OUT holds the set last published, every file and "
        "unchanged (the hashes last.json records of it), or a set kept with --keep and copied back whole. "
        "OUT held less or other files (a pick-up job that moves the files away, a folder emptied, moved or "
        "edited since), so nothing was sent: Remind would have taken a part of a set, or a mix of two "
        "nights, for the roster.",
        "Put the set back in OUT as it was published: copy the files back from where they were moved (a "
        "job that picks them up should copy them, not move them), or from a copy kept with --keep (the "
        "state folder's history/); the next run sends it. If it is lost, a school night's run publishes "
        "and sends a new set; before day 90 in the summer, upload the set by hand and record it with "
        "`transform uploaded OUT`.",
    ),
    "X895": (
        "At a school, every class of a semester or quarter that the last published set held has ended "
        "tonight, and not one class of a later term is in the exports, while the school year runs on (its "
        "year-long classes do; at a school of semester or quarter classes only, another school's, while its "
        "students are still its in the students export). Published, every such class would be removed as "
        "ended and none of the next term's would come: the sections and enrolments exports are still the SIS "
        "job's filter of the ended term. Read from the classes alone, so it is said where the exports have no"
        " terms file to name the next term (Skyward SMS, Clever and FACTS files: a term is only a class "
        "row's, X977 needs one), and where year-long classes meet in the new term too (eSchoolPLUS marking "
        "periods): what is missing is a class that starts in it. A school of year-long classes only, a "
        "quarter change inside the semester's classes, the year's last term (its year-long classes ending "
        "with it, or soon after), and a school that closes with the term (fewer than half its students still "
        "its) are not refused. Nothing was published.",
        "Export the sections and enrolments of the new term (check the SIS export job's term or year "
        "filter), and rerun. If the as-of date is wrong, give the right one with --as-of. If the school "
        "really has no class of a later term: --allow-incomplete publishes it, said (X918), and the next "
        "night is not refused again (its last set holds none of the ended term's classes).",
    ),
    "X894": (
        "The terms export holds this year's and next year's rows of one term code (a SIS set up for next "
        "year in spring: eSchoolPLUS REG_MP_DATES lists each building's marking periods 1 to 4 of both "
        "years), the sections export holds both years' sections, and the sections name no school year "
        "(eSchoolPLUS SCHD_MS downloaded without its optional SCHOOL_YEAR), so the join took for each the "
        "row its dates pick: this year's. Next year's sections were joined to this year's term and would be "
        "published as current classes, with next year's rosters and teachers, each beside this year's "
        "section of the same school, course, section and title. Where the section's code is new each year "
        "(Synergy's SECTION_ID), at least 10 classes new tonight, each beside a class of the last published "
        "set of the same school, course and title in that term, are told so; so are, on a first night or "
        "with fewer, at least 3 classes whose students' enrolments all began after the term they joined had "
        "run three quarters of its length (next year's schedules entered in spring), each beside one of the "
        "same school, course and title whose students began before (two sections of a course begun this "
        "year, a two-year course's year 1 and year 2, are not). Nothing was published; no "
        "option publishes it (the set would hold two school years at once).",
        "Add the school-year column to the sections export (eSchoolPLUS: SCHOOL_YEAR in the SCHD_MS "
        "download; Synergy: SCHOOL_YEAR in sections.csv; the profile's join reads it with pick: year), or "
        "filter the sections, section terms and schedule exports to the current school year, and rerun.",
    ),
    "D332": (
        "A rule's number condition (lt, le, gt, ge) reads a value that is no number at all: a letter typed "
        "into PowerSchool's SectionID, which `not_dropped: {SectionID} ge 0` would otherwise read as a "
        "dropped enrolment (a negative SectionID). The value is a data problem of the row, not the "
        "condition's reason: the row is left out and counted as such, and when the last published set "
        "held its record, the run says so (X981, X983) and exits 1.",
        "Correct the value in the SIS record (the section number of the student's schedule row).",
    ),
    "F441": (
        "A staff member's role is a value the profile neither maps to a Remind role (teacher, aide, "
        "administrator) nor leaves out on purpose (a OneRoster proctor, F408): a principal, a counselor, "
        "'staff' or 'Teacher Aide' in a file that calls itself OneRoster 1.1. Remind asks for every staff "
        "user, non-teaching staff as aide, so the person is left out with a warning, not quietly.",
        "Add the value to the profile's staff role map (a district profile that extends the bundled one: "
        "maps.staff_roles, and maps.enrollment_roles if the person is enrolled in classes), as teacher, "
        "aide or administrator, and rerun.",
    ),
    "I221": (
        "A column the profile reads is in the export's header more than once (a field picked from two "
        "tables: PowerSchool's STUDENTS.Grade_Level beside [39]Grade_Level), and on some row the cells hold "
        "different values. Reading the first would let the header's order decide the set (the same data "
        "with its columns in another order would publish the other values), so nothing is read.",
        "Take one of the columns out of the SIS export's template (or rename it to a name the profile does "
        "not read), and rerun.",
    ),
    "D330": (
        "A school's term, as its dates are read, lies months from the term of the same name at every other "
        "school, and read with day and month the other way round it lies within weeks of one: the school's "
        "dates were typed day first (01/09/2026 for 1 September) and, none past the 12th, read month first as "
        "the rest of the column is. A semester inside one calendar year is no longer than a year (D328 does not "
        "see it), but its classes would be current on the wrong days: removed in November, the next ones "
        "coming in April. Nothing is published (exit 1). A term is judged against the reading most "
        "schools share (two schools typed the same way do not vouch for each other), and against its own "
        "school's year-long term: a semester that, as read, starts months before its school year or ends "
        "months after it, and read the other way round lies inside it, is misread too. A term no other school "
        "has, and within its school year, is not judged. A district whose column is read day first (its "
        "profile's date order) and one school typed month first is the same misreading the other way round; "
        "the message says which way the column is read and which way the school typed.",
        "Correct the term's dates in the SIS, typed in the order the column is read, as the other schools "
        "type them (the step names the dates to type); or, when the whole column is written the other way, "
        "set the term dates' day_first in the profile; then rerun.",
    ),
    "X880": (
        "EXPORTS is a zip, which the run unpacks whole into the temporary folder (TMPDIR when it is set, "
        "else the system's, usually /tmp) before reading it, and writing there failed: most often that "
        "folder's disk is full or small (a tmpfs of half the memory, a service's PrivateTmp), which is "
        "not OUT's disk. Nothing was published; OUT keeps the last set.",
        "Free space in the folder named, or point TMPDIR at a folder on a disk with room for the unpacked "
        "exports (in the job: TMPDIR=/var/tmp/rosterkit transform ...), or give the exports unzipped; "
        "then rerun.",
    ),
    "V519": (
        "A parent or guardian without a SIS ID shares a household (Family_Ident) with people of their name "
        "in other parent columns, who are one person by the household rule, and the chain of such rows "
        "reaches two people of that name whom one student's row names in two columns (a mother and a father "
        "both named Jean Martin): the person could be either, and the export does not say which. None of "
        "the chain is joined by the household; this person is kept as one of their own (published when "
        "they have an email or phone, with their own ID), whatever the order of the rows. The rows of the "
        "two told apart are named.",
        "Check the person's rows in the SIS: give them the email or phone of the parent they are (rows "
        "sharing an email or phone are one person), or correct the column they are listed in, and rerun.",
    ),
    "X882": (
        "A person of the last published set (or, on a first set, over the removal limit of its students) has no "
        "row in the export that lists them, while tonight's other exports still name them in rows that would "
        "keep them: a current role (OneRoster 1.2, SDS v2.1 roles.csv) left out only because its person has "
        "no users row, an enrolment that passed its rule's own conditions left out only because its user is "
        "not in the set, or whose join to the people export found no row (PowerSchool's cc naming the "
        "student by StudentID, a section naming its Teacher: the person told by the classes their last-set "
        "enrolments share with those rows), a student's agentSourcedIds naming a parent with no users row "
        "(V575). Also a person tonight's set keeps by another row (PowerSchool lists a teacher once a school) "
        "whom it would remove from the classes whose sections still name, by Teacher, her row that the "
        "teachers export no longer has: that row is lost (not told of a key a current row named when the "
        "last set was made too, which made none of its enrolments, nor of a student's key, a student having "
        "one row; nor on the first night after an upgrade, whose last.json does not say which keys were "
        "missed then, nor against a set --previous names). A person who leaves keeps a row the profile's "
        "conditions leave out (a withdrawn student, a "
        "teacher of Status 2), or leaves the roles and enrolments too (a parent taken off the student's "
        "list, a section given another teacher), or, a student named by enrolment rows only, has every one "
        "of them end tonight, before the term of its class ends, in every class the last set enrolled them "
        "in, while most of each class's other students' rows run on (a student withdrawn today, whom an "
        "export of active students no longer lists: not asked for, a handful a night at most, none on a "
        "night an export was cut at its tail; on the last day of the classes' rows nobody is); so the "
        "export lost rows: "
        "cut short at a line "
        "boundary (a SIS job or copy that stopped after a whole line), or filtered. Under the removal limit "
        "nothing else refuses it, and Remind would delete them with their parents. Nothing was published; "
        "the last set stays. When a users rule's join found no row for them while the joined export holds most "
        "of their IDs in a column, the message and the step name the profile's join (it reads another key); on "
        "a new profile (a first set, or changed since the last), the step asks first whether the rule reads "
        "the ID the other exports name them by.",
        "Compare the named export's row count with last night's, export it again whole and rerun. If the "
        "message says the export naming them is older than the people export (an earlier night's copy, "
        "naming people who left since), export that one again instead: the people export is right. If the "
        "people really left and only the other exports lag behind, rerun with --allow-incomplete.",
    ),
    "X883": (
        "The people of X882, published without them: with --allow-incomplete, or on a first set where they "
        "are under the removal limit of its students (a SIS's enrolment export may list a few students its "
        "students export leaves out on purpose, pre-registered).",
        "Check that the named export is whole; if rows are missing, export it again and rerun.",
    ),
    "F440": (
        "The guardians export names, on most of its rows, a student of the set as the guardian and as the "
        "student an ID that is no student: its two ID columns are the other way round (an SDS v2.1 "
        "relationships.csv written guardian first: userSourcedId is the student, relationshipUserSourcedId "
        "the guardian). Each such parent would be left out as linked to no student (F413, info), more of "
        "them than were published, and the set would hold almost no parent, at exit 0 on a first night. "
        "Where the profile reads the guardian or the student through a join (an eSchoolPLUS contact from "
        "REG_CONTACT by CONTACT_ID, a Skyward SMS student by STUDENT-ID), such a row finds no row there "
        '(D300) and counts too; a guardian ID the profile prefixes ("G" + the contact ID, Infinite '
        "Campus) is looked for without its prefix. Nothing was published; the last set stays.",
        "Export the guardians file with each ID in its column and rerun; or, if the SIS always writes it so, "
        "swap the two columns in the profile's guardian rule (student: and contact:). --allow-incomplete "
        "publishes the set without those parents.",
    ),
    "I220": (
        "A .csv, .txt or .tsv file in the exports folder matches no source of the profile, so nothing in it "
        "is read: an export the SIS writes beside the others that the profile does not know (contacts in a "
        "file of another name than the profile's sources, where the profile reads them from the students' "
        "columns: every parent missing), or a file left there by hand. Said for information; the run goes on.",
        "If the file holds data the set should have (contacts, parents), use or write a profile whose "
        "sources read it (a district profile that extends the bundled one); otherwise move it out of the "
        "exports folder.",
    ),
    "V548": (
        "One enrolment ID is on more than one row, and the rows agree on the class, the user and the role: "
        "they differ only in primary or in the dates (a schedule row written again with another enter date, "
        "as a drop and re-add leaves it; a co-teacher column that repeats the lead teacher, whose two "
        "enrolments of one section row are one). It is one enrolment, written once: primary true if any row "
        "says so, the earliest beginDate and the latest endDate (none, open, if any row has none), so the "
        "rows' order never decides. Rows of one ID with another class, user or role stay two enrolments "
        "the tool cannot tell apart (V576).",
        "Nothing is needed; to silence it, keep one row per enrolment in the SIS export (end the dropped "
        "row, or clear a co-teacher column that repeats the lead teacher).",
    ),
    "X899": (
        "A member of the zip of exports fails its check (CRC) or cannot be decompressed: the zip was "
        "damaged while it was written, copied or downloaded (a transfer cut and resumed, a disk or "
        "network fault). The command is right; tonight's file is not. Nothing is published.",
        "Copy or export the zip again (check its size against the SIS's), then rerun. If it happens "
        "every night, compare a checksum of the zip where the SIS writes it and where the transform reads it.",
    ),
    "V613": (
        "A parent or guardian without a SIS ID shares an email, a phone or the household in their column "
        "with a person of their name, and joining them would make one person of the two of that name whom "
        "one student's row names in two columns (a mother and a father both named Kim Roy, who share no "
        "email or phone on that row): two people by construction. A sibling's row listing the mother with "
        "the father's phone would join the two into one parent, and the student would lose the other. The "
        "join is left out: an email of the person's own (not the other one's on the row) is weighed first where "
        "the other one on each row gives a different email, or with a phone of their own (it moves with the "
        "person: a couple of one name swapped between the columns on one child's row), "
        "then the household in the person's column (the mother column of the household is the mother), "
        "then emails (a person's own), then phones (often a household's), each in text order, so the same rows give "
        "the same people in any order. The value the rows disagree on is said as for any parent (V550), or, when it is "
        "the other one's, not kept (V549).",
        "Check the rows named in the SIS: give each parent their own phone and email (a phone or email typed "
        "in the other parent's column, or the other parent's number on a sibling's record), and rerun.",
    ),
    "V549": (
        "Rows naming one parent or guardian without a SIS ID give two emails or phones, and one of them is "
        "the value that the row naming two people of the parent's name (a mother and a father both named "
        "Ivy Lamb) gives the other one (V613): a sibling's record listing the father with the mother's "
        "phone. The parent keeps the value that is theirs, not the lower one (V550), so the two are not "
        "published with one number, in any order of the rows.",
        "Check the parent's rows in the SIS and give each parent their own phone and email on every "
        "child's record, then rerun.",
    ),
    "D331": (
        "A row joins another export by a key that the profile's join compares without letter case "
        "(ignore_case: an email address, as SDS's Parent and Guardian Sync files link a parent by Email), "
        "and the other export has the key only in other letter case (PARENT0@EXAMPLE.COM in user.csv, "
        "parent0@example.com in guardianrelationship.csv). Every mail system and Microsoft Entra read an "
        "address so, so it is one person: the row is joined to that row, and said for information. A key "
        "the export has in two letter cases (two rows) joins the row written as it is. A join that does not "
        "say ignore_case stays exact (D386).",
        "Nothing is needed; to silence it, write the address the same way in both files.",
    ),
    "I218": (
        "The exports give enrolments no IDs of their own, and the profile puts each together from the class "
        "and user IDs (sds-v2's {classSourcedId}-{userSourcedId}). Where those IDs hold the template's "
        "separator, two enrolments can come out with one ID (class 'c1-A' with user 'B', class 'c1' with "
        "user 'A-B': both 'c1-A-B'). They are two enrolments, and nothing in the SIS is wrong: each is "
        "written under an ID of its own, the same whatever the rows' order: the one the last published set "
        "had under the ID keeps it, each other gets the ID with a suffix of its own (8 hex digits from its "
        "class and user; on a first set every one of them), and keeps it on later nights while the last "
        "published set has it, also once the other enrolment is gone (I225). Where the export "
        "writes the enrolment IDs itself, one ID on two enrolments stays V576.",
        "Nothing is needed.",
    ),
    "F438": (
        "A row gives a staff role (aide, teacher, administrator) to a person the set already holds as a "
        "student, from the same file (OneRoster 1.2's or SDS v2.1's roles.csv, whose rows name one "
        "users.csv person): a student aide, a student with a role at the office. Remind gives a person "
        "one role, and a student keeps hers: the staff role is left out, the student stays with her "
        "classes; an enrolment in the staff role is left out with it (V578). An ID that a students export "
        "and a staff export both use, or under other names, is two people's, and keeps neither (V537).",
        "Nothing is needed if the person is a student. If the SIS gave a staff member a student's ID, "
        "give the staff member an ID of their own.",
    ),
    "X887": (
        "The terms export holds last year's and next year's rows of one term code, and the sections and "
        "enrolments exports hold both school years' sections (next year's set up, with rosters starting in "
        "the new year) without the school-year column that tells them apart (Illuminate mastschd.txt's "
        "AcademicYear, eSchoolPLUS SCHD_MS's SCHOOL_YEAR, Synergy sections.csv's SCHOOL_YEAR: optional "
        "columns, read by the profile's pick: year). A section naming no year joins the row its dates "
        "pick, next year's from 1 July: last year's sections, whose students' enrolments all began in last "
        "year's term, would be published as the new year's classes beside the new year's own. The SIS has "
        "rolled over: this is no wait for the rollover (X929), and it says so every night until the exports "
        "change. Nothing was published; no option publishes it.",
        "Add the school-year column the message names to that export (the profile's pick: year reads it: "
        "each section then joins its own year's term, and last year's are left out as ended), or filter the "
        "sections, section terms and schedule exports to the new school year, and rerun.",
    ),
    "D329": (
        "Rows of one person (a staff member listed at two schools, a parent on two children's records) "
        "write the name otherwise: in capitals on one, with accents or a middle name on the other. The "
        "published name is the whole name of one row, never a given name from one row and a family name "
        "from another: the one with the most parts, then the fewest parts written in capitals only, then "
        "the lower in text order, so that the rows' order never decides.",
        "Write the name one way on every record of the person in the SIS; nothing else is needed.",
    ),
    "X890": (
        "No class of the exports is in a current or upcoming term, and every term ended more than the "
        "window (21 days) ago but lately, which on a "
        "summer night is the school year's end (F422, exit 0). But the terms the classes run in, one after "
        "another from the first, lasted under seven months and the last ended between October and March: no "
        "school year ends so. Every class is a semester's or a quarter's (a block-schedule district, no "
        "year-long class to say the year runs on) and the sections or enrolments exports are still filtered to "
        "the ended term: Remind would keep the ended classes all spring and never get the next term's. Nothing "
        "is published (exit 1); the last set stays. X895 says the same of one school among others.",
        "Export the next term's sections and enrolments (take the ended term out of the SIS job's filter, or "
        "set it to the new term), then rerun. A district whose school year truly ends so (a calendar of its "
        "own) rosters with --term until its next year's terms are exported.",
    ),
    "X891": (
        "The guardian rule reads its rows through a join (an eSchoolPLUS REG_STU_CONTACT row finds its "
        "contact in REG_CONTACT by CONTACT_ID; a Skyward SMS guardian.csv row its student by STUDENT-ID), and "
        "many rows that would have made parents and guardians (custodial, not emergency contacts) found no row "
        "there (D300 each), at least ten times as many as were published, and fewer parents than one student "
        "in ten: the export names the contacts or the students by another ID, is of another school year, or "
        "has its two ID columns the other way round (F440 says so when the ID read as the guardian's is a "
        "student of the set). A set so would have almost no parent, at exit 0 on a first night. Nothing is "
        "published (exit 1). Not said when the last published set held no parents either.",
        "Look at the row the message names: export the file with each ID in its column and the same IDs as "
        "the joined export (the SIS's contact or student ID), or correct the profile's join, then rerun. "
        "--allow-incomplete publishes the set without those parents.",
    ),
    "X896": (
        "No term of the exports' classes is current or starts within the window, every one has ended, the "
        "last more than the window (21 days) ago (within it, a break: nothing due yet), and "
        "the last to end is a semester's or a quarter's that ended well inside its school year (by 30 June "
        "of the year its first day is in, over half its own length left after it; after a quarter, another "
        "quarter's length): not the summer, but the rest of the year missing from the exports, the sections "
        "or enrolments export still filtered to the ended term. Said where no year-long class says the year "
        "runs on (a district whose schools have semester or quarter classes only; X895 says it where one "
        "does), on the first night or a later one. The year's last semester or quarter (ending in May or "
        "June), a summer session (under eight weeks) and a term ending after 30 June are the year's end, "
        "said as F422 (exit 0). Nothing was published; the last set stays.",
        "Export the sections and enrolments of the new term (check the SIS export job's term or year "
        "filter), and rerun. If the as-of date is wrong, give the right one with --as-of. A break between "
        "terms longer than the window (a year-round calendar's four-week intersession, where no terms export "
        "names the next term): set filters.current_term.window_days in the district profile to the break's "
        "length in days.",
    ),
    "X884": (
        "An export ends tonight short of where it went on when the last published set was made: after the "
        "last line of it then that it still holds, it has three or more lines fewer than it had, and none "
        "of the lines that came after that one then is anywhere in it now. It was cut short exactly at a "
        "line's end (a copy that stopped, a SIS job killed while it wrote), which leaves every row whole "
        "and nothing in the file to tell. Where another export names the people the cut took, X882 says it; "
        "an enrolments export (PowerSchool's cc.txt) is named by no other, and the enrolments of its last "
        "rows would be removed under the removal limits. last.json keeps, of each export only enrolment "
        "rules read, its line count, the hashes of about a thousand lines spread over it and of its last "
        "512 lines, with their text: a cut of any length is seen, and the message names whom the last lines "
        "gone named (the key its rule joins by, a StudentID). Said of the exports only enrolment rules "
        "read, and of those only guardian rules read (Skyward's guardian.csv, PowerSchool's contacts.csv: "
        "cut, its parents were removed from Remind and their children unlinked), for three lines or more (a "
        "row or two deleted at the end may be a schedule row dropped the day it was entered). Not said: an "
        "export whose new rows come after the old ones, one sorted anew, one whose last rows changed (a "
        "date filled in); lines gone that all name people the exports still list and the profile leaves out "
        "(a withdrawn student, F400, whose dropped rows the export no longer lists), people no export lists "
        "tonight where the people export leaves out nobody (an export of active students only: removed "
        "tonight, which the removal limits weigh; such an export cut at the same students as the enrolments "
        "is not told) or sections no longer exported; nor a first night. Of a guardians export, not said "
        "either of lines whose student and contact are on a line tonight (changed), or both still have "
        "other lines (one link removed), of students left out or gone tonight, nor of one contact's rows or "
        "one student's alone (a parent removed). Of an export read through a join (eSchoolPLUS's "
        "REG_CONTACT.txt or SCHD_MS.txt, Aeries' STF.csv) or a people export whose people another export "
        "still lists (REG_STAFF_BLDGS.txt), said for two lines or more when the lines gone held two records "
        "or more that tonight's rows still name: a key no line of it has tonight that a row its rule lets in "
        "joins by (a contact's links, a section's schedules, a teacher's TCH rows), or people tonight's set "
        "lacks whom current enrolment rows name; records deleted with the rows that named them are not "
        "said. Nothing was published.",
        "Compare the file's line count with last night's, export it again whole (check that the SIS job "
        "and the copy finished), and rerun. If the rows the message names were really removed in the SIS "
        "(the student deleted, not withdrawn, or enrolled in no class tonight), rerun with "
        "--allow-incomplete to publish the set without them.",
    ),
    "I222": (
        "A column whose form the target fixes (demographics.birthDate, users.email, "
        "users.metadata.preferredLanguage, the dates of enrolments and sessions) is read with no cleaner "
        "of that form: its cells would be written as the export has them (20160219, 14.03.2015, "
        "'t1 at d.example.org'), and Remind, or the run's own `transform validate`, would reject them. "
        "The run cleans the column with that cleaner anyway (birth_date, email, language, date), as if the "
        "profile said so: a value it cannot read is blanked and said at its row (D305, D308), a teacher "
        "left without an email is left out (V506). check-profile and every run say it.",
        "Add the cleaner to the column in the profile (birthDate: {column: DOB, clean: [birth_date]}; "
        "email: {column: Email, clean: [email]}), as init-profile drafts it and the bundled profiles do.",
    ),
    "V614": (
        "A user's email is not an email address (no @, no domain with a dot, spaces): 't1 at "
        "d.example.org', 'wes at example'. Remind signs teachers in and notifies people by it. A run "
        "never writes one: it cleans every email (blanked, D308; a teacher left without one is left out, "
        "V506).",
        "Write a valid address in the SIS, or leave the cell empty; a profile reads the column with clean: [email].",
    ),
    "V615": (
        "A record breaks a rule of the target that `transform validate` checks, in a column the profile "
        "read as the export has it: an enrolment or a session whose end date is before its begin date "
        "(V588 in a set checked), or a Remind student with several grades in one cell ('05,06'; V583: "
        "each student has one grade). The run never publishes a set its own validate rejects: the cell "
        "is left blank (the end date: the enrolment stays open; the grades) and said at its export row. A "
        "session's end date is required: the session is left out, said as D379 on the same line (its "
        "classes with it, F425), not as an end date the export lacks.",
        "Correct the dates or the grade in the SIS (a drop date typed before the add date), or read "
        "the column the right way (a grade map, one grade column).",
    ),
    "X886": (
        "On a first set, or the first set after the profile was changed: a users rule's conditions left "
        "out more than half of its export's rows (at least 20), and kept a few. A condition of the "
        "district's own profile that reads a status flag the wrong way round (InactiveInd in [Y] where "
        "Y means inactive) keeps the withdrawn students and leaves out the enrolled ones. Said with the "
        "condition, its place in the profile, the counts and the values it kept. The set is published. "
        "When the students left out are the ones the schedule enrols tonight (more of their enrolment "
        'rows were left out with them than were published), the run exits 1 ("Published, but ...") '
        "for a person to look; an export holding every student ever enrolled (the graduates, the "
        "withdrawn of past years) rightly leaves most rows out, their schedule rows are of past terms, "
        "and the run exits 0 and says it as a warning. Later nights with the same profile exit 0. "
        "An enrolments rule's `where` of the district's own is said when it left out more rows than its "
        "export kept (at least 20; rows of classes left out otherwise, out of term or excluded, are not "
        "counted), and the run exits 1 on a first set or the first set after the profile was changed when "
        "most students published are in no class, or as many classes were left with no student as the set "
        "enrols students in (a homeroom rule beside it keeps every student in a class), kept rows or none: "
        "`not_dropped` reading the start date for the end date (tester71 N1); those classes counted among the "
        "ones the rule's rows name where its class ID is read from the row's own cells (the sections export's "
        "unscheduled sections, which no row names, are no condition's doing); when most students its rows "
        "name keep one of those classes, the words give both readings (each student's other classes', "
        "dropped or of a past quarter the sections export still lists; or a start date read for the end "
        "date keeping next quarter's), still exit 1 once: the counts cannot tell them apart. Since "
        "tester71 a users rule "
        "is said from more than half of its rows left out (nine "
        "in ten missed a start date read for the end date, 42 of 47 rows): the exit is decided by what the "
        "rows left out are, not by the share: a users rule exits 1 when most enrolment rows left out with "
        "its people are of classes the kept students are in too (a condition read the wrong way round "
        "keeps the few of the same classes), not when their classes are left with no student (a split "
        "meant: the elementary grades of a K-12 export), unless the set enrols no student at all (the students "
        "kept are in no class: no split); where those classes are not known (over 2,000 "
        "people left out with enrolments), only past nine rows in ten. After a profile change, a removal "
        "refusal (X906, X953, X845) names the condition first in its Next when that condition's text changed "
        "since the last published set; a refusal of records left out or tables left empty (X915, X916, X903, "
        "X980) names a users rule's condition so said first in its Next, on any night. "
        "A guardians rule's link_where of the district's own is said when it left more than half of the "
        "students its rows name (at least 20) with no parent or guardian linked: a custody flag read the "
        "wrong way round publishes the emergency contacts and drops every mother and father; the run "
        "exits 1 on a first set or the first set after the profile was changed.",
        "Check the condition against the values it kept and the column it reads: if they are the ones to "
        "leave out, turn it round (in [N], or not_in [Y, ...]); if it reads the wrong column (a start date "
        "for an end date), name the right one; if it is right (an export of every student ever enrolled, "
        "dropped schedule rows), nothing is needed: later nights with the same profile do not stop for it.",
    ),
    "X888": (
        "A class of the last published set has no row in the classes (sections) export, while tonight's "
        "enrolment rows that passed their rule's own conditions still name it: an enrolments export row "
        "naming a class no sections row has (V502), or whose join to the sections export found no row "
        "(D300), or a section the classes export still has, current, left out because its own join to "
        "another lookup found no row (D300: its Course_Number no courses row has; then the joined export is "
        "named). A section deleted in the SIS takes its roster rows with it, a course cannot be deleted "
        "while sections use it, and one of an ended term is "
        "ended, not removed; so the sections export lost rows: cut short at a line boundary (a SIS job or "
        "copy that stopped after a whole line), or filtered. Under the removal limit nothing else refuses "
        "it, and Remind would delete the classes with their enrolments. Nothing was published; the last "
        "set stays.",
        "Compare the named export's row count with last night's, export it again whole and rerun. If the "
        "sections really were deleted and only the enrolments export lags behind, rerun with "
        "--allow-incomplete.",
    ),
    "X889": (
        "The classes of X888, published without them and their enrolments, with --allow-incomplete.",
        "Check that the named export is whole; if rows are missing, export it again and rerun.",
    ),
    "F443": (
        "Every term of the exports' classes has ended, less than the window (21 days) ago, and the terms "
        "they make are no whole school year: they end mid-year, where X890 or X896 would refuse a later night. "
        "A break between terms (winter break, a weekend between quarters), when a SIS may export the next "
        "term's classes only once it switches terms: nothing is due yet (exit 0) and the last set stays. "
        "From the day the message names, with still no class of a later term exported, the run is refused "
        "(X890 or X896, exit 1). A summer after the year's last term is F422.",
        "Nothing to do over a break. If the next term has started, export its sections and enrolments "
        "(take the ended term out of the SIS job's filter), and rerun.",
    ),
    "V554": (
        "More than half of the students with an email, or of the staff members with one (at least 3 of "
        "them, and at least a quarter of all the students or all the staff), have an email that a user of "
        "the other kind has too: the students' email read from the teachers' column of a schedule export, "
        "or the teachers' from the students'. Remind gives an email "
        "to one user only, so most of them cannot be created, and a student holding a teacher's address "
        "would sign in as the teacher. Said once, of the kind with more users on the shared addresses; the "
        'set is published, but the run exits 1 ("Published, but ...") for a person to look, every night '
        "it holds, as V609. A few students with a staff member's address (a typo, a class email) are V509 "
        "each, and publish at exit 0, as do a few students of many with an email that is a teacher's "
        "who is their parent (an elementary school's students have no email but these).",
        "Map the named kind's email (and username) in the profile to the column that holds their own "
        "addresses (for a students' rule, not the teacher's column next to it), or leave it unmapped where "
        "the export has none, and run again.",
    ),
    "V555": (
        "More than half of the students, staff members or parents and guardians with both names (at least "
        "3 of them) have a givenName equal to their familyName, or a comma inside one of their names: one "
        "whole-name column ('Okafor, Sofia') read into both names, or read whole into one. Remind would "
        "show 'Okafor, Sofia Okafor, Sofia'. Said once per kind of user. On a first set, or the first set "
        'after the profile was changed, the set is published but the run exits 1 ("Published, but ...") '
        "for a person to look, as for P113; later nights with the same profile publish at exit 0 and say "
        "it. A few such names (a suffix written 'Smith, Jr.') are never said.",
        "Read a 'Last, First' column with clean: [name_given] into givenName and clean: [name_family] into "
        "familyName (clean: [name] keeps the whole cell), or map each name to its own column, and run "
        "again. Correcting the names of a published set is no new person: the next night publishes them "
        "as changes.",
    ),
    "X870": (
        "A users rule of the district's own profile reads the last name into givenName or the first name "
        "into familyName: a 'Last, First' column read with clean: [name_family] into givenName (or "
        "[name_given] into familyName), or a column whose header names the other part ('Last Name', "
        "'Surname' into givenName; 'First Name' into familyName). Remind would show every family 'Mr. "
        "Susan'. On a first set, or the first set after the profile was changed, the set is published but "
        'the run exits 1 ("Published, but ...") for a person to look, as for P113; later nights with the '
        "same profile publish at exit 0 and say it.",
        "Exchange the two in the profile: givenName reads the first name (clean: [name_given] of a 'Last, "
        "First' column), familyName the last (clean: [name_family]), and run again. The next night "
        "publishes the corrected names as changes.",
    ),
    "V556": (
        "A students export and a staff export give one user ID to two people of other names (PowerSchool's "
        "Student_Number 5002 and a teacher's TeacherNumber 5002), where the profile reads the two exports' IDs "
        "from columns of other names. The SIS numbers students and staff in two series, so the overlap is no "
        "error in the SIS, and the tool can tell the two apart: one is a student, one staff. But the profile "
        "takes both numbers as they are for the user ID, and Remind knows a person by that ID alone: "
        "publishing either would give the other's classes, parents or messages to the wrong person, and "
        "leaving both out loses a student, her parents and a teacher's classes. Nothing was published, on the "
        "first night as on later ones; the last set stays. One name in both exports is one person, and IDs "
        "read from one column in both (Infinite Campus's personID) are one series: both stay V537.",
        "Give the staff IDs a prefix of their own in a district profile, with the lines the message shows: "
        "for PowerSchool, extends: powerschool, then tables: users: staff: columns: sourcedId: "
        '"T{TeacherNumber}", and the same prefix on every column naming a staff member by that ID '
        '(enrollments: teachers: and coteachers: columns: userSourcedId: "T{teacher.TeacherNumber}"). Do it '
        "before the first set reaches Remind: later, every staff member gets a new ID once (Remind deletes and "
        "re-creates them), and that night's set is refused by the safety gate (X955) until it is published "
        "with --allow-rollover.",
    ),
    "I225": (
        "The profile puts enrolment IDs together from the class and user IDs, and where two enrolments "
        "came out with one ID the last published set wrote them under the ID with a suffix of their own "
        "(I218). Tonight the template gives the ID to one of them alone (the other enrolment ended): it "
        "keeps the suffixed ID of the last published set, so Remind does not delete and re-create an "
        "enrolment that did not change.",
        "Nothing is needed.",
    ),
    "P118": (
        "A students' rule's `where` condition of the district's own profile, written the \"leave out\" "
        "way (not_equals, not_in), lets through status values that name students who left (Graduated, "
        "Withdrawn, Inactive, Transferred, Exited ...) on at least 10 rows, and at least half as many "
        "published students are in no class: `Enrollment Status not_equals Withdrawn` on an export of "
        "every student ever publishes the graduates, each with their parents. Said with the values let "
        "through and their rows, and the values to keep instead. The set is published. On a first set, "
        'and on the first set after the profile was changed, the run exits 1 ("Published, but ..."); '
        "later nights with the same profile exit 0 and still say it. Not said on a --users-only run. "
        "Of a date: a condition against as_of keeping the past dates and the blank cells (`{End Date} "
        "date_le as_of` with allow_empty: the wrong way round) that left out no row, while its column is "
        "blank on most rows and past on some, and most students whose column holds a past date are in no "
        "class (tester71 N4): a start date kept once begun leaves its late entrants in their classes and is "
        "not said, whoever else is in none.",
        'Write the condition the "keep" way: `op: in` with the values of current students (`Enrolled`, '
        "`Active`), or add the leaver values to the not_in list; a date the other way round (`op: date_ge` "
        "on an end date). If those students are meant to be "
        "published, run once more: the next night with the same profile exits 0.",
    ),
    "I223": (
        "An exclusion pattern of the district's own profile (filters.exclude_classes patterns, or one "
        "switched on with use:) or of the command line (--exclude-class) left out classes of two or more "
        "titles by matching inside a word: the "
        'study-hall code `SH|STDY` also matches "English 9" and "Spanish I" (the patterns ignore '
        "case). F406's count mixes those classes with the ones meant, and its examples may show only "
        "the ones meant; this lists each title matched inside a word, with its classes. The set is "
        "published. On a first set, and on the first set after the profile was changed, the run exits "
        '1 ("Published, but ..."); later nights with the same profile exit 0 and still say it. A '
        "--exclude-class pattern given or changed counts as the profile changed; an upgrade of the tool "
        "changing a bundled profile does not.",
        "Make the pattern match whole words only, `(?<![a-z])(SH|STDY)(?![a-z])`, or anchor it to the "
        "whole title (`^SH$`); or keep the classes meant with filters.exclude_classes.keep. If every "
        "title listed is meant, run once more: the next night with the same profile exits 0.",
    ),
    "V552": (
        "Two parents or guardians were published whose contact IDs differ only in letter case or leading "
        "zeros (3F2A-01 and 3f2a-01, 60010 and 060010) and who have the same name: siblings' rows write "
        "one contact's ID two ways. Remind creates one user per email and phone, so the second copy is "
        "never created and the children linked only to it get nothing. The set is published as read and "
        "the run exits 1.",
        "Correct the contact ID on the rows that write it otherwise in the SIS (or the export's query), "
        "so that every row of the contact writes one ID, and rerun.",
    ),
    "P119": (
        "A users rule of the profile maps the first and the last name the other way round (givenName "
        "through clean: [name_family], the last-name part of a 'Last, First' column, or from a column "
        "whose header names the last name, such as Last Name or Surname; familyName likewise from the "
        "first name), or reads one whole-name column into both names without the cleaner that takes its "
        "part. Said by check-profile, at the mapping's line, before any export is read; a run says the "
        "same of the district's own profile as X870 (names swapped) and, from the names it reads, V555 "
        "(names read whole), and exits 1 on a first set.",
        "Read the first name into givenName and the last name into familyName: a 'Last, First' column "
        "with clean: [name_given] into givenName and clean: [name_family] into familyName, or the "
        "export's own First Name and Last Name columns. If the header is misleading and the mapping "
        "right, ignore the warning.",
    ),
    "V559": (
        "A guardians rule kept, as parents or guardians, links of contacts whose relationship says they "
        "are none: an emergency contact, a doctor, a pickup-only contact (at least 3 links, and at least "
        "5% of those the rule kept). Most often the rule has no link_where to leave the contacts "
        "export's emergency contacts out, and its role map's default makes every relationship it does "
        "not list a guardian. Read from the rows' own relationship words (the column the rule's role "
        "reads, or one whose header names a relationship), or the codes the rule lists as no guardian's "
        "(guardian: relationship_codes: {not_guardians: ['20', '30']}: a SIS writing codes, Aeries' RL, "
        "names no emergency contact in words), every night it holds. On a first set, or the first after the "
        "profile changed, nothing is published (X820); later nights the set is published as read, and the "
        "run exits 1 for a person to look.",
        "Leave them out in the profile: a link_where condition on the export's guardian or custody flag "
        "(as the bundled Infinite Campus profile's guardian: condition), or on the relationship itself "
        "({field: \"{Relationship}\", op: not_matches, value: '(?i)emergenc|doctor|pick\\s*up', reason: "
        "emergency-contact}); or map those relationships to drop in the role map (unmapped: drop). If a "
        "few are the SIS's typing (a parent entered as Emergency Contact), correct them in the SIS. The "
        "next night removes those contacts from the last set: the removal gate refuses it (X906, X953) "
        "until a person has read its removals list and reruns with --allow-rollover.",
    ),
    "V562": (
        "A guardians rule's link_where (a custody or guardian flag) kept mostly contacts whose "
        "relationship names no parent or guardian, and left out mostly those whose relationship does "
        "(Mother, Father, Guardian, or a code the rule's role map lists as a parent or guardian: Aeries' "
        "RL 10, 11, or one its relationship_codes list as parents): at least 20 links each way, under half "
        "against over half; or, where the flag kept non-custodial parents too, those left out nearly all "
        "(90%) a parent's and those kept a third fewer or less. A flag "
        "read the wrong way round does this where every family also has an emergency contact: every "
        "student is linked, to the emergency contacts, so no student is left without a guardian (X886). "
        "Read from the rows' own relationship words, every night it holds; on a first set, or the first "
        "after the profile changed, nothing is published (X820); later nights the set is published as read, "
        "and the run exits 1 for a person to look.",
        "Read the condition the other way round (in: [Y, 1, ...] for the forms that mean a guardian; "
        'docs/profiles.md, "Yes/no flags"), and rerun: the next set links the parents instead, and removes '
        "the emergency contacts the last set linked: the removal gate refuses it (X906, X953) until a person "
        "has read its removals list and reruns with --allow-rollover.",
    ),
    "X864": (
        "The guardians export's rows linked parents and guardians to students, and hardly any of those links "
        "share a name with their student: no more often than a parent and a student picked at random (a "
        "family name, one of two, a father's given name that is his child's family name, or a phone or email "
        "the student's own row has too all count; not one more than five students have, as a school's number "
        "filled in where the SIS had none), and the parents of two children or more are not linked "
        "to siblings (children of one family name) more often than chance either. The "
        "export gives its student and contact IDs the other way round (an eSchoolPLUS REG_STU_CONTACT or a "
        "Skyward SMS guardian.csv whose two ID columns were swapped), or IDs of another kind, and the two ID "
        "series overlap, so most rows still found a student and a contact: each student would get another "
        "family's parents. Nothing is published (exit 1). The links are judged in a sample (the first 5,000 "
        "of users.csv), from 40 links on, and only for a guardians export of its own (parents written on the "
        "student's own row, as PowerSchool's Mother and Father columns, have no IDs to swap). A contacts "
        "export listing one parent per child, in a district whose mothers keep their own family names, is "
        "published where her children are siblings or her phone or email is on her child's row; one where "
        "neither tells (one child each, no phone or email shared but a school's) is refused once, on its first "
        "set. "
        "--allow-incomplete publishes it, "
        "and last.json records so: later nights are not refused for it again.",
        "Look at the link the message names in the SIS: export the file with each ID in its own column (the "
        "student's ID where the profile reads it, the contact's where it reads the contact), or correct the "
        "profile's guardian columns, then rerun. If the links are right (parents and children of the "
        "district's families rarely share a name), --allow-incomplete publishes the set once; later nights "
        "are not refused for it again.",
    ),
    "I226": (
        "The profile makes classes with no filters.current_term, though a source has term dates (I274), "
        "and tonight's export shows every class published in a term running on the run's date, as "
        "filters.current_term at its defaults would judge it: one covering the date or, when no semester or "
        "quarter does (August, a winter break), the first to start within 21 days (the classes' own term "
        "columns, or a terms export whose every term is running): an export of the current term only. "
        "Nothing of another term went out, so the first set is not refused (I228 would be). Another night "
        "whose export holds classes of an ended or later term is I274 again, naming them, and holds them back "
        "(X801) where such classes are new since the last published set.",
        "Nothing tonight. To have the run keep only the current term's classes whatever the SIS exports, "
        "add filters.current_term (start and end: the term's date columns); to say that every class "
        "exported is meant, write `current_term: {enabled: false}`.",
    ),
    "P120": (
        "A rule gives a field every record needs from a setting (`orgSourcedIds: {setting: school_id}`, "
        "as a single-school SIS's profile does) that the profile leaves unset or empty: every record "
        "the rule makes would lack the field and be left out (D304), and the run would publish nothing. "
        "init-profile's draft for a single-school SIS leaves the school's ID and name for the admin to "
        "write.",
        "Write the setting under settings: (school_id: the school's ID as the SIS writes it; school_name: "
        "its name), and run check-profile again.",
    ),
    "X867": (
        "One person is listed both as a teacher (or administrator) and as a student: a OneRoster 1.2 or "
        "SDS roles.csv with a teacher role and a student role for one user, or a OneRoster 1.1 users.csv "
        "listing the person once per role. Remind gives a person one role, and a student with a staff role "
        "stays a student (a student aide, F438), so the person would be published as a student and their "
        "teacher enrolments left out; the classes named would then have no teacher or administrator, and "
        "nobody could message their families. Nothing was published; the last set stays.",
        "If the person is a teacher, take the student role off them in the SIS (a staff test account or a "
        "staff course enrolment often adds one), or give their student account an ID of its own; if they "
        "are a student aide, enrol the classes' teacher. Rerun. Only if the classes are meant to be "
        "published without owner: --allow-incomplete.",
    ),
    "I230": (
        "The export's manifest names one version of the format (manifest.csv oneroster.version 1.1) while "
        "its files are written in another, the one this profile reads (a roles.csv, and users.csv without "
        "role: OneRoster 1.2). The files are what a run reads, and their headers leave no doubt, so they "
        "were read as the profile's version and the run went on; the profile for the manifest's version "
        "would stop on a column its files do not have.",
        "Nothing to change here. Ask the vendor or the export's settings to write the manifest for the "
        "version it exports, so that other tools reading the set are not misled.",
    ),
    "V557": (
        "A parent or guardian of the last published set who is still published tonight is no longer linked "
        "to one of their children, who is published too, and tonight's exports still hold a row that looks "
        "like the link: the row names the student's ID written otherwise (V608), or gives the parent another "
        "contact ID or a misspelt name (a parent new tonight of the same name, email, or every email and "
        "phone), or links the parent to another student of the last set, or to one no export lists (V582), "
        "instead, or names the parent for the child but was left out. A removed row, or one whose "
        "relationship became an emergency contact, is an ordinary night and not said. The set is published "
        "without the link (the rest of it is right) and the run exits 1: Remind takes the child from the "
        "parent until the row is fixed. The state (last.json) keeps the links said, and each night the link "
        "is still lost to such a row says it again; the night the row is corrected, the link comes back "
        "and the wrong one it made goes without a word.",
        "Open the row the message names in the SIS and correct it (the student's ID, or the contact ID the "
        "parent's other rows give), then rerun: the next night links the child again. If the link was "
        "meant to go (a custody change), nothing is to be done.",
    ),
    "I229": (
        "A class's term has no start or end date in the terms export (a OneRoster session must have "
        "both), and the school year its row writes (academicSessions.csv schoolYear: the year the "
        "school year ends) is not the as-of date's: last year's session exported without its dates, "
        "or next year's entered early. Without dates the current-term filter cannot judge the class, "
        "and the profile's undated: keep would have kept another year's class in this year's set; the "
        "class is left out instead, with its enrolments.",
        "Nothing to do if the class is of another year (better: export only this year's sessions, "
        "each with its dates). If it is this year's, correct the term's schoolYear and give it its "
        "startDate and endDate in the SIS or the export's query, and rerun.",
    ),
    "X866": (
        "The terms export (OneRoster or SDS academicSessions.csv) gives one term ID on two rows that "
        "differ, most often in their dates: a vendor reusing its term codes each year (S1 for Fall "
        "2025 and for Fall 2026), or two calendars under one code. A class names the term by that ID "
        "alone, so which row is its term cannot be told, and every class naming it would be left out "
        "(D300 after D327). Before, with two classes or fewer of a school it was published without "
        "them at exit 0. It is refused whatever the count, naming both rows and a class.",
        "Have the export give each term its own sourcedId (one per school year and calendar), or "
        "export only this school year's sessions, and rerun. Where the profile's join on the terms export "
        "leaves out a column that tells the two rows apart and the classes' export has too (the school's, "
        "two calendars both naming S1), the message says so: add it to the join's on (the classes' export may "
        "write it under another name: Bldg for Building; the message names it). Where the classes' export has "
        "no such column, the message names the column to add to that export. If the classes are "
        "meant to be left out tonight, --allow-incomplete publishes the set without them.",
    ),
    "V564": (
        "A student's agentSourcedIds names a parent or guardian by an ID that differs from the one "
        "users.csv gives that person only in letter case or leading zeros (a GUID written upper case "
        "on one side and lower case on the other, 0451 for 451). Links stay exact, so the student is "
        "not linked to that guardian; a guardian no other link reaches is left out (F413). On a first "
        "set, most of the export's parents left out so is refused (F446); on a later night, the "
        "removal gate holds the parents the last set had (X953). A set published with such a link lost "
        'exits 1 ("Published, but ...", the first said), every night it holds. When the guardian\'s own row '
        "links the student, the link is made: that is V568, a warning.",
        "Make the export write each guardian's ID one way in users.csv sourcedId and in the students' "
        "agentSourcedIds (the same case and zeros), in the SIS or the export's query, and rerun.",
    ),
    "F446": (
        "Most of the parents and guardians the export lists, at least 3 and more than those published, "
        "would be left out because no link reaches "
        "them: students' links name them with the ID written otherwise (V564: other letter case or "
        "leading zeros), their own links name students written otherwise (V608), or neither their "
        "rows nor any student's row links them (the link column, OneRoster's agentSourcedIds, left "
        "empty or out of the export). Published, the set would tell Remind the district has almost no "
        "parents. Parents of students left out (withdrawn) name those students and are not counted "
        "here. Said on a first set, and on a later night when tonight would publish fewer parents than the "
        "last set held (a links column renamed or gone; the removal gate's X953 says the parents lost "
        "beside it).",
        "Make the export write the links: agentSourcedIds on the students' or the guardians' rows "
        "(OneRoster), relationships.csv (SDS), with each ID written as users.csv writes it; rerun. If "
        "the set is meant to have no parents, --allow-incomplete publishes it.",
    ),
    "X860": (
        "An enrolments export lost lines at what was its end when the last published set was made, and new "
        "rows follow the place of the cut tonight, as many as were lost or more: its line count and its last "
        "line look ordinary, so X884 (an export that ends short) cannot see it. last.json keeps the text of "
        "the export's last 512 lines; three or more of those are gone tonight while the students and "
        "sections they name are still in tonight's exports, and no line after the cut enrols those students "
        "anew (a student whose schedule was made again is not counted, nor a line changed in place, a "
        "withdrawn student's lines, or a deleted section's). A copy or SIS job that stopped and went on, or "
        "one school's part of a file cut short before the next school's, leaves such a file; publishing it "
        "would remove those students from those classes. Nothing is published.",
        "Export the enrolments again whole (check that the SIS job finished and that the copy is complete) "
        "and rerun. If the lines named were truly deleted in the SIS (those students dropped those classes "
        "tonight), rerun with --allow-incomplete once to publish the set.",
    ),
    "X861": (
        "A current row of tonight's exports names a person by a key no row of the people export has (a "
        "section naming by Teacher her teachers row at one of her two schools), and tonight's set keeps "
        "that person by another row while removing her from the classes that key names: the row X882 "
        "refuses as lost. Here it could not be refused: last.json keeps the keys missed when the last set "
        "was made (an orphan row of every night made none of its enrolments), and on the first night after "
        "an upgrade, or against a set --previous names, they are not known, so the person may only have "
        "dropped those classes. The set is published and the run exits 1. Said once per row lost: a district "
        "run with --previous every night is not told it again while OUT's last.json says the key was missed "
        "the night before too.",
        "Look in the people export (the file named) for the row the message names by its key. If it is "
        "missing, export that file again whole and rerun: the person's classes come back. If the key named "
        "no row yesterday either, nothing is lost; the next night knows the keys and says nothing.",
    ),
    "X874": (
        "One staff member of the last published set has no row in tonight's staff export while tonight's "
        "sections still name them as their teacher. A teacher who leaves mid-year keeps the sections until "
        "the school gives them a substitute, often days later, and an export of active staff only no "
        "longer lists them: exporting it again changes nothing (tester58 F4b: X882 refused such a night "
        "every night, its fix 'export it again whole'). The set is published without them, their classes "
        "without this teacher, as a staff export listing them as inactive publishes it, and the run exits "
        "1 on the night they are removed (the next night they are not in the last set: nothing is said). "
        "Two staff members or more missing so, or students, are still refused (X882): an export cut short.",
        "Give those sections another teacher in the SIS (the substitute): the next run enrols them. If the "
        "teacher has not left, the staff export lost their row: export it again whole and rerun.",
    ),
    "X862": (
        "An enrolments export lost a run of lines from inside it: last.json keeps the text of about a thousand "
        "lines spread over the export and of its last 512, and three or more recorded lines in a row are gone "
        "tonight from between two recorded lines still in it, of two students or more, while those students "
        "and sections are still in tonight's exports and no line between the two (nor after the export's old "
        "end) enrols those students anew. Its last line is still there, so X884 (an export that ends short) "
        "does not see it, and new rows written last can keep its line count ordinary. Not said of lines "
        "changed in place, of a student whose schedule was made anew or who dropped a class beside others "
        "kept, of withdrawn students' lines, of students no export lists tonight (removed, which the removal "
        "limits weigh) or of deleted sections'. Nothing is published.",
        "Export the enrolments again whole (check that the SIS job finished every school and that the copy "
        "is complete) and rerun. If those students truly dropped those classes tonight, rerun with "
        "--allow-incomplete once to publish the set.",
    ),
    "X872": (
        "A condition of an enrolments or classes rule that leaves records out (a dropped schedule row's "
        "drop date, an enrolment's end date) reads a column the export lacks, declared optional, so it "
        "read every row blank and left no row out (I260), though the export of the last published set had "
        "the column: the SIS renamed it (to a name unlike it; a look-alike is X990) or its export template "
        "lost it. Tonight's set holds enrolments (or classes) the last published set did not: the dropped "
        "rows the condition no longer tells, published as current, may be among them (a student shown in "
        "her old section and her new one). Nothing was published; last night's set stays. An export that "
        "never had the column (one of active enrolments only) is not refused: I260 says it each night.",
        "Put the column back in the SIS export (its template or query), or, if the SIS now writes it under "
        "another name, map that name in your district profile (sources: NAME: aliases: {COLUMN: [NEW "
        "NAME]}; `transform check-profile PROFILE --exports DIR` checks every column), and rerun. Checked "
        "the records the message names in the SIS and none is a dropped or ended one: --allow-incomplete "
        "publishes tonight's set; the last set's export then lacks the column too, so later nights say it "
        "only as I260 (a warning): put the column back all the same.",
    ),
    "I291": (
        "A quote typed at a value's start and its pair typed later on the same line (a name typed '\"Bo', a "
        "date '3/3/2014\"') made the cells between one quoted cell: the row read short, every later column "
        "shifted (a status column would read a name, a student 'not active'). In a file whose delimiter no "
        "value holds (tab, pipe, caret, semicolon), a cell holding the delimiter is such a quote pair: the row "
        "is read as its cells were typed, the stray quotes dropped.",
        "Remove the stray quotes from the record in the SIS (the column the message names, and the one where "
        "the quote closes); the row is read right meanwhile.",
    ),
    "I292": (
        "A comma file's row is short by as many cells as one quoted value holds commas. Either a quote typed at "
        "a value's start and its pair later on the line swallowed the cells between (every later column "
        "shifted: a status read from a name, a grade from an ID), or the value rightly holds commas ('Smith, "
        "Jr.') and the export left the row's last cells out. The file's other rows are whole, and their columns "
        "do not tell the two readings apart (where every cell read as typed fits its column and the other "
        "reading's shifted cells do not, the row is read as typed: I247), so the row cannot be read for sure: "
        "it is left out (a record published last night and missing tonight is then refused by the safety gate, "
        "X981). Where other cells of the row rightly hold commas too, a row is left out so only when its cells "
        "read as written misfit three of the columns after them; else it is padded (I204). Where every row "
        "ends with a trailing delimiter (Aeries: one empty cell past the header's), a row is short of those "
        "rows even with just the header's cells: one that merely lacks its trailing delimiter is read as "
        "written while its later cells fit their columns, and left out when they do not.",
        "Open the line the message names: if a quote was typed into a value, remove it in the SIS; if the "
        "value holds a comma rightly, export the row with all its cells (every cell quoted or a trailing "
        "delimiter for each empty cell), and run again.",
    ),
    "V571": (
        "A name field read as 'Last, First' or 'First Middle Last' (PowerSchool's Mother and Father, Clever's "
        "Contact_name) holds a family name and no given name: one word ('Smith'), a family name with its "
        "particles ('de la Cruz', 'St. John', 'De La Cruz'), or a 'Last,' with nothing after the comma. "
        "Remind requires a given name of every user, so the person is left out (D304, or D379 where a "
        "cleaner blanked it, names the record), rather than published with a particle ('de') or another "
        "word of the family name as their first name. One capitalised particle before a word ('Van "
        "Morrison', 'Di Maria') may be a given name and is read as one.",
        "Write the person's first name in the SIS, in the cell ('Rosa de la Cruz', or 'de la Cruz, Rosa'), "
        "and rerun; the next night publishes them.",
    ),
    "P121": (
        "The schools' rule names each school by the column that holds its number (or through a map "
        "that gives each number itself, or a number), or by the column of codes its ID is mapped from "
        "(PRM: '042'): an export with school numbers only and no schools file, as init-profile drafts "
        "it. The set is published, but Remind shows families and teachers the number or code where the "
        "school's name belongs. The words name each such key as the profile writes it ('42' and '042' "
        "are two keys); a key of words ('Pine Ridge Middle') is its own name and is not said.",
        "Write each school's name in the profile: in the map the name is read through "
        "(maps.school_names: '042': Maple Middle School), or name a column that holds it; a number "
        "left as it is stays its own name.",
    ),
    "P122": (
        "A map lists no value at all and leaves out every value it does not list (unmapped: drop), so each "
        "row a rule reads through it is left out: init-profile drafts one, empty, for a contacts export "
        "whose relationships are codes (MO, FA, EC) rather than words, for the district to write. Left so, "
        "the run publishes no parent and refuses the set (X951).",
        "Write the values the map keeps under its values: (the parents' and guardians' codes of the "
        "relationship column: values: {MO: parent, FA: parent, GU: guardian}), or leave the map out.",
    ),
    "I287": (
        "A class's term has no start or end date in the terms export (a OneRoster session must have "
        "both), and the school year its row writes is not the one the same export writes for the as-of "
        "date: its dated terms holding the as-of date (the school year's session, or its semesters, over "
        "a break too) all write one school year, and the undated term writes another (a year behind: "
        "last year's session exported without its dates). A school year a year behind cannot be told from "
        "this year's by the row alone (a calendar school year, or a vendor naming years by their start, "
        "writes this year so), but the export's own dated terms tell how it names this year. The class "
        "is left out, with its enrolments, and counted; an export with no dated term holding the as-of "
        "date keeps such a class as before (F420).",
        "Nothing to do if the class is of last year (better: export only this year's sessions, each with "
        "its dates). If it is this year's, give the term its startDate and endDate (and this year's "
        "schoolYear) in the SIS or the export's query, and rerun.",
    ),
    "I288": (
        "Every class of a semester or quarter that the last published set held has ended at a school, "
        "no class of a later term is exported, and the school year runs on (its year-long classes do): "
        "what X895 refuses, on a night before the school's next term can be due. A SIS job that exports "
        "the current term only still exports the ended term over a winter break, beside the year-long "
        "classes, and switches to the new term on its first day. Nothing is due yet (exit 0): nothing "
        "was published and the last set stays, ended classes and all, until the new term's classes come. "
        "The night it is due is the first day of the school's next term that its classes' terms or the "
        "terms export name (a year-long section's next marking period, PowerSchool terms.txt's Semester "
        "2; six weeks after the ended term at most), else the window (21 days) after the ended term's "
        "last day. From that night, with still no class of a later term exported, the run is refused "
        "(X895 or X977, exit 1). "
        "Another refusal of the night is said as usual; --allow-incomplete publishes the night (X918).",
        "Nothing to do over a break. If the next term has started, export its sections and enrolments "
        "(take the ended term out of the SIS job's filter), and rerun.",
    ),
    "V568": (
        "A student's agentSourcedIds names a parent or guardian by an ID that differs from the one users.csv "
        "gives that person only in letter case or leading zeros (V564), but the guardian's own row links "
        "the student (OneRoster lets either side write the link): the link is made and the set is right. "
        "Said so that the two spellings are put right before the guardian's row stops naming the student "
        "(a link then lost is V564, an error, and the run exits 1).",
        "Make the export write each guardian's ID one way in users.csv sourcedId and in the students' "
        "agentSourcedIds (the same case and zeros), in the SIS or the export's query. Nothing to do tonight.",
    ),
    "D351": (
        "The terms export (OneRoster or SDS academicSessions.csv) gives one term ID on two rows that "
        "differ, but they name one term: the other row is no row of the set (a session with status "
        "tobedeleted or inactive: a deletion notice of last year's S1, which the sessions rule leaves "
        "out), or the rows of the set have the same start and end dates (one term under two titles). "
        "The classes naming the ID take the row of the set (of rows dated alike, the lower in text order, "
        "as the sessions written keep it: V508), and the set "
        "is published. Rows of the set with other dates are two terms: X866 refuses those.",
        "Nothing to do tonight. Have the export give one row per term ID (leave deleted sessions out "
        "of a bulk export, or give each term its own sourcedId) so the terms export says one thing.",
    ),
    "V569": (
        "A person holds a student role and a staff role (a teacher with a staff course or a test account "
        "as a student), and the export says which is primary (OneRoster 1.2's roles.csv roleType, read "
        "by the users rule's primary_role): every student role of hers is secondary and a staff role "
        "primary. Remind gives a person one role: she is published as staff, so her classes keep their "
        "teacher, and the student role is left out, with any enrolment as a student (V578). A student "
        "whose student role is primary stays a student (a student aide, F438); where the export does "
        "not say (no roleType) or calls both primary, the student stays one and X867 refuses a set that "
        "leaves her classes without an owner.",
        "Nothing to do if she is staff. If she is a student, correct her roles' roleType in the SIS.",
    ),
    "X879": (
        "The profile makes the parents' and guardians' IDs (a prefix before the SIS contact ID: Clever's "
        "G + Contact_sis_id), and one such ID is a staff member's or a student's ID too (a teacher whose "
        "SIS ID is GC501, and contact C501). The SIS holds no two records of one ID: the prefix made "
        "them one. Remind's users.csv gives one ID one person, so the parent would be left out and her "
        "children unlinked (V597). Nothing is published; a teacher who is a parent under one ID the SIS "
        "gives (SDS, OneRoster 1.2) is one person and is not refused.",
        "Give the guardians a prefix no staff or student ID begins with in the district profile "
        "(tables.users.guardians.guardian.prefix: P-, say; `transform check-profile` checks it) and "
        "rerun with --allow-rollover once: every parent's ID changes that night. If the parent may be "
        "left out tonight, --allow-incomplete publishes the set without her.",
    ),
    "X881": (
        "An export gives some people two rows under one ID and one name, with other data (Skyward SMS: "
        "a student's row per entity, at two schools), and the profile's condition that reads one row "
        "per person (skyward-sms's default_entity, on X-DEFAULT-ENTITY) reads a column the export "
        "lacks: optional, as a one-entity district's export may leave it out, so every row was read. "
        "The two records of one ID keep neither (V537): those people, their enrolments and their "
        "guardians' links would be left out. Nothing is published.",
        "Add the column the message names to the export (Skyward: X-DEFAULT-ENTITY in the SkyBuild "
        "student template) and rerun. If those people may be left out tonight, --allow-incomplete "
        "publishes the set without them.",
    ),
    "V573": (
        "A parent or guardian had an email or phone in the export, but it could not be read (D306 "
        "phone-invalid: a number without its area code, a letter O for a zero; D308 email-invalid: a "
        "comma for a point, a space inside), and they have no other email, phone or sms: Remind cannot "
        "create them, so they are left out. Unlike V515 (no contact point at all, left out on purpose), "
        "the safety gate counts them as parents lost (X969), the first night too.",
        "Correct the value the message names in the SIS: a phone with its area code, an address as "
        "name@domain. If the SIS keeps 7-digit local numbers, set settings.phone_area_code (e.g. '608') "
        "in the district profile: a number without an area code is then read in it.",
    ),
    "D353": (
        "A phone or email cell held two numbers or addresses ('608-555-2006 or 608-555-2016', "
        "'mom@x.org; dad@x.org'); Remind takes one per person, so the first was written and the others "
        "were not published.",
        "Nothing to do if the first is the person's own; else keep one number or address per cell in the SIS "
        "(the other parent's in their own columns).",
    ),
    "D387": (
        "A parent without a SIS ID has an ID the tool derives from the name and a stable point, and the "
        "identity map keeps it by name and child. Tonight a parent's name is not in the map with any of "
        "their students, but one parent of the last published set had the same family name, the same "
        "students and every email and phone the same (the same inbox), under a given name that is another "
        'spelling of tonight\'s ("Peter" and "Pieter", "Bill" and "William", "Jude" and "Judea"): a clerk '
        "corrected the given name. That parent keeps "
        "their ID (docs/identity.md), and Remind updates the name instead of deleting the parent, and "
        "their conversations, and creating a new one. A family name changed is V546.",
        "Nothing, when the given name was corrected. If another person was typed over that parent's "
        "record in the SIS (keeping the family name, every email and phone and the children), put the "
        "parent's record back and add the new person as a contact of their own, with their own email "
        "and phone.",
    ),
    "I295": (
        "An export lacks a column the profile reads, and the same export of the last published set had "
        "it (last.json records each export's columns when a set is published): the profile that read it "
        "then reads it now, so the export changed, its template or query lost or renamed the column (a "
        "SIS upgrade, a report definition edited, another saved query). Nothing was published, and the "
        "run exits 1 (the data must be fixed), not 2 as a column the export never had (I201: the profile "
        "or the command is wrong). Where a condition that leaves people out reads it (Aeries' CON.CD, a "
        "restrained contact), the message names the conditions and what they leave out.",
        "Put the column back in the SIS export (its template or query), or, if the SIS now writes it "
        "under another name, map that name in the profile (sources: aliases), and rerun. Do not declare "
        "it optional to get past it: whoever a condition reading it leaves out would be published.",
    ),
    "D354": (
        "A record names an org the export lists, but not as a school (a district, a department, a college): "
        "the set rosters only orgs of type school (the profile's org_types map; Remind's rule, kept for a strict "
        "OneRoster set too), so that org was left out (D357) and the record naming no "
        "school but it is left out too.",
        "If that org is one of your schools under another type, map its type to school in a district profile "
        "extending the bundled one (maps: {org_types: {values: {college: school}}}: the type the message "
        "names), and rerun; if it is no school, point the record to its school in the SIS.",
    ),
    "D357": (
        "An org of the orgs export is not of type school (a district, a department, a college): the set "
        "rosters only orgs of type school (the profile's org_types map; Remind's rule, kept for a strict OneRoster "
        "set too), so it is left out, and a class or person naming no school but it "
        "follows it (D354). An export whose every org is of another type publishes nothing (X903).",
        "If it is one of your schools under another type, map its type to school in a district profile "
        "extending the bundled one (maps: {org_types: {values: {department: school}}}: the type found), and "
        "rerun; a district or other org that holds no classes needs nothing.",
    ),
    "P123": (
        "The profile's settings.school_year_starts is not a month. It says when the district's school year "
        "starts (a calendar school year: January), and every judgement of a school year reads it: a new "
        "school year against a term change, the summer against a year not over, a session's year.",
        "Write the month the school year starts in, on or before its first day: a name (January, Feb) or a "
        "number (1 to 12); a school year from late January or February to December writes January. Leave "
        "the setting out for a July-to-June year.",
    ),
    "X807": (
        "The profile says the district's school year starts in a month (settings.school_year_starts), but "
        "a term of the exports (a quarter or longer) runs across the first day of that month: no school "
        "year's term does. A northern district given a southern (calendar) school year by mistake, or a "
        "month written after the school year's first day. Judged by that calendar, a new school year could "
        "pass as a term change without --allow-rollover, or a term change be refused as a new year, so "
        "nothing was published; the last set stays. Said so (exit 2) on a first set or after the profile "
        "changed; when the same profile made the last published set, it is the term's row (X832, exit 1).",
        "Write the month the school year starts in, on or before its first day (a year from late January "
        "or February to December: January), or leave settings.school_year_starts out for July to June, and "
        "rerun. If the term's dates are wrong, correct them in the SIS.",
    ),
    "I245": (
        "A break night (I288: every class of a semester or quarter the last published set held has ended at "
        "a school, no class of a later term is exported, the year-long classes run on, the new term not due "
        "yet; or F443: the same in a district of semester or quarter classes only) on which people changed "
        "since the last set: a parent's phone or email, a guardian link, a "
        "student withdrawn or enrolled. A SIS job that exports the current term only still exports the "
        "ended term's classes until the new term's first day. Holding the changes until then (weeks, at "
        "exit 0) or refusing every night of the break were both wrong, so tonight's set was published "
        "(exit 0) with tonight's people and the ended term's classes kept: those the last set held and "
        "tonight's export still has, as it writes them (a teacher changed is published), an enrolment that "
        "ended with the term (its end the term's last day, or the day after where the SIS writes ends "
        "exclusive) judged as of that day when its class is one kept and its person is in tonight's "
        "exports (a student withdrawn with the term leaves; a row ending so in a year-long class, a student "
        "who left it with the term, is out), any other as "
        "tonight (a student who left the class before the term's end, or the school, is not in it; a "
        "student new to the school enrolled in one joins it; a year-long class dropped over the break is "
        "left). A class of the ended term the last "
        "set did not hold is not published (a stale export, not a break); one the export no longer has is "
        "removed under the safety gate, as on any night. The safety gate judged the set against the last as "
        "usual. On the night the message names (the new term's first day, or 21 days after the ended "
        "term's last day where no terms export names the next term), with still no class of a later term, "
        "the run is refused (X895 or X977, exit 1). A year-long class left on the term's last day or the "
        "day after is left that night: only a kept class's rows are judged as of the term's last day. An "
        "unchanged night after it is I288 again (nothing published).",
        "Nothing to do over a break. If the new term has started, export its sections and enrolments (take "
        "the ended term out of the SIS job's filter), and rerun.",
    ),
    "X808": (
        "Of the parents and guardians the exports give a phone or email for, most had as their only one a "
        "placeholder the SIS writes for none ('000-000-0000', '555-555-5555', none@none.com: V515), or a "
        "value that could not be read (V573); or more than the removal limit of them had a value that could "
        "not be read. Each is left out (Remind cannot create a parent with no phone or email), so the set "
        "reaches few of the families: the profile may read the wrong column, the SIS keep local numbers, "
        "or the SIS hold no phones at all. The set is published: every record in it is right, and the "
        "parents added later are additions. On a first set, or the first after the profile changed, the "
        "run exits 1 ('Published, but') for a person to look before the first upload; later nights with "
        "the same profile say it and exit 0, as does a run with --allow-incomplete. Where a contacts export's "
        "conditions left some rows out and no parent is left at all, X951 refuses the set and its step is "
        "this code's. Parents named with no phone or email cell filled at all are not counted either way (a "
        "father's name alone is common).",
        "Look at the columns and values the message names. If the parents' phones or emails are in another "
        "column of the export, map it in the profile (the guardians rule's phone and email); if they are "
        "7-digit local numbers, set settings.phone_area_code (e.g. '608'); else enter the families' phones "
        "and emails in the SIS. Then rerun. If the SIS truly has no phone for them, nothing is needed: "
        "later nights with the same profile do not stop for it.",
    ),
    "I247": (
        "A comma file's row is short by as many cells as one quoted value holds commas, in a file whose other "
        "rows are whole: a quote typed at a value's start and its pair later on the line ('\"Ito', "
        "'04/15/2013\"') made the cells between one quoted cell, every later column shifted. The row was read "
        "both ways, and the file's own columns told them apart: with the value's commas as the row's, every "
        "cell is of what the file's other rows hold in its column (their dates, digits, e-mail addresses, few "
        "codes, empty cells), and read as one value (the export leaving the row's last cells out) a cell is "
        "not (the message names the columns). The row is read as typed, the stray quotes dropped. Where the "
        "columns cannot tell the two apart, the row is left out instead (I292). Where every row ends with a "
        "trailing delimiter (Aeries: one empty cell past the header's), the row is short of those rows: a "
        "stray pair there leaves it with just the header's cells, and it is read so too.",
        "Remove the stray quotes from the record in the SIS (the column the message names, and the one where "
        "the quote closes); the row is read right meanwhile. Check the values the message gives.",
    ),
    "X812": (
        "A guardians rule of each: groups (a father and a mother on each student's row) reads each "
        "group's email and phone from columns whose emails, on most rows, hold the given name of the "
        "row's other person and not the person's own (carlos0@ for Sarah), and the other group's emails "
        "hold this person's name in turn: the groups read each other's columns. One group's alone (a "
        "household address named for the mother in the father's slot, the mother's emails initials) is "
        "a district's habit, published. Published, every parent would have the other's email; no column "
        "is read twice, so P115 and I286 see nothing. Only the emails are judged (they hold names, phones "
        "do not): the phone columns read beside them are often swapped with them, not always. Nothing is "
        "published (exit 2: the profile is wrong).",
        "Swap the two groups' email columns in the profile (the message names the group's key and the "
        "columns each reads); look at a few families' phones in the SIS, and swap the phone columns too "
        "where each group's are the other's. Check the result with check-profile, and rerun.",
    ),
    "P124": (
        "An each group reads a contact point (email, phone, sms) from a column named for another group: "
        "the father group reads Mother Email, while its names are read from Father First Name and Father "
        "Last Name. Every such person would be published with the other's email or phone. Said by "
        "check-profile and by every run; a first set (or the first after the profile changed) exits 1.",
        "Read the group's own columns there (the message names the key); where the two groups read each "
        "other's, swap them. A column named for another group that truly holds this person's (an export "
        "of the SIS's own naming) is said again every time: rename the groups' keys to say whose it is.",
    ),
    "P125": (
        "The students export names one more person on a student's row than the guardians rule reads: "
        "columns sharing a person's words (Alt Parent First Name, Alt Parent Email, Alt Parent Cell: a "
        "parent of a second household) hold emails or phones, and no each group of the rule, nor any other "
        "rule, reads them. Those people are in no set, and the student's family there never hears from "
        "the school. Published as read; a first set (or the first after the profile changed) holding such "
        "emails or phones on 5 rows or more exits 1, unless the groups are a bundled profile's, which leaves "
        "such columns unread on purpose (PowerSchool's GuardianEmail: every parent's email in one cell).",
        "Check who the columns name. A parent or guardian (of another household too): add the each group "
        "the message writes to the guardians rule, check it with check-profile --exports, and rerun. "
        "Someone who is no parent or guardian (an emergency contact under a parent's name): nothing to "
        "add; later nights with the same profile say it and exit 0.",
    ),
    "P127": (
        "A rule writes every record's school from one fixed value (orgSourcedIds: {setting: school_id}, as "
        "a single-school SIS's profile does) while its export has a column named for the school (school_id, "
        "School, Building) that no condition of the rule reads, and that column holds other schools on some "
        "rows: staff.csv putting some people at school 2. Those people or classes are published at the one "
        "school, where its parents can find and message them. Said by check-profile --exports and by every "
        "run; a first set (or the first after the profile changed) exits 1.",
        "If the SIS has several schools, read the column for the school (orgSourcedIds: {column: school_id}) "
        "and make the schools from it (init-profile drafts this when any export names several). If the "
        "profile rosters one school of a district export, add a where condition keeping that school's rows "
        "({field: '{school_id}', op: equals, value: '1'}). Later nights with the same profile say it and exit 0.",
    ),
    "V619": (
        "A guardians rule's contacts export has a column its rule reads in no condition whose values say "
        "some contacts are emergency, non-emergency or pickup contacts (Contact Type EMERGENCY beside "
        "GUARDIAN). The rule tells parents by their relationship alone, so an emergency contact whose "
        "relationship the role map takes (a Grandmother made a guardian) is published as a guardian, able "
        "to message the classes. Published as read; a first set (or the first after the profile changed) "
        "exits 1.",
        "Add the link_where the message writes (the column, not_in the values that say emergency, "
        "non-emergency or pickup) under the rule's guardian:, check it with check-profile --exports, and "
        "rerun. If the column is truly not about who may be linked, add a condition reading it that keeps "
        "every row (or rename the values in the export).",
    ),
    "X814": (
        "The profile keeps a class whose term has no dates (undated: keep; Illuminate's core data spec has no "
        "terms.txt), and tonight's set holds a class every student of which is also in a class of the same "
        "course and school under another term name: a course run as two terms' sections (Semester 1 and "
        "Semester 2), both halves published together. Without dates the tool cannot tell which term is "
        "tonight's, so it would publish both for the whole term, the ended one's teacher still messaging the "
        "class. Refused: the last published set stands. One student in two terms' sections of a course is "
        "not enough; every student of the class must be. An enrolment that begins after tonight (the next "
        "term's, rostered ahead by the window) is not counted: its date tells the terms apart.",
        "Export the terms file the profile reads (Illuminate: terms.txt with Site ID, Term Name, Start Date, "
        "End Date) so each class is kept in its own term, and rerun; or have the SIS fill the roster's Exit "
        "Date of the ended term's rows (its students then leave those classes as ended). The first night after "
        "either, the ended term's classes leave the set at once: over the removal limit, X906 asks for "
        "--allow-rollover that night (the removals list names them). --allow-incomplete publishes tonight's "
        "set as it is, once.",
    ),
    "X810": (
        "Records of one output file name at least 3 people or classes by IDs that differ from kept ones only in "
        "leading zeros or letter case (V608), more than 1% of the records the file would hold: no stray row, "
        "but one export (or the profile) writing the IDs otherwise than the other, such as a students export "
        "writing older IDs as 01003 where the roster writes 1003. Counted against the records the file would "
        "hold, not against every row of the export (last year's and ended rows are left out anyway), so a "
        "first set with no last set to compare is refused too; nothing is published.",
        "When the IDs differ in leading zeros and the SIS writes them so, put the zeros back on both sides in "
        "the profile: clean: [{id: {width: N, pad: true}}] on the reference column the message names and on "
        "the sourcedId of the records it names (N the width of the longer ID; docs/profiles.md), and rerun. "
        "When a spreadsheet took them off, export the file again without opening it. For letter case, make "
        "the exports write the IDs alike. --allow-incomplete publishes the set without those records, only a "
        "last resort.",
    ),
    "X811": (
        "Current rows (sections naming their teacher, enrolments naming their student) name at least 2 people "
        "by an ID no row of the people export gives as its ID, but which that export holds in another column "
        "of their rows: an Employee Number where the staff rule keys on Teacher ID. Those are no people left "
        "out (a teacher who left keeps her row, a substitute not yet entered is in no column): the exports "
        "write the IDs in two series, and the records naming them (a class's teacher) would be left out, the "
        "class without an owner. Refused on any night; nothing is published.",
        "Make the export that names them (the message says which) write the ID the people export's ID column "
        "holds, for every row, as its other rows do; if every row of it writes the other series, point the "
        "profile's sourcedId of those people at that column instead. Then rerun. --allow-incomplete publishes "
        "the set without those records, only a last resort.",
    ),
    "V617": (
        "A sections (or teacher enrolments) export names a staff member by an ID that no row of the staff "
        "export has, in any column: no teacher who left (her row stays, inactive, and her enrolments follow "
        "her, V504) and no other ID series of a row (X811), but a reference to nobody: a substitute entered "
        "in the sections only, or an ID typed wrong. Her enrolments are left out, and a class with no other "
        "teacher is published without an owner (V586). On a first set, 3 such IDs or more leaving more than "
        "5% of the classes with students without owner, or 2 holding more than 2 classes each and more than "
        "10%, are no stray reference: refused (X809).",
        "Add the staff member to the staff export in the SIS, or correct the teacher on the rows the message "
        "names; then rerun.",
    ),
    "V618": (
        "Classes of the last published set have no teacher or administrator enrolled tonight, while a teacher "
        "they had is still in the set, and so is the class: no teacher who left (she would be removed) and "
        "no class given another teacher, but a sections export that names the teacher otherwise tonight, or "
        "a teacher taken off with nobody given. Published, but a person must look (exit 1), on the night it "
        "happens: Remind keeps such a class with no owner. Not said against a set --previous names (the same "
        "set every night would say it every night), nor after --allow-incomplete, which accepted classes "
        "without owner (X918).",
        "Look at the classes named in the SIS: give each its teacher, or make the sections export name the "
        "teacher as it did (V617 or X811 beside it say which rows); then rerun. If the classes are meant to "
        "wait for a new teacher, nothing to do: the next night does not say it again.",
    ),
    "X809": (
        "On a first set (on a later night, among the classes new tonight), classes with students would be "
        "published with no teacher or administrator because "
        "the sections name their teacher by staff IDs that no row of the staff export has in any column "
        "(V617), or, read through a join (a PowerSchool section's Teacher), as the column the join reads "
        "(D300): at least 3 such IDs and more than 5% of the classes with students; 2 IDs holding more than "
        "2 classes each and more than 10% of the classes with students (two teachers' full schedules, not a "
        "substitute's or a retiree's section or two); or 25 IDs whatever the share. One or two holding a "
        "class or two each are a substitute entered in the sections only or a teacher who left (V617, V586, "
        "published); so many are the sections naming teachers by another ID series (an Employee Number the "
        "staff export, written from another report, does not hold: X811 when it holds it), or a staff export "
        "lacking part of the staff. A class with another teacher enrolled is not counted. Later nights say a "
        "class of the last set losing its teacher so by V618 (its teacher still published), or refuse staff "
        "of the last set missing from the export (X882); the classes new tonight (a semester's, a new "
        "school's) are judged as a first set's. Nothing was published.",
        "Look at the IDs the message names in the sections export. If they are another ID series (an Employee "
        "Number), export the staff with the column that holds it (the next run then names the column, X811) "
        "or make the sections name every teacher by the staff export's ID; if the profile should key the staff "
        "on that series, point the staff rule's sourcedId at it. If they are staff the staff export lacks, "
        "export them too. Then rerun. --allow-incomplete publishes the set with those classes without "
        "teacher, only a last resort.",
    ),
    "I246": (
        "A break night (I288: every class of a semester or quarter the last published set held has ended at "
        "a school, no class of a later term is exported, the year-long classes run on, the new term not due "
        "yet) whose export still lists the ended term's sections but enrols no student in them: a SIS job "
        "that exports the current term only (FACTS's Clever integration) keeps the ended term's sections "
        "until the new term's first day and drops their enrolments when the term ends. The SIS has ended "
        "the term itself, so the night is a term change, as the new term's first night is: tonight's set "
        "was published (exit 0) with tonight's people, the year-long classes as the export writes them, and "
        "without the ended term's classes; those the last published set held are removed as the term's end "
        "(X937 counts them), not as classes lost (X906). Later nights of the break publish as made (the "
        "last set holds none of them). The ended term is kept in the state (last.json), so on the night "
        "the message names (the new term's first day, or 21 days after the ended term's last day where no "
        "terms export names the next term), with still no class of a later term, the run is refused (X895 "
        "or X977, exit 1). A break whose export still enrols students in the ended classes keeps them "
        "instead (I245).",
        "Nothing to do over a break. If the new term has started, export its sections and enrolments (take "
        "the ended term out of the SIS job's filter), and rerun.",
    ),
    "X816": (
        "A users export gives some people two rows under one ID that are one person (the same name, and the "
        "same birth date where the profile reads one from it), differing in a few columns: an export with "
        "one row per enrolment span (Follett Aspen: a transfer's old school's row with its withdrawal date "
        "beside the new school's, both 'Active') or per school year (last year's row, a grade lower), or one "
        "row per school (a student enrolled at two schools at once, a teacher assigned to two: both current, "
        "differing in the school and in no date, status or grade). The profile's conditions kept both "
        "rows, and the two records of one ID keep neither (V537): those "
        "people, their classes and their parents' links would be left out. Counted against the students and staff the "
        "set would hold: at least 3 people and more than 1%, or 25 people whatever the share, so a first "
        "set is refused too; fewer stay V537 (the SIS's error on a row or two). Rows of one ID with other "
        "names or birth dates are two people: V537 alone.",
        "Add a condition to the users rule's where that leaves the ended rows (or last year's) out, on a "
        "column the message names: a withdrawal or end date (op: date_ge, value: as_of, allow_empty: true), or the "
        "school year; docs/profiles.md shows conditions. Rerun, and check that each person is published from "
        "their current row. Rows one per school (the message says so) are no span: a condition would leave "
        "each person out at one of her schools; add combine: {lists: [orgSourcedIds]} to the users rule "
        "instead (the bundled profiles do, docs/profiles.md), and she is published once with every school. "
        "If those people may be left out tonight, --allow-incomplete publishes the set as it is.",
    ),
    "I252": (
        "A student is published from a row of the users export while another row of hers, under the same ID "
        "and name at the same school, was left out by a condition as ended, and that row is of a later grade: "
        "an export with one row per school year, where this year's row says she was withdrawn and last "
        "year's row, not marked as ended, kept her. She is published as active, with last year's grade. A "
        "transfer (the ended row at another school), a re-entry (the same grade) or a promotion (the kept row "
        "of a higher grade) is not said. Past 3 such people and 1% of the students and staff, with those X816 counts, "
        "nothing is published (X816).",
        "Leave last year's rows out with a condition on a column that tells the years apart (a school year, "
        "an end date), or export this year's rows only; then rerun. If she re-enrolled this year in a lower "
        "grade, nothing to do.",
    ),
    "X813": (
        "Of the parents and guardians the last published set held who are in tonight's set with the same "
        "ID and name and hold an email (or a phone, an sms number) both nights, more than 30 % would be "
        "published with another one (at least 10 of them). Families change their points a few at a time, a "
        "new school year 5 to 15 %; most of a district's in one night is the columns read for them: a "
        "profile edited to read the other parent's column, the student's own email or the school's office "
        "number for every parent, an export or report template whose columns moved. So is more than 5 % of them "
        "(10 at least) given an email or phone another parent held last night, or an email a student held as "
        "their own: families take new addresses, not each other's nor their children's school accounts, and a "
        "block of rows read one row off moves them between families. Phones are compared as "
        "published, cleaned: a SIS writing its numbers another way changes nothing. Nothing was published; "
        "the last set stays, and Remind keeps reaching the families as before.",
        "Look at the parents the message names in the SIS and at the export columns it names: if tonight's "
        "values are not theirs, put the export template (or the profile's columns, `transform check-profile`) "
        "back as it was and rerun. If the district did change its parents' emails or phones (a new phone "
        "system, a new email domain), rerun once with --allow-contact-change; later nights compare with that "
        "set. When the message says the points moved between parents (another parent held them last night), "
        "no new domain or phone system did it: most often the export's rows are read one row off, and the "
        "template is to be put back. Only if tonight's are the parents' own (the last set was the wrong one, "
        "or the district put families' swapped emails right) rerun with --allow-contact-change: it publishes "
        "them, and that night exits 1 (X815) for a person to look, as every night whose points move between "
        "parents does with the flag left in the nightly job. --allow-rollover, for a new school year's "
        "classes, does not publish it: a new year's first nights are when export templates are rebuilt, and a "
        "mix-up of the contact columns is no new year.",
    ),
    "X815": (
        "With --allow-contact-change, a set was published in which more than 30 % of the parents and guardians "
        "of the last published set, kept by ID and name, have another email or phone (X813 would have "
        "refused it). When more than 5 % of them (10 at least) were given a point another parent (or, for an "
        "email, a student) of the last set held, no new domain or phone system did it: the set is published, "
        'but the run exits 1 ("Published, but ...") for a person to look at the parents named, whether the '
        "flag was given for tonight or left in the nightly job; a correction (a wrong last set put right, "
        "families' swapped emails fixed) is published so, one exit 1 that night.",
        "Nothing, if the district changed its parents' emails or phones on purpose, or corrected the parents "
        "named. Otherwise (tonight's are not the parents' own: rows read one row off, a column read for "
        "another) put the export template and profile back as they were and publish again: Remind reaches "
        "the wrong families until then.",
    ),
    "X805": (
        "Students a published set linked to a parent or guardian (the last one; for those the state carries, an "
        "earlier one) are in tonight's set with none at all, at least 10 of them and 1% of the students so linked "
        "that tonight's set keeps, or 25 whatever the share: every row of their "
        "families is missing from the export parents are read from (a contacts export filtered or partly "
        "failed, rows gone from its middle; or student rows whose parent columns came blank). Real families do "
        "not lose every guardian of so many children in one night; a custody change takes one parent, and a "
        "senior who graduates leaves with hers. When the run left guardians rows out or unlinked tonight (V515 no "
        "contact point, F409 a relationship the profile leaves out, V582 a student ID no export lists), the "
        "message names them: the rows may be there. Students published with no parent on the nights of the 7 days "
        "before the last published set are counted with tonight's (the state keeps them): an export losing a few "
        "more families each night is refused once they are 10 and 1% of the linked students (25 alone counts "
        "for one night only), and the refusal stands every night after until a person acts, the message saying "
        "how many were published so on earlier nights and since when. Not said beside X884, X953, F446, X936 "
        "or X810, which say where the guardians went. Nothing is published; the last set stays.",
        "Look up a few of the students named in the SIS and in the file the message names: if their rows are "
        "gone, export it again, whole, and rerun; if they are there but left out or unlinked (the codes the "
        "message names), correct them in the SIS or the profile's rule. If these families really have no "
        "guardian now (the SIS has held them so for days, when the message says some were published so on "
        "earlier nights), rerun with --allow-incomplete to publish the set without them: the count starts again.",
    ),
    "V574": (
        "A parent or guardian was read with the email a student of the set has as their own: read from that "
        "student's own row at the column the student's email is read from, or an address of the students' domain "
        "(more than half of the students with an email have it, fewer than one parent in ten does). A student "
        "of the last published set who is not in tonight's (withdrawn, or at a school no longer rostered) still "
        "holds their address: their users.csv row there counts, for an address of the students' domain, and the "
        "run state (last.json) carries it on the nights after, 60 days from the night the student left the set or "
        "a parent was last read with it, counted over the published sets (at most 7 days between two: a summer, "
        "when nothing is published, does not age it). Remind gives an email to one user only, and the parent's "
        "messages would reach the child. The "
        "email is blanked on the parent, who keeps their phone or sms (a parent with neither keeps it, and is "
        "said so). Said at the row and the guardians group's own column. From 10 such parents on, a guardians "
        "group's email most likely reads the students' column: the set is published, but the run exits 1 "
        '("Published, but ...") for a person to look, as for V609. An address the parents use too (a family\'s '
        "address written as the student's) is V609's, not this; but 10 parents or more whose address is a "
        "student's login (a username column other than the students' email) or a student's email of the "
        "district's own domain (the staff's, or one under it) hold school accounts in the parents' column (an "
        "export template writing the students' web ID there), said so whether the students' email is mapped or "
        "not, and then V609 does not lead. Parents on the district's domain with accounts of their own (no "
        "student's address) are not said.",
        "From 10 parents on: make the guardians group's `email:` in the profile read the parents' own column "
        "(the column the message names), not the students'; when the profile already reads the parents' column, "
        "put the export template back so that column holds the parents' addresses (do not unmap the students' "
        "email: the parents would keep the children's addresses); then rerun. For a few: write the parent's own "
        "address in the SIS cell named, or none.",
    ),
    "V620": (
        "A row of the set (checked by `transform validate`) has fewer cells than its file's header. A run reads "
        "such a row of an export with the missing cells empty (I204), but a set is what a consumer reads: a CSV "
        "record with a cell missing is malformed, and strict readers refuse the file or read the next "
        "columns into the wrong fields. `transform` writes a cell for every column.",
        "Write the row with a cell for every column of the header (a blank cell is a comma), or make the set "
        "again with `transform`.",
    ),
    "D390": (
        "A phone number carries an extension (x6018, ext. 12): the number is written without it, as Remind "
        "takes no extension. A number with an extension is most often an office's or a school's line, which "
        "takes no texts: the parent or staff member may get none.",
        "Check the number the message names: if it is a work line, enter the person's own (mobile) number in "
        "the SIS; if it is theirs without the extension, nothing to do.",
    ),
    "X818": (
        "Users name schools that are not in the schools export, so each was left out (V502, a warning each) "
        "with their classes, enrolments and parents. No one of those schools has the 10 users that make X976 "
        "refuse it alone, but together they left out at least 10 students (each counted once, however many "
        "rows name such schools, and not when another row of theirs is published), the bar X976 sets for one "
        "school, or at least 10 students and staff, more than the students published. Several schools' rows "
        "missing from the schools (orgs) export do this, or a schools export of another year. A staff member "
        "at a few program sites the export does not list is no such case: the students published outnumber "
        "them. Under --school or settings.schools, only the users of the schools listed there count, and "
        "only against the students published. Nothing was published.",
        "Add the schools the message names (most users first) to the schools export, or export it again "
        "whole, and rerun. If they are program or placement sites the district does not roster (homebound, "
        "virtual, out of district), list them in the profile's settings.exclude_schools: they are then left "
        "out with no warning, and a school opened later and missing from the export is still found (a list "
        "of the schools to roster, settings.schools, leaves that one out too). --allow-incomplete publishes "
        "the set as it is.",
    ),
    "F449": (
        "A OneRoster users.csv marks the withdrawn and graduated by enabledUser false (a bulk file's status is "
        "blank), so a student or staff member with false and no current enrolment is left out (F400, F401). At "
        "the schools named, false is written for nearly every person a current enrolment names (80 % or more, "
        "of 10 or more): there the SIS writes false for no login (young children, a whole school without "
        "accounts), not for left. Nobody there is left out for it: the unscheduled, those whose classes start "
        "next term and those who really left are published alike.",
        "If the SIS can, export the withdrawn with status tobedeleted or leave them out of users.csv: they are "
        "then left out whatever enabledUser says. Otherwise check the unscheduled people at these schools in "
        "the SIS; the warning stays while the export writes false so.",
    ),
    "D389": (
        "Strict target: the user's username is another user's too, most often a family email two parents "
        "share (the export has no login, so the username is filled from the email). OneRoster does not say "
        "usernames are unique, but the consumers of a strict set key accounts on them (Canvas's login_id, "
        "Moodle's username): one of the two would be refused or merged into the other. One user keeps it: "
        "the one who had it in the last published set, else the one whose SIS login it is, else the least "
        "sourcedId, never the order of tonight's rows, so it does not move from night to night. This user gets "
        "their own email where it is another address no user has, else their sourcedId. The email itself is "
        "published as it is (V509 says it is shared). `--target remind` is not changed: Remind does not read "
        "usernames.",
        "Nothing, for a shared family email: the user signs in with the username written. For two people who "
        "should each have their own sign-in, give each their own email in the SIS.",
    ),
    "V621": (
        "Strict target: two users share a username (a family's email, or a login the SIS gave twice), and the "
        "one who does not keep it has nothing of their own to take instead: no other email, and their "
        "sourcedId is already another user's username. Both are published with it; a consumer keying "
        "accounts on the username refuses one or signs both into one account.",
        "Give one of them their own login or email in the SIS (the row and column named); the next run publishes it.",
    ),
    "D388": (
        "Strict target: the SIS's own login column (the export's username) gives one login to two users. A "
        "login is one person's sign-in (single sign-on keys on it), so one of them keeps it (the one who had "
        "it in the last published set, else the least sourcedId, never the order of tonight's rows) and this "
        "one is given their own email where it is another address no user has, else their sourcedId, which "
        "is not the login the SIS gave them: their sign-in may fail until the SIS is corrected.",
        "Give each person their own login in the SIS (the column the message names); the next run publishes it.",
    ),
    "X822": (
        "Many class IDs of the last published set (at least 3, and more than settings.max_reassigned percent, "
        "default 1, of the class IDs both sets hold; --max-reassigned) now name another class: no term in "
        "common with the one it named, another course (without a course, another title), and none of its "
        "teachers or mostly other students. A SIS giving an ended term's section IDs to the next term's "
        "sections does it. Remind keeps a class by its ID: each old class, with its conversations and "
        "announcements, would become the new one under its new teacher, the old teacher would lose it and "
        "the new families would see its history. A teacher replaced, a title corrected, a period moved, a "
        "course renumbered or a section carried on into the next term is never taken for it. Nothing was "
        "published; last night's set stays.",
        "Look at the classes listed in the SIS: give each new section its own ID (a new section, not the "
        "ended one's record edited) and export again. If the IDs were given to the new classes on purpose, "
        "run once with --allow-rollover: Remind turns each old class into the new one.",
    ),
    "X823": (
        "A few class IDs of the last published set (under the X822 limit, or over it with --allow-rollover) "
        "now name another class: another term, another course (or title), and a teacher of it gone (where "
        "neither night has a teacher, mostly other students). They were published: Remind turns each old "
        "class, with its conversations, into the new one. Under the limit nobody accepted it, so the run "
        'exits 1 ("Published, but ...") for a person to look, as for user IDs that name another person '
        "(X939), with or without --allow-rollover; over the limit, --allow-rollover publishes them, said, "
        "and the run exits 0.",
        "Check the classes listed in the SIS: a section given an ended one's ID should get its own ID (a new "
        "section, not the old record edited); export again before the set is uploaded. If it is the same "
        "class going on under another course number and another teacher, nothing to do: the next run exits 0.",
    ),
    "F450": (
        "A file of the last published set in OUT is not as this tool wrote it: bytes that are not UTF-8 (opened "
        "and saved again by a spreadsheet, in another encoding), a NUL byte, or cut short (its last line has no "
        "line end and fewer cells than the header). Read as the set published, its rows would be other rows, so "
        "the usernames, session IDs and classes a set keeps are not read from it. A file only re-saved as cp1252, "
        "its rows all there, is the set published in another encoding: the safety gate reads it so and compares "
        "by ID. Other damage: the gate compares with the copy kept with --keep, else with the counts last.json "
        "recorded (X802), which cannot see people published under new IDs.",
        "Find out what changed OUT's file: open the published files read-only, and have a job that picks them "
        "up copy them. Nothing else to do: the next published set is written whole and recorded again.",
    ),
    "X806": (
        "The folder --previous names holds a file that is not as this tool wrote it: bytes that are not UTF-8 "
        "(saved again by a spreadsheet, in another encoding), a NUL byte, or cut short. Compared with it, "
        "tonight's set would be judged against rows the set never had, so nothing was published.",
        "Name with --previous a copy of the set as it was published (one kept with --keep is in the state "
        "folder's history/), or leave --previous out to compare with what OUT holds, and rerun.",
    ),
    "I255": (
        "A contact's SIS ID (the contact-ID column the profile reads) is empty on every row of a parent "
        "tonight and no other row gives it, so the parent's ID would be derived from the name: Remind would "
        "delete the parent, with their conversations, and create a new user, and again the night the SIS "
        "fills the cell. The last published set has exactly one contact under a SIS ID with the same whole "
        "name, exactly the same students and the same email (with no email on either, the same phone), and no "
        "row tonight gives that ID: the parent keeps it (docs/identity.md). Kept by a phone alone (a home "
        "phone: a grandfather who left and a father of his name who came share one), or three parents or more "
        'in one night (the column blanked whole: a broken export), the run exits 1 ("Published, but ...") for '
        "a person to look; the set keeps the IDs.",
        "Fill in the contact's ID in the SIS (the row and column named), so that the export gives it again.",
    ),
    "X824": (
        "A parent without a SIS ID has an ID the tool derives from the name, and the identity map keeps it "
        "by name and child; a family name changed with the same email is V546. Tonight a parent's name is "
        "not in the map with any of their students and the email changed too, but the last published set had "
        "one parent of that given name among the students' parents, of exactly the same students, under "
        "another family name, with an email or phone no other guardian of the students had, which tonight's "
        "parent has; and nobody tonight has that parent's email or phone, nor that parent's name with an email, "
        "phone or student of theirs or of tonight's parent, or tonight's parent's household (a namesake of "
        "another family is another person, and the message names them, the first three by their students, "
        "with their students and row: the old parent who moved out with a new email and phone looks the "
        "same). "
        "That is a marriage, or a relative of the same given name given the parent's own phone: the data "
        "cannot tell. The parent's "
        "ID is kept, and Remind renames the parent rather than deleting them, with their conversations, and "
        "inviting a new user. The run exits 1 so that a person looks before it is uploaded.",
        "Check in the SIS that the person named is the parent of the last set under a new name, and that no "
        "namesake the message names is that parent: if so, "
        "upload the set; the next run knows the name and exits 0. If it is someone else, do not upload it: "
        "the identity map now holds their name under the parent's ID, so put back the output folder and its "
        "state folder as they were before this run (a --keep copy from history/ and your backup of the state "
        "folder), give that person their own email and phone in the SIS, and run again: they are then a new "
        "user.",
    ),
    "X817": (
        "The guardians export names a student in each link, and the profile reads it as the ID its students rule "
        "gives (PowerSchool's Student_Number). The students export also holds another ID of each student, which "
        "the profile lists as the students rule's other_ids (PowerSchool's internal ID and DCID, the number "
        "StudentContactAssoc keys on). Far more links are another ID of a student than only a student's own "
        "ID: the export names its students by that other ID. Where those numbers fall on other students' own "
        "IDs, as in a district numbering both from 1, each such parent would be published linked to another "
        "family's child: messages meant for one family go to another. Links that are both (one student's "
        "number and another's other ID) cannot tell alone; the message counts them apart. Where the contacts "
        "export gives names, the links found only as another student's other ID must also share a family name "
        "with that student far more often than by chance (links to students no export lists, a withdrawn "
        "child's, do not). Links that are both are judged by the names too: a contact sharing a name with the "
        "student whose other ID the link is, and not with the student whose own ID it is, far more often than "
        "by chance, is that student's family's. So an export keyed all by the other ID is found where many "
        "students' other ID is their own (migrated records), and one keyed partly by each (contacts entered "
        "before and after a migration), where the counts cannot tell; a step-parent, whose name is her child's "
        "no more than another student's, does not count, nor a link whose two students are one family's (one "
        "household in the students export, PowerSchool's Family_Ident, or linked both to the contact or to "
        "another record of hers of the same name: a mother of half-siblings of other names, whose link to one "
        "child is the other's ID). Nothing was published; "
        "no flag publishes it, since the set would be wrong, not incomplete.",
        "Where the message says the export keys contacts by one column and some may be keyed by another, open "
        "the export at the line named. If that contact is no parent of the student whose own ID the link is, no "
        "join can read both columns: export the contacts again keyed by the students' own ID (PowerSchool's "
        "Student_Number), all of them. If she is (a family whose children carry other family names), the tool "
        "could not see them as one: export the students with the household column the profile reads "
        "(PowerSchool's Family_Ident) where the message names it, or list no other IDs (`other_ids: []`, below). "
        "Otherwise: "
        "open the export at the line named: the student it names is the one whose other ID it is, in the column "
        "the message names (ID or DCID for PowerSchool). Either export the contacts keyed by the students' own ID "
        "(the column the message says to read: PowerSchool's Students.Student_Number, the Student Contacts "
        "export's studentNumber), or read the links by the column the message names in a district profile that "
        "extends the bundled one: join the students export on that column and take the student's own ID. For a "
        "message naming DCID: `join: {student: {source: students, on: {studentNumber: DCID}, required: false}}` "
        "and `guardian: {student: {column: student.Student_Number, clean: [id]}}` (ID in place of DCID where the "
        "message names ID). If the links are truly by the students' own IDs and the other IDs only happen to "
        "match (check a few families: a parent and the student the line names should share a family), list no "
        "other IDs: `other_ids: []` on the district profile's students rule.",
    ),
    "V616": (
        "Names of users the last published set held right came out tonight as the same names garbled by a "
        "change of encoding (D381: 'Nguy?n' for 'Nguy\u1ec5n', 'Zo\u00c3\u00ab' for 'Zo\u00eb'; 'Garc\u00c3a' for "
        "'Garc\u00eda', its second byte an invisible soft hyphen, with no D381): the export was "
        "saved on its way by a program that wrote another encoding (Excel's 'CSV' save, a copy or mail tool). No "
        "SIS renames a person to the garbling of her own name, so those users were published with the last "
        "set's names, the rest of the set as tonight's exports have it. A person must act: until the export "
        "is right, a name changed in the SIS since is not published.",
        "Export the file again from the SIS and copy it without opening it in a spreadsheet (or save it as "
        "'CSV UTF-8'), then rerun: the names read right again and the night exits 0.",
    ),
    "F451": (
        "The cut of X884, X860 or X862 (an export cut short at a line's end, cut and written on after, or "
        "lines lost inside it), published because the run had --allow-incomplete: what those lines held "
        "(enrolments, parents and their links, the records a joined export gave) is removed from Remind. "
        'The flag publishes the cut but does not make it right, so the run exits 1 ("Published, but") '
        "every night it publishes one: a nightly job that keeps the flag never hides a later cut. "
        "--allow-rollover publishes no cut of people who stay in the set (no new term or school year cuts a "
        "file short); the lines of people gone from every export tonight it takes for the removals it "
        "accepts (X908 says them), and on a night no term change or new school year explains, F454 makes the "
        "run exit 1. Any other refusal --allow-incomplete lets through is F453's.",
        "Compare the named file's line count with the night before's. If it lost lines, export it again "
        "whole (check that the SIS job and the copy finished) and rerun without --allow-incomplete: the set "
        "gets back what the cut took. If those rows were really removed in the SIS, nothing more: the next "
        "night compares with this set. Take --allow-incomplete out of a scheduled job.",
    ),
    "F452": (
        "OUT holds a published set but the state file beside it, .<out>.transform/last.json, is not there "
        "(moved aside after X930, or deleted) or records nothing of the exports (written by a version before "
        "it did). The set is compared by ID with the one OUT holds, as on any night, but what only last.json "
        "knows of the exports the last set was made from (their lines, row counts and columns) is gone: an "
        "export cut at a line's end (X884, X860, X862), one shrunk under half (X907), an optional export gone "
        "(X991), a column lost (I295), or a column that leaves people out (an end date, a status) blanked or "
        "gone, its withdrawn back in the set (X877, X936), cannot be told that night; and the pairs of "
        "records already said to be one student (V553) are said again. The set was published, "
        "and the run exits 1 so that a person looks; the next night compares as before. A first night (OUT "
        "holding no set) does not say it.",
        "Look whether each export is whole: its line count against the night before's (a copy or SIS job "
        "that stopped cuts a file at a line's end, every row whole), and whether each column that leaves "
        "people out (an end date, a status) still holds its values and the withdrawn are not in the set. If "
        "one is short or blanked, export it again whole and rerun. If not, nothing: the next night compares "
        "as before.",
    ),
    "I248": (
        "A pattern given with --exclude-class matched the title (or the other fields the profile's "
        "exclude_classes searches) of no class of tonight's exports, of any term, so it left nothing out: a "
        "typo ('Mth' for 'Math'), a word the SIS writes otherwise, or classes no longer exported. A pattern "
        "that matches only classes of a term that has ended is not said. The set was published as it would "
        "be without the pattern.",
        "Look at the pattern against the class titles of the sections export and correct it (a regular "
        "expression, matched anywhere in the field, case-insensitively); if the classes it was meant for "
        "are gone, drop the option from the job.",
    ),
    "F453": (
        "The run had --allow-incomplete, and it published what would have been refused without it (X918, "
        "X883, X889, X963, X970 say each): a column renamed, rows missing, an export's errors over the limit. "
        "The flag is a person's word for one night; left in a nightly job it would publish every later "
        'problem of the kind at exit 0. So the run exits 1 ("Published, but") every night the flag changed '
        "what was published, naming the refusals it let through (an export cut short is F451's); and every "
        "night it took a pause not believed as right (X859, X828: nothing due read from half-dated class rows), "
        "nothing published, exit 1 all the same.",
        "Look at each refusal named. If the exports are wrong (a column renamed, rows lost), correct them and "
        "rerun without --allow-incomplete: the set gets back what the flag let go. If the set is right, "
        "nothing more tonight. Take --allow-incomplete out of a scheduled job.",
    ),
    "F454": (
        "The run had --allow-rollover, and it published removals, exports emptied, shrunk or gone, values "
        "written as a map's default (grades a spreadsheet turned into dates) or classes handed to other "
        "teachers (a teachers export's rows shifted), that would have been refused without it (X908, X960, "
        "X995, X998, X898, X992, X924, X985, X837, X839, X846, X869 say each; X910, X907, X991, X805 are named "
        "here), on "
        "a night the calendar does not explain: by tonight's terms and "
        "the last set's, no term of the last set has ended, none has begun since it was made, and the school "
        "year is the same. A term that ended or began tonight explains the removals of that term's classes "
        "and enrolments at its own school only, and the gates set those apart before they count: removals "
        "still over a limit without them (students gone, a school's classes or students in no class: X908, "
        "X995, X998, X898) are F454 on a term-change night too, even at a school whose own term changed; "
        "people removed (X960) unless a new school year began at their schools (a term change removes no "
        "one); an export emptied or shrunk (X910, X907) unless it is a sections or schedule export and every "
        "class and enrolment the set loses is an ended term's, or of students tonight's exports list as "
        "withdrawn or inactive (the rule X907 is refused by without the flag); classes handed to other teachers "
        "(X839) unless each class's own term changed (a new term keeping its class IDs: a term of its in the "
        "last set ended by tonight, or, its term IDs differing, one of tonight's began since; with the same "
        "term IDs, none of them runs tonight; a year-long class at a school whose semester ended, listed under "
        "both semesters, or listed under a running term or a renamed one, is no term change of its own); an "
        "export gone, students left with no parent, birth dates lost, columns blanked, schools under new IDs, "
        "values written as a map's default, a school gone whole, a course's classes of two terms at once (X991, "
        "X805, X992, X924, X985, X837, X846, X869) always. F454's words then say what the calendar explained "
        "(the ended terms' classes and enrolments removed) and that it explains nothing more. A set named by "
        "--previous, whose dates the run does not read, explains none. The flag exists for a new term or "
        "school year; on any other night what it lets through is a broken export or a change in the SIS, so "
        'the run exits 1 ("Published, but"). A new school year publishes its removals at exit 0, as before.',
        "Look at the removals list and the refusals named. If an export is short or a school's schedule is "
        "gone, export them again whole and rerun without --allow-rollover: the set gets back what was "
        "removed; so for grades written as the default (X837: an export no spreadsheet opened) and classes "
        "given other teachers (X839: a teachers export not shifted). If the removals are right (a school "
        "closed, students left), nothing more tonight. Take "
        "--allow-rollover out of a scheduled job once the new term is published.",
    ),
    "I249": (
        "A row of a source the join picks among by its dates (pick:) runs longer than any school year (over "
        "400 days): a date mistyped, next year's third marking period written 01/04/2027 to 03/11/2028. Read, "
        "it would be taken for its school's year-long row and move this year's terms into next year, or be "
        "picked as the running term of this year's classes. Beside another row of its key, it is left out of the "
        "join, and the run exits 1 until the row is fixed. The only row of its key (a program's row over several "
        "school years, on purpose) is kept in the join, read as no school's year, and said at exit 0.",
        "Correct the row's dates in the SIS (the message names the file, line and the dates as written) and "
        "export again.",
    ),
    "X821": (
        "The run had --max-removal, and it published removals of users, classes or enrolments over the limit "
        "the run would have had without it (the profile's max_removal, else 10 %), not all of them people "
        "tonight's exports list as withdrawn or inactive: without the option X906 or X953 would have refused "
        "the night. The option is a person's word for a batch of withdrawals (X906 names the one that "
        "publishes it); left in a nightly job it would publish every later removal under it at exit 0, such "
        'as an export that lost a fifth of its students. So the run exits 1 ("Published, but") every night '
        "it let through such removals; a night of withdrawals only stays exit 0.",
        "Open <out>-removals.csv. If an export lost rows, export it again whole and rerun the job's command "
        "without --max-removal (transform --profile PROFILE EXPORTS <out>): the set gets back what was "
        "removed. If those people really left, nothing more tonight. Take --max-removal out of a scheduled "
        "job once the night it was given for is published.",
    ),
    "X827": (
        "The run had --allow-earlier-as-of but no --as-of, and the machine's clock says today is before the "
        "as-of date of the last published set. The flag publishes an earlier day a person names (a missed "
        "night run again with --as-of); a date read from the clock that is behind the last set's is the clock "
        "gone back (a VM restored from a snapshot, an NTP server gone), and read as of it the set would put "
        "back the enrolments and people dropped since. Left in a nightly job, the flag published such a "
        "night at exit 0; now it is refused as X803 refuses it without the flag.",
        "Set the machine's clock right (NTP) and rerun. If the last set was made for a later day by mistake "
        "(a trial run with a future --as-of into this OUT) and the clock is right, rerun once with --as-of "
        "and today's date and --allow-earlier-as-of. Take --allow-earlier-as-of out of a scheduled job.",
    ),
    "I253": (
        "An export the profile requires is not in the input folder tonight, and the last published set "
        "was made with it by the same profile: the profile that found it then looks for it the same way "
        "now, so the export did not arrive (the SIS's export job failed or wrote elsewhere, the copy or "
        "download to this folder did not run). Nothing was published; exit 1, the data's fault, not 2 as a "
        "missing export on a first set or after the profile changed (I200: the profile's pattern, or the "
        "folder the command names, may be what is wrong).",
        "Look at the SIS's export job and any copy of its files to this folder, export the file again and "
        "rerun. If the job now names another folder, correct the command.",
    ),
    "X825": (
        "An entry of the district's own settings.exclude_schools names no school of the exports, and is "
        "one slip from a school the set publishes (one character other, one more or fewer, two side by "
        "side swapped, leading zeros, letter case), and the pair is new tonight: the entry is new since the "
        "last published set (every entry of a first set is), or the school is new to the set, or the entry "
        "matched a school in the last set and matches none tonight (the SIS now writes 200 as 0200). An "
        "entry that matched a school in the last set and none tonight is also X825, one slip or not, when a "
        "school new to the set is published (the site left out renumbered, 7001 -> 8500): the message names "
        "the schools new to the set. On the night after an upgrade from a version that kept no record of "
        "the entries, a near miss is said once, as the record predates the version. The "
        "school may be the one meant to be left out, published with its students and their parents; or "
        "the entry names a school not exported yet (a summer site listed ahead). The set is published "
        "(the exports were read whole, and the run cannot tell the two apart): 'Published, but', exit 1, "
        "not 2, since a person must look, and a job configuration alert is not the way. Said once: the "
        "next nights, an old entry beside a school the last set published is X826, exit 0. Not judged on "
        "a profile edited elsewhere.",
        "If you meant to leave out the school the message names, correct the entry (its file:line:col "
        "given) and rerun: the school is left out, or removed from the set (published: an entry added to "
        "the profile since the last set is its decision; X876 names the school removed, exit 1 once). If the entry "
        "names a school not exported yet, nothing to do.",
    ),
    "X826": (
        "An entry of the district's own settings.exclude_schools names no school of the exports and no "
        "record names it: nothing to leave out tonight. A school closed, a summer site, one listed "
        "before it opens, or a typo; the message names a published school it is one slip from, if any: "
        "an entry and a school both of the last published set (the night they were new, X825 asked a "
        "person to look). Published (exit 0); said every night the entry matches nothing.",
        "Nothing, if the entry is meant. If it names the school the message suggests, correct it: that "
        "school is published tonight.",
    ),
    "X832": (
        "A term of the exports (a quarter or longer) runs across the first day of the school year "
        "settings.school_year_starts says, and the profile, unchanged, made the last published set with "
        "that setting: the term's row in the SIS is likelier wrong than the setting (a last day typed "
        "01/08/2028 for 01/08/2027). Nothing was published; exit 1, the data's, not 2: on a first set or "
        "after the profile changed the same is X807, exit 2, the setting's to fix.",
        "Correct the term's dates in the SIS (the message names the term, its school and its row) and "
        "export again; if the school year really starts in another month, correct "
        "settings.school_year_starts instead.",
    ),
    "X833": (
        "An export's bytes or header are not as the profile declares (its encoding, its delimiter, a column "
        "spelled twice with other values), and the last published set read that export, made by the same "
        "profile: the declaration read it then, so the export changed tonight (the SIS's or a copy's "
        "settings). Nothing was read; exit 1, the export's, not 2: on a first set or after the profile "
        "changed the same is I269, exit 2, the profile's to fix.",
        "Export the file again as before (the SIS export's encoding, delimiter or columns) and rerun; if "
        "the change is meant, set the source's setting as the message says in the profile.",
    ),
    "X840": (
        "No class is due tonight, which would be a break between terms or the summer (F443, F422, F421: exit "
        "0, nothing published); but the last published set held classes of these term IDs as running on the "
        "day it was made, and tonight's export dates the very same term IDs as ended before that day. A term "
        "that was running does not end in the past: the export's dates changed (an end date mistyped or "
        "bulk-edited in the sections or terms export, another calendar's dates), and every night until the "
        "break is due would say 'nothing to do' while no change reaches Remind. The mirror of X947 (a term "
        "moved ahead). A term corrected to end on a day after the last set was made is not refused, nor "
        "one whose end is the one the last set had (a term that really ended). Nothing was published; the "
        "last set stays.",
        "Compare the term's end date at the row the message names with the one the last set had: if the "
        "export is wrong, fix it (or export it again) and rerun. If the earlier end is really right (the SIS "
        "had the term wrong when the last set was made), rerun with --allow-rollover: the night is then "
        "the break it says, and the end so accepted is kept with the last set's record (last.json's "
        "terms_moved_back): the nights of the break after it, exporting that end, are not refused; another "
        "end is judged again. Leave the flag out of the nightly job: that one run is enough.",
    ),
    "X841": (
        "A first set (no last set to compare with, so no removal limit) leaves most of a school's classes of "
        "a term ID out as ended (all of them, or all but a few whose rows give the later end), its students "
        "and staff published in no class or only in the classes left, because the school's rows end the term "
        "on a day before tonight while another school's rows give the same term ID a later end and its "
        "classes run on. One term ID is one term to most SIS exports: the end date on one school's rows is likely "
        "wrong (mistyped, bulk-edited, a calendar copied from a school that ended earlier). Two calendars "
        'under one ID (V602) are honest too, so the set is published, but the run exits 1 ("Published, '
        'but") for a person to look, once: a later night compares with this set. A school between terms of '
        "its own, whose term ID no running school names, is not said, nor a school that kept more classes of "
        "the term ID than it left out (a short course ending early).",
        "Compare the term's end date on the named school's rows with the other school's. If it is wrong, "
        "fix it in the SIS (or the export) and rerun: the school's classes are published. If the school's "
        "term really ended, nothing to do: its next term's classes are published once exported.",
    ),
    "X836": (
        "A column of users.csv read through a map that writes its default for a value it does not hold (the "
        "students' grades: Other) would be that default tonight on many records whose value in the last "
        "published set was one the map holds: counted with the records blanked in the column, more than "
        "X923's limit (10 % of those that had a value, unless settings.max_removal says otherwise; at least "
        "10), the blanks alone staying under it (else X923 says it); or, whatever its share of the column, a "
        "value of the last set held by 10 records or more (a whole grade) written as the default on 90 % of "
        "them or more. Only as many records count as tonight's export holds values the map lacks: a value "
        "the map itself sends to the default ('13': Other) is not lost; but those count against one more rule: "
        "more than half (or settings.max_removal, when higher) of the records the last set gave a value written "
        "as the default tonight from another value, by a value the map sends there by name or not (every "
        "student 'Ungraded': a broken sync; a promotion night moves one grade, the seniors). A grade is not "
        "taken from a grade's "
        "worth of students in one night: the export's values changed, not the students. A spreadsheet that "
        "opened and saved the export turns grades into dates ('10-Oct' for 10, 'Sep-12'): the message says "
        "so when most of tonight's values the map lacks are written so. D302 names each value; on a new "
        "profile's first set it asks a person to look (exit 1), but on later nights it is a warning, and the "
        "set would have been published at exit 0 with every such student's grade lost. Nothing was "
        "published; last night's set stays.",
        "Look at the export column the message names and the values it lists: when they are dates, export "
        "again and copy the file without opening it in a spreadsheet (or import it as text); when the SIS "
        "or the export template now writes the values otherwise, fix the export, or add the new values to "
        "the profile's map if they are meant. When most of the column is one value the map sends to its "
        "default by name ('Ungraded'), fix the SIS or the sync that wrote it, or, if it is right, rerun once "
        "with --allow-rollover. If the values really are no longer known, rerun with --allow-rollover.",
    ),
    "X837": (
        "With --allow-rollover, a column of users.csv was published as its map's default on many records "
        "that had a value the map holds in the last published set (X836 would have refused it).",
        "Nothing, if the values really are no longer known. Otherwise publish again from a clean export "
        "(one no spreadsheet opened), or add the new values to the map.",
    ),
    "X838": (
        "Many classes of the last published set (at least 5, and more than 20 % of the classes with a "
        "teacher in both sets, or more than half of one school's) would each have another teacher tonight, "
        "none of its teachers kept, while every old teacher still teaches other classes of tonight's set and "
        "every new one taught other classes of the last set: the teachers were moved between classes, not "
        "replaced. It is a teachers (or roster) export whose teacher IDs are shifted against its class IDs "
        "(one row off after a sort of one column): no record is removed and no ID changes, so the removal "
        "limits do not see it. Remind makes a class's teachers its owners: each class's families would be "
        "handed to another teacher. A teacher who left, a substitute new to the set, a co-teacher added or "
        "removed, and a new term's classes (new class IDs) are never counted. Nothing was published; last "
        "night's set stays.",
        "Compare the teachers export (SDS TeacherRoster.csv, the sections' teacher column) with the SIS for "
        "the classes named: if the teacher IDs are shifted, export it again and rerun. If the teachers really "
        "were moved between these classes (a new term keeping its class IDs), rerun with --allow-rollover.",
    ),
    "X839": (
        "With --allow-rollover, many classes were published each with another teacher, their teachers moved "
        "from other classes (X838 would have refused it). On a night no new school year explains it, nor each "
        "class's own term change (a term of its in the last set ended, or, its term IDs differing, one of "
        "tonight's began; with the same term IDs, none of them runs tonight: a year-long class keeps its "
        "teacher when a semester ends at its school, even listed under both semesters), the run exits 1 (F454), so "
        "a flag left in the nightly job never publishes such a night silently.",
        "Nothing, if the teachers really were moved. Otherwise export the teachers again and rerun without the flag.",
    ),
    "X842": (
        "--term names a term that ended before the as-of date: a --term kept in the nightly job after its "
        "term (the docs roster the next term ahead with --term S1 --term S2 --term 26-27, the ended one to "
        "take out after). A term that ended never keeps its classes, whatever --term names, nor their "
        "enrolments (the schedule export may still date them to the year's end, or not at all): they go "
        "from Remind as the term change (X937), as on a night without --term. The set is published, but "
        'the run exits 1 ("Published, but") every night the --term stays, for a person to correct the '
        "job. Said beside F422 on a summer night whose --term terms have all ended (nothing published, "
        "exit 1), and inside X819 when a running term is left out.",
        "Take the --term the message names out of the nightly job, and add the term that follows it at its "
        "school when the message names one (Quarter 4 after Quarter 3: rostered ahead, as it was; left out, its "
        "first day is refused, X819). The message gives the command's terms then; with nothing to add and "
        "every term left running, or none left, run without --term: the date chooses the running terms and "
        "rosters the next one ahead by itself.",
    ),
    "X819": (
        "--term chose the terms to roster, and left out a term that runs on the as-of date and that classes "
        "of the exports are in, with students enrolled tonight (a year-long term beside --term S2, a "
        "trimester school's Trimester 2 beside --term S2 --term 26-27, the running Semester 1 beside --term "
        "S2 --term 26-27 before the winter break). Its students are in class today: published, the set "
        "would remove those classes from Remind (or leave them out of a first set), however few they are "
        "and however soon the term ends. Refused whatever the share of the set, and on a first set too; "
        "--allow-rollover does not publish it. To roster the next term ahead, name the running term beside "
        "it (--term S1 --term S2 --term 26-27); the night after the running term ends, its classes go as "
        "the term change (X937). Classes the exclusions drop (exclude_classes) and classes no student the "
        "set keeps is enrolled in tonight (F412; a withdrawn or inactive student's enrolment leaves with "
        "him) are not counted. The message also names a --term whose term has ended "
        "(a --term kept in the nightly job after its term). Nothing was published.",
        "Add the --term the message names (or take out the one whose term ended), or run without --term: "
        "the date then chooses the running terms.",
    ),
    "X845": (
        "A school the last published set held with students is gone from tonight's set whole: none of its "
        "students is left, nor its classes, while its school year runs (no term of its classes ended, the "
        "school year is the last set's); a teacher or parent it shares with another school stays with that "
        "one. The removal limits miss a small school: one "
        "school of several is under the district's share (X906), and its students, staff or parents are "
        "under the counts a school's kind needs (X953: 10 students, 3 staff). Remind would delete the "
        "school and everyone at it. It is usually a broken export: a per-school export job that failed, "
        "a connector filter that lost the school. Said for any school with students, however few: a "
        "program site of two students gone whole is as likely a failed job as a closing. The message says "
        "when it is no broken export: the run leaves the school out on purpose (--school or settings.schools "
        "not naming it, settings.exclude_schools naming it: F404), or every student of it is still in "
        "tonight's exports, withdrawn or inactive (the whole school at once: still a person's to confirm). A "
        "school removed at a new school year is the rollover's (X906, X953).",
        "Export the school's rows again from the SIS (its students, staff, classes and enrolments, and "
        "its orgs row) and rerun. If the school really closed, moved to another system or is no longer to be "
        "rostered, rerun once with --allow-rollover; if the run left it out by mistake, name it again "
        "(--school, settings.schools) or take it out of settings.exclude_schools.",
    ),
    "X846": (
        "The run was given --allow-rollover and a school the last published set held with students is gone "
        "from the set whole (X845 would have refused it). It was published; Remind deletes the school's "
        "people and classes. On a night no calendar explains, F454 says the flag let it through.",
        "Nothing, if the school really closed. Otherwise export the school's rows again and rerun without "
        "--allow-rollover.",
    ),
    "X868": (
        "A class tonight's set adds is of a course the last published set held in a class of another term (Math A in"
        " S1 held, Math B in S2 added), that class is still in the set, both terms run tonight by tonight's dates "
        "(the added one not inside the held one's, as a quarter inside the year), and most of the added class's "
        "students (at least 3, or all of a smaller class) are in the held class tonight: they would be in both "
        "classes of the course at once. No calendar does it: it is a sections export whose term dates were filled "
        "from the calendar (the school year's first and last days on every section), an ended term's end moved past "
        "tonight (a typo, 11/23 for 10/23, is enough), bringing back the classes the last set removed as ended, or "
        "students scheduled in both sections. The first day of a term (the one before ended), a year-long course, an"
        " end date extended by some days, a new section of another term with other students are not refused. Nothing"
        " was published; last night's set stays.",
        "Look at the term dates of the sections named in the export (their term start and end columns, or the "
        "terms export) and in the SIS: give each section its own term's dates and export again; if the dates are "
        "right, look at the students' schedules in both sections. If both classes of the course really run at "
        "once for them, rerun once with --allow-rollover.",
    ),
    "X869": (
        "The run was given --allow-rollover and classes of a course in two terms at once were published (X868 "
        "would have refused them). The next nights compare with this set: nothing is refused again for them. No "
        "term change explains it (a term ending or beginning makes one class of a course current, not two): "
        "F454 says the flag let it through, exit 1, so a job that keeps --allow-rollover does not publish a "
        "later night's doubled course at exit 0.",
        "Nothing, if both classes really run at once. Otherwise correct the term dates in the SIS and export "
        "again; the next night removes the classes added, over the removal limit: rerun that night once with "
        "--allow-rollover.",
    ),
    "X873": (
        "A school's classes of the term that ended went (the calendar explains that: X937), its new term's "
        "sections are exported, and no row of the schedule (enrolments) export enrols a student in them: "
        "each was left out as empty (F412), and the school's students would be published in no class of the new "
        "term: in none at all, or in their year-long classes only (at least 3 of its sections exported, fewer "
        "than a quarter as many enrolling a student as the ended term had classes, and those held at least 10 "
        "students; one or two empty electives beside year-long homerooms are a term change). "
        "The schedule export is still filtered to the ended term, or the SIS had not loaded the new term's "
        "schedules when the export ran. Published, the next night would find nothing changed and stay silent "
        "while the school has no class in Remind. Said from the new term's first day, on every night until its "
        "classes hold at least half the students the ended term's held (a school that waits so keeps that in "
        "last.json: next_terms_awaited, as X977's). The term is named as X977 names it: by the terms export's "
        "name, else the name the last published set knew it by at its dates (a marking period the export "
        "leaves unnamed), else its ID there, with its dates. Nothing was published.",
        "Export the schedule (enrolments) again once the new term's schedules are in the SIS, with the new "
        "term in the export job's term filter, and rerun. A school whose new term really enrols none of its "
        "students in a class (its students all in a program that is not rostered): --allow-incomplete "
        "publishes it once, said (X918), and ends that school's wait.",
    ),
    "I298": (
        "The run was given --allow-rollover and a file's removals over the limit are a school move: classes and "
        "enrolments of students who are in tonight's set, enrolled in a class of another school, their own "
        "school in users.csv moved with them (a school closing whose every class is gone, a school opening new "
        "tonight, students moved between schools). Classes exported under another school while the students "
        "export still gives the students their old one are no move. "
        "Published as the move it is: no F454, the flag being used for what it is for. Removals a move does not "
        "explain, or a school's rows merely missing (no student enrolled elsewhere), are X908 and F454 still.",
        "Nothing, if the school did close or open. Take --allow-rollover out of the job if it was added to it: "
        "the nights after need no flag.",
    ),
    "X871": (
        "The profile keeps a class whose term has no dates (Clever's Term_start and Term_end are optional), "
        "and the last published set's terms were dated by the exports. Tonight classes are kept with no dates: "
        "classes the last set held with dated terms, or classes added to a set whose every class was dated. "
        "The term date columns are blank or gone from the export (blank on every row reads as absent), so the "
        "ended terms' classes cannot be left out: the fall sections of an export holding both semesters come "
        "back beside the spring ones, every student in both. Nothing was published; last night's set stays.",
        "Look at the term date columns of the sections (or terms) export: fill them again in the SIS export "
        "and rerun. If the district no longer exports dates and every class named is current, rerun once "
        "with --allow-incomplete: the next nights compare with that set.",
    ),
    "X863": (
        "Students are in two classes kept with no term dates at the same school and period, the classes of "
        "different terms (the fall and the spring class of period 1), most of a class's students so. With no "
        "dates, the set cannot tell which term is tonight's and publishes both: every student is in an ended "
        "or a future class too. Published; said every night it stays so.",
        "Export the term dates (Term_start and Term_end, or the terms export), or leave the other term's "
        "sections out of the export. If the classes really run at once (an A/B day schedule under one period "
        "name), write the period so that it tells the days apart.",
    ),
    "X856": (
        "The students' grades changed overnight to other real grades (neither blank, X923, nor the map's "
        "default, X836) where no new school year explains it. Out of a school's promotion season, over half "
        "of its students the last set held with a grade (at least 10; settings.max_removal when higher) "
        "would have another grade: students do not change grade in numbers mid-year, so the export's grade "
        "column holds another field (a graduation year, a template field swapped: every student 12), or, "
        "when most of them went one grade up, a promotion was run in the SIS out of season. A school is in "
        "season when the last set was made in another school year (settings.school_year_starts; a set named "
        "by --previous is of none), from 30 days before the district's school year starts to 60 days after, "
        "within 30 days of the start of a term opening the school's year (or since the last set when it "
        "started after it: the SIS promotes a few days after the new sections), or within 30 days of the end "
        "of the year's last term (the SIS's end-of-year promotion). In season, most of the students whose "
        "grade changed must go one grade up (KG to 01, 12 to 13, Other or Graduated): every student two "
        "grades up, one down, the grades reversed or most of them one grade are refused. The message names "
        "the export column, the count and the most common 'from -> to' pairs. Nothing was published; last "
        "night's set stays.",
        "Look at the export column the message names: if it holds another field, fix the export template (or "
        "the SIS) and rerun. If the students really are in those grades tonight (a promotion run in the SIS "
        "before the new year's terms are in the export), rerun once with --allow-rollover: later nights "
        "compare with that set. If a promotion was run in the SIS by mistake, undo it there and rerun.",
    ),
    "X857": (
        "With --allow-rollover, the grades of over half of the students in both sets were published as other "
        "grades (X856 would have refused it). On a night that begins no new school year, F454 says the flag "
        "let it through.",
        "Nothing, if the grades are right (later nights compare with this set). Otherwise fix the export's "
        "grade column and rerun without --allow-rollover: the set gets the real grades back. Take "
        "--allow-rollover out of a scheduled job.",
    ),
    "X892": (
        "Tonight would pass for a break between terms (no class of the new term exported: I288, I246), but "
        "many of the enrolments export's rows name classes no row of the sections export holds, while the "
        "ended term's classes it still holds enrol no student: the enrolments are the new term's, and the "
        "sections export is an earlier one, still of the ended term. Published, the set would hold the "
        "year-long classes alone, and the nights after would say 'nothing to do over a break'. Half the rows "
        "or more so are refused on any night (X915); on a break night, more than the removal limit.",
        "Export the sections again from the same SIS job run as the enrolments (the new term's), and rerun; "
        "--allow-incomplete publishes the set without those enrolments, only a last resort.",
    ),
    "X847": (
        "--term named a term that starts after the as-of date beside the running ones (rostering ahead). "
        "Each class is judged on its days: tonight while it runs, and the first day of each of its chosen "
        "terms still to come (a year-long class: tonight and the spring term's first day; a Q3 class: Q3's "
        "first day). A student is in the class when she is at school on one of those days and her "
        "enrolment row is current on it. Here she is not: she leaves before the class's term starts (or "
        "arrives after its days), or her schedule row in the class ends before the term starts (a changed "
        "or cancelled schedule). She is kept for her other classes; this enrolment is left out. Otherwise "
        "a student leaving on 15 January was published in a class starting on 19 January.",
        "Nothing to do for the set if she leaves, or her schedule changed. If she stays in the class, "
        "correct the end date of her enrolment row at the school, or of her schedule row in the class, in "
        "the SIS.",
    ),
    "X876": (
        "An entry of the district's own settings.exclude_schools, added since the last published set (last.json's "
        "record of the entries; with none, the profile changed since), names a school that set published. The "
        "school's orgs row, the people at it only (and the parents or guardians only of its students), its "
        "classes and their enrolments are removed tonight: the profile says so, so the set is published, not "
        "counted against the removal limits (X906, X953, X845: the other schools' removals are judged as usual, "
        "against the last set without that school). But Remind then removes a whole school's people, and an "
        "entry naming the wrong real school (200 typed for 201) reads as well as the right one: the night the "
        "entry removes the school, the run exits 1 (published, but), naming the school by ID and name with what "
        "it removed. Later nights the entry is the last set's (last.json records it) and nothing is said. An "
        "entry naming no school (one slip from a school published) is X825's.",
        "If the school named is the one meant to leave Remind, nothing: the next nights publish at exit 0. If not, "
        "take the entry out of settings.exclude_schools and rerun: the next run publishes the school and its "
        "people again.",
    ),
    "I297": (
        "A student (or staff member) has two rows in one export, alike but for the school and the dates or flags "
        "the profile's conditions read, and the conditions keep both tonight: the SIS holds two current "
        "enrolments of one person (a transfer where the new school enrolled her before the old one ended hers, "
        "or --term rostering ahead over a transfer in the break). She is published once, at both schools, with "
        "her enrolments and her parents at both. Before, the two rows were taken for two people sharing one ID "
        "(V537), and she was deleted from the set with her classes. Rows of another name or birth date stay two "
        "people (V537); a row starting after tonight waits (F427).",
        "Nothing to do: when the old school ends her enrolment, the next set has her at the new school only.",
    ),
    "X875": (
        "The last published set held a term's classes with their students ahead of the term (rostered on the "
        "break night before it), and on the term's first nights its sections are still exported but the schedule "
        "(enrolments) export enrols nobody in them: each was left out as empty (F412), and the classes and their "
        "enrolments would be removed from Remind on the term's first day, under the removal limit, at exit 0. "
        "Said while the term runs and the last published set is one made before it began, at a school where at "
        "least 3 of the term's sections are exported and the last set's held at least 10 students. Nothing was "
        "published.",
        "Export the schedule (enrolments) again with the running term in the export job's term filter, once its "
        "schedules are in the SIS, and rerun. If the school really dropped the term's classes (its students "
        "moved to a program that is not rostered): --allow-incomplete publishes it once, said (X918).",
    ),
    "I299": (
        "The run was given --allow-rollover on a night with nothing due (F421 before the new year's first term, "
        "F422 after the last term ended, F443 or I288 over a break): nothing was published, so the flag accepted "
        "nothing, and the night the new school year's set is first due is refused as before (X906, which says "
        "'a new school year' then). The message says when that night is: the first day of the new year's first "
        "term minus the roster-ahead window (filters.current_term.window_days, 21 unless the profile says).",
        "Nothing tonight. Take --allow-rollover out of the job, and give it once on the night the message names "
        "(or the night X906 says a new school year replaces the last set's). A break between terms needs no flag.",
    ),
    "X854": (
        "Many users whose sourcedId is unchanged since the last published set (at least 3, and more than "
        "--max-reassigned percent of those both sets hold whose identifier began with a zero: a parent or a "
        "teacher without a padded number does not count) have an identifier that is last night's without its "
        "leading zeros: '0101' is now '101'. Excel strips the zeros of a cell that is a whole number only, so "
        "an identifier copied from an export is judged when it was one ('T001' now 'T1' is the SIS's change), "
        "and the email, username and userIds only where the profile makes them of such a number: a template's "
        "placeholder ('{Student_number}@kids.example.org': '0101@kids...' is now '101@kids...', whatever the "
        "text around it) or a list of columns that gave the number itself ('0101' is now '101'); an email "
        "read from the export ('kid0001@' now 'kid1@') is the SIS's change. A number side by side with other "
        "digits is judged where it begins: after the template's own text ('{settings.district_id}"
        "{Student_number}': '4021000101' is now '4021101') or after the user's own school when the profile "
        "reads the users' orgSourcedIds from that placeholder ('{School_id}{Student_number}': '200000101' is "
        "now '200101'; a user whose orgSourcedIds changed, a school merged into another, is not judged), every "
        "leading zero of it gone (a SIS now padding to fewer digits, '20000101', is not judged), the users "
        "grouped by the digits before it; a number after another placeholder ending in a digit is not judged; "
        "only when nothing else of the "
        "value changed the same night (a new domain or district code as well: not told apart, not judged). "
        "Each item of a userIds list is judged. Each column is judged apart, and "
        "the values of one shape apart; the message names the column. A spreadsheet (Excel) opened an export and "
        "saved its numbers as numbers; a SIS renumbering its students changes a few, never a whole column at "
        "once. Remind matches "
        "users by sourcedId, so nobody would be re-created, but it shows the identifier as the student-facing ID "
        "(the student number a student knows) and needs it for its advanced messages, and knows users by their "
        "email: every one would change "
        "at once. Nothing was published; the last set, whose values are right, stays. Fewer are "
        "published and said (V606).",
        "Export the files again and copy them without opening them in a spreadsheet (or import their columns as "
        "text), and rerun: the numbers come back. If the SIS really writes its numbers without the zeros now (a "
        "new SIS, a changed export), rerun once with --allow-rollover: the new numbers are published, said (X855).",
    ),
    "X855": (
        "With --allow-rollover, many users whose sourcedId is unchanged since the last published set (more than "
        "X854's limit of those whose identifier began with a zero) were published with their identifier without "
        "its leading zeros (or the email, username or userIds the profile makes of that number, as the message names): "
        "Remind shows the new numbers as the student-facing IDs (and the new emails) from tonight. The flag is given "
        "for a new term or school year, which explains no lost zeros: the run exits 1 ('Published, but') on any "
        "night it publishes them, a new school year's too, and says nothing of it on the nights after (they "
        "compare with this set).",
        "If the SIS really writes its numbers without the zeros now (a new SIS, a changed export), nothing more. "
        "If not, an export went through a spreadsheet: export the files again, copy them without opening them in "
        "a spreadsheet (or import their columns as text) and rerun without --allow-rollover: the numbers come "
        "back. Take --allow-rollover out of a scheduled job.",
    ),
    "X877": (
        "A column the profile reads to leave people or rows out (an end date: SDS roleEndDate, OneRoster 1.2 "
        "endDate, Infinite Campus endDate, Synergy LEAVE_DATE, PowerSchool DateLeft; a status or tag: Aeries TG), "
        "and that a blank cell passes, is blank tonight on the rows of most of the people it left out last night "
        "(at least 3 of those whose rows are still in the export; last.json keeps their IDs, hashed). Their "
        "values were lost, so they would all be published again: the withdrawn student, her parents, the teacher "
        "who left. People new tonight, and those no longer in the export, do not count: a new year's or a new "
        "term's first export, with nobody withdrawn yet, is no sign. One or two back is a withdrawal reversed or "
        "a re-enrolment, and is published; so, at exit 1 for a person to confirm, are people all first left out on "
        "one night of the last 7 days, most of that night's, while the column keeps its other values (a "
        "mistaken drop undone, X848). Refused here: the column blank on every row, or its other values gone "
        "too, or people of several nights back, or left out longer ago (a school's rows blanked). Nothing was "
        "published; last night's set stays.",
        "Look at the people named in the SIS. If their end dates (or tags) are still set there, the export lost "
        "them: run the export again with the column filled (the SIS template, query or upgrade lost its values) and "
        "rerun. If the SIS cleared them on purpose (a mistaken mass drop undone, no-shows who arrived after all), or "
        "the district really stopped writing that column, rerun once with --allow-incomplete: the set is published, "
        "and the nights after are judged by whom the column leaves out from then on.",
    ),
    "X848": (
        "A column the profile reads to leave people or rows out (an end date, a status), that a blank cell "
        "passes, is blank tonight for at least 3 of the people it left out last night, most of those still in "
        "the export, which X877 would refuse as a column lost; but every one of them was first left out on the "
        "same night, within the last 7 days, most of those that night left out are among them, nobody left out "
        "on another night is, and the column keeps its values on the other rows (at least half as many rows as "
        "last night, theirs aside). A registrar's mistaken drop undone in the SIS looks like this; so would that "
        "night's values alone lost from the export, which the tool cannot tell apart. The set is published with "
        "them back, as before that night, and the run exits 1 for a person to confirm. People of several nights "
        "back (an honest week's withdrawals, then the column lost on the students' rows or one school's), or "
        "people left out before the last 7 days, or the column blank on every row, or its other values gone "
        "too, are X877 instead: refused.",
        "Look at the people named in the SIS. If they were dropped by mistake and put back, nothing more to do: "
        "the next night exits 0. If their end dates (or tags) are still set there, the export lost them: fix the "
        "export (the SIS template or query) and rerun; the next set leaves them out again.",
    ),
    "X850": (
        "One class ID is on several rows of the sections export that make the same class but name other teachers, "
        "and the profile's classes rule says the export lists each class once, its co-teachers in its own columns "
        "(one_row_per_class: Clever's Teacher_2_id ... Teacher_10_id). The tool cannot tell which row is right "
        "(a co-teacher typed on a row of her own, a teacher replaced and the old row left, a teacher's ID typed "
        "on another homeroom's row). The IDs are compared as the enrolments write them (after the column's "
        "cleaners). The class keeps the teachers of one row: those the last published set has, else a row naming "
        "every teacher of the others, else the row whose teacher IDs sort first, whatever the rows' order; the "
        "other rows' teacher enrolments are left out, each said here. Students' enrolments are kept. Published, "
        "but exit 1 every night the export has it.",
        "Fix the section in the SIS: one row per section ID, its co-teachers in the co-teacher columns (or give "
        "two sections two IDs). The next night's set follows the SIS. If this SIS does list a co-taught class once "
        "per teacher, write one_row_per_class: false under tables: classes: sections: in a district profile "
        "(extends: clever): such a row's teacher is then kept as a co-teacher (V500).",
    ),
    "X851": (
        "Students or staff members whose ID is on two rows of the exports with different data (another grade, "
        "another first name) were left out as two people sharing an ID (V537), and no published set held them: "
        "a first set, or people new tonight. Nothing is removed from Remind (X981 says it when the last set "
        "held them), but the set is published without them. Published, but exit 1, every night the export "
        "has them.",
        "Fix each person named in the SIS (one record per ID: merge the two records, or give the second person "
        "an ID of their own); the next night's set brings them in.",
    ),
    "X829": (
        "Most users of a kind (students, staff members, or parents and guardians; at least 3 of them) whom the "
        "last published set named with a given and a family name came out tonight with one name in both, "
        "their two names run together ('ANA COSTA' for 'ANA' and 'COSTA'). Nobody renames a school's teachers "
        "so: the export changed the shape of its name column (a query that wrote STAFF_NAME 'COSTA, ANA' now "
        "writes 'ANA COSTA', which the profile cannot split). Those users were published with the last set's "
        "names and the rest of the set as tonight's exports have it; the run exits 1 ('Published, but ...'). "
        "Only users the last set named with two different names are counted: staff new tonight (a query "
        "edited to take in more) are published as read, and counted at the end of the message. This is said "
        "in the place of V555 for that kind: the profile did not change. A name changed in the SIS is not "
        "published until the export is right.",
        "Export the names as before (the query's 'Last, First' column, or the separate first and last name "
        "columns), or, if the new shape is to stay, change the profile to read it (its own first and last name "
        "columns), and rerun.",
    ),
    "X830": (
        "check-profile --exports: a condition of the profile (a where that leaves withdrawn students out, a "
        "guardian's link_where) reads a column the export lacks, and the export has a column no rule reads whose "
        "name looks like it ('TG' beside a profile's 'TAG'; an unread header a condition of another export reads "
        "the same way, or one holding the values the condition lists). Read as blank on every row, the condition "
        "would publish what it exists to leave out (or leave out every row), so the run refuses its first set "
        "(X990). A column declared in optional_columns does not change this: optional means the export may lack "
        "it, not that a look-alike beside it is another column.",
        "Correct the column's name in the profile (or, if the export renamed it, the export, or map it with "
        "sources: {NAME: {aliases: {COLUMN: [NEW]}}}), and check again. If the look-alike is really another "
        "column and the export truly lacks the condition's, list the look-alike in that source's "
        "optional_columns, the whole list as the message writes it (a list in your profile replaces the one "
        "it extends: the columns left out of it would be required): the profile then knows it as a column of "
        "the export, and neither this check nor "
        "the run takes it for the condition's. A condition a blank passes may instead be marked `optional: "
        "true` (that frees no condition a blank fails). A run's --allow-incomplete publishes one set and "
        "later runs are not asked (I260), but this check keeps no record and says it until the profile does.",
    ),
    "X831": (
        "Most of the classes the last published set gave a primary teacher (at least 5, and more than half of "
        "those whose primary teachers are still enrolled in them tonight) would have no primary teacher tonight, "
        "the same teachers still in the same classes: only the enrolments' primary column changed, true to "
        "false. It is the export's primary column (Illuminate's mastschd Primary User, a sections export's "
        "primary flag) blanked or no longer read: nothing is removed and no ID changes, so the removal limits do "
        "not see it. Remind makes a class's primary teacher its owner: every such class would lose its owner. "
        "A teacher who left a class, a new teacher made primary and a class gone are never counted. Nothing was "
        "published; last night's set stays.",
        "Look at the export's primary column for the classes named: if it is empty or missing, fix the export "
        "(or the profile's column) and rerun. If the teachers really are no longer the classes' owners, rerun "
        "with --allow-rollover.",
    ),
    "X834": (
        "With --allow-rollover, most classes were published with no primary teacher though the same teachers "
        "stay in them (X831 would have refused it).",
        "Nothing, if the classes really have no owner now. Otherwise publish again from a complete export.",
    ),
    "X859": (
        "Every term the classes' rows date has ended, which would say the school year is over and nothing is "
        "due (F422, exit 0, every night after), but most class rows have no term end (or start) at all: the "
        "term filter reads a column that is blank on most rows (a student's Enrollment End Date for the "
        "course's end date), and the few dates it found are not the terms'. A nightly job would silently stop "
        "updating. Nothing was published; the last set stays.",
        "Point filters.current_term's start and end at the columns holding the terms' (or courses') own dates "
        "(the message names the one read: check-profile --exports does not count blank dates) and rerun. "
        "Rows undated on both sides are not counted (undated: says what becomes of them). If the year really is over, "
        "--allow-incomplete takes it so (F422, nothing due).",
    ),
    "X865": (
        "No parent or guardian would be published, but the guardians rule's conditions (link_where, where) "
        "did not leave them all out: the rows that passed them were lost afterwards, to the cause the message "
        "names (links to students none of whom is in the set, F413/X975: guardian.student reading another "
        "column than the students' ID; no email or phone, V515: the contact columns blank or not mapped; or "
        "contact IDs each standing for two people, F429/V570 then V537: guardian.contact reading a name or a "
        "family's ID). Correcting the conditions would not bring them back.",
        "Fix the cause the message names, not the conditions: point guardian.student at the column holding "
        "the students' own IDs (as the students rule's sourcedId), map or export the parents' email and "
        "phone columns, or point guardian.contact at each person's own ID (remove `contact:` if the export "
        "has none); then rerun. --allow-incomplete publishes the set without parents.",
    ),
    "X885": (
        "An enrolment was written for a class that was then left out (its class is not in classes.csv): the "
        "set would break Remind's and OneRoster's rule that every enrolment names a class of the set. This is "
        "the tool's own mistake, caught before publishing. Nothing was published; last night's set stays.",
        "Report it with the run's --explain file and the class IDs named. Until it is fixed, the class's "
        "enrolment rows in the export are the ones to look at (a class whose only students' enrolment IDs "
        "were made twice alike, I218, was one such case).",
    ),
    "X878": (
        "Of the students both the last published set and tonight's give a birth date, at least 3 and more "
        "than 5 % would be published with another one, most of them with the day and the month swapped, or "
        "more than 20 % whatever the change. A birth date does not change: a few corrected in a night are "
        "published as usual, but many in one night are most likely the export's dates read otherwise, "
        "most often a students export opened and re-saved by a spreadsheet set to day-first dates (the day "
        "and the month swapped wherever both are 12 or less; the message says so when most changes are "
        "such swaps), or an export template whose date format or birth-date column changed. Students new "
        "tonight and birth dates lost (X989) are not counted. Nothing was published; last night's set stays.",
        "Look at the birth dates the message names in the students export and in the SIS: if the export's "
        "differ (their day and month swapped), export the file again straight from the SIS (do not open "
        "and save it in a spreadsheet) or set the export's date format back, and rerun. If the SIS's birth "
        "dates really were corrected in numbers, rerun once with --allow-rollover: the set is published and "
        "the run exits 1, X849 naming the changes (on any night, so that the flag left in the nightly job "
        "never publishes such a night unnoticed); later nights compare with that set.",
    ),
    "X849": (
        "With --allow-rollover, many of the students both the last published set and tonight's give a birth "
        "date were published with another one (X878 would have refused it). The flag is "
        "given for a new term or school year, which explains no birth date changed: the run exits 1 ('Published, "
        "but') on any night it publishes them, a new school year's too, and says nothing of it on the nights "
        "after (they compare with this set).",
        "If the SIS really corrected those birth dates, nothing more. If not (their day and month swapped, another "
        "date format or field), export the students file again straight from the SIS (do not open and save it in "
        "a spreadsheet) or set the export's date format back, and rerun without --allow-rollover: the birth dates "
        "come back. Take --allow-rollover out of a scheduled job.",
    ),
    "X843": (
        "Most class rows have a term start and no term end (or an end and no start): a term's dates are both "
        "filled or both blank (an undated section), so a side blank on most rows is read from the wrong column "
        "(a student's Enrollment End Date for the course's end, filled on a leaver's rows only). The classes of "
        "the rows it left undated may be of a term still running; the set holds only the classes the few dated "
        "rows made current. On a first set, and on the first set after the profile was changed, the run exits 1 "
        '("Published, but ..."); later nights with the same profile say it and exit 0. The same rows on a '
        "night every term dated has ended are X859; on one no term dated has started, X828.",
        "Point filters.current_term's start and end at the columns holding the terms' (or courses') own dates "
        "(the message names the one read: check-profile --exports does not count blank dates) and rerun.",
    ),
    "I296": (
        "A first set (no set published before in this folder) was made from a demographics export with its "
        "header alone: every student is published without a birth date. Many OneRoster exports ship "
        "demographics.csv so, so the set is published; but Remind asks for birthDate (data required), so "
        "with --target remind the run exits 1, once: a person looks. The nights after compare with this set: "
        "still empty, quiet; if a later set held birth dates, an empty export is refused (X910). Not said "
        "with --target oneroster (demographics optional), nor for an export the manifest says was not exported.",
        "If the SIS has students' birth dates, export demographics.csv with its rows (or point the profile "
        "at the column that holds them) and rerun; if it has none to give, nothing to do: the next nights "
        "publish without them at exit 0.",
    ),
    "P128": (
        "An ID column's template (or fixed value) holds, in its own text, a character no ID may hold: a list "
        "separator (comma, semicolon, vertical bar), a quote or a control character, as in "
        "'{School}|{Section}'. Every ID it builds would hold it, so the run would leave out every row "
        "(D320) and refuse the set: check-profile and the run say so before reading the exports. A column "
        "read through a map publishes the map's values, not the template's text: an unsafe value of the map, "
        "or a fallback's unsafe text, reaches only some rows and is P129 (said, not refused).",
        "Join the template's parts with another character ('{School}-{Section}', '_' or ':'), or write the "
        "map's value without it, and rerun.",
    ),
    "I219": (
        "A user's userIds cell holds an item with a comma inside its curly braces ('{SIS:12,3}'). OneRoster "
        "1.1 writes userIds as one cell of {Type:Id} items separated by commas, with no way to escape a comma "
        "inside one, so no reader could read that item back whole: it is left out (never split into two IDs), "
        "and the user's other userIds are published.",
        "Write the identifier without a comma in the SIS (or read userIds from another column); nothing else "
        "to do: the user is published.",
    ),
    "X828": (
        "No term the classes' rows date has started or starts within the window, which would say nothing is "
        "due until the first one starts (F421, exit 0, every night until then), but most class rows have a "
        "term end and no term start (or a start and no end): the term filter reads a column that is blank on "
        "most rows (a late joiner's Enrollment Start Date for the course's start), and the few dates it found "
        "are not the terms'. The dates those rows do give let their classes run tonight (an end still to come, "
        "or a start already past), so the school year may be running: a nightly job would publish nothing "
        "until that date, the set in Remind going stale. Nothing was published; the last set stays. A summer's "
        "night whose half-dated rows all start after the window is F421, exit 0, as usual.",
        "Point filters.current_term's start and end at the columns holding the terms' (or courses') own dates "
        "(the message names the file, the one read and how many rows leave it blank: check-profile --exports "
        "does not count blank dates) and rerun. Rows undated on both sides are not counted (undated: says what "
        "becomes of them). If no term really has started, --allow-incomplete takes the pause as right (F421, "
        "nothing due), said every night it does (F453, exit 1): take it out of the job once the term starts.",
    ),
    "I216": (
        "The run was given --allow-rollover and a file's removals over the limit are, all but a number within "
        "the limit, of classes tonight's exports still hold that an exclusion rule leaves out tonight (F406: a "
        "pattern or flag of filters.exclude_classes, a use: or --exclude NAME switching one on, an "
        "--exclude-class): the rerun X906's step offers once the classes should leave Remind. Published as "
        'what the flag is for: no X908, no F454; but the run exits 1 ("Published, but") whatever their number: '
        "left in a nightly job, the flag would publish any later bulk change in the SIS (a No Remind column set "
        "on most classes, classes renamed into a pattern) at exit 0. Removals the rule does not explain over the "
        "limit are X908 and F454 still.",
        "Confirm the classes named (rerun with --explain PATH: their rows say F406 and the rule) are meant to "
        "leave Remind: if so, nothing more tonight. If not, name them in filters.exclude_classes.keep or stop the "
        "rule where it is switched on, and rerun without --allow-rollover. Take --allow-rollover out of a "
        "scheduled job.",
    ),
    "I227": (
        "The export writes the word NULL where a cell has no value: SQL Server Management Studio's \"Save "
        "Results As\" CSV does so for every SQL null (a district's own query of its SIS's tables, as the "
        "aeries profile reads). Read as text, NULL would be a username every student without one shares, a "
        "middle name, a phone or an email. The file shows the word is a marker when a column holds it beside "
        "numbers, dates, IDs or emails (every other value holding a digit or an @) and the file holds it in "
        "two cells at least (a lone NULL is a value typed once, as N/A is: an ID's is D322), or when a "
        "column holds it on every row (two at least): then every cell of that file that is exactly NULL "
        "is read as blank, in every column, by every engine. An export the last published set read so is "
        "read so the next nights while it holds a cell of exactly NULL (last.json keeps it, by export, "
        "while the export is read, nights without a NULL too): the "
        "one NULL beside emails filled in, the middle names' NULL stay blank. A given or family name NULL "
        "reads blank too: the person is left out, and D304 says its cell held NULL (a person whose name is "
        "missing is never published as 'Mary NULL'). Said once per file, with the cells counted. A file "
        "without the marker keeps a family name 'Null' (and NULL in capitals where no column shows the "
        "marker); its NULL in a phone, email or date cell is said a placeholder (D306, D359, D305).",
        "Nothing to do. To have the export write empty cells instead, select ISNULL(column, '') in the "
        "query, or save the results with a tool that writes an empty cell for a null. A person really named "
        "NULL (D304 names the cell): name that column in null_marker_text on the export in the profile's "
        "sources (null_marker_text: [LN]); its NULL is then kept as written and shows no marker, and every "
        "other column's NULL still reads blank.",
    ),
    "P129": (
        "An ID's fallback, or a value of the map an ID column is read through (its values, a target's values, "
        "its default), holds a character no ID may hold (a list separator, a quote, a control character). "
        "Only the rows that reach that text would build such an ID: each is left out at run time (D320, "
        "counted), and the rest publish; tonight no row may reach it at all. A value a map gives one target "
        "(targets.oneroster.values) is said for runs with that --target only, and a map's own value every "
        "target replaces is not said. Said, not refused (P128 refuses text every row writes).",
        "Write the fallback or the map's value with '-', '_' or ':' instead, and rerun check-profile.",
    ),
    "X820": (
        "A guardians rule links contacts whose own relationship says they are no parents or guardians "
        "(V559: emergency contacts, neighbours, doctors, pickup-only contacts kept as guardians; V562: its "
        "link_where read the wrong way round), on a first set or the first set after the profile changed. "
        "Remind would let them message the classes and read the class news, so nothing is published. Later "
        "nights with the profile of the last published set publish and exit 1 (V559, V562): the last set "
        "holds the same people, and a refusal would take none of them out of Remind.",
        "Fix the rule in the profile: a link_where on the export's emergency or guardian flag (V559), or the "
        "condition read the other way round (V562), and rerun. Only if these contacts are meant to message "
        "the classes, list their relationship as a guardian's in the rule's role map (values: {Neighbor: "
        "guardian}): V559 and V562 read them as guardians then.",
    ),
    "I228": (
        "A profile with no filters.current_term publishes classes of terms that are not running on the run's "
        "date (I274, judged by the classes published: next semester's classes and their enrolments in "
        "September), on a first set or the first set after the profile changed. As the "
        "profile is new, the refusal keeps them out of Remind and nothing of the night waits for it: nothing is "
        "published. (A later night's new such classes are held back alone, X801, unless that would leave a school "
        "of the last published set with no class: a SIS switched to next term's sections typed with wrong dates; "
        "that night is refused too, and --allow-rollover does not pass it.) A term is running as "
        "filters.current_term at its defaults judges it: one covering the run's date or, when no semester "
        "or quarter does (an August first night, a winter break), the first to start within 21 days. "
        "Classes of other terms the last set held already (a term that ended since) are I274, published. "
        "Classes all of running terms, or undated, are not refused.",
        "Add filters.current_term (the term's start and end dates: the classes' own columns, or a join of the "
        "classes rule on the terms export; the message gives the line to write) and rerun. Only if every "
        "class of the export is meant, write `current_term: {enabled: false}`.",
    ),
    "X858": (
        "The SIS keeps a parent's email, phone or sms on each child's record (PowerSchool's Mother_Email, ...). "
        "Every one of those records gave the value the last set published; tonight most of the same children's "
        "records give one new value (the office typed it on them, not on all), none is blank and no child is new: "
        "the new value is published in place of the old one. The message names the parent, which children's "
        "records give which value. Said (exit 1) the night the published value changes; later nights, while the "
        "records still differ, V550 says it at exit 0. Any other disagreement keeps the lower value (V550).",
        "In the SIS, open each child's record the message names and enter the parent's right value on every one "
        "of them (the same on all). If the published value is wrong, correct the records giving it: the next "
        "night publishes what every record gives.",
    ),
    "X801": (
        "A profile with no filters.current_term, on a later night (a last published set compared with, the "
        "profile unchanged): the export holds classes of a term not running tonight (I274's judging, at each "
        "class's school) that the last published set held no class of at their school, next semester's sections "
        "the SIS added in December. They are not due yet: they and their enrolments are held back, and the rest of "
        "the set is published (withdrawals, new students, teacher changes reach Remind tonight). Students "
        "enrolled only in them are published in no class, as the term filter would. Classes of the last set, and "
        "new sections of a term it holds at their school, are published as before (I274). Each term says what "
        "becomes of its classes: held back until its first day, then published; of an ended term, left out as the "
        "term filter would; of a term ending before it starts, held back until its dates are corrected. Said (exit "
        "1) the first night a term is held back at a school, and again every night: a term's dates are wrong (its "
        "end before its start, or its start more than a year on: a year mistyped), not read, or ended (a spring "
        "typed a year early looks just so); a term is still held back "
        "after the first day it waited for; or a school holding classes back publishes no class of a term running "
        "tonight (a spring typed with last year's dates, the ended fall alone published), unless it is a break: "
        "every term held there is ahead and starts within a year of the last day of the terms the school "
        "publishes, or of tonight for a school publishing no class at all (one new to the set, opening next "
        "term). Other nights say I233 (exit 0). Where "
        "holding back would leave a school of the last set with no class, the night is refused instead (I228), as "
        "a first set is.",
        "Add filters.current_term (the line the message gives: the term's start and end dates) and rerun: the "
        "same classes are kept, and nothing is held back or said. Only if every class of the export is meant "
        "tonight, write `current_term: {enabled: false}`: the held-back classes are then published.",
    ),
    "I233": (
        "Classes of a term not running tonight, held back again as on the night X801 said it (a profile with no "
        "filters.current_term): the rest of the set is published; a term's classes are published the night it "
        "runs (by its first day). Said every night they are held back waiting for a first day within a year, with "
        "their count, their schools and when. X801 asks again (exit 1) instead "
        "any night a term is still held back after the first day it waited for, its dates are wrong (its end "
        "before its start, or its start more than a year on), not read, or ended, or a school holding classes "
        "back publishes no class "
        "of a term running tonight outside a break (X801 says when that is a break).",
        "Nothing tonight. To stop it being said, add filters.current_term (X801 gave the line); if every class "
        "is meant now, write `current_term: {enabled: false}`.",
    ),
    "X853": (
        "The run before this one uploaded its set, and was stopped (killed by the system, a stop timeout, a "
        "reboot) after it had made the copy of that set in the state folder (delivered/, or delivered.new "
        "between its two renames) and before it wrote delivered.json. The copy is the set published last, "
        "file for file as last.json records it, and that "
        "copy is only made once an upload has ended: the set reached the server. This run wrote delivered.json "
        "as the stopped run would have, delivered as of the set's publish (the upload ended shortly after), "
        "instead of taking the set for one that never arrived (X926) and sending it again.",
        "Nothing to do for the set. Find why the last run stopped (the job's log, the system's: an "
        "out-of-memory kill, a stop timeout shorter than the run) so the next one is not cut short.",
    ),
    "I231": (
        "The set tonight's is compared with (the one --previous names, else the one OUT holds, or the last one "
        "delivered) shares almost no school and no user with tonight's, by ID or by name: fewer than a tenth of its "
        "schools (by ID or name) and of its people found again as the gate finds people under new IDs (name with "
        "email, phone, birth date or the ID written otherwise). No night follows another so: it is another "
        "district's set (a --previous pointing at another district's folder, a job whose OUT is another district's). "
        "Nothing was published; the removal refusals said with it (X845, X906, X953) follow from it, not from "
        "tonight's exports. A SIS replaced with every ID new is not said so: its schools and people are found under "
        "their new IDs (X984, X955), whose steps keep their IDs.",
        "Check --previous (or OUT) names this district's folder: --previous a set this district published "
        "(one kept with --keep in the state folder's history), or leave --previous out to compare with OUT; "
        "a job's OUT this district's output folder.",
    ),
    "I232": (
        "A column (or a join's key) the profile reads as a list (split: ';') held that separator in no cell "
        "tonight, and another common one (',' or '|') in some: the export may list its values otherwise. Each "
        "such cell was read as one value, glued. Said once per rule, column and separator, with a cell holding "
        "it. Exit 1 (a person looks) only when a glued value did harm: a map lacked it (its default, a blank, "
        "or the row left out), or it is an ID (orgSourcedIds, a term's key) that names nothing. A plain text "
        "column, or a map that keeps what it lacks, is said at exit 0; so is a value glued with ',' kept whole in "
        "a comma-separated list column (orgSourcedIds, no map): published as split ',' gives it. A column "
        "whose cells hold the profile's separator on some rows is a list written so, and is not said.",
        "If the export lists the values with the other separator, write it as the column's split: in your own "
        "profile, on the line the message names; for a bundled profile, in a district profile with extends: "
        "and the column's spec with the new split under tables: (docs/profiles.md, 'A district override'). If "
        "each such cell is truly one value holding that character (a subject 'English; Reading'), nothing to do.",
    ),
    "V517": (
        "A set given to `transform validate` has a list of references (users.orgSourcedIds, the strict "
        "target's classes.termSourcedIds) with an item naming no record of the set. OneRoster: every "
        "object referenced must be defined; Remind: orgSourcedIds must correspond to a school in orgs.csv. "
        "A run removes such an item and says so (V505); validate changes nothing, so the set is not valid.",
        "Add the record the item names to the set, or take the item out of the list; or make the set again "
        "with `transform`, which does.",
    ),
    "V518": (
        "`transform validate` with the strict target (--target oneroster): a link between a parent or "
        "guardian and a student that one row writes while the other row's agentSourcedIds names other "
        "people, not this one. OneRoster lets either side carry a link, so the set is valid, but a "
        "consumer reading only the other side does not link them. (With the Remind target, a link the "
        "student's row lacks is V611, an error: Remind reads that side).",
        "Write the link on both rows (in the SIS, or the set): a transform run reading this set links them "
        "on both sides.",
    ),
    "P117": (
        "A users rule of the profile reads a phone or sms from the export with no phone cleaner (clean: "
        "[phone]): the cells are published as the export writes them, a spreadsheet's 6085552000.0 or a note "
        "('call me after 5') as much as a number, and a run counts such a cell as a parent's way to be reached. "
        "Remind needs a phone it can read as a number. Said by check-profile and once by every run; a new "
        "profile's first set (or the first after the profile changed) is published at exit 1 for a person to "
        "look, later nights at exit 0.",
        "Add clean: [phone] to the column in the profile (settings.phone_region and phone_area_code say how a "
        "number without its country or area code is read).",
    ),
    "P130": (
        "A name the profile's null_marker_text lists for an export (the columns whose NULL is a value, a family "
        "really named NULL) is no column of the export's header, matched as the profile's columns are (its "
        "aliases, header_prefix, a 'STU.' table prefix taken off): the way out does nothing, and that column's "
        "NULL still reads as SQL's empty marker (I227). Said by check-profile --exports and by every run.",
        "Write the name as the message lists the export's columns (for an Aeries 'STU.LN' header: LN), and rerun "
        "check-profile --exports.",
    ),
    "V553": (
        "Two student records of the set are very likely one student: the same given and family name and "
        "birth date and a guardian (or two guardians with an email or phone in common: one contact "
        "exported under two IDs), identifier, username or email in common (or IDs that differ only in "
        "letter case or leading zeros); a given name and a familiar form of it (William and Bill), one "
        "family name and birth date, and an identifier, username or email in common or IDs written two "
        "ways (a guardian is no evidence there: twins share their parents); or IDs written two ways that "
        "share the identifier, username or email. A row typed again under a new ID, or two export jobs "
        "listing the student under two IDs. "
        "Remind would make two accounts of one child (two logins, the parents messaged twice). Both are "
        "published as read and the run exits 1, once: last.json records the pair, and later nights do not "
        "say it again while both stay published and the state folder keeps its record (it is said again "
        "after a night one of them is absent, on a fresh OUT, or when last.json was moved aside; a set "
        "published by a version before this one recorded none: its pairs are said on the first night "
        "after the upgrade). A student published three times or more is said for each two of her records "
        "(past 16 records of one name and birth date, each with the first that shares a value with it). "
        "Usernames or emails that differ cancel nothing (a copy the SIS gave a login of its own). Not "
        "said: twins (other given names, a name and a familiar form of it with nothing but parents in common, "
        "or one given name and two middle names both written), two "
        "students of one name and birth date with other guardians and identifiers, a value three or more "
        "students of other names and birth dates hold (a placeholder such as PENDING), and a guardian "
        "linked to more than eight students (a school's Front Office contact) as the only thing shared. "
        "Twins of one guardian under a name and its familiar form (William and Liam) given their family's "
        "email are said once, in words saying twins look like this: a real copy may share only its email.",
        "Merge the two records in the SIS (keep the student's real ID, delete the copy), or keep one export "
        "job of the student, and rerun. If they are two children, nothing to do: the pair is not said again "
        "while both stay published and the state folder keeps its record.",
    ),
    "I254": (
        "A line in the middle of the export is another export's header: most of its cells are the file's column "
        "names, in another order or written otherwise (two exports of different templates, or columns, put in one "
        "file). The rows under it are in that header's columns, not the file's: read in the file's, a status reads "
        "a date and an active student is left out as inactive. Nothing is published (an exact repeat of the "
        "header, a report's page header, is skipped instead: I279).",
        "Export the file again in one template (one header line at the top), or remove the line the message names "
        "and the rows under it from the file, and run again.",
    ),
    "I257": (
        "A row has fewer cells than the header, and read with its missing last cells empty (as an Excel save "
        "writes a row whose trailing cells are blank), its cells do not fit their columns as the file's other "
        "rows write them (a date where the column holds 0/2/3 codes, a name where it holds digits). Either the "
        "row is as the SIS holds it (a rare value, a column the other rows leave empty), or a cell was left out "
        "in the middle of the row (an empty cell the SIS job did not write) and every cell after it is read one "
        "column to the left. The row is never left out for its shape: it is read padded (as I204). But if a "
        "condition then leaves it out (F400 'not active', D301), that is not counted as on purpose: a person of "
        "the last published set is asked for (X981), and one no published set holds (a first set's, a person new "
        "tonight) too (I277).",
        "Open the row the message names (file and line). If its cells are as the SIS holds them, nothing to do "
        "(an Excel save drops a row's trailing blanks). If a cell was left out before the column named, put it "
        "back in the SIS export job (an empty cell needs its delimiter too), export again and run again.",
    ),
    "D391": (
        "A phone cell holds a number followed by a decimal point and zeros (6085552000.0): the phone column "
        "went through a spreadsheet or a converter that saved it as a number. The digits before the point are "
        "the number, and are read as it. A number in scientific notation (6.085552E+09) is not read: the "
        "spreadsheet rounded it, its last digits are lost, and the cell is left blank (D306).",
        "Nothing to do for this number. To stop it, format the phone columns as text in the spreadsheet, or "
        "export from the SIS again without opening the file in a spreadsheet.",
    ),
    "V622": (
        "A birth date in the set is a day of the calendar but no one's real birth date: after today (2099/01/01, "
        "a typing slip or a placeholder) or before 1900. A consumer takes it as written and shows it, or "
        "computes an age from it. A run of this tool leaves such a date blank (D315, D316); this set holds it.",
        "Correct the student's birth date in the SIS (or in the file, if you wrote it), or leave the cell blank.",
    ),
    "V623": (
        "An enrolment puts a user in a class at a school that the user's own row in users.csv (orgSourcedIds) "
        "does not list. Remind makes school assignments from users.csv alone: the teacher or student is not a "
        "member of that school in Remind, and the enrolment in its class fails or leaves the class without "
        "its teacher. A run of this tool adds such a school to the user's list (V593); this set does not.",
        "Add the school to the user's orgSourcedIds (in the SIS: the teacher's or student's school assignment), "
        "or correct the enrolment's school if the class is at another one.",
    ),
    "V624": (
        "A value OneRoster 1.1 requires is blank in a Remind set: a class's classType, or a user's enabledUser. "
        "Remind's own column lists do not ask for them, but its files are OneRoster 1.1 files, and a consumer "
        "reading them as such rejects the row. A run of this tool always writes them. A class's course and term "
        "may be blank in a Remind set: Remind reads neither, and the set holds no courses or sessions file for "
        "them to name; the strict target (--target oneroster) builds both (D335, D336).",
        "Fill the value in the file (or in the SIS export that wrote it): 'scheduled' (or the class's type), "
        "or 'true'.",
    ),
    "I277": (
        "A row shorter than the header, whose cells stop fitting their columns (I257: it may be read shifted, a "
        "cell left out mid-row, so that a birth date is read as the status), was left out by a condition (F400 "
        "'not active', D301). A record the last published set held would be named when removed (X981); this one "
        "no published set holds (a first set, or a person new tonight), so nothing would ever say it, and if "
        "the row is read shifted the person never reaches Remind. It is said only where the row's cells fit once a "
        "cell or two are put back before the column it names (a row an Excel save cut short, its cells in place, "
        "fits no such reading). The set is published, and the run exits 1.",
        "Open the row the message names (file and line). If a cell was left out before the column it names, "
        "put it back in the SIS export job (an empty cell needs its delimiter too), export again and run again. "
        "If the row is as the SIS holds it (the person really is left out), nothing to do: the same row, "
        "unchanged, is not asked again on later nights (last.json records the rows asked); changed, it is.",
    ),
    "P131": (
        "A reading of the profile that may be meant, asked once. A students' rule's condition written the 'leave "
        "out' way (not_equals, not_in) lets through a status value that names students who left (Withdrawn, "
        "Inactive, Left, Transferred, Graduated, Deceased, No Show), or a code the profile declares for a student "
        "who left (sources.NAME.statuses: PowerSchool's Enroll_Status 2 transferred out, 3 graduated), which a "
        "condition listing the values it keeps (in, equals) is asked about too; a value declared active is no "
        "leaver: those students are published with their "
        "parents (P118 says a whole column's worth; this says any count). Or the parents' phone or email is read "
        "from the column the students' own is read from, on the student's row, its header naming neither the "
        "student nor the home ('Phone', 'Contact Phone'): the family's phone on both, or the child's own given to "
        "every parent (a header naming the student, or one person's mobile, Cell, is refused when 3 or more "
        "parents take it: V630; 1 or 2 may be one family sharing a number: asked here). First seen: "
        "published, exit 1; the nights after it is said at exit 0 (last.json's values_asked records what was "
        "asked, kept across nights: a value is asked once, whatever the condition's words). A condition none of "
        "whose values the column holds is said here alone, P113 or I264 of it not apart (one message for one "
        "condition; a first set exits 1 for it as for them).",
        "A leaver value: add it to the condition's list in the profile (or keep the current values with `op: "
        "in`; a condition listing the values it keeps: take it out of the list), and rerun; if those students are "
        "meant to be in Remind, nothing to do (a value of your SIS that names a student still here, 'Withdrawal "
        "Pending', declared `active` in the export's statuses is not asked). A parents' column: if it "
        "holds the family's phone or email, nothing to do (not asked again); if the student's own, read the "
        "parents' own column in the profile's guardians rule (or take it out of the parents' fallback list) and "
        "rerun.",
    ),
    "P132": (
        "A staff-role map sends a title naming an aide, assistant, paraprofessional, cover supervisor or "
        "substitute to teacher. Remind makes every teacher of a class a co-teacher owning it. A warning: it can "
        "be a district's choice. check-profile says it, and a run once (a first set, or the first after the "
        "profile changed): published, but exit 1, for a person to confirm; the nights after with the same profile "
        "do not say it (exit 0).",
        "If they are not meant to own classes, map the title to aide in the profile (maps.<name>.values).",
    ),
    "V630": (
        "Parents and guardians hold exactly the phone, sms or email of a student they are linked to, read from a "
        "column of the student's own row whose header names the student (Pupil Mobile, Student Cell) or one "
        "person's mobile (Cell, Mobile) the students' own value is read from too (on an `each` group, a guardians "
        "rule linked by the students' ID, or a join to the students' export on any key: `student.Cell`); a "
        "mobile of the student's row reached by a join, its header naming no one else (`student.studentCellPhone`, "
        "`student.CellPhone`), counts though no students' rule reads it, compared with the cell of the student's "
        "row (words split at a change of case: studentCellPhone is student, Cell, Phone; a join keyed on the "
        "contact's own ID reaches the parent's row; an export no students' rule reads, joined on the student link "
        "alone or on another ID of the student the contacts carry (stateStudentID, SSID), StudentDemographics' "
        "`demo.Cell_Phone`, is the student's row too; a column of the contacts' own "
        "row whose header names the student and no one else, `[cellPhone, studentCellPhone]`, holds the child's, "
        "counting the parents whose own columns before it are blank as cleaned; Mothers_Cell, Guardian1Phone, "
        "PG1_Cell name another person): the "
        "profile itself reads the child's own number into the parents, so 3 or more parents given that column's "
        "value are refused, whatever the share (1 or 2 may be one family sharing: asked once, P131; a "
        "fallback `[Mother_Home_Phone, Cell]` counts the mothers whose "
        "value came from Cell). A column whose header names the home (Home_Phone) is the household's; one whose "
        "header names no one ('Phone') is asked once, P131; parents read from their own rows (OneRoster's parent "
        "rows) hold their own. Refused, nothing published. The example names the first parent and the student's "
        "ID.",
        "If the column holds the student's own number, read the parents' own phone, sms or email column in the "
        "profile's guardians rule (tables.users) and rerun; a fallback (`[Mother_Home_Phone, Cell]`): take the "
        "column out of the parents' list. If it holds the family's number, not the student's own, stop reading "
        "the students' value from it (the students rule's column) and rerun. --allow-incomplete publishes it "
        "anyway.",
    ),
    "P133": (
        "A students' condition of the district's own profile written the 'leave out' way (not_equals, not_in: "
        "every value it does not name passes) reads a status column whose values are codes (`Enroll_Status "
        'not_equals "1"`, `STATUS not_in [I]`), and the profile declares none of the column\'s '
        "values for a student who left (sources.NAME.statuses). A condition listing the values it keeps (in, "
        "equals) lets no code through it does not name: not said. A status written in words ('Withdrawn', "
        "'Graduated') that the condition lets through is asked once (P131); a code is no word, so a code meaning "
        "left that the condition lets through (PowerSchool's 2 transferred out, 3 graduated) is published without "
        "a word. check-profile says it. A run judges such a column by the declaration a bundled profile makes of a "
        "column of that name on an export of its layout (half its required columns, at least: a district's own "
        "profile for PowerSchool's students.txt): a code declared left there that the condition lets through is "
        "asked once (P131), its step naming the declaration to write.",
        'Declare the column\'s codes on its export in the profile: `statuses: {Enroll_Status: {left: ["1", '
        '"2", "3", "4"], active: ["0"]}}` under sources.students, from the SIS\'s own list of '
        "values (the message names a bundled profile's declaration of the same column when there is one). The "
        "bundled profiles declare theirs: a profile that extends one inherits it.",
    ),
    "P134": (
        "A students' leaver test of the district's own profile (a `where` with reason inactive-student, or on a "
        "column whose name says status, withdrawal, exit, enrolment or active) compares its column with values "
        "none of which the export writes, while the rows of the students the set publishes hold other values in "
        "it: `{withdrawalCode} not_in [T1, T2, W1, W2, G]`, another SIS's codes, on an export writing '11' for "
        "its withdrawn student leaves out no one, and the withdrawn student is published with her parents. A "
        "column holding one value besides its blanks is no case for P113, nor for I264's first-set stop, so this "
        "asks. The message names the condition's values, the values the column holds with their counts and those "
        "of the students published. Not asked: a value of the condition held (it does its job; a column blank "
        "on most rows letting other codes through is P135's), a leave-out test's value on most rows, blanks "
        "counted as no value (an export of active students only, a few left blank), a column the rule publishes "
        "(grades, schools), a guard of grade levels on the grade column (one a rule publishes as grades, or named "
        "for the grade and written on most rows; not a code column whose codes look like grade numbers), "
        "the yes/no value a flag test does not name, a value P131 asks (a word naming leavers, a code declared "
        "left) or the profile declares active (sources.NAME.statuses). Asked once per value: published, exit 1; "
        "last.json's values_asked records it, and the nights after it is said at exit 0 (a column that writes the "
        "condition's values only some nights, withdrawals in spring, is not asked every night). The values P131 "
        "would ask of the same condition are named in this message, and P113 or I264 of it are not said apart: "
        "one message for one condition; on a first set, or the first after the profile changed, it exits 1 "
        "as they would.",
        "If the values mark students who left, write the codes the export uses for them in the condition's values "
        "(the message lists them with their counts; or `op: in` with the codes of students who are here) and "
        "rerun. If they are students who are here, nothing to do: not asked again; declaring them `active` under "
        "sources.NAME.statuses says so in the profile. A condition listing the values it keeps: write the values "
        "the export writes for students who are here.",
    ),
    "I234": (
        "An export ends with the byte 0x1A (Ctrl-Z) on a line of its own: the end-of-file mark of DOS, which "
        "old DOS and Windows programs still write after a file's last line. It is not a record, and the file "
        "is not cut off: the file is read without it. A 0x1A anywhere else (inside a row, or a row after it) "
        "is read as written.",
        "Nothing to do.",
    ),
    "X720": (
        "The written set's parents and guardians hardly ever share a family name with the student they are "
        "linked to (no more often than links picked at random, as X864 judges them), but the guardian's FAMILY "
        "name is the student's given name, far more often than chance: the links are likely the family's, and "
        "the names likely read the other way round (a student's given name found only among a guardian's given "
        "names is a naming custom, a child's first name holding her father's, and is not counted). Most often "
        "the students rule reads givenName from the export's last-name column and familyName from its "
        "first-name column (the export's columns exchanged, or the profile's), so every student would be "
        "published as 'Garcia Ana'; or the guardians rule reads the family name from a column of the student's "
        "first name. The IDs are likely not the cause. When X870 found a "
        "rule of the district's own profile reading the names the other way round, the message leads with that "
        "rule and its place, and the step is to correct it: --allow-incomplete would publish the names as read, "
        "and later nights say it (X721) until the rule is corrected. Nothing is published (exit 1).",
        "Compare the columns the message names with the export: read givenName from the first-name column "
        "and familyName from the last-name column in the rule whose names are the other way round (or "
        "export the file again with each name in its own column), then rerun. If the names are right, "
        "--allow-incomplete publishes the set once; later nights are not refused for it again.",
    ),
    "I217": (
        "`validate` found files of the set starting with a UTF-8 byte order mark (EF BB BF), which Excel's "
        "'CSV UTF-8' and some SIS exports write. The check reads each header without it, as OneRoster 1.1 "
        "tells importers to (a mark is no part of the name 'sourcedId'), so the set's validity does not "
        "depend on it (the message says the set valid otherwise only when it is). Remind's rules for its OneRoster "
        "1.1 CSV files say nothing of a byte order mark: whether its import skips it is not known. A set transform "
        "writes has none. A file starting with the mark twice is named: the second is read as part of the first "
        "column's name, so its header is not found.",
        "For a strict OneRoster 1.1 consumer, nothing to do. For Remind, to be sure, save the files as UTF-8 "
        "without a byte order mark (a text editor's 'UTF-8', not 'UTF-8 with BOM'), or upload the set "
        "transform wrote.",
    ),
    "I224": (
        "--report or --html names a FIFO (a named pipe, as a pipeline's `mkfifo` makes) that no process had "
        "open for reading when the command (a run, validate, report) wrote to it. It does not wait for a reader "
        "(it could wait for ever, deaf to the scheduler's stop): nothing was written to the pipe, and the command "
        "exits 1, a run even if the set was published. Whatever reads the report (a log shipper, a monitoring "
        "script) got nothing.",
        "Start the program that reads the FIFO before the command (the pipe's other end), or give --report or "
        "--html a regular file; then rerun, or read tonight's results from the run's output.",
    ),
    "X721": (
        "A night after --allow-incomplete published a set that X720 refused (the parents' links share a name "
        "with the students' given names, not their family names), the district's own profile still reads the "
        "names the other way round (X870 names the rule and its columns) and tonight's links still show it. "
        "The flag answered X720's question about the links, not the profile's columns: every user of that "
        "rule is published with first and last names the other way round. The set is published, but the run "
        "exits 1 every night until the rule is corrected.",
        "Exchange the two in the rule X870 names: givenName reads the first-name column, familyName the "
        "last-name column, and rerun. The next night publishes the corrected names as changes.",
    ),
    "V633": (
        "A classes rule that combines its rows (combine) made one class of rows naming different class codes "
        "(ENG101-1 and ENG101-2), or, without a classCode telling them apart (absent, or reading no column beyond "
        "the courseSourcedId's), of rows differing in a column the "
        "enrolments' own sourcedId reads and the class ID does not (courseSection): its sourcedId template leaves "
        "out what tells them apart (the section number), "
        "so two sections became one class with the students, teachers and periods of both, and one row's code, "
        "title and periods were kept (V508). Said for a district's own ID template; on a first set (or the first "
        "after the profile changed) published, but exit 1 for a person to look; the nights after with the same "
        "profile say it at exit 0: one class honestly listed under two codes (a cross-listed course taught as one "
        "class) is a district's choice, and a later night's change of class IDs is judged by the gate (X949).",
        "If the rows are separate sections, add the column the class code (or the enrolments' ID) reads and the "
        "ID does not (the message "
        "names it) to the classes' sourcedId template and to the enrolments' classSourcedId templates, and rerun. "
        "If they are one class taught under several codes, nothing to do.",
    ),
    "X710": (
        "On a term change's night at a school (the ended term's classes gone from the set, their removal explained "
        "by the calendar: X937), the classes of the terms begun there since hold under three quarters of the "
        "student enrolments the ended term's classes held, counted of the students at that school tonight (those "
        "who left or moved to another school go with theirs), and fewer by 3 times the square root of those "
        "expected or more (what students' own choices move at a small school); where the new term has fewer "
        "sections in tonight's exports, at the ended term's mean for them (fewer, fuller sections are a term's "
        "own; a section exported with no student, F412, counts among them), and only where the cut shows: 5 % of "
        "those students or more keeping under half of the ended term's classes they had there, two or more lost or "
        "their only class there (one lost beside a year-long class is a student's choice; the year-long classes "
        "hide no cut of the term's), or the students in fewer sections than the ended term had while a section of "
        "the new term is exported with no student. A lighter load, every student's alike (8 classes to 6 or 4, 3 to "
        "2), with or without a section nobody chose, is a term's own. The new term's enrolments are all new, so "
        "the removal limits compare nothing: an export of the schedules cut short at that school (a SIS job that "
        "failed there, a file copied half-way) would publish its students missing from their new classes at exit "
        "0, night after night once the set holds it. "
        "Nothing was published; last night's set stays.",
        "Check that tonight's schedule (enrolment) export holds every row of the new term's sections at the school "
        "named (the SIS job's school or term filter, a copy that stopped early), export it whole and rerun. If the "
        "new term truly enrols that few there (electives dropped, students on a half schedule), rerun once with "
        "--allow-rollover, which publishes it.",
    ),
    "X711": (
        "With --allow-rollover, a school's new term was published with under three quarters of the student "
        "enrolments its ended term's classes held (X710 would have refused it). F454 says it as the flag's: no "
        "term change explains it.",
        "Nothing, if the new term truly enrols that few there. Otherwise export the schedules whole and publish "
        "again; take --allow-rollover out of the nightly job.",
    ),
    "X722": (
        "A people export whose last rows are in order of the person's ID (a SIS gives each new person the next "
        "ID, so the people new since the last set are its last rows, or the last rows of their school's part) "
        "ends before people that tonight's other exports name in current rows (enrolments, roles): new since "
        "the last published set, with IDs after the ID of its last row, and no row of it holds them. Either the "
        "export was cut at a line's end after the last set was made, taking only rows written since (the tail "
        "checks, X884, cannot see it: every line the last set recorded is still there; nor X882: the people lost "
        "are new), or the SIS leaves them out on purpose: students pre-registered and scheduled before their "
        "first day, in an export of active students only (PowerSchool scripts sending Enroll_Status 0, a Clever "
        "students file). Not counted: people every row naming whom starts after tonight (scheduled ahead); "
        "people none of whose rows has started (no start date, or some dated ahead), in an export whose source "
        "says leaves_out_preregistered: true, or published without them by --allow-incomplete before (last.json's "
        "new_rows_seen); orphan rows of "
        "older IDs, or IDs before one the last set published (an export by school, then ID: a last school of "
        "old IDs); a single person; an export whose last rows are in no order of its ID. People whose rows "
        "carry a start date on or before tonight are always counted: an active-only export lists them, and the "
        "message then offers no profile setting, only the export again whole.",
        "Look whether the file the message names lost its last rows (its line count, its last ID against the "
        "SIS). If it did, export it again whole and rerun. If a person it names has no enrolment started yet and "
        "the export lists people from their first day only (pre-registered students scheduled with no start "
        "date: Clever, SDS, an active-only script), say "
        "so once in the profile, under the source the message names, and rerun: sources: {students: "
        "{leaves_out_preregistered: true}}. Or add them to the people export (a profile's "
        "started: condition holds a student back until his start date). --allow-incomplete publishes one "
        "night's set without them (I256; those with no enrolment started are not counted again), but if the file "
        "was really cut, that is a cut set: look first.",
    ),
    "I256": (
        "The people X722 names (new since the last set, named by tonight's current rows, after the last row "
        "of their export in order of its ID), published without them because the run had --allow-incomplete. "
        "They are remembered in last.json (new_rows_seen, a hash each): later nights do not count them for "
        "X722 again when none of their enrolments has started (those with one on or before tonight are counted "
        "every night: an export of active people lists them), and each is published the night the export "
        "lists them. The run exits 1 that night for a person to look.",
        "If the file was cut, export it again whole and rerun. If they are pre-registered, and the export lists "
        "people from their first day only, set leaves_out_preregistered: true under the source in the profile "
        "so new ones do not refuse a night; take --allow-incomplete out of a scheduled job.",
    ),
    "P135": (
        "A students' leaver test of the district's own profile (a `where` not_in or not_equals with reason "
        "inactive-student, or on a column whose name says status, withdrawal, exit, enrolment or active) leaves out "
        "the students holding some of its values, while the column is blank on most rows and the students the set "
        "publishes hold other values in it: a column written only for the few (an exit or withdrawal code), where "
        "every value marks a student who is not as the others are. `{Exit_Code} not_in [T1, W1, G]` on an export "
        "holding 'G' for a graduate and Genesis's '11' for a withdrawn student leaves out the graduate and "
        "publishes the withdrawn student with her parents. Not asked: the yes/no value a flag test does not name, "
        "a column the rule publishes, the grade column (one a rule publishes as grades, or named for the grade and "
        "written on most rows), a value P131 asks (a word naming leavers, a code declared left: named in this "
        "message instead) or one the profile declares active (sources.NAME.statuses). Asked once per value: "
        "published, exit 1; last.json's values_asked records it (as P134's), and the nights after it is said at "
        "exit 0.",
        "If the values mark students who left, add them to the condition's values and rerun. If they are students "
        "who are here, nothing to do: not asked again; declaring them `active` under sources.NAME.statuses says "
        "so in the profile.",
    ),
    "V631": (
        "A profile sets sources.NAME.leaves_out_preregistered: true under a source no people rule reads from "
        "(a users rule that is not a guardians rule nor a `once` rule): an enrolment, schools or contacts export. "
        "The key tells the check of a people export cut at its end (X722) that the export lists a person from his "
        "first day only; under another source nothing reads it, and a district that set it there believes its "
        "pre-registered students excused while X722 still refuses them. check-profile and every run stop (exit 2) "
        "before reading any data.",
        "Move the key under the source the X722 message names (the people export: sources: {students: "
        "{leaves_out_preregistered: true}}), or take it out, and rerun.",
    ),
    "X727": (
        "A schedule (enrolment) export whose rows are in order of the student key its rule names the student by "
        "(PowerSchool's cc StudentID, an SDS StudentEnrollment's SIS ID) ends at a line after which come the "
        "students published in no class, nearly all those whose key comes after the last row, while nearly all "
        "those before it are in a class: on a first set at least 10 of them and 15 % of the students at schools "
        "and grades whose other students have classes (new registrants not scheduled yet, whose IDs are the "
        "highest, look the same as a cut: an honest district's newest are about 6 %, so a smaller cut of a "
        "first set is not caught); under --allow-rollover with a last set, only the students it published count "
        "(a cut drops returning students; new ones not scheduled yet are not counted), at least 5 and 5 %. An "
        "export cut at a line's end (a copy or SIS job that stopped) looks like this: "
        "every row whole, the students past the cut in no class, under every whole-file limit. Said on a first set "
        "(no last set's lines to compare with) and under --allow-rollover (a new school year's export, whose lines "
        "no last set recorded; the flag accepts a new year's removals, not a cut file); on other nights the gate's "
        "comparison says a cut (X884, X897, X906). Students in no class scattered over the export's order are not "
        "counted (an elementary school without sections, a grade not scheduled yet, homerooms left out). Nothing "
        "was published.",
        "Compare the file's line count and last ID with the SIS, export it again whole (check that the SIS job "
        "and the copy finished), and rerun. If those students really have no class yet, rerun with "
        "--allow-incomplete: the set is published with them in no class, said (F451, exit 1).",
    ),
    "X728": (
        "A schedule (enrolment) export whose rows are in order of the class (section) ID ends at a line after which "
        "come classes the set would publish, left out with no student (F412): at least 5 of them and 15 % of the "
        "classes at schools and terms some class of which has students, at two schools or more, nearly all those whose"
        " ID comes after the last row, while nearly all those before it have students. An export cut at a line's end "
        "(a copy or SIS job that stopped) looks like this: every row whole, the classes past the cut left out as a "
        "class's note (info), their teachers and students published without them. Said on a first set and under "
        "--allow-rollover, as X727. Not counted: the classes of a school and term none of which has students (a new "
        "term's sections exported before its schedules), fewer (sections opened last at several schools, the highest "
        "IDs of a district-wide sequence: a smaller cut is not caught), and the empty classes of one school alone, "
        "last in its block of IDs (sections opened and not scheduled yet: sds-classic-100's level-2 sections). Nothing"
        " was published.",
        "Compare the file's line count and last section ID with the SIS, export it again whole (check that the "
        "SIS job and the copy finished), and rerun. If those classes really have no students yet, rerun with "
        "--allow-incomplete: the set is published without them, said (F451, exit 1).",
    ),
    "X716": (
        "A school whose term ended (its classes left the exports between two terms, X937) still has no class of "
        "a term begun after it, while its year-long term, holding that term, runs on for at least 8 weeks more: "
        "a later term is to come. Where the classes' own rows date their terms (no terms export: Infinite "
        "Campus's sections), a later term is known only once its sections are exported, so nothing dates it, "
        "and an extract of the current term only, never moved on to the next term after the break, publishes "
        "the year-long classes alone: nothing published is removed, so nothing refuses it. The next term is "
        "taken to begin at the latest 35 days after the ended term's last day (as a terms export's next term is "
        "awaited: a long winter break, a year-round intersession), and said 3 school days (Monday to Friday) "
        "after that, each night until a class of a later term holding students arrives (in part ends the wait "
        "too): published, exit 1. A shorter term ending inside one still running (a Q1-only course, an "
        "orientation inside Semester 1) owes no later term: the wait counts from the end of the term holding it. "
        "A year-long term dated as an administrative year (330 days or longer) says a term is to come only in "
        "its first half. A break night, a school of year-long classes only, a year over and a later term's "
        "sections exported ahead (dated by them) are not said; where a terms export dates the next term, its "
        "first day without classes is refused instead (X977).",
        "Check the SIS export job's term filter: it must export the new term's sections and their roster "
        "(Infinite Campus: the extract's term or calendar selection, or its current-term filter once the new "
        "term's sections are scheduled), then rerun. If the school has no later term this year (its year-long "
        "classes alone run on) or its next term begins later still, rerun once with --allow-incomplete: the "
        "wait ends (X918), and later nights are quiet until another term ends.",
    ),
}
