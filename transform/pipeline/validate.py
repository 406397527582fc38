"""The target's rules on every record before it is written: required values, allowed values,
references to records already kept, and unique sourcedIds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from transform.oneroster.spec import LIST_COLUMNS, REFERENCES, STAFF_ROLES, Target
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import Draft

# Which code a missing reference is counted under: a class or user that was left out on
# purpose is a consequence, not a defect of the export.
_MISSING_REFERENCE = {"classes": "follows-dropped-class", "users": "follows-dropped-user",
                      "students": "follows-dropped-user"}


class Validator:
    """Holds the sets of kept IDs, so later files can be checked against earlier ones."""

    def __init__(self, target: Target, report: Report) -> None:
        self.target = target
        self.report = report
        self.kept: dict[str, set[str]] = {"students": set()}
        self._first: dict[str, dict[str, tuple[int, int]]] = {}

    def validate(self, drafts: Iterable[Draft], *, table: str) -> Iterator[Draft]:
        kept = self.kept.setdefault(table, set())
        first = self._first.setdefault(table, {})
        for draft in drafts:
            self._complete(draft)
            if not (self._required(draft) and self._allowed(draft) and self._references(draft)):
                continue
            key = draft.values["sourcedId"]
            if not self._first_time(draft, key, first):
                continue
            kept.add(key)
            if table == "users" and draft.values.get("role") == "student":
                self.kept["students"].add(key)
            yield draft

    def _where(self, draft: Draft, column: str = "") -> Where:
        return Where(file=draft.origin.file, line=draft.origin.line, column=column)

    def _complete(self, draft: Draft) -> None:
        for (table, column), value in self.target.defaults.items():
            if table == draft.table and not draft.values.get(column):
                draft.values[column] = value

    def _required(self, draft: Draft) -> bool:
        for column in self.target.required.get(draft.table, ()):
            if not draft.values.get(column, "").strip():
                self.report.add(codes.code("required-value-missing"), self._where(draft, column),
                                table=draft.table, field=column)
                return False
        role = draft.values.get("role", "")
        if draft.table == "users" and role in STAFF_ROLES and not draft.values.get("email"):
            self.report.add(codes.code("staff-without-email"), self._where(draft, "email"),
                            role=role, id=draft.values["sourcedId"])
            return False
        return True

    def _allowed(self, draft: Draft) -> bool:
        for (table, column), allowed in self.target.allowed.items():
            if table != draft.table:
                continue
            value = draft.values.get(column, "")
            items = value.split(",") if (table, column) in LIST_COLUMNS else [value]
            bad = [item for item in items if item and item not in allowed]
            if bad:
                self.report.add(codes.code("value-not-allowed"), self._where(draft, column),
                                table=table, field=column, value=bad[0], allowed=", ".join(allowed))
                return False
        return True

    def _references(self, draft: Draft) -> bool:
        for column, target in REFERENCES.get(draft.table, ()):
            known = self.kept.get(target, set())
            value = draft.values.get(column, "")
            if (draft.table, column) in LIST_COLUMNS:
                if not self._prune_list(draft, column, known):
                    return False
            elif value not in known:
                slug = _MISSING_REFERENCE.get(target, "reference-missing")
                self.report.add(codes.code(slug), self._where(draft, column), table=draft.table,
                                field=column, value=value, target=f"{target}.csv")
                return False
        return True

    def _prune_list(self, draft: Draft, column: str, known: set[str]) -> bool:
        items = [v for v in draft.values.get(column, "").split(",") if v]
        present = [v for v in items if v in known]
        for missing in (v for v in items if v not in known):
            self.report.add(codes.code("org-reference-pruned"), self._where(draft, column), value=missing)
        if not present:
            self.report.add(codes.code("reference-missing"), self._where(draft, column),
                            table=draft.table, field=column, value=",".join(items), target="orgs.csv")
            return False
        draft.values[column] = ",".join(present)
        return True

    def _first_time(self, draft: Draft, key: str, first: dict[str, tuple[int, int]]) -> bool:
        fingerprint = hash(tuple(sorted(draft.values.items())))
        seen = first.get(key)
        if seen is None:
            first[key] = (draft.origin.line, fingerprint)
            return True
        slug = "duplicate-merged" if seen[1] == fingerprint else "duplicate-conflict"
        self.report.add(codes.code(slug), self._where(draft, "sourcedId"), table=draft.table,
                        id=key, first_line=seen[0])
        return False
