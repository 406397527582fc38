"""A parent's email that is a student's own address (tester69 F5, F6).

A SIS that holds a daughter's school address in her Mother Email cell, or a guardians group whose
`email:` reads the students' column, made the parent a user with the child's address: Remind gives
an email to one user only, and the parent's messages reach the child. An address a student of the
set holds is the student's own when the parent was read from that student's own row, at the column
the student's email is read from (a group's `email: [Student Email, Mother Email]`), or when its
domain is the students' (more than half of the students with an email have it) and hardly the
parents' (fewer than one in ten of them do): a school's student domain. A parent of a row of their
own (a OneRoster users.csv, where students and parents read one `email` column) is judged by the
domain alone. An elementary SIS writing the family's address as the student's (V609) gives the
address the parents' domain, and is said as before; so are addresses of a domain both kinds use
(gmail): family addresses held by more than half of the students are those of a quarter of the
parents or more (two or so parents a family), a school's student domain reaches parents only
through a cell written wrong. Parents (COLUMN_AT_LEAST at least) whose address IS a kept student's
login written as an address (a school account, whatever the students' email reads), or a kept
student's email of the district's own domain (the staff's, or one under it), hold the students'
school accounts (tester74 F15: V609 blamed the students' column): the parents' column is said. The
domain alone is no evidence: a school giving its parents accounts of its own one domain
(name.parent@school) holds no student's address (review97 R5).

A student of the last published set who is not in tonight's, or one the run state remembers, is
pipeline.former_students'.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable
from typing import Any

from transform.pipeline.compact import CompactMap, id_hash

DOMAINS_HELD = 1000  # distinct student email domains counted; past them, those seen first (a school's)
# Parents given a student's address at or past which they are a column read wrong, not a few SIS cells:
# the set is published, but the run exits 1 for a person to look (report.summary, V574).
COLUMN_AT_LEAST = 10
# A domain held by more than one parent in PARENTS_AT_MOST (with an email) is the parents' too: never
# a school's student domain, whatever share of the students hold it (reviewer69 R2: gmail at 45%).
PARENTS_AT_MOST = 10


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].casefold() if "@" in email else ""


class StudentAddresses:
    """The domains of the students' and the parents' emails, and the parents found with a student's."""

    def __init__(self) -> None:
        self.students: Counter[str] = Counter()
        self.students_with_email = 0
        self.guardians: Counter[str] = Counter()
        self.guardians_with_email = 0
        self.found = 0  # parents and guardians read with a student's address (V574)
        self.columns: set[tuple[str, str]] = set()  # (file, export column) the students' emails are read from
        # The students' own addresses in the parents' column (tester74 F15): the students' logins written as
        # addresses, the staff's domains, and the parents holding a student's login ("login") or email (by its
        # domain, judged the district's or not at the end), with the first parent of each.
        # a student's login written as an address (hash) -> its place in `login_holders`: the student's ID, hashed
        self.logins = CompactMap()
        self.login_holders = array("q")
        self.login_lines = array("q")  # and the line of the student's row
        self.staff: Counter[str] = Counter()
        self.staff_with_email = 0
        self.own: Counter[str] = Counter()
        self.parents_with_email = 0
        self.first_parent: dict[str, Any] = {}

    def student(self, email: str, file: str, columns: str) -> None:
        """A kept student's email, counted by domain, and the file and columns it was read from."""
        self.students_with_email += 1
        if (file, columns) not in self.columns and len(self.columns) < DOMAINS_HELD:
            self.columns.add((file, columns))
        domain = domain_of(email)
        if domain and (domain in self.students or len(self.students) < DOMAINS_HELD):
            self.students[domain] += 1

    def guardians_known(self, domains: Counter[str], with_email: int) -> None:
        """The domains of every kept guardian's email (pipeline.derive.GuardianBook.email_domains)."""
        self.guardians, self.guardians_with_email = domains, with_email

    def students_own(self, email: str, file: str, columns: str, *, holder_row: bool) -> str:
        """Why an address a student holds is their own, read into a guardian of `file` from `columns`;
        `holder_row`: the guardian was read from the row of the student holding it (a guardians group
        of the students' rows), not a row of their own. "" when it may be the family's (the module's rule)."""
        read = set(columns.split(", "))
        students = [c for f, c in sorted(self.columns) if f == file and set(c.split(", ")) <= read]
        if students and holder_row:
            return f"{students[0]} is the column the students' emails are read from"
        domain = self.students_domain(email)
        return f"{domain} is the students' addresses' domain, not the parents'" if domain else ""

    def students_domain(self, email: str) -> str:
        """The email's domain when it is the students' and not the parents' (the module's rule); else ""."""
        domain = domain_of(email)
        if not domain or not self.guardians_with_email:
            return ""
        of_students = self.students[domain] * 2 > self.students_with_email
        of_guardians = self.guardians[domain] * PARENTS_AT_MOST > self.guardians_with_email
        return domain if of_students and not of_guardians else ""

    def login(self, username: str, student: str, line: int) -> None:
        """A kept student's username written as an address (a school account), the student's ID and line."""
        if "@" not in username:
            return
        if self.logins.setdefault_hash(id_hash(username.casefold()), len(self.login_holders)) is None:
            self.login_holders.append(id_hash(student))
            self.login_lines.append(line)

    def login_holder(self, email: str) -> tuple[int, int]:
        """The hash of the ID of the student whose login the address is, and their line ((0, 0) for none)."""
        at = self.logins.get_hash(id_hash(email.casefold()))
        return (0, 0) if at is None else (self.login_holders[at], self.login_lines[at])

    def staff_member(self, email: str) -> None:
        self.staff_with_email += 1
        domain = domain_of(email)
        if domain and (domain in self.staff or len(self.staff) < DOMAINS_HELD):
            self.staff[domain] += 1

    def parent(self, email: str, first: Callable[[str], object], *, students_email: bool) -> None:
        """A kept parent's or guardian's email as read, counted when it is a kept student's login or (`students_email`)
        email; `first(key)`: what names the first parent so (the validator's example), and the student holding it."""
        self.parents_with_email += 1
        key = "login" if self.login_holder(email)[0] else domain_of(email) if students_email else ""
        if key and (key in self.own or len(self.own) < DOMAINS_HELD):
            self.own[key] += 1
            if key not in self.first_parent:
                self.first_parent[key] = first(key)

    def students_own_of_parents(self) -> tuple[int, str]:
        """How many parents hold a student's own address (a login, or an email of the district's own domain), and
        the key (`first_parent`) of the most of them; (0, "") under COLUMN_AT_LEAST. A family's address written
        as the student's (V609) is neither a login nor the district's; a staff member who is a parent holds no
        student's address."""
        keys = [k for k in self.own if k == "login" or self._district(k)]
        count = sum(self.own[k] for k in keys)
        if count < COLUMN_AT_LEAST:
            return 0, ""
        return count, max(keys, key=self.own.__getitem__)

    def _district(self, domain: str) -> bool:
        """The staff's domain (more than half of them hold it), or one under it."""
        return any(
            n * 2 > self.staff_with_email and (domain == staff or domain.endswith(f".{staff}"))
            for staff, n in self.staff.items()
        )
