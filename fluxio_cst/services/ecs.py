"""``ecs``: a Fargate task run synchronously; the input travels as an environment value.

The Fargate size rules (:func:`check_size`) are shared with ``ecs:worker``, whose workers run
on Fargate too.
"""

from __future__ import annotations

from typing import FrozenSet, List

from ..codes import Code
from ..graph import TaskCall
from ..report import Reporter
from .base import META, Json, Service, TaskClass, ref

_CPU = (256, 512, 1024, 2048, 4096)
_CLUSTER = "ECSClusterArn"
_SECURITY_GROUPS = ("DatabaseSecurityGroup", "PrivateLoadBalancerSecurityGroup")
_SUBNETS = tuple(f"Subnet{i}" for i in range(4))


def check_size(task: TaskClass, reporter: Reporter) -> None:
    """Fargate's ``cpu`` values, and a ``memory`` of at least twice the ``cpu``."""
    cpu, memory = task.values["cpu"], task.values["memory"]
    if not isinstance(cpu, int) or not isinstance(memory, int):
        return
    if cpu not in _CPU:
        reporter.error(Code.ECS_CPU, task.at("cpu"), f"ECS `cpu` must be one of {', '.join(map(str, _CPU))}")
    elif memory < 2 * cpu:
        reporter.warning(
            Code.ECS_MEMORY,
            task.at("memory"),
            f"ECS `memory` ({memory}) should be at least twice the `cpu` ({cpu})",
        )


def _task_definition(call: TaskCall) -> str:
    return f"ECSTaskDefinition{call.target}"


class Ecs(Service):
    """``runTask.sync`` on the shared cluster; the state's output is ECS's response."""

    names = ("ecs",)
    returns_result = False

    def check_attributes(self, task: TaskClass, reporter: Reporter) -> None:
        check_size(task, reporter)

    def resource(self, call: TaskCall) -> str:
        return "arn:aws:states:::ecs:runTask.sync"

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        environment: List[Json] = [{"Name": name, "Value.$": path} for name, path in META]
        if call.input_path != "$":
            environment.append({"Name": "SFN_INPUT_VALUE", "Value.$": call.input_path})
        return {
            "LaunchType": "FARGATE",
            "Cluster": ref(_CLUSTER),
            "TaskDefinition": ref(_task_definition(call)),
            "NetworkConfiguration": {
                "AwsvpcConfiguration": {
                    "AssignPublicIp": "DISABLED",
                    "SecurityGroups": [ref(group) for group in _SECURITY_GROUPS],
                    "Subnets": [ref(subnet) for subnet in _SUBNETS],
                }
            },
            "Overrides": {"ContainerOverrides": [{"Name": call.target, "Environment": environment}]},
        }

    def variables(self, call: TaskCall) -> FrozenSet[str]:
        return frozenset({_CLUSTER, _task_definition(call), *_SECURITY_GROUPS, *_SUBNETS})
