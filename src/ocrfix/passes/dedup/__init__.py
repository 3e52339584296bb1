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
others; noise characters such as ``■``, ``|``, ``�`` do not count) is kept, so a fragment always
gives way to the paragraph that contains it. Among equally complete copies, the one with the fewest
noise characters stays, then reading position decides: converters repeat a *stretch* of consecutive
blocks, and the stretch keeps the blocks' reading order, so a copy whose preceding block is itself a
repeated block (of another group) is preferred; otherwise the first copy is kept. On the
2023-09-05 page this keeps ``2020年、2021年…`` after the 仙石村 paragraph and ``小微信活…``
before ``信用状况…``, as the hand-made gold does.

Guards against deleting legitimate repetition (all thresholds are options):

- blocks under ``min_chars`` normalized characters (bylines such as ``株洲日报讯``, captions,
  ``记者 摄``) are never deleted;
- headings, list items and title-like blocks are never deleted and never count as the surviving
  copy of body text. Title-like: under ``title_max_chars`` (60) normalized characters and not
  ending a sentence (no final ``。！？.``, closing quotes allowed) — a writer ends a sentence, not
  a headline, whatever punctuation it holds: plain-text headlines such as
  ``荷塘：基层治理和产业发展如何同频共振？——…之五`` (listed in the 导读 box, then over the
  article) or ``保持定力汇聚合力 坚定不移…`` (echoed by the lead), and summary-box lines. The price:
  a stray piece of a paragraph that is that short and stops mid-sentence is left alone too;
- a short block between two title-like blocks or headings is a line of a summary box (导读) or
  table of contents, not running text: its copy in the article is legitimate, so it stays;
- a block under ``short_block_chars`` is deleted only if its copy is at most
  ``short_block_max_gap`` blocks away: a short sentence quoted twice far apart is not a
  converter's repeat;
- similar is not the same: two copies may differ only as OCR reads of one text do, by scattered
  misread characters. Aligned, a digit against another digit or against nothing is another
  number, two or more Han characters in a row replaced is another name (``全市…增长5.8%`` /
  ``全省…增长5.6%``, ``长沙市：…`` / ``株洲市：…``): such a pair is no copy, and both stay;
- a sentence is a repeat only right after itself, with at least ``sentence_min_chars`` (16:
  slogans such as ``好好学习，天天向上。`` are said twice on purpose), outside quotation marks
  (``“绿水青山就是金山银山！绿水青山就是金山银山！”`` is a chant, and deleting a copy would take
  the closing ``”``) and not exclaimed or asked (``加油！加油！``).

Every deletion's reason names the surviving copy by offset (in the pass's input) where the
matching text starts, and its first characters; its confidence scales with the similarity.
Deleting can bring copies closer together, so the pass repeats until nothing changes: running it
twice gives nothing the second time. Nothing that exists only once is lost: a deletion is made
only if its text survives in the kept copy — ``partial_ratio`` of the deleted text against the
text from the copy on, or, where the copy is shorter, the share of the deleted text it holds —
at ≥ the configured similarity, differing from it only as noise does; after every round each
deletion is checked again against the output (a later round may have deleted or changed its
copy): it is re-pointed to its copy's own surviving copy if it matches there, and restored
otherwise.

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
from dataclasses import dataclass, replace
from typing import Annotated

from ocrfix.edits import Edit, OffsetMap, PassResult, apply
from ocrfix.passes.dedup.detect import WEIGHT, Deletion, detect
from ocrfix.passes.dedup.units import noise_at, preview, survival_at
from ocrfix.registry import Range, register

NAME = "dedup"

# Deleting can bring short copies within reach of each other; a few rounds reach a fixed point.
_MAX_ROUNDS = 5


@dataclass(frozen=True)
class DedupOptions:
    """Options of ``dedup`` (defaults tuned on the two seed pages and the synthetic benchmark).

    min_chars: blocks with fewer normalized characters are never deleted (bylines, captions).
    title_max_chars: blocks shorter than this that do not end a sentence are title-like
        (headlines such as ``荷塘：…如何同频共振？——…之五``): never deleted, never a survivor.
    similarity: rapidfuzz ratio (0..1) of normalized blocks that makes them near-duplicates.
    fragment_similarity: partial_ratio (0..1) that makes a block a fragment of a longer one.
    short_block_chars: blocks shorter than this are deleted only near their copy...
    short_block_max_gap: ...at most this many blocks away.
    shingle: character n-gram length of the candidate index.
    shingle_sample: only n-grams whose hash is divisible by this are indexed (1 in 8).
    candidate_share: share of a block's n-grams another block must hold to be compared at all.
    max_postings: n-grams found in more blocks than this are too common to find candidates by.
    sentences: remove a sentence repeated right after itself inside a paragraph.
    sentence_min_chars: shorter repeated sentences are left alone: a slogan or a cheer said
        twice (``好好学习，天天向上。``, ``好！好！``) is printed so more often than repeated by a
        converter.
    running_headers: remove running headers/footers repeated on many pages (first one kept).
    header_lines: how many lines at the top and bottom of a page can be header or footer.
    header_min_pages: a header must repeat on at least this many pages...
    header_min_share: ...and on at least this share of all pages.
    max_comparisons: the work bound of one document: after this many block comparisons the
        rest is kept as it is, and a flag (rule ``work-bound``) says where the search stopped.
    """

    min_chars: int = 20
    title_max_chars: int = 60
    similarity: Annotated[float, Range(0, 1, low_open=True)] = 0.90
    fragment_similarity: Annotated[float, Range(0, 1, low_open=True)] = 0.92
    short_block_chars: int = 80
    short_block_max_gap: Annotated[int, Range(0, 1000)] = 6
    shingle: Annotated[int, Range(1)] = 6
    shingle_sample: Annotated[int, Range(1)] = 8
    candidate_share: float = 0.3
    max_postings: int = 10
    sentences: bool = True
    sentence_min_chars: int = 16
    running_headers: bool = True
    header_lines: int = 2
    header_min_pages: int = 3
    header_min_share: float = 0.5
    max_comparisons: Annotated[int, Range(1)] = 2_000_000


RULES = {
    "exact-duplicate": ("duplicate block removed", "duplicate blocks removed"),
    "near-duplicate": ("near-duplicate block removed", "near-duplicate blocks removed"),
    "fragment": ("repeated fragment removed", "repeated fragments removed"),
    "repeated-sentence": ("repeated sentence removed", "repeated sentences removed"),
    "running-header": ("running header removed", "running headers removed"),
    "work-bound": ("comparison limit reached", "comparison limits reached"),
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
    cuts: list[_Cut] = []
    current = text
    budget = [options.max_comparisons]
    for _ in range(_MAX_ROUNDS):
        found = detect(current, options, budget)
        if not found:
            break
        cuts = _settle(text, [*cuts, *_to_input(found, cuts)], options)
        after = apply(text, _edits(cuts))
        if after == current:  # what this round found did not survive the check: a fixed point
            break
        current = after
    flags = []
    if budget[0] < 0:
        why = (
            f"stopped after {options.max_comparisons:,} block comparisons (max_comparisons): "
            "repeats further on were not looked for"
        )
        flags.append(Edit(0, 0, "", NAME, "work-bound", 1.0, why))
    return PassResult.from_edits(NAME, text, _edits(cuts, final=True), flags)


@dataclass(frozen=True, slots=True)
class _Cut:
    """A deletion in the pass's input: the pieces of its span that earlier rounds left."""

    d: Deletion
    pieces: tuple[tuple[int, int], ...]


def _edits(cuts: list[_Cut], final: bool = False) -> list[Edit]:
    """The cuts as edits (with confidence and reason when ``final``)."""
    why = (lambda c: (c.d.confidence, _reason(c.d))) if final else (lambda c: (1.0, ""))
    return [Edit(s, e, "", NAME, c.d.rule, *why(c)) for c in cuts for s, e in c.pieces]


def _to_input(found: list[Deletion], cuts: list[_Cut]) -> list[_Cut]:
    """A round's deletions (offsets in the round's text) in the pass's input, minus earlier cuts."""
    back = OffsetMap.from_edits(_edits(cuts))
    taken = sorted(piece for c in cuts for piece in c.pieces)
    out = []
    for d in found:
        start, end = back.to_input(d.start, d.end)
        survivor = back.to_input(d.survivor, d.survivor)[0]
        pieces = tuple(_subtract(start, end, taken))
        if pieces:
            out.append(_Cut(replace(d, start=start, end=end, survivor=survivor), pieces))
    return out


def _settle(text: str, cuts: list[_Cut], options: DedupOptions) -> list[_Cut]:
    """Keep only the cuts whose text survives in the output at ≥ the configured similarity.

    A later round may delete the copy an earlier cut named (the clean ``白关丝瓜…`` went as a copy
    of a noisy one, which then went as a copy of a noisier one): the cut is re-pointed to where
    that copy's own survivor is, if its text still matches there, and restored otherwise.
    Restored text changes the output the others are checked against: repeat until none goes.
    """
    while True:
        out = apply(text, _edits(cuts))
        pieces = sorted((s, e, k) for k, c in enumerate(cuts) for s, e in c.pieces)
        deleted = [0, *itertools.accumulate(e - s for s, e, _k in pieces)]
        checked = (_recheck(text, out, pieces, deleted, cuts, c, options) for c in cuts)
        kept = [c for c in checked if c is not None]
        if len(kept) == len(cuts):
            return kept
        cuts = kept


def _owner(pieces: list[tuple[int, int, int]], offset: int) -> int | None:
    """The cut whose pieces (sorted ``(start, end, cut)``) hold input ``offset``, if any."""
    i = bisect.bisect_right(pieces, offset, key=lambda t: t[0]) - 1
    if i >= 0 and pieces[i][0] <= offset < pieces[i][1]:
        return pieces[i][2]
    return None


def _forward(pieces: list[tuple[int, int, int]], deleted: list[int], offset: int) -> int:
    """Output offset of input ``offset`` (not inside a piece): minus what was deleted before it
    (``deleted[i]``: the length of ``pieces[:i]``)."""
    return offset - deleted[bisect.bisect_right(pieces, offset, key=lambda t: t[1])]


def _recheck(
    text: str,
    out: str,
    pieces: list[tuple[int, int, int]],
    deleted: list[int],
    cuts: list[_Cut],
    cut: _Cut,
    options: DedupOptions,
) -> _Cut | None:
    """``cut`` if its text survives at its named copy, re-pointed if that copy went, else None."""
    survivor, seen = cut.d.survivor, set()
    while (k := _owner(pieces, survivor)) is not None:  # follow the copy's own survivor
        if k in seen:
            return None
        seen.add(k)
        survivor = cuts[k].d.survivor
    at = _forward(pieces, deleted, survivor)
    # Page numbers differ from page to page: a running header survives with other digits.
    digits = cut.d.rule != "running-header"
    score = min((survival_at(text[s:e], out, at, digits) for s, e in cut.pieces), default=1.0)
    if score < min(options.similarity, options.fragment_similarity):
        return None
    # A copy of a copy may differ from the one that stays by more than either step did.
    if digits and not all(noise_at(text[s:e], out, at) for s, e in cut.pieces):
        return None
    if survivor == cut.d.survivor:
        return cut
    moved = replace(
        cut.d,
        confidence=round(WEIGHT[cut.d.rule] * score, 3),
        survivor=survivor,
        survivor_text=preview(text[survivor : survivor + 60]),
        detail=f"partial {score:.2f}",
    )
    return _Cut(moved, cut.pieces)


def _reason(d: Deletion) -> str:
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
