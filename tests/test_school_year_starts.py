"""A district's own school year (settings.school_year_starts): the southern hemisphere's calendar
year, February to December, through a whole year of nights, beside a northern one.

Without the setting every school-year judgement took a July-to-June year: a southern district of
semester classes only, exporting the current term only, was refused its July semester change
every night until --allow-rollover (X906, two school years by July), and a stale Semester 1 export
in August read as the school year over. The dates alone cannot tell a southern July change from a
northern year-round school's new year (reviewer62 R2); the district says it in its profile.

Districts are generated (seeded): classes and their students at each school, each semester, for
two layouts: Skyward (a term is its class rows' dates, no terms export) and PowerSchool (a terms
export, terms.txt). Every published night is checked against the generator's truth: the classes
of the semester and their students' enrolments.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.cleaners.school_year import NORTHERN, SchoolYear, read_month
from transform.profile import load
from transform.profile.check import check

CALENDAR_YEAR = "January"


@dataclass(frozen=True)
class Semester:
    name: str
    start: dt.date
    end: dt.date
    # class ID -> (school, course, teacher, the students' numbers)
    classes: dict[str, tuple[str, str, str, tuple[str, ...]]]

    def enrolments(self) -> set[tuple[str, str]]:
        return {(class_id, student) for class_id, (_, _, _, students) in self.classes.items() for student in students}


@dataclass(frozen=True)
class Layout:
    """A bundled profile and the fixture district whose people a generated schedule uses."""

    profile: str
    schools: dict[str, tuple[str, ...]]  # school -> its active students' numbers in the schedules export
    teachers: dict[str, tuple[str, ...]]
    courses: dict[str, tuple[str, ...]]
    published: dict[str, str]  # a student's number in the schedules export -> the user's sourcedId


SKYWARD = Layout(
    "skyward-sms",
    {"001": ("5002", "5003", "5006"), "002": ("5001", "5004")},
    {"001": ("901",), "002": ("902", "903")},
    {"001": ("KDG", "PRE"), "002": ("ENG", "BIO", "MTH")},
    {n: f"02600{n[-1]}" for n in ("5001", "5002", "5003", "5004", "5006")},
)
POWERSCHOOL_IDS = {  # cc.txt's StudentID (the students export's ID) -> Student_Number, published
    "901": "5002", "902": "5003", "908": "5009", "910": "5011", "911": "5012",
    "914": "5015", "916": "5017", "917": "5018", "919": "5020",
}  # fmt: skip
POWERSCHOOL = Layout(
    "powerschool",
    {"100": ("901", "902", "908", "910", "911"), "200": ("914", "916", "917", "919")},
    {"100": ("101", "102"), "200": ("201", "202")},
    {"100": ("MATH5", "ELA5", "SCI5", "ART"), "200": ("MATH7", "ELA7", "ART")},
    POWERSCHOOL_IDS,
)


def semester(rng: random.Random, layout: Layout, name: str, start: dt.date, end: dt.date, first_id: int) -> Semester:
    """A semester's classes at each school, every student in one or more."""
    classes: dict[str, tuple[str, str, str, tuple[str, ...]]] = {}
    number = first_id
    for school, students in layout.schools.items():
        courses = rng.sample(layout.courses[school], rng.randint(2, len(layout.courses[school])))
        taken: dict[str, list[str]] = {course: [] for course in courses}
        for student in students:
            for course in rng.sample(courses, rng.randint(1, len(courses))):
                taken[course].append(student)
        for course, members in taken.items():
            if members:
                classes[str(number)] = (school, course, rng.choice(layout.teachers[school]), tuple(members))
                number += 1
    return Semester(name, start, end, classes)


@dataclass(frozen=True)
class Year:
    """A district's two school years: this year's semesters and next year's first."""

    s1: Semester
    s2: Semester
    next_s1: Semester


def southern_year(rng: random.Random, layout: Layout) -> Year:
    """Semester 1 from early February to late June, Semester 2 from mid-July to mid-December, the
    next year's Semester 1 from the next February (a summer of seven weeks)."""
    jiggle = rng.randint(0, 4)
    return Year(
        semester(rng, layout, "S1", dt.date(2026, 2, 2 + jiggle), dt.date(2026, 6, 26), 1100),
        semester(rng, layout, "S2", dt.date(2026, 7, 13 + jiggle), dt.date(2026, 12, 11 - jiggle), 1200),
        semester(rng, layout, "S1", dt.date(2027, 2, 1 + jiggle), dt.date(2027, 6, 25), 1300),
    )


def northern_year(rng: random.Random, layout: Layout) -> Year:
    """Semester 1 from late August to mid-January, Semester 2 to early June, next August's."""
    jiggle = rng.randint(0, 3)
    return Year(
        semester(rng, layout, "S1", dt.date(2026, 8, 24 + jiggle), dt.date(2027, 1, 15), 1100),
        semester(rng, layout, "S2", dt.date(2027, 1, 19), dt.date(2027, 6, 4 - jiggle), 1200),
        semester(rng, layout, "S1", dt.date(2027, 8, 23 + jiggle), dt.date(2028, 1, 14), 1300),
    )


def us(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def skyward_exports(folder: Path, current: Semester) -> Path:
    """Skyward's class and schedule exports holding the current semester only (the SIS job's
    term filter); no terms export: a term is its class rows' dates."""
    shutil.copytree(FIXTURES / "skyward-sms" / "district" / "in", folder)
    rows = ["CLASS-ID,SCHOOL-ID,COURSE-ID,COURSE-DESC,PERIOD,TERM,TERM-START,TERM-END,STAFF-ID"]
    schedule = ["STUDENT-ID,CLASS-ID,SCHOOL-ID,DROP-DATE"]
    for class_id, (school, course, teacher, students) in current.classes.items():
        rows.append(
            f"{class_id},{school},{course},{course} {class_id},1,{current.name},{us(current.start)},"
            f"{us(current.end)},{teacher}"
        )
        schedule += [f"{student},{class_id},{school}," for student in students]
    (folder / "class.csv").write_text("\n".join(rows) + "\n")
    (folder / "schedule.csv").write_text("\n".join(schedule) + "\n")
    return folder


def powerschool_exports(folder: Path, current: Semester, year: Year) -> Path:
    """PowerSchool's sections and cc holding the current semester only; terms.txt lists the
    school year (its year record and both semesters) of the current one, at each school."""
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", folder)
    this_year = current in (year.s1, year.s2)
    s1, s2 = (year.s1, year.s2) if this_year else (year.next_s1, year.next_s1)
    first_id = 36 if this_year else 37
    terms = ["ID\tSchoolID\tYearID\tName\tAbbreviation\tFirstDay\tLastDay\tIsYearRec"]
    for school in POWERSCHOOL.schools:
        base = first_id * 100
        terms += [
            f"{base}\t{school}\t{first_id}\tYear {first_id}\tY{first_id}\t{us(s1.start)}\t{us(s2.end)}\t1",
            f"{base + 1}\t{school}\t{first_id}\tSemester 1\tS1\t{us(s1.start)}\t{us(s1.end)}\t0",
        ]
        if this_year:
            terms.append(f"{base + 2}\t{school}\t{first_id}\tSemester 2\tS2\t{us(s2.start)}\t{us(s2.end)}\t0")
    term_id = first_id * 100 + (2 if current is year.s2 else 1)
    sections = ["ID\tSchoolID\tCourse_Number\tSection_Number\tTermID\tExpression\tTeacher\tGrade_Level"]
    cc = ["StudentID\tSectionID\tTermID\tSchoolID\tDateEnrolled\tDateLeft"]
    for class_id, (school, course, teacher, students) in current.classes.items():
        sections.append(f"{class_id}\t{school}\t{course}\t{class_id}\t{term_id}\t1(A)\t{teacher}\t5")
        left = us(current.end + dt.timedelta(days=1))
        cc += [f"{s}\t{class_id}\t{term_id}\t{school}\t{us(current.start)}\t{left}" for s in students]
    for name, lines in (("terms.txt", terms), ("sections.txt", sections), ("cc.txt", cc)):
        (folder / name).write_bytes(("\r\n".join(lines) + "\r\n").encode())
    return folder


def profile(folder: Path, layout: Layout, starts: str | None) -> str:
    """The district's profile: the bundled one, with its school year's first month if given."""
    if starts is None:
        return layout.profile
    path = folder / f"{layout.profile}-district.yaml"
    path.write_text(f"name: district\nextends: {layout.profile}\nsettings:\n  school_year_starts: {starts}\n")
    return str(path)


class District:
    """A district's nights, its state carried in OUT, each night's exports written afresh."""

    def __init__(self, folder: Path, layout: Layout, year: Year, starts: str | None) -> None:
        self.folder, self.layout, self.year = folder, layout, year
        self.out = folder / "out"
        self.profile = profile(folder, layout, starts)
        self.nights = 0

    def exports(self, current: Semester) -> Path:
        self.nights += 1
        folder = self.folder / f"night-{self.nights}"
        if self.layout is SKYWARD:
            return skyward_exports(folder, current)
        return powerschool_exports(folder, current, self.year)

    def night(self, current: Semester, as_of: dt.date, **options: object) -> api.RunResult:
        exports = self.exports(current)
        run = api.RunOptions(self.profile, exports, self.out, as_of=as_of, **options)  # type: ignore[arg-type]
        return api.run(run)

    def published(self) -> tuple[set[str], set[tuple[str, str]]]:
        """The classes and student enrolments OUT holds, by the exports' own class IDs."""
        classes = {line.split(",")[0] for line in (self.out / "classes.csv").read_text().splitlines()[1:]}
        enrolments = set()
        for line in (self.out / "enrollments.csv").read_text().splitlines()[1:]:
            cells = line.split(",")
            if cells[6] == "student":
                enrolments.add((cells[3], cells[5]))
        local = {c.split("-", 1)[1] if self.layout is SKYWARD else c for c in classes}
        return local, {(c.split("-", 1)[1] if self.layout is SKYWARD else c, s) for c, s in enrolments}


def codes_of(result: api.RunResult) -> set[str]:
    return set(result.report.counts)


def assert_holds(district: District, truth: Semester) -> None:
    classes, enrolments = district.published()
    assert classes == set(truth.classes)
    assert enrolments == {(c, district.layout.published[s]) for c, s in truth.enrolments()}


def assert_published(result: api.RunResult, district: District, truth: Semester) -> None:
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert_holds(district, truth)


def assert_nothing_due(result: api.RunResult, code: str, district: District, kept: Semester) -> None:
    assert result.exit_status == api.EXIT_PUBLISHED and not result.report.published, [str(p) for p in result.problems]
    assert code in codes_of(result)
    assert_holds(district, kept)


def assert_refused(result: api.RunResult, code: str, district: District, kept: Semester, exit_status: int = 1) -> None:
    assert result.exit_status == exit_status and not result.report.published
    assert code in codes_of(result), sorted(codes_of(result))
    assert_holds(district, kept)


SEEDS = (50, 51, 52)
# A Semester 1 export still sent in Semester 2: the rest of the year missing (X896) where no terms
# export names Semester 2; where terms.txt does, the classes of ended terms only (X977).
STALE_EXPORT_REFUSED = {"skyward-sms": "X896", "powerschool": "X977"}
LAYOUTS = pytest.mark.parametrize("layout", [SKYWARD, POWERSCHOOL], ids=["skyward", "powerschool"])


@LAYOUTS
@pytest.mark.parametrize("seed", SEEDS)
def test_a_southern_district_s_year_with_its_school_year_declared(tmp_path: Path, layout: Layout, seed: int) -> None:
    """A calendar school year (school_year_starts: January), the exports holding the current
    semester only: Semester 1 publishes; the July change is a term change (X937, exit 0; was
    X906 every night until --allow-rollover); a Semester 1 export still sent weeks into Semester 2
    is the rest of the year missing (X896, exit 1; was 'the school year is over', F422, exit 0,
    where no terms export names Semester 2);
    the December-to-January summer is F422 (exit 0, the set kept); the new year in February is a
    rollover as the north's August is (X906 until --allow-rollover)."""
    year = southern_year(random.Random(seed), layout)
    district = District(tmp_path, layout, year, CALENDAR_YEAR)
    assert_published(district.night(year.s1, year.s1.start + dt.timedelta(days=20)), district, year.s1)
    assert_published(district.night(year.s1, year.s1.end), district, year.s1)
    assert_nothing_due(district.night(year.s1, year.s1.end + dt.timedelta(days=3)), "F443", district, year.s1)
    change = district.night(year.s2, year.s2.start)
    assert_published(change, district, year.s2)
    assert "X937" in codes_of(change) and "X906" not in codes_of(change)
    stale = district.night(year.s1, year.s2.start + dt.timedelta(days=24))
    assert_refused(stale, STALE_EXPORT_REFUSED[layout.profile], district, year.s2)
    assert_published(district.night(year.s2, year.s2.end), district, year.s2)
    for night in (dt.date(2026, 12, 20), dt.date(2027, 1, 1), dt.date(2027, 1, 25)):
        assert_nothing_due(district.night(year.s2, night), "F422", district, year.s2)
    new_year = district.night(year.next_s1, year.next_s1.start)
    assert_refused(new_year, "X906", district, year.s2)
    assert "X937" not in codes_of(new_year)
    rollover = district.night(year.next_s1, year.next_s1.start, allow_rollover=True)
    assert_published(rollover, district, year.next_s1)


@LAYOUTS
@pytest.mark.parametrize("seed", SEEDS)
def test_a_northern_district_s_year_without_the_setting_is_as_it_was(tmp_path: Path, layout: Layout, seed: int) -> None:
    """The same nights of a July-to-June year, no setting: the January change a term change, the
    summer F422, the August rollover X906 until --allow-rollover."""
    year = northern_year(random.Random(seed), layout)
    district = District(tmp_path, layout, year, None)
    assert_published(district.night(year.s1, year.s1.start + dt.timedelta(days=20)), district, year.s1)
    assert_published(district.night(year.s1, year.s1.end), district, year.s1)
    change = district.night(year.s2, year.s2.start)
    assert_published(change, district, year.s2)
    assert "X937" in codes_of(change) and "X906" not in codes_of(change)
    assert_published(district.night(year.s2, year.s2.end), district, year.s2)
    for night in (dt.date(2027, 7, 1), dt.date(2027, 8, 10)):
        assert_nothing_due(district.night(year.s2, night), "F422", district, year.s2)
    assert_refused(district.night(year.next_s1, year.next_s1.start), "X906", district, year.s2)
    assert_published(district.night(year.next_s1, year.next_s1.start, allow_rollover=True), district, year.next_s1)


@LAYOUTS
def test_a_southern_district_without_the_setting_is_refused_in_july_as_before(tmp_path: Path, layout: Layout) -> None:
    """The southern year read as July to June, as every district was: the July change is two
    school years (X906, exit 1) until --allow-rollover or the setting; terms.txt's year record
    holds both semesters, but no class of the set is of it (semester classes only)."""
    year = southern_year(random.Random(SEEDS[0]), layout)
    district = District(tmp_path, layout, year, None)
    assert_published(district.night(year.s1, year.s1.end), district, year.s1)
    assert_refused(district.night(year.s2, year.s2.start), "X906", district, year.s1)


@LAYOUTS
def test_a_northern_district_given_a_calendar_year_by_mistake_is_refused(tmp_path: Path, layout: Layout) -> None:
    """A northern district whose profile says January: its Semester 1 runs from August across 1
    January, which no term of a calendar school year does. Refused (X807, exit 2: the profile is
    wrong), nothing published, rather than a year judged by the wrong calendar."""
    year = northern_year(random.Random(SEEDS[0]), layout)
    district = District(tmp_path, layout, year, CALENDAR_YEAR)
    result = district.night(year.s1, year.s1.start + dt.timedelta(days=20))
    assert result.exit_status == 2 and not result.report.published
    (problem,) = [p for p in result.problems if p.code.id == "X807"]
    assert problem.params["month"] == "January" and problem.params["end"] == year.s1.end.isoformat()
    assert not (district.out / "classes.csv").exists()


YEAR_ROUND_S2 = Semester(
    "S2",
    dt.date(2027, 1, 19),
    dt.date(2027, 6, 18),
    {"2001": ("001", "KDG", "901", ("5002", "5003")), "2002": ("002", "ENG", "902", ("5001", "5004"))},
)
YEAR_ROUND_NEXT = Semester(
    "S1",
    dt.date(2027, 7, 26),
    dt.date(2027, 12, 17),
    {"2101": ("001", "KDG", "901", ("5002", "5003")), "2102": ("002", "ENG", "902", ("5001", "5004"))},
)
YEAR_ROUND_SPRING = Semester(
    "S2",
    dt.date(2028, 1, 19),
    dt.date(2028, 6, 16),
    {"2201": ("001", "KDG", "901", ("5002", "5003")), "2202": ("002", "ENG", "902", ("5001", "5004"))},
)


def year_round(folder: Path, starts: str | None) -> District:
    return District(folder, SKYWARD, Year(YEAR_ROUND_S2, YEAR_ROUND_NEXT, YEAR_ROUND_SPRING), starts)


def test_a_northern_year_round_school_s_new_year_is_still_refused(tmp_path: Path) -> None:
    """reviewer62 R2: a spring semester to 18 June, the new school year's fall semester from 26
    July (38 days later): by the July-to-June year, a new school year (X906), as at a1ef69d."""
    district = year_round(tmp_path, None)
    assert_published(district.night(YEAR_ROUND_S2, YEAR_ROUND_S2.end), district, YEAR_ROUND_S2)
    result = district.night(YEAR_ROUND_NEXT, YEAR_ROUND_NEXT.start)
    assert_refused(result, "X906", district, YEAR_ROUND_S2)
    assert "X937" not in codes_of(result)


def test_a_northern_year_round_school_given_a_calendar_year_is_refused_in_january(tmp_path: Path) -> None:
    """The same district whose profile says January by mistake, where no term runs across 1
    January to show it (X807 needs one): its July new year passes as the term change the profile
    declares (X937), and its fall-to-spring change is refused every January as a new school year
    (X906, exit 1) until the setting is taken out: a person hears of it within the year."""
    district = year_round(tmp_path, CALENDAR_YEAR)
    assert_published(district.night(YEAR_ROUND_S2, YEAR_ROUND_S2.end), district, YEAR_ROUND_S2)
    july = district.night(YEAR_ROUND_NEXT, YEAR_ROUND_NEXT.start)
    assert_published(july, district, YEAR_ROUND_NEXT)
    assert "X937" in codes_of(july)
    january = district.night(YEAR_ROUND_SPRING, YEAR_ROUND_SPRING.start)
    assert_refused(january, "X906", district, YEAR_ROUND_NEXT)


def test_the_month_is_read_by_name_or_number() -> None:
    assert [read_month(v) for v in ("January", "feb", "Sept.", "12", 7, "0", 13, "Janvier", True, 2.0)] == [
        1, 2, None, 12, 7, None, None, None, None, None,
    ]  # fmt: skip
    calendar_year = SchoolYear(1)
    assert calendar_year.of(dt.date(2026, 2, 2)) == calendar_year.of(dt.date(2026, 12, 11)) == 2026
    assert calendar_year.last_day(2026) == dt.date(2026, 12, 31)
    assert NORTHERN.of(dt.date(2026, 8, 20)) == 2027 and NORTHERN.last_day(2027) == dt.date(2027, 6, 30)
    assert SchoolYear(2).first_day(2027) == dt.date(2026, 2, 1)


def bad_months() -> Iterator[str]:
    yield from ("Janury", "13", "0")


@pytest.mark.parametrize("value", list(bad_months()))
def test_check_profile_names_a_school_year_start_that_is_no_month(tmp_path: Path, value: str) -> None:
    path = tmp_path / "district.yaml"
    path.write_text(f"name: district\nextends: skyward-sms\nsettings:\n  school_year_starts: '{value}'\n")
    problems = check(load.load(str(path)))
    assert [(p.code.id, p.code.exit_status, p.params["value"]) for p in problems] == [("P123", 2, value)]
    assert problems[0].where.file.endswith("district.yaml:4:23")


def four_terms(rng: random.Random, summer_days: int) -> tuple[list[Semester], Semester]:
    """An Australian year of four terms (late January to mid-December, two or three weeks between
    terms) and the next year's Term 1, `summer_days` after Term 4's last day."""
    days = [
        (dt.date(2026, 1, 28), dt.date(2026, 4, 2)),
        (dt.date(2026, 4, 20), dt.date(2026, 6, 26)),
        (dt.date(2026, 7, 13), dt.date(2026, 9, 18)),
        (dt.date(2026, 10, 5), dt.date(2026, 12, 11)),
    ]
    terms = [semester(rng, SKYWARD, f"T{i + 1}", start, end, 1100 + 100 * i) for i, (start, end) in enumerate(days)]
    start = days[-1][1] + dt.timedelta(days=summer_days)
    return terms, semester(rng, SKYWARD, "T1", start, start + dt.timedelta(days=65), 1500)


@pytest.mark.parametrize("summer_days", [40, 48], ids=["short-summer", "summer"])
@pytest.mark.parametrize("seed", SEEDS)
def test_an_australian_year_of_four_terms(tmp_path: Path, seed: int, summer_days: int) -> None:
    """Four terms exported one at a time: each change a term change (X937), Term 3 in July too
    (was X906); a Term 2 export still sent weeks into Term 3, the rest of the year missing (X896);
    the summer F422; the next Term 1 a new school year (X906 until --allow-rollover) even where the
    summer is shorter than six weeks (a break that short is a term change by its length alone)."""
    terms, next_t1 = four_terms(random.Random(seed), summer_days)
    district = District(tmp_path, SKYWARD, Year(terms[0], terms[1], next_t1), CALENDAR_YEAR)
    assert_published(district.night(terms[0], terms[0].start + dt.timedelta(days=3)), district, terms[0])
    for ended, term in itertools.pairwise(terms):
        assert_published(district.night(ended, ended.end), district, ended)
        change = district.night(term, term.start)
        assert_published(change, district, term)
        assert "X937" in codes_of(change) and "X906" not in codes_of(change), term.name
        if term.name == "T3":
            assert_refused(district.night(ended, term.start + dt.timedelta(days=24)), "X896", district, term)
    for night in (terms[-1].end + dt.timedelta(days=10), dt.date(2027, 1, 1), next_t1.start - dt.timedelta(days=1)):
        assert_nothing_due(district.night(terms[-1], night), "F422", district, terms[-1])
    assert_refused(district.night(next_t1, next_t1.start), "X906", district, terms[-1])
    assert_published(district.night(next_t1, next_t1.start, allow_rollover=True), district, next_t1)
