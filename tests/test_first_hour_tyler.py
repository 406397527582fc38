"""The first hour with a Tyler SIS export (tester53 F4): init-profile's draft, with only its two
`# required` lines filled in, passed check-profile and published the withdrawn student (EnrollStatus
W, WithdrawDt, InactiveInd Y) with her dropped enrolments, the spring semester's classes in
October, lunch and study hall, and raw YYYYMMDD birth dates, at exit 0. Now the draft reads each
field with its cleaner, drafts a `where` from single-letter status codes, yes/no flags and
withdrawal and drop dates, the current term from the sections' own term dates, and the lunch and
study-hall patterns; and a profile without a term filter whose classes' own source has term
dates is said (I274)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import yaml

from tests.test_columnar import both_engines
from transform import api

AS_OF = dt.date(2026, 10, 5)

EXPORTS = {
    "Buildings.csv": [["BldgCode", "BldgName", "Principal"], ["101", "North Elementary", "Dr. X"]],
    "StudentDemographics.csv": [
        ["StuNum", "LName", "FName", "DOB", "GradeLvl", "Bldg", "EnrollStatus", "WithdrawDt", "InactiveInd"],
        ["40001", "Diaz", "Wes", "20160219", "04", "101", "E", "", "N"],
        ["40002", "Baker", "Sam", "20170812", "03", "101", "E", "", "N"],
        ["40003", "Jones", "Quin", "20150314", "05", "101", "W", "09/11/2026", "Y"],
    ],
    "Staff.csv": [
        ["EmpID", "LName", "FName", "Email", "Bldg", "ActiveFlag"],
        ["T1011", "Evans", "Kai", "t1011@dist.example.org", "101", "Y"],
        ["T1012", "Ueda", "Max", "t1012@dist.example.org", "101", "Y"],
    ],
    "Sections.csv": [
        ["SectKey", "Bldg", "CrsTitle", "TermCd", "TermBeg", "TermEnd", "TchrEmpID"],
        ["C1", "101", "English", "FY", "08/17/2026", "05/28/2027", "T1011"],
        ["C2", "101", "Math", "S1", "08/17/2026", "12/18/2026", "T1012"],
        ["C3", "101", "Science", "S2", "01/05/2027", "05/28/2027", "T1012"],
        ["C4", "101", "Lunch", "FY", "08/17/2026", "05/28/2027", "T1011"],
        ["C5", "101", "Study Hall", "FY", "08/17/2026", "05/28/2027", "T1012"],
    ],
    "StudentSchedule.csv": [
        ["StuNum", "SectKey", "Bldg", "AddDt", "DropDt"],
        *[[s, c, "101", "08/17/2026", ""] for s in ("40001", "40002") for c in ("C1", "C3", "C4", "C5")],
        ["40001", "C2", "101", "08/17/2026", ""],
        ["40002", "C2", "101", "08/17/2026", "09/30/2026"],  # dropped Math
        *[["40003", c, "101", "08/17/2026", ""] for c in ("C1", "C2")],  # withdrawn, rows left open
    ],
}
REQUIRED_LINES = {
    "        # name: {column: ..., clean: [text]}   # required: which column holds it?": (
        '        name: {column: "BldgName", clean: [text]}'
    ),
    "        # title: {column: ..., clean: [text]}   # required: which column holds it?": (
        '        title: {column: "CrsTitle", clean: [text]}'
    ),
}


def _exports(tmp_path: Path) -> Path:
    exports = tmp_path / "exports"
    exports.mkdir()
    for name, rows in EXPORTS.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return exports


def _filled_in(tmp_path: Path, exports: Path) -> Path:
    """The draft with only its two `# required` lines filled in, as the admin was told."""
    text = api.init_profile(exports).profile_text
    for line, filled in REQUIRED_LINES.items():
        assert line in text
        text = text.replace(line, filled)
    path = tmp_path / "tyler.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_draft_reads_each_field_with_its_cleaner_and_drafts_the_filters(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    draft = yaml.safe_load(api.init_profile(exports).profile_text)
    tables = draft["tables"]
    assert tables["demographics"]["students"]["columns"]["birthDate"] == {"column": "DOB", "clean": ["birth_date"]}
    assert tables["users"]["staff"]["columns"]["email"] == {"column": "Email", "clean": ["email"]}
    where = tables["users"]["students"]["where"]
    assert where["current"] == {"field": "{EnrollStatus}", "op": "in", "value": ["E"], "reason": "inactive-student"}
    assert where["withdrawdt"]["op"] == "date_ge" and where["withdrawdt"]["allow_empty"] is True
    assert where["inactiveind"] == {
        "field": "{InactiveInd}",
        "op": "not_in",
        "value": ["Y", "Yes", "1", "T", "True", "X"],
        "reason": "inactive-student",
    }
    dropped = tables["enrollments"]["rows"]["where"]["current"]
    assert (dropped["field"], dropped["op"], dropped["value"]) == ("{DropDt}", "date_ge", "as_of")
    assert draft["filters"]["current_term"] == {"start": "{TermBeg}", "end": "{TermEnd}", "name": "{TermCd}"}
    assert set(draft["filters"]["exclude_classes"]["patterns"]) == {"lunch", "study_hall"}


def test_the_draft_with_its_required_lines_filled_in_publishes_the_right_set(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    profile = _filled_in(tmp_path, exports)
    _, problems = api.check_profile(str(profile), exports=exports, hints=True)
    assert [p.code.id for p in problems] == []
    python, _ = both_engines(tmp_path / "runs", profile=str(profile), in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    out = tmp_path / "runs" / "python"
    students = {u["sourcedId"] for u in _rows(out / "users.csv") if u["role"] == "student"}
    assert students == {"40001", "40002"}  # not the withdrawn 40003
    assert {c["title"] for c in _rows(out / "classes.csv")} == {"English", "Math"}  # not S2, lunch, study hall
    enrolled = {(e["classSourcedId"], e["userSourcedId"]) for e in _rows(out / "enrollments.csv")}
    assert ("C2", "40002") not in enrolled  # dropped on 09/30
    assert enrolled == {("C1", "40001"), ("C1", "40002"), ("C2", "40001"), ("C1", "T1011"), ("C2", "T1012")}
    assert {d["birthDate"] for d in _rows(out / "demographics.csv")} == {"2016/02/19", "2017/08/12"}


def test_classes_whose_own_source_has_term_dates_and_no_term_filter_are_said(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    profile = _filled_in(tmp_path, exports)
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text[: text.index("filters:")], encoding="utf-8")  # as the draft was before
    _, problems = api.check_profile(str(profile), exports=exports, hints=True)
    (said,) = [p for p in problems if p.code.id == "I274"]
    assert (said.params["source"], said.params["columns"]) == ("sections", "TermBeg, TermEnd")
    result = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.report.counts["I274"] == 1
