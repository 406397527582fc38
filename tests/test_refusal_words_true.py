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


ONEROSTER = FIXTURES / "oneroster" / "district" / "in"


def night_two(folder: Path, change: dict[str, dict[str, str]], *, drop: bool = False) -> Path:
    """The OneRoster sample again, the enrolments `change` names given those cells (or, `drop`, gone)."""
    shutil.copytree(ONEROSTER, folder)

    def edit(rows: list[list[str]]) -> list[list[str]]:
        header = rows[0]
        kept = [header]
        for row in rows[1:]:
            cells = change.get(row[0])
            if cells is not None and drop:
                continue
            kept.append([cells.get(h, row[i]) if cells else row[i] for i, h in enumerate(header)])
        return kept

    rewrite(folder / "enrollments.csv", edit)
    return folder


def removal_stop(result: api.RunResult) -> dict[str, object]:
    (stop,) = [p for p in result.problems if p.code.id == "X906" and p.params["table"] == "enrollments"]
    return dict(stop.params)


MARKED = {"e1": {"status": "tobedeleted"}, "e3": {"status": "tobedeleted"}}


def test_enrolments_the_export_marks_tobedeleted_are_said_so_with_the_option_that_publishes(tmp_path: Path) -> None:
    """Night 2's enrollments.csv holds two students' rows marked tobedeleted: over the 10 % limit,
    refused (the limit is the district's). Not 'an export cut short or filtered ... export it again
    whole' (the same marks again): the export drops them, and --max-removal N publishes the night."""
    out = tmp_path / "out"
    first, _ = run(ONEROSTER, out, "oneroster")
    assert first.exit_status == 0 and first.report.published
    night, step = run(night_two(tmp_path / "marked", MARKED), out, "oneroster")
    assert night.exit_status == api.EXIT_NOT_PUBLISHED and not night.report.published
    params = removal_stop(night)
    assert params["withdrawn_marked"] == 2 and params["marked_why"] == "2 marked status 'tobedeleted'"
    message = next(p.message for p in night.problems if p.code.id == "X906" and p.params["table"] == "enrollments")
    assert (
        "2 of them are enrolment rows tonight's export still holds and marks to leave out (2 marked status " in message
    )
    assert "'tobedeleted'): the export drops them, not missing from it, and 1 teachers' enrolments" in message
    needed = int(str(params["needed"]))
    assert needed > 10
    assert step.startswith("Next: All 3 enrolments removed are rows tonight's export still holds and marks to leave")
    assert "(2 marked status 'tobedeleted'), or of the classes those leave with no student: the export drops" in step
    assert f"rerun once with --max-removal {needed}" in step and "again whole" not in step, step
    again, _ = run(tmp_path / "marked", out, "oneroster", max_removal=float(needed))
    assert again.exit_status == 0 and again.report.published
    with (out / "enrollments.csv").open(encoding="utf-8") as handle:
        published = {row["sourcedId"] for row in csv.DictReader(handle)}
    assert not published & set(MARKED) and published


def test_enrolments_ended_by_their_end_date_are_said_marked_by_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(ONEROSTER, out, "oneroster")
    ended = {key: {"endDate": "2026-10-01"} for key in MARKED}
    night, step = run(night_two(tmp_path / "ended", ended), out, "oneroster")
    assert night.exit_status == api.EXIT_NOT_PUBLISHED
    assert removal_stop(night)["marked_why"] == "2 marked endDate '2026-10-01'"
    assert "--max-removal" in step and "again whole" not in step, step


def test_enrolment_rows_gone_from_the_export_are_still_told_cut_short(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(ONEROSTER, out, "oneroster")
    night, step = run(night_two(tmp_path / "cut", MARKED, drop=True), out, "oneroster")
    assert night.exit_status == api.EXIT_NOT_PUBLISHED
    assert not removal_stop(night)["withdrawn_count"]
    assert "Export it again whole" in step and "--max-removal" not in step, step


def test_classes_naming_their_term_after_the_school_are_told_the_export_writes_it_so(tmp_path: Path) -> None:
    """classes.csv names each term '<school>-<term>' ('sch-10-y-2027', a query writing schoolid || '-'
    || termid) beside academicSessions.csv's 'y-2027': no class joins its term, refused (right). The
    words say the ID's tail is a session of the file and what to change; not 'add the missing record
    in the SIS', where nothing is missing."""
    exports = Path(shutil.copytree(ONEROSTER, tmp_path / "in"))

    def prefixed(rows: list[list[str]]) -> list[list[str]]:
        header = rows[0]
        school, terms = header.index("schoolSourcedId"), header.index("termSourcedIds")
        for row in rows[1:]:
            row[terms] = ",".join(f"{row[school]}-{term.strip()}" for term in row[terms].split(","))
        return rows

    rewrite(exports / "classes.csv", prefixed)
    result, step = run(exports, tmp_path / "out", "oneroster")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert "X916" in {p.code.id for p in result.problems}
    (first, *_) = result.report.examples["D300"]
    assert first.where.file == "classes.csv" and first.where.column == "termSourcedIds"
    assert first.message.endswith(
        "no sessions row with termSourcedIds='sch-10-y-2027', but 'y-2027' is one: termSourcedIds writes it with "
        "'sch-10-' before it (the export builds the ID of two values), which the join does not read; row left out"
    ), first.message
    assert step.startswith(
        "Next: Nothing is missing in the SIS: termSourcedIds writes the IDs of academicSessions.csv with 'sch-10-' "
        "added ('sch-10-y-2027' for 'y-2027', which academicSessions.csv holds; D300 join-missing"
    ), step
    assert "Have the export write termSourcedIds as academicSessions.csv writes its IDs" in step
    assert "add the missing record" not in step


def test_a_parents_phone_extension_is_said_where_the_cell_is(tmp_path: Path) -> None:
    """A contact phone with an extension is published without it (Remind takes none), said at its
    cell with the number kept (D390), the set published: a note, as D306's is."""
    exports = Path(shutil.copytree(CLEVER, tmp_path / "in"))

    def extension(rows: list[list[str]]) -> list[list[str]]:
        at = rows[0].index("Contact_phone")
        rows[1][at] = "818.480.8627 x6018"
        return rows

    rewrite(exports / "students.csv", extension)
    result, _ = run(exports, tmp_path / "out", "clever")
    assert result.report.published
    (said,) = result.report.examples["D390"]
    assert (said.where.file, said.where.line, said.where.column) == ("students.csv", 2, "Contact_phone")
    assert said.message.endswith(
        "'818.480.8627 x6018' has an extension (6018), which a text cannot reach; written as '+18184808627' "
        "without it (an office or school line, most often: it may take no texts)"
    ), said.message
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8") as handle:
        phones = {row["phone"] for row in csv.DictReader(handle)}
    assert "+18184808627" in phones


def test_x951_lists_the_parent_words_among_many_contact_types(tmp_path: Path) -> None:
    """Clever's sandbox writes the relationship in Contact_type (Mother, Father, Cousin, Great Uncle,
    ...): no contact is a guardian by the profile, refused X951 (right), and its value list showed
    the five commonest and '6 more', Mother and Father among them. The parent words come first."""
    exports = Path(shutil.copytree(CLEVER, tmp_path / "in"))
    others = ["Cousin", "Great Uncle", "Family Friend", "Neighbor", "Aunt", "Uncle", "Grandmother", "Grandfather"]
    others += ["Sibling", "Coach", "Babysitter", "Pastor"]
    kinds = [*(kind for kind in others for _ in range(2)), "Mother", "Stepfather"]

    def relationships(rows: list[list[str]]) -> list[list[str]]:
        header = rows[0]
        row = dict(zip(header, rows[1], strict=True))
        made = []
        for n, kind in enumerate(kinds):
            row.update(Student_id=f"S40{n:02}", Student_number=f"40{n:02}", Contact_type=kind)
            row.update(Contact_relationship="", Contact_sis_id=f"C40{n:02}", Contact_email=f"c40{n:02}@example.com")
            made.append([row[h] for h in header])
        kept = [
            [*r[: header.index("Contact_type")], "Father", *r[header.index("Contact_type") + 1 :]] for r in rows[1:]
        ]
        return [header, *[r for r in kept if r[header.index("Contact_name")]], *made]

    rewrite(exports / "students.csv", relationships)
    result, _ = run(exports, tmp_path / "out", "clever")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    (stop,) = [p for p in result.problems if p.code.id == "X951"]
    held = str(stop.params["held"])
    types = held[held.index("Contact_type: ") :]
    assert types.startswith("Contact_type: 'Father' (5), 'Mother' (1), 'Stepfather' (1), 'Aunt' (2), "), held
    assert types.endswith(
        " and 10 more, which `guardian_contact: {Contact_type} in ['parent/guardian', 'primary', 'parent', "
        "'guardian', 'legal guardian']` left out)"
    ), held


def test_a_missing_students_id_in_a_parents_broken_row_is_still_told_missing(tmp_path: Path) -> None:
    """A student's own users row is gone, and her guardian's row, listing her and a sibling unquoted
    ('u-s3,u-s2'), is lost whole (I205): her ID is among that row's cells, which took her for listed,
    and the set was published without her (reviewer76 R0). Only the row's own ID cell lists a person."""
    out = tmp_path / "out"
    first, _ = run(Path(shutil.copytree(ONEROSTER, tmp_path / "n1")), out, "oneroster")
    assert first.exit_status == 0 and first.report.published
    exports = Path(shutil.copytree(ONEROSTER, tmp_path / "n2"))
    with (exports / "users.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    agents = header.index("agents")
    lines = [",".join(header)]
    for row in rows:
        if row[0] == "u-s3":
            continue  # her row gone
        if row[0] == "u-p2":
            row[agents] = "u-s3,u-s2"  # written unquoted: one cell too many
            lines.append(",".join(row))
            continue
        lines.append(",".join(_quoted(cell) for cell in row))
    (exports / "users.csv").write_text("\n".join([*lines, ""]), encoding="utf-8")
    result, _ = run(exports, out, "oneroster")
    assert result.report.counts["I205"] == 1
    assert not result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED
    assert "X882" in {p.code.id for p in result.problems}


def test_every_enrolment_marked_is_given_the_options_most(tmp_path: Path) -> None:
    """Every enrolment of the last set marked tobedeleted (a re-keyed semester): the step said
    --max-removal 101, which the CLI refuses (exit 2; reviewer76 R1b). 100, the option's most, publishes."""
    out = tmp_path / "out"
    first, _ = run(ONEROSTER, out, "oneroster")
    assert first.exit_status == 0
    with (out / "enrollments.csv").open(encoding="utf-8") as handle:
        every = {row["sourcedId"]: {"status": "tobedeleted"} for row in csv.DictReader(handle)}
    exports = night_two(tmp_path / "marked", every)
    # each enrolment written again under a new sourcedId, as a SIS re-keying them does
    rewrite(exports / "enrollments.csv", lambda rows: [*rows, *[["N" + r[0], "active", *r[2:]] for r in rows[1:]]])
    night, step = run(exports, out, "oneroster")
    assert night.exit_status == api.EXIT_NOT_PUBLISHED and not night.report.published
    assert "--max-removal 100" in step and "--max-removal 101" not in step, step


def test_a_term_missing_beside_its_siblings_is_no_affixed_id(tmp_path: Path) -> None:
    """Sessions 'y-2027' (the year) and 'y-2027-s1' (its semester): a class naming 'y-2027-s2', which
    the export lacks, was told 'y-2027' with '-s2' added, nothing missing in the SIS (reviewer76 R2):
    following it makes a semester class a year's. The export's own IDs are written so: a term missing."""
    exports = Path(shutil.copytree(ONEROSTER, tmp_path / "in"))
    rename = {"s1-2027": "y-2027-s1", "s2-2027": "y-2027-s2"}

    def sessions(rows: list[list[str]]) -> list[list[str]]:
        return [[rename.get(r[0], r[0]), *r[1:]] for r in rows if r[0] != "s2-2027"]

    def classes(rows: list[list[str]]) -> list[list[str]]:
        terms = rows[0].index("termSourcedIds")
        for row in rows[1:]:
            row[terms] = ",".join(rename.get(t.strip(), t.strip()) for t in row[terms].split(","))
        return rows

    rewrite(exports / "academicSessions.csv", sessions)
    rewrite(exports / "classes.csv", classes)
    result, step = run(exports, tmp_path / "out", "oneroster")
    said = [p.message for p in result.report.examples.get("D300", []) if "y-2027-s2" in p.message]
    assert said and not any("but 'y-2027' is one" in m for m in said), said
    assert "Nothing is missing in the SIS" not in step


def test_a_cell_is_named_by_its_files_header_in_every_code(tmp_path: Path) -> None:
    """Clever's sandbox heads its birth dates `Dob`; the profile reads DOB: one unreadable cell was
    [DOB] in D305 and [Dob] in D379. Every code names it as the file does."""
    exports = Path(shutil.copytree(CLEVER, tmp_path / "in"))

    def dob(rows: list[list[str]]) -> list[list[str]]:
        rows[0][rows[0].index("DOB")] = "Dob"
        rows[-1][rows[0].index("Dob")] = "31/31/2013"
        return rows

    rewrite(exports / "students.csv", dob)
    result, _ = run(exports, tmp_path / "out", "clever")
    line = len((exports / "students.csv").read_text(encoding="utf-8").splitlines())
    places = {
        (p.code.id, p.where.column)
        for cid in ("D305", "D379")
        for p in result.report.examples.get(cid, [])
        if (p.where.file, p.where.line) == ("students.csv", line)
    }
    assert places == {("D305", "Dob"), ("D379", "Dob")}, places


def test_an_enrolment_written_twice_names_no_column_its_file_lacks(tmp_path: Path) -> None:
    """A section naming one teacher in two columns (Clever's sandbox: 885 lists teacher 3 three times):
    one enrolment, V548, at the section's row; it named [sourcedId], a column sections.csv has not."""
    exports = Path(shutil.copytree(CLEVER, tmp_path / "in"))

    def twice(rows: list[list[str]]) -> list[list[str]]:
        rows[1][rows[0].index("Teacher_2_id")] = rows[1][rows[0].index("Teacher_id")]
        return rows

    rewrite(exports / "sections.csv", twice)
    result, _ = run(exports, tmp_path / "out", "clever")
    (merged,) = result.report.examples["V548"]
    assert (merged.where.file, merged.where.line) == ("sections.csv", 2)
    header = (exports / "sections.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert merged.where.column in ("", *header), merged.where.column
