"""How fast fluxio_cst compiles: figures, not a pass/fail test (``nox -s benchmark``).

Measures, on every golden fixture together and on a generated large project: the whole
``parse`` call (which emits and validates every machine: state keys are hashed there, with astor),
``to_asl`` of every machine (a copy), and the first ``run_source`` (LibCST's positions), each as
the best of several runs; and the share of ``parse`` spent in each phase.
"""

from __future__ import annotations

import argparse
import ast
import time
from pathlib import Path
from typing import Callable, List

import libcst as cst

import fluxio_cst

ROOT = Path(__file__).resolve().parent.parent


def best(function: Callable[[], object], repeat: int) -> float:
    """The best wall time of ``repeat`` runs, in milliseconds (the least disturbed one)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def large_project(tasks: int, machines: int) -> str:
    """A realistic large file: many tasks, many machines with choices, retries and maps."""
    parts: List[str] = []
    for i in range(tasks):
        parts.append(
            f"class Task{i}(Task):\n"
            f"    timeout = {60 + i}\n"
            f"    async def run(event, context):\n"
            f"        # step {i}\n"
            f"        import json\n"
            f"        return json.dumps({{'step': {i}, 'event': event}})\n\n\n"
        )
    for m in range(machines):
        a, b, c = (m * 3) % tasks, (m * 3 + 1) % tasks, (m * 3 + 2) % tasks
        parts.append(
            f"def machine{m}(data):\n"
            f"    data['a'] = Task{a}(data['input'])\n"
            f"    if data['a']['n'] > {m} and str(data['a']['kind']) == 'big':\n"
            f"        try:\n"
            f"            with retry(on_exceptions=[States.Timeout], max_attempts=5):\n"
            f"                Task{b}()\n"
            f"        except:\n"
            f"            raise Failed('machine {m}')\n"
            f"    elif not bool(data['skip']):\n"
            f"        data['flag'] = {{'m': {m}, 'list': [1, 2, 3]}}\n"
            f"    wait(seconds=5)\n"
            f"    data['c'] = Task{c}(data['a'], key='last {m}')\n\n\n"
        )
    return "".join(parts)


def report(name: str, source: str, repeat: int) -> None:
    lines = source.count("\n")
    project = fluxio_cst.parse(source)
    parse_ms = best(lambda: fluxio_cst.parse(source), repeat)
    gate_ms = best(lambda: ast.parse(source), repeat)
    libcst_ms = best(lambda: cst.parse_module(source), repeat)
    module = cst.parse_module(source)
    render_ms = best(lambda: module.code, repeat)

    def emit_ms() -> float:
        fresh = fluxio_cst.parse(source)  # parse emitted everything: to_asl copies it
        start = time.perf_counter()
        for machine in fresh.state_machines.values():
            machine.to_asl()
        return (time.perf_counter() - start) * 1000

    def run_source_ms() -> float:
        task = next(iter(fluxio_cst.parse(source).tasks.values()))
        start = time.perf_counter()
        assert task.run_source is not None
        return (time.perf_counter() - start) * 1000

    emit_best = min(emit_ms() for _ in range(repeat))
    positions_best = min(run_source_ms() for _ in range(repeat))
    states = sum(len(m.to_asl()["States"]) for m in project.state_machines.values())
    machines = len(project.state_machines)
    print(f"{name}: {lines} lines, {len(project.tasks)} tasks, {machines} machines, {states} states")
    print(f"  parse            {parse_ms:9.1f} ms  ({lines / parse_ms:.0f} lines/ms)")
    print(f"    CPython pre-read {gate_ms:7.1f} ms")
    print(f"    LibCST parse     {libcst_ms:7.1f} ms")
    print(f"    round-trip check {render_ms:7.1f} ms")
    rest = parse_ms - gate_ms - libcst_ms - render_ms
    print(f"    recognise + emit {rest:7.1f} ms  (keys hashed with astor)")
    print(f"  to_asl (all)     {emit_best:9.1f} ms  (copies of what parse emitted)")
    print(f"  first run_source {positions_best:9.1f} ms  (positions, once per file)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--machines", type=int, default=100)
    args = parser.parse_args()
    fixtures = [
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "fixtures").glob("[0-9]*.py"))
        if p.read_bytes().isascii()
    ]
    total = 0.0
    for text in fixtures:
        total += best(lambda text=text: fluxio_cst.parse(text), args.repeat)
    print(
        f"fixtures: {len(fixtures)} files, parse {total:.1f} ms in all, {total / len(fixtures):.1f} ms a file"
    )
    report("large project", large_project(args.tasks, args.machines), args.repeat)


if __name__ == "__main__":
    main()
