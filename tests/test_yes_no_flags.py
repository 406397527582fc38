"""Yes/no flags written any usual way. One SIS export writes a flag 1/0, another Y/N, a report
export Yes/No or TRUE/FALSE, a SQL query T/F: a bundled profile reads them all alike, ignoring
case and spaces (docs/profiles.md, "Yes/no flags"). Each case copies a fixture district into
tmp_path, rewrites its flag columns in one form and runs the real profile: the published set
and the report are the fixture's golden ones, whatever the form. Cases the third tester found
publishing wrong sets with exit 0: Synergy's Yes/No contacts published a mother whose contact
is not allowed, True/False flags lost every guardian in Synergy, Skyward and Campus; Campus's
non-teaching staff went out as administrators."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES
from tests.test_golden import flattened, run_case
from transform import api

YES = frozenset({"1", "y", "yes", "true"})  # the forms the fixtures write
NO = frozenset({"0", "n", "no", "false"})

# fixture case -> {file: flag columns}
FLAGS: dict[str, dict[str, tuple[str, ...]]] = {
    "synergy/district": {
        "contacts.csv": ("HAS_CUSTODY", "ED_RIGHTS", "CONTACT_ALLOWED"),
        "students.csv": ("NO_SHOW_STUDENT",),
        "classes.csv": ("TEACHER_AIDE",),
    },
    "infinite-campus/district": {
        "staff.txt": ("teacher",),
        "contacts.csv": ("guardian",),
        "sections.csv": ("homeroomSection",),
    },
    "infinite-campus/district-homeroom": {"sections.csv": ("homeroomSection",), "staff.txt": ("teacher",)},
    "skyward-sms/district": {"guardian.csv": ("CUST-PAR",), "student.csv": ("X-DEFAULT-ENTITY",)},
    "eschoolplus/district": {
        "REG_STU_CONTACT.txt": ("LEGAL_GUARD", "CUST_GUARD"),
        "REG_STAFF_BLDGS.txt": ("ACTIVE", "IS_TEACHER"),
        "SCHD_MS.txt": ("STUDY_HALL",),
    },
    "illuminate/district": {"users.txt": ("Active",), "contacts.txt": ("Legal Guardian", "Emergency Only")},
    "aeries/district": {
        **{name: ("DEL",) for name in ("STU.csv", "CON.csv", "CRS.csv", "MST.csv", "SEC.csv", "STF.csv", "TCH.csv")},
        "CON.csv": ("DEL", "ERH"),
    },
    "powerschool/contacts": {"contacts.csv": ("Is Active", "Contact Has Custody", "legalGuardian", "Is SMS")},
    "powerschool/district-oneroster": {"terms.txt": ("IsYearRec",)},
    "oneroster/district": {"users.csv": ("enabledUser",)},
}
# (yes, no) as exports write them; "python" and "columnar" read them alike
FORMS = [
    ("Y", "N", "python"),
    ("Yes", "No", "python"),
    ("TRUE", "FALSE", "python"),
    ("True", "False", "columnar"),
    ("1", "0", "python"),
    ("t", "f", "python"),
    ("T", "F", "columnar"),
    (" yes ", " NO ", "python"),
]


def _header_name(cell: str) -> str:
    """A header cell as the profiles name it: no BOM, no Illuminate number, no table prefix
    (PowerSchool's [13]IsYearRec, STUDENTCONTACTDETAILCOREFIELDS.legalGuardian)."""
    cell = re.sub(r"^\d+\s+|^\[\w+\]", "", cell.lstrip("\ufeff").strip())
    return cell.rsplit(".", 1)[-1].casefold()


def rewrite(path: Path, columns: tuple[str, ...], value: dict[str, str]) -> None:
    """Write the flag columns' cells of one export through `value` (a cell of neither form,
    and a blank one, stay as they are); every other byte stays as it was."""
    text = path.read_bytes().decode("latin-1")  # the bytes kept (eSchool is cp1252)
    lines = text.split("\n")
    end = "#!#" if lines[0].rstrip("\r").endswith("#!#") else ""
    delimiter = next(d for d in ("\t", "^", ",") if d in lines[0])
    header = lines[0].rstrip("\r").removesuffix(end).split(delimiter)
    at = [i for i, cell in enumerate(header) if _header_name(cell) in {c.casefold() for c in columns}]
    assert len(at) == len(columns), (path.name, header)
    out = [lines[0]]
    for line in lines[1:]:
        cr = "\r" if line.endswith("\r") else ""
        body = line.rstrip("\r")
        tail = end if end and body.endswith(end) else ""
        cells = next(csv.reader([body.removesuffix(tail)], delimiter=delimiter)) if body else []
        assert _joined(cells, delimiter) == body.removesuffix(tail), (path.name, body)  # written back as read
        for i in at:
            if i < len(cells):
                cells[i] = value.get(cells[i].strip().casefold(), cells[i])
        out.append(_joined(cells, delimiter) + tail + cr)
    path.write_bytes("\n".join(out).encode("latin-1"))


def _joined(cells: list[str], delimiter: str) -> str:
    """A row as the fixtures write it: a cell holding the delimiter quoted, no other."""
    return delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in cells)


def written_in(tmp_path: Path, name: str, files: dict[str, tuple[str, ...]], yes: str, no: str) -> Path:
    """A copy of the fixture case whose flag columns say `yes` and `no`."""
    source = FIXTURES / name
    case = yaml.safe_load((source / "case.yaml").read_text(encoding="utf-8"))
    folder = tmp_path / "case"
    shutil.copytree((source / case.get("in", "in")).resolve(), folder / "in")
    case["in"] = "in"
    (folder / "case.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")
    value = {form: yes for form in YES} | {form: no for form in NO}
    for file, columns in files.items():
        rewrite(folder / "in" / file, columns, value)
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run(folder: Path, tmp_path: Path, engine: str = "python") -> api.RunResult:
    return run_case(folder, tmp_path / "out", explain=tmp_path / "explain.csv", engine=engine)


@pytest.mark.parametrize(("yes", "no", "engine"), FORMS, ids=[f"{y.strip()}-{n.strip()}-{e}" for y, n, e in FORMS])
@pytest.mark.parametrize("name", sorted(FLAGS))
def test_a_flag_in_any_form_publishes_the_same_set(tmp_path: Path, name: str, yes: str, no: str, engine: str) -> None:
    """The fixture's own set, byte for byte, and its report, code for code, with every flag
    column it reads rewritten in this form."""
    folder = written_in(tmp_path, name, FLAGS[name], yes, no)
    result = run(folder, tmp_path, engine)
    expected = FIXTURES / name / "expected"
    assert flattened(result) == (expected / "report.txt").read_text(encoding="utf-8")
    for wanted in sorted(expected.glob("*.csv")):
        assert (tmp_path / "out" / wanted.name).read_bytes() == wanted.read_bytes(), wanted.name


def _people(tmp_path: Path, role: str) -> set[str]:
    return {f"{r['givenName']} {r['familyName']}" for r in rows(tmp_path / "out" / "users.csv") if r["role"] == role}


def test_synergy_contact_not_allowed_in_yes_no_is_never_published(tmp_path: Path) -> None:
    """Rita Chavez's CONTACT_ALLOWED is No (Synergy's report writes Yes/No): she is left out
    (D301), and Wanda Begay, custodial and allowed, is published; Luis Chavez, no custody nor
    rights, is no guardian. Before, only a literal N blocked: Rita went out with her email."""
    folder = written_in(tmp_path, "synergy/district", FLAGS["synergy/district"], "Yes", "No")
    result = run(folder, tmp_path)
    assert result.exit_status == 0
    assert _people(tmp_path, "parent") == {"Wanda Begay"}
    left_out = {(r["name"], r["code"]) for r in rows(tmp_path / "explain.csv") if r["file"] == "contacts.csv"}
    assert ("Rita Chavez", "D301") in left_out and ("Luis Chavez", "F409") in left_out


@pytest.mark.parametrize(
    ("name", "file", "column", "line", "person"),
    [
        ("synergy/district", "contacts.csv", "CONTACT_ALLOWED", 2, "Wanda Begay"),
        ("infinite-campus/district", "contacts.csv", "guardian", 4, "Rosa Castillo"),
        ("illuminate/district", "contacts.txt", "Emergency Only", 1, "Hoa Nguyen"),
        ("illuminate/district", "contacts.txt", "Legal Guardian", 1, "Hoa Nguyen"),
    ],
)
def test_a_contact_flag_of_no_known_form_does_not_allow_contact(
    tmp_path: Path, name: str, file: str, column: str, line: int, person: str
) -> None:
    """A contact flag reading `maybe` (no yes or no form) is not taken for a yes: the contact is
    left out under the condition's reason, never published as a parent. Before, Synergy's
    `not_equals N` and Illuminate's `not_in` yes-forms let it through."""
    folder = written_in(tmp_path, name, {}, "", "")
    path = folder / "in" / file
    lines = path.read_text(encoding="utf-8").split("\n")
    delimiter = "\t" if "\t" in lines[0] else ","
    header = [_header_name(c) for c in lines[0].split(delimiter)]
    cells = lines[line].split(delimiter)
    cells[header.index(column.casefold())] = "maybe"
    lines[line] = delimiter.join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    run(folder, tmp_path)
    assert person not in _people(tmp_path, "parent") | _people(tmp_path, "guardian")
    assert any(r["name"] == person for r in rows(tmp_path / "explain.csv"))


@pytest.mark.parametrize(("yes", "no"), [("1", "0"), ("Yes", "No"), ("T", "F")])
def test_campus_non_teaching_staff_are_aides_never_administrators(tmp_path: Path, yes: str, no: str) -> None:
    """Remind: "List non-teaching staff users as 'aide'". Lena Brandt's teacher flag says no:
    she is an aide; Greta Holm and Kofi Asante, flagged teachers in any form, are teachers.
    Before, the map's default made Lena an administrator (1/0), and Yes/No or T/F made all
    three administrators, who see and message every class."""
    folder = written_in(tmp_path, "infinite-campus/district", FLAGS["infinite-campus/district"], yes, no)
    run(folder, tmp_path)
    roles = {r["sourcedId"]: r["role"] for r in rows(tmp_path / "out" / "users.csv")}
    assert {key: roles[key] for key in ("7001", "7002", "7003")} == {
        "7001": "teacher",
        "7002": "teacher",
        "7003": "aide",
    }
    assert "administrator" not in roles.values()


def test_campus_teacher_flag_of_no_known_form_is_an_aide_reported(tmp_path: Path) -> None:
    """A teacher flag reading `maybe` gives the fewer rights (aide), and the report says which
    value the map did not know (D302), rather than an administrator without a word."""
    folder = written_in(tmp_path, "infinite-campus/district", {}, "", "")
    staff = folder / "in" / "staff.txt"
    staff.write_text(
        staff.read_text(encoding="utf-8").replace(
            "\tBrandt\tLena\tlbrandt@cedar.example.org\t0\t", "\tBrandt\tLena\tlbrandt@cedar.example.org\tmaybe\t"
        ),
        encoding="utf-8",
    )
    result = run(folder, tmp_path)
    roles = {r["sourcedId"]: r["role"] for r in rows(tmp_path / "out" / "users.csv")}
    assert roles["7003"] == "aide"
    assert result.report.counts.get("D302")


@pytest.mark.parametrize(("yes", "no"), [("Y", "N"), ("1", "0"), ("TRUE", "FALSE")])
def test_eschool_staff_who_teach_nothing_are_aides(tmp_path: Path, yes: str, no: str) -> None:
    """eSchoolPLUS's IS_TEACHER = N (or 0, FALSE): the staff member is an aide, not an
    administrator (before: the map's default)."""
    folder = written_in(tmp_path, "eschoolplus/district", FLAGS["eschoolplus/district"], yes, no)
    bldgs = folder / "in" / "REG_STAFF_BLDGS.txt"
    text = bldgs.read_bytes().decode("latin-1")
    bldgs.write_bytes((text.rstrip("\n") + f"\n1503^20^{yes}^{no}^{yes}^#!#\n").encode("latin-1"))
    staff = folder / "in" / "REG_STAFF.txt"
    lines = staff.read_bytes().decode("latin-1").rstrip("\n").split("\n")
    header = lines[0].removesuffix("#!#").split("^")
    person = dict.fromkeys(header, "")
    person.update({"STAFF_ID": "1503", "FIRST_NAME": "Dana", "LAST_NAME": "Office", "EMAIL": "doffice@example.org"})
    lines.append("^".join(person[h] for h in header) + "#!#")
    staff.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    run(folder, tmp_path)
    roles = {r["sourcedId"]: r["role"] for r in rows(tmp_path / "out" / "users.csv")}
    assert roles["1503"] == "aide"
    assert "administrator" not in roles.values()


def test_check_profile_names_a_flag_tested_in_one_form(tmp_path: Path) -> None:
    """A district profile that tests a flag in the form its sample file shows (`not_equals N`,
    `equals Y`, `in [y, yes, 1]`) is told so by check-profile, at the value, with the forms it
    leaves out and what it takes them for (I262, a warning: the run itself is not refused, as
    a column tested against Y may hold a code). Codes (`equals A`, `equals "1"`) and a full list
    are not named."""
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\n"
        "extends: synergy\n"
        "tables:\n"
        "  users:\n"
        "    guardians:\n"
        "      where:\n"
        '        allowed: {field: "{CONTACT_ALLOWED}", op: not_equals, value: N, reason: row-filtered}\n'
        "      guardian:\n"
        "        link_where:\n"
        '          custody_or_rights: {field: "{HAS_CUSTODY}", op: in, value: [y, "yes", "1"],\n'
        "                              reason: emergency-contact}\n"
        "    students:\n"
        "      where:\n"
        '        came: {field: "{NO_SHOW_STUDENT}", op: not_in, value: ["1", y, "yes", t, "true"]}\n'
        '        status: {field: "{STATUS}", op: equals, value: A, allow_empty: true}\n',
        encoding="utf-8",
    )
    loaded, problems = api.check_profile(str(profile), hints=True)
    assert loaded is not None
    named = [(p.code.id, p.where.file.rsplit(":", 2)[-2], p.params["missing"], p.params["taken"]) for p in problems]
    assert named == [("I262", "7", "0, No, F, False", "a yes"), ("I262", "10", "T, True", "a no")]
    assert all(p.code.severity.value == "warning" for p in problems)
    _, run_problems = api.check_profile(str(profile))
    assert run_problems == []


@pytest.mark.parametrize(
    "name",
    [
        "aeries",
        "eschoolplus",
        "illuminate",
        "infinite-campus",
        "powerschool",
        "skyward-sms",
        "synergy",
        "clever",
        "facts",
        "sds",
        "sds-v2",
        "oneroster",
    ],
)
def test_no_bundled_profile_tests_a_flag_in_one_form(name: str) -> None:
    _, problems = api.check_profile(name, hints=True)
    assert problems == []
