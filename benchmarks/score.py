"""Score every built-in profile on every corpus page against its gold; write benchmarks/RESULTS.md.

    python benchmarks/score.py                 # all corpora, all built-in profiles
    python benchmarks/score.py --no-write      # print only

Prints, per page and profile: raw CER, repaired CER and relative reduction (whitespace-free
and layout-keeping), the number of edits and, per pass, how many edits moved the text closer
to the gold; then the generated pages grouped by variant; each pass alone; and an ablation of
the default profile (minus one pass), for the seed pages and per variant of the generated ones.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))

from results_md import write_section

from ocrfix import DEFAULT_PROFILE, list_passes
from ocrfix.profiles import Profile, builtin_names
from ocrfix.scoring import (
    Score,
    ablation,
    load_corpus,
    markdown_table,
    pct,
    relative_reduction,
    score_page,
)

ROOT = Path(__file__).resolve().parent.parent


def seed_table(scores: list[Score]) -> str:
    rows = []
    for s in scores:
        passes = ", ".join(
            f"{a.pass_name} {a.closer}↑/{a.away}↓/{a.neutral}="
            for a in s.attribution
            if a.edits
        )
        rows.append(
            (s.page, s.profile, pct(s.raw_cer), pct(s.cer), pct(s.reduction),
             pct(s.raw_cer_layout), pct(s.cer_layout), pct(s.reduction_layout), s.edits,
             passes or "–")
        )
    header = ("page", "profile", "raw CER", "CER", "reduction", "raw CER layout", "CER layout",
              "reduction layout", "edits", "per pass: closer↑/away↓/neutral=")
    return markdown_table(rows, header)


def group_table(scores: list[Score]) -> str:
    """Generated pages: character-weighted CER per variant and profile."""
    acc: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0, 0.0])
    for s in scores:
        a = acc[(s.group, s.profile)]
        a[0] += 1
        a[1] += s.raw_cer
        a[2] += s.cer
        a[3] += s.raw_cer_layout
        a[4] += s.cer_layout
    rows = []
    for (group, prof), (n, raw, fixed, raw_l, fixed_l) in sorted(acc.items()):
        rows.append(
            (group, prof, int(n), pct(raw / n), pct(fixed / n),
             pct(relative_reduction(raw / n, fixed / n)), pct(raw_l / n), pct(fixed_l / n),
             pct(relative_reduction(raw_l / n, fixed_l / n)))
        )
    header = ("variant", "profile", "pages", "raw CER", "CER", "reduction", "raw CER layout",
              "CER layout", "reduction layout")
    return markdown_table(rows, header)


def per_pass_table(scores: list[Score]) -> str:
    """Per pass over all pages of the default profile: edits, closer/away, precision."""
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in scores:
        if s.profile != DEFAULT_PROFILE:
            continue
        for a in s.attribution:
            acc[a.pass_name][0] += a.edits
            acc[a.pass_name][1] += a.closer
            acc[a.pass_name][2] += a.away
    rows = [
        (name, e, c, w, pct(c / (c + w)) if c + w else "–") for name, (e, c, w) in acc.items()
    ]
    return markdown_table(rows, ("pass", "edits", "closer to gold", "away from gold", "precision"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT / "corpora")
    parser.add_argument("--profile", action="append", help="profiles (default: all built-ins)")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    args = parser.parse_args()

    profiles = args.profile or builtin_names()
    pages = load_corpus(args.corpora)
    seeds = [p for p in pages if not p.meta.get("variant")]
    generated = [p for p in pages if p not in seeds and p.split == "tune"]
    report = [p for p in pages if p.split == "report"]
    t0 = time.perf_counter()
    jobs = [(p, prof) for p in seeds + generated + report for prof in profiles]
    bar = tqdm(jobs, unit="page", disable=not sys.stderr.isatty())  # a terminal only
    scores = [score_page(p, prof) for p, prof in bar]
    n_seed, n_gen = len(seeds) * len(profiles), len(generated) * len(profiles)
    seed_scores, gen_scores = scores[:n_seed], scores[n_seed : n_seed + n_gen]
    report_scores = scores[n_seed + n_gen :]
    out = ["## Seed pages: CER against gold, per profile\n", seed_table(seed_scores)]
    if gen_scores:
        out += [f"\n## Tune split: generated pages ({len(generated)}), mean CER per variant\n",
                group_table(gen_scores)]
    if report_scores:
        out += [f"\n## Report split ({len(report)} pages of texts no pass was designed on), "
                "mean CER per variant\n", group_table(report_scores)]
    out += [f"\n## Per-pass precision, `{DEFAULT_PROFILE}` profile, tune split\n",
            per_pass_table(seed_scores + gen_scores)]
    if report_scores:
        out += [f"\n## Per-pass precision, `{DEFAULT_PROFILE}` profile, report split\n",
                per_pass_table(report_scores)]
    alone = [score_page(p, Profile.of(name)) for p in seeds for name in list_passes()]
    out += ["\n## Each pass alone (seed pages)\n", seed_table(alone)]
    abl = [s for p in seeds for s in ablation(p, DEFAULT_PROFILE).values()]
    if abl:
        out += [f"\n## Ablation: `{DEFAULT_PROFILE}` minus one pass (seed pages)\n",
                seed_table(abl)]
    if generated:
        alone = [score_page(p, Profile.of(name)) for p in generated for name in list_passes()]
        out += ["\n## Each pass alone (generated pages, mean CER per variant)\n",
                group_table(alone)]
        abl = [s for p in generated for s in ablation(p, DEFAULT_PROFILE).values()]
        out += [f"\n## Ablation: `{DEFAULT_PROFILE}` minus one pass (generated pages, mean CER "
                "per variant)\n", group_table(abl)]
    elapsed = time.perf_counter() - t0
    out.append(f"\n{len(pages)} pages × {len(profiles)} profiles scored in {elapsed:.1f} s by "
               "`python benchmarks/score.py`.\n")
    report = "\n".join(out)
    print(report)
    if not args.no_write:
        write_section("score.py", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
