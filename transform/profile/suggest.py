"""The wrong profile or the wrong folder: one short hint instead of a list of missing exports.

When a profile's exports or required columns are missing, the folder is looked at as
init-profile would: a set this tool wrote (manifest.csv and the six files) means EXPORTS and
OUT were swapped (I243); files another bundled profile fits mean the wrong --profile (I242).
Otherwise the problems stand as they are: the files are the district's, the profile theirs.
"""

from __future__ import annotations

from pathlib import Path

from transform.profile import init, load
from transform.report import codes
from transform.report.problem import Problem, Where

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
