"""Headlines in and over a band of columns: a row of headlines side by side ends a band (the
articles under it are read as a band of their own), and the headlines of articles set side by
side go over the column where each article starts.

>>> from ocrfix.layout import lines
>>> from ocrfix.layout.gutters import pieces
>>> (row,) = lines("三、2021年重点工作（续）          三、2021年重点工作（续）")
>>> side_by_side(row, pieces(row), [18, 36, 54])
True
"""

from __future__ import annotations

import itertools
import statistics
from functools import lru_cache
from typing import TYPE_CHECKING

import regex
from rapidfuzz import fuzz

from ocrfix.chars import han_count
from ocrfix.layout import Line
from ocrfix.layout.furniture import MASTHEAD_CORE
from ocrfix.layout.gutters import TOLERANCE, Piece, nearest, piece_text, reach
from ocrfix.layout.patterns import (
    CLAUSE_MARK,
    PROSE_MARK,
    SECTION_HEAD,
    SECTION_HEAD_MAX,
    SECTION_NUMBER,
    section_head,
)

if TYPE_CHECKING:
    from ocrfix.passes.columns.bands import Rows

#: A headline in one column is at most this long; one across columns, or a section's, at most
#: ``_LONGEST``.
_SHORT, _LONGEST = 24, SECTION_HEAD_MAX
#: How like a section's head (rapidfuzz's ratio) OCR's misread copy of it is.
_LIKE_HEAD = 60


def side_by_side(line: Line, row: list[Piece], starts: list[int]) -> bool:
    """Headlines side by side (``老旧小区加装电梯      三月三 歌会唱新春``): a row of two or more
    pieces, each short and without a clause mark (which running text has) or, wider than a
    column, without running text's marks, and fewer than the columns or not where they start
    (a headline spans columns, or is centred over them)."""
    if len(row) < 2:
        return False  # (most rows: one piece)
    if _heads_amid_specks(line, row):
        return True
    pitch = _pitch(tuple(starts))
    # (a piece a third wider than a column spans two of them: a headline may be that long)
    texts = _texts(line, row, 1.3 * pitch)
    if texts is None:
        return False
    if all(SECTION_HEAD.match(t) for t in texts):
        return True  # numbered section heads (``三、重点工作（续）``) are no column's text
    width = max(len(t) for t in texts)
    if width > _SHORT:  # a headline across columns, or two columns' lines one space apart
        width = min(width, round(0.8 * pitch))  # (a column's line: its pitch less the gutter)
    # a piece as long as the longest (or a column's line), right where a later column starts,
    # is that column's text
    if any(len(t) >= width - 1 and min(abs(p.pos - s) for s in starts) <= TOLERANCE
           for p, t in zip(row[1:], texts[1:], strict=True)):  # fmt: skip
        return False
    edges = [len(line.indent), *starts]
    aligned = all(min(abs(p.pos - e) for e in edges) <= TOLERANCE for p in row[1:])
    return len(row) <= len(starts) or not aligned


@lru_cache(maxsize=256)  # (asked for each row of a run, all with the run's starts)
def _pitch(starts: tuple[int, ...]) -> float:
    """The median distance from one column's start to the next's, the first at 0."""
    return statistics.median(b - a for a, b in itertools.pairwise([0, *starts])) if starts else 0


def _texts(line: Line, row: list[Piece], span: float = 0) -> list[str] | None:
    """The texts of a row of two or more pieces, none of them running text by
    :func:`_long_or_running`: headlines side by side. None for any other row."""
    texts = [piece_text(line, p) for p in row]
    if len(row) < 2 or any(_long_or_running(t, span) for t in texts):
        return None
    return texts


def specked_head(line: Line, row: list[Piece]) -> bool:
    """A numbered section's head amid a degraded scan's specks, the row's only text: every
    other piece a mark, a letter or two, or one character (``下    ，   2     第三章市场环境 (续)
    ，``), not another column's text (``三、完善信访制度加强法律援助      业。``).

    >>> from ocrfix.layout import lines
    >>> from ocrfix.layout.gutters import pieces
    >>> rows = lines("下   ，   第三章市场环境 (续)   ee\\n三、完善信访制度加强法律援助      业。")
    >>> [specked_head(ln, pieces(ln)) for ln in rows]
    [True, False]
    """
    if not _numbered(line.text):
        return False
    texts = [piece_text(line, p) for p in row]
    heads = [t for t in texts if not _speck(t)]
    return len(heads) == 1 and section_head(_speckless(heads[0]))


def _heads_amid_specks(line: Line, row: list[Piece]) -> bool:
    """A numbered section's head repeated over the columns amid a degraded scan's specks, the
    copies as OCR misread them (``三、2021年重点工作 (续)   ，   。   莹、 2021年生成工作 (续)``):
    every piece but the specks a section's head or like one of them (rapidfuzz's ratio 60 or
    more: the page's own head, not a list of heads, tells a misread copy).

    >>> from ocrfix.layout import lines
    >>> from ocrfix.layout.gutters import pieces
    >>> rows = lines("三、重点工作 (续)   ，   莹、重点王作 (续)\\n三、重点工作 (续)   保护企业")
    >>> [_heads_amid_specks(ln, pieces(ln)) for ln in rows]
    [True, False]
    """
    if not _numbered(line.text):
        return False  # (no head's number: no head)
    texts = [_speckless(piece_text(line, p)) for p in row]
    heads = [t for t in texts if t and not _speck(t)]
    numbered = [t for t in heads if section_head(t)]
    return (
        len(heads) >= 2
        and bool(numbered)
        and all(t in numbered or fuzz.ratio(t, numbered[0]) >= _LIKE_HEAD for t in heads)
    )


def _numbered(text: str) -> bool:
    """Does a section's number (:data:`SECTION_NUMBER`) stand anywhere in ``text``: a cheap
    test before a line's pieces are looked at (every such number holds ``、`` or ``第``, looked
    for first as plain characters)?"""
    return ("、" in text or "第" in text) and SECTION_NUMBER.search(text) is not None


def _speck(text: str) -> bool:
    """One character, or two without an ideograph: what OCR reads out of a speck."""
    return len(text) == 1 or (len(text) == 2 and han_count(text) == 0)


#: Marks before a head's number (``”第四章政务服务``), not letters (``A第三章`` is no head).
_LEADING_MARKS = regex.compile(r"^[^\p{Han}\p{L}\p{N}]+")
#: A speck after a head, a space before it (``第三章市场环境 (续) ，``); a bracket is the head's.
_TRAILING_SPECK = regex.compile(r"\s+[^\p{Han}\p{L}\p{N}\s()（）]{1,3}$")


def _speckless(text: str) -> str:
    """``text`` without the marks OCR read out of specks before and after it.

    >>> _speckless("”第三章市场环境 (续) ，")
    '第三章市场环境 (续)'
    """
    return _TRAILING_SPECK.sub("", _LEADING_MARKS.sub("", text))


def _long_or_running(text: str, span: float = 0) -> bool:
    """Longer than a headline or with a clause mark, as running text is, and no section's
    heading. A headline across columns wider than ``span`` (``陈恢清在市应急管理局调研时强调
    积极主动作为``) may be longer; it has no prose marks, which a column's line as long has."""
    if section_head(text):
        return False
    if len(text) <= _SHORT:
        return CLAUSE_MARK.search(text) is not None
    return not (span < len(text) <= _LONGEST) or PROSE_MARK.search(text) is not None


def heads_over(
    above: dict[int, Line], first: Line, starts: list[int], row_of: Rows
) -> list[tuple[int, list[Piece]]]:
    """The headlines of articles set side by side, on the lines right above their band
    (``百年骑楼街修缮完工      垃圾分类“积分超市”人气旺``, a subtitle row under it; a blank line
    may come between them and the band): for each article after the first, the column of the
    band where it starts and its headline pieces, top down (none unless every such row stands
    over the same column starts of the band)."""
    rows: list[list[Piece]] = []
    line = above.get(first.start - 1) or above.get(first.start - 2)  # (Tesseract's blank line)
    while line is not None and len(rows) < 3:
        row = row_of[line.start]
        # (a row of the paper's name and its date, weekday and issue is one masthead)
        if _texts(line, row) is None or MASTHEAD_CORE.search(line.text):
            break
        rows.insert(0, row)
        line = above.get(line.start - 1)
    edges = [0, *starts]
    groups: list[tuple[int, list[Piece]]] | None = None
    for row in rows:
        cols = [nearest(edges, p.pos) for p in row[1:]]
        near = all(
            abs(p.pos - edges[c]) <= reach(edges, edges[c])
            for p, c in zip(row[1:], cols, strict=True)
        )
        if 0 in cols or cols != sorted(set(cols)) or not near:
            return []
        if groups is None:
            groups = [(c, [p]) for c, p in zip(cols, row[1:], strict=True)]
        elif cols != [c for c, _ in groups]:
            return []
        else:
            for (_, ps), p in zip(groups, row[1:], strict=True):
                ps.append(p)
    return groups or []
