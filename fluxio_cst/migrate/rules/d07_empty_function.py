"""D7 (a function of docstrings only): fluxio_cst writes one end Pass; the old parser wrote
``"StartAt": null`` and no state, which Step Functions rejects."""

from __future__ import annotations

from ..old_machine import OldMachine

FIX = "D7"
WHY = "the old parser wrote no state and StartAt null here, which Step Functions rejects"


def undo(machine: OldMachine) -> None:
    if machine.subject.graphs[machine.name].body:
        return
    for name in machine.asl["States"]:
        machine.note(FIX, name, WHY)
    machine.asl = {"StartAt": None, "States": {}}
