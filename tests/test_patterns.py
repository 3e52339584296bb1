"""The shared structural patterns (``ocrfix.layout.patterns``) and the anchors that guard them.

Credits are searched only where a credit's anchor stands (摄, 图, 新华社发) and only up to a blank
line; furniture tries its end-of-line credit search only on lines ending like a credit, its line
patterns only on lines holding a line anchor, its inline search only in blocks holding an inline
anchor. These tests hold the shortcuts to the pattern they stand for, on every tune-split text
and on written credits, so that a new credit form without an anchor fails here instead of being
missed.
"""

from __future__ import annotations

import pytest

from ocrfix.layout import lines
from ocrfix.layout.furniture import (
    _CREDIT_LAST,
    _INLINE,
    _INLINE_ANCHOR,
    _LINE_ANCHOR,
    _line_kind,
    ends_soft,
)
from ocrfix.layout.gutters import pieces
from ocrfix.layout.patterns import CREDIT_ANCHOR, CREDIT_IN_LINE, RULE_CHARS, find_credits
from ocrfix.passes.scan_noise import scan_noise
from ocrfix.resources.join_sides import ends_sentence
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


FURNITURE_LINES = [
    "▶下转02版",
    "上接第3版",
    "株洲日报全媒体记者/杨凌凌 摄",
    "2024年3月11日 星期一 第8133期",
    "中共株洲市委主管、主办",
    "国内统一连续出版物号CN 43-0005",
    "扫一扫关注株洲日报社新媒体",
    "掌上株洲",
    "客户端",
    "微信公众号",
    "广告",
    "广告热线：0731-28829999",
    "白关镇阳雀湖丝瓜种植基地。 株洲日报全媒体记者/杨凌凌 摄",
    "通讯员供图 丝瓜丰收",
]


def test_every_furniture_line_holds_a_line_anchor() -> None:
    """``classify_block`` tries its line patterns only on lines holding ``_LINE_ANCHOR``."""
    lines = [ln.strip() for p in PAGES for t in (p.raw, p.gold) for ln in t.splitlines()]
    lines = [ln for ln in lines if ln] + FURNITURE_LINES
    found = [ln for ln in lines if _line_kind(ln, 60) is not None]
    assert len(found) >= 20 and all(_line_kind(ln, 60) for ln in FURNITURE_LINES)
    for line in found:
        assert _LINE_ANCHOR.search(line), line


def test_every_inline_piece_holds_an_inline_anchor() -> None:
    """``inline_pieces`` searches only blocks holding ``_INLINE_ANCHOR``."""
    texts = [p.raw for p in PAGES] + [p.gold for p in PAGES] + WRITTEN + FURNITURE_LINES
    found = [m.group() for t in texts for m in _INLINE.finditer(t)]
    assert len(found) >= 20
    for piece in found:
        assert _INLINE_ANCHOR.search(piece), piece


def test_a_chain_of_glued_credits_costs_a_bounded_number_of_searches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each search gives up one credit of ``通讯员供图通讯员供图…`` (the name part of a credit
    takes in the one before): searching until nothing is left cost a search per credit, and a
    block of 16,000 such characters took minutes. Pieces glued in twos and threes are found."""
    from ocrfix.layout import furniture
    from ocrfix.layout.blocks import Block

    calls = []
    real = furniture._INLINE

    class Counting:
        def finditer(self, text: str):  # type: ignore[no-untyped-def]
            calls.append(len(text))
            return real.finditer(text)

    monkeypatch.setattr(furniture, "_INLINE", Counting())
    chain = "通讯员供图" * 3000
    pieces = furniture.inline_pieces(Block(0, 0, len(chain), chain))
    assert len(calls) <= furniture._ROUNDS and pieces
    calls.clear()
    glued = "图为新建的大桥。通讯员供图扫一扫看视频"
    kinds = [p.kind for p in furniture.inline_pieces(Block(0, 0, len(glued), glued))]
    assert kinds == ["photo-credit", "app-prompt"]


@pytest.mark.parametrize("rule", RULE_CHARS)
def test_every_column_rule_character_is_a_rule_to_every_pass(rule: str) -> None:
    """A thin vertical rule comes out of OCR as any of RULE_CHARS; each structural reader must
    take each of them for a rule (they once had three different sets)."""
    (ln,) = lines(f"本报讯 3月3日上午9时18分，随着 {rule} 据测算，大桥通车后，从石门")
    assert [ln.text[p.start : p.end] for p in pieces(ln)] == [
        "本报讯 3月3日上午9时18分，随着",
        "据测算，大桥通车后，从石门",
    ]
    assert ends_sentence(f"推进巡视整改工作。 {rule}")
    assert not ends_soft(f"推进巡视整改工作。 {rule}")
    cleaned = scan_noise(f"推进巡视整改工作，完善城乡基层治理体系 {rule}\n").output
    assert cleaned == "推进巡视整改工作，完善城乡基层治理体系\n"
