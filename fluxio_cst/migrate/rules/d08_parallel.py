"""D8: ``parallel(...)`` keeps the input data (``"ResultPath": null``); the old parser left the
field out, so the branches' list of outputs replaced the data and the next Task failed."""

from __future__ import annotations

from ... import graph
from ..old_machine import OldMachine

FIX = "D8"
WHY = "the old parser left out ResultPath: the branches' outputs replaced the data"


def undo(machine: OldMachine) -> None:
    for name, state, _ in machine.of(graph.ParallelState):
        if "ResultPath" in state and state["ResultPath"] is None:
            del state["ResultPath"]
            machine.note(FIX, name, WHY)
