"""Word knowledge: is this a word? does a word span this boundary?

jieba's dictionary-based segmentation (its ``cut(text, HMM=False)``: the likeliest path through
the words of its ``dict.txt``, unknown text left as single characters), read from the shipped
word list instead of jieba's own 80 MB prefix dictionary: the same words, frequencies and
arithmetic, so the same segmentation, without importing jieba or writing its cache.

>>> spans_word("民族文化传", "承和保护")
True
>>> spans_word("喝杯清茶", "共话和谐小区建设")
False
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ocrfix.resources.wordlist import JIEBA, WIDTH, wordlist

#: How many characters on each side of a boundary the segmenter looks at.
WINDOW = 4

# jieba 0.42's patterns: the text it segments, the whitespace it passes through, and the
# single Latin letters or digits it glues back together.
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_SKIP = re.compile("(\r\n|\\s)", re.U)
_ENG = re.compile("[a-zA-Z0-9]", re.U)


def route(text: str) -> dict[int, tuple[float, int]]:
    """jieba's best path: position → (natural-log probability of the rest, end of the word
    starting there − 1)."""
    wl = wordlist()
    columns, walk = wl.table.columns, wl.table.prefix_rows
    logtotal = math.log(wl.jieba_total)
    reach = wl.jieba_max
    n = len(text)
    best: dict[int, tuple[float, int]] = {n: (0, 0)}
    log = math.log
    for k in range(n - 1, -1, -1):
        top = None  # max() over the words starting at k, in one loop (no list, no generator)
        for w, i in walk(text[k : k + reach]):
            f = columns[i * WIDTH + JIEBA]
            if f:
                end = k + len(w)
                step = (log(f) - logtotal + best[end][0], end - 1)
                if top is None or step > top:
                    top = step
        # no word starts here: the character alone, at jieba's floor of frequency 1
        best[k] = (log(1) - logtotal + best[k + 1][0], k) if top is None else top
    return best


def word_across(left: str, right: str) -> bool:
    """Does a word of jieba's dictionary start in ``left`` and end in ``right``? Without one,
    the best segmentation of ``left + right`` is those of the two apart (it must pass their
    boundary), so its :func:`logprob` is theirs summed.

    >>> word_across("遴选工", "作。"), word_across("加快", "培育")
    (True, False)
    """
    wl = wordlist()
    columns, walk = wl.table.columns, wl.table.prefix_rows
    text = left + right
    n = len(left)
    for k in range(n):
        for w, i in walk(text[k : k + wl.jieba_max]):
            if len(w) > n - k and columns[i * WIDTH + JIEBA]:
                return True
    return False


@lru_cache(maxsize=1 << 16)
def logprob(text: str) -> float:
    """log10 probability of the best segmentation of ``text`` (word-frequency unigrams).
    Cached: join scoring asks for the same block edges against every other block."""
    return route(text)[0][0] / math.log(10) if text else 0.0


def _cut_block(block: str) -> list[str]:
    best = route(block)
    out: list[str] = []
    buf = ""
    x, n = 0, len(block)
    while x < n:
        y = best[x][1] + 1
        word = block[x:y]
        if len(word) == 1 and _ENG.match(word):
            buf += word
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(word)
        x = y
    if buf:
        out.append(buf)
    return out


def segment(text: str) -> list[str]:
    """Dictionary-based word segmentation (as jieba's, HMM off: unknown words stay single
    characters).

    >>> segment("遴选工作")
    ['遴选', '工作']
    """
    out: list[str] = []
    for block in _HAN.split(text):
        if not block:
            continue
        if _HAN.match(block):
            out.extend(_cut_block(block))
        else:
            for x in _SKIP.split(block):
                if _SKIP.match(x):
                    out.append(x)
                else:
                    out.extend(x)
    return out


def is_word(text: str) -> bool:
    """Is ``text`` a dictionary word (frequency > 0 in jieba's dictionary)?"""
    return bool(wordlist().jieba_freq(text))


def spans_word(left: str, right: str, window: int = WINDOW) -> bool:
    """Does the best segmentation of ``left + right`` put a word across their boundary?"""
    head, tail = left[-window:], right[:window]
    return bool(head and tail) and _spans(head, tail)


@lru_cache(maxsize=1 << 14)  # (the same few characters recur: mastheads, headlines, bylines)
def _spans(head: str, tail: str) -> bool:
    """:func:`spans_word` of the characters next to the boundary."""
    pos = 0
    for word in segment(head + tail):
        if pos < len(head) < pos + len(word):
            return True
        pos += len(word)
    return False
