"""``typos``: spot characters that OCR misread for a look-alike, and suggest the right one.

OCR errors in Chinese are visual: 泥湫 for 泥鳅 (湫/鳅 share 秋), 鄱县 for 酃县, 钉劲 for 韧劲,
末/未, 己/已. Spelling checkers built for typed text look for sound-alikes and miss them. This
pass looks at characters that belong to no dictionary word in their context (jieba + pycorrector's
word list + person and place names), tries their visual neighbours
(:mod:`ocrfix.resources.confusion`) and keeps a candidate when it makes a frequent word with a
neighbouring character. Candidates are scored by a logistic model over the character language
model's gain around the new word (:mod:`ocrfix.resources.charlm`), its frequency, how common the
suspect character is, the visual similarity and a few context signals; the score is the
confidence.

Names are protected: text after titles (记者/通讯员/书记/市长…), inside bylines, a surname followed
by characters outside words, known person and place names and the user's allow-list are never
touched (曹慧泉 does not become 曹汇泉).

By default (``mode = "flag"``) nothing is changed: suggestions are returned as flags for the
report, the diff and ``mark_suggestions`` (``泥湫〔泥鳅?〕``). With ``mode = "apply"``
suggestions at or above ``apply_threshold`` are applied. Latin letters inside numbers
(``2O23年``) are a second rule, ``latin-digit``.

A third rule, ``visual-place``, reads place names: a span ending in 省/市/县/区/旗 that is no
known place, where one look-alike of a character gives a name of pycorrector's place list
(鄱县 → 酃县, also 郴县 and 邳县, weighed by the list's counts and by how likely OCR reads one
character for the other at that rank of the look-alike table).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import regex

from ocrfix.edits import Edit, PassResult, sort_edits
from ocrfix.errors import OcrfixError
from ocrfix.passes.typos.names import SURNAMES, protected_spans
from ocrfix.registry import Range, register
from ocrfix.resources.charlm import CharLM, char_lm
from ocrfix.resources.confusion import (
    LATIN_DIGITS,
    ConfusionSet,
    read_pairs_file,
    visual_table,
)
from ocrfix.resources.script import is_traditional
from ocrfix.resources.wordlist import PERSON, PLACE, WORD, WordList, wordlist

NAME = "typos"

_HAN_RUN = regex.compile(r"\p{Han}+")
_NUMBER = regex.compile(r"(?<![A-Za-z])[0-9OoDQlI|iZzSsbGBgq]{2,}(?![A-Za-z])")
_NUM_CONTEXT = regex.compile(r"[\p{Han}%．.,:]")
_UNIT = regex.compile(r"[年月日号时分秒元万亿%‰个岁米吨]")
_INNER_LETTERS = frozenset("OoDlI|SBZ")
_EDGE_LETTERS = frozenset("OolI")

#: Characters that end place names (酃县, 严塘镇): a candidate that ends in one must be a known
#: place, and a candidate right before one must make a known word with it.
PLACE_SUFFIXES = frozenset("省市县区镇乡村州山湖江河路街桥港湾岛")
#: Suffixes of administrative units. A candidate that is a place name ending in one (酃县) is a
#: feature of its own: on the tuning pages such candidates were mostly wrong (local places that
#: no list knows, read correctly, "corrected" into known ones), so it lowers the confidence.
ADMIN_SUFFIXES = frozenset("省市县区镇乡村")
#: A character this frequent as a word on its own (的 是 在 有 …) is read as itself.
FUNCTION_WORD_FREQ = 50_000

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

#: Logistic weights over the features of :meth:`Detector.candidates`: bias; LM gain of the context
#: around the new word (inside it the word list knows better: the LM has never seen 酃县); log10
#: word frequency; log10 frequency of the suspect as a one-character word; visual similarity; the
#: partner character belongs to another word; log10 frequency of the candidate as a one-character
#: word; log10 character counts of the suspect and of the candidate; log10 number of candidates;
#: a place name ending in 县/市/区/镇…; the span is an island between words; the share of
#: characters outside words nearby; log10 frequency of the partner as a one-character word and
#: log10 count of the partner character (贵的, 镇的: a suspect next to 的/要/后 is mostly a word
#: of its own); LM gain inside the new word; log10 number of words the suspect and the partner
#: make in their slots (productive characters make words that no list knows: 微纳, 退捕).
#: Fitted by ``benchmarks/glyphs/tune_typos.py --subs S1 S2 --fit-subs`` on the tuning split only
#: (Tesseract pages with an even crc32 + OCR'd word lists from ocr_confusions.py).
WEIGHTS = (
    -17.213, 0.931, 0.752, -0.041, 17.322, -1.678, 0.073, 1.026, -1.005, -1.169, -2.22, 0.554,
    0.087, 0.034, -0.157, 0.687, -0.37, -0.587,
)  # fmt: skip


@dataclass(frozen=True)
class TyposOptions:
    """Options of ``typos``.

    mode: ``flag`` only suggests (text unchanged); ``apply`` applies suggestions with a
        confidence of at least ``apply_threshold``.
    flag_threshold: suggestions below this confidence are dropped.
    k: how many visual neighbours of a character are tried.
    min_word_freq: a candidate must make a word at least this frequent.
    allow_words: words never changed (names, local terms); ``allow_file``: one word a line.
    pairs_file: extra confusion pairs, ``a<TAB>b`` per line.
    latin_digits: suggest digits for Latin letters inside numbers (2O23年 → 2023年).
    places: the ``visual-place`` rule (鄱县 → 酃县: a look-alike makes a known place name).
    """

    mode: Literal["flag", "apply"] = "flag"
    flag_threshold: Annotated[float, Range(0, 1)] = 0.55
    apply_threshold: Annotated[float, Range(0, 1)] = 0.65
    k: Annotated[int, Range(1)] = 50
    min_word_freq: int = 20
    allow_words: tuple[str, ...] = ()
    allow_file: str = ""
    pairs_file: str = ""
    protect_titles: bool = True
    latin_digits: bool = True
    places: bool = True


@dataclass(frozen=True)
class Candidate:
    """One suggestion: replace ``text[start:end]`` (a word) with ``word``."""

    start: int
    end: int
    word: str
    pos: int
    char: str
    features: tuple[float, ...]
    confidence: float
    rule: str = "visual-typo"


class Detector:
    """The loaded data of the pass: word list, language model, confusion set, indices."""

    def __init__(self, words: WordList, lm: CharLM, confusions: ConfusionSet, min_freq: int):
        self.words = words
        self.lm = lm
        self.confusions = confusions
        self.min_freq = min_freq
        self._next: dict[str, frozenset[str]] = {}
        self._prev: dict[str, frozenset[str]] = {}
        self._rank_cache: dict[str, dict[str, int]] = {}
        self._stats_cache: dict[str, tuple[float, float, float, float]] = {}
        self._lp_cache: dict[str, float] = {}
        self._pairs: dict[tuple[str, str, bool], tuple[str, ...]] = {}

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
        for s, e, f in self.words.matches(run) if matches is None else matches:
            if f & WORD:
                level = 2 if f & (PERSON | PLACE) else 1
                for j in range(s, e):
                    if covered[j] < level:
                        covered[j] = level
        return covered

    @staticmethod
    def _name_like(run: str, i: int, s: int, e: int, covered: Sequence[int]) -> bool:
        """Does the candidate span fall inside a surname + given name outside any word?"""
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

    def candidates(self, run: str, i: int, covered: Sequence[int]) -> list[Candidate]:
        """Scored look-alike substitutions of ``run[i]`` that make a two-character word."""
        x = run[i]
        found: list[tuple[int, int, str, str, bool]] = []
        if i > 0 and covered[i - 1] < 2:
            left = run[i - 1]
            for c in self._pair_chars(left, x, True):
                found.append((i - 1, i + 1, left + c, c, covered[i - 1] > 0))
        if i + 1 < len(run) and covered[i + 1] < 2:
            right = run[i + 1]
            for c in self._pair_chars(right, x, False):
                found.append((i, i + 2, c + right, c, covered[i + 1] > 0))
        out: list[Candidate] = []
        if not found:
            return out
        nb = self.confusions.neighbours(x)
        s0, e0 = max(0, i - 2), min(len(run), i + 3)
        # LM log-probability of the window run[s0:e0] from position i on (the scores before i
        # are the same with any candidate at i, so only the tail is compared)
        window = run[s0:e0]
        tail = range(i - s0, e0 - s0)
        char_prob = self.lm.char_prob
        base = sum(char_prob(window, p) for p in tail)
        lp = self._short_logprob
        single, x_uni, x_next, x_prev = self._char_stats(x)
        n_cands = math.log10(len(found))
        lo, hi = max(0, i - 5), min(len(run), i + 6)
        density = sum(1 for j in range(lo, hi) if not covered[j]) / (hi - lo)
        for s, e, word, c, partner_covered in found:
            if self._name_like(run, i, s, e, covered) or self._place_like(run, s, e, word):
                continue
            partner = run[s] if s < i else run[e - 1]
            c_single, c_uni, _, _ = self._char_stats(c)
            p_single, p_uni, p_next, p_prev = self._char_stats(partner)
            ctx = run[s0:i] + c + run[i + 1 : e0]
            word_gain = lp(word) - lp(run[s:e])
            ctx_gain = sum(char_prob(ctx, p) for p in tail) - base - word_gain
            feats = (
                1.0,
                ctx_gain,
                math.log10(self.words.freq(word) + 1),
                single,
                nb[c],
                1.0 if partner_covered else 0.0,
                c_single,
                x_uni,
                c_uni,
                n_cands,
                1.0 if word[-1] in ADMIN_SUFFIXES and self.words.is_place(word) else 0.0,
                1.0 if (s == 0 or covered[s - 1]) and (e == len(run) or covered[e]) else 0.0,
                density,
                p_single,
                p_uni,
                word_gain,
                # how many words x and the partner make in the slots they have here: an unknown
                # compound of productive characters (微纳, 矮塔) is more often a word the lists lack
                x_prev if s < i else x_next,
                p_next if s < i else p_prev,
            )
            z = math.fsum(map(operator.mul, WEIGHTS, feats))
            conf = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            out.append(Candidate(s, e, word, i, c, feats, conf))
        return out

    def _pair_chars(self, partner: str, x: str, after: bool) -> tuple[str, ...]:
        """The look-alikes ``c`` of ``x`` that make a word with ``partner`` (``partner + c`` when
        ``after``, else ``c + partner``); none for a common one-character word ``x``. Cached:
        a page holds the same character pairs again and again."""
        key = (partner, x, after)
        got = self._pairs.get(key)
        if got is None:
            if len(self._pairs) > 500_000:
                self._pairs.clear()
            got = ()
            if self.words.single(x) < FUNCTION_WORD_FREQ:
                nb = self.confusions.neighbours(x)
                words = self.next_chars(partner) if after else self.prev_chars(partner)
                if words:
                    pool = words.intersection(nb) if len(words) < len(nb) else nb
                    got = tuple(c for c in pool if c in words)
            self._pairs[key] = got
        return got

    def _char_stats(self, ch: str) -> tuple[float, float, float, float]:
        """log10(1 + n) of: ``ch`` as a one-character word, as a character, the words it starts,
        the words it ends (cached)."""
        got = self._stats_cache.get(ch)
        if got is None:
            got = (
                math.log10(self.words.single(ch) + 1),
                math.log10(self.lm.count(ch) + 1),
                math.log10(1 + len(self.next_chars(ch))),
                math.log10(1 + len(self.prev_chars(ch))),
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

    def place_candidates(
        self, run: str, covered: Sequence[int], lead: bool = True
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
        is_word, is_place = self.words.is_word, self.words.is_place
        for j in range(1, len(run)):
            if run[j] not in PLACE_RULE_SUFFIXES or is_word(run[j : j + 2]):
                continue  # 县域, 市场: the suffix starts a word
            for s in range(j - 1, max(-1, j - 3), -1):
                span = run[s : j + 1]
                if is_word(span) or is_place(span):
                    break  # a known word or place: leave it (and anything longer)
                if not ((s == 0 and lead) or (s > 0 and covered[s - 1])):
                    continue  # inside a longer unknown name (茶隘县: not 隘县)
                weights: dict[tuple[int, str], float] = {}
                for tagged in (False, True):
                    for i in range(s, j):
                        x = run[i]
                        if covered[i] or self.words.single(x) >= PLACE_RULE_MAX_SINGLE:
                            continue  # 两县, 型县: a word of its own in front of 县
                        nb = self.confusions.neighbours(x)
                        order = self._ranks(x, nb)
                        for c in nb:
                            name = span[: i - s] + c + span[i - s + 1 :]
                            count = self.words.place_count(name, tagged)
                            if count is not None and not _UNIT_WORDS.issuperset(name):
                                mass = _rank_mass(order.get(c))
                                weights[(i, c)] = mass * (count + 1)
                    if weights:
                        break  # jieba's looser list only when the place-name list has none
                if not weights:
                    continue
                total = sum(weights.values())
                (i, c), best = max(weights.items(), key=lambda kv: kv[1])
                name = span[: i - s] + c + span[i - s + 1 :]
                feats = (best / total, float(len(weights)))
                out.append(Candidate(s, j + 1, name, i, c, feats, best / total, "visual-place"))
        return out

    def _ranks(self, x: str, nb: dict[str, float]) -> dict[str, int]:
        got = self._rank_cache.get(x)
        if got is None:
            entry = visual_table().get(x)
            table = entry[0][: self.confusions.k] if entry and self.confusions.use_table else ""
            got = {c: r for r, c in enumerate(table, 1)}
            self._rank_cache[x] = got
        return got


def _rank_mass(rank: int | None) -> float:
    """:data:`RANK_MASS` at ``rank`` (None: a pair from outside the glyph table)."""
    if rank is None:
        return OFF_TABLE_MASS
    for upto, mass in RANK_MASS:
        if rank <= upto:
            return mass
    return RANK_MASS[-1][1]


@cache
def _detector(k: int, min_freq: int, pairs_file: str) -> Detector:
    pairs = read_pairs_file(pairs_file) if pairs_file else []
    confusions = ConfusionSet.default(k, pairs)
    confusions.neighbours("鳅")  # load the glyph table and pycorrector's groups now
    return Detector(wordlist(), char_lm(), confusions, min_freq)


def load(options: TyposOptions | None = None) -> Detector:
    """The detector for ``options``, loaded once per process (~1.5 s: LM, word list, tables)."""
    o = options or TyposOptions()
    return _detector(o.k, o.min_word_freq, o.pairs_file)


def _allow_words(options: TyposOptions) -> set[str]:
    words = {w for w in options.allow_words if w}
    if options.allow_file:
        try:
            lines = Path(options.allow_file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise OcrfixError(f"cannot read allow-list {options.allow_file}: {exc}") from None
        words.update(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))
    return words


def find_candidates(
    text: str, options: TyposOptions, det: Detector | None = None, best_only: bool = True
) -> list[Candidate]:
    """The best candidate at each suspect character (all of them unless ``best_only``), with
    confidences below the thresholds too (for tuning and reports)."""
    det = det or load(options)
    found: dict[str, list[tuple[int, int, int]]] = {}  # each run's words, walked once

    def words_in(run: str) -> list[tuple[int, int, int]]:
        got = found.get(run)
        if got is None:
            got = found[run] = det.words.matches(run)
        return got

    def persons_in(run: str) -> list[tuple[int, int]]:
        return [(s, e) for s, e, f in words_in(run) if f & PERSON]

    mask = protected_spans(text, _allow_words(options), persons_in, options.protect_titles)
    out: list[Candidate] = []
    for m in _HAN_RUN.finditer(text):
        run, off = m.group(), m.start()
        if len(run) < 2:
            continue
        covered = det.coverage(run, words_in(run))
        by_pos: dict[int, list[Candidate]] = {}
        if options.places and not PLACE_RULE_SUFFIXES.isdisjoint(run):
            lead = off == 0 or text[off - 1] not in "\n\r \t\u3000"  # not a broken line
            for c in det.place_candidates(run, covered, lead):
                by_pos.setdefault(c.pos, []).append(c)
        for i in range(len(run)):
            if covered[i] or mask[off + i]:
                continue
            cands = det.candidates(run, i, covered)
            if i in by_pos:
                cands += by_pos[i]
            if not cands:
                continue
            cands = [c for c in cands if not any(mask[off + j] for j in range(c.start, c.end))]
            if cands and best_only:
                cands = [max(cands, key=lambda c: c.confidence)]
            out.extend(
                Candidate(
                    c.start + off,
                    c.end + off,
                    c.word,
                    c.pos + off,
                    c.char,
                    c.features,
                    c.confidence,
                    c.rule,
                )
                for c in cands
            )
    return out


def _latin_digit_edits(text: str) -> list[Edit]:
    """Letters read for digits: inside a number (2O23, 1S0), or O/o/l/I at the edge of a number
    followed by a unit (l0月, 2O年). 5G, 4S店, 3D, B2B are left alone."""
    edits = []
    for m in _NUMBER.finditer(text):
        token = m.group()
        if not any(ch.isdigit() for ch in token) or token.isdigit():
            continue
        s, e = m.span()
        before, after = text[s - 1 : s], text[e : e + 1]
        if not (_NUM_CONTEXT.match(before) or _NUM_CONTEXT.match(after)):
            continue
        fixes = {}
        for j, ch in enumerate(token):
            if ch not in LATIN_DIGITS:
                continue
            left = token[j - 1] if j > 0 else ""
            right = token[j + 1] if j + 1 < len(token) else ""
            inner = left.isdigit() and right.isdigit()
            at_edge = (not left and right.isdigit()) or (left.isdigit() and not right)
            edge = at_edge and ch in _EDGE_LETTERS and _UNIT.match(after) is not None
            if (inner and ch in _INNER_LETTERS) or edge:
                fixes[j] = LATIN_DIGITS[ch]
        fixed = "".join(fixes.get(j, ch) for j, ch in enumerate(token))
        why = f"Latin letter in a number: {token} → {fixed}"
        for j, digit in fixes.items():
            edits.append(Edit(s + j, s + j + 1, digit, NAME, "latin-digit", 0.9, why))
    return edits


@register(
    NAME,
    options=TyposOptions,
    rules={
        "visual-typo": ("look-alike typo", "look-alike typos"),
        "visual-place": ("look-alike place name", "look-alike place names"),
        "latin-digit": ("letter-for-digit fix", "letter-for-digit fixes"),
    },
)
def typos(text: str, options: TyposOptions = TyposOptions()) -> PassResult:
    """Suggest fixes for look-alike OCR typos: ``泥湫`` → ``泥鳅``, ``鄱县`` → ``酃县``.

    >>> det = Detector(*_demo_data())  # a toy word list; the pass loads the real one
    >>> [c.word for c in find_candidates("养殖泥湫", TyposOptions(), det)]
    ['泥鳅']
    >>> [e.replacement for e in _latin_digit_edits("时间：2O23年l0月")]
    ['0', '1']
    """
    suggestions: list[Edit] = []
    candidates = [
        c
        for c in (find_candidates(text, options) if _HAN_RUN.search(text) else [])
        # below this, not even the page's support lifts a candidate to a suggestion
        if c.confidence + SUPPORT >= options.flag_threshold
        # the look-alikes and words are simplified: no suggestion for traditional text
        and not is_traditional(text[max(0, c.start - _REACH) : c.end + _REACH])
    ]
    stems = [_stems(text[c.start : c.end], c) for c in candidates]
    counts = _occurrences(text, {s for pair in stems for s in pair})
    for c, (orig_stem, word_stem) in zip(candidates, stems, strict=True):
        orig = text[c.start : c.end]
        kind = "a known place" if c.rule == "visual-place" else "a word"
        why = f"{orig} is not a word, {c.word} is {kind}; {text[c.pos]}/{c.char} look alike"
        confidence, evidence = _page_evidence(orig_stem, word_stem, c.confidence, counts)
        if confidence < options.flag_threshold:
            continue
        suggestions.append(
            Edit(c.start, c.end, c.word, NAME, c.rule, round(confidence, 3), why + evidence)
        )
    if options.latin_digits:
        suggestions.extend(_latin_digit_edits(text))
    suggestions = _non_overlapping(suggestions)
    if options.mode == "apply":
        edits = [e for e in suggestions if e.confidence >= options.apply_threshold]
        flags = [e for e in suggestions if e.confidence < options.apply_threshold]
        return PassResult.from_edits(NAME, text, edits, flags=flags)
    return PassResult.from_edits(NAME, text, [], flags=suggestions)


#: How far around a suggestion the script is judged (a page may quote traditional text).
_REACH = 60
#: Confidence the suggested word gains by standing elsewhere on the page.
SUPPORT = 0.15
#: OCR misreads are sporadic; a spelling the page repeats this often is its own word (a place,
#: a name, a term no list has: ``湘X市``, ``《湘X府志》``).
RECURS = 3


def _stems(orig: str, c: Candidate) -> tuple[str, str]:
    """What the page's evidence is counted on: the name without its unit for a place of three
    characters or more (``湘X市``, ``湘X县`` and ``《湘X府志》`` are one name, ``湘X``, three
    times), else the span itself.

    >>> _stems("湘澶市", Candidate(0, 3, "湘潭市", 1, "潭", (), 1.0, "visual-place"))
    ('湘澶', '湘潭')
    """
    if c.rule == "visual-place" and len(orig) >= 3 and c.pos < c.end - 1:
        return orig[:-1], c.word[:-1]
    return orig, c.word


def _page_evidence(
    orig: str, word: str, confidence: float, counts: Mapping[str, int]
) -> tuple[float, str]:
    """Document evidence for a suggestion, from how often the page holds each string
    (``counts``): the suggested word elsewhere on the page supports it (``泥鳅`` on one line,
    ``泥湫`` on another: +``SUPPORT``, fitted on the tune split); the suspect spelling recurring,
    and never the suggested one, vetoes it.

    >>> text = "泥鳅养殖。泥湫养殖户。"
    >>> _page_evidence("泥湫", "泥鳅", 0.6, _occurrences(text, {"泥湫", "泥鳅"}))
    (0.75, '; 泥鳅 is on the page too')
    >>> text = "湘X市人。湘X县城。湘X府志。"
    >>> _page_evidence("湘X", "湘潭", 0.95, _occurrences(text, {"湘X", "湘潭"}))
    (0.0, '; 湘X recurs 3 times on the page, 湘潭 never')
    """
    if counts[word]:
        return min(1.0, confidence + SUPPORT), f"; {word} is on the page too"
    seen = counts[orig]
    if seen >= RECURS:
        return 0.0, f"; {orig} recurs {seen} times on the page, {word} never"
    return confidence, ""


def _occurrences(text: str, strings: set[str]) -> dict[str, int]:
    """How often each string occurs in ``text``, counted as ``str.count`` does (left to right,
    without overlap), in one sweep of the text per length: a scan of the whole text for each of
    a long document's thousands of candidates would make the pass quadratic.

    >>> _occurrences("泥湫泥湫湫", {"泥湫", "湫湫", "泥鳅"})
    {'泥湫': 2, '泥鳅': 0, '湫湫': 1}
    """
    counts = dict.fromkeys(sorted(strings), 0)
    for size in {len(s) for s in strings}:
        wanted = {s for s in strings if len(s) == size}
        free = dict.fromkeys(wanted, 0)  # where the next match of each may start
        for i in range(len(text) - size + 1):
            piece = text[i : i + size]
            if piece in wanted and i >= free[piece]:
                counts[piece] += 1
                free[piece] = i + size
    return counts


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    """Keep the most confident of overlapping suggestions."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: -e.confidence):
        if all(e.end <= k.start or e.start >= k.end for k in kept):
            kept.append(e)
    return sort_edits(kept)


def mark_suggestions(text: str, flags: Iterable[Edit]) -> str:
    """Write suggestions inline for proof-reading: ``泥湫〔泥鳅?〕``.

    >>> mark_suggestions("养殖泥湫、龙虾", [Edit(2, 4, "泥鳅", NAME, "visual-typo", 0.9)])
    '养殖泥湫〔泥鳅?〕、龙虾'
    """
    parts: list[str] = []
    pos = 0
    for e in sort_edits(flags):
        if e.end < pos:
            continue
        parts.append(text[pos : e.end])
        parts.append(f"〔{e.replacement}?〕")
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def mark_result(result: PassResult) -> str:
    """The pass's output with its flags written inline (``--mark``), also in ``apply`` mode.

    Flags never overlap applied edits, so each flag is shifted by the length change of the edits
    before it.

    >>> mark_result(typos("时间：2O23年", TyposOptions(mode="apply", latin_digits=True)))
    '时间：2023年'
    """
    shifted = []
    for f in result.flags:
        delta = sum(
            len(e.replacement) - (e.end - e.start) for e in result.edits if e.end <= f.start
        )
        shifted.append(
            Edit(f.start + delta, f.end + delta, f.replacement, f.pass_name, f.rule,
                 f.confidence, f.reason)
        )  # fmt: skip
    return mark_suggestions(result.output, shifted)


def _demo_data() -> tuple[WordList, CharLM, ConfusionSet, int]:
    """A tiny detector for doctests: no big data loaded."""
    from ocrfix.resources.charlm import build_model
    from ocrfix.resources.wordlist import build_wordlist

    words = [("泥鳅", 354), ("养殖", 900), ("泥土", 500), ("湫", 82), ("鳅", 50)]
    confusions = ConfusionSet(use_table=False, use_stroke=False)
    confusions.add("湫", "鳅", 0.8)
    return build_wordlist(words, [], []), build_model(words), confusions, 20
