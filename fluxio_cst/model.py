"""The public model: what :func:`fluxio_cst.parse` returns.

Plain, typed, immutable data. The original LibCST nodes stay reachable (``node``,
``run_node``) for codemods and exact text; anything that needs positions (``run_source``,
spans) is computed on first use, because positions cost a render of the whole module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, List, Mapping, Optional, Tuple, Union

import libcst as cst
from libcst.metadata import CodeRange

from .source import SourceFile
from .stdlib import is_stdlib
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


def _read_only(method: str) -> Any:
    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise TypeError(f"{type(self).__name__} is read-only: the model of a parsed file does not change")

    refuse.__name__ = method
    return refuse


class ReadOnlyDict(Dict[str, Any]):
    """A ``dict`` that cannot change: a literal of the file (``build_spec``, ``input_data``).

    A ``dict`` subclass rather than ``types.MappingProxyType`` so that ``json.dumps`` writes it
    and it equals the dict it was read as; copies (``copy``, ``dataclasses.asdict``, pickling)
    are read-only too.
    """

    __setitem__ = _read_only("__setitem__")
    __delitem__ = _read_only("__delitem__")
    __ior__ = _read_only("__ior__")
    clear = _read_only("clear")
    pop = _read_only("pop")
    popitem = _read_only("popitem")
    setdefault = _read_only("setdefault")
    update = _read_only("update")

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (dict(self),))


class ReadOnlyList(List[Any]):
    """A ``list`` that cannot change (JSON writes it as a list; it equals the list it was)."""

    __setitem__ = _read_only("__setitem__")
    __delitem__ = _read_only("__delitem__")
    __iadd__ = _read_only("__iadd__")
    __imul__ = _read_only("__imul__")
    append = _read_only("append")
    clear = _read_only("clear")
    extend = _read_only("extend")
    insert = _read_only("insert")
    pop = _read_only("pop")
    remove = _read_only("remove")
    reverse = _read_only("reverse")
    sort = _read_only("sort")

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (list(self),))


def _thawed(value: Any) -> Any:
    """A plain copy of a :func:`frozen_json` value."""
    if isinstance(value, dict):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_thawed(item) for item in value]
    return value


def frozen_json(value: Any) -> Any:
    """A JSON literal with every dict and list made read-only, recursively."""
    if isinstance(value, dict):
        return ReadOnlyDict((key, frozen_json(item)) for key, item in value.items())
    if isinstance(value, list):
        return ReadOnlyList(frozen_json(item) for item in value)
    return value


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
    import_nodes: Tuple[Union[cst.Import, cst.ImportFrom], ...] = field(compare=False, repr=False)
    node: cst.ClassDef = field(compare=False, repr=False)
    run_node: Optional[cst.FunctionDef] = field(compare=False, repr=False)
    source: SourceFile = field(compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "build_spec", frozen_json(self.build_spec))

    @property
    def run_source(self) -> Optional[str]:
        """The ``run`` method exactly as in the file, from its first decorator (or ``async``)
        through the end of its block, comment lines owned by the block and the newline included."""
        if self.run_node is None:
            return None
        first = self.run_node.decorators[0] if self.run_node.decorators else self.run_node
        return self.source.text_from_to(self.node, first, self.run_node.body)

    @property
    def imports(self) -> Tuple[str, ...]:
        """The exact text of each import statement in ``run`` (anywhere in its body)."""
        return tuple(self.source.slice_in(self.node, node) for node in self.import_nodes)

    @property
    def run_module_source(self) -> Optional[str]:
        """The ``run`` method re-rendered at module level by LibCST (indentation removed by the
        renderer, not by text dedent, so multi-line strings keep every byte)."""
        if self.run_node is None:
            return None
        return self.source.code_for(self.run_node.with_changes(leading_lines=()))

    @property
    def span(self) -> Span:
        """Where the class statement is (from ``class`` to the end of its body)."""
        return _span(self.source.span_in(self.node, self.node))

    @property
    def run_span(self) -> Optional[Span]:
        """Where the ``run`` method is: from its first decorator (or ``async``) to the end of its
        body, the same start as :attr:`run_source`."""
        if self.run_node is None:
            return None
        first = self.run_node.decorators[0] if self.run_node.decorators else self.run_node
        start = self.source.span_in(self.node, first).start
        end = self.source.span_in(self.node, self.run_node).end
        return Span(start.line, start.column, end.line, end.column)


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
        thawed: Dict[str, Any] = _thawed(self.definition)
        return thawed


@dataclass(frozen=True)
class Project(_Dependencies):
    """A parsed project file."""

    path: str
    tasks: Mapping[str, Task]
    state_machines: Mapping[str, StateMachine]
    event_processors: Mapping[str, EventProcessor]
    dependencies: Tuple[str, ...]  # every task's, sorted
    warnings: Tuple[Diagnostic, ...]
    module: cst.Module = field(compare=False, repr=False)
    source: SourceFile = field(compare=False, repr=False)

    def render_warnings(self) -> List[str]:
        """Each warning as a compiler prints it: headline, source line, caret."""
        lines = self.source.lines
        return [warning.render(lines) for warning in self.warnings]
