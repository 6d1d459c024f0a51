"""D4: a Task state's ``TimeoutSeconds`` defaults to its class ``timeout``; the old parser wrote
300 unless the call passed ``timeout=``."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from ... import graph
from ..old_machine import OldMachine

FIX = "D4"
OLD_DEFAULT = 300


def undo(machine: OldMachine) -> None:
    for name, state, call in machine.of(graph.TaskCall):
        if call.service == "state-machine" or state.get("TimeoutSeconds", OLD_DEFAULT) == OLD_DEFAULT:
            continue
        if _passes_timeout(call.key.call):
            continue
        new = state["TimeoutSeconds"]
        state["TimeoutSeconds"] = OLD_DEFAULT
        why = f"TimeoutSeconds is the class timeout {new}; the old parser wrote {OLD_DEFAULT}"
        machine.note(FIX, name, why)


def _passes_timeout(call: Optional[cst.Call]) -> bool:
    return call is not None and any(
        arg.keyword is not None and arg.keyword.value == "timeout" for arg in call.args
    )
