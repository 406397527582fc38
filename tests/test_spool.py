"""Spools (pipeline.spool): entries and drafts out to a temporary file and back, in order."""

from __future__ import annotations

import tempfile
from pathlib import Path

from transform.pipeline import spool
from transform.pipeline.rows import Draft, SourceRow, place_at


def test_entries_come_back_in_order_across_batches_and_encodings() -> None:
    # Past one batch; a batch holding what marshal cannot write (an object) is pickled instead.
    entries = [("kept", str(n), n) for n in range(spool._BATCH + 10)]
    odd = ("held", place_at("a.txt", 3))
    with tempfile.TemporaryFile() as handle:
        written = spool.Spool(handle)
        for entry in [*entries[:5], odd, *entries[5:]]:
            written.put(entry)
        written.close()  # the last batch out, and back to the start
        back = list(written)
    assert back == [*entries[:5], odd, *entries[5:]]


def test_an_empty_spool_reads_back_nothing() -> None:
    with tempfile.TemporaryFile() as handle:
        empty = spool.Spool(handle)
        empty.close()
        assert list(empty) == []


def test_a_draft_as_an_entry_and_back_keeps_all_but_the_cells() -> None:
    row = SourceRow("students.txt", 7, ["x", "y"], {"a": 0, "b": 1})
    draft = Draft("users", {"sourcedId": "S1"}, row, "users.students", {"term_start": "2026-08-20"})
    entry = spool.draft_to_entry(draft)
    back = spool.draft_from_entry(entry)
    assert back == Draft("users", {"sourcedId": "S1"}, place_at("students.txt", 7), "users.students", draft.extra)


def test_held_drafts_wait_in_a_file_of_the_folder_and_leave_nothing(tmp_path: Path) -> None:
    drafts = [Draft("classes", {"sourcedId": f"C{n}"}, place_at("s.txt", n + 2), "classes.r") for n in range(5000)]
    with spool.HeldDrafts(tmp_path) as held:
        for draft in drafts:
            held.put(draft)
        assert [d.values for d in held.drafts()] == [d.values for d in drafts]
    assert list(tmp_path.iterdir()) == []  # a temporary file, gone once closed


def test_held_drafts_of_several_tables_files_and_rules_come_back_as_put_across_batches(tmp_path: Path) -> None:
    kinds = [("classes", "sections.txt", "classes.r"), ("demographics", "students.txt", ""), ("classes", "x.csv", "")]
    drafts = [
        Draft(table, {"sourcedId": f"R{n}"}, place_at(file, n + 2), rule, {"term_end": str(n)} if n % 3 else {})
        for n in range(spool._BATCH * 2 + 7)
        for table, file, rule in [kinds[n * 7 % 3]]
    ]
    with spool.HeldDrafts(tmp_path) as held:
        for draft in drafts:
            held.put(draft)
        back = list(held.drafts())
    assert back == drafts
