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
``end-quote``              −0.8     ``a`` ends with a closing quote (``…“快进键”``): often a
                                    sentence end
``end-noise``              −2.5     ``a`` ends with a symbol OCR leaves for a lost ``。``
                                    (``*<>=~-``)
``end-enum``               +0.3     ``a`` ends with ``、`` (an enumeration never ends a paragraph)
``dangling``               +1.5     ``a`` ends with a particle or preposition (``的`` ``和`` ``对``)
``end-open``               +0.5     ``a`` ends with a character, digit or opening bracket
``start-closing``          +1.0     ``b`` starts with punctuation no paragraph starts with
                                    (``，）、``)
``start-opener``           −1.0     ``b`` starts like a paragraph: 2–6 characters then a comma
                                    (``去年，`` ``在中车株机，``), or a list marker
``start-enum``             +1.5     ``b`` starts with a short item and ``、``, ``a`` ends between
                                    two items of a list (``…陈列馆以及`` + ``蔡会文、…``)
``start-tail``             +1.0     ``b`` opens with a short sentence and no comma (``培育…赋能。``)
``start-new``              −4.0     ``b`` is a heading, a byline or dateline (``株洲日报讯…``)
``lm``                     ×1.0     :meth:`CharLM.join_gain` of the Han characters across the
                                    break, clipped to −2..+3 (``毛泽|东`` +2.9,
                                    ``加码，|信用`` −1.2)
``word``                   +1.5     a dictionary word spans the break (``党|史``, ``遴选工|作``)
``name``                   +2.0     a name completes across the break: a byline name
                                    (``通讯员/杨双`` + ``艳）``), a known person, or an item of a
                                    list of names (``…、周后葵、顾发`` + ``根、顾东来``)
``brackets``               +1.5     ``a`` leaves a bracket or quote open and ``b`` closes it first
``brackets-unopened``      −1.5     ``b`` closes a bracket that ``a`` did not open (a closing quote
                                    only after an ellipsis, ``…”``: OCR confuses quote directions)
``headline``               −2.0     both are headline-shaped (short, no sentence punctuation)
``headline-body``          −1.5     ``a`` is headline-shaped, ``b`` a long body paragraph
=========================  =======  ==============================================================

A score above about +1 is a likely join; a wrong join across a sentence end scores below −3.

>>> join_score("我市举行第二批党史教育基地授", "牌仪式，炎陵大院红色革命遗址群等入选。") > 1
True
>>> join_score("牌仪式，炎陵大院红色革命遗址群等入选。", "我市首批11处党史教育基地为：") < -3
True
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import regex

from ocrfix.resources.charlm import char_lm
from ocrfix.resources.lexicon import spans_word
from ocrfix.resources.packaged_data import names

END_FINAL = -4.0
END_PAUSE = -0.6
END_OPEN = 0.5
END_ENUM = 0.3
END_QUOTE = -0.8
END_NOISE = -2.5
DANGLING = 1.5
START_TAIL = 1.0
START_ENUM = 1.5
HEADLINE_BODY = -1.5
START_CLOSING = 1.0
START_OPENER = -1.0
START_NEW = -4.0
LM_WEIGHT = 1.0
LM_CLIP = (-2.0, 3.0)
WORD = 1.5
NAME = 2.0
BRACKETS = 1.5
BRACKETS_UNOPENED = -1.5
HEADLINE = -2.0

_FINAL = regex.compile(r"[。！？!?…][”’\"」』）)]*$|[.](?<!\d[.])$")
#: Column rules and table borders that OCR reads as characters at a line's ends: not text.
_RULE_END = regex.compile(r"[\s|｜丨]+$")
#: ``…”`` at a line start: a quotation ends (a quote is never opened right after an ellipsis).
_ELLIPSIS_CLOSE = regex.compile(r"^…+[”’]")
_QUOTE_END = regex.compile(r"[”’\"」』]$")
_NOISE_END = regex.compile(r"[*<>=~_\-]$")
_PAUSE = regex.compile(r"[，；：,;:]$")
_DANGLING = regex.compile(r"[的地得之和与及或对把被将向从为在于以由并]$")
_TAIL = regex.compile(r"^[^，,；;：:。！？!?]{1,12}[。.]")
_CLOSING_START = regex.compile(r"^[，。、；：！？,;:!?）)」』”’%]")
_ITEM_HEAD = regex.compile(r"(\p{Han}{1,3})、")
_ITEM_SEP = regex.compile(r"[、，,]")
_SENTENCE_SEP = regex.compile(r"[。；;：:]")
_SHORT_HAN = regex.compile(r"\p{Han}{1,3}")
_ALL_HAN = regex.compile(r"\p{Han}+")
_ENUM_END = regex.compile(r"(?:、|以及|及|和|与|或)$")
_CLAUSE_SEP = regex.compile(r"[，,；;：:。！？]")
_ENUM_ITEM = regex.compile(r"^\p{Han}{1,4}、")
_OPENER = regex.compile(r"^\p{Han}{2,6}[，,]")
_LIST = regex.compile(
    r"^(?:[-*+•·▪◆●■]\s|\d{1,3}(?:[.、)）](?!\d))|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}、)"
)
_HEADING = regex.compile(r"^\s{0,3}#{1,6}\s")
_BYLINE = regex.compile(
    r"^(?:本报讯|\p{Han}{2,8}(?:日报|晚报|新闻网|融媒)讯|新华社\p{Han}{0,8}\d{1,2}月\d{1,2}日电"
    r"|\p{Han}{2,12}\d{1,2}月\d{1,2}日电|(?:\p{Han}{2,10})?(?:全媒体)?记者/)"
)
_HAN_TAIL = regex.compile(r"[\p{Han}0-9]{1,3}$")
_HAN_HEAD = regex.compile(r"^[\p{Han}0-9]{1,3}")
_BYLINE_NAME = regex.compile(r"/(\p{Han}{1,3})$")
_NAME_HEAD = regex.compile(r"^(\p{Han}{1,2})(?:[)）\s、]|$)")
_SENTENCE_PUNCT = regex.compile(r"[。！？；，、,;!?]")
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

    @property
    def total(self) -> float:
        return (
            self.end + self.start + self.lm + self.word + self.name + self.brackets + self.headline
        )


def ends_sentence(text: str) -> bool:
    """Does ``text`` end with sentence-final punctuation (``。`` ``！`` ``？`` maybe + ``”``)?"""
    return _FINAL.search(_RULE_END.sub("", text)) is not None


def starts_new(text: str) -> bool:
    """Is ``text`` a heading, a byline or a dateline: the start of something, never a tail?"""
    return bool(_HEADING.match(text) or _BYLINE.match(text.lstrip()))


def headline_shaped(text: str, max_chars: int = 30) -> bool:
    """Short and free of sentence punctuation (``喝杯清茶 共话和谐小区建设``)."""
    body = text.strip()
    return 0 < len(body) <= max_chars and not _SENTENCE_PUNCT.search(body)


def _open_brackets(text: str) -> list[str]:
    stack: list[str] = []
    for ch in text:
        if ch in _OPENERS and not (ch == "“" and stack and stack[-1] == "“"):
            stack.append(ch)
        elif ch in _CLOSERS and stack and stack[-1] == _CLOSERS[ch]:
            stack.pop()
    return stack


def _first_bracket(text: str) -> str:
    for ch in text:
        if ch in _OPENERS or ch in _CLOSERS:
            return ch
    return ""


def _list_item_completion(a: str, b: str) -> bool:
    """``…、周后葵、顾发`` + ``根、顾东来``: the split item gets the length of its neighbours."""
    m = _ITEM_HEAD.match(b)
    if not m:
        return False
    items = _ITEM_SEP.split(_SENTENCE_SEP.split(a)[-1])
    if len(items) < 4 or not _SHORT_HAN.fullmatch(items[-1]):
        return False
    lengths = [len(x) for x in items[1:-1] if _ALL_HAN.fullmatch(x)]
    if len(lengths) < 2:
        return False
    typical = statistics.median(lengths)
    return len(items[-1]) < typical and len(items[-1]) + len(m.group(1)) == typical


def _in_enumeration(a: str) -> bool:
    """Does ``a`` end between two items of an enumeration (``…纪念园、…陈列馆以及``)?"""
    return _ENUM_END.search(a) is not None and "、" in _CLAUSE_SEP.split(a)[-1]


def _name_across(a: str, b: str) -> bool:
    m = _BYLINE_NAME.search(a)
    if m and _open_brackets(a):
        head = _NAME_HEAD.match(b)
        if head and 2 <= len(m.group(1)) + len(head.group(1)) <= 4:
            return True
    persons = names("person")
    for i in (1, 2):
        for j in (1, 2):
            if len(a) >= i and len(b) >= j and (a[-i:] + b[:j]) in persons and i + j >= 3:
                return True
    return _list_item_completion(a, b)


def join_features(a: str, b: str) -> JoinFeatures:
    """Every feature's points for reading ``b`` right after ``a`` as one paragraph."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return JoinFeatures(end=END_FINAL)
    bare = _RULE_END.sub("", a)  # the text before a column rule (``…车 |``), for its ending
    if ends_sentence(a):
        end = END_FINAL
    elif _NOISE_END.search(bare):
        end = END_NOISE
    elif _QUOTE_END.search(bare):
        end = END_QUOTE
    elif _PAUSE.search(a):
        end = END_PAUSE
    elif a.endswith("、"):
        end = END_ENUM
    elif _DANGLING.search(a) and len(a) >= 6:
        end = END_OPEN + DANGLING
    else:
        end = END_OPEN
    if starts_new(b):
        start = START_NEW
    elif _CLOSING_START.match(b):
        start = START_CLOSING
    elif _OPENER.match(b) or _LIST.match(b):
        start = START_OPENER
    elif _ENUM_ITEM.match(b) and _in_enumeration(a):
        start = START_ENUM
    elif _TAIL.match(b) and end > 0:
        start = START_TAIL
    else:
        start = 0.0
    lm = word = 0.0
    tail, head = _HAN_TAIL.search(a), _HAN_HEAD.match(b)
    if tail and head:
        gain = char_lm().join_gain(tail.group(), head.group())
        lm = LM_WEIGHT * min(LM_CLIP[1], max(LM_CLIP[0], gain))
        if spans_word(a[-4:], b[:4]):
            word = WORD
    name = NAME if _name_across(a, b) else 0.0
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
    return JoinFeatures(end, start, lm, word, name, brackets, headline)


def join_score(a: str, b: str) -> float:
    """How plausibly ``b`` continues ``a`` in the same paragraph (higher is likelier).

    >>> good = join_score("开展了第二批株洲党史教育基地遴选工", "作。")
    >>> good > join_score("遴选工", "去年，经综合评选")
    True
    """
    return join_features(a, b).total
