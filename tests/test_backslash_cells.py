"""A cell holding a backslash is quoted in the published set (tester70 S4).

RFC 4180 needs no quotes for it, but a reader that takes a backslash for an escape (Remind's
article shows `James \\"Jim\\"`) read the familyName `Oak\\` written `...,Oak\\,,1002,...` as
"Oak," and every later column one to the left. Every writer of the set (the tables, the files
written again after them, the columnar engine's rows) quotes it alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import duckdb

from transform import api
from transform.pipeline import columnar
from transform.pipeline.compact import CompactMap
from transform.pipeline.validate import SilentView
from transform.pipeline.write import CsvRows

H = "sourcedId,status,dateLastModified,"
EXPORTS = {
    "orgs": H + "name,type,identifier,parentSourcedId\nd1,,,Oak District,district,,\n"
    "s1,,,Oak Elementary,school,01,d1\ns2,,,Oak Middle,school,02,d1\n",
    "academicSessions": H + "title,type,startDate,endDate,parentSourcedId,schoolYear\n"
    "y27,,,2026-2027,schoolYear,2026-08-24,2027-06-11,,2027\n",
    "classes": H + "title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds\n"
    "k1,,,Math 2,02,,,scheduled,,s1,y27\nk2,,,Art\\Craft,02,,,scheduled,,s2,y27\n",
    "users": H + "enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,"
    "email,sms,phone,agentSourcedIds,grades,password\n"
    "t-1,,,true,s1,teacher,ann,,Ann,Lee,,T1,ann@oak.example.org,,,,,\n"
    "t-2,,,true,s2,teacher,bob,,Bob,Ray,,T2,bob@oak.example.org,,,,,\n"
    'st-1,,,true,s1,student,stu1,,"Jim \\J\\",Oak,,1001,,,,,02,\n'
    "st-2,,,true,s1,student,stu2,,Kid2,Oak\\,,1002,,,,,02,\n",
    "enrollments": H + "classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
    "e-t1,,,k1,s1,t-1,teacher,true,,\ne-t2,,,k2,s2,t-2,teacher,true,,\n"
    "e-s1,,,k1,s1,st-1,student,false,,\ne-s2,,,k1,s1,st-2,student,false,,\ne-s3,,,k2,s2,st-2,student,false,,\n",
    "demographics": H + "birthDate,sex\nst-1,,,2018-01-11,\nst-2,,,2018-02-12,\n",
}


def test_a_cell_holding_a_backslash_is_quoted_and_other_rows_are_csv_writers() -> None:
    rows = [["Oak\\", 'a"b', "x,y", "plain", "", None, 3], ["a", "b c", ""], [""], ["'=1", "\r\n"]]
    ours, theirs = io.StringIO(), io.StringIO()
    CsvRows(ours).writerows(rows)
    csv.writer(theirs, lineterminator="\r\n").writerows(rows[1:])
    first, rest = ours.getvalue().split("\r\n", 1)
    assert first == '"Oak\\","a""b","x,y",plain,,,3'
    assert rest == theirs.getvalue()
    assert next(csv.reader([first])) == ["Oak\\", 'a"b', "x,y", "plain", "", "", "3"]


def test_a_row_with_a_backslash_is_not_one_the_columnar_engine_writes_itself() -> None:
    """The engine's silent rows are joined with commas, unquoted: one holding a backslash is the
    writer's to quote."""
    view = SilentView((), (), (), (), (), False, (), (), {}, frozenset(), CompactMap(), ())
    quiet = columnar._quiet(view, {"title": "v"}, ("title",), set(), None)
    con = duckdb.connect()
    judged = [con.execute(f"SELECT {quiet} FROM (SELECT ? AS v)", [v]).fetchone() for v in ("Oak", "Oak\\", "a\\b")]
    assert judged == [(True,), (False,), (False,)]


def test_the_published_set_quotes_a_backslash_in_both_engines_alike(tmp_path: Path) -> None:
    """A name and a title holding one, and st-2's row written again (enrolled at s2, which its
    row lacks: V593, pipeline.user_schools)."""
    exports = tmp_path / "in"
    exports.mkdir()
    for name, text in EXPORTS.items():
        (exports / f"{name}.csv").write_text(text, encoding="utf-8")
    sets = {}
    for engine in ("python", "columnar"):
        out = tmp_path / engine
        options = api.RunOptions(
            profile="oneroster", in_dir=exports, out_dir=out, engine=engine, as_of=dt.date(2026, 10, 15)
        )
        result = api.run(options)
        assert result.report.published and result.report.counts["V593"] == 1
        sets[engine] = {p.name: p.read_bytes() for p in out.iterdir()}
        users = sets[engine]["users.csv"].decode().splitlines()
        assert [line for line in users if line.startswith("st-")] == [
            'st-1,,,true,s1,student,stu1,,"Jim \\J\\",Oak,,1001,,,,,02,,',
            'st-2,,,true,"s1,s2",student,stu2,,Kid2,"Oak\\",,1002,,,,,02,,',
        ]
        assert ',"Art\\Craft",' in sets[engine]["classes.csv"].decode()
    assert sets["python"] == sets["columnar"]
