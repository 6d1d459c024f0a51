"""``fluxio-cst check``: every problem of every file given, folders walked for project files.

One line per problem, position first; a path that cannot be read is a located diagnostic too
(FX006), and the run goes on with the other paths.
"""

from __future__ import annotations

import argparse
import json
import os
from typing import List, Optional, Sequence, Set, TextIO, Tuple

from ..codes import Code
from ..diagnostics import Diagnostic, FluxioError, Severity
from ..pipeline import parse_file
from ..read.files import shown
from .commands import EXIT_INVALID, EXIT_OK, EXIT_USAGE, reason

# Files ``check`` finds in a folder (``project.sfn``: Fluxio's production name), and folders it
# does not enter (besides hidden ones), as ruff skips them.
_PROJECT_NAMES = frozenset({"project.py", "project.sfn"})
_SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})


def check_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    found: List[Diagnostic] = []
    rendered: List[str] = []
    status = EXIT_OK
    paths = _checked_paths(args.files)
    for path, problem in paths:
        try:
            if problem is not None:
                raise problem
            project = parse_file(path)  # emits every machine: what `compile` would find too
            found.extend(project.warnings)
            rendered.extend(project.render_warnings())
        except FluxioError as exc:
            found.extend(exc.diagnostics)
            rendered.append(exc.render())
            status = max(status, EXIT_INVALID)
        except OSError as exc:
            unreadable = _unreadable(path, exc)
            found.append(unreadable)
            rendered.append(unreadable.render())
            status = EXIT_USAGE
    if args.format == "json":
        out.write(json.dumps([d.as_json() for d in found], indent=2) + "\n")
    else:
        for text in rendered:
            print(text, file=out)
        errors = sum(d.severity.value == "error" for d in found)
        print(f"{errors} error(s), {len(found) - errors} warning(s) in {len(paths)} file(s)", file=out)
    return status


def _unreadable(path: str, exc: OSError) -> Diagnostic:
    """A path ``check`` cannot read, as a diagnostic located at the path itself."""
    return Diagnostic(
        Code.UNREADABLE.value, Severity.ERROR, f"cannot read: {reason(exc)}", shown(path), 1, 0, 1, 0
    )


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
