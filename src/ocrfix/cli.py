"""The ``ocrfix`` command line: I/O, encodings, atomic writes and exit codes; no repair logic.

Exit codes: 0 done, 1 a check failed (``score --fail-above``), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ocrfix import DEFAULT_PROFILE, __version__
from ocrfix.errors import InputError, OcrfixError
from ocrfix.pipeline import Repair, run
from ocrfix.profiles import builtin_names, load_profile
from ocrfix.registry import available
from ocrfix.textio import MAX_BYTES, read_text, write_text_atomic


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except OcrfixError as exc:
        print(f"ocrfix: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            f"ocrfix: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ocrfix",
        description="Repair OCR'd and PDF-extracted Chinese newspaper text, with a diff.",
    )
    p.add_argument("--version", action="version", version=f"ocrfix {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_input(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("input", metavar="IN", help="text file to read, - for standard input")
        sp.add_argument(
            "--profile",
            "-p",
            default=DEFAULT_PROFILE,
            help=f"built-in profile name or a .toml path (default: {DEFAULT_PROFILE})",
        )
        sp.add_argument("--encoding", help="input encoding (default: detect UTF-8/UTF-16/GB18030)")
        sp.add_argument(
            "--max-mb",
            type=float,
            default=MAX_BYTES / 2**20,
            help="largest input accepted, in MiB (default: %(default)s)",
        )

    r = sub.add_parser("repair", help="repair a text file", description="Repair a text file.")
    add_input(r)
    r.add_argument(
        "-o", "--output", default="-", help="where to write the repaired text (- : stdout)"
    )
    r.add_argument("--in-place", action="store_true", help="overwrite IN with the repaired text")
    r.add_argument("--diff", metavar="PATH", help="also write a unified diff (- : stdout)")
    r.add_argument("--report", metavar="PATH", help="also write a JSON report with every edit")
    r.add_argument("--quiet", "-q", action="store_true", help="no summary on standard error")
    r.set_defaults(func=_cmd_repair)

    d = sub.add_parser(
        "diff",
        help="show what a profile would change",
        description="Show what a profile would change, without writing anything.",
    )
    add_input(d)
    d.add_argument(
        "--unified",
        action="store_true",
        help="a line-based unified diff instead of one line per edit",
    )
    d.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    d.set_defaults(func=_cmd_diff)

    ps = sub.add_parser("passes", help="list the passes")
    ps.add_argument("--verbose", "-v", action="store_true", help="show each pass's documentation")
    ps.set_defaults(func=_cmd_passes)

    pr = sub.add_parser("profiles", help="list the built-in profiles")
    pr.set_defaults(func=_cmd_profiles)

    sc = sub.add_parser(
        "score",
        help="score profiles against gold corpora",
        description="Repair every corpus page with each profile and print CER "
        "against the gold text as a Markdown table.",
    )
    sc.add_argument(
        "corpus",
        nargs="*",
        default=["corpora"],
        help="corpus folders (pages are folders holding raw and gold)",
    )
    sc.add_argument(
        "--profile",
        "-p",
        action="append",
        help="profile to score (repeatable; default: every built-in profile)",
    )
    sc.add_argument(
        "--fail-above",
        type=float,
        metavar="CER",
        help="exit 1 if any repaired page has a CER above this",
    )
    sc.set_defaults(func=_cmd_score)
    return p


def _read(args: argparse.Namespace) -> str:
    return read_text(args.input, args.encoding, int(args.max_mb * 2**20)).text


def _cmd_repair(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)  # fail on a bad profile before reading anything
    output = args.output
    if args.in_place:
        if args.input == "-":
            raise InputError("--in-place needs a file, not standard input")
        output = args.input
    elif output != "-" and args.input != "-" and _same_file(args.input, output):
        raise InputError(f"refusing to overwrite the input {args.input}; use --in-place for that")
    if args.diff == "-" and output == "-":
        raise InputError(
            "--diff - and the repaired text cannot both go to standard output; give -o FILE"
        )
    repair = run(profile, _read(args))
    write_text_atomic(output, repair.text)
    if args.diff:
        write_text_atomic(args.diff, repair.diff(name=Path(args.input).name))
    if args.report:
        write_text_atomic(args.report, json.dumps(_report(repair), ensure_ascii=False, indent=1))
    if not args.quiet:
        print(repair.summary(), file=sys.stderr)
    return 0


def _report(repair: Repair) -> dict[str, object]:
    report = repair.report()
    report["edits"] = [
        {**e.to_dict(step.result.input), "origin": list(origin)}
        for step, e, origin in repair.edits_in_original()
    ]
    report["flags"] = [e.to_dict(s.result.input) for s in repair.steps for e in s.flags]
    return report


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _cmd_diff(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    repair = run(profile, _read(args))
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    if args.unified:
        sys.stdout.write(repair.diff(name=Path(args.input).name))
    else:
        sys.stdout.write(repair.inline(color=color))
    print(repair.summary())
    return 0


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
    table, scores = score_table(pages, profiles)
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
