"""Tune the typos pass on the tuning split, never on the pages it is evaluated on.

1. recall@k of the candidate sources for real Tesseract substitutions (truth → OCR) of the
   tuning pages (``corpora/generated``, own pages with an even crc32, see
   ``benchmarks/typos_vs_pycorrector.py``) and, with ``--subs``, of rendered word lists
   (``ocr_confusions.py``);
2. fits the logistic weights of ``ocrfix.passes.typos.model.WEIGHTS`` on every candidate the pass
   generates on the tuning pages (label: the candidate is the gold character).

    python benchmarks/glyphs/tune_typos.py [--split tune] [--subs /tmp/tune_subs.tsv]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from typos_vs_pycorrector import ocr_cases, truth_map

from ocrfix.passes.typos import TyposOptions, find_candidates, load
from ocrfix.resources.confusion import ConfusionSet

PROBES = [
    ("鳅", "湫"),
    ("酃", "鄱"),
    ("韧", "钉"),
    ("已", "己"),
    ("未", "末"),
    ("入", "人"),
    ("曰", "日"),
]


def recall_table(pairs: Counter[tuple[str, str]], title: str) -> None:
    sources = {
        "pycorrector same_stroke only": ConfusionSet(k=0, use_table=False),
        "glyph table only": ConfusionSet(k=50, use_stroke=False),
        "table + same_stroke + curated": ConfusionSet.default(50),
    }
    total = sum(pairs.values())
    print(f"\n{title}: {len(pairs)} distinct pairs, {total} substitutions")
    print("| source | R@1 | R@5 | R@10 | R@20 | R@50 |\n|---|---|---|---|---|---|")
    for name, cs in sources.items():
        row = []
        for k in (1, 5, 10, 20, 50):
            hit = sum(
                n for (t, o), n in pairs.items() if (r := cs.rank(o, t)) is not None and r <= k
            )
            row.append(f"{hit / total:.3f}")
        print(f"| {name} | " + " | ".join(row) + " |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="tune")
    ap.add_argument("--subs", nargs="*", default=[])
    ap.add_argument("--no-fit", action="store_true", help="recall tables only (e.g. on eval)")
    ap.add_argument("--fit-subs", action="store_true", help="fit on the word-list lines too")
    args = ap.parse_args()
    cs = ConfusionSet(k=50, use_stroke=False)
    print(
        "probe ranks in the glyph table (truth among the OCR'd char's neighbours):",
        ", ".join(f"{o}→{t}: {cs.rank(o, t)}" for t, o in PROBES),
    )
    for p in args.subs:
        pairs: Counter[tuple[str, str]] = Counter()
        for row in Path(p).read_text(encoding="utf-8").splitlines():
            parts = row.split("\t")
            if len(parts) == 4:
                pairs[(parts[0], parts[1])] += 1
        recall_table(pairs, f"word lists {p}")
    cases = ocr_cases(args.split)
    pairs = Counter()
    det = load()
    X, y = [], []
    for _, text, gold in cases:
        mapping, errors = truth_map(text, gold)
        for i in errors:
            pairs[(mapping[i], text[i])] += 1
        for c in find_candidates(text, TyposOptions(), det, best_only=False):
            if c.rule != "visual-typo":
                continue  # the place rule has its own score
            if c.pos not in mapping:
                continue  # not aligned with gold: unknown label
            X.append(c.features)
            y.append(1.0 if c.pos in errors and mapping[c.pos] == c.char else 0.0)
    if args.fit_subs:
        from rapidfuzz.distance import Levenshtein

        for p in args.subs:
            rows = {
                (parts[2], parts[3])
                for r in Path(p).read_text(encoding="utf-8").splitlines()
                if len(parts := r.split("\t")) == 4
            }
            for truth, ocr in rows:
                m = {
                    op.src_pos: truth[op.dest_pos]
                    for op in Levenshtein.editops(ocr, truth)
                    if op.tag == "replace"
                }
                for c in find_candidates(ocr, TyposOptions(), det, best_only=False):
                    if c.rule != "visual-typo":
                        continue
                    X.append(c.features)
                    y.append(1.0 if m.get(c.pos) == c.char else 0.0)
    recall_table(pairs, f"Tesseract pages, {args.split} split ({len(cases)} pages)")
    frequent = Counter({k: n for k, n in pairs.items() if n >= 3})
    recall_table(frequent, "the same, pairs seen at least 3 times")
    if args.no_fit:
        return
    Xa, ya = np.array(X), np.array(y)
    print(f"\n{len(ya)} candidates, {int(ya.sum())} correct")
    mu, sd = Xa[:, 1:].mean(0), Xa[:, 1:].std(0) + 1e-9
    Z = np.c_[np.ones(len(Xa)), (Xa[:, 1:] - mu) / sd]
    w = np.zeros(Z.shape[1])
    for _ in range(5000):
        p = 1 / (1 + np.exp(-Z @ w))
        w -= 0.5 * (Z.T @ (p - ya) / len(ya) + 1e-3 * np.r_[0, w[1:]])
    raw = np.r_[w[0] - (w[1:] * mu / sd).sum(), w[1:] / sd]
    print("WEIGHTS =", tuple(round(float(v), 3) for v in raw))
    p = 1 / (1 + np.exp(-Xa @ raw))
    for th in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        sel = p >= th
        tp = float((ya[sel] == 1).sum())
        print(
            f"threshold {th}: {int(sel.sum())} kept, precision {tp / max(1, sel.sum()):.2f}, "
            f"recall of correct candidates {tp / max(1, ya.sum()):.2f}"
        )


if __name__ == "__main__":
    main()
