"""Time per character of each structural pass from 1k to 1M characters: is it linear?

    python benchmarks/pass_scale.py                       # 1k, 10k, 100k, 1M characters
    python benchmarks/pass_scale.py --sizes 1000 100000 --passes dedup
    python benchmarks/pass_scale.py --write               # and into benchmarks/RESULTS.md

Four documents cut to each size: one paragraph of ``../shared/texts`` repeated with mutations
(a character in 40 replaced, a different one in each copy: near-duplicates everywhere), short
blocks (lines of 4–30 characters separated by blank lines: many blocks, many pairs), and two
columns side by side (``pdftotext -layout``, a blank line every 10 rows); a fourth prints three
columns one line of each in turn (``pdftotext`` default), a fifth three columns as Tesseract
``--psm 4`` prints them (a blank line after each row, every third row's first column empty), a
sixth one sentence printed again and again in one paragraph (a converter's loop), a seventh
bands of three columns whose top lines ``pdftotext`` default printed as one line under the
headline, the columns' other lines as blocks.
All but the fourth have made a pass quadratic before. Printed: microseconds per character and
the ratio to the smallest size of the same document (1.00 = linear; the issue's bar is within
2×). Under 100,000 characters, documents of the size are cut from as many places as make
100,000 characters and timed one after the other: one 1,000-character run is too short to time.
Passes run as a profile runs them, the garbage collector paused; each figure is the fastest of
three rounds on other cuts of the texts (one round where a round takes over 20 s).
"""

from __future__ import annotations

import argparse
import functools
import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ocrfix.registry import get_pass

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT.parent / "shared" / "texts"
# the structural passes, and typos (its page evidence counts strings over the whole document)
PASSES = (
    "columns", "unwrap", "cjk-spacing", "furniture", "flow", "dedup", "punctuation", "scan-noise",
    "typos",
)  # fmt: skip
#: Sizes a pass is not run at unless ``--full``: flow on 1M characters of short blocks takes
#: minutes (~150 µs a character), which an ordinary benchmark run should not wait for.
TOO_SLOW = {"flow": 1_000_000}


@functools.cache
def _source() -> str:
    return "".join(
        p.read_text(encoding="utf-8").replace("\n", "") for p in sorted(TEXTS.glob("*.txt"))
    )


def mutated_copies(size: int, source: str) -> str:
    """One paragraph, the same at every size (what a pass does differs from one paragraph to
    another: ``cjk-spacing`` edits some ten times as often as others), copied with a character
    in 40 replaced, another in each copy, from a place set by the cut ``source``."""
    para = _source()[2000:2230]
    out, k, n = [], ord(source[0]) % 40, 0
    while n < size:
        out.append("".join("的" if (i + k) % 40 == 0 else c for i, c in enumerate(para)))
        n += len(para) + 2
        k += 1
    return "\n\n".join(out)[:size]


def short_blocks(size: int, source: str) -> str:
    rng = random.Random(size)
    out, n = [], 0
    while n < size:
        start = rng.randrange(len(source) - 40)
        piece = source[start : start + rng.randint(4, 30)]
        out.append(piece)
        n += len(piece) + 2
    return "\n\n".join(out)[:size]


def side_by_side(size: int, source: str) -> str:
    """Two columns of 14 ideographs side by side (``pdftotext -layout``), bands of 10 rows (a
    1,000-character document holds three: with one, a pass that works on blocks has nothing to
    compare at the smallest size, and every ratio to it is meaningless). Past the end of the
    source (100k characters) it goes on in a copy with every seventh character changed: text
    that recurs is another document, which ``dedup`` rightly compares copy with copy."""
    rows, n, k, lap = [], 0, 0, 0
    text = source
    while n < size:
        row = text[k : k + 14] + " " * 8 + text[k + 5000 : k + 5014]
        rows.append(row + ("\n" if len(rows) % 10 == 9 else ""))
        n += len(row) + 1
        k += 14
        if k + 5014 > len(source):
            k, lap = 0, lap + 1
            text = "".join("的" if (i + lap) % 7 == 0 else c for i, c in enumerate(source))
    return "\n".join(rows)[:size]


def in_turn(size: int, source: str) -> str:
    """Three columns of 14 ideographs printed one line of each in turn, each line a block
    (``pdftotext`` default), a short headline every 30 rows."""
    blocks, n, k = [], 0, 0
    while n < size:
        for off in (0, 5000, 10000):
            blocks.append(source[k + off : k + off + 14])
        if len(blocks) % 90 == 0:
            blocks.append("要闻二版")
        n += 3 * 16
        k = (k + 14) % (len(source) - 10100)
    return "\n\n".join(blocks)[:size]


def ocr_rows(size: int, source: str) -> str:
    """Three columns of 14 ideographs as Tesseract ``--psm 4`` prints a skewed scan: rows
    joined by rules, a blank line after each, every third row's first column empty (spaces,
    then its rule): runs go on across those blank lines."""
    rows, n, k = [], 0, 0
    while n < size:
        a, b, c = (source[k + off : k + off + 14] for off in (0, 5000, 10000))
        row = (" " * 8 if len(rows) % 3 == 2 else a) + " | " + b + " | " + c
        rows.append(row)
        n += len(row) + 2
        k = (k + 14) % (len(source) - 10100)
    return "\n\n".join(rows)[:size]


def top_lines(size: int, source: str) -> str:
    """Bands of three columns of 13 ideographs as ``pdftotext`` default prints them: a
    headline, the columns' top lines as one line under it, then each column's other lines as a
    block, the first column's, another text's, the second's and the third's (``columns`` puts
    each top line before its block: a match among the blocks after each band's headline)."""
    blocks, n, k = [], 0, 0
    while n < size:
        cols = [[source[k + off + 13 * i : k + off + 13 * (i + 1)] for i in range(8)]
                for off in (0, 104, 208)]  # fmt: skip
        other = [source[k + 6000 + 13 * i : k + 6000 + 13 * (i + 1)] for i in range(5)]
        band = [["要闻二版", " ".join(c[0] for c in cols)], cols[0][1:], other, cols[1][1:],
                cols[2][1:]]  # fmt: skip
        blocks += ["\n".join(b) for b in band]
        n += 32 * 14
        k = (k + 312) % (len(source) - 7000)
    return "\n\n".join(blocks)[:size]


def one_sentence(size: int, source: str) -> str:
    """One sentence printed again and again in one paragraph, no line break (a converter's loop;
    ``dedup`` once re-read the kept copy and every copy after it for each copy)."""
    start = source.index("。", 3000) + 1
    sentence = source[start : source.index("。", start) + 1]
    return (sentence * (size // len(sentence) + 1))[:size]


#: Characters timed at each size at least: below it, as many documents of that size (each cut
#: from another place in the source) as make it up are timed one after the other. A single
#: 1,000-character run takes well under a millisecond for most passes, where the timer and the
#: machine's noise alone moved the ratios by 2× and more.
TIMED_CHARS = 100_000
#: Rounds timed at each size, the fastest kept: other processes on a 2-core machine slow a round
#: down, never speed it up (single rounds put furniture's 1M-character ratio at 2.37x in one run
#: and 1.02x in the next). A round longer than ``LONG_ROUND`` seconds is timed once.
REPEATS = 3
LONG_ROUND = 20.0


def per_char(name: str, make: Callable[[int, str], str], size: int, source: str) -> float:
    """Microseconds per character of ``name`` on documents ``make`` cuts to ``size``, after a
    run on one from elsewhere in the source: the language data is loaded and the per-string
    caches (LM scores, display widths) are as full as a document of that size fills them, but
    with another document's strings, at every size alike. Each timed document is new text too
    (at small sizes, :data:`TIMED_CHARS` of them in all). The best of :data:`REPEATS` rounds,
    each on other cuts of the source (a round on the same text would find it in the caches)."""
    info = get_pass(name)
    half = len(source) // 2
    info.run(make(size, source[half:] + source[:half]))
    best = math.inf
    for r in range(REPEATS):
        total = chars = 0.0
        for k in range(max(1, TIMED_CHARS // size)):
            cut = (k * 7919 + r * 104_729) % half  # (another stretch of the first half each time)
            text = make(size, source[cut:] + source[:cut])
            t0 = time.perf_counter()
            info.run(text)
            total += time.perf_counter() - t0
            chars += len(text)
        best = min(best, total / chars * 1e6)
        if total > LONG_ROUND:
            break
    return best


DOCUMENTS = (
    ("mutated copies", mutated_copies),
    ("short blocks", short_blocks),
    ("side by side", side_by_side),
    ("columns in turn", in_turn),
    ("OCR rows", ocr_rows),
    ("one sentence", one_sentence),
    ("top lines", top_lines),
)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000, 1_000_000])
    p.add_argument("--passes", nargs="+", default=list(PASSES), choices=PASSES)
    p.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    p.add_argument("--full", action="store_true", help="run the sizes of TOO_SLOW too (minutes)")
    args = p.parse_args(argv)
    too_slow = {} if args.full else TOO_SLOW
    source = _source()
    lines = [
        "## Time per character of each pass (`benchmarks/pass_scale.py`)",
        "",
        "Microseconds per character, and the ratio to the smallest size (1.00× = linear); the "
        "fastest of three rounds, each on other cuts of the texts (one round over 20 s).",
        "",
        "| pass | document | " + " | ".join(f"{s:,} chars" for s in args.sizes) + " |",
        "|---|---|" + "---:|" * len(args.sizes),
    ]
    print("\n".join(lines), flush=True)
    for name in args.passes:
        for label, make in DOCUMENTS:
            times = [
                per_char(name, make, size, source)
                for size in args.sizes
                if size < too_slow.get(name, size + 1)
            ]
            cells = [f"{t:.2f} µs ({t / times[0]:.2f}×)" for t in times]
            cells += ["not run"] * (len(args.sizes) - len(times))
            lines.append(f"| {name} | {label} | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results_md import write_section

        write_section("pass_scale.py", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
