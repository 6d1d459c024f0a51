"""Run one function over many inputs in worker processes, results in input order.

``check`` parses each file in a worker: the work is CPU-bound Python, so threads would share
one interpreter lock. The function must be module-level and take and return plain picklable
data (paths, diagnostics, text; never a LibCST tree), so it runs the same under every start
method (``fork``, ``forkserver``, ``spawn``). Shaped like LibCST's codemod runner: one job or
one input runs in this process with no pool at all; otherwise a ``ProcessPoolExecutor`` of at
most one worker per input. A worker process that dies (a crash, our bug) breaks the pool
instead of hanging the run: the inputs it left unfinished run again one at a time, and the one
that breaks a one-worker pool is given to ``lost``. Workers ignore SIGINT: Ctrl-C reaches this
process, which terminates them and lets ``KeyboardInterrupt`` go on to the command line.
``concurrent.futures`` (and with it ``multiprocessing`` and ``logging``) is imported only when
a pool is made: a one-file run does not pay for it at start-up.
"""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

from .commands import Usage

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")
Progress = Optional[Callable[[int], None]]  # told how many items are finished, after each one


def jobs_option(text: str) -> int:
    """``-j N``: a whole number of processes, at least 1."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise Usage(f"-j/--jobs takes a number of processes of at least 1, not {text!r}")
    return jobs


def in_order(
    work: Callable[[T], R], items: Sequence[T], jobs: int, lost: Callable[[T], R], progress: Progress = None
) -> List[R]:
    """``[work(item) for item in items]``, in up to ``jobs`` processes; ``lost(item)`` stands
    for the result of an item whose worker process died."""
    workers = min(jobs, len(items))
    results: Dict[int, R] = {}
    if workers <= 1:
        for index, item in enumerate(items):
            results[index] = work(item)
            _tell(progress, results)
        return list(results.values())
    pending = list(range(len(items)))
    while pending:
        unfinished = _round(work, items, pending, workers, results, progress)
        if unfinished and workers == 1:  # one worker runs in order: the first unfinished broke it
            results[unfinished[0]] = lost(items[unfinished[0]])
            unfinished = unfinished[1:]
        pending, workers = unfinished, 1
    return [results[index] for index in range(len(items))]


def _round(
    work: Callable[[T], R],
    items: Sequence[T],
    indices: List[int],
    workers: int,
    results: Dict[int, R],
    progress: Progress,
) -> List[int]:
    """Run the items at ``indices`` in a fresh pool; returns those a broken pool left undone."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    executor = ProcessPoolExecutor(workers, initializer=_ignore_interrupts)
    try:
        futures: List[Tuple[int, Future[R]]] = [(i, executor.submit(work, items[i])) for i in indices]
        unfinished = []
        for index, future in futures:
            try:
                results[index] = future.result()
                _tell(progress, results)
            except BrokenProcessPool:
                unfinished.append(index)
    except BaseException:
        _terminate(executor)
        raise
    executor.shutdown()
    return unfinished


def _tell(progress: Progress, results: Dict[int, R]) -> None:
    if progress is not None:
        progress(len(results))


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _terminate(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now (Ctrl-C, or an exception of ``work`` re-raised here): cancel what
    has not started and end the processes (what Python 3.14's ``terminate_workers`` does)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
