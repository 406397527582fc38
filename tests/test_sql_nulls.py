"""An export saved from SQL Server Management Studio ("Save Results As" CSV) writes the word NULL
in every cell a query found no value for (tester74 T1): the aeries profile's district query
published username 'NULL' for every student without a school email (8 students sharing it),
middleName 'NULL' for every student, at exit 0, and `transform validate` said valid. The IDs and
dates already read NULL as blank; names and usernames did not. Now a file whose cells show the
word is its blank (beside numbers, dates, IDs or emails, or on every row of a column beside
another column holding it) reads every cell of exactly NULL as blank, in every column, in every
engine (pipeline.sql_nulls), said once per file (I227). A family name 'Null' stays a name."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import json
import shutil
import tracemalloc
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from transform import api
from transform.cleaners import dates, emails, phones
from transform.cleaners.base import CleanerSettings
from transform.pipeline import columnar, gate, mapping, read, sql_nulls
from transform.report import summary
from transform.report.problem import TransformAbort
from transform.report.report import Report

AS_OF = dt.date(2026, 10, 15)
DISTRICT = FIXTURES / "aeries" / "district" / "in"
PROFILES = ROOT / "profiles"
HEADER = ("ID", "LN", "MN", "BD")


@pytest.mark.parametrize(
    ("rows", "evidence"),
    [
        ([("1", "Null", "", "2010-01-01"), ("2", "Lee", "", "2010-02-02")], None),  # a family name
        ([("1", "NULL", "", "2010-01-01"), ("2", "Lee", "", "2010-02-02")], None),  # in capitals, alone
        ([("1", "Lee", "NULL", "2010-01-01"), ("2", "Lee", "Ann", "NULL")], "BD"),  # beside dates
        ([("1", "Lee", "NULL", "2010-01-01"), ("2", "Lee", "Ann", "2010-02-02")], None),  # a name column only
        ([("1", "NULL", "NULL", "2010-01-01"), ("2", "Lee", "NULL", "2010-02-02")], "MN"),  # every row, two columns
        ([("1", "Lee", "NULL", "2010-01-01"), ("2", "Lee", "NULL", "2010-02-02")], "MN"),  # every row, one column
        ([("1", "Lee", "NULL", "2010-01-01")], None),  # one row says too little
        ([("1", "Lee", "", "NULL"), ("2", "Lee", "Ann", "2010-02-02"), ("3", "Lee", "", "2010-03-03")], None),
        ([("1", "Lee", "", "NULL"), ("2", "Lee", "Ann", "NULL"), ("3", "Lee", "", "2010-03-03")], "BD"),
    ],
    ids=[
        "family-name",
        "capitals-alone",
        "beside-dates",
        "name-column",
        "whole-and-other",
        "whole-alone",
        "one-row",
        "lone-beside-dates",  # a placeholder typed once (stop 60), not the marker
        "twice-beside-dates",
    ],
)
def test_the_file_says_whether_null_is_its_blank(rows: list[tuple[str, ...]], evidence: str | None) -> None:
    marked = sql_nulls.judged(HEADER, rows)
    assert (marked.evidence if marked else None) == evidence
    if marked:
        assert marked.cells == sum(cell == "NULL" for row in rows for cell in row)


def _saved_from_ssms(tmp_path: Path) -> Path:
    """The Aeries sample district with every empty cell of STU.csv written NULL (its SEM beside
    the students' emails, MN and TG), and the first section row's student number (SN) NULL: the
    only NULL of SEC.csv, a value typed once as N/A would be, not the marker (stop 60)."""
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    for name, change in (("STU.csv", lambda row: row), ("SEC.csv", lambda row: [*row[:1], "NULL", *row[2:]])):
        path = folder / name
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        rows[1] = change(rows[1])
        rows[1:] = [["NULL" if cell == "" else cell for cell in row] for row in rows[1:]]
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return folder


def test_an_ssms_export_publishes_no_null(tmp_path: Path) -> None:
    folder = _saved_from_ssms(tmp_path)
    result = api.run(api.RunOptions(profile="aeries", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 0
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert "NULL" not in users
    students = [row for row in csv.DictReader(users.splitlines()) if row["role"] == "student"]
    assert {row["sourcedId"]: row["username"] for row in students}["10001"] == "10001"  # SEM blank: the ID
    said = {p.where.file: p.params for p in result.report.examples["I227"]}
    assert said["STU.csv"]["cells"] == 13 and said["STU.csv"]["evidence"] == "SEM"
    assert "SEC.csv" not in said  # its lone NULL shows no marker: every NULL of a file read blank for one
    assert result.report.counts["I227"] == 1  # once per file, not per cell
    assert "SN='NULL'" in result.report.examples["D300"][0].message  # the lone NULL said as N/A would be
    assert "D322" not in result.report.counts  # STU.csv's ID screens never saw the word


@pytest.mark.parametrize("text", [(), (1,)], ids=["every-column", "null-marker-text-SN"])
def test_the_columnar_engine_reads_the_marker_as_the_reader_does(tmp_path: Path, text: tuple[int, ...]) -> None:
    """The columnar engine reads the export itself (DuckDB): its view of the file blanks the
    marker's cells as `read.iter_rows` does, so both engines map the same cells; a column of the
    profile's null_marker_text keeps its NULL in both (reviewer160 R2)."""
    path = tmp_path / "SEC.csv"
    path.write_bytes(b"SC,SN,SE,DEL\r\n10,NULL,1,0\r\n10,2,NULL,1\r\n10,3,4,Null\r\n")
    header = ("SC", "SN", "SE", "DEL")
    source = read.SourceFile("schedules", path, "SEC.csv", "utf-8", ",", header, {"sc": 0, "sn": 1, "se": 2, "del": 3})
    source = dataclasses.replace(source, blank=sql_nulls.MARKER, names=(2,), text=text)  # SE: a required name's
    report = Report()
    expected = [[*row.cells] for row in read.iter_rows(source, report)]
    assert expected == [["10", "NULL" if text else "", "1", "0"], ["10", "2", "", "1"], ["10", "3", "4", "Null"]]
    assert report.null_names == {("SEC.csv", 3): ("SE",)}  # D304's words
    engine = columnar.Engine(tmp_path, threads=1, in_memory=True)
    try:
        loaded = engine.load(source)
        assert loaded is not None, engine.unread
        found = engine.con.execute(f"SELECT c0, c1, c2, c3 FROM {loaded.name} ORDER BY line").fetchall()
    finally:
        engine.close()
    assert [list(row) for row in found] == expected


def test_a_family_named_null_stays(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    path = folder / "STU.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Nguyen", "NULL"), encoding="utf-8")
    result = api.run(api.RunOptions(profile="aeries", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert ",An,NULL," in (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert "I227" not in result.report.counts


def _night(
    folder: Path, out: Path, day: int, *, allow: bool = False, profile: str = "aeries", **cells: str
) -> api.RunResult:
    """The sample district with STU.csv's cells changed (`_district`), run into `out`."""
    _district(folder, **cells)
    as_of = AS_OF + dt.timedelta(days=day)
    return api.run(api.RunOptions(profile=profile, in_dir=folder, out_dir=out, as_of=as_of, allow_incomplete=allow))


def _district(folder: Path, **cells: str) -> None:
    """The sample district with STU.csv's cells changed (by student ID, column: `ID_COLUMN=value`)."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DISTRICT, folder)
    path = folder / "STU.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    for key, value in cells.items():
        student, column = key.split("_", 1)
        for row in rows[1:]:
            if column == "all" or row[0] == student:
                row[rows[0].index("MN" if column == "all" else column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def test_the_marker_read_last_night_is_read_so_while_the_file_writes_it(tmp_path: Path) -> None:
    """reviewer147 R1: night 1 one school email NULL shows the marker; night 2 that email is filled
    in and nothing beside digits holds NULL: the middle names' NULL were published as names, at exit 0."""
    out = tmp_path / "out"
    named = {"10002_MN": "Sofia"}  # not NULL on every row: MN alone does not show the marker
    first = _night(tmp_path / "in", out, 0, x_all="NULL", **named, **{"10001_SEM": "NULL"})
    assert first.exit_status == 0 and first.report.counts["I227"] == 1
    second = _night(tmp_path / "in", out, 1, x_all="NULL", **named, **{"10001_SEM": "m@students.example.org"})
    assert second.exit_status == 0
    assert "NULL" not in (out / "users.csv").read_text(encoding="utf-8")
    said = second.report.examples["I227"][0].params
    assert said["evidence"] == "MN" and "last published set" in said["why"]


def test_a_required_name_null_reads_blank_and_d304_names_the_marker(tmp_path: Path) -> None:
    """The lead overrules reviewer147 R2: NULL kept as written in a required name published a
    person whose family name is missing as 'Mary NULL' at exit 0. In a file showing the marker a
    family name NULL reads blank as every other cell does: D304 leaves the student out, saying
    the cell held NULL, read as SQL's marker (I227), so a person named NULL can be found; the
    refusal's Next says it, and the removal the night after a published set held the student."""
    out = tmp_path / "out"
    marked = {"10001_SEM": "NULL", "10002_SEM": "NULL"}
    result = _night(tmp_path / "in", out, 0, **{"40001_LN": "NULL"}, **marked)
    assert result.exit_status == 1 and result.report.counts["D304"] == 1 and not result.report.published
    assert result.report.examples["I227"][0].params["cells"] == 3
    words = result.report.examples["D304"][0].message
    assert "came out empty (its cell LN held NULL, read as SQL's empty marker, I227" in words
    assert "ISNULL(LN, '')" in words
    assert "a person named NULL is possible: then name LN in null_marker_text on the export" in words  # the way out
    step = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "1 of the rows named held NULL in a name's cell (STU.csv:4 [LN] the first)" in step, step
    assert "name LN in null_marker_text" in step
    assert _night(tmp_path / "in", out, 0, **marked).exit_status == 0  # published with the student
    again = _night(tmp_path / "in", out, 1, allow=True, **{"40001_LN": "NULL"}, **marked)
    assert "NULL" not in (out / "users.csv").read_text(encoding="utf-8")
    removed = again.report.examples["X981"][0].message
    assert "D304 required-value-missing (its cell LN held NULL, read as SQL's empty marker, I227)" in removed


def test_a_person_named_null_is_published_once_the_profile_names_the_column(tmp_path: Path) -> None:
    """Stop 60 item 4: once last.json remembers an export's marker, a family really named NULL
    (an SIS writing names in capitals) read blank every night, left out, with no way to say so.
    reviewer160 R2: the way out was `null_marker: false` on the whole export, and an SSMS file
    writing the marker in its other cells then published usernames and middle names 'NULL' at exit
    0. `null_marker_text: [LN]` keeps the NULL of the column named; the others' still read blank."""
    out = tmp_path / "out"
    first = _night(tmp_path / "in", out, 0, **{"10001_SEM": "NULL", "10002_SEM": "NULL"})
    assert first.report.counts["I227"] == 1 and sql_nulls.remembered(gate.read_state(out)) == {"students"}
    text = (PROFILES / "aeries.yaml").read_text(encoding="utf-8")
    profile = tmp_path / "aeries.yaml"
    profile.write_text(text.replace("  students:\n", "  students:\n    null_marker_text: [LN]\n", 1), encoding="utf-8")
    cells = {"40001_LN": "NULL", "10001_SEM": "NULL", "10002_SEM": "NULL", "x_all": "NULL"}  # and MN NULL on every row
    second = _night(tmp_path / "in", out, 1, profile=str(profile), **cells)
    assert second.exit_status == 0 and second.report.counts["I227"] == 1 and "D304" not in second.report.counts
    users = (out / "users.csv").read_text(encoding="utf-8")
    assert ",An,NULL," in users and users.count("NULL") == 1  # the family named NULL, and no other
    assert sql_nulls.remembered(gate.read_state(out)) == {"students"}


def test_d304_of_a_cell_left_empty_does_not_name_the_marker(tmp_path: Path) -> None:
    """In a file showing the marker, a family name left empty (not NULL) is no marker's doing."""
    result = _night(tmp_path / "in", tmp_path / "out", 0, **{"40001_LN": "", "10001_SEM": "NULL"})
    assert result.report.counts["D304"] == 1
    assert "NULL" not in result.report.examples["D304"][0].message


def test_a_guardian_whose_family_name_is_null_is_not_published_as_null(tmp_path: Path) -> None:
    """The lead's case: a contact's family name missing in an SSMS file (the contacts export shows
    the marker beside its phones) was published 'Rosa NULL' at exit 0; it reads blank now, and
    D304 leaves the contact out naming the marker."""
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    path = folder / "CON.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Ortega,Rosa", "NULL,Rosa").replace("(559) 555-0142,,", "(559) 555-0142,NULL,")
    path.write_text(text, encoding="utf-8")
    result = api.run(api.RunOptions(profile="aeries", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.report.examples["I227"][0].params["evidence"] == "CP"
    assert "NULL" not in (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    said = [p.message for p in result.report.examples["D304"]]
    assert said and all("its cell LN held NULL" in words for words in said)


@pytest.mark.parametrize(
    ("data", "held"),
    [
        (b"ID,NULLABLE\r\n1,null.set@example.org\r\n2,Nullman\r\n", False),
        (b"ID,MN\r\n1,NULL\r\n", True),
        (b'ID,MN\r\n1,"NULL"\r\n', True),
        (b"ID,MN\r\n1,x\r\nNULL,2", True),
    ],
    ids=["words-only", "a-cell", "quoted", "line-start-end"],
)
def test_only_a_cell_of_exactly_null_costs_a_read(tmp_path: Path, data: bytes, held: bool) -> None:
    """reviewer147 R4: a file holding NULL only inside a header or a value (NULLABLE, an email),
    and every UTF-16 file, was read through once more to judge it."""
    path = tmp_path / "STU.csv"
    path.write_bytes(data)
    assert read.scan_bytes(path, "STU.csv", Report())[3] is held
    path.write_bytes(codecs.BOM_UTF16_LE + data.decode().encode("utf-16-le"))
    assert read.scan_bytes(path, "STU.csv", Report())[3] is held


@pytest.mark.parametrize(
    ("held", "said"),
    [
        ({"students": True}, "'sql_nulls' is a JSON dict, not a list of the exports read with SQL's NULL marker"),
        ("students", "'sql_nulls' is a JSON str, not a list"),
        (["students", 3], "'sql_nulls' holds 3, not an export's name"),
    ],
    ids=["table", "text", "not-a-name"],
)
def test_a_damaged_sql_nulls_entry_stops_the_run(tmp_path: Path, held: object, said: str) -> None:
    """last.json's `sql_nulls` of the wrong type read as none: tonight's exports were judged afresh
    without a word (the one NULL beside emails filled in, the middle names' NULL published). It
    stops the run as the record's other keys do (X930, naming the key)."""
    out = tmp_path / "out"
    (gate.state_folder(out)).mkdir(parents=True)
    path = gate.state_folder(out) / "last.json"
    path.write_text(json.dumps({"rows_read": {}, "sql_nulls": held}), encoding="utf-8")
    with pytest.raises(TransformAbort) as stopped:
        gate.read_state(out)
    problem = stopped.value.problems[0]
    assert problem.code.id == "X930" and said in str(problem.params["detail"])
    path.write_text(json.dumps({"rows_read": {}, "sql_nulls": ["students"]}), encoding="utf-8")
    assert sql_nulls.remembered(gate.read_state(out)) == {"students"}


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_searched_in_chunks_with_the_same_answers(tmp_path: Path, order: str) -> None:
    """Stop 60: the marker's search read a whole UTF-16 file into memory. Read a chunk at a time,
    a word cut by a chunk's end (in a code unit, or in the word) is found, judged as in the whole file."""
    path = tmp_path / "STU.txt"
    bom = codecs.BOM_UTF16_LE if order == "utf-16-le" else codecs.BOM_UTF16_BE
    texts = ["ID,MN\r\n1,NULL\r\n", "ID,MN\r\n1,NULLABLE\r\n2,xNULL\r\n", "NULL,MN\r\n", "ID\tMN\r\n1\tAnn\r\n2\tNULL"]
    for text in texts:
        path.write_bytes(bom + text.encode(order))
        whole = sql_nulls.in_utf16(path, "utf-16", chunk=1 << 20)
        assert whole is read.scan_bytes(path, "STU.txt", Report())[3]
        assert [sql_nulls.in_utf16(path, "utf-16", chunk=size) for size in range(2, 40)] == [whole] * 38, text
    big = bom + ("ID,MN\r\n" + "1,Ann\r\n" * 400_000).encode(order)  # 5.6 MB, no marker
    path.write_bytes(big)
    tracemalloc.start()
    try:
        assert not sql_nulls.in_utf16(path, "utf-16")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * sql_nulls.UTF16_CHUNK < len(big), peak  # a few chunks (two, and a read's copy), not the file


@pytest.mark.parametrize("word", ["NULL", "N/A", "none"])
def test_null_in_a_contact_or_date_cell_of_a_file_without_the_marker_is_said_a_placeholder(word: str) -> None:
    """tester77 T1: a ProgressBook users.csv's sms 'NULL' (a file showing no marker) was D306
    "not a possible phone number", as a typo is; now it is said a placeholder for no number (as
    000-000-0000 is), an email one D359 (not D308), a date's D305 says so, and a parent whose only
    contact point it was counts among the placeholders (X808), not the values unread."""
    settings = CleanerSettings()
    number, (said,) = phones.phone_cleaner(settings, {})(word)
    assert number == "" and said[0] == "phone-invalid" and said[1]["why"] == phones.PLACEHOLDER_WHY
    assert emails.clean_email(word) == ("", (("email-placeholder", {"value": word}),))
    day, (said,) = dates.date_cleaner(settings, {})(word)
    assert day == "" and said == ("date-invalid", {"value": word, "why": dates.PLACEHOLDER_WHY})
    assert mapping.is_placeholder(word, "D306")
    assert phones.phone_cleaner(settings, {})("555-12")[1][0][1]["why"] == ""  # a number mistyped: no placeholder
    assert dates.date_cleaner(settings, {})("2026-13-40")[1][0][1]["why"] == ""


def test_a_lone_null_reads_blank_in_a_fallback_list_and_through_a_map_as_unlisted(tmp_path: Path) -> None:
    """reviewer160 R1: a lone NULL shows no marker (stop 60 item 1), and read as text it was the
    username of `[SEM, ID]` and stopped `[HL, CL]` at it (language blank), at exit 0. A placeholder
    word reads blank in a fallback list (the next column is read: cleaners.ids.is_filled), in
    every engine (the fast path's here). reviewer168 R3: through a map it is an unlisted value as
    any other, said by the map's own rule (grades: 'Other', D302), not made blank unsaid."""
    folder = tmp_path / "in"
    _district(folder, **{"10002_SEM": "NULL", "10001_HL": "N/A", "40001_GR": "none"})  # NULL once: no marker
    options = api.RunOptions(profile="aeries", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF)
    result = api.run(options)
    assert result.exit_status == 0 and "I227" not in result.report.counts
    text = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    users = {row["sourcedId"]: row for row in csv.DictReader(text.splitlines())}
    assert users["10002"]["username"] == "10002"
    assert users["10001"]["metadata.preferredLanguage"] == users["10002"]["metadata.preferredLanguage"] != ""
    assert users["40001"]["grades"] == "Other" and "value 'none' is not in map 'grades'" in str(
        result.report.examples["D302"][0].message
    )


def test_a_fallback_list_reads_alike_in_both_engines(tmp_path: Path) -> None:
    """reviewer168 R1, R2, R5. A list none of whose cells is filled gives its first not blank, a
    placeholder word for its cleaner to say (the last, blank, said nothing: X808 and D359 were
    lost); a placeholder word the column's map lists (`None: English`) is a value, not passed over
    (the language went on to CL's, Spanish). The interpreter, the fast path (users, demographics)
    and the columnar engine each read the list so: the two engines agree (this profile's demographics
    rule, `combine: {}`, is the Python engine's: the columnar hunk is not reached here)."""
    text = (PROFILES / "aeries.yaml").read_text(encoding="utf-8")
    text = text.replace('"12": Armenian}', '"12": Armenian, None: English}', 1)
    listed = "        cityOfBirth: {column: [MN, LN]}\n        stateOfBirthAbbreviation: {column: [MN, SEM]}\n"
    text = text.replace(
        "        birthDate: {column: BD, clean: [birth_date]}\n",
        "        birthDate: {column: BD, clean: [birth_date]}\n" + listed,
        1,
    )
    profile = tmp_path / "aeries.yaml"
    profile.write_text(text, encoding="utf-8")
    folder = tmp_path / "in"
    _district(folder, **{"10001_HL": "None", "10001_CL": "01", "40001_MN": "N/A", "40002_MN": "n/a", "40002_SEM": ""})
    runs = {}
    for engine in ("python", "columnar"):
        options = api.RunOptions(profile=str(profile), in_dir=folder, out_dir=tmp_path / engine, as_of=AS_OF)
        runs[engine] = api.run(dataclasses.replace(options, engine=engine))
        assert runs[engine].exit_status == 0, engine
    for name in ("users.csv", "demographics.csv"):
        assert (tmp_path / "python" / name).read_bytes() == (tmp_path / "columnar" / name).read_bytes(), name
    rows = (tmp_path / "python" / "users.csv").read_text(encoding="utf-8").splitlines()
    assert {row["sourcedId"]: row for row in csv.DictReader(rows)}["10001"]["metadata.preferredLanguage"] == "en"
    rows = (tmp_path / "python" / "demographics.csv").read_text(encoding="utf-8").splitlines()
    people = {row["sourcedId"]: row for row in csv.DictReader(rows)}
    assert people["40001"]["cityOfBirth"] == "Nguyen" and people["40002"]["stateOfBirthAbbreviation"] == "n/a"


def test_the_marker_is_remembered_through_a_night_without_null(tmp_path: Path) -> None:
    """reviewer160 R3: a night whose export held no NULL at all dropped `sql_nulls` from last.json,
    and the night after a lone NULL (a middle name) was judged afresh: no marker, published as text.
    The export is remembered while it is read."""
    out = tmp_path / "out"
    _night(tmp_path / "in", out, 0, **{"10001_SEM": "NULL", "10002_SEM": "NULL"})
    assert sql_nulls.remembered(gate.read_state(out)) == {"students"}
    assert _night(tmp_path / "in", out, 1).exit_status == 0  # no NULL anywhere tonight
    assert sql_nulls.remembered(gate.read_state(out)) == {"students"}


def _prefixed(folder: Path, names: str) -> Path:
    """The sample district with STU.csv headed as an SSMS query saves it ('STU.LN': the aeries profile
    strips the table's prefix), and the aeries profile naming `names` in its null_marker_text ("" none)."""
    path = folder / "STU.csv"
    head, rest = path.read_bytes().decode("utf-8").split("\r\n", 1)
    path.write_bytes(
        (",".join(f"STU.{cell.removeprefix('STU.')}" for cell in head.split(",")) + "\r\n" + rest).encode("utf-8")
    )
    profile = folder.parent / "aeries.yaml"
    text = (PROFILES / "aeries.yaml").read_text(encoding="utf-8")
    listed = f"  students:\n    null_marker_text: [{names}]\n" if names else "  students:\n"
    profile.write_text(text.replace("  students:\n", listed, 1), encoding="utf-8")
    return profile


def test_null_marker_text_names_a_column_as_its_header_is_matched(tmp_path: Path) -> None:
    """reviewer168 R4: on a 'STU.LN' header, night 1's D304 and Next said 'name STU.LN in
    null_marker_text', and night 2 doing so was refused again: the names were compared with the
    header cells as written, not as the profile's columns are (the 'STU.' prefix, aliases). The
    words name the column as the profile writes it (LN), and either spelling keeps the NULL."""
    folder, out = tmp_path / "in", tmp_path / "out"
    cells = {"40001_LN": "NULL", "10001_SEM": "NULL", "10002_SEM": "NULL"}
    _district(folder, **cells)
    options = api.RunOptions(profile=str(_prefixed(folder, "")), in_dir=folder, out_dir=out, as_of=AS_OF)
    first = api.run(options)
    assert first.exit_status == 1 and first.report.counts["D304"] == 1
    words = first.report.examples["D304"][0].message
    assert "ISNULL(STU.LN, '')" in words and "then name LN in null_marker_text" in words, words
    assert "then name LN in null_marker_text" in summary.next_step(first, out_dir=out, explain_path=None, upload=False)
    second = api.run(dataclasses.replace(options, profile=str(_prefixed(folder, "STU.LN"))))
    assert second.exit_status == 0 and "D304" not in second.report.counts and "P130" not in second.report.counts
    assert ",An,NULL," in (out / "users.csv").read_text(encoding="utf-8")


def test_a_null_marker_text_name_no_column_of_the_export_says_p130(tmp_path: Path) -> None:
    """A name matching no column keeps no NULL: check-profile --exports says so, naming the columns
    the export has as the profile writes them (and so does every run: read.null_names_unknown)."""
    folder = tmp_path / "in"
    _district(folder)
    _, problems = api.check_profile(str(_prefixed(folder, "LN, SURNAME")), exports=folder)
    said = [p for p in problems if p.code.id == "P130"]
    assert len(said) == 1 and said[0].params["name"] == "SURNAME", said
    assert said[0].params["columns"].startswith("ID, SC, SN, LN, FN"), said[0].params


def test_an_enrolment_fallback_list_reads_alike_in_both_engines(tmp_path: Path) -> None:
    """reviewer168 R1 in the columnar engine (columnar._first_filled_sql), which takes the students'
    enrolment rule: a list none of whose cells is filled gives its first not blank, a placeholder
    the date cleaner says (the last, blank, said nothing), as the Python engine reads it."""
    text = (PROFILES / "aeries.yaml").read_text(encoding="utf-8")
    rule = "        userSourcedId: {column: student.ID, clean: [id]}\n        role: student\n"
    assert rule in text
    text = text.replace(rule, rule + "        beginDate: {column: [B1, B2], clean: [date]}\n", 1)
    text = text.replace(
        "    columns: [SC, SN, SE]\n    optional_columns: [DEL]\n",
        "    columns: [SC, SN, SE, B1, B2]\n    optional_columns: [DEL]\n",
        1,
    )
    profile = tmp_path / "aeries.yaml"
    profile.write_text(text, encoding="utf-8")
    folder = tmp_path / "in"
    _district(folder)
    path = folder / "SEC.csv"
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    dates = ("N/A,", ",2026-08-20", "2026-08-19,N/A", "none,NULL")
    lines = [lines[0] + ",B1,B2"] + [f"{line},{dates[n % 4]}" if line else line for n, line in enumerate(lines[1:])]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    runs = {}
    for engine in ("python", "columnar"):
        options = api.RunOptions(profile=str(profile), in_dir=folder, out_dir=tmp_path / engine, as_of=AS_OF)
        runs[engine] = api.run(dataclasses.replace(options, engine=engine))
        assert runs[engine].exit_status == 0, engine
    assert runs["python"].report.counts == runs["columnar"].report.counts
    python = (tmp_path / "python" / "enrollments.csv").read_bytes()
    assert python == (tmp_path / "columnar" / "enrollments.csv").read_bytes()
    assert b"2026-08-20" in python and b"2026-08-19" in python
