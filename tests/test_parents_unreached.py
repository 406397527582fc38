"""A first set that would reach few of the parents the exports give a phone or email for (reviewer63 R5).

Every mother's only phone '000-000-0000' (what a SIS types for "none"): each left out on purpose
(V515, info), never counted by the safety gate (X969): the first set went out with no parent at
all, exit 0, "Next: upload". A third of the mothers with a 7-digit local number (V573, a warning)
stayed under X969's half for warnings: exit 0 too. Now X808 says how many, which columns, the
first of them and the fix, and a first set, or the first after the profile changed, exits 1
("Published, but") for a person to look; later nights with the same profile say it and exit 0.
A district where a few families have no phone publishes as before.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.test_columnar import both_engines
from tests.test_unread_contacts import AS_OF, PUBLISHED, STUDENTS, district, mothers
from transform import api
from transform.report import summary

PLACEHOLDERS = {n: "000-000-0000" for n in range(STUDENTS)}


def run(folder: Path, exports: Path, out: Path, profile: str = "powerschool", day: int = 0) -> api.RunResult:
    options = api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=AS_OF.replace(day=AS_OF.day + day))
    return api.run(options)


def test_a_first_set_whose_every_parent_phone_is_a_placeholder_is_published_but_said(tmp_path: Path) -> None:
    """Before: 0 parents published, exit 0, 'Next: upload'. Now published (the students and staff
    are right; the parents a fixed profile adds later are additions), exit 1, X808 naming the
    count, the column and the first values, and the Next its fix."""
    exports = district(tmp_path / "in", PLACEHOLDERS)
    python, _ = both_engines(tmp_path / "run", profile="powerschool", in_dir=exports, as_of=AS_OF)
    assert python.report.published and python.exit_status == api.EXIT_NOT_PUBLISHED
    assert mothers(tmp_path / "run" / "python") == {}
    (said,) = python.report.examples["X808"]
    assert (said.params["lost"], said.params["total"], said.params["percent"]) == (STUDENTS, STUDENTS, 100.0)
    assert said.params["columns"] == f"Mother_Home_Phone ({STUDENTS})"
    assert said.message.startswith(
        f"{STUDENTS} of the {STUDENTS} parents and guardians the exports give a phone or email for (100.0%) are "
        f"not published, {STUDENTS} whose only phone or email is a placeholder for none (V515)"
    )
    assert "Mother_Home_Phone '000-000-0000'" in said.params["examples"]
    assert (said.where.file, said.where.line) == ("students.txt", 2)
    assert summary.to_check(python.report) == [said]
    step = summary.next_step(python, out_dir=tmp_path / "run" / "python", explain_path=None, upload=False)
    assert "map it in the profile" in step and "settings.phone_area_code" in step
    assert "X969" not in python.report.counts  # placeholders are no parents lost: nothing refused


def test_the_next_night_with_the_same_profile_exits_0_and_still_says_it(tmp_path: Path) -> None:
    exports = district(tmp_path / "in", PLACEHOLDERS)
    first = run(tmp_path, exports, tmp_path / "out")
    assert first.exit_status == api.EXIT_NOT_PUBLISHED and first.report.published
    second = run(tmp_path, exports, tmp_path / "out", day=1)
    assert second.exit_status == 0, [str(p) for p in summary.to_check(second.report)]
    assert second.report.counts["X808"] == 1


def test_the_first_set_after_the_profile_changed_exits_1_again(tmp_path: Path) -> None:
    exports = district(tmp_path / "in", PLACEHOLDERS)
    profile = tmp_path / "district.yaml"
    profile.write_text("extends: powerschool\n", encoding="utf-8")
    assert run(tmp_path, exports, tmp_path / "out", str(profile)).exit_status == api.EXIT_NOT_PUBLISHED
    assert run(tmp_path, exports, tmp_path / "out", str(profile), day=1).exit_status == 0
    profile.write_text("extends: powerschool\nsettings:\n  max_removal: 10\n", encoding="utf-8")
    changed = run(tmp_path, exports, tmp_path / "out", str(profile), day=2)
    assert changed.exit_status == api.EXIT_NOT_PUBLISHED and changed.report.facts["profile_changed"]
    assert summary.to_check(changed.report)[0].code.id == "X808"


def test_a_third_of_the_mothers_with_local_numbers_is_published_but_said(tmp_path: Path) -> None:
    """Ten of 28 mothers' phones 7-digit (V573): under X969's half for warnings, published at exit 0
    before. Over the removal limit (10%) of the parents given a phone: exit 1, the fix the area code."""
    local = {n: f"555-{2000 + n:04d}" for n in range(10)}
    exports = district(tmp_path / "in", local)
    python, _ = both_engines(tmp_path / "run", profile="powerschool", in_dir=exports, as_of=AS_OF)
    assert "X969" not in python.report.counts
    lost = python.report.counts["V573"]
    assert lost >= 10 and python.report.published and python.exit_status == api.EXIT_NOT_PUBLISHED
    (said,) = python.report.examples["X808"]
    published = len(mothers(tmp_path / "run" / "python"))
    assert published >= PUBLISHED - 10 and said.params["lost"] == lost and said.params["total"] == published + lost
    assert f"{lost} whose phone or email could not be read (V573)" in said.message
    assert "a 7-digit local number is read with settings.phone_area_code" in said.message


def test_a_few_families_with_no_phone_publish_at_exit_0(tmp_path: Path) -> None:
    """Three placeholders and two unread phones of 28 mothers (the sample's fathers named with no
    phone or email at all): every district's few; published at exit 0, no X808."""
    few = {0: "000-000-0000", 1: "555-555-5555", 2: "(000) 000-0000", 3: "555-2003", 4: "608-555-2O04"}
    exports = district(tmp_path / "in", few)
    result = run(tmp_path, exports, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in summary.to_check(result.report)]
    assert "X808" not in result.report.counts and result.report.counts["V573"] == 2


def test_placeholders_for_fewer_than_half_of_the_mothers_publish_at_exit_0(tmp_path: Path) -> None:
    """Twelve of 28 mothers with a placeholder phone, the others with theirs: the SIS's 'none', not
    most of the parents; published at exit 0 (the fathers with no cell filled are not counted)."""
    exports = district(tmp_path / "in", {n: "000-000-0000" for n in range(12)})
    result = run(tmp_path, exports, tmp_path / "out")
    assert result.exit_status == 0 and "X808" not in result.report.counts


def test_most_mothers_with_a_placeholder_email_and_no_phone_are_said(tmp_path: Path) -> None:
    """none@none.com is a placeholder as 000-000-0000 is: counted alike, its column named."""
    blank = dict.fromkeys(range(STUDENTS), "")
    exports = district(tmp_path / "in", blank, dict.fromkeys(range(STUDENTS), "none@none.com"))
    result = run(tmp_path, exports, tmp_path / "out")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    (said,) = result.report.examples["X808"]
    assert said.params["columns"] == f"Mother_Email ({STUDENTS})"


IC = Path(__file__).parent.parent / "fixtures" / "infinite-campus" / "district" / "in"
IC_AS_OF = dt.date(2026, 10, 5)
FAMILIES = 24


def campus(folder: Path, phone: str, *, grandmothers: bool = False) -> Path:
    """The Infinite Campus sample with FAMILIES more students at school 0410, each with a mother
    in contacts.csv (and a grandmother, no guardian, whom the profile leaves out); every contact's
    only point `phone` (no email)."""
    shutil.copytree(IC, folder)
    with (folder / "contacts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with (folder / "contacts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({**row, "email": "", "cellPhone": phone, "homePhone": ""} for row in rows)
    with (
        (folder / "students.csv").open("a", encoding="utf-8", newline="") as students,
        (folder / "contacts.csv").open("a", encoding="utf-8", newline="") as contacts,
    ):
        for n in range(FAMILIES):
            student = f"{52000 + n},{1200000 + n},0410,Family{n},Kid{n},,03,04/22/2018,,08/20/2026,,P,English"
            students.write(student + "\n")
            contacts.write(f"{52000 + n},{61000 + n},Mom{n},Family{n},Mother,1,1,,{phone},\n")
            if grandmothers:
                contacts.write(f"{52000 + n},{62000 + n},Gran{n},Family{n},Grandmother,0,2,,{phone},\n")
    return folder


def test_a_contacts_export_whose_every_parent_phone_is_a_placeholder_is_refused_with_its_fix(tmp_path: Path) -> None:
    """A contacts export leaves users.csv with no parent: X951 refuses it, as before; its step
    sent the admin to 'correct the rule's conditions', which kept every mother's row. Now the
    step is X808's: the column, the area code or the SIS; --allow-incomplete for a SIS with none."""
    exports = campus(tmp_path / "in", "000-000-0000", grandmothers=True)
    result = api.run(
        api.RunOptions(profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", as_of=IC_AS_OF)
    )
    assert not result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED
    assert [p.code.id for p in result.problems] == ["X951"]
    (said,) = result.report.examples["X808"]
    assert said.params["columns"].startswith("cellPhone (")
    step = summary.next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert "not by the conditions: map the column that holds the parents' phones" in step
    assert "--allow-incomplete publishes the set without parents" in step
    allowed = api.run(
        api.RunOptions(
            profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", as_of=IC_AS_OF, allow_incomplete=True
        )
    )
    # X808 said with no exit 1 of its own; the refusal the flag let through (X951, X918) is said: F453, exit 1
    assert allowed.report.published and allowed.exit_status == 1 and "F453" in allowed.report.counts
    assert allowed.report.counts["X808"] == 1


def test_a_contacts_export_whose_conditions_leave_no_row_out_is_published_but_said(tmp_path: Path) -> None:
    """Without rows the conditions leave out, X951 does not judge the set (its cause is the
    conditions): before, no parent published at exit 0; now X808, exit 1, the export's column named."""
    exports = campus(tmp_path / "in", "555-555-5555")
    result = api.run(
        api.RunOptions(profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", as_of=IC_AS_OF)
    )
    assert result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED
    assert [p.code.id for p in summary.to_check(result.report)] == ["X808"]
    assert "cellPhone '555-555-5555'" in result.report.examples["X808"][0].params["examples"]
