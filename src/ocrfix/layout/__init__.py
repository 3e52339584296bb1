"""The page model every structural pass reads a page through.

- :mod:`~ocrfix.layout.lines`: printed lines and the page's own line width, learnt from the page
  (``pdftotext``, Tesseract ``--psm 3`` print one printed line per line);
- :mod:`~ocrfix.layout.gutters`: columns printed side by side on one line and the gutters
  between them (``pdftotext -layout``, Tesseract ``--psm 4/6``);
- :mod:`~ocrfix.layout.blocks`: blocks, the blank-line separated paragraphs (one ``Block`` type
  for ``dedup``, ``flow`` and ``furniture``);
- :mod:`~ocrfix.layout.patterns`: what a heading, list item, credit end or sentence end looks
  like; :mod:`~ocrfix.layout.furniture`: what page furniture looks like.
"""

from ocrfix.layout.blocks import Block, split_blocks
from ocrfix.layout.lines import Line, PageWidth, lines, page_width

__all__ = ["Block", "Line", "PageWidth", "lines", "page_width", "split_blocks"]
