"""Time per page of the ``flow`` pass from 1 to 200 pages (it must stay flat, within 2x).

The document is the 2023-04-10 seed page (cleaned by the passes before ``flow``) repeated, so
every page has the same split paragraphs, the same window of 32 line fragments to reorder and
the same story to move after the one it interrupted. Each size is timed a few times and the
fastest run counts (the machine may be shared).
Run ``nice python benchmarks/flow_scale.py``; it prints a table and writes it into
``benchmarks/RESULTS.md`` between its markers (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ocrfix.passes.flow import flow
from ocrfix.pipeline import run
from ocrfix.profiles import Profile
from ocrfix.resources.charlm import char_lm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results_md import write_section

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpora" / "zhuzhou-daily-2023-04-10" / "raw"
#: Runs per size; the fastest counts. Small documents take milliseconds, so one run is noise.
REPEATS = {1: 9, 10: 5, 50: 2, 200: 2}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    no_write = parser.parse_args().no_write
    page = run(Profile.of("unicode", "cjk-spacing", "furniture"), RAW.read_text(encoding="utf-8"))
    text = page.text.rstrip("\n") + "\n\n"
    char_lm()
    flow(text)  # warm the caches (jieba, LM) before timing
    rows = []
    base = None
    for pages in (1, 10, 50, 200):
        doc = text * pages
        times = []
        for _ in range(REPEATS[pages]):
            t0 = time.perf_counter()
            r = flow(doc)
            times.append(time.perf_counter() - t0)
        dt = min(times)  # the least disturbed run (the machine is shared), as timeit does
        per = 1000 * dt / pages
        base = base or per
        rows.append(
            f"| {pages} | {len(doc):,} | {dt:.2f} | {per:.1f} | {per / base:.2f} | {len(r.edits)} |"
        )
    body = "\n".join(
        [
            "## flow scale (`benchmarks/flow_scale.py`)",
            "",
            "The 2023-04-10 page (after unicode, cjk-spacing, furniture) repeated; default options"
            " (fragment reordering on: every page has a window of 32 fragments and a story to move)."
            f" Fastest of {REPEATS[1]}/{REPEATS[10]}/{REPEATS[50]}/{REPEATS[200]} runs.",
            "",
            "| pages | chars | seconds | ms/page | vs 1 page | edits |",
            "|---|---|---|---|---|---|",
            *rows,
        ]
    )
    print(body)
    if not no_write:
        write_section("flow_scale.py", body)


if __name__ == "__main__":
    main()
