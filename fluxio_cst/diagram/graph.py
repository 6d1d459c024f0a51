"""The format-neutral graph of an ASL machine, which both diagram formats render.

Why one graph: Mermaid and DOT must always show the same nodes and edges, so the ASL is read
once, here (states, transitions, Map/Parallel clusters, Choice rules as readable text), and the
renderers (:mod:`.mermaid`, :mod:`.dot`) only differ in syntax and escaping. Node ids are
generated (:class:`Ids`) so that a state name never reaches an identifier position.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..asl.vocabulary import COMPARISONS, MATCHES, TYPE_TESTS, comparison_parts


@dataclass
class Node:
    """A drawable node; ``kind`` is a state Type or start/end/join/missing."""

    id: str
    lines: tuple[str, ...]
    kind: str


@dataclass
class Cluster:
    """A group of nodes and nested clusters, in insertion order."""

    id: str
    label: str
    items: list[Node | Cluster] = field(default_factory=list)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str = ""
    dashed: bool = False


@dataclass
class Graph:
    root: Cluster
    edges: list[Edge]


class Ids:
    """Hands out unique identifiers that are safe in both Mermaid and DOT.

    Only ``[A-Za-z0-9_]`` survives, behind a prefix, so no id can collide
    with a Mermaid keyword such as ``end`` or ``subgraph``.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()

    def new(self, prefix: str, hint: str) -> str:
        base = f"{prefix}_{re.sub(r'[^A-Za-z0-9]+', '_', hint).strip('_')[:80]}"
        candidate = base
        counter = 2
        while candidate in self._used:
            candidate = f"{base}_{counter}"
            counter += 1
        self._used.add(candidate)
        return candidate


class Builder:
    """Turns an ASL dict into a :class:`Graph`, recursing into Map/Parallel."""

    def __init__(self) -> None:
        self.ids = Ids()
        self.edges: list[Edge] = []

    def build(self, asl: Mapping[str, Any]) -> Graph:
        root = Cluster("root", "")
        self._add_framed(asl, root)
        return Graph(root, self.edges)

    def build_many(self, machines: Mapping[str, Mapping[str, Any]]) -> Graph:
        """Several machines in one graph: one top-level cluster each, with its own Start and
        End, so one document (one Mermaid flowchart, one DOT digraph) shows them all."""
        root = Cluster("root", "")
        for name, asl in machines.items():
            cluster = Cluster(self.ids.new("m", name), name)
            root.items.append(cluster)
            self._add_framed(asl, cluster)
        return Graph(root, self.edges)

    def _add_framed(self, asl: Mapping[str, Any], container: Cluster) -> None:
        start = Node(self.ids.new("n", "start"), ("Start",), "start")
        end = Node(self.ids.new("n", "end"), ("End",), "end")
        container.items.append(start)
        self._add_machine(asl, container, start.id, "", end.id)
        container.items.append(end)

    def _add_machine(
        self,
        machine: Any,
        container: Cluster,
        entry: str,
        entry_label: str,
        exit_id: str,
    ) -> None:
        """Add one States map; ``entry`` leads to StartAt, terminals lead to ``exit_id``."""
        if not isinstance(machine, Mapping):
            return
        states = machine.get("States")
        if not isinstance(states, Mapping):
            states = {}
        # Ids for every state first, so forward references resolve.
        ids = {str(name): self.ids.new("n", str(name)) for name in states}
        start = machine.get("StartAt")
        if isinstance(start, str):
            self._edge(entry, self._target(start, ids, container), entry_label)
        for name, state in states.items():
            if isinstance(state, Mapping):
                self._add_state(str(name), state, container, ids, exit_id)

    def _target(self, name: Any, ids: dict[str, str], container: Cluster) -> str:
        """Id of a transition target; a missing one gets a visible placeholder."""
        key = str(name)
        if key not in ids:
            ids[key] = self.ids.new("n", key)
            container.items.append(Node(ids[key], (key, "(missing)"), "missing"))
        return ids[key]

    def _edge(self, source: str, target: str, label: str = "", dashed: bool = False) -> None:
        self.edges.append(Edge(source, target, label, dashed))

    def _add_state(
        self,
        name: str,
        state: Mapping[str, Any],
        container: Cluster,
        ids: dict[str, str],
        exit_id: str,
    ) -> None:
        kind = state.get("Type")
        kind = kind if isinstance(kind, str) else "?"
        node = Node(ids[name], (name, f"({kind})"), kind)
        if kind in ("Map", "Parallel"):
            source = self._add_container_state(node, name, state, container)
        else:
            container.items.append(node)
            source = node.id
        if "Next" in state:
            self._edge(source, self._target(state["Next"], ids, container))
        if state.get("End") is True or kind in ("Succeed", "Fail"):
            self._edge(source, exit_id)
        for rule in _as_list(state.get("Choices")):
            if isinstance(rule, Mapping) and "Next" in rule:
                target = self._target(rule["Next"], ids, container)
                self._edge(source, target, _render_rule(rule))
        if "Default" in state:
            self._edge(source, self._target(state["Default"], ids, container), "default")
        for catcher in _as_list(state.get("Catch")):
            if isinstance(catcher, Mapping) and "Next" in catcher:
                errors = ", ".join(str(e) for e in _as_list(catcher.get("ErrorEquals")))
                target = self._target(catcher["Next"], ids, container)
                self._edge(source, target, errors, dashed=True)

    def _add_container_state(
        self,
        node: Node,
        name: str,
        state: Mapping[str, Any],
        container: Cluster,
    ) -> str:
        """Draw a Map/Parallel as a cluster; return the id its transitions leave from."""
        cluster = Cluster(self.ids.new("c", name), f"{name} ({node.kind})")
        container.items.append(cluster)
        cluster.items.append(node)
        join = Node(self.ids.new("n", f"{name}_done"), (name, f"({node.kind} complete)"), "join")
        if node.kind == "Map":
            iterator = state.get("Iterator", state.get("ItemProcessor"))
            self._add_machine(iterator, cluster, node.id, "each item", join.id)
        else:
            for index, branch in enumerate(_as_list(state.get("Branches"))):
                label = f"Branch {index + 1}"
                sub = Cluster(self.ids.new("c", f"{name}_branch_{index + 1}"), label)
                cluster.items.append(sub)
                self._add_machine(branch, sub, node.id, label.lower(), join.id)
        cluster.items.append(join)
        return join.id


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


_RULE_META = frozenset({"Next", "Comment", "Variable"})


def _render_rule(rule: Any, nested: bool = False) -> str:
    """Render a Choice rule as a readable, Python-like boolean expression.

    ``{"Not": {"Variable": "$.x", "BooleanEquals": true}}`` becomes
    ``not $.x == true``.  Compound rules nested inside others are
    parenthesised so the precedence is never ambiguous.
    """
    if not isinstance(rule, Mapping):
        return _literal(rule)
    for combinator in ("And", "Or"):
        if combinator in rule:
            parts = [_render_rule(child, True) for child in _as_list(rule[combinator])]
            text = f" {combinator.lower()} ".join(parts)
            return f"({text})" if nested else text
    if "Not" in rule:
        return f"not {_render_rule(rule['Not'], True)}"
    operators = [key for key in rule if key not in _RULE_META]
    if not operators:
        return "?"
    operator = operators[0]
    return _render_comparison(str(rule.get("Variable", "?")), operator, rule[operator])


def _render_comparison(variable: str, operator: str, value: Any) -> str:
    if operator in TYPE_TESTS:
        negation = "" if value is True else "not "
        return f"{variable} is {negation}{TYPE_TESTS[operator]}"
    if operator == MATCHES:
        return f"{variable} matches {_literal(value)}"
    parts = comparison_parts(operator)
    if parts is not None:
        _, suffix, is_path = parts
        operand = str(value) if is_path else _literal(value)
        return f"{variable} {COMPARISONS[suffix]} {operand}"
    return f"{variable} {operator} {_literal(value)}"


def _literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
