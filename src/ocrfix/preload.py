"""What workers start from: imported once where they are started, this module leaves the
process as a warmed one is (the passes imported, the shipped tables mapped, the ``newspaper``
profile parsed and run once, the typos detector built), so that each worker does not pay some
0.4 s of imports and loading of its own.

- ``--jobs``: the forkserver the workers are forked from imports it (:func:`ocrfix.batch._map`;
  ``benchmarks/throughput.py``: ``--jobs 2`` 1.67× → 1.75–1.79× the speed of one worker).
- Dask: start the workers with it, ``LocalCluster(preload=["ocrfix.preload"])`` or
  ``dask worker --preload ocrfix.preload`` (1.51× → 1.79–1.82×, the workers up before the clock).
"""

from contextlib import suppress

from ocrfix.batch import worker_profile
from ocrfix.pipeline import Repairer

# A warm-up only: the forkserver would die of an error here (it passes over ImportError alone),
# and a worker that cannot load what it needs says so itself when it repairs. (A Repairer warms
# its profile on the page made for that, which makes every pass load what it needs.)
with suppress(Exception):
    Repairer(worker_profile("newspaper"))
