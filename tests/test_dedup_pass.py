"""The ``dedup`` pass: each kind of duplicate, each guard, the seed pages and the no-loss invariant.

Cases live in ``tests/data/dedup_cases.json`` in ftfy's manner: ``synthetic`` (built for one
rule from paragraphs of the seed pages), ``in-the-wild`` (layouts of the seed pages) and
``negative`` (text that must come out as it went in), each with its source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from ocrfix.layout.blocks import normalize, split_blocks
from ocrfix.passes.dedup import DedupOptions, dedup
from ocrfix.passes.dedup.units import best_window
from ocrfix.scoring import cer
from tests.conftest import check_case

ROOT = Path(__file__).resolve().parent.parent
PAGE_0905 = ROOT / "corpora" / "zhuzhou-daily-2023-09-05"
SEED_0410 = [
    ROOT / "corpora" / "zhuzhou-daily-2023-04-10" / "raw",
    Path("/work/shared/seeds/zhuzhou-daily-2023-04-10.txt"),
]

P1 = "培育、油茶抚育，泥湫、黄骨鱼、龙虾养殖业，莲藕、蓝莓、食用雷竹、山胡椒种植业，开办了攸县麻鸭蛋品加工基地。现在的仙石村六成家庭拥有了小汽车，七成家庭进行了房屋改造升级，人均收入达3.5万余元。"
P2 = "2017年，醴陵市均楚镇青山村整体脱贫，该村随即掀起新农村建设高潮，成功实现一次又一次“美丽乡村”升级迭代。如今，青山村帮扶示范基地种植有瓜蒌、苹果瓜、桃李李等多种经济作物。"
P3 = "信用状况较难给予客观评判；三是普遍缺乏核心竞争力，业绩不够稳定，发展前景较难评估。从银行角度来看，有三个现实困难：一是由于直接融资渠道不畅，导致小微企业大部分的融资需求依赖于银行信贷。"
P4 = "醴陵经开区日前传来好消息，通过创新采取“存量厂房过渡+土地开发同步”的项目落地新模式，高铝及微晶玻璃深加工项目、铜材生产基地项目签约落户园区，打造“千亿园区”再添动能。"


def _doc(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def _rules(text: str, options: DedupOptions | None = None) -> list[str]:
    return [e.rule for e in dedup(text, options or DedupOptions()).edits]


# --- cases: tests/data/dedup_cases.json -----------------------------------------------------

CASES = json.loads((Path(__file__).parent / "data" / "dedup_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["source"][:60])
def test_case(case: dict[str, str]) -> None:
    """Each kind of duplicate (``synthetic``, ``in-the-wild``) and each guard (``negative``: text
    that must come out as it went in); ``rules`` must be among the edits' rules."""
    check_case(dedup, case)


# --- what the edits say ----------------------------------------------------------------------


def test_exact_duplicate_names_the_copy_kept() -> None:
    (e,) = dedup(_doc(P2, P1, P1, P3)).edits
    assert e.rule == "exact-duplicate" and e.confidence == pytest.approx(0.99)
    start = len(P2) + 2
    assert e.reason == f"duplicate of block at {start} “培育、油茶抚育，泥湫、黄…” (ratio 1.00)"


def test_near_duplicate_is_less_sure_than_an_exact_one() -> None:
    noisy = P1.replace("泥湫", "泥鳅").replace("黄骨鱼", "黄骨龟")
    (e,) = dedup(_doc(P1, P2, noisy, P3)).edits
    assert 0.8 < e.confidence < 0.95


def test_fragment_reason_points_at_the_matching_text() -> None:
    # 公 / 司董事长: the reason points at the matching text (the 公 that ends 为何…), not at
    # the block's start.
    tail = "公司董事长林枫现场“喊渴”：“暂时不希望资本进入，但银行贷款又受困于抵押物问题。”"
    head = "为何“喊渴”？从事纳米级芯片外延衬底研发的湖南中微纳科技股份有限公司，资金还有较大缺口。"
    text = _doc(P2, tail, P4, head + tail[0], tail[1:], P3)
    (e,) = dedup(text).edits
    at = text.index(head) + len(head)
    assert e.reason == f"contained in block at {at} “公 司董事长林枫现场“喊…” (partial 1.00)"


# Chained copies (fuzz case 171, minimized): the clean 白关丝瓜… went as a copy of a noisy copy,
# which a later round deleted as a copy of a noisier one: the clean text was lost (0.85 left).
CHAIN_171 = _doc(
    "力关师重丝瓜走向国际市场的背技,可 以地深白关洲镇凭业借自南独特的生态资平源业势,夯实产业基础,打造农业对外 开放高地所形成的大势创能。",
    "深白关镇凭借自南独特的生态资 源业势,夯实产业基础,打造农业对外 开放高地所形成的大势创能",
    "司董事长林枫现场“喊渴”：“暂时不希望资本进入，但银行贷款又受困于抵押物问题。”从事工业自动控制系统装置制造的湖南创志旗智能装备有限公司，也感觉“饥渴”。公司董事长刘新平说，制造业是重投入行业，回报期长，但由于疫情放开后，行业内卷严重，企业经营报表不好看，很难在银行融到资金。",
    "力关丝瓜走向国际市场的背后,可 以窥深白关镇凭借自身独特的生态资 源业势,夯实产业基础,打造农业对外 开放高地所形成的强大势能。",
    "领课、选修课，提高政治站位，保持政治本色，提升履职能力，掌握相关知识，更好地在各自岗位上履职尽责。胡长春还勉励学员们求真务实、相互交流、严守纪律，做到以学铸魂、以学增智、以学正风、以学促干，为“大力培育制造名城、加快建设幸福株洲”贡献力量。县处级干部进修班、中青年干部培训班、离退休干部党支部书记学习贯彻习近平新时代中国特色社会主义思想主题教育专题研讨班3个班次的学员及市委党校教职工参加典礼。",
    "平源业势,夯实产业基础,打造农业对外 开放高地所形成的大势创能",
    "白关丝瓜走向国际市场的背后,可 以窥见白关镇凭借自身独特的生态资 源优势,夯实产业基础,打造农业对外 开放高地所形成的强大势能。",
    "力关丝瓜走向国际市场的背后,可 以窥深白关镇凭业借自南独特的生态资平源业势,夯实产业基础,打造农业对外 开放高地所形成的大势创能。",
)


def test_chained_copies_never_delete_a_named_survivor() -> None:
    r = dedup(CHAIN_171)
    assert r.edits
    out = normalize(r.output)
    for e in r.edits:
        at = int(e.reason.split(" at ", 1)[1].split(" ", 1)[0])
        assert not any(x.start <= at < x.end for x in r.edits), e  # the named copy is kept
        assert fuzz.partial_ratio(normalize(CHAIN_171[e.start : e.end]), out) >= 90, e
    clean = normalize(CHAIN_171.split("\n\n")[6])  # 白关丝瓜…强大势能。 survives
    assert clean.startswith("白关丝瓜") and fuzz.partial_ratio(clean, out) >= 90


def test_running_header_kept_once() -> None:
    pages = [f"株洲日报 2023年9月5日 第{i}版\n{P} 第{i}页" for i, P in enumerate([P1, P2, P3, P4])]
    text = "\n\f".join(pages)
    r = dedup(text)
    assert {e.rule for e in r.edits} == {"running-header"}
    assert r.output.count("株洲日报 2023年9月5日") == 1
    assert "repeated on 4 pages, first kept at 0" in r.edits[0].reason
    for P in (P1, P2, P3, P4):
        assert P in r.output


# --- guards that depend on options (the rest are negative cases) -----------------------------

# Real lines of the 2023-09-05 page: a 导读 (summary) box, then the articles, as plain text.
HETANG = "荷塘：基层治理和产业发展如何同频共振？——株洲县区发展大型新闻调查之五"
CHEN = "陈恢清在市应急管理局调研时强调 积极主动作为 守好守牢安全生产底线"
BYLINE = "株洲日报讯（全媒体记者/邓伟勇）"
LEAD = "9月4日，市委副书记、市长陈恢清在市应急管理局调研，详细了解工作开展情况，现场协调解决有关问题。他强调，应急管理局要更好发挥职能作用，敢于担当负责、积极主动作为，守好守牢安全生产底线。"
CAO = "曹慧泉一行来到扎囊县藏医院、扎囊镇久麦村幼儿园、朗塞岭庄园等地考察，了解株洲援藏项目建设、古民间建筑保护、雅江生态保护及综合治理等情况。"


def test_a_headline_is_title_like_up_to_title_max_chars() -> None:
    text = _doc("导读", HETANG, CHEN, LEAD, HETANG, BYLINE, CAO)
    assert _rules(text) == []
    assert _rules(text, DedupOptions(title_max_chars=20)) == ["exact-duplicate"]


def test_options_turn_rules_off() -> None:
    s = "近年来，我市加强对小微企业的金融服务。"
    assert _rules(_doc(s + s)) == ["repeated-sentence"]
    assert _rules(_doc(s + s), DedupOptions(sentences=False)) == []
    assert _rules(_doc(P1, P1)) == ["exact-duplicate"]
    assert _rules(_doc(P1, P1), DedupOptions(min_chars=200)) == []


@pytest.mark.parametrize(
    "para",
    [
        # the audit's case: the second copy held the quotation's closing ”
        "“绿水青山就是金山银山！绿水青山就是金山银山！”志愿者们高声呼喊。",
        # over sentence_min_chars and not exclaimed: only the quotation keeps it
        "他说：“发展才是硬道理，创新才是第一动力。发展才是硬道理，创新才是第一动力。”",
        # the later copy is the longer one, so the earlier (with the opening “) would go
        "“发展才是硬道理，创新才是第一动力。发展才是硬道理，创新才是第一动力呀。”他说。",
    ],
)
def test_a_sentence_repeated_in_a_quotation_stays(para: str) -> None:
    r = dedup(_doc(P2, para))
    assert r.edits == () and r.output == _doc(P2, para)


def test_a_fact_in_a_repeated_sentence_stays() -> None:
    # 全市/全省 and 5.8%/5.6% (ratio 0.90): two statements, not one read twice
    para = "一季度，全市地区生产总值同比增长5.8%。一季度，全省地区生产总值同比增长5.6%。"
    assert _rules(_doc(P2, para)) == []
    noisy = "近年来，我市加强对小微企业的金融服务。近年来，我市加强对小徽企业的金融服务。"
    assert _rules(_doc(P2, noisy)) == ["repeated-sentence"]  # 微/徽: one misread


# --- the seed pages --------------------------------------------------------------------------


def test_seed_0905_removes_exactly_the_known_repeats() -> None:
    raw = (PAGE_0905 / "raw").read_text(encoding="utf-8")
    r = dedup(raw)
    got = [(e.rule, raw[e.start : e.end].strip()[:8]) for e in r.edits]
    assert got == [
        ("exact-duplicate", "2020年、20"),
        ("exact-duplicate", "培育、油茶抚育，"),
        ("fragment", "公司董事长林枫现"),
        ("exact-duplicate", "小微信活，就业旺"),
    ]
    gold_path = PAGE_0905 / "gold"
    if gold_path.exists():
        gold = gold_path.read_text(encoding="utf-8")
        assert cer(reference=gold, hypothesis=r.output) < cer(reference=gold, hypothesis=raw) - 0.02


def test_seed_0410_makes_no_deletion() -> None:
    path = next((p for p in SEED_0410 if p.exists()), None)
    if path is None:
        pytest.skip("2023-04-10 page not available")
    assert dedup(path.read_text(encoding="utf-8")).edits == ()


# --- properties ------------------------------------------------------------------------------


def _real_paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in SEED_0410 if p.exists()][:1]
    texts.append((PAGE_0905 / "raw").read_text(encoding="utf-8"))
    seen: set[str] = set()
    out = []
    for t in texts:
        for b in split_blocks(t):
            if b.body and len(b.norm) >= 40 and b.norm[:12] not in seen:
                seen.add(b.norm[:12])
                out.append(b.text)
    return out


PARAS = _real_paragraphs()


HAN = sorted({c for p in PARAS for c in p if "\u4e00" <= c <= "\u9fff"})


@st.composite
def ocr_noise(draw: st.DrawFn, text: str) -> str:
    """``text`` read again by OCR: 2-6% of its characters replaced, dropped or inserted."""
    chars = list(text)
    for _ in range(draw(st.integers(max(1, len(chars) // 50), max(1, len(chars) * 6 // 100)))):
        i = draw(st.integers(0, len(chars) - 1))
        op = draw(st.sampled_from(["replace", "replace", "drop", "insert"]))
        if op == "drop" and len(chars) > 1:
            del chars[i]
        elif op == "insert":
            chars.insert(i, draw(st.sampled_from(HAN)))
        else:
            chars[i] = draw(st.sampled_from(HAN))
    return "".join(chars)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Real paragraphs with copies: exact, noisy, fragments, and chains of noisy copies (a copy
    of a copy, each noisier), whose deletions chain across the pass's rounds."""
    idx = draw(st.lists(st.integers(0, len(PARAS) - 1), min_size=1, max_size=8, unique=True))
    blocks = [PARAS[i] for i in idx]
    for _ in range(draw(st.integers(0, 4))):
        src = draw(st.sampled_from(blocks))
        kind = draw(st.sampled_from(["exact", "noisy", "fragment", "chain"]))
        copy = src
        if kind == "noisy":
            chars = list(src)
            for _n in range(draw(st.integers(1, 3))):
                chars[draw(st.integers(0, len(chars) - 1))] = draw(st.sampled_from("的一是了"))
            copy = "".join(chars)
        elif kind == "fragment":
            n = draw(st.integers(30, max(30, len(src) - 1)))
            start = draw(st.integers(0, len(src) - n))
            copy = src[start : start + n]
        elif kind == "chain":  # copies of copies, each read again by OCR
            for _n in range(draw(st.integers(1, 4))):
                copy = draw(ocr_noise(copy))
                blocks.insert(draw(st.integers(0, len(blocks))), copy)
            continue
        blocks.insert(draw(st.integers(0, len(blocks))), copy)
    return _doc(*blocks)


@st.composite
def chains(draw: st.DrawFn) -> str:
    """A few real paragraphs and one paragraph OCR'd again and again, each copy from the last
    one (some only a piece of it): the copies' deletions chain across the pass's rounds."""
    idx = draw(st.lists(st.integers(0, len(PARAS) - 1), min_size=2, max_size=5, unique=True))
    blocks = [PARAS[i] for i in idx]
    copy = blocks[0]
    for _ in range(draw(st.integers(2, 5))):
        copy = draw(ocr_noise(copy))
        n = len(copy)
        if draw(st.booleans()) and draw(st.booleans()):
            n = draw(st.integers(20, len(copy)))
        start = draw(st.integers(0, len(copy) - n))
        blocks.insert(draw(st.integers(0, len(blocks))), copy[start : start + n])
    return _doc(*blocks)


def _check_nothing_lost(text: str) -> None:
    options = DedupOptions()
    r = dedup(text, options)
    out = normalize(r.output)
    threshold = 100 * min(options.similarity, options.fragment_similarity)
    for e in r.edits:
        gone = normalize(text[e.start : e.end])
        if not gone:  # a separator left over when a later round widened an earlier deletion
            continue
        assert fuzz.partial_ratio(gone, out) >= threshold, e
    assert dedup(r.output, options).edits == ()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents())
@example(text=CHAIN_171)
def test_every_deleted_block_survives_in_the_output(text: str) -> None:
    _check_nothing_lost(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=chains())
def test_chained_noisy_copies_lose_nothing(text: str) -> None:
    _check_nothing_lost(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_never_raises_and_is_idempotent_on_any_text(text: str) -> None:
    r = dedup(text)
    assert dedup(r.output).edits == ()


def _mutated_copies(n: int, length: int, every: int) -> list[str]:
    """``n`` copies of one paragraph of ``../shared/texts``, each with a character in ``every``
    replaced at a different place (OCR reading the same block again)."""
    body = (Path(__file__).resolve().parents[2] / "shared" / "texts" / "gov-report-2022.txt")
    para = "".join(body.read_text(encoding="utf-8").split("\n\n")[5:])[:length].replace("\n", "")
    return [
        "".join("的" if (i + k) % every == 0 else c for i, c in enumerate(para)) for k in range(n)
    ]


def test_work_bound_keeps_the_rest_and_says_so() -> None:
    text = "\n\n".join(_mutated_copies(6, 300, 40))
    full = dedup(text)
    assert len(full.edits) >= 4 and not full.flags
    bounded = dedup(text, DedupOptions(max_comparisons=1))
    assert len(bounded.edits) < len(full.edits)
    (flag,) = bounded.flags
    assert flag.rule == "work-bound" and "max_comparisons" in flag.reason


def test_long_blocks_are_located_as_partial_ratio_would() -> None:
    """The anchored search for long blocks agrees with rapidfuzz's sliding partial_ratio."""
    a, b = _mutated_copies(2, 2000, 97)
    hay = "甲乙丙" * 300 + b + "丁戊" * 200
    needle = a[300:1500]
    score, start, end = best_window(needle, hay)
    assert abs(score - fuzz.partial_ratio(needle, hay)) < 1.0
    assert abs(start - (900 + 300)) <= 2 and end - start == len(needle)
