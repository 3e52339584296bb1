"""The loaded data of the ``typos`` pass and its candidates: which look-alike of a character
makes a word here, with the features that :mod:`ocrfix.passes.typos.model` scores.

>>> from ocrfix.passes.typos import _demo_data
>>> det = Detector(*_demo_data())
>>> [c.word for c in det.candidates("泥湫", 1, det.coverage("泥湫"))]
['泥鳅']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ocrfix.passes.typos.model import (
    DISTANT_SHIFT,
    W_CTX,
    W_WORD,
    confidence,
    floor_logodds,
    option_logodds,
    side_logodds,
)
from ocrfix.passes.typos.names import SURNAMES
from ocrfix.resources.charlm import CharLM
from ocrfix.resources.confusion import ConfusionSet
from ocrfix.resources.wordlist import PERSON, PLACE, WORD, WordList

#: Characters that end place names (酃县, 严塘镇): a candidate that ends in one must be a known
#: place, and a candidate right before one must make a known word with it.
PLACE_SUFFIXES = frozenset("省市县区镇乡村州山湖江河路街桥港湾岛")
#: Suffixes of administrative units. A candidate that is a place name ending in one (酃县) is a
#: feature of its own: on the tuning pages such candidates were mostly wrong (local places that
#: no list knows, read correctly, "corrected" into known ones), so it lowers the confidence.
ADMIN_SUFFIXES = frozenset("省市县区镇乡村")
#: A character this frequent as a word on its own (的 是 在 有 …) is read as itself.
FUNCTION_WORD_FREQ = 50_000

class Candidate(NamedTuple):
    """One suggestion: replace ``text[start:end]`` (a word) with ``word``. (A named tuple: a page
    scores some 10⁵ of them, and a frozen dataclass takes three times as long to make.)"""

    start: int
    end: int
    word: str
    pos: int
    char: str
    features: tuple[float, ...]
    confidence: float
    rule: str = "visual-typo"


class _Option(NamedTuple):
    """A look-alike ``char`` of a suspect character and the ``word`` it makes with a partner
    (泥 + 鳅), with what the score reads of them in any context, read once: a page meets the
    same pairs again and again."""

    char: str
    word: str
    similarity: float
    char_single: float  # log10(1 + the look-alike's frequency as a one-character word)
    char_count: float  # log10(1 + the look-alike's count as a character)
    word_logprob: float  # LM log-probability of the word
    word_log_freq: float  # log10(1 + the word's frequency)
    admin: float  # 1.0: the word ends in 县/市/区…
    place_end: bool  # the word ends in a place suffix
    static: float  # what the features above add to the log-odds (for the floor's bound)


class Detector:
    """The loaded data of the pass: word list, language model, confusion set, indices."""

    def __init__(self, words: WordList, lm: CharLM, confusions: ConfusionSet, min_freq: int):
        if lm.order != 3:  # _tail reads a trigram model's n-grams (the weights were fitted so)
            raise ValueError(f"typos needs a character trigram model, not order {lm.order}")
        self.words = words
        self.lm = lm
        self.confusions = confusions
        self.min_freq = min_freq
        self._lm_memo, self._lm_score = lm._memo, lm._score  # read by _tail, the hot path
        self._next: dict[str, frozenset[str]] = {}
        self._prev: dict[str, frozenset[str]] = {}
        self._stats_cache: dict[str, tuple[float, float, float, float]] = {}
        self._lp_cache: dict[str, float] = {}
        self._freq_cache: dict[str, float] = {}
        self._pairs: dict[tuple[str, str, bool], tuple[str, ...]] = {}
        self._far_pairs: dict[tuple[str, str, bool], tuple[str, ...]] = {}
        # (partner, x, after, distant) -> the look-alikes of _pairs or _far_pairs, read out
        self._options_cache: dict[tuple[str, str, bool, bool], tuple[_Option, ...]] = {}
        self._common: dict[str, bool] = {}

    def next_chars(self, ch: str) -> frozenset[str]:
        """Characters that follow ``ch`` in a two-character word of at least ``min_freq``."""
        got = self._next.get(ch)
        if got is None:
            got = self._next[ch] = self.words.next_chars(ch, self.min_freq)
        return got

    def prev_chars(self, ch: str) -> frozenset[str]:
        """Characters that precede ``ch`` in a two-character word of at least ``min_freq``."""
        got = self._prev.get(ch)
        if got is None:
            got = self._prev[ch] = self.words.prev_chars(ch, self.min_freq)
        return got

    def coverage(
        self, run: str, matches: Iterable[tuple[int, int, int]] | None = None
    ) -> list[int]:
        """Which characters of a Han run belong to some word of 2..4 characters: 0 none, 1 a
        word, 2 a person or place name (a name is never broken to make a word). ``matches``:
        the run's :meth:`WordList.matches`, when the caller has them."""
        covered = [0] * len(run)
        names = []
        for s, e, f in self.words.matches(run) if matches is None else matches:
            if f & WORD:
                covered[s:e] = [1] * (e - s)
                if f & (PERSON | PLACE):
                    names.append((s, e))
        for s, e in names:  # a name's level wins over a word's
            covered[s:e] = [2] * (e - s)
        return covered

    @staticmethod
    def _name_like(run: str, i: int, s: int, e: int, covered: Sequence[int]) -> bool:
        """Does the candidate span fall inside a surname + given name outside any word?"""
        if SURNAMES.isdisjoint(run[max(0, i - 2) : i + 1]):
            return False  # (most often: no surname at all)
        for j in range(max(0, i - 2), i + 1):
            if run[j] in SURNAMES and not covered[j] and s >= j and e <= j + 3 and j + 1 < len(run):
                return True
        return False

    def _place_like(self, run: str, s: int, e: int, word: str) -> bool:
        """Is the span part of a place name that the candidate would break (严塘镇 ↛ 严城镇)?"""
        is_place = self.words.is_place
        if word[-1] in PLACE_SUFFIXES and not is_place(word):
            return True
        if e < len(run) and run[e] in PLACE_SUFFIXES:
            return not (self.words.is_word(word + run[e]) or is_place(word))
        return False

    def candidates(
        self, run: str, i: int, covered: Sequence[int], offset: int = 0, floor: float = 0.0
    ) -> list[Candidate]:
        """Scored look-alike substitutions of ``run[i]`` that make a two-character word; spans
        are shifted by ``offset`` (where the run starts in its page). Candidates of a
        confidence below ``floor`` are left out, unscored where a bound shows it."""
        x = run[i]
        common = self._common.get(x)
        if common if common is not None else self._is_common(x):
            return []  # 的, 是, 在: read as themselves (no look-alike makes a word with them)
        pairs = self._pairs
        before: tuple[str, ...] = ()
        after: tuple[str, ...] = ()
        if i > 0 and covered[i - 1] < 2:
            key = (run[i - 1], x, True)
            got = pairs.get(key)
            before = self._new_pair(*key) if got is None else got
        if i + 1 < len(run) and covered[i + 1] < 2:
            key = (run[i + 1], x, False)
            got = pairs.get(key)
            after = self._new_pair(*key) if got is None else got
        zmin = floor_logodds(floor)
        if before or after:
            return self._scored(run, i, covered, before, after, offset, zmin)
        return self._distant(run, i, covered, offset, zmin)

    def _distant(
        self, run: str, i: int, covered: Sequence[int], offset: int, zmin: float
    ) -> list[Candidate]:
        """``visual-distant``: when none of the ``k`` nearest look-alikes makes a word, the glyph
        table's ranks 51..250 that do. Rarer: OCR's misread is seldom that far from the truth."""
        # only with a partner outside every word too (修莫一新: 修): a partner inside a word weighs
        # against a candidate; on the tune split this halves the rule's cost and loses one of
        # its right suggestions above 0.65 (灌源 → 灌溉 after 节水)
        left = i > 0 and not covered[i - 1]
        right = i + 1 < len(run) and not covered[i + 1]
        if not (left or right):
            return []
        x = run[i]
        far = self.confusions.distant(x)
        if not far:
            return []
        before = self._far_pair(run[i - 1], x, True, far) if left else ()
        after = self._far_pair(run[i + 1], x, False, far) if right else ()
        if not (before or after):
            return []
        return self._scored(run, i, covered, before, after, offset, zmin, far)

    def _scored(
        self,
        run: str,
        i: int,
        covered: Sequence[int],
        before: tuple[str, ...],
        after: tuple[str, ...],
        offset: int,
        zmin: float,
        distant: dict[str, float] | None = None,
    ) -> list[Candidate]:
        """The candidates ``run[i-1] + c`` for ``c`` in ``before`` and ``c + run[i+1]`` for
        ``c`` in ``after`` (泥湫: 泥 + 鳅), each with its features and confidence; look-alikes
        from ``distant`` (their similarities) make ``visual-distant`` candidates. Those whose
        log-odds fall below ``zmin`` are left out: a page scores some 200 candidates and keeps
        a few, so the bound of the log-odds is read first, the context only where the bound
        passes, and the features and confidence are made only for what is kept."""
        x = run[i]
        n = len(run)
        far = distant is not None
        shift, rule = (DISTANT_SHIFT, "visual-distant") if far else (0.0, "visual-typo")
        # LM log-probability of the window run[i-2:i+3] from position i on (the scores before i
        # are the same with any candidate at i, so only the tail is compared)
        two_before, one_before = run[max(0, i - 2) : i], run[max(0, i - 1) : i]
        next_two = run[i + 1 : i + 3]
        tail = self._tail
        base = tail(x, two_before, one_before, next_two)
        single, x_uni, x_next, x_prev = self._char_stats(x)
        n_cands = math.log10(len(before) + len(after))
        lo, hi = max(0, i - 5), min(n, i + 6)
        density = covered[lo:hi].count(0) / (hi - lo)
        out: list[Candidate] = []
        made = self._options_cache
        for s, chars in ((i - 1, before), (i, after)):
            if not chars:
                continue
            e = s + 2
            if self._name_like(run, i, s, e, covered):
                continue
            partner = run[s] if s < i else run[e - 1]
            got = made.get((partner, x, s < i, far))
            options = self._options(partner, x, s < i, chars, distant) if got is None else got
            p_single, p_uni, p_next, p_prev = self._char_stats(partner)
            partner_covered = 1.0 if covered[s if s < i else e - 1] > 0 else 0.0
            island = 1.0 if (s == 0 or covered[s - 1]) and (e == n or covered[e]) else 0.0
            slots = (x_prev, p_next) if s < i else (x_next, p_prev)
            orig_lp = self._short_logprob(run[s:e])
            suffix_next = e < n and run[e] in PLACE_SUFFIXES
            # the log-odds of this side's features, what every option shares
            z_side = shift + side_logodds(
                single, partner_covered, x_uni, n_cands, island, density, p_single, p_uni, slots
            )
            for (
                c,
                word,
                sim,
                c_single,
                c_uni,
                word_lp,
                log_freq,
                admin,
                place_end,
                static,
            ) in options:
                # (only a place suffix in or after the word can make it place-like; a word
                # ending in 县/市/区… that is kept is a known place)
                if (suffix_next or place_end) and self._place_like(run, s, e, word):
                    continue
                word_gain = word_lp - orig_lp
                # the log-odds but for the context's tail, of log-probability 0 at most
                z_word = z_side + static + W_WORD * word_gain - W_CTX * (base + word_gain)
                if z_word < zmin:
                    continue
                ctx = tail(c, two_before, one_before, next_two)
                if z_word + W_CTX * ctx < zmin:
                    continue
                ctx_gain = ctx - base - word_gain
                feats = (
                    1.0,
                    ctx_gain,
                    log_freq,
                    single,
                    sim,
                    partner_covered,
                    c_single,
                    x_uni,
                    c_uni,
                    n_cands,
                    admin,
                    island,
                    density,
                    p_single,
                    p_uni,
                    word_gain,
                    # how many words x and the partner make in the slots they have here: an
                    # unknown compound of productive characters (微纳, 矮塔) is more often a word
                    # the lists lack
                    *slots,
                )
                conf = confidence(feats, shift)
                out.append(
                    Candidate(s + offset, e + offset, word, i + offset, c, feats, conf, rule)
                )
        return out

    def _tail(self, ch: str, two_before: str, one_before: str, after: str) -> float:
        """log10 P of ``ch`` and of the (up to) two characters ``after`` it, read after
        ``two_before`` (养殖泥 + 湫 + 养殖: P(湫|殖泥) + P(养|泥湫) + P(殖|湫养)); the n-grams
        are the ones :meth:`CharLM.char_prob` reads, looked up in its memo without the call."""
        memo, score = self._lm_memo, self._lm_score
        key = two_before + ch
        got = memo.get(key)
        total = score(two_before, ch) if got is None else got
        if after:
            key = one_before + ch + after[0]
            got = memo.get(key)
            total += score(key[:-1], key[-1]) if got is None else got
            if len(after) > 1:
                key = ch + after
                got = memo.get(key)
                total += score(key[:-1], key[-1]) if got is None else got
        return total

    def _is_common(self, x: str) -> bool:
        """Is ``x`` a common one-character word (的, 是, 在)? Cached."""
        got = self._common.get(x)
        if got is None:
            got = self._common[x] = self.words.single(x) >= FUNCTION_WORD_FREQ
        return got

    def _log_freq(self, word: str) -> float:
        """log10(1 + the frequency of ``word``), cached: a page's candidate words recur."""
        got = self._freq_cache.get(word)
        if got is None:
            if len(self._freq_cache) > 500_000:
                self._freq_cache.clear()
            got = self._freq_cache[word] = math.log10(self.words.freq(word) + 1)
        return got

    def _new_pair(self, partner: str, x: str, after: bool) -> tuple[str, ...]:
        """The look-alikes ``c`` of ``x`` that make a word with ``partner`` (``partner + c`` when
        ``after``, else ``c + partner``); none for a common one-character word ``x``. Found for
        a triple not in ``_pairs`` yet and remembered there (a page holds the same character
        pairs again and again; :meth:`candidates` reads the cache first)."""
        if len(self._pairs) > 500_000:
            self._pairs.clear()
        got: tuple[str, ...] = ()
        if not self._is_common(x):
            nb = self.confusions.neighbours(x)
            words = (self._next if after else self._prev).get(partner)
            if words is None:
                words = self.next_chars(partner) if after else self.prev_chars(partner)
            if words:
                # the same characters in the same order as ``c for c in pool if c in words``
                # over pool = the intersection (a set) or nb (a dict), without the loop: the
                # intersection is found in C walking the smaller side (a dict's keys & a
                # frozenset walk the frozenset), and put in nb's order when that is the pool
                found = nb.keys() & words if len(words) < len(nb) else words.intersection(nb)
                if len(words) < len(nb) or len(found) < 2:
                    got = tuple(found)
                else:
                    got = tuple(filter(found.__contains__, nb))
        self._pairs[(partner, x, after)] = got
        return got

    def _far_pair(
        self, partner: str, x: str, after: bool, far: dict[str, float]
    ) -> tuple[str, ...]:
        """:meth:`_new_pair` for the distant look-alikes ``far`` of ``x``, cached alike."""
        key = (partner, x, after)
        got = self._far_pairs.get(key)
        if got is None:
            if len(self._far_pairs) > 500_000:
                self._far_pairs.clear()
            words = self.next_chars(partner) if after else self.prev_chars(partner)
            # the look-alikes in ``far`` (some 200) that make a word (mostly none), found in C
            # walking the smaller side (a dict's keys & a frozenset walk the frozenset)
            found = far.keys() & words if len(words) < len(far) else words.intersection(far)
            # in the order of ``far``, as ``c for c in far if c in words`` has them
            got = tuple(filter(found.__contains__, far)) if len(found) > 1 else tuple(found)
            self._far_pairs[key] = got
        return got

    def _options(
        self,
        partner: str,
        x: str,
        after: bool,
        chars: tuple[str, ...],
        distant: dict[str, float] | None,
    ) -> tuple[_Option, ...]:
        """The look-alikes ``chars`` of ``x`` (from ``distant`` when given, else the near ones)
        with the words they make with ``partner``, read out and remembered."""
        if len(self._options_cache) > 500_000:
            self._options_cache.clear()
        similarity = self.confusions.neighbours(x) if distant is None else distant
        out = []
        for c in chars:
            word = partner + c if after else c + partner
            c_single, c_uni, _, _ = self._char_stats(c)
            admin = 1.0 if word[-1] in ADMIN_SUFFIXES else 0.0
            sim, log_freq = similarity[c], self._log_freq(word)
            static = option_logodds(log_freq, sim, c_single, c_uni, admin)
            out.append(
                _Option(
                    c,
                    word,
                    sim,
                    c_single,
                    c_uni,
                    self._short_logprob(word),
                    log_freq,
                    admin,
                    word[-1] in PLACE_SUFFIXES,
                    static,
                )
            )
        got = self._options_cache[(partner, x, after, distant is not None)] = tuple(out)
        return got

    def _char_stats(self, ch: str) -> tuple[float, float, float, float]:
        """log10(1 + n) of: ``ch`` as a one-character word, as a character, the words it starts,
        the words it ends (cached)."""
        got = self._stats_cache.get(ch)
        if got is None:
            starts, ends = self.words.partner_counts(ch, self.min_freq)
            got = (
                math.log10(self.words.single(ch) + 1),
                math.log10(self.lm.count(ch) + 1),
                math.log10(1 + starts),
                math.log10(1 + ends),
            )
            self._stats_cache[ch] = got
        return got

    def _short_logprob(self, text: str) -> float:
        """LM log-probability of a short string (a two-character word), cached."""
        got = self._lp_cache.get(text)
        if got is None:
            if len(self._lp_cache) > 500_000:
                self._lp_cache.clear()
            got = self._lp_cache[text] = self.lm.logprob(text)
        return got
