"""Calling another module-level function: a synchronous child execution of its state machine.

Not a ``service = "…"`` a user writes (:data:`NESTED` is the name the recogniser gives such a
call); the child gets the parent's execution id and trace beside its data.
"""

from __future__ import annotations

from typing import FrozenSet

from ..graph import TaskCall
from .base import Json, Service, ref

NESTED = "state-machine"


def _machine(call: TaskCall) -> str:
    return f"StateMachine{call.target}"


class NestedStateMachine(Service):
    """``startExecution.sync`` of the callee's state machine."""

    names = (NESTED,)

    def resource(self, call: TaskCall) -> str:
        return "arn:aws:states:::states:startExecution.sync"

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        return {
            "Input": {
                "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id",
                "__trace.$": "$.__trace",
                "data.$": call.input_path,
            },
            "StateMachineArn": ref(_machine(call)),
        }

    def variables(self, call: TaskCall) -> FrozenSet[str]:
        return frozenset({_machine(call)})
