"""The on-disk cache of language data built from packaged word lists (built once, then loaded).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> cached(folder / "demo.pickle", lambda: {"泥鳅": 3}, dict)
{'泥鳅': 3}
>>> cached(folder / "demo.pickle", lambda: {}, dict)  # the second call reads the file
{'泥鳅': 3}
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import platformdirs

T = TypeVar("T")


def cache_dir() -> Path:
    """``$OCRFIX_CACHE``, else the platform's per-user cache folder (platformdirs: honours
    ``$XDG_CACHE_HOME`` on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows)."""
    explicit = os.environ.get("OCRFIX_CACHE")
    if explicit:
        return Path(explicit)
    return Path(platformdirs.user_cache_dir("ocrfix", appauthor=False))


def trusted(path: Path) -> bool:
    """May ``path`` be unpickled? Only a file that this user owns and nobody else can write,
    in a folder likewise: a pickle runs code when it loads.

    >>> import tempfile
    >>> mine = Path(tempfile.mkdtemp()) / "lm.pickle"
    >>> _ = mine.write_bytes(b"")
    >>> trusted(mine), (mine.chmod(0o666), trusted(mine))[1]
    (True, False)
    """
    try:
        for p in (path, path.parent):
            st = p.stat()
            if st.st_uid != os.geteuid() or st.st_mode & 0o022:
                return False
    except OSError:
        return False
    return True


def cached(path: Path, build: Callable[[], T], kind: type[T]) -> T:
    """The object pickled at ``path`` if it is a ``kind``, else ``build()``, pickled there.

    The file name carries a key of the sources' versions, so a stale cache is never read; a
    corrupt or foreign file is rebuilt, and a read-only cache folder only costs the rebuild.
    """
    try:
        if trusted(path):  # a file someone else could have written is rebuilt, never loaded
            with path.open("rb") as f:
                obj = pickle.load(f)
            if isinstance(obj, kind):
                return obj
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass  # missing or stale: rebuild below
    obj = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # written beside and renamed, so a concurrent worker never reads half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return obj
