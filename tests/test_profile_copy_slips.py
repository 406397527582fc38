"""Slips of an admin writing a profile by copying and pasting (tester25 1.6, 3.5): a group copied
from the one above and left unchanged, a '#' in a column name that YAML takes for a comment."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_cli import transform
from tests.test_profile_slips import district

SAMPLE = FIXTURES / "powerschool" / "district" / "in"

# A district's profile over the bundled PowerSchool one, whose father group reads the Mother
# columns: pasted from the mother group above it, the names not changed.
FATHER_COPIED = """\
name: copied
extends: powerschool
tables:
  users:
    guardians:
      each:
        father:
          givenName: {column: Mother, clean: [name_given]}
          familyName: {column: Mother, clean: [name_family]}
          email: {column: Mother_Email, clean: [email]}
          phone: {column: [Motherdayphone, Mother_Home_Phone], clean: [phone]}
"""


def test_a_parent_group_copied_from_the_other_is_refused_at_its_line(tmp_path: Path) -> None:
    """Every father was lost without a word: the group made the mother again, merged into one
    person with her, and check-profile said ok (tester25 1.6)."""
    profile = tmp_path / "copied.yaml"
    profile.write_text(FATHER_COPIED, encoding="utf-8")
    expected = (
        "copied.yaml:7:9: P112 each-group-copied: tables.users.guardians.each.father: each group 'father' reads "
        "no export column of its own (Mother, Mother_Email, Mother_Home_Phone, Motherdayphone: group 'mother' "
        "reads them all too; a group copied and left unchanged?): every row would make the person of group "
        "'mother' again, and never the one 'father' is meant for"
    )
    checked = transform("check-profile", profile.name, cwd=tmp_path)
    assert checked.returncode == 2 and expected in checked.stdout + checked.stderr
    ran = transform("--profile", profile.name, SAMPLE, "out", "--as-of", "2026-10-15", cwd=tmp_path)
    assert ran.returncode == 2 and expected in ran.stderr
    assert not (tmp_path / "out").exists()


def test_a_co_teacher_group_copied_from_the_lead_is_refused(tmp_path: Path) -> None:
    """The tutorial's teacher enrolments, the co-teacher group pasted from the lead's: every
    co-teacher lost, the lead's enrolment made twice."""
    profile, _ = district(
        tmp_path,
        ('sourcedId: "{Section ID}-T{Co-Teacher ID}"', 'sourcedId: "{Section ID}-T{Teacher ID}"'),
        ("userSourcedId: {column: Co-Teacher ID, clean: [id]}", "userSourcedId: {column: Teacher ID, clean: [id]}"),
    )
    checked = transform("check-profile", profile)
    assert checked.returncode == 2
    assert "P112 each-group-copied: tables.enrollments.teachers.each.co_teacher: each group 'co_teacher'" in (
        checked.stdout + checked.stderr
    )
    assert "(Teacher ID: group 'lead' reads them all too;" in checked.stdout + checked.stderr


def test_a_group_sharing_only_some_columns_is_not_refused(tmp_path: Path) -> None:
    """A father whose email and phone are read from the mother's columns may be a household's
    shared address: a slip or not, the profile cannot tell, and it is not refused (the names
    are the father's own)."""
    profile = tmp_path / "shared.yaml"
    profile.write_text(
        FATHER_COPIED.replace("{column: Mother, clean: [name_given]}", "{column: Father, clean: [name_given]}")
        .replace("{column: Mother, clean: [name_family]}", "{column: Father, clean: [name_family]}")
        .replace("name: copied", "name: shared"),
        encoding="utf-8",
    )
    checked = transform("check-profile", profile.name, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_hash_in_an_unquoted_column_name_is_named_at_its_line(tmp_path: Path) -> None:
    """`columns: [Staff #, Teacher ID]`: YAML reads '# ...' as a comment and stumbles on the next
    line, where the error pointed, with nothing about the '#' (tester25 3.5); the place named is the
    '[' left open on line 5, not the next line YAML stopped at (tester63 F5)."""
    profile = tmp_path / "hash.yaml"
    profile.write_text(
        "name: hash\nsources:\n  teachers:\n    files: [Teachers.csv]\n    columns: [Staff #, Teacher ID]\n"
        "    optional_columns: [Email]\n",
        encoding="utf-8",
    )
    checked = transform("check-profile", profile.name, cwd=tmp_path)
    assert checked.returncode == 2
    assert (
        "hash.yaml:5:14: P101 profile-yaml-syntax: YAML syntax: while parsing a flow sequence expected ',' or ']', "
        "but got '<scalar>' (line 5: 'Staff #' holds a '#', which after a space starts a comment in YAML, so the "
        'rest of the line was not read: quote the name, "Staff #")'
    ) in checked.stdout + checked.stderr


def test_a_comment_after_a_closed_list_gets_no_hint(tmp_path: Path) -> None:
    profile = tmp_path / "open.yaml"
    profile.write_text("name: open\nsources:\n  t:\n    files: [T.csv]  # the file\n    columns: [ID\n")
    checked = transform("check-profile", profile.name, cwd=tmp_path)
    assert checked.returncode == 2 and "P101" in checked.stdout + checked.stderr
    assert "holds a '#'" not in checked.stdout + checked.stderr
