"""A guardians export cut short at a line's end (tester58 F0b, tester60 F3).

Skyward's guardian.csv missing its last lines (a copy that stopped between two lines): every row
left whole, the parents of the lines gone removed from Remind and their children unlinked, under
the removal limits, at exit 0, no code. The same cut of an enrolments export was X884; now the
guardians export is recorded too and a cut of it is refused, while the ordinary nights of a
guardians export (a parent's rows removed, a phone edited, the file sorted anew, a new sibling's
row added, withdrawn students' contacts gone with them) publish, night after night.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

DISTRICT = FIXTURES / "skyward-sms" / "district" / "in"
FIRST = dt.datetime(2026, 12, 1, 2, tzinfo=dt.UTC)
HEADER = "STUDENT-ID,NAME-ID,FIRST-NAME,LAST-NAME,INTERNET-ADDRESS,PRIMARY-PHONE,CUST-PAR,RELATION"
STUDENTS = ("5001", "5002", "5003", "5004", "5006")


def contacts(*, then: tuple[str, ...] = ()) -> list[str]:
    """The fixture's rows, then twelve custodial parents of one child each and a grandmother
    raising three siblings (her three rows last), then a parent of each student of `then`."""
    rows = (DISTRICT / "guardian.csv").read_text(encoding="utf-8").splitlines()[1:]
    for number in range(12):
        student = STUDENTS[number % len(STUDENTS)]
        rows.append(f"{student},{89001 + number},Pat{number},Lee,p{number}@example.com,715-555-01{number:02},Y,Mother")
    hers = [f"{s},89100,Rosa,Diaz,rosa@example.com,715-555-0199,Y,Guardian" for s in ("5003", "5006", "5002")]
    last = [f"{s},{89201 + n},Sam{n},Ray,s{n}@example.com,715-555-02{n:02},Y,Father" for n, s in enumerate(then)]
    return [*rows, *hers, *last]


def night(
    exports: Path,
    out: Path,
    number: int,
    rows: list[str],
    *,
    withdrawn: tuple[str, ...] = (),
    also: tuple[str, ...] = (),
    **flags: bool,
) -> api.RunResult:
    """A night's run; `also`: students listed after the fixture's (STUDENT-IDs), copies of 5004."""
    (exports / "guardian.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    students = (DISTRICT / "student.csv").read_text(encoding="utf-8").splitlines()
    model = next(line for line in students if line.startswith("5004,"))
    students += [f"{sid},0{sid},Kid{sid},,Okafor{sid}," + model.split(",", 5)[5] for sid in also]
    for at, line in enumerate(students):
        cells = line.split(",")
        if cells[0] in withdrawn:
            cells[9] = "I"  # STUDENT-STATUS: inactive
            students[at] = ",".join(cells)
    (exports / "student.csv").write_text("\n".join(students) + "\n", encoding="utf-8")
    now = FIRST + dt.timedelta(days=number)
    for path in exports.iterdir():
        os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
    options = api.RunOptions(
        profile="skyward-sms", in_dir=exports, out_dir=out, as_of=now.date(), now=now, max_removal=60, **flags
    )
    return api.run(options)


def parents(out: Path) -> set[str]:
    users = (out / "users.csv").read_text().splitlines()
    return {line.split(",")[0] for line in users if ",parent," in line or ",guardian," in line}


def first_night(tmp_path: Path, rows: list[str] | None = None) -> tuple[Path, Path]:
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    result = night(exports, out, 0, rows or contacts())
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    return exports, out


def test_a_guardians_export_cut_at_a_lines_end_is_refused(tmp_path: Path) -> None:
    exports, out = first_night(tmp_path)
    held = parents(out)
    result = night(exports, out, 1, contacts()[:-7])
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X884"]
    assert refused.message.startswith("guardian.csv ends tonight at a line that had 7 more after it")
    assert (
        "(the last 7 of the lines gone named NAME-ID 89009 (of STUDENT-ID 5004); NAME-ID 89010 (of" in refused.message
    )
    assert parents(out) == held  # the last set stays, every parent in it
    again = night(exports, out, 2, contacts())  # the whole export the next night
    assert again.exit_status == api.EXIT_PUBLISHED and parents(out) == held


def test_a_flag_left_in_the_nightly_job_never_publishes_a_cut_unsaid(tmp_path: Path) -> None:
    """tester74 F1: --allow-rollover (the new year's flag) or --allow-incomplete left in the job skipped
    the cut check: five parents removed from Remind and their children unlinked at exit 0, no code."""
    exports, out = first_night(tmp_path)
    held = parents(out)
    rollover = night(exports, out, 1, contacts()[:-7], allow_rollover=True)  # no new year cuts a file
    assert rollover.exit_status == api.EXIT_NOT_PUBLISHED and "X884" in {p.code.id for p in rollover.problems}
    assert parents(out) == held
    # The flag X884 names publishes the cut, said, and exits 1: a person must look, every such night.
    anyway = night(exports, out, 1, contacts()[:-7], allow_incomplete=True)
    assert anyway.report.published and anyway.exit_status == api.EXIT_NOT_PUBLISHED
    (said,) = anyway.report.examples["F451"]
    assert said.message.startswith("guardian.csv ends tonight at a line that had 7 more after it")
    assert said.params["refused"] == "X884" and len(held - parents(out)) == 5  # the last seven lines' parents
    # The whole export again, the flag still in the job: the parents are back, nothing to look at.
    whole = night(exports, out, 2, contacts(), allow_incomplete=True)
    assert whole.exit_status == api.EXIT_PUBLISHED and parents(out) == held and "F451" not in whole.report.counts
    # A later cut with the flag still in: said again, exit 1.
    later = night(exports, out, 3, contacts()[:-5], allow_incomplete=True)
    assert later.exit_status == api.EXIT_NOT_PUBLISHED and later.report.counts["F451"] == 1


def test_the_ordinary_nights_of_a_guardians_export_publish(tmp_path: Path) -> None:
    exports, out = first_night(tmp_path)
    rows = contacts()
    edited = rows[-1].replace("715-555-0199", "715-555-0200")
    nights = {
        "the grandmother's rows removed (her three grandchildren's links)": (rows[:-3], ()),
        "her phone edited on the last line": ([*rows[:-1], edited], ()),
        "the file sorted anew": ([rows[0], *reversed(rows[1:])], ()),
        "a new sibling's row added last": (
            [*rows, "5004,89100,Rosa,Diaz,rosa@example.com,715-555-0199,Y,Guardian"],
            (),
        ),
        "one parent's custody row of one child removed, both still listed": ([*rows[:-2], rows[-1]], ()),
    }
    for number, (said, (tonight, withdrawn)) in enumerate(nights.items(), start=1):
        night(exports, out, 2 * number - 1, rows)  # back to the whole export between two
        result = night(exports, out, 2 * number, tonight, withdrawn=withdrawn)
        assert result.exit_status == api.EXIT_PUBLISHED, (said, [str(p) for p in result.report.aborts])
        assert "X884" not in result.report.counts, said


def test_withdrawn_students_whose_contacts_rows_were_last_publish(tmp_path: Path) -> None:
    """Two students withdrawn (STUDENT-STATUS I): the SIS job lists the contacts of active students
    only, and their parents' rows, the last four lines, leave it with two of the grandmother's."""
    rows = contacts(then=("5003", "5006", "5003", "5006"))
    exports, out = first_night(tmp_path, rows)
    tonight = [row for row in rows if row.split(",")[0] not in ("5003", "5006")]
    result = night(exports, out, 1, tonight, withdrawn=("5003", "5006"))
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    assert "X884" not in result.report.counts
    assert "G89100" in parents(out)  # the grandmother kept for the grandchild still enrolled
    assert night(exports, out, 2, rows).exit_status == api.EXIT_PUBLISHED  # back the next night
    cut = night(exports, out, 3, tonight)  # the same lines gone, the students enrolled: a cut
    assert [p.code.id for p in cut.problems if p.code.id == "X884"] == ["X884"]


def test_a_cut_powerschool_contacts_export_names_each_contact_without_a_blank_student(tmp_path: Path) -> None:
    """PowerSchool's contacts.csv: a contact's own row (name, email) names no student, the rows
    after it one student each. Cut after C300's first student row, X884 listed 'studentNumber ,
    1004' for each contact gone, the blank of the contact's own row first (tester65 F4)."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(FIXTURES / "powerschool" / "contacts" / "in", exports)
    first = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
    options = {"profile": "powerschool", "in_dir": exports, "out_dir": out}
    assert api.run(api.RunOptions(as_of=first.date(), now=first, **options)).exit_status == api.EXIT_PUBLISHED  # type: ignore[arg-type]
    path = exports / "contacts.csv"
    path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[:9]))
    second = first + dt.timedelta(days=1)
    result = api.run(api.RunOptions(as_of=second.date(), now=second, **options))  # type: ignore[arg-type]
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    (refused,) = [p for p in result.problems if p.code.id == "X884"]
    assert "Contact ID/New Contact Identifier C500 (of studentNumber 1005))" in refused.message
    assert "studentNumber ," not in refused.message and "C400  " not in refused.message


def test_contacts_of_students_out_of_the_last_set_purged_since_are_no_cut(tmp_path: Path) -> None:
    """tester90 T2c: three students withdrawn before the last set (left out of it), their parents'
    rows the contacts export's last lines; the SIS purges them from both exports. Their lines
    reached neither set: nothing of it changes, no X884, while another withdrawn student still
    listed keeps the students export from reading as one of active students only."""
    gone = ("5901", "5902", "5903")
    rows = contacts(then=gone)
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    first = night(exports, out, 0, rows, withdrawn=("5004", *gone), also=gone)
    assert first.report.published and not {"G89201", "G89202", "G89203"} & parents(out)
    held = parents(out)
    tonight = night(exports, out, 1, rows[: -len(gone)], withdrawn=("5004",))
    assert "X884" not in tonight.report.counts, [str(p) for p in tonight.report.aborts]
    assert tonight.exit_status == api.EXIT_PUBLISHED and parents(out) == held
    # The same lines gone while their students are enrolled and published: a cut.
    night(exports, out, 2, rows, withdrawn=("5004",), also=gone)
    cut = night(exports, out, 3, rows[: -len(gone)], withdrawn=("5004",), also=gone)
    assert "X884" in cut.report.counts and not cut.report.published


def test_contacts_of_students_first_published_tonight_cut_from_the_export_are_a_cut(tmp_path: Path) -> None:
    """guardian_tails._reaching discounts a line gone through a join only where its contact is in neither
    set AND its student is listed by no students row tonight. Three students left out of the last set
    (inactive then, listed) come back active tonight, their parents' rows the contacts export's last
    lines: neither set holds those parents (the last set left them out with their children, tonight's
    lacks their lines), but the students are published tonight. The export cut by those lines is a
    cut: refused (X884), not three students published without a parent at exit 0."""
    back = ("5901", "5902", "5903")
    rows = contacts(then=back)
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    first = night(exports, out, 0, rows, withdrawn=("5004", *back), also=back)
    assert first.report.published and not {"G89201", "G89202", "G89203"} & parents(out)
    cut = night(exports, out, 1, rows[: -len(back)], withdrawn=("5004",), also=back)
    assert "X884" in cut.report.counts and not cut.report.published
    whole = night(exports, out, 2, rows, withdrawn=("5004",), also=back)  # the export whole again
    assert whole.report.published and {"G89201", "G89202", "G89203"} <= parents(out)
