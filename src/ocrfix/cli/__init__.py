"""The ``ocrfix`` command line: I/O, encodings, atomic writes and exit codes; no repair logic.

Exit codes: 0 done; 1 some documents of a batch failed, or ``score --fail-above`` was exceeded;
2 bad input or usage (one line on standard error, no traceback).

``repair`` lives in :mod:`ocrfix.cli.repair`, the other commands in :mod:`ocrfix.cli.commands`,
the options they share in :mod:`ocrfix.cli.common`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from ocrfix import __version__
from ocrfix.cli.commands import cmd_apply_review, cmd_diff, cmd_passes, cmd_profiles, cmd_score
from ocrfix.cli.common import add_common
from ocrfix.cli.repair import cmd_repair
from ocrfix.errors import OcrfixError


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
    add_common(r)
    out = r.add_argument_group("output")
    # default None, not "-": --in-place refuses any -o, an explicit "-o -" too (check_in_place)
    out.add_argument("-o", "--output", help="file, or folder for several inputs (default: stdout)")
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
    r.set_defaults(func=cmd_repair)

    d = sub.add_parser(
        "diff",
        help="show what a profile would change",
        description="Show what a profile would change, without writing anything.",
    )
    d.add_argument("input", metavar="IN", help="text file, or - for stdin")
    add_common(d)
    d.add_argument("--unified", action="store_true", help="a line diff, not one hunk per edit")
    d.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    d.set_defaults(func=cmd_diff)

    ar = sub.add_parser(
        "apply-review",
        help="apply the decisions exported from an HTML review page",
        description="Repair IN again as the review page did, then apply the decisions exported "
        "from the page (--html): rejected edits undone, accepted suggestions applied.",
    )
    ar.add_argument("input", metavar="IN", help="the text file the review page was made from")
    ar.add_argument("decisions", metavar="DECISIONS", help="decisions.json exported by the page")
    add_common(ar)
    ar.set_defaults(profile=None)  # default: the profile the page names
    ar.add_argument("-o", "--output", help="the reviewed text (default: stdout)")
    ar.add_argument("--in-place", action="store_true", help="overwrite IN with the reviewed text")
    ar.add_argument("--follow-symlinks", action="store_true", help="write through a link")
    ar.set_defaults(func=cmd_apply_review)

    ps = sub.add_parser("passes", help="list the passes")
    ps.add_argument("--verbose", "-v", action="store_true", help="show each pass's documentation")
    ps.set_defaults(func=cmd_passes)

    pr = sub.add_parser("profiles", help="list the built-in profiles")
    pr.set_defaults(func=cmd_profiles)

    sc = sub.add_parser(
        "score",
        help="score profiles against gold corpora",
        description="Repair every corpus page with each profile; print CER against gold.",
    )
    sc.add_argument("corpus", nargs="*", default=["corpora"], help="folders of pages")
    sc.add_argument("--profile", "-p", action="append", help="profile (repeatable; default: all)")
    sc.add_argument(
        "--fail-above",
        metavar="CER",
        help="exit 1 if a page's CER is above this fraction (0.05 for 5%%), naming the pages",
    )
    sc.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    sc.set_defaults(func=cmd_score)
    return p


