"""Word knowledge: is this a word? does a word span this boundary?

Backed by jieba's dictionary-based segmenter (its shipped ``dict.txt``, no HMM guessing), built on
first use (about one second; jieba caches its prefix dictionary in the temp folder).

>>> spans_word("民族文化传", "承和保护")
True
>>> spans_word("喝杯清茶", "共话和谐小区建设")
False
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

#: How many characters on each side of a boundary the segmenter looks at.
WINDOW = 4


@cache
def tokenizer() -> Any:
    """jieba's tokenizer, initialised once per process, quiet."""
    import jieba  # imported here: jieba prints and builds a cache on import/initialise

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def segment(text: str) -> list[str]:
    """Dictionary-based word segmentation (jieba, HMM off: unknown words stay single characters).

    >>> segment("遴选工作")
    ['遴选', '工作']
    """
    return list(tokenizer().cut(text, HMM=False))


def is_word(text: str) -> bool:
    """Is ``text`` a dictionary word (frequency > 0 in jieba's dictionary)?"""
    return bool(tokenizer().FREQ.get(text))


def spans_word(left: str, right: str, window: int = WINDOW) -> bool:
    """Does the best segmentation of ``left + right`` put a word across their boundary?"""
    head, tail = left[-window:], right[:window]
    if not head or not tail:
        return False
    pos = 0
    for word in segment(head + tail):
        if pos < len(head) < pos + len(word):
            return True
        pos += len(word)
    return False
