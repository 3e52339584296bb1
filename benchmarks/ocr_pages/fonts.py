"""Tune pages in the fonts and column counts the report split has (南溪晚报).

The first tune pages are all Noto Serif CJK SC in 3–5 columns. In AR PL UMing, WenQuanYi Zen Hei
and Noto Sans the lines of neighbouring columns share baselines, and ``pdftotext`` (default mode)
prints them row by row — one line of each column in turn — a shape the Noto Serif pages never
show. These pages, typeset from the tune texts of ``../shared/texts`` (the ones the test case
files already use), give the tune split that shape, so that rules for it are designed on tune
text; the last three also set articles side by side under numbered section headings
(``三、2021年重点工作（续）`` beside another), as the report pages do:

    python -m benchmarks.ocr_pages --only nanxi-evening-01     # → corpora/generated/
"""

from __future__ import annotations

from datetime import date

from benchmarks.ocr_pages.generate import Page, pack
from benchmarks.ocr_pages.report import TEXTS, articles_of

PAPER = "南溪晚报"
FIRST_DATE = date(2024, 9, 2)
FIRST_ISSUE = 5301
#: (text, columns, font, articles side by side, which group of the text's articles)
SPECS = (
    ("constitution-2018.txt", 4, "AR PL UMing CN", False, 0),
    ("spc-online-litigation-2021.txt", 5, "WenQuanYi Zen Hei", True, 0),
    ("reg-business-environment-2019.txt", 6, "AR PL UMing CN", False, 0),
    ("gov-report-2021.txt", 4, "WenQuanYi Zen Hei", False, 0),
    ("constitution-2018.txt", 5, "Noto Sans CJK SC", True, 2),
    ("gov-report-2021.txt", 6, "Noto Sans CJK SC", False, 2),
    # Articles side by side under numbered section headings (``三、…（续）`` beside another): a
    # row of two headlines inside a band of columns, which the first six pages do not have.
    ("gov-report-2021.txt", 5, "Noto Serif CJK SC", True, 1),
    ("reg-business-environment-2019.txt", 4, "AR PL UMing CN", True, 1),
    ("constitution-2018.txt", 6, "WenQuanYi Zen Hei", True, 3),
)


def font_pages() -> list[Page]:
    """One page per spec, from the text's second quarter on (past the opening that every
    document of its kind shares), each a different group of a text's articles."""
    pages = []
    for n, (text, cols, font, side_by_side, group_no) in enumerate(SPECS):
        articles = articles_of(TEXTS / text)
        group = pack(articles[len(articles) // 4 :])[group_no]
        day = date.fromordinal(FIRST_DATE.toordinal() + 7 * n)
        page = Page(f"nanxi-evening-{n + 1:02d}", PAPER, day, FIRST_ISSUE + 7 * n, group, cols)
        page.side_by_side = side_by_side
        page.font = font
        page.origin = sorted({a.source for a in group})
        pages.append(page)
    return pages
