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
    nearest,
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


#: A band's last column whose rows run on this many times as far as its other columns' pieces
#: are wide is two columns whose gutter a degraded scan's OCR lost (tune pages: such bands'
#: medians 1.75 to 2.25, their rows 1.7 to 2.6; the bands of the text layer's pages, whose
#: gutters are kept, 1.11 at most).
_MERGED_LAST = 1.7
#: ... and no further than this: two columns and their gutter (a row with a third column's
#: text beside them ran on 4.7, the rows of a band under a headline across it further still).
_TWO_AT_MOST = 2.6


def merged_last(starts: list[int], rows: list[list[Piece]]) -> list[int]:
    """``starts``, and one more a column's pitch after the last where the last column's rows
    run on about twice as far as a column's line is wide, three rows and half of them at
    least: two columns whose gutter OCR read as a single space or a speck (``…职业资格 。权。
    纶深推进…``), or lost on most rows, so that no piece starts where the second does.

    >>> row = lambda *ps: [Piece(0, w, p) for p, w in ps]
    >>> merged_last([20, 40], [row((0, 15), (20, 15), (40, 35)) for _ in range(3)])
    [20, 40, 60]
    >>> merged_last([20, 40], [row((0, 15), (20, 15), (40, 16)) for _ in range(3)])
    [20, 40]
    """
    if not starts:
        return starts
    edges = [left_edge(rows), *starts]
    inner: list[int] = []  # the widths of the other columns' pieces
    runs_on: list[int] = []  # how far each row runs on from where its last column starts
    for r in rows:
        ks = [nearest(edges, p.pos) for p in r]
        inner += [p.end - p.start for p, k in zip(r, ks, strict=True) if k < len(starts)]
        last = [p for p, k in zip(r, ks, strict=True) if k == len(starts)]
        if last and abs(last[0].pos - starts[-1]) <= TOLERANCE:  # (not a later column's alone)
            runs_on.append(r[-1].pos + r[-1].end - r[-1].start - last[0].pos)
    if len(runs_on) < 3 or not inner:
        return starts
    measure = statistics.median(inner)
    # (a row running on further than two columns is a band of another shape: the text under a
    # headline across it, not a column merged with the next)
    two = sum(_MERGED_LAST * measure <= x <= _TWO_AT_MOST * measure for x in runs_on)
    if two < max(3, len(runs_on) / 2):
        return starts
    pitch = statistics.median(b - a for a, b in itertools.pairwise(edges))
    return [*starts, round(starts[-1] + pitch)]


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
