"""A list column split at one separator while the export lists its values with another (review154 R3,
review165 R1-R3).

Each cell was read as one glued value: through a map of the schools that leaves out what it lacks,
the student with two schools ('d-1,sch-10') was left out, published at exit 0. I232 says so, exit 1
only when a glued value did harm (a map's default, drop or blank; an ID or a join key naming nothing):
an honest subject 'English Language Arts; Reading' under the bundled profile's split ',' is said at
exit 0. Watched per rule: two rules splitting one column differently are each judged by their own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from transform import api

FIXTURE = Path(__file__).parent.parent / "fixtures" / "oneroster" / "district" / "in"
ORGS = "maps:\n  orgs2:\n    values: {sch-10: sch-10, sch-20: sch-20, d-1: d-1}\n    unmapped: drop\n"
STUDENTS = "        orgSourcedIds: {{column: orgSourcedIds, map: orgs2, split: '{}'}}\n"


def _run(tmp_path: Path, profile: str, edits: dict[str, tuple[str, str]]) -> api.RunResult:
    path = tmp_path / "district.yaml"
    path.write_text(profile, encoding="utf-8")
    exports = tmp_path / "in"
    exports.mkdir()
    for file in FIXTURE.iterdir():
        text = file.read_text(encoding="utf-8")
        if file.name in edits:
            old, new = edits[file.name]
            assert old in text
            text = text.replace(old, new)
        (exports / file.name).write_text(text, encoding="utf-8")
    options = api.RunOptions(profile=str(path), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15))
    return api.run(options)


def _students(split: str) -> str:
    return f"extends: oneroster\n{ORGS}tables:\n  users:\n    students:\n      columns:\n{STUDENTS.format(split)}"


def test_a_glued_value_a_map_drops_is_said_exit_1(tmp_path: Path) -> None:
    result = _run(tmp_path, _students(";"), {})  # the users rule's rows through the generated code, as every night
    (said,) = result.report.examples["I232"]
    assert (said.where.file, said.where.line, said.where.column) == ("users.csv", 2, "orgSourcedIds")
    assert "splits this column's cells at ';', and no cell held one tonight, but 1 held ','" in said.message
    assert "(such as 'd-1,sch-10')" in said.message and "(1 a value map 'orgs2' lacks" in said.message
    assert "write split: ',' in the column's spec (" in said.message and "district.yaml:" in said.message
    assert result.report.published and result.exit_status == 1


def test_a_list_column_whose_cells_hold_its_separator_is_not_said(tmp_path: Path) -> None:
    # one cell listed with ';': the list is written so, and a comma in another cell is no word
    cell = ("u-s2,active,2026-08-01,TRUE,sch-20,", 'u-s2,active,2026-08-01,TRUE,"sch-20;d-1",')
    result = _run(tmp_path, _students(";"), {"users.csv": cell})
    assert "I232" not in result.report.counts and result.exit_status == 0


def test_an_honest_subject_holding_another_separator_is_said_at_exit_0(tmp_path: Path) -> None:
    # the bundled profile splits subjects at ',', and no subject holds one: a plain text column, no harm
    subject = (",English Language Arts,,1\n", ",English Language Arts; Reading,,1\n")
    result = _run(tmp_path, "extends: oneroster\n", {"classes.csv": subject})
    (said,) = result.report.examples["I232"]
    assert said.params["harm"] == "" and "(no harm seen:" in said.message
    assert "'oneroster' is bundled: write a district profile with extends: oneroster" in said.message
    assert "tables: classes: classes: columns:, subjects:" in said.message and "split: ';'" in said.message
    assert result.exit_status == 0


def test_each_rule_is_judged_by_its_own_split(tmp_path: Path) -> None:
    # students split at ',' (u-s1's 'd-1,sch-10'), staff at ';': the teacher u-t1's 'sch-10,d-1' is glued and
    # dropped by the map; keyed by table.column the students' ',' hid it
    staff = "    staff:\n      columns:\n" + STUDENTS.format(";")
    result = _run(tmp_path, _students(",") + staff, {})
    (said,) = result.report.examples["I232"]
    assert said.params["rule"] == "users.staff" and said.params["value"] == "sch-10,d-1"
    assert said.params["harm"] == "yes" and result.exit_status == 1


def test_a_join_key_list_written_with_another_separator_is_said(tmp_path: Path) -> None:
    # the term join splits termSourcedIds at ','; 's1-2027; s2-2027' names no term: the class left out
    terms = ('"s1-2027, s2-2027"', '"s1-2027; s2-2027"')
    result = _run(tmp_path, "extends: oneroster\n", {"classes.csv": terms})
    (said,) = result.report.examples["I232"]
    assert said.params["field"] == "classes.term" and said.params["harm"] == "yes"
    assert "(1 a key that names no row" in said.message and "join:, term:" in said.message
    assert result.exit_status == 1


def _kept(split: str, unmapped: str, values: str = "{sch-10: sch-10, sch-20: sch-20, d-1: d-1}") -> str:
    column = f"        orgSourcedIds: {{column: orgSourcedIds{', map: orgs2' if unmapped else ''}, split: '{split}'}}\n"
    maps = f"maps:\n  orgs2:\n    values: {values}\n    unmapped: {unmapped}\n" if unmapped else ""
    return f"extends: oneroster\n{maps}tables:\n  users:\n    students:\n      columns:\n{column}"


def test_a_comma_glued_id_list_kept_whole_is_no_harm(tmp_path: Path) -> None:
    # review170 R1: split ';' on orgSourcedIds, cell 'd-1,sch-10', no map or a map keeping what it lacks: the glued
    # value lands whole in a comma-separated list column, byte for byte what split ',' gives: said, exit 0
    for case, unmapped in (("nomap", ""), ("keep", "keep")):
        (tmp_path / case).mkdir()
        result = _run(tmp_path / case, _kept(";", unmapped), {})
        (said,) = result.report.examples["I232"]
        assert said.params["value"] == "d-1,sch-10" and said.params["harm"] == "", case
        assert "nothing lost" in said.message and "row left out" not in said.message, case
        assert result.report.published and result.exit_status == 0, case


def test_a_comma_glued_value_a_keeping_map_would_change_is_harm(tmp_path: Path) -> None:
    # the map turns 'd-1' into another ID: kept whole, 'd-1,sch-10' is published unmapped
    result = _run(tmp_path, _kept(";", "keep", "{sch-10: sch-10, d-1: sch-20}"), {})
    (said,) = result.report.examples["I232"]
    assert said.params["harm"] == "yes" and "published unmapped" in said.message
    assert "row left out" not in said.message and result.exit_status == 1


def test_a_join_key_list_fix_followed_literally_publishes(tmp_path: Path) -> None:
    # review170 R2: the words named only the join's split; following them, termSourcedIds (clean id_list) still
    # read 's1-2027; s2-2027' as one ID and the set was refused (X915). They name the column reading the key too.
    terms = ('"s1-2027, s2-2027"', '"s1-2027; s2-2027"')
    (tmp_path / "n1").mkdir()
    (said,) = _run(tmp_path / "n1", "extends: oneroster\n", {"classes.csv": terms}).report.examples["I232"]
    line = said.message.split("in each column reading its key cell: ", 1)[1].split(" and rerun", 1)[0]
    assert line == "termSourcedIds: {column: termSourcedIds, clean: [id_list], split: ';'}"
    profile = "extends: oneroster\ntables:\n  classes:\n    classes:\n      join:\n        term: {split: ';'}\n"
    (tmp_path / "n2").mkdir()
    result = _run(tmp_path / "n2", f"{profile}      columns:\n        {line}\n", {"classes.csv": terms})
    assert result.exit_status == 0 and "I232" not in result.report.counts
    assert "cl-sci6" in (tmp_path / "n2" / "out" / "classes.csv").read_text(encoding="utf-8")


def test_the_generated_code_hands_a_cell_holding_only_another_separator_to_the_interpreter(tmp_path: Path) -> None:
    # review170 T1: split '|', no map, u-s1's 'd-1,sch-10': the generated code covers the rule and must hand that
    # cell to the interpreter, which notes it (with `pass` for its `return None`, I232 went unsaid). A cell holding
    # ';' ('d-1;sch-10') reaches the interpreter another way and would not show it.
    profile = "extends: oneroster\ntables:\n  users:\n    students:\n      columns:\n"
    profile += "        orgSourcedIds: {column: orgSourcedIds, split: '|'}\n"
    result = _run(tmp_path, profile, {})
    (said,) = result.report.examples["I232"]
    assert said.params["value"] == "d-1,sch-10" and said.params["other"] == ","
    assert said.params["harm"] == "" and result.exit_status == 0  # kept whole in a comma-separated list column
