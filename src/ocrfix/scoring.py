"""Score repairs against hand-corrected gold text (metrics are plain functions, as in jiwer).

Two character error rates, both ``Levenshtein(reference, hypothesis) / len(reference)`` on a
normalized form, with the reference (the gold) first as in ``jiwer.cer(reference, hypothesis)``:

- :func:`cer` ignores all whitespace: did the characters come out right, in the right order?
- :func:`cer_layout` keeps paragraph breaks and spaces inside lines (runs of whitespace that hold a
  newline count as one break, other runs as one space): did the paragraphs and spacing come out
  right too? Line-break spaces left by extraction show up here only.

>>> cer(reference="酃县白鹅", hypothesis="鄱县白鹅")
0.25
>>> cer_layout(reference="民族文化传承", hypothesis="民族文化传 承")
0.16666666666666666

Pass both by keyword. ocrfix 0.1 took them positionally the other way round, ``cer(hyp, gold)``;
positional calls still mean that, with a :class:`DeprecationWarning`, so that no caller gets a
quietly different number.
"""

from __future__ import annotations

import tomllib
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from rapidfuzz.distance import Levenshtein

from ocrfix.edits import Edit
from ocrfix.pipeline import Repair, run
from ocrfix.profiles import Profile, load_profile

_WS = regex.compile(r"\s+")
_BREAK = regex.compile(r"[^\S\n]*\n\s*")
_HSPACE = regex.compile(r"[^\S\n]+")


def strip_whitespace(text: str) -> str:
    return _WS.sub("", text)


def normalize_layout(text: str) -> str:
    """Paragraph breaks as one ``\\n``, other whitespace runs as one space, ends trimmed."""
    return _HSPACE.sub(" ", _BREAK.sub("\n", text.strip()))


def _rate(hyp: str, gold: str) -> float:
    if not gold:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(hyp, gold) / len(gold)


def _pair(
    name: str, args: tuple[str, ...], reference: str | None, hypothesis: str | None
) -> tuple[str, str]:
    """``(reference, hypothesis)`` from keywords, or from 0.1's positional ``(hyp, gold)``."""
    if args:
        if len(args) != 2 or reference is not None or hypothesis is not None:
            raise TypeError(f"{name}() takes reference= and hypothesis= by keyword")
        warnings.warn(
            f"{name}(hyp, gold) with positional arguments is deprecated: write "
            f"{name}(reference=gold, hypothesis=hyp) (jiwer's order)",
            DeprecationWarning,
            stacklevel=3,
        )
        return args[1], args[0]
    if reference is None or hypothesis is None:
        raise TypeError(f"{name}() needs reference= and hypothesis=")
    return reference, hypothesis


def cer(*args: str, reference: str | None = None, hypothesis: str | None = None) -> float:
    """Character error rate ignoring all whitespace: edits / characters of the reference."""
    ref, hyp = _pair("cer", args, reference, hypothesis)
    return _rate(strip_whitespace(hyp), strip_whitespace(ref))


def cer_layout(
    *args: str, reference: str | None = None, hypothesis: str | None = None
) -> float:
    """Character error rate keeping paragraph breaks and in-line spaces (normalized)."""
    ref, hyp = _pair("cer_layout", args, reference, hypothesis)
    return _rate(normalize_layout(hyp), normalize_layout(ref))


def relative_reduction(before: float, after: float) -> float:
    """How much of the error a repair removed: 1.0 = all of it, negative = it made things worse."""
    return 0.0 if before == 0 else (before - after) / before


# ---------------------------------------------------------------------------------------------
# Per-edit attribution: does an edit move the text closer to gold?


@dataclass(frozen=True)
class Attribution:
    """How one pass's edits moved its input relative to gold."""

    pass_name: str
    edits: int
    closer: int
    away: int
    neutral: int
    cer_after: float
    cer_layout_after: float

    @property
    def precision(self) -> float | None:
        """Share of the edits that made a difference which moved the text closer to gold."""
        decided = self.closer + self.away
        return None if decided == 0 else self.closer / decided


def _alignment(a: str, b: str) -> list[int]:
    """For each offset 0..len(a) in ``a``, an aligned offset in ``b`` (monotone)."""
    mapping = [0] * (len(a) + 1)
    for op in Levenshtein.opcodes(a, b):
        for k in range(op.src_start, op.src_end):
            if (
                op.tag in ("equal", "replace")
                and op.dest_end - op.dest_start == op.src_end - op.src_start
            ):
                mapping[k] = op.dest_start + (k - op.src_start)
            else:
                mapping[k] = op.dest_start
    mapping[len(a)] = len(b)
    return mapping


def edit_effects(text: str, edits: Sequence[Edit], gold: str, context: int = 8) -> list[int]:
    """For each edit: -1 if applying it alone moves ``text`` closer to ``gold``, +1 if away, 0 if
    neither, judged on a window around the edit aligned to gold (layout-normalized).
    """
    align = _alignment(text, gold)
    effects = []
    for e in edits:
        s, t = max(0, e.start - context), min(len(text), e.end + context)
        g = gold[align[s] : align[t]]
        before = text[s:t]
        after = text[s : e.start] + e.replacement + text[e.end : t]
        d0 = Levenshtein.distance(normalize_layout(before), normalize_layout(g))
        d1 = Levenshtein.distance(normalize_layout(after), normalize_layout(g))
        effects.append((d1 > d0) - (d1 < d0))
    return effects


def decidable_effects(text: str, edits: Sequence[Edit], gold: str, context: int = 4) -> list[int]:
    """For each edit: -1 right, +1 wrong, 0 not decidable. An edit is decidable when the window
    of ``context`` characters on each side differs from gold at most at the edited characters
    (whitespace aside): then it is right if its replacement is gold's text there, wrong if not.

    >>> gold = "澄江禁渔三年，江豚重现。"
    >>> text = "澄江禁渔三年，江豚重规。"
    >>> right, wrong = Edit(10, 11, "现", "typos", "r"), Edit(8, 9, "猪", "typos", "r")
    >>> decidable_effects(text, [right, wrong], gold)  # the second window holds 规 too
    [-1, 0]
    >>> decidable_effects(gold, [wrong], gold)
    [1]
    """
    align = _alignment(text, gold)
    out = []
    for e in edits:
        s, t = max(0, e.start - context), min(len(text), e.end + context)
        g = _WS.sub("", gold[align[s] : align[t]])
        pre, suf = _WS.sub("", text[s : e.start]), _WS.sub("", text[e.end : t])
        was, new = _WS.sub("", text[e.start : e.end]), _WS.sub("", e.replacement)
        mid = g[len(pre) : len(g) - len(suf)]
        if (
            len(pre) + len(suf) + len(was) != len(g)  # gold differs beside the edit too
            or not (g.startswith(pre) and g.endswith(suf))
        ):
            out.append(0)
        else:
            out.append(-1 if mid == new else 1)
    return out


def attribute(repair: Repair, gold: str) -> list[Attribution]:
    """Per pass: edits made, how many moved the text closer to / away from gold, CER after it."""
    out = []
    for step in repair.steps:
        effects = edit_effects(step.result.input, step.edits, gold)
        out.append(
            Attribution(
                step.name,
                len(effects),
                effects.count(-1),
                effects.count(1),
                effects.count(0),
                cer(reference=gold, hypothesis=step.result.output),
                cer_layout(reference=gold, hypothesis=step.result.output),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Corpora


@dataclass(frozen=True)
class Page:
    """A corpus page: ``raw`` as extracted, ``gold`` as corrected, and its metadata."""

    id: str
    raw: str
    gold: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def group(self) -> str:
        """The page's variant (for generated pages) or its kind."""
        return str(self.meta.get("variant") or self.meta.get("kind") or "seed")

    @property
    def split(self) -> str:
        """``tune`` (rules may be designed on it) or ``report`` (only reported on)."""
        return str(self.meta.get("split", "tune"))


def load_page(folder: Path) -> Page:
    meta_path = folder / "meta.toml"
    meta = tomllib.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    raw = (folder / "raw").read_text(encoding="utf-8")
    gold = (folder / "gold").read_text(encoding="utf-8")
    return Page(str(meta.get("id", folder.name)), raw, gold, meta)


def load_corpus(root: Path) -> list[Page]:
    """Every page below ``root`` (any folder holding both ``raw`` and ``gold``), sorted by path."""
    folders = sorted({p.parent for p in root.rglob("gold") if (p.parent / "raw").exists()})
    return [load_page(f) for f in folders]


@dataclass(frozen=True)
class Score:
    page: str
    group: str
    profile: str
    raw_cer: float
    cer: float
    raw_cer_layout: float
    cer_layout: float
    edits: int
    attribution: tuple[Attribution, ...]

    @property
    def reduction(self) -> float:
        return relative_reduction(self.raw_cer, self.cer)

    @property
    def reduction_layout(self) -> float:
        return relative_reduction(self.raw_cer_layout, self.cer_layout)


def score_page(page: Page, profile: str | Path | Profile) -> Score:
    """Repair one page with a profile and score it against the page's gold."""
    prof = load_profile(profile)
    repair = run(prof, page.raw)
    return Score(
        page.id,
        page.group,
        prof.name,
        cer(reference=page.gold, hypothesis=page.raw),
        cer(reference=page.gold, hypothesis=repair.text),
        cer_layout(reference=page.gold, hypothesis=page.raw),
        cer_layout(reference=page.gold, hypothesis=repair.text),
        len(repair.edits),
        tuple(attribute(repair, page.gold)),
    )


def ablation(page: Page, profile: str | Path | Profile) -> dict[str, Score]:
    """The profile minus each of its passes in turn: what does each pass contribute?"""
    prof = load_profile(profile)
    return {name: score_page(page, prof.without(name)) for name in prof.pass_names}


def pct(x: float) -> str:
    return f"{100 * x:.2f}%"


def markdown_table(rows: Iterable[Sequence[object]], header: Sequence[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def score_table(
    pages: Sequence[Page],
    profiles: Sequence[str | Path | Profile],
    on_score: Callable[[], None] | None = None,
) -> tuple[str, list[Score]]:
    """Score every page with every profile; a Markdown table and the scores behind it.
    ``on_score`` is called after each page and profile (a progress bar)."""
    scores = []
    for page in pages:
        for prof in profiles:
            scores.append(score_page(page, prof))
            if on_score is not None:
                on_score()
    rows = []
    for s in scores:
        per_pass = ", ".join(
            f"{a.pass_name} {a.closer}/{a.closer + a.away}" for a in s.attribution if a.edits
        )
        rows.append(
            (
                s.page,
                s.profile,
                pct(s.raw_cer),
                pct(s.cer),
                pct(s.reduction),
                pct(s.raw_cer_layout),
                pct(s.cer_layout),
                pct(s.reduction_layout),
                s.edits,
                per_pass or "–",
            )
        )
    header = (
        "page",
        "profile",
        "raw CER",
        "CER",
        "reduction",
        "raw CER (layout)",
        "CER (layout)",
        "reduction (layout)",
        "edits",
        "edits closer to gold / decided, per pass",
    )
    return markdown_table(rows, header), scores
