"""D6: a codebuild ``env`` value that is a data reference is a ``"Value.$"`` entry; the old
parser wrote the path as a plain ``"Value"`` under the name ``NAME.$``, so the build saw the
path's text instead of the value."""

from __future__ import annotations

from ... import graph
from ..old_machine import OldMachine

FIX = "D6"


def undo(machine: OldMachine) -> None:
    for name, state, _ in machine.of(graph.TaskCall):
        overrides = state.get("Parameters", {}).get("EnvironmentVariablesOverride")
        if not isinstance(overrides, list):
            continue
        changed = [item["Name"] for item in overrides if "Value.$" in item]
        for item in overrides:
            if "Value.$" in item:
                item.update({"Name": item["Name"] + ".$", "Value": item.pop("Value.$")})
        if changed:
            listed = ", ".join(changed)
            machine.note(FIX, name, f"env {listed}: the old parser passed the path's text, not the value")
