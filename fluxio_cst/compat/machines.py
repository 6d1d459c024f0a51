"""The old API's view of a state machine function: ``StateMachineVisitor`` and its
``TaskState`` objects.

Everything is read off fluxio_cst's :class:`~fluxio_cst.StateMachine`: flags and decorators
become the old option dicts (keys in the old order, defaults filled in), ``to_dict()`` is the
function's ASL, and each Task state's old fields (``resource``, ``parameters``, ``retries``,
``catches``, ``options``, ``to_dict()``) are read from that state's entry in the ASL, so they
cannot disagree with what is deployed.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Dict, Iterator, List, Mapping, Optional, Set, Tuple

from ..frozen import thawed
from ..model import StateMachine
from ..model import TaskState as ModelTaskState

MACHINE_ATTRIBUTES: Dict[str, Any] = {"service": "state-machine"}


class Retry:
    """One ``Retry`` entry with the old field names."""

    def __init__(self, entry: Mapping[str, Any]) -> None:
        self.on_exceptions: List[str] = list(entry["ErrorEquals"])
        self.interval: int = entry["IntervalSeconds"]
        self.max_attempts: int = entry["MaxAttempts"]
        self.backoff_rate: float = entry["BackoffRate"]
        self._entry = dict(entry)

    def to_dict(self) -> Dict[str, Any]:
        """The entry as in the ASL."""
        return copy.deepcopy(self._entry)


class Catch:
    """One ``Catch`` entry."""

    def __init__(self, entry: Mapping[str, Any]) -> None:
        self._entry = dict(entry)

    def to_dict(self) -> Dict[str, Any]:
        """The entry as in the ASL."""
        return copy.deepcopy(self._entry)


class TaskState:
    """A Task state with the old fields; ``options`` are the task's attributes (``{"service":
    "state-machine"}`` for a nested machine) updated with the call's ``key``, ``timeout``,
    ``env`` and ``build_arg_vars``, as the old parser merged them."""

    def __init__(
        self, state: ModelTaskState, entry: Mapping[str, Any], attributes: Mapping[str, Any]
    ) -> None:
        self.key = state.key
        self.variable_names: Set[str] = set(state.variable_names)
        self.task_definition_name = state.target
        self.service = state.service
        self.retries = [Retry(retry) for retry in entry.get("Retry", [])]
        self.catches = [Catch(catch) for catch in entry.get("Catch", [])]
        self._entry = entry
        env, build_arg_vars = _codebuild_options(entry)
        self.options: Dict[str, Any] = dict(copy.deepcopy(attributes))
        self.options.update(
            key=state.key, timeout=entry.get("TimeoutSeconds"), env=env, build_arg_vars=build_arg_vars
        )

    @property
    def resource(self) -> str:
        """The state's ``Resource``."""
        resource: str = self._entry["Resource"]
        return resource

    @property
    def parameters(self) -> Dict[str, Any]:
        """The state's ``Parameters`` (a fresh copy)."""
        parameters: Dict[str, Any] = copy.deepcopy(self._entry["Parameters"])
        return parameters

    def to_dict(self) -> Dict[str, Any]:
        """The state as in the ASL (a fresh copy)."""
        return copy.deepcopy(dict(self._entry))


def _codebuild_options(entry: Mapping[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """``env`` and ``build_arg_vars`` back from a CodeBuild state's variable overrides (a data
    reference as the old ``"NAME.$"`` key); both empty for other states."""
    overrides = entry.get("Parameters", {}).get("EnvironmentVariablesOverride")
    if not isinstance(overrides, list):
        return {}, {}
    env: Dict[str, Any] = {}
    build_arg_vars: Dict[str, Any] = {}
    for item in overrides:
        if item["Name"] == "BUILD_ARG_VARS" and item is overrides[-1]:
            build_arg_vars = json.loads(item["Value"])
        elif "Value.$" in item:
            env[item["Name"] + ".$"] = item["Value.$"]
        else:
            env[item["Name"]] = item["Value"]
    return env, build_arg_vars


class StateMachineVisitor:
    """A module-level function with the old fields: names, flags, decorator dicts,
    ``attributes``, ``to_dict()`` and ``task_states``."""

    def __init__(self, machine: StateMachine, task_attributes: Mapping[str, Mapping[str, Any]]) -> None:
        self.machine = machine
        self.name = machine.name
        self.normalized_name = machine.name.title().replace(" ", "")
        self.cf_logical_id = f"{self.normalized_name}StateMachineStack"
        self.is_first_class = machine.is_first_class
        self.is_map_iterator = machine.is_map_iterator
        self.attributes: Dict[str, Any] = dict(MACHINE_ATTRIBUTES)
        self.schedule = _schedule(machine)
        self.export = {"enabled": machine.export.enabled} if machine.export is not None else None
        self.subscribes = [
            {
                "topic_arn_import_value": sub.topic_arn_import_value,
                "project": sub.project,
                "state_machine": sub.state_machine,
                "status": sub.status,
            }
            for sub in machine.subscriptions
        ]
        processes = machine.event_processor
        self.event_processor = {"processor": processes.processor} if processes is not None else None
        entries = dict(_states_of(machine.to_asl()))
        self.task_states = [
            TaskState(state, entries[state.key], task_attributes.get(state.target, MACHINE_ATTRIBUTES))
            for state in machine.task_states
        ]

    def to_dict(self) -> Dict[str, Any]:
        """The function's ASL (a fresh dict)."""
        return self.machine.to_asl()


def _schedule(machine: StateMachine) -> Optional[Dict[str, Any]]:
    if machine.schedule is None:
        return None
    return {"expression": machine.schedule.expression, "input_data": thawed(machine.schedule.input_data)}


def _states_of(definition: Mapping[str, Any]) -> Iterator[Tuple[str, Mapping[str, Any]]]:
    """Every state of an ASL definition with its key, embedded iterators and branches included."""
    for key, state in definition["States"].items():
        yield key, state
        if "Iterator" in state:
            yield from _states_of(state["Iterator"])
        for branch in state.get("Branches", []):
            yield from _states_of(branch)
