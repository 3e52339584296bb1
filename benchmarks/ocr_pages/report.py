"""The report split: pages typeset from texts that no pass was designed on.

Four public-domain documents of ``../shared/texts`` (see its MANIFEST.md) are cut into
newspaper-sized articles — a section or chapter heading as the headline (``（续）`` when a
section runs over several articles), then its paragraphs — and packed into pages of a paper that
does not occur in the tune split, in layouts the tune pages do not have: 4 to 6 narrower
columns, and four fonts (Noto Serif and Noto Sans CJK SC, AR PL UMing, WenQuanYi Zen Hei).

    python -m benchmarks.ocr_pages --split report --list
    python -m benchmarks.ocr_pages --split report           # → corpora/report/

Nothing here may be used to design a rule, fit a weight or set a threshold: the pages exist to
report figures on text nobody looked at while tuning (benchmarks/README.md).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from benchmarks.ocr_pages.generate import ROOT, Article, Block, Page, pack

TEXTS = ROOT.parent / "shared" / "texts"
REPORT_TEXTS = (
    "gov-report-2022.txt",
    "gov-report-2024.txt",
    "law-pipl-2021.txt",
    "reg-migrant-wages-2019.txt",
)
PAPER = "临江日报"
FIRST_DATE = date(2025, 5, 12)
FIRST_ISSUE = 15230
FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei")
PAGES_PER_TEXT = 2
ARTICLE_CHARS = 900

_HEADING = re.compile(r"^(?:第[一二三四五六七八九十百]+章|[一二三四五六七八九十]+、)")


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line)) or (len(line) <= 24 and not line.endswith(("。", "：", "；")))


def articles_of(path: Path) -> list[Article]:
    """Articles of ``ARTICLE_CHARS`` or so, each headed by the section it is from; the
    document's own title lines (before the first paragraph) are left out."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    first_para = next(i for i, ln in enumerate(lines) if not _is_heading(ln))
    heading, part = lines[0], 0
    out: list[Article] = []
    body: list[Block] = []

    def flush() -> None:
        nonlocal part
        if body:
            head = heading if part == 0 else f"{heading}（续）"
            out.append(Article(path.name, [head], list(body)))
            body.clear()
            part += 1

    for ln in lines[first_para:]:
        if _is_heading(ln):
            flush()
            heading, part = ln.replace(" ", ""), 0
            continue
        body.append(Block("para", ln))
        if sum(len(b.text) for b in body) >= ARTICLE_CHARS:
            flush()
    flush()
    return out


def report_pages() -> list[Page]:
    """``PAGES_PER_TEXT`` pages from each report text, taken from its middle (past the opening
    that every document of its kind shares)."""
    pages: list[Page] = []
    for text in REPORT_TEXTS:
        arts = articles_of(TEXTS / text)
        groups = pack(arts[len(arts) // 4 :])[:PAGES_PER_TEXT]
        for group in groups:
            n = len(pages)
            day = date.fromordinal(FIRST_DATE.toordinal() + 7 * n)
            stem = text.removesuffix(".txt")
            page = Page(f"report-{stem}-{n % PAGES_PER_TEXT + 1}", PAPER, day,
                        FIRST_ISSUE + 7 * n, group, 4 + n % 3)  # fmt: skip
            page.side_by_side = n % 3 == 1
            page.font = FONTS[n % len(FONTS)]
            page.split = "report"
            page.origin = sorted({a.source for a in group})
            pages.append(page)
    return pages
