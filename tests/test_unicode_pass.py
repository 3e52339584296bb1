"""``unicode``: look-alike code points, invisible characters and mojibake."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix.edits import apply, check_edits
from ocrfix.passes.unicode import UnicodeOptions, unicode_pass
from ocrfix.resources.radicals import radical_table

CASES = [
    # (input, expected, rule)
    ("⼈民日报", "人民日报", "kangxi-radical"),
    ("⼯作⼈员", "工作人员", "kangxi-radical"),
    ("⽂化⼤⾰命", "文化大革命", "kangxi-radical"),
    ("出⻔", "出门", "kangxi-radical"),
    ("⻓沙", "长沙", "kangxi-radical"),
    ("⻩桃种植", "黄桃种植", "kangxi-radical"),
    ("⺠族", "民族", "kangxi-radical"),
    ("⻜机", "飞机", "kangxi-radical"),
    ("\uf900\uf901", "\u8c48\u66f4", "compat-ideograph"),
    ("\U0002f800", "\u4e3d", "compat-ideograph"),
    ("ＡＢＣ１２３", "ABC123", "fullwidth-ascii"),
    ("２０２３年４月１０日", "2023年4月10日", "fullwidth-ascii"),
    ("ｗｗｗ", "www", "fullwidth-ascii"),
    ("株洲\u200b日报", "株洲日报", "invisible"),
    ("株洲\u200c\u200d日报", "株洲日报", "invisible"),
    ("\ufeff株洲日报", "株洲日报", "invisible"),
    ("株洲\ufeff日报", "株洲日报", "invisible"),
    ("产业\u00ad链", "产业链", "invisible"),
    ("株洲\x07日报\x1b", "株洲日报", "invisible"),
    ("株洲\x85日报", "株洲\n日报", "invisible"),  # NEL is a line break
    ("第一版\x0c第二版", "第一版\n第二版", "invisible"),
    ("\u3000\u3000今天天气很好。\n", "今天天气很好。\n", "invisible"),
    ("今天天气很好。\u00a0\n明天", "今天天气很好。\n明天", "invisible"),
    ("ä¸­æ–‡ç½‘ç«™", "中文网站", "mojibake"),
    ("æ\xa0ªæ´²æ—¥æŠ¥", "株洲日报", "mojibake"),  # its NBSP is byte A0
    ("æŠ¥çº¸æ–°é—»", "报纸新闻", "mojibake"),
]

KEPT = [
    "，！？：；（）“”‘’……——、。",  # NFKC would turn these into ASCII: must not happen
    "株洲日报讯（全媒体记者/胡文洁） 4月9日，市委书记",
    "生长于姚家坝村\t虽旅居海外",
    "第一行\r\n第二行\n",
    "调研组仔细参观故居陈列、观\u3000看历史图片",  # inside a line: cjk-spacing's business
    "咖啡 café, naïve Ærø",
    "cafÃ© au lait",  # two-byte Latin repairs are not certain enough
    "涓枃",  # UTF-8 read as GBK is valid Han text: not repaired
    "👨\u200d👩\u200d👧",  # a joiner between emoji is part of the glyph
    "ＣＮ",  # see test_options: only kept when switched off
][:-1]


@pytest.mark.parametrize(("text", "expected", "rule"), CASES)
def test_repairs(text: str, expected: str, rule: str) -> None:
    result = unicode_pass(text)
    assert result.output == expected
    assert {e.rule for e in result.edits} == {rule}
    assert unicode_pass(result.output).edits == ()


@pytest.mark.parametrize("text", KEPT)
def test_kept(text: str) -> None:
    assert unicode_pass(text).edits == ()


def test_radical_table_maps_to_unified_ideographs() -> None:
    table = radical_table()
    assert len(table) >= 300
    for radical, ideograph in table.items():
        assert 0x2E80 <= ord(radical) <= 0x2FD5, hex(ord(radical))
        assert unicodedata.name(ideograph).startswith("CJK UNIFIED IDEOGRAPH-"), ideograph
    # every Kangxi radical has its compatibility decomposition here
    for cp in range(0x2F00, 0x2FD6):
        assert table[chr(cp)] == unicodedata.normalize("NFKC", chr(cp))


def test_options_switch_rules_off() -> None:
    text = "⼈\uf900Ａ\u200bä¸­æ–‡"
    off = UnicodeOptions(
        radicals=False, compat_ideographs=False, fullwidth_ascii=False, invisible=False,
        mojibake=False,
    )
    assert unicode_pass(text, off).output == text
    assert unicode_pass(text).output == "人\u8c48A中文"


_ALPHABET = st.sampled_from(
    list("株洲日报⼈⻔\uf900Ａ１，。“” \n\t\r\u200b\u200d\ufeff\u00ad\u00a0\u3000\x0c\x85ä¸­æ–‡Ã©👨")
)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_properties(text: str) -> None:
    result = unicode_pass(text)
    check_edits(text, result.edits)
    assert apply(text, result.edits) == result.output
    assert unicode_pass(result.output).output == result.output


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_never_raises_on_any_text(text: str) -> None:
    result = unicode_pass(text)
    assert apply(text, result.edits) == result.output
