"""``dedup``: remove blocks that the converter repeated, without losing text that exists only once.

OCR engines and PDF-to-Markdown converters emit the same text twice: whole paragraphs (the
仙石村 paragraph ``培育、油茶抚育，泥湫…`` on the 2023-09-05 page), the tail of a paragraph as a
stray block of its own (``公司董事长林枫现场“喊渴”…``), a sentence twice in a row, and on scanned
multi-page documents the running header or footer of every page. This pass finds them and deletes
all copies but one. What it looks for, in one document:

- ``exact-duplicate``: blocks (blank-line paragraphs) equal after normalization (NFKC, no
  whitespace);
- ``near-duplicate``: blocks whose normalized forms have a rapidfuzz ``ratio`` ≥ ``similarity``;
- ``fragment``: a block that is (nearly) a substring of a longer block — ``partial_ratio`` ≥
  ``fragment_similarity`` against that block's *unit*, the block joined with neighbours the
  converter split in mid-word (``…较大缺口。公`` / ``司董事长林枫…``);
- ``repeated-sentence``: a sentence repeated right after itself inside one paragraph;
- ``running-header``: a line among the first or last ``header_lines`` of at least
  ``header_min_pages`` pages (and ``header_min_share`` of all pages; pages end at form feeds, or
  at page-number lines such as ``- 3 -``); digits are ignored so that page numbers may differ.
  The first occurrence is kept and the others are deleted, since a reader needs the header
  once, not on every page.

Which copy stays. Completeness first: the copy whose unit is longest (more than 3% longer than the
others) is kept, so a fragment always gives way to the paragraph that contains it. Among equally
complete copies, reading position decides: converters repeat a *stretch* of consecutive blocks,
and the stretch keeps the blocks' reading order, so a copy whose preceding block is itself a
repeated block (of another group) is preferred; otherwise the first copy is kept. On the
2023-09-05 page this keeps ``2020年、2021年…`` after the 仙石村 paragraph and ``小微信活…`` before
``信用状况…``, as the hand-made gold does.

Guards against deleting legitimate repetition (all thresholds are options):

- blocks under ``min_chars`` normalized characters (bylines such as ``株洲日报讯``, captions,
  ``记者 摄``) are never deleted;
- headings, list items and title-like blocks (under 60 characters without clause punctuation:
  plain-text headlines such as ``保持定力汇聚合力 坚定不移…``, which the lead paragraph echoes) are
  never deleted, and headings and list items never count as the surviving copy of body text (a
  headline repeated in a summary box stays);
- a block under ``short_block_chars`` is deleted only if its copy is at most
  ``short_block_max_gap`` blocks away: a short sentence quoted twice far apart is not a
  converter's repeat;
- a sentence is a repeat only right after itself and with at least ``sentence_min_chars``.

Every deletion's reason names the surviving copy by offset (in the pass's input) and first
characters, and its confidence scales with the similarity. Before a deletion is kept, the pass
checks that the surviving copy is still in the output and still matches, so a block that exists
only once is never lost. Deleting can bring copies closer together, so the pass repeats until
nothing changes: running it twice gives nothing the second time.

Near-duplicates are found without comparing all pairs: exact copies share a hash bucket; other
candidates share at least ``candidate_share`` of their sampled character ``shingle``-grams (one
in ``shingle_sample``, picked by hash so that every copy picks the same) in an inverted index
(grams in more than ``max_postings`` blocks are skipped); short blocks are also compared with
their neighbours. Only those pairs are scored with rapidfuzz. Time per page stays flat as
documents grow (``benchmarks/dedup_scale.py``); the price is that a text copied more than
``max_postings`` times with different noise each time is not found (exact copies are, however
many).
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz

from ocrfix.edits import Edit, OffsetMap, PassResult, apply
from ocrfix.passes._blocks import (
    Block,
    normalize,
    plan_blocks,
    preview,
    sentence_spans,
    split_blocks,
)
from ocrfix.registry import register

NAME = "dedup"

_PAGE_NUMBER = regex.compile(
    r"^[^\S\n]*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/／共]\s*\d+\s*页?)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s+\d{1,4}(?:\s+of\s+\d+)?)[^\S\n]*$",
    regex.MULTILINE,
)
_LINE = regex.compile(r"[^\n]*\n?")
_LETTER = regex.compile(r"[\p{Han}\p{L}]")
_DIGITS = regex.compile(r"\d+")
# Deleting can bring short copies within reach of each other; a few rounds reach a fixed point.
_MAX_ROUNDS = 5


@dataclass(frozen=True)
class DedupOptions:
    """Options of ``dedup`` (defaults tuned on the two seed pages and the synthetic benchmark).

    min_chars: blocks with fewer normalized characters are never deleted (bylines, captions).
    similarity: rapidfuzz ratio (0..1) of normalized blocks that makes them near-duplicates.
    fragment_similarity: partial_ratio (0..1) that makes a block a fragment of a longer one.
    short_block_chars: blocks shorter than this are deleted only near their copy...
    short_block_max_gap: ...at most this many blocks away.
    shingle: character n-gram length of the candidate index.
    shingle_sample: only n-grams whose hash is divisible by this are indexed (1 in 8).
    candidate_share: share of a block's n-grams another block must hold to be compared at all.
    max_postings: n-grams found in more blocks than this are too common to find candidates by.
    sentences: remove a sentence repeated right after itself inside a paragraph.
    sentence_min_chars: shorter repeated sentences ("好！好！") are left alone.
    running_headers: remove running headers/footers repeated on many pages (first one kept).
    header_lines: how many lines at the top and bottom of a page can be header or footer.
    header_min_pages: a header must repeat on at least this many pages...
    header_min_share: ...and on at least this share of all pages.
    """

    min_chars: int = 20
    similarity: float = 0.90
    fragment_similarity: float = 0.92
    short_block_chars: int = 80
    short_block_max_gap: int = 6
    shingle: int = 6
    shingle_sample: int = 8
    candidate_share: float = 0.3
    max_postings: int = 10
    sentences: bool = True
    sentence_min_chars: int = 10
    running_headers: bool = True
    header_lines: int = 2
    header_min_pages: int = 3
    header_min_share: float = 0.5


@dataclass(frozen=True, slots=True)
class _Deletion:
    """A span to delete and where its surviving copy is (offsets in the text it was found in)."""

    start: int
    end: int
    rule: str
    confidence: float
    survivor: int
    survivor_text: str
    detail: str


RULES = {
    "exact-duplicate": ("duplicate block removed", "duplicate blocks removed"),
    "near-duplicate": ("near-duplicate block removed", "near-duplicate blocks removed"),
    "fragment": ("repeated fragment removed", "repeated fragments removed"),
    "repeated-sentence": ("repeated sentence removed", "repeated sentences removed"),
    "running-header": ("running header removed", "running headers removed"),
}
# How sure a deletion is, per unit of similarity: an exact copy is certain to be a copy, but which
# copy to keep is a judgement.
_WEIGHT = {
    "exact-duplicate": 0.99,
    "near-duplicate": 0.95,
    "fragment": 0.9,
    "repeated-sentence": 0.95,
    "running-header": 0.9,
}


@register(NAME, options=DedupOptions, rules=RULES)
def dedup(text: str, options: DedupOptions = DedupOptions()) -> PassResult:
    """Remove blocks, fragments, sentences and headers repeated: ``培育…⏎⏎培育…`` → ``培育…``.

    >>> para = "培育、油茶抚育，泥湫、黄骨鱼、龙虾养殖业，莲藕、蓝莓、食用雷竹、山胡椒种植业。"
    >>> r = dedup(f"## 仙石村\\n\\n{para}\\n\\n{para}\\n\\n通讯员供图\\n")
    >>> r.output == f"## 仙石村\\n\\n{para}\\n\\n通讯员供图\\n"
    True
    >>> r.edits[0].reason
    'duplicate of block at 8 “培育、油茶抚育，泥湫、黄…” (ratio 1.00)'
    """
    spans: list[tuple[int, int, _Deletion]] = []
    current = text
    for _ in range(_MAX_ROUNDS):
        found = _detect(current, options)
        if not found:
            break
        back = OffsetMap.from_edits(Edit(s, e, "", NAME, "r") for s, e, _d in spans)
        taken = [(s, e) for s, e, _d in spans]
        for d in found:
            start, end = back.to_input(d.start, d.end)
            survivor = back.to_input(d.survivor, d.survivor)[0]
            moved = _Deletion(start, end, d.rule, d.confidence, survivor, d.survivor_text, d.detail)
            spans.extend((s, e, moved) for s, e in _subtract(start, end, taken))
        spans.sort(key=lambda t: t[0])
        current = apply(text, (Edit(s, e, "", NAME, "r") for s, e, _d in spans))
    edits = [Edit(s, e, "", NAME, d.rule, d.confidence, _reason(d)) for s, e, d in spans if e > s]
    return PassResult.from_edits(NAME, text, edits)


def _reason(d: _Deletion) -> str:
    where = f"at {d.survivor} “{d.survivor_text}”"
    if d.rule == "running-header":
        return f"repeated on {d.detail} pages, first kept {where}"
    if d.rule == "repeated-sentence":
        return f"repeats the sentence {where} ({d.detail})"
    if d.rule == "fragment":
        return f"contained in block {where} ({d.detail})"
    return f"duplicate of block {where} ({d.detail})"


def _subtract(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[start, end)`` minus the (sorted, disjoint) spans already deleted."""
    pieces, pos = [], start
    for s, e in taken:
        if e <= pos or s >= end:
            continue
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _detect(text: str, options: DedupOptions) -> list[_Deletion]:
    """One round: every deletion this pass would make in ``text``, non-overlapping."""
    blocks = split_blocks(text)
    if not blocks:
        return []
    header_blocks: dict[int, _Deletion] = {}
    header_lines: list[_Deletion] = []
    if options.running_headers:
        header_blocks, header_lines = _running_headers(text, blocks, options)
    plan = plan_blocks(blocks, options, set(header_blocks))
    gone: dict[int, _Deletion] = dict(header_blocks)
    for i, bd in plan.deletions.items():
        s = blocks[bd.survivor]
        label = "ratio" if bd.rule != "fragment" else "partial"
        conf = round(_WEIGHT[bd.rule] * bd.score, 3)
        gone[i] = _Deletion(
            0, 0, bd.rule, conf, s.start, preview(s.text), f"{label} {bd.score:.2f}"
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


def _block_spans(blocks: list[Block], gone: dict[int, _Deletion]) -> list[_Deletion]:
    """Deleted blocks with one adjacent separator each, so one blank line stays between blocks.

    A block takes the separator before it when a kept block precedes it, otherwise the one after.
    """
    out: list[_Deletion] = []
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
        out.append(
            _Deletion(start, end, d.rule, d.confidence, d.survivor, d.survivor_text, d.detail)
        )
    return out


def _repeated_sentences(block: Block, options: DedupOptions) -> list[_Deletion]:
    """Sentences that repeat the one right before them (the shorter copy of the two goes)."""
    out: list[_Deletion] = []
    spans = sentence_spans(block.text)
    if len(spans) < 2:
        return out
    ks, ke = spans[0]
    kn = normalize(block.text[ks:ke])
    for s, e in spans[1:]:
        n = normalize(block.text[s:e])
        r = 0.0
        if min(len(n), len(kn)) >= options.sentence_min_chars:
            r = fuzz.ratio(kn, n, score_cutoff=options.similarity * 100) / 100
        if not r:
            ks, ke, kn = s, e, n
            continue
        if len(n) > len(kn) and n != kn:  # the later copy is more complete: the earlier one goes
            ds, de = ks, s
            ks, ke, kn = s, e, n
        else:
            ds, de = s, e
        keep = block.start + ks + len(block.text[ks:ke]) - len(block.text[ks:ke].lstrip())
        out.append(
            _Deletion(
                block.start + ds,
                block.start + de,
                "repeated-sentence",
                round(_WEIGHT["repeated-sentence"] * r, 3),
                keep,
                preview(block.text[ks:ke]),
                f"ratio {r:.2f}",
            )
        )
    return out


def _pages(text: str, options: DedupOptions) -> list[tuple[int, int]]:
    """Page spans: split at form feeds, else after page-number lines; one page if neither."""
    if "\f" in text:
        cuts = [i + 1 for i, c in enumerate(text) if c == "\f"]
    else:
        cuts = [m.end() for m in _PAGE_NUMBER.finditer(text)]
        if len(cuts) < options.header_min_pages:
            cuts = []
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def _running_headers(
    text: str, blocks: list[Block], options: DedupOptions
) -> tuple[dict[int, _Deletion], list[_Deletion]]:
    """Lines at the top or bottom of many pages (digits ignored): all but the first go."""
    pages = _pages(text, options)
    if len(pages) < options.header_min_pages:
        return {}, []
    seen: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # key -> (page, start, end)
    for p, (a, b) in enumerate(pages):
        lines = []
        for m in _LINE.finditer(text, a, b):
            line = m.group()
            if line.strip():
                start = m.start() + len(line) - len(line.lstrip())
                lines.append((start, m.start() + len(line.rstrip())))
        n = options.header_lines
        for start, end in dict.fromkeys(lines[:n] + lines[-n:]):
            line = text[start:end]
            key = _DIGITS.sub("#", normalize(line))
            if len(_LETTER.findall(key)) >= 2 and not _PAGE_NUMBER.fullmatch(line):
                seen[key].append((p, start, end))
    need = max(options.header_min_pages, options.header_min_share * len(pages))
    starts = {b.start: b for b in blocks}
    whole: dict[int, _Deletion] = {}
    partial: list[_Deletion] = []
    for occurrences in seen.values():
        n_pages = len({p for p, _s, _e in occurrences})
        if n_pages < need:
            continue
        _p, first, first_end = occurrences[0]
        for _p, start, end in occurrences[1:]:
            d = _Deletion(
                start,
                end,
                "running-header",
                _WEIGHT["running-header"],
                first,
                preview(text[first:first_end]),
                str(n_pages),
            )
            blk = starts.get(start)
            if blk is not None and blk.end == end:
                whole[blk.index] = d
            else:
                nl = end + 1 if text.startswith("\n", end) else end
                partial.append(_Deletion(start, nl, *_tail(d)))
    return whole, partial


def _tail(d: _Deletion) -> tuple[str, float, int, str, str]:
    return d.rule, d.confidence, d.survivor, d.survivor_text, d.detail
