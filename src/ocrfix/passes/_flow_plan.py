"""The planning half of ``flow``: which blocks join, and in what order they are read.

Kept apart from the pass so that the pass module stays about edits. See :mod:`ocrfix.passes.flow`.

>>> [b.text for b in split_blocks("甲乙\\n\\n  丙丁  \\n\\n\\n戊")]
['甲乙', '丙丁', '戊']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from ocrfix.resources.joins import ends_sentence, headline_shaped, join_features, starts_new
from ocrfix.resources.lexicon import is_word

if TYPE_CHECKING:
    from ocrfix.passes.flow import FlowOptions

_BLOCK = regex.compile(r"\S(?:.*\S)?", regex.DOTALL)
_SEP = regex.compile(r"\n[^\S\n]*\n\s*")
_HEADING = regex.compile(r"^\s{0,3}#{1,6}\s")
_IMAGE = regex.compile(r"^!\[[^\]]*\]\([^)]*\)$")
# A small furniture detector of our own (passes do not import each other): app prompts, masthead
# lines, jump lines, photo captions and credits.
_FURNITURE = regex.compile(
    r"^(?:掌上\p{Han}{2,4}|客户端|扫一扫.*|.*主管、主办.*|.*出版物号.*|[▶►→].*|.*(?:下转|上接|转)"
    r"\s*\d{1,2}\s*版.*|.*(?:/|／)\p{Han}{2,4}\s*(?:摄|供图)|.*(?:摄|供图))$"
)
_BYLINE_ONLY = regex.compile(r"^\p{Han}{0,10}讯\s*[（(][^（()）]*[/／][^（()）]*[)）]$")
_DATE_START = regex.compile(r"^\d{1,2}月\d{1,2}日")
#: Points added to a join of blocks that are neighbours in the given order.
ADJACENT = 1.0
NEAR = 0.3
STRAY = -6.0
DOC_GRAM = 1.0
#: Inside a window every fragment competes for its successor, so weaker joins are admitted.
WINDOW_SLACK = -1.5
DOUBLED = 2.0


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph: ``text[start:end]`` of the document, without surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str

    @property
    def heading(self) -> bool:
        return _HEADING.match(self.text) is not None

    @property
    def furniture(self) -> bool:
        t = self.text
        return bool(_IMAGE.match(t) or (len(t) <= 60 and _FURNITURE.match(t)))

    @property
    def size(self) -> int:
        return len(self.text.replace(" ", ""))


def split_blocks(text: str) -> list[Block]:
    """Blocks between blank lines, with their offsets."""
    blocks: list[Block] = []
    pos = 0
    for m in _SEP.finditer(text):
        _add(blocks, text, pos, m.start())
        pos = m.end()
    _add(blocks, text, pos, len(text))
    return blocks


def _add(blocks: list[Block], text: str, lo: int, hi: int) -> None:
    m = _BLOCK.search(text, lo, hi)
    if m:
        blocks.append(Block(len(blocks), m.start(), m.end(), m.group()))


def pair_score(
    a: Block, b: Block, grams: frozenset[str] = frozenset(), prior: bool = True
) -> float:
    """Join score of ``b`` after ``a``, with the stray-character rule, the document's own n-grams
    (``教育|基地`` reads on when ``教育基地`` occurs elsewhere on the page) and, inside windows of
    fragments, a small prior for the given order."""
    f = join_features(a.text, b.text)
    score = f.total
    if prior:
        d = b.index - a.index
        score += ADJACENT if d == 1 else NEAR if 1 < d <= 4 else 0.0
    if a.size <= 2 or (b.size <= 2 and not ends_sentence(b.text)):
        score += STRAY
    if grams and len(a.text) >= 2 and len(b.text) >= 2 and a.text[-2:] + b.text[:2] in grams:
        score += DOC_GRAM
    return score


def doc_grams(blocks: list[Block]) -> frozenset[str]:
    """Character 4-grams of Han text seen in the document (for the document n-gram clue)."""
    out: set[str] = set()
    for b in blocks:
        for m in regex.finditer(r"\p{Han}{4,}", b.text):
            w = m.group()
            out.update(w[i : i + 4] for i in range(len(w) - 3))
    return frozenset(out)


def joinable(a: Block, b: Block) -> bool:
    return not (
        a.heading
        or b.heading
        or a.furniture
        or b.furniture
        or ends_sentence(a.text)
        or starts_new(b.text)
    )


@dataclass
class Order:
    """The planned reading order: ``sequence`` of block indices, which neighbours join, which
    blocks stay where they are (``anchors``), and characters trimmed off block starts."""

    sequence: list[int]
    joins: dict[tuple[int, int], tuple[str, float, str]] = field(default_factory=dict)
    anchors: set[int] = field(default_factory=set)
    trim: dict[int, int] = field(default_factory=dict)
    moves: dict[int, str] = field(default_factory=dict)  # moved block -> why

    def separator(self, a: int, b: int, text: str, blocks: list[Block]) -> str:
        kind = self.joins.get((a, b))
        if kind is not None:
            return " " if kind[0] == "byline-join" else ""
        if b == a + 1 and b < len(blocks):
            return text[blocks[a].end : blocks[b].start]
        return "\n\n"


def plan(blocks: list[Block], options: FlowOptions) -> Order:
    """Decide the reading order and the joins of ``blocks``."""
    seq = list(range(len(blocks)))
    order = Order(seq)
    if options.reorder:
        seq = _reorder_windows(blocks, order, options)
        order.sequence = seq
    _join_neighbours(blocks, order, options)
    order.anchors = _anchors(order.sequence, blocks)
    return order


# --- windows of line fragments ------------------------------------------------------------------


def _windows(blocks: list[Block], options: FlowOptions) -> list[tuple[int, int]]:
    out = []
    i = 0
    while i < len(blocks):
        j = i
        while (
            j < len(blocks)
            and j - i < options.window_max_blocks
            and blocks[j].size <= options.fragment_max_chars
            and not blocks[j].heading
            and not blocks[j].furniture
        ):
            j += 1
        run = blocks[i:j]
        if len(run) >= 5 and sum(not ends_sentence(b.text) for b in run) >= 0.4 * len(run):
            out.append((i, j))
        i = max(j, i + 1)
    return out


def _reorder_windows(blocks: list[Block], order: Order, options: FlowOptions) -> list[int]:
    seq: list[int] = []
    last = 0
    for lo, hi in _windows(blocks, options):
        seq.extend(range(last, lo))
        seq.extend(_reorder(blocks[lo:hi], order, options))
        last = hi
    seq.extend(range(last, len(blocks)))
    return seq


def _reorder(win: list[Block], order: Order, options: FlowOptions) -> list[int]:
    n = len(win)
    grams = doc_grams(win)
    t = options.join_threshold + WINDOW_SLACK
    gain = [[0.0] * n for _ in range(n)]
    for x in range(n):
        for y in range(n):
            if x != y and joinable(win[x], win[y]):
                gain[x][y] = pair_score(win[x], win[y], grams) - t
    succ = _assign(gain)
    given = sum(max(0.0, gain[x][x + 1]) for x in range(n - 1))
    best = sum(gain[x][y] for x, y in succ.items())
    if best - given < options.reorder_margin:
        return [b.index for b in win]
    pred = {y: x for x, y in succ.items()}
    chains = []
    for x in range(n):
        if x in pred:
            continue
        chain = [x]
        while chain[-1] in succ and len(chain) <= n:
            chain.append(succ[chain[-1]])
        chains.append(chain)
    chains.sort(key=lambda c: c[1] if len(c) > 1 else c[0])
    why = f"fragment order rebuilt (total join score {best:+.1f} vs {given:+.1f} as given)"
    seq: list[int] = []
    for chain in chains:
        for x, y in pairwise(chain):
            conf = _confidence(gain[x][y])
            order.joins[(win[x].index, win[y].index)] = ("join", conf, _why(win[x], win[y]))
        seq.extend(win[x].index for x in chain)
    for b in win:
        order.moves[b.index] = why
    return seq


def _assign(gain: list[list[float]]) -> dict[int, int]:
    """Successor of each fragment maximizing the total positive gain; no cycles."""
    n = len(gain)
    big = 1e6
    size = 2 * n
    cost = [[0.0] * size for _ in range(size)]
    for x in range(size):
        for y in range(size):
            if x < n and y < n:
                cost[x][y] = -gain[x][y] if gain[x][y] > 0 and x != y else big
            elif x < n:
                cost[x][y] = 0.0 if y - n == x else big
            elif y < n:
                cost[x][y] = 0.0 if x - n == y else big
    match = _hungarian(cost)
    succ = {x: y for x, y in enumerate(match[:n]) if y < n and cost[x][y] < big}
    # break cycles at their weakest link
    seen: set[int] = set()
    for s in list(succ):
        path, x = [], s
        while x in succ and x not in seen and x not in path:
            path.append(x)
            x = succ[x]
        if x in path:
            cycle = path[path.index(x) :]
            weakest = min(cycle, key=lambda c: gain[c][succ[c]])
            del succ[weakest]
        seen.update(path)
    return succ


def _hungarian(cost: list[list[float]]) -> list[int]:
    """Minimum-cost perfect assignment (row -> column) of a square matrix, O(n³)."""
    n = len(cost)
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [float("inf")] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], float("inf"), 0
            row = cost[i0 - 1]
            for j in range(1, n + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    match = [0] * n
    for j in range(1, n + 1):
        if p[j]:
            match[p[j] - 1] = j - 1
    return match


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
                    skipped, rest = seq[k:j], seq[j:]
                    end = 1
                    while end < len(rest) and (rest[end - 1], rest[end]) in order.joins:
                        end += 1
                    seq[k:] = rest[:end] + skipped + rest[end:]
                    for s in skipped:
                        order.moves[s] = f"stepped over by the join {why}"
        k += 1


def _continuation(
    blocks: list[Block], order: Order, seq: list[int], k: int, options: FlowOptions
) -> tuple[int, str, float, str] | None:
    a = blocks[seq[k - 1]]
    if a.heading or a.furniture or ends_sentence(a.text):
        return None
    if _BYLINE_ONLY.match(a.text):
        b = blocks[seq[k]]
        if _DATE_START.match(b.text):
            return k, "byline-join", 0.8, "a lone byline joined to the text it introduces"
        return None
    for j in range(k, min(len(seq), k + options.skip_max + 1)):
        b = blocks[seq[j]]
        if (b.heading and not _stray_heading(b)) or b.furniture:
            continue
        if not joinable(a, b) or (headline_shaped(a.text) and j > k):
            return None
        score = pair_score(a, b, prior=False) - (0.25 if j > k else 0.0)
        if j > k and any(blocks[s].heading for s in seq[k:j]):
            score -= 1.5
        trim = 0
        if options.dedupe_break_char and _doubled(a.text, b.text):
            trim = 1
            cut = Block(b.index, b.start + 1, b.end, b.text[1:])
            score = max(score, pair_score(a, cut, prior=False) + DOUBLED)
        if score < options.join_threshold:
            return None
        if trim:
            order.trim[b.index] = 1
            return j, "duplicate-char", _confidence(score), _why(a, b) + " (doubled char)"
        return j, "join", _confidence(score), _why(a, b)
    return None


def _stray_heading(b: Block) -> bool:
    return len(b.text.lstrip("# ")) <= 8


def _doubled(a: str, b: str) -> bool:
    """``副局长`` / ``长柏国顺说``: the last character of ``a`` starts ``b`` again."""
    return (
        len(a) >= 2
        and len(b) >= 3
        and a[-1] == b[0]
        and is_word(a[-2:])
        and not is_word(b[:2])
        and not is_word(b[:3])
        and regex.match(r"\p{Han}", b[1]) is not None
    )


def _confidence(score: float) -> float:
    return round(min(0.95, max(0.5, 0.55 + 0.1 * score)), 2)


def _preview(text: str, head: bool = False) -> str:
    return text[:6] if head else text[-6:]


def _why(a: Block, b: Block) -> str:
    f = join_features(a.text, b.text)
    clues = [k for k in ("word", "name", "brackets", "lm") if getattr(f, k) > 0]
    why = ", ".join(clues) or "open end"
    return f"{_preview(a.text)}|{_preview(b.text, head=True)} reads on ({why})"


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
