"""What ``check``, ``compile`` and ``extract`` share when they are given many paths.

The same folders are walked the same way for every command (sorted, top-down, project files
only), and each file is one job whose result is plain picklable data: its diagnostics, the
lines to print for it, its exit status, and what the command makes of it (the ASL, the modules
to write), so that a worker process can return it. A path that cannot be read and a worker
that died are results of the same shape, located at the path, so every command reports them
the same way, in input order, and goes on with the other files.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
from dataclasses import dataclass
from typing import Callable, Generic, Iterator, List, Optional, Sequence, Set, Tuple, TypeVar

from ..codes import Code
from ..diagnostics import Diagnostic, FluxioError, Severity
from ..model import Project
from ..pipeline import parse
from .commands import EXIT_INVALID, EXIT_OK, EXIT_USAGE, reason
from .config import Configs
from .parallel import Progress, in_order, jobs_option
from .stdin import STDIN, display, read_input

T = TypeVar("T")
Paths = List[Tuple[str, Optional[OSError]]]  # each path to read, and why it cannot be read

# Folders that are not entered (besides hidden ones), as ruff skips them.
_SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})


@dataclass(frozen=True)
class Checked(Generic[T]):
    """What one file gave: plain data, so that a worker process can return it. ``value`` is
    what the command makes of a file it could compile (``None`` otherwise). ``rendered`` holds
    each diagnostic's text, in order, then any other lines for the file."""

    diagnostics: Tuple[Diagnostic, ...]
    rendered: Tuple[str, ...]
    status: int
    value: Optional[T] = None


def several(arguments: Sequence[str]) -> bool:
    """Whether ``compile``/``extract`` run over many files: more than one path, or a folder
    (walked as ``check`` walks it). One file is the one-project command it always was."""
    return len(arguments) > 1 or any(os.path.isdir(argument) for argument in arguments)


def jobs(args: argparse.Namespace) -> int:
    """``-j N``, by default one process per core."""
    return jobs_option(args.jobs) if args.jobs is not None else os.cpu_count() or 1


def each_file(
    paths: Paths, work: Callable[[str], Checked[T]], processes: int, progress: Progress = None
) -> List[Tuple[str, Checked[T]]]:
    """``work`` on every readable path of :func:`project_paths`, in up to ``processes``
    processes; (path, result) in input order, unreadable paths included. ``progress`` is told
    how many of the readable paths are done, after each one. Standard input (``-``) is read
    and worked on in this process: a worker process has none."""
    readable = [path for path, problem in paths if problem is None and path != STDIN]
    done: Iterator[Checked[T]] = iter(in_order(work, readable, processes, _lost, progress))
    return [(path, _result(path, problem, work, done)) for path, problem in paths]


def _result(
    path: str, problem: Optional[OSError], work: Callable[[str], Checked[T]], done: Iterator[Checked[T]]
) -> Checked[T]:
    """A path's result: the workers' next, standard input's (read here), or why it is unreadable."""
    if problem is not None:
        return unreadable(path, problem)
    return work(path) if path == STDIN else next(done)


def parsed(path: str, then: Callable[[Project], Checked[T]], source: Optional[bytes] = None) -> Checked[T]:
    """``then`` of the file's project (of ``source`` when given: the file as it would be
    written); an invalid file is its diagnostics, status 1."""
    try:
        return then(parse(read_input(path) if source is None else source, display(path)))
    except FluxioError as exc:
        return Checked(tuple(exc.diagnostics), rendered_each(exc), EXIT_INVALID)
    except OSError as exc:
        return unreadable(path, exc)


def rendered_each(exc: FluxioError) -> Tuple[str, ...]:
    """Each diagnostic as :meth:`FluxioError.render` renders it (headline, source line, caret),
    one text per diagnostic: that rendering is the texts joined by line breaks, each starting
    with its diagnostic's headline."""
    text = exc.render()
    starts: List[int] = []
    for diagnostic in exc.diagnostics:
        starts.append(text.index(diagnostic.headline(), starts[-1] + 1 if starts else 0))
    return tuple(text[start : end - 1] for start, end in zip(starts, [*starts[1:], len(text) + 1]))


def warned(project: Project, value: Optional[T], *lines: str) -> Checked[T]:
    """A project that compiled: its warnings, then ``lines``."""
    status = EXIT_USAGE if lines else EXIT_OK
    return Checked(tuple(project.warnings), (*project.render_warnings(), *lines), status, value)


def unreadable(path: str, exc: OSError) -> Checked[T]:
    """A path that cannot be read, as a diagnostic located at the path itself (FX006)."""
    return located(path, Code.UNREADABLE, f"cannot read: {reason(exc)}", EXIT_USAGE)


def _lost(path: str) -> Checked[T]:
    """The file whose worker process died: our bug, said as such."""
    message = (
        "internal error: the process checking this file stopped unexpectedly. "
        "This is a bug in fluxio_cst: please report it with this file."
    )
    return located(path, Code.INTERNAL, message, EXIT_INVALID)


def located(path: str, code: Code, message: str, status: int) -> Checked[T]:
    diagnostic = Diagnostic(code.value, Severity.ERROR, message, display(path), 1, 0, 1, 0)
    return Checked((diagnostic,), (diagnostic.render(),), status)


def project_paths(arguments: Sequence[str]) -> Paths:
    """The files to read, in a deterministic order: each file given, and the project files of
    each folder given (sorted, walked top-down; those its ``include`` setting names), each
    once; a folder that cannot be listed is there with its error."""
    paths: Paths = []
    seen: Set[str] = set()

    def add(path: str, problem: Optional[OSError] = None) -> None:
        if os.path.normpath(path) not in seen:
            seen.add(os.path.normpath(path))
            paths.append((path, problem))

    def unlistable(exc: OSError) -> None:
        add(exc.filename, exc)

    configs = Configs()
    for argument in arguments:
        if not os.path.isdir(argument):
            add(argument)
            continue
        patterns = configs.include(argument)
        for folder, folders, files in os.walk(argument, onerror=unlistable):
            folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS)
            for name in sorted(files):
                if _included(os.path.join(folder, name), argument, patterns):
                    add(os.path.join(folder, name))
    return paths


def _included(path: str, walked: str, patterns: Sequence[str]) -> bool:
    """Whether a file of a walked folder matches an ``include`` pattern, by its name or by
    its path below the folder (with ``/``)."""
    below = os.path.relpath(path, walked).replace(os.sep, "/")
    name = os.path.basename(path)
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(below, p) for p in patterns)
