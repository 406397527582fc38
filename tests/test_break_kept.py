"""A break night keeping the ended term's classes judges an enrolment row that ended with the term as
of the term's last day, any other as tonight (compile.AsOfUntil): the day a row ends 'with the term'
is the first that fails the condition after that last day, inclusive or exclusive as the SIS writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import operator
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_max_removal_left_in import assert_let_through
from transform import api
from transform.html_report import page
from transform.profile.compile import AsOfUntil

TERM_LAST_DAY, TONIGHT = dt.date(2026, 12, 18), dt.date(2026, 12, 28)


def kept(found: dt.date, order: object) -> bool:
    return AsOfUntil(0, TERM_LAST_DAY).holds(found, TONIGHT, order)  # type: ignore[arg-type]


def test_an_exclusive_end_the_day_after_the_term_is_the_terms_and_a_drop_over_the_break_is_tonights() -> None:
    """PowerSchool's DateLeft, `date_gt as_of`: the day after the last day ends with the term; the 18th
    was out on the term's last night already; the 22nd (a year-long class dropped over the break) is out."""
    assert kept(dt.date(2026, 12, 19), operator.gt)
    assert not kept(dt.date(2026, 12, 18), operator.gt)
    assert not kept(dt.date(2026, 12, 22), operator.gt)
    assert kept(dt.date(2027, 5, 28), operator.gt)  # still running


def test_an_inclusive_end_on_the_terms_last_day_is_the_terms() -> None:
    """Infinite Campus', Synergy's or OneRoster's endDate, `date_ge as_of`: the last day itself."""
    assert kept(dt.date(2026, 12, 18), operator.ge)
    assert not kept(dt.date(2026, 12, 17), operator.ge)
    assert not kept(dt.date(2026, 12, 19), operator.ge)
    assert not kept(dt.date(2026, 12, 22), operator.ge)


def test_only_a_row_failing_tonight_ended_with_the_term() -> None:
    """The rows a break night keeps for the term's sake alone (the interpreter's: kept in a kept class only,
    of a person tonight's exports list) are those that fail the condition tonight: a running row is tonight's."""
    until = AsOfUntil(0, TERM_LAST_DAY)
    assert until.ended_with_term(dt.date(2026, 12, 19), TONIGHT, operator.gt)
    assert not until.ended_with_term(dt.date(2027, 5, 28), TONIGHT, operator.gt)
    assert not until.ended_with_term(dt.date(2026, 12, 22), TONIGHT, operator.gt)


def oneroster_current_term(folder: Path) -> Path:
    """The bundled OneRoster district as a job exporting the current term only: year-long Reading 2 at sch-10,
    and Semester 1's Science (cl-s1, sch-20; Semester 1 ends 15 January, Semester 2 starts the 19th) whose
    enrolments end with the term (endDate its last day, OneRoster's inclusive end)."""
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", folder)
    header, *classes = (folder / "classes.csv").read_text().splitlines()
    science = "cl-s1,active,2026-08-01,Science S1 - P3,06,c-sci6,SC6-3,scheduled,Lab 1,sch-20,s1-2027,Science,,3"
    (folder / "classes.csv").write_text(
        "\n".join([header, *[c for c in classes if c.startswith("cl-read2,")], science, ""])
    )
    enrolments = [
        "e1,active,2026-08-01,cl-read2,sch-10,u-s1,student,false,2026-08-24,",
        "e2,active,2026-08-01,cl-read2,sch-10,u-t1,Teacher,TRUE,2026-08-24,",
        "e3,active,2026-08-01,cl-s1,sch-20,u-s2,student,,2026-08-24,2027-01-15",
        "e4,active,2026-08-01,cl-s1,sch-20,u-s3,student,false,2026-08-24,2027-01-15",
        "e5,active,2026-08-01,cl-s1,sch-20,u-t2,teacher,true,,2027-01-15",
    ]
    header = (folder / "enrollments.csv").read_text().splitlines()[0]
    (folder / "enrollments.csv").write_text("\n".join([header, *enrolments, ""]))
    return folder


def without_kiran(tmp_path: Path) -> Path:
    """`oneroster_current_term`'s exports (made at tmp_path/in) copied to tmp_path/left without Kiran's (u-s3)
    users.csv row: an export of active users, Kiran withdrawn with Semester 1."""
    left = tmp_path / "left"
    shutil.copytree(tmp_path / "in", left)
    users = (left / "users.csv").read_text().splitlines(keepends=True)
    (left / "users.csv").write_text("".join(line for line in users if not line.startswith("u-s3,")))
    return left


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_student_withdrawn_with_the_term_whose_users_row_is_gone_leaves_over_the_break(
    tmp_path: Path, engine: str
) -> None:
    """OneRoster names an enrolment's user by its ID (no join): Kiran (u-s3) withdrawn with Semester 1, his
    users.csv row gone (an export of active users). Over the break the night's second pass kept his Science
    row, which ended with the term, and it named a user with no row: X882, exit 1, every break night
    (reviewer64 R2). Published (I245), Kiran out with his enrolment, Science keeping Emma (u-s2) and its
    teacher; the next night, unchanged, is nothing due (I288). --max-removal 60: the district is tiny, and
    Kiran is not listed withdrawn, only gone: published at exit 1 for X821 alone (audit56)."""
    first, left = oneroster_current_term(tmp_path / "in"), without_kiran(tmp_path)
    out = tmp_path / "out"

    def night(exports: Path, as_of: dt.date) -> api.RunResult:
        options = api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=as_of, engine=engine)
        return api.run(dataclasses.replace(options, max_removal=60))

    assert night(first, dt.date(2027, 1, 15)).exit_status == api.EXIT_PUBLISHED
    result = night(left, dt.date(2027, 1, 16))
    assert_let_through(result)
    assert "I245" in result.report.counts and "X882" not in result.report.counts
    enrolled = {line.split(",")[0] for line in (out / "enrollments.csv").read_text().splitlines()[1:]}
    assert enrolled == {"e1", "e2", "e3", "e5"}
    assert not any(line.startswith("u-s3,") for line in (out / "users.csv").read_text().splitlines())
    quiet = night(left, dt.date(2027, 1, 17))
    assert quiet.exit_status == api.EXIT_PUBLISHED and not quiet.report.published and "I288" in quiet.report.counts


def test_the_page_of_a_break_night_says_the_ended_terms_classes_were_kept(tmp_path: Path) -> None:
    """The console says I245 on every break night it publishes (render.ALWAYS_SAID); the HTML page had it in
    its table of codes alone, so the person the page is forwarded to did not read until when the ended term's
    classes stay in Remind. Said under the verdict now, beside the published mark."""
    first, left = oneroster_current_term(tmp_path / "in"), without_kiran(tmp_path)
    out = tmp_path / "out"
    for exports, as_of in ((first, dt.date(2027, 1, 15)), (left, dt.date(2027, 1, 16))):
        options = api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=as_of, max_removal=60)
        result = api.run(options)
    assert_let_through(result)  # Kiran gone, not listed withdrawn, under --max-removal: X821 (audit56)
    report = result.report.to_dict()
    kept = next(p for p in report["problems"] if p["code"] == "I245")["examples"][0]["message"]
    shown = page.page(report, history=[], validation=None, redact=False)
    verdict = shown.split('<section id="verdict"', 1)[1].split("</section>", 1)[0]
    assert html.escape(kept) in verdict
    assert '<p class="verdict wait" data-fact="published" data-value="true">' in verdict  # published, X821 to see
