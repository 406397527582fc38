"""X810 in a large district (reviewer65 F5): its threshold was a share only (1 % of the records),
so a 20,000-student district published 150 students in no class at exit 0, their IDs written
with a leading zero in the students export only. MANY people written so refuse whatever the share
(and past 20 examples each V608's ID is kept: only counted, X810 saw 5 of them).
The step says the padding gives each shorter ID a new sourcedId.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import unbundled_district as unbundled
from tests.test_ids_two_ways import _pad, _said
from transform.pipeline.ids_two_ways import MANY

STUDENTS = 2_600  # four classes each: 25 students' 100 enrolments are under 1 % of them


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("padded", [MANY - 1, MANY])
def test_many_students_written_with_a_zero_refuse_a_large_district_under_the_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, padded: int, engine: str
) -> None:
    monkeypatch.setattr(unbundled, "STUDENTS", STUDENTS)
    made = unbundled.district()
    _pad(made, padded)
    out = tmp_path / "out"
    result = unbundled.run(made.write(tmp_path / "in"), out, engine)
    assert result.report.counts["V608"] == 4 * padded
    if padded < MANY:  # a few people typed otherwise, under the share: published, said as V608
        assert result.exit_status == 0 and result.report.published, result.problems
        assert "X810" not in result.report.counts
        return
    assert result.exit_status == 1 and not result.report.published
    assert not (out / "enrollments.csv").exists()
    (message,) = _said(result, "X810")
    assert message.startswith(f"ClassRoster.csv: {MANY} IDs its enrollments records name are no record of users.csv")
    assert f"{4 * MANY} of the 10424 enrollments records the set would hold (1.0%)" in message  # 0.96 %
    assert "give Student ID and the sourcedId of the records it names clean: [{id: {width: 5, pad: true}}]" in message
    assert "every ID of users.csv shorter than 5 digits is then published padded, a new sourcedId for each" in message
