"""Task services: how a Task state is written for each runtime (contract §B, "Task").

One small class per service, registered in :data:`SERVICES` by the name users write in
``service = "…"``. A service gives the Resource, the Parameters and the default Retry; the
Task emitter adds the common fields around them. Adding a service is adding a class here.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

from .graph import TaskCall

Json = Dict[str, Any]

_LAMBDA_RETRY: Tuple[Json, ...] = (
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

# The execution metadata every runtime receives, by its environment variable name.
_META: Tuple[Tuple[str, str], ...] = (
    ("SFN_EXECUTION_NAME", "$$.Execution.Name"),
    ("SFN_STATE_NAME", "$$.State.Name"),
    ("SFN_STATE_MACHINE_NAME", "$$.StateMachine.Name"),
    ("TRACE_ID", "$.__trace.id"),
    ("TRACE_SOURCE", "$.__trace.source"),
)


class Service:
    """The defaults: a Task without default retries; subclasses give Resource and Parameters."""

    default_retry: Tuple[Json, ...] = ()

    def resource(self, call: TaskCall) -> str:
        raise NotImplementedError

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        raise NotImplementedError


class Lambda(Service):
    """``lambda`` and ``lambda:container``: the function gets ``meta`` and ``data``."""

    default_retry = _LAMBDA_RETRY

    def resource(self, call: TaskCall) -> str:
        return f"${{LambdaFunction{call.target}}}"

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        meta = {f"{name.lower()}.$": path for name, path in _META}
        return {"meta": meta, "data.$": call.input_path}


class PexpmRunner(Lambda):
    """``lambda:pexpm-runner``: a runner Lambda that executes a PEX package in a subprocess."""

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        package = f"${{PackageName{call.target}}}"
        environment = {f"{name}.$": path for name, path in _META}
        environment["SFN_INPUT_VALUE.$"] = call.input_path
        return {
            "package_name": package,
            "package_version": f"${{PackageVersion{call.target}}}",
            "command": [package, "run"],
            "include_parent_environment": True,
            "return_stdout": True,
            "environment": environment,
        }


class Ecs(Service):
    """``ecs``: a Fargate task run synchronously; the input travels as an environment value."""

    def resource(self, call: TaskCall) -> str:
        return "arn:aws:states:::ecs:runTask.sync"

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        environment: List[Json] = [{"Name": name, "Value.$": path} for name, path in _META]
        if call.input_path != "$":
            environment.append({"Name": "SFN_INPUT_VALUE", "Value.$": call.input_path})
        return {
            "LaunchType": "FARGATE",
            "Cluster": "${ECSClusterArn}",
            "TaskDefinition": f"${{ECSTaskDefinition{call.target}}}",
            "NetworkConfiguration": {
                "AwsvpcConfiguration": {
                    "AssignPublicIp": "DISABLED",
                    "SecurityGroups": [
                        "${DatabaseSecurityGroup}",
                        "${PrivateLoadBalancerSecurityGroup}",
                    ],
                    "Subnets": [f"${{Subnet{i}}}" for i in range(4)],
                }
            },
            "Overrides": {"ContainerOverrides": [{"Name": call.target, "Environment": environment}]},
        }


class EcsWorker(Service):
    """``ecs:worker``: a message with a task token on the worker's SQS FIFO queue.

    Messages of one group are handled in order, so inside a map iterator the group includes
    the item index: iterations then run concurrently instead of one after the other.
    """

    def resource(self, call: TaskCall) -> str:
        return "arn:aws:states:::sqs:sendMessage.waitForTaskToken"

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        group = (
            "States.Format('{}_{}_{}', $$.Execution.Name, $$.State.EnteredTime, $.context_index)"
            if in_map_iterator
            else "States.Format('{}_{}', $$.Execution.Name, $$.State.EnteredTime)"
        )
        attributes = {name: {"DataType": "String", "StringValue.$": path} for name, path in _META}
        return {
            "QueueUrl": f"${{QueueUrl{call.target}}}",
            "MessageGroupId.$": group,
            "MessageAttributes": attributes,
            "MessageBody": {"Input.$": call.input_path, "TaskToken.$": "$$.Task.Token"},
        }


class CodeBuild(Service):
    """``codebuild``: a build of the task's project; the positional input is not used."""

    def resource(self, call: TaskCall) -> str:
        return "arn:aws:states:::codebuild:startBuild.sync"

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        overrides: List[Json] = [
            {"Name": e.name, "Value.$" if e.is_path else "Value": e.value} for e in call.env
        ]
        build_args = call.build_arg_vars if call.build_arg_vars is not None else {}
        overrides.append({"Name": "BUILD_ARG_VARS", "Value": json.dumps(build_args)})
        return {
            "ProjectName": f"${{CodeBuildProjectName{call.target}}}",
            "SourceVersion.$": "$.source_version",
            "EnvironmentVariablesOverride": overrides,
        }


class NestedStateMachine(Service):
    """Calling another module-level function: a synchronous child execution."""

    def resource(self, call: TaskCall) -> str:
        return "arn:aws:states:::states:startExecution.sync"

    def parameters(self, call: TaskCall, in_map_iterator: bool) -> Json:
        return {
            "Input": {
                "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id",
                "__trace.$": "$.__trace",
                "data.$": call.input_path,
            },
            "StateMachineArn": f"${{StateMachine{call.target}}}",
        }


NESTED = "state-machine"

SERVICES: Dict[str, Service] = {
    "lambda": Lambda(),
    "lambda:container": Lambda(),
    "lambda:pexpm-runner": PexpmRunner(),
    "ecs": Ecs(),
    "ecs:worker": EcsWorker(),
    "codebuild": CodeBuild(),
    NESTED: NestedStateMachine(),
}

# The services a user may name in ``service = "…"`` (the nested call is not one of them).
TASK_SERVICES: Tuple[str, ...] = tuple(name for name in SERVICES if name != NESTED)
