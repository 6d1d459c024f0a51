"""``fluxio-cst check``: every problem of every file given, folders walked for project files.

One line per problem, position first; a path that cannot be read is a located diagnostic too
(FX006), and the run goes on with the other paths. ``-j N`` parses the files in N worker
processes (default: one per core); the output is the serial run's, in input order.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from typing import List, Optional, Sequence, Set, TextIO, Tuple

from ..codes import Code
from ..diagnostics import Diagnostic, FluxioError, Severity
from ..pipeline import parse_file
from ..read.files import shown
from .commands import EXIT_INVALID, EXIT_OK, EXIT_USAGE, reason
from .parallel import in_order, jobs_option

# Files ``check`` finds in a folder (``project.sfn``: Fluxio's production name), and folders it
# does not enter (besides hidden ones), as ruff skips them.
_PROJECT_NAMES = frozenset({"project.py", "project.sfn"})
_SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})


@dataclass(frozen=True)
class Checked:
    """What checking one file found: plain data, so that a worker process can return it."""

    diagnostics: Tuple[Diagnostic, ...]
    rendered: Tuple[str, ...]
    status: int


def check_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    jobs = jobs_option(args.jobs) if args.jobs is not None else os.cpu_count() or 1
    paths = _checked_paths(args.files)
    checked = iter(in_order(check_file, [path for path, problem in paths if problem is None], jobs, _lost))
    found: List[Diagnostic] = []
    rendered: List[str] = []
    status = EXIT_OK
    for path, problem in paths:
        result = _unreadable(path, problem) if problem is not None else next(checked)
        found.extend(result.diagnostics)
        rendered.extend(result.rendered)
        status = max(status, result.status)
    if args.format == "json":
        out.write(json.dumps([d.as_json() for d in found], indent=2) + "\n")
    else:
        for text in rendered:
            print(text, file=out)
        errors = sum(d.severity.value == "error" for d in found)
        print(f"{errors} error(s), {len(found) - errors} warning(s) in {len(paths)} file(s)", file=out)
    return status


def check_file(path: str) -> Checked:
    """Every problem of one file (run in a worker process by ``-j``)."""
    try:
        project = parse_file(path)  # emits every machine: what `compile` would find too
    except FluxioError as exc:
        return Checked(tuple(exc.diagnostics), (exc.render(),), EXIT_INVALID)
    except OSError as exc:
        return _unreadable(path, exc)
    return Checked(tuple(project.warnings), tuple(project.render_warnings()), EXIT_OK)


def _unreadable(path: str, exc: OSError) -> Checked:
    """A path ``check`` cannot read, as a diagnostic located at the path itself."""
    return _located(path, Code.UNREADABLE, f"cannot read: {reason(exc)}", EXIT_USAGE)


def _lost(path: str) -> Checked:
    """The file whose worker process died: our bug, said as such."""
    message = (
        "internal error: the process checking this file stopped unexpectedly. "
        "This is a bug in fluxio_cst: please report it with this file."
    )
    return _located(path, Code.INTERNAL, message, EXIT_INVALID)


def _located(path: str, code: Code, message: str, status: int) -> Checked:
    diagnostic = Diagnostic(code.value, Severity.ERROR, message, shown(path), 1, 0, 1, 0)
    return Checked((diagnostic,), (diagnostic.render(),), status)


def _checked_paths(arguments: Sequence[str]) -> List[Tuple[str, Optional[OSError]]]:
    """The files to check, in a deterministic order: each file given, and the project files of
    each folder given (sorted, walked top-down); a folder that cannot be listed is reported."""
    paths: List[Tuple[str, Optional[OSError]]] = []
    seen: Set[str] = set()

    def add(path: str, problem: Optional[OSError] = None) -> None:
        if os.path.normpath(path) not in seen:
            seen.add(os.path.normpath(path))
            paths.append((path, problem))

    def unlistable(exc: OSError) -> None:
        add(exc.filename, exc)

    for argument in arguments:
        if not os.path.isdir(argument):
            add(argument)
            continue
        for folder, folders, files in os.walk(argument, onerror=unlistable):
            folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS)
            for name in sorted(files):
                if name in _PROJECT_NAMES:
                    add(os.path.join(folder, name))
    return paths
