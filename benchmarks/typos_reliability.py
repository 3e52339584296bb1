"""How far the ``typos`` pass's confidence can be trusted: precision per confidence band, per split.

    python benchmarks/typos_reliability.py            # print the table
    python benchmarks/typos_reliability.py --write    # and into benchmarks/RESULTS.md

Every suggestion of the ``newspaper`` profile at or above 0.55 (those it applies and those it
only flags; ``typos`` drops what is below its ``flag_threshold``, 0.65, but this script lowers
it to show the band below) is judged against gold on its own: applied alone to the text the
pass saw, does a window around it move closer to gold (right), away from it (wrong), or neither
(the window differs from gold elsewhere too, or the character is right either way: not
decidable)? Precision = right / (right + wrong), per confidence band. Read the tune rows to set
thresholds; the report rows say whether the confidence holds on text nobody tuned on.

A second table runs ``typos`` with its defaults on each distinct gold text: every suggestion
there is a false alarm.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from ocrfix.passes.typos import TyposOptions, typos
from ocrfix.pipeline import run
from ocrfix.profiles import load_profile
from ocrfix.scoring import edit_effects, load_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
BANDS = (0.55, 0.65, 0.75, 0.85, 0.95, 1.01)


def _band(confidence: float) -> str:
    for lo, hi in itertools.pairwise(BANDS):
        if lo <= confidence < hi:
            return f"{lo:.2f}–{min(hi, 1.0):.2f}"
    return f"< {BANDS[0]:.2f}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    args = p.parse_args(argv)
    pages = load_corpus(ROOT / "corpora")
    # (split, band) → [suggestions, right, wrong]
    acc: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    chars: dict[str, int] = defaultdict(int)
    profile = load_profile("newspaper").with_options("typos", {"flag_threshold": BANDS[0]})
    for page in tqdm(pages, unit="page", disable=not sys.stderr.isatty()):
        repair = run(profile, page.raw)
        step = next(s for s in repair.steps if s.name == "typos")
        # applied (confidence at or above newspaper's apply_threshold) and flagged alike
        flags = [f for f in (*step.edits, *step.flags) if f.rule != "latin-digit"]
        chars[page.split] += len(page.gold)
        for f, effect in zip(flags, edit_effects(step.result.input, flags, page.gold), strict=True):
            row = acc[page.split, _band(f.confidence)]
            row[0] += 1
            row[1] += effect < 0
            row[2] += effect > 0
    lines = [
        "## Typos: precision per confidence band (`benchmarks/typos_reliability.py`)",
        "",
        "Each suggestion of `newspaper`, applied or flagged (look-alike rules; `latin-digit` apart), "
        "applied alone and "
        "judged on a window against gold: *right* moves it closer, *wrong* away, the rest is "
        "not decidable.",
        "",
        "| split | confidence | suggestions | right | wrong | precision | wrong per 20k chars |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for (split, band), (n, right, wrong) in sorted(acc.items()):
        prec = f"{right / (right + wrong):.2f}" if right + wrong else "–"
        per = wrong / chars[split] * 20_000
        lines.append(f"| {split} | {band} | {n} | {right} | {wrong} | {prec} | {per:.2f} |")
    default = TyposOptions().flag_threshold
    for split in sorted(chars):
        kept = [v for (sp, band), v in acc.items() if sp == split and float(band[:4]) >= default]
        n, right, wrong = (sum(col) for col in zip(*kept, strict=True))
        lines.append(
            f"| {split} | **≥ {default:.2f} (kept by default)** | {n} | {right} | {wrong} | "
            f"{right / (right + wrong):.2f} | {wrong / chars[split] * 20_000:.2f} |"
        )
    lines += ["", *_gold_alarms(pages)]
    print("\n".join(lines))
    if args.write:
        from results_md import write_section

        write_section("typos_reliability.py", "\n".join(lines))
    return 0


def _gold_alarms(pages: list) -> list[str]:  # type: ignore[type-arg]
    """Suggestions of ``typos`` (default options) on each distinct gold text, per split."""
    seen: set[str] = set()
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # texts, chars, suggestions
    for page in pages:
        if page.gold in seen:
            continue
        seen.add(page.gold)
        row = acc[page.split]
        row[0] += 1
        row[1] += len(page.gold)
        row[2] += sum(f.rule != "latin-digit" for f in typos(page.gold).flags)
    out = [
        f"False alarms on gold text: `typos` with its defaults (flag threshold "
        f"{TyposOptions().flag_threshold}) on each "
        "distinct gold text; every suggestion there is wrong.",
        "",
        "| split | gold texts | characters | suggestions | per 20k chars |",
        "|---|---:|---:|---:|---:|",
    ]
    for split, (n, chars, alarms) in sorted(acc.items()):
        out.append(f"| {split} | {n} | {chars:,} | {alarms} | {alarms / chars * 20_000:.2f} |")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
