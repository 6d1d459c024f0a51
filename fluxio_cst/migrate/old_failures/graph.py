"""The old parser's state graph, as far as its failures depend on it.

fluxio-parser 1.0.0 built a networkx graph of states and fragments (Choice branches, catches)
while walking a function, then "shaped" it: each ``pass`` placeholder was spliced out, and the
last state of each branch or handler was linked to what follows the Choice or Task. Whether it
raised there (two states downstream of a Choice, a cycle, a placeholder with two exits) depends
on the exact edges, the order networkx keeps them in and the topological order it picks, so
this module keeps the same ordered adjacency and the same algorithms (reachability, Kahn's
generations), without networkx and without evaluating anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

import libcst as cst

from .kinds import fail

# Node kinds: states the old parser serialised, and the fragments it only linked through.
START, TASK, PASS, MARKER, CHOICE, MAP, PARALLEL, WAIT, FAIL, SUCCEED = [
    "start",
    "task",
    "pass",
    "marker",
    "choice",
    "map",
    "parallel",
    "wait",
    "fail",
    "succeed",
]
BRANCH, CATCH = "branch", "catch"
FRAGMENTS = {START, BRANCH, CATCH}


@dataclass(eq=False)
class Node:
    """One node of the old graph: its kind and the statement (or part) it was made from."""

    kind: str
    node: Optional[cst.CSTNode]
    parts: List[Node] = field(default_factory=list)  # a Choice's branches, a Task's catches
    handler: Optional[cst.CSTNode] = None  # a catch's handler
    bare: bool = False  # a catch whose ``except:`` the old parser left without a type

    @property
    def terminal(self) -> bool:
        return self.kind in (FAIL, SUCCEED)


class Graph:
    """A directed graph with ordered nodes and edges and an ``in_else`` flag per edge (None:
    the edge was added without one, as the shaping pass adds them)."""

    def __init__(self) -> None:
        self.succ: Dict[Node, Dict[Node, Optional[bool]]] = {}
        self.pred: Dict[Node, Dict[Node, None]] = {}

    def add_edge(self, source: Node, target: Node, in_else: Optional[bool] = None) -> None:
        for node in (source, target):
            self.succ.setdefault(node, {})
            self.pred.setdefault(node, {})
        old = self.succ[source].get(target)
        self.succ[source][target] = old if in_else is None else in_else
        self.pred[target][source] = None

    def remove_node(self, node: Node) -> None:
        for target in self.succ.pop(node):
            del self.pred[target][node]
        for source in self.pred.pop(node):
            del self.succ[source][node]

    def descendants(self, node: Node, place: Optional[cst.CSTNode]) -> List[Node]:
        """The nodes reachable from ``node`` in the topological order networkx gives them."""
        if node not in self.succ:
            raise fail("D5", place, "the old parser lost a branch that holds no state and crashed")
        seen: Set[Node] = set()
        stack = [node]
        while stack:
            for target in self.succ[stack.pop()]:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return self._sorted([n for n in self.succ if n in seen], place)

    def _sorted(self, nodes: List[Node], place: Optional[cst.CSTNode]) -> List[Node]:
        inside = set(nodes)
        degree = {n: sum(1 for s in self.pred[n] if s in inside) for n in nodes}
        generation = [n for n in nodes if degree[n] == 0]
        order: List[Node] = []
        while generation:
            order.extend(generation)
            following: List[Node] = []
            for n in generation:
                for target in self.succ[n]:
                    if target in inside:
                        degree[target] -= 1
                        if degree[target] == 0:
                            following.append(target)
            generation = following
        if len(order) < len(nodes):
            raise fail("D5", place, "the old parser linked the states of nested blocks into a cycle")
        return order

    def shape(self) -> None:
        """The old parser's shaping pass, in its node order."""
        for node in list(self.succ):
            if node.kind == MARKER and node in self.succ:
                self._splice(node)
            elif node.kind == CHOICE:
                self._after_choice(node)
            elif node.kind == TASK and self.succ[node]:
                self._after_task(node)

    def _splice(self, marker: Node) -> None:
        exits = list(self.succ[marker])
        if not exits:
            return
        entries = list(self.pred[marker].items())
        if len(exits) > 1 and entries:
            raise fail("D5", marker.node, "the old parser gave a `pass` two next states and crashed")
        for source, _ in entries:
            self.add_edge(source, exits[0], self.succ[source][marker])
        self.remove_node(marker)

    def _after_choice(self, choice: Node) -> None:
        after = [n for n, in_else in self.succ[choice].items() if not in_else]
        if len(after) > 1:
            raise fail(
                "D5",
                choice.node,
                "the old parser found several states after one `if` (a maximum of 1 state"
                " can be downstream from a Choice state)",
            )
        if after:
            for branch in choice.parts:
                self._link_last(branch, after[0], branch.node)

    def _after_task(self, task: Node) -> None:
        following = next(iter(self.succ[task]))
        for catch in task.parts:
            self._link_last(catch, following, catch.handler)

    def _link_last(self, part: Node, following: Node, place: Optional[cst.CSTNode]) -> None:
        reached = self.descendants(part, place)
        if reached and not reached[-1].terminal:
            self.add_edge(reached[-1], following)
