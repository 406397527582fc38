"""A OneRoster or SDS v2.1 session whose dates are blank is judged by its school year.

OneRoster requires startDate and endDate on every academicSessions row. A vendor's export
that left them blank on last year's school-year session ("sy26,...,schoolYear,,,2026") had its
classes kept by the profile's `undated: keep` (F420, a warning) and published in this year's set
at exit 0, on a first night and on a later one alike (tester59 F5). The row said its year: the
profile reads it (`filters.current_term.school_year`), and a term of another year is no current
term (I229). A session of this year without dates, and a layout without dates or years at all,
stay as they were: kept, with F420. A session a year behind is judged by the export's own dated
terms holding the as-of date (I287): northern (the year a school year ends), a calendar school
year (southern) and a vendor naming years by their start each name this year otherwise. Each
district is written here, small."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api

AS_OF = dt.date(2026, 12, 5)  # school year 2026-27, schoolYear 2027

ORGS = ["sourcedId,status,name,type", "S1,active,Hill Middle,school"]
USERS = [
    "sourcedId,status,role,givenName,familyName,email,orgSourcedIds",
    "u1,active,student,Ann,Bell,,S1",
    "u2,active,student,Bob,Cole,,S1",
    "t1,active,teacher,Tom,Tate,tom@hill.org,S1",
]
CLASSES = [
    "sourcedId,status,title,schoolSourcedId,termSourcedIds",
    "K1,active,Math 7,S1,F26",
    "K2,active,Math 6,S1,sy26",  # last year's class
    "K3,active,Art 7,S1,sy27",
]
ENROLLMENTS = [
    "sourcedId,status,classSourcedId,schoolSourcedId,userSourcedId,role",
    "E1,active,K1,S1,u1,student",
    "E2,active,K1,S1,t1,teacher",
    "E3,active,K2,S1,u2,student",
    "E4,active,K2,S1,t1,teacher",
    "E5,active,K3,S1,u2,student",
    "E6,active,K3,S1,t1,teacher",
]
SESSIONS_HEADER = "sourcedId,status,title,type,startDate,endDate,parentSourcedId,schoolYear"
SY26_DATED = "sy26,active,2025-2026,schoolYear,2025-08-15,2026-06-10,,2026"
SY26_UNDATED = "sy26,active,2025-2026,schoolYear,,,,2026"
# Two school years back: no convention writes this year so (a year behind by one may be this
# year's: a calendar school year, or a vendor naming years by their start; review of stop 48).
OLD_UNDATED = "sy26,active,2024-2025,schoolYear,,,,2025"
SY27 = "sy27,active,2026-2027,schoolYear,2026-08-15,2027-06-10,,2027"
F26 = "F26,active,Fall 2026,semester,2026-08-15,2027-01-10,sy27,2027"


def write(folder: Path, files: dict[str, list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def oneroster(folder: Path, sessions: list[str]) -> Path:
    return write(
        folder,
        {
            "orgs.csv": ORGS,
            "users.csv": USERS,
            "classes.csv": CLASSES,
            "enrollments.csv": ENROLLMENTS,
            "academicSessions.csv": [SESSIONS_HEADER, *sessions],
        },
    )


def oneroster_12(folder: Path, sessions: list[str]) -> Path:
    """The same district in OneRoster 1.2: users without role, roles.csv."""
    users = [line.split(",") for line in USERS[1:]]
    return write(
        folder,
        {
            "manifest.csv": ["propertyName,value", "oneroster.version,1.2"],
            "orgs.csv": ORGS,
            "users.csv": [
                "sourcedId,status,enabledUser,username,givenName,familyName,email",
                *(f"{u[0]},active,true,{u[0]},{u[3]},{u[4]},{u[5]}" for u in users),
            ],
            "roles.csv": [
                "sourcedId,status,userSourcedId,roleType,role,orgSourcedId",
                *(f"r{n},active,{u[0]},primary,{u[2]},S1" for n, u in enumerate(users)),
            ],
            "classes.csv": CLASSES,
            "enrollments.csv": ENROLLMENTS,
            "academicSessions.csv": [SESSIONS_HEADER, *sessions],
        },
    )


SDS_SESSIONS = "sourcedId,title,type,schoolYear,startDate,endDate"


def sds_v2(folder: Path, sessions: list[str], header: str = SDS_SESSIONS) -> Path:
    return write(
        folder,
        {
            "orgs.csv": ["sourcedId,name,type", "S1,Hill Middle,school"],
            "users.csv": [
                "sourcedId,username,givenName,familyName,email",
                "u1,u1@hill.org,Ann,Bell,",
                "u2,u2@hill.org,Bob,Cole,",
                "t1,t1@hill.org,Tom,Tate,tom@hill.org",
            ],
            "roles.csv": ["userSourcedId,orgSourcedId,role", "u1,S1,student", "u2,S1,student", "t1,S1,teacher"],
            "classes.csv": [
                "sourcedId,orgSourcedId,title,sessionSourcedIds",
                "K1,S1,Math 7,F26",
                "K2,S1,Math 6,sy26",
                "K3,S1,Art 7,sy27",
            ],
            "enrollments.csv": [
                "classSourcedId,userSourcedId,role",
                *(f"{e.split(',')[2]},{e.split(',')[4]},{e.split(',')[5]}" for e in ENROLLMENTS[1:]),
            ],
            "academicSessions.csv": [header, *sessions],
        },
    )


SDS_SY26_UNDATED = "sy26,2024-2025,schoolYear,2025,,"
SDS_SY27 = "sy27,2026-2027,schoolYear,2027,2026-08-15,2027-06-10"
SDS_F26 = "F26,Fall 2026,semester,2027,2026-08-15,2027-01-10"


def run(folder: Path, out: Path, profile: str) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=folder, out_dir=out, as_of=AS_OF))


def published(out: Path, name: str) -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def classes(out: Path) -> set[str]:
    return {row["sourcedId"] for row in published(out, "classes.csv")}


def enrolled(out: Path) -> set[tuple[str, str]]:
    return {(row["classSourcedId"], row["userSourcedId"]) for row in published(out, "enrollments.csv")}


THIS_YEARS = {("K1", "u1"), ("K1", "t1"), ("K3", "u2"), ("K3", "t1")}


@pytest.mark.parametrize(
    ("profile", "build"),
    [("oneroster", oneroster), ("oneroster-1.2", oneroster_12)],
)
def test_last_years_session_without_dates_leaves_its_classes_out(tmp_path: Path, profile: str, build: object) -> None:
    """First night: sy26's dates blank, its schoolYear 2026; every other session dated in 2027.
    Before: K2 (last year's Math 6) and its enrolments published, F420, exit 0. Now: K2 left out
    as another year's (I229, naming the term and both years), exit 0; this year's classes stay."""
    assert callable(build)
    folder = build(tmp_path / "in", [SY27, F26, OLD_UNDATED])
    result = run(folder, tmp_path / "out", profile)
    assert result.exit_status == 0
    assert classes(tmp_path / "out") == {"K1", "K3"}
    assert enrolled(tmp_path / "out") == THIS_YEARS
    (left,) = result.report.examples["I229"]
    assert left.where.record == "K2" and left.where.file == "classes.csv" and left.where.line == 3
    assert left.message == (
        "class left out: its term '2024-2025' has no dates in the exports, and its school year (2025) is not "
        "the as-of date's (2027); if it is this year's, give the term its dates and school year in the "
        "terms export"
    )
    assert "F420" not in result.report.counts


def test_a_later_night_whose_old_session_loses_its_dates_publishes_the_same_set(tmp_path: Path) -> None:
    """Night 1 with sy26 dated (K2 left out as last year's, F405); night 2, last.json carried,
    with sy26's dates blank. Before: night 2 added K2 and its two enrolments at exit 0 (additions
    are not gated). Now: the same set as night 1."""
    out = tmp_path / "out"
    first = run(oneroster(tmp_path / "n1", [SY27, F26, SY26_DATED]), out, "oneroster")
    assert first.exit_status == 0 and classes(out) == {"K1", "K3"}
    night_one = {name: (out / name).read_bytes() for name in ("users.csv", "classes.csv", "enrollments.csv")}
    second = run(oneroster(tmp_path / "n2", [SY27, F26, OLD_UNDATED]), out, "oneroster")
    assert second.exit_status == 0
    assert {name: (out / name).read_bytes() for name in night_one} == night_one
    assert second.report.counts["I229"] == 1


def test_a_session_of_this_year_without_dates_is_still_kept_undated(tmp_path: Path) -> None:
    """sy27 without dates, schoolYear 2027: this year's; the profile keeps its class (F420) as
    before: only another year's session is judged by its year."""
    folder = oneroster(tmp_path / "in", [F26, SY26_DATED, "sy27,active,2026-2027,schoolYear,,,,2027"])
    result = run(folder, tmp_path / "out", "oneroster")
    assert result.exit_status == 0
    assert classes(tmp_path / "out") == {"K1", "K3"}
    assert result.report.counts["F420"] == 1
    assert "I229" not in result.report.counts


def test_a_school_year_written_as_both_years_is_read(tmp_path: Path) -> None:
    """schoolYear written "2024-2025" (a SIS's label, not the spec's YYYY): 2025, not this year's."""
    folder = oneroster(tmp_path / "in", [SY27, F26, "sy26,active,2024-2025,schoolYear,,,,2024-2025"])
    result = run(folder, tmp_path / "out", "oneroster")
    assert classes(tmp_path / "out") == {"K1", "K3"}
    assert result.report.counts["I229"] == 1


def test_a_class_with_a_dated_past_term_and_an_undated_old_one_is_outside_its_terms(tmp_path: Path) -> None:
    """K2 names last spring (dated, ended) and sy26 (blank dates, 2026): before, the undated
    term kept it (F420, `_kept_partly_undated`); now it is outside its terms (F405)."""
    spring = "SP26,active,Spring 2026,semester,2026-01-11,2026-06-10,sy26,2026"
    folder = oneroster(tmp_path / "in", [SY27, F26, OLD_UNDATED, spring])
    lines = (folder / "classes.csv").read_text(encoding="utf-8").replace("S1,sy26", 'S1,"SP26,sy26"')
    (folder / "classes.csv").write_text(lines, encoding="utf-8")
    result = run(folder, tmp_path / "out", "oneroster")
    assert result.exit_status == 0
    assert classes(tmp_path / "out") == {"K1", "K3"}
    assert "F420" not in result.report.counts
    assert [p.where.record for p in result.report.examples["F405"]] == ["K2"]


def test_sds_v2_session_without_dates_of_last_year_is_left_out(tmp_path: Path) -> None:
    folder = sds_v2(tmp_path / "in", [SDS_SY27, SDS_F26, SDS_SY26_UNDATED])
    result = run(folder, tmp_path / "out", "sds-v2")
    assert result.exit_status == 0
    assert classes(tmp_path / "out") == {"K1", "K3"}
    assert enrolled(tmp_path / "out") == THIS_YEARS
    assert [p.where.record for p in result.report.examples["I229"]] == ["K2"]


def test_sds_v2_session_without_dates_or_school_year_is_kept_as_before(tmp_path: Path) -> None:
    """An SDS layout whose academicSessions.csv has no schoolYear column, last year's session
    without dates: nothing tells its year, so its class is kept undated (F420) as before, and the
    absent optional column is a note (I244 naming it), not a warning (I260)."""
    header = "sourcedId,title,type,startDate,endDate"
    sessions = ["sy27,2026-2027,schoolYear,2026-08-15,2027-06-10", "F26,Fall 2026,semester,2026-08-15,2027-01-10"]
    folder = sds_v2(tmp_path / "in", [*sessions, "sy26,2025-2026,schoolYear,,"], header)
    result = run(folder, tmp_path / "out", "sds-v2")
    assert result.exit_status == 0
    assert classes(tmp_path / "out") == {"K1", "K2", "K3"}
    assert result.report.counts["F420"] == 1
    assert "I229" not in result.report.counts
    assert not [p for p in result.report.examples.get("I260", []) if p.params["column"] == "schoolYear"]
    assert [p.params["column"] for p in result.report.examples["I244"] if p.params["source"] == "sessions"] == [
        "schoolYear"
    ]


@pytest.mark.parametrize("written", ["2026", "2025-2026"])
def test_a_session_a_year_behind_the_exports_own_year_is_last_years(tmp_path: Path, written: str) -> None:
    """Northern convention (schoolYear: the year a school year ends): the export's dated sy27 and
    Fall 2026, holding 5 December 2026, write 2027; sy26 without dates writes 2026 (or 2025-2026),
    a year behind. Before (stop 48): kept (F420), last year's Math 6 and its enrolments published at
    exit 0 (tester59 F5). Now: left out and counted (I287), naming the terms export's column and
    the dated term that tells the export's year."""
    folder = oneroster(tmp_path / "in", [SY27, F26, f"sy26,active,2025-2026,schoolYear,,,,{written}"])
    result = run(folder, tmp_path / "out", "oneroster")
    assert result.exit_status == 0
    assert classes(tmp_path / "out") == {"K1", "K3"}
    assert enrolled(tmp_path / "out") == THIS_YEARS
    (left,) = result.report.examples["I287"]
    assert (left.where.file, left.where.line, left.where.record) == ("classes.csv", 3, "K2")
    assert left.message == (
        "class left out: its term '2025-2026' has no dates in the exports, and its school year (2026, "
        "academicSessions.csv [schoolYear]) is not the one this export writes for the as-of date: its "
        "dated terms of 2026-12-05 ('Fall 2026', 2026-08-15 to 2027-01-10) write 2027; if it is this "
        "year's, give the term its dates in the terms export"
    )
    assert result.report.counts["I287"] == 1
    assert "F420" not in result.report.counts and "I229" not in result.report.counts


# A calendar school year (the southern hemisphere): 2026 runs February to December 2026.
SOUTH = [
    "y26,active,2026,schoolYear,2026-02-02,2026-12-11,,2026",
    "T4,active,Term 4 2026,term,2026-10-05,2026-12-11,y26,2026",
]
# A vendor naming school years by their start: 2026 is 2026-27.
START_YEAR = [
    "y26,active,2026-2027,schoolYear,2026-08-15,2027-06-10,,2026",
    "T4,active,Fall 2026,semester,2026-08-15,2027-01-10,y26,2026",
]


def convention(folder: Path, sessions: list[str], undated: list[str]) -> Path:
    """K1 in the dated term T4, K3 in the dated school year y26, K2 in the undated `undated[0]`."""
    built = oneroster(folder, [*sessions, *undated])
    text = (built / "classes.csv").read_text(encoding="utf-8")
    text = text.replace("S1,F26", "S1,T4").replace("S1,sy27", "S1,y26").replace("S1,sy26", "S1,old")
    (built / "classes.csv").write_text(text, encoding="utf-8")
    return built


@pytest.mark.parametrize("sessions", [SOUTH, START_YEAR], ids=["southern", "start-year"])
def test_a_year_behind_by_an_export_naming_years_otherwise(tmp_path: Path, sessions: list[str]) -> None:
    """An export whose dated terms of 5 December 2026 write 2026 (a calendar school year, or a
    vendor naming years by their start): an undated session writing 2025 is last year's (I287),
    one writing 2026 is this year's, kept undated (F420) as before."""
    last = run(
        convention(tmp_path / "last", sessions, ["old,active,2025,schoolYear,,,,2025"]), tmp_path / "o1", "oneroster"
    )
    assert last.exit_status == 0 and classes(tmp_path / "o1") == {"K1", "K3"}
    said = [*last.report.examples.get("I287", []), *last.report.examples.get("I229", [])]
    assert [p.where.record for p in said] == ["K2"] and "F420" not in last.report.counts
    this = run(
        convention(tmp_path / "this", sessions, ["old,active,2026,schoolYear,,,,2026"]), tmp_path / "o2", "oneroster"
    )
    assert this.exit_status == 0 and classes(tmp_path / "o2") == {"K1", "K2", "K3"}
    assert this.report.counts["F420"] == 1 and "I287" not in this.report.counts


def test_a_southern_export_leaves_next_years_undated_session_out(tmp_path: Path) -> None:
    """A calendar school year's export of 5 December 2026 holding 2027's session without dates
    (next year's classes entered early): by the as-of date's end year 2027 may be this year's, by
    the export's own dated terms (2026) it is not: left out (I287), not published in December."""
    folder = convention(tmp_path / "in", SOUTH, ["old,active,2027,schoolYear,,,,2027"])
    result = run(folder, tmp_path / "out", "oneroster")
    assert result.exit_status == 0 and classes(tmp_path / "out") == {"K1", "K3"}
    (left,) = result.report.examples["I287"]
    assert (left.where.record, left.params["year"], left.params["current"]) == ("K2", "2027", 2026)


def test_a_year_behind_is_kept_when_no_dated_term_writes_a_year(tmp_path: Path) -> None:
    """The dated sessions' schoolYear blank, the undated one's 2026: nothing tells the export's
    convention (a calendar school year writes this year so), kept undated (F420) as before."""
    sessions = [
        "sy27,active,2026-2027,schoolYear,2026-08-15,2027-06-10,,",
        "F26,active,Fall 2026,semester,2026-08-15,2027-01-10,sy27,",
        "sy26,active,2025-2026,schoolYear,,,,2026",
    ]
    result = run(oneroster(tmp_path / "in", sessions), tmp_path / "out", "oneroster")
    assert result.exit_status == 0 and classes(tmp_path / "out") == {"K1", "K2", "K3"}
    assert "I287" not in result.report.counts and result.report.counts["F420"] == 1


def test_a_district_declaring_a_calendar_year_leaves_next_years_undated_session_out(tmp_path: Path) -> None:
    """A southern district whose profile says its school year (school_year_starts: January), its
    dated sessions writing no year to learn the export's convention from: an undated session of
    2027 on 5 December 2026 is next year's (I229, its classes entered early), where without the
    setting 2027 is this year's by the July-to-June year and is kept undated (F420)."""
    profile = tmp_path / "south.yaml"
    profile.write_text("name: south\nextends: oneroster\nsettings:\n  school_year_starts: January\n")
    sessions = [
        "y26,active,2026,schoolYear,2026-02-02,2026-12-11,,",
        "T4,active,Term 4 2026,term,2026-10-05,2026-12-11,y26,",
    ]
    next_year = ["old,active,2027,schoolYear,,,,2027"]
    declared = run(convention(tmp_path / "in", sessions, next_year), tmp_path / "o", str(profile))
    assert declared.exit_status == 0 and classes(tmp_path / "o") == {"K1", "K3"}
    (left,) = declared.report.examples["I229"]
    assert (left.where.record, left.params["year"], left.params["current"]) == ("K2", "2027", 2026)
    this_year = ["old,active,2026,schoolYear,,,,2026"]
    kept = run(convention(tmp_path / "in2", sessions, this_year), tmp_path / "o2", str(profile))
    assert kept.exit_status == 0 and classes(tmp_path / "o2") == {"K1", "K2", "K3"}
    assert kept.report.counts["F420"] == 1 and "I229" not in kept.report.counts
    unsaid = run(convention(tmp_path / "in3", sessions, next_year), tmp_path / "o3", "oneroster")
    assert unsaid.exit_status == 0 and classes(tmp_path / "o3") == {"K1", "K2", "K3"}
    assert unsaid.report.counts["F420"] == 1
