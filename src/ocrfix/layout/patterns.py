"""Structural patterns shared by the passes that read a page's structure.

One place for what a list item or a Markdown heading looks like, so that ``unwrap`` (which must
not join an item into the line before) and ``flow`` (which must not join a paragraph onto one)
agree.
"""

from __future__ import annotations

import regex

#: The start of a list item or a numbered article: ``- ``, ``1.``, ``（二）``, ``三、``,
#: ``第十二条``, ``第一章``.
LIST_ITEM = regex.compile(
    r"^(?:[-*+•·▪◆●■]\s|\d{1,3}(?:[.、)）](?!\d))|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百零\d]{1,5}[条章节])"
)
#: A Markdown heading line (``## 第二部分``).
MARKDOWN_HEADING = regex.compile(r"^\s{0,3}#{1,6}\s")
