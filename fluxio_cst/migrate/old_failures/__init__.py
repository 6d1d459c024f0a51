"""Why fluxio-parser 1.0.0 could not compile a file fluxio_cst compiles: the report's "old
failures" half, computed from the file's CST without the old parser.

The old parser stopped at its first error, in a fixed order: each module-level class and
function top to bottom (a function's walk and its graph shaping included), then the task
dependencies, then each machine's ``to_dict()``. :func:`old_failures` replays that order (the
walk in :mod:`.walk`, the graph in :mod:`.graph`, option types in :mod:`.options`, ``to_dict``
checks in :mod:`.rules`) and reports the first failure, tied to the fix that explains it.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst

from ..findings import FILE, Finding, Subject
from . import options
from .graph import Graph
from .kinds import OldFailure, fail, is_constant, literal
from .rules import serialise
from .walk import Known, Walk, statements

_SERVICES = {"lambda", "lambda:container", "lambda:pexpm-runner", "ecs", "ecs:worker", "codebuild"}
_STRINGS = {"service", "spec"}
_NUMBERS = {
    "timeout",
    "cpu",
    "memory",
    "autoscaling_min",
    "autoscaling_max",
    "concurrency",
    "heartbeat_interval",
}
_PROCESSOR_PARAMETERS = {"message", "input_data", "state_data_client"}


def old_failures(subject: Subject) -> Tuple[Finding, ...]:
    """The reason the old parser (or the builder's reads of its result) failed on the file;
    empty when it compiled it."""
    try:
        _replay(subject.project.module)
    except OldFailure as failure:
        return (_finding(subject, failure),)
    return ()


def old_graphs(subject: Subject) -> Optional[Dict[str, Graph]]:
    """Each function's graph as the old parser shaped it, by name; None when it failed on the
    file (then it deployed nothing)."""
    try:
        walks = _replay(subject.project.module)
    except OldFailure:
        return None
    return {name: walk.graph for name, walk in walks.items()}


def _finding(subject: Subject, failure: OldFailure) -> Finding:
    message = failure.message
    if failure.node is None:
        return Finding(failure.fix, FILE, 1, 0, message)
    return subject.finding(failure.fix, FILE, failure.node, message)


def _replay(module: cst.Module) -> Dict[str, Walk]:
    known = Known(later={s.name.value for s in module.body if isinstance(s, (cst.ClassDef, cst.FunctionDef))})
    machines: Dict[str, Walk] = {}
    without_run: List[cst.ClassDef] = []
    for statement in module.body:
        if isinstance(statement, cst.ClassDef):
            _class(statement, known, without_run)
        elif isinstance(statement, cst.FunctionDef) and statement.asynchronous is None:
            machines[statement.name.value] = _function(statement, known)
    if without_run:
        raise fail(
            "D14", without_run[0], "the old parser crashed computing the dependencies of a Task without `run`"
        )
    for walk in machines.values():
        serialise(walk.graph, walk.deferred)
    return machines


def _class(node: cst.ClassDef, known: Known, without_run: List[cst.ClassDef]) -> None:
    bases = [arg.value for arg in node.bases]
    kind = next(
        (b.value for b in bases if isinstance(b, cst.Name) and b.value in ("Task", "EventProcessor")), None
    )
    if kind is None:
        raise fail(
            "D7", node, "the old parser accepted only classes that inherit from Task or EventProcessor"
        )
    if kind == "EventProcessor":
        _processor(node)
        known.processors.add(node.name.value)
        return
    service = "lambda"
    has_run = False
    for item in statements(node.body):
        if isinstance(item, cst.Assign):
            service = _attribute(item, service)
        elif isinstance(item, cst.FunctionDef) and item.asynchronous is not None:
            if item.name.value != "run":
                raise fail("D7", item, "the old parser accepted only a `run` method in a Task")
            has_run = True
    if not has_run:
        without_run.append(node)
    known.tasks[node.name.value] = service


def _attribute(item: cst.Assign, service: str) -> str:
    target = item.targets[0].target
    if not isinstance(target, cst.Name):
        raise fail("D7", item, "the old parser crashed on a class attribute that is not a name")
    name, value = target.value, item.value
    if name in _STRINGS | _NUMBERS and not is_constant(value):
        raise fail(
            "D13" if isinstance(value, cst.UnaryOperation) else "D7",
            item,
            f"the old parser read `{name}` only as a plain literal",
        )
    if name == "build_spec" and not literal(value):
        raise fail("D7", item, "the old parser read `build_spec` only as a literal")
    if name == "service":
        text = (
            value.evaluated_value if isinstance(value, (cst.SimpleString, cst.ConcatenatedString)) else None
        )
        if text not in _SERVICES:
            raise fail("D7", item, "the old parser did not know this service")
        return str(text)
    if name == "concurrency" and not _in_range(value):
        raise fail("D7", item, "the old parser accepted a concurrency from 1 to 100 only")
    return service


def _in_range(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.Name):
        return value.value == "True"
    number = value.evaluated_value if isinstance(value, (cst.Integer, cst.Float)) else None
    return number is not None and 1 <= number <= 100 and number == int(number)


def _processor(node: cst.ClassDef) -> None:
    for item in statements(node.body):
        if isinstance(item, cst.FunctionDef) and item.asynchronous is None:
            raise fail("D7", item, "the old parser accepted only async methods in an EventProcessor")
        if isinstance(item, cst.FunctionDef):
            names = {p.name.value for p in item.params.params}
            if not item.name.value.startswith("get_custom_tags_") or names != _PROCESSOR_PARAMETERS:
                raise fail("D7", item, "the old parser accepted only get_custom_tags_* methods here")


def _function(node: cst.FunctionDef, known: Known) -> Walk:
    seen: List[str] = []
    for decorator in node.decorators:
        seen.append(options.decorator(decorator, known.processors, known.missing))
        if seen.count(seen[-1]) > 1 and seen[-1] in options.ONCE:
            raise fail("D7", decorator, f"the old parser accepted one @{seen[-1]} only")
    walk = Walk(known)
    walk.block(statements(node.body), False)
    walk.graph.shape()
    known.machines.add(node.name.value)
    return walk
