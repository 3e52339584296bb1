"""A compact key → numbers table: a marisa trie of the keys and fixed-width unsigned 32-bit
columns indexed by each key's id in the trie.

The language data (1.45 M character n-grams, 800 k words) would cost ~300 MB as Python dicts;
as a trie and an array it is ~25 MB on disk, loaded by memory-mapping both files, so loading
takes milliseconds and the worker processes of one machine share one copy in the page cache.

>>> t = Table.build({"泥鳅": (354, 1), "泥": (800, 0)}, width=2)
>>> t.get("泥鳅", 0), t.get("泥湫", 0), [k for k in t.prefixes("泥鳅养殖")]
(354, 0, ['泥', '泥鳅'])
"""

from __future__ import annotations

import mmap
import sys
from array import array
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import marisa_trie

#: Columns are stored little-endian; a big-endian machine reads them through a swapped copy.
_NATIVE = sys.byteorder == "little"


def _clean_prefix(text: str) -> str:
    """``text`` up to its first lone surrogate."""
    for i, ch in enumerate(text):
        if "\ud800" <= ch <= "\udfff":
            return text[:i]
    return text


class Table:
    """Keys in a trie; ``width`` unsigned 32-bit numbers per key, at ``id × width``."""

    __slots__ = ("_get", "_walk", "columns", "trie", "width")

    def __init__(self, trie: marisa_trie.Trie, columns: Sequence[int], width: int):
        if len(columns) != len(trie) * width:
            raise ValueError(f"{len(columns)} numbers for {len(trie)} keys × {width} columns")
        self.trie = trie
        self.width = width
        self.columns = columns
        self._get = trie.get  # bound once: it is the hot path of every lookup
        self._walk = trie.iter_prefixes_with_ids

    @classmethod
    def build(cls, rows: Mapping[str, Sequence[int]], width: int) -> Table:
        """A table in memory from ``key → (n₀, …, n_width-1)``."""
        trie = marisa_trie.Trie(rows.keys())
        columns = array("I", bytes(4 * width * len(trie)))
        for key, values in rows.items():
            base = trie[key] * width
            for j, v in enumerate(values):
                columns[base + j] = v
        return cls(trie, columns, width)

    def save(self, stem: Path) -> None:
        """Write ``stem.marisa`` (the trie) and ``stem.u32`` (the columns, little-endian)."""
        self.trie.save(str(stem.with_suffix(".marisa")))
        columns = array("I", self.columns)
        if not _NATIVE:
            columns.byteswap()
        stem.with_suffix(".u32").write_bytes(columns.tobytes())

    @classmethod
    def load(cls, stem: Path, width: int) -> Table:
        """Memory-map ``stem.marisa`` and ``stem.u32`` (nothing is read until it is used)."""
        trie = marisa_trie.Trie().mmap(str(stem.with_suffix(".marisa")))
        with stem.with_suffix(".u32").open("rb") as f:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if _NATIVE:
            return cls(trie, memoryview(mapped).cast("I"), width)
        columns = array("I", mapped)
        columns.byteswap()
        return cls(trie, columns, width)

    def __len__(self) -> int:
        return len(self.trie)

    # The trie stores UTF-8: a lone surrogate (text decoded with ``surrogateescape``) cannot be a
    # key, so a query holding one finds nothing.

    def row(self, key: str) -> int | None:
        """The key's id (its row), or None."""
        try:
            return self._get(key)  # type: ignore[no-any-return]
        except UnicodeEncodeError:
            return None

    def get(self, key: str, column: int) -> int:
        """The key's number in ``column``; 0 for a key not in the table."""
        i = self.row(key)
        return 0 if i is None else self.columns[i * self.width + column]

    def at(self, row: int, column: int) -> int:
        return self.columns[row * self.width + column]

    def prefixes(self, text: str) -> list[str]:
        """The keys that are prefixes of ``text``, shortest first."""
        return [k for k, _ in self.prefix_rows(text)]

    def prefix_rows(self, text: str) -> list[tuple[str, int]]:
        """(key, row) of the keys that are prefixes of ``text``, shortest first."""
        try:
            return list(self._walk(text))
        except UnicodeEncodeError:
            clean = _clean_prefix(text)
            return self.prefix_rows(clean) if clean else []

    def keys(self, prefix: str = "") -> list[str]:
        """The keys that start with ``prefix``."""
        try:
            return self.trie.keys(prefix)  # type: ignore[no-any-return]
        except UnicodeEncodeError:
            return []

    def items(self) -> Iterator[tuple[str, int]]:
        """(key, row) pairs, in the trie's order."""
        return iter(self.trie.iteritems())
