"""OneRoster 1.1 CSV files, their columns in spec order, and the Remind target's rules.

Source: shared/research/oneroster-spec.md §5–§7 and Remind's article (shared/seed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ONEROSTER_VERSION = "1.1"
MANIFEST_VERSION = "1.0"

# Every file a manifest names, in the spec's order.
ALL_FILES: tuple[str, ...] = (
    "academicSessions",
    "categories",
    "classes",
    "classResources",
    "courses",
    "courseResources",
    "demographics",
    "enrollments",
    "lineItems",
    "orgs",
    "resources",
    "results",
    "users",
)

# The demographics' race flags (true/false each).
RACE_COLUMNS = (
    "americanIndianOrAlaskaNative",
    "asian",
    "blackOrAfricanAmerican",
    "nativeHawaiianOrOtherPacificIslander",
    "white",
    "demographicRaceTwoOrMoreRaces",
    "hispanicOrLatinoEthnicity",
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "academicSessions": (
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
    ),
    "courses": (
        "sourcedId",
        "status",
        "dateLastModified",
        "schoolYearSourcedId",
        "title",
        "courseCode",
        "grades",
        "orgSourcedId",
        "subjects",
        "subjectCodes",
    ),
    "orgs": ("sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"),
    "users": (
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
    ),
    "demographics": (
        "sourcedId",
        "status",
        "dateLastModified",
        "birthDate",
        "sex",
        *RACE_COLUMNS,
        "countryOfBirthCode",
        "stateOfBirthAbbreviation",
        "cityOfBirth",
        "publicSchoolResidenceStatus",
    ),
    "classes": (
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
    ),
    "enrollments": (
        "sourcedId",
        "status",
        "dateLastModified",
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ),
}

# The fields that say who a person is: rows a profile's `combine` merges must agree on them, or
# they are two people under one ID (pipeline.combine), whom no set may merge into one.
IDENTITY_FIELDS: dict[str, tuple[str, ...]] = {
    "users": ("givenName", "familyName"),
    "demographics": ("birthDate",),
}

# The fields that say which record an ID is, besides the people's: rows a profile's `combine`
# merges must agree on them, or they are two records under one ID (a section number unique only
# within a school: two classes), neither kept (pipeline.combine, V592). A class's title may differ
# between its rows (a section meeting in two periods, titled by its period): that is one class.
APART_FIELDS: dict[str, tuple[str, ...]] = {
    "classes": ("schoolSourcedId",),
}

# Columns holding a comma-separated list in one cell.
LIST_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    {
        ("users", "orgSourcedIds"),
        ("users", "agentSourcedIds"),
        ("users", "grades"),
        ("users", "userIds"),
        ("classes", "grades"),
        ("classes", "termSourcedIds"),
        ("classes", "subjects"),
        ("classes", "subjectCodes"),
        ("classes", "periods"),
        ("courses", "grades"),
        ("courses", "subjects"),
        ("courses", "subjectCodes"),
    }
)

# Values of these lists outside the target's vocabulary are removed (reported) in a run rather
# than leaving the record out: a class is not lost, with its enrolments, for a grade.
# `validate` reports them as not allowed.
PRUNED_WHEN_NOT_ALLOWED: frozenset[tuple[str, str]] = frozenset({("classes", "grades"), ("courses", "grades")})

# List columns whose items are a set: their order means nothing, so the writer puts them in one
# defined order (grades in grade order, the others in text order) and a set does not change when
# only the export's row order did. Subjects and subject codes pair up item by item: kept as given.
SET_LISTS: frozenset[tuple[str, str]] = frozenset(
    {
        ("users", "orgSourcedIds"),
        ("users", "agentSourcedIds"),
        ("users", "grades"),
        ("users", "userIds"),
        ("classes", "grades"),
        ("classes", "termSourcedIds"),
        ("classes", "periods"),
        ("courses", "grades"),
    }
)


def is_id_column(column: str) -> bool:
    """sourcedId and every reference to one (orgSourcedIds, userSourcedId, ...): the spec's
    naming says which columns hold IDs, in every file."""
    return column == "sourcedId" or column.endswith(("SourcedId", "SourcedIds"))


# List columns that are a set of links to other records (a user's schools and guardians, a
# class's terms): each of the rows a rule combines into one record may name some of them, and
# all are the record's (OneRoster lets either side write a link; a guardian's rows are united
# too, pipeline.derive). Combining rows unites them whether or not the profile's `combine.lists`
# names them (pipeline.combine): kept as one row's value, the other rows' links would be lost (a
# guardian not created, a school or a term taken off).
LINK_LISTS: frozenset[tuple[str, str]] = frozenset(key for key in LIST_COLUMNS & SET_LISTS if is_id_column(key[1]))


# Columns holding a Date (research/oneroster-spec.md §2: YYYY-MM-DD, ISO 8601), a day of the
# calendar: `validate` checks each (birthDate has its own form per target: birth_date_pattern).
DATE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("academicSessions", "startDate"),
    ("academicSessions", "endDate"),
    ("enrollments", "beginDate"),
    ("enrollments", "endDate"),
)
# The output columns whose form one cleaner writes, and the cleaners that write it: a cell read
# as it stands is not the form (20160219 is no birthDate, `t1 at d.example.org` no email), so a
# run cleans such a column so whatever the profile's `clean:` lists (profile.compile; check-profile
# and the run say it, I222), and `validate` checks the form (V525, V583, V614).
FORM_CLEANERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("demographics", "birthDate"): ("birth_date",),
    ("users", "email"): ("email", "first_email"),
    ("users", "metadata.preferredLanguage"): ("language",),
    **{key: ("date",) for key in DATE_COLUMNS},
}
# Of those, the pairs that bound one record (table, start, end): it may end the day it begins,
# not before. An enrolment and an academic session (a term, a school year) have dates; a class
# and a user have none in 1.1 (a class's are its terms').
DATE_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("academicSessions", "startDate", "endDate"),
    ("enrollments", "beginDate", "endDate"),
)

# Columns the writer owns: blank in a bulk set, fixed, or filled in by the engine.
BULK_BLANK = ("status", "dateLastModified")

GRADES_REMIND = ("PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "Other")
GRADES_CEDS = (
    "IT",
    "PR",
    "PK",
    "TK",
    "KG",
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "07",
    "08",
    "09",
    "10",
    "11",
    "12",
    "13",
    "PS",
    "UG",
    "Other",
)
USER_ROLES_REMIND = ("teacher", "student", "parent", "guardian", "aide", "administrator")
USER_ROLES_SPEC = ("administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher")
ENROLLMENT_ROLES_SPEC = ("administrator", "proctor", "student", "teacher")
ORG_TYPES_SPEC = ("department", "school", "district", "local", "state", "national")
SESSION_TYPES = ("gradingPeriod", "semester", "schoolYear", "term")
CLASS_TYPES = ("homeroom", "scheduled")
STAFF_ROLES = frozenset({"teacher", "aide", "administrator"})
ORG_TYPES = ("school", "district")
BOOLEANS = ("true", "false")
# Remind, enrollments.primary: "If your SIS uses "yes" or "no" instead, please be sure to use lowercase."
PRIMARY_REMIND = (*BOOLEANS, "yes", "no")
SEXES = ("male", "female")  # OneRoster 1.1 (1.2 adds other, unspecified)
STATUSES = ("active", "tobedeleted")  # a delta file's; a bulk file leaves status blank (audit)
# The enumerations the spec gives every set, whichever target (research/oneroster-spec.md §7).
SPEC_ALLOWED: dict[tuple[str, str], tuple[str, ...]] = {
    **{(table, "status"): STATUSES for table in COLUMNS},
    ("users", "enabledUser"): BOOLEANS,
    ("classes", "classType"): CLASS_TYPES,
    ("demographics", "sex"): SEXES,
    **{("demographics", column): BOOLEANS for column in RACE_COLUMNS},
}
GUARDIAN_ROLES = frozenset({"parent", "guardian"})
AGENT_ROLES = frozenset({"parent", "guardian", "relative"})  # a student's agents: never enrolled
CLASS_OWNER_ROLES = frozenset({"teacher", "administrator"})  # users Remind makes owners of their classes
TITLE_MAX = 255  # Remind: class names may not exceed 255 characters
# No rule limits a person's name; none is this long, and a cell that is holds a paste or a broken
# SIS record (tester20 F8: a 40,000-character family name was published).
NAME_MAX = 255
NAME_FIELDS = ("givenName", "familyName", "middleName")
CLASSES_PER_USER_MAX = 100  # Remind: at most 100 classes per user account
GUARDIANS_HELD = 6  # Remind holds students with this many guardians or more


# References between files: (table, field) -> the ID set it must be in. "students" is the set
# of users with role student, "schools" the orgs of type school: Remind ingests only schools,
# and users, classes and enrolments must name one (a district org is no school of theirs).
# List fields are checked item by item.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "users": (("orgSourcedIds", "schools"),),
    "demographics": (("sourcedId", "students"),),
    "classes": (("schoolSourcedId", "schools"),),
    "enrollments": (("classSourcedId", "classes"), ("userSourcedId", "users"), ("schoolSourcedId", "schools")),
    "orgs": (("parentSourcedId", "orgs"),),  # optional: a parent not in the set is blanked (V531)
}
# The kept-ID sets that are not tables: which table their records are in.
ID_SETS = {"students": "users", "schools": "orgs"}


@dataclass(frozen=True, slots=True)
class Target:
    """What differs between output targets (DESIGN.md §2)."""

    name: str
    files: tuple[str, ...]  # data files written, in flow order
    extra_columns: dict[str, tuple[str, ...]]
    required: dict[str, tuple[str, ...]]  # columns that must hold a value in every row
    allowed: dict[tuple[str, str], tuple[str, ...]]  # enumerations checked before writing
    birth_date_format: str
    defaults: dict[tuple[str, str], str]  # written where the profile gives no value
    references: dict[str, tuple[tuple[str, str], ...]]  # (table) -> (column, the ID set it must be in)
    # A value the target cannot take, rewritten: (table, column, value) -> columns to set (reported).
    rewrites: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    # An empty column filled from the first non-empty of other columns, e.g. username from email.
    fill_from: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    always_written: bool = True  # Remind wants all files, header-only or not; the spec wants none empty
    birth_date_pattern: str = r"^(\d{4}/\d{2}/\d{2}|\d{2}/\d{2}/\d{4})$"  # what validate accepts
    date_columns: tuple[tuple[str, str], ...] = DATE_COLUMNS  # YYYY-MM-DD, a day of the calendar
    # Checked by `validate` (a run's cleaners write them so): (table, column) -> (pattern, its
    # form in words); the list columns that hold one item at most, for a role.
    patterns: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    single_item: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, column) -> role
    # Columns for students only (Remind, users.grades: "For students only"): another user's value
    # is blanked by a run and reported by validate (V596).
    students_only: tuple[tuple[str, str], ...] = ()
    # References that may be empty: one that points nowhere is blanked (reported), not fatal.
    optional_references: frozenset[tuple[str, str]] = frozenset()
    # Records written only when a kept record points to them: (table) -> (table, column) pointing.
    referenced_only: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    staff_need_email: bool = True  # Remind: staff without an email are left out; OneRoster: optional
    # Records the set needs and the SIS may not export, built from what it does (pipeline.complete):
    # a schoolYear session above every other session, a term and a course for every class.
    builds_missing: bool = False
    # Columns that, holding an @, must be a valid email address: the first fill_from source replaces one that is not.
    email_like: tuple[tuple[str, str], ...] = ()
    # List columns each of whose items must match a pattern; an item that does not is left out.
    item_patterns: dict[tuple[str, str], str] = field(default_factory=dict)
    # OneRoster 1.1 enrollments.primary: "MUST only be set to true for ONE teacher for a class";
    # Remind makes every teacher and administrator of a class an owner, primary or not.
    one_primary: bool = False
    # What a bulk file leaves blank (`validate`, V584): the spec's bulk leaves status and
    # dateLastModified blank (research/oneroster-spec.md §4); Remind reads neither, and a
    # dateLastModified there harms no one, but a bulk record's status would say it may be deleted.
    bulk_blank: tuple[str, ...] = ("status",)
    # A username one user's only (pipeline.usernames): the strict consumers key accounts on it
    # (Canvas's login_id, Moodle's username); Remind does not read it.
    unique_usernames: bool = False
    # Remind gives an email to one user only and creates a parent only with a contact point of their
    # own (V509, V510 say what a point another user had first costs); a strict consumer keys accounts
    # on the sourcedId, and on the email only if it chooses to.
    one_user_per_point: bool = False
    # Rules Remind adds to OneRoster 1.1, which `transform validate` holds a set to on this target only:
    # a parent or guardian has a contact point, an email or a phone that is a number (V515); a user's
    # orgs are schools (V534); no quote inside a cell (V523); one title per class at a school (V526);
    # 100 classes a user (V514). A run keeps to the first three on either target, as its own choice
    # (it publishes no one nobody can reach); a strict set holding such a record is valid OneRoster.
    consumer_rules: bool = False

    def columns(self, table: str) -> tuple[str, ...]:
        return COLUMNS[table] + self.extra_columns.get(table, ())


# A list's items each of the form the spec gives; one that is not is left out (D339). userIds:
# {Type:Id}, e.g. {LDAP:jdoe}. Both targets: Remind reads no userIds, but its set is a OneRoster
# 1.1 set too, and split on commas and sorted, '{SIS:1001},{LDAP:a,b}' was written
# 'b},{LDAP:a,{SIS:1001}' by the remind target alone (tester70 S3). The spec separates the items
# with commas and has no escape: an item holding one inside its braces ('{SIS:12,3}') is left out
# as it is read (I219, cleaners.ids.guard_user_ids), so every later split at commas is between items.
ITEM_PATTERNS: dict[tuple[str, str], str] = {("users", "userIds"): r"^\{[^{}:,]+:[^{}]+\}$"}

REMIND = Target(
    name="remind",
    files=("orgs", "users", "demographics", "classes", "enrollments"),
    extra_columns={"users": ("metadata.preferredLanguage",)},
    required={
        "orgs": ("sourcedId", "name", "type"),
        "users": ("sourcedId", "orgSourcedIds", "role", "givenName", "familyName"),
        "demographics": ("sourcedId", "birthDate"),
        "classes": ("sourcedId", "title", "schoolSourcedId"),
        "enrollments": ("sourcedId", "classSourcedId", "userSourcedId", "schoolSourcedId", "role"),
    },
    allowed={
        **SPEC_ALLOWED,
        ("orgs", "type"): ORG_TYPES,
        ("users", "role"): USER_ROLES_REMIND,
        ("users", "grades"): GRADES_REMIND,
        ("classes", "grades"): GRADES_REMIND,
        ("enrollments", "role"): USER_ROLES_REMIND,
        ("enrollments", "primary"): PRIMARY_REMIND,
    },
    birth_date_format="%Y/%m/%d",
    defaults={
        ("users", "enabledUser"): "true",
        ("enrollments", "primary"): "false",
        ("classes", "classType"): "scheduled",
    },
    references=REFERENCES,
    optional_references=frozenset({("orgs", "parentSourcedId")}),
    # Remind: "two-letter ISO-639-1 or BCP-47 code or three-letter ISO-639-2 or ISO-639-3 code".
    patterns={
        ("users", "metadata.preferredLanguage"): (
            r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
            "an ISO 639 language code (en, spa) or a BCP 47 tag (zh-Hant)",
        )
    },
    single_item={("users", "grades"): "student"},  # Remind: "Each student can only be associated with one grade."
    students_only=(("users", "grades"),),
    one_user_per_point=True,
    consumer_rules=True,
    item_patterns=ITEM_PATTERNS,
)

# Strict OneRoster 1.1 (research/oneroster-spec.md §5-§6): every reference resolves inside the set.
ONEROSTER = Target(
    name="oneroster",
    one_primary=True,
    bulk_blank=("status", "dateLastModified"),
    unique_usernames=True,
    files=("orgs", "academicSessions", "courses", "users", "demographics", "classes", "enrollments"),
    extra_columns={"users": ("metadata.preferredLanguage",)},
    required={
        "academicSessions": ("sourcedId", "title", "type", "startDate", "endDate", "schoolYear"),
        "orgs": ("sourcedId", "name", "type"),
        "courses": ("sourcedId", "title", "orgSourcedId"),
        "users": ("sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName"),
        "demographics": ("sourcedId",),
        "classes": ("sourcedId", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"),
        "enrollments": ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    },
    allowed={
        **SPEC_ALLOWED,
        ("orgs", "type"): ORG_TYPES_SPEC,
        ("academicSessions", "type"): SESSION_TYPES,
        ("users", "role"): USER_ROLES_SPEC,
        ("users", "enabledUser"): BOOLEANS,
        ("users", "grades"): GRADES_CEDS,
        ("courses", "grades"): GRADES_CEDS,
        ("classes", "grades"): GRADES_CEDS,
        ("classes", "classType"): CLASS_TYPES,
        ("enrollments", "role"): ENROLLMENT_ROLES_SPEC,
        ("enrollments", "primary"): BOOLEANS,
    },
    birth_date_format="%Y-%m-%d",
    defaults={
        ("users", "enabledUser"): "true",
        ("enrollments", "primary"): "false",
        ("classes", "classType"): "scheduled",
    },
    references={
        **REFERENCES,
        "academicSessions": (("parentSourcedId", "academicSessions"),),
        # courses.schoolYearSourcedId: a schoolYear session of the set (optional: blanked when it
        # names none, V531; a course naming a term or semester is given its school year, V598).
        "courses": (("orgSourcedId", "orgs"), ("schoolYearSourcedId", "academicSessions")),
        "classes": (
            ("schoolSourcedId", "schools"),
            ("courseSourcedId", "courses"),
            ("termSourcedIds", "academicSessions"),
        ),
    },
    rewrites={("enrollments", "role", "aide"): {"role": "teacher", "primary": "false"}},
    optional_references=frozenset(
        {("academicSessions", "parentSourcedId"), ("orgs", "parentSourcedId"), ("courses", "schoolYearSourcedId")}
    ),
    fill_from={("users", "username"): ("email", "sourcedId")},
    always_written=False,
    birth_date_pattern=r"^\d{4}-\d{2}-\d{2}$",
    staff_need_email=False,
    builds_missing=True,
    email_like=(("users", "username"),),
    item_patterns=ITEM_PATTERNS,
    # Courses first: a session is used by the courses written, not by those left out as unused.
    referenced_only={
        "courses": (("classes", "courseSourcedId"),),
        "academicSessions": (
            ("classes", "termSourcedIds"),
            ("courses", "schoolYearSourcedId"),
            ("academicSessions", "parentSourcedId"),
        ),
    },
)

TARGETS: dict[str, Target] = {"remind": REMIND, "oneroster": ONEROSTER}
