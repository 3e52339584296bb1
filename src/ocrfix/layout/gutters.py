"""Columns printed side by side on one line, and the gutters between them.

``pdftotext -layout`` and Tesseract ``--psm 4/6`` print a row of a page as one line: the first
column's printed line, spaces (or a ``|`` where a rule was; on a degraded scan often a speck read
as ``，`` between single spaces), the second column's, and so on. A line cut at its gutters gives
its **pieces**; the position of a piece is its index in the line, which ``-layout`` keeps in
step from line to line (one position per character, whatever its width) and Tesseract roughly
so. Where a column starts is document evidence: the positions that piece after piece, line after
line, start at.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import regex

from ocrfix.chars import HSPACE_CLASS
from ocrfix.layout.lines import Line
from ocrfix.layout.patterns import RULE, RULE_CHARS

#: How far (in positions) a line's piece may start from its column's start.
TOLERANCE = 3
_S = f"[{HSPACE_CLASS}]"  # (a no-break space too: ``unicode`` keeps them)
#: Two or more spaces, or a column rule (``|`` or a look-alike) with any spaces around it.
_GUTTER = regex.compile(rf"{_S}{{2,}}|{_S}*[{RULE_CHARS}]{_S}*")
#: Marks that running text also prints between spaces in OCR's output (``保护 。 除因``,
#: ``法律 、 法规``, ``科技创新2030 - 重大项目``, ``是否 ? 如``): a stop, a list's comma or a
#: dash cuts a line at a gutter only where runs and column starts are looked for, and stays
#: with the text.
_SPACED_STOPS = r"。？！?!、\-—–"
#: Marks that carry meaning wherever they stand (``增长 6.5 % 左右``, ``学习 《 宪法 》``): never
#: a speck.
_MEANING = r"%％‰℃°￥¥$€£《》〈〉（）()【】…#&@+/／"
_MARK = r"[^\p{Han}\p{L}\p{N}\s]"
#: Also one to three other marks between spaces (``降低企业 ， 工商户``): a degraded scan's OCR
#: reads a rule or a speck in a gutter as ``，`` ``:`` ``;`` ``“`` ``*``; they are gutter, not text.
#: (The spaces before the marks are possessive: a gutter of many spaces is not tried again and
#: again for a mark after fewer of them.)
_SPECKS = rf"{_S}++[^\p{{Han}}\p{{L}}\p{{N}}\s{_SPACED_STOPS}{_MEANING}]{{1,3}}{_S}+"
_SPECKED_GUTTER = regex.compile(rf"{_SPECKS}|{_GUTTER.pattern}")
_SPACED_STOP = rf"(?<=\S){_S}[{_SPACED_STOPS}]{_MARK}{{0,2}}{_S}(?=\S)"
_STOPPED_GUTTER = regex.compile(rf"{_SPECKS}|{_SPACED_STOP}|{_GUTTER.pattern}")
_HAS_SPACED_STOP = regex.compile(_SPACED_STOP)
#: What every gutter above holds: a column rule, or two spaces at most three marks apart. A line
#: without one is one piece (most lines of running text: no gutter is looked for). (``re``: no
#: Unicode property in it, and ``re`` tries plain classes several times faster than ``regex``.)
_MAY_CUT = re.compile(rf"[{RULE_CHARS}]|{_S}.{{0,3}}{_S}", re.S)
#: A space before a stop: what :data:`_HAS_SPACED_STOP` needs, tested first (``re``, as above).
_MAY_STOP = re.compile(rf"{_S}[{_SPACED_STOPS}]")
#: :data:`~ocrfix.layout.patterns.RULE`, for :func:`ruled`'s look at every line (``re``: faster).
_RULE = re.compile(RULE.pattern)
#: Four characters in a row each followed by a single space: a line set letter by letter
#: (``形 成 强 大 国 内 市 场 ， 构 建``), whose spaced marks are its text's, not specks.
_LETTER_BY_LETTER = regex.compile(r"(?:(?<!\S)\S ){4}")
#: What :data:`_LETTER_BY_LETTER` needs, tested first (``re``: see :data:`_MAY_CUT`).
_MAY_SPELL = re.compile("[^ ] [^ ] [^ ] [^ ] ")
_TEXT = regex.compile(r"[\p{Han}\p{L}\p{N}]")
_GUTTER_MARK = regex.compile(rf"(?![{RULE_CHARS}]){_MARK}")
_BLANK_GUTTER = " \u3000" + RULE_CHARS  # (no mark of _GUTTER_MARK among them)
_SPACE = regex.compile(r"(?<=\S) (?=\S)")
_HAN_SPACE = regex.compile(r"(?<=[\p{Han}，。、；：？！”’）》]) (?=[\p{Han}“‘（《])")


class Piece(NamedTuple):  # (a tuple: a page cuts tens of thousands, a dataclass is slower)
    """Text between gutters: ``start``/``end`` offsets in the document, ``pos`` its index in
    its line (where it starts, measured from the line's start)."""

    start: int
    end: int
    pos: int


def pieces(line: Line, stops: bool = False) -> list[Piece]:
    """The pieces of one line, left to right (indentation is not a gutter); with ``stops``, cut
    also at a stop, a list's comma or a dash between single spaces.

    >>> from ocrfix.layout.lines import lines
    >>> (ln,) = lines("  据测算，大桥通车后      车程将由目前的40分钟 | 江大桥")
    >>> [(p.pos, piece_text(ln, p)) for p in pieces(ln)]
    [(2, '据测算，大桥通车后'), (17, '车程将由目前的40分钟'), (31, '江大桥')]
    >>> (ln,) = lines("用改革办法推动降低企业 ， 工商户减免租金。 推动各类中")
    >>> [piece_text(ln, p) for p in pieces(ln)]
    ['用改革办法推动降低企业', '工商户减免租金。 推动各类中']
    >>> (ln,) = lines("和通信秘密受法律的保护 。 除因国家安全")
    >>> len(pieces(ln)), len(pieces(ln, stops=True))
    (1, 2)
    >>> (ln,) = lines("较长 ， \u00a0第二栏")  # (no piece starts or ends with a space)
    >>> [piece_text(ln, p) for p in pieces(ln)]
    ['较长', '第二栏']
    """
    out: list[Piece] = []
    text = line.text
    pos = len(line.indent)
    for gap in [*_gutters(text, pos, stops), None]:
        end = len(text) if gap is None else gap.start()
        seg = text[pos:end]
        body = seg.strip()
        if body:  # (gutters take the usual spaces; strip() any other one at a piece's edges)
            start = pos + len(seg) - len(seg.lstrip())
            out.append(Piece(line.start + start, line.start + start + len(body), start))
        if gap is not None:
            pos = gap.end()
    return out


def _gutters(text: str, pos: int, stops: bool) -> list[regex.Match[str]]:
    """The gutters of a line's ``text`` from ``pos`` on (:func:`pieces`)."""
    if not _MAY_CUT.search(text, pos):
        return []  # (most lines of running text: no gutter to look for)
    if _MAY_SPELL.search(text) and _LETTER_BY_LETTER.search(text):
        return list(_GUTTER.finditer(text, pos))
    return list((_STOPPED_GUTTER if stops else _SPECKED_GUTTER).finditer(text, pos))


def piece_text(line: Line, piece: Piece) -> str:
    """The text of ``piece``, a piece of ``line``."""
    return line.text[piece.start - line.start : piece.end - line.start]


def has_gutter(line: Line) -> bool:
    """Is there a gutter of spaces or a rule between two pieces of text in ``line`` (not only
    a speck or a stop between single spaces, which a line of running text may show, nor a rule
    at its edge)?

    >>> from ocrfix.layout.lines import lines
    >>> [has_gutter(ln) for ln in lines("向 = 大力发展社会工作。 支持\\n推动降低企业   工商户")]
    [False, True]
    >>> [has_gutter(ln) for ln in lines("| 农村人居环境整治提升五年行动。 加 |\\n甲乙 | ，")]
    [False, False]
    """
    text = line.text
    return any(
        _TEXT.search(text, 0, gap.start()) and _TEXT.search(text, gap.end())
        for gap in _GUTTER.finditer(text)
    )


def may_have_gutter(text: str) -> bool:
    """Can a line of ``text`` (a page) hold a gutter (:func:`has_gutter`)? Not where no gutter
    pattern stands anywhere in it (a gutter never spans a line break): one search of a page
    printed one paragraph or printed line a line, instead of cutting each of its lines.

    >>> may_have_gutter("甲乙丙\\n丁戊己"), may_have_gutter("甲乙丙    丁戊己")
    (False, True)
    """
    return _GUTTER.search(text) is not None


def gutter_marks(text: str) -> str:
    """The marks in ``text`` (the gutters a cut deletes), without its spaces and column rules:
    the specks a degraded scan's OCR read there.

    >>> gutter_marks(" ， |  ; ")
    '，;'
    """
    if not text.strip(_BLANK_GUTTER):
        return ""  # (most gutters: spaces and rules alone)
    return "".join(_GUTTER_MARK.findall(text))


def pieces_and_evidence(line: Line) -> tuple[list[Piece], list[Piece]]:
    """``pieces(line)`` and ``pieces(line, stops=True)``, the same list where no stop stands
    between single spaces (most lines: cut once)."""
    plain = pieces(line)
    text = line.text
    stopped = _MAY_STOP.search(text) is not None and _HAS_SPACED_STOP.search(text) is not None
    return plain, pieces(line, stops=True) if stopped else plain


def column_starts(
    rows: list[list[Piece]], tolerance: int = TOLERANCE, leads: Iterable[int] = ()
) -> tuple[list[int], bool]:
    """Where the second, third, … columns start: positions that pieces after the first start at
    on a fifth of the rows that have two pieces or more, and two rows at least (clustered
    within ``tolerance``), each the median of its cluster; ``leads``: first pieces of rows
    that start at a later column (``-layout`` prints a row whose first columns are empty from
    where its first text is), counted with them. Also whether the positions scattered: where
    OCR's drift (a degraded scan, Latin misreads of another width) leaves a start at any
    position, a cluster spreads over most of a column's width, or chains across columns, and
    the densest windows are taken in it.

    >>> row = lambda *ps: [Piece(0, 15, p) for p in ps]
    >>> column_starts([row(0, 40), row(0, 41), row(2, 39, 80), row(0, 40, 79)])
    ([40, 80], False)
    >>> column_starts([row(0, 20, 40), row(2, 20, 40), row(40, 60), row(41, 60)], leads=[40, 41])
    ([20, 40, 60], False)
    """
    split = [r for r in rows if len(r) >= 2]
    found = [*(p.pos for r in split for p in r[1:]), *leads]
    need = max(2, len(split) / 5)
    widths = piece_widths(rows)
    if not widths:
        return recurring(found, tolerance, need), False
    # a column's full line (short last lines and OCR's broken pieces make many narrower)
    wide = widths[len(widths) * 3 // 4]
    starts: list[int] = []
    scattered = False
    for cluster in _clusters(found, tolerance):
        if cluster[-1] - cluster[0] <= 0.9 * wide:  # (not spread over a column's width)
            if len(cluster) >= need:
                starts.append(round(statistics.median(cluster)))
        else:
            starts += densest(cluster, tolerance, need, 0.7 * wide)
            scattered = True
    return starts, scattered


def left_edge(rows: list[list[Piece]]) -> int:
    """Where the leftmost of ``rows`` starts: the first column's start."""
    return min(r[0].pos for r in rows if r)


def apart(starts: list[int], rows: list[list[Piece]], room: float, left: int) -> list[int]:
    """``starts`` at least ``room`` from the ``left`` edge and from each other, the best
    supported kept first (the number of pieces after a row's first that start within reach).

    >>> row = lambda *ps: [Piece(0, 15, p) for p in ps]
    >>> apart([15, 20], [row(0, 20), row(0, 20), row(0, 15, 20), row(0, 21)], 6, 0)
    [20]
    """
    found = sorted(p.pos for r in rows for p in r[1:])  # (counted by bisection, not per start)
    support = {
        s: bisect.bisect_right(found, s + TOLERANCE) - bisect.bisect_left(found, s - TOLERANCE)
        for s in starts
    }
    kept: list[int] = []
    for s in sorted(starts, key=lambda s: (-support[s], s)):
        if s - left >= room and all(abs(s - k) >= room for k in kept):
            kept.append(s)
    return sorted(kept)


def piece_widths(rows: list[list[Piece]]) -> list[int]:
    """The widths of the pieces of rows that split into columns, narrowest first: how wide a
    band's column lines are."""
    return sorted(p.end - p.start for r in rows if len(r) >= 2 for p in r)


def densest(positions: list[int], tolerance: int, need: float, apart: float) -> list[int]:
    """The densest windows of ``tolerance`` each side in sorted ``positions``, densest first,
    each holding ``need`` positions or more and more than ``apart`` from those taken before;
    each as the median of its window.

    >>> densest([16, 17, 18, 18, 18, 19, 20, 24, 28, 31, 32, 32, 33, 34, 37], 2, 4, 10)
    [18, 32]
    """
    counts = Counter(positions)
    mass = {x: sum(counts[y] for y in range(x - tolerance, x + tolerance + 1)) for x in counts}
    taken: list[int] = []
    for x in sorted(mass, key=lambda x: (-mass[x], x)):
        if mass[x] < need:
            break
        if all(abs(x - t) > apart for t in taken):
            taken.append(x)
    out = []
    for t in sorted(taken):
        lo = bisect.bisect_left(positions, t - tolerance)
        hi = bisect.bisect_right(positions, t + tolerance)
        out.append(round(statistics.median(positions[lo:hi])))
    return out


def spaced_starts(band: list[Line], tolerance: int = TOLERANCE, rows: int = 0) -> list[int]:
    """Column starts that ``-layout`` marks with one space only (``浅水 记本里``): a single space
    between two ideographs at about the same position on three lines and a third of the ``rows``
    that show columns (default: of all lines). Running text has such spaces rarely and never
    aligned from line to line.

    >>> from ocrfix.layout.lines import lines
    >>> band = list(lines("一二三四五六 甲乙丙丁\\n七八九十一二 戊己庚辛\\n三四五六七八 壬癸"))
    >>> spaced_starts(band)
    [7]
    """
    found = [x for ln in band for x in _lone(ln.text, tolerance)]
    return recurring(found, tolerance, max(3, (rows or len(band)) / 3))


@lru_cache(maxsize=4096)  # a line is read again for each run and band it stands in
def _lone(text: str, tolerance: int) -> tuple[int, ...]:
    """Where the single spaces between ideographs of a line's ``text`` end, but for spaces
    within ``tolerance`` of each other: a line stretched by letter spacing (``当 地民 族中 大 量培
    养各``) would chain them into one column start.

    >>> [_lone(s, 3) for s in ("当 地民 族中 大 量培", "浅水 记本里")]
    [(), (3,)]
    """
    ends = [m.end() for m in _HAN_SPACE.finditer(text)] if " " in text else []
    if not ends:
        return ()
    far = tolerance + 1  # (before the first and after the last)
    gaps = [far, *(b - a for a, b in itertools.pairwise(ends)), far]
    return tuple(
        x
        for x, before, after in zip(ends, gaps[:-1], gaps[1:], strict=True)
        if before > tolerance < after
    )


def recurring(positions: Iterable[int], tolerance: int, need: float) -> list[int]:
    """Positions that recur: clusters of positions within ``tolerance`` of the next, with at least
    ``need`` members, each as its median."""
    return [round(statistics.median(c)) for c in _clusters(positions, tolerance) if len(c) >= need]


def _clusters(positions: Iterable[int], tolerance: int) -> list[list[int]]:
    """Sorted ``positions`` in runs, each within ``tolerance`` of the one before."""
    clusters: list[list[int]] = []
    for x in sorted(positions):
        if clusters and x - clusters[-1][-1] <= tolerance:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return clusters


def split_at(line: Line, piece: Piece, at: int, reach: int = 3) -> tuple[Piece, Piece] | None:
    """Cut a piece that runs over a column start at a single space near it (``-layout`` leaves
    one space where a column starts right after the one before: ``浅水 记本里``)."""
    lo, hi = max(piece.pos + 1, at - reach - 1), min(piece.end - line.start - 1, at + reach)
    return cut_near(line, piece, lo, hi, at - 1)  # (the space before where the column starts)


def cut_near(
    line: Line, piece: Piece, lo: int, hi: int, target: float
) -> tuple[Piece, Piece] | None:
    """``piece`` cut in two at the single space between characters in ``line.text[lo:hi]``
    nearest the position ``target`` (the first of two as near), the space itself left out.

    >>> from ocrfix.layout.lines import lines
    >>> (ln,) = lines("浅水 记本里 我们")
    >>> [piece_text(ln, p) for p in cut_near(ln, pieces(ln)[0], 0, 9, 5.5)]
    ['浅水 记本里', '我们']
    """
    spaces = [m.start() for m in _SPACE.finditer(line.text, lo, hi)]
    if not spaces:
        return None
    best = min(spaces, key=lambda x: abs(x - target))
    left = Piece(piece.start, line.start + best, piece.pos)
    return left, Piece(line.start + best + 1, piece.end, best + 1)


def nearest(edges: list[int], pos: int) -> int:
    """The index of the column start nearest ``pos`` in the sorted ``edges`` (the first column
    starts where the line does), the left one on a tie.

    >>> nearest([0, 40, 80], 59), nearest([0, 40, 80], 60), nearest([0, 40, 80], 99)
    (1, 1, 2)
    """
    k = bisect.bisect_left(edges, pos)
    if k == len(edges) or (k > 0 and pos - edges[k - 1] <= edges[k] - pos):
        k = bisect.bisect_left(edges, edges[k - 1])  # the first of equal starts, as min() would
    return k


def reach(edges: list[int], start: int) -> int:
    """How far from a column start a single space may be to cut a piece there: half the width
    of the narrower column beside it. OCR's positions drift by several from line to line (a
    heavy scan's ``荡 1 击`` sits 4 before its column's start), ``-layout`` adds a column's start
    one space after the text before it.

    >>> reach([0, 20, 40, 60], 40), reach([0, 20, 31], 31)
    (10, 5)
    """
    k = edges.index(start)
    widths = [start - edges[k - 1]] + ([edges[k + 1] - start] if k + 1 < len(edges) else [])
    return max(1, min(widths) // 2)


def column_of(p: Piece, edges: list[int], tolerance: int = TOLERANCE) -> int | None:
    """The column a piece stands in: it starts near that column's start (its left edge, or
    indented from it as a paragraph starts) and ends before the next column's; None if it is
    anywhere else (a headline centred over columns or across them).

    >>> column_of(Piece(0, 6, 22), [0, 20, 40]), column_of(Piece(0, 30, 2), [0, 20, 40])
    (1, None)
    """
    k = nearest(edges, p.pos)
    if not -tolerance <= p.pos - edges[k] <= 2 * tolerance:
        return None
    if k + 1 < len(edges) and p.pos + p.end - p.start > edges[k + 1]:
        return None
    return k


def ruled(run: list[Line]) -> bool:
    """Column rules read as ``|`` on more than one line in twenty: OCR, which indents specks and
    noise, not the rows whose first columns are empty (``pdftotext`` prints no rules).

    >>> from ocrfix.layout.lines import lines
    >>> ruled(list(lines("甲乙丙 | 丁戊己\\n甲乙丙"))), ruled(list(lines("甲乙丙    丁戊己")))
    (True, False)
    """
    return sum(1 for ln in run if _RULE.search(ln.text)) > 0.05 * len(run)
