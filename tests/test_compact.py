"""The compact ID map against a dict, on whatever keys hypothesis finds."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from transform.pipeline.compact import CompactMap, IdSet, id_hash


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


def test_a_map_sized_for_n_keys_takes_them_without_growing() -> None:
    compact = CompactMap(capacity=1000)
    size = len(compact._keys)
    for key in range(1000):
        compact.setdefault(str(key), key)
    assert len(compact._keys) == size <= 2048


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
