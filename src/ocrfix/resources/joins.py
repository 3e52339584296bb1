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
``start-new``              −4.0     ``b`` is a heading, a byline or dateline (``株洲日报讯…``), an
                                    article's number with its printed space (``第三十八条 中华…``),
                                    or a photo caption with its credit (``…的美景。通讯员供图``)
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
``section-end``            −4.0     ``a`` is a numbered section's heading (``一、2020年工作回顾``)
                                    and ``b`` body text with clause marks: ``回顾|过去一年`` reads
                                    on, but a heading ends where the page broke its line
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
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import NamedTuple

import regex

from ocrfix.chars import HAN
from ocrfix.resources.charlm import char_lm
from ocrfix.resources.join_sides import (
    CACHE_CHARS,
    CLOSERS,
    Head,
    Tail,
    ends_sentence,
    head,
    headline_shaped,
    starts_new,
    tail,
)
from ocrfix.resources.lexicon import is_word, logprob, word_across
from ocrfix.resources.wordlist import wordlist

__all__ = [
    "JoinFeatures",
    "doubled_across",
    "ends_sentence",
    "headline_shaped",
    "join_clued",
    "join_features",
    "join_score",
    "page_phrases",
    "segment_gain",
    "starts_new",
]

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
SECTION_END = -4.0

_ENDINGS = {
    "final": END_FINAL,
    "noise": END_NOISE,
    "quote": END_QUOTE,
    "pause": END_PAUSE,
    "enum": END_ENUM,
    "dangling": END_OPEN + DANGLING,
    "fresh": END_OPEN + END_FRESH,
    "open": END_OPEN,
}
_OPENINGS = {"new": START_NEW, "closing": START_CLOSING, "opener": START_OPENER}
_ALL_HAN = regex.compile(r"\p{Han}+")


class JoinFeatures(NamedTuple):  # (a tuple: built for each pair scored, faster than a dataclass)
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


def _list_item_completion(a: Tail, b: Head) -> bool:
    """``…、周后葵、顾发`` + ``根、顾东来``: the split item gets the length of its neighbours, and
    a next item that ``、`` closes has that shape too (not ``育、红色文化建设、``)."""
    items = a.items
    if items is None or not b.item or items.last + b.item != items.median:
        return False
    return not b.next_item or items.low <= b.next_item <= items.high


def _name_across(a: str, b: str, ta: Tail, hb: Head) -> bool:
    if ta.byline_name and hb.byline_rest and 2 <= ta.byline_name + hb.byline_rest <= 4:
        return True
    # a person's name of 3 or 4 characters, 1 or 2 of them on each side (neither is empty)
    person = wordlist().is_person_name
    a2, b2 = a[-2:], b[:2]
    return (
        (len(b2) == 2 and person(a[-1] + b2))
        or (len(a2) == 2 and (person(a2 + b[0]) or (len(b2) == 2 and person(a2 + b2))))
        or _list_item_completion(ta, hb)
    )


def segment_gain(left: str, right: str, window: int = 4) -> float:
    """How much likelier (log10) the best segmentation of ``left + right`` is than those of the
    two apart: 0 at a word boundary, more the stronger the word that spans it.

    >>> round(segment_gain("遴选工", "作。"), 1), segment_gain("加快", "培育")
    (4.6, 0.0)
    """
    end, start = left[-window:], right[:window]
    return _edge_gain(end, start) if end and start else 0.0


@lru_cache(maxsize=1 << 16)
def _edge_gain(end: str, start: str) -> float:
    """:func:`segment_gain` of the few characters next to the break (cached: the pairs of a
    window share their edges, a page's second run scores them again)."""
    if not word_across(end, start):
        return 0.0  # the two segmentations apart are the best of both: no gain, float noise aside
    gain = logprob(end + start) - logprob(end) - logprob(start)
    return gain if gain > 1e-9 else 0.0  # (float noise of equal routes is no gain)


def doubled_across(a: str, b: str) -> bool:
    """``副局长`` / ``长柏国顺说``: the last character of ``a`` starts ``b`` again — a word ends
    ``a`` with it, and ``b`` makes no word of it. Not a reduplication that the text goes on
    from (``群众人`` / ``人受益``: 人人, then 受益): that character is printed twice.

    >>> doubled_across("副局长", "长柏国顺说"), doubled_across("让群众人", "人受益")
    (True, False)
    """
    return (
        len(a) >= 2
        and len(b) >= 3
        and a[-1] == b[0]
        and is_word(a[-2:])
        and not is_word(b[:2])
        and not is_word(b[:3])
        and HAN.match(b[1]) is not None
        and not (wordlist().freq(a[-1] * 2) >= REDUPLICATED_FREQ and is_word(b[1:3]))
    )


#: A reduplicated word this common (人人 2,713, 天天, 常常, 处处; 长长 217) with a word after it
#: is printed twice: the characters on both sides of the break stay.
REDUPLICATED_FREQ = 100


def _start(a: Tail, b: Head, end: float) -> float:
    if b.opening:
        return _OPENINGS[b.opening]
    if b.enum_item and a.enumeration:
        return START_ENUM
    if b.tail and end > 0:
        return START_TAIL
    return 0.0


def _lexical(a: str, b: str, ta: Tail, hb: Head) -> tuple[float, float]:
    """The ``lm`` and ``word`` points of the Han characters across the break (the word lists
    hold no numbers: a digit there is no evidence either way). Punctuation next to them marks a
    word edge (``、顾发`` starts a word, ``根、`` ends one)."""
    if not _lexical_break(ta, hb):
        return 0.0, 0.0
    # (a fragment's own first or last character is no word edge: the cut may fall anywhere)
    gain = char_lm().break_gain(ta.han, hb.han, ta.han_starts_word, hb.han_ends_word)
    lm = LM_WEIGHT * min(LM_CLIP[1], max(LM_CLIP[0], gain))
    return lm, WORD * min(WORD_CAP, segment_gain(a, b))


def _lexical_break(ta: Tail, hb: Head) -> bool:
    """Han characters on both sides of the break, the left side's not a name's end: what the
    word lists and the language model can read evidence from (:func:`_lexical`)."""
    return bool(ta.han and hb.han) and not ta.in_name


def join_features(a: str, b: str, phrases: Mapping[str, int] | None = None) -> JoinFeatures:
    """Every feature's points for reading ``b`` right after ``a`` as one paragraph; ``phrases``
    are the page's character 4-grams (:func:`page_phrases`), for the ``phrase`` clue."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return JoinFeatures(end=END_FINAL)
    doubled = doubled_across(a, b)
    if doubled:
        b = b[1:]  # the other clues are read without the doubled character
    pair = _known_pair_features if len(a) + len(b) <= CACHE_CHARS else _pair_features
    f = pair(a, b, doubled)
    seen = phrases.get(a[-2:] + b[:2], 0) if phrases and HAN.match(a[-1]) else 0
    if not (seen and HAN.match(b[0])):
        return f
    phrase = PHRASE * min(PHRASE_CAP, 1 + math.log2(seen))
    return f._replace(phrase=phrase)


def _pair_features(a: str, b: str, doubled: bool) -> JoinFeatures:
    """:func:`join_features` of stripped, non-empty ``a`` and ``b`` without the ``phrase`` clue
    (the page's, not the pair's)."""
    ta, hb = tail(a), head(b)
    end = _ENDINGS[ta.ending]
    start = _start(ta, hb, end)
    lm, word = _lexical(a, b, ta, hb)
    name = NAME if _name_across(a, b, ta, hb) else 0.0
    if start == START_OPENER and (lm + word >= SPANS or name or doubled):
        start = 0.0  # ``授|牌仪式，``: a word that ``a`` begins is no paragraph's first word
    brackets = _brackets(ta, hb)
    headline = 0.0
    if not hb.headline and ta.section_head:
        headline = SECTION_END  # ``一、2020年工作回顾`` + ``过去一年，…``: the heading is whole
    elif ta.headline and hb.headline:
        headline = HEADLINE
    elif ta.headline and len(b) > 30 and not (word or name):
        headline = HEADLINE_BODY
    elif hb.headline_gap:
        headline = HEADLINE_NEXT  # ``…11处党`` + ``政银企对接 破解“融资难”``: a new story
    doubled_points = DOUBLED if doubled else 0.0
    return JoinFeatures(end, start, lm, word, name, brackets, headline, doubled_points)


def _brackets(a: Tail, b: Head) -> float:
    first, open_in_a = b.first_bracket, a.open_brackets
    if first not in CLOSERS:
        return 0.0
    if open_in_a and CLOSERS[first] == open_in_a[-1]:
        return BRACKETS
    if not open_in_a and (first not in "”’" or b.ellipsis_close):
        return BRACKETS_UNOPENED
    return 0.0


def join_clued(a: str, b: str) -> bool:
    """Is reading ``b`` after ``a`` backed by more than shapes: a bracket ``b`` closes that ``a``
    left open, a name or a word across the break (the ``brackets``, ``name`` or ``word`` points
    of :func:`join_features` above 0)? Read without the language model, the costly clue: cheap
    enough to ask of every pair of a window.

    >>> join_clued("（通讯员/杨双", "艳）"), join_clued("遴选工", "作。")
    (True, True)
    >>> join_clued("加快", "培育")
    False
    """
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return False
    if doubled_across(a, b):
        b = b[1:]  # (as join_features reads it)
    ta, hb = tail(a), head(b)
    return (
        _brackets(ta, hb) > 0
        or _name_across(a, b, ta, hb)
        or (_lexical_break(ta, hb) and segment_gain(a, b) > 0)  # (its ``word`` points)
    )


# ``flow`` scores a pair again and again: in a window's matrix, when it joins neighbours, when it
# gives its reasons, and once more on its own output (a second run must find nothing new). The
# cache of :func:`~ocrfix.resources.join_sides.text_cache`, for two texts (:func:`join_features`
# asks it only when they are short together).
_known_pair_features = lru_cache(maxsize=1 << 13)(_pair_features)


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
