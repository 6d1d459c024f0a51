"""D16: ``data.update({...})`` is one Pass per key of the literal, merging into ``data``; the
old parser wrote one Pass with ``"ResultPath": "$"``, which replaced the whole input."""

from __future__ import annotations

from typing import Dict, List, Tuple

import libcst as cst

from ... import graph, values
from ...syntax import descendants
from ..old_machine import Json, OldMachine

FIX = "D16"


def undo(machine: OldMachine) -> None:
    """Fold each update's Passes back into the old single Pass, under the first one's name."""
    groups: Dict[int, Tuple[graph.Update, List[Tuple[str, Json, Json]]]] = {}
    for name, state, states in machine.states():
        found = machine.graph_of(name)
        if isinstance(found, graph.Update):
            groups.setdefault(id(found), (found, []))[1].append((name, state, states))
    for update, passes in groups.values():
        size = max(1, len(update.entries))  # an empty update is one Pass that stores nothing
        for start in range(0, len(passes), size):  # once per embedding
            _fold(machine, update, passes[start : start + size])


def _fold(machine: OldMachine, update: graph.Update, passes: List[Tuple[str, Json, Json]]) -> None:
    first, _, states = passes[0]
    last = passes[-1][1]
    merged: Json = {"Type": "Pass", "Result": _literal(update), "ResultPath": "$"}
    for end in ("Next", "End"):
        if end in last:
            merged[end] = last[end]
    states[first] = merged
    for name, _, holder in passes[1:]:
        del holder[name]
        machine.note(FIX, name, "the old parser wrote one Pass for the whole update, not one per key")
    machine.note(FIX, first, 'the old parser\'s one Pass set "ResultPath": "$", replacing all of the data')


def _literal(update: graph.Update) -> Json:
    """The update's dict literal as the old parser stored it: every key, in order."""
    found = next(node for node in descendants(update.key.node) if isinstance(node, cst.Dict))
    result = values.json_value(found)
    assert isinstance(result, dict)
    return result
