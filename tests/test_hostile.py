"""Hostile and large input: each gives a result or a one-line error; nothing crashes or hangs.

Hang guards are subprocess timeouts far above the expected run time (they catch runaway
backtracking, not slowness); speed is measured in benchmarks/, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocrfix
from ocrfix.chars import HAN

HANG_GUARD = 600  # seconds


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "ocrfix", *args], input=stdin,
                          capture_output=True, timeout=HANG_GUARD, check=False)


UNIT = "民族文化传 承和保护,红色遗迹和革命文物保护与利用。株洲日报讯(全媒体记者/杨凌 凌)"


@pytest.mark.parametrize(("megabytes", "profile"), [(50, "safe"), (2, "newspaper")])
def test_large_single_line(tmp_path: Path, megabytes: int, profile: str) -> None:
    # 50 MB through the word-preserving passes; every pass on a 2 MB line (the full profile's
    # time on 50 MB belongs in benchmarks/throughput.py, not in CI).
    big = tmp_path / "big.txt"
    big.write_text(UNIT * (megabytes * 2**20 // len(UNIT.encode("utf-8"))), encoding="utf-8")
    proc = cli("repair", str(big), "-o", str(tmp_path / "out.txt"), "-q", "-p", profile)
    assert proc.returncode == 0, proc.stderr.decode()
    out = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "传承" in out and "\n" not in out.strip()


def test_gigabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(2**30)  # sparse: costs no disk, and would cost 1 GiB of memory if read
    proc = cli("repair", str(huge))
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "over the 256 MiB limit" in err and "split it" in err


def _peak_rss_of_jsonl_run(tmp_path: Path, records: int) -> float:
    src = tmp_path / f"in{records}.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(records):
            f.write(json.dumps({"id": i, "text": "株洲日报讯 民族文化传 承和保护。" * 5}) + "\n")
    code = (
        "import resource, sys; from ocrfix.cli import main;"
        f"rc = main(['repair', '--jsonl', {str(src)!r}, '-o', {str(tmp_path / 'o.jsonl')!r},"
        " '-p', 'identity', '-q']);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=HANG_GUARD, check=True)
    return int(proc.stdout.split()[-1]) / 1024


def test_jsonl_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    small = _peak_rss_of_jsonl_run(tmp_path, 2_000)      # ~0.4 MB
    large = _peak_rss_of_jsonl_run(tmp_path, 200_000)    # ~40 MB
    assert large - small < 40, (small, large)  # reading it whole would add well over 100 MiB


@pytest.mark.parametrize(
    "text",
    [
        "，。！？；：、“”‘’（）《》……——" * 2000,
        "..." * 10000 + "---" * 10000,
        "一一" * 50000,
        "(" * 20000 + ")" * 20000,
        "\"" * 30001,
        "a " * 100000,
        "株" * 100000,
        "\n" * 100000,
        "　" * 50000,
        ("民族文化传 承" + " " * 1000) * 200,
        "x\u0000y\u0000" * 1000,
        "汉 ； " * 20000 + "汉汉",  # letter-spaced to the end, then not: no backtracking
    ],
    ids=["cjk-punct", "dots-dashes", "yiyi", "parens", "quotes", "latin-spaces", "one-char",
         "newlines", "ideographic-spaces", "space-runs", "nul", "letter-spaced"],
)
def test_repeated_patterns_do_not_hang(text: str) -> None:
    code = "import sys, ocrfix; t = sys.stdin.read(); print(len(ocrfix.repair(t).text))"
    proc = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True,
                          text=True, timeout=HANG_GUARD, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_nul_bytes_in_a_file_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes("株洲日报".encode() + b"\x00\x00" + "讯".encode())
    proc = cli("repair", str(path))
    assert proc.returncode == 2 and b"NUL byte" in proc.stderr and b"Traceback" not in proc.stderr


def _han_and_kana(text: str) -> str:
    return "".join(c for c in text if HAN.match(c) or "\u3040" <= c <= "\u30ff")


TRADITIONAL = (
    "臺灣報紙的標題常常使用繁體字，記者採訪了當地居民。\n\n"
    "據統計，今年一月至三月，該縣農業總產值達到十二億元，較去年同期增長百分之八。\n"
)
JAPANESE = (
    "東京都は二十日、新たに三百人の感染を確認したと発表した。\n\n"
    "記者会見で知事は「引き続き警戒が必要だ」と述べ、都民に協力を呼びかけた。\n"
)


@pytest.mark.parametrize("text", [TRADITIONAL, JAPANESE], ids=["traditional", "japanese"])
def test_other_scripts_are_never_corrected_into_simplified_chinese(text: str) -> None:
    for profile in ocrfix.list_profiles():
        out = ocrfix.repair(text, profile=profile).text
        assert _han_and_kana(out) == _han_and_kana(text), profile


@pytest.mark.fuzz
@settings(max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=2000))
def test_fuzz_every_profile(text: str) -> None:  # opt in: pytest -m fuzz
    for profile in ocrfix.list_profiles():
        result = ocrfix.repair(text, profile=profile)
        assert isinstance(result.text, str)
