"""An enrolment naming a class the classes export never listed is a defect of the export (V502
reference-missing, a warning), not the follow-on of a class left out (V503, "Nothing to do";
tester3 item 8). A class the export lists and a filter leaves out (another term, a row
tobedeleted) still takes its enrolments with it under V503. Both engines, in one process and
with the enrolments in a second one, give the same bytes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines

ONEROSTER = FIXTURES / "oneroster" / "district" / "in"
# enrollments.csv lines 13 and 14: a class no row of classes.csv gives; cl-old, which
# classes.csv lists at line 6 with status tobedeleted (left out before it is a record, D301).
DANGLING = "e12,active,2026-08-01,cl-gone,sch-20,u-s2,student,false,,"
OF_A_DELETED_CLASS = "e13,active,2026-08-01,cl-old,sch-10,u-s1,student,false,,"


@pytest.mark.parametrize("jobs", [1, 2], ids=["one process", "worker"])
def test_an_enrolment_in_a_class_never_listed_is_a_missing_reference(tmp_path: Path, jobs: int) -> None:
    exports = tmp_path / "in"
    shutil.copytree(ONEROSTER, exports)
    with (exports / "enrollments.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(f"{DANGLING}\r\n{OF_A_DELETED_CLASS}\r\n")
    runs = both_engines(tmp_path, profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15), jobs=jobs)
    report = runs[0].report
    (missing,) = report.examples["V502"]
    assert (missing.where.file, missing.where.line, missing.where.column) == ("enrollments.csv", 13, "classSourcedId")
    assert missing.code.severity.value == "warning" and missing.params["value"] == "cl-gone"
    follows = {(p.where.line, p.params["value"]) for p in report.examples["V503"]}
    assert follows == {(8, "cl-art6"), (9, "cl-lun"), (14, "cl-old")}  # spring only, excluded, tobedeleted
    assert runs[0].exit_status == 0  # the rest is published; the warning names the row to correct
    explained = (tmp_path / "python.csv").read_text(encoding="utf-8")
    assert "enrollments.csv,13,enrollments,e12,V502,reference-missing," in explained
