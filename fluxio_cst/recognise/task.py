"""Recognising ``class X(Task)``: its attributes, their values, and its ``run`` method.

A Task class is a declaration, not code: class-level ``name = literal`` attributes and one
``run`` method, which is extracted as text for the task package. The method body is walked
only to find its import statements (anywhere in it, for ``dependencies``); nothing else of it
is looked at.

Examples::

    class Resize(Task):            # VALID
        service = "ecs"
        cpu = 2048
        async def run(event, context):
            from imaging import resize
            resize(event)

    class Resize(Task):            # INVALID: FX204, only `run` is a Task method
        def helper(self): ...
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Mapping, Optional, Tuple

import libcst as cst

from .. import values
from ..codes import Code
from ..fixes import did_you_mean, made_async, respelt
from ..model import Task
from ..options import MAX_SECONDS
from ..report import Reporter
from ..run_imports import imports_of
from ..services import DEFAULT_SERVICE, TASK_SERVICES, TaskClass, check_attributes
from ..source import SourceFile
from ..syntax import is_docstring, is_pass, statements_of
from .run_names import check_free_names

_ATTRIBUTES: Dict[str, Tuple[object, str]] = {
    # name: (default, kind) — kinds are checked by _valid below
    "service": (DEFAULT_SERVICE, "service"),
    "timeout": (300, "positive int"),
    "cpu": (1024, "positive int"),
    "memory": (2048, "positive int"),
    "spec": ("", "str"),
    "concurrency": (1, "int"),
    "heartbeat_interval": (None, "positive int or None"),
    "autoscaling_min": (1, "non-negative int"),
    "autoscaling_max": (1, "positive int"),
    "build_spec": (None, "dict or None"),
}


def _valid(kind: str, value: object) -> bool:
    if kind == "service":
        return isinstance(value, str)
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return values.is_int(value)
    if kind == "positive int":
        return values.is_int(value) and value > 0
    if kind == "non-negative int":
        return values.is_int(value) and value >= 0
    if kind == "positive int or None":
        return value is None or (values.is_int(value) and value > 0)
    return value is None or isinstance(value, dict)


def recognise_task(
    node: cst.ClassDef,
    source: SourceFile,
    reporter: Reporter,
    module_names: Mapping[str, str],
) -> Task:
    """A :class:`Task` from its class statement; problems go to ``reporter``.

    ``module_names`` maps each name bound at module level to how ("imported" or "defined"):
    ``run`` is deployed alone, so it may use none of them.
    """
    found: Dict[str, Tuple[object, cst.CSTNode]] = {}
    run: Optional[cst.FunctionDef] = None
    for statement in statements_of(node.body):
        if is_docstring(statement) or is_pass(statement):
            continue
        if isinstance(statement, cst.FunctionDef):
            if statement.name.value != "run":
                reporter.error(
                    Code.TASK_METHOD,
                    statement.name,
                    f"a Task defines only `run`; move `{statement.name.value}` into a package "
                    "and import it inside `run`",
                )
            elif run is not None:
                reporter.error(Code.TASK_METHOD, statement.name, "`run` is defined twice")
            else:
                run = statement
            continue
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                _attribute(small, found, reporter, node)
            continue
        reporter.error(
            Code.CLASS_STATEMENT,
            statement,
            "a Task class holds only `name = value` attributes and an `async def run(event, context)`",
        )
    attributes = {name: found.get(name, (default, None))[0] for name, (default, _) in _ATTRIBUTES.items()}
    written = {name: value_node for name, (_, value_node) in found.items()}
    _check_values(TaskClass(attributes, written, node.name, run is not None), run, reporter)
    build_spec = attributes["build_spec"]
    task = Task(
        name=values.identifier(node.name),
        service=str(attributes["service"]),
        timeout=attributes["timeout"],  # type: ignore[arg-type]
        cpu=attributes["cpu"],  # type: ignore[arg-type]
        memory=attributes["memory"],  # type: ignore[arg-type]
        spec=str(attributes["spec"]),
        concurrency=attributes["concurrency"],  # type: ignore[arg-type]
        heartbeat_interval=attributes["heartbeat_interval"],  # type: ignore[arg-type]
        autoscaling_min=attributes["autoscaling_min"],  # type: ignore[arg-type]
        autoscaling_max=attributes["autoscaling_max"],  # type: ignore[arg-type]
        build_spec=build_spec if isinstance(build_spec, dict) else None,
        dependencies=tuple(sorted(_dependencies(node, run, source))),
        read_node=node,
        read_run_node=run,
        source=source,
    )
    if task.run_source is not None and module_names:
        check_free_names(task.run_source, lambda: task.run_node, module_names, reporter)
    return task


def _dependencies(node: cst.ClassDef, run: Optional[cst.FunctionDef], source: SourceFile) -> FrozenSet[str]:
    """What ``run`` imports, from CPython's tree of it where LibCST did not read its body."""
    if run is None:
        return frozenset()
    carved = source.carved_dependencies(node)
    return carved if carved is not None else imports_of(run)[1]


def _attribute(
    small: cst.BaseSmallStatement,
    found: Dict[str, Tuple[object, cst.CSTNode]],
    reporter: Reporter,
    node: cst.ClassDef,
) -> None:
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target, value = small.targets[0].target, small.value
    elif isinstance(small, cst.AnnAssign) and small.value is not None:
        target, value = small.target, small.value
    else:
        reporter.error(
            Code.CLASS_STATEMENT, small, "a Task class holds only `name = value` attributes and `run`"
        )
        return
    if not isinstance(target, cst.Name):
        reporter.error(Code.CLASS_STATEMENT, target, "an attribute is a plain name: `timeout = 600`")
        return
    name = values.identifier(target)
    if name not in _ATTRIBUTES:
        reporter.warning(
            Code.UNKNOWN_ATTRIBUTE,
            target,
            f"`{name}` is not a Task attribute and is ignored (known: {', '.join(_ATTRIBUTES)})"
            + did_you_mean(name, _ATTRIBUTES),
            fix=respelt(target, _ATTRIBUTES, lambda: _assigned(node)),
        )
        return
    kind = _ATTRIBUTES[name][1]
    try:
        literal = values.json_value(value) if kind.startswith("dict") else values.literal(value)
    except values.NotStatic as exc:
        reporter.error(Code.BAD_ATTRIBUTE_VALUE, value, f"`{name}` must be a literal: {exc.why}")
        return
    if not _valid(kind, literal):
        reporter.error(Code.BAD_ATTRIBUTE_VALUE, value, f"`{name}` must be a {kind}, not `{literal!r}`")
        return
    if kind == "service" and literal not in TASK_SERVICES:
        reporter.error(
            Code.UNKNOWN_SERVICE,
            value,
            f"unknown service {literal!r}; use one of {', '.join(map(repr, TASK_SERVICES))}",
        )
    found[name] = (literal, value)


def _assigned(node: cst.ClassDef) -> FrozenSet[str]:
    """The names a class body assigns (a respelt attribute must not assign one twice)."""
    return frozenset(
        target.value
        for statement in statements_of(node.body)
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
        for target in _targets(small)
    )


def _targets(small: cst.BaseSmallStatement) -> List[cst.Name]:
    if isinstance(small, cst.Assign):
        return [t.target for t in small.targets if isinstance(t.target, cst.Name)]
    return [small.target] if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) else []


def _check_values(task: TaskClass, run: Optional[cst.FunctionDef], reporter: Reporter) -> None:
    """The value rules of the DSL doc that involve more than one attribute, or the service
    (those are the service's own: :func:`fluxio_cst.services.check_attributes`)."""
    concurrency = task.values["concurrency"]
    if isinstance(concurrency, int) and not 1 <= concurrency <= 100:
        reporter.error(Code.CONCURRENCY_RANGE, task.at("concurrency"), "`concurrency` must be in 1–100")
    heartbeat, timeout = task.values["heartbeat_interval"], task.values["timeout"]
    for name, value in (("timeout", timeout), ("heartbeat_interval", heartbeat)):
        if isinstance(value, int) and value > MAX_SECONDS:
            reporter.error(
                Code.ATTRIBUTE_LIMIT,
                task.at(name),
                f"`{name}` is above Step Functions' limit of {MAX_SECONDS} seconds",
            )
    if isinstance(heartbeat, int) and isinstance(timeout, int) and heartbeat >= timeout:
        reporter.error(
            Code.HEARTBEAT_TIMEOUT,
            task.at("heartbeat_interval"),
            f"`heartbeat_interval` ({heartbeat}) must be below `timeout` ({timeout})",
        )
    check_attributes(task, reporter)
    if run is not None:
        _check_run_signature(run, reporter)


def _check_run_signature(run: cst.FunctionDef, reporter: Reporter) -> None:
    if run.asynchronous is None:
        why = "`run` should be `async def` (the entry point awaits it)"
        reporter.warning(Code.SYNC_RUN, run.name, why, fix=made_async(run))
    first = run.params.params[0] if run.params.params else None
    if first is not None and first.name.value in ("self", "cls"):
        reporter.warning(
            Code.RUN_SIGNATURE,
            first.name,
            f"`run` is extracted and called as a plain function `run(event, context)`: drop "
            f"`{first.name.value}`, or the event arrives as `{first.name.value}`",
        )
