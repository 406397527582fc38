"""The safety gate for classes under new IDs (pipeline.class_gate). A school's sections imported
again, or a connector sending another ID column, give every class of the school a new ID while
its title, term, teacher and students stay: the whole-file limits see as many classes added as
removed, and a small school's were published at exit 0 (tester35 F5). Remind deletes a class
that leaves the set, with its conversations, and creates the new one.

The district (benchmarks.synthetic): 20 schools (100 to 119), 16 sections each in sections.txt
(IDs 100000 + 16 * s + k), of the year (3600), semester 1 (3601) or semester 2 (3602)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from tests.synthetic_nights import first_set
from tests.test_cli import transform
from transform import api
from transform.report.render import LogContext, json_line
from transform.report.summary import next_step

AS_OF = dt.date(2026, 10, 15)
REKEYED = ("X949", "X919")

# One xdist worker takes the module's tests: it publishes the district's first night once.
pytestmark = pytest.mark.xdist_group("classes_rekeyed")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("district") / "in"
    write_district(folder, 1000)  # 16 sections a school, as 1,500 students had
    return folder


def run(exports: Path, out: Path, as_of: dt.date = AS_OF, **options: object) -> api.RunResult:
    """With --jobs 2: the enrolments made by a second process (pipeline.overlap), the path the
    1,500-student district this module had took by default (over overlap.AHEAD_MIN_ROWS enrolment
    rows); 1,000 students cost less a night."""
    options.setdefault("jobs", 2)
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, **options))  # type: ignore[arg-type]


def first_night(district: Path, tmp_path: Path, into: str = "out") -> Path:
    """tmp_path/`into`: the district published on AS_OF, as last night's set (made once per process
    and copied with its state folder: synthetic_nights.first_set)."""

    def publish(out: Path) -> None:
        assert run(district, out).exit_status == 0

    return first_set((district, AS_OF), district.parent, tmp_path, publish, into=into)


Row = list[str]


def edited(district: Path, tmp_path: Path, sections: Callable[[Row], Row], cc: Callable[[Row], list[Row]]) -> Path:
    """The district's exports with each row of sections.txt passed through `sections`, and each of
    cc.txt replaced by what `cc` makes of it."""
    folder = tmp_path / "tonight"
    shutil.copytree(district, folder)
    for name, edit in (("sections.txt", lambda row: [sections(row)]), ("cc.txt", cc)):
        path = folder / name
        header, *rows = path.read_bytes().decode("utf-8").split("\r\n")[:-1]
        kept = [new for row in rows for new in edit(row.split("\t"))]
        path.write_bytes(("\r\n".join([header, *("\t".join(r) for r in kept)]) + "\r\n").encode("utf-8"))
    return folder


def rekeyed(district: Path, tmp_path: Path, sections: set[str]) -> Path:
    """These sections under new IDs ('9' before the old one), in sections.txt and cc.txt alike:
    the same school, course, section number, period, term, teacher and students."""

    def new(section: str) -> str:
        return f"9{section}" if section in sections else section

    return edited(
        district,
        tmp_path,
        lambda row: [new(row[0]), *row[1:]],
        lambda row: [[row[0], new(row[1]), *row[2:]]],
    )


def published_at(district: Path, school: str, terms: tuple[str, ...] = ("3600", "3601")) -> list[str]:
    """The sections of `school` of these terms (those published on AS_OF: the year's and
    semester 1's)."""
    rows = [line.split("\t") for line in (district / "sections.txt").read_text(encoding="utf-8").splitlines()[1:]]
    return [row[0] for row in rows if row[1] == school and row[4] in terms]


def classes_of(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_a_schools_classes_all_under_new_ids_are_refused(district: Path, tmp_path: Path) -> None:
    out = first_night(district, tmp_path)
    sections = sorted(set(published_at(district, "107")) & classes_of(out))
    assert len(sections) >= 5
    tonight = rekeyed(district, tmp_path, set(published_at(district, "107")))
    result = run(tonight, out)
    assert result.exit_status == 1 and not result.report.published
    assert not {"X906", "X993", "X997"} & set(result.report.counts)  # no class lost: the count holds
    (refusal,) = result.report.examples["X949"]
    first = sections[0]
    assert refusal.message.startswith(
        f"{len(sections)} of the {refusal.params['previous']} classes of the last published set are in tonight's "
        "set under new IDs ("
    )
    assert f"{len(sections)} of the {len(sections)} classes of school 107 (School 7)" in refusal.message
    assert f"{first} -> 9{first} (" in refusal.message
    assert "Remind would delete each class with its conversations and create a new one: nothing published" in (
        refusal.message
    )
    assert set(sections) <= classes_of(out)  # last night's set stays
    with (tmp_path / "out-removals.csv").open(encoding="utf-8", newline="") as handle:
        listed = {r["sourcedId"]: r["new_sourcedId"] for r in csv.DictReader(handle) if r["file"] == "classes.csv"}
    assert listed == {section: f"9{section}" for section in sections}
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Look at the removals file (new_sourcedId pairs each old class ID with the new one)")

    # The district's share under a raised limit: one school's classes mostly re-keyed still refuse.
    assert "X949" in run(tonight, out, max_reassigned=50.0).report.counts

    allowed = run(tonight, out, allow_rollover=True)
    assert allowed.exit_status == 0 and "X949" not in allowed.report.counts
    (note,) = allowed.report.examples["X919"]
    assert note.message.endswith("not refused for it (--allow-rollover)")
    assert {f"9{section}" for section in sections} <= classes_of(out)


def test_two_classes_under_new_ids_are_published_but_said(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under the limit (fewer than 3): published, but nobody accepted it, so a person must look
    (exit 1, "Published, but ..."), as for people under new IDs (X958)."""
    out, logged = first_night(district, tmp_path), first_night(district, tmp_path, "logged")
    two = sorted(set(published_at(district, "103")) & classes_of(out))[:2]
    tonight = rekeyed(district, tmp_path, set(two))
    result = run(tonight, out)
    assert result.exit_status == 1 and result.report.published
    (note,) = result.report.examples["X919"]
    assert note.message.startswith("2 of the ")
    assert f"{two[0]} -> 9{two[0]} (" in note.message and f"{two[1]} -> 9{two[1]} (" in note.message
    assert "under the limit: refused only from 3 classes and above 1.0%" in note.message
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Check the classes listed: if the sections were re-created in the SIS on purpose")
    # The scheduler's JSON line names it as what needs a person, and the command says it first.
    context = LogContext(started=dt.datetime(2026, 10, 15, tzinfo=dt.UTC), seconds=1.0, version="test")
    json_line(result, out_dir=out, context=context)
    line = json.loads(capsys.readouterr().err)
    assert line["published"] and line["exit"] == 1 and line["stopped_by_codes"] == ["X919"]
    quiet = transform("--profile", "powerschool", "--as-of", AS_OF.isoformat(), "--jobs", "2", tonight, logged, "-q")
    assert quiet.returncode == 1
    assert quiet.stderr.startswith("Published, but classes.csv: X919 classes-rekeyed: 2 of the "), quiet.stderr


def test_a_new_class_with_another_teacher_or_students_is_no_rekey(district: Path, tmp_path: Path) -> None:
    """Sections removed and added in their place under new IDs, the same title, course and
    period, but taught by another teacher of the school, or to a third of the students: classes
    of their own, not the same ones under new IDs."""
    out = first_night(district, tmp_path)
    a, b, c, d = sorted(set(published_at(district, "104")) & classes_of(out))[:4]
    rows = (district / "teachers.txt").read_text(encoding="utf-8").splitlines()[1:]
    at_104 = [row.split("\t")[0] for row in rows if row.split("\t")[2] == "104"]

    def sections(row: Row) -> Row:
        if row[0] in (a, b):  # another teacher
            return [f"9{row[0]}", *row[1:6], next(t for t in at_104 if t != row[6])]
        return [f"9{row[0]}", *row[1:]] if row[0] in (c, d) else row

    def cc(row: Row) -> list[Row]:
        if row[1] in (c, d):  # a third of the students stay
            return [[row[0], f"9{row[1]}", *row[2:]]] if int(row[0]) % 3 == 0 else []
        return [[row[0], f"9{row[1]}", *row[2:]]] if row[1] in (a, b) else [row]

    result = run(edited(district, tmp_path, sections, cc), out)
    assert not set(REKEYED) & set(result.report.counts), result.report.examples.get("X949")


def test_a_semester_change_is_no_rekey(district: Path, tmp_path: Path) -> None:
    """Semester 1's sections end, and semester 2 brings every one of them again under a new ID, with
    the same course, section number, period, teacher and students (a course taught all year as
    two semesters): its term ended, and the new class's term differs. Published at exit 0 (X937)."""
    s1 = {s for school in range(100, 120) for s in published_at(district, str(school), ("3601",))}

    def sections(row: Row) -> Row:
        return row

    exports = edited(district, tmp_path, sections, lambda row: [row])
    # Each semester-1 section gets a semester-2 copy under a new ID, in both exports.
    for name, copy in (
        ("sections.txt", lambda row: [f"8{row[0]}", *row[1:4], "3602", *row[5:]]),
        ("cc.txt", lambda row: [row[0], f"8{row[1]}", "3602", row[3], "01/11/2027", "05/29/2027"]),
    ):
        path = exports / name
        at = 0 if name == "sections.txt" else 1
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]
        added = ["\t".join(copy(row)) for row in rows if row[at] in s1]
        path.write_bytes(path.read_bytes() + ("\r\n".join(added) + "\r\n").encode("utf-8"))
    out = tmp_path / "out"
    assert run(exports, out, as_of=dt.date(2026, 12, 15)).exit_status == 0
    published = s1 & classes_of(out)
    assert len(published) >= 40
    result = run(exports, out, as_of=dt.date(2027, 1, 20))
    assert not set(REKEYED) & set(result.report.counts), result.report.examples.get("X949")
    assert result.exit_status == 0 and "X937" in result.report.counts
    assert {f"8{section}" for section in published} <= classes_of(out) and not s1 & classes_of(out)


def test_a_class_moved_to_another_term_is_no_rekey(district: Path, tmp_path: Path) -> None:
    """Year-long sections of school 106 come back under new IDs in semester 2 alone (the same
    course, teacher and students): no term ended, but the term differs, so each is another class
    (a schedule change, not an ID column): no X949."""
    year = set(published_at(district, "106", ("3600",)))
    assert len(year) >= 3

    def sections(row: Row) -> Row:
        return [f"9{row[0]}", *row[1:4], "3602", *row[5:]] if row[0] in year else row

    def cc(row: Row) -> list[Row]:
        if row[1] in year:
            return [[row[0], f"9{row[1]}", "3602", row[3], "01/11/2027", "05/29/2027"]]
        return [row]

    out = tmp_path / "out"
    assert run(district, out, as_of=dt.date(2027, 1, 20)).exit_status == 0
    result = run(edited(district, tmp_path, sections, cc), out, as_of=dt.date(2027, 1, 20))
    assert not set(REKEYED) & set(result.report.counts), result.report.examples.get("X949")
    assert {f"9{section}" for section in year} <= classes_of(out)


def test_a_class_whose_term_ended_is_never_paired(tmp_path: Path) -> None:
    """A removed class the calendar explains (Change.ended) is not looked for among the added
    ones, whatever they hold."""
    from transform.pipeline.class_gate import rekeyed_classes
    from transform.pipeline.gate import Change, IdSet

    classes = "sourcedId,title,courseSourcedId,classCode,schoolSourcedId,termSourcedIds,periods\r\n"
    enrolments = "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role\r\n"
    for folder, class_id in (("last", "C1"), ("tonight", "N1")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "classes.csv").write_text(
            classes + f"{class_id},Algebra - 1(A),ALG,1,100,T1,1\r\n", encoding="utf-8", newline=""
        )
        rows = "".join(f"{class_id}-{u},{class_id},100,{u},{'teacher' if u == 't' else 'student'}\r\n" for u in "tabc")
        (tmp_path / folder / "enrollments.csv").write_text(enrolments + rows, encoding="utf-8", newline="")
        (tmp_path / folder / "orgs.csv").write_text("sourcedId,name\r\n100,School\r\n", encoding="utf-8", newline="")
    added = IdSet()
    added.add("N1")
    change = Change(previous=1, now=1, added=1, removed=["C1"], added_ids=added)
    found = rekeyed_classes(tmp_path / "last", tmp_path / "tonight", change)
    assert found.moved == [("C1", "N1", "Algebra - 1(A)", "100")]
    change.ended = {"C1": "T1 ended 2027-01-08"}
    assert rekeyed_classes(tmp_path / "last", tmp_path / "tonight", change).moved == []
