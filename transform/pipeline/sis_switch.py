"""A district whose profile's source system changed since its last published set (tester83 T1):
the last set's profile named one settings.source_system (PowerSchool), tonight's another (Infinite
Campus). Every ID may be new, and the refusals that follow (X955, X906, X984, X949) would
otherwise each say their own cause first (a spreadsheet, a broken export) and end on
--allow-rollover, which has Remind delete and re-create everyone. The fact kept here (facts
"sis_changed") lets the next step say the change first and the way that keeps the IDs
(docs/identity.md, 'Changing SIS or ID columns'); report.summary words it. source_system names an
export format as much as a SIS (sds -> sds-v2 is one vendor's two formats): the words say only
that the profile's source system changed (reviewer186 R2).

Only a source_system the profiles name is compared, kept in last.json (KEY) with the set: the
manifest's source.systemName falls back to the profile's name, and a home-made profile renamed
changed no SIS (reviewer183 R2). A set published before it was kept is compared by its manifest's
systemName only when a shipped profile names it as its source_system (reviewer186 R4). The record
read is the compared set's: the state folder of the set --previous names, else OUT's (R3).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from transform.cleaners.text import clean_text
from transform.pipeline import gate
from transform.profile import load
from transform.report.problem import TransformAbort
from transform.report.report import Report
from transform.report.summary import sis_changed_words

FACT = "sis_changed"
KEY = "source_system"  # last.json's: the source_system the published set's profile named


def _text(value: object) -> str:
    """A source_system as said: one line, no control character (a hand-edited last.json's newline
    or ESC reached the terminal: reviewer186 R5); "" when not text."""
    return clean_text(value)[0].strip() if isinstance(value, str) else ""


def named(settings: Mapping[str, Any]) -> str:
    """The source_system a profile's settings name (its own or one it extends), "" when none."""
    return _text(settings.get(KEY))


def record_of(previous: Path) -> Mapping[str, Any]:
    """The last.json of the set `previous` (--previous) names, in its state folder; {} when there is
    none or it cannot be read."""
    try:
        return gate.read_record(gate.state_folder(previous) / "last.json")
    except TransformAbort:
        return {}


def recorded(record: Mapping[str, Any], held: Path | None) -> str:
    """The source_system the compared set's `record` kept; with none kept (a set published before
    it was), the `held` set's manifest systemName when a shipped profile names it; "" otherwise."""
    if KEY in record or held is None:
        return _text(record.get(KEY))
    system = _text(_manifest_name(held / "manifest.csv"))
    return system if _same(system) in _shipped() else ""


def _manifest_name(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return next((row[1] for row in csv.reader(handle) if row[:1] == ["source.systemName"] and row[1:]), "")
    except (OSError, UnicodeError, csv.Error):
        return ""


@functools.cache
def _shipped() -> frozenset[str]:
    """The source_systems the shipped profiles name."""
    found = set()
    for path in sorted(load.bundled_folder().glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text("utf-8"))
        except (OSError, yaml.YAMLError):
            continue  # reported when that profile itself is loaded
        settings = data.get("settings") if isinstance(data, dict) else None
        if isinstance(settings, dict) and (system := named(settings)):
            found.add(_same(system))
    return frozenset(found)


def _same(system: str) -> str:
    """A name as compared: case and spaces aside ('Powerschool' is PowerSchool)."""
    return system.casefold().replace(" ", "")


# Words a source_system may carry or drop without naming another SIS ('PowerSchool' -> 'PowerSchool SIS').
_GENERIC = frozenset({"sis", "csv", "export", "exports", "system", "files", "file"})
_VERSION = re.compile(r"v?\d+")


def _words(system: str, *, versions: bool) -> str:
    """The name's words, case and punctuation aside, without the generic ones (and, `versions` False,
    without version numbers: 'Microsoft SDS v2.1 CSV' -> 'microsoftsds'); the name as `_same` when none is left."""
    words = [w for w in re.findall(r"[^\W_]+", system.casefold()) if w not in _GENERIC]
    if not versions:
        words = [w for w in words if not _VERSION.fullmatch(w)]
    return "".join(words) or _same(system)


def note(report: Report, *, before: str, now: str) -> None:
    """Keep "before -> now" in the report's facts when both profiles named a source system and the
    names differ: not in case, spaces, punctuation or a generic word ('Powerschool', 'PowerSchool SIS':
    the district's own profile edited, no change of SIS, state63), and with "kind" "format" when only a
    version differs (sds -> sds-v2, OneRoster 1.1 -> 1.2: said as the export format's change, the names
    naming a format, not the SIS behind it)."""
    if not before or not now or _words(before, versions=True) == _words(now, versions=True):
        return
    report.facts[FACT] = {"before": before, "now": now}
    if _words(before, versions=False) == _words(now, versions=False):
        report.facts[FACT]["kind"] = "format"


def said(report: Report) -> str:
    """'the profile's source system changed since the last published set (PowerSchool -> Infinite
    Campus)' as a cause says it (summary's words); "" on a night it did not."""
    words = sis_changed_words(report.facts.get(FACT))
    return words[:1].lower() + words[1:]
