"""X906 counts apart the removals of classes the profile's own exclusion patterns left out tonight (F406:
illum59 R4). After an upgrade (or a profile change) whose pattern leaves a class out, X906 said 'classes.csv
would lose 1 of 2 records' and its step sent the admin to the removals list and --allow-rollover: nothing
said that the class is still exported and that the tool's own rule left it out, nor how to confirm it.
Night 1: the flat roster's profile without the pattern; night 2: with a 'maths' pattern."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.test_flat_roster_terms import _district, _filter, _run
from transform import api
from transform.pipeline import patterned_left
from transform.report import summary
from transform.report.report import ExcludedBy

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
    assert "Of the removals, those X906 says the exclusion rule (maths)" in step, step
    assert "patterns: {maths: null}" in step


def _night(folder: Path, day: int | dt.date, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile=str(folder / "flat.yaml"),
            in_dir=folder / "ex",
            out_dir=folder / "out",
            as_of=dt.date(2026, 8, day) if isinstance(day, int) else day,
            **options,  # type: ignore[arg-type]
        )
    )


def _ruled(tmp_path: Path, rule: str, *, no_remind: bool = False) -> Path:
    """The flat roster with a No Remind column (blank) and `rule` under filters.exclude_classes; its first
    set published (night 1); `no_remind`: Math 6's rows then say Y."""
    folder = _district(tmp_path, _filter("Course End Date"))
    roster = folder / "ex" / "Roster.csv"
    head, *rows = roster.read_text(encoding="utf-8").splitlines()
    roster.write_text("\n".join([head + ",No Remind", *(row + "," for row in rows)]) + "\n", encoding="utf-8")
    profile = folder / "flat.yaml"
    text = profile.read_text(encoding="utf-8").replace("Enrollment End Date]", "Enrollment End Date, No Remind]")
    text = text.replace('name: "{Course_Term}"}}', 'name: "{Course_Term}"}, exclude_classes: {' + rule + "}}")
    profile.write_text(text, encoding="utf-8")
    first = _night(folder, 24)
    assert first.exit_status == 0, [str(p) for p in first.problems]
    if no_remind:
        head, *rows = roster.read_text(encoding="utf-8").splitlines()
        rows = [row + "Y" if ",M6," in row else row for row in rows]
        roster.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return folder


def _step(folder: Path, result: api.RunResult) -> str:
    return summary.next_step(result, out_dir=folder / "out", explain_path=None, upload=False)


def test_x906_names_an_exclusion_flag_and_its_fix_in_the_sis(tmp_path: Path) -> None:
    """review144 R1: a class a flag column set left out was 'the profile's exclusion pattern no_remind
    (/set/)', the step `patterns: {no_remind: null}`, which switches off nothing: followed, it looped."""
    folder = _ruled(tmp_path, "flags: {no_remind: '{No Remind}'}", no_remind=True)
    result = _night(folder, 25)
    assert result.exit_status == 1 and "X906" in result.report.counts, [str(p) for p in result.problems]
    said = {s.params["table"]: str(s) for s in result.report.examples["X906"]}["classes"]
    assert "exclusion flag 'no_remind' (filters.exclude_classes.flags: {No Remind} set" in said, said
    assert "/set/" not in said
    step = _step(folder, result)
    assert "{No Remind} is set on the class in the SIS (flag no_remind): clear it there" in step, step
    assert "null" not in step and "filters.exclude_classes.keep" in step


def test_x906_names_a_pattern_the_command_line_switches_on_and_its_fix(tmp_path: Path) -> None:
    """review144 R1: --exclude NAME (an available: pattern) and --exclude-class: the step said
    `patterns: {maths: null}` and `patterns: {--exclude-class 1: null}`, neither of which stops them."""
    folder = _ruled(tmp_path, "available: {maths: '\\bmath\\b'}")
    result = _night(folder, 25, exclude_named=("maths",))
    said = {s.params["table"]: str(s) for s in result.report.examples["X906"]}["classes"]
    assert "'maths' (/\\bmath\\b/) switched on by the command line's --exclude maths" in said, said
    step = _step(folder, result)
    assert "drop --exclude maths from the command" in step and "null" not in step, step
    result = _night(folder, 25, exclude_classes=("\\bmath\\b",))
    step = _step(folder, result)
    assert "drop --exclude-class '\\bmath\\b' from the command" in step and "null" not in step, step
    assert "the command line's --exclude-class /\\bmath\\b/" in str(result.report.examples["X906"][0])


def test_each_rule_s_own_fix_and_how_many_more() -> None:
    left = {
        "c1": ExcludedBy("maths", "math", "Math", ("use",)),
        "c2": ExcludedBy("hr", "home", "Home", ("patterns",)),
        "c3": ExcludedBy("no_remind", "set", "Art", ("flag",), "{No Remind}"),
        "c4": ExcludedBy("--exclude-class 1", "art", "Art", ("--exclude-class",)),
        "c5": ExcludedBy("x", "x", "X", ("--exclude",)),
    }
    fixes = patterned_left.fixes(left, left)
    assert fixes.startswith("drop --exclude-class 'art' from the command; switch hr off"), fixes
    assert "take maths out of filters.exclude_classes.use" in fixes and fixes.endswith("; 2 more"), fixes


def test_a_pattern_under_use_is_named_there_and_on_the_command_line_when_both(tmp_path: Path) -> None:
    """review151 R4 (a mutant compiling use: as patterns: passed): a profile's `use: [maths]` end to end;
    R2: the same name given as --exclude maths too was named by use: alone (drop one, the other stays)."""
    folder = _ruled(tmp_path, "available: {maths: '\\bmath\\b'}")
    text = (folder / "flat.yaml").read_text(encoding="utf-8")
    (folder / "flat.yaml").write_text(text.replace("'\\bmath\\b'}", "'\\bmath\\b'}, use: [maths]"), "utf-8")
    result = _night(folder, 25)
    said = {s.params["table"]: str(s) for s in result.report.examples["X906"]}["classes"]
    assert "switched on by the profile's filters.exclude_classes.use" in said and "--exclude" not in said, said
    assert "take maths out of filters.exclude_classes.use" in _step(folder, result)
    result = _night(folder, 25, exclude_named=("maths",))
    said = {s.params["table"]: str(s) for s in result.report.examples["X906"]}["classes"]
    assert "filters.exclude_classes.use and the command line's --exclude maths" in said, said
    step = _step(folder, result)
    assert "take maths out of filters.exclude_classes.use and drop --exclude maths from the command" in step, step


def test_allow_rollover_publishes_the_rule_s_removals_but_exits_1(tmp_path: Path) -> None:
    """review144 R2: X906's step says rerun once with --allow-rollover; that rerun published at exit 1
    with F454 ('the calendar explains none of it ... a broken export'), contradicting it: now I216, no
    X908 nor F454. review151 R1: I216 published at exit 0 whatever the number (No Remind set on 8 of 10
    classes at once, the flag left in the nightly job): a flag never turns a refused night into exit 0."""
    folder = _ruled(tmp_path, "flags: {no_remind: '{No Remind}'}", no_remind=True)
    result = _night(folder, 25, allow_rollover=True)
    assert result.exit_status == 1 and result.report.published, [str(p) for p in result.problems]
    assert "X908" not in result.report.counts and "F454" not in result.report.counts
    said = {s.params["table"]: s for s in result.report.examples["I216"]}
    assert (said["classes"].params["patterned_count"], said["classes"].params["rest"]) == (1, 0)
    assert "no_remind" in str(said["enrollments"])
    assert "M6-Fall 2026 'Math 6 (Fall 2026)'" in str(said["classes"]), str(said["classes"])  # R5: not 'Y'
    step = _step(folder, result)
    assert step.startswith("Next: --allow-rollover removed 1 class from Remind") and "'Math 6 (Fall 2026)'" in step
    assert "{No Remind} is set on the class in the SIS" in step and "out of a scheduled job" in step, step


def test_an_exclusion_removal_on_a_term_change_night_sets_the_ended_term_s_apart(tmp_path: Path) -> None:
    """review151 R4 (a mutant counting the ended term's removals in I216's rest passed): the fall ends,
    its 2 classes removed as ended, and the flag set on a year-long Art 6 the last set held: I216, the
    rest 0, not X908."""
    folder = _district(tmp_path, _filter("Course End Date"))
    roster = folder / "ex" / "Roster.csv"
    head, *rows = roster.read_text(encoding="utf-8").splitlines()
    year = "Art 6,AR6,Year 2026,2026-08-12,2027-05-28,"
    rows += [row.replace("Science 6,SC6,Fall 2026,2026-08-12,2026-12-18,", year) for row in rows if ",SC6," in row]
    roster.write_text("\n".join([head + ",No Remind", *(row + "," for row in rows)]) + "\n", encoding="utf-8")
    profile = folder / "flat.yaml"
    text = profile.read_text(encoding="utf-8").replace("Enrollment End Date]", "Enrollment End Date, No Remind]")
    rule = "exclude_classes: {flags: {no_remind: '{No Remind}'}}"
    profile.write_text(text.replace('name: "{Course_Term}"}}', 'name: "{Course_Term}"}, ' + rule + "}"), "utf-8")
    first = _run(folder, dt.date(2026, 12, 17))
    assert first.exit_status == 0 and first.report.published, [str(p) for p in first.problems]
    rows = [row + "Y" if ",AR6," in row else row for row in roster.read_text(encoding="utf-8").splitlines()]
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = _night(folder, dt.date(2027, 1, 7), allow_rollover=True)
    said = {s.params["table"]: s for s in result.report.examples.get("I216", [])}
    assert "classes" in said and "X908" not in result.report.counts, [
        str(p) for p in result.report.examples.get("X908", [])
    ]
    assert (said["classes"].params["patterned_count"], said["classes"].params["rest"]) == (1, 0)


def test_removals_the_rule_does_not_explain_over_the_limit_are_still_x908_and_f454(tmp_path: Path) -> None:
    folder, _ = _two_nights(tmp_path, drop_science=True)
    result = _night(folder, 25, allow_rollover=True)
    assert result.exit_status == 1 and "F454" in result.report.counts, [str(p) for p in result.problems]
    assert "I216" not in result.report.counts and "X908" in result.report.counts
