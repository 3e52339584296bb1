"""Shared fixtures: the corpus pages and the registered passes."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from ocrfix.edits import PassResult
from ocrfix.registry import available
from ocrfix.scoring import Page, load_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEEDS = ["zhuzhou-daily-2023-04-10", "zhuzhou-daily-2023-09-05"]

# The tune split only: the report split (corpora/report) is for benchmarks to report on, never
# for a test to tune against (benchmarks/README.md).
PAGES = [p for p in load_corpus(CORPORA) if p.split == "tune"] if CORPORA.exists() else []


def _sample(pages: list[Page]) -> list[Page]:
    """The seed pages and one generated page of each variant.

    The 90 generated pages repeat 10 articles through 9 variants; one page per variant covers
    every kind of damage while keeping the per-page tests (passes × pages) to a few minutes.
    """
    seen: set[str] = set()
    sample = []
    for p in pages:
        if p.id in SEEDS or p.group not in seen:
            sample.append(p)
            seen.add(p.group)
    return sample


SAMPLE = _sample(PAGES)

# The default run replays the same generated examples every time (derandomized), so CI fails
# for a reason that reproduces, never by luck of the draw. Searching for new counterexamples is
# a separate, deliberate run: `HYPOTHESIS_PROFILE=explore pytest --hypothesis-seed=N`. Pin what
# it finds with `@example` next to the property.
settings.register_profile("replay", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "replay"))
PASS_NAMES = sorted(available())


def seed_page(page_id: str) -> Page:
    for page in PAGES:
        if page.id == page_id:
            return page
    pytest.fail(f"corpus page {page_id} is missing from {CORPORA}")
    raise AssertionError  # unreachable; pytest.fail raises


@pytest.fixture(params=SAMPLE, ids=lambda p: p.id)
def page(request: pytest.FixtureRequest) -> Page:
    return request.param  # type: ignore[no-any-return]


def check_case(repair: Callable[[str], PassResult], case: Mapping[str, Any]) -> None:
    """A case of a ``tests/data/*_cases.json`` file: the output is the expected text, a
    ``negative`` case makes no edit, the ``rules`` it names are among the edits' rules, and a
    second run changes nothing."""
    result = repair(case["input"])
    assert result.output == case["expected"], case["source"]
    if case["kind"] == "negative":
        assert result.edits == ()
    assert set(case.get("rules", ())) <= {e.rule for e in result.edits}, case["source"]
    assert repair(result.output).edits == (), "not idempotent"
