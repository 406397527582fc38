"""A set of IDs with one 64-bit payload each, in 16 bytes a slot instead of a dict's ~120.

The largest district writes about 8M enrolments; remembering each sourcedId (to find
duplicates) and each row's fingerprint (to compare with the last published set) in dicts of
strings would take gigabytes. Here an ID is its 64-bit hash in an open-addressing table of two
arrays. Two IDs with the same 64-bit hash would be taken for one: at 8M IDs the chance is
about 1 in 500 billion per run.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

_EMPTY = 0
_MASK64 = (1 << 64) - 1
_MAX_LOAD = 0.6


def id_hash(key: str) -> int:
    """A nonzero signed 64-bit hash (0 marks an empty slot)."""
    h = hash(key) & _MASK64
    h = h - (1 << 64) if h >= 1 << 63 else h
    return h or 1


class CompactMap:
    """hash(ID) -> an int payload (e.g. line << 40 | fingerprint). Insert-only."""

    def __init__(self, capacity: int = 1 << 10) -> None:
        size = 1 << max(4, (max(capacity, 1) * 2 - 1).bit_length())
        self._keys = array("q", bytes(8 * size))
        self._values = array("q", bytes(8 * size))
        self._mask = size - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def setdefault(self, key: str, value: int) -> int | None:
        """Store value for key unless the key is there: then return what it holds."""
        return self.setdefault_hash(id_hash(key), value)

    def setdefault_hash(self, h: int, value: int) -> int | None:
        keys, mask = self._keys, self._mask
        i = h & mask
        while True:
            slot = keys[i]
            if slot == _EMPTY:
                keys[i] = h
                self._values[i] = value
                self._count += 1
                if self._count > _MAX_LOAD * (mask + 1):
                    self._grow()
                return None
            if slot == h:
                if self._values[i] == _TOMBSTONE:  # taken out earlier: back in
                    self._values[i] = value
                    self._count += 1
                    return None
                return self._values[i]
            i = (i + 1) & mask

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
        keys, mask = self._keys, self._mask
        i = h & mask
        while True:
            slot = keys[i]
            if slot == _EMPTY:
                return -1
            if slot == h:
                return -1 if self._values[i] == _TOMBSTONE else i
            i = (i + 1) & mask

    def items(self) -> Iterator[tuple[int, int]]:
        """(hash, value) of every key still in the map."""
        for slot, value in zip(self._keys, self._values, strict=True):
            if slot != _EMPTY and value != _TOMBSTONE:
                yield slot, value

    def _grow(self) -> None:
        old_keys, old_values = self._keys, self._values
        # Small maps grow fourfold (fewer rounds of moving every key), large ones twofold (memory).
        size = (self._mask + 1) * (4 if self._mask < 1 << 18 else 2)
        self._keys = array("q", bytes(8 * size))
        self._values = array("q", bytes(8 * size))
        self._mask = size - 1
        self._count = 0
        for slot, value in zip(old_keys, old_values, strict=True):
            if slot != _EMPTY and value != _TOMBSTONE:
                self.setdefault_hash(slot, value)


_TOMBSTONE = -(1 << 63)  # a value no caller stores: payloads are non-negative
