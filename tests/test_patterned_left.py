"""X906 counts apart the removals of classes the profile's own exclusion patterns left out tonight (F406:
illum59 R4). After an upgrade (or a profile change) whose pattern leaves a class out, X906 said 'classes.csv
would lose 1 of 2 records' and its step sent the admin to the removals list and --allow-rollover: nothing
said that the class is still exported and that the tool's own rule left it out, nor how to confirm it.
Night 1: the flat roster's profile without the pattern; night 2: with a 'maths' pattern."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.test_flat_roster_terms import _district, _filter, _run
from transform.report import summary

MATHS = "exclude_classes: {patterns: {maths: '\\bmath\\b'}}"


def _two_nights(tmp_path: Path, *, drop_science: bool = False) -> tuple[Path, object]:
    folder = _district(tmp_path, _filter("Course End Date"))
    roster = folder / "ex" / "Roster.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    science = [line for line in lines if ",SC6," in line]
    art = [line.replace("Science", "Art").replace("SC6", "AR6").replace("sc6", "ar6") for line in science]
    roster.write_text("\n".join([*lines, *art]) + "\n", encoding="utf-8")
    first = _run(folder, dt.date(2026, 8, 24))
    assert first.exit_status == 0 and first.report.published, [str(p) for p in first.problems]
    profile = folder / "flat.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace('name: "{Course_Term}"}}', 'name: "{Course_Term}"}, ' + MATHS + "}")
    profile.write_text(text, encoding="utf-8")
    if drop_science:  # a class gone from the export beside the one the pattern leaves out (Art 6 stays)
        lines = [line for line in roster.read_text(encoding="utf-8").splitlines() if ",SC6," not in line]
        roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, _run(folder, dt.date(2026, 8, 25))


def test_x906_says_the_removed_class_is_left_out_by_tonight_s_pattern(tmp_path: Path) -> None:
    folder, result = _two_nights(tmp_path)
    assert result.exit_status == 1 and not result.report.published  # type: ignore[attr-defined]
    stops = {s.params["table"]: s for s in result.report.examples["X906"]}  # type: ignore[attr-defined]
    classes, enrolments = stops["classes"], stops["enrollments"]
    assert (classes.params["patterned_count"], classes.params["removed"]) == (1, 1)
    assert (enrolments.params["patterned_count"], enrolments.params["removed"]) == (9, 9)
    assert enrolments.params["patterned_classes"] == 1 and classes.params["patterned_names"] == "maths"
    said = str(classes)
    assert "'maths'" in said and "F406: M6-Fall 2026 'Math 6 (Fall 2026)'" in said
    assert "not gone from the exports" in said and "the other" not in said
    step = summary.next_step(result, out_dir=folder / "out", explain_path=None, upload=False)  # type: ignore[arg-type]
    assert "--explain" in step and "F406" in step and "filters.exclude_classes.keep" in step, step
    assert "patterns: {maths: null}" in step and "--allow-rollover" in step


def test_x906_counts_a_class_gone_from_the_export_apart_from_the_pattern_s(tmp_path: Path) -> None:
    folder, result = _two_nights(tmp_path, drop_science=True)
    assert result.exit_status == 1  # type: ignore[attr-defined]
    stops = {s.params["table"]: s for s in result.report.examples["X906"]}  # type: ignore[attr-defined]
    classes = stops["classes"]
    assert (classes.params["patterned_count"], classes.params["removed"]) == (1, 2)
    assert "1 of them is a class tonight's exports still hold" in str(classes), str(classes)
    assert "the other 1 is not" in str(classes)
    step = summary.next_step(result, out_dir=folder / "out", explain_path=None, upload=False)  # type: ignore[arg-type]
    assert "Of the removals, those X906 says the exclusion pattern (maths)" in step, step
