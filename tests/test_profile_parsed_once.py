"""A bundled profile is parsed once per process (a scheduler's loop, the test suite's runs) and
each load gets data of its own: a run that changes what it loaded changes no later run's profile."""

from __future__ import annotations

from transform.profile import load


def test_a_bundled_profile_loaded_again_is_parsed_once_and_each_load_owns_its_data() -> None:
    first = load.load("powerschool")
    parsed = dict(load._PARSED)
    first.data["settings"]["exclude_schools"] = ["999"]
    first.chain[0].data["name"] = "changed"
    again = load.load("powerschool")
    assert load._PARSED.keys() == parsed.keys() and all(load._PARSED[k] is parsed[k] for k in parsed)
    assert "999" not in (again.data["settings"].get("exclude_schools") or [])
    assert again.chain[0].data["name"] != "changed"
    assert again.chain[0].node is first.chain[0].node  # the node tree, only read, is shared
