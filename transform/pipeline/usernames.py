"""The strict target's usernames, each one user's (tester68 F5).

OneRoster 1.1 does not say usernames are unique, but the consumers a strict set is for key
accounts on it (Canvas's login_id, Moodle's username): two parents given one family email as
their username are one account there, or the second is refused. A username is the export's,
else the email, else the sourcedId (README); one another user of the set has already (by case,
as consumers compare them) is not used: the user gets the next of that order that is theirs.
Only usernames that are addresses are held (an email filled in, a login written as one): a
sourcedId is unique already, and the hashes of two million addresses are 16 bytes each.
"""

from __future__ import annotations

from array import array

from .compact import CompactMap, id_hash


class Usernames:
    """The usernames given so far, by hash, with who had each first."""

    def __init__(self) -> None:
        self._first = CompactMap()  # hash of the username, casefolded -> position in _holders
        self._holders = array("q")  # hashes of the sourcedIds of the first holders, in order

    def held_by_another(self, username: str, holder: int) -> int | None:
        """The hash of the sourcedId of the user who had `username` first, when that is not
        `holder` (the hash of this user's); else None, and `holder` has it from now on."""
        first = self._first.setdefault_hash(id_hash(username.casefold()), len(self._holders))
        if first is None:
            self._holders.append(holder)
            return None
        theirs = self._holders[first]
        return None if theirs == holder else theirs

    def free(self, username: str) -> bool:
        """Whether no user has `username` yet."""
        return self._first.get_hash(id_hash(username.casefold())) is None
