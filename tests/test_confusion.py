"""The confusion sources of the typos pass: glyph table, curated pairs, pycorrector groups."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ocrfix.errors import OcrfixError
from ocrfix.resources import confusion
from ocrfix.resources.confusion import ConfusionSet, parse_pairs, read_pairs_file, visual_table


def test_table_covers_gb2312_and_is_small() -> None:
    table = visual_table()
    assert len(table) == 6763
    nb, scores = table["末"]
    assert len(nb) == len(scores) == 50
    assert nb[0] == "未"
    assert list(scores) == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    path = Path(confusion.__file__).parent / "data" / "visual_neighbours.tsv"
    assert path.stat().st_size < 3_000_000


def test_table_header_records_generator_parameters() -> None:
    path = Path(confusion.__file__).parent / "data" / "visual_neighbours.tsv"
    header = [ln for ln in path.read_text(encoding="utf-8").splitlines()[:10] if ln.startswith("#")]
    text = "\n".join(header)
    assert "build_table.py" in text and "k=50" in text and "NotoSerifCJK" in text
    # what a rebuild must match: library versions and whole font hashes
    built = next(ln for ln in header if ln.startswith("# built with "))
    for key in ("python=", "numpy=", "pillow=", "freetype="):
        assert key in built, key
    assert len([ln for ln in header if re.search(r"sha256=[0-9a-f]{64}\b", ln)]) == 4


@pytest.mark.parametrize(
    ("ocr", "truth", "max_rank"),
    [
        ("湫", "鳅", 50),
        ("鄱", "酃", 15),
        ("己", "已", 2),
        ("末", "未", 1),
        ("人", "入", 2),
        ("日", "曰", 6),  # 冒 and 曰 tie at 205; ties go by code point
    ],
)
def test_glyph_table_finds_seed_confusions(ocr: str, truth: str, max_rank: int) -> None:
    rank = ConfusionSet(k=50, use_stroke=False).rank(ocr, truth)
    assert rank is not None and rank <= max_rank


def test_curated_pairs_have_sources_and_reasons() -> None:
    pairs = confusion.curated_pairs()
    assert ("戊", "戌") in {(p.a, p.b) for p in pairs}
    for p in pairs:
        assert p.source in {"issue", "xingjinzi", "tesseract"}, p  # no row from a corpus page
        assert p.why, p


def test_default_set_merges_sources() -> None:
    s = ConfusionSet.default()
    assert s.neighbours("吉")["遴"] == confusion.CURATED_SIM  # curated, both directions
    assert "吉" in s.neighbours("遴")
    assert "吉" not in s.neighbours("吉")
    # pycorrector's same_stroke groups: 龌 龊 龃 龉
    assert "龊" in ConfusionSet(k=0, use_table=False).neighbours("龌")


def test_k_limits_the_table() -> None:
    assert len(ConfusionSet(k=5, use_stroke=False).neighbours("湫")) == 5


def test_user_pairs(tmp_path: Path) -> None:
    f = tmp_path / "pairs.tsv"
    f.write_text("# mine\n淞\t松\n", encoding="utf-8")
    s = ConfusionSet.default(user_pairs=read_pairs_file(f))
    assert s.neighbours("淞")["松"] == confusion.USER_SIM
    assert parse_pairs("甲 乙")[0].b == "乙"
    with pytest.raises(OcrfixError):
        parse_pairs("甲乙\t丙")
    with pytest.raises(OcrfixError):
        read_pairs_file(tmp_path / "missing.tsv")


def test_latin_digits() -> None:
    assert confusion.LATIN_DIGITS["O"] == "0"
    assert confusion.LATIN_DIGITS["l"] == "1"
    assert confusion.LATIN_DIGITS["B"] == "8"


def test_loading_does_not_import_pycorrector() -> None:
    confusion.same_stroke_groups()
    assert "pycorrector" not in sys.modules or not hasattr(sys.modules["pycorrector"], "Corrector")


# --- the committed glyph table is what benchmarks/glyphs/build_table.py builds -----------------

TABLE = Path(confusion.__file__).parent / "data" / "visual_neighbours.tsv"
#: Seed typos' characters (湫/鳅, 鄱/酃, 钉/韧): their rows are rebuilt and compared.
PROBES = "湫鳅鄱酃钉韧"
#: Score drift allowed when this machine's Pillow/FreeType/numpy differ from the table's header:
#: other versions rasterise slightly differently (±1, rarely ±2, see benchmarks/glyphs/README.md).
DRIFT = 3


def _build_table() -> ModuleType:
    pytest.importorskip("numpy")
    pytest.importorskip("PIL")
    from benchmarks.glyphs import build_table

    return build_table


def _committed_rows() -> dict[str, tuple[str, list[int]]]:
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, nb, scores = line.split("\t")
            rows[ch] = (nb, [int(s) for s in scores.split()])
    return rows


def test_top_k_orders_by_written_score_then_code_point() -> None:
    bt = _build_table()
    import numpy as np

    chars = ["乙", "甲", "丙", "丁"]  # code points: 4E59, 7532, 4E19, 4E01
    sim = np.array(
        [
            [1.0, 0.5, 0.5001, 0.2],  # 甲 and 丙 round to the same score: 丙 (lower) first
            [0.3, 1.0, 0.3, 0.9],
            [0.1, 0.1, 1.0, 0.1],  # all tie: 丁, 乙, 甲 by code point
            [0.4, 0.6, 0.6, 1.0],
        ]
    )
    np.fill_diagonal(sim, -1.0)
    idx, scores = bt.top_k(sim, 3, chars)
    rows = ["".join(chars[j] for j in row) for row in idx]
    assert rows == ["丙甲丁", "丁丙乙", "丁乙甲", "丙甲乙"]
    assert scores[0].tolist() == [128, 128, 51]


def test_committed_table_rebuilds_for_seed_characters() -> None:
    """Rebuild the rows of a few characters with the generator's own functions, against every
    character of those rows: same scores (exactly when Pillow, FreeType and numpy are the
    versions in the table's header), same order, and nothing in the pool that should outrank a
    row's last neighbour. A few seconds; needs the fonts (CI: apt-get install fonts-noto-cjk
    fonts-arphic-uming fonts-wqy-zenhei)."""
    bt = _build_table()
    missing = [path for path, _, _ in bt.FONTS if not Path(path).exists()]
    if missing:
        pytest.skip(f"glyph-table fonts not installed: {', '.join(missing)}")
    header = bt.read_header(TABLE)
    for path, _, _ in bt.FONTS:
        recorded = header.get(f"font:{Path(path).name}")
        if not recorded or not bt.sha256(path).startswith(recorded):
            pytest.skip(f"{path} is not the font file the table was built from (sha256)")
    env = bt.environment()
    exact = all(header.get(k) == env[k] for k in ("numpy", "pillow", "freetype"))
    tol = 0 if exact else DRIFT
    rows = _committed_rows()
    pool = sorted(set(PROBES).union(*(rows[p][0] for p in PROBES)), key=ord)
    col = {c: j for j, c in enumerate(pool)}
    scores = bt.scores_of(bt.similarity(list(PROBES), bt.FONTS, pool))
    for i, p in enumerate(PROBES):
        nb, committed = rows[p]
        rebuilt = [int(scores[i, col[c]]) for c in nb]
        drift = max(abs(a - b) for a, b in zip(rebuilt, committed, strict=True))
        assert drift <= tol, (p, nb, committed, rebuilt, header, env)
        last = (committed[-1], -ord(nb[-1]))
        for c in pool:
            if c != p and c not in nb:
                s = int(scores[i, col[c]])
                if exact:
                    assert (s, -ord(c)) < last, (p, c, s, last)
                else:
                    assert s <= last[0] + tol, (p, c, s, last)
        if exact:
            assert list(nb) == sorted(nb, key=lambda c: (-int(scores[i, col[c]]), ord(c)))


def test_distant_ranks_rebuild_for_seed_characters() -> None:
    """The distant look-alikes (ranks 51..250, ``visual_far.u16``/``.u8``) of the same
    characters rebuild too: their scores as committed, in order, none above the row's 50th."""
    bt = _build_table()
    if any(not Path(path).exists() for path, _, _ in bt.FONTS):
        pytest.skip("glyph-table fonts not installed")
    header, env = bt.read_header(TABLE), bt.environment()
    if any(not bt.sha256(p).startswith(header.get(f"font:{Path(p).name}", "-")) for p, _, _ in bt.FONTS):
        pytest.skip("not the font files the table was built from (sha256)")
    exact = all(header.get(k) == env[k] for k in ("numpy", "pillow", "freetype"))
    tol = 0 if exact else DRIFT
    rows, near = _committed_rows(), confusion.visual_table()
    table_rows, idx, far_scores = confusion.distant_table()
    assert idx.shape == far_scores.shape == (len(near), bt.FAR - bt.TOPK)
    for p in PROBES:
        r = table_rows.index(p)
        far = [table_rows[j] for j in idx[r]]
        committed = far_scores[r].tolist()
        assert committed == sorted(committed, reverse=True)
        assert committed[0] <= rows[p][1][-1]
        assert not set(far) & set(rows[p][0]) and p not in far
        rebuilt = bt.scores_of(bt.similarity([p], bt.FONTS, far))[0].tolist()
        assert max(abs(a - b) for a, b in zip(rebuilt, committed, strict=True)) <= tol, p
    assert "韧" in [table_rows[j] for j in idx[table_rows.index("钉")]]
