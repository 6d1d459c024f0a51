"""The public entry points: :func:`parse`, :func:`parse_file` and :func:`parse_module`.

The pipeline runs one way, a stage a package::

    bytes ─► read (text + LibCST module) ─► recognise (definitions, state graphs)
          ─► emit (ASL, validated) ─► model (Project)

Every diagnostic comes out of these functions: a :class:`~fluxio_cst.model.Project` they return
is complete, and nothing on it raises later. Nothing in the file is executed or imported.
"""

from __future__ import annotations

import os
import types
from dataclasses import dataclass, field
from typing import Callable, Dict, Mapping, Optional, Tuple, TypeVar, Union

import libcst as cst

from .codes import Code
from .diagnostics import FluxioError
from .emit import Program
from .frozen import frozen_json
from .graph import Function, KeySource
from .model import Project, StateMachine
from .read import Reading, read, read_tree
from .read.files import read_regular_file, shown
from .recognise.decorators import Decorations
from .recognise.module import Recognised, recognise_module
from .report import Fix, Reporter, single

T = TypeVar("T")
# Per machine: each state's name, its key before numbering, and the key source it was named from.
Names = Mapping[str, Tuple[Tuple[str, str, KeySource], ...]]


def parse(source: Union[str, bytes], path: Optional[str] = None) -> Project:
    """Parse a project file's text (or bytes, decoded as Python does) into a :class:`Project`.

    Raises :class:`FluxioError` with every diagnostic of the file when it cannot compile.
    """
    if not isinstance(source, (str, bytes)):
        raise TypeError(f"parse() takes the file's text (str) or bytes, not {type(source).__name__}")
    display = _display(path, "parse()")
    return _compiled(lambda: read(source, display), display)


def parse_module(module: cst.Module, path: Optional[str] = None) -> Project:
    """Recognise a LibCST module the caller already parsed (a codemod's own tree).

    The model's nodes (:attr:`Task.node`, :attr:`StateMachine.node`, …) are nodes of that
    tree, so a transformer can match and replace them; the file's text is the module's
    rendering (``module.code``). Raises :class:`FluxioError` like :func:`parse`.
    """
    if not isinstance(module, cst.Module):
        raise TypeError(f"parse_module() takes a libcst.Module, not {type(module).__name__}")
    display = _display(path, "parse_module()")
    return _compiled(lambda: read_tree(module, display), display)


def parse_file(path: Union[str, os.PathLike[str]]) -> Project:
    """Read and parse a project file. I/O problems raise :class:`OSError` as usual; a path that
    is not a regular file (a FIFO, a device, a directory) raises
    :class:`~fluxio_cst.read.files.NotARegularFile`, an ``OSError``."""
    if not isinstance(path, (str, os.PathLike)) or isinstance(path, bytes):
        raise TypeError(f"parse_file() takes a path (str or os.PathLike), not {type(path).__name__}")
    name = os.fspath(path)
    if not isinstance(name, str):
        raise TypeError(f"parse_file() takes a str path, not {type(name).__name__}")
    return parse(read_regular_file(name), name)


def _display(path: Optional[str], caller: str) -> str:
    if path is not None and not isinstance(path, str):
        raise TypeError(f"{caller} takes path as a str (or None), not {type(path).__name__}")
    return shown(path) if path is not None else "<string>"


@dataclass(frozen=True)
class Compilation:
    """A caller's tree compiled for a codemod: the project, or the error of a file that does not
    compile; the fixes of its problems; each machine's state names with their key sources, and
    each function's state graph (the migration report reads the old parser's output off them)."""

    project: Optional[Project]
    error: Optional[FluxioError]
    fixes: Tuple[Fix, ...]
    names: Names
    graphs: Mapping[str, Function] = field(default_factory=dict)


def compile_tree(module: cst.Module, path: str, from_its_text: bool = False) -> Compilation:
    """Compile a codemod's own tree without raising on its problems (a file that cannot be read
    at all, a syntax error, still raises :class:`FluxioError`): a codemod fixes some of them,
    and renames states knowing their names. ``from_its_text``: see :func:`read_tree`."""
    reading = _guarded(lambda: read_tree(module, path, from_its_text), path)
    reporter = Reporter(reading.source, reading.warnings)
    try:
        project, names, graphs = _guarded(lambda: _compile(reading, reporter), path)
    except FluxioError as exc:
        return Compilation(None, exc, reporter.fixes, {})
    return Compilation(project, None, reporter.fixes, names, graphs)


def _compiled(reader: Callable[[], Reading], path: str) -> Project:
    """Read, recognise and emit; a file deeper than Python's stack anywhere is one FX004."""
    return _guarded(lambda: _compile(reader())[0], path)


def _guarded(work: Callable[[], T], path: str) -> T:
    """``work()``; a file deeper than Python's stack anywhere is one FX004."""
    try:
        return work()
    except RecursionError:
        raise single(
            Code.TOO_DEEP, "the file nests too deeply to be compiled; flatten it", path, 1, 0
        ) from None


def _compile(
    reading: Reading, reporter: Optional[Reporter] = None
) -> Tuple[Project, Names, Mapping[str, Function]]:
    """The project, each machine's state names with their key sources, the state graphs."""
    reporter = reporter or Reporter(reading.source, reading.warnings)
    recognised = recognise_module(reading.module, reading.source, reporter)
    machines, names = _emit(recognised, reading, reporter) if not reporter.has_errors else ({}, {})
    warnings = reporter.finish()
    tasks = recognised.definitions.tasks
    project = Project(
        path=reading.source.path,
        tasks=tasks,
        state_machines=types.MappingProxyType(machines),
        event_processors=recognised.definitions.processors,
        dependencies=tuple(sorted(set().union(*(t.dependencies for t in tasks.values())))),
        warnings=warnings,
        source=reading.source,
    )
    return project, names, recognised.graphs


def _emit(
    recognised: Recognised, reading: Reading, reporter: Reporter
) -> Tuple[Dict[str, StateMachine], Names]:
    """Every state machine emitted and validated now, so that ``to_asl`` cannot fail later."""
    iterators = frozenset(callee for _, how, callee, _ in recognised.uses if how == "map")
    branches = frozenset(callee for _, how, callee, _ in recognised.uses if how in ("map", "parallel"))
    program = Program(reading.source, recognised.graphs, iterators)
    machines = {}
    for name, function in recognised.definitions.functions.items():
        asl, task_states = program.emit(name, reporter)
        found = recognised.decorations[name]
        machines[name] = StateMachine(
            name=name,
            is_first_class=name not in branches or _exported(found),  # fix D12
            is_map_iterator=name in iterators,
            schedule=found.schedule,
            subscriptions=tuple(found.subscriptions),
            export=found.export,
            event_processor=found.process_events,
            node=function,
            task_states=task_states,
            definition=frozen_json(asl),
        )
    return machines, types.MappingProxyType(program.names)


def _exported(found: Decorations) -> bool:
    """Deployed on its own although it is an iterator or branch: scheduled, subscribed or
    exported (and not exported with ``enabled=False``)."""
    exported = found.export is not None or found.schedule is not None or bool(found.subscriptions)
    return exported and not (found.export is not None and not found.export.enabled)
