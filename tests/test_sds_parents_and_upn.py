"""SDS classic: the parents of Microsoft's "Parent and Guardian Sync" files, and teachers whose
Username is their Microsoft 365 sign-in address (tester16 F3, F5).

F3: user.csv (Email, First Name, Last Name, Phone, SIS ID) and guardianrelationship.csv (SIS ID
= the student's, Email, Role) were not read: the set went out with no parent, exit 0, and
nothing said why. F5: a teacher with no Secondary Email whose Username is already an address
was left out (V506), and settings.email_domain, the advice, built
`name@district.org@district.org`."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.report.problem import Problem

DISTRICT = FIXTURES / "sds" / "district"
AS_OF = dt.date(2026, 10, 15)

USER_CSV = """\
Email,First Name,Last Name,Phone,SIS ID
pat.oneil@example.com,Pat,O'Neil,(555) 201-0001,P100
li.chen@example.com,Li,Chen,,P200
nana.ruiz@example.com,Nana,Ruiz,(555) 201-0003,P300
evan.hale@example.com,Evan,Hale,,
carmen.ruiz@example.com,Carmen,Ruiz,(555) 201-0005,
may.lind@example.com,May,Lind,,P400
"""

# Pat is the parent of two siblings; Li's Role is written in lower case; Carmen, a guardian,
# has no SIS ID; the grandmother (Relative) and the doctor are no guardians; May's Role is blank.
GUARDIANRELATIONSHIP_CSV = """\
SIS ID,Email,Role
ST1,pat.oneil@example.com,Parent
ST2,pat.oneil@example.com,Parent
ST2,li.chen@example.com,parent
ST3,nana.ruiz@example.com,Relative
ST3,evan.hale@example.com,Doctor
ST3,carmen.ruiz@example.com,Guardian
ST1,may.lind@example.com,
"""


def users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def exports_with_parents(tmp_path: Path, users: str = USER_CSV, links: str = GUARDIANRELATIONSHIP_CSV) -> Path:
    """The SDS district with the Parent and Guardian Sync files (`users`, `links`) beside it."""
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT / "in", exports)
    (exports / "user.csv").write_text(users, encoding="utf-8")
    (exports / "guardianrelationship.csv").write_text(links, encoding="utf-8")
    return exports


def test_sds_parent_and_guardian_sync_files_make_the_parents(tmp_path: Path) -> None:
    exports = exports_with_parents(tmp_path)
    python, _ = both_engines(tmp_path / "run", profile=str(DISTRICT / "district.yaml"), in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, [str(p) for p in python.problems]
    published = users(tmp_path / "run" / "python")
    parents = {sid: row for sid, row in published.items() if row["role"] in ("parent", "guardian")}

    # One user per parent, G + the user.csv SIS ID, with each child linked both ways.
    assert published["GP100"]["role"] == "parent"
    assert published["GP100"]["givenName"] == "Pat" and published["GP100"]["familyName"] == "O'Neil"
    assert published["GP100"]["email"] == "pat.oneil@example.com"
    assert published["GP100"]["phone"] == "+15552010001"
    assert published["GP100"]["agentSourcedIds"] == "ST1,ST2"
    assert published["GP200"]["agentSourcedIds"] == "ST2"
    assert set(published["ST2"]["agentSourcedIds"].split(",")) == {"GP100", "GP200"}

    # A guardian without a SIS ID gets an ID derived as the other profiles derive one.
    (carmen,) = [row for row in parents.values() if row["givenName"] == "Carmen"]
    assert carmen["role"] == "guardian" and carmen["agentSourcedIds"] == "ST3"
    assert carmen["sourcedId"].startswith("G") and len(carmen["sourcedId"]) == 13

    # A relative, a doctor and a contact whose Role is blank are no parents; each is said.
    assert {row["givenName"] for row in parents.values()} == {"Pat", "Li", "Carmen"}
    assert python.report.counts["F409"] == 2  # Relative, Doctor: as an emergency contact
    assert python.report.counts["F424"] == 1  # blank Role: for a person to place


def test_sds_without_the_parent_files_publishes_as_before(tmp_path: Path) -> None:
    python, _ = both_engines(
        tmp_path / "run", profile=str(DISTRICT / "district.yaml"), in_dir=DISTRICT / "in", as_of=AS_OF
    )
    assert python.exit_status == 0
    assert not [row for row in users(tmp_path / "run" / "python").values() if row["role"] in ("parent", "guardian")]
    assert not {"F409", "F424", "I241", "I270"} & set(python.report.counts)
    assert all(p.where.file != "guardianrelationship.csv" for p in python.report.examples.get("D300", []))


def test_a_parent_the_relationship_names_but_user_csv_lacks_is_said(tmp_path: Path) -> None:
    exports = exports_with_parents(tmp_path)
    text = (exports / "guardianrelationship.csv").read_text(encoding="utf-8")
    (exports / "guardianrelationship.csv").write_text(text.replace("li.chen@", "lee.chen@"), encoding="utf-8")
    python, _ = both_engines(tmp_path / "run", profile=str(DISTRICT / "district.yaml"), in_dir=exports, as_of=AS_OF)
    assert "GP200" not in users(tmp_path / "run" / "python")
    (missing,) = [p for p in python.report.examples["D300"] if "lee.chen" in p.message]
    assert missing.where.file == "guardianrelationship.csv" and missing.where.line == 4


def teachers_without_secondary_email(tmp_path: Path) -> Path:
    """Sam Ito (TE2) signs in as S.Ito@Harbor.example.org and has no Secondary Email; Kim Ross
    (TE3), a bare login `kross`; Rosa Lind keeps her Secondary Email."""
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT / "in", exports)
    teachers = exports / "Teacher.csv"
    text = teachers.read_text(encoding="utf-8")
    text = text.replace("TE2,S2,Sam,Ito,sito,,", "TE2,S2,Sam,Ito,S.Ito@Harbor.example.org,,")
    text = text.replace("TE3,S2,Kim,Ross,,,", "TE3,S2,Kim,Ross,kross,,")
    teachers.write_text(text, encoding="utf-8")
    return exports


def teacher_emails_said(result: api.RunResult) -> list[Problem]:
    return [p for p in result.report.examples.get("D308", []) if p.where.file == "Teacher.csv"]


def test_an_sds_username_that_is_an_address_is_the_teachers_email(tmp_path: Path) -> None:
    exports = teachers_without_secondary_email(tmp_path)
    # The bundled profile, no email_domain: the UPN is the email; the bare login has none (V506).
    python, _ = both_engines(tmp_path / "bundled", profile="sds", in_dir=exports, as_of=AS_OF)
    published = users(tmp_path / "bundled" / "python")
    assert published["TE2"]["email"] == "s.ito@harbor.example.org"
    assert published["TE2"]["username"] == "s.ito@harbor.example.org"
    assert published["TE1"]["email"] == "rosa.lind@harbor.example.org"
    assert "TE3" not in published and python.report.counts["V506"] == 1
    assert not teacher_emails_said(python)  # a bare login is no malformed address

    # With settings.email_domain (the advice V506 gives): the domain is added to a bare login
    # only, never to an address (no s.ito@harbor.example.org@harbor.example.org).
    python, _ = both_engines(tmp_path / "domain", profile=str(DISTRICT / "district.yaml"), in_dir=exports, as_of=AS_OF)
    published = users(tmp_path / "domain" / "python")
    assert published["TE2"]["email"] == "s.ito@harbor.example.org"
    assert published["TE3"]["email"] == "kross@harbor.example.org"
    assert "V506" not in python.report.counts and not teacher_emails_said(python)


def test_a_username_the_domain_makes_no_address_of_is_said(tmp_path: Path) -> None:
    exports = teachers_without_secondary_email(tmp_path)
    teachers = exports / "Teacher.csv"
    teachers.write_text(teachers.read_text(encoding="utf-8").replace(",kross,", ",kross@pin,"), encoding="utf-8")
    python, _ = both_engines(tmp_path / "run", profile=str(DISTRICT / "district.yaml"), in_dir=exports, as_of=AS_OF)
    assert "TE3" not in users(tmp_path / "run" / "python")
    (said,) = teacher_emails_said(python)
    assert "kross@pin@harbor.example.org" in said.message and said.where.line == 5
