"""Never harm the user's files: each reproduction of the file-safety issue, as a test.

Outputs that would clobber an input, another output, a device or a link are refused before
anything is written; batch paths stay inside their roots; JSON Lines records that cannot be
written back unchanged pass through; temporary files never outlive the run.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ocrfix.cli import main

TEXT = "株洲日报讯(全媒体记者/胡文洁) 4月9日,市委书记、市先进轨道交通装 备产业链链长曹慧泉主持召开会议。\n"
FIXED = TEXT.replace("装 备", "装备")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def one_line_error(code: int, err: str) -> bool:
    return code == 2 and err.startswith("ocrfix: error: ") and err.count("\n") == 1


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "same.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("flag", ["--diff", "--report", "--html"])
def test_an_extra_output_naming_the_input_is_refused(
    flag: str, page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["repair", str(page), "-o", str(tmp_path / "o.txt"), flag, str(page)], capsys)
    assert one_line_error(code, err) and "refusing to overwrite the input" in err
    assert page.read_text(encoding="utf-8") == TEXT and not (tmp_path / "o.txt").exists()


def test_the_input_through_another_name_is_refused(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hard = tmp_path / "hard-link.txt"
    os.link(page, hard)  # same inode, another name: compared by inode, not by name
    code, err = run(["repair", str(page), "-o", str(hard)], capsys)
    assert one_line_error(code, err) and page.read_text(encoding="utf-8") == TEXT


def test_two_outputs_on_one_file_are_refused(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o.txt"
    code, err = run(["repair", str(page), "-o", str(out), "--diff", str(out)], capsys)
    assert one_line_error(code, err) and "same file" in err and not out.exists()
    code, err = run(["repair", str(page), "-o", "-", "--diff", "-"], capsys)
    assert one_line_error(code, err)


def test_dev_null_is_written_through_and_stays_a_device(
    page: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run(["repair", str(page), "-o", "/dev/null", "--diff", "/dev/null", "-q"], capsys)
    assert code == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_full_is_not_replaced_and_a_full_device_is_one_line(
    page: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["repair", str(page), "-o", "/dev/full", "-q"], capsys)
    assert one_line_error(code, err) and "/dev/full" in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_is_written_through(page: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    code, _ = run(["repair", str(page), "-o", str(fifo), "-p", "safe", "-q"], capsys)
    reader.join(timeout=30)
    assert code == 0 and received == [FIXED] and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_symlink_output_is_refused_unless_followed(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, link = tmp_path / "target.txt", tmp_path / "link.txt"
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target)
    code, err = run(["repair", str(page), "-o", str(link), "-p", "safe"], capsys)
    assert one_line_error(code, err) and "symbolic link" in err and "--follow-symlinks" in err
    assert target.read_text(encoding="utf-8") == "old"
    code, _ = run(["repair", str(page), "-o", str(link), "-p", "safe", "-q",
                   "--follow-symlinks"], capsys)
    assert code == 0 and link.is_symlink() and target.read_text(encoding="utf-8") == FIXED


def test_an_unwritable_output_names_the_users_path_and_writes_nothing(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(["repair", str(page), "-o", "/proc/out.txt"], capsys)
    assert one_line_error(code, err) and "/proc/out.txt" in err and ".tmp" not in err
    # --html failing after -o would have been written: no half-done run.
    out = tmp_path / "o.txt"
    code, err = run(["repair", str(page), "-o", str(out), "--html", "/proc/review.html"], capsys)
    assert one_line_error(code, err) and not out.exists() and temp_files(tmp_path) == []


def test_a_full_disk_leaves_the_old_output_and_no_temporary_file(page: Path,
                                                                  tmp_path: Path) -> None:
    """A real write error: the file-size limit makes the kernel refuse the write (EFBIG)."""
    out = tmp_path / "o.txt"
    out.write_text("old", encoding="utf-8")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    proc = subprocess.run(
        [sys.executable, "-m", "ocrfix", "repair", str(page), "-o", str(out), "-p", "safe"],
        capture_output=True, text=True, preexec_fn=small_files, timeout=120,
    )
    assert proc.returncode == 2 and proc.stderr.startswith("ocrfix: error: cannot write")
    assert str(out) in proc.stderr and "Traceback" not in proc.stderr
    assert out.read_text(encoding="utf-8") == "old" and temp_files(tmp_path) == []


def test_sigterm_during_jsonl_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ocrfix", "repair", "--jsonl", "-", "-o", str(out), "-p", "safe"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdin is not None
    proc.stdin.write(json.dumps({"text": TEXT}, ensure_ascii=False) + "\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while not temp_files(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the output's temporary file exists
    assert temp_files(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "Traceback" not in err
    assert temp_files(tmp_path) == [] and not out.exists()


def test_max_mb_must_be_a_positive_number(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for value in ("nan", "-1", "0", "inf", "lots"):
        with pytest.raises(SystemExit) as exit_info:
            main(["repair", str(page), "--max-mb", value])
        err = capsys.readouterr().err
        assert exit_info.value.code == 2 and "not a size in MiB" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# Batch paths


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    return root


def test_a_glob_reaching_out_of_the_folder_is_refused(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("不可改写", encoding="utf-8")
    out = tmp_path / "out" / "deep"
    out.parent.mkdir()  # the output folder may be made, the folders above it must exist
    code, err = run(["repair", str(tree), "-o", str(out), "--glob", "../../*"], capsys)
    assert one_line_error(code, err) and "reaches out of" in err
    assert outside.read_text(encoding="utf-8") == "不可改写" and not out.exists()


def test_links_out_of_the_tree_are_skipped_with_a_warning(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(TEXT, encoding="utf-8")
    (tree / "link.txt").symlink_to(secret)
    code, err = run(["repair", str(tree), "-o", str(tmp_path / "out"), "-p", "safe"], capsys)
    assert code == 0 and "warning: skipping" in err and "link.txt" in err
    written = sorted(p.relative_to(tmp_path / "out").as_posix()
                     for p in (tmp_path / "out").rglob("*.txt"))
    assert written == ["a.txt", "sub/b.txt"]


def test_a_batch_output_that_is_a_link_is_refused(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("旧", encoding="utf-8")
    (out / "a.txt").symlink_to(victim)
    code, err = run(["repair", str(tree), "-o", str(out)], capsys)
    assert one_line_error(code, err) and "symbolic link" in err
    assert victim.read_text(encoding="utf-8") == "旧" and not (out / "sub").exists()


# ---------------------------------------------------------------------------------------------
# JSON Lines


def test_jsonl_records_that_cannot_round_trip_pass_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        '{"text": "第一稿", "text": "民族文化传 承"}',  # duplicate key
        '{"text": "观 看", "n": 1e999}',  # would come back as Infinity
        '{"text": "观 看", "n": NaN}',
        '{"text": "观 看", "ocrfix": {"mine": 1}}',  # the result field exists
        json.dumps({"text": "民族文化传 承"}, ensure_ascii=False),
    ]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(records) + "\n", encoding="utf-8")
    code, err = run(["repair", "--jsonl", str(src), "-o", str(out), "-p", "safe"], capsys)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert code == 1 and lines[:4] == records[:4]  # byte for byte
    assert "in.jsonl:1: refused: duplicate key 'text'" in err
    assert "in.jsonl:2: refused: number 1e999" in err and "in.jsonl:3: refused: NaN" in err
    assert "in.jsonl:4: has a field 'ocrfix' already" in err
    assert json.loads(lines[4]) == {"text": "民族文化传承",
                                    "ocrfix": {"profile": "safe", "edits": {"cjk-spacing": 1}}}


def test_jsonl_result_field_is_an_option(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"text": "观 看", "ocrfix": "user data"}\n', encoding="utf-8")
    code, _ = run(["repair", "--jsonl", str(src), "-o", str(out), "-p", "safe",
                   "--result-field", "repair"], capsys)
    record = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0 and record["ocrfix"] == "user data" and record["text"] == "观看"
    assert record["repair"]["edits"] == {"cjk-spacing": 1}
    code, err = run(["repair", "--jsonl", str(src), "-o", str(out), "--result-field", "text"],
                    capsys)
    assert one_line_error(code, err)
