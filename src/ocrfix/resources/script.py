"""Simplified or traditional: which script a stretch of text is written in.

pycorrector ships MediaWiki's conversion table (``pycorrector/utils/zh_wiki.py``, read with
``ast``, never imported); its one-character entries whose simplified form differs are the
characters only traditional text uses (2,688 of them). Simplified newspaper text has none of
them (0 in every gold text of the corpora); traditional text has them in every line.

>>> is_traditional("被逼遷移的居民說，這裡的房屋將會拆除。"), is_traditional("被迫迁移的居民说。")
(True, False)
"""

from __future__ import annotations

import ast
from functools import cache

import regex

from ocrfix.resources.packaged_data import package_dir

_HAN = regex.compile(r"\p{Han}")
#: The share of traditional-only characters above which a text is traditional: simplified text
#: has none, traditional text a quarter to a half.
THRESHOLD = 0.1


@cache
def traditional_chars() -> frozenset[str]:
    """Characters that only traditional text uses (遷, 說, 這, …)."""
    path = package_dir("pycorrector") / "utils" / "zh_wiki.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    table = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == "zh2Hans"
    )
    return frozenset(k for k, v in table.items() if len(k) == len(v) == 1 and k != v)


def is_traditional(text: str) -> bool:
    """Are at least :data:`THRESHOLD` of the ideographs of ``text`` traditional-only?"""
    chars = _HAN.findall(text)
    trad = traditional_chars()
    return bool(chars) and sum(c in trad for c in chars) >= THRESHOLD * len(chars)
