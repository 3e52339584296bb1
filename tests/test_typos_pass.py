"""The typos pass: look-alike OCR typos are suggested, names and real words are left alone."""

from __future__ import annotations

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
from ocrfix.resources.wordlist import build_wordlist, load_or_build

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
        ("处置要迅速、钉劲要增强，真正把", "钉劲", "韧劲"),
    ],
)
def test_seed_typos_are_the_best_candidates(text: str, wrong: str, right: str) -> None:
    assert suggestions(text, LOW).get(wrong) == right


def test_seed_typos_are_flagged_on_the_page() -> None:
    raw = (SEED / "raw").read_text(encoding="utf-8")
    found = suggestions(raw)
    assert found.get("泥湫") == "泥鳅"
    assert found.get("钉劲") == "韧劲"
    # 酃县, 郴县 and 邳县 are all county names: 酃县 ranks first but with a low confidence
    # (below the default flag threshold); a proof-reader asking for more sees it.
    assert suggestions(raw, TyposOptions(flag_threshold=0.01)).get("鄱县") == "酃县"


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


def test_no_suggestion_touches_a_known_name_on_either_page() -> None:
    det = load()
    names = det.words.persons | det.words.places
    for page in sorted((ROOT / "corpora").glob("zhuzhou-daily-*")):
        for kind in ("raw", "gold"):
            text = (page / kind).read_text(encoding="utf-8")
            for e in typos(text).flags:
                window = text[max(0, e.start - 3) : e.end + 3]
                hit = [
                    n
                    for n in names
                    if len(n) >= 2
                    and n in window
                    and text.find(n, max(0, e.start - 3)) < e.end
                    and text[e.start : e.end] in n
                ]
                assert not hit, (page.name, kind, text[e.start : e.end], e.replacement, hit)


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
    assert news.steps[-1].options.mode == "flag"
    aggressive = load_profile("aggressive")
    assert aggressive.pass_names == news.pass_names
    assert aggressive.steps[-1].options.mode == "apply"


def test_newspaper_profile_leaves_seed_typos_but_reports_them() -> None:
    from ocrfix.pipeline import run

    raw = (SEED / "raw").read_text(encoding="utf-8")
    repair = run("newspaper", raw)
    assert "泥湫" in repair.text
    flags = [f for s in repair.steps if s.name == "typos" for f in s.flags]
    assert any(f.replacement == "泥鳅" for f in flags)


def test_wordlist_cache_roundtrip(tmp_path: Path) -> None:
    wl = load_or_build(tmp_path)
    assert wl.freq("泥鳅") > 0 and "酃县" in wl.places
    assert load_or_build(tmp_path) == wl  # from the pickle
    small = build_wordlist([("泥鳅", 3)], [("曹慧泉", 1)], [])
    assert small.persons == frozenset({"曹慧泉"})


def test_loading_never_imports_pycorrector() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from ocrfix.passes.typos import load, typos; load(); typos('泥湫');"
        "assert 'pycorrector' not in sys.modules, 'pycorrector imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
