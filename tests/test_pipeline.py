from __future__ import annotations

import json

import pytest
import regex

import ocrfix
from ocrfix.pipeline import is_idempotent
from ocrfix.scoring import Page
from tests.conftest import SAMPLE, seed_page

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


def test_moved_text_keeps_its_provenance_on_the_2023_04_10_page() -> None:
    """Every visible output character of the seed page maps back to a non-empty span of the raw
    page; a letter or digit maps to a span holding that very character (punctuation may have
    been normalized: ``,`` → ``，``). 629 characters had no origin before moves named their
    source (``Edit.source``, set by ``flow`` and ``furniture``)."""
    raw = seed_page("zhuzhou-daily-2023-04-10").raw
    r = ocrfix.repair(raw, "newspaper")
    assert any(e.source is not None for s in r.steps if s.name == "flow" for e in s.edits)
    lost = []
    for k, ch in enumerate(r.text):
        if ch.isspace():
            continue
        s, e = r.origin(k, k + 1)
        if s >= e:
            lost.append(k)
        elif regex.match(r"[\p{L}\p{N}]", ch):
            assert ch in raw[s:e], (k, ch, raw[s:e])
    assert any(e.source is not None for s in r.steps if s.name == "furniture" for e in s.edits)
    assert lost == []
    k = r.text.index("我市首批11处党史教育基地")
    s, e = r.origin(k, k + 13)
    assert raw[s:e] == "我市首批11处党史教育基地"


def test_edits_json_gives_where_moved_text_came_from() -> None:
    raw = "各单位要落实安全生产责任，比如工\n\n### 图片\n\n作人员都到场了。"
    r = ocrfix.repair(raw, profile="newspaper")
    assert r.text == "各单位要落实安全生产责任，比如工作人员都到场了。\n\n### 图片"
    rows = [json.loads(line) for line in r.edits_json().splitlines()]
    moved = [row for row in rows if "source" in row]
    assert len(moved) == 1
    s, e = moved[0]["source_origin"]
    assert raw[s:e] == "### 图片" == moved[0]["replacement"]


def test_repairer_gives_what_repair_gives_and_refuses_bytes() -> None:
    import ocrfix
    from tests.conftest import seed_page

    raw = seed_page("zhuzhou-daily-2023-09-05").raw
    fix = ocrfix.Repairer("newspaper")
    assert fix(raw).text == ocrfix.repair(raw).text
    assert [r.text for r in fix.map([raw, "民族文化传 承"])][1] == "民族文化传承"
    with pytest.raises(TypeError, match="decode bytes first"):
        fix(raw.encode())  # type: ignore[arg-type]


def test_api_misuse_gets_a_clear_error_or_works() -> None:
    """What a user calling the API by hand gets wrong (review of 2026-12-06): a pass run with
    its options as plain values works as a profile's would; text that is not str, a span
    outside the output, a decision that is neither accept nor reject, one string given to
    ``Repairer.map`` are clear errors (they gave AttributeError, garbled offsets, a silent
    reject, a repair one character at a time)."""
    import pytest

    from ocrfix.decisions import apply_decisions
    from ocrfix.errors import InputError
    from ocrfix.pipeline import Repairer, run
    from ocrfix.registry import get_pass

    assert get_pass("cjk-spacing").run("观 看", {"headline_max_chars": 0}).output == "观看"
    with pytest.raises(TypeError, match="takes str, not bytes; decode bytes first"):
        get_pass("typos").run(b"x")  # type: ignore[arg-type]
    r = run("safe", "调研组仔细参观故居陈列、观 看历史图片")
    assert r.origin(0, 5) == (0, 5)
    for span in ((100, 200), (-3, 2), (5, 2)):
        with pytest.raises(ValueError, match="not inside the output"):
            r.origin(*span)
    with pytest.raises(InputError, match='give "accept" or "reject"'):
        apply_decisions(r, {"1.0": "Accept"})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="not one str"):
        Repairer("safe").map("观 看")


def test_every_line_of_edits_json_has_its_origin_suggestions_too() -> None:
    """The README promises ``origin`` (offsets in the original input) on every line; typo
    suggestions had none, and their ``start``/``end`` are in the text after the layout passes,
    not the user's (seed page 2023-09-05: 泥湫 and 鄱县 are found where the input has them)."""
    import json

    import ocrfix
    from tests.conftest import seed_page

    r = ocrfix.repair(seed_page("zhuzhou-daily-2023-09-05").raw)
    lines = [json.loads(line) for line in r.edits_json().splitlines()]
    assert lines and all("origin" in d for d in lines)
    flagged = {r.input[slice(*d["origin"])] for d in lines if d.get("applied") is False}
    assert {"泥湫", "鄱县"} <= flagged


def test_the_garbage_collector_is_paused_during_a_repair_and_restored_after() -> None:
    import gc

    from ocrfix.pipeline import run

    during: list[bool] = []
    run("newspaper", "民族文化传 承和保护", on_step=lambda name: during.append(gc.isenabled()))
    assert during and not any(during) and gc.isenabled()

    def fail(name: str) -> None:
        if name == "columns":
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        run("newspaper", "民族文化传 承和保护", on_step=fail)
    assert gc.isenabled()  # resumed after a failure too
    gc.disable()
    try:
        run("newspaper", "民族文化传 承和保护")
        assert not gc.isenabled()  # a caller's own pause is left as it was
    finally:
        gc.enable()


def test_a_pass_run_alone_pauses_the_collector_too() -> None:
    import gc

    from ocrfix import registry

    seen: list[bool] = []
    info = registry.get_pass("unicode")
    func = info.func
    try:
        object.__setattr__(info, "func", lambda text, options: (seen.append(gc.isenabled()),
                                                                 func(text, options))[1])
        out = info.run("民族文化传 承和保护").output
    finally:
        object.__setattr__(info, "func", func)
    assert seen == [False] and gc.isenabled()
    assert out == registry.get_pass("unicode").run("民族文化传 承和保护").output
