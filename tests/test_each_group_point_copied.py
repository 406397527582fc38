"""A father group half copied from the mother group (tester38 F4).

The father's `email` left reading `Mother_Email`: check-profile said "ok" (P112 refuses only a group
all of whose columns another reads), and the run published every father with the mother's email
at exit 0 (V509 warnings): Remind gives an email to one user, and one parent got the other's
messages. Now check-profile and every run say it at the profile key (P115, a warning: a household
column may be meant), and a run whose rows mostly give both parents one value refuses (I286).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.parent_columns import FIXED, STUDENTS
from transform import api

NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)
ENGINES = ("python", "columnar")
FAMILIES = ("Tanaka", "Okafor", "Silva", "Novak", "Haddad", "Berg")


def export(folder: Path, *, fathers_with_email: int = len(FAMILIES)) -> Path:
    """Six children, each with a mother and a father of their own email and phone; the first
    `fathers_with_email` fathers have an email in Father_Email."""
    folder.mkdir()
    for name, text in FIXED.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = [STUDENTS]
    for n, family in enumerate(FAMILIES, start=1):
        dad = f"{family.lower()}.dad@mail.example.com" if n <= fathers_with_email else ""
        lines.append(
            f"{n}\t{n}\t100\tKid\t{family}\t3\t0\t1/2/2017\t{family}, Laura\t{family}, Daniel\t"
            f"{family.lower()}.mom@mail.example.com\t{dad}\t(608) 555-01{n:02}\t(608) 555-02{n:02}\t{n}"
        )
    (folder / "students.txt").write_text("\n".join([*lines, ""]), encoding="utf-8")
    cc = ["StudentID\tSectionID\tTermID\tSchoolID\tDateEnrolled\tDateLeft"]
    cc += [f"{n}\t10\t3600\t100\t08/17/2026\t" for n in range(1, len(FAMILIES) + 1)]
    (folder / "cc.txt").write_text("\n".join([*cc, ""]), encoding="utf-8")
    return folder


def district(tmp_path: Path, father_email: str) -> Path:
    """A district profile over powerschool whose father group's email reads `father_email`."""
    path = tmp_path / "district.yaml"
    path.write_text(
        "extends: powerschool\n"
        "tables:\n"
        "  users:\n"
        "    guardians:\n"
        "      each:\n"
        "        father:\n"
        f"          email: {{column: {father_email}, clean: [email]}}\n",
        encoding="utf-8",
    )
    return path


def run(exports: Path, out: Path, engine: str, profile: Path) -> api.RunResult:
    options = api.RunOptions(
        in_dir=exports, out_dir=out, engine=engine, profile=str(profile), as_of=dt.date(2026, 10, 15), now=NOW
    )
    return api.run(options)


def test_check_profile_names_the_father_s_email_reading_the_mother_s_column(tmp_path: Path) -> None:
    profile = district(tmp_path, "Mother_Email")
    _, problems = api.check_profile(str(profile), hints=True)
    [said] = [p for p in problems if p.code.id == "P115"]
    assert said.code.severity == "warning"  # a household's column may be meant: the run decides (I286)
    assert said.where.file == f"{profile}:7:11"  # at the key: the line an admin copied
    assert said.params["path"] == "tables.users.guardians.each.father.email"
    assert said.params["columns"] == "Mother_Email" and said.params["other"] == "mother"
    assert not [p for p in problems if p.code.severity == "error"]


def test_a_group_copied_whole_is_p112_s_alone(tmp_path: Path) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "extends: powerschool\ntables:\n  users:\n    guardians:\n      each:\n        father:\n"
        "          givenName: {column: Mother, clean: [name_given]}\n"
        "          familyName: {column: Mother, clean: [name_family]}\n"
        "          email: {column: Mother_Email, clean: [email]}\n"
        "          phone: {column: [Motherdayphone, Mother_Home_Phone], clean: [phone]}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(profile), hints=True)
    assert {p.code.id for p in problems} >= {"P112"} and "P115" not in {p.code.id for p in problems}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_run_whose_fathers_would_all_have_the_mother_s_email_publishes_nothing(tmp_path: Path, engine: str) -> None:
    result = run(export(tmp_path / "in"), tmp_path / "out", engine, district(tmp_path, "Mother_Email"))
    assert result.exit_status == 2 and not result.report.published  # the profile is wrong
    assert not (tmp_path / "out" / "users.csv").exists()
    [refused] = [p for p in result.problems if p.code.id == "I286"]
    assert (refused.params["same"], refused.params["rows"]) == (6, 6)
    assert refused.params["path"] == "tables.users.guardians.each.father.email"
    assert (refused.where.file, refused.where.line) == ("students.txt", 2)
    assert result.report.counts["P115"] == 1  # said on the run too, at the profile line


@pytest.mark.parametrize("engine", ENGINES)
def test_the_mother_s_column_as_the_father_s_last_choice_is_published_when_most_fathers_have_their_own(
    tmp_path: Path, engine: str
) -> None:
    """`[Father_Email, Mother_Email]`: a household's email for a father without his own. Said at
    the profile line, and published: 5 of 6 fathers have their own."""
    profile = district(tmp_path, "[Father_Email, Mother_Email]")
    result = run(export(tmp_path / "in", fathers_with_email=5), tmp_path / "out", engine, profile)
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["P115"] == 1 and "I286" not in result.report.counts
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        emails = sorted(r["email"] for r in csv.DictReader(handle) if r["givenName"] == "Daniel")
    assert emails[:2] == ["berg.mom@mail.example.com", "haddad.dad@mail.example.com"]


def mother_reading(tmp_path: Path, mother_email: str) -> Path:
    """A district profile over powerschool whose mother group (the first) reads `mother_email`."""
    path = tmp_path / "district.yaml"
    path.write_text(
        "extends: powerschool\ntables:\n  users:\n    guardians:\n      each:\n        mother:\n"
        f"          email: {{column: {mother_email}, clean: [email]}}\n",
        encoding="utf-8",
    )
    return path


def test_check_profile_blames_the_group_reading_a_column_named_for_the_other(tmp_path: Path) -> None:
    """The mother (the first group) reads Father_Email: the father, reading his own, is not the one
    to change (tester67 F7: the second group was always named)."""
    profile = mother_reading(tmp_path, "Father_Email")
    _, problems = api.check_profile(str(profile), hints=True)
    [said] = [p for p in problems if p.code.id == "P115"]
    assert said.params["path"] == "tables.users.guardians.each.mother.email"
    assert (said.params["group"], said.params["other"]) == ("mother", "father")
    assert said.where.file == f"{profile}:7:11"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_run_refusing_it_names_the_mother_s_line(tmp_path: Path, engine: str) -> None:
    result = run(export(tmp_path / "in"), tmp_path / "out", engine, mother_reading(tmp_path, "Father_Email"))
    assert result.exit_status == 2 and not result.report.published
    [refused] = [p for p in result.problems if p.code.id == "I286"]
    assert refused.params["path"] == "tables.users.guardians.each.mother.email"
    assert (refused.params["group"], refused.params["other"]) == ("mother", "father")
    assert "read the mother's own column there" in refused.message
