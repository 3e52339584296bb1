"""Simplified or traditional: which script a stretch of text is written in.

MediaWiki's conversion table (as pycorrector ships it) gives the characters only traditional
text uses: its one-character entries whose simplified form differs (2,688 of them, copied into
``data/traditional.txt`` by ``tools/build_tables.py``). Simplified newspaper text has none of
them (0 in every gold text of the corpora); traditional text has them in every line.

>>> is_traditional("被逼遷移的居民說，這裡的房屋將會拆除。"), is_traditional("被迫迁移的居民说。")
(True, False)
"""

from __future__ import annotations

from functools import cache

import regex

from ocrfix.resources import shipped

_HAN = regex.compile(r"\p{Han}")
#: The share of traditional-only characters above which a text is traditional: simplified text
#: has none, traditional text a quarter to a half.
THRESHOLD = 0.1


@cache
def traditional_chars() -> frozenset[str]:
    """Characters that only traditional text uses (遷, 說, 這, …)."""
    return frozenset(shipped.text("traditional.txt").strip())


def is_traditional(text: str) -> bool:
    """Are at least :data:`THRESHOLD` of the ideographs of ``text`` traditional-only?"""
    trad = traditional_chars()
    if trad.isdisjoint(text):
        return False  # (most text: one walk in C, no list of its ideographs to count)
    chars = _HAN.findall(text)
    return bool(chars) and sum(c in trad for c in chars) >= THRESHOLD * len(chars)
