"""Locate and parse the language data that PyPI packages ship, without importing them.

``import pycorrector`` loads a torch model in its package ``__init__``, and ``import jieba`` prints
to stderr and builds a cache; all we need are their data files, so we locate the packages with
:func:`importlib.util.find_spec` (which does not execute them) and read the files directly.

>>> pycorrector_file("place_name.txt").name
'place_name.txt'
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ocrfix.errors import OcrfixError


def package_dir(package: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise OcrfixError(f"the package {package!r} is not installed: pip install {package}")
    return Path(next(iter(spec.submodule_search_locations)))


def pycorrector_file(name: str) -> Path:
    """A file of ``pycorrector/data`` (word_freq.txt, person_name.txt, place_name.txt, ...)."""
    path = package_dir("pycorrector") / "data" / name
    if not path.exists():
        raise OcrfixError(
            f"pycorrector ships no data file {name!r} (is pycorrector 1.1 installed?)"
        )
    return path


def jieba_dict_file() -> Path:
    """jieba's main dictionary: ``word frequency pos`` per line."""
    return package_dir("jieba") / "dict.txt"


def read_counts(path: Path, sep: str | None = None) -> Iterator[tuple[str, int]]:
    """``word<sep>count[<sep>...]`` lines (blank lines and ``#`` comments skipped)."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(sep)
            if not parts or not parts[0] or parts[0].startswith("#"):
                continue
            count = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
            yield parts[0], count


@cache
def jieba_words() -> dict[str, int]:
    """jieba's dictionary as word → frequency (349k words, ~0.3 s)."""
    return dict(read_counts(jieba_dict_file(), " "))


@cache
def names(kind: str) -> frozenset[str]:
    """pycorrector's ``person`` or ``place`` names (e.g. 酃县, 炎陵 are places)."""
    if kind not in ("person", "place"):
        raise ValueError(f"kind must be 'person' or 'place', not {kind!r}")
    return frozenset(w for w, _ in read_counts(pycorrector_file(f"{kind}_name.txt"), "\t"))


@cache
def same_stroke_groups() -> tuple[tuple[str, ...], ...]:
    """pycorrector's groups of look-alike characters (831 groups)."""
    with pycorrector_file("same_stroke.txt").open(encoding="utf-8") as f:
        return tuple(tuple(line.split()) for line in f if line.strip() and not line.startswith("#"))
