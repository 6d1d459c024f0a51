"""D5 (nesting): any nesting of statements compiles as Python reads it. The old parser linked
an ``if`` inside another ``if``'s branch wrongly (branches that end the execution, a ``Default``
that skips the rest), in ways no rule undoes: the report names the machine as a whole."""

from __future__ import annotations

from typing import Iterator, Optional

from ... import graph
from ..old_machine import OldMachine

FIX = "D5"
WHY = "an `if` inside another `if`: the old parser linked this machine's states wrongly"


def undo(machine: OldMachine) -> None:
    inner = _nested_choice(machine)
    if inner is not None:
        machine.unknown = True
        machine.note_machine(FIX, WHY, inner.key.node)


def _nested_choice(machine: OldMachine) -> Optional[graph.Choice]:
    for _, _, choice in machine.of(graph.Choice):
        for block in _blocks(choice):
            found = next((s for s in graph.states(block) if isinstance(s, graph.Choice)), None)
            if found is not None:
                return found
    return None


def _blocks(choice: graph.Choice) -> Iterator[graph.Block]:
    yield from (body for _, body in choice.branches)
    if choice.default is not None:
        yield choice.default
