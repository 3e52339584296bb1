"""Invariants of every registered pass, on every corpus page and on generated text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
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
    ),
    max_size=200,
).map("".join)


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


@settings(max_examples=100, deadline=None)
@given(text=OCRISH)
def test_every_profile_never_raises_and_safe_is_idempotent(text: str) -> None:
    for profile in ocrfix.list_profiles():
        ocrfix.repair(text, profile=profile)
    assert is_idempotent("safe", text)
