"""What tells two values apart that look the same on a screen.

A message that pairs the last set's value with tonight's ("T02 -> Т02", "Harper -> Hаrper")
is no help when the two look alike: the admin reads two equal strings, and the SIS shows the
same text (tester41 F6). Where the two are equal once folded as a reader's eye folds them
(Unicode NFKC: full-width digits, ligatures; invisible format characters and runs of spaces
ignored; case; letters of another script drawn as a Latin one, a Cyrillic 'Т' or a Greek 'Ο'),
`difference` names the characters that differ, with their Unicode names, as I201's
"did you mean" shows an invisible character escaped. The one helper every message pairing an
old and a new value uses (pipeline.people_gate, pipeline.gate, pipeline.org_gate,
pipeline.class_gate).
"""

from __future__ import annotations

import difflib
import unicodedata

# Letters of other scripts drawn like a Latin one (the common homoglyphs of Unicode's
# confusables list in Cyrillic and Greek, the scripts a keyboard switch or a paste brings in).
_LIKE_LATIN = str.maketrans(
    {
        **dict(zip("АВЕЅІЈКМНОРСТХУ", "ABESIJKMHOPCTXY", strict=True)),
        **dict(zip("аеѕіјорсхуԁһԛԝӏ", "aesijopcxydhqwl", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
        **dict(zip("οικνρτυχ", "oikvptux", strict=True)),
    }
)
SHOWN = 3  # differing characters named, the rest counted


def looks_alike(old: str, new: str) -> bool:
    """Whether two different values read the same to the eye (`_folded`)."""
    return old != new and _folded(old) == _folded(new)


def difference(old: str, new: str) -> str:
    """The characters by which `new` (tonight's) differs from `old` (the last set's), when the
    two look alike, else "": "written with 'Т' U+0422 CYRILLIC CAPITAL LETTER TE where the last
    set had 'T'". A letter differing only by case is plain to see and not named."""
    if not looks_alike(old, new):
        return ""
    said: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = old[i1:i2], new[j1:j2]
        if op == "equal":
            continue
        if op == "insert":
            said.extend(f"with {_invisible(c)}{_named(c)} the last set did not have" for c in now)
        elif op == "delete":
            said.extend(f"without the {_named(c)} the last set had" for c in was)
        elif len(was) == len(now):
            said.extend(
                f"with {_named(b)} where the last set had {_plain(a)}"
                for a, b in zip(was, now, strict=True)
                if a.casefold() != b.casefold()
            )
        else:
            said.append(f"with {' '.join(_named(c) for c in now)} where the last set had {_plain(was)}")
    unique = list(dict.fromkeys(said))
    if not unique:
        return ""
    text = "written " + ", ".join(unique[:SHOWN])
    return text + (f" and {len(unique) - SHOWN} more" if len(unique) > SHOWN else "")


def clause(old: str, new: str) -> str:
    """`difference` as a clause to put after what a message says of the pair ("; written with
    ..."), or ""."""
    said = difference(old, new)
    return f"; {said}" if said else ""


def pair(old: str, new: str) -> str:
    """'old -> new', with what differs when the two look alike: "T02 -> Т02 [written with 'Т'
    U+0422 CYRILLIC CAPITAL LETTER TE where the last set had 'T']"."""
    said = difference(old, new)
    return f"{old} -> {new}" + (f" [{said}]" if said else "")


def _folded(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text)
    seen = "".join(c for c in normal if unicodedata.category(c) != "Cf")
    return " ".join(seen.translate(_LIKE_LATIN).split()).casefold()


def _named(char: str) -> str:
    """'Т' U+0422 CYRILLIC CAPITAL LETTER TE; an invisible one escaped: '\\xad' U+00AD SOFT HYPHEN."""
    return f"{char!r} U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def _plain(text: str) -> str:
    """What the last set had: itself when plain ASCII ('T'), else named."""
    if text.isascii() and text.isprintable():
        return repr(text)
    return " ".join(_named(c) for c in text)


def _invisible(char: str) -> str:
    return "an invisible " if unicodedata.category(char) in ("Cf", "Cc") else ""
