"""Every word of 2..4 characters of the word list as a packed integer, so that all the words of
a page are found in a few array operations rather than one trie walk per character.

Each character of a word gets a small id (1..N, by code point); a word of n characters is the
ids packed into one 64-bit key, and the keys of each length are sorted, each with the word's
flags (:data:`~ocrfix.resources.wordlist.WORD`, ``PERSON`` …). A page is turned into ids at
once (every character outside a Han run is 0, which no key holds: words never cross a run's
edge), its 2-, 3- and 4-character windows packed the same way and looked up with a binary
search: what :meth:`WordList.matches` finds, for the whole page. The tables are built ahead of
time by ``tools/build_tables.py`` (``data/grams.*``) and memory-mapped.

>>> g = WordGrams.build([("泥鳅", WORD, 354), ("养殖", WORD, 900), ("养殖场", WORD, 20)])
>>> g.cover("养殖泥鳅，泥湫").tolist()
[1, 1, 1, 1, 0, 0, 0]
"""

from __future__ import annotations

import itertools
import mmap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import regex

from ocrfix.resources.wordlist import PERSON, PLACE, WORD

#: Lengths of the words looked up (:data:`ocrfix.resources.wordlist.MAX_LEN`).
LENGTHS = (2, 3, 4)
#: A page is read in pieces of this many characters: a long document costs no more memory
#: than its marks (one byte a character).
CHUNK = 1 << 16

# The bits of :meth:`WordGrams.cover`.
WORD_COVER = 1  #: in a word
NAME_COVER = 2  #: in a word that is a person's or a place's name
PERSON_COVER = 4  #: in a person's name
#: ``Detector.coverage``'s level of each cover byte, a ``bytes.translate`` table: 2 in a name,
#: 1 in a word, else 0.
LEVELS = bytes(2 if v & NAME_COVER else v & WORD_COVER for v in range(256))

_NON_HAN = regex.compile(r"\P{Han}")

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
U8 = npt.NDArray[np.uint8]


class WordGrams:
    """Sorted packed keys and flags of the words of each length 2..4, and the frequency of each
    two-character word."""

    def __init__(
        self, chars: U32, keys: list[U64], flags: list[U8], freq2: U32 | None = None
    ) -> None:
        self.chars = chars
        self.keys = keys
        self.flags = flags
        #: the frequency of each two-character word, in the order of ``keys[0]``
        self.freq2 = np.zeros(len(keys[0]) if keys else 0, np.uint32) if freq2 is None else freq2
        #: bits per character id in a key
        self.bits = max(1, len(chars).bit_length())
        if self.bits * max(LENGTHS) > 64:
            raise ValueError(f"{len(chars)} characters do not pack into 64-bit keys")
        top = int(chars[-1]) + 1 if len(chars) else 1
        self._ids = np.zeros(top + 1, np.uint64)  # the last slot: any code point beyond
        self._ids[chars] = np.arange(1, len(chars) + 1, dtype=np.uint64)
        # the ids a page is read with: 0 for the few characters of words outside \p{Han}
        # (A股, T恤), so that no window crosses the edge of a Han run
        self._han_ids = self._ids.copy()
        self._han_ids[[c for c in chars.tolist() if _NON_HAN.match(chr(c))]] = 0
        self._partners: dict[int, Partners] = {}

    @classmethod
    def build(cls, words: Iterable[tuple[str, int, int]]) -> WordGrams:
        """From (word, flags, frequency); words of other lengths and flags 0 are left out."""
        kept = [(w, f, n) for w, f, n in words if len(w) in LENGTHS and f]
        if any(f > 0xFF for _, f, _ in kept):
            raise ValueError("flags do not fit in a byte")
        chars = np.array(sorted({ord(c) for w, _, _ in kept for c in w}), np.uint32)
        grams = cls(chars, [], [])
        for n in LENGTHS:
            rows = sorted((grams._pack(w), f, freq) for w, f, freq in kept if len(w) == n)
            grams.keys.append(np.array([k for k, _, _ in rows], np.uint64))
            grams.flags.append(np.array([f for _, f, _ in rows], np.uint8))
            if n == 2:
                grams.freq2 = np.array([freq for _, _, freq in rows], np.uint32)
        return grams

    def _pack(self, word: str) -> int:
        key = 0
        for c in word:
            key = key << self.bits | int(self._ids[ord(c)])
        return key

    def save(self, stem: Path) -> dict[str, list[int]]:
        """Write ``stem.u32`` (the characters, then the two-character words' frequencies),
        ``stem.u64`` (the keys of each length in turn) and ``stem.u8`` (their flags),
        little-endian; the counts are returned for the manifest."""
        u32 = np.concatenate((self.chars, self.freq2)).astype("<u4")
        stem.with_suffix(".u32").write_bytes(u32.tobytes())
        stem.with_suffix(".u64").write_bytes(b"".join(k.astype("<u8").tobytes() for k in self.keys))
        stem.with_suffix(".u8").write_bytes(b"".join(f.tobytes() for f in self.flags))
        return {"chars": [len(self.chars)], "counts": [len(k) for k in self.keys]}

    @classmethod
    def load(cls, stem: Path, chars: int, counts: list[int]) -> WordGrams:
        """Memory-map what :meth:`save` wrote."""
        u32 = _mapped(stem.with_suffix(".u32"), "<u4")
        keys = _mapped(stem.with_suffix(".u64"), "<u8")
        flags = _mapped(stem.with_suffix(".u8"), "u1")
        ends = list(itertools.pairwise(np.cumsum([0, *counts]).tolist()))
        return cls(
            np.array(u32[:chars], np.uint32),
            [keys[a:b] for a, b in ends],
            [flags[a:b] for a, b in ends],
            u32[chars:],
        )

    def next_chars(self, ch: str, min_freq: int) -> frozenset[str]:
        """The characters ``c`` that make ``ch + c`` a word of frequency ≥ ``min_freq``.

        >>> g = WordGrams.build([("泥鳅", WORD, 30), ("泥巴", WORD, 5), ("春泥", WORD, 40)])
        >>> sorted(g.next_chars("泥", 20)), sorted(g.prev_chars("泥", 20))
        (['鳅'], ['春'])
        """
        return self.partners(min_freq).after(self._id(ch))

    def prev_chars(self, ch: str, min_freq: int) -> frozenset[str]:
        """The characters ``c`` that make ``c + ch`` a word of frequency ≥ ``min_freq``."""
        return self.partners(min_freq).before(self._id(ch))

    def partner_counts(self, ch: str, min_freq: int) -> tuple[int, int]:
        """How many characters follow ``ch`` and precede it in the two-character words of
        frequency ≥ ``min_freq`` (the sizes of :meth:`next_chars` and :meth:`prev_chars`).

        >>> g = WordGrams.build([("泥鳅", WORD, 30), ("泥巴", WORD, 25), ("春泥", WORD, 40)])
        >>> g.partner_counts("泥", 20)
        (2, 1)
        """
        index, i = self.partners(min_freq), self._id(ch)
        return index.count_after(i), index.count_before(i)

    def partners(self, min_freq: int) -> Partners:
        """The two-character words of frequency ≥ ``min_freq``, indexed by either character
        (built on first use, in a few array operations over the 191k two-character keys)."""
        got = self._partners.get(min_freq)
        if got is None:
            keys, bits = self.keys[0], np.uint64(self.bits)
            rows = ((self.flags[0] & WORD) != 0) & (self.freq2 >= min_freq)
            kept = keys[rows]
            first = (kept >> bits).astype(np.intp)  # sorted: the keys are
            second = (kept & np.uint64((1 << self.bits) - 1)).astype(np.intp)
            got = self._partners[min_freq] = Partners(self.chars, first, second)
        return got

    def _id(self, ch: str) -> int:
        return int(self._ids[min(ord(ch), len(self._ids) - 1)])

    def cover(self, text: str) -> U8:
        """One byte per character of ``text``: :data:`WORD_COVER` when it belongs to a word of
        2..4 characters inside its Han run, :data:`NAME_COVER` when that word is a person or a
        place, :data:`PERSON_COVER` when to a known person's name.

        >>> g = WordGrams.build([("曹操", PERSON | WORD, 9), ("操场", WORD, 9)])
        >>> g.cover("曹操场 操场").tolist()
        [7, 7, 1, 0, 1, 1]
        """
        out = np.zeros(len(text), np.uint8)
        for a in range(0, len(text), CHUNK):
            piece = text[a : a + CHUNK + max(LENGTHS) - 1]
            self._cover_piece(piece, out[a : a + len(piece)], min(CHUNK, len(piece)))
        return out

    def _cover_piece(self, piece: str, out: U8, starts: int) -> None:
        """OR the marks of the words that start in ``piece[:starts]`` into ``out``."""
        # (a lone surrogate, of text read with surrogateescape, is no Han character either)
        cp = np.frombuffer(piece.encode("utf-32-le", "surrogatepass"), "<u4")
        ids = self._han_ids[np.minimum(cp, len(self._han_ids) - 1)]
        size = len(piece)
        ids = np.concatenate((ids, np.zeros(max(LENGTHS), np.uint64)))
        key = ids[:size].copy()
        known = ids != 0  # no key holds a character outside Han runs and words (id 0)
        whole = known[:starts].copy()  # the window starting here holds known characters only
        shift = np.uint64(self.bits)
        for n, keys, flags in zip(LENGTHS, self.keys, self.flags, strict=True):
            key = key << shift | ids[n - 1 : n - 1 + size]
            whole &= known[n - 1 : n - 1 + starts]
            if not len(keys):
                continue
            # a third of a page's windows hold a mark, a digit or a rare character: skipped,
            # they leave fewer keys to sort and search
            marks = np.zeros(starts, np.uint8)
            marks[whole] = _marks(_lookup(keys, flags, key[:starts][whole]))
            for k in range(n):  # a word starting at s covers s .. s+n-1
                m = min(starts, size - k)
                out[k : k + m] |= marks[:m]


class Partners:
    """For each character id, the characters after it and before it in the two-character words
    of a frequency floor (:meth:`WordGrams.partners`): 泥 → 鳅 (泥鳅), 鳅 → 泥.

    Each side is a run of code points per character id, in the order of the words' keys, with
    where each id's run starts; a character's set is built when it is first asked for.
    """

    def __init__(self, chars: U32, first: npt.NDArray[np.intp], second: npt.NDArray[np.intp]):
        ids = np.arange(len(chars) + 2)
        self._after_at = np.searchsorted(first, ids).tolist()
        self._after = chars[second - 1]
        order = np.argsort(second, kind="stable")  # by the second character, key order kept
        self._before_at = np.searchsorted(second[order], ids).tolist()
        self._before = chars[first[order] - 1]

    def after(self, i: int) -> frozenset[str]:
        """The characters ``c`` of the words ``id i + c`` (none for id 0, an unknown one)."""
        if not i:
            return frozenset()
        return frozenset(map(chr, self._after[self._after_at[i] : self._after_at[i + 1]].tolist()))

    def before(self, i: int) -> frozenset[str]:
        """The characters ``c`` of the words ``c + id i``."""
        if not i:
            return frozenset()
        at = self._before_at
        return frozenset(map(chr, self._before[at[i] : at[i + 1]].tolist()))

    def count_after(self, i: int) -> int:
        """``len(after(i))``, without building the set (the keys are distinct)."""
        return self._after_at[i + 1] - self._after_at[i] if i else 0

    def count_before(self, i: int) -> int:
        """``len(before(i))``."""
        return self._before_at[i + 1] - self._before_at[i] if i else 0


def _mapped(path: Path, dtype: str) -> npt.NDArray[Any]:
    """The file as a read-only array over a memory map (a plain ndarray: ``np.memmap``'s
    slicing costs microseconds a call)."""
    with path.open("rb") as f:
        return np.frombuffer(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), dtype)


def _lookup(keys: U64, flags: U8, query: U64) -> U8:
    """The flags of each key of ``query`` in the sorted ``keys`` (0: not there). A page repeats
    its bigrams: each distinct one is searched once, in order (a sorted search is cache-kind)."""
    distinct, back = np.unique(query, return_inverse=True)
    at = np.minimum(np.searchsorted(keys, distinct), len(keys) - 1)
    found: U8 = np.where(keys[at] == distinct, flags[at], 0).astype(np.uint8)
    return found[back]


def _marks(flags: U8) -> U8:
    """The :meth:`WordGrams.cover` bits of words with ``flags``."""
    word = (flags & WORD) != 0
    name = word & ((flags & (PERSON | PLACE)) != 0)
    person = (flags & PERSON) != 0
    bits: U8 = (word * WORD_COVER | name * NAME_COVER | person * PERSON_COVER).astype(np.uint8)
    return bits
