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
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import regex

from ocrfix.edits import Edit, PassResult, sort_edits
from ocrfix.errors import OcrfixError
from ocrfix.passes._typo_names import SURNAMES, protected_spans
from ocrfix.registry import register
from ocrfix.resources.charlm import CharLM, char_lm
from ocrfix.resources.confusion import LATIN_DIGITS, ConfusionSet, read_pairs_file
from ocrfix.resources.wordlist import WordList, wordlist

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

#: Logistic weights over the features of :meth:`Detector.candidates`: bias; LM gain of the context
#: around the new word (inside it the word list knows better: the LM has never seen 酃县); log10
#: word frequency; log10 frequency of the suspect as a one-character word; visual similarity; the
#: partner character belongs to another word; log10 frequency of the candidate as a one-character
#: word; log10 character counts of the suspect and of the candidate; log10 number of candidates;
#: a place name ending in 县/市/区/镇…; the span is an island between words; the share of
#: characters outside words nearby. Fitted by benchmarks/glyphs/tune_typos.py on the tuning split
#: only (Tesseract pages with an even crc32 + OCR'd word lists from ocr_confusions.py).
WEIGHTS = (
    -15.467, 1.039, 1.128, -0.148, 16.856, -1.777, -0.119, 0.326, -0.675, -2.183, -2.944, 0.569,
    -0.327,
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
    """

    mode: Literal["flag", "apply"] = "flag"
    flag_threshold: float = 0.3
    apply_threshold: float = 0.6
    k: int = 50
    min_word_freq: int = 20
    allow_words: tuple[str, ...] = ()
    allow_file: str = ""
    pairs_file: str = ""
    protect_titles: bool = True
    latin_digits: bool = True


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


class Detector:
    """The loaded data of the pass: word list, language model, confusion set, indices."""

    def __init__(self, words: WordList, lm: CharLM, confusions: ConfusionSet, min_freq: int):
        self.words = words
        self.lm = lm
        self.confusions = confusions
        self.min_freq = min_freq
        self.names = words.places | words.persons
        nxt: dict[str, set[str]] = {}
        prv: dict[str, set[str]] = {}
        for w, f in words.words.items():
            if len(w) == 2 and f >= min_freq:
                nxt.setdefault(w[0], set()).add(w[1])
                prv.setdefault(w[1], set()).add(w[0])
        self.next = {k: frozenset(v) for k, v in nxt.items()}
        self.prev = {k: frozenset(v) for k, v in prv.items()}

    def coverage(self, run: str) -> list[int]:
        """Which characters of a Han run belong to some word of 2..4 characters: 0 none, 1 a
        word, 2 a person or place name (a name is never broken to make a word)."""
        n = len(run)
        covered = [0] * n
        words = self.words.words
        names = self.names
        for s in range(n - 1):
            for length in (2, 3, 4):
                e = s + length
                if e > n:
                    break
                w = run[s:e]
                if w in words:
                    level = 2 if w in names else 1
                    for j in range(s, e):
                        covered[j] = max(covered[j], level)
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
        places = self.words.places
        if word[-1] in PLACE_SUFFIXES and word not in places:
            return True
        if e < len(run) and run[e] in PLACE_SUFFIXES:
            return not (word + run[e] in self.words.words or word in places)
        return False

    def candidates(self, run: str, i: int, covered: Sequence[int]) -> list[Candidate]:
        """Scored look-alike substitutions of ``run[i]`` that make a two-character word."""
        x = run[i]
        nb = self.confusions.neighbours(x)
        if not nb or self.words.single(x) >= FUNCTION_WORD_FREQ:
            return []
        found: list[tuple[int, int, str, str, bool]] = []
        keys = nb.keys()
        if i > 0 and covered[i - 1] < 2:
            for c in keys & self.next.get(run[i - 1], frozenset()):
                found.append((i - 1, i + 1, run[i - 1] + c, c, covered[i - 1] > 0))
        if i + 1 < len(run) and covered[i + 1] < 2:
            for c in keys & self.prev.get(run[i + 1], frozenset()):
                found.append((i, i + 2, c + run[i + 1], c, covered[i + 1] > 0))
        out: list[Candidate] = []
        if not found:
            return out
        s0, e0 = max(0, i - 2), min(len(run), i + 3)
        base = self.lm.logprob(run[s0:e0])
        counts = self.lm.counts
        single = math.log10(self.words.single(x) + 1)
        x_uni = math.log10(counts.get(x, 0) + 1)
        n_cands = math.log10(len(found))
        lo, hi = max(0, i - 5), min(len(run), i + 6)
        density = sum(1 for j in range(lo, hi) if not covered[j]) / (hi - lo)
        for s, e, word, c, partner_covered in found:
            if self._name_like(run, i, s, e, covered) or self._place_like(run, s, e, word):
                continue
            ctx = run[s0:i] + c + run[i + 1 : e0]
            word_gain = self.lm.logprob(word) - self.lm.logprob(run[s:e])
            ctx_gain = self.lm.logprob(ctx) - base - word_gain
            feats = (
                1.0,
                ctx_gain,
                math.log10(self.words.freq(word) + 1),
                single,
                nb[c],
                1.0 if partner_covered else 0.0,
                math.log10(self.words.single(c) + 1),
                x_uni,
                math.log10(counts.get(c, 0) + 1),
                n_cands,
                1.0 if word in self.words.places and word[-1] in ADMIN_SUFFIXES else 0.0,
                1.0 if (s == 0 or covered[s - 1]) and (e == len(run) or covered[e]) else 0.0,
                density,
            )
            z = sum(w * f for w, f in zip(WEIGHTS, feats, strict=True))
            conf = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            out.append(Candidate(s, e, word, i, c, feats, conf))
        return out


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
    mask = protected_spans(text, _allow_words(options), det.words.persons, options.protect_titles)
    out: list[Candidate] = []
    for m in _HAN_RUN.finditer(text):
        run, off = m.group(), m.start()
        if len(run) < 2:
            continue
        covered = det.coverage(run)
        for i in range(len(run)):
            if covered[i] or mask[off + i]:
                continue
            cands = det.candidates(run, i, covered)
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
    for c in find_candidates(text, options) if _HAN_RUN.search(text) else []:
        if c.confidence < options.flag_threshold:
            continue
        orig = text[c.start : c.end]
        why = f"{orig} is not a word, {c.word} is; {text[c.pos]}/{c.char} look alike"
        suggestions.append(
            Edit(c.start, c.end, c.word, NAME, "visual-typo", round(c.confidence, 3), why)
        )
    if options.latin_digits:
        suggestions.extend(_latin_digit_edits(text))
    suggestions = _non_overlapping(suggestions)
    if options.mode == "apply":
        edits = [e for e in suggestions if e.confidence >= options.apply_threshold]
        flags = [e for e in suggestions if e.confidence < options.apply_threshold]
        return PassResult.from_edits(NAME, text, edits, flags=flags)
    return PassResult.from_edits(NAME, text, [], flags=suggestions)


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
