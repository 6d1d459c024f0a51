"""``ecs:worker``: a message with a task token on the worker's SQS FIFO queue.

The worker is a long-running Fargate service (sized like an ``ecs`` task) that loads the
class named by ``spec``, so it needs ``spec`` and no ``run``; it answers with the task token,
so the state's output is the worker's result.
"""

from __future__ import annotations

from typing import FrozenSet

from ..codes import Code
from ..graph import TaskCall
from ..report import Reporter
from .base import META, Json, Service, TaskClass, ref
from .ecs import check_size


def _queue(call: TaskCall) -> str:
    return f"QueueUrl{call.target}"


class EcsWorker(Service):
    """Messages of one group are handled in order, so inside a map iterator the group includes
    the item index: iterations then run concurrently instead of one after the other."""

    names = ("ecs:worker",)
    needs_run = False

    def check_attributes(self, task: TaskClass, reporter: Reporter) -> None:
        check_size(task, reporter)
        if not task.values["spec"]:
            reporter.error(
                Code.WORKER_SPEC, task.name, 'an `ecs:worker` task needs `spec = "package.module:Class"`'
            )

    def resource(self, call: TaskCall) -> str:
        return "arn:aws:states:::sqs:sendMessage.waitForTaskToken"

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        group = (
            "States.Format('{}_{}_{}', $$.Execution.Name, $$.State.EnteredTime, $.context_index)"
            if in_map_iterator
            else "States.Format('{}_{}', $$.Execution.Name, $$.State.EnteredTime)"
        )
        attributes = {name: {"DataType": "String", "StringValue.$": path} for name, path in META}
        return {
            "QueueUrl": ref(_queue(call)),
            "MessageGroupId.$": group,
            "MessageAttributes": attributes,
            "MessageBody": {"Input.$": call.input_path, "TaskToken.$": "$$.Task.Token"},
        }

    def variables(self, call: TaskCall) -> FrozenSet[str]:
        return frozenset({_queue(call)})
