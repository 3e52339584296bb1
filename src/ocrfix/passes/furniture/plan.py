"""How ``furniture`` plans its edits: a page's blocks, the pieces of furniture in them, where
each broken paragraph ends, and the moves (or, with ``drop``, the deletions) that take the
furniture out of the sentences it interrupts (see :mod:`ocrfix.passes.furniture`)."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from ocrfix.chars import CJK
from ocrfix.edits import Edit
from ocrfix.layout.blocks import split_blocks
from ocrfix.layout.furniture import (
    CONFIDENCE,
    Inline,
    bare_caption,
    classify_block,
    ends_soft,
    inline_pieces,
    title_like,
)
from ocrfix.passes.furniture.credits import Cuts, between_columns, caption_before, own_line
from ocrfix.resources.joins import starts_new

if TYPE_CHECKING:
    from ocrfix.passes.furniture import FurnitureOptions

NAME = "furniture"
#: What a kind's rule ends in when the piece is dropped (``masthead-dropped``), not moved.
DROPPED = "-dropped"


class Planner:
    """The edits of one run of the pass over ``text`` (:meth:`edits`)."""

    def __init__(self, text: str, options: FurnitureOptions) -> None:
        self.text = text
        self.options = options
        self.blocks = split_blocks(text)
        self.kinds = [
            None if b.heading else classify_block(b.text, options.caption_max_chars)
            for b in self.blocks
        ]
        self.pieces = [
            [] if b.heading or k is not None else inline_pieces(b)
            for b, k in zip(self.blocks, self.kinds, strict=True)
        ]
        for i, pieces in enumerate(self.pieces):
            if not pieces:
                continue
            rest = self._without_pieces(i)
            kind = classify_block(rest, options.caption_max_chars)
            if kind is None and self._bare_rest(i, rest):
                kind = pieces[0].kind  # the piece and the caption beside it go together
            if kind is not None:  # furniture through and through (``…摄 掌上株洲``)
                self.kinds[i], self.pieces[i] = kind, []
        self.out: list[Edit] = []
        self.spans: list[tuple[int, int]] = []  # of ``out``, in order: where a new edit may go
        self.cuts = Cuts()  # what ``out`` takes out of the text
        #: per block, asked once its pieces are known: its text without them, whether it ends
        #: its paragraph (a long block holds many pieces, each asking where its paragraph ends)
        self.texts: dict[int, str] = {}
        self.ended: dict[int, bool] = {}
        #: bare captions (by block) and the offset their text now ends at (moved or not)
        self.captions: dict[int, int] = {}
        self.claimed = 0  # inline cuts in a block never reach back before this offset
        #: runs of furniture blocks moved out of a paragraph: first block -> last block
        self.runs: dict[int, int] = {}

    # -- paragraphs ------------------------------------------------------------------------

    def _effective(self, i: int) -> str:
        """Block ``i``'s text without its inline furniture (``…茶话会",聚焦…``)."""
        if i not in self.texts:
            self.texts[i] = self._without_pieces(i)
        return self.texts[i]

    def _without_pieces(self, i: int) -> str:
        b = self.blocks[i]
        parts, pos = [], b.start
        for p in self.pieces[i]:
            parts.append(self.text[pos : p.start])
            pos = p.end
        parts.append(self.text[pos : b.end])
        return "".join(parts).strip()

    def _bare_rest(self, i: int, rest: str) -> bool:
        """Is what block ``i`` holds besides its inline furniture a bare caption, as a second
        run would see it once the furniture is cut (``下转2版视频`` after an image gap)?"""
        b = self.blocks[i]
        if not (self.options.bare_captions and b.after_gap and rest):
            return False
        return bare_caption(replace(b, text=rest), self.options.caption_max_chars)

    def _ends_with_jump(self, i: int) -> bool:
        # Pieces do not overlap: only the last can have nothing but spaces after it.
        return any(
            p.kind == "jump-line" and not self.text[p.end : self.blocks[i].end].strip()
            for p in self.pieces[i][-1:]
        )

    def _ends(self, i: int) -> bool:
        """Does block ``i`` end its paragraph, on ``。`` or a jump line (``…环境,▶下转02版``)?"""
        if i not in self.ended:
            self.ended[i] = self._ends_with_jump(i) or not ends_soft(self._effective(i))
        return self.ended[i]

    def _continues(self, i: int) -> bool:
        """Can block ``i`` carry on a paragraph that the block before it broke off?"""
        if i >= len(self.blocks) or self.blocks[i].heading or self.kinds[i] is not None:
            return False
        text = self._effective(i)
        return not title_like(text) and not starts_new(text)  # a byline starts a story

    def _paragraph_end(self, i: int) -> int | None:
        """The last block of the paragraph that runs on from block ``i`` (None: not found)."""
        for _ in range(self.options.max_reach):
            if self._ends(i):
                return i
            # A run of captions that is moved away does not end the paragraph: what follows it
            # does, so inline furniture lands where a second run would leave it (idempotence).
            after = self.runs.get(i + 1, i) + 1
            if not self._continues(after):
                return i
            i = after
        return None

    # -- edits -----------------------------------------------------------------------------

    def _add(self, *edits: Edit) -> None:
        new = sorted((e.start, e.end) for e in edits)
        if any(b[0] < a[1] for a, b in pairwise(new)) or any(map(self._overlaps, new)):
            return  # never overlap an earlier decision
        self.out.extend(edits)
        for span in new:
            insort(self.spans, span)
        for e in edits:
            self.cuts.add(e)

    def _overlaps(self, span: tuple[int, int]) -> bool:
        """Does ``span`` overlap an edit made so far? Only its neighbours in text order can."""
        k = bisect_left(self.spans, span)
        before = self.spans[k - 1] if k else None
        after = self.spans[k] if k < len(self.spans) else None
        return (before is not None and span[0] < before[1]) or (
            after is not None and after[0] < span[1]
        )

    def _edit(
        self,
        start: int,
        end: int,
        new: str,
        kind: str,
        reason: str,
        conf: float = 0,
        source: int | None = None,
    ) -> Edit:
        confidence = conf or CONFIDENCE[kind]
        return Edit(start, end, new, NAME, kind, confidence, reason, source)

    def _drop(self, start: int, end: int, new: str, kind: str, conf: float = 0) -> Edit:
        """Delete a piece of furniture (``new``: a space where it stood between two words, or
        nothing) under its kind's ``-dropped`` rule (``第23271期``: ``masthead-dropped``), so that
        the summary says what became of it: ``3 masthead lines dropped``, not ``moved out``."""
        why = f"dropped furniture ({kind})"
        return Edit(start, end, new, NAME, kind + DROPPED, conf or CONFIDENCE[kind], why)

    def edits(self) -> list[Edit]:
        # With ``drop`` too: a caption known only by where it stands (between the two halves of a
        # paragraph) must go, or ``flow`` joins the first half to it (``…企业改制小区、小区党支部
        # 书记共商和谐小区之道。``).
        runs = list(self._runs())
        self.runs = {first: last for first, last, _ in runs}
        for first, last, kinds in runs:
            self._move_run(first, last, kinds)
        for i in range(len(self.blocks)):
            if self.kinds[i] is not None and self.options.drop:
                self._drop_block(i)
            self.claimed = self.blocks[i].start
            for piece in self.pieces[i]:
                self._inline(i, piece)
        return self.out

    def _drop_block(self, i: int) -> None:
        b = self.blocks[i]
        start = self.blocks[i - 1].end if i else 0
        if i == 1 and self.kinds[0] is not None:
            start = b.start  # block 0 went with the separator after it
        end = b.end if i else (self.blocks[1].start if len(self.blocks) > 1 else len(self.text))
        self._add(self._drop(start, end, "", self.kinds[i] or "caption"))

    def _inline(self, i: int, piece: Inline) -> None:
        b, t = self.blocks[i], self.text
        # The spaces around the piece, read from it outwards: never the whole block per piece.
        spaced = _space_before(t, b.start, piece.start)
        trail = _space_after(t, piece.end, b.end)
        lead = max(self.claimed, spaced)
        self.claimed = trail
        label = t[piece.start : piece.end]
        at_start, at_end = spaced == b.start, trail == b.end
        if at_start:
            cut = (piece.start, trail, "")
        elif at_end:
            cut = (lead, piece.end, "")
        else:
            joined = CJK.match(t[lead - 1]) and CJK.match(t[trail])
            cut = (lead, trail, "" if joined else " ")
        if self.options.drop:
            self._add(self._drop(*cut, piece.kind))
            return
        if own_line(t, b, piece, self.cuts) or between_columns(t, piece):
            return
        caption = self._caption_for(i, piece)
        if caption is not None:
            dest = self.captions[caption]
            src = self.blocks[caption].start
            self._add(
                self._edit(*cut[:2], cut[2], piece.kind, f"moved to {dest}, to its caption"),
                self._edit(
                    dest,
                    dest,
                    label,
                    piece.kind,
                    f"moved from {piece.start}, after the caption from {src}",
                    source=piece.start,
                ),
            )
            return
        last = self._paragraph_end(i)
        if piece.kind == "jump-line" and label.lstrip("▶►▷>（(").startswith(("上接", "接")):
            last = None if at_start else last
        if last is None or (last == i and at_end):
            # Split off where it stands: it ends the paragraph, or the paragraph's end is unknown.
            if not at_end:
                self._add(self._edit(piece.end, trail, "\n\n", piece.kind, "split off after it"))
            if not at_start:
                cap = (
                    caption_before(t, b, piece, self.options.caption_max_chars) if at_end else None
                )
                if cap is None:
                    self._add(
                        self._edit(lead, piece.start, "\n\n", piece.kind, "split off before it")
                    )
                elif cap[0] > b.start:
                    why = "split off with its caption before it"
                    self._add(self._edit(cap[0], cap[1], "\n\n", piece.kind, why))
            return
        dest = self.blocks[last].end
        self._add(
            self._edit(*cut[:2], cut[2], piece.kind, f"moved to {dest}"),
            self._edit(
                dest, dest, "\n\n" + label, piece.kind, f"moved from {piece.start}", 0, piece.start
            ),
        )

    def _caption_for(self, i: int, piece: Inline) -> int | None:
        """A credit-less caption (moved) that a stray credit in block ``i`` belongs to.

        The nearest one before it in the same article: no heading, headline or other furniture
        in between, at most ``max_reach`` blocks back.
        """
        if piece.kind != "photo-credit":
            return None
        for k in range(i - 1, max(-1, i - 1 - self.options.max_reach), -1):
            if k in self.captions:
                return k
            b = self.blocks[k]
            if b.heading or self.kinds[k] is not None or title_like(self._effective(k)):
                return None
        return None

    def _runs(self) -> Iterator[tuple[int, int, list[str]]]:
        """Runs of furniture blocks that stand between a broken-off paragraph and its rest."""
        i = 1
        while i < len(self.blocks):
            j = i
            kinds: list[str] = []
            while j < len(self.blocks) and not self.blocks[j].heading:
                kind = self.kinds[j]
                # A block holding inline furniture (``|上接1版``) is not a bare caption: its
                # pieces are judged one by one, as a second run would judge them.
                bare = self.options.bare_captions and kind is None and not self.pieces[j]
                if bare and bare_caption(self.blocks[j], self.options.caption_max_chars):
                    kind = "caption"
                if kind is None:
                    break
                kinds.append(kind)
                j += 1
            if kinds and "jump-line" not in kinds and self._interrupts(i, j):
                yield i, j - 1, kinds
            i = max(j, i + 1)

    def _interrupts(self, first: int, after: int) -> bool:
        prev = first - 1
        if self.blocks[prev].heading or self.kinds[prev] is not None or self._ends_with_jump(prev):
            return False
        prev_text = self._effective(prev)
        return not title_like(prev_text) and ends_soft(prev_text) and self._continues(after)

    def _move_run(self, first: int, last: int, kinds: list[str]) -> None:
        end = self._paragraph_end(first + len(kinds))
        if end is None:
            return
        bare = any(self.kinds[k] is None for k in range(first, last + 1))
        if bare and ends_soft(self._effective(end)):
            # After an unfinished block a bare caption would read as its continuation, and a
            # second run would move the credits again (``，`` ⏎ ``中央。`` ⏎ credit).
            return
        dest = self.blocks[end].end
        if self.options.drop:  # only the bare captions: ``_drop_block`` drops known furniture
            dropped = [
                self._drop(self.blocks[k - 1].end, self.blocks[k].end, "", "caption", 0.6)
                for k in range(first, last + 1)
                if self.kinds[k] is None
            ]
            self._add(*dropped)
            return
        edits = []
        for k, kind in zip(range(first, last + 1), kinds, strict=True):
            if self.kinds[k] is None:
                self.captions[k] = dest
            b = self.blocks[k]
            conf = 0.6 if self.kinds[k] is None else 0.0
            edits.append(
                self._edit(self.blocks[k - 1].end, b.end, "", kind, f"moved to {dest}", conf)
            )
            edits.append(
                self._edit(
                    dest, dest, "\n\n" + b.text, kind, f"moved from {b.start}", conf, b.start
                )
            )
        self._add(*edits)


def _space_before(text: str, start: int, end: int) -> int:
    """Where the spaces that end ``text[start:end]`` begin (``end``: none)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _space_after(text: str, start: int, end: int) -> int:
    """Where the spaces that start ``text[start:end]`` end (``start``: none)."""
    while start < end and text[start].isspace():
        start += 1
    return start
