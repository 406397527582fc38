"""What last.json keeps of an export (`tails`, `guardian_tails`, `joined_tails` read it), and whether
a recorded entry still reads.

An entry present but of another shape (a string, an object without its lines) was read as "nothing
recorded" and turned the cut checks off for that export: a cc.txt cut by its last 8 lines published at
exit 0 (tester75 O2). The gate reads every entry before the night (gate.read_state): one that does not
read stops the run as a damaged last.json does (X930).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

TAILS = "tails"  # the key of last.json


@dataclass
class Recorded:
    """What last.json holds of an export: its line count, the positions (physical lines, from 0)
    and hashes of lines sampled over it (`sample`) and of its last lines (`tail`), with the text
    of these (`rows`)."""

    lines: int
    sample: list[tuple[int, str]]
    tail: list[tuple[int, str]]
    rows: list[str]
    sample_rows: list[str] = field(default_factory=list)  # the sampled lines' text (none before cut48)

    @classmethod
    def read(cls, held: Any) -> Recorded | None:
        if isinstance(held, list):  # an older last.json: the last 32 lines' hashes only
            return cls(len(held), [], [(i, str(h)) for i, h in enumerate(held)], [])
        if not isinstance(held, dict):
            return None
        try:
            return cls(
                int(held["lines"]),
                [(int(p), str(h)) for p, h in held.get("sample", [])],
                [(int(p), str(h)) for p, h in held["tail"]],
                [str(r) for r in held.get("rows", [])],
                [str(r) for r in held.get("sample_rows", [])],
            )
        except (KeyError, TypeError, ValueError):
            return None

    def texts(self) -> dict[int, str]:
        """The text of each recorded line whose text was kept, by its position."""
        held: dict[int, str] = {}
        if len(self.sample_rows) == len(self.sample):
            held.update((p, text) for (p, _), text in zip(self.sample, self.sample_rows, strict=True))
        if len(self.rows) == len(self.tail):
            held.update((p, text) for (p, _), text in zip(self.tail, self.rows, strict=True))
        return held

    def positions(self) -> list[tuple[int, str]]:
        """Each recorded line's position and hash, in order."""
        start = self.tail[0][0] if self.tail else self.lines
        return [(p, h) for p, h in self.sample if p < start] + self.tail


def damage(data: Mapping[str, Any]) -> str:
    """Why an entry of last.json's `tails` cannot be read; '' when every one can (or none is recorded:
    `tails` missing or not an object is F452's, tails.check_recorded)."""
    held = data.get(TAILS)
    if not isinstance(held, dict):
        return ""
    for name, entry in held.items():
        if not (_reads(entry) or older(entry)):
            return f"'{TAILS}' records export {name!r} as {_shown(entry)}, not its lines as this tool writes them"
    return ""


def older(entry: object) -> bool:
    """Whether a `tails` entry is of the shape versions aa460ce8..b4f0447a wrote ({"lines", "every",
    "sample": [hash], "tail": [hash], "rows"}): its lines' positions not kept, so not read (`Recorded.read`:
    None), as not recorded (tails.check_recorded: F452 once), not damage (reviewer156 R2)."""
    if (
        not isinstance(entry, dict)
        or not isinstance(entry.get("lines"), int)
        or not isinstance(entry.get("every"), int)
    ):
        return False
    hashes = [entry.get("sample", []), entry.get("tail")]
    return all(isinstance(h, list) and all(isinstance(x, str) for x in h) for h in hashes) and bool(entry["tail"])


def unrecorded(held: object) -> bool:
    """Whether last.json's `tails` keeps nothing this version reads of the exports' lines: none (moved
    aside, deleted, written before it kept them), or entries of an older shape (`older`)."""
    return not isinstance(held, dict) or any(older(entry) for entry in held.values())


def _reads(entry: object) -> bool:
    """Whether a `tails` entry is one this tool writes: an older last.json's list of hashes, or an
    object whose lists have their shapes (`tails.tail`: a recorded export has a last line, and as
    many texts as lines where texts are kept)."""
    then = Recorded.read(entry)
    if then is None or not isinstance(entry, dict):
        return then is not None and bool(then.tail)
    lists = all(isinstance(entry.get(key, []), list) for key in ("tail", "sample", "rows", "sample_rows"))
    return (
        lists
        and isinstance(entry["lines"], int)
        and bool(then.tail)
        and len(then.rows) in (0, len(then.tail))
        and len(then.sample_rows) in (0, len(then.sample))
    )


def _shown(entry: object) -> str:
    text = repr(entry)
    return text if len(text) <= 60 else f"a JSON {type(entry).__name__} ({text[:50]}...)"
