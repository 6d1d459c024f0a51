"""``fluxio-cst codemod NAME [ARGS] [-j N] [--diff] PATH…``: one codemod over many files.

Shaped like LibCST's own runner (``parallel_exec_transform_with_prettyprint``): the paths are
walked as ``check`` walks them, each file is one job of ``-j`` worker processes (all cores by
default), a progress line is kept on standard error when it is a terminal, and a summary ends
the run: ``N changed, M unchanged, K failed``, each failure's diagnostics first, one line per
problem. Unlike LibCST's runner, workers only compute: this process writes each changed file
atomically, in input order, and never runs a formatter. ``--diff`` prints unified diffs on
standard output and writes nothing. Exit status 1 when any file failed, 2 for usage and I/O.

The subcommands are built from :data:`~fluxio_cst.codemods.COMMANDS` (each class's
``DESCRIPTION`` and ``add_args``), so this module is imported only when the command line starts
with ``codemod``: importing the codemods costs other commands half a second.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
from typing import Dict, Iterator, List, TextIO, Tuple

from .commands import EXIT_OK, Usage
from .many import Checked, each_file, jobs, project_paths
from .parallel import Progress
from .rewrite import Rewrite, apply, changes, rewritten

_OWN = frozenset({"command", "run", "codemod", "jobs", "diff", "files"})  # dests that are not the codemod's
_ERASE = "\r\033[2K"


def add_codemod_parsers(parser: argparse.ArgumentParser, jobs_help: str) -> None:
    """One subcommand of ``codemod`` per registered command, with the command's own arguments."""
    from ..codemods import COMMANDS

    commands = parser.add_subparsers(dest="codemod", required=True, metavar="NAME", help="the codemod to run")
    for name, command in sorted(COMMANDS.items()):
        sub = commands.add_parser(name, help=command.DESCRIPTION, description=command.DESCRIPTION)
        command.add_args(sub)
        sub.add_argument("-j", "--jobs", metavar="N", help=jobs_help)
        sub.add_argument("--diff", action="store_true", help="print a unified diff instead of writing")
        sub.add_argument(
            "files", nargs="+", metavar="PATH", help="files, and folders walked for their project files"
        )


def codemod_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    processes = jobs(args)
    arguments = {key: value for key, value in vars(args).items() if key not in _OWN}
    _refuse_bad_arguments(args.codemod, arguments)
    work = functools.partial(rewritten, command=args.codemod, args=arguments, diff=args.diff)
    paths = project_paths(args.files)
    with progress_line(err, sum(problem is None for _, problem in paths)) as progress:
        results = each_file(paths, work, processes, progress)
    status = apply(results, args.diff, out, err)
    for _, result in results:
        for line in result.rendered:
            print(line, file=err)
    print(summary(results, args.diff), file=err)
    return max([status, *(result.status for _, result in results)])


def _refuse_bad_arguments(name: str, arguments: Dict[str, object]) -> None:
    """A command refuses its arguments when it is made (``rename-task`` of a name that is not
    an identifier): made once here, that is one usage error rather than a failure per file."""
    from libcst.codemod import CodemodContext

    from ..codemods import COMMANDS

    try:
        COMMANDS[name](CodemodContext(), **arguments)
    except ValueError as exc:
        raise Usage(str(exc)) from None


def summary(results: List[Tuple[str, Checked[Rewrite]]], diff: bool) -> str:
    changed = len(changes(results))
    failed = sum(result.status != EXIT_OK for _, result in results)
    unchanged = len(results) - changed - failed
    return f"{changed} {'would change' if diff else 'changed'}, {unchanged} unchanged, {failed} failed"


@contextlib.contextmanager
def progress_line(err: TextIO, total: int) -> Iterator[Progress]:
    """LibCST's progress line (``3/10 files``, rewritten in place) when ``err`` is a terminal,
    erased at the end; nothing otherwise (a log or a pipe gets the summary only)."""
    isatty = getattr(err, "isatty", None)
    if total < 1 or not (isatty is not None and isatty()):
        yield None
        return

    def show(finished: int) -> None:
        err.write(f"{_ERASE}{finished}/{total} files ({100 * finished // total}%)")
        err.flush()

    show(0)
    try:
        yield show
    finally:
        err.write(_ERASE)
        err.flush()
