"""``ocrfix repair``: one file, a stream, folders, JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ocrfix import textio
from ocrfix.batch import (
    BatchSummary,
    DocOutcome,
    Writer,
    edit_counts,
    repair_files,
    repair_jsonl,
)
from ocrfix.cli.common import (
    check_folders,
    check_in_place,
    color,
    max_bytes,
    profile_of,
    result_path,
    show_progress,
)
from ocrfix.errors import InputError
from ocrfix.outputs import AtomicText, check_outputs, write_all
from ocrfix.pipeline import Repair, run
from ocrfix.profiles import Profile
from ocrfix.progress import pass_bar
from ocrfix.textio import iter_parts, read_text


def cmd_repair(args: argparse.Namespace) -> int:
    profile = profile_of(args)  # fail on a bad profile before reading anything
    if args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    check_in_place(args)
    if args.jsonl:
        return _repair_jsonl(args, profile)
    if args.stream:
        return _repair_stream(args, profile)
    if len(args.input) > 1 or Path(args.input[0]).is_dir():
        return _repair_batch(args, profile)
    (source,) = args.input
    output = result_path(args, source)
    if not args.in_place and output != "-" and Path(output).is_dir():  # -o FOLDER: its name there
        if source == "-":
            raise InputError(f"-o {output} is a folder; give a file name for standard input")
        output = str(Path(output) / Path(source).name)
    extras = [(args.diff, "diff"), (args.report, "report"), (args.html, "html")]
    paths = [output, *(path for path, _ in extras if path)]
    if paths.count("-") > 1:
        raise InputError("only one output can go to stdout (-); give the others file names")
    check_folders([("-o", output), *((f"--{kind}", path) for path, kind in extras)])
    targets = check_outputs(
        paths, [source], follow_symlinks=args.follow_symlinks, in_place=output if args.in_place
        else None,
    )
    decoded = read_text(source, args.encoding, max_bytes(args))
    text = decoded.text
    with pass_bar(show_progress(args), len(profile.steps), len(text)) as on_step:
        repair = run(profile, text, on_step)
    texts = [_main_text(repair, args.mark)]
    texts += [_render(kind, repair, source, args, path) for path, kind in extras if path]
    write_all(zip(targets, texts, strict=True))  # all or nothing: no half-done run
    if not args.quiet:
        print(repair.summary(), file=sys.stderr)
        if args.in_place and not decoded.encoding.startswith("utf-8"):
            # (output is UTF-8: a GBK archive repaired in place must not change silently)
            print(f"ocrfix: note: {source} was {decoded.encoding}; --in-place wrote it as UTF-8",
                  file=sys.stderr)
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
        return repair.readable_diff(color=path == "-" and color("auto"))
    if kind == "report":
        return json.dumps(_report(repair), ensure_ascii=False, indent=1)
    from ocrfix.review import review_page

    return review_page(repair, title=f"ocrfix: {name}", name=name)



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
    check_folders([("-o", args.output)])
    (target,) = check_outputs([args.output], [source], follow_symlinks=args.follow_symlinks)
    summary = BatchSummary()
    bar = None
    if show_progress(args):
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
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise InputError(f"-o {args.output} is a file, not a folder; give a folder for the results")
    # The output folder itself is made (README: `-o cleaned/`), but not the folders above it:
    # a mistyped path is an error, not a new tree.
    check_folders([("-o", str(out))])
    summary = repair_files(
        args.input,
        args.output,
        profile,
        glob=args.glob,
        jobs=args.jobs,
        encoding=args.encoding,
        max_bytes=max_bytes(args),
        progress=show_progress(args),
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
    extras = [f"--{kind} {path}" for kind, path in
              (("diff", args.diff), ("report", args.report), ("html", args.html)) if path]
    if extras:
        raise InputError(f"{', '.join(extras)} with --jsonl: --diff, --report and --html take "
                         "one text file; --jsonl puts each record's edit counts in its "
                         f"{args.result_field!r} field")
    if args.in_place:
        raise InputError("--in-place takes a text file; for --jsonl give -o OUT")
    (source,) = args.input
    check_folders([("-o", args.output)])
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
            progress=show_progress(args),
            name=source,
            max_bytes=max_bytes(args),
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


