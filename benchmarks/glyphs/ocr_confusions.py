"""Collect real Tesseract substitutions on rendered word lists: the tuning split of the typos pass.

Frequent dictionary words (jieba's dict.txt, a fixed random sample) are set as lines of text in
the table's typefaces, lightly degraded (scaled down and up, blurred, noise), OCR'd with
``tesseract -l chi_sim --psm 6``, and aligned to the truth line by line. Every 1:1 hanzi
substitution is written as ``truth<TAB>ocr<TAB>truth line<TAB>ocr line``.

This is the split the table and the pass are tuned on; the evaluation uses the rendered newspaper
pages in ``corpora/generated`` (different text, different pipeline), never this file.

    python benchmarks/glyphs/ocr_confusions.py --pages 24 --out /tmp/tune_subs.tsv
"""

from __future__ import annotations

import argparse
import random
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz.distance import Levenshtein

from ocrfix.resources.wordlist import JIEBA, wordlist

FONTS = [
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
]
LINE_CHARS = 24
LINES = 24


def word_lines(rng: random.Random, n_lines: int) -> list[str]:
    wl = wordlist()
    words = [w for w, i in wl.table.items() if 2 <= len(w) <= 4 and wl.table.at(i, JIEBA) >= 200]
    words.sort()
    lines = []
    for _ in range(n_lines):
        line = ""
        while len(line) < LINE_CHARS:
            line += rng.choice(words) + ("，" if rng.random() < 0.15 else "")
        lines.append(line[:LINE_CHARS])
    return lines


def render_page(
    lines: list[str], font_path: str, index: int, size: int, level: int, rng: random.Random
) -> Image.Image:
    font = ImageFont.truetype(font_path, size, index=index)
    w, h = size * (LINE_CHARS + 2), int(size * 1.6) * (len(lines) + 1)
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((size, size // 2 + i * int(size * 1.6)), line, fill=0, font=font)
    if level:
        f = [1.0, 0.6, 0.45][level]
        img = img.resize((int(w * f), int(h * f)), Image.Resampling.BILINEAR)
        img = img.filter(ImageFilter.GaussianBlur(0.4 * level))
        arr = np.asarray(img, dtype=np.float32)
        arr += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 12 * level, arr.shape)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return img


def ocr(img: Image.Image) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "page.png"
        img.save(p)
        out = subprocess.run(
            ["tesseract", str(p), "-", "-l", "chi_sim", "--psm", "6"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return [ln.replace(" ", "") for ln in out.splitlines() if ln.strip()]


def substitutions(truth: str, got: str) -> list[tuple[str, str]]:
    subs = []
    for op in Levenshtein.editops(truth, got):
        if op.tag == "replace":
            a, b = truth[op.src_pos], got[op.dest_pos]
            if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff":
                subs.append((a, b))
    return subs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=24)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("/tmp/tune_subs.tsv"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = []
    total = 0
    for page in range(args.pages):
        font_path, index = FONTS[page % len(FONTS)]
        level = page % 3
        lines = word_lines(rng, LINES)
        got = ocr(render_page(lines, font_path, index, 28, level, rng))
        # align lines by best match (OCR may drop/merge lines)
        for truth in lines:
            total += len(truth)
            best = min(got, key=lambda g, t=truth: Levenshtein.distance(t, g), default="")
            if Levenshtein.distance(truth, best) > len(truth) // 2:
                continue
            for a, b in substitutions(truth, best):
                rows.append(f"{a}\t{b}\t{truth}\t{best}")
        print(f"page {page}: {len(rows)} substitutions so far / {total} chars", flush=True)
    args.out.write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
