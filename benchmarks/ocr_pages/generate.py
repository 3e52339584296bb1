"""Generate newspaper pages with real OCR damage: typeset, render, degrade, OCR.

Gold article texts (``articles/*.txt`` plus the seed pages' gold, split into articles) are typeset
as newspaper pages (HTML/CSS, Noto Serif CJK SC), rendered with headless Chromium to PNG and PDF,
then turned back into text with real tools: the PNG is degraded at three severities and read by
Tesseract (``--psm 3`` and ``--psm 6``), the PDF's text layer is read by ``pdftotext`` (default,
``-raw``, ``-layout``). Each result is written to ``corpora/generated/<page>-<variant>/``.

Run from the repository root::

    python -m benchmarks.ocr_pages            # everything
    python -m benchmarks.ocr_pages --only qingxi-daily-01 --jobs 2
"""

from __future__ import annotations

import argparse
import html
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ARTICLES = HERE / "articles"
TEMPLATE = HERE / "template.css"
BUILD = HERE / "build"
OUT = ROOT / "corpora" / "generated"

#: Seed pages whose gold is split into articles and re-typeset (used when the gold file exists).
SEED_PAGES: tuple[tuple[str, str, date, int], ...] = (
    ("zhuzhou-daily-2023-04-10", "株洲日报", date(2023, 4, 10), 23271),
    ("zhuzhou-daily-2023-09-05", "株洲日报", date(2023, 9, 5), 23415),
)
OWN_PAPER = "青溪日报"
OWN_FIRST_DATE = date(2024, 3, 4)
OWN_FIRST_ISSUE = 8126
PAGE_CHARS = 3000  # target body characters per page
WIDTH_CSS = 1400  # page width in CSS px
HEIGHT_CSS = 3000  # screenshot height; the white bottom is cropped away
SCALE = 2  # device scale factor: 2800 px wide ≈ A3 width at 240 dpi
DPI = 240
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--font-render-hinting=none",
)
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Severity:
    """Scan degradation parameters for one severity."""

    name: str
    scale: float  # resize factor applied to the 240-dpi rendering
    skew_deg: float  # rotation, sign chosen by the seed
    blur_radius: float  # Gaussian blur radius in px (after scaling)
    noise_sigma: float  # Gaussian noise, grey levels
    speckle: float  # fraction of pixels turned into dark/light specks
    contrast: float  # ink contrast kept (1.0 = black ink on white)
    jpeg_quality: int


SEVERITIES: dict[str, Severity] = {
    "light": Severity("light", 1.0, 0.15, 0.6, 6.0, 0.0, 0.95, 85),
    "medium": Severity("medium", 0.72, 0.7, 0.8, 12.0, 0.0005, 0.85, 60),
    "heavy": Severity("heavy", 0.6, 1.2, 0.8, 15.0, 0.001, 0.8, 45),
}
PSM_VARIANTS = {"": 3, "-block": 6, "-psm4": 4}  # variant suffix -> tesseract page segmentation mode
TEXT_LAYER = {"default": [], "raw": ["-raw"], "layout": ["-layout"]}


def variants() -> list[str]:
    """All variant names, in output order."""
    scans = [f"scan-{s}{suffix}" for suffix in PSM_VARIANTS for s in SEVERITIES]
    return scans + [f"text-layer-{t}" for t in TEXT_LAYER]


# --------------------------------------------------------------------------------------------
# Articles and pages


@dataclass
class Block:
    """One typeset paragraph: ``para``, ``subhead``, ``byline`` or ``caption`` (with a photo)."""

    kind: str
    text: str


@dataclass
class Article:
    """A headline (one or more lines) and its body blocks."""

    source: str
    headline: list[str]
    blocks: list[Block]

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.headline) + sum(len(b.text) for b in self.blocks)


@dataclass
class Page:
    """A page to typeset: its masthead and articles, in reading order."""

    id: str
    paper: str
    day: date
    issue: int
    articles: list[Article]
    columns: int
    side_by_side: bool = False  # pair short articles in rows (Tesseract often misorders these)
    origin: list[str] = field(default_factory=list)
    font: str = "Noto Serif CJK SC"
    split: str = "tune"  # "report": texts no pass was designed on (see benchmarks/README.md)

    @property
    def masthead(self) -> str:
        weekday = "星期" + WEEKDAYS[self.day.weekday()]
        day = f"{self.day.year}年{self.day.month}月{self.day.day}日"
        return f"{self.paper} {day} {weekday} 第{self.issue}期"

    def gold(self) -> str:
        """The page's text in reading order, one paragraph per line, blank line between."""
        paras = [self.masthead]
        for art in self.articles:
            paras += art.headline
            paras += [b.text for b in art.blocks]
        return gold_punctuation("\n\n".join(paras) + "\n")


#: ASCII punctuation that the gold conventions (corpora/README.md, rule 5: GB/T 15834) print
#: full-width in Chinese text. A source document may have a stray ASCII mark
#: (``物品;对有证据证明``): the page prints it as it is, the proof-reader's gold does not.
_FULL_WIDTH = str.maketrans(",;:?!()", "，；：？！（）")
_CHINESE = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"  # ideographs, full-width marks
_MARK_BY_CHINESE = re.compile(rf"(?<={_CHINESE})[,;:?!]|[,;:?!](?={_CHINESE})")
_PARENS = re.compile(r"\(([^()\n]*)\)")


def gold_punctuation(text: str) -> str:
    """Rule 5 of the gold conventions: ``物品;对`` → ``物品；对``, ``附件(1)。`` → ``附件（1）。``
    (brackets in pairs), ``年(含),`` → ``年（含），``; numbers keep ``12:30`` and ``(1)``.

    >>> gold_punctuation("物品;对附件(1)。2021年(含),12:30 (a)")
    '物品；对附件（1）。2021年（含），12:30 (a)'
    """

    def pair(m: re.Match[str]) -> str:
        around = text[m.start() - 1 : m.start()] + m.group(1) + text[m.end() : m.end() + 1]
        return f"（{m.group(1)}）" if re.search(_CHINESE, around) else m.group()

    text = _PARENS.sub(pair, text)
    return _MARK_BY_CHINESE.sub(lambda m: m.group().translate(_FULL_WIDTH), text)


def _kind(text: str) -> Block:
    if text.startswith("图："):
        return Block("caption", text[2:])
    if text.startswith("## "):
        return Block("subhead", text[3:])
    if text.startswith("（") and text.endswith("）") and len(text) < 40:
        return Block("byline", text)
    return Block("para", text)


def parse_article(path: Path) -> Article:
    """Parse an article file: headline lines, blank line, then blank-line separated paragraphs.

    A paragraph starting with ``图：`` is a photo caption, ``## `` a subheading, and a short
    paragraph in full-width parentheses a byline.
    """
    chunks = [c.strip() for c in path.read_text(encoding="utf-8").strip().split("\n\n")]
    headline = [line.strip() for line in chunks[0].splitlines() if line.strip()]
    blocks = [_kind(" ".join(c.split("\n"))) for c in chunks[1:] if c]
    return Article(path.name, headline, blocks)


_BODY_START = re.compile(r"^(株洲日报讯|新华社|本报讯)")
_FURNITURE = re.compile(
    r"第\d+期|CN ?\d|星期[一二三四五六日]|主管、主办|^株洲日报$|^导读$|扫一扫|客户端|掌上株洲|^▶"
)


def _headlineish(text: str) -> bool:
    return len(text) <= 40 and "。" not in text and not _BODY_START.match(text)


def split_seed_gold(text: str, source: str) -> list[Article]:
    """Split a seed page's gold into articles (headline run before a ``…讯`` lead paragraph)."""
    paras: list[tuple[str, bool]] = []
    for chunk in text.split("\n\n"):
        line = " ".join(chunk.split("\n")).strip()
        heading = line.startswith("#")
        line = line.lstrip("#").strip()
        if len(line) <= 5 or _FURNITURE.search(line):
            continue
        paras.append((line, heading))
    starts: set[int] = set()
    for i, (line, heading) in enumerate(paras):
        if heading and (i == 0 or not paras[i - 1][1]):
            starts.add(i)
        elif _BODY_START.match(line) and i > 0 and not paras[i - 1][1]:
            j = i
            while j > 0 and _headlineish(paras[j - 1][0]) and not paras[j - 1][1]:
                j -= 1
            starts.add(j)
        elif (
            not heading
            and _headlineish(line)
            and i + 1 < len(paras)
            and _headlineish(paras[i + 1][0])
            and not paras[i + 1][1]
            and (i == 0 or not _headlineish(paras[i - 1][0]))
        ):
            starts.add(i)  # a run of two or more headline lines
    starts.add(0)
    articles: list[Article] = []
    for a, b in itertools.pairwise([*sorted(starts), len(paras)]):
        part = paras[a:b]
        head: list[str] = []
        k = 0
        while k < len(part) and (part[k][1] or (_headlineish(part[k][0]) and k < 3)):
            head.append(part[k][0])
            k += 1
        blocks: list[Block] = []
        for line, heading in part[k:]:
            if line.endswith(("摄", "供图")) and len(line) < 90:
                blocks.append(Block("caption", line))
            elif heading or _headlineish(line):
                blocks.append(Block("subhead", line))
            else:
                blocks.append(Block("para", line))
        if blocks:
            articles.append(Article(source, head, blocks))
    return articles


def pack(articles: Sequence[Article], limit: int = PAGE_CHARS) -> list[list[Article]]:
    """Greedily group articles, in order, into pages of about ``limit`` characters."""
    pages: list[list[Article]] = [[]]
    for art in articles:
        used = sum(a.chars for a in pages[-1])
        if pages[-1] and (used + art.chars > limit * 1.15 or len(pages[-1]) >= 5):
            pages.append([])
        pages[-1].append(art)
    return [p for p in pages if p]


def build_pages(root: Path = ROOT) -> list[Page]:
    """All pages: own articles first, then the seed pages' articles when their gold exists."""
    pages: list[Page] = []
    own = [parse_article(p) for p in sorted(ARTICLES.glob("*.txt"))]
    for n, group in enumerate(pack(own), 1):
        day = date.fromordinal(OWN_FIRST_DATE.toordinal() + 7 * (n - 1))
        pages.append(
            Page(f"qingxi-daily-{n:02d}", OWN_PAPER, day, OWN_FIRST_ISSUE + 7 * (n - 1), group, 0)
        )
    for seed_id, paper, day, issue in SEED_PAGES:
        gold = root / "corpora" / seed_id / "gold"
        if not gold.exists():
            continue
        arts = split_seed_gold(gold.read_text(encoding="utf-8"), f"corpora/{seed_id}/gold")
        for n, group in enumerate(pack(arts), 1):
            pages.append(Page(f"{seed_id}-p{n}", paper, day, issue, group, 0))
    for i, page in enumerate(pages):
        page.columns = 3 + i % 3
        page.side_by_side = i % 3 == 2
        page.origin = sorted({a.source for a in page.articles})
    from benchmarks.ocr_pages.fonts import font_pages  # (it imports this module)

    return pages + font_pages()


# --------------------------------------------------------------------------------------------
# Typesetting and rendering


def _block_html(block: Block, photo_no: int) -> str:
    text = html.escape(block.text)
    if block.kind == "caption":
        height = 150 + 40 * (photo_no % 3)
        return (
            f'<figure><div class="photo" style="height:{height}px"></div>'
            f"<figcaption>{text}</figcaption></figure>"
        )
    return f'<p class="{block.kind}">{text}</p>'


def _article_html(art: Article, columns: int, lead: bool, photo_no: int) -> str:
    body = "".join(_block_html(b, photo_no + i) for i, b in enumerate(art.blocks))
    if not art.headline:
        return f'<article><div class="body" style="column-count:{columns}">{body}</div></article>'
    heads = "".join(
        f"<h{1 if lead and i == 0 else 2}>{html.escape(h)}</h{1 if lead and i == 0 else 2}>"
        for i, h in enumerate(art.headline)
    )
    return (
        f"<article><header>{heads}</header>"
        f'<div class="body" style="column-count:{columns}">{body}</div></article>'
    )


def page_html(page: Page) -> str:
    """Typeset a page: masthead, lead article across all columns, then rows of articles."""
    parts = []
    cols = page.columns
    arts = page.articles
    parts.append(_article_html(arts[0], cols, True, 0))
    i = 1
    while i < len(arts):
        a = arts[i]
        b = arts[i + 1] if i + 1 < len(arts) else None
        if page.side_by_side and b is not None and a.chars < 1300 and b.chars < 1300:
            left = (cols + 1) // 2
            row = (
                f'<div class="row"><div style="flex:{left}">{_article_html(a, left, False, i)}'
                f'</div><div class="vrule"></div>'
                f'<div style="flex:{cols - left}">{_article_html(b, cols - left, False, i + 1)}'
                f"</div></div>"
            )
            parts.append(row)
            i += 2
        else:
            parts.append(_article_html(a, cols, False, i))
            i += 1
    paper, rest = page.masthead.split(" ", 1)
    bits = " ".join(f"<span>{html.escape(s)}</span>" for s in rest.split(" "))
    css = TEMPLATE.read_text(encoding="utf-8")
    if page.font != Page.font:
        css += f'\nbody {{ font-family: "{page.font}", serif; }}\n'
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<style>@page {{ size: {WIDTH_CSS}px {HEIGHT_CSS}px; margin: 0 }}\n{css}</style>"
        f'</head><body><div class="masthead"><span class="paper">{html.escape(paper)}</span> '
        f"{bits}</div>{''.join(parts)}</body></html>\n"
    )


def chromium_binary() -> str | None:
    """Path of the Chromium executable, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(args: list[str], url: str) -> None:
    exe = chromium_binary()
    if exe is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="ocrpages-chromium-") as profile:
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, url]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)


def render(page: Page, build: Path) -> tuple[Path, Path]:
    """Write page.html, render page.png (cropped) and page.pdf; return (png, pdf)."""
    from PIL import Image

    build.mkdir(parents=True, exist_ok=True)
    html_path = build / "page.html"
    html_path.write_text(page_html(page), encoding="utf-8")
    url = html_path.resolve().as_uri()
    png, pdf = build / "page.png", build / "page.pdf"
    shot = build / "screenshot.png"
    _chromium(
        [
            f"--window-size={WIDTH_CSS},{HEIGHT_CSS}",
            f"--force-device-scale-factor={SCALE}",
            f"--screenshot={shot}",
        ],
        url,
    )
    _chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer"], url)
    with Image.open(shot) as im:
        grey = im.convert("L")
    bbox = grey.point(lambda v: 255 if v < 245 else 0).getbbox()
    if bbox is None:
        raise RuntimeError(f"{page.id}: blank rendering")
    if bbox[3] > grey.height - 8:
        raise RuntimeError(f"{page.id}: content overflows the {HEIGHT_CSS}px page; split it")
    pad = 60
    grey = grey.crop((0, 0, grey.width, min(grey.height, bbox[3] + pad)))
    grey.save(png, dpi=(DPI, DPI))
    shot.unlink()
    return png, pdf


# --------------------------------------------------------------------------------------------
# Degradation and OCR


def seed_for(page_id: str, severity: str) -> int:
    """Fixed per-page, per-severity seed (CRC-32, stable across Python runs)."""
    return zlib.crc32(f"{page_id}:{severity}".encode())


def degrade(png: Path, sev: Severity, seed: int, out: Path) -> Path:
    """Scan-like damage: resample, skew, blur, faded ink, noise, specks, JPEG; write ``out``."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    with Image.open(png) as im:
        img = im.convert("L")
    if sev.scale != 1.0:
        size = (round(img.width * sev.scale), round(img.height * sev.scale))
        img = img.resize(size, Image.Resampling.BILINEAR)
    sign = 1.0 if rng.random() < 0.5 else -1.0
    img = img.rotate(sign * sev.skew_deg, Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if sev.blur_radius:
        img = img.filter(ImageFilter.GaussianBlur(sev.blur_radius))
    a = np.asarray(img, dtype=np.float64)
    paper = 250.0 - 8.0 * (1.0 - sev.contrast)
    a = paper - (255.0 - a) * sev.contrast
    a += rng.normal(0.0, sev.noise_sigma, a.shape)
    if sev.speckle:
        specks = rng.random(a.shape)
        a[specks < sev.speckle / 2] = 60.0
        a[specks > 1.0 - sev.speckle / 2] = 250.0
    img = Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    dpi = round(DPI * sev.scale)
    img.save(buf, "JPEG", quality=sev.jpeg_quality, dpi=(dpi, dpi))
    out.write_bytes(buf.getvalue())
    return out


def tesseract_cmd(image: str, psm: int) -> list[str]:
    """The Tesseract command line used for a scan variant."""
    return ["tesseract", image, "stdout", "-l", "chi_sim", "--psm", str(psm)]


def run_tool(cmd: list[str]) -> bytes:
    """Run a tool single-threaded and return its stdout bytes."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1", LC_ALL="C.UTF-8")
    return subprocess.run(cmd, check=True, capture_output=True, env=env, timeout=900).stdout


# --------------------------------------------------------------------------------------------
# Tool versions and metadata


def _first_line(cmd: list[str]) -> str:
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "missing"
    return (res.stdout + res.stderr).strip().splitlines()[0] if (res.stdout + res.stderr) else ""


def _dpkg(package: str) -> str:
    if not shutil.which("dpkg-query"):
        return "unknown"
    res = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True
    )
    return res.stdout.strip() or "not installed"


@cache
def tool_versions() -> dict[str, str]:
    """Versions of every tool whose output the raws depend on."""
    import numpy
    import PIL

    tess = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    lines = [ln.strip() for ln in (tess.stdout + tess.stderr).splitlines()]
    exe = chromium_binary() or "chromium"
    return {
        "tesseract": lines[0] if lines else "missing",
        "leptonica": next((ln for ln in lines if ln.startswith("leptonica")), "unknown"),
        "tesseract_chi_sim": _dpkg("tesseract-ocr-chi-sim"),
        "poppler": _first_line(["pdftotext", "-v"]),
        "chromium": _first_line([exe, "--version"]),
        "chromium_package": _dpkg("chromium"),
        "font_file": ", ".join(FONT_FILES),
        "font_package": "fonts-noto-cjk " + _dpkg("fonts-noto-cjk"),
        "pillow": PIL.__version__,
        "numpy": numpy.__version__,
    }


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)


def to_toml(top: dict[str, object], tables: dict[str, dict[str, object]]) -> str:
    """Serialise flat keys and one level of tables (enough for meta.toml)."""
    lines = [f"{k} = {_toml_value(v)}" for k, v in top.items()]
    for name, table in tables.items():
        lines += ["", f"[{name}]"] + [f"{k} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Driver


def _write_case(
    out: Path,
    page: Page,
    variant: str,
    kind: str,
    raw: bytes,
    extra: dict[str, object],
    tables: dict[str, dict[str, object]],
) -> None:
    case = out / f"{page.id}-{variant}"
    case.mkdir(parents=True, exist_ok=True)
    (case / "raw").write_bytes(raw)
    gold = page.gold()
    (case / "gold").write_text(gold, encoding="utf-8")
    top: dict[str, object] = {
        "id": case.name,
        "kind": kind,
        "variant": variant,
        "page": page.id,
        "source": page.paper,
        "date": page.day.isoformat(),
        "issue": f"第{page.issue}期",
        "origin": page.origin,
        "columns": page.columns,
        "layout": "stacked, side-by-side rows" if page.side_by_side else "stacked",
        "articles": len(page.articles),
        "gold_chars": len(re.sub(r"\s", "", gold)),
        **({"split": page.split} if page.split != "tune" else {}),
        **extra,
    }
    (case / "meta.toml").write_text(to_toml(top, tables), encoding="utf-8")


def generate_page(
    page: Page,
    out: Path = OUT,
    build_root: Path = BUILD,
    only_variants: Iterable[str] | None = None,
    jobs: int = 1,
) -> list[str]:
    """Render, degrade and OCR one page; write its cases; return the case ids written."""
    wanted = set(only_variants) if only_variants is not None else set(variants())
    build = build_root / page.id
    png, pdf = render(page, build)
    versions = tool_versions()
    render_table: dict[str, object] = {
        "renderer": "headless chromium (--screenshot / --print-to-pdf)",
        "width_css_px": WIDTH_CSS,
        "device_scale_factor": SCALE,
        "png_dpi": DPI,
        "font": page.font,
        "template": "benchmarks/ocr_pages/template.css",
    }
    gen_cmd = f"python -m benchmarks.ocr_pages --only {page.id}"
    tasks: list[tuple[str, list[str], dict[str, object], dict[str, object]]] = []
    for sev in SEVERITIES.values():
        names = [f"scan-{sev.name}{suffix}" for suffix in PSM_VARIANTS]
        if not wanted.intersection(names):
            continue
        seed = seed_for(page.id, sev.name)
        img = degrade(png, sev, seed, build / f"scan-{sev.name}.jpg")
        for suffix, psm in PSM_VARIANTS.items():
            variant = f"scan-{sev.name}{suffix}"
            if variant not in wanted:
                continue
            cmd = tesseract_cmd(str(img), psm)
            shown = " ".join(tesseract_cmd(f"build/{page.id}/{img.name}", psm))
            degr: dict[str, object] = {k: v for k, v in sev.__dict__.items() if k != "name"} | {
                "dpi": round(DPI * sev.scale),
                "grayscale": True,
            }
            extra: dict[str, object] = {
                "seed": seed,
                "psm": psm,
                "command": f"{gen_cmd}  # renders, degrades, then: {shown}",
            }
            tasks.append((variant, cmd, extra, degr))
    for name, flags in TEXT_LAYER.items():
        variant = f"text-layer-{name}"
        if variant not in wanted:
            continue
        cmd = ["pdftotext", *flags, "-enc", "UTF-8", str(pdf), "-"]
        shown = " ".join(["pdftotext", *flags, "-enc", "UTF-8", f"build/{page.id}/page.pdf", "-"])
        extra = {
            "seed": seed_for(page.id, "text-layer"),
            "command": f"{gen_cmd}  # renders, then: {shown}",
        }
        tasks.append((variant, cmd, extra, {}))

    def work(task: tuple[str, list[str], dict[str, object], dict[str, object]]) -> str:
        variant, cmd, extra, degr = task
        raw = run_tool(cmd)
        kind = "pdftotext" if variant.startswith("text-layer") else "tesseract"
        tables: dict[str, dict[str, object]] = {}
        if degr:
            tables["degradation"] = degr
        tables["render"] = render_table
        tables["tools"] = dict(versions)
        _write_case(out, page, variant, kind, raw, extra, tables)
        return f"{page.id}-{variant}"

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(work, tasks))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.ocr_pages",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--only", action="append", help="page id (repeatable); default: all pages")
    ap.add_argument("--variant", action="append", choices=variants(), help="default: all")
    ap.add_argument("--jobs", type=int, default=2, help="parallel tool runs (default 2)")
    ap.add_argument("--out", type=Path, help="output folder (corpora/generated, corpora/report)")
    ap.add_argument(
        "--split",
        choices=("tune", "report"),
        default="tune",
        help="tune: the articles/ and seed pages; report: pages typeset from texts of "
        "../shared/texts that no pass was designed on (benchmarks/ocr_pages/report.py)",
    )
    ap.add_argument("--build", type=Path, default=BUILD, help="image/PDF cache (git-ignored)")
    ap.add_argument("--list", action="store_true", help="list the pages and exit")
    args = ap.parse_args(argv)
    if args.split == "report":
        from benchmarks.ocr_pages.report import report_pages

        pages = report_pages()
    else:
        pages = build_pages()
    out = args.out or (ROOT / "corpora" / ("report" if args.split == "report" else "generated"))
    if args.list:
        for p in pages:
            print(f"{p.id}\t{len(p.articles)} articles\t{len(p.gold())} chars\t{p.columns} cols")
        return 0
    if args.only:
        unknown = set(args.only) - {p.id for p in pages}
        if unknown:
            ap.error(f"unknown page(s): {', '.join(sorted(unknown))}")
        pages = [p for p in pages if p.id in args.only]
    for page in pages:
        t0 = time.monotonic()
        ids = generate_page(page, out, args.build, args.variant, args.jobs)
        print(f"{page.id}: {len(ids)} cases in {time.monotonic() - t0:.0f}s", file=sys.stderr)
    return 0
