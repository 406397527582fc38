"""Find a profile, parse it keeping every node's position, follow `extends`, merge."""

from __future__ import annotations

import copy
import difflib
import hashlib
import importlib.util
import json
import re
import stat
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where

BUNDLED_PACKAGE = "transform.bundled_profiles"


class ProfileLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false. YAML 1.1 would read the join key
    `on:` as True, and a map of `NO` (Norway), `yes` or `off` values as booleans."""


ProfileLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ProfileLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


# PyYAML's libyaml parser, where it was built with it: a bundled profile in a tenth of the time
# (powerschool.yaml: ~90 ms -> ~9 ms), the same resolvers. Only for the bundled profiles, whose
# data and every node's line and column tests/test_bundled_profiles.py checks to be the same
# with both loaders; a district's own profile, whose errors are reported, keeps ProfileLoader.
class FastProfileLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """ProfileLoader's resolvers over libyaml's parser."""


FastProfileLoader.yaml_implicit_resolvers = {
    first: list(resolvers) for first, resolvers in ProfileLoader.yaml_implicit_resolvers.items()
}
# bundled_aliases reads the aliases of every bundled profile, as yaml.safe_load would
SafeLoader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

PathPart = str | int


@dataclass(frozen=True, slots=True)
class ProfileFile:
    path: Path
    display: str  # how errors name the file
    data: dict[str, Any]
    node: yaml.Node
    # The file's text as read: with the path, what a check of it is remembered by (check.once).
    text: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class LoadedProfile:
    """The merged data of a profile and its `extends` chain (child first)."""

    data: dict[str, Any]
    chain: tuple[ProfileFile, ...]

    def where(self, path: Iterable[PathPart], *, key: bool = False) -> Where:
        """The file:line:col of a path in the merged data: the child-most file that has it."""
        parts = list(path)
        best: tuple[int, ProfileFile, yaml.Node] | None = None
        for pf in self.chain:
            depth, node = _walk(pf.node, parts, key=key)
            if best is None or depth > best[0]:
                best = (depth, pf, node)
            if depth == len(parts):
                break
        assert best is not None
        _, pf, node = best
        mark = node.start_mark
        return Where(file=f"{pf.display}:{mark.line + 1}:{mark.column + 1}")

    def inherited(self, path: Iterable[PathPart]) -> bool:
        """Whether only a bundled profile the district's own file extends writes this path (an upgrade's
        addition the district never wrote)."""
        parts = list(path)
        owner = next((pf for pf in self.chain if _walk(pf.node, parts, key=False)[0] == len(parts)), None)
        bundled = bundled_folder().resolve()
        return (
            owner is not None
            and owner is not self.chain[0]
            and owner.path.resolve().is_relative_to(bundled)
            and not self.chain[0].path.resolve().is_relative_to(bundled)
        )

    def node(self, path: Iterable[PathPart]) -> yaml.Node | None:
        """The node of a path as the child-most file that has it wrote it, else None."""
        parts = list(path)
        for pf in self.chain:
            depth, node = _walk(pf.node, parts, key=False)
            if depth == len(parts):
                return node
        return None


def bundled_folder() -> Path:
    """Installed from a wheel: the package data. Run from a checkout: the repo's profiles/."""
    try:
        spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    except ModuleNotFoundError:
        spec = None
    # A data-only folder is a namespace package: its location, not resources.files(), is a Path.
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[2] / "profiles"


def bundled_names() -> list[str]:
    folder = bundled_folder()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def bundled_path(name: str) -> Path | None:
    """A bundled profile by its name or an alias, in any case (`PowerSchool`, `RenWeb`)."""
    candidate = bundled_folder() / f"{name}.yaml"
    if candidate.is_file():
        return candidate
    known = {n.casefold(): bundled_folder() / f"{n}.yaml" for n in bundled_names()}
    known.update((alias.casefold(), path) for alias, path in bundled_aliases().items())
    return known.get(name.casefold())


def close_name(name: str) -> str:
    """ " (did you mean 'powerschool'?)" for a misspelt bundled name or alias, else ""."""
    known = {n.casefold(): n for n in [*bundled_names(), *bundled_aliases()]}
    close = difflib.get_close_matches(name.casefold(), list(known), n=1, cutoff=0.75)
    return f" (did you mean {known[close[0]]!r}?)" if close else ""


def bundled_aliases() -> dict[str, Path]:
    """Other names of bundled profiles (`aliases: [renweb]` in facts.yaml)."""
    found: dict[str, Path] = {}
    folder = bundled_folder()
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        try:
            data = yaml.load(path.read_text("utf-8"), Loader=SafeLoader)
        except (OSError, yaml.YAMLError):
            continue  # reported when that profile itself is loaded
        aliases = data.get("aliases") if isinstance(data, dict) else None
        for alias in aliases if isinstance(aliases, list) else ():
            found.setdefault(str(alias), path)
    return found


@cache
def bundled_column_aliases() -> dict[tuple[str, str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """The other spellings bundled profiles read for a column of a source (`aliases:` under their
    sources), by source and column name in any case, each with the profiles reading it, in the
    order they list them: ("users", "agentsourcedids") -> (("agents", ("oneroster",
    "oneroster-1.2")), ("agentSourcedId", (...))). OneRoster 1.0's `agents` is the 1.1 and 1.2
    `agentSourcedIds`: a header so spelt beside that column missing is the column under its other
    name (pipeline.absent), not merely a near spelling of it."""
    found: dict[tuple[str, str], dict[str, tuple[str, list[str]]]] = {}
    folder = bundled_folder()
    for path in sorted(folder.glob("*.yaml"), key=lambda p: p.stem) if folder.is_dir() else ():
        try:
            sources = _bundled_sources(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError):
            continue  # reported when that profile itself is loaded
        for source, spec in sources.items() if isinstance(sources, dict) else ():
            aliases = spec.get("aliases") if isinstance(spec, dict) else None
            for column, others in aliases.items() if isinstance(aliases, dict) else ():
                spellings = found.setdefault((str(source), str(column).strip().casefold()), {})
                for other in others if isinstance(others, list) else ():
                    spellings.setdefault(str(other).strip().casefold(), (str(other).strip(), []))[1].append(path.stem)
    return {
        key: tuple((spelt, tuple(readers)) for spelt, readers in spellings.values())
        for key, spellings in found.items()
        if spellings
    }


@cache
def bundled_statuses() -> tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], frozenset[str]], ...]:
    """Each bundled profile's `statuses:` declarations, read once a process through the `sources:` block
    alone: (the profile, the status column casefolded, its left values, its active values, its export's
    required columns casefolded), by profile name (review203 R8: every bundled file was parsed whole per call)."""
    found: list[tuple[str, str, tuple[str, ...], tuple[str, ...], frozenset[str]]] = []
    folder = bundled_folder()
    for path in sorted(folder.glob("*.yaml"), key=lambda p: p.stem) if folder.is_dir() else ():
        try:
            sources = _bundled_sources(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError):
            continue  # reported when that profile itself is loaded
        for spec in sources.values() if isinstance(sources, dict) else ():
            statuses = spec.get("statuses") if isinstance(spec, dict) else None
            for name, values in statuses.items() if isinstance(statuses, dict) else ():
                if isinstance(values, dict):
                    left = tuple(str(v) for v in values.get("left") or ())
                    active = tuple(str(v) for v in values.get("active") or ())
                    required = frozenset(str(c).strip().casefold() for c in spec.get("columns") or ())
                    found.append((path.stem, str(name).strip().casefold(), left, active, required))
    return tuple(found)


# A profile's top-level `sources:` written as a block of its own: the key at a line's start with nothing
# after it but a comment, then every line up to the next top-level key indented, blank or a comment.
_SOURCES_BLOCK = re.compile(r"^sources:[ \t]*(?:#[^\n]*)?(?:\n|\Z)(?:[ \t#][^\n]*(?:\n|\Z)|\n)*", re.MULTILINE)
_DOCUMENT_MARKS = re.compile(r"^(?:---|\.\.\.|%)", re.MULTILINE)  # a second document, a directive


def _bundled_sources(text: str) -> object:
    """What a whole parse of a bundled profile reads under `sources:` (None without it), parsing only
    that block where the file holds it once as a block of its own: the block is a seventh of a profile,
    and reading every bundled profile whole was a tenth of a small district's run (startup63). Any
    other shape, and a block that does not parse alone (an alias of an anchor outside it), is parsed
    whole, as it was; raises yaml.YAMLError as that parse does."""
    blocks = _SOURCES_BLOCK.findall(text)
    if len(blocks) == 1 and _DOCUMENT_MARKS.search(text) is None:
        try:
            part = yaml.load(blocks[0], Loader=SafeLoader)
        except yaml.YAMLError:
            part = None
        if isinstance(part, dict) and list(part) == ["sources"]:
            return part["sources"]
    data = yaml.load(text, Loader=SafeLoader)
    return data.get("sources") if isinstance(data, dict) else None


def resolve(ref: str, *, relative_to: Path | None = None) -> Path:
    """A bundled name (`powerschool`, any case) or a path (`district.yaml`, `./x.yml`)."""
    looks_like_path = ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref
    if looks_like_path:
        path = Path(ref)
        if not path.is_absolute() and relative_to is not None:
            path = relative_to / path
        if path.is_file():
            return path
        stem = Path(ref.replace("\\", "/")).name.rsplit(".", 1)[0]
        hint = f"; the bundled profile {stem!r} is named without a path" if bundled_path(stem) else _near_file(path)
        problem = Problem(codes.code("profile-file-missing"), Where(), {"path": path, "hint": hint})
        raise TransformAbort([problem])
    if (found := bundled_path(ref)) is not None:
        return found
    problem = Problem(
        codes.code("profile-not-found"),
        Where(),
        {"name": ref, "hint": close_name(ref), "bundled": ", ".join(bundled_names())},
    )
    raise TransformAbort([problem])


def _near_file(path: Path) -> str:
    """ "; did you mean 'profile.yaml'?" for a profile file of that folder close to the name."""
    try:
        names = [p.name for p in path.parent.iterdir() if p.suffix in (".yaml", ".yml")] if path.parent.is_dir() else []
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def load(ref: str) -> LoadedProfile:
    """Load a profile and everything it extends; abort with every parse problem found."""
    chain: list[ProfileFile] = []
    seen: list[Path] = []
    path = resolve(ref)
    while True:
        real = path.resolve()
        if real in seen:
            names = " -> ".join(_display(p) for p in [*seen, real])
            where = LoadedProfile({}, (chain[-1],)).where(["extends"])
            raise TransformAbort([Problem(codes.code("profile-extends-cycle"), where, {"chain": names})])
        seen.append(real)
        pf = _parse(path, display=_display(path))
        chain.append(pf)
        parent = pf.data.get("extends")
        if not isinstance(parent, str):
            break
        try:
            path = resolve(parent, relative_to=path.parent)
        except TransformAbort as abort:  # said at the `extends:` line that names it
            where = LoadedProfile({}, (pf,)).where(["extends"])
            raise TransformAbort([replace(p, where=where) for p in abort.problems]) from None
    merged: dict[str, Any] = {}
    for pf in reversed(chain):
        merged = merge(merged, pf.data)
    merged.pop("extends", None)
    return LoadedProfile(merged, tuple(chain))


def digest(profile: LoadedProfile) -> str:
    """A short fingerprint of what the profile says (with what it extends), for the state folder:
    the gate says when a set changed after a profile edit (pipeline.gate.made_since)."""
    text = json.dumps(profile.data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def own_digest(profile: LoadedProfile, *, also: Sequence[str] = ()) -> str:
    """A fingerprint of the district's own part of the profile: its files not bundled with the
    tool, and a bundled one by name only, with `also` (the command line's class exclusion patterns,
    rules of the district's as much as its profile's). An upgrade that changes a bundled profile is
    the tool upgraded, not the district's profile changed (tester58 F7: a district's accepted I223
    said at exit 1 again after each upgrade)."""
    bundled = bundled_folder().resolve()
    parts: list[Any] = [pf.path.name if pf.path.resolve().is_relative_to(bundled) else pf.data for pf in profile.chain]
    if also:
        parts.append(list(also))
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge by key, null removes a key, everything else replaces. A null where there is
    nothing to remove removes nothing: `map: null` in a profile that extends none (or in a
    mapping the profile it extends lacks) is no map, as it is over one that has it."""
    out = dict(base)
    for key, value in override.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict):
            out[key] = merge(out[key] if isinstance(out.get(key), dict) else {}, value)
        else:
            out[key] = value
    return out


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


MAX_PROFILE_BYTES = 1 << 20  # the largest bundled profile is about 15 KB


def _check_file(path: Path, display: str) -> None:
    """Before reading: a profile is a small regular file. A 50 MB one took minutes to parse
    before the shape check refused it; a FIFO would never end."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise TransformAbort(
            [
                Problem(
                    codes.code("profile-yaml-syntax"),
                    Where(file=display),
                    {"detail": "not a regular file (a folder, a pipe or a device)"},
                )
            ]
        )
    if info.st_size > MAX_PROFILE_BYTES:
        raise TransformAbort(
            [
                Problem(
                    codes.code("profile-too-large"),
                    Where(file=display),
                    {"file": display, "size": info.st_size, "limit": MAX_PROFILE_BYTES},
                )
            ]
        )


def _comment_in_flow(text: str, exc: yaml.MarkedYAMLError) -> str:
    """A hint for a flow list or mapping left open: an unquoted ' #' inside its brackets, from
    where it starts up to the error (`columns: [Staff #, Teacher ID]`): YAML reads the rest of
    that line as a comment, and reports the next line (tester25 3.5)."""
    start, end = exc.context_mark, exc.problem_mark
    if start is None or end is None or "flow" not in (exc.context or ""):
        return ""
    lines = text.splitlines()
    depth = 0
    for number in range(start.line, min(end.line, len(lines) - 1) + 1):
        line = lines[number]
        quote, begun = "", start.column if number == start.line else 0
        for at in range(begun, len(line)):
            char = line[at]
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
            elif char == "#" and depth > 0 and (at == 0 or line[at - 1] in " \t"):
                before = max(line.rfind(c, 0, at) for c in "[{,:") + 1
                after = min((i for i in (line.find(c, at) for c in ",]}") if i >= 0), default=len(line))
                name = line[before:after].strip()
                return (
                    f" (line {number + 1}: {name!r} holds a '#', which after a space starts a comment in YAML, "
                    f'so the rest of the line was not read: quote the name, "{name}")'
                )
    return ""


def _opened_on_an_earlier_line(exc: yaml.MarkedYAMLError) -> bool:
    """A flow list or mapping, or a quote, opened on a line before the one YAML stopped at:
    `schools: [100, 200` with no ']' is found only on the next line, which is fine."""
    start, end = exc.context_mark, exc.problem_mark
    return start is not None and end is not None and start.line < end.line and "while parsing a" in (exc.context or "")


def _mistake_mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where the admin must look: the bracket or quote left open, not the line after it, which
    YAML names (tester63 F5: bad.yaml:6:8 for the '[' at 5:12)."""
    return exc.context_mark if _opened_on_an_earlier_line(exc) else exc.problem_mark


def _left_open(exc: yaml.MarkedYAMLError) -> str:
    if not _opened_on_an_earlier_line(exc):
        return ""
    assert exc.context_mark is not None and exc.problem_mark is not None
    end = exc.problem_mark
    return (
        f" (what opens at line {exc.context_mark.line + 1}, character {exc.context_mark.column + 1}, is not "
        f"closed on its line: YAML read on to line {end.line + 1}, character {end.column + 1})"
    )


def _parse(path: Path, *, display: str) -> ProfileFile:
    try:
        _check_file(path, display)
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TransformAbort(
            [Problem(codes.code("profile-yaml-syntax"), Where(file=display), {"detail": str(exc)})]
        ) from None
    if (fast := _parse_bundled(path, text)) is not None:
        return ProfileFile(path, display, *fast, text)
    if (parsed := _OWN.get(text)) is None:
        parsed = _OWN[text] = _parse_own(text, display=display)  # nothing to say: the same text parses the same
        if len(_OWN) > _OWN_AT_MOST:
            _OWN.popitem(last=False)
    _OWN.move_to_end(text)
    return ProfileFile(path, display, copy.deepcopy(parsed[0]), parsed[1], text)


def _parse_own(text: str, *, display: str) -> tuple[dict[str, Any], yaml.Node]:
    """A profile file's data and node tree by ProfileLoader; abort with what is wrong with it."""

    def at(mark: yaml.Mark | None) -> Where:
        return Where(file=display, line=mark.line + 1, char=mark.column + 1) if mark else Where(file=display)

    loader: ProfileLoader | None = None
    try:
        loader = ProfileLoader(text)  # its reader already refuses control characters
        node = loader.get_single_node()
        if (shape := _too_big(node)) is not None:
            raise TransformAbort([Problem(codes.code("profile-yaml-syntax"), at(None), {"detail": shape})])
        problems = [
            Problem(
                codes.code("profile-duplicate-key"),
                at(dup.start_mark),
                {"key": dup.value, "first_line": first.start_mark.line + 1},
            )
            for first, dup in _duplicate_keys(node)
        ]
        if problems:
            raise TransformAbort(problems)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        detail = f"{exc.context or ''} {exc.problem or ''}".strip() + (_comment_in_flow(text, exc) or _left_open(exc))
        raise TransformAbort(
            [Problem(codes.code("profile-yaml-syntax"), at(_mistake_mark(exc)), {"detail": detail})]
        ) from None
    except yaml.YAMLError as exc:
        raise TransformAbort([Problem(codes.code("profile-yaml-syntax"), at(None), {"detail": str(exc)})]) from None
    except RecursionError:
        raise TransformAbort(
            [
                Problem(
                    codes.code("profile-yaml-syntax"), at(None), {"detail": f"nested more than {MAX_DEPTH} levels deep"}
                )
            ]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict) or node is None:
        raise TransformAbort(
            [
                Problem(
                    codes.code("profile-yaml-syntax"),
                    at(None),
                    {"detail": "a profile is a mapping of keys (name:, sources:, ...)"},
                )
            ]
        )
    return data, node


# The bundled profiles parsed in this process, by path and text: a process running many districts (a
# scheduler's loop, the test suite's thousands of runs) parsed the same file each time, a sixth of a small
# district's run. Each caller gets its own copy of the data (runs change it); the node tree is only read.
_PARSED: dict[tuple[str, str], tuple[dict[str, Any], yaml.Node]] = {}
_PARSED_AT_MOST = 64
# And a district's own profile files by their text, the most recently read kept: ProfileLoader (pure
# Python, for its errors' lines and columns) took ~40 ms for a file of powerschool.yaml's size each run.
# Only a text with nothing to report is kept: a problem is said again each time.
_OWN: OrderedDict[str, tuple[dict[str, Any], yaml.Node]] = OrderedDict()
_OWN_AT_MOST = 16


def _parse_bundled(path: Path, text: str) -> tuple[dict[str, Any], yaml.Node] | None:
    """A bundled profile's data and node tree by FastProfileLoader; None for any other profile,
    and for one with anything to report (a syntax error, a duplicate key): ProfileLoader parses
    it again and says what, as for any profile."""
    if not yaml.__with_libyaml__ or path.resolve().parent != bundled_folder().resolve():
        return None
    key = (str(path.resolve()), text)
    if (parsed := _PARSED.get(key)) is None:
        if (parsed := _parse_bundled_text(text)) is None:
            return None
        if len(_PARSED) >= _PARSED_AT_MOST:
            _PARSED.clear()
        _PARSED[key] = parsed
    data, node = parsed
    return copy.deepcopy(data), node


def _parse_bundled_text(text: str) -> tuple[dict[str, Any], yaml.Node] | None:
    loader = FastProfileLoader(text)
    try:
        node = loader.get_single_node()
        if node is None or _too_big(node) is not None or next(iter(_duplicate_keys(node)), None) is not None:
            return None
        data = loader.construct_document(node)
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return (data, node) if isinstance(data, dict) else None


MAX_NODES = 100_000  # a profile has a few thousand; aliases can multiply them without end
MAX_DEPTH = 64


def _too_big(root: yaml.Node | None) -> str | None:
    """Walk the tree as it will be read, aliases expanded, and stop at the first excess."""
    seen = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            return f"more than {MAX_NODES:,} values once its aliases are expanded (an alias bomb?)"
        if depth > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} levels deep"
        if isinstance(node, yaml.MappingNode):
            stack.extend((part, depth + 1) for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return None


def _duplicate_keys(node: yaml.Node | None) -> Iterable[tuple[yaml.Node, yaml.Node]]:
    """PyYAML keeps the last of two equal keys without a word; find them all."""
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in first_seen:
                    yield first_seen[key.value], key
                else:
                    first_seen[key.value] = key
            yield from _duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


def _walk(node: yaml.Node, path: list[PathPart], *, key: bool) -> tuple[int, yaml.Node]:
    """Follow a data path through the node tree; returns how deep it got and the node there."""
    depth = 0
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            match = next(
                ((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None
            )
            if match is None:
                return depth, node
            node = match[0] if (last and key) else match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return depth, node
        depth += 1
    return depth, node
