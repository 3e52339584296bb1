"""Tune pages in the fonts and column counts the report split has (南溪晚报).

The first tune pages are all Noto Serif CJK SC in 3–5 columns. In AR PL UMing, WenQuanYi Zen Hei
and Noto Sans the lines of neighbouring columns share baselines, and ``pdftotext`` (default mode)
prints them row by row — one line of each column in turn — a shape the Noto Serif pages never
show. These six pages, typeset from the tune texts of ``../shared/texts`` (the ones the test case
files already use), give the tune split that shape, so that rules for it are designed on tune
text:

    python -m benchmarks.ocr_pages --only nanxi-evening-01     # → corpora/generated/
"""

from __future__ import annotations

from datetime import date

from benchmarks.ocr_pages.generate import Page, pack
from benchmarks.ocr_pages.report import TEXTS, articles_of

PAPER = "南溪晚报"
FIRST_DATE = date(2024, 9, 2)
FIRST_ISSUE = 5301
#: (text, columns, font, articles side by side)
SPECS = (
    ("constitution-2018.txt", 4, "AR PL UMing CN", False),
    ("spc-online-litigation-2021.txt", 5, "WenQuanYi Zen Hei", True),
    ("reg-business-environment-2019.txt", 6, "AR PL UMing CN", False),
    ("gov-report-2021.txt", 4, "WenQuanYi Zen Hei", False),
    ("constitution-2018.txt", 5, "Noto Sans CJK SC", True),
    ("gov-report-2021.txt", 6, "Noto Sans CJK SC", False),
)


def font_pages() -> list[Page]:
    """One page per spec, from the text's second quarter on (past the opening that every
    document of its kind shares); a text's second page takes a later group of articles."""
    pages = []
    for n, (text, cols, font, side_by_side) in enumerate(SPECS):
        articles = articles_of(TEXTS / text)
        groups = pack(articles[len(articles) // 4 :])
        # (the pages were typeset with this choice: a text's second page, the fifth and sixth
        # specs, takes the second group of articles)
        group = groups[min(n // 4 + 1, len(groups) - 1)] if n >= 4 else groups[0]
        day = date.fromordinal(FIRST_DATE.toordinal() + 7 * n)
        page = Page(f"nanxi-evening-{n + 1:02d}", PAPER, day, FIRST_ISSUE + 7 * n, group, cols)
        page.side_by_side = side_by_side
        page.font = font
        page.origin = sorted({a.source for a in group})
        pages.append(page)
    return pages
