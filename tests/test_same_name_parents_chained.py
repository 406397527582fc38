"""A mother and a father of one name on one row stay two parents whatever a sibling's row shares
with them (tester51 F8).

The Mother and Father columns of one row are two people by construction. Kim Roy the mother
(608-555-0001) and Kim Roy the father (608-555-0002), household F2, on kid 1's row; kid 2's row
lists the mother Kim Roy with 608-555-0002. The household and column joined kid 2's mother to the
mother, the phone to the father, and the chain made the two one parent: kid 1 lost a parent at
exit 0, and V550 spoke of one guardian with two phones on one line. Now the household in the
column is weighed first, the phone join that would make the two one is left out and said (V613),
and the phone the row telling them apart gives the father is not published for the mother (V549).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.parent_columns import parents, run, write_district

ENGINES = ("python", "columnar")
NOBODY = ("", "", "")


def export(folder: Path, rows: list[tuple[str, tuple[str, str, str], tuple[str, str, str], str]]) -> Path:
    """One row per child: (student number, mother, father, household), each parent (name, email, phone)."""
    return write_district(folder, rows, family="Roy")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_sibling_s_mother_with_the_father_s_phone_leaves_both_parents_of_the_first_child(
    tmp_path: Path, engine: str
) -> None:
    mother, father = ("Roy, Kim", "", "608-555-0001"), ("Roy, Kim", "", "608-555-0002")
    rows = [("1", mother, father, "F2"), ("2", ("Roy, Kim", "", "608-555-0002"), NOBODY, "F2")]
    result = run(export(tmp_path / "in", rows), tmp_path / "out", engine)
    assert result.exit_status == 0
    published = parents(tmp_path / "out")
    # The mother by her household and column, with her own phone; the father his own.
    assert sorted(p[1:] for p in published) == [("", "+16085550001", "1,2"), ("", "+16085550002", "1")]
    assert {"V613", "V549"} <= set(result.report.counts) and "V550" not in result.report.counts
    [said] = result.report.examples["V613"]
    assert "Kim Roy (students 2, students.txt:3)" in said.message and "students.txt:2 names in two" in said.message
    # Without the sibling's row, the same two IDs (a first run of kid 1 alone).
    alone = run(export(tmp_path / "alone", rows[:1]), tmp_path / "o-alone", engine)
    assert alone.exit_status == 0
    assert [p[0] for p in parents(tmp_path / "o-alone")] == [p[0] for p in published]
    # In the other order of the rows, the same set.
    again = run(export(tmp_path / "reversed", rows[::-1]), tmp_path / "o-reversed", engine)
    assert again.exit_status == 0
    assert (tmp_path / "o-reversed" / "users.csv").read_bytes() == (tmp_path / "out" / "users.csv").read_bytes()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_father_listed_with_the_mother_s_phone_on_a_sibling_s_row_keeps_his_own(tmp_path: Path, engine: str) -> None:
    """tester51 t2: Ivy Lamb the mother (0100) and the father (0200) on kid 7's row, kid 8's row
    listing the father alone with 0100. He is the father (household and column) and keeps 0200:
    published with the mother's number, Remind would text her for him."""
    mother, father = ("Lamb, Ivy", "", "608-555-0100"), ("Lamb, Ivy", "", "608-555-0200")
    rows = [("7", mother, father, "F3"), ("8", NOBODY, ("Lamb, Ivy", "", "608-555-0100"), "F3")]
    for name, order in (("in", rows), ("reversed", rows[::-1])):
        result = run(export(tmp_path / name, order), tmp_path / f"o-{name}", engine)
        assert result.exit_status == 0
        assert sorted(p[1:] for p in parents(tmp_path / f"o-{name}")) == [
            ("", "+16085550100", "7"),
            ("", "+16085550200", "7,8"),
        ]
        [kept] = result.report.examples["V549"]
        assert "'+16085550200'" in kept.message and "is kept" in kept.message
    assert parents(tmp_path / "o-in") == parents(tmp_path / "o-reversed")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_chain_of_emails_and_phones_without_a_household_never_makes_the_two_of_a_row_one(
    tmp_path: Path, engine: str
) -> None:
    """No household: kid 2's mother has the mother's phone, kid 3's father the father's, and both
    one email. The chain would make kid 1's two parents one; the phones are weighed in text order,
    so the mother's (0001) joins and the father's stays his: two parents of kid 1 in every order."""
    rows = [
        ("1", ("Roy, Kim", "", "608-555-0001"), ("Roy, Kim", "", "608-555-0002"), ""),
        ("2", ("Roy, Kim", "kim@mail.example.com", "608-555-0001"), NOBODY, ""),
        ("3", NOBODY, ("Roy, Kim", "kim@mail.example.com", "608-555-0002"), ""),
    ]
    sets = []
    for n, order in enumerate((rows, rows[::-1], [rows[1], rows[0], rows[2]])):
        assert run(export(tmp_path / f"in{n}", order), tmp_path / f"out{n}", engine).exit_status == 0
        sets.append((tmp_path / f"out{n}" / "users.csv").read_bytes())
        published = parents(tmp_path / f"out{n}")
        assert sorted(p[1:] for p in published) == [
            ("", "+16085550002", "1"),
            ("kim@mail.example.com", "+16085550001", "1,2,3"),
        ]
    assert sets[1] == sets[0] and sets[2] == sets[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_siblings_naming_the_same_two_parents_of_one_name_still_join_each_to_their_own(
    tmp_path: Path, engine: str
) -> None:
    """Two rows each naming both (the common case of such a family): each parent one person, linked
    to both children, with nothing said."""
    mother, father = ("Roy, Kim", "", "608-555-0001"), ("Roy, Kim", "", "608-555-0002")
    result = run(
        export(tmp_path / "in", [("1", mother, father, "F2"), ("2", mother, father, "F2")]), tmp_path / "o", engine
    )
    assert result.exit_status == 0
    assert sorted(p[1:] for p in parents(tmp_path / "o")) == [("", "+16085550001", "1,2"), ("", "+16085550002", "1,2")]
    assert not {"V613", "V549", "V550", "V519"} & set(result.report.counts)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_sibling_s_mother_with_the_mother_s_email_and_the_father_s_phone_is_the_mother(
    tmp_path: Path, engine: str
) -> None:
    """No household; found by the order property test with parents of one name: kid 1001's mother
    Kim Roy has the email of kid 1000's mother and the phone of kid 1000's father. An email is a
    person's own, a phone often the household's: she is the mother (the phone the father's too, said
    V613), and the two are two users with an ID each, the same in any order of the rows (with the
    phones tried first, the father took her and both had the email's ID: Remind's set kept the one
    whose row came first)."""
    rows = [
        ("1000", ("Roy, Kim", "tom@x.org", ""), ("Roy, Kim", "", "(608) 555-0103"), ""),
        ("1001", ("Roy, Kim", "tom@x.org", "(608) 555-0103"), ("Roy, Kim", "", ""), ""),
    ]
    sets = []
    for n, order in enumerate((rows, rows[::-1])):
        result = run(export(tmp_path / f"in{n}", order), tmp_path / f"out{n}", engine)
        assert result.exit_status == 0 and "V613" in result.report.counts
        published = parents(tmp_path / f"out{n}")
        assert sorted(p[1:] for p in published) == [
            ("", "+16085550103", "1000"),
            ("tom@x.org", "+16085550103", "1000,1001"),
        ]
        assert len({p[0] for p in published}) == 2
        sets.append((tmp_path / f"out{n}" / "users.csv").read_bytes())
    assert sets[1] == sets[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_mother_and_a_father_of_one_name_sharing_the_home_phone_stay_two(tmp_path: Path, engine: str) -> None:
    """tester54 F1: Jean Martin the mother and Jean Martin the father, emails of their own, on both
    children's rows. The night the father's phone becomes the home line (the mother's number), the
    shared phone made them one: the father deleted, the mother's account given his email, exit 0.
    Emails of their own tell them apart; so do phones of their own beside a family email."""
    mother, father = ("Martin, Jean", "jeanne@x.org", "608-555-2001"), ("Martin, Jean", "jean.m@x.org", "608-555-2002")
    night = [("1", mother, father, "F1"), ("2", mother, father, "F1")]
    first = run(export(tmp_path / "in1", night), tmp_path / "out", engine)
    assert first.exit_status == 0
    ids = [p[0] for p in parents(tmp_path / "out")]
    assert len(ids) == 2
    home_line = ("Martin, Jean", "jean.m@x.org", "608-555-2001")
    for name, rows in (
        ("in2", [("1", mother, home_line, "F1"), ("2", mother, home_line, "F1")]),
        ("in3", [(k, (n, "martins@x.org", p), (n2, "martins@x.org", p2), h) for k, (n, _, p), (n2, _, p2), h in night]),
    ):
        result = run(export(tmp_path / name, rows), tmp_path / "out", engine)
        assert result.exit_status == 0, name
        published = parents(tmp_path / "out")
        assert [p[0] for p in published] == ids, name  # both kept, under their own IDs
        assert all(p[3] == "1,2" for p in published), name
    # One row alone, a first set: two people too.
    alone = run(export(tmp_path / "alone", [("1", mother, home_line, "F1")]), tmp_path / "o-alone", engine)
    assert len(parents(tmp_path / "o-alone")) == 2 and alone.exit_status == 0


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("phones"),
    [("608-555-0001", "608-555-0002"), ("608-555-0009", "608-555-0009"), ("", "")],
    ids=["own-phones", "the-home-line", "emails-only"],
)
def test_a_same_name_couple_swapped_between_the_columns_on_one_child_s_row_keeps_each_their_own(
    tmp_path: Path, engine: str, phones: tuple[str, str]
) -> None:
    """tester92 T2: Kim Roy the mother and Kim Roy the father, each an email and a phone of their own,
    household F2. On kid 2's row the SIS lists the father in the Mother column and the mother in the
    Father column. The household in the column made kid 1's mother and kid 2's "mother" (the father)
    one person: both IDs were published with the mother's email and phone, the father's nowhere, at
    exit 0 every night. An email of one's own (not the other's on the row) moves with the person and is
    weighed before the column: with the home line shared, or no phones, too (review211 R1)."""
    mother, father = ("Roy, Kim", "kim.m@x.org", phones[0]), ("Roy, Kim", "kim.f@x.org", phones[1])
    e164 = {p: "+1" + p.replace("-", "") if p else "" for p in phones}
    first = run(
        export(tmp_path / "in1", [("1", mother, father, "F2"), ("2", mother, father, "F2")]), tmp_path / "out", engine
    )
    assert first.exit_status == 0
    ids = {p[1]: p[0] for p in parents(tmp_path / "out")}
    swapped = [("1", mother, father, "F2"), ("2", father, mother, "F2")]
    for name, rows in (("in2", swapped), ("in3", swapped[::-1])):
        result = run(export(tmp_path / name, rows), tmp_path / "out", engine)
        assert result.exit_status == 0, name
        assert parents(tmp_path / "out") == sorted(
            [
                (ids["kim.m@x.org"], "kim.m@x.org", e164[phones[0]], "1,2"),
                (ids["kim.f@x.org"], "kim.f@x.org", e164[phones[1]], "1,2"),
            ]
        ), name
        assert "V613" in result.report.counts  # the household join left out is said


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("nights", ["second-night", "first-run"])
def test_a_same_name_couple_swapped_whole_each_with_a_new_phone_keeps_each_their_own_email(
    tmp_path: Path, engine: str, nights: str
) -> None:
    """review224 R1 (swap_2new): Kim Roy the mother (kim.m@, 608-555-0001) and Kim Roy the father (kim.f@,
    608-555-0002), household F2. On kid 2's row the SIS lists the father in the Mother column and the mother
    in the Father column, each with a second phone of theirs (his 0004, her 0003): a swap, the emails moving
    with their people. Taken for emails typed crosswise (each a phone of their own the other has not), the
    swap was left out: the mother's ID was published with the father's email, hers nowhere, at exit 0.
    Only phones that stayed in their columns say the emails were typed crosswise; new phones say nothing."""
    mother, father = ("Roy, Kim", "kim.m@x.org", "608-555-0001"), ("Roy, Kim", "kim.f@x.org", "608-555-0002")
    if nights == "second-night":
        rows = [("1", mother, father, "F2"), ("2", mother, father, "F2")]
        assert run(export(tmp_path / "in1", rows), tmp_path / "out", engine).exit_status == 0
    swapped = [
        ("1", mother, father, "F2"),
        ("2", (father[0], father[1], "608-555-0004"), (mother[0], mother[1], "608-555-0003"), "F2"),
    ]
    for name, rows in (("in2", swapped), ("in3", swapped[::-1])):
        result = run(export(tmp_path / name, rows), tmp_path / "out", engine)
        assert result.exit_status == 0, name
        assert sorted(p[1:] for p in parents(tmp_path / "out")) == [
            ("kim.f@x.org", "+16085550002", "1,2"),
            ("kim.m@x.org", "+16085550001", "1,2"),
        ], name
        assert "V509" not in result.report.counts, name  # no email published for two


@pytest.mark.parametrize("engine", ENGINES)
def test_a_sibling_s_mother_with_the_family_email_and_the_father_s_phone_is_still_the_mother(
    tmp_path: Path, engine: str
) -> None:
    """tester51 F8 with a family email: kid 1's row gives both Kim Roy roys@x.org, so the email is not
    the father's own and the pair (email, phone) that moves with a person is not his: kid 2's mother
    is the mother by her household and column (review211 R3: with every point taken as one's own, she
    was made the father and kid 2 lost its mother)."""
    mother, father = ("Roy, Kim", "roys@x.org", "608-555-0001"), ("Roy, Kim", "roys@x.org", "608-555-0002")
    rows = [("1", mother, father, "F2"), ("2", ("Roy, Kim", "roys@x.org", "608-555-0002"), NOBODY, "F2")]
    for name, order in (("in", rows), ("reversed", rows[::-1])):
        result = run(export(tmp_path / name, order), tmp_path / f"o-{name}", engine)
        assert result.exit_status == 0, name
        assert sorted(p[1:] for p in parents(tmp_path / f"o-{name}")) == [
            ("roys@x.org", "+16085550001", "1,2"),
            ("roys@x.org", "+16085550002", "1"),
        ], name


@pytest.mark.parametrize("engine", ENGINES)
def test_a_third_child_s_kim_roy_with_the_father_s_own_email_and_phone_is_the_father(
    tmp_path: Path, engine: str
) -> None:
    """Kid 3's row lists one Kim Roy, in the Mother column, with the father's own email and phone
    (neither the mother's on kid 1's row): the email and phone move with him, and kid 3 is linked to
    the father, not to the mother with her points dropped (the column alone)."""
    mother, father = ("Roy, Kim", "kim.m@x.org", "608-555-0001"), ("Roy, Kim", "kim.f@x.org", "608-555-0002")
    rows = [("1", mother, father, "F2"), ("3", father, NOBODY, "F2")]
    for name, order in (("in", rows), ("reversed", rows[::-1])):
        result = run(export(tmp_path / name, order), tmp_path / f"o-{name}", engine)
        assert result.exit_status == 0, name
        assert sorted(p[1:] for p in parents(tmp_path / f"o-{name}")) == [
            ("kim.f@x.org", "+16085550002", "1,3"),
            ("kim.m@x.org", "+16085550001", "1"),
        ], name


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("nights", ["second-night", "first-run"])
def test_a_family_email_typed_in_the_mother_column_on_one_row_and_the_father_column_on_another_swaps_nobody(
    tmp_path: Path, engine: str, nights: str
) -> None:
    """review215 R1: Kim Roy the mother (608-555-0001) and Kim Roy the father (608-555-0002), household
    F2; the family email roys@x.org is typed in the Mother column on kid 1's row and in the Father
    column on kid 2's, the other column empty. An empty cell is no email of the partner's, so the email
    was read as each one's own and the rows as a swap: the mother absorbed kid 2's father and was split
    in two, the father lost kid 2, at exit 0. An email alone moves a person only where the other parent
    of each row gives a different email of their own; here the columns and phones decide."""
    mother, father = ("Roy, Kim", "", "608-555-0001"), ("Roy, Kim", "", "608-555-0002")
    with_email = (mother[0], "roys@x.org", mother[2]), (father[0], "roys@x.org", father[2])
    if nights == "second-night":
        rows = [("1", with_email[0], father, "F2"), ("2", with_email[0], father, "F2")]
        assert run(export(tmp_path / "in1", rows), tmp_path / "out", engine).exit_status == 0
    tonight = [("1", with_email[0], father, "F2"), ("2", mother, with_email[1], "F2")]
    for name, rows in (("in2", tonight), ("in3", tonight[::-1])):
        result = run(export(tmp_path / name, rows), tmp_path / "out", engine)
        assert result.exit_status == 0, name
        assert sorted(p[1:] for p in parents(tmp_path / "out")) == [
            ("roys@x.org", "+16085550001", "1,2"),
            ("roys@x.org", "+16085550002", "1,2"),
        ], name


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("nights", ["second-night", "first-run"])
def test_a_family_email_beside_each_parent_s_own_on_the_other_row_swaps_nobody(
    tmp_path: Path, engine: str, nights: str
) -> None:
    """review221 R1 (famown): Kim Roy the mother (kim.m@, 608-555-0001) and Kim Roy the father (kim.f@,
    608-555-0002), household F2. Tonight the family email roys@x.org replaces the mother's own on kid 1's
    row and the father's own on kid 2's, the other parent of each row giving their own email. The two
    holding roys@ were read as a couple swapped: the mother took kid 2's father's place and was split in
    two, the father lost kid 2, at exit 0. A swap mirrors: the other parents of the two rows share an
    email of their own too; kim.f@ and kim.m@ do not, so the columns decide."""
    mother, father = ("Roy, Kim", "kim.m@x.org", "608-555-0001"), ("Roy, Kim", "kim.f@x.org", "608-555-0002")
    if nights == "second-night":
        rows = [("1", mother, father, "F2"), ("2", mother, father, "F2")]
        assert run(export(tmp_path / "in1", rows), tmp_path / "out", engine).exit_status == 0
    tonight = [
        ("1", ("Roy, Kim", "roys@x.org", mother[2]), father, "F2"),
        ("2", mother, ("Roy, Kim", "roys@x.org", father[2]), "F2"),
    ]
    for name, rows in (("in2", tonight), ("in3", tonight[::-1])):
        result = run(export(tmp_path / name, rows), tmp_path / "out", engine)
        assert result.exit_status == 0, name
        published = parents(tmp_path / "out")
        assert len(published) == 2 and all(p[3] == "1,2" for p in published), (name, published)
        assert sorted(p[2] for p in published) == ["+16085550001", "+16085550002"], (name, published)


@pytest.mark.parametrize("engine", ENGINES)
def test_emails_typed_crosswise_on_a_sibling_s_row_leave_each_their_own_phone(tmp_path: Path, engine: str) -> None:
    """review223 R3 (emx): Kim Roy the mother (kim.m@, 608-555-0001) and Kim Roy the father (kim.f@,
    608-555-0002), household F2; tonight a clerk types the two emails crosswise on kid 2's row, the phones
    left in their columns. The rows mirrored (each email beside the other's), so the emails alone joined
    kid 2's mother to the father: his ID was published with the mother's phone and his own nowhere, exit 0.
    Each has a phone of their own the other has not: no swap; each ID keeps their own phone."""
    mother, father = ("Roy, Kim", "kim.m@x.org", "608-555-0001"), ("Roy, Kim", "kim.f@x.org", "608-555-0002")
    first = run(
        export(tmp_path / "in1", [("1", mother, father, "F2"), ("2", mother, father, "F2")]), tmp_path / "out", engine
    )
    assert first.exit_status == 0
    ids = {p[2]: p[0] for p in parents(tmp_path / "out")}
    crosswise = [
        ("1", mother, father, "F2"),
        ("2", (mother[0], father[1], mother[2]), (father[0], mother[1], father[2]), "F2"),
    ]
    for name, rows in (("in2", crosswise), ("in3", crosswise[::-1])):
        run(export(tmp_path / name, rows), tmp_path / "out", engine)
        published = parents(tmp_path / "out")
        assert sorted((p[0], p[2], p[3]) for p in published) == sorted(
            [(ids["+16085550001"], "+16085550001", "1,2"), (ids["+16085550002"], "+16085550002", "1,2")]
        ), (name, published)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_new_sibling_s_father_with_the_family_email_and_his_phone_is_the_father(tmp_path: Path, engine: str) -> None:
    """review215 R1 (famsingle2): the family email on both older children's rows in the Mother column;
    kid 3's row lists only the Father column with the family email and the father's own phone. Column,
    household and phone say the father; only the family's email says the mother: kid 3 is the father's."""
    mother, father = ("Roy, Kim", "roys@x.org", "608-555-0001"), ("Roy, Kim", "", "608-555-0002")
    older = [("1", mother, father, "F2"), ("2", mother, father, "F2")]
    first = run(export(tmp_path / "in1", older), tmp_path / "out", engine)
    assert first.exit_status == 0
    ids = {p[2]: p[0] for p in parents(tmp_path / "out")}
    tonight = [*older, ("3", NOBODY, ("Roy, Kim", "roys@x.org", "608-555-0002"), "F2")]
    for name, rows in (("in2", tonight), ("in3", tonight[::-1])):
        result = run(export(tmp_path / name, rows), tmp_path / "out", engine)
        assert result.exit_status == 0, name
        assert parents(tmp_path / "out") == sorted(
            [
                (ids["+16085550001"], "roys@x.org", "+16085550001", "1,2"),
                (ids["+16085550002"], "roys@x.org", "+16085550002", "1,2,3"),
            ]
        ), name


@pytest.mark.parametrize("engine", ENGINES)
def test_a_sibling_s_mother_with_the_father_s_email_and_her_own_phone_is_still_the_mother(
    tmp_path: Path, engine: str
) -> None:
    """review215 R2 (sibemail): kid 3's row lists Kim Roy in the Mother column, household F2, with the
    father's email and the mother's phone. Column, household and phone outweigh a lone email: kid 3 is
    the mother's, and the father's email is not published for her (V549)."""
    mother, father = ("Roy, Kim", "kim.m@x.org", "608-555-0001"), ("Roy, Kim", "kim.f@x.org", "608-555-0002")
    rows = [
        ("1", mother, father, "F2"),
        ("2", mother, father, "F2"),
        ("3", ("Roy, Kim", "kim.f@x.org", mother[2]), NOBODY, "F2"),
    ]
    for name, order in (("in", rows), ("reversed", rows[::-1])):
        result = run(export(tmp_path / name, order), tmp_path / f"o-{name}", engine)
        assert result.exit_status == 0, name
        assert sorted(p[1:] for p in parents(tmp_path / f"o-{name}")) == [
            ("kim.f@x.org", "+16085550002", "1,2"),
            ("kim.m@x.org", "+16085550001", "1,2,3"),
        ], name


def test_one_parent_written_in_both_columns_is_still_one(tmp_path: Path) -> None:
    """The same email and phone in both columns (or one column giving less): one person listed twice."""
    kim = ("Roy, Kim", "kim@x.org", "608-555-0001")
    for name, father in (("same", kim), ("less", ("Roy, Kim", "", "608-555-0001"))):
        run(export(tmp_path / name, [("1", kim, father, "F2")]), tmp_path / f"o-{name}", "python")
        assert [p[1:] for p in parents(tmp_path / f"o-{name}")] == [("kim@x.org", "+16085550001", "1")], name


def test_a_value_said_as_the_other_s_is_not_said_again_and_students_are_listed_in_order(tmp_path: Path) -> None:
    """Review of stop 46: a phone read before the twins were placed was said as V549 (the other
    Kim Roy's) and again as V550; and the students were listed in the rows' order."""
    mother, father = ("Roy, Kim", "k@x.org", "608-555-0001"), ("Roy, Kim", "", "608-555-0002")
    rows = [
        ("1", mother, father, ""),
        ("2", ("Roy, Kim", "k@x.org", "608-555-0002"), NOBODY, ""),
        ("3", ("Roy, Kim", "k@x.org", "608-555-0003"), NOBODY, ""),
    ]
    for name, order in (("in", rows), ("reversed", rows[::-1])):
        result = run(export(tmp_path / name, order), tmp_path / f"o-{name}", "python")
        [other] = result.report.examples["V549"]
        [differs] = result.report.examples["V550"]
        assert "'+16085550002'" in other.message and "'+16085550002'" not in differs.message
        assert "'+16085550003'" in differs.message and "(of students 1, 2, 3)" in differs.message
        assert "(of students 1, 2, 3)" in other.message
