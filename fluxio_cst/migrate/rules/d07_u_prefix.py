"""D7 (``u''`` keys): a data reference's path renders each key with Python's ``repr``, so
``data[u"k"]`` is ``$['k']``. The old parser wrote the key as ``astor`` printed it, ``$[u'k']``,
a path Step Functions does not read."""

from __future__ import annotations

from typing import Any, Dict, Iterable

import libcst as cst

from ... import graph, values
from ...syntax import descendants
from ..old_machine import OldMachine
from .choice_tests import tests

FIX = "D7"
WHY = "the old parser kept the u prefix in the path ($[u'…']), which Step Functions cannot read"


def undo(machine: OldMachine) -> None:
    for name, state, found in machine.of(object):
        node = found.key.statement or found.key.node
        where: Iterable[cst.CSTNode] = tests(node) if isinstance(found, graph.Choice) else (node,)
        segments = {f"[{key!r}]": f"[u{key!r}]" for part in where for key in _u_keys(part)}
        if not segments:
            continue
        old = _rewritten(state, segments)
        if old != state:
            state.clear()
            state.update(old)
            machine.note(FIX, name, WHY)


def _u_keys(node: cst.CSTNode) -> Iterable[str]:
    for subscript in descendants(node):
        if not isinstance(subscript, cst.Subscript):
            continue
        for element in subscript.slice:
            index = element.slice
            string = index.value if isinstance(index, cst.Index) else None
            if isinstance(string, cst.SimpleString) and "u" in string.prefix.lower():
                key = values.literal(string)
                if isinstance(key, str):
                    yield key


def _rewritten(value: Any, segments: Dict[str, str]) -> Any:
    """``value`` with every path's ``['k']`` segments as the old parser wrote them."""
    if isinstance(value, str) and value.startswith("$"):
        for new, old in segments.items():
            value = value.replace(new, old)
        return value
    if isinstance(value, dict):
        return {k: v if k in ("Iterator", "Branches") else _rewritten(v, segments) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewritten(v, segments) for v in value]
    return value
