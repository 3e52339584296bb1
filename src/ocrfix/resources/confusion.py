"""Which characters OCR confuses with which: the candidate source of the ``typos`` pass.

OCR errors in Chinese are visual (湫/鳅 share 秋, 鄱/酃 differ in one component, 末/未, 己/已),
so candidates come from how glyphs look, not how they sound. Four sources are merged:

- the visual-neighbour table (``data/visual_neighbours.tsv``): the top-50 look-alikes of each
  GB2312 hanzi, rendered in four typefaces by ``benchmarks/glyphs/build_table.py``, with a
  similarity score (cosine, 0..255); its ranks 51..250 (``data/visual_far.u16`` and ``.u8``) are
  the *distant* look-alikes, tried only when no nearer one makes a word (葺 is 莫's 103rd);
- a small curated list (``data/curated_confusions.tsv``) of pairs the glyph table misses, each
  with its source and a reason (吉/遴: 遴 read as 吉 when 辶 and 米/舛 are faint);
- pycorrector's look-alike groups (``data/same_stroke.txt``, copied by ``tools/build_tables.py``);
- user pairs from a TSV file named in a profile.

Latin letters that OCR reads for digits inside numbers (2O23, l0月) are in :data:`LATIN_DIGITS`.

>>> s = ConfusionSet.default()
>>> "鳅" in s.neighbours("湫") and "酃" in s.neighbours("鄱")
True
>>> "葺" in s.neighbours("莫"), round(s.distant("莫")["葺"], 2)
(False, 0.77)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from ocrfix.errors import OcrfixError

#: How many visual neighbours of a character are candidates (recall@k measured in
#: benchmarks/glyphs/README.md; the table holds 50).
DEFAULT_K = 50
#: Similarity given to pairs from the curated list, pycorrector's groups and user files.
CURATED_SIM = 0.9
STROKE_SIM = 0.8
USER_SIM = 0.95

#: Latin letters OCR engines read for digits (and the other way round) inside numbers.
LATIN_DIGITS: Mapping[str, str] = {
    "O": "0", "o": "0", "D": "0", "Q": "0",
    "l": "1", "I": "1", "|": "1", "i": "1",
    "Z": "2", "z": "2",
    "S": "5", "s": "5",
    "b": "6", "G": "6",
    "B": "8",
    "g": "9", "q": "9",
}  # fmt: skip


def _data_text(name: str) -> str:
    return (resources.files("ocrfix") / "resources" / "data" / name).read_text(encoding="utf-8")


@cache
def visual_table() -> dict[str, tuple[str, tuple[float, ...]]]:
    """char → (neighbours most similar first, similarity 0..1 of each), from the packaged TSV."""
    table: dict[str, tuple[str, tuple[float, ...]]] = {}
    for line in _data_text("visual_neighbours.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        ch, nb, scores = line.split("\t")
        table[ch] = (nb, tuple(int(s) / 255 for s in scores.split()))
    return table


@cache
def distant_table() -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The glyph table's ranks past its top 50: (the table's characters in row order, each row's
    distant neighbours as row numbers, their similarity 0..255), from the packaged arrays."""
    rows = tuple(visual_table())
    data = resources.files("ocrfix") / "resources" / "data"
    idx = np.frombuffer((data / "visual_far.u16").read_bytes(), dtype="<u2")
    scores = np.frombuffer((data / "visual_far.u8").read_bytes(), dtype=np.uint8)
    return rows, idx.reshape(len(rows), -1), scores.reshape(len(rows), -1)


@dataclass(frozen=True)
class Pair:
    """A curated confusion: ``a`` and ``b`` are misread for each other."""

    a: str
    b: str
    source: str
    why: str


def parse_pairs(text: str, source: str = "<string>") -> list[Pair]:
    """Pairs from TSV lines ``a<TAB>b[<TAB>source[<TAB>why]]`` (``#`` comments, blank lines ok).

    >>> parse_pairs("吉\\t遴\\tissue\\t辶 and 米/舛 faint")[0].b
    '遴'
    """
    pairs = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) < 2 or len(parts[0]) != 1 or len(parts[1]) != 1:
            raise OcrfixError(  # the line itself is not echoed: the file may be anyone's
                f"{source}:{n}: expected two single characters separated by a tab"
            )
        pairs.append(
            Pair(parts[0], parts[1], parts[2] if len(parts) > 2 else source, "\t".join(parts[3:]))
        )
    return pairs


@cache
def curated_pairs() -> tuple[Pair, ...]:
    """The packaged curated pairs (``data/curated_confusions.tsv``)."""
    return tuple(parse_pairs(_data_text("curated_confusions.tsv"), "curated_confusions.tsv"))


def read_pairs_file(path: str | Path) -> list[Pair]:
    """User pairs from a TSV file (same format as the curated list)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise OcrfixError(f"cannot read confusion pairs file {path}: {exc}") from None
    return parse_pairs(text, str(path))


@dataclass
class ConfusionSet:
    """Look-alike candidates of each character with a similarity in 0..1."""

    k: int = DEFAULT_K
    use_table: bool = True
    use_stroke: bool = True
    extra: dict[str, dict[str, float]] = field(default_factory=dict)
    _cache: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)
    _far: dict[str, dict[str, float]] = field(default_factory=dict, repr=False)

    @classmethod
    def default(cls, k: int = DEFAULT_K, user_pairs: Iterable[Pair] = ()) -> ConfusionSet:
        """Glyph table (top ``k``) + curated pairs + pycorrector's groups + ``user_pairs``."""
        s = cls(k=k)
        for p in curated_pairs():
            s.add(p.a, p.b, CURATED_SIM)
        for p in user_pairs:
            s.add(p.a, p.b, USER_SIM)
        return s

    def add(self, a: str, b: str, sim: float) -> None:
        """Declare ``a`` and ``b`` look-alikes (both directions)."""
        for x, y in ((a, b), (b, a)):
            d = self.extra.setdefault(x, {})
            d[y] = max(sim, d.get(y, 0.0))
        for ch in (a, b):
            self._cache.pop(ch, None)
            self._far.pop(ch, None)

    def neighbours(self, ch: str) -> dict[str, float]:
        """Candidates for ``ch`` (what it may have been misread from) → similarity."""
        got = self._cache.get(ch)
        if got is not None:
            return got
        out: dict[str, float] = {}
        if self.use_table:
            entry = visual_table().get(ch)
            if entry:
                nb, scores = entry
                out.update(zip(nb[: self.k], scores[: self.k], strict=True))
        if self.use_stroke:
            # sorted: a frozenset's order follows the hash seed, and ties must not
            for other in sorted(_stroke_index().get(ch, ())):
                out[other] = max(out.get(other, 0.0), STROKE_SIM)
        for other, sim in self.extra.get(ch, {}).items():
            out[other] = max(out.get(other, 0.0), sim)
        out.pop(ch, None)
        self._cache[ch] = out
        return out

    def distant(self, ch: str) -> dict[str, float]:
        """Look-alikes of ``ch`` past the table's top 50 (ranks 51..250) → similarity; none
        when the table is off. A character there is far less often the misread one: the
        ``typos`` pass tries them only where no nearer look-alike makes a word."""
        got = self._far.get(ch)
        if got is None:
            got = {}
            if self.use_table:
                row = _row_of().get(ch)
                if row is not None:
                    got = _far_row(row)
                    for near in got.keys() & self.neighbours(ch).keys():
                        del got[near]  # (the table's order of the others is kept)
            self._far[ch] = got
        return got

    def rank(self, ocr: str, truth: str) -> int | None:
        """1-based rank of ``truth`` among the candidates of ``ocr`` (None if absent)."""
        nb = self.neighbours(ocr)
        if truth not in nb:
            return None
        order = sorted(nb, key=lambda c: (-nb[c], c))  # ties by code point, as in the table
        return order.index(truth) + 1


@cache
def _row_of() -> dict[str, int]:
    """The row of each character of :func:`distant_table`."""
    return {ch: i for i, ch in enumerate(distant_table()[0])}


@cache
def _characters() -> np.ndarray:
    """The characters of :func:`distant_table`, as the objects an index into them hands out."""
    return np.array(distant_table()[0], dtype=object)


def _far_row(row: int) -> dict[str, float]:
    """Row ``row`` of :func:`distant_table` as look-alike → similarity, decoded in C (the
    corpus's pages meet some 2,000 characters, each with 200 distant look-alikes)."""
    _, idx, scores = distant_table()
    # the table's own characters and 256 shared similarities: a new string and float for each
    # of the 200 would hold some 50 MB by the end of the corpus
    chars = _characters()[idx[row]].tolist()
    return dict(zip(chars, _BYTE_FLOATS[scores[row]].tolist(), strict=True))


#: Each byte score / 255 as a Python float, in an object array: indexing it hands out these.
_BYTE_FLOATS = np.array([b / 255 for b in range(256)], dtype=object)


@cache
def same_stroke_groups() -> tuple[tuple[str, ...], ...]:
    """pycorrector's groups of look-alike characters (831 groups)."""
    return tuple(tuple(line.split()) for line in _data_text("same_stroke.txt").splitlines())


@cache
def _stroke_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in same_stroke_groups():
        for ch in group:
            index.setdefault(ch, set()).update(c for c in group if c != ch)
    return {ch: frozenset(v) for ch, v in index.items()}
