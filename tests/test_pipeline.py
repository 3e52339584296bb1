from __future__ import annotations

import json

import pytest

import ocrfix
from ocrfix.pipeline import is_idempotent
from ocrfix.scoring import Page
from tests.conftest import SAMPLE

LINE = "调研组首先来到秋瑾故居考察。秋瑾故居自2015年修 复开馆以来,受到广泛好评。调研组仔细参观故居陈列、观 看历史图片"


def test_repair_returns_text_steps_and_renderings() -> None:
    r = ocrfix.repair(LINE, profile="safe")
    assert r.text == LINE.replace(" ", "")
    step = next(s for s in r.steps if s.name == "cjk-spacing")
    assert len(step.edits) == 2 and step.seconds >= 0
    assert "2 line-break spaces removed" in r.summary()
    assert "-" + LINE in r.diff() and "+" + r.text in r.diff()
    rows = [json.loads(line) for line in r.edits_json().splitlines()]
    assert [row["original"] for row in rows if row["pass"] == "cjk-spacing"] == [" ", " "]
    assert all(LINE[slice(*row["origin"])] == row["original"] for row in rows)


def test_origin_maps_output_spans_to_the_original_input() -> None:
    r = ocrfix.repair(LINE, profile="safe")
    start = r.text.index("看历史图片")
    s, e = r.origin(start, start + 5)
    assert LINE[s:e] == "看历史图片"


def test_identity_profile_changes_nothing() -> None:
    r = ocrfix.repair(LINE, profile="identity")
    assert r.text == LINE and r.steps == () and r.summary() == "no changes"


def test_repair_rejects_bytes() -> None:
    with pytest.raises(TypeError, match="decode bytes first"):
        ocrfix.repair(LINE.encode(), profile="safe")  # type: ignore[arg-type]


def test_listings() -> None:
    assert "cjk-spacing" in ocrfix.list_passes()
    assert "newspaper" in ocrfix.list_profiles()
    assert ocrfix.list_passes()["cjk-spacing"].summary


@pytest.mark.parametrize("page", SAMPLE, ids=lambda p: p.id)
def test_safe_profile_is_idempotent_on_corpus_pages(page: Page) -> None:
    assert is_idempotent("safe", page.raw)
