"""The ``visual-place`` rule of the ``typos`` pass: a known place name one look-alike away from
an unknown one (鄱县 → 酃县).

>>> from ocrfix.passes.typos import load
>>> [c.word for c in place_candidates(load(), "鄱县", [0, 0])]
['酃县']
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ocrfix.passes.typos.detector import Candidate, Detector
from ocrfix.resources.confusion import visual_table
from ocrfix.resources.wordlist import PLACE, WORD

#: Suffixes of the ``visual-place`` rule: a misread character in front of one of them
#: (鄱县 for 酃县) is looked for among names that the place lists know.
PLACE_RULE_SUFFIXES = frozenset("省市县区旗")
#: Characters of administrative unit words: 郡县, 州县, 城市 are no place names.
_UNIT_WORDS = frozenset("省市县区州郡府乡镇村旗盟道城")
#: A character used this often as a word on its own (两县, 型县, 各县) is not a misread name.
PLACE_RULE_MAX_SINGLE = 5_000
#: Likelihood that OCR reads the character at rank r among the look-alikes of the true one
#: (rank of the truth among the OCR'd character's neighbours): the recall@k steps of all 1,791
#: Tesseract substitutions of the tuning split (benchmarks/glyphs/README.md): R@1 .038, R@5
#: .106, R@10 .146, R@20 .188, R@50 .246, spread evenly over the ranks of each step.
RANK_MASS = ((1, 0.038), (5, 0.017), (10, 0.008), (20, 0.0042), (50, 0.0019))
#: Rank given to pairs outside the table's top k (curated, pycorrector's groups, user pairs).
OFF_TABLE_MASS = 0.017


def place_candidates(
    det: Detector, run: str, covered: Sequence[int], lead: bool = True
) -> list[Candidate]:
    """``visual-place``: a known place name one look-alike away from an unknown one.

    ``鄱县`` is no place; 鄱's look-alikes 酃, 郴 and 邳 make the county names 酃县, 郴县 and
    邳县 (pycorrector's place-name list, with its counts; jieba's ``ns`` words when that list
    has no candidate: 依县 → 攸县). The span must end in
    省/市/县/区/旗 that starts no word (县域), be neither a word nor a known place, start where
    a name can start (at the start of the run when ``lead``, i.e. after punctuation, or
    after a word: not 茶隘县 → 隘县), and the changed character must belong to no word of its
    context and not be a common word of its own (两县). A name made of unit words only
    (郡县, 州县) is no candidate. Each known place P is weighed by its count × the
    likelihood that OCR reads P's character as the one printed (:data:`RANK_MASS`, by the
    rank of the pair in the look-alike table); the confidence is the best one's share.
    """
    out: list[Candidate] = []
    is_word, flags = det.words.is_word, det.words.flags
    for j in range(1, len(run)):
        if run[j] not in PLACE_RULE_SUFFIXES or is_word(run[j : j + 2]):
            continue  # 县域, 市场: the suffix starts a word
        for s in range(j - 1, max(-1, j - 3), -1):
            span = run[s : j + 1]
            if flags(span) & (WORD | PLACE):
                break  # a known word or place: leave it (and anything longer)
            if not ((s == 0 and lead) or (s > 0 and covered[s - 1])):
                continue  # inside a longer unknown name (茶隘县: not 隘县)
            weights = _place_weights(det, run, s, j, covered)
            if not weights:
                continue
            total = sum(weights.values())
            (i, c), best = max(weights.items(), key=lambda kv: kv[1])
            name = span[: i - s] + c + span[i - s + 1 :]
            feats = (best / total, float(len(weights)))
            out.append(Candidate(s, j + 1, name, i, c, feats, best / total, "visual-place"))
    return out


def _place_weights(
    det: Detector, run: str, s: int, j: int, covered: Sequence[int]
) -> dict[tuple[int, str], float]:
    """The known places one look-alike away from ``run[s : j + 1]``, as (position, look-alike)
    → weight: the names of the place-name list or, when it has none, jieba's ``ns`` words
    (both read with one lookup of each name)."""
    span = run[s : j + 1]
    listed: dict[tuple[int, str], float] = {}
    tagged: dict[tuple[int, str], float] = {}
    k = det.confusions.k if det.confusions.use_table else 0
    for i in range(s, j):
        x = run[i]
        if covered[i] or det.words.single(x) >= PLACE_RULE_MAX_SINGLE:
            continue  # 两县, 型县: a word of its own in front of 县
        order = _ranks(x, k)
        for c in det.confusions.neighbours(x):
            name = span[: i - s] + c + span[i - s + 1 :]
            on_list, on_jieba = det.words.place_counts(name)
            if (on_list is None and on_jieba is None) or _UNIT_WORDS.issuperset(name):
                continue
            mass = _rank_mass(order.get(c))
            if on_list is not None:
                listed[(i, c)] = mass * (on_list + 1)
            if on_jieba is not None:
                tagged[(i, c)] = mass * (on_jieba + 1)
    return listed or tagged


@cache
def _ranks(x: str, k: int) -> dict[str, int]:
    """The 1-based rank of each of the ``k`` nearest look-alikes of ``x`` in the glyph table."""
    entry = visual_table().get(x)
    return {c: r for r, c in enumerate(entry[0][:k] if entry else "", 1)}


def _rank_mass(rank: int | None) -> float:
    """:data:`RANK_MASS` at ``rank`` (None: a pair from outside the glyph table)."""
    if rank is None:
        return OFF_TABLE_MASS
    for upto, mass in RANK_MASS:
        if rank <= upto:
            return mass
    return RANK_MASS[-1][1]
