"""A links column renamed on a later night (tester57 U2). users.csv's agentSourcedIds exported as
parentIds on night 2: every parent was left out as linked to no student (F413), and the refusal's
words (X906) called them people 'left out on purpose (withdrawn or inactive)' and offered the
--max-removal that would have published the set without a parent. F446, which names the missing
links, was said on a first night only. Now F446 is said on a later night too, and X906 does not
take parents left out for lack of links for withdrawals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.test_agent_links_written_otherwise import oneroster, users
from transform import api

AS_OF = dt.date(2026, 12, 5)


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


def renamed(folder: Path) -> Path:
    """The district with users.csv's agentSourcedIds column named parentIds."""
    lines = users()
    lines[0] = lines[0].replace("agentSourcedIds", "parentIds")
    return oneroster(folder, lines)


def test_a_links_column_renamed_on_a_later_night_is_said_and_not_taken_for_withdrawals(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(oneroster(tmp_path / "n1", users()), out).exit_status == 0
    result = run(renamed(tmp_path / "n2"), out)
    assert result.exit_status == 1 and not result.report.published
    assert "F446" in result.report.counts  # the links missing, said as on a first night
    for refusal in result.report.examples.get("X906", []):
        assert "withdrawn" not in refusal.message and "--max-removal" not in refusal.message, refusal.message
        assert not refusal.params.get("needed")


def test_a_later_night_whose_last_set_had_no_parents_is_not_refused_again(tmp_path: Path) -> None:
    """A district that published its first set without parents (--allow-incomplete) is not refused
    for it every night after: the last set had no more parents than tonight's."""
    out = tmp_path / "out"
    assert run(renamed(tmp_path / "n1"), out, allow_incomplete=True).report.published
    result = run(renamed(tmp_path / "n2"), out)
    assert "F446" not in result.report.counts
