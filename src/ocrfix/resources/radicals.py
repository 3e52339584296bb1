"""The radical → unified ideograph table (``data/radicals.tsv``), loaded once per process.

PDF text layers often map glyphs to the Kangxi radical code points (``⼈`` U+2F08) or to the CJK
Radicals Supplement (``⻔`` U+2ED4) instead of the ordinary ideographs they look identical to.
The table follows Unicode's Equivalent_Unified_Ideograph (EUI) property, which ``unicodedata``
does not carry, so every row also records its EUI value; the few rows that deviate from it say
why in their ``reason`` column (the data file's header explains the rule).

>>> radical_table()["⼈"], radical_table()["⻔"]
('人', '门')
>>> row = radical_rows()[chr(0x2EAE)]  # ⺮: EUI gives the component form 𥫗, the table 竹
>>> row.ideograph, row.eui == chr(0x25AD7), row.follows_eui
('竹', True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class RadicalRow:
    """One row of the table: ``radical`` is mapped to ``ideograph``; ``eui`` is Unicode's value."""

    radical: str
    ideograph: str
    eui: str
    name: str
    reason: str = ""

    @property
    def follows_eui(self) -> bool:
        return self.ideograph == self.eui


def _parse(text: str) -> dict[str, RadicalRow]:
    rows: dict[str, RadicalRow] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        radical, _c1, ideograph, _c2, eui, _c3, name, *reason = line.split("\t")
        row = RadicalRow(
            chr(int(radical, 16)), chr(int(ideograph, 16)), chr(int(eui, 16)), name, "".join(reason)
        )
        # A deviation without a stated reason is a data error, not a choice.
        if not row.follows_eui and not row.reason:
            raise ValueError(f"radicals.tsv: {radical} deviates from EUI without a reason")
        rows[row.radical] = row
    return rows


@cache
def radical_rows() -> dict[str, RadicalRow]:
    """Radical character → its row (ideograph, EUI value, name, reason for any deviation)."""
    res = resources.files("ocrfix") / "resources" / "data" / "radicals.tsv"
    return _parse(res.read_text(encoding="utf-8"))


@cache
def radical_table() -> dict[str, str]:
    """Radical character → the unified ideograph the ``unicode`` pass puts in its place."""
    return {radical: row.ideograph for radical, row in radical_rows().items()}
