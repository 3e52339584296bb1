"""The edit model that every pass shares.

A pass never returns bare text: it returns the :class:`Edit` objects that turn its input into its
output, so that every change can be shown, explained, scored and traced back.

>>> text = "民族文化传 承和保护"
>>> e = Edit(5, 6, "", "cjk-spacing", "line-break-space", 0.95, "space between 传 and 承")
>>> apply(text, [e])
'民族文化传承和保护'

Moved text is a deletion plus an insertion whose ``source`` says where the inserted text was cut
from, so that provenance follows it (:meth:`OffsetMap.to_input`):

>>> text = "作。\\n\\n遴选工"
>>> cut = Edit(0, 4, "", "flow", "move", 0.7, "moved to offset 7")
>>> paste = Edit(7, 7, "作。", "flow", "move", 0.7, "moved here from offset 0", source=0)
>>> apply(text, [cut, paste])
'遴选工作。'
"""

from __future__ import annotations

import bisect
import difflib
import json
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ocrfix.errors import EditError


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of a pass's input with ``replacement``.

    A deletion has an empty replacement, an insertion an empty span. ``confidence`` is how sure the
    pass is (0..1); ``reason`` says why in a few words a reviewer can check.

    ``source`` is set when the replacement is text moved within the input (usually cut out by
    another edit of the same pass): after its leading whitespace (the paragraph break that sets it
    off) the replacement is a verbatim copy of ``text[source:]`` (checked by :func:`apply`).
    """

    start: int
    end: int
    replacement: str
    pass_name: str
    rule: str
    confidence: float = 1.0
    reason: str = ""
    source: int | None = None

    def __init__(
        self,
        start: int,
        end: int,
        replacement: str,
        pass_name: str,
        rule: str,
        confidence: float = 1.0,
        reason: str = "",
        source: int | None = None,
    ) -> None:
        # (the dataclass's own __init__ sets each slot through object.__setattr__, as a frozen
        # class must: almost twice as slow, and the passes build some 400 Edits per page)
        if not 0 <= start <= end:
            raise EditError(f"bad edit span {start}..{end}")
        if not 0.0 <= confidence <= 1.0:
            raise EditError(f"confidence {confidence} is not in 0..1")
        if source is not None and (source < 0 or not replacement.lstrip()):
            raise EditError(f"bad source {source} for replacement {replacement!r}")
        _set_start(self, start)
        _set_end(self, end)
        _set_replacement(self, replacement)
        _set_pass_name(self, pass_name)
        _set_rule(self, rule)
        _set_confidence(self, confidence)
        _set_reason(self, reason)
        _set_source(self, source)

    @property
    def moved(self) -> str:
        """The part of the replacement copied from ``source``: all but its leading whitespace
        (empty unless the edit has a source)."""
        return "" if self.source is None else self.replacement.lstrip()

    def to_dict(self, source: str | None = None) -> dict[str, Any]:
        """A JSON-ready dict; given ``source`` (the edit's input text) it adds ``original``."""
        d: dict[str, Any] = {
            "pass": self.pass_name,
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
        }
        if source is not None:
            d["original"] = source[self.start : self.end]
        d.update(replacement=self.replacement, confidence=self.confidence, reason=self.reason)
        if self.source is not None:  # only moves carry it: other edits' JSON is unchanged
            d["source"] = self.source
        return d


# The slots' own setters, for Edit.__init__.
(
    _set_start,
    _set_end,
    _set_replacement,
    _set_pass_name,
    _set_rule,
    _set_confidence,
    _set_reason,
    _set_source,
) = (getattr(Edit, name).__set__ for name in Edit.__slots__)


def sort_edits(edits: Iterable[Edit]) -> list[Edit]:
    """Edits in text order; insertions before a replacement that starts at the same offset."""
    return sorted(edits, key=_SPAN)


_SPAN = operator.attrgetter("start", "end")


def check_edits(text: str, edits: Sequence[Edit]) -> None:
    """Raise :class:`EditError` unless ``edits`` (in text order) fit ``text``, not overlapping,
    and every moved replacement is what its ``source`` offset holds."""
    last_end = 0
    for e in edits:
        if e.end > len(text):
            raise EditError(f"edit {e.start}..{e.end} runs past the end of a {len(text)}-char text")
        if e.start < last_end:
            raise EditError(f"edit {e.start}..{e.end} ({e.rule}) overlaps an earlier edit")
        if e.source is not None and text[e.source : e.source + len(e.moved)] != e.moved:
            raise EditError(f"edit {e.start}..{e.end} ({e.rule}): no copy of offset {e.source}")
        last_end = e.end


def apply(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to ``text``; the order they are given in does not matter."""
    return _apply_ordered(text, sort_edits(edits))


def _apply_ordered(text: str, ordered: Sequence[Edit]) -> str:
    """:func:`apply` for edits already in text order."""
    check_edits(text, ordered)
    parts: list[str] = []
    pos = 0
    for e in ordered:
        parts.append(text[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


@dataclass(frozen=True)
class PassResult:
    """What one pass did: its input, its output and the edits between them.

    ``flags`` are suggestions the pass did not apply (e.g. typos in flag-only mode); their spans
    refer to the input, like the edits'.
    """

    name: str
    input: str
    output: str
    edits: tuple[Edit, ...]
    flags: tuple[Edit, ...] = ()

    @classmethod
    def from_edits(
        cls, name: str, text: str, edits: Iterable[Edit], flags: Iterable[Edit] = ()
    ) -> PassResult:
        """The result of a pass, built from its edits: the output is ``apply(text, edits)``."""
        ordered = tuple(sort_edits(edits))
        return cls(name, text, _apply_ordered(text, ordered), ordered, tuple(sort_edits(flags)))

    @property
    def changed(self) -> bool:
        return bool(self.edits)


@dataclass(frozen=True)
class OffsetMap:
    """Map offsets in a pass's output back to offsets in its input.

    >>> m = OffsetMap.from_edits([Edit(5, 6, "", "p", "r")])
    >>> m.to_input(5, 8)   # "承和保" in the output of "民族文化传 承和保护" minus the space
    (6, 9)

    Moved text maps to where it was cut from (``作。`` was at offset 0 of ``作。\\n\\n遴选工``):

    >>> m = OffsetMap.from_edits([Edit(0, 4, "", "p", "r"), Edit(7, 7, "作。", "p", "r", source=0)])
    >>> m.to_input(3, 5), m.to_input(0, 5)
    ((0, 2), (0, 7))
    """

    out_starts: tuple[int, ...] = ()
    out_ends: tuple[int, ...] = ()
    in_starts: tuple[int, ...] = ()
    in_ends: tuple[int, ...] = ()
    # deltas[i] = output offset minus input offset just after edit i
    deltas: tuple[int, ...] = field(default=())
    # sources[i] = Edit.source of edit i, leads[i] = the whitespace before its copied text
    # (both empty when no edit has a source)
    sources: tuple[int | None, ...] = ()
    leads: tuple[int, ...] = ()

    @classmethod
    def from_edits(cls, edits: Iterable[Edit]) -> OffsetMap:
        out_starts, out_ends, in_starts, in_ends, deltas = [], [], [], [], []
        sources: list[int | None] = []
        leads: list[int] = []
        delta = 0
        for e in sort_edits(edits):
            out_starts.append(e.start + delta)
            out_ends.append(e.start + delta + len(e.replacement))
            in_starts.append(e.start)
            in_ends.append(e.end)
            delta += len(e.replacement) - (e.end - e.start)
            deltas.append(delta)
            sources.append(e.source)
            leads.append(len(e.replacement) - len(e.moved) if e.source is not None else 0)
        spans = (tuple(out_starts), tuple(out_ends), tuple(in_starts), tuple(in_ends))
        if all(x is None for x in sources):
            return cls(*spans, tuple(deltas))
        return cls(*spans, tuple(deltas), tuple(sources), tuple(leads))

    def _inside(self, i: int, p: int, edge: int) -> int:
        """Input offset of output ``p`` inside replacement ``i``: in moved text, the very
        character it was copied from (its leading break: where the copy starts); otherwise
        ``edge`` (the replaced span's start or end)."""
        src = self.sources[i] if self.sources else None
        if src is None:
            return edge
        return src + max(0, p - self.out_starts[i] - self.leads[i])

    def _start(self, p: int) -> int:
        i = bisect.bisect_right(self.out_starts, p) - 1
        if i < 0:
            return p
        if p < self.out_ends[i]:
            return self._inside(i, p, self.in_starts[i])
        return p - self.deltas[i]

    def _end(self, p: int) -> int:
        i = bisect.bisect_left(self.out_starts, p) - 1
        if i < 0:
            return p
        if p <= self.out_ends[i]:
            return self._inside(i, p, self.in_ends[i])
        return p - self.deltas[i]

    def spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """The input spans that the pieces of output ``[start, end)`` came from, in output order:
        unchanged stretches and moved text exactly, other replacements widened to what they
        replaced. Without moves the spans are in input order too."""
        if start >= end:
            s = self._start(start)
            return [(s, max(s, self._end(end)))]
        out: list[tuple[int, int]] = []
        pos = start
        i = bisect.bisect_right(self.out_ends, start)  # the first edit that ends after start
        while i < len(self.out_starts) and self.out_starts[i] < end:
            o_start, o_end = self.out_starts[i], self.out_ends[i]
            if pos < o_start:  # unchanged text before edit i
                d = self.deltas[i - 1] if i else 0
                out.append((pos - d, o_start - d))
                pos = o_start
            if o_end > o_start:  # a deletion left nothing in the output to map
                stop = min(end, o_end)
                out.append((self._inside(i, pos, self.in_starts[i]), self._end(stop)))
                pos = stop
            i += 1
        if pos < end:
            d = self.deltas[i - 1] if i else 0
            out.append((pos - d, end - d))
        return out

    def to_input(self, start: int, end: int) -> tuple[int, int]:
        """The input span that output ``[start, end)`` came from (widened to whole edits, and to
        cover every piece when the span takes in moved text)."""
        spans = self.spans(start, end)
        return min(s for s, _ in spans), max(e for _, e in spans)

    def inverse(self) -> OffsetMap:
        """The map from input offsets to output offsets (``inverse().to_input`` maps forward).

        Moves are not inverted: text cut from the input maps to where it was cut.
        """
        return OffsetMap(
            self.in_starts,
            self.in_ends,
            self.out_starts,
            self.out_ends,
            tuple(-d for d in self.deltas),
        )


# ---------------------------------------------------------------------------------------------
# Renderings


def unified_diff(before: str, after: str, name: str = "text", context: int = 1) -> str:
    """A line-based unified diff; Chinese paragraphs are lines, so one hunk is one paragraph."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
        n=context,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def edits_to_jsonl(text: str, edits: Iterable[Edit], **extra: Any) -> str:
    """One JSON object per line and edit, UTF-8 (no ``\\u`` escapes)."""
    return "".join(
        json.dumps({**e.to_dict(text), **extra}, ensure_ascii=False) + "\n" for e in edits
    )
