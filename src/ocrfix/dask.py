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
from typing import TYPE_CHECKING, Any

from ocrfix.batch import repair_record, worker_profile
from ocrfix.pipeline import run
from ocrfix.profiles import Profile, load_profile

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag


def repair_partition(
    items: Iterable[Any],
    profile: str | Profile = "newspaper",
    field: str | None = None,
    result_field: str = "ocrfix",
) -> list[Any]:
    """Repair one partition: texts, or with ``field`` dict records, as ``ocrfix repair --jsonl``
    does its lines: a copy with the field repaired and ``result_field`` holding the profile and
    the edits per pass; a record that cannot be repaired passes through (a dict without the
    field, or not a string there, gets ``{result_field: {"error": …}}``; one that has
    ``result_field`` already, or is no dict, is left as it is). Usable as-is in Spark
    ``mapPartitions``.

    >>> repair_partition([{"id": 1, "text": "观 看"}, {"id": 2}, None], "safe", field="text")
    [{'id': 1, 'text': '观看', 'ocrfix': {'profile': 'safe', 'edits': {'cjk-spacing': 1}}}, \
{'id': 2, 'ocrfix': {'error': "no string field 'text'"}}, None]
    """
    prof = worker_profile(profile)
    out: list[Any] = []
    for item in items:
        if field is None:
            if not isinstance(item, str):
                raise TypeError(f"repair_partition takes texts (str), not {type(item).__name__};"
                                " give field= to repair a field of dict records")
            out.append(run(prof, item).text)
            continue
        out.append(repair_record(item, field, result_field, prof)[0])
    return out


def repair_bag(
    bag: dask.bag.Bag,
    profile: str | Profile = "newspaper",
    field: str | None = None,
    result_field: str = "ocrfix",
) -> dask.bag.Bag:
    """A lazy bag of repaired texts (or records, with ``field``: see :func:`repair_partition`)."""
    if not isinstance(profile, Profile):
        load_profile(profile)  # a bad profile fails here, not on every worker
    repaired: dask.bag.Bag = bag.map_partitions(  # type: ignore[no-untyped-call]
        repair_partition, profile, field, result_field
    )
    return repaired
