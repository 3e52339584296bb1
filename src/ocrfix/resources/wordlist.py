"""A fast word list for typo detection: every known word of 2–4 characters with a frequency.

Merges pycorrector's ``word_freq.txt`` (584k words), jieba's ``dict.txt`` (349k) and pycorrector's
person and place names (酃县, 炎陵), keeping the larger frequency. Built on first use (~1.5 s) and
cached as a pickle under the ocrfix cache folder (loads in ~0.3 s).

>>> wl = build_wordlist([("泥鳅", 354), ("泥", 800)], [], [("酃县", 84)])
>>> wl.freq("泥鳅"), wl.freq("酃县"), wl.single("泥")
(354, 84, 800)
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ocrfix.resources.charlm import cache_dir
from ocrfix.resources.packaged_data import jieba_dict_file, pycorrector_file, read_counts

VERSION = 2
MAX_LEN = 4


@dataclass(frozen=True)
class WordList:
    """Words of 2..4 characters → frequency; single characters (as words) → frequency."""

    words: dict[str, int]
    singles: dict[str, int]
    persons: frozenset[str]
    places: frozenset[str] = frozenset()

    def freq(self, word: str) -> int:
        return self.words.get(word, 0)

    def single(self, ch: str) -> int:
        return self.singles.get(ch, 0)


def build_wordlist(
    words: Iterable[tuple[str, int]],
    persons: Iterable[tuple[str, int]],
    places: Iterable[tuple[str, int]],
) -> WordList:
    """Merge frequency lists (max frequency wins); names of 2..4 characters count as words."""
    merged: dict[str, int] = {}
    singles: dict[str, int] = {}
    kinds: dict[str, set[str]] = {"word": set(), "person": set(), "place": set()}
    for source, kind in ((words, "word"), (persons, "person"), (places, "place")):
        for w, f in source:
            if len(w) == 1:
                singles[w] = max(f, singles.get(w, 0))
            elif len(w) <= MAX_LEN:
                merged[w] = max(f, merged.get(w, 0))
                kinds[kind].add(w)
    return WordList(merged, singles, frozenset(kinds["person"]), frozenset(kinds["place"]))


def _sources() -> list[Path]:
    return [
        pycorrector_file("word_freq.txt"),
        jieba_dict_file(),
        pycorrector_file("person_name.txt"),
        pycorrector_file("place_name.txt"),
    ]


def _cache_key() -> str:
    h = hashlib.sha256(f"wordlist-v{VERSION}-{MAX_LEN}".encode())
    for path in _sources():
        h.update(f"{path.name}:{path.stat().st_size}".encode())
    return h.hexdigest()[:16]


def packaged_wordlist() -> WordList:
    """Build the word list from the packaged data files (no cache)."""
    wf, jd, person, place = _sources()

    def words() -> Iterable[tuple[str, int]]:
        yield from read_counts(wf, " ")
        yield from read_counts(jd, " ")

    return build_wordlist(words(), read_counts(person, "\t"), read_counts(place, "\t"))


def load_or_build(folder: Path | None = None) -> WordList:
    """The packaged word list, from the cache if it is there, else built and cached."""
    folder = folder or cache_dir()
    path = folder / f"wordlist-{_cache_key()}.pickle"
    try:
        with path.open("rb") as f:
            wl = pickle.load(f)
        if isinstance(wl, WordList):
            return wl
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass  # missing or stale: rebuild below
    wl = packaged_wordlist()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(wl, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs the rebuild next time
    return wl


@cache
def wordlist() -> WordList:
    """The shared word list, loaded once per process."""
    return load_or_build()
