"""A refusal's words say what is true of the exports, and its step is one that changes the next
night (tester70 F1, F2, F5: public samples refused rightly, with a step that sent the admin the
wrong way: 'export it again whole' for rows the export holds, 'add the missing record in the SIS'
where nothing is missing)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report import summary

AS_OF = dt.date(2026, 10, 15)
CLEVER = FIXTURES / "clever" / "district" / "in"


def run(exports: Path, out: Path, profile: str, **options: object) -> tuple[api.RunResult, str]:
    result = api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]
    return result, summary.next_step(result, out_dir=out, explain_path=None, upload=False)


def rewrite(path: Path, change: object) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = change(rows)  # type: ignore[operator]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def test_students_rows_broken_by_an_unquoted_comma_are_not_told_missing(tmp_path: Path) -> None:
    """Every students row names its contact 'Last, First' unquoted, a column its header does not
    name (a spool script's concatenation, its PROMPT header without it): every row is I205 and the
    run is refused. The people are in students.csv: no X882 'students.csv has no row for N people
    ... export it again whole' (the same file again); the step is I205's."""
    exports = Path(shutil.copytree(CLEVER, tmp_path / "in"))
    with (exports / "students.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    at = header.index("Contact_name")
    for n in range(12):  # a class of twelve more, each with a mother: X882 judges ten or more on a first set
        row = dict.fromkeys(header, "")
        row.update(School_id="200", Student_id=f"S30{n:02}", Student_number=f"30{n:02}", Last_name=f"Reyes{n}")
        row.update(First_name="Sam", Grade="7", DOB="1/2/2013", Contact_relationship="Mother")
        row.update(Contact_type="Parent/Guardian", Contact_name=f"Ana Reyes{n}", Contact_sis_id=f"C30{n:02}")
        rows.append([row[h] for h in header])
    with (exports / "enrollments.csv").open("a", encoding="utf-8") as handle:
        handle.writelines(f"200,SEC-7S,S30{n:02}\n" for n in range(12))
    lines = [",".join(h for h in header if h != "Contact_name")]
    for n, row in enumerate(rows):  # 'Mai Nguyen' -> 'Nguyen, Mai', written as the spool writes it: no quotes
        row[-1] = row[-1] or f"C9{n}"  # a contact ID on every row: no row ends in empty cells
        given, _, family = (row[at] or "Pat Doe").replace(",", "").partition(" ")
        cells = [_quoted(cell) for cell in row]
        cells[at] = f"{family}, {given}"
        lines.append(",".join(cells))
    (exports / "students.csv").write_text("\n".join([*lines, ""]), encoding="utf-8")
    result, step = run(exports, tmp_path / "out", "clever")
    seen = {p.code.id for p in result.problems} | set(result.report.counts)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert result.report.counts["I205"] == len(rows), dict(result.report.counts)
    assert "X882" not in seen and "X883" not in seen
    assert "X915" in {p.code.id for p in result.problems}
    assert step.startswith("Next: Remove the delimiter from the value in the SIS"), step
    assert "again whole" not in step
    verdict = summary.verdict_lines(result, out_dir=tmp_path / "out")[0]
    assert verdict.startswith("Nothing published (X915 export-errors-over-limit"), verdict


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"') else cell
