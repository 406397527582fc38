"""The compact ID map against a dict, on whatever keys hypothesis finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from transform.pipeline.compact import CompactMap, id_hash


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
