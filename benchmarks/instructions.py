"""Instructions, not seconds: ``newspaper`` (or one pass) next to ``jieba.lcut`` on the same raw
corpus pages, counted by valgrind's cachegrind, for one or more git revisions side by side.

    python benchmarks/instructions.py                     # the working tree, every 8th page
    python benchmarks/instructions.py --rev dc47b7b --rev HEAD --every 4
    python benchmarks/instructions.py --rev HEAD~3 --rev . --pass typos

On a shared 2-core machine one run's seconds vary by a quarter (jieba's own time too), so a
change worth 3% cannot be seen in :mod:`footprint`'s ratios; the number of instructions a run
executes does not vary (hash seed fixed, numpy on one thread). It is no time (memory stalls are
not counted: a trie lookup is few instructions and many cache misses), so use it to compare
versions of the code, and ``footprint.py`` for the ratio the issue sets.

Each figure is the instructions of a child interpreter that loads the pages, warms ocrfix (and
jieba) on the first and then runs over all of them, minus those of one that stops after the
warm-up. ``--pass NAME`` counts one pass on the text ``newspaper`` hands it on each page. A
revision other than ``.`` (the working tree) is checked out into a temporary git worktree.
Needs ``valgrind`` (``apt-get install -y valgrind``); a page run costs some 50× its time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# run in the child, with the revision's src first on sys.path
_CHILD = """
import logging, sys
from pathlib import Path
from ocrfix.profiles import load_profile
from ocrfix.scoring import load_corpus
mode, every, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pages = [p.raw for p in load_corpus(Path(sys.argv[4]))][::every]
if mode.startswith("jieba"):
    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.lcut(pages[0])
    if mode == "jieba":
        for text in pages:
            jieba.lcut(text)
    raise SystemExit
profile = load_profile("newspaper")
if name == "-":
    from ocrfix.pipeline import run
    step = lambda text: run(profile, text)
    inputs = pages
else:
    steps = profile.steps
    k = [s.name for s in steps].index(name)
    inputs = []
    for text in pages:
        for s in steps[:k]:
            text = s.info.run(text, s.options).output
        inputs.append(text)
    step = lambda text: steps[k].info.run(text, steps[k].options)
step(inputs[0])
if mode == "ocrfix":
    for text in inputs:
        step(text)
"""


def instructions(src: Path, mode: str, every: int, name: str) -> int:
    """Instructions (cachegrind's I refs) of one child run."""
    # (numpy's thread pools start a varying amount of work: one thread, or the same run's
    # count differs by ~100M from one run to the next)
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(src), OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1")  # fmt: skip
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, "-c", _CHILD, mode, str(every), name, str(ROOT / "corpora")]  # fmt: skip
    err = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stderr
    line = next(ln for ln in err.splitlines() if "I" in ln and "refs:" in ln)
    return int(line.split()[-1].replace(",", ""))


def measure(src: Path, every: int, name: str, mode: str = "ocrfix") -> int:
    """Instructions of the run over the pages, the warm-up taken off."""
    return instructions(src, mode, every, name) - instructions(src, mode + "-setup", every, name)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--rev", action="append", help="git revision ('.' = working tree; repeat)")
    p.add_argument("--every", type=int, default=8, help="every N-th corpus page (default 8)")
    p.add_argument("--pass", dest="name", default="-", help="count one pass of newspaper")
    args = p.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("instructions.py: valgrind not found; install it (apt-get install -y valgrind)")
        return 2
    revs = args.rev or ["."]
    with tempfile.TemporaryDirectory() as tmp:
        jieba = measure(ROOT / "src", args.every, args.name, "jieba")
        print(f"jieba.lcut: {jieba / 1e6:,.0f}M instructions (every {args.every}th page)")
        first = None
        for rev in revs:
            tree = ROOT
            if rev != ".":
                tree = Path(tmp) / rev.replace("/", "_")
                subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                                str(tree), rev], check=True)  # fmt: skip
            try:
                n = measure(tree / "src", args.every, args.name)
            finally:
                if rev != ".":
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                    str(tree)], check=True)  # fmt: skip
            first = first or n
            what = "newspaper" if args.name == "-" else args.name
            print(f"{rev:>12} {what}: {n / 1e6:,.0f}M instructions, {n / jieba:.2f}× jieba's, "
                  f"{n / first - 1:+.1%} against {revs[0]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
