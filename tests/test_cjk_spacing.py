"""``cjk-spacing`` on real lines from the seed pages and written cases: what goes, what stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrfix.passes.cjk_spacing import CjkSpacingOptions, cjk_spacing
from tests.conftest import seed_page

# Cases in ftfy's manner (tests/data/cjk_spacing_cases.json): "in-the-wild" (lines of the seed
# pages), "synthetic" (written for the test) and "negative" (printed spaces that must stay).
CASES = json.loads((Path(__file__).parent / "data" / "cjk_spacing_cases.json").read_text("utf-8"))
REMOVED = [(c["input"], c["expected"]) for c in CASES if c["kind"] != "negative"]
KEPT = [c["input"] for c in CASES if c["kind"] == "negative"]


@pytest.mark.parametrize(("raw", "fixed"), REMOVED)
def test_line_break_spaces_are_removed(raw: str, fixed: str) -> None:
    result = cjk_spacing(raw)
    assert result.output == fixed
    assert {e.rule for e in result.edits} == {"line-break-space"}
    assert all(e.reason and 0 < e.confidence < 1 for e in result.edits)


@pytest.mark.parametrize("line", KEPT)
def test_printed_spaces_are_kept(line: str) -> None:
    assert cjk_spacing(line).output == line


def test_byline_spaces_can_be_dropped_by_option() -> None:
    raw = "株洲日报讯(全媒体记者/刘芳 通讯员/卢青),记者从建行获悉,该行贷款余额达515亿元。"
    assert cjk_spacing(raw, CjkSpacingOptions(keep_byline_spaces=False)).output.count(" ") == 0


def test_headline_length_is_an_option() -> None:
    line = "喝杯清茶 共话和谐小区建设"
    assert cjk_spacing(line, CjkSpacingOptions(headline_max_chars=5)).output == "喝杯清茶共话和谐小区建设"


def test_removes_every_line_break_space_of_the_2023_04_10_body() -> None:
    page = seed_page("zhuzhou-daily-2023-04-10")
    out = cjk_spacing(page.raw).output
    # every remaining space on the page is one the gold also has, or sits next to Latin text
    gold_pairs = {(a, b) for a, _, b in zip(page.gold, page.gold[1:], page.gold[2:], strict=False)
                  if _ == " "}
    # the gold's punctuation is already full width; this pass leaves `)` as the raw has it
    width = str.maketrans({")": "）", "(": "（", '"': "”"})
    leftovers = [(out[i - 1].translate(width), out[i + 1]) for i, c in enumerate(out) if c == " "]
    unexplained = [p for p in leftovers if p not in gold_pairs]
    assert len(leftovers) >= 10  # headlines, bylines, credits
    assert len(unexplained) <= 3, unexplained


def test_no_edits_on_gold() -> None:
    assert cjk_spacing(seed_page("zhuzhou-daily-2023-09-05").gold).edits == ()
    # Known miss: the gold keeps the space after the columnist's name that opens a commentary
    # (`卜周 拔节生长…`, see meta.toml); text alone cannot tell it from `去参展 一方面`.
    gold = seed_page("zhuzhou-daily-2023-04-10").gold
    assert [gold[e.start - 2 : e.end + 2] for e in cjk_spacing(gold).edits] == ["卜周 拔节"]


def test_space_after_a_byline_that_began_on_the_line_before_is_kept() -> None:
    # pdftotext output of a generated page: the byline's name is split by the line break
    text = "本报讯（记者/王琪 通讯员/蓝\n翠萍） 4月11日是农历三月三"
    assert cjk_spacing(text).edits == ()
    assert cjk_spacing("据介绍（见 附表\n说明） 他 们").output.endswith("他们")
