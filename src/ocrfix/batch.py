"""Repair many documents: files, folders or JSON Lines, in worker processes, with progress.

Each worker process loads the profile (and, on first use, the language data) once and then
repairs document after document. A document that fails is reported and skipped (for JSON Lines:
written through unchanged with an ``ocrfix.error``); the batch goes on and the caller gets a
:class:`BatchSummary` with the failures.

Memory stays bounded by the largest single document: files are read and written by the workers,
JSON Lines are read and fed to the workers a window at a time.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import IO, Any, TypeVar

from ocrfix.errors import InputError, OcrfixError
from ocrfix.pipeline import Repair, run
from ocrfix.profiles import Profile, load_profile
from ocrfix.textio import MAX_BYTES, read_text, write_text_atomic

T = TypeVar("T")
_SURROGATE = re.compile("[\ud800-\udfff]")
R = TypeVar("R")


@dataclass
class BatchSummary:
    """What a batch did: documents, characters, edits by pass, failures (where, why)."""

    documents: int = 0
    chars: int = 0
    edits: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # the largest resident set of any worker process

    def add(self, where: str, outcome: DocOutcome) -> None:
        self.documents += 1
        self.peak_rss_mb = max(self.peak_rss_mb, outcome.peak_rss_mb)
        if outcome.error:
            self.failures.append((where, outcome.error))
            return
        self.chars += outcome.chars
        self.edits.update(outcome.edits)

    def render(self) -> str:
        rate = self.chars / self.seconds if self.seconds else 0.0
        edits = ", ".join(f"{n} {p}" for p, n in self.edits.most_common()) or "no edits"
        lines = [
            f"{self.documents} documents, {self.chars:,} chars in {self.seconds:.1f} s "
            f"({rate:,.0f} chars/s); edits: {edits}; {len(self.failures)} failed"
        ]
        lines += [f"  failed: {where}: {why}" for where, why in self.failures]
        return "\n".join(lines)


@dataclass(frozen=True)
class DocOutcome:
    chars: int = 0
    edits: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    peak_rss_mb: float = field(default_factory=lambda: _peak_rss_mb())


def _peak_rss_mb() -> float:
    """Peak resident set of this process in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def edit_counts(repair: Repair) -> dict[str, int]:
    return {s.name: len(s.edits) for s in repair.steps if s.edits}


# ---------------------------------------------------------------------------------------------
# Workers: module-level functions, so that they pickle; the profile is loaded once per process.


def _profile(spec: str | Profile) -> Profile:
    return spec if isinstance(spec, Profile) else _named_profile(spec)


@cache
def _named_profile(spec: str) -> Profile:
    return load_profile(spec)


def _repair_file(job: tuple[str, str, str | Profile, str | None, int]) -> DocOutcome:
    src, dst, spec, encoding, max_bytes = job
    try:
        text = read_text(src, encoding, max_bytes).text
        repair = run(_profile(spec), text)
        write_text_atomic(dst, repair.text)
        return DocOutcome(len(text), edit_counts(repair))
    except (OcrfixError, OSError) as exc:
        return DocOutcome(error=str(exc))


def _parse(line: str) -> tuple[Any, str | None]:
    """A JSON value, or None and why not (nesting too deep for Python counts as not JSON)."""
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc.msg}"
    except RecursionError:
        return None, "not JSON this reader can hold: nested too deeply"


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _dumps(record: dict[str, Any]) -> str:
    """One JSON line, UTF-8 readable; ``\\u`` escapes only where a field holds a lone surrogate
    that no UTF-8 file can carry (so nothing is lost)."""
    out = json.dumps(record, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", out) + "\n"


def _repair_record(job: tuple[str, str, str | Profile, int]) -> tuple[str, DocOutcome]:
    line, field_name, spec, max_bytes = job
    if (size := _utf8_size(line)) > max_bytes:
        why = f"record of {size:,} bytes, over the limit of {max_bytes:,} (--max-mb)"
        return line.rstrip("\n") + "\n", DocOutcome(error=why)
    record, error = _parse(line)
    if error:
        return line.rstrip("\n") + "\n", DocOutcome(error=error)
    if not isinstance(record, dict) or not isinstance(record.get(field_name), str):
        why = f"no string field {field_name!r}"
        return line.rstrip("\n") + "\n", DocOutcome(error=why)
    text, note = _clean_surrogates(record[field_name])
    try:
        repair = run(_profile(spec), text)
    except OcrfixError as exc:  # pragma: no cover - passes do not raise on text
        return line.rstrip("\n") + "\n", DocOutcome(error=str(exc))
    counts = edit_counts(repair)
    record[field_name] = repair.text
    record["ocrfix"] = {"profile": repair.profile.name, "edits": counts, **note}
    return _dumps(record), DocOutcome(len(text), counts)


def _clean_surrogates(text: str) -> tuple[str, dict[str, Any]]:
    """JSON may carry lone surrogates (``"\\ud800"``) that no UTF-8 file can hold: replace them
    with U+FFFD and say how many there were."""
    bad = sum(1 for c in text if "\ud800" <= c <= "\udfff")
    if not bad:
        return text, {}
    cleaned = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return cleaned, {"lone_surrogates_replaced": bad}


# ---------------------------------------------------------------------------------------------
# Drivers


def _windowed(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _map(func: Callable[[T], R], items: Iterable[T], jobs: int, chunksize: int = 4) -> Iterator[R]:
    """``map`` in ``jobs`` processes, in order, feeding a bounded window at a time."""
    if jobs <= 1:
        yield from map(func, items)
        return
    ctx = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs) as pool:
        for window in _windowed(items, jobs * chunksize * 8):
            yield from pool.imap(func, window, chunksize)


def _progress(total: int | None, show: bool, unit: str) -> Any:
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, dynamic_ncols=True, file=sys.stderr)


def collect_files(inputs: Sequence[str], glob: str = "*") -> list[tuple[Path, Path]]:
    """``(file, path relative to its root)`` for every file given or found under a folder."""
    found: list[tuple[Path, Path]] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found += [(p, p.relative_to(path)) for p in sorted(path.rglob(glob)) if p.is_file()]
        elif path.is_file():
            found.append((path, Path(path.name)))
        else:
            raise InputError(f"{item}: no such file or folder")
    if not found:
        raise InputError(f"no files matching {glob!r} under {', '.join(inputs)}")
    first: dict[Path, Path] = {}
    for src, rel in found:
        if (other := first.setdefault(rel, src)) != src:
            raise InputError(
                f"{other} and {src} would both be written to {rel}; "
                "repair them in separate runs or give their common folder"
            )
    return found


def repair_files(
    inputs: Sequence[str],
    outdir: str,
    profile: str | Profile = "newspaper",
    *,
    glob: str = "*",
    jobs: int = 1,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    progress: bool = False,
) -> BatchSummary:
    """Repair files and folders into ``outdir``, mirroring the folder tree."""
    load_profile(profile)  # fail early on a bad profile
    files = collect_files(inputs, glob)
    out = Path(outdir)
    jobs_list = [(str(src), str(out / rel), profile, encoding, max_bytes) for src, rel in files]
    summary = BatchSummary()
    bar = _progress(len(files), progress, "doc")
    t0 = time.perf_counter()
    for (src, _), outcome in zip(files, _map(_repair_file, jobs_list, jobs), strict=True):
        summary.add(str(src), outcome)
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"{summary.chars / (time.perf_counter() - t0):,.0f} chars/s")
    if bar is not None:
        bar.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def repair_jsonl(
    source: IO[str],
    sink: IO[str],
    profile: str | Profile = "newspaper",
    *,
    field_name: str = "text",
    jobs: int = 1,
    progress: bool = False,
    name: str = "input",
    max_bytes: int = MAX_BYTES,
) -> BatchSummary:
    """Repair the ``field_name`` of every JSON record, one per line; other fields untouched.

    A record longer than ``max_bytes`` characters is written through unchanged and reported.
    """
    load_profile(profile)
    summary = BatchSummary()
    bar = _progress(None, progress, "rec")
    t0 = time.perf_counter()
    lines = ((line, field_name, profile, max_bytes) for line in source if line.strip())
    for n, (out, outcome) in enumerate(_map(_repair_record, lines, jobs, chunksize=16), 1):
        if outcome.error and _utf8_size(out) <= max_bytes:  # an oversized one is not parsed
            out = _with_error(out, outcome.error)
        sink.write(out)
        summary.add(f"{name}:{n}", outcome)
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"{summary.chars / (time.perf_counter() - t0):,.0f} chars/s")
    if bar is not None:
        bar.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _with_error(line: str, error: str) -> str:
    """Pass a failed record through unchanged, marking why (nothing is dropped)."""
    record, _ = _parse(line)
    if isinstance(record, dict):
        record["ocrfix"] = {"error": error}
        return _dumps(record)
    return line
