"""``punctuation`` on real lines of the seed pages, the gold texts and random text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ocrfix.edits import check_edits
from ocrfix.passes.punctuation import PunctuationOptions, punctuation
from ocrfix.passes.unicode import unicode_pass
from ocrfix.scoring import cer, cer_layout
from tests.conftest import SEEDS, seed_page

CASES_FILE = Path(__file__).parent / "data" / "punctuation_cases.tsv"


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        given_text, expected, note = line.split("\t")
        cases.append((given_text.replace("\\n", "\n"), expected.replace("\\n", "\n"), note))
    return cases


CASES = _cases()


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 80


@pytest.mark.parametrize(("text", "expected", "note"), CASES, ids=[c[2] for c in CASES])
def test_case(text: str, expected: str, note: str) -> None:
    result = punctuation(text)
    assert result.output == expected, note
    assert punctuation(result.output).output == result.output, "not idempotent"


@pytest.mark.parametrize("page_id", SEEDS)
def test_gold_needs_no_edits(page_id: str) -> None:
    gold = seed_page(page_id).gold
    first = unicode_pass(gold)
    second = punctuation(first.output)
    assert first.edits == ()
    assert second.edits == ()


@pytest.mark.parametrize("page_id", SEEDS)
def test_raw_gets_closer_to_gold(page_id: str) -> None:
    page = seed_page(page_id)
    out = punctuation(unicode_pass(page.raw).output).output
    assert cer(reference=page.gold, hypothesis=out) < cer(reference=page.gold, hypothesis=page.raw)
    assert cer_layout(reference=page.gold, hypothesis=out) < cer_layout(reference=page.gold, hypothesis=page.raw)


def test_unpaired_quotes_are_flagged_not_guessed() -> None:
    result = punctuation('政府搭台商会牵线助推农产品"走出去')
    assert result.edits == ()
    [flag] = result.flags
    assert flag.rule == "quote" and flag.confidence < 1


def test_guessed_fixes_are_less_than_certain() -> None:
    result = punctuation("近日.一名在美留学的株洲学子")
    [edit] = result.edits
    assert edit.rule == "dot" and edit.replacement == "，" and edit.confidence < 1


def test_options_switch_rules_off() -> None:
    options = PunctuationOptions(quotes=False, dots=False, yiyi_dash=False)
    text = '近日.他说"好"？一一完'
    assert punctuation(text, options).output == text


def test_rules_are_named() -> None:
    result = punctuation('4月9日,株洲(芦淞)"白关"...--近日.一名')
    assert {e.rule for e in result.edits} == {
        "fullwidth", "paren", "quote", "ellipsis", "dash", "dot"
    }


_ALPHABET = st.sampled_from(
    list('株洲日报讯记者一二三中文,.;:?!()"\'“”‘’…—-。，、 \nabcXYZ0123456789%/`[]')
)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
# benchmarks/fuzz.py found these: quotes were paired only once the other rules had run.
@example('"训,班|，"年轻人学.唱“')
@example('，模企”|2中小企业数.率""')
@example('”“。""')
@example('"..."市')
def test_properties(text: str) -> None:
    result = punctuation(text)
    check_edits(text, result.edits)
    assert punctuation(result.output).output == result.output


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_any_text(text: str) -> None:
    result = punctuation(text)
    # marks change width and kind, never number: the text keeps its length
    assert len(result.output) == len(text) or any(e.rule in ("ellipsis", "dash") for e in result.edits)


# Everything a rule of ``_line`` may touch, minus the marks of ``_TOUCHABLE``: such a line is
# skipped, so ``_line`` must find nothing in it.
_UNTOUCHABLE = st.text(
    st.sampled_from(list("我们市委春蕾行动一二三，。、；：？！（）《》【】 \t0123456789abcXYZ%/@#&*+=_~<>[]{}|\\\n")),
    max_size=40,
)


@given(_UNTOUCHABLE)
def test_lines_without_touchable_marks_have_no_edits(line: str) -> None:
    from ocrfix.passes.punctuation import _TOUCHABLE, _line

    if _TOUCHABLE.search(line) is None:
        assert _line(line, 0, set(), PunctuationOptions()) == ([], [])
