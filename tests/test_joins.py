"""Join scoring (ocrfix.resources.joins) on the seed pages' real breaks."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import ocrfix
from ocrfix.layout.blocks import split_blocks
from ocrfix.resources.charlm import char_lm
from ocrfix.resources.joins import (
    ends_sentence,
    headline_shaped,
    join_features,
    join_score,
    page_phrases,
    segment_gain,
    starts_new,
)

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

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


# Every join the issue names on the seed pages, as (page, end of ``a``, start of ``b``).
SEED_JOINS = [
    ("zhuzhou-daily-2023-04-10", "通讯员/杨双", "艳)"),
    ("zhuzhou-daily-2023-04-10", "党史教育基地授", "牌仪式"),
    ("zhuzhou-daily-2023-04-10", "遴选工", "作。"),
    ("zhuzhou-daily-2023-04-10", "主要内", "容与株洲"),
    ("zhuzhou-daily-2023-04-10", "毛泽", "东主持"),
    ("zhuzhou-daily-2023-04-10", "天元区石三门红色教育", "基地共10处"),
    ("zhuzhou-daily-2023-04-10", "周后葵、顾发", "根、顾东来"),
    ("zhuzhou-daily-2023-04-10", "为株洲加快", "培育制造名城赋能。"),
    ("zhuzhou-daily-2023-04-10", "首批11处党", "史教育基地。"),
    ("zhuzhou-daily-2023-09-05", "态度、分", "工负责的制度"),
    ("zhuzhou-daily-2023-09-05", "品种志》。同", "时，“鄱县白鹅”"),
    ("zhuzhou-daily-2023-09-05", "副局长", "长柏国顺说"),
]
#: From the two fragments alone, ``…红色教育`` + ``史教育基地。`` (``教育史``, a dictionary word,
#: and a short tail sentence) outscores ``基地共10处…``: no word list holds ``教育基地``. The page
#: does, five times over — the ``phrase`` clue, which ``flow`` gives its windows.
NEEDS_PAGE = {"天元区石三门红色教育"}


@cache
def _repaired(page: str) -> ocrfix.Repair:
    return ocrfix.repair((CORPORA / page / "raw").read_text(encoding="utf-8"), "newspaper")


@cache
def _blocks(page: str) -> tuple[str, ...]:
    """The page's blocks as ``flow`` receives them in the newspaper profile."""
    text = next(s.result.input for s in _repaired(page).steps if s.name == "flow")
    return tuple(b.text for b in split_blocks(text))


def _pair(page: str, end: str, start: str) -> tuple[str, str, list[str]]:
    """``a``, its true continuation ``b``, and every other block of the page (a block that
    repeats ``a`` or ``b`` word for word, as the 2023-09-05 page has some, is no other one)."""
    blocks = _blocks(page)
    (a,) = {x for x in blocks if x.rstrip().endswith(end)}
    (b,) = {x for x in blocks if x.lstrip().startswith(start)}
    return a, b, [x for x in blocks if x not in (a, b)]


@pytest.mark.parametrize(("page", "end", "start"), SEED_JOINS)
def test_true_join_beats_every_block_on_the_page(page: str, end: str, start: str) -> None:
    """The true continuation outscores every other block of its page as the continuation of
    ``a`` — with the page's phrases, as ``flow`` scores, and (but for ``教育|基地``) without."""
    a, b, others = _pair(page, end, start)
    phrases = page_phrases(_blocks(page))
    best = max(others, key=lambda x: join_score(a, x, phrases))
    assert join_score(a, b, phrases) > join_score(a, best, phrases), best
    if end not in NEEDS_PAGE:
        best = max(others, key=lambda x: join_score(a, x))
        assert join_score(a, b) > join_score(a, best), best


def test_page_phrase_decides_education_base() -> None:
    """``…红色教育`` + ``基地共10处…``: the page's ``教育基地`` outweighs the dictionary's
    ``教育史``, and ``flow`` rebuilds the paragraph."""
    a, b, _ = _pair("zhuzhou-daily-2023-04-10", "天元区石三门红色教育", "基地共10处")
    wrong = next(x for x in _blocks("zhuzhou-daily-2023-04-10") if x.startswith("史教育基地。"))
    assert join_score(a, wrong) > join_score(a, b)  # the word lists alone are fooled
    phrases = page_phrases(_blocks("zhuzhou-daily-2023-04-10"))
    assert join_features(a, b, phrases).phrase == 3.0  # seen 5 times: 1 + log2 5, capped
    assert "天元区石三门红色教育基地共10处" in _repaired("zhuzhou-daily-2023-04-10").text


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


def test_language_model_centred_on_a_word_boundary() -> None:
    """A plain word boundary gains about 0 (not the −1.2 of three back-offs), a word across the
    break gains, and a right side that starts mid-word loses unless the left completes it."""
    lm = char_lm()
    assert abs(lm.break_gain("加快", "培育")) < 0.5
    assert lm.break_gain("遴选工", "作", right_ends_word=True) > 2
    assert lm.break_gain("参与小", "区基层") > 0.3  # 参与|小区: a boundary just before the break
    assert lm.break_gain("加快", "作", right_ends_word=True) < -0.3
    assert join_features("为株洲加快", "培育制造名城赋能。").lm > 0


def test_break_gain_read_on_from_the_left_is_the_whole_reading() -> None:
    """break_gain reads the joined text on from the scores it kept after the left side: the
    same floats as reading the joined text whole, on every pair of a page's first 60 lines,
    both ways round and with each word edge."""
    lm = char_lm()
    page = (CORPORA / "generated" / "nanxi-evening-03-text-layer-default" / "raw").read_text()
    rows = [ln for ln in page.splitlines() if ln.strip()][:60]
    seg = lm._viterbi  # (uncached: the whole reading, not what break_gain left in the memo)
    for a in rows:
        for b in rows:
            for bos, eos in ((False, False), (True, True)):
                x, y = a[-3:], b[:3]
                whole = seg(x + y, bos and x == a, eos and y == b) - seg(x, bos and x == a, False)
                whole -= seg(y, False, eos and y == b)
                assert lm.break_gain(a, b, bos, eos) == whole


def test_word_points_grow_with_the_word() -> None:
    assert segment_gain("遴选工", "作。") > 4 > segment_gain("基地授", "牌仪式") > 1
    assert segment_gain("加快", "培育") == 0
    授牌, 授与 = (join_features("党史教育基地授", x).word for x in ("牌仪式，", "与会企业"))
    assert 授牌 > 2 * 授与 > 0


def test_names_are_no_dictionary_words() -> None:
    """In a list of names, ``顾发|育`` (``发育``) is no evidence; ``育、红色文化建设、`` does not go
    on in the list's shape, ``根、顾东来`` does."""
    a = "会上还为顾问傅成骏、李东林、聂自强、彭华文、王巧林、周后葵、顾发"
    wrong, right = (
        join_features(a, "育、红色文化建设、传承红色基因"),
        join_features(a, "根、顾东来"),
    )
    assert wrong.lm == wrong.word == wrong.name == 0 and right.name > 0
    # a byline name completes only where the byline's bracket then closes
    byline = "株洲日报讯(全媒体记者/周蒿 通讯员/杨双"
    assert join_features(byline, "艳) 4月8日").name > 0
    assert join_features(byline, "体、重大事件、重要遗址密切相关").name == 0


def test_doubled_character() -> None:
    f = join_features("市退役军人事务局副局长", "长柏国顺说，退役士兵9月开始陆续返乡")
    assert f.doubled > 0 and f.start == 0  # ``柏国顺说，`` is no paragraph opener here
    assert join_features("局长", "长沙市").doubled == 0  # ``长沙`` is a word of its own


def test_opener_after_a_word_across_the_break() -> None:
    a = "我市举行第二批党史教育基地授"
    assert join_features(a, "牌仪式，炎陵大院红色革命遗址群等入选。").start == 0
    assert join_features("等入选", "去年，经综合评选").start < 0


def test_starts_that_only_continue() -> None:
    """A particle, a bracketed note on an item, a fresh clause's object; and what never does:
    a headline of two phrases, a photo caption."""
    assert join_features("持续发挥厂所结合", "的产业链创新链协同优势").start > 0
    assert join_features("持续发挥厂所结合", "的确如此，他说").start <= 0  # (``的确``: indeed)
    assert join_features("渌口博物馆", "（杨得志故居）、炎陵县红军标语博物馆").start > 0
    assert join_features("发挥招商顾问的作用，用好", "“两图两库”，全面提升").end > 0.5
    assert join_features("首批11处党", "政银企对接 破解“融资难”").headline < 0
    assert join_features("副局长", "仙石村田园牧歌般的美景。通讯员供图").start < -3


def test_an_article_heading_starts_its_paragraph() -> None:
    """``第三十八条`` with the space printed after it heads an article of a law: nothing runs on
    into it, however well the text reads across (``…国家工作人员的|第三十八条``: flow joined
    them on nanxi-evening-01 light --psm 4, a tune page); a reference to it runs on."""
    a = "对于任何国家机关和国家工作人员的"
    assert join_score(a, "第三十八条 中华人民共和国公民的人格尊严不受侵犯。") < 0
    assert join_score("依照本法", "第三十八条规定，由公安机关执行。") > join_score(
        "依照本法", "第三十八条 由公安机关执行。"
    )
