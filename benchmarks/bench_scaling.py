"""How fluxio_cst scales with the size of one statement: figures at N and 2N (``nox -s benchmark``).

Each phase should take about twice as long for twice the input (ratio ~2); a ratio near 4 is
quadratic. Scenarios: a Pass state assigning a dict of N entries (the key hashed over the whole
statement), and a ``run`` method returning a one-line list of N bytes (positions and extraction).
Reports wall time per phase and the ratio, and peak memory of the whole run.
"""

from __future__ import annotations

import argparse
import resource
import time
from typing import Callable, Dict, List, Tuple

import fluxio_cst

TASK = "class T(Task):\n    async def run(event, context):\n        return 1\n\n\n"


def pass_dict(entries: int) -> str:
    """A machine whose Pass state sets a dict of ``entries`` string keys."""
    items = ", ".join(f"'k{i}': {i}" for i in range(entries))
    return TASK + "def main(data):\n    data['y'] = {" + items + "}\n"


def run_line(size: int) -> str:
    """A task whose ``run`` returns a list literal on one line of about ``size`` bytes."""
    items: List[str] = []
    total = 0
    while total < size:
        items.append(f"{len(items)}, ")
        total += len(items[-1])
    body = "        return [" + "".join(items) + "]\n"
    return "class T(Task):\n    async def run(event, context):\n" + body + "\n\ndef main(data):\n    T()\n"


def phases(source: str) -> Dict[str, float]:
    """Seconds spent in parse, in every machine's to_asl, and in every task's run_source."""
    start = time.perf_counter()
    project = fluxio_cst.parse(source)
    parsed = time.perf_counter()
    for machine in project.state_machines.values():
        machine.to_asl()
    emitted = time.perf_counter()
    for task in project.tasks.values():
        assert task.run_source is not None
    extracted = time.perf_counter()
    return {"parse": parsed - start, "to_asl": emitted - parsed, "run_source": extracted - emitted}


def scenario(name: str, make: Callable[[int], str], size: int) -> List[Tuple[str, float, float]]:
    print(f"{name}: N={size:,} and 2N={2 * size:,}")
    small, large = phases(make(size)), phases(make(2 * size))
    rows = []
    for phase in small:
        ratio = large[phase] / small[phase] if small[phase] > 0.001 else float("nan")
        rows.append((phase, large[phase], ratio))
        flag = "  <- superlinear?" if ratio > 2.8 else ""
        print(f"  {phase:<11} {small[phase]:8.2f} s  {large[phase]:8.2f} s  ratio {ratio:4.2f}{flag}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000, help="dict entries (N)")
    parser.add_argument("--bytes", type=int, default=500_000, help="run line length (N)")
    args = parser.parse_args()
    scenario("Pass dict", pass_dict, args.entries)
    scenario("run line", run_line, args.bytes)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
