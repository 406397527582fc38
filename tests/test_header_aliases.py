"""A column written under two names the profile gives it: OneRoster 1.1's agentSourcedIds and
1.0's agents (the oneroster profile reads either). An exporter upgraded from 1.0, or a converter
adding the 1.1 column beside the old one, writes both. Before, the first in the header was read,
empty or not: with an empty agents before a filled agentSourcedIds every parent was lost (F413,
info) and the set published, exit 0, with an I207 saying agentSourcedIds appeared twice (tester23
F2). Now the column's own name is read, or its alias when the column is empty on every row,
said once (I283); a row where the one read is empty takes the other's value (tester26); the two
holding different values on a row is refused (I269, exit 2). Copies of the 1.1 sample district
(its users.csv says agents) in tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)
SAMPLE = FIXTURES / "oneroster" / "district"
PARENTS = {"u-p1": "u-s1,u-s2", "u-p2": "u-s3"}  # the sample's parents, with the students they name


def exports(tmp_path: Path, *, agents: dict[str, str], agent_sourced_ids: dict[str, str], first: str) -> Path:
    """The sample with users.csv's agents column as `agents` says (by user) and an
    agentSourcedIds column as `agent_sourced_ids` says; `first`: the one before the other."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE / "in", folder)
    path = folder / "users.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("agents")
    header = [c for c in rows[0] if c != "agents"]
    body = [[c for i, c in enumerate(row) if i != at] for row in rows[1:]]
    both = ["agents", "agentSourcedIds"] if first == "agents" else ["agentSourcedIds", "agents"]
    columns = {"agents": agents, "agentSourcedIds": agent_sourced_ids}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*both, *header])
        for row in body:
            writer.writerow([*(columns[name].get(row[0], "") for name in both), *row])
    return folder


def run(folder: Path, out: Path, engine: str) -> api.RunResult:
    return api.run(api.RunOptions(profile="oneroster", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine))


def links(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["sourcedId"]: row["agentSourcedIds"]
            for row in csv.DictReader(handle)
            if row["role"] in ("parent", "guardian")
        }


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_empty_agents_column_before_a_filled_agent_sourced_ids_is_not_read(tmp_path: Path, engine: str) -> None:
    """The tester's set: an empty agents first, the links in agentSourcedIds. Before, agents
    was read and both parents were left out (F413), exit 0. Now agentSourcedIds, the column's
    own name, is read: the set is the sample's, byte for byte, with one note at the header."""
    out = tmp_path / "out"
    folder = exports(tmp_path, agents={}, agent_sourced_ids=PARENTS, first="agents")
    result = run(folder, out, engine)
    assert result.exit_status == 0
    assert links(out) == PARENTS
    assert (out / "users.csv").read_bytes() == (SAMPLE / "expected" / "users.csv").read_bytes()
    assert "F413" not in result.report.counts and "I207" not in result.report.counts
    [note] = result.report.examples["I283"]
    assert (note.where.file, note.where.line, note.where.column) == ("users.csv", 1, "agentSourcedIds")
    assert note.message == (
        "users.csv: the header holds 'agentSourcedIds' and 'agents', which the profile reads as one column "
        "(aliases); 'agentSourcedIds' is read: 'agents' is empty on every row"
    )


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_empty_agent_sourced_ids_column_leaves_the_links_of_agents_read(tmp_path: Path, engine: str) -> None:
    """An empty agentSourcedIds first, the links in the 1.0 agents column. Before, the empty one
    (the first) was read and both parents were lost. Now the alias is read: the column's own
    name is empty on every row."""
    out = tmp_path / "out"
    folder = exports(tmp_path, agents=PARENTS, agent_sourced_ids={}, first="agentSourcedIds")
    result = run(folder, out, engine)
    assert result.exit_status == 0
    assert links(out) == PARENTS
    [note] = result.report.examples["I283"]
    assert note.params["read"] == "agents"
    assert note.params["why"] == "'agentSourcedIds' is empty on every row"


def test_both_columns_holding_the_same_links_read_agent_sourced_ids(tmp_path: Path) -> None:
    """The same links in both, Rosa's (u-p1) written in another order in agents: one column."""
    out = tmp_path / "out"
    agents = {**PARENTS, "u-p1": "u-s2, u-s1"}
    result = run(exports(tmp_path, agents=agents, agent_sourced_ids=PARENTS, first="agents"), out, "python")
    assert result.exit_status == 0
    assert links(out) == PARENTS
    [note] = result.report.examples["I283"]
    assert (note.params["read"], note.params["why"]) == (
        "agentSourcedIds",
        "'agents' holds the same values where filled",
    )


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_empty_cell_beside_a_value_takes_the_value(tmp_path: Path, engine: str) -> None:
    """Both columns, equal on every row but Omar Patel's (u-p2, line 11): agentSourcedIds is
    empty there, agents names Kiran (u-s3). Before, that was taken for two versions of the
    column: nothing read (I269, exit 2; tester26). An empty cell says nothing against a value:
    Omar's link is read from agents, said in the note, and the set is the sample's."""
    out = tmp_path / "out"
    folder = exports(tmp_path, agents=PARENTS, agent_sourced_ids={"u-p1": "u-s1,u-s2"}, first="agents")
    result = run(folder, out, engine)
    assert result.exit_status == 0
    assert links(out) == PARENTS
    assert (out / "users.csv").read_bytes() == (SAMPLE / "expected" / "users.csv").read_bytes()
    [note] = result.report.examples["I283"]
    assert (note.code.severity, note.params["read"]) == ("info", "agentSourcedIds")
    assert note.params["why"] == (
        "'agents' holds the same values where filled, and on 1 row where 'agentSourcedIds' is empty, the value "
        "of 'agents' is read (the first at line 11: 'agents' 'u-s3')"
    )


def test_each_column_filling_the_others_gaps_is_read_whole(tmp_path: Path) -> None:
    """Rosa's links only in agentSourcedIds, Omar's only in agents: each row has one value,
    nothing disagrees, and both parents keep their links."""
    out = tmp_path / "out"
    folder = exports(tmp_path, agents={"u-p2": "u-s3"}, agent_sourced_ids={"u-p1": "u-s1,u-s2"}, first="agents")
    result = run(folder, out, "python")
    assert result.exit_status == 0
    assert links(out) == PARENTS


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_empty_demographics_id_beside_its_user_sourced_id_takes_it(tmp_path: Path, engine: str) -> None:
    """demographics.csv (whose IDs are in userSourcedId, an alias of sourcedId) with a sourcedId
    column added, the same ID on every row but the first, where it is empty. The columnar engine
    reads demographics.csv itself; a column read from two spellings row by row it leaves to the
    reader, and both engines publish the sample's demographics, byte for byte."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE / "in", folder)
    path = folder / "demographics.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    assert '"' not in path.read_text(encoding="utf-8") and header.startswith("userSourcedId,")
    rows = [f"{row},{'' if i == 0 else row.split(',')[0]}" for i, row in enumerate(rows)]
    path.write_text("\n".join([f"{header},sourcedId", *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(folder, out, engine)
    assert result.exit_status == 0
    assert (out / "demographics.csv").read_bytes() == (SAMPLE / "expected" / "demographics.csv").read_bytes()
    [note] = result.report.examples["I283"]
    assert (note.where.file, note.params["read"]) == ("demographics.csv", "sourcedId")


def test_two_versions_of_the_column_are_refused(tmp_path: Path) -> None:
    """Omar Patel (u-p2, line 11) names another student in agents than in agentSourcedIds. The
    run cannot tell which column is right, and reading either would lose what the other says:
    nothing read (I269, exit 2), naming the row and both values; nothing written. Before, the
    first column was read, exit 0."""
    out = tmp_path / "out"
    folder = exports(tmp_path, agents={**PARENTS, "u-p2": "u-s4"}, agent_sourced_ids=PARENTS, first="agents")
    result = run(folder, out, "python")
    assert result.exit_status == 2
    [refused] = result.problems
    assert refused.code.id == "I269"
    assert (refused.where.file, refused.where.line) == ("users.csv", 1)
    assert "'agentSourcedIds' and 'agents' as one column" in refused.message
    assert "on 1 row 'agentSourcedIds' and 'agents' hold different values" in refused.message
    assert "line 11: 'agentSourcedIds' 'u-s3', 'agents' 'u-s4'" in refused.message
    assert "{agentSourcedIds: null}" in refused.message
    assert not out.exists()


def test_a_header_name_written_twice_holding_other_values_is_refused_in_any_column_order(tmp_path: Path) -> None:
    """The same spelling twice (not a column and its alias), the second cell another address: the
    first was read (I207), so the column order decided every email (tester51 F3). Two versions of
    one column, as two aliases holding different values (I269): nothing read (I221, exit 1: the
    export's template, not the command or the profile, since tester74 F14)."""
    out = tmp_path / "out"
    folder = exports(tmp_path, agents={}, agent_sourced_ids=PARENTS, first="agentSourcedIds")
    path = folder / "users.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"{line},email" if i == 0 else f"{line},other@example.com" for i, line in enumerate(lines)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(folder, out, "python")
    assert result.exit_status == 1 and not out.exists()  # the export's template: exit 1 (exit56)
    (refused,) = result.report.examples["I221"]
    assert (refused.where.line, refused.where.column) == (1, "email")
    assert (
        "holds one column 2 times ('email' cell 15, 'email' cell 20)" in refused.message
        and "'other@example.com'" in refused.message
    )


def test_a_header_name_written_twice_holding_the_same_values_is_read_as_one(tmp_path: Path) -> None:
    """The second cell the same address, or empty: one column, read whole, said (I207)."""
    out = tmp_path / "out"
    folder = exports(tmp_path, agents={}, agent_sourced_ids=PARENTS, first="agentSourcedIds")
    path = folder / "users.csv"
    header, *rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    at = header.index("email")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[*header, "email"], *([*r, r[at] if i % 2 else ""] for i, r in enumerate(rows))])
    result = run(folder, out, "python")
    assert result.exit_status == 0
    (said,) = result.report.examples["I207"]
    assert (said.where.line, said.where.column) == (1, "email") and said.message.endswith(
        "header 'email' appears more than once; cells 15, 20 hold the same values where filled: read as one column"
    )
    assert links(out) == PARENTS
