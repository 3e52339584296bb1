"""The Dask integration on a real local cluster of two worker processes."""

from __future__ import annotations

import pytest

from ocrfix.pipeline import run
from tests.conftest import PAGES

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")

from ocrfix.dask import repair_bag, repair_partition  # noqa: E402


def test_local_cluster_matches_single_process() -> None:
    texts = [p.raw for p in PAGES[:6]] * 2
    expected = [run("newspaper", t).text for t in texts]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        bag = db.from_sequence(texts, npartitions=4)
        assert client.compute(repair_bag(bag)).result() == expected
        records = db.from_sequence([{"id": i, "text": t} for i, t in enumerate(texts)], 3)
        out = client.compute(repair_bag(records, field="text")).result()
    assert [r["text"] for r in out] == expected and [r["id"] for r in out] == list(range(len(texts)))


def test_partition_function_works_for_spark_style_callers() -> None:
    # Spark: rdd.mapPartitions(lambda it: repair_partition(it, "safe"))
    assert repair_partition(iter(["民族文化传 承和保护，红色遗迹"]), "safe") == [
        "民族文化传承和保护，红色遗迹"
    ]
