"""The ``flow`` pass: joins across column breaks, fragment order, and what must stay apart.

Cases live in ``tests/data/flow_cases.json`` in ftfy's manner: ``in-the-wild`` (blocks of the
seed pages), ``synthetic`` (made for one rule) and ``negative`` (text that must come out as it
went in); ``rules``, where given, must be among the edits' rules; each case is also run a
second time, which must change nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ocrfix.passes.flow import FlowOptions, flow
from tests.conftest import check_case

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


CASES = json.loads((Path(__file__).parent / "data" / "flow_cases.json").read_text("utf-8"))


def out(text: str) -> str:
    r = flow(text)
    return r.output


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["source"][:60])
def test_case(case: dict[str, str]) -> None:
    check_case(flow, case)


def test_joins_word_split_markdown() -> None:
    text = "## 标题\n\n要如履薄冰、敢于负责。要有首先负责的态度、分\n\n工负责的制度、能够负责的水平。\n"
    assert "态度、分工负责" in out(text)
    assert out(text).startswith("## 标题\n\n")


def test_name_list_join() -> None:
    text = (
        "会上还为顾问傅成骏、李东林、聂自强、彭华文、王巧林、周后葵、顾发\n\n根、顾东来颁发了聘书。"
    )
    assert "顾发根、顾东来" in out(text)


def test_duplicate_char_removed() -> None:
    text = (
        "“如今鲜花掌声迎他们回家！”市退役军人事务局副局长\n\n长柏国顺说，退役士兵9月开始陆续返乡。"
    )
    r = flow(text)
    assert "副局长柏国顺说" in r.output
    assert any(e.rule == "duplicate-char" for e in r.edits)


OPEN = "会议要求，各单位要落实安全生产责任，细化每个岗位的分工，比如工"


@pytest.mark.parametrize(
    "stray", ["# 图", "### 图片", "## 小标题", "## 株洲日报全媒体记者/杨凌凌 摄"]
)
def test_joins_a_paragraph_that_a_stray_heading_split(stray: str) -> None:
    """A caption or fragment promoted to a heading: the paragraph it split is joined over it and
    the stray heading follows the paragraph as its own block; no text is lost."""
    text = f"{OPEN}\n\n{stray}\n\n作人员都到场了。\n"
    r = flow(text)
    assert r.output == f"{OPEN}作人员都到场了。\n\n{stray}\n"
    assert sorted(r.output.replace("\n", "")) == sorted(text.replace("\n", ""))
    assert any(e.rule == "join" for e in r.edits)
    assert flow(r.output).edits == ()


def test_moved_text_names_its_source() -> None:
    """Every insertion of moved blocks is a copy of the input at ``source`` (after the break that
    sets it off), so provenance can follow it."""
    for text in (f"{OPEN}\n\n# 图\n\n作人员都到场了。\n", FRAGMENTS):
        r = flow(text)
        pastes = [e for e in r.edits if e.start == e.end and e.replacement.strip()]
        assert pastes and all(e.source is not None for e in pastes)
        for e in pastes:
            assert e.source is not None and text[e.source :].startswith(e.moved)


FRAGMENTS = """株洲日报讯(全媒体记者/周蒿 通讯员/杨双

去年,经综合评选,我市公布了首批11处党

艳) 4月8日,我市举行第二批党史教育基地授

史教育基地。今年,市委党史研究室(市地方志编

纂室)开展了第二批株洲党史教育基地遴选工

作。

牌仪式,炎陵大院红色革命遗址群等入选。
"""


def test_fragment_order_restored() -> None:
    r = flow(FRAGMENTS, FlowOptions(reorder=True))
    assert r.output.split("\n\n")[:2] == [
        "株洲日报讯(全媒体记者/周蒿 通讯员/杨双艳) 4月8日,我市举行第二批党史教育基地授牌仪式,炎陵大院红色革命遗址群等入选。",
        "去年,经综合评选,我市公布了首批11处党史教育基地。今年,市委党史研究室(市地方志编纂室)开展了第二批株洲党史教育基地遴选工作。\n",
    ]
    assert {e.rule for e in r.edits} >= {"join", "move"}
    assert flow(r.output, FlowOptions(reorder=True)).edits == ()


def test_reorder_can_be_switched_off() -> None:
    assert any(e.rule == "move" for e in flow(FRAGMENTS).edits)  # on by default
    r = flow(FRAGMENTS, FlowOptions(reorder=False))
    assert not any(e.rule == "move" for e in r.edits)


@pytest.mark.parametrize("page", ["zhuzhou-daily-2023-04-10", "zhuzhou-daily-2023-09-05"])
def test_gold_texts_untouched(page: str) -> None:
    gold = CORPORA / page / "gold"
    if not gold.exists():
        pytest.skip("no gold")
    assert flow(gold.read_text(encoding="utf-8")).edits == ()


@pytest.mark.parametrize("page", ["zhuzhou-daily-2023-04-10", "zhuzhou-daily-2023-09-05"])
def test_seed_pages_idempotent(page: str) -> None:
    raw = (CORPORA / page / "raw").read_text(encoding="utf-8")
    once = flow(raw).output
    assert flow(once).edits == ()


_ALPHABET = st.sampled_from(list("党史教育基地遴选工作。，、：()“”# \n株洲日报讯/杨双艳第布0123"))


@settings(max_examples=150, deadline=None)
@given(st.text(_ALPHABET, max_size=120))
# benchmarks/fuzz.py found these: a join made the paragraph before it joinable.
@example("护情况\n\n在中车\n\n。")
@example("飞航线\n\n.报讯\n\n费。")
def test_property_apply_and_idempotent(text: str) -> None:
    r = flow(text)
    assert flow(r.output, FlowOptions(reorder=True)).edits == ()


# --- the seed pages through the newspaper profile ---------------------------------------------


def _profile_output(page: str) -> str:
    from ocrfix.pipeline import run
    from ocrfix.profiles import load_profile

    raw = (CORPORA / page / "raw").read_text(encoding="utf-8")
    return run(load_profile("newspaper"), raw).text


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def test_party_history_story_in_gold_order() -> None:
    """The 党史教育基地 story: 30 interleaved one-line fragments rebuilt into the gold's five
    paragraphs, in the gold's order, every fragment join right."""
    page = "zhuzhou-daily-2023-04-10"
    gold = _paragraphs((CORPORA / page / "gold").read_text(encoding="utf-8"))
    got = _paragraphs(_profile_output(page))
    start = gold.index("布")
    story = gold[start : start + 7]  # 布, 第 and the five paragraphs
    assert story[2].startswith("株洲日报讯（全媒体记者/周蒿 通讯员/杨双艳） 4月8日")
    at = got.index("布")
    assert got[at : at + 7] == story
    text = "".join(story)
    for join in ("杨双艳）", "遴选工作。", "主要内容与株洲", "毛泽东主持", "红色教育基地共10处"):
        assert join in text


def test_interrupted_stories_continuous() -> None:
    """白关丝瓜 runs on after its photo caption to its end, then the 党史 story (with the stray
    布 and 第) follows; the 轨道交通 story's split paragraphs are joined, its furniture apart."""
    got = _paragraphs(_profile_output("zhuzhou-daily-2023-04-10"))
    i = next(k for k, p in enumerate(got) if p.endswith("为白关丝瓜牵线搭桥。"))
    assert got[i + 1] == "白关镇阳雀湖丝瓜种植基地。株洲日报全媒体记者/杨凌凌 摄"
    assert got[i + 2].startswith("基于此，")
    end = next(k for k, p in enumerate(got) if p.endswith("了解株洲的好产品。"))
    assert got[end + 1 : end + 3] == ["布", "第"]
    assert got[end + 8] == "20位小区党支部书记聚在一起"
    text = "\n".join(got)
    assert "周后葵、顾发根、顾东来颁发了聘书。" in text
    assert "用好“两图两库两池两报告”" in text
    k = got.index("掌上株洲")
    assert got[k - 1].endswith("颁发了聘书。") and got[k + 1 : k + 3] == [
        "客户端",
        "中共株洲市委主管、主办",
    ]


def test_false_join_after_pause_on_2023_09_05() -> None:
    """``…不断加码，`` + ``如何“解渴”？…`` (a clause ends, text is lost) stays apart."""
    text = (
        "近年来，我市加强对小微企业的金融服务，相关扶持政策不断加码，\n\n"
        "如何“解渴”？“大部分小微企业规模小，缺乏专业财务人员。”\n"
    )
    assert flow(text).edits == ()
    assert "加码，如何“解渴”" not in _profile_output("zhuzhou-daily-2023-09-05")


def test_ocr_noise_does_not_join() -> None:
    """OCR pages: ``*`` for a lost ``。``, a closing quote, a column rule after ``。``, and a short
    stray fragment before a headline are no open ends."""
    assert flow("冰雹直径约18毫米*\n\n市气象台首席预报员说，今年强对流天气偏多。\n").edits == ()
    assert (
        flow("去年，白关丝瓜种子搭乘飞船“上天”。 |\n\n“白关丝瓜品牌知名度越来越高。\n").edits == ()
    )
    text = (
        "他的笔\n\n“芡实要种在浅水\n\n青溪一中“校园农场”开课了\n\n本报讯（记者/曾嘉禾） 3月12日，"
    )
    assert flow(text).edits == ()


NOISY = """育溪日报

2024年3月4日 星期一

第8126期

本报讯（记者/周敏 通讯员/罗晓辉） 3月3日上午9时18分，

随着最后一方混凝土浇筑完成，澄江三桥主桥顺利合龙。这座连

接东湖区与石门区的跨江大桥全长2.86公里，其中主桥长820

米，设计为双向六车道，两侧各设3.5米宽的人行及非机动车

道。
"""


def test_ocr_lines_in_order_not_reordered() -> None:
    """Short OCR lines already in order: no move, whatever the language model thinks of a pair."""
    assert not any(e.rule == "move" for e in flow(NOISY).edits)


@pytest.mark.parametrize(
    "page",
    [
        "generated/qingxi-daily-01-scan-medium",
        "generated/qingxi-daily-01-scan-heavy",
        "generated/qingxi-daily-05-scan-heavy",
        "generated/zhuzhou-daily-2023-09-05-p1-scan-medium",
        "zhuzhou-daily-2023-04-10",
        "zhuzhou-daily-2023-09-05",
    ],
)
def test_flow_never_raises_cer(page: str) -> None:
    from ocrfix.pipeline import run
    from ocrfix.profiles import load_profile
    from ocrfix.scoring import cer, cer_layout

    folder = CORPORA / page
    if not (folder / "gold").exists():
        pytest.skip("no such page")
    raw, gold = (folder / "raw").read_text(encoding="utf-8"), (folder / "gold").read_text("utf-8")
    profile = load_profile("newspaper")
    with_flow, without = run(profile, raw).text, run(profile.without("flow"), raw).text
    assert cer(reference=gold, hypothesis=with_flow) <= cer(reference=gold, hypothesis=without)
    assert cer_layout(reference=gold, hypothesis=with_flow) <= cer_layout(reference=gold, hypothesis=without)


def test_joins_across_a_markdown_image_line() -> None:
    text = "近年来，市委市政府坚持以产业发展为核心，为株洲加快\n\n![](images/0.jpg)\n\n培育制造名城赋能。\n"
    out = flow(text).output
    assert "为株洲加快培育制造名城赋能。" in out and "![](images/0.jpg)" in out
