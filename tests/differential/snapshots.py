"""Every value the artifact builder reads from a parse, flattened to ``{name: value}``.

The same function reads the old parser's result and fluxio_cst.compat's (they have the same
shape), so the two flattenings can be compared name by name; ``ast`` nodes become their
``astor`` text, the form the builder writes them out in.
"""

from __future__ import annotations

from typing import Any, Callable, Dict

import astor

MACHINE_FIELDS = (
    "name",
    "normalized_name",
    "cf_logical_id",
    "is_first_class",
    "is_map_iterator",
    "schedule",
    "export",
    "subscribes",
    "event_processor",
    "attributes",
)


def snapshot(script: Any, render: Callable[[Any], str] = astor.to_source) -> Dict[str, Any]:
    """The flattened values of a ScriptVisitor (old or compat); ``render`` writes an ``ast``
    node as text (astor's, as the builder does)."""
    values: Dict[str, Any] = {"dependencies": sorted(script.dependencies)}
    for kind in ("task_visitors", "state_machine_visitors", "event_processor_visitors"):
        values[f"{kind} order"] = list(getattr(script, kind))
    for name, task in script.task_visitors.items():
        for attribute, value in task.attributes.items():
            values[f"task {name} attribute {attribute}"] = value
        values[f"task {name} attribute order"] = list(task.attributes)
        run = task.run_method
        values[f"task {name} run_method"] = render(run) if run is not None else None
        imports = task.run_visitor.import_nodes if task.run_visitor is not None else None
        values[f"task {name} import_nodes"] = [render(node) for node in imports or ()]
        if task.run_visitor is None:  # the old parser's task without ``run`` (fix D14)
            values[f"task {name} import_nodes"] = None
        else:
            values[f"task {name} dependencies"] = sorted(task.run_visitor.dependencies)
    for name, processor in script.event_processor_visitors.items():
        values[f"processor {name} node"] = render(processor.node)
    for name, machine in script.state_machine_visitors.items():
        values.update(_machine(name, machine))
    return values


def _machine(name: str, machine: Any) -> Dict[str, Any]:
    prefix = f"machine {name}"
    values = {f"{prefix} {field}": getattr(machine, field) for field in MACHINE_FIELDS}
    definition = machine.to_dict()
    values[f"{prefix} StartAt"] = definition["StartAt"]
    values[f"{prefix} state keys"] = list(definition["States"])
    for key, state in definition["States"].items():
        values[f"{prefix} state {key}"] = state
    values[f"{prefix} task_states"] = [state.key for state in machine.task_states]
    for state in reversed(machine.task_states):  # the first of equal keys wins
        values.update(_task_state(f"{prefix} task_state {state.key}", state))
    return values


def _task_state(prefix: str, state: Any) -> Dict[str, Any]:
    return {
        f"{prefix} variable_names": sorted(state.variable_names),
        f"{prefix} task_definition_name": state.task_definition_name,
        f"{prefix} resource": state.resource,
        f"{prefix} parameters": state.parameters,
        f"{prefix} retries": [retry.to_dict() for retry in state.retries],
        f"{prefix} catches": [catch.to_dict() for catch in state.catches],
        f"{prefix} options": dict(state.options),
        f"{prefix} to_dict": state.to_dict(),
    }
