"""Clever's staff.csv as districts send it: every non-teaching staff member with a Title (a
secretary, a nurse, a paraprofessional), and a teacher who also has a staff account (Clever's
documented case: a teacher who is also a coach or a school admin). Hostile copies of the Clever
sample district, in tmp_path (cases the second tester found publishing wrong sets)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)
CLEVER = FIXTURES / "clever" / "district"
STAFF_HEADER = "School_id,Staff_id,Staff_email,First_name,Last_name,Title"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def with_staff(tmp_path: Path, *lines: str) -> Path:
    """The Clever district's exports with these staff.csv rows after its principal's."""
    folder = tmp_path / "in"
    shutil.copytree(CLEVER / "in", folder)
    with (folder / "staff.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("".join(f"{line}\n" for line in lines))
    return folder


def run(folder: Path, out: Path, engine: str, explain: Path | None = None) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile=str(CLEVER / "district.yaml"),
            in_dir=folder,
            out_dir=out,
            as_of=AS_OF,
            engine=engine,
            explain=explain,
        )
    )


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_teacher_also_in_staff_csv_stays_the_teacher_of_their_classes(tmp_path: Path, engine: str) -> None:
    """Hannah Baker (T01) teaches Kindergarten A and Math 3 and is listed in staff.csv too, as
    instructional coach. Before, the two rows were taken for two people under one ID (V537):
    she was left out and both classes went out with no teacher. Now her teachers.csv row makes
    her account; the staff.csv row is left out under its own reason."""
    folder = with_staff(tmp_path, "100,T01,hannah.baker@lakeview.example.org,Hannah,Baker,Instructional Coach")
    result = run(folder, tmp_path / "out", engine, explain=tmp_path / "explain.csv")
    assert result.exit_status == 0
    assert "V537" not in result.report.counts and "V501" not in result.report.counts
    users = {r["sourcedId"]: r for r in rows(tmp_path / "out" / "users.csv")}
    assert users["T01"]["role"] == "teacher" and users["T01"]["username"] == "hbaker"
    teaching = {r["classSourcedId"] for r in rows(tmp_path / "out" / "enrollments.csv") if r["userSourcedId"] == "T01"}
    assert teaching == {"SEC-K1", "SEC-3M"}
    [left_out] = [r for r in rows(tmp_path / "explain.csv") if r["file"] == "staff.csv"]
    assert left_out["sourcedId"] == "T01" and left_out["code"] == "F423"
    assert "teachers.csv" in left_out["reason"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_staff_are_aides_unless_their_title_is_an_administrators(tmp_path: Path, engine: str) -> None:
    """Remind: "List non-teaching staff users as 'aide'". Before, everyone in staff.csv was
    published as administrator (a school nurse could see and message every class). Now the
    Title decides: principals, assistant principals, superintendents, district administrators
    are administrators, in any case; everyone else, and a staff member with no title, an aide."""
    folder = with_staff(
        tmp_path,
        "100,S10,office.lee@lakeview.example.org,Dana,Lee,Secretary",
        "100,S11,nurse.kim@lakeview.example.org,Jo,Kim,School Nurse",
        "100,S12,para.fox@lakeview.example.org,Sam,Fox,Paraprofessional",
        "100,S17,cm.gray@lakeview.example.org,Ed,Gray,Campus Monitor",
        "100,S13,ap.north@lakeview.example.org,Ana,North,ASSISTANT PRINCIPAL",
        "100,S14,supt.west@lakeview.example.org,Ben,West,Superintendent",
        "200,S15,it.east@lakeview.example.org,Cy,East,District Administrator",
        "200,S16,vol.south@lakeview.example.org,Di,South,",
    )
    result = run(folder, tmp_path / "out", engine)
    assert result.exit_status == 0
    roles = {r["sourcedId"]: r["role"] for r in rows(tmp_path / "out" / "users.csv")}
    staff = {"A01", "S10", "S11", "S12", "S13", "S14", "S15", "S16", "S17"}
    assert {k: v for k, v in roles.items() if k in staff} == {
        "A01": "administrator",  # Principal
        "S10": "aide",
        "S11": "aide",
        "S12": "aide",
        "S13": "administrator",
        "S14": "administrator",
        "S15": "administrator",
        "S16": "aide",
        "S17": "aide",
    }
    # A title not in the map is a guess (aide): said, so that an administrator's title missing
    # from the map is found (S16's blank title is no title: an aide, nothing to say; the common
    # non-teaching posts are listed as aides: nothing to say either).
    assert [p.params["value"] for p in result.report.examples["D302"]] == ["Campus Monitor"]


def test_a_teacher_at_two_schools_and_in_staff_csv_is_one_teacher_without_warnings(tmp_path: Path) -> None:
    """Hannah Baker listed in teachers.csv at both schools (one row each) and in staff.csv: the
    staff row is left out as hers; the look-up "is this staff ID a teacher's?" reads only the
    ID, so her two teachers.csv rows say nothing to warn about (no D314, which --strict refuses)."""
    folder = with_staff(tmp_path, "100,T01,hannah.baker@lakeview.example.org,Hannah,Baker,Instructional Coach")
    with (folder / "teachers.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("200,T01,0001,Baker,Hannah,,hannah.baker@lakeview.example.org,hbaker\n")
    result = run(folder, tmp_path / "out", "python")
    assert result.exit_status == 0
    assert not {"D314", "V537", "V501"} & set(result.report.counts)
    users = {r["sourcedId"]: r for r in rows(tmp_path / "out" / "users.csv")}
    assert users["T01"]["role"] == "teacher" and users["T01"]["orgSourcedIds"] == "100,200"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_staff_title_not_in_the_map_is_reported_as_guessed(tmp_path: Path, engine: str) -> None:
    """A Director of Curriculum (not in maps.staff_roles) is published as an aide: the admin
    learns the role was guessed, with the place of the row and the map to add the title to."""
    folder = with_staff(
        tmp_path,
        "100,S20,dc.moss@lakeview.example.org,Al,Moss,Director of Curriculum",
        "200,S21,dc.park@lakeview.example.org,Bo,Park,Director of Curriculum",
        "200,S22,ap.reed@lakeview.example.org,Cy,Reed,Principal",
    )
    result = run(folder, tmp_path / "out", engine)
    assert result.exit_status == 0  # published: a warning
    roles = {r["sourcedId"]: r["role"] for r in rows(tmp_path / "out" / "users.csv")}
    assert (roles["S20"], roles["S21"], roles["S22"]) == ("aide", "aide", "administrator")
    assert result.report.counts["D302"] == 2
    first = result.report.examples["D302"][0]
    assert (first.where.file, first.where.line, first.where.column) == ("staff.csv", 3, "Title")
    assert first.message == (
        "users.role: value 'Director of Curriculum' is not in map 'staff_roles'; written as 'aide' (rows with it: 2)"
    )


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_each_title_not_in_the_map_is_one_line_with_its_rows(tmp_path: Path, engine: str) -> None:
    """25 campus monitors and one Director of Curriculum: said one line per title, with the rows
    that have it. One line per row, the director was past the report's 20 examples: counted,
    never shown, the one title an admin had to see (an administrator published as an aide)."""
    secretaries = [f"100,S{n},sec{n}@lakeview.example.org,Pat,Lee{n},Campus Monitor" for n in range(30, 55)]
    folder = with_staff(tmp_path, *secretaries, "200,S60,dc.moss@lakeview.example.org,Al,Moss,Director of Curriculum")
    result = run(folder, tmp_path / "out", engine)
    # a title's default, aide, is Remind's answer for every non-administrator: no 'Published, but' for it (review66
    # F2), as for a grade guessed on a whole grade's rows (summary.UNMAPPED_ROWS_CHECKED)
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["D302"] == 26  # every row guessed is counted
    found = [(p.where.line, p.params["value"], p.params["rows"]) for p in result.report.examples["D302"]]
    assert found == [(3, "Campus Monitor", 25), (28, "Director of Curriculum", 1)]


def test_administrators_titles_as_they_are_often_typed(tmp_path: Path) -> None:
    """Hyphenated and abbreviated titles of the same posts (tester30 F6): an assistant principal
    typed 'Asst. Principal' was published as an aide, with a D302 warning to find."""
    folder = with_staff(
        tmp_path,
        "100,S20,vp.one@lakeview.example.org,Vic,One,Vice-Principal",
        "100,S21,ap.two@lakeview.example.org,Ann,Two,Asst. Principal",
        "200,S22,pt.three@lakeview.example.org,Ida,Three,Principal/Teacher",
    )
    result = run(folder, tmp_path / "out", "python")
    roles = {r["sourcedId"]: r["role"] for r in rows(tmp_path / "out" / "users.csv")}
    assert [roles[s] for s in ("S20", "S21", "S22")] == ["administrator"] * 3
    assert "D302" not in result.report.counts


def test_district_office_staff_are_left_out_on_purpose(tmp_path: Path) -> None:
    """Clever writes School_id `DEFAULT DISTRICT OFFICE` for district staff: no school, so not
    rostered, and said as a school the profile leaves out (F404), not as a reference to fix
    (V502, tester30 F6)."""
    folder = with_staff(tmp_path, "DEFAULT DISTRICT OFFICE,S30,supt@lakeview.example.org,Ada,Head,Superintendent")
    result = run(folder, tmp_path / "out", "python")
    assert result.exit_status == 0
    assert "S30" not in {r["sourcedId"] for r in rows(tmp_path / "out" / "users.csv")}
    assert "V502" not in result.report.counts
    assert any("DEFAULT DISTRICT OFFICE" in p.message for p in result.report.examples["F404"])
