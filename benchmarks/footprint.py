"""What ocrfix costs next to jieba: time per text, start-up, memory, and what it installs.

    python benchmarks/footprint.py                 # time, start-up and memory
    python benchmarks/footprint.py --install       # also a fresh venv: pip install . (network)
    python benchmarks/footprint.py --write         # and the table into RESULTS.md

The install row names the day it was measured; ``--write`` without ``--install`` keeps the row
an earlier ``--install`` wrote.

All ratios are against jieba measured on this machine in the same run: ``jieba.lcut`` on the
same raw corpus pages in the same process (time: five fresh interpreters, each timing jieba and
then ocrfix; the ratio is the median of the five rounds' ratios, its range printed beside it,
for on the 2-core machine one round's seconds move by a quarter), and a fresh
interpreter that imports jieba and cuts one text (start-up, peak memory). ocrfix's start-up is a
fresh interpreter that imports ocrfix and repairs one seed page with ``newspaper``. Each
fresh-interpreter figure is the median of three runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from results_md import write_section

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "corpora" / "zhuzhou-daily-2023-09-05" / "raw"

# Peak memory from VmHWM: ru_maxrss survives exec, so a child would report its parent's peak.
_TIMED = """
import sys, time
t0 = time.perf_counter()
{body}
hwm = next(ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:"))
print(time.perf_counter() - t0, int(hwm.split()[1]) / 1024)
"""
JIEBA = "import jieba, logging; jieba.setLogLevel(logging.WARNING); jieba.lcut(open(sys.argv[1]).read())"
OCRFIX = "import ocrfix; ocrfix.repair(open(sys.argv[1]).read())"


def fresh(body: str, runs: int = 3) -> tuple[float, float]:
    """Median seconds and peak MiB of a fresh interpreter running ``body`` on the seed page."""
    got = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _TIMED.format(body=body), str(PAGE)],
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        got.append((float(out[0]), float(out[1])))
    return statistics.median(g[0] for g in got), statistics.median(g[1] for g in got)


def one_round() -> tuple[float, float, int, dict[str, float]]:
    """Seconds of jieba.lcut and of newspaper over all raw corpus pages, and each pass's
    seconds, in this process, both loaded first."""
    import jieba

    from ocrfix.pipeline import run
    from ocrfix.profiles import load_profile
    from ocrfix.scoring import load_corpus

    jieba.setLogLevel(logging.WARNING)
    pages = [p.raw for p in load_corpus(ROOT / "corpora")]
    profile = load_profile("newspaper")
    jieba.lcut(pages[0])
    run(profile, pages[0])  # both loaded before timing
    t0 = time.perf_counter()
    for text in pages:
        jieba.lcut(text)
    t_jieba = time.perf_counter() - t0
    per_pass: dict[str, float] = {}
    t0 = time.perf_counter()
    for text in pages:
        for step in run(profile, text).steps:
            per_pass[step.name] = per_pass.get(step.name, 0.0) + step.seconds
    return t_jieba, time.perf_counter() - t0, sum(map(len, pages)), per_pass


ROUNDS = 5


def throughput(
    rounds: int = ROUNDS,
) -> tuple[float, float, list[float], int, dict[str, float]]:
    """:func:`one_round` in ``rounds`` fresh interpreters (a second round in one process would
    find the pages' strings in ocrfix's caches): the fastest seconds of each program, each
    round's ratio (ocrfix's seconds over jieba's, measured seconds apart: the machine's drift
    from one round to the next, a quarter of jieba's own time, falls on both), and the
    fastest ocrfix round's seconds per pass."""
    t_jieba = t_ocrfix = float("inf")
    ratios: list[float] = []
    chars, per_pass = 0, {}
    for _ in range(rounds):
        out = subprocess.run(
            [sys.executable, __file__, "--one-round"], capture_output=True, text=True, check=True
        ).stdout
        jb, oc, chars, passes = json.loads(out.splitlines()[-1])
        ratios.append(oc / jb)
        t_jieba = min(t_jieba, jb)
        if oc < t_ocrfix:
            t_ocrfix, per_pass = oc, passes
    return t_jieba, t_ocrfix, ratios, chars, per_pass


def installed() -> tuple[int, float]:
    """Packages and MiB of site-packages after ``pip install .`` into a fresh venv (pip and
    setuptools, which every venv has, not counted)."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        py = venv / "bin" / "python"
        subprocess.run([py, "-m", "pip", "install", "-q", str(ROOT)], check=True)
        site = Path(
            subprocess.run(
                [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                capture_output=True, text=True, check=True,
            ).stdout.strip()
        )  # fmt: skip
        frozen = subprocess.run(
            [py, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True,
            check=True,
        ).stdout.split()  # fmt: skip
        base = ("pip", "setuptools", "_distutils_hack", "pkg_resources", "distutils-precedence")
        size = sum(
            f.stat().st_size
            for f in site.rglob("*")
            if f.is_file() and not f.relative_to(site).parts[0].startswith(base)
        )
        packages = [p for p in frozen if not p.lower().startswith(("pip==", "setuptools=="))]
        return len(packages), size / 2**20


def _install_row() -> str | None:
    """The install row of the table in RESULTS.md, when an earlier ``--install`` wrote one."""
    from results_md import RESULTS

    if not RESULTS.exists():
        return None
    section = RESULTS.read_text(encoding="utf-8").partition("<!-- footprint.py -->")[2]
    section = section.partition("<!-- /footprint.py -->")[0]
    return next((ln for ln in section.splitlines() if ln.startswith("| fresh venv")), None)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--install", action="store_true", help="measure a fresh venv install")
    p.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    p.add_argument("--one-round", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one_round:
        print(json.dumps(one_round()))
        return 0
    t_jieba, t_ocrfix, ratios, chars, per_pass = throughput()
    j_start, j_rss = fresh(JIEBA)
    o_start, o_rss = fresh(OCRFIX)
    lines = [
        "## Time, start-up, memory and install size next to jieba (`benchmarks/footprint.py`)",
        "",
        f"All {chars:,} characters of raw corpus pages (both splits and the seed pages), one "
        f"process: the fastest seconds of {len(ratios)} fresh interpreters, and the median of "
        f"their ratios (each round's ocrfix over its jieba; range {min(ratios):.2f}–"
        f"{max(ratios):.2f}×); start-up and memory: a fresh interpreter on the seed page "
        "09-05, median of 3.",
        "",
        "| measure | jieba | ocrfix `newspaper` | ratio |",
        "|---|---:|---:|---:|",
        f"| time over all pages (s) | {t_jieba:.2f} | {t_ocrfix:.2f} | "
        f"{statistics.median(ratios):.2f}× |",
        f"| start-up to the first result (s) | {j_start:.2f} | {o_start:.2f} | "
        f"{o_start / j_start:.2f}× |",
        f"| peak RSS, one page (MiB) | {j_rss:.0f} | {o_rss:.0f} | {o_rss / j_rss:.2f}× |",
    ]
    if args.install:
        n, mib = installed()
        lines.append(f"| fresh venv `pip install .` ({date.today()}): packages, site-packages "
                     f"| | {n}, {mib:.0f} MiB | |")
    elif (row := _install_row()) is not None:
        lines.append(row)  # (measured on the date it names: pip install needs the network)
    lines += ["", "Share of ocrfix's time by pass: " + ", ".join(
        f"{name} {sec / t_ocrfix:.0%}" for name, sec in sorted(per_pass.items(), key=lambda kv: -kv[1])
    ) + "."]  # fmt: skip
    print("\n".join(lines))
    if args.write:
        write_section("footprint.py", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
