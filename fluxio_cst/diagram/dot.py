"""Graphviz DOT digraphs of the neutral diagram graph.

Why its own module: DOT's quoting and escaping (label escapes, HTML entities) and node
attributes are all that differ from Mermaid; what is drawn comes from :mod:`.graph`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .graph import Builder, Cluster, Graph, Node

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
    return _dot(Builder().build(asl), name)


def machines_to_dot(machines: Mapping[str, Mapping[str, Any]], name: str = "state_machines") -> str:
    """One Graphviz digraph of several machines (name → ASL), one cluster per machine; a
    single machine is drawn as :func:`to_dot` draws it, named after it. Graphviz reads one
    graph per document."""
    if len(machines) == 1:
        [(only, asl)] = machines.items()
        return to_dot(asl, only)
    return _dot(Builder().build_many(machines), name)


def _dot(graph: Graph, name: str) -> str:
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


def _dot_items(items: list[Node | Cluster], out: list[str], depth: int) -> None:
    indent = "    " * depth
    for item in items:
        if isinstance(item, Cluster):
            out.append(f'{indent}subgraph "cluster_{item.id}" {{')
            out.append(f"{indent}    label={_dot_label([item.label])};")
            out.append(f"{indent}    style=dashed;")
            _dot_items(item.items, out, depth + 1)
            out.append(f"{indent}}}")
        else:
            attrs = _DOT_NODE_ATTRS.get(item.kind)
            extra = f", {attrs}" if attrs else ""
            out.append(f'{indent}"{item.id}" [label={_dot_label(item.lines)}{extra}];')
