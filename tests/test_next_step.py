"""The "Next:" line of a refused run (issue 22.3): when records left out stopped it (X915), the
next step is the fix of the code that left out most of them (V506: settings.email_domain), not
--allow-incomplete, which would publish the set with no teachers; that is said last, as a last
resort."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.test_cli import transform
from tests.test_gate import SAMPLE
from transform.api import RunResult
from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import Report
from transform.report.summary import next_step


def teachers_without_email(folder: Path) -> Path:
    """The sample district with every teacher's email blanked (each a V506 warning)."""
    exports = folder / "in"
    shutil.copytree(SAMPLE, exports)
    teachers = exports / "teachers.txt"
    lines = teachers.read_bytes().split(b"\r\n")
    header = lines[0].split(b"\t")
    email = header.index(b"TEACHERS.EMAIL_ADDR")
    rows = [line.split(b"\t") for line in lines[1:] if line]
    blanked = [[*r[:email], b"", *r[email + 1 :]] for r in rows]
    teachers.write_bytes(b"".join(b"\t".join(r) + b"\r\n" for r in [header, *blanked]))
    return exports


def test_next_names_the_fix_of_the_code_that_left_out_most_records(tmp_path: Path) -> None:
    exports = teachers_without_email(tmp_path)
    said = transform("--profile", "powerschool", "--as-of", "2026-10-15", exports, tmp_path / "out")
    assert said.returncode == 1 and "X915 export-errors-over-limit" in said.stderr
    next_line = " ".join(said.stdout.split("Next:", 1)[1].split())  # the summary wraps its lines
    assert next_line.startswith("Add the email in the SIS, or set settings.email_domain to build one (only where")
    assert "(V506 staff-without-email left out most of the records)" in next_line
    # --allow-incomplete only as the last resort, after the fix
    assert next_line.index("settings.email_domain") < next_line.index("--allow-incomplete")
    assert "Only if they are meant to be missing: --allow-incomplete" in next_line


def test_the_step_names_the_email_domain_only_where_a_template_builds_one_from_it(tmp_path: Path) -> None:
    """Set as the step said, on a profile whose staff email reads settings.email_domain in no
    template, the setting changed nothing: the same refusal and the same step again (tester46 F5).
    PowerSchool's reads it (`{TeacherLoginID}@{settings.email_domain}`): set, with the login not
    exported either, the step asks for the email or the login."""
    exports = teachers_without_email(tmp_path)
    no_template = tmp_path / "no-template.yaml"
    no_template.write_text(
        "name: no-template\nextends: powerschool\ntables:\n  users:\n    staff:\n      columns:\n"
        "        email: {column: Email_Addr, clean: [email], fallback: null}\n"
    )
    said = transform("--profile", no_template, "--as-of", "2026-10-15", exports, tmp_path / "out")
    next_line = " ".join(said.stdout.split("Next:", 1)[1].split())
    assert said.returncode == 1 and "settings.email_domain to build one" not in next_line
    assert next_line.startswith(
        "Add the staff members' emails to the staff export in the SIS (this profile builds none from "
        "settings.email_domain: no email template of its users rules reads it) (V506 staff-without-email"
    )
    domain = tmp_path / "domain.yaml"
    domain.write_text("name: domain\nextends: powerschool\nsettings:\n  email_domain: district.example.org\n")
    said = transform(
        "--profile", domain, "--as-of", "2026-10-15", "--report", tmp_path / "r2.json", exports, tmp_path / "o2"
    )
    next_line = " ".join(said.stdout.split("Next:", 1)[1].split())
    # The sample's teachers.txt has no TeacherLoginID column at all: the domain set builds none, and
    # each V506 and the step say which column is missing (tester49 minor: only an I244 note hinted it).
    assert said.returncode == 1 and next_line.startswith(
        "Add the staff members' emails to the staff export in the SIS, or the login column the profile builds "
        "them from with settings.email_domain (TeacherLoginID, which teachers.txt lacks) (V506 staff-without-email"
    )
    report = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    (v506,) = (p for p in report["problems"] if p["code"] == "V506")
    assert v506["examples"][0]["message"].endswith(
        "has no email (Remind requires one for staff); settings.email_domain builds none: the profile's "
        "address reads TeacherLoginID, which teachers.txt lacks; row left out"
    )
    teachers = exports / "teachers.txt"  # the login exported, blank
    lines = teachers.read_bytes().split(b"\r\n")
    teachers.write_bytes(
        b"\r\n".join([lines[0] + b"\tTEACHERS.TEACHERLOGINID", *(x + b"\t" for x in lines[1:] if x), b""])
    )
    said = transform("--profile", domain, "--as-of", "2026-10-15", exports, tmp_path / "o3")
    next_line = " ".join(said.stdout.split("Next:", 1)[1].split())
    assert said.returncode == 1 and next_line.startswith(
        "Add the staff members' emails, or the logins the profile builds them from with settings.email_domain, "
        "to the staff export in the SIS (V506 staff-without-email"
    )


def test_an_export_that_shrank_is_the_step_before_the_owners_it_lost() -> None:
    """A OneRoster enrollments.csv cut at 60 %, its teacher rows last: every class lost its owner
    (X980) and the file shrank (X906). X980's step (an ID column renumbered: point the profile at
    another column) sent the admin to the profile; the cut is what to fix (tester46 F7)."""
    owners = Problem(codes.code("classes-without-owner"), Where(), {"had_owners": "1", "cause": "", "top_id": "V586"})
    shrunk = "enrollments.csv has 3,960 rows, 6,600 when the last set was made"
    removal = Problem(
        codes.code("removal-over-limit"),
        Where(file="enrollments.csv"),
        {"shrunk": shrunk, "unclassed": "334", "removed": "1882", "removals": "out-removals.csv"},
    )
    for stops in ([owners, removal], [removal, owners]):
        step = next_step(RunResult(Report(), 1, stops), out_dir=Path("out"), explain_path=None, upload=False)
        assert step.startswith("Next: Look at out-removals.csv: its rows are the removals that stopped it. ")
        assert shrunk in step and "334 students stay in the set with no class at all" in step
    alone = next_step(RunResult(Report(), 1, [owners]), out_dir=Path("out"), explain_path=None, upload=False)
    assert "an ID column renumbered" in alone  # without a shrunk export, X980's own step
    unexplained = Problem(codes.code("removal-over-limit"), Where(file="classes.csv"), {"removed": "70"})
    step = next_step(
        RunResult(Report(), 1, [unexplained, owners]), out_dir=Path("out"), explain_path=None, upload=False
    )
    assert "an ID column renumbered" in step  # X906 with no sign of a cut stays last


def test_a_users_only_night_after_a_full_set_names_users_only_not_an_export_cut_short(tmp_path: Path) -> None:
    """--users-only reads none of the class exports: its refusal said "cc.txt has 0 rows, 173 when
    the last set was made ... Export it again whole", of exports that were whole (tester45 F4)."""
    out = tmp_path / "out"
    assert transform("--profile", "powerschool", "--as-of", "2026-10-15", SAMPLE, out, "-q").returncode == 0
    said = transform("--profile", "powerschool", "--as-of", "2026-10-15", SAMPLE, out, "--users-only")
    assert said.returncode == 1 and "X906 removal-over-limit" in said.stderr
    assert "0 rows" not in said.stderr and "in no class" not in said.stderr
    assert (
        "this run is --users-only: it publishes no class and no enrolment, so every one of the last set's would "
        "be removed from Remind"
    ) in " ".join(said.stderr.split())
    next_line = " ".join(said.stdout.split("Next:", 1)[1].split())
    assert next_line.startswith(
        "Run without --users-only to publish the classes and enrolments with the users; to replace the last set "
        "with the users alone (Remind would delete its classes), rerun with --allow-rollover."
    )


def test_a_class_export_under_half_with_a_thin_new_term_names_the_school_and_allow_rollover() -> None:
    """Honest 6 fall sections followed by 2 spring ones is refused as main refuses it (review197 R3): the step
    says which school's new term has too few classes for the ended one's gone, and that --allow-rollover
    publishes it if that is right (published_ended.thin_followers' facts), not only 'Check the SIS export'."""
    report = Report()
    report.facts["thin_followers"] = {"0482": [2, 6]}
    shrunk = Problem(codes.code("export-shrunk"), Where(file="sections.csv"), {"file": "classes.csv"})
    step = next_step(RunResult(report, 1, [shrunk]), out_dir=Path("out"), explain_path=None, upload=False)
    assert "school 0482 (2 for 6 gone)" in step and "--allow-rollover, which publishes it" in step, step
