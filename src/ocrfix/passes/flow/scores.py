"""The scores ``flow`` plans with, over the page's blocks (:mod:`ocrfix.layout.blocks`; see
:mod:`ocrfix.passes.flow`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import regex

from ocrfix.layout.blocks import Block
from ocrfix.layout.patterns import ends_with_credit
from ocrfix.resources.joins import (
    START_OPENER,
    ends_sentence,
    join_features,
    page_phrases,
    starts_new,
)

BYLINE_ONLY = regex.compile(r"^\p{Han}{0,10}讯\s*[（(][^（()）]*[/／][^（()）]*[)）]$")
DATE_START = regex.compile(r"^\d{1,2}月\d{1,2}日")
#: Points added to a join of blocks that are neighbours in the given order.
ADJACENT = 1.0
NEAR = 0.3
STRAY = -6.0
#: A fragment of at most this many characters followed by a headline is a stray piece.
STRAY_MAX = 10
#: Inside a window every fragment competes for its successor, so weaker joins are admitted.
WINDOW_SLACK = -1.5
DOUBLED = 2.0
#: Inside a window, an opening like ``最终，`` (no word across the break) marks a first line.
WINDOW_OPENER = -1.0
#: A new fragment order is taken only if most of its new links (at least this share, and at
#: least this many) have a clue beyond shapes (see ``_clued``): OCR noise makes shape-only links.
CLUED_SHARE = 0.6
MIN_CLUED = 3
#: How many blocks a story interrupted by a rebuilt window may run on after it.
STORY_REACH = 80
#: Rounds of cycle opening in the fragment assignment, and links of a cycle tried in each.
CYCLE_ROUNDS = 4
CYCLE_TRIES = 8


def pair_score(
    a: Block, b: Block, grams: Mapping[str, int] | None = None, prior: bool = True
) -> float:
    """Join score of ``b`` after ``a``, with the stray-character rule, the document's own phrases
    (``教育|基地`` reads on when ``教育基地`` occurs elsewhere on the page: a phrase the document
    uses outweighs the word lists' doubt; the ``phrase`` clue of
    :func:`~ocrfix.resources.joins.join_features`) and, inside windows of fragments, a small
    prior for the given order. A pair the language model cannot judge (``教育|（杨得志故居）``)
    gets 0 for ``lm``, the level of a plain word boundary, so it is neither preferred nor held
    back for lack of evidence."""
    f = join_features(a.text, b.text, grams)
    score = f.total
    if prior:
        d = b.index - a.index
        score += ADJACENT if d == 1 else NEAR if 1 < d <= 4 else 0.0
        if f.start == START_OPENER and not (f.word or f.name):
            score += WINDOW_OPENER  # a fragment that opens like a paragraph is a first line
    if a.size <= 2 or (b.size <= 2 and not ends_sentence(b.text)):
        score += STRAY
    return score


def doc_grams(blocks: list[Block]) -> dict[str, int]:
    """Character 4-grams of Han text seen in the document, with their counts (for the document
    phrase clue)."""
    return page_phrases(b.text for b in blocks)


def can_end(a: Block) -> bool:
    """May a paragraph run on after ``a``? (With :func:`can_start`: may ``b`` join ``a``.)"""
    return not (
        ends_with_credit(a.text)  # a photo credit ends its caption
        or a.heading
        or a.furniture
        or ends_sentence(a.text)
    )


def can_start(b: Block) -> bool:
    """May ``b`` continue a paragraph (a heading, furniture or a byline starts one)?"""
    return not (b.heading or b.furniture or starts_new(b.text))


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


def confidence(score: float) -> float:
    return round(min(0.95, max(0.5, 0.55 + 0.1 * score)), 2)


def _preview(text: str, head: bool = False) -> str:
    return text[:6] if head else text[-6:]


def join_reason(a: Block, b: Block) -> str:
    f = join_features(a.text, b.text)
    clues = [k for k in ("word", "name", "brackets", "lm") if getattr(f, k) > 0]
    why = ", ".join(clues) or "open end"
    return f"{_preview(a.text)}|{_preview(b.text, head=True)} reads on ({why})"
