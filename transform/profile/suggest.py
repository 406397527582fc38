"""The wrong profile or the wrong folder: one short hint instead of a list of missing exports.

When a profile's exports or required columns are missing, the folder is looked at as
init-profile would: a set this tool wrote (manifest.csv and the six files) means EXPORTS and
OUT were swapped (I243); files another bundled profile fits mean the wrong --profile (I242).
Otherwise the problems stand as they are: the files are the district's, the profile theirs. A
missing export whose columns a file of the folder that no source reads holds (students_example.csv
holding 10 of PowerSchool's students columns) is said with that file, the likely export under
another name (tester56 T7: "looked for students.txt, students.csv" named no file).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from transform.profile import init, load
from transform.profile.templates import normalize_column
from transform.report import codes
from transform.report.problem import Problem, Where

if TYPE_CHECKING:
    from transform.profile.compile import SourcePlan

OUTPUT_SET = ("manifest", "orgs", "users", "demographics", "classes", "enrollments")


def output_set(folder: Path, *, shown: Path | None = None) -> Problem | None:
    """A folder holding what a run publishes: manifest.csv and the six files. `shown`: the
    folder or zip as the command named it (a zip is read from a temporary folder)."""
    names = {p.name.casefold() for p in folder.iterdir()} if folder.is_dir() else set()
    if all(f"{table.casefold()}.csv" in names for table in OUTPUT_SET):
        shown = shown or folder
        return Problem(codes.code("exports-are-output-set"), Where(file=str(shown)), {"folder": shown})
    return None


def other_profile(
    folder: Path, layout: list[Problem], *, chain: tuple[str, ...], shown: Path | None = None
) -> Problem | None:
    """The bundled profile that fits these files, when it is not the one given."""
    files = init.inspect_folder(folder) if folder.is_dir() else []
    ranked = [c for c in init.rank_profiles(files) if c.fits] if files else []
    if not ranked or ranked[0].profile in chain or _aliases_of(ranked[0].profile) & set(chain):
        return None
    best, shown = ranked[0], shown or folder
    return Problem(
        codes.code("exports-fit-other-profile"),
        Where(file=str(shown)),
        {
            "missing": len(layout),
            "profile": chain[0] if chain else "",
            "folder": shown,
            "first": _named(layout[0]),
            "score": f"{best.score:.0%}",
            "other": best.profile,
        },
    )


def _named(problem: Problem) -> str:
    """What is missing, in a few words: "export 'schools'", "schools.txt column 'number'"."""
    if problem.code.slug in ("source-missing", "export-lost"):
        return f"export {problem.params['source']!r} ({problem.params['patterns']})"
    return f"{problem.params['file']} column {problem.params['column']!r}"


def _aliases_of(name: str) -> set[str]:
    return {alias for alias, path in load.bundled_aliases().items() if path.stem == name}


def files_like(folder: Path, problems: list[Problem], sources: Mapping[str, SourcePlan]) -> list[Problem]:
    """`problems`, each missing export (I200) with the file of `folder` no source reads that holds
    its required columns, or init.LOOKS_LIKE of its columns, the most of them: named in the message
    (param patterns) and the step (param step) as the export under another name."""
    if not any(p.code.slug == "source-missing" for p in problems) or not folder.is_dir():
        return problems
    files = init.inspect_folder(folder)
    unread = [f for f in files if not any(_named_for(f.name, s) for s in sources.values())]
    said = []
    for problem in problems:
        source = sources.get(str(problem.params.get("source"))) if problem.code.slug == "source-missing" else None
        like = _likeliest(source, unread) if source is not None else None
        if source is None or like is None:
            said.append(problem)
            continue
        name, held = like
        shown = ", ".join(held[:4]) + (", ..." if len(held) > 4 else "")
        suffix = Path(name).suffix.lower()
        pattern = next((p for p in source.patterns if p.lower().endswith(suffix)), source.patterns[0])
        fix = (
            f"rename it {pattern}, or add it to the profile's files of that source: sources: {{{source.name}: "
            f"{{files: [{name}]}}}} (docs/profiles.md)"
        )
        patterns = f"{problem.params.get('patterns')}; {name} holds {len(held)} of its columns ({shown}): if it is "
        patterns += f"this export, {fix}"
        step = f"if {name} is the {source.name} export (it holds {len(held)} of its columns), {fix}"
        said.append(Problem(problem.code, problem.where, {**problem.params, "patterns": patterns, "step": step}))
    return said


def _likeliest(source: SourcePlan, files: list[init.ExportFile]) -> tuple[str, list[str]] | None:
    """The file holding the most of `source`'s columns, when it holds every required one or
    init.LOOKS_LIKE of them, with those columns; None otherwise."""
    best: tuple[str, list[str]] | None = None
    for export in files:
        have = export.keys.keys()
        held = [c for c in (*source.columns, *source.optional) if normalize_column(c) in have]
        whole = bool(source.columns) and all(normalize_column(c) in have for c in source.columns)
        if (whole or len(held) >= init.LOOKS_LIKE) and (best is None or len(held) > len(best[1])):
            best = (export.name, held)
    return best


def _named_for(name: str, source: SourcePlan) -> bool:
    """Whether the file is one `source` reads by its name (as pipeline.read.matches_source)."""
    return any(fnmatch.fnmatch(name.lower(), pattern.lower()) for pattern in source.patterns)
