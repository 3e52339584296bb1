"""How much OCR noise the ``scan-noise`` pass removes from the Tesseract pages, and what it costs.

For every ``scan-*`` page of both splits (Tesseract output of degraded page images) the
raw text is run through ``scan-noise`` alone and compared with the page's gold.

Noise characters (what the pass should remove) are counted from an alignment with gold:

1. Whitespace is dropped from raw and gold and the two are aligned by Levenshtein (rapidfuzz
   opcodes). A raw character is *unaligned* when it falls in a ``delete`` opcode: it stands for
   nothing in gold.
2. Misplaced real text is not noise: an unaligned character is dropped from the count when any raw
   character trigram through it occurs in the gold (a block Tesseract read in the wrong place).
3. What is left is split into *noise runs*:
   - every character that is neither a Han character nor a digit inside a number — rules (``|``),
     specks, Latin letters, symbols, stray punctuation — counts;
   - a run of 4 or more Han characters counts when fewer than a quarter of its adjacent pairs occur
     in the gold (picture texture read as Han, ``生仙人和人和全村``); shorter Han runs and Han runs
     that share pairs with the gold are misreadings, not noise, and are not counted.

*Noise removed* is the share of noise characters that the pass deletes. *Gold removed* is the
share of gold characters whose aligned raw character (an ``equal`` opcode) the pass deletes or
changes: real text lost. CER is whitespace-free (``ocrfix.scoring.cer``).

With ``--pipeline`` it also runs the ``newspaper`` profile with and without ``scan-noise`` on the
same pages (a few minutes): the pass's effect where it runs in practice, after ``unicode``,
``cjk-spacing`` and ``furniture`` and before ``flow``.

Usage: ``python benchmarks/scan_noise.py [--pipeline] [--write]`` (``--write`` updates RESULTS.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import regex
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ocrfix.passes.scan_noise import scan_noise  # noqa: E402
from ocrfix.scoring import Page, cer, load_corpus  # noqa: E402

_HAN = regex.compile(r"\p{Han}")
# Punctuation a scan may misread inside a sentence (not noise when it is glued to text).
_PUNCT = regex.compile(r"[，。、；：？！“”（）《》]")
_MARK = regex.compile(r"[^\w\s|丨¦\[\]{}<>=+\\/_~*^`]")
SPLITS = ("tune", "report")
VARIANTS = [
    "scan-light",
    "scan-medium",
    "scan-heavy",
    "scan-light-block",
    "scan-medium-block",
    "scan-heavy-block",
    "scan-light-psm4",
    "scan-medium-psm4",
    "scan-heavy-psm4",
]


def _segment(raw: str, i: int) -> str:
    """The stretch of ``raw[i]``'s line between column gaps (2+ spaces or a ``|``)."""
    a = max(raw.rfind("\n", 0, i), raw.rfind("  ", 0, i) + 1, raw.rfind("|", 0, i))
    ends = [j for j in (raw.find("\n", i), raw.find("  ", i), raw.find("|", i)) if j >= 0]
    return raw[a + 1 : min(ends, default=len(raw))]


def _isolated(raw: str, i: int, cand: list[bool], idx: list[int], k: int) -> bool:
    """Is the mark at ``raw[i]`` in a whitespace-delimited token of unaligned characters only?"""
    a, b = k, k
    while a > 0 and idx[a - 1] == idx[a] - 1:
        a -= 1
    while b + 1 < len(idx) and idx[b + 1] == idx[b] + 1:
        b += 1
    return all(cand[a : b + 1])


def noise_mask(raw: str, gold: str) -> tuple[list[int], list[bool], list[bool]]:
    """Raw offsets of the non-space characters, which of them are noise, which match gold."""
    g = regex.sub(r"\s+", "", gold)
    trigrams = {g[i : i + 3] for i in range(len(g) - 2)}
    bigrams = {g[i : i + 2] for i in range(len(g) - 1)}
    idx = [i for i, c in enumerate(raw) if not c.isspace()]
    r = "".join(raw[i] for i in idx)
    unaligned = [False] * len(r)
    equal = [False] * len(r)
    for op in Levenshtein.opcodes(r, g):
        for k in range(op.src_start, op.src_end):
            unaligned[k] = op.tag == "delete"
            equal[k] = op.tag == "equal"
    cand = [
        unaligned[k]
        and not any(r[a : a + 3] in trigrams for a in range(max(0, k - 2), min(k + 1, len(r) - 2)))
        for k in range(len(r))
    ]
    noise = [False] * len(r)
    k = 0
    while k < len(r):
        if not cand[k]:
            k += 1
            continue
        if _HAN.match(r[k]) and r[k] != "丨":
            n = k
            while n < len(r) and cand[n] and _HAN.match(r[n]) and r[n] != "丨":
                n += 1
            run = r[k:n]
            pairs = [run[a : a + 2] for a in range(len(run) - 1)]
            if (
                len(run) >= 4
                and sum(p in bigrams for p in pairs) <= 0.1 * len(pairs)
                and not _PUNCT.search(_segment(raw, idx[k]))
            ):
                for t in range(k, n):
                    noise[t] = True
            k = n
            continue
        c = r[k]
        if c.isdigit():
            noise[k] = not (
                (k > 0 and r[k - 1] in "0123456789%.") or (k + 1 < len(r) and r[k + 1].isdigit())
            )
        elif _MARK.match(c):
            noise[k] = _isolated(raw, idx[k], cand, idx, k)
        else:
            noise[k] = True
        k += 1
    return idx, noise, equal


def measure() -> tuple[dict[str, dict[str, float]], float]:
    pages = [p for p in load_corpus(ROOT / "corpora") if p.group in VARIANTS]
    tot: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    scan_noise("生仙人和人和全村机丰全村许仙二\n")  # load the character model before timing
    size = sum(len(p.raw.encode("utf-8")) for p in pages)
    seconds = min(_timed(pages) for _ in range(3))
    for p in pages:
        result = scan_noise(p.raw)
        touched = [False] * len(p.raw)  # deleted or changed by an edit
        for e in result.edits:
            old, new = p.raw[e.start : e.end], e.replacement
            a, b = 0, len(old)
            while a < b and a < len(new) and old[a] == new[a]:
                a += 1  # a common head/tail is kept, not removed: ``%6`` → ``%`` removes ``6``
            while (
                b > a
                and len(new) - (len(old) - b) > a
                and old[b - 1] == new[b - 1 - len(old) + len(new)]
            ):
                b -= 1
            for i in range(e.start + a, e.start + b):
                touched[i] = True
        idx, noise, equal = noise_mask(p.raw, p.gold)
        t = tot[f"{p.split}: {p.group}"]
        t["pages"] += 1
        t["noise"] += sum(noise)
        t["noise_removed"] += sum(1 for k, i in enumerate(idx) if noise[k] and touched[i])
        t["gold"] += len(regex.sub(r"\s+", "", p.gold))
        t["gold_removed"] += sum(1 for k, i in enumerate(idx) if equal[k] and touched[i])
        t["cer_before"] += cer(reference=p.gold, hypothesis=p.raw)
        t["cer_after"] += cer(reference=p.gold, hypothesis=result.output)
        t["edits"] += len(result.edits)
        t["flags"] += len(result.flags)
    return tot, size / seconds / 1e6 if seconds else 0.0


def _timed(pages: list[Page]) -> float:
    t0 = time.perf_counter()
    for p in pages:
        scan_noise(p.raw)
    return time.perf_counter() - t0


def table(tot: dict[str, dict[str, float]]) -> str:
    head = (
        "| split: variant | pages | noise chars | noise removed | gold chars | gold removed | "
        "CER before | CER after | edits | flags |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = []
    for split in SPLITS:
        all_t: dict[str, float] = defaultdict(float)
        for v in VARIANTS:
            t = tot[f"{split}: {v}"]
            for key, val in t.items():
                all_t[key] += val
            rows.append(_row(f"{split}: {v}", t))
        rows.append(_row(f"{split}: all scan pages", all_t))
    return head + "\n".join(rows) + "\n"


def _row(name: str, t: dict[str, float]) -> str:
    n = t["pages"] or 1
    return (
        f"| {name} | {t['pages']:.0f} | {t['noise']:.0f} | "
        f"{t['noise_removed']:.0f} ({100 * t['noise_removed'] / max(1, t['noise']):.1f}%) | "
        f"{t['gold']:.0f} | "
        f"{t['gold_removed']:.0f} ({100 * t['gold_removed'] / max(1, t['gold']):.3f}%) | "
        f"{100 * t['cer_before'] / n:.2f}% | {100 * t['cer_after'] / n:.2f}% | "
        f"{t['edits']:.0f} | {t['flags']:.0f} |"
    )


def pipeline_table() -> str:
    """Whitespace-free CER of ``newspaper`` with and without ``scan-noise``, per variant."""
    from ocrfix.pipeline import run
    from ocrfix.profiles import load_profile

    with_it = load_profile("newspaper")
    without = with_it.without("scan-noise")
    tot: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for p in load_corpus(ROOT / "corpora"):
        if p.group in VARIANTS:
            t = tot[f"{p.split}: {p.group}"]
            t[0] += 1
            t[1] += cer(reference=p.gold, hypothesis=p.raw)
            t[2] += cer(reference=p.gold, hypothesis=run(without, p.raw).text)
            t[3] += cer(reference=p.gold, hypothesis=run(with_it, p.raw).text)
    rows = [
        f"| {k} | {100 * t[1] / t[0]:.2f}% | {100 * t[2] / t[0]:.2f}% | {100 * t[3] / t[0]:.2f}% |"
        for k in (f"{split}: {v}" for split in SPLITS for v in VARIANTS)
        for t in [tot[k]]
    ]
    head = (
        "| split: variant | raw CER | newspaper without scan-noise | newspaper |\n|---|---:|---:|---:|\n"
    )
    return head + "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", action="store_true", help="also the newspaper profile")
    parser.add_argument("--write", action="store_true", help="write the tables to RESULTS.md")
    args = parser.parse_args(argv)
    tot, speed = measure()
    text = table(tot)
    print(text)
    print(f"throughput: {speed:.2f} MB/s (scan-noise alone, best of 3, UTF-8 bytes of raw)")
    pipe = ""
    if args.pipeline:
        pipe = pipeline_table()
        print(pipe)
    if args.write:
        from results_md import write_section

        body = (
            "## Scan noise (`benchmarks/scan_noise.py`)\n\n"
            "The `scan-noise` pass alone on the Tesseract pages of both splits (tune: "
            "`corpora/generated/*-scan-*`; report: `corpora/report/*-scan-*`). "
            "Noise characters are raw characters that align to nothing in gold and sit in noise "
            "runs (see the script's docstring for the exact count); gold removed counts gold "
            "characters whose raw counterpart the pass deleted or changed. CER is whitespace-free, "
            "averaged over pages.\n\n"
            + text
            + f"\nThroughput on these raws: {speed:.2f} MB/s (best of 3 runs).\n"
        )
        if pipe:
            body += (
                "\nIn the `newspaper` profile (whitespace-free CER, mean over pages):\n\n" + pipe
            )
        keys = [f"{split}: {v}" for split in SPLITS for v in VARIANTS]
        removed = sum(tot[k]["noise_removed"] for k in keys)
        overall = f"{100 * removed / max(1, sum(tot[k]['noise'] for k in keys)):.1f}%"
        below = sum(tot[k]["noise_removed"] < 0.9 * tot[k]["noise"] for k in keys)
        body += "\n" + NOTE.format(overall=overall, below=below, rows=len(keys))
        write_section("scan_noise.py", body)
    return 0


NOTE = """Notes.
- Noise removed is {overall} over all scan pages; {below} of the {rows} split × variant rows stay
  below 90%; what is left is mostly single marks (`，` `。` `“` `:`) between columns of the
  `--psm 4/6` pages, where the alignment cannot tell a rule read as `，` from a real comma, and a
  few glued specks.
- Misread Han text (`喜楼入市场黎购戎` for `鼓楼菜市场选购`) is not noise and not counted; Han counts
  only as picture texture (4+ unaligned Han sharing at most a tenth of their pairs with gold, in a
  stretch without Chinese punctuation).
- The pass makes no edit on any gold text (`tests/test_scan_noise_pass.py`).
"""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
