"""Options that clash, limits given in the wrong unit, outputs in folders that do not exist:
each a one-line error before anything is written, or a result that keeps its promise."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.test_cli import FIXED, TEXT, run


def one_line_error(code: int, err: str) -> bool:
    return code == 2 and err.startswith("ocrfix: error: ") and err.count("\n") == 1


@pytest.fixture
def page(tmp_path: Path) -> Path:
    """test_cli.py's page (a fixture of this name in conftest.py is a corpus page)."""
    path = tmp_path / "page.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# --in-place


def test_in_place_on_a_gbk_file_says_it_wrote_utf8(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Output is UTF-8: a GBK file repaired in place changes encoding, and the run says so
    (before, silently; a GBK archive's other tools would then read mojibake)."""
    path = tmp_path / "gbk.txt"
    path.write_bytes(TEXT.encode("gbk"))
    code, _, err = run(["repair", str(path), "--in-place", "-p", "safe"], capsys)
    assert code == 0 and path.read_text(encoding="utf-8") == FIXED
    assert err.splitlines()[-1] == f"ocrfix: note: {path} was gb18030; --in-place wrote it as UTF-8"
    path.write_text(TEXT, encoding="utf-8")
    code, _, err = run(["repair", str(path), "--in-place", "-p", "safe"], capsys)
    assert code == 0 and "note" not in err


@pytest.mark.parametrize("output", ["x.txt", "-"])
def test_in_place_with_output_is_refused(page: Path, tmp_path: Path, output: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """``-o`` used to be ignored and the input overwritten; ``-o -`` counts as an ``-o`` too."""
    target = str(tmp_path / output) if output != "-" else "-"
    code, out, err = run(["repair", str(page), "--in-place", "-o", target, "-p", "safe"], capsys)
    assert one_line_error(code, err) and "--in-place" in err and "-o" in err and out == ""
    assert page.read_text(encoding="utf-8") == TEXT and not (tmp_path / "x.txt").exists()


def test_in_place_is_refused_for_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It was ignored: the records went to standard output and the file stayed as it was."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "观 看"}\n', encoding="utf-8")
    code, out, err = run(["repair", str(src), "--jsonl", "--in-place"], capsys)
    assert one_line_error(code, err) and "--in-place" in err and out == ""


def _review(page: Path, tmp_path: Path) -> Path:
    """A review page's export that rejects nothing: the repaired text stands as it is."""
    from ocrfix.decisions import decisions_header
    from ocrfix.pipeline import run as repair_run

    decisions = tmp_path / "decisions.json"
    repair = repair_run("safe", page.read_text(encoding="utf-8"))
    decisions.write_text(json.dumps({**decisions_header(repair), "decisions": []}),
                         encoding="utf-8")
    return decisions


def test_apply_review_in_place_replaces_the_input_and_keeps_its_mode(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The refusal of ``-o IN`` told the user to give --in-place, which apply-review lacked."""
    decisions = _review(page, tmp_path)
    code, _, err = run(["apply-review", str(page), str(decisions), "-o", str(page)], capsys)
    assert one_line_error(code, err) and "--in-place" in err
    os.chmod(page, 0o640)
    code, out, err = run(["apply-review", str(page), str(decisions), "--in-place"], capsys)
    assert code == 0 and out == "" and "review:" in err
    assert page.read_text(encoding="utf-8") == FIXED and page.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decisions.json", "page.txt"]
    code, _, err = run(["apply-review", str(page), str(decisions), "--in-place", "-o", "-"],
                       capsys)
    assert one_line_error(code, err)


# ---------------------------------------------------------------------------------------------
# score --fail-above


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two pages: one whose raw text is its gold, one with 1 wrong character in 10 (10% CER)."""
    root = tmp_path / "corpus"
    for name, raw, gold in (("clean", "株洲日报讯", "株洲日报讯"),
                            ("noisy", "株洲日报讯株洲日报汛", "株洲日报讯株洲日报讯")):
        (root / name).mkdir(parents=True)
        (root / name / "raw").write_text(raw, encoding="utf-8")
        (root / name / "gold").write_text(gold, encoding="utf-8")
    return root


def test_fail_above_names_the_pages_over_the_limit(corpus: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["score", str(corpus), "-p", "identity", "--fail-above", "0.05"], capsys)
    assert code == 1 and "| noisy | identity |" in out
    assert err.splitlines() == [
        "score: noisy (identity): CER 10.00% is 5.00 points above --fail-above 5.00%"
    ]
    code, _, err = run(["score", str(corpus), "-p", "identity", "--fail-above", "0.1"], capsys)
    assert code == 0 and err == ""


@pytest.mark.parametrize("value", ["5", "-0.1", "nan", "lots"])
def test_fail_above_takes_a_fraction(corpus: Path, value: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """``--fail-above 5`` read as 500% let every run pass."""
    code, out, err = run(["score", str(corpus), "-p", "identity", "--fail-above", value], capsys)
    assert one_line_error(code, err) and "0.05 for 5%" in err and out == ""


# ---------------------------------------------------------------------------------------------
# Output folders


@pytest.mark.parametrize("flag", ["-o", "--diff", "--report", "--html"])
def test_an_output_in_a_missing_folder_is_refused(page: Path, tmp_path: Path, flag: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """``-o nodir/out.txt`` used to create ``nodir`` silently (a typo became a new folder)."""
    missing = tmp_path / "nodir" / "out.txt"
    extra = [] if flag == "-o" else ["-o", str(tmp_path / "o.txt")]
    code, _, err = run(["repair", str(page), *extra, flag, str(missing)], capsys)
    assert one_line_error(code, err)
    assert f"{flag} {missing}: folder {missing.parent} does not exist; create it first" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]


@pytest.mark.parametrize("mode", [["--stream"], ["--jsonl"], ["apply-review"]])
def test_every_single_output_needs_its_folder(page: Path, tmp_path: Path, mode: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nodir" / "out.txt")
    if mode == ["apply-review"]:
        argv = ["apply-review", str(page), str(_review(page, tmp_path)), "-o", missing]
    else:
        argv = ["repair", str(page), *mode, "-o", missing]
    code, _, err = run(argv, capsys)
    assert one_line_error(code, err) and "does not exist; create it first" in err
    assert not (tmp_path / "nodir").exists()


def test_an_output_ending_in_a_slash_must_be_a_folder(page: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """``-o cleaned/`` for one file meant a folder; it used to become a file named cleaned."""
    code, _, err = run(["repair", str(page), "-o", f"{tmp_path / 'cleaned'}/"], capsys)
    assert one_line_error(code, err) and "does not exist; create it first" in err
    assert not (tmp_path / "cleaned").exists()


def test_a_folder_input_needs_an_output_folder(page: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    page.rename(folder / "page.txt")
    taken = tmp_path / "bo.txt"
    taken.write_text("旧", encoding="utf-8")
    code, _, err = run(["repair", str(folder), "-o", str(taken)], capsys)
    assert one_line_error(code, err) and f"-o {taken} is a file" in err
    assert taken.read_text(encoding="utf-8") == "旧"
    deep = tmp_path / "nodir" / "out"
    code, _, err = run(["repair", str(folder), "-o", str(deep)], capsys)
    assert one_line_error(code, err) and "folder" in err and "create it first" in err
    assert not (tmp_path / "nodir").exists()
    # the output folder itself is made, as before: README's `-o cleaned/`
    code, _, _ = run(["repair", str(folder), "-o", f"{tmp_path / 'cleaned'}/", "-p", "safe"],
                     capsys)
    assert code == 0 and (tmp_path / "cleaned" / "page.txt").read_text(encoding="utf-8") == FIXED


# ---------------------------------------------------------------------------------------------
# JSON Lines


def test_jsonl_blank_lines_pass_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Line N of the output is the record of line N of the input, and failures name real lines."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"text": "观 看"}\n\n  \n{"text": "民族文化传 承"}\n{broken\n\n',
                   encoding="utf-8")
    code, _, err = run(["repair", "--jsonl", str(src), "-o", str(out), "-p", "safe"], capsys)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert code == 1 and len(lines) == 7 and lines[1:3] == ["", "  "] and lines[5:] == ["", ""]
    assert json.loads(lines[0])["text"] == "观看" and json.loads(lines[3])["text"] == "民族文化传承"
    assert "in.jsonl:5: not JSON" in err and "2 documents" not in err and "3 documents" in err


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        ('{"text": "观 看"}\n' * 3, ["--field", "nosuch"], ("no record of ", "in.jsonl has field 'nosuch'; check --field")),
        ('{"text": "观 看"}\n' * 30, ["--field", "nosuch"], ("none of the first 20 records of ", "in.jsonl has field 'nosuch'")),
        ("\n# 标题\n\n正文一段。\n" * 40, [], ("in.jsonl is not JSON Lines: line 2 is not a JSON object",)),
        ('["a list"]\n', [], ("in.jsonl is not JSON Lines: line 1 is not a JSON object",)),
    ],
    ids=["mistyped-field", "mistyped-field-long-file", "markdown", "array"],
)
def test_jsonl_that_cannot_be_meant_stops_at_once(tmp_path: Path, content: str, argv: list[str],
                                                  message: tuple[str, ...],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """One line instead of a ``failed:`` line per record, and no output written."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(content, encoding="utf-8")
    code, stdout, err = run(["repair", "--jsonl", str(src), "-o", str(out), *argv], capsys)
    assert one_line_error(code, err) and all(part in err for part in message), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
    code, stdout, err = run(["repair", "--jsonl", str(src), *argv], capsys)
    assert one_line_error(code, err) and stdout == ""


def test_jsonl_with_the_field_in_a_later_record_goes_on(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Only a file where none of the first records qualifies stops: one good record is enough."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("not json\n" + '{"body": 1}\n' * 5 + '{"text": "观 看"}\n', encoding="utf-8")
    code, _, err = run(["repair", "--jsonl", str(src), "-o", str(out), "-p", "safe"], capsys)
    assert code == 1 and "6 failed" in err
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[6])["text"] == "观看"


# ---------------------------------------------------------------------------------------------
# Messages


def test_max_mb_below_one_mib_is_shown_with_its_digits(page: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["repair", str(page), "--max-mb", "0.0001"], capsys)
    size = page.stat().st_size / 2**20
    assert one_line_error(code, err)
    assert f"is {size:.2g} MiB, over the 0.0001 MiB limit" in err, err
    code, _, err = run(["repair", str(page), "--max-mb", str(size - 1 / 2**20)], capsys)
    sizes = [s for s in err.split() if s[:1].isdigit()]
    assert one_line_error(code, err) and sizes[0] != sizes[1], err  # never "0 MiB over 0 MiB"


def test_whitespace_only_is_not_called_empty(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\u3000\n", encoding="utf-8")
    code, _, err = run(["repair", str(blank)], capsys)
    assert one_line_error(code, err) and "holds only whitespace" in err and "empty" not in err
    code, _, err = run(["repair", str(blank), "--stream", "-o", str(tmp_path / "o.txt")], capsys)
    assert one_line_error(code, err) and "holds only whitespace" in err


def test_batch_failures_name_the_file_once(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    code, _, err = run(["repair", str(folder), "-o", str(tmp_path / "out"), "-p", "safe"], capsys)
    empty = folder / "empty.txt"
    assert code == 1 and f"  failed: {empty} is empty: nothing to repair" in err.splitlines()
    assert err.count(str(empty)) == 1


def test_a_unified_diff_is_coloured_when_asked(page: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """``diff --unified --color always`` printed no colour (the option only reached the
    hunk-per-edit view)."""
    code, out, _ = run(["diff", str(page), "--unified", "--color", "always", "-p", "safe"], capsys)
    assert code == 0 and "\x1b[31m-" in out and "\x1b[32m+" in out
    code, out, _ = run(["diff", str(page), "--unified", "--color", "never", "-p", "safe"], capsys)
    assert code == 0 and "\x1b[" not in out and "\n-" in out


def test_overwriting_the_decisions_file_is_refused_without_an_in_place_hint(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--in-place`` replaces the text repaired, never the decisions file: the refusal to
    write over that one does not suggest it."""
    decisions = tmp_path / "decisions.json"
    decisions.write_text("{}", encoding="utf-8")
    code, _, err = run(["apply-review", str(page), str(decisions), "-o", str(decisions)], capsys)
    assert one_line_error(code, err) and "--in-place" not in err and "another name" in err
    assert decisions.read_text(encoding="utf-8") == "{}"


def test_passes_verbose_lists_every_option_with_its_default_and_what_it_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``passes -v`` is for a user writing a profile or ``--set``: each pass's rules and each
    option (``pass.option = default``, the values it takes, what it does), no doctests."""
    from ocrfix.registry import available

    code, out, _ = run(["passes", "-v"], capsys)
    assert code == 0 and ">>>" not in out
    for name, info in available().items():
        assert f"rules: {' '.join(info.rules)}" in out
        for option, takes, what in info.option_docs():
            assert f"{name}.{option}  ({takes})" in out
            assert what, f"{name}.{option} has no description in its options' docstring"
    assert "typos.apply_threshold = 0.65  (a number, at least 0 and at most 1)" in out


def test_a_wrong_encoding_that_decodes_is_refused(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """``--encoding utf-16`` on a UTF-8 file decodes without an error into text that is no
    Chinese; before, the repair ran on it and wrote mojibake. The right ``--encoding`` (or
    one naming the same codec) is taken as given."""
    page = tmp_path / "page.txt"
    data = (TEXT + "全面建设社会主义现代化国家。").encode("utf-8")
    page.write_bytes(data + b"\n" * (len(data) % 2))  # (an even length: valid UTF-16 units)
    out = tmp_path / "out.txt"
    code, _, err = run(["repair", str(page), "--encoding", "utf-16", "-o", str(out)], capsys)
    assert one_line_error(code, err) and "reads as Chinese in utf-8" in err and not out.exists()
    code, _, err = run(["repair", str(page), "--encoding", "UTF8", "-o", str(out), "-q"], capsys)
    assert code == 0 and out.exists()


# ---------------------------------------------------------------------------------------------
# Reviewed defects: bad profile options, ranges, outputs --jsonl cannot write, control
# characters in diffs, plurals


@pytest.mark.parametrize("value", ["5", '"mode=apply"', "[1, 2]"])
def test_profile_options_that_are_no_table_are_one_line(tmp_path: Path, value: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """``options = 5`` in a profile: before, a TypeError traceback."""
    prof = tmp_path / "bad.toml"
    prof.write_text(f'name = "bad"\n[[passes]]\nname = "typos"\noptions = {value}\n',
                    encoding="utf-8")
    code, _, err = run(["repair", "-", "--profile", str(prof)], capsys)
    assert one_line_error(code, err)
    assert "options of pass 'typos' must be a table (`options = { key = value }`)" in err


def test_profile_description_must_be_a_string(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    prof = tmp_path / "bad.toml"
    prof.write_text('name = "bad"\ndescription = 5\n', encoding="utf-8")
    code, _, err = run(["repair", "-", "--profile", str(prof)], capsys)
    assert one_line_error(code, err) and "`description` must be a string" in err


SCAN_PAGE = (Path(__file__).parent.parent / "corpora" / "generated"
             / "nanxi-evening-01-scan-heavy" / "raw")


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("dedup.shingle_sample=0", "'shingle_sample' of pass 'dedup' must be at least 1, got 0"),
        ("dedup.shingle=0", "'shingle' of pass 'dedup' must be at least 1, got 0"),
        ("dedup.short_block_max_gap=1_000_000_000", "must be at least 0 and at most 1000"),
    ],
)
def test_set_outside_an_options_range_is_refused(tmp_path: Path, setting: str, says: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Before: ZeroDivisionError on a corpus page (shingle_sample=0), a run that never ended
    (short_block_max_gap walked every block number up to the gap)."""
    out = tmp_path / "out.txt"
    code, _, err = run(["repair", str(SCAN_PAGE), "--set", setting, "-o", str(out)], capsys)
    assert one_line_error(code, err) and says in err and not out.exists()
    code, out_text, _ = run(["passes", "-v"], capsys)
    assert "dedup.shingle_sample = 8  (a whole number, at least 1)" in out_text
    assert "dedup.short_block_max_gap = 6  (a whole number, at least 0 and at most 1000)" in out_text


@pytest.mark.parametrize("extra", [["--diff", "d.txt"], ["--report", "r.json"],
                                   ["--html", "h.html"], ["--diff", "-"]])
def test_jsonl_refuses_diff_report_and_html(tmp_path: Path, extra: list[str],
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Before: exit 0 and no d.txt, r.json or h.html, silently."""
    monkeypatch.chdir(tmp_path)
    Path("p.jsonl").write_text('{"text": "泥湫"}\n', encoding="utf-8")
    code, out, err = run(["repair", "p.jsonl", "--jsonl", "-o", "out.jsonl", *extra], capsys)
    assert one_line_error(code, err) and out == ""
    assert f"{extra[0]} {extra[1]} with --jsonl" in err and "take one text file" in err
    assert sorted(os.listdir()) == ["p.jsonl"]  # no out.jsonl either


def test_diff_shows_control_characters_in_spans_and_reasons(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    """A flow join's reason quotes the text around the join, line break included; a deleted CR
    showed as ``[--]``. Each hunk is its header, one line of text and its reasons."""
    src = tmp_path / "page.txt"
    src.write_bytes("甲\n第二行文字\n\n新段落。\r\n\n再".encode())
    code, out, _ = run(["diff", str(src), "--color", "never"], capsys)
    assert code == 0
    hunks = out.split("@@ line ")[1:]
    assert [h.splitlines()[0] for h in hunks] == ["2 · flow @@", "4 · unicode @@"]
    flow, unicode = (h.splitlines()[1:] for h in hunks)
    assert flow == ["  甲⏎第二行文字[-⏎⏎-]新段落。⏎⏎再",
                    "  join (0.75): ⏎第二行文字|新段落。 reads on (lm)"]
    assert unicode[0] == "  二行文字⏎⏎新段落。[-\\r-]⏎⏎再"
    assert "[--]" not in out


def test_diff_file_shows_control_characters_too(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """``repair --diff FILE`` writes the same diff; ``--report`` keeps the reason as data."""
    src, diff, report = tmp_path / "page.txt", tmp_path / "d.txt", tmp_path / "r.json"
    src.write_text("甲\n第二行文字\n\n新段落。", encoding="utf-8")
    code, _, _ = run(["repair", str(src), "-o", str(tmp_path / "o.txt"), "-q",
                      "--diff", str(diff), "--report", str(report)], capsys)
    assert code == 0
    assert "  join (0.75): ⏎第二行文字|新段落。 reads on (lm)\n" in diff.read_text(encoding="utf-8")
    reasons = [e["reason"] for e in json.loads(report.read_text(encoding="utf-8"))["edits"]]
    assert "\n第二行文字|新段落。 reads on (lm)" in reasons


def test_batch_summary_counts_one_document_in_the_singular(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text('{"text": "泥湫"}\n', encoding="utf-8")
    code, _, err = run(["repair", str(src), "--jsonl", "-o", str(tmp_path / "o.jsonl")], capsys)
    assert code == 0 and err.startswith("1 document, 2 chars in ")
    src.write_text('{"text": "泥湫"}\n{"text": "甲"}\n', encoding="utf-8")
    code, _, err = run(["repair", str(src), "--jsonl", "-o", str(tmp_path / "o.jsonl")], capsys)
    assert code == 0 and err.startswith("2 documents, 3 chars in ")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("甲", encoding="utf-8")
    (folder / "b.txt").write_text("乙", encoding="utf-8")
    code, _, err = run(["repair", str(folder), "-o", str(tmp_path / "out")], capsys)
    assert code == 0 and err.startswith("2 documents, 2 chars in ")
