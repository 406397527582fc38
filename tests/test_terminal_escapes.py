"""A file in the exports folder whose name held terminal escapes (ESC[2J clears the screen, ESC]0;
retitles the window) put them on the admin's terminal in the line naming the files no source
reads (I220): cells are cleaned of control characters (I210), a file name never was (tester63).
What reaches the terminal now writes each control character out."""

from __future__ import annotations

import pytest

from transform.report import render
from transform.report.codes import BY_ID
from transform.report.problem import Problem, Where

ESCAPES = "\x1b[2J\x1b]0;owned\x07"


def test_control_characters_are_written_out_and_line_ends_kept() -> None:
    assert render.visible(f"{ESCAPES}a.txt") == "\\x1b[2J\\x1b]0;owned\\x07a.txt"
    assert render.visible("two\nlines\tand a tab, é and 中") == "two\nlines\tand a tab, é and 中"
    assert render.visible("\x9b2J\x7f") == "\\x9b2J\\x7f"


def test_a_file_name_holding_terminal_escapes_is_named_without_them(capsys: pytest.CaptureFixture[str]) -> None:
    name = f"{ESCAPES}notes.txt"
    not_read = Problem(BY_ID["I220"], Where(file=name), {"files": name, "them": "it", "are": "is"})
    render.problems([not_read])
    render.line(f"  I220 {name}: {not_read.message}")
    said = capsys.readouterr()
    for stream in (said.out, said.err):
        assert "\\x1b[2J\\x1b]0;owned\\x07notes.txt is in the exports folder" in stream
        assert "\x1b" not in stream and "\x07" not in stream
