"""A range written as its two ends, such as a course's grade span (Aeries CRS.LO 9, CRS.HI 12),
made into the list of its steps (9,10,11,12) for a column's map to translate one by one."""

from __future__ import annotations

import re

_WHOLE = re.compile(r"[+-]?[0-9]{1,6}")  # ASCII digits only: int() also reads "1_0" and other scripts' digits
MAX_STEPS = 20  # PK to 12 is 15: a longer span is a wrong cell, not a class for every grade


def expand(low: str, high: str, steps: tuple[str, ...] = ()) -> tuple[list[str], str]:
    """The values from `low` to `high`, both included, and "" ; or no values and why not.

    Without `steps` the ends are whole numbers (-1, 0, 09): numbers as the export writes them,
    so a zero-padded end (09) pads every step to its width. With `steps`, the ends are found in
    that list (ignoring case) and the span is the part of it between them. Two empty ends are
    an empty cell, with nothing to say."""
    low, high = low.strip(), high.strip()
    if not low and not high:
        return [], ""
    if not low or not high:
        return [], "has only one end"
    if steps:
        folded = [step.strip().casefold() for step in steps]
        if low.casefold() not in folded or high.casefold() not in folded:
            return [], f"has an end that is not one of the steps {', '.join(steps)}"
        first, last = folded.index(low.casefold()), folded.index(high.casefold())
        found = list(steps[first : last + 1])
    else:
        if not (_WHOLE.fullmatch(low) and _WHOLE.fullmatch(high)):
            return [], "has an end that is not a whole number (list the values in order with steps:)"
        first, last = int(low), int(high)
        if last - first >= MAX_STEPS:  # checked before the list is made: "0 to 999999999" is one cell
            return [], f"has {last - first + 1} steps, more than a class spans ({MAX_STEPS})"
        width = max((len(end) for end in (low, high) if len(end) > 1 and end.startswith("0")), default=0)
        found = [str(n).zfill(width) if n >= 0 else str(n) for n in range(first, last + 1)]
    if not found:
        return [], "runs backwards"
    if len(found) > MAX_STEPS:
        return [], f"has {len(found)} steps, more than a class spans ({MAX_STEPS})"
    return found, ""


def expanded(low: str, high: str, steps: tuple[str, ...] = ()) -> str | None:
    """The steps joined by ',', or None when the span needs a report (the interpreter's job)."""
    found, problem = expand(low, high, steps)
    return None if problem else ",".join(found)
