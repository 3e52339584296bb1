"""The radical → unified ideograph table (``data/radicals.tsv``), loaded once per process.

PDF text layers often map glyphs to the Kangxi radical code points (``⼈`` U+2F08) or to the CJK
Radicals Supplement (``⻔`` U+2ED4) instead of the ordinary ideographs they look identical to.

>>> radical_table()["⼈"], radical_table()["⻔"]
('人', '门')
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _parse(text: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        radical, _char, ideograph, *_rest = line.split("\t")
        table[chr(int(radical, 16))] = chr(int(ideograph, 16))
    return table


@cache
def radical_table() -> dict[str, str]:
    """Radical character → its equivalent unified ideograph."""
    res = resources.files("ocrfix") / "resources" / "data" / "radicals.tsv"
    return _parse(res.read_text(encoding="utf-8"))
