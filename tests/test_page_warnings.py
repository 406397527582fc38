"""The HTML page says what a run changed or blanked in the records it published, not only what it
left out (tester63 F3): a class published with no owner (V586), a phone or email blanked (D306,
D308). A --strict refusal's page lists the warnings it refused for and
its Next points at them; a night that published nothing says what the output folder still holds;
a night published but for a person to look at is drawn amber, not like a refusal (F10)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from tests import browser
from tests.test_html_report import SAMPLE, facts_of, transform
from transform.html_report import page
from transform.report import codes


def run(tmp_path: Path, *extra: object) -> tuple[int, str, str]:
    """The sample district with --html; exit code, the page as a reader sees its words, and raw."""
    out, shown = tmp_path / "out", tmp_path / "page.html"
    done = transform("--profile", "powerschool", SAMPLE, out, "--as-of", "2026-10-15", "--html", shown, *extra)
    raw = shown.read_text(encoding="utf-8")
    return done.returncode, html.unescape(re.sub(r"<[^>]+>", "", raw)), raw


def warnings_section(raw: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", raw.split('<section id="warnings"', 1)[1].split("</section>", 1)[0]))


def test_a_published_page_lists_the_warnings_of_records_it_kept(tmp_path: Path) -> None:
    status, _, raw = run(tmp_path)
    assert status == 0
    section = warnings_section(raw)
    assert "Warnings: changed or blanked, nothing left out" in section
    meaning, fix = codes.explain("V586")
    assert f"3 × {meaning}" in section and f"What to do: {fix}" in section
    # each record with its place as the console names it, and the value
    assert "sections.txt:7" in section and "class '1006' is published with students but no teacher" in section
    assert "students.txt:19 [Home_Phone]" in section and "'555-1234' is not a possible phone number" in section
    assert "students.txt:18 [Student_Web_ID]" in section and "'not-an-email'" in section
    # '99' is PowerSchool's graduated code, mapped to Other since grades57c: no value left unmapped (D302)
    assert "students.txt:10 [Grade_Level]" not in section and "D302" not in section
    assert facts_of(raw).facts["warnings.V586"] == "3"
    # a warning that left a record out is under "Left out and why", not here
    assert "V506" not in section and "D300" not in section
    assert "keeps the first 20 of each code" in section


def test_a_redacted_page_lists_the_warnings_without_their_values(tmp_path: Path) -> None:
    _, _, raw = run(tmp_path, "--redact")
    section = warnings_section(raw)
    assert "students.txt:19 [Home_Phone]" in section and "D306 phone-invalid" in section
    assert "555-1234" not in raw and "not-an-email" not in raw


def test_a_strict_refusal_lists_what_it_refused_for_and_points_at_it(tmp_path: Path) -> None:
    status, words, raw = run(tmp_path, "--strict")
    assert status == 1 and "Not published" in words
    section = warnings_section(raw)
    for code in ("V586", "D305", "D306", "D308", "I202"):
        assert code in section, code
    next_step = words.split("Next:", 1)[1].split("Exit code", 1)[0]
    assert "listed above" not in next_step and "'Warnings'" in next_step and "'Left out and why'" in next_step
    assert "holds no published set yet" in words  # the first night: nothing to upload


def test_a_refused_later_night_says_the_output_keeps_the_last_set(tmp_path: Path) -> None:
    assert run(tmp_path)[0] == 0
    status, words, _ = run(tmp_path, "--strict")
    assert status == 1
    verdict = words.split("Exit code", 1)[0]
    assert "still holds the last published set, unchanged" in verdict


def test_published_but_a_person_must_act_is_amber_not_red() -> None:
    report: dict[str, Any] = {"published": True, "facts": {"exit_status": 1}, "problems": [], "left_out": []}
    text = page.page(report, history=[], validation=None, redact=False)
    assert '<p class="verdict wait"' in text and "Published, but a person must act" in text
    report["published"] = False
    text = page.page(report, history=[], validation=None, redact=False)
    assert '<p class="verdict bad"' in text


def test_a_page_without_warnings_says_so() -> None:
    info = {"code": "D309", "slug": "quotes-removed", "severity": "info", "action": "repair", "count": 3,
            "examples": []}  # fmt: skip
    report = {"published": True, "facts": {"exit_status": 0}, "problems": [info], "left_out": []}
    text = page.page(report, history=[], validation=None, redact=False)
    assert "No warning: no record was changed, blanked or flagged" in warnings_section(text)


def test_the_warnings_of_a_strict_refusal_in_a_browser(tmp_path: Path) -> None:
    browser.chromium()
    run(tmp_path, "--strict")
    shown = browser.render(tmp_path / "page.html", width=390, height=2400, work=tmp_path / "b")
    assert not shown.console
    parsed = facts_of(shown.dom)
    assert parsed.tags["h2"] == 7 and parsed.facts["warnings.V586"] == "3"
    assert 'id="warning-D306"' in shown.dom and 0.02 < browser.ink_share(shown.screenshot) < 0.9
