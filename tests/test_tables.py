"""The shipped language tables: what the sources build, loaded without pycorrector or jieba,
nothing written at run time, and jieba's segmentation read back exactly."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ocrfix.resources import charlm, lexicon
from ocrfix.resources.charlm import char_lm
from ocrfix.resources.grams import CHUNK, LEVELS, PERSON_COVER, WordGrams
from ocrfix.resources.table import Table
from ocrfix.resources.wordlist import PERSON, WORD, build_wordlist, wordlist
from ocrfix.scoring import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_tables_are_what_the_sources_build() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_tables.py"), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "10 of 10 shipped tables are what the sources build" in proc.stdout


def test_first_repair_imports_no_source_package_and_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home), "XDG_CACHE_HOME": str(home)}
    code = (
        "import sys, ocrfix; r = ocrfix.repair('民族文化传 承和保护，泥湫养殖。鄱县的消息');"
        "assert r.text.startswith('民族文化传承和保护'), r.text;"
        "heavy = {'pycorrector', 'torch', 'transformers', 'jieba', 'pandas'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    assert list(home.iterdir()) == []  # no cache, no temp file: the tables are shipped


def test_table_roundtrip_through_files(tmp_path: Path) -> None:
    rows = {"泥鳅": (354, 7), "泥": (800, 0), "酃县": (84, 2**32 - 1)}
    Table.build(rows, 2).save(tmp_path / "t")
    t = Table.load(tmp_path / "t", 2)
    assert {k: (t.get(k, 0), t.get(k, 1)) for k in rows} == rows
    assert t.get("泥湫", 0) == 0 and t.prefixes("泥鳅养殖") == ["泥", "泥鳅"]
    with pytest.raises(ValueError, match="columns"):
        Table(t.trie, [1, 2, 3], 2)


def _jieba_tokenizer():  # type: ignore[no-untyped-def]
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def test_segmentation_is_jiebas_on_every_corpus_page() -> None:
    """The shipped table and jieba's own dictionary give the same words and the same best-path
    probabilities (jieba 0.42, HMM off) on all corpus text, raw and gold."""
    tk = _jieba_tokenizer()
    for page in load_corpus(ROOT / "corpora")[::4]:
        for text in (page.raw, page.gold):
            assert lexicon.segment(text) == tk.lcut(text, HMM=False), page.id
    text = load_corpus(ROOT / "corpora")[0].gold
    for i in range(0, len(text) - 8, 7):
        piece = text[i : i + 8]
        route: dict[int, tuple[float, int]] = {}
        tk.calc(piece, tk.get_DAG(piece), route)
        assert lexicon.route(piece)[0] == route[0], piece
        assert lexicon.is_word(piece[:2]) == bool(tk.FREQ.get(piece[:2]))


def test_segmentation_and_boundary_words() -> None:
    assert lexicon.segment("最终确定炎陵大院红色革命遗址群、毛泽东主持")[-2:] == ["毛泽东", "主持"]
    assert lexicon.segment("2O23年 GDP增长5%") == ["2O23", "年", " ", "GDP", "增长", "5", "%"]
    assert lexicon.spans_word("确定炎陵大院红色革命遗址群、毛泽", "东主持")
    assert lexicon.spans_word("第二批株洲党史教育基地遴选工", "作。")
    assert not lexicon.spans_word("坚定不移打造世界级轨道交通装备产业集群。", "曹慧泉对广大企业")
    assert lexicon.is_word("泥鳅") and not lexicon.is_word("泥湫")


def test_word_list_kinds() -> None:
    wl = wordlist()
    assert wl.is_person_name("毛泽东") and wl.is_person("毛泽东") and not wl.is_person("传承")
    assert wl.is_place("炎陵") and wl.freq("传承") > 0 and wl.jieba_freq("传承") > 0
    assert wl.single("的") > 100_000 and wl.freq("的") == 0
    assert "鳅" in wl.next_chars("泥", 20) and "泥" in wl.prev_chars("鳅", 20)


def test_small_model_prefers_seen_ngrams() -> None:
    lm = charlm.build_model([("泥鳅", 354), ("泥土", 500), ("秋天", 900), ("工作", 66367)])
    assert lm.logprob("泥鳅") > lm.logprob("泥湫")
    assert lm.join_gain("遴选工", "作。") > lm.join_gain("遴选工", "秋。")
    assert lm.count("工作") == 66367 and lm.count("作工") == 0


def test_shipped_model() -> None:
    lm = char_lm()
    assert len(lm.table) > 500_000
    assert lm.logprob("泥鳅", True, True) > lm.logprob("泥湫", True, True)
    assert lm.logprob("韧劲", True, True) > lm.logprob("钉劲", True, True)
    for left, right in [("遴选工", "作。"), ("主要内", "容与株洲"), ("毛泽", "东主持")]:
        assert lm.join_gain(left, right) > 0 > lm.join_gain(left, "曹慧泉对")


def _cover_by_walks(wl, text: str) -> list[tuple[int, bool]]:  # type: ignore[no-untyped-def]
    """Coverage level and known-person flag of each character, from one trie walk per
    position of each Han run (what ``typos`` did before the packed keys)."""
    import regex

    from ocrfix.passes.typos.detector import Detector

    det = Detector(wl, char_lm(), None, 20)  # type: ignore[arg-type]
    out = [(0, False)] * len(text)
    for m in regex.finditer(r"\p{Han}+", text):
        matches = wl.matches(m.group())
        levels = det.coverage(m.group(), matches)
        persons = {m.start() + j for s, e, f in matches if f & PERSON for j in range(s, e)}
        for j, level in enumerate(levels):
            out[m.start() + j] = (level, m.start() + j in persons)
    return out


def _cover_by_grams(wl, text: str) -> list[tuple[int, bool]]:  # type: ignore[no-untyped-def]
    cover = wl.cover(text)
    return [(LEVELS[v], bool(v & PERSON_COVER)) for v in cover.tolist()]


def test_packed_keys_find_what_the_trie_walks_find_on_every_corpus_page() -> None:
    wl = wordlist()
    for page in load_corpus(ROOT / "corpora")[::3]:
        assert _cover_by_grams(wl, page.raw) == _cover_by_walks(wl, page.raw), page.id


def test_packed_keys_at_edges() -> None:
    wl = build_wordlist([("泥鳅", 30), ("养殖场", 9), ("Ｘ光", 5)], [("曹操", 1)], [("酃县", 3)])
    for text in ("", "泥", "泥鳅", "a泥鳅\udc80曹操", "Ｘ光泥鳅养殖场", "酃县曹操泥 鳅",
                 "泥鳅" * (CHUNK // 2 + 3), "养" * (CHUNK - 1) + "养殖场泥鳅"):  # fmt: skip
        assert _cover_by_grams(wl, text) == _cover_by_walks(wl, text), text[:20]


def test_packed_keys_roundtrip_through_files(tmp_path: Path) -> None:
    g = WordGrams.build(
        [("泥鳅", WORD, 30), ("曹操", WORD | PERSON, 9), ("养殖场", WORD, 5), ("遴选工作", 1, 3)]
    )
    saved = g.save(tmp_path / "g")
    counts = saved["counts"]
    back = WordGrams.load(tmp_path / "g", saved["chars"][0], counts)
    assert back.next_chars("泥", 20) == {"鳅"} and back.prev_chars("操", 5) == {"曹"}
    assert counts == [2, 1, 1]
    assert back.cover("曹操养殖场遴选工作").tolist() == g.cover("曹操养殖场遴选工作").tolist()
    assert back.cover("曹操养殖场").tolist() == [7, 7, 1, 1, 1]


def test_packed_keys_give_the_trie_pairs_of_every_character() -> None:
    """next_chars/prev_chars from the packed keys: the two-character words of the table."""
    from ocrfix.resources.wordlist import FLAGS, FREQ, WIDTH

    wl = wordlist()
    cols = wl.table.columns
    for min_freq in (20, 1, 1000):
        nxt: dict[str, set[str]] = {}
        prv: dict[str, set[str]] = {}
        for w, i in wl.table.items():
            if len(w) == 2 and cols[i * WIDTH + FLAGS] & WORD and cols[i * WIDTH + FREQ] >= min_freq:
                nxt.setdefault(w[0], set()).add(w[1])
                prv.setdefault(w[1], set()).add(w[0])
        every = sorted(set(nxt) | set(prv))[:: 1 if min_freq == 20 else 7]
        for ch in [*every, "a", "\udc80"]:
            assert wl.next_chars(ch, min_freq) == nxt.get(ch, set()), ch
            assert wl.prev_chars(ch, min_freq) == prv.get(ch, set()), ch


def test_trigram_viterbi_is_the_general_search() -> None:
    """CharLM._viterbi (three running scores) gives the very floats of the general search over
    a dict of states, on every fragment pair a corpus page's lines give and at the edges."""
    import itertools
    import random

    import regex

    lm = char_lm()
    texts = {"参与小区", "遴选工作", "史", "的的的", "泥\udc80湫"}
    for page in load_corpus(ROOT / "corpora")[:20]:
        for run in regex.findall(r"\p{Han}+", page.raw):
            texts |= {run[:3], run[-3:], run[:6]}
    rnd = random.Random(13)
    texts |= {"".join(rnd.choices("参与小区党史教育的是在泥鳅湫一", k=rnd.randint(1, 6))) for _ in range(500)}
    for text, bos, eos in itertools.product(sorted(texts), (False, True), (False, True)):
        assert lm._viterbi(text, bos, eos) == lm._viterbi_states(text, bos, eos), (text, bos, eos)
