"""A night with nothing due (the summer, F422) publishes nothing and keeps the last set, so the safety gate
that refuses an empty or shrunken export was never reached: a students export written 0 bytes in July, a
header only, or cut to a tenth, said 'nothing due' at exit 0 every night, and the broken SIS job was heard of
on the first day of school, refused on the busiest night (summer52). The exports the users are made from are
held to the rows the last published set was made with on such a night too: a broken one is X819, exit 1,
nothing published either way. An ordinary summer (graduates gone, next year's students entered, a teacher
leaving) stays F422, exit 0."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests import unbundled_district as gradelink
from transform import api

LAST_WEEK = dt.date(2027, 6, 2)  # the year's last day is 4 June
JULY = dt.date(2027, 7, 14)


def published_files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.csv"))}


def codes(result: api.RunResult) -> set[str]:
    return set(result.report.counts)


@pytest.fixture
def last_week(tmp_path: Path) -> Path:
    """The Gradelink-shaped district published in the last week of the year."""
    out = tmp_path / "out"
    result = gradelink.run(gradelink.district().write(tmp_path / "june"), out, "python", as_of=LAST_WEEK)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    return out


def cut_to(path: Path, share: float) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[: 1 + int((len(lines) - 1) * share)]) + "\n", encoding="utf-8")


BROKEN = {
    "0 bytes": lambda folder: (folder / "Students.csv").write_bytes(b""),
    "a header only": lambda folder: cut_to(folder / "Students.csv", 0),
    "a tenth": lambda folder: cut_to(folder / "Students.csv", 0.1),
    "staff, a header only": lambda folder: cut_to(folder / "Teachers.csv", 0),
}


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("broken", sorted(BROKEN))
def test_a_broken_people_export_in_july_is_said_at_exit_1(
    tmp_path: Path, last_week: Path, broken: str, engine: str
) -> None:
    before = published_files(last_week)
    tonight = gradelink.district().write(tmp_path / "july")
    BROKEN[broken](tonight)
    result = gradelink.run(tonight, last_week, engine, as_of=JULY)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert [p.code.id for p in result.problems] == ["X819"]
    said = str(result.problems[0])
    file = "Teachers.csv" if broken.startswith("staff") else "Students.csv"
    assert file in said and "F422" in said and "the last set stays" in said
    assert published_files(last_week) == before


def test_a_terms_export_under_half_in_july_is_said_at_exit_1(tmp_path: Path, last_week: Path) -> None:
    """Terms.csv keeps one of its four rows (school 100's 2026-2027, ended on 4 June): the term filter
    still says the summer, and the export the classes' term dates are joined from is broken."""
    tonight = gradelink.district().write(tmp_path / "july")
    lines = (tonight / "Terms.csv").read_text(encoding="utf-8").splitlines()
    (tonight / "Terms.csv").write_text(
        "\n".join([lines[0], *[x for x in lines if x.startswith("100,2026-2027")]]) + "\n"
    )
    result = gradelink.run(tonight, last_week, "python", as_of=JULY)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    [broken] = result.problems
    assert broken.code.id == "X819" and broken.params["file"] == "Terms.csv"
    assert "has 1 rows, under half the 4" in str(broken.params["held"])


def test_the_same_night_with_the_export_whole_is_the_summer(tmp_path: Path, last_week: Path) -> None:
    result = gradelink.run(gradelink.district().write(tmp_path / "july"), last_week, "python", as_of=JULY)
    assert result.exit_status == api.EXIT_PUBLISHED and not result.report.published
    assert "F422" in codes(result) and "X819" not in codes(result)


def test_an_ordinary_summer_is_nothing_due(tmp_path: Path, last_week: Path) -> None:
    """Grade 8 graduated (a students export without them), next year's kindergarten entered, a teacher
    gone and another left inactive, a few students marked inactive: the exports lose a share of their
    rows no broken job would keep, and the night is the summer."""
    before = published_files(last_week)
    summer = gradelink.district()
    summer.students = [s for s in summer.students if s["Grade"] != "8"]
    for s in summer.students[:6]:
        s["Status"] = "Inactive"
    for n in range(20):
        summer.students.append(
            {
                "Student ID": str(3001 + n),
                "First Name": "New",
                "Last Name": f"Kinder{n}",
                "Grade": "K",
                "School": gradelink.SCHOOLS[n % 2],
                "Status": "Active",
            }
        )
    summer.teachers = summer.teachers[1:]
    summer.teachers[0]["Active"] = "No"
    result = gradelink.run(summer.write(tmp_path / "july"), last_week, "python", as_of=JULY)
    assert result.exit_status == api.EXIT_PUBLISHED and not result.report.published
    assert "F422" in codes(result) and "X819" not in codes(result)
    assert published_files(last_week) == before


def test_allow_rollover_takes_an_export_empty_on_purpose(tmp_path: Path, last_week: Path) -> None:
    """A SIS that lists nobody between school years: the summer night run with --allow-rollover is F422."""
    tonight = gradelink.district().write(tmp_path / "july")
    BROKEN["a header only"](tonight)
    result = gradelink.run(tonight, last_week, "python", as_of=JULY, allow_rollover=True)
    assert result.exit_status == api.EXIT_PUBLISHED and not result.report.published
    assert "F422" in codes(result) and "X819" not in codes(result)


def exported_at(folder: Path, moment: dt.datetime) -> Path:
    """The exports written by the SIS an hour before `moment` (their age is checked, X971)."""
    for path in folder.iterdir():
        os.utime(path, (moment.timestamp() - 3600, moment.timestamp() - 3600))
    return folder


def test_remind_s_90_days_are_said_beside_a_broken_export(tmp_path: Path) -> None:
    """Published on 2 June; on 25 August (day 84) without --upload the set must go up by hand (X996), and
    tonight's students export is a header only (X819): both said, exit 1, nothing published."""
    out = tmp_path / "out"
    june, then = gradelink.district().write(tmp_path / "june"), dt.datetime(2027, 6, 2, 22, tzinfo=dt.UTC)
    first = gradelink.run(exported_at(june, then), out, "python", as_of=then.date(), now=then)
    assert first.report.published
    tonight, now = gradelink.district().write(tmp_path / "august"), dt.datetime(2027, 8, 25, 22, tzinfo=dt.UTC)
    BROKEN["a header only"](tonight)
    result = gradelink.run(exported_at(tonight, now), out, "python", as_of=now.date(), now=now)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert {p.code.id for p in result.problems} == {"X819", "X996"}


def test_a_waiting_set_is_sent_on_a_night_whose_students_export_is_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The set whose upload failed is sent on the summer night (as on any night with nothing due), and the
    broken students export is said: exit 1 for the export, the server holding the set OUT holds."""
    from tests.test_deliver import _published_and_not_delivered, _trusted_server, run
    from tests.test_deliver_openssh import fewer_students

    smaller = fewer_students(tmp_path, 3)
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        _published_and_not_delivered(tmp_path, server, monkeypatch, smaller, as_of=dt.date(2026, 10, 16))
        students = smaller / "students.txt"
        students.write_bytes(students.read_bytes().splitlines(keepends=True)[0])  # a header only
        summer = run(tmp_path, server, in_dir=smaller, as_of=dt.date(2027, 7, 15))
        assert summer.exit_status == api.EXIT_NOT_PUBLISHED and not summer.report.published
        assert "X913" in summer.report.counts and [p.code.id for p in summer.problems] == ["X819"]
        out = tmp_path / "out"
        assert {p.name: p.read_bytes() for p in remote.iterdir()} == {p.name: p.read_bytes() for p in out.iterdir()}
