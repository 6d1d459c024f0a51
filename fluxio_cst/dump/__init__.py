"""The whole model of a project file as plain JSON: what ``fluxio-cst dump`` prints.

A builder written in another language reads this instead of the Python objects of
:mod:`fluxio_cst.model`: every task with every attribute, its dependencies (split into what to
install and what the standard library has), its imports and ``run`` method text; every state
machine with its flags, decorators, Task states and their CloudFormation variables, and its
ASL; event processors; the file's warnings; and where each class and function is. The shape
is fixed by the JSON Schema shipped beside this module (:data:`SCHEMA_PATH`, also returned by
``fluxio-cst dump --schema``), which the test suite validates every fixture's dump against:
a change of shape is a change of that file, and of :data:`FORMAT_VERSION` when not additive.

Positions follow the diagnostics' JSON: lines and columns 1-based, the end exclusive.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any, Dict, Optional

import libcst as cst

from ..frozen import thawed
from ..model import EventProcessor, Project, Span, StateMachine, Task

__all__ = ["FORMAT_VERSION", "SCHEMA_PATH", "dump", "schema"]

FORMAT_VERSION = 1  # the output's ``format_version``: raised by a change that is not additive
SCHEMA_PATH = Path(__file__).with_name("project.schema.json")

Json = Dict[str, Any]


def dump(project: Project) -> Json:
    """The project as JSON-ready data, in the shape of :data:`SCHEMA_PATH`."""
    return {
        "format_version": FORMAT_VERSION,
        "path": project.path,
        "tasks": {name: _task(task) for name, task in project.tasks.items()},
        "state_machines": {
            name: _machine(project, machine) for name, machine in project.state_machines.items()
        },
        "event_processors": {
            name: _processor(project, processor) for name, processor in project.event_processors.items()
        },
        **_dependencies(project),
        "warnings": [_diagnostic(w.as_json()) for w in project.warnings],
    }


def schema() -> Json:
    """The JSON Schema of :func:`dump`'s output."""
    loaded: Json = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def _task(task: Task) -> Json:
    return {
        "service": task.service,
        "timeout": task.timeout,
        "cpu": task.cpu,
        "memory": task.memory,
        "spec": task.spec,
        "concurrency": task.concurrency,
        "heartbeat_interval": task.heartbeat_interval,
        "autoscaling_min": task.autoscaling_min,
        "autoscaling_max": task.autoscaling_max,
        "build_spec": thawed(task.build_spec),
        **_dependencies(task),
        "imports": list(task.imports),
        "run_source": task.run_source,
        "run_module_source": task.run_module_source,
        "span": _span(task.span),
        "run_span": None if task.run_span is None else _span(task.run_span),
    }


def _machine(project: Project, machine: StateMachine) -> Json:
    return {
        "is_first_class": machine.is_first_class,
        "is_map_iterator": machine.is_map_iterator,
        "schedule": _record(machine.schedule),
        "subscriptions": [_record(s) for s in machine.subscriptions],
        "export": _record(machine.export),
        "process_events": _record(machine.event_processor),
        "task_states": [
            {
                "key": state.key,
                "target": state.target,
                "service": state.service,
                "variable_names": sorted(state.variable_names),
            }
            for state in machine.task_states
        ],
        "asl": machine.to_asl(),
        "span": _node_span(project, machine.node),
    }


def _processor(project: Project, processor: EventProcessor) -> Json:
    return {"methods": list(processor.methods), "span": _node_span(project, processor.node)}


def _dependencies(owner: Any) -> Json:
    return {
        "dependencies": list(owner.dependencies),
        "third_party_dependencies": list(owner.third_party_dependencies),
        "stdlib_dependencies": list(owner.stdlib_dependencies),
    }


def _record(value: Optional[Any]) -> Optional[Json]:
    """A decorator's dataclass as a dict (its JSON values thawed); None stays None."""
    if value is None:
        return None
    return {f.name: thawed(getattr(value, f.name)) for f in dataclasses.fields(value)}


def _span(span: Span) -> Json:
    return {
        "line": span.line,
        "column": span.column + 1,
        "end_line": span.end_line,
        "end_column": span.end_column + 1,
    }


def _node_span(project: Project, node: cst.BaseStatement) -> Json:
    found = project.source.span_in(node, node)
    return _span(Span(found.start.line, found.start.column, found.end.line, found.end.column))


def _diagnostic(shown: Dict[str, object]) -> Json:
    return {name: value for name, value in shown.items() if name != "path"}
