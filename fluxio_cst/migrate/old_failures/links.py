"""How the states of one machine are linked, in a form that two machines' names do not enter:
the old parser's replayed graph and an ASL definition compare equal exactly when their states
are made from the same statements and lead to each other the same way.

The old parser's ``to_dict`` gave a state its last outgoing edge as ``Next`` (none: ``End``),
a Choice branch or a catch the first state of its fragment, a Choice its one ``else`` edge as
``Default``; :func:`old_links` reads the replayed graph that way and :func:`asl_links` reads
an ASL ``States`` map, so D5 can tell a machine the old parser linked against Python's reading
(its states numbered from ``StartAt`` breadth first, names left out).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Dict, Hashable, List, Mapping, Optional, Set, Tuple, TypeVar

import libcst as cst

from .graph import CHOICE, FAIL, FRAGMENTS, MARKER, START, SUCCEED, Graph, Node

K = TypeVar("K", bound=Hashable)
# The ASL Type and the state's name (None: an end Pass, or a state no old one is named like).
Label = Tuple[str, Optional[str]]
Links = Tuple[Tuple[Tuple[Label, Tuple[int, ...]], ...], Tuple[Tuple[Label, int], ...]]

_TYPES = {CHOICE: "Choice", FAIL: "Fail", SUCCEED: "Succeed", MARKER: "Pass"}


def old_links(graph: Graph, name_of: Callable[[cst.CSTNode], Optional[str]]) -> Links:
    """The links of the states the old parser wrote from ``graph``, each named by ``name_of``
    its statement. Nodes of one name are one state, as in the old dict (the last one's links
    kept); so are the ``pass`` states left (the old keys of every ``pass`` are equal)."""
    labels = {node: _old_label(node, name_of) for node in graph.succ if node.kind not in FRAGMENTS}
    one: Dict[Label, Node] = {}
    for node, label in labels.items():
        if label[1] is not None or node.kind == MARKER:
            one[label] = node
    merged = {node: one.get(label, node) for node, label in labels.items()}

    def exits(node: Node) -> Tuple[Optional[Node], ...]:
        return tuple(None if n is None else merged[n] for n in _old_exits(graph, node))

    start = next((n for n in graph.succ if n.kind == START), None)
    first = _last(graph, start) if start is not None else None
    every = [node for node in labels if merged[node] is node]
    return _canonical(None if first is None else merged[first], every, labels.__getitem__, exits)


def asl_links(states: Mapping[str, Any], start: Optional[str], named: Set[str]) -> Links:
    """The links of an ASL ``States`` map, its states labelled by name where ``named``."""

    def label(name: str) -> Label:
        return (states.get(name, {}).get("Type", "missing"), name if name in named else None)

    return _canonical(start, list(states), label, lambda name: _asl_exits(states.get(name, {})))


def _old_label(node: Node, name_of: Callable[[cst.CSTNode], Optional[str]]) -> Label:
    kind = _TYPES.get(node.kind, node.kind.capitalize())
    return (kind, None if node.kind == MARKER or node.node is None else name_of(node.node))


def _last(graph: Graph, node: Node) -> Optional[Node]:
    following = list(graph.succ.get(node, {}))
    return following[-1] if following else None


def _old_exits(graph: Graph, node: Node) -> Tuple[Optional[Node], ...]:
    if node.kind == CHOICE:
        default = [n for n, in_else in graph.succ[node].items() if in_else]
        branches = tuple(_last(graph, branch) for branch in node.parts)
        return (*branches, default[0] if len(default) == 1 else None)
    if node.terminal:
        return ()
    return (_last(graph, node), *(_last(graph, catch) for catch in node.parts))


def _asl_exits(state: Mapping[str, Any]) -> Tuple[Optional[str], ...]:
    if state.get("Type") == "Choice":
        return (*(entry.get("Next") for entry in state["Choices"]), state.get("Default"))
    if state.get("Type") in ("Succeed", "Fail", None):
        return ()
    return (state.get("Next"), *(entry.get("Next") for entry in state.get("Catch", ())))


def _canonical(
    start: Optional[K],
    every: List[K],
    label: Callable[[K], Label],
    exits: Callable[[K], Tuple[Optional[K], ...]],
) -> Links:
    """The states reached from ``start`` numbered breadth first, each with its label and the
    numbers of its exits (-1: none), and every state's label counted (unreached ones too)."""
    number: Dict[K, int] = {}
    order: List[K] = []
    if start is not None:
        number[start] = 0
        order.append(start)
    reached: List[Tuple[Label, Tuple[int, ...]]] = []
    for state in order:
        targets = []
        for target in exits(state):
            if target is not None and target not in number:
                number[target] = len(order)
                order.append(target)
            targets.append(-1 if target is None else number[target])
        reached.append((label(state), tuple(targets)))
    counted = Counter(label(state) for state in every)
    return tuple(reached), tuple(sorted(counted.items(), key=repr))
