"""Scale and accuracy of the ``dedup`` pass on synthetic multi-page documents.

Each page is about 5,000 characters of made-up Chinese running text (characters drawn with the
frequencies of the two seed pages, so that no 4-gram repeats by accident more than in real text),
with a running header, a heading and a short byline. Every page gets three injected duplicates of
paragraphs from anywhere earlier in the document: an exact copy, a noisy copy (about 3% of the
characters changed, one dropped) and a fragment (40-70% of the paragraph, 1% noise).

An injection is found when exactly one of the two copies is deleted; a deleted block is right
when it belongs to an injected pair whose other copy survives. Running-header deletions are
counted apart. It prints a table and writes it into ``benchmarks/RESULTS.md`` between its
markers::

    nice python benchmarks/dedup_scale.py                 # 10, 100 and 1,000 pages
    nice python benchmarks/dedup_scale.py 10 100 --no-write   # print only
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from ocrfix.passes.dedup import DedupOptions, dedup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results_md import write_section  # the shared writer, next to this script

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    ROOT / "corpora" / "zhuzhou-daily-2023-09-05" / "raw",
    Path("/work/shared/seeds/zhuzhou-daily-2023-04-10.txt"),
]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
PAGE_CHARS = 5000


@dataclass
class Doc:
    text: str
    spans: list[tuple[int, int]]  # content span of every block
    pairs: list[tuple[int, int, str]]  # (source block, injected block, kind)
    headers: int  # running headers that should go (one per page but the first)


def _alphabet() -> tuple[list[str], list[int]]:
    text = "".join(p.read_text(encoding="utf-8") for p in SEEDS if p.exists())
    counts = Counter(regex.findall(r"\p{Han}", text)) or Counter("株洲日报讯记者民族文化传承和保护")
    chars = sorted(counts)
    return chars, [counts[c] for c in chars]


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.chars, self.weights = _alphabet()

    def han(self, n: int) -> str:
        return "".join(self.rng.choices(self.chars, self.weights, k=n))

    def paragraph(self, n: int) -> str:
        parts: list[str] = []
        size = 0
        while size < n:
            clause = self.han(self.rng.randint(6, 18))
            parts.append(clause + self.rng.choice("，，，。、；"))
            size += len(parts[-1])
        return "".join(parts)[:-1] + "。"

    def noisy(self, text: str, rate: float) -> str:
        chars = list(text)
        for _ in range(max(1, round(rate * len(chars)))):
            i = self.rng.randrange(len(chars))
            chars[i] = self.han(1)
        del chars[self.rng.randrange(len(chars))]
        return "".join(chars)

    def document(self, pages: int) -> Doc:
        blocks: list[str] = []
        originals: list[int] = []  # paragraphs that may be copied (each at most once)
        pairs: list[tuple[int, int, str]] = []
        for p in range(pages):
            page: list[tuple[str, int | None, str]] = [
                (f"\f株洲日报 2023年9月5日 星期二 第{p + 1}版", None, "header"),
                ("## " + self.han(14), None, "heading"),
                (f"株洲日报讯(记者/{self.han(3)})", None, "byline"),
            ]
            size = 0
            while size < PAGE_CHARS:
                text = self.paragraph(self.rng.randint(150, 450))
                page.append((text, None, "para"))
                size += len(text)
            for kind in ("exact", "noisy", "fragment"):
                if not originals:
                    continue
                # each paragraph is copied at most once
                src = originals.pop(self.rng.randrange(len(originals)))
                text = blocks[src]
                if kind == "noisy":
                    text = self.noisy(text, 0.03)
                elif kind == "fragment":
                    n = max(100, int(len(text) * self.rng.uniform(0.4, 0.7)))
                    start = self.rng.randrange(0, len(text) - n + 1)
                    text = self.noisy(text[start : start + n], 0.01)
                page.insert(self.rng.randrange(3, len(page) + 1), (text, src, kind))
            for text, src, kind in page:
                if src is not None:
                    pairs.append((src, len(blocks), kind))
                elif kind == "para":
                    originals.append(len(blocks))
                blocks.append(text)
        spans, pos = [], 0
        for b in blocks:
            start = pos + (1 if b.startswith("\f") else 0)
            spans.append((start, pos + len(b)))
            pos += len(b) + 2
        return Doc("\n\n".join(blocks) + "\n", spans, pairs, pages - 1)


def evaluate(doc: Doc, options: DedupOptions) -> dict[str, float]:
    t0 = time.perf_counter()
    result = dedup(doc.text, options)
    seconds = time.perf_counter() - t0
    cuts = [(e.start, e.end) for e in result.edits if e.rule != "running-header"]
    headers = sum(1 for e in result.edits if e.rule == "running-header")
    deleted = {i for i, (s, e) in enumerate(doc.spans) if any(a <= s and e <= b for a, b in cuts)}
    found = sum(1 for s, d, _k in doc.pairs if (s in deleted) != (d in deleted))
    members = {i for s, d, _k in doc.pairs for i in (s, d) if (s in deleted) != (d in deleted)}
    right = len(deleted & members)
    by_kind = Counter(k for s, d, k in doc.pairs if (s in deleted) != (d in deleted))
    total_kind = Counter(k for _s, _d, k in doc.pairs)
    return {
        "seconds": seconds,
        "chars": len(doc.text),
        "recall": found / len(doc.pairs) if doc.pairs else 1.0,
        "precision": right / len(deleted) if deleted else 1.0,
        "deleted": len(deleted),
        "injected": len(doc.pairs),
        "headers": headers,
        "headers_expected": doc.headers,
        **{f"recall_{k}": by_kind[k] / total_kind[k] for k in total_kind},
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pages",
        nargs="*",
        type=int,
        default=[10, 100, 1000],
        help="document sizes in pages (default: 10 100 1000)",
    )
    parser.add_argument("--seed", type=int, default=20230905, help="random seed of the generator")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    sizes = args.pages
    gen = Generator(args.seed)
    rows = []
    for pages in sizes:
        doc = gen.document(pages)
        r = evaluate(doc, DedupOptions())
        rows.append(
            f"| {pages} | {r['chars']:,} | {r['seconds']:.2f} | {1000 * r['seconds'] / pages:.1f} "
            f"| {r['injected']} | {r['recall']:.4f} | {r.get('recall_exact', 1):.3f} / "
            f"{r.get('recall_noisy', 1):.3f} / {r.get('recall_fragment', 1):.3f} "
            f"| {r['precision']:.4f} | {r['headers']}/{r['headers_expected']} |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            "## dedup scale (`benchmarks/dedup_scale.py`)",
            "",
            "Synthetic pages of ~5,000 characters, three injected duplicates per page (exact, "
            "noisy 3%, fragment 40-70%); default options.",
            "",
            "| pages | chars | seconds | ms/page | injected | recall | recall exact / noisy / "
            "fragment | precision | running headers removed |",
            "|---|---|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    if not args.no_write:
        write_section("dedup_scale.py", table, RESULTS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
