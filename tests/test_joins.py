"""Join scoring (ocrfix.resources.joins) on the seed pages' real breaks."""

from __future__ import annotations

import pytest

from ocrfix.resources.joins import (
    ends_sentence,
    headline_shaped,
    join_features,
    join_score,
    starts_new,
)

# (a, b) pairs that the 2023-04-10 / 2023-09-05 gold joins
TRUE_JOINS = [
    ("开展了第二批株洲党史教育基地遴选工", "作。"),
    ("去年,经综合评选,我市公布了首批11处党", "史教育基地。今年,市委党史研究室(市地方志编"),
    ("最终,确定炎陵大院红色革命遗址群、毛泽", '东主持"连队建党"旧址——叶家祠、朱毛首次会'),
    ("株洲日报讯(全媒体记者/周蒿 通讯员/杨双", "艳) 4月8日,我市举行第二批党史教育基地授"),
    ("本次命名认定主要考察以下几方面:主要内", "容与株洲地方党史重要人物、著名英烈或英雄群"),
    ("…胡志军、肖勇民、周后葵、顾发", "根、顾东来颁发了聘书。"),
    ("要有首先负责的态度、分", "工负责的制度、能够负责的水平"),
    ("被列入《中国家禽品种志》。同", "时，“鄱县白鹅”也是农业部首批认定的"),
    ("助力一批株洲制造企业产能提速,为株洲加快", "培育制造名城赋能。"),
    (
        "两地早已亲如一家。要进一步贯彻落实好习近平总书记关于西藏工作的",
        "重要指示和新时代党的治藏方略，一如既往地",
    ),
]

WRONG = [
    ("牌仪式,炎陵大院红色革命遗址群等入选。", "我市首批11处党史教育基地为:渌口博物馆"),
    ("20位小区党支部书记聚在一起", "喝杯清茶 共话和谐小区建设"),
    ("喝杯清茶 共话和谐小区建设", "株洲日报全媒体记者/旷昆红"),
    ("近年来，我市加强对小微企业的金融服务，相关扶持政策不断加码，", "信用状况较难给予客观评判；"),
    ("调研组仔细参观故居陈列，了解故居修缮保护情况", "在中车株机,调研组实地考察城轨事业部"),
    ('给土特产"添彩"', "白关丝瓜走向国际市场的背后，可以窥见白关镇凭借自身独特的生态资源优势"),
]


@pytest.mark.parametrize(("a", "b"), TRUE_JOINS)
def test_true_joins_score_positive(a: str, b: str) -> None:
    assert join_score(a, b) > 0


@pytest.mark.parametrize(("a", "b"), WRONG)
def test_wrong_joins_score_negative(a: str, b: str) -> None:
    assert join_score(a, b) < 0


@pytest.mark.parametrize(("a", "b"), TRUE_JOINS[:5])
def test_true_join_beats_alternatives_on_the_page(a: str, b: str) -> None:
    """Each true continuation outscores every other seed fragment as the continuation of ``a``."""
    others = [y for x, y in TRUE_JOINS[:5] if y != b] + [x for x, _ in TRUE_JOINS[:5] if x != a]
    assert all(join_score(a, b) > join_score(a, o) for o in others)


def test_features() -> None:
    f = join_features("遴选工", "作。")
    assert f.word > 0 and f.lm > 0
    assert join_features("株洲日报讯(全媒体记者/周蒿 通讯员/杨双", "艳) 4月8日").name > 0
    assert join_features("(市地方志编", "纂室)开展了").brackets > 0
    assert join_features("今天。", "明天").end < 0


def test_shapes() -> None:
    assert ends_sentence("等入选。") and ends_sentence("说：“好。”") and not ends_sentence("遴选工")
    assert not ends_sentence("73.61")
    assert starts_new("株洲日报讯(全媒体记者/胡文洁)") and starts_new("## 标题")
    assert headline_shaped("喝杯清茶 共话和谐小区建设") and not headline_shaped(
        "去年，经综合评选。"
    )


def test_empty_is_no_join() -> None:
    assert join_score("", "作。") < 0 and join_score("遴选工", "") < 0


def test_enumeration_continues_after_conjunction() -> None:
    """``…陈列馆以及`` + ``蔡会文、…`` (an item and ``、``) beats a sentence start after it."""
    a = "湘赣攸县苏区革命烈士纪念园、谭震林生平业绩陈列馆以及"
    assert join_features(a, "蔡会文、蔡兰阶烈士事迹陈列馆。").start > 0
    assert join_score(a, "蔡会文、蔡兰阶烈士事迹陈列馆。") > join_score(
        a, "我市首批11处党史教育基地为：渌口博物馆"
    )
    # mid-item (``…醴陵市南``) is no enumeration boundary
    assert join_features("醴陵市烈士陵园、醴陵市南", "蔡会文、蔡兰阶").start == 0


def test_ocr_sentence_ends() -> None:
    """A column rule after ``。`` still ends the sentence; ``*`` ``<`` ``-`` stand for a lost ``。``
    and a closing quote usually ends one."""
    assert ends_sentence("神舟十五号飞船“上天”。 |")
    assert join_score("冰雹直径约18毫米*", "市气象台首席预报员说") < 0
    assert join_score("推动装电梯按下“快进键”", "今年计划完成200台加装电梯") < 0
    # a closing quote after an ellipsis closes a quotation ``a`` never opened
    assert join_features("他的生长日志，他的笔", "…”3月12日植树节").brackets < 0
    assert join_features("他说：“我们要努力…", "…”3月12日植树节").brackets >= 0
