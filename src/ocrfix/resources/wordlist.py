"""A fast word list for typo detection: every known word of 2–4 characters with a frequency.

Merges pycorrector's ``word_freq.txt`` (584k words), jieba's ``dict.txt`` (349k), pycorrector's
person and place names (酃县, 炎陵) and jieba's place names (words tagged ``ns``: 邳县, 郴县),
keeping the larger frequency. Built on first use (~1.5 s) and
cached as a pickle under the ocrfix cache folder (loads in ~0.3 s).

>>> wl = build_wordlist([("泥鳅", 354), ("泥", 800)], [], [("酃县", 84)])
>>> wl.freq("泥鳅"), wl.freq("酃县"), wl.single("泥")
(354, 84, 800)
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ocrfix.resources.cache import cache_dir, cached
from ocrfix.resources.packaged_data import jieba_dict_file, pycorrector_file, read_counts

VERSION = 6
MAX_LEN = 4


@dataclass(frozen=True)
class WordList:
    """Words of 2..4 characters → frequency; single characters (as words) → frequency."""

    words: dict[str, int]
    singles: dict[str, int]
    persons: frozenset[str]
    places: frozenset[str] = frozenset()
    #: Place names with a count: pycorrector's place-name list (酃县 84, 郴县 67), less the names
    #: jieba tags as something else (城区 is a noun).
    place_freq: dict[str, int] = field(default_factory=dict)
    #: jieba's ``ns`` words with their count (攸县 275, 茶陵县 7): a second, looser list of places
    #: (it also tags 城市 and 郡县 ``ns``).
    tagged_place_freq: dict[str, int] = field(default_factory=dict)

    def freq(self, word: str) -> int:
        return self.words.get(word, 0)

    def single(self, ch: str) -> int:
        return self.singles.get(ch, 0)


def build_wordlist(
    words: Iterable[tuple[str, int]],
    persons: Iterable[tuple[str, int]],
    places: Iterable[tuple[str, int]],
    tagged_places: Iterable[tuple[str, int]] = (),
    not_places: Collection[str] = (),
) -> WordList:
    """Merge frequency lists (max frequency wins); names of 2..4 characters count as words.

    ``places`` (a place-name list, less ``not_places``: words a dictionary tags as common words)
    and ``tagged_places`` (words a dictionary tags as places) keep their counts in
    ``place_freq`` and ``tagged_place_freq``.
    """
    merged: dict[str, int] = {}
    singles: dict[str, int] = {}
    place_freq: dict[str, int] = {}
    tagged_freq: dict[str, int] = {}
    kinds: dict[str, set[str]] = {"word": set(), "person": set(), "place": set(), "tagged": set()}
    sources = ((words, "word"), (persons, "person"), (places, "place"), (tagged_places, "tagged"))
    for source, kind in sources:
        for w, f in source:
            if len(w) == 1:
                singles[w] = max(f, singles.get(w, 0))
            elif len(w) <= MAX_LEN:
                merged[w] = max(f, merged.get(w, 0))
                kinds[kind].add(w)
                if kind == "place" and w not in not_places:
                    place_freq[w] = max(f, place_freq.get(w, 0))
                elif kind == "tagged":
                    tagged_freq[w] = max(f, tagged_freq.get(w, 0))
    return WordList(
        merged,
        singles,
        frozenset(kinds["person"]),
        frozenset(kinds["place"] | kinds["tagged"]),
        place_freq,
        tagged_freq,
    )


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

    ns, other = jieba_places(jd)
    return build_wordlist(words(), read_counts(person, "\t"), read_counts(place, "\t"), ns, other)


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


def load_or_build(folder: Path | None = None) -> WordList:
    """The packaged word list, from the cache if it is there, else built and cached."""
    folder = folder or cache_dir()
    return cached(folder / f"wordlist-{_cache_key()}.pickle", packaged_wordlist, WordList)


@cache
def wordlist() -> WordList:
    """The shared word list, loaded once per process."""
    return load_or_build()
