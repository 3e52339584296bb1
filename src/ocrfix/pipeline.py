"""Run a profile over a text and keep what every pass did.

>>> r = run("safe", "区政协副主席扎西达娃率调研组在株调研考察民族文化传 承和保护")
>>> r.text
'区政协副主席扎西达娃率调研组在株调研考察民族文化传承和保护'
>>> print(r.summary())
cjk-spacing: 1 line-break space removed
"""

from __future__ import annotations

import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import regex

from ocrfix.edits import Edit, OffsetMap, PassResult, edits_to_jsonl, unified_diff
from ocrfix.profiles import Profile, load_profile
from ocrfix.registry import collector_paused

_SURROGATE = regex.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class StepResult:
    """One pass as it ran inside a profile: its result and how long it took."""

    name: str
    result: PassResult
    seconds: float

    @property
    def edits(self) -> tuple[Edit, ...]:
        return self.result.edits

    @property
    def flags(self) -> tuple[Edit, ...]:
        return self.result.flags


@dataclass(frozen=True)
class Repair:
    """The outcome of :func:`run`: the repaired ``text`` and every step that made it."""

    input: str
    text: str
    profile: Profile
    steps: tuple[StepResult, ...]

    @property
    def edits(self) -> list[Edit]:
        """All edits of all steps, each against its own step's input."""
        return [e for s in self.steps for e in s.edits]

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps)

    @cached_property
    def _maps(self) -> tuple[OffsetMap, ...]:
        # built once: origin() is asked for every character of a page by reviews and tests
        return tuple(OffsetMap.from_edits(s.edits) for s in self.steps)

    @cached_property
    def _inverses(self) -> tuple[OffsetMap, ...]:
        return tuple(m.inverse() for m in self._maps)

    def to_final(self, start: int, end: int, since: int = 0) -> tuple[int, int]:
        """Where ``[start, end)`` of step ``since``'s input lands in the repaired text: the
        forward twin of :meth:`origin` (moves are not followed: text cut out of a step maps to
        where it was cut).

        >>> r = run("safe", "民族文化传 承和保护")
        >>> r.to_final(6, 10), r.text[5:9]
        ((5, 9), '承和保护')
        """
        for inverse in self._inverses[since:]:
            start, end = inverse.to_input(start, end)
        return start, end

    def origins(self, start: int, end: int, upto: int | None = None) -> list[tuple[int, int]]:
        """The spans of the original input that output ``[start, end)`` (of step ``upto - 1``,
        default: the last) was made from, in output order; more than one when text was moved."""
        size = len(self.text) if upto is None or upto >= len(self.steps) else len(
            self.steps[upto].result.input
        )
        if not 0 <= start <= end <= size:
            raise ValueError(f"span {start}..{end} is not inside the output (0..{size})")
        spans = [(start, end)]
        for m in reversed(self._maps if upto is None else self._maps[:upto]):
            spans = [piece for s, e in spans for piece in m.spans(s, e)]
        return spans

    def origin(self, start: int, end: int, upto: int | None = None) -> tuple[int, int]:
        """Where output ``[start, end)`` (of step ``upto - 1``, default: the last) came from in
        the original input: the smallest span holding all of :meth:`origins`. Spans inside a
        replacement widen to the whole replaced input; moved text maps to where it was.

        >>> r = run("newspaper", "落实安全生产责任，比如工\\n\\n### 图片\\n\\n作人员都到场了。")
        >>> r.text   # flow joined 比如工|作人员 over the stray heading and moved the heading
        '落实安全生产责任，比如工作人员都到场了。\\n\\n### 图片'
        >>> k = r.text.index("图片")
        >>> r.origin(k, k + 2), r.input[18:20]
        ((18, 20), '图片')
        """
        spans = self.origins(start, end, upto)
        return min(s for s, _ in spans), max(e for _, e in spans)

    def edits_in_original(self) -> Iterator[tuple[StepResult, Edit, tuple[int, int]]]:
        """Each edit with its span mapped back to offsets in the original input."""
        for i, step in enumerate(self.steps):
            for e in step.edits:
                yield step, e, self.origin(e.start, e.end, upto=i)

    def diff(self, name: str = "text", context: int = 1) -> str:
        """Unified diff of input → output, line based."""
        return unified_diff(self.input, self.text, name, context)

    def readable_diff(self, color: bool = False, context: int = 10) -> str:
        """One hunk per edit or group of nearby edits, in the order of the input, changes marked
        ``[-old-]{+new+}`` inside a short window, with pass, rule and reason; moves as moves,
        suggestions as suggestions (see :mod:`ocrfix.diffview`)."""
        from ocrfix.diffview import readable_diff

        return readable_diff(self, color=color, context=context)

    def inline(self, color: bool = False) -> str:
        """Deprecated (the name of 0.1.0): :meth:`readable_diff`."""
        warnings.warn("Repair.inline() is now Repair.readable_diff()", DeprecationWarning, 2)
        return self.readable_diff(color=color)

    def edits_json(self) -> str:
        """JSON Lines, one edit a line, with ``origin`` (offsets in the original input) and, for
        moved text, ``source_origin`` (where it was in the original input); then the suggestions
        not applied (``"applied": false``), with their ``origin`` too."""
        out = []
        for i, step in enumerate(self.steps):
            for e in step.edits:
                extra: dict[str, Any] = {"origin": list(self.origin(e.start, e.end, upto=i))}
                if e.source is not None:
                    moved = self.origin(e.source, e.source + len(e.moved), upto=i)
                    extra["source_origin"] = list(moved)
                out.append(edits_to_jsonl(step.result.input, [e], **extra))
        for i, step in enumerate(self.steps):  # suggestions, against the same step's input
            for e in step.flags:
                origin = list(self.origin(e.start, e.end, upto=i))
                out.append(edits_to_jsonl(step.result.input, [e], applied=False, origin=origin))
        return "".join(out)

    def summary(self) -> str:
        """One line per pass that did something: ``dedup: 3 blocks removed, 1 fragment removed``."""
        lines = []
        for step in self.steps:
            counts = Counter(e.rule for e in step.edits)
            # a move is two edits of one rule, a cut and a paste: count it once
            cut = {e.rule for e in step.edits if e.end > e.start and not e.replacement}
            counts.subtract(
                e.rule for e in step.edits if e.start == e.end and e.replacement and e.rule in cut
            )
            flags = Counter(e.rule for e in step.flags)
            if not counts and not flags:
                continue
            parts = [self._phrase(step.name, r, n) for r, n in counts.items()]
            parts += [f"{n} {r} suggestion{'s' * (n != 1)} (not applied)" for r, n in flags.items()]
            lines.append(f"{step.name}: {', '.join(parts)}")
        if self.lone_surrogates:
            n = self.lone_surrogates
            lines.append(f"note: {n} lone surrogate{'s' * (n != 1)} (U+D800–DFFF) kept as given")
        return "\n".join(lines) if lines else "no changes"

    @cached_property
    def lone_surrogates(self) -> int:
        """Lone surrogates in the input (``surrogateescape`` decoding makes them): every pass
        leaves them where they are, and the summary says how many there were.

        >>> run("safe", "会议\\udc80，观 看").lone_surrogates
        1
        """
        return len(_SURROGATE.findall(self.input))

    def report(self) -> dict[str, Any]:
        """A JSON-ready report: profile, sizes, timings and edit counts per pass."""
        return {
            "profile": self.profile.name,
            "input_chars": len(self.input),
            "lone_surrogates": self.lone_surrogates,
            "output_chars": len(self.text),
            "steps": [
                {
                    "pass": s.name,
                    "seconds": round(s.seconds, 6),
                    "edits": len(s.edits),
                    "flags": len(s.flags),
                    "rules": dict(Counter(e.rule for e in s.edits)),
                }
                for s in self.steps
            ],
        }

    def _phrase(self, pass_name: str, rule: str, n: int) -> str:
        step = next(s for s in self.profile.steps if s.name == pass_name)
        return step.info.phrase(rule, n)


def run(
    profile: str | Path | Profile, text: str, on_step: Callable[[str], None] | None = None
) -> Repair:
    """Run every pass of ``profile`` in order; each pass sees the previous one's output.
    ``on_step`` is told each pass's name before it runs (a progress bar for long documents)."""
    prof = load_profile(profile)
    steps = []
    current = text
    with collector_paused():
        for step in prof.steps:
            if on_step is not None:
                on_step(step.name)
            t0 = time.perf_counter()
            result = step.info.run(current, step.options)
            steps.append(StepResult(step.name, result, time.perf_counter() - t0))
            current = result.output
    return Repair(text, current, prof, tuple(steps))


#: A short page that makes every pass load what it needs (word lists, language model, tables).
_WARM_TEXT = "株洲日报讯（记者/周敏） 3月3日，泥湫养殖户说：\n\n“民族文化传 承和保护。”\n"


class Repairer:
    """A profile loaded once, language data and all, to repair many texts: a web service, a
    notebook loop, a stream of records.

    >>> fix = Repairer("safe")
    >>> fix("民族文化传 承和保护").text
    '民族文化传承和保护'
    >>> [r.text for r in fix.map(["观 看历史图片", "革命文 物保护"])]
    ['观看历史图片', '革命文物保护']
    """

    def __init__(self, profile: str | Path | Profile = "newspaper", *, warm: bool = True) -> None:
        self.profile = load_profile(profile)
        if warm:  # the first request should not pay for loading (about 2 s for newspaper)
            run(self.profile, _WARM_TEXT)

    def __call__(self, text: str) -> Repair:
        if not isinstance(text, str):
            raise TypeError(f"Repairer takes str, not {type(text).__name__}; decode bytes first")
        return run(self.profile, text)

    def map(self, texts: Iterable[str]) -> Iterator[Repair]:
        """Each text repaired, in order, lazily."""
        if isinstance(texts, str):  # (iterating one string would repair it a character a time)
            raise TypeError("Repairer.map takes an iterable of texts, not one str; call it on one")
        return (self(t) for t in texts)


def is_idempotent(profile: str | Path | Profile, text: str) -> bool:
    """Does running the profile on its own output change nothing?"""
    once = run(profile, text).text
    return run(profile, once).text == once
