"""Options and helpers every ``ocrfix`` command shares."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

from ocrfix import DEFAULT_PROFILE
from ocrfix.errors import InputError
from ocrfix.profiles import Profile, load_profile
from ocrfix.textio import MAX_BYTES


def add_common(sp: argparse.ArgumentParser) -> None:
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
        type=positive_mb,
        default=MAX_BYTES / 2**20,
        help="largest single document accepted, in MiB (default: %(default)s)",
    )


def positive_mb(value: str) -> float:
    """``--max-mb``: a finite number above 0 (``nan`` compares false with everything)."""
    try:
        mb = float(value)
    except ValueError:
        mb = math.nan
    if not (0 < mb < math.inf):
        raise argparse.ArgumentTypeError(f"{value!r} is not a size in MiB above 0, e.g. 256")
    return mb


def profile_of(args: argparse.Namespace) -> Profile:
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


def max_bytes(args: argparse.Namespace) -> int:
    # rounded, not cut: --max-mb 0.001 is 1,049 bytes, which errors show as 0.001 MiB again
    return round(float(args.max_mb) * 2**20)


def check_in_place(args: argparse.Namespace) -> None:
    """``--in-place`` and ``-o`` both say where the result goes: refuse the two together, then
    give ``-o`` its default, ``-`` (standard output). ``-o`` defaults to None so that an explicit
    ``-o -`` is refused too.

    >>> args = argparse.Namespace(in_place=False, output=None)
    >>> check_in_place(args); args.output
    '-'
    """
    if args.in_place and args.output is not None:
        raise InputError(f"--in-place and -o {args.output} conflict: --in-place replaces IN, "
                         "-o writes elsewhere; give one of them")
    if args.output is None:
        args.output = "-"


def result_path(args: argparse.Namespace, source: str) -> str:
    """Where the result of one input goes: ``-o`` (see :func:`check_in_place`), or with
    ``--in-place`` the input itself, which must then be a file.

    >>> result_path(argparse.Namespace(in_place=True, output="-"), "page.txt")
    'page.txt'
    """
    if not args.in_place:
        return str(args.output)
    if source == "-":
        raise InputError("--in-place needs a file, not standard input")
    return source


def check_folders(outputs: Iterable[tuple[str, str | None]]) -> None:
    """Each ``(option, path)`` output file must go into a folder that exists: a mistyped
    ``-o nodir/out.txt`` is an error, not a new folder. ``-`` and unset options are skipped;
    a path ending in ``/`` names a folder, which must exist too.

    >>> check_folders([("-o", "page.fixed.txt"), ("--diff", "-"), ("--html", None)])
    >>> check_folders([("-o", "nodir/out.txt")])
    Traceback (most recent call last):
    ocrfix.errors.InputError: -o nodir/out.txt: folder nodir does not exist; create it first
    """
    for option, path in outputs:
        if path is None or path == "-":
            continue
        folder = os.path.dirname(path) or "."
        if os.path.isdir(folder):
            continue
        if os.path.exists(folder):
            raise InputError(f"{option} {path}: {folder} is not a folder")
        raise InputError(f"{option} {path}: folder {folder} does not exist; create it first")


def show_progress(args: argparse.Namespace) -> bool:
    return not getattr(args, "quiet", False) and sys.stderr.isatty()


def color(choice: str) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def json_field(raw: str, key: str) -> object:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return None  # read_decisions says what is wrong with the file
    return data.get(key) if isinstance(data, dict) else None


def existing_dir(folder: str) -> Path:
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"{folder}: no such corpus folder")
    return path
