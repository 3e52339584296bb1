"""The generated OCR pages (corpora/generated) and their generator (benchmarks/ocr_pages)."""

from __future__ import annotations

import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "corpora" / "generated"
CASES = sorted(p.parent for p in GENERATED.glob("*/meta.toml"))
VARIANTS = {
    "scan-light",
    "scan-medium",
    "scan-heavy",
    "scan-light-block",
    "scan-medium-block",
    "scan-heavy-block",
    "scan-light-psm4",
    "scan-medium-psm4",
    "scan-heavy-psm4",
    "text-layer-default",
    "text-layer-raw",
    "text-layer-layout",
}
REQUIRED = {"id", "kind", "variant", "page", "seed", "command", "tools"}
TOOLS = {"tesseract", "leptonica", "poppler", "chromium", "font_file", "font_package"}


def _cer(raw: str, gold: str) -> float:
    a, b = re.sub(r"\s", "", raw), re.sub(r"\s", "", gold)
    return Levenshtein.distance(a, b) / max(1, len(b))


def test_enough_generated_cases() -> None:
    assert len(CASES) >= 30
    gold_chars = sum(len(re.sub(r"\s", "", (c / "gold").read_text("utf-8"))) for c in CASES)
    assert gold_chars >= 60_000


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_generated_case_is_complete(case: Path) -> None:
    meta = tomllib.loads((case / "meta.toml").read_text(encoding="utf-8"))
    assert meta.keys() >= REQUIRED
    assert meta["id"] == case.name
    assert meta["variant"] in VARIANTS
    assert meta["kind"] == ("tesseract" if meta["variant"].startswith("scan") else "pdftotext")
    assert meta["tools"].keys() >= TOOLS
    if meta["kind"] == "tesseract":
        assert {"scale", "skew_deg", "blur_radius", "noise_sigma", "jpeg_quality"} <= meta[
            "degradation"
        ].keys()
    raw = (case / "raw").read_bytes().decode("utf-8")
    gold = (case / "gold").read_bytes().decode("utf-8")
    assert raw.strip() and gold.endswith("\n") and not gold.endswith("\n\n")
    assert "\r" not in gold and "\n\n\n" not in gold


def _tools_missing() -> str | None:
    from benchmarks.ocr_pages.generate import chromium_binary

    for tool in ("tesseract", "pdftotext"):
        if shutil.which(tool) is None:
            return tool
    if chromium_binary() is None:
        return "chromium"
    return None


def test_generator_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    pytest.importorskip("numpy")
    missing = _tools_missing()
    if missing:
        pytest.skip(f"{missing} is not installed")
    from benchmarks.ocr_pages.generate import ARTICLES, Page, generate_page, parse_article

    article = parse_article(ARTICLES / "05-school.txt")
    page = Page("test-page", "测试日报", date(2024, 3, 4), 1, [article], 3)
    ids = generate_page(
        page, tmp_path / "out", tmp_path / "build", ["scan-light", "text-layer-raw"]
    )
    assert sorted(ids) == ["test-page-scan-light", "test-page-text-layer-raw"]
    for case_id in ids:
        case = tmp_path / "out" / case_id
        raw = (case / "raw").read_text(encoding="utf-8")
        gold = (case / "gold").read_text(encoding="utf-8")
        assert gold == page.gold()
        chars = re.sub(r"\s", "", raw)
        assert chars, case_id
        han = sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff")
        assert han / len(chars) > 0.6, case_id
        assert _cer(raw, gold) < 0.5, case_id
        meta = tomllib.loads((case / "meta.toml").read_text(encoding="utf-8"))
        assert meta["page"] == "test-page"
