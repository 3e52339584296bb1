"""``typos``: spot characters that OCR misread for a look-alike, and suggest the right one.

OCR errors in Chinese are visual: 泥湫 for 泥鳅 (湫/鳅 share 秋), 鄱县 for 酃县, 绩密 for 缜密,
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

Where none of a character's 50 nearest look-alikes makes a word, ``visual-distant`` tries the
next 200 (修莫一新 → 修葺一新: 葺 is 莫's 103rd), with a confidence lowered as measured on the
tune split: most of them stay below the flag threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import regex

from ocrfix.edits import Edit, PassResult, sort_edits
from ocrfix.errors import OcrfixError
from ocrfix.passes.typos.detector import Candidate, Detector
from ocrfix.passes.typos.names import protected_spans
from ocrfix.passes.typos.places import PLACE_RULE_SUFFIXES, place_candidates
from ocrfix.registry import Range, register
from ocrfix.resources.charlm import CharLM, char_lm
from ocrfix.resources.confusion import LATIN_DIGITS, ConfusionSet, read_pairs_file
from ocrfix.resources.grams import LEVELS, PERSON_COVER
from ocrfix.resources.script import is_traditional
from ocrfix.resources.wordlist import WordList, wordlist

NAME = "typos"

_HAN_RUN = regex.compile(r"\p{Han}+")
_NUMBER = regex.compile(r"(?<![A-Za-z])[0-9OoDQlI|iZzSsbGBgq]{2,}(?![A-Za-z])")
_NUM_CONTEXT = regex.compile(r"[\p{Han}%．.,:]")
_UNIT = regex.compile(r"[年月日号时分秒元万亿%‰个岁米吨]")
_INNER_LETTERS = frozenset("OoDlI|SBZ")
_EDGE_LETTERS = frozenset("OolI")


@dataclass(frozen=True)
class TyposOptions:
    """Options of ``typos``.

    mode: ``flag`` only suggests (text unchanged); ``apply`` applies suggestions with a
        confidence of at least ``apply_threshold``.
    flag_threshold: suggestions below this confidence are dropped.
    apply_threshold: in ``apply`` mode, suggestions of at least this confidence are applied,
        the others flagged.
    k: how many visual neighbours of a character are tried.
    min_word_freq: a candidate must make a word at least this frequent.
    allow_words: words never changed (names, local terms).
    allow_file: a file of such words, one a line (in the profile's folder).
    pairs_file: extra confusion pairs, ``a<TAB>b`` per line.
    protect_titles: leave alone names after a title (``市委书记曹慧泉``), bylines and credits,
        and the names before an organisation's suffix.
    latin_digits: suggest digits for Latin letters inside numbers (2O23年 → 2023年).
    places: the ``visual-place`` rule (鄱县 → 酃县: a look-alike makes a known place name).
    """

    mode: Literal["flag", "apply"] = "flag"
    flag_threshold: Annotated[float, Range(0, 1)] = 0.65
    apply_threshold: Annotated[float, Range(0, 1)] = 0.65
    k: Annotated[int, Range(1)] = 50
    min_word_freq: int = 20
    allow_words: tuple[str, ...] = ()
    allow_file: str = ""
    pairs_file: str = ""
    protect_titles: bool = True
    latin_digits: bool = True
    places: bool = True


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
    text: str,
    options: TyposOptions,
    det: Detector | None = None,
    best_only: bool = True,
    floor: float = 0.0,
) -> list[Candidate]:
    """The best candidate at each suspect character (all of them unless ``best_only``) of a
    confidence of ``floor`` or more; by default with every confidence (for tuning and
    reports)."""
    det = det or load(options)
    cover = det.words.cover(text)  # every word of every Han run, in one sweep of the page
    levels = cover.tobytes().translate(LEVELS)  # Detector.coverage, a byte a character
    known = (cover & PERSON_COVER).astype(bool).tolist()  # inside a known person's name
    mask = protected_spans(text, _allow_words(options), known, options.protect_titles)
    out: list[Candidate] = []
    for m in _HAN_RUN.finditer(text):
        run, off = m.group(), m.start()
        if len(run) < 2:
            continue
        covered = levels[off : off + len(run)]
        if 0 not in covered:
            continue  # every character belongs to a word: nothing suspect in this run
        by_pos: dict[int, list[Candidate]] = {}  # place candidates, in the page's offsets
        if options.places and not PLACE_RULE_SUFFIXES.isdisjoint(run):
            lead = off == 0 or text[off - 1] not in "\n\r \t\u3000"  # not a broken line
            for c in place_candidates(det, run, covered, lead):
                by_pos.setdefault(c.pos, []).append(
                    c._replace(start=c.start + off, end=c.end + off, pos=c.pos + off)
                )
        for i in _uncovered(covered):
            if mask[off + i]:
                continue
            cands = det.candidates(run, i, covered, off, floor)
            if i in by_pos:
                cands += by_pos[i]
            if not cands:
                continue
            cands = [c for c in cands if not any(mask[c.start : c.end])]
            if cands and best_only:
                cands = [max(cands, key=lambda c: c.confidence)]
            out.extend(cands)
    return out


def _uncovered(covered: bytes) -> Iterator[int]:
    """The positions of a run's characters outside every word (level 0), found in C.

    >>> list(_uncovered(bytes([1, 1, 0, 2, 0])))
    [2, 4]
    """
    i = covered.find(0)
    while i >= 0:
        yield i
        i = covered.find(0, i + 1)


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
        "visual-distant": ("distant look-alike typo", "distant look-alike typos"),
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
    # below this, not even the page's support lifts a candidate to a suggestion
    floor = options.flag_threshold - SUPPORT
    candidates = [
        c
        for c in (find_candidates(text, options, floor=floor) if _HAN_RUN.search(text) else [])
        if c.confidence + SUPPORT >= options.flag_threshold
        # the look-alikes and words are simplified: no suggestion for traditional text
        and not is_traditional(text[max(0, c.start - _REACH) : c.end + _REACH])
    ]
    stems = [_stems(text[c.start : c.end], c) for c in candidates]
    counts = _occurrences(text, {s for pair in stems for s in pair})
    for c, (orig_stem, word_stem) in zip(candidates, stems, strict=True):
        orig = text[c.start : c.end]
        kind = "a known place" if c.rule == "visual-place" else "a word"
        alike = "look a little alike" if c.rule == "visual-distant" else "look alike"
        why = f"{orig} is not a word, {c.word} is {kind}; {text[c.pos]}/{c.char} {alike}"
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


#: Up to this many strings, each is counted with its own scan of the text (in C); past it, the
#: text is swept once per length.
_FEW = 64


def _occurrences(text: str, strings: set[str]) -> dict[str, int]:
    """How often each string occurs in ``text``, counted as ``str.count`` does (left to right,
    without overlap), in one sweep of the text per length: a scan of the whole text for each of
    a long document's thousands of candidates would make the pass quadratic.

    >>> _occurrences("泥湫泥湫湫", {"泥湫", "湫湫", "泥鳅"})
    {'泥湫': 2, '泥鳅': 0, '湫湫': 1}
    >>> many = {f"泥{chr(0x4E00 + i)}" for i in range(_FEW)} | {"泥湫", "湫湫"}
    >>> {k: v for k, v in _occurrences("泥湫泥湫湫", many).items() if v}
    {'泥湫': 2, '湫湫': 1}
    """
    if len(strings) <= _FEW:  # str.count reads a page in microseconds
        return {s: text.count(s) for s in sorted(strings)}
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
