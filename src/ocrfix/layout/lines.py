"""Printed lines and the page's own line width.

A line is measured in display cells, as a printer sets it: an ideograph or a full-width mark
takes two, a Latin letter or a digit one (``17日7时30分`` is 11 cells, not 8 characters). Lines of
a column set in one measure are all about as wide, except where a paragraph ends; that shared
width is the document evidence :func:`page_width` finds.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

import regex

from ocrfix.chars import han_count

#: A gap of three or more spaces between two pieces of text: columns printed side by side.
GUTTER = regex.compile(r"\S[ \u3000]{3,}\S")
#: A line set letter by letter: six or more single characters, one space apart.
# (possessive: a failed match must not backtrack through a megabyte of pairs)
_LETTER_SPACED = regex.compile(r"(?:[\p{Han}\p{P}] ){5,}+[\p{Han}\p{P}]")


_T = TypeVar("_T")


class once(Generic[_T]):  # lower case: a decorator, like ``property``
    """``functools.cached_property`` without the lock Python 3.11 takes on each first read (the
    page model computes thousands of these per page): the value lands in the instance's
    ``__dict__`` and shadows this descriptor from then on."""

    def __init__(self, compute: Callable[[Any], _T]):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, obj: Any, owner: Any = None) -> _T:
        if obj is None:  # looked up on the class (documentation tools)
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


@dataclass(frozen=True, init=False)
class Line:
    """One line of the text: ``start``/``end`` offsets of its content (no line break), its text,
    its indentation and its width in display cells (without the indentation)."""

    start: int
    end: int
    text: str
    indent: str

    def __init__(self, start: int, end: int, text: str, indent: str) -> None:
        # (a frozen dataclass sets each field through object.__setattr__: twice as slow, and
        # every structural pass builds a Line for each line of the page)
        fields = self.__dict__
        fields["start"], fields["end"], fields["text"], fields["indent"] = start, end, text, indent

    # Measured once: every structural pass asks each line for these again and again.
    @once
    def body(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.body

    @once
    def cells(self) -> int:
        body = self.body  # (letter spacing needs spaces: most lines hold none, no match tried)
        return cells(body.replace(" ", "") if " " in body and letter_spaced(body) else body)

    @once
    def han(self) -> int:
        return han_count(self.text)

    @once
    def gutter(self) -> bool:
        """Columns printed side by side: a :data:`GUTTER` stands inside the line."""
        text = self.text  # (most lines hold no space at all: no search)
        return (" " in text or "\u3000" in text) and GUTTER.search(text) is not None


@lru_cache(maxsize=1 << 14)  # a page's lines are measured by several passes
def cells(text: str) -> int:
    """Display width: two cells for wide characters, one for the rest.

    >>> cells("17日7时30分"), cells("澄江三桥")
    (11, 8)
    """
    return sum(map(_WIDTHS.__getitem__, text))  # a dict lookup per character, at C speed


@lru_cache(maxsize=256)  # scan-noise asks once per mark of a line
def letter_spaced(body: str) -> bool:
    """A line that ``pdftotext`` printed with a space between every two characters: a justified
    line stretched by wide letter spacing. Its spaces are no word gaps and it is no wider than
    its neighbours (:attr:`Line.cells` leaves them out).

    >>> letter_spaced("部 门 按 照 职 责 约 谈"), letter_spaced("青溪日报 2024年3月11日 星期一")
    (True, False)
    """
    return _LETTER_SPACED.fullmatch(body) is not None


class _Widths(dict[str, int]):
    """Character → display cells, filled in as characters are first seen."""

    def __missing__(self, ch: str) -> int:
        if len(self) > 50_000:  # text that uses every code point must not hold them all
            self.clear()
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _Widths()


def lines(text: str) -> Iterator[Line]:
    """The lines of ``text`` with their offsets: split at ``\\n`` only, as the passes that
    look for ``\\n`` in the text split it (``str.splitlines`` also splits at ``\\r``, form feeds
    and U+2028, which ``unicode`` turns into newlines first); a ``\\r`` before a line's ``\\n``
    is not its content.

    >>> [(ln.start, ln.end, ln.indent) for ln in lines("　　第一行\\n第二行")]
    [(0, 5, '\\u3000\\u3000'), (6, 9, '')]
    """
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()  # (a text ending in a line break has no empty line after it)
    pos = 0
    for raw in parts:
        content = raw.rstrip("\r")
        indent = content[: len(content) - len(content.lstrip())]
        yield Line(pos, pos + len(content), content, indent)
        pos += len(raw) + 1


def line_blocks(all_lines: list[Line]) -> list[list[Line]]:
    """The non-blank lines in runs between blank lines: the blocks of a page as lines.

    >>> page = list(lines("标题\\n\\n第一行\\n第二行\\n  \\n"))
    >>> [[ln.text for ln in b] for b in line_blocks(page)]
    [['标题'], ['第一行', '第二行']]
    """
    blocks: list[list[Line]] = [[]]
    for ln in all_lines:
        if not ln.blank:
            blocks[-1].append(ln)
        elif blocks[-1]:
            blocks.append([])
    if not blocks[-1]:
        blocks.pop()
    return blocks


#: Anything but ideographs and line breaks: what is left of a page without it is each line's
#: ideographs, one line of them per line.
_NOT_HAN_NOR_BREAK = regex.compile(r"[^\p{Han}\n]+")


def measured_lines(text: str) -> list[Line]:
    """The lines of ``text`` (:func:`lines`), each line's :attr:`~Line.han` and
    :attr:`~Line.gutter` measured for the whole page at once: one pattern over the page for the
    ideographs and one for the gutters, instead of a search or two for each line (``unwrap``
    asks every line of a page for both, and for its :attr:`~Line.cells`).

    >>> [(ln.cells, ln.han, ln.gutter) for ln in measured_lines("17日7时30分\\n澄江三桥    主桥")]
    [(11, 3, False), (16, 6, True)]
    """
    all_lines = list(lines(text))
    han = _NOT_HAN_NOR_BREAK.sub("", text).split("\n")  # (lines() splits at \\n alone too)
    starts = [ln.start for ln in all_lines]
    gutters = {bisect.bisect_right(starts, m.start()) - 1 for m in GUTTER.finditer(text)}
    for i, ln in enumerate(all_lines):
        fields = ln.__dict__  # (what once() would store on the first read)
        fields["han"], fields["gutter"] = len(han[i]), i in gutters
    return all_lines


@dataclass(frozen=True)
class PageWidth:
    """The measure most body lines share (``cells``) and the share of body lines that are
    full (the evidence for hard wrapping)."""

    cells: int
    full_share: float


@lru_cache(maxsize=1024)  # asked for every pair of lines, of a few dozen widths
def slack(width: int) -> int:
    """How far a full line may fall short of the measure: ragged setting, a digit pair, a mark
    pushed to the next line (12%, at least two cells)."""
    return max(2, round(width * 0.12))


def fills(cells: int, measure: int) -> bool:
    """Does a printed line of ``cells`` fill the measure (the page's, or a local one)?

    >>> fills(38, 40), fills(34, 40)
    (True, False)
    """
    return cells >= measure - slack(measure)


def local_measures(all_lines: list[Line], reach: int = 6) -> dict[int, int]:
    """The measure around each line of running text (by its ``start``): the median of the wider
    half of the ``reach`` running-text lines before and after it. Articles set in columns of
    different widths on one page each get their own.

    >>> page = "马拉松在市民中心广场鸣枪开跑。来自国内外\\n" * 4 + "春的风光。\\n"
    >>> sorted(set(local_measures(list(lines(page))).values()))
    [40]
    """
    body = _running(all_lines)
    widths = [ln.cells for ln in body]
    # The window slides down the page, kept in order: one width in and one out per line
    # instead of a sort of the whole window.
    window = sorted(widths[:reach])
    measures: dict[int, int] = {}
    for i, ln in enumerate(body):
        if i + reach < len(widths):
            bisect.insort(window, widths[i + reach])
        if i > reach:
            del window[bisect.bisect_left(window, widths[i - reach - 1])]
        measures[ln.start] = _wide_median(window)
    return measures


def local_full_share(all_lines: list[Line], measures: dict[int, int]) -> float:
    """The share of lines of running text that fill their local measure
    (:func:`local_measures`): the evidence for hard wrapping on a document whose pages or
    articles are set in different widths, where few lines fill one page-wide measure.

    >>> page = "马拉松在市民中心广场鸣枪开跑。来自国内外\\n" * 12 + "澄江三桥主桥合龙，预计\\n" * 12
    >>> all_lines = list(lines(page))
    >>> page_width(all_lines).full_share, local_full_share(all_lines, local_measures(all_lines))
    (0.5, 0.875)
    """
    body = _running(all_lines)
    return sum(fills(ln.cells, measures[ln.start]) for ln in body) / len(body) if body else 0.0


def _running(all_lines: list[Line]) -> list[Line]:
    """Lines of running text: four or more ideographs, no column gutter."""
    return [ln for ln in all_lines if ln.han >= 4 and not ln.gutter]


def _measure(widths: list[int]) -> int:
    """The widest lines set the measure; paragraph ends and headlines only fall short of it:
    the median of the wider half."""
    return _wide_median(sorted(widths))


def _wide_median(ordered: list[int]) -> int:
    """The median of the wider half of ``ordered`` (sorted widths): ``statistics.median``'s
    arithmetic, without its checks."""
    half = len(ordered) // 2  # the wider half is ordered[half:]
    size = len(ordered) - half
    mid = half + size // 2
    return round(ordered[mid] if size % 2 else (ordered[mid - 1] + ordered[mid]) / 2)


def page_width(all_lines: list[Line]) -> PageWidth | None:
    """The page's line width, from lines of running text (four or more ideographs, no column
    gutter); None when there are too few to tell.

    >>> page = "春的风光。\\n" + "马拉松在市民中心广场鸣枪开跑。来自国内外\\n" * 6
    >>> w = page_width(list(lines(page)))
    >>> (w.cells, w.full_share)
    (40, 0.8571428571428571)
    """
    body = [ln.cells for ln in _running(all_lines)]
    if len(body) < 4:
        return None
    width = _measure(body)
    full = sum(1 for c in body if abs(c - width) <= slack(width))
    return PageWidth(width, full / len(body))
