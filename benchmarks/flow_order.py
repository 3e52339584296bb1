"""Reading order and CER of the ``flow`` pass on the corpus pages.

Reading-order score: of the character 8-grams that occur exactly once in the gold and once in the
text (both reduced to letters and digits, so punctuation width and spaces do not matter), the
share that is in the gold's relative order (longest increasing subsequence of their positions).
1.0 means every matched 8-gram reads in the gold's order. Run ``nice python
benchmarks/flow_order.py``; it prints a table and writes it into ``benchmarks/RESULTS.md``
(``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import sys
from collections import Counter
from pathlib import Path

import regex
from tqdm import tqdm

from ocrfix.pipeline import run
from ocrfix.profiles import Profile, Step, load_profile
from ocrfix.scoring import cer, cer_layout, edit_effects, load_corpus

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


def _without_reorder(profile: Profile) -> Profile:
    steps = tuple(
        Step(s.info, dataclasses.replace(s.options, reorder=False)) if s.name == "flow" else s
        for s in profile.steps
    )
    return Profile(f"{profile.name}-no-reorder", profile.description, steps, profile.source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    no_write = parser.parse_args().no_write
    profile = load_profile("newspaper")
    without = profile.without("flow")
    no_reorder = _without_reorder(profile)
    rows = []
    effects = [0, 0, 0]
    raised = []
    pages = load_corpus(ROOT / "corpora")
    # hand-made seed pages first, then the generated OCR/text-layer pages
    ordered = sorted(pages, key=lambda p: "variant" in p.meta)
    for page in tqdm(ordered, unit="page", disable=not sys.stderr.isatty()):
        a = run(without, page.raw).text
        repair = run(profile, page.raw)
        b = repair.text
        c = run(no_reorder, page.raw).text
        flow_step = next(s for s in repair.steps if s.name == "flow")
        eff = edit_effects(flow_step.result.input, flow_step.edits, page.gold)
        page_effects = [eff.count(-1), eff.count(0), eff.count(1)]
        effects = [x + y for x, y in zip(effects, page_effects, strict=True)]
        ca, cb = cer(reference=page.gold, hypothesis=a), cer(reference=page.gold, hypothesis=b)
        la, lb = cer_layout(reference=page.gold, hypothesis=a), cer_layout(reference=page.gold, hypothesis=b)
        if cb > ca or lb > la:
            raised.append(page.id)
        rows.append(
            f"| {page.id} | {order_score(page.raw, page.gold):.4f} | {order_score(a, page.gold):.4f} "
            f"| {order_score(c, page.gold):.4f} | {order_score(b, page.gold):.4f} "
            f"| {ca:.4f} → {cb:.4f} | {la:.4f} → {lb:.4f} "
            f"| {len(flow_step.edits)} | {'/'.join(map(str, page_effects))} |"
        )
    body = "\n".join(
        [
            "## flow reading order (`benchmarks/flow_order.py`)",
            "",
            "Reading-order score: share of matched unique gold 8-grams (letters/digits only) in the"
            " gold's relative order. `before` = newspaper profile without `flow`; `no reorder` ="
            " with `flow` but its fragment reordering off; `after` = the profile as shipped"
            " (reordering on). Flow edits judged one by one against the gold"
            " (`ocrfix.scoring.edit_effects`, layout-normalized window): closer / neutral / away"
            " (a move's deletion and insertion are judged apart, so a right move can count as away).",
            "",
            f"Pages where `flow` raises CER or layout CER: {len(raised)}"
            + (f" ({', '.join(raised)})" if raised else "")
            + f". Flow edits over all pages: {effects[0]} closer, {effects[1]} neutral,"
            f" {effects[2]} away.",
            "",
            "| page | order raw | order before | order no reorder | order after "
            "| cer before → after | cer_layout before → after | flow edits | closer/neutral/away |",
            "|---|---|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    print(body)
    if not no_write:
        write_section("flow_order.py", body)


if __name__ == "__main__":
    main()
