"""``fluxio-cst compile``: the ASL of the state machines as JSON.

One file prints its machines, ``{name: ASL}``, as it always has. Several paths (folders
walked like ``check`` walks them) print one JSON object keyed by each file's path, in input
order, ``{path: {name: ASL}}``, holding every file that compiled; a file that does not is
located diagnostics on stderr and missing from the object, and the status is the worst
file's, as for ``check``. Files are compiled in ``-j`` worker processes, each returning its
machines as plain dicts.
"""

from __future__ import annotations

import argparse
import json
from functools import partial
from typing import Any, Dict, Optional, Sequence, TextIO

from ..model import Project
from .commands import EXIT_OK, Usage, load, select, usage_line, writes_utf8
from .many import Checked, each_file, jobs, parsed, project_paths, several, warned
from .stdin import display

Machines = Dict[str, Any]


def compile_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    processes = jobs(args)  # -j is checked whether or not there are several files
    if several(args.files):
        return _compile_many(args, processes, out, err)
    project = load(args.files[0], err)
    _print_json(_machines(project, args.state_machine, args.all), out)
    return EXIT_OK


def compile_file(path: str, machines: Optional[Sequence[str]], every: bool) -> Checked[Machines]:
    """One file's machines (run in a worker process by ``-j``)."""
    return parsed(path, partial(_compiled, machines=machines, every=every))


def _compile_many(args: argparse.Namespace, processes: int, out: TextIO, err: TextIO) -> int:
    work = partial(compile_file, machines=args.state_machine, every=args.all)
    compiled: Dict[str, Machines] = {}
    status = EXIT_OK
    for path, result in each_file(project_paths(args.files), work, processes):
        for text in result.rendered:
            print(text, file=err)
        if result.value is not None:
            compiled[display(path)] = result.value
        status = max(status, result.status)
    _print_json(compiled, out)
    return status


def _compiled(project: Project, machines: Optional[Sequence[str]], every: bool) -> Checked[Machines]:
    try:
        return warned(project, _machines(project, machines, every))
    except Usage as exc:
        return warned(project, None, usage_line(exc))


def _machines(project: Project, machines: Optional[Sequence[str]], every: bool) -> Machines:
    return {name: project.state_machines[name].to_asl() for name in select(project, machines, every)}


def _print_json(document: Dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(document, indent=2, ensure_ascii=not writes_utf8(out)) + "\n")
