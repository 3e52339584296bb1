"""How much of the line-break excess ``unwrap`` removes, per variant of the corpus pages.

    python benchmarks/unwrap_eval.py            # every corpus page with a meta.toml variant
    python benchmarks/unwrap_eval.py --write    # and into benchmarks/RESULTS.md

The line-break excess of a text is its layout CER minus its CER: the error that only line and
paragraph breaks make. Printed per variant: mean CER and layout CER of the raw and of
``unicode → scan-noise → unwrap``, the excess before and after, and the edits ``unwrap`` made on
the gold texts (which must be none).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from tqdm import tqdm

from ocrfix.pipeline import run
from ocrfix.profiles import Profile
from ocrfix.registry import get_pass
from ocrfix.scoring import cer, cer_layout, load_corpus

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", nargs="*", default=[str(ROOT / "corpora")])
    p.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    args = p.parse_args(argv)
    pages = [page for c in args.corpus for page in load_corpus(Path(c))]
    before = Profile.of("unicode", "scan-noise")
    after = Profile.of("unicode", "scan-noise", "unwrap")
    acc: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0])
    gold_edits = 0
    for page in tqdm(pages, unit="page", disable=not sys.stderr.isatty()):
        a, b = run(before, page.raw).text, run(after, page.raw).text
        row = acc[page.group]
        row[0] += 1
        row[1] += cer(reference=page.gold, hypothesis=a)
        row[2] += cer_layout(reference=page.gold, hypothesis=a)
        row[3] += cer(reference=page.gold, hypothesis=b)
        row[4] += cer_layout(reference=page.gold, hypothesis=b)
        gold_edits += len(get_pass("unwrap").run(page.gold).edits)
    lines = [
        "## Line unwrapping (`benchmarks/unwrap_eval.py`)",
        "",
        "Mean per variant; *excess* = layout CER − CER, the error of line and paragraph breaks "
        "alone. Raw through `unicode → scan-noise`, then with `unwrap` added. All pages here are "
        "of the tune split (the texts the pass was designed on).",
        "",
        "| variant | pages | CER | layout CER | excess | CER + unwrap | layout CER + unwrap "
        "| excess + unwrap | excess cut |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for group, (n, c0, l0, c1, l1) in sorted(acc.items()):
        e0, e1 = (l0 - c0) / n, (l1 - c1) / n
        cut = (e0 - e1) / e0 if e0 > 0 else 0.0
        lines.append(
            f"| {group} | {int(n)} | {c0 / n:.2%} | {l0 / n:.2%} | {e0:.2%} | {c1 / n:.2%} | "
            f"{l1 / n:.2%} | {e1:.2%} | {cut:.0%} |"
        )
    lines.append(f"\n`unwrap` edits on the {len(pages)} gold texts: {gold_edits}")
    print("\n".join(lines))
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results_md import write_section

        write_section("unwrap_eval.py", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
