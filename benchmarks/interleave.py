"""Columns printed one line of each in turn (``pdftotext`` default mode): how well ``columns``
regroups them, on interleaves built from the corpus texts.

    python benchmarks/interleave.py            # print the table
    python benchmarks/interleave.py --write    # and into benchmarks/RESULTS.md

Each case takes the body paragraphs of one gold text (shuffled), wraps them at a width of 11–20
characters, fills 2–6 columns of 6–20 lines (the last column may end early; a paragraph's
spacing may move a column's next line a row lower), prints the rows one line of each column in
turn, a blank line between lines (as ``pdftotext`` does), with 0–6 masthead
lines before and 0–2 furniture lines after; as many cases stack two such articles (2–6 columns
each) under a headline. The truth is the columns one after the other.

*Shifted* cases model what ``pdftotext`` does more closely: it prints lines by baseline, so a
paragraph's spacing (0.3–0.9 of a line, the same on the page) moves a column's later lines
against the others' and changes the order in which each row prints the columns from then on; a
column may start a little lower than the others (a subtitle over it). Nothing was designed on
them yet: they measure what is left (session 8: the row tracker, and a tracker whose row order
may change at a column's paragraph end, read them alike, 68% CER on one article).
Cases from tune texts are what :mod:`ocrfix.layout.interleave` was designed on; report texts
are only reported. The same paragraphs printed in order (one column) must come out unchanged.
CER ignores whitespace, against the truth.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAD = ("青溪日报", "2024年3月4日", "星期一", "第8126期", "第五章", "监督检查")
TAIL = ("（下转第2版）", "本版编辑/李明")


@dataclass(frozen=True)
class Case:
    split: str
    columns: int
    raw: str
    truth: str
    rough: bool = False
    shifted: bool = False


def _wrap(paras: list[str], width: int) -> tuple[list[str], list[bool]]:
    """The paragraphs cut into lines of ``width`` characters, and whether each line ends its
    paragraph."""
    lines: list[str] = []
    ends: list[bool] = []
    for p in paras:
        pieces = [p[i : i + width] for i in range(0, len(p), width)]
        lines += pieces
        ends += [False] * (len(pieces) - 1) + [True]
    return lines, ends


def _band(
    paras: list[str], k: int, width: int, rng: random.Random, rough: bool
) -> tuple[list[str], list[str]]:
    """(the lines printed in turn, each column's lines joined) of ``k`` columns. The last row
    may be short; ``rough``: the last column may end anywhere, and a paragraph's spacing may move
    a column's next line a row lower (that row then lacks the column), as real pages print."""
    lines, ends = _wrap(paras, width)
    rows = min(len(lines) // k, rng.randint(6, 20))
    if rows < 1:
        return [], []  # too little text for the columns
    short = rng.randint(0, rows - 1) if rough else rng.randint(0, k - 1)
    n = rows * k - short
    cols = [list(range(c * rows, min((c + 1) * rows, n))) for c in range(k)]
    at: dict[int, list[int]] = {}  # printed row -> its lines, column by column
    for col in cols:
        r = 0
        for i in col:
            at.setdefault(r, []).append(i)
            r += 2 if rough and ends[i] and rng.random() < 0.5 else 1
    printed = [lines[i] for r in sorted(at) for i in at[r]]
    return printed, ["\n".join(lines[i] for i in c) for c in cols if c]


def _shifted_band(
    paras: list[str], k: int, width: int, rng: random.Random, rough: bool = True
) -> tuple[list[str], list[str]]:
    """As :func:`_band` (rough), but the lines printed by baseline: each column's lines one
    line apart, a paragraph's spacing (one for the page) after each paragraph's last line, a
    column maybe starting up to half a line lower; ties in column order."""
    lines, ends = _wrap(paras, width)
    rows = min(len(lines) // k, rng.randint(6, 20))
    if rows < 1:
        return [], []
    n = rows * k - rng.randint(0, rows - 1)
    cols = [list(range(c * rows, min((c + 1) * rows, n))) for c in range(k)]
    spacing = rng.uniform(0.3, 0.9)
    placed: list[tuple[float, int, int]] = []  # (baseline, column, line)
    for c, col in enumerate(cols):
        y = rng.choice((0.0, 0.0, rng.uniform(0.0, 0.5)))
        for i in col:
            placed.append((y, c, i))
            y += 1 + (spacing if ends[i] else 0)
    printed = [lines[i] for _, _, i in sorted(placed)]
    return printed, ["\n".join(lines[i] for i in c) for c in cols if c]


def interleave(
    gold: str,
    k: int,
    rng: random.Random,
    second: int = 0,
    rough: bool = False,
    shifted: bool = False,
) -> tuple[str, str]:
    """(printed in turn, the columns one after the other) from ``gold``'s paragraphs; with
    ``second``, a headline and a second article of that many columns under the first; ``rough``:
    see :func:`_band`; ``shifted``: :func:`_shifted_band`."""
    band = _shifted_band if shifted else _band
    paras = [p.strip() for p in gold.split("\n") if len(p.strip()) >= 40]
    rng.shuffle(paras)
    width = rng.randint(11, 20)
    half = len(paras) // 2 if second else len(paras)
    printed, truth = band(paras[:half], k, width, rng, rough)
    if second:
        more, more_truth = band(paras[half:], second, width, rng, rough)
        headline = "青溪一中“校园农场”开课了"[: max(4, width // 2)]
        printed += [headline, *more]
        truth += [headline, *more_truth]
    head = list(HEAD[: rng.randint(0, len(HEAD))])
    tail = list(TAIL[: rng.randint(0, len(TAIL))])
    raw = "\n\n".join(head + printed + tail) + "\n"
    return raw, "\n\n".join(head + truth + tail) + "\n"


def cases(seed: int = 7, per: int = 3) -> Iterator[Case]:
    """``per`` cases for each text (one page per source text) and each of 1–6 columns, and as
    many of two articles one under the other (2–6 columns each); each once regular, once rough
    (:func:`_band`) and once shifted (:func:`_shifted_band`, drawn from a generator of its own,
    so that the others stay as they were)."""
    from ocrfix.scoring import load_corpus

    rng = random.Random(seed)
    other = random.Random(seed + 1)
    texts: dict[str, tuple[str, str]] = {}
    for page in load_corpus(ROOT / "corpora"):
        texts.setdefault(page.gold, (page.split, page.id))
    for gold, (split, _) in sorted(texts.items(), key=lambda kv: kv[1][1]):
        for k in range(1, 7):
            for _, rough in itertools.product(range(per), (False, True)):
                yield Case(split, k, *interleave(gold, k, rng, rough=rough), rough)
                if k > 1:
                    two = interleave(gold, k, rng, rng.randint(2, 6), rough)
                    yield Case(split, -k, *two, rough)
            for _ in range(per):
                yield Case(split, k, *interleave(gold, k, other, shifted=True), shifted=True)
                if k > 1:
                    two = interleave(gold, k, other, other.randint(2, 6), shifted=True)
                    yield Case(split, -k, *two, shifted=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    args = p.parse_args(argv)
    from ocrfix.passes.columns import columns
    from ocrfix.scoring import cer

    acc: dict[tuple[str, str], dict[str, list[float]]] = {}
    for case in cases():
        out = columns(case.raw).output
        kind = ("one article" if case.columns > 0 else "two, one under the other") + (
            ", shifted" if case.shifted else ", rough" if case.rough else ""
        )
        row = acc.setdefault((case.split, kind), {"raw": [], "out": [], "exact": [],
                                                  "worse": [], "kept": []})  # fmt: skip
        if case.columns == 1:
            row["kept"].append(out == case.raw)
            continue
        raw_cer = cer(reference=case.truth, hypothesis=case.raw)
        out_cer = cer(reference=case.truth, hypothesis=out)
        row["raw"].append(raw_cer)
        row["out"].append(out_cer)
        row["exact"].append(out == case.truth)
        row["worse"].append(out_cer > raw_cer + 1e-9)
    lines = [
        "## Interleaved columns (`benchmarks/interleave.py`)",
        "",
        "Interleaves built from each split's gold texts (2–6 columns, lines of 11–20 characters, "
        "masthead and furniture lines around them); *rough*: the last column may end anywhere "
        "and a paragraph's spacing may leave a column out of a row, as `pdftotext` prints real "
        "pages; *shifted*: lines printed by baseline, a paragraph's spacing (0.3–0.9 of a line) "
        "changing the order in which rows print the columns (nothing designed on these yet). "
        "Tune rows are what the rule was designed on.",
        "",
        "| split | articles | interleaves | CER as printed | CER after `columns` | reduction | "
        "regrouped exactly | made worse | in-order texts left alone |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (split, kind), row in sorted(acc.items()):
        before, after = statistics.fmean(row["raw"]), statistics.fmean(row["out"])
        kept = f"{sum(row['kept']):.0f} of {len(row['kept'])}" if row["kept"] else "–"
        lines.append(
            f"| {split} | {kind} | {len(row['raw'])} | {before:.1%} | {after:.1%} | "
            f"{1 - after / before:.0%} | {sum(row['exact']):.0f} | {sum(row['worse']):.0f} | "
            f"{kept} |"
        )
    print("\n".join(lines))
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results_md import write_section

        write_section("interleave.py", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
