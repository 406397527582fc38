"""A first look at a folder of exports, and a starter profile extending the closest bundled one.

`transform init-profile IN_DIR` reports each file's encoding, delimiter, header and sample
values, scores every bundled profile by how many of its declared columns the files have, and
writes a profile that `extends` the best one: sources whose file names differ get `files:`,
and a required column the export spells differently gets an `aliases:` guess to confirm.
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

SAMPLE_ROWS = 50
SAMPLES = 3
EXPORT_SUFFIXES = (".csv", ".txt", ".tsv", ".tab")


@dataclass
class ExportFile:
    name: str
    encoding: str
    delimiter: str
    header: list[str]
    samples: dict[str, list[str]]

    @property
    def keys(self) -> dict[str, str]:
        return {read.header_key(h): h for h in self.header}


@dataclass
class SourceMatch:
    source: str
    file: str | None
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    guesses: dict[str, str] = field(default_factory=dict)  # declared column -> header that may mean it


@dataclass
class Candidate:
    profile: str
    score: float
    sources: list[SourceMatch]


def inspect_folder(folder: Path) -> list[ExportFile]:
    files = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES):
        report = Report()
        encoding, _ = read.scan_bytes(path, path.name, report)
        with read._open_text(path, encoding) as handle:
            first = handle.readline()
            delimiter = read._sniff(first)
            header = list(read._split(first, delimiter))
            samples: dict[str, list[str]] = {h: [] for h in header}
            for line in itertools.islice(handle, SAMPLE_ROWS):
                for name, value in zip(header, read._split(line, delimiter), strict=False):
                    if value.strip() and len(samples[name]) < SAMPLES and value not in samples[name]:
                        samples[name].append(value.strip())
        files.append(ExportFile(path.name, encoding, delimiter, header, samples))
    return files


def rank_profiles(files: list[ExportFile]) -> list[Candidate]:
    """Bundled profiles, best first: the share of their declared columns the files hold."""
    candidates, depth = [], {}
    for name in load.bundled_names():
        loaded = load.load(name)
        depth[name] = len(loaded.chain)  # on a tie, the general profile before those extending it
        matches = [_match(source, spec, files) for source, spec in loaded.data["sources"].items()]
        declared = sum(len(m.found) + len(m.missing) for m in matches) or 1
        candidates.append(Candidate(name, sum(len(m.found) for m in matches) / declared, matches))
    return sorted(candidates, key=lambda c: (-c.score, depth[c.profile], c.profile))


def _match(source: str, spec: dict[str, Any], files: list[ExportFile]) -> SourceMatch:
    wanted = [*spec.get("columns", []), *spec.get("optional_columns", [])]
    aliases = {
        normalize_column(o): normalize_column(c) for c, others in (spec.get("aliases") or {}).items() for o in others
    }
    named = [f for f in files if any(fnmatch.fnmatch(f.name.lower(), p.lower()) for p in spec["files"])]
    pool = named or files

    prefix = re.compile(spec["header_prefix"]) if spec.get("header_prefix") else None

    def held(f: ExportFile) -> set[str]:
        keys = (read.header_key(prefix.sub("", h.strip(), count=1) if prefix else h) for h in f.header)
        return {aliases.get(k, k) for k in keys}

    best = max(pool, key=lambda f: len(held(f) & {normalize_column(c) for c in wanted}), default=None)
    match = SourceMatch(source, best.name if best else None)
    have = held(best) if best else set()
    for column in wanted:
        (match.found if normalize_column(column) in have else match.missing).append(column)
    if best is not None:
        for column in spec.get("columns", []):
            if column in match.missing:
                hint = read.did_you_mean(read.header_key(column), best.keys)
                if hint:
                    match.guesses[column] = hint.split("'")[1]
    return match


def starter_profile(best: Candidate, folder: Path) -> str:
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
    lines = [
        f"# Starter profile for the exports in {folder}, written by `transform init-profile`.",
        f"# Closest bundled profile: {best.profile} ({best.score:.0%} of its columns found).",
        "# Check the aliases guessed below; staff without an email get <username>@ the domain in",
        "#   settings: {email_domain: your-district.org}",
        "# Then run: transform check-profile THIS_FILE",
        *[f"# {m.source}: not found: {', '.join(m.missing)}" for m in best.sources if m.missing],
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
            lines.append(f"  {name}: {', '.join(f.samples.get(name, [])) or '(empty)'}")
    return lines
