"""``ocrfix diff``, ``apply-review``, ``passes``, ``profiles`` and ``score``."""

from __future__ import annotations

import argparse
import math
import sys
import textwrap
from pathlib import Path

from ocrfix import DEFAULT_PROFILE
from ocrfix.cli.common import (
    check_folders,
    check_in_place,
    color,
    existing_dir,
    json_field,
    max_bytes,
    profile_of,
    result_path,
    show_progress,
)
from ocrfix.diffview import colored_unified
from ocrfix.errors import InputError
from ocrfix.outputs import check_outputs, write_all
from ocrfix.pipeline import run
from ocrfix.profiles import builtin_names, load_profile
from ocrfix.progress import count_bar
from ocrfix.registry import available
from ocrfix.textio import read_text


def cmd_diff(args: argparse.Namespace) -> int:
    profile = profile_of(args)
    repair = run(profile, read_text(args.input, args.encoding, max_bytes(args)).text)
    if args.unified:
        unified = repair.diff(name=Path(args.input).name)
        sys.stdout.write(colored_unified(unified) if color(args.color) else unified)
    else:
        sys.stdout.write(repair.readable_diff(color=color(args.color)))
    print(repair.summary())
    return 0


def cmd_apply_review(args: argparse.Namespace) -> int:
    from ocrfix.decisions import apply_decisions, read_decisions

    check_in_place(args)
    output = result_path(args, args.input)
    check_folders([("-o", output)])
    (target,) = check_outputs([output], [args.input, args.decisions],
                              follow_symlinks=args.follow_symlinks,
                              in_place=output if args.in_place else None)  # fmt: skip
    raw = read_text(args.decisions, None, max_bytes(args)).text
    if args.profile is None:  # the page's own profile, when it is a built-in one
        named = json_field(raw, "profile")
        args.profile = named if named in builtin_names() else DEFAULT_PROFILE
    repair = run(profile_of(args), read_text(args.input, args.encoding, max_bytes(args)).text)
    outcome = apply_decisions(repair, read_decisions(raw, repair, args.decisions))
    write_all([(target, outcome.text)])
    n = len(outcome.patches)
    print(f"review: {n} change{'s' * (n != 1)} to the repaired text", file=sys.stderr)
    if outcome.conflicts:
        fallen = ", ".join(outcome.conflicts)
        print(f"review: also undone, made on a rejected edit: {fallen}", file=sys.stderr)
    return 0


def cmd_passes(args: argparse.Namespace) -> int:
    for name, info in available().items():
        print(f"{name:<14} {info.summary}")
        if args.verbose:  # what a profile or --set can say: the rules it reports, its options
            print(f"{'':<14} rules: {' '.join(info.rules)}")
            for option, takes, what in info.option_docs():
                print(f"{'':<14} {name}.{option}  ({takes})")
                if what:
                    print(textwrap.fill(what, 96, initial_indent=" " * 18,
                                        subsequent_indent=" " * 18))
            print()
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    for name in builtin_names():
        prof = load_profile(name)
        print(f"{name:<12} {' → '.join(prof.pass_names) or '(no passes)'}")
        print(f"{'':<12} {prof.description}")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from ocrfix.scoring import load_corpus, pct, score_table

    # checked before the scoring, which takes a while
    limit = math.inf if args.fail_above is None else _fraction(args.fail_above)
    pages = [page for folder in args.corpus for page in load_corpus(existing_dir(folder))]
    if not pages:
        raise InputError(f"no pages (folders with raw and gold) under {', '.join(args.corpus)}")
    profiles = args.profile or builtin_names()
    with count_bar(show_progress(args), len(pages) * len(profiles), "page") as tick:
        table, scores = score_table(pages, profiles, tick)
    print(table, end="")
    over = [s for s in scores if s.cer > limit]
    for s in over:  # the table is long: say which pages failed, on standard error
        print(f"score: {s.page} ({s.profile}): CER {pct(s.cer)} is "
              f"{100 * (s.cer - limit):.2f} points above --fail-above {pct(limit)}",
              file=sys.stderr)
    return 1 if over else 0


def _fraction(value: str) -> float:
    """``--fail-above``: a CER as a fraction from 0 to 1; ``5`` would be 500% and pass anything.

    >>> _fraction("0.05")
    0.05
    """
    try:
        cer = float(value)
    except ValueError:
        cer = math.nan
    if not 0 <= cer <= 1:  # nan compares false with everything
        raise InputError(
            f"--fail-above {value}: give the CER as a fraction from 0 to 1, 0.05 for 5%"
        )
    return cer
