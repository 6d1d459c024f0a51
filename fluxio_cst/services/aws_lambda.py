"""``lambda`` and ``lambda:container``: the function is invoked with ``meta`` and ``data``.

Both names deploy the same way for the state machine (a zip or a container image is the
builder's concern), so one class serves both.
"""

from __future__ import annotations

from typing import ClassVar, FrozenSet, Tuple

from ..codes import Code
from ..graph import TaskCall
from ..report import Reporter
from .base import META, Json, Service, TaskClass, ref

_RETRY: Tuple[Json, ...] = (
    {
        "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
        ],
        "IntervalSeconds": 2,
        "MaxAttempts": 6,
        "BackoffRate": 2,
    },
)
_MEMORY = (128, 512, 1024, 1536, 2048, 3008)


def function(call: TaskCall) -> str:
    """The variable naming the task's Lambda function."""
    return f"LambdaFunction{call.target}"


class Lambda(Service):
    """A Lambda function that runs ``run``; Lambda's transient errors are retried by default."""

    names: ClassVar[Tuple[str, ...]] = ("lambda", "lambda:container")
    default_retry = _RETRY

    def check_attributes(self, task: TaskClass, reporter: Reporter) -> None:
        if task.values["memory"] not in _MEMORY:
            reporter.warning(
                Code.LAMBDA_MEMORY,
                task.at("memory"),
                f"Lambda `memory` is usually one of {', '.join(map(str, _MEMORY))}",
            )

    def resource(self, call: TaskCall) -> str:
        return ref(function(call))

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        meta = {f"{name.lower()}.$": path for name, path in META}
        return {"meta": meta, "data.$": call.input_path}

    def variables(self, call: TaskCall) -> FrozenSet[str]:
        return frozenset({function(call)})
