"""The strict target's usernames, each one user's (tester68 F5, reviewer71 R1).

OneRoster 1.1 does not say usernames are unique, but the consumers a strict set is for key
accounts on it (Canvas's login_id, Moodle's username): two parents given one family email as
their username are one account there, or the second is refused. A username is the export's,
else the email, else the sourcedId (README). Where users share one (compared by case, as the
consumers do), one keeps it and each other gets the next choice that is theirs: their own email
where it is another address no user has, else their sourcedId.

Who keeps it is never tonight's row order (a SIS sorting its link export otherwise swapped two
parents' logins at exit 0, reviewer71 R1): the user who held it in the last published set, else
the user whose own sourcedId it is or whose SIS login it is (the export's username column, not
an email filled in), else the least sourcedId in plain text order. The last set is read from OUT (or its copy),
else from what last.json recorded of who held each username (pipeline.usernames_held): a pick-up
job empties OUT every night in some districts.

The validator notes each kept user's username as its hash with where it was read (`Usernames`,
about 27 bytes a user); once users.csv is written and sorted, `make_unique` reads the rows of the
few shared usernames, and the last set's rows of them, and rewrites only those lines.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where, Who
from transform.report.report import Report

from . import set_files, usernames_held
from .compact import CompactMap, id_hash
from .rows import who_of
from .write import CsvRows

# A users draft's extra, set by the validator: the record had no username and was given one from
# its other columns by the target (the email, else the sourcedId), so it is not the export's login.
USERNAME_FILLED = "username filled"

_LOGIN = 1 << 16  # packed: line << 17 | login << 16 | the number of its `Cell`
_LINE_SHIFT = 17


# Where usernames were read, but the line: the export, the rule, its `each` group (a guardian's;
# else "") and the record's column the username is (username, email or sourcedId). A plain tuple:
# one is made for every user.
Cell = tuple[str, str, str, str]


# Where a username was read, from the place kept (file, line) and the user's sourcedId: the
# validator's naming of a cell (`Validator.username_where`), called for the few users who share one.
WhereOf = Callable[[Cell, int, str], Where]


class Usernames:
    """The usernames of the kept users, by hash, with where the first to have each read it; of
    those two users have, where each later one read it. About 27 bytes a user: a Where each, made
    for every user, cost the users stage 5 % of its time."""

    def __init__(self, where_of: WhereOf) -> None:
        self._where_of = where_of
        self._first = CompactMap()  # hash of the username, casefolded -> the first user's packed place
        self._cells: dict[Cell, int] = {}  # Cell -> its number; few
        self.shared: dict[str, int] = {}  # username casefolded -> the first user's packed place
        self._later: dict[tuple[str, int], int] = {}  # (username casefolded, hash of sourcedId) -> place

    def note(self, username: str, key: str, cell: Cell, line: int, *, login: bool) -> None:
        """A kept user `key` has `username`, read at `line` of `cell`; `login`: the export's own."""
        if not username:
            return
        number = self._cells.setdefault(cell, len(self._cells))
        packed = line << _LINE_SHIFT | (_LOGIN if login else 0) | number
        folded = username.casefold()
        first = self._first.setdefault_hash(id_hash(folded), packed)
        if first is not None:
            self.shared.setdefault(folded, first)
            self._later[folded, id_hash(key)] = packed

    def taken(self, value: str) -> bool:
        """Whether a kept user has `value` as their username."""
        return self._first.get_hash(id_hash(value.casefold())) is not None

    def login(self, folded: str, key: str) -> bool:
        """Whether user `key`'s shared username `folded` is the export's login."""
        return bool(self._packed(folded, key) & _LOGIN)

    def is_login(self, username: str, key: str) -> bool:
        """Whether `username`, user `key`'s in the set as written, is the export's login: not one
        filled from the email or given them in place of a shared one (usernames_held records those)."""
        folded = username.casefold()
        packed = self._later.get((folded, id_hash(key)))
        if packed is None:  # the first (or only) user of it; a username given them is none's
            packed = self._first.get_hash(id_hash(folded))
        return packed is not None and bool(packed & _LOGIN)

    def where(self, folded: str, key: str) -> Where:
        """Where user `key` read the shared username `folded`."""
        packed = self._packed(folded, key)
        cell = next(c for c, n in self._cells.items() if n == packed & (_LOGIN - 1))
        return self._where_of(cell, packed >> _LINE_SHIFT, key)

    def _packed(self, folded: str, key: str) -> int:
        """User `key`'s packed place (the first user's when `key` came later to none)."""
        return self._later.get((folded, id_hash(key)), self.shared[folded])


@dataclass(frozen=True, slots=True)
class _Sharer:
    """A user of users.csv whose username another user has too."""

    key: str
    username: str
    email: str
    line: int
    who: Who


def make_unique(
    folder: Path,
    usernames: Usernames | None,
    report: Report,
    *,
    last: Path | None,
    recorded: Callable[[], usernames_held.Held] | None = None,
) -> bool:
    """Give every user of a shared username but one the next choice that is theirs, said D389
    (D388 where it was the export's own login); True when users.csv was rewritten. `last`: the
    last published set's folder, whose holders keep theirs; without its users.csv (OUT emptied by
    a pick-up job, no copy kept), the holders last.json recorded (`recorded_holders`): read from
    nothing, two parents' logins swapped at exit 0 (reviewer82 R2, reviewer87 R1). Those the last
    set decided are kept for the state (Report.username_holders). None: not a strict set."""
    users = folder / "users.csv"
    if usernames is None or not usernames.shared or not users.is_file():
        return False
    groups = {f: g for f, g in _sharers(users, usernames.shared.keys()).items() if len(g) > 1}
    if not groups:
        return False
    held = _holders(last / "users.csv", groups.keys()) if last is not None else {}
    if not (last is not None and (last / "users.csv").is_file()) and recorded is not None:
        held = recorded().holders({f: {s.key for s in g} for f, g in groups.items()})
    given: dict[str, str] = {}
    chosen: set[str] = set()
    for folded in sorted(groups):
        sharers = sorted(groups[folded], key=lambda s: s.key)
        before = held.get(folded, frozenset())
        holder = min(sharers, key=lambda s: _claim(s, before, usernames.login(folded, s.key)))
        if holder is not min(sharers, key=lambda s: _claim(s, (), usernames.login(folded, s.key))):
            report.username_holders[folded] = holder.key  # the rule alone would pick another
        had = [s.key for s in sharers if s.key in before]
        why = _why(holder, had, usernames.login(folded, holder.key), len(sharers))
        for sharer in sharers:
            if sharer is holder:
                continue
            new = _next_choice(sharer, folded, usernames, chosen)
            where = replace(usernames.where(folded, sharer.key), who=sharer.who)
            if not new:  # nothing of theirs is free: the shared username stays, said (reviewer86 R0)
                code = codes.code("username-left-shared")
                report.add(code, where, id=sharer.key, value=sharer.username, holder=holder.key, why=why)
                continue
            chosen.add(new.casefold())
            given[sharer.key] = new
            _say(report, sharer, where, usernames.login(folded, sharer.key), holder=holder.key, why=why, new=new)
    _rewrite(users, given)
    return True


def _claim(sharer: _Sharer, before: Collection[str], login: bool) -> tuple[bool, bool, bool, str]:
    """The order in which users claim a shared username: the lowest keeps it."""
    own = sharer.username == sharer.key
    return (not own, sharer.key not in before, not login, sharer.key)


def _why(holder: _Sharer, before: list[str], login: bool, count: int) -> str:
    """Why `holder` keeps the username; `before`: the sharers who had it in the last set."""
    if holder.username == holder.key:
        return "their own sourcedId"
    if len(before) > 1:  # a set made before usernames were one user's (the upgrade night)
        return f"the least sourcedId of the {len(before)} users who had it in the last published set"
    if before:
        return "theirs in the last published set"
    if login:
        return "the login the export gives them"
    return f"the least sourcedId of the {count} users who have it"


def _next_choice(sharer: _Sharer, folded: str, usernames: Usernames, chosen: set[str]) -> str:
    """The user's own email where it is another address no user has, else the sourcedId where no
    user has it as their username ('1042', a student's login, for an aide of ID 1042 sharing an
    office email: published twice, reviewer82 R1), else "" (none)."""
    email = sharer.email
    own = email.casefold()
    if email and own != folded and own not in chosen and not usernames.taken(email):
        return email
    key = sharer.key.casefold()
    return sharer.key if key != folded and key not in chosen and not usernames.taken(sharer.key) else ""


def _say(report: Report, sharer: _Sharer, where: Where, login: bool, *, holder: str, why: str, new: str) -> None:
    code = codes.code("username-login-shared" if login else "username-shared-given-other")
    report.add(
        code,
        where,
        id=sharer.key,
        value=sharer.username,
        holder=holder,
        why=why,
        given=new,
        # their own email is theirs to hide (--redact); a sourcedId is said as IDs are (reviewer82 R4)
        given_redacted=new if new == sharer.key else "<redacted>",
    )


def _rows(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, the line as written, its cells) of each record of a written set's file (one line
    a record: the writer removes line breaks from cells)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        next(handle, "")
        for line, text in enumerate(handle, start=2):
            cells = set_files.cells(text)
            yield line, text, cells


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader([next(handle, "")]), [])


def _sharers(users: Path, shared: Collection[str]) -> dict[str, list[_Sharer]]:
    """The users of users.csv whose username is one of `shared`, by the username casefolded."""
    header = _header(users)
    if not {"sourcedId", "username"} <= set(header):
        return {}
    at_id, at_name = header.index("sourcedId"), header.index("username")
    at_email = header.index("email") if "email" in header else None
    found: dict[str, list[_Sharer]] = {}
    for line, _, cells in _rows(users):
        if len(cells) <= at_name or (folded := cells[at_name].casefold()) not in shared:
            continue
        values = dict(zip(header, cells, strict=False))
        email = cells[at_email] if at_email is not None and at_email < len(cells) else ""
        who = who_of("users", values.get)
        found.setdefault(folded, []).append(_Sharer(cells[at_id], cells[at_name], email, line, who))
    return found


def _holders(last_users: Path, wanted: Collection[str]) -> dict[str, frozenset[str]]:
    """Of the `wanted` usernames (casefolded), the users the last published set gave each."""
    if not last_users.is_file():
        return {}
    header = _header(last_users)
    if not {"sourcedId", "username"} <= set(header):
        return {}
    at_id, at_name = header.index("sourcedId"), header.index("username")
    held: dict[str, set[str]] = {}
    for _, _, cells in _rows(last_users):
        if len(cells) > max(at_id, at_name) and (folded := cells[at_name].casefold()) in wanted:
            held.setdefault(folded, set()).add(cells[at_id])
    return {folded: frozenset(keys) for folded, keys in held.items()}


def recorded_holders(state: Path | None) -> usernames_held.Held:
    """Who held each username of the last set, as last.json (in the `state` folder) recorded it
    (pipeline.usernames_held); nothing when there is none. Read only on a night it decides a holder
    (OUT emptied, a username shared): a damaged record refuses that night (X930), its step removing
    the key; on any other night tonight's set writes it again whole (reviewer98 R3)."""
    path = state / "last.json" if state is not None else None
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
    except (OSError, UnicodeDecodeError, ValueError):
        return usernames_held.Held()
    if not isinstance(data, dict):
        return usernames_held.Held()
    if path is not None and (detail := usernames_held.damage(data) or usernames_held.shared_damage(data)):
        step = usernames_held.step(data, path)  # X930's fix is the key's own step, not moving the file aside
        params = {"file": path, "detail": detail, "step": step, "fix": step}
        raise TransformAbort([Problem(codes.code("state-damaged"), Where(file=str(path)), params)])
    return usernames_held.read(data)


def _rewrite(users: Path, given: dict[str, str]) -> None:
    """users.csv with the `given` usernames, its other lines kept byte for byte."""
    header = _header(users)
    at_id, at_name = header.index("sourcedId"), header.index("username")
    partial = users.with_name(f".{users.name}.partial")
    with users.open(encoding="utf-8", newline="") as source, partial.open("w", encoding="utf-8", newline="") as out:
        out.write(next(source, ""))
        writer = CsvRows(out)
        for text in source:
            cells = set_files.cells(text)
            new = given.get(cells[at_id]) if len(cells) > at_name else None
            if new is None:
                out.write(text)
                continue
            cells[at_name] = new
            writer.writerow(cells)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(users)
