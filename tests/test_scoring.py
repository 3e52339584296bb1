from __future__ import annotations

import pytest

from ocrfix.edits import Edit
from ocrfix.scoring import (
    Page,
    cer,
    cer_layout,
    decidable_effects,
    edit_effects,
    normalize_layout,
    relative_reduction,
    score_page,
)


def test_cer_ignores_whitespace_layout_cer_keeps_breaks() -> None:
    assert cer(reference="民族文化传承", hypothesis="民族文化传 承") == 0
    assert cer_layout(reference="民族文化传承", hypothesis="民族文化传 承") == pytest.approx(1 / 6)
    assert cer_layout(reference="第一段。\n第二段。", hypothesis="第一段。\n\n\n  第二段。") == 0
    assert cer(reference="酃县白鹅", hypothesis="鄱县白鹅") == 0.25


def test_cer_divides_by_the_reference_as_jiwer_does() -> None:
    # Two insertions against a four-character reference: 2/4, not 2/6 (the hypothesis's length).
    assert cer(reference="泥鳅养殖", hypothesis="泥鳅鳅养殖殖") == 0.5
    assert cer(reference="泥鳅鳅养殖殖", hypothesis="泥鳅养殖") == pytest.approx(2 / 6)


def test_positional_cer_keeps_the_old_order_and_warns() -> None:
    with pytest.warns(DeprecationWarning, match="reference=gold"):
        assert cer("泥鳅鳅养殖殖", "泥鳅养殖") == 0.5  # 0.1's cer(hyp, gold)
    with pytest.warns(DeprecationWarning):
        assert cer_layout("第一段。 第二段", "第一段。\n第二段") == pytest.approx(1 / 8)
    with pytest.raises(TypeError, match="keyword"):
        cer("甲", reference="甲")


def test_normalize_layout() -> None:
    assert normalize_layout(" 甲  乙 \n \n丙\t丁\n") == "甲 乙\n丙 丁"


def test_relative_reduction() -> None:
    assert relative_reduction(0.1, 0.05) == 0.5
    assert relative_reduction(0.0, 0.0) == 0.0
    assert relative_reduction(0.1, 0.2) == -1.0


def test_edit_effects_tell_closer_from_away() -> None:
    text, gold = "炎陵的鄱县白鹅，肉质 鲜美", "炎陵的酃县白鹅，肉质鲜美"
    good = Edit(3, 4, "酃", "t", "r")
    bad = Edit(7, 8, "。", "t", "r")
    neutral_space = Edit(10, 11, "", "t", "r")
    assert edit_effects(text, [good, bad, neutral_space], gold) == [-1, 1, -1]


def test_decidable_effects_follow_the_typos_issue() -> None:
    # report page gov-report-2022-1 (heavy scan): OCR read 首脑 as 首铺; "correcting" 铺 into
    # 辅 gives another wrong word: closer/away cannot tell, the decidable judge calls it wrong
    text, gold = "出席亚欧首铺会议等重大", "出席亚欧首脑会议等重大"
    other_wrong = Edit(5, 6, "辅", "typos", "visual-typo")
    right = Edit(5, 6, "脑", "typos", "visual-typo")
    assert edit_effects(text, [other_wrong], gold) == [0]
    assert decidable_effects(text, [other_wrong, right], gold) == [1, -1]
    # a correct word "corrected" (且未 → 且末 on a text layer): wrong
    assert decidable_effects(
        "工程完工且未拖欠", [Edit(5, 6, "末", "t", "r")], "工程完工且未拖欠"
    ) == [1]
    # gold differs beside the edit too (OCR lost the comma after 倾斜): not decidable
    text, gold = "都要予以倾料支持这些", "都要予以倾斜，支持这些"
    assert decidable_effects(text, [Edit(5, 6, "斜", "t", "r")], gold) == [0]
    # a line break inside the window is no difference
    assert decidable_effects(
        "都要予\n以倾料支持", [Edit(6, 7, "斜", "t", "r")], "都要予以倾斜支持"
    ) == [-1]


def test_score_page_identity_is_zero_reduction() -> None:
    page = Page("p", "民族文化传 承和保护", "民族文化传承和保护")
    s = score_page(page, "identity")
    assert s.cer == s.raw_cer and s.reduction == 0 and s.edits == 0
    s = score_page(page, "safe")
    assert s.cer_layout == 0 and s.reduction_layout == 1.0
    attribution = {a.pass_name: a for a in s.attribution}
    assert attribution["cjk-spacing"].closer == 1 and attribution["cjk-spacing"].precision == 1.0
