"""Blocks, sentences and pages of a document, for passes that reason above the line (``dedup``).

A *block* is what Markdown calls a paragraph: text between blank lines. Converters break
paragraphs wherever a column or page ended, sometimes in the middle of a word
(``公`` / ``司董事长``), so a block's *unit* is the run of neighbouring blocks that such soft
breaks tie together.

>>> [b.text for b in split_blocks("## 标题\\n\\n正文第一段。\\n\\n\\n第二段")]
['## 标题', '正文第一段。', '第二段']
>>> normalize("公司 董事长，林枫")
'公司董事长,林枫'
"""

from __future__ import annotations

import bisect
import math
import unicodedata
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

import regex
from rapidfuzz import fuzz

from ocrfix.passes._paragraphs import paragraphs

if TYPE_CHECKING:
    from ocrfix.passes.dedup import DedupOptions

_WHITESPACE = regex.compile(r"\s+")
_HEADING = regex.compile(r"^[^\S\n]{0,3}#{1,6}\s")
# Bullets, "1." / "1、" / "(一)" / "一、" item markers; "3.5万" and "2020年、" are not items.
_LIST_ITEM = regex.compile(
    r"^[^\S\n]*(?:[-*+•·▪◆●■]\s|\d{1,3}(?:[.、)）](?!\d))|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}、)"
)
# A sentence: up to and including its end punctuation and any closing quotes/brackets.
_SENTENCE = regex.compile(r"[^。！？!?]*[。！？!?]+[”’\"」』）)]*|[^。！？!?]+$")
#: A block ending in a letter or digit was cut by the converter, not ended by its writer...
_SOFT_END = regex.compile(r"[\p{Han}\p{L}\p{N}]$")
#: ...unless it is a photo credit (``通讯员供图``, ``记者/杨凌凌 摄``) or too short to be running
#: text.
_CREDIT_END = regex.compile(r"(?:摄|供图|图)$")
_MIN_SOFT_CHARS = 20
_CLAUSE = regex.compile(r"[。，！？；：,!?;:]")
_TITLE_MAX_CHARS = 60


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph: ``text[start:end]`` of the document, without surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str
    norm: str
    heading: bool
    list_item: bool

    @property
    def body(self) -> bool:
        """Running text (not a heading, not a list item)."""
        return not self.heading and not self.list_item

    @property
    def title_like(self) -> bool:
        """Short and without clause punctuation: a headline, label or masthead line."""
        return len(self.norm) < _TITLE_MAX_CHARS and _CLAUSE.search(self.norm) is None

    @property
    def soft_end(self) -> bool:
        """Ends inside a word: the converter cut the paragraph here."""
        return (
            self.body
            and len(self.norm) >= _MIN_SOFT_CHARS
            and _SOFT_END.search(self.norm) is not None
            and _CREDIT_END.search(self.norm) is None
        )


def normalize(text: str) -> str:
    """The form blocks are compared in: NFKC (so ``，`` is ``,``), without any whitespace."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def split_blocks(text: str) -> list[Block]:
    """The blank-line separated blocks of ``text``, in order."""
    blocks: list[Block] = []
    for i, (start, end, _) in enumerate(paragraphs(text)):
        body = text[start:end]
        heading = _HEADING.match(body) is not None
        list_item = _LIST_ITEM.match(body) is not None
        blocks.append(Block(i, start, end, body, normalize(body), heading, list_item))
    return blocks


def unit_ranges(blocks: list[Block], reach: int = 2) -> list[tuple[int, int]]:
    """For each block, the blocks ``[i, j)`` its unit spans: soft-broken body neighbours.

    ``reach`` caps how many neighbours on each side join, which keeps comparisons cheap.

    >>> cut = "随着量产阶段来临，前期资金还有较大缺口。公\\n\\n司董事长林枫说。"
    >>> bs = split_blocks(f"甲。\\n\\n{cut}\\n\\n乙。")
    >>> unit_ranges(bs)
    [(0, 1), (1, 3), (1, 3), (3, 4)]
    """
    n = len(blocks)
    run_start = list(range(n))
    for i in range(1, n):
        if blocks[i].body and blocks[i - 1].soft_end:
            run_start[i] = run_start[i - 1]
    run_end = [i + 1 for i in range(n)]
    for i in range(n - 2, -1, -1):
        if blocks[i + 1].body and blocks[i].soft_end:
            run_end[i] = run_end[i + 1]
    return [(max(run_start[i], i - reach), min(run_end[i], i + reach + 1)) for i in range(n)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of ``text`` (a block), end punctuation and closing quotes included.

    >>> t = "我市加强服务。我市加强服务。“好！”"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['我市加强服务。', '我市加强服务。', '“好！”']
    """
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


def preview(text: str, n: int = 12) -> str:
    """The first ``n`` characters of ``text`` on one line, with ``…`` if cut."""
    flat = _WHITESPACE.sub(" ", text.strip())
    return flat if len(flat) <= n else flat[:n] + "…"


# ---------------------------------------------------------------------------------------------
# Which blocks repeat which


@dataclass(frozen=True, slots=True)
class BlockDeletion:
    """Block ``index`` goes; block ``survivor`` (start of the matching text) keeps its content."""

    index: int
    survivor: int
    rule: str
    score: float


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


def plan_blocks(blocks: list[Block], options: DedupOptions, excluded: set[int]) -> BlockPlan:
    """Decide which blocks are duplicates or fragments of others, and which copy stays."""
    units = unit_ranges(blocks)
    unit_norm = ["".join(blocks[k].norm for k in range(i, j)) for i, j in units]
    sim, frag_sim = options.similarity * 100, options.fragment_similarity * 100
    gap = options.short_block_max_gap
    classes: dict[str, list[int]] = defaultdict(list)
    for blk in blocks:
        if (
            blk.body
            and not blk.title_like
            and len(blk.norm) >= options.min_chars
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
        for b in sorted(cands - {a}):
            if fuzz.ratio(na, blocks[b].norm, score_cutoff=sim):
                link(a, b)
                continue
            ub = unit_norm[b]
            if len(na) >= len(ub) or units[b][0] <= a < units[b][1]:
                continue
            score = fuzz.partial_ratio(na, ub, score_cutoff=frag_sim)
            # When b's whole unit lies inside a's unit, a is the more complete one (``公`` /
            # ``司董事长…`` against a stray ``公司董事长…``): a is no fragment.
            if score and not (
                len(ub) <= len(ua) and fuzz.partial_ratio(ub, ua, score_cutoff=frag_sim)
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
    grams = (norm[i : i + k] for i in range(len(norm) - k + 1))
    return {g for g in grams if zlib.crc32(g.encode()) % sample == 0}


def _completeness(
    blocks: list[Block],
    units: list[tuple[int, int]],
    unit_norm: list[str],
    m: int,
    group: list[int],
    frag_sim: float,
) -> int:
    """How much of the group's text copy ``m`` holds: its unit's length when the unit contains a
    longer copy (``公`` / ``司董事长…`` holds the stray ``公司董事长…``), else its own length."""
    i, j = units[m]
    own = len(blocks[m].norm)
    if j - i == 1:
        return own
    unit = unit_norm[m]
    for o in group:
        if i <= o < j:  # the unit holding another copy of the group is no more complete
            continue
        no = blocks[o].norm
        if own < len(no) <= len(unit) and fuzz.partial_ratio(no, unit, score_cutoff=frag_sim):
            return len(unit)
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
        where, score, rule = found
        out[x] = BlockDeletion(x, where, rule, score)
        protected.update(range(lo, hi))
    return BlockPlan({x: d for x, d in out.items() if x in gone}, frozenset(protected))


def _survives(
    blocks: list[Block], nx: str, s: int, lo: int, hi: int, options: DedupOptions
) -> tuple[int, float, str] | None:
    ns = blocks[s].norm
    if nx == ns:
        return s, 1.0, "exact-duplicate"
    r = fuzz.ratio(nx, ns) / 100
    unit = "".join(blocks[k].norm for k in range(lo, hi))
    al = fuzz.partial_ratio_alignment(nx, unit) if len(nx) <= len(unit) else None
    p = al.score / 100 if al is not None else 0.0
    # Matching better across a soft-broken unit than the block alone: a fragment of the unit.
    if (
        al is not None
        and p >= options.fragment_similarity
        and (r < options.similarity or (hi - lo > 1 and p > r))
    ):
        where, pos = lo, al.dest_start
        while where < hi - 1 and pos >= len(blocks[where].norm):
            pos -= len(blocks[where].norm)
            where += 1
        return where, p, "fragment"
    # A shorter survivor would lose the deleted copy's extra text.
    if r >= options.similarity and len(nx) <= len(ns) + max(2, 0.03 * len(ns)):
        return s, r, "near-duplicate"
    return None
