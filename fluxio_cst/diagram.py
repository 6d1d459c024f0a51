"""Diagrams of compiled ASL state machines: Mermaid flowcharts and Graphviz DOT.

Why: a reviewer of compiler output (or a user reading generated docs) should
be able to *see* a state machine rather than read nested JSON.  Both formats
are produced from one format-neutral graph (:class:`_Graph`) so that Mermaid
and DOT always show the same nodes and edges; the renderers only differ in
syntax and escaping.

Drawing conventions:

* a ``Start`` node and an ``End`` node frame the machine;
* every state is a node labelled with its name and ``(Type)`` (two lines
  in DOT, one line in Mermaid -- see :func:`_mermaid_label`);
* ``Next`` edges are plain, ``End: true`` (and Succeed/Fail) edges go to
  ``End``, Choice rules are edges labelled with the rule in readable form
  (``$['foo'] > 0 and $['foo'] < 100``), the Choice ``Default`` edge is
  labelled ``default`` and Catch edges are dashed and labelled with the
  caught error names;
* a Map or Parallel state is a cluster holding the state's own node, its
  iterator states (one nested cluster per Parallel branch) and a
  "complete" node; the nested machines end in that node, and the state's
  own outgoing transitions (Next/End/Catch) leave from it.

Node ids are generated (``n_<sanitized name>``, de-duplicated) so that state
names with spaces, quotes, ``$`` or unicode never reach an identifier
position; names only ever appear inside escaped labels.  Output is
deterministic: it follows the order of the input dicts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["machines_to_dot", "machines_to_mermaid", "to_dot", "to_mermaid"]


# --------------------------------------------------------------------------
# Format-neutral graph
# --------------------------------------------------------------------------


@dataclass
class _Node:
    """A drawable node; ``kind`` is a state Type or start/end/join/missing."""

    id: str
    lines: tuple[str, ...]
    kind: str


@dataclass
class _Cluster:
    """A group of nodes and nested clusters, in insertion order."""

    id: str
    label: str
    items: list[_Node | _Cluster] = field(default_factory=list)


@dataclass(frozen=True)
class _Edge:
    source: str
    target: str
    label: str = ""
    dashed: bool = False


@dataclass
class _Graph:
    root: _Cluster
    edges: list[_Edge]


class _Ids:
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


class _Builder:
    """Turns an ASL dict into a :class:`_Graph`, recursing into Map/Parallel."""

    def __init__(self) -> None:
        self.ids = _Ids()
        self.edges: list[_Edge] = []

    def build(self, asl: Mapping[str, Any]) -> _Graph:
        root = _Cluster("root", "")
        self._add_framed(asl, root)
        return _Graph(root, self.edges)

    def build_many(self, machines: Mapping[str, Mapping[str, Any]]) -> _Graph:
        """Several machines in one graph: one top-level cluster each, with its own Start and
        End, so one document (one Mermaid flowchart, one DOT digraph) shows them all."""
        root = _Cluster("root", "")
        for name, asl in machines.items():
            cluster = _Cluster(self.ids.new("m", name), name)
            root.items.append(cluster)
            self._add_framed(asl, cluster)
        return _Graph(root, self.edges)

    def _add_framed(self, asl: Mapping[str, Any], container: _Cluster) -> None:
        start = _Node(self.ids.new("n", "start"), ("Start",), "start")
        end = _Node(self.ids.new("n", "end"), ("End",), "end")
        container.items.append(start)
        self._add_machine(asl, container, start.id, "", end.id)
        container.items.append(end)

    def _add_machine(
        self,
        machine: Any,
        container: _Cluster,
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

    def _target(self, name: Any, ids: dict[str, str], container: _Cluster) -> str:
        """Id of a transition target; a missing one gets a visible placeholder."""
        key = str(name)
        if key not in ids:
            ids[key] = self.ids.new("n", key)
            container.items.append(_Node(ids[key], (key, "(missing)"), "missing"))
        return ids[key]

    def _edge(self, source: str, target: str, label: str = "", dashed: bool = False) -> None:
        self.edges.append(_Edge(source, target, label, dashed))

    def _add_state(
        self,
        name: str,
        state: Mapping[str, Any],
        container: _Cluster,
        ids: dict[str, str],
        exit_id: str,
    ) -> None:
        kind = state.get("Type")
        kind = kind if isinstance(kind, str) else "?"
        node = _Node(ids[name], (name, f"({kind})"), kind)
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
        node: _Node,
        name: str,
        state: Mapping[str, Any],
        container: _Cluster,
    ) -> str:
        """Draw a Map/Parallel as a cluster; return the id its transitions leave from."""
        cluster = _Cluster(self.ids.new("c", name), f"{name} ({node.kind})")
        container.items.append(cluster)
        cluster.items.append(node)
        join = _Node(self.ids.new("n", f"{name}_done"), (name, f"({node.kind} complete)"), "join")
        if node.kind == "Map":
            iterator = state.get("Iterator", state.get("ItemProcessor"))
            self._add_machine(iterator, cluster, node.id, "each item", join.id)
        else:
            for index, branch in enumerate(_as_list(state.get("Branches"))):
                label = f"Branch {index + 1}"
                sub = _Cluster(self.ids.new("c", f"{name}_branch_{index + 1}"), label)
                cluster.items.append(sub)
                self._add_machine(branch, sub, node.id, label.lower(), join.id)
        cluster.items.append(join)
        return join.id


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


# --------------------------------------------------------------------------
# Choice rules as text
# --------------------------------------------------------------------------

_COMPARISONS = {
    "Equals": "==",
    "LessThan": "<",
    "GreaterThan": ">",
    "LessThanEquals": "<=",
    "GreaterThanEquals": ">=",
}
_TYPE_TESTS = {
    "IsNull": "null",
    "IsPresent": "present",
    "IsNumeric": "numeric",
    "IsString": "a string",
    "IsBoolean": "a boolean",
    "IsTimestamp": "a timestamp",
}
_VALUE_KINDS = ("String", "Numeric", "Boolean", "Timestamp")
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
    if operator in _TYPE_TESTS:
        negation = "" if value is True else "not "
        return f"{variable} is {negation}{_TYPE_TESTS[operator]}"
    if operator == "StringMatches":
        return f"{variable} matches {_literal(value)}"
    is_path = operator.endswith("Path")
    base = operator[: -len("Path")] if is_path else operator
    for kind in _VALUE_KINDS:
        if base.startswith(kind) and base[len(kind) :] in _COMPARISONS:
            symbol = _COMPARISONS[base[len(kind) :]]
            operand = str(value) if is_path else _literal(value)
            return f"{variable} {symbol} {operand}"
    return f"{variable} {operator} {_literal(value)}"


def _literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------
# Mermaid
# --------------------------------------------------------------------------

# Mermaid decodes ``#name;`` / ``#123;`` entities in quoted labels, so every
# character that is syntax (quote, pipe), HTML (<, >, &), markdown (backtick),
# comment (%), the entity marker itself (#) or a line break (Mermaid renders a
# literal backslash-n in a label as a new line) is written as an entity.
_MERMAID_ESCAPES = {
    "\\": "#92;",
    '"': "#quot;",
    "#": "#35;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "|": "#124;",
    "%": "#37;",
}
_MERMAID_SHAPES = {
    "start": ("((", "))"),
    "end": ("(((", ")))"),
    "Choice": ("{", "}"),
    "Succeed": ("([", "])"),
    "Fail": ("([", "])"),
    "join": ("[[", "]]"),
    "missing": ("[/", "/]"),
}
_MERMAID_CLASSES = {
    "Fail": "fail stroke:#c00,stroke-width:2px",
    "Succeed": "succeed stroke:#080,stroke-width:2px",
    "missing": "missing stroke:#c00,stroke-dasharray:4 4",
}


def _mermaid_text(text: str) -> str:
    return "".join(
        _MERMAID_ESCAPES.get(char, " " if char.isspace() or ord(char) < 32 else char) for char in text
    )


def _mermaid_label(lines: Iterable[str]) -> str:
    """Quote label lines for Mermaid, on ONE line.

    No ``<br/>``: a label containing a tag is run through DOMPurify, which
    turns the ``#92;`` entity back into a backslash, after which Mermaid
    renders a literal backslash-n in a state name as a line break.
    """
    return '"' + " ".join(_mermaid_text(line) for line in lines) + '"'


def to_mermaid(asl: Mapping[str, Any]) -> str:
    """Render ``asl`` as a Mermaid ``flowchart TD`` (see module docs for conventions)."""
    return _mermaid(_Builder().build(asl))


def machines_to_mermaid(machines: Mapping[str, Mapping[str, Any]]) -> str:
    """One Mermaid flowchart of several machines (name → ASL), one subgraph per machine; a
    single machine is drawn as :func:`to_mermaid` draws it. Mermaid reads one diagram per
    document, so machines are never printed back to back."""
    if len(machines) == 1:
        return to_mermaid(next(iter(machines.values())))
    return _mermaid(_Builder().build_many(machines))


def _mermaid(graph: _Graph) -> str:
    out = ["flowchart TD"]
    classes: dict[str, list[str]] = {}
    _mermaid_items(graph.root.items, out, classes, depth=1)
    for edge in graph.edges:
        arrow = "-.->" if edge.dashed else "-->"
        label = f"|{_mermaid_label([edge.label])}|" if edge.label else ""
        out.append(f"    {edge.source} {arrow}{label} {edge.target}")
    for kind, definition in _MERMAID_CLASSES.items():
        if kind in classes:
            out.append(f"    classDef {definition}")
            out.append(f"    class {','.join(classes[kind])} {definition.split()[0]}")
    return "\n".join(out) + "\n"


def _mermaid_items(
    items: list[_Node | _Cluster],
    out: list[str],
    classes: dict[str, list[str]],
    depth: int,
) -> None:
    indent = "    " * depth
    for item in items:
        if isinstance(item, _Cluster):
            out.append(f"{indent}subgraph {item.id}[{_mermaid_label([item.label])}]")
            out.append(f"{indent}    direction TB")
            _mermaid_items(item.items, out, classes, depth + 1)
            out.append(f"{indent}end")
        else:
            opening, closing = _MERMAID_SHAPES.get(item.kind, ("[", "]"))
            out.append(f"{indent}{item.id}{opening}{_mermaid_label(item.lines)}{closing}")
            if item.kind in _MERMAID_CLASSES:
                classes.setdefault(item.kind, []).append(item.id)


# --------------------------------------------------------------------------
# Graphviz DOT
# --------------------------------------------------------------------------

_DOT_NODE_ATTRS = {
    "start": "shape=circle",
    "end": "shape=doublecircle",
    "Choice": "shape=diamond",
    "Succeed": 'shape=box, style="rounded,bold", color=darkgreen',
    "Fail": 'shape=box, style="rounded,bold", color=red',
    "join": "shape=box, style=dashed",
    "missing": "shape=box, style=dashed, color=red",
}


def _dot_text(text: str) -> str:
    """Escape for a DOT double-quoted *label*.

    Backslashes are doubled because labels treat ``\\n``, ``\\l``, ``\\N``
    and friends as escapes; ``&`` becomes ``&amp;`` because Graphviz decodes
    HTML entities (``&lt;``, ``&#35;``) even in plain labels; other
    whitespace becomes a plain space.
    """
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return "".join(" " if char.isspace() or ord(char) < 32 else char for char in text)


def _dot_id(text: str) -> str:
    """Quote an identifier (the graph name): only quotes and backslashes matter there."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _dot_label(lines: Iterable[str]) -> str:
    return '"' + "\\n".join(_dot_text(line) for line in lines) + '"'


def to_dot(asl: Mapping[str, Any], name: str = "state_machine") -> str:
    """Render ``asl`` as a Graphviz ``digraph`` named ``name`` (see module docs)."""
    return _dot(_Builder().build(asl), name)


def machines_to_dot(machines: Mapping[str, Mapping[str, Any]], name: str = "state_machines") -> str:
    """One Graphviz digraph of several machines (name → ASL), one cluster per machine; a
    single machine is drawn as :func:`to_dot` draws it, named after it. Graphviz reads one
    graph per document."""
    if len(machines) == 1:
        [(only, asl)] = machines.items()
        return to_dot(asl, only)
    return _dot(_Builder().build_many(machines), name)


def _dot(graph: _Graph, name: str) -> str:
    out = [
        f"digraph {_dot_id(name)} {{",
        "    node [shape=box, style=rounded];",
    ]
    _dot_items(graph.root.items, out, depth=1)
    for edge in graph.edges:
        attrs = []
        if edge.label:
            attrs.append(f"label={_dot_label([edge.label])}")
        if edge.dashed:
            attrs.append("style=dashed")
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        out.append(f'    "{edge.source}" -> "{edge.target}"{suffix};')
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_items(items: list[_Node | _Cluster], out: list[str], depth: int) -> None:
    indent = "    " * depth
    for item in items:
        if isinstance(item, _Cluster):
            out.append(f'{indent}subgraph "cluster_{item.id}" {{')
            out.append(f"{indent}    label={_dot_label([item.label])};")
            out.append(f"{indent}    style=dashed;")
            _dot_items(item.items, out, depth + 1)
            out.append(f"{indent}}}")
        else:
            attrs = _DOT_NODE_ATTRS.get(item.kind)
            extra = f", {attrs}" if attrs else ""
            out.append(f'{indent}"{item.id}" [label={_dot_label(item.lines)}{extra}];')
