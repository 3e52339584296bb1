"""A character n-gram language model built offline from the word lists PyPI packages ship.

There is no running Chinese text on PyPI to train on, but there are large frequency-weighted word
lists: pycorrector's ``word_freq.txt`` (584k words) and jieba's ``dict.txt`` (349k). Counting the
character n-grams inside those words, weighted by word frequency, gives a model of which characters
follow which — exactly what join scoring (``遴选工|作``) and typo detection (``泥湫`` vs ``泥鳅``)
need. Transitions between words are not observed; they back off to unigrams.

The model is built ahead of time by ``tools/build_tables.py`` and shipped in the package as a
memory-mapped :class:`~ocrfix.resources.table.Table` (``data/charlm.*``): nothing is built or
cached at run time.

>>> lm = build_model([("泥鳅", 354), ("泥土", 500), ("秋天", 900)])
>>> lm.logprob("泥鳅") > lm.logprob("泥湫")
True
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ocrfix.resources.table import Table

ORDER = 3
#: Stupid-backoff factor (Brants et al. 2007): score of a shorter context, discounted.
BACKOFF = 0.4
#: n-grams (n ≥ 2) seen with a weighted count below this are dropped: they are noise, and they
#: make up most of the model's size.
MIN_COUNT = 3
_LOG_BACKOFF = math.log10(BACKOFF)
BOUNDARY = "\x02"  # marks a word start/end, so the model knows which characters begin words


#: The running scores of :meth:`CharLM._advance`: inside a word, just after a word's end, one
#: character into a word; and the last two characters read and the last one.
_State = tuple[float, float, float, str, str]


def _start(bos: bool) -> _State:
    dead = -math.inf
    return (dead, 0.0, dead, "", "") if bos else (0.0, dead, dead, "", "")


def _read_out(state: _State, eos: bool) -> float:
    inside, ended, opened = state[:3]
    return ended if eos else max(inside, ended, opened)


class CharLM:
    """Character n-gram counts with stupid-backoff scoring (log10 scale)."""

    def __init__(self, counts: Table, total: int, vocab: int, order: int = ORDER):
        self.table = counts
        self.total = total
        self.vocab = vocab
        self.order = order
        # A page asks for the same few thousand n-grams over and over; the trie lookup costs
        # ~1 µs, a dict hit 0.05 µs.
        self._memo: dict[str, float] = {}
        self._segmented: dict[tuple[str, bool, bool], float] = {}
        self._left: dict[tuple[str, bool], _State] = {}  # (text, bos) → scores after reading it
        # The denominators of _compute (a context of one or two characters, or a lone
        # character) recur on every page: remembered, they cost a dict hit, not a trie walk.
        self._counts: dict[str, int] = {}
        self._trie_get = counts.trie.get  # bound once: the hot path of a first-seen n-gram
        self._columns = counts.columns
        self._width = counts.width

    def count(self, gram: str) -> int:
        """The weighted count of ``gram`` (0 if unseen)."""
        try:
            i = self._trie_get(gram)
        except UnicodeEncodeError:  # a lone surrogate is no key of the trie
            return 0
        return 0 if i is None else self._columns[i * self._width]

    def _known(self, gram: str) -> int:
        """:meth:`count`, remembered (for the short grams that recur: contexts, characters)."""
        got = self._counts.get(gram)
        if got is None:
            if len(self._counts) > 200_000:
                self._counts.clear()
            got = self._counts[gram] = self.count(gram)
        return got

    def _score(self, context: str, ch: str) -> float:
        """The score of ``ch`` after ``context``, for a pair that is not in the memo: computed
        and remembered (every caller reads the memo first, without a call, and calls this on a
        miss; the memo's key ``context + ch`` names the pair, ``ch`` being one character)."""
        memo = self._memo
        if len(memo) > 1_000_000:
            memo.clear()  # bounded: a service repairs text for days
        got = memo[context + ch] = self._compute(context, ch)
        return got

    def _compute(self, context: str, ch: str) -> float:
        # :meth:`count` and :meth:`_known` written out: every n-gram a page reads first comes
        # here, one to three trie lookups each
        get, columns, width, known = self._trie_get, self._columns, self._width, self._counts
        penalty = 0.0
        while context:
            try:
                i = get(context + ch)
            except UnicodeEncodeError:  # a lone surrogate is no key of the trie
                i = None
            c = 0 if i is None else columns[i * width]
            if c:
                d = known.get(context)
                return penalty + math.log10(c / (self._known(context) if d is None else d))
            context = context[1:]
            penalty += _LOG_BACKOFF
        d = known.get(ch)
        c = self._known(ch) if d is None else d
        return penalty + math.log10((c + 0.5) / (self.total + 0.5 * self.vocab))

    def logprob(self, text: str, bos: bool = False, eos: bool = False) -> float:
        """log10 P(text); with ``bos``/``eos`` the text is taken as a whole word."""
        seq = (BOUNDARY if bos else "") + text + (BOUNDARY if eos else "")
        memo, score, reach = self._memo, self._score, self.order - 1
        total: float = 0  # summed left to right from 0, as sum() does
        for i in range(1 if bos else 0, len(seq)):
            key = seq[max(0, i - reach) : i + 1]  # _score's memo key, read without the call
            got = memo.get(key)
            total += score(key[:-1], key[-1]) if got is None else got
        return total

    def join_gain(self, left: str, right: str, k: int = 3) -> float:
        """How much more likely ``left`` and ``right`` are read as one string than as two.

        Positive when the characters across the boundary form known n-grams (``遴选工`` + ``作``).
        """
        a, b = left[-k:], right[:k]
        if not a or not b:
            return 0.0
        return self.logprob(a + b) - self.logprob(a) - self.logprob(b)

    def segmented_logprob(self, text: str, bos: bool = False, eos: bool = False) -> float:
        """log10 P(text) read as a run of words: the likeliest placing of word boundaries
        (Viterbi), each boundary paid for by the model (``参与|小区`` rather than one word).

        >>> lm = char_lm()
        >>> lm.segmented_logprob("参与小区") > lm.logprob("参与小区")
        True
        """
        key = (text, bos, eos)
        got = self._segmented.get(key)
        if got is None:
            if len(self._segmented) > 200_000:
                self._segmented.clear()
            got = self._segmented[key] = self._viterbi(text, bos, eos)
        return got

    def _viterbi(self, text: str, bos: bool, eos: bool) -> float:
        """:meth:`segmented_logprob` for a trigram model: three running scores instead of a
        dict of states, each n-gram read from the memo without a call (the same n-grams, the
        same sums: ``参与`` + ``小区`` reads P(与|B参), P(B|参与), … as :meth:`_viterbi_states`)."""
        if self.order != 3 or not text or BOUNDARY in text:
            return self._viterbi_states(text, bos, eos)
        return _read_out(self._advance(_start(bos), text), eos)

    def _advance(self, state: _State, text: str) -> _State:
        """The Viterbi scores after reading ``text`` on from ``state``."""
        memo, score, edge, dead = self._memo, self._score, BOUNDARY, -math.inf
        # inside a word (context: the last two characters), just after a word's end (context:
        # the boundary), one character into a word (context: the boundary and that character)
        inside, ended, opened, two, one = state
        for ch in text:
            new_inside = new_opened = new_ended = dead
            if inside > dead:
                key = two + ch
                got = memo.get(key)
                new_inside = inside + (score(two, ch) if got is None else got)
            if opened > dead:
                key = edge + one + ch
                got = memo.get(key)
                s = opened + (score(edge + one, ch) if got is None else got)
                new_inside = max(new_inside, s)
            if new_inside > dead:  # a word may end at ch
                key = one + ch + edge
                got = memo.get(key)
                new_ended = new_inside + (score(one + ch, edge) if got is None else got)
            if ended > dead:  # ch starts a word
                key = edge + ch
                got = memo.get(key)
                new_opened = ended + (score(edge, ch) if got is None else got)
                key = edge + ch + edge
                got = memo.get(key)
                s = new_opened + (score(edge + ch, edge) if got is None else got)
                new_ended = max(new_ended, s)
            inside, opened, ended = new_inside, new_opened, new_ended
            two, one = one + ch, ch  # (the up to two characters before the next one)
        return inside, ended, opened, two, one

    def _viterbi_states(self, text: str, bos: bool, eos: bool) -> float:
        """The Viterbi search over any order: a dict of states (contexts) and their scores."""
        keep = self.order - 1
        memo, score = self._memo, self._score
        states = {BOUNDARY if bos else "": 0.0}  # context (last symbols) -> best score
        for ch in text:
            nxt: dict[str, float] = {}
            ended = -math.inf  # the best score with a word ending at ch
            for ctx, before in states.items():
                key = ctx + ch  # _score's memo key, read here without the call
                p = memo.get(key)
                s1 = before + (score(ctx, ch) if p is None else p)
                c1 = key[-keep:]
                if s1 > nxt.get(c1, -math.inf):
                    nxt[c1] = s1
                end = c1 + BOUNDARY
                p = memo.get(end)
                s2 = s1 + (score(c1, BOUNDARY) if p is None else p)  # a word ends; the next starts
                if s2 > ended:
                    ended = s2
            if ended > nxt.get(BOUNDARY, -math.inf):
                nxt[BOUNDARY] = ended
            states = nxt
        return states[BOUNDARY] if eos else max(states.values())

    def break_gain(
        self, left: str, right: str, left_starts_word: bool = False, right_ends_word: bool = False
    ) -> float:
        """How much likelier ``left`` + ``right`` reads as one text than as two, with word
        boundaries placed where they fit best on each side (log10).

        :meth:`join_gain` reads across the break as inside one word, so any two words in a row
        pay three back-offs (about −1.2). Here a word boundary may fall anywhere, the break
        included, and is paid for as often as the model's words end and start there: an
        ordinary boundary (``加快|培育``) scores about 0, a word across the break
        (``遴选工|作``, ``参与小|区``) scores up, and a right side that rarely starts a word
        (``史`` of ``党史``) scores down unless the left side completes it. Punctuation next to
        a fragment is a word edge the caller passes on: ``顾发`` after ``、`` starts a word,
        ``作`` before ``。`` ends one.

        >>> lm = char_lm()
        >>> lm.break_gain("遴选工", "作", right_ends_word=True) > 1
        True
        >>> abs(lm.break_gain("加快", "培育")) < 0.5
        True
        >>> lm.break_gain("加快", "作", right_ends_word=True) < 0 < lm.break_gain("党", "史教育")
        True
        """
        a, b = left[-self.order :], right[: self.order]
        if not a or not b:
            return 0.0
        bos = left_starts_word and a == left  # (a word edge only holds for the whole fragment)
        eos = right_ends_word and b == right
        seg = self.segmented_logprob
        return self._joined(a, b, bos, eos) - seg(a, bos) - seg(b, False, eos)

    def _joined(self, a: str, b: str, bos: bool, eos: bool) -> float:
        """``segmented_logprob(a + b, bos, eos)``, read on from the scores after ``a``: the
        callers pair each line's end with the starts of eight lines or more (the period of
        columns printed in turn), and the same scores up to the break are read once."""
        key = (a + b, bos, eos)
        got = self._segmented.get(key)
        if got is None:
            if self.order != 3 or BOUNDARY in key[0]:
                return self.segmented_logprob(*key)
            state = self._left.get((a, bos))
            if state is None:
                if len(self._left) > 200_000:
                    self._left.clear()
                state = self._left[a, bos] = self._advance(_start(bos), a)
            if len(self._segmented) > 200_000:
                self._segmented.clear()
            got = self._segmented[key] = _read_out(self._advance(state, b), eos)
        return got

    def char_prob(self, text: str, i: int) -> float:
        """log10 P(text[i] | up to ORDER-1 characters before it)."""
        key = text[max(0, i - self.order + 1) : i + 1]  # context + character: _score's key
        got = self._memo.get(key)
        return self._score(key[:-1], key[-1]) if got is None else got


def build_model(words: Iterable[tuple[str, int]], order: int = ORDER) -> CharLM:
    """Count character n-grams (1..order) inside frequency-weighted words."""
    counts: Counter[str] = Counter()
    for word, freq in words:
        seq = BOUNDARY + word + BOUNDARY
        for n in range(1, order + 1):
            for i in range(len(seq) - n + 1):
                counts[seq[i : i + n]] += freq
    kept = {g: (c,) for g, c in counts.items() if len(g) == 1 or c >= MIN_COUNT}
    unigrams = [g for g in kept if len(g) == 1]
    total = sum(kept[g][0] for g in unigrams)
    return CharLM(Table.build(kept, 1), total, len(unigrams), order)


def save(lm: CharLM, folder: Path) -> dict[str, int]:
    """Write the model's table to ``folder``; its scalars are returned for the manifest."""
    lm.table.save(folder / "charlm")
    return {"total": lm.total, "vocab": lm.vocab, "order": lm.order}


@cache
def char_lm() -> CharLM:
    """The shipped model, memory-mapped once per process."""
    from ocrfix.resources.shipped import load_charlm

    return load_charlm()
