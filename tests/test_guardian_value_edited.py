"""A parent's new value typed on some of her children's rows is published (tester69 P1).

PowerSchool keeps Mother_Email on each child's row. The office typed a mother's new email on two of
her three children's records; the rows merged into one guardian disagreed and the lower value, the
old address, was published, at exit 0 with a V550 warning, night after night. Now a value no row
gave when the last set was published is the edit and is published; the night it replaces the
published value while a row still gives the old one, X858 names that row (exit 1); the next nights,
the same exports publish the same value (V550, exit 0), whatever the order of the rows.
"""

from __future__ import annotations

from pathlib import Path

from tests.parent_columns import Parent, parents, run, write_district

OLD, NEW = "mia@home.example.com", "new.mia@mail.example.com"  # the old one is the lower


def _night(folder: Path, mothers: list[Parent], *, reverse: bool = False) -> Path:
    """Three children of one mother (one row each, her values as `mothers` gives them) and father."""
    rows = [
        (str(n), mother, ("Park, Leo", "leo@home.example.com", "(608) 555-0200"), "H1")
        for n, mother in enumerate(mothers, start=1)
    ]
    return write_district(folder, reversed(rows) if reverse else rows, family="Park")


def _mother(out: Path) -> tuple[str, str]:
    [(_, email, phone, _)] = [p for p in parents(out) if p[1] != "leo@home.example.com"]
    return email, phone


def _mia(email: str = OLD, phone: str = "(608) 555-0100") -> Parent:
    return ("Park, Mia", email, phone)


def test_a_new_email_on_two_of_three_rows_is_published_and_stays(tmp_path: Path) -> None:
    """One engine: both share the guardian book (pipeline.derive), where the rule is; three nights."""
    out, engine = tmp_path / "out", "python"
    assert run(_night(tmp_path / "n1", [_mia()] * 3), out, engine).exit_status == 0
    edited = [_mia(NEW), _mia(NEW), _mia()]
    result = run(_night(tmp_path / "n2", edited), out, engine)
    assert _mother(out)[0] == NEW  # main: the old address, the lower one
    assert result.exit_status == 1 and "V550" not in result.report.examples
    [said] = result.report.examples["X858"]
    assert (said.where.file, said.where.line, said.where.column) == ("students.txt", 4, "Mother_Email")  # kid 3's row
    assert f"{NEW!r} (students.txt:2)" in str(said) and f"{OLD!r}" in str(said)
    # The same exports the next night, the rows in another order: the same value, at exit 0 (no flip back).
    again = run(_night(tmp_path / "n3", edited, reverse=True), out, engine)
    assert _mother(out)[0] == NEW and again.exit_status == 0 and "X858" not in again.report.examples
    [differ] = again.report.examples["V550"]
    assert "the one the last set published" in str(differ) and differ.where.column == "Mother_Email"


def test_a_new_phone_on_one_row_is_published(tmp_path: Path) -> None:
    """An edit typed on one child's record only (the lower number is the old one): published, named."""
    out = tmp_path / "out"
    assert run(_night(tmp_path / "n1", [_mia()] * 3), out, "python").exit_status == 0
    result = run(_night(tmp_path / "n2", [_mia(), _mia(phone="(608) 555-0199"), _mia()]), out, "python")
    assert _mother(out)[1] == "+16085550199" and result.exit_status == 1
    [said] = result.report.examples["X858"]
    assert said.where.column == "Mother_Home_Phone"


def test_a_first_set_keeps_the_lower_value(tmp_path: Path) -> None:
    """No last set to tell the edit by: the lower value, as before, at exit 0."""
    out = tmp_path / "out"
    result = run(_night(tmp_path / "n1", [_mia(NEW), _mia(NEW), _mia()]), out, "python")
    assert _mother(out)[0] == OLD and result.exit_status == 0 and "X858" not in result.report.examples
    [differ] = result.report.examples["V550"]
    assert "of the two, the lower is kept" in str(differ)
