"""Profiles whose JSON Schema check passed before, remembered by fingerprint in the user's cache
folder, so that a nightly run of an unchanged profile skips jsonschema (its import and check are
a tenth of a second, most of a small district's fixed cost). Only a clean pass is remembered:
a profile with a schema problem is checked, and reported, on every run. A cache that cannot be
read or written is no cache; nothing else depends on it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

KEPT = 200  # fingerprints kept; an edited profile adds one, the oldest go past this


def folder() -> Path | None:
    """$TRANSFORM_CACHE_DIR, else $XDG_CACHE_HOME/rosterkit-transform, else
    ~/.cache/rosterkit-transform; TRANSFORM_CACHE_DIR set empty turns the cache off."""
    chosen = os.environ.get("TRANSFORM_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) / "profiles-checked" if chosen else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # an account with no home (a container run with --user N): no cache
            return None
    return Path(base) / "rosterkit-transform" / "profiles-checked"


def fingerprint(data: dict[str, Any], schema_text: str) -> str:
    """What the profile says (with what it extends) and the schema it was checked against; ""
    for a profile whose keys cannot be put in order (a number key beside text ones: a slip the
    checks report, never remembered)."""
    try:
        said = json.dumps(data, sort_keys=True, default=repr, ensure_ascii=False)
    except TypeError:
        return ""
    return hashlib.sha256(f"{schema_text}\0{said}".encode()).hexdigest()


def passed_before(key: str) -> bool:
    where = folder()
    try:
        return bool(key) and where is not None and (where / key).is_file()
    except OSError:
        return False


def remember(key: str) -> None:
    where = folder()
    if where is None or not key:
        return
    with contextlib.suppress(OSError):
        where.mkdir(parents=True, exist_ok=True)
        (where / key).touch()
        marks = sorted(where.iterdir(), key=lambda p: p.stat().st_mtime)
        for old in marks[:-KEPT]:
            old.unlink(missing_ok=True)
