"""The ``ocrfix`` command line: I/O, encodings, atomic writes and exit codes; no repair logic.

Exit codes: 0 done; 1 some documents of a batch failed, or ``score --fail-above`` was exceeded;
2 bad input or usage (one line on standard error, no traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path

from ocrfix import DEFAULT_PROFILE, __version__, textio
from ocrfix.batch import (
    BatchSummary,
    DocOutcome,
    Writer,
    edit_counts,
    repair_files,
    repair_jsonl,
)
from ocrfix.errors import InputError, OcrfixError
from ocrfix.outputs import AtomicText, check_outputs, write_all
from ocrfix.pipeline import Repair, run
from ocrfix.profiles import Profile, builtin_names, load_profile
from ocrfix.progress import count_bar, pass_bar
from ocrfix.registry import available
from ocrfix.textio import MAX_BYTES, iter_parts, read_text


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # SIGTERM (a scheduler's kill, `timeout`) unwinds like Ctrl-C, so temporary files go too.
    previous = signal.signal(signal.SIGTERM, _terminate)
    # Output is UTF-8 whatever the locale says (a C or ASCII locale would raise on Chinese).
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and stream.encoding.lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    try:
        result: int = args.func(args)
        return result
    except BrokenPipeError:  # ``ocrfix diff page.txt | head``: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # what a shell reports for a process ended by SIGPIPE
    except OcrfixError as exc:
        print(f"ocrfix: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"ocrfix: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except _Terminated:
        return 143
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Terminated(BaseException):
    """Raised by the SIGTERM handler; a BaseException, so no ``except Exception`` swallows it."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ocrfix",
        description="Repair OCR'd and PDF-extracted Chinese newspaper text, with a diff.",
    )
    p.add_argument("--version", action="version", version=f"ocrfix {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    r = sub.add_parser(
        "repair",
        help="repair text files, folders or JSON Lines",
        description="Repair a text file; several files and folders into -o OUTDIR; "
        "or the records of a JSON Lines file with --jsonl.",
    )
    r.add_argument("input", metavar="IN", nargs="+", help="file, folder, or - for stdin")
    _add_common(r)
    out = r.add_argument_group("output")
    out.add_argument("-o", "--output", default="-", help="file, or folder for several inputs")
    out.add_argument("--in-place", action="store_true", help="overwrite IN with the result")
    out.add_argument(
        "--diff",
        metavar="PATH",
        help="also write a diff (- : stdout): one hunk per edit, changes marked in the line",
    )
    out.add_argument("--unified", action="store_true", help="make --diff a unified line diff")
    out.add_argument("--report", metavar="PATH", help="also write a JSON report of every edit")
    out.add_argument("--html", metavar="PATH", help="also write an HTML review page")
    out.add_argument(
        "--mark",
        action="store_true",
        help="write suggestions that were not applied inline, 泥湫〔泥鳅?〕, for proof-reading",
    )
    out.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="write through an output path that is a symbolic link (refused by default)",
    )
    out.add_argument("--quiet", "-q", action="store_true", help="no summary, no progress bar")
    many = r.add_argument_group("many documents")
    many.add_argument("--glob", default="*", help="files to take from folders (default: *)")
    many.add_argument("--jsonl", action="store_true", help="IN is JSON Lines, one record a line")
    many.add_argument("--field", default="text", help="JSON field to repair (default: text)")
    many.add_argument(
        "--result-field",
        default="ocrfix",
        help="JSON field the edit counts go into (default: ocrfix); a record that has it "
        "already is written through unchanged",
    )
    many.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default: 1)")
    many.add_argument(
        "--stream",
        action="store_true",
        help="repair one large file part by part (cut at blank lines) in bounded memory; "
        "dedup and flow then see one part at a time",
    )
    r.set_defaults(func=_cmd_repair)

    d = sub.add_parser(
        "diff",
        help="show what a profile would change",
        description="Show what a profile would change, without writing anything.",
    )
    d.add_argument("input", metavar="IN", help="text file, or - for stdin")
    _add_common(d)
    d.add_argument("--unified", action="store_true", help="a line diff, not one hunk per edit")
    d.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    d.set_defaults(func=_cmd_diff)

    ar = sub.add_parser(
        "apply-review",
        help="apply the decisions exported from an HTML review page",
        description="Repair IN again as the review page did, then apply the decisions exported "
        "from the page (--html): rejected edits undone, accepted suggestions applied.",
    )
    ar.add_argument("input", metavar="IN", help="the text file the review page was made from")
    ar.add_argument("decisions", metavar="DECISIONS", help="decisions.json exported by the page")
    _add_common(ar)
    ar.set_defaults(profile=None)  # default: the profile the page names
    ar.add_argument("-o", "--output", default="-", help="the reviewed text (default: stdout)")
    ar.add_argument("--follow-symlinks", action="store_true", help="write through a link")
    ar.set_defaults(func=_cmd_apply_review)

    ps = sub.add_parser("passes", help="list the passes")
    ps.add_argument("--verbose", "-v", action="store_true", help="show each pass's documentation")
    ps.set_defaults(func=_cmd_passes)

    pr = sub.add_parser("profiles", help="list the built-in profiles")
    pr.set_defaults(func=_cmd_profiles)

    sc = sub.add_parser(
        "score",
        help="score profiles against gold corpora",
        description="Repair every corpus page with each profile; print CER against gold.",
    )
    sc.add_argument("corpus", nargs="*", default=["corpora"], help="folders of pages")
    sc.add_argument("--profile", "-p", action="append", help="profile (repeatable; default: all)")
    sc.add_argument("--fail-above", type=float, metavar="CER", help="exit 1 above this CER")
    sc.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    sc.set_defaults(func=_cmd_score)
    return p


def _add_common(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--profile",
        "-p",
        default=DEFAULT_PROFILE,
        help=f"built-in profile name or a .toml path (default: {DEFAULT_PROFILE})",
    )
    sp.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PASS.OPTION=VALUE",
        help="change an option of one of the profile's passes (repeatable); VALUE is TOML, "
        "a bare word a string: --set typos.mode=apply",
    )
    sp.add_argument(
        "--drop-furniture",
        action="store_true",
        help="delete captions, credits, jump lines (edits say so) instead of moving them out",
    )
    sp.add_argument("--encoding", help="input encoding (default: detect UTF-8/UTF-16/GB18030)")
    sp.add_argument(
        "--max-mb",
        type=_positive_mb,
        default=MAX_BYTES / 2**20,
        help="largest single document accepted, in MiB (default: %(default)s)",
    )


def _positive_mb(value: str) -> float:
    """``--max-mb``: a finite number above 0 (``nan`` compares false with everything)."""
    try:
        mb = float(value)
    except ValueError:
        mb = math.nan
    if not (0 < mb < math.inf):
        raise argparse.ArgumentTypeError(f"{value!r} is not a size in MiB above 0, e.g. 256")
    return mb


def _profile(args: argparse.Namespace) -> Profile:
    """The profile named by ``--profile``, with ``--set`` and ``--drop-furniture`` applied."""
    profile = load_profile(args.profile)
    settings = [*args.set, *(["furniture.drop=true"] if args.drop_furniture else [])]
    for setting in settings:
        key, sep, value = setting.partition("=")
        pass_name, dot, option = key.strip().rpartition(".")
        if not (sep and dot and pass_name and option):
            raise InputError(f"--set {setting}: write PASS.OPTION=VALUE, e.g. furniture.drop=true")
        try:
            parsed = tomllib.loads(f"v = {value}")["v"]
        except tomllib.TOMLDecodeError:
            parsed = value  # a bare word: take it as a string (typos.mode=apply)
        profile = profile.with_options(pass_name, {option: parsed})
    return profile


def _max_bytes(args: argparse.Namespace) -> int:
    return int(args.max_mb * 2**20)


# ---------------------------------------------------------------------------------------------
# repair


def _cmd_repair(args: argparse.Namespace) -> int:
    profile = _profile(args)  # fail on a bad profile before reading anything
    if args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    if args.jsonl:
        return _repair_jsonl(args, profile)
    if args.stream:
        return _repair_stream(args, profile)
    if len(args.input) > 1 or Path(args.input[0]).is_dir():
        return _repair_batch(args, profile)
    (source,) = args.input
    output = args.output
    if args.in_place:
        if source == "-":
            raise InputError("--in-place needs a file, not standard input")
        output = source
    elif output != "-" and Path(output).is_dir():  # -o FOLDER: the file keeps its name there
        if source == "-":
            raise InputError(f"-o {output} is a folder; give a file name for standard input")
        output = str(Path(output) / Path(source).name)
    extras = [(args.diff, "diff"), (args.report, "report"), (args.html, "html")]
    paths = [output, *(path for path, _ in extras if path)]
    if paths.count("-") > 1:
        raise InputError("only one output can go to stdout (-); give the others file names")
    targets = check_outputs(
        paths, [source], follow_symlinks=args.follow_symlinks, in_place=output if args.in_place
        else None,
    )
    text = read_text(source, args.encoding, _max_bytes(args)).text
    with pass_bar(_show_progress(args), len(profile.steps), len(text)) as on_step:
        repair = run(profile, text, on_step)
    texts = [_main_text(repair, args.mark)]
    texts += [_render(kind, repair, source, args, path) for path, kind in extras if path]
    write_all(zip(targets, texts, strict=True))  # all or nothing: no half-done run
    if not args.quiet:
        print(repair.summary(), file=sys.stderr)
    return 0


def _main_text(repair: Repair, mark: bool) -> str:
    if mark:
        from ocrfix.review import marked_text

        return marked_text(repair)
    return repair.text


def _render(kind: str, repair: Repair, source: str, args: argparse.Namespace, path: str) -> str:
    """The text of an extra output: ``diff``, ``report`` or ``html``."""
    name = Path(source).name
    if kind == "diff":
        if args.unified:
            return repair.diff(name=name)
        return repair.readable_diff(color=path == "-" and _color("auto"))
    if kind == "report":
        return json.dumps(_report(repair), ensure_ascii=False, indent=1)
    from ocrfix.review import review_page

    return review_page(repair, title=f"ocrfix: {name}", name=name)


def _color(choice: str) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _repair_stream(args: argparse.Namespace, profile: Profile) -> int:
    """A file too large for one document, repaired part by part into one output."""
    if len(args.input) != 1:
        raise InputError("--stream takes one input file (or -)")
    if args.diff or args.report or args.html or args.mark or args.in_place:
        raise InputError("--stream writes the repaired text only (no --diff, --report, --html, "
                         "--mark or --in-place)")
    (source,) = args.input
    if args.output == "-":
        raise InputError("--stream needs -o FILE (the result is written as it is repaired)")
    (target,) = check_outputs([args.output], [source], follow_symlinks=args.follow_symlinks)
    summary = BatchSummary()
    bar = None
    if _show_progress(args):
        from tqdm import tqdm

        total = Path(source).stat().st_size if source != "-" else None
        bar = tqdm(total=total, unit="B", unit_scale=True, dynamic_ncols=True, file=sys.stderr)
    t0 = time.perf_counter()
    with AtomicText(target.path, target.through) as sink:
        for n, part in enumerate(iter_parts(source, args.encoding, textio.PART_CHARS), 1):
            repair = run(profile, part)
            sink.write(repair.text)
            summary.add(f"{source}: part {n}", DocOutcome(len(part), edit_counts(repair)))
            if bar is not None:
                bar.update(len(part.encode("utf-8")))
    if bar is not None:
        bar.close()
    summary.seconds = time.perf_counter() - t0
    return _finish(summary, args)


def _report(repair: Repair) -> dict[str, object]:
    report = repair.report()
    report["edits"] = [
        {**e.to_dict(step.result.input), "origin": list(origin)}
        for step, e, origin in repair.edits_in_original()
    ]
    report["flags"] = [e.to_dict(s.result.input) for s in repair.steps for e in s.flags]
    return report


def _show_progress(args: argparse.Namespace) -> bool:
    return not getattr(args, "quiet", False) and sys.stderr.isatty()


def _finish(summary: BatchSummary, args: argparse.Namespace) -> int:
    if not args.quiet or summary.failures:
        print(summary.render(), file=sys.stderr)
    return 1 if summary.failures else 0


def _repair_batch(args: argparse.Namespace, profile: Profile) -> int:
    if args.output == "-" or args.in_place:
        raise InputError("several inputs need -o OUTDIR (a folder); --in-place takes one file")
    if args.diff or args.report or args.html or args.mark:
        raise InputError("--diff, --report, --html and --mark take one input file")
    if any(_inside(args.output, item) for item in args.input):
        raise InputError(f"-o {args.output} is inside an input folder; choose another folder")
    summary = repair_files(
        args.input,
        args.output,
        profile,
        glob=args.glob,
        jobs=args.jobs,
        encoding=args.encoding,
        max_bytes=_max_bytes(args),
        progress=_show_progress(args),
    )
    return _finish(summary, args)


def _inside(output: str, item: str) -> bool:
    out, src = Path(output).resolve(), Path(item).resolve()
    return src.is_dir() and (out == src or src in out.parents)


def _repair_jsonl(args: argparse.Namespace, profile: Profile) -> int:
    if len(args.input) != 1:
        raise InputError("--jsonl takes one input file (or -)")
    if args.mark:
        raise InputError("--mark writes plain text; it does not apply to --jsonl records")
    (source,) = args.input
    (target,) = check_outputs([args.output], [source], follow_symlinks=args.follow_symlinks)
    if source == "-":
        src = sys.stdin
    else:
        # Undecodable bytes become U+FFFD: one bad record must not stop an archive-sized batch.
        src = open(source, encoding=args.encoding or "utf-8", errors="replace")  # noqa: SIM115

    def go(sink: Writer) -> BatchSummary:
        return repair_jsonl(
            src,
            sink,
            profile,
            field_name=args.field,
            result_field=args.result_field,
            jobs=args.jobs,
            progress=_show_progress(args),
            name=source,
            max_bytes=_max_bytes(args),
        )

    try:
        if args.output == "-":
            summary = go(sys.stdout)
        else:
            with AtomicText(target.path, target.through) as sink:
                summary = go(sink)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    finally:
        if src is not sys.stdin:
            src.close()
    return _finish(summary, args)


# ---------------------------------------------------------------------------------------------
# diff, passes, profiles, score


def _cmd_diff(args: argparse.Namespace) -> int:
    profile = _profile(args)
    repair = run(profile, read_text(args.input, args.encoding, _max_bytes(args)).text)
    if args.unified:
        sys.stdout.write(repair.diff(name=Path(args.input).name))
    else:
        sys.stdout.write(repair.readable_diff(color=_color(args.color)))
    print(repair.summary())
    return 0


def _cmd_apply_review(args: argparse.Namespace) -> int:
    from ocrfix.decisions import apply_decisions, read_decisions

    (target,) = check_outputs([args.output], [args.input, args.decisions],
                              follow_symlinks=args.follow_symlinks)  # fmt: skip
    raw = read_text(args.decisions, None, _max_bytes(args)).text
    if args.profile is None:  # the page's own profile, when it is a built-in one
        named = _json_field(raw, "profile")
        args.profile = named if named in builtin_names() else DEFAULT_PROFILE
    repair = run(_profile(args), read_text(args.input, args.encoding, _max_bytes(args)).text)
    outcome = apply_decisions(repair, read_decisions(raw, repair, args.decisions))
    write_all([(target, outcome.text)])
    n = len(outcome.patches)
    print(f"review: {n} change{'s' * (n != 1)} to the repaired text", file=sys.stderr)
    if outcome.conflicts:
        fallen = ", ".join(outcome.conflicts)
        print(f"review: also undone, made on a rejected edit: {fallen}", file=sys.stderr)
    return 0


def _json_field(raw: str, key: str) -> object:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return None  # read_decisions says what is wrong with the file
    return data.get(key) if isinstance(data, dict) else None


def _cmd_passes(args: argparse.Namespace) -> int:
    for name, info in available().items():
        print(f"{name:<14} {info.summary}")
        if args.verbose:
            print("\n".join("    " + line for line in info.doc.splitlines()[1:]) + "\n")
    return 0


def _cmd_profiles(args: argparse.Namespace) -> int:
    for name in builtin_names():
        prof = load_profile(name)
        print(f"{name:<12} {' → '.join(prof.pass_names) or '(no passes)'}")
        print(f"{'':<12} {prof.description}")
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from ocrfix.scoring import load_corpus, score_table

    pages = [page for folder in args.corpus for page in load_corpus(_existing_dir(folder))]
    if not pages:
        raise InputError(f"no pages (folders with raw and gold) under {', '.join(args.corpus)}")
    profiles = args.profile or builtin_names()
    with count_bar(_show_progress(args), len(pages) * len(profiles), "page") as tick:
        table, scores = score_table(pages, profiles, tick)
    print(table, end="")
    if args.fail_above is not None and any(s.cer > args.fail_above for s in scores):
        return 1
    return 0


def _existing_dir(folder: str) -> Path:
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"{folder}: no such corpus folder")
    return path


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
