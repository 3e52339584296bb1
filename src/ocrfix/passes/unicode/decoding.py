"""Mojibake at the byte level, for ``unicode``: which bytes a misdecoded text stood for.

UTF-8 read as Latin-1/Windows-1252 shows each byte as a character of its own (中 is ``ä¸\xad``);
UTF-8 read as GBK shows each pair of bytes as one double-byte character (用户 is ``鐢ㄦ埛``). The
functions here read such text back as bytes, find the UTF-8 sequences in them and judge whether
what they decode to is Chinese. They see only the characters they are given: which characters the
pass may touch (another rule took them, the invisible rule removes them) and the edits it makes
stay in :mod:`ocrfix.passes.unicode`, so that this byte arithmetic reads, and is tested, apart.
"""

from __future__ import annotations

import re

import regex

from ocrfix.resources.charlm import char_lm

# A character as the byte Latin-1 or Windows-1252 decoded it from (ä is E4, – is 96, \x96 is 96).
BYTE_OF = {chr(b): b for b in range(0x80, 0x100)} | {
    bytes([b]).decode("cp1252"): b
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_BYTE_RUN = regex.compile(f"[{''.join(BYTE_OF)}]+")
# Valid UTF-8 sequences: of 3 bytes (CJK, full-width and general punctuation), of 2 or more.
_THREE = rb"\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
_FOUR = rb"\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|" + _THREE + b"|" + _FOUR)
UTF8_3 = re.compile(b"(?:" + _THREE + b"){2,}")  # UTF-8 read as GBK: 2+ characters
#: Where UTF8_3 matches, so does this looser shape (overlong forms and surrogates too), which
#: regex finds in a page's bytes 10 times faster than re finds UTF8_3 (or re this shape).
UTF8_3_SHAPE = regex.compile(rb"[\xe0-\xef][\x80-\xbf]{2}[\xe0-\xef][\x80-\xbf]{2}")
# What newspaper text holds besides ideographs: CJK and general punctuation, ℃ and ‰, Ⅱ, ①, ■;
# not the invisible characters and separators of U+2028-202F and U+205F-206F.
_CHINESE_TEXT = regex.compile(
    r"[\p{Han}\u3000-\u303f\uff01-\uff5e\u2010-\u2027\u2030-\u205e\u2100-\u218f\u2460-\u24ff\u25a0-\u25ff]+"
)
_HAN = regex.compile(r"\p{Han}+")
_CJK_TEXT = regex.compile(r"[\p{Han}\u3000-\u303f\uff01-\uff5e\u2014\u2018-\u201d\u2026]+")
#: A GBK-mojibake decoding must beat the mojibake by this much per character (log10 of the char
#: model; 用户 scores -2.3, 鐢ㄦ埛 -7.4), and score at least _GBK_FLOOR itself.
_GBK_MARGIN = 2.0
_GBK_FLOOR = -5.0


def utf8_sequences(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are UTF-8 sequences of 2+ bytes once ``text`` is read back as the
    bytes Latin-1/Windows-1252 decoded it from.

    >>> utf8_sequences("ä¸\xadæ\x96\x87\x96新闻")  # 中文, then a stray C1 control
    [(0, 3), (3, 6)]
    """
    spans: list[tuple[int, int]] = []
    for run in _BYTE_RUN.finditer(text):
        data = bytes(BYTE_OF[ch] for ch in run.group())
        spans.extend(
            (run.start() + m.start(), run.start() + m.end()) for m in _UTF8_SEQ.finditer(data)
        )
    return spans


def decoded_runs(text: str, seqs: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, decoding) of each run of adjacent sequences that decodes to Chinese.

    Only Chinese text, its punctuation and symbols (“ is ``â\x80\x9c``, ℃ is ``â\x84\x83``): short
    Latin repairs like ``Ã©`` → ``é`` are too easily wrong.

    >>> decoded_runs("Ã\x96ä¸\xadæ\x96\x87", [(0, 2), (2, 5), (5, 8)])  # Ö中文
    [(2, 8, '中文')]
    """
    runs: list[tuple[int, int, str]] = []
    for start, end in seqs:
        char = bytes(BYTE_OF[ch] for ch in text[start:end]).decode("utf-8")
        if not _CHINESE_TEXT.fullmatch(char):
            continue
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], end, runs[-1][2] + char)
        else:
            runs.append((start, end, char))
    return runs


def _two_byte_characters() -> str:
    """Every character that GB18030 writes in two bytes: each lead byte 81-FE with each trail
    byte 40-7E or 80-FE stands for one, and they are decoded all at once (encoding every BMP
    character to find them took 50 times longer)."""
    trails = [*range(0x40, 0x7F), *range(0x80, 0xFF)]
    return bytes(b for lead in range(0x81, 0xFF) for t in trails for b in (lead, t)).decode(
        "gb18030"
    )


#: The double-byte characters of GB18030, in code point order.
GBK_DOUBLES = "".join(sorted(_two_byte_characters()))
_GBK_DOUBLE_SET = frozenset(GBK_DOUBLES)


def gbk_double(ch: str) -> bool:
    """Does GB18030 write ``ch`` in two bytes?

    >>> gbk_double("用"), gbk_double("a"), gbk_double("\U00020000")
    (True, False, False)
    """
    return ch in _GBK_DOUBLE_SET


def gbk_decodings(chars: str) -> list[tuple[int, int, str]]:
    """(start, length, decoding) of each repairable stretch of ``chars`` (double-byte only).

    Every 3 GBK characters are 6 bytes, 2 UTF-8 characters: a stretch starts on a GBK character
    and holds whole UTF-8 characters, so it is a multiple of 3 characters long.
    """
    data = chars.encode("gb18030")
    found, pos = [], 0
    while (m := UTF8_3.search(data, pos)) is not None:
        b = m.start() + m.start() % 2  # the first GBK character boundary of the match
        m = UTF8_3.match(data, b)
        n = 0 if m is None else (m.end() - b) // 6 * 3
        decoded = data[b : b + 2 * n].decode("utf-8") if n else ""
        if n and plausible_chinese(chars[b // 2 : b // 2 + n], decoded):
            found.append((b // 2, n, decoded))
            pos = b + 2 * n
        else:
            pos = b + 2
    return found


def plausible_chinese(mojibake: str, decoded: str) -> bool:
    """Is ``decoded`` Chinese, and far likelier than the ``mojibake`` it came from?

    >>> plausible_chinese("鐢ㄦ埛", "用户"), plausible_chinese("宸昏暗", "巻谵")
    (True, False)
    """
    han = _HAN.findall(decoded)
    if not _CJK_TEXT.fullmatch(decoded) or sum(map(len, han)) < 2:
        return False
    lm = char_lm()  # loaded only here: ordinary text almost never gets this far
    score = sum(lm.logprob(h) for h in han) / sum(map(len, han))
    return score >= max(_GBK_FLOOR, lm.logprob(mojibake) / len(mojibake) + _GBK_MARGIN)
