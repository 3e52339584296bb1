"""The planning half of ``flow``: which blocks join, and in what order they are read.

Kept apart from the pass so that the pass module stays about edits. See :mod:`ocrfix.passes.flow`.
Blocks are the page model's (:mod:`ocrfix.layout.blocks`), the join scores live in
:mod:`ocrfix.passes.flow.scores`, the fragment windows in :mod:`ocrfix.passes.flow.windows`.

>>> from ocrfix.layout.blocks import split_blocks
>>> from ocrfix.passes.flow import FlowOptions
>>> blocks = split_blocks("为株洲加快\\n\\n培育制造名城赋能。\\n\\n第二篇文章的开头。")
>>> order = plan(blocks, FlowOptions())
>>> order.sequence, list(order.joins)
([0, 1, 2], [(0, 1)])
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ocrfix.layout.blocks import Block
from ocrfix.layout.patterns import LIST_ITEM
from ocrfix.passes.flow.scores import (
    BYLINE_ONLY,
    DATE_START,
    DOUBLED,
    STRAY,
    STRAY_MAX,
    Order,
    can_end,
    can_start,
    confidence,
    join_reason,
    pair_score,
)
from ocrfix.passes.flow.windows import reorder_windows
from ocrfix.resources.joins import (
    doubled_across,
    ends_sentence,
    headline_shaped,
    join_features,
    starts_new,
)

if TYPE_CHECKING:
    from ocrfix.passes.flow import FlowOptions

__all__ = ["Order", "plan"]


def plan(blocks: list[Block], options: FlowOptions) -> Order:
    """Decide the reading order and the joins of ``blocks``."""
    seq = list(range(len(blocks)))
    order = Order(seq)
    if options.reorder:
        seq = reorder_windows(blocks, order, options)
        order.sequence = seq
    _join_neighbours(blocks, order, options)
    order.anchors = _anchors(order.sequence, blocks)
    return order


# --- joins of neighbours ------------------------------------------------------------------------


def _join_neighbours(blocks: list[Block], order: Order, options: FlowOptions) -> None:
    seq = order.sequence
    k = 1
    while k < len(seq):
        i = seq[k - 1]
        if (i, seq[k]) not in order.joins:
            found = _continuation(blocks, order, seq, k, options)
            if found is not None:
                j, kind, conf, why = found
                order.joins[(i, seq[j])] = (kind, conf, why)
                if j > k:
                    skipped = seq[k:j]
                    end = j + 1
                    while end < len(seq) and (seq[end - 1], seq[end]) in order.joins:
                        end += 1
                    seq[k:end] = seq[j:end] + skipped  # same length: no shift of the tail
                    for s in skipped:
                        order.moves[s] = f"stepped over by the join {why}"
        k += 1


def _continuation(
    blocks: list[Block], order: Order, seq: list[int], k: int, options: FlowOptions
) -> tuple[int, str, float, str] | None:
    a = blocks[seq[k - 1]]
    if a.heading or a.furniture or ends_sentence(a.text):
        return None
    if BYLINE_ONLY.match(a.text):
        b = blocks[seq[k]]
        if DATE_START.match(b.text):
            return k, "byline-join", 0.8, "a lone byline joined to the text it introduces"
        return None
    if not can_end(a):
        return None  # (a photo credit ends its caption)
    for j in range(k, min(len(seq), k + options.skip_max + 1)):
        b = blocks[seq[j]]
        if b.heading and not _stray_heading(b):
            return None  # a real heading ends the paragraph, whatever follows it
        if b.heading or b.furniture:
            continue  # a stray heading or furniture is stepped over and follows the paragraph
        if not can_start(b) or (j > k and headline_shaped(a.text)):
            return None
        score = pair_score(a, b, prior=False) - (0.25 if j > k else 0.0)
        if _stray_fragment(blocks, seq, j):
            f = join_features(a.text, b.text)
            score += 0.0 if f.word or f.name else STRAY
        if j > k and any(blocks[s].heading for s in seq[k:j]):
            score -= 1.5  # even a stray heading is a break the page printed: ask for more evidence
        trim = 0
        if options.dedupe_break_char and doubled_across(a.text, b.text):
            trim = 1
            cut = Block(b.index, b.start + 1, b.end, b.text[1:])
            score = max(score, pair_score(a, cut, prior=False) + DOUBLED)
        if score < options.join_threshold:
            return None
        if trim:
            order.trim[b.index] = 1
            return j, "duplicate-char", confidence(score), join_reason(a, b) + " (doubled char)"
        return j, "join", confidence(score), join_reason(a, b)
    return None


def _stray_fragment(blocks: list[Block], seq: list[int], j: int) -> bool:
    """A short fragment that neither ends a sentence nor runs on (a headline or heading follows):
    a stray piece of another story (``“芡实要种在浅水`` before ``青溪一中“校园农场”开课了``)."""
    b = blocks[seq[j]]
    if b.size > STRAY_MAX or ends_sentence(b.text) or j + 1 >= len(seq):
        return False
    nxt = blocks[seq[j + 1]]
    return nxt.heading or headline_shaped(nxt.text) or starts_new(nxt.text)


def _stray_heading(b: Block) -> bool:
    """A heading that a Markdown converter made of a caption or a fragment (``# 图``, ``### 图片``,
    ``## 株洲日报全媒体记者/杨凌凌 摄``): at most 8 characters and no section number (``一、``,
    ``（二）``, ``3.``, ``第二部分``: a real heading, however short), or furniture once its ``#``
    marks are gone. A paragraph that one splits is joined over it."""
    text = b.text.lstrip("# ")
    if len(text) <= 8:
        return LIST_ITEM.match(text) is None
    return Block(b.index, b.end - len(text), b.end, text).furniture


def _anchors(seq: list[int], blocks: list[Block]) -> set[int]:
    """Blocks that stay put: a heaviest increasing subsequence of the new order.

    The order only differs from the given one in stretches (each a permutation of a range of
    blocks); the O(w²) search runs inside each stretch.
    """
    anchors: set[int] = set()
    lo = 0
    top = -1
    for k, x in enumerate(seq):
        top = max(top, x)
        if top != k:
            continue
        part = seq[lo : k + 1]
        lo = k + 1
        if len(part) == 1:
            anchors.add(part[0])
            continue
        weight = [blocks[x].size + 1 for x in part]
        best = list(weight)
        prev = [-1] * len(part)
        for y in range(len(part)):
            for z in range(y):
                if part[z] < part[y] and best[z] + weight[y] > best[y]:
                    best[y], prev[y] = best[z] + weight[y], z
        y = max(range(len(part)), key=best.__getitem__)
        while y >= 0:
            anchors.add(part[y])
            y = prev[y]
    return anchors
