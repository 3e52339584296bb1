"""``unwrap``: printed lines joined into paragraphs, from the page's own line width.

Cases live in ``tests/data/unwrap_cases.json`` in ftfy's manner: ``synthetic`` (paragraphs of
``../shared/texts`` wrapped at a measure), ``in-the-wild`` (tune-split corpus pages, checked
against their gold), ``negative`` (text that must come out as it went in, or only gain paragraph
breaks) and ``known-failures`` (kept visible; they fail today).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocrfix.passes.unwrap import UnwrapOptions, unwrap
from ocrfix.registry import get_pass
from tests.conftest import PAGES

CASES = json.loads((Path(__file__).parent / "data" / "unwrap_cases.json").read_text("utf-8"))


def _cases(*kinds: str) -> list[dict[str, str]]:
    return [c for c in CASES if c["kind"] in kinds]


@pytest.mark.parametrize("case", _cases("synthetic", "in-the-wild", "negative"),
                         ids=lambda c: c["source"][:50])
def test_case(case: dict[str, str]) -> None:
    result = unwrap(case["input"])
    assert result.output == case["expected"], case["source"]
    assert unwrap(result.output).edits == (), "not idempotent"


@pytest.mark.parametrize("case", _cases("known-failures"), ids=lambda c: c["source"][:50])
@pytest.mark.xfail(strict=True, reason="see the case's source")
def test_known_failure(case: dict[str, str]) -> None:
    assert unwrap(case["input"]).output == case["expected"]


def test_no_edit_on_any_gold_text() -> None:
    assert len(PAGES) >= 3
    for page in PAGES:
        assert unwrap(page.gold).edits == (), page.id


def test_the_measure_is_learnt_from_the_page() -> None:
    """The same paragraph wrapped at 24 and at 40 cells comes back whole both times."""
    para = "人力资源社会保障行政部门负责保障农民工工资支付工作的组织协调、管理指导和监督检查。"
    for measure in (12, 20):  # ideographs a line: 24 and 40 cells
        lines = [para[i : i + measure] for i in range(0, len(para), measure)]
        assert len(lines[-1]) < measure - 2  # the paragraph's last line falls short
        text = "\n".join(lines * 3) + "\n"
        assert unwrap(text).output == "\n\n".join([para] * 3) + "\n", measure


def test_each_join_says_why() -> None:
    case = _cases("in-the-wild")[0]
    edits = unwrap(case["input"]).edits
    joins = [e for e in edits if e.rule == "line-join"]
    assert joins and all("measure" in e.reason or "closing marks" in e.reason for e in joins)
    assert {e.rule for e in edits} <= set(get_pass("unwrap").rules)


def test_blank_lines_inside_paragraphs_can_be_kept() -> None:
    case = next(c for c in _cases("synthetic") if "Tesseract-style blank lines" in c["source"])
    kept = unwrap(case["input"], UnwrapOptions(blank_lines=False))
    assert all(e.rule != "blank-line-join" for e in kept.edits)
    assert kept.output != case["expected"]


def test_pages_set_in_different_widths_are_each_unwrapped() -> None:
    """``pdftotext`` prints a whole PDF, page after page (a form feed between, a newline once
    ``unicode`` has run): two tune pages of 40 and 26 cells a line. Few lines fill one measure
    for both (32%), most fill their own (75%); before, the pass saw no hard wrapping and joined
    nothing, now each page is joined as it is alone."""
    pages = {p.id: p.raw for p in PAGES}
    wide = pages["nanxi-evening-01-text-layer-raw"]
    narrow = pages["nanxi-evening-03-text-layer-raw"]
    both = unwrap(wide + "\n" + narrow)
    alone = len(unwrap(wide).edits), len(unwrap(narrow).edits)
    first = sum(1 for e in both.edits if e.start < len(wide))
    assert first >= 0.9 * alone[0]
    assert len(both.edits) - first >= 0.9 * alone[1]
