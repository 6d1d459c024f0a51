"""The public model: what :func:`fluxio_cst.parse` returns.

Plain, typed, immutable data. The original LibCST nodes stay reachable (``node``,
``run_node``) for codemods and exact text; anything that needs positions (``run_source``,
spans) is computed on first use, and so is the tree of a ``run`` body when LibCST read only
the file's skeleton (:mod:`fluxio_cst.read.skeleton`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, List, Mapping, Optional, Tuple, Union

import libcst as cst
from libcst.metadata import CodeRange

from .frozen import frozen_json, thawed
from .module_level import module_level
from .run_imports import imports_of
from .source import SourceFile
from .stdlib import is_stdlib
from .syntax import statements_of
from .values import JSON

if TYPE_CHECKING:  # pragma: no cover
    from .diagnostics import Diagnostic


@dataclass(frozen=True)
class Span:
    """A region of the file: 1-based lines, 0-based columns, end exclusive (LibCST's convention)."""

    line: int
    column: int
    end_line: int
    end_column: int


def _span(code_range: CodeRange) -> Span:
    return Span(code_range.start.line, code_range.start.column, code_range.end.line, code_range.end.column)


class _OfTheTree:
    """A model object holding nodes of the parsed tree. Immutable, so a copy is the object
    itself (as for a tuple): a deep copy would copy the nodes, and positions, found by node
    identity, would no longer be found."""

    def __copy__(self) -> Any:
        return self

    def __deepcopy__(self, memo: Dict[int, Any]) -> Any:
        return self


@dataclass(frozen=True)
class Schedule:
    """``@schedule(expression=…, input_data=…)``."""

    expression: str
    input_data: Optional[JSON] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "input_data", frozen_json(self.input_data))


@dataclass(frozen=True)
class Subscription:
    """One ``@subscribe(…)``: exactly one of ``project``/``topic_arn_import_value`` is set."""

    topic_arn_import_value: Optional[str]
    project: Optional[str]
    state_machine: str = "main"
    status: str = "success"


@dataclass(frozen=True)
class Export:
    """``@export(enabled=…)``."""

    enabled: bool = True


@dataclass(frozen=True)
class ProcessEvents:
    """``@process_events(processor=…)``: the EventProcessor class name, if any."""

    processor: Optional[str] = None


class _Dependencies(_OfTheTree):
    """``dependencies`` split for the builder: what to install, what Python already has."""

    dependencies: Tuple[str, ...]  # sorted top-level package names

    @property
    def third_party_dependencies(self) -> Tuple[str, ...]:
        """The packages to install (the standard library left out), sorted: a requirements list."""
        return tuple(name for name in self.dependencies if not is_stdlib(name))

    @property
    def stdlib_dependencies(self) -> Tuple[str, ...]:
        """The dependencies the standard library provides, sorted."""
        return tuple(name for name in self.dependencies if is_stdlib(name))


@dataclass(frozen=True)
class Task(_Dependencies):
    """A ``class X(Task)`` definition with every attribute of contract §A (defaults filled in)."""

    name: str
    service: str
    timeout: int
    cpu: int
    memory: int
    spec: str
    concurrency: int
    heartbeat_interval: Optional[int]
    autoscaling_min: int
    autoscaling_max: int
    build_spec: Optional[Mapping[str, Any]]
    dependencies: Tuple[str, ...]  # the top-level packages ``run`` imports, sorted
    # The class and its ``run`` as the compiler read them: when LibCST read a skeleton of the
    # file (fluxio_cst.read.skeleton), ``run``'s body there is ``...``; ``node`` and
    # ``run_node`` are the whole ones.
    read_node: cst.ClassDef = field(compare=False, repr=False)
    read_run_node: Optional[cst.FunctionDef] = field(compare=False, repr=False)
    source: SourceFile = field(compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "build_spec", frozen_json(self.build_spec))

    @property
    def node(self) -> cst.ClassDef:
        """The class statement, a node of :attr:`Project.module`."""
        whole = self.source.whole(self.read_node)
        assert isinstance(whole, cst.ClassDef)
        return whole

    @property
    def run_node(self) -> Optional[cst.FunctionDef]:
        """The ``run`` method, a node of :attr:`node`."""
        if self.read_run_node is None or not self.source.is_carved(self.read_node):
            return self.read_run_node
        return next(
            s
            for s in statements_of(self.node.body)
            if isinstance(s, cst.FunctionDef) and s.name.value == "run"
        )

    @property
    def import_nodes(self) -> Tuple[Union[cst.Import, cst.ImportFrom], ...]:
        """The import statements of ``run``, anywhere in its body, in source order."""
        return imports_of(self.run_node)[0] if self.run_node is not None else ()

    @property
    def run_source(self) -> Optional[str]:
        """The ``run`` method exactly as in the file, from its first decorator (or ``async``)
        through the end of its block, comment lines owned by the block and the newline included."""
        run = self.read_run_node
        if run is None:
            return None
        return self.source.text_from_to(self.read_node, _first_line_node(run), run.body)

    @property
    def imports(self) -> Tuple[str, ...]:
        """The exact text of each import statement in ``run`` (anywhere in its body)."""
        return tuple(self.source.slice_in(self.node, node) for node in self.import_nodes)

    @property
    def run_module_source(self) -> Optional[str]:
        """The ``run`` method as LibCST renders it at module level (indentation removed by the
        renderer's rules, not by text dedent, so multi-line strings keep every byte).

        Computed from the method's text when LibCST read a skeleton (:mod:`.module_level`,
        tested equal to LibCST's rendering); rendered by LibCST otherwise."""
        run = self.read_run_node
        if run is None:
            return None
        if self.source.is_carved(self.read_node):
            first = _first_line_node(run)
            indent = self.source.indentation_at(self.read_node, first)
            computed = module_level(self.source.text_from_to(self.read_node, first, run.body), indent)
            if computed is not None:
                return computed
        whole = self.run_node
        assert whole is not None
        return self.source.code_for(whole.with_changes(leading_lines=()))

    @property
    def span(self) -> Span:
        """Where the class statement is (from ``class`` to the end of its body)."""
        return _span(self.source.span_in(self.read_node, self.read_node))

    @property
    def run_span(self) -> Optional[Span]:
        """Where the ``run`` method is: from its first decorator (or ``async``) to the end of its
        body, the same start as :attr:`run_source`."""
        run = self.read_run_node
        if run is None:
            return None
        start = self.source.span_in(self.read_node, _first_line_node(run)).start
        end = self.source.span_in(self.read_node, run).end
        return Span(start.line, start.column, end.line, end.column)


def _first_line_node(run: cst.FunctionDef) -> cst.CSTNode:
    """Where ``run``'s text starts: its first decorator, or the method (``async``/``def``)."""
    return run.decorators[0] if run.decorators else run


@dataclass(frozen=True)
class EventProcessor(_OfTheTree):
    """A ``class X(EventProcessor)`` with its ``get_custom_tags_*`` methods."""

    name: str
    methods: Tuple[str, ...]
    node: cst.ClassDef = field(compare=False, repr=False)


@dataclass(frozen=True)
class TaskState:
    """One Task state of an emitted machine and the CloudFormation variables its output uses."""

    key: str
    target: str
    service: str
    variable_names: FrozenSet[str]


@dataclass(frozen=True)
class StateMachine(_OfTheTree):
    """A module-level function: its flags, decorators, and its ASL."""

    name: str
    is_first_class: bool
    is_map_iterator: bool
    schedule: Optional[Schedule]
    subscriptions: Tuple[Subscription, ...]
    export: Optional[Export]
    event_processor: Optional[ProcessEvents]
    node: cst.FunctionDef = field(compare=False, repr=False)
    task_states: Tuple[TaskState, ...] = field(compare=False, repr=False)
    definition: Mapping[str, Any] = field(compare=False, repr=False)  # the ASL, read-only

    def to_asl(self) -> Dict[str, Any]:
        """The function's own ASL (embedded iterators and branches included), a fresh dict.

        Emitted and validated when the file was parsed: this never raises, and changing the
        dict changes nothing of the model."""
        plain: Dict[str, Any] = thawed(self.definition)
        return plain


@dataclass(frozen=True)
class Project(_Dependencies):
    """A parsed project file."""

    path: str
    tasks: Mapping[str, Task]
    state_machines: Mapping[str, StateMachine]
    event_processors: Mapping[str, EventProcessor]
    dependencies: Tuple[str, ...]  # every task's, sorted
    warnings: Tuple[Diagnostic, ...]
    source: SourceFile = field(compare=False, repr=False)

    @property
    def module(self) -> cst.Module:
        """The LibCST tree of the file (read whole on first use when the compiler read only
        its skeleton); the model's nodes are its nodes."""
        return self.source.whole_module()

    def render_warnings(self) -> List[str]:
        """Each warning as a compiler prints it: headline, source line, caret."""
        lines = self.source.lines
        return [warning.render(lines) for warning in self.warnings]
