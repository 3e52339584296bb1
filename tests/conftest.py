"""Shared fixtures: the corpus pages and the registered passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocrfix.registry import available
from ocrfix.scoring import Page, load_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEEDS = ["zhuzhou-daily-2023-04-10", "zhuzhou-daily-2023-09-05"]

PAGES = load_corpus(CORPORA) if CORPORA.exists() else []
PASS_NAMES = sorted(available())


def seed_page(page_id: str) -> Page:
    for page in PAGES:
        if page.id == page_id:
            return page
    pytest.fail(f"corpus page {page_id} is missing from {CORPORA}")
    raise AssertionError  # unreachable; pytest.fail raises


@pytest.fixture(params=PAGES, ids=lambda p: p.id)
def page(request: pytest.FixtureRequest) -> Page:
    return request.param  # type: ignore[no-any-return]
