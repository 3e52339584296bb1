"""Structural patterns shared by every pass that reads a page's structure.

One place for what a list item, a Markdown heading, a photo credit's end or a sentence's end
looks like, so that ``unwrap`` (which must not join an item into the line before), ``flow``
(which must not join a paragraph onto one), ``dedup`` and ``furniture`` agree.
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
MARKDOWN_HEADING = regex.compile(r"^[^\S\n]{0,3}#{1,6}\s")
#: The end of a photo credit: ``记者/杨凌凌 摄``, ``通讯员供图``, ``摄影``. A block or line that
#: ends so is finished: a credit ends its caption, whatever character it ends on.
CREDIT_END = regex.compile(r"(?:[/／]\s*\p{Han}{2,4}\s*摄|供图|摄影)$")
#: The end of a sentence, closing quotes and brackets allowed after the mark (headlines and
#: summary-box lines do not end so). In the NFKC form blocks are compared in, ``！？`` are ``!?``.
SENTENCE_END = regex.compile(r"[。!?.！？][”’\"」』)）】]*$")
#: A Markdown image line (``![图](a.png)``), which a converter leaves where a photo stood.
IMAGE = regex.compile(r"^!\[[^\]]*\]\([^)]*\)$")
