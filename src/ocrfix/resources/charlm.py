"""A character n-gram language model built offline from the word lists PyPI packages ship.

There is no running Chinese text on PyPI to train on, but there are large frequency-weighted word
lists: pycorrector's ``word_freq.txt`` (584k words) and jieba's ``dict.txt`` (349k). Counting the
character n-grams inside those words, weighted by word frequency, gives a model of which characters
follow which — exactly what join scoring (``遴选工|作``) and typo detection (``泥湫`` vs ``泥鳅``)
need. Transitions between words are not observed; they back off to unigrams.

The model is built on first use (a few seconds) and cached under the user cache folder, keyed by a
version and the sizes of the source files, so it is rebuilt when they change.

>>> lm = build_model([("泥鳅", 354), ("泥土", 500), ("秋天", 900)])
>>> lm.logprob("泥鳅") > lm.logprob("泥湫")
True
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ocrfix.resources.cache import cache_dir, cached
from ocrfix.resources.packaged_data import jieba_dict_file, pycorrector_file, read_counts

VERSION = 1
ORDER = 3
#: Stupid-backoff factor (Brants et al. 2007): score of a shorter context, discounted.
BACKOFF = 0.4
#: n-grams (n ≥ 2) seen with a weighted count below this are dropped: they are noise, and they
#: make up most of the model's size.
MIN_COUNT = 3
BOUNDARY = "\x02"  # marks a word start/end, so the model knows which characters begin words


@dataclass(frozen=True)
class CharLM:
    """Character n-gram counts with stupid-backoff scoring (log10 scale)."""

    counts: dict[str, int]
    total: int
    vocab: int
    order: int = ORDER

    def _score(self, context: str, ch: str) -> float:
        penalty = 0.0
        while context:
            c = self.counts.get(context + ch)
            if c:
                return penalty + math.log10(c / self.counts[context])
            context = context[1:]
            penalty += math.log10(BACKOFF)
        c = self.counts.get(ch, 0)
        return penalty + math.log10((c + 0.5) / (self.total + 0.5 * self.vocab))

    def logprob(self, text: str, bos: bool = False, eos: bool = False) -> float:
        """log10 P(text); with ``bos``/``eos`` the text is taken as a whole word."""
        seq = (BOUNDARY if bos else "") + text + (BOUNDARY if eos else "")
        start = 1 if bos else 0
        return sum(
            self._score(seq[max(0, i - self.order + 1) : i], seq[i]) for i in range(start, len(seq))
        )

    def join_gain(self, left: str, right: str, k: int = 3) -> float:
        """How much more likely ``left`` and ``right`` are read as one string than as two.

        Positive when the characters across the boundary form known n-grams (``遴选工`` + ``作``).
        """
        a, b = left[-k:], right[:k]
        if not a or not b:
            return 0.0
        return self.logprob(a + b) - self.logprob(a) - self.logprob(b)

    def char_prob(self, text: str, i: int) -> float:
        """log10 P(text[i] | up to ORDER-1 characters before it)."""
        return self._score(text[max(0, i - self.order + 1) : i], text[i])


def build_model(words: Iterable[tuple[str, int]], order: int = ORDER) -> CharLM:
    """Count character n-grams (1..order) inside frequency-weighted words."""
    counts: Counter[str] = Counter()
    for word, freq in words:
        seq = BOUNDARY + word + BOUNDARY
        for n in range(1, order + 1):
            for i in range(len(seq) - n + 1):
                counts[seq[i : i + n]] += freq
    kept = {g: c for g, c in counts.items() if len(g) == 1 or c >= MIN_COUNT}
    unigrams = [g for g in kept if len(g) == 1]
    total = sum(kept[g] for g in unigrams)
    return CharLM(kept, total, len(unigrams), order)


def _sources() -> list[Path]:
    return [pycorrector_file("word_freq.txt"), jieba_dict_file()]


def packaged_words() -> Iterable[tuple[str, int]]:
    """Words and frequencies from pycorrector's word_freq.txt and jieba's dict.txt."""
    merged: dict[str, int] = {}
    for path in _sources():
        for word, freq in read_counts(path, " "):
            merged[word] = max(freq, merged.get(word, 0))
    return merged.items()


def _cache_key() -> str:
    h = hashlib.sha256(f"v{VERSION}-o{ORDER}-m{MIN_COUNT}".encode())
    for path in _sources():
        h.update(f"{path.name}:{path.stat().st_size}".encode())
    return h.hexdigest()[:16]


def load_or_build(folder: Path | None = None) -> CharLM:
    """The packaged-data model, from the cache if it is there, else built and cached."""
    folder = folder or cache_dir()
    path = folder / f"charlm-{_cache_key()}.pickle"
    return cached(path, lambda: build_model(packaged_words()), CharLM)


@cache
def char_lm() -> CharLM:
    """The shared model, loaded once per process."""
    return load_or_build()
