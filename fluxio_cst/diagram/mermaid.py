"""Mermaid flowcharts of the neutral diagram graph.

Why its own module: Mermaid's label syntax (entities, one-line labels) and shapes are all that
differ from DOT; what is drawn comes from :mod:`.graph`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .graph import Builder, Cluster, Graph, Node

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
    return _mermaid(Builder().build(asl))


def machines_to_mermaid(machines: Mapping[str, Mapping[str, Any]]) -> str:
    """One Mermaid flowchart of several machines (name → ASL), one subgraph per machine; a
    single machine is drawn as :func:`to_mermaid` draws it. Mermaid reads one diagram per
    document, so machines are never printed back to back."""
    if len(machines) == 1:
        return to_mermaid(next(iter(machines.values())))
    return _mermaid(Builder().build_many(machines))


def _mermaid(graph: Graph) -> str:
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
    items: list[Node | Cluster],
    out: list[str],
    classes: dict[str, list[str]],
    depth: int,
) -> None:
    indent = "    " * depth
    for item in items:
        if isinstance(item, Cluster):
            out.append(f"{indent}subgraph {item.id}[{_mermaid_label([item.label])}]")
            out.append(f"{indent}    direction TB")
            _mermaid_items(item.items, out, classes, depth + 1)
            out.append(f"{indent}end")
        else:
            opening, closing = _MERMAID_SHAPES.get(item.kind, ("[", "]"))
            out.append(f"{indent}{item.id}{opening}{_mermaid_label(item.lines)}{closing}")
            if item.kind in _MERMAID_CLASSES:
                classes.setdefault(item.kind, []).append(item.id)
