"""Fuzz every built-in profile and the passes that claim idempotence with generated texts.

    python benchmarks/fuzz.py                 # 5,000 texts, seed 0, a markdown table
    python benchmarks/fuzz.py --n 500 --seed 3
    python benchmarks/fuzz.py --write         # and into benchmarks/RESULTS.md

Texts are drawn from three kinds, a third each: arbitrary Unicode (lone surrogates, controls,
every plane); Chinese cut from corpus pages and ../shared/texts with OCR-like damage (spaces,
half-width marks, doubled lines); and newspaper structure (blank lines, column rules ``|``,
jump lines, bylines, credits, headings) around such Chinese. For each text, every profile runs
(an exception is a failure, with the text printed for a regression test), and each pass or
profile that claims idempotence is run again on its own output.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from tqdm import tqdm

import ocrfix
from ocrfix.pipeline import run
from ocrfix.registry import get_pass

ROOT = Path(__file__).resolve().parent.parent
#: Passes and profiles whose idempotence the tests claim.
IDEMPOTENT_PASSES = ("columns", "punctuation", "furniture", "dedup", "flow")
IDEMPOTENT_PROFILES = ("safe", "identity")

FURNITURE = ["▶下转02版", "|上接1版", "（下转第2版）", "记者/刘芳 摄", "（全媒体记者/胡文洁）",
             "图为市民参观。株洲日报全媒体记者/杨凌凌 摄", "## 第二部分：工作安排", "# 图", "一、",
             "扫码看视频", "青溪日报 2024年3月4日 星期一 第8126期"]
NOISE = ["|", " | ", "  ", "\n", "\n\n", "\n\n\n", "\u3000", "*", "~", ",", ".", "\"", "(", ")",
         "...", "--", "ee", "IPTetrerreer", "1", "l", "〈", "》"]


def _corpus_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").rglob("gold"))]
    texts = ROOT.parent / "shared" / "texts"
    if texts.is_dir():
        parts += [p.read_text(encoding="utf-8") for p in sorted(texts.glob("*.txt"))]
    return "\n".join(parts)


def _any_unicode(rng: random.Random) -> str:
    def char() -> str:
        r = rng.random()
        if r < 0.1:
            return chr(rng.randint(0xD800, 0xDFFF))  # lone surrogates
        if r < 0.2:
            return chr(rng.randint(0, 0x1F))
        if r < 0.6:
            return chr(rng.randint(0x4E00, 0x9FFF))
        return chr(rng.randint(0, 0x10FFFF))

    return "".join(char() for _ in range(rng.randint(0, 120)))


def _chinese(rng: random.Random, source: str) -> str:
    start = rng.randrange(max(1, len(source) - 600))
    text = source[start : start + rng.randint(20, 600)]
    chars = list(text)
    for _ in range(rng.randint(0, 12)):  # OCR-like damage
        i = rng.randrange(len(chars) + 1)
        chars.insert(i, rng.choice([" ", ",", ".", ":", "\n", "|", "\"", chars[i - 1] if i else ""]))
    text = "".join(chars)
    if rng.random() < 0.2:
        text += "\n\n" + text[: rng.randint(0, len(text))]  # a repeated block
    return text


def _newspaper(rng: random.Random, source: str) -> str:
    pieces = []
    for _ in range(rng.randint(1, 12)):
        r = rng.random()
        if r < 0.4:
            pieces.append(_chinese(rng, source)[: rng.randint(1, 80)])
        elif r < 0.7:
            pieces.append(rng.choice(FURNITURE))
        else:
            pieces.append(rng.choice(NOISE))
    return "".join(pieces)


def generate(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    source = _corpus_text()
    kinds = (_any_unicode, lambda r: _chinese(r, source), lambda r: _newspaper(r, source))
    return [kinds[i % 3](rng) for i in range(n)]


def fuzz(texts: list[str]) -> tuple[Counter[str], Counter[str], list[str]]:
    errors: Counter[str] = Counter()
    not_idempotent: Counter[str] = Counter()
    examples: list[str] = []
    profiles = ocrfix.list_profiles()
    for text in tqdm(texts, unit="text", disable=not sys.stderr.isatty()):
        for name in profiles:
            try:
                out = run(name, text).text
                if name in IDEMPOTENT_PROFILES and run(name, out).text != out:
                    not_idempotent[f"profile {name}"] += 1
                    examples.append(f"not idempotent: profile {name}: {text!r}")
            except Exception:  # counting every failure is the point
                errors[f"profile {name}"] += 1
                examples.append(f"{traceback.format_exc(limit=2)}text: {text!r}")
        for name in IDEMPOTENT_PASSES:
            info = get_pass(name)
            try:
                out = info.run(text).output
                if info.run(out).output != out:
                    not_idempotent[f"pass {name}"] += 1
                    examples.append(f"not idempotent: pass {name}: {text!r}")
            except Exception:
                errors[f"pass {name}"] += 1
                examples.append(f"{traceback.format_exc(limit=2)}text: {text!r}")
    return errors, not_idempotent, examples


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=5000, help="texts to generate (default: 5000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.add_argument("--show", type=int, default=5, help="failing texts to print (default: 5)")
    p.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    args = p.parse_args(argv)
    texts = generate(args.n, args.seed)
    t0 = time.perf_counter()
    errors, not_idempotent, examples = fuzz(texts)
    seconds = time.perf_counter() - t0
    chars = sum(map(len, texts))
    names = [f"profile {n}" for n in ocrfix.list_profiles()]
    names += [f"pass {n}" for n in IDEMPOTENT_PASSES]
    lines = [
        "## Fuzzing (`benchmarks/fuzz.py`)",
        "",
        f"{len(texts):,} generated texts ({chars:,} characters; a third arbitrary Unicode with "
        f"lone surrogates, a third damaged Chinese, a third newspaper structure), seed "
        f"{args.seed}, {seconds:.0f} s. Every profile runs on every text; the profiles and "
        "passes whose idempotence the tests claim run again on their output.",
        "",
        "| run | exceptions | idempotence failures (where claimed) |",
        "|---|---:|---:|",
    ]
    for name in names:
        claimed = name.split()[1] in IDEMPOTENT_PROFILES + IDEMPOTENT_PASSES
        lines.append(f"| {name} | {errors[name]} | {not_idempotent[name] if claimed else '–'} |")
    print("\n".join(lines))
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results_md import write_section

        write_section("fuzz.py", "\n".join(lines))
    for example in examples[: args.show]:
        print("\n" + example, file=sys.stderr)
    return 1 if errors or not_idempotent else 0


if __name__ == "__main__":
    raise SystemExit(main())
