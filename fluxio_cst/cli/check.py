"""``fluxio-cst check``: every problem of every file given, folders walked for project files.

One line per problem, position first; a path that cannot be read is a located diagnostic too
(FX006), and the run goes on with the other paths. ``-j N`` parses the files in N worker
processes (default: one per core); the output is the serial run's, in input order.
``--select``, ``--ignore`` and ``--strict`` choose what is reported and what fails the run
(:mod:`.rules`), ``--format`` how (:mod:`.problems`). ``--fix`` and ``--diff`` apply the
problems' mechanical fixes (:mod:`.fixing`, imported only then: a plain check does not load
the codemods).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from ..model import Project
from .many import Checked, each_file, jobs, parsed, project_paths, warned
from .problems import report_problems
from .rules import rules_of


def check_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    paths = project_paths(args.files)
    rules = rules_of(args, [path for path, _ in paths])
    if args.fix or args.diff:
        from .fixing import fix_command

        return fix_command(args, out, err, rules)
    results = each_file(paths, check_file, jobs(args))
    return report_problems(results, args.format, out, rules, args.quiet)


def check_file(path: str) -> Checked[None]:
    """Every problem of one file (run in a worker process by ``-j``); parsing emits every
    machine, so this finds what ``compile`` would find too."""
    return parsed(path, _warnings)


def _warnings(project: Project) -> Checked[None]:
    return warned(project, None)
