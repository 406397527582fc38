"""A one-school Infinite Campus export of one class: Cedar Elementary (school number 0410), one
teacher (7001) and her year-long Grade 3 section (90001), with the headers of the students, roster
and contacts exports. The set-up the tests of one class's students share (test_identity_continuity,
test_rekey_still_named); each writes its own students, roster and contacts rows."""

from __future__ import annotations

from pathlib import Path

SCHOOL = "0410"
SECTION = "90001"
STUDENTS = (
    "personID,studentNumber,schoolNumber,lastName,firstName,middleName,grade,birthdate,email,startDate,"
    "endDate,serviceType,homePrimaryLanguage"
)
ROSTER = "personID,sectionID,startDate,endDate"
CONTACTS = "personID,contactPersonID,firstName,lastName,relationship,guardian,seq,email,cellPhone,homePhone"


def one_class_school(folder: Path) -> Path:
    """FOLDER made, holding the school, its teacher and her class (schools, staff, sections)."""
    folder.mkdir()
    (folder / "schools.csv").write_text(f"schoolID,number,name\n1,{SCHOOL},Cedar Elementary\n")
    (folder / "staff.csv").write_text(
        "personID,staffNumber,schoolNumber,lastName,firstName,email,teacher,endDate\n"
        f"7001,S7001,{SCHOOL},Holm,Greta,gholm@cedar.example.org,1,\n"
    )
    (folder / "sections.csv").write_text(
        "sectionID,schoolNumber,courseNumber,courseName,sectionNumber,teacherPersonID,teacher2PersonID,termName,"
        "termStartDate,termEndDate,periodName,homeroomSection\n"
        f"{SECTION},{SCHOOL},3RD,Grade 3,1,7001,,Year,08/20/2026,06/03/2027,Day,0\n"
    )
    return folder
