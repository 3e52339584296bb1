"""Character classes for Chinese text, shared by passes (patterns for the ``regex`` module).

>>> is_cjk("传"), is_cjk("，"), is_cjk("A"), is_cjk("한")
(True, True, False, False)
"""

from __future__ import annotations

import regex

#: Han ideographs, kana, CJK punctuation and full-width forms: scripts written without spaces.
#: Hangul is deliberately absent: Korean puts spaces between words.
CJK_CLASS = (
    r"\p{Han}\p{Hiragana}\p{Katakana}\u3001-\u303f\uff01-\uff60\uffe0-\uffe6"
    r"\u2018\u2019\u201c\u201d\u2014\u2026\u00b7\u2e80-\u2fdf"
)
CJK = regex.compile(f"[{CJK_CLASS}]")
HAN = regex.compile(r"\p{Han}")
_NOT_HAN = regex.compile(r"\P{Han}+")

#: What ``regex`` reads as ``\s`` (Unicode White_Space), spelt out for patterns of the standard
#: library's ``re``, whose ``\s`` is ``str.isspace`` and also takes \x1c-\x1f.
WHITE_SPACE = r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

#: Horizontal spaces a line-break artefact can consist of (not newline, not tab).
HSPACE_CLASS = r" \u00a0\u3000\u2002-\u200a\u202f\u205f"

#: Sentence-internal or sentence-final punctuation, half or full width.
SENTENCE_PUNCT = frozenset("。！？；，、：,;!?")


def han_count(text: str) -> int:
    """How many Han ideographs ``text`` holds (what is left once the runs of anything else go:
    several times faster than counting matches one by one).

    >>> han_count("GDP增长5.3%，达到")
    4
    """
    return len(_NOT_HAN.sub("", text))


def is_cjk(ch: str) -> bool:
    return CJK.match(ch) is not None


def is_han(ch: str) -> bool:
    return HAN.match(ch) is not None


def han_ratio(text: str) -> float:
    """Share of non-space characters that are Han ideographs."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if HAN.match(c)) / len(visible)
