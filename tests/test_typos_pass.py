"""The typos pass: look-alike OCR typos are suggested, names and real words are left alone."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ocrfix.edits import Edit
from ocrfix.passes.typos import (
    NAME,
    Detector,
    TyposOptions,
    _demo_data,
    find_candidates,
    load,
    mark_result,
    mark_suggestions,
    typos,
)
from ocrfix.profiles import load_profile
from ocrfix.registry import get_pass
from ocrfix.resources.wordlist import PERSON, PLACE, PLACE_LISTED, build_wordlist, wordlist
from tests.conftest import PAGES

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "zhuzhou-daily-2023-09-05"
LOW = TyposOptions(flag_threshold=0.0)  # every best candidate, for checks on ranking


def suggestions(text: str, options: TyposOptions | None = None) -> dict[str, str]:
    result = typos(text, options or TyposOptions())
    return {text[e.start : e.end]: e.replacement for e in result.flags + result.edits}


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("培育、油茶抚育，泥湫、黄骨鱼、龙虾养殖业", "泥湫", "泥鳅"),
        ("炎陵的“鄱县白鹅”，肉质鲜美", "鄱县", "酃县"),
    ],
)
def test_seed_typos_are_the_best_candidates(text: str, wrong: str, right: str) -> None:
    assert suggestions(text, LOW).get(wrong) == right


def test_seed_typo_from_a_distant_look_alike() -> None:
    # 韧 is 钉's 225th look-alike: no word with 劲 among the 50 nearest, so the distant ranks are
    # tried (the curated row that linked them came from this seed page and was removed)
    text = "处置要迅速、钉劲要增强，真正把"
    result = typos(text, LOW)
    (found,) = [e for e in result.flags if text[e.start : e.end] == "钉劲"]
    assert (found.replacement, found.rule) == ("韧劲", "visual-distant")
    assert found.confidence < TyposOptions().flag_threshold  # seldom right that far: not flagged


def test_seed_page_suggests_its_three_typos() -> None:
    raw = (SEED / "raw").read_text(encoding="utf-8")
    found = {(raw[e.start : e.end], e.replacement) for e in typos(raw, LOW).flags}
    assert {("泥湫", "泥鳅"), ("鄱县", "酃县"), ("钉劲", "韧劲")} <= found


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [  # real misreads of tune-split scans (pages named), each past its character's 50 nearest
        ("木窗、克花榴店，一栋栋修基一新的骑楼沿街", "修基", "修葺"),  # qingxi-daily-06 psm4
        ("高铝及微晶玻现深加工项目由湖南源滨光电", "玻现", "玻璃"),  # zhuzhou-…-09-05-p2
        ("雕花榴口，一栋栋修莫一新的骑楼沿街排开", "修莫", "修葺"),  # qingxi-daily-06
        ("玖璃产业高册化进程，完善政璃产业链。", "政璃", "玻璃"),  # zhuzhou-daily-2023-09-05-p2
    ],
)
def test_distant_look_alikes_are_flagged(text: str, wrong: str, right: str) -> None:
    result = typos(text)
    got = {text[e.start : e.end]: (e.replacement, e.rule) for e in result.flags}
    assert got.get(wrong) == (right, "visual-distant")


def test_no_distant_look_alike_where_a_near_one_makes_a_word() -> None:
    # 湫's 50 nearest include 鳅 (泥鳅): the distant ranks are not tried at all
    det = load(TyposOptions())
    assert all(c.rule == "visual-typo" for c in det.candidates("泥湫", 1, det.coverage("泥湫")))


def _typos_step(profile: str, text: str) -> tuple[str, list[Edit], list[Edit]]:
    """The ``typos`` step of a profile run: its input, its flags and its applied edits."""
    from ocrfix.pipeline import run

    step = next(s for s in run(profile, text).steps if s.name == "typos")
    return step.result.input, list(step.flags), list(step.edits)


def test_seed_typos_are_flagged_by_the_default_profile() -> None:
    text, flags, edits = _typos_step("newspaper", (SEED / "raw").read_text(encoding="utf-8"))
    assert not edits
    found = [(text[f.start : f.end], f.replacement, f.rule) for f in flags]
    assert ("泥湫", "泥鳅", "visual-typo") in found
    assert found.count(("鄱县", "酃县", "visual-place")) == 2  # both copies on the page


#: Person and place names printed on the two seed pages (read off the pages; the word lists
#: know some of them, most of the people not).
SEED_NAMES = (
    "株洲",
    "株洲市",
    "株洲县",
    "白关镇",
    "茶陵县",
    "炎陵",
    "炎陵县",
    "攸县",
    "醴陵",
    "醴陵市",
    "荷塘区",
    "芦淞区",
    "高新区",
    "宋家桥",
    "阳雀湖",
    "炎帝陵",
    "万寿宫",
    "严塘镇",
    "鹿原镇",
    "仙石村",
    "湖南",
    "湖南省",
    "西藏自治区",
    "山南",
    "扎囊县",
    "朗塞岭",
    "雅江",
    "东莞市",
    "重庆市",
    "曹慧泉",
    "秋瑾",
    "杨凌凌",
    "旷昆红",
    "扎西达娃",
    "聂方红",
    "杨小幼",
    "胡文洁",
    "刘望",
    "王卫安",
    "刘剑飞",
    "傅成骏",
    "王巧林",
    "姜强俊",
    "肖勇民",
    "张涛",
    "周蒿",
    "杨双艳",
    "毛泽东",
    "杨得志",
    "谭震林",
    "蔡会文",
    "蔡兰阶",
    "金智惠",
    "黄继军",
    "刘芳",
    "卢青",
    "习近平",
    "陈恢清",
    "邓伟勇",
    "陈正明",
    "白云峰",
    "蒋湘晖",
    "邓斯语",
    "李军",
    "尹照",
    "万羽",
    "肖捷",
    "何菊娣",
    "黄星",
    "廖喜",
    "林枫",
    "刘毅",
    "杨欢群",
    "田文浩",
    "柯霖",
    "康爱青",
    "柏国顺",
)


@cache
def _names(det: Detector) -> frozenset[str]:
    return frozenset(det.words.having(PERSON | PLACE))


@pytest.mark.parametrize("page", ["zhuzhou-daily-2023-04-10", "zhuzhou-daily-2023-09-05"])
@pytest.mark.parametrize("kind", ["raw", "gold"])
def test_no_name_on_the_seed_pages_gets_a_suggestion(page: str, kind: str) -> None:
    det = load()
    for profile in ("newspaper", "aggressive"):
        text, flags, edits = _typos_step(profile, (ROOT / "corpora" / page / kind).read_text())
        names = set(SEED_NAMES) | {
            w
            for w in _names(det)
            if len(w) >= 3 and w in text  # 2-character ones are too often plain words
        }
        spans = [(m, m + len(n)) for n in names for m in range(len(text)) if text.startswith(n, m)]
        assert sum(1 for n in SEED_NAMES if n in text) >= 25  # the list matches the page
        for e in flags + edits:
            hit = [text[a:b] for a, b in spans if a < e.end and e.start < b]
            assert not hit, (profile, text[e.start : e.end], e.replacement, hit)


def _gold_texts() -> list[tuple[str, str]]:
    """Every distinct gold text of corpora/ (seed pages and corpora/generated/*/gold)."""
    seen: dict[str, tuple[str, str]] = {}
    for p in sorted(ROOT.glob("corpora/*/gold")) + sorted(ROOT.glob("corpora/generated/*/gold")):
        text = p.read_text(encoding="utf-8")
        seen.setdefault(text, (p.parent.name, text))
    return list(seen.values())


@pytest.mark.parametrize(("profile", "what"), [("newspaper", "flags"), ("aggressive", "edits")])
def test_at_most_one_suggestion_per_10k_characters_of_gold(profile: str, what: str) -> None:
    """Gold text has no typos left: every suggestion there is a false positive."""
    golds = _gold_texts()
    assert len(golds) >= 12
    chars = sum(len(t) for _, t in golds)
    wrong = []
    for name, gold in golds:
        text, flags, edits = _typos_step(profile, gold)
        wrong += [
            (name, text[e.start : e.end], e.replacement)
            for e in (flags if what == "flags" else edits)
        ]
    assert len(wrong) * 10_000 <= chars, wrong


def test_place_rule_finds_known_places_one_look_alike_away() -> None:
    # 鄱 looks like 酃, 郴 and 邳, and 酃县, 郴县, 邳县 are all counties: 酃 is the closest look-alike
    found = {(e.start, e.replacement, e.rule) for e in typos("来自鄱县的白鹅").flags}
    assert (2, "酃县", "visual-place") in found
    # not for a known place, a word before a suffix (两县, 紧密型县域) or a suffix starting a word
    for text in ("茶陵县、攸县和炎陵县", "云台两县再建设", "推进紧密型县域医共体建设", "郡县制度"):
        assert not [e for e in typos(text).flags if e.rule == "visual-place"], text
    off = typos("来自鄱县的白鹅", TyposOptions(places=False, flag_threshold=0.0))
    assert all(e.rule != "visual-place" for e in off.flags)


@pytest.mark.parametrize(
    ("wrong", "right"), [("悔县", "梅县"), ("昊县", "吴县"), ("巳县", "巴县"), ("探县", "深县")]
)
def test_place_rule_is_not_only_for_the_seed_county(wrong: str, right: str) -> None:
    flags = typos(f"来自{wrong}的消息").flags
    assert [(e.replacement, e.rule) for e in flags] == [(right, "visual-place")]


def test_place_rule_recovers_most_counties_from_a_look_alike() -> None:
    """Every two-character county of pycorrector's list (count ≥ 20), its first character read as
    its closest look-alike that makes no place: the rule gives the county back."""
    det = load()
    words = det.words
    hits = total = 0
    for name in words.having(PLACE_LISTED):
        n = words.place_count(name)
        if len(name) != 2 or name[1] != "县" or n is None or n < 20:
            continue
        nb = det.confusions.neighbours(name[0])
        misread = [
            y
            for y in sorted(nb, key=lambda c: -nb[c])
            if not words.is_place(y + "县")
            and not words.is_word(y + "县")
            and words.single(y) < 5000
        ]
        if not misread:
            continue
        total += 1
        flags = typos(f"来自{misread[0]}县的消息").flags
        hits += [e.replacement for e in flags if e.rule == "visual-place"] == [name]
    assert total >= 40 and hits >= 0.75 * total, (hits, total)


def test_flag_mode_leaves_text_unchanged() -> None:
    text = "培育、油茶抚育，泥湫、黄骨鱼"
    result = typos(text)
    assert result.output == text and not result.edits
    assert [e.rule for e in result.flags] == ["visual-typo"]
    assert all(e.pass_name == NAME and 0 < e.confidence <= 1 and e.reason for e in result.flags)


def test_apply_mode_applies_above_threshold_only() -> None:
    text = "培育、油茶抚育，泥湫、黄骨鱼"
    applied = typos(text, TyposOptions(mode="apply", flag_threshold=0.0, apply_threshold=0.0))
    assert applied.output == "培育、油茶抚育，泥鳅、黄骨鱼"
    kept = typos(text, TyposOptions(mode="apply", flag_threshold=0.0, apply_threshold=1.0))
    assert kept.output == text and kept.flags


@pytest.mark.parametrize(
    "text",
    [
        "市委书记曹慧泉强调，要坚持高质量发展。",  # name after a title
        "曹慧泉率株洲党政代表团来到炎陵。",  # surname + given name outside words
        "（全媒体记者/刘芳 通讯员/卢青）",  # byline
        "茶陵县严塘镇（红茶）",  # place name before 镇
        "东莞市华诚精密线材有限公司",
        "我们在新的起点上出发，这是一条新的路。",  # function words
    ],
)
def test_names_places_and_good_text_get_no_suggestion(text: str) -> None:
    assert not typos(text).flags


def test_allow_list_protects_words(tmp_path: Path) -> None:
    text = "培育、油茶抚育，泥湫、黄骨鱼"
    assert not typos(text, TyposOptions(allow_words=("泥湫",))).flags
    f = tmp_path / "allow.txt"
    f.write_text("# local words\n泥湫\n", encoding="utf-8")
    assert not typos(text, TyposOptions(allow_file=str(f))).flags


def test_user_pairs_file(tmp_path: Path) -> None:
    f = tmp_path / "pairs.tsv"
    f.write_text("茌\t荏\tmine\ttest pair\n", encoding="utf-8")
    det = load(TyposOptions(pairs_file=str(f)))
    assert "荏" in det.confusions.neighbours("茌")


def test_latin_digit_rule() -> None:
    result = typos("今年2O23年l0月启动", TyposOptions(mode="apply"))
    assert result.output == "今年2023年10月启动"
    assert {e.rule for e in result.edits} == {"latin-digit"}
    for keep in ["型号CN 43-0005和iPhone 15", "5G网络", "4S店", "3D打印", "B2B电商", "2B铅笔"]:
        assert typos(keep, TyposOptions(mode="apply")).output == keep
    assert typos("增长1S0%", TyposOptions(mode="apply")).output == "增长150%"


def test_mark_suggestions() -> None:
    text = "养殖泥湫、龙虾，鄱县白鹅"
    flags = [
        Edit(8, 10, "酃县", NAME, "visual-typo", 0.7),
        Edit(2, 4, "泥鳅", NAME, "visual-typo", 0.9),
    ]
    assert mark_suggestions(text, flags) == "养殖泥湫〔泥鳅?〕、龙虾，鄱县〔酃县?〕白鹅"
    assert mark_suggestions(text, []) == text


def test_mark_result_shifts_flags_past_applied_edits() -> None:
    text = "2O23年，油茶抚育，泥湫、黄骨鱼"
    result = typos(text, TyposOptions(mode="apply", apply_threshold=0.85, flag_threshold=0.0))
    assert result.output.startswith("2023年")
    assert mark_result(result) == "2023年，油茶抚育，泥湫〔泥鳅?〕、黄骨鱼"


def test_demo_detector_without_big_data() -> None:
    det = Detector(*_demo_data())
    cands = find_candidates("养殖泥湫", TyposOptions(), det)
    assert [c.word for c in cands] == ["泥鳅"]


def test_registered_and_in_profiles() -> None:
    info = get_pass("typos")
    assert info.summary.startswith("Suggest fixes")
    news = load_profile("newspaper")
    assert news.pass_names[-1] == "typos"
    aggressive = load_profile("aggressive")
    assert aggressive.pass_names == news.pass_names
    # newspaper applies only its surest band; aggressive reaches further down
    assert news.steps[-1].options.mode == aggressive.steps[-1].options.mode == "apply"
    assert news.steps[-1].options.apply_threshold > aggressive.steps[-1].options.apply_threshold


def test_newspaper_profile_leaves_seed_typos_but_reports_them() -> None:
    from ocrfix.pipeline import run

    raw = (SEED / "raw").read_text(encoding="utf-8")
    repair = run("newspaper", raw)
    assert "泥湫" in repair.text
    flags = [f for s in repair.steps if s.name == "typos" for f in s.flags]
    assert any(f.replacement == "泥鳅" for f in flags)


def test_shipped_wordlist_and_a_small_one() -> None:
    wl = wordlist()
    assert wl.freq("泥鳅") > 0 and wl.is_place("酃县") and wl.place_count("酃县") == 84
    assert wl.is_place("郡县") and wl.place_count("郡县") is None  # jieba's ns: protected, no count
    assert wl.place_count("郡县", tagged=True) is not None
    small = build_wordlist([("泥鳅", 3)], [("曹慧泉", 1)], [])
    assert small.having(PERSON) == ["曹慧泉"] and small.is_word("曹慧泉")
    assert not small.is_person("泥鳅") and small.freq("泥") == 0


def test_loading_never_imports_pycorrector() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from ocrfix.passes.typos import load, typos; load(); typos('泥湫');"
        "assert 'pycorrector' not in sys.modules, 'pycorrector imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_spelling_the_page_repeats_is_not_corrected() -> None:
    """OCR misreads are sporadic: three times the same spelling, never the suggestion, is a word
    of the page's own (a place or a name no list has), not a misreading."""
    once = "思维要绩密，处置要迅速。"
    assert [f.replacement for f in typos(once).flags] == ["缜密"]
    page = once + "这种绩密让人佩服。大家都学他的绩密。"
    assert typos(page).flags == ()


def test_the_suggested_word_elsewhere_on_the_page_supports_it() -> None:
    alone = typos("仙石村发展油茶抚育，泥湫、黄骨鱼养殖。").flags
    both = typos("仙石村发展油茶抚育，泥湫、黄骨鱼养殖。泥鳅养殖户增收。").flags
    (a,), (b,) = alone, both
    assert a.replacement == b.replacement == "泥鳅"
    assert b.confidence > a.confidence and "泥鳅 is on the page too" in b.reason


def test_traditional_text_gets_no_simplified_suggestion() -> None:
    from ocrfix.passes.typos import TyposOptions, find_candidates

    text = "被逼遷移的居民說，這裡的房屋將會拆除，政府會給予補償。秦純如表示，他們會繼續關注。"
    # the detector alone would "correct" 被逼 with the simplified 被迫
    assert any(c.word == "被迫" for c in find_candidates(text, TyposOptions()))
    assert typos(text).flags == ()
    # simplified text beside it is still read
    page = text + "\n\n" + "仙石村发展油茶抚育，" * 8 + "泥湫、黄骨鱼养殖。"
    assert [f.replacement for f in typos(page).flags] == ["泥鳅"]


def test_invented_names_of_an_article_are_left_alone() -> None:
    """An article with names no list has: a city one look-alike away from a known one (湘澶 and
    湘潭) named five times in different forms, a byline of two surname + given names, a company,
    a party secretary. Nothing is changed or flagged by either profile that corrects typos."""
    article = (
        "湘澶市位于湘江中游。（记者/钟澜茜 通讯员/邝静宜）近日，湘澶市召开乡村振兴推进会。"
        "会上，湘澶县委书记柯敬棠说，要把特色产业做大做强。株州微纳科技有限公司董事长殷子骞"
        "介绍，公司今年在湘澶新建了两条生产线。《湘澶府志》记载，当地种茶已有千年历史。"
    )
    assert [f.replacement for f in typos("湘澶市位于湘江中游。").flags] == ["湘潭市"]  # alone: yes
    for profile in ("newspaper", "aggressive"):
        _, flags, edits = _typos_step(profile, article)
        assert (flags, edits) == ([], []), profile


def test_a_kept_candidate_ending_in_an_admin_suffix_is_a_known_place() -> None:
    """The admin-place feature is read off the last character alone: a candidate ending in a
    place suffix that is no known place (严城镇) is dropped before it is scored, and every admin
    suffix (县, 市, 区…) is a place suffix."""
    from ocrfix.passes.typos.detector import ADMIN_SUFFIXES, PLACE_SUFFIXES

    assert ADMIN_SUFFIXES <= PLACE_SUFFIXES


def test_place_counts_reads_both_place_lists_at_once() -> None:
    wl = wordlist()
    assert wl.place_counts("酃县") == (84, None)  # pycorrector's place-name list only
    listed, tagged = wl.place_counts("郡县")
    assert listed is None and tagged  # jieba's ns words only
    assert wl.place_counts("泥鳅") == wl.place_counts("鄱县") == (None, None)  # on neither


def test_page_ids_blank_every_character_outside_han_runs() -> None:
    """The ids a page is covered with are 0 outside Han runs (so that no word window crosses a
    run's edge) — the same ids as blanking those characters first: letters of words such as A股,
    full-width forms, a lone surrogate of text read with surrogateescape."""
    import numpy as np

    from ocrfix.resources.grams import _NON_HAN

    grams = wordlist().grams
    top = len(grams._ids) - 1
    texts = [(SEED / "raw").read_text(encoding="utf-8"), "A股T恤，ＡＢ①\udc80泥鳅\u3007〇𠀀"]
    for text in texts:
        blanked = _NON_HAN.sub("\0", text).encode("utf-32-le")
        before = grams._ids[np.minimum(np.frombuffer(blanked, "<u4"), top)]
        now = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), "<u4")
        assert (grams._han_ids[np.minimum(now, top)] == before).all()


def test_a_confidence_floor_leaves_out_only_what_is_below_it() -> None:
    """The pass asks only for candidates that can become suggestions and bounds the others away
    unscored; what it gets must be exactly the unfloored candidates at or above the floor (the
    bound is sound), on scanned tune pages where most candidates fall below it."""
    det = load(TyposOptions())
    pages = [p for p in PAGES if p.group in ("scan-heavy", "scan-medium-psm4")][:6]
    assert pages
    kept = dropped = 0
    for page in pages:
        every = find_candidates(page.raw, TyposOptions(), det, best_only=False)
        for floor in (0.5, 0.65, 0.9):
            got = find_candidates(page.raw, TyposOptions(), det, best_only=False, floor=floor)
            assert got == [c for c in every if c.confidence >= floor], (page.id, floor)
            assert find_candidates(page.raw, TyposOptions(), det, floor=floor) == [
                c for c in find_candidates(page.raw, TyposOptions(), det) if c.confidence >= floor
            ]
            kept += len(got)
            dropped += len(every) - len(got)
    assert dropped > 10 * kept > 0  # the floor does leave most out
