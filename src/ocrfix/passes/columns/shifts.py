"""Rows that Tesseract ``--psm 4`` printed from the left edge although their first columns are
empty: the columns that go on after the others ended (a later article's columns, a long
column beside short ones), read as the first columns by their positions.

    人民法院应当通知被告、被上诉人      …      证据的，应当在人民法院确定的合理
    期限内，分别登录诉讼平台      查看已证据证明或者说明理由的

The second row's pieces stand where the first and second columns start, yet they go on with
the fourth and fifth (``…确定的合理`` → ``期限内，``). Each stretch of such rows is read in the
columns where its text goes on best (the character LM across the break above it and below it,
:meth:`CharLM.break_gain`), its pieces kept in their order and spacing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ocrfix.layout import Line
from ocrfix.layout.gutters import piece_text
from ocrfix.resources.charlm import char_lm

if TYPE_CHECKING:
    from ocrfix.passes.columns.bands import Cell

#: How much better (summed log10 gain, :meth:`CharLM.break_gain`) a stretch must read on in
#: the later columns than in its own. (Tune split: at 2.0 and the rules below, light/medium
#: ``--psm 4`` pages 27.5 -> 26.2% and 30.1 -> 28.9% CER, no page worse; stretches of 1 or 3
#: rows, or no veto, made 5 to 46 corpus and fresh pages worse, by up to 10 points.)
MARGIN = 2.0
#: ... and no break of it may read worse by more than this: one column must not pay for another.
VETO = 0.5
#: A column the stretch moves into holds pieces in this share of the band's rows at least (a
#: start that OCR's specks made is no column).
FILLED = 0.25
#: The fewest rows a stretch has: a row or two from the left edge is most often the first
#: columns' own (a paragraph's end), and a few breaks are too little for the LM to tell.
MIN_ROWS = 5
_NOT_HAN = regex.compile(r"\P{Han}+")


def shifted(band: list[Line], cells: list[list[Cell]], columns: int) -> list[list[Cell]]:
    """``cells`` (each line's pieces by column, of ``columns``) with each stretch of rows from
    the left edge read in the later columns where its text goes on, if it clearly does."""
    stretches = _stretches(cells, columns)
    if not stretches:
        return cells  # (most bands)
    texts = [[_NOT_HAN.sub("", piece_text(ln, c.piece)) for c in row]
             for ln, row in zip(band, cells, strict=True)]  # fmt: skip
    filled = [sum(any(c.column == k for c in row) for row in cells) for k in range(columns)]
    out = list(cells)
    for lo, hi in stretches:
        used = sorted({c.column for row in cells[lo:hi] for c in row})
        # (the first piece of each of its columns reads on from above, the last one below)
        ends = [(range(lo - 1, -1, -1), range(lo, hi), True),
                (range(hi, len(cells)), range(hi - 1, lo - 1, -1), False)]  # fmt: skip
        best, most = 0, MARGIN
        for shift in range(1, columns - used[-1]):
            if any(filled[k + shift] < FILLED * len(cells) for k in used):
                continue
            total, worst, above = 0.0, 0.0, False
            for k in used:
                for near, inside, up in ends:
                    mine = _text_of(cells, texts, inside, k)
                    own = _text_of(cells, texts, near, k)
                    later = _text_of(cells, texts, near, k + shift)
                    if mine and own and later:
                        d = _gain(later, mine, up) - _gain(own, mine, up)
                        total, worst, above = total + d, min(worst, d), above or up
            # (a stretch with no column text above it did not go on from anything)
            if total > most and worst > -VETO and above:
                best, most = shift, total
        for i in range(lo, hi) if best else ():
            out[i] = [c._replace(column=c.column + best) for c in cells[i]]
    return out


def _gain(other: str, mine: str, up: bool) -> float:
    """How well ``mine`` reads on from ``other`` above it, or into it below."""
    lm = char_lm()
    return lm.break_gain(other, mine) if up else lm.break_gain(mine, other)


def _text_of(cells: list[list[Cell]], texts: list[list[str]], rows: range, column: int) -> str:
    """The ideographs of the first piece in ``column`` met in ``rows`` (in their order)."""
    for i in rows:
        for c, t in zip(cells[i], texts[i], strict=True):
            if c.column == column:
                return t
    return ""


def _stretches(cells: list[list[Cell]], columns: int) -> list[tuple[int, int]]:
    """Runs of :data:`MIN_ROWS` rows or more from the left edge whose last column is empty."""
    out: list[tuple[int, int]] = []
    start = None
    for i, row in enumerate([*cells, []]):
        short = bool(row) and row[0].column == 0 and row[-1].column < columns - 1
        if short and start is None:
            start = i
        elif not short and start is not None:
            if i - start >= MIN_ROWS:
                out.append((start, i))
            start = None
    return out
