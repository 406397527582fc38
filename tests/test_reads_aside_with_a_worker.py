"""Another table's rules read aside with a worker (--jobs 2): the same set as one process.

A stage sometimes reads another table's rules aside: the users stage asks where a teacher whose
only role is at the district teaches (the enrolments rules, V593), a F433 check of the
enrolments' joins runs before their stage. With a worker making the enrolments (--jobs 2,
pipeline.overlap) the main process no longer holds the join indexes only the enrolments read:
on SDS v2.1's public sample, whose enrolments join classes.csv, the run stopped as a bug (exit
3, KeyError ('classes', ('sourcedid',))) where one process published. Such a read now builds
what it joins for itself (Run.indexes_for)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.test_columnar import same_at
from transform import api

AS_OF = dt.date(2026, 10, 15)


def district(folder: Path) -> Path:
    """SDS v2.1: Mara Vale teaches Band at Riverbend High; her only role is at the district."""
    files = {
        "orgs.csv": ["sourcedId,name,type", "d-1,Riverbend District,district", "s-1,Riverbend High,school"],
        "users.csv": [
            "sourcedId,username,givenName,familyName,email",
            "t-1,mvale,Mara,Vale,mvale@riverbend.example.org",
            "st-1,sam.ode,Sam,Ode,",
        ],
        "roles.csv": ["userSourcedId,orgSourcedId,role", "t-1,d-1,teacher", "st-1,s-1,student"],
        "classes.csv": ["sourcedId,orgSourcedId,title", "c-1,s-1,Band"],
        "enrollments.csv": ["classSourcedId,userSourcedId,role", "c-1,t-1,teacher", "c-1,st-1,student"],
    }
    folder.mkdir(parents=True)
    for name, lines in files.items():
        (folder / name).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return folder


def each_way(tmp_path: Path, exports: Path, profile: str) -> list[api.RunResult]:
    """The district with one process and with a worker, in each engine: the same files, report and
    explain file every way."""
    results: list[api.RunResult] = []
    for engine in ("python", "columnar"):
        for jobs in (1, 2):
            out = tmp_path / f"{engine}-{jobs}"
            options = api.RunOptions(
                profile=profile, in_dir=exports, out_dir=out, as_of=AS_OF, engine=engine, jobs=jobs,
                explain=out.with_suffix(".csv"),
            )  # fmt: skip
            result = api.run(options)
            assert "worker" not in result.report.facts  # the worker did its part: no fall-back hid a difference
            if results:
                same_at(results[0], result, tmp_path / "python-1", out)
            results.append(result)
    return results


def test_a_teacher_whose_only_role_is_at_the_district_is_placed_with_a_worker_too(tmp_path: Path) -> None:
    exports = district(tmp_path / "in")
    one, *_ = each_way(tmp_path, exports, "sds-v2")
    assert one.exit_status == 0, one.problems
    users = (tmp_path / "python-1" / "users.csv").read_text(encoding="utf-8")
    assert "t-1,,,true,s-1,teacher,mvale," in users
    (placed,) = one.report.examples["V593"]
    assert (placed.where.file, placed.where.line, placed.params["school"]) == ("roles.csv", 2, "s-1")
    enrolments = (tmp_path / "python-1" / "enrollments.csv").read_text(encoding="utf-8")
    assert "c-1-t-1,,,c-1,s-1,t-1,teacher," in enrolments


def test_a_users_row_no_enrolment_names_is_said_with_a_worker_too(tmp_path: Path) -> None:
    """A profile whose enrolments join users.csv saying `unnamed:`: Lee Ray, whom no enrolment
        names, is said (F433) as the enrolments' stage begins: where it is said, the main process has let go
    of the classes.csv index the enrolments join."""
    exports = district(tmp_path / "in")
    with (exports / "users.csv").open("a", encoding="utf-8") as handle:
        handle.write("st-2,lee.ray,Lee,Ray,\n")
    roles = ["userSourcedId,orgSourcedId,role", "t-1,s-1,teacher", "st-1,s-1,student", "st-2,s-1,student"]
    (exports / "roles.csv").write_text("".join(f"{line}\n" for line in roles), encoding="utf-8")  # Mara at her school
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "extends: sds-v2\nname: riverbend\ntables:\n  enrollments:\n    enrollments:\n      join:\n"
        "        user: {source: users, on: {userSourcedId: sourcedId}, unnamed: is in no class}\n",
        encoding="utf-8",
    )
    one, *_ = each_way(tmp_path, exports, str(profile))
    (unnamed,) = one.report.examples["F433"]
    assert (unnamed.where.file, unnamed.where.line, unnamed.params["id"]) == ("users.csv", 4, "st-2")
    assert "is in no class" in unnamed.message
    # One of users.csv's three rows: past the limit of an export's errors, refused every way alike.
    assert one.exit_status == 1 and "X915" in one.report.examples
    assert "V593" not in one.report.examples  # nothing else read aside
