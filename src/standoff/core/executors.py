"""Where sweeps run: serially, on a local process pool, or on a Dask cluster -- one interface.

Every sweep of the tool (Monte Carlo chunks of draws, sensitivity design points,
tournaments of negotiating styles) is a list of independent *chunks* mapped through a
module-level function. An :class:`Executor` runs that map and returns the results **in
the order of the chunks**, whatever order they finish in. Each chunk carries everything
it needs, including its child seed drawn up front (:func:`chunk_seeds`), and chunk
boundaries are fixed by the work (:func:`chunk_ranges`), never by the number of workers;
so the serial, pool and Dask executors give byte-identical results for the same seed
(the practice of numpy's ``SeedSequence.spawn`` and Mesa's batch runner).

* :class:`Serial` -- in this process (the default for short work);
* :class:`ProcessPool` -- ``jobs`` local worker processes (``--jobs N``). Workers ignore
  Ctrl-C (the parent stops them), die with their parent (``PR_SET_PDEATHSIG`` on Linux
  and a watchdog thread everywhere), and a worker lost mid-run (killed, out of memory)
  is reported as :class:`WorkerLost`, a user-facing error, never a
  ``BrokenProcessPool`` traceback;
* :class:`DaskCluster` -- a Dask ``distributed`` cluster: ``scheduler="tcp://HOST:PORT"``
  connects to a running scheduler, ``scheduler="local"`` starts a ``LocalCluster`` of
  ``workers`` processes on this machine. Dask is an optional extra
  (``pip install 'standoff[dask]'``), imported only here and only when asked for.

``progress(done, total)`` is called in the parent as chunks finish (for a progress bar).
A Ctrl-C (``KeyboardInterrupt``) cancels the outstanding chunks, stops the workers and
propagates: the caller writes nothing half-way.

This module imports nothing else of the project's but :mod:`standoff.core.errors`.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import numpy as np

from standoff.core.errors import UserError

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]

#: Most local worker processes (``--jobs``).
MAX_JOBS = 256
#: Workers of a ``LocalCluster`` started by ``--scheduler local`` unless told otherwise.
LOCAL_CLUSTER_WORKERS = 2
#: Seconds to wait for a Dask scheduler to answer.
CONNECT_TIMEOUT = 15


class WorkerLost(UserError):
    """A worker process stopped before finishing its chunk (killed, or out of memory)."""


# ------------------------------------------------------------------ chunks and seeds
def chunk_ranges(n: int, size: int) -> list[tuple[int, int]]:
    """``[(0, size), (size, 2 size), ...]`` covering ``range(n)``: the chunk boundaries
    depend only on ``n`` and ``size``, never on the executor."""
    if n < 0 or size < 1:
        raise ValueError("need n >= 0 and size >= 1")
    return [(a, min(n, a + size)) for a in range(0, n, size)]


def chunk_seeds(seed: int | np.random.SeedSequence, n: int) -> list[int]:
    """``n`` independent child seeds (as integers, so they pickle and print), spawned up
    front from ``seed`` (:meth:`numpy.random.SeedSequence.spawn`)."""
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(int(seed))
    return [int(c.generate_state(2, dtype=np.uint32).astype(np.uint64) @ np.array([1, 2**32], dtype=np.uint64))
            for c in root.spawn(n)]


# ------------------------------------------------------------------------ executors
class Executor:
    """Runs ``fn`` over chunks and returns the results in chunk order (module docstring)."""

    name = "executor"
    workers = 1

    def map(self, fn: Callable[[T], R], items: Sequence[T], progress: Progress | None = None) -> list[R]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the workers (a no-op for the serial executor)."""

    def describe(self) -> str:
        return self.name

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Serial(Executor):
    """In this process, one chunk after another."""

    name = "serial"

    def map(self, fn: Callable[[T], R], items: Sequence[T], progress: Progress | None = None) -> list[R]:
        out = []
        for k, item in enumerate(items):
            out.append(fn(item))
            if progress:
                progress(k + 1, len(items))
        return out


def _init_worker(parent: int, pdeathsig: bool) -> None:
    """In each pool worker: leave Ctrl-C to the parent, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if pdeathsig and sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - exotic libc
            pass
    if os.getppid() != parent:  # the parent is already gone
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="standoff-parent-watch", daemon=True).start()


class ProcessPool(Executor):
    """``jobs`` local worker processes (see the module docstring)."""

    name = "process pool"

    def __init__(self, jobs: int):
        if not 1 <= jobs <= MAX_JOBS:
            raise UserError(f"--jobs must lie between 1 and {MAX_JOBS} (got {jobs})")
        self.workers = jobs

    def describe(self) -> str:
        return f"process pool of {self.workers} workers"

    def map(self, fn: Callable[[T], R], items: Sequence[T], progress: Progress | None = None) -> list[R]:
        from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        if not items:
            return []
        workers = max(1, min(self.workers, len(items), os.cpu_count() or 1))
        if workers == 1 and self.workers == 1:
            return Serial().map(fn, items, progress)
        main = threading.current_thread() is threading.main_thread()
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(os.getpid(), main))
        results: dict[int, R] = {}
        futures: dict[Future[R], int] = {}
        try:
            futures = {pool.submit(fn, item): k for k, item in enumerate(items)}
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    results[futures[f]] = f.result()
                if progress:
                    progress(len(results), len(items))
        except BrokenProcessPool:
            _stop(pool)
            raise WorkerLost(
                "a worker process stopped before finishing its work (it was killed, or ran out of memory)",
                hint="run again with fewer --jobs or fewer --draws, or with --jobs 1",
            ) from None
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True)
        return [results[k] for k in range(len(items))]


def _stop(pool: Any) -> None:
    """Cancel what has not started and end every worker at once."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        with suppress(OSError, AttributeError, ValueError):  # already gone
            proc.terminate()
    for proc in procs:
        with suppress(OSError, AttributeError, ValueError):
            proc.join(timeout=5)


_ADDRESS = re.compile(r"^(tcp|tls|inproc|ucx|ws|wss)://[^\s/]+(:\d+)?/?$")


class DaskCluster(Executor):
    """A Dask ``distributed`` cluster: a running scheduler (``tcp://HOST:PORT``) or a
    ``LocalCluster`` started here (``"local"``) with ``workers`` processes."""

    name = "dask"

    def __init__(self, scheduler: str, workers: int | None = None):
        self.scheduler = scheduler.strip()
        if self.scheduler != "local" and not _ADDRESS.match(self.scheduler):
            raise UserError(f"--scheduler {scheduler!r} is not a scheduler address",
                            hint="give tcp://HOST:PORT of a running Dask scheduler, or `local` to start one here")
        try:
            import distributed
        except ImportError:
            raise UserError("running on a Dask cluster needs the dask extra",
                            hint="pip install 'standoff[dask]'") from None
        self._distributed = distributed
        self.cluster: Any = None
        self.client: Any = None
        try:
            if self.scheduler == "local":
                import logging

                n = LOCAL_CLUSTER_WORKERS if workers is None else workers
                if not 1 <= n <= MAX_JOBS:
                    raise UserError(f"a local cluster needs between 1 and {MAX_JOBS} workers (got {n})")
                self.cluster = distributed.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = distributed.Client(self.cluster, set_as_default=False)
            else:
                self.client = distributed.Client(self.scheduler, timeout=f"{CONNECT_TIMEOUT}s", set_as_default=False)
        except UserError:
            self.close()
            raise
        except (OSError, TimeoutError) as exc:
            self.close()
            raise UserError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}",
                            hint="start one with `dask scheduler` (and workers with `dask worker ADDRESS`)") from None
        info = self.client.scheduler_info()
        self.workers = max(1, len(info.get("workers", {})))

    def describe(self) -> str:
        where = "a local Dask cluster" if self.scheduler == "local" else f"the Dask cluster at {self.scheduler}"
        return f"{where} ({self.workers} workers)"

    def map(self, fn: Callable[[T], R], items: Sequence[T], progress: Progress | None = None) -> list[R]:
        if not items:
            return []
        dist = self._distributed
        futures = self.client.map(fn, list(items), pure=False)
        try:
            with self.client.as_current():
                for done, _ in enumerate(dist.as_completed(futures), 1):
                    if progress:
                        progress(done, len(items))
            return list(self.client.gather(futures))
        except dist.KilledWorker:
            raise WorkerLost("a Dask worker died while running a chunk (killed, or out of memory)",
                             hint="check the workers' memory limit, or run with fewer --draws per chunk") from None
        except BaseException:
            self.client.cancel(futures)
            raise

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


def make_executor(jobs: int = 1, scheduler: str | None = None) -> Executor:
    """The executor a command asks for: Dask when ``scheduler`` is given (``jobs``: the
    workers of a local cluster), a process pool when ``jobs > 1``, else serial."""
    if scheduler is not None:
        return DaskCluster(scheduler, workers=None if jobs <= 1 else jobs)
    if jobs < 1:
        raise UserError(f"--jobs must be at least 1 (got {jobs})")
    return ProcessPool(jobs) if jobs > 1 else Serial()


@contextmanager
def executor(jobs: int = 1, scheduler: str | None = None) -> Iterator[Executor]:
    """:func:`make_executor` as a context manager that always releases its workers."""
    ex = make_executor(jobs, scheduler)
    try:
        yield ex
    finally:
        ex.close()


__all__ = [
    "DaskCluster",
    "Executor",
    "ProcessPool",
    "Serial",
    "WorkerLost",
    "chunk_ranges",
    "chunk_seeds",
    "executor",
    "make_executor",
]
