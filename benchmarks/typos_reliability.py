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

Two judges, side by side. *Closer/away*: the window (8 characters each side) moves closer to gold
or away from it. *Decidable* (the typos issue's measure): the window (``--context``, 4 characters
each side) differs from gold only at the edited characters, whitespace aside; the edit is then
right if it gives gold's text there, else wrong (a misread "corrected" into another wrong word
is wrong here, while closer/away calls it neither).

A further table: what ``aggressive`` applies, judged the decidable way; with ``--baseline`` (a dump
of an older version by ``typos_dump.py``) the same for that version, on the same pages, and the
ratio of right corrections (recall against that version).

A second table runs ``typos`` with its defaults on each distinct gold text: every suggestion
there is a false alarm.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from ocrfix.edits import Edit
from ocrfix.passes.typos import TyposOptions, typos
from ocrfix.pipeline import run
from ocrfix.profiles import load_profile
from ocrfix.scoring import decidable_effects, edit_effects, load_corpus

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
    p.add_argument("--context", type=int, default=4, help="decidable window: characters a side")
    p.add_argument("--baseline", type=Path, help="typos_dump.py output of an older version")
    args = p.parse_args(argv)
    pages = load_corpus(ROOT / "corpora")
    # (split, band) → [suggestions, closer, away, decidable right, decidable wrong]
    acc: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    chars: dict[str, int] = defaultdict(int)
    profile = load_profile("newspaper").with_options("typos", {"flag_threshold": BANDS[0]})
    aggressive = load_profile("aggressive")
    # aggressive runs newspaper's passes up to typos, so its typos sees the same input
    if aggressive.without("typos").steps != load_profile("newspaper").without("typos").steps:
        raise SystemExit("aggressive no longer runs newspaper's passes before typos")
    strong = next(s.options for s in aggressive.steps if s.name == "typos")
    applied = strong.apply_threshold
    inputs: dict[str, str] = {}
    ours: dict[str, list[Edit]] = {}
    for page in tqdm(pages, unit="page", disable=not sys.stderr.isatty()):
        repair = run(profile, page.raw)
        step = next(s for s in repair.steps if s.name == "typos")
        inputs[page.id] = step.result.input
        ours[page.id] = list(typos(step.result.input, strong).edits)  # what aggressive applies
        # applied (confidence at or above newspaper's apply_threshold) and flagged alike
        flags = [f for f in (*step.edits, *step.flags) if f.rule != "latin-digit"]
        chars[page.split] += len(page.gold)
        closer = edit_effects(step.result.input, flags, page.gold)
        decided = decidable_effects(step.result.input, flags, page.gold, args.context)
        for f, c, d in zip(flags, closer, decided, strict=True):
            row = acc[page.split, _band(f.confidence)]
            for k, hit in enumerate((True, c < 0, c > 0, d < 0, d > 0)):
                row[k] += hit
    lines = [
        "## Typos: precision per confidence band (`benchmarks/typos_reliability.py`)",
        "",
        "Each suggestion of `newspaper`, applied or flagged (look-alike rules; `latin-digit` "
        "apart), applied alone and judged against gold two ways: *closer/away* (a window of 8 "
        "characters a side moves closer to gold or away), and *decidable* (the issue's measure: "
        f"the window, {args.context} characters a side, differs from gold only at the edited "
        "characters; right if the edit gives gold's text, else wrong).",
        "",
        "| split | confidence | suggestions | closer | away | precision | wrong per 20k chars "
        "| decidable right | wrong | precision |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    default = TyposOptions().flag_threshold
    for split in sorted(chars):
        rows = sorted((band, v) for (sp, band), v in acc.items() if sp == split)
        kept = [v for band, v in rows if float(band[:4]) >= default]
        total = [sum(col) for col in zip(*kept, strict=True)]
        for band, v in [*rows, (f"**≥ {default:.2f} (kept by default)**", total)]:
            n, closer, away, right, wrong = v
            lines.append(
                f"| {split} | {band} | {n} | {closer} | {away} | {_prec(closer, away)} | "
                f"{away / chars[split] * 20_000:.2f} | {right} | {wrong} | {_prec(right, wrong)} |"
            )
    lines += ["", *_applied(pages, inputs, ours, applied, args.context, args.baseline)]
    lines += ["", *_gold_alarms(pages)]
    print("\n".join(lines))
    if args.write:
        from results_md import write_section

        write_section("typos_reliability.py", "\n".join(lines))
    return 0


def _prec(right: int, wrong: int) -> str:
    return f"{right / (right + wrong):.2f}" if right + wrong else "–"


def _applied(
    pages: list,  # type: ignore[type-arg]
    inputs: dict[str, str],
    ours: dict[str, list[Edit]],
    threshold: float,
    context: int,
    baseline: Path | None,
) -> list[str]:
    """What ``aggressive`` applies, judged the decidable way, per split (and the baseline's)."""
    versions: dict[str, tuple[dict[str, str], dict[str, list[Edit]]]] = {"now": (inputs, ours)}
    if baseline is not None:
        dump = json.loads(baseline.read_text(encoding="utf-8"))
        versions[f"baseline `{baseline.name}`"] = (
            {k: v["input"] for k, v in dump.items()},
            {
                k: [Edit(s, e, r, "typos", rule, c, "") for s, e, r, c, rule in v["edits"]]
                for k, v in dump.items()
            },
        )
    acc: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for page in pages:
        for name, (texts, edits) in versions.items():
            if page.id not in texts:
                continue
            mine = [e for e in edits[page.id] if e.rule != "latin-digit"]
            row = acc[page.split, name]
            effects = decidable_effects(texts[page.id], mine, page.gold, context)
            row[0] += len(mine)
            row[1] += effects.count(-1)
            row[2] += effects.count(1)
    out = [
        f"What `aggressive` applies (confidence ≥ {threshold:.2f}; look-alike rules), judged "
        f"the decidable way ({context} characters a side). *Recall vs baseline*: right "
        "corrections now over the baseline's on the same pages (both versions run on every "
        "page of the split; the baseline dumped by `typos_dump.py` from an older commit).",
        "",
        "| split | version | applied | right | wrong | precision | recall vs baseline |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for (split, name), (n, right, wrong) in sorted(acc.items()):
        base = next((v[1] for (sp, nm), v in acc.items() if sp == split and nm != "now"), None)
        ratio = f"{right / base:.2f}×" if name == "now" and base else "–"
        out.append(
            f"| {split} | {name} | {n} | {right} | {wrong} | {_prec(right, wrong)} | {ratio} |"
        )
    return out


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
