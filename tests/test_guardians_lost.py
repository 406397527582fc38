"""Parents and guardians lost to errors are held to a limit, the first night too (tester37 F3,
tester38 F5).

SDS classic and SDS v2.1 publish parents from a relationships file in which Microsoft lets the
Role be blank: when every role was blank or one the profile does not know, every link was left
out (F424, a warning) and the first set went out with no parent at exit 0, where Clever refuses
the same (X951). X951 handed an export mostly lost to warnings over to X915, which judges the
required exports only: the relationships file is optional. And a guardian named on a student's
row (Mother and Father column groups) was no row of its own: a father group whose role went
through the wrong map left out every father (V507) at exit 0, as no row of the students export
was lost. Now X951 keeps what X915 does not judge, and the parents and guardians lost to errors,
or their links, are held to the removal limit (errors and warnings: half), X969;
--allow-incomplete publishes them, said (X970).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.report import summary
from transform.report.codes import explain

AS_OF = dt.date(2026, 10, 15)
SDS = FIXTURES / "sds" / "district"
SDS_V2 = FIXTURES / "sds-v2" / "district" / "in"
POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
FAMILIES = 24  # students added to a fixture, each with a parent of their own


def parents_in(out: Path) -> int:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return sum(row["role"] in ("parent", "guardian") for row in csv.DictReader(handle))


def append(path: Path, rows: list[str]) -> None:
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(
        text + ("" if text.endswith("\n") else "\n") + "".join(f"{row}\n" for row in rows), encoding="utf-8"
    )


# --- SDS classic: Student.csv, user.csv (the parents) and guardianrelationship.csv (the links) ---


def sds(folder: Path, roles: list[str]) -> Path:
    """The SDS classic sample with a student per role given, each linked to a parent of their own
    with that Role (blank: SDS's "can be left blank")."""
    shutil.copytree(SDS / "in", folder)
    students = [f"SN{n},S1,Kid{n},Fam{n},kid{n},,{900 + n},,3,Active,5/14/2018" for n in range(len(roles))]
    append(folder / "Student.csv", students)
    parents = [f"par{n}@mail.example.com,Pat{n},Fam{n},(555) 301-{n:04d},P{n}" for n in range(len(roles))]
    (folder / "user.csv").write_text("Email,First Name,Last Name,Phone,SIS ID\n", encoding="utf-8")
    append(folder / "user.csv", parents)
    links = [f"SN{n},par{n}@mail.example.com,{role}" for n, role in enumerate(roles)]
    (folder / "guardianrelationship.csv").write_text("SIS ID,Email,Role\n", encoding="utf-8")
    append(folder / "guardianrelationship.csv", links)
    return folder


def run_sds(tmp_path: Path, roles: list[str], **options: object) -> tuple[api.RunResult, api.RunResult]:
    exports = sds(tmp_path / "in", roles)
    profile = str(SDS / "district.yaml")
    return both_engines(tmp_path / "run", profile=profile, in_dir=exports, as_of=AS_OF, **options)


@pytest.mark.parametrize("role", ["", "Parent/Guardian"])
def test_sds_every_role_blank_or_unknown_is_refused_not_published_without_parents(tmp_path: Path, role: str) -> None:
    """Every link's Role blank (or a value SDS does not list): before, 24 F424 warnings, no parent,
    exit 0. Now refused as Clever's is (X951), naming the relationships file; nothing written."""
    python, columnar = run_sds(tmp_path, [role] * FAMILIES)
    for result in (python, columnar):
        assert result.exit_status == api.EXIT_NOT_PUBLISHED
        assert result.report.counts["F424"] == FAMILIES
        (refusal,) = result.report.examples["X951"]
        assert refusal.params["file"] == "guardianrelationship.csv"
        assert refusal.params["kind"] == "parents or guardians"
        assert "X969" not in result.report.counts  # said once
    assert not (tmp_path / "run" / "python").exists()


def test_sds_most_roles_unknown_is_refused(tmp_path: Path) -> None:
    """15 of 24 links with a Role the profile does not know (62.5 %): over half lost to
    warnings. Refused (X969) at the first one, naming the file, the code and the counts."""
    python, _ = run_sds(tmp_path, ["Parent"] * 9 + ["Mom"] * 15)
    assert python.exit_status == api.EXIT_NOT_PUBLISHED
    assert "X951" not in python.report.counts  # nine parents would be published
    (refusal,) = python.report.examples["X969"]
    assert (refusal.where.file, refusal.where.line) == ("guardianrelationship.csv", 11)
    assert str(refusal) == (
        "guardianrelationship.csv:11: X969 guardians-errors-over-limit: errors and warnings left out 15 of "
        "the 24 links of a parent or guardian to a student the exports name (62.5%, limit 50.0%), most of "
        "them F424 guardian-role-unknown in guardianrelationship.csv, the first at this line; nothing "
        "published (--allow-incomplete publishes it anyway)"
    )
    assert refusal.params["top_id"] == "F424"  # whose fix is the next step
    step = summary.next_step(python, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert step.startswith(f"Next: {explain('F424')[1].rstrip('.')} (F424 guardian-role-unknown left out most")
    assert "of the parents and guardians; --explain PATH lists each parent left out" in step


def test_sds_a_few_roles_blank_are_published_each_said(tmp_path: Path) -> None:
    """A third of the links with a blank Role: each said (F424), the others published, exit 0."""
    python, _ = run_sds(tmp_path, ["Parent"] * 16 + [""] * 8)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    assert python.report.counts["F424"] == 8
    assert "X969" not in python.report.counts
    assert parents_in(tmp_path / "run" / "python") == 16


def test_sds_most_contacts_emergency_or_relatives_are_no_loss(tmp_path: Path) -> None:
    """Contacts SDS types Relative, Doctor or Other are no guardians (F409, info): left out on
    purpose, never counted, however many; the parents are published."""
    python, _ = run_sds(tmp_path, ["Parent"] * 4 + ["Relative", "Doctor", "Other", "Aide"] * 5)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    assert python.report.counts["F409"] == 20
    assert "X969" not in python.report.counts
    assert parents_in(tmp_path / "run" / "python") == 4


def test_a_district_with_few_guardians_is_not_refused_for_a_few_lost(tmp_path: Path) -> None:
    """Six links, four of an unknown Role: two thirds, but four parents are a family or two's
    typos, not a broken profile (fewer than 10 lost never refuse): published, each said."""
    python, _ = run_sds(tmp_path, ["Parent"] * 2 + ["Mom"] * 4)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    assert python.report.counts["F424"] == 4
    assert "X969" not in python.report.counts


def test_allow_incomplete_publishes_the_parents_left_and_says_so(tmp_path: Path) -> None:
    python, _ = run_sds(tmp_path, ["Parent"] * 9 + ["Mom"] * 15, allow_incomplete=True)
    assert python.report.published and python.exit_status == 1 and "F453" in python.report.counts  # said
    assert "X969" not in python.report.counts
    (said,) = python.report.examples["X970"]
    assert said.params["lost"] == 15 and said.params["total"] == 24
    assert parents_in(tmp_path / "run" / "python") == 9


# --- SDS v2.1: users.csv and roles.csv hold the students and parents, relationships.csv the links ---


def sds_v2(folder: Path, roles: list[str]) -> Path:
    shutil.copytree(SDS_V2, folder)
    append(
        folder / "users.csv",
        [f"sn{n},kid{n}@lakeshore.example.org,Kid{n},Fam{n},,,,,,S9{n:03d}" for n in range(len(roles))]
        + [f"gp{n},,Pat{n},Fam{n},,,pat{n}@mail.example.com,,," for n in range(len(roles))],
    )
    append(folder / "roles.csv", [f"sn{n},s100,student,SY2027,3,TRUE,2026-08-20,2027-06-10" for n in range(len(roles))])
    append(folder / "relationships.csv", [f"sn{n},gp{n},{role}" for n, role in enumerate(roles)])
    return folder


@pytest.mark.parametrize("role", ["", "Parent/Guardian"])
def test_sds_v2_every_relationship_role_blank_or_unknown_is_refused(tmp_path: Path, role: str) -> None:
    exports = sds_v2(tmp_path / "in", [role] * FAMILIES)
    with (exports / "relationships.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:  # the sample's own links too: no link of any known role is left
        row["relationshipRole"] = role
    with (exports / "relationships.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["userSourcedId", "relationshipUserSourcedId", "relationshipRole"])
        writer.writeheader()
        writer.writerows(rows)
    python, _ = both_engines(tmp_path / "run", profile="sds-v2", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == api.EXIT_NOT_PUBLISHED
    assert python.report.counts["F424"] >= FAMILIES
    (refusal,) = python.report.examples["X951"]
    assert refusal.params["file"] == "relationships.csv"


def test_sds_v2_most_relationship_roles_unknown_are_refused(tmp_path: Path) -> None:
    exports = sds_v2(tmp_path / "in", ["parent"] * 8 + ["Parent/Guardian"] * 16)
    python, _ = both_engines(tmp_path / "run", profile="sds-v2", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == api.EXIT_NOT_PUBLISHED
    (refusal,) = python.report.examples["X969"]
    # The 16 links of an unknown role, and the sample's st4 linked to g9, whom users.csv lacks (D300).
    assert (refusal.params["kind"], refusal.params["lost"], refusal.params["file"]) == (
        "errors and warnings",
        17,
        "relationships.csv",
    )
    assert refusal.params["top_id"] == "F424"


# --- guardians named on a student's row: PowerSchool's Mother and Father column groups ---------

# The father group's role read through a map that does not hold it (tester38 F5: a staff roles
# map): every father is a role Remind does not take (V507), a person left out once merged.
FATHER_MAP_WRONG = """\
extends: powerschool
maps:
  father_roles:
    values: {dad: parent}
tables:
  users:
    guardians:
      each:
        father:
          role: {value: father, map: father_roles}
"""


def powerschool(folder: Path, *, fathers: bool) -> Path:
    """The PowerSchool sample; with `fathers`, each student's Father has an email (the sample's
    fathers have none, so are no users: V515, left out on purpose)."""
    shutil.copytree(POWERSCHOOL, folder)
    path = folder / "students.txt"
    lines = path.read_bytes().split(b"\r\n")
    header = lines[0].split(b"\t")
    at = header.index(b"Father_Email")
    rows = [line.split(b"\t") for line in lines[1:] if line]
    for n, row in enumerate(rows):
        row[at] = b"father%d@mail.example.com" % n if fathers else row[at]
    path.write_bytes(b"".join(b"\t".join(r) + b"\r\n" for r in [header, *rows]))
    return folder


def test_a_broken_father_group_on_the_students_row_is_refused(tmp_path: Path) -> None:
    """Before: 28 fathers left out (V507), every student published with their mother, exit 0
    ("published with errors"): no row of the students export was lost. Now refused (X969)."""
    exports = powerschool(tmp_path / "in", fathers=True)
    profile = tmp_path / "district.yaml"
    profile.write_text(FATHER_MAP_WRONG, encoding="utf-8")
    python, _ = both_engines(tmp_path / "run", profile=str(profile), in_dir=exports, as_of=AS_OF)
    assert python.exit_status == api.EXIT_NOT_PUBLISHED
    assert python.report.counts["V507"] == 28
    assert not {"X915", "X922", "X961", "X951"} & set(python.report.counts)
    (refusal,) = python.report.examples["X969"]
    assert (refusal.where.file, refusal.where.line, refusal.where.column) == ("students.txt", 2, "role")
    assert (refusal.params["kind"], refusal.params["lost"], refusal.params["total"]) == ("errors", 28, 54)
    assert refusal.params["what"] == "parents and guardians"
    assert refusal.params["top_id"] == "V507"
    assert not (tmp_path / "run" / "python").exists()


def test_the_father_group_fixed_publishes_every_parent(tmp_path: Path) -> None:
    exports = powerschool(tmp_path / "in", fathers=True)
    python, _ = both_engines(tmp_path / "run", profile="powerschool", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    assert "X969" not in python.report.counts
    assert parents_in(tmp_path / "run" / "python") == 52


def test_fathers_with_no_phone_or_email_and_students_with_no_father_are_no_loss(tmp_path: Path) -> None:
    """The sample as it is: fathers named with no phone and no email (V515, info) and rows with no
    father at all, under the broken map too: no father is made, none is lost to it."""
    exports = powerschool(tmp_path / "in", fathers=False)
    profile = tmp_path / "district.yaml"
    profile.write_text(FATHER_MAP_WRONG, encoding="utf-8")
    result = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "X969" not in result.report.counts
    assert parents_in(tmp_path / "out") == 26


def test_a_later_night_that_loses_the_fathers_is_the_comparisons_to_refuse(tmp_path: Path) -> None:
    """The fathers published last night and lost tonight: the removal gate judges it against the
    last set (X953, --allow-rollover), and X969 does not say it again."""
    exports = powerschool(tmp_path / "in", fathers=True)
    out = tmp_path / "out"
    first = api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=AS_OF))
    assert first.exit_status == 0
    profile = tmp_path / "district.yaml"
    profile.write_text(FATHER_MAP_WRONG, encoding="utf-8")
    night = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF))
    assert night.exit_status == api.EXIT_NOT_PUBLISHED
    assert "X953" in night.report.counts
    assert "X969" not in night.report.counts


def test_a_set_published_without_them_is_refused_again_the_next_night(tmp_path: Path) -> None:
    """Published once with --allow-incomplete (X970): the next night holds the same loss, which
    no comparison sees (the last set had no fathers either): refused again, as X915 would be."""
    exports = powerschool(tmp_path / "in", fathers=True)
    profile = tmp_path / "district.yaml"
    profile.write_text(FATHER_MAP_WRONG, encoding="utf-8")
    out = tmp_path / "out"
    options = {"profile": str(profile), "in_dir": exports, "out_dir": out, "as_of": AS_OF}
    first = api.run(api.RunOptions(**options, allow_incomplete=True))  # type: ignore[arg-type]
    assert first.report.published and "X970" in first.report.counts
    assert first.exit_status == 1 and "X970 ×1" in first.report.examples["F453"][0].message
    night = api.run(api.RunOptions(**options))  # type: ignore[arg-type]
    assert night.exit_status == api.EXIT_NOT_PUBLISHED
    assert "X969" in night.report.counts


# --- parents a role map leaves out (`unmapped: drop`): the profile's choice, held by X951 and the
# comparison with the last set, not counted by X969 (guardians_gate: why) --------------------------

ROLE_MAP_DROPPING = """\
extends: powerschool
maps:
  district_roles:
    values: {dad: parent, mom: parent}
    unmapped: drop
    reason: role-not-rostered
tables:
  users:
    guardians:
      each:
        father:
          role: {value: father, map: district_roles}
GROUPS"""
MOTHERS_TOO = """\
        mother:
          role: {value: mother, map: district_roles}
"""


def test_a_role_map_dropping_every_parent_is_refused_the_first_night(tmp_path: Path) -> None:
    """Every parent's role is one the map does not hold (F408, info: the roles the district does
    not roster): users.csv would hold no parent, refused (X951), not published at exit 0."""
    exports = powerschool(tmp_path / "in", fathers=True)
    profile = tmp_path / "district.yaml"
    profile.write_text(ROLE_MAP_DROPPING.replace("GROUPS", MOTHERS_TOO), encoding="utf-8")
    python, _ = both_engines(tmp_path / "run", profile=str(profile), in_dir=exports, as_of=AS_OF)
    assert python.exit_status == api.EXIT_NOT_PUBLISHED
    (refusal,) = python.report.examples["X951"]
    assert refusal.params["kind"] == "parents or guardians" and refusal.where.file == "students.txt"
    assert "X969" not in python.report.counts
    assert not (tmp_path / "run" / "python").exists()


def test_a_role_map_dropping_the_fathers_is_the_districts_choice_then_a_removal_on_a_later_night(
    tmp_path: Path,
) -> None:
    """The map drops every father (F408), the mothers are published: on a first night that is the
    roles the profile rosters (as a condition leaving relatives out), published at exit 0, each
    said; after a night that published the fathers, their loss is judged against it (X953)."""
    exports = powerschool(tmp_path / "in", fathers=True)
    profile = tmp_path / "district.yaml"
    profile.write_text(ROLE_MAP_DROPPING.replace("GROUPS", ""), encoding="utf-8")
    python, _ = both_engines(tmp_path / "first", profile=str(profile), in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    assert python.report.counts["F408"] >= 28 and "X969" not in python.report.counts
    assert parents_in(tmp_path / "first" / "python") == 26
    out = tmp_path / "out"
    assert api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=AS_OF)).exit_status == 0
    assert parents_in(out) == 52
    night = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF))
    assert night.exit_status == api.EXIT_NOT_PUBLISHED
    assert "X953" in night.report.counts and "X969" not in night.report.counts
    assert parents_in(out) == 52
