"""Dask as the engine past one process: a client for N local workers or a scheduler's cluster, and the analyses run part by part.

``client(workers=N)`` starts a ``dask.distributed`` LocalCluster of N single-threaded worker processes;
``client(scheduler="tcp://host:8786")`` joins an existing cluster. The same functions then run on a laptop
and a cluster: ``cuttings.store.build(..., client=c)`` and ``cuttings.distributed.analyses.*(corpus,
client=c)``. Without a client every function runs in this process, part after part.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any

from ..errors import CuttingsError

__all__ = ["client", "session", "build"]


def build(paths, out, *, extras=(), client: Any = None, **options: Any):
    """Build the corpus of ``paths`` in folder ``out`` (``cuttings.store.build`` with ``options``), then the
    optional tables ``extras`` (``timeline``: every temporal expression; ``tokens``: term counts per piece),
    part by part on ``client``; return the build's ``BuildReport``."""
    from ..store import EXTRAS, open_built, set_extras
    from ..store import build as build_tables
    from . import analyses

    extras = sorted(set(extras))
    bad = [e for e in extras if e not in EXTRAS]
    if bad:
        raise CuttingsError(f"unknown table {bad[0]!r} to build (choose from {', '.join(EXTRAS)})")
    report = build_tables(paths, out, client=client, **options)
    set_extras(out, [])
    corpus = open_built(out)
    for name in extras:
        analyses.store_table(corpus, name, client=client)
    set_extras(out, extras)
    return report


def client(*, workers: int | None = None, scheduler: str | None = None, processes: bool = True,
           memory_limit: str | int = "auto") -> Any:
    """Return a ``dask.distributed.Client``: on ``scheduler`` (an address) or on a new LocalCluster of
    ``workers`` single-threaded workers (``processes=False``: threads of this process, for tests).

    Raises ``CuttingsError`` for a bad worker count or an unreachable scheduler.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise CuttingsError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    if workers is None or workers < 1:
        raise CuttingsError("--workers must be at least 1")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None,
                           memory_limit=memory_limit, silence_logs=50)
    return Client(cluster)


@contextmanager
def session(*, workers: int | None = None, scheduler: str | None = None, processes: bool = True):
    """Context manager: a client as ``client(...)`` (None when neither workers nor scheduler is given),
    closed (with its LocalCluster) on exit."""
    if not workers and not scheduler:
        yield None
        return
    c = client(workers=workers, scheduler=scheduler, processes=processes)
    try:
        yield c
    finally:
        cluster = c.cluster if not scheduler else None
        c.close()
        if cluster is not None:
            cluster.close()
