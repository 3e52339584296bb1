"""Nothing lost: on every corpus page, every ideograph a pass removes is accounted for.

An edit may take an ideograph out of the text only if it says where the text survives (a moved
block pastes it verbatim elsewhere; a duplicate names the kept copy; a character doubled across
a break names the break) or why it is not text (scan noise, a rule or dash OCR read as 一), or
if it replaces it (a typo corrected, a code point normalized). Checked for every step of
``newspaper`` on every tune page.
"""

from __future__ import annotations

from collections import Counter

import pytest
import regex

from ocrfix.pipeline import run
from tests.conftest import PAGES

_HAN = regex.compile(r"\p{Han}")
#: rule → what its reason must say (a regular expression): where the text survives, or why it
#: is no text. Rules that replace (typos, unicode) are checked apart: their replacement is text.
_ACCOUNTED = {
    ("dedup", "exact-duplicate"): r"duplicate of block at \d+",
    ("dedup", "near-duplicate"): r"(?:near-)?duplicate of block at \d+",
    ("dedup", "fragment"): r"contained in block at \d+",
    ("dedup", "repeated-sentence"): r"\d+",
    ("dedup", "running-header"): r".",
    ("flow", "duplicate-char"): r"doubled across the break",
    # scan-noise says what the noise was (a rule, texture, gibberish); that it never takes
    # text is tests/test_scan_noise_pass.py's gold check
    ("scan-noise", "image-noise"): r".",
    ("scan-noise", "rule-line"): r"rule",
    ("scan-noise", "speck"): r".",
    ("scan-noise", "scan-punct"): r".",
    ("punctuation", "dash"): r"between",
}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_every_removed_ideograph_is_accounted_for(page) -> None:  # type: ignore[no-untyped-def]
    repair = run("newspaper", page.raw)
    for step in repair.steps:
        text = step.result.input
        pasted = Counter(_HAN.findall("".join(e.moved for e in step.edits)))
        cut: Counter[str] = Counter()
        for e in step.edits:
            gone = Counter(_HAN.findall(text[e.start : e.end])) - Counter(_HAN.findall(e.replacement))
            if not gone or e.source is not None:
                continue
            if e.replacement.strip() and step.name in ("typos", "unicode"):
                continue  # a replacement: the character is corrected, not dropped
            pattern = _ACCOUNTED.get((step.name, e.rule))
            if pattern is not None and regex.search(pattern, e.reason):
                continue
            cut += gone  # must reappear in a paste of the same step (a move)
        assert not cut - pasted, (page.id, step.name, dict(cut - pasted))
