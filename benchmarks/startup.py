"""What a caller pays per text once the language data is loaded, and what loading costs.

    python benchmarks/startup.py            # print the table
    python benchmarks/startup.py --write    # and into benchmarks/RESULTS.md

All in one process, as ratios to the first row: ``ocrfix.repair(text)`` on a one-line text
(the built-in profile is read once per process), the same with the profile parsed from its TOML
on every call (what ``repair`` did before it kept built-in profiles), and a warmed
``ocrfix.Repairer`` called on the same text. Loading itself (the first repair in a fresh
process, and ``Repairer("newspaper")``) is timed once, in seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from importlib import resources
from pathlib import Path

TEXT = "民族文化传 承和保护，红色遗迹和革命文 物保护。"
CALLS = 200


def _per_call(fn: object) -> float:
    assert callable(fn)
    t0 = time.perf_counter()
    for _ in range(CALLS):
        fn()
    return (time.perf_counter() - t0) / CALLS


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--write", action="store_true", help="write the table into RESULTS.md")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    import ocrfix
    from ocrfix.pipeline import run
    from ocrfix.profiles import parse_profile

    ocrfix.repair(TEXT)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    fix = ocrfix.Repairer("newspaper")
    loaded = time.perf_counter() - t0
    toml = (resources.files("ocrfix") / "profiles" / "newspaper.toml").read_text(encoding="utf-8")
    cached = _per_call(lambda: ocrfix.repair(TEXT))
    parsed = _per_call(lambda: run(parse_profile(toml, source="builtin:newspaper"), TEXT))
    warm = _per_call(lambda: fix(TEXT))
    lines = [
        "## Start-up and per-call cost (`benchmarks/startup.py`)",
        "",
        f"`newspaper` on a one-line text, {CALLS} calls each, one process; ratios to the first row.",
        "",
        "| call | ms per call | ratio |",
        "|---|---:|---:|",
        f"| `ocrfix.repair(text)` (built-in profile kept) | {cached * 1e3:.2f} | 1.00× |",
        f"| profile parsed from TOML on every call | {parsed * 1e3:.2f} | {parsed / cached:.2f}× |",
        f"| warmed `ocrfix.Repairer` | {warm * 1e3:.2f} | {warm / cached:.2f}× |",
        "",
        f"Import and first repair in this process: {first:.2f} s (the shipped tables mapped, "
        f"every pass warmed); `Repairer(\"newspaper\")` after that: {loaded:.3f} s.",
    ]
    print("\n".join(lines))
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results_md import write_section

        write_section("startup.py", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
