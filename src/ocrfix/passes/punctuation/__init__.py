"""``punctuation``: make the punctuation of Chinese running text what GB/T 15834-2011 prescribes.

PDF extraction and OCR give Chinese text ASCII punctuation (``4月9日,市委书记``), straight quotes,
``...`` for ``……`` and ``--`` or ``一一`` for ``——``. The rules applied (GB/T 15834-2011 section
numbers in brackets):

- ``fullwidth``: in Chinese context ``, ; : ? !`` become ``，；：？！`` [4.1–4.7: Chinese
  punctuation marks are full-width and take a full character cell].
- ``paren``: ``( )`` become ``（ ）`` [4.9] when the pair encloses Chinese or stands in Chinese
  text, whatever it encloses: ``(GDP)`` and ``(2023)`` in a Chinese sentence are ``（GDP）``,
  ``（2023）`` (the standard writes brackets in Chinese text full-width; only ``f(x)``-style
  notation glued to a Latin letter or digit and list markers at a paragraph start such as ``(1)``
  are left).
- ``ellipsis``: ``...``, ``。。。`` and a lone ``…`` become ``……`` [4.11: two ellipsis characters].
- ``dash``: ``--``, a lone ``—`` and ``一一`` used as a dash become ``——`` [4.10: the dash takes two
  cells]. ``一一`` is also a word (``一一对应``), so it is read as a dash only right after a closing
  mark (``？”）》``) or right before an opening one (``“（《``). A lone ``—`` joining two short
  terms inside one pair of quotes or brackets is a connector and stays [4.13: the one-cell
  connector for ranges and routes, ``“天山—澄江”互游``].
- ``quote``: straight quotes become paired ``“…”``/``‘…’`` per paragraph [4.8]; see
  :mod:`ocrfix.passes.punctuation.quotes` for when a quote is left and reported instead.
- ``dot``: a half-width ``.`` between two Han characters is a misread ``，`` or ``。``
  (``近日.一名``): ``，`` after a short lead-in or within a sentence that has no comma yet,
  ``。`` otherwise; a ``.`` ending a Chinese paragraph is ``。``.

Chinese context. A mark is in Chinese context when the nearest non-space characters on both sides
(looking through quotes and brackets) are CJK, or one is and the other is missing (paragraph
edge). When one side is Latin or a digit (mixed sentences: ``使用Python,效果``), the surrounding
script decides: 20 characters each side, Han counting three to a Latin letter, must not be
outnumbered. So ``Hello world, 你好`` keeps its comma and ``我们使用Python,它很好`` does not.

Left alone: numbers (``3.5万``, ``1,000``, ``12:30``, ``97.6%``), dates, URLs, e-mail addresses,
inline and fenced code, HTML comments, Latin-only paragraphs and anything inside a Latin word.
Spacing between CJK and Latin or digits is ``cjk-spacing``'s business: nothing is added here.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

import regex

from ocrfix.chars import CJK, HAN, han_count
from ocrfix.edits import Edit, PassResult
from ocrfix.passes.punctuation.quotes import char_positions, quote_edits
from ocrfix.registry import register

NAME = "punctuation"

_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# Patterns of plain characters use the standard library's re, which finds them in a line up to
# twice as fast as regex; regex is for what re cannot say (\p{Han}, variable lookbehinds).
_MARK = re.compile(r"[,;:?!]")
# Spans never touched: URLs, e-mail addresses (local part bounded at 64 ASCII characters, as in
# RFC 5321, which also keeps the search linear on a long run of letters), code, HTML, paths.
_PROTECT = regex.compile(
    r"(?:https?|ftp)://[^\s()（）<>\"'，。、；！？]+|www\.[\w.-]+[^\s()（）<>\"'，。、；！？]*|[A-Za-z0-9._%+-]{1,64}@[\w-]+(?:\.[\w-]+)+|`[^`\n]*`|<!--.*?-->"
    r"|\]\([^)\n]*\)|&#?\w+;|[A-Za-z]:\\\S*"
)
#: What each kind of protected span holds (keep it in step with ``_PROTECT``): a line without
#: any, nine in ten Chinese lines, is spared ``_PROTECT``, which is tried at every position.
_PROTECT_HINT = re.compile(r"[:@`&]|www\.|<!--|\]\(")
#: What :func:`quote_edits` pairs: a line without any is not given to it.
_QUOTES = re.compile("[\"'“”‘’]")
_FENCE = regex.compile(r"^\s*(?:```|~~~)")
#: A line holding none of these has nothing for any rule of :func:`_line` (its marks, brackets,
#: ellipses, dashes, dots, quotes, 一一): half the Chinese lines of the corpus, skipped at once.
_TOUCHABLE = re.compile(r"[,;:?!().…\-—―\"'“”‘’]|一一|。。。")
_ELLIPSIS = regex.compile(r"\.{3,}|。{3,}|(?<!…)…(?!…)")
_DASH = regex.compile(r"-{2,}|(?<![—―])[—―]{1,2}(?![—―])")
# ``“天山—澄江”``: one dash between two short Han terms that one pair of quotes/brackets encloses.
_CONNECTOR = regex.compile(r'(?<=["“《（(]\p{Han}{1,8})[—―](?=\s?\p{Han}{1,8}["”》）)])')
_YIYI = regex.compile(r"(?<!一)一一(?!一)")
_DOT = regex.compile(r"(?<=\p{Han})\.(?=[ \u3000]*(?:\p{Han}|$))")
_LIST_MARKER = regex.compile(r"[ \t\u3000]*\(?(?:\d{1,2}|[A-Za-z]|[ivxIVX]{1,4})\)")
# Marks this pass may change are looked through, so that a decision never depends on whether a
# neighbouring mark was already converted (which keeps the pass idempotent).
_SEE_THROUGH = frozenset("\"'“”‘’()（）[],;:?!，；：？！-—―….")
_CLOSERS = frozenset("”’）》」』)?？!！")
_OPENERS = frozenset("“‘（《「『")
_CLAUSE_END = frozenset("。！？!?")
_COMMAS = frozenset("，,")
_LATIN = re.compile(r"[A-Za-z]")
_WINDOW = 20


@dataclass(frozen=True)
class PunctuationOptions:
    """Options of ``punctuation``.

    quotes: pair straight quotes into curly ones.
    dots: repair ``.`` between Han characters (a misread ``，`` or ``。``).
    yiyi_dash: read ``一一`` next to a closing or opening mark as a dash.
    """

    quotes: bool = True
    dots: bool = True
    yiyi_dash: bool = True


@register(
    NAME,
    options=PunctuationOptions,
    rules={
        "fullwidth": ("mark made full-width", "marks made full-width"),
        "paren": ("parenthesis made full-width", "parentheses made full-width"),
        "ellipsis": ("ellipsis normalized", "ellipses normalized"),
        "dash": ("dash normalized", "dashes normalized"),
        "quote": ("quote paired", "quotes paired"),
        "dot": ("misread dot repaired", "misread dots repaired"),
    },
)
def punctuation(text: str, options: PunctuationOptions = PunctuationOptions()) -> PassResult:
    """Chinese punctuation per GB/T 15834: ``4月9日,市委"春蕾行动"`` → ``4月9日，市委“春蕾行动”``.

    >>> punctuation('4月9日,芦淞区(全媒体记者/杨凌凌)打造"金名片"...').output
    '4月9日，芦淞区（全媒体记者/杨凌凌）打造“金名片”……'
    >>> punctuation("GDP增长3.5%,达到1,000亿元(见 https://a.cn/x?y=1)").output
    'GDP增长3.5%，达到1,000亿元（见 https://a.cn/x?y=1）'
    """
    edits: list[Edit] = []
    flags: list[Edit] = []
    pos = 0
    in_fence = False
    # Found in the whole text: a line break may fall right after the dash (``“天山—`` / ``澄江”``).
    connectors = [m.start() for m in _CONNECTOR.finditer(text)]
    fenced = "```" in text or "~~~" in text  # else no line is a fence: none is tried as one
    for line in text.splitlines(keepends=True):
        if fenced and _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and CJK.search(line) and _TOUCHABLE.search(line):
            protected = set()
            if _PROTECT_HINT.search(line):
                protected = {
                    pos + i for m in _PROTECT.finditer(line) for i in range(m.start(), m.end())
                }
            first = bisect_left(connectors, pos)
            protected.update(connectors[first : bisect_left(connectors, pos + len(line), first)])
            line_edits, line_flags = _line(line, pos, protected, options)
            edits.extend(line_edits)
            flags.extend(line_flags)
        pos += len(line)
    return PassResult.from_edits(NAME, text, edits, flags)


def _line(
    line: str, pos: int, protected: set[int], options: PunctuationOptions
) -> tuple[list[Edit], list[Edit]]:
    edits: list[Edit] = []

    def free(s: int, e: int) -> bool:
        return not any(pos + i in protected for i in range(s, e))

    def add(s: int, e: int, new: str, rule: str, conf: float, why: str) -> None:
        edits.append(Edit(pos + s, pos + e, new, NAME, rule, conf, why))

    for mark in _MARK.finditer(line):
        i, ch = mark.start(), mark.group()
        if not free(i, i + 1) or _between_digits(line, i) or _inside_word(line, i):
            continue
        if _chinese(line, i, i + 1):
            add(i, i + 1, _FULLWIDTH[ch], "fullwidth", 0.95, f"{ch} in Chinese text")
    edits.extend(_paren_edits(line, pos, free))
    for m in _ELLIPSIS.finditer(line):
        s, e = m.span()
        if free(s, e) and (m.group()[0] == "。" or _chinese(line, s, e)):
            add(s, e, "……", "ellipsis", 0.95, f"{m.group()} as an ellipsis")
    for m in _DASH.finditer(line):
        s, e = m.span()
        if m.group() != "——" and free(s, e) and _chinese(line, s, e):
            add(s, e, "——", "dash", 0.9, f"{m.group()} as a dash")
    if options.dots:
        for m in _DOT.finditer(line):
            i = m.start()
            if free(i, i + 1):
                new, conf, why = _dot(line, i)
                add(i, i + 1, new, "dot", conf, why)
    flags: list[Edit] = []
    if options.quotes and _QUOTES.search(line):  # (the other rules move no quote)
        # Quotes are paired on the line as the other rules leave it (``学.唱`` ends a sentence
        # once it reads ``学。唱``), so that a second run decides the same way.
        q_edits, flags = quote_edits(_preview(line, pos, edits), pos, protected, NAME)
        edits.extend(q_edits)
    if options.yiyi_dash and "一一" in line:
        # Judge 一一 by the quotes as they will be, so a second run decides the same way.
        paired = {e.start - pos: e.replacement for e in edits if e.rule in ("quote", "paren")}
        for m in _YIYI.finditer(line):
            s, e = m.span()
            before = paired.get(s - 1, line[s - 1]) if s else ""
            after = paired.get(e, line[e]) if e < len(line) else ""
            if free(s, e) and (before in _CLOSERS or after in _OPENERS):
                add(s, e, "——", "dash", 0.8, "一一 between a closing and an opening mark")
    return edits, flags


def _preview(line: str, pos: int, edits: list[Edit]) -> str:
    """``line`` as ``edits`` leave it, offsets unchanged: each replaced span takes the first
    character of its replacement (``...`` reads ``…``, as ``……`` will, and not ``.``)."""
    chars = list(line)
    for e in edits:
        if e.replacement:
            chars[e.start - pos : e.end - pos] = e.replacement[0] * (e.end - e.start)
    return "".join(chars)


def _between_digits(line: str, i: int) -> bool:
    return 0 < i < len(line) - 1 and line[i - 1].isdigit() and line[i + 1].isdigit()


def _inside_word(line: str, i: int) -> bool:
    return (
        0 < i < len(line) - 1
        and bool(_LATIN.match(line[i - 1]))
        and bool(_LATIN.match(line[i + 1]))
    )


def _neighbour(line: str, i: int, step: int) -> str:
    """The nearest character from ``i`` in direction ``step`` that is not a space, quote or
    bracket ("" at the paragraph edge)."""
    while 0 <= i < len(line):
        ch = line[i]
        if not ch.isspace() and ch not in _SEE_THROUGH:
            return ch
        i += step
    return ""


def _chinese(line: str, s: int, e: int) -> bool:
    """Is ``line[s:e]`` in Chinese context (see the module docstring)?"""
    left, right = _neighbour(line, s - 1, -1), _neighbour(line, e, 1)
    left_cjk = bool(left) and CJK.match(left) is not None
    right_cjk = bool(right) and CJK.match(right) is not None
    if left_cjk and right_cjk:
        return True
    if not left_cjk and not right_cjk:
        return False
    if (left_cjk and not right) or (right_cjk and not left):
        return True
    window = line[max(0, s - _WINDOW) : s] + line[e : e + _WINDOW]
    han = han_count(window)
    return 3 * han >= len(_LATIN.findall(window))


def _paren_edits(line: str, pos: int, free: Callable[[int, int], bool]) -> list[Edit]:
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    lone: list[int] = []
    brackets = char_positions(line, "()")  # in order, found in C
    if not brackets:
        return []  # most lines
    for i in brackets:
        ch = line[i]
        if not free(i, i + 1):
            continue
        if ch == "(":
            stack.append(i)
        elif stack:
            pairs.append((stack.pop(), i))
        else:
            lone.append(i)
    lone.extend(stack)
    marker = _LIST_MARKER.match(line)
    edits = []
    for a, b in pairs:
        inner = line[a + 1 : b]
        glued = a > 0 and line[a - 1].isascii() and line[a - 1].isalnum()
        if marker and marker.end() == b + 1:
            continue
        if HAN.search(inner) and not glued:
            conf, why = 0.95, "brackets around Chinese"
        elif not glued and _chinese(line, a, b + 1):
            conf, why = 0.9, "brackets in Chinese text"
        else:
            continue
        edits.append(Edit(pos + a, pos + a + 1, "（", NAME, "paren", conf, why))
        edits.append(Edit(pos + b, pos + b + 1, "）", NAME, "paren", conf, why))
    for i in lone:
        if marker and marker.end() == i + 1:
            continue
        glued = line[i] == "(" and i > 0 and line[i - 1].isascii() and line[i - 1].isalnum()
        if not glued and _chinese(line, i, i + 1):
            new = "（" if line[i] == "(" else "）"
            edits.append(Edit(pos + i, pos + i + 1, new, NAME, "paren", 0.8, "unpaired bracket"))
    return edits


def _dot(line: str, i: int) -> tuple[str, float, str]:
    """``，`` or ``。`` for a misread dot after a Han character at ``line[i]``."""
    rest = line[i + 1 :].strip()
    if not rest:
        return "。", 0.8, "dot ending a Chinese paragraph"
    start = max((line.rfind(c, 0, i) for c in _CLAUSE_END), default=-1) + 1
    sentence = line[start:i]
    if any(c in _COMMAS for c in sentence) and len(sentence.strip()) > 10:
        return "。", 0.6, "dot after a full sentence: a misread 。"
    return "，", 0.7, "dot inside a sentence: a misread ，"
