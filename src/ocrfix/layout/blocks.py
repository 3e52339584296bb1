"""Blocks: the blank-line separated paragraphs of a document, the one type every structural
pass (``dedup``, ``flow``, ``furniture``) reads a page as.

>>> blocks = split_blocks("## 标题\\n\\n  正文第一段。\\n\\n\\n\\n第二段")
>>> [(b.index, b.text, b.heading, b.after_gap) for b in blocks]
[(0, '## 标题', True, False), (1, '正文第一段。', False, False), (2, '第二段', False, True)]
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from ocrfix.layout.furniture import classify_block
from ocrfix.layout.lines import once
from ocrfix.layout.patterns import (
    IMAGE,
    LIST_ITEM,
    MARKDOWN_HEADING,
    SENTENCE_END,
    ends_with_credit,
)

# A blank line (spaces allowed on it) and all the whitespace after it.
_SEPARATOR = regex.compile(r"\n[^\S\n]*\n\s*")
_WHITESPACE = regex.compile(r"\s+")
#: A block ending in a letter or digit was cut by the converter, not ended by its writer...
_SOFT_END = regex.compile(r"[\p{Han}\p{L}\p{N}]$")
#: ...unless it is too short to be running text (or a credit, :data:`CREDIT_END`).
_MIN_SOFT_CHARS = 20
#: OCR noise rather than text: symbols, private-use and unassigned code points, stray ASCII marks.
NOISE = regex.compile(r"[\p{So}\p{Sk}\p{Co}\p{Cn}\ufffd|~^_`\\{}<>=+*#@$&]")


@dataclass(frozen=True, init=False)
class Block:
    """A paragraph: ``text[start:end]`` of the document, without surrounding whitespace.

    ``after_gap``: two or more blank lines stand before it (where a converter dropped a picture).
    """

    index: int
    start: int
    end: int
    text: str
    after_gap: bool = False

    def __init__(self, index: int, start: int, end: int, text: str, after_gap: bool = False):
        # (as :class:`~ocrfix.layout.lines.Line` does: a frozen dataclass's own __init__ is
        # twice as slow, and every structural pass splits each page into blocks)
        fields = self.__dict__
        fields["index"], fields["start"], fields["end"] = index, start, end
        fields["text"], fields["after_gap"] = text, after_gap

    @once
    def norm(self) -> str:
        """The form blocks are compared in (:func:`normalize`)."""
        return normalize(self.text)

    @once
    def heading(self) -> bool:
        return MARKDOWN_HEADING.match(self.text) is not None

    @once
    def list_item(self) -> bool:
        return LIST_ITEM.match(self.text) is not None

    @property
    def body(self) -> bool:
        """Running text (not a heading, not a list item)."""
        return not self.heading and not self.list_item

    @once
    def furniture(self) -> bool:
        """A whole block of page furniture (a caption, a credit, a jump line, a masthead line, an
        image) rather than text of an article."""
        t = self.text
        return bool(IMAGE.match(t) or (len(t) <= 60 and _short_furniture(t)))

    @once
    def size(self) -> int:
        """Characters without spaces."""
        return len(self.text.replace(" ", ""))

    def title_like(self, max_chars: int) -> bool:
        """Under ``max_chars`` and not ending a sentence: a headline, label or summary-box line.

        Headlines may hold punctuation, but a writer ends a sentence and not a headline:

        >>> head = "荷塘：基层治理和产业发展如何同频共振？——株洲县区发展大型新闻调查之五"
        >>> [b.title_like(60) for b in split_blocks(f"{head}\\n\\n2023年，该村获评“文明村”。")]
        [True, False]
        """
        return len(self.norm) < max_chars and SENTENCE_END.search(self.norm) is None

    @property
    def noise(self) -> int:
        """How many characters of the block are OCR noise (``■``, ``|``, ``~``, ``�``)."""
        return len(NOISE.findall(self.norm))

    @property
    def soft_end(self) -> bool:
        """Ends inside a word: the converter cut the paragraph here.

        >>> cut = "随着量产阶段来临，前期资金还有较大缺口。公\\n\\n司董事长林枫说。"
        >>> [b.soft_end for b in split_blocks(cut)]
        [True, False]
        """
        return (
            self.body
            and len(self.norm) >= _MIN_SOFT_CHARS
            and _SOFT_END.search(self.norm) is not None
            and not ends_with_credit(self.norm)
        )


@lru_cache(maxsize=1 << 12)  # ``flow`` reads a page's blocks again on its own output
def _short_furniture(text: str) -> bool:
    """Is a short block page furniture (``▶下转02版``)? Asked once per text, then cached."""
    return classify_block(text) is not None


#: The full-width marks of Chinese text with their compatibility decompositions (``，`` → ``,``):
#: replaced first by ``str.replace``, they leave most blocks in NFKC already, which
#: ``unicodedata.is_normalized`` tells quickly, while ``normalize`` would compose every block.
_WIDE_MARKS = tuple((c, unicodedata.normalize("NFKD", c)) for c in "，（）；：！？…％\u3000")


def normalize(text: str) -> str:
    """NFKC (so ``，`` is ``,``), without any whitespace.

    >>> normalize("公司 董事长，林枫")
    '公司董事长,林枫'
    """
    # NFKC(text) is NFKC of text with any characters replaced by their NFKD: the decomposition
    # NFKC starts from is the same. If that is in NFKC already, it is the answer.
    for wide, narrow in _WIDE_MARKS:
        text = text.replace(wide, narrow)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _without_whitespace(text)


def _without_whitespace(text: str) -> str:
    """``text`` without what ``\\s`` matches: cut out by ``str.split``, twice as fast as the
    pattern, unless the text holds an information separator (U+001C..U+001F), where
    ``str.split`` splits and ``\\s`` does not.

    >>> _without_whitespace("公司 董事长\\n林枫"), _without_whitespace("表\\x1f 一")
    ('公司董事长林枫', '表\\x1f一')
    """
    if "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text:
        return _WHITESPACE.sub("", text)
    return "".join(text.split())


def split_blocks(text: str) -> list[Block]:
    """The blocks of ``text``, in order."""
    out: list[Block] = []
    pos = 0
    gap = False
    for sep in [*_SEPARATOR.finditer(text), None]:
        sep_start, sep_end = sep.span() if sep else (len(text), len(text))
        segment = text[pos:sep_start]
        body = segment.strip()
        if body:
            start = pos + len(segment) - len(segment.lstrip())
            out.append(Block(len(out), start, start + len(body), body, gap))
        gap = sep is not None and text.count("\n", sep_start, sep_end) >= 3
        pos = sep_end
    return out
