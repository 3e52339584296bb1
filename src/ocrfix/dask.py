"""Repair a Dask bag of texts or records on a cluster: a thin layer over :func:`ocrfix.repair`.

>>> import dask.bag as db
>>> bag = db.from_sequence(["民族文化传 承和保护，红色遗迹"], npartitions=1)
>>> repair_bag(bag, profile="safe").compute(scheduler="sync")
['民族文化传承和保护，红色遗迹']

Each worker process loads the profile and language data once (they are cached per process), so
the cost per document is the repair itself. Dask itself is an optional dependency
(``pip install 'ocrfix[dask]'``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from ocrfix.pipeline import run
from ocrfix.profiles import Profile, load_profile

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag


@cache
def _profile(spec: str) -> Profile:
    return load_profile(spec)


def repair_partition(
    items: Iterable[Any], profile: str = "newspaper", field: str | None = None
) -> list[Any]:
    """Repair one partition: texts, or with ``field`` dict records (a copy, field replaced,
    plus ``ocrfix``: edits per pass). Usable as-is in Spark ``mapPartitions``."""
    prof = _profile(profile)
    out: list[Any] = []
    for item in items:
        if field is None:
            out.append(run(prof, item).text)
            continue
        record = dict(item)
        repair = run(prof, record[field])
        record[field] = repair.text
        record["ocrfix"] = {"edits": {s.name: len(s.edits) for s in repair.steps if s.edits}}
        out.append(record)
    return out


def repair_bag(
    bag: dask.bag.Bag, profile: str = "newspaper", field: str | None = None
) -> dask.bag.Bag:
    """A lazy bag of repaired texts (or records, with ``field``)."""
    load_profile(profile)  # a bad profile fails here, not on every worker
    repaired: dask.bag.Bag = bag.map_partitions(repair_partition, profile, field)  # type: ignore[no-untyped-call]
    return repaired
