"""Display width of text, as every layout measure reads it."""

from __future__ import annotations

import sys
import unicodedata

from ocrfix.layout.lines import _measure, cells, lines, local_measures, measured_lines


def test_cells_is_east_asian_width_on_every_code_point() -> None:
    """The regex class behind :func:`cells` gives each character the width unicodedata gives
    it (two cells for W and F, which this Python also reports for unassigned code points)."""
    wrong = [
        c
        for c in range(sys.maxunicode + 1)
        if cells(chr(c)) != (2 if unicodedata.east_asian_width(chr(c)) in "WF" else 1)
    ]
    assert wrong == []


def test_cells_of_mixed_text() -> None:
    assert cells("17日7时30分") == 11
    assert cells("ＡＢ　，。a") == 11
    assert cells("") == 0 and cells("abc") == 3


def test_local_measures_are_the_medians_of_each_window() -> None:
    """The sliding window gives what sorting each line's window afresh gives."""
    widths = [40, 38, 12, 40, 40, 26, 40, 36, 40, 8, 40, 40, 30, 22, 22, 24, 22, 22, 10, 22, 40]
    page = "".join("马" * 4 + "a" * (w - 8) + "\n" for w in widths)
    all_lines = list(lines(page))
    assert [ln.cells for ln in all_lines] == widths
    expected = {ln.start: _measure(widths[max(0, i - 6) : i + 7]) for i, ln in enumerate(all_lines)}
    assert local_measures(all_lines) == expected


def test_measured_lines_measure_as_each_line_does() -> None:
    """The page-wide measures are each line's own: indents, a \\r before a line break, a line set
    letter by letter, a gutter, ideographs beyond the BMP, a lone surrogate, a last blank line."""
    page = (
        "部 门 按 照 职 责 约 谈\r\n\u3000\u3000澄江三桥\t合龙\r\n\n𠀀𠀁 a\udc80b   c\n"
        "  17日7时30分    | 第二栏\n\n"
    )
    fresh = [(ln.start, ln.end, ln.cells, ln.han, ln.gutter) for ln in lines(page)]
    bulk = [(ln.start, ln.end, ln.cells, ln.han, ln.gutter) for ln in measured_lines(page)]
    assert bulk == fresh
