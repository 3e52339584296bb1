"""The confusion sources of the typos pass: glyph table, curated pairs, pycorrector groups."""

from __future__ import annotations

import sys
from pathlib import Path

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


@pytest.mark.parametrize(
    ("ocr", "truth", "max_rank"),
    [
        ("湫", "鳅", 50),
        ("鄱", "酃", 15),
        ("己", "已", 2),
        ("末", "未", 1),
        ("人", "入", 2),
        ("日", "曰", 5),
    ],
)
def test_glyph_table_finds_seed_confusions(ocr: str, truth: str, max_rank: int) -> None:
    rank = ConfusionSet(k=50, use_stroke=False).rank(ocr, truth)
    assert rank is not None and rank <= max_rank


def test_curated_pairs_have_sources_and_reasons() -> None:
    pairs = confusion.curated_pairs()
    assert ("钉", "韧") in {(p.a, p.b) for p in pairs}
    for p in pairs:
        assert p.source in {"seed", "issue", "xingjinzi", "tesseract"}, p
        assert p.why, p


def test_default_set_merges_sources() -> None:
    s = ConfusionSet.default()
    assert s.neighbours("钉")["韧"] == confusion.CURATED_SIM  # curated, both directions
    assert "钉" in s.neighbours("韧")
    assert "钉" not in s.neighbours("钉")
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
