"""Which kind of export set a folder holds, from the `formats:` the profiles declare.

A OneRoster 1.2 set run with the 1.1 profile used to stop on "column 'role' missing", which
sends a person looking for a column that the 1.2 set moved to roles.csv on purpose. The profiles
say what they read (OneRoster 1.0 and 1.1; 1.2) and how a folder shows it: a manifest property
is decisive, and a set whose manifest names a format that another bundled profile reads is
refused before anything is read (I250); a header is a hint, given only when the run stops on a
missing export or column (I251). Nothing here knows a SIS: the formats are YAML.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from transform.pipeline.read import header_key, matches_source, sniff_delimiter
from transform.profile import load
from transform.profile.compile import FormatPlan, Plan, compile_formats
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

MAX_MANIFEST_BYTES = 64 * 1024  # a manifest is a few dozen short rows
HEADER_BYTES = 64 * 1024


def check_manifest(folder: Path, plan: Plan, report: Report | None = None) -> None:
    """Refuse a set whose manifest names a format the profile does not read but another
    bundled profile does: every row would be read by the wrong rules (exit 2). Unless the files
    themselves show one of the profile's formats and not the manifest's (a 1.2 set whose manifest
    still says 1.1): the files are what is read, so they are trusted, said (I230). Refused, the
    other profile read the files and sent the admin back here (tester59 M1)."""
    if not plan.formats or any(_manifest_says(folder, f) for f in plan.formats):
        return
    for profile, fmt in _declared():
        if profile != plan.name and (said := _manifest_says(folder, fmt)):
            file, evidence = said
            files = next((found for own in plan.formats if (found := _header_says(folder, own))), None)
            if files is not None and report is not None and _header_says(folder, fmt) is None:
                own_name = next(f.name for f in plan.formats if _header_says(folder, f) == files)
                report.add(
                    codes.code("manifest-format-disagrees"),
                    Where(file=file),
                    manifest=evidence,
                    said=fmt.name,
                    files=files[1],
                    format=own_name,
                    profile=plan.name,
                )
                return
            raise TransformAbort(
                [
                    Problem(
                        codes.code("set-for-other-profile"),
                        Where(file=file),
                        {
                            "file": file,
                            "format": fmt.name,
                            "evidence": evidence,
                            "profile": plan.name,
                            "reads": ", ".join(f.name for f in plan.formats),
                            "suggest": profile,
                        },
                    )
                ]
            )


def check_file_modes(folder: Path, plan: Plan) -> None:
    """Refuse an export whose manifest gives a file a mode the profile cannot read
    (`settings.file_modes`; OneRoster's delta: only the changes since the last export), one
    problem per file the profile reads: a set made from it would remove everyone it leaves
    out (I266, exit 2: the export's mode is wrong, nothing is read)."""
    spec = plan.settings.get("file_modes") or {}
    refused = {str(mode).strip().casefold() for mode in spec.get("refuse") or ()}
    path = _find(folder, spec.get("file") or "manifest.csv") if refused else None
    if path is None:
        return
    prefix = str(spec.get("prefix") or "file.").casefold()
    problems = []
    for line, name, mode in _properties(path):
        if not name.casefold().startswith(prefix) or mode.casefold() not in refused:
            continue
        file = f"{name[len(prefix) :]}.csv"
        if any(matches_source(file, source) for source in plan.sources.values()):
            where = Where(file=path.name, line=line)
            params: dict[str, object] = {"file": file, "manifest": path.name, "property": name, "mode": mode}
            problems.append(Problem(codes.code("file-mode-refused"), where, params))
    if problems:
        raise TransformAbort(problems)


# report.facts: the sources the manifest says were not exported, found empty (check_files_listed)
SAID_ABSENT = "said_absent"


def check_files_listed(folder: Path, plan: Plan, report: Report | None = None) -> None:
    """Refuse an export whose manifest contradicts the files beside it, for a file the run reads
    (`settings.file_modes`: `present` lists the modes saying a file was exported, `absent`
    those saying it was not): a file said exported that is not there was lost on the way (a set
    without it publishes students with no birth dates), one said not exported that holds rows is
    left over from another export (another day's enrolments). Either way the package is not the
    one the SIS wrote together (X986, exit 1; tester23 F6).

    A file the run does not read for its target (courses.csv for Remind, which is sent no
    courses; the class files of --users-only) cannot change the set: a district that copies only
    the files Remind asks for beside its SIS's manifest is not refused (tester26 2.3). Nor is a
    file said absent that holds its header alone (or nothing): as empty as the manifest says.
    Those sources, said absent and empty, go in report.facts (SAID_ABSENT): a first set's empty
    demographics export the manifest does not explain is said (I296), one it explains is not."""
    spec = plan.settings.get("file_modes") or {}
    present = {str(mode).strip().casefold() for mode in spec.get("present") or ()}
    absent = {str(mode).strip().casefold() for mode in spec.get("absent") or ()}
    path = _find(folder, spec.get("file") or "manifest.csv") if present or absent else None
    if path is None:
        return
    prefix = str(spec.get("prefix") or "file.").casefold()
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:
        return
    read = sources_read(plan)
    problems: list[Problem] = []
    said_empty: set[str] = set()
    for line, name, mode in _properties(path):
        said = mode.casefold()
        if not name.casefold().startswith(prefix) or said not in present | absent:
            continue
        file = f"{name[len(prefix) :]}.csv"
        source = next((s for s in plan.sources.values() if matches_source(file, s)), None)
        if source is None or source.name not in read:
            continue
        there = [n for n in names if matches_source(n, source) and (folder / n).is_file()]
        if said in absent:
            there = [n for n in there if _holds_rows(folder / n)]
            said_empty.update(() if there else (source.name,))
        if said in present and not there:
            found = "is not in the exports"
            meaning = "the export wrote it with the others, so it was lost on the way (or the job stopped before it)"
            fix = "export the whole package again and copy it complete"
        elif said in absent and there:
            found = f"is in the exports ({there[0]})" if there[0] != file else "is in the exports"
            meaning = "the export wrote no such file, so this one is left over from another export"
            fix = f"remove the stale {there[0]} from the exports, or export the whole package again"
        else:
            continue
        params: dict[str, object] = {
            "manifest": path.name,
            "property": name,
            "mode": mode,
            "file": file,
            "found": found,
            "meaning": meaning,
            "fix": fix,
        }
        problems.append(Problem(codes.code("manifest-contradicts-files"), Where(file=path.name, line=line), params))
    if problems:
        raise TransformAbort(problems)
    if said_empty and report is not None:
        report.facts[SAID_ABSENT] = sorted(said_empty)


# The tables a --users-only run writes none of.
_CLASS_TABLES = ("classes", "enrollments", "academicSessions", "courses")


def sources_read(plan: Plan) -> frozenset[str]:
    """The sources the run reads for its target: those of the rules of the files it writes (a
    rule's own, those it joins, the one whose presence sets it aside), the class files' aside
    under --users-only."""
    return frozenset(
        name
        for table in plan.target.files
        if not (plan.users_only and table in _CLASS_TABLES)
        for rule in plan.rules.get(table, ())
        for name in (rule.source, *(j.source for j in rule.joins.values()), rule.unless_source)
        if name
    )


def files_read(plan: Plan) -> frozenset[str]:
    """The files, by name in lower case, that the profile reads other than as a source: its
    manifest (settings.file_modes, a format's manifest_file). Not an export left unread (I220)."""
    spec = plan.settings.get("file_modes") or {}
    names = {str(spec.get("file") or "manifest.csv")} if spec else set()
    names |= {fmt.manifest_file for fmt in plan.formats if fmt.manifest_file}
    return frozenset(name.casefold() for name in names)


def _holds_rows(path: Path) -> bool:
    """Whether a file holds a line after its first (the header) with more than delimiters,
    quotes and spaces: a row. Unreadable: as if it did (it is there)."""
    try:
        with path.open("rb") as handle:
            start = handle.read(HEADER_BYTES)
    except OSError:
        return True
    if len(start) == HEADER_BYTES:
        return True  # a header is shorter: more than a header (or not a table)
    rest = start.removeprefix(b"\xef\xbb\xbf").replace(b"\r", b"\n").lstrip().partition(b"\n")[2]
    return bool(rest.translate(None, b' \t\r\n,;|"\x00'))


def hints(folder: Path, plan: Plan) -> list[Problem]:
    """For a run stopped on a missing export or column: the bundled profiles that read the kind
    of set the folder shows (by manifest, else by header), one per format the profile does not
    read itself (one per profile)."""
    own = {f.name for f in plan.formats}
    found: list[Problem] = []
    suggested: set[str] = set()
    for profile, fmt in _declared():
        if profile == plan.name or profile in suggested or fmt.name in own:
            continue
        said = _manifest_says(folder, fmt) or _header_says(folder, fmt)
        if said:
            suggested.add(profile)  # its first format that fits: a profile lists the most telling first
            found.append(
                Problem(
                    codes.code("set-looks-like"),
                    Where(file=said[0]),
                    {"format": fmt.name, "evidence": said[1], "profile": plan.name, "suggest": profile},
                )
            )
    return found


def own_format(folder: Path, plan: Plan) -> tuple[str, str] | None:
    """(format, evidence) when the folder shows a kind of set the profile reads itself (its
    `formats`, inherited ones too: OneRoster 1.1 for oneroster and focus): a run stopped on a
    missing export or column is then this profile's set with a file or column missing, and no
    other profile is suggested (tester33 F2: a 1.1 set without classes.csv was told to try
    sds-v2, which answered "try --profile oneroster")."""
    for fmt in plan.formats:
        said = _manifest_says(folder, fmt) or _header_says(folder, fmt)
        if said:
            return fmt.name, said[1]
    return None


@functools.cache
def _declared() -> tuple[tuple[str, FormatPlan], ...]:
    """(bundled profile, format) for every format a bundled profile declares itself (not one it
    inherits: focus extends oneroster but is not what a plain OneRoster set should use)."""
    pairs: list[tuple[str, FormatPlan]] = []
    for name in load.bundled_names():
        try:
            own = load.load(name).chain[0].data
        except TransformAbort:  # a broken bundled profile is check-profile's to report
            continue
        pairs += [(name, fmt) for fmt in compile_formats(own)]
    return tuple(pairs)


def _find(folder: Path, name: str) -> Path | None:
    """The file of this name in the folder, in any case."""
    wanted = name.casefold()
    try:
        return next((p for p in sorted(folder.iterdir()) if p.name.casefold() == wanted and p.is_file()), None)
    except OSError:
        return None


def _manifest_says(folder: Path, fmt: FormatPlan) -> tuple[str, str] | None:
    """(file, "manifest.csv oneroster.version 1.2") when the folder's manifest shows the format."""
    if not fmt.manifest_file:
        return None
    path = _find(folder, fmt.manifest_file)
    value = _property(path, fmt.manifest_property) if path is not None else None
    if path is None or value is None or value not in fmt.manifest_values:
        return None
    return path.name, f"{path.name} {fmt.manifest_property} {value}"


def _property(path: Path, name: str) -> str | None:
    """The value of one propertyName,value row; None when unreadable or absent."""
    return next((value for _, prop, value in _properties(path) if prop.casefold() == name.casefold()), None)


def _properties(path: Path) -> list[tuple[int, str, str]]:
    """The (line, propertyName, value) rows of a manifest, stripped; none when unreadable."""
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_MANIFEST_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return []
    lines = text.splitlines()
    # delimited as the data files are (a tab-separated export's manifest too: file.users<TAB>delta)
    rows = enumerate(csv.reader(lines, delimiter=sniff_delimiter(lines[0] if lines else "")), start=1)
    return [(line, row[0].strip(), row[1].strip()) for line, row in rows if len(row) >= 2]


def _header_says(folder: Path, fmt: FormatPlan) -> tuple[str, str] | None:
    """(file, "users.csv has agents") when the file's header holds every column the format names."""
    if not fmt.header_file:
        return None
    path = _find(folder, fmt.header_file)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            first = handle.read(HEADER_BYTES).decode("utf-8-sig", errors="replace").splitlines()[:1]
    except OSError:
        return None
    header = {header_key(cell) for row in csv.reader(first) for cell in row}
    if not all(header_key(column) in header for column in fmt.header_columns):
        return None
    return path.name, f"{path.name} has {', '.join(fmt.header_columns)}"
