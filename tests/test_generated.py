"""Generated source (transform.pipeline.generated): run with its own globals each time, compiled
once per process."""

from __future__ import annotations

import linecache

from transform.pipeline import generated


def test_the_same_source_is_compiled_once_and_run_with_its_own_names() -> None:
    source = "def passes(d):\n    return d == wanted\n"
    before = generated._compiled.cache_info()
    one = generated.run_source(source, "checks", "test", {"wanted": 1})["passes"]
    two = generated.run_source(source, "checks", "test", {"wanted": 2})["passes"]
    after = generated._compiled.cache_info()
    assert after.misses - before.misses <= 1 and after.hits - before.hits >= 1  # compiled once
    assert one(1) and not one(2) and two(2) and not two(1)  # each run its own globals
    assert one.__code__ is two.__code__
    assert linecache.getline(one.__code__.co_filename, 2).strip() == "return d == wanted"
