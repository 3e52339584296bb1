"""Build ocrfix's visual-neighbour table: which characters look like which, in print.

Renders every GB2312 hanzi (6,763) in several CJK typefaces from Debian packages, describes each
glyph by a blurred low-resolution bitmap plus a histogram of stroke directions (HOG-like), and
keeps, for every character, its top-k most similar characters by cosine similarity averaged over
the typefaces. The result is committed as ``src/ocrfix/resources/data/visual_neighbours.tsv``;
the pass never needs a font at run time.

Deterministic: the same fonts and parameters give the same file. Run (a few seconds per font)::

    apt-get install fonts-noto-cjk fonts-arphic-uming fonts-wqy-zenhei
    python benchmarks/glyphs/build_table.py            # writes the table
    python benchmarks/glyphs/build_table.py --probe 湫 鄱 钉   # prints neighbours, writes nothing

Output format: a header of ``#`` lines recording the parameters, then one line per character:
``char<TAB>neighbours<TAB>scores``, neighbours as one string of k characters, most similar first,
scores as space-separated integers 0..255 (round(255 * cosine)).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "ocrfix" / "resources" / "data" / "visual_neighbours.tsv"

#: (path, face index in the .ttc, weight in the ensemble). Serif (Song/Ming) first: newspapers
#: print body text in Song; sans (Hei) is used for headlines.
FONTS: list[tuple[str, int, float]] = [
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, 2.0),  # Noto Serif CJK SC
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, 1.0),  # AR PL UMing (Ming)
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, 1.0),  # Noto Sans CJK SC
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, 0.5),  # WenQuanYi Zen Hei
]
RENDER = 64  # px, font size of the rendering
GRID = 32  # px, side of the downsampled bitmap
BLUR = 1.0  # Gaussian radius on the 32 px bitmap
CELLS = 4  # HOG cells per side
BINS = 8  # orientation bins
HOG_WEIGHT = 1.0  # weight of the HOG block against the bitmap block (both L2-normalised)
TOPK = 50


def gb2312_hanzi() -> list[str]:
    """The 6,763 hanzi of GB2312 (levels 1 and 2), in code order."""
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.append(ch)
    return chars


def render(font: ImageFont.FreeTypeFont, ch: str) -> np.ndarray:
    size = RENDER + RENDER // 4
    img = Image.new("L", (size, size), 0)
    ImageDraw.Draw(img).text((size / 2, size / 2), ch, fill=255, font=font, anchor="mm")
    small = img.resize((GRID, GRID), Image.Resampling.LANCZOS)
    small = small.filter(ImageFilter.GaussianBlur(BLUR))
    return np.asarray(small, dtype=np.float32) / 255.0


def hog(bitmap: np.ndarray) -> np.ndarray:
    gy, gx = np.gradient(bitmap)
    mag = np.hypot(gx, gy)
    ang = np.mod(np.arctan2(gy, gx), np.pi)  # unsigned orientation
    idx = np.minimum((ang / np.pi * BINS).astype(int), BINS - 1)
    cell = GRID // CELLS
    out = np.zeros((CELLS, CELLS, BINS), dtype=np.float32)
    for cy in range(CELLS):
        for cx in range(CELLS):
            sl = (slice(cy * cell, (cy + 1) * cell), slice(cx * cell, (cx + 1) * cell))
            out[cy, cx] = np.bincount(idx[sl].ravel(), weights=mag[sl].ravel(), minlength=BINS)
    return out.ravel()


def features(path: str, index: int, chars: list[str]) -> np.ndarray:
    font = ImageFont.truetype(path, RENDER, index=index)
    rows = []
    for ch in chars:
        bm = render(font, ch)
        a = bm.ravel() - bm.mean()
        b = hog(bm)
        a /= np.linalg.norm(a) + 1e-6
        b /= np.linalg.norm(b) + 1e-6
        rows.append(np.concatenate([a, HOG_WEIGHT * b]))
    feats = np.stack(rows)
    return feats / np.linalg.norm(feats, axis=1, keepdims=True)


def similarity(chars: list[str], fonts: list[tuple[str, int, float]]) -> np.ndarray:
    total = sum(w for _, _, w in fonts)
    sim = np.zeros((len(chars), len(chars)), dtype=np.float32)
    for path, index, weight in fonts:
        t = time.perf_counter()
        f = features(path, index, chars)
        sim += (weight / total) * (f @ f.T)
        print(f"  {Path(path).name}: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    np.fill_diagonal(sim, -1.0)
    return sim


def top_k(sim: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    idx = np.argpartition(-sim, k, axis=1)[:, :k]
    rows = np.arange(sim.shape[0])[:, None]
    order = np.lexsort((idx, -sim[rows, idx]), axis=1)  # by score, ties by code order
    idx = idx[rows, order]
    return idx, sim[rows, idx]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("-k", type=int, default=TOPK)
    ap.add_argument("--probe", nargs="*", help="print the neighbours of these chars, write nothing")
    args = ap.parse_args(argv)
    fonts = [f for f in FONTS if Path(f[0]).exists()]
    missing = [f[0] for f in FONTS if not Path(f[0]).exists()]
    if missing:
        print(f"warning: fonts missing, ensemble reduced: {missing}", file=sys.stderr)
    chars = gb2312_hanzi()
    sim = similarity(chars, fonts)
    idx, scores = top_k(sim, args.k)
    if args.probe:
        pos = {c: i for i, c in enumerate(chars)}
        for ch in args.probe:
            i = pos[ch]
            print(
                ch, " ".join(f"{chars[j]}{s:.2f}" for j, s in zip(idx[i], scores[i], strict=True))
            )
        return 0
    header = [
        "# ocrfix visual-neighbour table, generated by benchmarks/glyphs/build_table.py",
        f"# chars=GB2312 hanzi ({len(chars)}) k={args.k} render={RENDER}px grid={GRID}px "
        f"blur={BLUR} hog={CELLS}x{CELLS}x{BINS} hog_weight={HOG_WEIGHT}",
    ]
    for path, index, weight in fonts:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
        header.append(f"# font {Path(path).name} face={index} weight={weight} sha256={digest}")
    header.append("# char<TAB>neighbours (most similar first)<TAB>scores = round(255 * cosine)")
    lines = header
    for i, ch in enumerate(chars):
        nb = "".join(chars[j] for j in idx[i])
        sc = " ".join(str(round(255 * max(0.0, float(s)))) for s in scores[i])
        lines.append(f"{ch}\t{nb}\t{sc}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
