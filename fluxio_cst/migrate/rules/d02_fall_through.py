"""D2: an ``if`` without ``else`` (or whose ``else`` holds no state) and an ``else`` that falls
off its end continue with the statement after the ``if``. The old parser gave the missing
``else`` an end Pass (or, for an ``else`` of docstrings only, no ``Default`` at all) and ended
the ``else`` branch's last state, so the execution stopped there."""

from __future__ import annotations

from typing import Dict, Optional

from ... import graph
from ...emit.program import generated_key
from ..old_machine import Json, OldMachine

FIX = "D2"
ENDS = (graph.Succeed, graph.Fail, graph.Choice)


def undo(machine: OldMachine) -> None:
    for name, state, choice in list(machine.of(graph.Choice)):
        after = state.get("Default")
        if choice.default is None or all(isinstance(s, graph.PassStatement) for s in choice.default):
            end = generated_key(machine.subject.project.source, machine.subject.function_of(choice).end_key)
            if choice.default == () and after is not None:
                del state["Default"]
                machine.note(FIX, name, "the old parser wrote no Default for an else of docstrings only")
            elif after != end:
                state["Default"] = end
                _insert_end_pass(machine, end, name, before=after)
                why = f"the old parser's Default was an end Pass, not `{after}`: the execution ended"
                machine.note(FIX, name, why)
        elif choice.default and not isinstance(choice.default[-1], ENDS):
            _end_else(machine, name, choice.default[-1])


def _insert_end_pass(machine: OldMachine, end: str, choice: str, before: Optional[str]) -> None:
    """Put the old end Pass where the old parser's dict had it: before the state the ``if``
    continues with (a key keeps the place it was first written at)."""
    for _, _, states in machine.states():
        if before in states:
            added = end not in states
            reordered: Dict[str, Json] = {}
            for key in list(states):
                if key == before:
                    reordered[end] = states.pop(end, {"Type": "Pass", "End": True})
                if key in states:
                    reordered[key] = states.pop(key)
            states.update(reordered)
            if added:
                node = machine.node_of(choice)
                machine.note(FIX, end, f"the end Pass the old parser gave `{choice}` as its else", node)
            return


def _end_else(machine: OldMachine, choice: str, last: graph.State) -> None:
    for name, state, found in machine.of(type(last)):
        if found is last and "Next" in state:
            del state["Next"]
            state["End"] = True
            why = f"the old parser ended the execution after this last state of the else of `{choice}`"
            machine.note(FIX, name, why)
