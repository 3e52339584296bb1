"""The page model: printed lines with their widths, learnt from the page itself.

Real extractors print one printed line per line (``pdftotext``, Tesseract ``--psm 3``); the
structural passes read a page through this model instead of guessing from global thresholds.
"""

from ocrfix.layout.lines import Line, PageWidth, lines, page_width

__all__ = ["Line", "PageWidth", "lines", "page_width"]
