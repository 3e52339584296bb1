"""Progress bars for long runs: on standard error, only on a terminal, never in pipes or tests.

Each bar is a context manager that yields the callback a long computation calls as it goes, so
the computation itself (``pipeline.run``, ``scoring.score_table``) knows nothing of tqdm.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

#: Documents smaller than this repair in about a second: no bar.
BAR_CHARS = 200_000


@contextlib.contextmanager
def pass_bar(show: bool, passes: int, chars: int) -> Iterator[Callable[[str], None]]:
    """A bar over the passes of one large document: ``on_step(name)`` before each pass."""
    if chars < BAR_CHARS or not show:
        yield lambda name: None
        return
    from tqdm import tqdm

    with tqdm(total=passes, unit="pass", file=sys.stderr, dynamic_ncols=True) as bar:
        started: list[str] = []

        def on_step(name: str) -> None:
            if started:
                bar.update(1)
            started.append(name)
            bar.set_description_str(f"{chars:,} chars: {name}")

        yield on_step
        bar.update(passes - bar.n)


@contextlib.contextmanager
def count_bar(show: bool, total: int, unit: str) -> Iterator[Callable[[], None]]:
    """A bar over ``total`` items: ``tick()`` after each."""
    if not show:
        yield lambda: None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True) as bar:

        def tick() -> None:
            bar.update(1)

        yield tick
