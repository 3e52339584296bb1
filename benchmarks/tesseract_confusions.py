"""Real Tesseract character substitutions in the generated OCR pages, most frequent first.

Aligns each ``corpora/generated/*`` tesseract page's raw with its gold (whitespace removed) using
``rapidfuzz.distance.Levenshtein.opcodes`` and counts, in every ``replace`` span of equal length,
the character pairs truth→OCR (short spans anchored by matching text only). Prints a Markdown
table; also the baseline CER per variant::

    python benchmarks/tesseract_confusions.py [--top 10] [--kind tesseract] [--cer] [--write]

``--write`` puts both tables into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from rapidfuzz.distance import Levenshtein, Opcode

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "corpora" / "generated"
_WS = re.compile(r"\s+")
MAX_SPAN = 3  # longest replace span (characters) counted as misreadings
ANCHOR = 3  # matching characters required on both sides of a counted span


def _strip(text: str) -> str:
    return _WS.sub("", text)


Case = tuple[dict[str, object], str, str]


def cases(root: Path = GENERATED, kind: str | None = "tesseract") -> list[Case]:
    """(meta, raw, gold) of every generated case, optionally only of one ``kind``."""
    out = []
    for meta_path in sorted(root.glob("*/meta.toml")):
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
        if kind is not None and meta.get("kind") != kind:
            continue
        raw = (meta_path.parent / "raw").read_text(encoding="utf-8")
        gold = (meta_path.parent / "gold").read_text(encoding="utf-8")
        out.append((meta, raw, gold))
    return out


def _anchored(op: Opcode | None, anchor: int) -> bool:
    return op is None or (op.tag == "equal" and op.src_end - op.src_start >= anchor)


def substitutions(
    raw: str, gold: str, max_span: int = MAX_SPAN, anchor: int = ANCHOR
) -> Counter[tuple[str, str]]:
    """Character substitutions (truth, ocr) in one whitespace-free alignment of raw to gold.

    Only ``replace`` spans of equal length up to ``max_span`` characters with at least ``anchor``
    matching characters on both sides count: on a page whose blocks the OCR read out of order,
    longer or unanchored spans align unrelated text and are not misreadings.
    """
    truth, ocr = _strip(gold), _strip(raw)
    counts: Counter[tuple[str, str]] = Counter()
    ops = list(Levenshtein.opcodes(truth, ocr))
    for i, op in enumerate(ops):
        if op.tag != "replace":
            continue
        a, b = truth[op.src_start : op.src_end], ocr[op.dest_start : op.dest_end]
        if len(a) != len(b) or len(a) > max_span:
            continue
        before = ops[i - 1] if i > 0 else None
        after = ops[i + 1] if i + 1 < len(ops) else None
        if _anchored(before, anchor) and _anchored(after, anchor):
            counts.update(zip(a, b, strict=True))
    return counts


def confusion_counts(root: Path = GENERATED, kind: str = "tesseract") -> Counter[tuple[str, str]]:
    """Substitution counts (truth, ocr) summed over all generated pages of ``kind``."""
    total: Counter[tuple[str, str]] = Counter()
    for _meta, raw, gold in cases(root, kind):
        total += substitutions(raw, gold)
    return total


def cer(raw: str, gold: str) -> float:
    """Whitespace-free character error rate: Levenshtein distance / len(gold)."""
    truth = _strip(gold)
    return Levenshtein.distance(_strip(raw), truth) / max(1, len(truth))


def cer_by_variant(root: Path = GENERATED) -> dict[str, tuple[int, float, int]]:
    """variant -> (cases, pooled CER, gold characters), over all generated cases."""
    errs: dict[str, int] = defaultdict(int)
    chars: dict[str, int] = defaultdict(int)
    n: dict[str, int] = defaultdict(int)
    for meta, raw, gold in cases(root, None):
        v = str(meta["variant"])
        truth = _strip(gold)
        errs[v] += Levenshtein.distance(_strip(raw), truth)
        chars[v] += len(truth)
        n[v] += 1
    return {v: (n[v], errs[v] / max(1, chars[v]), chars[v]) for v in sorted(n)}


def markdown_table(counts: Counter[tuple[str, str]], top: int = 10) -> str:
    """Markdown table of the ``top`` most frequent substitutions."""
    lines = ["| # | truth | OCR | count |", "|---:|:---:|:---:|---:|"]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    for i, ((t, o), c) in enumerate(ranked[:top], 1):
        lines.append(f"| {i} | {t} | {o} | {c} |")
    return "\n".join(lines)


def cer_table(root: Path = GENERATED) -> str:
    """Markdown table of the baseline (raw) CER per variant."""
    lines = ["| variant | cases | gold chars | raw CER |", "|---|---:|---:|---:|"]
    for v, (n, rate, chars) in cer_by_variant(root).items():
        lines.append(f"| {v} | {n} | {chars} | {rate:.2%} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the substitution table (and optionally the CER table)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--kind", default="tesseract")
    ap.add_argument("--root", type=Path, default=GENERATED)
    ap.add_argument("--cer", action="store_true", help="also print the CER per variant")
    ap.add_argument("--write", action="store_true", help="write both tables to RESULTS.md")
    args = ap.parse_args(argv)
    cers = cer_table(args.root) if args.cer or args.write else ""
    if cers:
        print(cers + "\n")
    subs = markdown_table(confusion_counts(args.root, args.kind), args.top)
    print(subs)
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results_md import write_section

        write_section(
            "tesseract_confusions.py",
            "## Tesseract substitutions (`benchmarks/tesseract_confusions.py --write`)\n\n"
            "Raw CER of the generated pages per variant (whitespace-free, pooled):\n\n"
            f"{cers}\n\nThe {args.top} most frequent character substitutions truth→OCR on the "
            f"`{args.kind}` pages (equal-length replace spans of at most {MAX_SPAN} characters, "
            f"anchored by {ANCHOR} matching characters on each side):\n\n{subs}",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
