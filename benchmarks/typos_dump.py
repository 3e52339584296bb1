"""Dump what a profile's ``typos`` step sees and applies on every corpus page, as JSON, so that
another version of ocrfix (an older commit) can be judged by today's
``typos_reliability.py --baseline``.

    git worktree add /tmp/ocrfix-old 525debf          # the code when the typos issue was filed
    PYTHONPATH=/tmp/ocrfix-old/src python benchmarks/typos_dump.py /tmp/old.json
    python benchmarks/typos_reliability.py --baseline /tmp/old.json

Only ``ocrfix.pipeline.run`` and ``ocrfix.profiles.load_profile`` are used (stable since the first
release), and pages are found by their ``raw`` files, so the script runs on old versions too.
Output: ``{page id: {"input": text the typos step saw, "edits": [[start, end, replacement,
confidence, rule], ...]}}`` (applied edits only).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ocrfix.pipeline import run
from ocrfix.profiles import load_profile

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, help="JSON file to write")
    p.add_argument("--profile", default="aggressive", help="profile to run (default: aggressive)")
    p.add_argument("--corpora", type=Path, default=ROOT / "corpora", help="corpus folder")
    args = p.parse_args(argv)
    profile = load_profile(args.profile)
    out = {}
    for raw in sorted(args.corpora.rglob("raw")):
        repair = run(profile, raw.read_text(encoding="utf-8"))
        step = next((s for s in repair.steps if s.name == "typos"), None)
        if step is not None:
            edits = [[e.start, e.end, e.replacement, e.confidence, e.rule] for e in step.edits]
            out[raw.parent.name] = {"input": step.result.input, "edits": edits}
    args.out.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    print(f"{len(out)} pages → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
