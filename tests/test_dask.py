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
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        preload=["ocrfix.preload"],  # as the README starts them: warmed before any partition
    ) as cluster, distributed.Client(cluster) as client:
        built = client.run(lambda: __import__("ocrfix.passes.typos", fromlist=["_detector"])
                           ._detector.cache_info().currsize)  # fmt: skip
        assert sorted(built.values()) == [1, 1]
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


def test_partition_records_come_out_as_the_cli_writes_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A record without the field, one that is no dict, one with an ``ocrfix`` key already, a
    lone surrogate: ``repair_partition`` gives what ``ocrfix repair --jsonl`` writes (it raised
    KeyError or TypeError on the first two, overwrote the third, and left out ``profile``). A
    Profile object works as a name does."""
    import json

    from ocrfix.cli import main
    from ocrfix.profiles import load_profile

    records = [{"id": 1, "text": "观 看"}, {"id": 2}, None, {"id": 3, "text": 5},
               {"text": "观 看", "ocrfix": "mine"}, {"id": 4, "text": "观 看\ud800"}]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    main(["repair", str(src), "--jsonl", "--field", "text", "-p", "safe", "-o", str(out), "-q"])
    cli = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert repair_partition(records, "safe", field="text") == cli
    assert repair_partition(records, load_profile("safe"), field="text") == cli
    with pytest.raises(TypeError, match="give field="):
        repair_partition([None], "safe")
