"""Does ``flow``'s fragment reordering restore reading order on interleaves it was not built on?

    python benchmarks/flow_reorder.py            # print the table
    python benchmarks/flow_reorder.py --write    # and into benchmarks/RESULTS.md

The reordering was designed on one seed page, where a converter printed the line fragments of
two columns one after the other in the wrong order. This script makes such pages from many
texts: two consecutive paragraphs of a text in ``../shared/texts`` are cut into printed lines of
10–16 ideographs, and the lines of the two columns are interleaved (A1 B1 A2 B2 …) as blocks of
their own, between a paragraph before and one after. Then ``flow`` runs with and without
``reorder``; reading order (``flow_order.py``'s score) and CER are measured against the two
paragraphs in order. Rows by split: tune texts (what passes were designed on) and report texts.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from ocrfix.passes.flow import FlowOptions, flow
from ocrfix.scoring import cer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flow_order import order_score

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT.parent / "shared" / "texts"
SPLITS = {
    "tune": ("constitution-2018", "gov-report-2021", "reg-business-environment-2019",
             "spc-online-litigation-2021"),
    "report": ("gov-report-2022", "gov-report-2024", "law-pipl-2021", "reg-migrant-wages-2019"),
}  # fmt: skip
PER_TEXT = 25


def interleaves(name: str, rng: random.Random) -> list[tuple[str, str]]:
    """(interleaved text, gold) pairs from one text."""
    paras = [p.strip() for p in (TEXTS / f"{name}.txt").read_text(encoding="utf-8").split("\n")]
    paras = [p for p in paras if 60 <= len(p) <= 400]
    out = []
    for _ in range(PER_TEXT):
        k = rng.randrange(1, len(paras) - 3)
        before, a, b, after = paras[k - 1 : k + 3]
        w = rng.randint(10, 16)
        la = [a[i : i + w] for i in range(0, len(a), w)]
        lb = [b[i : i + w] for i in range(0, len(b), w)]
        mixed = [x for pair in zip(la, lb, strict=False) for x in pair]
        n = min(len(la), len(lb))
        mixed += la[n:] + lb[n:]
        text = "\n\n".join([before, *mixed, after]) + "\n"
        out.append((text, "\n\n".join([before, a, b, after]) + "\n"))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    lines = [
        "## Fragment reordering on generated interleaves (`benchmarks/flow_reorder.py`)",
        "",
        f"{PER_TEXT} pages per text: two paragraphs cut into printed lines of 10–16 ideographs, "
        "the two columns' lines interleaved as blocks. Mean reading order and CER against the "
        "paragraphs in order; *better*/*worse*: pages whose order score `reorder` raised/lowered.",
        "",
        "| split | text | pages | order raw | order, reorder off | order, reorder on "
        "| CER off | CER on | better | worse |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for split, names in SPLITS.items():
        for name in names:
            acc = [0.0] * 5
            better = worse = 0
            cases = interleaves(name, rng)
            for text, gold in cases:
                off = flow(text, FlowOptions(reorder=False)).output
                on = flow(text, FlowOptions(reorder=True)).output
                o_off, o_on = order_score(off, gold), order_score(on, gold)
                acc[0] += order_score(text, gold)
                acc[1] += o_off
                acc[2] += o_on
                acc[3] += cer(reference=gold, hypothesis=off)
                acc[4] += cer(reference=gold, hypothesis=on)
                better += o_on > o_off + 1e-9
                worse += o_on < o_off - 1e-9
            n = len(cases)
            lines.append(
                f"| {split} | {name} | {n} | {acc[0] / n:.3f} | {acc[1] / n:.3f} | "
                f"{acc[2] / n:.3f} | {acc[3] / n:.2%} | {acc[4] / n:.2%} | {better} | {worse} |"
            )
            print(lines[-1], flush=True)
    if args.write:
        from results_md import write_section

        write_section("flow_reorder.py", "\n".join(lines))
    else:
        print("\n".join(lines[:6]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
