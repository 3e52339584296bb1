"""Fingerprint what ocrfix prints: one SHA-256 per corpus page and built-in profile (text and
edits), so a change that must not change behaviour (a faster table, a new data format) can
prove it.

    python benchmarks/output_digest.py --write before.json     # on the old code
    python benchmarks/output_digest.py --check before.json     # on the new code: same bytes?

``--check`` exits 1 and names the pages that differ. The digest covers the repaired text and
every edit (span, replacement, pass, rule, confidence, reason) of every step. ``--extra DIR``
(repeatable) adds the pages of another corpus-shaped folder, e.g. pages typeset by
``fresh_pages.py``: a change that keeps the corpus can still change pages it has not seen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from ocrfix.pipeline import run
from ocrfix.profiles import builtin_names, load_profile
from ocrfix.scoring import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def digests(extra: list[Path] | None = None) -> dict[str, str]:
    """``page/profile`` → SHA-256 of the repaired text and all edits, over the corpus and the
    corpus-shaped folders ``extra``."""
    out: dict[str, str] = {}
    pages = load_corpus(ROOT / "corpora")
    for folder in extra or []:
        pages += load_corpus(folder)
    for name in builtin_names():
        profile = load_profile(name)
        for page in pages:
            repair = run(profile, page.raw)
            h = hashlib.sha256(repair.text.encode("utf-8"))
            for step in repair.steps:
                for e in step.edits:
                    h.update(repr(e).encode("utf-8"))
            out[f"{page.id}/{name}"] = h.hexdigest()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", type=Path, metavar="FILE", help="write the digests to FILE")
    g.add_argument("--check", type=Path, metavar="FILE", help="compare with the digests in FILE")
    p.add_argument(
        "--extra",
        type=Path,
        action="append",
        metavar="DIR",
        help="also the pages of this corpus-shaped folder (repeatable)",
    )
    args = p.parse_args(argv)
    now = digests(args.extra)
    if args.write:
        args.write.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{len(now)} digests written to {args.write}")
        return 0
    before = json.loads(args.check.read_text(encoding="utf-8"))
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for k in differ:
        print(f"differs: {k}")
    print(
        f"{len(now) - len(differ)} of {len(before.keys() | now.keys())} page/profile outputs "
        "byte-identical"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
