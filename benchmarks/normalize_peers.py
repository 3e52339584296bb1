"""ocrfix's ``unicode``+``punctuation`` passes against the tools a user would otherwise pick.

For every corpus page: CER vs gold (whitespace-free and layout) of the raw text, of ocrfix's two
normalization passes and of each peer, plus over-correction: how many spans each tool changes in
the gold text itself (text that is already right), and how many characters.

Peers (skipped with a message when missing; CI does not run this script):

- autocorrect-py (PyPI ``autocorrect-py``, huacnlee/autocorrect's Python binding): ``format()``.
- zhlint (npm ``zhlint``), run through node with ``{rules: {preset: "default"}}``. Install it
  outside the repository: ``mkdir -p /tmp/peers && cd /tmp/peers && npm install zhlint``; the
  folder is ``$ZHLINT_DIR`` (default ``/tmp/peers``).

Usage: ``python benchmarks/normalize_peers.py [--write]`` (``--write`` updates RESULTS.md).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ocrfix.passes.punctuation import punctuation  # noqa: E402
from ocrfix.passes.unicode import unicode_pass  # noqa: E402
from ocrfix.scoring import cer, cer_layout, load_corpus  # noqa: E402

Tool = Callable[[str], str]

_ZHLINT_JS = """
const path = require('path');
const z = require(path.join(process.argv[1], 'node_modules', 'zhlint'));
let data = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', c => { data += c; });
process.stdin.on('end', () => {
  process.stdout.write(JSON.stringify(z.run(data, {rules: {preset: 'default'}}).result));
});
"""


def ocrfix_tool(text: str) -> str:
    return punctuation(unicode_pass(text).output).output


def autocorrect_tool() -> tuple[Tool | None, str]:
    try:
        import autocorrect_py
    except ImportError:
        return None, "autocorrect-py is not installed (pip install autocorrect-py): skipped"
    return autocorrect_py.format, "autocorrect-py " + _version("autocorrect-py")


def zhlint_tool() -> tuple[Tool | None, str]:
    folder = Path(os.environ.get("ZHLINT_DIR", "/tmp/peers"))
    node = shutil.which("node")
    if node is None:
        return None, "node is not installed: zhlint skipped"
    package = folder / "node_modules" / "zhlint" / "package.json"
    if not package.exists():
        return None, f"zhlint is not installed in {folder} (npm install zhlint there): skipped"
    version = json.loads(package.read_text(encoding="utf-8"))["version"]

    def run(text: str) -> str:
        proc = subprocess.run(
            [node, "-e", _ZHLINT_JS, str(folder)],
            input=text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            timeout=600,
        )
        return str(json.loads(proc.stdout))

    return run, f"zhlint {version}"


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def changed_spans(before: str, after: str) -> int:
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    return sum(1 for op, *_ in ops if op != "equal")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the table to RESULTS.md")
    write = parser.parse_args().write
    pages = load_corpus(ROOT / "corpora")
    tools: list[tuple[str, Tool]] = [("ocrfix unicode+punctuation", ocrfix_tool)]
    notes = []
    for factory in (autocorrect_tool, zhlint_tool):
        tool, label = factory()
        print(label)
        notes.append(label)
        if tool is not None:
            tools.append((label, tool))
    rows = []
    for page in pages:
        rows.append(
            (page.id, "raw (no repair)", cer(reference=page.gold, hypothesis=page.raw), cer_layout(reference=page.gold, hypothesis=page.raw),
             0, 0)
        )
        for name, tool in tools:
            out = tool(page.raw)
            on_gold = tool(page.gold)
            rows.append(
                (page.id, name, cer(reference=page.gold, hypothesis=out), cer_layout(reference=page.gold, hypothesis=out),
                 changed_spans(page.gold, on_gold), Levenshtein.distance(page.gold, on_gold))
            )
    header = (
        "| page | tool | CER | CER layout | spans changed in gold | chars changed in gold |\n"
        "|---|---|---|---|---|---|\n"
    )
    table = header + "".join(
        f"| {p} | {t} | {c:.4f} | {cl:.4f} | {n} | {d} |\n" for p, t, c, cl, n, d in rows
    )
    print(table)
    if write:
        from results_md import write_section

        body = (
            "## Normalization vs peers (`benchmarks/normalize_peers.py`)\n\n"
            "Raw page through each tool, scored against gold (lower is better); then each tool run "
            "on the gold itself: every change there is an over-correction.\n\n"
            f"Peers: {'; '.join(notes)}.\n\n" + table + "\n" + NOTE
        )
        write_section("normalize_peers.py", body)
    return 0


NOTE = """Notes.
- ocrfix makes no change to either gold text; both peers change the gold: autocorrect-py inserts
  spaces between CJK and Latin/digits (`4 月 9 日`), which newspaper print style does not have;
  zhlint also puts spaces around quotes and brackets (`了解 “复兴号” 开进 (全媒体`).
- ocrfix has the lowest whitespace-free CER on both pages. Neither peer makes ASCII parentheses
  full-width (16 pairs on 2023-09-05, all bylines on 2023-04-10), and autocorrect-py leaves
  straight quotes; both turn `近日.一名` into `近日。一名` where the gold has `，`.
- Where a peer does better: zhlint's layout CER on 2023-04-10 is lower because it also removes
  the line-break spaces between Chinese characters (`观 看` → `观看`); in ocrfix that is the
  `cjk-spacing` pass, which is not part of this comparison of the two normalization passes.
  zhlint also pairs straight quotes on paragraphs that ocrfix leaves (odd counts), by guessing.
- The whitespace-free CER on 2023-09-05 moves little for any tool: its raw already has full-width
  punctuation except the parentheses; what is left is duplicates and typos (other passes).
"""


if __name__ == "__main__":
    raise SystemExit(main())
