"""Sets and maps of IDs as their 64-bit hashes: 8 or 16 bytes a slot instead of a set's or a
dict's table plus the string.

The largest district writes about 8M enrolments; remembering each sourcedId (to find
duplicates) and each row's fingerprint (to compare with the last published set) in dicts of
strings would take gigabytes. Here an ID is its 64-bit hash in an open-addressing table of two
arrays. Two IDs with the same 64-bit hash would be taken for one: at 8M IDs the chance is
about 1 in 500 billion per run.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, SupportsIndex

_EMPTY = 0
_MAX_LOAD = 0.6


def short_hash(text: str) -> int:
    """A 32-bit hash of `text` that every process computes alike (CRC-32), for the few bits of a
    value held in a packed word (a name, an email): Python's hash() is salted per process, so which
    two values of so few bits collide, and what a gate then counts, would change from run to run."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def stable_hash(text: str) -> int:
    """A signed 64-bit hash of `text` that every process computes alike (BLAKE2b), for IDs kept in the
    state folder from one night to the next (Python's hash() is salted per process)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") - (1 << 63)


def hex_hash(data: bytes) -> str:
    """16 hex digits of BLAKE2b over `data` that every process computes alike, for values the state
    folder keeps as text (an export line's, a former student's email, a record's check); the caller
    encodes its text as it always has, so each value kept reads the same."""
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def id_hash(key: str) -> int:
    """A nonzero signed 64-bit hash (0 marks an empty slot): Python's own hash of a string is
    one already (sys.hash_info.width; it is never -1), so only 0 is moved."""
    return hash(key) or 1


class CompactMap:
    """hash(ID) -> a non-negative int payload (validate's: line << 36 | fingerprint).

    Layout: two arrays of signed 64-bit ints of one size (any size, see `_table_size`); a key's
    slot is its hash modulo the size, the next free one on a collision (linear probing).
    `_keys` holds the hash (0: an empty slot), `_values` the payload. `pop_hash` takes a key out
    by writing `_TOMBSTONE` as its value (the slot stays taken, so later keys are still found
    past it); adding that key again reuses the slot. Past 60 % full the table grows (`_grown`)."""

    def __init__(self, capacity: int = 1 << 10) -> None:
        """`capacity`: how many keys the map holds before it grows (the smallest table that does)."""
        size = _table_size(capacity)
        self._keys = _zeros(size)
        self._values = _zeros(size)
        self._size = size
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def setdefault(self, key: str, value: int) -> int | None:
        """Store value for key unless the key is there: then return what it holds."""
        return self.setdefault_hash(id_hash(key), value)

    def setdefault_hash(self, h: int, value: int) -> int | None:
        keys, size = self._keys, self._size
        i = h % size
        while True:
            slot = keys[i]
            if slot == _EMPTY:
                keys[i] = h
                self._values[i] = value
                self._count += 1
                if self._count > _MAX_LOAD * size:
                    self._grow()
                return None
            if slot == h:
                if self._values[i] == _TOMBSTONE:  # taken out earlier: back in
                    self._values[i] = value
                    self._count += 1
                    return None
                return self._values[i]
            i = i + 1 if i + 1 < size else 0

    def add_hash(self, h: int, amount: int) -> int:
        """Add to the key's value (a new key starts from 0); the sum. One probe (an enrolment's
        class count, a guardian's children: a new key is as common as a known one)."""
        keys, size = self._keys, self._size
        i = h % size
        while True:
            slot = keys[i]
            if slot == h:
                value = self._values[i]
                if value == _TOMBSTONE:  # taken out earlier: back in
                    self._values[i] = amount
                    self._count += 1
                    return amount
                self._values[i] = value + amount
                return value + amount
            if slot == _EMPTY:
                keys[i] = h
                self._values[i] = amount
                self._count += 1
                if self._count > _MAX_LOAD * size:
                    self._grow()
                return amount
            i = i + 1 if i + 1 < size else 0

    def replace_hash(self, h: int, value: int) -> None:
        """Give a key in the map another value (KeyError when it is not in the map)."""
        i = self._slot(h)
        if i < 0:
            raise KeyError(h)
        self._values[i] = value

    def get_hash(self, h: int) -> int | None:
        i = self._slot(h)
        return None if i < 0 else self._values[i]

    def pop_hash(self, h: int) -> int | None:
        """Take a key out, returning its value (tombstoned: the slot stays taken)."""
        i = self._slot(h)
        if i < 0:
            return None
        value = self._values[i]
        self._values[i] = _TOMBSTONE
        self._count -= 1
        return value

    def _slot(self, h: int) -> int:
        """Where the key is, or -1 when it is not in the map (or was taken out)."""
        keys, size = self._keys, self._size
        i = h % size
        while True:
            slot = keys[i]
            if slot == _EMPTY:
                return -1
            if slot == h:
                return -1 if self._values[i] == _TOMBSTONE else i
            i = i + 1 if i + 1 < size else 0

    def items(self) -> Iterator[tuple[int, int]]:
        """(hash, value) of every key still in the map."""
        for slot, value in zip(self._keys, self._values, strict=True):
            if slot != _EMPTY and value != _TOMBSTONE:
                yield slot, value

    def values(self) -> Iterator[int]:
        return (value for _, value in self.items())

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return _restored_map, (_buffer(self._keys, protocol), _buffer(self._values, protocol), self._count)

    def _grow(self) -> None:
        old_keys, old_values = self._keys, self._values
        size = _grown(self._size)
        self._keys = _zeros(size)
        self._values = _zeros(size)
        self._size = size
        self._count = 0
        for slot, value in zip(old_keys, old_values, strict=True):
            if slot != _EMPTY and value != _TOMBSTONE:
                self.setdefault_hash(slot, value)


_TOMBSTONE = -(1 << 63)  # a value no caller stores: payloads are non-negative


class Ids(Protocol):
    """A table's kept IDs, however they are held (a set, an IdSet)."""

    def __contains__(self, key: object, /) -> bool: ...

    def __len__(self) -> int: ...

    def add(self, key: str, /) -> None: ...

    def discard(self, key: str, /) -> None: ...


def _zeros(size: int) -> array[int]:
    # Not array("q", bytes(8 * size)): that holds the bytes and the array at once (at eight
    # million enrolments, 70 MB more for a moment, the peak of a run in one process).
    return array("q", [_EMPTY]) * size


def _table_size(capacity: int) -> int:
    """The smallest table that holds `capacity` keys within the load limit. Any size, not a power
    of two: the memory follows the count instead of doubling at a threshold (a district a few
    users past 2.5M would have held two tables twice as large)."""
    return max(16, math.ceil(max(capacity, 1) / _MAX_LOAD) + 1)


def _grown(size: int) -> int:
    # Small tables grow fourfold (fewer rounds of moving every key), large ones twofold (memory).
    return size * (4 if size < 1 << 18 else 2)


class IdSet:
    """A set of IDs, each held as its 64-bit hash: what the users stage keeps (two million
    at the largest district) in 8 bytes a slot. `in` runs in Python, a few times slower than a
    set's; the set cannot be listed (it holds no strings)."""

    __slots__ = ("_count", "_keys", "_size")

    def __init__(self, capacity: int = 1 << 10) -> None:
        size = _table_size(capacity)
        self._keys = _zeros(size)
        self._size = size
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        h = id_hash(key)
        return self._keys[self._slot(h)] == h

    def add(self, key: str) -> None:
        # `_slot` inlined: a set is added to for every user and every kept student.
        h = id_hash(key)
        keys, size = self._keys, self._size
        i = h % size
        slot = keys[i]
        while slot != h:
            if slot == _EMPTY:
                keys[i] = h
                self._count += 1
                if self._count > _MAX_LOAD * size:
                    self._grow()
                return
            i = i + 1 if i + 1 < size else 0
            slot = keys[i]

    def discard(self, key: str) -> None:
        """Take an ID out (rare: a user ID two people share). Its slot becomes a tombstone, which
        lookups probe past and `add` does not reuse; growing drops the tombstones."""
        h = id_hash(key)
        i = self._slot(h)
        if self._keys[i] == h:
            self._keys[i] = _TOMBSTONE
            self._count -= 1

    def _slot(self, h: int) -> int:
        """Where the hash is, or the empty slot where it would go (open addressing, linear probing)."""
        keys, size = self._keys, self._size
        i = h % size
        while keys[i] != h and keys[i] != _EMPTY:
            i = i + 1 if i + 1 < size else 0
        return i

    def _grow(self) -> None:
        old = self._keys
        size = _grown(self._size)
        self._keys, self._size = _zeros(size), size
        for h in old:
            if h not in (_EMPTY, _TOMBSTONE):
                self._keys[self._slot(h)] = h

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return _restored, (_buffer(self._keys, protocol), self._count)


def _buffer(table: array[int], protocol: SupportsIndex) -> pickle.PickleBuffer | bytes:
    # Pickled into a file with protocol 5, a table is written as it is, not copied first.
    return pickle.PickleBuffer(table) if int(protocol) >= 5 else table.tobytes()


def _table(data: bytes | bytearray) -> array[int]:
    table = array("q")
    table.frombytes(data)
    return table


def _restored(keys: bytes | bytearray, count: int) -> IdSet:
    ids = IdSet.__new__(IdSet)
    ids._keys, ids._count = _table(keys), count
    ids._size = len(ids._keys)
    return ids


def _restored_map(keys: bytes | bytearray, values: bytes | bytearray, count: int) -> CompactMap:
    found = CompactMap.__new__(CompactMap)
    found._keys, found._values, found._count = _table(keys), _table(values), count
    found._size = len(found._keys)
    return found


class Tally:
    """How many times each ID was counted, held as hashes; an ID's string is kept only once it
    is counted more than `named_above` times (the few a report names)."""

    def __init__(self, named_above: int) -> None:
        self.counts = CompactMap()
        self.named: dict[int, str] = {}
        self.named_above = named_above

    def reserve(self, keys: int) -> None:
        """Make room for about this many IDs up front (growing holds two tables at once)."""
        if not self.counts:
            self.counts = CompactMap(capacity=keys)

    def add(self, key: str) -> None:
        h = id_hash(key)
        if self.counts.add_hash(h, 1) == self.named_above + 1:
            self.named[h] = key

    def add_many(self, key: str, count: int) -> None:
        """`add` the key `count` times."""
        h = id_hash(key)
        total = self.counts.add_hash(h, count)
        if total > self.named_above >= total - count:
            self.named[h] = key

    def get(self, key: str) -> int:
        return self.counts.get_hash(id_hash(key)) or 0

    def values(self) -> Iterator[int]:
        return self.counts.values()

    def merge(self, other: Tally) -> None:
        """Add another tally's counts (a worker process's) to these."""
        if not self.counts:
            self.counts = other.counts
        else:
            for h, count in other.counts.items():
                self.counts.add_hash(h, count)
        self.named.update(other.named)

    def above(self, counted: Callable[[], Iterable[str]]) -> list[tuple[str, int]]:
        """(ID, count) of every ID counted more than `named_above` times. An ID that passed only
        when two tallies were merged has no string yet: `counted` lists the IDs again to find it."""
        over = {h: count for h, count in self.counts.items() if count > self.named_above}
        unnamed = over.keys() - self.named.keys()
        self.named.update(named(unnamed, counted) if unnamed else {})
        return [(self.named[h], count) for h, count in over.items() if h in self.named]


def named(hashes: Iterable[int], keys: Callable[[], Iterable[str]]) -> dict[int, str]:
    """The ID behind each of these hashes: the first of `keys` (the IDs read again, from a
    written file) that has it. Reading stops once every hash is named."""
    wanted, found = set(hashes), dict[int, str]()
    for key in keys() if wanted else ():
        h = id_hash(key)
        if h in wanted and h not in found:
            found[h] = key
            if len(found) == len(wanted):
                break
    return found
