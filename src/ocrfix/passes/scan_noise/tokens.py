"""How ``scan-noise`` judges one token of a line: a column rule, a speck, picture noise or text.

A line is cut at whitespace into tokens. :func:`token_verdict` scores one token by its shape and
by what stands beside it: a ``|`` between columns, a lone ``，`` at a line's edge, Latin
gibberish (``IPTetrerreer``) go; ``GDP``, ``A320``, a Markdown bullet stay. :func:`glued_chunks`
finds the Latin gibberish glued to Chinese inside a token that stays (``数的4j%e。``). Both only
give verdicts (:class:`~ocrfix.passes.scan_noise.words.Verdict`) on the tokens of one line: what
a line's verdicts add up to (a noise line, runs of noise, flags) and the edits are the pass's
(:mod:`ocrfix.passes.scan_noise`), and the word lists and scores they rest on are in
:mod:`ocrfix.passes.scan_noise.words`.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ocrfix.chars import HAN, han_count
from ocrfix.layout.lines import letter_spaced
from ocrfix.layout.patterns import RULE_CHARS
from ocrfix.passes.scan_noise.words import CLEAN, NAME, ROMAN, Verdict, latin_score, plain

_PLAIN = regex.compile("[^A-Za-z" + RULE_CHARS + r"\[\]{}]{4,}")
CJK_PUNCT = regex.compile(r"[，。、；：？！“”‘’（）《》〈〉…—]")
_RULE_TOKEN = regex.compile("[" + RULE_CHARS + r"\[\]{}]+")
_EDGE_RULE = frozenset({"1", "l", "I", "!", "j", "i", "J"})
_SPECK_TOKEN = regex.compile(r"[，,;；:：.\-_~*`'^}{\]>=+\\/、【】&@" + RULE_CHARS + "]{1,3}")
LATIN = regex.compile(r"[A-Za-z]")
_CAPITAL = regex.compile(r"[A-Z]\d*")
_RULE_MARKS = regex.compile(r"[\p{P}\p{S}]{0,2}[" + RULE_CHARS + r"][\p{P}\p{S}]{0,2}")
_GLUED = regex.compile(r"[\p{Han}，。、；：？！“”（）《》]")
#: A Latin word and one space right before a chunk (``Van`` before ``An``).
_WORD_BEFORE = regex.compile(r"(\p{Latin}+) $")
#: A run of Latin letters (accented ones too: Björn) and digits.
_CHUNK = regex.compile(r"[\p{Latin}0-9][\p{Latin}0-9.&'-]*")
# Bounded repeats: a search over a megabyte-long token must not try every start to the end.
_PROTECTED = regex.compile(
    r"(?:https?|ftp)://|www\.|[\w.+-]{1,64}@[\w-]{1,63}\."
    r"|[\w-]{1,63}\.(?:com|cn|net|org|gov|edu|io)\b"
)
_MD_BULLET = regex.compile(r"[-*+>]|\d{1,3}[.)]")


def token_verdict(
    i: int,
    toks: list[tuple[int, int, str]],
    body: str,
    han: int,
    english: bool,
    allow: frozenset[str],
    table_row: bool,
    opener_at: int,
) -> Verdict:
    s, e, tok = toks[i]
    if _PLAIN.fullmatch(tok):
        return CLEAN  # four or more characters, no Latin, no rule: text, judged glued or by cell
    gap_before = i == 0 or _gap(body, toks[i - 1], s)
    gap_after = i == len(toks) - 1 or _gap(body, toks[i + 1], e)
    edge = gap_before or gap_after  # at a line's edge or next to a column gap
    chinese = han - han_count(tok) >= 4
    if _RULE_TOKEN.fullmatch(tok):
        if table_row or (tok in "[]{}" and not chinese):
            return CLEAN
        return Verdict(0.95, "rule-line", f"column rule {tok!r}")
    if tok in _EDGE_RULE and (i == 0 or i == len(toks) - 1) and chinese and not english:
        side = toks[i - 1][2][-1] if i else toks[i + 1][2][0] if len(toks) > 1 else ""
        if side and (HAN.match(side) or CJK_PUNCT.match(side)):
            return Verdict(0.75, "rule-line", f"column rule read as {tok!r}")
        return CLEAN
    if _RULE_MARKS.fullmatch(tok) and not table_row:
        return Verdict(0.9, "rule-line", f"column rule with marks {tok!r}")
    if tok in (")", "）") and edge and chinese and opener_at > s:
        return Verdict(0.75, "speck", f"lone {tok!r} closing nothing")
    if _SPECK_TOKEN.fullmatch(tok) and chinese:
        if i == 0 and (_MD_BULLET.fullmatch(tok) or tok == ">"):
            return CLEAN  # Markdown bullet or quote
        if edge:
            return Verdict(0.85, "speck", f"lone {tok!r} at a line or column edge")
        # in a line pdftotext set letter by letter every mark stands alone (``料 ； 不 提``); an
        # ASCII mark there is still a speck: OCR spaces every character too
        printed = tok in "；：" and letter_spaced(body.strip())
        if tok in (";", "；", ":", "：", "_", "~") and not printed:
            left, right = toks[i - 1][2][-1], toks[i + 1][2][0]
            if HAN.match(left) and HAN.match(right):
                return Verdict(0.7, "speck", f"lone {tok!r} between columns")
        return CLEAN
    if LATIN.search(tok) is None or _PROTECTED.search(tok):
        lone = len(tok) == 1 and gap_before and gap_after and chinese
        if lone and (tok.isdigit() or _SPECK_TOKEN.fullmatch(tok)):
            return Verdict(0.75, "speck", f"lone {tok!r} between column gaps")
        return CLEAN
    if _GLUED.search(tok):
        # Latin glued to Chinese is judged chunk by chunk (see glued_chunks), unless it is most of
        # the token and gibberish: ``AaA66399攻66Ri99``.
        chunks = [latin_score(m.group(), "", han, english, allow) for m in _CHUNK.finditer(tok)]
        share = sum(m.end() - m.start() for m in _CHUNK.finditer(tok)) / len(tok)
        if share >= 0.75 and any(v.score >= 0.85 for v in chunks):
            return max(chunks, key=lambda v: v.score)
        return CLEAN
    best = CLEAN
    roman = ROMAN.fullmatch(tok) is not None
    for m in _CHUNK.finditer(tok):
        v = _latin(body, s + m.start(), m.group(), han, english, allow)
        if v.score > best.score:
            best = v
    if best.rule and best.score < 0.7 and tok.isupper() and edge and chinese and not roman:
        return Verdict(0.75, "image-noise", f"unknown capitals {tok!r} by a column gap")
    return best


def _latin(
    body: str, at: int, chunk: str, han: int, english: bool, allow: frozenset[str]
) -> Verdict:
    """Score the Latin chunk at ``body[at:]``, seeing two characters either side of it."""
    end = at + len(chunk)
    word = _WORD_BEFORE.search(body, max(0, at - 10), at)
    named = word is not None and NAME.fullmatch(plain(word.group(1))) is not None
    return latin_score(
        chunk, body[max(0, at - 2) : at], han, english, allow, body[end : end + 2], named
    )


def _gap(body: str, other: tuple[int, int, str], at: int) -> bool:
    """Is there a column gap (2+ spaces, or a rule token) between ``other`` and offset ``at``?"""
    a, b = (other[1], at) if other[1] <= at else (at, other[0])
    return b - a >= 2 or _RULE_TOKEN.fullmatch(other[2]) is not None


def glued_chunks(
    body: str, kept: list[tuple[int, int]], han: int, english: bool, allow: frozenset[str]
) -> Iterator[tuple[int, int, Verdict]]:
    """Latin gibberish glued to Chinese inside kept tokens: ``数的4j%e。``, ``AaA66399攻66Ri99``."""
    for s, e in kept:
        tok = body[s:e]
        if not _GLUED.search(tok) or not LATIN.search(tok) or _PROTECTED.search(tok):
            continue
        for m in _CHUNK.finditer(tok):
            v = _latin(body, s + m.start(), m.group(), han, english, allow)
            if v.score >= 0.8 and not _CAPITAL.fullmatch(m.group()):
                yield s + m.start(), s + m.end(), v
