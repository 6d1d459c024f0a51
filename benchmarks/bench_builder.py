"""The builder's job against LibCST's own parse, on generated projects of N tasks (``nox -s benchmark``).

For each N (``--sizes``, default 10,100,1000,3000) it generates a project (benchmarks/generate.py)
and times every job of benchmarks/jobs.py INTERLEAVED in one process: each round runs every job
once, in an order rotated from round to round, so that a slow spell of the machine falls on all of
them. A run is CPU time (``time.process_time``) with the garbage collector collected before and
disabled during the run. Each job's figure is its median over the rounds, and its ratio is the
median over the rounds of its time divided by ``libcst.parse_module``'s time in the same round.
Peak memory is tracemalloc's peak of one builder's job against that of ``libcst.parse_module``
alone (holding its tree). Prints a Markdown table, or JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import jobs

REFERENCE = "libcst.parse_module"
DEFAULT_SIZES = (10, 100, 1000, 3000)
ROUNDS = {10: 15, 100: 7, 1000: 3}  # larger N: 3 rounds


def cpu_seconds(job: jobs.Job, source: str) -> float:
    """CPU seconds of one run of ``job``, the collector off during it."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        job(source)
        return time.process_time() - start
    finally:
        gc.enable()


def peak_bytes(job: jobs.Job, source: str) -> int:
    """tracemalloc's peak while ``job`` runs (and holds its result)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = job(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del result
    return peak


def measure(size: int, rounds: int) -> Dict[str, Any]:
    """One row: every job's median CPU time and ratio, time per task, peak memory."""
    source = generate.project(size)
    measured = jobs.jobs()
    names = list(measured)
    times: Dict[str, List[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(cpu_seconds(measured[name], source))
    reference = times[REFERENCE]
    row: Dict[str, Any] = {"tasks": size, "lines": source.count("\n"), "rounds": rounds, "jobs": {}}
    for name in names:
        ratios = [t / r if r > 0 else math.inf for t, r in zip(times[name], reference)]
        row["jobs"][name] = {"seconds": statistics.median(times[name]), "ratio": statistics.median(ratios)}
    row["builder_ms_per_task"] = row["jobs"]["builder's job"]["seconds"] * 1000 / size
    libcst_peak = peak_bytes(measured[REFERENCE], source)
    builder_peak = peak_bytes(measured["builder's job"], source)
    row["peak_mb"] = {REFERENCE: libcst_peak / 2**20, "builder's job": builder_peak / 2**20}
    row["peak_ratio"] = builder_peak / libcst_peak
    return row


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def table(rows: Sequence[Dict[str, Any]]) -> str:
    """The Markdown table of ``rows``: one line per N, every job as time (ratio to LibCST)."""
    names = list(rows[0]["jobs"])
    header = ["N tasks", "lines", *names, "builder per task", "peak memory (builder / LibCST)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [f"{row['tasks']:,}", f"{row['lines']:,}"]
        for name in names:
            job = row["jobs"][name]
            ratio = "" if name == REFERENCE else f" ({job['ratio']:.2f}×)"
            cells.append(_duration(job["seconds"]) + ratio)
        cells.append(f"{row['builder_ms_per_task']:.2f} ms")
        builder_mb, libcst_mb = row["peak_mb"]["builder's job"], row["peak_mb"][REFERENCE]
        cells.append(f"{builder_mb:,.1f} / {libcst_mb:,.1f} MB ({row['peak_ratio']:.2f}×)")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def per_task_flatness(rows: Sequence[Dict[str, Any]]) -> Optional[str]:
    """The builder's time per task at the largest N over that at N=100 (1.00 is flat)."""
    by_size = {row["tasks"]: row["builder_ms_per_task"] for row in rows}
    if 100 not in by_size or max(by_size) <= 100:
        return None
    largest = max(by_size)
    return f"builder per task at N={largest:,} / at N=100: {by_size[largest] / by_size[100]:.2f}×"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="N values, comma-separated"
    )
    parser.add_argument("--rounds", type=int, help="rounds per N (default: 15 at N=10 down to 3)")
    parser.add_argument("--quick", action="store_true", help="N=10, 3 rounds: proves it runs (CI)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    sizes = [10] if args.quick else [int(size) for size in args.sizes.split(",")]
    rounds = 3 if args.quick and args.rounds is None else args.rounds
    rows = [measure(size, rounds or ROUNDS.get(size, 3)) for size in sizes]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(table(rows))
    flatness = per_task_flatness(rows)
    if flatness:
        print(f"\n{flatness}")
    print(
        "\nCPU time (time.process_time), gc disabled during each run, jobs interleaved in rounds; "
        "median of rounds; ratios are to libcst.parse_module in the same round."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
