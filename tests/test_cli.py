"""The command line on good and bad input: right result or a one-line error, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ocrfix.cli import main

TEXT = "株洲日报讯(全媒体记者/胡文洁) 4月9日,市委书记、市先进轨道交通装 备产业链链长曹慧泉主持召开会议。\n"
FIXED = TEXT.replace("装 备", "装备")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_repair_to_file_with_diff_and_report(page: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out, report = tmp_path / "out" / "fixed.txt", tmp_path / "report.json"
    out.parent.mkdir()  # ocrfix makes no folder for one file's output
    code, stdout, err = run(["repair", str(page), "-o", str(out), "--profile", "safe",
                             "--diff", "-", "--report", str(report)], capsys)
    assert code == 0
    assert out.read_text(encoding="utf-8") == FIXED
    assert "交通装[- -]备产业链" in stdout and "cjk-spacing/" not in stdout
    assert "line-break-space (0.95)" in stdout
    assert "1 line-break space removed" in err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["profile"] == "safe" and data["edits"][0]["original"] == " "
    assert page.read_text(encoding="utf-8") == TEXT  # input untouched


def test_repair_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("gb18030"))))
    code, stdout, _ = run(["repair", "-", "-p", "safe", "-q"], capsys)
    assert code == 0 and stdout == FIXED


def test_gbk_input_is_detected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gbk"))
    code, stdout, _ = run(["repair", str(path), "-p", "safe", "-q"], capsys)
    assert code == 0 and stdout == FIXED


def test_utf16_with_bom_is_detected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(TEXT.encode("utf-16"))
    code, stdout, _ = run(["repair", str(path), "-p", "safe", "-q"], capsys)
    assert code == 0 and stdout == FIXED


def test_explicit_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes("臺灣 報紙".encode("big5"))
    code, stdout, _ = run(["repair", str(path), "-p", "safe", "-q", "--encoding", "big5"], capsys)
    assert code == 0 and stdout == "臺灣 報紙"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
        (b"\xe6\xa0\xaa\xe6\xb4\xb2 \xff\xfe\xfa broken", "neither UTF-8"),
        (b"", "is empty"),
        (b"  \n\n ", "holds only whitespace"),
    ],
    ids=["binary", "invalid-utf8", "empty", "blank"],
)
def test_bad_input_gives_one_line_error(tmp_path: Path, content: bytes, message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, stdout, err = run(["repair", str(path)], capsys)
    assert code == 2 and stdout == ""
    assert message in err and err.count("\n") == 1 and err.startswith("ocrfix: error: ")


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["repair", "/nonexistent/page.txt"], capsys)
    assert code == 2 and "no such file" in err


def test_unknown_profile(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["repair", str(page), "--profile", "newspapr"], capsys)
    assert code == 2 and "unknown profile 'newspapr'" in err and "newspaper" in err


def test_wrong_explicit_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gbk"))
    code, _, err = run(["repair", str(path), "--encoding", "utf-8"], capsys)
    assert code == 2 and "not valid utf-8" in err


def test_too_large(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["repair", str(page), "--max-mb", "0.0001"], capsys)
    assert code == 2 and "over the" in err and "split it" in err


def test_refuses_to_overwrite_input_unless_in_place(page: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["repair", str(page), "-o", str(page)], capsys)
    assert code == 2 and "--in-place" in err and page.read_text(encoding="utf-8") == TEXT
    code, _, _ = run(["repair", str(page), "--in-place", "-p", "safe", "-q"], capsys)
    assert code == 0 and page.read_text(encoding="utf-8") == FIXED


def test_diff_command_shows_edits(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(["diff", str(page), "-p", "safe", "--color", "never"], capsys)
    assert code == 0 and "装[- -]备" in stdout and "@@ line 1 · cjk-spacing @@" in stdout
    code, stdout, _ = run(["diff", str(page), "-p", "safe", "--color", "always"], capsys)
    assert "\x1b[31m" in stdout


def test_listings(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["passes"], capsys)[1].startswith("cjk-spacing") or "cjk-spacing" in run(
        ["passes"], capsys)[1]
    assert "newspaper" in run(["profiles"], capsys)[1]


def test_score_command(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parent.parent / "corpora"
    code, stdout, _ = run(["score", str(root), "-p", "identity", "-p", "safe"], capsys)
    assert code == 0 and "| zhuzhou-daily-2023-04-10 | safe |" in stdout


def test_score_missing_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["score", "/nonexistent"], capsys)
    assert code == 2 and "no such corpus folder" in err


def test_python_m_entry_point_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02")
    proc = subprocess.run([sys.executable, "-m", "ocrfix", "repair", str(bad)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("ocrfix: error:")


def test_mark_writes_suggestions_inline(tmp_path: Path) -> None:
    seed = Path(__file__).parent.parent / "corpora" / "zhuzhou-daily-2023-09-05" / "raw"
    marked, plain = tmp_path / "marked.txt", tmp_path / "plain.txt"
    assert main(["repair", str(seed), "-o", str(marked), "--mark", "-q"]) == 0
    assert main(["repair", str(seed), "-o", str(plain), "-q"]) == 0
    text = marked.read_text(encoding="utf-8")
    for suggestion in ("泥湫〔泥鳅?〕", "鄱县〔酃县?〕"):
        assert suggestion in text
    # nothing but the marks differs from the plain repair
    assert re.sub(r"〔[^〕]*\?〕", "", text) == plain.read_text(encoding="utf-8")


def test_mark_is_refused_for_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "泥湫"}\n', encoding="utf-8")
    assert main(["repair", str(src), "--jsonl", "--mark", "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "--mark" in capsys.readouterr().err


SEED_0410 = Path(__file__).parent.parent / "corpora" / "zhuzhou-daily-2023-04-10" / "raw"


def test_drop_furniture_deletes_and_says_so(tmp_path: Path) -> None:
    """The 04-10 page carries two photo credits (``…摄``) and a jump line: moved out by default,
    deleted with --drop-furniture, each deletion an edit that names what it dropped."""
    kept, dropped, report = tmp_path / "kept.txt", tmp_path / "dropped.txt", tmp_path / "r.json"
    assert main(["repair", str(SEED_0410), "-o", str(kept), "-q"]) == 0
    assert main(["repair", str(SEED_0410), "-o", str(dropped), "-q", "--drop-furniture",
                 "--report", str(report)]) == 0
    assert "摄" in kept.read_text(encoding="utf-8") and "▶下转02版" in kept.read_text(encoding="utf-8")
    assert "摄" not in dropped.read_text(encoding="utf-8")
    edits = [e for e in json.loads(report.read_text(encoding="utf-8"))["edits"]
             if e["pass"] == "furniture"]
    assert edits and all(e["reason"].startswith("dropped furniture") for e in edits)


def test_set_changes_one_option_and_checks_it(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = Path(__file__).parent.parent / "corpora" / "zhuzhou-daily-2023-09-05" / "raw"
    code, out, _ = run(["repair", str(seed), "-q", "--set", "typos.apply_threshold=0.6"], capsys)
    assert code == 0 and "泥鳅" in out and "泥湫" not in out  # applied, not just flagged
    for setting, message in [
        ("typo.mode=apply", "has no pass 'typo'"),
        ("typos.modes=apply", "unknown option 'modes'"),
        ("furniture.drop=3", "must be true or false"),
        ("flow.join_threshold=high", "must be a number, got 'high'"),
        ("dedup.similarity=2.5", "must be above 0 and at most 1"),
        ("typos.pairs_file=/etc/passwd", "is outside"),
        ("typos=apply", "write PASS.OPTION=VALUE"),
    ]:
        code, _, err = run(["repair", str(page), "--set", setting], capsys)
        assert code == 2 and message in err and err.count("\n") == 1, setting


def test_ascii_stdout_and_closed_pipe_give_no_traceback(page: Path) -> None:
    ascii_out = subprocess.run(
        [sys.executable, "-m", "ocrfix", "repair", str(page), "-p", "safe", "-q"],
        capture_output=True, check=False, env={"PYTHONIOENCODING": "ascii", "PATH": ""},
    )
    assert ascii_out.returncode == 0 and ascii_out.stdout.decode("utf-8") == FIXED
    with subprocess.Popen([sys.executable, "-m", "ocrfix", "diff", str(SEED_0410)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # the reader stops, like `| head -1`
        err = proc.stderr.read().decode("utf-8")
    assert proc.returncode == 141 and err == ""


def test_diff_shows_suggestions_apart_from_edits(capsys: pytest.CaptureFixture[str]) -> None:
    seed = Path(__file__).parent.parent / "corpora" / "zhuzhou-daily-2023-09-05" / "raw"
    code, out, _ = run(["diff", str(seed), "--color", "never"], capsys)
    lines = out.splitlines()
    heads = [k for k, line in enumerate(lines) if line.startswith("@@")]
    suggested = [k for k in heads if lines[k].endswith("· typos, suggested (not applied) @@")]
    assert code == 0 and len(suggested) == 3  # 泥湫 and 鄱县 twice
    assert any("[-泥湫-]{+泥鳅+}" in lines[k + 1] for k in suggested)
    # no hunk of applied edits is called a suggestion, and no suggestion hides among them
    assert all("typos" not in lines[k] for k in heads if k not in suggested)


def test_output_folder_for_one_file_keeps_its_name(page: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "cleaned"
    folder.mkdir()
    code, _, _ = run(["repair", str(page), "-o", str(folder), "-p", "safe", "-q"], capsys)
    assert code == 0 and (folder / page.name).read_text(encoding="utf-8") == FIXED
    code, _, err = run(["repair", str(page), "-o", str(page.parent), "-q"], capsys)
    assert code == 2 and "refusing to overwrite the input" in err
    assert page.read_text(encoding="utf-8") == TEXT


def test_stream_repairs_a_large_file_part_by_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """--stream cuts at blank lines and repairs part by part; with parts as large as the page,
    the result is the page's own repair, page after page (GB18030 input, read block by block)."""
    from ocrfix import textio
    from ocrfix.pipeline import run as repair_run

    page = SEED_0410.read_text(encoding="utf-8").strip() + "\n\n"
    big = tmp_path / "big.txt"
    big.write_bytes((page * 6).encode("gb18030"))
    monkeypatch.setattr(textio, "_BLOCK", 4096)  # many reads, characters cut at block ends
    monkeypatch.setattr(textio, "PART_CHARS", len(page) // 3)
    out = tmp_path / "big.fixed.txt"
    code, _, err = run(["repair", str(big), "--stream", "-o", str(out), "-p", "safe"], capsys)
    parts = list(textio.iter_parts(str(big), None, len(page) // 3))
    assert code == 0 and "".join(parts) == page * 6 and len(parts) > 6
    assert all(p.endswith("\n\n") for p in parts)
    expected = "".join(repair_run("safe", p).text for p in parts)
    assert out.read_text(encoding="utf-8") == expected and f"{len(parts)} documents" in err
    code, _, err = run(["repair", str(big), "--stream"], capsys)
    assert code == 2 and "--stream needs -o FILE" in err


def test_too_large_file_points_to_stream(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["repair", str(page), "--max-mb", "0.00001"], capsys)
    assert code == 2 and "--stream" in err


def test_a_large_document_shows_its_passes_on_a_terminal(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import ocrfix.progress

    page = tmp_path / "big.txt"
    page.write_text(TEXT * 4, encoding="utf-8")
    monkeypatch.setattr(ocrfix.progress, "BAR_CHARS", 100)  # as if the page were large
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, _, err = run(["repair", str(page), "-p", "safe", "-o", str(tmp_path / "o.txt")], capsys)
    assert code == 0 and "cjk-spacing" in err and "2/2" in err
    code, _, err = run(["repair", str(page), "-p", "safe", "-o", str(tmp_path / "o.txt"), "-q"],
                       capsys)
    assert code == 0 and err == ""


def test_score_shows_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    seed = Path(__file__).parent.parent / "corpora" / "zhuzhou-daily-2023-04-10"
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(["score", str(seed.parent), "-p", "identity"], capsys)
    assert code == 0 and "zhuzhou-daily-2023-04-10" in out and "page" in err and "/" in err
