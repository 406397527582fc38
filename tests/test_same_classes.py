"""People re-keyed with no witness in users.csv are found by name, school and classes
(pipeline.same_classes, review163 R2): not a delete and a create at exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from transform.pipeline import same_classes
from transform.pipeline.gate import Change, IdSet, Night
from transform.pipeline.people_gate import Kinds, count_kinds, gate_kinds
from transform.report.code_help import HELP
from transform.report.report import Report

HEADER = "sourcedId,orgSourcedIds,role,givenName,familyName,identifier,email\r\n"
ENROLMENTS = "sourcedId,classSourcedId,userSourcedId,role\r\n"


def _night(
    tmp_path: Path, last: str, last_enrolled: str, now: str, now_enrolled: str, born: tuple[str, str] = ("", "")
) -> Kinds:
    for folder, users, enrolled, dates in (
        ("last", last, last_enrolled, born[0]),
        ("tonight", now, now_enrolled, born[1]),
    ):
        (tmp_path / folder).mkdir()
        header = HEADER.replace("email", "email,phone,agentSourcedIds") if ",parent," in users else HEADER
        (tmp_path / folder / "users.csv").write_text(header + users, encoding="utf-8", newline="")
        if dates:
            text = "sourcedId,birthDate\r\n" + "".join(f"{d.replace(':', ',')}\r\n" for d in dates.split())
            (tmp_path / folder / "demographics.csv").write_text(text, encoding="utf-8", newline="")
        rows = "".join(f"{_enrolment(i, p)},x\r\n" for i, p in enumerate(enrolled.split()))
        (tmp_path / folder / "enrollments.csv").write_text(ENROLMENTS + rows, encoding="utf-8", newline="")
    ids = lambda text: {line.split(",")[0] for line in text.splitlines() if line}  # noqa: E731
    added = IdSet()
    for sourced_id in sorted(ids(now) - ids(last)):
        added.add(sourced_id)
    removed = sorted(ids(last) - ids(now))
    change = Change(previous=len(ids(last)), now=len(ids(now)), added=len(added), removed=removed, added_ids=added)
    return count_kinds(tmp_path / "last", tmp_path / "tonight", change)


def _enrolment(at: int, written: str) -> str:
    """An enrolment row's ID, class and user of `user:class` (ID E and its place) or `user:class:ID`."""
    user, class_id, *named = written.split(":")
    return f"{named[0] if named else f'E{at}'},{class_id},{user}"


def _moved(kinds: Kinds) -> list[tuple[str, str]]:
    return sorted((old, new) for moved in kinds.moved.values() for old, new, _ in moved)


def test_a_student_and_a_teacher_rekeyed_are_found_by_their_classes(tmp_path: Path) -> None:
    """No email, phone, birth date or parents; the identifier and the teacher's email changed with
    the ID: the same name at the same school in the same classes is the same person."""
    kinds = _night(
        tmp_path,
        "S1,100,student,Ava,Smith,S1,\r\nS2,100,student,Ben,Ng,S2,\r\nT1,100,teacher,Cy,Park,T1,cy@old.org\r\n",
        "S1:C1 S1:C2 S2:C1 T1:C1 T1:C2",
        "N1,100,student,Ava,Smith,N1,\r\nS2,100,student,Ben,Ng,S2,\r\nU1,100,teacher,Cy,Park,U1,cy@new.org\r\n",
        "N1:C1 N1:C2 S2:C1 U1:C1 U1:C2",
    )
    assert _moved(kinds) == [("S1", "N1"), ("T1", "U1")]
    assert "same school and classes" in kinds.moved["students"][0][2]
    assert kinds.removed["students"] == kinds.removed["staff"] == 0


def test_honest_nights_are_not_taken_for_rekeys(tmp_path: Path) -> None:
    """Another name taking a leaver's classes; a name two students hold at the school; the same
    name at another school; the same name in other classes: none is a re-key."""
    kinds = _night(
        tmp_path,
        "S1,100,student,Ava,Smith,,\r\nS2,100,student,Ben,Ng,,\r\nS3,100,student,Ben,Ng,,\r\n"
        "S4,100,student,Cy,Park,,\r\nS5,100,student,Dee,Roe,,\r\n",
        "S1:C1 S2:C1 S3:C2 S4:C1 S5:C1",
        "N1,100,student,Zoe,Quinn,,\r\nN2,100,student,Ben,Ng,,\r\nS3,100,student,Ben,Ng,,\r\n"
        "N4,200,student,Cy,Park,,\r\nN5,100,student,Dee,Roe,,\r\n",
        "N1:C1 N2:C1 S3:C2 N4:C1 N5:C2",
    )
    assert _moved(kinds) == []
    assert kinds.removed["students"] == 4


def test_a_name_two_held_in_the_last_set_is_no_proof(tmp_path: Path) -> None:
    """review184 R3: two Ben Ngs of school 100 last night, one tonight in the classes of one of them:
    which left is not known."""
    kinds = _night(
        tmp_path,
        "S2,100,student,Ben,Ng,,\r\nS3,100,student,Ben,Ng,,\r\n",
        "S2:C2 S3:C1",
        "N2,100,student,Ben,Ng,,\r\n",
        "N2:C1",
    )
    assert _moved(kinds) == []


def test_a_name_two_hold_tonight_is_no_proof(tmp_path: Path) -> None:
    """review184 R3: one Ben Ng last night, two new ones tonight, one in his classes: which he is
    is not known."""
    kinds = _night(
        tmp_path,
        "S2,100,student,Ben,Ng,,\r\n",
        "S2:C1",
        "N2,100,student,Ben,Ng,,\r\nN3,100,student,Ben,Ng,,\r\n",
        "N2:C1 N3:C2",
    )
    assert _moved(kinds) == []


def test_a_newcomer_of_the_leavers_name_with_another_birth_date_or_parents_is_not_her(tmp_path: Path) -> None:
    """review184 R2: Ava Smith leaves and another Ava Smith (another birth date) takes her classes;
    Ben Ng leaves and another Ben Ng (other parents) takes his: two leavers and two newcomers. Cy
    Park, whose parent was re-keyed with him (found by name and email), is Cy Park under a new ID."""
    parents = "P1,100,parent,Al,Ng,,a@x.org,,S2\r\nP3,100,parent,Bo,Park,,b@x.org,,S3\r\n"
    kinds = _night(
        tmp_path,
        "S1,100,student,Ava,Smith,,,,\r\nS2,100,student,Ben,Ng,,,,P1\r\nS3,100,student,Cy,Park,,,,P3\r\n" + parents,
        "S1:C1 S2:C2 S3:C3",
        "N1,100,student,Ava,Smith,,,,\r\nN2,100,student,Ben,Ng,,,,Q2\r\nN3,100,student,Cy,Park,,,,Q3\r\n"
        "Q2,100,parent,Di,Ng,,d@x.org,,N2\r\nQ3,100,parent,Bo,Park,,b@x.org,,N3\r\n",
        "N1:C1 N2:C2 N3:C3",
        ("S1:2015-01-01 S2: S3:", "N1:2016-02-02 N2: N3:"),
    )
    assert _moved(kinds) == [("P3", "Q3"), ("S3", "N3")]
    assert kinds.removed["students"] == 2


def test_a_student_rekeyed_the_night_a_class_changes_is_found(tmp_path: Path) -> None:
    """tester85 T4: re-keyed the night one of her classes changes. Ava keeps enrolment E-10 (a
    OneRoster input keeps enrolment IDs) in one of two classes; Ben, in a SIS that makes enrolment
    IDs anew, keeps two of three classes: each is one person under a new ID, not a delete and a
    create at exit 0."""
    kept = " ".join(f"T1:K{n}:E-{n}" for n in range(10))  # a teacher's 10 enrolments, their IDs kept
    teacher = "T1,100,teacher,Tess,One,T1,\r\n"
    kinds = _night(
        tmp_path,
        "S1,100,student,Ava,Smith,S1,\r\nS2,100,student,Ben,Ng,S2,\r\n" + teacher,
        f"S1:C1:E-99 S1:C2:E-10 S2:C1:F1 S2:C2:F2 S2:C3:F3 {kept}",
        "N1,100,student,Ava,Smith,N1,\r\nN2,100,student,Ben,Ng,N2,\r\n" + teacher,
        f"N1:C3:E-99 N1:C2:E-10 N2:C1:G1 N2:C2:G2 N2:C4:G4 {kept}",
    )
    assert _moved(kinds) == [("S1", "N1"), ("S2", "N2")]
    assert sorted(words for _, _, words in kinds.moved["students"]) == [
        "Ava Smith: same school, enrolment E-10 and 1 of 2 classes, found by one kept enrolment ID",
        "Ben Ng: same school and 2 of 3 classes, found by the classes alone",
    ]


def _gate(tmp_path: Path, kinds: Kinds, moved_limit: float) -> dict[str, str]:
    """The messages of the people gate of the night `_night` wrote, by code."""
    report = Report()
    night = Night(
        report, tmp_path / "last", {"users": Change()}, tmp_path / "removals.csv", False, tmp_path / "tonight"
    )
    gate_kinds(kinds, night, limit=100.0, moved_limit=moved_limit)
    return {f"{code} {n}": p.message for code, said in report.examples.items() for n, p in enumerate(said)}


def test_the_words_say_how_each_pair_was_found_and_a_refusal_never_says_nothing_to_do(tmp_path: Path) -> None:
    """review196 R3: a pair found by a kept enrolment ID is said so (an export numbering its rows can
    hand a leaver's number to a newcomer of her name), one found by the classes alone so, and a
    teacher's as two people, not two children. R2: under X955 (nothing published) no pair says
    'nothing to do'; X955's step names two people of one name and --allow-rollover."""
    kept = " ".join(f"T1:K{n}:E-{n}" for n in range(10))
    users = "{0}1,100,student,Ava,Smith,,\r\n{0}2,100,student,Ben,Ng,,\r\n{0}3,100,student,Cy,Park,,\r\n"
    staff = "T1,100,teacher,Tess,One,T1,\r\n{0},100,teacher,Dee,Roe,,\r\n"
    kinds = _night(
        tmp_path,
        users.format("S") + staff.format("T2"),
        f"S1:C1:E-99 S1:C2:E-10 S2:C1:F1 S2:C2:F2 S2:C3:F3 S3:C1 S3:C2 T2:C1 T2:C2 {kept}",
        users.format("N") + staff.format("U2"),
        f"N1:C3:E-99 N1:C2:E-10 N2:C1:G1 N2:C2:G2 N2:C4:G4 N3:C1 N3:C2 U2:C1 U2:C2 {kept}",
    )
    assert _moved(kinds) == [("S1", "N1"), ("S2", "N2"), ("S3", "N3"), ("T2", "U2")]
    published = " | ".join(_gate(tmp_path, kinds, moved_limit=100.0).values())
    for said in (
        "S1 -> N1 (Ava Smith: same school, enrolment E-10 and 1 of 2 classes, found by one kept enrolment ID: "
        "if two people of one name, nothing to do)",
        "S2 -> N2 (Ben Ng: same school and 2 of 3 classes, found by the classes alone: if two children of one "
        "name, nothing to do)",
        "T2 -> U2 (Dee Roe: same school and classes, found by the classes alone: if two people of one name, "
        "nothing to do)",
    ):
        assert said in published, published
    refused = _gate(tmp_path, kinds, moved_limit=1.0)
    (refusal,) = [message for code, message in refused.items() if code.startswith("X955")]
    assert "(Ava Smith: same school, enrolment E-10 and 1 of 2 classes, found by one kept enrolment ID)" in refusal
    assert "(Cy Park: same school and classes, found by the classes alone)" in refusal
    assert "nothing to do" not in refusal
    assert "two people of one name" in HELP["X955"][1] and "--allow-rollover (the set is the same" in HELP["X955"][1]


def test_an_empty_sample_is_no_export_keeping_its_enrolment_ids(tmp_path: Path) -> None:
    """review196 R4: a night with no enrolment but the pair's holds no evidence the export keeps its
    enrolment IDs: Ava's kept E-10 in one class of two is no witness."""
    kinds = _night(
        tmp_path,
        "S1,100,student,Ava,Smith,,\r\n",
        "S1:C1:E-99 S1:C2:E-10",
        "N1,100,student,Ava,Smith,,\r\n",
        "N1:C3:E-99 N1:C2:E-10",
    )
    assert _moved(kinds) == []
    assert not same_classes.keeps_ids({}, {})


@pytest.mark.parametrize("numbering", ["kept", "renumbered"])
def test_a_large_files_sample_tells_whether_enrolment_ids_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, numbering: str
) -> None:
    """review196 R4: past `_SAMPLED` bytes one line in `step` is sampled last night, and the same
    (user, class) pairs tonight, though the newcomer's rows moved the others' lines: a kept E-10
    witnesses where the teacher's 60 enrolment IDs are kept, not where each moved."""
    monkeypatch.setattr(same_classes, "_SAMPLED", 300)  # one line in 3
    then = " ".join(f"T1:K{n}:E-{n}" for n in range(60))
    now = then if numbering == "kept" else " ".join(f"T1:K{n}:E-{n + 1}" for n in range(60))
    teacher = "T1,100,teacher,Tess,One,T1,\r\n"
    kinds = _night(
        tmp_path,
        "S1,100,student,Ava,Smith,,\r\n" + teacher,
        f"S1:C1:E-99 S1:C2:E-10 {then}",
        "N1,100,student,Ava,Smith,,\r\n" + teacher,
        f"{now} N1:C3:E-99 N1:C2:E-10",
    )
    assert same_classes._step(tmp_path / "last" / "enrollments.csv") > 1
    assert _moved(kinds) == ([("S1", "N1")] if numbering == "kept" else [])


def test_tonights_sample_holds_only_the_pairs_of_last_nights(tmp_path: Path) -> None:
    """review196 R5 (t_mem.py): a small last set beside a large one tonight held every line of
    tonight's in the sample (261 MB at 800,000 rows): only last night's sampled pairs are held."""
    for folder, rows in (("last", "U1,C1,E1\r\nU2,C1,E2\r\n"), ("tonight", "U1,C1,E1\r\nU2,C2,E3\r\nU3,C1,E4\r\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "enrollments.csv").write_text("userSourcedId,classSourcedId,sourcedId\r\n" + rows)
    _, then = same_classes._classes(tmp_path / "last", set())
    assert then == {("U1", "C1"): "E1", ("U2", "C1"): "E2"}
    assert same_classes._classes(tmp_path / "tonight", set(), among=then)[1] == {("U1", "C1"): "E1"}


def test_an_enrolment_id_is_no_witness_where_the_export_numbers_its_rows(tmp_path: Path) -> None:
    """review188 R3 (s1_rownum.py): enrolment IDs numbered by row (E0, E1, ...): a leaver Ava Smith in
    C1 and C2 and another Ava Smith arriving in C1 and C5 is given the leaver's E0 in C1, while the
    teacher's 10 enrolments each moved to another ID: the export keeps no enrolment ID, so E0 says
    nothing and one class of two is no witness."""
    teacher = "T1,100,teacher,Tess,One,T1,\r\n"
    taught = " ".join(f"T1:K{n}" for n in range(10))
    kinds = _night(
        tmp_path,
        "S1,100,student,Ava,Smith,,\r\n" + teacher,
        f"S1:C1 S1:C2 {taught}",
        "N1,100,student,Ava,Smith,,\r\n" + teacher,
        f"N1:C1 {taught} N1:C5",
    )
    assert _moved(kinds) == []
    assert kinds.removed["students"] == 1


def test_a_newcomer_sharing_few_of_a_leavers_classes_is_not_her(tmp_path: Path) -> None:
    """A leaver replaced by a newcomer of her name in one of her three classes (even where the
    enrolment ID of that class, made from its place, is hers last night); a leaver of two classes and
    a newcomer sharing one, no enrolment kept; a sibling of another given name in the same classes
    and enrolments: none is a re-key."""
    kinds = _night(
        tmp_path,
        "S1,100,student,Ava,Smith,,\r\nS2,100,student,Ben,Ng,,\r\nS3,100,student,Cy,Park,,\r\n",
        "S1:C1:E1 S1:C2:E2 S1:C3:E3 S2:C1:F1 S2:C2:F2 S3:C1:H1 S3:C2:H2 S3:C3:H3",
        "N1,100,student,Ava,Smith,,\r\nN2,100,student,Ben,Ng,,\r\nN3,100,student,Di,Park,,\r\n",
        "N1:C1:E1 N1:C4:E2 N1:C5:E3 N2:C1:G1 N2:C3:G3 N3:C1:H1 N3:C2:H2 N3:C3:H3",
    )
    assert _moved(kinds) == []
    assert kinds.removed["students"] == 3
