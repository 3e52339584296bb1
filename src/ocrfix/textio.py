"""Reading text files the way Chinese OCR output arrives: in several encodings.

Decoding order: a BOM (UTF-8, UTF-16, UTF-32) wins; then UTF-16 without a BOM (told by where its
NUL bytes fall); then strict UTF-8; then the double-byte encoding whose reading looks most like its
own language: GB18030 (a superset of GBK and GB2312, the usual encodings of Chinese OCR tools on
Windows) or Big5; Shift-JIS and EUC-KR are recognised and refused. Anything else is an
:class:`InputError` with a one-line hint naming ``--encoding``; nothing is decoded into garbage.
"""

from __future__ import annotations

import codecs
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ocrfix.chars import HAN
from ocrfix.errors import InputError

#: Largest input read as one document (bytes). Larger files: split them, or raise the limit.
MAX_BYTES = 256 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes, name: str = "input", encoding: str | None = None) -> Decoded:
    """Decode ``data``, detecting the encoding unless one is given.

    >>> decode("株洲日报".encode("gbk")).encoding
    'gb18030'
    """
    if encoding:
        return _forced(data, name, encoding)
    return _detected(data, name)


def _forced(data: bytes, name: str, encoding: str) -> Decoded:
    """``data`` in the encoding the user gave, unless it reads as Chinese in the one detected
    and as no words in the one given: UTF-8 bytes decode as GBK or UTF-16 without an error, and
    the repair would work on mojibake (``--encoding utf-16`` on a UTF-8 file).

    >>> _forced("全面建设社会主义现代化国家。".encode("utf-8"), "a.txt", "utf-16").text
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ocrfix.errors.InputError: a.txt reads as Chinese in utf-8, as no words in utf-16: ...
    """
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; try utf-8, gb18030 or utf-16") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not valid {encoding} (bad byte at offset {exc.start}); check --encoding"
        ) from None
    try:
        found = _detected(data, name)
    except InputError:
        return Decoded(text, encoding)
    other = codecs.lookup(found.encoding).name != codecs.lookup(encoding).name
    if other and word_share(found.text) - word_share(text) > 0.5:
        raise InputError(
            f"{name} reads as Chinese in {found.encoding}, as no words in {encoding}: "
            "drop --encoding or check it"
        )
    return Decoded(text, encoding)


def _detected(data: bytes, name: str) -> Decoded:
    """``data`` in the encoding its BOM, its bytes and its language say."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name} starts with a {enc} BOM but is not valid {enc} "
                    f"(bad byte at offset {exc.start})"
                ) from None
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise InputError(
            f"{name} looks binary (NUL byte at offset {nul}); ocrfix reads text: extract it first "
            "(e.g. pdftotext, tesseract), or give its encoding, e.g. --encoding utf-16-be"
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    return _legacy(data, name, bad)


# Double-byte encodings a Chinese OCR file may come in, and the language each one means.
_LEGACY = {
    "gb18030": "Chinese",
    "big5": "Traditional Chinese",
    "shift_jis": "Japanese",
    "euc_kr": "Korean",
}
# Lead bytes of each encoding's common rows (punctuation and the frequent level of its script):
# a text read in the wrong encoding lands mostly outside them (Big5 read as GBK gives kana rows,
# Shift-JIS gives GBK's extension rows).
_COMMON_LEADS = {
    "gb18030": (range(0xA1, 0xA4), range(0xB0, 0xD8)),
    "big5": (range(0xA1, 0xA4), range(0xA4, 0xC7)),
    "shift_jis": (range(0x81, 0x84), range(0x88, 0x99)),
    "euc_kr": (range(0xA1, 0xA4), range(0xB0, 0xC9)),
}


def common_share(text: str, encoding: str) -> float:
    """Share of the non-ASCII characters of ``text`` (the first 20,000) that sit in the common
    rows of ``encoding``: near 1 for text in that encoding's language, far lower for bytes of
    another encoding read as this one.

    >>> big5 = "中華民國憲法".encode("big5")
    >>> common_share(big5.decode("big5"), "big5"), common_share(big5.decode("gbk"), "gb18030")
    (1.0, 0.5)
    """
    rows = _COMMON_LEADS[encoding]
    wide = [c for c in text[:20000] if ord(c) > 127]
    if not wide:
        return 0.0
    hits = 0
    for c in wide:
        try:
            b = c.encode(encoding)
        except UnicodeEncodeError:
            continue
        hits += len(b) == 2 and any(b[0] in r for r in rows)
    return hits / len(wide)


def word_share(text: str) -> float:
    """Share of the Han characters of ``text`` inside dictionary words of two or more characters:
    Chinese reads as words, Korean bytes read as GBK give common characters that form none.

    >>> word_share("全面建设社会主义现代化国家"), word_share("措茄刮惫狼 清过篮")
    (1.0, 0.0)
    """
    from ocrfix.resources.lexicon import segment  # jieba: loaded only for this rare case

    han = sum(1 for c in text if HAN.match(c))
    words = segment(text[:2000])
    return sum(len(w) for w in words if len(w) > 1 and HAN.match(w)) / max(1, min(han, 2000))


def _legacy(data: bytes, name: str, bad: int) -> Decoded:
    """Not UTF-8: the double-byte encoding whose reading looks most like its own language.
    Chinese (GB18030, Big5) is returned; Japanese and Korean are refused: ocrfix repairs
    Chinese, and guessing would garble."""
    readings: dict[str, str] = {}
    for enc in _LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _has_controls(text):
            readings[enc] = text
    shares = {enc: common_share(text, enc) for enc, text in readings.items()}
    plausible = {enc: share for enc, share in shares.items() if share >= 0.8}
    if "gb18030" in plausible and "euc_kr" in plausible:
        # Hangul's rows in EUC-KR are GB2312's common hanzi rows: tell them apart by words.
        del plausible["euc_kr" if word_share(readings["gb18030"]) >= 0.25 else "gb18030"]
    if not plausible:
        utf16 = _utf16_without_bom(data)  # all ideographs, no ASCII: no NUL byte to tell it
        if utf16 is not None:
            return utf16
        raise InputError(
            f"{name} is neither UTF-8 (bad byte at offset {bad}) nor Chinese in GB18030 or Big5; "
            "give its encoding with --encoding"
        )
    best = max(plausible, key=lambda enc: plausible[enc])
    if best in ("shift_jis", "euc_kr"):
        raise InputError(
            f"{name} looks like {_LEGACY[best]} in {best}, not Chinese; ocrfix repairs Chinese "
            f"text (give --encoding {best} to run it anyway)"
        )
    return Decoded(readings[best], best)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM, in whichever byte order reads as text: the wrong order scatters
    Chinese over Hangul, rare and unassigned code points (and ``\n`` becomes U+0A00)."""
    if len(data) % 2:
        return None
    best: tuple[float, Decoded] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = _textlike_share(text)
        if share >= 0.9 and (best is None or share > best[0]):
            best = (share, Decoded(text, enc))
    return None if best is None or _has_controls(best[1].text) else best[1]


def _textlike_share(text: str) -> float:
    """Share of characters that are ASCII text, CJK ideographs or CJK punctuation."""
    sample = text[:20000]
    ok = sum(
        1
        for c in sample
        if " " <= c <= "~" or c in "\n\r\t" or "\u4e00" <= c <= "\u9fff"
        or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
    )
    return ok / max(1, len(sample))


def _has_controls(text: str) -> bool:
    return any(ord(c) < 32 and c not in "\n\r\t\f" for c in text)


def read_text(path: str, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Decoded:
    """Read a file (``-`` for standard input) as text; empty or oversized input is an error."""
    name = "standard input" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError(f"{path} is a directory; give a file")
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(_too_large(name, size, max_bytes))
            data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    if len(data) > max_bytes:  # standard input, read to one byte over: its size is unknown
        raise InputError(_too_large(name, None if path == "-" else len(data), max_bytes))
    decoded = decode(data, name, encoding)
    if not decoded.text.strip():
        raise InputError(_nothing(name, whitespace=bool(decoded.text)))
    return decoded


def _nothing(name: str, whitespace: bool) -> str:
    """Why a text with nothing to repair is refused: it is empty, or it holds only whitespace
    (a file of blank lines is not empty to the user who looks at its size)."""
    return f"{name} {'holds only whitespace' if whitespace else 'is empty'}: nothing to repair"


def _too_large(name: str, size: int | None, limit: int) -> str:
    shown, limit_shown = _mib(limit + 1 if size is None else size, limit)
    what = "is over" if size is None else f"is {shown} MiB, over"
    return (
        f"{name} {what} the {limit_shown} MiB limit for one document; "
        "repair it part by part with --stream, split it, or raise --max-mb"
    )


def _mib(size: int, limit: int) -> tuple[str, str]:
    """Two sizes in MiB, the unit of ``--max-mb``, to two significant digits or as many more as
    it takes to tell them apart (never "0 MiB, over the 0 MiB limit").

    >>> _mib(300 * 2**20, 256 * 2**20), _mib(2150, 1048), _mib(1049, 1048)
    (('300', '256'), ('0.0021', '0.001'), ('0.001', '0.000999'))
    """
    for digits in range(2, 16):
        pair = (_significant(size / 2**20, digits), _significant(limit / 2**20, digits))
        if pair[0] != pair[1]:
            break
    return pair


def _significant(x: float, digits: int) -> str:
    """``x`` to ``digits`` significant digits, without an exponent or trailing zeros."""
    if x <= 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(x)))
    return f"{x:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{x:.0f}"


#: Size of the parts ``--stream`` cuts a large file into (characters, about 4 to 12 MB).
PART_CHARS = 4 * 1024 * 1024
_BLOCK = 1024 * 1024


def iter_parts(
    path: str, encoding: str | None = None, part_chars: int = PART_CHARS
) -> Iterator[str]:
    """A large text file (``-``: standard input) as parts of about ``part_chars`` characters, cut
    after a blank line where there is one (else after a line end), read and decoded block by block
    so that memory holds one part at a time. The parts joined are the file's text.
    """
    name = "standard input" if path == "-" else path
    try:
        source = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (PermissionError, IsADirectoryError) as exc:
        raise InputError(f"{path}: {exc.strerror}") from None
    try:
        head = source.read(_BLOCK)
        enc = _sniff(head, name, encoding)
        decoder = codecs.getincrementaldecoder(enc)()
        buffer, offset, block, empty, whitespace = "", 0, head, True, False
        while True:
            try:
                buffer += decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name} is not valid {enc} (bad byte near offset {offset + exc.start})"
                ) from None
            empty = empty and not buffer.strip()
            whitespace = whitespace or bool(buffer)
            while len(buffer) >= 2 * part_chars or (not block and buffer):
                cut = _cut(buffer, part_chars) if block else len(buffer)
                yield buffer[:cut]
                buffer = buffer[cut:]
            if not block:
                break
            offset += len(block)
            block = source.read(_BLOCK)
        if empty:
            raise InputError(_nothing(name, whitespace))
    finally:
        if source is not sys.stdin.buffer:
            source.close()


def _sniff(head: bytes, name: str, encoding: str | None) -> str:
    """The encoding of a file from its first block (which may end inside a character)."""
    if encoding:
        try:
            return codecs.lookup(encoding).name
        except LookupError:
            hint = "try utf-8, gb18030 or utf-16"
            raise InputError(f"unknown encoding {encoding!r}; {hint}") from None
    error: InputError | None = None
    for trim in range(4):  # a multi-byte character cut at the block's end
        try:
            return decode(head[: len(head) - trim] if trim else head, name).encoding
        except InputError as exc:
            error = error or exc
    assert error is not None
    raise error


def _cut(buffer: str, part_chars: int) -> int:
    """Where to end a part: after the first blank line past ``part_chars``, else a line end."""
    for sep in ("\n\n", "\n"):
        at = buffer.find(sep, part_chars)
        if at >= 0:
            return at + len(sep)
    return part_chars
