"""D5 (nesting): any nesting of statements compiles as Python reads it. The old parser linked
an ``if`` inside another ``if``'s branch or inside an ``except`` handler wrongly (branches that
end the execution, a ``Default`` that skips the rest, a handler's ``if`` joined to an earlier
Choice), in ways no rule undoes: the report names the machine as a whole."""

from __future__ import annotations

from typing import Iterator, Optional, Union

from ... import graph
from ..old_machine import OldMachine

FIX = "D5"
WHY = "an `if` inside another `if` or a handler: the old parser linked this machine's states wrongly"


def undo(machine: OldMachine) -> None:
    inner = _nested_choice(machine)
    if inner is not None:
        machine.unknown = True
        machine.note_machine(FIX, WHY, inner.key.node)


def _nested_choice(machine: OldMachine) -> Optional[graph.Choice]:
    """The first ``if`` inside an ``if``'s branch or an ``except`` handler of this machine."""
    for _, _, outer in machine.of((graph.Choice, graph.TaskCall)):
        for block in _blocks(outer):
            found = next((s for s in graph.states(block) if isinstance(s, graph.Choice)), None)
            if found is not None:
                return found
    return None


def _blocks(state: Union[graph.Choice, graph.TaskCall]) -> Iterator[graph.Block]:
    if isinstance(state, graph.TaskCall):
        yield from (catcher.body for catcher in state.catchers)
        return
    yield from (body for _, body in state.branches)
    if state.default is not None:
        yield state.default
