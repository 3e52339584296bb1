"""Throughput of batch repair: 1 worker, N workers (``--jobs``), and a Dask LocalCluster.

    python benchmarks/throughput.py                  # corpora replicated to 3 MiB, newspaper
    python benchmarks/throughput.py --mb 5 --profile safe --rounds 1

All runs repair the same JSON Lines file (corpus pages, replicated to the target size) in this
process's machine; speed-ups are ratios against the 1-worker run measured in the same run.
Each run is a fresh interpreter (a second run in one process finds the pages in its caches); the
runs go round in turn (1 worker, N workers, Dask, again) ``--rounds`` times and each keeps its
fastest: on a 2-core machine any other process slows the N-worker runs most, and a single
round put ``--jobs 2`` anywhere from 1.61x to 2.21x. The Dask workers are started with
``ocrfix.preload``, as the README starts them, and the clock starts once they are up. Peak
memory is the largest resident set of any one worker process.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from results_md import write_section

from ocrfix.batch import repair_jsonl
from ocrfix.scoring import load_corpus, markdown_table

ROOT = Path(__file__).resolve().parent.parent


def build_input(target_mb: float) -> str:
    pages = [p.raw for p in load_corpus(ROOT / "corpora")]
    lines = [
        json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(pages)
    ]
    out, size, i = [], 0, 0
    while size < target_mb * 2**20:
        line = lines[i % len(lines)]
        out.append(line)
        size += len(line.encode("utf-8"))
        i += 1
    return "".join(out)


def run_jobs(data: str, profile: str, jobs: int) -> tuple[float, int, float]:
    sink = io.StringIO()
    t0 = time.perf_counter()
    summary = repair_jsonl(io.StringIO(data), sink, profile, jobs=jobs)
    elapsed = time.perf_counter() - t0
    return elapsed, summary.chars, summary.peak_rss_mb


def run_dask(data: str, profile: str, workers: int) -> tuple[float, int, float]:
    import dask.bag as db
    import distributed

    from ocrfix.dask import repair_bag

    texts = [json.loads(line)["text"] for line in data.splitlines()]
    chars = sum(map(len, texts))
    with (
        tempfile.TemporaryDirectory() as scratch,
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            local_directory=scratch,
            # warmed as they start, as the README has a cluster's workers started (the clock
            # starts once they are up: a running cluster's workers are)
            preload=["ocrfix.preload"],
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(lambda: None)  # workers up before the clock starts
        t0 = time.perf_counter()
        bag = db.from_sequence(texts, npartitions=workers * 8)
        client.compute(repair_bag(bag, profile=profile)).result()
        elapsed = time.perf_counter() - t0
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return elapsed, chars, max(peaks.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=3.0, help="input size in MiB (default: 3)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the fastest kept (3)")
    parser.add_argument("--profile", default="newspaper")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--one", choices=("1", "jobs", "dask"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    data = build_input(args.mb)
    size_mb = len(data.encode("utf-8")) / 2**20
    if args.one:
        run = {"1": lambda: run_jobs(data, args.profile, 1),
               "jobs": lambda: run_jobs(data, args.profile, args.jobs),
               "dask": lambda: run_dask(data, args.profile, args.jobs)}[args.one]  # fmt: skip
        print(json.dumps(run()))
        return 0
    kinds = {"1": "1 worker", "jobs": f"--jobs {args.jobs}"}
    if not args.no_dask:
        kinds["dask"] = f"Dask LocalCluster, {args.jobs} workers"
    best: dict[str, tuple[float, int, float]] = {}
    for r in range(args.rounds):
        for kind, name in kinds.items():
            # each run in a fresh interpreter: a second run in the same process would find the
            # pages' strings in the caches (LM scores, look-alike pairs) the first one filled
            out = subprocess.run(
                [sys.executable, __file__, "--one", kind, "--mb", str(args.mb), "--profile",
                 args.profile, "--jobs", str(args.jobs)],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            secs, chars, peak = json.loads(out.splitlines()[-1])
            print(f"round {r + 1}: {name} {secs:.1f} s", file=sys.stderr, flush=True)
            if name not in best or secs < best[name][0]:
                best[name] = secs, chars, peak
    results = [(name, *got) for name, got in best.items()]
    base = results[0][1]
    rows = [
        (name, f"{secs:.1f}", f"{chars / secs:,.0f}", f"{base / secs:.2f}×", f"{peak:,.0f}")
        for name, secs, chars, peak in results
    ]
    table = markdown_table(
        rows, ("run", "seconds", "chars/s", "speed-up vs 1 worker", "peak RSS per worker (MiB)")
    )
    report = (
        f"Profile `{args.profile}`, {size_mb:.1f} MiB of JSON Lines (corpus pages replicated), "
        f"{os.cpu_count()} cores, the fastest of {args.rounds} rounds; "
        f"`python benchmarks/throughput.py --mb {args.mb:g} --rounds {args.rounds}`.\n\n{table}"
    )
    print(report)
    if not args.no_write:
        write_section("throughput.py", "## Batch throughput\n\n" + report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
