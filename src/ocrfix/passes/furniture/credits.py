"""Where a photo credit stays, for ``furniture``: the rules that read the printed lines around it.

A credit (``记者/旷昆红 摄``) found inside running text is moved out like any other furniture,
except where the printed lines around it say otherwise. It stays where it is when it ends a line
of its own, or of its one-sentence caption's (:func:`own_line`), or when ``pdftotext -layout`` set
it off by a column gap (:func:`between_columns`). When it is split off where it stands, at the
end of its block right after a sentence that is its caption, the break goes before the caption,
so that the two stay together (:func:`caption_before`). These rules look at one block's text and
at the edits made so far, never at other blocks: following a paragraph through the blocks it runs
on, and moving the furniture to its end, is the planner's (:mod:`ocrfix.passes.furniture`).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ocrfix.edits import Edit
from ocrfix.layout.blocks import Block
from ocrfix.layout.furniture import CLAUSES, CLOSERS, HARD_END, Inline, caption_like
from ocrfix.layout.patterns import RULE_START

_COLUMN_GAP = regex.compile(r"[^\S\n]{3}")


def own_line(text: str, block: Block, piece: Inline, edits: list[Edit]) -> bool:
    """Does a credit end a line of its own, or of its one-sentence caption's, in a block of
    printed lines (text-layer or layout output)? Then it stays where it is: the block's
    paragraph ends are not known, and a line of its own interrupts no line
    (``游客在…采摘。通讯员/覃文博摄``; ``…之道。株洲日报全媒体`` + ``记者/旷昆红摄``).
    What ``edits`` (the pass's decisions so far) delete is not there."""
    if piece.kind != "photo-credit":
        return False
    # Line breaks that an earlier cut in this block took away do not count: a second run
    # will not see them (``生⏎记者/刘芳摄。。全媒体记者/凌凌摄``).
    breaks = [k for k in _line_breaks(text, block.start, block.end) if not _cut(edits, k)]
    if not breaks:
        return False
    line_end = next((k for k in breaks if k >= piece.end), -1)
    if _without(text, piece.end, block.end if line_end < 0 else line_end, edits).strip():
        return False
    line_start = max([block.start, *(k + 1 for k in breaks if k < piece.start)])
    head = RULE_START.sub("", _without(text, line_start, piece.start, edits).strip())
    if not head:
        return line_end >= 0  # a lone credit ending the block is split off as usual
    # A finished sentence right before the credit is its caption, whether or not we can tell
    # where the caption starts (layout output glues it to the neighbouring column's line).
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


def _cut(edits: list[Edit], k: int) -> bool:
    """Has one of ``edits`` deleted the character at ``k``?"""
    return any(e.start <= k < e.end for e in edits)


def _without(text: str, start: int, end: int, edits: list[Edit]) -> str:
    """``text[start:end]`` less what ``edits`` delete in it."""
    parts, pos = [], start
    for e in sorted((e for e in edits if e.start < end and e.end > start), key=lambda e: e.start):
        parts.append(text[pos : max(pos, e.start)])
        pos = max(pos, e.end)
    parts.append(text[pos:end])
    return "".join(parts)


def _line_breaks(text: str, start: int, end: int) -> Iterator[int]:
    """Offsets of the line breaks in ``text[start:end]``."""
    k = text.find("\n", start, end)
    while k >= 0:
        yield k
        k = text.find("\n", k + 1, end)
