"""Build ocrfix's visual-neighbour table: which characters look like which, in print.

Renders every GB2312 hanzi (6,763) in several CJK typefaces from Debian packages, describes each
glyph by a blurred low-resolution bitmap plus a histogram of stroke directions (HOG-like), and
keeps, for every character, its top-k most similar characters by cosine similarity averaged over
the typefaces. The result is committed as ``src/ocrfix/resources/data/visual_neighbours.tsv``;
the pass never needs a font at run time.

Deterministic and self-describing:

- the arithmetic is float64 from the 8-bit glyph bitmaps (gradients are exact, a gradient on a
  HOG bin boundary — horizontal, vertical, diagonal — always lands in the same bin), so the
  differences between BLAS kernels and SIMD paths of CPUs (~1e-15) stay far below a rounding
  step of the written score (not tried on a second CPU);
- neighbours are ranked by the score that is written, ``round(255 * cosine)``, ties broken by
  code point, so the order never depends on float noise below the written precision;
- the header records the parameters, the versions of Python, numpy, Pillow and FreeType, and the
  SHA-256 (and Debian package, when dpkg knows it) of every font file.

What is *not* invariant: the glyph bitmaps come from FreeType (through Pillow's resize and blur),
and other FreeType / Pillow versions rasterise slightly differently: about a fifth of the scores
move by ±1 and most neighbour lists change (see ``benchmarks/glyphs/README.md``). Rebuild with the
versions in the header to reproduce the file byte for byte; ``--check`` tells whether a rebuild
here matches the committed file. Run (~1 minute)::

    apt-get install fonts-noto-cjk fonts-arphic-uming fonts-wqy-zenhei
    python benchmarks/glyphs/build_table.py            # writes the table
    python benchmarks/glyphs/build_table.py --check    # rebuild, compare, write nothing
    python benchmarks/glyphs/build_table.py --probe 湫 鄱 钉   # prints neighbours, writes nothing

Output format: a header of ``#`` lines recording the parameters, then one line per character:
``char<TAB>neighbours<TAB>scores``, neighbours as one string of k characters, most similar first,
scores as space-separated integers 0..255 (round(255 * cosine)). Ranks k+1..250 of each row go
beside it in ``visual_far.u16`` (the neighbours' row numbers in the table) and ``visual_far.u8``
(their scores): the distant look-alikes that ``typos`` tries when no nearer one makes a word.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from PIL import features as pil_features

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "ocrfix" / "resources" / "data" / "visual_neighbours.tsv"
#: The distant ranks (TOPK+1 .. FAR) go beside the table in two arrays: the neighbours' row
#: numbers in the table (``visual_far.u16``) and their scores (``visual_far.u8``), row-major,
#: ``FAR - TOPK`` a row, little-endian. 2.7 + 1.4 MB: as text they would be 10 MB.
FAR_SUFFIXES = (".u16", ".u8")

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
#: How deep the distant look-alikes go (the ``visual-distant`` rule of ``typos``): R@50 is only
#: 0.246 of Tesseract's substitutions, so most misreads lie past the top 50; 250 ranks keep the
#: arrays near 4 MB.
FAR = 250
#: A gradient within this fraction of a bin of a bin boundary counts as on it (upper bin). With
#: integer grey levels only axis-parallel and diagonal gradients sit on a boundary; every other
#: angle of the 4 × 6,763 glyphs is ≥ 1.5e-4 bin away, far above the error of any libm's atan2.
BIN_EPS = 1e-9
#: Pillow's basic layout: one glyph needs no shaping, and it keeps libraqm/HarfBuzz out of it.
LAYOUT = ImageFont.Layout.BASIC


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
    """The glyph of ``ch``, centred, as a GRID×GRID array of grey levels 0..255 (float64)."""
    size = RENDER + RENDER // 4
    img = Image.new("L", (size, size), 0)
    ImageDraw.Draw(img).text((size / 2, size / 2), ch, fill=255, font=font, anchor="mm")
    small = img.resize((GRID, GRID), Image.Resampling.LANCZOS)
    small = small.filter(ImageFilter.GaussianBlur(BLUR))
    return np.asarray(small, dtype=np.uint8).astype(np.float64)


def hog(bitmap: np.ndarray) -> np.ndarray:
    """Histogram of unsigned gradient orientations, CELLS×CELLS cells × BINS bins."""
    gy, gx = np.gradient(bitmap)  # exact: halves of integer differences
    mag = np.hypot(gx, gy)
    pos = np.mod(np.arctan2(gy, gx), np.pi) / np.pi * BINS  # unsigned orientation, in bins
    idx = np.floor(pos + BIN_EPS).astype(int) % BINS
    cell = GRID // CELLS
    out = np.zeros((CELLS, CELLS, BINS), dtype=np.float64)
    for cy in range(CELLS):
        for cx in range(CELLS):
            sl = (slice(cy * cell, (cy + 1) * cell), slice(cx * cell, (cx + 1) * cell))
            out[cy, cx] = np.bincount(idx[sl].ravel(), weights=mag[sl].ravel(), minlength=BINS)
    return out.ravel()


def features(path: str, index: int, chars: list[str]) -> np.ndarray:
    """One L2-normalised feature row per character: centred bitmap + weighted HOG block."""
    font = ImageFont.truetype(path, RENDER, index=index, layout_engine=LAYOUT)
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


def similarity(
    chars: list[str], fonts: list[tuple[str, int, float]], others: list[str] | None = None
) -> np.ndarray:
    """Weighted mean cosine of ``chars`` (rows) against ``others`` (columns; default: ``chars``,
    with the diagonal set to -1)."""
    cols = chars if others is None else others
    total = sum(w for _, _, w in fonts)
    sim = np.zeros((len(chars), len(cols)), dtype=np.float64)
    for path, index, weight in fonts:
        t = time.perf_counter()
        f = features(path, index, chars)
        g = f if others is None else features(path, index, cols)
        sim += (weight / total) * (f @ g.T)
        if len(chars) > 1000:
            print(f"  {Path(path).name}: {time.perf_counter() - t:.1f} s", file=sys.stderr)
    if others is None:
        np.fill_diagonal(sim, -1.0)
    return sim


def scores_of(sim: np.ndarray) -> np.ndarray:
    """The written score: round(255 * cosine), negative cosines as 0 (half to even)."""
    return np.rint(255.0 * np.clip(sim, 0.0, None)).astype(np.int32)


def top_k(sim: np.ndarray, k: int, chars: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and scores of the ``k`` best neighbours of each row: by written score,
    ties by code point (lower first); a character is never its own neighbour."""
    n = len(chars)
    score = scores_of(sim)
    cp_rank = np.argsort(np.argsort([ord(c) for c in chars]))  # 0 = lowest code point
    key = score * n + (n - 1 - cp_rank)[None, :]  # unique in a row, larger = better
    np.fill_diagonal(key, -1)
    idx = np.argpartition(-key, k - 1, axis=1)[:, :k]
    rows = np.arange(n)[:, None]
    idx = idx[rows, np.argsort(-key[rows, idx], axis=1)]
    return idx, score[rows, idx]


def environment() -> dict[str, str]:
    """The versions that decide the output (FreeType rasterises, Pillow resizes and blurs)."""
    import PIL

    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pillow": PIL.__version__,
        "freetype": str(pil_features.version("freetype2")),
    }


def font_package(path: str) -> str | None:
    """``name=version`` of the Debian package that ships ``path``, if dpkg knows it."""
    if shutil.which("dpkg-query") is None:
        return None
    try:
        owner = subprocess.run(
            ["dpkg-query", "-S", path], capture_output=True, text=True, check=True
        ).stdout.split(":")[0]
        version = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", owner], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{owner}={version}" if owner and version else None


def sha256(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def header_lines(n_chars: int, k: int, fonts: list[tuple[str, int, float]]) -> list[str]:
    env = environment()
    header = [
        "# ocrfix visual-neighbour table, generated by benchmarks/glyphs/build_table.py",
        f"# chars=GB2312 hanzi ({n_chars}) k={k} render={RENDER}px grid={GRID}px "
        f"blur={BLUR} hog={CELLS}x{CELLS}x{BINS} hog_weight={HOG_WEIGHT} layout=basic "
        "arithmetic=float64",
        "# built with " + " ".join(f"{name}={version}" for name, version in env.items()),
    ]
    for path, index, weight in fonts:
        line = f"# font {Path(path).name} face={index} weight={weight} sha256={sha256(path)}"
        package = font_package(path)
        header.append(line + (f" package={package}" if package else ""))
    header.append(
        "# char<TAB>neighbours (most similar first, ties by code point)<TAB>"
        "scores = round(255 * cosine)"
    )
    return header


def read_header(path: Path) -> dict[str, str]:
    """``key=value`` pairs of a table's ``# built with`` line and ``font FILE sha256=…`` lines
    (as ``font:FILE`` → sha256): what a rebuild must match to reproduce the file."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                break
            if line.startswith("# built with "):
                out.update(kv.split("=", 1) for kv in line[len("# built with ") :].split())
            elif m := re.match(r"# font (\S+) .*sha256=([0-9a-f]+)", line):
                out[f"font:{m[1]}"] = m[2]
    return out


def table_lines(chars: list[str], idx: np.ndarray, scores: np.ndarray) -> list[str]:
    return [
        f"{ch}\t{''.join(chars[j] for j in idx[i])}\t{' '.join(str(int(s)) for s in scores[i])}"
        for i, ch in enumerate(chars)
    ]


def far_paths(table: Path) -> list[Path]:
    """Where the distant ranks of ``table`` go: ``visual_far.u16`` and ``visual_far.u8``."""
    return [table.with_name("visual_far" + suffix) for suffix in FAR_SUFFIXES]


def far_arrays(idx: np.ndarray, scores: np.ndarray) -> tuple[bytes, bytes]:
    """The distant ranks as the bytes of the two files: row numbers, scores."""
    return idx.astype("<u2").tobytes(), scores.astype(np.uint8).tobytes()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("-k", type=int, default=TOPK)
    ap.add_argument("--far", type=int, default=FAR, help="distant ranks k+1..FAR (other files)")
    ap.add_argument("--probe", nargs="*", help="print the neighbours of these chars, write nothing")
    ap.add_argument(
        "--check", action="store_true", help="rebuild and compare with --out, write nothing"
    )
    args = ap.parse_args(argv)
    fonts = [f for f in FONTS if Path(f[0]).exists()]
    missing = [f[0] for f in FONTS if not Path(f[0]).exists()]
    if missing:
        print(f"warning: fonts missing, ensemble reduced: {missing}", file=sys.stderr)
    chars = gb2312_hanzi()
    sim = similarity(chars, fonts)
    deep_idx, deep_scores = top_k(sim, max(args.k, args.far), chars)
    idx, scores = deep_idx[:, : args.k], deep_scores[:, : args.k]
    far = far_arrays(deep_idx[:, args.k : args.far], deep_scores[:, args.k : args.far])
    if args.probe:
        pos = {c: i for i, c in enumerate(chars)}
        for ch in args.probe:
            i = pos[ch]
            print(ch, " ".join(f"{chars[j]}{s}" for j, s in zip(idx[i], scores[i], strict=True)))
        return 0
    text = "\n".join(header_lines(len(chars), args.k, fonts) + table_lines(chars, idx, scores))
    text += "\n"
    if args.check:
        old = args.out.read_text(encoding="utf-8").splitlines()
        new = text.splitlines()
        body_old = [ln for ln in old if not ln.startswith("#")]
        body_new = [ln for ln in new if not ln.startswith("#")]
        differ = sum(a != b for a, b in zip(body_old, body_new, strict=False))
        differ += abs(len(body_old) - len(body_new))
        was, now = read_header(args.out), environment()
        print(f"{differ} of {len(body_new)} lines differ from {args.out}")
        for path, data in zip(far_paths(args.out), far, strict=True):
            same = path.exists() and path.read_bytes() == data
            print(f"{path.name}: {'identical' if same else 'DIFFERS'}")
            differ += not same
        for key, version in now.items():
            if was.get(key) != version:
                print(f"  {key}: {was.get(key, 'not recorded')} in the file, {version} here")
        return 1 if differ else 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    for path, data in zip(far_paths(args.out), far, strict=True):
        path.write_bytes(data)
        print(f"wrote {path} ({len(data) / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
