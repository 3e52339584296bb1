"""The two sides of a break, read once per fragment: how the text before it ends (:class:`Tail`)
and how the text after it starts (:class:`Head`).

:mod:`ocrfix.resources.joins` scores a pair of fragments from these facts; ``flow`` pairs each
fragment of a window with every other one, so each side is read once and not once per pair.

>>> tail("…陈列馆以及").enumeration, head("蔡会文、蔡兰阶烈士事迹陈列馆。").enum_item
(False, True)
>>> tail("醴陵市烈士陵园、醴陵市南以及").enumeration
True
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar

import regex

from ocrfix.chars import HAN
from ocrfix.layout.patterns import (
    LIST_ITEM,
    MARKDOWN_HEADING,
    RULE_END,
    SECTION_HEAD,
    ends_with_credit,
)
from ocrfix.resources.lexicon import is_word, segment

_FINAL = regex.compile(r"[。！？!?…][”’\"」』）)]*$|[.](?<!\d[.])$")
_FINAL_MARKS = frozenset("。！？!?…")
_FINAL_CLOSERS = "”’\"」』）)"
#: ``…”`` at a line start: a quotation ends (a quote is never opened right after an ellipsis).
_ELLIPSIS_CLOSE = regex.compile(r"^…+[”’]")
#: The last marks (:func:`_last_mark`) of the endings of :func:`_ending`.
_QUOTE_MARKS = frozenset("”’\"」』")
_NOISE_MARKS = frozenset("*<>=~_-")
_PAUSE_MARKS = frozenset("，；：,;:")
_DANGLING_MARKS = frozenset("的地得之和与及或对把被将向从为在于以由并")
#: ``、`` or a conjunction (``以及``, ``及``, ``和``, ``与``, ``或``) ends an enumeration's item.
_ENUM_MARKS = frozenset("、及和与或")
#: A clause of 1–3 characters just opened after a comma (``，用好`` ``；三是``).
_FRESH_CLAUSE = regex.compile(r"[，；：,;:]\p{Han}{1,3}$")
_TAIL = regex.compile(r"^[^，,；;：:。！？!?]{1,12}[。.]")
_CLOSING_MARKS = frozenset("，。、；：！？,;:!?）)」』”’%")
_PARTICLES = frozenset("的了着得们")
#: A bracketed note that a list separator follows (``（杨得志故居）、``) annotates an item before.
_ANNOTATION = regex.compile(r"^[（(][^（()）]{1,20}[)）][、，,]")
_ITEM_HEAD = regex.compile(r"(\p{Han}{1,3})、")
_NEXT_ITEM = regex.compile(r"(\p{Han}+)、")
_ITEM_SEP = regex.compile(r"[、，,]")
#: (``(?r)``: searched from the end, for :func:`_last_part`)
_SENTENCE_SEP = regex.compile(r"(?r)[。；;：:]")
_SHORT_HAN = regex.compile(r"\p{Han}{1,3}")
_ALL_HAN = regex.compile(r"\p{Han}+")
_CLAUSE_SEP = regex.compile(r"(?r)[，,；;：:。！？]")
_ENUM_ITEM = regex.compile(r"^\p{Han}{1,4}、")
_OPENER = regex.compile(r"^\p{Han}{2,6}[，,]")
_ARTICLE_HEAD = regex.compile(r"^第[一二三四五六七八九十百零\d]{1,5}条[ \u3000]+\S")
_BYLINE = regex.compile(
    r"^(?:本报讯|\p{Han}{2,8}(?:日报|晚报|新闻网|融媒)讯|新华社\p{Han}{0,8}\d{1,2}月\d{1,2}日电"
    r"|\p{Han}{2,12}\d{1,2}月\d{1,2}日电|(?:\p{Han}{2,10})?(?:全媒体)?记者/)"
)
#: Each of :data:`_BYLINE`'s forms holds one of these within its longest reach (19 characters:
#: ``\p{Han}{2,12}\d{1,2}月\d{1,2}日电``); most lines hold none and are matched against nothing.
_BYLINE_MARKS = ("讯", "电", "记者/")
_BYLINE_REACH = 19
_HAN_TAIL = regex.compile(r"\p{Han}{1,3}$")
_HAN_HEAD = regex.compile(r"^\p{Han}{1,3}")
_BYLINE_NAME = regex.compile(r"/(\p{Han}{1,3})$")
#: The rest of a byline name, then maybe more credits, then the byline's closing bracket.
_BYLINE_REST = regex.compile(r"^(\p{Han}{1,2})(?:[\s、]+[^\s、()（）。，,；;]{1,12})*\s*[)）]")
_SENTENCE_PUNCT = regex.compile(r"[。！？；，、,;!?]")
_CLAUSE_PUNCT = regex.compile(r"[。！？；，,;!?]")
#: A headline's two phrases set apart by a space (``政银企对接 破解“融资难”``), not a byline's.
_HEADLINE_GAP = regex.compile(r"^[^/／\n]*\p{Han}[”\"」』]?[ \u3000]+[“\"「『]?\p{Han}[^/／\n]*$")
OPENERS = {"（": "）", "(": ")", "“": "”", "「": "」", "《": "》", "【": "】"}
CLOSERS = {v: k for k, v in OPENERS.items()}
_BRACKET = regex.compile(f"[{regex.escape(''.join(OPENERS) + ''.join(CLOSERS))}]")
#: How far from a text's end a match of an end-anchored pattern may start, for :func:`_at_end`:
#: 3 more than the pattern's longest match (``$`` matches before a final line break too).
_REACH = {_HAN_TAIL: 6, _BYLINE_NAME: 7, _FRESH_CLAUSE: 7}
P = ParamSpec("P")
R = TypeVar("R")
#: Texts longer than this are not cached: a cache keeps its keys alive, and a service may be fed
#: long one-paragraph documents (8,192 entries of short texts stay a few MB).
CACHE_CHARS = 2_000


def text_cache(func: Callable[Concatenate[str, P], R]) -> Callable[Concatenate[str, P], R]:
    """``lru_cache`` of 8,192 entries for calls whose text (the first argument) is short; a call
    on longer text is computed, not kept (the passes ask :func:`ends_sentence` and the like
    hundreds of thousands of times a corpus).

    >>> count = text_cache(len)
    >>> count("泥鳅"), count("泥" * 5_000)
    (2, 5000)
    """
    cached = lru_cache(maxsize=1 << 13)(func)

    @functools.wraps(func)
    def call(text: str, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if len(text) > CACHE_CHARS:
            return func(text, *args, **kwargs)
        return cached(text, *args, **kwargs)  # type: ignore[arg-type]  # (flags: hashable)

    return call


_MARK_REACH = 4  # (_FINAL's full stop)
_RULE_REACH = 32


@text_cache
def ends_sentence(text: str) -> bool:
    """Does ``text`` end with sentence-final punctuation (``。`` ``！`` ``？`` maybe + ``”``)?

    >>> ends_sentence("等工作。” |"), ends_sentence("是."), ends_sentence("约2.")
    (True, True, False)
    """
    # _FINAL.search(bare), without trying the pattern at every position of a paragraph
    bare = _ruled(text)
    if bare.rstrip(_FINAL_CLOSERS)[-1:] in _FINAL_MARKS:
        return True
    return _at_end(_FINAL, bare) is not None  # (``[.](?<!\d[.])$``: a full stop, no decimal)


@text_cache
def starts_new(text: str) -> bool:
    """Is ``text`` a heading, a byline or a dateline: the start of something, never a tail?

    >>> starts_new("株洲日报讯（全媒体记者/胡文洁）"), starts_new("新华社北京3月5日电")
    (True, True)
    >>> starts_new("讯息"), starts_new("## 标题")
    (False, True)
    """
    if MARKDOWN_HEADING.match(text):
        return True
    head = text.lstrip()[:_BYLINE_REACH]
    return any(mark in head for mark in _BYLINE_MARKS) and _BYLINE.match(head) is not None


@text_cache
def headline_shaped(text: str, max_chars: int = 30, listing: bool = False) -> bool:
    """Short and free of sentence punctuation (``喝杯清茶 共话和谐小区建设``); with ``listing``,
    ``、`` is allowed: a masthead line lists with it (``中共株洲市委主管、主办``), though a
    paragraph's last line often holds one too, which is why joins do not allow it.

    >>> line = "中共株洲市委主管、主办"
    >>> headline_shaped(line), headline_shaped(line, listing=True)
    (False, True)
    """
    body = text.strip()
    punct = _SENTENCE_PUNCT if not listing else _CLAUSE_PUNCT
    return 0 < len(body) <= max_chars and not punct.search(body)


class ListEnd(NamedTuple):
    """``…、周后葵、顾发``: a list of short items that a fragment ends in, the last unfinished:
    its length and the lengths of the whole items (their median, least and greatest)."""

    last: int
    median: float
    low: int
    high: int


class Tail(NamedTuple):  # (a tuple: built for each fragment, faster than a dataclass)
    """How a fragment ``a`` (stripped, not empty) ends.

    ``ending``: ``final`` (``。``), ``noise`` (``*<>-``), ``quote``, ``pause`` (``，``), ``enum``
    (``、``), ``dangling`` (``的``), ``fresh`` (``，用好``) or ``open``. ``han``: its last 1–3
    ideographs (empty if it ends otherwise), ``han_starts_word`` when a mark stands before them.
    ``byline_name``: the length of a byline name its open bracket ends in (``通讯员/杨双``: 2).
    ``section_head``: it is a numbered section's heading (``一、2020年工作回顾``).
    """

    ending: str
    han: str
    han_starts_word: bool
    in_name: bool
    byline_name: int
    items: ListEnd | None
    enumeration: bool
    open_brackets: tuple[str, ...]
    headline: bool
    section_head: bool


class Head(NamedTuple):
    """How a fragment ``b`` (stripped, not empty) starts.

    ``opening``: ``new`` (a heading, byline, dateline or credited caption), ``closing``
    (``，``, ``的产业链``, ``（杨得志故居）、``), ``opener`` (``去年，``, a list marker) or empty;
    ``enum_item`` (``蔡会文、``) and ``tail`` (``培育…赋能。``) are read only if it is empty.
    ``han``: its first 1–3 ideographs, ``han_ends_word`` when a mark follows them.
    ``byline_rest``: the length of a byline name's rest before its closing bracket (``艳）``: 1);
    ``item``/``next_item``: the lengths of a short list item it opens with and of the next one.
    """

    opening: str
    enum_item: bool
    tail: bool
    han: str
    han_ends_word: bool
    byline_rest: int
    item: int
    next_item: int
    first_bracket: str
    ellipsis_close: bool
    headline: bool
    headline_gap: bool


@text_cache
def tail(a: str) -> Tail:
    """How ``a`` ends (see :class:`Tail`)."""
    brackets = _open_brackets(a)
    name = _at_end(_BYLINE_NAME, a) if "/" in a[-5:] else None  # (``/`` and 1–3 ideographs)
    han = _at_end(_HAN_TAIL, a)
    items = _list_end(a)
    return Tail(
        ending=_ending(a),
        han=han.group() if han else "",
        han_starts_word=bool(han and han.start() > 0 and not HAN.match(a[han.start() - 1])),
        in_name=bool(name and brackets) or _list_of_names(a, items),
        byline_name=len(name.group(1)) if name and brackets else 0,
        items=items,
        enumeration=_last_mark(a) in _ENUM_MARKS and "、" in _last_part(_CLAUSE_SEP, a),
        open_brackets=brackets,
        headline=headline_shaped(a),
        section_head=SECTION_HEAD.match(a) is not None and headline_shaped(a, listing=True),
    )


@text_cache
def head(b: str) -> Head:
    """How ``b`` starts (see :class:`Head`)."""
    han = _HAN_HEAD.match(b)
    rest = _BYLINE_REST.match(b)
    item = _ITEM_HEAD.match(b) if "、" in b[:4] else None  # (no ``、`` there: no match to try)
    nxt = _NEXT_ITEM.match(b, item.end()) if item else None
    shaped = headline_shaped(b)
    return Head(
        opening=_opening(b),
        enum_item="、" in b[:5] and _ENUM_ITEM.match(b) is not None,
        tail=_TAIL.match(b) is not None,
        han=han.group() if han else "",
        han_ends_word=bool(han and han.end() < len(b) and not HAN.match(b[han.end()])),
        byline_rest=len(rest.group(1)) if rest else 0,
        item=len(item.group(1)) if item else 0,
        next_item=len(nxt.group(1)) if nxt else 0,
        first_bracket=first.group() if (first := _BRACKET.search(b)) else "",
        ellipsis_close=b.startswith("…") and _ELLIPSIS_CLOSE.match(b) is not None,
        headline=shaped,
        headline_gap=shaped and _HEADLINE_GAP.match(b) is not None,
    )


def _at_end(pattern: regex.Pattern[str], text: str, reach: int = _MARK_REACH) -> Any:
    """``pattern.search(text)`` for a pattern anchored at the end (``…$``) whose matches are
    short: tried only where one can start (a search tries every position of a paragraph)."""
    return pattern.search(text, max(0, len(text) - _REACH.get(pattern, reach)))


def _ruled(text: str) -> str:
    """``text`` without the column rule OCR read at its end (``…车 |``): ``RULE_END.sub``."""
    low = max(0, len(text) - _RULE_REACH)
    m = RULE_END.search(text, low)
    if m is None:
        return text  # (a rule starting further left would match from ``low`` too)
    if m.start() == low > 0:
        return RULE_END.sub("", text)  # a long rule: it may start further left
    return text[: m.start()]


def _last_mark(text: str) -> str:
    """The character that a pattern of one character at the end (``[，；：]$``) tests: the last,
    or the one before a final line break (``$`` matches there too)."""
    return text[-2:-1] if text.endswith("\n") else text[-1:]


def _last_part(sep: regex.Pattern[str], text: str) -> str:
    """``sep.split(text)[-1]`` for a pattern of one character searched from the end (``(?r)``):
    what follows its last match, without cutting up the whole paragraph."""
    m = sep.search(text)
    return text if m is None else text[m.end() :]


def _ending(a: str) -> str:
    if ends_sentence(a):
        return "final"
    bare = _last_mark(_ruled(a))  # the text before a column rule, for its ending
    if bare in _NOISE_MARKS:
        return "noise"
    if bare in _QUOTE_MARKS:
        return "quote"
    last = _last_mark(a)
    if last in _PAUSE_MARKS:
        return "pause"
    if a.endswith("、"):
        return "enum"
    if last in _DANGLING_MARKS and len(a) >= 6:
        return "dangling"
    if _at_end(_FRESH_CLAUSE, a):
        return "fresh"  # ``…的作用，用好``: a clause just opened, its object to come
    return "open"


def _opening(b: str) -> str:
    article = b.startswith("第") and _ARTICLE_HEAD.match(b)
    if starts_new(b) or (len(b) <= 60 and ends_with_credit(b)) or article:
        # (a photo caption with its credit is page furniture of its own; an article's number
        # with the space printed after it heads its paragraph: ``第三十八条 中华人民共和国…``,
        # where a reference runs on, ``依照本法第三十八条规定``)
        return "new"
    annotation = b.startswith(("（", "(")) and _ANNOTATION.match(b)
    if b[:1] in _CLOSING_MARKS or annotation or _particle_start(b):
        return "closing"
    if _OPENER.match(b) or LIST_ITEM.match(b):
        return "opener"
    return ""


def _open_brackets(text: str) -> tuple[str, ...]:
    stack: list[str] = []
    for ch in _BRACKET.findall(text):  # (the other characters change nothing)
        if ch in OPENERS and not (ch == "“" and stack and stack[-1] == "“"):
            stack.append(ch)
        elif ch in CLOSERS and stack and stack[-1] == CLOSERS[ch]:
            stack.pop()
    return tuple(stack)


def _list_end(a: str) -> ListEnd | None:
    """``…、周后葵、顾发``: the list of short items that ``a`` ends in (see :class:`ListEnd`)."""
    items = _ITEM_SEP.split(_last_part(_SENTENCE_SEP, a))
    if len(items) < 4 or not _SHORT_HAN.fullmatch(items[-1]):
        return None
    lengths = [len(x) for x in items[1:-1] if _ALL_HAN.fullmatch(x)]
    if len(lengths) < 2 or len(items[-1]) >= statistics.median(lengths):
        return None
    return ListEnd(len(items[-1]), statistics.median(lengths), min(lengths), max(lengths))


def _list_of_names(a: str, items: ListEnd | None) -> bool:
    """Does ``a`` end in a list of 2–3-character items that are mostly not dictionary words?"""
    if items is None:
        return False
    middle = [x for x in _ITEM_SEP.split(_last_part(_SENTENCE_SEP, a))[1:-1] if x]
    return (
        bool(middle)
        and all(2 <= len(x) <= 3 for x in middle)
        and 2 * sum(map(is_word, middle)) < len(middle)
    )


def _particle_start(b: str) -> bool:
    """Does ``b`` open with a particle no sentence starts with (``的产业链``, but not ``的确``)?"""
    return b[:1] in _PARTICLES and segment(b[:4])[0] == b[0]
