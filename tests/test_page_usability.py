"""What a reader of the forwarded page needs beyond the numbers (tester63 F10): the safety gate's
verdict seen on a phone and on paper, wide tables a keyboard can scroll, long school names that
wrap, two schools' terms of one name told apart, a --target oneroster page that does not speak of
Remind, commands shown as code, and no removals list of a refused night left beside a set
published since."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests import browser
from tests.test_html_report import SAMPLE, facts_of, transform
from transform.html_report import page


def drawn(report: dict[str, Any]) -> str:
    return page.page(report, history=[], validation=None, redact=False)


def refused_gate() -> dict[str, Any]:
    change = {"previous": 100, "now": 70, "added": 0, "removed": 30}
    return {
        "published": False,
        "facts": {"exit_status": 1, "out": "/srv/roster/out", "first_set": False,
                  "changes": {"users": change, "classes": {**change, "removed": 0, "now": 100},
                              "enrollments": change},
                  "removal_limits": {"users": 10, "classes": 10, "enrollments": 10}},
        "problems": [], "left_out": [],
    }  # fmt: skip


def test_the_gate_verdict_is_the_column_after_the_file() -> None:
    text = drawn(refused_gate())
    header = text.split("Safety gate", 1)[1].split("</thead>", 1)[0]
    assert header.index(">file<") < header.index(">gate<") < header.index(">before<")
    users = text.split('<th scope="row">users</th>', 1)[1]
    assert users.startswith('<td class="gate bad">✖ over the limit</td>')


def test_a_refused_night_says_out_still_holds_the_last_set() -> None:
    text = drawn(refused_gate())
    verdict = text.split("<dl>", 1)[0]
    assert "/srv/roster/out still holds the last published set, unchanged" in verdict
    report = refused_gate()
    report["facts"]["target"] = "oneroster"
    assert "what the receiving system was last given" in drawn(report)


def test_scroll_regions_can_be_reached_by_keyboard_and_say_what_they_hold() -> None:
    text = drawn(refused_gate())
    assert text.count('<div class="scroll"') == text.count('<div class="scroll" tabindex="0" role="region"') > 0
    assert 'aria-label="Safety gate: removals against the last published set"' in text


def test_two_schools_terms_of_one_name_name_their_schools() -> None:
    terms = [
        {"name": "2026-2027", "start": "2026-08-17", "end": "2027-05-28", "schools": ["100", "200"]},
        {"name": "Semester 1", "start": "2026-08-17", "end": "2027-01-08", "schools": ["100"]},
        {"name": "Semester 1", "start": "2026-08-17", "end": "2027-01-15", "schools": ["200"]},
    ]
    now = {"students": 0, "staff": 0, "parents": 0, "classes": 0, "enrollments": 0}
    schools = [{"id": "100", "name": "Lincoln Elementary School", "now": now, "previous": None},
               {"id": "200", "name": "Washington Middle", "now": now, "previous": None}]  # fmt: skip
    report = {"published": True, "facts": {"exit_status": 0, "terms": terms, "schools": schools}, "problems": []}
    said = drawn(report).split("<dt>Terms rostered</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert said == (
        "2026-2027 (2026-08-17 to 2027-05-28), "
        "Semester 1 (2026-08-17 to 2027-01-08; Lincoln Elementary School), "
        "Semester 1 (2026-08-17 to 2027-01-15; Washington Middle)"
    )


def test_the_sample_run_records_each_terms_schools(tmp_path: Path) -> None:
    page_path = tmp_path / "p.html"
    done = transform("--profile", "powerschool", SAMPLE, tmp_path / "out", "--as-of", "2026-10-15", "--html", page_path)
    assert done.returncode == 0, done.stderr
    text = page_path.read_text(encoding="utf-8")
    assert "Semester 1 (2026-08-17 to 2027-01-08; Lincoln Elementary School)" in text
    assert "Semester 1 (2026-08-17 to 2027-01-15; Washington Middle School)" in text


def test_a_oneroster_page_does_not_speak_of_remind_reach() -> None:
    school = {"id": "1", "name": "A", "previous": None,
              "now": {"students": 2, "staff": 1, "parents": 2, "classes": 1, "enrollments": 3,
                      "students_reachable": 2, "students_shared_contact": 0, "students_no_parent": 0}}  # fmt: skip
    report = {"published": True, "facts": {"exit_status": 0, "target": "oneroster", "schools": [school]},
              "problems": [], "left_out": []}  # fmt: skip
    reach = drawn(report).split('<section id="reach"', 1)[1].split("</section>", 1)[0]
    assert "Remind" not in reach and "Parents the receiving system can reach" in reach
    report["facts"]["target"] = "remind"
    assert "Parents Remind can reach" in drawn(report)


def test_a_command_in_a_message_is_shown_as_code_not_backticks() -> None:
    report = {"published": False, "facts": {"exit_status": 2, "next_step": "Run `transform check-profile FILE`."},
              "problems": [], "left_out": []}  # fmt: skip
    text = drawn(report)
    assert "<code>transform check-profile FILE</code>" in text and "`" not in text.split("<style>")[0]


def test_a_night_that_publishes_removes_the_refused_nights_removals_list(tmp_path: Path) -> None:
    """Night 1 publishes; night 2, school 200's students gone, is refused and lists what would go;
    night 3, the exports whole again, publishes: the list of night 2 is gone with it."""
    out, removals = tmp_path / "out", tmp_path / "out-removals.csv"

    def night(exports: Path) -> int:
        return transform("--profile", "powerschool", exports, out, "--as-of", "2026-10-15").returncode

    assert night(SAMPLE) == 0 and not removals.exists()
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE, broken)
    lines = (broken / "students.txt").read_bytes().split(b"\r\n")
    kept = [line for line in lines[1:] if line and b"\t200\t" not in line]
    (broken / "students.txt").write_bytes(b"\r\n".join([lines[0], *kept, b""]))
    assert night(broken) == 1 and removals.is_file()
    assert night(SAMPLE) == 0 and not removals.exists()


def test_a_long_school_name_wraps_and_the_gate_shows_on_a_phone(tmp_path: Path) -> None:
    browser.chromium()
    report = refused_gate()
    now = {"students": 20, "staff": 2, "parents": 20, "classes": 3, "enrollments": 40,
           "students_reachable": 20, "students_shared_contact": 0, "students_no_parent": 0}  # fmt: skip
    report["facts"]["schools"] = [{"id": "9", "name": "Ecole" * 50, "now": now, "previous": now}]
    shown_page = tmp_path / "p.html"
    shown_page.write_text(drawn(report), encoding="utf-8")
    shown = browser.render(shown_page, width=390, height=1600, work=tmp_path / "b")
    assert not shown.console and facts_of(shown.dom).facts["schools.9.now.students"] == "20"
    assert 0.02 < browser.ink_share(shown.screenshot) < 0.9
