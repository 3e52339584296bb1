"""Invariants of every registered pass, on every corpus page and on generated text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ocrfix
from ocrfix.edits import apply, check_edits
from ocrfix.pipeline import is_idempotent
from ocrfix.registry import get_pass
from ocrfix.scoring import Page
from tests.conftest import PASS_NAMES

# Text that looks like what OCR gives: Chinese, punctuation of both widths, spaces, newlines,
# digits, Latin, and now and then any Unicode at all.
OCRISH = st.lists(
    st.one_of(
        st.sampled_from(list("株洲日报讯记者摄民族文化传承和保护一一年月日")),
        st.sampled_from(list("，。、；：？！“”‘’（）《》……——,.;:?!\"'()[]-/%")),
        st.sampled_from([" ", "  ", "\n", "\n\n", "\u3000", "\t", "#", "## "]),
        st.sampled_from(list("0123456789ABCabcＡ１")),
        st.characters(),
        # Lone surrogates: `surrogateescape` decoding and many JSON sources produce them.
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
        st.sampled_from(["会议\udc80，", "\ud83d", "|上接1版", "▶下转02版", "\n\n\n|"]),
    ),
    max_size=200,
).map("".join)

# Any Python string at all, surrogates included (hypothesis leaves them out by default).
ANY_STR = st.text(st.characters(codec=None, exclude_categories=()), max_size=120)


def _check(name: str, text: str) -> None:
    result = get_pass(name).run(text)
    check_edits(text, result.edits)
    assert apply(text, result.edits) == result.output
    for e in result.edits:
        assert e.pass_name == name and e.rule in get_pass(name).rules


@pytest.mark.parametrize("name", PASS_NAMES)
def test_edits_reproduce_output_on_corpus_pages(name: str, page: Page) -> None:
    _check(name, page.raw)
    _check(name, page.gold)


@pytest.mark.parametrize("name", PASS_NAMES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=OCRISH)
def test_edits_reproduce_output_on_generated_text(name: str, text: str) -> None:
    _check(name, text)


@pytest.mark.parametrize("name", PASS_NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_STR)
def test_any_string_is_valid_input_and_surrogates_pass_through(name: str, text: str) -> None:
    _check(name, text)
    out = get_pass(name).run(text).output
    if name == "dedup":  # deletes whole repeated blocks, surrogates and all, naming the copy kept
        assert len(_surrogates(out)) <= len(_surrogates(text))
    else:
        assert _surrogates(out) == _surrogates(text)


@pytest.mark.parametrize("name", PASS_NAMES)
@pytest.mark.parametrize("ending", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_other_line_endings_are_valid_input_to_every_pass(name: str, ending: str, page: Page) -> None:
    """Old Mac (CR) and Windows (CR LF) line endings, every pass alone (no ``unicode`` before it
    to make them newlines): valid edits, no exception. ``columns`` read lines split at ``\\r``
    while it looked for ``\\n`` in the text, and raised an overlap error on 15 of 60 pages with
    CR endings."""
    _check(name, page.raw.replace("\n", ending))


def _surrogates(text: str) -> list[str]:
    return [c for c in text if 0xD800 <= ord(c) <= 0xDFFF]


@settings(max_examples=100, deadline=None)
@given(text=OCRISH)
@example(text="采 取 相应")  # benchmarks/fuzz.py: cjk-spacing judged a line once only
def test_every_profile_never_raises_and_safe_is_idempotent(text: str) -> None:
    for profile in ocrfix.list_profiles():
        r = ocrfix.repair(text, profile=profile)
        assert r.lone_surrogates == len(_surrogates(text))
    assert is_idempotent("safe", text)


def test_a_lone_surrogate_no_longer_crashes_dedup() -> None:
    # The reproduction: dedup hashed shingles with str.encode(), which refuses surrogates.
    para = "市政协召开专题协商会议\udc80，围绕民族文化传承和保护建言献策，提出意见建议二十余条。"
    r = ocrfix.repair(f"{para}\n\n{para}\n", profile="newspaper")
    assert r.text.count("\udc80") == 1  # the repeated paragraph went, its surrogate with it
    assert r.lone_surrogates == 2 and "2 lone surrogates" in r.summary()
