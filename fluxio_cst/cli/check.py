"""``fluxio-cst check``: every problem of every file given, folders walked for project files.

One line per problem, position first; a path that cannot be read is a located diagnostic too
(FX006), and the run goes on with the other paths. ``-j N`` parses the files in N worker
processes (default: one per core); the output is the serial run's, in input order.
"""

from __future__ import annotations

import argparse
import json
from typing import List, TextIO

from ..diagnostics import Diagnostic
from ..model import Project
from .commands import EXIT_OK
from .many import Checked, each_file, jobs, parsed, project_paths, warned


def check_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    found: List[Diagnostic] = []
    rendered: List[str] = []
    status = EXIT_OK
    results = each_file(project_paths(args.files), check_file, jobs(args))
    for _, result in results:
        found.extend(result.diagnostics)
        rendered.extend(result.rendered)
        status = max(status, result.status)
    if args.format == "json":
        out.write(json.dumps([d.as_json() for d in found], indent=2) + "\n")
    else:
        for text in rendered:
            print(text, file=out)
        errors = sum(d.severity.value == "error" for d in found)
        print(f"{errors} error(s), {len(found) - errors} warning(s) in {len(results)} file(s)", file=out)
    return status


def check_file(path: str) -> Checked[None]:
    """Every problem of one file (run in a worker process by ``-j``); parsing emits every
    machine, so this finds what ``compile`` would find too."""
    return parsed(path, _warnings)


def _warnings(project: Project) -> Checked[None]:
    return warned(project, None)
