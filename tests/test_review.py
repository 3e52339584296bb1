"""The HTML review page, rendered by a real headless Chromium where one is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ocrfix.cli import main
from ocrfix.pipeline import run
from ocrfix.review import review_page
from tests.conftest import seed_page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_page_is_self_contained_with_one_mark_per_edit() -> None:
    raw = seed_page("zhuzhou-daily-2023-04-10").raw
    repair = run("newspaper", raw)
    page = review_page(repair)
    assert page.count('<mark class="edit') == len(repair.edits) > 0
    # a flag (a typo suggestion not applied) is marked in both panes
    assert page.count('<mark class="flag') == 2 * sum(len(s.flags) for s in repair.steps) > 0
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "cjk-spacing/line-break-space" in page


def test_cli_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "p.txt"
    src.write_text("民族文化传 承和保护，红色遗迹和革命文 物保护。\n", encoding="utf-8")
    out = tmp_path / "review.html"
    assert main(["repair", str(src), "-o", str(tmp_path / "o.txt"), "--html", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count('<mark class="edit') == 2


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_chromium_renders_every_edit(tmp_path: Path) -> None:
    raw = seed_page("zhuzhou-daily-2023-04-10").raw
    repair = run("newspaper", raw)
    html_path = tmp_path / "review.html"
    html_path.write_text(review_page(repair), encoding="utf-8")
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", html_path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    assert dom.count('<mark class="edit') == len(repair.edits)
    shot = tmp_path / "review.png"
    subprocess.run(
        [CHROMIUM, *flags, f"--screenshot={shot}", "--window-size=1400,1000", html_path.as_uri()],
        capture_output=True, timeout=120, check=True,
    )
    assert shot.stat().st_size > 10_000
