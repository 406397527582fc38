"""The safety gate for a people export that lost whole rows: users the other exports still name.

A users export cut short at a line boundary (the SIS job or the copy stopped after a whole
line) loses the people whose rows came after the cut, and nothing in the file says so: no row
is broken (X957, X981), and the few lost are under the removal limit. The set would remove
them, and Remind deletes a student with her parents and their conversations (tester50 F1).
Yet tonight's other exports still name them, in rows that would have kept them: a current
role (OneRoster 1.2, SDS v2.1: roles.csv beside users.csv) left out only because its person
has no users row (D300), an enrolment that passed its rule's own conditions left out only
because its user is not in the set (V504). A person who leaves is not so: a withdrawn
student keeps a row the profile's conditions leave out (a PowerSchool or Infinite Campus
export: filtered, not absent), or leaves the roles and enrolments with it (an ended role, an
ended enrolment, which no condition lets in). So a record of the last published set that
tonight's set removes, which current rows name while the export that should hold it has no row
for it at all, is an export missing rows: nothing is published (X882), and with
--allow-incomplete the set is published without them, said (X883).

Absent, not filtered: a join that found no row looked in the whole joined export (a role's
users.csv row); a user an enrolment names is looked for in every row of the exports the users
rules read, whatever their conditions say (school_classes.users_listed), and one whose ID cannot
be told without the joins is taken as listed (nothing refused on a guess). Not a clue: a
demographics row (a SIS's demographics export may list every student it ever had).

An enrolment that reads its user through a join (PowerSchool's cc names the student by StudentID,
its sections the teacher by Teacher; Skyward SMS, Aeries) names no user ID: a current row whose
join found no row (report.users_missed) is tied to the removed person of the last set whose
enrolments were mostly in the classes that key's rows name, and most of them there (`_tied`):
a withdrawn student keeps her row, which the join finds; a teacher who leaves keeps hers (Status
2), or her sections get another teacher (tester52 F1, F2). A parent a student's agentSourcedIds
names with no users row (V575) is named as the enrolments' users are: a parent who leaves is
taken off the student's list (tester52 F2). A key so missed whose classes' removed enrolments were
of a person tonight's set still holds by another row (a teacher's row at one of her two schools)
is a row lost (`_check_rows_of_kept`, tester55 F3). And the classes: a class of the last set removed
tonight while current enrolment rows name it and no row of the classes export has it (V502, or
D300 on a join of that export, or a current section left out by its own join to another lookup,
report.classes_unjoined: report.named_classes) is a sections (or courses) export cut short (X888, or
X889 published with --allow-incomplete); a section deleted takes its roster rows with it, a course
is not deleted while sections use it (tester55 F4).

A first set has no last set: the people named are all absent tonight, and over the removal limit
of the students the set would hold it is refused the same (an export that lost a tenth of its
students is no roster to begin with); under it, published and said (X883) when they are many
(FIRST_SET_MANY): a SIS's enrolment export may list a few students its students export leaves
out on purpose (pre-registered), which is said as ever (V504, D300) and no more.

A student every enrolment row of whom ends tonight, before the term of its class ends, in every
class the last set enrolled her in, each class carrying on past tonight for most of its other
students, is leaving (a student withdrawn today, whom an export of active students no longer
lists: tester67 F5), a handful a night at most, on a night no export was cut at its tail: not
asked for (pipeline.leavers).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path

from transform.pipeline import flags_left_in, leavers
from transform.pipeline.gate import Change, columns_of, records_of
from transform.pipeline.no_birth_dates import plain_refs
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.school_classes import student_sources, users_listed
from transform.pipeline.school_counts import PARENT_ROLES
from transform.pipeline.seen_values import STAFF, kind_of
from transform.profile.compile import Plan, RulePlan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

# The records whose rows would have kept a person: a role of theirs (a users rule's row), an
# enrolment. Not demographics (see the module's text).
KEEPING = frozenset({"users", "enrollments"})
EXAMPLES = 3
# On a first set, so many people named and absent are said (X883): a few are a SIS's own ways (an
# enrolment export listing a student the students export leaves out on purpose, pre-registered).
FIRST_SET_MANY = 10


def prepare(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    *,
    staged: Path,
    place: Callable[[tuple[str, ...]], str] | None = None,
) -> None:
    """While the exports can still be read (a zip's are unpacked for the run alone): keep, of the
    users tonight's rows name (Report.named_users), those tonight's set does not hold whose own
    export has no row for them, by a join that found none (D300) or a look at every row of the
    exports the users rules read. And a join that found no row for most of them while its export holds
    their IDs in a column (Report.joins_misread, `_joins_misread`; `place`: a profile path's file:line:col)."""
    if not report.named_users or not (staged / "users.csv").is_file():
        report.named_users = {}
        return
    named = {user: [p for p in places if p[3] in KEEPING] for user, places in report.named_users.items()}
    tonight = {key for (key,) in columns_of(staged / "users.csv", "sourcedId")}
    named = {user: places for user, places in named.items() if places and user not in tonight}
    # Before a row elsewhere excuses them: a people export cut short whose people another export
    # joined still lists (joined_tails, tester62 F2).
    report.named_absent = {user for user, places in named.items() if any(p[3] == "enrollments" for p in places)}
    # A join that found no row looked in the whole joined export: absent. Else look for a row.
    rest = {user for user, places in named.items() if not any(p[4] for p in places)}
    listed = users_listed(plan, dict(sources), rest) if rest else set()
    listed = rest if listed is None else listed | _joined_listed(plan, sources, rest - listed)
    listed |= _lost_whole(report, plan, sources, set(named) - listed)
    report.named_users = {user: places for user, places in named.items() if user not in listed}
    _joins_misread(report, plan, sources, place or (lambda _path: ""))


JOIN_MISREAD_AT_LEAST = 3  # people a join missed, whose IDs its export holds, for the join to be named


def _joins_misread(
    report: Report, plan: Plan, sources: Mapping[str, SourceFile], place: Callable[[tuple[str, ...]], str]
) -> None:
    """Report.joins_misread: the export (as displayed) a users rule's join found no row in for the people
    named, when it holds most of their IDs all the same, in one of its columns: the join reads another key
    than the person's ID (tester89 T8: `on: {schoolCode: teacherID}`, and X882 said 'export
    DistrictTeachers.csv again whole', every night in vain); in words, with the join's place."""
    missed: dict[tuple[str, str], list[str]] = {}  # (file naming them, joined source) -> users
    for user, places in report.named_users.items():
        for file, _, _, table, joined in places:
            if joined and table == "users":
                missed.setdefault((file, joined), []).append(user)
                break
    for (file, joined), users in missed.items():
        rule = next(
            (r for r in plan.rules.get("users", ()) if r.source in sources and sources[r.source].display == file), None
        )
        join = next((j for j in rule.joins.values() if j.source == joined), None) if rule is not None else None
        export = sources.get(joined)
        if rule is None or join is None or export is None or len(users) < JOIN_MISREAD_AT_LEAST:
            continue
        # Only the join's own remote key column(s): an ID in another person's cell (a parent's
        # agentSourcedIds naming her child) is no key the join could read (review204 R1).
        keys = {export.index[key] for key in join.remote if key in export.index}
        held = _held_in(export, set(users), keys)
        if not held or held.most_common(1)[0][1] * 2 <= len(users):
            continue
        column, count = held.most_common(1)[0]
        remote = ", ".join(export.header[export.index[key]] for key in join.remote if key in export.index)
        local = ", ".join(str(ref) for ref in join.local)
        at = place(("tables", "users", rule.name, "join", join.alias))
        report.joins_misread[export.display] = (
            kind_of(rule) == STAFF,
            (
                f"{rule.label}'s join {join.alias} (on {local} of {file} = {remote} of {export.display}"
                f"{f', profile {at}' if at else ''}) found no row for them, while {export.display} holds {count} of "
                f"the {len(users)} in its {column} column ({sorted(users)[0]!r} among them): the join reads another "
                "key than the person's ID"
            ),
        )


def _held_in(export: SourceFile, users: set[str], keys: set[int]) -> Counter[str]:
    """How many of `users` each of the columns `keys` (positions) of `export` holds (a cell, whole)."""
    found: dict[str, set[str]] = {}
    for _, position, value in cells(export, keys):
        if value in users:
            found.setdefault(export.header[position], set()).add(value)
    return Counter({column: len(ids) for column, ids in found.items()})


def cells(export: SourceFile, positions: Collection[int]) -> Iterator[tuple[int, int, str]]:
    """Each filled cell (stripped) at `positions` of `export`'s rows: its line, position and text."""
    if not positions:
        return
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        for position in positions:
            if position < len(row.cells) and (value := row.cells[position].strip()):
                yield row.line, position, value


def id_cells(plan: Plan, sources: Mapping[str, SourceFile]) -> Iterator[tuple[RulePlan, SourceFile, list[int]]]:
    """Each users rule with its export and the positions of the cells its sourcedId reads as they are."""
    for rule in plan.rules.get("users", ()):
        source = sources.get(rule.source)
        ident = next((c for c in rule.columns if c.name == "sourcedId"), None)
        if source is not None and ident is not None:
            yield rule, source, [source.index[ref.key] for ref in plain_refs(ident) if ref.key in source.index]


def _lost_whole(report: Report, plan: Plan, sources: Mapping[str, SourceFile], users: set[str]) -> set[str]:
    """Those of `users` in the ID cell of a row of the users rules' exports that the run left out
    whole before reading it (I205 row-too-long: a delimiter typed in a value): the row is there, and
    "export it again whole" would write it again the same (tester70 F2); the row's error says its fix."""
    # Only in the cell the rule reads the person's own ID from: a parent's row listing her children
    # unquoted ('S7,S8') holds a missing student's ID too, and took her for listed (reviewer76 R0).
    positions: dict[str, set[int]] = {}
    for _, source, at in id_cells(plan, sources):
        positions.setdefault(source.display, set()).update(at)
    found: set[str] = set()
    for (file, _), cells in report.left_out.lost_cells.items():
        found.update(cells[at] for at in positions.get(file, ()) if at < len(cells) and cells[at] in users)
    return found


def check(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    *,
    previous: Path | None,
    staged: Path,
    changes: Mapping[str, Change],
    rekeyed: Mapping[str, str],
    limit: float,
    allow_incomplete: bool,
    first_set: bool,
    classes_rekeyed: Iterable[str] = (),
    missed_before: Collection[tuple[str, str]] | None = frozenset(),
    missed_unknown: str = "the last set's record does not say them",
    missed_said: Collection[tuple[str, str]] = frozenset(),
) -> None:
    """X882 (or X883) for the people tonight's exports name in current rows whose own export has
    no row for them (`prepare`), or whom an enrolment row whose user join found no row was of
    (`_tied`): of the last published set that tonight's removes, or on a first set (`previous`
    None) all of them, refused over `limit` percent of the set's users. X888 (or X889) for the
    classes so (`_check_classes`). Keys `missed_before` (missed when the last set was made too: an
    orphan schedule row of every night) made none of its enrolments, and tell of nobody; not known
    (None: a last set recorded before them, or another than OUT's, `missed_unknown` says which), a
    person kept whom a key tells of is said for a person to look at, the set published (X861),
    once: not for keys OUT's last run missed too (`missed_said`, last.json's, of a night X861 or
    X882 said them or knew them for an orphan row), so a district run with --previous every night
    is not told the same row every night."""
    if previous is not None:
        _check_classes(report, plan, sources, previous, changes, classes_rekeyed, allow_incomplete=allow_incomplete)
        _check_rows_of_kept(
            report,
            plan,
            sources,
            previous,
            staged,
            changes,
            allow_incomplete=allow_incomplete,
            before=missed_before,
            unknown=missed_unknown,
            said=missed_said,
        )
    # Those a row holds in another column (an Employee Number) have a row: X811's, not lost rows.
    named = {user: places for user, places in report.named_users.items() if user not in report.ids_in_other_columns}
    removed: set[str] = set()
    if previous is not None:
        change = changes.get("users")
        if change is None or not change.removed:
            return
        # A person found under a new ID whose old ID tonight's current rows still name is a row
        # lost, not a re-key: the SIS changed no ID its roster still uses (tester82 D8).
        moved = {old for old in rekeyed if old not in named}
        removed = set(change.removed) - set(change.ended) - moved
        # A student withdrawn today, whom an export of active students no longer lists (tester67 F5).
        gone = leavers.judge(report, plan, previous=previous, staged=staged, named=named, removed=removed, limit=limit)
        named = {user: places for user, places in named.items() if user not in gone}
        named = {**named, **_tied(report, previous, removed - set(named) - gone, missed_before or frozenset())}
        absent = {user for user in named if user in removed}
    elif first_set:
        # Not a parent named only by a student's agentSourcedIds (V575): an export may leave its
        # parents out whole, and a first set has no parent to lose.
        agent = codes.code("agent-not-guardian").id
        absent = {user for user, places in named.items() if any(p[2] != agent for p in places)}
    else:
        return
    if not absent or (previous is None and len(absent) < FIRST_SET_MANY):
        return
    people = _people(previous, absent)
    if previous is not None and _staff_left(report, plan, sources, previous, removed, absent, named):
        return
    by_file = _by_file(plan, sources, absent, named, people, first_set=previous is None)
    # A first set's people are judged as students (an enrolment's user, mostly), against the
    # students the set holds: a students export cut by 6 % passed a 10 % limit taken over all
    # users, parents included (tester52).
    students = sum(1 for (role,) in columns_of(staged / "users.csv", "role") if role == "student")
    share = 100 * len(absent) / (students + len(absent))
    refuse = previous is not None or share > limit
    for file, users in sorted(by_file.items()):
        staff = previous is None and all(people.get(u, ("", ""))[0] == "staff" for u in users)
        parents = _parents(previous, set(users))
        if previous is not None:
            plural = "s" if parents != 1 else ""
            with_parents = f" with {parents} parent{plural}/guardian{plural}" if parents else ""
            last = f" of the last published set, which tonight's set would remove{with_parents}"
        else:
            last = " on a first set" if staff else f" on a first set ({share:.1f}% of its students)"
        values = {
            "file": file,
            "count": len(users),
            "whom": _whom(users, people),
            "examples": _examples(users, named, people, rekeyed),
            "last": last,
        }
        first = named[users[0]][0]
        where = Where(file=first[0], line=first[1], table="users", record=users[0])
        if refuse and not allow_incomplete:
            stale, behind = _older_namer(file, [named[user] for user in users], sources)
            if join := report.joins_misread.get(file, (False, ""))[1]:  # the profile's join, not the export (T8)
                stale, behind = f", unless the profile's join is wrong: {join}; then correct the join, not {file}", ""
            report.add(
                codes.code("users-rows-missing"),
                where,
                stale=stale,
                behind=behind,
                **values,
                **({"join": join} if join else {}),
            )
            continue
        # Not "published": another check may refuse the night (X980 beside it, tester67 F8).
        under = "" if staff else f" (under {limit:g}% of a first set's students)"
        published = (
            "--allow-incomplete: published without them"
            if refuse
            else f"the set leaves them out{under}: check that {file} is whole"
        )
        report.add(codes.code("users-rows-missing-allowed"), where, published=published, **values)
        if refuse:
            flags_left_in.rows_let_through(report)


def _staff_left(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    previous: Path,
    removed: set[str],
    absent: set[str],
    named: Mapping[str, list[tuple[str, int, str, str, str]]],
) -> bool:
    """X874 for one staff member of the last set, named by tonight's enrolment rows only (her
    sections), the only staff member tonight's set removes: a teacher who left, her sections not
    yet given a substitute, whom an export of active staff only no longer lists. Exporting it
    again changes nothing (tester58 F4b), so the set is published, said for a person to look at.
    Two staff members or more removed (one named so, one not: staff.csv cut by two lines) are an
    export cut short (X882)."""
    if len(absent) != 1:
        return False
    (user,) = absent
    people = _people(previous, removed)
    staff = {key for key, (role, _) in people.items() if role not in ("student", *PARENT_ROLES)}
    if staff != {user}:
        return False
    if not named[user] or any(place[3] != "enrollments" for place in named[user]):
        return False
    classes = sum(1 for (held,) in columns_of(previous / "enrollments.csv", "userSourcedId") if held == user)
    file = lacking(named[user], plan, sources, student=False)
    values = {"file": file, "examples": _examples([user], named, people)}
    first = named[user][0]
    where = Where(file=first[0], line=first[1], table="users", record=user)
    said = f"{classes} class{'es' if classes != 1 else ''}"
    report.add(codes.code("staff-left-classes-unassigned"), where, classes=said, **values)
    return True


def _tied(
    report: Report, previous: Path, removed: set[str], before: Collection[tuple[str, str]] = frozenset()
) -> dict[str, list[tuple[str, int, str, str, str]]]:
    """The `removed` users an enrolment row whose user join found no row was of (PowerSchool's cc
    naming by StudentID a student no students row has: report.users_missed), as named users (the
    join's export the one lacking them). Told by their last-set enrolments: those in most of the
    classes the rows of one missed key name, and most of theirs among them, in the role the rule
    writes (a student's rule: as a student; one that reads the role: as staff); each user tied to
    one key at most. A withdrawn student keeps her row (the join finds it), a purged one takes her
    schedule with her: neither is a missed row. A key missed when the last set was made too
    (`before`: a student pre-registered in the schedule, not yet in an active-only students export)
    made none of its enrolments: a classmate who leaves tonight is not tied to it (cut48)."""
    if not report.users_missed or not removed or not (previous / "enrollments.csv").is_file():
        return {}
    held: dict[str, dict[str, str]] = {}  # a removed user -> their last-set classes and role in each
    by_class: dict[str, set[str]] = {}
    for class_id, user, role in columns_of(previous / "enrollments.csv", "classSourcedId", "userSourcedId", "role"):
        if user in removed:
            held.setdefault(user, {})[class_id] = role
            by_class.setdefault(class_id, set()).add(user)
    tied: dict[str, list[tuple[str, int, str, str, str]]] = {}
    for (source, key), (classes, role, file, line, _, cid, _) in sorted(
        report.users_missed.items(), key=lambda item: (item[1][2], item[1][3])
    ):
        if (source, key) in before:
            continue
        best, most = "", 0
        for user in sorted(set().union(*(by_class.get(c, set()) for c in classes)) - tied.keys()):
            theirs = held[user]
            shared = sum(1 for c in classes if c in theirs and _in_role(theirs[c], role))
            if 2 * shared >= len(classes) and 2 * shared >= len(theirs) and shared > most:
                best, most = user, shared
        if best:
            tied[best] = [(file, line, cid, "enrollments", source)]
    return tied


def _check_rows_of_kept(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    previous: Path,
    staged: Path,
    changes: Mapping[str, Change],
    *,
    allow_incomplete: bool,
    before: Collection[tuple[str, str]] | None = frozenset(),
    unknown: str = "",
    said: Collection[tuple[str, str]] = frozenset(),
) -> None:
    """X882 (or X883 with --allow-incomplete) for a person tonight's set keeps by another row whom
    it removes from the classes a current row names by a key of theirs no row of the people
    export has (report.users_missed: a section naming by Teacher the teachers row of one school of
    a teacher PowerSchool lists once a school, tester55 F3): that row is lost, not the person.
    Told as `_tied` tells a person, among the last set's users tonight's set still holds, by their
    removed enrolments. A teacher who moves keeps her row (Status 2: the join finds it), or her
    sections get another teacher. The keys missed when the last set was made not known (`before`
    None: the first night after an upgrade, a set --previous names), a key of one then (an orphan
    row of every night) may tell of a person who dropped its classes: said, not refused (X861)."""
    change = changes.get("enrollments")
    if not report.users_missed or change is None or not change.removed:
        return
    if not (previous / "enrollments.csv").is_file() or not (staged / "users.csv").is_file():
        return
    # Keys not known missed then (X861) are said once: not those OUT's last run missed too (`said`).
    known = before if before is not None else said
    lost = _rows_lost(report, previous, staged, set(change.removed) - set(change.ended), known)
    if not lost:
        return
    people = _people(previous, set(lost))
    by_file: dict[str, list[str]] = {}
    for user in sorted(lost):
        export = sources.get(lost[user][0])
        by_file.setdefault(export.display if export is not None else lost[user][0], []).append(user)
    for file, users in sorted(by_file.items()):
        classes = sum(lost[user][2] for user in users)
        keys = ", ".join(lost[user][1] for user in users[:EXAMPLES])
        values = {
            "file": file,
            "count": len(users),
            "whom": _whom(users, people),
            "examples": _examples(users, {user: lost[user][3] for user in users}, people),
            "last": (
                f" by the row a current row names ({keys}), while another row of theirs keeps them in "
                f"tonight's set, which would remove them from {classes} class{'es' if classes != 1 else ''} "
                "of the last published set"
            ),
        }
        first = lost[users[0]][3][0]
        where = Where(file=first[0], line=first[1], table="users", record=users[0])
        if before is None:
            report.add(codes.code("users-rows-missing-unconfirmed"), where, unknown=unknown, **values)
        elif allow_incomplete:
            published = "--allow-incomplete: published without them in those classes"
            report.add(codes.code("users-rows-missing-allowed"), where, published=published, **values)
            flags_left_in.rows_let_through(report)
        else:
            stale, behind = _older_namer(file, [lost[user][3] for user in users], sources)
            report.add(codes.code("users-rows-missing"), where, stale=stale, behind=behind, **values)


def _rows_lost(
    report: Report, previous: Path, staged: Path, gone: set[str], before: Collection[tuple[str, str]]
) -> dict[str, tuple[str, str, int, list[tuple[str, int, str, str, str]]]]:
    """The users tonight's set enrols in the role by another row whose last-set enrolments in
    most of the classes of a key report.users_missed holds were removed (`gone`): user ->
    (export, key, classes, places)."""
    held: dict[str, dict[str, str]] = {}  # a user -> their removed last-set enrolments' classes and roles
    by_class: dict[str, set[str]] = {}
    for key, class_id, user, role in columns_of(
        previous / "enrollments.csv", "sourcedId", "classSourcedId", "userSourcedId", "role"
    ):
        if key in gone:
            held.setdefault(user, {})[class_id] = role
            by_class.setdefault(class_id, set()).add(user)
    # Held by another row: enrolled tonight through it (a key renumbered on every row joins no
    # row of the person tonight: X980's, an export changed, not a row lost).
    tonight: dict[str, set[str]] = {}
    if (staged / "enrollments.csv").is_file():
        for user, role in columns_of(staged / "enrollments.csv", "userSourcedId", "role"):
            if user in held:
                tonight.setdefault(user, set()).add(role)
    lost: dict[str, tuple[str, str, int, list[tuple[str, int, str, str, str]]]] = {}
    for (source, key), (classes, role, file, line, _, cid, _) in sorted(
        report.users_missed.items(), key=lambda item: (item[1][2], item[1][3])
    ):
        # A key missed when the last set was made too: none of its enrolments was of these rows.
        # A student has one row: a key no students row has (a new orphan schedule row, a student
        # pre-registered in the schedule before the students export lists her) is no second row of
        # a student kept, whoever drops its class tonight (review of stop 47).
        if (source, key) in before or role == "student":
            continue
        best, most = "", 0
        for user in sorted(set().union(*(by_class.get(c, set()) for c in classes)) - lost.keys()):
            if not any(_in_role(now, role) for now in tonight.get(user, ())):
                continue
            shared = sum(1 for c in classes if c in held[user] and _in_role(held[user][c], role))
            if 2 * shared >= len(classes) and shared > most:
                best, most = user, shared
        if best:
            lost[best] = (source, key, most, [(file, line, cid, "enrollments", source)])
    return lost


def _in_role(held: str, role: str) -> bool:
    """Whether a last-set enrolment's role is the one the rule writes (`role`), or, for a rule
    that reads it ("", a teacher's from the staff export), a staff one."""
    return held == role if role else held != "student"


def _check_classes(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    previous: Path,
    changes: Mapping[str, Change],
    rekeyed: Iterable[str],
    *,
    allow_incomplete: bool,
) -> None:
    """X888 (or X889 with --allow-incomplete) for the classes of the last published set that
    tonight's removes while current enrolment rows still name them and no row of the classes
    export has them (report.named_classes: V502, or D300 on a join of that export): a sections
    export cut short. A section deleted takes its roster rows with it; one of an ended term is
    ended, not removed; one left out on purpose (another term, a pattern) still has its row."""
    change = changes.get("classes")
    if not report.named_classes or change is None or not change.removed:
        return
    removed = set(change.removed) - set(change.ended) - set(rekeyed)
    absent = sorted(c for c in report.named_classes if c in removed)
    if not absent:
        return
    names = list(dict.fromkeys(r.source for r in plan.rules.get("classes", ()) if r.source in sources))
    sections = " or ".join(dict.fromkeys(sources[name].display for name in names)) or "the classes export"
    by_file: dict[str, list[str]] = {}
    for class_id in absent:  # a section dropped by its own join (its course row missing): the joined export's
        joined = report.classes_unjoined.get(class_id)
        file = sources[joined].display if joined is not None and joined in sources else (joined or sections)
        by_file.setdefault(file, []).append(class_id)
    for file, lost in sorted(by_file.items()):
        _say_classes(report, previous, file, lost, sections, allow_incomplete=allow_incomplete)


def _say_classes(
    report: Report, previous: Path, file: str, absent: list[str], sections: str, *, allow_incomplete: bool
) -> None:
    lost = set(absent)
    titles: dict[str, str] = {}
    if (previous / "classes.csv").is_file():
        rows = columns_of(previous / "classes.csv", "sourcedId", "title")
        titles = {key: title for key, title in rows if key in lost}
    enrolments = (
        sum(1 for (class_id,) in columns_of(previous / "enrollments.csv", "classSourcedId") if class_id in lost)
        if (previous / "enrollments.csv").is_file()
        else 0
    )
    shown = []
    for class_id in absent[:EXAMPLES]:
        title = titles.get(class_id, "")
        places = " and ".join(f"{f}:{n} ({cid})" for f, n, cid in report.named_classes[class_id][:2])
        joined = f", its {sections} row joining none of {file}," if class_id in report.classes_unjoined else ""
        shown.append(f"{class_id}{f' ({title})' if title else ''}{joined} named by {places}")
    more = len(absent) - EXAMPLES
    values = {
        "file": file,
        "count": len(absent),
        "classes": "class" if len(absent) == 1 else "classes",
        "examples": "; ".join(shown) + (f"; {more} more" if more > 0 else ""),
        "enrolments": f"{enrolments} enrolment{'s' if enrolments != 1 else ''}",
    }
    first = report.named_classes[absent[0]][0]
    where = Where(file=first[0], line=first[1], table="classes", record=absent[0])
    if allow_incomplete:
        report.add(codes.code("classes-rows-missing-allowed"), where, **values)
    else:
        report.add(codes.code("classes-rows-missing"), where, **values)


def _joined_listed(plan: Plan, sources: Mapping[str, SourceFile], users: set[str]) -> set[str]:
    """Those of `users` a cell of an export the users rules join holds (OneRoster 1.2's users.csv
    beside the roles the rules read): a person with a row, though no role, is not absent."""
    found: set[str] = set()
    done: set[str] = set()
    for rule in plan.rules.get("users", ()):
        if rule.guardian is not None or rule.once:
            continue
        for join in rule.joins.values():
            export = sources.get(join.source)
            if export is None or join.source in done or found >= users:
                continue
            done.add(join.source)
            for row in iter_rows(export, Report(max_examples=0), first_pass=False):
                found.update(cell.strip() for cell in row.cells if cell.strip() in users)
    return found


def _by_file(
    plan: Plan,
    sources: Mapping[str, SourceFile],
    absent: set[str],
    named: Mapping[str, list[tuple[str, int, str, str, str]]],
    people: dict[str, tuple[str, str]],
    *,
    first_set: bool,
) -> dict[str, list[str]]:
    """The absent users by the export that should hold their rows. A first set has no role of
    theirs: one only sections rows name is staff, of the staff export, and `people` says so
    (tester67 F8: 26 teachers said as 'Students.csv has no row for 26 people')."""
    by_file: dict[str, list[str]] = {}
    staff_only = staff_named(plan, sources) if first_set else frozenset()
    for user in sorted(absent):
        if first_set:
            student = not all(p[0] in staff_only for p in named[user])
            if not student:
                people[user] = ("staff", "")
        else:
            student = people.get(user, ("", ""))[0] == "student"
        by_file.setdefault(lacking(named[user], plan, sources, student=student), []).append(user)
    return by_file


def staff_named(plan: Plan, sources: Mapping[str, SourceFile]) -> frozenset[str]:
    """The exports (as displayed) whose enrolment rules all write a staff role (a sections export
    naming its teacher): a user only they name is staff."""
    roles: dict[str, set[bool]] = {}
    for rule in plan.rules.get("enrollments", ()):
        export = sources.get(rule.source)
        if export is not None:
            roles.setdefault(export.display, set()).add(_role_written(rule) in ("", "student"))
    return frozenset(file for file, students in roles.items() if students == {False})


def _role_written(rule: RulePlan) -> str:
    """The role an enrolment rule writes on every row (`role: teacher`); "" when it reads it."""
    column = next((c for c in rule.columns if c.name == "role"), None)
    if column is None:
        return ""
    return column.literal or ""


def lacking(
    places: list[tuple[str, int, str, str, str]], plan: Plan, sources: Mapping[str, SourceFile], *, student: bool
) -> str:
    """The export that should hold the user's row: the one a join found none in, else the
    exports the users rules read (a student's: those of the rules that may make students)."""
    joined = next((p[4] for p in places if p[4]), "")
    if joined:
        found = sources.get(joined)
        return found.display if found is not None else joined
    students = student_sources(plan, dict(sources))
    people = [r.source for r in plan.rules.get("users", ()) if r.guardian is None and not r.once]
    # A staff member's row is in the staff export, not "student.csv or staff.csv" (tester58 F4b).
    names = students if student else [name for name in people if name not in students]
    if not names:
        names = people
    files = list(dict.fromkeys(sources[name].display for name in names if name in sources))
    return " or ".join(files) or "the users export"


def _older_namer(
    file: str, places: list[list[tuple[str, int, str, str, str]]], sources: Mapping[str, SourceFile]
) -> tuple[str, str]:
    """What X882 says of the exports naming the people (`places`) beside the one lacking them
    (`file`): a copy of an earlier night's enrolments names a student who withdrew today, whom
    tonight's people export rightly lacks, and 'export users.csv again' changed nothing (tester65
    F3). ', unless the export naming them is the one behind: enrollments.csv (written ...), older...'
    when one was written before `file`; else a word that it may be, so both are named. And the
    exports written before `file` (for the summary's step), "" when none was."""
    by_display = {source.display: source for source in sources.values()}
    namers = list(dict.fromkeys(place[0] for rows in places for place in rows if place[0] != file))
    if not namers:
        return "", ""
    lacking = by_display.get(file)
    older, behind = [], []
    for name in namers:
        found = by_display.get(name)
        if lacking is not None and found is not None and (then := _written(found, lacking)) is not None:
            older.append(f"{name} (written {then[0]}, {file} {then[1]})")
            behind.append(name)
    if older:
        return (
            f", unless the export naming them is the one behind: {', '.join(older)}, older, may be an earlier "
            "night's copy naming people who left since; then export it again, not " + file
        ), " and ".join(behind)
    return (
        f" (or the export naming them, {' or '.join(namers)}, is an older copy than {file}: then export that again)",
        "",
    )


def _written(found: SourceFile, lacking: SourceFile) -> tuple[str, str] | None:
    """The times `found` and `lacking` were last written, when `found` was written an hour or more before."""
    try:
        then, now = found.path.stat().st_mtime, lacking.path.stat().st_mtime
    except OSError:
        return None
    if now - then < 3600:
        return None
    shown = [dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%d %H:%M UTC") for t in (then, now)]
    return shown[0], shown[1]


def _people(previous: Path | None, users: set[str]) -> dict[str, tuple[str, str]]:
    """The users of the last set among `users`: ID -> (role, name)."""
    if previous is None or not (previous / "users.csv").is_file():
        return {}
    held: dict[str, tuple[str, str]] = {}
    for values, key in records_of(previous / "users.csv"):
        if key in users:
            name = " ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n)
            held[key] = (values.get("role", ""), name)
    return held


def _parents(previous: Path | None, users: set[str]) -> int:
    """The parents and guardians of the last set all of whose students are among `users`: their
    removal follows."""
    if previous is None or not (previous / "users.csv").is_file():
        return 0
    count = 0
    for role, agents in columns_of(previous / "users.csv", "role", "agentSourcedIds"):
        linked = {a.strip() for a in agents.split(",") if a.strip()}
        if role in PARENT_ROLES and linked and linked <= users:
            count += 1
    return count


def _whom(users: list[str], people: Mapping[str, tuple[str, str]]) -> str:
    roles = {people.get(user, ("", ""))[0] for user in users}
    if roles == {"student"}:
        return "students" if len(users) != 1 else "student"
    if roles and roles <= PARENT_ROLES:
        return "parents/guardians" if len(users) != 1 else "parent/guardian"
    if roles == {"staff"}:  # a first set's, named by sections only (`staff_named`)
        return "staff members" if len(users) != 1 else "staff member"
    return "people" if len(users) != 1 else "person"


def _examples(
    users: list[str],
    named: Mapping[str, list[tuple[str, int, str, str, str]]],
    people: Mapping[str, tuple[str, str]],
    rekeyed: Mapping[str, str] | None = None,
) -> str:
    """'s0194 (Ava Lopez), named by roles.csv:400 (D300) and enrollments.csv:410 (V504); ...'; of
    one found under a new ID (people_gate) whose old ID is still named: '(Ava Lopez; a record
    like theirs is under x0194 tonight, not taken for them while this ID is named)'."""
    shown = []
    for user in users[:EXAMPLES]:
        name = people.get(user, ("", ""))[1]
        if rekeyed and user in rekeyed:
            under = f"a record like theirs is under {rekeyed[user]} tonight, not taken for them while this ID is named"
            name = f"{name}; {under}" if name else under
        places = " and ".join(f"{file}:{line} ({cid})" for file, line, cid, _, _ in named[user][:2])
        shown.append(f"{user}{f' ({name})' if name else ''}, named by {places}")
    more = len(users) - EXAMPLES
    return "; ".join(shown) + (f"; {more} more" if more > 0 else "")
