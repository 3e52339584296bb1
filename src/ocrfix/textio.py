"""Reading text files the way Chinese OCR output arrives: in several encodings.

Decoding order: a BOM (UTF-8, UTF-16, UTF-32) wins; then strict UTF-8; then GB18030 (a superset of
GBK and GB2312, the usual encodings of Chinese OCR tools on Windows) if the result reads as Chinese.
Anything else is an :class:`InputError` with a one-line hint.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ocrfix.chars import han_ratio
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
        try:
            return Decoded(data.decode(encoding), encoding)
        except LookupError:
            raise InputError(
                f"unknown encoding {encoding!r}; try utf-8, gb18030 or utf-16"
            ) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name} is not valid {encoding} (bad byte at offset {exc.start}); check --encoding"
            ) from None
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
        raise InputError(
            f"{name} looks binary (NUL byte at offset {nul}); ocrfix reads text: extract it first "
            "(e.g. pdftotext, tesseract), or give --encoding utf-16 for UTF-16 without a BOM"
        )
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    non_ascii = "".join(c for c in text if ord(c) > 127)
    if non_ascii and han_ratio(non_ascii) >= 0.5 and not _has_controls(text):
        return Decoded(text, "gb18030")
    raise InputError(
        f"{name} is neither UTF-8 (bad byte at offset {bad}) nor GB18030 Chinese text; "
        "give its encoding with --encoding"
    )


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
    if len(data) > max_bytes:
        raise InputError(_too_large(name, len(data), max_bytes))
    decoded = decode(data, name, encoding)
    if not decoded.text.strip():
        raise InputError(f"{name} is empty: nothing to repair")
    return decoded


def _too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name} is {size / 2**20:.0f} MiB, over the {limit / 2**20:.0f} MiB limit for one "
        "document; repair it part by part with --stream, split it, or raise --max-mb"
    )


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
        buffer, offset, block, empty = "", 0, head, True
        while True:
            try:
                buffer += decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name} is not valid {enc} (bad byte near offset {offset + exc.start})"
                ) from None
            empty = empty and not buffer.strip()
            while len(buffer) >= 2 * part_chars or (not block and buffer):
                cut = _cut(buffer, part_chars) if block else len(buffer)
                yield buffer[:cut]
                buffer = buffer[cut:]
            if not block:
                break
            offset += len(block)
            block = source.read(_BLOCK)
        if empty:
            raise InputError(f"{name} is empty: nothing to repair")
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
