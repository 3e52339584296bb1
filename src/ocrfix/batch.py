"""Repair many documents: files, folders or JSON Lines, in worker processes, with progress.

Each worker process loads the profile (and, on first use, the language data) once and then
repairs document after document. A document that fails is reported and skipped (for JSON Lines:
written through unchanged); the batch goes on and the caller gets a
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
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from ocrfix.errors import InputError, OcrfixError
from ocrfix.outputs import check_outputs, write_text_atomic
from ocrfix.pipeline import Repair, run
from ocrfix.profiles import Profile, load_profile
from ocrfix.textio import MAX_BYTES, read_text

T = TypeVar("T")
_SURROGATE = re.compile("[\ud800-\udfff]")
R = TypeVar("R")


class Writer(Protocol):
    """Where JSON Lines go: an open text file, standard output or an ``AtomicText``."""

    def write(self, text: str, /) -> int: ...


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
            f"{_count(self.documents, 'document')}, {_count(self.chars, 'char')} in "
            f"{self.seconds:.1f} s "
            f"({rate:,.0f} chars/s); edits: {edits}; {len(self.failures)} failed; "
            f"peak memory {self.peak_rss_mb:,.0f} MiB a worker"
        ]
        lines += [f"  failed: {_where_why(where, why)}" for where, why in self.failures]
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    """``1 document``, ``2 documents``, ``1,024 chars``.

    >>> _count(1, "document"), _count(1024, "char")
    ('1 document', '1,024 chars')
    """
    return f"{n:,} {noun}{'s' * (n != 1)}"


def _where_why(where: str, why: str) -> str:
    """A failure, naming its document once: most errors name their file already.

    >>> _where_why("in/a.txt", "in/a.txt is empty: nothing to repair")
    'in/a.txt is empty: nothing to repair'
    >>> _where_why("in.jsonl:3", "not JSON: Expecting value")
    'in.jsonl:3: not JSON: Expecting value'
    """
    return why if why.startswith((f"{where} ", f"{where}: ")) else f"{where}: {why}"


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


def worker_profile(spec: str | Profile) -> Profile:
    """The profile a worker repairs with, a named one loaded once per process."""
    return spec if isinstance(spec, Profile) else _named_profile(spec)


@cache
def _named_profile(spec: str) -> Profile:
    return load_profile(spec)


def _repair_file(job: tuple[str, str, str | Profile, str | None, int]) -> DocOutcome:
    src, dst, spec, encoding, max_bytes = job
    try:
        text = read_text(src, encoding, max_bytes).text
        repair = run(worker_profile(spec), text)
        write_text_atomic(dst, repair.text)
        return DocOutcome(len(text), edit_counts(repair))
    except (OcrfixError, OSError) as exc:
        return DocOutcome(error=str(exc))


class _Refused(ValueError):
    """A record that parses but cannot be written back as the same JSON."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        keys = [k for k, _ in pairs]
        dup = next(k for k in keys if keys.count(k) > 1)
        raise _Refused(f"duplicate key {dup!r} (a JSON reader keeps only one of its values)")
    return record


def _finite(literal: str) -> float:
    value = float(literal)
    if value in (float("inf"), float("-inf")):
        raise _Refused(f"number {literal} is too large for a float (it would come back Infinity)")
    return value


def _non_json_constant(name: str) -> Any:
    raise _Refused(f"{name} is not JSON")


def _parse(line: str) -> tuple[Any, str | None]:
    """A JSON value, or None and why not. Nesting too deep for Python, duplicate keys and
    non-finite numbers (``NaN``, ``1e999``) are refused: writing them back would change them."""
    try:
        value = json.loads(
            line,
            object_pairs_hook=_no_duplicates,
            parse_float=_finite,
            parse_constant=_non_json_constant,
        )
        return value, None
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc.msg}"
    except _Refused as exc:
        return None, f"refused: {exc}"
    except RecursionError:
        return None, "not JSON this reader can hold: nested too deeply"


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _dumps(record: dict[str, Any]) -> str:
    """One JSON line, UTF-8 readable; ``\\u`` escapes only where a field holds a lone surrogate
    that no UTF-8 file can carry (so nothing is lost)."""
    out = json.dumps(record, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", out) + "\n"


@dataclass(frozen=True)
class _RecordJob:
    line: str
    field_name: str
    result_field: str
    spec: str | Profile
    max_bytes: int


def _repair_record(job: _RecordJob) -> tuple[str, DocOutcome | None]:
    """One JSON Lines record repaired; a record that cannot be is written through byte for byte
    (only a parsed record without the text field gets ``{result_field: {"error": …}}``). A blank
    line is no record: it is written through too (outcome None), so that line N of the output
    is line N of the input."""
    line, field_name, result_field = job.line, job.field_name, job.result_field
    through = line.rstrip("\n") + "\n"
    if not line.strip():
        return through, None
    if (size := _utf8_size(line)) > job.max_bytes:
        why = f"record of {size:,} bytes, over the limit of {job.max_bytes:,} (--max-mb)"
        return through, DocOutcome(error=why)
    record, error = _parse(line)
    if error:
        return through, DocOutcome(error=error)
    out, outcome = repair_record(record, field_name, result_field, worker_profile(job.spec))
    return (through if out is record else _dumps(out)), outcome


def repair_record(
    record: Any, field_name: str, result_field: str, profile: Profile
) -> tuple[Any, DocOutcome]:
    """A parsed record repaired: a copy with ``field_name`` repaired and ``result_field``
    saying what was done (the profile, the edits per pass). A dict without a string in
    ``field_name`` comes back with ``{result_field: {"error": …}}``; one that has
    ``result_field`` already, or a record that is no dict, comes back as it is, the same object
    (``--jsonl`` writes its line through byte for byte). Dask and Spark partitions
    (:mod:`ocrfix.dask`) call this too."""
    if isinstance(record, dict) and result_field in record:
        why = f"has a field {result_field!r} already; name another with --result-field"
        return record, DocOutcome(error=why)
    if not isinstance(record, dict) or not isinstance(record.get(field_name), str):
        why = f"no string field {field_name!r}"
        if isinstance(record, dict):
            return {**record, result_field: {"error": why}}, DocOutcome(error=why)
        return record, DocOutcome(error=why)
    text, note = _clean_surrogates(record[field_name])
    try:
        repair = run(profile, text)
    except OcrfixError as exc:  # pragma: no cover - passes do not raise on text
        return record, DocOutcome(error=str(exc))
    counts = edit_counts(repair)
    result = {"profile": repair.profile.name, "edits": counts, **note}
    return {**record, field_name: repair.text, result_field: result}, DocOutcome(len(text), counts)


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
    ctx.set_forkserver_preload(["ocrfix.preload"])  # (loaded once, before the first fork)
    with ctx.Pool(jobs) as pool:
        # the next window is handed out before this one's results are read, so that no worker
        # waits at a window's end for another's last chunk; two windows bound the memory
        pending: Iterator[R] = iter(())
        windows = _windowed(items, jobs * chunksize * 8)
        while True:
            try:
                window = next(windows, None)
            except BaseException:
                yield from pending  # what is done is written before the input's error
                raise
            if window is None:
                break
            started = pool.imap(func, window, chunksize)
            yield from pending
            pending = started
        yield from pending


def _progress(total: int | None, show: bool, unit: str) -> Any:
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, dynamic_ncols=True, file=sys.stderr)


def collect_files(inputs: Sequence[str], glob: str = "*") -> list[tuple[Path, Path]]:
    """``(file, path relative to its root)`` for every file given or found under a folder.

    A pattern reaching out of its folder (``--glob '../../*'``) is refused; a symbolic link to a
    file outside the folder is skipped with a warning on standard error.
    """
    found: list[tuple[Path, Path]] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found += _walk(path, glob)
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


def _walk(root: Path, glob: str) -> list[tuple[Path, Path]]:
    if Path(glob).is_absolute() or ".." in Path(glob).parts:
        raise InputError(f"--glob {glob!r} reaches out of {root}; give a pattern inside it")
    real_root = root.resolve()
    found = []
    for p in sorted(root.rglob(glob)):
        if not p.is_file():
            continue
        if not p.resolve().is_relative_to(real_root):
            print(f"ocrfix: warning: skipping {p}: a link to a file outside {root}",
                  file=sys.stderr)
            continue
        found.append((p, p.relative_to(root)))
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
    # Every output checked before any is written: none is an input, a link, or another output.
    check_outputs([str(out / rel) for _, rel in files], [str(src) for src, _ in files])
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


#: How many records :func:`repair_jsonl` looks at before it starts.
SNIFF_RECORDS = 20


def _looked_at(source: Iterable[str], field_name: str, name: str, max_bytes: int) -> Iterator[str]:
    """The lines of ``source``, once its first :data:`SNIFF_RECORDS` records (non-blank lines)
    have been looked at: if none of them is a JSON object, or none has ``field_name``, the input
    is not what the user meant (a Markdown file, a mistyped ``--field``), and that is one
    :class:`InputError` before anything is written, not a failure for every record."""
    lines = iter(source)
    head: list[str] = []
    records = 0
    for line in lines:
        head.append(line)
        records += bool(line.strip())
        if records == SNIFF_RECORDS:
            break
    sample = [
        (n, _object(line))
        for n, line in enumerate(head, 1)
        if line.strip() and _utf8_size(line) <= max_bytes  # one over the limit fails on its own
    ]
    objects = [record for _, record in sample if record is not None]
    if sample and not objects:
        raise InputError(f"{name} is not JSON Lines: line {sample[0][0]} is not a JSON object")
    if objects and not any(field_name in record for record in objects):
        which = f"none of the first {records} records" if records == SNIFF_RECORDS else "no record"
        raise InputError(f"{which} of {name} has field {field_name!r}; check --field")
    return chain(head, lines)


def _object(line: str) -> dict[str, Any] | None:
    """The JSON object on ``line``, else None (duplicate keys and NaN are let in here: such a
    record is refused on its own later, it does not make the file something else)."""
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def repair_jsonl(
    source: IO[str],
    sink: Writer,
    profile: str | Profile = "newspaper",
    *,
    field_name: str = "text",
    result_field: str = "ocrfix",
    jobs: int = 1,
    progress: bool = False,
    name: str = "input",
    max_bytes: int = MAX_BYTES,
) -> BatchSummary:
    """Repair the ``field_name`` of every JSON record, one per line; other fields untouched; what
    was done goes into ``result_field``.

    A record over ``max_bytes``, one that is not JSON, has duplicate keys or non-finite numbers,
    or already has ``result_field``, is written through unchanged and reported; a blank line is
    written through as it is. If none of the first records is a JSON object, or none has
    ``field_name``, nothing is written: an :class:`InputError` says so.
    """
    if field_name == result_field:
        raise InputError(f"--field and --result-field are both {field_name!r}; name two fields")
    load_profile(profile)
    checked = _looked_at(source, field_name, name, max_bytes)  # before anything is written
    summary = BatchSummary()
    bar = _progress(None, progress, "rec")
    t0 = time.perf_counter()
    lines = (_RecordJob(line, field_name, result_field, profile, max_bytes) for line in checked)
    for n, (out, outcome) in enumerate(_map(_repair_record, lines, jobs, chunksize=16), 1):
        sink.write(out)
        if outcome is None:  # a blank line
            continue
        summary.add(f"{name}:{n}", outcome)
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(f"{summary.chars / (time.perf_counter() - t0):,.0f} chars/s")
    if bar is not None:
        bar.close()
    summary.seconds = time.perf_counter() - t0
    return summary
