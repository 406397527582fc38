"""Two enrolments the profile's ID template gives one ID (tester50 M3).

SDS v2.1 exports no enrolment IDs: the sds-v2 profile writes `{classSourcedId}-{userSourcedId}`.
Class 'c1-A' with user 'B' and class 'c1' with user 'A-B' both came out 'c1-A-B': V501 and V576
left both out (warnings, exit 0), two students in no class, though nothing in the SIS was wrong.
Now each is written under the ID with a suffix of its own, the same in any row order, said once
(I218). Where the export writes the enrolment IDs (OneRoster), one ID on two enrolments still
keeps neither (V576): the export's ID is wrong, not the tool's."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from tests.test_max_removal_left_in import assert_let_through
from transform import api
from transform.oneroster.spec import REMIND
from transform.pipeline import mapping
from transform.profile import load
from transform.profile.compile import Choices, compile_plan

SDS_V2 = FIXTURES / "sds-v2" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)


def lakeshore_with_hyphens(folder: Path, *, reverse: bool) -> Path:
    """The sds-v2 district with class 'c1-A' (Math 3 at s100) and two students: 'B' in c1-A,
    'A-B' in c1; the enrolments' rows in file order or reversed."""
    shutil.copytree(SDS_V2, folder)

    def add(file: str, *lines: str) -> None:
        path = folder / file
        path.write_text(path.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in lines), encoding="utf-8")

    add("classes.csv", "c1-A,s100,Math 3,M3,,FALL26")
    add(
        "users.csv",
        "A-B,zed.a@lakeshore.example.org,Zed,Ab,,,,,,S1006",
        "B,yan.b@lakeshore.example.org,Yan,Bee,,,,,,S1007",
    )
    add("roles.csv", "A-B,s100,student,SY2027,3,TRUE,2026-08-20,", "B,s100,student,SY2027,3,TRUE,2026-08-20,")
    add("enrollments.csv", "c1-A,B,student", "c1,A-B,student")
    enrolments = folder / "enrollments.csv"
    header, *body = enrolments.read_text(encoding="utf-8").splitlines()
    enrolments.write_text("\n".join([header, *(reversed(body) if reverse else body)]) + "\n", encoding="utf-8")
    return folder


def enrolments(out: Path) -> dict[str, tuple[str, str]]:
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: (row["classSourcedId"], row["userSourcedId"]) for row in csv.DictReader(handle)}


def test_two_enrolments_the_template_gives_one_id_get_ids_of_their_own(tmp_path: Path) -> None:
    published = []
    for reverse in (False, True):
        exports = lakeshore_with_hyphens(tmp_path / f"in-{reverse}", reverse=reverse)
        python, _ = both_engines(tmp_path / f"run-{reverse}", profile="sds-v2", in_dir=exports, as_of=AS_OF)
        assert python.exit_status == 0, python.problems
        written = enrolments(tmp_path / f"run-{reverse}" / "python")
        mine = {sid: pair for sid, pair in written.items() if sid.startswith("c1-A-B")}
        assert sorted(mine.values()) == [("c1", "A-B"), ("c1-A", "B")]
        assert "c1-A-B" not in mine and all(len(sid) == len("c1-A-B-") + 8 for sid in mine)
        assert not {"V501", "V576"} & set(python.report.counts)
        (said,) = python.report.examples["I218"]
        assert said.params["id"] == "c1-A-B" and said.where.file == "enrollments.csv"
        assert all(sid in str(said.params["ids"]) for sid in mine)
        published.append((tmp_path / f"run-{reverse}" / "python" / "enrollments.csv").read_bytes())
    assert published[0] == published[1]  # the same set in any row order


@pytest.mark.parametrize(("profile", "made"), [("sds-v2", True), ("sds", True), ("clever", True), ("oneroster", False)])
def test_only_ids_the_profile_puts_together_are_its_to_tell_apart(profile: str, made: bool) -> None:
    plan = compile_plan(load.load(profile).data, target=REMIND, choices=Choices(as_of=AS_OF))
    assert mapping.enrolment_ids_put_together(plan) is made


def test_one_enrolment_id_the_export_writes_twice_still_keeps_neither(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    path = exports / "enrollments.csv"
    header, first, second, *rest = path.read_text(encoding="utf-8").splitlines()
    sourced_id = first.split(",")[0]
    second = ",".join([sourced_id, *second.split(",")[1:]])
    path.write_text("\n".join([header, first, second, *rest]) + "\n", encoding="utf-8")
    result = api.run(api.RunOptions(profile="oneroster", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert "I218" not in result.report.counts
    assert sourced_id not in enrolments(tmp_path / "out")


def drop_enrolment(folder: Path, line: str) -> Path:
    path = folder / "enrollments.csv"
    text = path.read_text(encoding="utf-8")
    assert f"{line}\n" in text
    path.write_text(text.replace(f"{line}\n", "", 1), encoding="utf-8")
    return folder


def nights(tmp_path: Path, engine: str, *folders: Path) -> list[tuple[api.RunResult, set[str]]]:
    """The nights of one district, each published into one OUT (the last set for the next), with
    the enrolment IDs each night's set holds. One enrolment of the small district is over the
    removal limits (its class goes with it): the limit raised for the small district (a night it lets
    through a removal no withdrawal explains is published at exit 1, X821), and the IDs say what changed."""
    out = tmp_path / engine / "out"
    out.parent.mkdir(parents=True, exist_ok=True)
    found = []
    for folder in folders:
        options = api.RunOptions(
            profile="sds-v2", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine, max_removal=100
        )
        result = api.run(options)
        found.append((result, set(enrolments(out))))
    return found


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_enrolment_keeps_its_suffixed_id_the_night_its_twin_leaves(tmp_path: Path, engine: str) -> None:
    """tester55 F6: 'B' leaves class 'c1-A'; the enrolment of 'A-B' in 'c1' did not change, and
    went from 'c1-A-B-<suffix>' to 'c1-A-B': deleted and re-created in Remind, two removals
    against the limit for one. It keeps the ID the last published set gave it (I225). B leaves the
    class, not listed withdrawn, under --max-removal 100: published at exit 1, X821 alone."""
    both = lakeshore_with_hyphens(tmp_path / "in1", reverse=False)
    left = drop_enrolment(lakeshore_with_hyphens(tmp_path / "in2", reverse=False), "c1-A,B,student")
    (first, before), (second, after) = nights(tmp_path, engine, both, left)
    assert first.exit_status == 0
    assert_let_through(second)
    written = enrolments(tmp_path / engine / "out")
    (kept,) = [sid for sid, pair in written.items() if pair == ("c1", "A-B")]
    assert kept.startswith("c1-A-B-") and len(kept) == len("c1-A-B-") + 8
    assert "c1-A-B" not in written and ("c1-A", "B") not in written.values()
    (gone,) = before - after  # one removal: B's, none added
    assert gone.startswith("c1-A-B-") and after <= before
    (said,) = second.report.examples["I225"]
    assert (said.params["id"], said.params["kept"]) == ("c1-A-B", kept)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_enrolment_published_under_the_plain_id_keeps_it_when_a_twin_arrives(tmp_path: Path, engine: str) -> None:
    """'A-B' in 'c1' was published as 'c1-A-B'; the night 'B' joins 'c1-A' (the template gives
    it 'c1-A-B' too), the one Remind has keeps its ID and the new one gets the suffix."""
    alone = drop_enrolment(lakeshore_with_hyphens(tmp_path / "in1", reverse=True), "c1-A,B,student")
    both = lakeshore_with_hyphens(tmp_path / "in2", reverse=True)
    (first, before), (second, after) = nights(tmp_path, engine, alone, both)
    assert first.exit_status == 0 and "c1-A-B" in before
    assert second.exit_status == 0, second.problems
    assert before < after and len(after - before) == 1  # one added, none removed
    written = enrolments(tmp_path / engine / "out")
    assert written["c1-A-B"] == ("c1", "A-B")
    (new,) = [sid for sid, pair in written.items() if pair == ("c1-A", "B")]
    assert new.startswith("c1-A-B-") and len(new) == len("c1-A-B-") + 8
    (said,) = second.report.examples["I218"]
    assert "'c1-A-B' (class 'c1', user 'A-B')" in str(said.params["ids"])


def test_a_class_whose_one_student_got_an_id_of_their_own_is_kept(tmp_path: Path) -> None:
    """tester70 S1: class 'c9' with user 'A-B' and class 'c9-A' with user 'B', each class's only
    student (t1 teaches both). The row of the ID taken was never written, so its class counted as empty and was
    left out (F412) while the enrolment written again still named it: a dangling reference
    published at exit 0, in both engines. Both classes and both enrolments are kept."""
    exports = lakeshore_with_hyphens(tmp_path / "in", reverse=False)
    for unneeded in ("relationships.csv", "userFlags.csv", "demographics.csv", "courses.csv"):  # cheaper runs
        (exports / unneeded).unlink()

    def add(file: str, *lines: str) -> None:
        path = exports / file
        path.write_text(path.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in lines), encoding="utf-8")

    add("classes.csv", "c9-A,s100,Art 3,A3,,FALL26", "c9,s100,Music 3,MU3,,FALL26")
    add("enrollments.csv", "c9-A,B,student", "c9,A-B,student", "c9,t1,teacher", "c9-A,t1,teacher")
    python, _ = both_engines(tmp_path / "run", profile="sds-v2", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, python.problems
    written = enrolments(tmp_path / "run" / "python")
    assert {pair for sid, pair in written.items() if sid.startswith("c9-A-B-")} == {("c9", "A-B"), ("c9-A", "B")}
    with (tmp_path / "run" / "python" / "classes.csv").open(encoding="utf-8", newline="") as handle:
        classes = {row["sourcedId"] for row in csv.DictReader(handle)}
    assert {"c9", "c9-A"} <= classes
    assert {class_id for class_id, _ in written.values()} <= classes
