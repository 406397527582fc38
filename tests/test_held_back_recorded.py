"""held_back reads the last set's terms from last.json (review159 R1 R4).

R1: a quarter's 'PE' class (ended, dropped by the SIS) and a spring 'PE' class new on Dec 1 were taken for one
class re-keyed (same title and school, the old ID gone): the spring counted as published at the school, and every
spring class went out in December at exit 0. A class re-keyed is one of a term the last set published there.
R4: a pipeline moving OUT's files away after each upload (last.json kept) left no last set to compare: nothing held
back, the spring published in December at exit 0. last.json keeps the (school, term) pairs published."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from tests import test_new_profile_looks as harbor
from transform import api
from transform.pipeline import gate, held_back

S1 = ("S1", "08/20/2026", "01/15/2027")
Q1 = ("Q1", "08/20/2026", "10/30/2026")
S2 = ("S2", "01/19/2027", "06/04/2027")


def _harbor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *sections: tuple[str, str, str, str, str]) -> Path:
    monkeypatch.setattr(harbor, "SECTIONS", list(sections))
    return harbor._district(tmp_path, term="")


def _titles(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["title"] for row in csv.DictReader(handle)}


FALL = [("C1", "English 9", *S1), ("C2", "Spanish I", *S1), ("C3", "Algebra I", *S1)]


def test_a_spring_class_titled_as_an_ended_quarter_s_dropped_class_is_no_re_keyed_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fall = [(f"C{n}", f"Course {n}", *S1) for n in range(1, 12)]  # the quarter's class dropped: under the limit
    first = _harbor(tmp_path, monkeypatch, *fall, ("C99", "PE", *Q1))
    assert harbor._run(first, tmp_path / "out").exit_status == 0
    later = _harbor(tmp_path / "later", monkeypatch, *fall, ("C20", "PE", *S2), ("C21", "Biology", *S2))
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1))
    assert result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    assert result.report.examples["X801"][0].params["classes"] == "2"
    assert not {"PE", "Biology"} & _titles(tmp_path / "out")


def test_a_class_re_keyed_in_its_term_is_still_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other side: the fall ended, a class of it the last set published re-keyed by the SIS is of a term
    published there: not held back."""
    fall = [(f"C{n}", f"Course {n}", *S1) for n in range(1, 12)]  # one re-keyed: under the removal limit
    first = _harbor(tmp_path, monkeypatch, *fall)
    assert harbor._run(first, tmp_path / "out", dt.date(2027, 1, 10)).exit_status == 0
    later = _harbor(tmp_path / "later", monkeypatch, ("C99", "Course 1", *S1), *fall[1:])
    result = harbor._run(later, tmp_path / "out", dt.date(2027, 1, 17))
    assert result.report.published and not {"X801", "I233", "I228"} & set(result.report.counts)
    assert len(_titles(tmp_path / "out")) == 11


def test_out_emptied_after_each_upload_still_holds_next_semester_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _harbor(tmp_path, monkeypatch, *FALL)
    assert harbor._run(first, tmp_path / "out").exit_status == 0
    state = json.loads((gate.state_folder(tmp_path / "out") / "last.json").read_text(encoding="utf-8"))
    assert state["terms_published"] == [["205", "S1, school year 2027", ["C1", "C2", "C3"], "2026-08-20/2027-01-15"]]
    for written in (tmp_path / "out").glob("*.csv"):
        written.unlink()
    later = _harbor(tmp_path / "later", monkeypatch, *FALL, ("C20", "PE", *S2), ("C21", "Biology", *S2))
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 1))
    assert result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    assert result.report.examples["X801"][0].params["classes"] == "2"
    assert _titles(tmp_path / "out") == {"English 9", "Spanish I", "Algebra I"}


def _courses(out: Path) -> set[str]:
    with (out / "courses.csv").open(encoding="utf-8", newline="") as handle:
        return {row["title"] for row in csv.DictReader(handle)}


def test_the_courses_built_only_for_classes_held_back_are_held_back_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--target oneroster: a course built from its class (D335) is written only for the classes published, as
    the term filter leaving them out would; Biology's was written for no class. The spring's English 9 shares
    the fall's course: kept."""

    def run(folder: Path, as_of: dt.date) -> api.RunResult:
        ex, out = folder / "ex", tmp_path / "out"
        return api.run(api.RunOptions(str(folder / "harbor.yaml"), ex, out, as_of=as_of, target="oneroster"))

    assert run(_harbor(tmp_path, monkeypatch, *FALL), dt.date(2026, 10, 15)).exit_status == 0
    spring = [("C20", "English 9", *S2), ("C21", "Biology", *S2)]
    result = run(_harbor(tmp_path / "later", monkeypatch, *FALL, *spring), dt.date(2026, 12, 1))
    assert result.report.published and result.report.examples["X801"][0].params["classes"] == "2"
    assert _courses(tmp_path / "out") == {"English 9", "Spanish I", "Algebra I"}
    assert result.report.rows_written["courses.csv"] == 3


MIDDLE = """    middle:
      from: sections2
      columns:
        sourcedId: {column: SectKey, clean: [id]}
        title: {column: CrsTitle, clean: [text]}
        schoolSourcedId: {column: Bldg}
"""
TEACHERS = """    teachers2:
      from: sections2
      columns:
        sourcedId: "{SectKey}-{TchrEmpID}"
        classSourcedId: {column: SectKey}
        userSourcedId: {column: TchrEmpID}
        schoolSourcedId: {column: Bldg}
        role: teacher
"""
FALL_ENDED = ("S1", "08/20/2026", "12/18/2026")


def _two_exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, middle: list[tuple[str, ...]]) -> Path:
    """Harbor's sections export (the fall's three classes, ended Dec 18) and a second one, with its own I274."""
    folder = _harbor(tmp_path, monkeypatch, *[(key, title, *FALL_ENDED) for key, title, *_ in FALL])
    text = (
        (folder / "harbor.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  schedule: {files:",
            "  sections2: {files: [Sections2.csv], columns: [SectKey, Bldg, CrsTitle, TchrEmpID, Term, TermStart, "
            "TermEnd]}\n  schedule: {files:",
        )
    )
    text = text.replace("  enrollments:", MIDDLE + "  enrollments:").replace("filters:", TEACHERS + "filters:")
    (folder / "harbor.yaml").write_text(text, encoding="utf-8")
    with (folder / "ex" / "Sections2.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["SectKey", "Bldg", "CrsTitle", "TchrEmpID", "Term", "TermStart", "TermEnd"]])
        csv.writer(handle).writerows([key, "205", title, "T1", *term] for key, title, *term in middle)
    with (folder / "ex" / "Schedule.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([str(50001 + n), key, "205"] for n in range(30) for key, *_ in middle)
    return folder


def test_each_i274_is_counted_again_by_its_own_export_s_classes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sections exports, each said by its I274; the second's spring classes held back on Dec 19 (the fall
    ended Dec 18). Both I274s were counted again with every class: '5 of the 0 classes published ... S1: 5
    (besides the 2 classes held back)' under the first export, which held back nothing."""
    fall = [("M1", "Math 7", *FALL_ENDED), ("M2", "Science 7", *FALL_ENDED)]
    assert harbor._run(_two_exports(tmp_path, monkeypatch, fall), tmp_path / "out").exit_status == 0
    spring = [("M20", "Geometry", *S2), ("M21", "Biology", *S2)]
    later = _two_exports(tmp_path / "later", monkeypatch, fall + spring)
    result = harbor._run(later, tmp_path / "out", dt.date(2026, 12, 19))
    assert result.report.published and result.report.examples["X801"][0].params["classes"] == "2"
    said = {p.params["source"]: str(p) for p in result.report.examples["I274"]}
    assert said["sections"].endswith(
        "; 3 of the 3 classes published are of terms not running on 2026-12-19 ("
        + ("neither covering it nor, out of term, the first to start within 21 days): S1 (2026-08-20 to 2026-12-18): 3")
    )
    assert (
        said["sections2"].endswith("S1 (2026-08-20 to 2026-12-18): 2 (besides the 2 classes held back tonight: X801)")
        and "; 2 of the 2 classes published" in said["sections2"]
    )


def _empty(out: Path) -> None:
    for written in out.glob("*.csv"):
        written.unlink()


def _last_json(out: Path) -> dict[str, object]:
    state: dict[str, object] = json.loads((gate.state_folder(out) / "last.json").read_text(encoding="utf-8"))
    return state


SPRING = [("C20", "PE", *S2), ("C21", "Biology", *S2)]


def test_the_upgrade_night_with_out_emptied_keeps_by_id_the_classes_of_a_term_it_did_not_judge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review177 R1: last.json from before terms_published, OUT emptied: nothing to hold back against, the
    spring went out and was recorded published, so it stayed so at exit 0 every night: the spring is not recorded
    published. tester84 D3: its class published that night was recorded nowhere, so the next night held it back
    (X801) and Remind lost a class it held. It is kept by its ID (under ""): still published, and a new class of
    the spring is held back (X801)."""
    out = tmp_path / "out"
    assert harbor._run(_harbor(tmp_path, monkeypatch, *FALL), out).exit_status == 0
    state = _last_json(out)
    del state["terms_published"]
    (gate.state_folder(out) / "last.json").write_text(json.dumps(state), encoding="utf-8")
    _empty(out)
    harbor._run(_harbor(tmp_path / "n2", monkeypatch, *FALL, SPRING[0]), out, dt.date(2026, 12, 1))
    assert _last_json(out)["terms_published"] == [
        ["205", "", ["C20"], ""],
        ["205", "S1, school year 2027", ["C1", "C2", "C3"], "2026-08-20/2027-01-15"],
    ]
    _empty(out)
    result = harbor._run(_harbor(tmp_path / "n3", monkeypatch, *FALL, *SPRING), out, dt.date(2026, 12, 2))
    assert result.exit_status == 1 and result.report.examples["X801"][0].params["classes"] == "1"
    assert result.report.published and _titles(out) == {"English 9", "Spanish I", "Algebra I", "PE"}
    # review180 R2: X972 refuses a night with fewer (C3 dropped), saying those held back are not in the set, and
    # the way out that works with no set to put back
    _empty(out)
    result = harbor._run(_harbor(tmp_path / "n4", monkeypatch, *FALL[:2], *SPRING), out, dt.date(2026, 12, 3))
    said = str(result.report.examples["X972"][0])
    assert "(1 fewer, 25.0%, limit 10.0%); the 1 class of a term not running held back tonight" in said
    assert "if they make the fewer, tonight's set is as meant: publish it once with --allow-rollover" in said


def test_a_term_s_date_corrected_in_the_break_with_out_emptied_is_the_term_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review177 R2: the term as said (its dates in it) was the key: the fall's end corrected in the SIS over
    the break made every fall class new, held back, and the night refused (I228); the classes published are
    now by their IDs too, so a fall section added with the correction shows it: held back as of a new term (X801).
    The key is its name and school year."""
    out, fall = tmp_path / "out", [(key, title, *FALL_ENDED) for key, title, *_ in FALL]
    assert harbor._run(_harbor(tmp_path, monkeypatch, *fall), out, dt.date(2026, 12, 1)).exit_status == 0
    _empty(out)
    corrected = [(key, title, "S1", "08/20/2026", "12/19/2026") for key, title, *_ in [*FALL, ("C4", "Chemistry")]]
    result = harbor._run(_harbor(tmp_path / "n2", monkeypatch, *corrected), out, dt.date(2026, 12, 22))
    assert result.report.published and not {"I228", "X801"} & set(result.report.counts)
    assert _titles(out) == {"English 9", "Spanish I", "Algebra I", "Chemistry"}


def test_a_class_moved_into_the_spring_publishes_not_the_spring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review177 R3: a class the last set published, moved into the spring, made the spring published at the
    school: every spring class went out at exit 0. It stays published by its ID; the spring's others are held
    back (X801, saying so)."""
    out = tmp_path / "out"
    assert harbor._run(_harbor(tmp_path, monkeypatch, *FALL), out).exit_status == 0
    moved = [*FALL[:2], ("C3", "Algebra I", *S2)]
    result = harbor._run(_harbor(tmp_path / "n2", monkeypatch, *moved, *SPRING), out, dt.date(2026, 12, 1))
    assert result.exit_status == 1 and result.report.examples["X801"][0].params["classes"] == "2"
    assert "1 class of such a term the last set published (C3, now of it) stays published" in str(
        result.report.examples["X801"][0]
    )
    assert _titles(out) == {"English 9", "Spanish I", "Algebra I"}


def test_a_term_of_another_programme_taking_a_dropped_term_s_name_is_no_term_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review180 R1: programme A's 'Semester 1' (Aug-Jan) dropped, programme B's (Mar-Jun, one school year) posted
    the same night, OUT emptied: B's class took A's recorded key and went out at exit 0, recorded for ever. A key
    is tonight's term only by a class recorded under it or dates shared: B's class is held back (X801)."""
    out, year = tmp_path / "out", ("Year", "08/20/2026", "06/04/2027")
    main = [(f"M{n}", f"Main {n}", *year) for n in range(1, 12)]
    a = ("A1", "Dual A", "Semester 1", "08/20/2026", "01/15/2027")
    assert harbor._run(_harbor(tmp_path, monkeypatch, *main, a), out).exit_status == 0
    _empty(out)
    b = ("B1", "Dual B", "Semester 1", "03/01/2027", "06/04/2027")
    result = harbor._run(_harbor(tmp_path / "n2", monkeypatch, *main, b), out, dt.date(2027, 1, 20))
    assert result.exit_status == 1 and result.report.examples["X801"][0].params["classes"] == "1"
    assert "Dual B" not in _titles(out)


def test_a_term_of_another_programme_overlapping_a_dropped_term_by_a_week_is_no_term_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review185 R1: programme A's 'Semester 1' (Aug 20-Jan 15) dropped on Dec 1, B's (Jan 8-Jun 4) posted: the
    recorded dates and tonight's share a week, so B took A's key, and went out at exit 0 and recorded. A begun, B
    ahead: two terms, B's class is held back (X801)."""
    out, year = tmp_path / "out", ("Year", "08/20/2026", "06/04/2027")
    main = [(f"M{n}", f"Main {n}", *year) for n in range(1, 12)]
    a = ("A1", "Dual A", "Semester 1", "08/20/2026", "01/15/2027")
    assert harbor._run(_harbor(tmp_path, monkeypatch, *main, a), out).exit_status == 0
    b = ("B1", "Dual B", "Semester 1", "01/08/2027", "06/04/2027")
    result = harbor._run(_harbor(tmp_path / "n2", monkeypatch, *main, b), out, dt.date(2026, 12, 1))
    assert result.exit_status == 1 and result.report.examples["X801"][0].params["classes"] == "1"
    assert "Dual B" not in _titles(out)
    assert [entry[1] for entry in _last_json(out)["terms_published"]] == ["Year, school year 2027"]  # type: ignore[union-attr]


def test_a_recorded_term_is_tonight_s_by_a_class_of_it_or_dates_shared() -> None:
    """review180 R1's rule, and review177 R2's date corrected: the same term by its dates alone too; review185 R1:
    dates shared by a term begun and one ahead make not one term."""
    pair, was = ("205", "S1, school year 2027"), {("205", "S1, school year 2027"): "2026-08-20/2027-01-15"}

    def judged(recorded: set[str], cid: str, school: str, now: str, as_of: str = "2027-01-17") -> set[tuple[str, str]]:
        return held_back.still_published(
            {pair: recorded}, {cid: pair[1]}, {cid: school}, was, {pair[1]: now}, as_of=as_of
        )

    assert judged({"A1"}, "B1", "205", "2027-03-01/2027-06-04") == set()
    assert judged({"A1"}, "B1", "205", "2026-08-20/2027-01-19") == {pair}
    assert judged({"A1"}, "A1", "205", "2027-03-01/2027-06-04") == {pair}
    assert judged({"A1"}, "A1", "206", "2027-03-01/2027-06-04") == set()
    assert judged({"A1"}, "B1", "205", "2027-01-08/2027-06-04", "2026-12-01") == set()  # A begun, B ahead
    assert judged({"A1"}, "B1", "205", "2026-08-21/2027-01-15", "2026-12-01") == {pair}  # both begun: corrected


def test_a_lone_nameless_term_is_recorded_by_the_term_as_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """review180 R3: a lone term with no name got the key "", the mark of classes kept by ID alone: never judged
    published from the record, a section added to it after it ended (OUT emptied) was held back and asked (X801)."""
    out, fall = tmp_path / "out", [(key, title, "", "08/20/2026", "01/15/2027") for key, title, *_ in FALL]
    assert harbor._run(_harbor(tmp_path, monkeypatch, *fall), out).exit_status == 0
    assert [entry[1] for entry in _last_json(out)["terms_published"]] == ["2026-08-20 to 2027-01-15"]  # type: ignore[union-attr]
    _empty(out)
    added = [*fall, ("C4", "Chemistry", "", "08/20/2026", "01/15/2027")]
    result = harbor._run(_harbor(tmp_path / "n2", monkeypatch, *added), out, dt.date(2027, 1, 17))
    assert result.report.published and not {"X801", "I228"} & set(result.report.counts), result.report.counts
    assert "Chemistry" in _titles(out)


def test_a_recorded_span_of_another_shape_is_x930_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """review185 R3: published_damage took any string as an entry's dates; a hand-edited '2027-01-19' (no '/')
    then crashed still_published (ValueError) on the night it judged the term. It is X930 (gate.RECORDED): exit 1."""
    out = tmp_path / "out"
    assert harbor._run(_harbor(tmp_path, monkeypatch, *FALL), out).exit_status == 0
    record = gate.state_folder(out) / "last.json"
    state = _last_json(out)
    state["terms_published"][0][3] = "2027-01-19"  # type: ignore[index]
    record.write_text(json.dumps(state), encoding="utf-8")
    result = harbor._run(_harbor(tmp_path / "n2", monkeypatch, *FALL, *SPRING), out, dt.date(2026, 12, 1))
    assert result.exit_status == 1 and not result.report.published
    (said,) = result.report.examples["X930"]
    assert "'terms_published'" in said.message and "'YYYY-MM-DD/YYYY-MM-DD' or ''" in said.message
    for fine in ("", "2026-08-20/2027-01-15"):
        assert held_back.published_damage({"terms_published": [["205", "S1", ["C1"], fine]]}) == ""
