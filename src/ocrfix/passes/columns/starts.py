"""Where a band's columns start: at gutters that recur down the band, at rows whose first
columns are empty, and at single spaces that line up where gutters show the band is in columns;
starts closer together than a column is wide are one column's.

>>> from ocrfix.layout import lines
>>> from ocrfix.passes.columns.bands import Rows
>>> row = "第{}行左栏的正文内容较长      第{}行右栏的正文内容"
>>> band = list(lines("\\n".join(row.format(i, i) for i in range(3))))
>>> find_starts(band, Rows(band))
[18]
"""

from __future__ import annotations

import itertools
import statistics
from typing import TYPE_CHECKING

import regex

from ocrfix.layout import Line
from ocrfix.layout.gutters import (
    TOLERANCE,
    Piece,
    apart,
    column_starts,
    left_edge,
    piece_widths,
    recurring,
    ruled,
    spaced_starts,
)

if TYPE_CHECKING:
    from ocrfix.passes.columns.bands import Rows

#: Starts closer than this share of the median distance between starts are one column's.
_SAME_COLUMN = 0.7


def column_edges(rows: list[list[Piece]], starts: list[int]) -> list[int]:
    """Where each column starts: the first where the leftmost row does, the others at
    ``starts``."""
    return [left_edge(rows), *starts]


def find_starts(band: list[Line], row_of: Rows) -> list[int]:
    """Column starts marked by gutters, and those marked by a single aligned space where gutters
    show the band is in columns (alone, aligned spaces can be chance: OCR spaces inside lines)."""
    rows = row_of.evidence_of(band)
    starts, scattered = column_starts(rows, TOLERANCE, leads(band, rows))
    if not starts:
        return []
    if scattered:  # positions drift from line to line: single spaces that line up are chance
        return one_per_column(starts)
    spaced = spaced_starts(band, TOLERANCE, sum(1 for r in rows if len(r) >= 2))
    # a column is about as wide as the band's pieces: a start stands half that from the left
    # edge and from any other start (OCR's spaces after a clause, ``过去五年， 我国``, and its
    # spaced marks, ``正文内 ， 容``, recur a few positions into a column); of two starts that
    # close, the one more pieces start at
    widths = piece_widths(rows)
    room = max(2 * TOLERANCE, widths[len(widths) // 2] / 2)
    left = left_edge(rows)
    edges = [left, *apart(starts, rows, room, left)]
    found = sorted(edges[1:] + [s for s in spaced if all(abs(s - t) >= room for t in edges)])
    return one_per_column(found)


def leads(band: list[Line], rows: list[list[Piece]]) -> list[int]:
    """Where rows whose first columns are empty start: first pieces of running text (four
    ideographs or more, not an OCR speck) that stand well past the left edge, further than a
    paragraph's indentation and most of a column's width, with another piece beside them,
    three rows at least each."""
    widths = sorted(r[0].end - r[0].start for r in rows if len(r) >= 2)
    if not widths or ruled(band):
        return []
    skip = max(2 * TOLERANCE, 0.8 * widths[len(widths) // 2])
    left = left_edge(rows) + skip
    found = [
        r[0].pos
        for ln, r in zip(band, rows, strict=True)
        if len(r) >= 2
        and r[0].pos > left
        and running_piece(ln, r[0])
    ]
    kept = recurring(found, TOLERANCE, 3)
    return [x for x in found if any(abs(x - k) <= TOLERANCE for k in kept)]


#: Four ideographs, anything between them (searched in a piece's span of its line: no copy of
#: its text is made, and the search stops at the fourth).
_FOUR_HAN = regex.compile(r"\p{Han}(?:\P{Han}*+\p{Han}){3}")


def running_piece(line: Line, piece: Piece) -> bool:
    """Four ideographs or more in ``piece``: text, not an OCR speck or a stray mark."""
    at = line.start
    return _FOUR_HAN.search(line.text, piece.start - at, piece.end - at) is not None


def one_per_column(starts: list[int]) -> list[int]:
    """Starts closer together than most columns are wide are one column's, which OCR's drifting
    positions split in two (a heavy scan: ``[23, 36, 43, 58, 77]``, columns every ~19).

    >>> one_per_column([23, 36, 43, 58, 77]), one_per_column([20, 40, 60, 80])
    ([23, 40, 58, 77], [20, 40, 60, 80])
    """
    if len(starts) < 3:
        return starts
    pitch = statistics.median(b - a for a, b in itertools.pairwise(starts))
    out = starts[:1]
    for s in starts[1:]:
        if s - out[-1] < _SAME_COLUMN * pitch:
            out[-1] = round((out[-1] + s) / 2)
        else:
            out.append(s)
    return out
