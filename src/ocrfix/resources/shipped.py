"""The language tables shipped in the package (``resources/data``), built by
``tools/build_tables.py`` from pycorrector's and jieba's data files (see ``data/NOTICE.md``).

``tables.json`` is the manifest: each table's scalars and the SHA-256 of every source file the
tables were built from (``tools/build_tables.py --check`` rebuilds and compares).

>>> manifest()["charlm"]["order"]
3
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ocrfix.errors import OcrfixError
from ocrfix.resources.charlm import CharLM
from ocrfix.resources.table import Table
from ocrfix.resources.wordlist import WIDTH, WordList

if TYPE_CHECKING:
    from ocrfix.resources.grams import WordGrams

DATA = Path(__file__).with_name("data")


@cache
def manifest() -> dict[str, Any]:
    try:
        return json.loads((DATA / "tables.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    except OSError as exc:
        raise OcrfixError(
            f"ocrfix's language tables are missing ({exc.strerror}: {DATA}); reinstall ocrfix, "
            "or in a source checkout run: python tools/build_tables.py"
        ) from None


def text(name: str) -> str:
    """A shipped text table (``same_stroke.txt``, ``traditional.txt``)."""
    return (DATA / name).read_text(encoding="utf-8")


def load_charlm() -> CharLM:
    m = manifest()["charlm"]
    return CharLM(Table.load(DATA / "charlm", 1), m["total"], m["vocab"], m["order"])


def load_wordlist() -> WordList:
    m = manifest()["words"]
    table = Table.load(DATA / "words", WIDTH)
    return WordList(table, m["jieba_total"], m["jieba_max"], load_grams)


def load_grams() -> WordGrams:
    """The shipped word keys, memory-mapped (numpy is imported here, when ``typos`` first needs
    them: segmentation alone never does)."""
    from ocrfix.resources.grams import WordGrams

    m = manifest()["grams"]
    return WordGrams.load(DATA / "grams", m["chars"][0], m["counts"])
