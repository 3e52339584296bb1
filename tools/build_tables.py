"""Build the language tables ocrfix ships (``src/ocrfix/resources/data``) from their sources.

    python tools/build_tables.py            # rebuild the tables in place (~15 s)
    python tools/build_tables.py --check    # rebuild in a temporary folder, compare, write nothing

Sources (installed with ``pip install -e '.[dev]'``; never needed at run time):

- pycorrector 1.1's data files: ``word_freq.txt`` (584k words with frequencies),
  ``person_name.txt``, ``place_name.txt``, ``same_stroke.txt`` (look-alike groups), and the
  MediaWiki conversion table in ``utils/zh_wiki.py`` (read with ``ast``; pycorrector's
  ``__init__`` needs torch and is never executed);
- jieba 0.42's ``dict.txt`` (349k words with frequency and part of speech).

Outputs: ``charlm.{marisa,u32}`` (character n-gram counts), ``words.{marisa,u32}`` (the word
list and jieba's dictionary), ``grams.{u32,u64,u8}`` (the words of 2..4 characters as sorted
packed keys, for ``typos``), ``same_stroke.txt``, ``traditional.txt`` and ``tables.json`` (the
scalars and the SHA-256 of each source). The same sources give the same bytes; ``--check``
exits 1 and names any file that differs (a different pycorrector or jieba shows as a different
source digest).
"""

from __future__ import annotations

import argparse
import ast
import filecmp
import hashlib
import importlib.util
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ocrfix.resources import charlm, wordlist  # noqa: E402

OUT = ROOT / "src" / "ocrfix" / "resources" / "data"
FILES = (
    "charlm.marisa", "charlm.u32", "words.marisa", "words.u32", "grams.u32",
    "grams.u64", "grams.u8", "same_stroke.txt", "traditional.txt", "tables.json",
)  # fmt: skip


def package_dir(package: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"build_tables: {package} is not installed: pip install -e '.[dev]'")
    return Path(next(iter(spec.submodule_search_locations)))


def sources() -> dict[str, Path]:
    pyc, jieba = package_dir("pycorrector"), package_dir("jieba")
    return {
        "pycorrector/data/word_freq.txt": pyc / "data" / "word_freq.txt",
        "pycorrector/data/person_name.txt": pyc / "data" / "person_name.txt",
        "pycorrector/data/place_name.txt": pyc / "data" / "place_name.txt",
        "pycorrector/data/same_stroke.txt": pyc / "data" / "same_stroke.txt",
        "pycorrector/utils/zh_wiki.py": pyc / "utils" / "zh_wiki.py",
        "jieba/dict.txt": jieba / "dict.txt",
    }


def read_counts(path: Path, sep: str | None = None) -> Iterator[tuple[str, int]]:
    """``word<sep>count[<sep>...]`` lines (blank lines and ``#`` comments skipped)."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(sep)
            if not parts or not parts[0] or parts[0].startswith("#"):
                continue
            count = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
            yield parts[0], count


def jieba_entries(path: Path) -> Iterator[tuple[str, int]]:
    """jieba's ``dict.txt`` as its ``gen_pfdict`` reads it: ``word freq [tag]`` per line."""
    with path.open("rb") as f:
        for line in f:
            word, freq = line.strip().decode("utf-8").split(" ")[:2]
            yield word, int(freq)


def jieba_places(path: Path) -> tuple[list[tuple[str, int]], frozenset[str]]:
    """jieba's words tagged as place names (``ns``) with their frequency, and the words it tags
    as anything else (城区 ``n``)."""
    ns: list[tuple[str, int]] = []
    other: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[1].isdigit():
                if parts[2] == "ns":
                    ns.append((parts[0], int(parts[1])))
                else:
                    other.add(parts[0])
    return ns, frozenset(other)


def build_wordlist(src: dict[str, Path]) -> wordlist.WordList:
    jd = src["jieba/dict.txt"]
    ns, other = jieba_places(jd)
    merged = [*read_counts(src["pycorrector/data/word_freq.txt"], " "), *read_counts(jd, " ")]
    return wordlist.build_wordlist(
        merged,
        read_counts(src["pycorrector/data/person_name.txt"], "\t"),
        read_counts(src["pycorrector/data/place_name.txt"], "\t"),
        ns,
        other,
        jieba_entries(jd),
    )


def build_charlm(src: dict[str, Path]) -> charlm.CharLM:
    merged: dict[str, int] = {}
    for name in ("pycorrector/data/word_freq.txt", "jieba/dict.txt"):
        for word, freq in read_counts(src[name], " "):
            merged[word] = max(freq, merged.get(word, 0))
    return charlm.build_model(merged.items())


def traditional_chars(path: Path) -> str:
    """Characters only traditional text uses: the one-character entries of MediaWiki's
    ``zh2Hans`` table whose simplified form differs (遷, 說, 這, …), sorted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    table = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == "zh2Hans"
    )
    return "".join(sorted(k for k, v in table.items() if len(k) == len(v) == 1 and k != v))


def same_stroke(path: Path) -> str:
    """pycorrector's look-alike groups, one per line, comments and blank lines dropped."""
    with path.open(encoding="utf-8") as f:
        groups = [" ".join(ln.split()) for ln in f if ln.strip() and not ln.startswith("#")]
    return "\n".join(groups) + "\n"


def build(folder: Path) -> None:
    src = sources()
    t0 = time.perf_counter()
    wl = build_wordlist(src)
    wl.table.save(folder / "words")
    grams = wl.grams.save(folder / "grams")
    print(f"words: {len(wl.table):,} keys ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    t0 = time.perf_counter()
    lm = build_charlm(src)
    scalars = charlm.save(lm, folder)
    print(f"charlm: {len(lm.table):,} n-grams ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    (folder / "same_stroke.txt").write_text(
        same_stroke(src["pycorrector/data/same_stroke.txt"]), encoding="utf-8"
    )
    (folder / "traditional.txt").write_text(
        traditional_chars(src["pycorrector/utils/zh_wiki.py"]) + "\n", encoding="utf-8"
    )
    manifest = {
        "charlm": scalars,
        "grams": grams,
        "words": {"jieba_total": wl.jieba_total, "jieba_max": wl.jieba_max},
        "sources": {
            name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in src.items()
        },
    }
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (folder / "tables.json").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--check", action="store_true", help="rebuild and compare, write nothing")
    args = p.parse_args(argv)
    if not args.check:
        build(OUT)
        print(f"wrote {len(FILES)} files to {OUT}", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        differ = [n for n in FILES if not filecmp.cmp(Path(tmp) / n, OUT / n, shallow=False)]
    for name in differ:
        print(f"differs from a rebuild: {OUT / name}")
    print(f"{len(FILES) - len(differ)} of {len(FILES)} shipped tables are what the sources build")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
