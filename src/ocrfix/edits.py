"""The edit model that every pass shares.

A pass never returns bare text: it returns the :class:`Edit` objects that turn its input into its
output, so that every change can be shown, explained, scored and traced back.

>>> text = "民族文化传 承和保护"
>>> e = Edit(5, 6, "", "cjk-spacing", "line-break-space", 0.95, "space between 传 and 承")
>>> apply(text, [e])
'民族文化传承和保护'
"""

from __future__ import annotations

import bisect
import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ocrfix.errors import EditError


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of a pass's input with ``replacement``.

    A deletion has an empty replacement, an insertion an empty span. ``confidence`` is how sure the
    pass is (0..1); ``reason`` says why in a few words a reviewer can check.
    """

    start: int
    end: int
    replacement: str
    pass_name: str
    rule: str
    confidence: float = 1.0
    reason: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise EditError(f"bad edit span {self.start}..{self.end}")
        if not 0.0 <= self.confidence <= 1.0:
            raise EditError(f"confidence {self.confidence} is not in 0..1")

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
        return d


def sort_edits(edits: Iterable[Edit]) -> list[Edit]:
    """Edits in text order; insertions before a replacement that starts at the same offset."""
    return sorted(edits, key=lambda e: (e.start, e.end))


def check_edits(text: str, edits: Sequence[Edit]) -> None:
    """Raise :class:`EditError` unless ``edits`` (in text order) fit ``text``, not overlapping."""
    last_end = 0
    for e in edits:
        if e.end > len(text):
            raise EditError(f"edit {e.start}..{e.end} runs past the end of a {len(text)}-char text")
        if e.start < last_end:
            raise EditError(f"edit {e.start}..{e.end} ({e.rule}) overlaps an earlier edit")
        last_end = e.end


def apply(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to ``text``; the order they are given in does not matter."""
    ordered = sort_edits(edits)
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
        return cls(name, text, apply(text, ordered), ordered, tuple(sort_edits(flags)))

    @property
    def changed(self) -> bool:
        return bool(self.edits)


@dataclass(frozen=True)
class OffsetMap:
    """Map offsets in a pass's output back to offsets in its input.

    >>> m = OffsetMap.from_edits([Edit(5, 6, "", "p", "r")])
    >>> m.to_input(5, 8)   # "承和保" in the output of "民族文化传 承和保护" minus the space
    (6, 9)
    """

    out_starts: tuple[int, ...] = ()
    out_ends: tuple[int, ...] = ()
    in_starts: tuple[int, ...] = ()
    in_ends: tuple[int, ...] = ()
    # deltas[i] = output offset minus input offset just after edit i
    deltas: tuple[int, ...] = field(default=())

    @classmethod
    def from_edits(cls, edits: Iterable[Edit]) -> OffsetMap:
        out_starts, out_ends, in_starts, in_ends, deltas = [], [], [], [], []
        delta = 0
        for e in sort_edits(edits):
            out_starts.append(e.start + delta)
            out_ends.append(e.start + delta + len(e.replacement))
            in_starts.append(e.start)
            in_ends.append(e.end)
            delta += len(e.replacement) - (e.end - e.start)
            deltas.append(delta)
        return cls(*map(tuple, (out_starts, out_ends, in_starts, in_ends, deltas)))

    def _start(self, p: int) -> int:
        i = bisect.bisect_right(self.out_starts, p) - 1
        if i < 0:
            return p
        if p < self.out_ends[i]:
            return self.in_starts[i]
        return p - self.deltas[i]

    def _end(self, p: int) -> int:
        i = bisect.bisect_left(self.out_starts, p) - 1
        if i < 0:
            return p
        if p <= self.out_ends[i]:
            return self.in_ends[i]
        return p - self.deltas[i]

    def to_input(self, start: int, end: int) -> tuple[int, int]:
        """The input span that output ``[start, end)`` came from (widened to whole edits)."""
        return self._start(start), max(self._start(start), self._end(end))

    def inverse(self) -> OffsetMap:
        """The map from input offsets to output offsets (``inverse().to_input`` maps forward)."""
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


_COLORS = {"del": "\x1b[31m", "ins": "\x1b[32m", "dim": "\x1b[2m", "off": "\x1b[0m"}


def inline_diff(text: str, edits: Sequence[Edit], color: bool = False, context: int = 12) -> str:
    """One line per edit: a little context with ``[-deleted-]{+inserted+}`` marks and the rule.

    Easier to read than a line diff when a paragraph is 300 characters long.
    """
    c = _COLORS if color else {k: "" for k in _COLORS}
    out = []
    for e in sort_edits(edits):
        left = text[max(0, e.start - context) : e.start].replace("\n", "⏎")
        right = text[e.end : e.end + context].replace("\n", "⏎")
        old = text[e.start : e.end].replace("\n", "⏎")
        new = e.replacement.replace("\n", "⏎")
        mark = ""
        if old:
            mark += f"{c['del']}[-{old}-]{c['off']}"
        if new:
            mark += f"{c['ins']}{{+{new}+}}{c['off']}"
        out.append(
            f"{e.start:>7}  {left}{mark}{right}  {c['dim']}{e.pass_name}/{e.rule} "
            f"{e.confidence:.2f} {e.reason}{c['off']}"
        )
    return "\n".join(out) + ("\n" if out else "")


def edits_to_jsonl(text: str, edits: Iterable[Edit], **extra: Any) -> str:
    """One JSON object per line and edit, UTF-8 (no ``\\u`` escapes)."""
    return "".join(
        json.dumps({**e.to_dict(text), **extra}, ensure_ascii=False) + "\n" for e in edits
    )
