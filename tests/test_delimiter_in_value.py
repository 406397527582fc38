"""eSchoolPLUS escapes neither its `^` delimiter nor anything else, and ends every record with
`^#!#`. A name typed with a caret (`Peña^Jr`) makes its row one cell longer, the cells pushed
past the header's its last, empty ones. The reader took them for the padding of a trailing
delimiter and read the row shifted: published at exit 0 with the family name 'Jr' and the birth
date as the email and the username (tester28 R5). A row longer than the file's rows is lost
whole, with its file and line (I205), in both engines."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.oneroster.spec import REMIND
from transform.pipeline import dropped_gate
from transform.pipeline.read import SourceFile
from transform.profile import load
from transform.profile.compile import Choices, compile_plan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_caret_in_a_name_loses_the_row_rather_than_shifting_it(tmp_path: Path, engine: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", exports)
    path = exports / "REG.txt"
    raw = path.read_bytes()
    row = "600101^10^KF^A^José^^Peña^02/11/2021^^^#!#".encode("cp1252")
    assert row in raw
    path.write_bytes(raw.replace(row, "600101^10^KF^A^José^^Peña^Jr^02/11/2021^^^#!#".encode("cp1252")))
    out = tmp_path / "out"
    # (one row of five lost is over the limit of a run: X915; the set is looked at here)
    options = api.RunOptions(
        profile="eschoolplus",
        in_dir=exports,
        out_dir=out,
        as_of=dt.date(2026, 10, 1),
        engine=engine,
        allow_incomplete=True,
    )
    result = api.run(options)
    assert result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    assert "F453" in result.report.counts  # the flag's refusal said
    (lost,) = result.report.examples["I205"]
    assert (lost.where.file, lost.where.line) == ("REG.txt", 2)
    assert "row has 11 cells, header has 10" in lost.message
    users = (out / "users.csv").read_text(encoding="utf-8")
    assert "600101" not in users and "02/11/2021" not in users and ",Jr," not in users
    assert "600105,,,true,20,student,600105,,Zoë,Brandt Miller" in users  # the other rows as before


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_parent_whose_contact_row_a_caret_breaks_is_named_and_the_run_exits_1(tmp_path: Path, engine: str) -> None:
    """A caret typed into a contact's name loses the contacts row (I205) and the parent the last set
    held is removed: Remind deletes her though she never left the SIS. As for a student's row
    (X981), published, but the run exits 1 and names her, found by the rule's prefix before the
    row's contact ID ('G' + 9001); it exited 0, 'check the record' (tester64 A6)."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", exports)

    def night(day: int) -> api.RunResult:
        # (one user of six removed is over the default removal limit, X906: the set is looked at here)
        options = api.RunOptions(
            profile="eschoolplus",
            in_dir=exports,
            out_dir=out,
            as_of=dt.date(2026, 10, day),
            engine=engine,
            max_removal=50,
        )
        return api.run(options)

    assert night(1).exit_status == 0 and "G9001," in (out / "users.csv").read_text(encoding="utf-8")
    path = exports / "REG_CONTACT.txt"
    path.write_bytes(path.read_bytes().replace("^Peña^".encode("cp1252"), "^Peña^Jr^".encode("cp1252")))
    result = night(2)
    assert result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    assert result.report.counts["I205"] == 1
    (message,) = [str(p) for p in result.report.examples["X981"]]
    assert message.startswith("REG_CONTACT.txt:2: X981 dropped-record-removed: parent G9001 (María Peña)")
    assert "I205 row-too-long left the row out" in message


def test_a_guardian_prefix_is_put_only_before_cells_of_the_exports_its_rule_reads() -> None:
    """'G' + a lost row's cell is a guardian's ID only in the exports the guardians rule reads (its
    contacts): a students row lost whole whose student ID is 9001 named parent G9001, removed for
    her own reasons, as left out by that row (reviewer126 R5)."""
    report = Report()
    for file in ("REG.txt", "REG_CONTACT.txt"):
        report.lost_whole(file, 2, ["9001", "Peña"])
        report.add(codes.code("row-too-long"), Where(file=file, line=2))
    fed = {"REG.txt": ["users"], "REG_CONTACT.txt": ["users"]}
    found = dropped_gate.find(report, {"users": {"G9001"}}, fed, {"REG_CONTACT.txt": ("G",)})
    assert found.named == {("users", "G9001"): ("REG_CONTACT.txt", 2, "I205")}
    assert [place[:2] for place in found.unread["users"]] == [("REG.txt", 2)]


@pytest.mark.parametrize(("profile", "contacts"), [("eschoolplus", "contacts"), ("synergy", None)])
def test_a_students_export_the_guardians_rule_joins_gives_no_guardian_prefix(
    profile: str, contacts: str | None
) -> None:
    """eSchoolPlus's and Synergy's guardians rules join the students export by the student's ID: 'G' was
    put before its cells too, so a student's REG.txt row lost whole holding 9001 named parent G9001,
    removed for her own reasons, as left out by that row (reviewer131 R4, r-prefix-join.sh). Only the
    exports whose cells are the contact's ID (the rule's own, the contacts joined by it) take it."""
    plan = compile_plan(load.load(profile).data, target=REMIND, choices=Choices(as_of=dt.date(2026, 10, 1)))
    sources = {name: SourceFile(name, Path(name), name, "utf-8", ",", (), {}) for name in plan.sources}
    (guardians,) = [rule for rule in plan.rules["users"] if rule.guardian is not None]
    assert "students" in {join.source for join in guardians.joins.values()}
    made = (guardians.guardian.prefix,)
    expected = {guardians.source: made, **({contacts: made} if contacts else {})}
    assert api._guardian_prefixes(plan, sources) == expected
