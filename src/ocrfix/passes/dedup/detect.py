"""One round of ``dedup``: every span to delete in a text, each with where its surviving copy is.

A round reads the text as blocks, asks :mod:`ocrfix.passes.dedup.plan` which blocks repeat which,
and turns the answer, with the running headers and the sentences repeated inside a paragraph,
into non-overlapping :class:`Deletion` records: offsets, the survivor's offset and first
characters, a confidence. It sees one text only. Running rounds until nothing changes, mapping
each round's deletions back to the pass's input and checking that every deleted text survives in
the output are the pass's (:mod:`ocrfix.passes.dedup`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ocrfix.layout.blocks import Block, split_blocks
from ocrfix.passes.dedup.plan import plan_blocks
from ocrfix.passes.dedup.units import preview, raw_offset, repeated_sentences, running_lines

if TYPE_CHECKING:
    from ocrfix.passes.dedup import DedupOptions


@dataclass(frozen=True, slots=True)
class Deletion:
    """A span to delete and where its surviving copy is (offsets in the text it was found in)."""

    start: int
    end: int
    rule: str
    confidence: float
    survivor: int
    survivor_text: str
    detail: str


# How sure a deletion is, per unit of similarity: an exact copy is certain to be a copy, but which
# copy to keep is a judgement.
WEIGHT = {
    "exact-duplicate": 0.99,
    "near-duplicate": 0.95,
    "fragment": 0.9,
    "repeated-sentence": 0.95,
    "running-header": 0.9,
}


def detect(text: str, options: DedupOptions, budget: list[int]) -> list[Deletion]:
    """One round: every deletion this pass would make in ``text``, non-overlapping."""
    blocks = split_blocks(text)
    if not blocks:
        return []
    header_blocks: dict[int, Deletion] = {}
    header_lines: list[Deletion] = []
    if options.running_headers:
        header_blocks, header_lines = _running_headers(text, blocks, options)
    plan = plan_blocks(blocks, options, set(header_blocks), budget)
    gone: dict[int, Deletion] = dict(header_blocks)
    for i, bd in plan.deletions.items():
        s = blocks[bd.survivor]
        at = s.start + raw_offset(s.text, bd.offset)  # where the matching text starts
        label = "ratio" if bd.rule != "fragment" else "partial"
        conf = round(WEIGHT[bd.rule] * bd.score, 3)
        gone[i] = Deletion(
            0, 0, bd.rule, conf, at, preview(text[at : at + 60]), f"{label} {bd.score:.2f}"
        )
    out = _block_spans(blocks, gone)
    busy = set(gone) | plan.protected
    starts = [b.start for b in blocks]
    inner = [d for d in header_lines if _block_at(starts, d.start) not in busy]
    if options.sentences:
        for b in blocks:
            if b.index not in busy and b.body:
                inner.extend(_repeated_sentences(b, options))
    inner.sort(key=lambda d: d.start)
    last = -1
    for d in inner:  # a header line inside a repeated sentence: the header wins
        if d.start >= last:
            out.append(d)
            last = d.end
    return out


def _block_at(starts: list[int], offset: int) -> int:
    i = bisect.bisect_right(starts, offset) - 1
    return max(i, 0)


def _block_spans(blocks: list[Block], gone: dict[int, Deletion]) -> list[Deletion]:
    """Deleted blocks with one adjacent separator each, so one blank line stays between blocks.

    A block takes the separator before it when a kept block precedes it, otherwise the one after.
    """
    out: list[Deletion] = []
    kept_before = False
    for b in blocks:
        d = gone.get(b.index)
        if d is None:
            kept_before = True
            continue
        if kept_before:
            start, end = blocks[b.index - 1].end, b.end
        elif b.index + 1 < len(blocks):
            start, end = b.start, blocks[b.index + 1].start
        else:
            start, end = b.start, b.end
        out.append(replace(d, start=start, end=end))
    return out


def _repeated_sentences(block: Block, options: DedupOptions) -> list[Deletion]:
    """Sentences that repeat the one right before them (the shorter copy of the two goes)."""
    weight = WEIGHT["repeated-sentence"]
    return [
        Deletion(
            block.start + ds,
            block.start + de,
            "repeated-sentence",
            round(weight * r, 3),
            block.start + ks,
            preview(block.text[ks : ks + 60]),  # (not the whole block: it may be megabytes)
            f"ratio {r:.2f}",
        )
        for ds, de, ks, r in repeated_sentences(
            block.text, options.similarity, options.sentence_min_chars
        )
    ]


def _running_headers(
    text: str, blocks: list[Block], options: DedupOptions
) -> tuple[dict[int, Deletion], list[Deletion]]:
    """Lines at the top or bottom of many pages (digits ignored): all but the first go, whole
    blocks by block index, lines inside a block with their line break."""
    starts = {b.start: b for b in blocks}
    whole: dict[int, Deletion] = {}
    partial: list[Deletion] = []
    found = running_lines(
        text,
        options.header_lines,
        options.header_min_pages,
        options.header_min_share,
    )
    for n_pages, ((first, first_end), *others) in found:
        where = preview(text[first:first_end])
        weight = WEIGHT["running-header"]
        for start, end in others:
            d = Deletion(start, end, "running-header", weight, first, where, str(n_pages))
            blk = starts.get(start)
            if blk is not None and blk.end == end:
                whole[blk.index] = d
            else:
                partial.append(replace(d, end=end + 1 if text.startswith("\n", end) else end))
    return whole, partial
