"""--previous naming another district's set (tester75 O4): refused, as before, but said first for what it
is, a set sharing no school and no user with tonight's (I231), with the step naming this district's set;
not only in the words of removals (X845: schools "gone from tonight's set whole")."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import unrelated_set
from transform.report.report import Report
from transform.report.summary import next_step, stopped_by

ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
USERS = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role\n"


def _set(folder: Path, schools: list[str], users: list[str]) -> Path:
    folder.mkdir()
    (folder / "orgs.csv").write_text(ORGS + "".join(f"{s},,,School {s},school,{s},\n" for s in schools), "utf-8")
    (folder / "users.csv").write_text(USERS + "".join(f"{u},,,true,{schools[0]},student\n" for u in users), "utf-8")
    return folder


def test_another_district_s_set_is_said_for_what_it_is(tmp_path: Path) -> None:
    other = _set(tmp_path / "other", ["0410", "0420"], ["A1", "A2", "A3"])
    tonight = _set(tmp_path / "tonight", ["100"], ["5001", "5002"])
    report = Report()
    unrelated_set.check(report, previous=other, staged=tonight, named=True)
    [said] = report.examples["I231"]
    assert "--previous names" in said.message and "shares almost no school and no user" in said.message
    assert "2 schools (0410, 0420) and of its 3 users" in said.message


def test_a_set_sharing_one_school_or_one_user_is_not(tmp_path: Path) -> None:
    tonight = _set(tmp_path / "tonight", ["100"], ["5001", "5002"])
    for name, schools, users in (("school", ["100"], ["A1"]), ("user", ["900"], ["A1", "5002"])):
        report = Report()
        unrelated_set.check(report, previous=_set(tmp_path / name, schools, users), staged=tonight, named=False)
        assert "I231" not in report.counts, name


PEOPLE = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,givenName,familyName,email,phone\n"


def _people(folder: Path, school: str, people: list[tuple[str, str, str, str]]) -> Path:
    """A set of one school ('Lincoln Elementary' unless named) and the people given: (ID, given, family, email)."""
    folder.mkdir()
    (folder / "orgs.csv").write_text(ORGS + f"{school},,,School {school},school,{school},\n", "utf-8")
    rows = "".join(f"{i},,,true,{school},student,{g},{f},{e},\n" for i, g, f, e in people)
    (folder / "users.csv").write_text(PEOPLE + rows, "utf-8")
    return folder


def test_a_sis_replaced_every_id_new_is_not_another_district_s(tmp_path: Path) -> None:
    """reviewer161 R1: the same people (or schools) under new IDs are X955's (X984's), told how to keep their
    IDs; I231 said them 'probably another district's set' first, its step offering --allow-rollover."""
    then = _people(tmp_path / "then", "100", [("1001", "Ava", "Reyes", "ava@d.org"), ("1002", "Li", "Wu", "")])
    cases = {
        "same person, new ID": ("310", [("771001", "AVA", "Reyes", "Ava@d.org"), ("9", "Zed", "Ox", "z@o.org")]),
        "same person, ID lost its zeros": ("310", [("1002", "Li", "Wu", "")]),
        "renumbered school, nobody shared": ("310", [("9", "Zed", "Ox", "z@o.org")]),
    }
    for name, (school, people) in cases.items():
        now = _people(tmp_path / name, school, people)
        if name.startswith("renumbered"):
            (now / "orgs.csv").write_text(ORGS + "310,,,School 100,school,310,\n", "utf-8")
        elif name.endswith("zeros"):
            (then / "users.csv").write_text(PEOPLE + "001002,,,true,100,student,Li,Wu,,\n", "utf-8")
        report = Report()
        unrelated_set.check(report, previous=then, staged=now, named=False)
        assert "I231" not in report.counts, name
    # the same student, no email nor phone, by name and birth date (demographics.csv)
    dated = []
    for name, sourced_id in (("then3", "1003"), ("now3", "771003")):
        folder = _people(tmp_path / name, "100" if name == "then3" else "310", [(sourced_id, "Mia", "Cruz", "")])
        (folder / "demographics.csv").write_text(f"sourcedId,birthDate\n{sourced_id},2015-04-02\n", "utf-8")
        dated.append(folder)
    report = Report()
    unrelated_set.check(report, previous=dated[0], staged=dated[1], named=False)
    assert "I231" not in report.counts, "born"
    # the same name alone is nobody: another district's Ava Reyes, other email, is said I231
    report = Report()
    now = _people(tmp_path / "other", "310", [("771001", "Ava", "Reyes", "ava@elsewhere.org")])
    unrelated_set.check(
        report, previous=_people(tmp_path / "then2", "100", [("1001", "Ava", "Reyes", "")]), staged=now, named=False
    )
    assert "I231" in report.counts


def test_i231_s_step_offers_no_rollover() -> None:
    from transform.report.code_help import HELP

    assert "--allow-rollover" not in HELP["I231"][1]


def test_the_run_says_it_first_with_its_step(tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(FIXTURES / "infinite-campus/district/expected", other, ignore=shutil.ignore_patterns("*.txt"))
    result = api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=FIXTURES / "powerschool/district/in",
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            previous=other,
        )
    )
    assert result.exit_status == 1 and not result.report.published
    assert stopped_by(result.problems).startswith("I231 previous-set-unrelated and X845")
    assert "Check --previous (or OUT) names this district's folder" in next_step(
        result, out_dir=tmp_path / "out", explain_path=None, upload=False
    )


def _district(folder: Path, schools: dict[str, str], people: list[tuple[str, str, str, str]]) -> Path:
    """A set of the schools given (ID -> name) and people (ID, given, family, email) at the first."""
    folder.mkdir()
    (folder / "orgs.csv").write_text(ORGS + "".join(f"{i},,,{n},school,{i},\n" for i, n in schools.items()), "utf-8")
    first = next(iter(schools))
    rows = "".join(f"{i},,,true,{first},student,{g},{f},{e},\n" for i, g, f, e in people)
    (folder / "users.csv").write_text(PEOPLE + rows, "utf-8")
    return folder


def test_one_common_school_name_or_one_shared_person_is_still_another_district_s(tmp_path: Path) -> None:
    """reviewer167 R1: one 'Lincoln Elementary School', or one person (name and email), in another district's
    set silenced I231. Judged by a share: fewer than a tenth of its schools and of its people found tonight."""
    tonight = _district(
        tmp_path / "tonight",
        {"100": "Lincoln Elementary School", "200": "Oak Middle"},
        [("5001", "Ana", "Diaz", "ana@x.org"), ("5002", "Bo", "Lee", "bo@x.org")],
    )
    others = {f"9{n:02}": f"Far School {n}" for n in range(10)}
    people = [(f"A{n}", "Kim", f"Other{n}", f"k{n}@y.org") for n in range(10)]
    cases = (
        ("common name", {"0410": "Lincoln Elementary School"}, [("A99", "Ana", "Diaz", "ana@x.org")], True),
        ("id without zeros", {"0100": "Elm"}, [], True),
        ("a tenth of the schools", {"0100": "Elm", "0200": "Birch"}, [], False),
        ("a tenth of the people", {}, [("B1", "Ana", "Diaz", "ana@x.org"), ("B2", "Bo", "Lee", "bo@x.org")], False),
    )
    for name, shared_schools, shared_people, said in cases:
        other = _district(tmp_path / name, {**shared_schools, **others}, [*shared_people, *people])
        report = Report()
        unrelated_set.check(report, previous=other, staged=tonight, named=True)
        assert ("I231" in report.counts) is said, name


def test_two_one_school_districts_both_numbering_their_school_1_are_told_apart(tmp_path: Path) -> None:
    """state62: with one school (or two) a shared ID is already a tenth: school 1 of another one-school
    district silenced I231. Under ten schools a school found by its ID alone does not decide; the people do."""
    maple = [(f"{1000 + n}", "Ana", f"Diaz{n}", f"a{n}@maple.org") for n in range(20)]
    oak = [(f"S{n}", "Kim", f"Other{n}", f"k{n}@oak.org") for n in range(20)]
    cases = (
        ("another district, school 1", {"1": "Maple Elementary"}, maple, {"1": "Oak Valley Academy"}, oak, True),
        (
            "another, schools 1 and 2",
            {"1": "Maple", "2": "Maple Middle"},
            maple,
            {"1": "Oak", "2": "Oak High"},
            oak,
            True,
        ),
        ("school renamed", {"1": "Maple Elementary"}, maple, {"1": "Maple Elementary School"}, maple[:18], False),
        ("a third new", {"1": "Maple Elementary"}, maple, {"1": "Maple Elementary"}, [*maple[:14], *oak[:7]], False),
    )
    for name, schools_then, then, schools_now, now, said in cases:
        (tmp_path / name).mkdir()
        previous = _district(tmp_path / name / "previous", schools_then, then)
        report = Report()
        unrelated_set.check(
            report, previous=previous, staged=_district(tmp_path / name / "now", schools_now, now), named=True
        )
        assert ("I231" in report.counts) is said, name
