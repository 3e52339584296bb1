"""Windows of line fragments: the order that maximizes the total join score, and a story so
rebuilt moved out of the story it interrupted (see :mod:`ocrfix.passes.flow`)."""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from ocrfix.layout.blocks import Block
from ocrfix.passes.flow.scores import (
    CLUED_SHARE,
    CYCLE_ROUNDS,
    CYCLE_TRIES,
    MIN_CLUED,
    STORY_REACH,
    WINDOW_SLACK,
    Order,
    can_end,
    can_start,
    confidence,
    doc_grams,
    join_reason,
    pair_score,
)
from ocrfix.resources.joins import (
    ends_sentence,
    headline_shaped,
    join_clued,
    page_phrases,
    starts_new,
)

if TYPE_CHECKING:
    from ocrfix.passes.flow import FlowOptions


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


def reorder_windows(blocks: list[Block], order: Order, options: FlowOptions) -> list[int]:
    """The reading order of all blocks: each window of fragments in its best order, and a story
    rebuilt from a window moved to the end of the story it interrupted; the joins and moves
    found are recorded in ``order``."""
    seq: list[int] = []
    last = 0
    windows = _windows(blocks, options)
    stories: list[tuple[int, int, list[int]]] = []
    for lo, hi in windows:
        seq.extend(range(last, lo))
        part = _reorder(blocks[lo:hi], order, options)
        if part != list(range(lo, hi)) and _opens_story(blocks, part):
            stories.append((lo, hi, part))
        seq.extend(part)
        last = hi
    seq.extend(range(last, len(blocks)))
    starts = [lo for lo, _ in windows]
    after: dict[int, list[int]] = {}  # block -> stories moved right after it
    for lo, hi, part in stories:
        end = _interrupted_end(blocks, lo, hi, starts)
        if end is None:
            continue
        after.setdefault(end, []).extend(part)
        why = f"a story set into another one: moved after that one's end (offset {blocks[end].end})"
        for x in part:
            order.moves[x] = why
    if not after:
        return seq
    moved = {x for part in after.values() for x in part}
    out: list[int] = []
    for x in seq:
        if x not in moved:
            out.append(x)
            out.extend(after.get(x, ()))
    return out


def _opens_story(blocks: list[Block], part: list[int]) -> bool:
    """Does the rebuilt window start a story of its own (a byline, after stray characters)?"""
    first = next((blocks[x] for x in part if blocks[x].size > 2), None)
    return first is not None and starts_new(first.text)


def _body(b: Block) -> bool:
    return not (b.heading or b.furniture or headline_shaped(b.text) or starts_new(b.text))


def _interrupted_end(blocks: list[Block], lo: int, hi: int, starts: list[int]) -> int | None:
    """The last block of the story that a rebuilt window at ``lo:hi`` interrupted, or None.

    The window interrupts a story when running text stands right before it and, after any page
    furniture (a photo caption), running text follows it; that story ends before the next
    article start (a headline followed by a byline, or a top-level heading), within
    ``STORY_REACH`` blocks.
    """
    if lo == 0 or not _body(blocks[lo - 1]):
        return None
    k = hi
    while k < len(blocks) and k - hi < 3 and blocks[k].furniture:
        k += 1
    if k >= len(blocks) or not _body(blocks[k]):
        return None
    for j in range(k, min(len(blocks), k + STORY_REACH)):
        if j + 1 == len(blocks) or _article_start(blocks, j + 1):
            other = bisect.bisect_left(starts, hi)  # another window inside: leave it
            return None if other < len(starts) and starts[other] <= j else j
    return None


def _article_start(blocks: list[Block], i: int) -> bool:
    b = blocks[i]
    if b.heading:
        return b.text.lstrip().startswith(("# ", "## "))
    if not headline_shaped(b.text) or b.furniture:
        return False
    return any(starts_new(x.text) for x in blocks[i + 1 : i + 4])


def _reorder(win: list[Block], order: Order, options: FlowOptions) -> list[int]:
    n = len(win)
    starts = tuple(can_start(b) for b in win)  # (read once per block, not once per pair)
    ends = tuple(can_end(a) for a in win)
    if not _may_reorder(tuple(b.text for b in win), ends, starts):
        return [b.index for b in win]
    grams = doc_grams(win)
    t = options.join_threshold + WINDOW_SLACK
    gain = [[0.0] * n for _ in range(n)]
    for x, a in enumerate(win):
        if not ends[x]:
            continue
        row = gain[x]
        for y, b in enumerate(win):
            if x != y and starts[y]:
                row[y] = pair_score(a, b, grams) - t
    succ = _assign(gain)
    given = sum(max(0.0, gain[x][x + 1]) for x in range(n - 1))
    best = sum(gain[x][y] for x, y in succ.items())
    changed = [(x, y) for x, y in succ.items() if y != x + 1]
    clued = sum(_clued(win[x].text, win[y].text, grams) for x, y in changed)
    if (
        best - given < options.reorder_margin
        or clued < MIN_CLUED
        or clued < CLUED_SHARE * len(changed)
    ):
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
            conf = confidence(gain[x][y])
            order.joins[(win[x].index, win[y].index)] = ("join", conf, join_reason(win[x], win[y]))
        seq.extend(win[x].index for x in chain)
    for b in win:
        order.moves[b.index] = why
    return seq


@lru_cache(maxsize=1 << 10)
def _may_reorder(texts: tuple[str, ...], ends: tuple[bool, ...], starts: tuple[bool, ...]) -> bool:
    """Could a new order of the fragments ``texts`` pass the clue test of :func:`_reorder` at
    all: are there at least ``MIN_CLUED`` links off the given order with a clue
    (:func:`_clued`)? In most windows there are not (on the corpus 392 windows of 424), and
    their matrix of join scores, whose language model reading is the costly part, is not worth
    computing. (Cached: ``flow`` plans its own output again, where most windows are unchanged.)"""
    grams = page_phrases(texts)
    found = 0
    for x, a in enumerate(texts):
        if not ends[x]:
            continue
        for y, b in enumerate(texts):
            if y not in (x, x + 1) and starts[y] and _clued(a, b, grams):
                found += 1
                if found >= MIN_CLUED:
                    return True
    return False


def _clued(a: str, b: str, grams: Mapping[str, int]) -> bool:
    """Is the join ``a|b`` backed by more than shapes: a word, a name, a bracket closed across it,
    or a phrase the document repeats?"""
    phrase = len(a) >= 2 and len(b) >= 2 and grams.get(a[-2:] + b[:2], 0) >= 2
    return phrase or join_clued(a, b)


def _assign(gain: list[list[float]]) -> dict[int, int]:
    """Successor of each fragment maximizing the total positive gain, without cycles.

    The assignment relaxation may close chains into cycles; each cycle is opened by forbidding the
    one of its links whose loss, after solving again, costs least (a few rounds, then the weakest
    link of any cycle left is dropped).
    """
    n = len(gain)
    positive = [(x, y) for x in range(n) for y in range(n) if gain[x][y] > 0 and x != y]
    forbidden: set[tuple[int, int]] = set()
    succ, solved = _solve(gain, positive, forbidden)
    for _ in range(CYCLE_ROUNDS):
        cycle = _first_cycle(succ)
        if not cycle:
            return succ
        links = sorted(cycle, key=lambda c: gain[c][succ[c]])[:CYCLE_TRIES]
        best: tuple[float, dict[int, int], _Solved | None, tuple[int, int]] | None = None
        for c in links:
            ban = forbidden | {(c, succ[c])}
            trial, trial_solved = _solve(gain, positive, ban, solved)
            total = sum(gain[x][y] for x, y in trial.items())
            if best is None or total > best[0]:
                best = (total, trial, trial_solved, (c, succ[c]))
        assert best is not None
        _, succ, solved, link = best
        forbidden.add(link)
    while cycle := _first_cycle(succ):
        del succ[min(cycle, key=lambda c: gain[c][succ[c]])]
    return succ


def _first_cycle(succ: dict[int, int]) -> list[int]:
    seen: set[int] = set()
    for s in succ:
        path: list[int] = []
        x = s
        while x in succ and x not in seen and x not in path:
            path.append(x)
            x = succ[x]
        if x in path:
            return path[path.index(x) :]
        seen.update(path)
    return []


#: The Hungarian method's state: the dual values of rows and columns, and the row matched to each
#: column (all 1-based, as :func:`_settle_row` counts).
_Duals = tuple[list[float], list[float], list[int]]
#: A cost matrix and the method's state after each of its rows (see :func:`_hungarian`).
_Solved = tuple[list[list[float]], list[_Duals]]


def _solve(
    gain: list[list[float]],
    positive: list[tuple[int, int]],
    forbidden: set[tuple[int, int]],
    before: _Solved | None = None,
) -> tuple[dict[int, int], _Solved | None]:
    """One assignment: every fragment gets at most one successor and one predecessor; and the
    solved matrix, for a next solve with one more link forbidden to start from (``before``).

    A maximum-weight matching where only positive gains count is a perfect assignment of the
    ``n × n`` matrix whose other cells weigh nothing (any partial matching completes with them
    at no cost); the links of zero weight are dropped afterwards.
    """
    links = [link for link in positive if link not in forbidden]
    rows = sorted({x for x, _ in links})
    cols = sorted({y for _, y in links})
    if len(rows) == len(cols) == len(links):
        return dict(links), None  # no two links share an end: all of them, nothing to choose
    # Only fragments with a link take part: the others would be matched at no cost (a smaller
    # square, padded with cells of no cost, has the same best assignment of the links).
    size = max(len(rows), len(cols))
    row_of = {x: i for i, x in enumerate(rows)}
    col_of = {y: j for j, y in enumerate(cols)}
    cost = [[0.0] * size for _ in range(size)]
    for x, y in links:
        cost[row_of[x]][col_of[y]] = -gain[x][y]
    match, solved = _hungarian(cost, before)
    succ = {
        rows[i]: cols[j]
        for i, j in enumerate(match)
        if i < len(rows) and j < len(cols) and cost[i][j] < 0
    }
    return succ, solved


def _hungarian(cost: list[list[float]], before: _Solved | None = None) -> tuple[list[int], _Solved]:
    """Minimum-cost perfect assignment (row -> column) of a square matrix, O(n³), and the
    matrix with the method's state after each row.

    The method settles the rows one by one, each reading only the rows settled before it: a
    matrix that shares its first rows with one solved ``before`` starts from the state after
    them (the same arithmetic on the same numbers: the same assignment, ties included). Opening
    a cycle forbids one link, which changes one row.
    """
    n = len(cost)
    done = 0
    states: list[_Duals] = [([0.0] * (n + 1), [0.0] * (n + 1), [0] * (n + 1))]
    if before is not None:
        old, old_states = before
        while done < min(n, len(old)) and cost[done] == old[done]:
            done += 1
        states = old_states[: done + 1]
    u0, v0, p0 = states[done]
    u, v, p = u0[:], v0[:], p0[:]  # (copies: the states kept stay as they were)
    padded = [[0.0, *row] for row in cost]  # column j of a row at [j], as u, v and p count
    for i in range(done + 1, n + 1):
        _settle_row(padded, i, u, v, p)
        states.append((u[:], v[:], p[:]))
    match = [0] * n
    for j in range(1, n + 1):
        if p[j]:
            match[p[j] - 1] = j - 1
    return match, (cost, states)


def _settle_row(
    cost: list[list[float]], i: int, u: list[float], v: list[float], p: list[int]
) -> None:
    """Match row ``i`` (1-based) along the cheapest augmenting path, updating the duals ``u``, ``v``
    and the matches ``p`` (``cost`` padded: column ``j`` at ``[j]``)."""
    n = len(cost)
    p[0] = i
    j0 = 0
    minv = [math.inf] * (n + 1)
    way = [0] * (n + 1)
    free = list(range(1, n + 1))  # columns not reached yet, in order (ties go to the first)
    reached = [0]
    while True:
        i0 = p[j0]
        row, ui = cost[i0 - 1], u[i0]
        delta, j1 = math.inf, 0
        for j in free:
            cur = row[j] - ui - v[j]
            if cur < minv[j]:
                minv[j], way[j] = cur, j0
            if minv[j] < delta:
                delta, j1 = minv[j], j
        for j in reached:
            u[p[j]] += delta
            v[j] -= delta
        for j in free:
            minv[j] -= delta
        free.remove(j1)
        reached.append(j1)
        j0 = j1
        if p[j0] == 0:
            break
    while j0:
        j1 = way[j0]
        p[j0] = p[j1]
        j0 = j1
