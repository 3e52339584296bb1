"""The HTML review page, rendered by a real headless Chromium where one is installed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ocrfix.cli import main
from ocrfix.decisions import review_items
from ocrfix.pipeline import run
from ocrfix.review import review_page
from tests.browser import CHROMIUM, FLAGS, Browser
from tests.conftest import seed_page


def test_page_is_self_contained_with_one_mark_per_edit() -> None:
    raw = seed_page("zhuzhou-daily-2023-04-10").raw
    repair = run("newspaper", raw)
    page = review_page(repair)
    assert page.count('<mark class="edit') == len(repair.edits) > 0
    # a flag (a typo suggestion not applied) is marked in both panes
    assert page.count('<mark class="flag') == 2 * sum(len(s.flags) for s in repair.steps) > 0
    # one file: nothing fetched, no glyph standing in for a deletion inside a word
    assert "http://" not in page and "https://" not in page and "<script src" not in page
    assert "⌫" not in page and "<link" not in page
    assert "cjk-spacing/line-break-space" in page
    # every mark belongs to an item the page can decide
    ids = {it.id for it in review_items(repair)}
    assert page.count("data-item=") == 2 * (len(repair.edits) + sum(len(s.flags) for s in
                                                                    repair.steps))  # fmt: skip
    assert ids == {m.split('"')[1] for m in page.split("data-item=")[1:]}


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
    flags = [*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
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


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_review_round_trip_in_chromium(tmp_path: Path) -> None:
    """Keys pressed in a real browser: accept one suggestion, reject one edit, export, apply."""
    page = tmp_path / "page.txt"
    page.write_text(seed_page("zhuzhou-daily-2023-09-05").raw, encoding="utf-8")
    html_path = tmp_path / "review.html"
    assert main(["repair", str(page), "-o", str(tmp_path / "out.txt"), "--html",
                 str(html_path), "-q"]) == 0  # fmt: skip
    repair = run("newspaper", page.read_text(encoding="utf-8"))
    items = review_items(repair)
    # a bracket made full-width whose surroundings occur once in the text, so it can be found
    space = next(k for k, it in enumerate(items)
                 if it.rule == "paren" and repair.text.count(_spot(repair, it, "replacement")) == 1)  # fmt: skip
    typo = next(k for k, it in enumerate(items) if it.kind == "suggestion")
    assert space < typo
    with Browser(tmp_path / "profile") as browser:
        browser.open(html_path.as_uri())
        for _ in range(space + 1):
            browser.press("j")
        assert browser.eval("document.getElementById('detail').textContent").startswith(
            f"{space + 1}/{len(items)} · punctuation/paren"
        )
        browser.press("r")  # reject the edit; the page goes on to the next item
        for _ in range(typo - space - 1):
            browser.press("j")
        browser.press("a")  # accept the suggestion
        # both panes scrolled to the item in hand
        marks = browser.eval(
            "Array.from(document.querySelectorAll('mark.current')).map(m => m.closest('.pane').id)"
        )
        assert set(marks) == {"original", "repaired"}
        exported = browser.eval("document.getElementById('decisions-json').value")
    decided = [d for d in json.loads(exported)["decisions"] if d["decided"]]
    assert [(d["id"], d["decision"]) for d in decided] == [
        (items[space].id, "reject"), (items[typo].id, "accept")
    ]
    decisions = tmp_path / "decisions.json"
    decisions.write_text(exported, encoding="utf-8")
    final = tmp_path / "page.reviewed.txt"
    assert main(["apply-review", str(page), str(decisions), "-o", str(final)]) == 0
    # the expected text, made by hand from the repaired one: the half-width bracket back where
    # it was, the suggested word in place of the flagged one
    expected = repair.text
    for it, old, new in ((items[space], "replacement", "original"),
                         (items[typo], "original", "replacement")):  # fmt: skip
        here = _spot(repair, it, old)
        assert expected.count(here) == 1
        expected = expected.replace(here, _spot(repair, it, new))
    assert final.read_text(encoding="utf-8") == expected != repair.text


def _spot(repair, it, side: str, width: int = 10) -> str:  # type: ignore[no-untyped-def]
    """An item's change with ``width`` characters of its pass's input either side; ``side``:
    ``"original"`` or ``"replacement"`` in the middle."""
    step = repair.steps[it.step]
    e = (step.flags if it.kind == "suggestion" else step.edits)[it.members[0]]
    src = step.result.input
    return src[max(0, e.start - width) : e.start] + getattr(it, side) + src[e.end : e.end + width]
