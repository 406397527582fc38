"""A person of a student's row that no rule reads, beside people a guardians rule reads (P125,
tester69 F3).

A profile whose guardians rule reads a students export's Mother and Father groups, and not the
Alt Parent group of a second household beside them (an older draft, or a group deleted), published
the set without those parents at exit 0, nothing said, check-profile --exports "ok". Now both say the
group (its columns, the rows whose email or phone is filled, the each group to add), and a new
profile's first set with such contact points on 5 rows or more exits 1 ("Published, but"); later
nights say it and exit 0. A group whose cells are all blank is nothing to say.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import yaml

from tests.conftest import FIXTURES
from tests.test_guardians_draft import AS_OF, _first_hour, _parents, _run
from tests.test_second_household import ALT, district, without_group
from transform import api
from transform.pipeline import read, unread_groups
from transform.pipeline.rows import SourceRow
from transform.report.column_values import ColumnValues


def test_a_profile_reading_the_mother_and_father_but_not_the_second_household_is_told(tmp_path: Path) -> None:
    files, truth, alt = district(40, alt_every=4, seed=5)
    exports, profile = _first_hour(tmp_path, files)
    without_group(profile, "alt_parent")

    said = [p for p in api.check_profile(str(profile), exports=exports, hints=True)[1] if p.code.id == "P125"]
    assert [(p.where.file, p.where.column, p.params["rows"]) for p in said] == [
        ("Students.csv", "Alt Parent Email", 10)
    ]
    first = _run(profile, exports, tmp_path / "out")
    assert first.exit_status == 1 and first.report.published  # published, but a person must look
    (p125,) = first.report.examples["P125"]
    assert p125.params["groups"] == "mother, father"
    assert "Alt Parent Email (10 rows), Alt Parent Cell (10 rows)" in str(p125)
    assert 'alt_parent: {givenName: {column: "Alt Parent First Name", clean: [name]}' in str(p125)
    published = _parents(tmp_path / "out")
    assert published == {k: v for k, v in truth.items() if k not in alt}  # what was read is right

    # The person has looked: later nights with the same profile say it and exit 0.
    again = _run(profile, exports, tmp_path / "out")
    assert again.exit_status == 0 and again.report.counts["P125"] == 1


def test_a_second_household_on_a_few_rows_is_said_without_stopping_a_first_set(tmp_path: Path) -> None:
    files, _, alt = district(40, alt_every=10, seed=9)  # 4 rows: a warning, exit 0
    exports, profile = _first_hour(tmp_path, files)
    without_group(profile, "alt_parent")
    result = _run(profile, exports, tmp_path / "out")
    assert result.exit_status == 0 and result.report.counts["P125"] == 1
    assert result.report.examples["P125"][0].params["rows"] == len(alt) == 4


def test_a_group_whose_columns_are_blank_is_not_said(tmp_path: Path) -> None:
    files, _, _ = district(12, alt_every=1000, seed=1)
    rows = files["Students.csv"]
    at = rows[0].index("Alt Household ID")
    for row in rows[1:]:  # the Alt columns on the header, every cell blank
        row[at : at + len(ALT)] = [""] * len(ALT)
    exports, profile = _first_hour(tmp_path, files)
    if "alt_parent" in yaml.safe_load(profile.read_text(encoding="utf-8"))["tables"]["users"]["guardians"]["each"]:
        without_group(profile, "alt_parent")
    result = _run(profile, exports, tmp_path / "out")
    assert result.exit_status == 0 and "P125" not in result.report.counts


def test_a_loaded_export_s_filled_cells_are_counted_as_the_reader_counts_them(tmp_path: Path) -> None:
    """The columnar engine's count (unread_groups.note_loaded) of an export it loaded: the cells
    holding a value, spaces alone none, as the Python reader's `counted`."""
    header = ("Student ID", "Alt Parent Email", "Alt Parent Cell")
    cells = [["S1", "a@x.example.com", ""], ["S2", "  ", "608-555-0100"], ["S3", "b@x.example.com", "608-555-0101"]]
    source = read.SourceFile("students", tmp_path / "s.csv", "s.csv", "utf-8", ",", header, {"student id": 0,
        "alt parent email": 1, "alt parent cell": 2})  # fmt: skip
    keys = frozenset({"alt parent email", "alt parent cell"})
    rows = (SourceRow("s.csv", n + 2, row, {}) for n, row in enumerate(cells))
    python = ColumnValues()
    assert len(list(unread_groups.counted(rows, source, keys, python))) == 3
    con = duckdb.connect()
    con.execute("CREATE TABLE t (c0 VARCHAR, c1 VARCHAR, c2 VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?)", cells)
    loaded = ColumnValues()
    unread_groups.note_loaded(source, "t", keys, loaded, con)
    assert loaded.filled == python.filled == {("s.csv", "Alt Parent Email"): 2, ("s.csv", "Alt Parent Cell"): 2}


def test_both_engines_count_the_group_s_rows_alike(tmp_path: Path) -> None:
    files, _, alt = district(40, alt_every=4, seed=5)
    exports, profile = _first_hour(tmp_path, files)
    without_group(profile, "alt_parent")
    said = {}
    for engine in ("python", "columnar"):
        out = tmp_path / engine
        result = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF, engine=engine))
        said[engine] = [(p.params["rows"], p.params["points"]) for p in result.report.examples["P125"]]
    assert said["python"] == said["columnar"] == [(len(alt), "Alt Parent Email (10 rows), Alt Parent Cell (10 rows)")]


def test_a_person_a_rule_reads_by_name_only_is_not_said(tmp_path: Path) -> None:
    """The Alt Parent's names read by the guardians rule (its email left out on purpose): read,
    nothing to say (which of a person's columns to read is the profile's choice, P112's realm)."""
    files, _, _ = district(40, alt_every=4, seed=5)
    exports, profile = _first_hour(tmp_path, files)
    data = yaml.safe_load(profile.read_text(encoding="utf-8"))
    del data["tables"]["users"]["guardians"]["each"]["alt_parent"]["email"]
    profile.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = _run(profile, exports, tmp_path / "out")
    assert "P125" not in result.report.counts


def test_a_bundled_profile_leaving_an_exports_person_columns_unread_publishes_at_exit_0(tmp_path: Path) -> None:
    """PowerSchool's own Guardian and GuardianEmail (the family's names, every parent's email in one cell), which
    the bundled profile declares and reads nowhere on purpose: its first set said 'Published, but ... add this
    group under each' (exit 1), a fix adding a false third parent (reviewer70 F2). A bundled profile's groups are
    the tool's choice: P125 is said, at exit 0."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    path = exports / "students.txt"
    with path.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    fields = [*rows[0], "Guardian", "GuardianEmail"]
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.DictWriter(handle, fields, delimiter="\t", lineterminator="\r\n")
        writer.writeheader()
        for n, row in enumerate(rows):
            writer.writerow({**row, "Guardian": f"Family {n}", "GuardianEmail": f"family{n}@mail.example.com"})
    result = api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    assert result.report.counts.get("P125") == 1
