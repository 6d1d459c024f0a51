"""Recognising ``class X(Task)`` and ``class X(EventProcessor)`` definitions.

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

from typing import Dict, FrozenSet, List, Mapping, Optional, Set, Tuple, Union

import libcst as cst
from libcst.metadata import BuiltinAssignment, MetadataWrapper, ScopeProvider

from . import values
from .codes import Code
from .model import EventProcessor, Task
from .options import MAX_SECONDS
from .report import Reporter
from .services import TASK_SERVICES
from .source import SourceFile
from .syntax import is_docstring, is_pass, statements_of


def _is_int(value: object) -> bool:
    return type(value) is int


_ATTRIBUTES: Dict[str, Tuple[object, str]] = {
    # name: (default, kind) — kinds are checked by _valid below
    "service": ("lambda", "service"),
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
        return _is_int(value)
    if kind == "positive int":
        return _is_int(value) and value > 0  # type: ignore[operator]
    if kind == "non-negative int":
        return _is_int(value) and value >= 0  # type: ignore[operator]
    if kind == "positive int or None":
        return value is None or (_is_int(value) and value > 0)  # type: ignore[operator]
    return value is None or isinstance(value, dict)


_ECS_CPU = (256, 512, 1024, 2048, 4096)
_LAMBDA_MEMORY = (128, 512, 1024, 1536, 2048, 3008)


def _class_statements(node: cst.ClassDef) -> List[cst.BaseStatement]:
    return statements_of(node.body)


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
    for statement in _class_statements(node):
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
                _attribute(small, found, reporter)
            continue
        reporter.error(
            Code.CLASS_STATEMENT,
            statement,
            "a Task class holds only `name = value` attributes and an `async def run(event, context)`",
        )
    attributes = {name: found.get(name, (default, None))[0] for name, (default, _) in _ATTRIBUTES.items()}
    _check_values(node, attributes, {k: v[1] for k, v in found.items()}, run, reporter)
    if run is not None and module_names:
        _check_free_names(run, module_names, reporter)
    imports, dependencies = _imports(run) if run is not None else ((), frozenset())
    build_spec = attributes["build_spec"]
    return Task(
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
        dependencies=tuple(sorted(dependencies)),
        import_nodes=imports,
        node=node,
        run_node=run,
        source=source,
    )


def _attribute(
    small: cst.BaseSmallStatement, found: Dict[str, Tuple[object, cst.CSTNode]], reporter: Reporter
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
            f"`{name}` is not a Task attribute and is ignored (known: {', '.join(_ATTRIBUTES)})",
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


def _check_values(
    node: cst.ClassDef,
    attributes: Dict[str, object],
    written: Dict[str, cst.CSTNode],
    run: Optional[cst.FunctionDef],
    reporter: Reporter,
) -> None:
    """The value rules of the DSL doc that involve more than one attribute or the service."""

    def at(name: str) -> cst.CSTNode:
        return written.get(name, node.name)

    service = attributes["service"]
    concurrency = attributes["concurrency"]
    if isinstance(concurrency, int) and not 1 <= concurrency <= 100:
        reporter.error(Code.CONCURRENCY_RANGE, at("concurrency"), "`concurrency` must be in 1–100")
    heartbeat, timeout = attributes["heartbeat_interval"], attributes["timeout"]
    for name, value in (("timeout", timeout), ("heartbeat_interval", heartbeat)):
        if isinstance(value, int) and value > MAX_SECONDS:
            reporter.error(
                Code.ATTRIBUTE_LIMIT,
                at(name),
                f"`{name}` is above Step Functions' limit of {MAX_SECONDS} seconds",
            )
    if isinstance(heartbeat, int) and isinstance(timeout, int) and heartbeat >= timeout:
        reporter.error(
            Code.HEARTBEAT_TIMEOUT,
            at("heartbeat_interval"),
            f"`heartbeat_interval` ({heartbeat}) must be below `timeout` ({timeout})",
        )
    cpu, memory = attributes["cpu"], attributes["memory"]
    if service in ("ecs", "ecs:worker") and isinstance(cpu, int) and isinstance(memory, int):
        if cpu not in _ECS_CPU:
            reporter.error(
                Code.ECS_CPU, at("cpu"), f"ECS `cpu` must be one of {', '.join(map(str, _ECS_CPU))}"
            )
        elif memory < 2 * cpu:
            reporter.warning(
                Code.ECS_MEMORY,
                at("memory"),
                f"ECS `memory` ({memory}) should be at least twice the `cpu` ({cpu})",
            )
    if service in ("lambda", "lambda:container", "lambda:pexpm-runner") and memory not in _LAMBDA_MEMORY:
        reporter.warning(
            Code.LAMBDA_MEMORY,
            at("memory"),
            f"Lambda `memory` is usually one of {', '.join(map(str, _LAMBDA_MEMORY))}",
        )
    if service == "ecs:worker" and not attributes["spec"]:
        reporter.error(
            Code.WORKER_SPEC, node.name, 'an `ecs:worker` task needs `spec = "package.module:Class"`'
        )
    if attributes["build_spec"] is not None and service != "codebuild":
        reporter.error(Code.BUILD_SPEC_SERVICE, at("build_spec"), "`build_spec` is for codebuild tasks only")
    if run is None and service in TASK_SERVICES and service != "ecs:worker":  # unknown: said already
        reporter.error(
            Code.MISSING_RUN,
            node.name,
            "a Task needs `async def run(event, context):` (only `ecs:worker` may omit it)",
        )
    if run is not None and run.asynchronous is None:
        reporter.warning(Code.SYNC_RUN, run.name, "`run` should be `async def` (the entry point awaits it)")
    first = run.params.params[0] if run is not None and run.params.params else None
    if first is not None and first.name.value in ("self", "cls"):
        reporter.warning(
            Code.RUN_SIGNATURE,
            first.name,
            f"`run` is extracted and called as a plain function `run(event, context)`: drop "
            f"`{first.name.value}`, or the event arrives as `{first.name.value}`",
        )


def _check_free_names(run: cst.FunctionDef, module_names: Mapping[str, str], reporter: Reporter) -> None:
    """Report every use in ``run`` of a name the file binds at module level.

    The extracted module holds ``run`` and nothing else, so such a name works in the file and
    raises NameError once deployed (or, for a module-level name that shadows a builtin, silently
    means the builtin). LibCST's scope analysis runs on a module made of ``run`` alone, which is
    exactly what is deployed: a name it cannot resolve there, or resolves only to a builtin, is
    free in the deployed code.
    """
    try:
        scopes = MetadataWrapper(cst.Module(body=[run]), unsafe_skip_copy=True).resolve(ScopeProvider)
    except RecursionError:  # a run nested beyond Python's stack: its names stay unchecked
        return
    unread = _NotLookedUp()
    run.visit(unread)
    uses: List[Tuple[cst.Name, str, bool]] = []
    for scope in {s for s in scopes.values() if s is not None}:
        for access in scope.accesses:
            if not isinstance(access.node, cst.Name) or id(access.node) in unread.nodes:
                continue
            name = values.identifier(access.node)
            if name in unread.captured:
                continue
            how = module_names.get(name)
            if how is not None and all(isinstance(r, BuiltinAssignment) for r in access.referents):
                uses.append((access.node, name, bool(access.referents)))
    for node, name, builtin in uses:
        if builtin:
            message = (
                f"`{name}` is bound at module level, but the extracted `run` would use the builtin "
                f"`{name}` instead; bind it inside `run`"
            )
        elif module_names[name] == "imported":
            message = f"`{name}` is imported at module level; move the import into `run`"
        else:
            message = (
                f"`{name}` is defined at module level, which the extracted `run` does not have; "
                "define it inside `run` or import it there from a package"
            )
        reporter.error(Code.MODULE_NAME_IN_RUN, node, message)


class _NotLookedUp(cst.CSTVisitor):
    """What LibCST's scope analysis counts as a use of a name although Python never looks it up.

    Names bound by ``match`` patterns (captures, ``*rest``, ``**rest``): LibCST records no
    assignment for them, so their uses look free. Annotations of local variables
    (``x: json = 1`` inside a function): Python never evaluates them (PEP 526). Class-level
    and parameter annotations are evaluated and stay checked.
    """

    def __init__(self) -> None:
        super().__init__()
        self.captured: Set[str] = set()
        self.nodes: Set[int] = set()
        self.scopes: List[bool] = []  # per enclosing def/class: True for a function

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(True)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.scopes.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append(False)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scopes.pop()

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        self._capture(node.name)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        self._capture(node.name)

    def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
        self._capture(node.rest)

    def _capture(self, name: Optional[cst.Name]) -> None:
        if name is not None:
            self.captured.add(values.identifier(name))
            self.nodes.add(id(name))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.scopes and self.scopes[-1]:
            self.nodes.update(id(n) for n in _names_in(node.annotation.annotation))


def _names_in(node: cst.CSTNode) -> List[cst.Name]:
    """Every Name node below ``node`` (an annotation: shallow, so a plain stack suffices)."""
    found: List[cst.Name] = []
    pending: List[cst.CSTNode] = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, cst.Name):
            found.append(current)
        pending.extend(current.children)
    return found


class _Imports(cst.CSTVisitor):
    """Import statements anywhere in a ``run`` body: the only reason to walk it."""

    def __init__(self) -> None:
        self.found: List[Union[cst.Import, cst.ImportFrom]] = []

    def visit_Import(self, node: cst.Import) -> bool:
        self.found.append(node)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self.found.append(node)
        return False

    # Expressions hold no imports: do not descend into them.
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return any(isinstance(s, (cst.Import, cst.ImportFrom)) for s in node.body)


def _imports(
    run: cst.FunctionDef,
) -> Tuple[Tuple[Union[cst.Import, cst.ImportFrom], ...], FrozenSet[str]]:
    """The import statements of ``run`` and the top-level packages they bring in (relative and
    ``__future__`` imports are not dependencies)."""
    visitor = _Imports()
    run.body.visit(visitor)
    packages = set()
    for node in visitor.found:
        if isinstance(node, cst.Import):
            names = [values.dotted_name(alias.name) for alias in node.names]
        elif node.relative or node.module is None:
            continue
        else:
            names = [values.dotted_name(node.module)]
        for name in names:
            if name is not None and name.split(".")[0] != "__future__":
                packages.add(name.split(".")[0])
    return tuple(visitor.found), frozenset(packages)


_PROCESSOR_PARAMETERS = ["message", "input_data", "state_data_client"]


def _processor_problem(statement: cst.BaseStatement) -> Optional[str]:
    """What is wrong with a statement of an EventProcessor class, or None."""
    if not isinstance(statement, cst.FunctionDef):
        return "an EventProcessor holds only `async def get_custom_tags_<name>(...)` methods"
    name = statement.name.value
    if not name.startswith("get_custom_tags_"):
        return f"`{name}` is not an EventProcessor method; name it `get_custom_tags_<name>`"
    if statement.asynchronous is None:
        return f"`{name}` must be `async def`"
    parameters = [p.name.value for p in statement.params.params]
    extra = isinstance(statement.params.star_arg, cst.Param) or statement.params.star_kwarg is not None
    if parameters != _PROCESSOR_PARAMETERS or extra or statement.params.kwonly_params:
        written = ", ".join(parameters)
        return f"`{name}` takes exactly `(message, input_data, state_data_client)`, not `({written})`"
    return None


def recognise_event_processor(node: cst.ClassDef, reporter: Reporter) -> EventProcessor:
    """An :class:`EventProcessor`: only ``async def get_custom_tags_*(message, input_data,
    state_data_client)`` methods."""
    methods: List[str] = []
    for statement in _class_statements(node):
        if is_docstring(statement) or is_pass(statement):
            continue
        problem = _processor_problem(statement)
        if problem is None:
            assert isinstance(statement, cst.FunctionDef)
            methods.append(statement.name.value)
        else:
            where = statement.name if isinstance(statement, cst.FunctionDef) else statement
            reporter.error(Code.PROCESSOR_METHOD, where, problem)
    return EventProcessor(values.identifier(node.name), tuple(methods), node)
