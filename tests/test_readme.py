"""The README's examples print what ocrfix prints: its sample diff and its Python API lines."""

from __future__ import annotations

import re

import ocrfix
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    """The first ```text block after ``marker``."""
    start = README.index("```text\n", README.index(marker)) + len("```text\n")
    return README[start : README.index("```", start)]


def test_the_sample_diff_is_what_the_bundled_pages_print() -> None:
    """Each hunk of the sample (header, window, first reason line) is in the diff of one of the
    three pages it names (the bundled page and the two seed pages)."""
    sample = _block_after("The diff has one hunk per edit")
    pages = [
        "corpora/generated/qingxi-daily-01-text-layer-raw",
        "corpora/zhuzhou-daily-2023-09-05",
        "corpora/zhuzhou-daily-2023-04-10",
    ]
    printed = "\n".join(
        ocrfix.repair((ROOT / page / "raw").read_text(encoding="utf-8")).readable_diff()
        for page in pages
    )
    hunks = re.split(r"\n(?=@@ )", sample.strip())
    assert len(hunks) == 3
    for hunk in hunks:
        assert hunk in printed, hunk


def test_the_python_api_example_prints_what_the_readme_says() -> None:
    r = ocrfix.repair("调研组仔细参观故居陈列、观 看历史图片", profile="safe")
    assert repr(r.text) in README
    assert repr(r.summary()) in README
    (edit,) = r.edits
    assert f"Edit(start={edit.start}, end={edit.end}, replacement='', pass_name='cjk-spacing'" in README
    hunk = r.readable_diff()
    assert "陈列、观[- -]看历史图片" in hunk
    assert f"line-break-space ({edit.confidence:.2f})" in README
