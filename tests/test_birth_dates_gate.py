"""Students who stay published but lose the birth date they had (fixer inputs, stop 40).

Remind reads demographics.csv to create student accounts; birthDate is "data required". A
students export whose DOB column came out blank for a fifth of the rows (or a demographics export
cut to part of its rows) kept every student in users.csv and published their demographics
without a birth date at exit 0: no whole-file limit counts demographics. Now more than the users'
removal limit of such students is refused (X989); --allow-rollover publishes it, said (X992).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.synthetic_nights import ENGINES, district_of, first_night, run

# One xdist worker takes the module's tests: it publishes each engine's first night once.
pytestmark = pytest.mark.xdist_group("birth_dates_gate")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return district_of(tmp_path_factory)


def blank_birth_dates(district: Path, folder: Path, every: int) -> Path:
    """The district with the DOB of every `every`-th student blanked."""
    exports = folder / f"every{every}"
    exports.mkdir(parents=True)
    for path in district.iterdir():
        (exports / path.name).write_bytes(path.read_bytes())
    lines = (district / "students.txt").read_text(encoding="utf-8").splitlines(True)
    header = lines[0].rstrip("\n").split("\t")
    dob = header.index("DOB")
    for n in range(1, len(lines), every):
        cells = lines[n].rstrip("\n").split("\t")
        cells[dob] = ""
        lines[n] = "\t".join(cells) + "\n"
    (exports / "students.txt").write_text("".join(lines), encoding="utf-8")
    return exports


def blanked_students(exports: Path) -> set[str]:
    rows = [line.split("\t") for line in (exports / "students.txt").read_text(encoding="utf-8").splitlines()]
    number, dob = rows[0].index("Student_Number"), rows[0].index("DOB")
    return {row[number] for row in rows[1:] if not row[dob]}


def birth_dates(out: Path) -> dict[str, str]:
    rows = [line.split(",") for line in (out / "demographics.csv").read_text(encoding="utf-8").splitlines()[1:]]
    return {row[0]: row[3] for row in rows}


@ENGINES
def test_a_fifth_of_the_students_losing_their_birth_date_is_refused(
    district: Path, tmp_path: Path, engine: str
) -> None:
    out = first_night(district, tmp_path, engine)
    before = birth_dates(out)
    assert len(before) > 280 and all(before.values())
    exports = blank_birth_dates(district, tmp_path, 5)
    blanked = sorted(set(before) & blanked_students(exports))
    assert len(blanked) * 100 > 15 * len(before)
    result = run(exports, out, engine, night=1)
    assert result.exit_status == 1 and not result.report.published
    assert [p.code.id for p in result.problems] == ["X989"]
    (refusal,) = result.problems
    assert (refusal.params["lost"], refusal.params["previous"]) == (len(blanked), len(before))
    assert refusal.params["first"] == f"{', '.join(blanked[:3])} and {len(blanked) - 3} more"
    assert refusal.where.file == "demographics.csv" and "over the removal limit of 10.0%" in refusal.message
    assert birth_dates(out) == before, "last night's set stays"


@ENGINES
def test_a_few_birth_dates_lost_and_allow_rollover_publish(district: Path, tmp_path: Path, engine: str) -> None:
    out = first_night(district, tmp_path, engine)
    before = birth_dates(out)
    few = blank_birth_dates(district, tmp_path, 20)  # 5 %: said student by student (D304), published
    result = run(few, out, engine, night=1)
    assert "X989" not in result.report.counts and result.report.published and "D304" in result.report.counts
    assert set(birth_dates(out)) == set(before) - blanked_students(few)
    many = blank_birth_dates(district, tmp_path, 3)
    assert "X989" in run(many, out, engine, night=2).report.counts
    allowed = run(many, out, engine, night=2, allow_rollover=True)
    assert allowed.report.published and "X992" in allowed.report.counts and "X989" not in allowed.report.counts
    # The night after compares with the set published: quiet.
    assert "X989" not in run(many, out, engine, night=3).report.counts
