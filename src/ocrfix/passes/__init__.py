"""Repair passes, one module each. Importing this package registers them all.

Order here is only the listing order; profiles decide the order passes run in.
"""

from ocrfix.passes import (
    cjk_spacing,
    columns,
    dedup,
    flow,
    furniture,
    punctuation,
    scan_noise,
    typos,
    unicode,
    unwrap,
)

__all__ = [
    "cjk_spacing",
    "columns",
    "dedup",
    "flow",
    "furniture",
    "punctuation",
    "scan_noise",
    "typos",
    "unicode",
    "unwrap",
]
