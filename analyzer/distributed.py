"""Run one function over many tenders: in this process, or on a dask.distributed cluster.

The audit hands over a stream of (key, item) pairs and gets back, as each one finishes, a `Done`
or a `Failed`. It stays the only writer: results come back to the calling process, which stores
them as they arrive, so an interrupted or crashed run keeps everything already stored.

- `workers=1` and no scheduler: a plain loop in this process (no Dask), for debugging.
- `workers=N`: a `LocalCluster` of N single-threaded worker *processes* (spaCy and the rules hold
  the GIL, so threads would not run in parallel).
- `scheduler="tcp://HOST:PORT"`: an existing cluster, which is how a national audit runs on many
  machines. Its workers must have this package installed and see the same files.

Only a bounded window of tasks is in flight at a time, so a stream of 150 000 records is never
turned into a list, neither here nor on the scheduler.
"""

from __future__ import annotations

import collections
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Done(Generic[R]):
    key: str
    result: R


@dataclass(frozen=True)
class Failed:
    key: str
    message: str  # one line: "<ExceptionType>: <message>"
    details: str = ""  # traceback, for the errors table


def run_many(
    items: Iterable[tuple[str, T]],
    fn: Callable[[T], R],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    preload: Callable[[], Any] | None = None,
    window: int | None = None,
    split: Callable[[T], list[tuple[str, T]]] | None = None,
) -> Iterator[Done[R] | Failed]:
    """Apply `fn` to every item and yield each outcome as soon as it is known (not in input order
    on a cluster). `fn` and the items must be picklable for a cluster: a module-level function or a
    `functools.partial` of one. `preload` runs once per worker before its first task (models).

    An item may stand for several (a batch of tenders): on a cluster, when its task fails (its worker
    died), `split(item)` gives its parts, which are tried as tasks of their own, so that one part
    that kills a worker is the only one reported failed. An item that splits into fewer than two
    parts fails as it is."""
    if workers <= 1 and not scheduler:
        yield from _in_process(items, fn)
        return
    yield from _on_dask(items, fn, workers=workers, scheduler=scheduler, preload=preload, window=window, split=split)


def _in_process(items: Iterable[tuple[str, T]], fn: Callable[[T], R]) -> Iterator[Done[R] | Failed]:
    import traceback

    for key, item in items:
        try:
            result = fn(item)
        except Exception as exc:  # one broken tender must not stop the batch
            yield Failed(key, one_line(exc), traceback.format_exc(limit=3))
            continue
        yield Done(key, result)


def _on_dask(
    items: Iterable[tuple[str, T]],
    fn: Callable[[T], R],
    *,
    workers: int,
    scheduler: str | None,
    preload: Callable[[], Any] | None,
    window: int | None,
    split: Callable[[T], list[tuple[str, T]]] | None = None,
) -> Iterator[Done[R] | Failed]:
    import dask
    from distributed import Client, LocalCluster, as_completed

    # A tender that kills its worker (a segfault in a PDF library, memory) is tried on one more
    # worker, then reported as failed (KilledWorker) instead of taking the cluster down with it. The
    # workers' statistical profiler (a thread sampling every 10 ms) is a dashboard feature: off. A worker is
    # given one task per thread, no more (worker-saturation 1.0): a task queued behind the one that kills the
    # worker would die with it and be counted against it.
    config = {
        "distributed.scheduler.allowed-failures": 1,
        "distributed.scheduler.worker-saturation": 1.0,
        "distributed.worker.profile.enabled": False,
    }
    with dask.config.set(config):
        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        try:
            if preload is not None:
                from analyzer.worker_plugin import Preload

                client.register_plugin(Preload(preload), name="clauses-preload")
            n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
            limit = window or 4 * n_workers
            stream = iter(items)
            pending: dict[Any, tuple[str, T]] = {}
            completed = as_completed()
            # A worker that dies takes with it the tasks queued on it and the results it holds, not only the task
            # that killed it: the scheduler counts them all, so an innocent task can be reported killed. A task
            # reported killed is a suspect: it is tried once more *alone* (nothing else in flight, so no other
            # task can die with it), then reported failed if it kills again. Suspects wait until the tasks in
            # flight are done; the stream resumes once every suspect has had its turn.
            retried: set[str] = set()
            suspects: collections.deque[tuple[str, T]] = collections.deque()

            serial = itertools.count()

            def submit(key: str, item: T) -> None:
                # pure=False and a serial number: two tenders with equal content, or a task tried again, are new tasks.
                fut = client.submit(fn, item, key=f"clauses-{key[:80]}-{next(serial)}", pure=False)
                pending[fut] = (key, item)
                completed.add(fut)

            def refill() -> None:
                if suspects:
                    if not pending:
                        submit(*suspects.popleft())
                    return
                if any(key in retried for key, _ in pending.values()):
                    return  # a suspect is running alone
                while len(pending) < limit:
                    nxt = next(stream, None)
                    if nxt is None:
                        return
                    submit(*nxt)

            refill()
            for fut in completed:
                if fut.status in ("lost", "pending"):
                    # It finished, then its result was lost with its worker (another task killed it) before this loop
                    # got to it: the scheduler computes it again. Wait for that run; it is no failure of its own.
                    completed.add(fut)
                    continue
                key, item = pending.pop(fut)
                outcome: Done[R] | Failed | None = None
                exc: BaseException | None = None
                if fut.status == "finished":
                    try:
                        outcome = Done(key, fut.result())
                    except Exception as lost:  # lost while being fetched, and its second run failed
                        exc = lost
                if outcome is None:
                    parts = split(item) if split is not None else []
                    exc = exc or fut.exception()
                    if len(parts) > 1:  # a batch whose worker died: each part gets its own task
                        for part_key, part in parts:
                            submit(part_key, part)
                    elif type(exc).__name__ == "KilledWorker" and key not in retried:
                        retried.add(key)
                        suspects.append((key, item))
                    else:
                        outcome = Failed(key, one_line(exc), _traceback(fut))
                fut.release()
                if outcome is not None:
                    yield outcome
                refill()
        finally:
            # Ctrl-C or the caller stopping early: drop what is still queued, keep what was yielded.
            for fut in list(locals().get("pending", {})):
                fut.cancel()
            client.close()
            if cluster is not None:
                _close_quietly(cluster)


def _close_quietly(cluster: Any) -> None:
    """Shut a LocalCluster down. Every outcome was handed over before this: a failure to stop its
    processes cleanly (distributed's Nanny asserts when it is told to close a worker process it is
    still restarting after a crash) is logged, never raised over the results."""
    try:
        cluster.close()
    except Exception:  # noqa: BLE001 - see the docstring
        logging.getLogger(__name__).warning("the local Dask cluster did not close cleanly", exc_info=True)


def one_line(exc: BaseException | None) -> str:
    """An exception as one line: "<ExceptionType>: <message>"."""
    if exc is None:
        return "unknown error"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _traceback(fut: Any) -> str:
    import traceback

    try:
        tb = fut.traceback()
    except Exception:  # the scheduler may have no traceback (a killed worker)
        return ""
    return "".join(traceback.format_tb(tb, limit=3)) if tb is not None else ""
