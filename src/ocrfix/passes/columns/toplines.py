"""Column top lines that ``pdftotext`` printed as one line.

In its default mode ``pdftotext`` prints a page's columns as blocks, one column's stretch of a
band each; where the first lines of several columns share a baseline (under the band's
headline), it prints them as one line of the block before them, one space apart::

    三、2021年重点工作（续）
    用改革办法推动降低企业 工商户减免租金。推动各类中 国有资本…

    生产经营成本。推进能源、交
    通、通信等领域市场化改革，

Each part of that line, about one column wide, is the top line of one column, left to right;
its column's block follows later, from its second line on (``…降低企业`` goes on in
``生产经营成本。``). This step splits the line and puts each part before the block it runs
into, the blocks in the parts' order: the first part's block is the next one (``pdftotext``
reads down the first column first); the others are matched in order among the blocks after
it (:func:`_match`), by how each part runs on into a block and the block before runs on into
it, and by the band's columns being about as tall.

Only on a text layer: a page where more than a quarter of the lines hold a space is OCR'd
(Tesseract separates words and marks by spaces), and parts of its lines look just as wide.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass
from itertools import pairwise

import regex

from ocrfix.edits import Edit, check_edits, sort_edits
from ocrfix.errors import EditError
from ocrfix.layout import Line
from ocrfix.layout.lines import cells
from ocrfix.resources.charlm import char_lm
from ocrfix.resources.joins import join_clued

NAME = "columns"
RULE = "top-lines"

#: A part is this share of the page's column width, at least and at most; the line at least
#: this many widths. (Tune split, `pdftotext` default pages: 6 of 6 such lines found and no
#: other; the same from 0.6 to 0.8, 1.1 to 1.3 and 1.5 to 1.7.)
LOW, HIGH, MERGED = 0.7, 1.2, 1.7
#: A page with more of its lines holding a space is OCR'd, not a text layer (tune pages:
#: `pdftotext` default 0.01–0.17, Tesseract 0.32–1.0 but for light scans, 0.10–0.15).
MAX_SPACED = 0.25
#: Rows of parts whose first parts read on from row to row (mean link) are columns printed
#: side by side row by row, not top lines.
FLOWING = 0.5
#: The weight of the link from a block's last line into the next part, and of the difference
#: in height (log of the ratio of lines) between the blocks of two neighbouring parts.
TAIL, HEIGHT = 0.5, 1.0
#: At least one part must run on this well (a link) into its block or from the block before.
STRONG = 1.0
#: The most columns a merged line is read as, and how many blocks after the first column's its
#: others' are looked for in: about a page's worth (on the 66 default pages of the corpus and
#: the fresh sets, 16 reads the same as any more, 12 does not), so that a book of pages costs
#: each band the same: `benchmarks/pass_scale.py`'s top lines, 1k to 100k characters, 1.46×.
MAX_PARTS, REACH = 8, 20
_SPACES = regex.compile(r"\s+")


@dataclass(frozen=True)
class Part:
    """A part of a merged line: its text and where it starts in the page."""

    start: int
    text: str


def top_line_edits(text: str, blocks: list[list[Line]]) -> list[Edit]:
    """The edits that put each top line of a merged line before its column's block
    (``blocks``: the page's, :func:`~ocrfix.layout.lines.line_blocks`)."""
    body = [ln for b in blocks for ln in b]
    if not body or sum(" " in ln.body for ln in body) > MAX_SPACED * len(body):
        return []
    width = statistics.median(_width(ln.body) for ln in body)
    groups = {m: g for m, b in enumerate(blocks) if (g := _group(b, width)) is not None}
    edits: list[Edit] = []
    near: deque[tuple[int, list[Edit]]] = deque()  # bands' first blocks and edits, as made
    taken: set[int] = set()
    for m, (k, parts) in groups.items():
        # (a header line above the parts: the band's headline; the block after it: the first
        # column's, which pdftotext prints first)
        if k < 1 or m + 1 >= len(blocks) or m + 1 in taken or m + 1 in groups:
            continue
        later = range(m + 2, min(len(blocks), m + 2 + REACH))
        free = [j for j in later if j not in taken and j not in groups]
        rest = _match(blocks, free, parts[1:]) if len(parts) > 1 else []
        if rest is None:
            continue
        chosen = [m + 1, *rest]
        if not _supported(blocks, parts, chosen):
            continue
        more = _edits(text, blocks, m, k, parts, chosen)
        # (the bands whose moves may reach into this one's: those of the blocks just before)
        while near and near[0][0] < m - REACH - 2:
            near.popleft()
        around = [e for _, made in near for e in made]
        try:
            check_edits(text, sort_edits([*around, *more]))
        except EditError:
            continue  # (another band's moves reach into this one: left as printed)
        taken.update(chosen)
        near.append((m, more))
        edits += more
    return edits


def _width(s: str) -> int:
    return cells(_SPACES.sub("", s))


def split_merged(line: Line, width: float) -> list[Part] | None:
    """The parts of a line made of the top lines of columns (two or more, each about ``width``
    cells, one space apart), or None.

    >>> line = Line(0, 20, "用改革办法推动降低企业 工商户减免租金。", "")
    >>> [(p.start, p.text) for p in split_merged(line, 20)]
    [(0, '用改革办法推动降低企业'), (12, '工商户减免租金。')]
    """
    body = line.body
    if " " not in body or "  " in body:
        return None
    if not MERGED * width <= _width(body) <= MAX_PARTS * HIGH * width:
        return None
    tokens = body.split(" ")
    at = line.start + len(line.text) - len(line.text.lstrip())
    starts = [at]
    for t in tokens[:-1]:
        starts.append(starts[-1] + len(t) + 1)
    # the cut into parts nearest one width each (a part may keep a space of its own); a part
    # is never wider than HIGH widths, so each cut looks back over a part's tokens only
    n = len(tokens)
    upto = [0]  # the width of the first i tokens
    for t in tokens:
        upto.append(upto[-1] + _width(t))
    cost = [0.0] + [math.inf] * n
    cut: list[list[int]] = [[] for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(i - 1, -1, -1):
            w = upto[i] - upto[j]
            if w > HIGH * width:
                break
            c = cost[j] + abs(w - width) / width
            if w >= LOW * width and c <= cost[i]:  # (ties: the first cut, as read left to right)
                cost[i], cut[i] = c, [*cut[j], j]
    if cost[n] == math.inf or len(cut[n]) < 2:
        return None
    cuts = [*cut[n], n]
    return [Part(starts[a], " ".join(tokens[a:b])) for a, b in pairwise(cuts)]


def _group(block: list[Line], width: float) -> tuple[int, list[Part]] | None:
    """Where a block's trailing merged lines start and their parts (with the column-wide line
    just before them, when that is no first line: the first column's top line printed alone)."""
    rows = [split_merged(ln, width) for ln in block]
    k = len(block)
    while k > 0 and rows[k - 1]:
        k -= 1
    if k == len(block) or any(rows[:k]):
        return None  # none, or merged lines amid the block: columns side by side, row by row
    tops = [r for r in rows[k:] if r]
    if len(tops) > 1:
        flow = [link(a[0].text, b[0].text) for a, b in pairwise(tops)]
        if sum(flow) / len(flow) > FLOWING:
            return None
    parts = [p for r in tops for p in r]
    alone = block[k - 1] if k >= 2 else None
    if alone is not None and LOW * width <= _width(alone.body) <= HIGH * width:
        parts.insert(0, Part(alone.start + len(alone.indent), alone.body))
        k -= 1
    return k, parts


def link(a: str, b: str) -> float:
    """How well text ``a`` runs on into ``b``: the language model's gain across the break, and
    a word, name or bracket across it (:func:`~ocrfix.resources.joins.join_clued`)."""
    gain = char_lm().break_gain(_SPACES.sub("", a), _SPACES.sub("", b))
    return gain + (1.0 if join_clued(a.strip(), b.strip()) else 0.0)


def _match(blocks: list[list[Line]], free: list[int], parts: list[Part]) -> list[int] | None:
    """The blocks, in increasing order, that ``parts`` (the top lines of the band's columns,
    left to right) run into: the best sum over the parts of how each runs into its block's
    first line, ``TAIL`` × how the block's last line runs into the next part, less ``HEIGHT`` ×
    the height difference of neighbouring blocks (dynamic programming over the blocks)."""
    n = len(parts)
    if len(free) < n:
        return None
    into = [{j: link(p.text, blocks[j][0].body) for j in free} for p in parts]
    onto = [
        {j: link(blocks[j][-1].body, parts[k + 1].text) if k + 1 < n else 0.0 for j in free}
        for k in range(n)
    ]
    score = [{j: into[0][j] + TAIL * onto[0][j] for j in free}]
    back: list[dict[int, int]] = [{}]
    for k in range(1, n):
        score.append({})
        back.append({})
        for j in free:
            best = None
            for i, s in score[k - 1].items():
                if i < j:
                    t = s - HEIGHT * abs(math.log(len(blocks[j]) / len(blocks[i])))
                    if best is None or t > best[0]:
                        best = (t, i)
            if best is not None:
                score[k][j] = best[0] + into[k][j] + TAIL * onto[k][j]
                back[k][j] = best[1]
    if not score[-1]:
        return None
    j = max(score[-1], key=score[-1].__getitem__)
    out = [j]
    for k in range(n - 1, 0, -1):
        j = back[k][j]
        out.append(j)
    return out[::-1]


def _supported(blocks: list[list[Line]], parts: list[Part], chosen: list[int]) -> bool:
    """Does one part at least run on clearly into its block, or from the block before it?"""
    for k, (p, j) in enumerate(zip(parts, chosen, strict=True)):
        if link(p.text, blocks[j][0].body) >= STRONG:
            return True
        if k and link(blocks[chosen[k - 1]][-1].body, p.text) >= STRONG:
            return True
    return False


def _edits(
    text: str, blocks: list[list[Line]], m: int, k: int, parts: list[Part], chosen: list[int]
) -> list[Edit]:
    """Cut the merged lines after block ``m``'s header; put each part before its block, the
    first's block where it is, the others' moved after it in the parts' order."""
    block = blocks[m]
    why = f"the top lines of {len(parts)} columns printed as one line"
    end, first = block[-1].end, blocks[chosen[0]]
    where = ", ".join(str(p.start) for p in parts)
    edits = [Edit(block[k - 1].end, end, "", NAME, RULE, 0.8,
                  f"{why}: each moved before its column's text, from offsets {where}")]  # fmt: skip
    edits.append(Edit(end, end, "\n\n" + parts[0].text, NAME, RULE, 0.8,
                      f"{why}: column 1's, moved here from offset {parts[0].start}",
                      source=parts[0].start))  # fmt: skip
    edits.append(Edit(end, first[0].start, "\n", NAME, RULE, 0.8,
                      f"{why}: column 1's top line runs on into its text"))  # fmt: skip
    at = first[-1].end
    for c, (p, j) in enumerate(zip(parts[1:], chosen[1:], strict=True), 2):
        b = blocks[j]
        src = b[0].start + len(b[0].indent)
        edits.append(Edit(at, at, "\n\n" + p.text, NAME, RULE, 0.8,
                          f"{why}: column {c}'s, moved here from offset {p.start}",
                          source=p.start))  # fmt: skip
        edits.append(Edit(at, at, "\n" + text[src : b[-1].end], NAME, RULE, 0.8,
                          f"{why}: column {c}'s text, moved here from offset {src}",
                          source=src))  # fmt: skip
        edits.append(Edit(blocks[j - 1][-1].end, b[-1].end, "", NAME, RULE, 0.8,
                          f"{why}: column {c}'s text, read after column {c - 1}'s "
                          f"(to offset {at})"))  # fmt: skip
    return edits
