"""Who held each username of the last published set, kept in last.json for a night OUT is emptied.

A strict set gives a shared username to the user who held it in the last published set
(pipeline.usernames). That set is read from OUT, or the copy kept with --keep; a district whose
pick-up job takes the files every night (X973) has neither, and the holder was read from nothing:
a grandmother added with the family email, her ID sorting first, took the father's login at exit 0
(reviewer87 R1). last.json recorded only usernames already shared, so the night a second user first
had one found no record of who held it.

So last.json keeps (`KEY`) every username a user who is not a student holds, with its holder: one
6-byte BLAKE2b hash of the username (casefolded) and the holder's sourcedId each, in users.csv's
order, as one base64 text (8 characters a user; Python's `hash` differs between processes). A
username that is its user's own sourcedId is left out: that user keeps it whatever the record says.
So is a student's that is the export's login (the username column, not an email read into it):
the rule keeps it theirs without a record, and they are most of the set. A student's filled from
their email has no such claim: left out, a parent added with that email, their ID sorting first,
took it on a night OUT was emptied (reviewer98 R1). Where the profile reads one column into both
username and email (PowerSchool's Student_Web_ID) no student's is known for a login: each is
recorded (100,000 students: about 0.8 MB more in last.json). Tonight asks only of the few users sharing
one (`Held.holders`, one walk of the record); a hash matching by chance (about one in 10^9 a question at 200,000 users)
would call a user the holder who was not.

The record is read only on a night it decides a holder (OUT emptied, a username shared): one
hand-edited or damaged refuses that night (X930), its step removing the key, not moving last.json
aside (which loses the carry of orphans and the exports' tails, F452); on any other night, tonight's
set writes it again whole (reviewer98 R3). `CHECK`, its length and hash, finds a record cut by whole
hashes. A last.json written before the record existed has none: the first night after the upgrade
with OUT emptied, the rule alone decides (reviewer98 R4).
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transform.pipeline.compact import hex_hash

KEY = "usernames_held"
CHECK = "usernames_held_check"  # the record's length and hash
_BYTES = 6
# X930's step for a damaged record of usernames
_FIX = (
    "put back the value this tool wrote, or remove the key (with OUT emptied, a username two users "
    "share then goes by the rule, not by who held it)"
)


def _digest(folded: str, key: str) -> bytes:
    return hashlib.blake2b(f"{folded}\x00{key}".encode(), digest_size=_BYTES).digest()


def record(users: Path, is_login: Callable[[str, str], bool]) -> str:
    """`KEY`'s value for the set whose users.csv is `users`: '' when it has no such user.
    `is_login(username, key)`: whether a student's username is the export's login (Usernames)."""
    held = bytearray()
    with users.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, [])
        if not {"sourcedId", "username", "role"} <= set(header):
            return ""
        at_id, at_name, at_role = header.index("sourcedId"), header.index("username"), header.index("role")
        last = max(at_id, at_name, at_role)
        for cells in rows:
            if len(cells) <= last:
                continue
            key, username = cells[at_id], cells[at_name]
            if username and username != key and not (cells[at_role] == "student" and is_login(username, key)):
                held += _digest(username.casefold(), key)
    return base64.b64encode(held).decode("ascii")


def damage(state: Mapping[str, Any]) -> str:
    """Why `KEY` of a last.json cannot be read; '' when it can (or is not there). Read past, the
    holders were lost without a word and the rule gave a login to another user (reviewer87 R3)."""
    if KEY not in state:
        return ""
    value = state[KEY]
    if not isinstance(value, str):
        return f"{KEY!r} is a JSON {type(value).__name__}, not the text of hashes this tool writes: {_FIX}"
    try:
        held = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return f"{KEY!r} is not base64 text: {_FIX}"
    if len(held) % _BYTES:
        return f"{KEY!r} holds {len(held)} bytes, not a whole number of {_BYTES}-byte hashes: {_FIX}"
    check = state.get(CHECK)
    if check is not None and check != _check(value):  # absent: a record written before it was
        return f"{KEY!r} is not the record {CHECK!r} was written for (cut by whole hashes, or edited): {_FIX}"
    return ""


def entries(held: str) -> dict[str, str]:
    """last.json's keys for the record `held`: it, and a check of it, which finds a record cut by whole
    hashes (whole users), which base64 and the hashes' length alone cannot (reviewer98 R3)."""
    return {KEY: held, CHECK: _check(held)}


def _check(held: str) -> str:
    return f"{len(held)}:{hex_hash(held.encode('ascii'))}"


def step(state: Mapping[str, Any], path: Path) -> str:
    """X930's step for a damaged record: removing its key, not moving last.json aside, which drops the
    carry of orphans and the exports' tails with it (F452, reviewer98 R3)."""
    keys = " and ".join(
        repr(key) for key, bad in ((KEY, damage(state)), ("username_holders", shared_damage(state))) if bad
    )
    return (
        f"remove {keys} from {path} (or put back the value this tool wrote): a username two users then "
        "share goes by the rule, not by who held it"
    )


@dataclass(frozen=True, slots=True)
class Held:
    """What last.json recorded of the last set's usernames: the hashes of `KEY`, and the holders of
    shared usernames the rule alone would not have picked (`username_holders`, written before `KEY`
    was: read on the night after an upgrade)."""

    hashes: bytes = b""
    shared: Mapping[str, str] | None = None

    def holders(self, groups: Mapping[str, Collection[str]]) -> dict[str, frozenset[str]]:
        """Of each username's (casefolded) `groups` of users, those who held it in the last set. The
        wanted hashes are made first and the record walked once: a search of the whole record a user
        took 75 s a night at 100,000 parents of whom 30,000 share one (reviewer98 R2)."""
        wanted = {_digest(folded, key): (folded, key) for folded, keys in groups.items() for key in keys}
        found: dict[str, set[str]] = {folded: set() for folded in groups}
        for folded, keys in groups.items():
            named = (self.shared or {}).get(folded)
            found[folded].update(k for k in keys if k == named)
        if wanted:
            for at in range(0, len(self.hashes) - _BYTES + 1, _BYTES):
                if (hit := wanted.get(self.hashes[at : at + _BYTES])) is not None:
                    found[hit[0]].add(hit[1])
        return {folded: frozenset(keys) for folded, keys in found.items()}


def read(state: Mapping[str, Any]) -> Held:
    """`Held` from a last.json's data; empty where it recorded nothing (a first night) or cannot be
    read (the gate refuses that, X930: `damage`, `shared_damage`)."""
    value = state.get(KEY)
    hashes = b""
    if isinstance(value, str) and not damage(state):
        hashes = base64.b64decode(value)
    shared = state.get("username_holders")
    if not isinstance(shared, dict) or shared_damage(state):
        shared = {}
    return Held(hashes, {str(f).casefold(): key for f, key in shared.items()})


def shared_damage(state: Mapping[str, Any]) -> str:
    """Why `username_holders` (shared username -> the holder kept) cannot be read; '' when it can."""
    if "username_holders" not in state:
        return ""
    value = state["username_holders"]
    if not isinstance(value, dict):
        return f"'username_holders' is a JSON {type(value).__name__}, not a table of usernames and users: {_FIX}"
    for username, key in value.items():
        if not (isinstance(key, str) and key):
            return f"'username_holders' gives username {username!r} {key!r}, not a user's sourcedId: {_FIX}"
    return ""
