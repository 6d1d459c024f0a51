"""How the states of one machine are linked, in a form the old parser's replayed graph and an
ASL definition share: they compare equal exactly when they hold the same states (by fluxio_cst's
name of the statement each was made from) leading to each other the same way.

The old parser's ``to_dict`` gave a state its last outgoing edge as ``Next`` (none: ``End``),
a Choice branch or a catch the first state of its fragment, a Choice its one ``else`` edge as
``Default``; :func:`old_links` reads the replayed graph that way and :func:`asl_links` reads
an ASL ``States`` map, so D5 can tell a machine the old parser linked against Python's reading
(its states numbered from ``StartAt`` breadth first, so a link is to a number, not a key).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Hashable, List, Mapping, Optional, Set, Tuple, TypeVar

import libcst as cst

from .graph import CHOICE, FAIL, FRAGMENTS, MARKER, START, SUCCEED, Graph, Node

K = TypeVar("K", bound=Hashable)
# The ASL Type and the state's name (None: an end Pass, or a state no old one is named like).
Label = Tuple[str, Optional[str]]
Links = Tuple[Tuple[Label, Tuple[int, ...]], ...]  # each state's label and its exits' numbers

_TYPES = {CHOICE: "Choice", FAIL: "Fail", SUCCEED: "Succeed", MARKER: "Pass"}


def old_links(graph: Graph, name_of: Callable[[cst.CSTNode], Optional[str]]) -> Links:
    """The links of the states the old parser wrote from ``graph``, each named by ``name_of``
    its statement (the ``pass`` states left unnamed: the old keys of every ``pass`` are equal)."""
    labels = {node: _old_label(node, name_of) for node in graph.succ if node.kind not in FRAGMENTS}
    start = next((n for n in graph.succ if n.kind == START), None)
    first = _last(graph, start) if start is not None else None
    return _canonical(first, list(labels), labels.__getitem__, lambda node: _old_exits(graph, node))


def asl_links(
    states: Mapping[str, Any], start: Optional[str], named: Set[str], old_names: Mapping[str, str]
) -> Links:
    """The links of an ASL ``States`` map, each state labelled by its old name where that is
    in ``named`` (the names of the old graph's states)."""

    def label(name: str) -> Label:
        old = old_names.get(name, name)
        return (states.get(name, {}).get("Type", "missing"), old if old in named else None)

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
    """Every state numbered breadth first from ``start``, then from each state not reached yet
    (by label), each with its label and the numbers of its exits (-1: none). States of one
    label (unnamed ones only if Pass) are one state, as in the old dict: the last one's links
    kept, every link to any of them going to it."""
    one: Dict[Label, K] = {label(state): state for state in every}

    def canon(state: Optional[K]) -> Optional[K]:
        if state is None:
            return None
        found = label(state)
        return one.get(found, state) if found[1] is not None or found[0] == "Pass" else state

    every = [state for state in every if canon(state) is state]
    roots = [canon(start)] + sorted(every, key=lambda state: repr(label(state)))
    number: Dict[K, int] = {}
    order: List[K] = []
    linked: List[Tuple[Label, Tuple[int, ...]]] = []
    for root in roots:
        if root is None or root in number:
            continue
        number[root] = len(order)
        order.append(root)
        while len(linked) < len(order):
            state = order[len(linked)]
            targets = []
            for target in map(canon, exits(state)):
                if target is not None and target not in number:
                    number[target] = len(order)
                    order.append(target)
                targets.append(-1 if target is None else number[target])
            linked.append((label(state), tuple(targets)))
    return tuple(linked)
