"""D3: ``retry()`` without ``on_exceptions`` retries on every error (``States.ALL``); the old
parser retried only on ``Exception``, an error name no AWS service raises."""

from __future__ import annotations

from ... import graph
from ..old_machine import OldMachine

FIX = "D3"
OLD_ERRORS = ["Exception"]
WHY = "retry() without on_exceptions: the old parser retried only on `Exception`"


def undo(machine: OldMachine) -> None:
    for name, state, call in machine.of(graph.GUARDED):  # a map or parallel has no default entries
        retries = state.get("Retry", [])
        ours = retries[len(retries) - len(call.retriers) :] if call.retriers else []
        changed = False
        for entry, retrier in zip(ours, call.retriers):
            if not retrier.listed:
                entry["ErrorEquals"] = list(OLD_ERRORS)
                changed = True
        if changed:
            machine.note(FIX, name, WHY)
