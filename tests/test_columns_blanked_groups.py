"""One parent's column blanked overnight, where the other parent never had it (tester74 F6).

The usual Mother/Father layout gives the mothers an email and the fathers a phone only. One night
the students export kept its Mother_Email header with every cell empty: every mother was published
without her email at exit 0, not one message. X923 judged the parents' email over all the parents,
and the mothers' emails were on half of them, not "most": the column was not judged at all. Now a
column is judged over the records of each `each` group too (the mothers', the fathers'): one group's
column blanked is refused as the whole kind's is, with the same thresholds (at least 10 records, more
than the removal limit of those that had a value), so a few blank cells on an ordinary night publish.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.parent_columns import NOW, Parent, write_district
from transform import api

FAMILIES = 40


def family(n: int, *, mother_email: bool, mother_phone: bool, father: str) -> tuple[str, Parent, Parent, str]:
    """Child n's row: a mother with an email and a phone (unless blanked tonight), and a father
    reached by his phone only (or his email only, `father="email"`)."""
    mother = (
        f"Doe{n}, Ann",
        f"ann{n}@mail.example.com" if mother_email else "",
        f"608555{n:04d}" if mother_phone else "",
    )
    dad = (
        f"Doe{n}, Bob",
        f"bob{n}@mail.example.com" if father == "email" else "",
        f"608666{n:04d}" if father == "phone" else "",
    )
    return (f"{1000 + n}", mother, dad, f"H{n}")


def district(
    folder: Path,
    blank: Iterable[int] = range(FAMILIES),
    *,
    mother_email: bool = True,
    mother_phone: bool = True,
    father: str = "phone",
    families: int = FAMILIES,
) -> Path:
    """`families` families; the mothers of the children `blank` without the cells `mother_*` says."""
    blanked = set(blank)
    rows = (
        family(
            n,
            mother_email=mother_email or n not in blanked,
            mother_phone=mother_phone or n not in blanked,
            father=father,
        )
        for n in range(families)
    )
    return write_district(folder, rows, family="Doe")


def run(exports: Path, out: Path, night: int, engine: str = "python", **options: object) -> api.RunResult:
    now = NOW + dt.timedelta(days=night)
    return api.run(
        api.RunOptions(
            profile="powerschool", in_dir=exports, out_dir=out, engine=engine, as_of=now.date(), now=now, **options
        )  # type: ignore[arg-type]
    )


def mothers(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {r["sourcedId"]: r for r in csv.DictReader(handle) if r["role"] == "parent" and r["givenName"] == "Ann"}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_every_mothers_email_blanked_is_refused_though_the_fathers_never_had_one(tmp_path: Path, engine: str) -> None:
    """40 mothers with an email, 40 fathers with a phone only: the email is on half of the parents.
    Tonight Mother_Email is empty on every row. Before: published, exit 0, no code. Now X923 names
    the mothers' column and count; last night's set stays."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1", blank=()), out, 0, engine).exit_status == 0
    before = mothers(out)
    assert len(before) == FAMILIES and all(row["email"] for row in before.values())
    result = run(district(tmp_path / "n2", mother_email=False), out, 1, engine)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert [p.code.id for p in result.problems] == ["X923"]
    (refusal,) = result.problems
    assert refusal.params["columns"] == (
        f"the email of {FAMILIES} of the {FAMILIES} parents and guardians who had one "
        "(100.0%; students.txt Mother_Email)"
    )
    assert "X813" not in result.report.counts  # one cause, one code: a blanked email is no changed one
    assert mothers(out) == before


def test_every_mothers_phone_blanked_is_refused_where_the_fathers_have_an_email_only(tmp_path: Path) -> None:
    """The other way round: mothers with a phone and an email, fathers with an email only. Tonight
    Mother_Home_Phone is empty on every row: the phone is half of the parents'. Refused (X923)."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1", blank=(), father="email"), out, 0).exit_status == 0
    result = run(district(tmp_path / "n2", mother_phone=False, father="email"), out, 1)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert [p.code.id for p in result.problems] == ["X923"]
    assert result.problems[0].params["columns"].startswith(f"the phone of {FAMILIES} of the {FAMILIES} parents")
    assert result.problems[0].params["columns"].endswith("students.txt Mother_Home_Phone)")


def test_the_strict_target_refuses_the_mothers_email_blanked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1", blank=()), out, 0, target="oneroster").exit_status == 0
    result = run(district(tmp_path / "n2", mother_email=False), out, 1, target="oneroster")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert [p.code.id for p in result.problems] == ["X923"]


def test_a_few_mothers_emails_blanked_are_published(tmp_path: Path) -> None:
    """Three mothers of forty without their email tonight (7.5 %, and under 10 records): a few
    families' news, published at exit 0 without them, as read. Every one blanked with
    --allow-rollover: published, said (X924)."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1", blank=()), out, 0).exit_status == 0
    few = run(district(tmp_path / "n2", mother_email=False, blank=range(3)), out, 1)
    assert few.exit_status == 0 and few.report.published
    assert "X923" not in few.report.counts and "X924" not in few.report.counts
    assert sum(not row["email"] for row in mothers(out).values()) == 3
    allowed = run(district(tmp_path / "n3", mother_email=False), out, 2, allow_rollover=True)
    assert allowed.report.published and allowed.report.counts["X924"] == 1
    assert allowed.exit_status == 1 and "F454" in allowed.report.counts  # no term change: published, but
    assert not any(row["email"] for row in mothers(out).values())


def test_eleven_of_forty_mothers_emails_blanked_are_refused(tmp_path: Path) -> None:
    """Eleven of the forty mothers (27.5 % of those who had one, 13.75 % of all parents): more than
    the limit within the mothers' column, refused."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1", blank=()), out, 0).exit_status == 0
    result = run(district(tmp_path / "n2", mother_email=False, blank=range(11)), out, 1)
    assert [p.code.id for p in result.problems] == ["X923"]
    assert result.problems[0].params["columns"].startswith("the email of 11 of the 40 parents")


def test_a_column_both_parents_fill_is_judged_over_all_the_parents(tmp_path: Path) -> None:
    """Mothers and fathers both reached by phone: 15 mothers of 120 lose theirs (12.5 % of the
    mothers, 6.25 % of the parents who had one). The column is the parents', judged over them all,
    under the limit: published, not refused by the mothers' share weighed alone (reviewer91 R3)."""
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1", blank=(), families=120), out, 0).exit_status == 0
    result = run(district(tmp_path / "n2", mother_phone=False, blank=range(15), families=120), out, 1)
    assert result.exit_status == 0 and result.report.published
    assert "X923" not in result.report.counts
