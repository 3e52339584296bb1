"""Many documents: folders, JSON Lines, worker processes; failures reported, never fatal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ocrfix.batch import _map, repair_files, repair_jsonl
from ocrfix.cli import main
from ocrfix.pipeline import run
from tests.conftest import CORPORA

PAGE = "曹慧泉强调,要坚定信心,深刻把 握国际国内形势,持续发挥厂所结合的 产业链创新链协同优势。\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "2023" / "04").mkdir(parents=True)
    for i in range(5):
        (root / "2023" / "04" / f"p{i}.txt").write_text(PAGE * (i + 1), encoding="utf-8")
    (root / "2023" / "gbk.txt").write_bytes(PAGE.encode("gbk"))
    (root / "2023" / "bad.txt").write_bytes(b"\x00\x01binary")
    (root / "notes.md").write_text("# 标题\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("jobs", [1, 2])
def test_folder_is_mirrored_and_failures_skipped(tree: Path, tmp_path: Path, jobs: int) -> None:
    out = tmp_path / "out"
    summary = repair_files([str(tree)], str(out), "safe", glob="*.txt", jobs=jobs)
    assert summary.documents == 7 and len(summary.failures) == 1
    assert summary.failures[0][0].endswith("bad.txt") and "binary" in summary.failures[0][1]
    fixed = PAGE.replace("把 握", "把握").replace("的 产", "的产")
    assert (out / "2023" / "04" / "p2.txt").read_text(encoding="utf-8") == fixed * 3
    assert (out / "2023" / "gbk.txt").read_text(encoding="utf-8") == fixed
    assert not (out / "notes.md").exists() and not (out / "2023" / "bad.txt").exists()
    assert summary.edits["cjk-spacing"] == 2 * (1 + 2 + 3 + 4 + 5 + 1)


def test_cli_batch_exit_code_and_summary(tree: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["repair", str(tree), "-o", str(tmp_path / "o"), "-p", "safe", "--glob", "*.txt"])
    err = capsys.readouterr().err
    assert code == 1 and "7 documents" in err and "1 failed" in err and "bad.txt" in err


def test_cli_batch_refuses_output_inside_input(tree: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["repair", str(tree), "-o", str(tree / "out")]) == 2
    assert "inside an input folder" in capsys.readouterr().err


def test_jsonl_records_keep_other_fields(tmp_path: Path) -> None:
    records = [
        {"id": 1, "text": PAGE, "source": "株洲日报", "page": 3},
        {"id": 2, "body": "no text field"},
        {"id": 3, "text": "坏\ud800字 民族文化传 承，红色遗迹"},
    ]
    lines = [json.dumps(r, ensure_ascii=True) + "\n" for r in records] + ["{broken\n"]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["repair", "--jsonl", str(src), "-o", str(out), "-p", "safe", "-q", "-j", "2"])
    assert code == 1
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()[:3]]
    assert rows[0]["text"] == run("safe", PAGE).text and rows[0]["page"] == 3
    assert rows[0]["ocrfix"]["edits"] == {"cjk-spacing": 2}
    assert rows[1]["body"] == "no text field" and "no string field" in rows[1]["ocrfix"]["error"]
    assert rows[2]["ocrfix"]["lone_surrogates_replaced"] == 1 and "\ufffd" in rows[2]["text"]
    assert out.read_text(encoding="utf-8").splitlines()[3] == "{broken"  # passed through


def test_jsonl_single_and_multi_process_agree(tmp_path: Path) -> None:
    import io

    pages = sorted(p for p in CORPORA.rglob("raw"))[:4]
    text = "".join(json.dumps({"text": p.read_text(encoding="utf-8")}) + "\n" for p in pages)
    outs = []
    for jobs in (1, 2):
        sink = io.StringIO()
        summary = repair_jsonl(io.StringIO(text), sink, "newspaper", jobs=jobs)
        assert not summary.failures
        outs.append(sink.getvalue())
    assert outs[0] == outs[1]


def test_jsonl_hostile_records_are_reported_not_fatal(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A lone surrogate in a field we do not repair, nesting deeper than Python's JSON reader can
    hold, and a record over --max-mb: each is reported, and every record is written."""
    records = [
        json.dumps({"text": PAGE, "title": "坏\ud800题"}),  # escaped: valid JSON text
        "[" * 100_000,
        json.dumps({"text": "甲" * 400_000}, ensure_ascii=False),  # 1.2 MB of UTF-8
        json.dumps({"text": "乙"}),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(records) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["repair", "--jsonl", str(src), "-o", str(out), "-p", "safe", "--max-mb", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "in.jsonl:2: not JSON" in err and "in.jsonl:3: record of 1,200," in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and lines[1] == records[1] and lines[2] == records[2]
    first = json.loads(lines[0])
    assert first["title"] == "坏\ud800题" and first["text"] == run("safe", PAGE).text
    assert "曹慧泉" in lines[0] and "\\ud800" in lines[0]  # readable; only the surrogate escaped
    assert json.loads(lines[3])["ocrfix"]["edits"] == {}


def test_two_inputs_with_one_output_name_are_refused(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    for folder, text in (("a", "甲"), ("b", "乙")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_text(text, encoding="utf-8")
    args = [str(tmp_path / "a" / "page.txt"), str(tmp_path / "b" / "page.txt")]
    assert main(["repair", *args, "-o", str(tmp_path / "out")]) == 2
    assert "would both be written to page.txt" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_outputs_get_the_usual_file_mode(tree: Path, tmp_path: Path) -> None:
    """Atomic writes go through a private temporary file; the result must not stay private."""
    import os

    umask = os.umask(0o022)
    try:
        repair_files([str(tree)], str(tmp_path / "out"), "safe", glob="p0.txt")
    finally:
        os.umask(umask)
    assert (tmp_path / "out" / "2023" / "04" / "p0.txt").stat().st_mode & 0o777 == 0o644


def _numbers_then_a_bad_byte(n: int):  # type: ignore[no-untyped-def]
    yield from range(n)
    raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")


def test_work_done_before_an_input_error_is_handed_on() -> None:
    """Over several windows of work, an input that fails partway still gets the results of every
    window read before the failure, in order, and then the error (two windows are in flight: the
    one read when the input failed was not yet written)."""
    got: list[int] = []
    with pytest.raises(UnicodeDecodeError):
        for r in _map(abs, _numbers_then_a_bad_byte(150), jobs=2, chunksize=4):  # windows of 64
            got.append(r)
    assert got == list(range(128))  # two whole windows of 64 were read before the bad byte


def test_workers_fork_from_a_warmed_server() -> None:
    """``--jobs`` workers fork from a forkserver that imported ``ocrfix.preload``: in a fresh
    interpreter that import leaves the typos detector built and the profile parsed, which the
    warm-up would hide if it failed (it passes over errors, so that the server never dies)."""
    probe = (
        "import ocrfix.preload\n"
        "from ocrfix.batch import _named_profile\n"
        "from ocrfix.passes.typos import _detector\n"
        "print(_detector.cache_info().currsize, _named_profile.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1"]
