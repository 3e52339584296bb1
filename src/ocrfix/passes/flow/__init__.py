"""``flow``: restore the reading flow that column and page breaks cut.

Newspaper extraction cuts paragraphs wherever a column or page ended — often inside a word
(``遴选工`` / ``作。``) — and some extractors hand multi-column text over as one-line fragments read
from two columns in turn. From the text alone (no page geometry) this pass:

- joins a block to the next when it ends open and :func:`~ocrfix.resources.joins.join_score` says
  the next continues it (``为株洲加快`` + ``培育制造名城赋能。``), stepping over page furniture
  (``掌上株洲``, photo captions) and stray headings or image lines, which then follow the paragraph;
- joins a lone byline to the text it introduces (``…（全媒体记者/胡文洁）`` + ``4月9日，…``);
- in a window of short line fragments, finds the order that maximizes the total join score (an
  assignment problem: every fragment gets at most one successor and one predecessor, solved
  by the Hungarian method, cycles opened by solving again without their cheapest link), and
  applies it only if it beats the given order by a clear margin and most of its new links rest
  on a clue beyond shapes (a word, a name, a bracket, a phrase the page repeats); the rebuilt
  paragraphs are ordered by where their continuation lines stood;
- moves a story so rebuilt (it opens with a byline) out of the story it interrupted, to that
  story's end (the next headline with a byline), when running text stands on both sides of it;
- drops a character doubled across a break (``副局长`` / ``长柏国顺说``).

Sentence ends, headings, bylines, headlines and short lines without evidence stay apart. Joins are
deletions of the break; reorderings are move edits (a deletion where the text was and an insertion
where it goes, each naming the other's offset; the insertion's ``Edit.source`` points at the text
it copies, so :meth:`ocrfix.pipeline.Repair.origin` maps moved text back to where it stood).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Annotated

from ocrfix.edits import Edit, PassResult, sort_edits
from ocrfix.errors import EditError
from ocrfix.layout.blocks import Block, split_blocks
from ocrfix.passes.flow import plan
from ocrfix.registry import Range, register

NAME = "flow"


@dataclass(frozen=True)
class FlowOptions:
    """Options of ``flow``.

    join_threshold: minimum join score to join neighbouring blocks (the score of
        ``resources/joins.py``, about −8..+8, not the edit's confidence: a join shown at 0.67
        scored 1.2). An open end at a plain word boundary scores below it (``end-open`` +0.5
        and a language-model gain of at most about
        +0.3 there): that is no evidence — a paragraph whose end the source lost
        (``…让小丝瓜释放出更``) looks the same — so a join needs a clue beyond it (a word across
        the break, a particle or a short tail opening ``b``, a dangling ``的``, a list's ``、``).
    reorder: restore the order of line fragments inside windows of short blocks, and move a story
        so rebuilt out of the story it interrupted (on the 2023-04-10 page: all 5 paragraphs of
        the 党史教育基地 story, see RESULTS.md). A new order is taken only with a clear margin and
        mostly clue-backed links (words, names, brackets, phrases the page repeats).
    window_max_blocks: largest window of fragments that is reordered (bounds the cost).
    fragment_max_chars: a block of at most this many characters may be a line fragment.
    reorder_margin: how much the new order's total score must beat the given order's.
    skip_max: how many furniture blocks or stray headings a join may step over.
    dedupe_break_char: drop a character doubled across a joined break.
    """

    join_threshold: float = 0.8
    reorder: bool = True
    window_max_blocks: Annotated[int, Range(2)] = 40
    fragment_max_chars: int = 32
    reorder_margin: float = 3.0
    skip_max: int = 2
    dedupe_break_char: bool = True


@register(
    NAME,
    options=FlowOptions,
    rules={
        "join": ("split paragraph joined", "split paragraphs joined"),
        "byline-join": ("byline joined to its text", "bylines joined to their text"),
        "move": ("block moved", "blocks moved"),
        "duplicate-char": (
            "character doubled across a break removed",
            "characters doubled across breaks removed",
        ),
    },
)
def flow(text: str, options: FlowOptions = FlowOptions()) -> PassResult:
    """Join paragraphs split by column breaks.

    ``为株洲加快`` / ``培育制造名城赋能。`` → one paragraph.

    >>> flow("截至3月末，该行各项贷款余额达515亿元，为株洲加快\\n\\n培育制造名城赋能。\\n").output
    '截至3月末，该行各项贷款余额达515亿元，为株洲加快培育制造名城赋能。\\n'
    >>> flow("今天是个好日子。\\n\\n明天也是。\\n").edits
    ()
    """
    edits = _planned(text, options)
    result = PassResult.from_edits(NAME, text, edits)
    if not edits:
        return result  # (the output is the input: a second run would plan the same)
    # A join can make the paragraph before it joinable (``护情况`` / ``在中车`` / ``加。``: only
    # ``在中车加。`` reads as a continuation). Joins a second run would make are made now, where
    # they fall on text this run left as it was, so that the pass is idempotent.
    for _ in range(3):
        more = _in_input(_planned(result.output, options), edits)
        if not more:
            break
        try:
            result = PassResult.from_edits(NAME, text, [*edits, *more])
        except EditError:
            break
        edits = list(result.edits)
    return result


def _planned(text: str, options: FlowOptions) -> list[Edit]:
    blocks = split_blocks(text)
    if len(blocks) < 2:
        return []
    return _edits(text, blocks, plan.plan(blocks, options))


def _in_input(found: list[Edit], done: list[Edit]) -> list[Edit] | None:
    """The joins ``found`` on the output of ``done``, moved to the input's offsets; None if one
    is not a plain join on text that ``done`` left untouched."""
    starts: list[int] = []  # where each edit of ``done`` starts and ends in the output,
    ends: list[int] = []
    shifts = [0]  # and the shift of the output against the input before it
    for e in sort_edits(done):  # (edits do not overlap: starts and ends only grow)
        starts.append(e.start + shifts[-1])
        ends.append(starts[-1] + len(e.replacement))
        shifts.append(shifts[-1] + len(e.replacement) - (e.end - e.start))
    out = []
    for edit in found:
        if edit.source is not None or edit.rule not in ("join", "byline-join"):
            return None
        # the edits before the join: those starting before its end (at it, for an insertion)
        stop = (bisect_left if edit.end > edit.start else bisect_right)(starts, edit.end)
        for k in range(bisect_right(ends, edit.start), stop):  # (the others end before it)
            if (edit.start < ends[k] and starts[k] < edit.end) or starts[k] < edit.start < ends[k]:
                return None  # it touches text this run wrote
        shift = shifts[stop]
        out.append(dataclasses.replace(edit, start=edit.start - shift, end=edit.end - shift))
    return out


def _edits(text: str, blocks: list[Block], order: plan.Order) -> list[Edit]:
    """Turn the planned order into joins (gap deletions) and moves (deletion + insertion).

    Anchors (blocks that stay put) split the new order into regions; in each region the gap after
    the anchor becomes the new separator, the blocks that move in are inserted at the region's old
    start (one insertion per stretch they copy, see :func:`_pastes`), and the blocks that moved
    out are deleted together with the gap after them.
    """
    n = len(blocks)
    seq = order.sequence

    def start(i: int) -> int:
        return blocks[i].start if i < n else blocks[n - 1].end

    def sep(a: int, b: int) -> str:
        return order.separator(a, b, text, blocks) if b < n else ""

    regions: list[tuple[int, list[int], int]] = []  # (anchor or -1, moved-in blocks, next anchor)
    prev: int = -1
    moved: list[int] = []
    for x in seq:
        if x in order.anchors:
            regions.append((prev, moved, x))
            prev, moved = x, []
        else:
            moved.append(x)
    regions.append((prev, moved, n))
    home = {m: start(lo + 1) if lo >= 0 else start(0) for lo, ms, _ in regions for m in ms}

    edits: list[Edit] = []
    for lo, moved_in, nxt in regions:
        follower = moved_in[0] if moved_in else nxt
        if lo >= 0:
            g0, g1 = blocks[lo].end, (start(lo + 1) if lo + 1 < n else blocks[lo].end)
            new_sep = sep(lo, follower)
            if text[g0:g1] != new_sep:
                kind = order.joins.get((lo, follower))
                if kind is not None:
                    rule, conf, why = kind
                    rule = "join" if rule == "duplicate-char" else rule
                else:
                    rule, conf, why = "move", 0.7, "paragraph break around moved blocks"
                edits.append(Edit(g0, g1, new_sep, NAME, rule, conf, why))
        at = start(lo + 1) if lo >= 0 else start(0)
        if moved_in:
            edits += _pastes(text, blocks, order, moved_in, nxt, at)
        for j in range(lo + 1, nxt):
            end = start(j + 1) if j + 1 < n else blocks[j].end
            why = order.moves.get(j, "reading order restored")
            edits.append(
                Edit(start(j), end, "", NAME, "move", 0.7, f"moved to offset {home[j]}; {why}")
            )
        if nxt < n and order.trim.get(nxt) and nxt in order.anchors:
            edits.append(
                Edit(
                    blocks[nxt].start,
                    blocks[nxt].start + order.trim[nxt],
                    "",
                    NAME,
                    "duplicate-char",
                    0.6,
                    f"{blocks[nxt].text[0]} doubled across the break",
                )
            )
    return edits


def _pastes(
    text: str, blocks: list[Block], order: plan.Order, moved_in: list[int], nxt: int, at: int
) -> list[Edit]:
    """The insertions at ``at`` of the blocks moved in. Each is a verbatim copy of a stretch of
    ``text`` and says so (``source``), so provenance follows moved text; a stretch runs on while
    the next block and the break before it continue the copy. A break the input does not hold
    there (``\\n\\n`` between blocks that were apart) leads the next copy, or is inserted alone
    after the last one."""
    n = len(blocks)
    copies: list[tuple[str, int, int, int]] = []  # (break before it, start, end, first block)
    lead = ""
    for a, b in zip(moved_in, [*moved_in[1:], nxt], strict=True):
        cut = blocks[a].start + order.trim.get(a, 0)
        if copies and not lead and copies[-1][2] == cut:
            copies[-1] = (*copies[-1][:2], blocks[a].end, copies[-1][3])
        else:
            copies.append((lead, cut, blocks[a].end, a))
        gap = order.separator(a, b, text, blocks) if b < n else ""
        lead = "" if text.startswith(gap, blocks[a].end) else gap
        if not lead:
            copies[-1] = (*copies[-1][:2], blocks[a].end + len(gap), copies[-1][3])
    edits = []
    for before, start, end, a in copies:
        copy = text[start:end]
        src = start + len(copy) - len(copy.lstrip())  # Edit.source points past leading space
        why = f"moved here from offset {src}; {order.moves.get(a, 'reading order restored')}"
        moved = src if copy.strip() else None  # (blocks hold text; a source must point at some)
        edits.append(Edit(at, at, before + copy, NAME, "move", 0.7, why, source=moved))
    if lead:
        edits.append(Edit(at, at, lead, NAME, "move", 0.7, "paragraph break after moved blocks"))
    return edits
