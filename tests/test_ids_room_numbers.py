"""A staff export with a Room column whose numbers are the teachers' own IDs (reviewer65 F1).

Teacher IDs 101..112 and rooms 101..112, one a teacher. Two teachers left and the active-only
staff export dropped their rows while their classes still name them (106, 111): two colleagues'
rooms are 106 and 111. X811 took Room for a second ID series of the same people and refused the
first set with a fix nobody could follow ('make Classes.csv name them by Teacher ID'), and on a
later night said X811 in place of X882, the right cause. A column is another ID series only when
its values are one per person and not mostly IDs the profile keys on.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests import unbundled_district as unbundled

ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])
GONE = ("106", "111")


def _numbered_with_rooms(rooms_shared: bool = False) -> unbundled.District:
    """Teachers numbered 101..112, each with a Room of the same numbers (or rooms two share)."""
    made = unbundled.district()
    number = {t["Teacher ID"]: str(100 + int(t["Teacher ID"][1:])) for t in made.teachers}
    rooms = sorted(number.values())
    random.Random(5).shuffle(rooms)
    for n, teacher in enumerate(made.teachers):
        teacher["Teacher ID"] = number[teacher["Teacher ID"]]
        teacher["Room"] = rooms[n // 2] if rooms_shared else rooms[n]
    for row in made.classes:
        row["Teacher ID"] = number[row["Teacher ID"]]
    made.class_teacher = {c: number[t] for c, t in made.class_teacher.items()}
    return made


def _drop_the_departed(made: unbundled.District) -> None:
    made.teachers = [t for t in made.teachers if t["Teacher ID"] not in GONE]


@ENGINES
@pytest.mark.parametrize("rooms_shared", [False, True])
def test_departed_teachers_ids_that_are_colleagues_rooms_are_no_second_id_series(
    tmp_path: Path, engine: str, rooms_shared: bool
) -> None:
    made = _numbered_with_rooms(rooms_shared)
    _drop_the_departed(made)
    rooms = {t["Room"] for t in made.teachers}
    assert set(GONE) <= rooms or rooms_shared  # the coincidence the repro is about
    out = tmp_path / "out"
    result = unbundled.run(made.write(tmp_path / "in"), out, engine)
    assert result.exit_status == 0 and result.report.published, result.problems
    assert "X811" not in result.report.counts
    published = {u for (u,) in unbundled.published(out, "users.csv", "sourcedId")}
    assert published >= {t["Teacher ID"] for t in made.teachers} and not published & set(GONE)
    taught = unbundled.published(out, "enrollments.csv", "classSourcedId", "userSourcedId")
    orphaned = {c for c, t in made.class_teacher.items() if t in GONE}
    assert orphaned and not {(c, t) for c, t in taught if t in GONE}
    assert {(c, t) for c, t in made.class_teacher.items() if t not in GONE} <= set(taught)


def _refused_as_rows_missing(made: unbundled.District, tmp_path: Path, out: Path, engine: str) -> None:
    """The next night of `made` refused for rows missing (X882), not for another ID series (X811)."""
    later = unbundled.run(
        made.write(tmp_path / "night2"),
        out,
        engine,
        as_of=unbundled.AS_OF.replace(day=8),
        profile_path=tmp_path / "district.yaml",
    )
    assert later.exit_status == 1 and not later.report.published
    assert "X811" not in later.report.counts and "X882" in later.report.counts


@ENGINES
def test_a_later_night_losing_teachers_whose_ids_are_rooms_says_their_rows_are_missing(
    tmp_path: Path, engine: str
) -> None:
    made = _numbered_with_rooms()
    out = tmp_path / "out"
    assert unbundled.run(made.write(tmp_path / "night1"), out, engine).exit_status == 0
    before = (out / "users.csv").read_bytes()
    _drop_the_departed(made)
    _refused_as_rows_missing(made, tmp_path, out, engine)
    assert (out / "users.csv").read_bytes() == before


@ENGINES
def test_people_the_last_set_published_by_that_id_are_missing_rows_whatever_another_column_holds(
    tmp_path: Path, engine: str
) -> None:
    """An Employee Number column, one per person and of its own series, but two colleagues' numbers
    happen to be the IDs of two teachers whose rows are gone tonight: the last set published those
    two by these IDs, so it is their rows that are missing (X882), not a second series (X811)."""
    made = unbundled.district()
    gone = ("T006", "T011")
    out = tmp_path / "out"
    made.teachers[0]["Employee Number"], made.teachers[1]["Employee Number"] = gone
    assert unbundled.run(made.write(tmp_path / "night1"), out, engine).exit_status == 0
    made.teachers = [t for t in made.teachers if t["Teacher ID"] not in gone]
    _refused_as_rows_missing(made, tmp_path, out, engine)
