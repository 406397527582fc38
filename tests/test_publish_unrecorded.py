"""A run stopped after its swap and before the state folder records the set (tester10 item 4).

The swap of OUT and the rewrite of `.OUT.transform/identities.csv` (and last.json) are not one
step: a run killed between them left the identity map one night behind OUT, and the next night
a parent first published by the killed run, whose email had changed, got a new ID (Remind
deletes her and creates her again). The kill is simulated by an exception no handler of the
run catches (as a SIGKILL, it skips everything after the failing step). Both engines."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import gate, identity, publishing, school_counts, swap
from transform.pipeline.write import Staging
from transform.report import render
from transform.report.report import Report

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
MOTHER = b"Nguyen, Lucasa"  # the mother of student 005001; her ID is derived from her email
EMAIL = b"lucasa.nguyen@mail.example.com"
PHONE = b"6085552000"


class Killed(BaseException):
    """The process dies here: nothing after this step of the run happens."""


def exports(tmp_path: Path, name: str, *, mother: bool = True, email: bytes = EMAIL) -> Path:
    """The sample; without student 005001's mother (`mother` False), or with her email changed."""
    folder = tmp_path / name
    shutil.copytree(SAMPLE, folder)
    students = folder / "students.txt"
    data = students.read_bytes()
    assert data.count(MOTHER) == 1 and data.count(EMAIL) == 1
    without = data.replace(MOTHER, b"").replace(EMAIL, b"").replace(PHONE, b"")
    data = data.replace(EMAIL, email) if mother else without
    students.write_bytes(data)
    return folder


def run(in_dir: Path, out: Path, day: int, engine: str) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=in_dir,
            out_dir=out,
            as_of=dt.date(2026, 10, day),
            engine=engine,
            now=dt.datetime(2026, 10, day, 2, 0, tzinfo=dt.UTC),
        )
    )


def lucasa(out: Path) -> str | None:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        found = [u["sourcedId"] for u in csv.DictReader(handle) if u["givenName"] == "Lucasa"]
    assert len(found) <= 1
    return found[0] if found else None


def kill_at(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
    def die(*args: object, **kwargs: object) -> None:
        raise Killed

    monkeypatch.setattr(module, name, die)


ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


@ENGINES
@pytest.mark.parametrize("step", ["last.json", "identities.csv"])
def test_a_run_killed_after_its_swap_does_not_move_a_parent_s_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, engine: str
) -> None:
    out = tmp_path / "out"
    assert run(exports(tmp_path, "n1", mother=False), out, 15, engine).exit_status == 0
    assert lucasa(out) is None
    with monkeypatch.context() as patch:  # night 2 publishes her, then dies
        kill_at(patch, gate, "write_record") if step == "last.json" else kill_at(patch, identity, "remember")
        with pytest.raises(Killed):
            run(exports(tmp_path, "n2"), out, 16, engine)
    first = lucasa(out)
    assert first is not None  # published: OUT is night 2's set
    state = gate.state_folder(out)
    assert (state / publishing.FILE).is_file()
    # Night 3: her email changed; the map must still know her from night 2.
    result = run(exports(tmp_path, "n3", email=b"lucasa.n@newmail.example.com"), out, 17, engine)
    assert result.exit_status == 0, result.report.to_dict()
    assert lucasa(out) == first
    assert "lucasa.n@newmail.example.com" in (out / "users.csv").read_text(encoding="utf-8")
    assert result.report.counts.get("X962") == 1
    (said,) = result.report.examples["X962"]
    assert "2026-10-16T02:00:00" in said.message and "brought up to the published set" in said.message
    assert said in render.notices(result.report)  # said with --quiet too, and in the JSON line
    assert not (state / publishing.FILE).exists()
    # last.json: night 3's own record, and night 3 compared its exports with night 2's
    assert json.loads((state / "last.json").read_text(encoding="utf-8"))["as_of"] == "2026-10-17"
    assert "X959" not in result.report.counts


def test_the_state_is_brought_up_to_the_published_set_before_anything_reads_it(tmp_path: Path) -> None:
    """What the mark holds is what last.json would have said; the school counts the state kept
    describe the older set, so they are dropped (counted from OUT)."""
    out = tmp_path / "out"
    assert run(exports(tmp_path, "n1", mother=False), out, 15, "python").exit_status == 0
    state = gate.state_folder(out)
    before = (state / "last.json").read_text(encoding="utf-8")
    (state / school_counts.REMEMBERED).write_text("{}\n", encoding="utf-8")
    staging = Staging(out, lock_folder=state)
    for path in out.iterdir():
        shutil.copy2(path, staging.path / path.name)
    record = {"as_of": "2026-10-16", "published_at": "2026-10-16T02:00:00+00:00", "rows_read": {}, "rows_written": {}}
    publishing.begin(out, staging.path, record=record, prefixes=("G",), today=dt.date(2026, 10, 16))
    staging.publish()
    staging.release()  # killed here: last.json is night 1's
    assert (state / "last.json").read_text(encoding="utf-8") == before
    report = Report()
    publishing.catch_up(out, report, prefixes=("G",), today=dt.date(2026, 10, 17))
    assert json.loads((state / "last.json").read_text(encoding="utf-8")) == record
    assert not (state / school_counts.REMEMBERED).exists()
    assert not (state / publishing.FILE).exists()
    assert report.counts.get("X962") == 1


def test_a_run_killed_before_its_swap_leaves_the_state_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mark written, the swap never made: OUT is night 1's set, the next run says nothing
    (no X962), rewrites nothing from it, and removes the mark."""
    out = tmp_path / "out"
    assert run(exports(tmp_path, "n1", mother=False), out, 15, "python").exit_status == 0
    state = gate.state_folder(out)
    with monkeypatch.context() as patch:
        kill_at(patch, swap, "exchange")
        patch.setattr(publishing, "abandon", lambda out: None)  # a kill runs no handler
        with pytest.raises(Killed):
            run(exports(tmp_path, "n2"), out, 16, "python")
    assert lucasa(out) is None  # not published
    assert (state / publishing.FILE).is_file()  # a kill leaves it; the mark says which folder
    kept = {name: (state / name).read_bytes() for name in ("last.json", identity.FILE)}
    report = Report()
    publishing.catch_up(out, report, prefixes=("G",), today=dt.date(2026, 10, 17))
    assert not report.counts and not (state / publishing.FILE).exists()
    assert kept == {name: (state / name).read_bytes() for name in kept}  # night 1's, untouched
    result = run(tmp_path / "n2", out, 16, "python")  # the night run again
    assert result.exit_status == 0 and "X962" not in result.report.counts
    assert lucasa(out) is not None and not (state / publishing.FILE).exists()


def test_a_refused_or_failed_publish_leaves_no_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert run(exports(tmp_path, "n1"), out, 15, "python").exit_status == 0
    state = gate.state_folder(out)
    assert not (state / publishing.FILE).exists()  # a good run removes its mark
    few = exports(tmp_path, "few")
    students = few / "students.txt"
    lines = students.read_bytes().split(b"\r\n")
    students.write_bytes(b"\r\n".join([*lines[: len(lines) // 2], b""]))
    refused = run(few, out, 16, "python")
    assert refused.exit_status == 1 and not refused.report.published
    assert not (state / publishing.FILE).exists()

    def fails(first: Path, second: Path) -> bool:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(swap, "exchange", fails)
    failed = run(exports(tmp_path, "n2"), out, 16, "python")
    assert failed.exit_status == 2 and not failed.report.published
    assert not (state / publishing.FILE).exists()


def test_the_mark_and_last_json_are_the_record_encoded_once_as_json_dumps_writes_them(tmp_path: Path) -> None:
    """The record is encoded once (a first set's tails are about 1 MB at 2,000 students) and put in
    the mark's place: both files hold what json.dumps(indent=2, sort_keys=True) gives, byte for byte,
    whatever the record holds (nested and empty tables, a key or text reading like the mark's)."""
    out = tmp_path / "out"
    out.mkdir()
    staging = Staging(out, lock_folder=gate.state_folder(out))
    (staging.path / "users.csv").write_text("sourcedId\r\n", encoding="utf-8")
    record = {
        "tails": {"a.txt": {"lines": 3, "rows": ["x\ty", 'say "state": null'], "none": None}},
        "state": None,
        "empty": {},
        "list": [],
        "nested": [[{"b": [1, 2.5, True]}], "\n"],
        "zz": "é",
    }
    prefixes = ('G"\n  "state": null',)
    text = publishing.begin(out, staging.path, record=record, prefixes=prefixes, today=dt.date(2026, 10, 16))
    mark = json.loads((gate.state_folder(out) / publishing.FILE).read_text(encoding="utf-8"))
    assert mark["state"] == record
    whole = json.dumps(mark, indent=2, sort_keys=True) + "\n"
    assert (gate.state_folder(out) / publishing.FILE).read_text(encoding="utf-8") == whole
    assert text == json.dumps(record, indent=2, sort_keys=True) + "\n"
    gate.write_record(out, record, text=text)
    assert (gate.state_folder(out) / "last.json").read_text(encoding="utf-8") == text
    staging.release()
