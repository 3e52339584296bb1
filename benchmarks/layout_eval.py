"""What the layout passes (``columns``, ``unwrap``) do per variant of the corpus pages.

    python benchmarks/layout_eval.py            # every corpus page
    python benchmarks/layout_eval.py --write    # and into benchmarks/RESULTS.md

Three stages of each raw page: ``unicode → scan-noise`` (the baseline), with ``columns`` before
``scan-noise`` (side-by-side columns read one after the other), and with ``unwrap`` after it too
(printed lines joined into paragraphs). Printed per variant: mean CER (whitespace ignored) and
layout CER (line and paragraph breaks kept); their difference is the line-break excess. Also the
edits each pass made on the gold texts (which must be none) and the largest rise of one page's
CER from the baseline to the last stage.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from ocrfix.pipeline import run
from ocrfix.profiles import Profile
from ocrfix.registry import get_pass
from ocrfix.scoring import cer, cer_layout, load_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flow_order import order_score

ROOT = Path(__file__).resolve().parent.parent
STAGES = {
    "baseline": Profile.of("unicode", "scan-noise"),
    "+ columns": Profile.of("unicode", "columns", "scan-noise"),
    "+ columns + unwrap": Profile.of("unicode", "columns", "scan-noise", "unwrap"),
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", nargs="*", default=[str(ROOT / "corpora")])
    p.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    args = p.parse_args(argv)
    pages = [page for c in args.corpus for page in load_corpus(Path(c))]
    # variant → [pages, then CER and layout CER of each stage]
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0] * (1 + 2 * len(STAGES)))
    order: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # baseline, last stage
    gold_edits = {name: 0 for name in ("columns", "unwrap")}
    worst = {"tune": (0.0, ""), "report": (0.0, "")}
    for page in tqdm(pages, unit="page", disable=not sys.stderr.isatty()):
        row = acc[f"{page.split}: {page.group}"]
        row[0] += 1
        cers = []
        for k, profile in enumerate(STAGES.values()):
            text = run(profile, page.raw).text
            cers.append(cer(reference=page.gold, hypothesis=text))
            row[1 + 2 * k] += cers[-1]
            row[2 + 2 * k] += cer_layout(reference=page.gold, hypothesis=text)
            if k in (0, len(STAGES) - 1):
                order[page.split + ": " + page.group][k > 0] += order_score(text, page.gold)
        worst[page.split] = max(worst[page.split], (cers[-1] - cers[0], page.id))
        for name in gold_edits:
            gold_edits[name] += len(get_pass(name).run(page.gold).edits)
    head = " | ".join(f"CER {s} | layout CER {s}" for s in STAGES)
    lines = [
        "## Layout passes (`benchmarks/layout_eval.py`)",
        "",
        "Mean per variant. *Excess* = layout CER − CER, the error of line and paragraph breaks "
        "alone. Rows *tune:* are pages of the texts the passes were designed on; rows *report:* are "
        "pages of texts no pass was designed on (`corpora/report`, benchmarks/README.md).",
        "",
        f"| split: variant | pages | {head} | excess before → after |",
        "|---|---:|" + "---:|" * (2 * len(STAGES) + 1),
    ]
    for group, (n, *v) in sorted(acc.items()):
        cells = " | ".join(f"{x / n:.2%}" for x in v)
        lines.append(
            f"| {group} | {int(n)} | {cells} | {(v[1] - v[0]) / n:.2%} → {(v[-1] - v[-2]) / n:.2%} |"
        )
    lines += [
        "",
        "Reading order (`flow_order.py`'s score: the share of the gold's unique 8-grams read in "
        "the gold's order), baseline → last stage:",
        "",
        "| split: variant | order before | order after |",
        "|---|---:|---:|",
    ]
    for group, (before, after) in sorted(order.items()):
        n = acc[group][0]
        lines.append(f"| {group} | {before / n:.3f} | {after / n:.3f} |")
    lines.append(
        f"\nEdits on the {len(pages)} gold texts: "
        + ", ".join(f"`{k}` {v}" for k, v in gold_edits.items())
        + ". Largest rise of one page's CER (baseline → last stage): "
        + "; ".join(f"{k} {v[0]:+.2%} ({v[1] or 'none'})" for k, v in worst.items())
        + "."
    )
    print("\n".join(lines))
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results_md import write_section

        write_section("layout_eval.py", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
