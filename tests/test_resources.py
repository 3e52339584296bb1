"""Loading language data from installed packages without executing pycorrector's __init__."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ocrfix.resources import lexicon, packaged_data


def test_pycorrector_data_loads_without_importing_pycorrector() -> None:
    # A fresh interpreter: importing pycorrector would need torch, so it must never happen.
    code = (
        "import sys; from ocrfix.resources import packaged_data as p;"
        "places = p.names('place'); groups = p.same_stroke_groups();"
        "assert '酃县' in places and '炎陵' in places, 'place names';"
        "assert len(groups) > 800;"
        "assert 'pycorrector' not in sys.modules and 'torch' not in sys.modules;"
        "print(len(places))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 40000


def test_person_names_and_jieba_words() -> None:
    assert "毛泽东" in packaged_data.names("person")
    words = packaged_data.jieba_words()
    assert words["传承"] > 0 and len(words) > 300_000


def test_import_ocrfix_stays_light() -> None:
    code = (
        "import sys, ocrfix; ocrfix.repair('民族文化传 承和保护。', 'identity');"
        "heavy = {'pycorrector', 'torch', 'transformers', 'jieba', 'pandas'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_segmentation_and_boundary_words() -> None:
    assert lexicon.segment("最终确定炎陵大院红色革命遗址群、毛泽东主持") [-2:] == ["毛泽东", "主持"]
    assert lexicon.spans_word("确定炎陵大院红色革命遗址群、毛泽", "东主持")
    assert lexicon.spans_word("第二批株洲党史教育基地遴选工", "作。")
    assert not lexicon.spans_word("坚定不移打造世界级轨道交通装备产业集群。", "曹慧泉对广大企业")
    assert lexicon.is_word("泥鳅") and not lexicon.is_word("泥湫")


def test_cache_rebuilds_a_corrupt_or_foreign_file(tmp_path: Path) -> None:
    from ocrfix.resources.cache import cached

    path = tmp_path / "lm.pickle"
    path.write_bytes(b"not a pickle")
    assert cached(path, lambda: {"泥鳅": 3}, dict) == {"泥鳅": 3}
    assert cached(path, lambda: {}, dict) == {"泥鳅": 3}  # now read back from the file
    assert cached(path, lambda: ["酃县"], list) == ["酃县"]  # a dict where a list is wanted


def test_cache_in_a_read_only_folder_still_builds(tmp_path: Path) -> None:
    from ocrfix.resources.cache import cached

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert cached(folder / "x.pickle", lambda: {"a": 1}, dict) == {"a": 1}
    finally:
        folder.chmod(0o700)


def test_cache_never_unpickles_a_file_others_could_write(tmp_path: Path) -> None:
    """A pickle runs code when it loads: a group- or world-writable file is rebuilt instead."""
    import os
    import pickle

    from ocrfix.resources.cache import cached

    path = tmp_path / "table.pickle"
    path.write_bytes(pickle.dumps({"planted": 1}))
    os.chmod(path, 0o666)
    assert cached(path, lambda: {"built": 1}, dict) == {"built": 1}
    os.chmod(tmp_path, 0o777)  # a shared folder: even a private file there is not trusted
    path.write_bytes(pickle.dumps({"planted": 1}))
    os.chmod(path, 0o600)
    assert cached(path, lambda: {"built": 2}, dict) == {"built": 2}
