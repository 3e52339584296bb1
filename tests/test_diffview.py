"""The readable diff: hunks per edit group, changes marked in line, moves as moves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ocrfix.cli import main
from ocrfix.decisions import review_items
from ocrfix.diffview import readable_diff
from ocrfix.pipeline import run
from tests.conftest import SAMPLE, seed_page

HEADER = re.compile(r"^@@ line (\d+) · ([\w-]+)(, suggested \(not applied\))?(: moved from .*)? @@$")


@pytest.mark.parametrize("page", SAMPLE, ids=lambda p: p.id)
def test_every_item_is_in_a_short_hunk(page) -> None:  # type: ignore[no-untyped-def]
    repair = run("newspaper", page.raw)
    lines = readable_diff(repair).splitlines()
    heads = [HEADER.match(line) for line in lines if line.startswith("@@")]
    assert all(heads)
    # every hunk names a real line of the input, in input order
    numbers = [int(h[1]) for h in heads if h]
    assert all(1 <= n <= page.raw.count("\n") + 1 for n in numbers)
    # every edit or suggestion is told: each is in a hunk's marks or counted in its reasons
    told = sum(_count(line) for line in lines if line.startswith("  ") and not line.startswith("  @"))
    assert told >= len(review_items(repair))
    # the windows stay short, whatever the paragraph's length (unified: up to 1,383 chars)
    windows = [line for line in lines if "[-" in line or "{+" in line]
    assert max(map(len, windows), default=0) <= 400


def _count(reason_line: str) -> int:
    m = re.match(r"  [\w-]+(?: ×(\d+))? \(\d\.\d\d\): ", reason_line)
    if m:
        return int(m[1] or 1)
    m = re.match(r"  … and (\d+) more", reason_line)
    return int(m[1]) if m else 0


def test_moves_show_as_moves() -> None:
    page = seed_page("zhuzhou-daily-2023-04-10")
    repair = run("newspaper", page.raw)
    diff = readable_diff(repair)
    moves = [line for line in diff.splitlines() if "moved from line" in line]
    assert moves
    # the moved text is not shown as a deletion somewhere and an insertion elsewhere
    assert not re.search(r"\[-[^\]]{40,}-\]", diff)
    flow_moves = [e for e in repair.edits if e.pass_name == "flow" and e.source is not None]
    told = sum(int(m[1]) if (m := re.search(r"\((\d+) places\)", line)) else
               line.count(",") + 1 for line in moves if "flow" in line)  # fmt: skip
    assert told == len(flow_moves)


def test_suggestions_are_marked_as_such_and_color_only_when_asked() -> None:
    repair = run("newspaper", "仙石村发展油茶抚育，泥湫、黄骨鱼养殖。")
    plain = readable_diff(repair)
    assert "@@ line 1 · typos, suggested (not applied) @@" in plain
    assert "[-泥湫-]{+泥鳅+}" in plain and "\x1b[" not in plain
    colored = readable_diff(repair, color=True)
    assert "\x1b[31m[-泥湫-]\x1b[0m\x1b[32m{+泥鳅+}\x1b[0m" in colored


def test_nearby_edits_of_a_pass_share_a_hunk() -> None:
    repair = run("newspaper", "2021年,中车株机研发制造的\"复兴号\"开进西藏,实现了通勤。")
    diff = readable_diff(repair)
    punct = [line for line in diff.splitlines() if line.startswith("@@") and "punctuation" in line]
    assert len(punct) == 1
    assert '[-"-]{+“+}复兴号[-"-]{+”+}' in diff


def test_cli_diff_is_readable_and_unified_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "p.txt"
    page.write_text("民族文化传 承和保护，红色遗迹。\n", encoding="utf-8")
    assert main(["repair", str(page), "-o", str(tmp_path / "o.txt"), "--diff", "-", "-q"]) == 0
    assert "传[- -]承" in capsys.readouterr().out
    assert main(["repair", str(page), "-o", str(tmp_path / "o.txt"), "--diff", "-", "--unified",
                 "-q"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("--- a/p.txt") and "+民族文化传承和保护" in out
    assert main(["diff", str(page), "--color", "always"]) == 0
    assert "\x1b[31m[- -]" in capsys.readouterr().out
