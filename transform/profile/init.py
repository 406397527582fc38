"""A first look at a folder of exports, and a starter profile extending the closest bundled one.

`transform init-profile IN_DIR` reports each file's encoding, delimiter, header and sample
values, scores every bundled profile by how many of its declared columns the files have, and
writes a profile that `extends` the best one: sources whose file names differ get `files:`,
and a required column the export spells differently gets an `aliases:` guess to confirm.

A source is wired only to a file that holds its required columns (a few may be guessed
spellings): an optional export the district does not have stays absent. When no bundled
profile fits (a required export with no such file, or too few of its columns found), the
draft is a from-scratch skeleton instead (profile.skeleton).
"""

from __future__ import annotations

import fnmatch
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from transform.pipeline import read
from transform.profile import load
from transform.profile.templates import normalize_column
from transform.report.report import Report

SAMPLE_ROWS = (
    5000  # rows the samples come from: a column empty in the first rows is often full further on (tester57 F13)
)
SAMPLES = 3
VALUE_ROWS = 5000  # rows read for the values a profile's own maps and combines are tested on
MAX_VALUES = 500  # distinct values kept per column
EXPORT_SUFFIXES = (".csv", ".txt", ".tsv", ".tab")
# A bundled profile fits when every required export has a file holding its required columns
# and at least this share of all its declared columns is found; otherwise the draft is a
# skeleton. Measured on the bundled fixtures: each SIS's own profile 0.65-1.00 (the lowest,
# powerschool's messy case), every other profile incomplete (at most 0.33); on the samples in
# shared/realworld: the OneRoster and SDS classic sets 0.89-1.00 for oneroster and sds, while
# SDS v2.1, SDS's minimal layout and a PowerSchool-shaped contacts pair are incomplete (<= 0.28).
FIT_THRESHOLD = 0.5


@dataclass
class ExportFile:
    name: str
    encoding: str
    delimiter: str
    header: list[str]
    samples: dict[str, list[str]]
    values: dict[str, set[str]] = field(default_factory=dict)  # header key -> distinct values, casefolded
    repeats: set[str] = field(default_factory=set)  # header keys with a value on two rows
    rows: list[tuple[str, ...]] = field(default_factory=list)  # the first VALUE_ROWS rows' cells, stripped

    @property
    def keys(self) -> dict[str, str]:
        return {read.header_key(h): h for h in self.header}


@dataclass
class SourceMatch:
    source: str
    file: str | None
    required: bool = True  # the profile's source is a required export
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    guesses: dict[str, str] = field(default_factory=dict)  # declared column -> header that may mean it
    named: bool = True  # the file matches the source's own file patterns


@dataclass
class Candidate:
    profile: str
    score: float
    sources: list[SourceMatch]
    evidence: int = 0  # values of the files that only this profile's own maps or combines act on

    @property
    def complete(self) -> bool:
        """Every required export has a file holding its required columns."""
        return all(m.file is not None for m in self.sources if m.required)

    @property
    def fits(self) -> bool:
        return self.complete and self.score >= FIT_THRESHOLD


# A header cell this long, or a first line in one cell, is prose (a README, SOURCE.txt), not a table.
PROSE_CELL = 64
PROSE_LINES = 20  # lines looked at: a table's rows have the header's cells, prose lines any number


def inspect_folder(folder: Path, skipped: list[str] | None = None) -> list[ExportFile]:
    """The folder's exports; a text file that is no table (a README, a SOURCE.txt of prose) is
    left out, its name added to `skipped` (tester63 F13: SOURCE.txt was drafted as an export)."""
    files = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES):
        report = Report()
        encoding = read.scan_bytes(path, path.name, report)[0]
        with read._open_text(path, encoding) as handle:
            first = handle.readline()
            delimiter = read._sniff(first)
            header = list(read._split(first, delimiter))
            if not _tabular(header, [read._split(line, delimiter) for line in itertools.islice(handle, PROSE_LINES)]):
                if skipped is not None:
                    skipped.append(path.name)
                continue
            handle.seek(0)
            handle.readline()
            export = ExportFile(path.name, encoding, delimiter, header, {h: [] for h in header})
            seen: dict[str, set[str]] = {read.header_key(h): set() for h in header}
            for number, line in enumerate(itertools.islice(handle, VALUE_ROWS)):
                _take(export, seen, read._split(line, delimiter), sample=number < SAMPLE_ROWS)
        export.values = {key: {v.casefold() for v in values} for key, values in seen.items()}
        files.append(export)
    return files


def _tabular(header: list[str], rows: list[tuple[str, ...]]) -> bool:
    """Whether a file's first line and the lines after it read as a header and its rows: two
    cells or more, none of them a sentence, and most lines with the header's count of cells."""
    if len(header) < 2 or any(len(cell) > PROSE_CELL for cell in header):
        return False
    lines = [row for row in rows if any(cell.strip() for cell in row)]
    return not lines or sum(len(row) == len(header) for row in lines) * 2 > len(lines)


def _take(export: ExportFile, seen: dict[str, set[str]], cells: tuple[str, ...], *, sample: bool) -> None:
    export.rows.append(tuple(cell.strip() for cell in cells))
    for name, value in zip(export.header, cells, strict=False):
        value = value.strip()
        if not value:
            continue
        if sample and len(export.samples[name]) < SAMPLES and value not in export.samples[name]:
            export.samples[name].append(value)
        values = seen[read.header_key(name)]
        if value in values:
            export.repeats.add(read.header_key(name))
        elif len(values) < MAX_VALUES:
            values.add(value)


def rank_profiles(files: list[ExportFile], names: list[str] | None = None) -> list[Candidate]:
    """Bundled profiles, best first: the share of their declared columns the files hold; on a
    tie, the one whose own additions (map values, combined rows) the data shows, then the
    general profile before those extending it."""
    candidates, depth, held = [], {}, {}
    for name in load.bundled_names() if names is None else names:
        loaded = load.load(name)
        depth[name] = len(loaded.chain)
        # Among profiles no file fits, the one whose exports' columns the files hold most first
        # (PowerSchool's students header, not aeries 0%: tester63 F13).
        specs = loaded.data["sources"].values()
        held[name] = sum(max((len(_columns_held(spec, f)) for spec in specs), default=0) for f in files)
        matches = [_match(source, spec, files) for source, spec in loaded.data["sources"].items()]
        counted = [m for m in matches if m.required or m.file is not None]
        declared = sum(len(m.found) + len(m.missing) for m in counted) or 1
        candidate = Candidate(name, sum(len(m.found) for m in counted) / declared, matches)
        candidate.evidence = _evidence(loaded, candidate, files)
        candidates.append(candidate)
    return sorted(
        candidates, key=lambda c: (-round(c.score, 6), -c.evidence, -held[c.profile], depth[c.profile], c.profile)
    )


def _match(source: str, spec: dict[str, Any], files: list[ExportFile]) -> SourceMatch:
    """The file holding the most of the source's columns, among those holding its required ones."""
    required = [str(c) for c in spec.get("columns", [])]
    wanted = [*required, *(str(c) for c in spec.get("optional_columns", []))]
    aliases = {
        normalize_column(o): normalize_column(c) for c, others in (spec.get("aliases") or {}).items() for o in others
    }
    prefix = re.compile(spec["header_prefix"]) if spec.get("header_prefix") else None
    named = [f for f in files if any(fnmatch.fnmatch(f.name.lower(), p.lower()) for p in spec["files"])]
    is_required = spec.get("required", True) is not False

    def held(f: ExportFile) -> set[str]:
        keys = (read.header_key(prefix.sub("", h.strip(), count=1) if prefix else h) for h in f.header)
        return {aliases.get(k, k) for k in keys}

    best: SourceMatch | None = None
    # An optional source is wired only to a file named for it: by its columns alone, Clever's
    # optional contacts.csv (student_id its one required column) took enrollments.csv, and the
    # draft read the enrolments as contacts, every parent lost.
    for export in named if named or not is_required else files:
        have = held(export)
        match = SourceMatch(source, export.name, is_required, named=bool(named))
        for column in wanted:
            (match.found if normalize_column(column) in have else match.missing).append(column)
        taken = {read.header_key(c) for c in match.found}
        for column in (c for c in required if c in match.missing):
            hint = read.did_you_mean(read.header_key(column), {k: h for k, h in export.keys.items() if k not in taken})
            if hint:
                match.guesses[column] = hint.split("'")[1]
        if not _holds_required(match, required):
            continue
        if best is None or (len(match.found), -len(match.guesses)) > (len(best.found), -len(best.guesses)):
            best = match
    return best or SourceMatch(source, None, is_required, missing=wanted, named=bool(named))


LOOKS_LIKE = 5  # columns of a bundled profile's export a file holds to be said to look like it


def looks_like(files: list[ExportFile]) -> list[str]:
    """Each file holding many columns of one bundled profile's export, said so, where no profile
    fits as a whole ("students_example.csv looks like powerschool's students export: 12 of its
    columns, Student_Number, SchoolID, ..."): a PowerSchool students export beside a contacts
    export of another layout ranked every profile 0% (tester63 F13)."""
    said = []
    for export in files:
        best: tuple[int, str, str, list[str]] | None = None
        for name in load.bundled_names():
            for source, spec in load.load(name).data["sources"].items():
                found = _columns_held(spec, export)
                if best is None or len(found) > best[0]:
                    best = (len(found), name, source, found)
        if best is not None and best[0] >= LOOKS_LIKE:
            count, name, source, found = best
            shown = ", ".join(found[:4]) + (", ..." if count > 4 else "")
            said.append(f"{export.name} looks like {name}'s {source} export ({count} of its columns: {shown})")
    return said


def _columns_held(spec: dict[str, Any], export: ExportFile) -> list[str]:
    wanted = [str(c) for key in ("columns", "optional_columns") for c in spec.get(key, [])]
    prefix = re.compile(spec["header_prefix"]) if spec.get("header_prefix") else None
    have = {read.header_key(prefix.sub("", h.strip(), count=1) if prefix else h) for h in export.header}
    return [c for c in wanted if normalize_column(c) in have]


def _holds_required(match: SourceMatch, required: list[str]) -> bool:
    """Every required column found, or a close spelling of it; guessed ones a minority (a file
    named for the source may have one guessed)."""
    unguessed = [c for c in required if c in match.missing and c not in match.guesses]
    allowed = max(1, len(required) // 2) if match.named else len(required) // 2
    return not unguessed and len(match.guesses) <= allowed and len(required) > len(match.guesses)


def _evidence(loaded: load.LoadedProfile, candidate: Candidate, files: list[ExportFile]) -> int:
    """How many values of the files only this profile's own additions to the profile it extends
    act on: a grade code its own map reads differently (Focus's 30, ProgressBook's PS), an ID
    repeated on rows its own `combine` merges (Qmlativ's users listed per school)."""
    if len(loaded.chain) < 2:
        return 0
    parent: dict[str, Any] = {}
    for pf in reversed(loaded.chain[1:]):
        parent = load.merge(parent, pf.data)
    data = loaded.data
    by_name = {f.name: f for f in files}
    wired = {m.source: by_name[m.file] for m in candidate.sources if m.file is not None}
    parent_maps = parent.get("maps") or {}
    changed = {
        name: {
            str(k).casefold()
            for k, v in (spec.get("values") or {}).items()
            if (parent_maps.get(name) or {}).get("values", {}).get(k) != v
        }
        for name, spec in (data.get("maps") or {}).items()
    }
    found = 0
    for table, rules in (data.get("tables") or {}).items():
        for rule_name, rule in (rules or {}).items():
            export = wired.get(rule.get("from"))
            if export is None:
                continue
            columns = dict(rule.get("columns") or {})
            for group in (rule.get("each") or {}).values():
                columns.update(group or {})
            for spec in columns.values():
                if isinstance(spec, dict) and changed.get(spec.get("map", "")):
                    for column in _column_names(spec):
                        found += len(changed[spec["map"]] & export.values.get(read.header_key(column), set()))
            parent_rule = ((parent.get("tables") or {}).get(table) or {}).get(rule_name) or {}
            if rule.get("combine") and not parent_rule.get("combine"):
                found += any(read.header_key(c) in export.repeats for c in _column_names(columns.get("sourcedId")))
    return found


def _column_names(spec: object) -> list[str]:
    column = spec.get("column") if isinstance(spec, dict) else None
    return [column] if isinstance(column, str) else [str(c) for c in column] if isinstance(column, list) else []


def starter_profile(best: Candidate, folder: Path, ranked: list[Candidate] | None = None) -> str:
    """YAML text: extends the best profile, with the file names and header spellings found."""
    base = load.load(best.profile).data
    sources: dict[str, Any] = {}
    for match in best.sources:
        spec = base["sources"][match.source]
        override: dict[str, Any] = {}
        if match.file and not any(fnmatch.fnmatch(match.file.lower(), p.lower()) for p in spec["files"]):
            override["files"] = [match.file]
        if match.guesses:
            override["aliases"] = {column: [header] for column, header in match.guesses.items()}
        if override:
            sources[match.source] = override
    profile: dict[str, Any] = {"name": "my-district", "extends": best.profile}
    if sources:
        profile["sources"] = sources
    alike = [c.profile for c in ranked or () if c is not best and round(c.score, 6) == round(best.score, 6)]
    alike = [name for name in alike if next(c for c in ranked or () if c.profile == name).evidence == best.evidence]
    lines = [
        f"# Starter profile for the exports in {folder}, written by `transform init-profile`.",
        f"# Closest bundled profile: {best.profile} ({best.score:.0%} of its columns found).",
        *(
            [f"# These files fit {', '.join(alike)} as well (the same layout): if that is your SIS, extend it instead."]
            if alike
            else []
        ),
        "# Check the aliases guessed below; staff without an email get <username>@ the domain in",
        "#   settings: {email_domain: your-district.org}",
        "# Then run: transform check-profile THIS_FILE --exports " + str(folder),
        *[
            f"# {m.source}: not found: {', '.join(m.missing)}"
            for m in best.sources
            if m.missing and (m.file is not None or m.required)
        ],
        *[
            f"# {m.source}: no such export here (optional; its rules are skipped)"
            for m in best.sources
            if m.file is None and not m.required
        ],
        "",
    ]
    return "\n".join(lines) + yaml.safe_dump(profile, sort_keys=False, allow_unicode=True)


def describe(files: list[ExportFile]) -> list[str]:
    """What a person reads before trusting the starter profile."""
    shown = {"\t": "tab", ",": "comma", "|": "pipe", ";": "semicolon", "^": "caret"}
    lines = []
    for f in files:
        lines.append(
            f"{f.name}: {f.encoding}, {shown.get(f.delimiter, f.delimiter)}-delimited, {len(f.header)} columns"
        )
        for name in f.header:
            lines.append(f"  {name}: {shown_samples(f.samples.get(name, []))}")
    return lines


def shown_samples(samples: list[str]) -> str:
    """A column's sample values as a line shows them: joined with ", ", or with " | " when a value
    holds a comma ("Baker, Susan | Ito, Ken": three names, not six); "(empty)" for none."""
    if not samples:
        return "(empty)"
    return (" | " if any("," in s for s in samples) else ", ").join(samples)
