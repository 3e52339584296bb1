"""The character LM: built reproducibly from packaged word lists, cached, reloaded."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from ocrfix.resources import charlm


def test_small_model_prefers_seen_ngrams() -> None:
    lm = charlm.build_model([("泥鳅", 354), ("泥土", 500), ("秋天", 900), ("工作", 66367)])
    assert lm.logprob("泥鳅") > lm.logprob("泥湫")
    assert lm.join_gain("遴选工", "作。") > lm.join_gain("遴选工", "秋。")
    assert charlm.build_model([("工作", 3)]).counts == charlm.build_model([("工作", 3)]).counts


def test_cache_builds_then_loads_and_survives_corruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = [("遴选", 122), ("工作", 66367), ("毛泽东", 8994)]
    calls = []

    def fake_words() -> list[tuple[str, int]]:
        calls.append(1)
        return words

    monkeypatch.setattr(charlm, "packaged_words", fake_words)
    first = charlm.load_or_build(tmp_path)
    (cached,) = tmp_path.glob("charlm-*.pickle")
    second = charlm.load_or_build(tmp_path)
    assert len(calls) == 1 and second.counts == first.counts
    with cached.open("rb") as f:
        assert isinstance(pickle.load(f), charlm.CharLM)
    cached.write_bytes(b"not a pickle")
    third = charlm.load_or_build(tmp_path)
    assert len(calls) == 2 and third.counts == first.counts


def test_real_packaged_model(tmp_path: Path) -> None:
    lm = charlm.load_or_build(tmp_path)  # built from scratch from pycorrector + jieba data
    assert len(lm.counts) > 500_000
    assert lm.logprob("泥鳅", True, True) > lm.logprob("泥湫", True, True)
    assert lm.logprob("韧劲", True, True) > lm.logprob("钉劲", True, True)
    for left, right in [("遴选工", "作。"), ("主要内", "容与株洲"), ("毛泽", "东主持")]:
        assert lm.join_gain(left, right) > 0 > lm.join_gain(left, "曹慧泉对")
