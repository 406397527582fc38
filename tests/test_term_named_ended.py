"""A --term kept in the nightly job after its term ended (reviewer111 R1, R2).

The docs roster the next term ahead with `--term S1 --term S2 --term 26-27`, the ended term to take
out after. Left in, the ended term's classes stayed in Remind at exit 0 whenever its enrolment rows
carry no end at the term's end (PowerSchool's DateLeft written as the year's end, Infinite Campus's
blank endDate). Now a term that ended never keeps its classes: they go as the term change (X937),
published, and the night exits 1 naming the --term to take out (X842); the corrected list exits 0.
Into the summer, the same list is nothing due (F422), exit 1 with X842, not X916.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import Report
from transform.report.summary import next_step

LIST = ("S1", "S2", "26-27")
FALL = {"1003", "2003", "2008"}  # Semester 1's classes (TermID 3601)


def classes(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def student_classes(out: Path) -> set[str]:
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        return {row["classSourcedId"] for row in csv.DictReader(handle) if row["role"] == "student"}


def said(result: api.RunResult, cid: str) -> list[Problem]:
    return list(result.report.examples.get(cid, []))


def powerschool(exports: Path, out: Path, as_of: dt.date, terms: tuple[str, ...] = ()) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, terms=terms))


@pytest.fixture(scope="module")
def rostered_ahead(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled PowerSchool district whose schedule export writes the year's end as every row's
    DateLeft, published on 14 December, then on 15 December with the docs' list (Semester 1 ends
    on 15 January)."""
    folder = tmp_path_factory.mktemp("district")
    exports = folder / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    cc = exports / "cc.txt"
    rows = [line.split("\t") for line in cc.read_text(encoding="utf-8").splitlines()]
    for row in rows[1:]:
        if row[2] == "3601":
            row[5] = "05/29/2027"
    cc.write_text("\n".join("\t".join(row) for row in rows) + "\n", encoding="utf-8")
    assert powerschool(exports, folder / "out", dt.date(2026, 12, 14)).exit_status == 0
    ahead = powerschool(exports, folder / "out", dt.date(2026, 12, 15), LIST)
    assert ahead.exit_status == 0 and classes(folder / "out") >= FALL
    return folder


def copied(folder: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(folder / "out", tmp_path / "out")
    shutil.copytree(folder / ".out.transform", tmp_path / ".out.transform")
    return folder / "in", tmp_path / "out"


def test_the_list_kept_after_semester_1_ended_removes_its_classes_and_exits_1(
    rostered_ahead: Path, tmp_path: Path
) -> None:
    exports, out = copied(rostered_ahead, tmp_path)
    kept = powerschool(exports, out, dt.date(2027, 1, 20), LIST)
    assert kept.report.published and kept.exit_status == 1
    assert not FALL & classes(out) and not FALL & student_classes(out)
    assert kept.report.counts.get("X937") and "X906" not in kept.report.counts
    [stale] = said(kept, "X842")
    assert str(stale).startswith("X842 term-named-ended: --term S1 names a term that ended on 2027-01-15")
    # S2 and 26-27 run, nothing follows S1 that they do not choose: the date chooses them by itself.
    assert "(the command's terms then: none: run without --term (the date rosters" in str(stale)
    step = next_step(kept, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: take --term S1 out of the nightly job (the command's terms then: none: run without")
    corrected = powerschool(exports, out, dt.date(2027, 1, 21))
    assert corrected.exit_status == 0 and corrected.report.published and "X842" not in corrected.report.counts
    assert not FALL & classes(out)


def test_the_list_kept_into_the_summer_is_nothing_due_but_exits_1(rostered_ahead: Path, tmp_path: Path) -> None:
    """reviewer111 R2: every night from 29 May was X916 (every class left out), its Next the generic
    'change what leaves them out'. Now as without --term (F422), each --term named to take out."""
    exports, out = copied(rostered_ahead, tmp_path)
    assert powerschool(exports, out, dt.date(2027, 2, 15), ("S2", "26-27")).exit_status == 0
    june = powerschool(exports, out, dt.date(2027, 6, 5), LIST)
    assert june.exit_status == 1 and not june.report.published
    assert june.report.counts.get("F422") and "X916" not in june.report.counts
    assert [p.params["term"] for p in said(june, "X842")] == list(LIST)
    step = next_step(june, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: take --term S1 --term S2 --term 26-27 out of the nightly job")
    assert "none: run without --term" in step
    assert powerschool(exports, out, dt.date(2027, 6, 6)).exit_status == 0


def campus(exports: Path, out: Path, day: dt.date, terms: tuple[str, ...]) -> api.RunResult:
    now = dt.datetime.combine(day, dt.time(2), tzinfo=dt.UTC)
    written = (now - dt.timedelta(hours=1)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))
    options = api.RunOptions(profile="infinite-campus", in_dir=exports, out_dir=out, as_of=day, now=now, terms=terms)
    return api.run(options)


def test_campus_blank_end_dates_the_ended_quarter_leaves_with_the_list_kept(tmp_path: Path) -> None:
    """Infinite Campus's roster rows have no end date: Q2's class 90011 stayed in Remind, its students
    enrolled, every night to 1 March at exit 0 under --term Q2 --term Q3 --term '25-26 Year'."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "infinite-campus" / "district" / "in", exports)
    with (exports / "sections.csv").open("a", encoding="utf-8") as sections:  # the quarter rostered ahead
        sections.write("90014,0420,SCI7,Science 7,2,7002,,Q3,01/19/2027,03/26/2027,2,0\n")
    with (exports / "roster.csv").open("a", encoding="utf-8") as roster:
        roster.write("51300,90014,01/19/2027,\n")
    out = tmp_path / "out"
    listed = ("Q2", "Q3", "25-26 Year")
    assert campus(exports, out, dt.date(2026, 12, 14), ()).exit_status == 0
    ahead = campus(exports, out, dt.date(2026, 12, 15), listed)
    assert ahead.exit_status == 0 and "90011" in student_classes(out)
    kept = campus(exports, out, dt.date(2027, 1, 20), listed)
    assert kept.report.published and kept.exit_status == 1
    assert "90011" not in classes(out) and kept.report.counts.get("X937")
    assert [p.params["term"] for p in said(kept, "X842")] == ["Q2"]
    corrected = campus(exports, out, dt.date(2027, 1, 21), ("Q3", "25-26 Year"))
    assert corrected.exit_status == 0 and "X842" not in corrected.report.counts


def stopped_by_x916(*ended: tuple[str, str]) -> tuple[api.RunResult, Report]:
    report = Report()
    for term, end in ended:
        report.add(codes.code("term-named-ended"), Where(), term=term, end=end, effect="", then="")
    stop = Problem(
        codes.code("table-empty"),
        Where(file="classes.csv"),
        {"table": "classes", "files": "sections.txt", "rows": 15, "cause": "", "top_id": "F411"},
    )
    return api.RunResult(report, 1, [stop]), report


def test_x916_of_classes_left_out_by_term_names_what_left_them_out() -> None:
    """summary._fix_first's branch for a code whose fix is 'Nothing to do' (F411): what left the
    records out is named, not the records; with a --term that names an ended term (X842), that --term."""
    result, _ = stopped_by_x916()
    step = next_step(result, out_dir=Path("out"), explain_path=None, upload=False)
    assert step.startswith("Next: F411 term-not-selected left out most of the records (a class's term is not")
    assert "change what leaves them out (the profile, --term, --school) and rerun." in step
    assert "ended" not in step
    result, _ = stopped_by_x916(("S1", "2027-01-15"))
    step = next_step(result, out_dir=Path("out"), explain_path=None, upload=False)
    assert "and rerun. --term S1 (ended on 2027-01-15) names a term that ended: take it out of the job." in step


def test_x819_names_the_quarter_starting_with_the_semester_rostered_ahead(tmp_path: Path) -> None:
    """reviewer111 R5: quarters beside semesters at school 100. X819's command on 15 December added the
    running Quarter 2 only; followed, Quarter 3 (starting with Semester 2 on 11 January) was never
    rostered ahead, and its first night was refused (X819 again). Now the command adds it."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    with (exports / "terms.txt").open("a", encoding="utf-8", newline="") as terms:
        terms.write("3612\t100\t36\tQuarter 2\tQ2\t10/19/2026\t01/08/2027\t0\r\n")
        terms.write("3613\t100\t36\tQuarter 3\tQ3\t01/11/2027\t03/19/2027\t0\r\n")
    with (exports / "sections.txt").open("a", encoding="utf-8", newline="") as sections:
        sections.write("1010\t100\tELA5\t10\t3612\t1(A)\t101\t5\r\n1011\t100\tELA5\t11\t3613\t1(A)\t101\t5\r\n")
    cc = exports / "cc.txt"
    kids = [line.split("\t")[0] for line in cc.read_text(encoding="utf-8").splitlines()[1:] if "\t1001\t" in line]
    with cc.open("a", encoding="utf-8", newline="") as rows:
        rows.writelines(f"{kid}\t1010\t3612\t100\t10/19/2026\t01/09/2027\r\n" for kid in kids)
    out = tmp_path / "out"
    refused = powerschool(exports, out, dt.date(2026, 12, 15), LIST)
    [stop] = [p for p in refused.problems if p.code.id == "X819"]
    assert "(the command's terms then: --term S1 --term S2 --term 26-27 --term 'Quarter 2' --term 'Quarter 3')" in str(
        stop.params["step"]
    )
    assert "and --term 'Quarter 3', starting with the term chosen ahead" in str(stop.params["step"])


def quarters_3_and_4(tmp_path: Path) -> Path:
    """The bundled district with Quarter 3 (to Friday 19 March) and Quarter 4 (from Monday 22 March) at
    school 100 beside its semesters, a class of each (1011, 1012) holding class 1001's students."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    with (exports / "terms.txt").open("a", encoding="utf-8", newline="") as terms:
        terms.write("3613\t100\t36\tQuarter 3\tQ3\t01/11/2027\t03/19/2027\t0\r\n")
        terms.write("3614\t100\t36\tQuarter 4\tQ4\t03/22/2027\t05/28/2027\t0\r\n")
    with (exports / "sections.txt").open("a", encoding="utf-8", newline="") as sections:
        sections.write("1011\t100\tELA5\t11\t3613\t1(A)\t101\t5\r\n1012\t100\tELA5\t12\t3614\t1(A)\t101\t5\r\n")
    cc = exports / "cc.txt"
    kids = [line.split("\t")[0] for line in cc.read_text(encoding="utf-8").splitlines()[1:] if "\t1001\t" in line]
    with cc.open("a", encoding="utf-8", newline="") as rows:
        rows.writelines(f"{kid}\t1011\t3613\t100\t01/11/2027\t03/20/2027\r\n" for kid in kids)
        rows.writelines(f"{kid}\t1012\t3614\t100\t03/22/2027\t05/28/2027\r\n" for kid in kids)
    return exports


def test_x842_replaces_the_ended_quarter_with_the_next_one_rostered_ahead(tmp_path: Path) -> None:
    """Q4 (first fixer's r_q4b, tester61 Y1 with trimesters): on Saturday 20 March, Quarter 3 over, X842 said
    to take --term 'Quarter 3' out, the command's terms then --term S2 --term 26-27: followed, Quarter 4 was
    never rostered ahead and its first day, Monday 22 March, was refused (X819 'Add --term Quarter 4'). Now
    the ended --term is replaced by the term that follows it at its school, and the Next followed exits 0,
    Quarter 4's class published from the Saturday on; X819's command adds it too."""
    exports = quarters_3_and_4(tmp_path)
    out = tmp_path / "out"
    job = ("S2", "26-27", "Quarter 3")
    assert powerschool(exports, out, dt.date(2027, 3, 19), job).exit_status == 0
    kept = powerschool(exports, out, dt.date(2027, 3, 20), job)
    assert kept.exit_status == 1 and kept.report.published
    [stale] = said(kept, "X842")
    then = "--term S2 --term 26-27 --term 'Quarter 4'"
    assert "and add --term 'Quarter 4' (the term that follows it, from 2027-03-22: rostered ahead) " in str(stale)
    assert f"(the command's terms then: {then})" in str(stale)
    step = next_step(kept, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: take --term 'Quarter 3' out of the nightly job and add --term 'Quarter 4' (")
    assert f"(the command's terms then: {then});" in step
    followed = ("S2", "26-27", "Quarter 4")
    for day in (dt.date(2027, 3, 20), dt.date(2027, 3, 22)):
        night = powerschool(exports, out, day, followed)
        assert night.exit_status == 0 and "1012" in classes(out) and "1011" not in classes(out), day
    # Semester 2 left out beside the ended Quarter 3: X819's command replaces Quarter 3 with Quarter 4 too.
    refused = powerschool(exports, tmp_path / "other", dt.date(2027, 3, 20), ("S1", "26-27", "Quarter 3"))
    [stop] = [p for p in refused.problems if p.code.id == "X819"]
    assert "take out --term 'Quarter 3' (it ended on 2027-03-19; --term 'Quarter 4' follows it)" in str(
        stop.params["step"]
    )
    assert "(the command's terms then: --term 26-27 --term 'Semester 2' --term 'Quarter 4')" in str(stop.params["step"])
