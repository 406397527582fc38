"""What the server holds, when OUT's set is not the one last delivered (tester34).

F1: a person reran an --upload job by hand without --upload (a refusal's Next line, a test):
its set was published in OUT and never sent, and every summer night after it said "nothing to
do" (exit 0) while Remind held the older set until day 80. OUT's set waits as a set whose upload
failed does (X926): the next night with --upload sends it; a run without --upload never does.

F2: a run killed inside its record of a delivery (between removing `delivered/` and renaming
`delivered.new` into its place) left a state every later night refused as "not a record this
tool wrote" (X930). The next run puts the copy in place (X945) and sends the set again.

F6: a waiting set sent with --zip sent the zip at the path, an older set's when the run that
published OUT's set was killed before writing its zip (or, F1, did not have --zip).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.test_deliver import _trusted_server, run
from tests.test_deliver_openssh import withdrawn_students
from transform.pipeline import delivery_state, swap
from transform.report.summary import next_step

SUMMER = dt.date(2027, 7, 15)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _record(tmp_path: Path) -> dict[str, object]:
    return dict(json.loads((tmp_path / ".out.transform" / "delivered.json").read_text("utf-8")))


def test_a_set_published_by_hand_without_upload_is_sent_on_the_next_summer_night(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    smaller = withdrawn_students(tmp_path, 3)
    out = tmp_path / "out"
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        assert run(tmp_path, server).exit_status == 0  # night 1, --upload: delivered
        night1 = _files(remote)
        by_hand = run(tmp_path, server, in_dir=smaller, upload=None, max_removal=50)
        assert by_hand.exit_status == 0 and by_hand.report.published and "X913" not in by_hand.report.counts
        assert _files(remote) == night1 != _files(out)  # a run without --upload never sends

        paused = run(tmp_path, server, in_dir=smaller, as_of=SUMMER, upload=None)  # still without --upload
        assert paused.exit_status == 0 and "X913" not in paused.report.counts and _files(remote) == night1

        summer = run(tmp_path, server, in_dir=smaller, as_of=SUMMER)  # the job, --upload
        assert summer.exit_status == 0 and not summer.report.published
        assert "F422" in summer.report.counts and "X926" in summer.report.counts and "X913" in summer.report.counts
        assert _files(remote) == _files(out)
        assert not _record(tmp_path).get("pending_since")
        said = next_step(summer, out_dir=out, explain_path=None, upload=True)
        assert "was delivered; it had not reached the server" in said
        again = run(tmp_path, server, in_dir=smaller, as_of=SUMMER + dt.timedelta(days=1))
        assert again.exit_status == 0 and "X913" not in again.report.counts and "X926" not in again.report.counts


def test_a_school_night_after_a_set_published_by_hand_counts_its_changes_from_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The set published by hand passed its own gate against OUT; what the server loses tonight
    is counted from what it holds (tester10 1: two small removals in a row reach it as one)."""
    smaller = withdrawn_students(tmp_path, 3)
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        assert run(tmp_path, server).exit_status == 0
        assert run(tmp_path, server, in_dir=smaller, upload=None, max_removal=50).exit_status == 0
        night3 = run(tmp_path, server, in_dir=smaller, max_removal=50)
        assert night3.exit_status == 0 and "X926" in night3.report.counts and "X913" in night3.report.counts
        assert night3.report.facts["changes"]["users"]["removed"]  # from the server's set, not OUT's
        assert _files(remote) == _files(tmp_path / "out")


def test_the_zip_sent_for_a_set_published_by_hand_is_made_from_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--zip with --upload; the rerun by hand had neither, so the zip at the path is night 1's:
    the set OUT holds is zipped again before it is sent, never the stale zip."""
    smaller = withdrawn_students(tmp_path, 3)
    archive = tmp_path / "upload.zip"
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        assert run(tmp_path, server, zip_path=archive).exit_status == 0
        assert run(tmp_path, server, in_dir=smaller, upload=None, max_removal=50).exit_status == 0
        summer = run(tmp_path, server, in_dir=smaller, as_of=SUMMER, zip_path=archive)
        assert summer.exit_status == 0 and "X913" in summer.report.counts
        with zipfile.ZipFile(remote / "upload.zip") as sent:
            assert {name: sent.read(name) for name in sent.namelist()} == _files(tmp_path / "out")


def _delivered_then_killed_in_its_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: object, smaller: Path, *, at: str
) -> None:
    """Night 1 delivered; night 2 published `smaller`, its upload ended, and the run was killed
    in record_delivered: `at` "between-renames" (no delivered/), or "after-swap" (the record
    not written yet)."""
    assert run(tmp_path, server, max_removal=50).exit_status == 0  # type: ignore[arg-type]

    class Killed(BaseException):  # the process ends here, as under SIGKILL
        pass

    real_rename, real_write = Path.rename, delivery_state._write

    def rename(self: Path, target: str | os.PathLike[str]) -> Path:
        if at == "between-renames" and self.name == delivery_state.FRESH and Path(target).name == delivery_state.COPY:
            raise Killed
        return real_rename(self, target)

    def write(out_dir: Path, record: dict[str, object]) -> None:
        if at == "after-swap" and "pending_since" not in record:  # record_delivered's, not mark_pending's
            raise Killed
        real_write(out_dir, record)

    with monkeypatch.context() as patch:
        if at == "between-renames":
            patch.setattr(swap, "exchange", lambda first, second: False)  # a system that cannot exchange
        patch.setattr(Path, "rename", rename)
        patch.setattr(delivery_state, "_write", write)
        with pytest.raises(Killed):
            run(tmp_path, server, in_dir=smaller, max_removal=50)  # type: ignore[arg-type]


@pytest.mark.parametrize("at", ["between-renames", "after-swap"])
def test_a_run_killed_while_it_records_its_delivery_is_caught_up_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: str
) -> None:
    smaller = withdrawn_students(tmp_path, 3)
    state = tmp_path / ".out.transform"
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        _delivered_then_killed_in_its_record(tmp_path, monkeypatch, server, smaller, at=at)
        assert _files(remote) == _files(tmp_path / "out")  # the upload had ended
        assert _record(tmp_path).get("pending_since")  # its record was not written
        if at == "between-renames":
            assert not (state / "delivered").exists() and (state / "delivered.new").is_dir()
        published = json.loads((state / "last.json").read_text("utf-8"))["published_at"]  # the killed night's
        night3 = run(tmp_path, server, in_dir=smaller, max_removal=50)
        assert night3.exit_status == 0, night3.report.flatten("message")
        assert "X930" not in night3.report.counts
        # the copy (delivered/, or delivered.new between the two renames: reviewer161 R4, the same proof)
        # already held the set delivered.json said waited (tester75 O3): it had arrived, said once (X853),
        # not as sets that "have not reached" the server (X926), nor sent again (X945 said that of both)
        assert "X945" not in night3.report.counts
        assert "X926" not in night3.report.counts and "X853" in night3.report.counts
        [said] = night3.report.examples["X853"]
        assert f"the set published at {published} had reached" in said.message
        assert not night3.report.facts["changes"]["users"]["removed"]
        assert not _record(tmp_path).get("pending_since")
        assert sorted(p.name for p in state.iterdir() if p.name.startswith("delivered")) == [
            "delivered",
            "delivered.json",
        ]
        assert _files(state / "delivered") == _files(tmp_path / "out")


def test_the_state_an_older_version_left_when_killed_in_its_record_is_caught_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before this version record_delivered removed delivered/ before renaming delivered.new:
    a kill between the two left no copy at all (tester34 F2). A summer night sends the set."""
    smaller = withdrawn_students(tmp_path, 3)
    state = tmp_path / ".out.transform"
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        assert run(tmp_path, server).exit_status == 0
        night1 = _record(tmp_path)
        assert run(tmp_path, server, in_dir=smaller, max_removal=50).exit_status == 0
        # the killed night: its upload ended, delivered/ removed, delivered.new not renamed,
        # the record as mark_pending left it
        shutil.rmtree(state / "delivered.new", ignore_errors=True)
        (state / "delivered").rename(state / "delivered.new")
        (state / "delivered.json").write_text(
            json.dumps({**night1, "pending_since": night1["delivered_at"]}), encoding="utf-8"
        )
        (state / "delivered.new" / "users.csv").unlink()  # a copy that is not last.json's set proves nothing
        (state / "delivered.new" / "users.csv").write_text("sourcedId\n", encoding="utf-8")
        summer = run(tmp_path, server, in_dir=smaller, as_of=SUMMER)
        assert summer.exit_status == 0, summer.report.flatten("message")
        [said] = summer.report.examples["X945"]
        assert "delivered.new) was put in place as delivered" in said.message
        assert "X913" in summer.report.counts and _files(remote) == _files(tmp_path / "out")
        assert not _record(tmp_path).get("pending_since") and not (state / "delivered.new").exists()


def test_a_set_whose_run_was_killed_before_its_zip_is_sent_zipped_from_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--zip with --upload; night 2 is killed after its swap, before its zip is written (a
    reboot, the OOM killer): the zip at the path is still night 1's. The summer night sent that
    zip as the waiting set and recorded night 2's as delivered (tester34 F6): it is zipped again
    from OUT before it is sent."""
    from transform.pipeline import gate

    smaller = withdrawn_students(tmp_path, 3)
    archive = tmp_path / "upload.zip"
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        assert run(tmp_path, server, zip_path=archive).exit_status == 0

        class Killed(BaseException):  # the process ends here, as under SIGKILL
            pass

        def killed(*args: object, **kwargs: object) -> None:
            raise Killed

        with monkeypatch.context() as patch:
            patch.setattr(gate, "write_record", killed)  # in _after_publish, before the zip
            with pytest.raises(Killed):
                run(tmp_path, server, zip_path=archive, in_dir=smaller, max_removal=50)
        summer = run(tmp_path, server, zip_path=archive, in_dir=smaller, as_of=SUMMER)
        assert summer.exit_status == 0 and "X962" in summer.report.counts and "X913" in summer.report.counts
        with zipfile.ZipFile(remote / "upload.zip") as sent:
            assert {name: sent.read(name) for name in sent.namelist()} == _files(tmp_path / "out")
