"""Where a run may write, and writing there without harm.

Every output of a run is checked before anything is written (:func:`check_outputs`): an output
that is an input, or the same file as another output, is refused; a symbolic link is refused
unless the user allows following it; a device, FIFO or socket (``/dev/null``) is written
through, never replaced by a rename. Regular files are written under a temporary name and
renamed into place, all of a run's outputs together (:func:`write_all`), so that a failure leaves
every old file as it was and no temporary file behind.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> targets = check_outputs([str(folder / "a.txt"), str(folder / "a.diff")], inputs=[])
>>> write_all(zip(targets, ["泥鳅", "-泥湫 +泥鳅"]))
>>> sorted(p.name for p in folder.iterdir())
['a.diff', 'a.txt']
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ocrfix.errors import InputError


@dataclass(frozen=True)
class Target:
    """An output checked by :func:`check_outputs`: ``path`` as the user gave it (``-`` is
    standard output); ``through``: an existing non-regular file, written in place."""

    path: str
    through: bool = False


def _identity(path: str) -> tuple[int, int] | str:
    """The file ``path`` names: device and inode if it exists, else its absolute real path."""
    try:
        st = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return (st.st_dev, st.st_ino)


def check_outputs(
    outputs: Sequence[str],
    inputs: Sequence[str],
    *,
    follow_symlinks: bool = False,
    in_place: str | None = None,
) -> list[Target]:
    """Check every output path of one run before anything is written; a one-line
    :class:`InputError` for the first that cannot be written safely.

    ``in_place`` is the one input that may also be an output (``--in-place``).
    """
    sources = {_identity(i): i for i in inputs if i != "-"}
    seen: dict[tuple[int, int] | str, str] = {}
    targets = []
    for out in outputs:
        if out == "-":
            targets.append(Target(out))
            continue
        if os.path.islink(out) and not follow_symlinks:
            raise InputError(
                f"{out} is a symbolic link; ocrfix does not replace links (write to its target "
                "instead, or give --follow-symlinks to write through it)"
            )
        try:
            mode: int | None = os.stat(out).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise InputError(f"cannot write {out}: {exc.strerror}") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise InputError(f"{out} is a folder; give a file name")
        key = _identity(out)
        if key in sources and out != in_place:
            # (--in-place replaces the text repaired, the first input: not a decisions file)
            hint = "; use --in-place to replace the input with the repaired text"
            first = inputs[0] != "-" and key == _identity(inputs[0])
            raise InputError(
                f"refusing to overwrite the input {sources[key]} with an output ({out})"
                + (hint if first else "; give the output another name")
            )
        through = mode is not None and not stat.S_ISREG(mode)
        # Two outputs to /dev/null are harmless; two to one file would leave only the last.
        if key in seen and not (through and mode is not None and stat.S_ISCHR(mode)):
            raise InputError(f"{seen[key]} and {out} are the same file; give each output its own")
        seen[key] = out
        # A followed link is written at its target, so that the link itself stays a link.
        targets.append(Target(os.path.realpath(out) if os.path.islink(out) else out, through))
    return targets


def write_all(items: Iterable[tuple[Target, str]]) -> None:
    """Write every ``(target, text)`` as UTF-8: regular files staged under temporary names first
    and renamed into place only when all are written; devices and FIFOs then written through;
    standard output last. On any failure no staged file remains."""
    items = list(items)
    staged: list[AtomicText] = []
    try:
        for target, text in items:
            if target.path != "-" and not target.through:
                sink = AtomicText(target.path)
                staged.append(sink)
                sink.write(text)
                sink.close()
        for target, text in items:
            if target.through:
                with AtomicText(target.path, through=True) as sink:
                    sink.write(text)
        for sink in staged:
            sink.commit()
    except BaseException:
        for sink in staged:
            sink.discard()
        raise
    for target, text in items:
        if target.path == "-":
            sys.stdout.write(text)
            sys.stdout.flush()


def write_text_atomic(path: str, text: str) -> None:
    """Write UTF-8 text to one output (``-``: standard output) as :func:`write_all` does."""
    write_all([(Target(path, _is_special(path)), text)])


def _is_special(path: str) -> bool:
    try:
        return path != "-" and not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _file_mode(target: Path) -> int:
    """The mode the file would get from a plain ``open``: the old file's, or 0o666 less umask
    (``mkstemp`` makes its files private, 0o600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class AtomicText:
    """A text file written under a temporary name beside ``path`` and renamed into place by
    :meth:`commit` (as a context manager: on success). Errors name ``path``, never the
    temporary file, and the temporary file is removed on every failure.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
    >>> with AtomicText(str(target)) as f:
    ...     _ = f.write("{}")
    >>> target.read_text()
    '{}'
    """

    def __init__(self, path: str, through: bool = False) -> None:
        self.path = path
        self.target = Path(path)
        self.tmp = ""
        if through:  # a device or FIFO: written in place, nothing to rename
            try:
                self.file: IO[str] = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            except OSError as exc:
                raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
            return
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            fd, self.tmp = tempfile.mkstemp(
                dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp"
            )
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            os.chmod(self.tmp, _file_mode(self.target))
            self.file = os.fdopen(fd, "w", encoding="utf-8", newline="")
        except BaseException:
            os.close(fd)
            Path(self.tmp).unlink(missing_ok=True)
            raise

    def write(self, text: str) -> int:
        try:
            return self.file.write(text)
        except OSError as exc:  # ENOSPC: the disk is full
            self.discard()
            raise InputError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def close(self) -> None:
        try:
            self.file.close()
        except OSError as exc:  # buffered data flushed on close can fail too
            self.discard()
            raise InputError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def commit(self) -> None:
        self.close()
        if not self.tmp:
            return
        try:
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.discard()
            raise InputError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # the write that failed already said why
            self.file.close()
        if self.tmp:
            Path(self.tmp).unlink(missing_ok=True)

    def __enter__(self) -> AtomicText:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()
