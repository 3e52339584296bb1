"""Encodings are detected or refused, never decoded into garbage (exit 0 with wrong text).

Each language's sentences are encoded the ways files arrive and read back as one line, three
lines and a hundred lines: Chinese (GB18030, GBK, Big5, UTF-16 without a BOM) comes back exactly;
Japanese (Shift-JIS) and Korean (EUC-KR) are refused with a line that names ``--encoding``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrfix.errors import InputError
from ocrfix.textio import decode

DATA = json.loads((Path(__file__).parent / "data" / "encoding_samples.json").read_text("utf-8"))
TEXTS = Path(__file__).resolve().parents[2] / "shared" / "texts"


def _paragraphs(name: str) -> list[str]:
    lines = (TEXTS / name).read_text(encoding="utf-8").split("\n\n")[1].splitlines()
    return [line for line in lines if line.strip()][:3]


SIMPLIFIED = _paragraphs("gov-report-2021.txt") + _paragraphs("reg-business-environment-2019.txt")


def _shapes(lines: list[str]) -> dict[str, str]:
    return {
        "one-line": lines[0],
        "three-lines": "\n".join(lines[:3]) + "\n",
        "hundred-lines": "\n".join(lines[i % len(lines)] for i in range(100)) + "\n",
    }


CHINESE = [
    (lang, enc, shape, text)
    for lang, lines, encodings in (
        ("simplified", SIMPLIFIED, ("gb18030", "gbk", "utf-16-le", "utf-16-be")),
        ("traditional", DATA["traditional"], ("big5", "utf-16-le", "utf-16-be")),
    )
    for enc in encodings
    for shape, text in _shapes(lines).items()
]


@pytest.mark.parametrize(("lang", "enc", "shape", "text"), CHINESE,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CHINESE])
def test_chinese_comes_back_exactly(lang: str, enc: str, shape: str, text: str) -> None:
    assert decode(text.encode(enc)).text == text


FOREIGN = [
    (lang, enc, shape, text)
    for lang, enc in (("japanese", "shift_jis"), ("korean", "euc_kr"))
    for shape, text in _shapes(DATA[lang]).items()
]


@pytest.mark.parametrize(("lang", "enc", "shape", "text"), FOREIGN,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in FOREIGN])
def test_japanese_and_korean_are_refused_by_name(lang: str, enc: str, shape: str,
                                                 text: str) -> None:
    with pytest.raises(InputError, match=f"--encoding {enc}") as info:
        decode(text.encode(enc), "page.txt")
    assert "\n" not in str(info.value) and "page.txt" in str(info.value)


def test_japanese_is_read_when_its_encoding_is_given() -> None:
    text = DATA["japanese"][0]
    assert decode(text.encode("shift_jis"), encoding="shift_jis").text == text


def test_bytes_that_are_no_text_are_refused() -> None:
    with pytest.raises(InputError, match="--encoding"):
        decode(bytes(range(128, 256)) * 4)
    with pytest.raises(InputError, match="looks binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")


def test_one_line_big5_file_is_repaired_not_garbled(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The reproduction: a one-line Big5 file came out garbled with exit code 0."""
    from ocrfix.cli import main

    page = tmp_path / "big5.txt"
    page.write_bytes(DATA["traditional"][1].encode("big5"))
    assert main(["repair", str(page), "-p", "safe", "-q"]) == 0
    assert capsys.readouterr().out == DATA["traditional"][1]
    page.write_bytes(DATA["japanese"][1].encode("shift_jis"))
    assert main(["repair", str(page), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ocrfix: error: ") and "--encoding shift_jis" in err
