"""Outputs made by forked worker processes while the publishing process makes the others.

The workers inherit everything computed before they start (comparisons, packages), so they touch no
store. They end with the ``with`` block however it ends (an interrupt, an error), ignore interrupts
themselves (the parent ends them), and the kernel sends them SIGTERM when the parent dies of a
signal (SIGTERM, SIGKILL) that leaves it no time to end them.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

from sectrack.publish.writer import Output

PR_SET_PDEATHSIG = 1  # prctl(2)


class Parallel:
    """``with Parallel(outputs, jobs) as made:`` starts ``jobs`` workers making ``outputs``;
    iterating ``made`` gives each output with its bytes, in order. One job: made here, on demand."""

    def __init__(self, outputs: list[Output], jobs: int) -> None:
        self.outputs = outputs
        self.forked = jobs > 1 and len(outputs) > 1
        self.jobs = jobs
        self.pool: Any = None
        self.futures: list[Any] = []

    def __enter__(self) -> Parallel:
        if self.forked:
            import concurrent.futures as cf
            import multiprocessing

            global _PENDING
            _PENDING = self.outputs
            self.pool = cf.ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                               initializer=_worker_start, initargs=(os.getpid(),))
            self.futures = [self.pool.submit(_make, k) for k in range(len(self.outputs))]  # all submitted now
        return self

    def busy(self) -> bool:
        """True while the workers still have outputs to make (never, made here with one job)."""
        return any(not f.done() for f in self.futures)

    def __iter__(self) -> Iterator[tuple[Output, bytes]]:
        if not self.forked:
            for out in self.outputs:
                yield out, out.make()
            return
        for out, future in zip(self.outputs, self.futures):
            yield out, future.result()

    def __exit__(self, *exc: object) -> None:
        global _PENDING
        if self.pool is not None:
            workers = list(self.pool._processes.values())  # the executor cannot end busy workers itself
            self.pool.shutdown(wait=False, cancel_futures=True)
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.join()
            self.pool = None
        _PENDING = []


_PENDING: list[Output] = []


def _make(k: int) -> bytes:
    return _PENDING[k].make()


def _worker_start(parent: int) -> None:
    """In each worker: leave interrupts to the parent, end at SIGTERM (whatever handler the parent
    set), and ask the kernel for a SIGTERM when the parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
