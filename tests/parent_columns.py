"""A one-school PowerSchool district whose students.txt names a mother and a father on each row:
the exports the tests of parents of one name share (test_same_name_households,
test_same_name_parents_of_one_row, test_each_group_point_copied)."""

from __future__ import annotations

STUDENTS = (
    "ID\tStudent_Number\tSchoolID\tFirst_Name\tLast_Name\tGrade_Level\tEnroll_Status\tDOB\tMother\tFather\t"
    "Mother_Email\tFather_Email\tMother_Home_Phone\tFather_Home_Phone\tFamily_Ident"
)
FIXED = {
    "schools.txt": "School_Number\tName\n100\tNorth Elementary\n",
    "teachers.txt": "ID\tTeacherNumber\tSchoolID\tFirst_Name\tLast_Name\tEmail_Addr\tStatus\tStaffStatus\n"
    "1\tT1\t100\tAnn\tLee\tann@d.example.org\t1\t1\n",
    "courses.txt": "Course_Number\tCourse_Name\nM\tMath\n",
    "sections.txt": "ID\tSchoolID\tCourse_Number\tSection_Number\tTermID\tExpression\tTeacher\n"
    "10\t100\tM\t1\t3600\t1(A)\t1\n",
    "terms.txt": "ID\tSchoolID\tName\tFirstDay\tLastDay\tIsYearRec\n3600\t100\tYear\t08/17/2026\t05/28/2027\t1\n",
}
