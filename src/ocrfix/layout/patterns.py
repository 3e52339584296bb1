"""Structural patterns shared by every pass that reads a page's structure.

One place for what a list item, a Markdown heading, a photo credit's end or a sentence's end
looks like, so that ``unwrap`` (which must not join an item into the line before), ``flow``
(which must not join a paragraph onto one), ``dedup`` and ``furniture`` agree.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

#: The start of a list item or a numbered article: ``- ``, ``1.``, ``（二）``, ``三、``,
#: ``第十二条``, ``第一章``, ``第二部分``.
_SECTION = r"[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百零\d]{1,5}[章节部篇]"
LIST_ITEM = regex.compile(
    r"^(?:[-*+•·▪◆●■]\s|\d{1,3}(?:[.、)）](?!\d))|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    rf"|第[一二三四五六七八九十百零\d]{{1,5}}条|{_SECTION})"
)
#: The number of a part, chapter or section heading (``三、``, ``第四章``, ``第二节``): a headline's
#: start. Not an article (``第十二条``) or an item (``（二）``), which start running text.
SECTION_HEAD = regex.compile(f"^(?:{_SECTION})")
#: Such a number anywhere in a line (a cheap test before a line's pieces are looked at).
SECTION_NUMBER = regex.compile(_SECTION)
#: A Markdown heading line (``## 第二部分``).
MARKDOWN_HEADING = regex.compile(r"^[^\S\n]{0,3}#{1,6}\s")
#: The end of a photo credit: ``记者/杨凌凌 摄``, ``通讯员供图``, ``摄影``. A block or line that
#: ends so is finished: a credit ends its caption, whatever character it ends on.
CREDIT_END = regex.compile(r"(?:[/／]\s*\p{Han}{2,4}\s*摄|供图|摄影)$")
# What CREDIT_END ends with, or (as ``$`` also matches before a last \n) ends with and a \n.
_CREDIT_TAILS = tuple(end + nl for end in ("摄", "供图", "摄影") for nl in ("", "\n"))


def ends_with_credit(text: str) -> bool:
    """``CREDIT_END.search(text)``, tried only on text that ends as a credit does (most lines
    end otherwise: no search).

    >>> ends_with_credit("记者/杨凌凌 摄"), ends_with_credit("通讯员供图\\n")
    (True, True)
    >>> ends_with_credit("摄")
    False
    """
    return text.endswith(_CREDIT_TAILS) and CREDIT_END.search(text) is not None
#: The end of a sentence, closing quotes and brackets allowed after the mark (headlines and
#: summary-box lines do not end so). In the NFKC form blocks are compared in, ``！？`` are ``!?``.
SENTENCE_END = regex.compile(r"[。!?.！？][”’\"」』)）】]*$")
#: A clause or sentence mark: running text has them, headlines and mastheads mostly do not.
CLAUSE_MARK = regex.compile(r"[，。、；：？！,;?!]")
#: The same without ``、``, which headlines list with (``三、重点工作``).
RUNNING_MARK = regex.compile(r"[，。；：？！,;?!]")
#: The marks of running text that a headline as long as two columns' lines does not have (it
#: may ask, exclaim or have a colon: ``基层治理和产业发展如何同频共振？``).
PROSE_MARK = regex.compile(r"[，。；、,;]")
#: What a column rule is printed as: ``|``, and the look-alikes OCR reads a thin vertical rule as
#: (full-width ``｜``, box-drawing ``│``, CJK ``丨``, broken ``¦``). Gutters split at them, and a
#: line's ends are read without them (``等工作。 |`` ends a sentence).
RULE_CHARS = "|｜│丨¦"
#: One column-rule character; rules and spaces at a line's start, at its end.
RULE = regex.compile(f"[{RULE_CHARS}]")
RULE_START = regex.compile(rf"^[\s{RULE_CHARS}]+")
RULE_END = regex.compile(rf"[\s{RULE_CHARS}]+$")
#: A Markdown image line (``![图](a.png)``), which a converter leaves where a photo stood.
IMAGE = regex.compile(r"^!\[[^\]]*\]\([^)]*\)$")

#: A printed or line-break space inside a line, as a pattern string.
INLINE_SPACE = r"[ \u00a0\u3000]"
_H = INLINE_SPACE
# Whose staff: a paper or agency named before the role (湖南日报, 长沙晚报, 南方都市报, 新华社,
# 本报), starting after a non-ideograph so that it never takes in the sentence before it.
_OUTLET = r"(?<!\p{Han})(?:\p{Han}{2,4}(?:日报|晚报|早报|都市报|商报)|新华社|中新社|本报)"
# A person in a credit: 株洲日报全媒体记者/杨凌凌, 通讯员/尹照 陈晶晶
_PERSON = (
    rf"(?:{_OUTLET}(?:全媒体|特约|见习|实习)?\n?|(?:全媒体|特约|见习|实习)\n?)?"
    r"(?:摄影记者|记者|通讯员|摄影|实习生)"
    rf"/\p{{Han}}{{2,4}}(?:[{_H[1:-1]}、]\p{{Han}}{{2,4}})*"
)
#: A photo credit anywhere in a line (``株洲日报全媒体记者/杨凌凌 摄``, ``通讯员供图``,
#: ``资料图片``), as a pattern string to build on: furniture moves credits out of sentences,
#: ``cjk-spacing`` keeps their printed spaces, ``typos`` leaves their names alone.
CREDIT = (
    rf"(?:{_PERSON}(?:{_H}?{_PERSON})*(?:{_H}摄(?![影像制取入氏])|摄(?=\s|$|\p{{P}})|{_H}?供图)"
    r"|(?:(?:受访者|通讯员|记者|本报|单位|资料)/?供图|资料图片|新华社发)"
    rf"(?:(?![\p{{Han}}\p{{L}}\p{{N}}])|(?={_PERSON})))"
)
CREDIT_IN_LINE = regex.compile(CREDIT)
#: What every credit holds (摄, 供图, 资料图片, 新华社发). Keep it, furniture's ``_INLINE_ANCHOR``
#: and ``_CREDIT_LAST`` in step with ``CREDIT``: a credit without an anchor would be missed
#: silently (``tests/test_patterns.py`` checks the corpus's credits).
CREDIT_ANCHOR = regex.compile(r"摄|图|新华社发")


def find_credits(text: str) -> Iterator[regex.Match[str]]:
    """``CREDIT_IN_LINE.finditer(text)``, tried only between blank lines that hold a credit's
    anchor: the pattern is tried at every position otherwise, and no credit spans a blank line
    (``_PERSON``'s one ``\\n?`` is the only line break a credit may hold).

    >>> [m.group() for m in find_credits("图为施工现场。\\n\\n记者/杨凌凌 摄\\n\\n春天来了。")]
    ['记者/杨凌凌 摄']
    """
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n\n", start)
        end = size if end < 0 else end
        if CREDIT_ANCHOR.search(text, start, end):
            yield from CREDIT_IN_LINE.finditer(text, start, end)
        start = end + 2


#: A numbered section's heading is at most this long (one across columns included).
SECTION_HEAD_MAX = 40


def section_head(text: str) -> bool:
    """A numbered section's heading: its number, no mark of a clause or sentence after it (a
    list's ``、`` aside), however long a headline may be (``三、重点工作``,
    ``第五节地方各级人民代表大会和地方各级人民政府（续）``).

    >>> section_head("二、“十三五”时期发展成就（续）"), section_head("第十二条 国家保护")
    (True, False)
    >>> section_head("三、加强监管，")
    False
    """
    heading = SECTION_HEAD.match(text)
    return (
        heading is not None
        and len(text) <= SECTION_HEAD_MAX
        and not RUNNING_MARK.search(text, heading.end())
    )
