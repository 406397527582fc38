"""The explain file (--explain): one row per record left out, follow-ons folded under their cause,
and the school, name and SIS number a person needs to find the record in the SIS."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline.write import FOLLOWS

SAMPLE = FIXTURES / "powerschool" / "district"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _run(exports: Path, tmp_path: Path, *, redact: bool = False) -> tuple[api.RunResult, list[dict[str, str]]]:
    explain = tmp_path / "explain.csv"
    result = api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            explain=explain,
            redact=redact,
        )
    )
    return result, _rows(explain)


def test_follow_ons_fold_into_one_row_per_cause_at_scale(tmp_path: Path) -> None:
    """A generated district where most records left out only follow a class of another term
    (V503) or a withdrawn student (V504): one row per cause, counts equal to the report's."""
    from benchmarks.synthetic import write_district

    write_district(tmp_path / "in", 1500)
    result, rows = _run(tmp_path / "in", tmp_path)
    counts = result.report.counts
    left_out = sum(n for cid, n in counts.items() if result.report.codes_seen[cid].action == "drop-row")
    follow_ons = sum(counts[cid] for cid in FOLLOWS if cid in counts)
    assert follow_ons / left_out > 0.69  # unfolded, most rows of the file would be follow-ons
    in_file: Counter[str] = Counter()
    for row in rows:
        in_file[row["code"]] += int(row["count"])
    assert in_file == Counter({cid: n for cid, n in counts.items() if cid in in_file})  # the report's counts
    assert set(in_file) == {cid for cid, n in counts.items() if result.report.codes_seen[cid].action == "drop-row"}
    folded = [row for row in rows if row["code"] in FOLLOWS]
    assert len(rows) < left_out - follow_ons + follow_ons / 10  # the file is a fraction of what it was
    causes = [(row["code"], row["table"], row["caused_by"]) for row in folded]
    assert len(causes) == len(set(causes))  # one row per cause and table
    by_place = {(row["code"], f"{row['file']}:{row['line']}"): row for row in rows if row["code"] not in FOLLOWS}
    for row in folded:
        cause = by_place[tuple(row["caused_by"].split(" ", 1))]  # the cause is a row of the same file
        assert cause["table"] in ("classes", "users")
        assert row["school"] == cause["school"] and row["sis_number"] == cause["sis_number"]
    assert max(int(row["count"]) for row in folded) > 1


def test_rows_name_school_name_and_sis_number(tmp_path: Path) -> None:
    _, rows = _run(SAMPLE / "in", tmp_path)
    student = next(row for row in rows if row["code"] == "F400" and row["sourcedId"] == "5008")
    assert (student["school"], student["name"], student["sis_number"]) == ("100", "Mateo Miller", "5008")
    guardian = next(row for row in rows if row["code"] == "V515")
    assert guardian["sourcedId"].startswith("G") and guardian["name"] == "Ethano Nguyen"  # the contact's name
    art = next(row for row in rows if row["code"] == "F405" and row["sourcedId"] == "1004")
    assert (art["count"], art["school"], art["name"], art["sis_number"]) == ("1", "100", "Art - 3(A)", "1004")
    # Its 14 students' enrolments start with its term, in January: they follow the class left out
    # (V503) with its teacher's, one row for the 15, not 14 rows of "starts later" (F426).
    (follows,) = [row for row in rows if row["code"] == "V503" and row["caused_by"] == "F405 sections.txt:5"]
    assert (follows["count"], follows["file"], follows["line"]) == ("15", "cc.txt", "5")
    assert not [row for row in rows if row["code"] == "F426" and row["sourcedId"].startswith("1004-")]


def test_redact_blanks_names_and_keeps_ids(tmp_path: Path) -> None:
    _, rows = _run(SAMPLE / "in", tmp_path, redact=True)
    assert all(row["name"] == "" for row in rows)
    student = next(row for row in rows if row["code"] == "F400" and row["sourcedId"] == "5008")
    assert (student["school"], student["sis_number"]) == ("100", "5008")


def _by_content(rows: list[dict[str, str]], exports: Path) -> Counter[tuple[str, ...]]:
    """The explain rows with each place (its own and its cause's) given as the row's text."""
    text = {p.name: p.read_bytes().splitlines() for p in exports.iterdir()}

    def content(file: str, line: str) -> str:
        return repr(text[file][int(line) - 1]) if file in text and line.isdigit() else f"{file}:{line}"

    found: Counter[tuple[str, ...]] = Counter()
    for row in rows:
        code, _, place = row["caused_by"].partition(" ")
        cause = f"{code} {content(*place.rsplit(':', 1))}" if ":" in place else row["caused_by"]
        found[
            (content(row["file"], row["line"]), *(row[c] for c in ("table", "sourcedId", "code", "count")), cause)
        ] += 1
    return found


def test_the_rows_named_are_the_same_rows_in_any_row_order(tmp_path: Path) -> None:
    """A fold stood at the first follower read: reversed, the file named another enrolment row
    of the class (tester51 F11). The same records, in any order, are the same rows of the file."""
    reversed_in = tmp_path / "reversed"
    reversed_in.mkdir()
    for path in (SAMPLE / "in").iterdir():
        header, *rows = path.read_bytes().splitlines()
        (reversed_in / path.name).write_bytes(b"\n".join([header, *rows[::-1], b""]))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _, forward = _run(SAMPLE / "in", tmp_path / "a")
    _, backward = _run(reversed_in, tmp_path / "b")
    assert any(int(row["count"]) > 1 for row in forward)
    assert _by_content(forward, SAMPLE / "in") == _by_content(backward, reversed_in)


def test_a_parent_of_two_children_is_named_at_the_same_row_in_either_order(tmp_path: Path) -> None:
    """A mother named on two children's rows (one household), with no email or phone, is left out
    (V515): the explain file named the row read first, kid 1's in one order and kid 2's in the
    other (tester51 F11). A person's row is their lowest student's, in any order."""
    from tests.parent_columns import write_district

    ana, tom = ("Lopez, Ana", "", ""), ("Lopez, Tom", "tom@mail.example.com", "")
    rows = [("1", ana, tom, "77"), ("2", ana, tom, "77")]
    named = []
    for name, ordered in (("a", rows), ("b", rows[::-1])):
        exports = write_district(tmp_path / name, ordered, family="Lopez")
        explain = tmp_path / f"{name}.csv"
        result = api.run(
            api.RunOptions(
                in_dir=exports,
                out_dir=tmp_path / f"out-{name}",
                profile="powerschool",
                as_of=dt.date(2026, 10, 15),
                explain=explain,
            )
        )
        assert result.exit_status == 0
        [left_out] = [row for row in _rows(explain) if row["table"] == "users"]
        assert (left_out["code"], left_out["name"]) == ("V515", "Ana Lopez")
        lines = (exports / left_out["file"]).read_text(encoding="utf-8").splitlines()
        named.append(lines[int(left_out["line"]) - 1].split("\t")[0])
    assert named == ["1", "1"]  # kid 1's row, in either order
