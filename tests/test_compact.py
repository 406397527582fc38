"""The compact ID map against a dict, on whatever keys hypothesis finds."""

from __future__ import annotations

import pickle
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transform.pipeline.compact import CompactMap, IdSet, Tally, id_hash


@given(st.lists(st.tuples(st.text(max_size=8), st.integers(min_value=0, max_value=2**62)), max_size=300))
def test_compact_map_behaves_like_a_dict(pairs: list[tuple[str, int]]) -> None:
    compact, reference = CompactMap(capacity=4), dict[str, int]()
    for key, value in pairs:
        assert compact.setdefault(key, value) == reference.get(key)
        reference.setdefault(key, value)
    assert len(compact) == len(reference)
    assert sorted(v for _, v in compact.items()) == sorted(reference.values())
    for key in list(reference)[::2]:
        assert compact.pop_hash(id_hash(key)) == reference.pop(key)
        assert compact.pop_hash(id_hash(key)) is None
    assert len(compact) == len(reference)
    assert sorted(v for _, v in compact.items()) == sorted(reference.values())


@given(st.lists(st.tuples(st.sampled_from("abcdefgh"), st.integers(min_value=0, max_value=50)), max_size=200))
def test_compact_map_sums_like_a_counter(pairs: list[tuple[str, int]]) -> None:
    compact, reference = CompactMap(capacity=2), dict[str, int]()
    for key, amount in pairs:
        reference[key] = reference.get(key, 0) + amount
        assert compact.add_hash(id_hash(key), amount) == reference[key]
    assert sorted(v for _, v in compact.items()) == sorted(reference.values())
    again = pickle.loads(pickle.dumps(compact, protocol=5))
    assert sorted(again.items()) == sorted(compact.items()) and len(again) == len(compact)


@given(st.lists(st.tuples(st.text(max_size=4), st.integers(min_value=0, max_value=2**62)), max_size=200))
def test_compact_map_replaces_a_value_like_a_dict(pairs: list[tuple[str, int]]) -> None:
    compact, reference = CompactMap(capacity=2), dict[str, int]()
    for key, value in pairs:
        if key in reference:
            compact.replace_hash(id_hash(key), value)
            reference[key] = value
        else:
            compact.setdefault(key, value)
            reference.setdefault(key, value)
    assert sorted(compact.items()) == sorted((id_hash(k), v) for k, v in reference.items())
    with pytest.raises(KeyError):
        compact.replace_hash(id_hash("not a key, longer than any"), 1)


def test_a_key_taken_out_is_counted_from_zero_again() -> None:
    compact = CompactMap(capacity=2)
    for key in "abcabc":
        compact.add_hash(id_hash(key), 2)
    assert compact.pop_hash(id_hash("b")) == 4 and len(compact) == 2
    assert compact.add_hash(id_hash("b"), 3) == 3 and len(compact) == 3
    assert compact.add_hash(id_hash("b"), 1) == 4 and compact.get_hash(id_hash("a")) == 4


@given(st.text())
def test_an_id_hash_is_a_nonzero_signed_64_bit_int_as_before(key: str) -> None:
    """`id_hash` is Python's string hash as it is (already signed and 64-bit): the same value
    the masking it did before gave."""
    mask = (1 << 64) - 1
    h = hash(key) & mask
    assert id_hash(key) == ((h - (1 << 64) if h >= 1 << 63 else h) or 1)
    assert -(1 << 63) < id_hash(key) < 1 << 63 and id_hash(key) != 0


def test_a_map_sized_for_n_keys_takes_them_without_growing() -> None:
    compact = CompactMap(capacity=1000)
    size = len(compact._keys)
    for key in range(1000):
        compact.setdefault(str(key), key)
    assert len(compact._keys) == size <= 2048
    # The table follows the count (n / 0.6 slots), not the next power of two (2,097,152 here).
    assert len(CompactMap(capacity=1_000_000)._keys) < 1_700_000
    assert len(IdSet(capacity=1_000_000)._keys) < 1_700_000


@given(st.lists(st.text(max_size=8), max_size=300), st.lists(st.text(max_size=8), max_size=50))
def test_id_set_behaves_like_a_set_and_survives_a_pickle(added: list[str], asked: list[str]) -> None:
    ids, reference = IdSet(capacity=2), set[str]()
    for key in added:
        ids.add(key)
        reference.add(key)
    again = pickle.loads(pickle.dumps(ids))
    for held in (ids, again):
        assert len(held) == len(reference)
        assert all(key in held for key in reference)
        assert [key in held for key in asked] == [key in reference for key in asked]


@given(st.lists(st.sampled_from("abcdef"), max_size=60), st.lists(st.sampled_from("abcdef"), max_size=60))
def test_a_tally_names_what_passed_its_limit_even_when_only_the_merge_passed_it(
    here: list[str], there: list[str]
) -> None:
    mine, theirs = Tally(named_above=4), Tally(named_above=4)
    for key in here:
        mine.add(key)
    for key in there:
        theirs.add(key)
    mine.merge(pickle.loads(pickle.dumps(theirs)))  # as a worker process hands it over
    reference = Counter(here + there)
    assert all(mine.get(key) == reference[key] for key in "abcdefg")
    assert sorted(mine.values()) == sorted(reference.values())
    asked: list[str] = []

    def counted() -> list[str]:
        asked.append("again")
        return here + there

    assert sorted(mine.above(counted)) == sorted((k, n) for k, n in reference.items() if n > 4)
    # The IDs are read again only when some count passed the limit in neither tally alone.
    alone = Counter(here), Counter(there)
    assert bool(asked) == any(n > 4 and all(c[k] <= 4 for c in alone) for k, n in reference.items())


def test_packed_places_spread_over_a_maps_slots() -> None:
    """Packed places (line << 16 | file) are multiples of 65536 in one file: as keys they took
    a few hundred slots of a map whose size has a large power of two in it, and linear probing
    walked ever longer runs (the classes' rows left out, superlinear at a million students)."""
    from transform.pipeline.validate import place_key

    size = 427 << 11  # a size CompactMap grows to (1708 -> ... -> 874496)
    places = [line << 16 | file for line in range(2, 100_002) for file in (0, 1)]
    assert len({p % size for p in places}) < 1_000  # the trap itself
    keys = [place_key(p) for p in places]
    assert len(set(keys)) == len(places) and 0 not in keys  # distinct, never the empty slot
    assert all(-(1 << 63) <= k < 1 << 63 for k in keys)
    assert len({k % size for k in keys}) > 0.7 * len(places)
