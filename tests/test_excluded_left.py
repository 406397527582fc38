"""A school an entry the admin added to settings.exclude_schools leaves out (pipeline.excluded_left).

reviewer114 R3: school 200 excluded, renumbered 8500 by the SIS (X825 published 8500 with its
people); the admin corrected the entry to 8500 as X825 said, and the rerun was refused X906 and
X953 calling the school's people withdrawn, then, with the --max-removal named, refused again by a
per-school X953, and --allow-rollover published it at exit 1 (F454). An entry added since the last
set is the admin's decision: its school's removal is published, said (X876); the other schools'
removals are judged as before, without it. excl58: an entry naming the wrong real school (200 typed
for 201) reads as well as the right one, and Remind removes a whole school's people: the night of
the removal exits 1, naming the school by ID and name; later nights exit 0."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from tests.test_exclude_schools_typo import DISTRICT, codes_of, orgs, profile, renumbered, run
from transform import api
from transform.pipeline import deliver, excluded_left
from transform.pipeline.excluded_schools import RECORD
from transform.report.summary import next_step


def test_the_entry_corrected_as_x825_says_publishes_the_school_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(profile(tmp_path, "200"), out, "2026-10-15").exit_status == 0
    exports = renumbered(tmp_path, "200", "8500")
    renamed = run(profile(tmp_path, "200"), out, "2026-10-16", exports)
    assert renamed.exit_status == 1 and "X825" in codes_of(renamed) and "8500" in orgs(out)
    (tmp_path / "fixed").mkdir()
    fixed = run(profile(tmp_path / "fixed", "8500"), out, "2026-10-16", exports)
    assert fixed.exit_status == 1 and fixed.report.published, sorted(codes_of(fixed))
    assert not codes_of(fixed) & {"X906", "X953", "X845", "X908", "F454"}
    assert "8500" not in orgs(out) and "Washington" not in orgs(out)
    (said,) = fixed.report.examples["X876"]
    assert said.where.file.endswith("district.yaml:3:36")
    assert "entry '8500', added to the profile since the last published set" in said.message
    assert "school '8500' (Washington Middle School)" in said.message
    assert "13 students, 1 staff, 13 parents or guardians only of its students, 6 classes and 69 enrolments" in (
        said.message
    )
    # the changes line still counts what was removed
    assert fixed.report.facts["changes"]["users"]["removed"] == 27
    step = next_step(fixed, out_dir=out, explain_path=None, upload=False)
    assert "removed '8500' (Washington Middle School) from Remind tonight" in step


def _with_school_300(tmp_path: Path) -> Path:
    """The district's exports with a third school, 300, whose one teacher, T7777, also teaches at 200."""
    exports = tmp_path / "three"
    shutil.copytree(DISTRICT, exports)
    with (exports / "schools.txt").open("a", encoding="cp1252") as schools:
        schools.write("300\tJefferson Middle School\t6\t8\n")
    with (exports / "teachers.txt").open("a", encoding="cp1252") as teachers:
        teachers.write("206\t5099\tT7777\t200\tMo\t\tTwo\tmtwo@district.example.org\t1\t1\n")
        teachers.write("306\t5099\tT7777\t300\tMo\t\tTwo\tmtwo@district.example.org\t1\t1\n")
    return exports


def test_a_first_own_entry_added_publishes_its_school_removed(tmp_path: Path) -> None:
    """A profile with no own entry has no record in last.json: the profile changed since the set tells.
    Two entries at once (reviewer122 R3, R4): each school said, and the step names both entries and their
    people; a teacher at both schools was counted under neither (55 removed, 54 said): now under the later."""
    out, exports = tmp_path / "out", _with_school_300(tmp_path)
    assert run(profile(tmp_path), out, "2026-10-15", exports).exit_status == 0 and "Jefferson" in orgs(out)
    (tmp_path / "b").mkdir()
    added = run(profile(tmp_path / "b", "200", "300"), out, "2026-10-16", exports)
    assert added.exit_status == 1 and "X876" in codes_of(added) and added.report.published
    assert "Washington" not in orgs(out) and "Jefferson" not in orgs(out)
    washington, jefferson = added.report.examples["X876"]
    assert "school '200' (Washington Middle School)" in washington.message and "1 staff" in washington.message
    assert "school '300' (Jefferson Middle School; counted here, 1 person also at '200')" in jefferson.message
    said = sum(int(p.params[k]) for p in (washington, jefferson) for k in ("students", "staff", "parents"))
    assert said == added.report.facts["changes"]["users"]["removed"] == 28
    step = next_step(added, out_dir=out, explain_path=None, upload=False)
    assert "the schools meant" in step and "take the entries '200' (" in step and "restores their people" in step


def _students_cut(tmp_path: Path, school: str, count: int) -> Path:
    """The district's exports less `count` student rows of `school`."""
    exports = tmp_path / "cut"
    shutil.copytree(DISTRICT, exports)
    path = exports / "students.txt"
    kept, cut = [], 0
    for line in path.read_text(encoding="cp1252").splitlines(keepends=True):
        if cut < count and re.search(rf"\t{school}(\t|\r?$)", line):
            cut += 1
            continue
        kept.append(line)
    path.write_text("".join(kept), encoding="cp1252")
    return exports


def test_the_other_schools_removals_are_gated_without_the_school_left_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(profile(tmp_path), out, "2026-10-15").exit_status == 0
    (tmp_path / "b").mkdir()
    refused = run(profile(tmp_path / "b", "200"), out, "2026-10-16", _students_cut(tmp_path, "100", 6))
    assert refused.exit_status == 1 and not refused.report.published and "X906" in codes_of(refused)
    users = next(p for p in refused.report.examples["X906"] if p.where.file == "users.csv")
    assert "would lose 12 of 29 records" in users.message  # school 200's 27 of 56 set apart


def test_only_an_own_entry_new_since_the_record_is_the_admins() -> None:
    schools = {"200": "Washington", "300": "Lincoln"}
    own = {"200": "d.yaml:3:36"}
    assert excluded_left.added(schools, own, {RECORD: {"9": True}}, changed=False) == ["200"]
    assert excluded_left.added(schools, own, {RECORD: {"200": False}}, changed=True) == []
    assert excluded_left.added(schools, own, {}, changed=False) == []  # no record, the profile as before
    assert excluded_left.added(schools, own, {}, changed=True) == ["200"]


def test_a_school_left_out_but_not_set_apart_is_not_called_withdrawn(tmp_path: Path) -> None:
    """excl58: an entry for school 200 added, the run given --previous (an older set: last.json's record
    is not its own, nothing is set apart): refused as before, but the words said its people were
    'withdrawn or inactive' and the step 'correct their status in the SIS'. They name the school
    settings.exclude_schools leaves out."""
    out = tmp_path / "out"
    assert run(profile(tmp_path), out, "2026-10-15").exit_status == 0
    older = tmp_path / "older"
    shutil.copytree(out, older)
    (tmp_path / "b").mkdir()
    options = api.RunOptions(
        profile=str(profile(tmp_path / "b", "200")),
        in_dir=DISTRICT,
        out_dir=out,
        as_of=dt.date(2026, 10, 16),
        previous=older,
    )
    refused = api.run(options)
    assert refused.exit_status == 1 and not refused.report.published
    named = "settings.exclude_schools leaves out school '200' (Washington Middle School) tonight"
    users = next(p for p in refused.report.examples["X906"] if p.where.file == "users.csv")
    assert f"left out on purpose ({named}, or withdrawn or inactive" in users.message
    assert all(named in p.message for p in refused.report.examples["X953"])
    step = next_step(refused, out_dir=out, explain_path=None, upload=False)
    assert named in step and "the profile's settings.exclude_schools" in step
    # reviewer122 R2: the step named --max-removal 38, and the rerun was refused by the school's own X953
    assert "rerun once with --allow-rollover" in step and "--max-removal 3" not in step
    assert all("--allow-rollover publishes it once" in p.message for p in refused.report.aborts)
    rerun = api.run(dataclasses.replace(options, allow_rollover=True))
    assert rerun.report.published and "Washington" not in orgs(out)


class _Server:
    """A stand-in for deliver.upload: what it received (each set's orgs.csv), and whether it is down."""

    def __init__(self) -> None:
        self.down, self.orgs = False, ""

    def upload(self, files: list[Path], *args: object, **kwargs: object) -> None:
        if self.down:
            raise deliver.DeliveryError("the server is down")
        self.orgs = next(f for f in files if f.name == "orgs.csv").read_text(encoding="utf-8")


def test_an_entry_naming_the_wrong_real_school_is_published_but_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """excl58: the admin meant another school and typed 200, a real school the last set published:
    the set is published as the profile says, but exit 1 the night of the removal, naming school
    200 by ID and name with its counts and the entry to take out; the next night exits 0, and
    taking the entry out restores the school.
    excl58b (reviewer122 R1): the night the entry came, the upload failed (its Next named the network
    alone); the next night compared with the set delivered, which holds 200, but judged the entry new
    against OUT's last.json, which already held it: refused (X906, X953: '--max-removal 38 publishes
    it') while the same run sent the waiting set, school 200 removed. Now judged against the set
    delivered (delivered.json keeps its entries): set apart, said again as it reaches Remind, sent."""
    monkeypatch.setenv(deliver.PASSWORD_ENV, "secret")
    server, hosts, out = _Server(), tmp_path / "known_hosts", tmp_path / "out"
    hosts.write_text("", encoding="utf-8")
    monkeypatch.setattr(deliver, "upload", server.upload)

    def night(district: Path, as_of: str) -> api.RunResult:
        options = api.RunOptions(
            profile=str(district),
            in_dir=DISTRICT,
            out_dir=out,
            as_of=dt.date.fromisoformat(as_of),
            upload="sftp://u@127.0.0.1:2222/",
            known_hosts=hosts,
            upload_attempts=1,
            upload_backoff=0.0,
        )
        return api.run(options)

    assert night(profile(tmp_path), "2026-10-15").exit_status == 0 and "Washington" in server.orgs
    (tmp_path / "b").mkdir()
    server.down = True
    added = night(profile(tmp_path / "b", "200"), "2026-10-16")
    assert added.exit_status == 1 and added.report.published and "Washington" not in orgs(out)
    (said,) = added.report.examples["X876"]
    assert "school '200' (Washington Middle School)" in said.message and "13 students" in said.message
    assert "take the entry out of settings.exclude_schools and rerun" in said.message
    step = next_step(added, out_dir=out, explain_path=None, upload=True)
    assert "X912" in codes_of(added) and step.startswith("Next: Check the network")
    assert "removes '200' (Washington Middle School) from Remind when the next run delivers the set" in step
    server.down = False
    sent = night(profile(tmp_path / "b", "200"), "2026-10-17")
    assert sent.exit_status == 1 and sent.report.published, sorted(codes_of(sent))
    assert "X876" in codes_of(sent) and not codes_of(sent) & {"X906", "X953"}
    assert "Washington" not in server.orgs
    step = next_step(sent, out_dir=out, explain_path=None, upload=True)
    assert "removed '200' (Washington Middle School) from Remind tonight" in step
    assert "take the entry '200' (" in step and "district.yaml:3:36) out of settings.exclude_schools" in step
    later = night(profile(tmp_path / "b", "200"), "2026-10-18")
    assert later.exit_status == 0 and "X876" not in codes_of(later)
    (tmp_path / "c").mkdir()
    undone = night(profile(tmp_path / "c"), "2026-10-19")
    assert undone.exit_status == 0 and "Washington" in orgs(out) and "Washington" in server.orgs
