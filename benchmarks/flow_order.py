"""Reading order and CER of the ``flow`` pass on the corpus pages.

Reading-order score: of the character 8-grams that occur exactly once in the gold and once in the
text (both reduced to letters and digits, so punctuation width and spaces do not matter), the
share that is in the gold's relative order (longest increasing subsequence of their positions).
1.0 means every matched 8-gram reads in the gold's order. Run ``nice python
benchmarks/flow_order.py``; it prints a table and writes it into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import bisect
import sys
from collections import Counter
from pathlib import Path

import regex

from ocrfix.pipeline import run
from ocrfix.profiles import load_profile
from ocrfix.scoring import cer, cer_layout, load_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results_md import write_section

ROOT = Path(__file__).resolve().parent.parent
K = 8


def _norm(text: str) -> str:
    return "".join(regex.findall(r"[\p{L}\p{N}]", text))


def _unique_grams(text: str) -> dict[str, int]:
    counts = Counter(text[i : i + K] for i in range(len(text) - K + 1))
    return {text[i : i + K]: i for i in range(len(text) - K + 1) if counts[text[i : i + K]] == 1}


def order_score(hyp: str, gold: str) -> float:
    """Share of matched gold 8-grams that keep the gold's relative order in ``hyp``."""
    g, h = _unique_grams(_norm(gold)), _unique_grams(_norm(hyp))
    positions = [h[x] for x, _ in sorted(g.items(), key=lambda kv: kv[1]) if x in h]
    if not positions:
        return 1.0
    tails: list[int] = []
    for p in positions:
        i = bisect.bisect_left(tails, p)
        tails[i : i + 1] = [p]
    return len(tails) / len(positions)


def main() -> None:
    profile = load_profile("newspaper")
    without = profile.without("flow")
    rows = []
    for page in load_corpus(ROOT / "corpora"):
        a = run(without, page.raw).text
        b = run(profile, page.raw).text
        flow_step = next(s for s in run(profile, page.raw).steps if s.name == "flow")
        rows.append(
            f"| {page.id} | {order_score(page.raw, page.gold):.4f} | {order_score(a, page.gold):.4f} "
            f"| {order_score(b, page.gold):.4f} | {cer(a, page.gold):.4f} → {cer(b, page.gold):.4f} "
            f"| {cer_layout(a, page.gold):.4f} → {cer_layout(b, page.gold):.4f} "
            f"| {len(flow_step.edits)} |"
        )
    body = "\n".join(
        [
            "## flow reading order (`benchmarks/flow_order.py`)",
            "",
            "Reading-order score: share of matched unique gold 8-grams (letters/digits only) in the"
            " gold's relative order. `before` = newspaper profile without `flow`, `after` = with it.",
            "",
            "| page | order raw | order before | order after | cer before → after "
            "| cer_layout before → after | flow edits |",
            "|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    print(body)
    write_section("flow_order.py", body)


if __name__ == "__main__":
    main()
