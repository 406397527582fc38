"""A school of the last published set gone from every export whole (pipeline.school_gone, tester57
U1). A small school (a few students, a teacher, a class) missing from every file mid-term, its orgs
row too (a per-school export job that failed), was published at exit 0: the district's share
(X906) and a kind's count at a school (X953: 10 students, 3 staff) both miss it, and Remind deleted
the school. Now refused (X845), naming the school and what it held; --allow-rollover publishes it,
said (X846), and F454 says the flag let it through on a night no calendar explains. Each district is
written here, small (OneRoster)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from transform import api
from transform.pipeline import school_gone
from transform.pipeline.people_gate import Kinds
from transform.report.summary import next_step

AS_OF = dt.date(2026, 12, 1)
SESSIONS = [
    "sourcedId,status,title,type,startDate,endDate,schoolYear",
    "Y27,active,2026-27,schoolYear,2026-08-15,2027-06-10,2027",
]
# Two schools of 20 students and a small one of `small` students, each with one teacher and one class.
SCHOOLS = {"S1": ("Hill Elementary", 20), "S2": ("Lake Elementary", 20), "S3": ("Pine Program Site", 2)}


def district(folder: Path, *, small: int = 2, without: str = "") -> Path:
    """The district's OneRoster exports, with every row of school `without` left out."""
    orgs = ["sourcedId,status,name,type"]
    users = ["sourcedId,status,role,givenName,familyName,email,orgSourcedIds,agentSourcedIds"]
    classes = ["sourcedId,status,title,schoolSourcedId,termSourcedIds"]
    enrollments = ["sourcedId,status,classSourcedId,schoolSourcedId,userSourcedId,role"]
    for school, (name, count) in SCHOOLS.items():
        if school == without:
            continue
        count = small if school == "S3" else count
        orgs.append(f"{school},active,{name},school")
        users.append(f"t-{school},active,teacher,Tess,Teach{school},t{school}@d.org,{school},")
        classes.append(f"K-{school},active,Reading {school},{school},Y27")
        enrollments.append(f"E-t-{school},active,K-{school},{school},t-{school},teacher")
        for n in range(count):
            kid = f"u-{school}-{n}"
            users.append(f"{kid},active,student,Kid{n},Fam{school}{n},,{school},p-{kid}")
            users.append(f"p-{kid},active,parent,Pat{n},Fam{school}{n},p{n}{school}@x.com,,{kid}")
            enrollments.append(f"E-{kid},active,K-{school},{school},{kid},student")
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "orgs.csv": orgs,
        "academicSessions.csv": SESSIONS,
        "classes.csv": classes,
        "enrollments.csv": enrollments,
        "users.csv": users,
    }
    for file, lines in files.items():
        (folder / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run(exports: Path, out: Path, as_of: dt.date = AS_OF, **options: object) -> api.RunResult:
    options = {"profile": "oneroster", **options}
    return api.run(api.RunOptions(in_dir=exports, out_dir=out, as_of=as_of, **options))  # type: ignore[arg-type]


def published(tmp_path: Path, small: int = 2) -> Path:
    out = tmp_path / "out"
    assert run(district(tmp_path / "n1", small=small), out).exit_status == 0
    assert "S3" in (out / "orgs.csv").read_text(encoding="utf-8")
    return out


def test_a_small_school_gone_from_every_export_is_refused(tmp_path: Path) -> None:
    """2 students, a teacher, 2 parents, a class: under every limit, refused by name."""
    out = published(tmp_path)
    result = run(district(tmp_path / "n2", without="S3"), out)
    assert result.exit_status == 1 and not result.report.published
    (refusal,) = result.report.examples["X845"]
    assert refusal.message.startswith(
        "school S3 (Pine Program Site) of the last published set would be gone from tonight's set whole: its "
        "users (2 students, 1 staff, 2 parents), classes (1) and enrolments (3) removed in the same school year"
    )
    assert "S3" in (out / "orgs.csv").read_text(encoding="utf-8")  # last night's set stays


def test_the_school_is_said_once_not_again_kind_by_kind(tmp_path: Path) -> None:
    """With 12 students the people gate's count at a school refused it too (X953, its parents): the
    school gone whole is X845's alone. (--max-removal 60: this district is small, and the whole
    files' share, X906, is another gate's.)"""
    out = published(tmp_path, small=12)
    result = run(district(tmp_path / "n2", small=12, without="S3"), out, max_removal=60)
    assert result.exit_status == 1
    assert "X845" in result.report.counts and "X953" not in result.report.counts


def test_allow_rollover_publishes_it_said_and_flagged(tmp_path: Path) -> None:
    """A school that really closed: --allow-rollover publishes it (X846); on a night no term ended or
    began, F454 names it, exit 1 (a flag left in the nightly job)."""
    out = published(tmp_path)
    result = run(district(tmp_path / "n2", without="S3"), out, allow_rollover=True)
    assert result.report.published and "X845" not in result.report.counts
    assert result.report.counts.get("X846") == 1
    assert result.exit_status == 1 and "X846" in result.report.examples["F454"][0].message
    assert "S3" not in (out / "orgs.csv").read_text(encoding="utf-8")


def _edit(folder: Path, file: str, *edits: tuple[str, str]) -> None:
    """Each (old, new) replaced in `file`: new a whole line when old is "" (added at the end)."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        text = text.replace(old, new) if old else text + new + "\n"
    path.write_text(text, encoding="utf-8")


def test_a_school_keeping_a_student_is_not_gone(tmp_path: Path) -> None:
    """One student of it kept (with her parent and class): not gone whole (the rest leaving is the
    people gate's, under its counts)."""
    out = published(tmp_path)
    tonight = district(tmp_path / "n2")
    users = tonight / "users.csv"
    users.write_text(
        "".join(line for line in users.read_text(encoding="utf-8").splitlines(True) if "S3-1" not in line),
        encoding="utf-8",
    )
    result = run(tonight, out, max_removal=60)
    assert "X845" not in result.report.counts


def test_a_teacher_or_parent_kept_with_another_school_does_not_hide_it(tmp_path: Path) -> None:
    """reviewer110 R1: the school's teacher also teaches at S1 (or a parent of it has a child at
    S1, or its teacher stays at it with no class): that one person stays in the set, and the school
    was 'not gone' (every user of every kind was counted): published at exit 0, its students,
    class and enrolments deleted. Gone is every student and every class of it removed."""
    teacher = "t-S3,active,teacher,Tess,TeachS3,tS3@d.org,"
    sibling = ("u-S1-0,active,student,Kid0,FamS10,,S1,p-u-S1-0", "u-S1-0,active,student,Kid0,FamS10,,S1,p-u-S3-0")
    parent = "p-u-S3-0,active,parent,Pat0,FamS30,p0S3@x.com,,"
    own_parent = "p-u-S1-0,active,parent,Pat0,FamS10,p0S1@x.com,,u-S1-0\n"
    for case in ("teacher", "parent", "teacher kept"):
        folder = tmp_path / case
        first, tonight = district(folder / "n1"), district(folder / "n2", without="S3")
        if case == "teacher":
            _edit(first, "users.csv", (f"{teacher}S3,", f'{teacher}"S3,S1",'))
            _edit(tonight, "users.csv", ("", f"{teacher}S1,"))
        elif case == "parent":  # u-S1-0's parent is p-u-S3-0 alone
            _edit(first, "users.csv", sibling, (f"{parent}u-S3-0", f'{parent}"u-S3-0,u-S1-0"'), (own_parent, ""))
            _edit(tonight, "users.csv", sibling, (own_parent, ""), ("", f"{parent}u-S1-0"))
        else:  # the teacher and the orgs row kept: the school stays with no student and no class
            _edit(tonight, "users.csv", ("", f"{teacher}S3,"))
            _edit(tonight, "orgs.csv", ("", "S3,active,Pine Program Site,school"))
        out = folder / "out"
        assert run(first, out).exit_status == 0
        result = run(tonight, out, max_removal=60)
        assert result.exit_status == 1 and not result.report.published, case
        (refusal,) = result.report.examples["X845"]
        kept = {"teacher": "0 staff, 2 parents", "parent": "1 staff, 1 parents", "teacher kept": "0 staff, 2 parents"}
        assert f"users (2 students, {kept[case]})" in refusal.message, case
        assert "S3" in (out / "orgs.csv").read_text(encoding="utf-8")


def _marked_left(folder: Path) -> Path:
    """S3's rows kept in tonight's exports, each marked tobedeleted (the SIS withdrew the school)."""
    for file in ("users.csv", "classes.csv", "enrollments.csv"):
        path = folder / file
        lines = path.read_text(encoding="utf-8").splitlines(True)
        path.write_text(
            "".join(line.replace(",active,", ",tobedeleted,") if "S3" in line else line for line in lines),
            encoding="utf-8",
        )
    return folder


def test_a_school_withdrawn_whole_is_refused_as_such_not_as_a_broken_export(tmp_path: Path) -> None:
    """reviewer110 R2: every row of the school still exported, marked tobedeleted: X845 called it a
    broken export and its Next said to export it again, which cannot help. Still refused (a whole
    school withdrawn at once mid-year is a person's to confirm), in X953's words: listed and left
    out on purpose; the step is to confirm the closing and --allow-rollover once."""
    out = published(tmp_path)
    result = run(_marked_left(district(tmp_path / "n2")), out, max_removal=60)
    assert result.exit_status == 1 and not result.report.published
    (refusal,) = result.report.examples["X845"]
    assert "all 2 of its students are listed in tonight's exports and left out on purpose" in refusal.message
    assert "is a broken export" not in refusal.message
    step = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: Check in the SIS that school S3 (Pine Program Site) really closed or left")
    assert "--allow-rollover" in step and "Export the school's rows again" not in step


def test_a_school_the_run_leaves_out_is_refused_naming_the_way(tmp_path: Path) -> None:
    """reviewer110 R3: the school dropped on purpose tonight, by --school or by the profile's
    settings.exclude_schools (F404 says its rows were there): X845 said a broken export and 'export
    it again'. The words now say the run left it out, and name the ways: --allow-rollover once, or
    keep the school in the command. An entry added to the profile's settings.exclude_schools since the
    last set is the admin's own decision: published, said (X876, pipeline.excluded_left), exit 1 that
    night (a person says it is the school meant, excl58)."""
    out = published(tmp_path)
    result = run(district(tmp_path / "n2"), out, schools=("S1", "S2"), max_removal=60)
    assert result.exit_status == 1 and "F404" in result.report.counts
    (refusal,) = result.report.examples["X845"]
    assert "this run leaves the school out on purpose: --school does not name it" in refusal.message
    assert "is a broken export" not in refusal.message
    step = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "rerun once with --allow-rollover" in step and "keep --school S3 in the command" in step
    profile = tmp_path / "p.yaml"
    profile.write_text("name: d\nextends: oneroster\nsettings:\n  exclude_schools: [S3]\n", encoding="utf-8")
    result = run(district(tmp_path / "n3"), out, profile=str(profile))
    assert result.exit_status == 1 and result.report.published and "X845" not in result.report.counts
    (said,) = result.report.examples["X876"]
    assert "entry 'S3', added to the profile since the last published set, leaves out school 'S3'" in said.message


def test_a_new_school_year_is_the_rollovers() -> None:
    """At a new school year (or with every class of the school ended) no school is judged here."""
    kinds = Kinds()
    for kind, count in (("students", 2), ("staff", 1), ("parents", 2)):
        kinds.at_school[(kind, "S3")] = kinds.removed_at_school[(kind, "S3")] = count
    assert school_gone.gone_whole(kinds) == ["S3"]
    assert school_gone.schools_gone(kinds, Path("/nonexistent"), removed=set(), ended=set(), new_year=True) == []


def test_a_school_gone_on_another_schools_term_change_night_is_f454(tmp_path: Path) -> None:
    """reviewer112 R4: S1's fall semester ended on 18 December (a term change there), and S3 gone
    whole: X846 alone let through, which no term change explains (flags_left_in.NO_TERM_EXPLAINS):
    F454, exit 1, in words that call it no removal beyond an ended term's."""

    def with_fall(folder: Path) -> Path:
        district(folder, without="S3" if folder.name == "n2" else "")
        with (folder / "academicSessions.csv").open("a", encoding="utf-8") as sessions:
            sessions.write("F26,active,Fall,semester,2026-08-15,2026-12-18,2027\n")
        with (folder / "classes.csv").open("a", encoding="utf-8") as classes:
            classes.write("F-S1,active,Fall Art S1,S1,F26\n")
        with (folder / "enrollments.csv").open("a", encoding="utf-8") as enrollments:
            enrollments.write("E-F-t,active,F-S1,S1,t-S1,teacher\nE-F-k,active,F-S1,S1,u-S1-0,student\n")
        return folder

    out = tmp_path / "out"
    assert run(with_fall(tmp_path / "n1"), out).exit_status == 0
    # --max-removal 60: S3's class is a quarter of this small district's (X908, the whole files' share)
    result = run(with_fall(tmp_path / "n2"), out, dt.date(2026, 12, 21), allow_rollover=True, max_removal=60)
    assert result.report.published and result.report.counts.get("X846") == 1
    assert result.exit_status == 1
    [said] = result.report.examples["F454"]
    assert said.message.startswith("--allow-rollover let through X846 ")
    assert "a term changed tonight at school S1" in said.message
    assert "explains none of these; a school gone whole is a broken export" in said.message
    assert "a removal beyond" not in said.message
