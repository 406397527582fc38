"""X939 (user IDs that now name another person, under the limit) is published but needs a person:
exit 1, said first with --quiet ("Published, but ..."), and in the JSON line's stopped_by. Accepted
with --allow-rollover (over the limit, on purpose), exit 0."""

from __future__ import annotations

import json
from pathlib import Path

from tests import browser
from tests.test_cli import transform
from tests.test_gate_reassigned_and_swapped_terms import SAMPLE, row, students


def _swap(cells: list[list[bytes]]) -> None:
    liam, mia = row(cells, b"5002"), row(cells, b"5003")
    liam[1], mia[1] = b"5003", b"5002"


def test_ids_swapped_under_the_limit_exit_1_and_are_said_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("--profile", "powerschool", "--as-of", "2026-10-15")
    assert transform(*args, SAMPLE, out, "-q").returncode == 0
    tonight = students(tmp_path, _swap)
    quiet = transform(*args, tonight, out, "-q")
    assert quiet.returncode == 1
    assert "Published, but" in quiet.stderr and "X939" in quiet.stderr and "Liam Garcia -> Mia Johnson" in quiet.stderr
    again = transform(*args, SAMPLE, tmp_path / "out2", "-q")
    assert again.returncode == 0
    logged = transform(*args, tonight, tmp_path / "out2", "--log-format", "json")
    line = json.loads([text for text in logged.stderr.splitlines() if text.startswith("{")][-1])
    assert logged.returncode == 1 and line["exit"] == 1 and line["published"] and line["stopped_by_codes"] == ["X939"]


def test_the_page_of_a_published_but_night_says_which_ids_to_check_and_a_redacted_report_keeps_them(
    tmp_path: Path,
) -> None:
    """The page's verdict says "Published, but a person must act" and "Check the IDs listed": it
    lists them, with X939 (tester48 F1). --redact leaves the names out and keeps the IDs."""
    args = ("--profile", "powerschool", "--as-of", "2026-10-15")
    tonight = students(tmp_path, _swap)
    for out in (tmp_path / "out", tmp_path / "redacted"):
        assert transform(*args, SAMPLE, out, "-q").returncode == 0
    page, report = tmp_path / "page.html", tmp_path / "report.json"
    assert transform(*args, tonight, tmp_path / "out", "-q", "--html", page, "--report", report).returncode == 1
    verdict = _verdict(page, tmp_path)
    assert "Published, but a person must act" in verdict and "Check the IDs listed" in verdict
    assert "users.csv: X939 ids-reassigned" in verdict and "5002: Liam Garcia -&gt; Mia Johnson" in verdict

    redacted = tmp_path / "redacted.json"
    assert transform(*args, tonight, tmp_path / "redacted", "-q", "--redact", "--report", redacted).returncode == 1
    text = redacted.read_text(encoding="utf-8")
    (said,) = next(p for p in json.loads(text)["problems"] if p["code"] == "X939")["examples"]
    assert "5002: <redacted>; 5003: <redacted>" in said["message"] and said["params"]["people"].startswith("5002")
    assert "Liam" not in text and "Mia" not in text

    drawn = tmp_path / "drawn.html"  # a report saved whole, drawn redacted later
    assert transform("report", report, "--html", drawn, "--redact").returncode == 0
    verdict = _verdict(drawn, tmp_path)
    assert "X939 ids-reassigned" in verdict and "5002: &lt;redacted&gt;; 5003: &lt;redacted&gt;" in verdict
    assert "Liam" not in drawn.read_text(encoding="utf-8")


def _verdict(page: Path, tmp_path: Path) -> str:
    """The verdict section of the page as Chromium renders it."""
    shown = browser.render(page, width=1280, height=900, work=tmp_path / "browser").dom
    return shown[shown.index('id="verdict"') : shown.index("<dl>")]
