"""Pages that are not in the corpus, typeset now from the tune texts: does a change help on
article groups, fonts and column counts nobody looked at while writing it?

    python benchmarks/fresh_pages.py --out /tmp/fresh                   # typeset (once), score
    python benchmarks/fresh_pages.py --out /tmp/fresh --save now.json
    PYTHONPATH=<checkout of an older commit>/src \\
        python benchmarks/fresh_pages.py --out /tmp/fresh --save before.json
    python benchmarks/fresh_pages.py --out /tmp/fresh --against before.json

Ten pages (:data:`SPECS`): the four tune texts' articles from a third and from a half of the
way in, packed into groups the corpus pages do not print, set by ``benchmarks/ocr_pages`` as the
corpus is (chromium, tesseract, poppler and the CJK fonts; ~20 s a page) in every variant:
``pdftotext`` raw/default/``-layout`` and Tesseract ``--psm 3/4/6`` at three scan qualities.
They are written to ``--out``, never to ``corpora/``, and typeset only where missing. Printed:
mean ``newspaper`` CER per variant (whitespace ignored, against the page's gold), and with
``--against`` the same for the saved run and the pages that moved. Nothing here is in
RESULTS.md: the pages change with the generator and the machine's fonts; re-run both versions.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: (page id, text, its articles from the 1/k-th on: k, group, columns, font, articles side by
#: side)
SPECS = [
    ("f3-const-1", "constitution-2018.txt", 2, 1, 6, "Noto Sans CJK SC", True),
    ("f3-const-2", "constitution-2018.txt", 2, 2, 5, "WenQuanYi Zen Hei", False),
    ("f3-gov21-1", "gov-report-2021.txt", 2, 1, 4, "Noto Serif CJK SC", True),
    ("f3-regb-1", "reg-business-environment-2019.txt", 2, 1, 5, "AR PL UMing CN", True),
    ("f3-spc-2", "spc-online-litigation-2021.txt", 2, 0, 6, "Noto Serif CJK SC", True),
    ("f4-const-0", "constitution-2018.txt", 3, 0, 4, "WenQuanYi Zen Hei", True),
    ("f4-const-3", "constitution-2018.txt", 3, 3, 6, "AR PL UMing CN", True),
    ("f4-gov21-3", "gov-report-2021.txt", 3, 3, 5, "Noto Sans CJK SC", True),
    ("f4-regb-0", "reg-business-environment-2019.txt", 3, 0, 4, "Noto Serif CJK SC", False),
    ("f4-spc-1", "spc-online-litigation-2021.txt", 3, 1, 5, "WenQuanYi Zen Hei", True),
]


def typeset(out: Path) -> None:
    """Typeset the pages of :data:`SPECS` that ``out`` does not hold yet."""
    from benchmarks.ocr_pages.generate import Page, generate_page, pack
    from benchmarks.ocr_pages.report import TEXTS, articles_of

    for pid, text, k, group, columns, font, side_by_side in SPECS:
        if (out / f"{pid}-text-layer-raw" / "gold").is_file():
            continue
        articles = articles_of(TEXTS / text)
        chosen = pack(articles[len(articles) // k :])[group]
        page = Page(pid, "西岭日报", date(2026, 3, 16), 4328, chosen, columns)
        page.side_by_side, page.font, page.split = side_by_side, font, "tune"
        page.origin = sorted({a.source for a in chosen})
        print(f"typesetting {pid} …", file=sys.stderr, flush=True)
        generate_page(page, out, out / "build", None, 2)


def score(out: Path) -> dict[str, tuple[float, float]]:
    """Each page variant's identity and ``newspaper`` CER."""
    import ocrfix
    from ocrfix.scoring import cer, load_page

    scores = {}
    for case in sorted(p.parent for p in out.glob("*/gold")):
        page = load_page(case)
        fixed = ocrfix.repair(page.raw, profile="newspaper").text
        scores[case.name] = (
            cer(reference=page.gold, hypothesis=page.raw),
            cer(reference=page.gold, hypothesis=fixed),
        )
    return scores


def variant(name: str) -> str:
    return re.sub(r"^f\d-[a-z0-9]+-\d+-", "", name)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, required=True, help="where the pages are (or go)")
    p.add_argument("--save", type=Path, help="write this run's scores to a JSON file")
    p.add_argument("--against", type=Path, help="a saved run to compare with")
    args = p.parse_args(argv)
    typeset(args.out)
    now = score(args.out)
    if args.save:
        args.save.write_text(json.dumps(now, indent=1))
    before = json.loads(args.against.read_text()) if args.against else {}
    means: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for name, (raw, fixed) in now.items():
        m = means[variant(name)]
        m[0] += raw
        m[1] += before.get(name, (raw, fixed))[1]
        m[2] += fixed
        m[3] += 1
        if name in before and abs(before[name][1] - fixed) > 1e-9:
            print(f"{name:40s} {100 * before[name][1]:6.2f}% → {100 * fixed:6.2f}%")
    print("| variant | pages | raw | " + ("before | " if before else "") + "newspaper |")
    print("|---|---:|---:|" + ("---:|" if before else "") + "---:|")
    for v, (raw, old, new, n) in sorted(means.items()):
        then = f" {100 * old / n:.2f}% |" if before else ""
        print(f"| {v} | {n} | {100 * raw / n:.2f}% |{then} {100 * new / n:.2f}% |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
