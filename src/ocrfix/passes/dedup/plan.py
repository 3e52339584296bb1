"""Which blocks of a document repeat which, and which copy stays (for ``dedup``).

Exact copies share a normalized text; near-copies are found through sampled character n-gram
postings and confirmed with rapidfuzz; fragments are blocks that a longer unit of neighbouring
blocks contains. Copies are grouped (union-find) and the most complete, cleanest copy stays.
"""

from __future__ import annotations

import bisect
import math
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ocrfix.layout.blocks import NOISE, Block
from ocrfix.passes.dedup.units import (
    aligned,
    contained,
    in_box,
    noise_only,
    noise_only_in,
    survival,
    unit_ranges,
)

if TYPE_CHECKING:
    from ocrfix.passes.dedup import DedupOptions



@dataclass(frozen=True, slots=True)
class BlockDeletion:
    """Block ``index`` goes; block ``survivor`` keeps its content, from ``offset`` (in the
    survivor's normalized text) on."""

    index: int
    survivor: int
    rule: str
    score: float
    offset: int = 0


@dataclass(frozen=True)
class BlockPlan:
    deletions: dict[int, BlockDeletion]
    #: Blocks whose text must stay as it is, because a deleted block survives in them.
    protected: frozenset[int]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def plan_blocks(
    blocks: list[Block], options: DedupOptions, excluded: set[int], budget: list[int]
) -> BlockPlan:
    """Decide which blocks are duplicates or fragments of others, and which copy stays.

    ``budget`` holds the comparisons left (shared by the rounds of one document); when it runs
    out, blocks not yet compared are kept, and the caller says so."""
    units = unit_ranges(blocks)
    unit_norm = ["".join(blocks[k].norm for k in range(i, j)) for i, j in units]
    sim, frag_sim = options.similarity * 100, options.fragment_similarity * 100
    gap = options.short_block_max_gap
    classes: dict[str, list[int]] = defaultdict(list)
    for blk in blocks:
        if (
            blk.body
            and len(blk.norm) >= options.min_chars
            and not blk.title_like(options.title_max_chars)
            and not in_box(blocks, blk.index, options.title_max_chars, options.short_block_chars)
            and blk.index not in excluded
        ):
            classes[blk.norm].append(blk.index)
    members = {ms[0]: ms for ms in classes.values()}
    uf = _UnionFind(len(blocks))

    def link(a: int, b: int) -> None:
        ca, cb = members[a], members[b]
        if min(len(blocks[a].norm), len(blocks[b].norm)) >= options.short_block_chars:
            uf.union(a, b)
            return
        for x in ca:  # short blocks: only copies near each other
            j = bisect.bisect_left(cb, x - gap)
            while j < len(cb) and cb[j] <= x + gap:
                if cb[j] != x:
                    uf.union(x, cb[j])
                j += 1

    for rep, ms in members.items():
        if len(blocks[rep].norm) >= options.short_block_chars:
            for m in ms:
                uf.union(rep, m)
        else:
            link(rep, rep)
    rep_of = {m: rep for rep, ms in members.items() for m in ms}
    sketches = {
        r: _sketch(blocks[r].norm, options.shingle, options.shingle_sample) for r in members
    }
    postings: dict[str, list[int]] = defaultdict(list)
    for r, gs in sketches.items():
        for g in gs:
            postings[g].append(r)
    fragments: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, ga in sketches.items():
        lists = (p for g in ga if len(p := postings[g]) <= options.max_postings)
        need = max(2, math.ceil(options.candidate_share * len(ga)))
        cands = {b for b, c in Counter(chain.from_iterable(lists)).items() if c >= need}
        if len(blocks[a].norm) < options.short_block_chars:
            # Short blocks count only near their copy, and their sketch is too small to trust.
            near = (y for x in members[a][:8] for y in range(x - gap, x + gap + 1))
            cands.update(rep_of[y] for y in near if y in rep_of)
        na, ua = blocks[a].norm, unit_norm[a]
        budget[0] -= len(cands)
        if budget[0] < 0:
            break  # the work bound: what is left is kept, and the pass says so
        for b in sorted(cands - {a}):
            if fuzz.ratio(na, blocks[b].norm, score_cutoff=sim):
                # Similar is not the same: 全市…5.8% / 全省…5.6% are two facts, not two reads.
                if noise_only(na, blocks[b].norm):
                    link(a, b)
                continue
            ub = unit_norm[b]
            if len(na) >= len(ub) or units[b][0] <= a < units[b][1]:
                continue
            score = contained(na, ub, frag_sim)
            # When b's whole unit lies inside a's unit, a is the more complete one (``公`` /
            # ``司董事长…`` against a stray ``公司董事长…``): a is no fragment.
            if (
                score
                and not (len(ub) <= len(ua) and contained(ub, ua, frag_sim))
                and noise_only_in(na, ub)
            ):
                fragments[a].append((b, score))

    grouped: dict[int, list[int]] = defaultdict(list)
    for ms in members.values():
        for m in ms:
            grouped[uf.find(m)].append(m)
    groups = {g: sorted(ms) for g, ms in grouped.items() if len(ms) > 1}
    frag_of: dict[int, list[int]] = {}
    for a, conts in fragments.items():
        for x in members[a]:
            ys = [y for c, _ in sorted(conts, key=lambda t: -t[1]) for y in members[c]]
            if len(blocks[a].norm) < options.short_block_chars:
                ys = [y for y in ys if abs(y - x) <= gap]
            if ys:
                frag_of[x] = ys
    involved = set(frag_of).union(*groups.values())
    deleted: dict[int, int] = {}  # block -> intended survivor
    keeper: dict[int, int] = {}
    for root, ms in groups.items():
        size = {m: _completeness(blocks, units, unit_norm, m, ms, frag_sim) for m in ms}
        top = max(size.values())
        complete = [m for m in ms if size[m] >= 0.97 * top]
        # Of equally complete copies the cleaner one: OCR noise must not win by adding length.
        cleanest = min(blocks[m].noise for m in complete)
        complete = [m for m in complete if blocks[m].noise == cleanest]
        # A copy right after another repeated block belongs to a repeated stretch, in order.
        after_repeat = [m for m in complete if m - 1 in involved and uf.find(m - 1) != root]
        keep = (after_repeat or complete)[0]
        keeper[root] = keep
        deleted.update((m, keep) for m in ms if m != keep)
    for x in sorted(frag_of, key=lambda i: -len(unit_norm[i])):
        if x in deleted or (x in involved and keeper.get(uf.find(x)) == x):
            continue
        y = frag_of[x][0]
        deleted[x] = keeper.get(uf.find(y), y) if y in deleted else y
    return _verify(blocks, units, deleted, options)


def _sketch(norm: str, k: int, sample: int) -> set[str]:
    """The ``k``-grams of ``norm`` whose CRC-32 is divisible by ``sample``: the same grams are
    picked in every copy, so copies share sketch grams while the index stays small."""
    return {
        g
        for i in range(len(norm) - k + 1)  # (one comprehension, no generator: every gram is hashed)
        if zlib.crc32((g := norm[i : i + k]).encode("utf-8", "surrogatepass")) % sample == 0
    }


def _completeness(
    blocks: list[Block],
    units: list[tuple[int, int]],
    unit_norm: list[str],
    m: int,
    group: list[int],
    frag_sim: float,
) -> int:
    """How much of the group's text copy ``m`` holds: its unit's length when the unit contains a
    longer copy (``公`` / ``司董事长…`` holds the stray ``公司董事长…``), else its own length.
    Noise characters (``■``, ``|``) do not count: they are not text a copy could lose."""
    i, j = units[m]
    own = len(blocks[m].norm) - blocks[m].noise
    if j - i == 1:
        return own
    unit = unit_norm[m]
    for o in group:
        if i <= o < j:  # the unit holding another copy of the group is no more complete
            continue
        no = blocks[o].norm
        if own < len(no) <= len(unit) and contained(no, unit, frag_sim):
            return len(unit) - len(NOISE.findall(unit))
    return own


def _verify(
    blocks: list[Block],
    units: list[tuple[int, int]],
    deleted: dict[int, int],
    options: DedupOptions,
) -> BlockPlan:
    """Keep only deletions whose surviving copy is in the output and still matches."""
    gone = set(deleted)
    out: dict[int, BlockDeletion] = {}
    protected: set[int] = set()
    for x, s in sorted(deleted.items()):
        if s in gone:
            gone.discard(x)
            continue
        lo, hi = s, s + 1  # the kept part of the survivor's unit around it
        while lo > units[s][0] and lo - 1 not in gone:
            lo -= 1
        while hi < units[s][1] and hi not in gone:
            hi += 1
        nx = blocks[x].norm
        found = _survives(blocks, nx, s, lo, hi, options)
        if found is None:
            gone.discard(x)
            continue
        where, offset, score, rule = found
        out[x] = BlockDeletion(x, where, rule, score, offset)
        protected.update(range(lo, hi))
    return BlockPlan({x: d for x, d in out.items() if x in gone}, frozenset(protected))


def _survives(
    blocks: list[Block], nx: str, s: int, lo: int, hi: int, options: DedupOptions
) -> tuple[int, int, float, str] | None:
    """Where (block, offset in its normalized text), how well and as what ``nx`` survives in the
    kept blocks ``[lo, hi)`` around block ``s``; ``None`` if it would be lost."""
    ns = blocks[s].norm
    if nx == ns:
        return s, 0, 1.0, "exact-duplicate"
    r = fuzz.ratio(nx, ns) / 100
    unit = "".join(blocks[k].norm for k in range(lo, hi))
    p, pos = aligned(nx, unit) if len(nx) <= len(unit) else (0.0, 0)
    # Matching better across a soft-broken unit than the block alone: a fragment of the unit.
    # Either way the deleted copy may differ from what stays only as OCR noise does, not in a
    # number or a name (noise_only).
    if (
        p >= options.fragment_similarity
        and (r < options.similarity or (hi - lo > 1 and p > r))
        and noise_only_in(nx, unit, pos)
    ):
        where = lo
        while where < hi - 1 and pos >= len(blocks[where].norm):
            pos -= len(blocks[where].norm)
            where += 1
        return where, pos, p, "fragment"
    # A shorter survivor would lose the deleted copy's extra text (noise is no text), and a high
    # ratio can hide a few extra characters: the deleted copy must survive in what follows the
    # survivor's start.
    after = "".join(blocks[k].norm for k in range(s, hi))
    if (
        r >= options.similarity
        and len(nx) - len(NOISE.findall(nx)) <= len(ns) + max(2, 0.03 * len(ns))
        and survival(nx, after) >= options.similarity
        and noise_only_in(nx, after, 0)
    ):
        return s, 0, r, "near-duplicate"
    return None
