"""Students left out for schools missing from the schools export, counted once each (review77 F2).

X976 refuses one missing school of 10 users. X818 refused several smaller ones only when their
users outnumbered the students published, a bar set for itinerant staff at many program sites
(review74 R2): 15 small schools of 84 students beside 201 published went at exit 0. In a run of
every school, X818 now also refuses from 10 students left out so, each counted once however many
rows name such schools, and not at all when another row of theirs is published (reviewer90 R5).
Under --school or settings.schools only the old bar holds: a user of a school the run does not
roster is out of it, not lost (review77 F6), and deciding which are out failed twice (review90,
review94). A school in settings.exclude_schools is never missing: X818's step offers it for
program and placement sites.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

from tests.test_schools_missing_together import NOW, district, roles, run, stops
from transform import api

THREE_SMALL = {"300": 4, "400": 4, "500": 4}  # a teacher and four students each: 15 users, 12 students


def test_twelve_students_at_three_small_missing_schools_are_refused_beside_forty_published(tmp_path: Path) -> None:
    """15 users left out beside 40 students published: under the old bar, but 12 students, more than
    X976 refuses at one school."""
    result = run(district(tmp_path, missing=THREE_SMALL, present=40))
    assert result.exit_status == 1 and not result.report.published
    assert stops(result) == ["X818"]
    stop = result.report.aborts[0]
    assert stop.message.startswith(
        "15 students and staff name 3 schools that are not in the schools export (schools.txt), each with "
        "fewer users than a whole school ('300' (5), '400' (5), '500' (5)): each is left out (V502), with their "
        "classes, enrolments and parents, 12 of them students, each once (a whole school is 10 users); nothing "
        "published"
    ), stop.message
    # the whole list the profile should hold: powerschool's own with the three sites (review101 R5)
    assert "the whole list (exclude_schools: ['0', '999999', '300', '400', '500'])" in str(stop.params["step"])


def test_nine_students_at_three_small_missing_schools_publish_the_district_with_warnings(tmp_path: Path) -> None:
    """Nine students (and three teachers) at small sites missing beside 40 published: a warning each."""
    folder = tmp_path
    result = run(district(folder, missing={"300": 3, "400": 3, "500": 3}, present=40))
    assert roles(result, folder) == Counter({"student": 40, "parent": 40, "teacher": 1})
    # the 12 users and the 3 sites' classes
    assert result.report.counts["V502"] == 15 and result.report.schools_missing_students == 9
    assert not {"X976", "X818"} & set(result.report.counts)


def test_students_published_from_their_home_row_are_not_counted_for_a_second_row_at_a_missing_site(
    tmp_path: Path,
) -> None:
    """Twelve students of Cedar with a second row at one of three program sites the export lacks,
    each published from the first: nobody is lost, so no stop; the second rows are still said (V502)."""
    exports = district(tmp_path, missing={}, present=40)
    students = exports / "students.txt"
    rows = students.read_text(encoding="utf-8").splitlines()
    seconds = [row.replace("\t100\t", f"\t99{n % 3}\t", 1) for n, row in enumerate(rows[1:13])]
    students.write_text("\n".join([*rows, *seconds]) + "\n", encoding="utf-8")
    result = run(exports)
    assert roles(result, tmp_path)["student"] == 40
    assert result.report.schools_missing_students == 0
    assert not {"X976", "X818"} & set(result.report.counts)


def test_students_counted_lost_from_an_earlier_row_at_a_missing_site_are_not_once_their_home_row_is_kept(
    tmp_path: Path,
) -> None:
    """The same twelve second rows read BEFORE the home rows: each student is counted lost first,
    then published from the later row, and the count goes back to zero (review101 R4)."""
    exports = district(tmp_path, missing={}, present=40)
    students = exports / "students.txt"
    rows = students.read_text(encoding="utf-8").splitlines()
    seconds = [row.replace("\t100\t", f"\t99{n % 3}\t", 1) for n, row in enumerate(rows[1:13])]
    students.write_text("\n".join([rows[0], *seconds, *rows[1:]]) + "\n", encoding="utf-8")
    result = run(exports)
    assert result.exit_status == 0, stops(result)
    assert roles(result, tmp_path)["student"] == 40
    assert result.report.schools_missing_students == 0
    assert result.report.counts["V502"] >= 12


def test_under_a_school_listing_users_of_unlisted_sites_keep_the_old_bar(tmp_path: Path) -> None:
    """--school 100: the 12 students at three sites the export lacks are out of the run's roster
    (review77 F6), not counted against the 40 published."""
    folder = tmp_path
    result = run(district(folder, missing=THREE_SMALL, present=40), schools=("100",))
    assert roles(result, folder) == Counter({"student": 40, "parent": 40, "teacher": 1})
    assert "X818" not in result.report.counts


def test_program_sites_listed_in_exclude_schools_are_never_missing(tmp_path: Path) -> None:
    """X818's step followed word for word (test 1's list): the three sites in settings.exclude_schools
    publish Cedar, no warning."""
    exports = district(tmp_path, missing=THREE_SMALL, present=40)
    profile = tmp_path / "district.yaml"
    profile.write_text(
        'name: district\nextends: powerschool\nsettings:\n  exclude_schools: ["0", "999999", "300", "400", "500"]\n',
        encoding="utf-8",
    )
    options = api.RunOptions(
        profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), now=NOW
    )
    result = api.run(options)
    assert result.exit_status == 0, stops(result)
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as users:
        published = Counter(row["role"] for row in csv.DictReader(users))
    assert published == Counter({"student": 40, "parent": 40, "teacher": 1})
    assert "V502" not in result.report.counts


def test_a_contacts_export_of_another_year_is_said_beside_students_lost_at_program_sites(tmp_path: Path) -> None:
    """Twelve students at three sites the export lacks refuse (X818), but do not explain 52 parents
    linking to no student: contacts.csv is of another year, said by X975 as on main, not left for
    the next night (review101 R1)."""
    exports = district(tmp_path, missing=THREE_SMALL, present=40)
    contacts = exports / "contacts.csv"
    lines = contacts.read_text(encoding="utf-8").splitlines()
    shifted = [lines[0]]
    for line in lines[1:]:
        fields = line.split(",")
        if len(fields) > 8 and fields[8]:
            fields[8] = str(int(fields[8]) + 100000)
        shifted.append(",".join(fields))
    contacts.write_text("\n".join(shifted) + "\n", encoding="utf-8")
    result = run(exports)
    assert result.exit_status == 1 and not result.report.published
    assert sorted(stops(result)) == ["X818", "X975"]


def test_a_schools_export_that_lost_its_leading_zeros_is_the_file_named_to_export_again(tmp_path: Path) -> None:
    """The users name '0300', '0400', '0500'; schools.txt went through Excel and holds '300', '400',
    '500': the step names schools.txt, not students.txt, whose numbers are right (review101 R3)."""
    exports = district(tmp_path, missing={"0300": 4, "0400": 4, "0500": 4}, listed=("100", "300", "400", "500"))
    result = run(exports)
    assert stops(result) == ["X818"]
    step = str(result.report.aborts[0].params["step"])
    assert step.startswith("export schools.txt again from the SIS"), step
    assert "('300' of the schools export (schools.txt) is '0300' of the users)" in step
    assert "students.txt" not in step
