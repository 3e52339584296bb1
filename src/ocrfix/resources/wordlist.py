"""The word list: every known word with its frequencies and what kind of name it is.

One table (:class:`~ocrfix.resources.table.Table`) merges pycorrector's ``word_freq.txt`` (584k
words), jieba's ``dict.txt`` (349k), pycorrector's person and place names (酃县, 炎陵) and
jieba's place names (words tagged ``ns``: 邳县, 郴县). Per word it keeps the larger of the
frequencies (typo detection reads words of 2–4 characters), jieba's own frequency (for jieba's
segmentation, :mod:`ocrfix.resources.lexicon`), the place counts and flags. It is built ahead of
time by ``tools/build_tables.py`` and shipped memory-mapped (``data/words.*``).

>>> wl = build_wordlist([("泥鳅", 354), ("泥", 800)], [], [("酃县", 84)])
>>> wl.freq("泥鳅"), wl.freq("酃县"), wl.single("泥"), wl.is_place("酃县")
(354, 84, 800, True)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import cache
from typing import TYPE_CHECKING

from ocrfix.resources.table import Table

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ocrfix.resources.grams import WordGrams

MAX_LEN = 4

# Columns of the table.
FREQ, JIEBA, PLACE_COUNT, TAGGED_COUNT, FLAGS = range(5)
WIDTH = 5
# Flags: which lists a key is on.
WORD = 1  #: a word of 2..MAX_LEN characters (``freq``)
SINGLE = 2  #: a one-character word (``single``)
PERSON = 4  #: a person's name of 2..MAX_LEN characters
PLACE = 8  #: a place of 2..MAX_LEN characters (either place list)
PLACE_LISTED = 16  #: on the place-name list, with a count (less words tagged otherwise)
PLACE_TAGGED = 32  #: tagged ``ns`` by jieba, with a count
PERSON_NAME = 64  #: on the person-name list, any length
PLACE_NAME = 128  #: on the place-name list, any length


class WordList:
    """Words → frequencies and kinds, plus jieba's dictionary for segmentation."""

    def __init__(
        self,
        table: Table,
        jieba_total: int,
        jieba_max: int,
        load_grams: Callable[[], WordGrams] | None = None,
    ):
        self.table = table
        self.jieba_total = jieba_total
        #: the longest word of jieba's dictionary: no word reaches further
        self.jieba_max = jieba_max
        self._row = table.row
        self._at = table.at
        self._load_grams = load_grams
        self._grams: WordGrams | None = None

    @property
    def grams(self) -> WordGrams:
        """The words of 2..4 characters as packed keys (:mod:`ocrfix.resources.grams`), on
        first use: the shipped list maps its own, a list built in memory builds them."""
        if self._grams is None and self._load_grams is not None:
            self._grams = self._load_grams()
        if self._grams is None:
            from ocrfix.resources.grams import WordGrams

            cols = self.table.columns
            rows = self.table.items()
            self._grams = WordGrams.build(
                (w, cols[i * WIDTH + FLAGS], cols[i * WIDTH + FREQ]) for w, i in rows
            )
        return self._grams

    def cover(self, text: str) -> npt.NDArray[np.uint8]:
        """What :meth:`matches` finds in each Han run of ``text``, for the whole text at once:
        one byte a character (:meth:`~ocrfix.resources.grams.WordGrams.cover`).

        >>> wl = build_wordlist([("泥鳅", 3), ("曹操", 5)], [("曹操", 1)], [])
        >>> wl.cover("泥鳅，曹操").tolist()
        [1, 1, 0, 7, 7]
        """
        return self.grams.cover(text)

    def flags(self, word: str) -> int:
        """The word's flags (:data:`WORD`, :data:`PERSON`, …; 0 for an unknown word)."""
        i = self._row(word)
        return 0 if i is None else self._at(i, FLAGS)

    def freq(self, word: str) -> int:
        """Frequency of a word of 2..4 characters (0: not a word)."""
        i = self._row(word)
        return 0 if i is None or not self._at(i, FLAGS) & WORD else self._at(i, FREQ)

    def single(self, ch: str) -> int:
        """Frequency of ``ch`` as a one-character word."""
        i = self._row(ch)
        return 0 if i is None or not self._at(i, FLAGS) & SINGLE else self._at(i, FREQ)

    def is_word(self, word: str) -> bool:
        """A word of 2..4 characters (names included)?"""
        return bool(self.flags(word) & WORD)

    def is_person(self, word: str) -> bool:
        return bool(self.flags(word) & PERSON)

    def is_place(self, word: str) -> bool:
        return bool(self.flags(word) & PLACE)

    def is_person_name(self, word: str) -> bool:
        """On the person-name list (any length)?"""
        return bool(self.flags(word) & PERSON_NAME)

    def place_count(self, word: str, tagged: bool = False) -> int | None:
        """The count of a place on the place-name list (``tagged``: on jieba's ``ns`` list);
        None when it is not on it."""
        return self.place_counts(word)[tagged]

    def place_counts(self, word: str) -> tuple[int | None, int | None]:
        """:meth:`place_count` on the place-name list and on jieba's ``ns`` list, read with one
        lookup.

        >>> build_wordlist([], [], [("酃县", 84)], [("邳县", 9)]).place_counts("酃县")
        (84, None)
        """
        i = self._row(word)
        if i is None:
            return None, None
        f = self._at(i, FLAGS)
        return (
            self._at(i, PLACE_COUNT) if f & PLACE_LISTED else None,
            self._at(i, TAGGED_COUNT) if f & PLACE_TAGGED else None,
        )

    def jieba_freq(self, word: str) -> int:
        """jieba's frequency of ``word`` (0: not in its dictionary)."""
        return self.table.get(word, JIEBA)

    def matches(self, run: str) -> list[tuple[int, int, int]]:
        """Every listed word of 2..4 characters in ``run``: (start, end, flags), one trie walk
        per position.

        >>> build_wordlist([("泥鳅", 3), ("养殖", 9)], [], []).matches("泥鳅养殖场")
        [(0, 2, 1), (2, 4, 1)]
        """
        try:
            return self._matches(run, self.table.trie.iter_prefixes_with_ids)
        except UnicodeEncodeError:  # a lone surrogate: the walk that stops before it
            return self._matches(run, self.table.prefix_rows)

    def _matches(
        self, run: str, walk: Callable[[str], Iterable[tuple[str, int]]]
    ) -> list[tuple[int, int, int]]:
        out = []
        cols = self.table.columns
        for s in range(len(run) - 1):
            for w, i in walk(run[s : s + MAX_LEN]):
                if len(w) > 1:
                    f = cols[i * WIDTH + FLAGS]
                    if f:
                        out.append((s, s + len(w), f))
        return out

    def having(self, flag: int) -> list[str]:
        """Every key with ``flag`` (a scan of the whole table: for reports and tests)."""
        at = self._at
        return [w for w, i in self.table.items() if at(i, FLAGS) & flag]

    def next_chars(self, ch: str, min_freq: int) -> frozenset[str]:
        """The characters ``c`` that make ``ch + c`` a word of frequency ≥ ``min_freq``.

        >>> wl = build_wordlist([("泥鳅", 30), ("泥巴", 5), ("泥鳅鱼", 30)], [], [])
        >>> sorted(wl.next_chars("泥", 20))
        ['鳅']
        """
        return self.grams.next_chars(ch, min_freq)

    def prev_chars(self, ch: str, min_freq: int) -> frozenset[str]:
        """The characters ``c`` that make ``c + ch`` a word of frequency ≥ ``min_freq``."""
        return self.grams.prev_chars(ch, min_freq)

    def partner_counts(self, ch: str, min_freq: int) -> tuple[int, int]:
        """The sizes of :meth:`next_chars` and :meth:`prev_chars`, without building them."""
        return self.grams.partner_counts(ch, min_freq)


def build_wordlist(
    words: Iterable[tuple[str, int]],
    persons: Iterable[tuple[str, int]],
    places: Iterable[tuple[str, int]],
    tagged_places: Iterable[tuple[str, int]] = (),
    not_places: Collection[str] = (),
    jieba: Iterable[tuple[str, int]] = (),
) -> WordList:
    """Merge frequency lists (max frequency wins); names of 2..4 characters count as words.

    ``places`` (a place-name list, less ``not_places``: words a dictionary tags as common words)
    and ``tagged_places`` (words a dictionary tags as places) keep their counts. ``jieba`` is
    the segmenter's dictionary (word, frequency), kept apart: its words may be longer, and
    segmentation must read its own frequencies.
    """
    rows: dict[str, list[int]] = {}
    sources = ((words, "word"), (persons, "person"), (places, "place"), (tagged_places, "tagged"))
    for source, kind in sources:
        for w, f in source:
            r = rows.get(w) or rows.setdefault(w, [0] * WIDTH)
            if kind == "person":
                r[FLAGS] |= PERSON_NAME
            elif kind == "place":
                r[FLAGS] |= PLACE_NAME
            if len(w) == 1:
                r[FREQ] = max(f, r[FREQ])
                r[FLAGS] |= SINGLE
            elif len(w) <= MAX_LEN:
                r[FREQ] = max(f, r[FREQ])
                r[FLAGS] |= WORD | {"person": PERSON, "place": PLACE, "tagged": PLACE}.get(kind, 0)
                if kind == "place" and w not in not_places:
                    r[PLACE_COUNT] = max(f, r[PLACE_COUNT])
                    r[FLAGS] |= PLACE_LISTED
                elif kind == "tagged":
                    r[TAGGED_COUNT] = max(f, r[TAGGED_COUNT])
                    r[FLAGS] |= PLACE_TAGGED
    longest = 0
    total = 0
    for w, f in jieba:
        # the last entry of a word wins and every entry counts, as jieba reads its dictionary
        (rows.get(w) or rows.setdefault(w, [0] * WIDTH))[JIEBA] = f
        total += f
        longest = max(longest, len(w))
    return WordList(Table.build(rows, WIDTH), total, longest)


@cache
def wordlist() -> WordList:
    """The shipped word list, memory-mapped once per process."""
    from ocrfix.resources.shipped import load_wordlist

    return load_wordlist()
