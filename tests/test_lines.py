"""Display width of text, as every layout measure reads it."""

from __future__ import annotations

import sys
import unicodedata

from ocrfix.layout.lines import cells


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
