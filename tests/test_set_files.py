"""One reader of a written set's files (transform.pipeline.set_files) for the gate and the checks
after the writer: a byte order mark, quoted cells and a missing file read the same by all."""

from __future__ import annotations

from pathlib import Path

from transform.pipeline import (
    agent_links,
    break_kept,
    conflicts_unpublished,
    held_back,
    named_codes,
    set_files,
    student_twice,
)
from transform.report.problem import Where
from transform.report.report import Report

BOM = "\ufeff"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_a_set_file_with_a_bom_quotes_and_a_blank_line_reads_the_same_everywhere(tmp_path: Path) -> None:
    orgs = _write(
        tmp_path / "orgs.csv",
        f'{BOM}sourcedId,name,type\r\nd1,District,district\r\n\r\ns1,"Lincoln, Elementary",school\r\ns2,Short\r\n',
    )
    assert [(values["name"], sid) for values, sid in set_files.records_of(orgs)] == [
        ("District", "d1"),
        ("Lincoln, Elementary", "s1"),
        ("Short", "s2"),
    ]
    assert list(set_files.columns(orgs, "sourcedId", "type", "absent")) == [
        ("d1", "district", ""),
        ("s1", "school", ""),
        ("s2", "", ""),
    ]
    assert held_back._school_names(orgs) == {"d1": "District", "s1": "Lincoln, Elementary", "s2": "Short"}
    assert list(named_codes._schools(tmp_path)) == [("s1", "Lincoln, Elementary"), ("s2", "Short")]


def test_held_back_reads_a_staged_enrollments_csv_with_a_bom(tmp_path: Path) -> None:
    """It read enrollments.csv as plain UTF-8: a BOM made its first column '\\ufeffsourcedId' (KeyError)."""
    enrollments = _write(
        tmp_path / "enrollments.csv", f"{BOM}sourcedId,classSourcedId,userSourcedId\r\ne1,c1,u1\r\ne2,c2,u2\r\n"
    )
    assert held_back._enrolments_of(enrollments, {"c1"}) == {"e1"}


def test_a_file_not_there_holds_no_records(tmp_path: Path) -> None:
    missing = tmp_path / "users.csv"
    assert list(set_files.records(missing)) == []
    assert list(set_files.columns(missing, "sourcedId")) == []
    assert list(set_files.columns(None, "sourcedId")) == []
    assert held_back._enrolments_of(missing, {"c1"}) == set()
    assert held_back._school_names(missing) == {}
    assert list(named_codes._schools(tmp_path)) == []


def test_student_lines_are_cut_as_csv_where_quoted(tmp_path: Path) -> None:
    users = _write(
        tmp_path / "users.csv",
        f"{BOM}sourcedId,role,givenName,familyName\r\n"
        'u1,student,"Ann, Marie",Lee\r\nt1,teacher,Tom,Ray\r\nu2,student,Bo,Kim\r\n',
    )
    assert list(student_twice._students(users)) == [(2, "u1", "Ann, Marie", "Lee"), (4, "u2", "Bo", "Kim")]
    assert dict(student_twice._rows_at(users, {2}))[2]["givenName"] == "Ann, Marie"
    with set_files.lines(users) as (header, lines):
        assert header == ["sourcedId", "role", "givenName", "familyName"]
        assert [set_files.cells(text) for _, text in lines][1] == ["t1", "teacher", "Tom", "Ray"]


def test_the_last_set_s_users_with_a_bom_holds_its_people_for_x851(tmp_path: Path) -> None:
    """review178 R3: conflicts_unpublished read the last published users.csv as plain UTF-8: a BOM
    (hand-saved) made its first column '\ufeffsourcedId', the set held nobody, and X851 said a student
    it holds was not in Remind. Read as set_files reads every written set: she is held, nothing said."""
    _write(tmp_path / "users.csv", f"{BOM}sourcedId,role,givenName,familyName\r\nu1,student,Ann,Lee\r\n")
    report = Report()
    left_out = {"u1": (Where("students.csv", 3), {"role": "student"})}
    conflicts_unpublished.say(report, tmp_path, left_out)
    assert "X851" not in report.counts
    conflicts_unpublished.say(report, tmp_path, {"u2": (Where("students.csv", 4), {"role": "student"})})
    assert report.counts["X851"] == 1  # one the set does not hold is still said


def test_the_other_readers_of_a_written_set_read_a_bom_as_set_files_does(tmp_path: Path) -> None:
    """agent_links and break_kept read a published set with readers of their own (review178 R3)."""
    users = _write(tmp_path / "users.csv", f"{BOM}role,sourcedId\r\nparent,p1\r\nguardian,p2\r\nstudent,u1\r\n")
    assert agent_links._parents_in(users) == 2
    classes = _write(tmp_path / "classes.csv", f'{BOM}termSourcedIds,sourcedId\r\n"t1,t2",c1\r\nt3,c2\r\n')
    assert break_kept._class_ids(classes) == {"c1", "c2"}
    assert break_kept._class_terms(classes) == {"t1", "t2", "t3"}
    assert break_kept._class_terms(tmp_path / "gone.csv") is None
