"""Fit ``DISTANT_SHIFT`` of the typos pass on the tune split: how much less a distant look-alike
(past the glyph table's top 50) is to be trusted than the model, fitted on nearer pairs, says.

Every ``visual-distant`` suggestion of ``newspaper`` on the tune pages, scored without the shift,
is applied alone and judged closer/away against gold as in ``typos_reliability.py``; the shift
is the one log-odds offset that best predicts those outcomes (Platt scaling with the slope kept
at 1). The report split is printed for comparison, never fitted on.

    python benchmarks/glyphs/fit_distant.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

from ocrfix.passes.typos import detector
from ocrfix.pipeline import run
from ocrfix.profiles import load_profile
from ocrfix.scoring import edit_effects, load_corpus

ROOT = Path(__file__).resolve().parents[2]


def outcomes(split: str) -> list[tuple[float, int]]:
    """(unshifted confidence, -1 closer / +1 away) of each decided distant suggestion."""
    profile = load_profile("newspaper").with_options("typos", {"flag_threshold": 0.0})
    out: list[tuple[float, int]] = []
    for page in load_corpus(ROOT / "corpora"):
        if page.split != split:
            continue
        step = next(s for s in run(profile, page.raw).steps if s.name == "typos")
        found = [f for f in (*step.edits, *step.flags) if f.rule == "visual-distant"]
        effects = edit_effects(step.result.input, found, page.gold)
        out += [(f.confidence, e) for f, e in zip(found, effects, strict=True) if e]
    return out


def fit_shift(rows: list[tuple[float, int]]) -> float:
    """The offset b maximising the likelihood of P(closer) = σ(logit(confidence) + b)."""
    z = np.array([math.log(max(c, 1e-6) / max(1 - c, 1e-6)) for c, _ in rows])
    y = np.array([1.0 if e < 0 else 0.0 for _, e in rows])
    b = 0.0
    for _ in range(100):  # Newton's method on one parameter
        p = 1 / (1 + np.exp(-(z + b)))
        b -= float((p - y).sum() / max((p * (1 - p)).sum(), 1e-9))
    return b


def main() -> int:
    detector.DISTANT_SHIFT = 0.0  # the raw model's confidence
    tune = outcomes("tune")
    b = fit_shift(tune)
    print(f"tune: {len(tune)} decided distant suggestions; fitted DISTANT_SHIFT = {b:.2f}")
    for split, rows in (("tune", tune), ("report", outcomes("report"))):
        for lo, hi in ((0.0, 0.55), (0.55, 0.65), (0.65, 0.8), (0.8, 1.01)):
            got = [
                e for c, e in rows
                if lo <= 1 / (1 + math.exp(-(math.log(max(c, 1e-6) / max(1 - c, 1e-6)) + b))) < hi
            ]  # fmt: skip
            if got:
                closer = sum(e < 0 for e in got)
                print(f"  {split} shifted {lo:.2f}–{min(hi, 1):.2f}: {len(got)} decided, "
                      f"precision {closer / len(got):.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
