"""The call graph of a project's state machines: no cycles, and no machine over 1 MB.

A function uses another by calling it (a nested execution), as a Map iterator or as a
Parallel branch; iterators and branches are copied into the machine that uses them. Both
checks run on the recognised graphs, before anything is emitted, and report where the
offending use is written.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

import libcst as cst

from .. import graph
from ..codes import Code
from ..report import Reporter

# A use of one function by another: (caller, how — "call", "map" or "parallel" —, callee, where).
Use = Tuple[str, str, str, cst.CSTNode]


def check_sizes(graphs: Mapping[str, graph.Function], reporter: Reporter) -> None:
    """Refuse a machine too large for Step Functions before it is emitted, at the statement
    where its copied iterators and branches first grow past the limit."""
    sizes = graph.fewest_bytes(graphs)
    limit = graph.MAX_DEFINITION_BYTES
    for name, function in graphs.items():
        if sizes[name] <= limit or any(sizes.get(c, 0) > limit for c in graph.embedded(function.body)):
            continue
        largest = max(
            (s for s in graph.states(function.body) if isinstance(s, (graph.MapState, graph.ParallelState))),
            key=lambda s: sum(sizes.get(c, 0) for c in graph.embedded((s,))),
            default=None,
        )
        reporter.error(
            Code.MACHINE_TOO_LARGE,
            largest.key.node if largest is not None else function.node.name,
            f"`{name}` copies its iterators and branches into itself and would take more than "
            f"{sizes[name] // 1024} kB of ASL; Step Functions takes at most 1 MB: call the reused "
            "function as a nested state machine (`child(data)`) instead of copying it",
        )


def check_cycles(functions: Iterable[str], uses: Sequence[Use], reporter: Reporter) -> None:
    """A function may not reach itself through map, parallel or nested calls."""
    edges: Dict[str, List[Tuple[str, cst.CSTNode]]] = {}
    for caller, _, callee, node in uses:
        edges.setdefault(caller, []).append((callee, node))
    reported: Set[str] = set()
    for start in functions:
        path = _find_cycle(start, edges)
        if path is not None and start not in reported:
            reported.update(name for name, _ in path)
            names = " → ".join([start] + [name for name, _ in path])
            reporter.error(Code.CYCLE, path[0][1], f"state machines call each other in a cycle: {names}")


def _find_cycle(
    start: str, edges: Dict[str, List[Tuple[str, cst.CSTNode]]]
) -> Optional[List[Tuple[str, cst.CSTNode]]]:
    stack: List[Tuple[str, List[Tuple[str, cst.CSTNode]]]] = [(start, [])]
    seen: Set[str] = set()
    while stack:
        name, path = stack.pop()
        for callee, node in edges.get(name, []):
            if callee == start:
                return path + [(callee, node)]
            if callee not in seen:
                seen.add(callee)
                stack.append((callee, path + [(callee, node)]))
    return None
