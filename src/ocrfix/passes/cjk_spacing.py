"""``cjk-spacing``: remove the spaces that extraction leaves where a printed line broke.

PDF text layers and OCR engines turn each printed line end into a space, so a paragraph set in
narrow newspaper columns comes out as ``民族文化传 承和保护、红色遗迹…``. Chinese is written without
spaces, so a space between two CJK characters (or a CJK character and a digit) inside running text
is an artefact. Spaces that the printer did put there are kept:

- between Latin words and numbers (``CN 43-0005``);
- in headline-like lines (short, no sentence punctuation but ``、``, the shape
  ``joins.headline_shaped`` gives every pass; or Markdown headings:
  ``喝杯清茶 共话和谐小区建设``, ``癸卯年闰二月二十 第23271期``), unless a dictionary word spans
  the space (``民族文化传 承和保护``: 传承);
- between the names and roles of a byline (``（全媒体记者/刘芳 通讯员/卢青）``, ``尹照 陈晶晶``)
  and after its closing parenthesis,
  but not inside a name the line break split (``杨凌 凌`` → ``杨凌凌``);
- around a photo credit (``记者/杨凌凌 摄``);
- after an article number that opens a line (``第三条 国家持续深化简政放权``).

A line that ``pdftotext`` set letter by letter (``部 门 按 照 职 责 约 谈``) is running text
whatever its length: none of its spaces is printed.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex

from ocrfix.chars import CJK_CLASS, HSPACE_CLASS
from ocrfix.edits import Edit, PassResult
from ocrfix.layout.lines import letter_spaced
from ocrfix.layout.patterns import CREDIT_ANCHOR, CREDIT_IN_LINE, LIST_ITEM, MARKDOWN_HEADING
from ocrfix.registry import register
from ocrfix.resources.joins import headline_shaped
from ocrfix.resources.lexicon import spans_word

NAME = "cjk-spacing"
_RULE = "line-break-space"

_SPACE_RUN = regex.compile(f"(?<=[^\\s])[{HSPACE_CLASS}]+(?=[^\\s])")


class _Class(dict[str, bool]):
    """Is a character in the regex character class ``pattern``? Remembered per character: the
    pass asks it of the characters around every space."""

    def __init__(self, pattern: str) -> None:
        super().__init__()
        self.pattern = regex.compile(pattern)

    def __missing__(self, ch: str) -> bool:
        if len(self) > 50_000:  # text that uses every code point must not hold them all
            self.clear()
        found = self[ch] = self.pattern.fullmatch(ch) is not None
        return found


_CJK = _Class(f"[{CJK_CLASS}]")
_ASCII_PUNCT = _Class(r"[\"'()\[\],.:;!?%]")
_JOINABLE = _Class(f"[{CJK_CLASS}0-9\"'()\\[\\],.:;!?%]")
_ROLE = regex.compile(r"(?:特约|见习|实习)?(?:通讯员|记者|摄影|实习生|编辑|摄|供图)")
_NAME_LEFT = regex.compile(r"(?:^|[/\s])(\p{Han}{2,4})$")
_NAME_RIGHT = regex.compile(r"^(\p{Han}{2,4})(?:$|[\s)）/、])")
# The printed space before 摄 when a line break split the name: ``记者/杨凌 凌 摄`` keeps this
# one, the one inside the name goes.
_SPLIT_CREDIT = regex.compile(
    r"(?<=/\p{Han}{1,3}[" + HSPACE_CLASS + r"]\p{Han}{1,3})[" + HSPACE_CLASS + r"]+(?=摄|供图)"
)
_DATELINE = regex.compile(r"^\s*\p{Han}{2,12}(?:\d{1,2}月\d{1,2}日电|讯)$")
_BYLINE_LEAD = regex.compile(r"(?:讯|电|报道|^|\n)\s*$")
_HAN_TAIL = regex.compile(r"\p{Han}{1,4}$")
_HAN_HEAD = regex.compile(r"\p{Han}{1,4}")
#: A web or e-mail address (a token, from its start).
_ADDRESS = regex.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|[\w.+-]+@[\w-]+\.)\S*", regex.I)
# Bylines are short: look back this far for their bracket, so that a megabyte-long line costs
# linear time, not a scan from the line start per space.
_REACH = 80


@dataclass(frozen=True)
class CjkSpacingOptions:
    """Options of ``cjk-spacing``.

    headline_max_chars: a line of at most this many characters with no sentence punctuation
        keeps its spaces (headlines, masthead lines).
    keep_byline_spaces: keep spaces between names and roles inside bylines.
    """

    headline_max_chars: int = 40
    keep_byline_spaces: bool = True


@register(
    NAME,
    options=CjkSpacingOptions,
    rules={_RULE: ("line-break space removed", "line-break spaces removed")},
)
def cjk_spacing(text: str, options: CjkSpacingOptions = CjkSpacingOptions()) -> PassResult:
    """Remove line-break spaces in Chinese text: ``文化传 承和保护`` → ``文化传承和保护``.

    >>> cjk_spacing("株洲日报讯(全媒体记者/杨凌 凌) 4月9日,芦淞区").output
    '株洲日报讯(全媒体记者/杨凌凌) 4月9日,芦淞区'
    >>> cjk_spacing("国内统一连续出版物号CN 43-0005").output
    '国内统一连续出版物号CN 43-0005'
    """
    edits: list[Edit] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if " " in line or "\u3000" in line or "\u00a0" in line:
            before = text[max(0, pos - _REACH) : pos]
            edits.extend(_settled_line_edits(line, pos, options, before))
        pos += len(line)
    return PassResult.from_edits(NAME, text, edits)


def _settled_line_edits(
    line: str, offset: int, options: CjkSpacingOptions, before: str
) -> list[Edit]:
    """The line's edits, judged again on the line they leave until nothing more goes, so that a
    second run has nothing left to do (``采 取 相应``: once ``采取`` is whole, ``取 相`` reads
    as a word boundary of running text too)."""
    edits: list[Edit] = []
    current = line
    # where each character of ``current`` stands in ``line``, brought up to date only when a
    # later round removes more (7 of 9,400 lines in the corpus): ``kept`` is the last round's
    index: Sequence[int] = range(len(line))
    kept: list[tuple[int, int]] = []
    for _ in range(4):
        spaces = _removable_spaces(current)
        if not spaces:
            break  # most lines: no space between two CJK characters (left)
        headline = _is_headline_like(current, options.headline_max_chars)
        removals = _line_edits(current, spaces, options, headline, before)
        if not removals:
            break
        if kept:
            index = list(itertools.chain.from_iterable(index[a:b] for a, b in kept))
        # A removed run of spaces lies between two characters that stay: one span of ``line``.
        for r in removals:
            start, end = offset + index[r.start], offset + index[r.end - 1] + 1
            edits.append(Edit(start, end, "", NAME, _RULE, r.confidence, r.reason))
        # the removals are in order and apart: keep what lies between them, in slices
        starts = [0, *(r.end for r in removals)]
        ends = [*(r.start for r in removals), len(current)]
        kept = list(zip(starts, ends, strict=True))
        current = "".join(current[a:b] for a, b in kept)
    return edits


def _is_headline_like(line: str, max_chars: int) -> bool:
    if MARKDOWN_HEADING.match(line):
        return True
    body = line.strip()
    if not 0 < len(body) <= max_chars:
        return False  # most lines: too long for a headline (the cheapest test first)
    if letter_spaced(body):
        return False  # ``部 门 按 照 职 责``: a stretched line, none of its spaces printed
    return headline_shaped(body, max_chars, listing=True)


def _removable_spaces(line: str) -> list[tuple[int, int]]:
    """The spans of the runs of spaces in ``line`` that :func:`_removable` allows to go:
    ``文化传 承`` yes, ``CN 43-0005`` no."""
    spans = []
    for m in _SPACE_RUN.finditer(line):
        s, e = m.span()
        if _removable(line, s, e):
            spans.append((s, e))
    return spans


class _Removal(NamedTuple):
    """A run of spaces ``line[start:end]`` that goes (a tuple, not yet an :class:`Edit`: the
    edit's offsets are the text's, known once the line is settled)."""

    start: int
    end: int
    confidence: float
    reason: str


def _line_edits(
    line: str,
    spaces: list[tuple[int, int]],
    options: CjkSpacingOptions,
    headline: bool,
    before: str = "",
) -> list[_Removal]:
    """The removals of the removable ``spaces`` of ``line`` (:func:`_removable_spaces`)."""
    removals = []
    # a photo credit's spaces (``记者/杨凌凌 摄``) and the one right after it are printed (a column
    # gap after a credit tells ``furniture`` that columns stand side by side)
    credits: list[tuple[int, int]] = []
    if CREDIT_ANCHOR.search(line):
        credits = [m.span() for p in (CREDIT_IN_LINE, _SPLIT_CREDIT) for m in p.finditer(line)]
    # the space after an article number (``第三条 国家持续深化…``) is printed; after ``（一）``
    # it is the bracket's own blank, which OCR reads as a space
    indent = len(line) - len(line.lstrip())
    item = LIST_ITEM.match(line[indent:]) if line.startswith("第", indent) else None
    for s, e in spaces:
        left, right = line[s - 1], line[e]
        if item is not None and s == indent + item.end():
            continue
        if credits and any(cs <= s <= ce for cs, ce in credits):
            continue
        printed = _byline_space(line, s, e) or _after_byline(line, s, before)
        if options.keep_byline_spaces and printed:
            continue
        if headline:
            # Headline parts are printed apart; only a word split by the space betrays a line break.
            if not spans_word(_han_before(line, s), _han_after(line, e)):
                continue
            confidence, why = 0.8, f"a word spans the space between {left} and {right}"
        else:
            both_cjk = _CJK[left] and _CJK[right]
            confidence = 0.95 if both_cjk else 0.85
            why = f"space between {left} and {right} in running text"
        removals.append(_Removal(s, e, confidence, why))
    return removals


def _han_before(line: str, s: int) -> str:
    m = _HAN_TAIL.search(line, max(0, s - 4), s)
    return m.group() if m else ""


def _han_after(line: str, e: int) -> str:
    m = _HAN_HEAD.match(line, e)
    return m.group() if m else ""


def _removable(line: str, s: int, e: int) -> bool:
    """One side is CJK and the other CJK, a digit or punctuation (never a Latin letter).

    ASCII punctuation counts only in Chinese context: ``、 "春蕾`` joins, ``fox, 中文`` does not.
    """
    left, right = line[s - 1], line[e]
    if _CJK[left]:
        return _JOINABLE[right] and (not _ASCII_PUNCT[right] or _cjk_at(line, e + 1))
    if _CJK[right]:
        return (
            _JOINABLE[left]
            and (not _ASCII_PUNCT[left] or _cjk_at(line, s - 2))
            and not _ends_address(line, s)
        )
    return False


def _ends_address(line: str, s: int) -> bool:
    """Does a web or e-mail address end at ``s``? The space after it is printed: without it the
    address runs into the text (``见 https://www.zhuzhou.gov.cn/a?x=1,2 见。``).

    >>> _ends_address("网址 https://a.cn/x?y=1,2 见", 23), _ends_address("共1,2 见", 4)
    (True, False)
    """
    start = max(line.rfind(" ", max(0, s - _REACH), s), line.rfind("\u3000", max(0, s - _REACH), s))
    return _ADDRESS.match(line, start + 1, s) is not None


def _cjk_at(line: str, i: int) -> bool:
    return 0 <= i < len(line) and _CJK[line[i]]


def _after_byline(line: str, s: int, before: str = "") -> bool:
    """The space after a byline (``…记者/胡文洁） 4月9日``) or a dateline (``新华社北京9月4日电 ``)
    is printed. The byline may have started on the line before (``通讯员/蓝`` / ``翠萍） 4月``)."""
    if line[s - 1] in "电讯" and _DATELINE.match(line, 0, s):  # (where a dateline ends)
        return True
    if line[s - 1] not in ")）":
        return False
    # at most _REACH characters back, across the line start if the bracket opened earlier
    if s >= _REACH:
        ctx = line[s - _REACH : s]
    else:
        ctx = before[max(0, len(before) - _REACH + s) :] + line[:s]
    opening = max(ctx.rfind("("), ctx.rfind("（"))
    if opening < 0 or "/" not in ctx[opening:]:
        return False
    return bool(_BYLINE_LEAD.search(ctx, max(0, opening - 8), opening))


def _byline_space(line: str, s: int, e: int) -> bool:
    """Is the space at ``line[s:e]`` printed, between names or roles of a byline?"""
    lo = max(0, s - _REACH)
    if line.rfind("/", lo, s) < 0:
        return False  # most lines: no byline's slash (the cheapest test first)
    opening = max(line.rfind("(", lo, s), line.rfind("（", lo, s))
    closing = max(line.rfind(")", lo, s), line.rfind("）", lo, s))
    if opening <= closing or "/" not in line[opening:s]:
        return False
    after = line[e : e + 16]
    if _ROLE.match(after):
        return True
    # Two names side by side ("尹照 陈晶晶") are printed apart; a one-character half ("杨凌 凌")
    # is a name the line break split.
    return bool(_NAME_LEFT.search(line[opening + 1 : s]) and _NAME_RIGHT.match(after))
