"""One term sourcedId on two academicSessions.csv rows with other dates (a vendor reusing its
term codes each year: S1 for Fall 2025 and for Fall 2026). The class names "S1" alone, so which
row is its term cannot be told: the join took neither (D327) and left every class of the term
out (D300). Under X944's count (three classes at a school) that was published at exit 0 without
the semester's classes, on a first night or under the removal limit (tester59 F1). Now it is
refused whatever the count (X866, naming both rows and a class), unless no row of the ID is a
term of tonight. Each district is written here, small."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api

AS_OF = dt.date(2026, 12, 5)

SESSIONS_HEADER = "sourcedId,status,title,type,startDate,endDate,parentSourcedId,schoolYear"
SY = "SY,active,2026-27,schoolYear,2026-08-15,2027-06-10,,2027"
S1_LAST_YEAR = "S1,active,Fall 2025,semester,2025-08-15,2026-01-10,,2026"
S1_THIS_YEAR = "S1,active,Fall 2026,semester,2026-08-15,2027-01-10,SY,2027"
ORGS = ["sourcedId,status,name,type", "A,active,Ash Elementary,school", "B,active,Birch Middle,school"]
USERS = [
    "sourcedId,status,role,givenName,familyName,email,orgSourcedIds",
    "tA,active,teacher,Tia,Holt,tia@x.org,A",
    "tB,active,teacher,Tom,Tate,tom@x.org,B",
    *(f"s{n},active,student,Kid{n},Ng,,{'A' if n < 4 else 'B'}" for n in range(8)),
]
CLASSES = [
    "sourcedId,status,title,schoolSourcedId,termSourcedIds",
    "A1,active,Art (fall),A,S1",
    "A2,active,Reading,A,SY",
    "B1,active,Band (fall),B,S1",
    "B2,active,Math,B,SY",
    "B3,active,Chorus (fall),B,S1",
]


def enrolments() -> list[str]:
    lines = ["sourcedId,status,classSourcedId,schoolSourcedId,userSourcedId,role"]
    for row in CLASSES[1:]:
        class_id, school = row.split(",")[0], row.split(",")[3]
        lines.append(f"E-{class_id}-t,active,{class_id},{school},t{school},teacher")
        lines += [
            f"E-{class_id}-{n},active,{class_id},{school},s{n},student" for n in range(8) if (n < 4) == (school == "A")
        ]
    return lines


def oneroster(folder: Path, sessions: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "orgs.csv": ORGS,
        "users.csv": USERS,
        "classes.csv": CLASSES,
        "enrollments.csv": enrolments(),
        "academicSessions.csv": [SESSIONS_HEADER, *sessions],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def sds_v2(folder: Path, sessions: list[str]) -> Path:
    """The same district as SDS v2.1 writes it."""
    folder.mkdir(parents=True, exist_ok=True)
    people = [line.split(",") for line in USERS[1:]]
    files = {
        "orgs.csv": ["sourcedId,name,type", "A,Ash Elementary,school", "B,Birch Middle,school"],
        "users.csv": ["sourcedId,username,givenName,familyName,email"]
        + [f"{p[0]},{p[0]}@x.org,{p[3]},{p[4]},{p[5]}" for p in people],
        "roles.csv": ["userSourcedId,orgSourcedId,role"] + [f"{p[0]},{p[6]},{p[2]}" for p in people],
        "classes.csv": ["sourcedId,orgSourcedId,title,sessionSourcedIds"]
        + [f"{c[0]},{c[3]},{c[2]},{c[4]}" for c in (row.split(",") for row in CLASSES[1:])],
        "enrollments.csv": ["classSourcedId,userSourcedId,role"]
        + [f"{e[2]},{e[4]},{e[5]}" for e in (row.split(",") for row in enrolments()[1:])],
        "academicSessions.csv": ["sourcedId,title,type,schoolYear,startDate,endDate"]
        + [f"{s[0]},{s[2]},{s[3]},{s[7]},{s[4]},{s[5]}" for s in (row.split(",") for row in sessions)],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run(folder: Path, out: Path, profile: str = "oneroster", **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=folder, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


def classes(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize(("profile", "build"), [("oneroster", oneroster), ("sds-v2", sds_v2)])
def test_a_term_id_on_two_rows_with_other_dates_is_refused_whatever_the_count(
    tmp_path: Path, profile: str, build: object
) -> None:
    """First night. Fall's three classes (one at Ash, two at Birch: under X944's three a school)
    were left out at exit 0. Now: refused, naming the ID, both rows, the count and the first class."""
    assert callable(build)
    folder = build(tmp_path / "in", [SY, S1_LAST_YEAR, S1_THIS_YEAR])
    result = run(folder, tmp_path / "out", profile)
    assert result.exit_status == 1
    assert not (tmp_path / "out").exists()
    (refused,) = [p for p in result.problems if p.code.id == "X866"]
    assert (refused.where.file, refused.where.line) == ("academicSessions.csv", 3)
    assert refused.message == (
        "academicSessions.csv: the term ID 'S1' is on lines 3 and 4 with other data (D327), so the 3 classes "
        "naming it would be left out (D300; such as class 'A1', classes.csv line 2): which row is theirs "
        "cannot be told (a term ID reused for another year, or two calendars); nothing published: give each "
        "term its own ID in the export, or export only this year's terms (--allow-incomplete publishes the "
        "set without these classes)"
    )
    assert "X944" not in result.report.counts and "X943" not in result.report.counts
    (conflict,) = result.report.examples["D327"]
    assert "each row joining on it is left out as D300" in conflict.message
    assert "kept" not in conflict.message


def test_allow_incomplete_publishes_the_set_without_the_terms_classes(tmp_path: Path) -> None:
    result = run(oneroster(tmp_path / "in", [SY, S1_LAST_YEAR, S1_THIS_YEAR]), tmp_path / "out", allow_incomplete=True)
    assert result.report.published and result.exit_status == 1 and "F453" in result.report.counts  # said
    assert classes(tmp_path / "out") == {"A2", "B2"}
    (allowed,) = result.report.examples["X918"]
    assert "3 classes of term 'S1' left out" in allowed.message
    assert "X866" not in result.report.counts


def test_a_later_night_whose_term_id_is_doubled_keeps_the_last_set(tmp_path: Path) -> None:
    """Night 1 with S1 once publishes all five classes; night 2 (state carried) with last
    year's S1 row added is refused, and the folder keeps night 1's set."""
    out = tmp_path / "out"
    first = run(oneroster(tmp_path / "n1", [SY, S1_THIS_YEAR]), out)
    assert first.exit_status == 0 and classes(out) == {"A1", "A2", "B1", "B2", "B3"}
    second = run(oneroster(tmp_path / "n2", [SY, S1_LAST_YEAR, S1_THIS_YEAR]), out)
    assert second.exit_status == 1
    assert second.report.counts["X866"] == 1
    assert classes(out) == {"A1", "A2", "B1", "B2", "B3"}


def test_a_term_id_doubled_for_two_past_years_leaves_its_classes_out_as_before(tmp_path: Path) -> None:
    """S1 on two rows, Fall 2024 and Fall 2025: neither is a term of tonight, so its classes are
    not current whichever row is theirs: left out (D300), published at exit 0, no X866."""
    older = "S1,active,Fall 2024,semester,2024-08-15,2025-01-10,,2025"
    result = run(oneroster(tmp_path / "in", [SY, S1_LAST_YEAR, older]), tmp_path / "out")
    assert result.exit_status == 0
    assert classes(tmp_path / "out") == {"A2", "B2"}
    assert "X866" not in result.report.counts
    assert result.report.counts["D300"] == 3


# reviewer61 R4: the other row of the ID names no other term of the set.
S1_LAST_YEAR_DELETED = "S1,tobedeleted,Fall 2025,semester,2025-08-15,2026-01-10,,2026"
S1_RETITLED = "S1,active,Semester 1,semester,2026-08-15,2027-01-10,SY,2027"


def settled(result: api.RunResult) -> str:
    (said,) = result.report.examples["D351"]
    assert said.code.severity == "warning"
    assert (said.where.file, said.where.line) == ("academicSessions.csv", said.params["line"])
    return said.message


@pytest.mark.parametrize("order", ["deletion after", "deletion first"])
def test_a_deletion_notice_of_last_years_term_id_is_no_term_the_live_row_places_the_classes(
    tmp_path: Path, order: str
) -> None:
    """A 1.1 bulk academicSessions.csv carrying status: last year's S1 written `tobedeleted`
    beside this year's S1. A tobedeleted session is no session: the classes take the live row,
    the set is published with every class, and the note names both lines."""
    rows = [S1_THIS_YEAR, S1_LAST_YEAR_DELETED] if order == "deletion after" else [S1_LAST_YEAR_DELETED, S1_THIS_YEAR]
    result = run(oneroster(tmp_path / "in", [SY, *rows]), tmp_path / "out")
    assert result.exit_status == 0
    assert classes(tmp_path / "out") == {"A1", "A2", "B1", "B2", "B3"}
    live, deleted = (3, 4) if order == "deletion after" else (4, 3)
    assert settled(result) == (
        f"sessions: key S1 is on lines {live} and {deleted} with other data, and they name one term: line "
        f"{deleted} is no row of the set (status 'tobedeleted'); the classes naming it take line {live}'s row "
        "(have the export give one row per term ID)"
    )
    assert not {"X866", "D327", "D300"} & set(result.report.counts)


def test_an_inactive_copy_of_last_years_term_is_no_term_either(tmp_path: Path) -> None:
    """OneRoster 1.0's `inactive`, which the sessions rule leaves out as it does tobedeleted."""
    inactive = S1_LAST_YEAR_DELETED.replace("tobedeleted", "inactive")
    result = run(oneroster(tmp_path / "in", [SY, S1_THIS_YEAR, inactive]), tmp_path / "out")
    assert result.exit_status == 0
    assert classes(tmp_path / "out") == {"A1", "A2", "B1", "B2", "B3"}
    assert "line 4 is no row of the set (status 'inactive')" in settled(result)


@pytest.mark.parametrize(("profile", "build"), [("oneroster", oneroster), ("sds-v2", sds_v2)])
def test_one_term_under_two_titles_with_the_same_dates_publishes_every_class(
    tmp_path: Path, profile: str, build: object
) -> None:
    """S1 on two live rows, 'Fall 2026' and 'Semester 1', the same dates: whichever row a class
    means, its term is the same. Published, said; the title taken is the lower in text order,
    the one the strict target's academicSessions.csv keeps (V508), whatever the rows' order."""
    assert callable(build)
    for name, rows in (("given", [S1_THIS_YEAR, S1_RETITLED]), ("reversed", [S1_RETITLED, S1_THIS_YEAR])):
        result = run(build(tmp_path / name / "in", [SY, *rows]), tmp_path / name / "out", profile)
        assert result.exit_status == 0, name
        assert classes(tmp_path / name / "out") == {"A1", "A2", "B1", "B2", "B3"}
        fall = 3 if name == "given" else 4
        assert f"take line {fall}'s row" in settled(result)
        assert "has the same dates (2026-08-15 to 2027-01-10)" in settled(result)
        assert not {"X866", "D300"} & set(result.report.counts)


def test_a_deletion_notice_beside_two_live_rows_of_other_dates_is_still_refused(tmp_path: Path) -> None:
    """The deletion notice settles nothing when the live rows are two terms themselves."""
    rows = [SY, S1_LAST_YEAR, S1_THIS_YEAR, S1_LAST_YEAR_DELETED.replace("2025", "2024").replace(",2026", ",2025")]
    result = run(oneroster(tmp_path / "in", rows), tmp_path / "out")
    assert result.exit_status == 1
    assert result.report.counts["X866"] == 1
    assert "D351" not in result.report.counts


def test_the_strict_target_writes_the_live_session(tmp_path: Path) -> None:
    result = run(
        oneroster(tmp_path / "in", [SY, S1_LAST_YEAR_DELETED, S1_THIS_YEAR]), tmp_path / "out", target="oneroster"
    )
    assert result.exit_status == 0
    with (tmp_path / "out" / "academicSessions.csv").open(encoding="utf-8", newline="") as handle:
        sessions = {row["sourcedId"]: row["title"] for row in csv.DictReader(handle)}
    assert sessions == {"SY": "2026-27", "S1": "Fall 2026"}
