"""Paragraphs: the blank-line separated blocks that dedup, furniture and flow work on.

>>> [tuple(p) for p in paragraphs("甲乙\\n\\n  丙丁  \\n\\n\\n\\n戊")]
[(0, 2, False), (6, 8, False), (14, 15, True)]
"""

from __future__ import annotations

from typing import NamedTuple

import regex

# A blank line (spaces allowed on it) and all the whitespace after it.
_SEPARATOR = regex.compile(r"\n[^\S\n]*\n\s*")


class Paragraph(NamedTuple):
    """``text[start:end]`` is the paragraph without surrounding whitespace."""

    start: int
    end: int
    # The separator before it holds two or more blank lines: where a converter dropped an image.
    after_gap: bool


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of ``text``, in order."""
    out: list[Paragraph] = []
    pos = 0
    gap = False
    for sep in [*_SEPARATOR.finditer(text), None]:
        sep_start, sep_end = sep.span() if sep else (len(text), len(text))
        segment = text[pos:sep_start]
        body = segment.strip()
        if body:
            start = pos + len(segment) - len(segment.lstrip())
            out.append(Paragraph(start, start + len(body), gap))
        gap = sep is not None and sep.group().count("\n") >= 3
        pos = sep_end
    return out
