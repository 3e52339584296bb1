"""The shared structural patterns (``ocrfix.layout.patterns``) and the anchors that guard them.

Credits are searched only where a credit's anchor stands (摄, 图, 新华社发) and only up to a blank
line; furniture tries its end-of-line credit search only on lines ending like a credit. These
tests hold the shortcuts to the pattern they stand for, on every tune-split text and on written
credits, so that a new credit form without an anchor fails here instead of being missed.
"""

from __future__ import annotations

import pytest

from ocrfix.layout.furniture import _CREDIT_LAST
from ocrfix.layout.patterns import CREDIT_ANCHOR, CREDIT_IN_LINE, find_credits
from tests.conftest import PAGES

WRITTEN = [
    "白关镇阳雀湖丝瓜种植基地。株洲日报全媒体记者/杨凌凌 摄",
    "施工现场。记者/杨凌\n凌 摄",
    "湖南日报全媒体记者/周 摄",
    "受访者供图",
    "资料图片",
    "新华社发",
    "通讯员/尹照 陈晶晶 摄\n\n下一段",
]


@pytest.mark.parametrize("text", [p.raw for p in PAGES] + [p.gold for p in PAGES] + WRITTEN)
def test_find_credits_finds_what_the_pattern_finds(text: str) -> None:
    expected = [m.span() for m in CREDIT_IN_LINE.finditer(text)]
    assert [m.span() for m in find_credits(text)] == expected


def test_every_credit_holds_an_anchor_and_ends_like_one() -> None:
    found = [m.group() for t in [p.raw for p in PAGES] + WRITTEN for m in CREDIT_IN_LINE.finditer(t)]
    assert len(found) >= 20  # the corpus has credits: the test sees real ones
    for credit in found:
        assert CREDIT_ANCHOR.search(credit), credit
        assert credit[-1] in _CREDIT_LAST, credit
