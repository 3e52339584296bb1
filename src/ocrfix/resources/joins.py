"""Join scoring: how plausibly does text fragment ``b`` continue fragment ``a``?

Column and page breaks cut paragraphs anywhere, even inside a word (``遴选工`` / ``作。``) or
a name (``杨双`` / ``艳）``); an extractor may then hand the fragments over in the wrong order.
With only the text left, these clues tell a true continuation from a wrong one, each worth a
documented number of points (log10-odds-like units; the sum is :func:`join_score`):

=========================  =======  ==============================================================
feature                    points   when
=========================  =======  ==============================================================
``end-final``              −4.0     ``a`` ends a sentence (``。！？`` maybe followed by ``”）``)
``end-pause``              −0.6     ``a`` ends with ``，；：`` (a clause ends; text is often lost)
``end-quote``              −0.8     ``a`` ends with a closing quote (``…“快进键”``): often ``。``
``end-noise``              −2.5     ``a`` ends with a symbol OCR leaves for a lost ``。`` (``*<>-``)
``end-enum``               +1.0     ``a`` ends with ``、`` (an enumeration never ends a paragraph)
``dangling``               +1.5     ``a`` ends with a particle or preposition (``的`` ``和`` ``对``)
``end-open``               +0.5     ``a`` ends with a character, digit or opening bracket
``end-fresh``              +0.5     … 1–3 characters into a clause (``…的作用，用好``)
``start-closing``          +1.0     ``b`` starts with punctuation no paragraph starts with
                                    (``，）、``), a particle (``的产业链``) or a bracketed note on
                                    an item before it (``（杨得志故居）、``)
``start-opener``           −1.0     ``b`` starts like a paragraph: 2–6 characters then a comma
                                    (``去年，``), or a list marker — unless a word, a name or a
                                    doubled character spans the break (``授|牌仪式，``)
``start-enum``             +1.5     ``b`` starts with a short item and ``、``, ``a`` ends between
                                    two items of a list (``…陈列馆以及`` + ``蔡会文、…``)
``start-tail``             +1.0     ``b`` opens with a short sentence and no comma (``培育…赋能。``)
``start-new``              −4.0     ``b`` is a heading, a byline or dateline (``株洲日报讯…``), or a
                                    photo caption with its credit (``…的美景。通讯员供图``)
``lm``                     ×1.0     :meth:`CharLM.break_gain`, clipped to −2..+3: about 0 at a
                                    plain word boundary (``加快|培育`` +0.3), up inside a word
                                    (``遴选工|作`` +2.7), down where ``b`` starts with the second
                                    half of a word that ``a`` does not complete (``加快|作`` −0.5)
``word``                   ×0.5     how much likelier (log10, at most 4) jieba's segmentation
                                    reads the text across the break than its sides apart: a word
                                    spans it (``遴选工|作`` +2.0, ``党|史`` +0.7, ``授|与会`` +0.2)
``name``                   +2.0     a name completes across the break: a byline name whose
                                    bracket then closes (``通讯员/杨双`` + ``艳）``), a known
                                    person, or an item of a list of names (``…、周后葵、顾发`` +
                                    ``根、顾东来``) that goes on in items of its shape
``doubled``                +2.0     the break doubled a character (``副局长`` + ``长柏国顺说``): the
                                    other clues are read without it
``phrase``                 +1..+3   the text across the break is a phrase the page's ``phrases``
                                    hold n times: 1 + log2 n (``教育|基地`` on a page about
                                    ``党史教育基地``)
``brackets``               +1.5     ``a`` leaves a bracket or quote open and ``b`` closes it first
``brackets-unopened``      −1.5     ``b`` closes a bracket that ``a`` did not open (a closing quote
                                    only after an ellipsis, ``…”``: OCR confuses quote directions)
``headline``               −2.0     both are headline-shaped (short, no sentence punctuation)
``headline-body``          −1.5     ``a`` is headline-shaped, ``b`` a long body paragraph
``headline-next``          −1.5     ``b`` is a headline of two phrases set apart by a space
                                    (``政银企对接 破解“融资难”``): body text has no such gaps
=========================  =======  ==============================================================

Inside a name (a byline name, a list of names) the word lists say nothing — names are not words —
so ``lm`` and ``word`` are left out (``顾发|育`` reads as ``发育``, yet the list wants a name). An
open end at a plain word boundary scores below +0.8; a wrong join across a sentence end below −3.

>>> join_score("我市举行第二批党史教育基地授", "牌仪式，炎陵大院红色革命遗址群等入选。") > 1
True
>>> join_score("牌仪式，炎陵大院红色革命遗址群等入选。", "我市首批11处党史教育基地为：") < -3
True
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import regex

from ocrfix.layout.patterns import CREDIT_END, LIST_ITEM, MARKDOWN_HEADING
from ocrfix.resources.charlm import char_lm
from ocrfix.resources.lexicon import is_word, logprob, segment
from ocrfix.resources.wordlist import wordlist

END_FINAL = -4.0
END_PAUSE = -0.6
END_OPEN = 0.5
END_ENUM = 1.0
END_QUOTE = -0.8
END_NOISE = -2.5
DANGLING = 1.5
END_FRESH = 0.5
START_TAIL = 1.5
START_ENUM = 1.5
HEADLINE_BODY = -1.5
START_CLOSING = 1.0
START_OPENER = -1.0
START_NEW = -4.0
LM_WEIGHT = 1.0
LM_CLIP = (-2.0, 3.0)
WORD = 0.5
WORD_CAP = 4.0
#: A word spans the break when ``lm`` + ``word`` find the joined reading ten times likelier.
SPANS = 1.0
NAME = 2.0
DOUBLED = 2.0
PHRASE = 1.0
#: A phrase seen n times is worth 1 + log2 n points (one more per doubling), at most this many.
PHRASE_CAP = 3.0
BRACKETS = 1.5
BRACKETS_UNOPENED = -1.5
HEADLINE = -2.0
HEADLINE_NEXT = -1.5

_FINAL = regex.compile(r"[。！？!?…][”’\"」』）)]*$|[.](?<!\d[.])$")
#: Column rules and table borders that OCR reads as characters at a line's ends: not text.
_RULE_END = regex.compile(r"[\s|｜丨]+$")
#: ``…”`` at a line start: a quotation ends (a quote is never opened right after an ellipsis).
_ELLIPSIS_CLOSE = regex.compile(r"^…+[”’]")
_QUOTE_END = regex.compile(r"[”’\"」』]$")
_NOISE_END = regex.compile(r"[*<>=~_\-]$")
_PAUSE = regex.compile(r"[，；：,;:]$")
_DANGLING = regex.compile(r"[的地得之和与及或对把被将向从为在于以由并]$")
#: A clause of 1–3 characters just opened after a comma (``，用好`` ``；三是``).
_FRESH_CLAUSE = regex.compile(r"[，；：,;:]\p{Han}{1,3}$")
_TAIL = regex.compile(r"^[^，,；;：:。！？!?]{1,12}[。.]")
_CLOSING_START = regex.compile(r"^[，。、；：！？,;:!?）)」』”’%]")
_PARTICLES = frozenset("的了着得们")
#: A bracketed note that a list separator follows (``（杨得志故居）、``) annotates an item before.
_ANNOTATION = regex.compile(r"^[（(][^（()）]{1,20}[)）][、，,]")
_ITEM_HEAD = regex.compile(r"(\p{Han}{1,3})、")
_NEXT_ITEM = regex.compile(r"(\p{Han}+)、")
_ITEM_SEP = regex.compile(r"[、，,]")
_SENTENCE_SEP = regex.compile(r"[。；;：:]")
_SHORT_HAN = regex.compile(r"\p{Han}{1,3}")
_ALL_HAN = regex.compile(r"\p{Han}+")
_HAN = regex.compile(r"\p{Han}")
_ENUM_END = regex.compile(r"(?:、|以及|及|和|与|或)$")
_CLAUSE_SEP = regex.compile(r"[，,；;：:。！？]")
_ENUM_ITEM = regex.compile(r"^\p{Han}{1,4}、")
_OPENER = regex.compile(r"^\p{Han}{2,6}[，,]")
_BYLINE = regex.compile(
    r"^(?:本报讯|\p{Han}{2,8}(?:日报|晚报|新闻网|融媒)讯|新华社\p{Han}{0,8}\d{1,2}月\d{1,2}日电"
    r"|\p{Han}{2,12}\d{1,2}月\d{1,2}日电|(?:\p{Han}{2,10})?(?:全媒体)?记者/)"
)
_HAN_TAIL = regex.compile(r"\p{Han}{1,3}$")
_HAN_HEAD = regex.compile(r"^\p{Han}{1,3}")
_BYLINE_NAME = regex.compile(r"/(\p{Han}{1,3})$")
#: The rest of a byline name, then maybe more credits, then the byline's closing bracket.
_BYLINE_REST = regex.compile(r"^(\p{Han}{1,2})(?:[\s、]+[^\s、()（）。，,；;]{1,12})*\s*[)）]")
_SENTENCE_PUNCT = regex.compile(r"[。！？；，、,;!?]")
_CLAUSE_PUNCT = regex.compile(r"[。！？；，,;!?]")
#: A headline's two phrases set apart by a space (``政银企对接 破解“融资难”``), not a byline's.
_HEADLINE_GAP = regex.compile(r"^[^/／\n]*\p{Han}[”\"」』]?[ \u3000]+[“\"「『]?\p{Han}[^/／\n]*$")
_OPENERS = {"（": "）", "(": ")", "“": "”", "「": "」", "《": "》", "【": "】"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}


@dataclass(frozen=True)
class JoinFeatures:
    """The points each feature gave a candidate join; ``total`` is :func:`join_score`."""

    end: float = 0.0
    start: float = 0.0
    lm: float = 0.0
    word: float = 0.0
    name: float = 0.0
    brackets: float = 0.0
    headline: float = 0.0
    doubled: float = 0.0
    phrase: float = 0.0

    @property
    def total(self) -> float:
        # the fields in order, left to right (as sum() over fields() added them; it was slow)
        return (
            self.end + self.start + self.lm + self.word + self.name + self.brackets
            + self.headline + self.doubled + self.phrase
        )  # fmt: skip


@lru_cache(maxsize=1 << 13)
def ends_sentence(text: str) -> bool:
    """Does ``text`` end with sentence-final punctuation (``。`` ``！`` ``？`` maybe + ``”``)?"""
    return _FINAL.search(_RULE_END.sub("", text)) is not None


@lru_cache(maxsize=1 << 13)
def starts_new(text: str) -> bool:
    """Is ``text`` a heading, a byline or a dateline: the start of something, never a tail?"""
    return bool(MARKDOWN_HEADING.match(text) or _BYLINE.match(text.lstrip()))


@lru_cache(maxsize=1 << 13)
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


def page_phrases(texts: Iterable[str]) -> dict[str, int]:
    """Character 4-grams of the Han runs of a page's blocks, with their counts: the ``phrases``
    of :func:`join_features` (a break never makes one: it separates blocks).

    >>> page_phrases(["党史教育基地授", "我市首批党史教育基地"])["教育基地"]
    2
    """
    out: Counter[str] = Counter()
    for text in texts:
        for m in _ALL_HAN.finditer(text):
            w = m.group()
            out.update(w[i : i + 4] for i in range(len(w) - 3))
    return dict(out)


@lru_cache(maxsize=1 << 13)
def _open_brackets(text: str) -> tuple[str, ...]:
    stack: list[str] = []
    for ch in text:
        if ch in _OPENERS and not (ch == "“" and stack and stack[-1] == "“"):
            stack.append(ch)
        elif ch in _CLOSERS and stack and stack[-1] == _CLOSERS[ch]:
            stack.pop()
    return tuple(stack)


@lru_cache(maxsize=1 << 13)
def _first_bracket(text: str) -> str:
    return next((ch for ch in text if ch in _OPENERS or ch in _CLOSERS), "")


@lru_cache(maxsize=1 << 13)
def _list_items(a: str) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    """``…、周后葵、顾发``: the items of the list of short items that ``a`` ends in (the last one
    unfinished: shorter than the rest), and the lengths of the whole ones."""
    items = _ITEM_SEP.split(_SENTENCE_SEP.split(a)[-1])
    if len(items) < 4 or not _SHORT_HAN.fullmatch(items[-1]):
        return None
    lengths = [len(x) for x in items[1:-1] if _ALL_HAN.fullmatch(x)]
    if len(lengths) < 2 or len(items[-1]) >= statistics.median(lengths):
        return None
    return tuple(items), tuple(lengths)


@lru_cache(maxsize=1 << 13)
def _in_name(a: str) -> bool:
    """Does ``a`` end inside a name: a byline name in its open bracket (``通讯员/杨双``), or a list
    of 2–3-character items that are mostly not dictionary words?"""
    if _BYLINE_NAME.search(a) and _open_brackets(a):
        return True
    found = _list_items(a)
    middle = [x for x in found[0][1:-1] if x] if found else []
    return (
        bool(middle)
        and all(2 <= len(x) <= 3 for x in middle)
        and 2 * sum(map(is_word, middle)) < len(middle)
    )


def _list_item_completion(a: str, b: str) -> bool:
    """``…、周后葵、顾发`` + ``根、顾东来``: the split item gets the length of its neighbours, and
    a next item that ``、`` closes has that shape too (not ``育、红色文化建设、``)."""
    found, m = _list_items(a), _ITEM_HEAD.match(b)
    if found is None or m is None:
        return False
    items, lengths = found
    if len(items[-1]) + len(m.group(1)) != statistics.median(lengths):
        return False
    nxt = _NEXT_ITEM.match(b, m.end())
    return nxt is None or min(lengths) <= len(nxt.group(1)) <= max(lengths)


def _in_enumeration(a: str) -> bool:
    """Does ``a`` end between two items of an enumeration (``…纪念园、…陈列馆以及``)?"""
    return _ENUM_END.search(a) is not None and "、" in _CLAUSE_SEP.split(a)[-1]


def _name_across(a: str, b: str) -> bool:
    m = _BYLINE_NAME.search(a)
    if m and _open_brackets(a):
        head = _BYLINE_REST.match(b)
        if head and 2 <= len(m.group(1)) + len(head.group(1)) <= 4:
            return True
    person = wordlist().is_person_name
    for i in (1, 2):
        for j in (1, 2):
            if len(a) >= i and len(b) >= j and i + j >= 3 and person(a[-i:] + b[:j]):
                return True
    return _list_item_completion(a, b)


def segment_gain(left: str, right: str, window: int = 4) -> float:
    """How much likelier (log10) the best segmentation of ``left + right`` is than those of the
    two apart: 0 at a word boundary, more the stronger the word that spans it.

    >>> round(segment_gain("遴选工", "作。"), 1), segment_gain("加快", "培育")
    (4.6, 0.0)
    """
    head, tail = left[-window:], right[:window]
    if not head or not tail:
        return 0.0
    gain = logprob(head + tail) - logprob(head) - logprob(tail)
    return gain if gain > 1e-9 else 0.0  # (float noise of equal routes is no gain)


def doubled_across(a: str, b: str) -> bool:
    """``副局长`` / ``长柏国顺说``: the last character of ``a`` starts ``b`` again — a word ends
    ``a`` with it, and ``b`` makes no word of it."""
    return (
        len(a) >= 2
        and len(b) >= 3
        and a[-1] == b[0]
        and is_word(a[-2:])
        and not is_word(b[:2])
        and not is_word(b[:3])
        and _HAN.match(b[1]) is not None
    )


@lru_cache(maxsize=1 << 13)
def _particle_start(b: str) -> bool:
    """Does ``b`` open with a particle no sentence starts with (``的产业链``, but not ``的确``)?"""
    return b[:1] in _PARTICLES and segment(b[:4])[0] == b[0]


@lru_cache(maxsize=1 << 13)
def _end(a: str) -> float:
    bare = _RULE_END.sub("", a)  # the text before a column rule (``…车 |``), for its ending
    if ends_sentence(a):
        return END_FINAL
    if _NOISE_END.search(bare):
        return END_NOISE
    if _QUOTE_END.search(bare):
        return END_QUOTE
    if _PAUSE.search(a):
        return END_PAUSE
    if a.endswith("、"):
        return END_ENUM
    if _DANGLING.search(a) and len(a) >= 6:
        return END_OPEN + DANGLING
    if _FRESH_CLAUSE.search(a):
        return END_OPEN + END_FRESH  # ``…的作用，用好``: a clause just opened, its object to come
    return END_OPEN


def _start(a: str, b: str, end: float) -> float:
    if starts_new(b) or (len(b) <= 60 and CREDIT_END.search(b)):
        return START_NEW  # (a photo caption with its credit is page furniture of its own)
    if _CLOSING_START.match(b) or _ANNOTATION.match(b) or _particle_start(b):
        return START_CLOSING
    if _OPENER.match(b) or LIST_ITEM.match(b):
        return START_OPENER
    if _ENUM_ITEM.match(b) and _in_enumeration(a):
        return START_ENUM
    if _TAIL.match(b) and end > 0:
        return START_TAIL
    return 0.0


def _lexical(a: str, b: str) -> tuple[float, float]:
    """The ``lm`` and ``word`` points of the Han characters across the break (the word lists
    hold no numbers: a digit there is no evidence either way). Punctuation next to them marks a
    word edge (``、顾发`` starts a word, ``根、`` ends one)."""
    tail, head = _HAN_TAIL.search(a), _HAN_HEAD.match(b)
    if not (tail and head) or _in_name(a):
        return 0.0, 0.0
    # (a fragment's own first or last character is no word edge: the cut may fall anywhere)
    starts = tail.start() > 0 and not _HAN.match(a[tail.start() - 1])
    ends = head.end() < len(b) and not _HAN.match(b[head.end()])
    gain = char_lm().break_gain(tail.group(), head.group(), starts, ends)
    lm = LM_WEIGHT * min(LM_CLIP[1], max(LM_CLIP[0], gain))
    return lm, WORD * min(WORD_CAP, segment_gain(a, b))


def join_features(a: str, b: str, phrases: Mapping[str, int] | None = None) -> JoinFeatures:
    """Every feature's points for reading ``b`` right after ``a`` as one paragraph; ``phrases``
    are the page's character 4-grams (:func:`page_phrases`), for the ``phrase`` clue."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return JoinFeatures(end=END_FINAL)
    doubled = doubled_across(a, b)
    if doubled:
        b = b[1:]  # the other clues are read without the doubled character
    f = _pair_features(a, b, doubled)
    seen = phrases.get(a[-2:] + b[:2], 0) if phrases and _HAN.match(a[-1]) else 0
    if not (seen and _HAN.match(b[0])):
        return f
    phrase = PHRASE * min(PHRASE_CAP, 1 + math.log2(seen))
    return JoinFeatures(
        f.end, f.start, f.lm, f.word, f.name, f.brackets, f.headline, f.doubled, phrase
    )


# ``flow`` scores a pair again and again: in a window's matrix, when it joins neighbours, when it
# gives its reasons, and once more on its own output (a second run must find nothing new).
@lru_cache(maxsize=1 << 13)
def _pair_features(a: str, b: str, doubled: bool) -> JoinFeatures:
    """:func:`join_features` of stripped, non-empty ``a`` and ``b`` without the ``phrase`` clue
    (the page's, not the pair's)."""
    end = _end(a)
    start = _start(a, b, end)
    lm, word = _lexical(a, b)
    name = NAME if _name_across(a, b) else 0.0
    if start == START_OPENER and (lm + word >= SPANS or name or doubled):
        start = 0.0  # ``授|牌仪式，``: a word that ``a`` begins is no paragraph's first word
    brackets = 0.0
    first = _first_bracket(b)
    open_in_a = _open_brackets(a)
    if first in _CLOSERS:
        if open_in_a and _CLOSERS[first] == open_in_a[-1]:
            brackets = BRACKETS
        elif not open_in_a and (first not in "”’" or _ELLIPSIS_CLOSE.match(b)):
            brackets = BRACKETS_UNOPENED
    headline = 0.0
    if headline_shaped(a) and headline_shaped(b):
        headline = HEADLINE
    elif headline_shaped(a) and len(b) > 30 and not (word or name):
        headline = HEADLINE_BODY
    elif headline_shaped(b) and _HEADLINE_GAP.match(b):
        headline = HEADLINE_NEXT  # ``…11处党`` + ``政银企对接 破解“融资难”``: a new story
    doubled_points = DOUBLED if doubled else 0.0
    return JoinFeatures(end, start, lm, word, name, brackets, headline, doubled_points)


def join_score(a: str, b: str, phrases: Mapping[str, int] | None = None) -> float:
    """How plausibly ``b`` continues ``a`` in the same paragraph (higher is likelier).

    >>> good = join_score("开展了第二批株洲党史教育基地遴选工", "作。")
    >>> good > join_score("遴选工", "去年，经综合评选")
    True
    >>> a = "为株洲加快"
    >>> join_score(a, "培育制造名城赋能。") > join_score(a, "调研组一行表示，株洲产业实力雄厚")
    True
    """
    return join_features(a, b, phrases).total
