"""Delivery by SFTP to a live server on 127.0.0.1: whole sets, retries, host keys, no secrets."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest

from tests.conftest import FIXTURES
from tests.sftp_server import PASSWORD, USER, Server, sftp_server
from tests.test_deliver_openssh import fewer_students, withdrawn_students
from transform import api
from transform.pipeline import deliver
from transform.report.summary import next_step

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


@contextlib.contextmanager
def _trusted_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Server, Path]]:
    """A live server on 127.0.0.1 whose host key known_hosts holds, taking the password."""
    remote = tmp_path / "remote"
    remote.mkdir()
    monkeypatch.setenv(deliver.PASSWORD_ENV, PASSWORD)
    with sftp_server(remote) as server:
        known_hosts_for(server, tmp_path / "known_hosts")
        yield server, remote


def known_hosts_for(server: Server, path: Path) -> Path:
    hosts = paramiko.HostKeys()
    hosts.add(f"[127.0.0.1]:{server.port}", server.host_key.get_name(), server.host_key)
    hosts.save(str(path))
    return path


def run(tmp_path: Path, server: Server, **options: object) -> api.RunResult:
    base: dict[str, object] = {
        "profile": "powerschool",
        "in_dir": SAMPLE,
        "out_dir": tmp_path / "out",
        "as_of": dt.date(2026, 10, 15),
        "upload": f"sftp://{USER}@127.0.0.1:{server.port}/",
        "known_hosts": tmp_path / "known_hosts",
        "upload_backoff": 0.0,
    }
    return api.run(api.RunOptions(**{**base, **options}))  # type: ignore[arg-type]


def test_the_set_arrives_whole_by_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        result = run(tmp_path, server)
        assert result.exit_status == 0, [str(p) for p in result.problems] + result.report.flatten("message")
        sent = sorted(p.name for p in (tmp_path / "out").iterdir())
        assert sorted(p.name for p in remote.iterdir()) == sent
        for name in sent:
            assert (remote / name).read_bytes() == (tmp_path / "out" / name).read_bytes()
        # every file went up under a hidden name, and all had arrived before the first rename
        # in the order the files name one another: users before the enrolments naming them, the manifest last
        order = ["orgs.csv", "users.csv", "classes.csv", "demographics.csv", "enrollments.csv", "manifest.csv"]
        assert [new.rsplit("/", 1)[-1] for _, new in server.renames] == order
        assert all(old.rsplit("/", 1)[-1].startswith(".") for old, _ in server.renames)
        first_rename = next(i for i, e in enumerate(server.events) if e.startswith("rename"))
        assert all(e.startswith("open") for e in server.events[:first_rename])
        assert all(e.startswith("rename") for e in server.events[first_rename:])
    text = result.report.to_json()
    assert PASSWORD not in text and "X913" in text


def test_a_zip_by_key_after_two_dropped_connections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = tmp_path / "remote"
    remote.mkdir()
    monkeypatch.delenv(deliver.PASSWORD_ENV, raising=False)
    with sftp_server(remote) as server:
        key = tmp_path / "id_rsa"
        server.client_key.write_private_key_file(str(key))
        known_hosts_for(server, tmp_path / "known_hosts")
        server.fail_next_connections = 2
        result = run(tmp_path, server, sftp_key=key, zip_path=tmp_path / "roster.zip")
        assert result.exit_status == 0, result.report.flatten("message")
        assert sorted(p.name for p in remote.iterdir()) == ["roster.zip"]


def test_an_unknown_host_key_is_refused_unless_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = tmp_path / "remote"
    remote.mkdir()
    monkeypatch.setenv(deliver.PASSWORD_ENV, PASSWORD)
    other = tmp_path / "known_hosts"  # a file of other hosts: one that does not exist is X925 (tester66 O2)
    with sftp_server(remote) as server:
        known_hosts_for(server, other)
        other.write_text(other.read_text(encoding="utf-8").replace("[127.0.0.1]", "[other.example.org]"))
        refused = run(tmp_path, server)
        assert refused.exit_status == 1 and refused.report.published
        assert "--trust-new-host-key" in refused.report.examples["X912"][0].message
        assert list(remote.iterdir()) == []
        first = tmp_path / "new" / "known_hosts"  # the documented first run: the file is written
        trusted = run(tmp_path, server, trust_new_host_key=True, known_hosts=first)
        assert trusted.exit_status == 0
        assert f"[127.0.0.1]:{server.port}" in first.read_text(encoding="utf-8")


def test_wrong_password_fails_once_without_leaking_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = tmp_path / "remote"
    remote.mkdir()
    monkeypatch.setenv(deliver.PASSWORD_ENV, "not-the-password")
    with sftp_server(remote) as server:
        known_hosts_for(server, tmp_path / "known_hosts")
        result = run(tmp_path, server)
    assert result.exit_status == 1
    message = result.report.examples["X912"][0].message
    assert "refused the credentials" in message and "not-the-password" not in json.dumps(result.report.to_dict())


def test_addresses_and_credentials_are_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(deliver.PASSWORD_ENV, raising=False)
    monkeypatch.delenv(deliver.KEY_ENV, raising=False)
    for url, words in (
        ("ftp://x@h/p", "sftp://user@host"),
        ("sftp://u:pw@h/p", "no password in the address"),
        ("sftp://u@h/p", "no credentials"),
    ):
        result = api.run(
            api.RunOptions(
                profile="powerschool",
                in_dir=tmp_path / "missing",
                out_dir=tmp_path / "o",
                as_of=dt.date(2026, 10, 15),
                upload=url,
            )
        )
        assert result.exit_status == 2 and words in result.problems[0].message
        assert result.report.rows_read == {}


def _full_disk(folder: Path, target: Path) -> None:
    raise OSError(28, "No space left on device", str(target))


def test_a_run_killed_between_its_publish_and_the_end_of_its_upload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Night 2 publishes and is killed before its upload ends (a reboot, the scheduler's
    timeout): nothing said the set was not delivered, and night 3 counted its changes from OUT,
    not from what the server holds, letting through what the server would lose (tester10 1).
    The set waits from before it replaces OUT."""
    smaller = withdrawn_students(tmp_path, 3)
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        assert run(tmp_path, server).exit_status == 0
        night1 = {p.name: p.read_bytes() for p in remote.iterdir()}
        with monkeypatch.context() as patch:

            class Killed(BaseException):  # not KeyboardInterrupt: a run stops on that with a report (X967)
                pass

            def killed(*args: object, **kwargs: object) -> None:
                raise Killed  # the process ends here, as under SIGKILL

            patch.setattr(deliver, "upload", killed)
            with pytest.raises(Killed):
                run(tmp_path, server, in_dir=smaller, max_removal=50)
        assert {p.name: p.read_bytes() for p in remote.iterdir()} == night1
        record = json.loads((tmp_path / ".out.transform" / "delivered.json").read_text(encoding="utf-8"))
        assert record.get("pending_since")
        night3 = run(tmp_path, server, in_dir=smaller, max_removal=50)
        assert night3.exit_status == 0
        assert night3.report.facts["changes"]["users"]["removed"]  # counted from the server's set
        assert "X926" in night3.report.counts


def test_a_damaged_delivery_record_stops_the_night(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """delivered.json cut off (a full disk) was read as "never delivered": tonight's changes then
    count from OUT, which the server may never have received (tester10 3). Refused as a damaged
    last.json is (X930); a record of a waiting set whose delivered copy is gone, too."""
    with _trusted_server(tmp_path, monkeypatch) as (server, _remote):
        assert run(tmp_path, server).exit_status == 0
        record = tmp_path / ".out.transform" / "delivered.json"
        whole = record.read_text(encoding="utf-8")
        record.write_text(whole[: len(whole) // 2], encoding="utf-8")
        refused = run(tmp_path, server)
        assert refused.exit_status == 1 and [p.code.id for p in refused.problems] == ["X930"]
        assert "delivered.json" in refused.problems[0].message
        record.write_text(json.dumps({**json.loads(whole), "pending_since": "2026-10-14T22:00:00+00:00"}), "utf-8")
        import shutil

        shutil.rmtree(tmp_path / ".out.transform" / "delivered")
        refused = run(tmp_path, server)
        assert [p.code.id for p in refused.problems] == ["X930"] and "is gone" in refused.problems[0].message


def test_a_zip_that_cannot_be_written_is_not_replaced_by_last_nights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--zip with --upload: tonight's zip failed (a full disk) and the upload sent last night's,
    still at the path, recorded as delivered (tester10 5). Now nothing stale is there to send."""
    from transform import api as api_module

    smaller = fewer_students(tmp_path, 3)
    archive = tmp_path / "upload.zip"
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        assert run(tmp_path, server, zip_path=archive).exit_status == 0
        sent = (remote / "upload.zip").read_bytes()

        monkeypatch.setattr(api_module, "write_zip", _full_disk)
        night2 = run(tmp_path, server, zip_path=archive, in_dir=smaller, max_removal=50)
        assert night2.exit_status == 1
        assert "X913" not in night2.report.counts and "X912" in night2.report.counts
        assert (remote / "upload.zip").read_bytes() == sent  # the server keeps night 1's, not a stale copy
        assert json.loads((tmp_path / ".out.transform" / "delivered.json").read_text("utf-8")).get("pending_since")


def _published_and_not_delivered(
    tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch, smaller: Path, as_of: dt.date | None = None
) -> None:
    """Night 1 delivered; night 2 (`smaller`, as of `as_of`) published, its upload failed (exit 1)."""
    assert run(tmp_path, server).exit_status == 0
    with monkeypatch.context() as patch:

        def refused(*args: object, **kwargs: object) -> None:
            raise deliver.DeliveryError("the server is down")

        patch.setattr(deliver, "upload", refused)
        night2 = {"as_of": as_of} if as_of else {}
        assert run(tmp_path, server, in_dir=smaller, max_removal=50, **night2).exit_status == 1


def test_a_set_whose_upload_failed_is_sent_on_a_summer_night(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Night 2 published and its upload failed (exit 1: the next run sends it again, the docs
    say). Night 3 is in the summer: nothing due, and it exited 0 without sending anything, the
    server keeping night 1's set all summer (tester10 2). A waiting set is sent on such a night."""
    smaller = fewer_students(tmp_path, 3)
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        _published_and_not_delivered(tmp_path, server, monkeypatch, smaller, as_of=dt.date(2026, 10, 16))
        summer = run(tmp_path, server, in_dir=smaller, as_of=dt.date(2027, 7, 15))
        assert summer.exit_status == 0 and not summer.report.published
        assert "F422" in summer.report.counts and "X913" in summer.report.counts
        # The set the server holds after the night: night 2's, sent tonight, named by its as-of date
        # (tester10 12); it said night 1's, read before the send (tester47 F7.6).
        [pause] = summer.report.examples["F422"]
        assert "; the last set delivered is as of 2026-10-16 (sent on " in pause.message, pause.message
        out = tmp_path / "out"
        assert {p.name: p.read_bytes() for p in remote.iterdir()} == {p.name: p.read_bytes() for p in out.iterdir()}
        record = json.loads((tmp_path / ".out.transform" / "delivered.json").read_text("utf-8"))
        assert not record.get("pending_since")


def test_an_upload_cut_between_two_renames_says_what_the_server_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection lost between two renames leaves the server a mix of two nights; X912 said
    only "not delivered" (tester10 7). The files go in the order they name one another (no
    enrolment naming a user the server's users.csv lacks), and the message says what is there."""
    with _trusted_server(tmp_path, monkeypatch) as (server, _remote):
        server.renames_allowed = 2
        result = run(tmp_path, server, upload_attempts=1)
        assert result.exit_status == 1
        (failed,) = result.report.examples["X912"]
        assert "the server holds tonight's orgs.csv, users.csv beside last night's other files" in failed.message
        assert [new.rsplit("/", 1)[-1] for _, new in server.renames] == ["orgs.csv", "users.csv"]


def test_an_upload_cut_between_two_renames_with_the_server_then_down_says_what_the_server_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The common cut: the connection is lost after users.csv is renamed into place, and the
    retries cannot reconnect. Each retry forgot what the earlier attempts renamed, so X912 said only
    "failed 3 times; last: ... (connecting)" while the server held tonight's first files beside
    last night's others (tester47 F1)."""
    with _trusted_server(tmp_path, monkeypatch) as (server, _remote):
        server.gone_after_renames = (2, 2.0)
        result = run(tmp_path, server, upload_attempts=3, sftp_timeout=1.0)
        assert result.exit_status == 1
        (failed,) = result.report.examples["X912"]
        assert "failed 3 times" in failed.message, failed.message
        assert "the server holds tonight's orgs.csv, users.csv beside last night's other files" in failed.message
        assert [new.rsplit("/", 1)[-1] for _, new in server.renames] == ["orgs.csv", "users.csv"]


def test_a_waiting_zip_never_written_is_made_from_out_on_a_summer_night(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Night 2's zip could not be written, so its set waits; on a summer night the zip is made
    from the set OUT holds and sent (review34 3: it failed every summer night, 'No such file')."""
    from transform import api as api_module

    smaller = fewer_students(tmp_path, 3)
    archive = tmp_path / "upload.zip"
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        assert run(tmp_path, server, zip_path=archive).exit_status == 0
        real = api_module.write_zip

        monkeypatch.setattr(api_module, "write_zip", _full_disk)
        night2 = run(tmp_path, server, zip_path=archive, in_dir=smaller, max_removal=50)
        assert night2.exit_status == 1 and "was not written; nothing sent" in night2.report.examples["X912"][0].message
        monkeypatch.setattr(api_module, "write_zip", real)
        summer = run(tmp_path, server, zip_path=archive, in_dir=smaller, as_of=dt.date(2027, 7, 15))
        assert summer.exit_status == 0 and "X913" in summer.report.counts
        assert (remote / "upload.zip").read_bytes() == archive.read_bytes()


def test_a_set_whose_upload_failed_is_sent_on_a_refused_night(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Night 2 published and its upload failed; night 3's export is broken and refused (X906).
    The set OUT holds passed its own gate and is still the one to send: it waited until a night
    was published, the server keeping night 1's set meanwhile (review36)."""
    smaller, broken = fewer_students(tmp_path, 3), fewer_students(tmp_path, 12)
    with _trusted_server(tmp_path, monkeypatch) as (server, remote):
        _published_and_not_delivered(tmp_path, server, monkeypatch, smaller)
        night3 = run(tmp_path, server, in_dir=broken)
        assert night3.exit_status == 1 and not night3.report.published
        assert "X906" in night3.report.counts and "X913" in night3.report.counts
        out = tmp_path / "out"
        assert {p.name: p.read_bytes() for p in remote.iterdir()} == {p.name: p.read_bytes() for p in out.iterdir()}
        record = json.loads((tmp_path / ".out.transform" / "delivered.json").read_text("utf-8"))
        assert not record.get("pending_since")


def test_a_delivery_that_cannot_be_recorded_names_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The state folder's `delivered` replaced by a file (damage): X911 said "recording the delivery
    failed: Not a directory" with "Free disk space and rerun" (tester47 F7.11)."""
    state = tmp_path / ".out.transform"
    state.mkdir()
    (state / "delivered").write_text("not a folder", encoding="utf-8")
    with _trusted_server(tmp_path, monkeypatch) as (server, _remote):
        result = run(tmp_path, server)
    assert result.report.counts.get("X913") == 1
    (failed,) = [p.message for p in result.report.examples["X911"]]
    assert failed.startswith("the set is published, but recording the delivery failed: ")
    assert str(state / "delivered") in failed, failed
    step = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=True)
    assert "fix the path the message names" in step, step


def test_a_waiting_set_names_tonights_address_beside_the_failed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Night 2's upload went to a wrong port and failed; night 3's job sends to the right one. X926
    said only "have not reached sftp://...:<wrong port>", an address the job no longer uses
    (tester47 F7.6)."""
    from tests.sshd import free_port

    with _trusted_server(tmp_path, monkeypatch) as (server, _remote):
        assert run(tmp_path, server).exit_status == 0
        wrong = f"sftp://{USER}@127.0.0.1:{free_port()}/nowhere"
        assert run(tmp_path, server, upload=wrong, upload_attempts=1).exit_status == 1
        night3 = run(tmp_path, server)
    assert night3.exit_status == 0 and night3.report.counts.get("X913") == 1
    (waiting,) = [p.message for p in night3.report.examples["X926"]]
    right = str(deliver.parse_target(f"sftp://{USER}@127.0.0.1:{server.port}/"))
    assert f"have not reached {deliver.parse_target(wrong)} (the address of the upload that failed; " in waiting
    assert f"tonight's --upload is {right})" in waiting, waiting


def test_a_refusal_after_a_failed_upload_says_it_compares_with_the_set_delivered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Night 2 published 3 students fewer and was not delivered; night 3 has 6 fewer. The gate
    rightly compares with what the server holds (night 1's), but X906 said "against the last
    published set", which OUT (night 2's) is: the admin could not find the loss there (tester47 F7.13)."""
    with _trusted_server(tmp_path, monkeypatch) as (server, _remote):
        _published_and_not_delivered(tmp_path, server, monkeypatch, fewer_students(tmp_path, 3))
        night3 = run(tmp_path, server, in_dir=fewer_students(tmp_path, 6))
    assert night3.exit_status == 1 and not night3.report.published
    refusals = [p.message for p in night3.problems if p.code.id in ("X906", "X953")]
    assert refusals, [str(p) for p in night3.problems]
    for said in refusals:
        assert "against the last set delivered (the server's: the sets published since did not reach it)" in said
        assert "against the last published set" not in said
