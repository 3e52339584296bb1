"""Where a photo credit stays, for ``furniture``: the rules that read the printed lines around it.

A credit (``记者/旷昆红 摄``) found inside running text is moved out like any other furniture,
except where the printed lines around it say otherwise. It stays where it is when it ends a line
of its own, or of its one-sentence caption's (:func:`own_line`), or when ``pdftotext -layout`` set
it off by a column gap (:func:`between_columns`). When it is split off where it stands, at the
end of its block right after a sentence that is its caption, the break goes before the caption,
so that the two stay together (:func:`caption_before`). These rules look at one block's text and
at the edits made so far (:class:`Cuts`), never at other blocks: following a paragraph through the
blocks it runs on, and moving the furniture to its end, is the planner's
(:mod:`ocrfix.passes.furniture`). Each question looks only at the credit's own line, never at the
whole block: a block may be a long one holding thousands of credits.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from ocrfix.edits import Edit
from ocrfix.layout.blocks import Block
from ocrfix.layout.furniture import CLAUSES, CLOSERS, HARD_END, Inline, caption_like
from ocrfix.layout.patterns import RULE_CHARS, RULE_START

_COLUMN_GAP = regex.compile(r"[^\S\n]{3}")


class Cuts:
    """What the pass's edits so far take out of the text: their spans, merged where they touch.

    An edit that replaces (``split off``: ``\\n\\n`` for the spaces after a credit) takes the
    old text out too; an insertion takes nothing. Which span holds an offset is a binary search,
    and a run of pieces cut one after the other is one span (``摄⏎通讯员供图⏎…``), so that
    looking past them costs one step however many there are.

    >>> cuts = Cuts()
    >>> cuts.add(Edit(2, 4, "", "p", "r")); cuts.add(Edit(4, 6, "\\n\\n", "p", "r"))
    >>> cuts.span(3), cuts.span(6), cuts.without("生⏎记者摄。。", 0, 7)
    ((2, 6), None, '生⏎。')
    """

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, edit: Edit) -> None:
        start, end = edit.start, edit.end
        if end <= start:
            return
        j = bisect_right(self.starts, start)
        if j and self.ends[j - 1] >= start:  # touches the span before it
            j -= 1
            start = self.starts.pop(j)
            end = max(end, self.ends.pop(j))
        while j < len(self.starts) and self.starts[j] <= end:  # ...or the ones after it
            self.starts.pop(j)
            end = max(end, self.ends.pop(j))
        self.starts.insert(j, start)
        self.ends.insert(j, end)

    def span(self, k: int) -> tuple[int, int] | None:
        """The cut span that takes the character at ``k`` out, or None."""
        j = bisect_right(self.starts, k) - 1
        return (self.starts[j], self.ends[j]) if j >= 0 and k < self.ends[j] else None

    def without(self, text: str, start: int, end: int) -> str:
        """``text[start:end]`` less what is cut."""
        parts, pos = [], start
        j = max(0, bisect_right(self.starts, start) - 1)
        while j < len(self.starts) and self.starts[j] < end:
            parts.append(text[pos : max(pos, self.starts[j])])
            pos = max(pos, self.ends[j])
            j += 1
        parts.append(text[pos:end])
        return "".join(parts)


def own_line(text: str, block: Block, piece: Inline, cuts: Cuts) -> bool:
    """Does a credit end a line of its own, or of its one-sentence caption's, in a block of
    printed lines (text-layer or layout output)? Then it stays where it is: the block's
    paragraph ends are not known, and a line of its own interrupts no line
    (``游客在…采摘。通讯员/覃文博摄``; ``…之道。株洲日报全媒体`` + ``记者/旷昆红摄``).
    What ``cuts`` (the pass's decisions so far) take out is not there."""
    if piece.kind != "photo-credit":
        return False
    # Line breaks that an earlier cut in this block took away do not count: a second run
    # will not see them (``生⏎记者/刘芳摄。。全媒体记者/凌凌摄``).
    line_end = _line_end(text, piece.end, block.end, cuts)
    if line_end is None:  # text follows it on its line
        return False
    if line_end < 0 and _last_break(text, block.start, piece.end, cuts) < 0:
        return False  # one line: not printed lines
    k = _last_char(text, block.start, piece.start, cuts)
    if k >= 0 and text[k] not in RULE_CHARS:
        # A finished sentence right before the credit is its caption, whether or not we can
        # tell where the caption starts (layout output glues it to the neighbouring column's line).
        return text[k] in HARD_END
    # Only spaces or column rules may be before it on its line: read the line (short, and rare).
    line_start = max(block.start, _last_break(text, block.start, piece.start, cuts) + 1)
    head = RULE_START.sub("", cuts.without(text, line_start, piece.start).strip())
    if not head:
        return line_end >= 0  # a lone credit ending the block is split off as usual
    return head[-1] in HARD_END


def between_columns(text: str, piece: Inline) -> bool:
    """Is a credit set off by a column gap (``pdftotext -layout`` prints columns side by side:
    ``…赛道”。记者/邝志远 摄      经过激烈角逐``)? Its line mixes columns, so the end of
    "its paragraph" is a guess; it stays where it was printed."""
    gap = _COLUMN_GAP.match(text, piece.end) or _COLUMN_GAP.match(text, max(0, piece.start - 3))
    return piece.kind == "photo-credit" and gap is not None


def caption_before(
    text: str, block: Block, piece: Inline, max_chars: int
) -> tuple[int, int] | None:
    """A credit ending its block after a finished sentence that reads as its caption (at most
    ``max_chars``: ``…。一中学生在“校园农场”栽种荸荠。通讯员/喻婷 摄``): the span of the break to
    make before the caption (empty when the caption starts the block), or None."""
    if piece.kind != "photo-credit":
        return None
    body = text[block.start : piece.start].rstrip()
    if not body or body[-1] not in HARD_END:
        return None
    cut = max(body.rfind(c, 0, len(body) - 1) for c in HARD_END) + 1
    while cut < len(body) and body[cut] in CLOSERS:
        cut += 1
    caption = body[cut:]
    if not caption_like(caption, max_chars) or CLAUSES.search(caption):
        return None
    head = body[:cut]
    return block.start + len(head.rstrip()), block.start + cut + len(body[cut:]) - len(
        body[cut:].lstrip()
    )


def _line_end(text: str, start: int, end: int, cuts: Cuts) -> int | None:
    """The line break that ends the line at ``start`` when only spaces (or cut text) stand
    before it; -1 when the block (at ``end``) ends first, None when text comes first."""
    k = start
    while k < end:
        cut = cuts.span(k)
        if cut is not None:
            k = cut[1]
        elif text[k] == "\n":
            return k
        elif text[k].isspace():
            k += 1
        else:
            return None
    return -1


def _last_char(text: str, start: int, end: int, cuts: Cuts) -> int:
    """Offset of the last character of ``text[start:end]`` on the line ``end`` is on that is
    neither a space nor cut, or -1."""
    k = end - 1
    while k >= start:
        cut = cuts.span(k)
        if cut is not None:
            k = cut[0] - 1
        elif text[k] == "\n":
            return -1
        elif text[k].isspace():
            k -= 1
        else:
            return k
    return -1


def _last_break(text: str, start: int, end: int, cuts: Cuts) -> int:
    """Offset of the last line break in ``text[start:end]`` that is not cut, or -1."""
    k = text.rfind("\n", start, end)
    while k >= 0 and (cut := cuts.span(k)) is not None:
        k = text.rfind("\n", start, cut[0])
    return k
